/*
 * metrics.c - the survey metrics' formulas (docs/methods.md section 17):
 * NPS, CSAT, CES, the weighted satisfaction score, the perceived /
 * expected ratio, retention and churn, the repeat-purchase rate and the
 * customer lifetime value, over all rows and per group, with observation
 * weights; proportions with Wilson intervals on Kish's effective n.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "csi/metrics.h"
#include "data/data.h"

void wold_wilson_interval(double p, double n, double level, double *lo,
                          double *hi)
{
    *lo = *hi = NAN;
    if (!(n > 0) || !(p >= 0 && p <= 1) || !(level > 0 && level < 1))
        return;
    double z = gsl_cdf_ugaussian_Qinv((1 - level) / 2), z2 = z * z;
    double den = 1 + z2 / n, mid = (p + z2 / (2 * n)) / den;
    double half = z / den * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    *lo = mid - half < 0 ? 0 : mid - half;
    *hi = mid + half > 1 ? 1 : mid + half;
}

/* Weighted sums of the rows of one group where a metric's cells are all
 * observed: W = sum w, W2 = sum w^2, and up to three sums the metric
 * chooses. */
typedef struct acc {
    double w, w2, s[3];
} acc;

typedef struct pass {
    const wold_data *data;
    const size_t *codes; /* NULL: no groups */
    size_t group;        /* 0: every row */
} pass;

static double weight_of(const pass *ps, size_t r)
{
    const double *w = ps->data->w;
    return w != NULL ? w[r] : 1.0;
}

/* 1 when row r belongs to the pass, has a positive weight and every
 * column of mt observed. */
static int use_row(const pass *ps, const wold__metric *mt, size_t r)
{
    if (ps->group > 0 && ps->codes[r] + 1 != ps->group)
        return 0;
    if (!(weight_of(ps, r) > 0))
        return 0;
    const double *x = ps->data->x + r * ps->data->p;
    for (size_t c = 0; c < mt->n_cols; c++)
        if (isnan(x[mt->col[c]]))
            return 0;
    return 1;
}

static double cell(const pass *ps, const wold__metric *mt, size_t r,
                   size_t c)
{
    return ps->data->x[r * ps->data->p + mt->col[c]];
}

static double kish(const acc *a) { return a->w2 > 0 ? a->w * a->w / a->w2 : 0; }

/* A share in percent with its Wilson interval on Kish's n. */
static void share(wold_metric_value *v, double part, const acc *a,
                  double level)
{
    double p = a->w > 0 ? part / a->w : NAN;
    v->n = a->w;
    v->n_eff = kish(a);
    v->value = 100 * p;
    wold_wilson_interval(p, v->n_eff, level, &v->lo, &v->hi);
    v->lo *= 100;
    v->hi *= 100;
}

/* A mean with its normal interval, s.e. sqrt(var / (n_eff - 1)) (the
 * usual s / sqrt(n) without weights). */
static void mean_of(wold_metric_value *v, double sum, double sumsq,
                    const acc *a, double level)
{
    double m = a->w > 0 ? sum / a->w : NAN;
    double var = a->w > 0 ? sumsq / a->w - m * m : NAN;
    v->n = a->w;
    v->n_eff = kish(a);
    v->value = m;
    double z = gsl_cdf_ugaussian_Qinv((1 - level) / 2);
    double se = v->n_eff > 1 ? sqrt((var > 0 ? var : 0) / (v->n_eff - 1)) : NAN;
    v->lo = m - z * se;
    v->hi = m + z * se;
}

static void accumulate(const pass *ps, const wold__metric *mt, double cut,
                       acc *a)
{
    memset(a, 0, sizeof *a);
    for (size_t r = 0; r < ps->data->n; r++) {
        if (!use_row(ps, mt, r))
            continue;
        double w = weight_of(ps, r), x = cell(ps, mt, r, 0);
        a->w += w;
        a->w2 += w * w;
        switch (mt->kind) {
        case WOLD_METRIC_NPS:
            a->s[0] += w * (x >= 9);
            a->s[1] += w * (x <= 6);
            break;
        case WOLD_METRIC_CSAT: a->s[0] += w * (x >= cut); break;
        case WOLD_METRIC_CES:
            a->s[0] += w * x;
            a->s[1] += w * x * x;
            break;
        case WOLD_METRIC_CLV: {
            double v = x * cell(ps, mt, r, 1) * cell(ps, mt, r, 2);
            a->s[0] += w * v;
            a->s[1] += w * v * v;
            break;
        }
        case WOLD_METRIC_SCORE: {
            double m = 0;
            for (size_t c = 0; c < mt->n_cols; c++)
                m += cell(ps, mt, r, c) / (double)mt->n_cols;
            a->s[0] += w * m;
            break;
        }
        default: /* counts and the ratio: weighted column totals */
            for (size_t c = 0; c < mt->n_cols; c++)
                a->s[c] += w * cell(ps, mt, r, c);
        }
    }
}

