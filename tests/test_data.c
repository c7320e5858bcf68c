/* test_data.c - the CSV reader and the data set object. */
#define _DEFAULT_SOURCE /* mkstemps */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data/data.h"
#include "testutil.h"

/* Reads CSV text through a temporary file; fails the test on error. */
static wold_data *read_text(const char *text, const wold_model *model,
                            char sep)
{
    char *path = wt_temp_file(text, ".csv");
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.separator = sep;
    wold_data *d = NULL;
    wold_error err;
    wold_status st = wold_data_read_csv(&d, path, model, &opt, &err);
    if (st != WOLD_OK) {
        char buf[4096];
        wold_error_format(&err, buf, sizeof buf);
        unlink(path);
        free(path);
        fail_msg("read failed:\n%s", buf);
    }
    unlink(path);
    free(path);
    return d;
}

/* Reads CSV text that must fail; checks status, line, col and message. */
static void expect_fail(const char *text, const wold_model *model, char sep,
                        wold_status status, long line, long col,
                        const char *needle)
{
    char *path = wt_temp_file(text, ".csv");
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.separator = sep;
    wold_data *d = NULL;
    wold_error err;
    wold_status st = wold_data_read_csv(&d, path, model, &opt, &err);
    assert_null(d);
    WT_EXPECT_ERROR(st, &err, status, needle);
    if (err.line != line || err.col != col) {
        char buf[4096];
        wold_error_format(&err, buf, sizeof buf);
        print_error("at %ld:%ld, expected %ld:%ld:\n%s\n", err.line, err.col,
                    line, col, buf);
        unlink(path);
        free(path);
        fail();
    }
    if (model == NULL && status == WOLD_EINPUT)
        assert_string_equal(err.file, path);
    unlink(path);
    free(path);
}

