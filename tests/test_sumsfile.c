/*
 * test_sumsfile.c - moments files (src/moments/sumsfile.c, sumsread.c;
 * docs/moments-format.md): pack/unpack and save/load give back every
 * field bit for bit (groups, weights, parts, pairwise arrays); a file
 * cut at any byte, or with any byte changed, is an input error that says
 * which, never a crash; each impossible value has its message; the
 * checksum is CRC-32C (its test vector); check_model names the first
 * column that differs; the parts of a file, packed and unpacked as MPI
 * ranks send them, join into the whole file's sums bit for bit.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#include "moments/sums.h"
#include "moments/sumsfile.h"

/* ---- sums made by hand ---------------------------------------------------- */

static unsigned rng = 1;

static double draw(void)
{
    rng = rng * 1103515245u + 12345u;
    return (double)(rng >> 8) / (double)(1u << 24);
}

static const char *const col_names[] = {"q1", "q2", "q3", "sat1", "sat2"};
static const char *const group_labels[] = {"Alpha", "Beta", "顾客"};

/* Statistics that pass every check of the reader: counts that add up
 * (weighted: one complete row of weight 0, one incomplete), ranges in
 * order, weights >= 0; incomplete rows and their arrays when pairwise. */
static void fill_stats(wold__stats *g, size_t p, int weighted, int pairwise)
{
    g->n_rows = 20 + (size_t)(draw() * 100);
    g->n_incomplete = pairwise ? 5 : 0;
    g->n_missing = pairwise ? 7 : 0;
    g->nc = g->n_rows - g->n_incomplete - (weighted ? 1 : 0);
    g->wc = weighted ? 3.25 * (double)g->nc : (double)g->nc;
    g->ni = pairwise ? g->n_incomplete - (weighted ? 1 : 0) : 0;
    g->wi = weighted ? 2.5 * (double)g->ni : (double)g->ni;
    g->w2c = weighted ? 11.5 * (double)g->nc : (double)g->nc;
    g->w2i = weighted ? 6.25 * (double)g->ni : (double)g->ni;
    for (size_t i = 0; i < p; i++) {
        g->mean[i] = 5 + draw();
        g->cmin[i] = 1 + draw();
        g->cmax[i] = 9 + draw();
        g->amin[i] = 1;
        g->amax[i] = 10;
        for (size_t j = 0; j < p; j++)
            g->m2[i * p + j] = i == j ? 50 + draw() : draw() - 0.5;
    }
    if (p > 1)
        g->m2[1] = -0.0; /* a negative zero survives */
    if (!pairwise)
        return;
    g->pw = malloc(p * p * sizeof *g->pw);
    g->pmean = malloc(p * p * sizeof *g->pmean);
    g->pm2 = malloc(p * p * sizeof *g->pm2);
    assert_true(g->pw && g->pmean && g->pm2);
    for (size_t k = 0; k < p * p; k++) {
        g->pw[k] = weighted ? 2.5 * draw() : (double)(k % 5);
        g->pmean[k] = draw() * 10;
        g->pm2[k] = draw();
    }
}

/*
 * Sums of p columns over chunks [first, end) of n_chunks in the pieces
 * of a binary counter; n_groups labelled groups (0: no group column).
 */
static wold_sums *make(size_t p, size_t n_groups, int weighted, int pairwise,
                       size_t first, size_t end, size_t n_chunks)
{
    wold_sums *s = NULL;
    assert_int_equal(wold__sums_new(&s, p, (char *const *)col_names,
                                    "panel.csv", weighted ? "w" : NULL,
                                    n_groups ? "company" : NULL, first, end,
                                    n_chunks),
                     WOLD_OK);
    s->weighted = weighted;
    s->pieces = realloc(s->pieces, 64 * sizeof *s->pieces);
    assert_non_null(s->pieces);
    s->cap_pieces = 64;
    for (size_t c = first; c < end;) {
        unsigned level = 0;
        while (c % ((size_t)2 << level) == 0 &&
               c + ((size_t)2 << level) <= end)
            level++;
        wold__piece *pc = &s->pieces[s->n_pieces];
        size_t ng = n_groups ? n_groups : 1;
        assert_int_equal(wold__piece_init(pc, c >> level, p, ng,
                                          n_groups ? (char *const *)
                                                         group_labels
                                                   : NULL),
                         WOLD_OK);
        pc->level = level;
        for (size_t g = 0; g < ng; g++)
            fill_stats(&pc->g[g], p, weighted, pairwise && g != 1);
        s->n_pieces++;
        c += (size_t)1 << level;
    }
    return s;
}

