/*
 * stats.c - what a bootstrap summarises: the list of statistics of a
 * model (paths, indirect and total effects, weights, loadings, R^2), one
 * fit's values of them as a row, and the sign-change rules applied to a
 * replicate's row.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess.h"
#include "fit/fit.h"
#include "infer/infer.h"
#include "model/model.h"

/* reach[to * J + from]: a chain of paths leads from 'from' to 'to'
 * (Warshall's closure); chain2: one of two paths or more does. */
static void closure(const wold_model *md, unsigned char *reach,
                    unsigned char *chain2)
{
    size_t J = md->n_lv;
    wold__model_reach(md, reach);
    memset(chain2, 0, J * J);
    for (size_t to = 0; to < J; to++)
        for (size_t k = 0; k < J; k++)
            if (md->adj[to * J + k])
                for (size_t from = 0; from < J; from++)
                    if (reach[k * J + from])
                        chain2[to * J + from] = 1;
}

/* Adds statistic (kind, lv, lv2, mv) with its label to the list (or,
 * with s->s NULL, only counts it and the label's bytes). */
typedef struct builder {
    wold__stat_list *list;
    size_t text_len, text_cap;
    const wold_boot_extra *extra;
} builder;

static void add(builder *b, const wold_model *md, wold_stat_kind kind,
                size_t lv, size_t lv2, size_t mv)
{
    static const char *const prefix[] = {"path",   "indirect", "total",
                                         "weight", "loading",  "r2",
                                         "htmt",   "htmt2",    "rhoa"};
    wold__stat_list *l = b->list;
    char *at = l->text != NULL ? l->text + b->text_len : NULL;
    size_t room = l->text != NULL ? b->text_cap - b->text_len : 0;
    int w;
    if (kind == WOLD_STAT_EXTRA)
        w = snprintf(at, room, "%s", b->extra->labels[lv]);
    else if (kind <= WOLD_STAT_TOTAL)
        w = snprintf(at, room, "%s:%s->%s", prefix[kind],
                     md->lv[lv].name, md->lv[lv2].name);
    else if (kind == WOLD_STAT_HTMT || kind == WOLD_STAT_HTMT2)
        w = snprintf(at, room, "%s:%s<->%s", prefix[kind],
                     md->lv[lv].name, md->lv[lv2].name);
    else if (mv != WOLD_NONE)
        w = snprintf(at, room, "%s:%s", prefix[kind],
                     md->mv[mv].name);
    else
        w = snprintf(at, room, "%s:%s", prefix[kind],
                     md->lv[lv].name);
    if (l->s != NULL) {
        wold_boot_stat *s = &l->s[l->n];
        memset(s, 0, sizeof *s);
        s->kind = kind;
        s->lv = lv;
        s->lv2 = lv2;
        s->mv = mv;
        s->label = at;
    }
    l->n++;
    b->text_len += (size_t)(w > 0 ? w : 0) + 1;
}

static void add_all(builder *b, const wold_model *md, const unsigned char *reach,
                    const unsigned char *chain2)
{
    size_t J = md->n_lv, p = md->n_mv;
    /* Paths in the order of the OLS tables: by endogenous LV, then by
     * predecessor, both in model order. */
    for (size_t to = 0; to < J; to++)
        for (size_t from = 0; from < J; from++)
            if (md->adj[to * J + from])
                add(b, md, WOLD_STAT_PATH, from, to, WOLD_NONE);
    for (size_t from = 0; from < J; from++)
        for (size_t to = 0; to < J; to++)
            if (chain2[to * J + from])
                add(b, md, WOLD_STAT_INDIRECT, from, to, WOLD_NONE);
    for (size_t from = 0; from < J; from++)
        for (size_t to = 0; to < J; to++)
            if (reach[to * J + from] && from != to)
                add(b, md, WOLD_STAT_TOTAL, from, to, WOLD_NONE);
    /* A block of one indicator has weight and loading 1 by definition. */
    for (size_t i = 0; i < p; i++)
        if (md->lv[md->mv[i].lv].count > 1)
            add(b, md, WOLD_STAT_WEIGHT, md->mv[i].lv, WOLD_NONE, i);
    for (size_t i = 0; i < p; i++)
        if (md->lv[md->mv[i].lv].count > 1)
            add(b, md, WOLD_STAT_LOADING, md->mv[i].lv, WOLD_NONE, i);
    for (size_t j = 0; j < J; j++) {
        int endo = 0;
        for (size_t k = 0; k < J; k++)
            endo |= md->adj[j * J + k];
        if (endo)
            add(b, md, WOLD_STAT_R2, j, WOLD_NONE, WOLD_NONE);
    }
    for (int h = 0; h < 2; h++)
        for (size_t j = 0; j < J; j++)
            for (size_t k = 0; k < j; k++)
                add(b, md, h ? WOLD_STAT_HTMT2 : WOLD_STAT_HTMT, j, k,
                    WOLD_NONE);
    /* rhoA is 1 by definition for Mode B and single-indicator blocks. */
    for (size_t j = 0; j < J; j++)
        if (md->lv[j].mode == WOLD_MODE_A && md->lv[j].count > 1)
            add(b, md, WOLD_STAT_RHOA, j, WOLD_NONE, WOLD_NONE);
    for (size_t k = 0; b->extra != NULL && k < b->extra->n; k++)
        add(b, md, WOLD_STAT_EXTRA, k, WOLD_NONE, WOLD_NONE);
}

