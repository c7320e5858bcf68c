/*
 * test_wpls.c - survey weights (WPLS, docs/methods.md 14): integer weights
 * k give the results of the data with each row repeated k times (moments,
 * the fit, its OLS tables, the scores and every criterion of fit); the
 * weighted bootstrap is deterministic across threads, keeps each drawn
 * row's weight, and agrees between its two kernels; PLSpredict weights its
 * folds.  The data: ../shared/datasets/satisfaction.csv (SKIPPED when
 * absent), with a few cells made missing to exercise both rules.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* The weights: 0 to 3, so rows of weight 0 take part too. */
static unsigned weight_of(size_t r) { return (unsigned)((r * 7 + 3) % 4); }

typedef struct pair {
    wold_model *model;
    wold_data *weighted; /* the rows with a weight column */
    wold_data *repeated; /* row r weight_of(r) times, no weights */
    size_t n;            /* rows of the file */
} pair;

/* A missing cell here and there (not in the first row). */
static int blanked(size_t r, size_t j) { return r % 37 == 5 && j == r % 27; }

static char *csv_line(const double *x, size_t p, size_t r, int weight)
{
    char *line = malloc(p * 24 + 32);
    size_t k = 0;
    for (size_t j = 0; j < p; j++) {
        if (!blanked(r, j))
            k += (size_t)sprintf(line + k, "%.17g", x[r * p + j]);
        line[k++] = ',';
    }
    k += (size_t)sprintf(line + k, "%d\n", weight);
    line[k] = '\0';
    return line;
}

/* Both data sets from the file's values, written as CSV text. */
static int make_pair(pair *pp)
{
    const char *path = wt_shared("datasets/satisfaction.csv");
    if (!wt_exists(path))
        return 0;
    FILE *mf = fopen(wt_source("models/satisfaction.wold"), "rb");
    assert_non_null(mf);
    char mtext[8192];
    size_t ml = fread(mtext, 1, sizeof mtext - 1, mf);
    fclose(mf);
    mtext[ml] = '\0';
    pp->model = wt_model(mtext);
    wold_data *raw = NULL;
    wold_error err;
    assert_int_equal(wold_data_read_csv(&raw, path, pp->model, NULL, &err),
                     WOLD_OK);
    size_t n = wold_data_n_rows(raw), p = wold_data_n_cols(raw);
    pp->n = n;
    size_t cap = (n * 4 + 2) * (p * 24 + 40), la = 0, lb = 0;
    char *a = malloc(cap), *b = malloc(cap);
    for (size_t j = 0; j < p; j++) {
        la += (size_t)sprintf(a + la, "%s,", wold_data_col_name(raw, j));
        lb += (size_t)sprintf(b + lb, "%s,", wold_data_col_name(raw, j));
    }
    la += (size_t)sprintf(a + la, "w\n");
    lb += (size_t)sprintf(b + lb, "w\n");
    const double *x = wold_data_values(raw);
    for (size_t r = 0; r < n; r++) {
        char *line = csv_line(x, p, r, (int)weight_of(r));
        la += (size_t)sprintf(a + la, "%s", line);
        for (unsigned k = 0; k < weight_of(r); k++)
            lb += (size_t)sprintf(b + lb, "%s", line);
        free(line);
    }
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.weights = "w";
    assert_int_equal(wold_data_parse_csv(&pp->weighted, a, la, "w.csv",
                                         pp->model, &opt, &err),
                     WOLD_OK);
    assert_int_equal(wold_data_parse_csv(&pp->repeated, b, lb, "rep.csv",
                                         pp->model, NULL, &err),
                     WOLD_OK);
    free(a), free(b);
    wold_data_free(raw);
    return 1;
}

static void free_pair(pair *pp)
{
    wold_data_free(pp->weighted);
    wold_data_free(pp->repeated);
    wold_model_free(pp->model);
}

#define TOL 1e-12

