/*
 * infer.h - the bootstrap and the jackknife, inside the library: the
 * statistics table, the random streams, the resampled moments, the
 * replicate fit and the interval arithmetic (docs/methods.md, section 10).
 */
#ifndef WOLD_INFER_H
#define WOLD_INFER_H

#include <stddef.h>
#include <stdint.h>

#include <wold/wold.h>

#include "moments/moments.h"

/* ---- random streams (rng.c) ------------------------------------------- */

/* A splitmix64 stream (Steele, Lea and Flood 2014). */
typedef struct wold__rng {
    uint64_t state;
} wold__rng;

/* The stream of draw `draw` of replicate r: its start is a hash of
 * (seed, r, draw) only, never of a thread. */
void wold__rng_seed(wold__rng *g, uint64_t seed, uint64_t r, uint64_t draw);
uint64_t wold__rng_next(wold__rng *g);
/* Uniform on 0 .. n-1, without modulo bias (Lemire 2019), n < 2^32. */
uint32_t wold__rng_below(wold__rng *g, uint32_t n);
/* counts[0..n-1]: how often each row is drawn in n draws with
 * replacement. */
void wold__rng_counts(wold__rng *g, uint32_t *counts, size_t n);

/* ---- the statistics (stats.c) ----------------------------------------- */

typedef struct wold__stat_list {
    size_t n;
    wold_boot_stat *s;   /* labels point into text */
    char *text;
    /* The caller's statistics (wold_boot_extra), or NULL: the last
     * extra->n entries of s, kind WOLD_STAT_EXTRA, lv = k. */
    const wold_boot_extra *extra;
} wold__stat_list;

/* The statistics of md, labels included, then those of extra (NULL: none;
 * its labels are copied), with original, and every other number NaN.
 * Returns WOLD_OK or WOLD_ENOMEM. */
wold_status wold__stats_build(wold__stat_list *list, const wold_model *md,
                              const wold_boot_extra *extra);

/* One fit's caller statistics into row (the whole row: they go to its
 * last extra->n entries); nothing without extra.  Returns fn's result. */
int wold__stats_extra(const wold__stat_list *list, const wold_fit *fit,
                      const wold_moments *mo, double *row);
void wold__stat_list_free(wold__stat_list *list);

/* One fit's statistics: row[k] for statistic k, from the fit and the
 * moments mo it was estimated on (HTMT and rhoA read them); scratch holds
 * wold__stats_scratch doubles.  Allocates nothing. */
void wold__stats_row(const wold__stat_list *list, const wold_fit *fit,
                     const wold_moments *mo, double *scratch, double *row);
/* Doubles of scratch wold__stats_row and wold__stats_sign need. */
size_t wold__stats_scratch(const wold_model *md);

/* Applies the sign-change rule to a replicate's row, against the
 * original estimates (list->s[k].original); scratch holds 2 J doubles. */
void wold__stats_sign(const wold__stat_list *list, const wold_model *md,
                      wold_sign_change rule, double *row, double *scratch);

/* ---- one replicate's fit (replicate.c) ------------------------------- */

/* What a thread needs to fit replicates: all of it allocated once. */
typedef struct wold__replicate {
    const wold_model *model;
    const wold__stat_list *stats;
    wold_sign_change sign;
    const double *start;   /* the full-sample fit's weights */
    int plsc_rules;        /* 1: an inadmissible PLSc replicate fails (the
                              original PLSc fit is admissible) */
    wold_fit_work *work;
    double *scratch;       /* wold__stats_scratch(model) */
} wold__replicate;

/*
 * Fits the moments mo (a resample, or a sample with one row left out)
 * and writes its statistics, sign rule applied, to row.  Returns -1, or
 * the wold_boot_failure that stopped it (row then undefined).
 */
int wold__replicate_fit(wold__replicate *rp, const wold_moments *mo,
                        double *row);

/* ---- resampled moments (resample.c) ---------------------------------- */

typedef struct wold__resample {
    const wold_moments *full;
    size_t n, p;      /* the rows the full moments used, columns */
    double *x0;       /* n x p: those rows, missing cells filled with the
                         mean, minus the full-sample means */
    double *w;        /* n: their observation weights, or NULL when the
                         data have none (docs/methods.md 14: a drawn row
                         keeps its weight, count x weight) */
} wold__resample;

