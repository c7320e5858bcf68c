/* exact.h - exact cross-products of a block of small integers (exact.c). */
#ifndef WOLD_EXACT_H
#define WOLD_EXACT_H

#include <stddef.h>
#include <stdint.h>

/*
 * A block whose every column holds integers within WOLD__EXACT_SPAN of
 * its minimum (Likert items, counts, codes) has cross-products that fit
 * in 32-bit integers: shifted by the minimum, a cell is 0 .. 1023, a
 * product at most 1023^2, and a block of at most WOLD__EXACT_ROWS rows
 * sums to less than 2^31.  Integer sums do not depend on their order, so
 * every kernel below (AVX-512 VNNI, AVX-512BW, AVX2, plain C) gives the
 * same numbers, whatever the CPU.
 */
#define WOLD__EXACT_SPAN 1023
#define WOLD__EXACT_ROWS 1024

/* Words (int32) per packed pair of rows for p columns: p rounded up to
 * 16, so a kernel reads whole vectors. */
size_t wold__exact_ld(size_t p);
/* The packed block's size in bytes for p columns: both buffers below. */
size_t wold__exact_bytes(size_t p);

/*
 * A kernel: pack turns k <= WOLD__EXACT_ROWS rows x (k x p row-major
 * doubles) into pairs of rows, word j of pair m being
 * (x[2m][j] - lo[j]) | (x[2m+1][j] - lo[j]) << 16 (the second half 0 for
 * an odd last row, the words from p to ld 0); it returns 0 when a cell is
 * not an integer.  The caller has checked that lo[j] <= x[r][j] <=
 * lo[j] + WOLD__EXACT_SPAN.  cross then gives q[i * ld + j] =
 * sum_r a_ri a_rj for i <= j < p (other entries are scratch).
 */
typedef struct wold__exact_kernel {
    const char *name;
    int (*pack)(size_t p, const double *x, size_t k, const int32_t *lo,
                int32_t *pairs);
    void (*cross)(size_t p, const int32_t *pairs, size_t n_pairs,
                  int32_t *q);
} wold__exact_kernel;

/* The fastest kernel this CPU runs. */
const wold__exact_kernel *wold__exact_best(void);
/* Every kernel this CPU runs, the plain one first (for the tests):
 * their number, at most 4. */
size_t wold__exact_all(const wold__exact_kernel **out);

/*
 * The block's centred cross-products m2 (p x p, upper triangle) from
 * the packed block: k rows with column sums bsum (doubles, exact: they
 * are sums of integers) and minima lo.  m2_ij = (k Q_ij - S_i S_j) / k
 * with S = bsum - k lo: the numerator is an exact integer, so m2 is the
 * exact centred product rounded once.  0 (nothing written) when a cell
 * is not an integer; pairs and q are scratch of wold__exact_bytes(p).
 */
int wold__exact_m2(const wold__exact_kernel *kern, size_t p, const double *x,
                   size_t k, const double *bsum, const double *lo,
                   void *scratch, double *m2);

/* 1 when the block's range allows the exact path: every lo[j] and hi[j]
 * within +-2^30 and hi[j] - lo[j] <= WOLD__EXACT_SPAN, k <= the rows. */
int wold__exact_fits(size_t p, size_t k, const double *lo, const double *hi);

#endif