static void same_doubles(const double *a, const double *b, size_t n)
{
    if (a == NULL || b == NULL) {
        assert_true(a == NULL && b == NULL);
        return;
    }
    assert_memory_equal(a, b, n * sizeof *a);
}

static void same_str(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        assert_true(a == NULL && b == NULL);
    else
        assert_string_equal(a, b);
}

static void same_stats(const wold__stats *a, const wold__stats *b, size_t p)
{
    assert_int_equal(a->n_rows, b->n_rows);
    assert_int_equal(a->n_missing, b->n_missing);
    assert_int_equal(a->n_incomplete, b->n_incomplete);
    assert_int_equal(a->nc, b->nc);
    assert_int_equal(a->ni, b->ni);
    same_doubles(&a->wc, &b->wc, 1);
    same_doubles(&a->wi, &b->wi, 1);
    same_doubles(&a->w2c, &b->w2c, 1);
    same_doubles(&a->w2i, &b->w2i, 1);
    same_doubles(a->mean, b->mean, p);
    same_doubles(a->m2, b->m2, p * p);
    same_doubles(a->cmin, b->cmin, p);
    same_doubles(a->cmax, b->cmax, p);
    same_doubles(a->pw, b->pw, p * p);
    same_doubles(a->pmean, b->pmean, p * p);
    same_doubles(a->pm2, b->pm2, p * p);
    same_doubles(a->amin, b->amin, p);
    same_doubles(a->amax, b->amax, p);
}

/* Every field the same, bit for bit (the source too when with_source). */
static void same_sums(const wold_sums *a, const wold_sums *b, int with_source)
{
    assert_int_equal(a->p, b->p);
    for (size_t j = 0; j < a->p; j++)
        assert_string_equal(a->names[j], b->names[j]);
    if (with_source)
        same_str(a->source, b->source);
    same_str(a->w_name, b->w_name);
    same_str(a->group_name, b->group_name);
    assert_int_equal(a->weighted, b->weighted);
    assert_int_equal(a->first, b->first);
    assert_int_equal(a->end, b->end);
    assert_int_equal(a->n_chunks, b->n_chunks);
    assert_int_equal(a->n_pieces, b->n_pieces);
    for (size_t k = 0; k < a->n_pieces; k++) {
        const wold__piece *x = &a->pieces[k], *y = &b->pieces[k];
        assert_int_equal(x->level, y->level);
        assert_int_equal(x->index, y->index);
        assert_int_equal(x->n_groups, y->n_groups);
        for (size_t g = 0; g < x->n_groups; g++) {
            if (x->labels != NULL || y->labels != NULL)
                assert_string_equal(x->labels[g], y->labels[g]);
            same_stats(&x->g[g], &y->g[g], a->p);
        }
    }
}

static void pack(const wold_sums *s, unsigned char **buf, size_t *len)
{
    void *b = NULL;
    wold_error err;
    assert_int_equal(wold_sums_pack(s, &b, len, &err), WOLD_OK);
    *buf = b;
}

/* Unpacking must fail with WOLD_EINPUT, *out NULL, a message with
 * needle (NULL: any). */
static void expect_bad(const unsigned char *buf, size_t len,
                       const char *needle)
{
    wold_sums *s = (wold_sums *)&rng; /* must become NULL */
    wold_error err;
    wold_status st = wold_sums_unpack(&s, buf, len, "x.wm", &err);
    assert_null(s);
    assert_int_equal(st, WOLD_EINPUT);
    assert_int_equal(err.status, WOLD_EINPUT);
    assert_string_equal(err.file, "x.wm");
    assert_true(err.message[0] != '\0');
    if (needle != NULL && strstr(err.message, needle) == NULL)
        fail_msg("'%s' lacks '%s'", err.message, needle);
}

