/*
 * fit.h - the estimation's internals: the fit object, the iteration's
 * workspace and the steps the driver in estimate.c runs.
 */
#ifndef WOLD_FIT_H
#define WOLD_FIT_H

#include <stddef.h>

#include <wold/wold.h>

#include "model/model.h"

/* A growing array of problems (wold.h).  Zero-initialised = empty.  A
 * fixed list (a fit's warnings, sized once from the model) never grows:
 * what does not fit is counted in dropped. */
struct wold_problems {
    size_t n, cap;
    wold_problem *v;
    int fixed;
    size_t dropped;
};

/* Appends a copy of e (its status decides error or warning); -1 when out
 * of memory (never for a fixed list). */
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
 * Scratch of the fit's small linear algebra, sized from the model once
 * (wold__collinear_size, the largest block): the checks' collinearity
 * tests, the inner model's regressions and the blocks' eigenproblems.
 */
typedef struct wold__scratch {
    size_t J, qc, qmax;     /* LVs, wold__collinear_size, largest block */
    double *col;            /* wold__collinear_work(qc) */
    unsigned char *inv;     /* qc: columns in a collinear combination */
    size_t *idx, *sub;      /* qc each: index lists */
    unsigned char *zero;    /* p: zero-variance flags of the checks */
    double *A, *Ainv, *b;   /* J x J, J x J, J: a regression */
    double *R, *eig;        /* qmax x qmax, qmax: a block's eigenproblem */
    double *work;           /* nwork: dsyev's workspace for qmax */
    int nwork;              /* its size, from LAPACK's query for qmax */
} wold__scratch;

/* 0, or -1 when out of memory (then nothing is left allocated). */
int wold__scratch_alloc(wold__scratch *sc, const wold_model *md);
void wold__scratch_free(wold__scratch *sc);

/*
 * Where the checks put what they find.  keep_errors 1 (wold_fit_check):
 * errors and warnings go to list, in order.  keep_errors 0 (a fit):
 * warnings go to list (a fit's fixed list), the first error's status to
 * first and its record to *err (may be NULL); later errors are dropped.
 */
typedef struct wold__check_sink {
    wold_problems *list;
    int keep_errors;
    wold_error *err;
    wold_status first;
} wold__check_sink;

/*
 * The fit's checks before the iteration (check.c), shared by the fit
 * (wold_fit_work_set) and wold_fit_check: passes every problem of fitting
 * model on mo with opt to sk.  Allocates only when sk's list grows.
 * Returns WOLD_OK or WOLD_ENOMEM (a growing list that could not grow).
 */
wold_status wold__fit_checks(wold__check_sink *sk, const wold_model *model,
                             const wold_moments *mo,
                             const wold_fit_options *opt, wold__scratch *sc);
/* The options' checks alone: the first error into err, or WOLD_OK. */
wold_status wold__fit_options_check(const wold_fit_options *opt,
                                    wold_error *err);

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
 * wold__iter_alloc; a step allocates nothing.  S is the workspace's
 * working matrix, reloaded by each wold_fit_work_set.
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

/* 0, or -1 when out of memory (then nothing is left allocated). */
int wold__iter_alloc(wold__iter *it, const wold_model *model,
                     const double *S, wold_scheme scheme);
void wold__iter_free(wold__iter *it);

/* Factors the Mode B blocks of S (after S changed).  Errors:
 * WOLD_ENUMERIC for a block that is not positive definite. */
wold_status wold__iter_factor(wold__iter *it, wold_error *err);
/* start (p weights), or unit weights when NULL (plspm's start), scaled
 * to unit-variance LVs. */
void wold__iter_set(wold__iter *it, const double *start);
/*
 * One outer-inner-outer round: LV correlations from wn, inner weights,
 * new weights into wnew.  Errors: WOLD_ENUMERIC for a singular regression.
 */
wold_status wold__iter_step(wold__iter *it, wold_error *err);
/* plspm's criterion: sum of (|w_old| - |w_new|)^2 on unscaled weights. */
double wold__iter_crit_plspm(const wold__iter *it);
/* wold's criterion: max |wn_old - wn_new| on unit-variance weights. */
double wold__iter_crit_max(const wold__iter *it, double *scaled_new);

/* w_j' S_jj w_j: the variance of LV j's composite of the weights w. */
double wold__block_variance(const wold_model *model, const double *S,
                            const double *w, size_t j);
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
 * fit->w; no iteration (fit->iterations = 0).  Allocates nothing.
 */
wold_status wold__measurement_weights(wold_fit *fit, const double *S,
                                      wold__scratch *sc, wold_error *err);

/* Inner model on the final LV correlations: paths, R^2, OLS, effects.
 * Allocates nothing. */
wold_status wold__inner_model(wold_fit *fit, wold__scratch *sc,
                              wold_error *err);
/* Outer model (outer.c): loadings, communality, redundancy, GoF. */
void wold__outer_model(wold_fit *fit);

/*
 * The fit workspace (wold.h, work.c): everything one fit needs, sized from
 * the model by wold_fit_work_alloc.  fit is the workspace's own result,
 * handed to the caller by wold_fit_estimate (which then frees the rest).
 */
typedef enum wold__work_state {
    WOLD__WORK_EMPTY = 0, /* allocated, or the last set failed */
    WOLD__WORK_SET = 1,   /* moments loaded, start weights set */
    WOLD__WORK_DONE = 2   /* finish ran */
} wold__work_state;

struct wold_fit_work {
    const wold_model *model;
    wold_fit_options opt;
    size_t p, J;
    double *S;        /* p x p: the working matrix */
    double *scaled;   /* p: the new weights scaled to unit-variance LVs */
    wold__iter it;
    wold__scratch sc;
    wold_fit *fit;
    wold__work_state state;
    int iter;         /* steps since set */
    int stop;         /* the last step's criterion was below tol */
    size_t set_warnings; /* warnings in fit after set */
    int complete;     /* the last finish derived every result */
};

/* finish's steps (finish.c), each a function of its own so that a step
 * can be added between two (PLSc's correction of the LV correlations goes
 * after signs_and_correlations). */
void wold__final_weights(wold_fit_work *w);
void wold__signs_and_correlations(wold_fit *fit, wold__iter *it);
void wold__report_weights(wold_fit *fit);
wold_status wold__not_converged(const wold_fit *fit, wold_error *err);
/* Hands w's fit to the caller (wold_fit_estimate); w is then only to be
 * freed. */
wold_fit *wold__fit_work_detach(wold_fit_work *w);

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
/* scores.c: the map of wold_fit_scores as y = c + A x (A J x p
 * row-major, c J), for moments derived without the rows
 * (wold__moments_affine): a missing cell under mean replacement is its
 * column's mean, which the map gives as well. */
void wold__fit_score_map(const wold_fit *fit, double *A, double *c);

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
 * the broken rules into the fit's warnings, in the fixed-capacity list
 * that wold__plsc_max_issues sizes (it allocates nothing); WOLD_ENOMEM
 * only for a fit whose warnings are a growing list.
 */
int wold__plsc_alloc(wold_fit *fit);
void wold__plsc_free(wold_fit *fit);
size_t wold__plsc_work_size(const wold_model *md);
size_t wold__plsc_max_issues(const wold_model *md);
void wold__plsc(wold_fit *fit, const double *S, double *scratch);
void wold__plsc_paths(wold_fit *fit);
wold_status wold__plsc_finish(wold_fit *fit, wold_error *err);

#endif
