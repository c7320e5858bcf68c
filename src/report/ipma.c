/*
 * ipma.c - the IPMA report (wold ipma): the target and its performance,
 * then the constructs and the indicators by priority, with the
 * bootstrap's standard errors and intervals of the importances when
 * there is a bootstrap; as aligned text, JSON (docs/json.md, "wold ipma")
 * or CSV.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "csi/ipma.h"
#include "fit/fit.h"
#include "model/model.h"
#include "report/report.h"
#include "util/util.h"

void wold__csv_text(FILE *f, const char *s)
{
    if (strpbrk(s, ",;\t\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void wold__csv_num(FILE *f, double x)
{
    char buf[32];
    if (!isfinite(x))
        return;
    wold_format_double(x, buf);
    fputs(buf, f);
}

/* The bootstrap statistic of row r, or NULL without a bootstrap. */
static const wold_boot_stat *boot_of(const wold_boot *boot,
                                     const wold_ipma_row *r)
{
    if (boot == NULL)
        return NULL;
    for (size_t k = 0; k < wold_boot_n_stats(boot); k++) {
        const wold_boot_stat *s = wold_boot_stat_get(boot, k);
        if (s->kind == WOLD_STAT_EXTRA && s->lv == r->stat)
            return s;
    }
    return NULL;
}

static const char *row_name(const wold_ipma *ip, const wold_ipma_row *r)
{
    return r->mv == WOLD_NONE ? ip->md->lv[r->lv].name
                              : ip->md->mv[r->mv].name;
}

/* ------------------------------------------------------------------------
 * Text
 * ------------------------------------------------------------------------ */

static void text_head(FILE *f, const wold_ipma *ip, const wold_boot *boot,
                      wold_lang lang)
{
    const wold_fit *fit = ip->fit;
    const wold_model *md = ip->md;
    fprintf(f, "wold %s - %s: %s\n\n", wold_version(),
            wold__tr(lang, "Importance-performance map (IPMA)"),
            md->lv[ip->target].name);
    fprintf(f, "  model      %s: %zu latent variable%s, %zu indicator%s\n",
            md->filename, md->n_lv, md->n_lv == 1 ? "" : "s", md->n_mv,
            md->n_mv == 1 ? "" : "s");
    if (ip->weighted)
        fprintf(f, "  rows used  weighted: weight total %g\n",
                ip->weight_total);
    else
        fprintf(f, "  rows used  %zu\n", fit->n);
    fprintf(f, "  settings   scheme %s, %s\n",
            wold__scheme_name(fit->opt.scheme),
            fit->opt.scaled ? "standardised" : "centred (unscaled)");
    fprintf(f, "  target     %s, performance ", md->lv[ip->target].name);
    char buf[64];
    wold__format_fixed(buf, sizeof buf, 2, ip->target_perf);
    fprintf(f, "%s (mean rescaled score, 0-100)\n", buf);
    if (boot != NULL)
        fprintf(f, "  bootstrap  %zu of %zu replicates used, seed %llu, "
                   "%g%% percentile intervals\n", wold_boot_n_used(boot),
                wold_boot_n_replicates(boot),
                (unsigned long long)wold_boot_options_used(boot)->seed,
                100 * wold_boot_options_used(boot)->level);
}

static void text_cells(wold__table *t, const wold_ipma *ip,
                       const wold_ipma_row *r, const wold_boot *boot)
{
    wold__table_cell(t, row_name(ip, r));
    if (r->mv != WOLD_NONE) {
        wold__table_cell(t, ip->md->lv[r->lv].name);
        wold__table_num(t, r->weight, 4);
    }
    wold__table_num(t, r->importance, 4);
    wold__table_num(t, r->performance, 2);
    wold__table_num(t, r->potential, 2);
    const wold_boot_stat *s = boot_of(boot, r);
    if (boot != NULL) {
        wold__table_num(t, s ? s->se : NAN, 4);
        wold__table_num(t, s ? s->pct_lo : NAN, 4);
        wold__table_num(t, s ? s->pct_hi : NAN, 4);
    }
}

