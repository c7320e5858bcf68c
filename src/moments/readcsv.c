/*
 * readcsv.c - wold_sums_read_csv: a CSV file streamed into sums chunk by
 * chunk, never held whole.
 *
 * Chunk c holds the records that start in bytes [c S, (c + 1) S) of the
 * file (S = WOLD_SUMS_CHUNK_BYTES), chunk 0 from the first data record.
 * The cut is fixed by the bytes, so the sums are the same for any number
 * of threads or ranks (the pieces meet in sums.c's fixed tree).
 *
 * A regular uncompressed file is read by the workers themselves, each
 * pread-ing its own chunks: the cut after c S is the byte after the first
 * newline at or after c S - 1.  That is the first record start there
 * unless a quoted field holds that newline, which the chunk before then
 * sees (its last quote does not close); the file is then read again in
 * order.  Everything else (standard input, pipes, gzip, zlib, zstd) is one
 * stream read in order under a lock, each worker taking its chunk's bytes
 * in turn; where a chunk has quotes its cut is found by the record
 * scanner, so both routes cut every file the same way.
 */
#define _DEFAULT_SOURCE /* MAP_POPULATE */
#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data/data.h"
#include "moments/sums.h"
#include "util/util.h"

#define CHUNK WOLD_SUMS_CHUNK_BYTES
/* Bytes read at a time while looking for a line end. */
#define PROBE ((size_t)64 << 10)

/* One worker's buffers, grown to the largest chunk and then reused. */
typedef struct worker {
    char *text;
    size_t text_cap;
    double *x, *x2, *w2; /* rows, rows sorted by group, their weights */
    size_t *order;
    size_t row_cap;
    double *work;        /* wold__stats_add_rows */
} worker;

typedef struct reader {
    const char *file;    /* as messages name it */
    const wold_model *model;
    wold_csv_options csv; /* with the group as its one label column */
    const char *group_name;
    wold__csv_header h;
    int32_t *dest;
    char **names;
    size_t p;            /* the model's columns, repeats included */
    /* The columns summed: a higher-order block's repeats are left out
     * (each holds its original's cells), so the sums hold every column
     * once; for a first-order model they are the p columns. */
    size_t q;
    size_t *keep;        /* q: their indices among the p */
    wold__csv_extra extra;
    wold__csv_layout lay;
    int detected;
    char *head;          /* the bytes the header was read from */
    size_t head_len;
    uint64_t data_start; /* offset of the first data record */
    /* a plain file */
    int fd;
    size_t page;         /* the page size, for mmap offsets */
    uint64_t size;
    size_t n_chunks;
    /* a stream */
    wold__stream *st;
    pthread_mutex_t lock;
    pthread_cond_t turn;
    size_t next;         /* the chunk whose bytes are taken next */
    char *carry;         /* bytes read past the last cut */
    size_t carry_len, carry_cap;
    uint64_t carry_at;   /* their offset */
    int eof;
    size_t *nl;          /* newlines per chunk, for line numbers */
    size_t nl_cap;
    /* the lowest chunk that failed, and where it starts */
    size_t fail_chunk;
    uint64_t fail_start;
    size_t quote_chunk;  /* lowest chunk whose last quote did not close
                            (plain route: maybe a line break at a cut) */
    size_t stream_chunks; /* the stream's chunks, once its end is seen */
    worker *workers;
    unsigned n_workers;
} reader;

/* ------------------------------------------------------------------------
 * Workers' buffers
 * ------------------------------------------------------------------------ */

static int grow_text(worker *w, size_t len)
{
    if (len <= w->text_cap)
        return 1;
    size_t cap = len + len / 4 + 1;
    char *t = realloc(w->text, cap);
    if (t == NULL)
        return 0;
    w->text = t;
    w->text_cap = cap;
    return 1;
}

/* Room for rows (a record takes at least one byte per field), and with
 * groups for the rows sorted by group. */
