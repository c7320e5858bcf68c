/*
 * panel.c - rows of a simulated panel in blocks (panel.h).
 *
 * Formatting the doubles is most of the cost (bench/README.md, "wold
 * simulate"), and it is a pure function of each value, so it runs on
 * worker threads while the calling thread keeps the one random stream:
 * it draws block after block into a ring of slots, the workers format
 * the slots in any order, and the calling thread writes them in block
 * order.  With one thread the same three steps run one after the other.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "panel.h"
#include "util/dtoa.h"
#include "util/util.h"

/* Text of about this many bytes per block. */
#define SIM_BLOCK_BYTES (1u << 20)

enum { SLOT_FREE, SLOT_DRAWN, SLOT_FORMATTED };

typedef struct sim_slot {
    double *x;        /* rows x p values, NaN = missing */
    char *text;
    size_t row0, rows, len;
    int state;
} sim_slot;

/* ---- drawing ----------------------------------------------------------- */

void wold__sim_draw_row(const wold__population *pop, wold__mt *rng,
                        wold__sim_draw *w, double shift, double missing,
                        double *x)
{
    size_t n = pop->n_lv, p = pop->n_mv;
    const double *lambda = pop->lambda, *eps_sd = pop->eps_sd;
    const size_t *mv_lv = pop->mv_lv;
    for (size_t k = 0; k < n; k++)
        w->zeta[k] = wold__mt_gaussian(rng, pop->zeta_sd[k]);
    for (size_t t = 0; t < n; t++) {
        size_t k = pop->order[t];
        double e = w->zeta[k];
        const double *b = pop->beta + k * n;
        for (size_t j = 0; j < n; j++)
            e += b[j] * w->eta[j]; /* beta is 0 off the paths */
        w->eta[k] = e;
    }
    /* A company's mean shift moves every LV alike, after the paths, so
     * that the structural model within a company is the population's. */
    for (size_t k = 0; k < n; k++)
        w->eta[k] += shift;
    for (size_t i = 0; i < p; i++)
        x[i] = lambda[i] * w->eta[mv_lv[i]] +
               wold__mt_gaussian(rng, eps_sd[i]);
    /* Drawn even when missing is 0, so that --missing only blanks cells;
     * with no missing cells, the p words the uniforms take are skipped. */
    if (!(missing > 0)) {
        wold__mt_skip(rng, p);
        return;
    }
    for (size_t i = 0; i < p; i++)
        w->u[i] = wold__mt_uniform(rng);
    for (size_t i = 0; i < p; i++)
        if (w->u[i] < missing)
            x[i] = NAN;
}

static void draw_slot(const wold__sim_job *job, sim_slot *s)
{
    const wold_simulate_options *opt = job->opt;
    size_t p = job->pop->n_mv, g_last = (size_t)-1;
    double shift = 0.0;
    for (size_t r = 0; r < s->rows; r++) {
        size_t g = (s->row0 + r) / opt->n;
        if (opt->groups > 0 && g != g_last) {
            shift = wold_simulate_group_shift(opt, g);
            g_last = g;
        }
        wold__sim_draw_row(job->pop, job->rng, job->draw, shift,
                           opt->missing, s->x + r * p);
    }
}

/* ---- formatting -------------------------------------------------------- */

/* v in decimal at dst; returns the number of bytes (at most 11). */
static size_t put_int(char *dst, int v)
{
    char tmp[12];
    size_t n = 0, len = 0;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do {
        tmp[n++] = (char)('0' + u % 10u);
        u /= 10u;
    } while (u != 0);
    if (v < 0)
        dst[len++] = '-';
    while (n > 0)
        dst[len++] = tmp[--n];
    return len;
}

/* Likert coding: round(mid + x (hi - lo) / 6), clamped to [lo, hi]. */
static int likert(double x, int lo, int hi)
{
    double v = round(0.5 * ((double)lo + hi) + x * ((double)hi - lo) / 6.0);
    if (v < lo)
        return lo;
    if (v > hi)
        return hi;
    return (int)v;
}

/* Digits of the largest of n values 0 .. n - 1 (at least 1). */
static int width(size_t n)
{
    int d = 1;
    for (size_t v = n > 0 ? n - 1 : 0; v >= 10; v /= 10)
        d++;
    return d;
}

