/*
 * test_exact.c - the first pass and exact cross-products of blocks of
 * small integers: every kernel the CPU runs packs, sums and multiplies as
 * the plain C loop does, for widths around each vector's edge and odd and
 * even row counts; a cell that is not an integer within the span (a
 * fraction, too far, NaN, infinite, past int32) is seen anywhere; m2,
 * sums and ranges equal 64-bit integer arithmetic; and the stats of a
 * Likert block (the exact path) against the same block shifted by 0.5
 * (dsyrk's path).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moments/exact.h"
#include "moments/sums.h"
#include "testutil.h"

static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) & 0xffffff;
}

static const size_t widths[] = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17,
                                23, 30, 31, 32, 33, 47, 64, 65, 100};
static const size_t rows[] = {1, 2, 3, 17, 1023, 1024};
#define N_WIDTHS (sizeof widths / sizeof *widths)
#define N_ROWS (sizeof rows / sizeof *rows)

/* k x p integers, column j within span of its first-row cell c[j]
 * (c from -1000 to 1000; both ends of the span met in the last row when
 * k > 1). */
static double *block(size_t k, size_t p, int span, unsigned seed, int32_t *c)
{
    double *x = malloc(k * p * sizeof *x);
    assert_non_null(x);
    for (size_t j = 0; j < p; j++) {
        c[j] = (int32_t)(lcg(&seed) % 2001) - 1000;
        x[j] = c[j];
        for (size_t r = 1; r < k; r++)
            x[r * p + j] = c[j] - span +
                           (int)(lcg(&seed) % (unsigned)(2 * span + 1));
        if (k > 1)
            x[(k - 1) * p + j] = c[j] + ((j % 2) ? span : -span);
    }
    return x;
}

typedef struct packed {
    int32_t *c, *pairs, *stats, *q;
    size_t ld;
} packed;

static packed packed_new(size_t p, size_t k)
{
    packed b;
    b.ld = wold__exact_ld(p);
    b.c = calloc(b.ld, sizeof *b.c);
    b.pairs = malloc((k + 1) / 2 * b.ld * sizeof *b.pairs);
    b.stats = malloc(3 * b.ld * sizeof *b.stats);
    b.q = malloc(b.ld * b.ld * sizeof *b.q);
    assert_true(b.c && b.pairs && b.stats && b.q);
    return b;
}

static void packed_free(packed *b)
{
    free(b->c), free(b->pairs), free(b->stats), free(b->q);
}

