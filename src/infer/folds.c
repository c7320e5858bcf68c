/*
 * folds.c - the steps of PLSpredict (docs/methods.md, "PLSpredict"):
 * the usable rows and their moments once; per repeat a seeded
 * permutation split into k folds; per fold the training moments (all rows
 * minus the fold), a fit on them, the LM benchmark solved on the training
 * covariance, and the predictions of the fold's rows, accumulated per
 * indicator.  Nothing here allocates after wold__folds_alloc except the
 * fit of each fold.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lapacke.h>

#include "data/data.h"
#include "fit/fit.h"
#include "infer/folds.h"
#include "model/model.h"
#include "moments/moments.h"
#include "util/util.h"

/* Rows per block of the fold moments, as moments.c. */
#define FOLD_BLOCK 1024

/* The sums of one repeat, per indicator. */
enum {
    ACC_SSE, ACC_SAE,       /* PLS residuals: squares and absolute values */
    ACC_LM_SSE, ACC_LM_SAE, /* LM benchmark */
    ACC_MB_SSE, ACC_MB_SAE, /* training-mean benchmark */
    ACC_E_MEAN, ACC_E_M2,   /* Welford: mean and centred squares of the */
    ACC_M_MEAN, ACC_M_M2    /* PLS and mean-benchmark residuals */
};

/* ------------------------------------------------------------------------
 * The random permutation: SplitMix64 (Steele, Lea and Flood 2014), a
 * stream per repeat whose start mixes the seed with the repeat number
 * ------------------------------------------------------------------------ */

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static uint64_t next64(uint64_t *state)
{
    return mix64(*state += 0x9E3779B97F4A7C15u);
}

/* Uniform on 0..bound-1 without bias: draws below 2^64 mod bound are
 * rejected, so the accepted range is a multiple of bound. */
static uint64_t below(uint64_t *state, uint64_t bound)
{
    uint64_t reject = (0 - bound) % bound;
    for (;;) {
        uint64_t x = next64(state);
        if (x >= reject)
            return x % bound;
    }
}

void wold__folds_shuffle(wold__folds *w, size_t r)
{
    uint64_t state = mix64(w->opt->seed ^ mix64((uint64_t)r + 1));
    for (size_t i = 0; i < w->n; i++)
        w->perm[i] = i;
    /* Fisher-Yates, from the last position down. */
    for (size_t i = w->n; i > 1; i--) {
        size_t j = (size_t)below(&state, (uint64_t)i);
        size_t t = w->perm[i - 1];
        w->perm[i - 1] = w->perm[j];
        w->perm[j] = t;
    }
    /* The rows in their new order, so that every later pass of the
     * repeat reads memory in sequence (a fold is a contiguous range). */
    for (size_t t = 0; t < w->n; t++)
        memcpy(w->Xp + t * w->p, w->X + w->perm[t] * w->p,
               w->p * sizeof *w->Xp);
    for (size_t t = 0; w->wt != NULL && t < w->n; t++)
        w->wtp[t] = w->wt[w->perm[t]];
}

void wold__folds_bounds(const wold__folds *w, size_t f, size_t *lo,
                        size_t *hi)
{
    *lo = w->n * f / w->k;
    *hi = w->n * (f + 1) / w->k;
}

/* ------------------------------------------------------------------------
 * The workspace
 * ------------------------------------------------------------------------ */

void wold__folds_free(wold__folds *w)
{
    free(w->X), free(w->Xp), free(w->perm), free(w->wt), free(w->wtp);
    free(w->endo), free(w->exo), free(w->exo_lv);
    wold_moments_free(w->total);
    wold_moments_free(w->fold);
    wold_moments_free(w->train);
    wold_fit_work_free(w->fw);
    free(w->block), free(w->sm2), free(w->smean);
    free(w->sfx_min), free(w->sfx_max), free(w->pre_min), free(w->pre_max);
    free(w->A), free(w->beta), free(w->col), free(w->involved), free(w->sub);
    free(w->w), free(w->lambda), free(w->P), free(w->eta);
    free(w->acc), free(w->sum);
    memset(w, 0, sizeof *w);
}

