/*
 * source.c - the bytes of a CSV file: memory-mapped when it is a regular
 * file (no copy, the kernel reads ahead), read into memory otherwise
 * (standard input, pipes).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/data.h"
#include "util/util.h"

static wold_status read_whole(wold__source *src, const char *path,
                              wold_error *err)
{
    char *buf;
    size_t len;
    WOLD_TRY(wold__read_file(path, &buf, &len, err));
    src->heap = buf;
    src->buf = buf;
    src->len = len;
    return WOLD_OK;
}

static wold_status cannot_open(const char *path, int e, wold_error *err)
{
    return wold__raise(err, WOLD_EINPUT, path, 0, 0, NULL, 0,
                       "cannot open file: %s", strerror(e));
}

wold_status wold__source_open(wold__source *src, const char *path,
                              wold_error *err)
{
    memset(src, 0, sizeof *src);
    if (strcmp(path, "-") == 0)
        return read_whole(src, path, err);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return cannot_open(path, errno, err);
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return cannot_open(path, e, err);
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return cannot_open(path, EISDIR, err);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return read_whole(src, path, err);
    }
    if ((uintmax_t)st.st_size > (uintmax_t)SIZE_MAX / 2) {
        close(fd);
        return wold__raise(err, WOLD_ENOMEM, path, 0, 0, NULL, 0,
                           "file too large to address");
    }
    src->len = (size_t)st.st_size;
    if (src->len == 0) {
        close(fd);
        src->buf = "";
        return WOLD_OK;
    }
    void *map = mmap(NULL, src->len, PROT_READ, MAP_PRIVATE, fd, 0);
    int e = errno;
    close(fd);
    if (map == MAP_FAILED)
        return e == ENOMEM ? wold__raise(err, WOLD_ENOMEM, path, 0, 0, NULL,
                                         0, "cannot map file: %s",
                                         strerror(e))
                           : cannot_open(path, e, err);
    posix_madvise(map, src->len, POSIX_MADV_SEQUENTIAL);
    src->map = map;
    src->buf = map;
    return WOLD_OK;
}

void wold__source_close(wold__source *src)
{
    if (src->map != NULL)
        munmap(src->map, src->len);
    free(src->heap);
    memset(src, 0, sizeof *src);
}