/* Rewrites both checksums after an edit, so that the edit is what the
 * reader sees. */
static void reseal(unsigned char *b, size_t len)
{
    uint32_t c = wold__crc32c(0, b, 20);
    for (int k = 0; k < 4; k++)
        b[20 + k] = (unsigned char)(c >> (8 * k));
    c = wold__crc32c(0, b, len - 4);
    for (int k = 0; k < 4; k++)
        b[len - 4 + (size_t)k] = (unsigned char)(c >> (8 * k));
}

/* ---- the tests ------------------------------------------------------------ */

static void test_crc32c_vector(void **state)
{
    (void)state;
    assert_int_equal(wold__crc32c(0, "123456789", 9), 0xE3069283u);
    assert_int_equal(wold__crc32c(0, "", 0), 0);
    /* In parts: the same as at once. */
    assert_int_equal(wold__crc32c(wold__crc32c(0, "1234", 4), "56789", 5),
                     0xE3069283u);
    /* 32 bytes of zeros (RFC 3720, B.4). */
    static const unsigned char zeros[32] = {0};
    assert_int_equal(wold__crc32c(0, zeros, 32), 0x8A9136AAu);
}

/* Pack/unpack gives the sums back, for every kind. */
static void test_round_trip(void **state)
{
    (void)state;
    static const struct {
        size_t p, groups;
        int weighted, pairwise;
        size_t first, end, n_chunks;
    } kinds[] = {
        {1, 0, 0, 0, 0, 1, 1},   {5, 0, 0, 1, 0, 7, 7},
        {3, 3, 1, 1, 0, 12, 12}, {4, 2, 0, 1, 3, 11, 16},
        {2, 0, 1, 0, 5, 5, 9},   {5, 3, 1, 0, 1, 2, 2},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        wold_sums *s = make(kinds[k].p, kinds[k].groups, kinds[k].weighted,
                            kinds[k].pairwise, kinds[k].first, kinds[k].end,
                            kinds[k].n_chunks);
        unsigned char *buf;
        size_t len;
        pack(s, &buf, &len);
        assert_memory_equal(buf, WOLD__WM_MAGIC, WOLD__WM_MAGIC_LEN);
        wold_sums *t = NULL;
        wold_error err;
        assert_int_equal(wold_sums_unpack(&t, buf, len, NULL, &err), WOLD_OK);
        same_sums(s, t, 1);
        /* Packing again gives the same bytes. */
        unsigned char *again;
        size_t len2;
        pack(t, &again, &len2);
        assert_int_equal(len, len2);
        assert_memory_equal(buf, again, len);
        free(again);
        free(buf);
        wold_sums_free(t);
        wold_sums_free(s);
    }
}

/* The bytes are little-endian whatever the host: the prelude and the
 * header's first counts at their documented offsets. */
static void test_layout(void **state)
{
    (void)state;
    wold_sums *s = make(5, 0, 0, 0, 0, 1, 1);
    unsigned char *b;
    size_t len;
    pack(s, &b, &len);
    assert_int_equal(b[8], 1); /* version 1, u32 */
    assert_int_equal(b[9] | b[10] | b[11], 0);
    size_t total = 0;
    for (int k = 7; k >= 0; k--)
        total = total << 8 | b[12 + k];
    assert_int_equal(total, len);
    assert_int_equal(b[24], 0); /* flags: unweighted, no names */
    assert_int_equal(b[28], 5); /* p */
    assert_int_equal(b[44], 1); /* end */
    assert_int_equal(b[60], 1); /* one piece */
    /* The source's name, u32 length then its bytes. */
    assert_int_equal(b[76], 9);
    assert_memory_equal(b + 80, "panel.csv", 9);
    free(b);
    wold_sums_free(s);
}

