/*
 * test_predict.c - PLSpredict (src/infer/predict.c, folds.c) and the
 * moment subtraction it rests on (src/moments/split.c).
 *
 * No published PLSpredict output of seminr or cSEM is among the reference
 * files, so the proof is a brute-force replay: for the same splits, each
 * training set is fitted from its own rows (wold_data_from_matrix and
 * wold_moments_compute, no subtraction), the held-out rows are predicted
 * by hand from the fit's public estimates, the LM benchmark is solved by
 * normal equations on the raw rows with an intercept, and the metrics are
 * computed with two-pass sums; wold_predict must agree to 1e-10.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "infer/folds.h"
#include "moments/moments.h"
#include "testutil.h"

#define TOL 1e-10

/* ------------------------------------------------------------------------
 * Data
 * ------------------------------------------------------------------------ */

static wold_model *read_model(const char *rel)
{
    wold_model *md = NULL;
    wold_error err;
    if (wold_model_read(&md, wt_source(rel), &err) != WOLD_OK)
        fail_msg("%s", err.message);
    return md;
}

static wold_data *read_data(const char *rel, const wold_model *md)
{
    wold_data *d = NULL;
    wold_error err;
    wold_csv_options csv;
    wold_csv_options_default(&csv);
    if (wold_data_read_csv(&d, wt_source(rel), md, &csv, &err) != WOLD_OK)
        fail_msg("%s", err.message);
    return d;
}

/* A matrix as data with the model's indicator names. */
static wold_data *matrix_data(const wold_model *md, const double *x, size_t n)
{
    size_t p = wold_model_n_mv(md);
    const char **names = malloc(p * sizeof *names);
    for (size_t i = 0; i < p; i++)
        names[i] = wold_model_mv_name(md, i);
    wold_data *d = NULL;
    wold_error err;
    if (wold_data_from_matrix(&d, x, n, p, names, &err) != WOLD_OK)
        fail_msg("%s", err.message);
    free(names);
    return d;
}

static wold_moments *moments_of(const wold_data *d, wold_missing missing)
{
    wold_moments *m = NULL;
    wold_error err;
    if (wold_moments_compute(&m, d, missing, &err) != WOLD_OK)
        fail_msg("%s", err.message);
    return m;
}

/* wold_predict with the default options but these. */
static wold_status run(wold_prediction **pr, const wold_model *md,
                       const wold_data *d, size_t folds, size_t repeats,
                       uint64_t seed, wold_error *err)
{
    wold_predict_options opt;
    wold_predict_options_default(&opt);
    opt.folds = folds, opt.repeats = repeats, opt.seed = seed;
    return wold_predict(pr, md, d, &opt, err);
}

/* ------------------------------------------------------------------------
 * (a) wold_moments_subtract equals the moments of the remaining rows
 * ------------------------------------------------------------------------ */

static void expect_same_moments(const wold_moments *a, const wold_moments *b,
                                double tol)
{
    size_t p = wold_moments_p(a);
    assert_int_equal(wold_moments_n(a), wold_moments_n(b));
    for (size_t i = 0; i < p; i++) {
        WT_NEAR(wold_moments_means(a)[i], wold_moments_means(b)[i], tol,
                "mean");
        WT_NEAR(wold_moments_sds(a)[i], wold_moments_sds(b)[i], tol, "sd");
        for (size_t j = 0; j < p; j++)
            WT_NEAR(wold_moments_cov(a)[i * p + j],
                    wold_moments_cov(b)[i * p + j], tol, "cov");
    }
}

