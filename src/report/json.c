/*
 * json.c - the fit as JSON (schema in docs/json.md), built with json-c.
 * json-c is used because json_object_new_double_s lets every double be
 * written in its shortest round-trip form; NaN (undefined) becomes null.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <json.h>

#include "data/data.h"
#include "fit/fit.h"
#include "model/model.h"
#include "moments/moments.h"
#include "report/report.h"
#include "util/util.h"

/*
 * The document being built.  Every json-c call can fail for want of memory:
 * a constructor returns NULL (which json-c would take for a JSON null) and
 * an adder returns -1.  nomem records either, and building goes on (adding
 * to a parent that could not be made only frees the child), so that the
 * tree is freed once, at the end, and no report with holes is written.
 */
typedef struct doc {
    int nomem;
} doc;

/* v, noting a constructor that failed. */
static json_object *made(doc *d, json_object *v)
{
    if (v == NULL)
        d->nomem = 1;
    return v;
}

static json_object *obj(doc *d) { return made(d, json_object_new_object()); }
static json_object *arr(doc *d) { return made(d, json_object_new_array()); }

static json_object *str(doc *d, const char *s)
{
    return made(d, json_object_new_string(s));
}

static json_object *boolean(doc *d, int b)
{
    return made(d, json_object_new_boolean(b));
}

static json_object *integer(doc *d, int i)
{
    return made(d, json_object_new_int(i));
}

static json_object *count(doc *d, size_t n)
{
    return made(d, json_object_new_int64((int64_t)n));
}

static json_object *num(doc *d, double x)
{
    if (!isfinite(x))
        return NULL; /* JSON null */
    char buf[32];
    wold_format_double(x, buf);
    return made(d, json_object_new_double_s(x, buf));
}

/* o[key] = v (NULL: null).  o owns v afterwards, or v is freed. */
static void put(doc *d, json_object *o, const char *key, json_object *v)
{
    if (o == NULL || json_object_object_add(o, key, v) != 0) {
        d->nomem = 1;
        json_object_put(v);
    }
}

/* Appends v to the array a, as put does. */
static void append(doc *d, json_object *a, json_object *v)
{
    if (a == NULL || json_object_array_add(a, v) != 0) {
        d->nomem = 1;
        json_object_put(v);
    }
}

static json_object *settings(doc *d, const wold_fit *fit)
{
    const wold_fit_options *opt = &fit->opt;
    json_object *s = obj(d);
    put(d, s, "scheme", str(d, wold__scheme_name(opt->scheme)));
    put(d, s, "tol", num(d, opt->tol));
    put(d, s, "max_iter", integer(d, opt->max_iter));
    put(d, s, "scaled", boolean(d, opt->scaled));
    put(d, s, "missing", str(d, wold__missing_name(fit->missing)));
    put(d, s, "compat",
        str(d, opt->compat == WOLD_COMPAT_PLSPM ? "plspm" : "none"));
    put(d, s, "plsc", boolean(d, opt->plsc));
    return s;
}

/* A block's criteria, from the assessment. */
static void block_criteria(doc *d, json_object *o, const wold_block_stats *b)
{
    put(d, o, "alpha", num(d, b->alpha));
    put(d, o, "rho_c", num(d, b->rho_c));
    put(d, o, "rho_a", num(d, b->rho_a));
    put(d, o, "dg_rho", num(d, b->dg_rho));
    put(d, o, "ave", num(d, b->ave));
    put(d, o, "eig1", num(d, b->eig1));
    put(d, o, "eig2", num(d, b->eig2));
}

static json_object *latent(doc *d, const wold__report_ctx *r)
{
    const wold_fit *fit = r->fit;
    json_object *a = arr(d);
    for (size_t j = 0; j < fit->J; j++) {
        const wold_lv_stats *s = &fit->lv[j];
        json_object *o = obj(d);
        put(d, o, "name", str(d, fit->model->lv[j].name));
        put(d, o, "mode",
            str(d, fit->model->lv[j].mode == WOLD_MODE_A ? "A" : "B"));
        put(d, o, "endogenous", boolean(d, s->endogenous));
        put(d, o, "r2", num(d, s->r2));
        put(d, o, "r2_adj", num(d, s->r2_adj));
        if (r->as != NULL)
            block_criteria(d, o, wold_assess_block(r->as, j));
        put(d, o, "block_communality", num(d, s->block_communality));
        put(d, o, "mean_redundancy", num(d, s->mean_redundancy));
        append(d, a, o);
    }
    return a;
}