/* "C007,I03,S1,": company g's labels, numbered from 1, zero-padded. */
static size_t format_labels(char *dst, const wold_simulate_options *opt,
                            size_t g)
{
    size_t i = g % opt->industries, s = i % opt->sectors;
    int w = snprintf(dst, WOLD__SIM_LABEL_MAX, "C%0*zu,I%0*zu,S%0*zu,",
                     width(opt->groups + 1), g + 1,
                     width(opt->industries + 1), i + 1,
                     width(opt->sectors + 1), s + 1);
    return w > 0 ? (size_t)w : 0;
}

static char *format_cell(char *dst, double x, const wold_simulate_options *o)
{
    if (isnan(x))
        return dst; /* missing: an empty cell */
    if (o->scale_lo != 0 || o->scale_hi != 0)
        return dst + put_int(dst, likert(x, o->scale_lo, o->scale_hi));
    if (o->digits > 0)
        return dst + wold__dtoa_digits(x, (int)o->digits, dst);
    return dst + wold__dtoa_shortest(x, dst);
}

static void format_slot(const wold__sim_job *job, sim_slot *s)
{
    const wold_simulate_options *opt = job->opt;
    size_t p = job->pop->n_mv, g_last = (size_t)-1, label_len = 0;
    char label[WOLD__SIM_LABEL_MAX], *dst = s->text;
    for (size_t r = 0; r < s->rows; r++) {
        if (opt->groups > 0) {
            size_t g = (s->row0 + r) / opt->n;
            if (g != g_last) {
                label_len = format_labels(label, opt, g);
                g_last = g;
            }
            memcpy(dst, label, label_len);
            dst += label_len;
        }
        const double *x = s->x + r * p;
        for (size_t i = 0; i < p; i++) {
            dst = format_cell(dst, x[i], opt);
            *dst++ = i + 1 < p ? ',' : '\n';
        }
    }
    s->len = (size_t)(dst - s->text);
}

static wold_status write_bytes(FILE *f, const char *b, size_t n,
                               wold_error *err)
{
    if (fwrite(b, 1, n, f) != n) {
        int e = errno;
        return WOLD_FAIL(err, WOLD_EIO, "cannot write: %s",
                         e != 0 ? strerror(e) : "short write");
    }
    return WOLD_OK;
}

/* ---- the ring of slots ------------------------------------------------- */

typedef struct sim_ring {
    const wold__sim_job *job;
    sim_slot *slot;
    size_t n_slots, rows_per_block, n_blocks;
    size_t drawn, taken; /* blocks drawn by the caller, taken by workers */
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
} sim_ring;

static size_t row_max(const wold__sim_job *job)
{
    return job->pop->n_mv * WOLD__SIM_CELL_MAX + 1 + WOLD__SIM_LABEL_MAX;
}

static void ring_free(sim_ring *r)
{
    for (size_t i = 0; r->slot != NULL && i < r->n_slots; i++) {
        free(r->slot[i].x);
        free(r->slot[i].text);
    }
    free(r->slot);
}

static wold_status ring_alloc(sim_ring *r, const wold__sim_job *job,
                              size_t n_slots, wold_error *err)
{
    size_t rows = job->opt->n * (job->opt->groups ? job->opt->groups : 1);
    size_t per = SIM_BLOCK_BYTES / row_max(job);
    r->job = job;
    r->rows_per_block = per > 0 ? per : 1;
    r->n_blocks = (rows + r->rows_per_block - 1) / r->rows_per_block;
    r->n_slots = n_slots < r->n_blocks ? n_slots : r->n_blocks;
    r->drawn = r->taken = 0;
    r->stop = 0;
    r->slot = calloc(r->n_slots, sizeof *r->slot);
    for (size_t i = 0; r->slot != NULL && i < r->n_slots; i++) {
        r->slot[i].x = malloc(r->rows_per_block * job->pop->n_mv *
                              sizeof(double) + 1);
        r->slot[i].text = malloc(r->rows_per_block * row_max(job));
        if (r->slot[i].x == NULL || r->slot[i].text == NULL)
            break;
        if (i + 1 == r->n_slots)
            return WOLD_OK;
    }
    ring_free(r);
    r->slot = NULL;
    return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the panel's "
                     "buffers");
}

