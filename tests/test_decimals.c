/*
 * test_decimals.c - the vector path for records of decimal cells
 * (src/data/decimals.c) against the scalar tokenizer and strtod.
 *
 * Texts of random records: decimals of every shape the path takes (a
 * sign or none, 0-20 integer digits, a point or none, 0-25 fraction
 * digits, leading zeros past 19 digits, zeros of either sign, halfway
 * points between doubles, 19-digit integers near 2^63) and now and then
 * every shape it must decline (an exponent, '+', a space, a quote, NA, an
 * empty field, two points, a sign inside, 20 significant digits, CRLF, a
 * blank line, too many and too few fields, records past 1024 bytes, no
 * final newline), for widths 1 to 60 and three separators, with the
 * columns in order and mapped: the same rows bit for bit, counts, stop
 * and fault as the scalar path, and every double strtod's.  Then the
 * record function's own answers at the edges of its 64-byte chunks.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvjob.h"
#include "data/data.h"
#include "testutil.h"


static size_t put_digits(char *t, uint64_t *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        t[i] = (char)('0' + lcg(s) % 10);
    return n;
}

/* A value halfway between two doubles, as an integer (the trailing
 * zeros of a point make it a decimal with the same value). */
static size_t halfway(char *t, uint64_t *s)
{
    uint64_t a = (lcg64(s) >> 11) | (1ull << 52); /* 53 bits */
    unsigned shift = lcg(s) % 10;
    uint64_t v = (2 * a + 1) << shift; /* < 2^64: 54 + 9 bits */
    size_t n = (size_t)sprintf(t, "%llu", (unsigned long long)v);
    if (n < 19 && lcg(s) % 2) {
        unsigned z = lcg(s) % (unsigned)(20 - n);
        t[n++] = '.';
        memset(t + n, '0', z);
        n += z;
    }
    return n;
}

/* One decimal the vector path takes (or declines for its digits alone:
 * more than 19 significant ones). */
static size_t plain(char *t, uint64_t *s)
{
    unsigned r = lcg(s);
    size_t n = 0;
    if (r % 3 == 0)
        t[n++] = '-';
    switch ((r >> 2) % 16) {
    case 0:
        return n + halfway(t + n, s);
    case 1: /* leading zeros past 19 digits, few significant */
        n += (size_t)sprintf(t + n, "0.");
        memset(t + n, '0', 10 + (r >> 6) % 12);
        n += 10 + (r >> 6) % 12;
        return n + put_digits(t + n, s, 1 + (r >> 10) % 8);
    case 2: /* a 17-19 digit integer */
        t[n++] = (char)('1' + lcg(s) % 9);
        return n + put_digits(t + n, s, 16 + (r >> 6) % 3);
    case 3:
        n += (size_t)sprintf(t + n, "%s", (r >> 6) % 2 ? "0" : "0.000");
        return n;
    default:
        break;
    }
    unsigned id = (r >> 6) % 8 == 0 ? (r >> 9) % 21 : (r >> 9) % 3;
    unsigned fd = (r >> 14) % 6 == 0 ? (r >> 17) % 26 : 14 + (r >> 17) % 5;
    int point = (r >> 22) % 8 != 0;
    if (!point && id == 0)
        id = 1;
    n += put_digits(t + n, s, id);
    if (point) {
        t[n++] = '.';
        n += put_digits(t + n, s, fd);
        if (id == 0 && fd == 0)
            t[n++] = '5';
    }
    return n;
}

/* One field's text (at most 47 bytes): a plain decimal; odd shapes at
 * rate 1/odd. */
