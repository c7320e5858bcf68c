/*
 * tablecsv.c - every table of a report in one long CSV (docs/tables.md):
 * "table,row,column,value", one line per cell, RFC 4180 quoting.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "report/tables.h"
#include "util/util.h"

/* s as one CSV field: quoted when it holds a comma, a quote, a line
 * break or a leading or trailing blank, with its quotes doubled. */
static void put_field(FILE *f, const char *s)
{
    size_t n = strlen(s);
    int quote = strpbrk(s, ",\"\r\n") != NULL ||
                (n > 0 && (s[0] == ' ' || s[n - 1] == ' '));
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s != '\0'; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void put_value(FILE *f, const wold__cell *c)
{
    char num[32];
    switch (c->kind) {
    case WOLD__CELL_NUM:
        if (!isnan(c->num)) {
            wold_format_double(c->num, num);
            fputs(num, f);
        }
        break;
    case WOLD__CELL_BOOL:
        fputs(c->num != 0 ? "true" : "false", f);
        break;
    case WOLD__CELL_STR:
        put_field(f, c->str);
        break;
    default:
        break;
    }
}

static void put_table(FILE *f, const wold__tab *t)
{
    for (size_t r = 0; r < t->nrow; r++)
        for (size_t c = 0; c < t->ncol; c++) {
            put_field(f, t->name);
            fprintf(f, ",%zu,", r + 1);
            put_field(f, t->cols[c]);
            fputc(',', f);
            put_value(f, wold__tab_cell(t, r, c));
            fputc('\n', f);
        }
}

wold_status wold_tables_csv(char **out, const char *json, wold_error *err)
{
    if (out == NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE, "wold_tables_csv: out is NULL");
    *out = NULL;
    wold__tables ts;
    WOLD_TRY(wold__tables_build(&ts, json, err));
    wold__sink s;
    FILE *f = wold__sink_open(&s);
    if (f == NULL) {
        wold__tables_free(&ts);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    }
    fputs("table,row,column,value\n", f);
    for (size_t k = 0; k < ts.n; k++)
        put_table(f, &ts.t[k]);
    wold__tables_free(&ts);
    return wold__sink_finish(&s, f, WOLD_OK, out, err);
}