static int grow_rows(worker *w, size_t rows, size_t p, int groups)
{
    if (rows <= w->row_cap)
        return 1;
    size_t cap = rows + rows / 4 + 16, q = p ? p : 1;
    if (cap > SIZE_MAX / sizeof(double) / q)
        return 0;
    double *x = realloc(w->x, cap * q * sizeof *x);
    if (x == NULL)
        return 0;
    w->x = x;
    if (groups) {
        double *x2 = realloc(w->x2, cap * q * sizeof *x2);
        if (x2 != NULL)
            w->x2 = x2;
        double *w2 = realloc(w->w2, cap * sizeof *w2);
        if (w2 != NULL)
            w->w2 = w2;
        size_t *order = realloc(w->order, cap * sizeof *order);
        if (order != NULL)
            w->order = order;
        if (x2 == NULL || w2 == NULL || order == NULL)
            return 0;
    }
    w->row_cap = cap;
    return 1;
}

static void workers_free(reader *r)
{
    for (unsigned i = 0; r->workers != NULL && i < r->n_workers; i++) {
        worker *w = &r->workers[i];
        free(w->text), free(w->x), free(w->x2), free(w->w2);
        free(w->order), free(w->work);
    }
    free(r->workers);
    r->workers = NULL;
}

static wold_status workers_alloc(reader *r, unsigned n, wold_error *err)
{
    r->workers = calloc(n, sizeof *r->workers);
    r->n_workers = n;
    if (r->workers == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                         r->file);
    for (unsigned i = 0; i < n; i++) {
        r->workers[i].work = malloc(wold__stats_work_size(r->q) *
                                    sizeof(double));
        if (r->workers[i].work == NULL)
            return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                             r->file);
    }
    return WOLD_OK;
}

/* ------------------------------------------------------------------------
 * One chunk's text into one piece
 * ------------------------------------------------------------------------ */

static size_t count_newlines(const char *p, size_t len)
{
    size_t n = 0;
    const char *end = p + len;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        n++;
        p++;
    }
    return n;
}

/* The chunk's rows as a data set that borrows w's buffers, and the
 * header with its data at the chunk: the checks shared with the
 * in-memory reader then count lines from the chunk's start. */
typedef struct view {
    wold_data d;
    wold__csv_header h;
} view;

static void view_init(view *v, const reader *r, worker *w, const char *text)
{
    memset(v, 0, sizeof *v);
    v->d.source = (char *)r->file;
    v->d.p = r->p;
    v->d.names = r->names;
    v->d.x = w->x;
    v->h = r->h;
    v->h.data = text;
}

/* Frees what wold__csv_read_extra allocated into the view. */
static void view_end(view *v)
{
    free(v->d.w);
    free(v->d.w_name);
    for (size_t k = 0; k < v->d.n_labels; k++) {
        wold__label *lab = &v->d.labels[k];
        for (size_t j = 0; j < lab->n_levels; j++)
            free(lab->levels[j]);
        free(lab->levels), free(lab->codes), free(lab->name);
    }
    free(v->d.labels);
}

/* Rows grouped by level, in first-appearance order, into x2 / w2. */
static void sort_by_group(worker *w, const view *v, size_t p, size_t *start)
{
    const wold__label *lab = &v->d.labels[0];
    size_t n = v->d.n, G = lab->n_levels;
    memset(start, 0, (G + 1) * sizeof *start);
    for (size_t i = 0; i < n; i++)
        start[lab->codes[i] + 1]++;
    for (size_t g = 0; g < G; g++)
        start[g + 1] += start[g];
    for (size_t i = 0; i < n; i++)
        w->order[start[lab->codes[i]]++] = i;
    for (size_t g = G; g > 0; g--)
        start[g] = start[g - 1];
    start[0] = 0;
    for (size_t k = 0; k < n; k++) {
        size_t i = w->order[k];
        memcpy(w->x2 + k * p, w->x + i * p, p * sizeof(double));
        w->w2[k] = v->d.w != NULL ? v->d.w[i] : 1.0;
    }
}

/* The k rows of x (p columns) in place as rows of the q summed columns
 * (nothing to do for a first-order model).  Row r moves to r q, at or
 * before where it was, so a forward copy is safe. */
static void compact_rows(const reader *r, double *x, size_t k)
{
    if (r->q == r->p)
        return;
    for (size_t row = 0; row < k; row++)
        for (size_t j = 0; j < r->q; j++)
            x[row * r->q + j] = x[row * r->p + r->keep[j]];
}

