/*
 * weighted.c - moments of weighted rows: survey weights, and the
 * frequency counts of a bootstrap resample.
 *
 * With row weights w_r and centre c (the weighted mean, or for a
 * resample the full-sample mean), one pass gathers the rows of positive
 * weight as sqrt(w_r) (x_r - c) into a block and adds the block's
 * cblas_dsyrk to M = sum w_r (x_r - c)(x_r - c)'; the same pass sums
 * s = sum w_r (x_r - c) and W = sum w_r.  Then
 *     mean = c + s / W,   m2 = M - s s' / W,   cov = m2 / W.
 * The shift s / W is small when c is close to the mean (a resample's
 * mean is within a few standard errors of the full sample's), so the
 * correction loses nothing to cancellation.  A column that is constant
 * over the rows of positive weight gets exactly zero variance, so the
 * fit's zero-variance test sees a resample's constant column as such.
 * The block and the sums live in a wold_moments_work, so a replicate
 * allocates nothing, and the blocks are always cut at the same rows, so
 * the result depends only on the data and the weights.  The full-sample
 * weighted moments (wold_moments_compute_weighted) come from the sums
 * (sums.c, rules.c), like the unweighted ones.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "data/data.h"
#include "moments/moments.h"
#include "util/util.h"

/* Rows per dsyrk: enough for the kernel to run at speed at p ~ 25, and
 * a block (48 KiB at p = 24) that stays in L2 between gather and product. */
#define WOLD__WEIGHTED_BLOCK 256
/* Rows per GEMM of a batch of resamples (batch.c's design, below). */
#define WOLD__BATCH_ROWS 512
/* A batch column whose s.d. is at most this times the column's magnitude
 * gets its exact range over the resample, to tell a constant column. */
#define WOLD__NEAR_ZERO_SD 1e-6

struct wold_moments_work {
    size_t p, n_data;   /* columns; rows of the data it was made for */
    size_t n_rows;      /* rows the full-sample moments used */
    size_t *rows;       /* n_rows: their indices, ascending */
    double *centre;     /* p: the full-sample means (centre and fill) */
    double *block;      /* WOLD__WEIGHTED_BLOCK x p */
    double *M, *s;      /* p x p (upper) and p: the pass's sums */
    double *min, *max;  /* p: over the rows of positive weight */
    double W;           /* weight total */
    size_t positive;    /* rows of positive weight */
    size_t q;           /* p(p+1)/2 + p + 1: the columns of Z */
    double *Z;          /* WOLD__BATCH_ROWS x q: a chunk's products */
    double *C;          /* WOLD__BATCH_ROWS x WOLD_MOMENTS_BATCH: weights */
    double *G;          /* q x WOLD_MOMENTS_BATCH: Z'C summed over chunks */
    double *full_min, *full_max; /* p: the full sample's range */
    wold_missing missing;
    size_t rows_dropped, cells_imputed;
};

void wold_moments_work_free(wold_moments_work *ws)
{
    if (ws == NULL)
        return;
    free(ws->rows), free(ws->centre), free(ws->block), free(ws->M);
    free(ws->s), free(ws->min), free(ws->max);
    free(ws->Z), free(ws->C), free(ws->G), free(ws->full_min);
    free(ws->full_max);
    free(ws);
}

/* A workspace of p columns with room for n row indices. */
static wold_moments_work *work_new(size_t p, size_t n)
{
    wold_moments_work *ws = calloc(1, sizeof *ws);
    if (ws == NULL)
        return NULL;
    size_t q = p ? p : 1;
    ws->p = p;
    ws->rows = malloc((n ? n : 1) * sizeof *ws->rows);
    ws->centre = malloc(q * sizeof *ws->centre);
    ws->block = malloc(WOLD__WEIGHTED_BLOCK * q * sizeof *ws->block);
    ws->M = malloc(q * q * sizeof *ws->M);
    ws->s = malloc(q * sizeof *ws->s);
    ws->min = malloc(q * sizeof *ws->min);
    ws->max = malloc(q * sizeof *ws->max);
    ws->full_min = malloc(q * sizeof *ws->full_min);
    ws->full_max = malloc(q * sizeof *ws->full_max);
    if (!ws->rows || !ws->centre || !ws->block || !ws->M || !ws->s ||
        !ws->min || !ws->max || !ws->full_min || !ws->full_max) {
        wold_moments_work_free(ws);
        return NULL;
    }
    return ws;
}

static int complete_row(const wold_data *d, size_t r)
{
    for (size_t i = 0; i < d->p; i++)
        if (isnan(d->x[r * d->p + i]))
            return 0;
    return 1;
}

