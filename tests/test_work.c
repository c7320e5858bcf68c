/*
 * test_work.c - the fit workspace (src/fit/work.c, finish.c): driven by
 * hand it gives wold_fit_estimate's results bit for bit, it can be reused
 * for other moments, started from given weights, and it refuses steps out
 * of order.  (That a replicate allocates nothing is test_faultsim's
 * test_replicates_allocate_nothing.)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static const char model_text[] =
    "Image        =~ 0.8*img1 + 0.75*img2 + 0.7*img3\n"
    "Expectation  <~ exp1 + exp2 + exp3\n"
    "Quality      =~ 0.85*qual1 + 0.8*qual2 + 0.75*qual3\n"
    "Satisfaction =~ 0.9*sat1 + 0.85*sat2 + 0.8*sat3\n"
    "Quality      ~ 0.4*Expectation + 0.3*Image\n"
    "Satisfaction ~ 0.5*Quality + 0.2*Image\n";

static const char blocks_text[] =
    "Image        =~ img1 + img2 + img3\n"
    "Expectation  <~ exp1 + exp2 + exp3\n"
    "Quality      =~ qual1 + qual2 + qual3\n"
    "Satisfaction =~ sat1 + sat2 + sat3\n";

static wold_data *simulated(const wold_model *m, size_t n, uint64_t seed)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    wold_simulate_options opt;
    wold_simulate_options_default(&opt);
    opt.n = n;
    opt.seed = seed;
    opt.scale_lo = 1;
    opt.scale_hi = 10;
    assert_int_equal(wold_simulate_csv(m, &opt, f, NULL), WOLD_OK);
    assert_int_equal(fclose(f), 0);
    wold_data *d = NULL;
    assert_int_equal(wold_data_parse_csv(&d, buf, len, "sim.csv", m, NULL,
                                         NULL),
                     WOLD_OK);
    free(buf);
    return d;
}

static wold_moments *moments(const wold_data *d)
{
    wold_moments *m = NULL;
    assert_int_equal(wold_moments_compute(&m, d, WOLD_MISSING_LISTWISE, NULL),
                     WOLD_OK);
    return m;
}

static void same_doubles(const double *a, const double *b, size_t n)
{
    assert_memory_equal(a, b, n * sizeof *a);
}

/* Every result two fits hold, bit for bit. */
static void same_fit(const wold_fit *a, const wold_fit *b)
{
    const wold_model *m = wold_fit_model(a);
    size_t J = wold_model_n_lv(m), p = wold_model_n_mv(m);
    assert_int_equal(wold_fit_iterations(a), wold_fit_iterations(b));
    assert_int_equal(wold_fit_converged(a), wold_fit_converged(b));
    assert_int_equal(wold_fit_n(a), wold_fit_n(b));
    assert_memory_equal(wold_fit_lv(a, 0), wold_fit_lv(b, 0),
                        J * sizeof(wold_lv_stats));
    assert_memory_equal(wold_fit_mv(a, 0), wold_fit_mv(b, 0),
                        p * sizeof(wold_mv_stats));
    same_doubles(wold_fit_weights(a), wold_fit_weights(b), p);
    same_doubles(wold_fit_cross_loadings(a), wold_fit_cross_loadings(b),
                 p * J);
    same_doubles(wold_fit_lv_cor(a), wold_fit_lv_cor(b), J * J);
    same_doubles(wold_fit_paths(a), wold_fit_paths(b), J * J);
    same_doubles(wold_fit_total_effects(a), wold_fit_total_effects(b), J * J);
    same_doubles(wold_fit_indirect_effects(a), wold_fit_indirect_effects(b),
                 J * J);
    assert_int_equal(wold_fit_n_coefs(a), wold_fit_n_coefs(b));
    for (size_t k = 0; k < wold_fit_n_coefs(a); k++)
        assert_memory_equal(wold_fit_coef(a, k), wold_fit_coef(b, k),
                            sizeof(wold_coef));
    assert_int_equal(wold_fit_n_warnings(a), wold_fit_n_warnings(b));
    for (size_t k = 0; k < wold_fit_n_warnings(a); k++)
        assert_string_equal(wold_fit_warning(a, k)->error.message,
                            wold_fit_warning(b, k)->error.message);
    double ga = wold_fit_gof(a), gb = wold_fit_gof(b);
    assert_true(ga == gb || (isnan(ga) && isnan(gb)));
}

/* set, iterate until test, finish; returns finish's status and the last
 * test in *t. */
