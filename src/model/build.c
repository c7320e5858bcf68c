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
 * The block an item names when it is another LV: a child of a higher-order
 * construct; (size_t)-1 for an indicator.  An indicator named like its own
 * LV ("cusa =~ cusa", seminr's single-item constructs) is not one: LV and
 * indicator names are separate namespaces, a block's right side names
 * indicators or other LVs, and an LV cannot be an indicator of itself.
 */
static size_t child_block(const wold__builder *b, const wold__bitem *it)
{
    size_t lv = find_block(b, &it->name);
    return lv == it->lv ? (size_t)-1 : lv;
}

static wold_status mixed_block(const wold__builder *b, const wold__bitem *lv,
                               const wold__bitem *mv)
{
    const wold__name *owner = &b->block[lv->lv].name;
    return wold__model_raise(
        b->model, mv->name.loc, b->err,
        "the block of '%.*s' lists the latent variable '%.*s' (line %ld) and "
        "the indicator '%.*s': a block lists either indicators (a "
        "first-order construct) or latent variables (a higher-order "
        "construct), not both; if '%.*s' is meant as a column of the data, "
        "rename the latent variable (an indicator may share its name only "
        "with its own latent variable)",
        (int)owner->len, owner->p, (int)lv->name.len, lv->name.p,
        lv->name.loc.line, (int)mv->name.len, mv->name.p, (int)lv->name.len,
        lv->name.p);
}

/* No block mixes LVs and indicators (Sarstedt et al. 2019 give no
 * estimator for such a block); the first item decides the kind. */
static wold_status check_kinds(const wold__builder *b)
{
    for (size_t j = 0; j < b->n_block; j++) {
        const wold__bitem *first_lv = NULL, *first_mv = NULL;
        for (size_t i = 0; i < b->n_item; i++) {
            const wold__bitem *it = &b->item[i];
            if (it->lv != j)
                continue;
            int is_lv = child_block(b, it) != (size_t)-1;
            if (is_lv && first_lv == NULL)
                first_lv = it;
            if (!is_lv && first_mv == NULL)
                first_mv = it;
            if (first_lv != NULL && first_mv != NULL)
                return first_lv == it ? mixed_block(b, it, first_mv)
                                      : mixed_block(b, first_lv, it);
        }
    }
    return WOLD_OK;
}

/* The item that lists block j in a higher-order block, or NULL. */
static const wold__bitem *parent_item(const wold__builder *b, size_t j)
{
    for (size_t i = 0; i < b->n_item; i++)
        if (child_block(b, &b->item[i]) == j)
            return &b->item[i];
    return NULL;
}

/* Following the parents from j must end: a HOC cannot be its own child. */
static wold_status check_cycles(const wold__builder *b)
{
    for (size_t j = 0; j < b->n_block; j++) {
        const wold__bitem *up = parent_item(b, j);
        for (size_t steps = 0; up != NULL && steps <= b->n_block; steps++) {
            if (up->lv == j) {
                const wold__name *n = &b->block[j].name;
                return wold__model_raise(
                    b->model, up->name.loc, b->err,
                    "'%.*s' is listed, through higher-order blocks, in its "
                    "own block: the blocks of higher-order constructs must "
                    "not form a cycle",
                    (int)n->len, n->p);
            }
            up = parent_item(b, up->lv);
        }
    }
    return WOLD_OK;
}

static int block_order(const wold__builder *b, size_t j)
{
    int order = 1;
    for (size_t i = 0; i < b->n_item; i++) {
        size_t c = b->item[i].lv == j ? child_block(b, &b->item[i])
                                      : (size_t)-1;
        if (c != (size_t)-1 && block_order(b, c) + 1 > order)
            order = block_order(b, c) + 1;
    }
    return order;
}

/* Indicators of block j once its children's are repeated in it. */
static size_t expanded_count(const wold__builder *b, size_t j)
{
    size_t n = 0;
    for (size_t i = 0; i < b->n_item; i++) {
        if (b->item[i].lv != j)
            continue;
        size_t c = child_block(b, &b->item[i]);
        n += c == (size_t)-1 ? 1 : expanded_count(b, c);
    }
    return n;
}

static wold_status no_memory(const wold__builder *b)
{
    return WOLD_FAIL(b->err, WOLD_ENOMEM, "out of memory building the model "
                     "of %s",
                     b->model->filename);
}

/* Appends block j's indicators, its children's for a higher-order block
 * (repeated: no population loading of their own). */
static wold_status append_indicators(wold__builder *b, size_t j, size_t lv,
                                     int repeated)
{
    wold_model *m = b->model;
    for (size_t i = 0; i < b->n_item; i++) {
        const wold__bitem *it = &b->item[i];
        if (it->lv != j)
            continue;
        size_t c = child_block(b, it);
        if (c != (size_t)-1) {
            WOLD_TRY(append_indicators(b, c, lv, 1));
            continue;
        }
        wold__mv *mv = &m->mv[m->n_mv++];
        mv->name = wold__strndup(it->name.p, it->name.len);
        if (mv->name == NULL)
            return no_memory(b);
        mv->lv = lv;
        mv->value = repeated ? NAN : it->value;
        mv->loc = it->name.loc;
    }
    return WOLD_OK;
}

static wold_status set_children(wold__builder *b, size_t j)
{
    wold__lv *lv = &b->model->lv[j];
    lv->parent = (size_t)-1;
    const wold__bitem *up = parent_item(b, j);
    if (up != NULL)
        lv->parent = up->lv;
    lv->order = block_order(b, j);
    for (size_t i = 0; i < b->n_item; i++)
        if (b->item[i].lv == j && child_block(b, &b->item[i]) != (size_t)-1)
            lv->n_children++;
    if (lv->n_children == 0)
        return WOLD_OK;
    lv->children = malloc(lv->n_children * sizeof *lv->children);
    if (lv->children == NULL)
        return no_memory(b);
    size_t k = 0;
    for (size_t i = 0; i < b->n_item; i++)
        if (b->item[i].lv == j && child_block(b, &b->item[i]) != (size_t)-1)
            lv->children[k++] = child_block(b, &b->item[i]);
    if (lv->order > b->model->max_order)
        b->model->max_order = lv->order;
    return WOLD_OK;
}

/* Each repeated indicator's first-order original (the same name). */
static void link_repeats(wold_model *m)
{
    for (size_t i = 0; i < m->n_mv; i++) {
        m->mv[i].repeat_of = i;
        if (m->lv[m->mv[i].lv].order == 1)
            continue;
        for (size_t k = 0; k < m->n_mv; k++)
            if (m->lv[m->mv[k].lv].order == 1 &&
                strcmp(m->mv[k].name, m->mv[i].name) == 0)
                m->mv[i].repeat_of = k;
    }
}

static wold_status lay_out_blocks(wold__builder *b)
{
    wold_model *m = b->model;
    size_t p = 0;
    for (size_t j = 0; j < b->n_block; j++)
        p += expanded_count(b, j);
    m->lv = calloc(b->n_block ? b->n_block : 1, sizeof *m->lv);
    m->mv = calloc(p ? p : 1, sizeof *m->mv);
    if (m->lv == NULL || m->mv == NULL)
        return no_memory(b);
    m->max_order = 1;
    for (size_t j = 0; j < b->n_block; j++) {
        const wold__bblock *bl = &b->block[j];
        wold__lv *lv = &m->lv[m->n_lv++];
        lv->name = wold__strndup(bl->name.p, bl->name.len);
        if (lv->name == NULL)
            return no_memory(b);
        lv->mode = bl->mode;
        lv->loc = bl->name.loc;
        lv->first = m->n_mv;
        WOLD_TRY(set_children(b, j));
        WOLD_TRY(append_indicators(b, j, j, 0));
        lv->count = m->n_mv - lv->first;
    }
    link_repeats(m);
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
    size_t k = to * m->n_lv + from, back = from * m->n_lv + to;
    if (m->path_implied[k] || m->path_implied[back])
        return wold__model_raise(
            b->model, e->from.loc, b->err,
            "the path between '%.*s' and '%.*s' comes from the higher-order "
            "block on line %ld (a reflective higher-order construct points "
            "at its children, a formative one is pointed at); remove this "
            "one",
            (int)e->from.len, e->from.p, n, e->to.p,
            m->path_loc[m->path_implied[k] ? k : back].line);
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

/* A higher-order block's path: HOC -> child when reflective (the HOC
 * causes its dimensions), child -> HOC when formative (Becker et al.
 * 2012); the child's premultiplier is its population value. */
static void add_implied_path(wold__builder *b, const wold__bitem *it)
{
    wold_model *m = b->model;
    size_t c = child_block(b, it), h = it->lv;
    if (c == (size_t)-1)
        return;
    size_t k = m->lv[h].mode == WOLD_MODE_A ? c * m->n_lv + h
                                            : h * m->n_lv + c;
    m->adj[k] = 1;
    m->path_implied[k] = 1;
    m->path_value[k] = it->value;
    m->path_loc[k] = it->name.loc;
    m->n_paths++;
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
    m->path_implied = calloc(nn, sizeof *m->path_implied);
    if (m->path_implied == NULL)
        return no_memory(b);
    for (size_t k = 0; k < nn; k++)
        m->path_value[k] = NAN;
    for (size_t i = 0; i < b->n_item; i++)
        add_implied_path(b, &b->item[i]);
    for (size_t i = 0; i < b->n_edge; i++)
        WOLD_TRY(add_path(b, &b->edge[i]));
    return WOLD_OK;
}

wold_status wold__build(wold__builder *b)
{
    WOLD_TRY(check_kinds(b));
    WOLD_TRY(check_cycles(b));
    WOLD_TRY(lay_out_blocks(b));
    WOLD_TRY(lay_out_paths(b));
    return wold__apply_scales(b);
}
