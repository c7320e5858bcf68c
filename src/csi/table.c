/*
 * table.c - the two small input files of the national index: revenue
 * (first column the company, column "revenue") and sector weights
 * (columns "sector" and "weight"), read once and checked up front, every
 * mistake an input error at its file:line:col (docs/csi.md, "The batch
 * national index").
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csi/nation.h"
#include "data/data.h"
#include "util/util.h"

/* Sector weights may be published shares that do not add up to 1 after
 * rounding (0.333 three times); beyond this they are a mistake. */
#define SUM_TOLERANCE 1e-3

void wold_nation_table_free(wold_nation_table *t)
{
    if (t == NULL)
        return;
    for (size_t k = 0; k < t->n; k++)
        free(t->rows[k].name);
    free(t->rows);
    free(t->text);
    free(t->file);
    free(t);
}

size_t wold_nation_table_n(const wold_nation_table *t)
{
    return t->n;
}

const char *wold_nation_table_name(const wold_nation_table *t, size_t k)
{
    return k < t->n ? t->rows[k].name : NULL;
}

double wold_nation_table_value(const wold_nation_table *t, size_t k)
{
    return k < t->n ? t->rows[k].value : NAN;
}

wold_nation_table_kind wold_nation_table_kind_of(const wold_nation_table *t)
{
    return t->kind;
}

/* The physical line `line` (1-based) of t's text, for the message. */
static const char *line_text(const char *text, size_t len, long line,
                             size_t *out_len)
{
    const char *p = text, *end = text + len;
    for (long l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl != NULL ? nl + 1 : end;
    }
    const char *e = memchr(p, '\n', (size_t)(end - p));
    e = e != NULL ? e : end;
    if (e > p && e[-1] == '\r')
        e--;
    *out_len = (size_t)(e - p);
    return p;
}

/* The character column where field col (1-based) of the line starts, or
 * -1 (no caret) when the line has fewer fields. */
static long field_column(const char *p, size_t len, char sep, long col)
{
    size_t i = 0;
    int quoted = 0;
    for (long f = 1; f < col; i++) {
        if (i >= len)
            return -1;
        if (p[i] == '"')
            quoted = !quoted;
        else if (p[i] == sep && !quoted)
            f++;
    }
    return (long)wold__utf8_len(p, i) + 1;
}

static wold_status raise_at(const wold_nation_table *t, long line, long col,
                            wold_error *err, const char *fmt, va_list ap)
{
    char msg[sizeof err->message];
    wold__vformat_text(msg, sizeof msg, fmt, ap);
    size_t sl = 0;
    const char *src = line > 0 ? line_text(t->text, t->len, line, &sl) : NULL;
    wold_status st = wold__raise(err, WOLD_EINPUT, t->file, line, col, src,
                                 sl, "%s", msg);
    /* col is a field number: the caret needs the character column, and
     * none when the line shown was cut before it. */
    if (err != NULL && src != NULL && col > 0) {
        long c = field_column(src, sl, t->sep ? t->sep : ',', col);
        long shown = (long)wold__utf8_len(err->source_line,
                                          strlen(err->source_line));
        err->caret_col = c > 0 && c <= shown + 1 ? c : -1;
    }
    return st;
}

wold_status wold__table_error(const wold_nation_table *t, size_t k,
                              int at_value, wold_error *err,
                              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    long col = at_value ? t->rows[k].value_col : t->rows[k].name_col;
    wold_status st = raise_at(t, t->rows[k].line, col, err, fmt, ap);
    va_end(ap);
    return st;
}

static wold_status fail_at(const wold_nation_table *t, long line, long col,
                           wold_error *err, const char *fmt, ...)
    WOLD_PRINTF(5, 6);
static wold_status fail_at(const wold_nation_table *t, long line, long col,
                           wold_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    wold_status st = raise_at(t, line, col, err, fmt, ap);
    va_end(ap);
    return st;
}

wold__table_row *wold__table_find(const wold_nation_table *t,
                                  const char *name)
{
    for (size_t k = 0; k < t->n; k++)
        if (strcmp(t->rows[k].name, name) == 0)
            return &t->rows[k];
    return NULL;
}

/* ---- the scanner: one record at a time ------------------------------ */

#define MAX_FIELDS 64

typedef struct scan {
    const char *p, *end;
    char sep;
    long line;        /* of the record being read */
} scan;

typedef struct record {
    const char *text[MAX_FIELDS];
    size_t len[MAX_FIELDS];
    size_t n;         /* fields (capped: more is an error) */
    long line;
} record;

/* Skips blank lines; 0 at the end of the text. */
static int next_record(scan *s)
{
    const char *next = NULL;
    while (s->p < s->end && wold__csv_blank_line(s->p, s->end, &next)) {
        s->p = next;
        s->line++;
    }
    return s->p < s->end;
}