wold_status wold__stats_build(wold__stat_list *list, const wold_model *md,
                              const wold_boot_extra *extra)
{
    size_t J = md->n_lv;
    memset(list, 0, sizeof *list);
    unsigned char *reach = malloc(2 * J * J);
    if (reach == NULL)
        return WOLD_ENOMEM;
    closure(md, reach, reach + J * J);
    builder b = {list, 0, 0, extra};
    add_all(&b, md, reach, reach + J * J);
    size_t n = list->n, len = b.text_len;
    list->n = 0;
    list->s = malloc((n ? n : 1) * sizeof *list->s);
    list->text = malloc(len ? len : 1);
    if (list->s == NULL || list->text == NULL) {
        free(reach);
        wold__stat_list_free(list);
        return WOLD_ENOMEM;
    }
    b.text_len = 0;
    b.text_cap = len;
    add_all(&b, md, reach, reach + J * J);
    free(reach);
    list->extra = extra;
    return WOLD_OK;
}

int wold__stats_extra(const wold__stat_list *list, const wold_fit *fit,
                      const wold_moments *mo, double *row)
{
    const wold_boot_extra *x = list->extra;
    if (x == NULL || x->n == 0)
        return 0;
    return x->fn(x->user, fit, mo, row + list->n - x->n);
}

void wold__stat_list_free(wold__stat_list *list)
{
    free(list->s);
    free(list->text);
    memset(list, 0, sizeof *list);
}

size_t wold__stats_scratch(const wold_model *md)
{
    size_t p = md->n_mv, J = md->n_lv;
    return p * p + 2 * J * J + 3 * J;
}

void wold__stats_row(const wold__stat_list *list, const wold_fit *fit,
                     const wold_moments *mo, double *scratch, double *row)
{
    const wold_model *md = fit->model;
    size_t J = fit->J, p = fit->p;
    double *R = scratch, *H = R + p * p, *H2 = H + J * J, *rho = H2 + J * J;
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++)
            R[i * p + j] = mo->cov[i * p + j] / (mo->sd[i] * mo->sd[j]);
    wold__htmt(md, R, 0, H);
    wold__htmt(md, R, 1, H2);
    wold__rhoa(md, fit->opt.scaled ? R : mo->cov, fit->w, rho);
    for (size_t k = 0; k < list->n; k++) {
        const wold_boot_stat *s = &list->s[k];
        size_t at = s->lv2 * J + s->lv;
        switch (s->kind) {
        case WOLD_STAT_PATH: row[k] = fit->paths[at]; break;
        case WOLD_STAT_INDIRECT: row[k] = fit->indirect[at]; break;
        case WOLD_STAT_TOTAL: row[k] = fit->total[at]; break;
        case WOLD_STAT_WEIGHT: row[k] = fit->mv[s->mv].weight; break;
        case WOLD_STAT_LOADING: row[k] = fit->mv[s->mv].loading; break;
        case WOLD_STAT_R2: row[k] = fit->lv[s->lv].r2; break;
        case WOLD_STAT_HTMT: row[k] = H[s->lv * J + s->lv2]; break;
        case WOLD_STAT_HTMT2: row[k] = H2[s->lv * J + s->lv2]; break;
        case WOLD_STAT_RHOA: row[k] = rho[s->lv]; break;
        case WOLD_STAT_EXTRA: break; /* written by opt->extra's fn */
        }
    }
}

/* The construct rule: LV j is reflected when its loadings are closer to
 * the original's reflected, |sum(l0 - l)| > |sum(l0 + l)| (cSEM's
 * construct_reestimate; Hair et al. 2017, ch. 5).  PLS is equivariant
 * under reflecting an LV, so reflecting the replicate's estimates equals
 * refitting from reflected start weights. */
static void construct_signs(const wold__stat_list *list, double *row,
                            double *sum_minus, double *sum_plus, size_t J)
{
    for (size_t j = 0; j < J; j++)
        sum_minus[j] = sum_plus[j] = 0.0;
    for (size_t k = 0; k < list->n; k++) {
        const wold_boot_stat *s = &list->s[k];
        if (s->kind != WOLD_STAT_LOADING)
            continue;
        sum_minus[s->lv] += s->original - row[k];
        sum_plus[s->lv] += s->original + row[k];
    }
    for (size_t j = 0; j < J; j++)
        sum_minus[j] = fabs(sum_minus[j]) > fabs(sum_plus[j]) ? -1.0 : 1.0;
}

void wold__stats_sign(const wold__stat_list *list, const wold_model *md,
                      wold_sign_change rule, double *row, double *scratch)
{
    size_t J = md->n_lv;
    if (rule == WOLD_SIGN_INDIVIDUAL) {
        /* The caller's statistics are left as fn computed them: fn saw
         * the replicate's fit, and knows what a reflection does to them. */
        for (size_t k = 0; k < list->n; k++)
            if (list->s[k].kind != WOLD_STAT_EXTRA &&
                row[k] * list->s[k].original < 0)
                row[k] = -row[k];
        return;
    }
    if (rule != WOLD_SIGN_CONSTRUCT)
        return;
    double *flip = scratch;
    construct_signs(list, row, flip, scratch + J, J);
    for (size_t k = 0; k < list->n; k++) {
        const wold_boot_stat *s = &list->s[k];
        switch (s->kind) {
        case WOLD_STAT_PATH:
        case WOLD_STAT_INDIRECT:
        case WOLD_STAT_TOTAL: row[k] *= flip[s->lv] * flip[s->lv2]; break;
        case WOLD_STAT_WEIGHT:
        case WOLD_STAT_LOADING: row[k] *= flip[s->lv]; break;
        default: break;
        }
    }
}
