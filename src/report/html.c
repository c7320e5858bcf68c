/*
 * html.c - the report as one self-contained HTML page (docs/report.md).
 * The page is written from the report's JSON document, parsed back with
 * json-c, so that it holds exactly the JSON's numbers and sections; the
 * path diagram comes from svg.c.  No script, no external resource: the
 * CSS is inline, the diagrams inline SVG.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "report/report.h"
#include "util/util.h"

typedef struct page {
    FILE *f;
    wold_lang lang;
} page;

static const char *tr(const page *p, const char *en)
{
    return wold__tr(p->lang, en);
}

static json_object *key(json_object *o, const char *k)
{
    json_object *v = NULL;
    if (o == NULL || !json_object_is_type(o, json_type_object) ||
        !json_object_object_get_ex(o, k, &v))
        return NULL;
    return v;
}

static const char *str(json_object *o)
{
    return o != NULL && json_object_is_type(o, json_type_string)
               ? json_object_get_string(o)
               : NULL;
}

static double num(json_object *o)
{
    if (o == NULL || !(json_object_is_type(o, json_type_double) ||
                       json_object_is_type(o, json_type_int)))
        return NAN;
    return json_object_get_double(o);
}

static size_t len(json_object *a)
{
    return a != NULL && json_object_is_type(a, json_type_array)
               ? json_object_array_length(a)
               : 0;
}

static json_object *at(json_object *a, size_t k)
{
    return json_object_array_get_idx(a, k);
}

static void text(const page *p, const char *s)
{
    wold__xml_text(p->f, s != NULL ? s : WOLD__UNDEFINED);
}

static void heading(const page *p, int level, const char *id,
                    const char *en)
{
    fprintf(p->f, "<h%d id=\"%s\">", level, id);
    text(p, tr(p, en));
    fprintf(p->f, "</h%d>\n", level);
}

/* ---- tables ------------------------------------------------------------ */

/* The head of a table whose first ntext columns hold text, the others
 * numbers (right-aligned). */
static void table_open(const page *p, const char *const *heads, size_t n,
                       size_t ntext)
{
    fputs("<div class=\"tbl\"><table>\n<thead><tr>", p->f);
    for (size_t k = 0; k < n; k++) {
        fputs(k < ntext ? "<th>" : "<th class=\"n\">", p->f);
        text(p, tr(p, heads[k]));
        fputs("</th>", p->f);
    }
    fputs("</tr></thead>\n<tbody>\n", p->f);
}

static void table_close(const page *p)
{
    fputs("</tbody></table></div>\n", p->f);
}

static void td_text(const page *p, const char *s)
{
    fputs("<td>", p->f);
    text(p, s);
    fputs("</td>", p->f);
}

static void td_num(const page *p, json_object *v, int decimals)
{
    fputs("<td class=\"n\">", p->f);
    wold__xml_num(p->f, num(v), decimals);
    fputs("</td>", p->f);
}

/* A p value: 4 decimals, "< 0.0001" below. */
static void td_p(const page *p, json_object *v)
{
    double x = num(v);
    fputs(x < 0.05 ? "<td class=\"n sig\">" : "<td class=\"n\">", p->f);
    if (x < 1e-4)
        fputs("&lt; 0.0001", p->f);
    else
        wold__xml_num(p->f, x, 4);
    fputs("</td>", p->f);
}

static void td_pair(const page *p, json_object *pair, int decimals)
{
    td_num(p, len(pair) == 2 ? at(pair, 0) : NULL, decimals);
    td_num(p, len(pair) == 2 ? at(pair, 1) : NULL, decimals);
}

/* ---- sections ---------------------------------------------------------- */

static void kv_row(const page *p, const char *en, const char *value)
{
    fputs("<tr><th>", p->f);
    text(p, tr(p, en));
    fputs("</th>", p->f);
    td_text(p, value);
    fputs("</tr>\n", p->f);
}

static void kv_num(const page *p, const char *en, json_object *v, int dec)
{
    char buf[64];
    double x = num(v);
    if (isfinite(x) && dec < 0)
        snprintf(buf, sizeof buf, "%.0f", x);
    else if (isfinite(x) && dec > 6)
        snprintf(buf, sizeof buf, "%.3g", x);
    else if (isfinite(x))
        snprintf(buf, sizeof buf, "%.*f", dec, x);
    kv_row(p, en, isfinite(x) ? buf : NULL);
}

