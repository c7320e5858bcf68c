/*
 * hoc.c - estimation of higher-order constructs (docs/methods.md §15).
 *
 * The model as parsed is the repeated-indicator model (src/model/build.c),
 * so --hoc repeated is one ordinary fit.  The two-stage approach (embedded,
 * as seminr's higher_composite and cSEM's "2stage") fits that model, then
 * replaces the block of every HOC whose children are all first-order by
 * its children's scores and drops the children; with more levels it goes
 * on, one level a stage, until no HOC is left.  A stage's model is written
 * as model text and parsed (the parser's checks hold for it too); its data
 * are the kept indicators' columns and the children's scores.
 *
 * A child's score enters on the 0-100 index metric when its block has an
 * index (wold_index_scores: 100 (sum w_i x_i - sum w_i lo_i) / (sum w_i
 * (hi_i - lo_i)), w the normalised unstandardised weights, Fornell et al.
 * 1996).  It is an increasing affine map of the
 * standardised score, so the next stage's estimates are those on the
 * standardised scores (PLS standardises its indicators), and the column
 * gets the scale 0:100, which gives the HOC its own index through its
 * children's.  Otherwise the standardised score enters, without a scale.
 *
 * wold_hoc_estimate_moments does the same from the moments alone: a
 * score is affine in the stage's indicators, so the next stage's moments
 * are an affine map of this stage's (wold__moments_affine), and a
 * streamed fit needs no second pass over the rows.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wold/wold.h>

#include "csi/csi.h"
#include "fit/fit.h"
#include "moments/moments.h"
#include "util/util.h"

struct wold_hoc {
    wold_hoc_approach approach;
    size_t n_stages;     /* made so far */
    size_t n_alloc;      /* the approach's: 1, or one per level */
    /* Stage 0 borrows the caller's model and data; later ones own theirs.
     * From moments alone (wold_hoc_estimate_moments) there are no data. */
    wold_model **model;
    wold_data **data;
    wold_moments **moments;
    wold_fit **fit;
    char **text; /* the model text of each stage after the first */
};

void wold_hoc_free(wold_hoc *h)
{
    if (h == NULL)
        return;
    for (size_t s = 0; s < h->n_stages; s++) {
        wold_fit_free(h->fit[s]);
        wold_moments_free(h->moments[s]);
        if (s > 0) {
            wold_model_free(h->model[s]);
            wold_data_free(h->data[s]);
            free(h->text[s]);
        }
    }
    free(h->model);
    free(h->data);
    free(h->moments);
    free(h->fit);
    free(h->text);
    free(h);
}

/* A growing string for a stage's model text. */
typedef struct sbuf {
    char *p;
    size_t len, cap;
    int failed;
} sbuf;

static void put(sbuf *b, const char *fmt, ...) WOLD_PRINTF(2, 3);

static void put(sbuf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (k < 0) {
            b->failed = 1;
            return;
        }
        if ((size_t)k < b->cap - b->len) {
            b->len += (size_t)k;
            return;
        }
        size_t nc = (b->cap + (size_t)k + 1) * 2;
        char *np = realloc(b->p, nc);
        if (np == NULL) {
            b->failed = 1;
            return;
        }
        b->p = np;
        b->cap = nc;
    }
}

/* A HOC collapsed at this stage: every child first-order. */
static int collapses(const wold_model *m, size_t j)
{
    return wold_model_lv_order(m, j) == 2;
}

/* A child of a collapsing HOC: dropped, its score an indicator. */
static int dropped(const wold_model *m, size_t j)
{
    size_t p = wold_model_lv_parent(m, j);
    return p != (size_t)-1 && collapses(m, p);
}

static void put_block(sbuf *b, const wold_model *m, size_t j)
{
    put(b, "%s %s ", wold_model_lv_name(m, j),
        wold_model_lv_mode(m, j) == WOLD_MODE_A ? "=~" : "<~");
    size_t kids = wold_model_lv_n_children(m, j);
    if (kids > 0) {
        for (size_t k = 0; k < kids; k++)
            put(b, "%s%s", k ? " + " : "",
                wold_model_lv_name(m, wold_model_lv_child(m, j, k)));
    } else {
        size_t a = wold_model_lv_first(m, j), q = wold_model_lv_count(m, j);
        for (size_t i = a; i < a + q; i++)
            put(b, "%s%s", i > a ? " + " : "", wold_model_mv_name(m, i));
    }
    put(b, "\n");
}

/* A path of the file that a dropped child takes part in has no place in
 * the next stage. */
