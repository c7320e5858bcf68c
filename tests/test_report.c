/*
 * test_report.c - the report writers: shortest round-trip doubles, the
 * JSON document (parsed back: every key of docs/json.md, every number equal
 * to the fit's), and the text tables.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "testutil.h"

static void test_format_double(void **state)
{
    (void)state;
    char buf[32];
    struct { double x; const char *s; } cases[] = {
        {0.1, "0.1"}, {1.0, "1"}, {-2.5, "-2.5"}, {0.30000000000000004, "0.30000000000000004"},
        {1e-300, "1e-300"}, {0.0, "0"}, {123456789012345.0, "123456789012345"},
        {0.6066497734345166, "0.6066497734345166"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wold_format_double(cases[i].x, buf);
        assert_string_equal(buf, cases[i].s);
    }
    wold_format_double(NAN, buf);
    assert_string_equal(buf, "NaN");
    wold_format_double(-INFINITY, buf);
    assert_string_equal(buf, "-Inf");
    /* Round trip on awkward values, and no shorter form exists. */
    unsigned long long s = 88172645463325252ULL;
    for (int k = 0; k < 20000; k++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        double x;
        memcpy(&x, &s, sizeof x);
        if (!isfinite(x))
            continue;
        wold_format_double(x, buf);
        assert_true(strtod(buf, NULL) == x);
        char shorter[40];
        snprintf(shorter, sizeof shorter, "%.*g", 14, x);
        if (strtod(shorter, NULL) == x)
            assert_true(strlen(buf) <= strlen(shorter));
    }
}

typedef struct fixture {
    wold_model *model;
    wold_data *data;
    wold_moments *mo;
    wold_fit *fit;
} fixture;

static int setup(void **state)
{
    const char *csv = wt_shared("datasets/satisfaction.csv");
    if (!wt_exists(csv)) {
        *state = NULL;
        return 0;
    }
    fixture *f = calloc(1, sizeof *f);
    wold_error err;
    assert_int_equal(wold_model_read(&f->model, wt_source("models/satisfaction.wold"), &err), WOLD_OK);
    assert_int_equal(wold_data_read_csv(&f->data, csv, f->model, NULL, &err), WOLD_OK);
    assert_int_equal(wold_moments_compute(&f->mo, f->data, WOLD_MISSING_LISTWISE, &err), WOLD_OK);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    assert_int_equal(wold_fit_estimate(&f->fit, f->model, f->mo, &opt, &err), WOLD_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (f == NULL)
        return 0;
    wold_fit_free(f->fit);
    wold_moments_free(f->mo);
    wold_data_free(f->data);
    wold_model_free(f->model);
    free(f);
    return 0;
}

static json_object *key(json_object *o, const char *k)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(o, k, &v))
        fail_msg("JSON lacks key '%s'", k);
    return v;
}

/* Numbers must come back bit for bit: shortest round-trip form. */
static void same(json_object *v, double x, const char *what)
{
    if (isnan(x)) {
        assert_null(v);
        return;
    }
    double got = json_object_get_double(v);
    if (got != x)
        fail_msg("%s: JSON %.17g, fit %.17g", what, got, x);
}