static void summary(const page *p, json_object *root)
{
    json_object *in = key(root, "input"), *set = key(root, "settings");
    heading(p, 2, "summary", WOLD__N("Summary"));
    fputs("<div class=\"tbl\"><table class=\"kv\"><tbody>\n", p->f);
    kv_row(p, WOLD__N("model"), str(key(in, "model")));
    if (key(in, "data") != NULL) {
        kv_row(p, WOLD__N("data"), str(key(in, "data")));
        kv_num(p, WOLD__N("rows read"), key(in, "rows_read"), -1);
        kv_num(p, WOLD__N("missing cells"), key(in, "missing_cells"), -1);
    }
    kv_num(p, WOLD__N("rows used"), key(root, "n"), -1);
    kv_row(p, WOLD__N("scheme"), str(key(set, "scheme")));
    kv_row(p, WOLD__N("missing values"), str(key(set, "missing")));
    kv_row(p, WOLD__N("compatibility"), str(key(set, "compat")));
    kv_row(p, WOLD__N("consistent PLS"),
           tr(p, json_object_get_boolean(key(set, "plsc")) ? "yes" : "no"));
    kv_num(p, WOLD__N("iterations"), key(root, "iterations"), -1);
    kv_row(p, WOLD__N("converged"), tr(p, json_object_get_boolean(key(root, "converged"))
                                     ? "yes"
                                     : "NOT CONVERGED"));
    kv_num(p, WOLD__N("criterion"), key(root, "criterion"), 9);
    kv_num(p, WOLD__N("GoF"), key(root, "gof"), 3);
    fputs("</tbody></table></div>\n", p->f);
    json_object *w = key(root, "warnings");
    if (len(w) == 0)
        return;
    heading(p, 3, "warnings", WOLD__N("Warnings"));
    fputs("<ul class=\"warn\">\n", p->f);
    for (size_t k = 0; k < len(w); k++) {
        fputs("<li>", p->f);
        text(p, str(key(at(w, k), "message")));
        fputs("</li>\n", p->f);
    }
    fputs("</ul>\n", p->f);
}

static void outer(const page *p, json_object *root)
{
    static const char *const h[] = {
        WOLD__N("indicator"), WOLD__N("block"), WOLD__N("weight"),
        WOLD__N("loading"), WOLD__N("communality"), WOLD__N("redundancy")};
    json_object *a = key(root, "indicators");
    heading(p, 2, "outer", WOLD__N("Measurement model"));
    table_open(p, h, 6, 2);
    for (size_t k = 0; k < len(a); k++) {
        json_object *o = at(a, k);
        fputs("<tr>", p->f);
        td_text(p, str(key(o, "name")));
        td_text(p, str(key(o, "block")));
        td_num(p, key(o, "weight"), 3);
        td_num(p, key(o, "loading"), 3);
        td_num(p, key(o, "communality"), 3);
        td_num(p, key(o, "redundancy"), 3);
        fputs("</tr>\n", p->f);
    }
    table_close(p);
}

/* The bootstrap statistic labelled label, or NULL. */
static json_object *boot_stat(json_object *root, const char *label)
{
    json_object *a = key(key(root, "bootstrap"), "statistics");
    for (size_t k = 0; k < len(a); k++) {
        const char *l = str(key(at(a, k), "label"));
        if (l != NULL && strcmp(l, label) == 0)
            return at(a, k);
    }
    return NULL;
}

static void path_row(const page *p, json_object *root, json_object *o)
{
    int boot = key(root, "bootstrap") != NULL;
    fputs("<tr>", p->f);
    td_text(p, str(key(o, "from")));
    td_text(p, str(key(o, "to")));
    td_num(p, key(o, "estimate"), 3);
    td_num(p, key(o, "std_error"), 3);
    td_num(p, key(o, "t"), 2);
    td_p(p, key(o, "p"));
    if (boot) {
        char label[512];
        snprintf(label, sizeof label, "path:%s->%s",
                 str(key(o, "from")) ? str(key(o, "from")) : "",
                 str(key(o, "to")) ? str(key(o, "to")) : "");
        json_object *s = boot_stat(root, label);
        td_num(p, key(s, "se"), 3);
        td_num(p, key(s, "t"), 2);
        td_p(p, key(s, "p"));
        td_pair(p, key(s, "percentile"), 3);
    }
    fputs("</tr>\n", p->f);
}

