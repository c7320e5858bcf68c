/* check.c - the invariants shared by the fuzz targets (see check.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

void fuzz_fail(const char *file, int line, const char *cond,
               const char *fmt, ...)
{
    fprintf(stderr, "%s:%d: invariant broken: %s\n  ", file, line, cond);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

/* Bytes of the valid UTF-8 character at s (n bytes left), 0 if none;
 * written independently of the library's own two decoders. */
static size_t utf8_char(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t len = (s[0] & 0xE0) == 0xC0   ? 2
                 : (s[0] & 0xF0) == 0xE0 ? 3
                 : (s[0] & 0xF8) == 0xF0 ? 4
                                         : 0;
    if (len == 0 || len > n)
        return 0;
    unsigned long cp = s[0] & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    static const unsigned long min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

int fuzz_utf8_valid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        size_t k = utf8_char(u + i, len - i);
        if (k == 0)
            return 0;
        i += k;
    }
    return 1;
}

size_t fuzz_utf8_count(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

long fuzz_count_lines(const char *text, size_t len)
{
    long n = 1;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    return n;
}

static void check_terminated(const char *s, size_t size, const char *what)
{
    FUZZ_CHECK(memchr(s, '\0', size) != NULL, "%s is not NUL-terminated",
               what);
}

static int names_a_file(const char *file, const char *const *files)
{
    for (; *files != NULL; files++)
        if (strcmp(file, *files) == 0)
            return 1;
    return 0;
}

/* wold_error_format into buffers of every interesting size, each guarded
 * by bytes that must stay untouched. */
static void check_format(const wold_error *err)
{
    enum { GUARD = 16, MAX = 4096 };
    static char buf[MAX + 2 * GUARD], full[MAX];
    size_t want = wold_error_format(err, full, sizeof full);
    FUZZ_CHECK(want > 0 && want < sizeof full, "format wants %zu", want);
    FUZZ_CHECK(strlen(full) == want, "format returned %zu, wrote %zu", want,
               strlen(full));
    const size_t sizes[] = {0, 1, 2, want / 2, want, want + 1, want + 2};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        size_t size = sizes[i];
        memset(buf, 0x5A, sizeof buf);
        size_t got = wold_error_format(err, buf + GUARD, size);
        FUZZ_CHECK(got == want, "format into %zu returned %zu, not %zu",
                   size, got, want);
        for (size_t k = 0; k < GUARD; k++)
            FUZZ_CHECK(buf[k] == 0x5A && buf[GUARD + size + k] == 0x5A,
                       "format into %zu wrote outside the buffer", size);
        if (size > 0) {
            size_t kept = size - 1 < want ? size - 1 : want;
            FUZZ_CHECK(buf[GUARD + kept] == '\0' &&
                           memcmp(buf + GUARD, full, kept) == 0,
                       "format into %zu is not the cut full text", size);
        }
    }
}

void fuzz_check_error(wold_status st, const wold_error *err,
                      const char *const *files, long lines)
{
    FUZZ_CHECK(st >= WOLD_EUSAGE && st <= WOLD_ENOMEM, "status %d", (int)st);
    FUZZ_CHECK(err->status == st, "err->status %d, returned %d",
               (int)err->status, (int)st);
    check_terminated(err->file, sizeof err->file, "file");
    check_terminated(err->message, sizeof err->message, "message");
    check_terminated(err->source_line, sizeof err->source_line,
                     "source_line");
    FUZZ_CHECK(err->message[0] != '\0', "empty message");
    FUZZ_CHECK(fuzz_utf8_valid(err->message, strlen(err->message)),
               "message is not UTF-8: %s", err->message);
    if (st == WOLD_EINPUT) {
        FUZZ_CHECK(names_a_file(err->file, files), "error names file '%s'",
                   err->file);
        FUZZ_CHECK(err->line >= 0 && err->line <= lines,
                   "line %ld of %ld: %s", err->line, lines, err->message);
        FUZZ_CHECK(err->col >= 0, "col %ld", err->col);
    }
    if (err->source_line[0] != '\0' &&
        fuzz_utf8_valid(err->source_line, strlen(err->source_line))) {
        long caret = err->caret_col != 0 ? err->caret_col : err->col;
        long width = (long)fuzz_utf8_count(err->source_line);
        FUZZ_CHECK(caret <= width + 1, "caret at %ld under a line of %ld: %s",
                   caret, width, err->message);
    }
    check_format(err);
}
