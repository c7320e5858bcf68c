/*
 * test_weighted.c - weighted moments (src/moments/weighted.c): integer
 * weights must give the moments of the data with each row repeated that
 * many times, no weights the unweighted moments exactly, the resample
 * recompute (wold_moments_reweight) the same as the weighted compute, and
 * every bad weight a clear error.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define P 5
#define N 60

static const char *const names[P] = {"a", "b", "c", "d", "e"};

/* Likert-like columns near the top of the scale, correlated through a
 * common part; cells missing where miss says (every miss-th cell). */
static wold_data *make(size_t n, unsigned seed, size_t miss)
{
    double *x = malloc(n * P * sizeof *x);
    assert_non_null(x);
    unsigned s = seed;
    for (size_t r = 0; r < n; r++) {
        s = s * 1103515245u + 12345u;
        double common = (double)((s >> 16) % 5);
        for (size_t i = 0; i < P; i++) {
            s = s * 1103515245u + 12345u;
            x[r * P + i] = 100.0 + common + (double)((s >> 16) % 4);
            if (miss && (r * P + i) % miss == miss - 1)
                x[r * P + i] = NAN;
        }
    }
    wold_data *d = NULL;
    assert_int_equal(wold_data_from_matrix(&d, x, n, P, names, NULL), WOLD_OK);
    free(x);
    return d;
}

/* Integer counts 0..3, as a resample has them. */
static void counts_of(double *w, size_t n, unsigned seed)
{
    unsigned s = seed;
    for (size_t r = 0; r < n; r++) {
        s = s * 1103515245u + 12345u;
        w[r] = (double)((s >> 16) % 4);
    }
}

/* The data with row r repeated w[r] times. */
static wold_data *repeated(const wold_data *d, const double *w)
{
    size_t n = wold_data_n_rows(d), total = 0;
    for (size_t r = 0; r < n; r++)
        total += (size_t)w[r];
    double *x = malloc(total * P * sizeof *x);
    assert_non_null(x);
    size_t k = 0;
    for (size_t r = 0; r < n; r++)
        for (size_t c = 0; c < (size_t)w[r]; c++, k++)
            memcpy(x + k * P, wold_data_values(d) + r * P, P * sizeof *x);
    wold_data *rep = NULL;
    assert_int_equal(wold_data_from_matrix(&rep, x, total, P, names, NULL),
                     WOLD_OK);
    free(x);
    return rep;
}

static int complete(const wold_data *d, size_t r)
{
    for (size_t i = 0; i < P; i++)
        if (isnan(wold_data_values(d)[r * P + i]))
            return 0;
    return 1;
}

static double rel(double a, double b)
{
    double scale = fmax(fabs(a), fabs(b));
    return scale > 0 ? fabs(a - b) / scale : 0.0;
}

/* Means, s.d., covariances, ranges and n agree to tol relative. */
static void same_moments(const wold_moments *a, const wold_moments *b,
                         double tol)
{
    assert_int_equal(wold_moments_n(a), wold_moments_n(b));
    assert_int_equal(wold_moments_p(a), wold_moments_p(b));
    for (size_t i = 0; i < P; i++) {
        assert_true(rel(wold_moments_means(a)[i], wold_moments_means(b)[i]) <=
                    tol);
        assert_true(rel(wold_moments_sds(a)[i], wold_moments_sds(b)[i]) <= tol);
        assert_true(wold_moments_mins(a)[i] == wold_moments_mins(b)[i]);
        assert_true(wold_moments_maxs(a)[i] == wold_moments_maxs(b)[i]);
    }
    /* Covariances relative to the variances (an off-diagonal near 0 has
     * no relative precision of its own). */
    const double *ca = wold_moments_cov(a), *cb = wold_moments_cov(b);
    for (size_t i = 0; i < P; i++)
        for (size_t j = 0; j < P; j++) {
            double scale = sqrt(cb[i * P + i] * cb[j * P + j]);
            assert_true(fabs(ca[i * P + j] - cb[i * P + j]) <= tol * scale);
        }
}

