/*
 * aggregate.c - the national index from the companies' indices
 * (docs/methods.md, section 16): industries are revenue-weighted means of
 * their companies, sectors revenue-weighted means of their industries, the
 * nation the sector-weighted mean of the sectors.  A member without an
 * index is left out of its parent's mean, whose weights are renormalised
 * over the members that have one.  The standard errors treat the
 * companies as independent samples: se(sum a_c x_c) = sqrt(sum a_c^2 se_c^2).
 */
#include <math.h>

#include "csi/nation.h"

/* Accumulates one weighted mean and the variance of its terms. */
typedef struct acc {
    double w, wx, w2v;
    size_t used;
} acc;

static void acc_add(acc *a, double w, double x, double se)
{
    if (!isfinite(x))
        return;
    a->w += w;
    a->wx += w * x;
    a->w2v += w * w * se * se; /* NaN once any member has no s.e. */
    a->used++;
}

static void acc_result(const acc *a, double *x, double *se, size_t *used)
{
    int ok = a->used > 0 && a->w > 0;
    *x = ok ? a->wx / a->w : NAN;
    *se = ok ? sqrt(a->w2v) / a->w : NAN;
    *used = a->used;
}

void wold__aggregate(const wold__layout *lay, const double *x,
                     const double *se, wold__agg *out)
{
    acc a;
    for (size_t i = 0; i < lay->n_ind; i++) {
        a = (acc){0, 0, 0, 0};
        for (size_t c = 0; c < lay->n_comp; c++)
            if (lay->comp_ind[c] == i)
                acc_add(&a, lay->comp_w[c], x[c], se != NULL ? se[c] : NAN);
        acc_result(&a, &out->ind[i], &out->ind_se[i], &out->ind_used[i]);
    }
    for (size_t s = 0; s < lay->n_sec; s++) {
        a = (acc){0, 0, 0, 0};
        for (size_t i = 0; i < lay->n_ind; i++)
            if (lay->ind_sec[i] == s)
                acc_add(&a, lay->ind_w[i], out->ind[i], out->ind_se[i]);
        acc_result(&a, &out->sec[s], &out->sec_se[s], &out->sec_used[s]);
    }
    a = (acc){0, 0, 0, 0};
    for (size_t s = 0; s < lay->n_sec; s++)
        acc_add(&a, lay->sec_w[s], out->sec[s], out->sec_se[s]);
    acc_result(&a, &out->nat, &out->nat_se, &out->nat_used);
}
