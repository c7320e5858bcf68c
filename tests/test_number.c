/*
 * test_number.c - wold__number_parse bit for bit against strtod (C
 * locale): over a million random decimals of every length from 1 to 20
 * significant digits and exponents from the subnormals to overflow, then
 * the hard cases (points halfway between two doubles and next to them,
 * subnormals, 19 and more digits, long runs of zeros), and the syntax
 * and classes of today's reader (what is not a number, RANGE, TINY).
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "testutil.h"

/* splitmix64: a fixed stream, so a failure reproduces. */
static uint64_t next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static unsigned below(uint64_t *s, unsigned n)
{
    return (unsigned)(next_u64(s) % n);
}

static int has_nonzero_digit(const char *s)
{
    for (; *s != '\0' && *s != 'e' && *s != 'E'; s++)
        if (*s >= '1' && *s <= '9')
            return 1;
    return 0;
}

/* Counts the comparisons, for the summary line. */
static size_t n_checked;

/* The class and value strtod gives s, against wold__number_parse's. */
static void check(const char *s)
{
    double want = strtod(s, NULL), got = 0;
    wold__num r = wold__number_parse(s, strlen(s), &got);
    n_checked++;
    if (isinf(want)) {
        if (r != WOLD__NUM_RANGE)
            fail_msg("\"%s\": class %d, strtod overflows", s, (int)r);
        return;
    }
    if (want == 0 && has_nonzero_digit(s)) {
        if (r != WOLD__NUM_TINY)
            fail_msg("\"%s\": class %d, strtod underflows", s, (int)r);
        return;
    }
    if (r != WOLD__NUM_OK)
        fail_msg("\"%s\": class %d, strtod %.17g", s, (int)r, want);
    if (memcmp(&got, &want, sizeof got) != 0)
        fail_msg("\"%s\": got %a, strtod %a", s, got, want);
}

/*
 * A random decimal of nd significant digits in one of the written forms:
 * digits with a point somewhere (or none), leading zeros after the point,
 * an exponent (e or E, signed or not), a sign (- or +).
 */
static void random_decimal(uint64_t *s, int nd, char *buf)
{
    char dig[32];
    dig[0] = (char)('1' + below(s, 9));
    for (int i = 1; i < nd; i++)
        dig[i] = (char)('0' + below(s, 10));
    size_t n = 0;
    unsigned sign = below(s, 4);
    if (sign == 0)
        buf[n++] = '-';
    else if (sign == 1)
        buf[n++] = '+';
    unsigned form = below(s, 4);
    int point = (int)below(s, (unsigned)nd + 1); /* digits before '.' */
    if (form == 0) { /* 0.000ddd */
        buf[n++] = '0';
        buf[n++] = '.';
        for (unsigned z = below(s, 12); z > 0; z--)
            buf[n++] = '0';
        point = 0;
    }
    for (int i = 0; i < nd; i++) {
        if (i == point && i > 0)
            buf[n++] = '.';
        buf[n++] = dig[i];
    }
    if (form >= 2) { /* an exponent over the whole double range */
        int e = (int)below(s, 680) - 345;
        n += (size_t)sprintf(buf + n, "%c%s%d", below(s, 2) ? 'e' : 'E',
                             e >= 0 && below(s, 2) ? "+" : "", e);
    }
    buf[n] = '\0';
}

static void test_random_lengths(void **state)
{
    (void)state;
    uint64_t s = 42;
    char buf[96];
    n_checked = 0;
    for (int nd = 1; nd <= 20; nd++)
        for (int i = 0; i < 50000; i++) {
            random_decimal(&s, nd, buf);
            check(buf);
        }
    print_message("random decimals: %zu bit-identical to strtod\n",
                  n_checked);
    assert_true(n_checked >= 1000000);
}

/* A random finite double (any exponent, subnormals included). */
static double random_double(uint64_t *s)
{
    double d;
    do {
        uint64_t b = next_u64(s) & ~((uint64_t)1 << 63);
        memcpy(&d, &b, sizeof d);
    } while (!isfinite(d));
    return d;
}

/*
 * The point halfway between d and the next double up, exactly (a long
 * double holds it: 64 mantissa bits), written with prec digits after the
 * first: the exact value when prec is large enough, else a value just
 * above or below it.
 */
