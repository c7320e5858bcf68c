/*
 * check.c - everything a fit refuses or warns about before it iterates,
 * written once: a fit (wold_fit_work_set, so wold_fit_estimate too) fails
 * with the first error of this list and keeps its warnings, without
 * allocating; wold_fit_check ("wold check MODEL DATA") lists all of them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "fit/fit.h"
#include "model/model.h"
#include "moments/moments.h"
#include "util/util.h"

void wold__name_list(char *buf, size_t size, const wold_model *md, int lvs,
                     const size_t *idx, size_t count)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < count && used < size; k++) {
        const char *name = lvs ? md->lv[idx[k]].name : md->mv[idx[k]].name;
        const char *sep = k == 0 ? "" : k + 1 == count ? " and " : ", ";
        int w = wold__format_text(buf + used, size - used, "%s'%s'", sep,
                                  name);
        used += w > 0 ? (size_t)w : 0;
    }
}

/* Passes the error or warning in e to the sink (fit.h); WOLD_ENOMEM
 * when its list cannot grow. */
static wold_status add(wold__check_sink *sk, size_t lv, size_t mv, double value,
                       const wold_error *e)
{
    if (e->status != WOLD_OK && !sk->keep_errors) {
        if (sk->first == WOLD_OK) {
            sk->first = e->status;
            if (sk->err != NULL)
                *sk->err = *e;
        }
        return WOLD_OK;
    }
    if (wold__problems_add(sk->list, lv, mv, value, e) != 0)
        return WOLD_ENOMEM;
    return WOLD_OK;
}

/* A problem located in the model file at loc, with the given status. */
static wold_status add_at(wold__check_sink *sk, const wold_model *md,
                          wold__loc loc, wold_status status, size_t lv,
                          size_t mv, double value, const char *msg)
{
    wold_error e;
    wold__fit_raise(md, loc, status, &e, "%s", msg);
    return add(sk, lv, mv, value, &e);
}

static wold_status check_options(wold__check_sink *sk,
                                 const wold_fit_options *opt)
{
    wold_error e;
    if (opt->scheme != WOLD_SCHEME_PATH && opt->scheme != WOLD_SCHEME_CENTROID &&
        opt->scheme != WOLD_SCHEME_FACTORIAL) {
        WOLD_FAIL(&e, WOLD_EUSAGE, "unknown inner weighting scheme %d",
                  (int)opt->scheme);
        WOLD_TRY(add(sk, WOLD_NONE, WOLD_NONE, NAN, &e));
    }
    if (!(opt->tol > 0.0) || !isfinite(opt->tol)) {
        WOLD_FAIL(&e, WOLD_EUSAGE,
                  "the tolerance must be a positive number, got %g", opt->tol);
        WOLD_TRY(add(sk, WOLD_NONE, WOLD_NONE, NAN, &e));
    }
    if (opt->max_iter < 1) {
        WOLD_FAIL(&e, WOLD_EUSAGE,
                  "the iteration limit must be at least 1, got %d",
                  opt->max_iter);
        WOLD_TRY(add(sk, WOLD_NONE, WOLD_NONE, NAN, &e));
    }
    /* plspm has no consistent PLS: there is nothing to replay. */
    if (opt->plsc && opt->compat == WOLD_COMPAT_PLSPM) {
        WOLD_FAIL(&e, WOLD_EUSAGE,
                  "consistent PLS is not available under the plspm "
                  "compatibility mode (plspm has no PLSc)");
        WOLD_TRY(add(sk, WOLD_NONE, WOLD_NONE, NAN, &e));
    }
    return WOLD_OK;
}

/* The zero-variance message: "every used row has the value X" only when
 * that is so. */
static wold_status zero_variance(wold__check_sink *sk, const wold_model *md,
                                 size_t i, double sd, double mean, double min,
                                 double max)
{
    char msg[768];
    if (min == max)
        wold__format_text(
            msg, sizeof msg,
            "indicator '%s' has zero variance in the data (every used "
            "row has the value %.17g), so it cannot be standardised; "
            "drop it from the block",
            md->mv[i].name, min);
    else
        wold__format_text(
            msg, sizeof msg,
            "indicator '%s' has zero variance in the data up to "
            "rounding (s.d. %.3g next to values of magnitude %.3g), so "
            "it cannot be standardised; drop it from the block",
            md->mv[i].name, sd, fmax(fmax(fabs(min), fabs(max)), fabs(mean)));
    return add_at(sk, md, md->mv[i].loc, WOLD_ENUMERIC, md->mv[i].lv, i, sd,
                  msg);
}