/* Endogenous and exogenous indicators, and which LVs are exogenous. */
static void classify(wold__folds *w)
{
    const wold_model *md = w->md;
    size_t J = md->n_lv;
    for (size_t j = 0; j < J; j++) {
        w->exo_lv[j] = 1;
        for (size_t k = 0; k < J; k++)
            if (md->adj[j * J + k])
                w->exo_lv[j] = 0;
    }
    w->q = w->qx = 0;
    for (size_t i = 0; i < md->n_mv; i++) {
        if (w->exo_lv[md->mv[i].lv])
            w->exo[w->qx++] = i;
        else
            w->endo[w->q++] = i;
    }
}

/* The column means over the observed cells, summed in the order of
 * moments.c so that the filled cells are the values it used; weighted
 * means over the cells of positive weight for weighted data, as
 * wold_moments_compute_weighted fills them. */
static void fill_values(const wold_data *d, double *fill, double *count)
{
    memset(fill, 0, d->p * sizeof *fill);
    memset(count, 0, d->p * sizeof *count);
    for (size_t r = 0; r < d->n; r++) {
        double wr = d->w != NULL ? d->w[r] : 1.0;
        if (d->w != NULL && !(wr > 0.0))
            continue;
        for (size_t i = 0; i < d->p; i++)
            if (!isnan(d->x[r * d->p + i])) {
                fill[i] += d->w != NULL ? wr * d->x[r * d->p + i]
                                        : d->x[r * d->p + i];
                count[i] += wr;
            }
    }
    for (size_t i = 0; i < d->p; i++)
        fill[i] = count[i] > 0 ? fill[i] / count[i] : NAN;
}

/* Copies the usable rows into X (w->n of them). */
static void usable_rows(wold__folds *w, const wold_data *d, double *fill)
{
    size_t p = d->p, n = 0;
    for (size_t r = 0; r < d->n; r++) {
        const double *src = d->x + r * p;
        double *dst = w->X + n * p;
        int whole = 1;
        for (size_t i = 0; i < p; i++) {
            dst[i] = isnan(src[i]) ? fill[i] : src[i];
            whole &= !isnan(src[i]);
        }
        if (whole || w->opt->missing == WOLD_MISSING_MEAN) {
            if (w->wt != NULL)
                w->wt[n] = d->w[r];
            n++;
        }
    }
    w->n = n;
}

static wold_status alloc_buffers(wold__folds *w, wold_error *err)
{
    size_t p = w->p, J = w->J, k = w->k, n = w->n;
    size_t qx = w->qx ? w->qx : 1, q = w->q;
    w->perm = malloc(n * sizeof *w->perm);
    w->Xp = malloc(n * p * sizeof *w->Xp);
    w->block = malloc(FOLD_BLOCK * p * sizeof *w->block);
    w->sm2 = malloc(p * p * sizeof *w->sm2);
    w->smean = malloc(p * sizeof *w->smean);
    w->sfx_min = malloc(k * p * sizeof *w->sfx_min);
    w->sfx_max = malloc(k * p * sizeof *w->sfx_max);
    w->pre_min = malloc(p * sizeof *w->pre_min);
    w->pre_max = malloc(p * sizeof *w->pre_max);
    w->A = malloc(qx * qx * sizeof *w->A);
    w->beta = malloc(qx * q * sizeof *w->beta);
    w->col = malloc(wold__collinear_work(qx) * sizeof *w->col);
    w->involved = malloc(qx);
    w->sub = malloc(qx * sizeof *w->sub);
    w->w = malloc(p * sizeof *w->w);
    w->lambda = malloc(p * sizeof *w->lambda);
    w->P = malloc(J * J * sizeof *w->P);
    w->eta = malloc(2 * J * sizeof *w->eta);
    w->acc = malloc(q * WOLD__PRED_ACC * sizeof *w->acc);
    w->sum = calloc(q * WOLD__PRED_SUM, sizeof *w->sum);
    if (!w->perm || !w->Xp || !w->block || !w->sm2 || !w->smean ||
        !w->sfx_min || !w->sfx_max || !w->pre_min || !w->pre_max || !w->A ||
        !w->beta || !w->col || !w->involved || !w->sub || !w->w ||
        !w->lambda || !w->P || !w->eta || !w->acc || !w->sum)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the prediction");
    WOLD_TRY(wold__moments_alloc(&w->fold, p, err));
    WOLD_TRY(wold__moments_alloc(&w->train, p, err));
    WOLD_TRY(wold_fit_work_alloc(&w->fw, w->md, &w->opt->fit, err));
    w->train->missing = w->fold->missing = w->total->missing;
    return WOLD_OK;
}

