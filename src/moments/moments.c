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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <pthread.h>
#include <unistd.h>

#include "data/data.h"
#include "moments/moments.h"
#include "moments/sums.h"
#include "util/util.h"


wold_status wold__moments_alloc(wold_moments **out, size_t p, wold_error *err)
{
    wold__blas_serial();
    wold_moments *m = calloc(1, sizeof *m);
    if (m == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for moments");
    m->p = p;
    m->mean = calloc(p, sizeof *m->mean);
    m->sd = calloc(p, sizeof *m->sd);
    m->m2 = calloc(p * p, sizeof *m->m2);
    m->cov = calloc(p * p, sizeof *m->cov);
    m->min = malloc((p ? p : 1) * sizeof *m->min);
    m->max = malloc((p ? p : 1) * sizeof *m->max);
    if (!m->mean || !m->sd || !m->m2 || !m->cov || !m->min || !m->max) {
        wold_moments_free(m);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for moments");
    }
    for (size_t i = 0; i < p; i++)
        m->min[i] = m->max[i] = NAN;
    m->min_eig = NAN;
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
    free(m->min);
    free(m->max);
    free(m);
}

double wold__moments_total(const wold_moments *m)
{
    return m->weighted ? m->wsum : (double)m->n;
}

/* Merges (nb rows of weight total wb, mean_b, m2_b, min_b, max_b) into m;
 * m2_b holds the upper triangle only.  fmin and fmax skip the NaN of an
 * empty side.  Unweighted, wb is nb and the weight totals are the row
 * counts, exactly. */
static void merge(wold_moments *m, size_t nb, double wb, int weighted,
                  const double *mean_b, const double *m2_b,
                  const double *min_b, const double *max_b, double *delta)
{
    size_t p = m->p;
    for (size_t i = 0; i < p; i++) {
        m->min[i] = fmin(m->min[i], min_b[i]);
        m->max[i] = fmax(m->max[i], max_b[i]);
    }
    double na = wold__moments_total(m), n = na + wb;
    double f = na * wb / n;
    for (size_t i = 0; i < p; i++)
        delta[i] = mean_b[i] - m->mean[i];
    for (size_t i = 0; i < p; i++)
        for (size_t j = i; j < p; j++)
            m->m2[i * p + j] += m2_b[i * p + j] + f * delta[i] * delta[j];
    for (size_t i = 0; i < p; i++)
        m->mean[i] += delta[i] * wb / n;
    m->n += nb;
    if (weighted || m->weighted) {
        m->weighted = 1;
        m->wsum = n;
        m->n = wold__weight_count(n);
    }
}

size_t wold__weight_count(double w)
{
    if (!(w > 0.0))
        return 0;
    return w < WOLD__MAX_WEIGHT_TOTAL ? (size_t)floor(w + 0.5)
                                      : (size_t)WOLD__MAX_WEIGHT_TOTAL;
}

void wold__moments_add_block(wold_moments *m, double *a, size_t k,
                             double *scratch_m2, double *scratch_mean)
{
    size_t p = m->p;
    if (k == 0)
        return;
    memset(scratch_mean, 0, p * sizeof *scratch_mean);
    /* The block's range goes straight into m: min and max merge by
     * themselves. */
    for (size_t r = 0; r < k; r++)
        for (size_t i = 0; i < p; i++) {
            double v = a[r * p + i];
            scratch_mean[i] += v;
            m->min[i] = fmin(m->min[i], v);
            m->max[i] = fmax(m->max[i], v);
        }
    for (size_t i = 0; i < p; i++)
        scratch_mean[i] /= (double)k;
    for (size_t r = 0; r < k; r++)
        for (size_t i = 0; i < p; i++)
            a[r * p + i] -= scratch_mean[i];
    /* Upper triangle of A^T A (A is k x p row-major). */
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)p, (int)k, 1.0, a,
                (int)p, 0.0, scratch_m2, (int)p);
    /* The delta vector reuses the block's first row, no longer needed. */
    merge(m, k, (double)k, 0, scratch_mean, scratch_m2, m->min, m->max, a);
}

void wold__moments_add_block_weighted(wold_moments *m, double *a,
                                      const double *w, size_t k,
                                      double *scratch_m2,
                                      double *scratch_mean)
{
    size_t p = m->p;
    double W = 0.0;
    memset(scratch_mean, 0, p * sizeof *scratch_mean);
    for (size_t r = 0; r < k; r++) {
        if (!(w[r] > 0.0))
            continue; /* a row of weight 0 takes no part, not in the range */
        W += w[r];
        for (size_t i = 0; i < p; i++) {
            double v = a[r * p + i];
            scratch_mean[i] += w[r] * v;
            m->min[i] = fmin(m->min[i], v);
            m->max[i] = fmax(m->max[i], v);
        }
    }
    if (W == 0.0)
        return;
    for (size_t i = 0; i < p; i++)
        scratch_mean[i] /= W;
    for (size_t r = 0; r < k; r++) {
        double sw = w[r] > 0.0 ? sqrt(w[r]) : 0.0;
        for (size_t i = 0; i < p; i++)
            a[r * p + i] = sw * (a[r * p + i] - scratch_mean[i]);
    }
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)p, (int)k, 1.0, a,
                (int)p, 0.0, scratch_m2, (int)p);
    merge(m, k, W, 1, scratch_mean, scratch_m2, m->min, m->max, a);
}

