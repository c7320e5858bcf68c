/*
 * convert.c - all data rows into one n x p matrix, on N threads.
 *
 * Without quote characters every record is one line, so the text can be cut
 * at any newline.  Each thread first counts the rows of its part, then the
 * matrix is allocated once (peak memory = the matrix plus the mapping) and
 * each thread converts its part into its own row range.  A thread that
 * meets a problem stops; the problem of the earliest part wins, which is
 * the first in file order since every part stops at its first.  The
 * numbers do not depend on the cuts: each cell is converted alone.
 */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "data/data.h"
#include "util/util.h"

/* With threads = 0 (one per core), a part is at least this large: below
 * it, starting a thread costs more than it saves. */
#define PART_MIN_BYTES ((size_t)1 << 20)
#define MAX_PARTS 64

typedef struct part {
    wold__csv_job job;
    size_t rows; /* counted */
    int quote;   /* the part has a quote character */
} part;

/* Each thread counts the rows of its own part and looks for quotes in
 * the same pass (a serial memchr over the whole text, then a count, cost
 * a tenth of the time). */
static void *count_part(void *arg)
{
    part *pt = arg;
    pt->rows = wold__csv_count_rows_quote(pt->job.start, pt->job.end,
                                          &pt->quote);
    return NULL;
}

static void *convert_part(void *arg)
{
    wold__csv_parse_rows(&((part *)arg)->job);
    return NULL;
}

/* Runs fn on every part, parts after the first in threads of their own. */
static void run_parts(part *parts, size_t k, void *(*fn)(void *))
{
    pthread_t tid[MAX_PARTS];
    int started[MAX_PARTS] = {0};
    for (size_t i = 1; i < k; i++)
        started[i] = pthread_create(&tid[i], NULL, fn, &parts[i]) == 0;
    fn(&parts[0]);
    for (size_t i = 1; i < k; i++) {
        if (started[i])
            pthread_join(tid[i], NULL);
        else
            fn(&parts[i]); /* no thread to be had: do it here */
    }
}

/* Parts for threads (0: one per online core) over len bytes. */
static size_t n_parts(unsigned threads, size_t len)
{
    size_t k = threads;
    if (k == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        k = cores > 0 ? (size_t)cores : 1;
        if (k > len / PART_MIN_BYTES)
            k = len / PART_MIN_BYTES;
    }
    return k < 1 ? 1 : k > MAX_PARTS ? MAX_PARTS : k;
}

/* Cuts [start, end) into at most want parts that begin at a line start. */
static size_t split(part *parts, size_t want, const char *start,
                    const char *end)
{
    size_t len = (size_t)(end - start);
    size_t k = 0;
    const char *p = start;
    for (size_t i = 1; i < want && p < end; i++) {
        const char *cut = start + len / want * i;
        if (cut < p)
            cut = p;
        const char *nl = memchr(cut, '\n', (size_t)(end - cut));
        if (nl == NULL)
            break;
        parts[k].job.start = p;
        parts[k].job.end = nl + 1;
        k++;
        p = nl + 1;
    }
    parts[k].job.start = p;
    parts[k].job.end = end;
    return k + 1;
}

/*
 * The matrix (freed with free()).  A large one is aligned to 2 MB and
 * asks for transparent huge pages: first-touch page faults of 4 kB pages
 * otherwise cost as much as the conversion itself.
 */
static double *alloc_matrix(size_t bytes)
{
    const size_t huge = (size_t)2 << 20;
    if (bytes < 4 * huge)
        return malloc(bytes ? bytes : 1);
    void *m = NULL;
    if (posix_memalign(&m, huge, bytes) != 0)
        return NULL;
#ifdef MADV_HUGEPAGE
    madvise(m, bytes, MADV_HUGEPAGE); /* advice only: failure is harmless */
#endif
    return m;
}

/* The one-pass route for text with quotes: records may span lines. */
static wold_status convert_growing(part *pt, double **x, size_t *n)
{
    pt->job.grow = 1;
    wold__csv_parse_rows(&pt->job);
    if (pt->job.nomem) {
        free(pt->job.x);
        return WOLD_ENOMEM;
    }
    *x = pt->job.x;
    *n = pt->job.n;
    size_t bytes = pt->job.n * pt->job.lay->p * sizeof(double);
    if (pt->job.n < pt->job.cap && bytes > 0) {
        double *fit = realloc(*x, bytes); /* give back the doubling slack */
        if (fit != NULL)
            *x = fit;
    }
    return WOLD_OK;
}

/* The route for text without quotes: counted parts, one matrix. */
static wold_status convert_counted(part *parts, size_t k,
                                   const wold__csv_layout *lay, double **x,
                                   size_t *n)
{
    size_t rows = 0, p = lay->p ? lay->p : 1;
    for (size_t i = 0; i < k; i++)
        rows += parts[i].rows;
    if (rows > SIZE_MAX / sizeof(double) / p)
        return WOLD_ENOMEM;
    double *m = alloc_matrix(rows * p * sizeof(double));
    if (m == NULL)
        return WOLD_ENOMEM;
    for (size_t i = 0, at = 0; i < k; i++) {
        parts[i].job.x = m + at * lay->p;
        parts[i].job.cap = parts[i].rows;
        at += parts[i].rows;
    }
    run_parts(parts, k, convert_part);
    *x = m;
    *n = rows;
    return WOLD_OK;
}

wold_status wold__csv_convert(const wold__csv_layout *lay, const char *start,
                              const char *end, unsigned threads, double **x,
                              size_t *n, size_t *n_missing,
                              size_t *n_incomplete, wold__csv_fault *fault,
                              const char **fault_start)
{
    part parts[MAX_PARTS];
    memset(parts, 0, sizeof parts);
    for (size_t i = 0; i < MAX_PARTS; i++)
        parts[i].job.lay = lay;
    *x = NULL;
    *n = *n_missing = *n_incomplete = 0;
    fault->kind = WOLD__FAULT_NONE;
    size_t k = split(parts, n_parts(threads, (size_t)(end - start)), start,
                     end);
    run_parts(parts, k, count_part);
    int quote = 0;
    for (size_t i = 0; i < k; i++)
        quote |= parts[i].quote;
    if (quote) {
        memset(parts, 0, sizeof parts);
        parts[0].job = (wold__csv_job){.lay = lay, .start = start, .end = end};
        k = 1;
        WOLD_TRY(convert_growing(&parts[0], x, n));
    } else {
        WOLD_TRY(convert_counted(parts, k, lay, x, n));
    }
    for (size_t i = 0; i < k; i++) {
        const wold__csv_job *job = &parts[i].job;
        if (job->fault.kind != WOLD__FAULT_NONE) {
            *fault = job->fault;
            *fault_start = job->start;
            return WOLD_OK;
        }
        if (job->nomem || job->full) { /* full: the counts were wrong */
            free(*x);
            *x = NULL;
            return WOLD_ENOMEM;
        }
        *n_missing += job->n_missing;
        *n_incomplete += job->n_incomplete;
    }
    return WOLD_OK;
}
