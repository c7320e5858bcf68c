/*
 * number.c - one CSV cell to a double.
 *
 * Survey cells are nearly all small integers, so those are converted
 * directly (exact below 2^53).  Everything else is checked against a strict
 * decimal grammar first (strtod would also take "inf", "nan" and hex).
 * Short decimals without an exponent ("7.25", "66.67") take Clinger's
 * fast path: at most 15 digits make an exact integer m, 10^k is exact for
 * k <= 22, and IEEE division rounds m / 10^k correctly.  The rest go to
 * strtod on a copy, which rounds correctly too.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "util/util.h"

/* Digits an integer may have and still be exact in a double. */
#define EXACT_DIGITS 15

static int is_digit(char c) { return (unsigned)(c - '0') < 10u; }

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* Length of the decimal number at s[0..len), or 0 when it is not one. */
static size_t grammar_ok(const char *s, size_t len, int *integer)
{
    size_t i = 0, int_digits = 0, frac_digits = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < len && is_digit(s[i]))
        i++, int_digits++;
    *integer = i == len && int_digits > 0;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && is_digit(s[i]))
            i++, frac_digits++;
    }
    if (int_digits + frac_digits == 0)
        return 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t exp_digits = 0;
        while (i < len && is_digit(s[i]))
            i++, exp_digits++;
        if (exp_digits == 0)
            return 0;
    }
    return i == len ? len : 0;
}

/* Clinger's fast path; 0 when the cell does not qualify. */
static int small_decimal(const char *s, size_t len, double *out)
{
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                                   1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15};
    size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0, digits = 0, frac = 0;
    int seen_point = 0;
    uint64_t m = 0;
    for (; i < len; i++) {
        if (s[i] == '.') {
            seen_point = 1;
            continue;
        }
        if (!is_digit(s[i]) || ++digits > EXACT_DIGITS)
            return 0; /* an exponent, or too many digits */
        m = m * 10 + (uint64_t)(s[i] - '0');
        frac += (size_t)seen_point;
    }
    double v = (double)m / pow10[frac];
    *out = s[0] == '-' ? -v : v;
    return 1;
}

static double small_integer(const char *s, size_t len)
{
    int neg = s[0] == '-';
    size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    uint64_t v = 0;
    for (; i < len; i++)
        v = v * 10 + (uint64_t)(s[i] - '0');
    double d = (double)v;
    return neg ? -d : d;
}

/* strtod of the len-byte NUL-terminated decimal number buf in the C
 * locale, whatever the caller's LC_NUMERIC; NaN unless it reads it all. */
static double c_strtod(char *buf, size_t len)
{
    char *e;
    double v = wold__strtod(buf, &e);
    return e == buf + len ? v : NAN;
}

wold__num wold__number_parse(const char *s, size_t len, double *out)
{
    while (len > 0 && is_blank(s[0]))
        s++, len--;
    while (len > 0 && is_blank(s[len - 1]))
        len--;
    if (len == 0 || (len == 2 && s[0] == 'N' && s[1] == 'A'))
        return WOLD__NUM_MISSING;
    int integer;
    if (grammar_ok(s, len, &integer) == 0)
        return WOLD__NUM_BAD;
    size_t sign = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    if (integer && len - sign <= EXACT_DIGITS) {
        *out = small_integer(s, len);
        return WOLD__NUM_OK;
    }
    if (small_decimal(s, len, out))
        return WOLD__NUM_OK;
    char small[128];
    char *buf = len < sizeof small ? small : malloc(len + 1);
    if (buf == NULL)
        return WOLD__NUM_NOMEM;
    memcpy(buf, s, len);
    buf[len] = '\0';
    double v = c_strtod(buf, len);
    if (buf != small)
        free(buf);
    if (isnan(v))
        return WOLD__NUM_BAD;
    if (!isfinite(v))
        return WOLD__NUM_RANGE;
    /* Non-zero digits before the exponent that gave 0 underflowed: an
     * error, as overflow is, rather than a value silently read as 0. */
    for (size_t i = 0; v == 0 && i < len && s[i] != 'e' && s[i] != 'E'; i++)
        if (s[i] >= '1' && s[i] <= '9')
            return WOLD__NUM_TINY;
    *out = v;
    return WOLD__NUM_OK;
}