static void test_subtract(void **state)
{
    (void)state;
    wold_model *md = read_model("models/acsi.wold");
    wold_data *all = read_data("datasets/acsi_2000.csv", md);
    size_t p = wold_data_n_cols(all);
    const double *x = wold_data_values(all);
    /* Rows 0..299 split into rows 100..159 (the part) and the others. */
    double *part = malloc(60 * p * sizeof *part);
    double *rest = malloc(240 * p * sizeof *rest);
    memcpy(rest, x, 100 * p * sizeof *x);
    memcpy(part, x + 100 * p, 60 * p * sizeof *x);
    memcpy(rest + 100 * p, x + 160 * p, 140 * p * sizeof *x);
    wold_data *d300 = matrix_data(md, x, 300), *dp = matrix_data(md, part, 60);
    wold_data *dr = matrix_data(md, rest, 240);
    wold_moments *m = moments_of(d300, WOLD_MISSING_LISTWISE);
    wold_moments *mp = moments_of(dp, WOLD_MISSING_LISTWISE);
    wold_moments *mr = moments_of(dr, WOLD_MISSING_LISTWISE);
    wold_error err;
    assert_int_equal(wold_moments_subtract(m, mp, &err), WOLD_OK);
    expect_same_moments(m, mr, 1e-12);
    /* Merging the part back restores the whole. */
    wold_moments *m300 = moments_of(d300, WOLD_MISSING_LISTWISE);
    assert_int_equal(wold_moments_merge(m, mp, &err), WOLD_OK);
    expect_same_moments(m, m300, 1e-12);
    /* Subtracting everything leaves nothing. */
    assert_int_equal(wold_moments_subtract(m, m300, &err), WOLD_OK);
    assert_int_equal(wold_moments_n(m), 0);
    assert_true(isnan(wold_moments_mins(m)[0]));
    wold_moments_free(m), wold_moments_free(mp), wold_moments_free(mr);
    wold_moments_free(m300);
    wold_data_free(d300), wold_data_free(dp), wold_data_free(dr);
    wold_data_free(all);
    wold_model_free(md);
    free(part), free(rest);
}

static void test_subtract_errors(void **state)
{
    (void)state;
    const double x[] = {1, 2, 3, 4, 5, 7, 2, 2};
    const char *n2[] = {"a", "b"}, *n1[] = {"a"};
    wold_data *d2 = NULL, *d1 = NULL, *big = NULL;
    wold_error err;
    assert_int_equal(wold_data_from_matrix(&d2, x, 2, 2, n2, &err), WOLD_OK);
    assert_int_equal(wold_data_from_matrix(&d1, x, 4, 1, n1, &err), WOLD_OK);
    assert_int_equal(wold_data_from_matrix(&big, x, 4, 2, n2, &err), WOLD_OK);
    wold_moments *m2 = moments_of(d2, WOLD_MISSING_LISTWISE);
    wold_moments *m1 = moments_of(d1, WOLD_MISSING_LISTWISE);
    wold_moments *mb = moments_of(big, WOLD_MISSING_LISTWISE);
    WT_EXPECT_ERROR(wold_moments_subtract(m2, m1, &err), &err, WOLD_EUSAGE,
                    "cannot subtract moments of 1 columns from moments of 2");
    WT_EXPECT_ERROR(wold_moments_subtract(m2, mb, &err), &err, WOLD_EUSAGE,
                    "not a part of them");
    assert_int_equal(wold_moments_n(m2), 2); /* unchanged */
    wold_moments_free(m2), wold_moments_free(m1), wold_moments_free(mb);
    wold_data_free(d2), wold_data_free(d1), wold_data_free(big);
}

/* ------------------------------------------------------------------------
 * (b) brute force: each training set fitted from its own rows
 * ------------------------------------------------------------------------ */

/* Solves the m x m system A b = y in place (Gaussian elimination with
 * partial pivoting, long double), for the LM's normal equations. */
static void solve(long double *A, long double *y, size_t m)
{
    for (size_t c = 0; c < m; c++) {
        size_t piv = c;
        for (size_t r = c + 1; r < m; r++)
            if (fabsl(A[r * m + c]) > fabsl(A[piv * m + c]))
                piv = r;
        for (size_t k = 0; k < m; k++) {
            long double t = A[c * m + k];
            A[c * m + k] = A[piv * m + k];
            A[piv * m + k] = t;
        }
        long double t = y[c];
        y[c] = y[piv];
        y[piv] = t;
        for (size_t r = c + 1; r < m; r++) {
            long double f = A[r * m + c] / A[c * m + c];
            for (size_t k = c; k < m; k++)
                A[r * m + k] -= f * A[c * m + k];
            y[r] -= f * y[c];
        }
    }
    for (size_t c = m; c-- > 0;) {
        for (size_t k = c + 1; k < m; k++)
            y[c] -= A[c * m + k] * y[k];
        y[c] /= A[c * m + c];
    }
}

typedef struct brute {
    const wold_model *md;
    size_t p, J, n;
    unsigned char *exo_lv;
    double *pls, *lm, *mb; /* n x p predictions of the held-out rows */
} brute;

static int is_exo(const wold_model *md, size_t j)
{
    for (size_t k = 0; k < wold_model_n_lv(md); k++)
        if (wold_model_has_path(md, k, j))
            return 0;
    return 1;
}

