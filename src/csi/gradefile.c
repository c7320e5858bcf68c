/*
 * gradefile.c - reading a grading table (--grades FILE; docs/csi.md,
 * "Grades"): a CSV header naming the columns, one class per line, every
 * mistake reported at its file:line:col with the line under it, then the
 * check that the classes tile their range.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <wold/wold.h>

#include "util/util.h"

/* wold_grades as grades.c lays it out. */
struct wold_grades {
    size_t n;
    const wold_grade *c;
    wold_grade *own;
    char *text;
};

enum { COL_LOWER, COL_UPPER, COL_EN, COL_ZH, COL_STARS, N_COLS, MAX_FIELDS = 16 };
static const char *const col_name[N_COLS] = {"lower", "upper", "label_en",
                                             "label_zh", "stars"};

/* A line of the file and its fields (trimmed, not NUL-terminated). */
typedef struct line {
    const char *s;
    size_t len;
    long no;
    size_t n;
    const char *f[MAX_FIELDS + 1];
    size_t flen[MAX_FIELDS + 1];
} line;

typedef struct row {
    wold_grade g;
    long line, col_lower;
    const char *src;   /* its line, for the error's context */
    size_t src_len;
} row;

typedef struct parser {
    const char *file;
    wold_error *err;
    int where[N_COLS]; /* field of each column, -1 when absent */
    size_t n_fields;
    char *text;        /* labels, NUL-terminated one after another */
    size_t text_len;
    row *rows;
    size_t n_rows;
} parser;

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* The column (1-based, in code points) where field k starts. */
static long col_of(const line *l, size_t k)
{
    return (long)wold__utf8_len(l->s, (size_t)(l->f[k] - l->s)) + 1;
}

static wold_status fail_at(parser *ps, const line *l, long col,
                           const char *fmt, const char *a, const char *b)
{
    return wold__raise(ps->err, WOLD_EINPUT, ps->file, l->no, col, l->s,
                       l->len, fmt, a, b);
}

/* Splits l at commas, trimming blanks; more than MAX_FIELDS is counted
 * but not kept. */
static void split(line *l)
{
    const char *p = l->s, *end = l->s + l->len;
    l->n = 0;
    for (;;) {
        const char *q = p;
        while (q < end && *q != ',')
            q++;
        const char *a = p, *b = q;
        while (a < b && is_blank(*a))
            a++;
        while (b > a && is_blank(b[-1]))
            b--;
        if (l->n < MAX_FIELDS + 1) {
            l->f[l->n] = a;
            l->flen[l->n] = (size_t)(b - a);
        }
        l->n++;
        if (q == end)
            break;
        p = q + 1;
    }
}

static int field_is(const line *l, size_t k, const char *name)
{
    return l->flen[k] == strlen(name) && memcmp(l->f[k], name, l->flen[k]) == 0;
}

static wold_status header(parser *ps, line *l)
{
    for (int c = 0; c < N_COLS; c++)
        ps->where[c] = -1;
    if (l->n > MAX_FIELDS)
        return fail_at(ps, l, 1, "a grading table has at most 5 columns "
                       "(lower, upper, label_en, label_zh, stars)%s%s", "", "");
    for (size_t k = 0; k < l->n; k++) {
        int c = 0;
        while (c < N_COLS && !field_is(l, k, col_name[c]))
            c++;
        char name[256];
        wold__format_text(name, sizeof name, "%.*s", (int)l->flen[k], l->f[k]);
        if (c == N_COLS)
            return fail_at(ps, l, col_of(l, k), "unknown column '%s' in the "
                           "grading table's header: expected lower, upper, "
                           "label_en, label_zh or stars%s", name, "");
        if (ps->where[c] >= 0)
            return fail_at(ps, l, col_of(l, k), "column '%s' is named twice "
                           "in the grading table's header%s", name, "");
        ps->where[c] = (int)k;
    }
    for (int c = 0; c <= COL_EN; c++)
        if (ps->where[c] < 0)
            return fail_at(ps, l, 1, "the grading table's header has no "
                           "column '%s' (it needs lower, upper and label_en%s)",
                           col_name[c], "; label_zh and stars are optional");
    ps->n_fields = l->n;
    return WOLD_OK;
}

