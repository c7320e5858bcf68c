/*
 * test_readstat.c - SPSS, Stata and SAS files (src/data/readstat.c,
 * sniff.c): the satisfaction data written to .sav, .zsav, .dta and
 * .sas7bdat with ReadStat's writer fit bit for bit as the CSV does;
 * declared missing codes are missing; variable and value labels are read;
 * a numeric labelled variable is a label column with the labels as its
 * levels; every error names the file and the variable.  Built without
 * ReadStat (WOLD_READSTAT=OFF), the reader's usage error is checked.
 */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#ifdef WOLD_TEST_READSTAT
#include <readstat.h>
#endif

static char dir[64];

static const char *in_dir(const char *name)
{
    static char path[4][128];
    static int k;
    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "%s/%s", dir, name);
    return path[k];
}

static void write_bytes(const char *path, const void *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void make_dir(void)
{
    if (dir[0] != '\0')
        return;
    snprintf(dir, sizeof dir, "/tmp/wold-readstat-XXXXXX");
    assert_non_null(mkdtemp(dir));
}

static void test_sniff_csv(void **state)
{
    (void)state;
    make_dir();
    write_bytes(in_dir("a.csv"), "a,b\n1,2\n", 8);
    assert_int_equal(wold_data_sniff(in_dir("a.csv")), WOLD_DATA_CSV);
    assert_int_equal(wold_data_sniff(in_dir("absent.sav")), WOLD_DATA_CSV);
    assert_int_equal(wold_data_sniff("-"), WOLD_DATA_CSV);
    assert_int_equal(wold_data_sniff(dir), WOLD_DATA_CSV); /* a directory */
    write_bytes(in_dir("empty"), "", 0);
    assert_int_equal(wold_data_sniff(in_dir("empty")), WOLD_DATA_CSV);
    write_bytes(in_dir("fake.sav"), "$FL2 and then nothing sensible", 30);
    assert_int_equal(wold_data_sniff(in_dir("fake.sav")), WOLD_DATA_SAV);
    /* Stata 114, low-high, file type 1. */
    write_bytes(in_dir("old.dta"), "\x72\x02\x01\x00 rest", 9);
    assert_int_equal(wold_data_sniff(in_dir("old.dta")), WOLD_DATA_DTA);
    assert_string_equal(wold_data_kind_name(WOLD_DATA_CSV), "CSV");
    assert_string_equal(wold_data_kind_name(WOLD_DATA_SAV), "SPSS .sav");
    assert_string_equal(wold_data_kind_name(WOLD_DATA_ZSAV), "SPSS .zsav");
    assert_string_equal(wold_data_kind_name(WOLD_DATA_DTA), "Stata .dta");
    assert_string_equal(wold_data_kind_name(WOLD_DATA_SAS7BDAT),
                        "SAS .sas7bdat");
}

#ifndef WOLD_TEST_READSTAT

static void test_without_readstat(void **state)
{
    (void)state;
    make_dir();
    write_bytes(in_dir("fake.sav"), "$FL2 and then nothing sensible", 30);
    wold_data *d = NULL;
    wold_error err;
    wold_status st = wold_data_read(&d, in_dir("fake.sav"), NULL, NULL, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EUSAGE, "apt-get install libreadstat-dev");
    assert_null(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff_csv),
        cmocka_unit_test(test_without_readstat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else

/* ------------------------------------------------------------------------
 * Writing the test files
 * ------------------------------------------------------------------------ */

static ssize_t to_fd(const void *data, size_t len, void *ctx)
{
    return write(*(int *)ctx, data, len);
}

/* What to write besides the CSV's columns. */
typedef struct extras {
    int missing99;     /* every 7th cell of imag1 and sat2 is 99, declared
                          missing (.sav) or tagged missing .a (.dta,
                          .sas7bdat); 2: a plain 99, not declared */
    double bad_weight; /* weight of row 5 (NaN: system missing) */
    int empty_region;  /* row 3's region is "" */
} extras;

static const char *const regions[] = {"north", "south", "east"};

static int cell_missing(const extras *x, size_t r, const char *name)
{
    return x->missing99 && r % 7 == 3 &&
           (strcmp(name, "imag1") == 0 || strcmp(name, "sat2") == 0);
}

static void add_variables(readstat_writer_t *w, const wold_data *csv,
                          wold_data_kind kind, const extras *x)
{
    readstat_label_set_t *gl = NULL, *il = NULL;
    if (kind != WOLD_DATA_SAS7BDAT) {
        gl = readstat_add_label_set(w, READSTAT_TYPE_INT32, "sexes");
        readstat_label_int32_value(gl, 0, "male");
        readstat_label_int32_value(gl, 1, "female");
        il = readstat_add_label_set(w, READSTAT_TYPE_INT32, "ends");
        readstat_label_int32_value(il, 1, "poor");
        readstat_label_int32_value(il, 10, "excellent");
    }
    for (size_t j = 0; j < wold_data_n_cols(csv); j++) {
        const char *name = wold_data_col_name(csv, j);
        readstat_variable_t *v =
            readstat_add_variable(w, name, READSTAT_TYPE_DOUBLE, 0);
        if (strcmp(name, "imag1") == 0)
            readstat_variable_set_label(v, "Reputation of the bank");
        if (strcmp(name, "gender") == 0 && gl != NULL)
            readstat_variable_set_label_set(v, gl);
        if (strcmp(name, "imag2") == 0 && il != NULL)
            readstat_variable_set_label_set(v, il);
        if (x->missing99 == 1 && kind != WOLD_DATA_DTA &&
            kind != WOLD_DATA_SAS7BDAT &&
            (strcmp(name, "imag1") == 0 || strcmp(name, "sat2") == 0))
            readstat_variable_add_missing_double_value(v, 99);
    }
    readstat_add_variable(w, "region", READSTAT_TYPE_STRING, 8);
    readstat_add_variable(w, "wt", READSTAT_TYPE_DOUBLE, 0);
}

static void write_row(readstat_writer_t *w, const wold_data *csv, size_t r,
                      wold_data_kind kind, const extras *x)
{
    size_t p = wold_data_n_cols(csv);
    assert_int_equal(readstat_begin_row(w), READSTAT_OK);
    for (size_t j = 0; j < p; j++) {
        const readstat_variable_t *v = readstat_get_variable(w, (int)j);
        if (!cell_missing(x, r, wold_data_col_name(csv, j)))
            readstat_insert_double_value(w, v, wold_data_values(csv)[r * p + j]);
        else if (x->missing99 == 1 && kind == WOLD_DATA_DTA)
            readstat_insert_tagged_missing_value(w, v, 'a');
        else if (x->missing99 == 1 && kind == WOLD_DATA_SAS7BDAT)
            readstat_insert_tagged_missing_value(w, v, 'A');
        else
            readstat_insert_double_value(w, v, 99);
    }
    const char *region = x->empty_region && r == 2 ? "" : regions[r % 3];
    readstat_insert_string_value(w, readstat_get_variable(w, (int)p), region);
    const readstat_variable_t *wv = readstat_get_variable(w, (int)p + 1);
    double weight = r == 4 ? x->bad_weight : 1.0 + (double)(r % 3);
    if (isnan(weight))
        readstat_insert_missing_value(w, wv);
    else
        readstat_insert_double_value(w, wv, weight);
    assert_int_equal(readstat_end_row(w), READSTAT_OK);
}

static readstat_error_t begin(readstat_writer_t *w, wold_data_kind kind,
                              int *fd, long n)
{
    switch (kind) {
    case WOLD_DATA_ZSAV:
        readstat_writer_set_compression(w, READSTAT_COMPRESS_BINARY);
        return readstat_begin_writing_sav(w, fd, n);
    case WOLD_DATA_SAV: return readstat_begin_writing_sav(w, fd, n);
    case WOLD_DATA_DTA: return readstat_begin_writing_dta(w, fd, n);
    case WOLD_DATA_SAS7BDAT: return readstat_begin_writing_sas7bdat(w, fd, n);
    case WOLD_DATA_CSV: break;
    }
    return READSTAT_ERROR_WRITE;
}

/* Writes the rows of csv (every column, no model) with x to path. */
static void write_stat(const char *path, const wold_data *csv,
                       wold_data_kind kind, const extras *x)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    readstat_writer_t *w = readstat_writer_init();
    readstat_set_data_writer(w, to_fd);
    add_variables(w, csv, kind, x);
    size_t n = wold_data_n_rows(csv);
    assert_int_equal(begin(w, kind, &fd, (long)n), READSTAT_OK);
    for (size_t r = 0; r < n; r++)
        write_row(w, csv, r, kind, x);
    assert_int_equal(readstat_end_writing(w), READSTAT_OK);
    readstat_writer_free(w);
    assert_int_equal(close(fd), 0);
}

/* ------------------------------------------------------------------------
 * The satisfaction data and its fit
 * ------------------------------------------------------------------------ */

static wold_data *csv_all;    /* every column of the CSV */
static wold_model *model;
static const char *csv_path;

static int setup(void **state)
{
    (void)state;
    make_dir();
    csv_path = strdup(wt_shared("datasets/satisfaction.csv"));
    if (!wt_exists(csv_path))
        return 0;
    wold_error err;
    if (wold_data_read_csv(&csv_all, csv_path, NULL, NULL, &err) != WOLD_OK ||
        wold_model_read(&model, wt_source("models/satisfaction.wold"),
                        &err) != WOLD_OK)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    wold_data_free(csv_all);
    wold_model_free(model);
    free((char *)csv_path);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

#define NEED_DATA()                                                    \
    do {                                                               \
        if (csv_all == NULL) {                                         \
            print_message("SKIPPED: %s is absent\n", csv_path);        \
            skip();                                                    \
        }                                                              \
    } while (0)

static wold_fit *fit_of(const wold_data *d)
{
    wold_moments *mo = NULL;
    wold_fit *fit = NULL;
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_error err;
    assert_int_equal(wold_moments_compute(&mo, d, WOLD_MISSING_LISTWISE, &err),
                     WOLD_OK);
    assert_int_equal(wold_fit_estimate(&fit, model, mo, &opt, &err), WOLD_OK);
    wold_moments_free(mo);
    return fit;
}

/* Every weight, loading and path of a and b, bit for bit. */
static void same_fit(const wold_fit *a, const wold_fit *b)
{
    size_t p = wold_model_n_mv(model), m = wold_model_n_lv(model);
    assert_memory_equal(wold_fit_weights(a), wold_fit_weights(b),
                        p * sizeof(double));
    for (size_t i = 0; i < p; i++) {
        double la = wold_fit_mv(a, i)->loading, lb = wold_fit_mv(b, i)->loading;
        assert_memory_equal(&la, &lb, sizeof la);
    }
    assert_memory_equal(wold_fit_paths(a), wold_fit_paths(b),
                        m * m * sizeof(double));
    assert_int_equal(wold_fit_n(a), wold_fit_n(b));
}

static wold_data *read_ok(const char *path, const wold_model *m,
                          const wold_csv_options *opt)
{
    wold_data *d = NULL;
    wold_error err;
    wold_status st = wold_data_read(&d, path, m, opt, &err);
    if (st != WOLD_OK) {
        char buf[2048];
        wold_error_format(&err, buf, sizeof buf);
        fail_msg("%s", buf);
    }
    return d;
}

static const wold_data_kind kinds[] = {WOLD_DATA_SAV, WOLD_DATA_ZSAV,
                                       WOLD_DATA_DTA, WOLD_DATA_SAS7BDAT};
static const char *const suffixes[] = {"s.sav", "s.zsav", "s.dta",
                                       "s.sas7bdat"};

static void test_same_fit(void **state)
{
    (void)state;
    NEED_DATA();
    wold_data *csv = read_ok(csv_path, model, NULL);
    wold_fit *want = fit_of(csv);
    extras x = {0, 1.0, 0};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const char *path = in_dir(suffixes[k]);
        write_stat(path, csv_all, kinds[k], &x);
        assert_int_equal(wold_data_sniff(path), kinds[k]);
        wold_data *d = read_ok(path, model, NULL);
        assert_int_equal(wold_data_n_rows(d), wold_data_n_rows(csv));
        assert_int_equal(wold_data_n_cols(d), wold_data_n_cols(csv));
        assert_memory_equal(wold_data_values(d), wold_data_values(csv),
                            wold_data_n_rows(d) * wold_data_n_cols(d) *
                                sizeof(double));
        assert_string_equal(wold_data_source(d), path);
        wold_fit *got = fit_of(d);
        same_fit(want, got);
        wold_fit_free(got);
        wold_data_free(d);
    }
    wold_fit_free(want);
    wold_data_free(csv);
}

/* The CSV text of csv_all with the cells x declares missing left empty. */
static char *csv_with_gaps(const extras *x, size_t *len)
{
    size_t n = wold_data_n_rows(csv_all), p = wold_data_n_cols(csv_all);
    size_t cap = (n + 1) * p * 24 + 1, k = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    for (size_t j = 0; j < p; j++)
        k += (size_t)snprintf(t + k, cap - k, "%s%c",
                              wold_data_col_name(csv_all, j),
                              j + 1 < p ? ',' : '\n');
    for (size_t r = 0; r < n; r++)
        for (size_t j = 0; j < p; j++) {
            char num[32] = "";
            if (!cell_missing(x, r, wold_data_col_name(csv_all, j)))
                wold_format_double(wold_data_values(csv_all)[r * p + j], num);
            k += (size_t)snprintf(t + k, cap - k, "%s%c", num,
                                  j + 1 < p ? ',' : '\n');
        }
    *len = k;
    return t;
}

static void test_missing_codes(void **state)
{
    (void)state;
    NEED_DATA();
    extras x = {1, 1.0, 0};
    size_t len;
    char *text = csv_with_gaps(&x, &len);
    wold_data *csv = NULL;
    wold_error err;
    assert_int_equal(wold_data_parse_csv(&csv, text, len, "gaps.csv", model,
                                         NULL, &err),
                     WOLD_OK);
    free(text);
    assert_true(wold_data_n_missing_cells(csv) > 0);
    wold_fit *want = fit_of(csv);
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const char *path = in_dir(suffixes[k]);
        write_stat(path, csv_all, kinds[k], &x);
        wold_data *d = read_ok(path, model, NULL);
        assert_int_equal(wold_data_n_missing_cells(d),
                         wold_data_n_missing_cells(csv));
        assert_int_equal(wold_data_n_incomplete_rows(d),
                         wold_data_n_incomplete_rows(csv));
        assert_true(isnan(wold_data_values(d)[3 * wold_data_n_cols(d)]));
        wold_fit *got = fit_of(d);
        same_fit(want, got);
        wold_fit_free(got);
        wold_data_free(d);
    }
    wold_fit_free(want);
    wold_data_free(csv);
}

/* A model with a higher-order construct over IMAG (which has the gaps):
 * its repeats hold imag1's cells again, but the missing cells counted are
 * the file's, as the CSV reader counts them. */
static void test_missing_codes_hoc(void **state)
{
    (void)state;
    NEED_DATA();
    wold_model *hoc = wt_model("IMAG =~ imag1 + imag2 + imag3 + imag4 + imag5\n"
                               "EXPE =~ expe1 + expe2 + expe3 + expe4 + expe5\n"
                               "SAT =~ sat1 + sat2 + sat3 + sat4\n"
                               "PRIOR =~ IMAG + EXPE\nSAT ~ PRIOR\n"
                               "scale 0:10\n");
    extras x = {1, 1.0, 0};
    size_t len;
    char *text = csv_with_gaps(&x, &len);
    wold_data *csv = NULL;
    wold_error err;
    assert_int_equal(wold_data_parse_csv(&csv, text, len, "gaps.csv", hoc,
                                         NULL, &err),
                     WOLD_OK);
    free(text);
    assert_true(wold_data_n_missing_cells(csv) > 0);
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const char *path = in_dir(suffixes[k]);
        write_stat(path, csv_all, kinds[k], &x);
        wold_data *d = read_ok(path, hoc, NULL);
        assert_int_equal(wold_data_n_cols(d), wold_data_n_cols(csv));
        assert_int_equal(wold_data_n_missing_cells(d),
                         wold_data_n_missing_cells(csv));
        assert_int_equal(wold_data_n_incomplete_rows(d),
                         wold_data_n_incomplete_rows(csv));
        wold_data_free(d);
    }
    wold_data_free(csv);
    wold_model_free(hoc);
}

