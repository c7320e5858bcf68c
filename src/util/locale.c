/*
 * locale.c - numbers in the C locale whatever the caller's LC_NUMERIC.
 * Model files, CSV files and reports always use '.' as the decimal mark;
 * a program that calls setlocale() for its own messages must not turn
 * "0.8" into 0 or write "0,5" into a comma-separated file.  uselocale()
 * switches only the calling thread, so this is safe from any thread.
 */
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static locale_t c_locale; /* set once, never changed */

static void make_c_locale(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* The C locale, or (locale_t)0 if it could not be made (out of memory):
 * then the caller's locale is used, which is right for most callers. */
static locale_t the_c_locale(void)
{
    pthread_once(&c_locale_once, make_c_locale);
    return c_locale;
}

double wold__strtod(const char *s, char **end)
{
    locale_t c = the_c_locale();
    locale_t old = c != (locale_t)0 ? uselocale(c) : (locale_t)0;
    double v = strtod(s, end);
    if (old != (locale_t)0)
        uselocale(old);
    return v;
}

int wold__format_c(char *buf, size_t size, int prec, double x)
{
    locale_t c = the_c_locale();
    locale_t old = c != (locale_t)0 ? uselocale(c) : (locale_t)0;
    int n = snprintf(buf, size, "%.*g", prec, x);
    if (old != (locale_t)0)
        uselocale(old);
    return n;
}

int wold__format_fixed(char *buf, size_t size, int decimals, double x)
{
    locale_t c = the_c_locale();
    locale_t old = c != (locale_t)0 ? uselocale(c) : (locale_t)0;
    /* A value that rounds to zero prints without a sign: "-0.0000" reads
     * as a negative estimate that is not there. */
    int n = snprintf(buf, size, "%.*f", decimals, x);
    if (n > 0 && buf[0] == '-' && strspn(buf + 1, "0.") == (size_t)n - 1)
        n = snprintf(buf, size, "%.*f", decimals, 0.0);
    if (old != (locale_t)0)
        uselocale(old);
    return n;
}
