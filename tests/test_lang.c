/*
 * test_lang.c - the reports' translation table (src/report/lang.c): it is
 * sorted (the binary search needs it), English stays English, and every
 * string that src/ passes to wold__tr or marks with WOLD__N has its
 * Chinese, found by reading the sources.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "testutil.h"
#include "util/util.h"

static void test_table_sorted(void **state)
{
    (void)state;
    size_t n = wold__tr_count();
    assert_true(n > 0);
    for (size_t k = 1; k < n; k++)
        if (strcmp(wold__tr_key(k - 1), wold__tr_key(k)) >= 0)
            fail_msg("lang.c: \"%s\" before \"%s\"", wold__tr_key(k - 1),
                     wold__tr_key(k));
    assert_null(wold__tr_key(n));
}

static void test_lookup(void **state)
{
    (void)state;
    const char *en = "Measurement model";
    assert_ptr_equal(wold__tr(WOLD_LANG_EN, en), en);
    assert_string_equal(wold__tr(WOLD_LANG_ZH, en), "测量模型（外部模型）");
    assert_string_equal(wold__tr(WOLD_LANG_ZH, "loading"), "载荷");
    /* Every key is found, in both languages. */
    for (size_t k = 0; k < wold__tr_count(); k++) {
        const char *key = wold__tr_key(k);
        assert_ptr_equal(wold__tr(WOLD_LANG_EN, key), key);
        assert_non_null(wold__tr(WOLD_LANG_ZH, key));
    }
    /* No entry: the English itself (an LV name, a number). */
    const char *none = "no such heading";
    assert_ptr_equal(wold__tr(WOLD_LANG_ZH, none), none);
    assert_null(wold__tr(WOLD_LANG_ZH, NULL));
}

/* The conversions of a printf format ("%zu%s%%"), in order, into out. */
static void conversions(const char *fmt, char *out, size_t size)
{
    size_t n = 0;
    for (const char *s = fmt; *s; s++) {
        if (*s != '%')
            continue;
        do {
            if (n + 2 < size)
                out[n++] = *++s;
        } while (*s != '\0' && strchr("diouxXeEfFgGcsp%", *s) == NULL);
        if (n + 1 < size)
            out[n++] = ' ';
        if (*s == '\0')
            break;
    }
    out[n < size ? n : size - 1] = '\0';
}

/*
 * Reads the adjacent C string literals at s (at the first opening quote,
 * blanks and newlines between them) into buf, undoing \" \\ and \n;
 * returns how many lines they span, or -1 when s is not a literal.
 */
static int literals(const char *s, char *buf, size_t size)
{
    size_t n = 0;
    int lines = 0;
    if (*s != '"')
        return -1;
    while (*s == '"') {
        for (s++; *s != '"'; s++) {
            if (*s == '\0' || n + 1 >= size)
                return -1;
            if (*s == '\\') {
                s++;
                buf[n++] = *s == 'n' ? '\n' : *s;
            } else {
                buf[n++] = *s;
            }
        }
        for (s++; *s == ' ' || *s == '\n'; s++)
            lines += *s == '\n';
    }
    buf[n] = '\0';
    return lines;
}

/* Whether en is a key of the table (some keep their English: AVE). */
static int in_table(const char *en)
{
    for (size_t k = 0; k < wold__tr_count(); k++)
        if (strcmp(wold__tr_key(k), en) == 0)
            return 1;
    return 0;
}

/* Checks the string at q: it has its Chinese, with the same conversions.
 * Returns 1 when it does not. */
static int check_string(const char *path, size_t line, const char *q)
{
    char buf[1024], ce[128], cz[128];
    if (literals(q, buf, sizeof buf) < 0) {
        print_error("%s:%zu: not a string literal\n", path, line);
        return 1;
    }
    if (buf[0] == '\0')
        return 0;
    const char *zh = wold__tr(WOLD_LANG_ZH, buf);
    if (!in_table(buf)) {
        print_error("%s:%zu: no Chinese for \"%s\" in src/report/lang.c\n",
                    path, line, buf);
        return 1;
    }
    conversions(buf, ce, sizeof ce);
    conversions(zh, cz, sizeof cz);
    if (strcmp(ce, cz) != 0) {
        print_error("%s:%zu: \"%s\" has conversions '%s', its Chinese '%s'\n",
                    path, line, buf, ce, cz);
        return 1;
    }
    return 0;
}

/* The second argument of a call wold__tr(lang, ...) at p when it is a
 * literal, NULL when it is a variable (its strings are marked with
 * WOLD__N where they are written). */
static const char *call_literal(const char *p)
{
    const char *c = strchr(p, ',');
    if (c == NULL)
        return NULL;
    for (c++; *c == ' ' || *c == '\n'; c++)
        ;
    return *c == '"' ? c : NULL;
}

static size_t line_of(const char *text, const char *p)
{
    size_t line = 1;
    for (; text < p; text++)
        line += *text == '\n';
    return line;
}

/* The number of strings in path without a proper entry. */
static int scan_file(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    int missing = 0;
    for (const char *p = text; (p = strstr(p, "wold__tr(")) != NULL; p++) {
        const char *q = call_literal(p);
        if (q != NULL)
            missing += check_string(path, line_of(text, p), q);
    }
    for (const char *p = text; (p = strstr(p, "WOLD__N(")) != NULL; p++) {
        const char *q = p + strlen("WOLD__N(");
        if (*q == '"')
            missing += check_string(path, line_of(text, p), q);
    }
    return missing;
}