/* A J x J matrix as {row: {col: value}}, LVs by name. */
static json_object *lv_matrix(doc *d, const wold_model *md, const double *m)
{
    size_t J = md->n_lv;
    json_object *o = obj(d);
    for (size_t j = 0; j < J; j++) {
        json_object *row = obj(d);
        for (size_t k = 0; k < J; k++)
            put(d, row, md->lv[k].name, num(d, m[j * J + k]));
        put(d, o, md->lv[j].name, row);
    }
    return o;
}

/* The indicator VIFs of the Mode B blocks, by indicator name. */
static json_object *vif_indicators(doc *d, const wold__report_ctx *r)
{
    const double *v = wold_assess_vif_indicators(r->as);
    json_object *o = obj(d);
    for (size_t i = 0; i < r->md->n_mv; i++)
        if (r->md->lv[r->md->mv[i].lv].mode == WOLD_MODE_B)
            put(d, o, r->md->mv[i].name, num(d, v[i]));
    return o;
}

static json_object *model_fit(doc *d, const wold_model_fit *m)
{
    json_object *o = obj(d);
    put(d, o, "srmr", num(d, m->srmr));
    put(d, o, "d_uls", num(d, m->d_uls));
    put(d, o, "d_g", num(d, m->d_g));
    return o;
}

/* The criteria that are not per block (with the moments only). */
static void criteria(doc *d, const wold__report_ctx *r, json_object *root)
{
    put(d, root, "htmt", lv_matrix(d, r->md, wold_assess_htmt(r->as)));
    put(d, root, "htmt2", lv_matrix(d, r->md, wold_assess_htmt2(r->as)));
    put(d, root, "fornell_larcker",
        lv_matrix(d, r->md, wold_assess_fornell_larcker(r->as)));
    put(d, root, "vif_indicators", vif_indicators(d, r));
    json_object *mf = obj(d);
    put(d, mf, "saturated", model_fit(d, wold_assess_model_fit(r->as, 0)));
    put(d, mf, "estimated", model_fit(d, wold_assess_model_fit(r->as, 1)));
    put(d, root, "model_fit", mf);
}

static json_object *indicators(doc *d, const wold_fit *fit)
{
    json_object *a = arr(d);
    for (size_t i = 0; i < fit->p; i++) {
        const wold_mv_stats *m = &fit->mv[i];
        json_object *o = obj(d);
        put(d, o, "name", str(d, fit->model->mv[i].name));
        put(d, o, "block",
            str(d, fit->model->lv[fit->model->mv[i].lv].name));
        put(d, o, "weight", num(d, m->weight));
        put(d, o, "loading", num(d, m->loading));
        put(d, o, "communality", num(d, m->communality));
        put(d, o, "redundancy", num(d, m->redundancy));
        append(d, a, o);
    }
    return a;
}

static json_object *cross_loadings(doc *d, const wold_fit *fit)
{
    json_object *o = obj(d);
    for (size_t i = 0; i < fit->p; i++) {
        json_object *row = obj(d);
        for (size_t j = 0; j < fit->J; j++)
            put(d, row, fit->model->lv[j].name,
                num(d, fit->cross[i * fit->J + j]));
        put(d, o, fit->model->mv[i].name, row);
    }
    return o;
}

static json_object *coef_object(doc *d, const wold__report_ctx *r,
                               const wold_coef *c)
{
    const wold_fit *fit = r->fit;
    json_object *o = obj(d);
    if (c->from != (size_t)-1)
        put(d, o, "from", str(d, fit->model->lv[c->from].name));
    put(d, o, "to", str(d, fit->model->lv[c->to].name));
    put(d, o, "estimate", num(d, c->estimate));
    put(d, o, "std_error", num(d, c->std_error));
    put(d, o, "t", num(d, c->t));
    put(d, o, "p", num(d, c->p));
    if (r->as != NULL && c->from != (size_t)-1) {
        size_t at = c->to * fit->J + c->from;
        put(d, o, "vif", num(d, wold_assess_vif_paths(r->as)[at]));
        put(d, o, "f2", num(d, wold_assess_f2(r->as)[at]));
    }
    return o;
}