static void bit_identical(const wold_moments *a, const wold_moments *b)
{
    assert_int_equal(wold_moments_n(a), wold_moments_n(b));
    assert_memory_equal(wold_moments_means(a), wold_moments_means(b),
                        P * sizeof(double));
    assert_memory_equal(wold_moments_cov(a), wold_moments_cov(b),
                        P * P * sizeof(double));
    assert_memory_equal(wold_moments_sds(a), wold_moments_sds(b),
                        P * sizeof(double));
    assert_memory_equal(wold_moments_mins(a), wold_moments_mins(b),
                        P * sizeof(double));
    assert_memory_equal(wold_moments_maxs(a), wold_moments_maxs(b),
                        P * sizeof(double));
}

static void check_counts_are_repeats(wold_missing missing, size_t miss)
{
    wold_data *d = make(N, 7, miss);
    double w[N];
    counts_of(w, N, 3);
    wold_data *rep = repeated(d, w);
    wold_moments *mw = NULL, *mr = NULL;
    assert_int_equal(wold_moments_compute_weighted(&mw, d, missing, w, NULL),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&mr, rep, missing, NULL), WOLD_OK);
    same_moments(mw, mr, 1e-12);
    assert_true(wold_moments_weight_total(mw) == (double)wold_moments_n(mr));
    wold_moments_free(mw);
    wold_moments_free(mr);
    wold_data_free(rep);
    wold_data_free(d);
}

static void test_counts_are_repeated_rows(void **state)
{
    (void)state;
    check_counts_are_repeats(WOLD_MISSING_LISTWISE, 0);
    check_counts_are_repeats(WOLD_MISSING_LISTWISE, 17);
    /* Mean replacement of the repeated rows fills in the weighted mean. */
    check_counts_are_repeats(WOLD_MISSING_MEAN, 17);
}

static void test_no_weights_is_unweighted(void **state)
{
    (void)state;
    wold_data *d = make(N, 11, 13);
    wold_missing rules[] = {WOLD_MISSING_LISTWISE, WOLD_MISSING_MEAN};
    for (size_t k = 0; k < 2; k++) {
        wold_moments *a = NULL, *b = NULL;
        assert_int_equal(wold_moments_compute_weighted(&a, d, rules[k], NULL,
                                                       NULL),
                         WOLD_OK);
        assert_int_equal(wold_moments_compute(&b, d, rules[k], NULL), WOLD_OK);
        bit_identical(a, b);
        assert_int_equal(wold_moments_rows_dropped(a),
                         wold_moments_rows_dropped(b));
        assert_int_equal(wold_moments_cells_imputed(a),
                         wold_moments_cells_imputed(b));
        /* Unit weights: the same moments up to rounding, and the same
         * counts of dropped rows and imputed cells. */
        double ones[N];
        for (size_t r = 0; r < N; r++)
            ones[r] = 1.0;
        wold_moments *c = NULL;
        assert_int_equal(wold_moments_compute_weighted(&c, d, rules[k], ones,
                                                       NULL),
                         WOLD_OK);
        same_moments(c, b, 1e-13);
        assert_int_equal(wold_moments_rows_dropped(c),
                         wold_moments_rows_dropped(b));
        assert_int_equal(wold_moments_cells_imputed(c),
                         wold_moments_cells_imputed(b));
        wold_moments_free(a);
        wold_moments_free(b);
        wold_moments_free(c);
    }
    wold_data_free(d);
}