static size_t field(char *t, uint64_t *s, unsigned odd)
{
    static const char *const shapes[] = {
        "1e5",   "+1",    " 1.5", "1.5 ", "\"1.5\"", "NA",  "1.2.3",
        "--1",   "1-",    "x",    "1.5\r", "",      ".",   "-",
        "-.",    "1E2",   "-0",   "0.0",  "-.5",    "5.",  "\"1\n2\"",
        "12345678901234567890", "0.12345678901234567891"};
    unsigned r = lcg(s);
    size_t n;
    if (odd_shape(t, shapes, sizeof shapes / sizeof *shapes, r, odd, &n))
        return n;
    return plain(t, s);
}

/* Records at [start, end) the record function takes. */
static size_t taken(const char *start, const char *end,
                    const wold__csv_layout *lay)
{
    wold__vrec k = wold__csv_decimals_setup(lay);
    size_t n = 0;
    double *row = malloc((lay->p + 1) * sizeof *row);
    assert_non_null(row);
    for (const char *r = start; r < end;) {
        n += wold__csv_decimals_row(&k, r, end, lay, row) > 0;
        const char *nl = memchr(r, '\n', (size_t)(end - r));
        r = nl != NULL ? nl + 1 : end;
    }
    free(row);
    return n;
}

/* Every cell of rows [0, n) of x against strtod of its text (a text of
 * plain records, the columns in order). */
static void against_strtod(const char *start, const double *x, size_t n,
                           const wold__csv_layout *lay)
{
    const char *p = start;
    size_t fields = lay->n_fields;
    char sep = lay->sep;
    for (size_t r = 0; r < n; r++)
        for (size_t f = 0; f < fields; f++) {
            char cell[64];
            size_t k = 0;
            while (*p != sep && *p != '\n' && *p != '\r')
                cell[k++] = *p++;
            cell[k] = '\0';
            p += *p == '\r' ? 2 : 1;
            double want = strtod(cell, NULL), got = x[r * fields + f];
            if (memcmp(&want, &got, sizeof want) != 0)
                fail_msg("'%s' read as %.17g, strtod %.17g", cell, got, want);
        }
}

/* The vector path against the scalar one over a text, whole and in
 * pieces of cap rows; returns the records the record function takes. */
static size_t compare(const char *t, size_t len, size_t fields,
                      const int32_t *dest, size_t p, char sep, size_t cap,
                      int check_strtod)
{
    wold__csv_layout vec = {sep, fields, dest, p, WOLD__SIMD_BEST};
    const char *start = strchr(t, '\n') + 1, *end = t + len;
    compare_paths(start, end, &vec, cap, check_strtod ? against_strtod : NULL);
    return taken(start, end, &vec);
}

static int have_path(void)
{
    int32_t d[1] = {0};
    wold__csv_layout lay = {',', 1, d, 1, WOLD__SIMD_BEST};
    if (wold__csv_decimals_setup(&lay).kind == WOLD__SIMD_NONE) {
        printf("SKIPPED (no vector decimal path: the CPU lacks AVX-512 "
               "VBMI2, or the build fast_float)\n");
        return 0;
    }
    return 1;
}

static void test_against_scalar(void **state)
{
    (void)state;
    if (!have_path())
        return;
    int32_t ident[64];
    for (int f = 0; f < 64; f++)
        ident[f] = f;
    static const size_t widths[] = {1, 2, 3, 7, 8, 9, 14, 27, 30, 45, 60};
    static const char seps[] = {',', ';', '\t'};
    size_t used = 0;
    for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
        size_t fields = widths[w];
        for (unsigned odd = 0; odd <= 40; odd += 8) {
            size_t len;
            char sep = seps[(w + odd / 8) % 3];
            char *t = random_text(300, fields, sep, odd, fields * 131 + odd,
                                  48, field, 13, &len);
            used += compare(t, len, fields, ident, fields, sep, 1000,
                            odd == 0);
            used += compare(t, len, fields, ident, fields, sep, 7, 0);
            /* Mapped: every third field skipped, the rest reversed. */
            int32_t dest[64];
            size_t p = mapped(fields, dest);
            used += compare(t, len, fields, dest, p, sep, 1000, 0);
            free(t);
        }
    }
    printf("records the AVX-512 VBMI2 decimal path took: %zu\n", used);
    assert_true(used > 10000);
}