/* paths: the predecessors' rows of the OLS tables; intercepts apart. */
static void paths(doc *d, const wold__report_ctx *r, json_object *root)
{
    const wold_fit *fit = r->fit;
    json_object *pa = arr(d);
    json_object *ia = arr(d);
    for (size_t k = 0; k < fit->n_coef; k++) {
        const wold_coef *c = &fit->coef[k];
        append(d, c->from == (size_t)-1 ? ia : pa, coef_object(d, r, c));
    }
    put(d, root, "paths", pa);
    put(d, root, "intercepts", ia);
}

static json_object *effects(doc *d, const wold__report_ctx *r)
{
    const wold_fit *fit = r->fit;
    const unsigned char *reach = r->reach;
    size_t J = fit->J;
    json_object *a = arr(d);
    for (size_t from = 0; from < J; from++)
        for (size_t to = 0; to < J; to++) {
            if (!reach[to * J + from])
                continue;
            json_object *o = obj(d);
            put(d, o, "from", str(d, fit->model->lv[from].name));
            put(d, o, "to", str(d, fit->model->lv[to].name));
            put(d, o, "direct", num(d, fit->paths[to * J + from]));
            put(d, o, "indirect", num(d, fit->indirect[to * J + from]));
            put(d, o, "total", num(d, fit->total[to * J + from]));
            append(d, a, o);
        }
    return a;
}

/* The fit's warnings: the message, its place in the model file and the
 * LV, indicator and number it concerns (null where there is none). */
static json_object *warnings(doc *d, const wold_fit *fit)
{
    const wold_model *md = fit->model;
    json_object *a = arr(d);
    for (size_t k = 0; k < wold_fit_n_warnings(fit); k++) {
        const wold_problem *w = wold_fit_warning(fit, k);
        json_object *o = obj(d);
        put(d, o, "message", str(d, w->error.message));
        put(d, o, "line", w->error.line > 0 ? count(d, (size_t)w->error.line) : NULL);
        put(d, o, "col", w->error.col > 0 ? count(d, (size_t)w->error.col) : NULL);
        put(d, o, "lv", w->lv != WOLD_NONE ? str(d, md->lv[w->lv].name) : NULL);
        put(d, o, "indicator",
            w->mv != WOLD_NONE ? str(d, md->mv[w->mv].name) : NULL);
        put(d, o, "value", num(d, w->value));
        append(d, a, o);
    }
    return a;
}

static json_object *input(doc *d, const wold_fit *fit,
                          const wold_moments *mo, const wold_data *data)
{
    json_object *o = obj(d);
    put(d, o, "model", str(d, fit->model->filename));
    if (data != NULL) {
        put(d, o, "data", str(d, data->source));
        put(d, o, "rows_read", count(d, data->n));
        put(d, o, "missing_cells", count(d, data->n_missing_cells));
        put(d, o, "incomplete_rows", count(d, data->n_incomplete_rows));
    }
    if (mo != NULL) {
        put(d, o, "rows_dropped", count(d, mo->rows_dropped));
        put(d, o, "cells_imputed", count(d, mo->cells_imputed));
    }
    return o;
}

wold_status wold__report_json(FILE *f, const wold__report_ctx *r,
                              wold_error *err)
{
    const wold_fit *fit = r->fit;
    doc doc = {0}, *d = &doc;
    json_object *root = obj(d);
    if (root == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    put(d, root, "wold_version", str(d, wold_version()));
    put(d, root, "input", input(d, fit, r->mo, r->data));
    put(d, root, "n", count(d, fit->n));
    put(d, root, "iterations", integer(d, fit->iterations));
    put(d, root, "converged", boolean(d, fit->converged));
    put(d, root, "criterion", num(d, fit->criterion));
    put(d, root, "warnings", warnings(d, fit));
    put(d, root, "settings", settings(d, fit));
    put(d, root, "latent", latent(d, r));
    put(d, root, "indicators", indicators(d, fit));
    put(d, root, "cross_loadings", cross_loadings(d, fit));
    put(d, root, "lv_correlations", lv_matrix(d, r->md, fit->lvcor));
    paths(d, r, root);
    put(d, root, "effects", effects(d, r));
    put(d, root, "gof", num(d, fit->gof));
    put(d, root, "plsc", wold__plsc_json(fit, &d->nomem));
    if (r->as != NULL)
        criteria(d, r, root);
    const char *text =
        d->nomem ? NULL
                 : json_object_to_json_string_ext(
                       root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                 JSON_C_TO_STRING_NOSLASHESCAPE);
    wold_status st = WOLD_OK;
    if (text == NULL)
        st = WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    else
        fprintf(f, "%s\n", text);
    json_object_put(root);
    return st;
}
