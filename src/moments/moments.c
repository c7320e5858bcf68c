/*
 * moments.c - one pass over the data: means, population standard
 * deviations and centred cross-products.  Rows are taken in blocks: each
 * block is centred on its own mean and multiplied with cblas_dsyrk, and
 * blocks are merged with the pairwise update of Chan, Golub and LeVeque
 * (1979).  Centring before the product keeps the cross-products accurate
 * when means are large next to the spread (Likert items near the top of
 * the scale), and the merge makes moments additive: the same code serves
 * chunks of a file, threads and machines.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "data/data.h"
#include "moments/moments.h"
#include "util/util.h"

/* Rows per block: big enough for dsyrk to run at speed, small enough
 * (256 KiB at p = 30) to stay in cache between centring and product. */
#define WOLD_MOMENTS_BLOCK 1024

wold_status wold__moments_alloc(wold_moments **out, size_t p, wold_error *err)
{
    wold_moments *m = calloc(1, sizeof *m);
    if (m == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for moments");
    m->p = p;
    m->mean = calloc(p, sizeof *m->mean);
    m->sd = calloc(p, sizeof *m->sd);
    m->m2 = calloc(p * p, sizeof *m->m2);
    m->cov = calloc(p * p, sizeof *m->cov);
    if (!m->mean || !m->sd || !m->m2 || !m->cov) {
        wold_moments_free(m);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for moments");
    }
    *out = m;
    return WOLD_OK;
}

void wold_moments_free(wold_moments *m)
{
    if (m == NULL)
        return;
    free(m->mean);
    free(m->sd);
    free(m->m2);
    free(m->cov);
    free(m);
}

/* Merges (nb, mean_b, m2_b) into m; m2_b holds the upper triangle only. */
static void merge(wold_moments *m, size_t nb, const double *mean_b,
                  const double *m2_b, double *delta)
{
    size_t p = m->p;
    double na = (double)m->n, n = na + (double)nb;
    double f = na * (double)nb / n;
    for (size_t i = 0; i < p; i++)
        delta[i] = mean_b[i] - m->mean[i];
    for (size_t i = 0; i < p; i++)
        for (size_t j = i; j < p; j++)
            m->m2[i * p + j] += m2_b[i * p + j] + f * delta[i] * delta[j];
    for (size_t i = 0; i < p; i++)
        m->mean[i] += delta[i] * (double)nb / n;
    m->n += nb;
}

void wold__moments_add_block(wold_moments *m, double *a, size_t k,
                             double *scratch_m2, double *scratch_mean)
{
    size_t p = m->p;
    if (k == 0)
        return;
    memset(scratch_mean, 0, p * sizeof *scratch_mean);
    for (size_t r = 0; r < k; r++)
        for (size_t i = 0; i < p; i++)
            scratch_mean[i] += a[r * p + i];
    for (size_t i = 0; i < p; i++)
        scratch_mean[i] /= (double)k;
    for (size_t r = 0; r < k; r++)
        for (size_t i = 0; i < p; i++)
            a[r * p + i] -= scratch_mean[i];
    /* Upper triangle of A^T A (A is k x p row-major). */
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)p, (int)k, 1.0, a,
                (int)p, 0.0, scratch_m2, (int)p);
    /* The delta vector reuses the block's first row, no longer needed. */
    merge(m, k, scratch_mean, scratch_m2, a);
}

void wold__moments_finish(wold_moments *m)
{
    size_t p = m->p;
    double n = (double)m->n;
    for (size_t i = 0; i < p; i++)
        for (size_t j = i; j < p; j++) {
            double v = n > 0 ? m->m2[i * p + j] / n : 0.0;
            m->m2[j * p + i] = m->m2[i * p + j];
            m->cov[i * p + j] = m->cov[j * p + i] = v;
        }
    for (size_t i = 0; i < p; i++)
        m->sd[i] = sqrt(m->cov[i * p + i]);
}

/* Column means over the observed cells, for mean replacement. */
static void observed_means(const wold_data *d, double *mean, size_t *count)
{
    memset(mean, 0, d->p * sizeof *mean);
    memset(count, 0, d->p * sizeof *count);
    for (size_t r = 0; r < d->n; r++)
        for (size_t i = 0; i < d->p; i++) {
            double v = d->x[r * d->p + i];
            if (!isnan(v)) {
                mean[i] += v;
                count[i]++;
            }
        }
    for (size_t i = 0; i < d->p; i++)
        mean[i] = count[i] ? mean[i] / (double)count[i] : NAN;
}

