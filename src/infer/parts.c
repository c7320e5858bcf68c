/*
 * parts.c - a bootstrap run in parts (MPI ranks, docs/scale.md): a part's
 * replicates packed into a buffer, and the parts joined, in order, into
 * part 0, which is then summarised like a run in one piece.
 *
 * Why the result is bit for bit the one-piece run's: replicate r draws
 * from the stream of (seed, r, draw) only, a part runs whole batches of
 * the one-piece run (wold__boot_share), so each replicate's moments, fit
 * and row are the same numbers, and the summaries read the rows in
 * replicate order once every part is in.
 *
 * The buffer: the magic "WOLDBOOT", then 64-bit little-endian words: the
 * version, the run's shape (replicates, statistics, jackknife fits, rows,
 * seed, parts, batch), the part and its ranges, its failure counts; then
 * each replicate's status, draws and row, each jackknife fit's status and
 * row (doubles as their IEEE 754 bits).
 */
#include <stdlib.h>
#include <string.h>

#include "infer/infer.h"
#include "util/util.h"

#define MAGIC "WOLDBOOT"
#define VERSION 1u

/* The header's words after the magic. */
enum {
    H_VERSION, H_B, H_NS, H_NJACK, H_ROWS, H_SEED, H_PARTS, H_BATCH,
    H_PART, H_R0, H_R1, H_J0, H_J1, H_JFAILED, H_FAILURES,
    H_WORDS = H_FAILURES + WOLD_BOOT_N_FAILURES
};
#define HEADER_BYTES (8 + 8 * (size_t)H_WORDS)

static void put64(unsigned char *p, uint64_t v)
{
    for (int k = 0; k < 8; k++)
        p[k] = (unsigned char)(v >> (8 * k));
}

static uint64_t get64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int k = 0; k < 8; k++)
        v |= (uint64_t)p[k] << (8 * k);
    return v;
}

static void put_double(unsigned char *p, double x)
{
    uint64_t v;
    memcpy(&v, &x, sizeof v);
    put64(p, v);
}

static double get_double(const unsigned char *p)
{
    uint64_t v = get64(p);
    double x;
    memcpy(&x, &v, sizeof x);
    return x;
}

/* Bytes of the part with ranges h[H_R0 ..]: header, rows. */
static size_t part_bytes(size_t ns, size_t nr, size_t nj)
{
    return HEADER_BYTES + nr * (2 + ns) * 8 + nj * (1 + ns) * 8;
}

static void header(const wold_boot *b, uint64_t *h)
{
    size_t r0, r1, j0, j1;
    wold__boot_share(b, b->opt.part, &r0, &r1, &j0, &j1);
    h[H_VERSION] = VERSION;
    h[H_B] = b->B;
    h[H_NS] = b->stats.n;
    h[H_NJACK] = b->n_jack;
    h[H_ROWS] = b->n_rows;
    h[H_SEED] = b->opt.seed;
    h[H_PARTS] = b->n_parts;
    h[H_BATCH] = b->batch;
    h[H_PART] = b->opt.part;
    h[H_R0] = r0, h[H_R1] = r1, h[H_J0] = j0, h[H_J1] = j1;
    h[H_JFAILED] = b->jack_failed;
    for (int c = 0; c < WOLD_BOOT_N_FAILURES; c++)
        h[H_FAILURES + c] = b->failures[c];
}

wold_status wold_boot_pack(const wold_boot *b, void **buf, size_t *len,
                           wold_error *err)
{
    *buf = NULL;
    *len = 0;
    if (b->n_parts <= 1 || b->joined > 1 || wold_boot_complete(b))
        return WOLD_FAIL(err, WOLD_EUSAGE, "only a part of a bootstrap "
                         "run in parts (wold_boot_options.n_parts > 1) can "
                         "be packed");
    uint64_t h[H_WORDS];
    header(b, h);
    size_t ns = b->stats.n, nr = h[H_R1] - h[H_R0], nj = h[H_J1] - h[H_J0];
    size_t n = part_bytes(ns, nr, nj);
    unsigned char *p = malloc(n), *at = p + 8;
    if (p == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the "
                         "bootstrap part (%zu bytes)", n);
    memcpy(p, MAGIC, 8);
    for (int k = 0; k < H_WORDS; k++, at += 8)
        put64(at, h[k]);
    for (size_t r = h[H_R0]; r < h[H_R1]; r++) {
        put64(at, (uint64_t)(int64_t)b->status[r]);
        put64(at + 8, (uint64_t)(int64_t)b->draws[r]);
        at += 16;
        for (size_t k = 0; k < ns; k++, at += 8)
            put_double(at, b->values[r * ns + k]);
    }
    for (size_t j = h[H_J0]; j < h[H_J1]; j++) {
        put64(at, (uint64_t)(int64_t)b->jack_status[j]);
        at += 8;
        for (size_t k = 0; k < ns; k++, at += 8)
            put_double(at, b->jack[j * ns + k]);
    }
    *buf = p;
    *len = n;
    return WOLD_OK;
}

/* The header's shape against a's run: NULL, or what differs. */
static const char *shape_differs(const wold_boot *a, const uint64_t *h)
{
    if (h[H_B] != a->B)
        return "the number of replicates";
    if (h[H_NS] != a->stats.n)
        return "the number of statistics";
    if (h[H_NJACK] != a->n_jack || h[H_ROWS] != a->n_rows)
        return "the rows of the data";
    if (h[H_SEED] != a->opt.seed)
        return "the seed";
    if (h[H_PARTS] != a->n_parts)
        return "the number of parts";
    if (h[H_BATCH] != a->batch)
        return "the batch size (the data's rows)";
    return NULL;
}