static size_t col_of(const wold_data *d, const char *name)
{
    for (size_t j = 0; j < wold_data_n_cols(d); j++)
        if (strcmp(wold_data_col_name(d, j), name) == 0)
            return j;
    fail_msg("no column %s", name);
    return 0;
}

static void test_labels(void **state)
{
    (void)state;
    NEED_DATA();
    extras x = {0, 1.0, 0};
    for (size_t k = 0; k < 3; k++) { /* SAS7BDAT has no value labels */
        const char *path = in_dir(suffixes[k]);
        write_stat(path, csv_all, kinds[k], &x);
        /* Without a model: every numeric variable (not region). */
        wold_data *d = read_ok(path, NULL, NULL);
        assert_int_equal(wold_data_n_cols(d), wold_data_n_cols(csv_all) + 1);
        size_t im = col_of(d, "imag1"), g = col_of(d, "gender");
        assert_string_equal(wold_data_col_label(d, im),
                            "Reputation of the bank");
        assert_null(wold_data_col_label(d, g));
        assert_string_equal(wold_data_value_label(d, g, 0), "male");
        assert_string_equal(wold_data_value_label(d, g, 1), "female");
        assert_null(wold_data_value_label(d, g, 2));
        assert_null(wold_data_value_label(d, im, 1));
        size_t i2 = col_of(d, "imag2");
        assert_string_equal(wold_data_value_label(d, i2, 10), "excellent");
        assert_null(wold_data_col_label(d, wold_data_n_cols(d)));
        wold_data_free(d);
        /* With the model: labels of the model's columns. */
        d = read_ok(path, model, NULL);
        assert_string_equal(wold_data_col_label(d, 0), "Reputation of the bank");
        assert_string_equal(wold_data_value_label(d, 1, 1), "poor");
        wold_data_free(d);
    }
    /* A CSV file has none. */
    assert_null(wold_data_col_label(csv_all, 0));
    assert_null(wold_data_value_label(csv_all, 0, 1));
}

