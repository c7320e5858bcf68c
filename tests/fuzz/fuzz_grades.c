/*
 * fuzz_grades.c - libFuzzer target of the grading-table reader (--grades
 * FILE): the input is the file's text, parsed from memory by
 * wold_grades_parse.
 *
 * Beyond crashes and sanitizer reports it checks what a parse promises:
 * at least one class, highest first, each [lower, upper) with finite
 * bounds and lower < upper, each starting where the one below it ends;
 * labels non-empty valid UTF-8; stars -1 or 0-5; and wold_grades_find
 * gives each class for its lower bound and its midpoint, the top class
 * for the top bound, and nothing outside the table.  A failure is a
 * well-formed error (check.h).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

#define FILENAME "fuzz.csv"

static void check_label(const char *s, size_t k, const char *what)
{
    FUZZ_CHECK(s != NULL && s[0] != '\0', "class %zu: no %s", k, what);
    FUZZ_CHECK(fuzz_utf8_valid(s, strlen(s)), "class %zu: %s not UTF-8", k,
               what);
}

static void check_table(const wold_grades *g)
{
    size_t n = wold_grades_n(g);
    FUZZ_CHECK(n >= 1, "no class");
    FUZZ_CHECK(wold_grades_class(g, n) == NULL, "a class past the end");
    for (size_t k = 0; k < n; k++) {
        const wold_grade *c = wold_grades_class(g, k);
        FUZZ_CHECK(isfinite(c->lower) && isfinite(c->upper) &&
                       c->lower < c->upper,
                   "class %zu: [%g, %g)", k, c->lower, c->upper);
        FUZZ_CHECK(k == 0 || wold_grades_class(g, k - 1)->lower == c->upper,
                   "class %zu does not end where class %zu starts", k, k - 1);
        FUZZ_CHECK(c->stars >= -1 && c->stars <= 5, "stars %d", c->stars);
        check_label(c->label_en, k, "label_en");
        check_label(c->label_zh, k, "label_zh");
        FUZZ_CHECK(wold_grades_find(g, c->lower) == c, "class %zu: lower",
                   k);
        double mid = c->lower + (c->upper - c->lower) / 2;
        if (mid > c->lower && mid < c->upper)
            FUZZ_CHECK(wold_grades_find(g, mid) == c, "class %zu: middle", k);
        FUZZ_CHECK(strcmp(wold_grade_label(c, WOLD_LANG_EN), c->label_en) == 0,
                   "English label");
    }
    const wold_grade *top = wold_grades_class(g, 0);
    const wold_grade *bottom = wold_grades_class(g, n - 1);
    FUZZ_CHECK(wold_grades_find(g, top->upper) == top, "the top bound");
    FUZZ_CHECK(wold_grades_find(g, nextafter(top->upper, INFINITY)) == NULL,
               "above the table");
    FUZZ_CHECK(wold_grades_find(g, nextafter(bottom->lower, -INFINITY)) ==
                   NULL,
               "below the table");
    FUZZ_CHECK(wold_grades_find(g, NAN) == NULL, "NaN graded");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    wold_grades *g = NULL;
    wold_error err;
    wold_error_clear(&err);
    wold_status st = wold_grades_parse(&g, text, size, FILENAME, &err);
    if (st != WOLD_OK) {
        FUZZ_CHECK(g == NULL, "a failed parse returned a table");
        static const char *const files[] = {FILENAME, NULL};
        fuzz_check_error(st, &err, files, fuzz_count_lines(text, size));
        return 0;
    }
    FUZZ_CHECK(g != NULL, "parse returned OK and no table");
    check_table(g);
    wold_grades_free(g);
    return 0;
}
