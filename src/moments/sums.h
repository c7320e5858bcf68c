/* sums.h - wold_sums inside the library: pieces of a fixed merge tree. */
#ifndef WOLD_SUMS_H
#define WOLD_SUMS_H

#include <stddef.h>
#include <stdint.h>

#include <wold/wold.h>

/*
 * The statistics of one group over some rows.  Complete rows (every
 * column present, weight > 0 when weighted) go into wc/mean/m2 through
 * cblas_dsyrk; incomplete rows go into the pairwise arrays, which are
 * NULL while there are none (ni == 0).  Every p x p array is full
 * (both triangles), row-major.
 */
typedef struct wold__stats {
    size_t n_rows;      /* rows read, whatever their cells or weight */
    size_t n_missing;   /* missing cells in them */
    size_t n_incomplete; /* rows with a missing cell, whatever their
                            weight (listwise deletion drops them) */
    size_t nc;          /* complete rows */
    double wc;          /* their weight total (nc when unweighted) */
    double *mean;       /* p: complete rows' means (0 when nc == 0) */
    double *m2;         /* p x p: their centred cross-products */
    double *cmin, *cmax; /* p: complete rows' range (NaN when none) */
    size_t ni;          /* incomplete rows (weight > 0 when weighted) */
    double wi;          /* their weight total (ni when unweighted) */
    double *pw;         /* p x p: weight of incomplete rows with i and j
                           present (the diagonal: i present) */
    double *pmean;      /* p x p: [i*p+j] mean of column i over them */
    double *pm2;        /* p x p: their centred cross-products */
    double *amin, *amax; /* p: range over all present values (NaN: none) */
    /* Sums of squared weights of the complete and the incomplete rows
     * (nc and ni when unweighted): Kish's effective n. */
    double w2c, w2i;
} wold__stats;

/* One node of the tree: chunks [index << level, (index + 1) << level). */
typedef struct wold__piece {
    unsigned level;
    size_t index;
    size_t n_groups;
    char **labels;      /* n_groups labels, or NULL without groups */
    wold__stats *g;     /* n_groups */
} wold__piece;

struct wold_sums {
    size_t p;
    char **names;       /* p column names */
    char *source;       /* for messages */
    char *w_name;       /* weight column, or NULL */
    char *group_name;   /* group column, or NULL */
    int weighted;
    /* The chunks this holds: [first, end) of a file of n_chunks; a part
     * read by wold_sums_options holds a share, a whole file all.  After
     * wold_sums_merge (different files) or wold_sums_from_data the sums
     * are one piece with first = 0, end = n_chunks = 1. */
    size_t first, end, n_chunks;
    /* The stack of pieces in chunk order: aligned nodes whose sizes do
     * not grow from bottom to top (a binary counter).  Collapsing it right
     * to left gives the root: wold__sums_root. */
    size_t n_pieces, cap_pieces;
    wold__piece *pieces;
};

/* Rows per block of wold__stats_add_rows (one dsyrk, one exact product;
 * the block wold__moments_add_block used, so the moments of a small
 * complete data set keep their bits): rows added in several calls of
 * whole blocks give the bits of one call. */
#define WOLD__STATS_BLOCK 1024

/* Stats of p columns, empty; wold__stats_free frees the arrays only. */
wold_status wold__stats_init(wold__stats *s, size_t p);
void wold__stats_free(wold__stats *s);
wold_status wold__stats_copy(wold__stats *dst, const wold__stats *src,
                             size_t p);

/*
 * Adds rows x (k x p row-major, NaN = missing; scratch, overwritten) of
 * weights w (NULL: 1 each) to s.  work holds at least
 * wold__stats_work_size(p) doubles.  Allocates only when the first
 * incomplete row arrives (the pairwise arrays): WOLD_ENOMEM.
 */
size_t wold__stats_work_size(size_t p);
wold_status wold__stats_add_rows(wold__stats *s, size_t p, double *x,
                                 const double *w, size_t k, double *work);

/* a becomes a and b's rows (a before b); exact formulas (Chan et al.,
 * pairwise for the incomplete part).  WOLD_ENOMEM. */
wold_status wold__stats_merge(wold__stats *a, const wold__stats *b,
                              size_t p);

/* The moments of s under the rule (names and source for messages). */
wold_status wold__stats_moments(wold_moments **out, const wold__stats *s,
                                size_t p, int weighted, wold_missing missing,
                                char *const *names, const char *source,
                                wold_error *err);

/* A piece of one chunk with n_groups empty groups (labels copied when
 * not NULL).  wold__piece_free frees what it holds. */
wold_status wold__piece_init(wold__piece *pc, size_t index, size_t p,
                             size_t n_groups, char *const *labels);
void wold__piece_free(wold__piece *pc);
/* A deep copy of src.  WOLD_ENOMEM (dst is then empty). */
wold_status wold__piece_copy(wold__piece *dst, const wold__piece *src,
                             size_t p);

/* a becomes a's and b's rows, groups matched by label (b's new labels
 * appended in b's order); a's level rises by one (a and b siblings). */
wold_status wold__piece_merge(wold__piece *a, const wold__piece *b,
                              size_t p);

/* Empty sums of the given columns for chunks [first, end) of n_chunks
 * (names etc. copied). */
wold_status wold__sums_new(wold_sums **out, size_t p,
                           char *const *names, const char *source,
                           const char *w_name, const char *group_name,
                           size_t first, size_t end, size_t n_chunks);

/* Pushes the piece (taken: *pc is emptied) on the stack, merging
 * siblings.  Pieces must come in chunk order. */
wold_status wold__sums_push(wold_sums *s, wold__piece *pc);

/* The root of the whole tree (a copy): the sums must hold every chunk
 * (first == 0, end == n_chunks).  WOLD_EUSAGE otherwise. */
wold_status wold__sums_root(const wold_sums *s, wold__piece *root,
                            wold_error *err);

/* wold_sums_from_data with the given row weights (NULL: unweighted,
 * whatever data's own), for wold_moments_compute_weighted. */
wold_status wold__sums_from_rows(wold_sums **out, const wold_data *data,
                                 const double *weights, size_t group_label,
                                 unsigned threads, wold_error *err);

/*
 * The ordered chunk runner (run.c).  `threads` workers (0: the online
 * cores, at most WOLD__RUN_MAX_THREADS) claim chunks first, first + 1, ...
 * up to end, or, for end == SIZE_MAX, until a chunk sets *end = 1 (there
 * is no such chunk: its piece is discarded).  fn fills out (it calls
 * wold__piece_init itself, with the chunk's number as index); worker is
 * 0 .. threads - 1, for per-worker scratch.  Pieces are pushed on s in
 * chunk order through a reorder buffer of a few pieces per worker; a
 * worker that runs that far ahead of the oldest unfinished chunk waits.
 * On error the lowest failing chunk's status is returned with its error
 * in err: every chunk before it is completed and pushed, chunks after it
 * are abandoned.  fn may block waiting for an earlier chunk (a stream
 * read in order): chunks are claimed in order, so that one is running.
 */
#define WOLD__RUN_MAX_THREADS 64
typedef wold_status (*wold__chunk_fn)(void *user, size_t chunk,
                                      unsigned worker, wold__piece *out,
                                      int *end, wold_error *err);
wold_status wold__sums_run(wold_sums *s, size_t first, size_t end,
                           unsigned threads, wold__chunk_fn fn, void *user,
                           wold_error *err);
/* The workers wold__sums_run starts for `threads` (0: online cores). */
unsigned wold__run_threads(unsigned threads);

#endif