/* LM coefficients of indicator y on the exogenous indicators (with an
 * intercept first), from the raw training rows. */
static void lm_coef(const brute *b, const double *T, size_t nt, size_t y,
                    long double *coef)
{
    size_t ex[64], m = 1;
    for (size_t i = 0; i < b->p; i++)
        if (b->exo_lv[wold_model_mv_lv(b->md, i)])
            ex[m++ - 1] = i;
    long double *A = calloc(m * m, sizeof *A);
    for (size_t c = 0; c < m; c++)
        coef[c] = 0;
    for (size_t r = 0; r < nt; r++) {
        const double *x = T + r * b->p;
        for (size_t c = 0; c < m; c++) {
            long double xc = c == 0 ? 1.0L : x[ex[c - 1]];
            coef[c] += xc * x[y];
            for (size_t e = 0; e < m; e++)
                A[c * m + e] += xc * (e == 0 ? 1.0L : x[ex[e - 1]]);
        }
    }
    solve(A, coef, m);
    free(A);
}

/* Predicts row x from the training fit by hand into the row's slots. */
static void predict_by_hand(const brute *b, const wold_fit *fit,
                            const wold_moments *tm, const double *x,
                            int direct, double *pls)
{
    size_t J = b->J, p = b->p;
    const double *P = wold_fit_paths(fit);
    double eta[64] = {0}, hat[64] = {0};
    for (size_t i = 0; i < p; i++)
        eta[wold_model_mv_lv(b->md, i)] +=
            wold_fit_mv(fit, i)->weight * (x[i] - wold_moments_means(tm)[i]) /
            wold_moments_sds(tm)[i];
    /* Earliest: propagate exogenous scores through the paths, J sweeps
     * reach every chain of a recursive model. */
    for (size_t j = 0; j < J; j++)
        hat[j] = b->exo_lv[j] ? eta[j] : 0.0;
    for (size_t sweep = 0; sweep < J; sweep++)
        for (size_t k = 0; k < J; k++) {
            if (b->exo_lv[k])
                continue;
            double s = 0.0;
            for (size_t j = 0; j < J; j++)
                s += P[k * J + j] * (direct ? eta[j] : hat[j]);
            hat[k] = s;
        }
    for (size_t i = 0; i < p; i++) {
        size_t j = wold_model_mv_lv(b->md, i);
        pls[i] = wold_moments_means(tm)[i] + wold_moments_sds(tm)[i] *
                                                 wold_fit_mv(fit, i)->loading *
                                                 hat[j];
    }
}

/* One fold: fit the training rows, predict the held-out rows. */
static void brute_fold(brute *b, const double *X, const size_t *perm,
                       size_t lo, size_t hi, int direct)
{
    size_t p = b->p, nt = b->n - (hi - lo), t = 0;
    double *T = malloc(nt * p * sizeof *T);
    for (size_t s = 0; s < b->n; s++)
        if (s < lo || s >= hi)
            memcpy(T + t++ * p, X + perm[s] * p, p * sizeof *T);
    wold_data *d = matrix_data(b->md, T, nt);
    wold_moments *tm = moments_of(d, WOLD_MISSING_LISTWISE);
    wold_fit *fit = NULL;
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    wold_error err;
    if (wold_fit_estimate(&fit, b->md, tm, &fo, &err) != WOLD_OK)
        fail_msg("%s", err.message);
    long double coef[64];
    for (size_t y = 0; y < p; y++) {
        if (b->exo_lv[wold_model_mv_lv(b->md, y)])
            continue;
        lm_coef(b, T, nt, y, coef);
        for (size_t s = lo; s < hi; s++) {
            const double *x = X + perm[s] * p;
            long double v = coef[0];
            size_t c = 1;
            for (size_t i = 0; i < p; i++)
                if (b->exo_lv[wold_model_mv_lv(b->md, i)])
                    v += coef[c++] * x[i];
            b->lm[perm[s] * p + y] = (double)v;
            b->mb[perm[s] * p + y] = wold_moments_means(tm)[y];
        }
    }
    for (size_t s = lo; s < hi; s++)
        predict_by_hand(b, fit, tm, X + perm[s] * p, direct,
                        b->pls + perm[s] * p);
    wold_fit_free(fit);
    wold_moments_free(tm);
    wold_data_free(d);
    free(T);
}

