/*
 * build.c - lays the builder's statements out as the model's arrays: LVs in
 * the order their blocks first appear, indicators grouped by block, paths
 * resolved to LV indices.  Name problems are reported here because only
 * now are all blocks known.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/syntax.h"

static size_t find_block(const wold__builder *b, const wold__name *name)
{
    for (size_t i = 0; i < b->n_block; i++)
        if (wold__name_eq(&b->block[i].name, name->p, name->len))
            return i;
    return (size_t)-1;
}

static const wold__bitem *find_item(const wold__builder *b,
                                    const wold__name *name)
{
    for (size_t i = 0; i < b->n_item; i++)
        if (wold__name_eq(&b->item[i].name, name->p, name->len))
            return &b->item[i];
    return NULL;
}

/*
 * An LV used as an indicator would make a higher-order construct.  An
 * indicator named like its own LV ("cusa =~ cusa", seminr's single-item
 * constructs) is not one: LV and indicator names are separate namespaces,
 * a block's right side names indicators and a '~' line names LVs, and an
 * LV cannot be an indicator of itself, so the name is unambiguous.
 */
static wold_status check_higher_order(const wold__builder *b)
{
    for (size_t i = 0; i < b->n_item; i++) {
        const wold__bitem *it = &b->item[i];
        size_t lv = find_block(b, &it->name);
        if (lv == (size_t)-1 || lv == it->lv)
            continue;
        const wold__name *owner = &b->block[it->lv].name;
        return wold__model_raise(
            b->model, it->name.loc, b->err,
            "'%.*s' is a latent variable, so it cannot be an indicator of "
            "'%.*s': higher-order constructs are not supported by this "
            "version; use the two-stage approach (fit the first-order model, "
            "then use its LV scores as indicators of '%.*s'); if '%.*s' is "
            "meant as a column of the data, rename the latent variable (an "
            "indicator may share its name only with its own latent "
            "variable)",
            (int)it->name.len, it->name.p, (int)owner->len, owner->p,
            (int)owner->len, owner->p, (int)it->name.len, it->name.p);
    }
    return WOLD_OK;
}

static wold_status no_memory(const wold__builder *b)
{
    return WOLD_FAIL(b->err, WOLD_ENOMEM, "out of memory building the model "
                     "of %s",
                     b->model->filename);
}

static wold_status lay_out_blocks(wold__builder *b)
{
    wold_model *m = b->model;
    m->lv = calloc(b->n_block ? b->n_block : 1, sizeof *m->lv);
    m->mv = calloc(b->n_item ? b->n_item : 1, sizeof *m->mv);
    if (m->lv == NULL || m->mv == NULL)
        return no_memory(b);
    for (size_t j = 0; j < b->n_block; j++) {
        const wold__bblock *bl = &b->block[j];
        wold__lv *lv = &m->lv[m->n_lv++];
        lv->name = wold__strndup(bl->name.p, bl->name.len);
        if (lv->name == NULL)
            return no_memory(b);
        lv->mode = bl->mode;
        lv->loc = bl->name.loc;
        lv->first = m->n_mv;
        for (size_t i = 0; i < b->n_item; i++) {
            const wold__bitem *it = &b->item[i];
            if (it->lv != j)
                continue;
            wold__mv *mv = &m->mv[m->n_mv++];
            mv->name = wold__strndup(it->name.p, it->name.len);
            if (mv->name == NULL)
                return no_memory(b);
            mv->lv = j;
            mv->value = it->value;
            mv->loc = it->name.loc;
        }
        lv->count = m->n_mv - lv->first;
    }
    return WOLD_OK;
}

/* The block name within two edits of name (a likely typo), if any. */
static const wold__name *closest_block(const wold__builder *b,
                                       const wold__name *name)
{
    char want[65], have[65];
    if (name->len >= sizeof want)
        return NULL;
    memcpy(want, name->p, name->len);
    want[name->len] = '\0';
    const wold__name *best = NULL;
    size_t best_d = 3;
    for (size_t i = 0; i < b->n_block; i++) {
        const wold__name *bn = &b->block[i].name;
        if (bn->len >= sizeof have)
            continue;
        memcpy(have, bn->p, bn->len);
        have[bn->len] = '\0';
        size_t d = wold__edit_distance(want, have, best_d);
        if (d < best_d && d < name->len)
            best = bn, best_d = d;
    }
    return best;
}

