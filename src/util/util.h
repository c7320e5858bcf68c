/*
 * util.h - internal helpers shared by every module: raising errors, UTF-8
 * column counting, checked allocation.  Not part of the public API.
 */
#ifndef WOLD_UTIL_H
#define WOLD_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <wold/wold.h>

#if defined(__GNUC__)
#define WOLD_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define WOLD_PRINTF(a, b)
#endif

/*
 * Every error is raised through here (a single place for a breakpoint).
 * file may be NULL; line/col 0 mean unknown; source (the offending line of
 * text, not NUL-terminated, source_len bytes) may be NULL.  Returns status.
 */
wold_status wold__raise(wold_error *err, wold_status status, const char *file,
                        long line, long col, const char *source,
                        size_t source_len, const char *fmt, ...)
    WOLD_PRINTF(8, 9);

/* Shorthand for errors without a location. */
#define WOLD_FAIL(err, status, ...) \
    wold__raise((err), (status), NULL, 0, 0, NULL, 0, __VA_ARGS__)

/* Forwards a non-OK status to the caller after running cleanup code. */
#define WOLD_TRY(expr)                  \
    do {                                \
        wold_status wold__s_ = (expr);  \
        if (wold__s_ != WOLD_OK)        \
            return wold__s_;            \
    } while (0)

/* wold_error_format with another word than "error" ("warning"). */
size_t wold__error_format_kind(const wold_error *err, const char *kind,
                               char *buf, size_t size);

/* Number of UTF-8 code points in the first len bytes of s. */
size_t wold__utf8_len(const char *s, size_t len);

/* Terminal columns of a UTF-8 string: 2 for East Asian wide characters
 * (so that tables and carets line up under CJK names), else 1. */
size_t wold__display_width(const char *s);
/* The same for the first len bytes. */
size_t wold__display_width_n(const char *s, size_t len);

/* strtod and "%.*g" in the C locale, whatever the caller's LC_NUMERIC. */
double wold__strtod(const char *s, char **end);
int wold__format_c(char *buf, size_t size, int prec, double x);

/* Levenshtein distance between a and b (bytes), capped at cap. */
size_t wold__edit_distance(const char *a, const char *b, size_t cap);

/* strdup that returns NULL on failure (C11 has no strdup). */
char *wold__strdup(const char *s);
char *wold__strndup(const char *s, size_t n);

/*
 * Reads a whole file ("-" = stdin) into a malloc'd NUL-terminated buffer.
 * Errors: WOLD_EINPUT naming the file and strerror, WOLD_ENOMEM.
 */
wold_status wold__read_file(const char *path, char **out, size_t *len,
                            wold_error *err);

#endif
