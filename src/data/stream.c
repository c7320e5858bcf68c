/*
 * stream.c - an input read front to back (wold__stream, data.h): a
 * regular file, standard input or a pipe, plain or compressed with gzip
 * or zlib's own wrapper (both through zlib) or zstd (libzstd).  The kind comes from the first bytes, never
 * from the name, so "gzip -c data.csv | wold fit model.wold -" works.
 *
 * Every buffer is allocated at open; the decoders allocate their window
 * once, at the first read (through malloc, so that test_faultsim reaches
 * those allocations too), and nothing after that.  Errors in compressed
 * data name a byte offset in the compressed input, where to look with a
 * hex dump: where zlib stopped, or where the zstd frame starts (libzstd
 * gives no position inside a frame).  The decoders always see the same
 * pieces of input and the same room for output, so the same data give
 * the same bytes and the same error however they are read.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef WOLD_HAVE_ZLIB
#include <zlib.h>
#endif
#ifdef WOLD_HAVE_ZSTD
/* ZSTD_createDStream_advanced (custom allocator) is in the stable ABI of
 * the shared library but declared in the "static linking" section. */
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>
#include <zstd_errors.h>
#endif

#include "data/data.h"
#include "util/util.h"

#if defined(WOLD_HAVE_ZLIB) || defined(WOLD_HAVE_ZSTD)
#define DECODERS 1 /* the helpers of both decoders are needed */
#endif

/* Compressed bytes read ahead: zstd's recommended input size (one block
 * of 128 KiB plus header), and ample for zlib. */
#define IN_CAP ((size_t)1 << 17)

/* Bytes that tell the kind: gzip 1f 8b, zstd 28 b5 2f fd (RFC 1952,
 * RFC 8878), a zlib header followed by bytes that are not text (RFC 1950,
 * see is_zlib); 10 for the formats that are refused by name (bzip2's). */
#define HEAD 10

/* Decoded bytes held for the caller: the decoders always get this much
 * room, whatever the caller asks for, so that how much they decode before
 * they notice corrupt data, and what they say, does not depend on the
 * size of the reads (libzstd decodes a frame that fits the caller's buffer
 * straight into it, and then reports other errors than otherwise). */
#define OUT_CAP ((size_t)1 << 17)

/* One read() at most, so that a huge cap never overflows ssize_t. */
#define READ_MAX ((size_t)1 << 30)

struct wold__stream {
    char *name;               /* for messages: "<stdin>" for "-" */
    int fd;
    int own_fd;               /* 0 for standard input */
    int regular;              /* a regular file (not standard input) */
    uint64_t size;            /* its size */
    wold__stream_kind kind;
    unsigned char head[HEAD]; /* plain: the first bytes, read to tell */
    size_t head_len, head_pos;
    unsigned char *in;        /* compressed: IN_CAP bytes read ahead */
    unsigned char *out;       /* and OUT_CAP decoded (after in, one block) */
    size_t out_pos, out_len;
    size_t in_pos, in_len;
    uint64_t in_base;         /* offset in the input of in[0] */
    int eof;                  /* read() has returned 0 */
    int failed;               /* an error was raised: no more reading */
    int unit_done;            /* the last gzip member, zlib stream or zstd
                                 frame ended */
    uint64_t frame_at;        /* zstd: where the current frame starts */
    int too_large;            /* zstd: the frame's window is over the limit */
    /* Corrupt data met by a decoding step that had decoded bytes before
     * it: they are handed out first, then the error. */
    int pending;
    const char *pending_why;  /* the decoder's static text */
#ifdef WOLD_HAVE_ZLIB
    z_stream z;
    int z_ready;
#endif
#ifdef WOLD_HAVE_ZSTD
    ZSTD_DStream *zd;
#endif
};

static const char *const kind_names[] = {"plain", "gzip", "zstd", "zlib"};

/* ------------------------------------------------------------------------
 * Bytes from the descriptor
 * ------------------------------------------------------------------------ */

/* One read(), retried on EINTR; 0 or the errno. */
static int read_some(int fd, void *buf, size_t cap, size_t *got)
{
    ssize_t r;
    do
        r = read(fd, buf, cap < READ_MAX ? cap : READ_MAX);
    while (r < 0 && errno == EINTR);
    if (r < 0)
        return errno;
    *got = (size_t)r;
    return 0;
}

