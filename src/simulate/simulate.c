/*
 * simulate.c - writes CSV panels drawn from a model's population
 * (docs/simulate.md): the random draws, the Likert coding and a buffered
 * writer that formats some twenty million Likert cells a second without
 * allocating per row.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "model/model.h"
#include "population.h"
#include "util/util.h"

/* Output is flushed in blocks of about this many bytes. */
#define SIM_BLOCK (1u << 20)
/* Longest cell: wold_format_double writes at most 31 bytes, plus a comma. */
#define SIM_CELL_MAX 32

void wold_simulate_options_default(wold_simulate_options *opt)
{
    opt->n = 1000;
    opt->seed = 1;
    opt->scale_lo = 0;
    opt->scale_hi = 0;
    opt->missing = 0.0;
    opt->groups = 0;
    opt->industries = 0;
    opt->sectors = 0;
    opt->shift = 0.5;
}

double wold_simulate_group_shift(const wold_simulate_options *opt, size_t g)
{
    if (opt == NULL || opt->groups == 0 || g >= opt->groups ||
        opt->industries == 0 || opt->sectors == 0)
        return NAN;
    size_t i = g % opt->industries, s = i % opt->sectors;
    double d = ((double)s + 0.5) / (double)opt->sectors +
               ((double)i + 0.5) / (double)opt->industries +
               ((double)g + 0.5) / (double)opt->groups - 1.5;
    return opt->shift * d;
}

static wold_status check_wave(const wold_simulate_options *opt,
                              wold_error *err)
{
    if (opt->groups == 0) {
        if (opt->industries != 0 || opt->sectors != 0)
            return WOLD_FAIL(err, WOLD_EUSAGE, "--industries and --sectors "
                             "need --groups");
        return WOLD_OK;
    }
    if (opt->industries == 0 || opt->sectors == 0 ||
        opt->sectors > opt->industries || opt->industries > opt->groups)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "--groups %zu --industries %zu --sectors %zu: a "
                         "wave needs 1 <= sectors <= industries <= groups",
                         opt->groups, opt->industries, opt->sectors);
    if (!isfinite(opt->shift) || fabs(opt->shift) > 10)
        return WOLD_FAIL(err, WOLD_EUSAGE, "--shift %g: expected a number "
                         "from -10 to 10", opt->shift);
    return WOLD_OK;
}

static wold_status check_options(const wold_simulate_options *opt,
                                 wold_error *err)
{
    if (opt->n == 0)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "-n: the number of rows must be at least 1");
    int continuous = opt->scale_lo == 0 && opt->scale_hi == 0;
    if (!continuous && opt->scale_lo >= opt->scale_hi)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "--scale %d:%d: the low end must be below the high "
                         "end (0:0 means continuous values)",
                         opt->scale_lo, opt->scale_hi);
    if (!(opt->missing >= 0.0 && opt->missing < 1.0))
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "--missing %g: the probability that a cell is "
                         "missing must be in [0, 1)",
                         opt->missing);
    return check_wave(opt, err);
}

/* The writer: a caller-sized buffer flushed with one fwrite per block. */
typedef struct sim_out {
    FILE *f;
    char *buf;
    size_t used, cap;
} sim_out;

static wold_status out_flush(sim_out *o, wold_error *err)
{
    if (o->used > 0 && fwrite(o->buf, 1, o->used, o->f) != o->used) {
        int e = errno;
        return WOLD_FAIL(err, WOLD_EIO, "cannot write: %s",
                         e != 0 ? strerror(e) : "short write");
    }
    o->used = 0;
    return WOLD_OK;
}

/* Formats v in decimal at dst; returns the number of bytes (at most 11). */
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

/* The wave's columns, before the indicators. */
static const char wave_header[] = "company,industry,sector,";

