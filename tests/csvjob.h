/* csvjob.h - one parse of the tokenizer and the comparison of two, for
 * the tests of its vector record paths (test_likert, test_decimals). */
#ifndef WOLD_TEST_CSVJOB_H
#define WOLD_TEST_CSVJOB_H

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

#endif
