/*
 * boot.c - wold_boot_run: B fits on resampled moments and, for BCa or
 * --jackknife, n fits with one row left out, spread over threads.
 *
 * Determinism: replicate r's resample comes from the stream of (seed, r,
 * draw) only (rng.c), its fit from its own moments only, and its
 * statistics go to row r of the replicate matrix; the summaries read the
 * rows in replicate order.  Threads take jobs from an atomic counter, so
 * which thread ran a job changes nothing in the output.  OpenBLAS is held
 * at one thread meanwhile: each worker's dsyrk runs alone, and a BLAS
 * that split it over its own threads could change the rounding.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cblas.h>

#include "data/data.h"
#include "fit/fit.h"
#include "infer/infer.h"
#include "model/model.h"
#include "moments/moments.h"
#include "util/util.h"

#define MAX_THREADS 256
/* Parts of a run (MPI ranks): far more than a cluster's, small enough that
 * the share arithmetic cannot overflow. */
#define MAX_PARTS (1 << 20)
/* Replicates whose first draws share one wold_moments_reweight_batch:
 * batch q holds replicates q K .. q K + K - 1, whichever thread runs it,
 * so the batching changes nothing between thread counts.  32 keeps the
 * batch's weights (K x n doubles) at 25 MB a thread for n = 10^5 while
 * the dgemm already runs near its speed. */
#define BATCH 32
/* ... and fewer for large data: a batch's weights stay under 32 MB. */
#define BATCH_DOUBLES (4u << 20)

void wold_boot_options_default(wold_boot_options *opt)
{
    opt->replicates = 1000;
    opt->seed = 1;
    opt->threads = 0;
    opt->ci = WOLD_BOOT_CI_PERCENTILE;
    opt->level = 0.95;
    opt->sign_change = WOLD_SIGN_NONE;
    opt->failures = WOLD_BOOT_REDRAW;
    opt->jackknife = 0;
    opt->htmt_threshold = 1.0;
    opt->extra = NULL;
    opt->part = 0;
    opt->n_parts = 0;
}

/* The caller's statistics: a function and a label for each. */
static wold_status check_extra(const wold_boot_extra *x, wold_error *err)
{
    if (x == NULL)
        return WOLD_OK;
    if (x->n > 0 && (x->fn == NULL || x->labels == NULL))
        return WOLD_FAIL(err, WOLD_EUSAGE, "the bootstrap's extra "
                         "statistics need a function and %zu labels", x->n);
    for (size_t k = 0; k < x->n; k++)
        if (x->labels[k] == NULL)
            return WOLD_FAIL(err, WOLD_EUSAGE, "the bootstrap's extra "
                             "statistic %zu has no label", k);
    return WOLD_OK;
}

static wold_status check_options(const wold_boot_options *o, wold_error *err)
{
    if (o->replicates == 0 && !o->jackknife)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the number of bootstrap "
                         "replicates must be at least 1 (0 only with the "
                         "jackknife)");
    if (o->replicates > 100000000)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the number of bootstrap "
                         "replicates must be at most 100000000, got %zu",
                         o->replicates);
    if (o->threads < 0 || o->threads > MAX_THREADS)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the number of threads must be "
                         "0 (all cores) to %d, got %d", MAX_THREADS,
                         o->threads);
    if (o->ci < WOLD_BOOT_CI_PERCENTILE || o->ci > WOLD_BOOT_CI_BOTH)
        return WOLD_FAIL(err, WOLD_EUSAGE, "unknown interval kind %d",
                         (int)o->ci);
    if (!(o->level > 0.0 && o->level < 1.0))
        return WOLD_FAIL(err, WOLD_EUSAGE, "the confidence level must be "
                         "between 0 and 1 (exclusive), got %g", o->level);
    if (o->sign_change < WOLD_SIGN_NONE || o->sign_change > WOLD_SIGN_CONSTRUCT)
        return WOLD_FAIL(err, WOLD_EUSAGE, "unknown sign-change rule %d",
                         (int)o->sign_change);
    if (o->failures != WOLD_BOOT_REDRAW && o->failures != WOLD_BOOT_DROP)
        return WOLD_FAIL(err, WOLD_EUSAGE, "unknown failure rule %d",
                         (int)o->failures);
    if (!(o->htmt_threshold > 0.0 && isfinite(o->htmt_threshold)))
        return WOLD_FAIL(err, WOLD_EUSAGE, "the HTMT threshold must be a "
                         "positive number, got %g", o->htmt_threshold);
    if (o->replicates == 0 && o->ci != WOLD_BOOT_CI_PERCENTILE)
        return WOLD_FAIL(err, WOLD_EUSAGE, "BCa intervals need bootstrap "
                         "replicates (0 asked for)");
    if (o->n_parts > MAX_PARTS || (o->n_parts > 1 && o->part >= o->n_parts) ||
        (o->n_parts <= 1 && o->part != 0))
        return WOLD_FAIL(err, WOLD_EUSAGE, "the bootstrap's part must be "
                         "below its number of parts (at most %d), got part "
                         "%zu of %zu", MAX_PARTS, o->part, o->n_parts);
    return check_extra(o->extra, err);
}