static wold_status check_paths(const wold_model *m, const wold_model *file,
                               wold_error *err)
{
    size_t J = wold_model_n_lv(m);
    for (size_t to = 0; to < J; to++)
        for (size_t from = 0; from < J; from++) {
            if (!wold_model_has_path(m, from, to) ||
                wold_model_path_implied(m, from, to))
                continue;
            size_t d = dropped(m, from) ? from : dropped(m, to) ? to : J;
            if (d == J)
                continue;
            char msg[600];
            wold__format_text(msg, sizeof msg,
                              "the two-stage approach replaces '%s' by its "
                              "score in the block of '%s', so it cannot keep "
                              "its path %s -> %s; use --hoc repeated, or "
                              "give the path to '%s'",
                              wold_model_lv_name(m, d),
                              wold_model_lv_name(m, wold_model_lv_parent(m, d)),
                              wold_model_lv_name(m, from),
                              wold_model_lv_name(m, to),
                              wold_model_lv_name(m, wold_model_lv_parent(m, d)));
            /* Located in the user's file: the LV keeps its name. */
            for (size_t k = 0; k < wold_model_n_lv(file); k++)
                if (strcmp(wold_model_lv_name(file, k),
                           wold_model_lv_name(m, d)) == 0)
                    return wold_model_error_at_lv(file, k, err, msg);
            return wold_model_error_at_lv(m, d, err, msg);
        }
    return WOLD_OK;
}

/* The next stage's model text: blocks, the file's paths, the scales. */
static char *stage_text(const wold_model *m, const int *metric)
{
    sbuf b = {NULL, 0, 0, 0};
    size_t J = wold_model_n_lv(m), p = wold_model_n_mv(m);
    put(&b, "# stage model of %s\n", wold_model_filename(m));
    for (size_t j = 0; j < J; j++)
        if (!dropped(m, j))
            put_block(&b, m, j);
    for (size_t to = 0; to < J; to++)
        for (size_t from = 0; from < J; from++)
            if (wold_model_has_path(m, from, to) &&
                !wold_model_path_implied(m, from, to))
                put(&b, "%s ~ %s\n", wold_model_lv_name(m, to),
                    wold_model_lv_name(m, from));
    for (size_t i = 0; i < p; i++) {
        double lo, hi;
        if (wold_model_mv_repeat_of(m, i) == i && !dropped(m, wold_model_mv_lv(m, i)) &&
            wold_model_mv_scale(m, i, &lo, &hi))
            put(&b, "scale %.17g:%.17g %s\n", lo, hi, wold_model_mv_name(m, i));
    }
    for (size_t j = 0; j < J; j++)
        if (dropped(m, j) && metric[j])
            put(&b, "scale 0:100 %s\n", wold_model_lv_name(m, j));
    if (b.failed) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

/* Where the next stage's indicator called name comes from: the score of
 * the dropped LV *lv (1), or the data column *col (0); -1 for neither. */
static int source_of(const wold_model *m, const char *name, size_t *lv,
                     size_t *col)
{
    size_t J = wold_model_n_lv(m);
    for (size_t j = 0; j < J; j++)
        if (dropped(m, j) && strcmp(wold_model_lv_name(m, j), name) == 0) {
            *lv = j;
            return 1;
        }
    for (size_t i = 0; i < wold_model_n_mv(m); i++)
        if (strcmp(wold_model_mv_name(m, i), name) == 0) {
            *col = wold_model_mv_repeat_of(m, i);
            return 0;
        }
    return -1;
}

static wold_status no_memory(wold_error *err)
{
    return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory in the two-stage "
                     "estimation");
}

/* Buffers of one stage change, freed together. */
typedef struct stage_bufs {
    double *scores, *sc, *x;
    int *metric;
    const char **names;
} stage_bufs;

static void bufs_free(stage_bufs *t)
{
    free(t->scores);
    free(t->sc);
    free(t->x);
    free(t->metric);
    free(t->names);
}

/* The dropped LVs' columns (sc, n x J) and whether each has the metric:
 * the 0-100 index scores of wold_index_scores where the block has an
 * index, else the standardised scores. */
