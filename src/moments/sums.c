/*
 * sums.c - wold_sums: the sufficient statistics of a panel, by group,
 * from an in-memory data set or joined and merged from parts and files;
 * the moments under any missing-value rule from them.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "moments/moments.h"
#include "moments/sums.h"
#include "util/util.h"

/* Rows per chunk of an in-memory data set: the chunks are fixed by the
 * row numbers, so the tree (and the bits) depend on the data alone. */
#define WOLD__SUMS_DATA_ROWS 8192

void wold_sums_options_default(wold_sums_options *opt)
{
    memset(opt, 0, sizeof *opt);
}

static wold_status no_memory(wold_error *err)
{
    return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the sums");
}

/* ------------------------------------------------------------------------
 * From an in-memory data set
 * ------------------------------------------------------------------------ */

/* One worker's scratch: the chunk's rows sorted by group. */
typedef struct data_scratch {
    double *x, *w, *work;
    size_t *local;   /* a level's group in the chunk, or SIZE_MAX */
    size_t *count;   /* rows of each of the chunk's groups */
    size_t *order;   /* the chunk's levels in first-appearance order */
} data_scratch;

typedef struct data_job {
    const wold_data *data;
    const double *weights;
    const wold__label *label;  /* the group column, or NULL */
    data_scratch *scratch;     /* one per worker */
} data_job;

static void scratch_free(data_scratch *sc)
{
    free(sc->x), free(sc->w), free(sc->work);
    free(sc->local), free(sc->count), free(sc->order);
}

/* Room for a chunk of rows (fewer for a small data set). */
static wold_status scratch_alloc(data_scratch *sc, size_t p, size_t levels,
                                 size_t rows)
{
    size_t R = rows < WOLD__SUMS_DATA_ROWS ? (rows ? rows : 1)
                                           : WOLD__SUMS_DATA_ROWS;
    size_t L = levels ? levels : 1;
    sc->x = malloc(R * (p ? p : 1) * sizeof *sc->x);
    sc->w = malloc(R * sizeof *sc->w);
    sc->work = malloc(wold__stats_work_size(p) * sizeof *sc->work);
    sc->local = malloc(L * sizeof *sc->local);
    sc->count = malloc(L * sizeof *sc->count);
    sc->order = malloc(L * sizeof *sc->order);
    if (sc->x && sc->w && sc->work && sc->local && sc->count && sc->order) {
        for (size_t k = 0; k < L; k++)
            sc->local[k] = SIZE_MAX;
        return WOLD_OK;
    }
    scratch_free(sc);
    memset(sc, 0, sizeof *sc);
    return WOLD_ENOMEM;
}

/* The chunk's groups in first-appearance order (sc->order, sc->local). */
static size_t chunk_groups(data_scratch *sc, const size_t *codes, size_t r0,
                           size_t r1)
{
    size_t n = 0;
    for (size_t r = r0; r < r1; r++)
        if (sc->local[codes[r]] == SIZE_MAX) {
            sc->local[codes[r]] = n;
            sc->count[n] = 0;
            sc->order[n++] = codes[r];
        }
    for (size_t r = r0; r < r1; r++)
        sc->count[sc->local[codes[r]]]++;
    return n;
}

/* Copies rows [r0, r1) into the scratch, grouped (stably) when there is
 * a group column; returns the groups' row offsets in sc->count. */
static void gather_rows(const data_job *job, data_scratch *sc, size_t r0,
                        size_t r1, size_t n_groups)
{
    size_t p = job->data->p;
    const double *w = job->weights;
    if (job->label == NULL) {
        memcpy(sc->x, job->data->x + r0 * p, (r1 - r0) * p * sizeof *sc->x);
        if (w != NULL)
            memcpy(sc->w, w + r0, (r1 - r0) * sizeof *sc->w);
        return;
    }
    size_t at = 0;
    for (size_t g = 0; g < n_groups; g++) { /* counts become offsets */
        size_t c = sc->count[g];
        sc->count[g] = at;
        at += c;
    }
    const size_t *codes = job->label->codes;
    for (size_t r = r0; r < r1; r++) {
        size_t k = sc->count[sc->local[codes[r]]]++;
        memcpy(sc->x + k * p, job->data->x + r * p, p * sizeof *sc->x);
        sc->w[k] = w != NULL ? w[r] : 1.0;
    }
}