/* Records of an id, a name and `fields` decimals, the first two fields
 * skipped by the layout: any text in them but a quote is the vector
 * path's (an id with signs, points and digits, a name with spaces,
 * UTF-8, a stray '\r'), and a quoted name with the separator inside is
 * the scalar path's. */
static void test_skipped_text(void **state)
{
    (void)state;
    if (!have_path())
        return;
    static const char *const names[] = {
        "Acme",  "M\xc3\xbcller & S\xc3\xb6hne", "", "St. Mary's", "x-1.2.3",
        "a\rb", "\"Acme, Inc.\"",                 "  spaced  ",
        "1e5",   "NA",    "1234567890123456789012345678901234567890",
        "The Long Name of a Company Whose Name Runs Past Two Words of "
        "Sixty-Four Bytes; 1.2.3 -4 ...   and then some more text."};
    for (size_t fields = 1; fields <= 30; fields += 29) {
        size_t rows = 400, n = 0, quoted = 0;
        char *t = malloc(rows * (fields * 48 + 240) + 16);
        assert_non_null(t);
        uint64_t sd = 99 + fields;
        n += (size_t)sprintf(t, "header\n");
        for (size_t r = 0; r < rows; r++) {
            unsigned q = lcg(&sd);
            const char *name = names[(q >> 16) % 12];
            quoted += strchr(name, '"') != NULL;
            n += (size_t)sprintf(t + n, "%s%u.%u-%zu%s,%s", q % 2 ? "-" : "",
                                 q % 1000, (q >> 10) % 100, r,
                                 q % 4 ? "" : "1234567890123456789012345678901234567890",
                                 name);
            for (size_t f = 0; f < fields; f++) /* as R's write.csv */
                n += (size_t)sprintf(t + n, ",%s%u.%015llu",
                                     lcg(&sd) % 2 ? "-" : "", lcg(&sd) % 3,
                                     (unsigned long long)(lcg64(&sd) %
                                                          1000000000000000u));
            t[n++] = '\n';
        }
        int32_t dest[32];
        dest[0] = dest[1] = -1;
        for (size_t f = 0; f < fields; f++)
            dest[f + 2] = (int32_t)f;
        wold__csv_layout vec = {',', fields + 2, dest, fields,
                                WOLD__SIMD_BEST};
        const char *start = strchr(t, '\n') + 1, *end = t + n;
        compare_paths(start, end, &vec, 1000, NULL);
        compare_paths(start, end, &vec, 7, NULL);
        size_t got = taken(start, end, &vec);
        printf("%zu-column records with an id and a name the decimal path "
               "took: %zu of %zu\n", fields, got, rows);
        assert_int_equal(got, rows - quoted); /* all but the quoted */
        free(t);
    }
    /* Quotes only in skipped fields: "a,b" is one field to the scalar
     * path (and the record one field short), two to a scan without
     * quotes. */
    int32_t d3[3] = {-1, -1, 0};
    wold__csv_layout l3 = {',', 3, d3, 1, WOLD__SIMD_BEST};
    wold__vrec k3 = wold__csv_decimals_setup(&l3);
    static const char rec[] = "\"a,b\",2.5\n1,2,3.5\n";
    double v;
    assert_int_equal(wold__csv_decimals_row(&k3, rec, rec + sizeof rec - 1,
                                            &l3, &v),
                     0);
    assert_int_equal(wold__csv_decimals_row(&k3, rec + 10,
                                            rec + sizeof rec - 1, &l3, &v),
                     8);
    assert_true(v == 3.5);
}

