/*
 * grades.c - grading tables: the built-in satisfaction grades and
 * purchase-intention classes, and tables read from a small CSV file
 * (--grades FILE; docs/csi.md, "Grades"), checked to tile their range
 * without gaps or overlaps.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <wold/wold.h>

#include "util/util.h"

struct wold_grades {
    size_t n;
    const wold_grade *c;  /* n classes, highest first */
    wold_grade *own;      /* c when read from a file, else NULL */
    char *text;           /* the labels of a read table */
};

/* The seed documents' tables (docs/csi.md, "Grades"). */
static const wold_grade satisfaction[] = {
    {90, 100, "very satisfied", "很满意", 5},
    {80, 90, "satisfied", "满意", 4},
    {70, 80, "fairly satisfied", "较满意", 3},
    {60, 70, "neutral", "一般", 2},
    {50, 60, "dissatisfied", "不满意", 1},
    {0, 50, "very dissatisfied", "很不满意", 0}};
static const wold_grade purchase[] = {
    {90, 100, "A", "A", -1},
    {70, 90, "B", "B", -1},
    {60, 70, "C", "C", -1},
    {0, 60, "D", "D", -1}};
static const wold_grades builtin[] = {
    {sizeof satisfaction / sizeof satisfaction[0], satisfaction, NULL, NULL},
    {sizeof purchase / sizeof purchase[0], purchase, NULL, NULL}};

const wold_grades *wold_grades_builtin(wold_grades_kind kind)
{
    return (int)kind >= 0 && kind <= WOLD_GRADES_PURCHASE ? &builtin[kind]
                                                          : NULL;
}

void wold_grades_free(wold_grades *g)
{
    if (g == NULL || g->own == NULL)
        return;
    free(g->own);
    free(g->text);
    free(g);
}

size_t wold_grades_n(const wold_grades *g) { return g->n; }

const wold_grade *wold_grades_class(const wold_grades *g, size_t k)
{
    return k < g->n ? &g->c[k] : NULL;
}

const wold_grade *wold_grades_find(const wold_grades *g, double value)
{
    if (isnan(value))
        return NULL;
    for (size_t k = 0; k < g->n; k++) {
        const wold_grade *c = &g->c[k];
        if (value >= c->lower && (value < c->upper ||
                                  (k == 0 && value == c->upper)))
            return c;
    }
    return NULL;
}

const char *wold_grade_label(const wold_grade *c, wold_lang lang)
{
    return lang == WOLD_LANG_ZH && c->label_zh != NULL ? c->label_zh
                                                       : c->label_en;
}
