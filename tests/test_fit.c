/*
 * test_fit.c - the estimation on hand-made moment matrices whose PLS
 * solution is known in closed form, and its error paths.
 *
 * Two blocks of two indicators, within-block correlation a, every
 * cross-block correlation c: by symmetry every weight is equal, so an LV
 * is (x1 + x2) / sqrt(2 + 2a), the LV correlation is 4c / (2 + 2a), a
 * loading is (1 + a) / sqrt(2 + 2a), a cross-loading 2c / sqrt(2 + 2a).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "data/data.h"
#include "fit/fit.h"
#include "moments/moments.h"
#include "testutil.h"

#define TOL 1e-12

/* Moments of n rows with unit variances and the given correlations. */
static wold_moments *moments_of(const double *R, size_t p, size_t n,
                                const double *sd)
{
    wold_moments *m = NULL;
    assert_int_equal(wold__moments_alloc(&m, p, NULL), WOLD_OK);
    m->n = n;
    for (size_t i = 0; i < p; i++) {
        m->mean[i] = 5.0;
        for (size_t j = 0; j < p; j++)
            m->m2[i * p + j] = R[i * p + j] * (double)n * (sd ? sd[i] * sd[j] : 1.0);
    }
    wold__moments_finish(m);
    return m;
}

static void two_block_R(double a, double c, double *R)
{
    double r[16] = {1, a, c, c, a, 1, c, c, c, c, 1, a, c, c, a, 1};
    memcpy(R, r, sizeof r);
}

static wold_fit *fit_ok(const char *text, wold_moments *mo, wold_fit_options *opt,
                        wold_model **model)
{
    *model = wt_model(text);
    wold_fit *fit = NULL;
    wold_error err;
    wold_status st = wold_fit_estimate(&fit, *model, mo, opt, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_OK, NULL);
    return fit;
}

/* The criteria of fit on mo; fails the test on error. */
static wold_assess *assess_ok(const wold_fit *fit, const wold_moments *mo)
{
    wold_assess *as = NULL;
    wold_error err;
    assert_int_equal(wold_assess_compute(&as, fit, mo, &err), WOLD_OK);
    return as;
}

static void check_symmetric(const char *text, wold_scheme scheme, int scaled)
{
    double R[16];
    two_block_R(0.5, 0.3, R);
    wold_moments *mo = moments_of(R, 4, 100, NULL);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    opt.scheme = scheme;
    opt.scaled = scaled;
    wold_model *model;
    wold_fit *fit = fit_ok(text, mo, &opt, &model);
    double v = 2.0 + 2.0 * 0.5;
    assert_true(wold_fit_converged(fit));
    for (size_t i = 0; i < 4; i++) {
        WT_NEAR(wold_fit_mv(fit, i)->weight, 1.0 / sqrt(v), TOL, "weight");
        WT_NEAR(wold_fit_mv(fit, i)->loading, 1.5 / sqrt(v), TOL, "loading");
        WT_NEAR(wold_fit_cross_loadings(fit)[i * 2 + (i < 2 ? 1 : 0)],
                0.6 / sqrt(v), TOL, "cross-loading");
    }
    double path = 4 * 0.3 / v;
    WT_NEAR(wold_fit_paths(fit)[1 * 2 + 0], path, TOL, "path");
    WT_NEAR(wold_fit_lv(fit, 1)->r2, path * path, TOL, "R2");
    WT_NEAR(wold_fit_lv(fit, 1)->r2_adj,
            1 - (1 - path * path) * 99.0 / 98.0, TOL, "adjusted R2");
    /* OLS table: intercept, then the slope; sigma^2/n = (1-R2)/(n-2). */
    assert_int_equal(wold_fit_n_coefs(fit), 2);
    const wold_coef *ic = wold_fit_coef(fit, 0), *sl = wold_fit_coef(fit, 1);
    assert_true(ic->from == (size_t)-1);
    double se = sqrt((1 - path * path) / 98.0);
    WT_NEAR(ic->std_error, se, TOL, "intercept s.e.");
    WT_NEAR(sl->std_error, se, TOL, "slope s.e.");
    WT_NEAR(sl->t, path / se, 1e-10, "t");
    WT_NEAR(sl->p, 2 * gsl_cdf_tdist_Q(path / se, 98), 1e-14, "p");
    WT_NEAR(ic->p, 1.0, 1e-15, "intercept p");
    /* Block criteria of R = [1 a; a 1]: eigenvalues 1 +- a, alpha
     * 2a/(1+a), DG rho 2(1+a)/(3+a); communality = loading^2 = (1+a)/2. */
    double a = 0.5, comm = (1 + a) / 2;
    int mode_b = wold_model_lv_mode(model, 0) == WOLD_MODE_B;
    wold_assess *as = assess_ok(fit, mo);
    for (size_t j = 0; j < 2; j++) {
        const wold_lv_stats *s = wold_fit_lv(fit, j);
        const wold_block_stats *b = wold_assess_block(as, j);
        WT_NEAR(b->eig1, 1 + a, TOL, "eig1");
        WT_NEAR(b->eig2, 1 - a, TOL, "eig2");
        if (mode_b) {
            assert_true(isnan(b->alpha) && isnan(b->dg_rho) &&
                        isnan(b->rho_c) && isnan(b->ave));
        } else {
            /* Equal loadings: Joreskog's rhoC is DG's rho. */
            WT_NEAR(b->alpha, 2 * a / (1 + a), TOL, "alpha");
            WT_NEAR(b->dg_rho, 2 * (1 + a) / (3 + a), TOL, "dg_rho");
            WT_NEAR(b->rho_c, 2 * (1 + a) / (3 + a), TOL, "rho_c");
            WT_NEAR(b->ave, comm, TOL, "AVE");
        }
        WT_NEAR(s->block_communality, comm, TOL, "block communality");
        if (j == 0)
            assert_true(isnan(s->mean_redundancy) && isnan(s->r2) &&
                        isnan(s->r2_adj));
        else
            WT_NEAR(s->mean_redundancy, comm * path * path, TOL,
                    "mean redundancy");
    }
    for (size_t i = 0; i < 4; i++) {
        WT_NEAR(wold_fit_mv(fit, i)->communality, comm, TOL, "communality");
        if (i < 2)
            assert_true(isnan(wold_fit_mv(fit, i)->redundancy));
        else
            WT_NEAR(wold_fit_mv(fit, i)->redundancy, comm * path * path, TOL,
                    "redundancy");
    }
    WT_NEAR(wold_fit_gof(fit), sqrt(comm * path * path), TOL, "GoF");
    wold_assess_free(as);
    wold_fit_free(fit);
    wold_model_free(model);
    wold_moments_free(mo);
}

