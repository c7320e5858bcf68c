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

/* Bytes of wold_error.source_line that hold text, and the mark of text
 * left out of a line too long for it. */
#define SHOWN_LINE (sizeof(((wold_error *)0)->source_line) - 1)
#define MARK "..."
#define MARK_LEN 3

static int continuation(char c) { return ((unsigned char)c & 0xC0) == 0x80; }

/*
 * Raises msg at line:col (characters) showing the len bytes of UTF-8 text
 * at src.  A line too long for wold_error.source_line is shown as a window
 * around col, a third of it before, with "..." where text is left out and
 * the caret placed in the window.
 */
static wold_status raise_line(const wold_model *model, long line, long col,
                              const char *src, size_t len, wold_error *err,
                              const char *msg)
{
    if (len <= SHOWN_LINE || col < 1)
        return wold__raise(err, WOLD_EINPUT, model->filename, line, col, src,
                           len, "%s", msg);
    size_t at = 0; /* the byte of column col */
    for (long c = 1; c < col && at < len; c++)
        for (at++; at < len && continuation(src[at]);)
            at++;
    const size_t room = SHOWN_LINE - 2 * MARK_LEN;
    size_t s = at > room / 3 ? at - room / 3 : 0;
    if (len - s < room)
        s = len - room;
    size_t e = s + room;
    while (s > 0 && continuation(src[s]))
        s++;
    while (e < len && continuation(src[e]))
        e--;
    char shown[SHOWN_LINE + 1];
    size_t k = 0;
    if (s > 0)
        memcpy(shown, MARK, MARK_LEN), k = MARK_LEN;
    memcpy(shown + k, src + s, e - s);
    k += e - s;
    if (e < len)
        memcpy(shown + k, MARK, MARK_LEN), k += MARK_LEN;
    wold_status st = wold__raise(err, WOLD_EINPUT, model->filename, line, col,
                                 shown, k, "%s", msg);
    if (err != NULL)
        err->caret_col = (long)(s > 0 ? MARK_LEN : 0) +
                         (long)wold__utf8_len(src + s, at - s) + 1;
    return st;
}

wold_status wold__model_raise(const wold_model *model, wold__loc loc,
                              wold_error *err, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    wold__vformat_text(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t len = 0;
    const char *src = NULL;
    if (loc.line > 0)
        src = line_text(model, loc.line, &len);
    return raise_line(model, loc.line, loc.col, src, len, err, msg);
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
            return raise_line(model, line, col, model->text + line_start,
                              i - line_start, err,
                              "NUL byte; a model file must be UTF-8 text "
                              "(is it a binary or UTF-16 file?)");
        if (k == 0) {
            /* Show the line up to the bad byte: the rest may not print. */
            char msg[80];
            wold__format_text(
                msg, sizeof msg,
                "invalid UTF-8 byte 0x%02X; a model file must be UTF-8 "
                "text",
                s[i]);
            return raise_line(model, line, col, model->text + line_start,
                              i - line_start, err, msg);
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
