/*
 * number.c - one CSV cell to a double, correctly rounded, in one pass.
 *
 * The scan checks the strict decimal grammar (strtod would also take
 * "inf", "nan" and hex) while it gathers the first 19 significant digits
 * into an integer w and the decimal exponent q, value = w x 10^q.  Then:
 *  - small integers (Likert cells) and w <= 2^53 with |q| <= 22 take
 *    Clinger's fast path: w and 10^|q| are exact doubles, and one IEEE
 *    multiplication or division rounds correctly;
 *  - the rest go to the Eisel-Lemire algorithm of fast_float (Lemire,
 *    "Number parsing at a gigabyte per second", Software: Practice and
 *    Experience 51(8), 2021), through fastfloat.cc, when the build has it
 *    (WOLD_FAST_FLOAT); its rare undecided cases, and everything in a
 *    build without it, go to strtod on a copy, which rounds correctly too.
 * tests/test_number.c checks every path bit for bit against strtod.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "data/decimal.h"
#include "util/util.h"

/* Significant digits that always fit in a uint64_t. */
#define KEPT_DIGITS 19

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* The digits of the integer or fractional part; frac says which. */
static const char *digits(const char *p, const char *end, int frac,
                          wold__decimal *d, int *nd, size_t *count)
{
    const char *from = p;
    unsigned dg;
    while (p < end && (dg = (unsigned)(*p - '0')) < 10u) {
        if (*nd < KEPT_DIGITS) {
            if (*nd > 0 || dg != 0) {
                d->w = d->w * 10 + dg;
                (*nd)++;
            }
            d->q -= frac; /* a kept (or leading-zero) fraction digit */
        } else {
            d->q += !frac; /* a dropped integer digit */
            d->truncated |= dg != 0;
        }
        p++;
    }
    *count = (size_t)(p - from);
    return p;
}

const char *wold__decimal_scan(const char *p, const char *end,
                               wold__decimal *d)
{
    memset(d, 0, sizeof *d);
    if (p < end && (*p == '-' || *p == '+'))
        d->neg = *p++ == '-';
    size_t n_int, n_frac = 0;
    int nd = 0;
    p = digits(p, end, 0, d, &nd, &n_int);
    if (p < end && *p == '.')
        p = digits(p + 1, end, 1, d, &nd, &n_frac);
    if (n_int + n_frac == 0)
        return NULL;
    if (p < end && (*p == 'e' || *p == 'E'))
        return wold__scan_exponent(p + 1, end, &d->q);
    return p;
}

#ifndef WOLD_FAST_FLOAT
/* strtod of the decimal number s[0..len) in the C locale, whatever the
 * caller's LC_NUMERIC, on a NUL-terminated copy; NOMEM or OK. */
static wold__num slow_path(const char *s, size_t len, double *out)
{
    char small[128];
    char *buf = len < sizeof small ? small : malloc(len + 1);
    if (buf == NULL)
        return WOLD__NUM_NOMEM;
    memcpy(buf, s, len);
    buf[len] = '\0';
    *out = wold__strtod(buf, NULL);
    if (buf != small)
        free(buf);
    return WOLD__NUM_OK;
}
#endif

wold__num wold__decimal_value(wold__decimal dv, const char *s, size_t len,
                              double *out)
{
    const wold__decimal *d = &dv;
    double v;
    if (d->w == 0) {
        *out = d->neg ? -0.0 : 0.0; /* all digits zero, whatever e says */
        return WOLD__NUM_OK;
    }
    if (!wold__decimal_clinger(d, &v)) {
#ifdef WOLD_FAST_FLOAT
        if (wold__ff_eisel_lemire(d->q, d->w, d->truncated, &v))
            v = d->neg ? -v : v;
        else if (!wold__ff_from_chars(s, len, &v))
            return WOLD__NUM_BAD; /* the grammar was checked: unreachable */
#else
        wold__num r = slow_path(s, len, &v);
        if (r != WOLD__NUM_OK)
            return r;
#endif
    }
    if (!isfinite(v))
        return WOLD__NUM_RANGE;
    /* Non-zero digits that gave 0 underflowed: an error, as overflow is,
     * rather than a value silently read as 0. */
    if (v == 0)
        return WOLD__NUM_TINY;
    *out = v;
    return WOLD__NUM_OK;
}

wold__num wold__number_parse(const char *s, size_t len, double *out)
{
    while (len > 0 && is_blank(s[0]))
        s++, len--;
    while (len > 0 && is_blank(s[len - 1]))
        len--;
    if (len == 0 || (len == 2 && s[0] == 'N' && s[1] == 'A'))
        return WOLD__NUM_MISSING;
    wold__decimal d;
    if (wold__decimal_scan_inline(s, s + len, &d) != s + len)
        return WOLD__NUM_BAD;
    return wold__decimal_value(d, s, len, out);
}
