/*
 * sumsread.c - wold_sums_unpack: a moments file (docs/moments-format.md)
 * back into a wold_sums, trusting nothing.  The prelude says what the
 * bytes are (magic, version, length, its own checksum); a file shorter
 * than its length is truncated, and the sections are read to say where
 * it ends; a file of its length must match its checksum; then every
 * count and value is checked for what the writer can produce, and every
 * array's size against the bytes left before anything is allocated, so
 * that no input crashes or allocates without bound (tests/fuzz/fuzz_sums.c).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "moments/sums.h"
#include "moments/sumsfile.h"
#include "util/util.h"

/* The reader: bytes [pos, limit) are left to read.  truncated: the file
 * is shorter than its prelude says (running out is then the error to
 * report); otherwise limit is the checksum's offset. */
typedef struct rd {
    const unsigned char *b;
    size_t pos, limit;
    size_t len;         /* bytes given */
    uint64_t total;     /* bytes the prelude says the file has */
    int truncated;
    const char *name;
    /* Where the reader is, for messages: piece and group (SIZE_MAX:
     * none) and the field. */
    size_t piece, group, n_pieces;
    const char *field;
    wold_error *err;
} rd;

#define NONE ((size_t)-1)

/* "piece 2 of 5, group 1: the cross-products" into buf. */
static const char *where(const rd *r, char *buf, size_t size)
{
    if (r->piece == NONE)
        snprintf(buf, size, "%s", r->field);
    else if (r->group == NONE)
        snprintf(buf, size, "piece %zu of %zu: %s", r->piece + 1,
                 r->n_pieces, r->field);
    else
        snprintf(buf, size, "piece %zu of %zu, group %zu: %s", r->piece + 1,
                 r->n_pieces, r->group + 1, r->field);
    return buf;
}

/* A value the writer cannot have written, at byte at. */
static wold_status bad(const rd *r, size_t at, const char *fmt, ...)
    WOLD_PRINTF(3, 4);
static wold_status bad(const rd *r, size_t at, const char *fmt, ...)
{
    char what[512], at_where[160];
    va_list ap;
    va_start(ap, fmt);
    wold__vformat_text(what, sizeof what, fmt, ap);
    va_end(ap);
    return wold__raise(r->err, WOLD_EINPUT, r->name, 0, 0, NULL, 0,
                       "corrupt moments file: at byte %zu, %s: %s",
                       at, where(r, at_where, sizeof at_where), what);
}

/* Reading past limit: the end of a truncated file, or (in a file of the
 * right length and checksum) sections that overrun it. */
static wold_status overrun(const rd *r, size_t need)
{
    char w[160];
    where(r, w, sizeof w);
    if (r->truncated)
        return wold__raise(r->err, WOLD_EINPUT, r->name, 0, 0, NULL, 0,
                           "truncated moments file: it ends at byte %zu "
                           "inside %s (its header says %llu bytes)",
                           r->len, w, (unsigned long long)r->total);
    return bad(r, r->pos, "%zu more bytes needed than the file holds "
               "before its checksum", need - (r->limit - r->pos));
}

/* 0 when count items of unit bytes fit in what is left (no overflow). */
static wold_status fits(const rd *r, uint64_t count, size_t unit)
{
    size_t left = r->limit - r->pos;
    if (unit != 0 && count > left / unit)
        return overrun(r, left + 1);
    return WOLD_OK;
}

static uint64_t load_le(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    for (int k = bytes - 1; k >= 0; k--)
        v = v << 8 | p[k];
    return v;
}

static wold_status get_u32(rd *r, uint32_t *v)
{
    WOLD_TRY(fits(r, 4, 1));
    *v = (uint32_t)load_le(r->b + r->pos, 4);
    r->pos += 4;
    return WOLD_OK;
}

static wold_status get_u64(rd *r, uint64_t *v)
{
    WOLD_TRY(fits(r, 8, 1));
    *v = load_le(r->b + r->pos, 8);
    r->pos += 8;
    return WOLD_OK;
}