/* Writes len bytes (NUL bytes allowed) to a fresh temporary file. */
static char *temp_bytes(const char *text, size_t len)
{
    char *path = malloc(256);
    assert_non_null(path);
    snprintf(path, 256, "/tmp/wold-test-XXXXXX.csv");
    int fd = mkstemps(path, 4);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

/*
 * Reads len bytes of CSV that must fail with status and a formatted error
 * containing needle; returns the error for the caller to check further.
 */
static wold_error fail_bytes(const char *text, size_t len,
                             const wold_model *model, wold_status status,
                             const char *needle)
{
    char *path = temp_bytes(text, len);
    wold_data *d = NULL;
    wold_error err;
    wold_status st = wold_data_read_csv(&d, path, model, NULL, &err);
    unlink(path);
    free(path);
    assert_null(d);
    WT_EXPECT_ERROR(st, &err, status, needle);
    return err;
}

/* fail_bytes for NUL-terminated text. */
static wold_error fail_text(const char *text, const wold_model *model,
                            wold_status status, const char *needle)
{
    return fail_bytes(text, strlen(text), model, status, needle);
}

/* Checks where err points: line, field number and caret column. */
static void expect_at(const wold_error *err, long line, long col,
                      long caret)
{
    if (err->line != line || err->col != col || err->caret_col != caret) {
        char buf[4096];
        wold_error_format(err, buf, sizeof buf);
        print_error("at %ld:%ld caret %ld, expected %ld:%ld caret %ld:\n%s\n",
                    err->line, err->col, err->caret_col, line, col, caret,
                    buf);
        fail();
    }
}

static void check_row(const wold_data *d, size_t i, const double *want)
{
    const double *x = wold_data_values(d);
    for (size_t j = 0; j < wold_data_n_cols(d); j++) {
        double got = x[i * wold_data_n_cols(d) + j];
        if (isnan(want[j]))
            assert_true(isnan(got));
        else
            assert_true(got == want[j]);
    }
}

/* ---------------------------------------------------------------- format */

static void test_comma(void **state)
{
    (void)state;
    wold_data *d = read_text("a,b,c\n1,2,3\n4,5,6\n", NULL, 0);
    assert_int_equal(wold_data_n_rows(d), 2);
    assert_int_equal(wold_data_n_cols(d), 3);
    assert_string_equal(wold_data_col_name(d, 0), "a");
    assert_string_equal(wold_data_col_name(d, 2), "c");
    assert_null(wold_data_col_name(d, 3));
    check_row(d, 0, (double[]){1, 2, 3});
    check_row(d, 1, (double[]){4, 5, 6});
    assert_int_equal(wold_data_n_missing_cells(d), 0);
    assert_int_equal(wold_data_n_incomplete_rows(d), 0);
    assert_non_null(strstr(wold_data_source(d), "/tmp/wold-test-"));
    wold_data_free(d);
}

static void test_semicolon_detected(void **state)
{
    (void)state;
    wold_data *d = read_text("a;b;c\n1;2.5;3\n", NULL, 0);
    assert_int_equal(wold_data_n_cols(d), 3);
    check_row(d, 0, (double[]){1, 2.5, 3});
    wold_data_free(d);
    /* "2,5" is not a number: the message says why. */
    expect_fail("a;b;c\n1;2,5;3\n", NULL, 0, WOLD_EINPUT, 2, 2,
                "column 2 (b): expected a number, found \"2,5\" (the "
                "decimal mark must be '.')");
}

static void test_detection_skips_blank_lines(void **state)
{
    (void)state;
    wold_data *d = read_text("\r\n\na;b\n1;2\n", NULL, 0);
    assert_int_equal(wold_data_n_cols(d), 2);
    check_row(d, 0, (double[]){1, 2});
    wold_data_free(d);
}

static void test_tab_detected(void **state)
{
    (void)state;
    wold_data *d = read_text("a\tb c\t\"d,e\"\n1\t2\t3\n", NULL, 0);
    assert_int_equal(wold_data_n_cols(d), 3);
    assert_string_equal(wold_data_col_name(d, 1), "b c");
    assert_string_equal(wold_data_col_name(d, 2), "d,e");
    check_row(d, 0, (double[]){1, 2, 3});
    wold_data_free(d);
}

static void test_detection_counts_outside_quotes(void **state)
{
    (void)state;
    /* Three commas inside quotes, two semicolons outside. */
    wold_data *d = read_text("\"a,b,c,d\";x;y\n1;2;3\n", NULL, 0);
    assert_int_equal(wold_data_n_cols(d), 3);
    assert_string_equal(wold_data_col_name(d, 0), "a,b,c,d");
    wold_data_free(d);
}

static void test_detection_quote_inside_name(void **state)
{
    (void)state;
    /* A '"' inside an unquoted name is an ordinary character, not the
     * start of a quoted field hiding the separators after it. */
    wold_model *m = wt_model("A =~ c\nB =~ d\nB ~ A\n");
    wold_data *d = read_text("it\"em;c;d\n1;2;3\n", m, 0);
    assert_int_equal(wold_data_n_cols(d), 2);
    check_row(d, 0, (double[]){2, 3});
    wold_data_free(d);
    wold_model_free(m);
    d = read_text("it\"em;c;d\n1;2;3\n", NULL, 0);
    assert_string_equal(wold_data_col_name(d, 0), "it\"em");
    wold_data_free(d);
    /* Inside quotes a doubled quote is one quote: the ';' stay hidden. */
    d = read_text("\"p\"\";q;r\",s,t\n1,2,3\n", NULL, 0);
    assert_int_equal(wold_data_n_cols(d), 3);
    assert_string_equal(wold_data_col_name(d, 0), "p\";q;r");
    wold_data_free(d);
}

static void test_separator_override(void **state)
{
    (void)state;
    /* A tie between ',' and ';' detects ','; the option says ';'. */
    const char *text = "a;b,c\n1;2\n";
    wold_data *d = read_text(text, NULL, ';');
    assert_int_equal(wold_data_n_cols(d), 2);
    assert_string_equal(wold_data_col_name(d, 1), "b,c");
    check_row(d, 0, (double[]){1, 2});
    wold_data_free(d);
    expect_fail(text, NULL, 0, WOLD_EINPUT, 2, 1,
                "column 1 (a;b): expected a number, found \"1;2\" (the "
                "separator is ',', detected from the header; is it ';'?)");
    expect_fail("a,b\n1\n", NULL, 0, WOLD_EINPUT, 2, 2,
                "row has 1 field, expected 2 as in the header (column 2 (b) "
                "is missing)");
    d = read_text("a\tb\n1\t2\n", NULL, '\t');
    assert_int_equal(wold_data_n_cols(d), 2);
    wold_data_free(d);
}

static void test_error_wrong_separator_option(void **state)
{
    (void)state;
    /* --sep ';' on a comma file: the header is one column; say which
     * separator would split it, with the caret under its first one. */
    wold_error err;
    char *path = wt_temp_file("\na,b,c\n1,2,3\n", ".csv");
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.separator = ';';
    wold_data *d = NULL;
    wold_status st = wold_data_read_csv(&d, path, NULL, &opt, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT,
                    ":2:1: error: the header is one column with the "
                    "separator ';' ('a,b,c'); is the separator ','? (it "
                    "splits the header into 3 columns)\n    a,b,c\n     ^");
    expect_at(&err, 2, 1, 2);
    assert_null(d);
    unlink(path);
    free(path);
    expect_fail("a;b\n1;2\n", NULL, ',', WOLD_EINPUT, 1, 1,
                "the header is one column with the separator ',' ('a;b'); "
                "is the separator ';'? (it splits the header into 2 "
                "columns)");
    expect_fail("a,b\n1,2\n", NULL, '\t', WOLD_EINPUT, 1, 1,
                "with the separator tab ('a,b'); is the separator ','?");
    expect_fail("a\tb;c\tq\n1\t2\n", NULL, ',', WOLD_EINPUT, 1, 1,
                "one column with the separator ',' ('a\\x09b;c\\x09q'); is "
                "the separator tab? (it splits the header into 3 columns)");
    /* With a model too: the data file is at fault, not the model. */
    wold_model *m = wt_model("A =~ a\nB =~ b\nB ~ A\n");
    expect_fail("a,b\n1,2\n", m, ';', WOLD_EINPUT, 1, 1,
                "is the separator ','?");
    wold_model_free(m);
    /* A quoted name keeps its separators; a lone column has none. */
    d = read_text("\"a,b\"\n1\n", NULL, ';');
    assert_string_equal(wold_data_col_name(d, 0), "a,b");
    wold_data_free(d);
    d = read_text("x\n1\n", NULL, ';');
    assert_int_equal(wold_data_n_cols(d), 1);
    wold_data_free(d);
}

static void test_bad_separator_option(void **state)
{
    (void)state;
    expect_fail("a,b\n1,2\n", NULL, '|', WOLD_EUSAGE, 0, 0,
                "invalid CSV separator '|'");
}

static void test_quotes(void **state)
{
    (void)state;
    wold_data *d = read_text("\"a\",\"b \"\"q\"\"\",\"c;d\"\n"
                             "\"1\",\" 2 \",3\n"
                             "\"NA\",\"\",4\n",
                             NULL, 0);
    assert_int_equal(wold_data_n_rows(d), 2);
    assert_string_equal(wold_data_col_name(d, 1), "b \"q\"");
    assert_string_equal(wold_data_col_name(d, 2), "c;d");
    check_row(d, 0, (double[]){1, 2, 3});
    check_row(d, 1, (double[]){NAN, NAN, 4});
    assert_int_equal(wold_data_n_missing_cells(d), 2);
    assert_int_equal(wold_data_n_incomplete_rows(d), 1);
    wold_data_free(d);
}

static void test_quoted_text_in_unused_columns(void **state)
{
    (void)state;
    wold_model *m = wt_model("A =~ q1 + q2\nB =~ q3\nB ~ A\n");
    wold_data *d = read_text("id,name,q3,q2,q1\n"
                             "1,\"Smith, J.\",5,6,7\n"
                             "2,\"two\nlines, \"\"quoted\"\"\",8,9,10\n"
                             "3,plain,11,12,13\n",
                             m, 0);
    assert_int_equal(wold_data_n_rows(d), 3);
    assert_int_equal(wold_data_n_cols(d), 3);
    assert_string_equal(wold_data_col_name(d, 0), "q1");
    assert_string_equal(wold_data_col_name(d, 1), "q2");
    assert_string_equal(wold_data_col_name(d, 2), "q3");
    check_row(d, 0, (double[]){7, 6, 5});
    check_row(d, 1, (double[]){10, 9, 8});
    check_row(d, 2, (double[]){13, 12, 11});
    wold_data_free(d);
    /* Line numbers count the physical lines inside quotes. */
    expect_fail("id,name,q3,q2,q1\n"
                "1,\"Smith, J.\",5,6,7\n"
                "2,\"two\nlines\",8,9,10\n"
                "3,plain,11,x12,13\n",
                m, 0, WOLD_EINPUT, 5, 4,
                "column 4 (q2): expected a number, found \"x12\"");
    /* A bad cell after a newline inside quotes: the line it stands on. */
    expect_fail("id,name,q3,q2,q1\n"
                "2,\"two\nlines\",8,?,10\n",
                m, 0, WOLD_EINPUT, 3, 4, "found \"?\"");
    /* col is the field; the caret stands under the offending text. */
    expect_fail("id,name,q3,q2,q1\n3,plain,11,x12,13\n", m, 0, WOLD_EINPUT, 2,
                4, "    3,plain,11,x12,13\n               ^");
    wold_model_free(m);
}

static void test_only_model_columns_converted(void **state)
{
    (void)state;
    wold_model *m = wt_model("A =~ q1 + q2\nB =~ q3\nB ~ A\n");
    wold_data *d = read_text("q3,comment,q1,when,q2\n"
                             "1,abc,2,inf,3\n"
                             "4,,5,2020-01-01,NA\n",
                             m, 0);
    assert_int_equal(wold_data_n_cols(d), 3);
    check_row(d, 0, (double[]){2, 3, 1});
    check_row(d, 1, (double[]){5, NAN, 4});
    assert_int_equal(wold_data_n_missing_cells(d), 1);
    assert_int_equal(wold_data_n_incomplete_rows(d), 1);
    wold_data_free(d);
    wold_model_free(m);
}

static void test_crlf(void **state)
{
    (void)state;
    wold_data *d = read_text("a,b\r\n1,2\r\n3,\r\n\"5\",\"6\"\r\n", NULL, 0);
    assert_int_equal(wold_data_n_rows(d), 3);
    assert_string_equal(wold_data_col_name(d, 1), "b");
    check_row(d, 0, (double[]){1, 2});
    check_row(d, 1, (double[]){3, NAN});
    check_row(d, 2, (double[]){5, 6});
    wold_data_free(d);
}

static void test_bom(void **state)
{
    (void)state;
    wold_data *d = read_text("\xEF\xBB\xBF" "a;b\n1;2\n", NULL, 0);
    assert_string_equal(wold_data_col_name(d, 0), "a");
    check_row(d, 0, (double[]){1, 2});
    wold_data_free(d);
}

static void test_no_final_newline(void **state)
{
    (void)state;
    wold_data *d = read_text("a,b\n1,2\n3,4", NULL, 0);
    assert_int_equal(wold_data_n_rows(d), 2);
    check_row(d, 1, (double[]){3, 4});
    wold_data_free(d);
    d = read_text("a,b\n1,2\n3,4\r", NULL, 0);
    check_row(d, 1, (double[]){3, 4});
    wold_data_free(d);
    d = read_text("a,b\n1,2\n3,", NULL, 0);
    check_row(d, 1, (double[]){3, NAN});
    wold_data_free(d);
    d = read_text("a,b\n1,2\n3,\"4\"", NULL, 0);
    check_row(d, 1, (double[]){3, 4});
    wold_data_free(d);
}

static void test_missing_values(void **state)
{
    (void)state;
    wold_data *d = read_text("a,b,c\n1,,NA\n\"\",\"NA\",3\n4,5,6\n"
                             " NA ,  ,7\n",
                             NULL, 0);
    assert_int_equal(wold_data_n_rows(d), 4);
    check_row(d, 0, (double[]){1, NAN, NAN});
    check_row(d, 1, (double[]){NAN, NAN, 3});
    check_row(d, 2, (double[]){4, 5, 6});
    check_row(d, 3, (double[]){NAN, NAN, 7});
    assert_int_equal(wold_data_n_missing_cells(d), 6);
    assert_int_equal(wold_data_n_incomplete_rows(d), 3);
    wold_data_free(d);
}

static void test_blank_lines_ignored(void **state)
{
    (void)state;
    wold_data *d = read_text("\n\na,b\n\n1,2\r\n\r\n3,4\n\n\n", NULL, 0);
    assert_int_equal(wold_data_n_rows(d), 2);
    check_row(d, 1, (double[]){3, 4});
    wold_data_free(d);
    /* The line numbers still count them. */
    expect_fail("\na,b\n\n1,2\n\nx,4\n", NULL, 0, WOLD_EINPUT, 6, 1,
                "column 1 (a): expected a number, found \"x\"");
}

static void test_numbers(void **state)
{
    (void)state;
    wold_data *d = read_text(
        "a,b,c,d,e,f,g,h\n"
        "-3,+4, 7 ,.5,5.,1e3,-2.5E-3,0.1\n"
        "123456789012345,1234567890123456789,-0,"
        "0.30000000000000004,1e-310,\t8\t,2.2250738585072014e-308,"
        "1.7976931348623157e308\n",
        NULL, 0);
    check_row(d, 0, (double[]){-3, 4, 7, 0.5, 5, 1000, -2.5e-3, 0.1});
    check_row(d, 1,
              (double[]){123456789012345.0, 1234567890123456789.0, 0,
                         0.30000000000000004, 1e-310, 8,
                         2.2250738585072014e-308, 1.7976931348623157e308});
    const double *x = wold_data_values(d);
    assert_true(signbit(x[8 + 2]));
    wold_data_free(d);

    /* A cell longer than the stack copy: 0.000...01 with 200 zeros. */
    char text[400] = "a\n0.";
    size_t k = strlen(text);
    for (int i = 0; i < 200; i++)
        text[k++] = '0';
    memcpy(text + k, "1\n", 3);
    d = read_text(text, NULL, 0);
    assert_true(wold_data_values(d)[0] == 1e-201);
    wold_data_free(d);
}

/* The shortest of %.15g, %.16g, %.17g that reads back as x. */
static void shortest(double x, char *buf)
{
    for (int prec = 15; prec <= 17; prec++) {
        sprintf(buf, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

static void test_shortest_round_trip(void **state)
{
    (void)state;
    /* Values written in the shortest form read back exactly. */
    char *text = malloc(200000);
    assert_non_null(text);
    size_t k = (size_t)sprintf(text, "v\n");
    double want[2000];
    unsigned long long s = 88172645463325252ULL;
    for (int i = 0; i < 2000; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        want[i] = ((double)(s >> 11) / 9007199254740992.0 - 0.5) *
                  pow(10.0, (double)(i % 21) - 10);
        char buf[32];
        shortest(want[i], buf);
        k += (size_t)sprintf(text + k, "%s\n", buf);
    }
    wold_data *d = read_text(text, NULL, 0);
    assert_int_equal(wold_data_n_rows(d), 2000);
    assert_memory_equal(wold_data_values(d), want, sizeof want);
    wold_data_free(d);
    free(text);
}

static void test_stdin(void **state)
{
    (void)state;
    char *path = wt_temp_file("x;y\n1;2\n3;NA\n", ".csv");
    assert_non_null(freopen(path, "r", stdin));
    wold_data *d = NULL;
    wold_error err;
    assert_int_equal(wold_data_read_csv(&d, "-", NULL, NULL, &err), WOLD_OK);
    assert_string_equal(wold_data_source(d), "<stdin>");
    assert_int_equal(wold_data_n_rows(d), 2);
    check_row(d, 1, (double[]){3, NAN});
    wold_data_free(d);
    unlink(path);
    free(path);
    /* Messages call it "<stdin>" too, located as in a file. */
    path = wt_temp_file("x;y\n1;z\n", ".csv");
    assert_non_null(freopen(path, "r", stdin));
    wold_status st = wold_data_read_csv(&d, "-", NULL, NULL, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT,
                    "<stdin>:2:2: error: column 2 (y): expected a number, "
                    "found \"z\"");
    assert_null(d);
    unlink(path);
    free(path);
    if (freopen("/tmp", "r", stdin) != NULL) {
        st = wold_data_read_csv(&d, "-", NULL, NULL, &err);
        WT_EXPECT_ERROR(st, &err, WOLD_EINPUT,
                        "<stdin>: error: cannot read: Is a directory");
        assert_null(d);
    }
}

/* len bytes of text in a buffer of exactly that size (no NUL after it,
 * so ASan sees a read past the end). */
static char *exact_copy(const char *text, size_t len)
{
    char *buf = malloc(len ? len : 1);
    assert_non_null(buf);
    memcpy(buf, text, len);
    return buf;
}

/* The in-memory reader gives what the file reader gives, from a buffer
 * that is not NUL-terminated and that the caller frees at once. */
static void test_parse_csv(void **state)
{
    (void)state;
    const char *text = "\xEF\xBB\xBF" "b;a;c\r\n1;2;x\n\n\"3\";NA;y\n";
    wold_model *m = wt_model("F =~ a + b\nG =~ a2\nG ~ F\n");
    wold_model *m2 = wt_model("F =~ a + b\nG =~ c\nG ~ F\n");
    size_t len = strlen(text);
    char *buf = exact_copy(text, len);
    wold_data *d = NULL;
    wold_error err;
    assert_int_equal(wold_data_parse_csv(&d, buf, len, "panel.csv", NULL,
                                         NULL, &err),
                     WOLD_EINPUT); /* x is not a number */
    assert_null(d);
    assert_string_equal(err.file, "panel.csv");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 3);
    wold_error ferr = fail_text(text, NULL, WOLD_EINPUT, "expected a number");
    assert_string_equal(err.message, ferr.message);
    assert_string_equal(err.source_line, ferr.source_line);
    assert_int_equal(err.caret_col, ferr.caret_col);

    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.separator = ';';
    assert_int_equal(wold_data_parse_csv(&d, buf, len, "panel.csv", m, &opt,
                                         &err),
                     WOLD_EINPUT); /* a2 is not a column */
    WT_EXPECT_ERROR(WOLD_EINPUT, &err, WOLD_EINPUT,
                    "indicator 'a2' is not a column of panel.csv");
    assert_int_equal(wold_data_parse_csv(&d, buf, len - 5, NULL, NULL, &opt,
                                         &err),
                     WOLD_EINPUT);
    assert_string_equal(err.file, "<data>");
    assert_int_equal(err.line, 2);

    const char *good = "x;y,z\n1;2\n"; /* detected: ',' (a tie) */
    assert_int_equal(wold_data_parse_csv(&d, good, strlen(good), "g.csv",
                                         NULL, &opt, &err),
                     WOLD_OK);
    assert_int_equal(wold_data_n_cols(d), 2);
    assert_string_equal(wold_data_col_name(d, 1), "y,z");
    check_row(d, 0, (double[]){1, 2});
    wold_data_free(d);
    free(buf);

    const char *two = "b,a,c\n1,2,\"q\"\n3,NA,\"r\"";
    buf = exact_copy(two, strlen(two));
    assert_int_equal(wold_data_parse_csv(&d, buf, strlen(two), NULL, m2,
                                         NULL, &err),
                     WOLD_EINPUT); /* c must be numeric for m2 */
    wold_model_free(m2);
    m2 = wt_model("F =~ a + b\n");
    assert_int_equal(wold_data_parse_csv(&d, buf, strlen(two), NULL, m2,
                                         NULL, &err),
                     WOLD_OK);
    free(buf); /* the data keep nothing of the text */
    assert_string_equal(wold_data_source(d), "<data>");
    assert_int_equal(wold_data_n_rows(d), 2);
    assert_int_equal(wold_data_n_cols(d), 2);
    assert_string_equal(wold_data_col_name(d, 0), "a");
    assert_string_equal(wold_data_col_name(d, 1), "b");
    check_row(d, 0, (double[]){2, 1});
    check_row(d, 1, (double[]){NAN, 3});
    assert_int_equal(wold_data_n_missing_cells(d), 1);
    wold_data_free(d);

    /* Usage errors, and the empty text as the empty file. */
    assert_int_equal(wold_data_parse_csv(NULL, "a\n1\n", 4, NULL, NULL, NULL,
                                         &err),
                     WOLD_EUSAGE);
    assert_string_equal(err.message,
                        "wold_data_parse_csv: out and text are required");
    assert_int_equal(wold_data_parse_csv(&d, NULL, 1, NULL, NULL, NULL, &err),
                     WOLD_EUSAGE);
    opt.separator = '|';
    assert_int_equal(wold_data_parse_csv(&d, "a\n1\n", 4, NULL, NULL, &opt,
                                         &err),
                     WOLD_EUSAGE);
    assert_int_equal(wold_data_parse_csv(&d, NULL, 0, NULL, NULL, NULL, &err),
                     WOLD_EINPUT);
    wold_error empty = fail_text("", NULL, WOLD_EINPUT, "");
    assert_string_equal(err.message, empty.message);
    assert_null(d);
    wold_model_free(m);
    wold_model_free(m2);
}

static void test_from_matrix(void **state)
{
    (void)state;
    double x[6] = {1, 2, NAN, 4, 5, 6};
    const char *names[3] = {"u", "v", "w"};
    wold_data *d = NULL;
    wold_error err;
    assert_int_equal(wold_data_from_matrix(&d, x, 2, 3, names, &err),
                     WOLD_OK);
    x[0] = 99; /* copied, not borrowed */
    assert_int_equal(wold_data_n_rows(d), 2);
    assert_string_equal(wold_data_col_name(d, 2), "w");
    assert_string_equal(wold_data_source(d), "");
    check_row(d, 0, (double[]){1, 2, NAN});
    assert_int_equal(wold_data_n_missing_cells(d), 1);
    assert_int_equal(wold_data_n_incomplete_rows(d), 1);
    wold_data_free(d);
    WT_EXPECT_ERROR(wold_data_from_matrix(&d, x, 2, 3, NULL, &err), &err,
                    WOLD_EUSAGE, "names");
    wold_data_free(NULL);
}

/* ---------------------------------------------------------- large files */

/* A ~6 MB panel: integers, decimals, missing cells; quoted header or not. */
static char *large_text(int quoted_header, size_t bad_row, const char *bad,
                        size_t bad_row2)
{
    size_t rows = 200000, cols = 8, cap = rows * cols * 8 + 1000;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t k = 0;
    for (size_t j = 0; j < cols; j++)
        k += (size_t)sprintf(text + k, quoted_header ? "%s\"c%zu\"" : "%sc%zu",
                             j ? "," : "", j);
    text[k++] = '\n';
    unsigned s = 12345;
    for (size_t i = 0; i < rows; i++) {
        for (size_t j = 0; j < cols; j++) {
            s = s * 1103515245u + 12345u;
            unsigned r = (s >> 8) % 1000;
            const char *sep = j ? "," : "";
            if ((i == bad_row || i == bad_row2) && j == 3)
                k += (size_t)sprintf(text + k, "%s%s", sep, bad);
            else if (r < 20)
                k += (size_t)sprintf(text + k, "%s", sep);
            else if (r < 600)
                k += (size_t)sprintf(text + k, "%s%u", sep, r % 10 + 1);
            else
                k += (size_t)sprintf(text + k, "%s%.3f", sep, r / 7.0);
        }
        text[k++] = '\n';
    }
    text[k] = '\0';
    assert_true(k > ((size_t)5 << 20));
    return text;
}

static void test_parallel_matches_serial(void **state)
{
    (void)state;
    char *plain = large_text(0, (size_t)-1, "", (size_t)-1);
    char *quoted = large_text(1, (size_t)-1, "", (size_t)-1);
    wold_data *a = read_text(plain, NULL, 0);  /* two threads */
    wold_data *b = read_text(quoted, NULL, 0); /* one, for the quotes */
    assert_int_equal(wold_data_n_rows(a), 200000);
    assert_int_equal(wold_data_n_rows(a), wold_data_n_rows(b));
    assert_int_equal(wold_data_n_cols(a), wold_data_n_cols(b));
    assert_int_equal(wold_data_n_missing_cells(a),
                     wold_data_n_missing_cells(b));
    assert_true(wold_data_n_missing_cells(a) > 0);
    assert_int_equal(wold_data_n_incomplete_rows(a),
                     wold_data_n_incomplete_rows(b));
    assert_memory_equal(wold_data_values(a), wold_data_values(b),
                        200000 * 8 * sizeof(double));
    wold_data_free(a);
    wold_data_free(b);
    free(plain);
    free(quoted);
}

static void test_parallel_error_lines(void **state)
{
    (void)state;
    /* Data row i is on line i + 2. */
    char *text = large_text(0, 180000, "oops", (size_t)-1);
    expect_fail(text, NULL, 0, WOLD_EINPUT, 180002, 4,
                "column 4 (c3): expected a number, found \"oops\"");
    free(text);
    /* Two bad cells, one per half: the first in the file wins. */
    text = large_text(0, 100, "bad1", 180000);
    expect_fail(text, NULL, 0, WOLD_EINPUT, 102, 4, "found \"bad1\"");
    free(text);
    text = large_text(0, 180000, "1,2", (size_t)-1);
    expect_fail(text, NULL, 0, WOLD_EINPUT, 180002, 9,
                "row has 9 fields, expected 8 as in the header");
    free(text);
}

/* ----------------------------------------------------------- errors */

static void test_error_non_numeric(void **state)
{
    (void)state;
    expect_fail("a,b,c\n1,2,3\n4,abc,6\n", NULL, 0, WOLD_EINPUT, 3, 2,
                "column 2 (b): expected a number, found \"abc\"");
    expect_fail("a,b\n1,inf\n", NULL, 0, WOLD_EINPUT, 2, 2,
                "expected a number, found \"inf\"");
    expect_fail("a,b\nnan,1\n", NULL, 0, WOLD_EINPUT, 2, 1,
                "expected a number, found \"nan\"");
    expect_fail("a,b\n1,0x10\n", NULL, 0, WOLD_EINPUT, 2, 2,
                "found \"0x10\"");
    expect_fail("a,b\n1,1e\n", NULL, 0, WOLD_EINPUT, 2, 2, "found \"1e\"");
    expect_fail("a,b\n1,\"x\"\"y\"\n", NULL, 0, WOLD_EINPUT, 2, 2,
                "found \"x\"\"y\"");
    expect_fail("a,b\n1,na\n", NULL, 0, WOLD_EINPUT, 2, 2, "found \"na\"");
    expect_fail("a,b\n1,1 2\n", NULL, 0, WOLD_EINPUT, 2, 2, "found \"1 2\"");
    expect_fail("a,b\n1,1e999\n", NULL, 0, WOLD_EINPUT, 2, 2,
                "column 2 (b): expected a finite number, found \"1e999\", "
                "which is too large for a double");
}

static void test_error_fullwidth_cells(void **state)
{
    (void)state;
    /* Full-width digits and signs, and Unicode spaces, from input
     * methods: name them and show the ASCII that was meant. */
    wold_error err = fail_text("a,b\n1,５\n", NULL, WOLD_EINPUT,
                               "column 2 (b): expected a number, found "
                               "\"５\" (full-width characters: write \"5\" "
                               "in ASCII)");
    expect_at(&err, 2, 2, 3);
    fail_text("a,b\n1,－２．５\n", NULL, WOLD_EINPUT,
              "found \"－２．５\" (full-width characters: write \"-2.5\" in "
              "ASCII)");
    err = fail_text("a,b\n1,5\xE3\x80\x80\n", NULL, WOLD_EINPUT,
                    "found \"5\xE3\x80\x80\" (U+3000 IDEOGRAPHIC SPACE in the "
                    "cell: only ASCII spaces and tabs may surround a number)");
    expect_at(&err, 2, 2, 3);
    fail_text("a,b\n1,\xC2\xA0" "7\n", NULL, WOLD_EINPUT,
              "(U+00A0 NO-BREAK SPACE in the cell: only ASCII spaces");
    fail_text("a,b\n1,７\xE3\x80\x80\n", NULL, WOLD_EINPUT,
              "(full-width characters and U+3000 IDEOGRAPHIC SPACE: write "
              "\"7\" in ASCII)");
    /* Not a number either way: no hint. */
    err = fail_text("a,b\n1,５x\n", NULL, WOLD_EINPUT,
                    "expected a number, found \"５x\"");
    assert_null(strstr(err.message, "full-width"));
}

static void test_error_underflow(void **state)
{
    (void)state;
    /* Non-zero digits that round to 0 are out of range, like 1e999. */
    wold_error err = fail_text("a,b\n1,1e-400\n", NULL, WOLD_EINPUT,
                               "column 2 (b): found \"1e-400\", which is too "
                               "small for a double (it would read as 0); "
                               "write 0 if 0 is meant");
    expect_at(&err, 2, 2, 3);
    fail_text("a,b\n1,-0.0001e-320\n", NULL, WOLD_EINPUT,
              "found \"-0.0001e-320\", which is too small for a double");
    /* Zero written any way is 0; a tiny non-zero subnormal is kept. */
    wold_data *d = read_text("a,b,c,d\n0e-400,-0.000e-999,4e-324,1e-320\n",
                             NULL, 0);
    check_row(d, 0, (double[]){0, 0, 4.9406564584124654e-324, 1e-320});
    assert_true(signbit(wold_data_values(d)[1]));
    wold_data_free(d);
}

static void test_error_message_format(void **state)
{
    (void)state;
    char *path = wt_temp_file("a,b\n1,abc\n", ".csv");
    wold_data *d = NULL;
    wold_error err;
    assert_int_equal(wold_data_read_csv(&d, path, NULL, NULL, &err),
                     WOLD_EINPUT);
    assert_string_equal(err.source_line, "1,abc");
    char buf[2048], want[1024];
    wold_error_format(&err, buf, sizeof buf);
    snprintf(want, sizeof want,
             "%s:2:2: error: column 2 (b): expected a number, found \"abc\"",
             path);
    assert_non_null(strstr(buf, want));
    unlink(path);
    free(path);
}

static void test_error_ragged(void **state)
{
    (void)state;
    expect_fail("a,b,c\n1,2,3\n1,2,3,4,5\n", NULL, 0, WOLD_EINPUT, 3, 4,
                "row has 5 fields, expected 3 as in the header");
    /* Singular forms: one column, one field. */
    expect_fail("a\n1\n1,2\n", NULL, 0, WOLD_EINPUT, 3, 2,
                "row has 2 fields, expected 1 as in the header");
    expect_fail("a,b\n1,2\n3\n", NULL, 0, WOLD_EINPUT, 3, 2,
                "row has 1 field, expected 2 as in the header (column 2 (b) "
                "is missing)");
    expect_fail("a,b,c\n1,2,3\n1,2\n", NULL, 0, WOLD_EINPUT, 3, 3,
                "row has 2 fields, expected 3 as in the header (column 3 (c) "
                "is missing)");
    /* A trailing separator is one more (empty) field. */
    expect_fail("a,b\n1,2,\n", NULL, 0, WOLD_EINPUT, 2, 3,
                "row has 3 fields, expected 2");
    /* Ragged rows are errors in unused columns too. */
    wold_model *m = wt_model("A =~ q1\nB =~ q2\nB ~ A\n");
    expect_fail("q1,q2,z\n1,2,3\n1,2\n", m, 0, WOLD_EINPUT, 3, 3,
                "row has 2 fields, expected 3");
    wold_model_free(m);
}

static void test_error_header(void **state)
{
    (void)state;
    expect_fail("a,b,a,b\n1,2,3,4\n", NULL, 0, WOLD_EINPUT, 1, 3,
                "duplicate column name 'a': column 3 has the same name as "
                "column 1");
    expect_fail("x,b,c,b,x\n1,2,3,4,5\n", NULL, 0, WOLD_EINPUT, 1, 4,
                "duplicate column name 'b': column 4 has the same name as "
                "column 2");
    expect_fail("a,,c\n1,2,3\n", NULL, 0, WOLD_EINPUT, 1, 2,
                "column 2 has an empty name in the header");
    expect_fail("a,b,\n1,2,3\n", NULL, 0, WOLD_EINPUT, 1, 3,
                "column 3 has an empty name");
    expect_fail("a,\"\"\n1,2\n", NULL, 0, WOLD_EINPUT, 1, 2,
                "column 2 has an empty name");
    expect_fail("", NULL, 0, WOLD_EINPUT, 1, 0,
                "the file is empty: expected a header row");
    expect_fail("\n\r\n\n", NULL, 0, WOLD_EINPUT, 1, 0, "the file is empty");
    expect_fail("\xEF\xBB\xBF", NULL, 0, WOLD_EINPUT, 1, 0,
                "the file is empty");
    expect_fail("a,b,c\n", NULL, 0, WOLD_EINPUT, 1, 0,
                "the file has a header row but no data rows");
    expect_fail("a,b,c", NULL, 0, WOLD_EINPUT, 1, 0, "no data rows");
    expect_fail("a,b,c\n\n\n", NULL, 0, WOLD_EINPUT, 1, 0, "no data rows");
    /* The first empty name wins over a later problem in the row. */
    expect_fail("a,,\"b\n1,2,3\n", NULL, 0, WOLD_EINPUT, 1, 2,
                "column 2 has an empty name in the header");
}

static void test_error_numeric_header(void **state)
{
    (void)state;
    /* wold simulate output with its header removed: not "duplicate
     * column name '6'". */
    wold_error err = fail_text("6,3,4,6\n5,5,4,6\n", NULL, WOLD_EINPUT,
                               "the header row holds numbers ('6', '3', "
                               "'4', ...), not column names: the file needs "
                               "a header row of column names, then data "
                               "rows\n    6,3,4,6\n    ^");
    expect_at(&err, 1, 1, 1);
    /* Missing cells in the first row: not "column 2 has an empty name". */
    expect_fail("\n1,,NA\n4,5,6\n", NULL, 0, WOLD_EINPUT, 2, 1,
                "the header row holds numbers ('1', '', 'NA'), not column "
                "names");
    expect_fail(" -1.5 ;2e3\n1;2\n", NULL, 0, WOLD_EINPUT, 1, 1,
                "holds numbers ('-1.5', '2e3')");
    /* One column: singular. */
    expect_fail("7\n8\n", NULL, 0, WOLD_EINPUT, 1, 1,
                "the header row holds a number ('7'), not a column name: "
                "the file needs a header row of column names");
    /* With a model, in the data file rather than at the model's first
     * indicator. */
    wold_model *m = wt_model("A =~ q1\nB =~ q2\nB ~ A\n");
    expect_fail("1,2\n3,4\n", m, 0, WOLD_EINPUT, 1, 1,
                "the header row holds numbers ('1', '2'), not column names");
    wold_model_free(m);
    /* One name that is not a number makes it a header. */
    wold_data *d = read_text("1,a\n2,3\n", NULL, 0);
    assert_string_equal(wold_data_col_name(d, 0), "1");
    wold_data_free(d);
    expect_fail("NA,\n1,2\n", NULL, 0, WOLD_EINPUT, 1, 2,
                "column 2 has an empty name");
}

static void test_error_quotes(void **state)
{
    (void)state;
    expect_fail("a,b\n1,2\n3,\"4\n5,6\n", NULL, 0, WOLD_EINPUT, 3, 2,
                "column 2 (b): unterminated quoted field: no closing '\"' "
                "before the end of the file");
    expect_fail("a,\"b\n1,2\n", NULL, 0, WOLD_EINPUT, 1, 2,
                "unterminated quoted name in the header");
    expect_fail("a,b\n1,\"2\"x\n", NULL, 0, WOLD_EINPUT, 2, 2,
                "column 2 (b): expected a separator or the end of the line "
                "after the closing quote, found 'x'");
    expect_fail("a,\"b\"c\n1,2\n", NULL, 0, WOLD_EINPUT, 1, 2,
                "after the closing quote, found 'c'");
    /* In a column the model does not use, too. */
    wold_model *m = wt_model("A =~ q1\nB =~ q2\nB ~ A\n");
    expect_fail("q1,q2,z\n1,2,\"open\n", m, 0, WOLD_EINPUT, 2, 3,
                "column 3 (z): unterminated quoted field");
    wold_model_free(m);
}

static void test_error_after_quote_spanning_lines(void **state)
{
    (void)state;
    /* The stray text stands on the field's last line, not its first. */
    wold_model *m = wt_model("A =~ a\nB =~ c\nB ~ A\n");
    wold_error err = fail_text("a,b,c\n1,\"x\ny\"z,2\n", m, WOLD_EINPUT,
                               "column 2 (b): expected a separator or the "
                               "end of the line after the closing quote, "
                               "found 'z'\n    y\"z,2\n      ^");
    expect_at(&err, 3, 2, 3);
    assert_string_equal(err.source_line, "y\"z,2");
    wold_model_free(m);
    /* In the header too, with a caret under the stray text. */
    err = fail_text("\"a\nb\"x,c\n1,2\n", NULL, WOLD_EINPUT,
                    "column 1: expected a separator or the end of the line "
                    "after the closing quote, found 'x'\n    b\"x,c\n      ^");
    expect_at(&err, 2, 1, 3);
}

static void test_error_text_shown_printable(void **state)
{
    (void)state;
    /* Cut to 60 bytes, the cut steps back to the start of the 'é' that
     * straddles it: never half a UTF-8 character. */
    char text[200] = "a,b\n1,";
    char want[100] = "found \"";
    for (int i = 0; i < 59; i++)
        strcat(text, "x"), strcat(want, "x");
    strcat(text, "\xC3\xA9yyyy\n");
    strcat(want, "...\"");
    wold_error err = fail_text(text, NULL, WOLD_EINPUT, want);
    expect_at(&err, 2, 2, 3);
    /* Control bytes, a NUL and bytes that are not UTF-8 are escaped. */
    fail_text("a,b\n1,\"2\t3\r\"\n", NULL, WOLD_EINPUT,
              "found \"2\\x093\\x0d\"");
    static const char nul[] = "a,b\n1,\"2\0\"\n";
    fail_bytes(nul, sizeof nul - 1, NULL, WOLD_EINPUT, "found \"2\\x00\"");
    fail_text("a,b\n1,\xFF\xC3(\n", NULL, WOLD_EINPUT,
              "found \"\\xff\\xc3(\"");
    /* After a closing quote: the whole character, or its escape. */
    err = fail_text("a,b\n1,\"2\"\xC3\xA9\n", NULL, WOLD_EINPUT,
                    "after the closing quote, found '\xC3\xA9'");
    expect_at(&err, 2, 2, 6);
    fail_text("a,b\n1,\"2\"\x01\n", NULL, WOLD_EINPUT,
              "after the closing quote, found '\\x01'");
    fail_text("\"a\"\x7F,b\n1,2\n", NULL, WOLD_EINPUT,
              "after the closing quote, found '\\x7f'");
    /* Names in messages too. */
    fail_text("\"b\tb\",c\nx,1\n", NULL, WOLD_EINPUT,
              "column 1 (b\\x09b): expected a number, found \"x\"");
    fail_text("\"a\nb\",\"a\nb\"\n1,2\n", NULL, WOLD_EINPUT,
              "duplicate column name 'a\\x0ab'");
}

/* Code points of s before the first occurrence of needle, plus 1. */
static long column_of(const char *s, const char *needle)
{
    const char *at = strstr(s, needle);
    assert_non_null(at);
    long n = 1;
    for (const char *p = s; p < at; p++)
        n += ((unsigned char)*p & 0xC0) != 0x80;
    return n;
}

static void test_error_long_line_window(void **state)
{
    (void)state;
    /* The bad cell lies past the 511 bytes of source_line: a window of
     * the line around it is shown, starting on a character boundary,
     * with the caret under the cell. */
    wold_model *m = wt_model("A =~ a\nB =~ c\nB ~ A\n");
    char text[1200] = "a,b,c\n1,";
    for (int i = 0; i < 350; i++)
        strcat(text, "\xC3\xA9"); /* é, 2 bytes */
    strcat(text, ",abc\n");
    wold_error err = fail_text(text, m, WOLD_EINPUT, "found \"abc\"");
    assert_true(strncmp(err.source_line, "...\xC3\xA9", 5) == 0);
    assert_non_null(strstr(err.source_line, ",abc"));
    expect_at(&err, 2, 3, column_of(err.source_line, "abc"));
    wold_model_free(m);
    /* Near the start of a long line: the window starts there. */
    char *p = text + sprintf(text, "a,b\nx");
    for (int i = 0; i < 700; i++)
        *p++ = 'y';
    strcpy(p, ",1\n");
    err = fail_text(text, NULL, WOLD_EINPUT, "found \"xyyy");
    expect_at(&err, 2, 1, 1);
    assert_true(strlen(err.source_line) <= 511);
    assert_non_null(strstr(err.source_line, "yyy..."));
    /* A line that fits source_line (511 bytes) is shown whole. */
    p = text + sprintf(text, "a,b\n");
    for (int i = 0; i < 509; i++)
        *p++ = 'y';
    strcpy(p, ",1\n");
    err = fail_text(text, NULL, WOLD_EINPUT, "found \"yyy");
    assert_int_equal(strlen(err.source_line), 511);
    assert_null(strstr(err.source_line, "..."));
    /* A missing field at the end of a long line: the caret past its end. */
    p = text + sprintf(text, "a,b,c\n1,");
    for (int i = 0; i < 700; i++)
        *p++ = ' '; /* spaces around a number are ignored */
    strcpy(p, "2\n");
    err = fail_text(text, NULL, WOLD_EINPUT, "row has 2 fields");
    expect_at(&err, 2, 3, (long)strlen(err.source_line) + 1);
    assert_true(strncmp(err.source_line, "...", 3) == 0);
}

static void test_error_bare_cr(void **state)
{
    (void)state;
    /* Classic Mac OS line ends: say so at the header, not "no data rows".
     * The line is shown up to the first CR, the caret under it. */
    wold_error err = fail_text("a,b\r1,2\r3,4\r", NULL, WOLD_EINPUT,
                               "lines end with a bare CR (classic Mac OS); "
                               "wold reads LF or CRLF line ends: convert the "
                               "file, e.g. with tr '\\r' '\\n' < in.csv > "
                               "out.csv\n    a,b\n"
                               "       ^");
    expect_at(&err, 1, 2, 4);
    assert_string_equal(err.source_line, "a,b");
    err = fail_text("\"a\",\"b\"\r1,2\r", NULL, WOLD_EINPUT,
                    "lines end with a bare CR");
    expect_at(&err, 1, 2, 8);
    /* A CR inside a quoted name is part of the name. */
    wold_data *d = read_text("\"a\rb\",c\r\n1,2\r\n", NULL, 0);
    assert_string_equal(wold_data_col_name(d, 0), "a\rb");
    wold_data_free(d);
}

static void test_error_nul_byte(void **state)
{
    (void)state;
    /* Not "duplicate column name 'a'": the names differ after the NUL. */
    static const char dup[] = "a\0x,a\0y\n1,2\n";
    wold_error err = fail_bytes(dup, sizeof dup - 1, NULL, WOLD_EINPUT,
                                "column 1: NUL byte in the header; is this "
                                "a binary or UTF-16 file? (wold reads UTF-8 "
                                "text)\n    a\n     ^");
    expect_at(&err, 1, 1, 2);
    /* UTF-16 (little-endian, with its byte order mark). */
    static const char utf16[] = "\xFF\xFEq\0,\0r\0\n\0001\0,\0002\0\n\0";
    err = fail_bytes(utf16, sizeof utf16 - 1, NULL, WOLD_EINPUT,
                     "NUL byte in the header; is this a binary or UTF-16 "
                     "file?");
    expect_at(&err, 1, 1, 4);
    /* On the second line of a quoted name. */
    static const char quoted[] = "b,\"x\ny\0\"\n1,2\n";
    err = fail_bytes(quoted, sizeof quoted - 1, NULL, WOLD_EINPUT,
                     "column 2: NUL byte in the header");
    expect_at(&err, 2, 2, 2);
    /* In a cell that is read: the caret under the NUL. */
    static const char cell[] = "a,b\n1,23\0\n";
    err = fail_bytes(cell, sizeof cell - 1, NULL, WOLD_EINPUT,
                     "column 2 (b): expected a number, found \"23\\x00\" "
                     "(NUL byte in the cell; is this a binary or UTF-16 "
                     "file?)");
    expect_at(&err, 2, 2, 5);
    static const char after[] = "a,b\n1,\"2\"\0\n";
    fail_bytes(after, sizeof after - 1, NULL, WOLD_EINPUT,
               "found '\\x00' (NUL byte in the cell; is this a binary or "
               "UTF-16 file?)");
}

static void test_error_missing_indicator(void **state)
{
    (void)state;
    wold_model *m = wt_model("Quality =~ qual1 + qual6\n"
                             "Sat =~ sat1\n"
                             "Sat ~ Quality\n");
    char *path = wt_temp_file("qual1,qual2,qual5,sat1\n1,2,3,4\n", ".csv");
    wold_data *d = NULL;
    wold_error err;
    wold_status st = wold_data_read_csv(&d, path, m, NULL, &err);
    char want[600];
    snprintf(want, sizeof want,
             "indicator 'qual6' is not a column of %s; did you mean "
             "'qual1'?",
             path);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, want);
    assert_null(d);
    assert_string_equal(err.file, "test.wold");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, 20);
    unlink(path);
    free(path);

    /* Nothing close: no suggestion. */
    path = wt_temp_file("x,y,sat1\n1,2,3\n", ".csv");
    st = wold_data_read_csv(&d, path, m, NULL, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, "indicator 'qual1' is not a column");
    assert_null(strstr(err.message, "did you mean"));
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, 12);
    unlink(path);
    free(path);

    wold_model_free(m);
}

