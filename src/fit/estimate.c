/*
 * estimate.c - wold_fit_estimate, the driver of the fit workspace: checks
 * the inputs once, runs the iteration to its stopping rule, then derives
 * every result from the final weights and the moment matrix.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit/fit.h"
#include "model/model.h"
#include "moments/moments.h"
#include "util/util.h"

void wold_fit_options_default(wold_fit_options *opt)
{
    opt->scheme = WOLD_SCHEME_PATH;
    opt->tol = WOLD_DEFAULT_TOL;
    opt->max_iter = WOLD_DEFAULT_MAX_ITER;
    opt->scaled = 1;
    opt->compat = WOLD_COMPAT_NONE;
    opt->plsc = 0;
}

void wold_fit_free(wold_fit *fit)
{
    if (fit == NULL)
        return;
    free(fit->w), free(fit->sign), free(fit->mean), free(fit->sd);
    free(fit->cross), free(fit->lvcor), free(fit->paths), free(fit->total);
    free(fit->indirect), free(fit->lv), free(fit->mv), free(fit->coef);
    wold__problems_clear(&fit->warnings);
    wold__plsc_free(fit);
    free(fit);
}

/*
 * The driver on the workspace (work.c): set, iterate until the stopping
 * rule says stop, finish, and the workspace's fit becomes the caller's.
 */
wold_status wold_fit_estimate(wold_fit **out, const wold_model *model,
                              const wold_moments *mo,
                              const wold_fit_options *opt, wold_error *err)
{
    *out = NULL;
    wold_fit_work *w = NULL;
    WOLD_TRY(wold_fit_work_alloc(&w, model, opt, err));
    wold_status st = wold_fit_work_set(w, mo, NULL, err);
    if (st == WOLD_OK) {
        do
            st = wold_fit_work_iterate(w, err);
        while (st == WOLD_OK && wold_fit_work_test(w) == 0);
    }
    if (st == WOLD_OK)
        st = wold_fit_work_finish(w, err);
    /* Not converged: the results are complete and the caller may show
     * them (wold_fit_converged() is 0). */
    if (w->complete)
        *out = wold__fit_work_detach(w);
    wold_fit_work_free(w);
    return st;
}
