/*
 * jackknife.c - the moments of the sample without one row, from the
 * full-sample moments by a rank-one downdate (docs/methods.md, 9.8):
 *
 *     mean_(i) = mean - d_i / (n - 1),    d_i = x_i - mean
 *     M2_(i)   = M2 - n / (n - 1) d_i d_i'
 *
 * so the n leave-one-out fits cost O(n p^2) in moments, not O(n^2 p^2).
 * Leaving out a row can leave a column constant (an indicator nonzero in
 * one row only); the downdate would then give a variance of rounding
 * noise, so those rows are found exactly beforehand, from the data.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "infer/infer.h"
#include "moments/moments.h"
#include "util/util.h"

/* Column c of d: constant but for one row (of positive weight)?  Marks
 * that row. */
static void mark_lone_value(wold__jackknife *jk, size_t c)
{
    const double *d = jk->d;
    size_t n = jk->n, p = jk->p, other = SIZE_MAX, n_a = 0, n_b = 0;
    size_t first = 0;
    while (jk->w != NULL && first < n && jk->w[first] == 0.0)
        first++;
    if (first == n)
        return;
    double a = d[first * p + c], b = 0.0;
    for (size_t i = first; i < n; i++) {
        if (jk->w != NULL && jk->w[i] == 0.0)
            continue;
        double v = d[i * p + c];
        if (v == a) {
            n_a++;
        } else if (other == SIZE_MAX || v == b) {
            if (other == SIZE_MAX)
                other = i, b = v;
            n_b++;
        } else {
            return; /* three distinct values: never constant */
        }
    }
    if (other == SIZE_MAX)
        return;
    if (n_b == 1)
        jk->constant_without[other] = 1;
    if (n_a == 1)
        jk->constant_without[first] = 1;
}

wold_status wold__jackknife_alloc(wold__jackknife *jk,
                                  const wold__resample *rs, wold_error *err)
{
    memset(jk, 0, sizeof *jk);
    jk->full = rs->full;
    jk->n = rs->n;
    jk->p = rs->p;
    jk->d = rs->x0;
    jk->w = rs->w;
    jk->constant_without = calloc(rs->n ? rs->n : 1, 1);
    if (jk->constant_without == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the jackknife");
    for (size_t c = 0; c < jk->p; c++)
        mark_lone_value(jk, c);
    return WOLD_OK;
}

void wold__jackknife_free(wold__jackknife *jk)
{
    free(jk->constant_without);
    memset(jk, 0, sizeof *jk);
}

/* The downdate for weighted rows: with W' = W - w_i,
 *     mean_(i) = mean - w_i d_i / W',   M2_(i) = M2 - w_i W / W' d_i d_i'
 * (the unweighted formulas at w_i = 1, W = n). */
void wold__jackknife_moments(const wold__jackknife *jk, wold_moments *mo,
                             size_t i)
{
    const wold_moments *f = jk->full;
    size_t p = jk->p;
    double wi = jk->w != NULL ? jk->w[i] : 1.0;
    double W = wold__moments_total(f), Wr = W - wi, k = wi * W / Wr;
    const double *d = jk->d + i * p;
    for (size_t a = 0; a < p; a++) {
        mo->mean[a] = f->mean[a] - wi * d[a] / Wr;
        for (size_t b = 0; b < p; b++) {
            double m2 = f->m2[a * p + b] - k * d[a] * d[b];
            mo->m2[a * p + b] = m2;
            mo->cov[a * p + b] = m2 / Wr;
        }
    }
    for (size_t a = 0; a < p; a++) {
        mo->sd[a] = sqrt(mo->cov[a * p + a]);
        /* The full range bounds the sample's: the zero-variance rule
         * only needs the magnitude. */
        mo->min[a] = f->min[a];
        mo->max[a] = f->max[a];
    }
    mo->n = jk->w != NULL ? (size_t)floor(Wr + 0.5) : jk->n - 1;
    mo->weighted = jk->w != NULL;
    mo->wsum = Wr;
}