/* The rows of the view into the piece pc of chunk c. */
static wold_status accumulate(const reader *r, worker *w, const view *v,
                              size_t c, wold__piece *pc, wold_error *err)
{
    size_t p = r->q;
    compact_rows(r, w->x, v->d.n);
    if (r->group_name == NULL) {
        WOLD_TRY(wold__piece_init(pc, c, p, 1, NULL));
        if (wold__stats_add_rows(&pc->g[0], p, w->x, v->d.w, v->d.n,
                                 w->work) != WOLD_OK)
            return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                             r->file);
        return WOLD_OK;
    }
    const wold__label *lab = &v->d.labels[0];
    size_t G = lab->n_levels;
    size_t *start = malloc((G + 1) * sizeof *start);
    wold_status st = start == NULL ? WOLD_ENOMEM
                                   : wold__piece_init(pc, c, p, G,
                                                      lab->levels);
    if (st == WOLD_OK) {
        sort_by_group(w, v, p, start);
        for (size_t g = 0; g < G && st == WOLD_OK; g++)
            st = wold__stats_add_rows(&pc->g[g], p, w->x2 + start[g] * p,
                                      w->w2 + start[g],
                                      start[g + 1] - start[g], w->work);
    }
    free(start);
    if (st != WOLD_OK)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                         r->file);
    return WOLD_OK;
}

/*
 * A chunk without weights or labels, a block of rows at a time: each
 * block is parsed, checked and summed while its doubles are still in the
 * cache (a whole chunk's, 4 MB of 30 Likert items, are not by the time
 * the sums read them).  The blocks are wold__stats_add_rows' own, so the
 * bits are those of the whole chunk.  0, with pc empty, when a block
 * meets a problem: process_chunk then reads the chunk whole and reports
 * it as it always has.
 */
static int chunk_by_blocks(reader *r, worker *w, const char *text,
                           size_t len, size_t c, wold__piece *pc)
{
    if (r->group_name != NULL || r->extra.weight_field != (size_t)-1 ||
        r->extra.n_labels > 0 ||
        !grow_rows(w, WOLD__STATS_BLOCK, r->p, 0))
        return 0;
    if (wold__piece_init(pc, c, r->q, 1, NULL) != WOLD_OK)
        return 0;
    const char *at = text, *end = text + len;
    int ok = 1, more = 1;
    while (ok && more) {
        wold__csv_job job;
        memset(&job, 0, sizeof job);
        job.lay = &r->lay;
        job.start = at;
        job.end = end;
        job.x = w->x;
        job.cap = WOLD__STATS_BLOCK;
        wold__csv_parse_rows(&job);
        ok = !job.nomem && job.fault.kind == WOLD__FAULT_NONE;
        more = job.full;
        view v;
        view_init(&v, r, w, at);
        v.d.n = job.n;
        wold_error ignored;
        if (ok && r->model != NULL)
            ok = wold__csv_check_scales(&v.d, r->model, &v.h, r->dest, at,
                                        job.stop, r->lay.sep, r->file,
                                        &ignored) == WOLD_OK;
        if (ok) {
            wold__csv_fill_repeats(&v.d, r->model);
            compact_rows(r, w->x, job.n);
            ok = wold__stats_add_rows(&pc->g[0], r->q, w->x, NULL, job.n,
                                      w->work) == WOLD_OK;
        }
        at = job.stop;
    }
    if (!ok)
        wold__piece_free(pc);
    return ok;
}

/* Parses, checks and accumulates the len bytes of chunk c (last: the
 * file's last).  Line numbers in err count from the chunk's start. */
static wold_status process_chunk(reader *r, worker *w, const char *text,
                                 size_t len, size_t c, int last,
                                 wold__piece *pc, wold_error *err)
{
    if (chunk_by_blocks(r, w, text, len, c, pc))
        return WOLD_OK;
    size_t rows = len / (r->h.n ? r->h.n : 1) + 1;
    if (!grow_rows(w, rows, r->p, r->group_name != NULL))
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                         r->file);
    wold__csv_job job;
    memset(&job, 0, sizeof job);
    job.lay = &r->lay;
    job.start = text;
    job.end = text + len;
    job.x = w->x;
    job.cap = w->row_cap;
    wold__csv_parse_rows(&job);
    /* full cannot be: a record takes at least one byte per field. */
    if (job.nomem || job.full)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                         r->file);
    if (job.fault.kind == WOLD__FAULT_QUOTE && !last && r->st == NULL) {
        pthread_mutex_lock(&r->lock);
        if (c < r->quote_chunk)
            r->quote_chunk = c;
        pthread_mutex_unlock(&r->lock);
    }
    if (job.fault.kind != WOLD__FAULT_NONE)
        return wold__csv_raise_fault(&job.fault, text, text + len, text,
                                     &r->h, &r->lay, r->detected, r->file,
                                     err);
    view v;
    view_init(&v, r, w, text);
    v.d.n = job.n;
    v.d.n_missing_cells = job.n_missing;
    v.d.n_incomplete_rows = job.n_incomplete;
    wold_status st = WOLD_OK;
    if (r->model != NULL)
        st = wold__csv_check_scales(&v.d, r->model, &v.h, r->dest, text,
                                    text + len, r->lay.sep, r->file, err);
    if (st == WOLD_OK) {
        wold__csv_fill_repeats(&v.d, r->model);
        st = wold__csv_read_extra(&v.d, &r->extra, &v.h, text, text + len,
                                  r->lay.sep, r->file, err);
    }
    if (st == WOLD_OK)
        st = accumulate(r, w, &v, c, pc, err);
    view_end(&v);
    return st;
}