/* A count: a u64 that must fit a size_t on this host. */
static wold_status get_size(rd *r, size_t *v)
{
    uint64_t u;
    size_t at = r->pos;
    WOLD_TRY(get_u64(r, &u));
    if (u > SIZE_MAX)
        return bad(r, at, "%llu does not fit this machine's size_t",
                   (unsigned long long)u);
    *v = (size_t)u;
    return WOLD_OK;
}

static wold_status get_f64s(rd *r, double *x, size_t n)
{
    WOLD_TRY(fits(r, n, 8));
    for (size_t k = 0; k < n; k++) {
        uint64_t u = load_le(r->b + r->pos + 8 * k, 8);
        memcpy(&x[k], &u, sizeof u);
    }
    r->pos += 8 * n;
    return WOLD_OK;
}

/* The length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2
                 : s[0] >= 0xe0 && s[0] < 0xf0 ? 3
                 : s[0] >= 0xf0 && s[0] < 0xf5 ? 4 : 0;
    if (len == 0 || len > n)
        return 0;
    for (size_t k = 1; k < len; k++)
        if ((s[k] & 0xc0) != 0x80)
            return 0;
    /* Overlong forms, surrogates, past U+10FFFF. */
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
        (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
        return 0;
    return len;
}

/* A string: u32 length and UTF-8 bytes without NUL, malloc'd. */
static wold_status get_str(rd *r, char **out)
{
    uint32_t n;
    *out = NULL;
    WOLD_TRY(get_u32(r, &n));
    WOLD_TRY(fits(r, n, 1));
    const unsigned char *s = r->b + r->pos;
    for (size_t k = 0; k < n;) {
        size_t len = s[k] != 0 ? utf8_seq(s + k, n - k) : 0;
        if (len == 0)
            return bad(r, r->pos + k, "a string that is not UTF-8 text "
                       "(byte 0x%02x)", s[k]);
        k += len;
    }
    *out = wold__strndup((const char *)s, n);
    if (*out == NULL)
        return WOLD_FAIL(r->err, WOLD_ENOMEM, "out of memory reading %s",
                         r->name);
    r->pos += n;
    return WOLD_OK;
}

static void free_strs(char **s, size_t n)
{
    for (size_t k = 0; s != NULL && k < n; k++)
        free(s[k]);
    free(s);
}

/* n strings into a calloc'd array; a repeated one is an error. */
static wold_status get_strs(rd *r, char ***out, size_t n, const char *what)
{
    WOLD_TRY(fits(r, n, 4));
    char **s = calloc(n ? n : 1, sizeof *s);
    if (s == NULL)
        return WOLD_FAIL(r->err, WOLD_ENOMEM, "out of memory reading %s",
                         r->name);
    wold_status st = WOLD_OK;
    for (size_t k = 0; k < n && st == WOLD_OK; k++) {
        size_t at = r->pos;
        st = get_str(r, &s[k]);
        for (size_t j = 0; j < k && st == WOLD_OK; j++)
            if (strcmp(s[j], s[k]) == 0)
                st = bad(r, at, "%s %zu and %zu are both '%s'", what, j + 1,
                         k + 1, s[k]);
    }
    if (st != WOLD_OK) {
        free_strs(s, n);
        return st;
    }
    *out = s;
    return WOLD_OK;
}

/* ---- the header ---------------------------------------------------------- */

typedef struct header {
    uint32_t flags;
    size_t p, first, end, n_chunks, n_pieces, n_rows;
    char *source, *w_name, *group_name;
    char **names;
} header;

static void header_free(header *h)
{
    free(h->source);
    free(h->w_name);
    free(h->group_name);
    free_strs(h->names, h->p);
}

