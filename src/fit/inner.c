/*
 * inner.c - the structural model on the final LV correlations: path
 * coefficients and R^2 (OLS with an intercept, as R's lm), their standard
 * errors, t and p values, and the direct, indirect and total effects.
 *
 * With standardised scores the regression of Y_k on its predecessors P is
 * b = C_PP^-1 C_Pk, R^2 = b'C_Pk, the residual variance is
 * n (1 - R^2) / (n - q - 1), and Var(b) = sigma^2 C_PP^-1 / n; the
 * intercept is 0 with variance sigma^2 / n.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "fit/fit.h"
#include "model/model.h"
#include "util/util.h"

static void set_coef(wold_coef *c, size_t from, size_t to, double est,
                     double se, double df)
{
    c->from = from;
    c->to = to;
    c->estimate = est;
    c->std_error = se;
    c->t = se > 0 ? est / se : NAN;
    c->p = df > 0 && isfinite(c->t) ? 2.0 * gsl_cdf_tdist_Q(fabs(c->t), df)
                                    : NAN;
}

/* Rank and condition of the predecessors' correlations A (q x q): an
 * error when they are collinear, a warning when nearly so. */
static wold_status collinear_predecessors(wold_fit *fit, size_t k,
                                          const size_t *idx, size_t q,
                                          const double *A, wold__scratch *w,
                                          wold_error *err)
{
    const wold_model *md = fit->model;
    int singular = 0;
    double cond = wold__collinear(A, q, q, w->col, w->inv, &singular);
    if (!singular && !(cond > WOLD__COND_WARN))
        return WOLD_OK;
    size_t c = 0;
    for (size_t a = 0; a < q; a++)
        if (w->inv[a])
            w->sub[c++] = idx[a];
    char names[512];
    wold__name_list(names, sizeof names, md, 1, w->sub, c);
    wold__loc at = wold__regression_loc(md, k);
    if (singular)
        return wold__fit_raise(md, at, WOLD_ENUMERIC, err,
                               "the predecessors %s of '%s' have collinear "
                               "scores, so its path coefficients are not "
                               "defined", names, md->lv[k].name);
    wold_error e;
    wold__fit_raise(md, at, WOLD_OK, &e,
                    "the predecessors %s of '%s' are nearly collinear "
                    "(condition number %.3g of their correlation matrix), so "
                    "its path coefficients are unstable",
                    names, md->lv[k].name, cond);
    if (wold__problems_add(&fit->warnings, k, WOLD_NONE, cond, &e) != 0)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the fit");
    return WOLD_OK;
}

/*
 * Under PLSc the correlations are disattenuated and need not be a
 * correlation matrix: a regression whose predecessors' matrix is not
 * positive definite (or not finite) has no OLS solution, so its paths
 * and R^2 are NaN instead of an error; the fit is flagged inadmissible
 * (plsc.c).  Returns 1 when that is so.  col and inv: the scratch of
 * wold__collinear for the predecessors.
 */
static int plsc_undefined(wold_fit *fit, size_t k, const size_t *idx,
                          size_t q, const double *A, const double *b,
                          double *col, unsigned char *inv)
{
    int finite = 1, singular = 1;
    for (size_t a = 0; a < q; a++) {
        finite &= isfinite(b[a]);
        for (size_t c = 0; c < q; c++)
            finite &= isfinite(A[a * q + c]);
    }
    if (finite)
        wold__collinear(A, q, q, col, inv, &singular);
    if (!singular)
        return 0;
    fit->lv[k].endogenous = 1;
    fit->lv[k].r2 = fit->lv[k].r2_adj = NAN;
    set_coef(&fit->coef[fit->n_coef++], (size_t)-1, k, NAN, NAN, 0);
    for (size_t a = 0; a < q; a++) {
        fit->paths[k * fit->J + idx[a]] = NAN;
        set_coef(&fit->coef[fit->n_coef++], idx[a], k, NAN, NAN, 0);
    }
    return 1;
}