static wold_status read_failed(wold__stream *s, int e, wold_error *err)
{
    s->failed = 1;
    return wold__raise(err, WOLD_EINPUT, s->name, 0, 0, NULL, 0,
                       "cannot read: %s", strerror(e));
}

/* Reads until head holds HEAD bytes or the input ends. */
static wold_status read_head(wold__stream *s, wold_error *err)
{
    while (s->head_len < HEAD) {
        size_t got = 0;
        int e = read_some(s->fd, s->head + s->head_len, HEAD - s->head_len,
                          &got);
        if (e != 0)
            return read_failed(s, e, err);
        if (got == 0) {
            s->eof = 1;
            break;
        }
        s->head_len += got;
    }
    return WOLD_OK;
}

#ifdef DECODERS
/*
 * Makes in hold at least need unread bytes (need <= IN_CAP), or all that
 * is left before the end: moves the unread bytes to the front and reads
 * after them until the buffer is full.  Full, not just "enough": then the
 * decoder sees the same pieces of input from a pipe as from a file, and
 * where it notices an error does not depend on how the pipe was written.
 */
static wold_status fill(wold__stream *s, size_t need, wold_error *err)
{
    if (s->in_len - s->in_pos >= need || s->eof)
        return WOLD_OK;
    size_t left = s->in_len - s->in_pos;
    memmove(s->in, s->in + s->in_pos, left);
    s->in_base += s->in_pos;
    s->in_pos = 0;
    s->in_len = left;
    while (s->in_len < IN_CAP && !s->eof) {
        size_t got = 0;
        int e = read_some(s->fd, s->in + s->in_len, IN_CAP - s->in_len,
                          &got);
        if (e != 0)
            return read_failed(s, e, err);
        s->eof = got == 0;
        s->in_len += got;
    }
    return WOLD_OK;
}

/* Offset in the input of the next byte the decoder would take. */
static unsigned long long at_byte(const wold__stream *s)
{
    return (unsigned long long)(s->in_base + s->in_pos);
}

static wold_status truncated(wold__stream *s, wold_error *err)
{
    s->failed = 1;
    return wold__raise(err, WOLD_EINPUT, s->name, 0, 0, NULL, 0,
                       "truncated %s stream: the file ends inside "
                       "compressed data at byte %llu",
                       kind_names[s->kind], at_byte(s));
}

/*
 * zlib stops at the byte where the data goes wrong; libzstd reports no
 * position (a frame decoded in one call leaves its input untouched), so a
 * zstd error names where its frame starts, which does not depend on the
 * size of the reads either.
 */
static wold_status corrupt(wold__stream *s, const char *why,
                           wold_error *err)
{
    s->failed = 1;
    if (why == NULL)
        why = "invalid data";
    /* Not corrupt, but more than libzstd decodes by default (as zstd -d:
     * windows up to 2^27 bytes), which bounds what a file can make wold
     * allocate. */
    if (s->too_large)
        return wold__raise(err, WOLD_EINPUT, s->name, 0, 0, NULL, 0,
                           "the zstd frame that starts at byte %llu needs a "
                           "window over 128 MiB (written with zstd --long "
                           "or --ultra?), more than wold decodes: "
                           "recompress it without",
                           (unsigned long long)s->frame_at);
    if (s->kind == WOLD__STREAM_ZSTD)
        return wold__raise(err, WOLD_EINPUT, s->name, 0, 0, NULL, 0,
                           "corrupt zstd data in the frame that starts at "
                           "byte %llu: %s",
                           (unsigned long long)s->frame_at, why);
    return wold__raise(err, WOLD_EINPUT, s->name, 0, 0, NULL, 0,
                       "corrupt %s data at byte %llu: %s",
                       kind_names[s->kind], at_byte(s), why);
}

/* corrupt(), or after the got bytes decoded before the problem. */
static wold_status corrupt_after(wold__stream *s, const char *why,
                                 size_t got, wold_error *err)
{
    if (got == 0)
        return corrupt(s, why, err);
    s->pending = 1;
    s->pending_why = why; /* in_pos stays where the decoder stopped */
    return WOLD_OK;
}

static wold_status no_memory(wold__stream *s, wold_error *err)
{
    s->failed = 1;
    return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s", s->name);
}
#endif