static void test_closed_form_mode_a(void **state)
{
    (void)state;
    const char *m = "X =~ x1 + x2\nY =~ y1 + y2\nY ~ X\n";
    check_symmetric(m, WOLD_SCHEME_PATH, 1);
    check_symmetric(m, WOLD_SCHEME_CENTROID, 1);
    check_symmetric(m, WOLD_SCHEME_FACTORIAL, 1);
    check_symmetric(m, WOLD_SCHEME_PATH, 0);
}

static void test_closed_form_mode_b(void **state)
{
    (void)state;
    check_symmetric("X <~ x1 + x2\nY <~ y1 + y2\nY ~ X\n", WOLD_SCHEME_PATH, 1);
}

/* plspm writes 0 where a criterion does not apply to a Mode B block; a
 * negative relation stays on the path. */
static void test_compat_mode_b_and_signs(void **state)
{
    (void)state;
    double R[16];
    two_block_R(0.5, -0.3, R);
    wold_moments *mo = moments_of(R, 4, 100, NULL);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    opt.compat = WOLD_COMPAT_PLSPM;
    opt.tol = WOLD_PLSPM_TOL;
    opt.max_iter = WOLD_PLSPM_MAX_ITER;
    opt.scheme = WOLD_SCHEME_CENTROID;
    wold_model *model;
    wold_fit *fit = fit_ok("X <~ x1 + x2\nY =~ y1 + y2\nY ~ X\n", mo, &opt, &model);
    wold_assess *as = assess_ok(fit, mo);
    const wold_block_stats *x = wold_assess_block(as, 0);
    assert_true(x->ave == 0.0 && x->alpha == 0.0 && x->dg_rho == 0.0);
    WT_NEAR(wold_assess_block(as, 1)->ave, 0.75, TOL, "Mode A AVE");
    WT_NEAR(wold_fit_paths(fit)[2], -0.4, TOL, "path");
    assert_true(wold_fit_mv(fit, 2)->loading > 0);
    wold_assess_free(as);
    wold_fit_free(fit);
    wold_model_free(model);
    /* A one-indicator Mode B block: plspm's get_unidim writes the Mode B
     * zeros only for blocks of several indicators, so alpha = rho = 1;
     * get_inner_summary computes AVE for Mode A only, so AVE = 0. */
    fit = fit_ok("X =~ x1 + x2 + y1\nY <~ y2\nY ~ X\n", mo, &opt, &model);
    as = assess_ok(fit, mo);
    const wold_block_stats *y = wold_assess_block(as, 1);
    assert_true(y->alpha == 1.0 && y->dg_rho == 1.0 && y->ave == 0.0);
    assert_true(y->eig1 == 1.0 && y->eig2 == 0.0);
    wold_assess_free(as);
    wold_fit_free(fit);
    wold_model_free(model);
    wold_moments_free(mo);
}

/* A block whose composite ends up against most of its indicators is
 * negated; wold reports the weights that give the reported scores, plspm
 * the weights before the correction. */