static void inner(const page *p, json_object *root)
{
    static const char *const h[] = {
        WOLD__N("from"), WOLD__N("to"), WOLD__N("estimate"),
        WOLD__N("s.e. (OLS)"), WOLD__N("t (OLS)"), WOLD__N("p (OLS)"),
        WOLD__N("s.e. (boot)"), WOLD__N("t (boot)"), WOLD__N("p (boot)"),
        WOLD__N("lower"), WOLD__N("upper")};
    json_object *a = key(root, "paths");
    heading(p, 2, "inner", WOLD__N("Structural model: paths"));
    if (len(a) == 0) {
        fputs("<p>", p->f);
        text(p, wold__tr(p->lang, "The model has no structural path."));
        fputs("</p>\n", p->f);
        return;
    }
    table_open(p, h, key(root, "bootstrap") != NULL ? 11 : 6, 2);
    for (size_t k = 0; k < len(a); k++)
        path_row(p, root, at(a, k));
    table_close(p);
    if (key(root, "bootstrap") != NULL) {
        fputs("<p class=\"note\">", p->f);
        text(p, wold__tr(p->lang, "lower, upper: the bootstrap percentile interval"));
        fputs("</p>\n", p->f);
    }
}

static void r2(const page *p, json_object *root)
{
    static const char *const h[] = {WOLD__N("construct"), WOLD__N("R2"),
                                    WOLD__N("adj. R2")};
    json_object *a = key(root, "latent");
    heading(p, 2, "r2", WOLD__N("Structural model: R2"));
    table_open(p, h, 3, 1);
    for (size_t k = 0; k < len(a); k++) {
        json_object *o = at(a, k);
        if (!json_object_get_boolean(key(o, "endogenous")))
            continue;
        fputs("<tr>", p->f);
        td_text(p, str(key(o, "name")));
        td_num(p, key(o, "r2"), 3);
        td_num(p, key(o, "r2_adj"), 3);
        fputs("</tr>\n", p->f);
    }
    table_close(p);
}

static void reliability(const page *p, json_object *root)
{
    static const char *const h[] = {
        WOLD__N("construct"), WOLD__N("mode"), WOLD__N("alpha"),
        WOLD__N("rhoC"), WOLD__N("rhoA"), WOLD__N("AVE")};
    json_object *a = key(root, "latent");
    if (len(a) == 0 || key(at(a, 0), "alpha") == NULL)
        return;
    heading(p, 2, "reliability", WOLD__N("Reliability and validity"));
    table_open(p, h, 6, 2);
    for (size_t k = 0; k < len(a); k++) {
        json_object *o = at(a, k);
        fputs("<tr>", p->f);
        td_text(p, str(key(o, "name")));
        td_text(p, str(key(o, "mode")));
        td_num(p, key(o, "alpha"), 3);
        td_num(p, key(o, "rho_c"), 3);
        td_num(p, key(o, "rho_a"), 3);
        double ave = num(key(o, "ave"));
        fputs(ave < WOLD__AVE_MIN ? "<td class=\"n flag\">" : "<td class=\"n\">",
              p->f);
        wold__xml_num(p->f, ave, 3);
        fputs("</td></tr>\n", p->f);
    }
    table_close(p);
}

/* An LV x LV matrix (the lower triangle with the diagonal); cells above
 * flag (when flag > 0) are marked. */