static wold_status drive(wold_fit_work *w, const wold_moments *mo,
                         const double *start, int *t, wold_error *err)
{
    wold_status st = wold_fit_work_set(w, mo, start, err);
    *t = 0;
    while (st == WOLD_OK && *t == 0) {
        st = wold_fit_work_iterate(w, err);
        *t = wold_fit_work_test(w);
    }
    return st == WOLD_OK ? wold_fit_work_finish(w, err) : st;
}

static void check_as_estimate(const char *text, wold_scheme scheme,
                              wold_compat compat)
{
    wold_model *model = wt_model(text);
    wold_data *d = simulated(model, 300, 5);
    wold_moments *mo = moments(d);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    opt.scheme = scheme;
    opt.compat = compat;
    if (compat == WOLD_COMPAT_PLSPM) {
        opt.tol = WOLD_PLSPM_TOL;
        opt.max_iter = WOLD_PLSPM_MAX_ITER;
    }
    wold_fit *ref = NULL;
    assert_int_equal(wold_fit_estimate(&ref, model, mo, &opt, NULL), WOLD_OK);
    wold_fit_work *w = NULL;
    assert_int_equal(wold_fit_work_alloc(&w, model, &opt, NULL), WOLD_OK);
    int t = 0;
    assert_int_equal(drive(w, mo, NULL, &t, NULL), WOLD_OK);
    assert_int_equal(t, 1);
    same_fit(wold_fit_work_fit(w), ref);
    /* Finish again: the same results, the warnings not doubled. */
    assert_int_equal(wold_fit_work_finish(w, NULL), WOLD_OK);
    same_fit(wold_fit_work_fit(w), ref);
    wold_fit_work_free(w);
    wold_fit_free(ref);
    wold_moments_free(mo);
    wold_data_free(d);
    wold_model_free(model);
}

static void test_as_estimate(void **state)
{
    (void)state;
    wold_scheme schemes[] = {WOLD_SCHEME_PATH, WOLD_SCHEME_CENTROID,
                             WOLD_SCHEME_FACTORIAL};
    for (size_t k = 0; k < 3; k++) {
        check_as_estimate(model_text, schemes[k], WOLD_COMPAT_NONE);
        check_as_estimate(model_text, schemes[k], WOLD_COMPAT_PLSPM);
    }
    /* Measurement only: the weights come in set, iterate does nothing. */
    check_as_estimate(blocks_text, WOLD_SCHEME_PATH, WOLD_COMPAT_NONE);
}

/* One workspace, other moments, then the first again: the same bits. */
static void test_reuse(void **state)
{
    (void)state;
    wold_model *model = wt_model(model_text);
    wold_data *d1 = simulated(model, 200, 1), *d2 = simulated(model, 120, 2);
    wold_moments *m1 = moments(d1), *m2 = moments(d2);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_fit *f1 = NULL, *f2 = NULL;
    assert_int_equal(wold_fit_estimate(&f1, model, m1, &opt, NULL), WOLD_OK);
    assert_int_equal(wold_fit_estimate(&f2, model, m2, &opt, NULL), WOLD_OK);
    wold_fit_work *w = NULL;
    assert_int_equal(wold_fit_work_alloc(&w, model, &opt, NULL), WOLD_OK);
    int t = 0;
    const wold_moments *seq[] = {m1, m2, m1};
    const wold_fit *refs[] = {f1, f2, f1};
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(drive(w, seq[k], NULL, &t, NULL), WOLD_OK);
        same_fit(wold_fit_work_fit(w), refs[k]);
    }
    wold_fit_work_free(w);
    wold_fit_free(f1);
    wold_fit_free(f2);
    wold_moments_free(m1);
    wold_moments_free(m2);
    wold_data_free(d1);
    wold_data_free(d2);
    wold_model_free(model);
}

/* Started from the converged weights the iteration stops at once, with
 * the same estimates; a resample started from the full sample's weights
 * converges to the fit from plspm's start. */
