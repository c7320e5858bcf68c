/* csvjob.h - random record texts, one parse of the tokenizer and the
 * comparison of two, for the tests of its vector record paths
 * (test_likert, test_decimals). */
#ifndef WOLD_TEST_CSVJOB_H
#define WOLD_TEST_CSVJOB_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "testutil.h"

/* Parses [start, end) with cap rows (grow 0), vector path on or off. */
static inline wold__csv_job parse(const wold__csv_layout *lay,
                                  const char *start, const char *end,
                                  size_t cap, double *x)
{
    wold__csv_job job;
    memset(&job, 0, sizeof job);
    job.lay = lay;
    job.start = start;
    job.end = end;
    job.x = x;
    job.cap = cap;
    wold__csv_parse_rows(&job);
    return job;
}

static inline void same_jobs(const wold__csv_job *a,
                             const wold__csv_job *b, const double *xa,
                             const double *xb, size_t p)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->n_missing, b->n_missing);
    assert_int_equal(a->n_incomplete, b->n_incomplete);
    assert_int_equal(a->full, b->full);
    assert_ptr_equal(a->stop, b->stop);
    assert_int_equal(a->fault.kind, b->fault.kind);
    if (a->fault.kind != WOLD__FAULT_NONE) {
        assert_int_equal(a->fault.line, b->fault.line);
        assert_ptr_equal(a->fault.line_start, b->fault.line_start);
        assert_int_equal(a->fault.field, b->fault.field);
        assert_ptr_equal(a->fault.text, b->fault.text);
        assert_int_equal(a->fault.text_len, b->fault.text_len);
        assert_int_equal(a->fault.found, b->fault.found);
    }
    assert_memory_equal(xa, xb, a->n * p * sizeof *xa);
}

/* Each piece's rows, for a further check. */
typedef void (*rows_fn)(const char *at, const double *x, size_t n,
                        const wold__csv_layout *lay);

/* The tokenizer with the layout vec (its vector paths) against the
 * scalar one over [start, end): the whole text, then in pieces of cap
 * rows from each stop; every piece the same rows bit for bit, counts,
 * stop and fault, and its rows to check (NULL: none). */
static inline void compare_paths(const char *start, const char *end,
                                 const wold__csv_layout *vec, size_t cap,
                                 rows_fn check)
{
    wold__csv_layout sca = *vec;
    sca.simd = WOLD__SIMD_NONE;
    size_t q = vec->p ? vec->p : 1;
    double *xa = malloc((cap + 1) * q * sizeof *xa);
    double *xb = malloc((cap + 1) * q * sizeof *xb);
    assert_true(xa && xb);
    /* Cells a path does not write stay equal. */
    memset(xa, 0x77, (cap + 1) * q * sizeof *xa);
    memset(xb, 0x77, (cap + 1) * q * sizeof *xb);
    for (const char *at = start; at < end;) {
        wold__csv_job a = parse(vec, at, end, cap, xa);
        wold__csv_job b = parse(&sca, at, end, cap, xb);
        same_jobs(&a, &b, xa, xb, vec->p);
        if (check != NULL)
            check(at, xa, a.n, vec);
        if (!a.full)
            break;
        at = a.stop;
    }
    free(xa);
    free(xb);
}

/* A mapped layout's columns: every third field skipped, the rest in
 * reverse order; returns their number. */
static inline size_t mapped(size_t fields, int32_t *dest)
{
    size_t p = 0;
    for (size_t f = 0; f < fields; f++)
        dest[f] = f % 3 == 1 ? -1 : (int32_t)p++;
    for (size_t f = 0; f < fields; f++)
        if (dest[f] >= 0)
            dest[f] = (int32_t)(p - 1) - dest[f];
    return p;
}

static inline uint64_t lcg64(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s;
}

static inline unsigned lcg(uint64_t *s) { return (unsigned)(lcg64(s) >> 33); }

/* One of the odd shapes at t, one time in odd (r: a random number): 1
 * with its length in *len (the empty shape too), else 0. */
static inline int odd_shape(char *t, const char *const *shapes,
                            size_t n_shapes, unsigned r, unsigned odd,
                            size_t *len)
{
    if (odd == 0 || r % odd != 0)
        return 0;
    const char *sh = shapes[(r / odd) % n_shapes];
    *len = strlen(sh);
    memcpy(t, sh, *len);
    return 1;
}

/* One field's text at t (at most `width` bytes), odd shapes at rate
 * 1/odd; its length. */
typedef size_t (*field_fn)(char *t, uint64_t *s, unsigned odd);

/* rows records of about `fields` fields (exactly, unless odd adds or
 * drops one now and then; a blank line now and then) after a header
 * line.  A record ends in CRLF one time in crlf (0: one in 9 odd when
 * odd > 0, else never); with odd > 0 and an odd seed the last newline is
 * left off. */
static inline char *random_text(size_t rows, size_t fields, char sep,
                                unsigned odd, uint64_t seed, size_t width,
                                field_fn field, unsigned crlf, size_t *len)
{
    size_t cap = rows * ((fields + 1) * (width + 1) + 16) + 64, n = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    uint64_t s = seed;
    n += (size_t)sprintf(t, "header\n");
    for (size_t r = 0; r < rows; r++) {
        unsigned q = lcg(&s);
        size_t k = fields;
        if (odd > 0 && q % (odd * 4) == 1)
            k = fields + 1;
        else if (odd > 0 && q % (odd * 4) == 2 && fields > 1)
            k = fields - 1;
        if (odd > 0 && q % (odd * 8) == 3) {
            t[n++] = '\n'; /* a blank line */
            continue;
        }
        for (size_t f = 0; f < k; f++) {
            if (f > 0)
                t[n++] = sep;
            n += field(t + n, &s, odd);
        }
        if (crlf ? q % crlf == 4 : odd > 0 && q % (odd * 9) == 4)
            t[n++] = '\r';
        t[n++] = '\n';
    }
    if (odd > 0 && n > 1 && seed % 2)
        n--; /* no final newline */
    *len = n;
    return t;
}

#endif
