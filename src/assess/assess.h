/*
 * assess.h - the criteria of a finished fit (src/assess/), visible to the
 * other modules of the library: the assessment object behind
 * wold_assess_compute, and the kernels that the bootstrap calls once per
 * replicate without allocating.
 */
#ifndef WOLD_ASSESS_H
#define WOLD_ASSESS_H

#include <stddef.h>

#include <wold/wold.h>

struct wold_assess {
    const wold_fit *fit;     /* borrowed */
    size_t J, p;
    wold_block_stats *block; /* J */
    double *R;               /* p x p: the indicators' correlations */
    double *htmt, *htmt2;    /* J x J */
    double *fl;              /* J x J: Fornell-Larcker */
    double *vif_mv;          /* p */
    double *vif_path, *f2;   /* J x J, [to * J + from] */
    wold_model_fit mfit[2];  /* saturated, estimated */
};

/*
 * Heterotrait-monotrait ratios of every pair of blocks of md, from the
 * p x p indicator correlation matrix R (row-major, model order), into out
 * (J x J row-major, symmetric, diagonal 1).  htmt2 = 0: HTMT of Henseler,
 * Ringle and Sarstedt (2015), arithmetic means; htmt2 = 1: HTMT2 of
 * Roemer, Schuberth and Henseler (2021), geometric means.  As cSEM 0.6.1
 * (calculateHTMT, .absolute = TRUE): the means are of the signed
 * correlations and the ratio is reported in absolute value; a block of one
 * indicator has monotrait mean 1.  NaN where undefined: a monotrait mean
 * that is not positive, and for HTMT2 a monotrait correlation that is not
 * positive or heterotrait correlations of both signs (no geometric mean).
 * Every block takes part, whatever its mode (docs/methods.md, "HTMT").
 * Allocates nothing.
 */
void wold__htmt(const wold_model *md, const double *R, int htmt2,
                double *out);

/* Doubles of scratch the functions below need for md (the largest of
 * their needs). */
size_t wold__assess_work(const wold_model *md);

/*
 * Cronbach's alpha, Dillon-Goldstein's rho and the first two eigenvalues
 * of each block's correlations (unidim.c), into a->block, with plspm's
 * conventions when compat.  work: wold__assess_work doubles.
 */
void wold__unidim(wold_assess *a, int compat, double *work);

/* Joreskog's rhoC, AVE and rhoA of each block, and the Fornell-Larcker
 * table (reliability.c).  work: wold__assess_work doubles. */
void wold__reliability(wold_assess *a, const wold_moments *mo, double *work);

/* Indicator VIFs of the Mode B blocks, structural VIFs and f^2 (vif.c). */
void wold__vif(wold_assess *a, double *work);

/* SRMR, d_ULS and d_G of the saturated and the estimated model
 * (modelfit.c). */
void wold__model_fit(wold_assess *a, double *work);

#endif