/* Remembers the lowest chunk that failed, for its line numbers. */
static void note_failure(reader *r, size_t c, uint64_t start)
{
    pthread_mutex_lock(&r->lock);
    if (c < r->fail_chunk) {
        r->fail_chunk = c;
        r->fail_start = start;
    }
    pthread_mutex_unlock(&r->lock);
}

/* ------------------------------------------------------------------------
 * The plain route: every worker preads its own chunks
 * ------------------------------------------------------------------------ */

static wold_status read_at(reader *r, char *buf, size_t len, uint64_t off,
                           wold_error *err)
{
    size_t done = 0;
    while (done < len) {
        ssize_t k = pread(r->fd, buf + done, len - done,
                          (off_t)(off + done));
        if (k <= 0)
            return wold__raise(err, WOLD_EINPUT, r->file, 0, 0, NULL, 0,
                               "cannot read the file at byte %llu: %s",
                               (unsigned long long)(off + done),
                               k == 0 ? "it ended early (changed while "
                                        "being read?)"
                                      : strerror(errno));
        done += (size_t)k;
    }
    return WOLD_OK;
}

/* The offset after the first newline at or after from (the size when
 * there is none). */
static wold_status after_newline(reader *r, uint64_t from, uint64_t *out,
                                 wold_error *err)
{
    char buf[4096];
    while (from < r->size) {
        size_t k = r->size - from < sizeof buf ? (size_t)(r->size - from)
                                               : sizeof buf;
        WOLD_TRY(read_at(r, buf, k, from, err));
        const char *nl = memchr(buf, '\n', k);
        if (nl != NULL) {
            *out = from + (uint64_t)(nl - buf) + 1;
            return WOLD_OK;
        }
        from += k;
    }
    *out = r->size;
    return WOLD_OK;
}

/* Where chunk c starts (c <= n_chunks: n_chunks gives the size). */
static wold_status plain_cut(reader *r, size_t c, uint64_t *at,
                             wold_error *err)
{
    if (c == 0) {
        *at = r->data_start;
        return WOLD_OK;
    }
    if (c >= r->n_chunks) {
        *at = r->size;
        return WOLD_OK;
    }
    WOLD_TRY(after_newline(r, (uint64_t)c * CHUNK - 1, at, err));
    if (*at < r->data_start)
        *at = r->data_start;
    return WOLD_OK;
}

static wold_status plain_chunk(void *user, size_t c, unsigned wi,
                               wold__piece *pc, int *end, wold_error *err)
{
    reader *r = user;
    worker *w = &r->workers[wi];
    uint64_t a = 0, b = 0;
    *end = 0;
    wold_status st = plain_cut(r, c, &a, err);
    if (st == WOLD_OK)
        st = plain_cut(r, c + 1, &b, err);
    size_t len = b > a ? (size_t)(b - a) : 0;
    const char *text = NULL;
    void *map = MAP_FAILED;
    size_t map_len = 0;
    struct stat now;
    if (st == WOLD_OK && len > 0 && fstat(r->fd, &now) == 0 &&
        (uint64_t)now.st_size >= b) {
        /* Mapped, not copied: pread's copy out of the page cache cost
         * 3-7 % of a decimal file's read.  Mapped per chunk, so that RSS
         * stays a chunk per worker whatever the file's size.  A file that
         * has shrunk since it was opened is read by pread, which says so
         * (a mapping past its end would fault). */
        uint64_t a0 = a & ~(uint64_t)(r->page - 1);
        map_len = (size_t)(b - a0);
        map = mmap(NULL, map_len, PROT_READ, MAP_PRIVATE | MAP_POPULATE,
                   r->fd, (off_t)a0);
        if (map != MAP_FAILED)
            text = (const char *)map + (a - a0);
    }
    if (st == WOLD_OK && text == NULL) {
        if (!grow_text(w, len))
            st = WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                           r->file);
        if (st == WOLD_OK)
            st = read_at(r, w->text, len, a, err);
        text = w->text;
    }
    if (st == WOLD_OK)
        st = process_chunk(r, w, text, len, c, c + 1 == r->n_chunks, pc,
                           err);
    if (map != MAP_FAILED)
        munmap(map, map_len);
    if (st != WOLD_OK)
        note_failure(r, c, a);
    return st;
}

