/*
 * nation.c - the batch national index (docs/methods.md, section 16): the
 * model fitted to each company's rows, companies in parallel (one thread
 * per company fit, the company's bootstrap on that thread), then the
 * indices aggregated to industries, sectors and the nation.  Each
 * company's result depends on its own rows and name only, never on the
 * thread that ran it, so the output is the same for any thread count.
 */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cblas.h>

#include "csi/nation.h"
#include "data/data.h"
#include "util/util.h"

#define MAX_THREADS 256
/* Parts of a run (MPI ranks): small enough that the shares cannot
 * overflow. */
#define MAX_PARTS (1 << 20)

void wold_nation_options_default(wold_nation_options *opt)
{
    memset(opt, 0, sizeof *opt);
    wold_fit_options_default(&opt->fit);
    opt->missing = WOLD_MISSING_LISTWISE;
    opt->seed = 1;
    opt->level = 0.95;
}

const char *wold_nation_status_name(wold_nation_status st)
{
    static const char *const names[] = {"used", "too small",
                                        "zero variance", "not converged",
                                        "fit failed"};
    return (unsigned)st < 5 ? names[st] : "unknown";
}

/* FNV-1a: a company's bootstrap seed follows its name, not its place in
 * the file, so adding a company to a wave changes no other company. */
static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* ---- one company ----------------------------------------------------- */

typedef struct ctx {
    wold_nation *nt;
    const wold_data *data;
    size_t min_n;
    size_t c0, c1;            /* the part's companies */
    atomic_size_t next;
} ctx;

static int set_note(wold__company *co, wold_nation_status st,
                    const char *fmt, ...) WOLD_PRINTF(3, 4);
static int set_note(wold__company *co, wold_nation_status st,
                    const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    wold__vformat_text(buf, sizeof buf, fmt, ap);
    va_end(ap);
    co->status = st;
    free(co->note);
    co->note = wold__strdup(buf);
    if (co->note == NULL) {
        co->fatal = WOLD_FAIL(&co->fatal_err, WOLD_ENOMEM, "out of memory");
        return -1;
    }
    return 0;
}

/* A status that stops the whole run (memory, or a caller's mistake). */
static int fatal(wold__company *co, wold_status st, const wold_error *e)
{
    if (st != WOLD_ENOMEM && st != WOLD_EUSAGE)
        return 0;
    co->fatal = st;
    co->fatal_err = *e;
    return 1;
}