static wold_status write_header(sim_out *o, const wold_model *model,
                                int wave, wold_error *err)
{
    if (wave) {
        memcpy(o->buf, wave_header, sizeof wave_header - 1);
        o->used = sizeof wave_header - 1;
    }
    size_t last = model->n_mv;
    while (last > 0 && model->mv[last - 1].repeat_of != last - 1)
        last--;
    for (size_t i = 0; i < model->n_mv; i++) {
        if (model->mv[i].repeat_of != i)
            continue; /* a higher-order block's repeat */
        size_t len = strlen(model->mv[i].name);
        if (o->used + len + 1 > o->cap)
            WOLD_TRY(out_flush(o, err));
        if (len + 1 > o->cap) { /* a name longer than the block */
            if (fwrite(model->mv[i].name, 1, len, o->f) != len)
                return WOLD_FAIL(err, WOLD_EIO, "cannot write: %s",
                                 errno != 0 ? strerror(errno) : "short write");
        } else {
            memcpy(o->buf + o->used, model->mv[i].name, len);
            o->used += len;
        }
        o->buf[o->used++] = i + 1 < last ? ',' : '\n';
    }
    return WOLD_OK;
}

/* Everything a row needs, allocated once. */
typedef struct sim_work {
    double *zeta;  /* n_lv disturbances */
    double *eta;   /* n_lv latent values */
    double *x;     /* n_mv indicator values */
    double *u;     /* n_mv uniforms deciding missing cells */
} sim_work;

/* Draws one row, in the documented order: disturbances in LV order, then
 * indicator errors in indicator order, then one uniform per cell. */
