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

/* The document being built, with the json-c calls of jdoc.c. */
typedef wold__jdoc doc;

static json_object *settings(doc *d, const wold_fit *fit)
{
    const wold_fit_options *opt = &fit->opt;
    json_object *s = wold__jobj(d);
    wold__jput(d, s, "scheme", wold__jstr(d, wold__scheme_name(opt->scheme)));
    wold__jput(d, s, "tol", wold__jnum(d, opt->tol));
    wold__jput(d, s, "max_iter", wold__jint(d, opt->max_iter));
    wold__jput(d, s, "scaled", wold__jbool(d, opt->scaled));
    wold__jput(d, s, "missing",
               wold__jstr(d, wold__missing_name(fit->missing)));
    wold__jput(d, s, "compat",
        wold__jstr(d, opt->compat == WOLD_COMPAT_PLSPM ? "plspm" : "none"));
    wold__jput(d, s, "plsc", wold__jbool(d, opt->plsc));
    return s;
}

/* A block's criteria, from the assessment. */
static void block_criteria(doc *d, json_object *o, const wold_block_stats *b)
{
    wold__jput(d, o, "alpha", wold__jnum(d, b->alpha));
    wold__jput(d, o, "rho_c", wold__jnum(d, b->rho_c));
    wold__jput(d, o, "rho_a", wold__jnum(d, b->rho_a));
    wold__jput(d, o, "dg_rho", wold__jnum(d, b->dg_rho));
    wold__jput(d, o, "ave", wold__jnum(d, b->ave));
    wold__jput(d, o, "eig1", wold__jnum(d, b->eig1));
    wold__jput(d, o, "eig2", wold__jnum(d, b->eig2));
}

static json_object *latent(doc *d, const wold__report_ctx *r)
{
    const wold_fit *fit = r->fit;
    json_object *a = wold__jarr(d);
    for (size_t j = 0; j < fit->J; j++) {
        const wold_lv_stats *s = &fit->lv[j];
        json_object *o = wold__jobj(d);
        wold__jput(d, o, "name", wold__jstr(d, fit->model->lv[j].name));
        wold__jput(d, o, "mode",
            wold__jstr(d, fit->model->lv[j].mode == WOLD_MODE_A ? "A" : "B"));
        wold__jput(d, o, "endogenous", wold__jbool(d, s->endogenous));
        wold__jput(d, o, "r2", wold__jnum(d, s->r2));
        wold__jput(d, o, "r2_adj", wold__jnum(d, s->r2_adj));
        if (r->as != NULL)
            block_criteria(d, o, wold_assess_block(r->as, j));
        wold__jput(d, o, "block_communality",
                   wold__jnum(d, s->block_communality));
        wold__jput(d, o, "mean_redundancy", wold__jnum(d, s->mean_redundancy));
        wold__jappend(d, a, o);
    }
    return a;
}

/* A J x J matrix as {row: {col: value}}, LVs by name. */
static json_object *lv_matrix(doc *d, const wold_model *md, const double *m)
{
    size_t J = md->n_lv;
    json_object *o = wold__jobj(d);
    for (size_t j = 0; j < J; j++) {
        json_object *row = wold__jobj(d);
        for (size_t k = 0; k < J; k++)
            wold__jput(d, row, md->lv[k].name, wold__jnum(d, m[j * J + k]));
        wold__jput(d, o, md->lv[j].name, row);
    }
    return o;
}

/* The indicator VIFs of the Mode B blocks, by indicator name. */
static json_object *vif_indicators(doc *d, const wold__report_ctx *r)
{
    const double *v = wold_assess_vif_indicators(r->as);
    json_object *o = wold__jobj(d);
    for (size_t i = 0; i < r->md->n_mv; i++)
        if (r->md->lv[r->md->mv[i].lv].mode == WOLD_MODE_B)
            wold__jput(d, o, r->md->mv[i].name, wold__jnum(d, v[i]));
    return o;
}

static json_object *model_fit(doc *d, const wold_model_fit *m)
{
    json_object *o = wold__jobj(d);
    wold__jput(d, o, "srmr", wold__jnum(d, m->srmr));
    wold__jput(d, o, "d_uls", wold__jnum(d, m->d_uls));
    wold__jput(d, o, "d_g", wold__jnum(d, m->d_g));
    return o;
}