static wold_status check_inputs(const wold_fit *fit, const wold_moments *mo,
                                const wold_data *data, int jack,
                                wold_error *err)
{
    const wold_model *md = fit->model;
    if (mo->p != md->n_mv || data->p != md->n_mv || mo->n != fit->n ||
        mo->missing != fit->missing)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the bootstrap needs the fit's "
                         "own moments and data (%zu indicators, %zu rows)",
                         md->n_mv, fit->n);
    if (mo->missing == WOLD_MISSING_PAIRWISE)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the bootstrap resamples rows "
                         "under listwise deletion or mean replacement, not "
                         "pairwise deletion (each covariance over its own "
                         "rows): use missing-value rule listwise or mean");
    if (mo->n > UINT32_MAX)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the bootstrap resamples at most "
                         "%lu rows, the fit has %zu", (unsigned long)UINT32_MAX,
                         mo->n);
    if (jack && mo->n < 3)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the jackknife needs at least 3 "
                         "rows, the fit has %zu", mo->n);
    return WOLD_OK;
}

/* ---- the run ---------------------------------------------------------- */

typedef struct run run;

typedef struct worker {
    run *run;
    wold__replicate rep;
    wold_moments *mo;         /* overwritten by every job */
    wold_moments *batch[BATCH]; /* the first draws of a batch */
    wold_moments_work *mw;    /* the batched reweighting's workspace */
    double *weights;          /* batch x n_data: the batch's counts */
    double *scratch;          /* wold__resample_scratch doubles */
    uint32_t *counts;         /* n: counts of the rows used */
    size_t failures[WOLD_BOOT_N_FAILURES];
    size_t jack_failed;
} worker;

struct run {
    wold_boot *b;
    const wold_moments *full;
    const wold_data *data;
    const size_t *rows;       /* the data rows the fit used (mw's) */
    wold_moments_work *mw;
    wold__resample rs;        /* the rows the fit used, centred */
    size_t n;                 /* their number */
    size_t total;             /* fits: the part's replicates and rows */
    size_t batch;             /* replicates per batch (BATCH or fewer) */
    size_t q0, q1;            /* the part's batches */
    size_t j0, j1;            /* the part's jackknife rows */
    wold__jackknife jk;
    size_t *jack_of;          /* n_jack: the used row each leaves out
                                 (weighted data), or NULL: row i */
    atomic_size_t next, done;
};

static void worker_free(worker *w)
{
    wold_fit_work_free(w->rep.work);
    wold_moments_free(w->mo);
    for (size_t k = 0; k < BATCH; k++)
        wold_moments_free(w->batch[k]);
    wold_moments_work_free(w->mw);
    free(w->weights);
    free(w->rep.scratch);
    free(w->scratch);
    free(w->counts);
}

