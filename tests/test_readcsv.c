/* test_readcsv.c - wold_sums_read_csv: the streamed file against the
 * in-memory reader, for any number of threads and parts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static const char *const MODEL =
    "A =~ x1 + x2 + x3\n"
    "B =~ x4 + x5\n"
    "B ~ A\n";

/* A file of rows rows (about 38 bytes each): an id, five indicators on
 * 1..9 with a missing cell now and then, a weight and a company label. */
static char *big_text(size_t rows, size_t *len)
{
    size_t cap = rows * 64 + 100, used = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    used += (size_t)sprintf(s, "id,x1,x2,x3,x4,x5,w,company\n");
    unsigned long z = 12345;
    for (size_t r = 0; r < rows; r++) {
        used += (size_t)sprintf(s + used, "%zu", r + 1);
        for (int j = 0; j < 5; j++) {
            z = z * 6364136223846793005UL + 1442695040888963407UL;
            unsigned v = (unsigned)(z >> 33) % 9 + 1;
            if ((z >> 20) % 97 == 0)
                used += (size_t)sprintf(s + used, ",");
            else
                used += (size_t)sprintf(s + used, ",%u", v);
        }
        used += (size_t)sprintf(s + used, ",%.2f,C%zu\n",
                                0.5 + (double)(r % 7) / 4.0, r % 13);
    }
    *len = used;
    return s;
}