static wold_status text_table(FILE *f, const wold_ipma *ip,
                              const wold_boot *boot, int indicators,
                              wold_lang lang)
{
    static const char *const head[] = {
        WOLD__N("block"),     WOLD__N("weight"), WOLD__N("importance"),
        WOLD__N("performance"), WOLD__N("potential"), WOLD__N("s.e."),
        WOLD__N("lower"),     WOLD__N("upper")};
    size_t n = indicators ? ip->n_mv_rows : ip->n_lv_rows;
    const wold_ipma_row *rows = indicators ? ip->mv_rows : ip->lv_rows;
    wold__table t;
    const char *align = indicators ? (boot ? "llrrrrrrr" : "llrrrr")
                                   : (boot ? "lrrrrrr" : "lrrr");
    WOLD_TRY(wold__table_init(&t, align));
    wold__table_cell(&t, indicators ? wold__tr(lang, "indicator")
                                    : wold__tr(lang, "construct"));
    for (size_t c = indicators ? 0 : 2; c < (boot ? 8u : 5u); c++)
        wold__table_cell(&t, wold__tr(lang, head[c]));
    for (size_t k = 0; k < n; k++)
        text_cells(&t, ip, &rows[k], boot);
    fprintf(f, "\n%s\n",
            indicators ? wold__tr(lang, "Indicators by priority for improvement")
                       : wold__tr(lang, "Constructs by priority for improvement"));
    wold_status st = wold__table_write(&t, f, "  ");
    wold__table_free(&t);
    return st;
}

static wold_status report_text(FILE *f, const wold_ipma *ip,
                               const wold_boot *boot, wold_lang lang)
{
    text_head(f, ip, boot, lang);
    WOLD_TRY(text_table(f, ip, boot, 0, lang));
    WOLD_TRY(text_table(f, ip, boot, 1, lang));
    static const char *const notes[] = {
        WOLD__N("importance: target points per point of the driver"),
        WOLD__N("performance: the driver's mean on 0-100"),
        WOLD__N("potential = importance x (100 - performance)"),
        WOLD__N("the first rows are the priorities for improvement")};
    fputc('\n', f);
    for (size_t k = 0; k < 4; k++)
        fprintf(f, "  %s\n", wold__tr(lang, notes[k]));
    return WOLD_OK;
}

/* ------------------------------------------------------------------------
 * JSON
 * ------------------------------------------------------------------------ */

typedef wold__jdoc doc;

static json_object *json_row(doc *d, const wold_ipma *ip,
                             const wold_ipma_row *r, const wold_boot *boot)
{
    json_object *o = wold__jobj(d);
    wold__jput(d, o, "name", wold__jstr(d, row_name(ip, r)));
    if (r->mv != WOLD_NONE) {
        wold__jput(d, o, "block", wold__jstr(d, ip->md->lv[r->lv].name));
        wold__jput(d, o, "weight", wold__jnum(d, r->weight));
    }
    wold__jput(d, o, "importance", wold__jnum(d, r->importance));
    wold__jput(d, o, "performance", wold__jnum(d, r->performance));
    wold__jput(d, o, "potential", wold__jnum(d, r->potential));
    const wold_boot_stat *s = boot_of(boot, r);
    if (s != NULL) {
        json_object *b = wold__jobj(d);
        wold__jput(d, b, "se", wold__jnum(d, s->se));
        wold__jput(d, b, "lower", wold__jnum(d, s->pct_lo));
        wold__jput(d, b, "upper", wold__jnum(d, s->pct_hi));
        wold__jput(d, b, "used", wold__jcount(d, s->used));
        wold__jput(d, o, "bootstrap", b);
    }
    return o;
}

static json_object *json_rows(doc *d, const wold_ipma *ip,
                              const wold_boot *boot, int indicators)
{
    size_t n = indicators ? ip->n_mv_rows : ip->n_lv_rows;
    const wold_ipma_row *rows = indicators ? ip->mv_rows : ip->lv_rows;
    json_object *a = wold__jarr(d);
    for (size_t k = 0; k < n; k++)
        wold__jappend(d, a, json_row(d, ip, &rows[k], boot));
    return a;
}

