/*
 * predict.c - PLSpredict (Shmueli et al. 2016, 2019): k-fold
 * cross-validated out-of-sample prediction of the indicators of the
 * endogenous blocks, against a linear-model and an indicator-mean
 * benchmark.
 *
 * Moments are additive, so the training moments of fold f are the moments
 * of all rows minus fold f's (wold_moments_subtract): each repeat reads
 * the rows twice (fold moments, then the held-out predictions), whatever
 * the number of folds.  Every buffer is allocated once, before the first
 * fold, the fit workspace too: each fold's fit runs the steps of
 * wold_fit_estimate on its training moments without allocating.  folds.c holds the per-fold steps.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "infer/folds.h"
#include "infer/predict.h"
#include "model/model.h"
#include "moments/moments.h"
#include "util/util.h"

void wold_predict_options_default(wold_predict_options *opt)
{
    opt->folds = 10;
    opt->repeats = 10;
    opt->seed = 1;
    opt->approach = WOLD_PREDICT_EARLIEST;
    opt->missing = WOLD_MISSING_LISTWISE;
    wold_fit_options_default(&opt->fit);
}

void wold_prediction_free(wold_prediction *pr)
{
    if (pr == NULL)
        return;
    free(pr->source);
    free(pr->weights);
    free(pr->stats);
    free(pr);
}

static wold_status check_options(const wold_predict_options *opt,
                                 wold_error *err)
{
    if (opt->folds < 2)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "the number of folds must be at least 2, got %zu",
                         opt->folds);
    if (opt->repeats < 1)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "the number of repeats must be at least 1, got 0");
    if (opt->approach != WOLD_PREDICT_EARLIEST &&
        opt->approach != WOLD_PREDICT_DIRECT)
        return WOLD_FAIL(err, WOLD_EUSAGE, "unknown prediction approach %d",
                         (int)opt->approach);
    if (opt->missing != WOLD_MISSING_LISTWISE &&
        opt->missing != WOLD_MISSING_MEAN)
        return WOLD_FAIL(err, WOLD_EUSAGE, "unknown missing-value rule %d",
                         (int)opt->missing);
    return WOLD_OK;
}

/* The data must hold the model's indicators in model order. */
static wold_status check_inputs(const wold_model *md, const wold_data *data,
                                wold_error *err)
{
    if (data->p != md->n_mv)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "predict: the data have %zu columns, the model %zu "
                         "indicators (read the data with the model)",
                         data->p, md->n_mv);
    for (size_t i = 0; i < md->n_mv; i++)
        if (strcmp(data->names[i], md->mv[i].name) != 0)
            return WOLD_FAIL(err, WOLD_EUSAGE,
                             "predict: data column %zu is '%s', the model's "
                             "indicator is '%s'", i + 1, data->names[i],
                             md->mv[i].name);
    if (md->n_paths == 0)
        return wold__raise(err, WOLD_EINPUT, md->filename, 0, 0, NULL, 0,
                           "the model has no structural paths, so no "
                           "endogenous block whose indicators could be "
                           "predicted; PLSpredict needs at least one '~' "
                           "line");
    return WOLD_OK;
}

static wold_status result_alloc(wold_prediction **out, const wold__folds *w,
                                const wold_data *data,
                                const wold_predict_options *opt,
                                wold_error *err)
{
    wold_prediction *pr = calloc(1, sizeof *pr);
    if (pr != NULL) {
        pr->source = wold__strdup(data->source);
        pr->stats = calloc(w->q, sizeof *pr->stats);
        if (data->w_name != NULL)
            pr->weights = wold__strdup(data->w_name);
    }
    if (pr == NULL || pr->source == NULL || pr->stats == NULL ||
        (data->w_name != NULL && pr->weights == NULL)) {
        wold_prediction_free(pr);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the prediction");
    }
    pr->model = w->md;
    pr->opt = *opt;
    pr->rows_read = data->n;
    pr->n = w->n;
    pr->rows_dropped = w->total->rows_dropped;
    pr->cells_imputed = w->total->cells_imputed;
    pr->q = w->q;
    pr->kish_n = wold_data_kish_n(data, opt->missing, &pr->weight_total);
    /* Folds hold floor(n/k) or ceil(n/k) rows. */
    pr->train_max = w->n - w->n / opt->folds;
    pr->train_min = w->n - (w->n + opt->folds - 1) / opt->folds;
    *out = pr;
    return WOLD_OK;
}

/* The full-sample fit first: a model that cannot be fitted on all rows
 * is reported as it is, not as the failure of a fold. */
static wold_status full_fit(const wold_model *md, const wold__folds *w,
                            const wold_predict_options *opt, wold_error *err)
{
    wold_fit *fit = NULL;
    wold_status st = wold_fit_estimate(&fit, md, w->total, &opt->fit, err);
    wold_fit_free(fit);
    return st;
}

wold_status wold_predict(wold_prediction **out, const wold_model *model,
                         const wold_data *data,
                         const wold_predict_options *opt, wold_error *err)
{
    *out = NULL;
    WOLD_TRY(check_options(opt, err));
    WOLD_TRY(check_inputs(model, data, err));
    wold__folds w;
    wold_status st = wold__folds_alloc(&w, model, data, opt, err);
    if (st == WOLD_OK)
        st = full_fit(model, &w, opt, err);
    if (st == WOLD_OK)
        st = result_alloc(out, &w, data, opt, err);
    for (size_t r = 0; r < opt->repeats && st == WOLD_OK; r++)
        st = wold__folds_repeat(&w, r, err);
    if (st == WOLD_OK)
        wold__folds_average(&w, (*out)->stats);
    wold__folds_free(&w);
    if (st != WOLD_OK) {
        wold_prediction_free(*out);
        *out = NULL;
    }
    return st;
}

const wold_model *wold_prediction_model(const wold_prediction *pr)
{
    return pr->model;
}

const wold_predict_options *wold_prediction_options(const wold_prediction *pr)
{
    return &pr->opt;
}

size_t wold_prediction_n(const wold_prediction *pr) { return pr->n; }

size_t wold_prediction_n_indicators(const wold_prediction *pr)
{
    return pr->q;
}

const wold_predict_stats *wold_prediction_indicator(const wold_prediction *pr,
                                                    size_t k)
{
    return k < pr->q ? &pr->stats[k] : NULL;
}