static wold_status data_chunk(void *user, size_t chunk, unsigned worker,
                              wold__piece *out, int *end, wold_error *err)
{
    (void)end;
    const data_job *job = user;
    data_scratch *sc = &job->scratch[worker];
    size_t p = job->data->p, r0 = chunk * WOLD__SUMS_DATA_ROWS;
    size_t r1 = r0 + WOLD__SUMS_DATA_ROWS;
    r1 = r1 < job->data->n ? r1 : job->data->n;
    size_t n_groups = 1;
    char **labels = NULL;
    if (job->label != NULL) {
        n_groups = chunk_groups(sc, job->label->codes, r0, r1);
        labels = malloc((n_groups ? n_groups : 1) * sizeof *labels);
        if (labels == NULL)
            return no_memory(err);
        for (size_t g = 0; g < n_groups; g++)
            labels[g] = job->label->levels[sc->order[g]];
    }
    wold_status st = wold__piece_init(out, chunk, p, n_groups, labels);
    free(labels);
    if (st == WOLD_OK)
        gather_rows(job, sc, r0, r1, n_groups);
    for (size_t g = 0; g < n_groups && st == WOLD_OK; g++) {
        size_t a = job->label ? (g ? sc->count[g - 1] : 0) : 0;
        size_t b = job->label ? sc->count[g] : r1 - r0;
        const double *w = job->weights != NULL ? sc->w + a : NULL;
        st = wold__stats_add_rows(&out->g[g], p, sc->x + a * p, w, b - a,
                                  sc->work);
    }
    for (size_t g = 0; job->label != NULL && g < n_groups; g++)
        sc->local[sc->order[g]] = SIZE_MAX;
    return st == WOLD_OK ? WOLD_OK : no_memory(err);
}

static wold_status check_weights(const wold_data *d, const double *w,
                                 wold_error *err)
{
    for (size_t r = 0; w != NULL && r < d->n; r++)
        if (!(w[r] >= 0.0) || isinf(w[r]))
            return WOLD_FAIL(err, WOLD_EUSAGE,
                             "the weight of row %zu is %g; weights must be "
                             "finite numbers >= 0", r + 1, w[r]);
    return WOLD_OK;
}

/* Replaces s's stack by its root, as one chunk of one. */
static wold_status collapse(wold_sums *s, wold_error *err)
{
    wold__piece root;
    WOLD_TRY(wold__sums_root(s, &root, err));
    for (size_t k = 0; k < s->n_pieces; k++)
        wold__piece_free(&s->pieces[k]);
    s->n_pieces = 0;
    s->first = 0;
    s->end = s->n_chunks = 1;
    root.level = 0;
    root.index = 0;
    if (wold__sums_push(s, &root) != WOLD_OK)
        return no_memory(err);
    return WOLD_OK;
}

static wold_status run_data(wold_sums *s, data_job *job, unsigned threads,
                            size_t n_chunks, wold_error *err)
{
    size_t levels = job->label != NULL ? job->label->n_levels : 0;
    unsigned t = wold__run_threads(threads);
    if (n_chunks < t)
        t = n_chunks ? (unsigned)n_chunks : 1;
    job->scratch = calloc(t, sizeof *job->scratch);
    wold_status st = job->scratch != NULL ? WOLD_OK : no_memory(err);
    for (unsigned i = 0; i < t && st == WOLD_OK; i++)
        if (scratch_alloc(&job->scratch[i], job->data->p, levels,
                          job->data->n) != WOLD_OK)
            st = no_memory(err);
    if (st == WOLD_OK)
        st = wold__sums_run(s, 0, n_chunks, t, data_chunk, job, err);
    for (unsigned i = 0; job->scratch != NULL && i < t; i++)
        scratch_free(&job->scratch[i]);
    free(job->scratch);
    return st;
}

/* The sums of data's rows with weights (NULL: unweighted) by the label
 * column group_label ((size_t)-1: one group). */
wold_status wold__sums_from_rows(wold_sums **out, const wold_data *data,
                                 const double *weights, size_t group_label,
                                 unsigned threads, wold_error *err)
{
    *out = NULL;
    const wold__label *label = NULL;
    if (group_label != (size_t)-1) {
        if (group_label >= data->n_labels)
            return WOLD_FAIL(err, WOLD_EUSAGE,
                             "label column %zu asked for as the group, but "
                             "the data have %zu", group_label + 1,
                             data->n_labels);
        label = &data->labels[group_label];
    }
    WOLD_TRY(check_weights(data, weights, err));
    size_t n_chunks = (data->n + WOLD__SUMS_DATA_ROWS - 1) /
                      WOLD__SUMS_DATA_ROWS;
    wold_sums *s = NULL;
    const char *w_name = weights == NULL ? NULL
                         : data->w_name != NULL ? data->w_name : "(weights)";
    if (wold__sums_new(&s, data->p, data->names, data->source, w_name,
                       label != NULL ? label->name : NULL, 0, n_chunks,
                       n_chunks) != WOLD_OK)
        return no_memory(err);
    data_job job = {data, weights, label, NULL};
    wold_status st = run_data(s, &job, threads, n_chunks, err);
    if (st == WOLD_OK)
        st = collapse(s, err);
    if (st != WOLD_OK) {
        wold_sums_free(s);
        return st;
    }
    *out = s;
    return WOLD_OK;
}

