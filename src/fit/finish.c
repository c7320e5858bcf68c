/*
 * finish.c - the steps of wold_fit_work_finish, each a small function:
 * every result of a fit derives from its final weights and the working
 * matrix S, in this order.
 */
#include <math.h>
#include <string.h>

#include "fit/fit.h"
#include "model/model.h"
#include "util/util.h"

/* The block whose weights changed most in the last step, to point at
 * when the iteration does not converge (scaled NULL: plspm's criterion on
 * the unscaled weights). */
static size_t worst_block(const wold__iter *it, const double *scaled)
{
    double most = -1.0;
    size_t worst = 0;
    for (size_t i = 0; i < it->p; i++) {
        double d = scaled ? fabs(scaled[i] - it->wn[i])
                          : fabs(fabs(it->w[i]) - fabs(it->wnew[i]));
        if (isnan(d) || d > most) {
            most = isnan(d) ? INFINITY : d;
            worst = it->model->mv[i].lv;
        }
    }
    return worst;
}

/*
 * The iteration's outcome into the fit: under --compat plspm reaching
 * max_iter means failure even if the criterion was met on that pass
 * (wold_fit_work_test), and the final weights are plspm's last unscaled
 * ones scaled to unit-variance LVs; otherwise the last step's scaled
 * weights.  A model without paths got its weights in set.
 */
void wold__final_weights(wold_fit_work *w)
{
    wold_fit *fit = w->fit;
    wold__iter *it = &w->it;
    if (w->model->n_paths == 0)
        return;
    int compat = w->opt.compat == WOLD_COMPAT_PLSPM;
    fit->iterations = w->iter;
    fit->converged = wold_fit_work_test(w) == 1;
    fit->worst = worst_block(it, compat ? NULL : w->scaled);
    if (compat)
        wold__scale_weights(it->model, it->S, it->wnew, fit->w);
    else
        memcpy(fit->w, w->scaled, it->p * sizeof *fit->w);
}

/* Loadings and LV correlations of the final weights, then the sign of
 * each LV: plspm's rule, flip when the block's loadings are not mostly
 * positive. */
void wold__signs_and_correlations(wold_fit *fit, wold__iter *it)
{
    size_t J = fit->J, p = fit->p;
    const wold_model *md = fit->model;
    wold__lv_moments(md, it->S, fit->w, it->T, it->C);
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < J; j++)
            fit->cross[i * J + j] = it->T[i * J + j] / sqrt(it->S[i * p + i]);
    for (size_t j = 0; j < J; j++) {
        int votes = 0;
        for (size_t i = md->lv[j].first; i < md->lv[j].first + md->lv[j].count;
             i++) {
            double l = fit->cross[i * J + j];
            votes += (l > 0) - (l < 0);
        }
        fit->sign[j] = votes > 0 ? 1.0 : -1.0;
    }
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < J; j++)
            fit->cross[i * J + j] *= fit->sign[j];
    for (size_t j = 0; j < J; j++)
        for (size_t k = 0; k < J; k++)
            fit->lvcor[j * J + k] = fit->sign[j] * fit->sign[k] * it->C[j * J + k];
}

void wold__report_weights(wold_fit *fit)
{
    /* plspm reports the weights before the sign correction; wold reports
     * the weights that give the reported scores. */
    int flip = fit->opt.compat != WOLD_COMPAT_PLSPM;
    for (size_t i = 0; i < fit->p; i++)
        fit->mv[i].weight =
            fit->w[i] * (flip ? fit->sign[fit->model->mv[i].lv] : 1.0);
}

wold_status wold__not_converged(const wold_fit *fit, wold_error *err)
{
    const wold__lv *lv = &fit->model->lv[fit->worst];
    int n = fit->iterations;
    return wold__fit_raise(fit->model, lv->loc, WOLD_ENUMERIC, err,
                           "the PLS iteration did not converge in %d "
                           "iteration%s (criterion %.3g, tolerance %.3g); the "
                           "weights of block '%s' changed most in the last "
                           "one; raise the iteration limit or check the model",
                           n, n == 1 ? "" : "s", fit->criterion, fit->opt.tol,
                           lv->name);
}

wold_status wold_fit_work_finish(wold_fit_work *w, wold_error *err)
{
    if (w->state == WOLD__WORK_EMPTY ||
        (w->model->n_paths > 0 && w->iter == 0))
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "wold_fit_work_finish needs a successful "
                         "wold_fit_work_set and at least one iterate");
    wold_fit *fit = w->fit;
    w->state = WOLD__WORK_DONE;
    w->complete = 0;
    /* A second finish starts again from set's warnings. */
    fit->warnings.n = w->set_warnings;
    wold__final_weights(w);
    wold__signs_and_correlations(fit, &w->it);
    wold__report_weights(fit);
    if (w->opt.plsc)
        wold__plsc(fit, w->S, fit->plsc.work);
    WOLD_TRY(wold__inner_model(fit, &w->sc, err));
    WOLD_TRY(wold__plsc_finish(fit, err));
    wold__outer_model(fit);
    w->complete = 1;
    if (!fit->converged)
        return wold__not_converged(fit, err);
    return WOLD_OK;
}