static char *write_temp(const char *text, size_t len)
{
    char *path = wt_temp_file("", ".csv");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

static wold_sums *sums_of(const char *path, const wold_model *m,
                          unsigned threads, const char *weights,
                          const char *group, size_t part, size_t parts)
{
    wold_csv_options csv;
    wold_csv_options_default(&csv);
    csv.threads = threads;
    csv.weights = weights;
    wold_sums_options so;
    wold_sums_options_default(&so);
    so.group = group;
    so.part = part;
    so.n_parts = parts;
    wold_sums *s = NULL;
    wold_error err;
    wold_status st = wold_sums_read_csv(&s, path, m, &csv, &so, &err);
    if (st != WOLD_OK) {
        char buf[2048];
        wold_error_format(&err, buf, sizeof buf);
        fail_msg("%s", buf);
    }
    return s;
}

static wold_moments *moments_of(const wold_sums *s, size_t g,
                                wold_missing missing)
{
    wold_moments *mo = NULL;
    wold_error err;
    assert_int_equal(wold_sums_moments(&mo, s, g, missing, &err), WOLD_OK);
    return mo;
}

static void expect_identical(const wold_moments *a, const wold_moments *b)
{
    size_t p = wold_moments_p(a);
    assert_int_equal(wold_moments_n(a), wold_moments_n(b));
    assert_memory_equal(wold_moments_means(a), wold_moments_means(b),
                        p * sizeof(double));
    assert_memory_equal(wold_moments_cov(a), wold_moments_cov(b),
                        p * p * sizeof(double));
}

static void expect_close(const wold_moments *a, const wold_moments *b)
{
    size_t p = wold_moments_p(a);
    assert_int_equal(wold_moments_n(a), wold_moments_n(b));
    for (size_t i = 0; i < p; i++)
        WT_NEAR(wold_moments_means(a)[i], wold_moments_means(b)[i],
                1e-12 * fabs(wold_moments_means(b)[i]), "mean");
    for (size_t i = 0; i < p * p; i++)
        WT_NEAR(wold_moments_cov(a)[i], wold_moments_cov(b)[i], 1e-12,
                "covariance");
}

typedef struct fixture {
    wold_model *m;
    char *text, *path;
    size_t len;
    wold_data *d;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    fx->m = wt_model(MODEL);
    fx->text = big_text(120000, &fx->len); /* about 4.6 MB: 5 chunks */
    fx->path = write_temp(fx->text, fx->len);
    wold_csv_options csv;
    wold_csv_options_default(&csv);
    wold_error err;
    assert_int_equal(wold_data_read_csv(&fx->d, fx->path, fx->m, &csv, &err),
                     WOLD_OK);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    remove(fx->path);
    free(fx->path);
    free(fx->text);
    wold_data_free(fx->d);
    wold_model_free(fx->m);
    free(fx);
    return 0;
}

/* The streamed moments are the in-memory reader's, up to rounding. */
static void test_same_as_in_memory(void **state)
{
    fixture *fx = *state;
    wold_sums *s = sums_of(fx->path, fx->m, 2, NULL, NULL, 0, 0);
    assert_int_equal(wold_sums_n_rows(s, (size_t)-1), 120000);
    assert_int_equal(wold_sums_n_missing_cells(s, (size_t)-1),
                     wold_data_n_missing_cells(fx->d));
    assert_int_equal(wold_sums_n_incomplete_rows(s, (size_t)-1),
                     wold_data_n_incomplete_rows(fx->d));
    for (int rule = 0; rule < 2; rule++) {
        wold_moments *a = moments_of(s, (size_t)-1, (wold_missing)rule), *b;
        wold_error err;
        assert_int_equal(wold_moments_compute(&b, fx->d, (wold_missing)rule,
                                              &err),
                         WOLD_OK);
        expect_close(a, b);
        wold_moments_free(a);
        wold_moments_free(b);
    }
    wold_sums_free(s);
}

/* Bit for bit the same for 1, 2, 3 and 5 threads. */
static void test_threads_bitwise(void **state)
{
    fixture *fx = *state;
    wold_sums *s1 = sums_of(fx->path, fx->m, 1, "w", NULL, 0, 0);
    wold_moments *m1 = moments_of(s1, (size_t)-1, WOLD_MISSING_MEAN);
    static const unsigned threads[] = {2, 3, 5};
    for (size_t k = 0; k < 3; k++) {
        wold_sums *s = sums_of(fx->path, fx->m, threads[k], "w", NULL, 0, 0);
        wold_moments *mo = moments_of(s, (size_t)-1, WOLD_MISSING_MEAN);
        expect_identical(mo, m1);
        wold_moments_free(mo);
        wold_sums_free(s);
    }
    wold_moments_free(m1);
    wold_sums_free(s1);
}

/* Parts (MPI ranks) joined in order equal the whole, bit for bit. */
static void test_parts_bitwise(void **state)
{
    fixture *fx = *state;
    wold_sums *whole = sums_of(fx->path, fx->m, 1, NULL, NULL, 0, 0);
    wold_moments *mw = moments_of(whole, (size_t)-1, WOLD_MISSING_LISTWISE);
    for (size_t parts = 2; parts <= 4; parts++) {
        wold_sums *acc = sums_of(fx->path, fx->m, 2, NULL, NULL, 0, parts);
        for (size_t k = 1; k < parts; k++) {
            wold_sums *s = sums_of(fx->path, fx->m, 1, NULL, NULL, k, parts);
            wold_error err;
            assert_int_equal(wold_sums_join(acc, s, &err), WOLD_OK);
            wold_sums_free(s);
        }
        wold_moments *mo = moments_of(acc, (size_t)-1, WOLD_MISSING_LISTWISE);
        expect_identical(mo, mw);
        wold_moments_free(mo);
        wold_sums_free(acc);
    }
    wold_moments_free(mw);
    wold_sums_free(whole);
}

/* Per group: the moments of the group's rows read alone. */
static void test_groups(void **state)
{
    fixture *fx = *state;
    wold_sums *s = sums_of(fx->path, fx->m, 3, "w", "company", 0, 0);
    assert_int_equal(wold_sums_n_groups(s), 13);
    assert_string_equal(wold_sums_group_label(s, 0), "C0");
    assert_string_equal(wold_sums_group_label(s, 12), "C12");
    assert_string_equal(wold_sums_group_name(s), "company");
    assert_string_equal(wold_sums_weights_name(s), "w");
    /* Group C5 by hand: its rows into a file of their own. */
    size_t cap = fx->len, used = 0;
    char *sub = malloc(cap);
    const char *p = fx->text;
    const char *nl = strchr(p, '\n');
    memcpy(sub, p, (size_t)(nl + 1 - p));
    used = (size_t)(nl + 1 - p);
    for (p = nl + 1; *p; p = nl + 1) {
        nl = strchr(p, '\n');
        size_t n = (size_t)(nl + 1 - p);
        if (n > 4 && memcmp(nl - 3, ",C5", 3) == 0) {
            memcpy(sub + used, p, n);
            used += n;
        }
    }
    char *path = write_temp(sub, used);
    wold_sums *alone = sums_of(path, fx->m, 1, "w", NULL, 0, 0);
    wold_moments *a = moments_of(s, 5, WOLD_MISSING_MEAN);
    wold_moments *b = moments_of(alone, (size_t)-1, WOLD_MISSING_MEAN);
    expect_close(a, b);
    wold_moments_free(a);
    wold_moments_free(b);
    wold_sums_free(alone);
    remove(path);
    free(path);
    free(sub);
    wold_sums_free(s);
}

/* The error of a bad file: the in-memory reader's, whatever the threads. */
static void expect_same_error(const char *text, size_t len,
                              const wold_model *m, const char *weights,
                              const char *needle)
{
    char *path = write_temp(text, len);
    wold_csv_options csv;
    wold_csv_options_default(&csv);
    csv.weights = weights;
    wold_data *d = NULL;
    wold_error want, got;
    wold_status st = wold_data_read_csv(&d, path, m, &csv, &want);
    WT_EXPECT_ERROR(st, &want, WOLD_EINPUT, needle);
    for (unsigned t = 1; t <= 3; t++) {
        csv.threads = t;
        wold_sums *s = NULL;
        st = wold_sums_read_csv(&s, path, m, &csv, NULL, &got);
        assert_int_equal(st, WOLD_EINPUT);
        assert_null(s);
        assert_string_equal(got.message, want.message);
        assert_int_equal(got.line, want.line);
        assert_int_equal(got.col, want.col);
        assert_string_equal(got.source_line, want.source_line);
    }
    remove(path);
    free(path);
}

/* Replaces the text of field `field` (0-based) of data row `row`. */
static char *with_cell(const fixture *fx, size_t row, int field,
                       const char *cell, size_t *len)
{
    const char *p = strchr(fx->text, '\n') + 1;
    for (size_t r = 0; r < row; r++)
        p = strchr(p, '\n') + 1;
    for (int f = 0; f < field; f++)
        p = strchr(p, ',') + 1;
    const char *q = p + strcspn(p, ",\n");
    size_t head = (size_t)(p - fx->text), tail = fx->len - (size_t)(q - fx->text);
    char *s = malloc(head + strlen(cell) + tail + 1);
    memcpy(s, fx->text, head);
    memcpy(s + head, cell, strlen(cell));
    memcpy(s + head + strlen(cell), q, tail);
    *len = head + strlen(cell) + tail;
    s[*len] = '\0';
    return s;
}

static void test_errors_in_later_chunks(void **state)
{
    fixture *fx = *state;
    size_t len;
    char *s = with_cell(fx, 90000, 2, "seven", &len);
    expect_same_error(s, len, fx->m, NULL, "expected a number");
    free(s);
    /* Two bad cells: the first in file order is the one reported. */
    char *t = with_cell(fx, 110000, 3, "x", &len);
    fixture f2 = *fx;
    f2.text = t;
    f2.len = len;
    s = with_cell(&f2, 50000, 4, "1e999", &len);
    expect_same_error(s, len, fx->m, NULL, "too large for a double");
    free(s);
    free(t);
    s = with_cell(fx, 100000, 6, "-1", &len);
    expect_same_error(s, len, fx->m, "w", "expected a weight >= 0");
    free(s);
    s = with_cell(fx, 80000, 5, "3,4", &len);
    expect_same_error(s, len, fx->m, NULL, "fields, expected 8");
    free(s);
}

static void test_scale_error_in_later_chunk(void **state)
{
    fixture *fx = *state;
    wold_model *m = wt_model("scale 1:9\n"
                             "A =~ x1 + x2 + x3\n"
                             "B =~ x4 + x5\n"
                             "B ~ A\n");
    size_t len;
    char *s = with_cell(fx, 101000, 4, "10", &len);
    expect_same_error(s, len, m, NULL, "outside the scale 1:9");
    free(s);
    wold_model_free(m);
}

/* A quoted label holding line breaks across every cut: the records stay
 * whole (the file is read again in order) and the moments are right. */
static void test_quoted_line_breaks_at_cuts(void **state)
{
    fixture *fx = *state;
    size_t cap = fx->len + 100000, used = 0;
    char *s = malloc(cap);
    const char *p = fx->text;
    size_t next_cut = 1 << 20;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = (size_t)(nl + 1 - p);
        if (used + n + 40 > next_cut && used < next_cut) {
            /* This row's label becomes "C1\n\nx" quoted, astride the cut. */
            const char *c = nl - 1;
            while (*c != ',')
                c--;
            size_t keep = (size_t)(c + 1 - p);
            memcpy(s + used, p, keep);
            used += keep;
            size_t pad = next_cut - used - 4;
            s[used++] = '"';
            memset(s + used, 'a', pad);
            used += pad;
            memcpy(s + used, "\n\n\nb\"\n", 6);
            used += 6;
            next_cut += 1 << 20;
        } else {
            memcpy(s + used, p, n);
            used += n;
        }
        p = nl + 1;
    }
    char *path = write_temp(s, used);
    wold_csv_options csv;
    wold_csv_options_default(&csv);
    wold_data *d = NULL;
    wold_error err;
    assert_int_equal(wold_data_read_csv(&d, path, fx->m, &csv, &err), WOLD_OK);
    wold_moments *want = NULL;
    assert_int_equal(wold_moments_compute(&want, d, WOLD_MISSING_MEAN, &err),
                     WOLD_OK);
    for (unsigned t = 1; t <= 3; t += 2) {
        wold_sums *sm = sums_of(path, fx->m, t, NULL, "company", 0, 0);
        assert_int_equal(wold_sums_n_rows(sm, (size_t)-1),
                         wold_data_n_rows(d));
        wold_moments *mo = moments_of(sm, (size_t)-1, WOLD_MISSING_MEAN);
        expect_close(mo, want);
        wold_moments_free(mo);
        wold_sums_free(sm);
    }
    wold_moments_free(want);
    wold_data_free(d);
    remove(path);
    free(path);
    free(s);
}

