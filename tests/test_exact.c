/*
 * test_exact.c - the exact cross-products of small-integer blocks: every
 * kernel the CPU runs packs and multiplies as the plain C loop does, for
 * widths around each vector's edge and odd and even row counts; a
 * fraction anywhere is seen; the range test's edges; m2 equal to the
 * centred products computed in exact integer arithmetic; and the stats
 * of a Likert block (the exact path) against the same block shifted by
 * 0.5 (dsyrk's path).
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

/* k x p integers in [lo_j, lo_j + span], lo_j from -40 to 40 (and the
 * full span's top in the first row, its bottom in the last); lo gets
 * each column's minimum. */
static double *block(size_t k, size_t p, int span, unsigned seed,
                     double *lo)
{
    double *x = malloc(k * p * sizeof *x);
    assert_non_null(x);
    for (size_t j = 0; j < p; j++) {
        int base = (int)(lcg(&seed) % 81) - 40;
        for (size_t r = 0; r < k; r++)
            x[r * p + j] = base + (int)(lcg(&seed) % (unsigned)(span + 1));
        x[j] = base + span;
        x[(k - 1) * p + j] = base;
        lo[j] = base;
    }
    return x;
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
            size_t p = widths[a], k = rows[b], ld = wold__exact_ld(p);
            int span = (a + b) % 3 == 0 ? WOLD__EXACT_SPAN : 9;
            double *lo = malloc(p * sizeof *lo);
            int32_t *ilo = malloc(ld * sizeof *ilo);
            assert_true(lo && ilo);
            double *x = block(k, p, span, seed++, lo);
            for (size_t j = 0; j < ld; j++)
                ilo[j] = j < p ? (int32_t)lo[j] : 0;
            size_t words = (k + 1) / 2 * ld;
            int32_t *ref = malloc(words * sizeof *ref);
            int32_t *got = malloc(words * sizeof *got);
            int32_t *qref = malloc(ld * ld * sizeof *qref);
            int32_t *q = malloc(ld * ld * sizeof *q);
            assert_true(ref && got && qref && q);
            assert_true(all[0]->pack(p, x, k, ilo, ref));
            all[0]->cross(p, ref, (k + 1) / 2, qref);
            for (size_t i = 1; i < n_k; i++) {
                /* Garbage where the kernel must write. */
                memset(got, 0x5a, words * sizeof *got);
                memset(q, 0x5a, ld * ld * sizeof *q);
                assert_true(all[i]->pack(p, x, k, ilo, got));
                assert_memory_equal(got, ref, words * sizeof *got);
                all[i]->cross(p, got, (k + 1) / 2, q);
                for (size_t r = 0; r < p; r++)
                    for (size_t c = r; c < p; c++)
                        if (q[r * ld + c] != qref[r * ld + c])
                            fail_msg("%s: p %zu k %zu: q[%zu][%zu] %d, plain "
                                     "C %d", all[i]->name, p, k, r, c,
                                     q[r * ld + c], qref[r * ld + c]);
            }
            /* The plain loop against the products themselves. */
            for (size_t r = 0; r < p; r++)
                for (size_t c = r; c < p; c++) {
                    int64_t s = 0;
                    for (size_t m = 0; m < k; m++)
                        s += (int64_t)(x[m * p + r] - lo[r]) *
                             (int64_t)(x[m * p + c] - lo[c]);
                    assert_int_equal(qref[r * ld + c], s);
                }
            free(q), free(qref), free(got), free(ref), free(x), free(ilo);
            free(lo);
        }
}

/* A fraction in any cell (first and last rows, the odd row of a pair,
 * every column) makes every kernel's pack say no. */
