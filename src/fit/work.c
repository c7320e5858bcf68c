/*
 * work.c - the fit workspace: wold_fit_work_alloc sizes everything one fit
 * of a model needs; set loads the moments and checks them, iterate runs
 * one step, test applies the stopping rule (finish.c derives the
 * results).  Nothing after alloc allocates, so a bootstrap replicate is
 * set, iterate until test, finish.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fit/fit.h"
#include "model/model.h"
#include "moments/moments.h"
#include "util/util.h"

/* The warnings a fit can meet, at most, per LV: a near-collinear Mode B
 * block, then an equal-weight composite (no paths) or a regression
 * without residual degrees of freedom and near-collinear predecessors. */
#define WOLD__WARNINGS_PER_LV 3

static wold_fit *fit_alloc(const wold_model *model,
                           const wold_fit_options *opt)
{
    size_t J = model->n_lv, p = model->n_mv;
    wold_fit *f = calloc(1, sizeof *f);
    if (f == NULL)
        return NULL;
    f->model = model;
    f->opt = *opt;
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
    f->warnings.cap =
        WOLD__WARNINGS_PER_LV * J + 1 + wold__plsc_max_issues(model);
    f->warnings.fixed = 1;
    f->warnings.v = malloc(f->warnings.cap * sizeof *f->warnings.v);
    if (!f->w || !f->sign || !f->mean || !f->sd || !f->cross || !f->lvcor ||
        !f->paths || !f->total || !f->indirect || !f->lv || !f->mv ||
        !f->coef || !f->warnings.v || wold__plsc_alloc(f) != 0) {
        wold_fit_free(f);
        return NULL;
    }
    return f;
}

void wold_fit_work_free(wold_fit_work *w)
{
    if (w == NULL)
        return;
    wold__iter_free(&w->it);
    wold__scratch_free(&w->sc);
    wold_fit_free(w->fit);
    free(w->S), free(w->scaled);
    free(w);
}

wold_status wold_fit_work_alloc(wold_fit_work **out, const wold_model *model,
                                const wold_fit_options *opt, wold_error *err)
{
    *out = NULL;
    WOLD_TRY(wold__fit_options_check(opt, err));
    wold_fit_work *w = calloc(1, sizeof *w);
    if (w == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the fit");
    size_t p = model->n_mv;
    w->model = model;
    w->opt = *opt;
    w->p = p;
    w->J = model->n_lv;
    size_t pp = p > 0 ? p * p : 1;
    w->S = malloc(pp * sizeof *w->S);
    w->scaled = malloc((p ? p : 1) * sizeof *w->scaled);
    w->fit = fit_alloc(model, opt);
    if (!w->S || !w->scaled || !w->fit ||
        wold__scratch_alloc(&w->sc, model) != 0 ||
        wold__iter_alloc(&w->it, model, w->S, opt->scheme) != 0) {
        wold_fit_work_free(w);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the fit");
    }
    *out = w;
    return WOLD_OK;
}

/* The matrix the iteration runs on: correlations, or covariances when the
 * indicators are only centred. */
static void working_matrix(wold_fit_work *w, const wold_moments *mo)
{
    size_t p = w->p;
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++)
            w->S[i * p + j] = w->opt.scaled ? mo->cov[i * p + j] /
                                                  (mo->sd[i] * mo->sd[j])
                                            : mo->cov[i * p + j];
}

/* What the fit keeps of the moments: rows, rule, means and s.d. (scores). */
static void take_moments(wold_fit *fit, const wold_moments *mo)
{
    fit->missing = mo->missing;
    fit->n = mo->n;
    memcpy(fit->mean, mo->mean, fit->p * sizeof *fit->mean);
    memcpy(fit->sd, mo->sd, fit->p * sizeof *fit->sd);
}

