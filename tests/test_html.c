/*
 * test_html.c - the HTML page and the SVG path diagram (src/report/html.c,
 * svg.c): one ellipse per construct and one arrow per structural path for
 * the ECSI model and a 20-construct model, a layout without overlaps,
 * XML escaping, undefined numbers as a dash, the Chinese page, the IPMA
 * map and a well-formedness check of the markup.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "testutil.h"

typedef struct run {
    wold_model *model;
    wold_data *data;
    wold_moments *mo;
    wold_fit *fit;
} run;

static void run_fit(run *r, const char *model_path, const char *data_path,
                    wold_missing missing)
{
    wold_error err;
    wold_csv_options csv;
    wold_fit_options opt;
    wold_csv_options_default(&csv);
    wold_fit_options_default(&opt);
    memset(r, 0, sizeof *r);
    assert_int_equal(wold_model_read(&r->model, model_path, &err), WOLD_OK);
    assert_int_equal(wold_data_read_csv(&r->data, data_path, r->model, &csv,
                                        &err),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&r->mo, r->data, missing, &err),
                     WOLD_OK);
    assert_int_equal(wold_fit_estimate(&r->fit, r->model, r->mo, &opt, &err),
                     WOLD_OK);
}

static void run_free(run *r)
{
    wold_fit_free(r->fit);
    wold_moments_free(r->mo);
    wold_data_free(r->data);
    wold_model_free(r->model);
}

/* The ECSI model on its 5000 rows with missing cells. */
static void ecsi(run *r)
{
    char model[4096];
    snprintf(model, sizeof model, "%s", wt_source("models/ecsi.wold"));
    run_fit(r, model, wt_source("datasets/ecsi_5000_missing.csv"),
            WOLD_MISSING_MEAN);
}

/* tests/models/wide20.wold on 400 rows drawn by wold simulate. */
static void wide20(run *r)
{
    char *csv = wt_temp_file("", ".csv"), cmd[8192], model[4096];
    snprintf(model, sizeof model, "%s", wt_source("tests/models/wide20.wold"));
    snprintf(cmd, sizeof cmd,
             "'%s' simulate '%s' -n 400 --seed 7 --scale 1:7 -o '%s'",
             WOLD_BINARY, model, csv);
    assert_int_equal(system(cmd), 0);
    run_fit(r, model, csv, WOLD_MISSING_LISTWISE);
    remove(csv);
    free(csv);
}

