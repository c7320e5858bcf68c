/*
 * panel.h - the writer of a simulated panel (panel.c): rows are drawn in
 * blocks by one sequential random stream, formatted on worker threads and
 * written in order, so the bytes do not depend on the thread count.
 * Internal to src/simulate.
 */
#ifndef WOLD_SIMULATE_PANEL_H
#define WOLD_SIMULATE_PANEL_H

#include <stddef.h>
#include <stdio.h>

#include <wold/wold.h>

#include "population.h"
#include "rng.h"

/* Longest cell: a formatted double is at most 31 bytes, plus a comma. */
#define WOLD__SIM_CELL_MAX 32
/* Formatting threads at most (wold_simulate_options.threads). */
#define WOLD_SIM_MAX_THREADS 256
/* The wave's labels of a row, "C0001,I001,S01,", at most. */
#define WOLD__SIM_LABEL_MAX 72

/* The draws of one row, allocated once (n_lv and n_mv doubles). */
typedef struct wold__sim_draw {
    double *zeta, *eta, *u;
} wold__sim_draw;

/*
 * Draws one row into x (pop->n_mv values; NaN for a missing cell), in the
 * documented order: disturbances in LV order, then indicator errors in
 * indicator order, then one uniform per cell.
 */
void wold__sim_draw_row(const wold__population *pop, wold__mt *rng,
                        wold__sim_draw *w, double shift, double missing,
                        double *x);

/* Everything the rows need: the population, the options, the stream. */
typedef struct wold__sim_job {
    const wold__population *pop;
    const wold_simulate_options *opt;
    wold__mt *rng;
    wold__sim_draw *draw;
    FILE *f;
    unsigned threads; /* formatting threads, >= 1 */
} wold__sim_job;

/*
 * Writes the header (header_len bytes), then draws, formats and writes
 * all rows of job.  Errors: WOLD_ENOMEM (before anything is written),
 * WOLD_EIO.
 */
wold_status wold__sim_write_rows(const wold__sim_job *job, const char *header,
                                 size_t header_len, wold_error *err);

#endif