static void test_sign_correction_of_weights(void **state)
{
    (void)state;
    double R[16] = {1.0, -0.3, -0.3, 0.5,  -0.3, 1.0, 0.5, -0.2,
                    -0.3, 0.5, 1.0, -0.2,  0.5, -0.2, -0.2, 1.0};
    wold_moments *mo = moments_of(R, 4, 100, NULL);
    wold_model *model = wt_model("X =~ x1 + x2 + x3\nY =~ y\nY ~ X\n");
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_fit *own = NULL, *pl = NULL;
    assert_int_equal(wold_fit_estimate(&own, model, mo, &opt, NULL), WOLD_OK);
    opt.compat = WOLD_COMPAT_PLSPM;
    assert_int_equal(wold_fit_estimate(&pl, model, mo, &opt, NULL), WOLD_OK);
    /* Two of three loadings positive after the correction. */
    assert_true(wold_fit_mv(own, 1)->loading > 0 && wold_fit_mv(own, 2)->loading > 0);
    assert_true(wold_fit_mv(own, 0)->loading < 0);
    for (size_t i = 0; i < 3; i++) {
        double w_own = wold_fit_mv(own, i)->weight, w_pl = wold_fit_mv(pl, i)->weight;
        WT_NEAR(w_own, -w_pl, 1e-6, "weight sign");
        assert_true(fabs(w_own) > 0.05);
    }
    assert_true(wold_fit_paths(own)[2] < 0);
    wold_fit_free(own);
    wold_fit_free(pl);
    wold_model_free(model);
    wold_moments_free(mo);
}

/* Unscaled data: the iteration on covariances gives the same LVs when the
 * blocks are symmetric in correlation, with weights in raw units. */
static void test_unscaled_weights_in_raw_units(void **state)
{
    (void)state;
    double R[16], sd[4] = {2, 2, 0.5, 0.5};
    two_block_R(0.5, 0.3, R);
    wold_moments *mo = moments_of(R, 4, 100, sd);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    opt.scaled = 0;
    wold_model *model;
    wold_fit *fit = fit_ok("X =~ x1 + x2\nY =~ y1 + y2\nY ~ X\n", mo, &opt, &model);
    WT_NEAR(wold_fit_mv(fit, 0)->weight, 1.0 / sqrt(3.0) / 2.0, TOL, "raw weight");
    WT_NEAR(wold_fit_mv(fit, 2)->weight, 1.0 / sqrt(3.0) / 0.5, TOL, "raw weight");
    WT_NEAR(wold_fit_mv(fit, 0)->loading, 1.5 / sqrt(3.0), TOL, "loading");
    WT_NEAR(wold_fit_paths(fit)[2], 0.4, TOL, "path");
    wold_fit_free(fit);
    wold_model_free(model);
    wold_moments_free(mo);
}

/* A negative relation stays negative: the sign correction keeps loadings
 * positive and puts the sign on the path. */
static void test_negative_path(void **state)
{
    (void)state;
    double R[16];
    two_block_R(0.5, -0.3, R);
    wold_moments *mo = moments_of(R, 4, 100, NULL);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    opt.scheme = WOLD_SCHEME_CENTROID;
    wold_model *model;
    wold_fit *fit = fit_ok("X =~ x1 + x2\nY =~ y1 + y2\nY ~ X\n", mo, &opt, &model);
    WT_NEAR(wold_fit_paths(fit)[2], -0.4, TOL, "path");
    for (size_t i = 0; i < 4; i++)
        assert_true(wold_fit_mv(fit, i)->loading > 0);
    wold_fit_free(fit);
    wold_model_free(model);
    wold_moments_free(mo);
}

/* A chain X -> Y -> Z: the indirect effect is the product of the paths. */
static void test_effects_chain(void **state)
{
    (void)state;
    /* Single-indicator blocks make the LVs the indicators themselves. */
    double R[9] = {1, 0.5, 0.3, 0.5, 1, 0.6, 0.3, 0.6, 1};
    wold_moments *mo = moments_of(R, 3, 500, NULL);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_model *model;
    wold_fit *fit = fit_ok("X =~ x\nY =~ y\nZ =~ z\nY ~ X\nZ ~ Y\n", mo, &opt, &model);
    const double *P = wold_fit_paths(fit), *T = wold_fit_total_effects(fit),
                 *I = wold_fit_indirect_effects(fit);
    WT_NEAR(P[1 * 3 + 0], 0.5, TOL, "X->Y");
    WT_NEAR(P[2 * 3 + 1], 0.6, TOL, "Y->Z");
    WT_NEAR(P[2 * 3 + 0], 0.0, TOL, "no X->Z path");
    WT_NEAR(I[2 * 3 + 0], 0.3, TOL, "indirect X->Z");
    WT_NEAR(T[2 * 3 + 0], 0.3, TOL, "total X->Z");
    /* One-indicator blocks: rho_c = AVE = eig1 = 1 from their formulas;
     * alpha's p/(p-1) and a second eigenvalue do not exist. */
    wold_assess *as = assess_ok(fit, mo);
    const wold_block_stats *b = wold_assess_block(as, 0);
    WT_NEAR(b->dg_rho, 1.0, 0, "dg_rho");
    WT_NEAR(b->rho_c, 1.0, TOL, "rho_c");
    WT_NEAR(b->rho_a, 1.0, 0, "rho_a");
    WT_NEAR(b->ave, 1.0, TOL, "AVE");
    WT_NEAR(b->eig1, 1.0, 0, "eig1");
    assert_true(isnan(b->alpha));
    assert_true(isnan(b->eig2));
    wold_assess_free(as);
    wold_fit_free(fit);
    wold_model_free(model);
    wold_moments_free(mo);
}

