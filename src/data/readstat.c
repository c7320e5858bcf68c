/*
 * readstat.c - SPSS (.sav, .zsav), Stata (.dta) and SAS (.sas7bdat) files
 * through ReadStat (CMake option WOLD_READSTAT).  The variables play the
 * part of a CSV header: the same column binding (read.c), weight and
 * label columns (columns.c) and scale check (scale.c) give the same data
 * set and the same messages; only the cells come from ReadStat's
 * callbacks instead of the text.  A file has no lines, so per-cell errors
 * name the row and the variable in the message (docs/statfiles.md).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "util/util.h"

#ifdef WOLD_HAVE_READSTAT
#include <readstat.h>
#endif

#define SHOWN_NAME 80
#define SHOWN_TEXT 60
#define FIRST_ROWS ((size_t)1 << 16)

const char *wold_data_col_label(const wold_data *data, size_t col)
{
    if (data == NULL || data->col_labels == NULL || col >= data->p)
        return NULL;
    return data->col_labels[col];
}

const char *wold_data_value_label(const wold_data *data, size_t col,
                                  double value)
{
    if (data == NULL || data->value_labels == NULL || col >= data->p)
        return NULL;
    const wold__value_labels *vl = &data->value_labels[col];
    size_t lo = 0, hi = vl->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (vl->v[mid].value == value)
            return vl->v[mid].label;
        if (vl->v[mid].value < value)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The kind of path, or an error: not openable, empty, not a statistical
 * file (wold_data_sniff's answer without the fallback to CSV). */
static wold_status stat_kind(const char *path, wold_data_kind *kind,
                             wold_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return wold__raise(err, WOLD_EINPUT, path, 0, 0, NULL, 0,
                           "cannot open the file: %s", strerror(errno));
    int c = fgetc(f);
    fclose(f);
    if (c == EOF)
        return wold__raise(err, WOLD_EINPUT, path, 0, 0, NULL, 0,
                           "the file is empty");
    *kind = wold_data_sniff(path);
    if (*kind == WOLD_DATA_CSV)
        return wold__raise(err, WOLD_EINPUT, path, 0, 0, NULL, 0,
                           "not an SPSS, Stata or SAS file (its first bytes "
                           "are none of theirs); read a CSV file with "
                           "wold_data_read_csv");
    return WOLD_OK;
}

#ifndef WOLD_HAVE_READSTAT

wold_status wold_data_read_stat(wold_data **out, const char *path,
                                const wold_model *model,
                                const wold_csv_options *opt, wold_error *err)
{
    (void)model;
    (void)opt;
    if (out == NULL || path == NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "wold_data_read_stat: out and path are required");
    *out = NULL;
    wold_data_kind kind;
    WOLD_TRY(stat_kind(path, &kind, err));
    return wold__raise(err, WOLD_EUSAGE, path, 0, 0, NULL, 0,
                       "%s files need ReadStat, which this build of wold "
                       "was made without: apt-get install libreadstat-dev "
                       "and rebuild (CMake option WOLD_READSTAT)",
                       wold_data_kind_name(kind));
}

#else

/* A value label as ReadStat gives it: label set, value, text. */
typedef struct set_label {
    char *set;
    double value;
    char *label;
} set_label;

/* Everything that lives while one file is read. */
typedef struct stat_read {
    const char *file;
    const wold_model *model;
    const wold_csv_options *opt;
    wold_error *err;
    wold_status st;           /* a callback's error, raised into err */

    wold__csv_header h;       /* the variables' names as a header */
    size_t cap_vars;
    int *string;              /* per variable: a string variable */
    char **var_label;         /* per variable: its label or NULL */
    char **var_set;           /* per variable: its label set or NULL */

    int bound;                /* columns bound (at the first value) */
    int32_t *dest;            /* per variable: data column or -1 */
    wold__csv_extra extra;
    wold__levels *lv;         /* per label column */
    double **label_num;       /* per label column: numeric codes, or NULL */

    wold_data *d;
    long rows_hint;           /* the file's row count, or -1 */
    size_t cap_rows;          /* rows d's arrays hold */
    size_t n_rows;            /* rows seen */

    set_label *sl;
    size_t n_sl, cap_sl;
    char rs_msg[512];         /* ReadStat's last error text */
} stat_read;