/* Tiny files: the in-memory reader's verdict; one row: too few for
 * moments. */
static void test_small_files(void **state)
{
    (void)state;
    wold_model *m = wt_model(MODEL);
    static const char *const texts[] = {"x1,x2,x3,x4,x5\n",
                                        "x1,x2,x3,x4,x5", "",
                                        "x1,x2,x3,x4,x5\n\n\n"};
    for (size_t k = 0; k < 4; k++)
        expect_same_error(texts[k], strlen(texts[k]), m, NULL, "");
    const char *one = "x1,x2,x3,x4,x5\n1,2,3,4,5";
    char *path = write_temp(one, strlen(one));
    wold_sums *s = sums_of(path, m, 2, NULL, NULL, 0, 0);
    assert_int_equal(wold_sums_n_rows(s, (size_t)-1), 1);
    wold_moments *mo = NULL;
    wold_error err;
    WT_EXPECT_ERROR(wold_sums_moments(&mo, s, (size_t)-1,
                                      WOLD_MISSING_LISTWISE, &err),
                    &err, WOLD_EINPUT, "row");
    wold_sums_free(s);
    remove(path);
    free(path);
    wold_csv_options csv;
    wold_csv_options_default(&csv);
    WT_EXPECT_ERROR(wold_sums_read_csv(&s, "/nonexistent/x.csv", m, &csv,
                                       NULL, &err),
                    &err, WOLD_EINPUT, "cannot open");
    wold_model_free(m);
}