/* ------------------------------------------------------------------------
 * gzip (RFC 1952) and zlib's own wrapper (RFC 1950) through zlib
 * ------------------------------------------------------------------------ */

#ifdef WOLD_HAVE_ZLIB
static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    return calloc(items, size);
}

static void z_free(voidpf opaque, voidpf p)
{
    (void)opaque;
    free(p);
}

static wold_status gzip_init(wold__stream *s, wold_error *err)
{
    s->z.zalloc = z_alloc;
    s->z.zfree = z_free;
    s->z.opaque = Z_NULL;
    /* The largest window; 15 + 16 takes a gzip wrapper only, 15 a zlib
     * wrapper only (never raw deflate, which has no header to check). */
    int r = inflateInit2(&s->z, s->kind == WOLD__STREAM_GZIP ? 15 + 16 : 15);
    if (r == Z_MEM_ERROR)
        return no_memory(s, err);
    if (r != Z_OK)
        return corrupt(s, s->z.msg, err);
    s->z_ready = 1;
    return WOLD_OK;
}

static int is_zlib(const unsigned char *h, size_t n);

/* The start of another gzip member or zlib stream at p (left bytes). */
static int next_unit(const wold__stream *s, const unsigned char *p,
                     size_t left)
{
    if (s->kind == WOLD__STREAM_GZIP)
        return left >= 2 && p[0] == 0x1f && p[1] == 0x8b;
    return is_zlib(p, left);
}

/*
 * After a member's end: the input ends there, or the next member starts
 * (gzip -dc reads "cat a.gz b.gz" as the concatenation; zlib streams one
 * after another are read alike); anything else is an error rather than
 * being ignored.
 */
static wold_status gzip_next_member(wold__stream *s, int *end,
                                    wold_error *err)
{
    WOLD_TRY(fill(s, HEAD, err));
    size_t left = s->in_len - s->in_pos;
    *end = left == 0;
    if (*end)
        return WOLD_OK;
    const unsigned char *p = s->in + s->in_pos;
    if (!next_unit(s, p, left)) {
        s->failed = 1;
        return wold__raise(err, WOLD_EINPUT, s->name, 0, 0, NULL, 0,
                           "garbage after the %s data at byte %llu: "
                           "%zu byte%s that %s not another %s %s",
                           kind_names[s->kind], at_byte(s), left,
                           left == 1 ? "" : "s", left == 1 ? "is" : "are",
                           kind_names[s->kind],
                           s->kind == WOLD__STREAM_GZIP ? "member"
                                                        : "stream");
    }
    if (inflateReset(&s->z) != Z_OK)
        return corrupt(s, s->z.msg, err);
    s->unit_done = 0;
    return WOLD_OK;
}

static wold_status gzip_read(wold__stream *s, char *buf, size_t cap,
                             size_t *got, wold_error *err)
{
    uInt room = cap < UINT_MAX ? (uInt)cap : UINT_MAX;
    s->z.next_out = (Bytef *)buf;
    s->z.avail_out = room;
    while (s->z.avail_out == room) {
        if (s->unit_done) {
            int end;
            WOLD_TRY(gzip_next_member(s, &end, err));
            if (end)
                break;
        }
        WOLD_TRY(fill(s, 1, err));
        s->z.next_in = s->in + s->in_pos;
        s->z.avail_in = (uInt)(s->in_len - s->in_pos);
        int starved = s->z.avail_in == 0; /* then the input has ended */
        int r = inflate(&s->z, Z_NO_FLUSH);
        s->in_pos = (size_t)(s->z.next_in - s->in);
        if (r == Z_STREAM_END)
            s->unit_done = 1;
        else if (r == Z_MEM_ERROR)
            return no_memory(s, err);
        else if (r != Z_OK && r != Z_BUF_ERROR) {
            *got = room - s->z.avail_out;
            return corrupt_after(s, s->z.msg, *got, err);
        }
        else if (starved && s->z.avail_out == room)
            return truncated(s, err);
    }
    *got = room - s->z.avail_out;
    return WOLD_OK;
}
#endif

/* ------------------------------------------------------------------------
 * zstd (RFC 8878) through libzstd
 * ------------------------------------------------------------------------ */

#ifdef WOLD_HAVE_ZSTD
static void *zs_alloc(void *opaque, size_t size)
{
    (void)opaque;
    return malloc(size);
}