static void test_label_columns(void **state)
{
    (void)state;
    NEED_DATA();
    extras x = {0, 1.0, 0};
    const char *labels[] = {"gender", "region"};
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.labels = labels;
    opt.n_labels = 2;
    opt.weights = "wt";
    size_t g = col_of(csv_all, "gender"), p = wold_data_n_cols(csv_all);
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const char *path = in_dir(suffixes[k]);
        write_stat(path, csv_all, kinds[k], &x);
        wold_data *d = read_ok(path, model, &opt);
        assert_int_equal(wold_data_n_labels(d), 2);
        assert_string_equal(wold_data_label_name(d, 0), "gender");
        assert_int_equal(wold_data_label_n_levels(d, 0), 2);
        const size_t *codes = wold_data_label_codes(d, 0);
        int sas = kinds[k] == WOLD_DATA_SAS7BDAT;
        for (size_t r = 0; r < wold_data_n_rows(d); r++) {
            double v = wold_data_values(csv_all)[r * p + g];
            const char *want = sas ? (v == 0 ? "0" : "1")
                                   : (v == 0 ? "male" : "female");
            assert_string_equal(wold_data_label_level(d, 0, codes[r]), want);
        }
        assert_int_equal(wold_data_label_n_levels(d, 1), 3);
        assert_string_equal(wold_data_label_level(d, 1, 0), "north");
        assert_int_equal(wold_data_label_codes(d, 1)[4], 1);
        assert_string_equal(wold_data_weights_name(d), "wt");
        assert_true(wold_data_weights(d)[5] == 3.0);
        wold_data_free(d);
    }
}