/* ------------------------------------------------------------------------
 * The stream route: chunks taken in turn from one stream
 * ------------------------------------------------------------------------ */

/* Reads more of the stream onto the carry (at least PROBE bytes of room);
 * sets r->eof at the end. */
static wold_status carry_more(reader *r, wold_error *err)
{
    if (r->carry_cap - r->carry_len < PROBE) {
        size_t cap = 2 * r->carry_cap + PROBE;
        char *t = realloc(r->carry, cap);
        if (t == NULL)
            return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                             r->file);
        r->carry = t;
        r->carry_cap = cap;
    }
    size_t got = 0;
    WOLD_TRY(wold__stream_read(r->st, r->carry + r->carry_len,
                               r->carry_cap - r->carry_len, &got, err));
    r->carry_len += got;
    r->eof = got == 0;
    return WOLD_OK;
}

/*
 * The first record start at or after byte `from` of the carry, walking
 * records from its start (a record start) with the field scanner, so a
 * quoted line break is never a cut.  0 when the carry ends first; a fault
 * stops the walk at the next line end (the chunk raises the fault).
 */
static int record_cut(const reader *r, size_t from, size_t *cut)
{
    const char *p = r->carry, *end = r->carry + r->carry_len;
    while ((size_t)(p - r->carry) < from) {
        const char *next;
        if (p >= end)
            return 0;
        if (wold__csv_blank_line(p, end, &next)) {
            p = next;
            continue;
        }
        wold__csv_field f;
        do {
            wold__fault_kind k = wold__csv_scan_field(p, end, r->lay.sep, &f);
            if (k == WOLD__FAULT_QUOTE)
                return 0;
            if (k != WOLD__FAULT_NONE) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                if (nl == NULL)
                    return 0;
                f.next = nl + 1;
                f.last = 1;
            }
            p = f.next;
        } while (!f.last);
    }
    *cut = (size_t)(p - r->carry);
    return 1;
}

/* Where the chunk being taken (starting at the carry) ends: the first
 * record start at or after offset b.  Reads as much as that needs. */
static wold_status stream_cut(reader *r, uint64_t b, size_t *cut,
                              wold_error *err)
{
    for (;;) {
        size_t from = b > r->carry_at ? (size_t)(b - r->carry_at) : 0;
        const char *nl = NULL;
        if (from == 0) {
            *cut = 0;
            return WOLD_OK;
        }
        if (from - 1 < r->carry_len)
            nl = memchr(r->carry + from - 1, '\n', r->carry_len - from + 1);
        if (nl != NULL) {
            size_t plain = (size_t)(nl - r->carry) + 1;
            if (memchr(r->carry, '"', plain) == NULL) {
                *cut = plain;
                return WOLD_OK;
            }
            if (record_cut(r, from, cut))
                return WOLD_OK;
        }
        if (r->eof) {
            *cut = r->carry_len;
            return WOLD_OK;
        }
        WOLD_TRY(carry_more(r, err));
    }
}