static wold_status worker_alloc(worker *w, run *r, wold_error *err)
{
    const wold_fit *fit = r->b->fit;
    const wold_model *md = fit->model;
    memset(w, 0, sizeof *w);
    w->run = r;
    w->rep.model = md;
    w->rep.stats = &r->b->stats;
    w->rep.sign = r->b->opt.sign_change;
    w->rep.start = wold_fit_weights(fit);
    /* An inadmissible original is reported as such; its replicates are
     * kept (docs/methods.md 9.3). */
    w->rep.plsc_rules = fit->opt.plsc && wold_fit_plsc_rules(fit) == 0;
    WOLD_TRY(wold_fit_work_alloc(&w->rep.work, md, &fit->opt, err));
    WOLD_TRY(wold_moments_copy(&w->mo, r->full, err));
    size_t nb = r->b->B < r->batch ? r->b->B : r->batch, nd = r->data->n;
    for (size_t k = 0; k < nb; k++)
        WOLD_TRY(wold_moments_copy(&w->batch[k], r->full, err));
    if (nb > 0) {
        WOLD_TRY(wold_moments_work_alloc(&w->mw, r->full, r->data, err));
        w->weights = calloc(nb * nd > 0 ? nb * nd : 1, sizeof *w->weights);
        if (w->weights == NULL)
            return WOLD_FAIL(err, WOLD_ENOMEM,
                             "out of memory for the bootstrap");
    }
    w->rep.scratch = malloc(wold__stats_scratch(md) * sizeof(double));
    w->scratch = malloc(wold__resample_scratch(&r->rs) * sizeof *w->scratch);
    w->counts = malloc(r->n * sizeof *w->counts);
    if (!w->rep.scratch || !w->scratch || !w->counts)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the bootstrap");
    return WOLD_OK;
}

/* Replicate k from its first draw's moments mo: redraws (with the
 * one-at-a-time kernel) until a fit succeeds, or the rule gives up. */
static void replicate_job(worker *w, size_t k, wold_moments *mo)
{
    run *r = w->run;
    wold_boot *b = r->b;
    double *row = b->values + k * b->stats.n;
    int cause = wold__replicate_fit(&w->rep, mo, row), draw = 1;
    while (cause >= 0) {
        w->failures[cause]++;
        if (b->opt.failures == WOLD_BOOT_DROP || draw == WOLD_BOOT_MAX_DRAWS)
            break;
        wold__rng g;
        wold__rng_seed(&g, b->opt.seed, k, (uint64_t)draw++);
        wold__rng_counts(&g, w->counts, r->n);
        wold__resample_moments(&r->rs, w->counts, w->scratch, w->mo);
        cause = wold__replicate_fit(&w->rep, w->mo, row);
    }
    b->status[k] = (signed char)cause;
    b->draws[k] = draw;
    if (cause >= 0)
        for (size_t s = 0; s < b->stats.n; s++)
            row[s] = NAN;
}

/* Batch q: the first draws of its replicates, their moments from one
 * batched reweighting, then each replicate's fit.  Returns the number of
 * replicates. */
static size_t batch_job(worker *w, size_t q)
{
    run *r = w->run;
    size_t k0 = q * r->batch;
    size_t K = r->b->B - k0 < r->batch ? r->b->B - k0 : r->batch;
    size_t nd = r->data->n;
    for (size_t k = 0; k < K; k++) {
        wold__rng g;
        wold__rng_seed(&g, r->b->opt.seed, k0 + k, 0);
        wold__rng_counts(&g, w->counts, r->n);
        double *wt = w->weights + k * nd;
        /* A drawn row keeps its weight (docs/methods.md 14). */
        const double *dw = r->rs.w;
        for (size_t i = 0; i < r->n; i++)
            wt[r->rows[i]] = dw != NULL ? (double)w->counts[i] * dw[i]
                                        : (double)w->counts[i];
    }
    if (wold_moments_reweight_batch(w->batch, K, r->data, w->weights, w->mw,
                                    NULL) != WOLD_OK) {
        /* Cannot happen on counts of the fit's rows; fall back to the
         * one-at-a-time kernel rather than lose the batch. */
        for (size_t k = 0; k < K; k++) {
            wold__rng g;
            wold__rng_seed(&g, r->b->opt.seed, k0 + k, 0);
            wold__rng_counts(&g, w->counts, r->n);
            wold__resample_moments(&r->rs, w->counts, w->scratch,
                                   w->batch[k]);
        }
    }
    for (size_t k = 0; k < K; k++)
        replicate_job(w, k0 + k, w->batch[k]);
    return K;
}

static void jackknife_job(worker *w, size_t i)
{
    run *r = w->run;
    double *row = r->b->jack + i * r->b->stats.n;
    int cause = WOLD_BOOT_FAIL_ZERO_VARIANCE;
    size_t u = r->jack_of != NULL ? r->jack_of[i] : i;
    if (!r->jk.constant_without[u]) {
        wold__jackknife_moments(&r->jk, w->mo, u);
        cause = wold__replicate_fit(&w->rep, w->mo, row);
    }
    r->b->jack_status[i] = (signed char)cause;
    if (cause >= 0) {
        w->jack_failed++;
        for (size_t s = 0; s < r->b->stats.n; s++)
            row[s] = NAN;
    }
}