/* Metrics of indicator y over all rows, two-pass: sums[8] as
 * wold_predict_stats from q2 on. */
static void brute_metrics(const brute *b, const double *X, size_t y,
                          double *m)
{
    long double sse = 0, sae = 0, lsse = 0, lsae = 0, msse = 0, msae = 0;
    long double emean = 0, mmean = 0, ec = 0, mc = 0;
    size_t n = b->n, p = b->p;
    for (size_t r = 0; r < n; r++) {
        emean += X[r * p + y] - b->pls[r * p + y];
        mmean += X[r * p + y] - b->mb[r * p + y];
    }
    emean /= n, mmean /= n;
    for (size_t r = 0; r < n; r++) {
        long double e = X[r * p + y] - b->pls[r * p + y];
        long double el = X[r * p + y] - b->lm[r * p + y];
        long double em = X[r * p + y] - b->mb[r * p + y];
        sse += e * e, sae += fabsl(e), lsse += el * el, lsae += fabsl(el);
        msse += em * em, msae += fabsl(em);
        ec += (e - emean) * (e - emean), mc += (em - mmean) * (em - mmean);
    }
    double dn = (double)n;
    m[0] = (double)(1 - sse / msse);
    m[1] = (double)(1 - ec / mc);
    m[2] = sqrt((double)sse / dn), m[3] = (double)sae / dn;
    m[4] = sqrt((double)lsse / dn), m[5] = (double)lsae / dn;
    m[6] = sqrt((double)msse / dn), m[7] = (double)msae / dn;
}

/* wold_predict against the brute force, repeats averaged. */
static void check_brute(const char *model_rel, const char *model_text,
                        const char *data_rel, wold_missing missing,
                        size_t folds, size_t repeats, int direct)
{
    wold_model *md = model_text ? wt_model(model_text) : read_model(model_rel);
    wold_data *data = read_data(data_rel, md);
    wold_predict_options opt;
    wold_predict_options_default(&opt);
    opt.folds = folds, opt.repeats = repeats, opt.seed = 42;
    opt.missing = missing;
    opt.approach = direct ? WOLD_PREDICT_DIRECT : WOLD_PREDICT_EARLIEST;
    wold_prediction *pr = NULL;
    wold_error err;
    if (wold_predict(&pr, md, data, &opt, &err) != WOLD_OK)
        fail_msg("%s", err.message);
    wold__folds w;
    assert_int_equal(wold__folds_alloc(&w, md, data, &opt, &err), WOLD_OK);
    brute b = {md, w.p, w.J, w.n, NULL, NULL, NULL, NULL};
    b.exo_lv = malloc(b.J);
    for (size_t j = 0; j < b.J; j++)
        b.exo_lv[j] = (unsigned char)is_exo(md, j);
    b.pls = calloc(b.n * b.p, sizeof *b.pls);
    b.lm = calloc(b.n * b.p, sizeof *b.lm);
    b.mb = calloc(b.n * b.p, sizeof *b.mb);
    size_t q = wold_prediction_n_indicators(pr);
    double *avg = calloc(q * 8, sizeof *avg), m[8];
    for (size_t r = 0; r < repeats; r++) {
        wold__folds_shuffle(&w, r);
        for (size_t f = 0; f < folds; f++) {
            size_t lo, hi;
            wold__folds_bounds(&w, f, &lo, &hi);
            brute_fold(&b, w.X, w.perm, lo, hi, direct);
        }
        for (size_t k = 0; k < q; k++) {
            brute_metrics(&b, w.X, wold_prediction_indicator(pr, k)->mv, m);
            for (size_t c = 0; c < 8; c++)
                avg[k * 8 + c] += m[c] / (double)repeats;
        }
    }
    for (size_t k = 0; k < q; k++) {
        const wold_predict_stats *s = wold_prediction_indicator(pr, k);
        const double got[8] = {s->q2, s->q2_centred, s->rmse, s->mae,
                               s->lm_rmse, s->lm_mae, s->mean_rmse,
                               s->mean_mae};
        static const char *const what[8] = {
            "q2", "q2_centred", "rmse", "mae", "lm_rmse", "lm_mae",
            "mean_rmse", "mean_mae"};
        for (size_t c = 0; c < 8; c++)
            WT_NEAR(got[c], avg[k * 8 + c], TOL, what[c]);
    }
    free(avg), free(b.exo_lv), free(b.pls), free(b.lm), free(b.mb);
    wold__folds_free(&w);
    wold_prediction_free(pr);
    wold_data_free(data);
    wold_model_free(md);
}