static wold_status child_scores(const wold_fit *fit, const wold_moments *mo,
                                const wold_data *data, stage_bufs *t,
                                wold_error *err)
{
    const wold_model *m = wold_fit_model(fit);
    size_t n = wold_data_n_rows(data), J = wold_model_n_lv(m);
    t->scores = malloc((n ? n : 1) * J * sizeof *t->scores);
    t->sc = malloc((n ? n : 1) * J * sizeof *t->sc);
    t->metric = calloc(J, sizeof *t->metric);
    if (!t->scores || !t->sc || !t->metric)
        return no_memory(err);
    WOLD_TRY(wold_fit_scores(fit, data, t->scores, err));
    wold_index *ix = NULL;
    WOLD_TRY(wold_index_compute(&ix, fit, mo, err));
    wold_status st = wold_index_scores(ix, data, t->sc, err);
    for (size_t j = 0; st == WOLD_OK && j < J; j++) {
        if (!dropped(m, j))
            continue;
        t->metric[j] = !isnan(wold_index_value(ix, j));
        for (size_t r = 0; !t->metric[j] && r < n; r++)
            t->sc[r * J + j] = t->scores[r * J + j];
    }
    wold_index_free(ix);
    return st;
}

/* The next stage's data: its indicators' columns by name. */
static wold_status stage_data(wold_data **out, const wold_model *m,
                              const wold_model *m2, const wold_data *data,
                              stage_bufs *t, wold_error *err)
{
    size_t n = wold_data_n_rows(data), J = wold_model_n_lv(m);
    size_t p2 = wold_model_n_mv(m2), pd = wold_data_n_cols(data);
    const double *v = wold_data_values(data);
    t->x = malloc((n ? n : 1) * p2 * sizeof *t->x);
    t->names = malloc(p2 * sizeof *t->names);
    if (t->x == NULL || t->names == NULL)
        return no_memory(err);
    for (size_t i = 0; i < p2; i++) {
        size_t lv = 0, col = 0;
        t->names[i] = wold_model_mv_name(m2, i);
        int from = source_of(m, t->names[i], &lv, &col);
        if (from < 0)
            return WOLD_FAIL(err, WOLD_EUSAGE, "two-stage: no column for "
                             "'%s'", t->names[i]);
        for (size_t r = 0; r < n; r++)
            t->x[r * p2 + i] = from ? t->sc[r * J + lv] : v[r * pd + col];
    }
    return wold_data_from_matrix(out, t->x, n, p2, t->names, err);
}

/* Stage s + 1's model text and model (its children's metric says which
 * of them get the scale 0:100). */
static wold_status stage_model(wold_hoc *h, size_t s, const int *metric,
                               wold_error *err)
{
    if ((h->text[s + 1] = stage_text(h->model[s], metric)) == NULL)
        return no_memory(err);
    char name[512];
    snprintf(name, sizeof name, "%s (stage %zu)",
             wold_model_filename(h->model[0]), s + 2);
    return wold_model_parse(&h->model[s + 1], h->text[s + 1],
                            strlen(h->text[s + 1]), name, err);
}

/* Stage s + 1 from stage s: model, data, moments, fit. */
static wold_status next_stage(wold_hoc *h, size_t s, const double *weights,
                              wold_missing missing,
                              const wold_fit_options *opt, wold_error *err)
{
    const wold_model *m = h->model[s];
    stage_bufs t;
    memset(&t, 0, sizeof t);
    wold_status st = check_paths(m, h->model[0], err);
    if (st == WOLD_OK)
        st = child_scores(h->fit[s], h->moments[s], h->data[s], &t, err);
    if (st == WOLD_OK)
        st = stage_model(h, s, t.metric, err);
    if (st == WOLD_OK)
        st = stage_data(&h->data[s + 1], m, h->model[s + 1], h->data[s], &t,
                        err);
    bufs_free(&t);
    h->n_stages = s + 2;
    if (st == WOLD_OK)
        st = wold_moments_compute_weighted(&h->moments[s + 1], h->data[s + 1],
                                           missing, weights, err);
    /* The scores rest on the first stage's replaced cells: its count
     * stays (as the moments-only estimate's derived moments keep it). */
    if (st == WOLD_OK)
        h->moments[s + 1]->cells_imputed = h->moments[s]->cells_imputed;
    if (st == WOLD_OK)
        st = wold_fit_estimate(&h->fit[s + 1], h->model[s + 1],
                               h->moments[s + 1], opt, err);
    return st;
}

/* The next stage's moments: row i2 of the map is a kept column (a 1 at
 * its place) or a dropped LV's score (wold_index_scores' map where the
 * LV has the metric, else wold_fit_scores'). */