static wold_status header_counts(rd *r, header *h)
{
    size_t at = r->pos;
    r->field = "the header's flags";
    WOLD_TRY(get_u32(r, &h->flags));
    if (h->flags & ~(uint32_t)(WOLD__WM_WEIGHTED | WOLD__WM_WEIGHT_NAME |
                               WOLD__WM_GROUP_NAME))
        return bad(r, at, "unknown flags 0x%08x", (unsigned)h->flags);
    if (!(h->flags & WOLD__WM_WEIGHTED) != !(h->flags & WOLD__WM_WEIGHT_NAME))
        return bad(r, at, "flags 0x%08x: weighted sums name their weight "
                   "column, others none", (unsigned)h->flags);
    r->field = "the header's counts";
    at = r->pos;
    WOLD_TRY(get_size(r, &h->p));
    if (h->p == 0)
        return bad(r, at, "no columns (p = 0)");
    /* p x p arrays of doubles, and a group's size, must be size_t. */
    if (h->p > (size_t)1 << (sizeof(size_t) * 4 - 2))
        return bad(r, at, "%zu columns: more than this machine can hold",
                   h->p);
    at = r->pos;
    WOLD_TRY(get_size(r, &h->first));
    WOLD_TRY(get_size(r, &h->end));
    WOLD_TRY(get_size(r, &h->n_chunks));
    if (!(h->first <= h->end && h->end <= h->n_chunks))
        return bad(r, at, "chunks %zu to %zu of %zu cannot be", h->first,
                   h->end, h->n_chunks);
    at = r->pos;
    WOLD_TRY(get_size(r, &h->n_pieces));
    if ((h->n_pieces == 0) != (h->first == h->end))
        return bad(r, at, "%zu pieces for %zu chunks", h->n_pieces,
                   h->end - h->first);
    r->field = "the header's row count";
    WOLD_TRY(get_size(r, &h->n_rows));
    return WOLD_OK;
}

static wold_status header_read(rd *r, header *h)
{
    memset(h, 0, sizeof *h);
    WOLD_TRY(header_counts(r, h));
    r->field = "the source's name";
    WOLD_TRY(get_str(r, &h->source));
    r->field = "the weight column's name";
    if (h->flags & WOLD__WM_WEIGHT_NAME)
        WOLD_TRY(get_str(r, &h->w_name));
    r->field = "the group column's name";
    if (h->flags & WOLD__WM_GROUP_NAME)
        WOLD_TRY(get_str(r, &h->group_name));
    r->field = "the column names";
    WOLD_TRY(get_strs(r, &h->names, h->p, "columns"));
    return WOLD_OK;
}

/* ---- a group's statistics -------------------------------------------------- */

/* The arrays of n doubles at x (read at byte at): finite everywhere. */
static wold_status read_finite(rd *r, double *x, size_t n, const char *field)
{
    size_t at = r->pos;
    r->field = field;
    WOLD_TRY(get_f64s(r, x, n));
    for (size_t k = 0; k < n; k++)
        if (!isfinite(x[k]))
            return bad(r, at + 8 * k, "entry %zu is %g", k + 1, x[k]);
    return WOLD_OK;
}

/* A range [lo, hi] of p columns: both NaN (no value), or finite with
 * lo <= hi; none_ok 0 when the group has values. */
static wold_status read_range(rd *r, double *lo, double *hi, size_t p,
                              int none_ok, const char *field)
{
    size_t at = r->pos;
    r->field = field;
    WOLD_TRY(get_f64s(r, lo, p));
    WOLD_TRY(get_f64s(r, hi, p));
    for (size_t j = 0; j < p; j++) {
        int none = isnan(lo[j]) && isnan(hi[j]);
        if (none ? !none_ok
                 : !(isfinite(lo[j]) && isfinite(hi[j]) && lo[j] <= hi[j]))
            return bad(r, at + 8 * j, "column %zu: the range [%g, %g] "
                       "cannot be", j + 1, lo[j], hi[j]);
    }
    return WOLD_OK;
}

/* a <= b * c, without overflow. */
static int at_most_product(size_t a, size_t b, size_t c)
{
    return c != 0 ? a / c + (a % c != 0) <= b : a == 0;
}

/* A sum of squared weights (Kish's n): finite, >= 0, the row count n
 * when unweighted. */
static wold_status read_w2(rd *r, double *w2, size_t n, int weighted,
                           const char *rows)
{
    size_t at = r->pos;
    r->field = "the sum of squared weights";
    WOLD_TRY(get_f64s(r, w2, 1));
    if (!isfinite(*w2) || *w2 < 0 || (!weighted && *w2 != (double)n))
        return bad(r, at, "a sum of squared weights of %g for %zu %s rows",
                   *w2, n, rows);
    return WOLD_OK;
}