static wold_status nomem(stat_read *r)
{
    return WOLD_FAIL(r->err, WOLD_ENOMEM, "out of memory reading %s",
                     r->file);
}

/* "'q3'" for variable v, within the excerpt limits of CSV names. */
static void var_name(char *buf, size_t size, const stat_read *r, size_t v)
{
    char name[4 * SHOWN_NAME + 4];
    const char *s = r->h.names[v];
    wold__csv_excerpt(name, sizeof name, s, strlen(s), SHOWN_NAME);
    snprintf(buf, size, "'%s'", name);
}

/* A problem of one cell: "row R, variable 'v': ..." in the file. */
static wold_status cell_error(stat_read *r, size_t row, size_t v,
                              const char *fmt, const char *text)
{
    char var[4 * SHOWN_NAME + 8], msg[900];
    var_name(var, sizeof var, r, v);
    wold__format_text(msg, sizeof msg, fmt, text);
    r->st = wold__raise(r->err, WOLD_EINPUT, r->file, 0, 0, NULL, 0,
                        "row %zu, variable %s: %s", row + 1, var, msg);
    return r->st;
}

/* A problem of one variable: "variable 'v': ..." in the file. */
static wold_status var_error(stat_read *r, size_t v, const char *fmt,
                             const char *what)
{
    char var[4 * SHOWN_NAME + 8], msg[900];
    var_name(var, sizeof var, r, v);
    wold__format_text(msg, sizeof msg, fmt, what);
    return wold__raise(r->err, WOLD_EINPUT, r->file, 0, 0, NULL, 0,
                       "variable %s (variable %zu): %s", var, v + 1, msg);
}

static int metadata_cb(readstat_metadata_t *m, void *ctx)
{
    stat_read *r = ctx;
    r->rows_hint = readstat_get_row_count(m);
    return READSTAT_HANDLER_OK;
}

static char *dup_or_null(const char *s)
{
    return s != NULL && *s != '\0' ? wold__strdup(s) : NULL;
}

static int add_variable(stat_read *r, readstat_variable_t *v,
                        const char *set)
{
    if (r->h.n == r->cap_vars) {
        size_t cap = r->cap_vars ? 2 * r->cap_vars : 32;
        char **names = realloc(r->h.names, cap * sizeof *names);
        if (names != NULL)
            r->h.names = names;
        int *string = realloc(r->string, cap * sizeof *string);
        if (string != NULL)
            r->string = string;
        char **label = realloc(r->var_label, cap * sizeof *label);
        if (label != NULL)
            r->var_label = label;
        char **sets = realloc(r->var_set, cap * sizeof *sets);
        if (sets != NULL)
            r->var_set = sets;
        if (names == NULL || string == NULL || label == NULL || sets == NULL)
            return 0;
        r->cap_vars = cap;
    }
    size_t j = r->h.n;
    const char *name = readstat_variable_get_name(v);
    r->h.names[j] = wold__strdup(name != NULL ? name : "");
    r->var_label[j] = dup_or_null(readstat_variable_get_label(v));
    r->var_set[j] = dup_or_null(set);
    r->string[j] = readstat_variable_get_type_class(v) ==
                   READSTAT_TYPE_CLASS_STRING;
    r->h.n++; /* freed from here on, even if a copy failed */
    return r->h.names[j] != NULL &&
           (r->var_label[j] != NULL || readstat_variable_get_label(v) ==
                                           NULL ||
            *readstat_variable_get_label(v) == '\0') &&
           (r->var_set[j] != NULL || set == NULL || *set == '\0');
}

static int variable_cb(int index, readstat_variable_t *v, const char *set,
                       void *ctx)
{
    stat_read *r = ctx;
    (void)index;
    if (!add_variable(r, v, set)) {
        r->st = nomem(r);
        return READSTAT_HANDLER_ABORT;
    }
    return READSTAT_HANDLER_OK;
}