/* ------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------ */

static void expect(const char *path, const wold_model *m,
                   const wold_csv_options *opt, wold_status want,
                   const char *needle)
{
    wold_data *d = NULL;
    wold_error err;
    wold_status st = wold_data_read(&d, path, m, opt, &err);
    WT_EXPECT_ERROR(st, &err, want, needle);
    assert_null(d);
}

static void test_variable_errors(void **state)
{
    (void)state;
    NEED_DATA();
    extras x = {0, 1.0, 0};
    const char *path = in_dir("e.sav");
    write_stat(path, csv_all, WOLD_DATA_SAV, &x);
    wold_model *m = wt_model("A =~ region + imag1\nB =~ imag2 + imag3\n"
                             "B ~ A\n");
    expect(path, m, NULL, WOLD_EINPUT,
           "variable 'region' (variable 29): a string variable, but "
           "indicator 'region' of the model needs numbers");
    wold_model_free(m);
    m = wt_model("A =~ imag11 + imag2\nB =~ imag3 + imag4\nB ~ A\n");
    expect(path, m, NULL, WOLD_EINPUT,
           "indicator 'imag11' is not a column of ");
    expect(path, m, NULL, WOLD_EINPUT, "did you mean 'imag1'?");
    wold_model_free(m);
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.weights = "wgt";
    expect(path, model, &opt, WOLD_EINPUT,
           "e.sav: error: weight column 'wgt' is not a column of ");
    expect(path, model, &opt, WOLD_EINPUT, "did you mean 'wt'?");
    opt.weights = "region";
    expect(path, model, &opt, WOLD_EINPUT,
           "variable 'region' (variable 29): a string variable, but the "
           "weight column needs numbers");
    const char *labels[] = {"regoin"};
    opt.weights = NULL;
    opt.labels = labels;
    opt.n_labels = 1;
    expect(path, model, &opt, WOLD_EINPUT,
           "label column 'regoin' is not a column of");
}

