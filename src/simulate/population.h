/*
 * population.h - the population a panel is drawn from: loadings, path
 * coefficients and disturbance standard deviations derived from a model's
 * premultipliers (docs/simulate.md).  Internal to src/simulate.
 */
#ifndef WOLD_SIMULATE_POPULATION_H
#define WOLD_SIMULATE_POPULATION_H

#include <stddef.h>

#include <wold/wold.h>

/* Used when the model file gives no premultiplier. */
#define WOLD_SIM_DEFAULT_LOADING 0.8
#define WOLD_SIM_DEFAULT_PATH 0.3

typedef struct wold__population {
    size_t n_lv, n_mv;
    size_t *order;      /* n_lv: LVs in topological order */
    double *beta;       /* n_lv x n_lv, [to * n_lv + from], 0 = no path */
    double *zeta_sd;    /* n_lv: s.d. of each LV's disturbance */
    double *lambda;     /* n_mv: loadings */
    double *eps_sd;     /* n_mv: s.d. of each indicator's error */
    size_t *mv_lv;      /* n_mv: the block of each indicator */
    double *lv_cov;     /* n_lv x n_lv implied LV covariance (unit diagonal) */
} wold__population;

/*
 * Builds the population of model, checking that it is possible: every
 * loading in (-1, 1) and every endogenous LV with explained variance below
 * 1.  Errors: WOLD_EINPUT located in the model file, WOLD_ENOMEM.
 */
wold_status wold__population_build(wold__population *pop,
                                   const wold_model *model, wold_error *err);

void wold__population_clear(wold__population *pop);

#endif