/* The usable rows: n x p doubles, and the fill values under mean
 * replacement. */
static wold_status read_rows(wold__folds *w, const wold_data *data,
                             wold_error *err)
{
    size_t p = data->p;
    double *fill = malloc((p ? p : 1) * sizeof *fill);
    double *count = malloc((p ? p : 1) * sizeof *count);
    w->X = malloc((data->n ? data->n : 1) * p * sizeof *w->X);
    if (data->w != NULL) {
        w->wt = malloc((data->n ? data->n : 1) * sizeof *w->wt);
        w->wtp = malloc((data->n ? data->n : 1) * sizeof *w->wtp);
    }
    if (fill == NULL || count == NULL || w->X == NULL ||
        (data->w != NULL && (w->wt == NULL || w->wtp == NULL))) {
        free(fill), free(count);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the prediction");
    }
    fill_values(data, fill, count);
    usable_rows(w, data, fill);
    free(fill), free(count);
    return WOLD_OK;
}

/*
 * The moments of all usable rows again, in blocks of X in row order on
 * this thread: wold_moments_compute splits large data between threads
 * (one per core), which changes the last bits of the sums with the
 * machine, while a prediction must be the same everywhere.  Its counts of
 * dropped rows and imputed cells stay.
 */
static void total_moments(wold__folds *w)
{
    wold_moments *m = w->total;
    size_t dropped = m->rows_dropped, imputed = m->cells_imputed, p = w->p;
    wold__moments_reset(m);
    for (size_t t = 0; t < w->n; t += FOLD_BLOCK) {
        size_t k = w->n - t < FOLD_BLOCK ? w->n - t : FOLD_BLOCK;
        memcpy(w->block, w->X + t * p, k * p * sizeof *w->block);
        if (w->wt != NULL)
            wold__moments_add_block_weighted(m, w->block, w->wt + t, k,
                                             w->sm2, w->smean);
        else
            wold__moments_add_block(m, w->block, k, w->sm2, w->smean);
    }
    wold__moments_finish(m);
    m->rows_dropped = dropped;
    m->cells_imputed = imputed;
}

wold_status wold__folds_alloc(wold__folds *w, const wold_model *md,
                              const wold_data *data,
                              const wold_predict_options *opt,
                              wold_error *err)
{
    memset(w, 0, sizeof *w);
    w->md = md;
    w->opt = opt;
    w->p = md->n_mv;
    w->J = md->n_lv;
    w->k = opt->folds;
    WOLD_TRY(wold_moments_compute(&w->total, data, opt->missing, err));
    WOLD_TRY(read_rows(w, data, err));
    if (w->k > w->n)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "%zu folds, but the data have only %zu usable rows: "
                         "each fold needs at least one; use at most %zu "
                         "folds", w->k, w->n, w->n);
    w->endo = malloc(w->p * sizeof *w->endo);
    w->exo = malloc(w->p * sizeof *w->exo);
    w->exo_lv = malloc(w->J);
    if (w->endo == NULL || w->exo == NULL || w->exo_lv == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the prediction");
    classify(w);
    WOLD_TRY(alloc_buffers(w, err));
    total_moments(w);
    return WOLD_OK;
}

/* ------------------------------------------------------------------------
 * Training moments: the total minus the fold, with the exact range
 * ------------------------------------------------------------------------ */

/* The range of each fold, then of folds f..k-1 (suffixes), so that the
 * training range of fold f is that of folds before it and after it. */
static void fold_ranges(wold__folds *w)
{
    size_t p = w->p;
    for (size_t f = w->k; f-- > 0;) {
        size_t lo, hi;
        wold__folds_bounds(w, f, &lo, &hi);
        double *mn = w->sfx_min + f * p, *mx = w->sfx_max + f * p;
        for (size_t i = 0; i < p; i++) {
            mn[i] = f + 1 < w->k ? mn[p + i] : NAN;
            mx[i] = f + 1 < w->k ? mx[p + i] : NAN;
        }
        /* Cells are never NaN here (missing ones were filled or their
         * rows dropped); a NaN bound is "none yet". */
        for (size_t t = lo; t < hi; t++)
            for (size_t i = 0; i < p; i++) {
                if (w->wtp != NULL && !(w->wtp[t] > 0.0))
                    break; /* weight 0: not in the range (moments.c) */
                double v = w->Xp[t * p + i];
                if (!(mn[i] <= v))
                    mn[i] = v;
                if (!(mx[i] >= v))
                    mx[i] = v;
            }
    }
    for (size_t i = 0; i < p; i++)
        w->pre_min[i] = w->pre_max[i] = NAN;
}