static void test_zero_variance(void **state)
{
    (void)state;
    double R[16];
    two_block_R(0.5, 0.3, R);
    wold_moments *mo = moments_of(R, 4, 100, NULL);
    mo->m2[3 * 4 + 3] = 0.0;
    wold__moments_finish(mo);
    wold_model *model = wt_model("X =~ x1 + x2\nY =~ y1 + y2\nY ~ X\n");
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_fit *fit = NULL;
    wold_error err;
    WT_EXPECT_ERROR(wold_fit_estimate(&fit, model, mo, &opt, &err), &err,
                    WOLD_ENUMERIC, "zero variance");
    assert_null(fit);
    assert_int_equal(err.line, 2);
    wold_model_free(model);
    wold_moments_free(mo);
}

static void test_singular_mode_b(void **state)
{
    (void)state;
    double R[16];
    two_block_R(1.0, 0.3, R);
    wold_moments *mo = moments_of(R, 4, 100, NULL);
    wold_model *model = wt_model("X <~ x1 + x2\nY =~ y1 + y2\nY ~ X\n");
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_fit *fit = NULL;
    wold_error err;
    WT_EXPECT_ERROR(wold_fit_estimate(&fit, model, mo, &opt, &err), &err,
                    WOLD_ENUMERIC, "Mode B block 'X'");
    assert_null(fit);
    wold_model_free(model);
    wold_moments_free(mo);
}

/* Not converging is an error, but the last iteration is still returned. */
static void test_non_convergence(void **state)
{
    (void)state;
    double R[16];
    two_block_R(0.5, 0.3, R);
    R[1] = R[4] = 0.2; /* asymmetric block: more than one step needed */
    R[2] = R[8] = 0.5;
    wold_moments *mo = moments_of(R, 4, 100, NULL);
    wold_model *model = wt_model("X =~ x1 + x2\nY =~ y1 + y2\nY ~ X\n");
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    opt.max_iter = 1;
    wold_fit *fit = NULL;
    wold_error err;
    WT_EXPECT_ERROR(wold_fit_estimate(&fit, model, mo, &opt, &err), &err,
                    WOLD_ENUMERIC, "did not converge in 1 iteration (");
    assert_int_equal(err.line, 1); /* block X, whose weights moved most */
    assert_non_null(fit);
    assert_false(wold_fit_converged(fit));
    wold_fit_free(fit);
    wold_model_free(model);
    wold_moments_free(mo);
}

static void test_bad_options(void **state)
{
    (void)state;
    double R[16];
    two_block_R(0.5, 0.3, R);
    wold_moments *mo = moments_of(R, 4, 100, NULL);
    wold_model *model = wt_model("X =~ x1 + x2\nY =~ y1 + y2\nY ~ X\n");
    wold_fit_options opt;
    wold_fit *fit = NULL;
    wold_error err;
    wold_fit_options_default(&opt);
    opt.tol = 0;
    WT_EXPECT_ERROR(wold_fit_estimate(&fit, model, mo, &opt, &err), &err,
                    WOLD_EUSAGE, "the tolerance must be a positive number");
    wold_fit_options_default(&opt);
    opt.scheme = (wold_scheme)7;
    WT_EXPECT_ERROR(wold_fit_estimate(&fit, model, mo, &opt, &err), &err,
                    WOLD_EUSAGE, "unknown inner weighting scheme 7");
    assert_null(strstr(err.message, "--"));
    wold_fit_options_default(&opt);
    opt.max_iter = 0;
    WT_EXPECT_ERROR(wold_fit_estimate(&fit, model, mo, &opt, &err), &err,
                    WOLD_EUSAGE, "the iteration limit must be at least 1");
    wold_model_free(model);
    model = wt_model("X =~ x1 + x2 + x3\nY =~ y1 + y2\nY ~ X\n");
    wold_fit_options_default(&opt);
    WT_EXPECT_ERROR(wold_fit_estimate(&fit, model, mo, &opt, &err), &err,
                    WOLD_EUSAGE, "4 columns but the model has 5");
    wold_model_free(model);
    wold_moments_free(mo);
}

/* The default rule converges to the fixed point: tightening it further
 * moves nothing beyond 1e-10. */
static void test_default_rule_converged(void **state)
{
    (void)state;
    double R[16];
    two_block_R(0.5, 0.3, R);
    R[1] = R[4] = 0.2;
    R[2] = R[8] = 0.5;
    wold_moments *mo = moments_of(R, 4, 100, NULL);
    wold_model *model = wt_model("X =~ x1 + x2\nY =~ y1 + y2\nY ~ X\n");
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_fit *a = NULL, *b = NULL;
    assert_int_equal(wold_fit_estimate(&a, model, mo, &opt, NULL), WOLD_OK);
    opt.tol = 1e-15;
    opt.max_iter = 10000;
    assert_int_equal(wold_fit_estimate(&b, model, mo, &opt, NULL), WOLD_OK);
    for (size_t i = 0; i < 4; i++)
        WT_NEAR(wold_fit_mv(a, i)->weight, wold_fit_mv(b, i)->weight, 1e-10, "weight");
    WT_NEAR(wold_fit_paths(a)[2], wold_fit_paths(b)[2], 1e-10, "path");
    wold_fit_free(a);
    wold_fit_free(b);
    wold_model_free(model);
    wold_moments_free(mo);
}

