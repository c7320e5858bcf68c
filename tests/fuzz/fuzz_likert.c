/*
 * fuzz_likert.c - libFuzzer target of the tokenizer's vector record
 * paths: Likert cells (src/data/likert.c) and, under the CPU's best,
 * plain decimals (src/data/decimals.c).  Differential: the tokenizer's
 * rows with each vector path (the CPU's best, AVX2) and without one must
 * be the same bit for bit, with the same counts, stop and fault, for any
 * text.
 *
 * The first input byte chooses the layout, the second the rows per call,
 * the rest is the text (records from its start):
 *     byte 0, bits 0-5  fields - 1 (1 to 64)
 *             bit 6     separator ';' instead of ','
 *             bit 7     columns mapped: every third field skipped, the
 *                       others in reverse order
 *     byte 1            rows per call - 1: the text is parsed in calls of
 *                       that many rows, each from where the last stopped
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "data/data.h"

static wold__csv_job parse(const wold__csv_layout *lay, const char *start,
                           const char *end, size_t cap, double *x)
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

static void same(const wold__csv_job *a, const wold__csv_job *b,
                 const double *xa, const double *xb, size_t p)
{
    FUZZ_CHECK(a->n == b->n, "rows %zu, scalar %zu", a->n, b->n);
    FUZZ_CHECK(a->n_missing == b->n_missing && a->n_incomplete ==
                   b->n_incomplete && a->full == b->full &&
                   a->stop == b->stop && a->nomem == b->nomem,
               "counts or stop differ after %zu rows", a->n);
    FUZZ_CHECK(a->fault.kind == b->fault.kind, "fault %d, scalar %d",
               (int)a->fault.kind, (int)b->fault.kind);
    if (a->fault.kind != WOLD__FAULT_NONE)
        FUZZ_CHECK(a->fault.line == b->fault.line &&
                       a->fault.line_start == b->fault.line_start &&
                       a->fault.field == b->fault.field &&
                       a->fault.text == b->fault.text &&
                       a->fault.text_len == b->fault.text_len &&
                       a->fault.found == b->fault.found,
                   "the fault is elsewhere (line %zu field %zu, scalar "
                   "line %zu field %zu)", a->fault.line, a->fault.field,
                   b->fault.line, b->fault.field);
    FUZZ_CHECK(memcmp(xa, xb, a->n * p * sizeof *xa) == 0,
               "the values of %zu rows differ", a->n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t fields = (size_t)(data[0] & 63) + 1, cap = (size_t)data[1] + 1;
    char sep = data[0] & 64 ? ';' : ',';
    int32_t dest[64];
    size_t p = 0;
    for (size_t f = 0; f < fields; f++)
        dest[f] = (data[0] & 128) && f % 3 == 1 ? -1 : (int32_t)p++;
    for (size_t f = 0; (data[0] & 128) && f < fields; f++)
        if (dest[f] >= 0)
            dest[f] = (int32_t)(p - 1) - dest[f];
    /* The text alone in its buffer, so reads past it are caught. */
    size_t len = size - 2;
    char *text = malloc(len ? len : 1);
    double *xa = malloc(cap * (p ? p : 1) * sizeof *xa);
    double *xb = malloc(cap * (p ? p : 1) * sizeof *xb);
    FUZZ_CHECK(text && xa && xb, "out of memory");
    memcpy(text, data + 2, len);
    memset(xa, 0x77, cap * (p ? p : 1) * sizeof *xa);
    memset(xb, 0x77, cap * (p ? p : 1) * sizeof *xb);
    wold__csv_layout sca = {sep, fields, dest, p, WOLD__SIMD_NONE};
    static const int paths[2] = {WOLD__SIMD_BEST, WOLD__SIMD_AVX2};
    for (int v = 0; v < 2; v++) {
        wold__csv_layout vec = {sep, fields, dest, p, paths[v]};
        for (const char *at = text, *end = text + len; at < end;) {
            wold__csv_job a = parse(&vec, at, end, cap, xa);
            wold__csv_job b = parse(&sca, at, end, cap, xb);
            same(&a, &b, xa, xb, p);
            if (!a.full || a.stop == at)
                break;
            at = a.stop;
        }
    }
    free(xb);
    free(xa);
    free(text);
    return 0;
}