static void zs_free(void *opaque, void *p)
{
    (void)opaque;
    free(p);
}

static wold_status zstd_init(wold__stream *s, wold_error *err)
{
    ZSTD_customMem mem = {zs_alloc, zs_free, NULL};
    s->zd = ZSTD_createDStream_advanced(mem);
    return s->zd != NULL ? WOLD_OK : no_memory(s, err);
}

/* Frames follow one another (zstd -dc reads "cat a.zst b.zst" as the
 * concatenation): libzstd starts the next frame by itself once one has
 * ended, and rejects bytes that begin no frame. */
static wold_status zstd_read(wold__stream *s, char *buf, size_t cap,
                             size_t *got, wold_error *err)
{
    ZSTD_outBuffer out = {buf, cap, 0};
    while (out.pos == 0) {
        WOLD_TRY(fill(s, 1, err));
        ZSTD_inBuffer in = {s->in + s->in_pos, s->in_len - s->in_pos, 0};
        if (in.size == 0 && s->unit_done)
            break; /* the input ends after a whole frame */
        size_t r = ZSTD_decompressStream(s->zd, &out, &in);
        s->in_pos += in.pos;
        if (ZSTD_isError(r)) {
            *got = out.pos;
            ZSTD_ErrorCode code = ZSTD_getErrorCode(r);
            if (code == ZSTD_error_memory_allocation)
                return no_memory(s, err);
            s->too_large = code == ZSTD_error_frameParameter_windowTooLarge;
            return corrupt_after(s, ZSTD_getErrorName(r), *got, err);
        }
        s->unit_done = r == 0;
        if (s->unit_done)
            s->frame_at = s->in_base + s->in_pos;
        if (in.size == 0 && out.pos == 0 && !s->unit_done)
            return truncated(s, err);
    }
    *got = out.pos;
    return WOLD_OK;
}
#endif

/* ------------------------------------------------------------------------
 * Open, read, close
 * ------------------------------------------------------------------------ */

static wold_status without(wold__stream *s, const char *package,
                           const char *option, wold_error *err)
{
    return wold__raise(err, WOLD_EINPUT, s->name, 0, 0, NULL, 0,
                       "the data is %s-compressed, and this build of wold "
                       "reads no %s (install %s and rebuild; CMake option "
                       "%s)",
                       kind_names[s->kind], kind_names[s->kind], package,
                       option);
}

/* The decoder of s->kind, with the first bytes moved to its input. */
static wold_status start_decoder(wold__stream *s, wold_error *err)
{
    if (s->kind == WOLD__STREAM_PLAIN)
        return WOLD_OK;
#ifndef WOLD_HAVE_ZLIB
    if (s->kind == WOLD__STREAM_GZIP || s->kind == WOLD__STREAM_ZLIB)
        return without(s, "zlib1g-dev", "WOLD_ZLIB", err);
#endif
#ifndef WOLD_HAVE_ZSTD
    if (s->kind == WOLD__STREAM_ZSTD)
        return without(s, "libzstd-dev", "WOLD_ZSTD", err);
#endif
    (void)without;
#ifdef DECODERS
    s->in = malloc(IN_CAP + OUT_CAP);
    if (s->in == NULL)
        return no_memory(s, err);
    s->out = s->in + IN_CAP;
    memcpy(s->in, s->head, s->head_len);
    s->in_len = s->head_len;
    s->head_len = 0;
#ifdef WOLD_HAVE_ZLIB
    if (s->kind == WOLD__STREAM_GZIP || s->kind == WOLD__STREAM_ZLIB)
        return gzip_init(s, err);
#endif
#ifdef WOLD_HAVE_ZSTD
    if (s->kind == WOLD__STREAM_ZSTD)
        return zstd_init(s, err);
#endif
#endif
    return WOLD_OK;
}

/* 1 when h[0, n) could be the start of text: printable ASCII, tab, line
 * ends, and UTF-8 sequences (one cut off at the end included). */
static int text_like(const unsigned char *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned c = h[i];
        if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7f))
            continue;
        size_t more = c >= 0xc2 && c <= 0xdf   ? 1
                      : c >= 0xe0 && c <= 0xef ? 2
                      : c >= 0xf0 && c <= 0xf4 ? 3
                                               : 0;
        if (more == 0)
            return 0;
        for (; more > 0 && i + 1 < n; more--)
            if ((h[++i] & 0xc0) != 0x80)
                return 0;
    }
    return 1;
}