static wold_status read_record(scan *s, const wold_nation_table *t,
                               record *r, wold_error *err)
{
    wold__csv_field f;
    r->n = 0;
    r->line = s->line;
    do {
        if (wold__csv_scan_field(s->p, s->end, s->sep, &f) != 0)
            return fail_at(t, r->line, (long)r->n + 1, err,
                           "a quoted field that is not closed properly");
        if (r->n == MAX_FIELDS)
            return fail_at(t, r->line, MAX_FIELDS + 1, err,
                           "more than %d columns", MAX_FIELDS);
        r->text[r->n] = f.text;
        r->len[r->n++] = f.len;
        s->line += (long)f.newlines;
        s->p = f.next;
    } while (!f.last);
    s->line++;
    return WOLD_OK;
}

/* The separator: ',' unless the header has none and has ';' or a tab. */
static char detect_sep(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = (size_t)((nl != NULL ? nl : end) - p);
    if (memchr(p, ',', n) != NULL)
        return ',';
    if (memchr(p, ';', n) != NULL)
        return ';';
    return memchr(p, '\t', n) != NULL ? '\t' : ',';
}

/* Field i of r trimmed of spaces, as a new string, or NULL. */
static char *field_copy(const record *r, size_t i)
{
    const char *s = r->text[i];
    size_t n = r->len[i];
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return wold__strndup(s, n);
}

static int field_is(const record *r, size_t i, const char *name)
{
    char buf[64];
    size_t n = r->len[i];
    const char *s = r->text[i];
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return strcmp(buf, name) == 0;
}

/* ---- the header ------------------------------------------------------ */

typedef struct layout {
    size_t name_field, value_field, n_fields;
} layout;

static wold_status header_columns(const wold_nation_table *t,
                                  const record *h, layout *lay,
                                  wold_error *err)
{
    int rev = t->kind == WOLD_NATION_REVENUE;
    const char *key = rev ? NULL : "sector";
    const char *val = rev ? "revenue" : "weight";
    size_t ki = (size_t)-1, vi = (size_t)-1;
    for (size_t i = 0; i < h->n; i++) {
        if (key != NULL && field_is(h, i, key) && ki == (size_t)-1)
            ki = i;
        if (field_is(h, i, val) && vi == (size_t)-1)
            vi = i;
    }
    if (rev)
        ki = 0;
    if (vi == (size_t)-1 || ki == (size_t)-1)
        return fail_at(t, h->line, 0, err,
                       "the header has no column '%s': a %s file needs "
                       "%s", vi == (size_t)-1 ? val : key,
                       rev ? "revenue" : "sector-weight",
                       rev ? "the companies in its first column and a column "
                             "'revenue'"
                           : "the columns 'sector' and 'weight'");
    if (ki == vi)
        return fail_at(t, h->line, 1, err,
                       "the first column must hold the companies (the "
                       "values of --group), not the revenue");
    lay->name_field = ki;
    lay->value_field = vi;
    lay->n_fields = h->n;
    return WOLD_OK;
}

/* ---- the rows -------------------------------------------------------- */

