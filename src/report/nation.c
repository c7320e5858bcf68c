/*
 * nation.c - the report of the batch national index (wold index): a
 * summary of the run and of the weighting, the companies left out and
 * why, then per construct one table of the nation, its sectors,
 * industries and companies, each with its index, s.e., interval and
 * grade; as text, JSON (docs/json.md, "wold index") or CSV (one row per
 * unit and construct).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "csi/nation.h"
#include "report/report.h"
#include "util/util.h"

typedef struct rctx {
    const wold_nation *nt;
    const wold_grades *grades;
    wold_lang lang;
} rctx;

static const char *grade_of(const rctx *r, double x)
{
    const wold_grade *g = wold_grades_find(r->grades, x);
    return g != NULL ? wold_grade_label(g, r->lang) : NULL;
}

static const char *level_name(wold_nation_level L)
{
    static const char *const names[] = {WOLD__N("company"),
                                        WOLD__N("industry"),
                                        WOLD__N("sector"),
                                        WOLD__N("nation")};
    return names[L];
}

/* How the companies and the sectors are weighted, in words. */
static const char *company_weighting(const wold_nation *nt)
{
    return nt->lay.by_revenue ? "revenue" : "equal";
}

static const char *sector_weighting(const wold_nation *nt)
{
    if (nt->lay.sector_weights)
        return "sector weights";
    return nt->lay.by_revenue ? "revenue" : "companies";
}

/* The parent's name of unit k of level L, or NULL. */
static const char *parent_name(const wold_nation *nt, wold_nation_level L,
                               size_t k)
{
    const wold_nation_unit *u = &nt->units[L][k];
    if (L >= WOLD_NATION_SECTOR || u->parent == WOLD_NONE)
        return NULL;
    return nt->units[L + 1][u->parent].name;
}

/* ------------------------------------------------------------------------
 * Text
 * ------------------------------------------------------------------------ */

static void text_summary(FILE *f, const wold_nation *nt)
{
    const wold_model *md = nt->model;
    const wold__layout *lay = &nt->lay;
    fprintf(f, "wold %s - batch national index\n\n", wold_version());
    fprintf(f, "  model      %s: %zu latent variable%s, %zu indicator%s\n",
            wold_model_filename(md), nt->J, nt->J == 1 ? "" : "s",
            wold_model_n_mv(md), wold_model_n_mv(md) == 1 ? "" : "s");
    fprintf(f, "  data       %s: %zu row%s; companies by %s, industries by "
               "%s, sectors by %s\n", nt->source, nt->rows,
            nt->rows == 1 ? "" : "s", nt->group,
            nt->industry ? nt->industry : "- (one: all)",
            nt->sector ? nt->sector : "- (one: all)");
    if (nt->weights != NULL)
        fprintf(f, "  weights    column %s: survey weights in every "
                   "company's fit (weighted PLS)\n", nt->weights);
    fprintf(f, "  units      %zu compan%s (%zu left out), %zu industr%s, "
               "%zu sector%s\n", lay->n_comp, lay->n_comp == 1 ? "y" : "ies",
            nt->n_left_out, lay->n_ind, lay->n_ind == 1 ? "y" : "ies",
            lay->n_sec, lay->n_sec == 1 ? "" : "s");
    if (lay->by_revenue)
        fprintf(f, "  weighting  companies by revenue within an industry; "
                   "industries by the sum of their companies' revenue\n");
    else
        fprintf(f, "  weighting  companies weigh equally (no --revenue); "
                   "industries by their number of companies\n");
    if (lay->sector_weights)
        fprintf(f, "             the nation: sectors by the sector weights "
                   "(--sector-weights)\n");
    else
        fprintf(f, "             the nation: sectors by their %s (no "
                   "--sector-weights)\n",
                lay->by_revenue ? "revenue" : "number of companies");
    fprintf(f, "  fit        %s scheme, missing: %s, min-n %zu\n",
            wold__scheme_name(nt->opt.fit.scheme),
            wold__missing_name(nt->opt.missing),
            nt->opt.min_n ? nt->opt.min_n : wold_model_n_mv(md) + 1);
    if (nt->opt.replicates > 0)
        fprintf(f, "  bootstrap  %zu replicates per company, seed %llu "
                   "(XOR a hash of the company's name), percentile %g%% "
                   "intervals; aggregates' s.e. from the companies' as "
                   "independent samples\n", nt->opt.replicates,
                (unsigned long long)nt->opt.seed, 100 * nt->opt.level);
}

