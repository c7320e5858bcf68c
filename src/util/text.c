/* text.c - small string and file helpers. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

size_t wold__utf8_len(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static int wide(unsigned long c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

size_t wold__display_width_n(const char *s, size_t len)
{
    size_t w = 0;
    const unsigned char *u = (const unsigned char *)s, *end = u + len;
    while (u < end) {
        unsigned long c = *u;
        int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        c &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : extra == 1 ? 0x1F : 0x7F;
        u++;
        for (int k = 0; k < extra && u < end && (*u & 0xC0) == 0x80; k++, u++)
            c = (c << 6) | (*u & 0x3F);
        w += wide(c) ? 2 : 1;
    }
    return w;
}

size_t wold__display_width(const char *s)
{
    return wold__display_width_n(s, strlen(s));
}

size_t wold__edit_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return cap;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb] < cap ? row[lb] : cap;
}

char *wold__strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d == NULL)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *wold__strdup(const char *s) { return wold__strndup(s, strlen(s)); }

int wold__grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 1;
    size_t c = *cap > 16 ? *cap : 16;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return 0;
        c *= 2;
    }
    if (size > 0 && c > SIZE_MAX / size)
        return 0;
    void *q = realloc(*p, c * size);
    if (q == NULL)
        return 0;
    *p = q;
    *cap = c;
    return 1;
}

const char *wold__display_path(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

wold_status wold__read_file(const char *path, char **out, size_t *len,
                            wold_error *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *name = wold__display_path(path);
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (f == NULL) /* ENOMEM: no memory for the FILE */
        return wold__raise(err, errno == ENOMEM ? WOLD_ENOMEM : WOLD_EINPUT,
                           path, 0, 0, NULL, 0, "cannot open file: %s",
                           strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (buf == NULL) {
        if (!is_stdin)
            fclose(f);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s", name);
    }
    for (;;) {
        if (cap - n < 2) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                if (!is_stdin)
                    fclose(f);
                return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                                 name);
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f), why = errno;
    if (!is_stdin)
        fclose(f);
    if (bad) {
        free(buf);
        return wold__raise(err, WOLD_EINPUT, name, 0, 0, NULL, 0,
                           "cannot read: %s", strerror(why));
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return WOLD_OK;
}