/* Moments of fold f's rows, in blocks as moments.c takes them. */
static void fold_moments(wold__folds *w, size_t lo, size_t hi)
{
    size_t p = w->p;
    wold__moments_reset(w->fold);
    /* add_block centres its rows in place: it gets a copy. */
    for (size_t t = lo; t < hi; t += FOLD_BLOCK) {
        size_t k = hi - t < FOLD_BLOCK ? hi - t : FOLD_BLOCK;
        memcpy(w->block, w->Xp + t * p, k * p * sizeof *w->block);
        if (w->wtp != NULL)
            wold__moments_add_block_weighted(w->fold, w->block, w->wtp + t,
                                             k, w->sm2, w->smean);
        else
            wold__moments_add_block(w->fold, w->block, k, w->sm2, w->smean);
    }
    wold__moments_finish(w->fold);
}

static void copy_moments(wold_moments *dst, const wold_moments *src)
{
    size_t p = src->p;
    memcpy(dst->mean, src->mean, p * sizeof *dst->mean);
    memcpy(dst->sd, src->sd, p * sizeof *dst->sd);
    memcpy(dst->min, src->min, p * sizeof *dst->min);
    memcpy(dst->max, src->max, p * sizeof *dst->max);
    memcpy(dst->m2, src->m2, p * p * sizeof *dst->m2);
    memcpy(dst->cov, src->cov, p * p * sizeof *dst->cov);
    dst->n = src->n;
    dst->weighted = src->weighted;
    dst->wsum = src->wsum;
    dst->missing = src->missing;
    dst->rows_dropped = src->rows_dropped;
    dst->cells_imputed = src->cells_imputed;
}

/* Training moments of fold f; the fold's range then joins the prefix.
 * The fold is a part of the total, so the subtraction cannot fail. */
static void train_moments(wold__folds *w, size_t f)
{
    size_t p = w->p;
    copy_moments(w->train, w->total);
    wold_moments_subtract(w->train, w->fold, NULL);
    /* The training range, built in the fold's min and max (no longer
     * needed): folds before f and after it. */
    double *mn = w->fold->min, *mx = w->fold->max;
    for (size_t i = 0; i < p; i++) {
        double smn = f + 1 < w->k ? w->sfx_min[(f + 1) * p + i] : NAN;
        double smx = f + 1 < w->k ? w->sfx_max[(f + 1) * p + i] : NAN;
        double fmn = mn[i], fmx = mx[i];
        mn[i] = fmin(w->pre_min[i], smn);
        mx[i] = fmax(w->pre_max[i], smx);
        w->pre_min[i] = fmin(w->pre_min[i], fmn);
        w->pre_max[i] = fmax(w->pre_max[i], fmx);
    }
    wold__moments_set_range(w->train, mn, mx);
}

/* ------------------------------------------------------------------------
 * One fold: fit, coefficients, LM benchmark, predictions
 * ------------------------------------------------------------------------ */

/* Prefixes err's message with the fold it happened in. */
static wold_status in_fold(wold_error *err, wold_status st, size_t r,
                           size_t f, size_t n_train)
{
    if (err == NULL)
        return st;
    char msg[sizeof err->message];
    wold__format_text(msg, sizeof msg,
                      "repeat %zu, fold %zu (%zu training rows): %s", r + 1,
                      f + 1, n_train, err->message);
    memcpy(err->message, msg, sizeof msg);
    return st;
}

/* The sign-corrected weights over the training s.d. (so that a centred
 * cell times w gives its share of the LV score), the own loadings times
 * the s.d. (so that an LV prediction times lambda is the centred
 * indicator's), and the structural prediction matrix: total effects
 * (earliest antecedents: the exogenous LVs' effects through every chain
 * of paths) or paths (direct antecedents). */