/* Survey weights: n is the rounded total, the total itself is kept. */
static void test_fractional_total(void **state)
{
    (void)state;
    wold_data *d = make(N, 5, 0);
    double w[N];
    for (size_t r = 0; r < N; r++)
        w[r] = 0.25 + 0.01 * (double)(r % 7);
    double total = 0;
    for (size_t r = 0; r < N; r++)
        total += w[r];
    wold_moments *m = NULL;
    assert_int_equal(wold_moments_compute_weighted(&m, d,
                                                   WOLD_MISSING_LISTWISE, w,
                                                   NULL),
                     WOLD_OK);
    WT_NEAR(wold_moments_weight_total(m), total, 1e-12, "weight total");
    assert_int_equal(wold_moments_n(m), (size_t)floor(total + 0.5));
    /* Scaling every weight changes the total, not the moments. */
    for (size_t r = 0; r < N; r++)
        w[r] *= 4.0;
    wold_moments *m4 = NULL;
    assert_int_equal(wold_moments_compute_weighted(&m4, d,
                                                   WOLD_MISSING_LISTWISE, w,
                                                   NULL),
                     WOLD_OK);
    for (size_t i = 0; i < P * P; i++)
        WT_NEAR(wold_moments_cov(m4)[i], wold_moments_cov(m)[i], 1e-12,
                "cov, weights x 4");
    wold_moments_free(m);
    wold_moments_free(m4);
    wold_data_free(d);
}

/* Weighted moments merge like unweighted ones: by weight total. */
static void test_merge_weighted(void **state)
{
    (void)state;
    wold_data *d = make(N, 9, 0), *a = make(N, 9, 0);
    double w[N], wa[N], wb[N];
    counts_of(w, N, 5);
    for (size_t r = 0; r < N; r++) {
        wa[r] = r < N / 3 ? w[r] * 0.5 : 0.0;
        wb[r] = r < N / 3 ? w[r] * 0.5 : w[r];
    }
    wold_moments *all = NULL, *ma = NULL, *mb = NULL;
    assert_int_equal(wold_moments_compute_weighted(&all, d,
                                                   WOLD_MISSING_LISTWISE, w,
                                                   NULL),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute_weighted(&ma, a,
                                                   WOLD_MISSING_LISTWISE, wa,
                                                   NULL),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute_weighted(&mb, d,
                                                   WOLD_MISSING_LISTWISE, wb,
                                                   NULL),
                     WOLD_OK);
    assert_int_equal(wold_moments_merge(ma, mb, NULL), WOLD_OK);
    same_moments(ma, all, 1e-12);
    wold_moments_free(all);
    wold_moments_free(ma);
    wold_moments_free(mb);
    wold_data_free(d);
    wold_data_free(a);
}

static void expect_weight_error(const wold_data *d, wold_missing missing,
                                const double *w, wold_status st_expected,
                                const char *needle)
{
    wold_moments *m = (wold_moments *)1;
    wold_error err;
    wold_status st = wold_moments_compute_weighted(&m, d, missing, w, &err);
    WT_EXPECT_ERROR(st, &err, st_expected, needle);
    assert_null(m);
}

static void test_bad_weights(void **state)
{
    (void)state;
    wold_data *d = make(N, 3, 0);
    double w[N];
    for (size_t r = 0; r < N; r++)
        w[r] = 1.0;
    w[2] = -1.0;
    expect_weight_error(d, WOLD_MISSING_LISTWISE, w, WOLD_EUSAGE,
                        "the weight of row 3 is -1; weights must be finite "
                        "numbers >= 0");
    w[2] = NAN;
    expect_weight_error(d, WOLD_MISSING_LISTWISE, w, WOLD_EUSAGE,
                        "the weight of row 3 is nan");
    w[2] = INFINITY;
    expect_weight_error(d, WOLD_MISSING_MEAN, w, WOLD_EUSAGE,
                        "the weight of row 3 is inf");
    for (size_t r = 0; r < N; r++)
        w[r] = 0.0;
    expect_weight_error(d, WOLD_MISSING_LISTWISE, w, WOLD_EINPUT,
                        "0 usable rows of positive weight (of 60 rows, 60 "
                        "used by the missing-value rule); at least 2 are "
                        "needed");
    w[7] = 5.0;
    expect_weight_error(d, WOLD_MISSING_LISTWISE, w, WOLD_EINPUT,
                        "1 usable row of positive weight");
    w[8] = 1.0;
    expect_weight_error(d, (wold_missing)7, w, WOLD_EUSAGE,
                        "unknown missing-value rule 7");
    wold_data_free(d);
}

/* Listwise: weight on incomplete rows does not count; mean replacement:
 * a column observed only in rows of weight 0 has nothing to fill in. */
