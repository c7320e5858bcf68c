/*
 * source.c - the model text as a source of error context: finding a line,
 * raising an error under a name, rejecting bytes that are not UTF-8 and
 * NUL bytes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model/syntax.h"

/* The bytes of line `line` (1-based), without its "\n" or "\r\n". */
static const char *line_text(const wold_model *m, long line, size_t *len)
{
    const char *p = m->text, *end = m->text + m->text_len;
    for (long l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl != NULL ? nl + 1 : end;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
    if (n > 0 && p[n - 1] == '\r')
        n--;
    *len = n;
    return p;
}

wold_status wold__model_raise(const wold_model *model, wold__loc loc,
                              wold_error *err, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t len = 0;
    const char *src = NULL;
    if (loc.line > 0)
        src = line_text(model, loc.line, &len);
    return wold__raise(err, WOLD_EINPUT, model->filename, loc.line, loc.col,
                       src, len, "%s", msg);
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t len;
    unsigned min;
    unsigned cp;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        len = 2, min = 0x80, cp = s[0] & 0x1F;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        len = 3, min = 0x800, cp = s[0] & 0x0F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        len = 4, min = 0x10000, cp = s[0] & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    /* Overlong forms, UTF-16 surrogates and code points past U+10FFFF. */
    if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0;
    return len;
}

wold_status wold__check_utf8(const wold_model *model, wold_error *err)
{
    const unsigned char *s = (const unsigned char *)model->text;
    size_t n = model->text_len, line_start = 0;
    long line = 1, col = 1;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq(s + i, n - i);
        /* A NUL is UTF-8, but no text file holds one, and a later error
         * on its line could not show the text after it (C strings). */
        if (s[i] == '\0')
            return wold__raise(err, WOLD_EINPUT, model->filename, line, col,
                               model->text + line_start, i - line_start,
                               "NUL byte; a model file must be UTF-8 text "
                               "(is it a binary or UTF-16 file?)");
        if (k == 0) {
            /* Show the line up to the bad byte: the rest may not print. */
            return wold__raise(err, WOLD_EINPUT, model->filename, line, col,
                               model->text + line_start, i - line_start,
                               "invalid UTF-8 byte 0x%02X; a model file must "
                               "be UTF-8 text",
                               s[i]);
        }
        if (s[i] == '\n')
            line++, col = 1, line_start = i + 1;
        else
            col++;
        i += k;
    }
    return WOLD_OK;
}

int wold__name_eq(const wold__name *a, const char *p, size_t len)
{
    return a->len == len && memcmp(a->p, p, len) == 0;
}
