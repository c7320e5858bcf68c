/*
 * excerpt.c - text from the file as messages show it.  A file can hold
 * anything (control bytes, a NUL, bytes that are not UTF-8); a message
 * must stay printable, valid UTF-8, so such bytes are shown as \xHH and a
 * long text is cut between characters, never inside one.
 */
#include <stdio.h>
#include <string.h>

#include "data/data.h"
#include "util/util.h"

size_t wold__utf8_char_len(const char *s, const char *end)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[0];
    if (c < 0x80)
        return 1;
    size_t n = c >= 0xC2 && c <= 0xDF   ? 2
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4
                                        : 0;
    if (n == 0 || n > (size_t)(end - s))
        return 0;
    /* The second byte's range rules out overlong forms, surrogates and
     * code points past U+10FFFF. */
    unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    if (u[1] < lo || u[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((u[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

void wold__csv_excerpt(char *out, size_t size, const char *text, size_t len,
                       size_t max)
{
    const char *p = text, *end = text + len;
    const char *stop = text + (len < max ? len : max);
    size_t k = 0;
    while (p < end) {
        size_t n = wold__utf8_char_len(p, end);
        unsigned char c = (unsigned char)*p;
        int escape = n == 0 || c < 0x20 || c == 0x7F;
        size_t take = escape ? 1 : n, width = escape ? 4 : n;
        if (p + take > stop || k + width + 4 > size)
            break; /* room is kept for "..." and the NUL */
        if (escape)
            snprintf(out + k, 5, "\\x%02x", c);
        else
            memcpy(out + k, p, n);
        k += width;
        p += take;
    }
    if (p < end && k + 4 <= size) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    if (size > 0)
        out[k < size ? k : size - 1] = '\0';
}

/* Bytes of wold_error.source_line that hold text. */
#define SHOWN_LINE (sizeof(((wold_error *)0)->source_line) - 1)
#define MARK "..."
#define MARK_LEN 3

static int continuation(const char *p)
{
    return ((unsigned char)*p & 0xC0) == 0x80;
}

/*
 * [*ws, *we): the part of [lo, hi) to show: all of it when it fits
 * (after a mark when lo is not the line's start), else SHOWN_LINE less two
 * marks around at (when given), cut at character boundaries.
 */
static void window(const char *line_start, const char *lo, const char *hi,
                   const char *at, const char **ws, const char **we)
{
    const size_t room = SHOWN_LINE - 2 * MARK_LEN;
    const char *s = lo, *e = hi;
    size_t mark = lo > line_start ? MARK_LEN : 0;
    if ((size_t)(hi - lo) + mark > SHOWN_LINE) {
        /* Some context before the caret, the rest after it. */
        if (at != NULL && (size_t)(at - lo) > room / 3)
            s = at - room / 3;
        if ((size_t)(hi - s) < room)
            s = hi - room;
        e = s + room;
    }
    while (s > lo && s < hi && continuation(s))
        s++;
    while (e < hi && e > s && continuation(e))
        e--;
    *ws = s;
    *we = e;
}

wold_status wold__csv_raise_at(wold_error *err, const char *file, long line,
                               size_t col, const char *line_start,
                               size_t len, const char *at, const char *msg)
{
    /* A NUL would end source_line early: show no text past one. */
    const char *lo = line_start, *hi = line_start + len;
    for (const char *p = at != NULL && at <= hi ? at : lo; p > lo; p--)
        if (p[-1] == '\0') {
            lo = p;
            break;
        }
    const char *nul = memchr(lo, '\0', (size_t)(hi - lo));
    if (nul != NULL && (at == NULL || nul >= at))
        hi = nul;
    const char *ws, *we;
    window(line_start, lo, hi, at, &ws, &we);
    char shown[SHOWN_LINE + 1];
    size_t k = 0;
    if (ws > line_start) {
        memcpy(shown, MARK, MARK_LEN);
        k = MARK_LEN;
    }
    memcpy(shown + k, ws, (size_t)(we - ws));
    k += (size_t)(we - ws);
    if (we < hi) {
        memcpy(shown + k, MARK, MARK_LEN);
        k += MARK_LEN;
    }
    wold_status st = wold__raise(err, WOLD_EINPUT, file, line, (long)col,
                                 shown, k, "%s", msg);
    /* col is a field number, so the caret needs its own column. */
    if (err != NULL)
        err->caret_col =
            at != NULL && at >= ws && at <= we
                ? (long)(ws > line_start ? MARK_LEN : 0) +
                      (long)wold__utf8_len(ws, (size_t)(at - ws)) + 1
                : -1;
    return st;
}
