/*
 * fuzz_csv.c - libFuzzer target of the CSV reader, from memory through
 * wold_data_parse_csv.
 *
 * The first input byte chooses the options, the rest is the CSV text:
 *     bits 0-1  separator: detected, ',', ';' or tab
 *     bits 2-3  model: none, or one of three fixed models below
 *     bit 4     without a model: also read the first column as a label
 *               and the last as weights (wold_csv_options)
 * Beyond crashes and sanitizer reports it checks what a read promises:
 * counts agree with the values (NaN exactly where a cell is missing, every
 * other value finite); names are non-empty and distinct, and a model's
 * indicators in model order; the data keep nothing of the text.  Two
 * differential checks: a read with a detected separator equals the read
 * with one of the three given; a read without a model, restricted to a
 * model built from its own column names, equals the read with that model.
 * A failure is a well-formed error (check.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define FILENAME "fuzz.csv"
#define MODEL_FILE "fuzz.wold"

static const char *const fixed_models[3] = {
    "F =~ a + b\nG =~ c\nG ~ F\n",
    "Expectation =~ exp1 + exp2 + exp3\nSatisfaction =~ sat1 + sat2\n"
    "Satisfaction ~ Expectation\n",
    "\xE9\xA1\xBE\xE5\xAE\xA2 =~ \xE8\xB4\xA8 + q.2\nL =~ x_3\n"
    "L ~ \xE9\xA1\xBE\xE5\xAE\xA2\n", /* 顾客 =~ 质 + q.2 */
};

static wold_model *parse_model(const char *text)
{
    wold_model *m = NULL;
    if (wold_model_parse(&m, text, strlen(text), MODEL_FILE, NULL) !=
        WOLD_OK)
        return NULL;
    return m;
}

static size_t count_nan(const double *x, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += isnan(x[i]) != 0;
    return k;
}

static void check_data(const wold_data *d, const wold_model *m,
                       size_t lines)
{
    size_t n = wold_data_n_rows(d), p = wold_data_n_cols(d);
    FUZZ_CHECK(strcmp(wold_data_source(d), FILENAME) == 0, "source '%s'",
               wold_data_source(d));
    FUZZ_CHECK(p >= 1, "no columns");
    FUZZ_CHECK(n < lines, "%zu rows in %zu lines", n, lines);
    if (m != NULL)
        FUZZ_CHECK(p == wold_model_n_mv(m), "%zu columns for %zu indicators",
                   p, wold_model_n_mv(m));
    for (size_t j = 0; j < p; j++) {
        const char *a = wold_data_col_name(d, j);
        FUZZ_CHECK(a != NULL && a[0] != '\0', "column %zu has no name", j);
        if (m != NULL)
            FUZZ_CHECK(strcmp(a, wold_model_mv_name(m, j)) == 0,
                       "column %zu is '%s'", j, a);
        for (size_t k = 0; k < j; k++)
            FUZZ_CHECK(strcmp(a, wold_data_col_name(d, k)) != 0,
                       "column '%s' twice", a);
    }
    FUZZ_CHECK(wold_data_col_name(d, p) == NULL, "a name past the end");
    const double *x = wold_data_values(d);
    FUZZ_CHECK(n == 0 || x != NULL, "no values");
    size_t incomplete = 0;
    for (size_t i = 0; i < n; i++) {
        size_t miss = count_nan(x + i * p, p);
        incomplete += miss > 0;
        for (size_t j = 0; j < p; j++)
            FUZZ_CHECK(isnan(x[i * p + j]) || isfinite(x[i * p + j]),
                       "row %zu column %zu: %g", i, j, x[i * p + j]);
    }
    FUZZ_CHECK(count_nan(x, n * p) == wold_data_n_missing_cells(d),
               "%zu NaN, %zu missing cells", count_nan(x, n * p),
               wold_data_n_missing_cells(d));
    FUZZ_CHECK(incomplete == wold_data_n_incomplete_rows(d),
               "%zu incomplete rows, counted %zu", incomplete,
               wold_data_n_incomplete_rows(d));
}

