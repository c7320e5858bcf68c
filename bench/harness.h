/*
 * harness.h - the timing harness shared by wold's benchmark programs:
 * a monotonic clock, best-of-k timing, peak RSS, isolation of a
 * measurement in a forked child, and machine-readable result rows.
 */
#ifndef WOLD_BENCH_HARNESS_H
#define WOLD_BENCH_HARNESS_H

#include <stddef.h>
#include <stdio.h>

/* Seconds on a monotonic clock. */
double bh_now(void);

/* Peak resident set size of this process so far, in MB. */
double bh_peak_rss_mb(void);

/*
 * Runs fn(arg, out) in a forked child, so that its memory (and its peak
 * RSS) is its own, and copies the n_out doubles it wrote to out back to
 * the parent.  Returns 0 when the child exited with status 0, else -1
 * (out is then filled with NaN).
 */
typedef int (*bh_child_fn)(void *arg, double *out);
int bh_in_child(bh_child_fn fn, void *arg, double *out, size_t n_out);

/*
 * A results file: one TSV row per measurement,
 *     section  n  p  metric  value  unit
 * with a header line.  bh_results_open returns NULL (and says why on
 * stderr) when path cannot be written.
 */
typedef struct bh_results {
    FILE *f;
} bh_results;

int bh_results_open(bh_results *r, const char *path);
void bh_results_add(bh_results *r, const char *section, size_t n, size_t p,
                    const char *metric, double value, const char *unit);
void bh_results_close(bh_results *r);

#endif
