/*
 * htmt.c - heterotrait-monotrait ratios of correlations (Henseler, Ringle
 * and Sarstedt 2015) and their geometric-mean variant HTMT2 (Roemer,
 * Schuberth and Henseler 2021), as cSEM 0.6.1 computes them.  The kernel
 * is called once per bootstrap replicate: it allocates nothing.
 */
#include <math.h>

#include "assess/assess.h"
#include "model/model.h"

/* Mean of the correlations within block lv (below the diagonal): the
 * arithmetic mean, or the geometric mean when geo (NaN unless every
 * correlation is positive).  1 for a block of one indicator, as cSEM. */
static double monotrait(const wold__lv *lv, const double *R, size_t p,
                        int geo)
{
    if (lv->count < 2)
        return 1.0;
    double s = 0.0;
    size_t m = 0;
    for (size_t i = lv->first + 1; i < lv->first + lv->count; i++)
        for (size_t k = lv->first; k < i; k++, m++) {
            double r = R[i * p + k];
            if (geo && !(r > 0.0))
                return NAN;
            s += geo ? log(r) : r;
        }
    s /= (double)m;
    return geo ? exp(s) : s;
}

/* Mean of the correlations between blocks a and b.  The geometric mean
 * is taken of the absolute values when all correlations have one sign,
 * and is NaN when they have both (or one is 0). */
static double heterotrait(const wold__lv *a, const wold__lv *b,
                          const double *R, size_t p, int geo)
{
    double s = 0.0;
    size_t pos = 0, neg = 0;
    for (size_t i = a->first; i < a->first + a->count; i++)
        for (size_t k = b->first; k < b->first + b->count; k++) {
            double r = R[i * p + k];
            pos += r > 0.0;
            neg += r < 0.0;
            s += geo ? log(fabs(r)) : r;
        }
    size_t m = a->count * b->count;
    if (!geo)
        return s / (double)m;
    return pos == m || neg == m ? exp(s / (double)m) : NAN;
}

void wold__htmt(const wold_model *md, const double *R, int htmt2, double *out)
{
    size_t J = md->n_lv, p = md->n_mv;
    for (size_t a = 0; a < J; a++) {
        out[a * J + a] = 1.0;
        double ma = monotrait(&md->lv[a], R, p, htmt2);
        for (size_t b = 0; b < a; b++) {
            double mb = monotrait(&md->lv[b], R, p, htmt2);
            double h = heterotrait(&md->lv[a], &md->lv[b], R, p, htmt2);
            double v = ma > 0.0 && mb > 0.0 ? fabs(h) / sqrt(ma * mb) : NAN;
            out[a * J + b] = out[b * J + a] = v;
        }
    }
}
