/*
 * test_hoc.c - higher-order constructs: the repeated-indicator fit against
 * the first-order model written out by hand, and each two-stage stage
 * against a fit on the previous stage's scores done by hand, on a panel
 * drawn from models/csi_three_level.wold.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define N_ROWS 400

static struct {
    wold_model *model;
    wold_data *data;
} fx;

static int setup(void **state)
{
    (void)state;
    wold_error err;
    if (wold_model_read(&fx.model, wt_source("models/csi_three_level.wold"),
                        &err) != WOLD_OK)
        return -1;
    char *path = wt_temp_file("", ".csv");
    FILE *f = fopen(path, "w");
    wold_simulate_options opt;
    wold_simulate_options_default(&opt);
    opt.n = N_ROWS;
    opt.seed = 1;
    opt.scale_lo = 1;
    opt.scale_hi = 10;
    int ok = f != NULL && wold_simulate_csv(fx.model, &opt, f, &err) == WOLD_OK;
    if (f != NULL)
        fclose(f);
    ok = ok && wold_data_read_csv(&fx.data, path, fx.model, NULL, &err) ==
                   WOLD_OK;
    remove(path);
    free(path);
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    wold_data_free(fx.data);
    wold_model_free(fx.model);
    return 0;
}

static size_t lv_named(const wold_model *m, const char *name)
{
    for (size_t j = 0; j < wold_model_n_lv(m); j++)
        if (strcmp(wold_model_lv_name(m, j), name) == 0)
            return j;
    fail_msg("no LV %s", name);
    return 0;
}

/* Two fits of models with the same LV names: equal paths and weights
 * (indicator by indicator in block order). */
static void expect_same_fit(const wold_fit *a, const wold_fit *b, double tol)
{
    const wold_model *ma = wold_fit_model(a), *mb = wold_fit_model(b);
    size_t J = wold_model_n_lv(ma);
    assert_int_equal(J, wold_model_n_lv(mb));
    assert_int_equal(wold_model_n_mv(ma), wold_model_n_mv(mb));
    const double *pa = wold_fit_paths(a), *pb = wold_fit_paths(b);
    for (size_t to = 0; to < J; to++)
        for (size_t from = 0; from < J; from++) {
            size_t t2 = lv_named(mb, wold_model_lv_name(ma, to));
            size_t f2 = lv_named(mb, wold_model_lv_name(ma, from));
            WT_NEAR(pa[to * J + from], pb[t2 * J + f2], tol, "path");
        }
    for (size_t j = 0; j < J; j++) {
        size_t j2 = lv_named(mb, wold_model_lv_name(ma, j));
        size_t fa = wold_model_lv_first(ma, j), fb = wold_model_lv_first(mb, j2);
        assert_int_equal(wold_model_lv_count(ma, j), wold_model_lv_count(mb, j2));
        for (size_t k = 0; k < wold_model_lv_count(ma, j); k++) {
            WT_NEAR(wold_fit_mv(a, fa + k)->weight,
                    wold_fit_mv(b, fb + k)->weight, tol, "weight");
            WT_NEAR(wold_fit_mv(a, fa + k)->loading,
                    wold_fit_mv(b, fb + k)->loading, tol, "loading");
        }
    }
}

static wold_fit *fit_of(const wold_model *m, const wold_data *d,
                        wold_moments **mo)
{
    wold_error err;
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_fit *fit = NULL;
    assert_int_equal(wold_moments_compute(mo, d, WOLD_MISSING_LISTWISE, &err),
                     WOLD_OK);
    assert_int_equal(wold_fit_estimate(&fit, m, *mo, &opt, &err), WOLD_OK);
    return fit;
}

/* The repeated-indicator model written out by hand: each repeat is a
 * column of its own ("prd1_CSI"), every path a "~" line. */