static int value_label_cb(const char *set, readstat_value_t value,
                          const char *label, void *ctx)
{
    stat_read *r = ctx;
    /* Labels of strings and of Stata's .a-.z say nothing about numbers. */
    if (set == NULL || label == NULL ||
        readstat_value_type_class(value) != READSTAT_TYPE_CLASS_NUMERIC ||
        readstat_value_is_system_missing(value) ||
        readstat_value_is_tagged_missing(value))
        return READSTAT_HANDLER_OK;
    if (r->n_sl == r->cap_sl) {
        size_t cap = r->cap_sl ? 2 * r->cap_sl : 64;
        set_label *sl = realloc(r->sl, cap * sizeof *sl);
        if (sl == NULL) {
            r->st = nomem(r);
            return READSTAT_HANDLER_ABORT;
        }
        r->sl = sl;
        r->cap_sl = cap;
    }
    set_label *s = &r->sl[r->n_sl];
    s->set = wold__strdup(set);
    s->label = wold__strdup(label);
    s->value = readstat_double_value(value);
    r->n_sl++;
    if (s->set == NULL || s->label == NULL) {
        r->st = nomem(r);
        return READSTAT_HANDLER_ABORT;
    }
    return READSTAT_HANDLER_OK;
}

static void error_cb(const char *msg, void *ctx)
{
    stat_read *r = ctx;
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        n--; /* ReadStat ends its messages with a newline */
    wold__csv_excerpt(r->rs_msg, sizeof r->rs_msg, msg, n, 120);
}

/* ------------------------------------------------------------------------
 * Binding the variables to the data set's columns
 * ------------------------------------------------------------------------ */

/* Without a model: every numeric variable but the weight and labels. */
static wold_status bind_all(stat_read *r)
{
    wold_data *d = r->d;
    for (size_t j = 0; j < r->h.n; j++)
        d->p += !r->string[j] && !wold__csv_is_extra(&r->extra, j);
    d->names = calloc(d->p ? d->p : 1, sizeof *d->names);
    if (d->names == NULL)
        return nomem(r);
    size_t out = 0;
    for (size_t j = 0; j < r->h.n; j++) {
        r->dest[j] = -1;
        if (r->string[j] || wold__csv_is_extra(&r->extra, j))
            continue;
        r->dest[j] = (int32_t)out;
        if ((d->names[out++] = wold__strdup(r->h.names[j])) == NULL)
            return nomem(r);
    }
    return WOLD_OK;
}

static wold_status bind_model(stat_read *r)
{
    wold_data *d = r->d;
    d->p = wold_model_n_mv(r->model);
    d->names = calloc(d->p ? d->p : 1, sizeof *d->names);
    if (d->names == NULL)
        return nomem(r);
    WOLD_TRY(wold__csv_bind_columns(&r->h, r->model, &r->extra, r->dest,
                                    d->names, d->p, r->file, r->err));
    for (size_t j = 0; j < r->h.n; j++)
        if (r->dest[j] >= 0 && r->string[j])
            return var_error(r, j,
                             "a string variable, but indicator '%s' of the "
                             "model needs numbers",
                             d->names[r->dest[j]]);
    return WOLD_OK;
}

static wold_status copy_col_labels(stat_read *r)
{
    wold_data *d = r->d;
    d->col_labels = calloc(d->p ? d->p : 1, sizeof *d->col_labels);
    if (d->col_labels == NULL)
        return nomem(r);
    for (size_t i = 0; i < d->p; i++) {
        size_t j = wold__csv_header_find(&r->h, d->names[i]);
        if (j != (size_t)-1 && r->var_label[j] != NULL &&
            (d->col_labels[i] = wold__strdup(r->var_label[j])) == NULL)
            return nomem(r);
    }
    return WOLD_OK;
}