void wold__moments_finish(wold_moments *m)
{
    size_t p = m->p;
    double n = wold__moments_total(m);
    for (size_t i = 0; i < p; i++)
        for (size_t j = i; j < p; j++) {
            double v = n > 0 ? m->m2[i * p + j] / n : 0.0;
            m->m2[j * p + i] = m->m2[i * p + j];
            m->cov[i * p + j] = m->cov[j * p + i] = v;
        }
    for (size_t i = 0; i < p; i++)
        m->sd[i] = sqrt(m->cov[i * p + i]);
}

wold_status wold__moments_compute_unweighted(wold_moments **out,
                                             const wold_data *data,
                                             wold_missing missing,
                                             wold_error *err)
{
    return wold__moments_from_sums(out, data, NULL, missing, err);
}

/* The moments of data's rows with weights (NULL: unweighted) through
 * their sums: chunks of fixed rows on all cores, merged in the fixed
 * tree, so the bits do not depend on the threads. */
wold_status wold__moments_from_sums(wold_moments **out, const wold_data *data,
                                    const double *weights,
                                    wold_missing missing, wold_error *err)
{
    *out = NULL;
    if (missing != WOLD_MISSING_LISTWISE && missing != WOLD_MISSING_MEAN &&
        missing != WOLD_MISSING_PAIRWISE)
        return WOLD_FAIL(err, WOLD_EUSAGE, "unknown missing-value rule %d",
                         (int)missing);
    wold_sums *s = NULL;
    WOLD_TRY(wold__sums_from_rows(&s, data, weights, (size_t)-1, 0, err));
    wold_status st = wold_sums_moments(out, s, (size_t)-1, missing, err);
    wold_sums_free(s);
    return st;
}

wold_status wold_moments_merge(wold_moments *a, const wold_moments *b,
                               wold_error *err)
{
    if (a->p != b->p)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "cannot merge moments of %zu and %zu columns", a->p,
                         b->p);
    if (a->missing == WOLD_MISSING_PAIRWISE ||
        b->missing == WOLD_MISSING_PAIRWISE)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "moments from pairwise deletion cannot be merged "
                         "(each covariance has its own rows): merge their "
                         "sums (wold_sums_merge)");
    if (wold__moments_total(b) == 0)
        return WOLD_OK;
    double *delta = malloc(a->p * sizeof *delta);
    if (delta == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory merging moments");
    merge(a, b->n, wold__moments_total(b), b->weighted, b->mean, b->m2,
          b->min, b->max, delta);
    free(delta);
    a->rows_dropped += b->rows_dropped;
    a->cells_imputed += b->cells_imputed;
    wold__moments_finish(a);
    return WOLD_OK;
}

int wold__moments_zero_variance(const wold_moments *m, size_t i)
{
    double scale = fmax(fmax(fabs(m->min[i]), fabs(m->max[i])),
                        fabs(m->mean[i]));
    return !(m->sd[i] > WOLD__ZERO_SD * scale);
}

size_t wold_moments_n(const wold_moments *m) { return m->n; }
const double *wold_moments_mins(const wold_moments *m) { return m->min; }
const double *wold_moments_maxs(const wold_moments *m) { return m->max; }
size_t wold_moments_p(const wold_moments *m) { return m->p; }
const double *wold_moments_means(const wold_moments *m) { return m->mean; }
const double *wold_moments_sds(const wold_moments *m) { return m->sd; }
const double *wold_moments_cov(const wold_moments *m) { return m->cov; }
wold_missing wold_moments_missing(const wold_moments *m)
{
    return m->missing;
}
size_t wold_moments_rows_dropped(const wold_moments *m)
{
    return m->rows_dropped;
}
size_t wold_moments_cells_imputed(const wold_moments *m)
{
    return m->cells_imputed;
}

wold_status wold_moments_compute(wold_moments **out, const wold_data *data,
                                 wold_missing missing, wold_error *err)
{
    /* A data set read with a weight column is weighted everywhere. */
    if (data->w != NULL)
        return wold_moments_compute_weighted(out, data, missing, data->w,
                                             err);
    return wold__moments_compute_unweighted(out, data, missing, err);
}
