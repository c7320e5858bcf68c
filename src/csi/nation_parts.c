/*
 * nation_parts.c - the batch index in parts (MPI ranks, docs/scale.md): a
 * part's companies packed into a buffer, the parts joined in order into
 * part 0, which is then aggregated like a run in one piece.  A company's
 * result depends on its own rows and name only (nation.c), so the joined
 * result is bit for bit the one-piece run's.
 *
 * The buffer: the magic "WOLDNATN", then 64-bit little-endian words: the
 * version, the run's shape (companies, constructs, rows, parts, seed,
 * replicates), the part and its companies [c0, c1); then per company its
 * rows used, status, iterations and note, and per construct its index,
 * s.e., interval (doubles as their IEEE 754 bits) and index note.  A
 * string is its length plus one (0: none), then its bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csi/nation.h"
#include "util/util.h"

#define MAGIC "WOLDNATN"
#define VERSION 1u

enum { H_VERSION, H_COMP, H_J, H_ROWS, H_PARTS, H_SEED, H_REPS, H_PART,
       H_C0, H_C1, H_WORDS };
#define HEADER_BYTES (8 + 8 * (size_t)H_WORDS)

/* A writer (p NULL: counts the bytes only) and a reader that stops at
 * the end of its bytes. */
typedef struct cursor {
    unsigned char *p;
    const unsigned char *q;
    size_t at, len;
    int bad;
} cursor;

static void put64(cursor *c, uint64_t v)
{
    for (int k = 0; c->p != NULL && k < 8; k++)
        c->p[c->at + (size_t)k] = (unsigned char)(v >> (8 * k));
    c->at += 8;
}

static void put_double(cursor *c, double x)
{
    uint64_t v;
    memcpy(&v, &x, sizeof v);
    put64(c, v);
}

static void put_text(cursor *c, const char *s)
{
    size_t n = s != NULL ? strlen(s) : 0;
    put64(c, s != NULL ? (uint64_t)n + 1 : 0);
    if (c->p != NULL && n > 0)
        memcpy(c->p + c->at, s, n);
    c->at += n;
}

static uint64_t get64(cursor *c)
{
    uint64_t v = 0;
    if (c->bad || c->len - c->at < 8) {
        c->bad = 1;
        return 0;
    }
    for (int k = 0; k < 8; k++)
        v |= (uint64_t)c->q[c->at + (size_t)k] << (8 * k);
    c->at += 8;
    return v;
}

static double get_double(cursor *c)
{
    uint64_t v = get64(c);
    double x;
    memcpy(&x, &v, sizeof x);
    return x;
}

/* A string's bytes in place: *s (not NUL-terminated), *n; 0 absent. */
static int get_text(cursor *c, const char **s, size_t *n)
{
    uint64_t m = get64(c);
    *s = NULL;
    *n = 0;
    if (m == 0 || c->bad)
        return 0;
    if (m - 1 > c->len - c->at) {
        c->bad = 1;
        return 0;
    }
    *s = (const char *)c->q + c->at;
    *n = (size_t)(m - 1);
    c->at += *n;
    return 1;
}

static void header(const wold_nation *nt, uint64_t *h)
{
    size_t c0, c1;
    wold__nation_share(nt, nt->opt.part, &c0, &c1);
    h[H_VERSION] = VERSION;
    h[H_COMP] = nt->lay.n_comp;
    h[H_J] = nt->J;
    h[H_ROWS] = nt->rows;
    h[H_PARTS] = nt->n_parts;
    h[H_SEED] = nt->opt.seed;
    h[H_REPS] = nt->opt.replicates;
    h[H_PART] = nt->opt.part;
    h[H_C0] = c0, h[H_C1] = c1;
}

static void write_part(const wold_nation *nt, const uint64_t *h, cursor *c)
{
    size_t J = nt->J;
    for (size_t k = 0; k < 8; k++)
        if (c->p != NULL)
            c->p[k] = (unsigned char)MAGIC[k];
    c->at = 8;
    for (int k = 0; k < H_WORDS; k++)
        put64(c, h[k]);
    for (size_t i = h[H_C0]; i < h[H_C1]; i++) {
        const wold__company *co = &nt->comp[i];
        const wold_nation_unit *u = &nt->units[WOLD_NATION_COMPANY][i];
        put64(c, co->n);
        put64(c, (uint64_t)co->status);
        put64(c, (uint64_t)(int64_t)co->iterations);
        put_text(c, co->note);
        for (size_t j = 0; j < J; j++) {
            put_double(c, u->index[j]);
            put_double(c, u->se[j]);
            put_double(c, u->lo[j]);
            put_double(c, u->hi[j]);
            put_text(c, u->index_note[j]);
        }
    }
}

