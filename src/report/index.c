/*
 * index.c - the index section of the fit report, text and JSON: each
 * LV's 0-100 index, its grade (and stars), its mean unstandardised score
 * on its own scale, and, with a bootstrap, the index's standard error and
 * interval (the extra statistics "index:<LV>"); why an LV has no index
 * (docs/methods.md, sections 11-12; docs/json.md, "index").
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json.h>

#include "report/report.h"
#include "util/util.h"

/* The grades the report uses: the caller's table, or the built-in
 * satisfaction grades. */
static const wold_grades *grades_of(const wold__report_ctx *r)
{
    return r->grades != NULL ? r->grades
                             : wold_grades_builtin(WOLD_GRADES_SATISFACTION);
}

/* The bootstrap's statistic of lv's index, or NULL. */
static const wold_boot_stat *boot_index(const wold__report_ctx *r, size_t lv)
{
    if (r->boot == NULL)
        return NULL;
    const char *name = wold_model_lv_name(r->md, lv);
    for (size_t k = wold_boot_n_stats(r->boot); k-- > 0;) {
        const wold_boot_stat *s = wold_boot_stat_get(r->boot, k);
        if (s->kind != WOLD_STAT_EXTRA)
            break;
        if (strncmp(s->label, "index:", 6) == 0 &&
            strcmp(s->label + 6, name) == 0)
            return s;
    }
    return NULL;
}

static int has_stars(const wold_grades *g)
{
    for (size_t k = 0; k < wold_grades_n(g); k++)
        if (wold_grades_class(g, k)->stars >= 0)
            return 1;
    return 0;
}

/* "★★★★☆": stars of five. */
static void star_text(char *buf, size_t size, int stars)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int k = 0; k < 5 && stars >= 0 && len + 4 < size; k++) {
        memcpy(buf + len, k < stars ? "\xe2\x98\x85" : "\xe2\x98\x86", 3);
        len += 3;
        buf[len] = '\0';
    }
    if (stars < 0)
        snprintf(buf, size, "-");
}

static void scale_text(char *buf, size_t size, const wold_index *ix, size_t lv)
{
    double lo, hi;
    char a[32], b[32];
    if (!wold_index_scale(ix, lv, &lo, &hi)) {
        snprintf(buf, size, "-");
        return;
    }
    wold__format_c(a, sizeof a, 6, lo);
    wold__format_c(b, sizeof b, 6, hi);
    snprintf(buf, size, "%s-%s", a, b);
}

/* With a bootstrap: BCa bounds when only BCa was asked for. */
static int use_bca(const wold_boot *b)
{
    return wold_boot_options_used(b)->ci == WOLD_BOOT_CI_BCA;
}

static void heads(wold__table *t, const wold__report_ctx *r, int stars)
{
    const char *cols[] = {"", WOLD__N("index"), WOLD__N("grade"),
                          WOLD__N("stars"), WOLD__N("mean score"),
                          WOLD__N("scale")};
    for (size_t c = 0; c < 6; c++)
        if (c != 3 || stars)
            wold__table_cell(t, wold__tr(r->lang, cols[c]));
    if (r->boot == NULL)
        return;
    const wold_boot_options *o = wold_boot_options_used(r->boot);
    char lo[48], hi[48], q[32];
    const char *kind = use_bca(r->boot) ? "BCa " : "";
    wold__format_c(q, sizeof q, 4, 50.0 * (1.0 - o->level));
    snprintf(lo, sizeof lo, "%s%s%%", kind, q);
    wold__format_c(q, sizeof q, 4, 50.0 * (1.0 + o->level));
    snprintf(hi, sizeof hi, "%s%s%%", kind, q);
    wold__table_cell(t, wold__tr(r->lang, "s.e. (boot)"));
    wold__table_cell(t, lo);
    wold__table_cell(t, hi);
}

static void lv_row(wold__table *t, const wold__report_ctx *r, size_t lv,
                   int stars)
{
    const wold_index *ix = r->index;
    double v = wold_index_value(ix, lv);
    const wold_grade *g = wold_grades_find(grades_of(r), v);
    char buf[64];
    wold__table_cell(t, wold_model_lv_name(r->md, lv));
    wold__table_num(t, v, 2);
    wold__table_cell(t, g != NULL ? wold_grade_label(g, r->lang) : "-");
    if (stars) {
        star_text(buf, sizeof buf, g != NULL ? g->stars : -1);
        wold__table_cell(t, buf);
    }
    wold__table_num(t, wold_index_mean_score(ix, lv), 4);
    scale_text(buf, sizeof buf, ix, lv);
    wold__table_cell(t, buf);
    if (r->boot == NULL)
        return;
    const wold_boot_stat *s = boot_index(r, lv);
    int bca = use_bca(r->boot);
    wold__table_num(t, s ? s->se : NAN, 2);
    wold__table_num(t, s ? (bca ? s->bca_lo : s->pct_lo) : NAN, 2);
    wold__table_num(t, s ? (bca ? s->bca_hi : s->pct_hi) : NAN, 2);
}

