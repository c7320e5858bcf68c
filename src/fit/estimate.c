/*
 * estimate.c - wold_fit_estimate: checks the inputs once, runs the
 * iteration to its stopping rule, then derives every result from the
 * final weights and the moment matrix.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit/fit.h"
#include "model/model.h"
#include "moments/moments.h"
#include "util/util.h"

void wold_fit_options_default(wold_fit_options *opt)
{
    opt->scheme = WOLD_SCHEME_PATH;
    opt->tol = WOLD_DEFAULT_TOL;
    opt->max_iter = WOLD_DEFAULT_MAX_ITER;
    opt->scaled = 1;
    opt->compat = WOLD_COMPAT_NONE;
    opt->plsc = 0;
}

void wold_fit_free(wold_fit *fit)
{
    if (fit == NULL)
        return;
    free(fit->w), free(fit->sign), free(fit->mean), free(fit->sd);
    free(fit->cross), free(fit->lvcor), free(fit->paths), free(fit->total);
    free(fit->indirect), free(fit->lv), free(fit->mv), free(fit->coef);
    wold__problems_clear(&fit->warnings);
    wold__plsc_free(fit);
    free(fit);
}

/* The matrix the iteration runs on: correlations, or covariances when the
 * indicators are only centred. */
static double *working_matrix(const wold_moments *mo, int scaled)
{
    size_t p = mo->p;
    double *S = malloc(p * p * sizeof *S);
    if (S == NULL)
        return NULL;
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++)
            S[i * p + j] = scaled ? mo->cov[i * p + j] / (mo->sd[i] * mo->sd[j])
                                  : mo->cov[i * p + j];
    return S;
}

static wold_fit *fit_alloc(const wold_model *model, const wold_moments *mo,
                           const wold_fit_options *opt)
{
    size_t J = model->n_lv, p = model->n_mv;
    wold_fit *f = calloc(1, sizeof *f);
    if (f == NULL)
        return NULL;
    f->model = model;
    f->opt = *opt;
    f->missing = mo->missing;
    f->n = mo->n;
    f->J = J;
    f->p = p;
    f->w = malloc(p * sizeof *f->w);
    f->sign = malloc(J * sizeof *f->sign);
    f->mean = malloc(p * sizeof *f->mean);
    f->sd = malloc(p * sizeof *f->sd);
    f->cross = malloc(p * J * sizeof *f->cross);
    f->lvcor = malloc(J * J * sizeof *f->lvcor);
    f->paths = calloc(J * J, sizeof *f->paths);
    f->total = calloc(J * J, sizeof *f->total);
    f->indirect = calloc(J * J, sizeof *f->indirect);
    f->lv = calloc(J, sizeof *f->lv);
    f->mv = calloc(p, sizeof *f->mv);
    f->coef = calloc(model->n_paths + J, sizeof *f->coef);
    if (!f->w || !f->sign || !f->mean || !f->sd || !f->cross || !f->lvcor ||
        !f->paths || !f->total || !f->indirect || !f->lv || !f->mv ||
        !f->coef || wold__plsc_alloc(f) != 0) {
        wold_fit_free(f);
        return NULL;
    }
    memcpy(f->mean, mo->mean, p * sizeof *f->mean);
    memcpy(f->sd, mo->sd, p * sizeof *f->sd);
    return f;
}

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
 * Runs the iteration.  Under --compat plspm the criterion is plspm's
 * sum of squared changes of the unscaled weights' absolute values, and
 * reaching max_iter means failure even if the criterion was met on that
 * pass; otherwise it is the largest change of a unit-variance weight.
 * Leaves the final unit-variance weights in fit->w.
 */