/* Every kind of bad file: the streamed reader's error is the in-memory
 * reader's, message, line, column and source line. */
static void test_bad_files(void **state)
{
    (void)state;
    wold_model *m = wt_model(MODEL);
    static const char *const texts[] = {
        "x1,x2,x3,x4,x5\n1,2,3,4,x\n",
        "x1,x2,x3,x4,x5\r\n1,2,3,4,5\r\n1,2,3,4\r\n",
        "x1,x2,x3,x4,x5\n1,2,3,4,5,6\n",
        "x1,x2,x3,x4,x5\n1,2,\"3\"x,4,5\n",
        "x1,x2,x3,x4,x5\n1,2,3,4,5\n\"1,2,3,4,5\n",
        "x1,x2,x3,x4,x5\n1,2,\"3\n\n\",4,z\n",
        "\xEF\xBB\xBFx1,x2,x3,x4,x5\n1,2,3,4,\xef\xbc\x95\n",
        "x1,x2,x3,x4,x5\n1,2,3,4,1e-400\n",
        "x1,x2,x3,x4,x5\n1,2,3,4,5\0\n",
        "x1;x2;x3;x4;x5\n1;2;3;4;5,5\n",
        "x1,x2,x3,x4,x4\n1,2,3,4,5\n",
        "x1,x2,x3,x4\n1,2,3,4\n",
        "x1,x2,x3,x4,x5,w\n1,2,3,4,5,\n",
        "x1,x2,x3,x4,x5,w\n1,2,3,4,5,-2\n",
        "x1,x2,x3,x4,x5,w\n1,2,3,4,5,NA\n",
        "1,2,3,4,5\n1,2,3,4,5\n",
    };
    static const size_t lens[] = {0, 0, 0, 0, 0, 0, 0, 0, 26};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        size_t len = k < sizeof lens / sizeof lens[0] && lens[k] > 0
                         ? lens[k]
                         : strlen(texts[k]);
        int weighted = strstr(texts[k], ",w\n") != NULL;
        expect_same_error(texts[k], len, m, weighted ? "w" : NULL, "");
    }
    wold_model_free(m);
}