/* Every pair has the same conversions in both languages. */
static void test_same_conversions(void **state)
{
    (void)state;
    char ce[128], cz[128];
    for (size_t k = 0; k < wold__tr_count(); k++) {
        const char *en = wold__tr_key(k);
        conversions(en, ce, sizeof ce);
        conversions(wold__tr(WOLD_LANG_ZH, en), cz, sizeof cz);
        if (strcmp(ce, cz) != 0)
            fail_msg("lang.c: \"%s\": conversions '%s' and '%s'", en, ce, cz);
    }
    assert_string_equal(wold__plural(WOLD_LANG_EN, 1), "");
    assert_string_equal(wold__plural(WOLD_LANG_EN, 2), "s");
    assert_string_equal(wold__plural(WOLD_LANG_ZH, 2), "");
}

static int scan_dir(const char *rel)
{
    char dir[1024], path[2048];
    snprintf(dir, sizeof dir, "%s", wt_source(rel));
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0; /* a module not there (yet) */
    int missing = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 3 || strcmp(e->d_name + n - 2, ".c") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        missing += scan_file(path);
    }
    closedir(d);
    return missing;
}

static void test_every_string_has_chinese(void **state)
{
    (void)state;
    int missing = scan_dir("src/report") + scan_dir("src/csi") +
                  scan_dir("src/infer");
    assert_int_equal(missing, 0);
}

/* Reads f from the start into buf. */
static void slurp(FILE *f, char *buf, size_t size)
{
    rewind(f);
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
}

/* A column of Chinese heads lines up by display width (two columns per
 * CJK character), not by bytes: the right edges of the right-aligned
 * column and the starts of the last column are in the same display
 * column on every row. */
static void test_table_cjk_width(void **state)
{
    (void)state;
    wold__table t;
    assert_int_equal(wold__table_init(&t, "lrl"), WOLD_OK);
    const char *cells[] = {"指标", "载荷", "潜变量", "x1", "0.8123", "Quality",
                           "满意度x", "-0.1", "Q"};
    for (size_t k = 0; k < 9; k++)
        wold__table_cell(&t, cells[k]);
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(wold__table_write(&t, f, "  "), WOLD_OK);
    wold__table_free(&t);
    char buf[512];
    slurp(f, buf, sizeof buf);
    fclose(f);
    assert_string_equal(buf, "  指标       载荷  潜变量\n"
                             "  x1       0.8123  Quality\n"
                             "  满意度x    -0.1  Q\n");
    assert_int_equal(wold__display_width("满意度x"), 7);
}

/* The fit report in Chinese: headings translated, numbers and names the
 * same; English unchanged by the table. */
static void test_report_zh(void **state)
{
    (void)state;
    wold_model *m = wt_model("A =~ a1 + a2\nB =~ b1 + b2\nB ~ A\n");
    char *path = wt_temp_file("a1,a2,b1,b2\n1,2,1,3\n2,2,3,3\n3,4,3,5\n"
                              "4,3,5,4\n5,5,4,6\n2,1,2,2\n",
                              ".csv");
    wold_error err;
    wold_data *d = NULL;
    wold_moments *mo = NULL;
    wold_fit *fit = NULL;
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    assert_int_equal(wold_data_read_csv(&d, path, m, NULL, &err), WOLD_OK);
    assert_int_equal(wold_moments_compute(&mo, d, WOLD_MISSING_LISTWISE, &err),
                     WOLD_OK);
    assert_int_equal(wold_fit_estimate(&fit, m, mo, &opt, &err), WOLD_OK);
    wold_report_parts parts;
    wold_report_parts_default(&parts);
    assert_int_equal(parts.lang, WOLD_LANG_EN);
    parts.fit = fit;
    parts.moments = mo;
    parts.data = d;
    char *en = NULL, *zh = NULL, *jen = NULL, *jzh = NULL;
    assert_int_equal(wold_report(&en, &parts, WOLD_FORMAT_TEXT, &err), WOLD_OK);
    assert_int_equal(wold_report(&jen, &parts, WOLD_FORMAT_JSON, &err), WOLD_OK);
    parts.lang = WOLD_LANG_ZH;
    assert_int_equal(wold_report(&zh, &parts, WOLD_FORMAT_TEXT, &err), WOLD_OK);
    assert_int_equal(wold_report(&jzh, &parts, WOLD_FORMAT_JSON, &err), WOLD_OK);
    assert_non_null(strstr(en, "\nMeasurement model\n  indicator  block"));
    assert_non_null(strstr(zh, "\n测量模型（外部模型）\n  指标  潜变量"));
    assert_non_null(strstr(zh, "\n结构模型（内部模型）：路径系数\n"));
    assert_non_null(strstr(zh, "  模型       "));
    assert_non_null(strstr(zh, "：2 个潜变量，4 个指标，1 条路径\n"));
    assert_null(strstr(zh, "Measurement"));
    assert_string_equal(jen, jzh); /* JSON keys are an interface */
    free(en);
    free(zh);
    free(jen);
    free(jzh);
    wold_fit_free(fit);
    wold_moments_free(mo);
    wold_data_free(d);
    wold_model_free(m);
    remove(path);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_sorted),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_same_conversions),
        cmocka_unit_test(test_every_string_has_chinese),
        cmocka_unit_test(test_table_cjk_width),
        cmocka_unit_test(test_report_zh),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
