/*
 * fuzz_stream.c - libFuzzer target of wold__stream (src/data/stream.c):
 * the input bytes are a file, plain, gzip or zstd (the first bytes tell),
 * read to the end (or the first MAX_OUT bytes of its contents).
 *
 * Beyond crashes and sanitizer reports it checks what a stream promises:
 * the kind follows the magic bytes (gzip 1f 8b, zstd 28 b5 2f fd) and a
 * plain file (not one of the compressed kinds refused by name) reads back
 * as itself, with its descriptor and size; no read
 * returns more than asked; two reads of the same file, one in large
 * pieces and one in pieces of 1, 2, 3, 5, ... bytes, give the same bytes
 * and end the same way (after the same bytes, with the same message);
 * after an error every read fails; a failure is a well-formed error
 * naming the file (check.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "data/data.h"

/* Contents read at most: a small input may inflate a thousandfold. */
#define MAX_OUT ((size_t)1 << 20)

static char path[64];
static int fd = -1;

static void remove_file(void)
{
    if (fd >= 0) {
        close(fd);
        unlink(path);
    }
}

/* The one temporary file every input is written to. */
static int write_input(const uint8_t *data, size_t size)
{
    if (fd < 0) {
        strcpy(path, "/tmp/wold-fuzz-stream-XXXXXX");
        fd = mkstemp(path);
        if (fd < 0)
            return 0;
        atexit(remove_file);
    }
    if (ftruncate(fd, 0) != 0)
        return 0;
    for (size_t off = 0; off < size;) {
        ssize_t w = pwrite(fd, data + off, size - off, (off_t)off);
        if (w <= 0)
            return 0;
        off += (size_t)w;
    }
    return 1;
}

/* How a read to the end went. */
typedef struct outcome {
    wold_status st;
    int opened;
    size_t n;               /* bytes read before the end or the error */
    char message[sizeof(((wold_error *)0)->message)];
} outcome;

/* Reads the file to the end into out (MAX_OUT bytes); step 0 means
 * pieces of 1, 2, 3, 5, 8, ... bytes (Fibonacci, from 1 again past 4096). */
static outcome read_all(uint8_t *out, size_t step, wold__stream_kind *kind)
{
    outcome o = {WOLD_OK, 0, 0, ""};
    wold_error err;
    wold__stream *s = NULL;
    const char *files[] = {path, NULL};
    o.st = wold__stream_open(&s, path, &err);
    if (o.st != WOLD_OK) {
        FUZZ_CHECK(s == NULL, "a failed open returned a stream");
        fuzz_check_error(o.st, &err, files, 0);
        memcpy(o.message, err.message, sizeof o.message);
        return o;
    }
    o.opened = 1;
    *kind = wold__stream_get_kind(s);
    size_t a = 1, b = 1;
    for (;;) {
        size_t cap = step != 0 ? step : a;
        if (cap > MAX_OUT - o.n)
            cap = MAX_OUT - o.n;
        if (cap == 0)
            break;
        size_t got = (size_t)-1;
        o.st = wold__stream_read(s, (char *)out + o.n, cap, &got, &err);
        if (o.st != WOLD_OK) {
            fuzz_check_error(o.st, &err, files, 0);
            memcpy(o.message, err.message, sizeof o.message);
            got = 0;
            FUZZ_CHECK(wold__stream_read(s, (char *)out, 1, &got, &err) ==
                           WOLD_EINPUT,
                       "a read after an error did not fail");
            break;
        }
        FUZZ_CHECK(got <= cap, "read %zu bytes into %zu", got, cap);
        if (got == 0)
            break;
        o.n += got;
        size_t c = a + b;
        a = b;
        b = c > 4096 ? 1 : c;
    }
    wold__stream_close(s);
    return o;
}

/* The kind the magic bytes give; *zlib = 1 for a zlib header, where the
 * stream decides by the bytes after it (text or not), so that zlib and
 * plain are both right. */
static wold__stream_kind expected_kind(const uint8_t *d, size_t n, int *zlib)
{
    *zlib = 0;
    if (n >= 2 && d[0] == 0x1f && d[1] == 0x8b)
        return WOLD__STREAM_GZIP;
    if (n >= 4 && memcmp(d, "\x28\xb5\x2f\xfd", 4) == 0)
        return WOLD__STREAM_ZSTD;
    *zlib = n >= 3 && (d[0] & 0x0f) == 8 && (d[0] >> 4) <= 7 &&
            !(d[1] & 0x20) && ((unsigned)d[0] * 256u + d[1]) % 31u == 0;
    return WOLD__STREAM_PLAIN;
}

static void check_plain(const uint8_t *data, size_t size)
{
    wold__stream *s = NULL;
    FUZZ_CHECK(wold__stream_open(&s, path, NULL) == WOLD_OK, "reopen");
    uint64_t len = 0;
    FUZZ_CHECK(wold__stream_fd(s, &len) >= 0 && len == size,
               "a plain file of %zu bytes gives no descriptor or %llu", size,
               (unsigned long long)len);
    wold__stream_close(s);
    (void)data;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t out1[MAX_OUT], out2[MAX_OUT];
    if (!write_input(data, size))
        return 0;
    wold__stream_kind k1 = WOLD__STREAM_PLAIN, k2 = WOLD__STREAM_PLAIN;
    outcome a = read_all(out1, 65536, &k1);
    outcome b = read_all(out2, 0, &k2);
    FUZZ_CHECK(k1 == k2, "kinds %d and %d", (int)k1, (int)k2);
    FUZZ_CHECK(a.st == b.st && strcmp(a.message, b.message) == 0,
               "large reads: %d \"%s\"; small reads: %d \"%s\"", (int)a.st,
               a.message, (int)b.st, b.message);
    FUZZ_CHECK(a.n == b.n && memcmp(out1, out2, a.n) == 0,
               "large reads gave %zu bytes, small reads %zu or others", a.n,
               b.n);
    int zlib = 0;
    wold__stream_kind want = expected_kind(data, size, &zlib);
    if (zlib && a.opened && k1 == WOLD__STREAM_ZLIB)
        want = WOLD__STREAM_ZLIB;
    /* A gzip or zstd input in a build without that library fails at
     * open; otherwise the kind is the magic bytes'. */
    FUZZ_CHECK(a.opened == b.opened, "opened once, failed once");
    if (a.opened)
        FUZZ_CHECK(k1 == want, "kind %d for magic kind %d", (int)k1,
                   (int)want);
    /* xz, bzip2, lz4 and zip are refused by name at open. */
    if (want == WOLD__STREAM_PLAIN &&
        !(!a.opened && strstr(a.message, "which wold does not read"))) {
        FUZZ_CHECK(a.st == WOLD_OK, "a plain file failed: %s", a.message);
        size_t n = size < MAX_OUT ? size : MAX_OUT;
        FUZZ_CHECK(a.n == n && memcmp(out1, data, n) == 0,
                   "a plain file of %zu bytes read as %zu others", size,
                   a.n);
        check_plain(data, size);
    }
    return 0;
}
