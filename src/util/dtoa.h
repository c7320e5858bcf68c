/*
 * dtoa.h - doubles to decimal text without printf: the shortest digits
 * that read back as the same double (Ryu, Adams 2018) and N correctly
 * rounded significant digits, both laid out as printf's "%g" does.
 * Thread-safe; no allocation.  Internal (src/util/dtoa.c).
 */
#ifndef WOLD_UTIL_DTOA_H
#define WOLD_UTIL_DTOA_H

#include <stddef.h>
#include <stdint.h>

/* Bytes the two writers below need at most, with the terminating NUL. */
#define WOLD__DTOA_MAX 32

/*
 * The shortest decimal that strtod reads back as x (of the shortest ones,
 * the nearest to x), written as "%.Pg" would write those digits with
 * P = max(15, their number): "0.1", "-1.2345678901234567e-05", "1e+300",
 * "123456".  That is byte for byte what the earlier "%.15g, else %.16g,
 * else %.17g, the first that reads back" wrote, except where a 16-digit
 * form other than the nearest one reads back.  NaN, Inf, -Inf as
 * wold_format_double spells them; -0.0 as "-0".  Writes a NUL-terminated
 * string of at most WOLD__DTOA_MAX bytes at buf; returns its length.
 */
size_t wold__dtoa_shortest(double x, char *buf);

/*
 * x with digits (1..17) significant digits, correctly rounded (halfway
 * cases to even): the bytes of printf("%.<digits>g", x) in the C locale.
 * NaN and infinities as above.  Returns the length (at most
 * WOLD__DTOA_MAX - 1).
 */
size_t wold__dtoa_digits(double x, int digits, char *buf);

/*
 * The shortest digits themselves: x (finite, nonzero, sign ignored) is
 * *digits x 10^*exp10 with *digits of the returned length (1..17) and no
 * trailing zero.
 */
int wold__dtoa_shortest_digits(double x, uint64_t *digits, int *exp10);

#endif