static void test_kernels_agree(void **state)
{
    (void)state;
    const wold__exact_kernel *all[4];
    size_t n_k = wold__exact_all(all);
    printf("exact kernels on this CPU:");
    for (size_t i = 0; i < n_k; i++)
        printf(" %s", all[i]->name);
    printf("\n");
    assert_ptr_equal(wold__exact_best(), all[n_k - 1]);
    unsigned seed = 7;
    for (size_t a = 0; a < N_WIDTHS; a++)
        for (size_t b = 0; b < N_ROWS; b++) {
            size_t p = widths[a], k = rows[b];
            int span = (a + b) % 3 == 0 ? WOLD__EXACT_SPAN : 9;
            packed ref = packed_new(p, k), got = packed_new(p, k);
            size_t ld = ref.ld, words = (k + 1) / 2 * ld;
            double *x = block(k, p, span, seed++, ref.c);
            memcpy(got.c, ref.c, ld * sizeof *got.c);
            assert_true(all[0]->pack(p, x, k, ref.c, ref.pairs, ref.stats));
            all[0]->cross(p, ref.pairs, (k + 1) / 2, ref.q);
            for (size_t i = 1; i < n_k; i++) {
                /* Garbage where the kernel must write. */
                memset(got.pairs, 0x5a, words * sizeof *got.pairs);
                memset(got.stats, 0x5a, 3 * ld * sizeof *got.stats);
                memset(got.q, 0x5a, ld * ld * sizeof *got.q);
                assert_true(all[i]->pack(p, x, k, got.c, got.pairs,
                                         got.stats));
                assert_memory_equal(got.pairs, ref.pairs,
                                    words * sizeof *got.pairs);
                for (size_t r = 0; r < 3; r++)
                    assert_memory_equal(got.stats + r * ld,
                                        ref.stats + r * ld,
                                        p * sizeof *got.stats);
                all[i]->cross(p, got.pairs, (k + 1) / 2, got.q);
                for (size_t r = 0; r < p; r++)
                    for (size_t c = r; c < p; c++)
                        if (got.q[r * ld + c] != ref.q[r * ld + c])
                            fail_msg("%s: p %zu k %zu: q[%zu][%zu] %d, plain "
                                     "C %d", all[i]->name, p, k, r, c,
                                     got.q[r * ld + c], ref.q[r * ld + c]);
            }
            /* The plain loop against the cells themselves. */
            for (size_t r = 0; r < p; r++) {
                int64_t sum = 0, lo = 0, hi = 0;
                for (size_t m = 0; m < k; m++) {
                    int64_t v = (int64_t)x[m * p + r] - ref.c[r];
                    sum += v;
                    lo = v < lo ? v : lo;
                    hi = v > hi ? v : hi;
                }
                assert_int_equal(ref.stats[r], sum);
                assert_int_equal(ref.stats[ld + r], lo);
                assert_int_equal(ref.stats[2 * ld + r], hi);
                for (size_t c = r; c < p; c++) {
                    int64_t s = 0;
                    for (size_t m = 0; m < k; m++)
                        s += ((int64_t)x[m * p + r] - ref.c[r]) *
                             ((int64_t)x[m * p + c] - ref.c[c]);
                    assert_int_equal(ref.q[r * ld + c], s);
                }
            }
            packed_free(&ref);
            packed_free(&got);
            free(x);
        }
}

/* A cell that is not an integer within the span of its column's first
 * cell, in any row or column, makes every kernel's pack say no. */
static void test_bad_cells_seen(void **state)
{
    (void)state;
    const wold__exact_kernel *all[4];
    size_t n_k = wold__exact_all(all);
    const double bad[] = {0.5, 1.0 / 1024, 0x1p-40, WOLD__EXACT_SPAN + 1,
                          -WOLD__EXACT_SPAN - 1, NAN, INFINITY, -INFINITY,
                          -2147483648.0, 2147483648.0, 1e300, -0x1p40};
    const size_t n_bad = sizeof bad / sizeof *bad;
    for (size_t a = 0; a < N_WIDTHS; a++) {
        size_t p = widths[a], k = 5;
        packed b = packed_new(p, k);
        double *x = block(k, p, 9, (unsigned)a, b.c);
        for (size_t cell = p; cell < k * p; cell++) {
            double keep = x[cell], v = bad[cell % n_bad];
            /* Bumps near the first row's cell, the rest as they are. */
            x[cell] = fabs(v) <= WOLD__EXACT_SPAN + 1 ? b.c[cell % p] + v : v;
            for (size_t i = 0; i < n_k; i++)
                if (all[i]->pack(p, x, k, b.c, b.pairs, b.stats))
                    fail_msg("%s: p %zu: %g in cell %zu (row %zu) was not "
                             "seen", all[i]->name, p, x[cell], cell,
                             cell / p);
            x[cell] = keep;
        }
        for (size_t i = 0; i < n_k; i++)
            assert_true(all[i]->pack(p, x, k, b.c, b.pairs, b.stats));
        free(x);
        packed_free(&b);
    }
}

/* wold__exact_block: m2 is (k Q - S_i S_j) / k from 64-bit integers, the
 * sums and ranges exact; a block it cannot take leaves its outputs. */
