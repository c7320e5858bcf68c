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
        assert_ptr_not_equal(wold__tr(WOLD_LANG_ZH, key), key);
    }
    /* No entry: the English itself (an LV name, a number). */
    const char *none = "no such heading";
    assert_ptr_equal(wold__tr(WOLD_LANG_ZH, none), none);
    assert_null(wold__tr(WOLD_LANG_ZH, NULL));
}

/* Copies the C string literal at s (just after its opening quote) into
 * buf, undoing \" and \\; returns 0 when it does not end on the line. */
static int literal(const char *s, char *buf, size_t size)
{
    size_t n = 0;
    for (; *s != '"'; s++) {
        if (*s == '\0' || *s == '\n' || n + 1 >= size)
            return 0;
        if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
            s++;
        buf[n++] = *s;
    }
    buf[n] = '\0';
    return 1;
}

/* Checks the literal that starts at q (its opening quote). */
static int check_literal(const char *path, size_t line, const char *q)
{
    char buf[512];
    if (!literal(q + 1, buf, sizeof buf)) {
        print_error("%s:%zu: wold__tr's string must be one literal on the "
                    "call's line\n", path, line);
        return 1;
    }
    if (buf[0] != '\0' && wold__tr(WOLD_LANG_ZH, buf) == NULL)
        return 1;
    if (buf[0] != '\0' && strcmp(wold__tr(WOLD_LANG_ZH, buf), buf) == 0) {
        print_error("%s:%zu: no Chinese for \"%s\" in src/report/lang.c\n",
                    path, line, buf);
        return 1;
    }
    return 0;
}

/* The literal of a call wold__tr(lang, "...") at p, or NULL when the
 * second argument is not a literal (a variable: its strings are marked
 * with WOLD__N where they are written). */
static const char *call_literal(const char *p)
{
    const char *c = strchr(p, ',');
    if (c == NULL)
        return NULL;
    c++;
    while (*c == ' ')
        c++;
    return *c == '"' ? c : NULL;
}

/* The number of strings in path without an entry. */
static int scan_file(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char text[4096];
    size_t line = 0;
    int missing = 0;
    while (fgets(text, sizeof text, f) != NULL) {
        line++;
        if (strstr(text, "#define WOLD__N") != NULL)
            continue;
        for (const char *p = text; (p = strstr(p, "wold__tr(")) != NULL; p++) {
            const char *q = call_literal(p);
            if (q != NULL)
                missing += check_literal(path, line, q);
        }
        for (const char *p = text; (p = strstr(p, "WOLD__N(\"")) != NULL; p++)
            missing += check_literal(path, line, p + strlen("WOLD__N("));
    }
    fclose(f);
    return missing;
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_sorted),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_every_string_has_chinese),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