/* Reads csv with model text that must fail at the model's line:col. */
static void expect_model_fail(const char *model_text, const char *csv,
                              long line, long col, const char *needle)
{
    wold_model *m = wt_model(model_text);
    char *path = wt_temp_file(csv, ".csv");
    wold_data *d = NULL;
    wold_error err;
    wold_status st = wold_data_read_csv(&d, path, m, NULL, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, needle);
    assert_string_equal(err.file, "test.wold");
    assert_int_equal(err.line, line);
    assert_int_equal(err.col, col);
    assert_null(d);
    unlink(path);
    free(path);
    wold_model_free(m);
}

/* "é" composed (NFC) and decomposed (NFD: e + U+0301) */
#define E_NFC "\xC3\xA9"
#define E_NFD "e\xCC\x81"
#define IDSP "\xE3\x80\x80"

static void test_error_missing_indicator_lookalike(void **state)
{
    (void)state;
    /* NFD in the header (macOS, some exports), NFC in the model. */
    expect_model_fail("A =~ x + caf" E_NFC "\n", "x,caf" E_NFD "\n1,2\n", 1,
                      10,
                      "indicator 'caf" E_NFC "' is not a column of ");
    expect_model_fail("A =~ x + caf" E_NFC "\n", "x,caf" E_NFD "\n1,2\n", 1,
                      10,
                      "; the header has 'caf" E_NFD "' (column 2), which "
                      "differs only in Unicode normalisation (NFD in the "
                      "header, NFC in the model): save both in the same form "
                      "(NFC)");
    /* And the other way round. */
    expect_model_fail("A =~ caf" E_NFD "\n", "caf" E_NFC ",y\n1,2\n", 1, 6,
                      "the header has 'caf" E_NFC "' (column 1), which "
                      "differs only in Unicode normalisation (NFD in the "
                      "model, NFC in the header)");
    /* Stacked marks (Vietnamese: e + U+0323 + U+0302 is U+1EC7). */
    expect_model_fail("A =~ h\xE1\xBB\x87" "1\n",
                      "he\xCC\xA3\xCC\x82" "1\n1\n", 1, 6,
                      "differs only in Unicode normalisation (NFD in the "
                      "header, NFC in the model)");
    /* A trailing U+3000 IDEOGRAPHIC SPACE in the header. */
    expect_model_fail("满意度 =~ 满意度1 + 满意度2\n",
                      "满意度1,满意度2" IDSP "\n1,2\n", 1, 15,
                      "indicator '满意度2' is not a column of ");
    expect_model_fail("满意度 =~ 满意度1 + 满意度2\n",
                      "满意度1,满意度2" IDSP "\n1,2\n", 1, 15,
                      "; the header has '满意度2" IDSP "' (column 2), which "
                      "differs only by a trailing U+3000 IDEOGRAPHIC SPACE: "
                      "remove it");
    /* A leading U+00A0, and two differences at once. */
    expect_model_fail("A =~ q1\n", "\xC2\xA0q1\n1\n", 1, 6,
                      "the header has '\xC2\xA0q1' (column 1), which "
                      "differs only by a leading U+00A0 NO-BREAK SPACE: "
                      "remove it");
    expect_model_fail("A =~ caf" E_NFC "\n", "caf" E_NFD IDSP IDSP "\n1\n", 1,
                      6,
                      "which differs only in Unicode normalisation (NFD in "
                      "the header, NFC in the model) and by 2 trailing "
                      "spaces (U+3000 IDEOGRAPHIC SPACE): save both in the "
                      "same form (NFC) and remove them");
    /* Names that differ in a letter are not lookalikes. */
    expect_model_fail("A =~ caf" E_NFC "\n", "cafe\n1\n", 1, 6,
                      "indicator 'caf" E_NFC "' is not a column of ");
}