/* Fits data in memory with the default options; returns the status. */
static wold_status fit_matrix(const char *text, const double *x, size_t n,
                              size_t p, const char *const *names,
                              wold_fit **fit, wold_model **model,
                              wold_error *err)
{
    *model = wt_model(text);
    wold_data *d = NULL;
    assert_int_equal(wold_data_from_matrix(&d, x, n, p, names, NULL), WOLD_OK);
    wold_moments *mo = NULL;
    assert_int_equal(wold_moments_compute(&mo, d, WOLD_MISSING_LISTWISE, NULL),
                     WOLD_OK);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_status st = wold_fit_estimate(fit, *model, mo, &opt, err);
    wold_moments_free(mo);
    wold_data_free(d);
    return st;
}

/* The zero-variance test is relative to the column's magnitude: the same
 * data in any unit give the same weights (it was absolute below 1). */
static void test_zero_variance_is_relative(void **state)
{
    (void)state;
    const char *path = wt_shared("datasets/satisfaction.csv");
    WT_SKIP_IF_ABSENT(path);
    wold_model *model = NULL;
    wold_error err;
    assert_int_equal(wold_model_read(&model, wt_source("models/satisfaction.wold"),
                                     &err), WOLD_OK);
    wold_data *d = NULL;
    assert_int_equal(wold_data_read_csv(&d, path, model, NULL, &err), WOLD_OK);
    size_t p = wold_model_n_mv(model);
    double *w0 = malloc(p * sizeof *w0);
    const double factors[] = {1.0, 1e-20, 1e-12, 1e150};
    double *x0 = malloc(d->n * d->p * sizeof *x0);
    memcpy(x0, d->x, d->n * d->p * sizeof *x0);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    for (size_t f = 0; f < 4; f++) {
        for (size_t c = 0; c < d->n * d->p; c++)
            d->x[c] = x0[c] * factors[f];
        wold_moments *mo = NULL;
        wold_fit *fit = NULL;
        assert_int_equal(wold_moments_compute(&mo, d, WOLD_MISSING_LISTWISE, NULL),
                         WOLD_OK);
        WT_EXPECT_ERROR(wold_fit_estimate(&fit, model, mo, &opt, &err), &err,
                        WOLD_OK, NULL);
        for (size_t i = 0; i < p; i++) {
            if (f == 0)
                w0[i] = wold_fit_mv(fit, i)->weight;
            else
                WT_NEAR(wold_fit_mv(fit, i)->weight, w0[i], 1e-12,
                        "weight of scaled data");
        }
        wold_fit_free(fit);
        wold_moments_free(mo);
    }
    free(w0), free(x0);
    wold_data_free(d);
    wold_model_free(model);
}

/* A column that is constant up to rounding is not said to have one value. */
static void test_zero_variance_message(void **state)
{
    (void)state;
    const char *names[] = {"x1", "x2", "y"};
    double x[12];
    for (int r = 0; r < 4; r++) {
        x[r * 3 + 0] = r;
        x[r * 3 + 1] = 1e6 + (r == 3 ? 1e-9 : 0.0);
        x[r * 3 + 2] = r * r;
    }
    wold_fit *fit = NULL;
    wold_model *model = NULL;
    wold_error err;
    WT_EXPECT_ERROR(fit_matrix("X =~ x1 + x2\nY =~ y\nY ~ X\n", x, 4, 3, names,
                               &fit, &model, &err),
                    &err, WOLD_ENUMERIC, "indicator 'x2' has zero variance in "
                    "the data up to rounding");
    assert_null(strstr(err.message, "every used row"));
    wold_model_free(model);
    x[3 * 3 + 1] = 1e6;
    WT_EXPECT_ERROR(fit_matrix("X =~ x1 + x2\nY =~ y\nY ~ X\n", x, 4, 3, names,
                               &fit, &model, &err),
                    &err, WOLD_ENUMERIC, "(every used row has the value 1000000)");
    wold_model_free(model);
}

