/*
 * iterate.c - the PLS-PM iteration on the indicators' moment matrix S.
 *
 * Every quantity of Wold's algorithm is a function of S and the weights:
 * the LV correlations are C = W'SW, the inner estimate's covariance with
 * block k's indicators is S[I_k, .] W E_k', and Mode B solves with S_kk.
 * So a step costs O(p^2 + J^3) whatever the number of rows (DESIGN.md).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lapacke.h>

#include "fit/fit.h"
#include "model/model.h"
#include "util/util.h"

double wold__block_variance(const wold_model *model, const double *S,
                            const double *w, size_t j)
{
    size_t p = model->n_mv, a = model->lv[j].first;
    size_t e = a + model->lv[j].count;
    double var = 0.0;
    for (size_t i = a; i < e; i++)
        for (size_t m = a; m < e; m++)
            var += w[i] * S[i * p + m] * w[m];
    return var;
}

void wold__scale_weights(const wold_model *model, const double *S,
                         const double *w, double *out)
{
    for (size_t j = 0; j < model->n_lv; j++) {
        size_t a = model->lv[j].first, e = a + model->lv[j].count;
        double var = wold__block_variance(model, S, w, j);
        double f = var > 0.0 ? 1.0 / sqrt(var) : 0.0;
        for (size_t i = a; i < e; i++)
            out[i] = w[i] * f;
    }
}

void wold__lv_moments(const wold_model *model, const double *S,
                      const double *w, double *T, double *C)
{
    size_t p = model->n_mv, J = model->n_lv;
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < J; j++) {
            size_t a = model->lv[j].first, e = a + model->lv[j].count;
            double s = 0.0;
            for (size_t m = a; m < e; m++)
                s += S[i * p + m] * w[m];
            T[i * J + j] = s;
        }
    for (size_t j = 0; j < J; j++)
        for (size_t k = 0; k < J; k++) {
            size_t a = model->lv[j].first, e = a + model->lv[j].count;
            double s = 0.0;
            for (size_t i = a; i < e; i++)
                s += w[i] * T[i * J + k];
            C[j * J + k] = s;
        }
}

void wold__iter_free(wold__iter *it)
{
    free(it->w), free(it->wn), free(it->wnew), free(it->T), free(it->C);
    free(it->E), free(it->chol), free(it->chol_at), free(it->A), free(it->b);
    free(it->idx);
    memset(it, 0, sizeof *it);
}

/* Factors S_kk of every Mode B block once per set, so each step only
 * solves. */