static void test_row_errors(void **state)
{
    (void)state;
    NEED_DATA();
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.weights = "wt";
    extras x = {0, -1.0, 0};
    const char *path = in_dir("w.dta");
    write_stat(path, csv_all, WOLD_DATA_DTA, &x);
    expect(path, model, &opt, WOLD_EINPUT,
           "w.dta: error: row 5, variable 'wt': expected a weight >= 0, "
           "found -1");
    x.bad_weight = NAN;
    write_stat(path, csv_all, WOLD_DATA_DTA, &x);
    expect(path, model, &opt, WOLD_EINPUT,
           "row 5, variable 'wt': expected a weight (a number >= 0), found "
           "a missing value; every row needs a weight");
    x.bad_weight = 1.0;
    x.empty_region = 1;
    write_stat(path, csv_all, WOLD_DATA_DTA, &x);
    const char *labels[] = {"region"};
    opt.labels = labels;
    opt.n_labels = 1;
    expect(path, model, &opt, WOLD_EINPUT,
           "row 3, variable 'region': expected a label (a name), found an "
           "empty value; every row needs one");
    /* 99 not declared missing: a number, outside the 0:10 scale. */
    x.missing99 = 2;
    x.empty_region = 0;
    path = in_dir("scale.sas7bdat");
    write_stat(path, csv_all, WOLD_DATA_SAS7BDAT, &x);
    expect(path, model, NULL, WOLD_EINPUT,
           "row 4, variable 'imag1': 99 is outside the scale 0:10 of "
           "indicator 'imag1' (the scale on line");
}