/* Too few rows for the largest regression: said up front, with the rule. */
static void test_minimum_rows(void **state)
{
    (void)state;
    double R[16] = {1, 0.2, 0.1, 0.5, 0.2, 1, 0.3, 0.4,
                    0.1, 0.3, 1, 0.3, 0.5, 0.4, 0.3, 1};
    const char *m = "A =~ a\nB =~ b\nC =~ c\nY =~ y\nY ~ A + B + C\n";
    wold_moments *mo = moments_of(R, 4, 3, NULL);
    wold_model *model = wt_model(m);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_fit *fit = NULL;
    wold_error err;
    WT_EXPECT_ERROR(wold_fit_estimate(&fit, model, mo, &opt, &err), &err,
                    WOLD_EINPUT, "3 usable rows; this model needs at least 4: "
                    "'Y' is regressed on 3 predecessors");
    assert_int_equal(err.line, 5);
    assert_null(fit);
    wold_moments_free(mo);
    /* Mode B blocks count too. */
    wold_model_free(model);
    model = wt_model("X <~ a + b + c\nY =~ y\nY ~ X\n");
    mo = moments_of(R, 4, 3, NULL);
    WT_EXPECT_ERROR(wold_fit_estimate(&fit, model, mo, &opt, &err), &err,
                    WOLD_EINPUT, "3 usable rows; this model needs at least 4: "
                    "Mode B block 'X' has 3 indicators");
    assert_int_equal(err.line, 1);
    wold_moments_free(mo);
    wold_model_free(model);
    /* At exactly q + 1 rows: fitted, with a warning and undefined
     * adjusted R2, standard errors, t and p. */
    model = wt_model(m);
    mo = moments_of(R, 4, 4, NULL);
    WT_EXPECT_ERROR(wold_fit_estimate(&fit, model, mo, &opt, &err), &err,
                    WOLD_OK, NULL);
    assert_int_equal(wold_fit_n_warnings(fit), 1);
    const wold_problem *w = wold_fit_warning(fit, 0);
    assert_int_equal(w->status, WOLD_OK);
    assert_int_equal(w->lv, 3);
    assert_int_equal(w->error.line, 5);
    assert_non_null(strstr(w->error.message, "no residual degree of freedom"));
    assert_null(wold_fit_warning(fit, 1));
    char buf[2048];
    wold_problem_format(w, buf, sizeof buf);
    assert_non_null(strstr(buf, "test.wold:5:5: warning: 'Y' is regressed"));
    const wold_lv_stats *y = wold_fit_lv(fit, 3);
    assert_true(isnan(y->r2_adj));
    for (size_t k = 0; k < wold_fit_n_coefs(fit); k++)
        assert_true(isnan(wold_fit_coef(fit, k)->std_error) &&
                    isnan(wold_fit_coef(fit, k)->p));
    wold_fit_free(fit);
    wold_moments_free(mo);
    wold_model_free(model);
}

/* One rule for a Mode B block's reflective criteria: undefined (NaN)
 * whatever its size; plspm's zeros and ones only under --compat plspm. */
static void test_mode_b_criteria_rule(void **state)
{
    (void)state;
    double R[16];
    two_block_R(0.5, 0.3, R);
    wold_moments *mo = moments_of(R, 4, 100, NULL);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_model *model;
    wold_fit *fit = fit_ok("X =~ x1 + x2 + y1\nY <~ y2\nY ~ X\n", mo, &opt, &model);
    wold_assess *as = assess_ok(fit, mo);
    const wold_block_stats *y = wold_assess_block(as, 1);
    assert_true(isnan(y->alpha) && isnan(y->dg_rho) && isnan(y->rho_c) &&
                isnan(y->ave));
    WT_NEAR(y->rho_a, 1.0, 0, "rho_a");
    WT_NEAR(y->eig1, 1.0, 0, "eig1");
    assert_true(isnan(y->eig2));
    WT_NEAR(wold_fit_mv(fit, 3)->loading, 1.0, TOL, "loading");
    wold_assess_free(as);
    wold_fit_free(fit);
    wold_model_free(model);
    wold_moments_free(mo);
}

/* Three dummies that sum to 1 beside three other indicators: refused,
 * naming the block's line and the three dummies only (plspm: "singular
 * matrix"; wold used to iterate 79 times to weights of no meaning). */
static void test_collinear_mode_b_block(void **state)
{
    (void)state;
    enum { N = 60, P = 8 };
    const char *names[P] = {"d1", "d2", "d3", "z1", "z2", "z3", "y1", "y2"};
    double *x = malloc(N * P * sizeof *x);
    unsigned s = 7;
    for (int r = 0; r < N; r++) {
        double *row = x + r * P;
        for (int i = 0; i < P; i++) {
            s = s * 1103515245u + 12345u;
            row[i] = (double)((s >> 16) % 7);
        }
        row[0] = r % 3 == 0, row[1] = r % 3 == 1, row[2] = r % 3 == 2;
        row[6] += row[3] + row[0];
        row[7] += row[4] + row[1];
    }
    /* Columns in model order: the data are not read with the model. */
    const char *m = "# three segments\nX <~ d1 + d2 + d3 + z1 + z2 + z3\n"
                    "Y =~ y1 + y2\nY ~ X\n";
    wold_fit *fit = NULL;
    wold_model *model = NULL;
    wold_error err;
    WT_EXPECT_ERROR(fit_matrix(m, x, N, P, names, &fit, &model, &err), &err,
                    WOLD_ENUMERIC, "Mode B block 'X': its indicators 'd1', 'd2' "
                    "and 'd3' are collinear");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 1);
    assert_null(fit);
    wold_model_free(model);
    free(x);
    /* Nearly collinear (correlation 1 - 1e-13, condition number 2e13):
     * fitted, with a warning that gives the condition number. */
    double R[16];
    two_block_R(1 - 1e-13, 0.3, R);
    R[1 * 4 + 0] = R[0 * 4 + 1] = 1 - 1e-13;
    R[3 * 4 + 2] = R[2 * 4 + 3] = 0.5;
    wold_moments *mo = moments_of(R, 4, 100, NULL);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    fit = fit_ok("X <~ x1 + x2\nY =~ y1 + y2\nY ~ X\n", mo, &opt, &model);
    assert_int_equal(wold_fit_n_warnings(fit), 1);
    const wold_problem *w = wold_fit_warning(fit, 0);
    assert_non_null(strstr(w->error.message, "Mode B block 'X': its indicators "
                           "'x1' and 'x2' are nearly collinear (condition number 2e+13"));
    WT_NEAR(w->value / 2e13, 1.0, 1e-2, "condition number");
    assert_int_equal(w->lv, 0);
    wold_fit_free(fit);
    wold_model_free(model);
    wold_moments_free(mo);
}

