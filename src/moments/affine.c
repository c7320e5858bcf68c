/*
 * affine.c - the moments of columns that are affine maps of other
 * columns, y = c + A x, without the rows: mean_y = c + A mean_x and
 * M2_y = A M2_x A' (M2 the centred cross-products), exact up to rounding
 * whatever rows made the moments.  The two-stage estimate of higher-order
 * constructs uses it for its later stages, whose indicators are the
 * earlier stage's LV scores (linear in the indicators) and kept columns
 * (rows of A with a single 1), so that a streamed fit needs no second
 * pass over the data.
 */
#include <math.h>
#include <stdlib.h>

#include <cblas.h>

#include "moments/moments.h"
#include "util/util.h"

/* The range of y_k = c_k + a_k'x over the box [min, max]: an enclosure of
 * the rows' range (the rows themselves are gone), exact for a column
 * that copies one of x.  NaN when a used x has none. */
static void range_of(const double *a, double c, const wold_moments *mo,
                     double *lo, double *hi)
{
    double l = c, h = c;
    for (size_t i = 0; i < mo->p; i++) {
        if (a[i] == 0.0)
            continue;
        double u = a[i] * mo->min[i], v = a[i] * mo->max[i];
        l += u < v ? u : v;
        h += u < v ? v : u;
    }
    *lo = l;
    *hi = h;
}

/* m takes mo's rows: their number, weights and missing-value counts. */
static void same_rows(wold_moments *m, const wold_moments *mo)
{
    m->n = mo->n;
    m->weighted = mo->weighted;
    m->wsum = mo->wsum;
    m->missing = mo->missing;
    m->rows_dropped = mo->rows_dropped;
    m->cells_imputed = mo->cells_imputed;
}

wold_status wold__moments_affine(wold_moments **out, const wold_moments *mo,
                                 const double *A, const double *c, size_t q,
                                 wold_error *err)
{
    *out = NULL;
    if (mo->missing == WOLD_MISSING_PAIRWISE)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "moments of derived columns: not from pairwise "
                         "deletion (each covariance has its own rows)");
    size_t p = mo->p;
    wold_moments *m = NULL;
    WOLD_TRY(wold__moments_alloc(&m, q, err));
    double *AM = malloc((q ? q : 1) * (p ? p : 1) * sizeof *AM);
    if (AM == NULL) {
        wold_moments_free(m);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for moments");
    }
    same_rows(m, mo);
    for (size_t k = 0; k < q; k++) {
        double s = c[k];
        for (size_t i = 0; i < p; i++)
            s += A[k * p + i] * mo->mean[i];
        m->mean[k] = s;
        range_of(A + k * p, c[k], mo, &m->min[k], &m->max[k]);
    }
    /* M2_y = (A M2_x) A' in two products; wold__moments_finish takes the
     * upper triangle (the product is symmetric up to rounding) and mirrors
     * it, as for any moments. */
    if (q > 0 && p > 0) {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)q, (int)p,
                    (int)p, 1.0, A, (int)p, mo->m2, (int)p, 0.0, AM, (int)p);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)q, (int)q,
                    (int)p, 1.0, AM, (int)p, A, (int)p, 0.0, m->m2, (int)q);
    }
    free(AM);
    wold__moments_finish(m);
    *out = m;
    return WOLD_OK;
}

wold_status wold__moments_select(wold_moments **out, const wold_moments *mo,
                                 const size_t *col, size_t q,
                                 wold_error *err)
{
    *out = NULL;
    wold_moments *m = NULL;
    WOLD_TRY(wold__moments_alloc(&m, q, err));
    size_t p = mo->p;
    same_rows(m, mo);
    m->min_eig = mo->min_eig;
    for (size_t k = 0; k < q; k++) {
        m->mean[k] = mo->mean[col[k]];
        m->sd[k] = mo->sd[col[k]];
        m->min[k] = mo->min[col[k]];
        m->max[k] = mo->max[col[k]];
        for (size_t l = 0; l < q; l++) {
            m->m2[k * q + l] = mo->m2[col[k] * p + col[l]];
            m->cov[k * q + l] = mo->cov[col[k] * p + col[l]];
        }
    }
    *out = m;
    return WOLD_OK;
}
