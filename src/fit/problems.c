/*
 * problems.c - lists of problems: the errors and warnings of a fit, and
 * what wold_fit_check finds before one.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit/fit.h"
#include "util/util.h"

wold_status wold__fit_raise(const wold_model *md, wold__loc loc,
                            wold_status status, wold_error *err,
                            const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    wold__vformat_text(msg, sizeof msg, fmt, ap);
    va_end(ap);
    wold__model_raise(md, loc, err, "%s", msg);
    if (err != NULL)
        err->status = status;
    return status;
}

int wold__problems_add(wold_problems *list, size_t lv, size_t mv,
                       double value, const wold_error *e)
{
    if (list->n == list->cap && list->fixed) {
        list->dropped++;
        return 0;
    }
    if (list->n == list->cap) {
        size_t cap = list->cap ? 2 * list->cap : 4;
        wold_problem *v = realloc(list->v, cap * sizeof *v);
        if (v == NULL)
            return -1;
        list->v = v;
        list->cap = cap;
    }
    wold_problem *pr = &list->v[list->n++];
    pr->status = e->status;
    pr->lv = lv;
    pr->mv = mv;
    pr->value = value;
    pr->error = *e;
    return 0;
}

const wold_problem *wold__problems_first_error(const wold_problems *list)
{
    for (size_t k = 0; k < list->n; k++)
        if (list->v[k].status != WOLD_OK)
            return &list->v[k];
    return NULL;
}

void wold__problems_clear(wold_problems *list)
{
    free(list->v);
    memset(list, 0, sizeof *list);
}

size_t wold_problems_count(const wold_problems *list)
{
    return list != NULL ? list->n : 0;
}

const wold_problem *wold_problems_get(const wold_problems *list, size_t k)
{
    return list != NULL && k < list->n ? &list->v[k] : NULL;
}

void wold_problems_free(wold_problems *list)
{
    if (list == NULL)
        return;
    wold__problems_clear(list);
    free(list);
}

size_t wold_problem_format(const wold_problem *pr, char *buf, size_t size)
{
    return wold__error_format_kind(&pr->error,
                                   pr->status == WOLD_OK ? "warning" : "error",
                                   buf, size);
}

size_t wold_fit_n_warnings(const wold_fit *fit) { return fit->warnings.n; }

const wold_problem *wold_fit_warning(const wold_fit *fit, size_t k)
{
    return wold_problems_get(&fit->warnings, k);
}