static void test_weight_on_missing_rows(void **state)
{
    (void)state;
    double x[4 * 2] = {1, 2, NAN, 3, 2, NAN, 4, 1};
    const char *nm[2] = {"u", "v"};
    wold_data *d = NULL;
    assert_int_equal(wold_data_from_matrix(&d, x, 4, 2, nm, NULL), WOLD_OK);
    double w[4] = {0, 5, 5, 1};
    wold_moments *m = NULL;
    wold_error err;
    wold_status st =
        wold_moments_compute_weighted(&m, d, WOLD_MISSING_LISTWISE, w, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT,
                    "1 usable row of positive weight (of 4 rows, 2 used by "
                    "the missing-value rule)");
    wold_data_free(d);
    /* Column v is observed only in row 2, which has weight 0. */
    double y[4 * 2] = {1, NAN, NAN, 3, 2, NAN, 4, NAN};
    assert_int_equal(wold_data_from_matrix(&d, y, 4, 2, nm, NULL), WOLD_OK);
    double w2[4] = {1, 0, 1, 1};
    st = wold_moments_compute_weighted(&m, d, WOLD_MISSING_MEAN, w2, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT,
                    "column 'v' has no observed value of positive weight, so "
                    "it has no mean to fill in");
    assert_null(m);
    wold_data_free(d);
}

/* A resample's recompute equals the weighted compute over the rows the
 * full sample used, whatever came before it in the workspace. */
static void test_reweight_equals_compute(void **state)
{
    (void)state;
    size_t miss[] = {0, 17};
    for (size_t k = 0; k < 2; k++) {
        wold_data *d = make(N, 21, miss[k]);
        wold_moments *full = NULL, *m = NULL;
        assert_int_equal(wold_moments_compute(&full, d, WOLD_MISSING_LISTWISE,
                                              NULL),
                         WOLD_OK);
        wold_moments_work *ws = NULL;
        assert_int_equal(wold_moments_work_alloc(&ws, full, d, NULL), WOLD_OK);
        size_t count = 0;
        const size_t *rows = wold_moments_work_rows(ws, &count);
        assert_int_equal(count, wold_moments_n(full));
        for (size_t i = 0; i + 1 < count; i++)
            assert_true(rows[i] < rows[i + 1]);
        assert_int_equal(wold_moments_copy(&m, full, NULL), WOLD_OK);
        bit_identical(m, full);
        double w[N], first[P * P];
        for (unsigned b = 0; b < 3; b++) {
            counts_of(w, N, 100 + b);
            /* The weights of rows outside the list do not matter (and
             * the weighted compute drops those incomplete rows too). */
            for (size_t r = 0; r < N; r++)
                if (!complete(d, r))
                    w[r] = 1e300;
            assert_int_equal(wold_moments_reweight(m, d, w, ws, NULL),
                             WOLD_OK);
            if (b == 0)
                memcpy(first, wold_moments_cov(m), sizeof first);
            wold_moments *ref = NULL;
            assert_int_equal(wold_moments_compute_weighted(
                                 &ref, d, WOLD_MISSING_LISTWISE, w, NULL),
                             WOLD_OK);
            same_moments(m, ref, 1e-13);
            assert_int_equal(wold_moments_missing(m), WOLD_MISSING_LISTWISE);
            assert_int_equal(wold_moments_rows_dropped(m),
                             wold_moments_rows_dropped(full));
            wold_moments_free(ref);
        }
        /* Deterministic: the first resample again gives the same bits. */
        counts_of(w, N, 100);
        for (size_t r = 0; r < N; r++)
            if (!complete(d, r))
                w[r] = 1e300;
        assert_int_equal(wold_moments_reweight(m, d, w, ws, NULL), WOLD_OK);
        assert_memory_equal(wold_moments_cov(m), first, sizeof first);
        wold_moments_work_free(ws);
        wold_moments_free(m);
        wold_moments_free(full);
        wold_data_free(d);
    }
}

/* Under mean replacement a resample fills in the full-sample mean: its
 * moments are those of the imputed data, repeated. */
