/*
 * split.c - moments of a part of the rows by subtraction: the inverse of
 * Chan's merge.  When the moments of all rows and of a subset are known,
 * the moments of the other rows follow in O(p^2) without reading them,
 * which is how k-fold cross-validation gets every training set from one
 * pass over the data (the training rows of fold f are all rows minus
 * fold f's).
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "moments/moments.h"
#include "util/util.h"

/*
 * With r the remaining rows: mean_r = (n mean - n_b mean_b) / n_r, and
 * Chan's merge of r and b, m2 = m2_r + m2_b + (n_r n_b / n) d d' with
 * d = mean_b - mean_r, solved for m2_r.
 */
static void unmerge(wold_moments *a, const wold_moments *b)
{
    size_t p = a->p;
    /* Weight totals; for unweighted moments the row counts, exactly. */
    double n = wold__moments_total(a), nb = wold__moments_total(b);
    double nr = n - nb;
    double f = nr * nb / n;
    for (size_t i = 0; i < p; i++)
        a->mean[i] = (n * a->mean[i] - nb * b->mean[i]) / nr;
    for (size_t i = 0; i < p; i++)
        for (size_t j = i; j < p; j++) {
            double di = b->mean[i] - a->mean[i], dj = b->mean[j] - a->mean[j];
            a->m2[i * p + j] -= b->m2[i * p + j] + f * di * dj;
        }
    /* Rounding can leave a constant column a tiny negative sum of
     * squares; its variance is zero. */
    for (size_t i = 0; i < p; i++)
        if (a->m2[i * p + i] < 0.0)
            a->m2[i * p + i] = 0.0;
}

wold_status wold_moments_subtract(wold_moments *a, const wold_moments *b,
                                  wold_error *err)
{
    if (a->p != b->p)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "cannot subtract moments of %zu columns from "
                         "moments of %zu", b->p, a->p);
    if (a->missing == WOLD_MISSING_PAIRWISE ||
        b->missing == WOLD_MISSING_PAIRWISE)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "moments from pairwise deletion cannot be "
                         "subtracted (each covariance has its own rows)");
    if (b->n > a->n || b->rows_dropped > a->rows_dropped ||
        b->cells_imputed > a->cells_imputed)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "cannot subtract the moments of %zu rows from those "
                         "of %zu: they are not a part of them", b->n, a->n);
    size_t dropped = a->rows_dropped - b->rows_dropped;
    size_t imputed = a->cells_imputed - b->cells_imputed;
    int weighted = a->weighted || b->weighted;
    double rest = wold__moments_total(a) - wold__moments_total(b);
    if (weighted ? !(rest > 0.0) : b->n == a->n) {
        /* Nothing remains: the empty accumulator of wold__moments_alloc,
         * keeping the missing-value rule. */
        wold__moments_reset(a);
    } else if (weighted ? wold__moments_total(b) > 0.0 : b->n > 0) {
        unmerge(a, b);
        a->n -= b->n;
        if (weighted) {
            a->weighted = 1;
            a->wsum = rest;
            a->n = (size_t)floor(rest + 0.5);
        }
        wold__moments_finish(a);
    }
    a->rows_dropped = dropped;
    a->cells_imputed = imputed;
    return WOLD_OK;
}

void wold__moments_reset(wold_moments *m)
{
    size_t p = m->p;
    memset(m->m2, 0, p * p * sizeof *m->m2);
    memset(m->cov, 0, p * p * sizeof *m->cov);
    memset(m->mean, 0, p * sizeof *m->mean);
    memset(m->sd, 0, p * sizeof *m->sd);
    for (size_t i = 0; i < p; i++)
        m->min[i] = m->max[i] = NAN;
    m->n = 0;
    m->wsum = 0.0;
    m->rows_dropped = m->cells_imputed = 0;
}

void wold__moments_set_range(wold_moments *m, const double *min,
                             const double *max)
{
    size_t p = m->p;
    for (size_t i = 0; i < p; i++) {
        m->min[i] = min[i];
        m->max[i] = max[i];
        if (!(min[i] == max[i]))
            continue;
        m->mean[i] = min[i];
        for (size_t j = 0; j < p; j++)
            m->m2[i * p + j] = m->m2[j * p + i] = 0.0;
    }
    wold__moments_finish(m);
}