wold_status wold__iter_factor(wold__iter *it, wold_error *err)
{
    const wold_model *md = it->model;
    size_t at = 0;
    for (size_t k = 0; k < it->J; k++) {
        it->chol_at[k] = at;
        if (md->lv[k].mode != WOLD_MODE_B)
            continue;
        size_t a = md->lv[k].first, q = md->lv[k].count;
        double *L = it->chol + at;
        for (size_t i = 0; i < q; i++)
            for (size_t m = 0; m < q; m++)
                L[i * q + m] = it->S[(a + i) * it->p + a + m];
        lapack_int n = (lapack_int)q;
        if (LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', n, L, n) != 0)
            return wold__fit_raise(md, md->lv[k].loc, WOLD_ENUMERIC, err,
                                   "Mode B block '%s': its indicators are "
                                   "collinear (singular covariance matrix), "
                                   "so its regression weights are not "
                                   "defined", md->lv[k].name);
        at += q * q;
    }
    return WOLD_OK;
}

int wold__iter_alloc(wold__iter *it, const wold_model *model,
                     const double *S, wold_scheme scheme)
{
    memset(it, 0, sizeof *it);
    size_t p = model->n_mv, J = model->n_lv, nb = 0;
    for (size_t k = 0; k < J; k++)
        if (model->lv[k].mode == WOLD_MODE_B)
            nb += model->lv[k].count * model->lv[k].count;
    it->model = model;
    it->p = p;
    it->J = J;
    it->S = S;
    it->scheme = scheme;
    it->w = malloc(p * sizeof *it->w);
    it->wn = malloc(p * sizeof *it->wn);
    it->wnew = malloc(p * sizeof *it->wnew);
    it->T = malloc(p * J * sizeof *it->T);
    it->C = malloc(J * J * sizeof *it->C);
    it->E = malloc(J * J * sizeof *it->E);
    it->chol = malloc((nb ? nb : 1) * sizeof *it->chol);
    it->chol_at = malloc(J * sizeof *it->chol_at);
    it->A = malloc(J * J * sizeof *it->A);
    it->b = malloc(J * sizeof *it->b);
    it->idx = malloc(J * sizeof *it->idx);
    if (!it->w || !it->wn || !it->wnew || !it->T || !it->C || !it->E ||
        !it->chol || !it->chol_at || !it->A || !it->b || !it->idx) {
        wold__iter_free(it);
        return -1;
    }
    return 0;
}

void wold__iter_set(wold__iter *it, const double *start)
{
    for (size_t i = 0; i < it->p; i++)
        it->w[i] = start != NULL ? start[i] : 1.0;
    wold__scale_weights(it->model, it->S, it->w, it->wn);
    memcpy(it->w, it->wn, it->p * sizeof *it->w);
}

static int adjacent(const wold_model *md, size_t j, size_t k)
{
    size_t J = md->n_lv;
    return md->adj[k * J + j] || md->adj[j * J + k];
}

/* Path weighting (Lohmoeller; Tenenhaus et al. 2005): predecessors get
 * their multiple-regression coefficients, successors their correlation. */
static wold_status path_weights(wold__iter *it, size_t k, wold_error *err)
{
    const wold_model *md = it->model;
    size_t J = it->J, q = 0;
    for (size_t j = 0; j < J; j++) {
        if (md->adj[k * J + j])
            it->idx[q++] = j;
        else if (md->adj[j * J + k])
            it->E[k * J + j] = it->C[k * J + j];
    }
    if (q == 0)
        return WOLD_OK;
    for (size_t a = 0; a < q; a++) {
        it->b[a] = it->C[it->idx[a] * J + k];
        for (size_t c = 0; c < q; c++)
            it->A[a * q + c] = it->C[it->idx[a] * J + it->idx[c]];
    }
    if (wold__spd_solve(it->A, it->b, q) != 0)
        return wold__fit_raise(md, wold__regression_loc(md, k), WOLD_ENUMERIC,
                               err, "the path scheme cannot weight the "
                               "predecessors of '%s': their scores are "
                               "collinear", md->lv[k].name);
    for (size_t a = 0; a < q; a++)
        it->E[k * J + it->idx[a]] = it->b[a];
    return WOLD_OK;
}

static wold_status inner_weights(wold__iter *it, wold_error *err)
{
    size_t J = it->J;
    memset(it->E, 0, J * J * sizeof *it->E);
    for (size_t k = 0; k < J; k++) {
        if (it->scheme == WOLD_SCHEME_PATH) {
            WOLD_TRY(path_weights(it, k, err));
            continue;
        }
        for (size_t j = 0; j < J; j++) {
            if (j == k || !adjacent(it->model, j, k))
                continue;
            double c = it->C[k * J + j];
            it->E[k * J + j] = it->scheme == WOLD_SCHEME_FACTORIAL
                                   ? c
                                   : (double)((c > 0) - (c < 0));
        }
    }
    return WOLD_OK;
}

/* New weights of block k: cov(x_i, Z_k) for Mode A; for Mode B the
 * regression of Z_k on the block, S_kk^-1 cov(x, Z_k). */
static void outer_weights(wold__iter *it, size_t k)
{
    const wold__lv *lv = &it->model->lv[k];
    size_t J = it->J, a = lv->first, q = lv->count;
    for (size_t i = a; i < a + q; i++) {
        double s = 0.0;
        for (size_t j = 0; j < J; j++)
            s += it->E[k * J + j] * it->T[i * J + j];
        it->wnew[i] = s;
    }
    if (lv->mode == WOLD_MODE_B) {
        lapack_int n = (lapack_int)q;
        LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'L', n, 1,
                            it->chol + it->chol_at[k], n, it->wnew + a, n);
    }
}

wold_status wold__iter_step(wold__iter *it, wold_error *err)
{
    wold__lv_moments(it->model, it->S, it->wn, it->T, it->C);
    WOLD_TRY(inner_weights(it, err));
    for (size_t k = 0; k < it->J; k++)
        outer_weights(it, k);
    return WOLD_OK;
}

double wold__iter_crit_plspm(const wold__iter *it)
{
    double s = 0.0;
    for (size_t i = 0; i < it->p; i++) {
        double d = fabs(it->w[i]) - fabs(it->wnew[i]);
        s += d * d;
    }
    return s;
}

double wold__iter_crit_max(const wold__iter *it, double *scaled_new)
{
    wold__scale_weights(it->model, it->S, it->wnew, scaled_new);
    double m = 0.0;
    for (size_t i = 0; i < it->p; i++) {
        double d = fabs(scaled_new[i] - it->wn[i]);
        if (d > m || isnan(d))
            m = isnan(d) ? INFINITY : d;
    }
    return m;
}