static void test_reweight_mean_replacement(void **state)
{
    (void)state;
    wold_data *d = make(N, 31, 11);
    wold_moments *full = NULL, *m = NULL;
    assert_int_equal(wold_moments_compute(&full, d, WOLD_MISSING_MEAN, NULL),
                     WOLD_OK);
    double x[N * P], w[N];
    for (size_t i = 0; i < N * P; i++) {
        double v = wold_data_values(d)[i];
        x[i] = isnan(v) ? wold_moments_means(full)[i % P] : v;
    }
    wold_data *imputed = NULL;
    assert_int_equal(wold_data_from_matrix(&imputed, x, N, P, names, NULL),
                     WOLD_OK);
    counts_of(w, N, 77);
    wold_data *rep = repeated(imputed, w);
    wold_moments *ref = NULL;
    assert_int_equal(wold_moments_compute(&ref, rep, WOLD_MISSING_LISTWISE,
                                          NULL),
                     WOLD_OK);
    wold_moments_work *ws = NULL;
    assert_int_equal(wold_moments_work_alloc(&ws, full, d, NULL), WOLD_OK);
    assert_int_equal(wold_moments_copy(&m, full, NULL), WOLD_OK);
    assert_int_equal(wold_moments_reweight(m, d, w, ws, NULL), WOLD_OK);
    same_moments(m, ref, 1e-12);
    assert_int_equal(wold_moments_missing(m), WOLD_MISSING_MEAN);
    assert_int_equal(wold_moments_cells_imputed(m),
                     wold_moments_cells_imputed(full));
    wold_moments_work_free(ws);
    wold_moments_free(m);
    wold_moments_free(ref);
    wold_moments_free(full);
    wold_data_free(rep);
    wold_data_free(imputed);
    wold_data_free(d);
}

/* A column constant in the resample has exactly zero variance, so the
 * fit's zero-variance test sees it. */
static void test_reweight_constant_column(void **state)
{
    (void)state;
    wold_data *d = make(N, 41, 0);
    wold_moments *full = NULL, *m = NULL;
    assert_int_equal(wold_moments_compute(&full, d, WOLD_MISSING_LISTWISE,
                                          NULL),
                     WOLD_OK);
    wold_moments_work *ws = NULL;
    assert_int_equal(wold_moments_work_alloc(&ws, full, d, NULL), WOLD_OK);
    assert_int_equal(wold_moments_copy(&m, full, NULL), WOLD_OK);
    /* The rows whose column 'a' has row 1's value, weighted. */
    double top = wold_data_values(d)[0], w[N];
    size_t rows = 0;
    for (size_t r = 0; r < N; r++) {
        w[r] = wold_data_values(d)[r * P] == top ? (double)(1 + r % 3) : 0.0;
        rows += w[r] > 0;
    }
    assert_true(rows >= 2);
    assert_int_equal(wold_moments_reweight(m, d, w, ws, NULL), WOLD_OK);
    assert_true(wold_moments_sds(m)[0] == 0.0);
    assert_true(wold_moments_means(m)[0] == top);
    for (size_t j = 0; j < P; j++)
        assert_true(wold_moments_cov(m)[j] == 0.0);
    wold_moments_work_free(ws);
    wold_moments_free(m);
    wold_moments_free(full);
    wold_data_free(d);
}