static wold_status text_left_out(FILE *f, const rctx *r)
{
    const wold_nation *nt = r->nt;
    if (nt->n_left_out == 0)
        return WOLD_OK;
    fprintf(f, "\n%s\n", wold__tr(r->lang, "Left out of the aggregates"));
    wold__table t;
    WOLD_TRY(wold__table_init(&t, "llrl"));
    wold__table_cell(&t, wold__tr(r->lang, "company"));
    wold__table_cell(&t, wold__tr(r->lang, "why"));
    wold__table_cell(&t, "n");
    wold__table_cell(&t, "");
    for (size_t c = 0; c < nt->lay.n_comp; c++) {
        const wold_nation_unit *u = &nt->units[WOLD_NATION_COMPANY][c];
        if (u->status == WOLD_NATION_USED)
            continue;
        char n[32];
        snprintf(n, sizeof n, "%zu", u->n);
        wold__table_cell(&t, u->name);
        wold__table_cell(&t, wold_nation_status_name(u->status));
        wold__table_cell(&t, n);
        wold__table_cell(&t, u->note != NULL ? u->note : "");
    }
    wold_status st = wold__table_write(&t, f, "  ");
    wold__table_free(&t);
    return st;
}

/* One unit's row of a construct's table. */
static void text_row(wold__table *t, const rctx *r, wold_nation_level L,
                     size_t k, size_t j)
{
    const wold_nation_unit *u = &r->nt->units[L][k];
    const char *parent = parent_name(r->nt, L, k);
    char n[32];
    snprintf(n, sizeof n, "%zu", u->n);
    wold__table_cell(t, wold__tr(r->lang, level_name(L)));
    wold__table_cell(t, u->name);
    wold__table_cell(t, parent != NULL ? parent : "");
    wold__table_cell(t, n);
    char w[32] = "-";
    if (L != WOLD_NATION_NATION)
        wold_format_double(u->weight, w);
    wold__table_cell(t, w);
    wold__table_num(t, u->index[j], 2);
    wold__table_num(t, u->se[j], 2);
    wold__table_num(t, u->lo[j], 2);
    wold__table_num(t, u->hi[j], 2);
    const char *g = grade_of(r, u->index[j]);
    const char *why = L == WOLD_NATION_COMPANY && u->status != WOLD_NATION_USED
                          ? wold__tr(r->lang, "left out")
                          : u->index_note[j];
    wold__table_cell(t, g != NULL ? g : "-");
    wold__table_cell(t, why != NULL ? why : "");
}

static wold_status text_construct(FILE *f, const rctx *r, size_t j)
{
    static const char *const heads[] = {
        WOLD__N("level"), WOLD__N("name"), WOLD__N("in"), "n",
        WOLD__N("weight"), WOLD__N("index"), "s.e.", "lo", "hi",
        WOLD__N("grade"), ""};
    const wold_nation *nt = r->nt;
    fprintf(f, "\n%s: %s\n", wold__tr(r->lang, "Index"),
            wold_model_lv_name(nt->model, j));
    wold__table t;
    WOLD_TRY(wold__table_init(&t, "lllrrrrrrll"));
    for (size_t h = 0; h < sizeof heads / sizeof heads[0]; h++)
        wold__table_cell(&t, wold__tr(r->lang, heads[h]));
    for (int L = WOLD_NATION_NATION; L >= WOLD_NATION_COMPANY; L--)
        for (size_t k = 0; k < nt->n_units[L]; k++)
            text_row(&t, r, (wold_nation_level)L, k, j);
    wold_status st = wold__table_write(&t, f, "  ");
    wold__table_free(&t);
    return st;
}

static wold_status write_text(FILE *f, const rctx *r, wold_error *err)
{
    text_summary(f, r->nt);
    wold_status st = text_left_out(f, r);
    for (size_t j = 0; j < r->nt->J && st == WOLD_OK; j++)
        st = text_construct(f, r, j);
    return st == WOLD_OK ? st : WOLD_FAIL(err, st, "out of memory");
}

/* ------------------------------------------------------------------------
 * CSV: level,name,parent,construct,n,weight,index,se,lo,hi,used,grade,
 * status,note
 * ------------------------------------------------------------------------ */