static void test_error_cannot_open(void **state)
{
    (void)state;
    wold_data *d = NULL;
    wold_error err;
    wold_status st = wold_data_read_csv(&d, "/nonexistent/x.csv", NULL, NULL,
                                        &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT,
                    "/nonexistent/x.csv: error: cannot open file: No such "
                    "file or directory");
    assert_null(d);
    st = wold_data_read_csv(&d, "/tmp", NULL, NULL, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, "Is a directory");
    st = wold_data_read_csv(NULL, "/tmp", NULL, NULL, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EUSAGE, "required");
}

/* ------------------------------------------------------- reference data */

static void test_satisfaction(void **state)
{
    (void)state;
    const char *path = wt_shared("datasets/satisfaction.csv");
    WT_SKIP_IF_ABSENT(path);
    wold_data *d = NULL;
    wold_error err;
    assert_int_equal(wold_data_read_csv(&d, path, NULL, NULL, &err), WOLD_OK);
    assert_int_equal(wold_data_n_rows(d), 250);
    assert_int_equal(wold_data_n_cols(d), 28);
    assert_string_equal(wold_data_col_name(d, 0), "imag1");
    assert_string_equal(wold_data_col_name(d, 27), "gender");
    const double *x = wold_data_values(d);
    assert_true(x[0] == 8 && x[3] == 5 && x[27] == 1);
    assert_true(x[28 + 2] == 10 && x[28 + 27] == 0);
    assert_int_equal(wold_data_n_missing_cells(d), 0);
    wold_data_free(d);

    /* With the model: its 27 indicators, gender left out. */
    const char *mpath = wt_source("models/satisfaction.wold");
    WT_SKIP_IF_ABSENT(mpath);
    wold_model *m = NULL;
    assert_int_equal(wold_model_read(&m, mpath, &err), WOLD_OK);
    assert_int_equal(wold_data_read_csv(&d, path, m, NULL, &err), WOLD_OK);
    assert_int_equal(wold_data_n_rows(d), 250);
    assert_int_equal(wold_data_n_cols(d), 27);
    assert_string_equal(wold_data_col_name(d, 26), "loy4");
    x = wold_data_values(d);
    assert_true(x[0] == 8 && x[26] == 6);
    wold_data_free(d);
    wold_model_free(m);
}