wold_status wold__report_index_text(FILE *f, const wold__report_ctx *r)
{
    int stars = has_stars(grades_of(r));
    size_t J = wold_model_n_lv(r->md);
    wold__table t;
    char align[16];
    snprintf(align, sizeof align, "lrl%srr%s", stars ? "l" : "",
             r->boot != NULL ? "rrr" : "");
    WOLD_TRY(wold__table_init(&t, align));
    fprintf(f, "\n%s\n", wold__tr(r->lang, "Indices (0-100)"));
    heads(&t, r, stars);
    for (size_t j = 0; j < J; j++)
        lv_row(&t, r, j, stars);
    wold_status st = wold__table_write(&t, f, "  ");
    wold__table_free(&t);
    for (size_t j = 0; st == WOLD_OK && j < J; j++) {
        const char *note = wold_index_note(r->index, j);
        if (note != NULL)
            fprintf(f, "  %s: %s\n", wold_model_lv_name(r->md, j), note);
    }
    return st;
}

/* ---- JSON ------------------------------------------------------------- */

static json_object *pair(wold__jdoc *d, double a, double b)
{
    if (!isfinite(a) && !isfinite(b))
        return NULL;
    json_object *o = wold__jarr(d);
    wold__jappend(d, o, wold__jnum(d, a));
    wold__jappend(d, o, wold__jnum(d, b));
    return o;
}

static json_object *jboot(wold__jdoc *d, const wold_boot_stat *s)
{
    if (s == NULL)
        return NULL;
    json_object *o = wold__jobj(d);
    wold__jput(d, o, "mean", wold__jnum(d, s->mean));
    wold__jput(d, o, "se", wold__jnum(d, s->se));
    wold__jput(d, o, "percentile", pair(d, s->pct_lo, s->pct_hi));
    wold__jput(d, o, "bca", pair(d, s->bca_lo, s->bca_hi));
    wold__jput(d, o, "used", wold__jcount(d, s->used));
    return o;
}

static json_object *jlv(wold__jdoc *d, const wold__report_ctx *r, size_t lv)
{
    const wold_index *ix = r->index;
    double v = wold_index_value(ix, lv), lo = NAN, hi = NAN;
    const wold_grade *g = wold_grades_find(grades_of(r), v);
    json_object *o = wold__jobj(d);
    wold__jput(d, o, "lv", wold__jstr(d, wold_model_lv_name(r->md, lv)));
    wold__jput(d, o, "value", wold__jnum(d, v));
    /* The JSON is the same in every language: both labels. */
    wold__jput(d, o, "grade", g ? wold__jstr(d, g->label_en) : NULL);
    wold__jput(d, o, "grade_zh", g ? wold__jstr(d, g->label_zh) : NULL);
    wold__jput(d, o, "stars", g && g->stars >= 0 ? wold__jint(d, g->stars)
                                                 : NULL);
    wold__jput(d, o, "mean_score", wold__jnum(d, wold_index_mean_score(ix, lv)));
    wold_index_scale(ix, lv, &lo, &hi);
    wold__jput(d, o, "scale", pair(d, lo, hi));
    wold__jput(d, o, "note", wold__jstr(d, wold_index_note(ix, lv)));
    if (r->boot != NULL)
        wold__jput(d, o, "bootstrap", jboot(d, boot_index(r, lv)));
    return o;
}

static json_object *jgrades(wold__jdoc *d, const wold_grades *g)
{
    json_object *a = wold__jarr(d);
    for (size_t k = 0; k < wold_grades_n(g); k++) {
        const wold_grade *c = wold_grades_class(g, k);
        json_object *o = wold__jobj(d);
        wold__jput(d, o, "lower", wold__jnum(d, c->lower));
        wold__jput(d, o, "upper", wold__jnum(d, c->upper));
        wold__jput(d, o, "label_en", wold__jstr(d, c->label_en));
        wold__jput(d, o, "label_zh", wold__jstr(d, c->label_zh));
        wold__jput(d, o, "stars", c->stars >= 0 ? wold__jint(d, c->stars)
                                                : NULL);
        wold__jappend(d, a, o);
    }
    return a;
}

json_object *wold__report_index_json(const wold__report_ctx *r,
                                     wold__jdoc *d)
{
    json_object *o = wold__jobj(d);
    wold__jput(d, o, "grades", jgrades(d, grades_of(r)));
    json_object *a = wold__jarr(d);
    for (size_t j = 0; j < wold_model_n_lv(r->md); j++)
        wold__jappend(d, a, jlv(d, r, j));
    wold__jput(d, o, "constructs", a);
    return o;
}
