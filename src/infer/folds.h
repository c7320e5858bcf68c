/*
 * folds.h - the steps of PLSpredict (folds.c), driven by wold_predict in
 * predict.c: one workspace allocated before the first fold, then one call
 * per repeat.
 */
#ifndef WOLD_FOLDS_H
#define WOLD_FOLDS_H

#include <stddef.h>
#include <stdint.h>

#include <wold/wold.h>

/* Sums of one repeat per predicted indicator (ACC_* in folds.c), and of
 * the metrics over the repeats (the order of wold_predict_stats). */
#define WOLD__PRED_ACC 10
#define WOLD__PRED_SUM 8

typedef struct wold__folds {
    const wold_model *md;
    const wold_predict_options *opt;
    size_t n, p, J, q, qx, k; /* usable rows, indicators, LVs, predicted
                                 and exogenous indicators, folds */
    double *X;          /* n x p: the usable rows, missing cells filled */
    size_t *perm;       /* n: this repeat's order of the rows of X */
    double *Xp;         /* n x p: the rows of X in that order */
    double *wt, *wtp;   /* n: the rows' weights, in X's and Xp's order;
                           NULL for data without weights */
    double seen_w;      /* weight of the rows predicted in this repeat */
    size_t *endo, *exo; /* q and qx indicators, in model order */
    unsigned char *exo_lv; /* J: 1 for an LV without predecessors */
    wold_moments *total, *fold, *train;
    wold_fit_work *fw;  /* every fold's fit, allocated once */
    double *block, *sm2, *smean; /* fold moments' scratch: B x p, p x p, p */
    double *sfx_min, *sfx_max;   /* k x p: range of folds f..k-1 */
    double *pre_min, *pre_max;   /* p: range of folds 0..f-1 */
    double *A, *beta, *col;      /* LM: qx x qx, qx x q, collinear work */
    unsigned char *involved;     /* qx */
    size_t *sub;                 /* qx: indicators named in an error */
    double *w, *lambda;          /* p: signed weights / s.d., own
                                    loadings x s.d. (folds.c) */
    double *P;                   /* J x J: the structural prediction */
    double *eta;                 /* 2 J: a row's LV scores, then their
                                    structural prediction */
    double *acc;                 /* q x WOLD__PRED_ACC */
    double *sum;                 /* q x WOLD__PRED_SUM */
    size_t seen;                 /* rows predicted in this repeat */
} wold__folds;

/*
 * Everything a run needs, from the data read with md: the usable rows
 * (complete rows under listwise deletion; all rows, missing cells filled
 * with the column mean, under mean replacement), their moments (summed
 * on one thread, so that they do not depend on the machine), and the
 * buffers of every step.  Errors: those of wold_moments_compute,
 * WOLD_EUSAGE for more folds than usable rows, WOLD_ENOMEM.  w is freed
 * with wold__folds_free whatever the status.
 */
wold_status wold__folds_alloc(wold__folds *w, const wold_model *md,
                              const wold_data *data,
                              const wold_predict_options *opt,
                              wold_error *err);
void wold__folds_free(wold__folds *w);

/* The permutation of repeat r (0-based), which seed and r alone decide,
 * into perm, and the rows in its order into Xp. */
void wold__folds_shuffle(wold__folds *w, size_t r);
/* Row positions lo..hi-1 of perm make fold f. */
void wold__folds_bounds(const wold__folds *w, size_t f, size_t *lo,
                        size_t *hi);

/*
 * Repeat r: shuffle, then for each fold its training moments, the fit,
 * the LM benchmark and the predictions of its rows; adds the repeat's
 * metrics to w->sum.  Errors: a fold whose training fit fails (its
 * status and message, prefixed with the repeat and fold), WOLD_ENUMERIC
 * when the LM benchmark's exogenous indicators are collinear in a
 * training set.
 */
wold_status wold__folds_repeat(wold__folds *w, size_t r, wold_error *err);

/* The metrics averaged over the repeats, into q stats. */
void wold__folds_average(const wold__folds *w, wold_predict_stats *stats);

#endif
