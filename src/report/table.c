/*
 * table.c - a text table that sizes every column to its widest cell.
 * Cells are collected first and written at the end, because a column's
 * width is known only once its last cell is: a minus sign, a long number
 * or a short construct name must never push the next column out of line.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "util/util.h"

#define COLUMN_GAP 2

wold_status wold__table_init(wold__table *t, const char *align)
{
    memset(t, 0, sizeof *t);
    t->ncol = strlen(align);
    t->align = align;
    t->width = calloc(t->ncol, sizeof *t->width);
    if (t->width == NULL) {
        t->failed = 1;
        return WOLD_ENOMEM;
    }
    return WOLD_OK;
}

void wold__table_free(wold__table *t)
{
    free(t->text);
    free(t->off);
    free(t->width);
    free(t->is_line);
    memset(t, 0, sizeof *t);
}

/* A cell of an 'm' column ends with its mark, '*' or an unseen blank, so
 * that the numbers line up whether marked or not. */
static int unmarked(const wold__table *t, size_t col, const char *s)
{
    size_t n = strlen(s);
    return t->align[col] == 'm' && (n == 0 || s[n - 1] != '*');
}

static size_t cell_width(const wold__table *t, size_t col, const char *s)
{
    return wold__display_width(s) + (size_t)unmarked(t, col, s);
}

static void add(wold__table *t, const char *s, int measure)
{
    if (t->failed)
        return;
    size_t len = strlen(s) + 1;
    if (!wold__grow((void **)&t->text, &t->text_cap, t->text_len + len, 1) ||
        !wold__grow((void **)&t->off, &t->off_cap, t->n_cells + 1,
                    sizeof *t->off)) {
        t->failed = 1;
        return;
    }
    t->off[t->n_cells] = t->text_len;
    memcpy(t->text + t->text_len, s, len);
    t->text_len += len;
    size_t col = t->n_cells++ % t->ncol, w = cell_width(t, col, s);
    if (measure && w > t->width[col])
        t->width[col] = w;
}

void wold__table_cell(wold__table *t, const char *s) { add(t, s, 1); }

void wold__table_line(wold__table *t, const char *s)
{
    size_t row = t->n_cells / t->ncol;
    if (t->failed)
        return;
    if (!wold__grow((void **)&t->is_line, &t->line_cap, row + 1, 1)) {
        t->failed = 1;
        return;
    }
    memset(t->is_line + t->n_lines, 0, row + 1 - t->n_lines);
    t->n_lines = row + 1;
    t->is_line[row] = 1;
    add(t, s, 0);
    for (size_t c = 1; c < t->ncol; c++)
        add(t, "", 0);
}

void wold__table_num(wold__table *t, double x, int decimals)
{
    char buf[64];
    if (!isfinite(x)) {
        wold__table_cell(t, "-");
        return;
    }
    wold__format_fixed(buf, sizeof buf, decimals, x);
    wold__table_cell(t, buf);
}

void wold__table_marked(wold__table *t, double x, int decimals, int mark)
{
    char buf[64];
    if (!isfinite(x))
        snprintf(buf, sizeof buf, "-");
    else
        wold__format_fixed(buf, sizeof buf, decimals, x);
    if (isfinite(x) && mark)
        strcat(buf, "*");
    wold__table_cell(t, buf);
}

void wold__table_p(wold__table *t, double p)
{
    char buf[64];
    if (!isfinite(p))
        snprintf(buf, sizeof buf, "-");
    else if (p < 1e-4)
        wold__format_c(buf, sizeof buf, 3, p);
    else
        wold__format_fixed(buf, sizeof buf, 4, p);
    wold__table_cell(t, buf);
}

/* The last cell of row that is not empty: a row ends there, so that the
 * blank upper triangle of a matrix leaves no trailing blanks. */
static size_t row_end(const wold__table *t, size_t row)
{
    size_t last = 0;
    for (size_t c = 0; c < t->ncol; c++)
        if (t->text[t->off[row * t->ncol + c]] != '\0')
            last = c;
    return last;
}

wold_status wold__table_write(const wold__table *t, FILE *f,
                              const char *indent)
{
    if (t->failed)
        return WOLD_ENOMEM;
    size_t end = 0;
    for (size_t k = 0; k < t->n_cells; k++) {
        size_t col = k % t->ncol, row = k / t->ncol;
        const char *s = t->text + t->off[k];
        if (row < t->n_lines && t->is_line[row]) {
            if (col == 0)
                fprintf(f, "%s%s\n", indent, s);
            continue;
        }
        if (col == 0)
            end = row_end(t, row);
        if (col > end)
            continue;
        size_t pad = t->width[col] - cell_width(t, col, s);
        int right = t->align[col] != 'l', last = col == end;
        if (col == 0)
            fputs(indent, f);
        else
            fprintf(f, "%*s", COLUMN_GAP, "");
        if (right)
            fprintf(f, "%*s", (int)pad, "");
        fputs(s, f);
        if (unmarked(t, col, s) && !last)
            fputc(' ', f);
        /* No trailing blanks after a left-aligned last column. */
        if (!right && !last)
            fprintf(f, "%*s", (int)pad, "");
        if (last)
            fputc('\n', f);
    }
    return WOLD_OK;
}
