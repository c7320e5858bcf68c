/*
 * validate.c - checks of the whole model that PLS path modeling needs
 * before estimation: at least one block, a recursive (acyclic) structural
 * model, and no LV left out of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/syntax.h"

enum { WHITE, GREY, BLACK };

typedef struct dfs {
    const wold_model *m;
    unsigned char *colour;
    size_t *stack; /* the LVs on the current path, root first */
    size_t depth;
    size_t from, to; /* the edge that closes a cycle, when found */
} dfs;

/* Depth-first search along paths from -> to; 1 when a cycle is found. */
static int visit(dfs *d, size_t u)
{
    size_t n = d->m->n_lv;
    d->colour[u] = GREY;
    d->stack[d->depth++] = u;
    for (size_t v = 0; v < n; v++) {
        if (!d->m->adj[v * n + u] || d->colour[v] == BLACK)
            continue;
        if (d->colour[v] == GREY) {
            d->from = u, d->to = v;
            return 1;
        }
        if (visit(d, v))
            return 1;
    }
    d->colour[u] = BLACK;
    d->depth--;
    return 0;
}

static wold_status cycle_error(const dfs *d, wold_error *err)
{
    const wold_model *m = d->m;
    char names[800];
    size_t used = 0, start = 0;
    while (d->stack[start] != d->to)
        start++;
    for (size_t i = start; i <= d->depth && used < sizeof names; i++) {
        size_t lv = i < d->depth ? d->stack[i] : d->to;
        int k = snprintf(names + used, sizeof names - used, "%s%s",
                         i > start ? " -> " : "", m->lv[lv].name);
        used += k > 0 ? (size_t)k : 0;
    }
    return wold__model_raise(m, m->path_loc[d->to * m->n_lv + d->from], err,
                             "the structural model has a cycle: %s; PLS path "
                             "modeling needs a recursive model",
                             names);
}

static wold_status check_acyclic(const wold_model *m, wold_error *err)
{
    dfs d = {m, calloc(m->n_lv, 1), malloc(m->n_lv * sizeof(size_t)), 0, 0,
             0};
    if (d.colour == NULL || d.stack == NULL) {
        free(d.colour);
        free(d.stack);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory checking %s",
                         m->filename);
    }
    wold_status st = WOLD_OK;
    for (size_t u = 0; u < m->n_lv && st == WOLD_OK; u++)
        if (d.colour[u] == WHITE && visit(&d, u))
            st = cycle_error(&d, err);
    free(d.colour);
    free(d.stack);
    return st;
}

static int connected(const wold_model *m, size_t j)
{
    for (size_t k = 0; k < m->n_lv; k++)
        if (m->adj[j * m->n_lv + k] || m->adj[k * m->n_lv + j])
            return 1;
    return 0;
}

static wold_status check_connected(const wold_model *m, wold_error *err)
{
    /* Blocks without any path are a measurement-only model (reliability
     * analysis); a block left out of a structural model is a mistake. */
    if (m->n_lv < 2 || m->n_paths == 0)
        return WOLD_OK;
    for (size_t j = 0; j < m->n_lv; j++)
        if (!connected(m, j))
            return wold__model_raise(
                m, m->lv[j].loc, err,
                "latent variable '%s' has no structural path; link it with a "
                "'~' line (such as 'Y ~ %s') or remove its block",
                m->lv[j].name, m->lv[j].name);
    return WOLD_OK;
}

wold_status wold__validate(const wold_model *m, wold_error *err)
{
    if (m->n_lv == 0)
        return wold__raise(err, WOLD_EINPUT, m->filename, 0, 0, NULL, 0,
                           "the model has no measurement blocks; define at "
                           "least one, such as 'LV =~ x1 + x2'");
    WOLD_TRY(check_acyclic(m, err));
    return check_connected(m, err);
}