/* Predecessors whose scores are collinear: refused at the "~" line. */
static void test_collinear_predecessors(void **state)
{
    (void)state;
    double R[9] = {1, 1, 0.5, 1, 1, 0.5, 0.5, 0.5, 1};
    wold_moments *mo = moments_of(R, 3, 50, NULL);
    wold_model *model = wt_model("A =~ a\nB =~ b\nY =~ y\nY ~ A + B\n");
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    opt.scheme = WOLD_SCHEME_CENTROID;
    wold_fit *fit = NULL;
    wold_error err;
    WT_EXPECT_ERROR(wold_fit_estimate(&fit, model, mo, &opt, &err), &err,
                    WOLD_ENUMERIC, "the predecessors 'A' and 'B' of 'Y' have "
                    "collinear scores");
    assert_int_equal(err.line, 4);
    assert_null(fit);
    wold_model_free(model);
    wold_moments_free(mo);
}

/* Blocks without paths: Mode A weights are the first principal component,
 * criteria and LV correlations are reported, R2 and GoF are undefined. */
static void test_measurement_only(void **state)
{
    (void)state;
    /* Block R = [1 a b; a 1 a; b a 1]... take equal correlations a: the
     * first component has equal weights, eigenvalue 1 + 2a. */
    double a = 0.4, c = 0.25;
    double R[25] = {1, a, a, c, c,  a, 1, a, c, c,  a, a, 1, c, c,
                    c, c, c, 1, 0.6,  c, c, c, 0.6, 1};
    wold_moments *mo = moments_of(R, 5, 200, NULL);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_model *model;
    wold_fit *fit = fit_ok("Quality =~ q1 + q2 + q3\nValue <~ v1 + v2\n", mo,
                           &opt, &model);
    assert_true(wold_fit_converged(fit));
    assert_int_equal(wold_fit_iterations(fit), 0);
    assert_true(isnan(wold_fit_criterion(fit)));
    double v = 3 + 6 * a; /* variance of the sum of the block */
    for (size_t i = 0; i < 3; i++) {
        WT_NEAR(wold_fit_mv(fit, i)->weight, 1 / sqrt(v), TOL, "PC1 weight");
        WT_NEAR(wold_fit_mv(fit, i)->loading, (1 + 2 * a) / sqrt(v), TOL,
                "loading");
    }
    /* Mode B without a neighbour: the equal-weight composite, said. */
    WT_NEAR(wold_fit_mv(fit, 3)->weight, 1 / sqrt(3.2), TOL, "Mode B weight");
    assert_int_equal(wold_fit_n_warnings(fit), 1);
    assert_non_null(strstr(wold_fit_warning(fit, 0)->error.message,
                           "Mode B block 'Value' has no structural path"));
    const wold_lv_stats *q = wold_fit_lv(fit, 0);
    wold_assess *as = assess_ok(fit, mo);
    const wold_block_stats *qb = wold_assess_block(as, 0);
    WT_NEAR(qb->alpha, 3 * a / (1 + 2 * a), TOL, "alpha");
    WT_NEAR(qb->eig1, 1 + 2 * a, TOL, "eig1");
    WT_NEAR(qb->ave, (1 + 2 * a) * (1 + 2 * a) / v, TOL, "AVE");
    /* Without paths the estimated model is the saturated one. */
    assert_true(wold_assess_model_fit(as, 0)->srmr ==
                wold_assess_model_fit(as, 1)->srmr);
    wold_assess_free(as);
    assert_true(isnan(q->r2) && isnan(q->r2_adj) && !q->endogenous);
    assert_true(isnan(wold_fit_gof(fit)));
    assert_int_equal(wold_fit_n_coefs(fit), 0);
    WT_NEAR(wold_fit_lv_cor(fit)[1], 3 * 2 * c / sqrt(v * 3.2), TOL, "LV cor");
    for (size_t k = 0; k < 4; k++)
        WT_NEAR(wold_fit_paths(fit)[k], 0.0, 0, "no paths");
    wold_fit_free(fit);
    wold_model_free(model);
    wold_moments_free(mo);
}

/* wold_fit_check lists every problem, in the fit's order, with the fit's
 * messages, and returns the first error's status. */