/* Takes chunk c's bytes off the stream into w->text (*len of them). */
static wold_status take_chunk(reader *r, worker *w, size_t c, size_t *len,
                              int *end, int *last, wold_error *err)
{
    *end = *last = 0;
    if (c > 0 && r->carry_len == 0 && !r->eof)
        WOLD_TRY(carry_more(r, err));
    if (c > 0 && r->eof && r->carry_len == 0 &&
        (uint64_t)c * CHUNK >= r->carry_at) {
        if (c < r->stream_chunks)
            r->stream_chunks = c;
        *end = 1;
        return WOLD_OK;
    }
    size_t cut;
    WOLD_TRY(stream_cut(r, (uint64_t)(c + 1) * CHUNK, &cut, err));
    if (!grow_text(w, cut))
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                         r->file);
    memcpy(w->text, r->carry, cut);
    memmove(r->carry, r->carry + cut, r->carry_len - cut);
    r->carry_len -= cut;
    r->carry_at += cut;
    *len = cut;
    *last = r->eof && r->carry_len == 0;
    if (c >= r->nl_cap) {
        size_t cap = 2 * r->nl_cap + 64;
        size_t *nl = realloc(r->nl, cap * sizeof *nl);
        if (nl == NULL)
            return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                             r->file);
        r->nl = nl;
        r->nl_cap = cap;
    }
    r->nl[c] = count_newlines(w->text, cut);
    return WOLD_OK;
}

static wold_status stream_chunk(void *user, size_t c, unsigned wi,
                                wold__piece *pc, int *end, wold_error *err)
{
    reader *r = user;
    worker *w = &r->workers[wi];
    size_t len = 0;
    int last = 0;
    pthread_mutex_lock(&r->lock);
    while (r->next != c)
        pthread_cond_wait(&r->turn, &r->lock);
    uint64_t start = r->carry_at;
    wold_status st = take_chunk(r, w, c, &len, end, &last, err);
    r->next++;
    pthread_cond_broadcast(&r->turn);
    pthread_mutex_unlock(&r->lock);
    if (st == WOLD_OK && !*end)
        st = process_chunk(r, w, w->text, len, c, last, pc, err);
    if (st != WOLD_OK)
        note_failure(r, c, start);
    return st;
}

/* ------------------------------------------------------------------------
 * The header and the columns
 * ------------------------------------------------------------------------ */

/* 1 when the header record is whole in the len bytes at buf. */
static int header_complete(const char *buf, size_t len, char sep)
{
    const char *p = buf, *end = buf + len;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    wold__csv_field f;
    do {
        if (wold__csv_scan_field(p, end, sep ? sep : ',', &f) ==
            WOLD__FAULT_QUOTE)
            return 0;
        p = f.next;
    } while (!f.last && p < end);
    return p < end || (len > 0 && end[-1] == '\n');
}

/* Reads the first bytes (at least the header record) into r->head. */
static wold_status read_head(reader *r, wold_error *err)
{
    size_t cap = PROBE;
    for (;;) {
        char *t = realloc(r->head, cap);
        if (t == NULL)
            return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                             r->file);
        r->head = t;
        int more = 1;
        if (r->st == NULL) {
            size_t k = r->size < cap ? (size_t)r->size : cap;
            WOLD_TRY(read_at(r, r->head, k, 0, err));
            r->head_len = k;
            more = k < r->size;
        } else {
            size_t got = 0;
            while (r->head_len < cap) {
                WOLD_TRY(wold__stream_read(r->st, r->head + r->head_len,
                                           cap - r->head_len, &got, err));
                if (got == 0)
                    break;
                r->head_len += got;
            }
            more = got != 0;
            r->eof = got == 0;
        }
        if (!more || header_complete(r->head, r->head_len, r->csv.separator))
            return WOLD_OK;
        cap *= 4;
    }
}