/* The record function on one record in a buffer of filler after it. */
static size_t one(const char *rec, size_t fields, char sep, double *row)
{
    static char buf[2048];
    int32_t ident[300];
    for (int f = 0; f < 300; f++)
        ident[f] = f;
    wold__csv_layout lay = {sep, fields, ident, fields, WOLD__SIMD_BEST};
    size_t n = strlen(rec);
    assert_true(n < sizeof buf);
    memset(buf, '7', sizeof buf);
    memcpy(buf, rec, n);
    wold__vrec k = wold__csv_decimals_setup(&lay);
    return wold__csv_decimals_row(&k, buf, buf + sizeof buf, &lay, row);
}

static void test_record(void **state)
{
    (void)state;
    if (!have_path())
        return;
    static const struct {
        const char *rec;
        double want[3]; /* NAN first: declined */
    } cases[] = {
        {"1,2.5,3\n", {1, 2.5, 3}},
        {"1,2,3\n", {NAN}}, /* integers alone: the scalar path's */
        {"-1.5,0.25,-.5\n", {-1.5, 0.25, -0.5}},
        {"5.,007,-0.000\n", {5, 7, -0.0}},
        {"1,2.0,3\r\n", {1, 2, 3}},
        {"9007199254740993,0.1,1234567890123456789\n",
         {9007199254740992.0, 0.1, 1234567890123456789.0}},
        {"0.000000000000000000000000000001,1,1\n", {1e-30, 1, 1}},
        /* 32 digits in all are taken, 33 are the scalar path's. */
        {"0.0000000000000000000000000000001,1,1\n", {1e-31, 1, 1}},
        {"0.00000000000000000000000000000001,1,1\n", {NAN}},
        /* Rounding carries into the exponent. */
        {"0.99999999999999999,9.9999999999999999,-99999999999999999.9\n",
         {1.0, 10.0, -1e17}},
        {"1.9999999999999999,3.9999999999999999,63.999999999999999\n",
         {2.0, 4.0, 64.0}},
        {"1e5,2,3\n", {NAN}},
        {"+1,2,3\n", {NAN}},
        {"1,2,\n", {NAN}},
        {",1,2\n", {NAN}},
        {"1,2\n", {NAN}},
        {"1,2,3,4\n", {NAN}},
        {"1.2.3,2,3\n", {NAN}},
        {"1-,2,3\n", {NAN}},
        {"--1,2,3\n", {NAN}},
        {"1,.,3\n", {NAN}},
        {"1,-,3\n", {NAN}},
        {"1, 2,3\n", {NAN}},
        {"1,\"2\",3\n", {NAN}},
        {"1,NA,3\n", {NAN}},
        {"1,2\r,3\n", {NAN}},
        {"12345678901234567890,2,3\n", {NAN}},
        {"0.12345678901234567891,2,3\n", {NAN}},
        {"1;2;3\n", {NAN}},
        {"\n", {NAN}},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        double row[3] = {-7, -7, -7};
        size_t got = one(cases[k].rec, 3, ',', row);
        if (isnan(cases[k].want[0])) {
            if (got != 0)
                fail_msg("'%s' was taken", cases[k].rec);
            continue;
        }
        if (got != strlen(cases[k].rec))
            fail_msg("'%s' was not taken (%zu)", cases[k].rec, got);
        for (int f = 0; f < 3; f++)
            if (memcmp(&row[f], &cases[k].want[f], sizeof row[f]) != 0)
                fail_msg("'%s' field %d: %.17g", cases[k].rec, f + 1, row[f]);
    }
    /* A separator that can be part of a number: no vector path. */
    static const char part[] = "0.-9";
    for (const char *c = part; *c; c++) {
        int32_t d1[1] = {0};
        wold__csv_layout l1 = {*c, 1, d1, 1, WOLD__SIMD_BEST};
        assert_int_equal(wold__csv_decimals_setup(&l1).kind,
                         WOLD__SIMD_NONE);
    }
    /* The end of the text before a line end: the scalar path's. */
    int32_t d[1] = {0};
    wold__csv_layout lay = {',', 1, d, 1, WOLD__SIMD_BEST};
    wold__vrec k = wold__csv_decimals_setup(&lay);
    const char last[] = "1.5";
    double v;
    assert_int_equal(wold__csv_decimals_row(&k, last, last + 3, &lay, &v), 0);
    assert_int_equal(wold__csv_decimals_row(&k, "1.5\n", last + 4, &lay, &v),
                     4);
}

