/* results.c - read access to a fit's results. */
#include "fit/fit.h"

const wold_model *wold_fit_model(const wold_fit *fit) { return fit->model; }
const wold_fit_options *wold_fit_options_used(const wold_fit *fit)
{
    return &fit->opt;
}
wold_missing wold_fit_missing(const wold_fit *fit) { return fit->missing; }
size_t wold_fit_n(const wold_fit *fit) { return fit->n; }
int wold_fit_iterations(const wold_fit *fit) { return fit->iterations; }
int wold_fit_converged(const wold_fit *fit) { return fit->converged; }
double wold_fit_criterion(const wold_fit *fit) { return fit->criterion; }
const wold_lv_stats *wold_fit_lv(const wold_fit *fit, size_t lv)
{
    return lv < fit->J ? &fit->lv[lv] : NULL;
}
const wold_mv_stats *wold_fit_mv(const wold_fit *fit, size_t mv)
{
    return mv < fit->p ? &fit->mv[mv] : NULL;
}
const double *wold_fit_cross_loadings(const wold_fit *fit) { return fit->cross; }
const double *wold_fit_lv_cor(const wold_fit *fit) { return fit->lvcor; }
const double *wold_fit_paths(const wold_fit *fit) { return fit->paths; }
const double *wold_fit_total_effects(const wold_fit *fit) { return fit->total; }
const double *wold_fit_indirect_effects(const wold_fit *fit)
{
    return fit->indirect;
}
size_t wold_fit_n_coefs(const wold_fit *fit) { return fit->n_coef; }
const wold_coef *wold_fit_coef(const wold_fit *fit, size_t k)
{
    return k < fit->n_coef ? &fit->coef[k] : NULL;
}
double wold_fit_gof(const wold_fit *fit) { return fit->gof; }
const double *wold_fit_weights(const wold_fit *fit) { return fit->w; }