static wold_status report_json(FILE *f, const wold_ipma *ip,
                               const wold_boot *boot, wold_error *err)
{
    doc doc = {0}, *d = &doc;
    const wold_fit *fit = ip->fit;
    json_object *root = wold__jobj(d);
    wold__jput(d, root, "wold_version", wold__jstr(d, wold_version()));
    wold__jput(d, root, "model", wold__jstr(d, ip->md->filename));
    wold__jput(d, root, "n", wold__jcount(d, fit->n));
    wold__jput(d, root, "weighted", wold__jbool(d, ip->weighted));
    wold__jput(d, root, "weight_total", wold__jnum(d, ip->weight_total));
    wold__jput(d, root, "scheme",
               wold__jstr(d, wold__scheme_name(fit->opt.scheme)));
    wold__jput(d, root, "target", wold__jstr(d, ip->md->lv[ip->target].name));
    wold__jput(d, root, "target_performance", wold__jnum(d, ip->target_perf));
    if (boot != NULL) {
        json_object *b = wold__jobj(d);
        const wold_boot_options *o = wold_boot_options_used(boot);
        wold__jput(d, b, "replicates", wold__jcount(d, o->replicates));
        wold__jput(d, b, "used", wold__jcount(d, wold_boot_n_used(boot)));
        wold__jput(d, b, "seed", wold__jmade(d, json_object_new_uint64(o->seed)));
        wold__jput(d, b, "level", wold__jnum(d, o->level));
        wold__jput(d, root, "bootstrap", b);
    }
    wold__jput(d, root, "constructs", json_rows(d, ip, boot, 0));
    wold__jput(d, root, "indicators", json_rows(d, ip, boot, 1));
    return wold__jdoc_print(f, d, root, err);
}

/* ------------------------------------------------------------------------
 * CSV: one row per construct, then per indicator, each table by priority
 * ------------------------------------------------------------------------ */

static void csv_row(FILE *f, const wold_ipma *ip, const wold_ipma_row *r,
                    size_t rank, const wold_boot *boot)
{
    fputs(r->mv == WOLD_NONE ? "construct," : "indicator,", f);
    fprintf(f, "%zu,", rank + 1);
    wold__csv_text(f, row_name(ip, r));
    fputc(',', f);
    wold__csv_text(f, ip->md->lv[r->lv].name);
    fputc(',', f);
    wold__csv_num(f, r->weight);
    fputc(',', f);
    wold__csv_num(f, r->importance);
    fputc(',', f);
    wold__csv_num(f, r->performance);
    fputc(',', f);
    wold__csv_num(f, r->potential);
    const wold_boot_stat *s = boot_of(boot, r);
    if (boot != NULL) {
        double v[3] = {s ? s->se : NAN, s ? s->pct_lo : NAN,
                       s ? s->pct_hi : NAN};
        for (int c = 0; c < 3; c++) {
            fputc(',', f);
            wold__csv_num(f, v[c]);
        }
    }
    fputc('\n', f);
}

static wold_status report_csv(FILE *f, const wold_ipma *ip,
                              const wold_boot *boot)
{
    fputs("level,rank,name,block,weight,importance,performance,potential",
          f);
    fputs(boot != NULL ? ",se,lower,upper\n" : "\n", f);
    for (size_t k = 0; k < ip->n_lv_rows; k++)
        csv_row(f, ip, &ip->lv_rows[k], k, boot);
    for (size_t k = 0; k < ip->n_mv_rows; k++)
        csv_row(f, ip, &ip->mv_rows[k], k, boot);
    return WOLD_OK;
}

wold_status wold_report_ipma(char **out, const wold_ipma *ip,
                             const wold_boot *boot, wold_format format,
                             wold_lang lang, wold_error *err)
{
    *out = NULL;
    wold__sink sink;
    FILE *f = wold__sink_open(&sink);
    if (f == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    wold_status st = format == WOLD_FORMAT_JSON  ? report_json(f, ip, boot, err)
                     : format == WOLD_FORMAT_CSV ? report_csv(f, ip, boot)
                                                 : report_text(f, ip, boot, lang);
    if (st == WOLD_ENOMEM && format != WOLD_FORMAT_JSON)
        WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    return wold__sink_finish(&sink, f, st, out, err);
}