static void test_reweight_errors(void **state)
{
    (void)state;
    wold_data *d = make(N, 51, 0), *other = make(N + 1, 51, 0);
    wold_moments *full = NULL, *m = NULL, *wrong = NULL;
    assert_int_equal(wold_moments_compute(&full, d, WOLD_MISSING_LISTWISE,
                                          NULL),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&wrong, other,
                                          WOLD_MISSING_LISTWISE, NULL),
                     WOLD_OK);
    wold_moments_work *ws = (wold_moments_work *)1;
    wold_error err;
    /* Moments of other data. */
    WT_EXPECT_ERROR(wold_moments_work_alloc(&ws, wrong, d, &err), &err,
                    WOLD_EUSAGE,
                    "the moments used 61 rows but the data have 60 usable "
                    "ones: they were not computed from these data");
    assert_null(ws);
    const char *two[2] = {"a", "b"};
    double x2[4] = {1, 2, 3, 5};
    wold_data *narrow = NULL;
    assert_int_equal(wold_data_from_matrix(&narrow, x2, 2, 2, two, NULL),
                     WOLD_OK);
    WT_EXPECT_ERROR(wold_moments_work_alloc(&ws, full, narrow, &err), &err,
                    WOLD_EUSAGE,
                    "the moments have 5 columns but the data have 2");
    assert_int_equal(wold_moments_work_alloc(&ws, full, d, NULL), WOLD_OK);
    assert_int_equal(wold_moments_copy(&m, full, NULL), WOLD_OK);
    double w[N];
    for (size_t r = 0; r < N; r++)
        w[r] = 1.0;
    w[9] = -2.0;
    WT_EXPECT_ERROR(wold_moments_reweight(m, d, w, ws, &err), &err,
                    WOLD_EUSAGE, "the weight of row 10 is -2");
    bit_identical(m, full); /* unchanged on error */
    for (size_t r = 0; r < N; r++)
        w[r] = 0.0;
    WT_EXPECT_ERROR(wold_moments_reweight(m, d, w, ws, &err), &err,
                    WOLD_EUSAGE, "every weight is 0");
    bit_identical(m, full);
    WT_EXPECT_ERROR(wold_moments_reweight(m, other, w, ws, &err), &err,
                    WOLD_EUSAGE, "do not match");
    wold_moments *mnarrow = NULL;
    double x3[6] = {1, 2, 3, 5, 4, 4};
    wold_data *n3 = NULL;
    assert_int_equal(wold_data_from_matrix(&n3, x3, 3, 2, two, NULL),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&mnarrow, n3, WOLD_MISSING_LISTWISE,
                                          NULL),
                     WOLD_OK);
    WT_EXPECT_ERROR(wold_moments_reweight(mnarrow, d, w, ws, &err), &err,
                    WOLD_EUSAGE, "moments of 2 columns");
    wold_moments_free(mnarrow);
    wold_data_free(n3);
    wold_data_free(narrow);
    wold_moments_work_free(ws);
    wold_moments_free(m);
    wold_moments_free(full);
    wold_moments_free(wrong);
    wold_data_free(d);
    wold_data_free(other);
}

/* A batch of resamples: each the same as its own reweight, to rounding;
 * a constant column in one resample is exactly constant there. */
static void check_batch(wold_missing missing, size_t miss, size_t B)
{
    wold_data *d = make(N, 61, miss);
    wold_moments *full = NULL;
    assert_int_equal(wold_moments_compute(&full, d, missing, NULL), WOLD_OK);
    wold_moments_work *ws = NULL;
    assert_int_equal(wold_moments_work_alloc(&ws, full, d, NULL), WOLD_OK);
    wold_moments *mb[WOLD_MOMENTS_BATCH], *one = NULL;
    double *w = malloc(N * B * sizeof *w), col[N];
    assert_non_null(w);
    for (size_t b = 0; b < B; b++) {
        assert_int_equal(wold_moments_copy(&mb[b], full, NULL), WOLD_OK);
        counts_of(col, N, 500 + (unsigned)b);
        if (b == 1) /* the rows where 'a' has row 1's value */
            for (size_t r = 0; r < N; r++)
                col[r] = wold_data_values(d)[r * P] == wold_data_values(d)[0]
                             ? 2.0 : 0.0;
        memcpy(w + b * N, col, sizeof col);
    }
    assert_int_equal(wold_moments_reweight_batch(mb, B, d, w, ws, NULL),
                     WOLD_OK);
    assert_int_equal(wold_moments_copy(&one, full, NULL), WOLD_OK);
    for (size_t b = 0; b < B; b++) {
        assert_int_equal(wold_moments_reweight(one, d, w + b * N, ws, NULL),
                         WOLD_OK);
        assert_int_equal(wold_moments_n(mb[b]), wold_moments_n(one));
        for (size_t i = 0; i < P; i++) {
            assert_true(rel(wold_moments_means(mb[b])[i],
                            wold_moments_means(one)[i]) <= 1e-13);
            assert_true(rel(wold_moments_sds(mb[b])[i],
                            wold_moments_sds(one)[i]) <= 1e-12);
        }
        if (b == 1) {
            assert_true(wold_moments_sds(mb[b])[0] == 0.0);
            assert_true(wold_moments_mins(mb[b])[0] ==
                        wold_moments_maxs(mb[b])[0]);
        } else if (B > 1) {
            /* Not near zero: the full sample's range. */
            assert_true(wold_moments_mins(mb[b])[0] ==
                        wold_moments_mins(full)[0]);
        }
        assert_int_equal(wold_moments_missing(mb[b]), missing);
    }
    for (size_t b = 0; b < B; b++)
        wold_moments_free(mb[b]);
    wold_moments_free(one);
    free(w);
    wold_moments_work_free(ws);
    wold_moments_free(full);
    wold_data_free(d);
}

