/*
 * check.h - invariants the fuzz targets check beyond "no crash": what a
 * successful call returns and what a failed one reports.  A broken
 * invariant prints why and aborts, so libFuzzer keeps the input.
 */
#ifndef WOLD_FUZZ_CHECK_H
#define WOLD_FUZZ_CHECK_H

#include <stddef.h>

#include <wold/wold.h>

/* Aborts with the message when cond is false. */
#define FUZZ_CHECK(cond, ...)                                       \
    do {                                                            \
        if (!(cond))                                                \
            fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);      \
    } while (0)

void fuzz_fail(const char *file, int line, const char *cond,
               const char *fmt, ...);

/* 1 when the len bytes at s are valid UTF-8 (no overlong forms,
 * surrogates or code points past U+10FFFF). */
int fuzz_utf8_valid(const char *s, size_t len);

/* Code points of valid UTF-8 text. */
size_t fuzz_utf8_count(const char *s);

/*
 * The checks of a failed call: st is an error status and err says the
 * same; every string is NUL-terminated inside its array; the message is
 * not empty and valid UTF-8; an input error names one of the files given
 * (a NULL entry ends the list) at a line in 0..lines and a column >= 0, with
 * a caret at most one past the end of the line shown; wold_error_format
 * writes within every buffer size and returns the same length each time.
 */
void fuzz_check_error(wold_status st, const wold_error *err,
                      const char *const *files, long lines);

/* Lines of the len bytes at text: newlines + 1. */
long fuzz_count_lines(const char *text, size_t len);

#endif