static char *report(const run *r, wold_format format, wold_lang lang,
                    const wold_boot *boot, const wold_ipma *ip)
{
    wold_report_parts parts;
    wold_error err;
    char *out = NULL;
    wold_report_parts_default(&parts);
    parts.fit = r->fit;
    parts.moments = r->mo;
    parts.data = r->data;
    parts.lang = lang;
    parts.boot = boot;
    parts.ipma = ip;
    assert_int_equal(wold_report(&out, &parts, format, &err), WOLD_OK);
    assert_non_null(out);
    return out;
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

/*
 * Every element opened is closed, in order: a stack of tag names.  Void
 * HTML elements, "<.../>", declarations, comments and the text of <style>
 * are skipped.  Returns NULL, or a message saying what is wrong.
 */
static const char *check_tags(const char *s, char *msg, size_t cap)
{
    static const char *const voids[] = {"meta", "br", "hr", "img", "link",
                                        "input"};
    char stack[256][32];
    size_t depth = 0;
    for (const char *p = s; (p = strchr(p, '<')) != NULL; p++) {
        if (p[1] == '!' || p[1] == '?')
            continue;
        int closing = p[1] == '/';
        const char *n = p + 1 + closing, *e = n;
        while (*e != '\0' && *e != '>' && *e != ' ' && *e != '\n' && *e != '/')
            e++;
        const char *end = strchr(p, '>');
        if (end == NULL || e == n || (size_t)(e - n) >= 32) {
            snprintf(msg, cap, "a broken tag at offset %ld", (long)(p - s));
            return msg;
        }
        char name[32];
        memcpy(name, n, (size_t)(e - n));
        name[e - n] = '\0';
        int is_void = end[-1] == '/';
        for (size_t k = 0; k < sizeof voids / sizeof *voids; k++)
            is_void |= strcmp(name, voids[k]) == 0;
        if (closing) {
            if (depth == 0 || strcmp(stack[depth - 1], name) != 0) {
                snprintf(msg, cap, "</%s> closes <%s>", name,
                         depth ? stack[depth - 1] : "nothing");
                return msg;
            }
            depth--;
        } else if (!is_void) {
            if (depth == 256)
                return "too deep";
            strcpy(stack[depth++], name);
            if (strcmp(name, "style") == 0) /* CSS: no tags inside */
                p = strstr(p, "</style>") - 1;
        }
    }
    if (depth != 0) {
        snprintf(msg, cap, "<%s> is never closed", stack[depth - 1]);
        return msg;
    }
    return NULL;
}

static void assert_well_formed(const char *s)
{
    char msg[128];
    const char *why = check_tags(s, msg, sizeof msg);
    if (why != NULL)
        fail_msg("markup: %s", why);
}

static void test_checker(void **state)
{
    (void)state;
    char msg[128];
    assert_null(check_tags("<p><b>x</b><br></p>", msg, sizeof msg));
    assert_non_null(check_tags("<p><b>x</p></b>", msg, sizeof msg));
    assert_non_null(check_tags("<div><p>x</p>", msg, sizeof msg));
}

/* One ellipse per construct, one rectangle per indicator, one arrow per
 * structural path. */
static void assert_diagram(const run *r, const char *svg)
{
    assert_int_equal(count(svg, "<ellipse class=\"lv\""),
                     wold_model_n_lv(r->model));
    assert_int_equal(count(svg, "<rect class=\"mv\""),
                     wold_model_n_mv(r->model));
    assert_int_equal(count(svg, "class=\"path\""),
                     wold_model_n_paths(r->model));
    assert_int_equal(count(svg, "class=\"outer\""), wold_model_n_mv(r->model));
    assert_well_formed(svg);
}

static int overlap(double ax, double ay, double aw, double ah, double bx,
                   double by, double bw, double bh)
{
    return fabs(ax - bx) * 2 < aw + bw && fabs(ay - by) * 2 < ah + bh;
}

/* No two boxes of the layout (ellipses and rectangles) overlap, and all
 * lie inside the diagram. */
static void assert_layout(const run *r)
{
    wold__diagram d;
    wold_error err;
    assert_int_equal(wold__diagram_layout(&d, r->fit, &err), WOLD_OK);
    size_t J = d.J, n = d.J + d.p;
    for (size_t a = 0; a < n; a++) {
        double ax = a < J ? d.lx[a] : d.mx[a - J];
        double ay = a < J ? d.ly[a] : d.my[a - J];
        double aw = a < J ? d.lw[a] : d.mw[a - J], ah = a < J ? d.lh : d.mh;
        assert_true(ax - aw / 2 >= 0 && ax + aw / 2 <= d.width);
        assert_true(ay - ah / 2 >= 0 && ay + ah / 2 <= d.height);
        for (size_t b = a + 1; b < n; b++) {
            double bx = b < J ? d.lx[b] : d.mx[b - J];
            double by = b < J ? d.ly[b] : d.my[b - J];
            double bw = b < J ? d.lw[b] : d.mw[b - J], bh = b < J ? d.lh : d.mh;
            if (overlap(ax, ay, aw, ah, bx, by, bw, bh))
                fail_msg("boxes %zu and %zu overlap", a, b);
        }
    }
    /* Paths run left to right: a predecessor's column is before. */
    for (size_t to = 0; to < J; to++)
        for (size_t from = 0; from < J; from++)
            if (wold_model_has_path(r->model, from, to))
                assert_true(d.lx[from] < d.lx[to]);
    wold__diagram_free(&d);
}

static void test_svg_ecsi(void **state)
{
    (void)state;
    run r;
    ecsi(&r);
    char *svg = report(&r, WOLD_FORMAT_SVG, WOLD_LANG_EN, NULL, NULL);
    assert_int_equal(strncmp(svg, "<?xml", 5), 0);
    assert_int_equal(wold_model_n_lv(r.model), 7);
    assert_diagram(&r, svg);
    /* R2 in the six endogenous constructs; no significance without a
     * bootstrap. */
    assert_int_equal(count(svg, "R\xc2\xb2 = "), 6);
    assert_int_equal(count(svg, "stroke-dasharray=\"6 4\""), 0);
    assert_non_null(strstr(svg, ">Satisfaction</text>"));
    assert_layout(&r);
    free(svg);
    run_free(&r);
}

static void test_svg_wide20(void **state)
{
    (void)state;
    run r;
    wide20(&r);
    char *svg = report(&r, WOLD_FORMAT_SVG, WOLD_LANG_EN, NULL, NULL);
    assert_int_equal(wold_model_n_lv(r.model), 20);
    assert_diagram(&r, svg);
    assert_layout(&r);
    free(svg);
    run_free(&r);
}

/* With a bootstrap, the paths with p >= 0.05 are dashed, the others
 * marked with a star, and the legend says which is which. */
static void test_svg_boot(void **state)
{
    (void)state;
    run r;
    wold_boot *boot = NULL;
    wold_boot_options opt;
    wold_error err;
    ecsi(&r);
    wold_boot_options_default(&opt);
    opt.replicates = 60;
    opt.threads = 1;
    assert_int_equal(wold_boot_run(&boot, r.fit, r.mo, r.data, &opt, NULL,
                                   NULL, &err),
                     WOLD_OK);
    size_t ns = 0, paths = wold_model_n_paths(r.model);
    for (size_t from = 0; from < 7; from++)
        for (size_t to = 0; to < 7; to++) {
            const wold_boot_stat *s =
                wold_boot_find(boot, WOLD_STAT_PATH, from, to, WOLD_NONE);
            ns += s != NULL && !(s->p < 0.05);
        }
    char *svg = report(&r, WOLD_FORMAT_SVG, WOLD_LANG_EN, boot, NULL);
    /* The legend's own dashed line is the one more. */
    assert_int_equal(count(svg, "stroke-dasharray=\"6 4\""), ns + 1);
    assert_int_equal(count(svg, "*</text>"), paths - ns);
    assert_non_null(strstr(svg, "bootstrap p &lt; 0.05"));
    char *html = report(&r, WOLD_FORMAT_HTML, WOLD_LANG_EN, boot, NULL);
    assert_non_null(strstr(html, "id=\"bootstrap\""));
    assert_non_null(strstr(html, "path:Image-&gt;Expectation"));
    assert_well_formed(html);
    free(html);
    free(svg);
    wold_boot_free(boot);
    run_free(&r);
}

static char *to_string(void (*put)(FILE *, const void *), const void *arg)
{
    wold__sink sink;
    FILE *f = wold__sink_open(&sink);
    assert_non_null(f);
    put(f, arg);
    char *s = wold__sink_close(&sink, f);
    assert_non_null(s);
    return s;
}

static void put_text(FILE *f, const void *s)
{
    wold__xml_text(f, s);
}

static void put_nan(FILE *f, const void *unused)
{
    (void)unused;
    wold__xml_num(f, NAN, 3);
    fputc(' ', f);
    wold__xml_num(f, INFINITY, 3);
    fputc(' ', f);
    wold__xml_num(f, -0.12345, 3);
}

static void test_escape_and_dash(void **state)
{
    (void)state;
    char *s = to_string(put_text, "a<b & \"c\" > 'd'");
    assert_string_equal(s, "a&lt;b &amp; &quot;c&quot; &gt; &#39;d&#39;");
    free(s);
    s = to_string(put_nan, NULL);
    assert_string_equal(s, "\xe2\x80\x93 \xe2\x80\x93 -0.123");
    free(s);
}

/* A model whose names need escaping reaches the page escaped. */
static void test_html_escapes_names(void **state)
{
    (void)state;
    run r;
    ecsi(&r);
    char *html = report(&r, WOLD_FORMAT_HTML, WOLD_LANG_EN, NULL, NULL);
    /* The exogenous constructs' redundancies are undefined: a dash. */
    assert_non_null(strstr(html, "<td class=\"n\">\xe2\x80\x93</td>"));
    assert_null(strstr(html, "NaN"));
    assert_null(strstr(html, "null"));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "http://www.w3.org/1999"));
    assert_null(strstr(html, "https://"));
    assert_non_null(strstr(html, "<meta name=\"viewport\""));
    assert_non_null(strstr(html, "@media print"));
    assert_non_null(strstr(html, "<html lang=\"en\">"));
    assert_int_equal(count(html, "<ellipse class=\"lv\""), 7);
    assert_int_equal(count(html, "class=\"path\""), 12);
    static const char *const ids[] = {"summary", "diagram", "outer", "inner",
                                      "r2", "reliability", "htmt",
                                      "fornell-larcker", "effects"};
    for (size_t k = 0; k < sizeof ids / sizeof *ids; k++) {
        char id[64];
        snprintf(id, sizeof id, "id=\"%s\"", ids[k]);
        if (strstr(html, id) == NULL)
            fail_msg("no section %s", ids[k]);
    }
    assert_well_formed(html);
    free(html);
    run_free(&r);
    /* A model file name with markup characters reaches the page
     * escaped. */
    FILE *f = fopen(wt_source("models/ecsi.wold"), "rb");
    assert_non_null(f);
    char *text = malloc(1 << 16);
    size_t n = fread(text, 1, 1 << 16, f);
    fclose(f);
    wold_error err;
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    run q;
    ecsi(&q);
    wold_model *md = NULL;
    wold_fit *fit = NULL;
    assert_int_equal(wold_model_parse(&md, text, n, "a<b&c>.wold", &err),
                     WOLD_OK);
    assert_int_equal(wold_fit_estimate(&fit, md, q.mo, &opt, &err), WOLD_OK);
    wold_fit_free(q.fit);
    q.fit = fit;
    html = report(&q, WOLD_FORMAT_HTML, WOLD_LANG_EN, NULL, NULL);
    assert_non_null(strstr(html, "a&lt;b&amp;c&gt;.wold"));
    assert_null(strstr(html, "a<b"));
    assert_well_formed(html);
    free(html);
    free(text);
    run_free(&q);
    wold_model_free(md);
}