static size_t n_predecessors(const wold_model *md, size_t k, size_t *first)
{
    size_t J = md->n_lv, q = 0;
    for (size_t j = 0; j < J; j++)
        if (md->adj[k * J + j]) {
            if (q++ == 0 && first != NULL)
                *first = j;
        }
    return q;
}

/* Where a regression is written: the first predecessor on its "~" line. */
wold__loc wold__regression_loc(const wold_model *md, size_t k)
{
    size_t first = 0;
    n_predecessors(md, k, &first);
    return md->path_loc[k * md->n_lv + first];
}

size_t wold__min_rows(const wold_model *md, size_t *lv)
{
    size_t need = 2;
    *lv = WOLD_NONE;
    for (size_t k = 0; k < md->n_lv; k++) {
        size_t q = n_predecessors(md, k, NULL);
        if (md->lv[k].mode == WOLD_MODE_B && md->lv[k].count > q)
            q = md->lv[k].count;
        if (q + 1 > need) {
            need = q + 1;
            *lv = k;
        }
    }
    return need;
}

static wold_status check_rows(wold__check_sink *sk, const wold_model *md,
                              size_t n)
{
    size_t k, need = wold__min_rows(md, &k);
    if (n >= need || k == WOLD_NONE)
        return WOLD_OK;
    char msg[768];
    size_t q = n_predecessors(md, k, NULL);
    int block = md->lv[k].mode == WOLD_MODE_B && md->lv[k].count + 1 == need;
    if (block)
        wold__format_text(
            msg, sizeof msg,
            "%zu usable row%s; this model needs at least %zu: Mode B "
            "block '%s' has %zu indicators, and regression weights on "
            "q indicators need q + 1 rows",
            n, n == 1 ? "" : "s", need, md->lv[k].name, md->lv[k].count);
    else
        wold__format_text(
            msg, sizeof msg,
            "%zu usable row%s; this model needs at least %zu: '%s' is "
            "regressed on %zu predecessor%s, and a regression on q "
            "predecessors needs q + 1 rows",
            n, n == 1 ? "" : "s", need, md->lv[k].name, q, q == 1 ? "" : "s");
    return add_at(sk, md, block ? md->lv[k].loc : wold__regression_loc(md, k),
                  WOLD_EINPUT, k, WOLD_NONE, (double)n, msg);
}

/* Collinearity of one Mode B block on the covariances. */
static wold_status check_block(wold__check_sink *sk, const wold_model *md,
                               const wold_moments *mo, size_t k, double *work,
                               unsigned char *inv, size_t *idx)
{
    size_t a = md->lv[k].first, q = md->lv[k].count, p = mo->p, c = 0;
    int singular = 0;
    double cond = wold__collinear(mo->cov + a * p + a, p, q, work, inv,
                                  &singular);
    if (!singular && !(cond > WOLD__COND_WARN))
        return WOLD_OK;
    for (size_t i = 0; i < q; i++)
        if (inv[i])
            idx[c++] = a + i;
    char names[512], msg[1024];
    wold__name_list(names, sizeof names, md, 0, idx, c);
    if (singular)
        wold__format_text(
            msg, sizeof msg,
            "Mode B block '%s': its indicators %s are collinear (a "
            "linear combination of them is constant), so its "
            "regression weights are not defined; drop one of them or "
            "make the block Mode A ('=~')",
            md->lv[k].name, names);
    else
        wold__format_text(
            msg, sizeof msg,
            "Mode B block '%s': its indicators %s are nearly collinear "
            "(condition number %.3g of their correlation matrix), so "
            "its weights are unstable",
            md->lv[k].name, names, cond);
    return add_at(sk, md, md->lv[k].loc,
                  singular ? WOLD_ENUMERIC : WOLD_OK, k,
                  c > 0 ? idx[0] : WOLD_NONE, cond, msg);
}

