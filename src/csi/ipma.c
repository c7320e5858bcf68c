/*
 * ipma.c - the importance-performance map analysis (Ringle & Sarstedt
 * 2016; cSEM's doIPMA; docs/methods.md section 13), all on the moments:
 * a rescaled construct score is linear in the indicators, R_j = sum_i
 * a_i (x_i - lo_i) with a_i = 100 w~_i / (hi_i - lo_i), so its mean and
 * covariances follow from the indicators' means and covariance matrix,
 * and the OLS regressions of the structural model on the rescaled scores
 * are solved on those covariances.  No row is read, which makes every
 * bootstrap replicate as cheap as its fit.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csi/csi.h"
#include "csi/ipma.h"
#include "fit/fit.h"
#include "model/model.h"
#include "moments/moments.h"
#include "util/util.h"

/* Sum of a block's unstandardised weights (weight / s.d. when the fit
 * standardised the indicators, the weight itself when it centred them). */
static double block_sum(const wold_fit *fit, const wold_moments *mo,
                        size_t lv)
{
    const wold__lv *b = &fit->model->lv[lv];
    double s = 0;
    for (size_t i = b->first; i < b->first + b->count; i++)
        s += wold__raw_weight(fit, mo, i);
    return s;
}

/* w~_i: the unstandardised weight of indicator i over its block's sum. */
static double norm_weight(const wold_fit *fit, const wold_moments *mo,
                          size_t i, double sum)
{
    return wold__raw_weight(fit, mo, i) / sum;
}

/* Covariance of the rescaled scores of blocks j and k: sum over their
 * indicators of a_i a_l cov(i, l), a from the block sums sj and sk. */
static double rescaled_cov(const wold_ipma *ip, const wold_fit *fit,
                           const wold_moments *mo, size_t j, double sj,
                           size_t k, double sk)
{
    const wold__lv *bj = &ip->md->lv[j], *bk = &ip->md->lv[k];
    size_t p = ip->p;
    double c = 0;
    for (size_t i = bj->first; i < bj->first + bj->count; i++) {
        double ai = 100 * norm_weight(fit, mo, i, sj) / (ip->hi[i] - ip->lo[i]);
        double row = 0;
        for (size_t l = bk->first; l < bk->first + bk->count; l++)
            row += norm_weight(fit, mo, l, sk) / (ip->hi[l] - ip->lo[l]) *
                   mo->cov[i * p + l];
        c += ai * 100 * row;
    }
    return c;
}

/* Solves the q x q system in sys (row-major, right-hand side in column q)
 * by Cholesky in place; the solution overwrites column q.  -1 when the
 * matrix is not positive definite. */
static int solve_spd(double *sys, size_t q)
{
    size_t w = q + 1;
    for (size_t c = 0; c < q; c++) {
        double d = sys[c * w + c];
        for (size_t k = 0; k < c; k++)
            d -= sys[c * w + k] * sys[c * w + k];
        if (!(d > 1e-12 * fabs(sys[c * w + c])) || !(d > 0))
            return -1;
        d = sqrt(d);
        sys[c * w + c] = d;
        for (size_t r = c + 1; r < q; r++) {
            double v = sys[r * w + c];
            for (size_t k = 0; k < c; k++)
                v -= sys[r * w + k] * sys[c * w + k];
            sys[r * w + c] = v / d;
        }
    }
    for (size_t r = 0; r < q; r++) { /* L y = b */
        double v = sys[r * w + q];
        for (size_t k = 0; k < r; k++)
            v -= sys[r * w + k] * sys[k * w + q];
        sys[r * w + q] = v / sys[r * w + r];
    }
    for (size_t r = q; r-- > 0;) { /* L' x = y */
        double v = sys[r * w + q];
        for (size_t k = r + 1; k < q; k++)
            v -= sys[k * w + r] * sys[k * w + q];
        sys[r * w + q] = v / sys[r * w + r];
    }
    return 0;
}

/* The total effect on the target of LV m so far: 1 for the target. */
static double *effect_of(const wold_ipma *ip, double *out, size_t m)
{
    return ip->slot[m] == WOLD_NONE ? NULL : &out[ip->slot[m]];
}

/* Regresses R_m on its predecessors and passes m's total effect te on to
 * them: te_j += b_mj te_m (the reverse topological order makes te_m
 * complete by then). */
static int pass_back(const wold_ipma *ip, const wold_fit *fit,
                     const wold_moments *mo, size_t m, double te, double *out,
                     double *sys)
{
    size_t J = ip->J, q = 0, pred[WOLD__IPMA_MAX_PRED];
    for (size_t j = 0; j < J; j++)
        if (ip->md->adj[m * J + j])
            pred[q++] = j;
    size_t w = q + 1;
    double sm = block_sum(fit, mo, m);
    for (size_t r = 0; r < q; r++) {
        double sr = block_sum(fit, mo, pred[r]);
        for (size_t c = 0; c <= r; c++) {
            double v = rescaled_cov(ip, fit, mo, pred[r], sr, pred[c],
                                    block_sum(fit, mo, pred[c]));
            sys[r * w + c] = sys[c * w + r] = v;
        }
        sys[r * w + q] = rescaled_cov(ip, fit, mo, pred[r], sr, m, sm);
    }
    if (!isfinite(sm) || sm == 0 || solve_spd(sys, q) != 0)
        return -1;
    for (size_t r = 0; r < q; r++)
        *effect_of(ip, out, pred[r]) += sys[r * w + q] * te;
    return 0;
}

int wold__ipma_importances(const wold_ipma *ip, const wold_fit *fit,
                           const wold_moments *mo, double *out, double *sys)
{
    size_t J = ip->J;
    for (size_t k = 0; k < ip->n_stats; k++)
        out[k] = 0;
    for (size_t k = J; k-- > 0;) {
        size_t m = ip->topo[k];
        if (m != ip->target && !ip->in[m])
            continue;
        double te = m == ip->target ? 1.0 : *effect_of(ip, out, m);
        if (ip->md->lv[m].count > 0 && wold_fit_lv(fit, m)->endogenous &&
            pass_back(ip, fit, mo, m, te, out, sys) != 0)
            return -1;
    }
    for (size_t j = 0; j < J; j++) {
        if (!ip->in[j])
            continue;
        const wold__lv *b = &ip->md->lv[j];
        double s = block_sum(fit, mo, j), te = out[ip->slot[j]];
        if (!isfinite(s) || s == 0)
            return -1;
        for (size_t i = b->first; i < b->first + b->count; i++)
            out[ip->mv_slot[i]] = norm_weight(fit, mo, i, s) * te;
    }
    return 0;
}