static void test_save_load(void **state)
{
    (void)state;
    wold_sums *s = make(4, 3, 1, 1, 0, 5, 5);
    char dir[] = "/tmp/wold-sumsfile.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/a.wm", dir);
    wold_error err;
    assert_int_equal(wold_sums_save(s, path, &err), WOLD_OK);
    /* Saved again over itself: replaced, no temporary file left. */
    assert_int_equal(wold_sums_save(s, path, &err), WOLD_OK);
    wold_sums *t = NULL;
    assert_int_equal(wold_sums_load(&t, path, &err), WOLD_OK);
    same_sums(s, t, 0);
    assert_string_equal(wold_sums_source(t), path);
    wold_sums_free(t);
    /* A directory that does not exist: an I/O error naming the path. */
    char bad[300];
    snprintf(bad, sizeof bad, "%s/no/such/dir.wm", dir);
    WT_EXPECT_ERROR(wold_sums_save(s, bad, &err), &err, WOLD_EIO,
                    "cannot create a temporary file");
    /* A missing file: an input error. */
    WT_EXPECT_ERROR(wold_sums_load(&t, bad, &err), &err, WOLD_EINPUT,
                    "cannot open");
    assert_null(t);
    unlink(path);
    assert_int_equal(rmdir(dir), 0); /* nothing else was left there */
    wold_sums_free(s);
}

/* Cut at every byte: truncated (or, under 8 bytes, empty), never a
 * crash, never a result. */
static void test_truncated(void **state)
{
    (void)state;
    wold_sums *s = make(2, 2, 1, 1, 0, 3, 3);
    unsigned char *b;
    size_t len;
    pack(s, &b, &len);
    expect_bad(b, 0, "an empty file");
    for (size_t n = 1; n < len; n++) {
        unsigned char *cut = malloc(n); /* exactly n: ASan sees overreads */
        memcpy(cut, b, n);
        expect_bad(cut, n, "truncated moments file: it ends at byte");
        free(cut);
    }
    /* The section is named. */
    expect_bad(b, 110, "inside the column names");
    expect_bad(b, 92, "inside the weight column's name");
    expect_bad(b, len - 2, "inside its checksum");
    free(b);
    wold_sums_free(s);
}

/* Any byte changed is caught: by the magic, the prelude's checksum or
 * the file's. */
static void test_flipped(void **state)
{
    (void)state;
    wold_sums *s = make(2, 2, 0, 1, 1, 4, 4);
    unsigned char *b;
    size_t len;
    pack(s, &b, &len);
    for (size_t k = 0; k < len; k++) {
        for (unsigned bit = 1; bit < 256; bit <<= 3) {
            b[k] ^= (unsigned char)bit;
            expect_bad(b, len, k < WOLD__WM_MAGIC_LEN ? "not a moments file"
                               : "checksum");
            b[k] ^= (unsigned char)bit;
        }
    }
    wold_sums *t = NULL;
    wold_error err;
    assert_int_equal(wold_sums_unpack(&t, b, len, NULL, &err), WOLD_OK);
    wold_sums_free(t);
    free(b);
    wold_sums_free(s);
}

static void test_not_moments(void **state)
{
    (void)state;
    static const char csv[] = "q1,q2,q3\n1,2,3\n";
    expect_bad((const unsigned char *)csv, sizeof csv - 1,
               "not a moments file (it starts with 'q1,q2,q3");
    expect_bad((const unsigned char *)csv, sizeof csv - 1,
               "is it a CSV? wold moments makes moments files");
    static const unsigned char bin[] = {0x1f, 0x8b, 0x08, 0x00, 0x01};
    expect_bad(bin, sizeof bin, "its first bytes are 1f 8b 08 00 01");
}

static void test_version(void **state)
{
    (void)state;
    wold_sums *s = make(2, 0, 0, 0, 0, 1, 1);
    unsigned char *b;
    size_t len;
    pack(s, &b, &len);
    b[8] = 7;
    reseal(b, len);
    expect_bad(b, len, "moments file version 7; this wold reads version 1");
    /* Even cut short: the version is in the prelude. */
    expect_bad(b, 30, "version 7");
    free(b);
    wold_sums_free(s);
}

