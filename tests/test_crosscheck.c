/*
 * test_crosscheck.c - wold's own (fully converged) fit against seminr and
 * cSEM on the ECSI mobile-phone model (../shared/reference).  Neither tool
 * replays plspm's stopping rule and both stop before the fixed point
 * (seminr: weight change below 1e-7; cSEM: 1e-5), so, as the reference
 * README suggests, weights, loadings, paths and R^2 are compared within
 * 1e-6 (seminr) and 1e-5 (cSEM).  The cSEM model is its own lavaan text,
 * read by wold's parser unchanged.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "testutil.h"

static json_object *get(json_object *o, const char *key)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(o, key, &v))
        fail_msg("reference lacks key '%s'", key);
    return v;
}

static double at(json_object *a, size_t i)
{
    return json_object_get_double(json_object_array_get_idx(a, i));
}

static long index_of(json_object *names, const char *name)
{
    for (size_t i = 0; i < json_object_array_length(names); i++)
        if (strcmp(json_object_get_string(json_object_array_get_idx(names, i)), name) == 0)
            return (long)i;
    fail_msg("'%s' not in the reference", name);
    return -1;
}

/* {rows, cols, data}: the entry (row name, col name). */
static double cell(json_object *m, const char *row, const char *col)
{
    long r = index_of(get(m, "rows"), row), c = index_of(get(m, "cols"), col);
    return at(json_object_array_get_idx(get(m, "data"), (size_t)r), (size_t)c);
}

typedef struct run {
    wold_model *model;
    wold_data *data;
    wold_moments *mo;
    wold_fit *fit;
} run;

static void fit_default(run *r, const char *model_text, const char *data_rel)
{
    memset(r, 0, sizeof *r);
    r->model = wt_model(model_text);
    wold_error err;
    if (strncmp(data_rel, "shared/", 7) == 0)
        data_rel += 7;
    WT_EXPECT_ERROR(wold_data_read_csv(&r->data, wt_shared(data_rel), r->model, NULL, &err),
                    &err, WOLD_OK, NULL);
    assert_int_equal(wold_moments_compute(&r->mo, r->data, WOLD_MISSING_LISTWISE, &err), WOLD_OK);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    WT_EXPECT_ERROR(wold_fit_estimate(&r->fit, r->model, r->mo, &opt, &err), &err, WOLD_OK, NULL);
}

static void run_free(run *r)
{
    wold_fit_free(r->fit);
    wold_moments_free(r->mo);
    wold_data_free(r->data);
    wold_model_free(r->model);
}

/* seminr's model: blocks and paths as lists in the file. */
static char *seminr_model(json_object *root)
{
    json_object *cons = get(root, "constructs"), *blocks = get(root, "blocks");
    json_object *paths = get(get(root, "estimates"), "paths");
    size_t cap = 16384, len = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    for (size_t j = 0; j < json_object_array_length(cons); j++) {
        const char *name = json_object_get_string(json_object_array_get_idx(cons, j));
        json_object *b = get(blocks, name), *items = get(b, "items");
        len += (size_t)snprintf(t + len, cap - len, "%s %s ", name,
                                strcmp(json_object_get_string(get(b, "type")), "B") ? "=~" : "<~");
        for (size_t i = 0; i < json_object_array_length(items); i++)
            len += (size_t)snprintf(t + len, cap - len, "%s%s", i ? " + " : "",
                                    json_object_get_string(json_object_array_get_idx(items, i)));
        len += (size_t)snprintf(t + len, cap - len, "\n");
    }
    json_object *from = get(paths, "from"), *to = get(paths, "to");
    for (size_t k = 0; k < json_object_array_length(from); k++)
        len += (size_t)snprintf(t + len, cap - len, "%s ~ %s\n",
                                json_object_get_string(json_object_array_get_idx(to, k)),
                                json_object_get_string(json_object_array_get_idx(from, k)));
    return t;
}

