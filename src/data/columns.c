/*
 * columns.c - the weight column and the label columns of
 * wold_csv_options: where they are in the header, and a second pass over
 * the rows that reads them once the numeric conversion has succeeded.
 * The pass costs only callers that ask for these columns; it never
 * re-checks the layout (the conversion did: every record has h->n fields).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "util/util.h"

#define SHOWN_NAME 80
#define SHOWN_TEXT 60

/* A column that opt names and the header lacks: error at the header. */
static wold_status missing_column(const char *what, const char *name,
                                  const wold__csv_header *h, const char *buf,
                                  const char *end, const char *file,
                                  wold_error *err)
{
    char msg[900], head[4 * SHOWN_NAME + 40], near[4 * SHOWN_NAME + 4];
    wold__csv_excerpt(near, sizeof near, name, strlen(name), SHOWN_NAME);
    wold__format_text(head, sizeof head, "%s '%s'", what, near);
    if (!wold__csv_lookalike(head, name, "the option", h, file, msg,
                             sizeof msg)) {
        int k = wold__format_text(msg, sizeof msg,
                                  "%s is not a column of %s", head, file);
        size_t j = wold__csv_closest_header(h, name);
        if (j != (size_t)-1 && k > 0 && (size_t)k < sizeof msg) {
            wold__csv_excerpt(near, sizeof near, h->names[j],
                              strlen(h->names[j]), SHOWN_NAME);
            wold__format_text(msg + k, sizeof msg - (size_t)k,
                              "; did you mean '%s'?", near);
        }
    }
    if (buf == NULL) /* a statistical file: no header line to show */
        return wold__raise(err, WOLD_EINPUT, file, 0, 0, NULL, 0, "%s", msg);
    return wold__csv_raise_at(
        err, file, (long)wold__csv_line_number(buf, h->line_start), 0,
        h->line_start, wold__csv_line_length(h->line_start, end), NULL, msg);
}

static wold_status find_one(size_t *field, const char *what,
                            const char *name, const wold__csv_header *h,
                            const char *buf, const char *end,
                            const char *file, wold_error *err)
{
    if (name == NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE, "wold_csv_options: a %s name is "
                         "NULL", what);
    *field = wold__csv_header_find(h, name);
    if (*field == (size_t)-1)
        return missing_column(what, name, h, buf, end, file, err);
    return WOLD_OK;
}