/* The criteria that are not per block (with the moments only). */
static void criteria(doc *d, const wold__report_ctx *r, json_object *root)
{
    wold__jput(d, root, "htmt", lv_matrix(d, r->md, wold_assess_htmt(r->as)));
    wold__jput(d, root, "htmt2", lv_matrix(d, r->md, wold_assess_htmt2(r->as)));
    wold__jput(d, root, "fornell_larcker",
        lv_matrix(d, r->md, wold_assess_fornell_larcker(r->as)));
    wold__jput(d, root, "vif_indicators", vif_indicators(d, r));
    json_object *mf = wold__jobj(d);
    wold__jput(d, mf, "saturated",
               model_fit(d, wold_assess_model_fit(r->as, 0)));
    wold__jput(d, mf, "estimated",
               model_fit(d, wold_assess_model_fit(r->as, 1)));
    wold__jput(d, root, "model_fit", mf);
}

static json_object *indicators(doc *d, const wold_fit *fit)
{
    json_object *a = wold__jarr(d);
    for (size_t i = 0; i < fit->p; i++) {
        const wold_mv_stats *m = &fit->mv[i];
        json_object *o = wold__jobj(d);
        wold__jput(d, o, "name", wold__jstr(d, fit->model->mv[i].name));
        wold__jput(d, o, "block",
            wold__jstr(d, fit->model->lv[fit->model->mv[i].lv].name));
        wold__jput(d, o, "weight", wold__jnum(d, m->weight));
        wold__jput(d, o, "loading", wold__jnum(d, m->loading));
        wold__jput(d, o, "communality", wold__jnum(d, m->communality));
        wold__jput(d, o, "redundancy", wold__jnum(d, m->redundancy));
        wold__jappend(d, a, o);
    }
    return a;
}

static json_object *cross_loadings(doc *d, const wold_fit *fit)
{
    json_object *o = wold__jobj(d);
    for (size_t i = 0; i < fit->p; i++) {
        json_object *row = wold__jobj(d);
        for (size_t j = 0; j < fit->J; j++)
            wold__jput(d, row, fit->model->lv[j].name,
                wold__jnum(d, fit->cross[i * fit->J + j]));
        wold__jput(d, o, fit->model->mv[i].name, row);
    }
    return o;
}

static json_object *coef_object(doc *d, const wold__report_ctx *r,
                               const wold_coef *c)
{
    const wold_fit *fit = r->fit;
    json_object *o = wold__jobj(d);
    if (c->from != (size_t)-1)
        wold__jput(d, o, "from", wold__jstr(d, fit->model->lv[c->from].name));
    wold__jput(d, o, "to", wold__jstr(d, fit->model->lv[c->to].name));
    wold__jput(d, o, "estimate", wold__jnum(d, c->estimate));
    wold__jput(d, o, "std_error", wold__jnum(d, c->std_error));
    wold__jput(d, o, "t", wold__jnum(d, c->t));
    wold__jput(d, o, "p", wold__jnum(d, c->p));
    if (r->as != NULL && c->from != (size_t)-1) {
        size_t at = c->to * fit->J + c->from;
        wold__jput(d, o, "vif",
                   wold__jnum(d, wold_assess_vif_paths(r->as)[at]));
        wold__jput(d, o, "f2", wold__jnum(d, wold_assess_f2(r->as)[at]));
    }
    return o;
}

/* paths: the predecessors' rows of the OLS tables; intercepts apart. */
static void paths(doc *d, const wold__report_ctx *r, json_object *root)
{
    const wold_fit *fit = r->fit;
    json_object *pa = wold__jarr(d);
    json_object *ia = wold__jarr(d);
    for (size_t k = 0; k < fit->n_coef; k++) {
        const wold_coef *c = &fit->coef[k];
        wold__jappend(d, c->from == (size_t)-1 ? ia : pa, coef_object(d, r, c));
    }
    wold__jput(d, root, "paths", pa);
    wold__jput(d, root, "intercepts", ia);
}

static json_object *effects(doc *d, const wold__report_ctx *r)
{
    const wold_fit *fit = r->fit;
    const unsigned char *reach = r->reach;
    size_t J = fit->J;
    json_object *a = wold__jarr(d);
    for (size_t from = 0; from < J; from++)
        for (size_t to = 0; to < J; to++) {
            if (!reach[to * J + from])
                continue;
            json_object *o = wold__jobj(d);
            wold__jput(d, o, "from", wold__jstr(d, fit->model->lv[from].name));
            wold__jput(d, o, "to", wold__jstr(d, fit->model->lv[to].name));
            wold__jput(d, o, "direct",
                       wold__jnum(d, fit->paths[to * J + from]));
            wold__jput(d, o, "indirect",
                       wold__jnum(d, fit->indirect[to * J + from]));
            wold__jput(d, o, "total", wold__jnum(d, fit->total[to * J + from]));
            wold__jappend(d, a, o);
        }
    return a;
}