/*
 * A zlib header (RFC 1950): method 8 (deflate) with a window of at most
 * 32 KiB, no preset dictionary, the two bytes a multiple of 31.  Text can
 * start so too ("x^", "hb", "HC"): the header counts only when the bytes
 * after it are not text, as deflate data all but never are (of the
 * first eight, one at least is a control byte or breaks UTF-8).
 */
static int is_zlib(const unsigned char *h, size_t n)
{
    if (n < 3 || (h[0] & 0x0f) != 8 || (h[0] >> 4) > 7 || (h[1] & 0x20) ||
        ((unsigned)h[0] * 256u + h[1]) % 31u != 0)
        return 0;
    return !text_like(h + 2, n - 2);
}

static wold__stream_kind kind_of(const unsigned char *h, size_t n)
{
    if (n >= 2 && h[0] == 0x1f && h[1] == 0x8b)
        return WOLD__STREAM_GZIP;
    if (n >= 4 && h[0] == 0x28 && h[1] == 0xb5 && h[2] == 0x2f &&
        h[3] == 0xfd)
        return WOLD__STREAM_ZSTD;
    if (is_zlib(h, n))
        return WOLD__STREAM_ZLIB;
    return WOLD__STREAM_PLAIN;
}

/* Compressed formats wold does not decode, known by their first bytes:
 * refused by name at open rather than read as text, where they would
 * fail as CSV with a puzzling message. */
static const struct foreign {
    const char *name;
    const char *magic;
    size_t len;
    const char *undo;
} foreign[] = {
    {"xz", "\xfd" "7zXZ\0", 6, "xz -dc"},
    {"lz4", "\x04\x22\x4d\x18", 4, "lz4 -dc"},
    {"zip", "PK\x03\x04", 4, "unzip -p"},
};

/* bzip2: "BZh", the block size '1'-'9', then the magic of a block (the
 * digits of pi) or of the stream's end (of sqrt(pi)). */
static int is_bzip2(const unsigned char *h, size_t n)
{
    return n == HEAD && memcmp(h, "BZh", 3) == 0 && h[3] >= '1' &&
           h[3] <= '9' &&
           (memcmp(h + 4, "\x31\x41\x59\x26\x53\x59", 6) == 0 ||
            memcmp(h + 4, "\x17\x72\x45\x38\x50\x90", 6) == 0);
}

static wold_status refuse_foreign(const wold__stream *s, wold_error *err)
{
    const char *name = NULL, *undo = NULL;
    for (size_t i = 0; i < sizeof foreign / sizeof foreign[0]; i++)
        if (s->head_len >= foreign[i].len &&
            memcmp(s->head, foreign[i].magic, foreign[i].len) == 0) {
            name = foreign[i].name;
            undo = foreign[i].undo;
        }
    if (is_bzip2(s->head, s->head_len)) {
        name = "bzip2";
        undo = "bzip2 -dc";
    }
    if (name == NULL)
        return WOLD_OK;
    return wold__raise(err, WOLD_EINPUT, s->name, 0, 0, NULL, 0,
                       "the data is %s-compressed, which wold does not "
                       "read (it reads gzip, zlib and zstd): decompress it first "
                       "(%s)",
                       name, undo);
}

static wold_status cannot_open(const char *path, int e, wold_error *err)
{
    return wold__raise(err, WOLD_EINPUT, path, 0, 0, NULL, 0,
                       "cannot open file: %s", strerror(e));
}

/* The descriptor of path, its size and whether it is a regular file.
 * Standard input is never "regular": it may be read from an offset
 * other than 0, so pread from the start would be wrong. */
