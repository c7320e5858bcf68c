/*
 * collinear.c - rank and condition of the matrices the estimation
 * inverts: a Mode B block's indicator covariances and an endogenous LV's
 * predecessor correlations.
 *
 * The test is on the eigenvalues of the correlation matrix (LAPACKE
 * dsyev), whatever the indicators' units: the matrix is numerically
 * singular when its smallest eigenvalue is at most q * epsilon times its
 * largest (LAPACK's usual rank tolerance), and the columns that are
 * collinear are those with weight in the eigenvectors of those
 * eigenvalues.  Nothing here allocates: the caller sizes the workspace
 * with wold__collinear_work once, so a bootstrap replicate can call it
 * for every resample.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include <lapacke.h>

#include "fit/fit.h"
#include "model/model.h"

size_t wold__collinear_work(size_t q) { return q * q + 4 * q + 1; }

size_t wold__collinear_size(const wold_model *md)
{
    size_t q = md->n_lv;
    for (size_t k = 0; k < md->n_lv; k++)
        if (md->lv[k].mode == WOLD_MODE_B && md->lv[k].count > q)
            q = md->lv[k].count;
    return q;
}

double wold__collinear(const double *A, size_t lda, size_t q, double *work,
                       unsigned char *involved, int *singular)
{
    double *R = work, *eig = R + q * q, *lw = eig + q;
    for (size_t i = 0; i < q; i++)
        for (size_t j = 0; j < q; j++)
            R[i * q + j] = A[i * lda + j] / sqrt(A[i * lda + i] * A[j * lda + j]);
    lapack_int n = (lapack_int)q, lwork = (lapack_int)(3 * q + 1);
    memset(involved, 0, q);
    if (LAPACKE_dsyev_work(LAPACK_COL_MAJOR, 'V', 'U', n, R, n, eig, lw,
                           lwork) != 0) {
        *singular = 1;
        memset(involved, 1, q);
        return INFINITY;
    }
    /* Ascending eigenvalues; column k of R (column-major) is vector k. */
    double top = eig[q - 1], tol = (double)q * DBL_EPSILON * top;
    *singular = !(eig[0] > tol);
    double cond = eig[0] > 0 ? top / eig[0] : INFINITY;
    /* The null space when singular (entries above rounding), else the
     * direction of the smallest eigenvalue (entries that matter). */
    double cut = *singular ? 1e-6 : 0.1;
    for (size_t k = 0; k < q && (k == 0 || eig[k] <= tol); k++)
        for (size_t i = 0; i < q; i++)
            if (fabs(R[k * q + i]) > cut)
                involved[i] = 1;
    return cond;
}