/* x0 from data and the moments full computed from it.  Errors:
 * WOLD_ENOMEM. */
wold_status wold__resample_alloc(wold__resample *rs, const wold_moments *full,
                                 const wold_data *data, wold_error *err);
void wold__resample_free(wold__resample *rs);
/* Doubles of scratch wold__resample_moments needs. */
size_t wold__resample_scratch(const wold__resample *rs);
/* Overwrites mo (a copy of the full moments) with the moments of the
 * resample that takes row i counts[i] times (sum of counts = n), with
 * weight counts[i] x w[i] when the data are weighted.  Allocates
 * nothing. */
void wold__resample_moments(const wold__resample *rs, const uint32_t *counts,
                            double *scratch, wold_moments *mo);

/* ---- leave-one-out moments (jackknife.c) ----------------------------- */

typedef struct wold__jackknife {
    const wold_moments *full;
    size_t n, p;
    const double *d;  /* n x p: each used row minus the full-sample means
                         (the resampling copy's x0) */
    const double *w;  /* n: the rows' weights (the copy's w), or NULL */
    unsigned char *constant_without; /* n: leaving row i out leaves a
                                        column constant */
} wold__jackknife;

/* From the resampling copy of the rows (its x0 is d); marks the rows
 * whose leaving out leaves a column constant.  Errors: WOLD_ENOMEM. */
wold_status wold__jackknife_alloc(wold__jackknife *jk,
                                  const wold__resample *rs, wold_error *err);
void wold__jackknife_free(wold__jackknife *jk);
/* Overwrites mo (a copy of the full moments) with the moments of the
 * sample without used row i: a rank-one downdate, O(p^2); weighted data
 * lose row i's weight (a row of weight 0 changes nothing). */
void wold__jackknife_moments(const wold__jackknife *jk, wold_moments *mo,
                             size_t i);

/* ---- intervals (interval.c) ------------------------------------------- */

/* R's quantile type 7 of the sorted x[0..n-1] at probability q. */
double wold__quantile7(const double *sorted, size_t n, double q);

/*
 * The summary of one statistic from its m finite replicate values v
 * (sorted in place) and, when jack is not NULL, its nj finite
 * leave-one-out values: mean, bias, se, t, p (df = n_rows - 1),
 * percentile and, when bca, BCa bounds at level; the HTMT test against
 * threshold when htmt.
 */
void wold__summarise(wold_boot_stat *st, double *v, size_t m,
                     const double *jack, size_t nj, size_t n_rows,
                     double level, int bca, int htmt, double threshold);

/* Jackknife standard error and acceleration of the nj values. */
double wold__jack_se(const double *jack, size_t nj);
double wold__jack_accel(const double *jack, size_t nj);

/* ---- the object (boot.c) ---------------------------------------------- */

struct wold_boot {
    wold_boot_options opt;
    const wold_fit *fit;
    wold__stat_list stats;
    size_t B, used;
    double *values;          /* B x n_stats */
    signed char *status;     /* B: -1 used, else the failure */
    int *draws;              /* B */
    size_t failures[WOLD_BOOT_N_FAILURES];
    size_t n_jack, jack_failed;
    size_t n_rows;           /* rows the fit used (the t tests' df) */
    size_t batch;            /* replicates per batch (from the data) */
    double *jack;            /* n_jack x n_stats, until summarised */
    signed char *jack_status; /* n_jack: -1 used, else the failure */
    size_t n_parts, joined;  /* a run in parts: parts 0 .. joined - 1 are
                                in; joined == n_parts when complete */
};

/* The replicates [*r0, *r1) and jackknife fits [*j0, *j1) of part k of
 * b's run (its batches' share, then its rows' share). */
void wold__boot_share(const wold_boot *b, size_t k, size_t *r0, size_t *r1,
                      size_t *j0, size_t *j1);
/* The summaries' scratch: *v of B doubles, *jv of n_jack (the caller
 * frees both).  Errors: WOLD_ENOMEM. */
wold_status wold__boot_scratch(const wold_boot *b, double **v, double **jv,
                               wold_error *err);
/* Counts the used replicates, summarises every statistic and frees the
 * jackknife's rows: the last step of a run, once every part is in. */
void wold__boot_summarise(wold_boot *b, double *v, double *jv);

#endif