/* Start weights must give each LV a positive finite variance under S. */
static wold_status check_start(const wold_fit_work *w, const double *start,
                               wold_error *err)
{
    const wold_model *md = w->model;
    for (size_t j = 0; j < md->n_lv; j++) {
        double var = wold__block_variance(md, w->S, start, j);
        if (!(var > 0.0) || !isfinite(var))
            return WOLD_FAIL(err, WOLD_EUSAGE,
                             "the start weights of block '%s' give its LV "
                             "no positive variance (all zero, or not "
                             "finite numbers)", md->lv[j].name);
    }
    return WOLD_OK;
}

wold_status wold_fit_work_set(wold_fit_work *w, const wold_moments *mo,
                              const double *start, wold_error *err)
{
    wold_fit *fit = w->fit;
    w->state = WOLD__WORK_EMPTY;
    w->complete = 0;
    w->iter = 0;
    w->stop = 0;
    fit->warnings.n = 0;
    fit->warnings.dropped = 0;
    wold__check_sink sk = {&fit->warnings, 0, err, WOLD_OK};
    /* A fixed list never fails to grow: the status is the first error. */
    wold__fit_checks(&sk, w->model, mo, &w->opt, &w->sc);
    WOLD_TRY(sk.first);
    working_matrix(w, mo);
    take_moments(fit, mo);
    WOLD_TRY(wold__iter_factor(&w->it, err));
    /* Blocks without structural paths have no inner proxy to iterate on. */
    if (w->model->n_paths == 0)
        WOLD_TRY(wold__measurement_weights(fit, w->S, &w->sc, err));
    else if (start == NULL || check_start(w, start, err) == WOLD_OK)
        wold__iter_set(&w->it, start);
    else
        return WOLD_EUSAGE;
    fit->criterion = NAN;
    w->set_warnings = fit->warnings.n;
    w->state = WOLD__WORK_SET;
    return WOLD_OK;
}

/*
 * One step.  Under --compat plspm the criterion is plspm's sum of squared
 * changes of the unscaled weights' absolute values; otherwise the largest
 * change of a unit-variance weight.  The step after the first starts from
 * the previous step's new weights, scaled to unit-variance LVs.
 */
wold_status wold_fit_work_iterate(wold_fit_work *w, wold_error *err)
{
    if (w->state == WOLD__WORK_EMPTY)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "wold_fit_work_iterate needs a successful "
                         "wold_fit_work_set");
    if (w->model->n_paths == 0)
        return WOLD_OK;
    wold__iter *it = &w->it;
    int compat = w->opt.compat == WOLD_COMPAT_PLSPM;
    if (w->iter > 0) {
        memcpy(it->w, it->wnew, it->p * sizeof *it->w);
        /* wold's criterion already scaled the new weights. */
        if (compat)
            wold__scale_weights(it->model, it->S, it->w, it->wn);
        else
            memcpy(it->wn, w->scaled, it->p * sizeof *it->wn);
    }
    WOLD_TRY(wold__iter_step(it, err));
    w->iter++;
    w->fit->criterion = compat ? wold__iter_crit_plspm(it)
                               : wold__iter_crit_max(it, w->scaled);
    w->stop = w->fit->criterion < w->opt.tol;
    return WOLD_OK;
}

int wold_fit_work_test(const wold_fit_work *w)
{
    if (w->state == WOLD__WORK_EMPTY)
        return 0;
    if (w->model->n_paths == 0)
        return 1;
    if (w->iter == 0)
        return 0;
    int limit = w->iter >= w->opt.max_iter;
    if (w->opt.compat == WOLD_COMPAT_PLSPM)
        return limit ? -1 : w->stop;
    return w->stop ? 1 : limit ? -1 : 0;
}

const wold_fit *wold_fit_work_fit(const wold_fit_work *w) { return w->fit; }

wold_fit *wold__fit_work_detach(wold_fit_work *w)
{
    wold_fit *fit = w->fit;
    w->fit = NULL;
    return fit;
}
