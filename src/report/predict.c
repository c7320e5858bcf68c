/*
 * predict.c - the PLSpredict report: a summary of the cross-validation,
 * then one row per indicator of the endogenous blocks with Q2predict and
 * the RMSE and MAE of the PLS prediction and of the two benchmarks; as
 * aligned text or as JSON (docs/json.md, "wold predict").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <json.h>

#include "infer/predict.h"
#include "model/model.h"
#include "report/report.h"
#include "util/util.h"

static const char *approach_name(wold_predict_approach a)
{
    return a == WOLD_PREDICT_DIRECT ? "direct" : "earliest";
}

static size_t lm_predictors(const wold_prediction *pr)
{
    const wold_model *md = pr->model;
    size_t J = md->n_lv, count = 0;
    for (size_t i = 0; i < md->n_mv; i++) {
        int exo = 1;
        for (size_t j = 0; j < J; j++)
            exo &= !md->adj[md->mv[i].lv * J + j];
        count += (size_t)exo;
    }
    return count;
}

/* ------------------------------------------------------------------------
 * Text
 * ------------------------------------------------------------------------ */

/* Weighted data: the column, the weight total and Kish's effective n;
 * the folds' fits and the metrics are weighted (docs/methods.md 14). */
static void text_weights(FILE *f, const wold_prediction *pr)
{
    char a[64], b[64];
    wold__format_c(a, sizeof a, 10, pr->weight_total);
    wold__format_c(b, sizeof b, 6, pr->kish_n);
    fprintf(f, "  weights    column %s: total %s, Kish effective n %s\n",
            pr->weights, a, b);
}

static void text_summary(FILE *f, const wold_prediction *pr)
{
    const wold_model *md = pr->model;
    const wold_predict_options *o = &pr->opt;
    char tol[64];
    fprintf(f, "wold %s - PLSpredict: k-fold cross-validated prediction\n\n",
            wold_version());
    fprintf(f, "  model      %s: %zu latent variable%s, %zu indicator%s, "
               "%zu path%s\n", md->filename, md->n_lv, md->n_lv == 1 ? "" : "s",
            md->n_mv, md->n_mv == 1 ? "" : "s", md->n_paths,
            md->n_paths == 1 ? "" : "s");
    fprintf(f, "  data       %s: %zu row%s\n", pr->source, pr->rows_read,
            pr->rows_read == 1 ? "" : "s");
    if (pr->weights != NULL)
        text_weights(f, pr);
    if (o->missing == WOLD_MISSING_MEAN)
        fprintf(f, "  rows used  %zu (missing: mean, %zu cell%s replaced)\n",
                pr->n, pr->cells_imputed, pr->cells_imputed == 1 ? "" : "s");
    else
        fprintf(f, "  rows used  %zu (missing: listwise, %zu row%s dropped)\n",
                pr->n, pr->rows_dropped, pr->rows_dropped == 1 ? "" : "s");
    fprintf(f, "  folds      %zu folds x %zu repeat%s, seed %llu; training "
               "sets of %zu", o->folds, o->repeats, o->repeats == 1 ? "" : "s",
            (unsigned long long)o->seed, pr->train_min);
    if (pr->train_max != pr->train_min)
        fprintf(f, "-%zu", pr->train_max);
    fprintf(f, " rows\n  prediction %s antecedents; LM benchmark on the %zu "
               "indicators of the exogenous blocks\n",
            approach_name(o->approach), lm_predictors(pr));
    wold__format_c(tol, sizeof tol, 6, o->fit.tol);
    fprintf(f, "  settings   scheme %s, %s, tol %s, max-iter %d%s\n",
            wold__scheme_name(o->fit.scheme),
            o->fit.scaled ? "standardised" : "centred (unscaled)", tol,
            o->fit.max_iter,
            o->fit.compat == WOLD_COMPAT_PLSPM ? ", compat plspm" : "");
}

