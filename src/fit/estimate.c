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
}

void wold_fit_free(wold_fit *fit)
{
    if (fit == NULL)
        return;
    free(fit->w), free(fit->sign), free(fit->mean), free(fit->sd);
    free(fit->cross), free(fit->lvcor), free(fit->paths), free(fit->total);
    free(fit->indirect), free(fit->lv), free(fit->mv), free(fit->coef);
    free(fit);
}

static wold_status check_inputs(const wold_model *model,
                                const wold_moments *mo,
                                const wold_fit_options *opt, wold_error *err)
{
    if (opt->scheme != WOLD_SCHEME_PATH && opt->scheme != WOLD_SCHEME_CENTROID &&
        opt->scheme != WOLD_SCHEME_FACTORIAL)
        return WOLD_FAIL(err, WOLD_EUSAGE, "--scheme: unknown scheme %d",
                         (int)opt->scheme);
    if (!(opt->tol > 0.0) || !isfinite(opt->tol))
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "--tol: expected a positive number, got %g", opt->tol);
    if (opt->max_iter < 1)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "--max-iter: expected at least 1, got %d",
                         opt->max_iter);
    if (mo->p != model->n_mv)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "the moments have %zu columns but the model has %zu "
                         "indicators", mo->p, model->n_mv);
    if (model->n_paths == 0)
        return wold__raise(err, WOLD_EINPUT, model->filename, 0, 0, NULL, 0,
                           "the model has no structural path; PLS path "
                           "modeling needs at least two connected latent "
                           "variables");
    for (size_t i = 0; i < mo->p; i++)
        if (!(mo->sd[i] > 1e-12 * fmax(1.0, fabs(mo->mean[i])))) {
            char msg[512];
            snprintf(msg, sizeof msg,
                     "indicator '%s' has zero variance in the data (every "
                     "used row has the value %g), so it cannot be "
                     "standardised; drop it from the block",
                     model->mv[i].name, mo->mean[i]);
            wold_model_error_at_mv(model, i, err, msg);
            if (err != NULL)
                err->status = WOLD_ENUMERIC;
            return WOLD_ENUMERIC;
        }
    return WOLD_OK;
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
        !f->coef) {
        wold_fit_free(f);
        return NULL;
    }
    memcpy(f->mean, mo->mean, p * sizeof *f->mean);
    memcpy(f->sd, mo->sd, p * sizeof *f->sd);
    return f;
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

wold_status wold_fit_estimate(wold_fit **out, const wold_model *model,
                              const wold_moments *mo,
                              const wold_fit_options *opt, wold_error *err)
{
    *out = NULL;
    WOLD_TRY(check_inputs(model, mo, opt, err));
    double *S = working_matrix(mo, opt->scaled);
    double *scaled = malloc(model->n_mv * sizeof *scaled);
    wold_fit *fit = fit_alloc(model, mo, opt);
    wold__iter it;
    memset(&it, 0, sizeof it);
    wold_status st = WOLD_ENOMEM;
    int complete = 0;
    if (S == NULL || scaled == NULL || fit == NULL) {
        WOLD_FAIL(err, st, "out of memory for the fit");
        goto done;
    }
    if ((st = wold__iter_alloc(&it, model, S, opt->scheme, err)) != WOLD_OK ||
        (st = iterate(fit, &it, scaled, err)) != WOLD_OK)
        goto done;
    signs_and_correlations(fit, &it);
    report_weights(fit);
    if ((st = wold__inner_model(fit, err)) != WOLD_OK ||
        (st = wold__unidim(fit, mo->cov, err)) != WOLD_OK)
        goto done;
    wold__outer_model(fit);
    complete = 1;
    if (!fit->converged)
        st = WOLD_FAIL(err, WOLD_ENUMERIC,
                       "the PLS iteration did not converge in %d iterations "
                       "(criterion %.3g, tolerance %.3g); raise --max-iter or "
                       "check the model",
                       fit->iterations, fit->criterion, opt->tol);
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