/* Rows, missing cells, incomplete and complete rows: each row is complete
 * or has a missing cell (or, weighted, is complete with weight 0). */
static wold_status read_counts(rd *r, wold__stats *g, size_t p, int weighted)
{
    size_t at = r->pos;
    r->field = "the row counts";
    WOLD_TRY(get_size(r, &g->n_rows));
    WOLD_TRY(get_size(r, &g->n_missing));
    WOLD_TRY(get_size(r, &g->n_incomplete));
    WOLD_TRY(get_size(r, &g->nc));
    if (g->n_incomplete > g->n_rows || g->nc > g->n_rows - g->n_incomplete ||
        (!weighted && g->nc + g->n_incomplete != g->n_rows))
        return bad(r, at, "%zu complete and %zu incomplete rows of %zu",
                   g->nc, g->n_incomplete, g->n_rows);
    if (g->n_missing < g->n_incomplete ||
        !at_most_product(g->n_missing, g->n_incomplete, p))
        return bad(r, at, "%zu missing cells in %zu incomplete rows of %zu "
                   "columns", g->n_missing, g->n_incomplete, p);
    at = r->pos;
    r->field = "the weight total";
    WOLD_TRY(get_f64s(r, &g->wc, 1));
    if (!isfinite(g->wc) || g->wc < 0 || (g->nc == 0) != (g->wc == 0) ||
        (!weighted && g->wc != (double)g->nc))
        return bad(r, at, "a weight total of %g for %zu complete rows",
                   g->wc, g->nc);
    return read_w2(r, &g->w2c, g->nc, weighted, "complete");
}

/* The pairwise arrays of g (NULL in a new group), as the accumulator
 * allocates them: wold__stats_free frees them. */
static wold_status pairwise_alloc(const rd *r, wold__stats *g, size_t p)
{
    g->pw = malloc(p * p * sizeof *g->pw);
    g->pmean = malloc(p * p * sizeof *g->pmean);
    g->pm2 = malloc(p * p * sizeof *g->pm2);
    if (g->pw != NULL && g->pmean != NULL && g->pm2 != NULL)
        return WOLD_OK;
    free(g->pw);
    free(g->pmean);
    free(g->pm2);
    g->pw = g->pmean = g->pm2 = NULL;
    return WOLD_FAIL(r->err, WOLD_ENOMEM, "out of memory reading %s",
                     r->name);
}

/* The incomplete rows' count and sums. */
static wold_status read_pairwise(rd *r, wold__stats *g, size_t p,
                                 int weighted)
{
    size_t at = r->pos;
    uint32_t flags;
    r->field = "the incomplete rows";
    WOLD_TRY(get_size(r, &g->ni));
    if (g->ni > g->n_incomplete || (!weighted && g->ni != g->n_incomplete))
        return bad(r, at, "%zu incomplete rows of weight > 0 of %zu",
                   g->ni, g->n_incomplete);
    at = r->pos;
    WOLD_TRY(get_f64s(r, &g->wi, 1));
    if (!isfinite(g->wi) || g->wi < 0 || (g->ni == 0) != (g->wi == 0) ||
        (!weighted && g->wi != (double)g->ni))
        return bad(r, at, "a weight total of %g for %zu incomplete rows",
                   g->wi, g->ni);
    WOLD_TRY(read_w2(r, &g->w2i, g->ni, weighted, "incomplete"));
    r->field = "the incomplete rows";
    at = r->pos;
    WOLD_TRY(get_u32(r, &flags));
    if (flags & ~(uint32_t)WOLD__WM_PAIRWISE)
        return bad(r, at, "unknown flags 0x%08x", (unsigned)flags);
    if (!(flags & WOLD__WM_PAIRWISE)) {
        if (g->ni > 0)
            return bad(r, at, "%zu incomplete rows without their sums",
                       g->ni);
        return WOLD_OK;
    }
    WOLD_TRY(fits(r, p * p, 24));
    WOLD_TRY(pairwise_alloc(r, g, p));
    at = r->pos;
    WOLD_TRY(read_finite(r, g->pw, p * p, "the pairwise weights"));
    for (size_t k = 0; k < p * p; k++)
        if (g->pw[k] < 0 || (!weighted && g->pw[k] > (double)g->ni))
            return bad(r, at + 8 * k, "a pairwise weight of %g for %zu "
                       "incomplete rows", g->pw[k], g->ni);
    WOLD_TRY(read_finite(r, g->pmean, p * p, "the pairwise means"));
    return read_finite(r, g->pm2, p * p, "the pairwise cross-products");
}