wold_status wold__csv_find_extra(wold__csv_extra *x, const wold__csv_header *h,
                                 const wold_csv_options *opt,
                                 const char *buf, const char *end,
                                 const char *file, wold_error *err)
{
    x->weight_field = (size_t)-1;
    x->n_labels = 0;
    x->label_fields = NULL;
    if (opt == NULL)
        return WOLD_OK;
    if (opt->n_labels > 0 && opt->labels == NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "wold_csv_options: n_labels is %zu but labels is "
                         "NULL",
                         opt->n_labels);
    if (opt->weights != NULL)
        WOLD_TRY(find_one(&x->weight_field, "weight column", opt->weights, h,
                          buf, end, file, err));
    if (opt->n_labels == 0)
        return WOLD_OK;
    x->label_fields = malloc(opt->n_labels * sizeof *x->label_fields);
    if (x->label_fields == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s", file);
    x->n_labels = opt->n_labels;
    for (size_t k = 0; k < opt->n_labels; k++)
        WOLD_TRY(find_one(&x->label_fields[k], "label column",
                          opt->labels[k], h, buf, end, file, err));
    return WOLD_OK;
}

int wold__csv_is_extra(const wold__csv_extra *x, size_t field)
{
    if (field == x->weight_field)
        return 1;
    for (size_t k = 0; k < x->n_labels; k++)
        if (x->label_fields[k] == field)
            return 1;
    return 0;
}

/* ------------------------------------------------------------------------
 * Levels: a hash table of the distinct values of one label column
 * ------------------------------------------------------------------------ */

typedef wold__levels levels;

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static int rehash(levels *lv, size_t n_slots)
{
    size_t *slot = calloc(n_slots, sizeof *slot);
    if (slot == NULL)
        return 0;
    for (size_t i = 0; i < lv->lab->n_levels; i++) {
        const char *s = lv->lab->levels[i];
        size_t k = (size_t)hash_bytes(s, strlen(s)) & (n_slots - 1);
        while (slot[k] != 0)
            k = (k + 1) & (n_slots - 1);
        slot[k] = i + 1;
    }
    free(lv->slot);
    lv->slot = slot;
    lv->n_slots = n_slots;
    return 1;
}

/* Appends the new level s[0..len); 0 when out of memory. */
static int add_level(levels *lv, const char *s, size_t len)
{
    wold__label *lab = lv->lab;
    if (lab->n_levels == lv->cap) {
        size_t cap = lv->cap ? 2 * lv->cap : 16;
        char **p = realloc(lab->levels, cap * sizeof *p);
        if (p == NULL)
            return 0;
        lab->levels = p;
        lv->cap = cap;
    }
    if (2 * (lab->n_levels + 1) > lv->n_slots &&
        !rehash(lv, lv->n_slots ? 2 * lv->n_slots : 64))
        return 0;
    char *copy = wold__strndup(s, len);
    if (copy == NULL)
        return 0;
    lab->levels[lab->n_levels++] = copy;
    size_t k = (size_t)hash_bytes(s, len) & (lv->n_slots - 1);
    while (lv->slot[k] != 0)
        k = (k + 1) & (lv->n_slots - 1);
    lv->slot[k] = lab->n_levels;
    return 1;
}

/* The level of s[0..len) (added when new) into *code; 0: out of memory. */
static int level_of(levels *lv, const char *s, size_t len, size_t *code)
{
    if (lv->n_slots > 0) {
        size_t k = (size_t)hash_bytes(s, len) & (lv->n_slots - 1);
        for (; lv->slot[k] != 0; k = (k + 1) & (lv->n_slots - 1)) {
            const char *t = lv->lab->levels[lv->slot[k] - 1];
            if (strncmp(t, s, len) == 0 && t[len] == '\0') {
                *code = lv->slot[k] - 1;
                return 1;
            }
        }
    }
    *code = lv->lab->n_levels;
    return add_level(lv, s, len);
}

int wold__level_of(wold__levels *lv, const char *s, size_t len,
                   size_t *code)
{
    return level_of(lv, s, len, code);
}

/* ------------------------------------------------------------------------
 * The pass over the rows
 * ------------------------------------------------------------------------ */

typedef struct pass {
    wold_data *d;
    const wold__csv_extra *x;
    const wold__csv_header *h;
    const char *buf, *end, *file;
    char sep;
    levels *lv;       /* one per label */
    char *scratch;    /* a label cell without its quotes */
    size_t scratch_cap;
    size_t line;      /* 1-based line of the current field */
    const char *line_start;
    wold_error *err;
} pass;

static wold_status cell_error(const pass *ps, size_t field,
                              const wold__csv_field *f, const char *fmt,
                              const char *text)
{
    char col[4 * SHOWN_NAME + 40], msg[900];
    wold__csv_column_label(col, sizeof col, ps->h, field + 1);
    wold__format_text(msg, sizeof msg, fmt, col, text);
    /* ps->line is the line the cell starts on, where its text begins. */
    return wold__csv_raise_at(ps->err, ps->file, (long)ps->line, field + 1,
                              ps->line_start,
                              wold__csv_line_length(ps->line_start, ps->end),
                              f->text, msg);
}

static wold_status read_weight(pass *ps, size_t row, size_t field,
                               const wold__csv_field *f)
{
    char text[4 * SHOWN_TEXT + 4];
    wold__csv_excerpt(text, sizeof text, f->text, f->len, SHOWN_TEXT);
    double v;
    switch (wold__number_parse(f->text, f->len, &v)) {
    case WOLD__NUM_OK:
        if (v < 0)
            return cell_error(ps, field, f,
                              "%s: expected a weight >= 0, found \"%s\"",
                              text);
        ps->d->w[row] = v + 0.0; /* -0 is 0 */
        return WOLD_OK;
    case WOLD__NUM_MISSING:
        return cell_error(ps, field, f,
                          "%s: expected a weight (a number >= 0), found a "
                          "missing cell \"%s\"; every row needs a weight (0 "
                          "leaves the row out)",
                          text);
    case WOLD__NUM_NOMEM:
        return WOLD_FAIL(ps->err, WOLD_ENOMEM, "out of memory reading %s",
                         ps->file);
    case WOLD__NUM_RANGE:
        return cell_error(ps, field, f,
                          "%s: expected a weight (a finite number >= 0), "
                          "found \"%s\", which is too large for a double",
                          text);
    default:
        return cell_error(ps, field, f,
                          "%s: expected a weight (a number >= 0), found "
                          "\"%s\"",
                          text);
    }
}

/* The cell's text with a quoted field's "" as ", in ps->scratch. */
static int unquote(pass *ps, const wold__csv_field *f, size_t *len)
{
    if (f->len + 1 > ps->scratch_cap) {
        size_t cap = 2 * (f->len + 1);
        char *s = realloc(ps->scratch, cap);
        if (s == NULL)
            return 0;
        ps->scratch = s;
        ps->scratch_cap = cap;
    }
    size_t k = 0;
    for (size_t i = 0; i < f->len; i++) {
        ps->scratch[k++] = f->text[i];
        if (f->quoted && f->text[i] == '"')
            i++; /* the second quote of a doubled pair */
    }
    ps->scratch[k] = '\0';
    *len = k;
    return 1;
}

static int blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

static wold_status read_label(pass *ps, size_t k, size_t row, size_t field,
                              const wold__csv_field *f)
{
    size_t len;
    if (!unquote(ps, f, &len))
        return WOLD_FAIL(ps->err, WOLD_ENOMEM, "out of memory reading %s",
                         ps->file);
    if (blank(ps->scratch, len))
        return cell_error(ps, field, f,
                          "%s: expected a label (a name), found an empty "
                          "cell%s; every row needs one",
                          "");
    if (memchr(ps->scratch, '\0', len) != NULL)
        return cell_error(ps, field, f,
                          "%s: a label may not hold a NUL byte%s (is this a "
                          "binary or UTF-16 file?)",
                          "");
    if (!level_of(&ps->lv[k], ps->scratch, len, &ps->d->labels[k].codes[row]))
        return WOLD_FAIL(ps->err, WOLD_ENOMEM, "out of memory reading %s",
                         ps->file);
    return WOLD_OK;
}

static wold_status read_field(pass *ps, size_t row, size_t field,
                              const wold__csv_field *f)
{
    if (field == ps->x->weight_field)
        WOLD_TRY(read_weight(ps, row, field, f));
    for (size_t k = 0; k < ps->x->n_labels; k++)
        if (ps->x->label_fields[k] == field)
            WOLD_TRY(read_label(ps, k, row, field, f));
    return WOLD_OK;
}

/* Reads the record at *p (row); *p is left past its line end. */
static wold_status read_record(pass *ps, size_t row, const char **p)
{
    wold__csv_field f;
    for (size_t field = 0;; field++) {
        /* The conversion has scanned this text without a fault. */
        wold__csv_scan_field(*p, ps->end, ps->sep, &f);
        WOLD_TRY(read_field(ps, row, field, &f));
        if (f.newlines > 0) {
            ps->line += f.newlines;
            ps->line_start = f.line_start;
        }
        *p = f.next;
        if (f.last)
            return WOLD_OK;
    }
}

static wold_status alloc_columns(wold_data *d, const wold__csv_extra *x,
                                 const wold__csv_header *h, levels *lv)
{
    size_t n = d->n ? d->n : 1;
    if (x->weight_field != (size_t)-1) {
        d->w = malloc(n * sizeof *d->w);
        d->w_name = wold__strdup(h->names[x->weight_field]);
        if (d->w == NULL || d->w_name == NULL)
            return WOLD_ENOMEM;
    }
    if (x->n_labels == 0)
        return WOLD_OK;
    d->labels = calloc(x->n_labels, sizeof *d->labels);
    if (d->labels == NULL)
        return WOLD_ENOMEM;
    d->n_labels = x->n_labels;
    for (size_t k = 0; k < x->n_labels; k++) {
        wold__label *lab = &d->labels[k];
        lv[k].lab = lab;
        lab->name = wold__strdup(h->names[x->label_fields[k]]);
        lab->codes = malloc(n * sizeof *lab->codes);
        if (lab->name == NULL || lab->codes == NULL)
            return WOLD_ENOMEM;
    }
    return WOLD_OK;
}

static wold_status run_pass(pass *ps)
{
    const char *p = ps->h->data;
    ps->line = wold__csv_line_number(ps->buf, p);
    ps->line_start = p;
    size_t row = 0;
    while (p < ps->end && row < ps->d->n) {
        const char *next;
        if (wold__csv_blank_line(p, ps->end, &next))
            p = next;
        else
            WOLD_TRY(read_record(ps, row++, &p));
        ps->line++;
        ps->line_start = p;
    }
    return WOLD_OK;
}

wold_status wold__csv_read_extra(wold_data *d, const wold__csv_extra *x,
                                 const wold__csv_header *h, const char *buf,
                                 const char *end, char sep, const char *file,
                                 wold_error *err)
{
    if (x->weight_field == (size_t)-1 && x->n_labels == 0)
        return WOLD_OK;
    levels *lv = calloc(x->n_labels ? x->n_labels : 1, sizeof *lv);
    pass ps = {d, x, h, buf, end, file, sep, lv, NULL, 0, 0, NULL, err};
    wold_status st = lv == NULL ? WOLD_ENOMEM : alloc_columns(d, x, h, lv);
    if (st == WOLD_ENOMEM)
        st = WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s", file);
    else
        st = run_pass(&ps);
    for (size_t k = 0; lv != NULL && k < x->n_labels; k++)
        free(lv[k].slot);
    free(lv);
    free(ps.scratch);
    return st;
}
