/*
 * unidim.c - unidimensionality of each block, computed on the indicators'
 * correlation matrix whatever the scaling of the fit: Cronbach's alpha,
 * Dillon-Goldstein's rho (composite reliability with the first principal
 * component's loadings) and the first two eigenvalues, as plspm computes
 * them (reference README, step 10).
 */
#include <math.h>

#include <lapacke.h>

#include "assess/assess.h"
#include "fit/fit.h"
#include "model/model.h"

/* R is the q x q block correlation matrix (destroyed: dsyev overwrites it
 * with eigenvectors); eig is q scratch, work 3q doubles for dsyev. */
static void block_stats(wold_block_stats *s, double *R, double *eig, size_t q,
                        double *work, int compat)
{
    double off = 0.0;
    for (size_t i = 0; i < q; i++)
        for (size_t j = i + 1; j < q; j++)
            off += R[i * q + j];
    /* alpha = p/(p-1) (1 - p / var(sum)), var(sum) = p + 2 sum r_ij */
    double alpha = 2.0 * off / ((double)q + 2.0 * off) * (double)q /
                   ((double)q - 1.0);
    /* A negative alpha (items that work against each other) is a finding;
     * plspm floors it at 0. */
    s->alpha = compat && !(alpha > 0.0) ? 0.0 : alpha;
    lapack_int n = (lapack_int)q;
    /* The minimal workspace 3q - 1: dsyev then allocates nothing. */
    if (LAPACKE_dsyev_work(LAPACK_COL_MAJOR, 'V', 'U', n, R, n, eig, work,
                           3 * n) != 0) {
        s->eig1 = s->eig2 = s->dg_rho = NAN;
        return;
    }
    /* Ascending eigenvalues; the last column is the first component. */
    s->eig1 = eig[q - 1];
    s->eig2 = eig[q - 2];
    double sum = 0.0, sum2 = 0.0;
    for (size_t i = 0; i < q; i++) {
        double c = sqrt(s->eig1) * R[(q - 1) * q + i];
        sum += c;
        sum2 += c * c;
    }
    s->dg_rho = sum * sum / (sum * sum + (double)q - sum2);
}

void wold__unidim(wold_assess *a, int compat, double *work)
{
    const wold_model *md = a->fit->model;
    size_t p = a->p;
    for (size_t j = 0; j < a->J; j++) {
        wold_block_stats *s = &a->block[j];
        size_t f = md->lv[j].first, q = md->lv[j].count;
        int mode_b = md->lv[j].mode == WOLD_MODE_B;
        if (q == 1) {
            /* The LV is its indicator: rho = 1 from its formula, one
             * eigenvalue of 1, no second one, and alpha's p/(p-1) is
             * undefined.  plspm writes alpha = rho = 1 and eig2 = 0 for
             * every one-indicator block, Mode B included. */
            s->eig1 = 1.0;
            s->eig2 = compat ? 0.0 : NAN;
            s->alpha = compat ? 1.0 : NAN;
            s->dg_rho = compat || !mode_b ? 1.0 : NAN;
            continue;
        }
        double *B = work, *eig = B + q * q, *lw = eig + q;
        for (size_t i = 0; i < q; i++)
            for (size_t m = 0; m < q; m++)
                B[i * q + m] = a->R[(f + i) * p + f + m];
        block_stats(s, B, eig, q, lw, compat);
        /* Reliability of a composite is not a question PLS answers:
         * plspm writes 0, wold leaves it undefined. */
        if (mode_b)
            s->alpha = s->dg_rho = compat ? 0.0 : NAN;
    }
}
