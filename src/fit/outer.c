/*
 * outer.c - the outer model's results: loadings, communalities,
 * redundancies and the Goodness of Fit of Tenenhaus et al. (2004), as
 * plspm defines them.  The criteria built on them (AVE, rhoC) are the
 * assessment's (src/assess/).
 */
#include <math.h>

#include "fit/fit.h"
#include "model/model.h"

void wold__outer_model(wold_fit *fit)
{
    const wold_model *md = fit->model;
    size_t J = fit->J;
    double comm_sum = 0.0, r2_sum = 0.0;
    size_t comm_n = 0, r2_n = 0;
    for (size_t j = 0; j < J; j++) {
        const wold__lv *lv = &md->lv[j];
        wold_lv_stats *s = &fit->lv[j];
        double cs = 0.0, rs = 0.0;
        for (size_t i = lv->first; i < lv->first + lv->count; i++) {
            wold_mv_stats *m = &fit->mv[i];
            m->loading = fit->cross[i * J + j];
            m->communality = m->loading * m->loading;
            m->redundancy = m->communality * s->r2;
            cs += m->communality;
            rs += m->redundancy;
        }
        s->block_communality = cs / (double)lv->count;
        s->mean_redundancy = rs / (double)lv->count;
        if (lv->count > 1) {
            comm_sum += cs;
            comm_n += lv->count;
        }
        if (s->endogenous) {
            r2_sum += s->r2;
            r2_n++;
        }
    }
    fit->gof = comm_n && r2_n ? sqrt(comm_sum / (double)comm_n *
                                     (r2_sum / (double)r2_n))
                              : NAN;
}
