/*
 * scratch.c - the small scratch arrays of a fit, sized from the model
 * once, so that the checks, the inner model and the blocks'
 * eigenproblems allocate nothing when a workspace runs them again.
 */
#include <stdlib.h>
#include <string.h>

#include <lapacke.h>

#include "fit/fit.h"
#include "model/model.h"

/* dsyev's workspace for a q x q problem, from LAPACK's size query (the
 * size fixes LAPACK's blocking, so it is the one the fit always used). */
static int dsyev_work_size(size_t q, double *R, double *eig)
{
    double query = 0.0;
    lapack_int n = (lapack_int)q;
    LAPACKE_dsyev_work(LAPACK_COL_MAJOR, 'V', 'U', n, R, n, eig, &query, -1);
    return query >= 1.0 ? (int)query : 3 * (int)n;
}

void wold__scratch_free(wold__scratch *sc)
{
    free(sc->col), free(sc->inv), free(sc->idx), free(sc->sub);
    free(sc->zero), free(sc->A), free(sc->R), free(sc->work);
    memset(sc, 0, sizeof *sc);
}

int wold__scratch_alloc(wold__scratch *sc, const wold_model *md)
{
    memset(sc, 0, sizeof *sc);
    size_t J = md->n_lv, p = md->n_mv, qmax = 1;
    for (size_t k = 0; k < J; k++)
        if (md->lv[k].count > qmax)
            qmax = md->lv[k].count;
    sc->J = J;
    sc->qc = wold__collinear_size(md);
    sc->qmax = qmax;
    size_t qc = sc->qc ? sc->qc : 1;
    sc->col = malloc(wold__collinear_work(qc) * sizeof *sc->col);
    sc->inv = malloc(qc);
    sc->idx = malloc(qc * sizeof *sc->idx);
    sc->sub = malloc(qc * sizeof *sc->sub);
    sc->zero = calloc(p ? p : 1, 1);
    sc->A = malloc((2 * J * J + J + 1) * sizeof *sc->A);
    sc->R = malloc((qmax * qmax + qmax) * sizeof *sc->R);
    if (!sc->col || !sc->inv || !sc->idx || !sc->sub || !sc->zero || !sc->A ||
        !sc->R) {
        wold__scratch_free(sc);
        return -1;
    }
    sc->Ainv = sc->A + J * J;
    sc->b = sc->Ainv + J * J;
    sc->eig = sc->R + qmax * qmax;
    sc->nwork = dsyev_work_size(qmax, sc->R, sc->eig);
    /* The measurement weights tell dsyev 3q (measure.c). */
    size_t nw = (size_t)sc->nwork > 3 * qmax ? (size_t)sc->nwork : 3 * qmax;
    sc->work = malloc(nw * sizeof *sc->work);
    if (sc->work == NULL) {
        wold__scratch_free(sc);
        return -1;
    }
    return 0;
}