static void take_coefficients(wold__folds *w, const wold_fit *fit)
{
    size_t J = w->J;
    const double *sd = w->train->sd;
    int scaled = w->opt->fit.scaled;
    for (size_t i = 0; i < w->p; i++) {
        size_t j = w->md->mv[i].lv;
        w->w[i] = fit->w[i] * fit->sign[j] / (scaled ? sd[i] : 1.0);
        w->lambda[i] = fit->cross[i * J + j] * sd[i];
    }
    const double *P = w->opt->approach == WOLD_PREDICT_EARLIEST ? fit->total
                                                                : fit->paths;
    memcpy(w->P, P, J * J * sizeof *w->P);
}

static wold_status fit_fold(wold__folds *w, size_t r, size_t f,
                            wold_error *err)
{
    /* The driver of wold_fit_estimate, on the workspace: the same
     * numbers, no allocation. */
    wold_status st = wold_fit_work_set(w->fw, w->train, NULL, err);
    int t = 0;
    while (st == WOLD_OK && (t = wold_fit_work_test(w->fw)) == 0)
        st = wold_fit_work_iterate(w->fw, err);
    if (st == WOLD_OK)
        st = wold_fit_work_finish(w->fw, err);
    if (st == WOLD_OK)
        take_coefficients(w, wold_fit_work_fit(w->fw));
    return st == WOLD_OK ? st : in_fold(err, st, r, f, w->train->n);
}

/*
 * The LM benchmark: each endogenous indicator regressed (with an
 * intercept) on every indicator of the exogenous blocks, solved on the
 * training covariance: beta = S_xx^-1 S_xy, column-major qx x q.
 */
static wold_status solve_lm(wold__folds *w, size_t r, size_t f,
                            wold_error *err)
{
    size_t p = w->p, qx = w->qx, q = w->q;
    const double *S = w->train->cov;
    for (size_t a = 0; a < qx; a++) {
        for (size_t b = 0; b < qx; b++)
            w->A[a * qx + b] = S[w->exo[a] * p + w->exo[b]];
        for (size_t c = 0; c < q; c++)
            w->beta[a + c * qx] = S[w->exo[a] * p + w->endo[c]];
    }
    int singular = 0;
    wold__collinear(w->A, qx, qx, w->col, w->involved, &singular);
    lapack_int n = (lapack_int)qx;
    if (!singular && LAPACKE_dposv_work(LAPACK_COL_MAJOR, 'L', n,
                                        (lapack_int)q, w->A, n, w->beta,
                                        n) == 0)
        return WOLD_OK;
    /* Name the indicators of the collinear combination (all of them
     * when only the solve saw it). */
    char names[512];
    size_t c = 0;
    for (size_t a = 0; a < qx; a++)
        if (w->involved[a] || !singular)
            w->sub[c++] = w->exo[a];
    wold__name_list(names, sizeof names, w->md, 0, w->sub, c);
    WOLD_FAIL(err, WOLD_ENUMERIC,
              "the LM benchmark cannot be solved: the indicators %s of the "
              "exogenous blocks are collinear in the training rows", names);
    return in_fold(err, WOLD_ENUMERIC, r, f, w->train->n);
}

/* Adds one residual of weight wr to a Welford mean and sum of centred
 * squares (inv: wr / the weight so far; West 1979 for weights). */
static void welford(double *mean, double *m2, double e, double wr,
                    double inv)
{
    double d = e - *mean;
    *mean += d * inv;
    *m2 += wr * d * (e - *mean);
}

/* The structural prediction of one row x: LV scores from the training
 * standardisation and weights, then each endogenous LV from the
 * exogenous scores (earliest) or its predecessors' scores (direct). */
static void lv_prediction(wold__folds *w, const double *x, double *pred)
{
    size_t J = w->J;
    const double *mean = w->train->mean;
    memset(w->eta, 0, J * sizeof *w->eta);
    for (size_t i = 0; i < w->p; i++)
        w->eta[w->md->mv[i].lv] += w->w[i] * (x[i] - mean[i]);
    int earliest = w->opt->approach == WOLD_PREDICT_EARLIEST;
    for (size_t k = 0; k < J; k++) {
        pred[k] = 0.0;
        for (size_t j = 0; j < J; j++)
            if (!earliest || w->exo_lv[j])
                pred[k] += w->P[k * J + j] * w->eta[j];
    }
}

