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

/*
 * Heterotrait-monotrait ratios of every pair of blocks of md, from the
 * p x p indicator correlation matrix R (row-major, model order), into out
 * (J x J row-major, symmetric, diagonal 1).  htmt = 0: HTMT of Henseler,
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

#endif