/* An LV named in a "~" line that has no block. */
static wold_status undefined_lv(const wold__builder *b,
                                const wold__name *name)
{
    const wold__bitem *it = find_item(b, name);
    int n = (int)name->len;
    if (it != NULL) {
        const wold__name *owner = &b->block[it->lv].name;
        return wold__model_raise(
            b->model, name->loc, b->err,
            "'%.*s' is an indicator (of '%.*s', line %ld), not a latent "
            "variable; '~' links latent variables",
            n, name->p, (int)owner->len, owner->p, it->name.loc.line);
    }
    for (size_t i = 0; i < b->n_block; i++) {
        const wold__name *bn = &b->block[i].name;
        wold__likeness how;
        if (!wold__name_likeness(name->p, name->len, bn->p, bn->len, &how))
            continue;
        char where[32], why[400];
        snprintf(where, sizeof where, "line %ld", bn->loc.line);
        wold__likeness_explain(why, sizeof why, &how, "this line", where);
        return wold__model_raise(b->model, name->loc, b->err,
                                 "'%.*s' has no measurement block; the block "
                                 "'%.*s' (line %ld) %s",
                                 n, name->p, (int)bn->len, bn->p,
                                 bn->loc.line, why);
    }
    char hint[128] = "";
    const wold__name *near = closest_block(b, name);
    if (near != NULL)
        snprintf(hint, sizeof hint, " (did you mean '%.*s'?)",
                 (int)near->len, near->p);
    return wold__model_raise(b->model, name->loc, b->err,
                             "'%.*s' has no measurement block%s; define it "
                             "with '%.*s =~ …' or '%.*s <~ …'",
                             n, name->p, hint, n, name->p, n, name->p);
}

static wold_status add_path(wold__builder *b, const wold__bedge *e)
{
    wold_model *m = b->model;
    size_t to = find_block(b, &e->to), from = find_block(b, &e->from);
    if (to == (size_t)-1)
        return undefined_lv(b, &e->to);
    if (from == (size_t)-1)
        return undefined_lv(b, &e->from);
    int n = (int)e->to.len;
    if (to == from)
        return wold__model_raise(b->model, e->from.loc, b->err,
                                 "self-loop '%.*s ~ %.*s': a latent variable "
                                 "cannot be its own predecessor",
                                 n, e->to.p, n, e->from.p);
    size_t k = to * m->n_lv + from;
    if (m->adj[k])
        return wold__model_raise(
            b->model, e->from.loc, b->err,
            "duplicate path '%.*s -> %.*s' (first given on line %ld, column "
            "%ld)",
            (int)e->from.len, e->from.p, n, e->to.p, m->path_loc[k].line,
            m->path_loc[k].col);
    m->adj[k] = 1;
    m->path_value[k] = e->value;
    m->path_loc[k] = e->from.loc;
    m->n_paths++;
    return WOLD_OK;
}

static wold_status lay_out_paths(wold__builder *b)
{
    wold_model *m = b->model;
    size_t nn = m->n_lv > 0 ? m->n_lv * m->n_lv : 1;
    m->adj = calloc(nn, sizeof *m->adj);
    m->path_value = malloc(nn * sizeof *m->path_value);
    m->path_loc = calloc(nn, sizeof *m->path_loc);
    if (m->adj == NULL || m->path_value == NULL || m->path_loc == NULL)
        return no_memory(b);
    for (size_t k = 0; k < nn; k++)
        m->path_value[k] = NAN;
    for (size_t i = 0; i < b->n_edge; i++)
        WOLD_TRY(add_path(b, &b->edge[i]));
    return WOLD_OK;
}

wold_status wold__build(wold__builder *b)
{
    WOLD_TRY(check_higher_order(b));
    WOLD_TRY(lay_out_blocks(b));
    WOLD_TRY(lay_out_paths(b));
    return wold__apply_scales(b);
}
