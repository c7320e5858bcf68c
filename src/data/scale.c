/*
 * scale.c - data values against their indicators' declared scales
 * (wold_model_mv_scale, docs/model-syntax.md "Scales"): a value outside
 * its scale is an input error at its file:line:col.  The check reads the
 * converted matrix (cheap) and goes back to the text only to locate the
 * first offending cell.  Missing cells are never out of scale.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "util/util.h"

#define SHOWN_NAME 80
#define SHOWN_TEXT 60

/* Where a cell of the text is: its line and the field's scan. */
typedef struct cell_at {
    size_t line;
    const char *line_start;
    wold__csv_field f;
} cell_at;

/* Finds field (0-based) of data row row (blank lines skipped). */
static void locate(const wold__csv_header *h, const char *buf,
                   const char *end, char sep, size_t row, size_t field,
                   cell_at *at)
{
    const char *p = h->data, *next;
    at->line = wold__csv_line_number(buf, p);
    at->line_start = p;
    for (size_t r = 0; p < end;) {
        if (wold__csv_blank_line(p, end, &next)) {
            p = next;
        } else {
            for (size_t k = 0;; k++) {
                wold__csv_scan_field(p, end, sep, &at->f);
                if (r == row && k == field)
                    return;
                if (at->f.newlines > 0) {
                    at->line += at->f.newlines;
                    at->line_start = at->f.line_start;
                }
                p = at->f.next;
                if (at->f.last)
                    break;
            }
            r++;
        }
        at->line++;
        at->line_start = p;
    }
}

/* The first out-of-scale cell of row r in file order, or (size_t)-1. */
static size_t first_field(const wold_data *d, size_t r, const double *lo,
                          const double *hi, const int32_t *dest,
                          size_t n_fields)
{
    for (size_t j = 0; j < n_fields; j++) {
        int32_t c = dest[j];
        if (c < 0)
            continue;
        double v = d->x[r * d->p + (size_t)c];
        if (v < lo[c] || v > hi[c])
            return j;
    }
    return (size_t)-1;
}

void wold__scale_origin(char *buf, size_t size, const wold_model *model,
                        size_t mv)
{
    long line = wold_model_mv_scale_line(model, mv);
    if (line > 0)
        wold__format_text(buf, size, " (the scale on line %ld of %s)", line,
                          wold_model_filename(model));
    else
        wold__format_text(buf, size,
                          " (the default scale given for the model, "
                          "--scale)");
}

static wold_status raise_out_of_scale(const wold_data *d,
                                      const wold_model *model, size_t mv,
                                      double lo, double hi,
                                      const wold__csv_header *h,
                                      const char *buf, const char *end,
                                      char sep, size_t row, size_t field,
                                      const char *file, wold_error *err)
{
    cell_at at;
    locate(h, buf, end, sep, row, field, &at);
    char col[4 * SHOWN_NAME + 40], text[4 * SHOWN_TEXT + 4], a[32], b[32];
    char from[600], msg[1024];
    wold__csv_column_label(col, sizeof col, h, field + 1);
    wold__csv_excerpt(text, sizeof text, at.f.text, at.f.len, SHOWN_TEXT);
    wold__format_c(a, sizeof a, 15, lo);
    wold__format_c(b, sizeof b, 15, hi);
    wold__scale_origin(from, sizeof from, model, mv);
    wold__format_text(msg, sizeof msg,
                      "%s: %s is outside the scale %s:%s of indicator '%s'%s",
                      col, text, a, b, d->names[mv], from);
    return wold__csv_raise_at(err, file, (long)at.line, field + 1,
                              at.line_start,
                              wold__csv_line_length(at.line_start, end),
                              at.f.text, msg);
}

int wold__scale_find(const wold_data *d, const wold_model *model,
                     const int32_t *dest, size_t n_fields, size_t *row,
                     size_t *field, double *lo_out, double *hi_out)
{
    size_t p = d->p;
    double *lo = malloc((p ? p : 1) * 2 * sizeof *lo);
    if (lo == NULL)
        return -1;
    double *hi = lo + (p ? p : 1);
    int any = 0, found = 0;
    for (size_t j = 0; j < p; j++)
        lo[j] = NAN; /* not bound to a field (a higher-order repeat) */
    for (size_t f = 0; f < n_fields; f++)
        if (dest[f] >= 0)
            lo[dest[f]] = -INFINITY;
    for (size_t j = 0; j < p; j++) {
        /* A repeat holds its original's cells, checked there. */
        int bound = lo[j] == -INFINITY;
        lo[j] = -INFINITY, hi[j] = INFINITY;
        if (bound)
            any |= wold_model_mv_scale(model, j, &lo[j], &hi[j]);
    }
    for (size_t r = 0; any && r < d->n && !found; r++) {
        const double *x = d->x + r * p;
        int bad = 0;
        for (size_t j = 0; j < p; j++)
            bad |= x[j] < lo[j] || x[j] > hi[j]; /* NaN: never */
        if (!bad)
            continue;
        size_t f = first_field(d, r, lo, hi, dest, n_fields);
        size_t mv = (size_t)dest[f];
        *row = r, *field = f, *lo_out = lo[mv], *hi_out = hi[mv];
        found = 1;
    }
    free(lo);
    return found;
}

wold_status wold__csv_check_scales(const wold_data *d,
                                   const wold_model *model,
                                   const wold__csv_header *h,
                                   const int32_t *dest, const char *buf,
                                   const char *end, char sep,
                                   const char *file, wold_error *err)
{
    size_t row, field;
    double lo, hi;
    int found = wold__scale_find(d, model, dest, h->n, &row, &field, &lo, &hi);
    if (found < 0)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s", file);
    if (found == 0)
        return WOLD_OK;
    return raise_out_of_scale(d, model, (size_t)dest[field], lo, hi, h, buf,
                              end, sep, row, field, file, err);
}
