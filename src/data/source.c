/*
 * source.c - the bytes of a CSV file: memory-mapped when it is a plain
 * regular file (no copy, the kernel reads ahead), read into memory through
 * wold__stream otherwise (standard input, pipes, gzip and zstd data).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "data/data.h"
#include "util/util.h"

/* The first allocation of a read into memory; it doubles from there. */
#define FIRST_CAP ((size_t)1 << 16)

static wold_status no_memory(const char *path, wold_error *err)
{
    return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                     wold__display_path(path));
}

/* Room for at least one more byte and a NUL after *n bytes. */
static wold_status grow(char **buf, size_t *cap, size_t n, const char *path,
                        wold_error *err)
{
    if (*cap - n >= 2)
        return WOLD_OK;
    if (*cap > SIZE_MAX / 2)
        return no_memory(path, err);
    char *nb = realloc(*buf, *cap * 2);
    if (nb == NULL)
        return no_memory(path, err);
    *buf = nb;
    *cap *= 2;
    return WOLD_OK;
}

/* Everything the stream holds, into a NUL-terminated heap buffer. */
static wold_status read_all(wold__source *src, wold__stream *s,
                            const char *path, wold_error *err)
{
    size_t cap = FIRST_CAP, n = 0, got;
    char *buf = malloc(cap);
    if (buf == NULL)
        return no_memory(path, err);
    wold_status st;
    do {
        st = grow(&buf, &cap, n, path, err);
        if (st == WOLD_OK)
            st = wold__stream_read(s, buf + n, cap - n - 1, &got, err);
        n += st == WOLD_OK ? got : 0;
    } while (st == WOLD_OK && got > 0);
    if (st != WOLD_OK) {
        free(buf);
        return st;
    }
    buf[n] = '\0';
    src->heap = buf;
    src->buf = buf;
    src->len = n;
    return WOLD_OK;
}

static wold_status map_file(wold__source *src, int fd, uint64_t size,
                            const char *path, wold_error *err)
{
    if (size > (uint64_t)SIZE_MAX / 2)
        return wold__raise(err, WOLD_ENOMEM, path, 0, 0, NULL, 0,
                           "file too large to address");
    src->len = (size_t)size;
    if (src->len == 0) {
        src->buf = "";
        return WOLD_OK;
    }
    void *map = mmap(NULL, src->len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        int e = errno;
        src->len = 0;
        return wold__raise(err, e == ENOMEM ? WOLD_ENOMEM : WOLD_EINPUT, path,
                           0, 0, NULL, 0,
                           e == ENOMEM ? "cannot map file: %s"
                                       : "cannot open file: %s",
                           strerror(e));
    }
    posix_madvise(map, src->len, POSIX_MADV_SEQUENTIAL);
    src->map = map;
    src->buf = map;
    return WOLD_OK;
}

wold_status wold__source_open(wold__source *src, const char *path,
                              wold_error *err)
{
    memset(src, 0, sizeof *src);
    wold__stream *s;
    WOLD_TRY(wold__stream_open(&s, path, err));
    uint64_t size;
    int fd = wold__stream_fd(s, &size);
    wold_status st = fd >= 0 ? map_file(src, fd, size, path, err)
                             : read_all(src, s, path, err);
    wold__stream_close(s);
    return st;
}

void wold__source_close(wold__source *src)
{
    if (src->map != NULL)
        munmap(src->map, src->len);
    free(src->heap);
    memset(src, 0, sizeof *src);
}