static void matrix(const page *p, json_object *root, const char *k,
                   const char *id, const char *en, double flag, int diag)
{
    json_object *m = key(root, k), *lat = key(root, "latent");
    size_t J = len(lat);
    if (m == NULL)
        return;
    heading(p, 2, id, en);
    fputs("<div class=\"tbl\"><table>\n<thead><tr><th></th>", p->f);
    for (size_t j = 0; j < J; j++) {
        fputs("<th class=\"n\">", p->f);
        text(p, str(key(at(lat, j), "name")));
        fputs("</th>", p->f);
    }
    fputs("</tr></thead>\n<tbody>\n", p->f);
    for (size_t i = 0; i < J; i++) {
        const char *ri = str(key(at(lat, i), "name"));
        json_object *row = key(m, ri != NULL ? ri : "");
        fputs("<tr>", p->f);
        td_text(p, ri);
        for (size_t j = 0; j < J; j++) {
            double x = num(key(row, str(key(at(lat, j), "name"))));
            if (j > i || (j == i && !diag)) {
                fputs("<td></td>", p->f);
                continue;
            }
            fputs(flag > 0 && j < i && x > flag ? "<td class=\"n flag\">"
                                                 : "<td class=\"n\">",
                  p->f);
            wold__xml_num(p->f, x, 3);
            fputs("</td>", p->f);
        }
        fputs("</tr>\n", p->f);
    }
    table_close(p);
}

static void effects(const page *p, json_object *root)
{
    static const char *const h[] = {WOLD__N("from"), WOLD__N("to"),
                                    WOLD__N("direct"), WOLD__N("indirect"),
                                    WOLD__N("total")};
    json_object *a = key(root, "effects");
    if (len(a) == 0)
        return;
    heading(p, 2, "effects", WOLD__N("Effects"));
    table_open(p, h, 5, 2);
    for (size_t k = 0; k < len(a); k++) {
        json_object *o = at(a, k);
        fputs("<tr>", p->f);
        td_text(p, str(key(o, "from")));
        td_text(p, str(key(o, "to")));
        td_num(p, key(o, "direct"), 3);
        td_num(p, key(o, "indirect"), 3);
        td_num(p, key(o, "total"), 3);
        fputs("</tr>\n", p->f);
    }
    table_close(p);
}

static void bootstrap(const page *p, json_object *root)
{
    static const char *const h[] = {
        WOLD__N("statistic"), WOLD__N("original"), WOLD__N("mean"),
        WOLD__N("s.e."), WOLD__N("t"), WOLD__N("p"),
        WOLD__N("percentile lower"), WOLD__N("percentile upper"),
        WOLD__N("BCa lower"), WOLD__N("BCa upper")};
    json_object *b = key(root, "bootstrap"), *set = key(b, "settings");
    json_object *a = key(b, "statistics");
    if (b == NULL)
        return;
    heading(p, 2, "bootstrap", WOLD__N("Bootstrap intervals"));
    fprintf(p->f, "<p class=\"note\">");
    text(p, wold__tr(p->lang, "replicates"));
    fprintf(p->f, " %.0f, ", num(key(set, "replicates")));
    text(p, wold__tr(p->lang, "used"));
    fprintf(p->f, " %.0f, ", num(key(b, "used")));
    text(p, wold__tr(p->lang, "seed"));
    fprintf(p->f, " %.0f, ", num(key(set, "seed")));
    text(p, wold__tr(p->lang, "level"));
    fprintf(p->f, " %g</p>\n", num(key(set, "level")));
    table_open(p, h, 10, 1);
    for (size_t k = 0; k < len(a); k++) {
        json_object *o = at(a, k);
        fputs("<tr>", p->f);
        td_text(p, str(key(o, "label")));
        td_num(p, key(o, "original"), 3);
        td_num(p, key(o, "mean"), 3);
        td_num(p, key(o, "se"), 3);
        td_num(p, key(o, "t"), 2);
        td_p(p, key(o, "p"));
        td_pair(p, key(o, "percentile"), 3);
        td_pair(p, key(o, "bca"), 3);
        fputs("</tr>\n", p->f);
    }
    table_close(p);
}

static void stars(const page *p, json_object *v)
{
    double s = num(v);
    fputs("<td class=\"stars\">", p->f);
    for (int k = 0; isfinite(s) && k < (int)s && k < 10; k++)
        fputs("\xe2\x98\x85", p->f);
    fputs("</td>", p->f);
}