/* Weights adding up past 2^53 cannot give a row count: an input error,
 * not an undefined conversion (found by fuzz_sums). */
static void test_huge_weights(void **state)
{
    (void)state;
    wold_model *m = wt_model(MODEL);
    const char *text = "x1,x2,x3,x4,x5,w\n1,2,3,4,5,1e44\n2,3,4,5,6,1e44\n"
                       "3,1,2,6,5,2e44\n";
    char *path = write_temp(text, strlen(text));
    wold_sums *s = sums_of(path, m, 1, "w", NULL, 0, 0);
    wold_moments *mo = NULL;
    wold_error err;
    for (int rule = 0; rule < 3; rule++)
        WT_EXPECT_ERROR(wold_sums_moments(&mo, s, (size_t)-1,
                                          (wold_missing)rule, &err),
                        &err, WOLD_EINPUT, "the weights add up to 4e+44");
    wold_csv_options csv;
    wold_csv_options_default(&csv);
    csv.weights = "w";
    wold_data *d = NULL;
    assert_int_equal(wold_data_read_csv(&d, path, m, &csv, &err), WOLD_OK);
    WT_EXPECT_ERROR(wold_moments_compute(&mo, d, WOLD_MISSING_LISTWISE, &err),
                    &err, WOLD_EINPUT, "rescale them");
    wold_data_free(d);
    wold_sums_free(s);
    remove(path);
    free(path);
    wold_model_free(m);
}