/* 1 when column i has the name of an earlier one: a higher-order
 * block's repeat (a header or a model names a column once otherwise). */
static int repeated_name(const wold_data *d, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (strcmp(d->names[k], d->names[i]) == 0)
            return 1;
    return 0;
}

wold_status wold_sums_from_data(wold_sums **out, const wold_data *data,
                                size_t group_label, unsigned threads,
                                wold_error *err)
{
    size_t q = 0;
    for (size_t i = 0; i < data->p; i++)
        q += !repeated_name(data, i);
    if (q == data->p)
        return wold__sums_from_rows(out, data, data->w, group_label, threads,
                                    err);
    /* Sums hold each column once, as the streamed reader's do: a repeat
     * holds its original's cells.  A view of the data without them. */
    *out = NULL;
    wold_data view = *data;
    view.p = q;
    view.names = malloc(q * sizeof *view.names);
    view.x = malloc((data->n ? data->n : 1) * q * sizeof *view.x);
    size_t *keep = malloc(q * sizeof *keep);
    wold_status st = WOLD_OK;
    if (view.names == NULL || view.x == NULL || keep == NULL) {
        st = no_memory(err);
    } else {
        for (size_t i = 0, j = 0; i < data->p; i++)
            if (!repeated_name(data, i)) {
                keep[j] = i;
                view.names[j++] = data->names[i];
            }
        for (size_t r = 0; r < data->n; r++)
            for (size_t j = 0; j < q; j++)
                view.x[r * q + j] = data->x[r * data->p + keep[j]];
        st = wold__sums_from_rows(out, &view, data->w, group_label, threads,
                                  err);
    }
    free(keep);
    free(view.x);
    free(view.names);
    return st;
}

/* ------------------------------------------------------------------------
 * Joining parts, merging files
 * ------------------------------------------------------------------------ */

static int same_text(const char *a, const char *b)
{
    return (a == NULL && b == NULL) ||
           (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* WOLD_EINPUT (status) unless a and b have the same columns, weighting
 * and group column. */
static wold_status check_alike(const wold_sums *a, const wold_sums *b,
                               wold_status status, wold_error *err)
{
    if (a->p != b->p)
        return WOLD_FAIL(err, status,
                         "the sums of %s have %zu columns but those of %s "
                         "have %zu", a->source, a->p, b->source, b->p);
    for (size_t i = 0; i < a->p; i++)
        if (strcmp(a->names[i], b->names[i]) != 0)
            return WOLD_FAIL(err, status,
                             "column %zu is '%s' in the sums of %s but '%s' "
                             "in those of %s", i + 1, a->names[i], a->source,
                             b->names[i], b->source);
    if (a->weighted != b->weighted)
        return WOLD_FAIL(err, status,
                         "the sums of %s are %s but those of %s are %s",
                         a->source,
                         a->weighted ? "weighted" : "not weighted", b->source,
                         b->weighted ? "weighted" : "not weighted");
    if (!same_text(a->group_name, b->group_name))
        return WOLD_FAIL(err, status,
                         "the sums of %s are grouped by %s%s%s but those of "
                         "%s by %s%s%s", a->source,
                         a->group_name ? "'" : "",
                         a->group_name ? a->group_name : "no column",
                         a->group_name ? "'" : "", b->source,
                         b->group_name ? "'" : "",
                         b->group_name ? b->group_name : "no column",
                         b->group_name ? "'" : "");
    return WOLD_OK;
}

wold_status wold_sums_join(wold_sums *a, const wold_sums *b, wold_error *err)
{
    WOLD_TRY(check_alike(a, b, WOLD_EUSAGE, err));
    if (strcmp(a->source, b->source) != 0 || b->n_chunks != a->n_chunks ||
        b->first != a->end)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "the part of %s holding chunks %zu to %zu of %zu "
                         "does not follow the part of %s holding chunks %zu "
                         "to %zu of %zu", b->source, b->first, b->end,
                         b->n_chunks, a->source, a->first, a->end,
                         a->n_chunks);
    /* A new stack of copies of a's pieces and b's, swapped in at the
     * end: running out of memory leaves a as it was. */
    wold_sums t = *a;
    t.pieces = NULL;
    t.n_pieces = t.cap_pieces = 0;
    wold_status st = WOLD_OK;
    for (size_t k = 0; k < a->n_pieces + b->n_pieces && st == WOLD_OK; k++) {
        const wold__piece *src = k < a->n_pieces ? &a->pieces[k]
                                                 : &b->pieces[k - a->n_pieces];
        wold__piece pc;
        st = wold__piece_copy(&pc, src, a->p);
        if (st == WOLD_OK)
            st = wold__sums_push(&t, &pc);
    }
    if (st != WOLD_OK) {
        for (size_t k = 0; k < t.n_pieces; k++)
            wold__piece_free(&t.pieces[k]);
        free(t.pieces);
        return no_memory(err);
    }
    for (size_t k = 0; k < a->n_pieces; k++)
        wold__piece_free(&a->pieces[k]);
    free(a->pieces);
    a->pieces = t.pieces;
    a->n_pieces = t.n_pieces;
    a->cap_pieces = t.cap_pieces;
    a->end = b->end;
    return WOLD_OK;
}

/* "a + b", the source of merged sums. */
static char *joined_source(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 4);
    if (s != NULL) {
        memcpy(s, a, la);
        memcpy(s + la, " + ", 3);
        memcpy(s + la + 3, b, lb + 1);
    }
    return s;
}

