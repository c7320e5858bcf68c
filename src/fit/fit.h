/*
 * fit.h - the estimation's internals: the fit object, the iteration's
 * workspace and the steps the driver in estimate.c runs.
 */
#ifndef WOLD_FIT_H
#define WOLD_FIT_H

#include <stddef.h>

#include <wold/wold.h>

#include "model/model.h"

/* A growing array of problems (wold.h).  Zero-initialised = empty. */
struct wold_problems {
    size_t n, cap;
    wold_problem *v;
};

/* Appends a copy of e (its status decides error or warning); -1 when out
 * of memory. */
int wold__problems_add(wold_problems *list, size_t lv, size_t mv,
                       double value, const wold_error *e);
/*
 * wold__model_raise with another status than WOLD_EINPUT: a numerical
 * error (WOLD_ENUMERIC) or a warning (WOLD_OK) located in the model file.
 * Returns status.
 */
wold_status wold__fit_raise(const wold_model *md, wold__loc loc,
                            wold_status status, wold_error *err,
                            const char *fmt, ...) WOLD_PRINTF(5, 6);

/* The first problem that is an error, or NULL. */
const wold_problem *wold__problems_first_error(const wold_problems *list);
/* Frees the array and empties the list (not the struct itself). */
void wold__problems_clear(wold_problems *list);

/*
 * The fit's checks before the iteration (check.c), shared by
 * wold_fit_estimate and wold_fit_check: appends every problem of fitting
 * model on mo with opt to list.  Returns WOLD_OK or WOLD_ENOMEM.
 */
wold_status wold__fit_problems(wold_problems *list, const wold_model *model,
                               const wold_moments *mo,
                               const wold_fit_options *opt);

/* The least number of rows the model can be fitted on, and the LV that
 * needs it (WOLD_NONE when only the 2 rows of a variance are needed). */
size_t wold__min_rows(const wold_model *model, size_t *lv);

/* Where LV k's regression is written: its first predecessor on the "~"
 * line. */
wold__loc wold__regression_loc(const wold_model *md, size_t k);

/* Condition number above which an inverted matrix gets a warning. */
#define WOLD__COND_WARN 1e12

/* Doubles of workspace wold__collinear needs for a q x q matrix. */
size_t wold__collinear_work(size_t q);
/* The largest matrix the fit checks for md: its largest Mode B block or
 * its number of LVs (a regression's predecessors).  A caller that checks
 * many fits of one model (bootstrap replicates) allocates
 * wold__collinear_work(that) doubles and that many bytes once. */
size_t wold__collinear_size(const wold_model *md);
/*
 * Rank and condition of the q x q covariance (or correlation) matrix A
 * (row-major with leading dimension lda, positive diagonal), on its
 * correlation matrix: returns the condition number (INFINITY when the
 * smallest eigenvalue is not positive) and sets *singular when the
 * smallest eigenvalue is at most q * DBL_EPSILON times the largest.
 * involved[i] (q bytes) is set to 1 for the columns in the collinear
 * combination.  work holds wold__collinear_work(q) doubles.  Allocates
 * nothing.
 */
double wold__collinear(const double *A, size_t lda, size_t q, double *work,
                       unsigned char *involved, int *singular);

/* Writes "'a', 'b' and 'c'": the names of the LVs (lvs = 1) or the
 * indicators idx[0..count-1] of md, into buf of size bytes. */
void wold__name_list(char *buf, size_t size, const wold_model *md, int lvs,
                     const size_t *idx, size_t count);

/* The PLSc part of a fit (plsc.c), allocated with every fit
 * (wold__plsc_alloc); filled only when opt.plsc is set. */
typedef struct wold__plsc_res {
    double *rhoa;     /* J */
    double *factor;   /* J: c_j, 1 where nothing is corrected */
    double *q2;       /* J: the reliability disattenuated by, Q_j^2 */
    wold_plsc_issue *issue; /* room for every rule on every LV, indicator,
                               pair and path */
    double *work;     /* wold__plsc_work_size(model), for the driver */
    size_t n_issues;
    unsigned rules;
} wold__plsc_res;

struct wold_fit {
    const wold_model *model; /* borrowed: must outlive the fit */
    wold_fit_options opt;
    wold_missing missing; /* the moments' rule, for scores and reports */
    size_t n, J, p;
    int iterations, converged;
    double criterion;
    double *w;        /* p: final weights, unit-variance LVs, before signs */
    double *sign;     /* J: +1 or -1, the sign correction of each LV */
    double *mean, *sd;/* p: the moments' means and s.d., for scores */
    double *cross;    /* p x J: cross-loadings, sign-corrected */
    double *lvcor;    /* J x J: LV correlations, sign-corrected */
    double *paths, *total, *indirect; /* J x J, [to * J + from] */
    wold_lv_stats *lv;
    wold_mv_stats *mv;
    wold_coef *coef;
    size_t n_coef;
    double gof;
    size_t worst;     /* the block that changed most in the last step */
    wold_problems warnings;
    wold__plsc_res plsc;
};

/*
 * The iteration's state.  All memory is allocated once by
 * wold__iter_alloc; a step allocates nothing.
 */
