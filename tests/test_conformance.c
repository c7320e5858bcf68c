/*
 * test_conformance.c - wold --compat plspm against every plspm reference
 * run in ../shared/reference: each JSON that plspm wrote (software.plspm)
 * names its data file, blocks, modes, inner model and settings, so the
 * model is built from the file itself and any further run dropped there
 * is checked the same way.  Tolerances are those the reference README
 * suggests for a faithful port: the iteration count exactly, 1e-9
 * absolute for everything, scores and the inner-model t and p values
 * 1e-9 relative or 1e-8 absolute.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "testutil.h"

#define TOL 1e-9

typedef struct ref_case {
    char path[1400];
    json_object *root;
    wold_model *model;
    wold_data *data;
    wold_moments *mo;
    wold_fit *fit;
    wold_assess *as;
    size_t J, p;
} ref_case;


static double num_at(json_object *a, size_t i)
{
    return json_object_get_double(json_object_array_get_idx(a, i));
}

/* Builds model text from the reference's blocks, modes and path matrix. */
static char *model_text(json_object *root)
{
    json_object *lvs = wt_json_get(root, "lv_names"), *blocks = wt_json_get(root, "blocks");
    json_object *modes = wt_json_get(wt_json_get(root, "settings"), "modes");
    json_object *pm = wt_json_get(root, "path_matrix_input");
    size_t J = json_object_array_length(lvs), cap = 65536, len = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    for (size_t j = 0; j < J; j++) {
        const char *name = json_object_get_string(json_object_array_get_idx(lvs, j));
        const char *mode = json_object_get_string(json_object_array_get_idx(modes, j));
        json_object *mvs = wt_json_get(wt_json_get(blocks, name), "mvs");
        len += (size_t)snprintf(t + len, cap - len, "%s %s ", name,
                                strcmp(mode, "B") == 0 ? "<~" : "=~");
        for (size_t i = 0; i < json_object_array_length(mvs); i++)
            len += (size_t)snprintf(t + len, cap - len, "%s%s", i ? " + " : "",
                                    json_object_get_string(json_object_array_get_idx(mvs, i)));
        len += (size_t)snprintf(t + len, cap - len, "\n");
    }
    for (size_t to = 0; to < J; to++)
        for (size_t from = 0; from < J; from++)
            if (json_object_get_int(json_object_array_get_idx(
                    json_object_array_get_idx(pm, to), from)))
                len += (size_t)snprintf(
                    t + len, cap - len, "%s ~ %s\n",
                    json_object_get_string(json_object_array_get_idx(lvs, to)),
                    json_object_get_string(json_object_array_get_idx(lvs, from)));
    return t;
}

static wold_scheme scheme_of(const char *s)
{
    if (strcmp(s, "centroid") == 0)
        return WOLD_SCHEME_CENTROID;
    if (strcmp(s, "factorial") == 0)
        return WOLD_SCHEME_FACTORIAL;
    return WOLD_SCHEME_PATH;
}

static int setup_case(void **state)
{
    ref_case *c = *state;
    c->root = json_object_from_file(c->path);
    assert_non_null(c->root);
    char *text = model_text(c->root);
    c->model = wt_model(text);
    free(text);
    const char *rel = json_object_get_string(wt_json_get(c->root, "data_file"));
    if (strncmp(rel, "shared/", 7) == 0)
        rel += 7;
    char data_path[2048];
    snprintf(data_path, sizeof data_path, "%s", wt_shared(rel));
    wold_error err;
    assert_int_equal(wold_data_read_csv(&c->data, data_path, c->model, NULL, &err),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&c->mo, c->data, WOLD_MISSING_LISTWISE, &err),
                     WOLD_OK);
    json_object *s = wt_json_get(c->root, "settings");
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    opt.compat = WOLD_COMPAT_PLSPM;
    opt.scheme = scheme_of(json_object_get_string(wt_json_get(s, "scheme")));
    opt.scaled = json_object_get_boolean(wt_json_get(s, "scaled"));
    opt.tol = json_object_get_double(wt_json_get(s, "tol"));
    opt.max_iter = json_object_get_int(wt_json_get(s, "maxiter"));
    wold_status st = wold_fit_estimate(&c->fit, c->model, c->mo, &opt, &err);
    if (st != WOLD_OK) {
        char buf[2048];
        wold_error_format(&err, buf, sizeof buf);
        fail_msg("%s: fit failed: %s", c->path, buf);
    }
    assert_int_equal(wold_assess_compute(&c->as, c->fit, c->mo, &err), WOLD_OK);
    c->J = wold_model_n_lv(c->model);
    c->p = wold_model_n_mv(c->model);
    return 0;
}

static int teardown_case(void **state)
{
    ref_case *c = *state;
    wold_assess_free(c->as);
    wold_fit_free(c->fit);
    wold_moments_free(c->mo);
    wold_data_free(c->data);
    wold_model_free(c->model);
    json_object_put(c->root);
    return 0;
}