static wold_status check_blocks(wold__check_sink *sk, const wold_model *md,
                                const wold_moments *mo, wold__scratch *sc)
{
    wold_status st = WOLD_OK;
    for (size_t k = 0; k < md->n_lv && st == WOLD_OK; k++) {
        size_t a = md->lv[k].first, q = md->lv[k].count, bad = 0;
        if (md->lv[k].mode != WOLD_MODE_B || q < 2 || mo->n < q + 1)
            continue; /* nothing to invert, or too few rows, said above */
        for (size_t i = a; i < a + q; i++)
            bad += sc->zero[i];
        if (bad == 0)
            st = check_block(sk, md, mo, k, sc->col, sc->inv, sc->idx);
    }
    return st;
}

/* Pairwise deletion can give a covariance matrix that no data have (not
 * positive semi-definite): its regressions could show R2 above 1 or
 * negative variances, so the fit refuses it. */
static wold_status check_definite(wold__check_sink *sk,
                                  const wold_moments *mo)
{
    if (mo->missing != WOLD_MISSING_PAIRWISE ||
        !(mo->min_eig < -WOLD__PSD_TOL))
        return WOLD_OK;
    wold_error e;
    WOLD_FAIL(&e, WOLD_ENUMERIC,
              "the covariance matrix from pairwise deletion is not positive "
              "semi-definite (smallest eigenvalue of the correlation matrix "
              "%.3g): no data have these covariances, so a fit on them is "
              "not defined; use listwise deletion or mean replacement",
              mo->min_eig);
    return add(sk, WOLD_NONE, WOLD_NONE, mo->min_eig, &e);
}

/* A regression with as many coefficients as rows fits them exactly. */
static wold_status check_df(wold__check_sink *sk, const wold_model *md,
                            size_t n)
{
    for (size_t k = 0; k < md->n_lv; k++) {
        size_t q = n_predecessors(md, k, NULL);
        if (q == 0 || n < q + 1 || n > q + 1)
            continue;
        char msg[768];
        wold__format_text(
            msg, sizeof msg,
            "'%s' is regressed on %zu predecessor%s with %zu usable "
            "rows: no residual degree of freedom is left, so its R2 is "
            "1 by construction and its adjusted R2, standard errors, t "
            "and p values are undefined",
            md->lv[k].name, q, q == 1 ? "" : "s", n);
        WOLD_TRY(add_at(sk, md, wold__regression_loc(md, k), WOLD_OK, k,
                        WOLD_NONE, (double)n, msg));
    }
    return WOLD_OK;
}

/* A Mode B block without paths has nothing for its weights to predict. */
static wold_status check_isolated(wold__check_sink *sk, const wold_model *md)
{
    if (md->n_paths > 0)
        return WOLD_OK;
    for (size_t k = 0; k < md->n_lv; k++) {
        if (md->lv[k].mode != WOLD_MODE_B || md->lv[k].count < 2)
            continue;
        char msg[768];
        wold__format_text(
            msg, sizeof msg,
            "Mode B block '%s' has no structural path, so its "
            "regression weights have nothing to predict: it is "
            "reported as the equal-weight composite of its indicators",
            md->lv[k].name);
        WOLD_TRY(add_at(sk, md, md->lv[k].loc, WOLD_OK, k, WOLD_NONE, NAN,
                        msg));
    }
    return WOLD_OK;
}

wold_status wold__fit_checks(wold__check_sink *sk, const wold_model *md,
                             const wold_moments *mo,
                             const wold_fit_options *opt, wold__scratch *sc)
{
    WOLD_TRY(check_options(sk, opt));
    if (mo->p != md->n_mv) {
        wold_error e;
        WOLD_FAIL(&e, WOLD_EUSAGE,
                  "the moments have %zu columns but the model has %zu "
                  "indicators", mo->p, md->n_mv);
        return add(sk, WOLD_NONE, WOLD_NONE, NAN, &e);
    }
    /* Too few rows first: they also explain constant columns. */
    wold_status st = check_rows(sk, md, mo->n);
    if (st == WOLD_OK)
        st = check_definite(sk, mo);
    for (size_t i = 0; i < mo->p && st == WOLD_OK; i++)
        if ((sc->zero[i] = (unsigned char)wold__moments_zero_variance(mo, i)))
            st = zero_variance(sk, md, i, mo->sd[i], mo->mean[i],
                               mo->min[i], mo->max[i]);
    if (st == WOLD_OK)
        st = check_blocks(sk, md, mo, sc);
    if (st == WOLD_OK)
        st = check_df(sk, md, mo->n);
    if (st == WOLD_OK)
        st = check_isolated(sk, md);
    return st;
}

