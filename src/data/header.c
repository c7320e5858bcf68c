/*
 * header.c - the header row: separator detection, column names, and the
 * checks that make names usable as keys (none empty, none twice).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "util/util.h"

/* How much of a column name a message quotes. */
#define SHOWN_NAME 80

/*
 * Where the quoted field opened at q (a '"') ends: at its closing quote,
 * or at end.  Inside, "" is an escaped quote.
 */
static const char *closing_quote(const char *q, const char *end)
{
    for (q++; q < end; q++) {
        if (*q != '"')
            continue;
        if (q + 1 < end && q[1] == '"')
            q++;
        else
            return q;
    }
    return end;
}

static const char separators[3] = {',', ';', '\t'};

/*
 * Counts ',' ';' and tab outside quotes on the header line (the first
 * line with something on it) at p, and where each first occurs.
 */
static void count_separators(const char *p, const char *end, size_t count[3],
                             const char *first[3])
{
    int field_start = 1;
    const char *next;
    for (int k = 0; k < 3; k++)
        count[k] = 0, first[k] = NULL;
    while (wold__csv_blank_line(p, end, &next))
        p = next;
    for (; p < end && *p != '\n'; p++) {
        /* As the scanner does: a quote opens a quoted field only where a
         * field starts; elsewhere it is an ordinary character. */
        if (*p == '"' && field_start) {
            p = closing_quote(p, end);
            if (p == end)
                break;
        }
        int k = *p == ',' ? 0 : *p == ';' ? 1 : *p == '\t' ? 2 : -1;
        if (k >= 0 && count[k]++ == 0)
            first[k] = p;
        field_start = k >= 0;
    }
}

char wold__csv_detect_separator(const char *p, const char *end)
{
    size_t count[3];
    const char *first[3];
    count_separators(p, end, count, first);
    if (count[1] > count[0] && count[1] >= count[2])
        return ';';
    if (count[2] > count[0] && count[2] > count[1])
        return '\t';
    return ',';
}

static const char *separator_name(char sep)
{
    return sep == ',' ? "','" : sep == ';' ? "';'" : "tab";
}

/* A name without its quotes ("" -> ") or surrounding spaces. */
static char *field_name(const wold__csv_field *f)
{
    const char *s = f->text;
    size_t len = f->len;
    if (!f->quoted) {
        while (len > 0 && (*s == ' ' || *s == '\t'))
            s++, len--;
        while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
    }
    char *name = malloc(len + 1);
    if (name == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        name[k++] = s[i];
        if (f->quoted && s[i] == '"')
            i++; /* the second quote of a doubled pair */
    }
    name[k] = '\0';
    return name;
}

static int by_name(const void *a, const void *b)
{
    const wold__named *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c != 0)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * Raises an input error on the line at line_start, field col, with the
 * caret under at (NULL: no caret, for problems of a whole name or line).
 */
static wold_status raise_at(wold_error *err, const char *file,
                            const char *buf, const char *line_start,
                            const char *end, size_t col, const char *at,
                            const char *fmt, ...) WOLD_PRINTF(8, 9);