/* Regression of LV k on its q predecessors idx[0..q-1]. */
static wold_status regress(wold_fit *fit, size_t k, const size_t *idx,
                           size_t q, wold__scratch *w, wold_error *err)
{
    size_t J = fit->J;
    const double *C = fit->lvcor;
    double *A = w->A, *Ainv = w->Ainv, *b = w->b;
    for (size_t a = 0; a < q; a++) {
        b[a] = C[idx[a] * J + k];
        for (size_t c = 0; c < q; c++)
            A[a * q + c] = Ainv[a * q + c] = C[idx[a] * J + idx[c]];
    }
    if (fit->opt.plsc && plsc_undefined(fit, k, idx, q, A, b, w->col, w->inv))
        return WOLD_OK;
    WOLD_TRY(collinear_predecessors(fit, k, idx, q, A, w, err));
    if (wold__spd_solve(A, b, q) != 0 || wold__spd_invert(Ainv, q) != 0)
        return wold__fit_raise(fit->model,
                               wold__regression_loc(fit->model, k),
                               WOLD_ENUMERIC, err,
                               "the predecessors of '%s' have collinear "
                               "scores, so its path coefficients are not "
                               "defined", fit->model->lv[k].name);
    double r2 = 0.0;
    for (size_t a = 0; a < q; a++) {
        r2 += b[a] * C[idx[a] * J + k];
        fit->paths[k * J + idx[a]] = b[a];
    }
    double n = (double)fit->n, df = n - (double)q - 1.0;
    fit->lv[k].endogenous = 1;
    fit->lv[k].r2 = r2;
    fit->lv[k].r2_adj = df > 0 ? 1.0 - (1.0 - r2) * (n - 1.0) / df : NAN;
    /* sigma^2 / n; PLSc paths have no OLS standard errors. */
    double s2n = df > 0 && !fit->opt.plsc ? (1.0 - r2) / df : NAN;
    set_coef(&fit->coef[fit->n_coef++], (size_t)-1, k, 0.0, sqrt(s2n), df);
    for (size_t a = 0; a < q; a++)
        set_coef(&fit->coef[fit->n_coef++], idx[a], k, b[a],
                 sqrt(s2n * Ainv[a * q + a]), df);
    return WOLD_OK;
}

/* total = P + P^2 + ... + P^(J-1): every chain of paths, for a recursive
 * model; indirect = total - P. */
static void effects(wold_fit *fit, double *power, double *next)
{
    size_t J = fit->J;
    memcpy(power, fit->paths, J * J * sizeof *power);
    memcpy(fit->total, fit->paths, J * J * sizeof *power);
    for (size_t m = 2; m < J; m++) {
        for (size_t i = 0; i < J; i++)
            for (size_t j = 0; j < J; j++) {
                double s = 0.0;
                for (size_t l = 0; l < J; l++)
                    s += power[i * J + l] * fit->paths[l * J + j];
                next[i * J + j] = s;
            }
        memcpy(power, next, J * J * sizeof *power);
        for (size_t i = 0; i < J * J; i++)
            fit->total[i] += power[i];
    }
    for (size_t i = 0; i < J * J; i++)
        fit->indirect[i] = fit->total[i] - fit->paths[i];
}

wold_status wold__inner_model(wold_fit *fit, wold__scratch *w,
                              wold_error *err)
{
    size_t J = fit->J;
    size_t *idx = w->idx;
    /* An exogenous LV has no regression: no R2 (plspm writes 0). */
    double none = fit->opt.compat == WOLD_COMPAT_PLSPM ? 0.0 : NAN;
    wold_status st = WOLD_OK;
    fit->n_coef = 0;
    for (size_t k = 0; k < J && st == WOLD_OK; k++) {
        size_t q = 0;
        for (size_t j = 0; j < J; j++)
            if (fit->model->adj[k * J + j])
                idx[q++] = j;
        fit->lv[k].r2 = none;
        fit->lv[k].r2_adj = NAN;
        if (q > 0)
            st = regress(fit, k, idx, q, w, err);
    }
    if (st == WOLD_OK)
        effects(fit, w->A, w->Ainv);
    return st;
}