/* The fit's warnings: the message, its place in the model file and the
 * LV, indicator and number it concerns (null where there is none). */
static json_object *warnings(doc *d, const wold_fit *fit)
{
    const wold_model *md = fit->model;
    json_object *a = wold__jarr(d);
    for (size_t k = 0; k < wold_fit_n_warnings(fit); k++) {
        const wold_problem *w = wold_fit_warning(fit, k);
        json_object *o = wold__jobj(d);
        wold__jput(d, o, "message", wold__jstr(d, w->error.message));
        wold__jput(d, o, "line",
                   w->error.line > 0 ? wold__jcount(d, (size_t)w->error.line)
                                     : NULL);
        wold__jput(d, o, "col",
                   w->error.col > 0 ? wold__jcount(d, (size_t)w->error.col)
                                    : NULL);
        wold__jput(d, o, "lv",
                   w->lv != WOLD_NONE ? wold__jstr(d, md->lv[w->lv].name)
                                      : NULL);
        wold__jput(d, o, "indicator",
            w->mv != WOLD_NONE ? wold__jstr(d, md->mv[w->mv].name) : NULL);
        wold__jput(d, o, "value", wold__jnum(d, w->value));
        wold__jappend(d, a, o);
    }
    return a;
}

/* Weighted data: the column, the weight total and Kish's effective n
 * of the rows used (docs/json.md). */
static json_object *weights(doc *d, const wold__data_line *data)
{
    json_object *o = wold__jobj(d);
    wold__jput(d, o, "column", wold__jstr(d, data->w_name));
    wold__jput(d, o, "total", wold__jnum(d, data->w_total));
    wold__jput(d, o, "kish_n", wold__jnum(d, data->kish));
    return o;
}

static json_object *input(doc *d, const wold_fit *fit,
                          const wold_moments *mo,
                          const wold__data_line *data)
{
    json_object *o = wold__jobj(d);
    wold__jput(d, o, "model", wold__jstr(d, fit->model->filename));
    if (data != NULL) {
        wold__jput(d, o, "data", wold__jstr(d, data->source));
        wold__jput(d, o, "rows_read", wold__jcount(d, data->n));
        wold__jput(d, o, "missing_cells",
                   wold__jcount(d, data->n_missing_cells));
        wold__jput(d, o, "incomplete_rows",
                   wold__jcount(d, data->n_incomplete_rows));
        if (data->w_name != NULL)
            wold__jput(d, o, "weights", weights(d, data));
    }
    if (mo != NULL) {
        wold__jput(d, o, "rows_dropped", wold__jcount(d, mo->rows_dropped));
        wold__jput(d, o, "cells_imputed", wold__jcount(d, mo->cells_imputed));
    }
    return o;
}

wold_status wold__report_json(FILE *f, const wold__report_ctx *r,
                              wold_error *err)
{
    const wold_fit *fit = r->fit;
    doc doc = {0}, *d = &doc;
    json_object *root = wold__jobj(d);
    if (root == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    wold__jput(d, root, "wold_version", wold__jstr(d, wold_version()));
    wold__jput(d, root, "input", input(d, fit, r->mo, r->data));
    wold__jput(d, root, "n", wold__jcount(d, fit->n));
    wold__jput(d, root, "iterations", wold__jint(d, fit->iterations));
    wold__jput(d, root, "converged", wold__jbool(d, fit->converged));
    wold__jput(d, root, "criterion", wold__jnum(d, fit->criterion));
    wold__jput(d, root, "warnings", warnings(d, fit));
    wold__jput(d, root, "settings", settings(d, fit));
    wold__jput(d, root, "latent", latent(d, r));
    wold__jput(d, root, "indicators", indicators(d, fit));
    wold__jput(d, root, "cross_loadings", cross_loadings(d, fit));
    wold__jput(d, root, "lv_correlations", lv_matrix(d, r->md, fit->lvcor));
    paths(d, r, root);
    wold__jput(d, root, "effects", effects(d, r));
    wold__jput(d, root, "gof", wold__jnum(d, fit->gof));
    wold__jput(d, root, "plsc", wold__plsc_json(fit, d));
    if (r->as != NULL)
        criteria(d, r, root);
    if (r->index != NULL)
        wold__jput(d, root, "index", wold__report_index_json(r, d));
    if (r->boot != NULL)
        wold__jput(d, root, "bootstrap", wold__report_boot_json(r->boot, d));
    return wold__jdoc_print(f, d, root, err);
}
