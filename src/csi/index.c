/*
 * index.c - the 0-100 index of each latent variable (Fornell et al. 1996;
 * docs/methods.md, section 11): the mean of the LV's unstandardised score
 * sum w~_i x_i, with w~ the outer weights on the indicators' own units
 * normalised to sum 1, placed on 0-100 by the score's own range
 * [sum w~_i lo_i, sum w~_i hi_i].
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csi/csi.h"
#include "data/data.h"
#include "fit/fit.h"
#include "model/model.h"
#include "moments/moments.h"
#include "util/util.h"

/* Indicator i's weight on its own units: the iteration's weight applies
 * to the standardised indicator when the fit is scaled (so divide by the
 * s.d.), to the centred one otherwise. */
double wold__raw_weight(const wold_fit *fit, const wold_moments *mo,
                        size_t i)
{
    return fit->opt.scaled ? fit->w[i] / mo->sd[i] : fit->w[i];
}

static void no_index(const wold__lv *b, double *w, wold__index_lv *out,
                     wold__index_why why, size_t mv)
{
    out->value = out->mean = out->lo = out->hi = NAN;
    out->why = why;
    out->mv = mv;
    for (size_t i = b->first; w != NULL && i < b->first + b->count; i++)
        w[i] = NAN;
}

void wold__index_block(const wold_fit *fit, const wold_moments *mo,
                       const double *lo, const double *hi, size_t j,
                       double *w, wold__index_lv *out)
{
    const wold__lv *b = &fit->model->lv[j];
    size_t end = b->first + b->count;
    out->bad_weight = NAN;
    for (size_t i = b->first; i < end; i++)
        if (!(isfinite(lo[i]) && isfinite(hi[i]))) {
            no_index(b, w, out, WOLD__INDEX_NO_SCALE, i);
            return;
        }
    /* The sum carries the block's sign, so the normalised weights do not
     * depend on the reflection of the LV. */
    double sum = 0.0;
    for (size_t i = b->first; i < end; i++)
        sum += wold__raw_weight(fit, mo, i);
    if (!(isfinite(sum) && sum != 0.0)) {
        no_index(b, w, out, WOLD__INDEX_ZERO_SUM, b->first);
        return;
    }
    double m = 0.0, l = 0.0, h = 0.0;
    for (size_t i = b->first; i < end; i++) {
        double wi = wold__raw_weight(fit, mo, i) / sum;
        if (wi < 0.0) {
            no_index(b, w, out, WOLD__INDEX_NEGATIVE, i);
            out->bad_weight = wi;
            return;
        }
        if (w != NULL)
            w[i] = wi;
        m += wi * mo->mean[i];
        l += wi * lo[i];
        h += wi * hi[i];
    }
    /* Indicators on one scale: the score's range is that scale, exactly
     * (the sum of the weights is 1 only up to rounding). */
    int same = 1;
    for (size_t i = b->first + 1; i < end; i++)
        same &= lo[i] == lo[b->first] && hi[i] == hi[b->first];
    if (same) {
        l = lo[b->first];
        h = hi[b->first];
    }
    out->mean = m;
    out->lo = l;
    out->hi = h;
    out->value = 100.0 * (m - l) / (h - l);
    out->why = WOLD__INDEX_OK;
    out->mv = WOLD_NONE;
}

/* ---- the object ------------------------------------------------------- */

void wold_index_free(wold_index *ix)
{
    if (ix == NULL)
        return;
    for (size_t j = 0; ix->note != NULL && j < ix->J; j++)
        free(ix->note[j]);
    free(ix->note);
    free(ix->mv_lo);
    free(ix->mv_hi);
    free(ix->w);
    free(ix->mean);
    free(ix->lv);
    free(ix);
}

static wold_status check_moments(const wold_fit *fit, const wold_moments *mo,
                                 wold_error *err)
{
    size_t p = fit->p;
    if (mo->p != p || mo->n != fit->n || mo->missing != fit->missing ||
        memcmp(mo->mean, fit->mean, p * sizeof *mo->mean) != 0 ||
        memcmp(mo->sd, fit->sd, p * sizeof *mo->sd) != 0)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the index needs the moments the "
                         "fit was estimated on (%zu indicators, %zu rows)",
                         p, fit->n);
    return WOLD_OK;
}