/* The rows a rule uses: the complete ones (listwise), or all (mean). */
static void used_rows(wold_moments_work *ws, const wold_data *d,
                      wold_missing missing)
{
    size_t k = 0;
    for (size_t r = 0; r < d->n; r++)
        if (missing == WOLD_MISSING_MEAN || d->n_incomplete_rows == 0 ||
            complete_row(d, r))
            ws->rows[k++] = r;
    ws->n_rows = k;
    ws->n_data = d->n;
    ws->missing = missing;
}

static wold_status bad_weight(size_t r, double w, wold_error *err)
{
    return WOLD_FAIL(err, WOLD_EUSAGE,
                     "the weight of row %zu is %g; weights must be finite "
                     "numbers >= 0", r + 1, w);
}

/* Adds the block's k rows to M. */
static void flush(wold_moments_work *ws, size_t k)
{
    if (k == 0)
        return;
    int p = (int)ws->p;
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, p, (int)k, 1.0,
                ws->block, p, 1.0, ws->M, p);
}

/* Gathers row x (weight w > 0) into the block at b, centred on c (a
 * missing cell takes the centre: mean replacement), and updates the sums
 * s and the range [lo, hi].  restrict: no two arrays overlap, so the loop
 * vectorises. */
static void gather(size_t p, const double *restrict x,
                   const double *restrict c, double w, double *restrict s,
                   double *restrict lo, double *restrict hi,
                   double *restrict b)
{
    double sw = sqrt(w);
    for (size_t i = 0; i < p; i++) {
        double v = x[i] == x[i] ? x[i] : c[i]; /* NaN != NaN */
        lo[i] = v < lo[i] ? v : lo[i];
        hi[i] = v > hi[i] ? v : hi[i];
        double d = v - c[i];
        s[i] += w * d;
        b[i] = sw * d;
    }
}

/* The pass over ws's rows with weights (NULL: all 1) into ws's sums.
 * Errors: a weight that is negative, NaN or infinite. */
static wold_status pass(wold_moments_work *ws, const wold_data *d,
                        const double *weights, wold_error *err)
{
    size_t p = ws->p, k = 0;
    memset(ws->M, 0, p * p * sizeof *ws->M);
    memset(ws->s, 0, p * sizeof *ws->s);
    for (size_t i = 0; i < p; i++) {
        ws->min[i] = INFINITY;
        ws->max[i] = -INFINITY;
    }
    ws->W = 0.0;
    ws->positive = 0;
    for (size_t j = 0; j < ws->n_rows; j++) {
        size_t r = ws->rows[j];
        double w = weights != NULL ? weights[r] : 1.0;
        if (!(w >= 0.0) || isinf(w))
            return bad_weight(r, w, err);
        if (w == 0.0)
            continue;
        ws->W += w;
        ws->positive++;
        gather(p, d->x + r * p, ws->centre, w, ws->s, ws->min, ws->max,
               ws->block + k * p);
        if (++k == WOLD__WEIGHTED_BLOCK) {
            flush(ws, k);
            k = 0;
        }
    }
    flush(ws, k);
    return WOLD_OK;
}

/* Writes the pass's result into m (p columns): mean, m2, range, n. */
static void commit(const wold_moments_work *ws, wold_moments *m)
{
    size_t p = ws->p;
    double W = ws->W;
    for (size_t i = 0; i < p; i++) {
        m->mean[i] = ws->centre[i] + ws->s[i] / W;
        m->min[i] = ws->min[i];
        m->max[i] = ws->max[i];
        for (size_t j = i; j < p; j++)
            m->m2[i * p + j] = ws->M[i * p + j] - ws->s[i] * ws->s[j] / W;
    }
    for (size_t i = 0; i < p; i++) {
        /* Rounding must not make a variance negative, nor a constant
         * column's variance positive. */
        if (m->m2[i * p + i] < 0.0)
            m->m2[i * p + i] = 0.0;
        if (ws->min[i] != ws->max[i])
            continue;
        m->mean[i] = ws->min[i];
        for (size_t j = 0; j < p; j++)
            m->m2[(i < j ? i : j) * p + (i < j ? j : i)] = 0.0;
    }
    m->weighted = 1;
    m->wsum = W;
    m->n = wold__weight_count(W);
    m->missing = ws->missing;
    m->rows_dropped = ws->rows_dropped;
    m->cells_imputed = ws->cells_imputed;
    wold__moments_finish(m);
}