static int valid_status(int64_t s)
{
    return s >= -1 && s < WOLD_BOOT_N_FAILURES;
}

/* The header of buf, checked against a and its expected part. */
static wold_status check_header(const wold_boot *a, const unsigned char *p,
                                size_t len, uint64_t *h, wold_error *err)
{
    if (len < HEADER_BYTES || memcmp(p, MAGIC, 8) != 0)
        return WOLD_FAIL(err, WOLD_EUSAGE, "not a bootstrap part (%zu "
                         "bytes without its header)", len);
    for (int k = 0; k < H_WORDS; k++)
        h[k] = get64(p + 8 + 8 * (size_t)k);
    if (h[H_VERSION] != VERSION)
        return WOLD_FAIL(err, WOLD_EUSAGE, "bootstrap part of version %llu: "
                         "this build reads version %u",
                         (unsigned long long)h[H_VERSION], VERSION);
    const char *what = shape_differs(a, h);
    if (what != NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the bootstrap part is not of "
                         "this run: %s differs", what);
    if (h[H_PART] != a->joined)
        return WOLD_FAIL(err, WOLD_EUSAGE, "bootstrap part %llu given where "
                         "part %zu was expected (parts join in order)",
                         (unsigned long long)h[H_PART], a->joined);
    size_t r0, r1, j0, j1;
    wold__boot_share(a, a->joined, &r0, &r1, &j0, &j1);
    if (h[H_R0] != r0 || h[H_R1] != r1 || h[H_J0] != j0 || h[H_J1] != j1)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the bootstrap part's "
                         "replicates are not part %zu's", a->joined);
    if (len != part_bytes(a->stats.n, r1 - r0, j1 - j0))
        return WOLD_FAIL(err, WOLD_EUSAGE, "the bootstrap part has %zu "
                         "bytes, part %zu has %zu: truncated or corrupt",
                         len, a->joined,
                         part_bytes(a->stats.n, r1 - r0, j1 - j0));
    return WOLD_OK;
}

/* Every status and draw count of the rows in range. */
static wold_status check_rows(const wold_boot *a, const unsigned char *p,
                              const uint64_t *h, wold_error *err)
{
    size_t ns = a->stats.n;
    const unsigned char *at = p + HEADER_BYTES;
    for (size_t r = h[H_R0]; r < h[H_R1]; r++, at += (2 + ns) * 8) {
        int64_t s = (int64_t)get64(at), d = (int64_t)get64(at + 8);
        if (!valid_status(s) || d < 1 || d > WOLD_BOOT_MAX_DRAWS)
            return WOLD_FAIL(err, WOLD_EUSAGE, "the bootstrap part is "
                             "corrupt: replicate %zu has status %lld after "
                             "%lld draws", r + 1, (long long)s, (long long)d);
    }
    for (size_t j = h[H_J0]; j < h[H_J1]; j++, at += (1 + ns) * 8)
        if (!valid_status((int64_t)get64(at)))
            return WOLD_FAIL(err, WOLD_EUSAGE, "the bootstrap part is "
                             "corrupt: jackknife fit %zu has status %lld",
                             j + 1, (long long)(int64_t)get64(at));
    return WOLD_OK;
}

static void copy_rows(wold_boot *a, const unsigned char *p, const uint64_t *h)
{
    size_t ns = a->stats.n;
    const unsigned char *at = p + HEADER_BYTES;
    for (size_t r = h[H_R0]; r < h[H_R1]; r++) {
        a->status[r] = (signed char)(int64_t)get64(at);
        a->draws[r] = (int)(int64_t)get64(at + 8);
        at += 16;
        for (size_t k = 0; k < ns; k++, at += 8)
            a->values[r * ns + k] = get_double(at);
    }
    for (size_t j = h[H_J0]; j < h[H_J1]; j++) {
        a->jack_status[j] = (signed char)(int64_t)get64(at);
        at += 8;
        for (size_t k = 0; k < ns; k++, at += 8)
            a->jack[j * ns + k] = get_double(at);
    }
    a->jack_failed += h[H_JFAILED];
    for (int c = 0; c < WOLD_BOOT_N_FAILURES; c++)
        a->failures[c] += h[H_FAILURES + c];
}

wold_status wold_boot_join(wold_boot *a, const void *buf, size_t len,
                           wold_error *err)
{
    if (wold_boot_complete(a))
        return WOLD_FAIL(err, WOLD_EUSAGE, "the bootstrap is complete: "
                         "no part can be joined to it");
    if (a->joined == 0)
        return WOLD_FAIL(err, WOLD_EUSAGE, "bootstrap parts are joined into "
                         "part 0, not part %zu", a->opt.part);
    uint64_t h[H_WORDS];
    WOLD_TRY(check_header(a, buf, len, h, err));
    WOLD_TRY(check_rows(a, buf, h, err));
    /* The summaries' scratch is allocated before a changes, so that a
     * failure leaves it as it was. */
    double *v = NULL, *jv = NULL;
    if (a->joined + 1 == a->n_parts)
        WOLD_TRY(wold__boot_scratch(a, &v, &jv, err));
    copy_rows(a, buf, h);
    a->joined++;
    if (v != NULL)
        wold__boot_summarise(a, v, jv);
    free(v), free(jv);
    return WOLD_OK;
}

int wold_boot_complete(const wold_boot *b)
{
    return b->joined == b->n_parts;
}