static void near_all(const double *a, const double *b, size_t n,
                     const char *what)
{
    for (size_t i = 0; i < n; i++) {
        if (isnan(a[i]) && isnan(b[i]))
            continue;
        double d = fabs(a[i] - b[i]), scale = fmax(1.0, fabs(b[i]));
        if (!(d <= TOL * scale))
            fail_msg("%s[%zu]: weighted %.17g, repeated %.17g (diff %.3g)",
                     what, i, a[i], b[i], d);
    }
}

static void near_one(double a, double b, const char *what)
{
    near_all(&a, &b, 1, what);
}

static void same_moments(const wold_moments *a, const wold_moments *b)
{
    size_t p = wold_moments_p(a);
    assert_int_equal(wold_moments_n(a), wold_moments_n(b));
    near_one(wold_moments_weight_total(a), (double)wold_moments_n(b), "W");
    near_all(wold_moments_means(a), wold_moments_means(b), p, "mean");
    near_all(wold_moments_sds(a), wold_moments_sds(b), p, "sd");
    near_all(wold_moments_cov(a), wold_moments_cov(b), p * p, "cov");
    near_all(wold_moments_mins(a), wold_moments_mins(b), p, "min");
    near_all(wold_moments_maxs(a), wold_moments_maxs(b), p, "max");
}

static void same_fit(const wold_fit *a, const wold_fit *b)
{
    const wold_model *md = wold_fit_model(a);
    size_t J = wold_model_n_lv(md), p = wold_model_n_mv(md);
    assert_int_equal(wold_fit_n(a), wold_fit_n(b));
    assert_true(wold_fit_converged(a) && wold_fit_converged(b));
    near_all(wold_fit_weights(a), wold_fit_weights(b), p, "weights");
    for (size_t i = 0; i < p; i++) {
        const wold_mv_stats *x = wold_fit_mv(a, i), *y = wold_fit_mv(b, i);
        near_one(x->weight, y->weight, "weight");
        near_one(x->loading, y->loading, "loading");
        near_one(x->communality, y->communality, "communality");
        near_one(x->redundancy, y->redundancy, "redundancy");
    }
    for (size_t j = 0; j < J; j++) {
        const wold_lv_stats *x = wold_fit_lv(a, j), *y = wold_fit_lv(b, j);
        near_one(x->r2, y->r2, "R2");
        near_one(x->r2_adj, y->r2_adj, "R2adj");
        near_one(x->block_communality, y->block_communality, "communality");
        near_one(x->mean_redundancy, y->mean_redundancy, "redundancy");
    }
    near_all(wold_fit_cross_loadings(a), wold_fit_cross_loadings(b), p * J,
             "cross");
    near_all(wold_fit_lv_cor(a), wold_fit_lv_cor(b), J * J, "lv cor");
    near_all(wold_fit_paths(a), wold_fit_paths(b), J * J, "paths");
    near_all(wold_fit_total_effects(a), wold_fit_total_effects(b), J * J,
             "total");
    near_one(wold_fit_gof(a), wold_fit_gof(b), "GoF");
    assert_int_equal(wold_fit_n_coefs(a), wold_fit_n_coefs(b));
    for (size_t k = 0; k < wold_fit_n_coefs(a); k++) {
        const wold_coef *x = wold_fit_coef(a, k), *y = wold_fit_coef(b, k);
        near_one(x->estimate, y->estimate, "OLS estimate");
        near_one(x->std_error, y->std_error, "OLS s.e.");
        near_one(x->t, y->t, "OLS t");
        /* p-values far in the tail: relative to their size. */
        double rel = y->p > 0 ? fabs(x->p - y->p) / y->p : fabs(x->p);
        if (!(rel <= 1e-9) && !(fabs(x->p - y->p) <= TOL))
            fail_msg("OLS p[%zu]: %.17g vs %.17g", k, x->p, y->p);
    }
}

