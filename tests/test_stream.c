/*
 * test_stream.c - wold__stream (src/data/stream.c) and the CSV reader on
 * top of it: the same CSV text plain, gzip- and zstd-compressed (one or
 * several members / frames), from a file, standard input and a named pipe,
 * read in 1-byte, odd-size and large pieces, must give the same bytes, and
 * wold_data_read_csv the same data bit for bit.  Every error of compressed
 * input is made on purpose and its message checked.
 *
 * Compressed test files are made with zlib and libzstd themselves when the
 * build has them (WOLD_TEST_ZLIB / WOLD_TEST_ZSTD, set by tests/CMakeLists.txt
 * from WOLD_ZLIB / WOLD_ZSTD); two tiny files made by the gzip and zstd
 * programs are embedded below, which also check what a build without the
 * library says.  A test that needs a library the build lacks prints
 * SKIPPED.
 */
#define _DEFAULT_SOURCE /* mkstemps, mkdtemp */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef WOLD_TEST_ZLIB
#include <zlib.h>
#endif
#ifdef WOLD_TEST_ZSTD
#include <zstd.h>
#endif

#include "data/data.h"
#include "testutil.h"

/* printf 'a,b\n1,2\n3,4.5\n' | gzip -n -9 */
static const unsigned char tiny_gz[] = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x4b, 0xd4,
    0x49, 0xe2, 0x32, 0xd4, 0x31, 0xe2, 0x32, 0xd6, 0x31, 0xd1, 0x33, 0xe5,
    0x02, 0x00, 0xc8, 0x44, 0xa6, 0xc6, 0x0e, 0x00, 0x00, 0x00};
/* printf 'a,b\n1,2\n3,4.5\n' | zstd -19 */
static const unsigned char tiny_zst[] = {
    0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x0e, 0x71, 0x00, 0x00, 0x61, 0x2c, 0x62,
    0x0a, 0x31, 0x2c, 0x32, 0x0a, 0x33, 0x2c, 0x34, 0x2e, 0x35, 0x0a, 0xde,
    0x5b, 0x39, 0x44};
static const char tiny_csv[] = "a,b\n1,2\n3,4.5\n";

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

typedef struct bytes {
    unsigned char *p;
    size_t n;
    size_t cap; /* of p, for append; 0: exactly n (+1) */
} bytes;

/* Doubling, so that many small appends stay linear (ASan's realloc
 * always copies). */
static void append(bytes *b, const void *p, size_t n)
{
    if (n > ((size_t)1 << 40) || b->n > ((size_t)1 << 40))
        abort(); /* never: and GCC's overflow warnings know it */
    if (b->n + n + 1 > b->cap) {
        b->cap = 2 * (b->n + n + 1);
        b->p = realloc(b->p, b->cap);
    }
    assert_non_null(b->p);
    memcpy(b->p + b->n, p, n);
    b->n += n;
}

static bytes copy_bytes(const void *p, size_t n)
{
    bytes b = {NULL, 0, 0};
    append(&b, p, n);
    return b;
}

/* A CSV panel of about 420 KB (several of the stream's input buffers),
 * decimals of varying length from a fixed LCG. */
static bytes panel_csv(void)
{
    bytes b = {NULL, 0, 0};
    const char head[] = "id,x1,x2,x3,x4,x5\n";
    append(&b, head, strlen(head));
    unsigned long long s = 12345;
    for (int i = 0; i < 9000; i++) {
        char line[256];
        int k = snprintf(line, sizeof line, "%d", i);
        for (int j = 0; j < 5; j++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            double v = (double)(s >> 11) / 9007199254740992.0 * 10.0;
            k += snprintf(line + k, sizeof line - (size_t)k, ",%.*g",
                          1 + (int)((s >> 7) % 17), v);
        }
        line[k++] = '\n';
        append(&b, line, (size_t)k);
    }
    return b;
}