static wold_status index_alloc(wold_index **out, const wold_fit *fit,
                               wold_error *err)
{
    size_t p = fit->p, J = fit->J;
    wold_index *ix = calloc(1, sizeof *ix);
    if (ix == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the index");
    *out = ix;
    ix->fit = fit;
    ix->J = J;
    ix->p = p;
    ix->mv_lo = malloc(p * sizeof *ix->mv_lo);
    ix->mv_hi = malloc(p * sizeof *ix->mv_hi);
    ix->w = malloc(p * sizeof *ix->w);
    ix->mean = malloc(p * sizeof *ix->mean);
    ix->lv = calloc(J, sizeof *ix->lv);
    ix->note = calloc(J, sizeof *ix->note);
    if (!ix->mv_lo || !ix->mv_hi || !ix->w || !ix->mean || !ix->lv ||
        !ix->note)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the index");
    return WOLD_OK;
}

/* The note of an LV without an index: what is wrong and what to do. */
static int make_note(wold_index *ix, size_t j)
{
    const wold_model *md = ix->fit->model;
    const wold__index_lv *r = &ix->lv[j];
    const char *mv = r->mv != WOLD_NONE ? md->mv[r->mv].name : "";
    char buf[1024], num[32];
    switch (r->why) {
    case WOLD__INDEX_NO_SCALE:
        wold__format_text(buf, sizeof buf, "no scale for %s: give it in the "
                          "model file (a scale statement, "
                          "docs/model-syntax.md) or with --scale MIN:MAX", mv);
        break;
    case WOLD__INDEX_NEGATIVE:
        wold__format_c(num, sizeof num, 4, r->bad_weight);
        wold__format_text(buf, sizeof buf, "negative weight of %s (%s): an "
                          "index needs every normalised weight of the block "
                          ">= 0", mv, num);
        break;
    default:
        wold__format_text(buf, sizeof buf, "the unstandardised weights of %s "
                          "sum to zero: they cannot be normalised",
                          md->lv[j].name);
        break;
    }
    ix->note[j] = wold__strdup(buf);
    return ix->note[j] != NULL ? 0 : -1;
}

wold_status wold_index_compute(wold_index **out, const wold_fit *fit,
                               const wold_moments *moments, wold_error *err)
{
    *out = NULL;
    WOLD_TRY(check_moments(fit, moments, err));
    wold_index *ix = NULL;
    wold_status st = index_alloc(&ix, fit, err);
    for (size_t i = 0; st == WOLD_OK && i < fit->p; i++) {
        double lo = NAN, hi = NAN;
        if (!wold_model_mv_scale(fit->model, i, &lo, &hi))
            lo = hi = NAN;
        ix->mv_lo[i] = lo;
        ix->mv_hi[i] = hi;
        ix->mean[i] = moments->mean[i];
    }
    for (size_t j = 0; st == WOLD_OK && j < fit->J; j++) {
        wold__index_block(fit, moments, ix->mv_lo, ix->mv_hi, j, ix->w,
                          &ix->lv[j]);
        if (ix->lv[j].why == WOLD__INDEX_OK)
            ix->n_index++;
        else if (make_note(ix, j) != 0)
            st = WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the index");
    }
    if (st != WOLD_OK) {
        wold_index_free(ix);
        return st;
    }
    *out = ix;
    return WOLD_OK;
}

/* ---- accessors -------------------------------------------------------- */

const wold_fit *wold_index_fit(const wold_index *ix) { return ix->fit; }

double wold_index_value(const wold_index *ix, size_t lv)
{
    return lv < ix->J ? ix->lv[lv].value : NAN;
}

const char *wold_index_note(const wold_index *ix, size_t lv)
{
    return lv < ix->J ? ix->note[lv] : NULL;
}

const double *wold_index_weights(const wold_index *ix) { return ix->w; }

double wold_index_mean_score(const wold_index *ix, size_t lv)
{
    return lv < ix->J ? ix->lv[lv].mean : NAN;
}

int wold_index_scale(const wold_index *ix, size_t lv, double *lo, double *hi)
{
    if (lv >= ix->J || ix->lv[lv].why != WOLD__INDEX_OK)
        return 0;
    *lo = ix->lv[lv].lo;
    *hi = ix->lv[lv].hi;
    return 1;
}

size_t wold_index_n_defined(const wold_index *ix) { return ix->n_index; }

/* ---- scores on the 0-100 metric --------------------------------------- */

/* Row x's index-metric scores into y (J); NaN for LVs without an index
 * and, under listwise deletion, for a row with a missing cell. */
static void score_row(const wold_index *ix, const double *x, double *y)
{
    const wold_model *md = ix->fit->model;
    int listwise = ix->fit->missing != WOLD_MISSING_MEAN;
    for (size_t j = 0; j < ix->J; j++)
        y[j] = ix->lv[j].why == WOLD__INDEX_OK ? 0.0 : NAN;
    for (size_t i = 0; i < ix->p; i++) {
        double v = x[i];
        if (isnan(v)) {
            if (listwise) {
                for (size_t j = 0; j < ix->J; j++)
                    y[j] = NAN;
                return;
            }
            v = ix->mean[i];
        }
        y[md->mv[i].lv] += ix->w[i] * v;
    }
    for (size_t j = 0; j < ix->J; j++) {
        const wold__index_lv *r = &ix->lv[j];
        y[j] = 100.0 * (y[j] - r->lo) / (r->hi - r->lo);
    }
}

void wold__index_score_map(const wold_index *ix, double *A, double *c)
{
    const wold_model *md = ix->fit->model;
    size_t p = ix->p;
    memset(A, 0, ix->J * p * sizeof *A);
    for (size_t j = 0; j < ix->J; j++) {
        const wold__index_lv *r = &ix->lv[j];
        c[j] = r->why == WOLD__INDEX_OK ? -100.0 * r->lo / (r->hi - r->lo)
                                        : NAN;
    }
    /* score_row's 100 (sum w~ x - lo) / (hi - lo), term by term. */
    for (size_t i = 0; i < p; i++) {
        const wold__index_lv *r = &ix->lv[md->mv[i].lv];
        A[md->mv[i].lv * p + i] =
            r->why == WOLD__INDEX_OK ? 100.0 * ix->w[i] / (r->hi - r->lo)
                                     : NAN;
    }
}

wold_status wold_index_scores(const wold_index *ix, const wold_data *data,
                              double *out, wold_error *err)
{
    const wold_model *md = ix->fit->model;
    if (data->p != ix->p)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "index scores: the data have %zu columns, the model "
                         "%zu indicators", data->p, ix->p);
    for (size_t i = 0; i < ix->p; i++)
        if (strcmp(data->names[i], md->mv[i].name) != 0)
            return WOLD_FAIL(err, WOLD_EUSAGE,
                             "index scores: data column %zu is '%s', the "
                             "model's indicator is '%s'", i + 1,
                             data->names[i], md->mv[i].name);
    for (size_t r = 0; r < data->n; r++)
        score_row(ix, data->x + r * ix->p, out + r * ix->J);
    return WOLD_OK;
}
