/*
 * assess.c - wold_assess_compute: every criterion of a finished fit, from
 * the fit and the moments it was estimated on.  The fit never calls
 * here: the criteria read its results (docs/architecture.md).
 */
#include <math.h>
#include <stdlib.h>

#include "assess/assess.h"
#include "fit/fit.h"
#include "model/model.h"
#include "moments/moments.h"
#include "util/util.h"

size_t wold__assess_work(const wold_model *md)
{
    size_t p = md->n_mv, J = md->n_lv, q = 1;
    for (size_t j = 0; j < J; j++)
        if (md->lv[j].count > q)
            q = md->lv[j].count;
    size_t unidim = q * q + 4 * q;
    size_t reliab = J + p * p;
    size_t vif = p * p + p;
    size_t fitw = p * p + 2 * J * J + 2 * p * p + 4 * p;
    size_t n = unidim > reliab ? unidim : reliab;
    n = n > vif ? n : vif;
    return n > fitw ? n : fitw;
}

void wold_assess_free(wold_assess *a)
{
    if (a == NULL)
        return;
    free(a->block), free(a->R), free(a->htmt), free(a->htmt2), free(a->fl);
    free(a->vif_mv), free(a->vif_path), free(a->f2);
    free(a);
}

static wold_assess *assess_alloc(const wold_fit *fit)
{
    size_t J = fit->J, p = fit->p;
    wold_assess *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NULL;
    a->fit = fit;
    a->J = J;
    a->p = p;
    a->block = calloc(J, sizeof *a->block);
    a->R = malloc(p * p * sizeof *a->R);
    a->htmt = malloc(J * J * sizeof *a->htmt);
    a->htmt2 = malloc(J * J * sizeof *a->htmt2);
    a->fl = malloc(J * J * sizeof *a->fl);
    a->vif_mv = malloc(p * sizeof *a->vif_mv);
    a->vif_path = malloc(J * J * sizeof *a->vif_path);
    a->f2 = malloc(J * J * sizeof *a->f2);
    if (!a->block || !a->R || !a->htmt || !a->htmt2 || !a->fl || !a->vif_mv ||
        !a->vif_path || !a->f2) {
        wold_assess_free(a);
        return NULL;
    }
    return a;
}

/* The indicators' correlations, whatever the scaling of the fit. */
static void correlations(wold_assess *a, const wold_moments *mo)
{
    size_t p = a->p;
    for (size_t i = 0; i < p; i++)
        for (size_t k = 0; k < p; k++)
            a->R[i * p + k] =
                mo->cov[i * p + k] / (mo->sd[i] * mo->sd[k]);
}

wold_status wold_assess_compute(wold_assess **out, const wold_fit *fit,
                                const wold_moments *mo, wold_error *err)
{
    *out = NULL;
    if (fit == NULL || mo == NULL || mo->p != fit->p)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "the moments do not have the fit's %zu indicators "
                         "as columns", fit ? fit->p : (size_t)0);
    wold_assess *a = assess_alloc(fit);
    double *work = malloc(wold__assess_work(fit->model) * sizeof *work);
    if (a == NULL || work == NULL) {
        wold_assess_free(a);
        free(work);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the criteria");
    }
    correlations(a, mo);
    wold__unidim(a, fit->opt.compat == WOLD_COMPAT_PLSPM, work);
    wold__reliability(a, mo, work);
    wold__htmt(fit->model, a->R, 0, a->htmt);
    wold__htmt(fit->model, a->R, 1, a->htmt2);
    wold__vif(a, work);
    wold__model_fit(a, work);
    free(work);
    *out = a;
    return WOLD_OK;
}

const wold_fit *wold_assess_fit(const wold_assess *a) { return a->fit; }
const wold_block_stats *wold_assess_block(const wold_assess *a, size_t lv)
{
    return lv < a->J ? &a->block[lv] : NULL;
}
const double *wold_assess_htmt(const wold_assess *a) { return a->htmt; }
const double *wold_assess_htmt2(const wold_assess *a) { return a->htmt2; }
const double *wold_assess_fornell_larcker(const wold_assess *a)
{
    return a->fl;
}
const double *wold_assess_vif_indicators(const wold_assess *a)
{
    return a->vif_mv;
}
const double *wold_assess_vif_paths(const wold_assess *a)
{
    return a->vif_path;
}
const double *wold_assess_f2(const wold_assess *a) { return a->f2; }
const wold_model_fit *wold_assess_model_fit(const wold_assess *a,
                                            int estimated)
{
    return &a->mfit[estimated != 0];
}
