/*
 * excerpt.c - text from the file as messages show it.  A file can hold
 * anything (control bytes, a NUL, bytes that are not UTF-8); a message
 * must stay printable, valid UTF-8, so such bytes are shown as \xHH and a
 * long text is cut between characters, never inside one.
 */
#include <stdio.h>
#include <string.h>

#include "data/data.h"

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
