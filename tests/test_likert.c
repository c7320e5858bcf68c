/*
 * test_likert.c - the vector path for records of Likert cells
 * (src/data/likert.c) against the scalar tokenizer: texts of random
 * records (one- and two-digit cells mostly, and now and then every shape
 * the vector path must decline: three digits, an empty field, a decimal,
 * a sign, a space, a quote, NA, CRLF, a blank line, too many and too few
 * fields, records past 128 bytes, no final newline) for widths 1 to 70,
 * with the columns in order and mapped (skipped and swapped), parsed with
 * each vector path this CPU has (AVX-512 VBMI2, AVX2) and without: the
 * same rows bit for bit, counts, stop and fault; and the record
 * function's own answers.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvjob.h"
#include "data/data.h"
#include "testutil.h"

/* One field's text: mostly a Likert cell; odd shapes at rate 1/odd. */
static size_t field(char *t, uint64_t *s, unsigned odd)
{
    static const char *const shapes[] = {
        "100", "", "7.5", "-3", " 4", "\"5\"", "NA", "5\r", "1e1", "+2",
        "007", "x", "9 ", "\"1\n2\""};
    unsigned r = lcg(s);
    size_t n;
    if (odd_shape(t, shapes, sizeof shapes / sizeof *shapes, r, odd, &n))
        return n;
    return (size_t)sprintf(t, "%u", (r >> 8) % 3 == 0 ? 10 : (r >> 10) % 10);
}

/* The vector path (at most `simd`) against the scalar one over a text;
 * returns the records the record function takes, for the caller to see
 * that the test used it. */
static size_t compare(const char *t, size_t len, size_t fields,
                      const int32_t *dest, size_t p, char sep, size_t cap,
                      int simd)
{
    wold__csv_layout vec = {sep, fields, dest, p, simd};
    const char *start = strchr(t, '\n') + 1, *end = t + len;
    size_t taken = 0;
    wold__vrec k = wold__csv_likert_setup(&vec);
    for (const char *r = start; k.kind != WOLD__SIMD_NONE && r < end;) {
        double row[80];
        taken += wold__csv_likert_row(&k, r, end, &vec, row) > 0;
        const char *nl = memchr(r, '\n', (size_t)(end - r));
        r = nl != NULL ? nl + 1 : end;
    }
    compare_paths(start, end, &vec, cap, NULL);
    return taken;
}

/* The vector paths this CPU has (the best first): their number. */
static size_t paths(int *simd)
{
    int32_t ident[30];
    for (int f = 0; f < 30; f++)
        ident[f] = f;
    wold__csv_layout lay = {',', 30, ident, 30, WOLD__SIMD_BEST};
    size_t n = 0;
    wold__vrec best = wold__csv_likert_setup(&lay);
    if (best.kind == WOLD__SIMD_VBMI2)
        simd[n++] = WOLD__SIMD_BEST;
    lay.simd = WOLD__SIMD_AVX2;
    if (wold__csv_likert_setup(&lay).kind == WOLD__SIMD_AVX2)
        simd[n++] = WOLD__SIMD_AVX2;
    return n;
}

static void test_against_scalar(void **state)
{
    (void)state;
    int simd[2];
    size_t n_paths = paths(simd);
    if (n_paths == 0)
        printf("SKIPPED (this CPU has neither AVX2 nor AVX-512 VBMI2)\n");
    int32_t ident[80];
    for (int f = 0; f < 80; f++)
        ident[f] = f;
    static const size_t widths[] = {1, 2, 3, 5, 14, 29, 30, 31, 40,
                                    50, 63, 64, 65, 70};
    for (size_t v = 0; v < n_paths; v++) {
        size_t used = 0;
        for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
            size_t fields = widths[w];
            for (unsigned odd = 0; odd <= 40; odd += 8) {
                size_t len;
                char sep = odd % 16 ? ';' : ',';
                char *t = random_text(400, fields, sep, odd,
                                      fields * 131 + odd, 8, field, 0, &len);
                /* In order. */
                used += compare(t, len, fields, ident, fields, sep, 1000,
                                simd[v]);
                used += compare(t, len, fields, ident, fields, sep, 7,
                                simd[v]);
                /* Mapped: every third field skipped, the rest reversed. */
                int32_t dest[80];
                size_t p = mapped(fields, dest);
                used += compare(t, len, fields, dest, p, sep, 1000, simd[v]);
                free(t);
            }
        }
        printf("records the %s path took: %zu\n",
               simd[v] == WOLD__SIMD_AVX2 ? "AVX2" : "AVX-512 VBMI2", used);
        assert_true(used > 10000);
    }
}

