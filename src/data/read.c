/*
 * read.c - wold_data_read_csv and wold_data_parse_csv: the file or text,
 * its header, the columns a model asks for, the conversion, and the
 * messages for whatever is wrong.  Both read through parse_into.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "util/util.h"

/* How much of an offending cell a message quotes. */
#define SHOWN_TEXT 60

/* How much of a column name a message quotes. */
#define SHOWN_NAME 80

/* The file name in messages: "<stdin>" for "-". */
static const char *display_name(const char *path)
{
    return wold__display_path(path);
}

/* 1 when text would be a number with '.' for ','. */
static int decimal_comma(const char *text, size_t len)
{
    char tmp[64];
    if (len >= sizeof tmp || memchr(text, ',', len) == NULL)
        return 0;
    for (size_t i = 0; i < len; i++)
        tmp[i] = text[i] == ',' ? '.' : text[i];
    double v;
    return wold__number_parse(tmp, len, &v) == WOLD__NUM_OK;
}

/* A separator other than sep that occurs in text, or 0. */
static char other_separator(const char *text, size_t len, char sep)
{
    static const char seps[] = {',', ';', '\t'};
    for (size_t i = 0; i < sizeof seps; i++)
        if (seps[i] != sep && memchr(text, seps[i], len) != NULL)
            return seps[i];
    return 0;
}

static const char *separator_name(char sep)
{
    return sep == ',' ? "','" : sep == ';' ? "';'" : "tab";
}

#define NUL_HINT " (NUL byte in the cell; is this a binary or UTF-16 file?)"

/*
 * A hint for a cell that is a number once full-width digits and signs
 * (an input method in full-width mode) are ASCII and Unicode spaces are
 * dropped; 0 when it is not one.
 */
static int unicode_hint(char *buf, size_t size, const char *text,
                        size_t len)
{
    char ascii[64];
    int fullwidth;
    const char *space;
    size_t n = wold__unicode_to_ascii(text, len, ascii, sizeof ascii,
                                      &fullwidth, &space);
    double v;
    if (n == (size_t)-1 || (!fullwidth && space == NULL) ||
        wold__number_parse(ascii, n, &v) != WOLD__NUM_OK)
        return 0;
    if (fullwidth)
        snprintf(buf, size, " (full-width characters%s%s: write \"%s\" in "
                 "ASCII)",
                 space != NULL ? " and " : "", space != NULL ? space : "",
                 ascii);
    else
        snprintf(buf, size, " (%s in the cell: only ASCII spaces and tabs "
                 "may surround a number)",
                 space);
    return 1;
}

/* A hint for a cell that is not a number, or "". */
static void number_hint(char *buf, size_t size, const char *text, size_t len,
                        char sep, int detected)
{
    char other = other_separator(text, len, sep);
    buf[0] = '\0';
    if (memchr(text, '\0', len) != NULL)
        snprintf(buf, size, NUL_HINT);
    else if (decimal_comma(text, len))
        snprintf(buf, size, " (the decimal mark must be '.')");
    else if (other != 0)
        snprintf(buf, size, " (the separator is %s%s; is it %s?)",
                 separator_name(sep),
                 detected ? ", detected from the header" : "",
                 separator_name(other));
    else
        unicode_hint(buf, size, text, len);
}

wold_status wold__csv_raise_fault(const wold__csv_fault *ft, const char *buf,
                                  const char *end, const char *range_start,
                                  const wold__csv_header *h,
                                  const wold__csv_layout *lay, int detected,
                                  const char *file, wold_error *err)
{
    char col[4 * SHOWN_NAME + 40], msg[1024], hint[200];
    char text[4 * SHOWN_TEXT + 4] = "";
    wold__csv_column_label(col, sizeof col, h, ft->field);
    if (ft->text != NULL)
        wold__csv_excerpt(text, sizeof text, ft->text, ft->text_len,
                          SHOWN_TEXT);
    switch (ft->kind) {
    case WOLD__FAULT_NUMBER:
        number_hint(hint, sizeof hint, ft->text, ft->text_len, lay->sep,
                    detected);
        wold__format_text(msg, sizeof msg,
                          "%s: expected a number, found \"%s\"%s", col, text,
                          hint);
        break;
    case WOLD__FAULT_RANGE:
        wold__format_text(
            msg, sizeof msg,
            "%s: expected a finite number, found \"%s\", which is "
            "too large for a double",
            col, text);
        break;
    case WOLD__FAULT_TINY:
        wold__format_text(
            msg, sizeof msg,
            "%s: found \"%s\", which is too small for a double (it "
            "would read as 0); write 0 if 0 is meant",
            col, text);
        break;
    case WOLD__FAULT_MANY:
        wold__format_text(msg, sizeof msg,
                          "row has %zu fields, expected %zu as in the header",
                          ft->found, h->n);
        break;
    case WOLD__FAULT_FEW:
        wold__format_text(
            msg, sizeof msg,
            "row has %zu field%s, expected %zu as in the header (%s is "
            "missing)",
            ft->found, ft->found == 1 ? "" : "s", h->n, col);
        break;
    case WOLD__FAULT_QUOTE:
        wold__format_text(
            msg, sizeof msg,
            "%s: unterminated quoted field: no closing '\"' before the "
            "end of the file",
            col);
        break;
    case WOLD__FAULT_AFTER_QUOTE:
        wold__format_text(
            msg, sizeof msg,
            "%s: expected a separator or the end of the line after the "
            "closing quote, found '%s'%s",
            col, text, *ft->text == '\0' ? NUL_HINT : "");
        break;
    case WOLD__FAULT_NONE:
        break;
    }
    long line = (long)(wold__csv_line_number(buf, range_start) + ft->line);
    size_t len = wold__csv_line_length(ft->line_start, end);
    /* The caret goes under the offending text (its NUL byte, if any: the
     * line shown ends there), or past the end of the line when a field is
     * missing. */
    const char *at = ft->line_start + len;
    if (ft->text != NULL) {
        const char *nul = ft->kind == WOLD__FAULT_QUOTE
                              ? NULL /* its text runs to the end */
                              : memchr(ft->text, '\0', ft->text_len);
        at = nul != NULL ? nul : ft->text;
    }
    return wold__csv_raise_at(err, file, line, ft->field, ft->line_start,
                              len, at, msg);
}

