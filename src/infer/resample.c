/*
 * resample.c - the moments of a bootstrap resample, from its counts.
 *
 * wold_moments_reweight serves any weights on any data; a bootstrap has
 * integer counts on the same complete rows a thousand times over, and at
 * n = 10^5 its per-cell checks (missing, minimum, maximum) cost twice the
 * cross-product itself.  So the rows the fit used are copied once,
 * missing cells filled and centred on the full-sample means (x0), and a
 * replicate only gathers its drawn rows scaled by sqrt(count) into a
 * block and hands the block to cblas_dsyrk:
 *
 *     G = sum c_i x0_i x0_i',  s = sum c_i x0_i,
 *     mean = mean_full + s / n,  M2 = G - s s' / n
 *
 * (the moments of the data with row i repeated c_i times, as
 * docs/methods.md 9.1 says).  A column that the resample leaves constant
 * gets exactly zero variance: M2_jj is rounding noise then, so a column
 * whose M2_jj is tiny next to G_jj is checked row by row, and zeroed when
 * its drawn values are all equal.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "data/data.h"
#include "infer/infer.h"
#include "moments/moments.h"
#include "util/util.h"

/* Rows per dsyrk call: enough for OpenBLAS to run near its speed at
 * p = 20..30, small enough (400 kB at p = 24) to stay in cache. */
#define BLOCK 2048

wold_status wold__resample_alloc(wold__resample *rs, const wold_moments *full,
                                 const wold_data *data, wold_error *err)
{
    size_t p = data->p, n = 0;
    memset(rs, 0, sizeof *rs);
    rs->full = full;
    rs->p = p;
    for (size_t r = 0; r < data->n; r++) {
        int complete = 1;
        for (size_t j = 0; j < p && complete; j++)
            complete = !isnan(data->x[r * p + j]);
        n += complete || full->missing == WOLD_MISSING_MEAN;
    }
    rs->n = n;
    rs->x0 = malloc((n * p > 0 ? n * p : 1) * sizeof *rs->x0);
    if (data->w != NULL)
        rs->w = malloc((n ? n : 1) * sizeof *rs->w);
    if (rs->x0 == NULL || (data->w != NULL && rs->w == NULL))
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the bootstrap");
    size_t i = 0;
    for (size_t r = 0; r < data->n; r++) {
        const double *x = data->x + r * p;
        int complete = 1;
        for (size_t j = 0; j < p && complete; j++)
            complete = !isnan(x[j]);
        if (!complete && full->missing != WOLD_MISSING_MEAN)
            continue;
        for (size_t j = 0; j < p; j++)
            rs->x0[i * p + j] = isnan(x[j]) ? 0.0 : x[j] - full->mean[j];
        if (data->w != NULL)
            rs->w[i] = data->w[r];
        i++;
    }
    return WOLD_OK;
}

void wold__resample_free(wold__resample *rs)
{
    free(rs->x0);
    free(rs->w);
    memset(rs, 0, sizeof *rs);
}

size_t wold__resample_scratch(const wold__resample *rs)
{
    size_t p = rs->p;
    return BLOCK * p + p * p + p;
}

/* 1 when column j takes one value over the drawn rows. */
static int constant_column(const wold__resample *rs, const uint32_t *counts,
                           size_t j)
{
    size_t p = rs->p;
    double first = 0.0;
    int seen = 0;
    for (size_t i = 0; i < rs->n; i++) {
        if (counts[i] == 0 || (rs->w != NULL && rs->w[i] == 0.0))
            continue;
        double v = rs->x0[i * p + j];
        if (!seen)
            first = v, seen = 1;
        else if (v != first)
            return 0;
    }
    return 1;
}

/* Writes mean, m2, cov, sd and n of the resample into mo. */
static void commit(const wold__resample *rs, const uint32_t *counts,
                   const double *G, const double *s, double W,
                   wold_moments *mo)
{
    const wold_moments *f = rs->full;
    size_t p = rs->p;
    for (size_t a = 0; a < p; a++) {
        mo->mean[a] = f->mean[a] + s[a] / W;
        for (size_t b = a; b < p; b++)
            mo->m2[a * p + b] = G[a * p + b] - s[a] * s[b] / W;
    }
    for (size_t a = 0; a < p; a++) {
        double d = mo->m2[a * p + a];
        if (!(d > 1e-9 * G[a * p + a]) && constant_column(rs, counts, a)) {
            for (size_t b = 0; b < p; b++)
                mo->m2[(a < b ? a : b) * p + (a < b ? b : a)] = 0.0;
        } else if (d < 0.0) {
            mo->m2[a * p + a] = 0.0;
        }
        /* The zero-variance rule needs the magnitude of the values: the
         * full range bounds the resample's. */
        mo->min[a] = f->min[a];
        mo->max[a] = f->max[a];
    }
    mo->n = rs->w != NULL ? (size_t)floor(W + 0.5) : rs->n;
    mo->weighted = 1;
    mo->wsum = W;
    mo->missing = f->missing;
    mo->rows_dropped = f->rows_dropped;
    mo->cells_imputed = f->cells_imputed;
    wold__moments_finish(mo);
}

void wold__resample_moments(const wold__resample *rs, const uint32_t *counts,
                            double *scratch, wold_moments *mo)
{
    size_t p = rs->p, k = 0;
    double *block = scratch, *G = block + BLOCK * p, *s = G + p * p;
    memset(G, 0, p * p * sizeof *G);
    memset(s, 0, p * sizeof *s);
    double W = 0.0;
    for (size_t i = 0; i < rs->n; i++) {
        uint32_t c = counts[i];
        double w = rs->w != NULL ? (double)c * rs->w[i] : (double)c;
        if (w == 0.0)
            continue;
        W += w;
        const double *x = rs->x0 + i * p;
        double sw = w == 1.0 ? 1.0 : sqrt(w);
        double *b = block + k * p;
        for (size_t j = 0; j < p; j++) {
            s[j] += w * x[j];
            b[j] = sw * x[j];
        }
        if (++k == BLOCK) {
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)p, (int)k,
                        1.0, block, (int)p, 1.0, G, (int)p);
            k = 0;
        }
    }
    if (k > 0)
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)p, (int)k,
                    1.0, block, (int)p, 1.0, G, (int)p);
    /* Only rows of weight 0 drawn: a resample without data, which the
     * fit rejects (zero variance) and the rule redraws. */
    commit(rs, counts, G, s, W > 0.0 ? W : 1.0, mo);
}