/* Writes the bytes to a fresh temporary file; returns its path. */
static char *temp_bytes(const bytes *b, const char *suffix)
{
    char *path = malloc(256);
    assert_non_null(path);
    snprintf(path, 256, "/tmp/wold-stream-XXXXXX%s", suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    assert_true(fd >= 0);
    assert_int_equal(write(fd, b->p, b->n), (ssize_t)b->n);
    close(fd);
    return path;
}

static void remove_temp(char *path)
{
    unlink(path);
    free(path);
}

/* All of s in reads of at most step bytes; fails the test on error. */
static bytes read_stream(wold__stream *s, size_t step)
{
    bytes b = {malloc(step), 0, step};
    assert_non_null(b.p);
    char *buf = malloc(step);
    assert_non_null(buf);
    for (;;) {
        size_t got = 0;
        wold_error err;
        wold_status st = wold__stream_read(s, buf, step, &got, &err);
        if (st != WOLD_OK) {
            char msg[2048];
            wold_error_format(&err, msg, sizeof msg);
            fail_msg("stream read failed: %s", msg);
        }
        assert_true(got <= step);
        if (got == 0)
            break;
        append(&b, buf, got);
    }
    free(buf);
    return b;
}

/* Opens path, checks its kind, reads it all in pieces of step bytes. */
static bytes read_path(const char *path, wold__stream_kind kind, size_t step)
{
    wold__stream *s = NULL;
    wold_error err;
    wold_status st = wold__stream_open(&s, path, &err);
    if (st != WOLD_OK) {
        char msg[2048];
        wold_error_format(&err, msg, sizeof msg);
        fail_msg("stream open failed: %s", msg);
    }
    assert_int_equal(wold__stream_get_kind(s), kind);
    bytes b = read_stream(s, step);
    /* The end stays the end. */
    char c;
    size_t got = 1;
    assert_int_equal(wold__stream_read(s, &c, 1, &got, NULL), WOLD_OK);
    assert_int_equal(got, 0);
    wold__stream_close(s);
    return b;
}

static void assert_same_bytes(const bytes *a, const bytes *b)
{
    assert_int_equal(a->n, b->n);
    assert_memory_equal(a->p, b->p, a->n);
}

/* Reads of 1 byte, odd sizes and large ones all give want. */
static void check_reads(const char *path, wold__stream_kind kind,
                        const bytes *want)
{
    static const size_t steps[] = {1, 7, 4093, 65537, (size_t)1 << 21};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        /* 1-byte reads of a large file are slow under ASan: a prefix
         * of the file is enough to test them. */
        if (steps[i] == 1 && want->n > 100000)
            continue;
        bytes got = read_path(path, kind, steps[i]);
        assert_same_bytes(&got, want);
        free(got.p);
    }
}

/* Opening or reading path fails with status and a message holding
 * needle (the whole formatted error, "file: error: ..."). */
static void expect_stream_error(const char *path, wold_status status,
                                const char *needle)
{
    wold__stream *s = NULL;
    wold_error err;
    wold_status st = wold__stream_open(&s, path, &err);
    if (st == WOLD_OK) {
        char buf[1000];
        size_t got;
        do
            st = wold__stream_read(s, buf, sizeof buf, &got, &err);
        while (st == WOLD_OK && got > 0);
        if (st != WOLD_OK) {
            /* After an error the stream stays failed. */
            wold_error again;
            assert_int_equal(wold__stream_read(s, buf, 1, &got, &again),
                             WOLD_EINPUT);
            WT_EXPECT_ERROR(WOLD_EINPUT, &again, WOLD_EINPUT,
                            "cannot read past an earlier error");
        }
        wold__stream_close(s);
    } else {
        assert_null(s);
    }
    WT_EXPECT_ERROR(st, &err, status, needle);
}

/* An offset the test does not pin down (where a decoder notices a byte
 * flipped inside compressed data is the library's affair). */
#define UNKNOWN ((size_t)-1)

/* The same, for the bytes b written to a temporary file; needle_fmt has
 * a %zu for the offset at, or none when at is UNKNOWN. */
static void expect_bytes_error(const bytes *b, const char *suffix,
                               const char *needle_fmt, size_t at)
{
    char *path = temp_bytes(b, suffix);
    char needle[1200], body[800];
    if (at == UNKNOWN)
        snprintf(body, sizeof body, "%s", needle_fmt);
    else
        snprintf(body, sizeof body, needle_fmt, at);
    snprintf(needle, sizeof needle, "%s: error: %s", path, body);
    expect_stream_error(path, WOLD_EINPUT, needle);
    remove_temp(path);
}

static wold_data *read_csv(const char *path)
{
    wold_data *d = NULL;
    wold_error err;
    wold_status st = wold_data_read_csv(&d, path, NULL, NULL, &err);
    if (st != WOLD_OK) {
        char msg[2048];
        wold_error_format(&err, msg, sizeof msg);
        fail_msg("read_csv %s failed: %s", path, msg);
    }
    return d;
}

/* Two data sets are the same, bit for bit (not their source names). */
static void assert_same_data(const wold_data *a, const wold_data *b)
{
    size_t n = wold_data_n_rows(a), p = wold_data_n_cols(a);
    assert_int_equal(n, wold_data_n_rows(b));
    assert_int_equal(p, wold_data_n_cols(b));
    for (size_t j = 0; j < p; j++)
        assert_string_equal(wold_data_col_name(a, j),
                            wold_data_col_name(b, j));
    assert_int_equal(wold_data_n_missing_cells(a),
                     wold_data_n_missing_cells(b));
    assert_memory_equal(wold_data_values(a), wold_data_values(b),
                        n * p * sizeof(double));
}

/* wold_data_read_csv of path equals that of the plain file ref. */
static void check_csv_same(const char *path, const char *ref)
{
    wold_data *a = read_csv(ref), *b = read_csv(path);
    assert_same_data(a, b);
    assert_string_equal(wold_data_source(b), strcmp(path, "-") == 0
                                                 ? "<stdin>"
                                                 : path);
    wold_data_free(a);
    wold_data_free(b);
}

/* ------------------------------------------------------------------------
 * Compressing, with the libraries themselves
 * ------------------------------------------------------------------------ */

#ifdef WOLD_TEST_ZLIB
/* One deflate stream of p[0..n) in a gzip (bits 15 + 16) or zlib (15)
 * wrapper. */
