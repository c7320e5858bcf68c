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
#include "util/util.h"

/* Rows per block: big enough for dsyrk to run at speed, small enough
 * (256 KiB at p = 30) to stay in cache between centring and product. */
#define WOLD_MOMENTS_BLOCK 1024
#define WOLD_MOMENTS_MAX_THREADS 8

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
    m->min = malloc((p ? p : 1) * sizeof *m->min);
    m->max = malloc((p ? p : 1) * sizeof *m->max);
    if (!m->mean || !m->sd || !m->m2 || !m->cov || !m->min || !m->max) {
        wold_moments_free(m);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for moments");
    }
    for (size_t i = 0; i < p; i++)
        m->min[i] = m->max[i] = NAN;
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
        m->n = (size_t)floor(n + 0.5);
    }
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

/* One thread's share of the rows: its own block buffer and accumulator,
 * merged by the caller.  Moments are additive, so threads need no locks. */
typedef struct range_job {
    const wold_data *data;
    size_t r0, r1;
    wold_missing missing;
    const double *fill;
    wold_moments *m;
    int failed;
} range_job;

static void *accumulate_range(void *arg)
{
    range_job *job = arg;
    size_t p = job->data->p, B = WOLD_MOMENTS_BLOCK, k = 0;
    double *block = malloc(B * p * sizeof *block);
    double *sm2 = malloc(p * p * sizeof *sm2);
    double *smean = malloc(p * sizeof *smean);
    if (!block || !sm2 || !smean) {
        job->failed = 1;
    } else {
        for (size_t r = job->r0; r < job->r1; r++) {
            if (!take_row(job->data, r, job->missing, job->fill,
                          block + k * p, &job->m->cells_imputed)) {
                job->m->rows_dropped++;
                continue;
            }
            if (++k == B) {
                wold__moments_add_block(job->m, block, k, sm2, smean);
                k = 0;
            }
        }
        wold__moments_add_block(job->m, block, k, sm2, smean);
    }
    free(block), free(sm2), free(smean);
    return NULL;
}

/* Threads worth starting: one per core, none for small data (a thread
 * costs more than 64k rows of dsyrk at p = 30). */
static size_t thread_count(size_t n)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t t = cores > 1 ? (size_t)cores : 1;
    if (t > WOLD_MOMENTS_MAX_THREADS)
        t = WOLD_MOMENTS_MAX_THREADS;
    return n < 65536 ? 1 : t;
}

