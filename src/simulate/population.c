/*
 * population.c - population values of a simulation: loadings and paths
 * from the model's premultipliers (or the documented defaults), and the
 * disturbance variances that give every latent variable unit variance.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "population.h"
#include "util/util.h"

void wold__population_clear(wold__population *pop)
{
    free(pop->order);
    free(pop->beta);
    free(pop->zeta_sd);
    free(pop->lambda);
    free(pop->eps_sd);
    free(pop->mv_lv);
    free(pop->lv_cov);
    memset(pop, 0, sizeof *pop);
}

/*
 * Kahn's algorithm on the path matrix, by repeated sweeps (a model has a
 * dozen LVs, so no queue is needed).  placed is n bytes of scratch.  The
 * parser has rejected cycles, so every sweep places at least one LV.
 */
static void topological_order(const wold_model *model, size_t *order,
                              unsigned char *placed)
{
    size_t n = model->n_lv, done = 0;
    memset(placed, 0, n);
    while (done < n) {
        size_t before = done;
        for (size_t k = 0; k < n; k++) {
            if (placed[k])
                continue;
            int ready = 1;
            for (size_t j = 0; j < n && ready; j++)
                if (model->adj[k * n + j] && !placed[j])
                    ready = 0;
            if (ready) {
                placed[k] = 1;
                order[done++] = k;
            }
        }
        assert(done > before);
        if (done == before)
            break;
    }
}

static wold_status set_loadings(wold__population *pop,
                                const wold_model *model, wold_error *err)
{
    /* A higher-order block's repeated indicators are their originals'
     * columns: only the first-order indicators are drawn. */
    for (size_t i = 0, k = 0; i < model->n_mv; i++) {
        if (model->mv[i].repeat_of != i)
            continue;
        double l = model->mv[i].value;
        if (isnan(l))
            l = WOLD_SIM_DEFAULT_LOADING;
        if (!(fabs(l) < 1.0))
            return wold__model_raise(
                model, model->mv[i].loc, err,
                "population loading %g of %s is outside (-1, 1): an "
                "indicator of a unit-variance LV needs error variance "
                "1 - loading^2 > 0",
                l, model->mv[i].name);
        pop->lambda[k] = l;
        pop->eps_sd[k] = sqrt(1.0 - l * l);
        pop->mv_lv[k++] = model->mv[i].lv;
    }
    return WOLD_OK;
}

/*
 * Propagates the LV covariance matrix in topological order.  For an
 * endogenous eta_k = sum_j beta_jk eta_j + zeta_k, with zeta_k independent
 * of every LV placed before it: cov(eta_k, eta_m) = sum_j beta_jk
 * cov(eta_j, eta_m) for the LVs m already placed, and the explained
 * variance is b' Sigma b over its predecessors.
 */
static wold_status set_paths(wold__population *pop, const wold_model *model,
                             wold_error *err)
{
    size_t n = model->n_lv;
    double *cov = pop->lv_cov;
    for (size_t t = 0; t < n; t++) {
        size_t k = pop->order[t];
        for (size_t j = 0; j < n; j++) {
            if (!model->adj[k * n + j])
                continue;
            double b = model->path_value[k * n + j];
            pop->beta[k * n + j] = isnan(b) ? WOLD_SIM_DEFAULT_PATH : b;
        }
        double explained = 0.0;
        for (size_t u = 0; u < t; u++) {
            size_t m = pop->order[u];
            double c = 0.0;
            for (size_t j = 0; j < n; j++)
                c += pop->beta[k * n + j] * cov[j * n + m];
            cov[k * n + m] = cov[m * n + k] = c;
            /* b' Sigma b = sum_m beta_mk cov(eta_k, eta_m) */
            explained += pop->beta[k * n + m] * c;
        }
        if (!(1.0 - explained > 0.0))
            return wold__model_raise(
                model, model->lv[k].loc, err,
                "the paths into %s explain >= 100%% of its variance "
                "(R^2 = %.6g): lower their premultipliers so that its "
                "disturbance has positive variance",
                model->lv[k].name, explained);
        cov[k * n + k] = 1.0;
        pop->zeta_sd[k] = sqrt(1.0 - explained);
    }
    return WOLD_OK;
}

wold_status wold__population_build(wold__population *pop,
                                   const wold_model *model, wold_error *err)
{
    memset(pop, 0, sizeof *pop);
    size_t n = model->n_lv, p = 0;
    for (size_t i = 0; i < model->n_mv; i++)
        p += model->mv[i].repeat_of == i;
    size_t n1 = n ? n : 1, p1 = p ? p : 1;
    pop->n_lv = n;
    pop->n_mv = p;
    pop->order = malloc(n1 * sizeof *pop->order);
    pop->beta = calloc(n1 * n1, sizeof *pop->beta);
    pop->zeta_sd = malloc(n1 * sizeof *pop->zeta_sd);
    pop->lambda = malloc(p1 * sizeof *pop->lambda);
    pop->eps_sd = malloc(p1 * sizeof *pop->eps_sd);
    pop->mv_lv = malloc(p1 * sizeof *pop->mv_lv);
    pop->lv_cov = calloc(n1 * n1, sizeof *pop->lv_cov);
    unsigned char *placed = malloc(n1);
    if (!placed || !pop->order || !pop->beta || !pop->zeta_sd ||
        !pop->lambda || !pop->eps_sd || !pop->mv_lv || !pop->lv_cov) {
        free(placed);
        wold__population_clear(pop);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    }
    topological_order(model, pop->order, placed);
    free(placed);
    wold_status st = set_loadings(pop, model, err);
    if (st == WOLD_OK)
        st = set_paths(pop, model, err);
    if (st != WOLD_OK)
        wold__population_clear(pop);
    return st;
}