static wold_status number(parser *ps, const line *l, int c, double *out)
{
    size_t k = (size_t)ps->where[c];
    char buf[64], *end = NULL;
    if (l->flen[k] == 0 || l->flen[k] >= sizeof buf)
        return fail_at(ps, l, col_of(l, k), "'%s' of a grade must be a "
                       "number, got '%.40s'", col_name[c],
                       l->flen[k] ? l->f[k] : "");
    memcpy(buf, l->f[k], l->flen[k]);
    buf[l->flen[k]] = '\0';
    *out = wold__strtod(buf, &end);
    if (*end != '\0' || !isfinite(*out))
        return fail_at(ps, l, col_of(l, k), "'%s' of a grade must be a "
                       "finite number, got '%s'", col_name[c], buf);
    return WOLD_OK;
}

/* A label into the parser's text; *out NULL for an absent column. */
static wold_status label(parser *ps, const line *l, int c, const char **out)
{
    *out = NULL;
    if (ps->where[c] < 0)
        return WOLD_OK;
    size_t k = (size_t)ps->where[c];
    if (l->flen[k] == 0) {
        if (c == COL_ZH)
            return WOLD_OK;
        return fail_at(ps, l, col_of(l, k), "the grade's %s is empty%s",
                       col_name[c], "");
    }
    char *at = ps->text + ps->text_len;
    memcpy(at, l->f[k], l->flen[k]);
    at[l->flen[k]] = '\0';
    ps->text_len += l->flen[k] + 1;
    *out = at;
    return WOLD_OK;
}

static wold_status stars(parser *ps, const line *l, int *out)
{
    *out = -1;
    if (ps->where[COL_STARS] < 0)
        return WOLD_OK;
    size_t k = (size_t)ps->where[COL_STARS];
    if (l->flen[k] != 1 || l->f[k][0] < '0' || l->f[k][0] > '5') {
        char buf[64];
        wold__format_text(buf, sizeof buf, "%.*s", (int)l->flen[k], l->f[k]);
        return fail_at(ps, l, col_of(l, k), "stars must be a whole number "
                       "from 0 to 5, got '%s'%s", buf, "");
    }
    *out = l->f[k][0] - '0';
    return WOLD_OK;
}

static wold_status class_line(parser *ps, line *l)
{
    if (l->n != ps->n_fields) {
        char a[32], b[32];
        wold__format_text(a, sizeof a, "%zu", ps->n_fields);
        wold__format_text(b, sizeof b, "%zu", l->n);
        return fail_at(ps, l, l->n > ps->n_fields ? col_of(l, ps->n_fields) : 1,
                       "a grade needs %s fields, as the header has; this line "
                       "has %s", a, b);
    }
    row *r = &ps->rows[ps->n_rows];
    WOLD_TRY(number(ps, l, COL_LOWER, &r->g.lower));
    WOLD_TRY(number(ps, l, COL_UPPER, &r->g.upper));
    if (!(r->g.lower < r->g.upper))
        return fail_at(ps, l, col_of(l, (size_t)ps->where[COL_UPPER]),
                       "a grade's upper bound must be above its lower "
                       "bound%s%s", "", "");
    WOLD_TRY(label(ps, l, COL_EN, &r->g.label_en));
    WOLD_TRY(label(ps, l, COL_ZH, &r->g.label_zh));
    if (r->g.label_zh == NULL)
        r->g.label_zh = r->g.label_en;
    WOLD_TRY(stars(ps, l, &r->g.stars));
    r->line = l->no;
    r->src = l->s;
    r->src_len = l->len;
    r->col_lower = col_of(l, (size_t)ps->where[COL_LOWER]);
    ps->n_rows++;
    return WOLD_OK;
}