static void test_json(void **state)
{
    fixture *f = *state;
    if (f == NULL) {
        print_message("SKIPPED: satisfaction.csv is absent\n");
        skip();
    }
    char *text = NULL;
    assert_int_equal(wold_report_fit(&text, f->fit, f->mo, f->data, WOLD_FORMAT_JSON, NULL), WOLD_OK);
    json_object *root = json_tokener_parse(text);
    assert_non_null(root);
    assert_int_equal(json_object_get_int(key(root, "n")), 250);
    assert_int_equal(json_object_get_int(key(root, "iterations")), wold_fit_iterations(f->fit));
    assert_true(json_object_get_boolean(key(root, "converged")));
    json_object *s = key(root, "settings");
    assert_string_equal(json_object_get_string(key(s, "scheme")), "path");
    same(key(s, "tol"), 1e-12, "tol");
    assert_int_equal(json_object_get_int(key(s, "max_iter")), 300);
    assert_true(json_object_get_boolean(key(s, "scaled")));
    assert_string_equal(json_object_get_string(key(s, "missing")), "listwise");
    assert_string_equal(json_object_get_string(key(s, "compat")), "none");
    json_object *lat = key(root, "latent");
    assert_int_equal(json_object_array_length(lat), 6);
    wold_assess *as;
    assert_int_equal(wold_assess_compute(&as, f->fit, f->mo, NULL), WOLD_OK);
    for (size_t j = 0; j < 6; j++) {
        json_object *o = json_object_array_get_idx(lat, j);
        const wold_lv_stats *st = wold_fit_lv(f->fit, j);
        const wold_block_stats *b = wold_assess_block(as, j);
        assert_string_equal(json_object_get_string(key(o, "name")), wold_model_lv_name(f->model, j));
        assert_string_equal(json_object_get_string(key(o, "mode")), "A");
        same(key(o, "r2"), st->r2, "r2");
        same(key(o, "r2_adj"), st->r2_adj, "r2_adj");
        same(key(o, "ave"), b->ave, "ave");
        same(key(o, "alpha"), b->alpha, "alpha");
        same(key(o, "rho_c"), b->rho_c, "rho_c");
        same(key(o, "rho_a"), b->rho_a, "rho_a");
        same(key(o, "dg_rho"), b->dg_rho, "dg_rho");
        same(key(o, "eig1"), b->eig1, "eig1");
        same(key(o, "eig2"), b->eig2, "eig2");
        same(key(o, "block_communality"), st->block_communality, "block_communality");
        same(key(o, "mean_redundancy"), st->mean_redundancy, "mean_redundancy");
    }
    json_object *ind = key(root, "indicators");
    assert_int_equal(json_object_array_length(ind), 27);
    for (size_t i = 0; i < 27; i++) {
        json_object *o = json_object_array_get_idx(ind, i);
        const wold_mv_stats *m = wold_fit_mv(f->fit, i);
        assert_string_equal(json_object_get_string(key(o, "name")), wold_model_mv_name(f->model, i));
        same(key(o, "weight"), m->weight, "weight");
        same(key(o, "loading"), m->loading, "loading");
        same(key(o, "communality"), m->communality, "communality");
        same(key(o, "redundancy"), m->redundancy, "redundancy");
        json_object *row = key(key(root, "cross_loadings"), wold_model_mv_name(f->model, i));
        for (size_t j = 0; j < 6; j++)
            same(key(row, wold_model_lv_name(f->model, j)),
                 wold_fit_cross_loadings(f->fit)[i * 6 + j], "cross-loading");
    }
    for (size_t j = 0; j < 6; j++)
        for (size_t k = 0; k < 6; k++)
            same(key(key(key(root, "lv_correlations"), wold_model_lv_name(f->model, j)),
                     wold_model_lv_name(f->model, k)),
                 wold_fit_lv_cor(f->fit)[j * 6 + k], "LV correlation");
    json_object *paths = key(root, "paths");
    assert_int_equal(json_object_array_length(paths), 10);
    json_object *p0 = json_object_array_get_idx(paths, 0);
    assert_string_equal(json_object_get_string(key(p0, "from")), "IMAG");
    assert_string_equal(json_object_get_string(key(p0, "to")), "EXPE");
    same(key(p0, "estimate"), wold_fit_paths(f->fit)[1 * 6 + 0], "path");
    same(key(p0, "std_error"), wold_fit_coef(f->fit, 1)->std_error, "std_error");
    same(key(p0, "t"), wold_fit_coef(f->fit, 1)->t, "t");
    same(key(p0, "p"), wold_fit_coef(f->fit, 1)->p, "p");
    same(key(p0, "f2"), wold_assess_f2(as)[1 * 6 + 0], "f2");
    same(key(p0, "vif"), wold_assess_vif_paths(as)[1 * 6 + 0], "vif");
    assert_int_equal(json_object_array_length(key(root, "intercepts")), 5);
    /* The criteria that are not per block. */
    for (size_t j = 0; j < 6; j++)
        for (size_t k = 0; k < 6; k++) {
            const char *a = wold_model_lv_name(f->model, j);
            const char *b = wold_model_lv_name(f->model, k);
            same(key(key(key(root, "htmt"), a), b),
                 wold_assess_htmt(as)[j * 6 + k], "htmt");
            same(key(key(key(root, "htmt2"), a), b),
                 wold_assess_htmt2(as)[j * 6 + k], "htmt2");
            same(key(key(key(root, "fornell_larcker"), a), b),
                 wold_assess_fornell_larcker(as)[j * 6 + k], "fornell_larcker");
        }
    /* Mode A blocks only: no indicator VIF. */
    assert_int_equal(json_object_object_length(key(root, "vif_indicators")), 0);
    const char *which[] = {"saturated", "estimated"};
    for (int e = 0; e < 2; e++) {
        json_object *m = key(key(root, "model_fit"), which[e]);
        const wold_model_fit *mf = wold_assess_model_fit(as, e);
        same(key(m, "srmr"), mf->srmr, "srmr");
        same(key(m, "d_uls"), mf->d_uls, "d_uls");
        same(key(m, "d_g"), mf->d_g, "d_g");
    }
    wold_assess_free(as);
    /* 15 ordered pairs are connected by a chain of paths (plspm's list). */
    json_object *eff = key(root, "effects");
    assert_int_equal(json_object_array_length(eff), 15);
    for (size_t k = 0; k < 15; k++) {
        json_object *o = json_object_array_get_idx(eff, k);
        double d = json_object_get_double(key(o, "direct"));
        double in = json_object_get_double(key(o, "indirect"));
        double t = json_object_get_double(key(o, "total"));
        assert_true(fabs(d + in - t) < 1e-15);
    }
    same(key(root, "gof"), wold_fit_gof(f->fit), "gof");
    json_object *input = key(root, "input");
    assert_int_equal(json_object_get_int(key(input, "rows_dropped")), 0);
    json_object_put(root);
    free(text);
}