/* Copies row r into dst, applying the missing-value rule; returns 0 when
 * the row is dropped. */
static int take_row(const wold_data *d, size_t r, wold_missing missing,
                    const double *fill, double *dst, size_t *imputed)
{
    const double *src = d->x + r * d->p;
    for (size_t i = 0; i < d->p; i++) {
        if (!isnan(src[i])) {
            dst[i] = src[i];
        } else if (missing == WOLD_MISSING_MEAN) {
            dst[i] = fill[i];
            (*imputed)++;
        } else {
            return 0;
        }
    }
    return 1;
}

wold_status wold_moments_compute(wold_moments **out, const wold_data *data,
                                 wold_missing missing, wold_error *err)
{
    *out = NULL;
    if (missing != WOLD_MISSING_LISTWISE && missing != WOLD_MISSING_MEAN)
        return WOLD_FAIL(err, WOLD_EUSAGE, "unknown missing-value rule %d",
                         (int)missing);
    size_t p = data->p, B = WOLD_MOMENTS_BLOCK;
    wold_moments *m = NULL;
    WOLD_TRY(wold__moments_alloc(&m, p, err));
    double *block = malloc(B * p * sizeof *block);
    double *sm2 = malloc(p * p * sizeof *sm2);
    double *smean = malloc(p * sizeof *smean);
    double *fill = malloc(p * sizeof *fill);
    size_t *count = malloc(p * sizeof *count);
    if (!block || !sm2 || !smean || !fill || !count) {
        free(block), free(sm2), free(smean), free(fill), free(count);
        wold_moments_free(m);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for moments");
    }
    if (missing == WOLD_MISSING_MEAN && data->n_missing_cells > 0) {
        observed_means(data, fill, count);
        for (size_t i = 0; i < p; i++)
            if (count[i] == 0) {
                const char *name = data->names[i];
                free(block), free(sm2), free(smean), free(fill), free(count);
                wold_moments_free(m);
                return wold__raise(err, WOLD_EINPUT, data->source, 0, 0, NULL,
                                   0, "column '%s' has no observed values, "
                                   "so it has no mean to fill in", name);
            }
    }
    size_t k = 0;
    for (size_t r = 0; r < data->n; r++) {
        if (!take_row(data, r, missing, fill, block + k * p,
                      &m->cells_imputed)) {
            m->rows_dropped++;
            continue;
        }
        if (++k == B) {
            wold__moments_add_block(m, block, k, sm2, smean);
            k = 0;
        }
    }
    wold__moments_add_block(m, block, k, sm2, smean);
    wold__moments_finish(m);
    free(block), free(sm2), free(smean), free(fill), free(count);
    if (m->n < 2) {
        size_t dropped = m->rows_dropped;
        wold_moments_free(m);
        return wold__raise(err, WOLD_EINPUT, data->source, 0, 0, NULL, 0,
                           "%zu usable rows after missing-value handling "
                           "(%zu dropped); at least 2 are needed",
                           data->n - dropped, dropped);
    }
    *out = m;
    return WOLD_OK;
}

wold_status wold_moments_merge(wold_moments *a, const wold_moments *b,
                               wold_error *err)
{
    if (a->p != b->p)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "cannot merge moments of %zu and %zu columns", a->p,
                         b->p);
    if (b->n == 0)
        return WOLD_OK;
    double *delta = malloc(a->p * sizeof *delta);
    if (delta == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory merging moments");
    merge(a, b->n, b->mean, b->m2, delta);
    free(delta);
    a->rows_dropped += b->rows_dropped;
    a->cells_imputed += b->cells_imputed;
    wold__moments_finish(a);
    return WOLD_OK;
}

size_t wold_moments_n(const wold_moments *m) { return m->n; }
size_t wold_moments_p(const wold_moments *m) { return m->p; }
const double *wold_moments_means(const wold_moments *m) { return m->mean; }
const double *wold_moments_sds(const wold_moments *m) { return m->sd; }
const double *wold_moments_cov(const wold_moments *m) { return m->cov; }
size_t wold_moments_rows_dropped(const wold_moments *m)
{
    return m->rows_dropped;
}
size_t wold_moments_cells_imputed(const wold_moments *m)
{
    return m->cells_imputed;
}