static void index_row(const page *p, json_object *o)
{
    json_object *b = key(o, "bootstrap"), *sc = key(o, "scale");
    char buf[80] = "";
    if (len(sc) == 2)
        snprintf(buf, sizeof buf, "%g\xe2\x80\x93%g", num(at(sc, 0)),
                 num(at(sc, 1)));
    fputs("<tr>", p->f);
    td_text(p, str(key(o, "lv")));
    td_text(p, str(key(o, p->lang == WOLD_LANG_ZH ? "grade_zh" : "grade")));
    stars(p, key(o, "stars"));
    td_text(p, buf[0] ? buf : NULL);
    td_num(p, key(o, "value"), 1);
    td_num(p, key(o, "mean_score"), 2);
    td_num(p, key(b, "se"), 2);
    td_pair(p, key(b, "percentile"), 1);
    fputs("</tr>\n", p->f);
}

static void indices(const page *p, json_object *root)
{
    static const char *const h[] = {
        WOLD__N("construct"), WOLD__N("grade"), WOLD__N("stars"),
        WOLD__N("scale"), WOLD__N("index"), WOLD__N("mean score"),
        WOLD__N("s.e. (boot)"), WOLD__N("lower"), WOLD__N("upper")};
    json_object *a = key(key(root, "index"), "constructs");
    if (len(a) == 0)
        return;
    heading(p, 2, "index", WOLD__N("Indices (0-100)"));
    table_open(p, h, 9, 4);
    for (size_t k = 0; k < len(a); k++)
        index_row(p, at(a, k));
    table_close(p);
}

/* ---- the IPMA map -------------------------------------------------------- */

/* "Nice" axis ticks: a step of 1, 2 or 5 times a power of ten giving about
 * five intervals over [lo, hi]. */
static double tick_step(double lo, double hi)
{
    double span = hi - lo > 0 ? hi - lo : 1, raw = span / 5;
    double mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

typedef struct frame {
    double x0, y0, w, h;       /* plot area */
    double xlo, xhi, ylo, yhi; /* data range */
} frame;

static double fx(const frame *fr, double x)
{
    return fr->x0 + (x - fr->xlo) / (fr->xhi - fr->xlo) * fr->w;
}

static double fy(const frame *fr, double y)
{
    return fr->y0 + fr->h - (y - fr->ylo) / (fr->yhi - fr->ylo) * fr->h;
}

static void axes(const page *p, const frame *fr)
{
    FILE *f = p->f;
    double sx = tick_step(fr->xlo, fr->xhi), sy = tick_step(fr->ylo, fr->yhi);
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
               "fill=\"#fafcff\" stroke=\"#999\"/>\n",
            fr->x0, fr->y0, fr->w, fr->h);
    for (double t = ceil(fr->xlo / sx) * sx; t <= fr->xhi + 1e-9; t += sx)
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"#999\"/><text class=\"tick\" x=\"%.1f\" "
                   "y=\"%.1f\" text-anchor=\"middle\">%g</text>\n",
                fx(fr, t), fr->y0 + fr->h, fx(fr, t), fr->y0 + fr->h + 5,
                fx(fr, t), fr->y0 + fr->h + 18, fabs(t) < 1e-12 ? 0 : t);
    for (double t = ceil(fr->ylo / sy) * sy; t <= fr->yhi + 1e-9; t += sy)
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"#999\"/><text class=\"tick\" x=\"%.1f\" "
                   "y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
                fr->x0 - 5, fy(fr, t), fr->x0, fy(fr, t), fr->x0 - 8,
                fy(fr, t) + 4, fabs(t) < 1e-12 ? 0 : t);
    fprintf(f, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" "
               "text-anchor=\"middle\">",
            fr->x0 + fr->w / 2, fr->y0 + fr->h + 38);
    text(p, wold__tr(p->lang, "importance (total effect)"));
    fprintf(f, "</text><text class=\"axis\" transform=\"translate(%.1f %.1f) "
               "rotate(-90)\" text-anchor=\"middle\">",
            fr->x0 - 42, fr->y0 + fr->h / 2);
    text(p, wold__tr(p->lang, "performance (0-100)"));
    fputs("</text>\n", f);
}

