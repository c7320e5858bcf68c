/*
 * metrics.h - the survey metrics (metrics*.c), visible inside the
 * library: the list of metrics asked for and the result object.
 */
#ifndef WOLD_CSI_METRICS_H
#define WOLD_CSI_METRICS_H

#include <stddef.h>

#include <wold/wold.h>

/* One metric asked for. */
typedef struct wold__metric {
    wold_metric_kind kind;
    char *arg;          /* the argument as given */
    char *dim;          /* SCORE: the dimension's name */
    double weight;      /* SCORE: its weight (> 0) */
    double cut;         /* CSAT: the top-box cut-off; NaN = default */
    size_t n_cols;
    char **cols;        /* the column names it reads */
    size_t *col;        /* their data columns (set when computing) */
} wold__metric;

struct wold_metrics_spec {
    size_t n, cap;
    wold__metric *m;
    double csat_lo, csat_hi, ces_lo, ces_hi, score_lo, score_hi;
    double standard, level;
};

struct wold_metrics {
    char *source, *group_col, *weights_col;
    double level;
    size_t n_groups;
    char **groups;          /* n_groups; groups[0] = "all" */
    size_t n_stats;
    wold_metric_stat *stats;
    char **strings;         /* n_stats: each stat's what (owned) */
    wold_metric_value *values; /* n_groups x n_stats */
};

/* The statistics a metric reports (NPS four, retention two, ...). */
size_t wold__metric_n_stats(const wold__metric *mt);

/*
 * Computes the statistics of every metric of spec on data (its columns
 * resolved in spec's col arrays) for each group (codes: the group of each
 * row, or NULL for none) into m, which has its groups and statistics laid
 * out.  Allocates nothing.
 */
void wold__metrics_compute(wold_metrics *m, const wold_metrics_spec *spec,
                           const wold_data *data, const size_t *codes);

/*
 * The first cell of data that is outside what its metric accepts: 1 and
 * *row, *col (a data column), msg (size bytes) set; 0 when none.
 */
int wold__metrics_check(const wold_metrics_spec *spec, const wold_data *data,
                        size_t *row, size_t *col, char *msg, size_t size);

#endif