wold_status wold_sums_merge(wold_sums *a, const wold_sums *b,
                            wold_error *err)
{
    WOLD_TRY(check_alike(a, b, WOLD_EINPUT, err));
    wold__piece ra, rb;
    WOLD_TRY(wold__sums_root(a, &ra, err));
    wold_status st = wold__sums_root(b, &rb, err);
    if (st != WOLD_OK) {
        wold__piece_free(&ra);
        return st;
    }
    st = wold__piece_merge(&ra, &rb, a->p);
    wold__piece_free(&rb);
    char *source = st == WOLD_OK ? joined_source(a->source, b->source) : NULL;
    if (st != WOLD_OK || source == NULL) {
        wold__piece_free(&ra);
        free(source);
        return no_memory(err);
    }
    /* a holds at least one piece here (the root replaces it), so the
     * push below cannot need more room. */
    for (size_t k = 0; k < a->n_pieces; k++)
        wold__piece_free(&a->pieces[k]);
    a->n_pieces = 0;
    free(a->source);
    a->source = source;
    a->first = 0;
    a->end = a->n_chunks = 1;
    ra.level = 0;
    ra.index = 0;
    if (a->cap_pieces > 0) {
        a->pieces[0] = ra;
        a->n_pieces = 1;
        return WOLD_OK;
    }
    return wold__sums_push(a, &ra) == WOLD_OK ? WOLD_OK : no_memory(err);
}

/* ------------------------------------------------------------------------
 * Moments and accessors
 * ------------------------------------------------------------------------ */

/* Group g of the root, or all its groups merged (g == SIZE_MAX). */
static wold_status root_group(const wold_sums *s, const wold__piece *root,
                              size_t g, wold__stats *out, wold_error *err)
{
    if (g != SIZE_MAX && g >= root->n_groups)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "group %zu asked for, but the sums of %s have %zu",
                         g + 1, s->source, root->n_groups);
    if (g != SIZE_MAX)
        return wold__stats_copy(out, &root->g[g], s->p) == WOLD_OK
                   ? WOLD_OK : no_memory(err);
    if (wold__stats_init(out, s->p) != WOLD_OK)
        return no_memory(err);
    for (size_t k = 0; k < root->n_groups; k++)
        if (wold__stats_merge(out, &root->g[k], s->p) != WOLD_OK) {
            wold__stats_free(out);
            return no_memory(err);
        }
    return WOLD_OK;
}

wold_status wold_sums_moments(wold_moments **out, const wold_sums *s,
                              size_t g, wold_missing missing,
                              wold_error *err)
{
    *out = NULL;
    wold__piece root;
    WOLD_TRY(wold__sums_root(s, &root, err));
    wold__stats st_g;
    wold_status st = root_group(s, &root, g, &st_g, err);
    wold__piece_free(&root);
    if (st != WOLD_OK)
        return st;
    st = wold__stats_moments(out, &st_g, s->p, s->weighted, missing,
                             s->names, s->source, err);
    wold__stats_free(&st_g);
    return st;
}