typedef struct progress_cb {
    wold_boot_progress fn;
    void *user;
    size_t shown;
} progress_cb;

/* Runs jobs until none is left; the calling thread (pr != NULL) also
 * reports progress, about every 1/256 of the jobs. */
static void work_loop(worker *w, progress_cb *pr)
{
    run *r = w->run;
    size_t nq = r->q1 - r->q0, jobs = nq + (r->j1 - r->j0);
    for (;;) {
        size_t k = atomic_fetch_add(&r->next, 1), fits = 1;
        if (k >= jobs)
            break;
        if (k < nq)
            fits = batch_job(w, r->q0 + k);
        else
            jackknife_job(w, r->j0 + (k - nq));
        size_t done = atomic_fetch_add(&r->done, fits) + fits;
        if (pr != NULL && pr->fn != NULL &&
            (done - pr->shown) * 256 >= r->total) {
            pr->fn(pr->user, done, r->total);
            pr->shown = done;
        }
    }
}

static void *thread_main(void *arg)
{
    work_loop(arg, NULL);
    return NULL;
}

static size_t thread_count(const wold_boot_options *o, size_t jobs)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t t = o->threads > 0 ? (size_t)o->threads
                              : (cores > 1 ? (size_t)cores : 1);
    if (t > MAX_THREADS)
        t = MAX_THREADS;
    return t < jobs ? t : (jobs ? jobs : 1);
}

/* Runs every job on t workers (worker 0 on this thread). */
static void run_workers(worker *ws, size_t t, progress_cb *pr)
{
    pthread_t tid[MAX_THREADS];
    size_t started = 1;
    for (; started < t; started++)
        if (pthread_create(&tid[started], NULL, thread_main, &ws[started]))
            break;
    work_loop(&ws[0], pr);
    for (size_t i = 1; i < started; i++)
        pthread_join(tid[i], NULL);
    if (pr->fn != NULL)
        pr->fn(pr->user, ws[0].run->total, ws[0].run->total);
}

/* ---- summaries -------------------------------------------------------- */

wold_status wold__boot_scratch(const wold_boot *b, double **v, double **jv,
                               wold_error *err)
{
    *v = malloc((b->B ? b->B : 1) * sizeof **v);
    *jv = malloc((b->n_jack ? b->n_jack : 1) * sizeof **jv);
    if (*v == NULL || *jv == NULL) {
        free(*v), free(*jv);
        *v = *jv = NULL;
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the bootstrap");
    }
    return WOLD_OK;
}

void wold__boot_summarise(wold_boot *b, double *v, double *jv)
{
    size_t ns = b->stats.n, B = b->B, nj = b->n_jack;
    b->used = 0;
    for (size_t k = 0; k < B; k++)
        b->used += b->status[k] < 0;
    int bca = (b->opt.ci & WOLD_BOOT_CI_BCA) != 0;
    for (size_t k = 0; k < ns; k++) {
        wold_boot_stat *st = &b->stats.s[k];
        size_t m = 0, mj = 0;
        for (size_t rr = 0; rr < B; rr++) {
            double x = b->values[rr * ns + k];
            if (b->status[rr] < 0 && isfinite(x))
                v[m++] = x;
        }
        for (size_t i = 0; i < nj; i++) {
            double x = b->jack[i * ns + k];
            if (b->jack_status[i] < 0 && isfinite(x))
                jv[mj++] = x;
        }
        int htmt = st->kind == WOLD_STAT_HTMT || st->kind == WOLD_STAT_HTMT2;
        wold__summarise(st, v, m, nj ? jv : NULL, mj, b->n_rows,
                        b->opt.level, bca, htmt, b->opt.htmt_threshold);
    }
    /* The leave-one-out rows are read by the summaries only. */
    free(b->jack), free(b->jack_status);
    b->jack = NULL;
    b->jack_status = NULL;
    b->joined = b->n_parts;
    b->opt.part = b->opt.n_parts = 0;
}

/* A part's statistics before the join: the originals only. */
static void unsummarised(wold_boot *b)
{
    for (size_t k = 0; k < b->stats.n; k++) {
        wold_boot_stat *st = &b->stats.s[k];
        st->mean = st->bias = st->se = st->t = st->p = NAN;
        st->pct_lo = st->pct_hi = st->bca_lo = st->bca_hi = NAN;
        st->jack_se = st->htmt_upper = st->htmt_p = NAN;
        st->used = 0;
    }
}