/* The page in Chinese: headings and labels, the lang attribute and a
 * font stack that renders CJK. */
static void test_html_zh(void **state)
{
    (void)state;
    run r;
    ecsi(&r);
    char *html = report(&r, WOLD_FORMAT_HTML, WOLD_LANG_ZH, NULL, NULL);
    assert_non_null(strstr(html, "<html lang=\"zh\">"));
    assert_non_null(strstr(html, "'Noto Sans CJK SC'"));
    assert_non_null(strstr(html, "'Microsoft YaHei'"));
    static const char *const zh[] = {"概要", "路径图", "信度与效度",
                                     "PLS 路径模型报告", "载荷", "效应"};
    for (size_t k = 0; k < sizeof zh / sizeof *zh; k++)
        if (strstr(html, zh[k]) == NULL)
            fail_msg("the Chinese page lacks %s", zh[k]);
    static const char *const en[] = {">Summary<", ">Path diagram<",
                                     ">Reliability and validity<",
                                     ">Measurement model<"};
    for (size_t k = 0; k < sizeof en / sizeof *en; k++)
        if (strstr(html, en[k]) != NULL)
            fail_msg("the Chinese page has the English %s", en[k]);
    assert_well_formed(html);
    free(html);
    run_free(&r);
}

/* The index table and the IPMA map: one point per construct of the
 * IPMA, its priority table, mean lines and axis ticks. */