static void copy_prefix(const char *from, const char *to, double share)
{
    FILE *f = fopen(from, "rb");
    assert_non_null(f);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    write_bytes(to, buf, (size_t)((double)n * share));
}

static void test_damaged(void **state)
{
    (void)state;
    NEED_DATA();
    extras x = {0, 1.0, 0};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        write_stat(in_dir(suffixes[k]), csv_all, kinds[k], &x);
        char cut[32];
        snprintf(cut, sizeof cut, "cut-%s", suffixes[k]);
        copy_prefix(in_dir(suffixes[k]), in_dir(cut), 0.5);
        char want[64];
        snprintf(want, sizeof want, "cannot read this %s file",
                 wold_data_kind_name(kinds[k]));
        expect(in_dir(cut), model, NULL, WOLD_EINPUT, want);
        expect(in_dir(cut), model, NULL, WOLD_EINPUT, "damaged or truncated");
    }
    write_bytes(in_dir("garbage.sav"), "$FL2 and then nothing sensible", 30);
    expect(in_dir("garbage.sav"), model, NULL, WOLD_EINPUT,
           "garbage.sav: error: cannot read this SPSS .sav file, it is "
           "damaged or truncated");
    /* An empty file is CSV to wold_data_read; wold_data_read_stat says. */
    write_bytes(in_dir("empty.sav"), "", 0);
    wold_data *d = NULL;
    wold_error err;
    wold_status st = wold_data_read(&d, in_dir("empty.sav"), model, NULL, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, "empty.sav");
    st = wold_data_read_stat(&d, in_dir("empty.sav"), model, NULL, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, "empty.sav: error: the file is empty");
    st = wold_data_read_stat(&d, in_dir("absent.sav"), model, NULL, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT,
                    "absent.sav: error: cannot open the file: No such file");
    st = wold_data_read_stat(&d, csv_path, model, NULL, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, "not an SPSS, Stata or SAS file");
    st = wold_data_read_stat(NULL, csv_path, model, NULL, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EUSAGE, "out and path are required");
    assert_null(d);
}

