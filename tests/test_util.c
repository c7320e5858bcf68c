/* test_util.c - the error record's formatting and the text helpers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/util.h"

static void test_format_with_caret(void **state)
{
    (void)state;
    wold_error err;
    const char *line = "Sat ~ Exp + Qual";
    wold__raise(&err, WOLD_EINPUT, "m.wold", 3, 13, line, strlen(line),
                "'%s' has no block", "Qual");
    char buf[512];
    wold_error_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "m.wold:3:13: error: 'Qual' has no block\n"
                             "    Sat ~ Exp + Qual\n"
                             "                ^");
}

/* Wide characters take two columns: the caret stays under the name. */
static void test_caret_under_cjk(void **state)
{
    (void)state;
    wold_error err;
    const char *line = "顾客满意度 ~ 质量";
    wold__raise(&err, WOLD_EINPUT, "m.wold", 1, 9, line, strlen(line), "x");
    char buf[512];
    wold_error_format(&err, buf, sizeof buf);
    const char *caret = strrchr(buf, '\n') + 1;
    assert_string_equal(caret, "                 ^"); /* indent 4, name 10, " ~ " 3 */
    assert_int_equal(wold__display_width("顾客满意度"), 10);
    assert_int_equal(wold__utf8_len("顾客满意度", strlen("顾客满意度")), 5);
}

/* A message longer than the record is cut between UTF-8 characters, never
 * inside one (found by fuzz_model: a long name before a '…' left the
 * message ending in the bytes E2 80). */
static void test_long_message_cut_between_characters(void **state)
{
    (void)state;
    wold_error err;
    for (size_t pad = sizeof err.message - 8; pad < sizeof err.message; pad++) {
        char name[sizeof err.message];
        memset(name, 'x', pad);
        name[pad] = '\0';
        wold__raise(&err, WOLD_EINPUT, "m.wold", 1, 1, NULL, 0,
                    "'%s' 满意度 …", name);
        size_t n = strlen(err.message);
        assert_true(n < sizeof err.message);
        /* No lead byte without its continuation bytes at the end. */
        size_t k = n;
        while (k > 0 && ((unsigned char)err.message[k - 1] & 0xC0) == 0x80)
            k--;
        if (k > 0 && (unsigned char)err.message[k - 1] >= 0xC0) {
            unsigned char lead = (unsigned char)err.message[k - 1];
            size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            assert_int_equal(n - (k - 1), want);
        }
    }
}

/* Report numbers: fixed decimals, and no minus sign on a value that
 * rounds to zero ("-0.0000" would read as a negative estimate). */
static void test_format_fixed(void **state)
{
    (void)state;
    char buf[64];
    wold__format_fixed(buf, sizeof buf, 4, -1e-17);
    assert_string_equal(buf, "0.0000");
    wold__format_fixed(buf, sizeof buf, 4, -0.0);
    assert_string_equal(buf, "0.0000");
    wold__format_fixed(buf, sizeof buf, 4, -0.00005001);
    assert_string_equal(buf, "-0.0001");
    wold__format_fixed(buf, sizeof buf, 3, -12.3456);
    assert_string_equal(buf, "-12.346");
    wold__format_fixed(buf, sizeof buf, 0, -0.4);
    assert_string_equal(buf, "0");
}

static void test_format_without_location(void **state)
{
    (void)state;
    wold_error err;
    WOLD_FAIL(&err, WOLD_ENUMERIC, "did not converge");
    char buf[128];
    wold_error_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "error: did not converge");
    assert_int_equal(err.status, WOLD_ENUMERIC);
    assert_string_equal(wold_status_name(WOLD_ENUMERIC), "numeric");
    assert_string_equal(wold_status_name(WOLD_EIO), "io");
    /* A NULL record is allowed: the status still comes back. */
    assert_int_equal(WOLD_FAIL(NULL, WOLD_EINPUT, "x"), WOLD_EINPUT);
}

static void test_edit_distance(void **state)
{
    (void)state;
    assert_int_equal(wold__edit_distance("qual5", "qual6", 10), 1);
    assert_int_equal(wold__edit_distance("sat1", "sat1", 10), 0);
    assert_int_equal(wold__edit_distance("", "abc", 10), 3);
    assert_int_equal(wold__edit_distance("kitten", "sitting", 10), 3);
    assert_int_equal(wold__edit_distance("abcdef", "uvwxyz", 2), 2);
}

/* A directory opens but does not read: say why, naming the file. */
static void test_read_file_errors(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    wold_error err;
    WT_EXPECT_ERROR(wold__read_file("/tmp", &buf, &len, &err), &err, WOLD_EINPUT,
                    "/tmp: error: cannot read: Is a directory");
    WT_EXPECT_ERROR(wold__read_file("/nonexistent/x", &buf, &len, &err), &err,
                    WOLD_EINPUT, "/nonexistent/x: error: cannot open file: No such file");
    assert_null(buf);
}

/* wold__grow: room for need elements, doubling from 16; an overflowing
 * size leaves the array as it was. */
static void test_grow(void **state)
{
    (void)state;
    double *a = NULL;
    size_t cap = 0;
    assert_true(wold__grow((void **)&a, &cap, 1, sizeof *a));
    assert_int_equal(cap, 16);
    a[15] = 1.5;
    assert_true(wold__grow((void **)&a, &cap, 16, sizeof *a));
    assert_int_equal(cap, 16);
    assert_true(wold__grow((void **)&a, &cap, 40, sizeof *a));
    assert_int_equal(cap, 64);
    assert_true(a[15] == 1.5);
    double *kept = a;
    assert_false(wold__grow((void **)&a, &cap, SIZE_MAX / 4, sizeof *a));
    assert_ptr_equal(a, kept);
    assert_int_equal(cap, 64);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_with_caret),
        cmocka_unit_test(test_caret_under_cjk),
        cmocka_unit_test(test_long_message_cut_between_characters),
        cmocka_unit_test(test_format_fixed),
        cmocka_unit_test(test_format_without_location),
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_read_file_errors),
        cmocka_unit_test(test_grow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