/* Every decimal the reader converts must be the correctly rounded double,
 * bit for bit what strtod gives, on the fast path (up to 15 digits, no
 * exponent) and off it. */
/* seminr's corp_rep data with its single-item construct cusa =~ cusa. */
static void test_corp_rep_single_item(void **state)
{
    (void)state;
    const char *path = wt_shared("datasets/corp_rep_data.csv");
    WT_SKIP_IF_ABSENT(path);
    wold_model *m = wt_model("COMP =~ comp_1 + comp_2 + comp_3\n"
                             "LIKE =~ like_1 + like_2 + like_3\n"
                             "cusa =~ cusa\n"
                             "CUSL =~ cusl_1 + cusl_2 + cusl_3\n"
                             "cusa ~ COMP + LIKE\n"
                             "CUSL ~ cusa + COMP + LIKE\n");
    wold_data *d = NULL;
    wold_error err;
    assert_int_equal(wold_data_read_csv(&d, path, m, NULL, &err), WOLD_OK);
    assert_int_equal(wold_data_n_rows(d), 344);
    assert_int_equal(wold_data_n_cols(d), 10);
    assert_string_equal(wold_data_col_name(d, 6), "cusa");
    assert_true(wold_data_values(d)[6] == 5); /* row 1 of column cusa */
    wold_data_free(d);
    wold_model_free(m);
}