static void test_checksum(void **state)
{
    (void)state;
    wold_sums *s = make(2, 0, 0, 0, 0, 1, 1);
    unsigned char *b;
    size_t len;
    pack(s, &b, &len);
    b[len - 1] ^= 0x40;
    expect_bad(b, len, "corrupt moments file: the checksum 0x");
    expect_bad(b, len, "does not match the 0x");
    b[len - 1] ^= 0x40;
    b[14] ^= 1; /* the length */
    expect_bad(b, len, "the checksum 0x");
    expect_bad(b, len, "of bytes 0 to 19");
    b[14] ^= 1;
    /* Two files one after the other. */
    unsigned char *two = malloc(2 * len);
    memcpy(two, b, len);
    memcpy(two + len, b, len);
    expect_bad(two, 2 * len, "bytes follow its end");
    free(two);
    free(b);
    wold_sums_free(s);
}

/* The sums made wrong in memory, packed (pack checks nothing), then
 * unpacked: the message says what cannot be. */
typedef void (*spoil_fn)(wold_sums *s);

static void spoil_weight(wold_sums *s) { s->pieces[0].g[0].wc = -2; }
static void spoil_weight_nan(wold_sums *s) { s->pieces[0].g[1].wc = NAN; }
static void spoil_unweighted(wold_sums *s)
{
    s->weighted = 0;
    free(s->w_name);
    s->w_name = NULL;
}
static void spoil_flags(wold_sums *s) { s->weighted = 0; }
static void spoil_wi(wold_sums *s) { s->pieces[0].g[0].wi = -1; }
static void spoil_w2(wold_sums *s) { s->pieces[1].g[2].w2c = NAN; }
static void spoil_incomplete(wold_sums *s)
{
    s->pieces[0].g[0].n_incomplete = 0;
}
static void spoil_mean(wold_sums *s) { s->pieces[1].g[0].mean[1] = INFINITY; }
static void spoil_range(wold_sums *s) { s->pieces[0].g[0].cmin[0] = 99; }
static void spoil_rows(wold_sums *s) { s->pieces[0].g[0].nc = 1000000; }
static void spoil_missing(wold_sums *s)
{
    s->pieces[0].g[0].n_missing = 1000000;
}
static void spoil_ni(wold_sums *s) { s->pieces[0].g[0].ni = 1000; }
static void spoil_pw(wold_sums *s) { s->pieces[0].g[0].pw[3] = -1; }
static void spoil_nopw(wold_sums *s)
{
    wold__stats *g = &s->pieces[0].g[1];
    g->n_incomplete = g->n_missing = 3; /* incomplete rows, no arrays */
    g->nc -= 3;
    g->wc = 3.25 * (double)g->nc;
    g->ni = 2;
    g->wi = 5;
}
static void spoil_var(wold_sums *s) { s->pieces[0].g[0].m2[0] = -1; }
static void spoil_align(wold_sums *s) { s->pieces[1].index += 1; }
static void spoil_level(wold_sums *s) { s->pieces[0].level = 70; }
static void spoil_first(wold_sums *s) { s->first = 1; }
static void spoil_chunks(wold_sums *s) { s->n_chunks = 2; }
static void spoil_dup_name(wold_sums *s)
{
    free(s->names[1]);
    s->names[1] = malloc(3);
    strcpy(s->names[1], "q1");
}
static void spoil_dup_label(wold_sums *s)
{
    free(s->pieces[0].labels[2]);
    s->pieces[0].labels[2] = malloc(6);
    strcpy(s->pieces[0].labels[2], "Alpha");
}
static void spoil_utf8(wold_sums *s)
{
    s->names[0][1] = (char)0xff;
}
static void spoil_labels(wold_sums *s)
{
    free(s->group_name);
    s->group_name = NULL;
}

/* What spoil does to a sums of 3 columns, 3 groups, weighted, pairwise,
 * chunks 0-6 in 2 pieces (4 and 2 chunks). */
static void expect_spoiled(spoil_fn spoil, const char *needle)
{
    wold_sums *s = make(3, 3, 1, 1, 0, 6, 6);
    spoil(s);
    unsigned char *b;
    size_t len;
    pack(s, &b, &len);
    expect_bad(b, len, "corrupt moments file: at byte ");
    expect_bad(b, len, needle);
    free(b);
    wold_sums_free(s);
}