/* Mean replacement needs each column's observed mean first. */
static wold_status fill_values(const wold_data *data, wold_missing missing,
                               double *fill, wold_error *err)
{
    if (missing != WOLD_MISSING_MEAN || data->n_missing_cells == 0)
        return WOLD_OK;
    size_t *count = malloc(data->p * sizeof *count);
    if (count == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for moments");
    observed_means(data, fill, count);
    /* Name every empty column at once. */
    char names[600];
    size_t used = 0, empty = 0;
    names[0] = '\0';
    for (size_t i = 0; i < data->p; i++)
        if (count[i] == 0 && used < sizeof names) {
            int w = snprintf(names + used, sizeof names - used, "%s'%s'",
                             empty++ ? ", " : "", data->names[i]);
            used += w > 0 ? (size_t)w : 0;
        }
    free(count);
    if (empty == 0)
        return WOLD_OK;
    return wold__raise(err, WOLD_EINPUT, data->source, 0, 0, NULL, 0,
                       "%s %s %s no observed values, so %s no mean to fill in",
                       empty == 1 ? "column" : "columns", names,
                       empty == 1 ? "has" : "have",
                       empty == 1 ? "it has" : "they have");
}

/* Runs the jobs, on threads when there are several; merges into jobs[0]. */
static wold_status run_jobs(range_job *jobs, size_t t, wold_error *err)
{
    pthread_t tid[WOLD_MOMENTS_MAX_THREADS];
    size_t started = 1;
    for (; started < t; started++)
        if (pthread_create(&tid[started], NULL, accumulate_range,
                           &jobs[started]) != 0)
            break;
    accumulate_range(&jobs[0]);
    /* Jobs whose thread did not start run here. */
    for (size_t i = started; i < t; i++)
        accumulate_range(&jobs[i]);
    for (size_t i = 1; i < started; i++)
        pthread_join(tid[i], NULL);
    wold_status st = WOLD_OK;
    for (size_t i = 0; i < t; i++)
        if (jobs[i].failed)
            st = WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for moments");
    for (size_t i = 1; i < t && st == WOLD_OK; i++) {
        wold__moments_finish(jobs[i].m);
        st = wold_moments_merge(jobs[0].m, jobs[i].m, err);
    }
    return st;
}

/* Names in buf the empty columns (all of them) when there are any, else
 * the three with the most missing cells, most first, with their counts. */
static void worst_columns(const wold_data *d, const size_t *miss, int empty,
                          char *buf, size_t size)
{
    size_t used = 0, taken[3], shown = 0;
    buf[0] = '\0';
    for (size_t i = 0; empty && i < d->p && used < size; i++)
        if (miss[i] == d->n) {
            int w = snprintf(buf + used, size - used, "%s'%s'",
                             used ? ", " : "", d->names[i]);
            used += w > 0 ? (size_t)w : 0;
        }
    while (!empty && shown < 3 && used < size) {
        size_t best = (size_t)-1;
        for (size_t i = 0; i < d->p; i++) {
            int seen = 0;
            for (size_t k = 0; k < shown; k++)
                seen |= taken[k] == i;
            if (!seen && miss[i] > 0 && (best == (size_t)-1 || miss[i] > miss[best]))
                best = i;
        }
        if (best == (size_t)-1)
            break;
        int w = snprintf(buf + used, size - used, "%s'%s' (%zu missing)",
                         shown ? ", " : "", d->names[best], miss[best]);
        used += w > 0 ? (size_t)w : 0;
        taken[shown++] = best;
    }
}

/* The listwise "too few rows" error, naming the columns responsible. */
static wold_status too_few_rows(const wold_data *d, wold_missing missing,
                                wold_error *err)
{
    size_t *miss = calloc(d->p ? d->p : 1, sizeof *miss);
    if (miss == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for moments");
    size_t empty = 0, used = 0;
    for (size_t r = 0; r < d->n; r++) {
        int whole = 1;
        for (size_t i = 0; i < d->p; i++)
            if (isnan(d->x[r * d->p + i])) {
                miss[i]++;
                whole = 0;
            }
        used += whole;
    }
    for (size_t i = 0; i < d->p; i++)
        empty += d->n > 0 && miss[i] == d->n;
    char cols[600];
    worst_columns(d, miss, empty > 0, cols, sizeof cols);
    free(miss);
    if (missing == WOLD_MISSING_MEAN)
        used = d->n; /* nothing is dropped */
    const char *rows = used == 1 ? "row" : "rows";
    if (d->n - used == 0)
        return wold__raise(err, WOLD_EINPUT, d->source, 0, 0, NULL, 0,
                           "%zu usable %s: the data have %zu %s; at least 2 "
                           "are needed", used, rows, d->n,
                           d->n == 1 ? "row" : "rows");
    if (empty > 0)
        return wold__raise(err, WOLD_EINPUT, d->source, 0, 0, NULL, 0,
                           "%zu usable %s after listwise deletion (%zu of %zu "
                           "dropped); at least 2 are needed; %s %s %s empty",
                           used, rows, d->n - used, d->n,
                           empty == 1 ? "column" : "columns", cols,
                           empty == 1 ? "is" : "are");
    return wold__raise(err, WOLD_EINPUT, d->source, 0, 0, NULL, 0,
                       "%zu usable %s after listwise deletion (%zu of %zu "
                       "dropped); at least 2 are needed; the columns with the "
                       "most missing cells: %s",
                       used, rows, d->n - used, d->n, cols);
}

wold_status wold__moments_compute_unweighted(wold_moments **out,
                                             const wold_data *data,
                                             wold_missing missing,
                                             wold_error *err)
{
    *out = NULL;
    if (missing != WOLD_MISSING_LISTWISE && missing != WOLD_MISSING_MEAN)
        return WOLD_FAIL(err, WOLD_EUSAGE, "unknown missing-value rule %d",
                         (int)missing);
    size_t p = data->p, t = thread_count(data->n);
    range_job jobs[WOLD_MOMENTS_MAX_THREADS];
    memset(jobs, 0, sizeof jobs);
    double *fill = malloc((p ? p : 1) * sizeof *fill);
    wold_status st = fill == NULL ? WOLD_FAIL(err, WOLD_ENOMEM,
                                              "out of memory for moments")
                                  : fill_values(data, missing, fill, err);
    for (size_t i = 0; i < t && st == WOLD_OK; i++) {
        jobs[i] = (range_job){data, data->n * i / t, data->n * (i + 1) / t,
                              missing, fill, NULL, 0};
        st = wold__moments_alloc(&jobs[i].m, p, err);
    }
    if (st == WOLD_OK)
        st = run_jobs(jobs, t, err);
    wold_moments *m = jobs[0].m;
    for (size_t i = 1; i < t; i++)
        wold_moments_free(jobs[i].m);
    free(fill);
    if (st != WOLD_OK) {
        wold_moments_free(m);
        return st;
    }
    wold__moments_finish(m);
    m->missing = missing;
    if (m->n < 2) {
        wold_moments_free(m);
        return too_few_rows(data, missing, err);
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
