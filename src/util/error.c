/* error.c - the error record and the one function that raises errors. */
#include <stdio.h>
#include <string.h>

#include "util.h"

const char *wold_version(void) { return WOLD_VERSION_STRING; }

void wold_error_clear(wold_error *err)
{
    if (err == NULL)
        return;
    memset(err, 0, sizeof *err);
    err->status = WOLD_OK;
}

const char *wold_status_name(wold_status status)
{
    switch (status) {
    case WOLD_OK: return "ok";
    case WOLD_EUSAGE: return "usage";
    case WOLD_EINPUT: return "input";
    case WOLD_ENUMERIC: return "numeric";
    case WOLD_ENOMEM: return "memory";
    }
    return "unknown";
}

wold_status wold__raise(wold_error *err, wold_status status, const char *file,
                        long line, long col, const char *source,
                        size_t source_len, const char *fmt, ...)
{
    if (err == NULL)
        return status;
    wold_error_clear(err);
    err->status = status;
    if (file != NULL)
        snprintf(err->file, sizeof err->file, "%s", file);
    err->line = line;
    err->col = col;
    if (source != NULL) {
        size_t n = source_len < sizeof err->source_line - 1
                       ? source_len
                       : sizeof err->source_line - 1;
        /* Never cut a UTF-8 sequence in half. */
        while (n > 0 && n < source_len &&
               ((unsigned char)source[n] & 0xC0) == 0x80)
            n--;
        memcpy(err->source_line, source, n);
        err->source_line[n] = '\0';
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

size_t wold_error_format(const wold_error *err, char *buf, size_t size)
{
    char head[1200] = "";
    size_t used = 0;
    if (err->file[0] != '\0') {
        if (err->line > 0 && err->col > 0)
            used = (size_t)snprintf(head, sizeof head, "%s:%ld:%ld: ",
                                    err->file, err->line, err->col);
        else if (err->line > 0)
            used = (size_t)snprintf(head, sizeof head, "%s:%ld: ", err->file,
                                    err->line);
        else
            used = (size_t)snprintf(head, sizeof head, "%s: ", err->file);
    }
    (void)used;
    int n;
    long caret = err->caret_col != 0 ? err->caret_col : err->col;
    if (err->source_line[0] != '\0' && caret > 0) {
        /* The caret goes under column col: pad with the line's own tabs,
         * and two spaces under wide characters, so it lines up. */
        char pad[1100];
        size_t k = 0;
        long c = 1;
        const char *s = err->source_line;
        while (*s && c < caret && k < sizeof pad - 3) {
            size_t len = 1;
            while (((unsigned char)s[len] & 0xC0) == 0x80)
                len++;
            if (*s == '\t')
                pad[k++] = '\t';
            else
                for (size_t w = wold__display_width_n(s, len); w > 0; w--)
                    pad[k++] = ' ';
            s += len;
            c++;
        }
        pad[k] = '\0';
        n = snprintf(buf, size, "%serror: %s\n    %s\n    %s^", head,
                     err->message, err->source_line, pad);
    } else if (err->source_line[0] != '\0') {
        n = snprintf(buf, size, "%serror: %s\n    %s", head, err->message,
                     err->source_line);
    } else {
        n = snprintf(buf, size, "%serror: %s", head, err->message);
    }
    return n < 0 ? 0 : (size_t)n;
}