/* The data range of the points, padded, the performance within 0-100. */
static void frame_range(frame *fr, json_object *a)
{
    fr->xlo = 0;
    fr->xhi = 0;
    fr->ylo = 100;
    fr->yhi = 0;
    for (size_t k = 0; k < len(a); k++) {
        double x = num(key(at(a, k), "importance"));
        double y = num(key(at(a, k), "performance"));
        if (isfinite(x)) {
            fr->xlo = x < fr->xlo ? x : fr->xlo;
            fr->xhi = x > fr->xhi ? x : fr->xhi;
        }
        if (isfinite(y)) {
            fr->ylo = y < fr->ylo ? y : fr->ylo;
            fr->yhi = y > fr->yhi ? y : fr->yhi;
        }
    }
    double px = (fr->xhi - fr->xlo) * 0.12 + 1e-3;
    fr->xhi += px;
    fr->xlo = fr->xlo < 0 ? fr->xlo - px : 0;
    double sy = tick_step(fr->ylo, fr->yhi);
    fr->ylo = floor(fr->ylo / sy - 0.5) * sy;
    fr->yhi = ceil(fr->yhi / sy + 0.5) * sy;
    fr->ylo = fr->ylo < 0 ? 0 : fr->ylo;
    fr->yhi = fr->yhi > 100 ? 100 : fr->yhi;
    if (fr->yhi <= fr->ylo) {
        fr->ylo = 0;
        fr->yhi = 100;
    }
}

/* Dashed lines at the mean importance and the mean performance. */
static void mean_lines(const page *p, const frame *fr, json_object *a)
{
    double sx = 0, sy = 0;
    size_t n = 0;
    for (size_t k = 0; k < len(a); k++) {
        double x = num(key(at(a, k), "importance"));
        double y = num(key(at(a, k), "performance"));
        if (isfinite(x) && isfinite(y)) {
            sx += x;
            sy += y;
            n++;
        }
    }
    if (n == 0)
        return;
    fprintf(p->f, "<line class=\"mean\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                  "y2=\"%.1f\"/><line class=\"mean\" x1=\"%.1f\" y1=\"%.1f\" "
                  "x2=\"%.1f\" y2=\"%.1f\"/>\n",
            fx(fr, sx / (double)n), fr->y0, fx(fr, sx / (double)n),
            fr->y0 + fr->h, fr->x0, fy(fr, sy / (double)n), fr->x0 + fr->w,
            fy(fr, sy / (double)n));
}

static void ipma_map(const page *p, json_object *a)
{
    frame fr = {70, 20, 520, 300, 0, 1, 0, 100};
    frame_range(&fr, a);
    fputs("<div class=\"diagram\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
          "class=\"wold-ipma\" viewBox=\"0 0 640 390\" width=\"640\" "
          "height=\"390\" role=\"img\">\n",
          p->f);
    axes(p, &fr);
    mean_lines(p, &fr, a);
    for (size_t k = 0; k < len(a); k++) {
        double x = num(key(at(a, k), "importance"));
        double y = num(key(at(a, k), "performance"));
        if (!isfinite(x) || !isfinite(y))
            continue;
        /* A label in the right fifth goes left of its point, inside. */
        int left = fx(&fr, x) > fr.x0 + 0.8 * fr.w;
        fprintf(p->f, "<circle class=\"pt\" cx=\"%.1f\" cy=\"%.1f\" r=\"6\"/>"
                      "<text class=\"ptlabel\" x=\"%.1f\" y=\"%.1f\"%s>",
                fx(&fr, x), fy(&fr, y), fx(&fr, x) + (left ? -9 : 9),
                fy(&fr, y) - 7, left ? " text-anchor=\"end\"" : "");
        text(p, str(key(at(a, k), "name")));
        fputs("</text>\n", p->f);
    }
    fputs("</svg></div>\n", p->f);
}

static void ipma(const page *p, json_object *ip)
{
    static const char *const h[] = {
        WOLD__N("construct"), WOLD__N("importance"), WOLD__N("performance"),
        WOLD__N("potential")};
    json_object *a = key(ip, "constructs");
    heading(p, 2, "ipma", WOLD__N("Importance-performance map (IPMA)"));
    fputs("<p class=\"note\">", p->f);
    text(p, wold__tr(p->lang, "target"));
    fputs(": ", p->f);
    text(p, str(key(ip, "target")));
    fputs(" (", p->f);
    text(p, wold__tr(p->lang, "performance"));
    fputs(" ", p->f);
    wold__xml_num(p->f, num(key(ip, "target_performance")), 1);
    fputs(")</p>\n", p->f);
    ipma_map(p, a);
    heading(p, 3, "ipma-table", WOLD__N("Constructs by priority for improvement"));
    table_open(p, h, 4, 1);
    for (size_t k = 0; k < len(a); k++) {
        json_object *o = at(a, k);
        fputs("<tr>", p->f);
        td_text(p, str(key(o, "name")));
        td_num(p, key(o, "importance"), 3);
        td_num(p, key(o, "performance"), 1);
        td_num(p, key(o, "potential"), 2);
        fputs("</tr>\n", p->f);
    }
    table_close(p);
    fputs("<p class=\"note\">", p->f);
    text(p, wold__tr(p->lang, "potential = importance x (100 - performance)"));
    fputs("</p>\n", p->f);
}