static void halfway(double d, int prec, char *buf, size_t size)
{
    long double lo = d, hi = nextafter(d, INFINITY);
    long double mid = lo + (hi - lo) / 2;
    snprintf(buf, size, "%.*Le", prec, mid);
}

/* The exact midpoint's digits with the last one moved by +-1. */
static void nudge_last(char *buf)
{
    char *e = strchr(buf, 'e');
    char *last = e - 1;
    while (last > buf && (*last < '0' || *last > '9'))
        last--;
    if (*last < '9')
        (*last)++;
    else if (*last > '0')
        (*last)--;
}

static void test_halfway(void **state)
{
    (void)state;
    uint64_t s = 7;
    static char buf[1200];
    n_checked = 0;
    for (int i = 0; i < 20000; i++) {
        double d = random_double(&s);
        if (i % 4 == 0) /* subnormal */
            d = ldexp((double)(next_u64(&s) >> 12), -1074);
        if (nextafter(d, INFINITY) > DBL_MAX)
            continue;
        halfway(d, 800, buf, sizeof buf); /* exact: ties to even */
        check(buf);
        nudge_last(buf); /* a hair off: must leave the tie */
        check(buf);
        halfway(d, 16 + (int)below(&s, 30), buf, sizeof buf); /* rounded */
        check(buf);
    }
    /* Ties of 17- to 19-digit integers (the Eisel-Lemire path) and of
     * small ones, where exact halves sit: 2^53 + 1, 2^54 + 2, ... */
    for (uint64_t k = 0; k < 3000; k++) {
        uint64_t v = ((uint64_t)1 << 53) + 2 * k + 1;
        for (int sh = 0; sh < 10 && v < UINT64_MAX / 2; sh++, v <<= 1) {
            snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
            check(buf);
        }
    }
    print_message("halfway points: %zu bit-identical to strtod\n",
                  n_checked);
}

static void test_round_trip(void **state)
{
    (void)state;
    uint64_t s = 99;
    char buf[64];
    n_checked = 0;
    for (int i = 0; i < 100000; i++) {
        double d = random_double(&s);
        snprintf(buf, sizeof buf, "%.17g", d);
        check(buf);
        snprintf(buf, sizeof buf, "%.*g", 1 + (int)below(&s, 16), d);
        check(buf);
        snprintf(buf, sizeof buf, "%.*f", (int)below(&s, 20), d * 1e-300);
        check(buf);
    }
    /* The subnormals and the edges of the range. */
    static const char *edges[] = {
        "4.9406564584124654e-324", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "2.4703282292062327208828439643411e-324",
        "2.2250738585072011e-308", "2.2250738585072014e-308",
        "2.2250738585072012e-308", "1.7976931348623157e308",
        "1.7976931348623158e308",  "1.7976931348623159e308",
        "1.7976931348623157081452742373170e308", "9007199254740993",
        "9007199254740992.5",      "123456789012345678901234567890",
        "0.1",                     "0.30000000000000004",
        "1e23",                    "8.98846567431158e307",
        "4e-324",                  "3e-324",
        "1e-400",                  "2e-324"};
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++)
        check(edges[i]);
    print_message("round trips and edges: %zu bit-identical to strtod\n",
                  n_checked);
}

