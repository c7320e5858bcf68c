/*
 * vif.c - collinearity and effect sizes: the variance inflation factor of
 * each indicator of a Mode B block within its block (the weights are a
 * regression on them), of each predecessor within its structural
 * equation, and Cohen's (1988) f^2 of each path.
 *
 * With standardised variables VIF_i = (A^-1)_ii for the correlation
 * matrix A of the regressors, and dropping regressor i lowers R^2 by
 * b_i^2 / VIF_i, so f^2 = (R^2 - R^2_(-i)) / (1 - R^2)
 * = b_i^2 / (VIF_i (1 - R^2)): the regression without i is not refitted.
 */
#include <math.h>

#include "assess/assess.h"
#include "fit/fit.h"
#include "model/model.h"

/* A = the q x q correlations of the indices idx of C (leading dimension
 * ld), inverted in place; nonzero when singular. */
static int inverse(double *A, const double *C, size_t ld, const size_t *idx,
                   size_t q)
{
    for (size_t r = 0; r < q; r++)
        for (size_t c = 0; c < q; c++)
            A[r * q + c] = C[idx[r] * ld + idx[c]];
    return wold__spd_invert(A, q);
}

static void indicator_vif(wold_assess *a, double *work)
{
    const wold_model *md = a->fit->model;
    size_t *idx = (size_t *)(void *)(work + a->p * a->p);
    for (size_t i = 0; i < a->p; i++)
        a->vif_mv[i] = NAN;
    for (size_t j = 0; j < a->J; j++) {
        const wold__lv *lv = &md->lv[j];
        if (lv->mode != WOLD_MODE_B || lv->count < 2)
            continue;
        for (size_t i = 0; i < lv->count; i++)
            idx[i] = lv->first + i;
        if (inverse(work, a->R, a->p, idx, lv->count) != 0)
            continue;
        for (size_t i = 0; i < lv->count; i++)
            a->vif_mv[lv->first + i] = work[i * lv->count + i];
    }
}

static void path_vif(wold_assess *a, double *work)
{
    const wold_fit *fit = a->fit;
    size_t J = a->J;
    size_t *idx = (size_t *)(void *)(work + a->p * a->p);
    for (size_t i = 0; i < J * J; i++)
        a->vif_path[i] = a->f2[i] = NAN;
    for (size_t k = 0; k < J; k++) {
        size_t q = 0;
        for (size_t j = 0; j < J; j++)
            if (fit->model->adj[k * J + j])
                idx[q++] = j;
        if (q == 0 || inverse(work, fit->lvcor, J, idx, q) != 0)
            continue;
        double r2 = fit->lv[k].r2;
        for (size_t i = 0; i < q; i++) {
            double vif = work[i * q + i], b = fit->paths[k * J + idx[i]];
            a->vif_path[k * J + idx[i]] = vif;
            a->f2[k * J + idx[i]] = b * b / (vif * (1.0 - r2));
        }
    }
}

void wold__vif(wold_assess *a, double *work)
{
    indicator_vif(a, work);
    path_vif(a, work);
}
