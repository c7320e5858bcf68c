/*
 * test_locale.c - numbers in and out are independent of the caller's
 * LC_NUMERIC: a program that calls setlocale() for a locale with a decimal
 * comma must still read "0.8" in a model or a CSV file as 0.8 and get
 * "0.5", not "0,5", from wold_format_double.  Skipped when no such locale
 * is installed (Debian: the locales package and localedef).
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static int comma_locale(void)
{
    const char *names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
                           "fr_FR.utf8", "nl_NL.UTF-8"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (setlocale(LC_ALL, names[i]) != NULL &&
            strcmp(localeconv()->decimal_point, ",") == 0)
            return 1;
    setlocale(LC_ALL, "C");
    return 0;
}

static int setup(void **state)
{
    (void)state;
    if (!comma_locale())
        print_message("SKIPPED: no locale with a decimal comma is installed\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    setlocale(LC_ALL, "C");
    return 0;
}

#define NEED_COMMA_LOCALE()                                                \
    do {                                                                   \
        if (strcmp(localeconv()->decimal_point, ",") != 0)                 \
            skip();                                                        \
    } while (0)

static void test_model_premultipliers(void **state)
{
    (void)state;
    NEED_COMMA_LOCALE();
    wold_model *m = wt_model("A =~ 0.8*a + 0.75*b\nB =~ 1e-1*c\nB ~ 0.5*A\n");
    assert_true(wold_model_mv_value(m, 0) == 0.8);
    assert_true(wold_model_mv_value(m, 1) == 0.75);
    assert_true(wold_model_mv_value(m, 2) == 0.1);
    assert_true(wold_model_path_value(m, 0, 1) == 0.5);
    wold_model_free(m);
}

static void test_format_double(void **state)
{
    (void)state;
    NEED_COMMA_LOCALE();
    char buf[32];
    wold_format_double(0.5, buf);
    assert_string_equal(buf, "0.5");
    wold_format_double(0.30000000000000004, buf);
    assert_string_equal(buf, "0.30000000000000004");
}

static void test_csv_decimals(void **state)
{
    (void)state;
    NEED_COMMA_LOCALE();
    char *path = wt_temp_file("a,b\n1.5,2.25\n3.125,4\n", ".csv");
    wold_data *d = NULL;
    wold_error err;
    assert_int_equal(wold_data_read_csv(&d, path, NULL, NULL, &err), WOLD_OK);
    const double *x = wold_data_values(d);
    assert_true(x[0] == 1.5 && x[1] == 2.25 && x[2] == 3.125 && x[3] == 4.0);
    wold_data_free(d);
    remove(path);
    free(path);
}

/* Continuous simulated values are written with '.' whatever the locale,
 * so the file reads back with as many fields as its header. */
static void test_simulate_writes_dots(void **state)
{
    (void)state;
    NEED_COMMA_LOCALE();
    wold_model *m = wt_model("X =~ x1 + x2\nY =~ y1\nY ~ X\n");
    char *path = wt_temp_file("", ".csv");
    FILE *f = fopen(path, "w");
    wold_simulate_options opt;
    wold_simulate_options_default(&opt);
    opt.n = 20;
    wold_error err;
    assert_int_equal(wold_simulate_csv(m, &opt, f, &err), WOLD_OK);
    fclose(f);
    wold_data *d = NULL;
    WT_EXPECT_ERROR(wold_data_read_csv(&d, path, m, NULL, &err), &err, WOLD_OK, NULL);
    assert_int_equal(wold_data_n_rows(d), 20);
    wold_data_free(d);
    wold_model_free(m);
    remove(path);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_premultipliers),
        cmocka_unit_test(test_format_double),
        cmocka_unit_test(test_csv_decimals),
        cmocka_unit_test(test_simulate_writes_dots),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