wold_status wold_moments_work_alloc(wold_moments_work **out,
                                    const wold_moments *full,
                                    const wold_data *data, wold_error *err)
{
    *out = NULL;
    if (full->p != data->p)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "the moments have %zu columns but the data have %zu",
                         full->p, data->p);
    if (full->missing == WOLD_MISSING_PAIRWISE)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "moments from pairwise deletion are not reweighted "
                         "(each covariance has its own rows): resample "
                         "under listwise deletion or mean replacement");
    wold_moments_work *ws = work_new(data->p, data->n);
    if (ws == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for moments");
    used_rows(ws, data, full->missing);
    if (!full->weighted && ws->n_rows != full->n) {
        size_t used = ws->n_rows;
        wold_moments_work_free(ws);
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "the moments used %zu rows but the data have %zu "
                         "usable ones: they were not computed from these data",
                         full->n, used);
    }
    memcpy(ws->centre, full->mean, data->p * sizeof *ws->centre);
    memcpy(ws->full_min, full->min, data->p * sizeof *ws->full_min);
    memcpy(ws->full_max, full->max, data->p * sizeof *ws->full_max);
    size_t p = data->p;
    ws->q = p * (p + 1) / 2 + p + 1;
    ws->Z = malloc(WOLD__BATCH_ROWS * ws->q * sizeof *ws->Z);
    ws->C = malloc(WOLD__BATCH_ROWS * WOLD_MOMENTS_BATCH * sizeof *ws->C);
    ws->G = malloc(ws->q * WOLD_MOMENTS_BATCH * sizeof *ws->G);
    if (!ws->Z || !ws->C || !ws->G) {
        wold_moments_work_free(ws);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for moments");
    }
    ws->rows_dropped = full->rows_dropped;
    ws->cells_imputed = full->cells_imputed;
    *out = ws;
    return WOLD_OK;
}

const size_t *wold_moments_work_rows(const wold_moments_work *ws,
                                     size_t *count)
{
    *count = ws->n_rows;
    return ws->rows;
}

wold_status wold_moments_reweight(wold_moments *m, const wold_data *data,
                                  const double *weights,
                                  wold_moments_work *ws, wold_error *err)
{
    if (m->p != ws->p || data->p != ws->p || data->n != ws->n_data)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "moments of %zu columns, data of %zu x %zu and a "
                         "workspace made for %zu x %zu do not match", m->p,
                         data->n, data->p, ws->n_data, ws->p);
    WOLD_TRY(pass(ws, data, weights, err));
    if (ws->W == 0.0)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "every weight is 0: the moments of no row are not "
                         "defined");
    commit(ws, m);
    return WOLD_OK;
}

/* ------------------------------------------------------------------------
 * A batch of resamples: one GEMM for all of them
 *
 * For B resamples at once, each used row r gives the row z_r of its
 * centred products d_i d_j (i <= j), its centred values d_i and 1; the
 * B resamples' weights of the row form the row c_r.  Then G = Z'C holds,
 * in column b, resample b's sums M, s and W, and a chunk of rows costs
 * one dgemm of q x k times k x B: a large, dense product that runs near
 * the machine's peak, where B separate dsyrk of p columns run at a
 * fraction of it.
 * ------------------------------------------------------------------------ */

/* The products row of the centred row x. */
static void products(wold_moments_work *ws, const double *x, double *z)
{
    size_t p = ws->p, k = 0;
    double *d = ws->block; /* scratch: the single reweight's block */
    for (size_t i = 0; i < p; i++)
        d[i] = isnan(x[i]) ? 0.0 : x[i] - ws->centre[i];
    for (size_t i = 0; i < p; i++)
        for (size_t j = i; j < p; j++)
            z[k++] = d[i] * d[j];
    for (size_t i = 0; i < p; i++)
        z[k++] = d[i];
    z[k] = 1.0;
}

/* G = Z'C over every used row, in chunks; checks the weights. */
static wold_status batch_pass(wold_moments_work *ws, const wold_data *d,
                              const double *weights, size_t B,
                              wold_error *err)
{
    size_t q = ws->q;
    memset(ws->G, 0, q * B * sizeof *ws->G);
    for (size_t j0 = 0; j0 < ws->n_rows; j0 += WOLD__BATCH_ROWS) {
        size_t k = ws->n_rows - j0 < WOLD__BATCH_ROWS ? ws->n_rows - j0
                                                      : WOLD__BATCH_ROWS;
        /* Resample by resample: each reads its own weights in order,
         * the writes stay in the chunk's buffer (in cache). */
        for (size_t b = 0; b < B; b++) {
            const double *wb = weights + b * d->n;
            for (size_t t = 0; t < k; t++) {
                size_t r = ws->rows[j0 + t];
                double w = wb[r];
                if (!(w >= 0.0) || isinf(w))
                    return bad_weight(r, w, err);
                ws->C[t * B + b] = w;
            }
        }
        for (size_t t = 0; t < k; t++)
            products(ws, d->x + ws->rows[j0 + t] * ws->p, ws->Z + t * q);
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)q, (int)B,
                    (int)k, 1.0, ws->Z, (int)q, ws->C, (int)B, 1.0, ws->G,
                    (int)B);
    }
    return WOLD_OK;
}

/* Resample b's sums from G into ws's M, s and W; the range is the full
 * sample's until settle_range looks. */