static wold_status summarise_all(wold_boot *b, wold_error *err)
{
    double *v, *jv;
    WOLD_TRY(wold__boot_scratch(b, &v, &jv, err));
    wold__boot_summarise(b, v, jv);
    free(v), free(jv);
    return WOLD_OK;
}

/* ---- the entry point -------------------------------------------------- */

/* 1 when data row r is one the moments used and has a positive weight. */
static int jack_row(const wold_data *data, const wold_moments *mo, size_t r)
{
    if (data->w != NULL && !(data->w[r] > 0.0))
        return 0;
    if (mo->missing == WOLD_MISSING_MEAN)
        return 1;
    for (size_t j = 0; j < data->p; j++)
        if (isnan(data->x[r * data->p + j]))
            return 0;
    return 1;
}

/* The jackknife leaves out each row of the sample in turn: the rows of
 * the fit, less those of weight 0 (not part of the sample, their fit
 * would be the full one). */
static size_t jack_rows(const wold_data *data, const wold_moments *mo)
{
    if (data->w == NULL)
        return mo->n;
    size_t k = 0;
    for (size_t r = 0; r < data->n; r++)
        k += jack_row(data, mo, r);
    return k;
}

static wold_status boot_alloc(wold_boot **out, const wold_fit *fit,
                              const wold_boot_options *opt, size_t n,
                              wold_error *err)
{
    wold_boot *b = calloc(1, sizeof *b);
    if (b == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the bootstrap");
    *out = b;
    b->opt = *opt;
    b->fit = fit;
    b->B = opt->replicates;
    int jack = opt->jackknife || (opt->ci & WOLD_BOOT_CI_BCA);
    b->n_jack = jack ? n : 0;
    if (wold__stats_build(&b->stats, fit->model, opt->extra) != WOLD_OK)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the bootstrap");
    size_t B = b->B ? b->B : 1, ns = b->stats.n ? b->stats.n : 1;
    if (B > SIZE_MAX / sizeof(double) / ns)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the bootstrap: "
                         "%zu replicates of %zu statistics", b->B, b->stats.n);
    b->values = malloc(B * ns * sizeof *b->values);
    b->status = malloc(B);
    b->draws = malloc(B * sizeof *b->draws);
    if (b->n_jack > 0) {
        b->jack = malloc(b->n_jack * ns * sizeof *b->jack);
        b->jack_status = malloc(b->n_jack);
    }
    if (!b->values || !b->status || !b->draws ||
        (b->n_jack > 0 && (!b->jack || !b->jack_status)))
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the bootstrap");
    /* What a part leaves to the others: filled in when they are joined. */
    for (size_t k = 0; k < B * ns; k++)
        b->values[k] = NAN;
    memset(b->status, WOLD_BOOT_FAIL_NUMERIC, B);
    memset(b->draws, 0, B * sizeof *b->draws);
    for (size_t k = 0; k < b->n_jack * ns; k++)
        b->jack[k] = NAN;
    if (b->n_jack > 0)
        memset(b->jack_status, WOLD_BOOT_FAIL_NUMERIC, b->n_jack);
    b->n_parts = opt->n_parts > 1 ? opt->n_parts : 1;
    b->joined = opt->part == 0;
    return WOLD_OK;
}

/* The original estimates: the full-sample fit's row, read by the same
 * code as a replicate's. */
static wold_status originals(wold_boot *b, const wold_moments *mo,
                             wold_error *err)
{
    size_t ns = b->stats.n;
    double *row = malloc((ns ? ns : 1) * sizeof *row);
    double *scratch = malloc(wold__stats_scratch(b->fit->model) * sizeof *scratch);
    if (row == NULL || scratch == NULL) {
        free(row), free(scratch);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the bootstrap");
    }
    wold__stats_row(&b->stats, b->fit, mo, scratch, row);
    int fn = wold__stats_extra(&b->stats, b->fit, mo, row);
    for (size_t k = 0; k < ns; k++)
        b->stats.s[k].original = row[k];
    free(row), free(scratch);
    if (fn != 0)
        return WOLD_FAIL(err, WOLD_ENUMERIC, "the bootstrap's extra "
                         "statistics (%s, ...) could not be computed on "
                         "the full-sample fit",
                         b->opt.extra->labels[0]);
    return WOLD_OK;
}