static wold_status stage_moments(wold_moments **out, const wold_model *m,
                                 const wold_model *m2, const wold_fit *fit,
                                 const wold_index *ix,
                                 const wold_moments *mo, const int *metric,
                                 wold_error *err)
{
    size_t p = wold_model_n_mv(m), J = wold_model_n_lv(m);
    size_t p2 = wold_model_n_mv(m2);
    /* The map (p2 x p, p2) and the two score maps (J x p, J each). */
    double *A = calloc(p2 * p + 1, sizeof *A), *c = calloc(p2 + 1, sizeof *c);
    double *F = malloc((J * p + 1) * sizeof *F);
    double *cf = malloc((J + 1) * sizeof *cf);
    double *X = malloc((J * p + 1) * sizeof *X);
    double *cx = malloc((J + 1) * sizeof *cx);
    wold_status st = WOLD_OK;
    if (!A || !c || !F || !cf || !X || !cx)
        st = no_memory(err);
    if (st == WOLD_OK) {
        wold__fit_score_map(fit, F, cf);
        wold__index_score_map(ix, X, cx);
    }
    for (size_t i = 0; st == WOLD_OK && i < p2; i++) {
        size_t lv = 0, col = 0;
        const char *name = wold_model_mv_name(m2, i);
        int from = source_of(m, name, &lv, &col);
        if (from < 0) {
            st = WOLD_FAIL(err, WOLD_EUSAGE, "two-stage: no column for '%s'",
                           name);
        } else if (from == 0) {
            A[i * p + col] = 1.0;
        } else {
            const double *row = metric[lv] ? X + lv * p : F + lv * p;
            memcpy(A + i * p, row, p * sizeof *A);
            c[i] = metric[lv] ? cx[lv] : cf[lv];
        }
    }
    if (st == WOLD_OK)
        st = wold__moments_affine(out, mo, A, c, p2, err);
    free(A), free(c), free(F), free(cf), free(X), free(cx);
    return st;
}

/* Stage s + 1 from stage s's moments alone: model, moments, fit. */
static wold_status next_stage_moments(wold_hoc *h, size_t s,
                                      const wold_fit_options *opt,
                                      wold_error *err)
{
    const wold_model *m = h->model[s];
    int *metric = calloc(wold_model_n_lv(m) + 1, sizeof *metric);
    wold_index *ix = NULL;
    wold_status st = metric != NULL ? check_paths(m, h->model[0], err)
                                    : no_memory(err);
    if (st == WOLD_OK)
        st = wold_index_compute(&ix, h->fit[s], h->moments[s], err);
    /* A dropped LV enters on the index metric where its block has an
     * index (as child_scores decides). */
    for (size_t j = 0; st == WOLD_OK && j < wold_model_n_lv(m); j++)
        metric[j] = dropped(m, j) && !isnan(wold_index_value(ix, j));
    if (st == WOLD_OK)
        st = stage_model(h, s, metric, err);
    h->n_stages = s + 2;
    if (st == WOLD_OK)
        st = stage_moments(&h->moments[s + 1], m, h->model[s + 1], h->fit[s],
                           ix, h->moments[s], metric, err);
    wold_index_free(ix);
    free(metric);
    if (st == WOLD_OK)
        st = wold_fit_estimate(&h->fit[s + 1], h->model[s + 1],
                               h->moments[s + 1], opt, err);
    return st;
}

static wold_status hoc_alloc(wold_hoc **out, size_t stages, wold_error *err)
{
    wold_hoc *h = calloc(1, sizeof *h);
    if (h != NULL) {
        h->model = calloc(stages, sizeof *h->model);
        h->data = calloc(stages, sizeof *h->data);
        h->moments = calloc(stages, sizeof *h->moments);
        h->fit = calloc(stages, sizeof *h->fit);
        h->text = calloc(stages, sizeof *h->text);
    }
    if (h == NULL || !h->model || !h->data || !h->moments || !h->fit ||
        !h->text) {
        wold_hoc_free(h);
        return no_memory(err);
    }
    h->n_alloc = stages;
    *out = h;
    return WOLD_OK;
}

/* A new estimate of model by approach: its stages allocated, stage 0's
 * model in place. */
static wold_status hoc_begin(wold_hoc **out, const wold_model *model,
                             wold_hoc_approach approach, wold_error *err)
{
    *out = NULL;
    if (approach != WOLD_HOC_REPEATED && approach != WOLD_HOC_TWO_STAGE)
        return WOLD_FAIL(err, WOLD_EUSAGE, "unknown higher-order approach "
                         "%d",
                         (int)approach);
    size_t stages = approach == WOLD_HOC_REPEATED
                        ? 1
                        : (size_t)wold_model_max_order(model);
    WOLD_TRY(hoc_alloc(out, stages, err));
    (*out)->approach = approach;
    (*out)->n_stages = 1;
    (*out)->model[0] = (wold_model *)model;
    return WOLD_OK;
}

/* The estimate after st: kept when its last stage has a fit (one that did
 * not converge is still shown), else freed. */