static wold_status alloc_extra(stat_read *r)
{
    wold_data *d = r->d;
    const wold__csv_extra *x = &r->extra;
    if (x->weight_field != (size_t)-1) {
        if (r->string[x->weight_field])
            return var_error(r, x->weight_field,
                             "a string variable, but the weight column "
                             "needs numbers%s",
                             "");
        if ((d->w_name = wold__strdup(r->h.names[x->weight_field])) == NULL)
            return nomem(r);
    }
    if (x->n_labels == 0)
        return WOLD_OK;
    d->labels = calloc(x->n_labels, sizeof *d->labels);
    r->lv = calloc(x->n_labels, sizeof *r->lv);
    r->label_num = calloc(x->n_labels, sizeof *r->label_num);
    if (d->labels == NULL || r->lv == NULL || r->label_num == NULL)
        return nomem(r);
    d->n_labels = x->n_labels;
    for (size_t k = 0; k < x->n_labels; k++) {
        d->labels[k].name = wold__strdup(r->h.names[x->label_fields[k]]);
        r->lv[k].lab = &d->labels[k];
        if (d->labels[k].name == NULL)
            return nomem(r);
    }
    return WOLD_OK;
}

/* Two variables of one name (a CSV header's duplicate names). */
static wold_status check_duplicates(stat_read *r)
{
    const wold__named *s = r->h.sorted;
    for (size_t k = 1; k < r->h.n; k++)
        if (strcmp(s[k].name, s[k - 1].name) == 0) {
            size_t a = s[k - 1].index, b = s[k].index;
            char nb[24];
            snprintf(nb, sizeof nb, "%zu", (a > b ? a : b) + 1);
            return var_error(r, a < b ? a : b,
                             "variable %s has the same name", nb);
        }
    return WOLD_OK;
}

static wold_status bind(stat_read *r)
{
    r->bound = 1;
    if (!wold__csv_header_sort(&r->h))
        return nomem(r);
    WOLD_TRY(check_duplicates(r));
    WOLD_TRY(wold__csv_find_extra(&r->extra, &r->h, r->opt, NULL, NULL,
                                  r->file, r->err));
    r->d = calloc(1, sizeof *r->d);
    r->dest = malloc((r->h.n ? r->h.n : 1) * sizeof *r->dest);
    if (r->d == NULL || r->dest == NULL ||
        (r->d->source = wold__strdup(r->file)) == NULL)
        return nomem(r);
    WOLD_TRY(r->model != NULL ? bind_model(r) : bind_all(r));
    WOLD_TRY(copy_col_labels(r));
    return alloc_extra(r);
}

/* ------------------------------------------------------------------------
 * The cells
 * ------------------------------------------------------------------------ */

static int grow(void **p, size_t n, size_t size)
{
    void *q = realloc(*p, (n ? n : 1) * size);
    if (q == NULL)
        return 0;
    *p = q;
    return 1;
}

/* Room for rows [0, need) in every per-row array. */
static wold_status ensure_rows(stat_read *r, size_t need)
{
    if (need <= r->cap_rows)
        return WOLD_OK;
    wold_data *d = r->d;
    size_t cap = r->cap_rows ? 2 * r->cap_rows : 1024;
    /* The file's row count sizes the first allocation, up to a bound: a
     * damaged header may claim billions of rows it does not have. */
    if (r->cap_rows == 0 && r->rows_hint > 0)
        cap = (size_t)r->rows_hint < FIRST_ROWS ? (size_t)r->rows_hint
                                                : FIRST_ROWS;
    if (cap < need)
        cap = need;
    if (d->p > 0 && cap > SIZE_MAX / sizeof(double) / d->p)
        return nomem(r);
    if (!grow((void **)&d->x, cap * d->p, sizeof *d->x) ||
        (d->w_name != NULL && !grow((void **)&d->w, cap, sizeof *d->w)))
        return nomem(r);
    for (size_t k = 0; k < d->n_labels; k++)
        if (!grow((void **)&d->labels[k].codes, cap, sizeof(size_t)) ||
            !grow((void **)&r->label_num[k], cap, sizeof(double)))
            return nomem(r);
    /* A cell ReadStat never delivers stays missing. */
    for (size_t i = r->cap_rows * d->p; i < cap * d->p; i++)
        d->x[i] = NAN;
    r->cap_rows = cap;
    return WOLD_OK;
}