static void test_fit_check_lists_all(void **state)
{
    (void)state;
    enum { N = 30, P = 6 };
    const char *names[P] = {"a1", "a2", "b1", "b2", "c1", "c2"};
    double x[N * P];
    unsigned s = 3;
    for (int r = 0; r < N; r++)
        for (int i = 0; i < P; i++) {
            s = s * 1103515245u + 12345u;
            x[r * P + i] = (double)((s >> 16) % 9);
        }
    for (int r = 0; r < N; r++) {
        x[r * P + 1] = 4.0;               /* a2 constant */
        x[r * P + 5] = 2 * x[r * P + 4];  /* c2 = 2 c1: Mode B collinear */
    }
    const char *m = "A =~ a1 + a2\nB =~ b1 + b2\nC <~ c1 + c2\nB ~ A + C\n";
    wold_model *model = wt_model(m);
    wold_data *d = NULL;
    assert_int_equal(wold_data_from_matrix(&d, x, N, P, names, NULL), WOLD_OK);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_problems *list = NULL;
    wold_error err;
    WT_EXPECT_ERROR(wold_fit_check(&list, model, d, WOLD_MISSING_LISTWISE, &opt,
                                   &err),
                    &err, WOLD_ENUMERIC, "indicator 'a2' has zero variance");
    assert_int_equal(wold_problems_count(list), 2);
    const wold_problem *p1 = wold_problems_get(list, 1);
    assert_int_equal(p1->status, WOLD_ENUMERIC);
    assert_int_equal(p1->lv, 2);
    assert_int_equal(p1->error.line, 3);
    assert_non_null(strstr(p1->error.message, "'c1' and 'c2' are collinear"));
    assert_null(wold_problems_get(list, 2));
    wold_problems_free(list);
    /* The fit fails with the first of them, word for word. */
    wold_moments *mo = NULL;
    assert_int_equal(wold_moments_compute(&mo, d, WOLD_MISSING_LISTWISE, NULL),
                     WOLD_OK);
    wold_fit *fit = NULL;
    wold_error ferr;
    assert_int_equal(wold_fit_estimate(&fit, model, mo, &opt, &ferr), WOLD_ENUMERIC);
    assert_string_equal(ferr.message, err.message);
    /* From the moments: the same list. */
    wold_problems *from_mo = NULL;
    assert_int_equal(wold_fit_check_moments(&from_mo, model, mo, &opt, NULL),
                     WOLD_ENUMERIC);
    assert_int_equal(wold_problems_count(from_mo), 2);
    wold_problems_free(from_mo);
    wold_moments_free(mo);
    /* An empty column: the rows problem names it; a constant column is
     * still listed. */
    for (int r = 0; r < N; r++)
        d->x[r * P + 2] = NAN;
    assert_int_equal(wold_fit_check(&list, model, d, WOLD_MISSING_LISTWISE, &opt,
                                    &err), WOLD_EINPUT);
    assert_int_equal(wold_problems_count(list), 2);
    assert_non_null(strstr(wold_problems_get(list, 0)->error.message,
                           "column 'b1' is empty"));
    assert_non_null(strstr(wold_problems_get(list, 1)->error.message,
                           "'a2' has zero variance"));
    wold_problems_free(list);
    wold_data_free(d);
    /* Data not in the model's order are a usage error. */
    const char *swapped[P] = {"a2", "a1", "b1", "b2", "c1", "c2"};
    assert_int_equal(wold_data_from_matrix(&d, x, N, P, swapped, NULL), WOLD_OK);
    WT_EXPECT_ERROR(wold_fit_check(&list, model, d, WOLD_MISSING_LISTWISE, &opt,
                                   &err),
                    &err, WOLD_EUSAGE, "data column 1 is 'a2' but the model's "
                    "indicator 1 is 'a1'");
    wold_problems_free(list);
    wold_data_free(d);
    wold_model_free(model);
}

/* A negative alpha is reported as it is; plspm floors it at 0. */
static void test_negative_alpha(void **state)
{
    (void)state;
    double R[9] = {1, -0.3, 0.2, -0.3, 1, 0.1, 0.2, 0.1, 1};
    wold_moments *mo = moments_of(R, 3, 100, NULL);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_model *model;
    wold_fit *fit = fit_ok("X =~ x1 + x2\nY =~ y\nY ~ X\n", mo, &opt, &model);
    /* alpha = 2r/(1 + r) for two items */
    wold_assess *as = assess_ok(fit, mo);
    WT_NEAR(wold_assess_block(as, 0)->alpha, 2 * -0.3 / (1 - 0.3), TOL,
            "alpha");
    wold_assess_free(as);
    wold_fit_free(fit);
    opt.compat = WOLD_COMPAT_PLSPM;
    assert_int_equal(wold_fit_estimate(&fit, model, mo, &opt, NULL), WOLD_OK);
    as = assess_ok(fit, mo);
    assert_true(wold_assess_block(as, 0)->alpha == 0.0);
    wold_assess_free(as);
    wold_fit_free(fit);
    wold_model_free(model);
    wold_moments_free(mo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_form_mode_a),
        cmocka_unit_test(test_closed_form_mode_b),
        cmocka_unit_test(test_compat_mode_b_and_signs),
        cmocka_unit_test(test_sign_correction_of_weights),
        cmocka_unit_test(test_unscaled_weights_in_raw_units),
        cmocka_unit_test(test_negative_path),
        cmocka_unit_test(test_effects_chain),
        cmocka_unit_test(test_zero_variance),
        cmocka_unit_test(test_singular_mode_b),
        cmocka_unit_test(test_non_convergence),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_default_rule_converged),
        cmocka_unit_test(test_zero_variance_is_relative),
        cmocka_unit_test(test_zero_variance_message),
        cmocka_unit_test(test_minimum_rows),
        cmocka_unit_test(test_mode_b_criteria_rule),
        cmocka_unit_test(test_collinear_mode_b_block),
        cmocka_unit_test(test_collinear_predecessors),
        cmocka_unit_test(test_measurement_only),
        cmocka_unit_test(test_fit_check_lists_all),
        cmocka_unit_test(test_negative_alpha),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
