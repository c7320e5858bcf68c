/*
 * metrics.c - the survey metrics report (wold metrics): one table per
 * group (all rows first) with each statistic's value, interval and
 * observations; as aligned text, JSON (docs/json.md, "wold metrics") or
 * CSV (one row per group and statistic).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "report/report.h"
#include "util/util.h"

/* What the text report calls a statistic. */
static const char *label_of(const char *name)
{
    static const char *const map[][2] = {
        {"nps", WOLD__N("NPS (points)")},
        {"promoters", WOLD__N("promoters (%)")},
        {"passives", WOLD__N("passives (%)")},
        {"detractors", WOLD__N("detractors (%)")},
        {"csat", WOLD__N("CSAT (%)")},
        {"ces", WOLD__N("CES (mean)")},
        {"dimension", WOLD__N("dimension (mean)")},
        {"score", WOLD__N("weighted score S")},
        {"standard", WOLD__N("standard point")},
        {"ratio", WOLD__N("perceived / expected C")},
        {"retention", WOLD__N("retention (%)")},
        {"churn", WOLD__N("churn (%)")},
        {"repeat_rate", WOLD__N("repeat purchase (%)")},
        {"clv", WOLD__N("CLV (mean)")}};
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
        if (strcmp(map[k][0], name) == 0)
            return map[k][1];
    return name;
}

static wold_status text_group(FILE *f, const wold_metrics *m, size_t g,
                              wold_lang lang)
{
    static const char *const head[] = {
        WOLD__N("metric"), WOLD__N("of"), WOLD__N("value"), WOLD__N("lower"),
        WOLD__N("upper"), WOLD__N("n"), WOLD__N("Kish n")};
    wold__table t;
    WOLD_TRY(wold__table_init(&t, "llrrrrr"));
    for (size_t c = 0; c < 7; c++)
        wold__table_cell(&t, wold__tr(lang, head[c]));
    for (size_t k = 0; k < wold_metrics_n_stats(m); k++) {
        const wold_metric_stat *s = wold_metrics_stat(m, k);
        const wold_metric_value *v = wold_metrics_value(m, g, k);
        wold__table_cell(&t, wold__tr(lang, label_of(s->name)));
        wold__table_cell(&t, s->what);
        wold__table_num(&t, v->value, 2);
        wold__table_num(&t, v->lo, 2);
        wold__table_num(&t, v->hi, 2);
        wold__table_num(&t, v->n, fabs(v->n - round(v->n)) < 1e-9 ? 0 : 2);
        wold__table_num(&t, v->n_eff, 1);
    }
    fprintf(f, "\n%s: %s\n", wold__tr(lang, "Group"),
            wold_metrics_group_name(m, g));
    wold_status st = wold__table_write(&t, f, "  ");
    wold__table_free(&t);
    return st;
}

static wold_status report_text(FILE *f, const wold_metrics *m, wold_lang lang)
{
    fprintf(f, "wold %s - %s\n\n", wold_version(),
            wold__tr(lang, "Survey metrics"));
    fprintf(f, "  data       %s\n", wold_metrics_source(m));
    if (wold_metrics_group_column(m) != NULL)
        fprintf(f, "  groups     column %s: %zu\n", wold_metrics_group_column(m),
                wold_metrics_n_groups(m) - 1);
    if (wold_metrics_weights_column(m) != NULL)
        fprintf(f, "  weights    column %s (intervals on Kish's effective "
                   "n)\n", wold_metrics_weights_column(m));
    fprintf(f, "  intervals  %g%%: Wilson for shares, normal for NPS and "
               "means\n", 100 * wold_metrics_level(m));
    for (size_t g = 0; g < wold_metrics_n_groups(m); g++)
        WOLD_TRY(text_group(f, m, g, lang));
    return WOLD_OK;
}

typedef wold__jdoc doc;

static json_object *json_group(doc *d, const wold_metrics *m, size_t g)
{
    json_object *o = wold__jobj(d), *a = wold__jarr(d);
    wold__jput(d, o, "name", wold__jstr(d, wold_metrics_group_name(m, g)));
    for (size_t k = 0; k < wold_metrics_n_stats(m); k++) {
        const wold_metric_stat *s = wold_metrics_stat(m, k);
        const wold_metric_value *v = wold_metrics_value(m, g, k);
        json_object *e = wold__jobj(d);
        wold__jput(d, e, "statistic", wold__jstr(d, s->name));
        wold__jput(d, e, "of", wold__jstr(d, s->what));
        wold__jput(d, e, "percent", wold__jbool(d, s->percent));
        wold__jput(d, e, "value", wold__jnum(d, v->value));
        wold__jput(d, e, "lower", wold__jnum(d, v->lo));
        wold__jput(d, e, "upper", wold__jnum(d, v->hi));
        wold__jput(d, e, "n", wold__jnum(d, v->n));
        wold__jput(d, e, "kish_n", wold__jnum(d, v->n_eff));
        wold__jappend(d, a, e);
    }
    wold__jput(d, o, "metrics", a);
    return o;
}

static wold_status report_json(FILE *f, const wold_metrics *m,
                               wold_error *err)
{
    doc doc = {0}, *d = &doc;
    json_object *root = wold__jobj(d), *groups = wold__jarr(d);
    wold__jput(d, root, "wold_version", wold__jstr(d, wold_version()));
    wold__jput(d, root, "data", wold__jstr(d, wold_metrics_source(m)));
    wold__jput(d, root, "group_column",
               wold__jstr(d, wold_metrics_group_column(m)));
    wold__jput(d, root, "weights", wold__jstr(d, wold_metrics_weights_column(m)));
    wold__jput(d, root, "level", wold__jnum(d, wold_metrics_level(m)));
    for (size_t g = 0; g < wold_metrics_n_groups(m); g++)
        wold__jappend(d, groups, json_group(d, m, g));
    wold__jput(d, root, "groups", groups);
    return wold__jdoc_print(f, d, root, err);
}

static wold_status report_csv(FILE *f, const wold_metrics *m)
{
    fputs("group,statistic,of,value,lower,upper,n,kish_n\n", f);
    for (size_t g = 0; g < wold_metrics_n_groups(m); g++)
        for (size_t k = 0; k < wold_metrics_n_stats(m); k++) {
            const wold_metric_stat *s = wold_metrics_stat(m, k);
            const wold_metric_value *v = wold_metrics_value(m, g, k);
            double x[] = {v->value, v->lo, v->hi, v->n, v->n_eff};
            wold__csv_text(f, wold_metrics_group_name(m, g));
            fprintf(f, ",%s,", s->name);
            wold__csv_text(f, s->what);
            for (size_t c = 0; c < 5; c++) {
                fputc(',', f);
                wold__csv_num(f, x[c]);
            }
            fputc('\n', f);
        }
    return WOLD_OK;
}

wold_status wold_report_metrics(char **out, const wold_metrics *m,
                                wold_format format, wold_lang lang,
                                wold_error *err)
{
    *out = NULL;
    wold__sink sink;
    FILE *f = wold__sink_open(&sink);
    if (f == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    wold_status st = format == WOLD_FORMAT_JSON  ? report_json(f, m, err)
                     : format == WOLD_FORMAT_CSV ? report_csv(f, m)
                                                 : report_text(f, m, lang);
    if (st == WOLD_ENOMEM && format != WOLD_FORMAT_JSON)
        WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    return wold__sink_finish(&sink, f, st, out, err);
}
