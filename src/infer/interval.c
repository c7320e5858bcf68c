/*
 * interval.c - from the replicates of one statistic to its summary:
 * bootstrap mean, bias and standard error, t and p, the percentile and
 * BCa intervals (Efron 1987; Efron and Tibshirani 1993, ch. 14), the
 * jackknife's standard error and acceleration, and the one-sided HTMT
 * test read off the bootstrap distribution (Henseler et al. 2015).
 * docs/methods.md, section 10, gives every formula.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "infer/infer.h"

double wold__quantile7(const double *x, size_t n, double q)
{
    if (n == 0 || !(q >= 0.0 && q <= 1.0))
        return NAN;
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return x[n - 1];
    return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

/* Sorts the n finite doubles x ascending: quicksort with a median of
 * three, insertion sort below 16 elements, the smaller part first so the
 * stack stays O(log n).  qsort's callback per comparison cost as much as
 * the rest of the summaries. */
static void insertion_sort(double *x, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        double v = x[i];
        size_t j = i;
        for (; j > 0 && x[j - 1] > v; j--)
            x[j] = x[j - 1];
        x[j] = v;
    }
}

static void swap(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

static void sort_doubles(double *x, size_t n)
{
    while (n > 16) {
        size_t m = n / 2;
        if (x[m] < x[0])
            swap(&x[m], &x[0]);
        if (x[n - 1] < x[0])
            swap(&x[n - 1], &x[0]);
        if (x[n - 1] < x[m])
            swap(&x[n - 1], &x[m]);
        double pivot = x[m];
        size_t i = 0, j = n - 1;
        for (;;) {
            while (x[i] < pivot)
                i++;
            while (pivot < x[j])
                j--;
            if (i >= j)
                break;
            swap(&x[i++], &x[j--]);
        }
        /* x[0..j] <= pivot <= x[j+1..n-1] */
        size_t left = j + 1;
        if (left < n - left) {
            sort_doubles(x, left);
            x += left;
            n -= left;
        } else {
            sort_doubles(x + left, n - left);
            n = left;
        }
    }
    insertion_sort(x, n);
}

static double mean_of(const double *v, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return s / (double)n;
}

double wold__jack_se(const double *jack, size_t nj)
{
    if (nj < 2)
        return NAN;
    double m = mean_of(jack, nj), s = 0.0;
    for (size_t i = 0; i < nj; i++)
        s += (jack[i] - m) * (jack[i] - m);
    return sqrt((double)(nj - 1) / (double)nj * s);
}

double wold__jack_accel(const double *jack, size_t nj)
{
    if (nj < 2)
        return NAN;
    double m = mean_of(jack, nj), s2 = 0.0, s3 = 0.0;
    for (size_t i = 0; i < nj; i++) {
        double d = m - jack[i];
        s2 += d * d;
        s3 += d * d * d;
    }
    /* A statistic that no left-out row moves has no skewness to correct. */
    return s2 > 0.0 ? s3 / (6.0 * pow(s2, 1.5)) : 0.0;
}

/* BCa bounds: the percentile interval at the adjusted probabilities
 * Phi(z0 + (z0 + z)/(1 - a (z0 + z))).  z0 from the share of replicates
 * below the original, ties counted half; undefined (NaN) when all
 * replicates fall on one side. */
static void bca(wold_boot_stat *st, const double *v, size_t m, double a,
                double level)
{
    size_t below = 0, ties = 0;
    for (size_t i = 0; i < m; i++) {
        below += v[i] < st->original;
        ties += v[i] == st->original;
    }
    double share = ((double)below + 0.5 * (double)ties) / (double)m;
    st->bca_lo = st->bca_hi = NAN;
    if (!(share > 0.0 && share < 1.0) || !isfinite(a))
        return;
    double z0 = gsl_cdf_ugaussian_Pinv(share);
    double alpha = (1.0 - level) / 2.0;
    double zl = z0 + gsl_cdf_ugaussian_Pinv(alpha);
    double zh = z0 + gsl_cdf_ugaussian_Pinv(1.0 - alpha);
    double dl = 1.0 - a * zl, dh = 1.0 - a * zh;
    if (dl > 0.0)
        st->bca_lo = wold__quantile7(v, m, gsl_cdf_ugaussian_P(z0 + zl / dl));
    if (dh > 0.0)
        st->bca_hi = wold__quantile7(v, m, gsl_cdf_ugaussian_P(z0 + zh / dh));
}

static void moments_of(wold_boot_stat *st, const double *v, size_t m)
{
    st->mean = st->bias = st->se = NAN;
    if (m == 0)
        return;
    st->mean = mean_of(v, m);
    st->bias = st->mean - st->original;
    if (m < 2)
        return;
    double s = 0.0;
    for (size_t i = 0; i < m; i++)
        s += (v[i] - st->mean) * (v[i] - st->mean);
    st->se = sqrt(s / (double)(m - 1));
}

void wold__summarise(wold_boot_stat *st, double *v, size_t m,
                     const double *jack, size_t nj, size_t n_rows,
                     double level, int want_bca, int htmt, double threshold)
{
    double alpha = (1.0 - level) / 2.0;
    st->used = m;
    sort_doubles(v, m);
    moments_of(st, v, m);
    st->jack_se = jack != NULL ? wold__jack_se(jack, nj) : NAN;
    if (m == 0 && jack != NULL)
        st->se = st->jack_se;
    /* A statistic that no resample moves (up to rounding) has no t. */
    int moves = st->se > 1e-12 * fmax(1.0, fabs(st->original));
    st->t = moves ? st->original / st->se : NAN;
    st->p = isfinite(st->t) && n_rows > 1
                ? 2.0 * gsl_cdf_tdist_Q(fabs(st->t), (double)(n_rows - 1))
                : NAN;
    st->pct_lo = wold__quantile7(v, m, alpha);
    st->pct_hi = wold__quantile7(v, m, 1.0 - alpha);
    st->bca_lo = st->bca_hi = NAN;
    if (want_bca && m > 0 && jack != NULL)
        bca(st, v, m, wold__jack_accel(jack, nj), level);
    st->htmt_upper = st->htmt_p = NAN;
    if (htmt && m > 0) {
        size_t above = 0;
        for (size_t i = 0; i < m; i++)
            above += v[i] >= threshold;
        st->htmt_upper = wold__quantile7(v, m, level);
        st->htmt_p = (double)above / (double)m;
    }
}