static void test_fraction_seen(void **state)
{
    (void)state;
    const wold__exact_kernel *all[4];
    size_t n_k = wold__exact_all(all);
    const double bumps[] = {0.5, 1.0 / 1024, 0x1p-40, -0x1p-30};
    for (size_t a = 0; a < N_WIDTHS; a++) {
        size_t p = widths[a], k = 5, ld = wold__exact_ld(p);
        double lo[100];
        int32_t ilo[112] = {0};
        int32_t *pairs = malloc(3 * ld * sizeof *pairs);
        assert_non_null(pairs);
        double *x = block(k, p, 9, (unsigned)a, lo);
        for (size_t j = 0; j < p; j++)
            ilo[j] = (int32_t)lo[j];
        for (size_t cell = 0; cell < k * p; cell++) {
            double keep = x[cell], bump = bumps[cell % 4];
            /* Inside the column's range, as the caller checks. */
            x[cell] = keep - lo[cell % p] >= 1 ? keep - fabs(bump)
                                               : keep + fabs(bump);
            for (size_t i = 0; i < n_k; i++)
                if (all[i]->pack(p, x, k, ilo, pairs))
                    fail_msg("%s: p %zu: the fraction in cell %zu (row %zu) "
                             "was not seen", all[i]->name, p, cell,
                             cell / p);
            x[cell] = keep;
        }
        for (size_t i = 0; i < n_k; i++)
            assert_true(all[i]->pack(p, x, k, ilo, pairs));
        free(x);
        free(pairs);
    }
}

static void test_fits(void **state)
{
    (void)state;
    double lo[2] = {1, -5}, hi[2] = {10, -5 + WOLD__EXACT_SPAN};
    assert_true(wold__exact_fits(2, 1024, lo, hi));
    assert_false(wold__exact_fits(2, 1025, lo, hi));
    hi[1] += 1;
    assert_false(wold__exact_fits(2, 1024, lo, hi));
    hi[1] = 0;
    lo[0] = -0x1p30;
    hi[0] = lo[0] + 10;
    assert_true(wold__exact_fits(2, 10, lo, hi));
    lo[0] = -0x1p30 - 1;
    assert_false(wold__exact_fits(2, 10, lo, hi));
    lo[0] = 0x1p30 - 5;
    hi[0] = 0x1p30;
    assert_true(wold__exact_fits(2, 10, lo, hi));
    hi[0] = 0x1p30 + 1;
    assert_false(wold__exact_fits(2, 10, lo, hi));
    lo[0] = -INFINITY;
    hi[0] = 3;
    assert_false(wold__exact_fits(2, 10, lo, hi));
    lo[0] = NAN;
    assert_false(wold__exact_fits(2, 10, lo, hi));
}

/* m2 is the exact centred product rounded once: (k Q - S_i S_j) / k
 * computed here from the cells in 64-bit integers. */
static void test_m2_exact(void **state)
{
    (void)state;
    size_t p = 30, k = 1024;
    double lo[30], bsum[30], m2[900];
    void *scratch = malloc(wold__exact_bytes(p));
    assert_non_null(scratch);
    double *x = block(k, p, WOLD__EXACT_SPAN, 3, lo);
    for (size_t j = 0; j < p; j++) {
        bsum[j] = 0;
        for (size_t r = 0; r < k; r++)
            bsum[j] += x[r * p + j];
    }
    assert_true(wold__exact_m2(wold__exact_best(), p, x, k, bsum, lo,
                               scratch, m2));
    for (size_t i = 0; i < p; i++)
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
    /* A fraction: nothing written, 0. */
    x[5 * p + 7] += 0.25;
    m2[0] = -1;
    assert_false(wold__exact_m2(wold__exact_best(), p, x, k, bsum, lo,
                                scratch, m2));
    assert_true(m2[0] == -1);
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
    double lo[12];
    double *x = block(k, p, 9, 11, lo);
    double *y = malloc(k * p * sizeof *y), *z = malloc(k * p * sizeof *z);
    double *work = malloc(wold__stats_work_size(p) * sizeof *work);
    assert_true(y && z && work);
    for (size_t c = 0; c < k * p; c++)
        y[c] = x[c] + 0.5;
    memcpy(z, x, k * p * sizeof *z);
    wold__stats a, b;
    assert_int_equal(wold__stats_init(&a, p), WOLD_OK);
    assert_int_equal(wold__stats_init(&b, p), WOLD_OK);
    assert_int_equal(wold__stats_add_rows(&a, p, z, NULL, k, work), WOLD_OK);
    assert_int_equal(wold__stats_add_rows(&b, p, y, NULL, k, work), WOLD_OK);
    for (size_t i = 0; i < p; i++) {
        assert_true(fabs(b.mean[i] - a.mean[i] - 0.5) < 1e-13);
        assert_true(a.cmin[i] == lo[i] && b.cmin[i] == lo[i] + 0.5);
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
        cmocka_unit_test(test_fraction_seen),
        cmocka_unit_test(test_fits),
        cmocka_unit_test(test_m2_exact),
        cmocka_unit_test(test_stats_both_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