static void test_text(void **state)
{
    fixture *f = *state;
    if (f == NULL) {
        print_message("SKIPPED: satisfaction.csv is absent\n");
        skip();
    }
    char *text = NULL;
    assert_int_equal(wold_report_fit(&text, f->fit, f->mo, f->data, WOLD_FORMAT_TEXT, NULL), WOLD_OK);
    const char *sections[] = {"converged after", "Measurement model", "Reliability",
                              "Discriminant validity: HTMT", "Fornell-Larcker",
                              "Cross-loadings", "Collinearity (VIF)", "Structural model: paths",
                              "p (OLS)", "Structural model: R2", "Effects",
                              "LV correlations", "Model fit", "saturated", "estimated",
                              "GoF", "IMAG  ->  EXPE", "rows used  250"};
    for (size_t k = 0; k < sizeof sections / sizeof sections[0]; k++)
        if (strstr(text, sections[k]) == NULL)
            fail_msg("text report lacks '%s':\n%s", sections[k], text);
    free(text);
}

/* The marks of failed thresholds, each with its legend: on the mobi data
 * Image's AVE is 0.478 and four HTMT values exceed 0.9; the intercepts are
 * not listed and the OLS columns say so. */
static void test_text_marks(void **state)
{
    (void)state;
    const char *csv = wt_shared("datasets/mobi.csv");
    WT_SKIP_IF_ABSENT(csv);
    wold_model *m = wt_model(
        "Image =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5\n"
        "Expectation =~ CUEX1 + CUEX2 + CUEX3\n"
        "Quality =~ PERQ1 + PERQ2 + PERQ3 + PERQ4 + PERQ5 + PERQ6 + PERQ7\n"
        "Satisfaction =~ CUSA1 + CUSA2 + CUSA3\n"
        "Expectation ~ Image\nQuality ~ Expectation\n"
        "Satisfaction ~ Image + Expectation + Quality\n");
    wold_error err;
    wold_data *d = NULL;
    wold_moments *mo = NULL;
    wold_fit *fit = NULL;
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    assert_int_equal(wold_data_read_csv(&d, csv, m, NULL, &err), WOLD_OK);
    assert_int_equal(wold_moments_compute(&mo, d, WOLD_MISSING_LISTWISE, &err), WOLD_OK);
    assert_int_equal(wold_fit_estimate(&fit, m, mo, &opt, &err), WOLD_OK);
    char *text = NULL;
    assert_int_equal(wold_report_fit(&text, fit, mo, d, WOLD_FORMAT_TEXT, NULL), WOLD_OK);
    const char *want[] = {"0.478*", "* AVE below 0.5", "0.929*",
                          "* above 0.9 (Henseler et al. 2015)", "p (OLS)",
                          "s.e. (OLS)", "Model fit", "estimated"};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        if (strstr(text, want[k]) == NULL)
            fail_msg("the text report lacks '%s':\n%s", want[k], text);
    if (strstr(text, "Intercept") != NULL)
        fail_msg("the text report lists intercepts:\n%s", text);
    free(text);
    wold_fit_free(fit);
    wold_moments_free(mo);
    wold_data_free(d);
    wold_model_free(m);
}