static void test_seminr(void **state)
{
    (void)state;
    const char *path = wt_shared("reference/seminr__mobi_ecsi__pls.json");
    WT_SKIP_IF_ABSENT(path);
    json_object *root = json_object_from_file(path);
    assert_non_null(root);
    char *text = seminr_model(root);
    run r;
    fit_default(&r, text, json_object_get_string(get(root, "data_file")));
    json_object *e = get(root, "estimates");
    const double tol = 1e-6;
    size_t J = wold_model_n_lv(r.model);
    for (size_t i = 0; i < wold_model_n_mv(r.model); i++) {
        const char *mv = wold_model_mv_name(r.model, i);
        const char *lv = wold_model_lv_name(r.model, wold_model_mv_lv(r.model, i));
        WT_NEAR(wold_fit_mv(r.fit, i)->weight, cell(get(e, "outer_weights"), mv, lv), tol, mv);
        WT_NEAR(wold_fit_mv(r.fit, i)->loading, cell(get(e, "outer_loadings"), mv, lv), tol, mv);
    }
    for (size_t to = 0; to < J; to++) {
        const char *tn = wold_model_lv_name(r.model, to);
        for (size_t from = 0; from < J; from++)
            if (wold_model_has_path(r.model, from, to))
                WT_NEAR(wold_fit_paths(r.fit)[to * J + from],
                        cell(get(e, "path_coef"), wold_model_lv_name(r.model, from), tn),
                        tol, "path");
        if (!wold_fit_lv(r.fit, to)->endogenous)
            continue;
        WT_NEAR(wold_fit_lv(r.fit, to)->r2, json_object_get_double(get(get(e, "r_squared"), tn)), tol, "R2");
        WT_NEAR(wold_fit_lv(r.fit, to)->r2_adj,
                json_object_get_double(get(get(e, "r_squared_adj"), tn)), tol, "adj. R2");
    }
    run_free(&r);
    free(text);
    json_object_put(root);
}

/* The lavaan text between 'model <- "' and the closing quote. */
static char *csem_model(json_object *root)
{
    const char *setup = json_object_get_string(get(root, "r_setup"));
    const char *a = strstr(setup, "model <- \"");
    assert_non_null(a);
    a += strlen("model <- \"");
    const char *b = strchr(a, '"');
    assert_non_null(b);
    char *t = malloc((size_t)(b - a) + 1);
    assert_non_null(t);
    memcpy(t, a, (size_t)(b - a));
    t[b - a] = '\0';
    return t;
}

static void test_csem(void **state)
{
    (void)state;
    const char *path = wt_shared("reference/csem__mobi_ecsi__plspm.json");
    WT_SKIP_IF_ABSENT(path);
    json_object *root = json_object_from_file(path);
    assert_non_null(root);
    char *text = csem_model(root);
    run r;
    fit_default(&r, text, json_object_get_string(get(root, "data_file")));
    json_object *e = get(root, "estimates");
    const double tol = 1e-5;
    size_t J = wold_model_n_lv(r.model);
    for (size_t i = 0; i < wold_model_n_mv(r.model); i++) {
        const char *mv = wold_model_mv_name(r.model, i);
        const char *lv = wold_model_lv_name(r.model, wold_model_mv_lv(r.model, i));
        WT_NEAR(wold_fit_mv(r.fit, i)->weight, cell(get(e, "weight_matrix"), lv, mv), tol, mv);
        WT_NEAR(wold_fit_mv(r.fit, i)->loading, cell(get(e, "loading_matrix"), lv, mv), tol, mv);
    }
    for (size_t to = 0; to < J; to++) {
        const char *tn = wold_model_lv_name(r.model, to);
        for (size_t from = 0; from < J; from++) {
            const char *fn = wold_model_lv_name(r.model, from);
            WT_NEAR(wold_fit_paths(r.fit)[to * J + from], cell(get(e, "path_matrix"), tn, fn),
                    tol, "path");
            WT_NEAR(wold_fit_lv_cor(r.fit)[to * J + from], cell(get(e, "construct_vcv"), tn, fn),
                    tol, "construct correlation");
        }
        if (!wold_fit_lv(r.fit, to)->endogenous)
            continue;
        WT_NEAR(wold_fit_lv(r.fit, to)->r2, json_object_get_double(get(get(e, "r2"), tn)), tol, "R2");
        WT_NEAR(wold_fit_lv(r.fit, to)->r2_adj, json_object_get_double(get(get(e, "r2_adj"), tn)),
                tol, "adj. R2");
    }
    run_free(&r);
    free(text);
    json_object_put(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seminr),
        cmocka_unit_test(test_csem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