static bytes deflate_wrapped(const void *p, size_t n, int level, int bits)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, bits, 8,
                                  Z_DEFAULT_STRATEGY),
                     Z_OK);
    bytes b = {malloc(deflateBound(&z, (uLong)n) + 64), 0, 0};
    assert_non_null(b.p);
    z.next_in = (Bytef *)(uintptr_t)p;
    z.avail_in = (uInt)n;
    z.next_out = b.p;
    z.avail_out = (uInt)deflateBound(&z, (uLong)n) + 64;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    b.n = z.total_out;
    deflateEnd(&z);
    return b;
}

/* One gzip member of p[0..n). */
static bytes gzip_member(const void *p, size_t n, int level)
{
    return deflate_wrapped(p, n, level, 15 + 16);
}

/* One zlib stream (RFC 1950) of p[0..n). */
static bytes zlib_stream(const void *p, size_t n, int level)
{
    return deflate_wrapped(p, n, level, 15);
}
#endif

#ifdef WOLD_TEST_ZSTD
/* One zstd frame of p[0..n), with a content checksum; with end == 0 the
 * frame is only flushed, never ended (its last block never comes). */
static bytes zstd_frame(const void *p, size_t n, int level, int end)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    assert_non_null(c);
    assert_false(ZSTD_isError(
        ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level)));
    assert_false(
        ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1)));
    size_t cap = ZSTD_compressBound(n) + 64;
    bytes b = {malloc(cap), 0, 0};
    assert_non_null(b.p);
    ZSTD_outBuffer out = {b.p, cap, 0};
    ZSTD_inBuffer in = {p, n, 0};
    size_t r = ZSTD_compressStream2(c, &out, &in,
                                    end ? ZSTD_e_end : ZSTD_e_flush);
    assert_int_equal(r, 0);
    b.n = out.pos;
    ZSTD_freeCCtx(c);
    return b;
}
#endif

#define NEED_ZLIB()                                                      \
    do {                                                                 \
        print_message("SKIPPED: this build has no zlib (WOLD_ZLIB=OFF)\n"); \
        skip();                                                          \
    } while (0)
#define NEED_ZSTD()                                                      \
    do {                                                                 \
        print_message("SKIPPED: this build has no libzstd "             \
                      "(WOLD_ZSTD=OFF)\n");                              \
        skip();                                                          \
    } while (0)

/* ------------------------------------------------------------------------
 * Plain input
 * ------------------------------------------------------------------------ */

static void test_plain_file(void **state)
{
    (void)state;
    bytes csv = panel_csv();
    char *path = temp_bytes(&csv, ".csv");
    check_reads(path, WOLD__STREAM_PLAIN, &csv);
    /* A plain regular file offers its descriptor for pread. */
    wold__stream *s = NULL;
    assert_int_equal(wold__stream_open(&s, path, NULL), WOLD_OK);
    uint64_t size = 0;
    int fd = wold__stream_fd(s, &size);
    assert_true(fd >= 0);
    assert_int_equal(size, csv.n);
    char buf[16];
    assert_int_equal(pread(fd, buf, sizeof buf, 100), (ssize_t)sizeof buf);
    assert_memory_equal(buf, csv.p + 100, sizeof buf);
    wold__stream_close(s);
    remove_temp(path);
    free(csv.p);
}

/* Files of 0 to 4 bytes: shorter than the bytes that tell the kind. */
static void test_plain_short(void **state)
{
    (void)state;
    const char *texts[] = {"", "a", "\x1f", "\x28\xb5\x2f", "ab\ncd"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        bytes b = copy_bytes(texts[i], strlen(texts[i]));
        char *path = temp_bytes(&b, ".csv");
        check_reads(path, WOLD__STREAM_PLAIN, &b);
        remove_temp(path);
        free(b.p);
    }
}

/* The name does not matter: a plain file called .gz is plain. */
static void test_plain_named_gz(void **state)
{
    (void)state;
    bytes b = copy_bytes(tiny_csv, strlen(tiny_csv));
    char *path = temp_bytes(&b, ".csv.gz");
    check_reads(path, WOLD__STREAM_PLAIN, &b);
    remove_temp(path);
    free(b.p);
}

static void test_plain_stdin(void **state)
{
    (void)state;
    bytes csv = panel_csv();
    char *path = temp_bytes(&csv, ".csv");
    assert_non_null(freopen(path, "r", stdin));
    bytes got = read_path("-", WOLD__STREAM_PLAIN, 65537);
    assert_same_bytes(&got, &csv);
    free(got.p);
    /* Standard input is never offered for pread. */
    assert_non_null(freopen(path, "r", stdin));
    wold__stream *s = NULL;
    assert_int_equal(wold__stream_open(&s, "-", NULL), WOLD_OK);
    uint64_t size = 1;
    assert_int_equal(wold__stream_fd(s, &size), -1);
    assert_int_equal(size, 0);
    wold__stream_close(s);
    assert_non_null(freopen(path, "r", stdin));
    check_csv_same("-", path);
    remove_temp(path);
    free(csv.p);
}