static void test_block(void **state)
{
    (void)state;
    size_t p = 30, k = 1024;
    int32_t c[30];
    double bsum[30], lo[30], hi[30], m2[900];
    void *scratch = malloc(wold__exact_bytes(p));
    assert_non_null(scratch);
    double *x = block(k, p, WOLD__EXACT_SPAN, 3, c);
    const wold__exact_kernel *kern = wold__exact_best();
    assert_true(wold__exact_block(kern, p, x, k, scratch, bsum, lo, hi, m2));
    for (size_t i = 0; i < p; i++) {
        double s = 0, mn = x[i], mx = x[i];
        for (size_t r = 0; r < k; r++) {
            s += x[r * p + i];
            mn = fmin(mn, x[r * p + i]);
            mx = fmax(mx, x[r * p + i]);
        }
        assert_true(bsum[i] == s && lo[i] == mn && hi[i] == mx);
        for (size_t j = i; j < p; j++) {
            int64_t q = 0, si = 0, sj = 0;
            for (size_t r = 0; r < k; r++) {
                int64_t a = (int64_t)x[r * p + i], b = (int64_t)x[r * p + j];
                q += a * b;
                si += a;
                sj += b;
            }
            double want = (double)((int64_t)k * q - si * sj) / (double)k;
            assert_true(m2[i * p + j] == want);
        }
    }
    /* Blocks it cannot take: nothing written. */
    m2[0] = bsum[0] = lo[0] = hi[0] = -1;
    assert_false(wold__exact_block(kern, p, x, 0, scratch, bsum, lo, hi, m2));
    assert_false(wold__exact_block(kern, p, x, 1025, scratch, bsum, lo, hi,
                                   m2));
    x[5 * p + 7] += 0.25; /* a fraction */
    assert_false(wold__exact_block(kern, p, x, k, scratch, bsum, lo, hi, m2));
    x[5 * p + 7] -= 0.25;
    double keep = x[3];
    x[3] = 0.5; /* in the first row: no shift */
    assert_false(wold__exact_block(kern, p, x, k, scratch, bsum, lo, hi, m2));
    x[3] = WOLD__EXACT_LIMIT + 1; /* the first row past 2^30 */
    assert_false(wold__exact_block(kern, p, x, 1, scratch, bsum, lo, hi, m2));
    x[3] = WOLD__EXACT_LIMIT; /* at it: one row is fine */
    assert_true(m2[0] == -1 && bsum[0] == -1 && lo[0] == -1 && hi[0] == -1);
    assert_true(wold__exact_block(kern, p, x, 1, scratch, bsum, lo, hi, m2));
    assert_true(bsum[3] == WOLD__EXACT_LIMIT && m2[3 * p + 3] == 0);
    x[3] = keep;
    free(x);
    free(scratch);
}

/* Through the stats: 3000 Likert rows (exact path) and the same rows
 * plus 0.5 (dsyrk's path) have the same cross-products to 1e-13 and
 * means 0.5 apart. */
static void test_stats_both_paths(void **state)
{
    (void)state;
    size_t p = 12, k = 3000;
    int32_t c[12];
    double *x = block(k, p, 9, 11, c);
    double *y = malloc(k * p * sizeof *y), *z = malloc(k * p * sizeof *z);
    double *work = malloc(wold__stats_work_size(p) * sizeof *work);
    assert_true(y && z && work);
    for (size_t i = 0; i < k * p; i++)
        y[i] = x[i] + 0.5;
    memcpy(z, x, k * p * sizeof *z);
    wold__stats a, b;
    assert_int_equal(wold__stats_init(&a, p), WOLD_OK);
    assert_int_equal(wold__stats_init(&b, p), WOLD_OK);
    assert_int_equal(wold__stats_add_rows(&a, p, z, NULL, k, work), WOLD_OK);
    assert_int_equal(wold__stats_add_rows(&b, p, y, NULL, k, work), WOLD_OK);
    for (size_t i = 0; i < p; i++) {
        assert_true(fabs(b.mean[i] - a.mean[i] - 0.5) < 1e-12);
        assert_true(a.cmin[i] == c[i] - 9 && b.cmin[i] == c[i] - 8.5);
        for (size_t j = 0; j < p; j++)
            assert_true(fabs(a.m2[i * p + j] - b.m2[i * p + j]) <=
                        1e-13 * fabs(a.m2[i * p + i]));
    }
    wold__stats_free(&a);
    wold__stats_free(&b);
    free(work), free(z), free(y), free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kernels_agree),
        cmocka_unit_test(test_bad_cells_seen),
        cmocka_unit_test(test_block),
        cmocka_unit_test(test_stats_both_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