static wold_status hoc_end(wold_hoc **out, wold_hoc *h, wold_status st)
{
    if (st != WOLD_OK && h->fit[h->n_stages - 1] == NULL) {
        wold_hoc_free(h);
        return st;
    }
    *out = h;
    return st;
}

wold_status wold_hoc_estimate(wold_hoc **out, const wold_model *model,
                              const wold_data *data, const double *weights,
                              wold_missing missing,
                              const wold_fit_options *opt,
                              wold_hoc_approach approach, wold_error *err)
{
    *out = NULL;
    wold_hoc *h = NULL;
    WOLD_TRY(hoc_begin(&h, model, approach, err));
    h->data[0] = (wold_data *)data;
    wold_status st = wold_moments_compute_weighted(&h->moments[0], data,
                                                   missing, weights, err);
    /* A repeat's cells are its original's: the file's replaced cells are
     * the data's missing ones, each counted once (as the streamed sums
     * count them). */
    if (st == WOLD_OK && missing == WOLD_MISSING_MEAN)
        h->moments[0]->cells_imputed = wold_data_n_missing_cells(data);
    if (st == WOLD_OK)
        st = wold_fit_estimate(&h->fit[0], model, h->moments[0], opt, err);
    for (size_t s = 0; st == WOLD_OK && s + 1 < h->n_alloc; s++)
        st = next_stage(h, s, weights, missing, opt, err);
    return hoc_end(out, h, st);
}

/* The moments of every column of model, repeats included, from mo, which
 * holds them all or each column once (the originals in model order, as
 * the streamed reader and moments files give them): a repeat copies its
 * original. */
static wold_status all_columns(wold_moments **out, const wold_model *model,
                               const wold_moments *mo, wold_error *err)
{
    size_t p = wold_model_n_mv(model), q = 0;
    if (wold_moments_p(mo) == p)
        return wold_moments_copy(out, mo, err);
    size_t *col = malloc((p ? p : 1) * sizeof *col);
    if (col == NULL)
        return no_memory(err);
    for (size_t i = 0; i < p; i++)
        if (wold_model_mv_repeat_of(model, i) == i)
            col[i] = q++;
    for (size_t i = 0; i < p; i++)
        col[i] = col[wold_model_mv_repeat_of(model, i)];
    wold_status st = q == wold_moments_p(mo)
                         ? wold__moments_select(out, mo, col, p, err)
                         : WOLD_FAIL(err, WOLD_EUSAGE,
                                     "the moments have %zu columns, but the "
                                     "model has %zu indicators (%zu once "
                                     "each)",
                                     wold_moments_p(mo), p, q);
    free(col);
    return st;
}

wold_status wold_hoc_estimate_moments(wold_hoc **out,
                                       const wold_model *model,
                                       const wold_moments *mo,
                                       const wold_fit_options *opt,
                                       wold_hoc_approach approach,
                                       wold_error *err)
{
    *out = NULL;
    if (approach == WOLD_HOC_TWO_STAGE &&
        wold_moments_missing(mo) == WOLD_MISSING_PAIRWISE)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the two-stage approach needs "
                         "moments from listwise deletion or mean "
                         "replacement: under pairwise deletion a row with a "
                         "missing cell has no score");
    wold_hoc *h = NULL;
    WOLD_TRY(hoc_begin(&h, model, approach, err));
    wold_status st = all_columns(&h->moments[0], model, mo, err);
    if (st == WOLD_OK)
        st = wold_fit_estimate(&h->fit[0], model, h->moments[0], opt, err);
    for (size_t s = 0; st == WOLD_OK && s + 1 < h->n_alloc; s++)
        st = next_stage_moments(h, s, opt, err);
    return hoc_end(out, h, st);
}

wold_hoc_approach wold_hoc_approach_used(const wold_hoc *h)
{
    return h->approach;
}

size_t wold_hoc_n_stages(const wold_hoc *h) { return h->n_stages; }

const wold_model *wold_hoc_stage_model(const wold_hoc *h, size_t s)
{
    return s < h->n_stages ? h->model[s] : NULL;
}

const wold_data *wold_hoc_stage_data(const wold_hoc *h, size_t s)
{
    return s < h->n_stages ? h->data[s] : NULL;
}

const wold_moments *wold_hoc_stage_moments(const wold_hoc *h, size_t s)
{
    return s < h->n_stages ? h->moments[s] : NULL;
}

const wold_fit *wold_hoc_stage_fit(const wold_hoc *h, size_t s)
{
    return s < h->n_stages ? h->fit[s] : NULL;
}

const char *wold_hoc_stage_text(const wold_hoc *h, size_t s)
{
    return s > 0 && s < h->n_stages ? h->text[s] : NULL;
}