static void test_impossible(void **state)
{
    (void)state;
    expect_spoiled(spoil_weight, "piece 1 of 2, group 1: the weight total: "
                                 "a weight total of -2");
    expect_spoiled(spoil_weight_nan, "group 2: the weight total");
    expect_spoiled(spoil_unweighted, " incomplete rows of ");
    expect_spoiled(spoil_flags, "weighted sums name their weight column");
    expect_spoiled(spoil_wi, "a weight total of -1 for 4 incomplete rows");
    expect_spoiled(spoil_w2, "piece 2 of 2, group 3: the sum of squared "
                             "weights: a sum of squared weights of nan");
    expect_spoiled(spoil_incomplete, "7 missing cells in 0 incomplete rows");
    expect_spoiled(spoil_mean, "piece 2 of 2, group 1: the means: entry 2 "
                               "is inf");
    expect_spoiled(spoil_range, "the complete rows' range: column 1: the "
                                "range [99,");
    expect_spoiled(spoil_rows, "complete rows of");
    expect_spoiled(spoil_missing, "1000000 missing cells in 5 incomplete");
    expect_spoiled(spoil_ni, "1000 incomplete rows of weight > 0 of 5");
    expect_spoiled(spoil_pw, "the pairwise weights: a pairwise weight of -1");
    expect_spoiled(spoil_nopw, "2 incomplete rows without their sums");
    expect_spoiled(spoil_var, "column 1: a negative sum of squares -1");
    expect_spoiled(spoil_align, "piece 2 of 2: its place: chunks [3 << 1");
    expect_spoiled(spoil_level, "piece 1 of 2: its place");
    expect_spoiled(spoil_first, "do not follow chunk 1");
    expect_spoiled(spoil_chunks, "chunks 0 to 6 of 2 cannot be");
    expect_spoiled(spoil_dup_name, "columns 1 and 2 are both 'q1'");
    expect_spoiled(spoil_dup_label, "groups 1 and 3 are both 'Alpha'");
    expect_spoiled(spoil_utf8, "not UTF-8 text (byte 0xff)");
    expect_spoiled(spoil_labels, "3 groups with labels without a group "
                                 "column");
}

/* Header counts edited in the bytes (then resealed). */
static void test_header_values(void **state)
{
    (void)state;
    wold_sums *s = make(2, 0, 0, 0, 0, 1, 1);
    unsigned char *b;
    size_t len;
    pack(s, &b, &len);
    unsigned char *e = malloc(len);
    memcpy(e, b, len);
    e[28] = 0; /* p = 0 */
    reseal(e, len);
    expect_bad(e, len, "no columns (p = 0)");
    memcpy(e, b, len);
    e[24] = 0x80; /* a flag this version does not know */
    reseal(e, len);
    expect_bad(e, len, "unknown flags 0x00000080");
    memcpy(e, b, len);
    e[68] += 1; /* the header's row count */
    reseal(e, len);
    expect_bad(e, len, "the groups hold");
    memcpy(e, b, len);
    e[60] = 0; /* no pieces for one chunk */
    reseal(e, len);
    expect_bad(e, len, "0 pieces for 1 chunks");
    memcpy(e, b, len);
    e[35] = 0x40; /* p = 2^62 + 2: no overflow, no allocation */
    reseal(e, len);
    expect_bad(e, len, "columns: more than this machine can hold");
    memcpy(e, b, len);
    e[29] = 0x10; /* p = 4098: more names than bytes */
    reseal(e, len);
    expect_bad(e, len, "more bytes needed than the file holds");
    free(e);
    free(b);
    wold_sums_free(s);
}