static void number_text(char *buf, size_t size, double v)
{
    if (isnan(v))
        snprintf(buf, size, "NaN");
    else if (isinf(v))
        snprintf(buf, size, v > 0 ? "inf" : "-inf");
    else
        wold__format_c(buf, size, 15, v);
}

static wold_status weight_cell(stat_read *r, size_t row, size_t v,
                               readstat_value_t value, int missing)
{
    char text[40];
    if (missing)
        return cell_error(r, row, v,
                          "expected a weight (a number >= 0), found a "
                          "missing value%s; every row needs a weight (0 "
                          "leaves the row out)",
                          "");
    double w = readstat_double_value(value);
    number_text(text, sizeof text, w);
    if (!isfinite(w))
        return cell_error(r, row, v,
                          "expected a weight (a finite number >= 0), "
                          "found %s",
                          text);
    if (w < 0)
        return cell_error(r, row, v, "expected a weight >= 0, found %s",
                          text);
    r->d->w[row] = w + 0.0; /* -0 is 0 */
    return WOLD_OK;
}

static int blank(const char *s)
{
    for (; *s != '\0'; s++)
        if (*s != ' ' && *s != '\t')
            return 0;
    return 1;
}

static wold_status label_cell(stat_read *r, size_t k, size_t row, size_t v,
                              readstat_value_t value, int missing)
{
    r->label_num[k][row] = NAN;
    if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_NUMERIC) {
        if (missing)
            return cell_error(r, row, v,
                              "expected a label, found a missing value%s; "
                              "every row needs one",
                              "");
        /* Its level is known once the value labels are (a .dta has them
         * after the data). */
        r->label_num[k][row] = readstat_double_value(value);
        return WOLD_OK;
    }
    const char *s = readstat_string_value(value);
    if (s == NULL || blank(s))
        return cell_error(r, row, v,
                          "expected a label (a name), found an empty "
                          "value%s; every row needs one",
                          "");
    if (!wold__level_of(&r->lv[k], s, strlen(s), &r->d->labels[k].codes[row]))
        return nomem(r);
    return WOLD_OK;
}

static wold_status data_cell(stat_read *r, size_t row, size_t v,
                             readstat_value_t value, int missing)
{
    double x = missing ? NAN : readstat_double_value(value);
    if (!missing && !isfinite(x)) {
        char text[40];
        number_text(text, sizeof text, x);
        return cell_error(r, row, v, "expected a finite number, found %s",
                          text);
    }
    r->d->x[row * r->d->p + (size_t)r->dest[v]] = x;
    return WOLD_OK;
}

static wold_status cell(stat_read *r, size_t row, size_t v,
                        readstat_value_t value, readstat_variable_t *var)
{
    if (!r->bound)
        WOLD_TRY(bind(r));
    WOLD_TRY(ensure_rows(r, row + 1));
    if (row + 1 > r->n_rows)
        r->n_rows = row + 1;
    int missing = readstat_value_is_missing(value, var);
    if (r->dest[v] >= 0)
        WOLD_TRY(data_cell(r, row, v, value, missing));
    if (v == r->extra.weight_field)
        WOLD_TRY(weight_cell(r, row, v, value, missing));
    for (size_t k = 0; k < r->extra.n_labels; k++)
        if (r->extra.label_fields[k] == v)
            WOLD_TRY(label_cell(r, k, row, v, value, missing));
    return WOLD_OK;
}

static int value_cb(int obs, readstat_variable_t *var, readstat_value_t value,
                    void *ctx)
{
    stat_read *r = ctx;
    int v = readstat_variable_get_index(var);
    if (obs < 0 || v < 0 || (size_t)v >= r->h.n)
        return READSTAT_HANDLER_OK; /* cannot happen: ReadStat numbers them */
    r->st = cell(r, (size_t)obs, (size_t)v, value, var);
    return r->st != WOLD_OK ? READSTAT_HANDLER_ABORT : READSTAT_HANDLER_OK;
}

/* ------------------------------------------------------------------------
 * After the parse: value labels, numeric label columns, checks
 * ------------------------------------------------------------------------ */