static wold_status open_fd(const char *path, int *fd, int *regular,
                           uint64_t *size, wold_error *err)
{
    if (strcmp(path, "-") == 0) {
        *fd = STDIN_FILENO;
        return WOLD_OK; /* a directory fails at the first read */
    }
    *fd = open(path, O_RDONLY | O_CLOEXEC);
    if (*fd < 0)
        return cannot_open(path, errno, err);
    struct stat st;
    int e = fstat(*fd, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : 0;
    if (e != 0) {
        close(*fd);
        *fd = -1;
        return cannot_open(path, e, err);
    }
    *regular = S_ISREG(st.st_mode);
    *size = *regular ? (uint64_t)st.st_size : 0;
    return WOLD_OK;
}

wold_status wold__stream_open(wold__stream **out, const char *path,
                              wold_error *err)
{
    int fd, regular = 0;
    uint64_t size = 0;
    WOLD_TRY(open_fd(path, &fd, &regular, &size, err));
    wold__stream *s = calloc(1, sizeof *s);
    char *name = wold__strdup(wold__display_path(path));
    if (s == NULL || name == NULL) {
        if (fd != STDIN_FILENO)
            close(fd);
        free(s);
        free(name);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                         wold__display_path(path));
    }
    s->name = name;
    s->fd = fd;
    s->own_fd = fd != STDIN_FILENO;
    s->regular = regular;
    s->size = size;
    wold_status st = read_head(s, err);
    if (st == WOLD_OK) {
        s->kind = kind_of(s->head, s->head_len);
        st = s->kind == WOLD__STREAM_PLAIN ? refuse_foreign(s, err) : WOLD_OK;
        if (st == WOLD_OK)
            st = start_decoder(s, err);
    }
    if (st != WOLD_OK) {
        wold__stream_close(s);
        return st;
    }
    *out = s;
    return WOLD_OK;
}

#ifdef DECODERS
/* The next decoded bytes into out (none at the end). */
static wold_status decode(wold__stream *s, wold_error *err)
{
#ifdef WOLD_HAVE_ZLIB
    if (s->kind == WOLD__STREAM_GZIP || s->kind == WOLD__STREAM_ZLIB)
        return gzip_read(s, (char *)s->out, OUT_CAP, &s->out_len, err);
#endif
#ifdef WOLD_HAVE_ZSTD
    if (s->kind == WOLD__STREAM_ZSTD)
        return zstd_read(s, (char *)s->out, OUT_CAP, &s->out_len, err);
#endif
    return WOLD_OK; /* not reached: start_decoder refused the kind */
}
#endif

static wold_status plain_read(wold__stream *s, char *buf, size_t cap,
                              size_t *got, wold_error *err)
{
    if (s->head_pos < s->head_len) {
        size_t k = s->head_len - s->head_pos;
        k = k < cap ? k : cap;
        memcpy(buf, s->head + s->head_pos, k);
        s->head_pos += k;
        *got = k;
        return WOLD_OK;
    }
    *got = 0;
    if (s->eof)
        return WOLD_OK;
    int e = read_some(s->fd, buf, cap, got);
    if (e != 0)
        return read_failed(s, e, err);
    s->eof = *got == 0;
    return WOLD_OK;
}

wold_status wold__stream_read(wold__stream *s, char *buf, size_t cap,
                              size_t *got, wold_error *err)
{
    *got = 0;
    if (cap == 0)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "wold__stream_read: no room (cap is 0)");
    if (s->failed)
        return wold__raise(err, WOLD_EINPUT, s->name, 0, 0, NULL, 0,
                           "cannot read past an earlier error");
    if (s->kind == WOLD__STREAM_PLAIN)
        return plain_read(s, buf, cap, got, err);
#ifdef DECODERS
    if (s->out_pos == s->out_len) {
        if (s->pending)
            return corrupt(s, s->pending_why, err);
        s->out_pos = s->out_len = 0;
        WOLD_TRY(decode(s, err));
    }
    size_t k = s->out_len - s->out_pos;
    k = k < cap ? k : cap;
    memcpy(buf, s->out + s->out_pos, k);
    s->out_pos += k;
    *got = k;
#endif
    return WOLD_OK;
}

wold__stream_kind wold__stream_get_kind(const wold__stream *s)
{
    return s->kind;
}

int wold__stream_fd(const wold__stream *s, uint64_t *size)
{
    int ok = s->kind == WOLD__STREAM_PLAIN && s->regular;
    if (size != NULL)
        *size = ok ? s->size : 0;
    return ok ? s->fd : -1;
}

void wold__stream_close(wold__stream *s)
{
    if (s == NULL)
        return;
#ifdef WOLD_HAVE_ZLIB
    if (s->z_ready)
        inflateEnd(&s->z);
#endif
#ifdef WOLD_HAVE_ZSTD
    ZSTD_freeDStream(s->zd);
#endif
    if (s->own_fd)
        close(s->fd);
    free(s->in);
    free(s->name);
    free(s);
}