/* ---- the page ---------------------------------------------------------- */

static const char page_css[] =
    ":root{--wold-font:-apple-system,'Segoe UI','Helvetica Neue',Arial,"
    "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',"
    "sans-serif}\n"
    "*{box-sizing:border-box}\n"
    "body{font-family:var(--wold-font);color:#222;background:#fff;margin:0;"
    "line-height:1.45}\n"
    "main{max-width:1100px;margin:0 auto;padding:16px 20px 40px}\n"
    "header{background:#1f3864;color:#fff;padding:18px 20px}\n"
    "header h1{margin:0 auto;max-width:1060px;font-size:1.5em;font-weight:600}\n"
    "header p{margin:4px auto 0;max-width:1060px;opacity:.85}\n"
    "nav{margin:12px 0;font-size:.92em;display:flex;flex-wrap:wrap;row-gap:4px}\n"
    "nav a{color:#2e6da4;margin-right:14px;text-decoration:none;"
    "white-space:nowrap}\n"
    "h2{color:#1f3864;border-bottom:2px solid #5b9bd5;padding-bottom:3px;"
    "margin-top:34px;font-size:1.25em}\n"
    "h3{color:#1f3864;font-size:1.05em}\n"
    ".tbl{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:8px 0}\n"
    "table{border-collapse:collapse;font-size:.9em;"
    "font-variant-numeric:tabular-nums}\n"
    "th,td{padding:4px 10px;border-bottom:1px solid #dde3ea;"
    "white-space:nowrap;text-align:left}\n"
    "thead th{background:#eaf1fb;color:#1f3864;border-bottom:2px solid #9db9e0}\n"
    "table.kv th{background:none;font-weight:600;color:#444}\n"
    "tbody tr:nth-child(even){background:#f7f9fc}\n"
    "td.n,th.n{text-align:right}\n"
    "td.sig{color:#1a5e20;font-weight:600}\n"
    "td.flag{color:#b00020;font-weight:600}\n"
    "td.stars{color:#e0a800;letter-spacing:1px}\n"
    ".note{color:#555;font-size:.88em}\n"
    ".warn li{color:#8a5300}\n"
    ".diagram{overflow-x:auto;margin:10px 0;border:1px solid #dde3ea;"
    "border-radius:4px;padding:6px;background:#fff}\n"
    ".diagram svg{display:block;max-width:100%;height:auto;margin:0 auto}\n"
    ".wold-ipma text{font-family:var(--wold-font)}\n"
    ".wold-ipma .tick{font-size:11px;fill:#444}\n"
    ".wold-ipma .axis{font-size:12.5px;fill:#222}\n"
    ".wold-ipma .pt{fill:#5b9bd5;stroke:#1f3864;stroke-width:1.2}\n"
    ".wold-ipma .ptlabel{font-size:12px;fill:#1f3864}\n"
    ".wold-ipma .mean{stroke:#c55a11;stroke-width:1;stroke-dasharray:5 4}\n"
    "footer{color:#777;font-size:.8em;margin-top:40px}\n"
    "@media (max-width:600px){main{padding:10px}header h1{font-size:1.2em}"
    "th,td{padding:3px 6px}}\n"
    "@media print{header{background:none;color:#000;padding:0}"
    "nav{display:none}main{max-width:none;padding:0}"
    "h2{break-after:avoid}.tbl{overflow:visible}"
    ".diagram{border:none;break-inside:avoid}table{font-size:8.5pt}"
    "tr{break-inside:avoid}}\n";