static wold_status missing_indicator(const wold_model *model, size_t mv,
                                     const wold__csv_header *h,
                                     const char *file, wold_error *err)
{
    const char *name = wold_model_mv_name(model, mv);
    char msg[900], what[400];
    wold__format_text(what, sizeof what, "indicator '%s'", name);
    if (wold__csv_lookalike(what, name, "the model", h, file, msg,
                            sizeof msg))
        return wold_model_error_at_mv(model, mv, err, msg);
    int k = wold__format_text(msg, sizeof msg, "%s is not a column of %s",
                              what, file);
    size_t j = wold__csv_closest_header(h, name);
    char near[4 * SHOWN_NAME + 4];
    if (j != (size_t)-1 && k > 0 && (size_t)k < sizeof msg) {
        wold__csv_excerpt(near, sizeof near, h->names[j],
                          strlen(h->names[j]), SHOWN_NAME);
        snprintf(msg + k, sizeof msg - (size_t)k, "; did you mean '%s'?",
                 near);
    }
    return wold_model_error_at_mv(model, mv, err, msg);
}

/* Fills dest (per field: output column or -1) and the output names.
 * Without a model the output columns are the header's, less the weight
 * and label columns (x). */
wold_status wold__csv_bind_columns(const wold__csv_header *h,
                                   const wold_model *model,
                                   const wold__csv_extra *x, int32_t *dest,
                                   char **names, size_t p, const char *file,
                                   wold_error *err)
{
    size_t out = 0;
    for (size_t j = 0; j < h->n; j++)
        dest[j] = model == NULL && !wold__csv_is_extra(x, j) ? (int32_t)out++
                                                            : -1;
    for (size_t i = 0, j = 0; i < p; i++, j++) {
        if (model != NULL) {
            j = wold__csv_header_find(h, wold_model_mv_name(model, i));
            if (j == (size_t)-1)
                return missing_indicator(model, i, h, file, err);
            /* A higher-order block's repeat is filled from its original
             * after the conversion (fill_repeats). */
            int repeat = wold_model_mv_repeat_of(model, i) != i;
            if (!repeat && dest[j] >= 0) {
                char msg[600];
                wold__format_text(msg, sizeof msg,
                                  "indicator '%s' is listed twice in the model",
                                  h->names[j]);
                return wold_model_error_at_mv(model, i, err, msg);
            }
            if (!repeat)
                dest[j] = (int32_t)i;
        } else
            while (dest[j] < 0)
                j++;
        names[i] = wold__strdup(h->names[j]);
        if (names[i] == NULL)
            return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                             file);
    }
    return WOLD_OK;
}

/* Header columns that are neither weights nor labels. */
static size_t plain_columns(const wold__csv_header *h,
                            const wold__csv_extra *x)
{
    size_t p = 0;
    for (size_t j = 0; j < h->n; j++)
        p += !wold__csv_is_extra(x, j);
    return p;
}

/* The repeated indicators of higher-order blocks: their originals' cells. */
void wold__csv_fill_repeats(wold_data *d, const wold_model *model)
{
    if (model == NULL || wold_model_max_order(model) == 1)
        return;
    for (size_t i = 0; i < d->p; i++) {
        size_t o = wold_model_mv_repeat_of(model, i);
        for (size_t r = 0; o != i && r < d->n; r++)
            d->x[r * d->p + i] = d->x[r * d->p + o];
    }
}

