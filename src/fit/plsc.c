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
#include <stdlib.h>
#include <string.h>

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

/* At most one issue per block (rhoA), indicator (loading), pair of LVs
 * (correlation) and path, and one for the whole matrix. */
size_t wold__plsc_max_issues(const wold_model *md)
{
    size_t J = md->n_lv;
    return J + md->n_mv + J * (J - 1) / 2 + 1 + md->n_paths;
}

int wold__plsc_alloc(wold_fit *fit)
{
    /* Whatever opt.plsc says: a workspace may be set with other options
     * than it was allocated with, and the arrays are small. */
    wold__plsc_res *r = &fit->plsc;
    size_t J = fit->J;
    r->rhoa = malloc(3 * J * sizeof *r->rhoa);
    r->issue = malloc(wold__plsc_max_issues(fit->model) * sizeof *r->issue);
    r->work = malloc(wold__plsc_work_size(fit->model) * sizeof *r->work);
    if (r->rhoa == NULL || r->issue == NULL || r->work == NULL) {
        wold__plsc_free(fit);
        return -1;
    }
    r->factor = r->rhoa + J;
    r->q2 = r->factor + J;
    return 0;
}

void wold__plsc_free(wold_fit *fit)
{
    free(fit->plsc.rhoa);
    free(fit->plsc.issue);
    free(fit->plsc.work);
    memset(&fit->plsc, 0, sizeof fit->plsc);
}

size_t wold__plsc_work_size(const wold_model *md)
{
    /* The eigenvalues of the construct correlations, and a byte per LV
     * for the collinear ones (rounded up to whole doubles). */
    size_t J = md->n_lv;
    return wold__collinear_work(J) + (J + sizeof(double) - 1) / sizeof(double);
}

static void add_issue(wold__plsc_res *r, wold_plsc_rule rule, size_t lv,
                      size_t other, double value)
{
    wold_plsc_issue *is = &r->issue[r->n_issues++];
    is->rule = rule;
    is->lv = lv;
    is->other = other;
    is->value = value;
    r->rules |= (unsigned)rule;
}

/* A Mode A block with two or more indicators: the one PLSc corrects. */
static int corrected(const wold__lv *lv)
{
    return lv->mode == WOLD_MODE_A && lv->count > 1;
}

/* Reliabilities and correction factors.  A negative rhoA is corrected by
 * its absolute value, as cSEM does (sqrt(abs(c^2))), and flagged. */
static void reliabilities(wold_fit *fit, const double *S)
{
    const wold_model *md = fit->model;
    wold__plsc_res *r = &fit->plsc;
    wold__rhoa(md, S, fit->w, r->rhoa);
    for (size_t j = 0; j < fit->J; j++) {
        const wold__lv *lv = &md->lv[j];
        r->q2[j] = corrected(lv) ? fabs(r->rhoa[j]) : 1.0;
        r->factor[j] = 1.0;
        if (!corrected(lv))
            continue;
        double ww = 0.0;
        for (size_t i = lv->first; i < lv->first + lv->count; i++)
            ww += fit->w[i] * fit->w[i];
        r->factor[j] = sqrt(r->q2[j]) / ww;
        if (!(r->rhoa[j] > 0.0 && r->rhoa[j] <= 1.0))
            add_issue(r, WOLD_PLSC_RHOA, j, WOLD_NONE, r->rhoa[j]);
    }
}

/* Consistent loadings c_j w_i / sd_i for the own block (sign-corrected,
 * standardised when S holds covariances); cross_ik / Q_k elsewhere. */
static void loadings(wold_fit *fit, const double *S)
{
    const wold_model *md = fit->model;
    wold__plsc_res *r = &fit->plsc;
    size_t J = fit->J, p = fit->p;
    for (size_t i = 0; i < p; i++) {
        size_t j = md->mv[i].lv;
        for (size_t k = 0; k < J; k++)
            if (k != j)
                fit->cross[i * J + k] /= sqrt(r->q2[k]);
        if (!corrected(&md->lv[j]))
            continue;
        double l = fit->sign[j] * r->factor[j] * fit->w[i] / sqrt(S[i * p + i]);
        fit->cross[i * J + j] = l;
        if (!(fabs(l) <= 1.0))
            add_issue(r, WOLD_PLSC_LOADING, j, i, l);
    }
}

/* R_jk = C_jk / sqrt(Q_j^2 Q_k^2), then the rules on R. */
static void disattenuate(wold_fit *fit, double *scratch)
{
    wold__plsc_res *r = &fit->plsc;
    size_t J = fit->J;
    double *R = fit->lvcor;
    for (size_t j = 0; j < J; j++)
        for (size_t k = 0; k < J; k++)
            if (k != j)
                R[j * J + k] /= sqrt(r->q2[j] * r->q2[k]);
    for (size_t j = 0; j < J; j++)
        for (size_t k = j + 1; k < J; k++)
            if (!(fabs(R[j * J + k]) <= 1.0))
                add_issue(r, WOLD_PLSC_CORRELATION, j, k, R[j * J + k]);
    for (size_t i = 0; i < J * J; i++)
        if (!isfinite(R[i])) {
            add_issue(r, WOLD_PLSC_NOT_PD, WOLD_NONE, WOLD_NONE, NAN);
            return;
        }
    /* Positive definite: the smallest eigenvalue above LAPACK's rank
     * tolerance (the test of the inner model's collinearity check). */
    unsigned char *involved =
        (unsigned char *)(scratch + wold__collinear_work(J));
    int singular = 0;
    double *eig = scratch + J * J;
    wold__collinear(R, J, J, scratch, involved, &singular);
    if (singular)
        add_issue(r, WOLD_PLSC_NOT_PD, WOLD_NONE, WOLD_NONE, eig[0]);
}

