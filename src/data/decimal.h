/*
 * decimal.h - the inline scan of a decimal number, shared by number.c
 * (one cell) and csv.c (the hot loop, which scans a cell and finds its
 * end in the same pass).
 *
 * Up to 19 digits (the integer and fractional parts together, leading
 * zeros included) accumulate into a uint64_t without overflow; eight
 * fractional digits at a time are checked and combined by SWAR (the
 * method of fast_float's parse_eight_digits_unrolled, Lemire 2021), and
 * the last 0-7 from one more word.  The sign and the length decide no
 * branch there: in a column of random signs and lengths (17-digit
 * round-trip output, R's 15 digits) such branches are mispredicted
 * every other cell, and a mispredict costs more than the word's
 * arithmetic (R's 15-digit cells parse about a third faster this way).
 * Longer numbers are rescanned by wold__decimal_scan, which keeps the
 * first 19 significant digits and notes whether the rest are zero.
 */
#ifndef WOLD_DECIMAL_H
#define WOLD_DECIMAL_H

#include <stdint.h>
#include <string.h>

#include "data/data.h"

/* Clamp of a decimal exponent: far beyond any double's range. */
#define WOLD__EXP_CLAMP 100000

/* The bytes of v (little-endian load) that are not ASCII digits, as
 * non-zero bytes: exact up to the first of them (the carries of the
 * addition run from a non-digit upwards only). */
static inline uint64_t wold__non_digits(uint64_t v)
{
    return ((v & 0xF0F0F0F0F0F0F0F0u) |
            (((v + 0x0606060606060606u) & 0xF0F0F0F0F0F0F0F0u) >> 4)) ^
           0x3333333333333333u;
}

static inline int wold__is_eight_digits(uint64_t v)
{
    return wold__non_digits(v) == 0;
}

/* The eight ASCII digits of v (little-endian load) as an integer. */
static inline uint64_t wold__eight_digits(uint64_t v)
{
    const uint64_t mask = 0x000000FF000000FFu;
    const uint64_t mul1 = 0x000F424000000064u; /* 100 + (10^6 << 32) */
    const uint64_t mul2 = 0x0000271000000001u; /* 1 + (10^4 << 32) */
    v -= 0x3030303030303030u;
    v = v * 10 + (v >> 8);
    return (((v & mask) * mul1) + (((v >> 16) & mask) * mul2)) >> 32;
}

/* v with its sign flipped when neg is 1: the sign bit, without a branch
 * (a random sign is a branch mispredicted every other cell). */
static inline double wold__negate_if(double v, int neg)
{
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    b ^= (uint64_t)(neg != 0) << 63;
    memcpy(&v, &b, sizeof v);
    return v;
}

static inline uint64_t wold__load8(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v; /* x86-64 and every target wold builds on: little-endian */
}

/* The exponent after 'e' / 'E' at p, added to *q; NULL without digits. */
static inline const char *wold__scan_exponent(const char *p, const char *end,
                                              int64_t *q)
{
    int neg = p < end && *p == '-';
    if (p < end && (*p == '-' || *p == '+'))
        p++;
    const char *from = p;
    int64_t e = 0;
    unsigned dg;
    while (p < end && (dg = (unsigned)(*p - '0')) < 10u) {
        if (e < WOLD__EXP_CLAMP)
            e = e * 10 + dg;
        p++;
    }
    if (p == from)
        return NULL;
    *q += neg ? -e : e;
    return p;
}

/* wold__decimal_scan, fast for numbers of at most 19 digits. */
static inline const char *wold__decimal_scan_inline(const char *p,
                                                    const char *end,
                                                    wold__decimal *d)
{
    const char *s = p;
    int neg = 0;
    if (p < end) { /* the sign without a branch on it */
        neg = *p == '-';
        p += neg | (*p == '+');
    }
    uint64_t w = 0;
    unsigned dg;
    const char *ip = p;
    while (p < end && (dg = (unsigned)(*p - '0')) < 10u)
        w = w * 10 + dg, p++;
    size_t n = (size_t)(p - ip);
    int64_t q = 0;
    if (p < end && *p == '.') {
        const char *fp = ++p;
        while (end - p >= 8 && wold__is_eight_digits(wold__load8(p))) {
            w = w * 100000000u + wold__eight_digits(wold__load8(p));
            p += 8;
        }
        if (end - p >= 8) {
            /* The last 0-7 digits from one word, without a loop whose
             * exit would follow each cell's length. */
            static const uint64_t pow10[8] = {1,      10,      100,
                                              1000,   10000,   100000,
                                              1000000, 10000000};
            uint64_t v = wold__load8(p);
            unsigned t = (unsigned)__builtin_ctzll(wold__non_digits(v)) / 8;
            v = ((v << (8 * (7 - t))) << 8) |
                (0x3030303030303030u >> (8 * t));
            w = w * pow10[t] + wold__eight_digits(v);
            p += t;
        }
        while (p < end && (dg = (unsigned)(*p - '0')) < 10u)
            w = w * 10 + dg, p++;
        n += (size_t)(p - fp);
        q = -(int64_t)(p - fp);
    }
    if (n == 0)
        return NULL;
    if (n > 19)
        return wold__decimal_scan(s, end, d); /* w may have wrapped */
    if (p < end && (*p == 'e' || *p == 'E')) {
        p = wold__scan_exponent(p + 1, end, &q);
        if (p == NULL)
            return NULL;
    }
    d->w = w;
    d->q = q;
    d->neg = neg;
    d->truncated = 0;
    return p;
}

/* Clinger's fast path: w and 10^|q| exact doubles, one correctly rounded
 * operation.  0 when d does not qualify. */
static inline int wold__decimal_clinger(const wold__decimal *d, double *out)
{
    static const double pow10[] = {
        1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (d->truncated || d->w > ((uint64_t)1 << 53) || d->q < -22 ||
        d->q > 22)
        return 0;
    double v = (double)d->w;
    if (d->q != 0) /* not an integer */
        v = d->q < 0 ? v / pow10[-d->q] : v * pow10[d->q];
    *out = wold__negate_if(v, d->neg);
    return 1;
}

#endif
