/*
 * csi.h - the CSI layer's internals (src/csi/): the 0-100 index object
 * and its per-block kernel, shared by index.c, the bootstrap's extra
 * statistics and the report.  Other files of src/csi/ add their own
 * sections below.
 */
#ifndef WOLD_CSI_H
#define WOLD_CSI_H

#include <stddef.h>

#include <wold/wold.h>

/* ---- the 0-100 index (index.c) ---------------------------------------- */

/* Why a block has no index. */
typedef enum wold__index_why {
    WOLD__INDEX_OK = 0,
    WOLD__INDEX_NO_SCALE = 1,  /* an indicator has no scale */
    WOLD__INDEX_NEGATIVE = 2,  /* a normalised weight is negative */
    WOLD__INDEX_ZERO_SUM = 3   /* the unstandardised weights sum to 0 or
                                  are not finite */
} wold__index_why;

/* One block's index and what it rests on. */
typedef struct wold__index_lv {
    double value;        /* 0-100, NaN when why != OK */
    double mean;         /* sum w~ mean: the mean unstandardised score */
    double lo, hi;       /* sum w~ lo, sum w~ hi: the score's scale */
    wold__index_why why;
    size_t mv;           /* the indicator why names (WOLD_NONE for OK) */
    double bad_weight;   /* NEGATIVE: its normalised weight */
} wold__index_lv;

/* Indicator i's unstandardised weight: its weight of wold_fit_weights
 * over its s.d. in mo when the fit standardised the indicators, the
 * weight itself when it centred them.  Normalised over its block (the
 * block's sign cancels), it is the w~ of the index and the IPMA. */
double wold__raw_weight(const wold_fit *fit, const wold_moments *mo,
                        size_t i);

/*
 * LV j's index from the weights of fit (wold_fit_weights: each block's
 * sign cancels in the normalisation) and the means and s.d. of mo, the
 * indicators' scales lo[i], hi[i] (NaN: none).  When w is not NULL the
 * block's normalised unstandardised weights are written to w[i] for its
 * indicators (NaN when the block has no index).  Allocates nothing: the
 * bootstrap calls it on every replicate.
 */
void wold__index_block(const wold_fit *fit, const wold_moments *mo,
                       const double *lo, const double *hi, size_t j,
                       double *w, wold__index_lv *out);

struct wold_index {
    const wold_fit *fit;
    size_t J, p;
    double *mv_lo, *mv_hi;  /* p: the indicators' scales, NaN for none */
    double *w;              /* p: normalised unstandardised weights */
    double *mean;           /* p: the moments' means (for the scores) */
    wold__index_lv *lv;     /* J */
    char **note;            /* J: NULL, or why lv has no index */
    size_t n_index;         /* LVs with an index */
};

/* index.c: the map of wold_index_scores as y = c + A x (A J x p
 * row-major, c J; NaN in the rows of LVs without an index), for moments
 * derived without the rows (wold__moments_affine). */
void wold__index_score_map(const wold_index *ix, double *A, double *c);

#endif