static void test_decimals_correctly_rounded(void **state)
{
    (void)state;
    unsigned long long s = 0x9E3779B97F4A7C15ULL;
    char buf[64];
    for (int k = 0; k < 200000; k++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        int digits = 1 + (int)(s % 17), point = (int)((s >> 8) % (unsigned)(digits + 1));
        size_t n = 0;
        if ((s >> 20) & 1)
            buf[n++] = '-';
        unsigned long long r = s;
        for (int d = 0; d < digits; d++) {
            if (d == point && d > 0)
                buf[n++] = '.';
            r = r * 6364136223846793005ULL + 1442695040888963407ULL;
            buf[n++] = (char)('0' + (r >> 60) % 10);
        }
        buf[n] = '\0';
        double got, want = strtod(buf, NULL);
        assert_int_equal(wold__number_parse(buf, n, &got), WOLD__NUM_OK);
        if (memcmp(&got, &want, sizeof got) != 0)
            fail_msg("\"%s\": got %.17g, strtod %.17g", buf, got, want);
    }
    double z;
    assert_int_equal(wold__number_parse("-0.00", 5, &z), WOLD__NUM_OK);
    assert_true(z == 0 && signbit(z));
}

/* ------------------------------------------------------------------------
 * Weight and label columns (wold_csv_options.weights / .labels)
 * ------------------------------------------------------------------------ */