/* A named pipe, written by a child process. */
static void through_fifo(const bytes *b, wold__stream_kind kind,
                         const bytes *want)
{
    char dir[] = "/tmp/wold-stream-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(path, O_WRONLY);
        size_t off = 0;
        while (fd >= 0 && off < b->n) {
            ssize_t w = write(fd, b->p + off, b->n - off);
            if (w <= 0)
                _exit(1);
            off += (size_t)w;
        }
        _exit(fd >= 0 ? 0 : 1);
    }
    wold__stream *s = NULL;
    assert_int_equal(wold__stream_open(&s, path, NULL), WOLD_OK);
    assert_int_equal(wold__stream_get_kind(s), kind);
    assert_int_equal(wold__stream_fd(s, NULL), -1);
    bytes got = read_stream(s, 4093);
    wold__stream_close(s);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_same_bytes(&got, want);
    free(got.p);
    unlink(path);
    rmdir(dir);
}

static void test_plain_fifo(void **state)
{
    (void)state;
    bytes csv = panel_csv();
    through_fifo(&csv, WOLD__STREAM_PLAIN, &csv);
    free(csv.p);
}

static void test_open_errors(void **state)
{
    (void)state;
    expect_stream_error("/nonexistent/x.csv.gz", WOLD_EINPUT,
                        "/nonexistent/x.csv.gz: error: cannot open file: "
                        "No such file or directory");
    expect_stream_error("/tmp", WOLD_EINPUT,
                        "/tmp: error: cannot open file: Is a directory");
    if (freopen("/tmp", "r", stdin) != NULL)
        expect_stream_error("-", WOLD_EINPUT,
                            "<stdin>: error: cannot read: Is a directory");
    bytes b = copy_bytes(tiny_csv, strlen(tiny_csv));
    char *path = temp_bytes(&b, ".csv");
    wold__stream *s = NULL;
    assert_int_equal(wold__stream_open(&s, path, NULL), WOLD_OK);
    char c;
    size_t got = 1;
    wold_error err;
    WT_EXPECT_ERROR(wold__stream_read(s, &c, 0, &got, &err), &err,
                    WOLD_EUSAGE, "cap is 0");
    assert_int_equal(got, 0);
    wold__stream_close(s);
    wold__stream_close(NULL);
    remove_temp(path);
    free(b.p);
}

/* ------------------------------------------------------------------------
 * Files the gzip and zstd programs made
 * ------------------------------------------------------------------------ */

static void tiny_file(const unsigned char *p, size_t n, const char *suffix,
                      wold__stream_kind kind, int have, const char *without)
{
    bytes b = copy_bytes(p, n);
    char *path = temp_bytes(&b, suffix);
    if (have) {
        bytes want = copy_bytes(tiny_csv, strlen(tiny_csv));
        check_reads(path, kind, &want);
        free(want.p);
        wold_data *d = read_csv(path);
        assert_int_equal(wold_data_n_rows(d), 2);
        assert_true(wold_data_values(d)[3] == 4.5);
        wold_data_free(d);
    } else {
        char needle[600];
        snprintf(needle, sizeof needle, "%s: error: %s", path, without);
        expect_stream_error(path, WOLD_EINPUT, needle);
        wold_data *d = NULL;
        wold_error err;
        WT_EXPECT_ERROR(wold_data_read_csv(&d, path, NULL, NULL, &err), &err,
                        WOLD_EINPUT, needle);
        assert_null(d);
    }
    remove_temp(path);
    free(b.p);
}

static void test_tiny_gzip(void **state)
{
    (void)state;
#ifdef WOLD_TEST_ZLIB
    int have = 1;
#else
    int have = 0;
#endif
    tiny_file(tiny_gz, sizeof tiny_gz, ".gz", WOLD__STREAM_GZIP, have,
              "the data is gzip-compressed, and this build of wold reads "
              "no gzip (install zlib1g-dev and rebuild; CMake option "
              "WOLD_ZLIB)");
}

static void test_tiny_zstd(void **state)
{
    (void)state;
#ifdef WOLD_TEST_ZSTD
    int have = 1;
#else
    int have = 0;
#endif
    tiny_file(tiny_zst, sizeof tiny_zst, ".zst", WOLD__STREAM_ZSTD, have,
              "the data is zstd-compressed, and this build of wold reads "
              "no zstd (install libzstd-dev and rebuild; CMake option "
              "WOLD_ZSTD)");
}

/* ------------------------------------------------------------------------
 * gzip
 * ------------------------------------------------------------------------ */

#ifdef WOLD_TEST_ZLIB
/* The text as members cut at the given offsets (an empty member where
 * two are equal). */
static bytes gzip_members(const bytes *text, const size_t *cuts, size_t k)
{
    bytes all = {NULL, 0, 0};
    size_t from = 0;
    for (size_t i = 0; i <= k; i++) {
        size_t to = i < k ? cuts[i] : text->n;
        bytes m = gzip_member(text->p + from, to - from, 1 + (int)(i % 9));
        append(&all, m.p, m.n);
        free(m.p);
        from = to;
    }
    return all;
}
#endif