/* The record function alone: a Likert record and each shape it must
 * leave to the scalar path. */
static void record_cases(int simd)
{
    int32_t ident[4] = {0, 1, 2, 3};
    wold__csv_layout lay = {',', 4, ident, 4, simd};
    wold__vrec lk = wold__csv_likert_setup(&lay);
    static const struct {
        const char *rec;
        double want[4]; /* want[0] < 0: declined */
    } cases[] = {
        {"1,2,3,4\n", {1, 2, 3, 4}},
        {"10,09,0,99\n", {10, 9, 0, 99}},
        {"100,2,3,4\n", {-1}},
        {"1,,3,4\n", {-1}},
        {",1,3,4\n", {-1}},
        {"1,2,3,\n", {-1}},
        {"1,2,3,4,\n", {-1}},
        {"1,2,3\n", {-1}},
        {"1,2,3,4,5\n", {-1}},
        {"1,2,3,4\r\n", {-1}},
        {"1,2.5,3,4\n", {-1}},
        {"1,-2,3,4\n", {-1}},
        {"1, 2,3,4\n", {-1}},
        {"1,\"2\",3,4\n", {-1}},
        {"1,NA,3,4\n", {-1}},
        {"1;2;3;4\n", {-1}},
        {"\n", {-1}},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char buf[256];
        memset(buf, '5', sizeof buf);
        size_t n = strlen(cases[k].rec);
        memcpy(buf, cases[k].rec, n);
        double row[4] = {-7, -7, -7, -7};
        size_t got = wold__csv_likert_row(&lk, buf, buf + sizeof buf, &lay,
                                          row);
        if (cases[k].want[0] < 0) {
            if (got != 0)
                fail_msg("'%s' was taken", cases[k].rec);
            assert_true(row[0] == -7 && row[3] == -7);
            continue;
        }
        assert_int_equal(got, n);
        for (int f = 0; f < 4; f++)
            assert_true(row[f] == cases[k].want[f]);
    }
    /* Fewer than 128 bytes of text left: the scalar path. */
    char short_text[] = "1,2,3,4\n";
    double row[4];
    assert_int_equal(wold__csv_likert_row(&lk, short_text, short_text + 8,
                                          &lay, row),
                     0);
    /* 64 one-digit fields: 128 bytes with the line end, the most the
     * window holds; one more digit puts the line end past it. */
    wold__csv_layout wide = {',', 64, NULL, 64, simd};
    int32_t d64[64];
    for (int f = 0; f < 64; f++)
        d64[f] = f;
    wide.dest = d64;
    char w[300];
    size_t n = 0;
    for (int f = 0; f < 64; f++)
        n += (size_t)sprintf(w + n, f ? ",%d" : "%d", f % 10);
    w[n++] = '\n';
    memset(w + n, '1', sizeof w - n);
    double r64[64];
    assert_int_equal(n, 128);
    wold__vrec kw = wold__csv_likert_setup(&wide);
    assert_int_equal(wold__csv_likert_row(&kw, w, w + sizeof w, &wide, r64),
                     128);
    for (int f = 0; f < 64; f++)
        assert_true(r64[f] == f % 10);
    memmove(w + 1, w, 128);
    w[0] = '1'; /* the first field "10" */
    assert_int_equal(wold__csv_likert_row(&kw, w, w + sizeof w, &wide, r64),
                     0);
    /* Every shape in the second 64 bytes too, and across the halves. */
    static const char *const late[] = {"", "100", "1.5", "-1", " 1", "N"};
    for (size_t at = 26; at < 40; at++)
        for (size_t k = 0; k < sizeof late / sizeof *late; k++) {
            wide.n_fields = wide.p = 40;
            n = 0;
            for (size_t f = 0; f < 40; f++)
                n += (size_t)sprintf(w + n, "%s%s", f ? "," : "",
                                     f == at ? late[k] : "7");
            w[n++] = '\n';
            memset(w + n, '1', sizeof w - n);
            kw = wold__csv_likert_setup(&wide);
            if (wold__csv_likert_row(&kw, w, w + sizeof w, &wide, r64) != 0)
                fail_msg("'%s' as field %zu was taken", late[k], at + 1);
        }
}

static void test_record(void **state)
{
    (void)state;
    int simd[2];
    size_t n = paths(simd);
    if (n == 0)
        printf("SKIPPED (this CPU has neither AVX2 nor AVX-512 VBMI2)\n");
    for (size_t v = 0; v < n; v++)
        record_cases(simd[v]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_scalar),
        cmocka_unit_test(test_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