void wold__plsc(wold_fit *fit, const double *S, double *scratch)
{
    fit->plsc.n_issues = 0;
    fit->plsc.rules = 0;
    reliabilities(fit, S);
    loadings(fit, S);
    disattenuate(fit, scratch);
}

void wold__plsc_paths(wold_fit *fit)
{
    size_t J = fit->J;
    for (size_t k = 0; k < J; k++)
        for (size_t j = 0; j < J; j++) {
            double b = fit->paths[k * J + j];
            /* NaN: no OLS solution, flagged by the positive-definite
             * rule already. */
            if (fit->model->adj[k * J + j] && fabs(b) > 1.0)
                add_issue(&fit->plsc, WOLD_PLSC_PATH, k, j, b);
        }
}

/* The warning of one broken rule, located at the block, the indicator or
 * the "~" line it concerns. */
static void issue_message(const wold_fit *fit, const wold_plsc_issue *is,
                          wold_error *e)
{
    const wold_model *md = fit->model;
    const char *tail = "the consistent PLS solution is inadmissible";
    switch (is->rule) {
    case WOLD_PLSC_RHOA:
        wold__fit_raise(md, md->lv[is->lv].loc, WOLD_OK, e,
                        "rhoA of block '%s' is %.6g, not in (0, 1]: %s",
                        md->lv[is->lv].name, is->value, tail);
        break;
    case WOLD_PLSC_LOADING:
        wold__fit_raise(md, md->mv[is->other].loc, WOLD_OK, e,
                        "the consistent loading of '%s' on '%s' is %.6g, "
                        "beyond +-1: %s", md->mv[is->other].name,
                        md->lv[is->lv].name, is->value, tail);
        break;
    case WOLD_PLSC_CORRELATION:
        wold__fit_raise(md, md->lv[is->lv].loc, WOLD_OK, e,
                        "the disattenuated correlation of '%s' and '%s' is "
                        "%.6g, beyond +-1: %s", md->lv[is->lv].name,
                        md->lv[is->other].name, is->value, tail);
        break;
    case WOLD_PLSC_NOT_PD:
        wold__fit_raise(md, (wold__loc){0, 0}, WOLD_OK, e,
                        "the disattenuated construct correlation matrix is "
                        "not positive definite (smallest eigenvalue %.6g): "
                        "%s", is->value, tail);
        break;
    case WOLD_PLSC_PATH:
        wold__fit_raise(md, md->path_loc[is->lv * md->n_lv + is->other],
                        WOLD_OK, e,
                        "the path '%s' -> '%s' is %.6g, beyond +-1: %s",
                        md->lv[is->other].name, md->lv[is->lv].name,
                        is->value, tail);
        break;
    }
}

wold_status wold__plsc_finish(wold_fit *fit, wold_error *err)
{
    if (!fit->opt.plsc)
        return WOLD_OK;
    wold__plsc_paths(fit);
    for (size_t k = 0; k < fit->plsc.n_issues; k++) {
        const wold_plsc_issue *is = &fit->plsc.issue[k];
        wold_error e;
        issue_message(fit, is, &e);
        size_t lv = is->lv, mv = WOLD_NONE;
        if (is->rule == WOLD_PLSC_LOADING)
            mv = is->other;
        if (wold__problems_add(&fit->warnings, lv, mv, is->value, &e) != 0)
            return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the fit");
    }
    return WOLD_OK;
}

const double *wold_fit_plsc_rhoa(const wold_fit *fit)
{
    return fit->opt.plsc ? fit->plsc.rhoa : NULL;
}

const double *wold_fit_plsc_factors(const wold_fit *fit)
{
    return fit->opt.plsc ? fit->plsc.factor : NULL;
}

unsigned wold_fit_plsc_rules(const wold_fit *fit)
{
    return fit->opt.plsc ? fit->plsc.rules : 0;
}

size_t wold_fit_plsc_n_issues(const wold_fit *fit)
{
    return fit->opt.plsc ? fit->plsc.n_issues : 0;
}

const wold_plsc_issue *wold_fit_plsc_issue(const wold_fit *fit, size_t k)
{
    return k < wold_fit_plsc_n_issues(fit) ? &fit->plsc.issue[k] : NULL;
}

const char *wold_plsc_rule_name(wold_plsc_rule rule)
{
    switch (rule) {
    case WOLD_PLSC_RHOA:
        return "rhoA";
    case WOLD_PLSC_LOADING:
        return "loading";
    case WOLD_PLSC_CORRELATION:
        return "correlation";
    case WOLD_PLSC_NOT_PD:
        return "positive definite";
    case WOLD_PLSC_PATH:
        return "path";
    }
    return NULL;
}
