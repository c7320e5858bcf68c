/*
 * measure.c - a model of blocks without structural paths (reliability
 * analysis).  No LV has a neighbour, so there is no inner estimate: with
 * its own score as the inner proxy, Mode A's update w <- S_kk w is the
 * power method, whose fixed point is the first principal component of the
 * block; wold computes it directly (LAPACKE dsyev) instead of iterating.
 * Mode B's update w <- S_kk^-1 S_kk w keeps any weights, so nothing is
 * estimated: the block is the equal-weight composite of its (standardised)
 * indicators, and a warning says so (check.c, so that wold check says it
 * too).
 */
#include <math.h>
#include <string.h>

#include <lapacke.h>

#include "fit/fit.h"
#include "model/model.h"
#include "util/util.h"

/* The first principal component of block k of S into w (q doubles).
 * R holds q*q doubles, eig q and work 3q: dsyev's smallest workspace,
 * given by wold so that liblapacke does not allocate (its failure would
 * be an error code, not WOLD_ENOMEM).  The workspace's scratch is larger
 * (wold__scratch_alloc), but dsyev is told 3q: the size changes LAPACK's
 * blocking, so it stays what it always was. */
static int first_component(const double *S, size_t p, size_t a, size_t q,
                           double *R, double *eig, double *work, double *w)
{
    for (size_t i = 0; i < q; i++)
        for (size_t m = 0; m < q; m++)
            R[i * q + m] = S[(a + i) * p + a + m];
    lapack_int n = (lapack_int)q;
    if (LAPACKE_dsyev_work(LAPACK_COL_MAJOR, 'V', 'U', n, R, n, eig, work,
                           3 * n) != 0)
        return -1;
    /* The last column is the largest eigenvalue's; make it sum >= 0 so
     * the result does not depend on LAPACK's sign choice. */
    double sum = 0.0;
    for (size_t i = 0; i < q; i++)
        sum += R[(q - 1) * q + i];
    for (size_t i = 0; i < q; i++)
        w[i] = (sum < 0 ? -1.0 : 1.0) * R[(q - 1) * q + i];
    return 0;
}

wold_status wold__measurement_weights(wold_fit *fit, const double *S,
                                      wold__scratch *sc, wold_error *err)
{
    const wold_model *md = fit->model;
    size_t p = fit->p;
    double *raw = fit->cross; /* scratch until the loadings are computed */
    for (size_t k = 0; k < fit->J; k++) {
        size_t a = md->lv[k].first, q = md->lv[k].count;
        if (md->lv[k].mode == WOLD_MODE_A && q > 1) {
            if (first_component(S, p, a, q, sc->R, sc->eig, sc->work,
                                raw + a) != 0)
                return WOLD_FAIL(err, WOLD_ENUMERIC,
                                 "the eigenvalues of block '%s' could not "
                                 "be computed", md->lv[k].name);
            continue;
        }
        /* Mode B: the warning comes from the checks (check.c). */
        for (size_t i = a; i < a + q; i++)
            raw[i] = 1.0;
    }
    wold__scale_weights(md, S, raw, fit->w);
    fit->iterations = 0;
    fit->converged = 1;
    fit->criterion = NAN; /* no iteration, no criterion */
    return WOLD_OK;
}