static void csv_text(FILE *f, const char *s)
{
    if (s == NULL || strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s != NULL ? s : "", f);
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

static void csv_num(FILE *f, double x)
{
    char buf[32];
    fputc(',', f);
    if (isfinite(x)) {
        wold_format_double(x, buf);
        fputs(buf, f);
    }
}

static void csv_row(FILE *f, const rctx *r, wold_nation_level L, size_t k,
                    size_t j)
{
    const wold_nation_unit *u = &r->nt->units[L][k];
    const char *note = L == WOLD_NATION_COMPANY && u->note != NULL
                           ? u->note
                           : u->index_note[j];
    fprintf(f, "%s,", level_name(L));
    csv_text(f, u->name);
    fputc(',', f);
    csv_text(f, parent_name(r->nt, L, k));
    fputc(',', f);
    csv_text(f, wold_model_lv_name(r->nt->model, j));
    fprintf(f, ",%zu", u->n);
    csv_num(f, u->weight);
    csv_num(f, u->index[j]);
    csv_num(f, u->se[j]);
    csv_num(f, u->lo[j]);
    csv_num(f, u->hi[j]);
    fprintf(f, ",%zu,", u->used[j]);
    csv_text(f, grade_of(r, u->index[j]));
    fprintf(f, ",%s,", wold_nation_status_name(u->status));
    csv_text(f, note);
    fputc('\n', f);
}

static wold_status write_csv(FILE *f, const rctx *r)
{
    fputs("level,name,parent,construct,n,weight,index,se,lo,hi,used,grade,"
          "status,note\n", f);
    for (int L = WOLD_NATION_NATION; L >= WOLD_NATION_COMPANY; L--)
        for (size_t k = 0; k < r->nt->n_units[L]; k++)
            for (size_t j = 0; j < r->nt->J; j++)
                csv_row(f, r, (wold_nation_level)L, k, j);
    return WOLD_OK;
}

/* ------------------------------------------------------------------------
 * JSON
 * ------------------------------------------------------------------------ */

static json_object *json_indices(wold__jdoc *d, const rctx *r,
                                 wold_nation_level L, size_t k)
{
    const wold_nation_unit *u = &r->nt->units[L][k];
    json_object *o = wold__jobj(d);
    for (size_t j = 0; j < r->nt->J; j++) {
        json_object *v = wold__jobj(d);
        wold__jput(d, v, "value", wold__jnum(d, u->index[j]));
        wold__jput(d, v, "se", wold__jnum(d, u->se[j]));
        if (L == WOLD_NATION_COMPANY) {
            wold__jput(d, v, "lo", wold__jnum(d, u->lo[j]));
            wold__jput(d, v, "hi", wold__jnum(d, u->hi[j]));
            wold__jput(d, v, "note", wold__jstr(d, u->index_note[j]));
        }
        wold__jput(d, v, "used", wold__jcount(d, u->used[j]));
        wold__jput(d, v, "grade", wold__jstr(d, grade_of(r, u->index[j])));
        wold__jput(d, o, wold_model_lv_name(r->nt->model, j), v);
    }
    return o;
}

static json_object *json_unit(wold__jdoc *d, const rctx *r,
                              wold_nation_level L, size_t k)
{
    static const char *const parent_key[] = {"industry", "sector"};
    static const char *const n_key[] = {"n", "companies", "industries",
                                        "sectors"};
    const wold_nation *nt = r->nt;
    const wold_nation_unit *u = &nt->units[L][k];
    json_object *o = wold__jobj(d);
    if (L != WOLD_NATION_NATION)
        wold__jput(d, o, "name", wold__jstr(d, u->name));
    if (L <= WOLD_NATION_INDUSTRY)
        wold__jput(d, o, parent_key[L], wold__jstr(d, parent_name(nt, L, k)));
    if (L == WOLD_NATION_COMPANY)
        wold__jput(d, o, "sector",
                   wold__jstr(d, nt->lay.sec_name[nt->lay.ind_sec[u->parent]]));
    wold__jput(d, o, n_key[L], wold__jcount(d, u->n));
    if (L != WOLD_NATION_NATION)
        wold__jput(d, o, L == WOLD_NATION_SECTOR ? "weight" : "revenue",
                   wold__jnum(d, u->weight));
    if (L == WOLD_NATION_COMPANY) {
        wold__jput(d, o, "status",
                   wold__jstr(d, wold_nation_status_name(u->status)));
        wold__jput(d, o, "note", wold__jstr(d, u->note));
        wold__jput(d, o, "iterations", wold__jint(d, u->iterations));
    }
    wold__jput(d, o, "index", json_indices(d, r, L, k));
    return o;
}

static json_object *json_level(wold__jdoc *d, const rctx *r,
                               wold_nation_level L)
{
    json_object *a = wold__jarr(d);
    for (size_t k = 0; k < r->nt->n_units[L]; k++)
        wold__jappend(d, a, json_unit(d, r, L, k));
    return a;
}

static json_object *json_settings(wold__jdoc *d, const wold_nation *nt)
{
    json_object *o = wold__jobj(d);
    wold__jput(d, o, "group", wold__jstr(d, nt->group));
    wold__jput(d, o, "industry", wold__jstr(d, nt->industry));
    wold__jput(d, o, "sector", wold__jstr(d, nt->sector));
    wold__jput(d, o, "weights", wold__jstr(d, nt->weights));
    wold__jput(d, o, "companies_weighted_by",
               wold__jstr(d, company_weighting(nt)));
    wold__jput(d, o, "sectors_weighted_by",
               wold__jstr(d, sector_weighting(nt)));
    wold__jput(d, o, "scheme",
               wold__jstr(d, wold__scheme_name(nt->opt.fit.scheme)));
    wold__jput(d, o, "missing",
               wold__jstr(d, wold__missing_name(nt->opt.missing)));
    wold__jput(d, o, "min_n",
               wold__jcount(d, nt->opt.min_n ? nt->opt.min_n
                                             : wold_model_n_mv(nt->model) + 1));
    wold__jput(d, o, "replicates", wold__jcount(d, nt->opt.replicates));
    wold__jput(d, o, "seed",
               wold__jmade(d, json_object_new_int64((int64_t)nt->opt.seed)));
    wold__jput(d, o, "level", wold__jnum(d, nt->opt.level));
    return o;
}

static wold_status write_json(FILE *f, const rctx *r, wold_error *err)
{
    const wold_nation *nt = r->nt;
    wold__jdoc d = {0};
    json_object *root = wold__jobj(&d);
    wold__jput(&d, root, "wold_version", wold__jstr(&d, wold_version()));
    wold__jput(&d, root, "command", wold__jstr(&d, "index"));
    wold__jput(&d, root, "model",
               wold__jstr(&d, wold_model_filename(nt->model)));
    wold__jput(&d, root, "data", wold__jstr(&d, nt->source));
    wold__jput(&d, root, "rows", wold__jcount(&d, nt->rows));
    wold__jput(&d, root, "settings", json_settings(&d, nt));
    json_object *lvs = wold__jarr(&d);
    for (size_t j = 0; j < nt->J; j++)
        wold__jappend(&d, lvs,
                      wold__jstr(&d, wold_model_lv_name(nt->model, j)));
    wold__jput(&d, root, "constructs", lvs);
    wold__jput(&d, root, "left_out", wold__jcount(&d, nt->n_left_out));
    wold__jput(&d, root, "nation", json_unit(&d, r, WOLD_NATION_NATION, 0));
    wold__jput(&d, root, "sectors", json_level(&d, r, WOLD_NATION_SECTOR));
    wold__jput(&d, root, "industries",
               json_level(&d, r, WOLD_NATION_INDUSTRY));
    wold__jput(&d, root, "companies", json_level(&d, r, WOLD_NATION_COMPANY));
    return wold__jdoc_print(f, &d, root, err);
}

wold_status wold_report_nation(char **out, const wold_nation *nt,
                               const wold_grades *grades, wold_format format,
                               wold_lang lang, wold_error *err)
{
    if (out == NULL || nt == NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE, "wold_report_nation: NULL "
                         "argument");
    *out = NULL;
    if (format != WOLD_FORMAT_TEXT && format != WOLD_FORMAT_JSON &&
        format != WOLD_FORMAT_CSV)
        return WOLD_FAIL(err, WOLD_EUSAGE, "wold_report_nation: unknown "
                         "format %d", (int)format);
    rctx r = {nt, grades != NULL ? grades
                                 : wold_grades_builtin(WOLD_GRADES_SATISFACTION),
              lang};
    wold__sink s;
    FILE *f = wold__sink_open(&s);
    if (f == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    wold_status st = format == WOLD_FORMAT_JSON  ? write_json(f, &r, err)
                     : format == WOLD_FORMAT_CSV ? write_csv(f, &r)
                                                 : write_text(f, &r, err);
    return wold__sink_finish(&s, f, st, out, err);
}