static int by_value(const void *a, const void *b)
{
    double x = ((const wold__value_label *)a)->value;
    double y = ((const wold__value_label *)b)->value;
    return (x > y) - (x < y);
}

/* The value labels of variable v's label set into vl, by value (the
 * first label of a value repeated in the set wins). */
static wold_status set_labels(stat_read *r, size_t v, wold__value_labels *vl)
{
    const char *set = r->var_set[v];
    size_t n = 0;
    for (size_t i = 0; set != NULL && i < r->n_sl; i++)
        n += strcmp(r->sl[i].set, set) == 0;
    if (n == 0)
        return WOLD_OK;
    vl->v = calloc(n, sizeof *vl->v);
    if (vl->v == NULL)
        return nomem(r);
    for (size_t i = 0; i < r->n_sl; i++) {
        if (strcmp(r->sl[i].set, set) != 0)
            continue;
        vl->v[vl->n].value = r->sl[i].value;
        if ((vl->v[vl->n++].label = wold__strdup(r->sl[i].label)) == NULL)
            return nomem(r);
    }
    qsort(vl->v, vl->n, sizeof *vl->v, by_value);
    size_t k = 0;
    for (size_t i = 0; i < vl->n; i++) {
        if (k > 0 && vl->v[k - 1].value == vl->v[i].value) {
            free(vl->v[i].label);
            continue;
        }
        vl->v[k++] = vl->v[i];
    }
    vl->n = k;
    return WOLD_OK;
}

static wold_status value_labels(stat_read *r)
{
    wold_data *d = r->d;
    if (r->n_sl == 0)
        return WOLD_OK;
    d->value_labels = calloc(d->p ? d->p : 1, sizeof *d->value_labels);
    if (d->value_labels == NULL)
        return nomem(r);
    for (size_t i = 0; i < d->p; i++) {
        size_t j = wold__csv_header_find(&r->h, d->names[i]);
        if (j != (size_t)-1)
            WOLD_TRY(set_labels(r, j, &d->value_labels[i]));
    }
    return WOLD_OK;
}

/* A numeric label column's levels: each code's value label, or the
 * number as text. */
static wold_status numeric_levels(stat_read *r, size_t k)
{
    wold__value_labels vl = {0, NULL};
    size_t v = r->extra.label_fields[k];
    wold_status st = set_labels(r, v, &vl);
    wold_data scratch = {0};
    scratch.p = 1;
    scratch.value_labels = &vl;
    for (size_t row = 0; st == WOLD_OK && row < r->d->n; row++) {
        double x = r->label_num[k][row];
        if (isnan(x))
            continue; /* a string variable's row: coded already */
        char num[40];
        const char *s = wold_data_value_label(&scratch, 0, x);
        if (s == NULL) {
            number_text(num, sizeof num, x);
            s = num;
        }
        if (!wold__level_of(&r->lv[k], s, strlen(s),
                            &r->d->labels[k].codes[row]))
            st = nomem(r);
    }
    for (size_t i = 0; i < vl.n; i++)
        free(vl.v[i].label);
    free(vl.v);
    return st;
}

static wold_status check_scales(stat_read *r)
{
    if (r->model == NULL)
        return WOLD_OK;
    size_t row, v;
    double lo, hi;
    int found =
        wold__scale_find(r->d, r->model, r->dest, r->h.n, &row, &v, &lo, &hi);
    if (found < 0)
        return nomem(r);
    if (found == 0)
        return WOLD_OK;
    size_t mv = (size_t)r->dest[v];
    char a[32], b[32], x[40], from[600], msg[1024];
    wold__format_c(a, sizeof a, 15, lo);
    wold__format_c(b, sizeof b, 15, hi);
    number_text(x, sizeof x, r->d->x[row * r->d->p + mv]);
    wold__scale_origin(from, sizeof from, r->model, mv);
    wold__format_text(msg, sizeof msg,
                      "%s is outside the scale %s:%s of indicator '%s'%s", x,
                      a, b, r->d->names[mv], from);
    return cell_error(r, row, v, "%s", msg);
}

