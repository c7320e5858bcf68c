/*
 * test_assess.c - the criteria of a fit (src/assess/) against published
 * values: cSEM 0.6.1 on the ECSI mobile-phone data
 * (../shared/reference/csem__mobi_ecsi__plspm.json) and ADANCO 2.2.1 on
 * the satisfaction data, as issue 7 quotes them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "assess/assess.h"
#include "testutil.h"

/* The cSEM reference model (its LV and indicator names, blocks in the
 * order of the reference's matrices). */
static const char *MOBI_MODEL =
    "Image        =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5\n"
    "Expectation  =~ CUEX1 + CUEX2 + CUEX3\n"
    "Quality      =~ PERQ1 + PERQ2 + PERQ3 + PERQ4 + PERQ5 + PERQ6 + PERQ7\n"
    "Value        =~ PERV1 + PERV2\n"
    "Satisfaction =~ CUSA1 + CUSA2 + CUSA3\n"
    "Complaints   =~ CUSCO\n"
    "Loyalty      =~ CUSL1 + CUSL2 + CUSL3\n"
    "Expectation  ~ Image\n"
    "Quality      ~ Expectation\n"
    "Value        ~ Expectation + Quality\n"
    "Satisfaction ~ Image + Expectation + Quality + Value\n"
    "Complaints   ~ Satisfaction\n"
    "Loyalty      ~ Image + Satisfaction + Complaints\n";

/* A model, its data and moments, and the indicators' correlations. */
typedef struct setup {
    wold_model *md;
    wold_data *data;
    wold_moments *mo;
    double *R;
} setup;

static int load(setup *s, const char *model, const char *csv)
{
    memset(s, 0, sizeof *s);
    const char *path = wt_shared(csv);
    if (!wt_exists(path))
        return 0;
    s->md = wt_model(model);
    wold_error err;
    assert_int_equal(wold_data_read_csv(&s->data, path, s->md, NULL, &err),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&s->mo, s->data,
                                          WOLD_MISSING_LISTWISE, &err),
                     WOLD_OK);
    size_t p = wold_model_n_mv(s->md);
    const double *C = wold_moments_cov(s->mo), *sd = wold_moments_sds(s->mo);
    s->R = malloc(p * p * sizeof *s->R);
    assert_non_null(s->R);
    for (size_t i = 0; i < p; i++)
        for (size_t k = 0; k < p; k++)
            s->R[i * p + k] = C[i * p + k] / (sd[i] * sd[k]);
    return 1;
}

static void unload(setup *s)
{
    free(s->R);
    wold_moments_free(s->mo);
    wold_data_free(s->data);
    wold_model_free(s->md);
}

static json_object *reference(const char *rel)
{
    const char *path = wt_shared(rel);
    if (!wt_exists(path))
        return NULL;
    json_object *root = json_object_from_file(path);
    assert_non_null(root);
    return root;
}

static size_t lv_index(const wold_model *md, const char *name)
{
    for (size_t j = 0; j < wold_model_n_lv(md); j++)
        if (strcmp(wold_model_lv_name(md, j), name) == 0)
            return j;
    fail_msg("no LV '%s' in the model", name);
    return 0;
}

/* Compares the lower triangle of a {rows, cols, data} matrix of the
 * reference with the J x J matrix m (rows and cols named by LV). */
static void check_lower(json_object *ref, const wold_model *md,
                        const double *m, double tol, const char *what)
{
    json_object *rows = wt_json_get(ref, "rows"), *cols = wt_json_get(ref, "cols");
    json_object *data = wt_json_get(ref, "data");
    size_t J = wold_model_n_lv(md);
    char label[256];
    for (size_t r = 0; r < json_object_array_length(rows); r++)
        for (size_t c = 0; c <= r && c < json_object_array_length(cols); c++) {
            const char *rn = json_object_get_string(json_object_array_get_idx(rows, r));
            const char *cn = json_object_get_string(json_object_array_get_idx(cols, c));
            json_object *v = json_object_array_get_idx(
                json_object_array_get_idx(data, r), c);
            double got = m[lv_index(md, rn) * J + lv_index(md, cn)];
            snprintf(label, sizeof label, "%s %s-%s", what, rn, cn);
            /* null: cSEM's NaN (jsonlite writes NaN as null) */
            if (v == NULL)
                assert_true(isnan(got));
            else
                WT_NEAR(got, json_object_get_double(v), tol, label);
        }
}