static wold_status parse_extra(wold_data **d, const char *text,
                               const wold_model *model, const char *weights,
                               const char *const *labels, size_t n_labels,
                               wold_error *err)
{
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.weights = weights;
    opt.labels = labels;
    opt.n_labels = n_labels;
    return wold_data_parse_csv(d, text, strlen(text), "w.csv", model, &opt,
                               err);
}

static void test_weights_and_labels_without_model(void **state)
{
    (void)state;
    const char *text = "company,x,w,sector,y\n"
                       "\"Acme, Inc.\",1,2,A,5\n"
                       "Bäckerei Müller,2,0.5,B,6\n"
                       "\"Acme, Inc.\",3,0,A,7\n"
                       "\n"
                       "\"Say \"\"hi\"\"\",4, 1e0 ,B,8\n"
                       "北京烤鸭,5,-0,C,9\n";
    const char *labels[] = {"company", "sector"};
    wold_data *d = NULL;
    wold_error err;
    assert_int_equal(parse_extra(&d, text, NULL, "w", labels, 2, &err),
                     WOLD_OK);
    /* The numeric columns are the rest, in header order. */
    assert_int_equal(wold_data_n_cols(d), 2);
    assert_string_equal(wold_data_col_name(d, 0), "x");
    assert_string_equal(wold_data_col_name(d, 1), "y");
    assert_int_equal(wold_data_n_rows(d), 5);
    assert_true(wold_data_values(d)[9] == 9.0);
    const double *w = wold_data_weights(d);
    const double want[] = {2, 0.5, 0, 1, 0};
    for (size_t i = 0; i < 5; i++)
        assert_true(w[i] == want[i]);
    assert_false(signbit(w[4]));
    assert_string_equal(wold_data_weights_name(d), "w");
    assert_int_equal(wold_data_n_labels(d), 2);
    assert_string_equal(wold_data_label_name(d, 0), "company");
    assert_string_equal(wold_data_label_name(d, 1), "sector");
    assert_null(wold_data_label_name(d, 2));
    assert_int_equal(wold_data_label_n_levels(d, 0), 4);
    assert_string_equal(wold_data_label_level(d, 0, 0), "Acme, Inc.");
    assert_string_equal(wold_data_label_level(d, 0, 1), "Bäckerei Müller");
    assert_string_equal(wold_data_label_level(d, 0, 2), "Say \"hi\"");
    assert_string_equal(wold_data_label_level(d, 0, 3), "北京烤鸭");
    assert_null(wold_data_label_level(d, 0, 4));
    const size_t *c0 = wold_data_label_codes(d, 0), *c1 =
                                                        wold_data_label_codes(d, 1);
    const size_t want0[] = {0, 1, 0, 2, 3}, want1[] = {0, 1, 0, 1, 2};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(c0[i], want0[i]);
        assert_int_equal(c1[i], want1[i]);
    }
    assert_int_equal(wold_data_label_n_levels(d, 1), 3);
    assert_null(wold_data_label_codes(d, 2));
    wold_data_free(d);
}

static void test_weights_and_labels_with_model(void **state)
{
    (void)state;
    wold_model *m = wt_model("A =~ a1 + a2\nB =~ b1\nB ~ A\n");
    /* A multi-line quoted label; the weight may also be an indicator. */
    const char *text = "b1;a2;grp;a1;wt\n"
                       "1;2;\"two\nlines\";3;4\n"
                       "5;6;g;7;8\n"
                       "9;10;\"two\nlines\";11;12\n";
    const char *labels[] = {"grp"};
    wold_data *d = NULL;
    wold_error err;
    assert_int_equal(parse_extra(&d, text, m, "wt", labels, 1, &err),
                     WOLD_OK);
    assert_int_equal(wold_data_n_cols(d), 3);
    assert_string_equal(wold_data_col_name(d, 0), "a1");
    assert_true(wold_data_values(d)[3] == 7.0);
    assert_true(wold_data_weights(d)[2] == 12.0);
    assert_int_equal(wold_data_label_n_levels(d, 0), 2);
    assert_string_equal(wold_data_label_level(d, 0, 0), "two\nlines");
    assert_int_equal(wold_data_label_codes(d, 0)[2], 0);
    wold_data_free(d);
    /* A label column that is also an indicator (numeric codes). */
    const char *again[] = {"a1"};
    assert_int_equal(parse_extra(&d, text, m, NULL, again, 1, &err), WOLD_OK);
    assert_null(wold_data_weights(d));
    assert_null(wold_data_weights_name(d));
    assert_string_equal(wold_data_label_level(d, 0, 1), "7");
    wold_data_free(d);
    wold_model_free(m);
}

static void test_many_levels(void **state)
{
    (void)state;
    /* Enough levels to grow the hash table several times. */
    size_t n = 3000, cap = 64 + n * 32, k = 0;
    char *text = malloc(cap);
    k += (size_t)snprintf(text + k, cap - k, "g,x\n");
    for (size_t i = 0; i < n; i++)
        k += (size_t)snprintf(text + k, cap - k, "c%zu,%zu\n", (i * 7) % 1000,
                              i);
    const char *labels[] = {"g"};
    wold_data *d = NULL;
    wold_error err;
    assert_int_equal(parse_extra(&d, text, NULL, NULL, labels, 1, &err),
                     WOLD_OK);
    assert_int_equal(wold_data_label_n_levels(d, 0), 1000);
    const size_t *c = wold_data_label_codes(d, 0);
    for (size_t i = 0; i < n; i++) {
        char want[32];
        snprintf(want, sizeof want, "c%zu", (i * 7) % 1000);
        assert_string_equal(wold_data_label_level(d, 0, c[i]), want);
        assert_int_equal(c[i], i % 1000);
    }
    wold_data_free(d);
    free(text);
}

/* A parse with the given weight/label options that must fail. */
static void extra_fails(const char *text, const wold_model *model,
                        const char *weights, const char *label,
                        wold_status status, long line, long col,
                        const char *needle)
{
    const char *labels[] = {label};
    wold_data *d = NULL;
    wold_error err;
    wold_status st = parse_extra(&d, text, model, weights, labels,
                                 label != NULL, &err);
    assert_null(d);
    WT_EXPECT_ERROR(st, &err, status, needle);
    if (err.line != line || err.col != col)
        fail_msg("at %ld:%ld, expected %ld:%ld: %s", err.line, err.col, line,
                 col, err.message);
    if (status == WOLD_EINPUT)
        assert_string_equal(err.file, "w.csv");
}