static void unpack(wold_moments_work *ws, size_t b, size_t B)
{
    size_t p = ws->p, k = 0;
    for (size_t i = 0; i < p; i++)
        for (size_t j = i; j < p; j++)
            ws->M[i * p + j] = ws->G[(k++) * B + b];
    for (size_t i = 0; i < p; i++)
        ws->s[i] = ws->G[(k++) * B + b];
    ws->W = ws->G[k * B + b];
    memcpy(ws->min, ws->full_min, p * sizeof *ws->min);
    memcpy(ws->max, ws->full_max, p * sizeof *ws->max);
}

/* A column of (near) zero variance in resample b gets its exact range
 * over the rows of positive weight, and exactly zero variance when that
 * range is one value. */
static void settle_range(wold_moments *m, const wold_moments_work *ws,
                         const wold_data *d, const double *weights, size_t b)
{
    size_t p = ws->p;
    for (size_t i = 0; i < p; i++) {
        double scale = fmax(fmax(fabs(ws->full_min[i]), fabs(ws->full_max[i])),
                            fabs(m->mean[i]));
        if (m->sd[i] > WOLD__NEAR_ZERO_SD * scale)
            continue;
        double lo = INFINITY, hi = -INFINITY;
        for (size_t j = 0; j < ws->n_rows; j++) {
            size_t r = ws->rows[j];
            if (!(weights[b * d->n + r] > 0.0))
                continue;
            double v = d->x[r * p + i];
            v = isnan(v) ? ws->centre[i] : v;
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        m->min[i] = lo;
        m->max[i] = hi;
        if (lo != hi)
            continue;
        m->mean[i] = lo;
        for (size_t j = 0; j < p; j++)
            m->m2[i * p + j] = m->m2[j * p + i] = m->cov[i * p + j] =
                m->cov[j * p + i] = 0.0;
        m->sd[i] = 0.0;
    }
}

wold_status wold_moments_reweight_batch(wold_moments *const *m, size_t B,
                                        const wold_data *data,
                                        const double *weights,
                                        wold_moments_work *ws,
                                        wold_error *err)
{
    if (B < 1 || B > WOLD_MOMENTS_BATCH)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "a batch holds 1 to %d resamples, not %zu",
                         WOLD_MOMENTS_BATCH, B);
    for (size_t b = 0; b < B; b++)
        if (m[b]->p != ws->p)
            return WOLD_FAIL(err, WOLD_EUSAGE,
                             "moments %zu of the batch have %zu columns, the "
                             "workspace %zu", b + 1, m[b]->p, ws->p);
    if (data->p != ws->p || data->n != ws->n_data)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "data of %zu x %zu and a workspace made for %zu x "
                         "%zu do not match", data->n, data->p, ws->n_data,
                         ws->p);
    WOLD_TRY(batch_pass(ws, data, weights, B, err));
    for (size_t b = 0; b < B; b++)
        if (!(ws->G[(ws->q - 1) * B + b] > 0.0))
            return WOLD_FAIL(err, WOLD_EUSAGE,
                             "every weight of resample %zu of the batch is 0: "
                             "the moments of no row are not defined", b + 1);
    for (size_t b = 0; b < B; b++) {
        unpack(ws, b, B);
        commit(ws, m[b]);
        settle_range(m[b], ws, data, weights, b);
    }
    return WOLD_OK;
}

/* ------------------------------------------------------------------------
 * wold_moments_compute_weighted: the same pass, centred on the weighted
 * means computed first
 * ------------------------------------------------------------------------ */

wold_status wold_moments_compute_weighted(wold_moments **out,
                                          const wold_data *data,
                                          wold_missing missing,
                                          const double *weights,
                                          wold_error *err)
{
    return wold__moments_from_sums(out, data, weights, missing, err);
}

double wold_moments_weight_total(const wold_moments *m)
{
    return wold__moments_total(m);
}

wold_status wold_moments_copy(wold_moments **out, const wold_moments *m,
                              wold_error *err)
{
    *out = NULL;
    wold_moments *c = NULL;
    WOLD_TRY(wold__moments_alloc(&c, m->p, err));
    size_t p = m->p;
    double *mean = c->mean, *sd = c->sd, *m2 = c->m2, *cov = c->cov;
    double *min = c->min, *max = c->max;
    *c = *m;
    c->mean = memcpy(mean, m->mean, p * sizeof *mean);
    c->sd = memcpy(sd, m->sd, p * sizeof *sd);
    c->m2 = memcpy(m2, m->m2, p * p * sizeof *m2);
    c->cov = memcpy(cov, m->cov, p * p * sizeof *cov);
    c->min = memcpy(min, m->min, p * sizeof *min);
    c->max = memcpy(max, m->max, p * sizeof *max);
    *out = c;
    return WOLD_OK;
}