/* The company's rows as a data set of their own (weights kept). */
static wold_status company_data(const ctx *cx, size_t c, wold_data **out,
                                wold_error *err)
{
    const wold__layout *lay = &cx->nt->lay;
    const wold_data *d = cx->data;
    size_t r0 = lay->row_start[c], m = lay->row_start[c + 1] - r0;
    double *x = malloc((m ? m : 1) * d->p * sizeof *x);
    if (x == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    for (size_t k = 0; k < m; k++)
        memcpy(x + k * d->p, d->x + lay->rows[r0 + k] * d->p,
               d->p * sizeof *x);
    wold_status st = wold_data_from_matrix(
        out, x, m, d->p, (const char *const *)d->names, err);
    free(x);
    if (st != WOLD_OK || d->w == NULL)
        return st;
    (*out)->w = malloc((m ? m : 1) * sizeof *(*out)->w);
    if ((*out)->w == NULL) {
        wold_data_free(*out);
        *out = NULL;
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < m; k++)
        (*out)->w[k] = d->w[lay->rows[r0 + k]];
    return WOLD_OK;
}

/* Rows the moments will use: complete ones under listwise deletion, all
 * under mean replacement; rows of weight 0 take no part. */
static size_t usable_rows(const wold_data *d, wold_missing missing)
{
    size_t n = 0;
    for (size_t r = 0; r < d->n; r++) {
        int ok = d->w == NULL || d->w[r] > 0;
        for (size_t i = 0; ok && missing == WOLD_MISSING_LISTWISE && i < d->p;
             i++)
            ok = !isnan(d->x[r * d->p + i]);
        n += (size_t)ok;
    }
    return n;
}

/* 1 (with the note) when an indicator is constant in the company. */
static int zero_variance(wold__company *co, const wold_moments *mo,
                         const wold_model *md)
{
    const double *lo = wold_moments_mins(mo), *hi = wold_moments_maxs(mo);
    for (size_t i = 0; i < wold_moments_p(mo); i++)
        if (lo[i] == hi[i]) {
            char v[32];
            wold_format_double(lo[i], v);
            set_note(co, WOLD_NATION_ZERO_VARIANCE, "indicator %s has one "
                     "value (%s) in all %zu rows: zero variance",
                     wold_model_mv_name(md, i), v, wold_moments_n(mo));
            return 1;
        }
    return 0;
}

/* The bootstrap of the company's indices: s.e. and percentile interval. */
static void company_boot(const ctx *cx, size_t c, const wold_fit *fit,
                         const wold_moments *mo, const wold_data *d,
                         const wold_index *ix)
{
    wold_nation *nt = cx->nt;
    wold__company *co = &nt->comp[c];
    const wold_nation_unit *u = &nt->units[WOLD_NATION_COMPANY][c];
    wold_index_boot *ib = NULL;
    wold_boot *b = NULL;
    wold_error e;
    wold_error_clear(&e);
    if (wold_index_n_defined(ix) == 0)
        return;
    wold_status st = wold_index_boot_alloc(&ib, ix, &e);
    if (st == WOLD_OK) {
        wold_boot_options bo;
        wold_boot_options_default(&bo);
        bo.replicates = nt->opt.replicates;
        bo.seed = nt->opt.seed ^ fnv1a(nt->lay.comp_name[c]);
        bo.threads = 1;
        bo.level = nt->opt.level;
        bo.extra = wold_index_boot_extra(ib);
        st = wold_boot_run(&b, fit, mo, d, &bo, NULL, NULL, &e);
    }
    if (st == WOLD_OK) {
        double *se = (double *)u->se, *lo = (double *)u->lo,
               *hi = (double *)u->hi;
        for (size_t j = 0, k = 0; j < nt->J; j++) {
            if (isnan(wold_index_value(ix, j)))
                continue;
            const wold_boot_stat *s =
                wold_boot_find(b, WOLD_STAT_EXTRA, k++, WOLD_NONE, WOLD_NONE);
            se[j] = s != NULL ? s->se : NAN;
            lo[j] = s != NULL ? s->pct_lo : NAN;
            hi[j] = s != NULL ? s->pct_hi : NAN;
        }
    } else if (!fatal(co, st, &e)) {
        set_note(co, WOLD_NATION_USED, "bootstrap failed: %s", e.message);
    }
    wold_boot_free(b);
    wold_index_boot_free(ib);
}

/* The index of each LV, and why an LV has none. */
static int company_index(const ctx *cx, size_t c, const wold_index *ix)
{
    wold_nation *nt = cx->nt;
    const wold_nation_unit *u = &nt->units[WOLD_NATION_COMPANY][c];
    for (size_t j = 0; j < nt->J; j++) {
        ((double *)u->index)[j] = wold_index_value(ix, j);
        const char *why = wold_index_note(ix, j);
        if (why == NULL)
            continue;
        char **slot = (char **)&u->index_note[j];
        *slot = wold__strdup(why);
        if (*slot == NULL) {
            wold_error e;
            fatal(&nt->comp[c], WOLD_FAIL(&e, WOLD_ENOMEM, "out of memory"),
                  &e);
            return -1;
        }
    }
    return 0;
}

static void company_fit(const ctx *cx, size_t c, const wold_data *d)
{
    wold_nation *nt = cx->nt;
    wold__company *co = &nt->comp[c];
    const wold_model *md = nt->model;
    wold_moments *mo = NULL;
    wold_fit *fit = NULL;
    wold_index *ix = NULL;
    wold_error e;
    wold_error_clear(&e);
    wold_status st = wold_moments_compute(&mo, d, nt->opt.missing, &e);
    if (st != WOLD_OK) {
        if (!fatal(co, st, &e))
            set_note(co, WOLD_NATION_FIT_FAILED, "%s", e.message);
        return;
    }
    if (zero_variance(co, mo, md))
        goto done;
    st = wold_fit_estimate(&fit, md, mo, &nt->opt.fit, &e);
    co->iterations = fit != NULL ? wold_fit_iterations(fit) : 0;
    if (fatal(co, st, &e))
        goto done;
    if (fit != NULL && !wold_fit_converged(fit)) {
        set_note(co, WOLD_NATION_NOT_CONVERGED, "the fit did not converge "
                 "in %d iterations", nt->opt.fit.max_iter);
        goto done;
    }
    if (st != WOLD_OK) {
        set_note(co, WOLD_NATION_FIT_FAILED, "%s", e.message);
        goto done;
    }
    st = wold_index_compute(&ix, fit, mo, &e);
    if (st != WOLD_OK) {
        if (!fatal(co, st, &e))
            set_note(co, WOLD_NATION_FIT_FAILED, "%s", e.message);
        goto done;
    }
    if (company_index(cx, c, ix) == 0 && nt->opt.replicates > 0)
        company_boot(cx, c, fit, mo, d, ix);
done:
    wold_index_free(ix);
    wold_fit_free(fit);
    wold_moments_free(mo);
}

static void company_run(const ctx *cx, size_t c)
{
    wold__company *co = &cx->nt->comp[c];
    wold_data *d = NULL;
    wold_error e;
    wold_status st = company_data(cx, c, &d, &e);
    if (st != WOLD_OK) {
        fatal(co, st, &e);
        return;
    }
    co->n = usable_rows(d, cx->nt->opt.missing);
    if (co->n < cx->min_n || co->n < 2)
        set_note(co, WOLD_NATION_TOO_SMALL, "%zu usable row%s, fewer than "
                 "the %zu the run needs (--min-n)", co->n,
                 co->n == 1 ? "" : "s", cx->min_n < 2 ? 2 : cx->min_n);
    else
        company_fit(cx, c, d);
    wold_data_free(d);
}

static void *worker(void *arg)
{
    ctx *cx = arg;
    for (;;) {
        size_t c = cx->c0 + atomic_fetch_add(&cx->next, 1);
        if (c >= cx->c1)
            break;
        company_run(cx, c);
    }
    return NULL;
}

/* Runs every company on t threads (this one among them). */
static void run_companies(ctx *cx, size_t t)
{
    pthread_t tid[MAX_THREADS];
    size_t started = 0;
#ifdef OPENBLAS_VERSION
    int blas_threads = openblas_get_num_threads();
    openblas_set_num_threads(1);
#endif
    for (; started + 1 < t; started++)
        if (pthread_create(&tid[started], NULL, worker, cx) != 0)
            break;
    worker(cx);
    for (size_t i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
#ifdef OPENBLAS_VERSION
    openblas_set_num_threads(blas_threads);
#endif
}

/* ---- the result ------------------------------------------------------ */

void wold_nation_free(wold_nation *nt)
{
    if (nt == NULL)
        return;
    for (size_t c = 0; nt->comp != NULL && c < nt->lay.n_comp; c++)
        free(nt->comp[c].note);
    size_t nn = nt->n_units[0] * nt->J;
    for (size_t k = 0; nt->notes[0] != NULL && k < nn; k++)
        free(nt->notes[0][k]);
    for (int L = 0; L < 4; L++) {
        free(nt->units[L]);
        free(nt->dbl[L]);
        free(nt->used[L]);
        free(nt->notes[L]);
    }
    free(nt->comp);
    wold__layout_clear(&nt->lay);
    free(nt->group);
    free(nt->industry);
    free(nt->sector);
    free(nt->source);
    free(nt->weights);
    free(nt);
}

static wold_status alloc_level(wold_nation *nt, int L, size_t n,
                               wold_error *err)
{
    size_t J = nt->J, m = n ? n : 1;
    nt->n_units[L] = n;
    nt->units[L] = calloc(m, sizeof *nt->units[L]);
    nt->dbl[L] = malloc(4 * m * J * sizeof *nt->dbl[L]);
    nt->used[L] = calloc(m * J, sizeof *nt->used[L]);
    nt->notes[L] = calloc(m * J, sizeof *nt->notes[L]);
    if (nt->units[L] == NULL || nt->dbl[L] == NULL || nt->used[L] == NULL ||
        nt->notes[L] == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    for (size_t k = 0; k < 4 * m * J; k++)
        nt->dbl[L][k] = NAN;
    for (size_t k = 0; k < n; k++) {
        wold_nation_unit *u = &nt->units[L][k];
        u->index = nt->dbl[L] + k * J;
        u->se = nt->dbl[L] + (n + k) * J;
        u->lo = nt->dbl[L] + (2 * n + k) * J;
        u->hi = nt->dbl[L] + (3 * n + k) * J;
        u->used = nt->used[L] + k * J;
        u->index_note = (const char *const *)nt->notes[L] + k * J;
        u->parent = WOLD_NONE;
        u->weight = 1.0;
    }
    return WOLD_OK;
}

static wold_status alloc_result(wold_nation *nt, wold_error *err)
{
    const wold__layout *lay = &nt->lay;
    nt->comp = calloc(lay->n_comp ? lay->n_comp : 1, sizeof *nt->comp);
    if (nt->comp == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    WOLD_TRY(alloc_level(nt, WOLD_NATION_COMPANY, lay->n_comp, err));
    WOLD_TRY(alloc_level(nt, WOLD_NATION_INDUSTRY, lay->n_ind, err));
    WOLD_TRY(alloc_level(nt, WOLD_NATION_SECTOR, lay->n_sec, err));
    WOLD_TRY(alloc_level(nt, WOLD_NATION_NATION, 1, err));
    nt->units[WOLD_NATION_NATION][0].name = "nation";
    return WOLD_OK;
}

/* The units' names, parents, sizes and weights from the layout. */
static void describe_units(wold_nation *nt)
{
    const wold__layout *lay = &nt->lay;
    for (size_t c = 0; c < lay->n_comp; c++) {
        wold_nation_unit *u = &nt->units[WOLD_NATION_COMPANY][c];
        u->name = lay->comp_name[c];
        u->parent = lay->comp_ind[c];
        u->n = nt->comp[c].n;
        u->weight = lay->comp_w[c];
        u->status = nt->comp[c].status;
        u->note = nt->comp[c].note;
        u->iterations = nt->comp[c].iterations;
        nt->n_left_out += u->status != WOLD_NATION_USED;
    }
    for (size_t i = 0; i < lay->n_ind; i++) {
        wold_nation_unit *u = &nt->units[WOLD_NATION_INDUSTRY][i];
        u->name = lay->ind_name[i];
        u->parent = lay->ind_sec[i];
        u->weight = lay->ind_w[i];
    }
    for (size_t c = 0; c < lay->n_comp; c++)
        nt->units[WOLD_NATION_INDUSTRY][lay->comp_ind[c]].n++;
    for (size_t s = 0; s < lay->n_sec; s++) {
        wold_nation_unit *u = &nt->units[WOLD_NATION_SECTOR][s];
        u->name = lay->sec_name[s];
        u->weight = lay->sec_w[s];
    }
    for (size_t i = 0; i < lay->n_ind; i++)
        nt->units[WOLD_NATION_SECTOR][lay->ind_sec[i]].n++;
    nt->units[WOLD_NATION_NATION][0].n = lay->n_sec;
}

/* One LV's aggregates into the industry, sector and nation units. */
static wold_status aggregate_lv(wold_nation *nt, size_t j, double *buf)
{
    const wold__layout *lay = &nt->lay;
    size_t nc = lay->n_comp, ni = lay->n_ind, ns = lay->n_sec;
    double *x = buf, *se = x + nc;
    wold__agg a;
    a.ind = se + nc, a.ind_se = a.ind + ni;
    a.sec = a.ind_se + ni, a.sec_se = a.sec + ns;
    size_t *counts = malloc((ni + ns) * sizeof *counts);
    if (counts == NULL)
        return WOLD_ENOMEM;
    a.ind_used = counts, a.sec_used = counts + ni;
    for (size_t c = 0; c < nc; c++) {
        const wold_nation_unit *u = &nt->units[WOLD_NATION_COMPANY][c];
        int in = u->status == WOLD_NATION_USED && isfinite(u->index[j]);
        x[c] = in ? u->index[j] : NAN;
        se[c] = in ? u->se[j] : NAN;
        ((size_t *)u->used)[j] = (size_t)in;
    }
    wold__aggregate(lay, x, se, &a);
    for (size_t i = 0; i < ni; i++) {
        wold_nation_unit *u = &nt->units[WOLD_NATION_INDUSTRY][i];
        ((double *)u->index)[j] = a.ind[i];
        ((double *)u->se)[j] = a.ind_se[i];
        ((size_t *)u->used)[j] = a.ind_used[i];
    }
    for (size_t s = 0; s < ns; s++) {
        wold_nation_unit *u = &nt->units[WOLD_NATION_SECTOR][s];
        ((double *)u->index)[j] = a.sec[s];
        ((double *)u->se)[j] = a.sec_se[s];
        ((size_t *)u->used)[j] = a.sec_used[s];
    }
    wold_nation_unit *u = &nt->units[WOLD_NATION_NATION][0];
    ((double *)u->index)[j] = a.nat;
    ((double *)u->se)[j] = a.nat_se;
    ((size_t *)u->used)[j] = a.nat_used;
    free(counts);
    return WOLD_OK;
}

static wold_status aggregate(wold_nation *nt, wold_error *err)
{
    describe_units(nt);
    const wold__layout *lay = &nt->lay;
    double *buf = malloc((2 * lay->n_comp + 2 * lay->n_ind + 2 * lay->n_sec)
                         * sizeof *buf + 1);
    if (buf == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    wold_status st = WOLD_OK;
    for (size_t j = 0; j < nt->J && st == WOLD_OK; j++)
        st = aggregate_lv(nt, j, buf);
    free(buf);
    if (st != WOLD_OK)
        return WOLD_FAIL(err, st, "out of memory");
    nt->joined = nt->n_parts;
    nt->opt.part = nt->opt.n_parts = 0;
    return WOLD_OK;
}

wold_status wold__nation_finish(wold_nation *nt, wold_error *err)
{
    return aggregate(nt, err);
}

void wold__nation_share(const wold_nation *nt, size_t k, size_t *c0,
                        size_t *c1)
{
    size_t n = nt->lay.n_comp, np = nt->n_parts;
    /* floor(n k / np) without overflow (np is at most MAX_PARTS). */
    *c0 = n / np * k + n % np * k / np;
    *c1 = n / np * (k + 1) + n % np * (k + 1) / np;
}

/* ---- the run ---------------------------------------------------------- */

static wold_status check_input(const wold_model *model, const wold_data *data,
                               const wold_nation_options *opt, wold_error *err)
{
    if (wold_data_n_cols(data) != wold_model_n_mv(model))
        return WOLD_FAIL(err, WOLD_EUSAGE, "the data have %zu columns but "
                         "the model has %zu indicators: read the data with "
                         "the model", wold_data_n_cols(data),
                         wold_model_n_mv(model));
    if (!(opt->level > 0 && opt->level < 1))
        return WOLD_FAIL(err, WOLD_EUSAGE, "the level of the intervals must "
                         "be in (0, 1), got %g", opt->level);
    if (opt->threads < 0 || opt->threads > MAX_THREADS)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the number of threads must be "
                         "0 to %d, got %d", MAX_THREADS, opt->threads);
    if (opt->n_parts > MAX_PARTS || (opt->n_parts > 1 && opt->part >= opt->n_parts) ||
        (opt->n_parts <= 1 && opt->part != 0))
        return WOLD_FAIL(err, WOLD_EUSAGE, "the part must be below the "
                         "number of parts (at most %d), got part %zu of %zu",
                         MAX_PARTS, opt->part, opt->n_parts);
    for (size_t i = 0; i < wold_model_n_mv(model); i++) {
        double lo, hi;
        if (!wold_model_mv_scale(model, i, &lo, &hi)) {
            char msg[600];
            snprintf(msg, sizeof msg, "no scale for %s: the index needs "
                     "every indicator's scale; give it in the model file (a "
                     "scale statement, docs/model-syntax.md) or with --scale "
                     "MIN:MAX", wold_model_mv_name(model, i));
            return wold_model_error_at_mv(model, i, err, msg);
        }
    }
    return WOLD_OK;
}

static wold_status copy_names(wold_nation *nt, const wold_data *data,
                              const wold_nation_options *opt, wold_error *err)
{
    nt->group = opt->group ? wold__strdup(opt->group) : NULL;
    nt->industry = opt->industry ? wold__strdup(opt->industry) : NULL;
    nt->sector = opt->sector ? wold__strdup(opt->sector) : NULL;
    nt->source = wold__strdup(wold_data_source(data));
    const char *w = wold_data_weights_name(data);
    nt->weights = w != NULL ? wold__strdup(w) : NULL;
    if ((opt->group && !nt->group) || (opt->industry && !nt->industry) ||
        (opt->sector && !nt->sector) || !nt->source || (w && !nt->weights))
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    nt->opt.group = nt->group;
    nt->opt.industry = nt->industry;
    nt->opt.sector = nt->sector;
    nt->opt.revenue = NULL; /* read once; the layout keeps the weights */
    nt->opt.sector_weights = NULL;
    return WOLD_OK;
}

static size_t thread_count(const wold_nation_options *opt, size_t jobs)
{
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    size_t t = opt->threads > 0 ? (size_t)opt->threads
                                : (size_t)(online > 0 ? online : 1);
    t = t > MAX_THREADS ? MAX_THREADS : t;
    return t > jobs ? (jobs ? jobs : 1) : t;
}

static wold_status run(wold_nation *nt, const wold_data *data,
                       const wold_nation_options *opt, wold_error *err)
{
    WOLD_TRY(copy_names(nt, data, opt, err));
    WOLD_TRY(wold__layout_build(&nt->lay, data, opt, err));
    WOLD_TRY(alloc_result(nt, err));
    ctx cx;
    cx.nt = nt;
    cx.data = data;
    cx.min_n = opt->min_n ? opt->min_n : wold_model_n_mv(nt->model) + 1;
    wold__nation_share(nt, opt->part, &cx.c0, &cx.c1);
    atomic_init(&cx.next, 0);
    run_companies(&cx, thread_count(opt, cx.c1 - cx.c0));
    for (size_t c = cx.c0; c < cx.c1; c++)
        if (nt->comp[c].fatal != WOLD_OK) { /* the first in company order */
            if (err != NULL)
                *err = nt->comp[c].fatal_err;
            return nt->comp[c].fatal;
        }
    /* A part waits for the others (wold_nation_join). */
    return nt->n_parts > 1 ? WOLD_OK : aggregate(nt, err);
}

wold_status wold_nation_run(wold_nation **out, const wold_model *model,
                            const wold_data *data,
                            const wold_nation_options *opt, wold_error *err)
{
    if (out == NULL || model == NULL || data == NULL || opt == NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE, "wold_nation_run: NULL argument");
    *out = NULL;
    WOLD_TRY(check_input(model, data, opt, err));
    wold_nation *nt = calloc(1, sizeof *nt);
    if (nt == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    nt->model = model;
    nt->opt = *opt;
    nt->J = wold_model_n_lv(model);
    nt->rows = wold_data_n_rows(data);
    nt->n_parts = opt->n_parts > 1 ? opt->n_parts : 1;
    nt->joined = opt->part == 0;
    wold_status st = run(nt, data, opt, err);
    if (st != WOLD_OK) {
        wold_nation_free(nt);
        return st;
    }
    *out = nt;
    return WOLD_OK;
}

/* ---- accessors -------------------------------------------------------- */

const wold_model *wold_nation_model(const wold_nation *nt)
{
    return nt->model;
}

const wold_nation_options *wold_nation_options_used(const wold_nation *nt)
{
    return &nt->opt;
}

size_t wold_nation_n_units(const wold_nation *nt, wold_nation_level level)
{
    return (unsigned)level < 4 ? nt->n_units[level] : 0;
}

const wold_nation_unit *wold_nation_unit_get(const wold_nation *nt,
                                             wold_nation_level level,
                                             size_t k)
{
    if ((unsigned)level >= 4 || k >= nt->n_units[level])
        return NULL;
    return &nt->units[level][k];
}

size_t wold_nation_n_left_out(const wold_nation *nt)
{
    return nt->n_left_out;
}
