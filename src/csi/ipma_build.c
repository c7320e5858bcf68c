/*
 * ipma_build.c - wold_ipma_compute: checks the target, the scales and
 * the weights, lays out the analysis (which LVs have a total effect on
 * the target, a topological order, the statistics vector), runs the
 * kernel of ipma.c on the full sample and orders the rows by priority.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csi/csi.h"
#include "csi/ipma.h"
#include "fit/fit.h"
#include "model/model.h"
#include "moments/moments.h"
#include "util/util.h"

void wold_ipma_free(wold_ipma *ip)
{
    if (ip == NULL)
        return;
    if (ip->labels != NULL)
        for (size_t k = 0; k < ip->n_stats; k++)
            free(ip->labels[k]);
    free(ip->labels);
    free(ip->lo);
    free(ip->hi);
    free(ip->wt);
    free(ip->in);
    free(ip->topo);
    free(ip->slot);
    free(ip->mv_slot);
    free(ip->stats);
    free(ip->sys);
    free(ip->lv_rows);
    free(ip->mv_rows);
    free(ip);
}

static wold_status nomem(wold_ipma *ip, wold_error *err)
{
    wold_ipma_free(ip);
    return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the IPMA");
}

/* Kahn's algorithm on the structural model (validated acyclic). */
static void topo_order(const wold_model *md, size_t *order, size_t *indeg)
{
    size_t J = md->n_lv, n = 0;
    for (size_t to = 0; to < J; to++) {
        indeg[to] = 0;
        for (size_t from = 0; from < J; from++)
            indeg[to] += md->adj[to * J + from];
        if (indeg[to] == 0)
            order[n++] = to;
    }
    for (size_t k = 0; k < n; k++)
        for (size_t to = 0; to < J; to++)
            if (md->adj[to * J + order[k]] && --indeg[to] == 0)
                order[n++] = to;
}

static wold_status alloc_parts(wold_ipma *ip)
{
    size_t J = ip->J, p = ip->p;
    ip->lo = malloc(p * sizeof *ip->lo);
    ip->hi = malloc(p * sizeof *ip->hi);
    ip->wt = malloc(p * sizeof *ip->wt);
    ip->in = calloc(J, 1);
    ip->topo = malloc(2 * J * sizeof *ip->topo);
    ip->slot = malloc(J * sizeof *ip->slot);
    ip->mv_slot = malloc(p * sizeof *ip->mv_slot);
    if (!ip->lo || !ip->hi || !ip->wt || !ip->in || !ip->topo || !ip->slot ||
        !ip->mv_slot)
        return WOLD_ENOMEM;
    return WOLD_OK;
}

/* The LVs with a total effect on the target, their statistics' slots and
 * the largest number of predecessors among the regressions to run. */
static wold_status layout(wold_ipma *ip, const unsigned char *reach)
{
    size_t J = ip->J, p = ip->p, n = 0;
    for (size_t j = 0; j < J; j++) {
        ip->in[j] = reach[ip->target * J + j];
        ip->slot[j] = ip->in[j] ? n++ : WOLD_NONE;
    }
    ip->n_lv_rows = n;
    for (size_t i = 0; i < p; i++)
        ip->mv_slot[i] = ip->in[ip->md->mv[i].lv] ? n++ : WOLD_NONE;
    ip->n_stats = n;
    ip->n_mv_rows = n - ip->n_lv_rows;
    ip->max_pred = 0;
    for (size_t m = 0; m < J; m++) {
        size_t q = 0;
        if (m == ip->target || ip->in[m])
            for (size_t j = 0; j < J; j++)
                q += ip->md->adj[m * J + j];
        if (q > ip->max_pred)
            ip->max_pred = q;
    }
    ip->stats = malloc((n ? n : 1) * sizeof *ip->stats);
    ip->sys = malloc(ip->max_pred * (ip->max_pred + 1) * sizeof *ip->sys + 1);
    ip->labels = calloc(n ? n : 1, sizeof *ip->labels);
    ip->lv_rows = calloc(ip->n_lv_rows + 1, sizeof *ip->lv_rows);
    ip->mv_rows = calloc(ip->n_mv_rows + 1, sizeof *ip->mv_rows);
    if (!ip->stats || !ip->sys || !ip->labels || !ip->lv_rows ||
        !ip->mv_rows)
        return WOLD_ENOMEM;
    return WOLD_OK;
}

static wold_status labels(wold_ipma *ip)
{
    for (size_t j = 0; j < ip->J; j++)
        if (ip->in[j]) {
            char *s = malloc(strlen(ip->md->lv[j].name) + 6);
            if ((ip->labels[ip->slot[j]] = s) == NULL)
                return WOLD_ENOMEM;
            sprintf(s, "ipma:%s", ip->md->lv[j].name);
        }
    for (size_t i = 0; i < ip->p; i++)
        if (ip->mv_slot[i] != WOLD_NONE) {
            char *s = malloc(strlen(ip->md->mv[i].name) + 6);
            if ((ip->labels[ip->mv_slot[i]] = s) == NULL)
                return WOLD_ENOMEM;
            sprintf(s, "ipma:%s", ip->md->mv[i].name);
        }
    return WOLD_OK;
}