static wold_status iterate(wold_fit *fit, wold__iter *it, double *scaled,
                           wold_error *err)
{
    const wold_fit_options *opt = &fit->opt;
    int compat = opt->compat == WOLD_COMPAT_PLSPM;
    wold__iter_set(it);
    int iter = 1, stop = 0;
    for (;; iter++) {
        WOLD_TRY(wold__iter_step(it, err));
        fit->criterion = compat ? wold__iter_crit_plspm(it)
                                : wold__iter_crit_max(it, scaled);
        stop = fit->criterion < opt->tol;
        if (stop || iter >= opt->max_iter)
            break;
        memcpy(it->w, it->wnew, it->p * sizeof *it->w);
        /* wold's criterion already scaled the new weights. */
        if (compat)
            wold__scale_weights(it->model, it->S, it->w, it->wn);
        else
            memcpy(it->wn, scaled, it->p * sizeof *it->wn);
    }
    fit->iterations = iter;
    fit->converged = compat ? iter < opt->max_iter : stop;
    fit->worst = worst_block(it, compat ? NULL : scaled);
    if (compat)
        wold__scale_weights(it->model, it->S, it->wnew, fit->w);
    else
        memcpy(fit->w, scaled, it->p * sizeof *fit->w);
    return WOLD_OK;
}

/* Loadings and LV correlations of the final weights, then the sign of
 * each LV: plspm's rule, flip when the block's loadings are not mostly
 * positive. */
static void signs_and_correlations(wold_fit *fit, wold__iter *it)
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

static void report_weights(wold_fit *fit)
{
    /* plspm reports the weights before the sign correction; wold reports
     * the weights that give the reported scores. */
    int flip = fit->opt.compat != WOLD_COMPAT_PLSPM;
    for (size_t i = 0; i < fit->p; i++)
        fit->mv[i].weight =
            fit->w[i] * (flip ? fit->sign[fit->model->mv[i].lv] : 1.0);
}

/* The checks of check.c: the first error is the fit's; the warnings are
 * kept in *pre for the fit. */
static wold_status precheck(wold_problems *pre, const wold_model *model,
                            const wold_moments *mo,
                            const wold_fit_options *opt, wold_error *err)
{
    if (wold__fit_problems(pre, model, mo, opt) != WOLD_OK) {
        wold__problems_clear(pre);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the fit");
    }
    const wold_problem *first = wold__problems_first_error(pre);
    if (first == NULL)
        return WOLD_OK;
    wold_status st = first->status;
    if (err != NULL)
        *err = first->error;
    wold__problems_clear(pre);
    return st;
}

static wold_status not_converged(const wold_fit *fit, wold_error *err)
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

wold_status wold_fit_estimate(wold_fit **out, const wold_model *model,
                              const wold_moments *mo,
                              const wold_fit_options *opt, wold_error *err)
{
    *out = NULL;
    wold_problems pre = {0, 0, NULL};
    WOLD_TRY(precheck(&pre, model, mo, opt, err));
    double *S = working_matrix(mo, opt->scaled);
    double *scaled = malloc(model->n_mv * sizeof *scaled);
    wold_fit *fit = fit_alloc(model, mo, opt);
    wold__iter it;
    memset(&it, 0, sizeof it);
    wold_status st = WOLD_ENOMEM;
    int complete = 0;
    if (S == NULL || scaled == NULL || fit == NULL) {
        wold__problems_clear(&pre);
        WOLD_FAIL(err, st, "out of memory for the fit");
        goto done;
    }
    fit->warnings = pre;
    if ((st = wold__iter_alloc(&it, model, S, opt->scheme, err)) != WOLD_OK)
        goto done;
    /* Blocks without structural paths have no inner proxy to iterate on. */
    st = model->n_paths == 0 ? wold__measurement_weights(fit, S, err)
                             : iterate(fit, &it, scaled, err);
    if (st != WOLD_OK)
        goto done;
    signs_and_correlations(fit, &it);
    report_weights(fit);
    if (opt->plsc)
        wold__plsc(fit, S, fit->plsc.work);
    if ((st = wold__inner_model(fit, err)) != WOLD_OK ||
        (st = wold__plsc_finish(fit, err)) != WOLD_OK)
        goto done;
    wold__outer_model(fit);
    complete = 1;
    if (!fit->converged)
        st = not_converged(fit, err);
done:
    wold__iter_free(&it);
    free(S);
    free(scaled);
    if (complete) {
        *out = fit;
        return st;
    }
    wold_fit_free(fit);
    return st;
}