static void test_error_weights(void **state)
{
    (void)state;
    const char *head = "x,weight,y\n1,1,2\n";
    char text[200];
    extra_fails("x,weigth,y\n1,1,2\n", NULL, "weight", NULL, WOLD_EINPUT, 1,
                0, "weight column 'weight' is not a column of w.csv; did you "
                   "mean 'weigth'?");
    extra_fails("x,z,y\n1,1,2\n", NULL, "weight", NULL, WOLD_EINPUT, 1, 0,
                "weight column 'weight' is not a column of w.csv");
    extra_fails("x,\"weight \",y\n1,1,2\n", NULL, "weight", NULL, WOLD_EINPUT, 1,
                0, "did you mean 'weight '?");
    extra_fails("x,weight\xE3\x80\x80,y\n1,1,2\n", NULL, "weight", NULL,
                WOLD_EINPUT, 1, 0, "the header has 'weight\xE3\x80\x80'");
    snprintf(text, sizeof text, "%s3,-1,4\n", head);
    extra_fails(text, NULL, "weight", NULL, WOLD_EINPUT, 3, 2,
                "column 2 (weight): expected a weight >= 0, found \"-1\"");
    snprintf(text, sizeof text, "%s3,,4\n", head);
    extra_fails(text, NULL, "weight", NULL, WOLD_EINPUT, 3, 2,
                "column 2 (weight): expected a weight (a number >= 0), found "
                "a missing cell \"\"");
    snprintf(text, sizeof text, "%s\n3,NA,4\n", head);
    extra_fails(text, NULL, "weight", NULL, WOLD_EINPUT, 4, 2,
                "found a missing cell \"NA\"");
    snprintf(text, sizeof text, "%s3,heavy,4\n", head);
    extra_fails(text, NULL, "weight", NULL, WOLD_EINPUT, 3, 2,
                "expected a weight (a number >= 0), found \"heavy\"");
    snprintf(text, sizeof text, "%s3,1e999,4\n", head);
    extra_fails(text, NULL, "weight", NULL, WOLD_EINPUT, 3, 2,
                "too large for a double");
    snprintf(text, sizeof text, "%s3,inf,4\n", head);
    extra_fails(text, NULL, "weight", NULL, WOLD_EINPUT, 3, 2,
                "found \"inf\"");
    /* After a quoted cell over two lines, the line counts on. */
    extra_fails("g,x,weight\n\"a\nb\",1,1\n\"c\",3,-2\n", NULL, "weight",
                "g", WOLD_EINPUT, 4, 3, "found \"-2\"");
    wold_model *m = wt_model("A =~ x + y\n");
    extra_fails("x,weight,y\n1,2,3\n1,x,3\n", m, "weight", NULL, WOLD_EINPUT,
                3, 2, "found \"x\"");
    wold_model_free(m);
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.n_labels = 1;
    wold_data *d = NULL;
    wold_error err;
    WT_EXPECT_ERROR(wold_data_parse_csv(&d, head, strlen(head), NULL, NULL,
                                        &opt, &err),
                    &err, WOLD_EUSAGE, "labels is NULL");
    const char *none[] = {NULL};
    opt.labels = none;
    WT_EXPECT_ERROR(wold_data_parse_csv(&d, head, strlen(head), NULL, NULL,
                                        &opt, &err),
                    &err, WOLD_EUSAGE, "a label column name is NULL");
}

static void test_error_labels(void **state)
{
    (void)state;
    extra_fails("x,company\n1,a\n", NULL, NULL, "Company", WOLD_EINPUT, 1, 0,
                "label column 'Company' is not a column of w.csv; did you "
                "mean 'company'?");
    extra_fails("x,company\n1,a\n2,\n", NULL, NULL, "company", WOLD_EINPUT, 3,
                2, "column 2 (company): expected a label (a name), found an "
                   "empty cell; every row needs one");
    extra_fails("company,x\n  ,1\n", NULL, NULL, "company", WOLD_EINPUT, 2, 1,
                "found an empty cell");
    extra_fails("company,x\n\"\",1\n", NULL, NULL, "company", WOLD_EINPUT, 2,
                1, "found an empty cell");
    static const char nul[] = "company,x\n\"a\0b\",1\n";
    const char *labels[] = {"company"};
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.labels = labels;
    opt.n_labels = 1;
    wold_data *d = NULL;
    wold_error err;
    WT_EXPECT_ERROR(wold_data_parse_csv(&d, nul, sizeof nul - 1, NULL, NULL,
                                        &opt, &err),
                    &err, WOLD_EINPUT, "a label may not hold a NUL byte");
    assert_int_equal(err.line, 2);
}

/* Values against the indicators' scales (wold_model_mv_scale). */
static void test_scale_check(void **state)
{
    (void)state;
    wold_model *m = wt_model("A =~ a1 + a2\nB =~ b1\nB ~ A\n"
                             "scale 1:5\nscale 0:10 b1\n");
    /* In range, at both ends, and missing cells: read. */
    const char *ok = "b1,a2,a1\n0,1,5\n10,,NA\n5.5,2.5,1\n";
    wold_data *d = NULL;
    wold_error err;
    assert_int_equal(parse_extra(&d, ok, m, NULL, NULL, 0, &err), WOLD_OK);
    wold_data_free(d);
    /* The first bad cell in file order, with the scale's line. */
    extra_fails("b1,a2,a1\n0,1,5\n\n11,6,0\n", m, NULL, NULL, WOLD_EINPUT, 4,
                1, "column 1 (b1): 11 is outside the scale 0:10 of indicator "
                   "'b1' (the scale on line 5 of test.wold)");
    extra_fails("b1,a2,a1\n0,1,5\n1,\" 5.01\",0\n", m, NULL, NULL,
                WOLD_EINPUT, 3, 2, "column 2 (a2):  5.01 is outside the "
                                   "scale 1:5 of indicator 'a2' (the scale "
                                   "on line 4 of test.wold)");
    extra_fails("b1,a2,a1\n0,1,-1e-300\n", m, NULL, NULL, WOLD_EINPUT, 2, 3,
                "-1e-300 is outside the scale 1:5");
    wold_model_free(m);
    /* A default scale (--scale) says so; an indicator without a scale is
     * never checked. */
    m = wt_model("A =~ a1 + a2\nscale -2.5:2.5 a2\n");
    const char *text = "a1,a2\n100,2.5\n-3,1\n";
    assert_int_equal(parse_extra(&d, text, m, NULL, NULL, 0, &err), WOLD_OK);
    wold_data_free(d);
    assert_int_equal(wold_model_set_default_scale(m, 0, 200, &err), WOLD_OK);
    extra_fails(text, m, NULL, NULL, WOLD_EINPUT, 3, 1,
                "column 1 (a1): -3 is outside the scale 0:200 of indicator "
                "'a1' (the default scale given for the model, --scale)");
    /* Without a model nothing is checked. */
    assert_int_equal(parse_extra(&d, text, NULL, NULL, NULL, 0, &err),
                     WOLD_OK);
    wold_data_free(d);
    wold_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comma),
        cmocka_unit_test(test_semicolon_detected),
        cmocka_unit_test(test_detection_skips_blank_lines),
        cmocka_unit_test(test_tab_detected),
        cmocka_unit_test(test_detection_counts_outside_quotes),
        cmocka_unit_test(test_detection_quote_inside_name),
        cmocka_unit_test(test_separator_override),
        cmocka_unit_test(test_error_wrong_separator_option),
        cmocka_unit_test(test_bad_separator_option),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_quoted_text_in_unused_columns),
        cmocka_unit_test(test_only_model_columns_converted),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_no_final_newline),
        cmocka_unit_test(test_missing_values),
        cmocka_unit_test(test_blank_lines_ignored),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_shortest_round_trip),
        cmocka_unit_test(test_stdin),
        cmocka_unit_test(test_parse_csv),
        cmocka_unit_test(test_from_matrix),
        cmocka_unit_test(test_parallel_matches_serial),
        cmocka_unit_test(test_parallel_error_lines),
        cmocka_unit_test(test_error_non_numeric),
        cmocka_unit_test(test_error_fullwidth_cells),
        cmocka_unit_test(test_error_underflow),
        cmocka_unit_test(test_error_message_format),
        cmocka_unit_test(test_error_ragged),
        cmocka_unit_test(test_error_header),
        cmocka_unit_test(test_error_numeric_header),
        cmocka_unit_test(test_error_quotes),
        cmocka_unit_test(test_error_after_quote_spanning_lines),
        cmocka_unit_test(test_error_text_shown_printable),
        cmocka_unit_test(test_error_long_line_window),
        cmocka_unit_test(test_error_bare_cr),
        cmocka_unit_test(test_error_nul_byte),
        cmocka_unit_test(test_error_missing_indicator),
        cmocka_unit_test(test_error_missing_indicator_lookalike),
        cmocka_unit_test(test_error_cannot_open),
        cmocka_unit_test(test_satisfaction),
        cmocka_unit_test(test_corp_rep_single_item),
        cmocka_unit_test(test_decimals_correctly_rounded),
        cmocka_unit_test(test_weights_and_labels_without_model),
        cmocka_unit_test(test_weights_and_labels_with_model),
        cmocka_unit_test(test_many_levels),
        cmocka_unit_test(test_error_weights),
        cmocka_unit_test(test_error_labels),
        cmocka_unit_test(test_scale_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
