/*
 * fit.h - the estimation's internals: the fit object, the iteration's
 * workspace and the steps the driver in estimate.c runs.
 */
#ifndef WOLD_FIT_H
#define WOLD_FIT_H

#include <stddef.h>

#include <wold/wold.h>

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

/* Inner model on the final LV correlations: paths, R^2, OLS, effects. */
wold_status wold__inner_model(wold_fit *fit, wold_error *err);
/* Outer model: loadings, communality, redundancy, GoF. */
void wold__outer_model(wold_fit *fit);
/* Block unidimensionality (alpha, rho, eigenvalues) from the covariances. */
wold_status wold__unidim(wold_fit *fit, const double *cov, wold_error *err);

#endif