size_t wold_sums_p(const wold_sums *s) { return s->p; }

const char *wold_sums_col_name(const wold_sums *s, size_t col)
{
    return col < s->p ? s->names[col] : NULL;
}

const char *wold_sums_weights_name(const wold_sums *s) { return s->w_name; }
const char *wold_sums_group_name(const wold_sums *s)
{
    return s->group_name;
}
const char *wold_sums_source(const wold_sums *s) { return s->source; }

/* Whether group k of piece j is the first of its label in s. */
static int first_of_label(const wold_sums *s, size_t j, size_t k)
{
    const wold__piece *pc = &s->pieces[j];
    if (pc->labels == NULL)
        return j == 0 && k == 0;
    for (size_t i = 0; i <= j; i++)
        for (size_t m = 0; m < (i < j ? s->pieces[i].n_groups : k); m++)
            if (strcmp(s->pieces[i].labels[m], pc->labels[k]) == 0)
                return 0;
    return 1;
}

/* Group g (first-appearance order over the pieces): its label's first
 * piece and group there, or 0 when there is no such group. */
static int nth_group(const wold_sums *s, size_t g, size_t *piece,
                     size_t *group)
{
    size_t seen = 0;
    for (size_t j = 0; j < s->n_pieces; j++)
        for (size_t k = 0; k < s->pieces[j].n_groups; k++)
            if (first_of_label(s, j, k) && seen++ == g) {
                *piece = j;
                *group = k;
                return 1;
            }
    return 0;
}

size_t wold_sums_n_groups(const wold_sums *s)
{
    if (s->group_name == NULL)
        return 1;
    size_t n = 0, j, k;
    while (nth_group(s, n, &j, &k))
        n++;
    return n;
}

const char *wold_sums_group_label(const wold_sums *s, size_t g)
{
    size_t j, k;
    if (s->group_name == NULL || !nth_group(s, g, &j, &k))
        return NULL;
    return s->pieces[j].labels[k];
}

/* Adds up the counts of group g (or of all, for SIZE_MAX) over the
 * pieces: acc[0..5] = rows, missing cells, incomplete rows, then the
 * weights and squared weights the missing rule m uses. */
static void group_totals(const wold_sums *s, size_t g, wold_missing m,
                         double acc[5])
{
    size_t j0 = 0, k0 = 0;
    const char *label = NULL;
    memset(acc, 0, 5 * sizeof *acc);
    if (g != SIZE_MAX && s->group_name != NULL) {
        if (!nth_group(s, g, &j0, &k0))
            return;
        label = s->pieces[j0].labels[k0];
    } else if (g != SIZE_MAX && g > 0) {
        return;
    }
    for (size_t j = 0; j < s->n_pieces; j++)
        for (size_t k = 0; k < s->pieces[j].n_groups; k++) {
            const wold__stats *st = &s->pieces[j].g[k];
            if (label != NULL && strcmp(s->pieces[j].labels[k], label) != 0)
                continue;
            int all = m != WOLD_MISSING_LISTWISE;
            acc[0] += (double)st->n_rows;
            acc[1] += (double)st->n_missing;
            acc[2] += (double)st->n_incomplete;
            acc[3] += st->wc + (all ? st->wi : 0.0);
            acc[4] += st->w2c + (all ? st->w2i : 0.0);
        }
}

size_t wold_sums_n_rows(const wold_sums *s, size_t g)
{
    double acc[5];
    group_totals(s, g, WOLD_MISSING_LISTWISE, acc);
    return (size_t)acc[0];
}

size_t wold_sums_n_missing_cells(const wold_sums *s, size_t g)
{
    double acc[5];
    group_totals(s, g, WOLD_MISSING_LISTWISE, acc);
    return (size_t)acc[1];
}

size_t wold_sums_n_incomplete_rows(const wold_sums *s, size_t g)
{
    double acc[5];
    group_totals(s, g, WOLD_MISSING_LISTWISE, acc);
    return (size_t)acc[2];
}

double wold_sums_kish_n(const wold_sums *s, size_t g, wold_missing missing,
                        double *total)
{
    double acc[5];
    group_totals(s, g, missing, acc);
    if (total != NULL)
        *total = acc[3];
    return acc[4] > 0.0 ? acc[3] * acc[3] / acc[4] : 0.0;
}