/* Per-MV values keyed by indicator name. */
static void check_mv(ref_case *c, const char *key, int field)
{
    json_object *o = wt_json_get(c->root, key);
    for (size_t i = 0; i < c->p; i++) {
        const wold_mv_stats *m = wold_fit_mv(c->fit, i);
        double got = field == 0 ? m->weight : field == 1 ? m->loading
                   : field == 2 ? m->communality : m->redundancy;
        char what[256];
        snprintf(what, sizeof what, "%s[%s]", key, wold_model_mv_name(c->model, i));
        WT_NEAR(got, json_object_get_double(wt_json_get(o, wold_model_mv_name(c->model, i))),
                TOL, what);
    }
}

/* plspm's per-LV numbers: the fit's (R2, communality, redundancy) and
 * the assessment's (AVE and plspm's unidimensionality). */
static double lv_field(const ref_case *c, size_t j, int field)
{
    const wold_lv_stats *s = wold_fit_lv(c->fit, j);
    const wold_block_stats *b = wold_assess_block(c->as, j);
    switch (field) {
    case 0: return s->r2;
    case 1: return s->block_communality;
    case 2: return s->mean_redundancy;
    case 3: return b->ave;
    case 4: return b->alpha;
    case 5: return b->dg_rho;
    case 6: return b->eig1;
    default: return b->eig2;
    }
}

static void check_lv(ref_case *c, const char *key, int field)
{
    json_object *o = wt_json_get(c->root, key);
    for (size_t j = 0; j < c->J; j++) {
        const char *name = wold_model_lv_name(c->model, j);
        char what[256];
        snprintf(what, sizeof what, "%s[%s]", key, name);
        WT_NEAR(lv_field(c, j, field),
                json_object_get_double(wt_json_get(o, name)), TOL, what);
    }
}

static void check_matrix(ref_case *c, const char *key, const double *m)
{
    json_object *a = wt_json_get(c->root, key);
    for (size_t to = 0; to < c->J; to++)
        for (size_t from = 0; from < c->J; from++) {
            char what[256];
            snprintf(what, sizeof what, "%s[%zu][%zu]", key, to, from);
            WT_NEAR(m[to * c->J + from],
                    num_at(json_object_array_get_idx(a, to), from), TOL, what);
        }
}

static void test_iterations(void **state)
{
    ref_case *c = *state;
    assert_int_equal(wold_fit_iterations(c->fit),
                     json_object_get_int(wt_json_get(c->root, "iterations")));
    assert_true(wold_fit_converged(c->fit));
}

static void test_outer(void **state)
{
    ref_case *c = *state;
    check_mv(c, "outer_weights", 0);
    check_mv(c, "loadings", 1);
    check_mv(c, "communality", 2);
    check_mv(c, "redundancy", 3);
}

static void test_lv(void **state)
{
    ref_case *c = *state;
    check_lv(c, "r2", 0);
    check_lv(c, "block_communality", 1);
    check_lv(c, "mean_redundancy", 2);
    check_lv(c, "ave", 3);
    check_lv(c, "cronbach_alpha", 4);
    check_lv(c, "dg_rho", 5);
    check_lv(c, "eig_1st", 6);
    check_lv(c, "eig_2nd", 7);
    WT_NEAR(wold_fit_gof(c->fit), json_object_get_double(wt_json_get(c->root, "gof")),
            TOL, "gof");
}

static void test_inner(void **state)
{
    ref_case *c = *state;
    check_matrix(c, "path_coefs", wold_fit_paths(c->fit));
    check_matrix(c, "total_effects_matrix", wold_fit_total_effects(c->fit));
    check_matrix(c, "indirect_effects_matrix", wold_fit_indirect_effects(c->fit));
    /* The effects table: "FROM -> TO" rows. */
    json_object *e = wt_json_get(c->root, "effects");
    json_object *rel = wt_json_get(e, "relationships");
    for (size_t r = 0; r < json_object_array_length(rel); r++) {
        char from[128], to[128];
        assert_int_equal(sscanf(json_object_get_string(json_object_array_get_idx(rel, r)),
                                "%127s -> %127s", from, to), 2);
        size_t f = 0, t = 0;
        for (size_t j = 0; j < c->J; j++) {
            if (strcmp(wold_model_lv_name(c->model, j), from) == 0) f = j;
            if (strcmp(wold_model_lv_name(c->model, j), to) == 0) t = j;
        }
        WT_NEAR(wold_fit_paths(c->fit)[t * c->J + f], num_at(wt_json_get(e, "direct"), r), TOL, "direct");
        WT_NEAR(wold_fit_indirect_effects(c->fit)[t * c->J + f], num_at(wt_json_get(e, "indirect"), r), TOL, "indirect");
        WT_NEAR(wold_fit_total_effects(c->fit)[t * c->J + f], num_at(wt_json_get(e, "total"), r), TOL, "total");
    }
}