/* A panel of Likert cells alone (every record the vector path's, where
 * the CPU has it, read by blocks of rows): the in-memory reader's moments,
 * the same bits for 1, 2 and 3 threads, and a bad cell in a later chunk
 * reported as the in-memory reader does. */
static void test_likert_panel(void **state)
{
    (void)state;
    size_t rows = 150000, cap = rows * 16 + 64, len = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    len += (size_t)sprintf(t, "x1,x2,x3,x4,x5\n");
    unsigned long z = 99;
    for (size_t r = 0; r < rows; r++)
        for (int j = 0; j < 5; j++) {
            z = z * 6364136223846793005UL + 1442695040888963407UL;
            len += (size_t)sprintf(t + len, "%u%c",
                                   (unsigned)(z >> 33) % 10 + 1,
                                   j < 4 ? ',' : '\n');
        }
    char *path = write_temp(t, len);
    wold_model *m = wt_model(MODEL);
    wold_csv_options csv;
    wold_csv_options_default(&csv);
    wold_data *d = NULL;
    wold_error err;
    assert_int_equal(wold_data_read_csv(&d, path, m, &csv, &err), WOLD_OK);
    wold_moments *want = NULL;
    assert_int_equal(wold_moments_compute(&want, d, WOLD_MISSING_LISTWISE,
                                          &err),
                     WOLD_OK);
    wold_sums *s1 = sums_of(path, m, 1, NULL, NULL, 0, 0);
    wold_moments *m1 = moments_of(s1, (size_t)-1, WOLD_MISSING_LISTWISE);
    expect_close(m1, want);
    for (unsigned th = 2; th <= 3; th++) {
        wold_sums *s = sums_of(path, m, th, NULL, NULL, 0, 0);
        wold_moments *mo = moments_of(s, (size_t)-1, WOLD_MISSING_LISTWISE);
        expect_identical(mo, m1);
        wold_moments_free(mo);
        wold_sums_free(s);
    }
    /* Row 120000's third cell, in the fifth chunk: "a.b", then 99. */
    char *cell = t;
    for (size_t r = 0; r <= 120000; r++)
        cell = strchr(cell, '\n') + 1;
    cell = strchr(strchr(cell, ',') + 1, ',') + 1;
    assert_true(cell[1] == ',');
    size_t at = (size_t)(cell - t);
    char *bad = malloc(len + 3);
    memcpy(bad, t, at);
    memcpy(bad + at, "a.b", 3);
    memcpy(bad + at + 3, t + at + 1, len - at - 1);
    wold_model *scaled = wt_model("scale 1:10\n"
                                  "A =~ x1 + x2 + x3\n"
                                  "B =~ x4 + x5\n"
                                  "B ~ A\n");
    expect_same_error(bad, len + 2, scaled, NULL, "expected a number");
    bad[at] = '9', bad[at + 1] = '9', bad[at + 2] = ',';
    memmove(bad + at + 2, bad + at + 3, len - at - 1);
    expect_same_error(bad, len + 1, scaled, NULL, "outside the scale 1:10");
    wold_model_free(scaled);
    free(bad);
    wold_moments_free(m1);
    wold_sums_free(s1);
    wold_moments_free(want);
    wold_data_free(d);
    wold_model_free(m);
    remove(path);
    free(path);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_in_memory),
        cmocka_unit_test(test_threads_bitwise),
        cmocka_unit_test(test_parts_bitwise),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_errors_in_later_chunks),
        cmocka_unit_test(test_scale_error_in_later_chunk),
        cmocka_unit_test(test_quoted_line_breaks_at_cuts),
    };
    const struct CMUnitTest alone[] = {
        cmocka_unit_test(test_small_files),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_huge_weights),
        cmocka_unit_test(test_likert_panel),
    };
    return cmocka_run_group_tests(tests, setup, teardown) |
           cmocka_run_group_tests(alone, NULL, NULL);
}