static wold_status read_stats(rd *r, wold__stats *g, size_t p, int weighted)
{
    WOLD_TRY(read_counts(r, g, p, weighted));
    WOLD_TRY(fits(r, p + 3, 8 * p));
    WOLD_TRY(read_finite(r, g->mean, p, "the means"));
    size_t at = r->pos;
    WOLD_TRY(read_finite(r, g->m2, p * p, "the cross-products"));
    for (size_t j = 0; j < p; j++)
        if (g->m2[j * p + j] < 0)
            return bad(r, at + 8 * (j * p + j), "column %zu: a negative sum "
                       "of squares %g", j + 1, g->m2[j * p + j]);
    WOLD_TRY(read_range(r, g->cmin, g->cmax, p, g->nc == 0,
                        "the complete rows' range"));
    WOLD_TRY(read_pairwise(r, g, p, weighted));
    return read_range(r, g->amin, g->amax, p, 1, "the range of all values");
}

/* ---- pieces ------------------------------------------------------------------ */

/* The smallest piece and group in bytes, to bound counts before
 * allocating. */
#define PIECE_MIN 24
static size_t group_min(size_t p)
{
    return 76 + 8 * (p * p + 5 * p);
}

/* Level, index and group count of piece k, which must start at chunk
 * *next; *next becomes its end. */
static wold_status piece_place(rd *r, const header *h, size_t *next,
                               unsigned *level, size_t *index)
{
    uint32_t lv;
    size_t at = r->pos;
    r->field = "its place";
    WOLD_TRY(get_u32(r, &lv));
    WOLD_TRY(get_size(r, index));
    size_t span = lv < sizeof(size_t) * 8 ? (size_t)1 << lv : 0;
    if (span == 0 || *index > SIZE_MAX / span - 1 ||
        *index * span != *next || *index * span + span > h->end)
        return bad(r, at, "chunks [%zu << %u, (%zu + 1) << %u) do not follow "
                   "chunk %zu within the chunks %zu to %zu", *index,
                   (unsigned)lv, *index, (unsigned)lv, *next, h->first,
                   h->end);
    *level = lv;
    *next = *index * span + span;
    return WOLD_OK;
}

/* Group count, flags and labels: one unlabelled group without a group
 * column, labelled groups with one (none, unlabelled, in the sums of no
 * rows). */
static wold_status piece_groups(rd *r, const header *h, size_t *n_groups,
                                char ***labels)
{
    uint32_t flags;
    size_t at = r->pos;
    r->field = "its groups";
    WOLD_TRY(get_size(r, n_groups));
    WOLD_TRY(get_u32(r, &flags));
    WOLD_TRY(fits(r, *n_groups, group_min(h->p)));
    int grouped = h->group_name != NULL;
    if (flags & ~(uint32_t)WOLD__WM_LABELS)
        return bad(r, at + 8, "unknown flags 0x%08x", (unsigned)flags);
    if (!grouped && (*n_groups != 1 || flags != 0))
        return bad(r, at, "%zu groups%s without a group column", *n_groups,
                   flags ? " with labels" : "");
    if (grouped && flags == 0 && *n_groups > 0)
        return bad(r, at, "%zu groups without labels", *n_groups);
    *labels = NULL;
    if (flags == 0)
        return WOLD_OK;
    r->field = "its group labels";
    return get_strs(r, labels, *n_groups, "groups");
}

