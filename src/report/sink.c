/*
 * sink.c - the stream the report writers print into: a FILE whose bytes
 * go to a buffer that wold allocates itself.
 *
 * open_memstream would do, but glibc's drops text silently when growing
 * its buffer fails: fprintf and fclose still report success, and the
 * caller gets a truncated report with WOLD_OK.  Here the buffer grows with
 * realloc in the write function, a failure is remembered, and the report
 * is WOLD_ENOMEM.  (fopencookie is a GNU extension that musl has too.)
 */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "report/report.h"
#include "util/util.h"

static ssize_t sink_write(void *cookie, const char *data, size_t n)
{
    wold__sink *s = cookie;
    if (s->cap - s->len <= n) { /* room for n bytes and a NUL */
        size_t cap = s->cap;
        while (cap - s->len <= n) {
            if (cap > SIZE_MAX / 2)
                goto nomem;
            cap *= 2;
        }
        char *buf = realloc(s->buf, cap);
        if (buf == NULL)
            goto nomem;
        s->buf = buf;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, data, n);
    s->len += n;
    return (ssize_t)n;
nomem:
    s->nomem = 1;
    errno = ENOMEM;
    return -1;
}

FILE *wold__sink_open(wold__sink *s)
{
    memset(s, 0, sizeof *s);
    s->cap = 4096;
    s->buf = malloc(s->cap);
    if (s->buf == NULL)
        return NULL;
    cookie_io_functions_t io = {NULL, sink_write, NULL, NULL};
    FILE *f = fopencookie(s, "w", io);
    if (f == NULL) {
        free(s->buf);
        memset(s, 0, sizeof *s);
    }
    return f;
}

char *wold__sink_close(wold__sink *s, FILE *f)
{
    int bad = ferror(f) != 0;
    bad |= fclose(f) != 0; /* flushes: the last write happens here */
    char *text = s->buf;
    if (bad || s->nomem) {
        free(text);
        text = NULL;
    } else {
        text[s->len] = '\0';
    }
    memset(s, 0, sizeof *s);
    return text;
}

wold_status wold__sink_finish(wold__sink *s, FILE *f, wold_status st,
                              char **out, wold_error *err)
{
    char *text = wold__sink_close(s, f);
    if (text == NULL && st == WOLD_OK)
        st = WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    if (st != WOLD_OK) {
        free(text);
        return st;
    }
    *out = text;
    return WOLD_OK;
}
