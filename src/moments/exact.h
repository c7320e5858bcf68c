/* exact.h - exact cross-products of a block of small integers (exact.c). */
#ifndef WOLD_EXACT_H
#define WOLD_EXACT_H

#include <stddef.h>
#include <stdint.h>

/*
 * A block of rows whose every cell is an integer within WOLD__EXACT_SPAN
 * of its column's cell in the first row (Likert items, counts, codes) has
 * cross-products that fit in 32-bit integers: shifted by the first row, a
 * cell is -1023 .. 1023, a product at most 1023^2 in size, and a block of
 * at most WOLD__EXACT_ROWS rows sums to less than 2^31.  Integer sums do
 * not depend on their order, so every kernel below (AVX-512 VNNI,
 * AVX-512BW, AVX2, plain C) gives the same numbers, whatever the CPU.
 */
#define WOLD__EXACT_SPAN 1023
#define WOLD__EXACT_ROWS 1024
#define WOLD__EXACT_LIMIT 1073741824.0 /* 2^30: the first row's range */

/* Words (int32) per packed pair of rows for p columns: p rounded up to
 * 16, so a kernel reads whole vectors. */
size_t wold__exact_ld(size_t p);
/* The scratch of wold__exact_block for p columns, in bytes. */
size_t wold__exact_bytes(size_t p);

/*
 * A kernel.  pack turns k <= WOLD__EXACT_ROWS rows x (k x p row-major
 * doubles) less the shift c (ld words, 0 past p) into pairs of rows:
 * word j of pair m holds a = x[2m][j] - c[j] in its low and
 * x[2m+1][j] - c[j] in its high 16 bits (two's complement; 0 for an odd
 * last row and for the words from p to ld).  stats gets three rows of ld
 * words: the sums of a, their minima and their maxima (of 0 and the
 * cells).  It returns 0 when a cell is not an integer within
 * WOLD__EXACT_SPAN of c (NaN and infinities included): the outputs are
 * then garbage.  cross gives q[i * ld + j] = sum_r a_ri a_rj for
 * i <= j < p from the pairs (other entries of its ld x ld are scratch).
 */
typedef struct wold__exact_kernel {
    const char *name;
    int (*pack)(size_t p, const double *x, size_t k, const int32_t *c,
                int32_t *pairs, int32_t *stats);
    void (*cross)(size_t p, const int32_t *pairs, size_t n_pairs,
                  int32_t *q);
} wold__exact_kernel;

/* The fastest kernel this CPU runs. */
const wold__exact_kernel *wold__exact_best(void);
/* Every kernel this CPU runs, the plain one first (for the tests):
 * their number, at most 4. */
size_t wold__exact_all(const wold__exact_kernel **out);

/*
 * The first pass over a block of k unweighted rows, when they allow it:
 * the column sums bsum, minima lo and maxima hi (p each) and the centred
 * cross-products m2 (p x p, upper triangle), m2_ij = (k Q_ij - S_i S_j)/k
 * with S and Q the shifted sums: an exact integer numerator, so m2 is the
 * exact value rounded once, and bsum, lo and hi are exact.  Returns 0,
 * having written nothing, when a cell is not an integer within
 * WOLD__EXACT_SPAN of the first row's, or a first-row cell is not within
 * +-WOLD__EXACT_LIMIT, or k is 0 or more than WOLD__EXACT_ROWS.  scratch
 * holds wold__exact_bytes(p).
 */
int wold__exact_block(const wold__exact_kernel *kern, size_t p,
                      const double *x, size_t k, void *scratch, double *bsum,
                      double *lo, double *hi, double *m2);

#endif