static void test_check_model(void **state)
{
    (void)state;
    wold_sums *s = make(5, 0, 0, 0, 0, 1, 1);
    wold_error err;
    wold_model *ok = wt_model("A =~ q1 + q2 + q3\nB =~ sat1 + sat2\nB ~ A\n");
    assert_int_equal(wold_sums_check_model(s, ok, &err), WOLD_OK);
    wold_model *other =
        wt_model("A =~ q1 + q2 + sat1\nB =~ q3 + sat2\nB ~ A\n");
    WT_EXPECT_ERROR(wold_sums_check_model(s, other, &err), &err, WOLD_EINPUT,
                    "the moments file has columns (q1, q2, q3, sat1, sat2) "
                    "but the indicators of the model test.wold are (q1, q2, "
                    "sat1, q3, sat2); the first difference is column 3: "
                    "'q3' vs 'sat1'");
    assert_string_equal(err.file, "panel.csv");
    wold_model *fewer = wt_model("A =~ q1 + q2\nB =~ q3 + sat1\nB ~ A\n");
    WT_EXPECT_ERROR(wold_sums_check_model(s, fewer, &err), &err, WOLD_EINPUT,
                    "the moments have 5 columns, the model 4 indicators");
    /* The values (1 to 10 in every column) against the scales. */
    wold_model *wide = wt_model("scale 0:10\nA =~ q1 + q2 + q3\n"
                                "B =~ sat1 + sat2\nB ~ A\n");
    assert_int_equal(wold_sums_check_model(s, wide, &err), WOLD_OK);
    wold_model *narrow = wt_model("scale 1:7\nA =~ q1 + q2 + q3\n"
                                  "B =~ sat1 + sat2\nB ~ A\n");
    WT_EXPECT_ERROR(wold_sums_check_model(s, narrow, &err), &err,
                    WOLD_EINPUT, "column 'q1' holds values from 1 to 10, "
                    "outside the scale 1:7 of its indicator (the scale on "
                    "line 1 of test.wold)");
    wold_model_free(wide);
    wold_model_free(narrow);
    wold_model_free(ok);
    wold_model_free(other);
    wold_model_free(fewer);
    wold_sums_free(s);
}

/* A CSV file of about 3 MB (four chunks), some cells empty, and a group
 * column: the parts an MPI run reads, each packed and unpacked as ranks
 * send them, join into the sums of the whole file bit for bit. */
static void test_parts(void **state)
{
    (void)state;
    size_t cap = 4u << 20, n = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    n += (size_t)snprintf(text, cap, "q1,q2,q3,sat1,sat2,region\n");
    for (unsigned r = 0; n + 64 < cap && r < 240000; r++) {
        unsigned v = r * 2654435761u;
        for (int j = 0; j < 5; j++) {
            unsigned c = (v >> (3 * j)) % 11;
            n += (size_t)(c == 10 && r % 7 == 0
                              ? snprintf(text + n, cap - n, ",")
                              : snprintf(text + n, cap - n, "%u,", c % 10 + 1));
        }
        n += (size_t)snprintf(text + n, cap - n, "%c\n", "NSEW"[v >> 30]);
    }
    char *path = wt_temp_file(text, ".csv");
    free(text);
    wold_model *model = wt_model("A =~ q1 + q2 + q3\nB =~ sat1 + sat2\n"
                                 "B ~ A\n");
    wold_sums_options so;
    wold_sums_options_default(&so);
    so.group = "region";
    wold_sums *whole = NULL, *all = NULL;
    wold_error err;
    assert_int_equal(wold_sums_read_csv(&whole, path, model, NULL, &so, &err),
                     WOLD_OK);
    assert_true(whole->n_chunks >= 3);
    so.n_parts = 3;
    for (so.part = 0; so.part < 3; so.part++) {
        wold_sums *part = NULL, *back = NULL;
        assert_int_equal(wold_sums_read_csv(&part, path, model, NULL, &so,
                                            &err), WOLD_OK);
        unsigned char *b;
        size_t len;
        pack(part, &b, &len);
        assert_int_equal(wold_sums_unpack(&back, b, len, NULL, &err), WOLD_OK);
        same_sums(part, back, 1);
        free(b);
        wold_sums_free(part);
        if (all == NULL)
            all = back;
        else {
            assert_int_equal(wold_sums_join(all, back, &err), WOLD_OK);
            wold_sums_free(back);
        }
    }
    same_sums(whole, all, 1);
    unsigned char *a, *b;
    size_t la, lb;
    pack(whole, &a, &la);
    pack(all, &b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    free(a);
    free(b);
    wold_sums_free(all);
    wold_sums_free(whole);
    wold_model_free(model);
    unlink(path);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32c_vector),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_save_load),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_flipped),
        cmocka_unit_test(test_not_moments),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_checksum),
        cmocka_unit_test(test_impossible),
        cmocka_unit_test(test_header_values),
        cmocka_unit_test(test_check_model),
        cmocka_unit_test(test_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