/* Every indicator of the analysed blocks (and the target's) needs a
 * scale; the first one without is an error at its name in the model. */
static wold_status scales(wold_ipma *ip, wold_error *err)
{
    for (size_t i = 0; i < ip->p; i++) {
        size_t j = ip->md->mv[i].lv;
        ip->lo[i] = ip->hi[i] = NAN;
        if ((j == ip->target || ip->in[j]) &&
            !wold_model_mv_scale(ip->md, i, &ip->lo[i], &ip->hi[i])) {
            char msg[600];
            wold__format_text(msg, sizeof msg, "indicator '%s' has no scale, "
                              "which the IPMA needs to rescale it to 0-100: "
                              "give it one in the model file "
                              "(docs/model-syntax.md, \"Scales\") or give "
                              "every indicator without one a scale with "
                              "--scale MIN:MAX", ip->md->mv[i].name);
            return wold_model_error_at_mv(ip->md, i, err, msg);
        }
    }
    return WOLD_OK;
}

/* w~ of the analysed blocks; a negative one is refused. */
static wold_status weights(wold_ipma *ip, const wold_moments *mo,
                           wold_error *err)
{
    const wold_fit *fit = ip->fit;
    for (size_t j = 0; j < ip->J; j++) {
        const wold__lv *b = &ip->md->lv[j];
        double s = 0;
        for (size_t i = b->first; i < b->first + b->count; i++)
            s += wold__raw_weight(fit, mo, i);
        for (size_t i = b->first; i < b->first + b->count; i++) {
            ip->wt[i] = wold__raw_weight(fit, mo, i) / s;
            if ((j == ip->target || ip->in[j]) && !(ip->wt[i] >= 0))
                return WOLD_FAIL(err, WOLD_ENUMERIC, "the IPMA needs "
                                 "non-negative weights: indicator '%s' of "
                                 "block '%s' has the normalised "
                                 "unstandardised weight %.4g; drop or "
                                 "recode the indicator, or leave the block "
                                 "out of the analysis", ip->md->mv[i].name,
                                 b->name, ip->wt[i]);
        }
    }
    return WOLD_OK;
}

static wold_status check_target(const wold_fit *fit, size_t target,
                                wold_error *err)
{
    const wold_model *md = fit->model;
    if (target >= md->n_lv)
        return WOLD_FAIL(err, WOLD_EUSAGE, "IPMA target %zu: the model has "
                         "%zu latent variables", target, md->n_lv);
    if (!fit->lv[target].endogenous)
        return WOLD_FAIL(err, WOLD_EUSAGE, "IPMA target '%s' has no "
                         "predecessor: choose an endogenous latent variable",
                         md->lv[target].name);
    return WOLD_OK;
}

static wold_status setup(wold_ipma *ip, const wold_moments *mo,
                         wold_error *err)
{
    unsigned char *reach = malloc(ip->J * ip->J);
    if (reach == NULL || alloc_parts(ip) != WOLD_OK) {
        free(reach);
        return WOLD_ENOMEM;
    }
    wold__model_reach(ip->md, reach);
    wold_status st = layout(ip, reach);
    free(reach);
    if (st == WOLD_OK)
        st = labels(ip);
    if (st != WOLD_OK)
        return st;
    topo_order(ip->md, ip->topo, ip->topo + ip->J);
    if (ip->max_pred > WOLD__IPMA_MAX_PRED)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the IPMA handles at most %d "
                         "predecessors of one latent variable, the model "
                         "has %zu", WOLD__IPMA_MAX_PRED, ip->max_pred);
    WOLD_TRY(scales(ip, err));
    return weights(ip, mo, err);
}

wold_status wold_ipma_compute(wold_ipma **out, const wold_fit *fit,
                              const wold_moments *moments, size_t target,
                              wold_error *err)
{
    *out = NULL;
    WOLD_TRY(check_target(fit, target, err));
    if (moments->p != fit->p)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the moments have %zu columns, "
                         "the fit %zu indicators", moments->p, fit->p);
    wold_ipma *ip = calloc(1, sizeof *ip);
    if (ip == NULL)
        return nomem(NULL, err);
    ip->fit = fit;
    ip->md = fit->model;
    ip->J = ip->md->n_lv;
    ip->p = ip->md->n_mv;
    ip->target = target;
    ip->weighted = moments->weighted;
    ip->weight_total = wold_moments_weight_total(moments);
    wold_status st = setup(ip, moments, err);
    if (st == WOLD_ENOMEM)
        return nomem(ip, err);
    if (st == WOLD_OK &&
        wold__ipma_importances(ip, fit, moments, ip->stats, ip->sys) != 0)
        st = WOLD_FAIL(err, WOLD_ENUMERIC, "the IPMA's regressions of the "
                       "rescaled scores are singular (collinear "
                       "predecessors of a latent variable)");
    if (st != WOLD_OK) {
        wold_ipma_free(ip);
        return st;
    }
    wold__ipma_rows(ip, moments);
    *out = ip;
    return WOLD_OK;
}
