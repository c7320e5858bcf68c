/*
 * ipma_rows.c - the IPMA's tables: performance and improvement potential
 * of each construct and indicator, the order by priority, the accessors
 * and the statistics a bootstrap of the fit adds (wold_boot_extra).
 */
#include <math.h>
#include <stdlib.h>

#include "csi/ipma.h"
#include "fit/fit.h"
#include "model/model.h"
#include "moments/moments.h"

/* The mean of an indicator rescaled to 0-100 by its scale. */
static double mv_perf(const wold_ipma *ip, const wold_moments *mo, size_t i)
{
    return 100 * (mo->mean[i] - ip->lo[i]) / (ip->hi[i] - ip->lo[i]);
}

/* The mean rescaled score of block j: sum of w~_i times the mean
 * rescaled indicator. */
static double lv_perf(const wold_ipma *ip, const wold_moments *mo, size_t j)
{
    const wold__lv *b = &ip->md->lv[j];
    double s = 0;
    for (size_t i = b->first; i < b->first + b->count; i++)
        s += ip->wt[i] * mv_perf(ip, mo, i);
    return s;
}

/*
 * Priority: the larger improvement potential first (importance x (100 -
 * performance): how many points the target would gain if the construct
 * or indicator were raised to 100), then the larger importance, then the
 * model's order, so that the order is total and the same on every run.
 */
static int by_priority(const void *pa, const void *pb)
{
    const wold_ipma_row *a = pa, *b = pb;
    int na = isnan(a->potential), nb = isnan(b->potential);
    if (na != nb)
        return na - nb;
    if (!na && a->potential != b->potential)
        return a->potential > b->potential ? -1 : 1;
    if (a->importance != b->importance && !isnan(a->importance) &&
        !isnan(b->importance))
        return a->importance > b->importance ? -1 : 1;
    return a->stat < b->stat ? -1 : a->stat > b->stat;
}

static void fill(wold_ipma_row *r, size_t lv, size_t mv, size_t stat,
                 double imp, double perf, double weight)
{
    r->lv = lv;
    r->mv = mv;
    r->stat = stat;
    r->importance = imp;
    r->performance = perf;
    r->potential = imp * (100 - perf);
    r->weight = weight;
}

void wold__ipma_rows(wold_ipma *ip, const wold_moments *mo)
{
    size_t a = 0, b = 0;
    for (size_t j = 0; j < ip->J; j++)
        if (ip->in[j])
            fill(&ip->lv_rows[a++], j, WOLD_NONE, ip->slot[j],
                 ip->stats[ip->slot[j]], lv_perf(ip, mo, j), NAN);
    for (size_t i = 0; i < ip->p; i++)
        if (ip->mv_slot[i] != WOLD_NONE)
            fill(&ip->mv_rows[b++], ip->md->mv[i].lv, i, ip->mv_slot[i],
                 ip->stats[ip->mv_slot[i]], mv_perf(ip, mo, i), ip->wt[i]);
    qsort(ip->lv_rows, a, sizeof *ip->lv_rows, by_priority);
    qsort(ip->mv_rows, b, sizeof *ip->mv_rows, by_priority);
    ip->target_perf = lv_perf(ip, mo, ip->target);
}

const wold_fit *wold_ipma_fit(const wold_ipma *ip) { return ip->fit; }
size_t wold_ipma_target(const wold_ipma *ip) { return ip->target; }
double wold_ipma_target_performance(const wold_ipma *ip)
{
    return ip->target_perf;
}
size_t wold_ipma_n_constructs(const wold_ipma *ip) { return ip->n_lv_rows; }
size_t wold_ipma_n_indicators(const wold_ipma *ip) { return ip->n_mv_rows; }

const wold_ipma_row *wold_ipma_construct(const wold_ipma *ip, size_t k)
{
    return k < ip->n_lv_rows ? &ip->lv_rows[k] : NULL;
}

const wold_ipma_row *wold_ipma_indicator(const wold_ipma *ip, size_t k)
{
    return k < ip->n_mv_rows ? &ip->mv_rows[k] : NULL;
}

const double *wold_ipma_weights(const wold_ipma *ip) { return ip->wt; }

/* A replicate's importances: the kernel on the replicate's fit and
 * moments, its normal equations on this thread's stack. */
static int replicate(void *user, const wold_fit *fit,
                     const wold_moments *moments, double *out)
{
    double sys[WOLD__IPMA_MAX_PRED * (WOLD__IPMA_MAX_PRED + 1)];
    return wold__ipma_importances(user, fit, moments, out, sys);
}

void wold_ipma_boot_extra(const wold_ipma *ip, wold_boot_extra *extra)
{
    extra->n = ip->n_stats;
    extra->labels = (const char *const *)ip->labels;
    extra->fn = replicate;
    extra->user = (void *)ip;
}