static void test_long_digits(void **state)
{
    (void)state;
    uint64_t s = 5;
    char buf[256];
    n_checked = 0;
    for (int i = 0; i < 40000; i++) {
        /* 19 to 60 significant digits, exponents everywhere. */
        random_decimal(&s, 19 + (int)below(&s, 12), buf);
        check(buf);
        /* Long runs of zeros inside, before and after the digits. */
        size_t n = 0;
        buf[n++] = (char)('1' + below(&s, 9));
        int zeros = (int)below(&s, 40);
        if (below(&s, 2))
            buf[n++] = '.';
        for (int z = 0; z < zeros; z++)
            buf[n++] = '0';
        if (below(&s, 2))
            buf[n++] = (char)('1' + below(&s, 9));
        for (int z = (int)below(&s, 30); z > 0; z--)
            buf[n++] = '0';
        n += (size_t)sprintf(buf + n, "e%d", (int)below(&s, 660) - 340);
        buf[n] = '\0';
        check(buf);
        snprintf(buf, sizeof buf, "0.%0*d%llu", (int)below(&s, 60), 0,
                 (unsigned long long)(next_u64(&s) >> below(&s, 64)));
        check(buf);
    }
    static const char *cases[] = {
        "1.00000000000000000000",
        "10000000000000000000000",
        "9999999999999999999",
        "99999999999999999999",
        "18446744073709551615",
        "18446744073709551616",
        "0.000000000000000000000000000000000000000000001234",
        "1234000000000000000000000000000000000000000000000000",
        "1.0000000000000000000000000000001",
        "0.99999999999999999999999999999999",
        "00000000000000000000000000001.5",
        "9007199254740993.0000000000000000000000000001",
        "9007199254740992.9999999999999999999999999999",
        "4.940656458412465441765687928682213723651e-324"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check(cases[i]);
    print_message("19+ digits, long zeros: %zu bit-identical to strtod\n",
                  n_checked);
}

static wold__num parse(const char *s, double *v)
{
    return wold__number_parse(s, strlen(s), v);
}

static void test_syntax_and_classes(void **state)
{
    (void)state;
    double v;
    static const char *bad[] = {
        "inf",  "-inf", "nan",  "NaN",  "infinity", "0x1p3", "0x10", "1e",
        "1e+",  "e5",   ".",    "-",    "+",        "+.e1",  "1 2",  "1,5",
        "--1",  "1..2", "1.2.3", "1e5.5", "1f",     "na",    "N A",  "\n1",
        "1\r",  ".e1",  "1e1e1", "１"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (parse(bad[i], &v) != WOLD__NUM_BAD)
            fail_msg("\"%s\" read as a number", bad[i]);
    assert_int_equal(parse("", &v), WOLD__NUM_MISSING);
    assert_int_equal(parse(" \t ", &v), WOLD__NUM_MISSING);
    assert_int_equal(parse("NA", &v), WOLD__NUM_MISSING);
    assert_int_equal(parse(" NA\t", &v), WOLD__NUM_MISSING);
    assert_int_equal(parse(" 1.5\t", &v), WOLD__NUM_OK);
    assert_true(v == 1.5);
    assert_int_equal(parse("+.5", &v), WOLD__NUM_OK);
    assert_true(v == 0.5);
    assert_int_equal(parse("5.", &v), WOLD__NUM_OK);
    assert_true(v == 5);
    assert_int_equal(parse("1E+2", &v), WOLD__NUM_OK);
    assert_true(v == 100);
    static const char *range[] = {"1e309", "-1e400", "1e99999999999999999999",
                                  "179769313486231590000000000000000000000"
                                  "000000000000000000000000000000000000000"
                                  "000000000000000000000000000000000000000"
                                  "000000000000000000000000000000000000000"
                                  "000000000000000000000000000000000000000"
                                  "000000000000000000000000000000000000000"
                                  "000000000000000000000000000000000000000"
                                  "000000000000000000000000000000000000"};
    for (size_t i = 0; i < sizeof range / sizeof *range; i++)
        if (parse(range[i], &v) != WOLD__NUM_RANGE)
            fail_msg("\"%s\" is not RANGE", range[i]);
    static const char *tiny[] = {"1e-400", "-2e-324", "1e-99999999999999999",
                                 "0.0000000000000000000000000000000000001e-300"};
    for (size_t i = 0; i < sizeof tiny / sizeof *tiny; i++)
        if (parse(tiny[i], &v) != WOLD__NUM_TINY)
            fail_msg("\"%s\" is not TINY", tiny[i]);
    /* Zero digits are zero whatever the exponent, with their sign. */
    static const char *zero[] = {"0", "-0", "0e999999999999", "-0.000e-5000",
                                 "+0.0", "000000000000000000000000000"};
    for (size_t i = 0; i < sizeof zero / sizeof *zero; i++) {
        assert_int_equal(parse(zero[i], &v), WOLD__NUM_OK);
        assert_true(v == 0 && !!signbit(v) == (zero[i][0] == '-'));
    }
    /* A cell of over 127 bytes (the copy the strtod path makes). */
    char big[400];
    memset(big, '0', sizeof big - 1);
    big[0] = '7';
    big[1] = '.';
    big[sizeof big - 1] = '\0';
    assert_int_equal(parse(big, &v), WOLD__NUM_OK);
    assert_true(v == 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_syntax_and_classes),
        cmocka_unit_test(test_random_lengths),
        cmocka_unit_test(test_halfway),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_long_digits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
