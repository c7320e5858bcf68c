/*
 * reliability.c - the reliability and convergent validity of each block
 * from the fit's loadings and weights: Joreskog's (1971) composite
 * reliability rhoC, the average variance extracted (Fornell and Larcker
 * 1981), Dijkstra and Henseler's (2015) rhoA, and the Fornell-Larcker
 * table.  Under PLSc the fit's loadings are the consistent ones, so rhoC
 * and AVE follow them.
 */
#include <math.h>

#include "assess/assess.h"
#include "fit/fit.h"
#include "model/model.h"

/* rhoC = (sum l)^2 / ((sum l)^2 + sum (1 - l^2)) and AVE = mean l^2 on
 * standardised indicators; both describe a common factor, so a Mode B
 * block has neither (plspm writes AVE 0). */
static void composite_reliability(wold_block_stats *s, const wold_fit *fit,
                                  const wold__lv *lv, int compat)
{
    if (lv->mode == WOLD_MODE_B) {
        s->rho_c = NAN;
        s->ave = compat ? 0.0 : NAN;
        return;
    }
    double sum = 0.0, sq = 0.0;
    for (size_t i = lv->first; i < lv->first + lv->count; i++) {
        double l = fit->mv[i].loading;
        sum += l;
        sq += l * l;
    }
    s->rho_c = sum * sum / (sum * sum + (double)lv->count - sq);
    s->ave = sq / (double)lv->count;
}

/* The working matrix the fit ran on: the correlations, or for an
 * unscaled fit the covariances, into S. */
static const double *working(const wold_assess *a, const wold_moments *mo,
                             double *S)
{
    if (a->fit->opt.scaled)
        return a->R;
    const double *cov = wold_moments_cov(mo);
    for (size_t i = 0; i < a->p * a->p; i++)
        S[i] = cov[i];
    return S;
}

void wold__reliability(wold_assess *a, const wold_moments *mo, double *work)
{
    const wold_fit *fit = a->fit;
    const wold_model *md = fit->model;
    size_t J = a->J;
    int compat = fit->opt.compat == WOLD_COMPAT_PLSPM;
    double *rhoa = work, *S = work + J;
    for (size_t j = 0; j < J; j++)
        composite_reliability(&a->block[j], fit, &md->lv[j], compat);
    wold__rhoa(md, working(a, mo, S), fit->w, rhoa);
    for (size_t j = 0; j < J; j++)
        a->block[j].rho_a = rhoa[j];
    /* Fornell and Larcker: a block's AVE should exceed its squared
     * correlation with every other LV. */
    for (size_t j = 0; j < J; j++)
        for (size_t k = 0; k < J; k++) {
            double r = fit->lvcor[j * J + k];
            a->fl[j * J + k] = j == k ? a->block[j].ave : r * r;
        }
}