/* floor(n k / np) without overflow (np <= MAX_PARTS): the start of part
 * k of np contiguous shares of n things. */
static size_t cut(size_t n, size_t k, size_t np)
{
    return n / np * k + n % np * k / np;
}

/* Part k's batches [*q0, *q1): whole batches, so that a part's replicate
 * moments come from the same batched products as in one run. */
static void share_batches(const wold_boot *b, size_t k, size_t *q0,
                          size_t *q1)
{
    size_t nq = (b->B + b->batch - 1) / b->batch;
    *q0 = cut(nq, k, b->n_parts);
    *q1 = cut(nq, k + 1, b->n_parts);
}

void wold__boot_share(const wold_boot *b, size_t k, size_t *r0, size_t *r1,
                      size_t *j0, size_t *j1)
{
    size_t q0, q1;
    share_batches(b, k, &q0, &q1);
    *r0 = q0 * b->batch < b->B ? q0 * b->batch : b->B;
    *r1 = q1 * b->batch < b->B ? q1 * b->batch : b->B;
    *j0 = cut(b->n_jack, k, b->n_parts);
    *j1 = cut(b->n_jack, k + 1, b->n_parts);
}

static wold_status run_alloc(run *r, wold_boot *b, const wold_data *data,
                             const wold_moments *mo, wold_error *err)
{
    memset(r, 0, sizeof *r);
    r->b = b;
    r->full = mo;
    r->data = data;
    WOLD_TRY(wold__resample_alloc(&r->rs, mo, data, err));
    WOLD_TRY(wold_moments_work_alloc(&r->mw, mo, data, err));
    size_t used = 0;
    r->rows = wold_moments_work_rows(r->mw, &used);
    r->n = r->rs.n;
    b->n_rows = r->n;
    /* The batch size depends on the data only, never on the threads or
     * the parts: a part's batches are those of the whole run. */
    r->batch = BATCH_DOUBLES / (data->n ? data->n : 1);
    r->batch = r->batch < 1 ? 1 : r->batch > BATCH ? BATCH : r->batch;
    b->batch = r->batch;
    size_t r0, r1;
    wold__boot_share(b, b->opt.part, &r0, &r1, &r->j0, &r->j1);
    share_batches(b, b->opt.part, &r->q0, &r->q1);
    r->total = (r1 - r0) + (r->j1 - r->j0);
    atomic_init(&r->next, 0);
    atomic_init(&r->done, 0);
    /* Weighted moments count the weight total, not the rows. */
    if ((data->w == NULL && r->n != mo->n) || used != r->n)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the moments used %zu rows but "
                         "the data have %zu usable ones: they were not "
                         "computed from these data", mo->n, r->n);
    if (b->n_jack == 0)
        return WOLD_OK;
    if (data->w != NULL)
        r->jack_of = malloc(b->n_jack * sizeof *r->jack_of);
    if (data->w != NULL && r->jack_of == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the jackknife");
    for (size_t i = 0, k = 0; data->w != NULL && i < r->n; i++)
        if (r->rs.w[i] > 0.0)
            r->jack_of[k++] = i;
    return wold__jackknife_alloc(&r->jk, &r->rs, err);
}

static void run_free(run *r)
{
    free(r->jack_of);
    wold__jackknife_free(&r->jk);
    wold__resample_free(&r->rs);
    wold_moments_work_free(r->mw);
}