static wold_status read_piece(rd *r, const header *h, wold__piece *pc,
                              size_t *next, size_t *rows)
{
    unsigned level = 0;
    size_t index = 0, n_groups = 0;
    char **labels = NULL;
    r->group = NONE;
    WOLD_TRY(piece_place(r, h, next, &level, &index));
    WOLD_TRY(piece_groups(r, h, &n_groups, &labels));
    wold_status st = wold__piece_init(pc, index, h->p, n_groups, labels);
    free_strs(labels, n_groups);
    if (st != WOLD_OK)
        return WOLD_FAIL(r->err, st, "out of memory reading %s", r->name);
    pc->level = level;
    int weighted = (h->flags & WOLD__WM_WEIGHTED) != 0;
    for (size_t g = 0; g < n_groups && st == WOLD_OK; g++) {
        r->group = g;
        st = read_stats(r, &pc->g[g], h->p, weighted);
        if (st == WOLD_OK && pc->g[g].n_rows > SIZE_MAX - *rows)
            st = bad(r, r->pos, "more rows than a size_t counts");
        else if (st == WOLD_OK)
            *rows += pc->g[g].n_rows;
    }
    if (st != WOLD_OK)
        wold__piece_free(pc);
    return st;
}

/* The pieces into s, which holds none yet. */
static wold_status read_pieces(rd *r, const header *h, wold_sums *s)
{
    size_t next = h->first, rows = 0;
    WOLD_TRY(fits(r, h->n_pieces, PIECE_MIN));
    if (s->cap_pieces < h->n_pieces) {
        wold__piece *np = realloc(s->pieces, h->n_pieces * sizeof *np);
        if (np == NULL)
            return WOLD_FAIL(r->err, WOLD_ENOMEM, "out of memory reading %s",
                             r->name);
        s->pieces = np;
        s->cap_pieces = h->n_pieces;
    }
    r->n_pieces = h->n_pieces;
    for (size_t k = 0; k < h->n_pieces; k++) {
        r->piece = k;
        WOLD_TRY(read_piece(r, h, &s->pieces[k], &next, &rows));
        s->n_pieces++;
    }
    r->piece = NONE;
    r->field = "the pieces";
    if (next != h->end)
        return bad(r, r->pos, "the pieces end at chunk %zu, not %zu", next,
                   h->end);
    if (rows != h->n_rows)
        return bad(r, r->pos, "the groups hold %zu rows, the header says %zu",
                   rows, h->n_rows);
    return WOLD_OK;
}

/* The sums of the sections (after the prelude). */
static wold_status read_body(rd *r, wold_sums **out, const char *source)
{
    header h;
    wold_sums *s = NULL;
    wold_status st = header_read(r, &h);
    if (st == WOLD_OK)
        st = wold__sums_new(&s, h.p, h.names,
                            source != NULL ? source : h.source, h.w_name,
                            h.group_name, h.first, h.end, h.n_chunks);
    if (st == WOLD_ENOMEM && s == NULL)
        st = WOLD_FAIL(r->err, st, "out of memory reading %s", r->name);
    if (st == WOLD_OK) {
        s->weighted = (h.flags & WOLD__WM_WEIGHTED) != 0;
        st = read_pieces(r, &h, s);
    }
    if (st == WOLD_OK && r->pos != r->limit && !r->truncated) {
        r->field = "the end";
        st = bad(r, r->pos, "%zu bytes between the last piece and the "
                 "checksum", r->limit - r->pos);
    }
    header_free(&h);
    if (st != WOLD_OK) {
        wold_sums_free(s);
        return st;
    }
    *out = s;
    return WOLD_OK;
}

/* ---- the prelude ------------------------------------------------------------ */

/* The first bytes: as text up to the first that is not printable ASCII
 * (a CSV's header), else in hex. */
static void show_start(char *buf, size_t size, const unsigned char *b,
                       size_t len)
{
    size_t n = len < 16 ? len : 16, k = 0;
    while (k < n && b[k] >= 0x20 && b[k] < 0x7f && b[k] != '\'')
        k++;
    if (k > 0) {
        snprintf(buf, size, "it starts with '%.*s'", (int)k, (const char *)b);
        return;
    }
    size_t used = (size_t)snprintf(buf, size, "its first bytes are");
    for (k = 0; k < n && k < 8 && used < size; k++)
        used += (size_t)snprintf(buf + used, size - used, " %02x", b[k]);
}