/* HTMT and HTMT2 depend on the data only: cSEM's values to 1e-12. */
static void test_htmt_mobi(void **state)
{
    (void)state;
    setup s;
    json_object *ref = reference("reference/csem__mobi_ecsi__plspm.json");
    if (ref == NULL || !load(&s, MOBI_MODEL, "datasets/mobi.csv")) {
        json_object_put(ref);
        WT_SKIP_IF_ABSENT(wt_shared("reference/csem__mobi_ecsi__plspm.json"));
        WT_SKIP_IF_ABSENT(wt_shared("datasets/mobi.csv"));
        return;
    }
    size_t J = wold_model_n_lv(s.md);
    double *h = malloc(J * J * sizeof *h);
    assert_non_null(h);
    json_object *assess = wt_json_get(ref, "assess");
    wold__htmt(s.md, s.R, 0, h);
    check_lower(wt_json_get(wt_json_get(assess, "HTMT"), "htmts"), s.md, h,
                1e-12, "HTMT");
    for (size_t j = 0; j < J; j++)
        for (size_t k = 0; k < J; k++)
            assert_true(h[j * J + k] == h[k * J + j]);
    wold__htmt(s.md, s.R, 1, h);
    check_lower(wt_json_get(wt_json_get(assess, "HTMT2"), "htmts"), s.md, h,
                1e-12, "HTMT2");
    free(h);
    json_object_put(ref);
    unload(&s);
}

/* The satisfaction model of issue 7, with every block Mode A. */
static const char *SAT_A =
    "IMAG =~ imag1 + imag2 + imag3 + imag4 + imag5\n"
    "EXPE =~ expe1 + expe2 + expe3 + expe4 + expe5\n"
    "QUAL =~ qual1 + qual2 + qual3 + qual4 + qual5\n"
    "VAL  =~ val1 + val2 + val3 + val4\n"
    "SAT  =~ sat1 + sat2 + sat3 + sat4\n"
    "LOY  =~ loy1 + loy2 + loy3 + loy4\n"
    "EXPE ~ IMAG\n"
    "QUAL ~ EXPE\n"
    "VAL  ~ EXPE + QUAL\n"
    "SAT  ~ IMAG + EXPE + QUAL + VAL\n"
    "LOY  ~ IMAG + SAT\n";

/* ADANCO 2.2.1's HTMT on the satisfaction data (issue 7), 6 decimals. */
static void test_htmt_adanco(void **state)
{
    (void)state;
    setup s;
    if (!load(&s, SAT_A, "datasets/satisfaction.csv")) {
        WT_SKIP_IF_ABSENT(wt_shared("datasets/satisfaction.csv"));
        return;
    }
    size_t J = wold_model_n_lv(s.md);
    double h[36];
    wold__htmt(s.md, s.R, 0, h);
    WT_NEAR(h[1 * J + 0], 0.643829, 5e-7, "HTMT EXPE-IMAG");
    WT_NEAR(h[2 * J + 1], 0.981903, 5e-7, "HTMT QUAL-EXPE");
    WT_NEAR(h[4 * J + 3], 0.929318, 5e-7, "HTMT SAT-VAL");
    WT_NEAR(h[5 * J + 4], 0.743249, 5e-7, "HTMT LOY-SAT");
    unload(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_htmt_mobi),
        cmocka_unit_test(test_htmt_adanco),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
