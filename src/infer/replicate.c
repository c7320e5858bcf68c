/*
 * replicate.c - one fit of a bootstrap or jackknife, on moments that the
 * caller has just overwritten, through the caller-driven fit workspace:
 * nothing here allocates.  A failure is not an error but a cause
 * (wold_boot_failure), found from the step that failed.
 */
#include <math.h>
#include <string.h>

#include "fit/fit.h"
#include "infer/infer.h"
#include "moments/moments.h"

/* The cause of a failed wold_fit_work_set: the set's errors are, in
 * order, mismatched moments, too few rows, zero variance and collinear
 * Mode B blocks; the first two cannot arise on a resample of a fit that
 * succeeded, zero variance was ruled out before, so an ENUMERIC is a
 * Mode B block. */
static int set_failure(wold_status st)
{
    return st == WOLD_ENUMERIC ? WOLD_BOOT_FAIL_MODE_B : WOLD_BOOT_FAIL_NUMERIC;
}

int wold__replicate_fit(wold__replicate *rp, const wold_moments *mo,
                        double *row)
{
    const wold_model *md = rp->model;
    for (size_t i = 0; i < md->n_mv; i++)
        if (wold__moments_zero_variance(mo, i))
            return WOLD_BOOT_FAIL_ZERO_VARIANCE;
    wold_status st = wold_fit_work_set(rp->work, mo, rp->start, NULL);
    if (st != WOLD_OK)
        return set_failure(st);
    int t = 0;
    while (t == 0) {
        if (wold_fit_work_iterate(rp->work, NULL) != WOLD_OK)
            return WOLD_BOOT_FAIL_NUMERIC;
        t = wold_fit_work_test(rp->work);
    }
    if (t < 0)
        return WOLD_BOOT_FAIL_CONVERGENCE;
    if (wold_fit_work_finish(rp->work, NULL) != WOLD_OK)
        return WOLD_BOOT_FAIL_NUMERIC;
    const wold_fit *fit = wold_fit_work_fit(rp->work);
    if (rp->plsc_rules && wold_fit_plsc_rules(fit) != 0)
        return WOLD_BOOT_FAIL_PLSC;
    wold__stats_row(rp->stats, fit, mo, rp->scratch, row);
    wold__stats_sign(rp->stats, md, rp->sign, row, rp->scratch);
    if (wold__stats_extra(rp->stats, fit, mo, row) != 0)
        return WOLD_BOOT_FAIL_NUMERIC;
    return -1;
}