static void test_gzip_reads(void **state)
{
    (void)state;
#ifdef WOLD_TEST_ZLIB
    bytes csv = panel_csv();
    char *plain = temp_bytes(&csv, ".csv");
    bytes gz = gzip_member(csv.p, csv.n, 6);
    char *path = temp_bytes(&gz, ".gz");
    check_reads(path, WOLD__STREAM_GZIP, &csv);
    wold__stream *s = NULL;
    assert_int_equal(wold__stream_open(&s, path, NULL), WOLD_OK);
    assert_int_equal(wold__stream_fd(s, NULL), -1);
    wold__stream_close(s);
    check_csv_same(path, plain);
    /* Standard input and a pipe, compressed too. */
    assert_non_null(freopen(path, "r", stdin));
    bytes got = read_path("-", WOLD__STREAM_GZIP, 4093);
    assert_same_bytes(&got, &csv);
    free(got.p);
    assert_non_null(freopen(path, "r", stdin));
    check_csv_same("-", plain);
    through_fifo(&gz, WOLD__STREAM_GZIP, &csv);
    remove_temp(path);
    remove_temp(plain);
    free(gz.p);
    free(csv.p);
#else
    NEED_ZLIB();
#endif
}

/* cat a.gz b.gz reads as the concatenation (gzip -dc does so), also with
 * an empty member and members cut inside a line. */
static void test_gzip_members(void **state)
{
    (void)state;
#ifdef WOLD_TEST_ZLIB
    bytes csv = panel_csv();
    char *plain = temp_bytes(&csv, ".csv");
    size_t cuts[] = {1, 1000, 1000, csv.n / 2 + 3, csv.n - 1};
    bytes gz = gzip_members(&csv, cuts, 5);
    char *path = temp_bytes(&gz, ".gz");
    check_reads(path, WOLD__STREAM_GZIP, &csv);
    check_csv_same(path, plain);
    remove_temp(path);
    remove_temp(plain);
    free(gz.p);
    free(csv.p);
#else
    NEED_ZLIB();
#endif
}

static void test_gzip_errors(void **state)
{
    (void)state;
#ifdef WOLD_TEST_ZLIB
    bytes csv = panel_csv();
    bytes gz = gzip_member(csv.p, csv.n, 6);
    /* Cut after the magic, inside the header, inside the deflate data,
     * inside the trailer (CRC-32, length). */
    size_t cuts[] = {2, 5, 10, 11, 200, gz.n / 2, gz.n - 8, gz.n - 5,
                     gz.n - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        bytes t = copy_bytes(gz.p, cuts[i]);
        expect_bytes_error(&t, ".gz",
                           "truncated gzip stream: the file ends inside "
                           "compressed data at byte %zu",
                           cuts[i]);
        free(t.p);
    }
    /* A second member cut short is truncated too. */
    bytes two = copy_bytes(gz.p, gz.n);
    append(&two, gz.p, 20);
    expect_bytes_error(&two, ".gz",
                       "truncated gzip stream: the file ends inside "
                       "compressed data at byte %zu",
                       gz.n + 20);
    free(two.p);
    /* A flipped bit in the trailer: the CRC-32 and the length. */
    bytes bad = copy_bytes(gz.p, gz.n);
    bad.p[gz.n - 6] ^= 0x01;
    expect_bytes_error(&bad, ".gz",
                       "corrupt gzip data at byte %zu: incorrect data check",
                       gz.n - 4);
    memcpy(bad.p, gz.p, gz.n);
    bad.p[gz.n - 2] ^= 0x01;
    expect_bytes_error(&bad, ".gz",
                       "corrupt gzip data at byte %zu: incorrect length "
                       "check",
                       gz.n);
    /* A flipped byte in the deflate data, and a bad header. */
    memcpy(bad.p, gz.p, gz.n);
    bad.p[gz.n / 2] ^= 0xff;
    expect_bytes_error(&bad, ".gz", "corrupt gzip data at byte ", UNKNOWN);
    memcpy(bad.p, gz.p, gz.n);
    bad.p[2] = 7; /* compression method: only 8 (deflate) exists */
    expect_bytes_error(&bad, ".gz",
                       "corrupt gzip data at byte %zu: unknown compression "
                       "method",
                       4);
    free(bad.p);
    /* Bytes after the last member that begin no other member. */
    bytes tail = copy_bytes(gz.p, gz.n);
    append(&tail, "xx", 2);
    expect_bytes_error(&tail, ".gz",
                       "garbage after the gzip data at byte %zu: 2 bytes "
                       "that are not another gzip member",
                       gz.n);
    tail.n = gz.n;
    append(&tail, "\0", 1);
    expect_bytes_error(&tail, ".gz",
                       "garbage after the gzip data at byte %zu: 1 byte "
                       "that is not another gzip member",
                       gz.n);
    tail.n = gz.n;
    append(&tail, "\x1f", 1);
    expect_bytes_error(&tail, ".gz",
                       "garbage after the gzip data at byte %zu: 1 byte "
                       "that is not another gzip member",
                       gz.n);
    free(tail.p);
    free(gz.p);
    free(csv.p);
#else
    NEED_ZLIB();
#endif
}