static void same_assess(const wold_assess *a, const wold_assess *b, size_t J,
                        size_t p)
{
    for (size_t j = 0; j < J; j++) {
        const wold_block_stats *x = wold_assess_block(a, j),
                               *y = wold_assess_block(b, j);
        near_one(x->alpha, y->alpha, "alpha");
        near_one(x->rho_c, y->rho_c, "rho_c");
        near_one(x->rho_a, y->rho_a, "rho_a");
        near_one(x->dg_rho, y->dg_rho, "DG rho");
        near_one(x->ave, y->ave, "AVE");
        near_one(x->eig1, y->eig1, "eig1");
        near_one(x->eig2, y->eig2, "eig2");
    }
    near_all(wold_assess_htmt(a), wold_assess_htmt(b), J * J, "HTMT");
    near_all(wold_assess_htmt2(a), wold_assess_htmt2(b), J * J, "HTMT2");
    near_all(wold_assess_fornell_larcker(a), wold_assess_fornell_larcker(b),
             J * J, "Fornell-Larcker");
    near_all(wold_assess_vif_indicators(a), wold_assess_vif_indicators(b), p,
             "VIF");
    near_all(wold_assess_vif_paths(a), wold_assess_vif_paths(b), J * J,
             "VIF paths");
    near_all(wold_assess_f2(a), wold_assess_f2(b), J * J, "f2");
    for (int e = 0; e < 2; e++) {
        const wold_model_fit *x = wold_assess_model_fit(a, e),
                             *y = wold_assess_model_fit(b, e);
        near_one(x->srmr, y->srmr, "SRMR");
        near_one(x->d_uls, y->d_uls, "d_ULS");
        near_one(x->d_g, y->d_g, "d_G");
    }
}

/* Row r's scores equal those of each of its copies. */
static void same_scores(const pair *pp, const wold_fit *a, const wold_fit *b)
{
    size_t J = wold_model_n_lv(pp->model);
    size_t nb = wold_data_n_rows(pp->repeated);
    double *sa = malloc(pp->n * J * sizeof *sa), *sb = malloc(nb * J *
                                                             sizeof *sb);
    wold_error err;
    assert_int_equal(wold_fit_scores(a, pp->weighted, sa, &err), WOLD_OK);
    assert_int_equal(wold_fit_scores(b, pp->repeated, sb, &err), WOLD_OK);
    size_t t = 0;
    for (size_t r = 0; r < pp->n; r++)
        for (unsigned k = 0; k < weight_of(r); k++, t++)
            near_all(sa + r * J, sb + t * J, J, "scores");
    assert_int_equal(t, nb);
    free(sa), free(sb);
}

static void check_rule(wold_missing missing, wold_scheme scheme)
{
    pair pp;
    if (!make_pair(&pp)) {
        print_message("SKIPPED: %s is absent\n",
                      wt_shared("datasets/satisfaction.csv"));
        skip();
    }
    wold_error err;
    wold_moments *ma = NULL, *mb = NULL;
    assert_int_equal(wold_moments_compute(&ma, pp.weighted, missing, &err),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&mb, pp.repeated, missing, &err),
                     WOLD_OK);
    same_moments(ma, mb);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    opt.scheme = scheme;
    wold_fit *fa = NULL, *fb = NULL;
    assert_int_equal(wold_fit_estimate(&fa, pp.model, ma, &opt, &err),
                     WOLD_OK);
    assert_int_equal(wold_fit_estimate(&fb, pp.model, mb, &opt, &err),
                     WOLD_OK);
    same_fit(fa, fb);
    same_scores(&pp, fa, fb);
    wold_assess *aa = NULL, *ab = NULL;
    assert_int_equal(wold_assess_compute(&aa, fa, ma, &err), WOLD_OK);
    assert_int_equal(wold_assess_compute(&ab, fb, mb, &err), WOLD_OK);
    same_assess(aa, ab, wold_model_n_lv(pp.model), wold_model_n_mv(pp.model));
    wold_assess_free(aa), wold_assess_free(ab);
    wold_fit_free(fa), wold_fit_free(fb);
    wold_moments_free(ma), wold_moments_free(mb);
    free_pair(&pp);
}

static void test_repeated_rows_listwise(void **state)
{
    (void)state;
    check_rule(WOLD_MISSING_LISTWISE, WOLD_SCHEME_PATH);
}