static wold_status text_table(FILE *f, const wold_prediction *pr)
{
    static const char *const head[] = {
        "indicator", "block",   "Q2predict", "PLS RMSE", "PLS MAE",
        "LM RMSE",   "LM MAE",  "mean RMSE", "mean MAE"};
    const wold_model *md = pr->model;
    wold__table t;
    WOLD_TRY(wold__table_init(&t, "llrrrrrrr"));
    for (size_t c = 0; c < 9; c++)
        wold__table_cell(&t, head[c]);
    for (size_t k = 0; k < pr->q; k++) {
        const wold_predict_stats *s = &pr->stats[k];
        wold__table_cell(&t, md->mv[s->mv].name);
        wold__table_cell(&t, md->lv[md->mv[s->mv].lv].name);
        wold__table_num(&t, s->q2, 4);
        wold__table_num(&t, s->rmse, 4);
        wold__table_num(&t, s->mae, 4);
        wold__table_num(&t, s->lm_rmse, 4);
        wold__table_num(&t, s->lm_mae, 4);
        wold__table_num(&t, s->mean_rmse, 4);
        wold__table_num(&t, s->mean_mae, 4);
    }
    fprintf(f, "\nOut-of-sample prediction of the endogenous blocks' "
               "indicators (mean over %zu repeat%s)\n", pr->opt.repeats,
            pr->opt.repeats == 1 ? "" : "s");
    wold_status st = wold__table_write(&t, f, "  ");
    wold__table_free(&t);
    return st;
}

/* The counts Shmueli et al. (2019) read the table by: indicators with
 * Q2predict > 0 and with a PLS RMSE below the LM's, and the rating of the
 * latter. */
static const char *verdict(const wold_prediction *pr, size_t *q2, size_t *lm)
{
    size_t q = pr->q;
    *q2 = *lm = 0;
    for (size_t k = 0; k < q; k++) {
        *q2 += pr->stats[k].q2 > 0;
        *lm += pr->stats[k].rmse < pr->stats[k].lm_rmse;
    }
    return *lm == q ? "high" : 2 * *lm > q ? "medium"
                             : *lm > 0 ? "low" : "lacking";
}

static void text_verdict(FILE *f, const wold_prediction *pr)
{
    size_t q2, lm, q = pr->q;
    const char *power = verdict(pr, &q2, &lm);
    fprintf(f, "\n  Q2predict > 0 (PLS beats the training mean) for %zu of "
               "%zu indicator%s\n", q2, q, q == 1 ? "" : "s");
    fprintf(f, "  PLS RMSE below LM RMSE for %zu of %zu indicator%s: "
               "predictive power %s\n", lm, q, q == 1 ? "" : "s", power);
    fprintf(f, "  (Shmueli et al. 2019: all indicators high, a majority "
               "medium, a minority low, none lacking)\n");
}

/* ------------------------------------------------------------------------
 * JSON, with the same conventions as json.c: a failed constructor or
 * adder is remembered and nothing with holes is written
 * ------------------------------------------------------------------------ */

typedef wold__jdoc doc;

static json_object *json_settings(doc *d, const wold_prediction *pr)
{
    const wold_predict_options *o = &pr->opt;
    json_object *s = wold__jmade(d, json_object_new_object());
    wold__jput(d, s, "folds", wold__jcount(d, o->folds));
    wold__jput(d, s, "repeats", wold__jcount(d, o->repeats));
    wold__jput(d, s, "seed", wold__jmade(d, json_object_new_uint64(o->seed)));
    wold__jput(d, s, "approach", wold__jstr(d, approach_name(o->approach)));
    wold__jput(d, s, "missing", wold__jstr(d, wold__missing_name(o->missing)));
    wold__jput(d, s, "scheme", wold__jstr(d, wold__scheme_name(o->fit.scheme)));
    wold__jput(d, s, "tol", wold__jnum(d, o->fit.tol));
    wold__jput(d, s, "max_iter", wold__jcount(d, (size_t)o->fit.max_iter));
    wold__jput(d, s, "scaled",
               wold__jmade(d, json_object_new_boolean(o->fit.scaled)));
    wold__jput(
        d, s, "compat",
        wold__jstr(d, o->fit.compat == WOLD_COMPAT_PLSPM ? "plspm" : "none"));
    return s;
}