/* Every line of the text: the header, then the classes. */
static wold_status lines(parser *ps, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    int have_header = 0;
    line l;
    for (long no = 1; p < end; no++) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        const char *next = e != NULL ? e + 1 : end;
        e = e != NULL ? e : end;
        if (e > p && e[-1] == '\r')
            e--;
        l.s = p;
        l.len = (size_t)(e - p);
        l.no = no;
        p = next;
        const char *q = l.s;
        while (q < e && is_blank(*q))
            q++;
        if (q == e || *q == '#')
            continue;
        split(&l);
        if (!have_header) {
            WOLD_TRY(header(ps, &l));
            have_header = 1;
        } else {
            WOLD_TRY(class_line(ps, &l));
        }
    }
    if (ps->n_rows == 0)
        return wold__raise(ps->err, WOLD_EINPUT, ps->file, 0, 0, NULL, 0,
                           "the grading table has %s", have_header
                               ? "no grade below its header"
                               : "no header (lower,upper,label_en[,label_zh]"
                                 "[,stars]) and no grade");
    return WOLD_OK;
}

static int by_lower(const void *a, const void *b)
{
    const row *x = a, *y = b;
    if (x->g.lower != y->g.lower)
        return x->g.lower < y->g.lower ? -1 : 1;
    return x->line < y->line ? -1 : 1;
}

/* Sorted by lower bound, each class must start where the one below it
 * ends. */
static wold_status tiling(parser *ps)
{
    qsort(ps->rows, ps->n_rows, sizeof *ps->rows, by_lower);
    for (size_t k = 1; k < ps->n_rows; k++) {
        const row *a = &ps->rows[k - 1], *b = &ps->rows[k];
        if (b->g.lower == a->g.upper)
            continue;
        const row *later = a->line > b->line ? a : b;
        const row *other = later == a ? b : a;
        char lo[32], hi[32];
        wold__format_c(lo, sizeof lo, 10, a->g.upper);
        wold__format_c(hi, sizeof hi, 10, b->g.lower);
        return wold__raise(ps->err, WOLD_EINPUT, ps->file, later->line,
                           later->col_lower, later->src,
                           later->src_len,
                           "this grade and the one on line %ld %s: one ends "
                           "at %s, the next starts at %s (each grade must "
                           "start where the one below it ends)",
                           other->line,
                           b->g.lower > a->g.upper ? "leave a gap"
                                                   : "overlap",
                           lo, hi);
    }
    return WOLD_OK;
}

static wold_status build(wold_grades **out, parser *ps, wold_error *err)
{
    wold_grades *g = calloc(1, sizeof *g);
    wold_grade *c = malloc(ps->n_rows * sizeof *c);
    if (g == NULL || c == NULL) {
        free(g), free(c);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the grades");
    }
    for (size_t k = 0; k < ps->n_rows; k++)
        c[k] = ps->rows[ps->n_rows - 1 - k].g;
    g->n = ps->n_rows;
    g->c = g->own = c;
    g->text = ps->text;
    ps->text = NULL;
    *out = g;
    return WOLD_OK;
}

wold_status wold_grades_parse(wold_grades **out, const char *text,
                              size_t len, const char *filename,
                              wold_error *err)
{
    *out = NULL;
    if (text == NULL && len > 0)
        return WOLD_FAIL(err, WOLD_EUSAGE, "grades: no text");
    size_t n_lines = 1;
    for (size_t i = 0; i < len; i++)
        n_lines += text[i] == '\n';
    parser ps = {filename != NULL ? filename : "<grades>", err, {0}, 0,
                 NULL, 0, NULL, 0};
    ps.text = malloc(len + n_lines + 1);
    ps.rows = malloc(n_lines * sizeof *ps.rows);
    wold_status st = WOLD_OK;
    if (ps.text == NULL || ps.rows == NULL)
        st = WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the grades");
    if (st == WOLD_OK)
        st = lines(&ps, text, len);
    if (st == WOLD_OK)
        st = tiling(&ps);
    if (st == WOLD_OK)
        st = build(out, &ps, err);
    free(ps.text);
    free(ps.rows);
    return st;
}

wold_status wold_grades_read(wold_grades **out, const char *path,
                             wold_error *err)
{
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    WOLD_TRY(wold__read_file(path, &text, &len, err));
    wold_status st = wold_grades_parse(out, text, len,
                                       wold__display_path(path), err);
    free(text);
    return st;
}