/* 1e-9 relative or 1e-8 absolute, whichever is looser. */
static void near_rel(double got, double want, const char *what)
{
    double tol = fmax(1e-8, 1e-9 * fabs(want));
    WT_NEAR(got, want, tol, what);
}

static void test_ols(void **state)
{
    ref_case *c = *state;
    json_object *im = wt_json_get(c->root, "inner_model");
    size_t k = 0, checked = 0;
    for (size_t j = 0; j < c->J; j++) {
        const char *name = wold_model_lv_name(c->model, j);
        json_object *tab = NULL;
        if (!json_object_object_get_ex(im, name, &tab))
            continue;
        json_object *terms = wt_json_get(tab, "terms");
        for (size_t r = 0; r < json_object_array_length(terms); r++, k++) {
            const wold_coef *cf = wold_fit_coef(c->fit, k);
            assert_non_null(cf);
            assert_int_equal(cf->to, j);
            const char *term = json_object_get_string(json_object_array_get_idx(terms, r));
            if (r == 0) {
                assert_string_equal(term, "Intercept");
                assert_true(cf->from == (size_t)-1);
                /* The reference's intercept is rounding noise (~1e-17). */
                WT_NEAR(cf->estimate, num_at(wt_json_get(tab, "estimate"), r), 1e-12, "intercept");
                WT_NEAR(cf->t, num_at(wt_json_get(tab, "t_value"), r), 1e-9, "intercept t");
            } else {
                assert_string_equal(term, wold_model_lv_name(c->model, cf->from));
                WT_NEAR(cf->estimate, num_at(wt_json_get(tab, "estimate"), r), TOL, "estimate");
                near_rel(cf->t, num_at(wt_json_get(tab, "t_value"), r), "t");
            }
            WT_NEAR(cf->std_error, num_at(wt_json_get(tab, "std_error"), r), TOL, "std_error");
            near_rel(cf->p, num_at(wt_json_get(tab, "p_value"), r), "p");
            checked++;
        }
    }
    assert_int_equal(k, wold_fit_n_coefs(c->fit));
    assert_true(checked > 0);
}

static void test_scores(void **state)
{
    ref_case *c = *state;
    size_t n = wold_data_n_rows(c->data);
    double *y = malloc(n * c->J * sizeof *y);
    assert_non_null(y);
    wold_error err;
    assert_int_equal(wold_fit_scores(c->fit, c->data, y, &err), WOLD_OK);
    json_object *s = wt_json_get(c->root, "scores_first5");
    for (size_t r = 0; r < json_object_array_length(s); r++)
        for (size_t j = 0; j < c->J; j++)
            near_rel(y[r * c->J + j], num_at(json_object_array_get_idx(s, r), j),
                     "score");
    free(y);
}

/* Only plspm's own runs; seminr and cSEM files are checked elsewhere. */
static int is_plspm_run(const char *path)
{
    json_object *root = json_object_from_file(path);
    json_object *sw = NULL, *v = NULL;
    int yes = root != NULL && json_object_object_get_ex(root, "software", &sw) &&
              json_object_object_get_ex(sw, "plspm", &v) &&
              json_object_object_get_ex(root, "outer_weights", &v);
    json_object_put(root);
    return yes;
}

int main(void)
{
    const char *dir = wt_shared("reference");
    char dirbuf[1024];
    snprintf(dirbuf, sizeof dirbuf, "%s", dir);
    DIR *d = opendir(dirbuf);
    if (d == NULL) {
        printf("SKIPPED: %s is absent\n", dirbuf);
        return 0;
    }
    ref_case cases[64];
    size_t nc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && nc < 64) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 5, ".json") != 0)
            continue;
        memset(&cases[nc], 0, sizeof cases[nc]);
        snprintf(cases[nc].path, sizeof cases[nc].path, "%s/%s", dirbuf, e->d_name);
        if (is_plspm_run(cases[nc].path))
            nc++;
    }
    closedir(d);
    int failed = 0;
    for (size_t i = 0; i < nc; i++) {
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_prestate_setup_teardown(test_iterations, setup_case, teardown_case, &cases[i]),
            cmocka_unit_test_prestate_setup_teardown(test_outer, setup_case, teardown_case, &cases[i]),
            cmocka_unit_test_prestate_setup_teardown(test_lv, setup_case, teardown_case, &cases[i]),
            cmocka_unit_test_prestate_setup_teardown(test_inner, setup_case, teardown_case, &cases[i]),
            cmocka_unit_test_prestate_setup_teardown(test_ols, setup_case, teardown_case, &cases[i]),
            cmocka_unit_test_prestate_setup_teardown(test_scores, setup_case, teardown_case, &cases[i]),
        };
        failed += _cmocka_run_group_tests(strrchr(cases[i].path, '/') + 1, tests,
                                          sizeof tests / sizeof tests[0],
                                          NULL, NULL);
    }
    printf("conformance: %zu plspm reference runs checked\n", nc);
    return failed;
}
