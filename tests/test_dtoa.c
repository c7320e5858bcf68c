/*
 * test_dtoa.c - doubles to text (src/util/dtoa.c): the shortest form reads
 * back as the same double, no shorter decimal does, it is the nearest of
 * its length and laid out as the printf form it replaced; N significant
 * digits are printf's "%.Ng" byte for byte.  Checked against the C
 * library's strtod and snprintf on 10^6 doubles of every kind.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/dtoa.h"

/* xorshift64*: the test's own stream, so that failures reproduce. */
static uint64_t rng_state = UINT64_C(0x9E3779B97F4A7C15);

static uint64_t next64(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}

static double from_bits(uint64_t b)
{
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

/* Case k of the mix: every exponent, subnormals, integers, decimals of a
 * few digits (0.1, 0.3), values like simulated ones, powers of ten and
 * of two with their neighbours. */
static double draw(unsigned k)
{
    uint64_t r = next64();
    switch (k % 8) {
    case 0: return from_bits(r); /* any bits: every exponent */
    case 1: return from_bits(r & ((UINT64_C(1) << 52) - 1)); /* subnormal */
    case 2: return (double)(int64_t)(r >> (r % 64)); /* integers */
    case 3: return (double)(r % 100000) / pow(10.0, (double)(r >> 60));
    case 4: return ((double)(r >> 11) * 0x1p-53 - 0.5) * 8.0; /* N(0,1)-like */
    case 5: return ldexp((double)(r >> 11), (int)(r % 2100) - 1100);
    case 6: {
        double p = pow(10.0, (double)((int)(r % 632) - 323));
        int step = (int)((r >> 32) % 3) - 1;
        return step == 0 ? p : nextafter(p, step * INFINITY);
    }
    default: {
        double p = ldexp(1.0, (int)(r % 2098) - 1074);
        return (r >> 40) & 1 ? nextafter(p, INFINITY) : p;
    }
    }
}

/* A decimal string as its significant digits (no leading or trailing
 * zeros) and the decimal exponent of the first one. */
typedef struct dec {
    char digits[40];
    int n, x10;
} dec;

static dec parse_dec(const char *s)
{
    dec d = {{0}, 0, 0};
    int point = -1, pos = 0, first = -1;
    if (*s == '-')
        s++;
    for (; *s != '\0' && *s != 'e'; s++) {
        if (*s == '.') {
            point = pos;
            continue;
        }
        if (first < 0 && *s == '0') {
            pos++;
            continue;
        }
        if (first < 0)
            first = pos;
        assert_true(d.n < 39);
        d.digits[d.n++] = *s;
        pos++;
    }
    while (d.n > 0 && d.digits[d.n - 1] == '0')
        d.digits[--d.n] = '\0';
    if (point < 0)
        point = pos;
    d.x10 = point - first - 1 + (*s == 'e' ? atoi(s + 1) : 0);
    return d;
}

static int reads_back(const char *s, double x)
{
    double y = strtod(s, NULL);
    return memcmp(&x, &y, sizeof x) == 0;
}

/* "-<m>e<x10>" into b: a decimal for strtod without snprintf. */
static void put_decimal(char *b, int neg, uint64_t m, int x10)
{
    char t[24];
    int n = 0;
    if (neg)
        *b++ = '-';
    do {
        t[n++] = (char)('0' + m % 10);
        m /= 10;
    } while (m != 0);
    while (n > 0)
        *b++ = t[--n];
    *b++ = 'e';
    if (x10 < 0) {
        *b++ = '-';
        x10 = -x10;
    }
    n = 0;
    do {
        t[n++] = (char)('0' + x10 % 10);
        x10 /= 10;
    } while (x10 != 0);
    while (n > 0)
        *b++ = t[--n];
    *b = '\0';
}

/* Some decimal with n - 1 significant digits reads back as x.  The set
 * that reads back as x is an interval around x, so if any such decimal is
 * in it, the one just below |x| or the one just above is: the nearest
 * (%.*e, correctly rounded by the C library) and its neighbour on the
 * other side of x. */
static int shorter_reads_back(double x, int n)
{
    char b[64];
    snprintf(b, sizeof b, "%.*e", n - 2, fabs(x));
    char *e = strchr(b, 'e');
    int x10 = atoi(e + 1) - (n - 2);
    uint64_t m = 0, lowest = 1;
    for (const char *s = b; s < e; s++)
        if (*s != '.')
            m = 10 * m + (uint64_t)(*s - '0');
    for (int i = 0; i < n - 2; i++)
        lowest *= 10;
    put_decimal(b, x < 0, m, x10);
    double near = strtod(b, NULL);
    if (near == x)
        return 1;
    if (fabs(near) < fabs(x))
        put_decimal(b, x < 0, m + 1, x10);
    else if (m == lowest) /* 1.000e+X: below it is 9.99..9e(X-1) */
        put_decimal(b, x < 0, 10 * lowest - 1, x10 - 1);
    else
        put_decimal(b, x < 0, m - 1, x10);
    return strtod(b, NULL) == x;
}

/* Reads back, and no decimal one digit shorter does; with full, also the
 * nearest of its length and, for normal numbers, the printf layout. */
static void check_shortest_as(double x, int full)
{
    char out[WOLD__DTOA_MAX + 8], ref[64];
    size_t len = wold__dtoa_shortest(x, out);
    assert_int_equal(len, strlen(out));
    assert_true(len < WOLD__DTOA_MAX);
    if (!reads_back(out, x))
        fail_msg("%a: '%s' reads back as %a", x, out, strtod(out, NULL));
    if (x == 0)
        return;
    dec d = parse_dec(out);
    if (d.n > 1 && shorter_reads_back(x, d.n))
        fail_msg("%a: '%s' has %d digits, one fewer reads back", x, out,
                 d.n);
    if (!full)
        return;
    /* The nearest decimal of that length, when it reads back, is ours. */
    snprintf(ref, sizeof ref, "%.*e", d.n - 1, x);
    if (!reads_back(ref, x))
        return;
    dec r = parse_dec(ref);
    if (r.n != d.n || r.x10 != d.x10 || strcmp(r.digits, d.digits) != 0)
        fail_msg("%a: '%s' is not the nearest, '%s' is", x, out, ref);
    /* Normal numbers: what "%.15g, else %.16g, else %.17g" wrote. */
    if (fabs(x) >= DBL_MIN) {
        snprintf(ref, sizeof ref, "%.*g", d.n > 15 ? d.n : 15, x);
        if (strcmp(out, ref) != 0)
            fail_msg("%a: '%s', printf wrote '%s'", x, out, ref);
    }
}

static void check_shortest(double x)
{
    check_shortest_as(x, 1);
}

static void test_shortest_random(void **state)
{
    (void)state;
    size_t done = 0;
    for (unsigned i = 0; done < 1000000; i++) {
        double x = draw(i);
        if (!isfinite(x))
            continue;
        check_shortest_as(x, done % 4 == 0); /* nearest, layout: 1 in 4 */
        done++;
    }
}

static void test_shortest_cases(void **state)
{
    (void)state;
    static const struct {
        double x;
        const char *text;
    } cases[] = {
        {0.0, "0"},
        {-0.0, "-0"},
        {0.1, "0.1"},
        {0.3, "0.3"},
        {0.1 + 0.2, "0.30000000000000004"},
        {1.0 / 3.0, "0.3333333333333333"},
        {5e-324, "5e-324"}, /* "%.15g" wrote 15 digits of a subnormal */
        {-5e-324, "-5e-324"},
        {2.2250738585072014e-308, "2.2250738585072014e-308"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {1e15, "1e+15"},
        {123456789012345.0, "123456789012345"},
        {1e16, "1e+16"},
        {9007199254740993.0, "9007199254740992"},
        {1e-5, "1e-05"},
        {1e-4, "0.0001"},
        {1e21, "1e+21"},
        {1e22, "1e+22"},
        {1e23, "1e+23"},
        {-1.5, "-1.5"},
        {100.0, "100"},
        {2.5e-7, "2.5e-07"},
        {0.000123, "0.000123"},
    };
    char out[WOLD__DTOA_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wold__dtoa_shortest(cases[i].x, out);
        if (strcmp(out, cases[i].text) != 0)
            fail_msg("%a: '%s', expected '%s'", cases[i].x, out,
                     cases[i].text);
        check_shortest(cases[i].x);
    }
    for (int e = -323; e <= 308; e++) {
        char b[32];
        snprintf(b, sizeof b, "1e%d", e);
        double p = strtod(b, NULL);
        check_shortest(p);
        check_shortest(nextafter(p, 0.0));
        check_shortest(nextafter(p, INFINITY));
    }
    for (int e = -1074; e <= 1023; e++)
        check_shortest(ldexp(1.0, e));
    for (int v = -100000; v <= 100000; v++)
        check_shortest((double)v);
    wold__dtoa_shortest(NAN, out);
    assert_string_equal(out, "NaN");
    wold__dtoa_shortest(-INFINITY, out);
    assert_string_equal(out, "-Inf");
    wold_format_double(0.1, out);
    assert_string_equal(out, "0.1");
    wold_format_double(INFINITY, out);
    assert_string_equal(out, "Inf");
}

static void check_digits(double x, int n)
{
    char out[WOLD__DTOA_MAX], ref[64];
    size_t len = wold__dtoa_digits(x, n, out);
    assert_int_equal(len, strlen(out));
    snprintf(ref, sizeof ref, "%.*g", n, x);
    if (strcmp(out, ref) != 0)
        fail_msg("%a with %d digits: '%s', printf writes '%s'", x, n, out,
                 ref);
}

static void test_digits_random(void **state)
{
    (void)state;
    size_t done = 0;
    for (unsigned i = 0; done < 300000; i++) {
        double x = draw(i);
        if (!isfinite(x))
            continue;
        check_digits(x, 1 + (int)(next64() % 17));
        done++;
    }
}

/* Halfway cases are exact: printf rounds them to even. */
static void test_digits_ties(void **state)
{
    (void)state;
    static const double ties[] = {
        0.5, 1.5, 2.5, 3.5, 0.125, 0.375, 0.0625, 1.25, 2.675, 1e22,
        9007199254740993.0, 4503599627370497.5, 0x1p60, 0x1p-20,
        123456789012345678.0, 0.000244140625, 5e-324, 1.7976931348623157e308,
        99.5, 999.5, 9.5, 0.95, 0.0, -0.0, -2.5, 65536.5, 1048575.5};
    for (size_t i = 0; i < sizeof ties / sizeof ties[0]; i++)
        for (int n = 1; n <= 17; n++)
            for (int step = -1; step <= 1; step++) {
                double x = step ? nextafter(ties[i], step * INFINITY)
                                : ties[i];
                if (isfinite(x))
                    check_digits(x, n);
            }
    /* k + 1/2 and k / 2^j: every halfway position of 1..17 digits */
    for (int j = 1; j <= 40; j++)
        for (unsigned k = 0; k < 200; k++) {
            double x = ldexp((double)(next64() >> (11 + j % 40)) + 0.5, -j);
            for (int n = 1; n <= 17; n++)
                check_digits(x, n);
        }
    char out[WOLD__DTOA_MAX];
    wold__dtoa_digits(NAN, 6, out);
    assert_string_equal(out, "NaN");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shortest_cases),
        cmocka_unit_test(test_shortest_random),
        cmocka_unit_test(test_digits_random),
        cmocka_unit_test(test_digits_ties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