static void test_brute_earliest(void **state)
{
    (void)state;
    check_brute("models/acsi.wold", NULL, "datasets/acsi_2000.csv",
                WOLD_MISSING_LISTWISE, 10, 2, 0);
}

static void test_brute_direct(void **state)
{
    (void)state;
    check_brute("models/acsi.wold", NULL, "datasets/acsi_2000.csv",
                WOLD_MISSING_LISTWISE, 7, 1, 1);
}

/* Mode B blocks, exogenous and endogenous. */
static const char acsi_mode_b[] =
    "Expectation  <~ exp1 + exp2 + exp3\n"
    "Quality      =~ qual1 + qual2 + qual3\n"
    "Value        <~ val1 + val2\n"
    "Satisfaction =~ sat1 + sat2 + sat3\n"
    "Complaints   =~ comp1\n"
    "Loyalty      =~ loy1 + loy2\n"
    "Quality      ~ Expectation\n"
    "Value        ~ Expectation + Quality\n"
    "Satisfaction ~ Expectation + Quality + Value\n"
    "Complaints   ~ Satisfaction\n"
    "Loyalty      ~ Satisfaction + Complaints\n";

static void test_brute_mode_b(void **state)
{
    (void)state;
    check_brute(NULL, acsi_mode_b, "datasets/acsi_2000.csv",
                WOLD_MISSING_LISTWISE, 5, 1, 0);
}

/* Listwise deletion splits only the complete rows. */
static void test_brute_listwise(void **state)
{
    (void)state;
    check_brute("models/ecsi.wold", NULL, "datasets/ecsi_5000_missing.csv",
                WOLD_MISSING_LISTWISE, 4, 1, 0);
}

/* A hand-worked case: with one indicator per block the PLS prediction is
 * the least-squares one (the LV scores are the standardised indicators,
 * the paths their standardised regression coefficients, the loadings 1),
 * so PLS and LM must give the same numbers, and Q2 follows from the
 * RMSEs: 1 - RMSE_PLS^2 / RMSE_mean^2. */
static void test_single_indicators(void **state)
{
    (void)state;
    wold_model *md = read_model("models/acsi.wold");
    wold_data *all = read_data("datasets/acsi_2000.csv", md);
    wold_model *one = wt_model("E =~ exp1\nQ =~ qual1\nS =~ sat1\n"
                               "S ~ E + Q\n");
    size_t n = 500, cols[3] = {0, 3, 8}; /* exp1, qual1, sat1 */
    double *x = malloc(n * 3 * sizeof *x);
    for (size_t r = 0; r < n; r++)
        for (size_t c = 0; c < 3; c++)
            x[r * 3 + c] = wold_data_values(all)[r * 14 + cols[c]];
    wold_data *d = matrix_data(one, x, n);
    wold_prediction *pr = NULL;
    wold_error err;
    assert_int_equal(run(&pr, one, d, 10, 3, 5, &err), WOLD_OK);
    assert_int_equal(wold_prediction_n_indicators(pr), 1);
    const wold_predict_stats *s = wold_prediction_indicator(pr, 0);
    assert_int_equal(s->mv, 2);
    WT_NEAR(s->rmse, s->lm_rmse, 1e-12, "PLS = LM (RMSE)");
    WT_NEAR(s->mae, s->lm_mae, 1e-12, "PLS = LM (MAE)");
    assert_true(s->rmse < s->mean_rmse);
    wold_prediction_free(pr);
    /* One repeat: Q2 is exactly 1 - (RMSE / mean RMSE)^2. */
    assert_int_equal(run(&pr, one, d, 4, 1, 5, &err), WOLD_OK);
    s = wold_prediction_indicator(pr, 0);
    WT_NEAR(s->q2, 1 - s->rmse * s->rmse / (s->mean_rmse * s->mean_rmse),
            1e-12, "Q2 from the RMSEs");
    wold_prediction_free(pr);
    wold_data_free(d);
    wold_data_free(all);
    wold_model_free(one);
    wold_model_free(md);
    free(x);
}

/* ------------------------------------------------------------------------
 * (c) determinism, and what the options change
 * ------------------------------------------------------------------------ */