/* Display width of the first len bytes (UTF-8: one column per code point
 * here, since the names are ASCII). */
static size_t line_width(const char *s, size_t len)
{
    size_t w = 0;
    for (size_t k = 0; k < len; k++)
        w += ((unsigned char)s[k] & 0xC0) != 0x80;
    return w;
}

/* Every line of the table under heading has the width of its header row:
 * a cell wider than its column (a minus sign, a long number) would make
 * its row longer and push the columns after it out of line. */
static void expect_aligned(const char *text, const char *heading)
{
    const char *s = strstr(text, heading);
    if (s == NULL)
        fail_msg("no '%s' table in:\n%s", heading, text);
    s = strchr(s, '\n') + 1;
    const char *e = strchr(s, '\n');
    size_t want = line_width(s, (size_t)(e - s));
    for (s = e + 1; *s != '\n' && *s != '\0'; s = e + 1) {
        e = strchr(s, '\n');
        /* A legend line; a mark after the last column. */
        if (strncmp(s, "  * ", 4) == 0)
            continue;
        size_t got = line_width(s, (size_t)(e - s)) - (e[-1] == '*');
        if (got != want)
            fail_msg("'%s' row is %zu columns wide, its header %zu:\n%.*s",
                     heading, got, want, (int)(e - s), s);
    }
}

/* Construct names shorter than the numbers, and negative cross-loadings
 * (AGRIN -> INDEV is negative): the columns used to run into each other. */