/* A file of variables and no rows. */
static void test_no_rows(void **state)
{
    (void)state;
    int fd = open(in_dir("none.sav"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    readstat_writer_t *w = readstat_writer_init();
    readstat_set_data_writer(w, to_fd);
    readstat_add_variable(w, "a", READSTAT_TYPE_DOUBLE, 0);
    readstat_add_variable(w, "b", READSTAT_TYPE_DOUBLE, 0);
    assert_int_equal(readstat_begin_writing_sav(w, &fd, 0), READSTAT_OK);
    assert_int_equal(readstat_end_writing(w), READSTAT_OK);
    readstat_writer_free(w);
    close(fd);
    expect(in_dir("none.sav"), NULL, NULL, WOLD_EINPUT,
           "none.sav: error: the file has 2 variables but no data rows");
}

/* Two variables of one name (Stata's writer lets them through). */
static void test_duplicate(void **state)
{
    (void)state;
    int fd = open(in_dir("dup.dta"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    readstat_writer_t *w = readstat_writer_init();
    readstat_set_data_writer(w, to_fd);
    const char *names[] = {"a", "b", "a"};
    for (int j = 0; j < 3; j++)
        readstat_add_variable(w, names[j], READSTAT_TYPE_DOUBLE, 0);
    readstat_error_t e = readstat_begin_writing_dta(w, &fd, 1);
    if (e == READSTAT_OK) {
        readstat_begin_row(w);
        for (int j = 0; j < 3; j++)
            readstat_insert_double_value(w, readstat_get_variable(w, j), j);
        readstat_end_row(w);
        e = readstat_end_writing(w);
    }
    readstat_writer_free(w);
    close(fd);
    if (e != READSTAT_OK) {
        print_message("SKIPPED: ReadStat does not write duplicate names (%s)\n",
                      readstat_error_message(e));
        skip();
    }
    expect(in_dir("dup.dta"), NULL, NULL, WOLD_EINPUT,
           "dup.dta: error: variable 'a' (variable 1): variable 3 has the "
           "same name");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff_csv),
        cmocka_unit_test(test_duplicate),
        cmocka_unit_test(test_same_fit),
        cmocka_unit_test(test_missing_codes),
        cmocka_unit_test(test_missing_codes_hoc),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_label_columns),
        cmocka_unit_test(test_variable_errors),
        cmocka_unit_test(test_row_errors),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_no_rows),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

#endif