/* Predicts row x (PLS, LM, training mean) and adds its residuals with
 * the row's weight wr (1 for data without weights: the same sums). */
static void predict_row(wold__folds *w, const double *x, double wr,
                        double *pred)
{
    size_t qx = w->qx;
    const double *mean = w->train->mean;
    if (!(wr > 0.0))
        return; /* a row of weight 0 is not part of the sample */
    lv_prediction(w, x, pred);
    w->seen++;
    w->seen_w += wr;
    double inv = wr / w->seen_w;
    for (size_t c = 0; c < w->q; c++) {
        size_t i = w->endo[c];
        double *acc = w->acc + c * WOLD__PRED_ACC;
        double pls = mean[i] + w->lambda[i] * pred[w->md->mv[i].lv];
        double lm = mean[i];
        for (size_t a = 0; a < qx; a++)
            lm += w->beta[a + c * qx] * (x[w->exo[a]] - mean[w->exo[a]]);
        double e = x[i] - pls, e_lm = x[i] - lm, e_mb = x[i] - mean[i];
        acc[ACC_SSE] += wr * e * e;
        acc[ACC_SAE] += wr * fabs(e);
        acc[ACC_LM_SSE] += wr * e_lm * e_lm;
        acc[ACC_LM_SAE] += wr * fabs(e_lm);
        acc[ACC_MB_SSE] += wr * e_mb * e_mb;
        acc[ACC_MB_SAE] += wr * fabs(e_mb);
        welford(&acc[ACC_E_MEAN], &acc[ACC_E_M2], e, wr, inv);
        welford(&acc[ACC_M_MEAN], &acc[ACC_M_M2], e_mb, wr, inv);
    }
}

static wold_status run_fold(wold__folds *w, size_t r, size_t f,
                            wold_error *err)
{
    size_t lo, hi;
    wold__folds_bounds(w, f, &lo, &hi);
    fold_moments(w, lo, hi);
    train_moments(w, f);
    WOLD_TRY(fit_fold(w, r, f, err));
    WOLD_TRY(solve_lm(w, r, f, err));
    for (size_t t = lo; t < hi; t++)
        predict_row(w, w->Xp + t * w->p, w->wtp != NULL ? w->wtp[t] : 1.0,
                    w->eta + w->J);
    return WOLD_OK;
}

/* One repeat's metrics over all n rows (their weight total for weighted
 * data), added to the sums. */
static void add_metrics(wold__folds *w)
{
    double n = w->seen_w;
    for (size_t c = 0; c < w->q; c++) {
        const double *acc = w->acc + c * WOLD__PRED_ACC;
        double *s = w->sum + c * WOLD__PRED_SUM;
        s[0] += acc[ACC_MB_SSE] > 0 ? 1.0 - acc[ACC_SSE] / acc[ACC_MB_SSE]
                                    : NAN;
        s[1] += acc[ACC_M_M2] > 0 ? 1.0 - acc[ACC_E_M2] / acc[ACC_M_M2] : NAN;
        s[2] += sqrt(acc[ACC_SSE] / n);
        s[3] += acc[ACC_SAE] / n;
        s[4] += sqrt(acc[ACC_LM_SSE] / n);
        s[5] += acc[ACC_LM_SAE] / n;
        s[6] += sqrt(acc[ACC_MB_SSE] / n);
        s[7] += acc[ACC_MB_SAE] / n;
    }
}

wold_status wold__folds_repeat(wold__folds *w, size_t r, wold_error *err)
{
    wold__folds_shuffle(w, r);
    fold_ranges(w);
    memset(w->acc, 0, w->q * WOLD__PRED_ACC * sizeof *w->acc);
    w->seen = 0;
    w->seen_w = 0.0;
    for (size_t f = 0; f < w->k; f++)
        WOLD_TRY(run_fold(w, r, f, err));
    add_metrics(w);
    return WOLD_OK;
}

void wold__folds_average(const wold__folds *w, wold_predict_stats *stats)
{
    double R = (double)w->opt->repeats;
    for (size_t c = 0; c < w->q; c++) {
        const double *s = w->sum + c * WOLD__PRED_SUM;
        stats[c] = (wold_predict_stats){w->endo[c], s[0] / R, s[1] / R,
                                        s[2] / R, s[3] / R, s[4] / R,
                                        s[5] / R, s[6] / R, s[7] / R};
    }
}