static void test_determinism(void **state)
{
    (void)state;
    wold_model *md = read_model("models/acsi.wold");
    wold_data *d = read_data("datasets/acsi_2000.csv", md);
    wold_prediction *a = NULL, *b = NULL, *c = NULL;
    wold_error err;
    assert_int_equal(run(&a, md, d, 10, 3, 7, &err), WOLD_OK);
    assert_int_equal(run(&b, md, d, 10, 3, 7, &err), WOLD_OK);
    assert_int_equal(run(&c, md, d, 10, 3, 8, &err), WOLD_OK);
    size_t q = wold_prediction_n_indicators(a);
    assert_int_equal(q, 11); /* the 14 indicators less Expectation's 3 */
    assert_int_equal(wold_prediction_n(a), 2000);
    assert_null(wold_prediction_indicator(a, q));
    int differs = 0;
    for (size_t k = 0; k < q; k++) {
        const wold_predict_stats *sa = wold_prediction_indicator(a, k);
        const wold_predict_stats *sb = wold_prediction_indicator(b, k);
        const wold_predict_stats *sc = wold_prediction_indicator(c, k);
        assert_memory_equal(sa, sb, sizeof *sa);
        differs |= sa->rmse != sc->rmse;
        /* The training mean does worse than PLS on this panel. */
        assert_true(sa->q2 > 0 && sa->rmse < sa->mean_rmse);
    }
    assert_true(differs);
    char *ta = NULL, *tb = NULL;
    assert_int_equal(wold_report_prediction(&ta, a, WOLD_FORMAT_JSON, &err),
                     WOLD_OK);
    assert_int_equal(wold_report_prediction(&tb, b, WOLD_FORMAT_JSON, &err),
                     WOLD_OK);
    assert_string_equal(ta, tb);
    assert_non_null(strstr(ta, "\"q2_predict\""));
    free(ta), free(tb);
    assert_int_equal(wold_report_prediction(&ta, a, WOLD_FORMAT_TEXT, &err),
                     WOLD_OK);
    assert_non_null(strstr(ta, "Q2predict"));
    free(ta);
    wold_prediction_free(a), wold_prediction_free(b), wold_prediction_free(c);
    wold_data_free(d);
    wold_model_free(md);
}

/* The folds of a permutation cover every row once, in sizes that differ
 * by at most one. */
static void test_folds_partition(void **state)
{
    (void)state;
    wold_model *md = read_model("models/acsi.wold");
    wold_data *d = read_data("datasets/acsi_2000.csv", md);
    wold_predict_options opt;
    wold_predict_options_default(&opt);
    opt.folds = 7;
    wold__folds w;
    wold_error err;
    assert_int_equal(wold__folds_alloc(&w, md, d, &opt, &err), WOLD_OK);
    wold__folds_shuffle(&w, 3);
    unsigned char *seen = calloc(w.n, 1);
    for (size_t i = 0; i < w.n; i++)
        seen[w.perm[i]]++;
    for (size_t i = 0; i < w.n; i++)
        assert_int_equal(seen[i], 1);
    size_t prev_hi = 0;
    for (size_t f = 0; f < 7; f++) {
        size_t lo, hi;
        wold__folds_bounds(&w, f, &lo, &hi);
        assert_int_equal(lo, prev_hi);
        assert_true(hi - lo == 2000 / 7 || hi - lo == 2000 / 7 + 1);
        prev_hi = hi;
    }
    assert_int_equal(prev_hi, w.n);
    free(seen);
    wold__folds_free(&w);
    wold_data_free(d);
    wold_model_free(md);
}

/* ------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------ */

static void test_bad_options(void **state)
{
    (void)state;
    wold_model *md = read_model("models/acsi.wold");
    wold_data *d = read_data("datasets/acsi_2000.csv", md);
    wold_prediction *pr = NULL;
    wold_error err;
    WT_EXPECT_ERROR(run(&pr, md, d, 1, 1, 1, &err), &err, WOLD_EUSAGE,
                    "the number of folds must be at least 2, got 1");
    assert_null(pr);
    WT_EXPECT_ERROR(run(&pr, md, d, 2001, 1, 1, &err), &err, WOLD_EUSAGE,
                    "2001 folds, but the data have only 2000 usable rows");
    WT_EXPECT_ERROR(run(&pr, md, d, 10, 0, 1, &err), &err, WOLD_EUSAGE,
                    "the number of repeats must be at least 1");
    wold_predict_options opt;
    wold_predict_options_default(&opt);
    opt.approach = (wold_predict_approach)7;
    WT_EXPECT_ERROR(wold_predict(&pr, md, d, &opt, &err), &err, WOLD_EUSAGE,
                    "unknown prediction approach 7");
    wold_predict_options_default(&opt);
    opt.missing = (wold_missing)9;
    WT_EXPECT_ERROR(wold_predict(&pr, md, d, &opt, &err), &err, WOLD_EUSAGE,
                    "unknown missing-value rule 9");
    wold_predict_options_default(&opt);
    opt.fit.tol = -1;
    WT_EXPECT_ERROR(wold_predict(&pr, md, d, &opt, &err), &err, WOLD_EUSAGE,
                    "tolerance");
    assert_null(pr);
    wold_data_free(d);
    wold_model_free(md);
}

