/*
 * tables.h - a JSON report as a list of typed tables (tables.c), the
 * common source of the long CSV and the Excel workbook (docs/tables.md).
 */
#ifndef WOLD_TABLES_H
#define WOLD_TABLES_H

#include <stddef.h>

#include <wold/wold.h>

typedef enum wold__cell_kind {
    WOLD__CELL_EMPTY = 0, /* JSON null or absent in a column that is not
                             numeric */
    WOLD__CELL_NUM,       /* num; NaN for a null in a numeric column */
    WOLD__CELL_STR,
    WOLD__CELL_BOOL
} wold__cell_kind;

typedef struct wold__cell {
    wold__cell_kind kind;
    int integer;    /* a JSON integer (written with the "0" format) */
    double num;     /* NUM; BOOL: 0 or 1 */
    char *str;      /* STR, owned */
} wold__cell;

typedef struct wold__tab {
    char *name;     /* dotted: "bootstrap.statistics" */
    size_t ncol, nrow;
    char **cols;    /* ncol column names, dotted: "percentile.low" */
    unsigned char *numeric; /* per column: every defined cell a number */
    wold__cell *cells;      /* nrow * ncol, row by row */
    size_t cap;             /* cells allocated, in rows */
} wold__tab;

typedef struct wold__tables {
    wold__tab *t;
    size_t n, cap;
} wold__tables;

/*
 * The tables of the JSON report json (the text of any wold_report_* in
 * WOLD_FORMAT_JSON), in the order of docs/tables.md: "summary" first,
 * then the others as their members come.  Errors: WOLD_EUSAGE (not JSON,
 * or not a wold report: no "wold_version"), WOLD_ENOMEM.  On failure *out
 * is empty.  Free with wold__tables_free.
 */
wold_status wold__tables_build(wold__tables *out, const char *json,
                               wold_error *err);
void wold__tables_free(wold__tables *ts);

/* The cell at row r, column c. */
const wold__cell *wold__tab_cell(const wold__tab *t, size_t r, size_t c);

#endif