/* fn and what name the entry point and its input in a usage error. */
static wold_status check_args(wold_data **out, const void *input,
                              const wold_csv_options *opt, char *sep,
                              const char *fn, const char *what,
                              wold_error *err)
{
    if (out == NULL || input == NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE, "%s: out and %s are required", fn,
                         what);
    *out = NULL;
    *sep = opt != NULL ? opt->separator : 0;
    if (*sep != 0 && *sep != ',' && *sep != ';' && *sep != '\t')
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "invalid CSV separator '%c': expected ',', ';' or "
                         "a tab",
                         *sep);
    return WOLD_OK;
}

/* Everything that lives while one text is read. */
typedef struct reading {
    wold__source src; /* the file's bytes (wold_data_read_csv only) */
    wold__csv_header h;
    int32_t *dest;
    wold__csv_extra extra;
    wold_data *d;
} reading;

static void reading_end(reading *r)
{
    wold__source_close(&r->src);
    wold__csv_header_free(&r->h);
    free(r->dest);
    free(r->extra.label_fields);
    wold_data_free(r->d);
}

/* Reads the len bytes at buf; file names them in messages and is the
 * data's wold_data_source ("<stdin>" for standard input). */
static wold_status parse_into(reading *r, const char *buf, size_t len,
                              const char *file, const wold_model *model,
                              const wold_csv_options *opt, wold_error *err)
{
    char sep = opt != NULL ? opt->separator : 0;
    const char *end = buf + len, *start = buf;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        start += 3; /* UTF-8 byte order mark */
    int detected = sep == 0;
    if (detected)
        sep = wold__csv_detect_separator(start, end);
    WOLD_TRY(wold__csv_read_header(&r->h, buf, start, end, sep, file, err));
    if (!detected)
        WOLD_TRY(wold__csv_check_separator(&r->h, buf, start, end, sep, file,
                                           err));
    WOLD_TRY(wold__csv_find_extra(&r->extra, &r->h, opt, buf, end, file,
                                  err));

    r->d = calloc(1, sizeof *r->d);
    r->dest = malloc((r->h.n ? r->h.n : 1) * sizeof *r->dest);
    if (r->d == NULL || r->dest == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s", file);
    wold_data *d = r->d;
    d->p = model != NULL ? wold_model_n_mv(model)
                         : plain_columns(&r->h, &r->extra);
    d->source = wold__strdup(file);
    d->names = calloc(d->p ? d->p : 1, sizeof *d->names);
    if (d->source == NULL || d->names == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s", file);
    WOLD_TRY(wold__csv_bind_columns(&r->h, model, &r->extra, r->dest, d->names, d->p,
                          file, err));

    wold__csv_layout lay = {sep, r->h.n, r->dest, d->p, 0};
    wold__csv_fault fault;
    const char *fault_start = NULL;
    if (wold__csv_convert(&lay, r->h.data, end, opt != NULL ? opt->threads : 0,
                          &d->x, &d->n,
                          &d->n_missing_cells, &d->n_incomplete_rows, &fault,
                          &fault_start) != WOLD_OK)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s", file);
    if (fault.kind != WOLD__FAULT_NONE)
        return wold__csv_raise_fault(&fault, buf, end, fault_start, &r->h, &lay,
                           detected, file, err);
    if (model != NULL)
        WOLD_TRY(wold__csv_check_scales(d, model, &r->h, r->dest, buf, end,
                                        sep, file, err));
    wold__csv_fill_repeats(d, model);
    return wold__csv_read_extra(d, &r->extra, &r->h, buf, end, sep, file,
                                err);
}

static wold_status read_into(reading *r, const char *path,
                             const wold_model *model,
                             const wold_csv_options *opt, wold_error *err)
{
    WOLD_TRY(wold__source_open(&r->src, path, err));
    return parse_into(r, r->src.buf, r->src.len, display_name(path), model,
                      opt, err);
}

/* Hands the data read over to *out, frees the rest. */
static wold_status finish(reading *r, wold_status st, wold_data **out)
{
    if (st == WOLD_OK) {
        *out = r->d;
        r->d = NULL;
    }
    reading_end(r);
    return st;
}

wold_status wold_data_read_csv(wold_data **out, const char *path,
                               const wold_model *model,
                               const wold_csv_options *opt, wold_error *err)
{
    char sep = 0;
    WOLD_TRY(check_args(out, path, opt, &sep, "wold_data_read_csv", "path",
                        err));
    reading r;
    memset(&r, 0, sizeof r);
    return finish(&r, read_into(&r, path, model, opt, err), out);
}

wold_status wold_data_parse_csv(wold_data **out, const char *text,
                                size_t len, const char *filename,
                                const wold_model *model,
                                const wold_csv_options *opt, wold_error *err)
{
    char sep = 0;
    const char *input = text != NULL || len == 0 ? "" : NULL; /* NULL, 0 ok */
    WOLD_TRY(check_args(out, input, opt, &sep, "wold_data_parse_csv", "text",
                        err));
    if (filename == NULL)
        filename = "<data>";
    reading r;
    memset(&r, 0, sizeof r);
    return finish(&r,
                  parse_into(&r, len > 0 ? text : "", len,
                             display_name(filename), model, opt, err),
                  out);
}