static void test_repeated_by_hand(void **state)
{
    (void)state;
    const wold_model *m = fx.model;
    size_t J = wold_model_n_lv(m), p = wold_model_n_mv(m);
    size_t n = wold_data_n_rows(fx.data);
    char text[8192] = "";
    char names_buf[4096], *nb = names_buf;
    const char **names = malloc(p * sizeof *names);
    for (size_t j = 0; j < J; j++) {
        size_t a = wold_model_lv_first(m, j), q = wold_model_lv_count(m, j);
        strcat(text, wold_model_lv_name(m, j));
        strcat(text, wold_model_lv_mode(m, j) == WOLD_MODE_A ? " =~ "
                                                              : " <~ ");
        for (size_t i = a; i < a + q; i++) {
            int rep = wold_model_mv_repeat_of(m, i) != i;
            names[i] = nb;
            nb += sprintf(nb, "%s%s%s", wold_model_mv_name(m, i),
                          rep ? "_" : "", rep ? wold_model_lv_name(m, j) : "") +
                  1;
            strcat(text, i > a ? " + " : "");
            strcat(text, names[i]);
        }
        strcat(text, "\n");
    }
    for (size_t to = 0; to < J; to++)
        for (size_t from = 0; from < J; from++)
            if (wold_model_has_path(m, from, to))
                sprintf(text + strlen(text), "%s ~ %s\n",
                        wold_model_lv_name(m, to), wold_model_lv_name(m, from));
    wold_model *hand = wt_model(text);
    assert_int_equal(wold_model_max_order(hand), 1);
    /* The reader's repeats are copies of their originals' columns. */
    const double *x = wold_data_values(fx.data);
    for (size_t r = 0; r < n; r++)
        for (size_t i = 0; i < p; i++)
            assert_true(x[r * p + i] == x[r * p + wold_model_mv_repeat_of(m, i)]);
    wold_data *hd = NULL;
    wold_error err;
    assert_int_equal(wold_data_from_matrix(&hd, x, n, p, names, &err), WOLD_OK);
    wold_moments *hmo = NULL;
    wold_fit *hf = fit_of(hand, hd, &hmo);

    wold_hoc *h = NULL;
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    assert_int_equal(wold_hoc_estimate(&h, m, fx.data, NULL,
                                       WOLD_MISSING_LISTWISE, &opt,
                                       WOLD_HOC_REPEATED, &err),
                     WOLD_OK);
    assert_int_equal(wold_hoc_n_stages(h), 1);
    expect_same_fit(wold_hoc_stage_fit(h, 0), hf, 1e-12);
    wold_hoc_free(h);
    wold_fit_free(hf);
    wold_moments_free(hmo);
    wold_data_free(hd);
    wold_model_free(hand);
    free(names);
}

/* A stage by hand: the previous stage's standardised scores for the LVs
 * that hand names as indicators, the previous data's columns for the rest. */
static wold_fit *stage_by_hand(const wold_fit *prev, const wold_data *pd,
                               const char *text, wold_model **hm,
                               wold_data **hd, wold_moments **hmo)
{
    const wold_model *pm = wold_fit_model(prev);
    size_t n = wold_data_n_rows(pd), J = wold_model_n_lv(pm);
    size_t pp = wold_data_n_cols(pd);
    double *sc = malloc(n * J * sizeof *sc);
    wold_error err;
    assert_int_equal(wold_fit_scores(prev, pd, sc, &err), WOLD_OK);
    *hm = wt_model(text);
    size_t p = wold_model_n_mv(*hm);
    double *x = malloc(n * p * sizeof *x);
    const char **names = malloc(p * sizeof *names);
    for (size_t i = 0; i < p; i++) {
        names[i] = wold_model_mv_name(*hm, i);
        size_t src = (size_t)-1, lv = (size_t)-1;
        for (size_t j = 0; j < J; j++)
            if (strcmp(wold_model_lv_name(pm, j), names[i]) == 0)
                lv = j;
        for (size_t c = 0; lv == (size_t)-1 && c < pp; c++)
            if (strcmp(wold_data_col_name(pd, c), names[i]) == 0)
                src = c;
        assert_true(lv != (size_t)-1 || src != (size_t)-1);
        for (size_t r = 0; r < n; r++)
            x[r * p + i] = lv != (size_t)-1 ? sc[r * J + lv]
                                            : wold_data_values(pd)[r * pp + src];
    }
    assert_int_equal(wold_data_from_matrix(hd, x, n, p, names, &err), WOLD_OK);
    free(sc);
    free(x);
    free(names);
    return fit_of(*hm, *hd, hmo);
}

