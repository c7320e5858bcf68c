/*
 * test_moments.c - the one pass over the data: block-wise dsyrk merged
 * with Chan's update must equal the textbook two-pass formulas, be
 * additive over any split of the rows, and apply the missing-value rules.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "moments/moments.h"
#include "testutil.h"

/* A data set built in place (the reader has its own tests). */
static wold_data *make_data(size_t n, size_t p, unsigned seed)
{
    wold_data *d = calloc(1, sizeof *d);
    assert_non_null(d);
    d->n = n;
    d->p = p;
    d->source = strdup("test.csv");
    d->names = calloc(p, sizeof *d->names);
    d->x = malloc(n * p * sizeof *d->x);
    char name[32];
    for (size_t i = 0; i < p; i++) {
        snprintf(name, sizeof name, "x%zu", i + 1);
        d->names[i] = strdup(name);
    }
    /* Likert-like values near the top of the scale, correlated columns:
     * large means next to small spreads are where one-pass sums lose. */
    unsigned s = seed;
    for (size_t r = 0; r < n; r++) {
        s = s * 1103515245u + 12345u;
        double common = (double)((s >> 16) % 5);
        for (size_t i = 0; i < p; i++) {
            s = s * 1103515245u + 12345u;
            d->x[r * p + i] = 1000.0 + common + (double)((s >> 16) % 4);
        }
    }
    return d;
}

static void free_data(wold_data *d)
{
    for (size_t i = 0; i < d->p; i++)
        free(d->names[i]);
    free(d->names);
    free(d->x);
    free(d->source);
    free(d);
}

/* Two-pass reference, long double. */
static void reference(const wold_data *d, double *mean, double *cov)
{
    size_t n = d->n, p = d->p;
    for (size_t i = 0; i < p; i++) {
        long double s = 0;
        for (size_t r = 0; r < n; r++)
            s += d->x[r * p + i];
        mean[i] = (double)(s / n);
    }
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++) {
            long double s = 0;
            for (size_t r = 0; r < n; r++)
                s += ((long double)d->x[r * p + i] - mean[i]) *
                     ((long double)d->x[r * p + j] - mean[j]);
            cov[i * p + j] = (double)(s / n);
        }
}

static void matches_two_pass(size_t n)
{
    size_t p = 7;
    wold_data *d = make_data(n, p, 1);
    double mean[7], cov[49];
    reference(d, mean, cov);
    wold_moments *m = NULL;
    assert_int_equal(wold_moments_compute(&m, d, WOLD_MISSING_LISTWISE, NULL), WOLD_OK);
    assert_int_equal(wold_moments_n(m), n);
    for (size_t i = 0; i < p; i++) {
        WT_NEAR(wold_moments_means(m)[i], mean[i], 1e-11, "mean");
        WT_NEAR(wold_moments_sds(m)[i], sqrt(cov[i * p + i]), 1e-12, "sd");
        for (size_t j = 0; j < p; j++)
            WT_NEAR(wold_moments_cov(m)[i * p + j], cov[i * p + j], 1e-12, "cov");
    }
    wold_moments_free(m);
    free_data(d);
}

static void test_matches_two_pass(void **state)
{
    (void)state;
    matches_two_pass(5000);   /* several blocks of 1024 and a remainder */
    matches_two_pass(100003); /* large enough to be split across threads */
}

/* Moments of two halves merged equal the moments of the whole. */
static void test_merge_is_additive(void **state)
{
    (void)state;
    size_t n = 3001, p = 5, cut = 1234;
    wold_data *d = make_data(n, p, 7);
    wold_data a = *d, b = *d;
    a.n = cut;
    b.n = n - cut;
    b.x = d->x + cut * p;
    wold_moments *whole = NULL, *ma = NULL, *mb = NULL;
    assert_int_equal(wold_moments_compute(&whole, d, WOLD_MISSING_LISTWISE, NULL), WOLD_OK);
    assert_int_equal(wold_moments_compute(&ma, &a, WOLD_MISSING_LISTWISE, NULL), WOLD_OK);
    assert_int_equal(wold_moments_compute(&mb, &b, WOLD_MISSING_LISTWISE, NULL), WOLD_OK);
    assert_int_equal(wold_moments_merge(ma, mb, NULL), WOLD_OK);
    assert_int_equal(wold_moments_n(ma), n);
    for (size_t i = 0; i < p * p; i++)
        WT_NEAR(wold_moments_cov(ma)[i], wold_moments_cov(whole)[i], 1e-12, "merged cov");
    for (size_t i = 0; i < p; i++)
        WT_NEAR(wold_moments_means(ma)[i], wold_moments_means(whole)[i], 1e-11, "merged mean");
    /* The range is kept in the same pass and merges exactly. */
    for (size_t i = 0; i < p; i++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t r = 0; r < n; r++) {
            lo = fmin(lo, d->x[r * p + i]);
            hi = fmax(hi, d->x[r * p + i]);
        }
        WT_NEAR(wold_moments_mins(whole)[i], lo, 0, "min");
        WT_NEAR(wold_moments_maxs(whole)[i], hi, 0, "max");
        WT_NEAR(wold_moments_mins(ma)[i], lo, 0, "merged min");
        WT_NEAR(wold_moments_maxs(ma)[i], hi, 0, "merged max");
    }
    wold_moments_free(whole);
    wold_moments_free(ma);
    wold_moments_free(mb);
    free_data(d);
}

