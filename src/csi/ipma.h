/*
 * ipma.h - the importance-performance map analysis (ipma.c), visible
 * inside the library: the result object and the kernel that the full
 * sample and every bootstrap replicate share.
 */
#ifndef WOLD_CSI_IPMA_H
#define WOLD_CSI_IPMA_H

#include <stddef.h>

#include <wold/wold.h>

/* Most predecessors of one construct a bootstrap replicate can regress
 * on: its normal equations live on the replicate thread's stack. */
#define WOLD__IPMA_MAX_PRED 64

struct wold_ipma {
    const wold_fit *fit;    /* borrowed */
    const wold_model *md;
    size_t J, p, target;
    double *lo, *hi;        /* p: scales (NaN outside the analysis) */
    double *wt;             /* p: normalised unstandardised weights */
    unsigned char *in;      /* J: 1 for an LV with a total effect on the
                               target (a row of the construct table) */
    size_t *topo;           /* J: LVs in a topological order */
    size_t *slot;           /* J: position of an LV's importance in the
                               statistics vector (WOLD_NONE outside) */
    size_t *mv_slot;        /* p: the same for indicators */
    size_t n_stats;         /* constructs, then indicators, model order */
    double *stats;          /* n_stats: the full sample's importances */
    char **labels;          /* n_stats: "ipma:LV", "ipma:mv" */
    size_t max_pred;        /* most predecessors of an analysed LV */
    double *sys;            /* max_pred x (max_pred + 1): normal equations */
    wold_ipma_row *lv_rows, *mv_rows; /* by priority */
    size_t n_lv_rows, n_mv_rows;
    double target_perf;
    int weighted;           /* the moments were weighted */
    double weight_total;    /* their weight total */
};

/*
 * The importances of ip's constructs and indicators (stats layout of ip)
 * from a fit and its moments (the full sample's, or a replicate's): the
 * normalised unstandardised weights of fit, the covariances of the
 * rescaled scores, the OLS regressions of the structural model on them
 * and the total effects on the target.  sys holds ip->max_pred x
 * (max_pred + 1) doubles.  Allocates nothing.  Returns 0, or -1 when a
 * block's weights sum to zero or a regression is singular.
 */
/* Fills ip's rows from ip->stats and the moments' means (performance,
 * potential) and sorts them by priority (docs/methods.md section 13). */
void wold__ipma_rows(wold_ipma *ip, const wold_moments *mo);

int wold__ipma_importances(const wold_ipma *ip, const wold_fit *fit,
                           const wold_moments *mo, double *out, double *sys);

#endif