static void test_no_paths(void **state)
{
    (void)state;
    wold_model *md = wt_model("A =~ a1 + a2\nB =~ b1 + b2\n");
    const double x[] = {1, 2, 3, 4, 2, 1, 4, 4, 3, 3, 1, 2, 4, 4, 2, 1};
    wold_data *d = matrix_data(md, x, 4);
    wold_prediction *pr = NULL;
    wold_error err;
    WT_EXPECT_ERROR(run(&pr, md, d, 2, 1, 1, &err), &err, WOLD_EINPUT,
                    "the model has no structural paths");
    assert_null(pr);
    /* Data not read with the model. */
    wold_model *other = wt_model("A =~ a1 + a2\nB =~ b1 + b3\nB ~ A\n");
    WT_EXPECT_ERROR(run(&pr, other, d, 2, 1, 1, &err), &err, WOLD_EUSAGE,
                    "data column 4 is 'b2', the model's indicator is 'b3'");
    wold_data_free(d);
    wold_model_free(md);
    wold_model_free(other);
}

/* A column that varies in one row only is constant in the training rows
 * of that row's fold: the fold's fit fails, naming the fold, although the
 * subtraction leaves rounding noise where the variance is zero. */
static void test_fold_zero_variance(void **state)
{
    (void)state;
    wold_model *md = wt_model("A =~ a1 + a2\nB =~ b1 + b2\nB ~ A\n");
    size_t n = 40;
    double *x = malloc(n * 4 * sizeof *x);
    unsigned s = 5;
    for (size_t r = 0; r < n; r++)
        for (size_t i = 0; i < 4; i++) {
            s = s * 1103515245u + 12345u;
            x[r * 4 + i] = 1.0 + (double)((s >> 16) % 7);
        }
    for (size_t r = 0; r < n; r++)
        x[r * 4 + 3] = r == 17 ? 5.3 : 4.1;
    wold_data *d = matrix_data(md, x, n);
    wold_prediction *pr = NULL;
    wold_error err;
    WT_EXPECT_ERROR(run(&pr, md, d, 5, 1, 3, &err), &err, WOLD_ENUMERIC,
                    "repeat 1, fold ");
    WT_EXPECT_ERROR(WOLD_ENUMERIC, &err, WOLD_ENUMERIC,
                    "(32 training rows): indicator 'b2' has zero variance");
    assert_int_equal(err.line, 2); /* located at b2 in its block */
    assert_null(pr);
    wold_data_free(d);
    wold_model_free(md);
    free(x);
}

/* Two exogenous indicators equal but in one row: in that row's fold the
 * LM benchmark has collinear predictors (the Mode A fit does not mind). */
static void test_fold_lm_collinear(void **state)
{
    (void)state;
    wold_model *md = wt_model("A =~ a1 + a2\nB =~ b1 + b2\nB ~ A\n");
    size_t n = 30;
    double *x = malloc(n * 4 * sizeof *x);
    unsigned s = 11;
    for (size_t r = 0; r < n; r++)
        for (size_t i = 0; i < 4; i++) {
            s = s * 1103515245u + 12345u;
            x[r * 4 + i] = 1.0 + (double)((s >> 16) % 7);
        }
    for (size_t r = 0; r < n; r++)
        x[r * 4 + 1] = x[r * 4] + (r == 4 ? 1.0 : 0.0);
    wold_data *d = matrix_data(md, x, n);
    wold_prediction *pr = NULL;
    wold_error err;
    WT_EXPECT_ERROR(run(&pr, md, d, 3, 1, 1, &err), &err, WOLD_ENUMERIC,
                    "the LM benchmark cannot be solved: the indicators 'a1' "
                    "and 'a2' of the exogenous blocks are collinear");
    assert_non_null(strstr(err.message, "repeat 1, fold "));
    assert_null(pr);
    wold_data_free(d);
    wold_model_free(md);
    free(x);
}