static void test_listwise_and_mean(void **state)
{
    (void)state;
    wold_data *d = make_data(6, 2, 3);
    double x[12] = {1, 2, 3, NAN, 5, 6, 7, 8, NAN, 10, 11, 12};
    memcpy(d->x, x, sizeof x);
    d->n_missing_cells = 2;
    d->n_incomplete_rows = 2;
    wold_moments *m = NULL;
    assert_int_equal(wold_moments_compute(&m, d, WOLD_MISSING_LISTWISE, NULL), WOLD_OK);
    assert_int_equal(wold_moments_n(m), 4);
    assert_int_equal(wold_moments_rows_dropped(m), 2);
    WT_NEAR(wold_moments_means(m)[0], (1 + 5 + 7 + 11) / 4.0, 1e-15, "listwise mean");
    wold_moments_free(m);
    assert_int_equal(wold_moments_compute(&m, d, WOLD_MISSING_MEAN, NULL), WOLD_OK);
    assert_int_equal(wold_moments_n(m), 6);
    assert_int_equal(wold_moments_cells_imputed(m), 2);
    /* Filling with the observed mean leaves the mean and shrinks the
     * variance by the filled share. */
    double m0 = (1 + 3 + 5 + 7 + 11) / 5.0;
    WT_NEAR(wold_moments_means(m)[0], m0, 1e-14, "mean-filled mean");
    double ss = 0;
    double v0[5] = {1, 3, 5, 7, 11};
    for (int k = 0; k < 5; k++)
        ss += (v0[k] - m0) * (v0[k] - m0);
    WT_NEAR(wold_moments_cov(m)[0], ss / 6.0, 1e-13, "mean-filled variance");
    wold_moments_free(m);
    free_data(d);
}

static void test_too_few_rows(void **state)
{
    (void)state;
    wold_data *d = make_data(3, 2, 3);
    d->x[0] = NAN;
    d->x[3] = NAN;
    d->n_missing_cells = 2;
    wold_moments *m = NULL;
    wold_error err;
    WT_EXPECT_ERROR(wold_moments_compute(&m, d, WOLD_MISSING_LISTWISE, &err), &err,
                    WOLD_EINPUT, "1 usable row after listwise deletion (2 of 3 dropped); "
                    "at least 2 are needed; the columns with the most missing "
                    "cells: 'x1' (1 missing), 'x2' (1 missing)");
    assert_null(m);
    /* An empty column is named as the cause of losing every row. */
    d->x[1] = d->x[3] = d->x[5] = NAN;
    WT_EXPECT_ERROR(wold_moments_compute(&m, d, WOLD_MISSING_LISTWISE, &err), &err,
                    WOLD_EINPUT, "0 usable rows after listwise deletion (3 of 3 "
                    "dropped); at least 2 are needed; column 'x2' is empty");
    /* One row is too few whatever the rule. */
    wold_data *one = make_data(1, 2, 3);
    WT_EXPECT_ERROR(wold_moments_compute(&m, one, WOLD_MISSING_MEAN, &err), &err,
                    WOLD_EINPUT, "1 usable row: the data have 1 row; at least 2");
    free_data(one);
    /* A column with no observed value has no mean to fill in. */
    d->x[1] = d->x[3] = d->x[5] = NAN;
    WT_EXPECT_ERROR(wold_moments_compute(&m, d, WOLD_MISSING_MEAN, &err), &err,
                    WOLD_EINPUT, "column 'x2' has no observed values");
    free_data(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_two_pass),
        cmocka_unit_test(test_merge_is_additive),
        cmocka_unit_test(test_listwise_and_mean),
        cmocka_unit_test(test_too_few_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
