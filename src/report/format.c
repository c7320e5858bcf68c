/* format.c - number and text formatting shared by the report writers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "model/model.h"
#include "report/report.h"
#include "util/dtoa.h"
#include "util/util.h"

void wold_format_double(double x, char *buf)
{
    wold__dtoa_shortest(x, buf);
}

void wold__put_padded(FILE *f, const char *s, size_t width)
{
    fputs(s, f);
    for (size_t w = wold__display_width(s); w < width; w++)
        fputc(' ', f);
}


const char *wold__scheme_name(wold_scheme scheme)
{
    switch (scheme) {
    case WOLD_SCHEME_PATH: return "path";
    case WOLD_SCHEME_CENTROID: return "centroid";
    case WOLD_SCHEME_FACTORIAL: return "factorial";
    }
    return "unknown";
}

const char *wold__missing_name(wold_missing missing)
{
    return missing == WOLD_MISSING_MEAN       ? "mean"
           : missing == WOLD_MISSING_PAIRWISE ? "pairwise"
                                              : "listwise";
}

void wold_report_parts_default(wold_report_parts *parts)
{
    parts->fit = NULL;
    parts->moments = NULL;
    parts->data = NULL;
    parts->boot = NULL;
    parts->lang = WOLD_LANG_EN;
    parts->index = NULL;
    parts->grades = NULL;
    parts->sums = NULL;
    parts->ipma = NULL;
}

/* The data line of the report, from the data or else the sums; 0 when
 * there is neither. */
static int data_line(const wold_report_parts *parts, wold__data_line *dl)
{
    wold_missing missing = wold_fit_missing(parts->fit);
    const wold_data *d = parts->data;
    const wold_sums *s = parts->sums;
    memset(dl, 0, sizeof *dl);
    if (d != NULL) {
        dl->source = d->source;
        dl->n = d->n;
        dl->n_missing_cells = d->n_missing_cells;
        dl->n_incomplete_rows = d->n_incomplete_rows;
        dl->w_name = d->w_name;
        if (d->w != NULL)
            dl->kish = wold_data_kish_n(d, missing, &dl->w_total);
        return 1;
    }
    if (s == NULL)
        return 0;
    dl->source = wold_sums_source(s);
    dl->n = wold_sums_n_rows(s, (size_t)-1);
    dl->n_missing_cells = wold_sums_n_missing_cells(s, (size_t)-1);
    dl->n_incomplete_rows = wold_sums_n_incomplete_rows(s, (size_t)-1);
    dl->w_name = wold_sums_weights_name(s);
    if (dl->w_name != NULL)
        dl->kish = wold_sums_kish_n(s, (size_t)-1, missing, &dl->w_total);
    return 1;
}

/* The HTML page is drawn from the report's own JSON document (and the
 * IPMA's), so that it shows the same numbers as the JSON does. */
static wold_status write_html(FILE *f, const wold__report_ctx *r,
                              const wold_ipma *ipma, wold_error *err)
{
    wold__sink sink;
    char *json = NULL, *ipma_json = NULL;
    FILE *jf = wold__sink_open(&sink);
    if (jf == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    wold_status st = wold__report_json(jf, r, err);
    st = wold__sink_finish(&sink, jf, st, &json, err);
    if (st == WOLD_OK && ipma != NULL)
        st = wold_report_ipma(&ipma_json, ipma, NULL, WOLD_FORMAT_JSON,
                              r->lang, err);
    if (st == WOLD_OK)
        st = wold__report_html(f, r, json, ipma_json, err);
    free(json);
    free(ipma_json);
    return st;
}

static wold_status write_report(FILE *f, const wold_report_parts *parts,
                                wold_format format, wold_error *err)
{
    const wold_fit *fit = parts->fit;
    size_t J = wold_model_n_lv(wold_fit_model(fit));
    wold__data_line dl;
    wold__report_ctx r = {fit, wold_fit_model(fit), parts->moments,
                          data_line(parts, &dl) ? &dl : NULL, NULL, NULL,
                          parts->boot, parts->lang, parts->index,
                          parts->grades};
    wold_assess *as = NULL;
    if (parts->moments != NULL)
        WOLD_TRY(wold_assess_compute(&as, fit, parts->moments, err));
    unsigned char *reach = malloc(J * J);
    if (reach == NULL) {
        wold_assess_free(as);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    }
    wold__model_reach(r.md, reach);
    r.as = as;
    r.reach = reach;
    wold_status st = format == WOLD_FORMAT_JSON
                         ? wold__report_json(f, &r, err)
                     : format == WOLD_FORMAT_HTML
                         ? write_html(f, &r, parts->ipma, err)
                         : wold__report_text(f, &r, err);
    free(reach);
    wold_assess_free(as);
    return st;
}

wold_status wold_report(char **out, const wold_report_parts *parts,
                        wold_format format, wold_error *err)
{
    *out = NULL;
    if (parts == NULL || parts->fit == NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the report needs a fit");
    if (parts->boot != NULL && wold_boot_fit(parts->boot) != parts->fit)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the bootstrap is of another fit");
    if (parts->index != NULL && wold_index_fit(parts->index) != parts->fit)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the index is of another fit");
    if (parts->ipma != NULL && wold_ipma_fit(parts->ipma) != parts->fit)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the IPMA is of another fit");
    wold__sink sink;
    FILE *f = wold__sink_open(&sink);
    if (f == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    wold_status st = format == WOLD_FORMAT_SVG
                         ? wold__report_svg(f, parts->fit, parts->boot,
                                            parts->lang, 1, err)
                         : write_report(f, parts, format, err);
    return wold__sink_finish(&sink, f, st, out, err);
}

wold_status wold_report_fit(char **out, const wold_fit *fit,
                            const wold_moments *mo, const wold_data *data,
                            wold_format format, wold_error *err)
{
    wold_report_parts parts;
    wold_report_parts_default(&parts);
    parts.fit = fit;
    parts.moments = mo;
    parts.data = data;
    return wold_report(out, &parts, format, err);
}