static void test_start_weights(void **state)
{
    (void)state;
    wold_model *model = wt_model(model_text);
    wold_data *d = simulated(model, 300, 9), *d2 = simulated(model, 300, 10);
    wold_moments *mo = moments(d), *mo2 = moments(d2);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_fit *ref = NULL, *ref2 = NULL;
    assert_int_equal(wold_fit_estimate(&ref, model, mo, &opt, NULL), WOLD_OK);
    assert_int_equal(wold_fit_estimate(&ref2, model, mo2, &opt, NULL),
                     WOLD_OK);
    wold_fit_work *w = NULL;
    assert_int_equal(wold_fit_work_alloc(&w, model, &opt, NULL), WOLD_OK);
    int t = 0;
    assert_int_equal(drive(w, mo, wold_fit_weights(ref), &t, NULL), WOLD_OK);
    const wold_fit *f = wold_fit_work_fit(w);
    assert_true(wold_fit_iterations(f) <= 2);
    size_t J = wold_model_n_lv(model), p = wold_model_n_mv(model);
    for (size_t k = 0; k < J * J; k++)
        WT_NEAR(wold_fit_paths(f)[k], wold_fit_paths(ref)[k], 1e-12, "path");
    assert_int_equal(drive(w, mo2, wold_fit_weights(ref), &t, NULL), WOLD_OK);
    f = wold_fit_work_fit(w);
    for (size_t i = 0; i < p; i++)
        WT_NEAR(wold_fit_mv(f, i)->weight, wold_fit_mv(ref2, i)->weight,
                1e-11, "weight");
    for (size_t k = 0; k < J * J; k++)
        WT_NEAR(wold_fit_paths(f)[k], wold_fit_paths(ref2)[k], 1e-11, "path");
    wold_fit_work_free(w);
    wold_fit_free(ref);
    wold_fit_free(ref2);
    wold_moments_free(mo);
    wold_moments_free(mo2);
    wold_data_free(d);
    wold_data_free(d2);
    wold_model_free(model);
}

/* The iteration limit: test gives -1, finish the complete results of the
 * last iteration and wold_fit_estimate's error. */
static void test_iteration_limit(void **state)
{
    (void)state;
    wold_model *model = wt_model(model_text);
    wold_data *d = simulated(model, 200, 3);
    wold_moments *mo = moments(d);
    wold_compat compat[] = {WOLD_COMPAT_NONE, WOLD_COMPAT_PLSPM};
    for (size_t k = 0; k < 2; k++) {
        wold_fit_options opt;
        wold_fit_options_default(&opt);
        opt.compat = compat[k];
        opt.max_iter = 2;
        wold_fit *ref = NULL;
        wold_error e1, e2;
        assert_int_equal(wold_fit_estimate(&ref, model, mo, &opt, &e1),
                         WOLD_ENUMERIC);
        assert_non_null(ref);
        wold_fit_work *w = NULL;
        assert_int_equal(wold_fit_work_alloc(&w, model, &opt, NULL), WOLD_OK);
        int t = 0;
        WT_EXPECT_ERROR(drive(w, mo, NULL, &t, &e2), &e2, WOLD_ENUMERIC,
                        "did not converge in 2 iterations");
        assert_int_equal(t, -1);
        assert_string_equal(e1.message, e2.message);
        assert_int_equal(wold_fit_converged(wold_fit_work_fit(w)), 0);
        same_fit(wold_fit_work_fit(w), ref);
        wold_fit_work_free(w);
        wold_fit_free(ref);
    }
    wold_moments_free(mo);
    wold_data_free(d);
    wold_model_free(model);
}