static wold_status prelude(rd *r)
{
    char start[96];
    size_t n = r->len < WOLD__WM_MAGIC_LEN ? r->len : WOLD__WM_MAGIC_LEN;
    if (r->len == 0)
        return wold__raise(r->err, WOLD_EINPUT, r->name, 0, 0, NULL, 0,
                           "an empty file, not a moments file (wold moments "
                           "makes moments files)");
    if (memcmp(r->b, WOLD__WM_MAGIC, n) != 0) {
        show_start(start, sizeof start, r->b, r->len);
        return wold__raise(r->err, WOLD_EINPUT, r->name, 0, 0, NULL, 0,
                           "not a moments file (%s): is it a CSV? wold "
                           "moments makes moments files", start);
    }
    if (r->len < WOLD__WM_PRELUDE)
        return wold__raise(r->err, WOLD_EINPUT, r->name, 0, 0, NULL, 0,
                           "truncated moments file: it ends at byte %zu "
                           "inside its first %d bytes (magic, version, "
                           "length, checksum)", r->len, WOLD__WM_PRELUDE);
    uint32_t crc = (uint32_t)load_le(r->b + 20, 4);
    uint32_t got = wold__crc32c(0, r->b, 20);
    if (crc != got)
        return wold__raise(r->err, WOLD_EINPUT, r->name, 0, 0, NULL, 0,
                           "corrupt moments file: the checksum 0x%08x of "
                           "bytes 0 to 19 does not match the 0x%08x stored "
                           "at byte 20", (unsigned)got, (unsigned)crc);
    uint32_t version = (uint32_t)load_le(r->b + 8, 4);
    if (version != WOLD__WM_VERSION)
        return wold__raise(r->err, WOLD_EINPUT, r->name, 0, 0, NULL, 0,
                           "moments file version %u; this wold reads "
                           "version %u", (unsigned)version, WOLD__WM_VERSION);
    r->total = load_le(r->b + 12, 8);
    return WOLD_OK;
}

/* After the prelude: the length, then the checksum of a whole file. */
static wold_status whole(rd *r)
{
    if (r->total < WOLD__WM_PRELUDE + 4)
        return wold__raise(r->err, WOLD_EINPUT, r->name, 0, 0, NULL, 0,
                           "corrupt moments file: at byte 12, a length of "
                           "%llu bytes cannot be",
                           (unsigned long long)r->total);
    if (r->len < r->total) {
        r->truncated = 1;
        r->limit = r->len;
        return WOLD_OK;
    }
    if (r->len > r->total)
        return wold__raise(r->err, WOLD_EINPUT, r->name, 0, 0, NULL, 0,
                           "not one moments file: %zu bytes follow its end "
                           "at byte %llu (files joined together?)",
                           r->len - (size_t)r->total,
                           (unsigned long long)r->total);
    r->limit = r->len - 4;
    uint32_t crc = (uint32_t)load_le(r->b + r->limit, 4);
    uint32_t got = wold__crc32c(0, r->b, r->limit);
    if (crc != got)
        return wold__raise(r->err, WOLD_EINPUT, r->name, 0, 0, NULL, 0,
                           "corrupt moments file: the checksum 0x%08x of "
                           "bytes 0 to %zu does not match the 0x%08x stored "
                           "at byte %zu", (unsigned)got, r->limit - 1,
                           (unsigned)crc, r->limit);
    return WOLD_OK;
}

wold_status wold_sums_unpack(wold_sums **out, const void *buf, size_t len,
                             const char *name, wold_error *err)
{
    rd r = {.b = buf, .pos = WOLD__WM_PRELUDE, .len = len,
            .name = name != NULL ? name : "<moments>", .piece = NONE,
            .group = NONE, .field = "", .err = err};
    *out = NULL;
    WOLD_TRY(prelude(&r));
    WOLD_TRY(whole(&r));
    wold_sums *s = NULL;
    WOLD_TRY(read_body(&r, &s, name));
    if (r.truncated) {
        /* Every section was there: the end fell in the checksum. */
        wold_sums_free(s);
        r.field = "its checksum";
        return overrun(&r, 4);
    }
    *out = s;
    return WOLD_OK;
}
