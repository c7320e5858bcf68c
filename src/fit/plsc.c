/*
 * plsc.c - consistent PLS (PLSc, Dijkstra and Henseler 2015): rhoA per
 * block, consistent loadings, the disattenuated construct correlations,
 * and the admissibility of the result (docs/methods.md, "Consistent PLS").
 *
 * Everything is a function of the working matrix S and the final weights:
 * for a Mode A block with unit-variance weights w (w'S_jj w = 1),
 *
 *   c^2  = w'(S_jj - diag S_jj) w / w'(ww' - diag ww') w
 *   rhoA = c^2 (w'w)^2
 *
 * and the consistent loadings are c w (cSEM's "dist_squared_euclid"
 * correction factor, its default, which is Dijkstra-Henseler's).
 */
#include <math.h>

#include "fit/fit.h"
#include "model/model.h"

/* The squared correction factor c^2 of the block [a, a + q) of S (p x p)
 * under the weights w: NaN when the off-diagonal weight products vanish
 * (a block with a single nonzero weight). */
static double correction_squared(const double *S, size_t p, const double *w,
                                 size_t a, size_t q)
{
    double num = 0.0, den = 0.0;
    for (size_t i = a; i < a + q; i++)
        for (size_t k = a; k < a + q; k++) {
            if (i == k)
                continue;
            double ww = w[i] * w[k];
            num += ww * S[i * p + k];
            den += ww * ww;
        }
    return den > 0.0 ? num / den : NAN;
}

void wold__rhoa(const wold_model *md, const double *S, const double *w,
                double *rhoa)
{
    size_t p = md->n_mv;
    for (size_t j = 0; j < md->n_lv; j++) {
        const wold__lv *lv = &md->lv[j];
        /* A composite has no measurement error to correct for, and one
         * indicator has no second one to estimate it from: both are
         * reliable by convention (cSEM, seminr). */
        if (lv->mode == WOLD_MODE_B || lv->count == 1) {
            rhoa[j] = 1.0;
            continue;
        }
        double ww = 0.0;
        for (size_t i = lv->first; i < lv->first + lv->count; i++)
            ww += w[i] * w[i];
        double c2 = correction_squared(S, p, w, lv->first, lv->count);
        rhoa[j] = c2 * ww * ww;
    }
}
