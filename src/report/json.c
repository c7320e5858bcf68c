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

static json_object *num(double x)
{
    if (!isfinite(x))
        return NULL; /* JSON null */
    char buf[32];
    wold_format_double(x, buf);
    return json_object_new_double_s(x, buf);
}

static void put(json_object *o, const char *key, json_object *v)
{
    json_object_object_add(o, key, v);
}

static json_object *settings(const wold_fit *fit)
{
    const wold_fit_options *opt = &fit->opt;
    json_object *s = json_object_new_object();
    put(s, "scheme", json_object_new_string(wold__scheme_name(opt->scheme)));
    put(s, "tol", num(opt->tol));
    put(s, "max_iter", json_object_new_int(opt->max_iter));
    put(s, "scaled", json_object_new_boolean(opt->scaled));
    put(s, "missing", json_object_new_string(wold__missing_name(fit->missing)));
    put(s, "compat", json_object_new_string(
                         opt->compat == WOLD_COMPAT_PLSPM ? "plspm" : "none"));
    return s;
}

static json_object *latent(const wold_fit *fit)
{
    json_object *a = json_object_new_array();
    for (size_t j = 0; j < fit->J; j++) {
        const wold_lv_stats *s = &fit->lv[j];
        json_object *o = json_object_new_object();
        put(o, "name", json_object_new_string(fit->model->lv[j].name));
        put(o, "mode", json_object_new_string(
                           fit->model->lv[j].mode == WOLD_MODE_A ? "A" : "B"));
        put(o, "endogenous", json_object_new_boolean(s->endogenous));
        put(o, "r2", num(s->r2));
        put(o, "r2_adj", num(s->r2_adj));
        put(o, "ave", num(s->ave));
        put(o, "alpha", num(s->alpha));
        put(o, "rho_c", num(s->rho_c));
        put(o, "eig1", num(s->eig1));
        put(o, "eig2", num(s->eig2));
        put(o, "block_communality", num(s->block_communality));
        put(o, "mean_redundancy", num(s->mean_redundancy));
        json_object_array_add(a, o);
    }
    return a;
}

static json_object *indicators(const wold_fit *fit)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; i < fit->p; i++) {
        const wold_mv_stats *m = &fit->mv[i];
        json_object *o = json_object_new_object();
        put(o, "name", json_object_new_string(fit->model->mv[i].name));
        put(o, "block", json_object_new_string(
                            fit->model->lv[fit->model->mv[i].lv].name));
        put(o, "weight", num(m->weight));
        put(o, "loading", num(m->loading));
        put(o, "communality", num(m->communality));
        put(o, "redundancy", num(m->redundancy));
        json_object_array_add(a, o);
    }
    return a;
}

static json_object *cross_loadings(const wold_fit *fit)
{
    json_object *o = json_object_new_object();
    for (size_t i = 0; i < fit->p; i++) {
        json_object *row = json_object_new_object();
        for (size_t j = 0; j < fit->J; j++)
            put(row, fit->model->lv[j].name, num(fit->cross[i * fit->J + j]));
        put(o, fit->model->mv[i].name, row);
    }
    return o;
}

static json_object *coef_object(const wold_fit *fit, const wold_coef *c)
{
    json_object *o = json_object_new_object();
    if (c->from != (size_t)-1)
        put(o, "from", json_object_new_string(fit->model->lv[c->from].name));
    put(o, "to", json_object_new_string(fit->model->lv[c->to].name));
    put(o, "estimate", num(c->estimate));
    put(o, "std_error", num(c->std_error));
    put(o, "t", num(c->t));
    put(o, "p", num(c->p));
    return o;
}

static json_object *lv_correlations(const wold_fit *fit)
{
    json_object *o = json_object_new_object();
    for (size_t j = 0; j < fit->J; j++) {
        json_object *row = json_object_new_object();
        for (size_t k = 0; k < fit->J; k++)
            put(row, fit->model->lv[k].name, num(fit->lvcor[j * fit->J + k]));
        put(o, fit->model->lv[j].name, row);
    }
    return o;
}

/* paths: the predecessors' rows of the OLS tables; intercepts apart. */
static void paths(const wold_fit *fit, json_object *root)
{
    json_object *pa = json_object_new_array();
    json_object *ia = json_object_new_array();
    for (size_t k = 0; k < fit->n_coef; k++) {
        const wold_coef *c = &fit->coef[k];
        json_object_array_add(c->from == (size_t)-1 ? ia : pa,
                              coef_object(fit, c));
    }
    put(root, "paths", pa);
    put(root, "intercepts", ia);
}

static json_object *effects(const wold_fit *fit, unsigned char *reach)
{
    size_t J = fit->J;
    json_object *a = json_object_new_array();
    wold__reachable(fit->model, reach);
    for (size_t from = 0; from < J; from++)
        for (size_t to = 0; to < J; to++) {
            if (!reach[to * J + from])
                continue;
            json_object *o = json_object_new_object();
            put(o, "from", json_object_new_string(fit->model->lv[from].name));
            put(o, "to", json_object_new_string(fit->model->lv[to].name));
            put(o, "direct", num(fit->paths[to * J + from]));
            put(o, "indirect", num(fit->indirect[to * J + from]));
            put(o, "total", num(fit->total[to * J + from]));
            json_object_array_add(a, o);
        }
    return a;
}

static json_object *input(const wold_fit *fit, const wold_moments *mo,
                          const wold_data *data)
{
    json_object *o = json_object_new_object();
    put(o, "model", json_object_new_string(fit->model->filename));
    if (data != NULL) {
        put(o, "data", json_object_new_string(data->source));
        put(o, "rows_read", json_object_new_int64((int64_t)data->n));
        put(o, "missing_cells",
            json_object_new_int64((int64_t)data->n_missing_cells));
        put(o, "incomplete_rows",
            json_object_new_int64((int64_t)data->n_incomplete_rows));
    }
    if (mo != NULL) {
        put(o, "rows_dropped", json_object_new_int64((int64_t)mo->rows_dropped));
        put(o, "cells_imputed",
            json_object_new_int64((int64_t)mo->cells_imputed));
    }
    return o;
}

wold_status wold__report_json(FILE *f, const wold_fit *fit,
                              const wold_moments *mo, const wold_data *data,
                              wold_error *err)
{
    unsigned char *reach = malloc(fit->J * fit->J);
    json_object *root = json_object_new_object();
    if (reach == NULL || root == NULL) {
        free(reach);
        json_object_put(root);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    }
    put(root, "wold_version", json_object_new_string(wold_version()));
    put(root, "input", input(fit, mo, data));
    put(root, "n", json_object_new_int64((int64_t)fit->n));
    put(root, "iterations", json_object_new_int(fit->iterations));
    put(root, "converged", json_object_new_boolean(fit->converged));
    put(root, "criterion", num(fit->criterion));
    put(root, "settings", settings(fit));
    put(root, "latent", latent(fit));
    put(root, "indicators", indicators(fit));
    put(root, "cross_loadings", cross_loadings(fit));
    put(root, "lv_correlations", lv_correlations(fit));
    paths(fit, root);
    put(root, "effects", effects(fit, reach));
    put(root, "gof", num(fit->gof));
    const char *text = json_object_to_json_string_ext(
        root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                  JSON_C_TO_STRING_NOSLASHESCAPE);
    wold_status st = WOLD_OK;
    if (text == NULL)
        st = WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    else
        fprintf(f, "%s\n", text);
    json_object_put(root);
    free(reach);
    return st;
}