/* Column a of da equals column b of db, bit for bit (NaN = NaN). */
static int same_column(const wold_data *da, size_t a, const wold_data *db,
                       size_t b)
{
    size_t n = wold_data_n_rows(da), pa = wold_data_n_cols(da),
           pb = wold_data_n_cols(db);
    if (n != wold_data_n_rows(db) ||
        strcmp(wold_data_col_name(da, a), wold_data_col_name(db, b)) != 0)
        return 0;
    const double *xa = wold_data_values(da), *xb = wold_data_values(db);
    for (size_t i = 0; i < n; i++) {
        double u = xa[i * pa + a], v = xb[i * pb + b];
        if (isnan(u) ? !isnan(v) : memcmp(&u, &v, sizeof u) != 0)
            return 0;
    }
    return 1;
}

static int same_data(const wold_data *a, const wold_data *b)
{
    size_t p = wold_data_n_cols(a);
    if (p != wold_data_n_cols(b))
        return 0;
    for (size_t j = 0; j < p; j++)
        if (!same_column(a, j, b, j))
            return 0;
    return 1;
}

static wold_status parse(wold_data **d, const char *text, size_t len,
                         const wold_model *m, char sep, wold_error *err)
{
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.separator = sep;
    /* A copy of exactly len bytes: a read past the end is an ASan error,
     * and the data must not point into the text after it is freed. */
    char *copy = malloc(len ? len : 1);
    FUZZ_CHECK(copy != NULL, "out of memory");
    memcpy(copy, text, len);
    wold_error_clear(err);
    wold_status st = wold_data_parse_csv(d, copy, len, FILENAME, m, &opt,
                                         err);
    free(copy);
    return st;
}

/* A detected separator is one of the three, with the same result. */
static void check_detected(const wold_data *d, const char *text, size_t len,
                           const wold_model *m)
{
    static const char seps[3] = {',', ';', '\t'};
    int found = 0;
    for (size_t i = 0; i < 3 && !found; i++) {
        wold_data *e = NULL;
        wold_error err;
        if (parse(&e, text, len, m, seps[i], &err) == WOLD_OK)
            found = same_data(d, e);
        wold_data_free(e);
    }
    FUZZ_CHECK(found, "no given separator reads as the detected one");
}

/* A model of up to three of d's columns (last, first, middle), or NULL
 * when their names cannot be written in a model. */
static wold_model *model_of(const wold_data *d, size_t pick[3], size_t *k)
{
    size_t p = wold_data_n_cols(d);
    pick[0] = p - 1, pick[1] = 0, pick[2] = p / 2;
    *k = p >= 3 ? 3 : p;
    char text[3 * 1024 + 128];
    const char *nm[3];
    for (size_t i = 0; i < *k; i++) {
        nm[i] = wold_data_col_name(d, pick[i]);
        if (strlen(nm[i]) > 1000)
            return NULL;
    }
    if (*k == 1)
        snprintf(text, sizeof text, "LV_fuzz_1 =~ %s\n", nm[0]);
    else if (*k == 2)
        snprintf(text, sizeof text,
                 "LV_fuzz_1 =~ %s\nLV_fuzz_2 =~ %s\nLV_fuzz_2 ~ LV_fuzz_1\n",
                 nm[0], nm[1]);
    else
        snprintf(text, sizeof text,
                 "LV_fuzz_1 =~ %s + %s\nLV_fuzz_2 =~ %s\n"
                 "LV_fuzz_2 ~ LV_fuzz_1\n",
                 nm[0], nm[1], nm[2]);
    wold_model *m = parse_model(text);
    /* A name with model syntax in it ("a + b", "x # y") reads otherwise. */
    int same = m != NULL && wold_model_n_mv(m) == *k;
    for (size_t i = 0; same && i < *k; i++)
        same = strcmp(wold_model_mv_name(m, i), nm[i]) == 0;
    if (!same) {
        wold_model_free(m);
        return NULL;
    }
    return m;
}

/* What d reads restricted to a model of its own columns. */
static void check_restricted(const wold_data *d, const char *text,
                             size_t len, char sep)
{
    size_t pick[3], k;
    wold_model *m = model_of(d, pick, &k);
    if (m == NULL)
        return;
    wold_data *e = NULL;
    wold_error err;
    wold_status st = parse(&e, text, len, m, sep, &err);
    FUZZ_CHECK(st == WOLD_OK, "read without a model, fails with one: %s",
               err.message);
    for (size_t i = 0; i < k; i++)
        FUZZ_CHECK(same_column(d, pick[i], e, i),
                   "column %zu differs when read with a model", pick[i]);
    wold_data_free(e);
    wold_model_free(m);
}