/* ------------------------------------------------------------------------
 * zlib's own wrapper (RFC 1950)
 * ------------------------------------------------------------------------ */

static void test_zlib_reads(void **state)
{
    (void)state;
#ifdef WOLD_TEST_ZLIB
    bytes csv = panel_csv();
    char *plain = temp_bytes(&csv, ".csv");
    for (int level = 0; level <= 9; level += 3) {
        /* Level 0 stores the text: its first bytes after the header are
         * a stored block's length, not text either. */
        bytes zz = zlib_stream(csv.p, csv.n, level);
        char *path = temp_bytes(&zz, ".zz");
        check_reads(path, WOLD__STREAM_ZLIB, &csv);
        check_csv_same(path, plain);
        if (level == 6) {
            assert_non_null(freopen(path, "r", stdin));
            bytes got = read_path("-", WOLD__STREAM_ZLIB, 4093);
            assert_same_bytes(&got, &csv);
            free(got.p);
            through_fifo(&zz, WOLD__STREAM_ZLIB, &csv);
        }
        remove_temp(path);
        free(zz.p);
    }
    /* Streams one after another read as the concatenation. */
    size_t cuts[] = {0, 1, 999, csv.n / 2, csv.n};
    bytes all = {NULL, 0, 0};
    for (size_t i = 0; i + 1 < sizeof cuts / sizeof cuts[0]; i++) {
        bytes z = zlib_stream(csv.p + cuts[i], cuts[i + 1] - cuts[i],
                              1 + (int)i);
        append(&all, z.p, z.n);
        free(z.p);
    }
    char *path = temp_bytes(&all, ".zz");
    check_reads(path, WOLD__STREAM_ZLIB, &csv);
    check_csv_same(path, plain);
    remove_temp(path);
    free(all.p);
    remove_temp(plain);
    free(csv.p);
#else
    NEED_ZLIB();
#endif
}

/* Text that starts with a valid zlib header is text: "x^" (78 5e), "hb"
 * (68 62) and "HC" (48 43) are such headers, "x^" with UTF-8 after it. */
static void test_zlib_header_text(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "x^,b\n1,2\n3,4\n", "hb,c\n1,2\n", "HC;d\r\n1;2\r\n",
        "x^\xe6\xbb\xa1\xe6\x84\x8f,b\n1,2\n", "x^"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        bytes t = copy_bytes(texts[i], strlen(texts[i]));
        char *path = temp_bytes(&t, ".csv");
        bytes got = read_path(path, WOLD__STREAM_PLAIN, 3);
        assert_same_bytes(&got, &t);
        free(got.p);
        remove_temp(path);
        free(t.p);
    }
}

static void test_zlib_errors(void **state)
{
    (void)state;
#ifdef WOLD_TEST_ZLIB
    bytes csv = panel_csv();
    bytes zz = zlib_stream(csv.p, csv.n, 6);
    /* Cut inside the deflate data and inside the Adler-32 trailer (a cut
     * before the tenth byte leaves too little to tell the kind by: that
     * is text, and fails as CSV). */
    size_t cuts[] = {10, 200, zz.n / 2, zz.n - 4, zz.n - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        bytes t = copy_bytes(zz.p, cuts[i]);
        expect_bytes_error(&t, ".zz",
                           "truncated zlib stream: the file ends inside "
                           "compressed data at byte %zu",
                           cuts[i]);
        free(t.p);
    }
    bytes bad = copy_bytes(zz.p, zz.n);
    bad.p[zz.n - 1] ^= 0x01;
    expect_bytes_error(&bad, ".zz",
                       "corrupt zlib data at byte %zu: incorrect data check",
                       zz.n);
    memcpy(bad.p, zz.p, zz.n);
    bad.p[zz.n / 2] ^= 0xff;
    expect_bytes_error(&bad, ".zz", "corrupt zlib data at byte ", UNKNOWN);
    free(bad.p);
    bytes tail = copy_bytes(zz.p, zz.n);
    append(&tail, "\n", 1);
    expect_bytes_error(&tail, ".zz",
                       "garbage after the zlib data at byte %zu: 1 byte "
                       "that is not another zlib stream",
                       zz.n);
    free(tail.p);
    free(zz.p);
    free(csv.p);
#else
    NEED_ZLIB();
#endif
}

/* ------------------------------------------------------------------------
 * zstd
 * ------------------------------------------------------------------------ */

static void test_zstd_reads(void **state)
{
    (void)state;
#ifdef WOLD_TEST_ZSTD
    bytes csv = panel_csv();
    char *plain = temp_bytes(&csv, ".csv");
    bytes zs = zstd_frame(csv.p, csv.n, 3, 1);
    char *path = temp_bytes(&zs, ".zst");
    check_reads(path, WOLD__STREAM_ZSTD, &csv);
    wold__stream *s = NULL;
    assert_int_equal(wold__stream_open(&s, path, NULL), WOLD_OK);
    assert_int_equal(wold__stream_fd(s, NULL), -1);
    wold__stream_close(s);
    check_csv_same(path, plain);
    assert_non_null(freopen(path, "r", stdin));
    bytes got = read_path("-", WOLD__STREAM_ZSTD, 65537);
    assert_same_bytes(&got, &csv);
    free(got.p);
    assert_non_null(freopen(path, "r", stdin));
    check_csv_same("-", plain);
    through_fifo(&zs, WOLD__STREAM_ZSTD, &csv);
    remove_temp(path);
    remove_temp(plain);
    free(zs.p);
    free(csv.p);
#else
    NEED_ZSTD();
#endif
}

