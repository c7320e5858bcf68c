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
    for (size_t j = 0; j < 2; j++) {
        const wold_lv_stats *s = wold_fit_lv(fit, j);
        WT_NEAR(s->eig1, 1 + a, TOL, "eig1");
        WT_NEAR(s->eig2, 1 - a, TOL, "eig2");
        if (mode_b) {
            assert_true(isnan(s->alpha) && isnan(s->rho_c) && isnan(s->ave));
        } else {
            WT_NEAR(s->alpha, 2 * a / (1 + a), TOL, "alpha");
            WT_NEAR(s->rho_c, 2 * (1 + a) / (3 + a), TOL, "rho_c");
            WT_NEAR(s->ave, comm, TOL, "AVE");
        }
        WT_NEAR(s->block_communality, comm, TOL, "block communality");
        WT_NEAR(s->mean_redundancy, j ? comm * path * path : 0.0, TOL,
                "mean redundancy");
    }
    for (size_t i = 0; i < 4; i++) {
        WT_NEAR(wold_fit_mv(fit, i)->communality, comm, TOL, "communality");
        WT_NEAR(wold_fit_mv(fit, i)->redundancy, i < 2 ? 0.0 : comm * path * path,
                TOL, "redundancy");
    }
    WT_NEAR(wold_fit_gof(fit), sqrt(comm * path * path), TOL, "GoF");
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
    const wold_lv_stats *x = wold_fit_lv(fit, 0);
    assert_true(x->ave == 0.0 && x->alpha == 0.0 && x->rho_c == 0.0);
    WT_NEAR(wold_fit_lv(fit, 1)->ave, 0.75, TOL, "Mode A AVE");
    WT_NEAR(wold_fit_paths(fit)[2], -0.4, TOL, "path");
    assert_true(wold_fit_mv(fit, 2)->loading > 0);
    wold_fit_free(fit);
    wold_model_free(model);
    /* A one-indicator Mode B block: plspm's get_unidim writes the Mode B
     * zeros only for blocks of several indicators, so alpha = rho = 1;
     * get_inner_summary computes AVE for Mode A only, so AVE = 0. */
    fit = fit_ok("X =~ x1 + x2 + y1\nY <~ y2\nY ~ X\n", mo, &opt, &model);
    const wold_lv_stats *y = wold_fit_lv(fit, 1);
    assert_true(y->alpha == 1.0 && y->rho_c == 1.0 && y->ave == 0.0);
    assert_true(y->eig1 == 1.0 && y->eig2 == 0.0);
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
    /* One-indicator blocks: alpha = rho = 1 by convention. */
    WT_NEAR(wold_fit_lv(fit, 0)->alpha, 1.0, 0, "alpha");
    WT_NEAR(wold_fit_lv(fit, 0)->eig2, 0.0, 0, "eig2");
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
                    WOLD_ENUMERIC, "did not converge in 1 iterations");
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
                    WOLD_EUSAGE, "--tol");
    wold_fit_options_default(&opt);
    opt.max_iter = 0;
    WT_EXPECT_ERROR(wold_fit_estimate(&fit, model, mo, &opt, &err), &err,
                    WOLD_EUSAGE, "--max-iter");
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