/* NPS: points, then the three shares. */
static void nps(wold_metric_value *v, const acc *a, double level)
{
    double pp = a->w > 0 ? a->s[0] / a->w : NAN;
    double pd = a->w > 0 ? a->s[1] / a->w : NAN;
    share(&v[1], a->s[0], a, level);
    share(&v[2], a->w - a->s[0] - a->s[1], a, level);
    share(&v[3], a->s[1], a, level);
    v[0] = v[1];
    v[0].value = 100 * (pp - pd);
    /* Var of the difference of two multinomial shares (Rocks 2016). */
    double var = (pp + pd - (pp - pd) * (pp - pd)) / v[0].n_eff;
    double z = gsl_cdf_ugaussian_Qinv((1 - level) / 2);
    v[0].lo = fmax(-100, v[0].value - 100 * z * sqrt(var));
    v[0].hi = fmin(100, v[0].value + 100 * z * sqrt(var));
}

/* A proportion of counts: part / whole with Wilson on the whole. */
static void count_share(wold_metric_value *v, double part, double whole,
                        double level)
{
    double p = whole > 0 ? part / whole : NAN;
    v->n = v->n_eff = whole;
    v->value = 100 * p;
    wold_wilson_interval(p, whole, level, &v->lo, &v->hi);
    v->lo *= 100;
    v->hi *= 100;
}

static void plain(wold_metric_value *v, double value, const acc *a)
{
    v->value = value;
    v->lo = v->hi = NAN;
    v->n = a->w;
    v->n_eff = kish(a);
}

/* One metric's statistics in one pass; returns how many it wrote. */
static size_t one(const pass *ps, const wold_metrics_spec *spec,
                  const wold__metric *mt, wold_metric_value *v)
{
    acc a;
    double cut = isnan(mt->cut) ? spec->csat_hi - 1 : mt->cut;
    double level = spec->level;
    accumulate(ps, mt, cut, &a);
    switch (mt->kind) {
    case WOLD_METRIC_NPS: nps(v, &a, level); return 4;
    case WOLD_METRIC_CSAT: share(v, a.s[0], &a, level); return 1;
    case WOLD_METRIC_CES: mean_of(v, a.s[0], a.s[1], &a, level); return 1;
    case WOLD_METRIC_CLV: mean_of(v, a.s[0], a.s[1], &a, level); return 1;
    case WOLD_METRIC_SCORE:
        plain(v, a.w > 0 ? a.s[0] / a.w : NAN, &a);
        return 1;
    case WOLD_METRIC_RATIO:
        plain(v, a.s[1] > 0 ? a.s[0] / a.s[1] : NAN, &a);
        return 1;
    case WOLD_METRIC_RETENTION:
        count_share(&v[0], a.s[1] - a.s[2], a.s[0], level);
        count_share(&v[1], a.s[0] - (a.s[1] - a.s[2]), a.s[0], level);
        return 2;
    case WOLD_METRIC_REPEAT:
        count_share(v, a.s[0], a.s[1], level);
        return 1;
    }
    return 0;
}

/* S = sum w_k a_k / sum w_k over the dimensions (at their places in
 * row), then the standard point. */
static void score(const wold_metrics_spec *spec, wold_metric_value *row,
                  wold_metric_value *v)
{
    double s = 0, ws = 0, n = INFINITY;
    size_t k = 0;
    for (size_t i = 0; i < spec->n; i++) {
        const wold__metric *mt = &spec->m[i];
        if (mt->kind == WOLD_METRIC_SCORE) {
            s += mt->weight * row[k].value;
            ws += mt->weight;
            n = fmin(n, row[k].n);
        }
        k += wold__metric_n_stats(mt);
    }
    v[0].value = s / ws;
    v[0].lo = v[0].hi = v[0].n_eff = NAN;
    v[0].n = n;
    if (!isnan(spec->standard)) {
        v[1] = v[0];
        v[1].value = spec->standard;
    }
}

void wold__metrics_compute(wold_metrics *m, const wold_metrics_spec *spec,
                           const wold_data *data, const size_t *codes)
{
    for (size_t g = 0; g < m->n_groups; g++) {
        pass ps = {data, codes, g};
        wold_metric_value *row = m->values + g * m->n_stats;
        size_t k = 0, dims = 0;
        for (size_t i = 0; i < spec->n; i++) {
            k += one(&ps, spec, &spec->m[i], row + k);
            dims += spec->m[i].kind == WOLD_METRIC_SCORE;
        }
        if (dims > 0)
            score(spec, row, row + k);
    }
}