static void test_repeated_rows_mean(void **state)
{
    (void)state;
    check_rule(WOLD_MISSING_MEAN, WOLD_SCHEME_CENTROID);
}

/* The weighted bootstrap: the same output whatever the threads, every
 * replicate a fit on counts x weights (so a row of weight 0 never
 * matters), and wider than the repeated rows' (which counts each copy as
 * an independent respondent). */
static void test_weighted_bootstrap(void **state)
{
    (void)state;
    pair pp;
    if (!make_pair(&pp)) {
        print_message("SKIPPED: %s is absent\n",
                      wt_shared("datasets/satisfaction.csv"));
        skip();
    }
    wold_error err;
    wold_moments *mo = NULL;
    assert_int_equal(wold_moments_compute(&mo, pp.weighted,
                                          WOLD_MISSING_LISTWISE, &err),
                     WOLD_OK);
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    wold_fit *fit = NULL;
    assert_int_equal(wold_fit_estimate(&fit, pp.model, mo, &fo, &err),
                     WOLD_OK);
    wold_boot_options bo;
    wold_boot_options_default(&bo);
    bo.replicates = 40;
    bo.ci = WOLD_BOOT_CI_PERCENTILE | WOLD_BOOT_CI_BCA;
    bo.threads = 1;
    wold_boot *b1 = NULL, *b2 = NULL;
    assert_int_equal(wold_boot_run(&b1, fit, mo, pp.weighted, &bo, NULL, NULL,
                                   &err),
                     WOLD_OK);
    bo.threads = 3;
    assert_int_equal(wold_boot_run(&b2, fit, mo, pp.weighted, &bo, NULL, NULL,
                                   &err),
                     WOLD_OK);
    char *t1 = NULL, *t2 = NULL;
    wold_report_parts parts;
    wold_report_parts_default(&parts);
    parts.fit = fit;
    parts.moments = mo;
    parts.data = pp.weighted;
    parts.boot = b1;
    assert_int_equal(wold_report(&t1, &parts, WOLD_FORMAT_JSON, &err),
                     WOLD_OK);
    parts.boot = b2;
    assert_int_equal(wold_report(&t2, &parts, WOLD_FORMAT_JSON, &err),
                     WOLD_OK);
    assert_string_equal(t1, t2);
    /* The report says the data are weighted. */
    assert_non_null(strstr(t1, "\"weights\": {"));
    assert_non_null(strstr(t1, "\"column\": \"w\""));
    free(t1), free(t2);
    wold_boot_free(b1), wold_boot_free(b2);
    wold_fit_free(fit);
    wold_moments_free(mo);
    free_pair(&pp);
}

/* Kish's effective n: (sum w)^2 / sum w^2 over the rows used. */
static void test_kish(void **state)
{
    (void)state;
    const char *text = "x,y,w\n1,2,1\n2,,3\n3,1,0\n4,5,2\n";
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.weights = "w";
    wold_data *d = NULL;
    wold_error err;
    assert_int_equal(wold_data_parse_csv(&d, text, strlen(text), NULL, NULL,
                                         &opt, &err),
                     WOLD_OK);
    double W = 0;
    near_one(wold_data_kish_n(d, WOLD_MISSING_MEAN, &W), 36.0 / 14.0, "kish");
    near_one(W, 6.0, "W");
    near_one(wold_data_kish_n(d, WOLD_MISSING_LISTWISE, &W), 9.0 / 5.0,
             "kish listwise");
    near_one(W, 3.0, "W listwise");
    wold_data_free(d);
    assert_int_equal(wold_data_parse_csv(&d, text, strlen(text), NULL, NULL,
                                         NULL, &err),
                     WOLD_OK);
    near_one(wold_data_kish_n(d, WOLD_MISSING_LISTWISE, NULL), 3.0,
             "kish unweighted");
    wold_data_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repeated_rows_listwise),
        cmocka_unit_test(test_repeated_rows_mean),
        cmocka_unit_test(test_weighted_bootstrap),
        cmocka_unit_test(test_kish),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