static wold_status bind(reader *r, wold_error *err)
{
    const char *buf = r->head, *end = buf + r->head_len, *start = buf;
    char sep = r->csv.separator;
    if (r->head_len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        start += 3;
    r->detected = sep == 0;
    if (r->detected)
        sep = wold__csv_detect_separator(start, end);
    WOLD_TRY(wold__csv_read_header(&r->h, buf, start, end, sep, r->file,
                                   err));
    if (!r->detected)
        WOLD_TRY(wold__csv_check_separator(&r->h, buf, start, end, sep,
                                           r->file, err));
    WOLD_TRY(wold__csv_find_extra(&r->extra, &r->h, &r->csv, buf, end,
                                  r->file, err));
    r->p = wold_model_n_mv(r->model);
    r->dest = malloc((r->h.n ? r->h.n : 1) * sizeof *r->dest);
    r->names = calloc(r->p ? r->p : 1, sizeof *r->names);
    if (r->dest == NULL || r->names == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                         r->file);
    WOLD_TRY(wold__csv_bind_columns(&r->h, r->model, &r->extra, r->dest,
                                    r->names, r->p, r->file, err));
    r->lay = (wold__csv_layout){sep, r->h.n, r->dest, r->p, 0};
    r->keep = malloc((r->p ? r->p : 1) * sizeof *r->keep);
    if (r->keep == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                         r->file);
    r->q = 0;
    for (size_t i = 0; i < r->p; i++)
        if (wold_model_mv_repeat_of(r->model, i) == i)
            r->keep[r->q++] = i;
    r->data_start = (uint64_t)(r->h.data - buf);
    return WOLD_OK;
}

/* ------------------------------------------------------------------------
 * The whole read
 * ------------------------------------------------------------------------ */

/* Newlines before offset `at` of a plain file (for a message only). */
static size_t newlines_before(reader *r, uint64_t at)
{
    char buf[1 << 16];
    size_t n = 0;
    for (uint64_t off = 0; off < at;) {
        size_t k = at - off < sizeof buf ? (size_t)(at - off) : sizeof buf;
        wold_error e;
        if (read_at(r, buf, k, off, &e) != WOLD_OK)
            break;
        n += count_newlines(buf, k);
        off += k;
    }
    return n;
}

/* A chunk's message counts lines from its start: make them the file's. */
static void locate_error(reader *r, wold_error *err)
{
    if (err->status != WOLD_EINPUT || err->line <= 0 ||
        r->fail_chunk == SIZE_MAX)
        return;
    size_t before = 0;
    if (r->st == NULL) {
        before = newlines_before(r, r->fail_start);
    } else {
        before = count_newlines(r->head, (size_t)r->data_start);
        for (size_t c = 0; c < r->fail_chunk; c++)
            before += r->nl[c];
    }
    err->line += (long)before;
}

static void reader_end(reader *r)
{
    workers_free(r);
    wold__csv_header_free(&r->h);
    free(r->dest);
    free(r->keep);
    for (size_t i = 0; r->names != NULL && i < r->p; i++)
        free(r->names[i]);
    free(r->names);
    free(r->extra.label_fields);
    free(r->head);
    free(r->carry);
    free(r->nl);
    if (r->st != NULL)
        wold__stream_close(r->st);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->turn);
}

/* The chunks of part k of n: contiguous shares of the file's chunks. */
static void share(size_t n_chunks, size_t k, size_t n, size_t *first,
                  size_t *end)
{
    *first = n_chunks * k / n;
    *end = n_chunks * (k + 1) / n;
}

static wold_status run(reader *r, const wold_sums_options *so,
                       wold_sums **out, wold_error *err)
{
    size_t parts = so->n_parts > 1 ? so->n_parts : 1;
    size_t first = 0, end = SIZE_MAX;
    if (r->st == NULL)
        share(r->n_chunks, so->n_parts > 1 ? so->part : 0, parts, &first,
              &end);
    char **kept = malloc((r->q ? r->q : 1) * sizeof *kept);
    if (kept == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                         r->file);
    for (size_t j = 0; j < r->q; j++)
        kept[j] = r->names[r->keep[j]];
    wold_status made = wold__sums_new(out, r->q, kept, r->file,
                                      r->extra.weight_field != (size_t)-1
                                          ? r->h.names[r->extra.weight_field]
                                          : NULL,
                                      r->group_name, first,
                                      r->st == NULL ? end : 0,
                                      r->st == NULL ? r->n_chunks : 0);
    free(kept);
    WOLD_TRY(made);
    (*out)->weighted = r->extra.weight_field != (size_t)-1;
    wold_status st = wold__sums_run(*out, first, end, r->n_workers,
                                    r->st == NULL ? plain_chunk
                                                  : stream_chunk,
                                    r, err);
    if (st == WOLD_OK && r->st != NULL)
        (*out)->end = (*out)->n_chunks = r->stream_chunks;
    if (st != WOLD_OK) {
        locate_error(r, err);
        wold_sums_free(*out);
        *out = NULL;
    }
    return st;
}

