/*
 * hoc.c - the report of a higher-order estimate (wold_hoc_report): the
 * constructs and the approach, the stages before the last (two-stage: the
 * lower-order results) and the last stage's ordinary report.  Each stage's
 * report is wold_report's; this file only puts them together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "report/report.h"
#include "util/util.h"

static const char *approach_name(wold_hoc_approach a)
{
    return a == WOLD_HOC_TWO_STAGE ? "two-stage" : "repeated";
}

/* The HOCs of the first stage's model (the one the file describes). */
static void hoc_text(FILE *f, const wold_hoc *h)
{
    const wold_model *m = wold_hoc_stage_model(h, 0);
    size_t n = wold_hoc_n_stages(h);
    if (wold_hoc_approach_used(h) == WOLD_HOC_TWO_STAGE)
        fprintf(f, "Higher-order constructs (two-stage approach, %zu "
                   "stages)\n", n);
    else
        fprintf(f, "Higher-order constructs (repeated-indicator "
                   "approach)\n");
    for (size_t j = 0; j < wold_model_n_lv(m); j++) {
        size_t kids = wold_model_lv_n_children(m, j);
        if (kids == 0)
            continue;
        fprintf(f, "  %s %s ", wold_model_lv_name(m, j),
                wold_model_lv_mode(m, j) == WOLD_MODE_A ? "=~" : "<~");
        for (size_t k = 0; k < kids; k++)
            fprintf(f, "%s%s", k ? " + " : "",
                    wold_model_lv_name(m, wold_model_lv_child(m, j, k)));
        fprintf(f, "    # order %d, Mode %s on %zu repeated indicators\n",
                wold_model_lv_order(m, j),
                wold_model_lv_mode(m, j) == WOLD_MODE_A ? "A" : "B",
                wold_model_lv_count(m, j));
    }
    fprintf(f, "\n");
}

static json_object *hoc_json(const wold_hoc *h, wold__jdoc *d)
{
    const wold_model *m = wold_hoc_stage_model(h, 0);
    json_object *o = wold__jobj(d), *list = wold__jarr(d);
    wold__jput(d, o, "approach",
               wold__jstr(d, approach_name(wold_hoc_approach_used(h))));
    wold__jput(d, o, "stages", wold__jcount(d, wold_hoc_n_stages(h)));
    for (size_t j = 0; j < wold_model_n_lv(m); j++) {
        size_t kids = wold_model_lv_n_children(m, j);
        if (kids == 0)
            continue;
        json_object *c = wold__jobj(d), *names = wold__jarr(d);
        wold__jput(d, c, "name", wold__jstr(d, wold_model_lv_name(m, j)));
        wold__jput(d, c, "order", wold__jint(d, wold_model_lv_order(m, j)));
        wold__jput(d, c, "mode",
                   wold__jstr(d, wold_model_lv_mode(m, j) == WOLD_MODE_A
                                     ? "A"
                                     : "B"));
        for (size_t k = 0; k < kids; k++)
            wold__jappend(d, names,
                          wold__jstr(d, wold_model_lv_name(
                                            m, wold_model_lv_child(m, j, k))));
        wold__jput(d, c, "children", names);
        wold__jappend(d, list, c);
    }
    wold__jput(d, o, "constructs", list);
    return o;
}

/* Stage s's report alone: its fit, moments and data, last's language. */
static wold_status stage_report(char **out, const wold_hoc *h, size_t s,
                                const wold_report_parts *last,
                                wold_format format, wold_error *err)
{
    wold_report_parts p = *last;
    if (s + 1 < wold_hoc_n_stages(h) || p.fit == NULL) {
        p.fit = wold_hoc_stage_fit(h, s);
        p.moments = wold_hoc_stage_moments(h, s);
        p.data = wold_hoc_stage_data(h, s);
    }
    /* A later stage's data are scores made here, not a file (nor the
     * file's sums, which a streamed estimate brings). */
    if (s > 0) {
        p.data = NULL;
        p.sums = NULL;
    }
    if (s + 1 < wold_hoc_n_stages(h)) {
        p.boot = NULL;
        p.index = NULL;
    }
    return wold_report(out, &p, format, err);
}

static const char *stage_title(const wold_hoc *h, size_t s)
{
    if (s == 0)
        return "the repeated-indicator model: the lower-order constructs";
    return s + 1 < wold_hoc_n_stages(h)
               ? "the next level on the scores of the stage before"
               : "the higher-order constructs on the scores of the stage "
                 "before";
}

static wold_status text_report(FILE *f, const wold_hoc *h,
                               const wold_report_parts *last,
                               wold_error *err)
{
    hoc_text(f, h);
    size_t n = wold_hoc_n_stages(h);
    for (size_t s = 0; s < n; s++) {
        char *r = NULL;
        WOLD_TRY(stage_report(&r, h, s, last, WOLD_FORMAT_TEXT, err));
        if (n > 1)
            fprintf(f, "%s== Stage %zu of %zu: %s ==\n\n", s ? "\n" : "",
                    s + 1, n, stage_title(h, s));
        fputs(r, f);
        free(r);
    }
    return WOLD_OK;
}

/* A stage's JSON report as a tree (json-c keeps each number's text). */
static wold_status stage_tree(json_object **out, const wold_hoc *h, size_t s,
                              const wold_report_parts *last, wold_error *err)
{
    char *r = NULL;
    WOLD_TRY(stage_report(&r, h, s, last, WOLD_FORMAT_JSON, err));
    *out = json_tokener_parse(r);
    free(r);
    if (*out == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    return WOLD_OK;
}

static wold_status json_report(FILE *f, const wold_hoc *h,
                               const wold_report_parts *last,
                               wold_error *err)
{
    size_t n = wold_hoc_n_stages(h);
    json_object *root = NULL;
    WOLD_TRY(stage_tree(&root, h, n - 1, last, err));
    wold__jdoc d = {0};
    json_object *o = hoc_json(h, &d), *before = wold__jarr(&d);
    for (size_t s = 0; s + 1 < n; s++) {
        json_object *t = NULL;
        wold_status st = stage_tree(&t, h, s, last, err);
        if (st != WOLD_OK) {
            json_object_put(o);
            json_object_put(before);
            json_object_put(root);
            return st;
        }
        wold__jappend(&d, before, t);
    }
    wold__jput(&d, o, "earlier_stages", before);
    wold__jput(&d, root, "higher_order", o);
    return wold__jdoc_print(f, &d, root, err);
}

wold_status wold_hoc_report(char **out, const wold_hoc *h,
                            const wold_report_parts *last, wold_format format,
                            wold_error *err)
{
    *out = NULL;
    wold__sink sink;
    FILE *f = wold__sink_open(&sink);
    if (f == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    wold_status st = format == WOLD_FORMAT_JSON ? json_report(f, h, last, err)
                                                : text_report(f, h, last, err);
    return wold__sink_finish(&sink, f, st, out, err);
}