static void test_html_ipma(void **state)
{
    (void)state;
    run r;
    wold_index *ix = NULL;
    wold_ipma *ip = NULL;
    wold_error err;
    ecsi(&r);
    assert_int_equal(wold_index_compute(&ix, r.fit, r.mo, &err), WOLD_OK);
    assert_int_equal(wold_ipma_compute(&ip, r.fit, r.mo, 6, &err), WOLD_OK);
    wold_report_parts parts;
    wold_report_parts_default(&parts);
    parts.fit = r.fit;
    parts.moments = r.mo;
    parts.data = r.data;
    parts.index = ix;
    parts.ipma = ip;
    char *html = NULL;
    assert_int_equal(wold_report(&html, &parts, WOLD_FORMAT_HTML, &err),
                     WOLD_OK);
    assert_int_equal(count(html, "<circle class=\"pt\""),
                     wold_ipma_n_constructs(ip));
    assert_int_equal(count(html, "class=\"mean\""), 2);
    assert_true(count(html, "class=\"tick\"") >= 6);
    assert_non_null(strstr(html, "id=\"ipma\""));
    assert_non_null(strstr(html, "id=\"index\""));
    assert_non_null(strstr(html, "\xe2\x98\x85")); /* the grade's stars */
    assert_well_formed(html);
    free(html);
    /* An IPMA of another fit is refused. */
    run other;
    ecsi(&other);
    parts.fit = other.fit;
    parts.index = NULL;
    assert_int_equal(wold_report(&html, &parts, WOLD_FORMAT_HTML, &err),
                     WOLD_EUSAGE);
    assert_null(html);
    run_free(&other);
    wold_ipma_free(ip);
    wold_index_free(ix);
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checker),
        cmocka_unit_test(test_escape_and_dash),
        cmocka_unit_test(test_svg_ecsi),
        cmocka_unit_test(test_svg_wide20),
        cmocka_unit_test(test_svg_boot),
        cmocka_unit_test(test_html_escapes_names),
        cmocka_unit_test(test_html_zh),
        cmocka_unit_test(test_html_ipma),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