static wold_status raise_at(wold_error *err, const char *file,
                            const char *buf, const char *line_start,
                            const char *end, size_t col, const char *at,
                            const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    wold__vformat_text(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return wold__csv_raise_at(err, file,
                              (long)wold__csv_line_number(buf, line_start),
                              col, line_start,
                              wold__csv_line_length(line_start, end), at,
                              msg);
}

/* Sorts the names into h->sorted and reports the first repeated one. */
static wold_status check_duplicates(wold__csv_header *h, const char *buf,
                                    const char *line_start, const char *end,
                                    const char *file, wold_error *err)
{
    wold__named *s = malloc((h->n ? h->n : 1) * sizeof *s);
    if (s == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s", file);
    for (size_t j = 0; j < h->n; j++) {
        s[j].name = h->names[j];
        s[j].index = j;
    }
    qsort(s, h->n, sizeof *s, by_name);
    h->sorted = s;
    /* Within a run of equal names the second is a repeat; the earliest
     * repeat in the file is the one to report. */
    size_t dup = (size_t)-1, first = 0;
    for (size_t j = 1; j < h->n; j++) {
        int run_start = j < 2 || strcmp(s[j - 1].name, s[j - 2].name) != 0;
        if (run_start && strcmp(s[j].name, s[j - 1].name) == 0 &&
            s[j].index < dup) {
            dup = s[j].index;
            first = s[j - 1].index;
        }
    }
    if (dup == (size_t)-1)
        return WOLD_OK;
    char name[4 * SHOWN_NAME + 4];
    wold__csv_excerpt(name, sizeof name, h->names[dup],
                      strlen(h->names[dup]), SHOWN_NAME);
    return raise_at(err, file, buf, line_start, end, dup + 1, NULL,
                    "duplicate column name '%s': column %zu has the same "
                    "name as column %zu",
                    name, dup + 1, first + 1);
}

int wold__csv_header_sort(wold__csv_header *h)
{
    wold__named *s = malloc((h->n ? h->n : 1) * sizeof *s);
    if (s == NULL)
        return 0;
    for (size_t j = 0; j < h->n; j++) {
        s[j].name = h->names[j];
        s[j].index = j;
    }
    qsort(s, h->n, sizeof *s, by_name);
    free(h->sorted);
    h->sorted = s;
    return 1;
}

static wold_status add_name(wold__csv_header *h, size_t *cap, char *name)
{
    if (name == NULL)
        return WOLD_ENOMEM;
    if (h->n == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        char **names = realloc(h->names, c * sizeof *names);
        if (names == NULL) {
            free(name);
            return WOLD_ENOMEM;
        }
        h->names = names;
        *cap = c;
    }
    h->names[h->n++] = name;
    return WOLD_OK;
}

/* The first line that is not blank, or end. */
static const char *skip_blank_lines(const char *p, const char *end)
{
    const char *next;
    while (wold__csv_blank_line(p, end, &next))
        p = next;
    return p;
}

/* Text after the closing quote of the name in f. */
static wold_status after_quote(const wold__csv_header *h, const char *buf,
                               const wold__csv_field *f,
                               const char *line_start, const char *end,
                               const char *file, wold_error *err)
{
    char text[16];
    wold__csv_excerpt(text, sizeof text, f->text, f->len, f->len);
    /* The stray text stands on the name's last line. */
    return raise_at(err, file, buf,
                    f->newlines > 0 ? f->line_start : line_start, end,
                    h->n + 1, f->text,
                    "column %zu: expected a separator or the end of the "
                    "line after the closing quote, found '%s'",
                    h->n + 1, text);
}

/*
 * A '\r' in the header record that does not end a CRLF line, outside
 * quotes: the scanner reads the whole file as one header line then, so
 * the problem has to be named here.  NULL when there is none.
 */
static const char *bare_cr(const wold__csv_field *f, wold__fault_kind k)
{
    if (k == WOLD__FAULT_AFTER_QUOTE)
        return *f->text == '\r' ? f->text : NULL;
    if (k != WOLD__FAULT_NONE || f->quoted)
        return NULL;
    return memchr(f->text, '\r', f->len); /* a CRLF's CR is not in len */
}

static wold_status bare_cr_error(const char *buf, const char *line_start,
                                 const char *cr, size_t col,
                                 const char *file, wold_error *err)
{
    /* The line up to the CR: a terminal would go back over it at a CR. */
    return wold__csv_raise_at(
        err, file, (long)wold__csv_line_number(buf, line_start), col,
        line_start, (size_t)(cr - line_start), cr,
        "lines end with a bare CR (classic Mac OS); wold reads LF or CRLF "
        "line ends: convert the file, e.g. with tr '\\r' '\\n' < in.csv "
        "> out.csv");
}

/*
 * A NUL byte in the field: no text file has one, and names compared as C
 * strings would lose what follows it.  Raised with the line it is on.
 */
static wold_status nul_check(const wold__csv_field *f, const char *buf,
                             const char *line_start, const char *end,
                             size_t col, const char *file, wold_error *err)
{
    const char *nul = memchr(f->text, '\0', f->len);
    if (nul == NULL)
        return WOLD_OK;
    const char *nl;
    while ((nl = memchr(line_start, '\n', (size_t)(nul - line_start))))
        line_start = nl + 1; /* a quoted name may span lines */
    return raise_at(err, file, buf, line_start, end, col, nul,
                    "column %zu: NUL byte in the header; is this a binary "
                    "or UTF-16 file? (wold reads UTF-8 text)",
                    col);
}

/* The first empty name (field `col`), raised once the whole row is seen. */
static wold_status empty_name(const char *buf, const char *line_start,
                              const char *end, size_t col, const char *file,
                              wold_error *err)
{
    return raise_at(err, file, buf, line_start, end, col, NULL,
                    "column %zu has an empty name in the header; every "
                    "column needs a name",
                    col);
}

/*
 * 1 when every name reads as a number or a missing cell (empty, NA) and
 * one at least as a number: the first row is data, the header is missing.
 */
static int numeric_names(const wold__csv_header *h)
{
    int numbers = 0;
    for (size_t j = 0; j < h->n; j++) {
        double v;
        wold__num r = wold__number_parse(h->names[j], strlen(h->names[j]), &v);
        if (r != WOLD__NUM_OK && r != WOLD__NUM_MISSING)
            return 0;
        numbers += r == WOLD__NUM_OK;
    }
    return numbers > 0;
}

/* A file without a header row: say so before "duplicate name '6'". */
static wold_status numeric_header(const wold__csv_header *h, const char *buf,
                                  const char *line_start, const char *end,
                                  const char *file, wold_error *err)
{
    char shown[3 * (4 * 12 + 8) + 8] = "";
    size_t k = 0;
    for (size_t j = 0; j < h->n && j < 3; j++) {
        char name[4 * 12 + 4];
        wold__csv_excerpt(name, sizeof name, h->names[j],
                          strlen(h->names[j]), 12);
        k += (size_t)snprintf(shown + k, sizeof shown - k, "%s'%s'",
                              j > 0 ? ", " : "", name);
    }
    if (h->n > 3)
        snprintf(shown + k, sizeof shown - k, ", ...");
    return raise_at(err, file, buf, line_start, end, 1, line_start,
                    "the header row holds %s (%s), not %s: the file needs a "
                    "header row of column names, then data rows",
                    h->n == 1 ? "a number" : "numbers", shown,
                    h->n == 1 ? "a column name" : "column names");
}

static wold_status scan_names(wold__csv_header *h, const char *buf,
                              const char *p, const char *end, char sep,
                              const char *file, wold_error *err)
{
    const char *first_line = p, *line_start = p, *empty_line = NULL;
    size_t cap = 0, empty = 0;
    wold__csv_field f;
    do {
        wold__fault_kind k = wold__csv_scan_field(p, end, sep, &f);
        /* An earlier empty name is the first problem of the row. */
        if (empty > 0 && (k != WOLD__FAULT_NONE ||
                          memchr(f.text, '\0', f.len) != NULL ||
                          bare_cr(&f, k) != NULL))
            return empty_name(buf, empty_line, end, empty, file, err);
        WOLD_TRY(nul_check(&f, buf, line_start, end, h->n + 1, file, err));
        const char *cr = bare_cr(&f, k);
        if (cr != NULL)
            return bare_cr_error(buf, f.newlines > 0 ? f.line_start
                                                     : line_start,
                                 cr, h->n + 1, file, err);
        if (k == WOLD__FAULT_QUOTE)
            return raise_at(err, file, buf, line_start, end, h->n + 1,
                            NULL,
                            "column %zu: unterminated quoted name in the "
                            "header: no closing '\"' before the end of the "
                            "file",
                            h->n + 1);
        if (k == WOLD__FAULT_AFTER_QUOTE)
            return after_quote(h, buf, &f, line_start, end, file, err);
        if (add_name(h, &cap, field_name(&f)) != WOLD_OK)
            return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                             file);
        if (h->names[h->n - 1][0] == '\0' && empty == 0) {
            empty = h->n;
            empty_line = line_start;
        }
        if (f.newlines > 0)
            line_start = f.line_start;
        p = f.next;
    } while (!f.last);
    h->data = p;
    h->line_start = line_start;
    if (numeric_names(h))
        return numeric_header(h, buf, first_line, end, file, err);
    if (empty > 0)
        return empty_name(buf, empty_line, end, empty, file, err);
    return WOLD_OK;
}

wold_status wold__csv_read_header(wold__csv_header *h, const char *buf,
                                  const char *start, const char *end,
                                  char sep, const char *file,
                                  wold_error *err)
{
    memset(h, 0, sizeof *h);
    const char *p = skip_blank_lines(start, end);
    if (p == end)
        return wold__raise(err, WOLD_EINPUT, file, 1, 0, NULL, 0,
                           "the file is empty: expected a header row of "
                           "column names, then data rows");
    WOLD_TRY(scan_names(h, buf, p, end, sep, file, err));
    WOLD_TRY(check_duplicates(h, buf, h->line_start, end, file, err));
    if (skip_blank_lines(h->data, end) == end)
        return raise_at(err, file, buf, h->line_start, end, 0, NULL,
                        "the file has a header row but no data rows");
    return WOLD_OK;
}

void wold__csv_header_free(wold__csv_header *h)
{
    for (size_t j = 0; j < h->n; j++)
        free(h->names[j]);
    free(h->names);
    free(h->sorted);
    memset(h, 0, sizeof *h);
}

size_t wold__csv_header_find(const wold__csv_header *h, const char *name)
{
    size_t lo = 0, hi = h->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(h->sorted[mid].name, name);
        if (c == 0)
            return h->sorted[mid].index;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (size_t)-1;
}

wold_status wold__csv_check_separator(const wold__csv_header *h,
                                      const char *buf, const char *start,
                                      const char *end, char sep,
                                      const char *file, wold_error *err)
{
    if (h->n != 1)
        return WOLD_OK;
    size_t count[3];
    const char *first[3];
    count_separators(start, end, count, first);
    int best = -1;
    for (int k = 0; k < 3; k++)
        if (separators[k] != sep && count[k] > 0 &&
            (best < 0 || count[k] > count[best]))
            best = k;
    if (best < 0)
        return WOLD_OK;
    char name[4 * SHOWN_NAME + 4];
    wold__csv_excerpt(name, sizeof name, h->names[0], strlen(h->names[0]),
                      SHOWN_NAME);
    const char *at = first[best], *line_start = at;
    while (line_start > start && line_start[-1] != '\n')
        line_start--;
    return raise_at(err, file, buf, line_start, end, 1, at,
                    "the header is one column with the separator %s ('%s'); "
                    "is the separator %s? (it splits the header into %zu "
                    "columns)",
                    separator_name(sep), name, separator_name(separators[best]),
                    count[best] + 1);
}

void wold__csv_column_label(char *buf, size_t size,
                            const wold__csv_header *h, size_t field)
{
    char name[4 * SHOWN_NAME + 4];
    if (field >= 1 && field <= h->n) {
        const char *s = h->names[field - 1];
        wold__csv_excerpt(name, sizeof name, s, strlen(s), SHOWN_NAME);
        snprintf(buf, size, "column %zu (%s)", field, name);
    } else
        snprintf(buf, size, "column %zu", field);
}

size_t wold__csv_closest_header(const wold__csv_header *h, const char *name)
{
    size_t len = strlen(name);
    size_t limit = len / 3 > 2 ? len / 3 : 2;
    size_t best = limit + 1, best_j = (size_t)-1;
    for (size_t j = 0; j < h->n; j++) {
        size_t d = wold__edit_distance(name, h->names[j], limit + 1);
        if (d < best) {
            best = d;
            best_j = j;
        }
    }
    return best_j;
}

int wold__csv_lookalike(const char *what, const char *name,
                        const char *where, const wold__csv_header *h,
                        const char *file, char *msg, size_t size)
{
    for (size_t j = 0; j < h->n; j++) {
        wold__likeness how;
        if (!wold__name_likeness(name, strlen(name), h->names[j],
                                 strlen(h->names[j]), &how))
            continue;
        char have[4 * SHOWN_NAME + 4], why[400];
        wold__csv_excerpt(have, sizeof have, h->names[j],
                          strlen(h->names[j]), SHOWN_NAME);
        wold__likeness_explain(why, sizeof why, &how, where, "the header");
        wold__format_text(msg, size,
                          "%s is not a column of %s; the header has '%s' "
                          "(column %zu), which %s",
                          what, file, have, j + 1, why);
        return 1;
    }
    return 0;
}