static json_object *json_input(doc *d, const wold_prediction *pr)
{
    json_object *o = wold__jmade(d, json_object_new_object());
    wold__jput(d, o, "model", wold__jstr(d, pr->model->filename));
    wold__jput(d, o, "data", wold__jstr(d, pr->source));
    wold__jput(d, o, "rows_read", wold__jcount(d, pr->rows_read));
    wold__jput(d, o, "rows_dropped", wold__jcount(d, pr->rows_dropped));
    wold__jput(d, o, "cells_imputed", wold__jcount(d, pr->cells_imputed));
    if (pr->weights != NULL) {
        json_object *w = wold__jmade(d, json_object_new_object());
        wold__jput(d, w, "column", wold__jstr(d, pr->weights));
        wold__jput(d, w, "total", wold__jnum(d, pr->weight_total));
        wold__jput(d, w, "kish_n", wold__jnum(d, pr->kish_n));
        wold__jput(d, o, "weights", w);
    }
    return o;
}

static json_object *json_indicators(doc *d, const wold_prediction *pr)
{
    const wold_model *md = pr->model;
    json_object *a = wold__jmade(d, json_object_new_array());
    for (size_t k = 0; k < pr->q; k++) {
        const wold_predict_stats *s = &pr->stats[k];
        json_object *o = wold__jmade(d, json_object_new_object());
        wold__jput(d, o, "name", wold__jstr(d, md->mv[s->mv].name));
        wold__jput(d, o, "block", wold__jstr(d, md->lv[md->mv[s->mv].lv].name));
        wold__jput(d, o, "q2_predict", wold__jnum(d, s->q2));
        wold__jput(d, o, "q2_predict_centred", wold__jnum(d, s->q2_centred));
        wold__jput(d, o, "rmse", wold__jnum(d, s->rmse));
        wold__jput(d, o, "mae", wold__jnum(d, s->mae));
        wold__jput(d, o, "lm_rmse", wold__jnum(d, s->lm_rmse));
        wold__jput(d, o, "lm_mae", wold__jnum(d, s->lm_mae));
        wold__jput(d, o, "mean_rmse", wold__jnum(d, s->mean_rmse));
        wold__jput(d, o, "mean_mae", wold__jnum(d, s->mean_mae));
        wold__jappend(d, a, o);
    }
    return a;
}

static wold_status report_json(FILE *f, const wold_prediction *pr,
                               wold_error *err)
{
    doc doc = {0}, *d = &doc;
    json_object *root = wold__jmade(d, json_object_new_object());
    wold__jput(d, root, "wold_version", wold__jstr(d, wold_version()));
    wold__jput(d, root, "input", json_input(d, pr));
    wold__jput(d, root, "n", wold__jcount(d, pr->n));
    wold__jput(d, root, "training_rows_min", wold__jcount(d, pr->train_min));
    wold__jput(d, root, "training_rows_max", wold__jcount(d, pr->train_max));
    wold__jput(d, root, "lm_predictors", wold__jcount(d, lm_predictors(pr)));
    wold__jput(d, root, "settings", json_settings(d, pr));
    wold__jput(d, root, "indicators", json_indicators(d, pr));
    size_t q2, lm;
    const char *power = verdict(pr, &q2, &lm);
    wold__jput(d, root, "q2_positive", wold__jcount(d, q2));
    wold__jput(d, root, "rmse_below_lm", wold__jcount(d, lm));
    wold__jput(d, root, "predictive_power", wold__jstr(d, power));
    return wold__jdoc_print(f, d, root, err);
}

static wold_status report_text(FILE *f, const wold_prediction *pr)
{
    text_summary(f, pr);
    WOLD_TRY(text_table(f, pr));
    text_verdict(f, pr);
    return WOLD_OK;
}

wold_status wold_report_prediction(char **out, const wold_prediction *pr,
                                   wold_format format, wold_error *err)
{
    *out = NULL;
    wold__sink sink;
    FILE *f = wold__sink_open(&sink);
    if (f == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    wold_status st = format == WOLD_FORMAT_JSON ? report_json(f, pr, err)
                                                : report_text(f, pr);
    if (st == WOLD_ENOMEM && format != WOLD_FORMAT_JSON)
        WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    return wold__sink_finish(&sink, f, st, out, err);
}