static wold_status finish_data(stat_read *r)
{
    if (!r->bound)
        WOLD_TRY(bind(r));
    wold_data *d = r->d;
    if (r->n_rows == 0)
        return wold__raise(r->err, WOLD_EINPUT, r->file, 0, 0, NULL, 0,
                           "the file has %zu variable%s but no data rows",
                           r->h.n, r->h.n == 1 ? "" : "s");
    d->n = r->n_rows;
    WOLD_TRY(check_scales(r));
    wold__csv_fill_repeats(d, r->model);
    wold__data_count_missing(d, r->model);
    WOLD_TRY(value_labels(r));
    for (size_t k = 0; k < d->n_labels; k++)
        WOLD_TRY(numeric_levels(r, k));
    return WOLD_OK;
}

/* ------------------------------------------------------------------------
 * The parse
 * ------------------------------------------------------------------------ */

static readstat_error_t parse(readstat_parser_t *p, wold_data_kind kind,
                              const char *path, stat_read *r)
{
    switch (kind) {
    case WOLD_DATA_SAV:
    case WOLD_DATA_ZSAV: return readstat_parse_sav(p, path, r);
    case WOLD_DATA_DTA: return readstat_parse_dta(p, path, r);
    case WOLD_DATA_SAS7BDAT: return readstat_parse_sas7bdat(p, path, r);
    case WOLD_DATA_CSV: break;
    }
    return READSTAT_ERROR_PARSE;
}

static wold_status read_file(stat_read *r, const char *path,
                             wold_data_kind kind)
{
    readstat_parser_t *p = readstat_parser_init();
    if (p == NULL)
        return nomem(r);
    readstat_set_metadata_handler(p, metadata_cb);
    readstat_set_variable_handler(p, variable_cb);
    readstat_set_value_handler(p, value_cb);
    readstat_set_value_label_handler(p, value_label_cb);
    readstat_set_error_handler(p, error_cb);
    readstat_error_t e = parse(p, kind, path, r);
    readstat_parser_free(p);
    if (r->st != WOLD_OK)
        return r->st; /* a callback's error, raised already */
    if (e == READSTAT_ERROR_MALLOC)
        return nomem(r);
    if (e != READSTAT_OK)
        return wold__raise(r->err, WOLD_EINPUT, r->file, 0, 0, NULL, 0,
                           "cannot read this %s file, it is damaged or "
                           "truncated: %s%s%s",
                           wold_data_kind_name(kind), readstat_error_message(e),
                           r->rs_msg[0] != '\0' ? ": " : "", r->rs_msg);
    return finish_data(r);
}

static void stat_read_end(stat_read *r)
{
    for (size_t j = 0; j < r->h.n; j++) {
        free(r->var_label[j]);
        free(r->var_set[j]);
    }
    free(r->var_label);
    free(r->var_set);
    free(r->string);
    wold__csv_header_free(&r->h);
    free(r->dest);
    free(r->extra.label_fields);
    for (size_t k = 0; r->lv != NULL && k < r->extra.n_labels; k++)
        free(r->lv[k].slot);
    free(r->lv);
    for (size_t k = 0; r->label_num != NULL && k < r->extra.n_labels; k++)
        free(r->label_num[k]);
    free(r->label_num);
    for (size_t i = 0; i < r->n_sl; i++) {
        free(r->sl[i].set);
        free(r->sl[i].label);
    }
    free(r->sl);
    wold_data_free(r->d);
}

wold_status wold_data_read_stat(wold_data **out, const char *path,
                                const wold_model *model,
                                const wold_csv_options *opt, wold_error *err)
{
    if (out == NULL || path == NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "wold_data_read_stat: out and path are required");
    *out = NULL;
    wold_data_kind kind;
    WOLD_TRY(stat_kind(path, &kind, err));
    stat_read r;
    memset(&r, 0, sizeof r);
    r.file = path;
    r.model = model;
    r.opt = opt;
    r.err = err;
    r.rows_hint = -1;
    r.extra.weight_field = (size_t)-1;
    wold_status st = read_file(&r, path, kind);
    if (st == WOLD_OK) {
        *out = r.d;
        r.d = NULL;
    }
    stat_read_end(&r);
    return st;
}

#endif