typedef struct wold__iter {
    const wold_model *model;
    size_t p, J;
    const double *S;  /* p x p: correlations (scaled) or covariances */
    wold_scheme scheme;
    double *w;        /* p: weights of the previous step, as plspm keeps them */
    double *wn;       /* p: the same, each block scaled to a unit-variance LV */
    double *wnew;     /* p: this step's weights */
    double *T;        /* p x J: S times the block-diagonal weight matrix */
    double *C;        /* J x J: LV correlations */
    double *E;        /* J x J: E[k * J + j], weight of Y_j in Z_k */
    double *chol;     /* Cholesky factors of the Mode B blocks of S */
    size_t *chol_at;  /* J: offset of each block's factor in chol */
    double *A, *b;    /* J x J and J: scratch for the small regressions */
    size_t *idx;      /* J: scratch index list */
} wold__iter;

wold_status wold__iter_alloc(wold__iter *it, const wold_model *model,
                             const double *S, wold_scheme scheme,
                             wold_error *err);
void wold__iter_free(wold__iter *it);

/* Unit weights scaled to unit-variance LVs (plspm's start). */
void wold__iter_set(wold__iter *it);
/*
 * One outer-inner-outer round: LV correlations from wn, inner weights,
 * new weights into wnew.  Errors: WOLD_ENUMERIC for a singular regression.
 */
wold_status wold__iter_step(wold__iter *it, wold_error *err);
/* plspm's criterion: sum of (|w_old| - |w_new|)^2 on unscaled weights. */
double wold__iter_crit_plspm(const wold__iter *it);
/* wold's criterion: max |wn_old - wn_new| on unit-variance weights. */
double wold__iter_crit_max(const wold__iter *it, double *scaled_new);

/* Scales each block of w so its LV has unit variance under S, into out. */
void wold__scale_weights(const wold_model *model, const double *S,
                         const double *w, double *out);
/* T = S W (p x J) and C = W' S W (J x J) for block weights w. */
void wold__lv_moments(const wold_model *model, const double *S,
                      const double *w, double *T, double *C);

/*
 * Solves the q x q symmetric positive definite system A x = b in place
 * (b becomes x; A becomes its Cholesky factor).  Returns 0, or nonzero
 * when A is not positive definite.
 */
int wold__spd_solve(double *A, double *b, size_t q);
/* Inverts the SPD q x q matrix A in place; nonzero when singular. */
int wold__spd_invert(double *A, size_t q);

/*
 * Weights of a model without structural paths (measure.c): the first
 * principal component of each Mode A block of S, equal weights for a
 * Mode B block (with a warning), each scaled to a unit-variance LV, into
 * fit->w; no iteration (fit->iterations = 0).
 */
wold_status wold__measurement_weights(wold_fit *fit, const double *S,
                                      wold_error *err);

/* Inner model on the final LV correlations: paths, R^2, OLS, effects. */
wold_status wold__inner_model(wold_fit *fit, wold_error *err);
/* Outer model (outer.c): loadings, communality, redundancy, GoF. */
void wold__outer_model(wold_fit *fit);

/*
 * rhoA of Dijkstra and Henseler (2015) for every block (plsc.c), into
 * rhoa (J doubles):
 *   rhoA_j = (w'w)^2 w'(S_jj - diag S_jj)w / w'(ww' - diag ww')w
 * with w block j's unit-variance weights (w'S_jj w = 1; fit->w, before
 * the sign correction: rhoA is even in w).  S is the working matrix the
 * iteration ran on: correlations, or covariances for an unscaled fit (the
 * reliability of the composite on the covariances, whose Mode A weights
 * are proportional to the covariance loadings).  1 for a Mode B block and
 * for a block of one indicator, as cSEM and seminr; NaN when w has a
 * single nonzero weight in a multi-indicator block.  A negative value is
 * returned as computed (an inadmissible block).  Allocates nothing.
 */
void wold__rhoa(const wold_model *md, const double *S, const double *w,
                double *rhoa);

/*
 * PLSc, the steps of a fit with opt.plsc (plsc.c).  wold__plsc_alloc
 * allocates fit->plsc (0, or -1 when out of memory) and wold__plsc_free
 * frees it.  A replicate allocates nothing: wold__plsc takes scratch of
 * wold__plsc_work_size(model) doubles (fit->plsc.work is one).  A PLSc
 * fit raises at most wold__plsc_max_issues(model) warnings of its own.
 *
 * wold__plsc runs after signs_and_correlations and before the inner
 * model, on the working matrix S and fit->w: rhoA, the correction
 * factors, the consistent loadings into fit->cross (the own block's
 * entries; another block's entry becomes cross_ik / Q_k, the consistent
 * estimate of the indicator's correlation with that construct), and the
 * disattenuated correlations into fit->lvcor; it records the rhoA,
 * loading, correlation and positive-definiteness rules.  Never fails.
 * wold__plsc_paths, after the inner model, records the path rule.
 * wold__plsc_finish, the driver's step after the inner model, does
 * nothing without opt.plsc; otherwise it runs wold__plsc_paths and turns
 * the broken rules into the fit's warnings (it allocates: once per fit,
 * not per replicate); WOLD_ENOMEM.
 */
int wold__plsc_alloc(wold_fit *fit);
void wold__plsc_free(wold_fit *fit);
size_t wold__plsc_work_size(const wold_model *md);
size_t wold__plsc_max_issues(const wold_model *md);
void wold__plsc(wold_fit *fit, const double *S, double *scratch);
void wold__plsc_paths(wold_fit *fit);
wold_status wold__plsc_finish(wold_fit *fit, wold_error *err);

#endif