wold_status wold_nation_pack(const wold_nation *nt, void **buf, size_t *len,
                             wold_error *err)
{
    *buf = NULL;
    *len = 0;
    if (nt->n_parts <= 1 || nt->joined > 1 || wold_nation_complete(nt))
        return WOLD_FAIL(err, WOLD_EUSAGE, "only a part of a batch index "
                         "run in parts (wold_nation_options.n_parts > 1) "
                         "can be packed");
    uint64_t h[H_WORDS];
    header(nt, h);
    cursor c = {0};
    write_part(nt, h, &c);
    size_t n = c.at;
    c.p = malloc(n);
    if (c.p == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the batch "
                         "index part (%zu bytes)", n);
    write_part(nt, h, &c);
    *buf = c.p;
    *len = n;
    return WOLD_OK;
}

/* The header against a's run and its next part: NULL, or what differs. */
static const char *header_differs(const wold_nation *a, const uint64_t *h)
{
    size_t c0, c1;
    wold__nation_share(a, a->joined, &c0, &c1);
    if (h[H_VERSION] != VERSION)
        return "the version";
    if (h[H_COMP] != a->lay.n_comp || h[H_J] != a->J || h[H_ROWS] != a->rows)
        return "the companies, constructs or rows";
    if (h[H_PARTS] != a->n_parts)
        return "the number of parts";
    if (h[H_SEED] != a->opt.seed || h[H_REPS] != a->opt.replicates)
        return "the bootstrap's seed or replicates";
    if (h[H_PART] != a->joined || h[H_C0] != c0 || h[H_C1] != c1)
        return "the part (parts join in order)";
    return NULL;
}

/* Reads (copy 0: checks only) the companies of the part after the
 * header; -1 when the bytes are corrupt, -2 out of memory. */
static int read_companies(wold_nation *a, cursor *c, const uint64_t *h,
                          int copy)
{
    size_t J = a->J;
    for (size_t i = h[H_C0]; i < h[H_C1] && !c->bad; i++) {
        wold__company *co = &a->comp[i];
        wold_nation_unit *u = &a->units[WOLD_NATION_COMPANY][i];
        uint64_t n = get64(c), st = get64(c);
        int64_t it = (int64_t)get64(c);
        const char *s;
        size_t len;
        int has = get_text(c, &s, &len);
        if (st > WOLD_NATION_FIT_FAILED || it < 0 || it > 100000000)
            return -1;
        if (copy) {
            co->n = (size_t)n;
            co->status = (wold_nation_status)st;
            co->iterations = (int)it;
            if (has && (co->note = wold__strndup(s, len)) == NULL)
                return -2;
        }
        for (size_t j = 0; j < J; j++) {
            double x[4];
            for (int k = 0; k < 4; k++)
                x[k] = get_double(c);
            has = get_text(c, &s, &len);
            if (!copy)
                continue;
            ((double *)u->index)[j] = x[0];
            ((double *)u->se)[j] = x[1];
            ((double *)u->lo)[j] = x[2];
            ((double *)u->hi)[j] = x[3];
            char **slot = &a->notes[WOLD_NATION_COMPANY][i * J + j];
            if (has && (*slot = wold__strndup(s, len)) == NULL)
                return -2;
        }
    }
    return c->bad || c->at != c->len ? -1 : 0;
}

wold_status wold_nation_join(wold_nation *a, const void *buf, size_t len,
                             wold_error *err)
{
    if (wold_nation_complete(a))
        return WOLD_FAIL(err, WOLD_EUSAGE, "the batch index is complete: "
                         "no part can be joined to it");
    if (a->joined == 0)
        return WOLD_FAIL(err, WOLD_EUSAGE, "batch index parts are joined "
                         "into part 0, not part %zu", a->opt.part);
    if (len < HEADER_BYTES || memcmp(buf, MAGIC, 8) != 0)
        return WOLD_FAIL(err, WOLD_EUSAGE, "not a batch index part (%zu "
                         "bytes without its header)", len);
    cursor c = {NULL, buf, 8, len, 0};
    uint64_t h[H_WORDS];
    for (int k = 0; k < H_WORDS; k++)
        h[k] = get64(&c);
    const char *what = header_differs(a, h);
    if (what != NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the batch index part is not "
                         "part %zu of this run: %s differs", a->joined, what);
    if (read_companies(a, &c, h, 0) != 0)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the batch index part %zu is "
                         "truncated or corrupt (%zu bytes)", a->joined, len);
    c.at = HEADER_BYTES;
    if (read_companies(a, &c, h, 1) != 0)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    if (++a->joined < a->n_parts)
        return WOLD_OK;
    return wold__nation_finish(a, err);
}

int wold_nation_complete(const wold_nation *nt)
{
    return nt->joined == nt->n_parts;
}
