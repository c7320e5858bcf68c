/*
 * simulate.c - writes CSV panels drawn from a model's population
 * (docs/simulate.md): the options, the header and the random stream; the
 * rows are drawn, formatted and written by panel.c.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model.h"
#include "panel.h"
#include "population.h"
#include "util/util.h"

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
    opt->digits = 0;
    opt->threads = 0;
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
    if (opt->digits > 17)
        return WOLD_FAIL(err, WOLD_EUSAGE, "--digits %u: expected 1 to 17 "
                         "significant digits (0: the shortest that read "
                         "back exactly)", opt->digits);
    if (opt->threads > WOLD_SIM_MAX_THREADS)
        return WOLD_FAIL(err, WOLD_EUSAGE, "--threads %u: expected 0 (all "
                         "cores) to %d", opt->threads, WOLD_SIM_MAX_THREADS);
    return check_wave(opt, err);
}

/* 0 means one formatting thread per online core. */
static unsigned thread_count(unsigned threads)
{
    if (threads > 0)
        return threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1u : n > WOLD_SIM_MAX_THREADS ? WOLD_SIM_MAX_THREADS
                                                 : (unsigned)n;
}

/* The wave's columns, before the indicators. */
static const char wave_header[] = "company,industry,sector,";

/* The header line, allocated (free with free()); NULL when out of memory. */
static char *header_line(const wold_model *model, int wave, size_t *len)
{
    size_t cap = sizeof wave_header + 1, used = 0, last = model->n_mv;
    for (size_t i = 0; i < model->n_mv; i++)
        cap += strlen(model->mv[i].name) + 1;
    char *h = malloc(cap);
    if (h == NULL)
        return NULL;
    if (wave) {
        memcpy(h, wave_header, sizeof wave_header - 1);
        used = sizeof wave_header - 1;
    }
    while (last > 0 && model->mv[last - 1].repeat_of != last - 1)
        last--;
    for (size_t i = 0; i < model->n_mv; i++) {
        if (model->mv[i].repeat_of != i)
            continue; /* a higher-order block's repeat */
        size_t n = strlen(model->mv[i].name);
        memcpy(h + used, model->mv[i].name, n);
        used += n;
        h[used++] = i + 1 < last ? ',' : '\n';
    }
    *len = used;
    return h;
}

/* 64-bit seeds are folded to the 32 bits that GSL's mt19937 reads, so that
 * seeds below 2^32 are used as they are and larger ones still differ. */
static unsigned long fold_seed(uint64_t seed)
{
    return (unsigned long)((seed ^ (seed >> 32)) & 0xFFFFFFFFu);
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

static wold_status write_panel(const wold_model *model,
                               const wold__population *pop,
                               const wold_simulate_options *opt, FILE *f,
                               wold_error *err)
{
    size_t n = pop->n_lv ? pop->n_lv : 1, p = pop->n_mv ? pop->n_mv : 1;
    size_t header_len = 0;
    wold__sim_draw w = {calloc(n, sizeof(double)), calloc(n, sizeof(double)),
                        calloc(p, sizeof(double))};
    char *header = header_line(model, opt->groups > 0, &header_len);
    wold__mt *rng = malloc(sizeof *rng);
    wold_status st;
    if (!w.zeta || !w.eta || !w.u || !header || !rng) {
        st = WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    } else {
        wold__mt_set(rng, fold_seed(opt->seed));
        wold__sim_job job = {pop, opt, rng, &w, f, thread_count(opt->threads)};
        errno = 0;
        st = wold__sim_write_rows(&job, header, header_len, err);
        if (st == WOLD_OK && (fflush(f) != 0 || ferror(f))) {
            int e = errno;
            st = WOLD_FAIL(err, WOLD_EIO, "cannot write: %s",
                           e != 0 ? strerror(e) : "stream error");
        }
    }
    free(rng);
    free(header);
    free(w.zeta);
    free(w.eta);
    free(w.u);
    return st;
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
    wold__blas_serial(); /* the writer's threads need the cores */
    wold__population pop;
    WOLD_TRY(wold__population_build(&pop, model, err));
    wold_status st = write_panel(model, &pop, opt, (FILE *)stream, err);
    wold__population_clear(&pop);
    return st;
}