static wold_status open_input(reader *r, const char *path, wold_error *err)
{
    WOLD_TRY(wold__stream_open(&r->st, path, err));
    int fd = wold__stream_fd(r->st, &r->size);
    if (fd >= 0) {
        r->fd = fd;
        long pg = sysconf(_SC_PAGESIZE);
        r->page = pg > 0 ? (size_t)pg : 4096;
        r->n_chunks = r->size > 0 ? (size_t)((r->size + CHUNK - 1) / CHUNK)
                                  : 1;
    }
    return WOLD_OK;
}

/* in_order: the stream route even for a plain file. */
static wold_status read_sums(reader *r, const char *path,
                             const wold_sums_options *so, unsigned threads,
                             int in_order, wold_sums **out, wold_error *err)
{
    WOLD_TRY(open_input(r, path, err));
    wold__stream *keep = r->st;
    if (in_order)
        r->n_chunks = 0;
    if (r->n_chunks > 0)
        r->st = NULL; /* read by pread */
    wold_status st = read_head(r, err);
    if (st == WOLD_OK)
        st = bind(r, err);
    if (st == WOLD_OK && r->st != NULL) {
        /* The header's bytes past the data start are the first carry. */
        size_t rest = r->head_len - (size_t)r->data_start;
        r->carry = malloc(rest + PROBE);
        if (r->carry == NULL)
            st = WOLD_FAIL(err, WOLD_ENOMEM, "out of memory reading %s",
                           r->file);
        else {
            memcpy(r->carry, r->head + r->data_start, rest);
            r->carry_len = rest;
            r->carry_cap = rest + PROBE;
            r->carry_at = r->data_start;
        }
    }
    if (st == WOLD_OK && r->st != NULL && so->n_parts > 1)
        st = wold__raise(err, WOLD_EUSAGE, r->file, 0, 0, NULL, 0,
                         "a compressed file or a stream cannot be read in "
                         "parts (MPI ranks): decompress it to a regular "
                         "file");
    if (st == WOLD_OK)
        st = workers_alloc(r, threads, err);
    if (st == WOLD_OK)
        st = run(r, so, out, err);
    if (r->st == NULL)
        r->st = keep;
    return st;
}

static void reader_init(reader *r, const char *path, const wold_model *model,
                        const wold_csv_options *csv,
                        const wold_sums_options *so)
{
    memset(r, 0, sizeof *r);
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->turn, NULL);
    r->file = wold__display_path(path);
    r->model = model;
    r->fd = -1;
    r->fail_chunk = r->quote_chunk = r->stream_chunks = SIZE_MAX;
    if (csv != NULL)
        r->csv.separator = csv->separator, r->csv.weights = csv->weights;
    r->group_name = so->group;
    if (so->group != NULL) {
        r->csv.labels = &r->group_name;
        r->csv.n_labels = 1;
    }
}

wold_status wold_sums_read_csv(wold_sums **out, const char *path,
                               const wold_model *model,
                               const wold_csv_options *csv,
                               const wold_sums_options *sopt,
                               wold_error *err)
{
    if (out == NULL || path == NULL || model == NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "wold_sums_read_csv: out, path and model are "
                         "required");
    *out = NULL;
    wold_sums_options so;
    wold_sums_options_default(&so);
    if (sopt != NULL)
        so = *sopt;
    if (so.n_parts > 1 && so.part >= so.n_parts)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "wold_sums_read_csv: part %zu of %zu parts", so.part,
                         so.n_parts);
    char sep = csv != NULL ? csv->separator : 0;
    if (sep != 0 && sep != ',' && sep != ';' && sep != '\t')
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "invalid CSV separator '%c': expected ',', ';' or "
                         "a tab",
                         sep);
    unsigned threads = wold__run_threads(csv != NULL ? csv->threads : 0);
    reader r;
    reader_init(&r, path, model, csv, &so);
    wold_status st = read_sums(&r, path, &so, threads, 0, out, err);
    if (st != WOLD_OK && r.fail_chunk != SIZE_MAX &&
        r.fail_chunk == r.quote_chunk) {
        if (so.n_parts > 1) {
            st = wold__raise(err, WOLD_EUSAGE, r.file, 0, 0, NULL, 0,
                             "a quoted field may hold a line break where "
                             "the file is cut into parts: read it in one "
                             "process");
        } else {
            /* A quoted line break at a cut: read again, in order. */
            reader_end(&r);
            reader_init(&r, path, model, csv, &so);
            wold_error_clear(err);
            st = read_sums(&r, path, &so, threads, 1, out, err);
        }
    }
    reader_end(&r);
    return st;
}