static void test_zstd_frames(void **state)
{
    (void)state;
#ifdef WOLD_TEST_ZSTD
    bytes csv = panel_csv();
    char *plain = temp_bytes(&csv, ".csv");
    size_t cuts[] = {0, 1, 777, 777, csv.n / 3, csv.n};
    bytes all = {NULL, 0, 0};
    for (size_t i = 0; i + 1 < sizeof cuts / sizeof cuts[0]; i++) {
        bytes f = zstd_frame(csv.p + cuts[i], cuts[i + 1] - cuts[i],
                             1 + (int)i, 1);
        append(&all, f.p, f.n);
        free(f.p);
    }
    char *path = temp_bytes(&all, ".zst");
    check_reads(path, WOLD__STREAM_ZSTD, &csv);
    check_csv_same(path, plain);
    remove_temp(path);
    remove_temp(plain);
    free(all.p);
    free(csv.p);
#else
    NEED_ZSTD();
#endif
}

static void test_zstd_errors(void **state)
{
    (void)state;
#ifdef WOLD_TEST_ZSTD
    bytes csv = panel_csv();
    bytes zs = zstd_frame(csv.p, csv.n, 3, 1);
    size_t cuts[] = {4, 5, 9, 100, zs.n / 2, zs.n - 4, zs.n - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        bytes t = copy_bytes(zs.p, cuts[i]);
        expect_bytes_error(&t, ".zst",
                           "truncated zstd stream: the file ends inside "
                           "compressed data at byte %zu",
                           cuts[i]);
        free(t.p);
    }
    /* A frame flushed but never ended: all of the data, no last block. */
    bytes open_frame = zstd_frame(csv.p, csv.n, 3, 0);
    expect_bytes_error(&open_frame, ".zst",
                       "truncated zstd stream: the file ends inside "
                       "compressed data at byte %zu",
                       open_frame.n);
    free(open_frame.p);
    /* A flipped bit in the content checksum, a flipped byte inside: the
     * message names where the frame starts. */
    bytes bad = copy_bytes(zs.p, zs.n);
    bad.p[zs.n - 1] ^= 0x01;
    expect_bytes_error(&bad, ".zst",
                       "corrupt zstd data in the frame that starts at byte "
                       "%zu: Restored data doesn't match checksum",
                       0);
    memcpy(bad.p, zs.p, zs.n);
    bad.p[zs.n / 2] ^= 0xff;
    expect_bytes_error(&bad, ".zst",
                       "corrupt zstd data in the frame that starts at byte "
                       "%zu: ",
                       0);
    /* The same in the second of two frames. */
    bytes two = copy_bytes(zs.p, zs.n);
    append(&two, zs.p, zs.n);
    two.p[zs.n + zs.n / 2] ^= 0xff;
    expect_bytes_error(&two, ".zst",
                       "corrupt zstd data in the frame that starts at byte "
                       "%zu: ",
                       zs.n);
    free(two.p);
    free(bad.p);
    /* Bytes after the frame that begin no frame. */
    bytes tail = copy_bytes(zs.p, zs.n);
    append(&tail, "garbage!", 8);
    expect_bytes_error(&tail, ".zst",
                       "corrupt zstd data in the frame that starts at byte "
                       "%zu: Unknown frame descriptor",
                       zs.n);
    free(tail.p);
    /* A frame asking for a 2 GiB window (windowLog 31: zstd --long=31 on
     * a large file), then an empty last block. */
    bytes huge = copy_bytes("\x28\xb5\x2f\xfd\x00\xa8\x01\x00\x00", 9);
    expect_bytes_error(&huge, ".zst",
                       "the zstd frame that starts at byte %zu needs a "
                       "window over 128 MiB (written with zstd --long or "
                       "--ultra?), more than wold decodes: recompress it "
                       "without",
                       0);
    free(huge.p);
    free(zs.p);
    free(csv.p);
#else
    NEED_ZSTD();
#endif
}

/* ------------------------------------------------------------------------
 * Empty compressed content: read as an empty file is
 * ------------------------------------------------------------------------ */

#if defined(WOLD_TEST_ZLIB) || defined(WOLD_TEST_ZSTD)
static void expect_same_csv_error(const char *path, const char *ref)
{
    wold_data *d = NULL;
    wold_error e1, e2;
    wold_status s1 = wold_data_read_csv(&d, ref, NULL, NULL, &e1);
    wold_status s2 = wold_data_read_csv(&d, path, NULL, NULL, &e2);
    assert_int_equal(s1, WOLD_EINPUT);
    assert_int_equal(s2, WOLD_EINPUT);
    assert_null(d);
    assert_string_equal(e2.file, path);
    assert_string_equal(e1.message, e2.message);
    assert_int_equal(e1.line, e2.line);
    assert_int_equal(e1.col, e2.col);
}
#endif