static wold_status check_value(const wold_nation_table *t, size_t k,
                               const record *r, wold_error *err)
{
    const wold__table_row *row = &t->rows[k];
    const char *what = t->kind == WOLD_NATION_REVENUE ? "revenue" : "weight";
    char *txt = field_copy(r, (size_t)row->value_col - 1);
    if (txt == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    double v = 0;
    wold__num st = wold__number_parse(txt, strlen(txt), &v);
    wold_status out = WOLD_OK;
    if (st == WOLD__NUM_NOMEM)
        out = WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    else if (st == WOLD__NUM_MISSING)
        out = wold__table_error(t, k, 1, err, "the %s of '%s' is missing",
                                what, row->name);
    else if (st != WOLD__NUM_OK)
        out = wold__table_error(t, k, 1, err, "the %s of '%s' is '%s': "
                                "expected a number", what, row->name, txt);
    else if (t->kind == WOLD_NATION_REVENUE && !(v > 0))
        out = wold__table_error(t, k, 1, err, "the revenue of '%s' is %s: "
                                "a revenue must be positive", row->name, txt);
    else if (!(v >= 0))
        out = wold__table_error(t, k, 1, err, "the weight of sector '%s' is "
                                "%s: a weight must be 0 or more", row->name,
                                txt);
    free(txt);
    t->rows[k].value = v;
    return out;
}

static wold_status add_row(wold_nation_table *t, const record *r,
                           const layout *lay, size_t *cap, wold_error *err)
{
    if (r->n != lay->n_fields)
        return fail_at(t, r->line, (long)(r->n < lay->n_fields ? r->n : lay->n_fields + 1),
                       err, "%zu field%s where the header has %zu", r->n,
                       r->n == 1 ? "" : "s", lay->n_fields);
    if (t->n == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        wold__table_row *nr = realloc(t->rows, nc * sizeof *nr);
        if (nr == NULL)
            return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
        t->rows = nr;
        *cap = nc;
    }
    wold__table_row *row = &t->rows[t->n];
    memset(row, 0, sizeof *row);
    row->name = field_copy(r, lay->name_field);
    if (row->name == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    row->line = r->line;
    row->name_col = (long)lay->name_field + 1;
    row->value_col = (long)lay->value_field + 1;
    size_t k = t->n++;
    const char *what = t->kind == WOLD_NATION_REVENUE ? "company" : "sector";
    if (row->name[0] == '\0')
        return wold__table_error(t, k, 0, err, "the %s name is empty", what);
    for (size_t j = 0; j < k; j++)
        if (strcmp(t->rows[j].name, row->name) == 0)
            return wold__table_error(t, k, 0, err, "%s '%s' appears twice "
                                     "(first on line %ld)", what, row->name,
                                     t->rows[j].line);
    return check_value(t, k, r, err);
}

/* The file must be UTF-8 text without control characters (tabs and line
 * ends aside): its names go into messages, reports and JSON as they are.
 * The error is at the byte's character column, without the line. */
static wold_status text_check(const wold_nation_table *t, wold_error *err)
{
    const char *p = t->text, *end = t->text + t->len, *line = p;
    long no = 1;
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        size_t n = wold__utf8_char_len(p, end);
        if (c == '\n') {
            line = p + 1;
            no++;
        } else if (n == 0 || (c < 0x20 && c != '\t' && c != '\r') ||
                   c == 0x7f) {
            long col = (long)wold__utf8_len(line, (size_t)(p - line)) + 1;
            return wold__raise(err, WOLD_EINPUT, t->file, no, col, NULL, 0,
                               "byte \\x%02X: a %s file is UTF-8 text "
                               "without control characters", c,
                               t->kind == WOLD_NATION_REVENUE
                                   ? "revenue"
                                   : "sector-weight");
        }
        p += n ? n : 1;
    }
    return WOLD_OK;
}

static wold_status parse_rows(wold_nation_table *t, wold_error *err)
{
    WOLD_TRY(text_check(t, err));
    scan s = {t->text, t->text + t->len, 0, 1};
    record r;
    layout lay = {0, 0, 0};
    size_t cap = 0;
    if (!next_record(&s))
        return fail_at(t, 0, 0, err, "the file is empty: expected a header "
                       "row");
    s.sep = detect_sep(s.p, s.end);
    t->sep = s.sep;
    WOLD_TRY(read_record(&s, t, &r, err));
    WOLD_TRY(header_columns(t, &r, &lay, err));
    while (next_record(&s)) {
        WOLD_TRY(read_record(&s, t, &r, err));
        WOLD_TRY(add_row(t, &r, &lay, &cap, err));
    }
    if (t->n == 0)
        return fail_at(t, r.line, 0, err, "the file has a header but no "
                       "rows");
    return WOLD_OK;
}

/* Sector weights sum to 1 within SUM_TOLERANCE, then exactly. */
static wold_status check_sum(wold_nation_table *t, wold_error *err)
{
    double sum = 0;
    for (size_t k = 0; k < t->n; k++)
        sum += t->rows[k].value;
    t->sum = sum;
    if (t->kind != WOLD_NATION_SECTOR_WEIGHTS)
        return WOLD_OK;
    if (!(fabs(sum - 1.0) <= SUM_TOLERANCE)) {
        char buf[32];
        wold__format_c(buf, sizeof buf, 6, sum);
        return fail_at(t, 0, 0, err, "the sector weights sum to %s: they "
                       "must be shares that sum to 1 (within %g)", buf,
                       SUM_TOLERANCE);
    }
    for (size_t k = 0; k < t->n; k++)
        t->rows[k].value /= sum;
    return WOLD_OK;
}

wold_status wold_nation_table_parse(wold_nation_table **out,
                                    const char *text, size_t len,
                                    const char *filename,
                                    wold_nation_table_kind kind,
                                    wold_error *err)
{
    if (out == NULL || (text == NULL && len > 0) ||
        (kind != WOLD_NATION_REVENUE && kind != WOLD_NATION_SECTOR_WEIGHTS))
        return WOLD_FAIL(err, WOLD_EUSAGE, "wold_nation_table_parse: bad "
                         "arguments");
    *out = NULL;
    wold_nation_table *t = calloc(1, sizeof *t);
    if (t == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    t->kind = kind;
    t->file = wold__strdup(filename != NULL ? wold__display_path(filename)
                                            : "<table>");
    t->text = malloc(len + 1);
    if (t->file == NULL || t->text == NULL) {
        wold_nation_table_free(t);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    }
    if (len > 0)
        memcpy(t->text, text, len);
    t->text[len] = '\0';
    t->len = len;
    wold_status st = parse_rows(t, err);
    if (st == WOLD_OK)
        st = check_sum(t, err);
    if (st != WOLD_OK) {
        wold_nation_table_free(t);
        return st;
    }
    *out = t;
    return WOLD_OK;
}

wold_status wold_nation_table_read(wold_nation_table **out, const char *path,
                                   wold_nation_table_kind kind,
                                   wold_error *err)
{
    char *text = NULL;
    size_t len = 0;
    if (out == NULL || path == NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE, "wold_nation_table_read: bad "
                         "arguments");
    *out = NULL;
    WOLD_TRY(wold__read_file(path, &text, &len, err));
    wold_status st = wold_nation_table_parse(out, text, len, path, kind, err);
    free(text);
    return st;
}