/* Every place of a field and of a CRLF around the 64-byte chunks, and
 * the 1024-byte limit. */
static void test_chunk_edges(void **state)
{
    (void)state;
    if (!have_path())
        return;
    char rec[1100];
    double row[300];
    /* 1 to 40 one-byte fields "1," then "-0.125" and "2.5": the two
     * cells cross every offset of the first 64-byte boundary. */
    for (size_t lead = 1; lead <= 40; lead++) {
        for (int crlf = 0; crlf < 2; crlf++) {
            size_t n = 0;
            for (size_t f = 0; f < lead; f++)
                n += (size_t)sprintf(rec + n, "%zu,", f % 10);
            n += (size_t)sprintf(rec + n, "-0.125,2.5%s\n",
                                 crlf ? "\r" : "");
            assert_int_equal(one(rec, lead + 2, ',', row), n);
            assert_true(row[lead] == -0.125 && row[lead + 1] == 2.5);
            for (size_t f = 0; f < lead; f++)
                assert_true(row[f] == (double)(f % 10));
        }
    }
    /* 150 short fields, the signs past the first 64 fields and their
     * word of sign bits. */
    {
        size_t n = 0;
        for (size_t f = 0; f < 150; f++) /* one point: not integers alone */
            n += (size_t)sprintf(rec + n, "%s%s%zu%s", f ? "," : "",
                                 f % 3 == 1 ? "-" : "", f % 10,
                                 f == 149 ? ".0" : "");
        rec[n++] = '\n';
        rec[n] = '\0';
        assert_int_equal(one(rec, 150, ',', row), n);
        for (size_t f = 0; f < 150; f++) {
            double want = f % 3 == 1 ? -(double)(f % 10) : (double)(f % 10);
            if (memcmp(&row[f], &want, sizeof want) != 0)
                fail_msg("field %zu: %g", f + 1, row[f]);
        }
    }
    /* 256 fields are taken, 257 declined (the scalar path's). */
    for (size_t fields = 256; fields <= 257; fields++) {
        size_t n = 0;
        for (size_t f = 0; f < fields; f++)
            n += (size_t)sprintf(rec + n, "%s%zu%s", f ? "," : "", f % 10,
                                 f == 0 ? "." : "");
        rec[n++] = '\n';
        rec[n] = '\0';
        assert_int_equal(one(rec, fields, ',', row), fields == 256 ? n : 0);
    }
    /* A record of 1024 bytes is taken, of 1025 declined. */
    for (size_t want = 1024; want <= 1025; want++) {
        size_t target = want - 1, n = 0, fields = 1;
        n += (size_t)sprintf(rec, "0.123456789012345");
        while (n + 18 + 4 <= target) {
            n += (size_t)sprintf(rec + n, ",0.123456789012345");
            fields++;
        }
        while (target - n >= 2) { /* ",1" and ",11" to the byte */
            n += (size_t)sprintf(rec + n, target - n == 3 ? ",11" : ",1");
            fields++;
        }
        assert_int_equal(n, target);
        rec[n++] = '\n';
        rec[n] = '\0';
        assert_true(fields <= 128);
        size_t got = one(rec, fields, ',', row);
        assert_int_equal(got, want == 1024 ? 1024 : 0);
        if (want == 1024)
            assert_true(row[0] == 0.123456789012345 && row[fields - 1] == 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_scalar),
        cmocka_unit_test(test_record),
        cmocka_unit_test(test_chunk_edges),
        cmocka_unit_test(test_skipped_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