static void test_text_alignment(void **state)
{
    (void)state;
    wold_model *m = wt_model("AGRIN =~ 0.8*gini + 0.8*farm + 0.7*rent\n"
                             "INDEV =~ 0.8*gnpr + 0.9*labo\n"
                             "INDEV ~ -0.6*AGRIN\n");
    wold_simulate_options so;
    wold_simulate_options_default(&so);
    so.n = 300;
    so.seed = 7;
    char *path = wt_temp_file("", ".csv");
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    wold_error err;
    assert_int_equal(wold_simulate_csv(m, &so, fp, &err), WOLD_OK);
    fclose(fp);
    wold_data *d = NULL;
    wold_moments *mo = NULL;
    wold_fit *fit = NULL;
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    assert_int_equal(wold_data_read_csv(&d, path, m, NULL, &err), WOLD_OK);
    assert_int_equal(wold_moments_compute(&mo, d, WOLD_MISSING_LISTWISE, &err), WOLD_OK);
    assert_int_equal(wold_fit_estimate(&fit, m, mo, &opt, &err), WOLD_OK);
    assert_true(wold_fit_cross_loadings(fit)[0 * 2 + 1] < 0);
    char *text = NULL;
    assert_int_equal(wold_report_fit(&text, fit, mo, d, WOLD_FORMAT_TEXT, NULL), WOLD_OK);
    expect_aligned(text, "Measurement model");
    expect_aligned(text, "Cross-loadings");
    expect_aligned(text, "Reliability");
    expect_aligned(text, "Collinearity (VIF)");
    expect_aligned(text, "Structural model: paths");
    expect_aligned(text, "Effects");
    expect_aligned(text, "Model fit");
    /* Undefined numbers print as "-", never as nan or inf. */
    for (const char *s = text; *s; s++)
        if ((s == text || s[-1] == ' ' || s[-1] == '-') &&
            (strncmp(s, "nan", 3) == 0 || strncmp(s, "inf", 3) == 0))
            fail_msg("the text report prints '%.3s':\n%s", s, text);
    free(text);
    wold_fit_free(fit);
    wold_moments_free(mo);
    wold_data_free(d);
    wold_model_free(m);
    remove(path);
    free(path);
}

/* A model of blocks without paths: the reports show the fit's warnings
 * (here: a Mode B block with no neighbour) and no empty inner model. */
static void test_measurement_only(void **state)
{
    (void)state;
    wold_model *m = wt_model("Quality =~ qual1 + qual2 + qual3\n"
                             "Value <~ val1 + val2\n");
    wold_error err;
    wold_data *d = NULL;
    wold_moments *mo = NULL;
    wold_fit *fit = NULL;
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    assert_int_equal(wold_data_read_csv(&d, wt_source("datasets/acsi_2000.csv"), m, NULL, &err), WOLD_OK);
    assert_int_equal(wold_moments_compute(&mo, d, WOLD_MISSING_LISTWISE, &err), WOLD_OK);
    assert_int_equal(wold_fit_estimate(&fit, m, mo, &opt, &err), WOLD_OK);
    assert_int_equal(wold_fit_n_warnings(fit), 1);
    const char *msg = wold_fit_warning(fit, 0)->error.message;
    char *text = NULL;
    assert_int_equal(wold_report_fit(&text, fit, mo, d, WOLD_FORMAT_TEXT, NULL), WOLD_OK);
    if (strstr(text, "Warnings\n") == NULL || strstr(text, msg) == NULL ||
        strstr(text, ":2:1: warning: ") == NULL)
        fail_msg("the text report lacks the warning '%s':\n%s", msg, text);
    if (strstr(text, "Structural model") != NULL || strstr(text, "Effects") != NULL)
        fail_msg("a model without paths has no inner model:\n%s", text);
    if (strstr(text, "measurement model only") == NULL)
        fail_msg("the summary does not say what was fitted:\n%s", text);
    free(text);
    assert_int_equal(wold_report_fit(&text, fit, mo, d, WOLD_FORMAT_JSON, NULL), WOLD_OK);
    json_object *root = json_tokener_parse(text);
    json_object *w = key(root, "warnings");
    assert_int_equal(json_object_array_length(w), 1);
    json_object *w0 = json_object_array_get_idx(w, 0);
    assert_string_equal(json_object_get_string(key(w0, "message")), msg);
    assert_string_equal(json_object_get_string(key(w0, "lv")), "Value");
    assert_null(key(w0, "indicator"));
    assert_int_equal(json_object_get_int(key(w0, "line")), 2);
    assert_int_equal(json_object_get_int(key(w0, "col")), 1);
    assert_int_equal(json_object_array_length(key(root, "paths")), 0);
    json_object_put(root);
    free(text);
    wold_fit_free(fit);
    wold_moments_free(mo);
    wold_data_free(d);
    wold_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_double),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_text_alignment),
        cmocka_unit_test(test_text_marks),
        cmocka_unit_test(test_measurement_only),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