static void nav(const page *p, json_object *root, int has_ipma)
{
    static const struct {
        const char *id, *en;
    } items[] = {{"summary", WOLD__N("Summary")},
                 {"diagram", WOLD__N("Path diagram")},
                 {"outer", WOLD__N("Measurement model")},
                 {"inner", WOLD__N("Structural model: paths")},
                 {"reliability", WOLD__N("Reliability and validity")},
                 {"htmt", WOLD__N("HTMT")},
                 {"effects", WOLD__N("Effects")},
                 {"bootstrap", WOLD__N("Bootstrap")},
                 {"index", WOLD__N("Indices (0-100)")},
                 {"ipma", WOLD__N("Importance-performance map (IPMA)")}};
    fputs("<nav>", p->f);
    for (size_t k = 0; k < sizeof items / sizeof *items; k++) {
        const char *id = items[k].id;
        if ((strcmp(id, "reliability") == 0 || strcmp(id, "htmt") == 0) &&
            key(root, "htmt") == NULL)
            continue;
        if ((strcmp(id, "bootstrap") == 0 && key(root, "bootstrap") == NULL) ||
            (strcmp(id, "index") == 0 && key(root, "index") == NULL) ||
            (strcmp(id, "ipma") == 0 && !has_ipma) ||
            (strcmp(id, "effects") == 0 && len(key(root, "effects")) == 0))
            continue;
        fprintf(p->f, "<a href=\"#%s\">", id);
        text(p, tr(p, items[k].en));
        fputs("</a>\n", p->f); /* a line may break between links */
    }
    fputs("</nav>\n", p->f);
}

static void head(const page *p, json_object *root)
{
    fprintf(p->f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                  "<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, "
                  "initial-scale=1\">\n<title>",
            p->lang == WOLD_LANG_ZH ? "zh" : "en");
    text(p, wold__tr(p->lang, "PLS path model report"));
    fputs(" \xe2\x80\x93 ", p->f);
    text(p, str(key(key(root, "input"), "model")));
    fprintf(p->f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>"
                  "<h1>",
            page_css);
    text(p, wold__tr(p->lang, "PLS path model report"));
    fputs("</h1><p>", p->f);
    text(p, str(key(key(root, "input"), "model")));
    if (key(key(root, "input"), "data") != NULL) {
        fputs(" \xc2\xb7 ", p->f);
        text(p, str(key(key(root, "input"), "data")));
    }
    fputs("</p></header>\n<main>\n", p->f);
}

static wold_status body(const page *p, const wold__report_ctx *r,
                        json_object *root, json_object *ip, wold_error *err)
{
    nav(p, root, ip != NULL);
    summary(p, root);
    heading(p, 2, "diagram", WOLD__N("Path diagram"));
    fputs("<div class=\"diagram\">\n", p->f);
    WOLD_TRY(wold__report_svg(p->f, r->fit, r->boot, p->lang, 0, err));
    fputs("</div>\n", p->f);
    outer(p, root);
    inner(p, root);
    r2(p, root);
    reliability(p, root);
    matrix(p, root, "htmt", "htmt", WOLD__N("Discriminant validity: HTMT"),
           WOLD__HTMT_MAX, 0);
    matrix(p, root, "fornell_larcker", "fornell-larcker",
           WOLD__N("Fornell-Larcker criterion (AVE on the diagonal, "
                   "squared correlations below)"),
           0, 1);
    effects(p, root);
    bootstrap(p, root);
    indices(p, root);
    if (ip != NULL)
        ipma(p, ip);
    fprintf(p->f, "<footer>wold %s</footer>\n</main>\n</body>\n</html>\n",
            str(key(root, "wold_version")) ? str(key(root, "wold_version"))
                                           : "");
    return WOLD_OK;
}

wold_status wold__report_html(FILE *f, const wold__report_ctx *r,
                              const char *json, const char *ipma_json,
                              wold_error *err)
{
    json_object *root = json_tokener_parse(json), *ip = NULL;
    if (root == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    if (ipma_json != NULL && (ip = json_tokener_parse(ipma_json)) == NULL) {
        json_object_put(root);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    }
    page p = {f, r->lang};
    head(&p, root);
    wold_status st = body(&p, r, root, ip, err);
    json_object_put(root);
    json_object_put(ip);
    return st;
}