static void test_batch(void **state)
{
    (void)state;
    check_batch(WOLD_MISSING_LISTWISE, 0, WOLD_MOMENTS_BATCH);
    check_batch(WOLD_MISSING_LISTWISE, 17, 7);
    check_batch(WOLD_MISSING_MEAN, 13, 2);
}

static void test_batch_errors(void **state)
{
    (void)state;
    wold_data *d = make(N, 71, 0);
    wold_moments *full = NULL, *a = NULL, *b = NULL;
    assert_int_equal(wold_moments_compute(&full, d, WOLD_MISSING_LISTWISE,
                                          NULL),
                     WOLD_OK);
    wold_moments_work *ws = NULL;
    assert_int_equal(wold_moments_work_alloc(&ws, full, d, NULL), WOLD_OK);
    assert_int_equal(wold_moments_copy(&a, full, NULL), WOLD_OK);
    assert_int_equal(wold_moments_copy(&b, full, NULL), WOLD_OK);
    wold_moments *m[2] = {a, b};
    double w[N * 2];
    for (size_t i = 0; i < N * 2; i++)
        w[i] = 1.0;
    wold_error err;
    WT_EXPECT_ERROR(wold_moments_reweight_batch(m, 0, d, w, ws, &err), &err,
                    WOLD_EUSAGE, "a batch holds 1 to 64 resamples, not 0");
    WT_EXPECT_ERROR(wold_moments_reweight_batch(m, 65, d, w, ws, &err), &err,
                    WOLD_EUSAGE, "not 65");
    w[N + 11] = -3.0;
    WT_EXPECT_ERROR(wold_moments_reweight_batch(m, 2, d, w, ws, &err), &err,
                    WOLD_EUSAGE, "the weight of row 12 is -3");
    bit_identical(a, full);
    bit_identical(b, full);
    for (size_t r = 0; r < N; r++)
        w[N + r] = 0.0;
    WT_EXPECT_ERROR(wold_moments_reweight_batch(m, 2, d, w, ws, &err), &err,
                    WOLD_EUSAGE, "every weight of resample 2 of the batch is 0");
    bit_identical(a, full);
    wold_data *other = make(N + 1, 71, 0);
    WT_EXPECT_ERROR(wold_moments_reweight_batch(m, 2, other, w, ws, &err),
                    &err, WOLD_EUSAGE, "do not match");
    wold_data_free(other);
    wold_moments_free(a);
    wold_moments_free(b);
    wold_moments_work_free(ws);
    wold_moments_free(full);
    wold_data_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_are_repeated_rows),
        cmocka_unit_test(test_no_weights_is_unweighted),
        cmocka_unit_test(test_fractional_total),
        cmocka_unit_test(test_merge_weighted),
        cmocka_unit_test(test_bad_weights),
        cmocka_unit_test(test_weight_on_missing_rows),
        cmocka_unit_test(test_reweight_equals_compute),
        cmocka_unit_test(test_reweight_mean_replacement),
        cmocka_unit_test(test_reweight_constant_column),
        cmocka_unit_test(test_reweight_errors),
        cmocka_unit_test(test_batch),
        cmocka_unit_test(test_batch_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