/* Allocates the workers, runs them, and sums their failure counts. */
static wold_status run_all(run *r, progress_cb *pr, wold_error *err)
{
    wold_boot *b = r->b;
    size_t t = thread_count(&b->opt, (r->q1 - r->q0) + (r->j1 - r->j0));
    worker *ws = calloc(t, sizeof *ws);
    if (ws == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the bootstrap");
    wold_status st = WOLD_OK;
    size_t made = 0;
    for (; made < t && st == WOLD_OK; made++)
        st = worker_alloc(&ws[made], r, err);
    if (st == WOLD_OK) {
#ifdef OPENBLAS_VERSION
        int blas_threads = openblas_get_num_threads();
        openblas_set_num_threads(1);
#endif
        run_workers(ws, t, pr);
#ifdef OPENBLAS_VERSION
        openblas_set_num_threads(blas_threads);
#endif
        for (size_t i = 0; i < t; i++) {
            for (int c = 0; c < WOLD_BOOT_N_FAILURES; c++)
                b->failures[c] += ws[i].failures[c];
            b->jack_failed += ws[i].jack_failed;
        }
    }
    for (size_t i = 0; i < made; i++)
        worker_free(&ws[i]);
    free(ws);
    return st;
}

wold_status wold_boot_run(wold_boot **out, const wold_fit *fit,
                          const wold_moments *mo, const wold_data *data,
                          const wold_boot_options *opt,
                          wold_boot_progress progress, void *user,
                          wold_error *err)
{
    *out = NULL;
    WOLD_TRY(check_options(opt, err));
    int jack = opt->jackknife || (opt->ci & WOLD_BOOT_CI_BCA);
    WOLD_TRY(check_inputs(fit, mo, data, jack, err));
    wold_boot *b = NULL;
    run r;
    memset(&r, 0, sizeof r);
    progress_cb pr = {progress, user, 0};
    wold_status st = boot_alloc(&b, fit, opt, jack_rows(data, mo), err);
    if (st == WOLD_OK)
        st = originals(b, mo, err);
    if (st == WOLD_OK)
        st = run_alloc(&r, b, data, mo, err);
    if (st == WOLD_OK)
        st = run_all(&r, &pr, err);
    /* A part waits for the others (wold_boot_join) to be summarised. */
    if (st == WOLD_OK && b->n_parts == 1)
        st = summarise_all(b, err);
    else if (st == WOLD_OK)
        unsummarised(b);
    run_free(&r);
    if (st != WOLD_OK) {
        wold_boot_free(b);
        return st;
    }
    /* The caller's statistics are read during the run only: the labels
     * were copied, and nothing may call fn after it returns. */
    b->opt.extra = NULL;
    b->stats.extra = NULL;
    *out = b;
    return WOLD_OK;
}

/* ---- accessors -------------------------------------------------------- */

void wold_boot_free(wold_boot *b)
{
    if (b == NULL)
        return;
    wold__stat_list_free(&b->stats);
    free(b->values);
    free(b->status);
    free(b->draws);
    free(b->jack);
    free(b->jack_status);
    free(b);
}

const wold_boot_options *wold_boot_options_used(const wold_boot *b)
{
    return &b->opt;
}
const wold_fit *wold_boot_fit(const wold_boot *b) { return b->fit; }
size_t wold_boot_n_stats(const wold_boot *b) { return b->stats.n; }
const wold_boot_stat *wold_boot_stat_get(const wold_boot *b, size_t k)
{
    return k < b->stats.n ? &b->stats.s[k] : NULL;
}

const wold_boot_stat *wold_boot_find(const wold_boot *b, wold_stat_kind kind,
                                     size_t lv, size_t lv2, size_t mv)
{
    for (size_t k = 0; k < b->stats.n; k++) {
        const wold_boot_stat *s = &b->stats.s[k];
        if (s->kind == kind && s->lv == lv && s->lv2 == lv2 && s->mv == mv)
            return s;
    }
    return NULL;
}

size_t wold_boot_n_replicates(const wold_boot *b) { return b->B; }
size_t wold_boot_n_used(const wold_boot *b) { return b->used; }
size_t wold_boot_n_failures(const wold_boot *b, wold_boot_failure cause)
{
    return (int)cause >= 0 && cause < WOLD_BOOT_N_FAILURES ? b->failures[cause]
                                                           : 0;
}

const char *wold_boot_failure_name(wold_boot_failure cause)
{
    static const char *const names[] = {"zero_variance", "mode_b",
                                        "convergence", "plsc", "numeric"};
    return (int)cause >= 0 && cause < WOLD_BOOT_N_FAILURES ? names[cause]
                                                           : "unknown";
}

size_t wold_boot_n_jackknife(const wold_boot *b) { return b->n_jack; }
size_t wold_boot_n_jackknife_failed(const wold_boot *b)
{
    return b->jack_failed;
}
const double *wold_boot_values(const wold_boot *b) { return b->values; }
int wold_boot_replicate_status(const wold_boot *b, size_t r)
{
    return r < b->B ? b->status[r] : -1;
}
int wold_boot_replicate_draws(const wold_boot *b, size_t r)
{
    return r < b->B ? b->draws[r] : 0;
}
