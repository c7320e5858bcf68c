/*
 * linalg.c - the small dense solves of the estimation.  The systems are
 * the regressions on LV correlations (q = a few predecessors), solved
 * many times per fit and a thousand fits per bootstrap: below 16
 * unknowns a plain Cholesky factorisation here costs a fraction of
 * LAPACK's call overhead (OpenBLAS's dposv takes a lock to allocate its
 * buffer, which the bootstrap's threads then contend for).  Larger
 * systems go through LAPACKE's _work interface in column-major order (the
 * matrices are symmetric, so the storage order does not matter, and the
 * _work calls never allocate).
 */
#include <math.h>
#include <stddef.h>

#include <lapacke.h>

#include "fit/fit.h"

#define SMALL 16

/* A = L L' in place (lower triangle, row-major); nonzero when A is not
 * positive definite. */
static int cholesky(double *A, size_t q)
{
    for (size_t j = 0; j < q; j++) {
        double d = A[j * q + j];
        for (size_t k = 0; k < j; k++)
            d -= A[j * q + k] * A[j * q + k];
        if (!(d > 0.0))
            return 1;
        d = sqrt(d);
        A[j * q + j] = d;
        for (size_t i = j + 1; i < q; i++) {
            double s = A[i * q + j];
            for (size_t k = 0; k < j; k++)
                s -= A[i * q + k] * A[j * q + k];
            A[i * q + j] = s / d;
        }
    }
    return 0;
}

/* Solves L L' x = b in place with the factor of cholesky. */
static void cholesky_solve(const double *L, double *b, size_t q)
{
    for (size_t i = 0; i < q; i++) {
        double s = b[i];
        for (size_t k = 0; k < i; k++)
            s -= L[i * q + k] * b[k];
        b[i] = s / L[i * q + i];
    }
    for (size_t i = q; i-- > 0;) {
        double s = b[i];
        for (size_t k = i + 1; k < q; k++)
            s -= L[k * q + i] * b[k];
        b[i] = s / L[i * q + i];
    }
}

int wold__spd_solve(double *A, double *b, size_t q)
{
    if (q <= SMALL) {
        if (cholesky(A, q) != 0)
            return 1;
        cholesky_solve(A, b, q);
        return 0;
    }
    lapack_int n = (lapack_int)q;
    return LAPACKE_dposv_work(LAPACK_COL_MAJOR, 'L', n, 1, A, n, b, n) != 0;
}

/* The inverse from a copy of the factor, one column A^-1 e_j at a time. */
static int small_invert(double *A, size_t q)
{
    double L[SMALL * SMALL], col[SMALL];
    for (size_t i = 0; i < q * q; i++)
        L[i] = A[i];
    if (cholesky(L, q) != 0)
        return 1;
    for (size_t j = 0; j < q; j++) {
        for (size_t i = 0; i < q; i++)
            col[i] = i == j;
        cholesky_solve(L, col, q);
        for (size_t i = 0; i < q; i++)
            A[i * q + j] = col[i];
    }
    /* Make it exactly symmetric, as the LAPACK path does. */
    for (size_t i = 0; i < q; i++)
        for (size_t j = i + 1; j < q; j++)
            A[j * q + i] = A[i * q + j];
    return 0;
}

int wold__spd_invert(double *A, size_t q)
{
    if (q <= SMALL)
        return small_invert(A, q);
    lapack_int n = (lapack_int)q;
    if (LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', n, A, n) != 0)
        return 1;
    if (LAPACKE_dpotri_work(LAPACK_COL_MAJOR, 'L', n, A, n) != 0)
        return 1;
    for (size_t j = 0; j < q; j++)
        for (size_t i = j + 1; i < q; i++)
            A[j + i * q] = A[i + j * q];
    return 0;
}
