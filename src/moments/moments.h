/* moments.h - the moments of a data set, visible inside the library. */
#ifndef WOLD_MOMENTS_H
#define WOLD_MOMENTS_H

#include <stddef.h>

#include <wold/wold.h>

struct wold_moments {
    size_t n, p;
    int weighted;  /* 1: made from row weights; n is then wsum rounded */
    double wsum;   /* the weight total when weighted (else n is) */
    double *mean; /* p */
    double *m2;   /* p x p centred cross-products, sum not mean; full */
    double *cov;  /* p x p, m2 / n, kept in step with m2 */
    double *sd;   /* p, population */
    double *min, *max; /* p: smallest and largest value used; NaN for n = 0 */
    wold_missing missing;
    /* Pairwise deletion: the smallest eigenvalue of the correlation
     * matrix (negative: not positive semi-definite, which the fit
     * refuses); NaN under the other rules, whose matrices are. */
    double min_eig;
    size_t rows_dropped;
    size_t cells_imputed;
};

/* wold_moments_compute on the rows as they are, ignoring data's weight
 * column (the weighted path and the resampling code start from it). */
wold_status wold__moments_compute_unweighted(wold_moments **out,
                                             const wold_data *data,
                                             wold_missing missing,
                                             wold_error *err);

/* The moments of data's rows with weights (NULL: unweighted whatever
 * data's own) under the rule, through wold_sums (rules.c). */
wold_status wold__moments_from_sums(wold_moments **out, const wold_data *data,
                                    const double *weights,
                                    wold_missing missing, wold_error *err);

/* Under pairwise deletion, the fit refuses a correlation matrix whose
 * smallest eigenvalue is below -WOLD__PSD_TOL (rounding aside, no data
 * have such covariances). */
#define WOLD__PSD_TOL 1e-10

/* An empty accumulator of p columns (n = 0). */
wold_status wold__moments_alloc(wold_moments **out, size_t p,
                                wold_error *err);

/*
 * Adds the k x p row-major block a (centred in place: it is scratch) to m:
 * its mean, then cblas_dsyrk on the centred rows, merged with Chan's
 * update so that the order of blocks changes nothing but rounding.
 */
void wold__moments_add_block(wold_moments *m, double *a, size_t k,
                             double *scratch_m2, double *scratch_mean);

/* The same for rows of weights w (k entries, each finite and >= 0): the
 * block's weighted mean, its rows scaled by sqrt(w) for cblas_dsyrk, and
 * the merge by weight totals; m becomes weighted.  Rows of weight 0 take
 * no part (not in the range either). */
void wold__moments_add_block_weighted(wold_moments *m, double *a,
                                      const double *w, size_t k,
                                      double *scratch_m2,
                                      double *scratch_mean);

/* Recomputes cov and sd from m2 and the weight total. */
void wold__moments_finish(wold_moments *m);

/* The weight total: wsum for weighted moments, else n. */
double wold__moments_total(const wold_moments *m);

/* The row count of a weight total: W rounded, for totals up to
 * WOLD__MAX_WEIGHT_TOTAL (2^53, where doubles stop counting exactly);
 * larger totals are refused when moments are made from data (rules.c),
 * and a resample's total is held to that bound here. */
#define WOLD__MAX_WEIGHT_TOTAL 9007199254740992.0
size_t wold__weight_count(double w);

/*
 * The zero-variance rule of the fit, relative to the column's own
 * magnitude: 1 when the s.d. is not above WOLD__ZERO_SD times the largest
 * |value| (min and max; |mean| when they are unknown).  Scaling a column
 * by any power of ten changes nothing.
 */
#define WOLD__ZERO_SD 1e-12
int wold__moments_zero_variance(const wold_moments *m, size_t col);

/*
 * affine.c: *out = the moments of q columns y = c + A x (A q x p
 * row-major, c q), x mo's columns, computed from mo alone: same rows,
 * weights and missing-value counts; the minima and maxima enclose the
 * rows' (exact for a column that copies one of x).  WOLD_EUSAGE for
 * moments from pairwise deletion; WOLD_ENOMEM.
 */
wold_status wold__moments_affine(wold_moments **out, const wold_moments *mo,
                                 const double *A, const double *c, size_t q,
                                 wold_error *err);

/*
 * affine.c: *out = the moments of q columns that copy mo's columns col[0],
 * ..., col[q-1] (a column may be copied more than once): every number
 * copied as it is, under any missing-value rule (pairwise included).
 * WOLD_ENOMEM.
 */
wold_status wold__moments_select(wold_moments **out, const wold_moments *mo,
                                 const size_t *col, size_t q,
                                 wold_error *err);

/* split.c: empties m (n = 0, as wold__moments_alloc leaves it). */
void wold__moments_reset(wold_moments *m);
/*
 * split.c: sets the range of m's rows, known to the caller (training sets
 * made by wold_moments_subtract), and gives a column that is constant in
 * them (min == max) its exact mean and a zero variance, which rounding
 * in the subtraction may have missed; then recomputes cov and sd.
 */
void wold__moments_set_range(wold_moments *m, const double *min,
                             const double *max);

#endif