wold_status wold__fit_options_check(const wold_fit_options *opt,
                                    wold_error *err)
{
    wold__check_sink sk = {NULL, 0, err, WOLD_OK};
    check_options(&sk, opt);
    return sk.first;
}

/* Every problem, errors included, into list (wold_fit_check). */
static wold_status list_problems(wold_problems *list, const wold_model *md,
                                 const wold_moments *mo,
                                 const wold_fit_options *opt)
{
    wold__scratch sc;
    if (wold__scratch_alloc(&sc, md) != 0)
        return WOLD_ENOMEM;
    wold__check_sink sk = {list, 1, NULL, WOLD_OK};
    wold_status st = wold__fit_checks(&sk, md, mo, opt, &sc);
    wold__scratch_free(&sc);
    return st;
}

/* Columns constant over their observed cells, when the moments of the
 * used rows could not be computed: they stay constant in any rows. */
static wold_status constant_columns(wold__check_sink *sk, const wold_model *md,
                                    const wold_data *d)
{
    for (size_t i = 0; i < d->p; i++) {
        double lo = NAN, hi = NAN;
        size_t seen = 0;
        for (size_t r = 0; r < d->n; r++) {
            double v = d->x[r * d->p + i];
            seen += !isnan(v);
            lo = fmin(lo, v);
            hi = fmax(hi, v);
        }
        /* One observed cell is too few rows, not a constant. */
        if (seen >= 2 && lo == hi)
            WOLD_TRY(zero_variance(sk, md, i, 0.0, lo, lo, hi));
    }
    return WOLD_OK;
}

/* 1 when data's columns are model's indicators in model order (as
 * wold_data_read_csv with the model makes them); else 0 and e says why. */
static int read_with_model(const wold_data *d, const wold_model *md,
                           wold_error *e)
{
    if (d->p != md->n_mv) {
        WOLD_FAIL(e, WOLD_EUSAGE,
                  "the data have %zu columns but the model has %zu "
                  "indicators; read the data with the model", d->p,
                  md->n_mv);
        return 0;
    }
    for (size_t i = 0; i < d->p; i++)
        if (strcmp(d->names[i], md->mv[i].name) != 0) {
            WOLD_FAIL(e, WOLD_EUSAGE,
                      "data column %zu is '%s' but the model's indicator %zu "
                      "is '%s'; read the data with the model", i + 1,
                      d->names[i], i + 1, md->mv[i].name);
            return 0;
        }
    return 1;
}

/* Hands the list to the caller: the first error's status, or WOLD_OK. */
static wold_status result(wold_problems *list, wold_problems **out,
                          wold_error *err)
{
    *out = list;
    const wold_problem *first = wold__problems_first_error(list);
    if (first == NULL)
        return WOLD_OK;
    if (err != NULL)
        *err = first->error;
    return first->status;
}

wold_status wold_fit_check_moments(wold_problems **out,
                                   const wold_model *model,
                                   const wold_moments *mo,
                                   const wold_fit_options *opt,
                                   wold_error *err)
{
    wold_problems *list = calloc(1, sizeof *list);
    *out = NULL;
    if (list == NULL || list_problems(list, model, mo, opt) != WOLD_OK) {
        wold_problems_free(list);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the check");
    }
    return result(list, out, err);
}

wold_status wold_fit_check(wold_problems **out, const wold_model *model,
                           const wold_data *data, wold_missing missing,
                           const wold_fit_options *opt, wold_error *err)
{
    wold_problems *list = calloc(1, sizeof *list);
    *out = NULL;
    if (list == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the check");
    wold_moments *mo = NULL;
    wold_error e;
    wold_status st = WOLD_OK;
    wold__check_sink sk = {list, 1, NULL, WOLD_OK};
    if (!read_with_model(data, model, &e)) {
        st = add(&sk, WOLD_NONE, WOLD_NONE, NAN, &e);
    } else if (wold_moments_compute(&mo, data, missing, &e) != WOLD_OK) {
        if (e.status == WOLD_ENOMEM)
            st = WOLD_ENOMEM;
        else if ((st = add(&sk, WOLD_NONE, WOLD_NONE, NAN, &e)) == WOLD_OK)
            st = constant_columns(&sk, model, data);
    } else {
        st = list_problems(list, model, mo, opt);
    }
    wold_moments_free(mo);
    if (st != WOLD_OK) {
        wold_problems_free(list);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the check");
    }
    return result(list, out, err);
}