static void test_two_stage_by_hand(void **state)
{
    (void)state;
    wold_hoc *h = NULL;
    wold_error err;
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    assert_int_equal(wold_hoc_estimate(&h, fx.model, fx.data, NULL,
                                       WOLD_MISSING_LISTWISE, &opt,
                                       WOLD_HOC_TWO_STAGE, &err),
                     WOLD_OK);
    assert_int_equal(wold_hoc_n_stages(h), 3);
    static const char *const texts[] = {
        "CSI <~ Quality + Value + Image\nQuality =~ Product + Service\n"
        "Value =~ PriceFair + Worth\nImage =~ Brand + Reputation\n"
        "Loyalty =~ loy1 + loy2 + loy3\nLoyalty ~ CSI\n",
        "CSI <~ Quality + Value + Image\nLoyalty =~ loy1 + loy2 + loy3\n"
        "Loyalty ~ CSI\n"};
    for (size_t s = 1; s < 3; s++) {
        wold_model *hm = NULL;
        wold_data *hd = NULL;
        wold_moments *hmo = NULL;
        wold_fit *hf = stage_by_hand(wold_hoc_stage_fit(h, s - 1),
                                     wold_hoc_stage_data(h, s - 1),
                                     texts[s - 1], &hm, &hd, &hmo);
        /* The stage's children enter on the 0-100 metric, the hand's
         * standardised: the same fit (PLS standardises). */
        expect_same_fit(wold_hoc_stage_fit(h, s), hf, 1e-9);
        wold_fit_free(hf);
        wold_moments_free(hmo);
        wold_data_free(hd);
        wold_model_free(hm);
    }
    /* Stage 2's column Product: 100 (sum w x - sum w lo) / sum w (hi - lo)
     * with w the normalised weight / s.d. of stage 1, items on 1-10. */
    const wold_fit *f0 = wold_hoc_stage_fit(h, 0);
    const wold_model *m0 = wold_hoc_stage_model(h, 0);
    const wold_model *m1 = wold_hoc_stage_model(h, 1);
    const double *sd = wold_moments_sds(wold_hoc_stage_moments(h, 0));
    size_t prod = lv_named(m0, "Product"), a = wold_model_lv_first(m0, prod);
    double w[3], sum = 0, u = 0;
    const double *x0 = wold_data_values(fx.data);
    size_t p0 = wold_model_n_mv(m0);
    for (size_t k = 0; k < 3; k++)
        sum += w[k] = wold_fit_mv(f0, a + k)->weight / sd[a + k];
    for (size_t k = 0; k < 3; k++)
        u += w[k] / sum * x0[5 * p0 + a + k];
    size_t col = (size_t)-1;
    for (size_t i = 0; i < wold_model_n_mv(m1); i++)
        if (strcmp(wold_model_mv_name(m1, i), "Product") == 0 && col == (size_t)-1)
            col = i;
    assert_true(col != (size_t)-1);
    const wold_data *d1 = wold_hoc_stage_data(h, 1);
    WT_NEAR(wold_data_values(d1)[5 * wold_data_n_cols(d1) + col],
            100.0 * (u - 1.0) / 9.0, 1e-10, "Product on the index metric");
    double lo, hi;
    assert_true(wold_model_mv_scale(m1, col, &lo, &hi) && lo == 0 && hi == 100);
    /* The report: both stages and the constructs, text and JSON. */
    wold_report_parts parts;
    wold_report_parts_default(&parts);
    char *out = NULL;
    assert_int_equal(wold_hoc_report(&out, h, &parts, WOLD_FORMAT_TEXT, &err),
                     WOLD_OK);
    assert_non_null(strstr(out, "== Stage 3 of 3"));
    assert_non_null(strstr(out, "CSI <~ Quality + Value + Image    # order 3"));
    free(out);
    assert_int_equal(wold_hoc_report(&out, h, &parts, WOLD_FORMAT_JSON, &err),
                     WOLD_OK);
    assert_non_null(strstr(out, "\"higher_order\""));
    assert_non_null(strstr(out, "\"approach\": \"two-stage\""));
    assert_non_null(strstr(out, "\"earlier_stages\""));
    free(out);
    wold_hoc_free(h);
}

/* Two-stage refuses a child with a path of its own, at its block. */
static void test_two_stage_child_path(void **state)
{
    (void)state;
    wold_model *m = wt_model("H =~ A + B\nA =~ a1 + a2\nB =~ b1 + b2\n"
                             "C =~ c1 + c2\nC ~ A + H\n");
    const char csv[] = "a1,a2,b1,b2,c1,c2\n1,2,3,4,5,6\n2,3,3,5,6,6\n"
                       "3,3,5,4,7,8\n4,6,5,6,6,9\n5,4,7,8,9,9\n6,7,6,9,8,7\n";
    wold_data *d = NULL;
    wold_error err;
    assert_int_equal(wold_data_parse_csv(&d, csv, strlen(csv), "c.csv", m,
                                         NULL, &err),
                     WOLD_OK);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_hoc *h = NULL;
    wold_status st = wold_hoc_estimate(&h, m, d, NULL, WOLD_MISSING_LISTWISE,
                                       &opt, WOLD_HOC_TWO_STAGE, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, "cannot keep its path A -> C");
    assert_int_equal(err.line, 2);
    wold_hoc_free(h);
    WT_EXPECT_ERROR(wold_hoc_estimate(&h, m, d, NULL, WOLD_MISSING_LISTWISE,
                                      &opt, (wold_hoc_approach)7, &err),
                    &err, WOLD_EUSAGE, "unknown higher-order approach");
    assert_null(h);
    wold_data_free(d);
    wold_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repeated_by_hand),
        cmocka_unit_test(test_two_stage_by_hand),
        cmocka_unit_test(test_two_stage_child_path),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
