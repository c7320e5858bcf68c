/*
 * linalg.c - the small dense solves of the estimation, through LAPACKE's
 * _work interface in column-major order: the matrices are symmetric, so
 * the storage order does not matter, and the _work calls never allocate.
 */
#include <stddef.h>

#include <lapacke.h>

#include "fit/fit.h"

int wold__spd_solve(double *A, double *b, size_t q)
{
    lapack_int n = (lapack_int)q;
    return LAPACKE_dposv_work(LAPACK_COL_MAJOR, 'L', n, 1, A, n, b, n) != 0;
}

int wold__spd_invert(double *A, size_t q)
{
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