/* Steps out of order, bad options and moments: errors, never a crash. */
static void test_errors(void **state)
{
    (void)state;
    wold_model *model = wt_model(model_text);
    wold_data *d = simulated(model, 200, 4);
    wold_moments *mo = moments(d);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_error err;
    wold_fit_work *w = (wold_fit_work *)1;
    opt.tol = -1;
    WT_EXPECT_ERROR(wold_fit_work_alloc(&w, model, &opt, &err), &err,
                    WOLD_EUSAGE, "the tolerance must be a positive number");
    assert_null(w);
    wold_fit_options_default(&opt);
    assert_int_equal(wold_fit_work_alloc(&w, model, &opt, NULL), WOLD_OK);
    WT_EXPECT_ERROR(wold_fit_work_iterate(w, &err), &err, WOLD_EUSAGE,
                    "needs a successful wold_fit_work_set");
    assert_int_equal(wold_fit_work_test(w), 0);
    WT_EXPECT_ERROR(wold_fit_work_finish(w, &err), &err, WOLD_EUSAGE,
                    "needs a successful wold_fit_work_set");
    assert_int_equal(wold_fit_work_set(w, mo, NULL, NULL), WOLD_OK);
    WT_EXPECT_ERROR(wold_fit_work_finish(w, &err), &err, WOLD_EUSAGE,
                    "at least one iterate");
    /* Moments of other columns. */
    const char *names[2] = {"img1", "img2"};
    double x[6] = {1, 2, 3, 5, 4, 4};
    wold_data *narrow = NULL;
    assert_int_equal(wold_data_from_matrix(&narrow, x, 3, 2, names, NULL),
                     WOLD_OK);
    wold_moments *mn = moments(narrow);
    WT_EXPECT_ERROR(wold_fit_work_set(w, mn, NULL, &err), &err, WOLD_EUSAGE,
                    "the moments have 2 columns but the model has 12");
    WT_EXPECT_ERROR(wold_fit_work_iterate(w, &err), &err, WOLD_EUSAGE,
                    "needs a successful wold_fit_work_set");
    /* A constant indicator: wold_fit_estimate's first error, located. */
    size_t n = wold_data_n_rows(d), p = wold_data_n_cols(d);
    double *y = malloc(n * p * sizeof *y);
    assert_non_null(y);
    memcpy(y, wold_data_values(d), n * p * sizeof *y);
    for (size_t r = 0; r < n; r++)
        y[r * p + 4] = 3.0; /* exp2 */
    const char *all[12];
    for (size_t i = 0; i < p; i++)
        all[i] = wold_data_col_name(d, i);
    wold_data *dz = NULL;
    assert_int_equal(wold_data_from_matrix(&dz, y, n, p, all, NULL), WOLD_OK);
    wold_moments *mz = moments(dz);
    wold_error e2;
    wold_fit *none = NULL;
    assert_int_equal(wold_fit_estimate(&none, model, mz, &opt, &e2),
                     WOLD_ENUMERIC);
    assert_null(none);
    WT_EXPECT_ERROR(wold_fit_work_set(w, mz, NULL, &err), &err, WOLD_ENUMERIC,
                    "indicator 'exp2' has zero variance");
    assert_string_equal(err.message, e2.message);
    assert_int_equal(err.line, e2.line);
    assert_int_equal(err.col, e2.col);
    /* Start weights that leave a block without variance. */
    double start[12];
    for (size_t i = 0; i < 12; i++)
        start[i] = i < 3 ? 0.0 : 1.0;
    WT_EXPECT_ERROR(wold_fit_work_set(w, mo, start, &err), &err, WOLD_EUSAGE,
                    "the start weights of block 'Image' give its LV no "
                    "positive variance");
    start[0] = NAN;
    WT_EXPECT_ERROR(wold_fit_work_set(w, mo, start, &err), &err, WOLD_EUSAGE,
                    "block 'Image'");
    WT_EXPECT_ERROR(wold_fit_work_iterate(w, &err), &err, WOLD_EUSAGE,
                    "needs a successful wold_fit_work_set");
    /* The workspace still works afterwards. */
    int t = 0;
    assert_int_equal(drive(w, mo, NULL, &t, NULL), WOLD_OK);
    free(y);
    wold_moments_free(mz);
    wold_data_free(dz);
    wold_moments_free(mn);
    wold_data_free(narrow);
    wold_fit_work_free(w);
    wold_fit_work_free(NULL);
    wold_moments_free(mo);
    wold_data_free(d);
    wold_model_free(model);
}

/* Warnings: a near-collinear Mode B block (exp3 is exp1 up to 1e-6),
 * the same in a workspace fit as in wold_fit_estimate's, twice. */
static void test_warnings_as_estimate(void **state)
{
    (void)state;
    wold_model *model = wt_model(model_text);
    wold_data *d = simulated(model, 300, 6);
    size_t n = wold_data_n_rows(d), p = wold_data_n_cols(d);
    double *y = malloc(n * p * sizeof *y);
    assert_non_null(y);
    memcpy(y, wold_data_values(d), n * p * sizeof *y);
    for (size_t r = 0; r < n; r++)
        y[r * p + 5] = y[r * p + 3] + 1e-6 * (double)(r % 2);
    const char *all[12];
    for (size_t i = 0; i < p; i++)
        all[i] = wold_data_col_name(d, i);
    wold_data *dz = NULL;
    assert_int_equal(wold_data_from_matrix(&dz, y, n, p, all, NULL), WOLD_OK);
    wold_moments *mo = moments(dz);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_fit *ref = NULL;
    wold_error err;
    /* Weights that unstable need not converge: the fit is still there. */
    wold_status st = wold_fit_estimate(&ref, model, mo, &opt, &err);
    assert_non_null(ref);
    assert_true(wold_fit_n_warnings(ref) >= 1);
    assert_non_null(strstr(wold_fit_warning(ref, 0)->error.message,
                           "nearly collinear"));
    wold_fit_work *w = NULL;
    assert_int_equal(wold_fit_work_alloc(&w, model, &opt, NULL), WOLD_OK);
    int t = 0;
    for (int k = 0; k < 2; k++) {
        assert_int_equal(drive(w, mo, NULL, &t, NULL), st);
        same_fit(wold_fit_work_fit(w), ref);
    }
    wold_fit_work_free(w);
    wold_fit_free(ref);
    wold_moments_free(mo);
    free(y);
    wold_data_free(dz);
    wold_data_free(d);
    wold_model_free(model);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_as_estimate),
        cmocka_unit_test(test_reuse),
        cmocka_unit_test(test_start_weights),
        cmocka_unit_test(test_iteration_limit),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_warnings_as_estimate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