/* A Mode B block whose indicators differ in one row only is singular in
 * the training rows of that row's fold. */
static void test_fold_mode_b_collinear(void **state)
{
    (void)state;
    wold_model *md = wt_model("A =~ a1 + a2\nB <~ b1 + b2\nB ~ A\n");
    size_t n = 60;
    double *x = malloc(n * 4 * sizeof *x);
    unsigned s = 1;
    for (size_t r = 0; r < n; r++) {
        for (size_t i = 0; i < 3; i++) {
            s = s * 1103515245u + 12345u;
            x[r * 4 + i] = 1.0 + (double)((s >> 16) % 9);
        }
        x[r * 4 + 3] = x[r * 4 + 2] + (r == 17 ? 1.0 : 0.0);
    }
    wold_data *d = matrix_data(md, x, n);
    wold_prediction *pr = NULL;
    wold_error err;
    WT_EXPECT_ERROR(run(&pr, md, d, 5, 1, 2, &err), &err, WOLD_ENUMERIC,
                    "(48 training rows): Mode B block 'B': its indicators "
                    "'b1' and 'b2' are collinear");
    assert_int_equal(err.line, 2);
    assert_null(pr);
    wold_data_free(d);
    wold_model_free(md);
    free(x);
}

/* A problem of the whole data is reported as the fit reports it. */
static void test_full_sample_error(void **state)
{
    (void)state;
    wold_model *md = wt_model("A =~ a1 + a2\nB =~ b1 + b2\nB ~ A\n");
    double x[4 * 6];
    for (size_t r = 0; r < 6; r++) {
        x[r * 4] = (double)r, x[r * 4 + 1] = (double)(r * r % 5);
        x[r * 4 + 2] = 3.0, x[r * 4 + 3] = (double)(r % 3);
    }
    wold_data *d = matrix_data(md, x, 6);
    wold_prediction *pr = NULL;
    wold_error err;
    WT_EXPECT_ERROR(run(&pr, md, d, 3, 1, 1, &err), &err, WOLD_ENUMERIC,
                    "indicator 'b1' has zero variance");
    assert_null(strstr(err.message, "fold"));
    wold_data_free(d);
    wold_model_free(md);
}

/* Mean replacement cross-validates every row. */
static void test_mean_replacement(void **state)
{
    (void)state;
    wold_model *md = read_model("models/ecsi.wold");
    wold_data *d = read_data("datasets/ecsi_5000_missing.csv", md);
    wold_predict_options opt;
    wold_predict_options_default(&opt);
    opt.repeats = 1;
    opt.missing = WOLD_MISSING_MEAN;
    wold_prediction *pr = NULL;
    wold_error err;
    assert_int_equal(wold_predict(&pr, md, d, &opt, &err), WOLD_OK);
    assert_int_equal(wold_prediction_n(pr), 5000);
    assert_int_equal(wold_prediction_options(pr)->missing, WOLD_MISSING_MEAN);
    assert_ptr_equal(wold_prediction_model(pr), md);
    wold_prediction_free(pr);
    opt.missing = WOLD_MISSING_LISTWISE;
    assert_int_equal(wold_predict(&pr, md, d, &opt, &err), WOLD_OK);
    assert_int_equal(wold_prediction_n(pr),
                     5000 - wold_data_n_incomplete_rows(d));
    wold_prediction_free(pr);
    wold_prediction_free(NULL);
    wold_data_free(d);
    wold_model_free(md);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subtract),
        cmocka_unit_test(test_subtract_errors),
        cmocka_unit_test(test_brute_earliest),
        cmocka_unit_test(test_brute_direct),
        cmocka_unit_test(test_brute_mode_b),
        cmocka_unit_test(test_brute_listwise),
        cmocka_unit_test(test_single_indicators),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_folds_partition),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_no_paths),
        cmocka_unit_test(test_fold_zero_variance),
        cmocka_unit_test(test_fold_lm_collinear),
        cmocka_unit_test(test_fold_mode_b_collinear),
        cmocka_unit_test(test_full_sample_error),
        cmocka_unit_test(test_mean_replacement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
