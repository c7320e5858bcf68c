/*
 * scale.c - the "scale" lines (docs/model-syntax.md, "Scales") onto the
 * laid-out indicators.  The most specific statement wins: an indicator's
 * own line over its block's over the model's; the command line's default
 * (wold_model_set_default_scale) only fills what the file leaves open.
 * Two statements at the same level for one indicator are an error at the
 * second, naming the first's line.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/syntax.h"

static size_t find_lv(const wold_model *m, const wold__name *n)
{
    for (size_t j = 0; j < m->n_lv; j++)
        if (strlen(m->lv[j].name) == n->len &&
            memcmp(m->lv[j].name, n->p, n->len) == 0)
            return j;
    return (size_t)-1;
}

static size_t find_mv(const wold_model *m, const wold__name *n)
{
    for (size_t i = 0; i < m->n_mv; i++)
        if (strlen(m->mv[i].name) == n->len &&
            memcmp(m->mv[i].name, n->p, n->len) == 0)
            return i;
    return (size_t)-1;
}

/* A second scale at the same level: what the first one covered. */
static wold_status twice(const wold__builder *b, const wold__bscale *sc,
                         const wold__mv *mv, int level)
{
    const wold_model *m = b->model;
    char what[256];
    if (level == WOLD__SCALE_MODEL)
        snprintf(what, sizeof what, "the whole model");
    else if (level == WOLD__SCALE_BLOCK)
        snprintf(what, sizeof what, "the block of '%s' (indicator '%s')",
                 m->lv[mv->lv].name, mv->name);
    else
        snprintf(what, sizeof what, "indicator '%s'", mv->name);
    return wold__model_raise(m, sc->loc, b->err,
                             "a second scale for %s: line %ld already gives "
                             "it %g:%g; give one scale per indicator, block "
                             "or model",
                             what, mv->scale_line, mv->scale_lo,
                             mv->scale_hi);
}

static wold_status set_one(const wold__builder *b, const wold__bscale *sc,
                           size_t i, int level)
{
    wold__mv *mv = &b->model->mv[i];
    if (mv->scale_level > level)
        return WOLD_OK;
    if (mv->scale_level == level)
        return twice(b, sc, mv, level);
    mv->scale_lo = sc->lo;
    mv->scale_hi = sc->hi;
    mv->scale_level = level;
    mv->scale_line = sc->line;
    return WOLD_OK;
}

/* The indicators of lv's block; a higher-order block's are its children's
 * (the expanded model repeats them, so they are the same indicators). */
static wold_status set_block(const wold__builder *b, const wold__bscale *sc,
                             size_t lv)
{
    const wold__lv *l = &b->model->lv[lv];
    for (size_t i = l->first; i < l->first + l->count; i++)
        WOLD_TRY(set_one(b, sc, i, WOLD__SCALE_BLOCK));
    return WOLD_OK;
}

static wold_status unknown_target(const wold__builder *b,
                                  const wold__bscale *sc)
{
    return wold__model_raise(b->model, sc->loc, b->err,
                             "'%.*s' is neither a latent variable nor an "
                             "indicator of the model; a scale line names "
                             "latent variables (their blocks) or indicators",
                             (int)sc->target.len, sc->target.p);
}

static wold_status apply_one(const wold__builder *b, const wold__bscale *sc)
{
    const wold_model *m = b->model;
    if (!sc->has_target) {
        for (size_t i = 0; i < m->n_mv; i++)
            WOLD_TRY(set_one(b, sc, i, WOLD__SCALE_MODEL));
        return WOLD_OK;
    }
    size_t lv = find_lv(m, &sc->target);
    if (lv != (size_t)-1)
        return set_block(b, sc, lv);
    size_t found = 0;
    for (size_t i = 0; i < m->n_mv; i++)
        if (strlen(m->mv[i].name) == sc->target.len &&
            memcmp(m->mv[i].name, sc->target.p, sc->target.len) == 0) {
            /* Each copy of a repeated indicator gets the scale. */
            WOLD_TRY(set_one(b, sc, i, WOLD__SCALE_MV));
            found++;
        }
    return found > 0 ? WOLD_OK : unknown_target(b, sc);
}

/* Repeated copies of an indicator share one scale: the first copy's. */
static void share_repeated(wold_model *m)
{
    for (size_t i = 0; i < m->n_mv; i++) {
        wold__name n = {m->mv[i].name, strlen(m->mv[i].name), {0, 0}};
        size_t first = find_mv(m, &n);
        if (first < i && m->mv[first].scale_level > m->mv[i].scale_level) {
            m->mv[i].scale_lo = m->mv[first].scale_lo;
            m->mv[i].scale_hi = m->mv[first].scale_hi;
            m->mv[i].scale_level = m->mv[first].scale_level;
            m->mv[i].scale_line = m->mv[first].scale_line;
        }
    }
}

wold_status wold__apply_scales(const wold__builder *b)
{
    for (size_t s = 0; s < b->n_scale; s++)
        WOLD_TRY(apply_one(b, &b->scale[s]));
    share_repeated(b->model);
    return WOLD_OK;
}