static void test_empty_content(void **state)
{
    (void)state;
#if defined(WOLD_TEST_ZLIB) || defined(WOLD_TEST_ZSTD)
    bytes none = {NULL, 0, 0}, got;
    char *plain = temp_bytes(&none, ".csv"), *path;
#ifdef WOLD_TEST_ZLIB
    bytes gz = gzip_member("", 0, 6);
    path = temp_bytes(&gz, ".gz");
    got = read_path(path, WOLD__STREAM_GZIP, 7);
    assert_int_equal(got.n, 0);
    free(got.p);
    expect_same_csv_error(path, plain);
    remove_temp(path);
    free(gz.p);
#endif
#ifdef WOLD_TEST_ZSTD
    bytes zs = zstd_frame("", 0, 3, 1);
    path = temp_bytes(&zs, ".zst");
    got = read_path(path, WOLD__STREAM_ZSTD, 7);
    assert_int_equal(got.n, 0);
    free(got.p);
    expect_same_csv_error(path, plain);
    remove_temp(path);
    free(zs.p);
#endif
    remove_temp(plain);
#else
    NEED_ZLIB();
#endif
}

/* The CSV reader's own messages name the compressed file, at the same
 * line and column as in the plain file. */
static void test_csv_error_location(void **state)
{
    (void)state;
#if defined(WOLD_TEST_ZLIB) || defined(WOLD_TEST_ZSTD)
    const char text[] = "a,b\n1,2\n3,x\n";
    bytes b = copy_bytes(text, strlen(text));
    char *plain = temp_bytes(&b, ".csv"), *path;
#ifdef WOLD_TEST_ZLIB
    bytes gz = gzip_member(text, strlen(text), 6);
    path = temp_bytes(&gz, ".gz");
    expect_same_csv_error(path, plain);
    remove_temp(path);
    free(gz.p);
#endif
#ifdef WOLD_TEST_ZSTD
    bytes zs = zstd_frame(text, strlen(text), 3, 1);
    path = temp_bytes(&zs, ".zst");
    expect_same_csv_error(path, plain);
    remove_temp(path);
    free(zs.p);
#endif
    wold_data *d = NULL;
    wold_error err;
    assert_int_equal(wold_data_read_csv(&d, plain, NULL, NULL, &err),
                     WOLD_EINPUT);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 2);
    remove_temp(plain);
    free(b.p);
#else
    NEED_ZLIB();
#endif
}

/* Compressed formats wold does not read are refused by name. */
static void test_foreign(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
        const char *name, *undo;
    } cases[] = {
        {"\xfd" "7zXZ\0\0\x04\xe6\xd6\xb4\x46", 12, "xz", "xz -dc"},
        {"BZh91AY&SY\x01\x02", 12, "bzip2", "bzip2 -dc"},
        {"BZh9\x17\x72\x45\x38\x50\x90\0\0\0\0", 14, "bzip2",
         "bzip2 -dc"},
        {"\x04\x22\x4d\x18\x64\x40\xa7", 7, "lz4", "lz4 -dc"},
        {"PK\x03\x04\x14\0\0\0", 8, "zip", "unzip -p"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bytes b = copy_bytes(cases[i].bytes, cases[i].len);
        char needle[300];
        snprintf(needle, sizeof needle,
                 "the data is %s-compressed, which wold does not read (it "
                 "reads gzip, zlib and zstd): decompress it first (%s)",
                 cases[i].name, cases[i].undo);
        expect_bytes_error(&b, ".csv", needle, UNKNOWN);
        free(b.p);
    }
    /* Text that merely begins like bzip2 is text. */
    const char *texts[] = {"BZh9,x\n1,2\n", "BZh,a\n"};
    for (size_t i = 0; i < 2; i++) {
        bytes b = copy_bytes(texts[i], strlen(texts[i]));
        char *path = temp_bytes(&b, ".csv");
        check_reads(path, WOLD__STREAM_PLAIN, &b);
        remove_temp(path);
        free(b.p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_file),
        cmocka_unit_test(test_plain_short),
        cmocka_unit_test(test_plain_named_gz),
        cmocka_unit_test(test_plain_stdin),
        cmocka_unit_test(test_plain_fifo),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_foreign),
        cmocka_unit_test(test_tiny_gzip),
        cmocka_unit_test(test_tiny_zstd),
        cmocka_unit_test(test_gzip_reads),
        cmocka_unit_test(test_gzip_members),
        cmocka_unit_test(test_gzip_errors),
        cmocka_unit_test(test_zlib_reads),
        cmocka_unit_test(test_zlib_header_text),
        cmocka_unit_test(test_zlib_errors),
        cmocka_unit_test(test_zstd_reads),
        cmocka_unit_test(test_zstd_frames),
        cmocka_unit_test(test_zstd_errors),
        cmocka_unit_test(test_empty_content),
        cmocka_unit_test(test_csv_error_location),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