/* The extra columns read as promised: weights finite and >= 0, every
 * row's label code below the levels, levels non-empty and distinct. */
static void check_extra(const wold_data *e, size_t n)
{
    const double *w = wold_data_weights(e);
    FUZZ_CHECK(w != NULL && wold_data_weights_name(e) != NULL, "no weights");
    FUZZ_CHECK(wold_data_n_rows(e) == n, "%zu rows, %zu without extras",
               wold_data_n_rows(e), n);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(isfinite(w[i]) && w[i] >= 0 && !signbit(w[i]),
                   "weight %zu is %g", i, w[i]);
    size_t L = wold_data_label_n_levels(e, 0);
    const size_t *c = wold_data_label_codes(e, 0);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(c[i] < L, "row %zu has level %zu of %zu", i, c[i], L);
    for (size_t l = 0; l < L && l < 64; l++) {
        const char *a = wold_data_label_level(e, 0, l);
        FUZZ_CHECK(a != NULL && strspn(a, " \t") < strlen(a),
                   "level %zu is blank", l);
        for (size_t k = 0; k < l; k++)
            FUZZ_CHECK(strcmp(a, wold_data_label_level(e, 0, k)) != 0,
                       "level '%s' twice", a);
    }
}

/* d's first column read as a label and its last as weights: the other
 * columns stay as they were, or the read fails with a well-formed error. */
static void check_labels_weights(const wold_data *d, const char *text,
                                 size_t len, char sep, long lines)
{
    size_t p = wold_data_n_cols(d);
    if (p < 3)
        return;
    const char *labels[] = {wold_data_col_name(d, 0)};
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.separator = sep;
    opt.weights = wold_data_col_name(d, p - 1);
    opt.labels = labels;
    opt.n_labels = 1;
    wold_data *e = NULL;
    wold_error err;
    wold_error_clear(&err);
    wold_status st = wold_data_parse_csv(&e, text, len, FILENAME, NULL, &opt,
                                         &err);
    if (st != WOLD_OK) {
        static const char *const files[] = {FILENAME, NULL};
        FUZZ_CHECK(e == NULL, "a failed read returned data");
        fuzz_check_error(st, &err, files, lines);
        return;
    }
    check_extra(e, wold_data_n_rows(d));
    FUZZ_CHECK(wold_data_n_cols(e) == p - 2, "%zu columns of %zu",
               wold_data_n_cols(e), p);
    for (size_t j = 0; j + 2 < p; j++)
        FUZZ_CHECK(same_column(d, j + 1, e, j), "column %zu differs", j + 1);
    wold_data_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wold_model *models[3];
    static int ready;
    if (!ready) {
        for (size_t i = 0; i < 3; i++) {
            models[i] = parse_model(fixed_models[i]);
            FUZZ_CHECK(models[i] != NULL, "fixed model %zu", i);
        }
        ready = 1;
    }
    unsigned flags = size > 0 ? data[0] : 0;
    static const char seps[4] = {0, ',', ';', '\t'};
    char sep = seps[flags & 3];
    const wold_model *m = (flags >> 2 & 3) ? models[(flags >> 2 & 3) - 1]
                                           : NULL;
    const char *text = size > 0 ? (const char *)data + 1 : "";
    size_t len = size > 0 ? size - 1 : 0;
    long lines = fuzz_count_lines(text, len);
    /* An error at an indicator is located in the model file. */
    long error_lines = m != NULL && lines < 4 ? 4 : lines;

    wold_data *d = NULL;
    wold_error err;
    wold_status st = parse(&d, text, len, m, sep, &err);
    if (st != WOLD_OK) {
        FUZZ_CHECK(d == NULL, "a failed read returned data");
        static const char *const files[] = {FILENAME, MODEL_FILE, NULL};
        fuzz_check_error(st, &err, files, error_lines);
        return 0;
    }
    FUZZ_CHECK(d != NULL, "read returned OK and no data");
    check_data(d, m, (size_t)lines);
    if (sep == 0)
        check_detected(d, text, len, m);
    if (m == NULL)
        check_restricted(d, text, len, sep);
    if (m == NULL && (flags & 16))
        check_labels_weights(d, text, len, sep, lines);
    wold_data_free(d);
    return 0;
}