/* Block b's rows into its slot. */
static sim_slot *ring_slot(sim_ring *r, size_t b)
{
    sim_slot *s = &r->slot[b % r->n_slots];
    size_t rows = r->job->opt->n *
                  (r->job->opt->groups ? r->job->opt->groups : 1);
    s->row0 = b * r->rows_per_block;
    s->rows = rows - s->row0 < r->rows_per_block ? rows - s->row0
                                                 : r->rows_per_block;
    return s;
}

static wold_status write_sequential(sim_ring *r, wold_error *err)
{
    for (size_t b = 0; b < r->n_blocks; b++) {
        sim_slot *s = ring_slot(r, b);
        draw_slot(r->job, s);
        format_slot(r->job, s);
        WOLD_TRY(write_bytes(r->job->f, s->text, s->len, err));
    }
    return WOLD_OK;
}

static void *worker(void *arg)
{
    sim_ring *r = arg;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (!r->stop && r->taken == r->drawn)
            pthread_cond_wait(&r->work, &r->mu);
        if (r->stop)
            break;
        sim_slot *s = &r->slot[r->taken++ % r->n_slots];
        pthread_mutex_unlock(&r->mu);
        format_slot(r->job, s);
        pthread_mutex_lock(&r->mu);
        s->state = SLOT_FORMATTED;
        pthread_cond_signal(&r->done);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* The caller's side: draw while a slot is free, else write the next block
 * in order once it is formatted. */
static wold_status feed(sim_ring *r, wold_error *err)
{
    size_t next_write = 0;
    while (next_write < r->n_blocks) {
        sim_slot *w = &r->slot[next_write % r->n_slots];
        pthread_mutex_lock(&r->mu);
        int ready = w->state == SLOT_FORMATTED;
        int can_draw = r->drawn < r->n_blocks &&
                       r->drawn - next_write < r->n_slots;
        if (!ready && !can_draw)
            while (w->state != SLOT_FORMATTED)
                pthread_cond_wait(&r->done, &r->mu);
        ready = w->state == SLOT_FORMATTED;
        pthread_mutex_unlock(&r->mu);
        if (ready) {
            WOLD_TRY(write_bytes(r->job->f, w->text, w->len, err));
            pthread_mutex_lock(&r->mu);
            w->state = SLOT_FREE;
            pthread_mutex_unlock(&r->mu);
            next_write++;
        } else {
            sim_slot *s = ring_slot(r, r->drawn);
            draw_slot(r->job, s);
            pthread_mutex_lock(&r->mu);
            s->state = SLOT_DRAWN;
            r->drawn++;
            pthread_cond_signal(&r->work);
            pthread_mutex_unlock(&r->mu);
        }
    }
    return WOLD_OK;
}

static wold_status write_threaded(sim_ring *r, unsigned threads,
                                  wold_error *err)
{
    pthread_t tid[WOLD_SIM_MAX_THREADS];
    unsigned started = 0;
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->work, NULL);
    pthread_cond_init(&r->done, NULL);
    while (started < threads &&
           pthread_create(&tid[started], NULL, worker, r) == 0)
        started++;
    /* Without a worker the caller formats too: fewer threads, same bytes. */
    wold_status st = started > 0 ? feed(r, err) : write_sequential(r, err);
    pthread_mutex_lock(&r->mu);
    r->stop = 1;
    pthread_cond_broadcast(&r->work);
    pthread_mutex_unlock(&r->mu);
    for (unsigned t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_cond_destroy(&r->done);
    pthread_cond_destroy(&r->work);
    pthread_mutex_destroy(&r->mu);
    return st;
}

wold_status wold__sim_write_rows(const wold__sim_job *job, const char *header,
                                 size_t header_len, wold_error *err)
{
    unsigned threads = job->threads > 0 ? job->threads : 1;
    sim_ring r;
    /* Two slots per worker keep each busy while the caller draws and
     * writes; one slot is enough alone. */
    WOLD_TRY(ring_alloc(&r, job, threads > 1 ? 2 * (size_t)threads + 1 : 1,
                        err));
    if (threads > r.n_blocks)
        threads = (unsigned)r.n_blocks;
    wold_status st = write_bytes(job->f, header, header_len, err);
    if (st == WOLD_OK)
        st = threads > 1 ? write_threaded(&r, threads, err)
                         : write_sequential(&r, err);
    ring_free(&r);
    return st;
}