static void draw_row(const wold__population *pop, gsl_rng *rng,
                     sim_work *w, double shift)
{
    size_t n = pop->n_lv;
    for (size_t k = 0; k < n; k++)
        w->zeta[k] = gsl_ran_gaussian_ziggurat(rng, pop->zeta_sd[k]);
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
    for (size_t i = 0; i < pop->n_mv; i++)
        w->x[i] = pop->lambda[i] * w->eta[pop->mv_lv[i]] +
                  gsl_ran_gaussian_ziggurat(rng, pop->eps_sd[i]);
    for (size_t i = 0; i < pop->n_mv; i++)
        w->u[i] = gsl_rng_uniform(rng);
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

static void format_row(sim_out *o, const sim_work *w, size_t p,
                       const wold_simulate_options *opt)
{
    int continuous = opt->scale_lo == 0 && opt->scale_hi == 0;
    char *dst = o->buf + o->used;
    for (size_t i = 0; i < p; i++) {
        if (!(w->u[i] < opt->missing)) {
            if (continuous) {
                wold_format_double(w->x[i], dst);
                dst += strlen(dst);
            } else {
                dst += put_int(dst, likert(w->x[i], opt->scale_lo,
                                           opt->scale_hi));
            }
        }
        *dst++ = i + 1 < p ? ',' : '\n';
    }
    o->used = (size_t)(dst - o->buf);
}

/* 64-bit seeds are folded to the 32 bits that GSL's mt19937 reads, so that
 * seeds below 2^32 are used as they are and larger ones still differ. */
static unsigned long fold_seed(uint64_t seed)
{
    return (unsigned long)((seed ^ (seed >> 32)) & 0xFFFFFFFFu);
}

/* Digits of the largest of n values 0 .. n - 1 (at least 1). */
static int digits(size_t n)
{
    int d = 1;
    for (size_t v = n > 0 ? n - 1 : 0; v >= 10; v /= 10)
        d++;
    return d;
}

/* "C007,I03,S1,": company g's labels, numbered from 1, zero-padded. */
static void format_labels(sim_out *o, const wold_simulate_options *opt,
                          size_t g)
{
    size_t i = g % opt->industries, s = i % opt->sectors;
    int w = snprintf(o->buf + o->used, o->cap - o->used, "C%0*zu,I%0*zu,S%0*zu,",
                     digits(opt->groups + 1), g + 1,
                     digits(opt->industries + 1), i + 1,
                     digits(opt->sectors + 1), s + 1);
    o->used += (size_t)w;
}

static wold_status write_rows(sim_out *o, const wold__population *pop,
                              const wold_simulate_options *opt, gsl_rng *rng,
                              sim_work *w, wold_error *err)
{
    size_t row_max = pop->n_mv * SIM_CELL_MAX + 1 + 3 * 24;
    size_t G = opt->groups ? opt->groups : 1;
    for (size_t g = 0; g < G; g++) {
        double shift = opt->groups ? wold_simulate_group_shift(opt, g) : 0.0;
        for (size_t r = 0; r < opt->n; r++) {
            if (o->used + row_max > o->cap)
                WOLD_TRY(out_flush(o, err));
            draw_row(pop, rng, w, shift);
            if (opt->groups)
                format_labels(o, opt, g);
            format_row(o, w, pop->n_mv, opt);
        }
    }
    WOLD_TRY(out_flush(o, err));
    if (fflush(o->f) != 0 || ferror(o->f)) {
        int e = errno;
        return WOLD_FAIL(err, WOLD_EIO, "cannot write: %s",
                         e != 0 ? strerror(e) : "stream error");
    }
    return WOLD_OK;
}

/* A wave's label columns must not take an indicator's name. */
static wold_status check_wave_names(const wold_model *model,
                                    const wold_simulate_options *opt,
                                    wold_error *err)
{
    static const char *const cols[] = {"company", "industry", "sector"};
    for (size_t i = 0; opt->groups > 0 && i < model->n_mv; i++)
        for (int k = 0; k < 3; k++)
            if (strcmp(model->mv[i].name, cols[k]) == 0)
                return wold_model_error_at_mv(
                    model, i, err, "an indicator named like a column of "
                    "the wave (company, industry, sector): rename it to "
                    "simulate a wave");
    return WOLD_OK;
}

wold_status wold_simulate_csv(const wold_model *model,
                              const wold_simulate_options *opt, void *stream,
                              wold_error *err)
{
    if (model == NULL || opt == NULL || stream == NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "wold_simulate_csv: model, options and stream must "
                         "not be NULL");
    WOLD_TRY(check_options(opt, err));
    WOLD_TRY(check_wave_names(model, opt, err));
    wold__population pop;
    WOLD_TRY(wold__population_build(&pop, model, err));

    size_t p = pop.n_mv ? pop.n_mv : 1, n = pop.n_lv ? pop.n_lv : 1;
    size_t row_max = p * SIM_CELL_MAX + 1 + 3 * 24;
    sim_out o = {(FILE *)stream, NULL, 0,
                 SIM_BLOCK > 2 * row_max ? SIM_BLOCK : 2 * row_max};
    sim_work w = {calloc(n, sizeof(double)), calloc(n, sizeof(double)),
                  calloc(p, sizeof(double)), calloc(p, sizeof(double))};
    o.buf = malloc(o.cap);
    /* The generator is assembled here rather than by gsl_rng_alloc, whose
     * failure goes through GSL's error handler, and that aborts: the
     * library never aborts, so an allocation failure must come back as
     * WOLD_ENOMEM. */
    gsl_rng gen = {gsl_rng_mt19937, malloc(gsl_rng_mt19937->size)};
    gsl_rng *rng = &gen;
    wold_status st = WOLD_OK;
    if (!o.buf || !w.zeta || !w.eta || !w.x || !w.u || !gen.state) {
        st = WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    } else {
        gsl_rng_set(rng, fold_seed(opt->seed));
        errno = 0;
        st = write_header(&o, model, opt->groups > 0, err);
        if (st == WOLD_OK)
            st = write_rows(&o, &pop, opt, rng, &w, err);
    }
    free(gen.state);
    free(o.buf);
    free(w.zeta);
    free(w.eta);
    free(w.x);
    free(w.u);
    wold__population_clear(&pop);
    return st;
}
