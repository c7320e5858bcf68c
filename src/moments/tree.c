/*
 * tree.c - pieces and the fixed merge tree of wold_sums.
 *
 * Chunk c's piece is the leaf (level 0, index c); the node (l, i) holds
 * chunks [i << l, (i + 1) << l) and is always its two children merged,
 * left before right.  The stack is a binary counter: pushing chunk c
 * merges the top two pieces while they are siblings (the carries of
 * c + 1 in binary), so it holds the aligned nodes that [first, c] breaks
 * into.  A node's bits depend only on its chunks, never on which part
 * or thread pushed them; a part's stack starts at a multiple of its
 * first node's size, so pushing its pieces after the previous part's is
 * the same binary addition, and joined parts give the stack of one
 * reader.  The root collapses the final stack right to left.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "moments/sums.h"
#include "util/util.h"

wold_status wold__piece_init(wold__piece *pc, size_t index, size_t p,
                             size_t n_groups, char *const *labels)
{
    memset(pc, 0, sizeof *pc);
    pc->index = index;
    pc->g = calloc(n_groups ? n_groups : 1, sizeof *pc->g);
    if (pc->g == NULL)
        return WOLD_ENOMEM;
    if (labels != NULL) {
        pc->labels = calloc(n_groups ? n_groups : 1, sizeof *pc->labels);
        if (pc->labels == NULL) {
            wold__piece_free(pc);
            return WOLD_ENOMEM;
        }
    }
    for (size_t k = 0; k < n_groups; k++) {
        if (labels != NULL &&
            (pc->labels[k] = wold__strdup(labels[k])) == NULL) {
            pc->n_groups = k + 1;
            wold__piece_free(pc);
            return WOLD_ENOMEM;
        }
        if (wold__stats_init(&pc->g[k], p) != WOLD_OK) {
            pc->n_groups = k + 1;
            wold__piece_free(pc);
            return WOLD_ENOMEM;
        }
    }
    pc->n_groups = n_groups;
    return WOLD_OK;
}

void wold__piece_free(wold__piece *pc)
{
    if (pc == NULL)
        return;
    for (size_t k = 0; k < pc->n_groups; k++) {
        wold__stats_free(&pc->g[k]);
        if (pc->labels != NULL)
            free(pc->labels[k]);
    }
    free(pc->g);
    free(pc->labels);
    memset(pc, 0, sizeof *pc);
}

wold_status wold__piece_copy(wold__piece *dst, const wold__piece *src,
                              size_t p)
{
    WOLD_TRY(wold__piece_init(dst, src->index, p, 0, NULL));
    dst->level = src->level;
    size_t n = src->n_groups ? src->n_groups : 1;
    wold__stats *g = calloc(n, sizeof *g);
    char **labels = src->labels ? calloc(n, sizeof *labels) : NULL;
    free(dst->g);
    dst->g = g;
    dst->labels = labels;
    if (g == NULL || (src->labels != NULL && labels == NULL)) {
        wold__piece_free(dst);
        return WOLD_ENOMEM;
    }
    for (size_t k = 0; k < src->n_groups; k++) {
        dst->n_groups = k + 1;
        if (wold__stats_copy(&g[k], &src->g[k], p) != WOLD_OK ||
            (labels != NULL &&
             (labels[k] = wold__strdup(src->labels[k])) == NULL)) {
            wold__piece_free(dst);
            return WOLD_ENOMEM;
        }
    }
    return WOLD_OK;
}

/* Group of a with b's group k's label, or SIZE_MAX. */
static size_t find_group(const wold__piece *a, const wold__piece *b,
                         size_t k)
{
    if (b->labels == NULL)
        return a->n_groups > 0 ? 0 : SIZE_MAX;
    for (size_t i = 0; i < a->n_groups; i++)
        if (a->labels != NULL && strcmp(a->labels[i], b->labels[k]) == 0)
            return i;
    return SIZE_MAX;
}

/* Room in a for n more groups; a is unchanged on failure. */
static wold_status reserve_groups(wold__piece *a, size_t n, int labelled)
{
    size_t total = a->n_groups + n;
    wold__stats *g = realloc(a->g, (total ? total : 1) * sizeof *g);
    if (g == NULL)
        return WOLD_ENOMEM;
    a->g = g;
    if (!labelled)
        return WOLD_OK;
    char **l = realloc(a->labels, (total ? total : 1) * sizeof *l);
    if (l == NULL)
        return WOLD_ENOMEM;
    a->labels = l;
    return WOLD_OK;
}

wold_status wold__piece_merge(wold__piece *a, const wold__piece *b, size_t p)
{
    size_t fresh = 0;
    for (size_t k = 0; k < b->n_groups; k++)
        fresh += find_group(a, b, k) == SIZE_MAX;
    WOLD_TRY(reserve_groups(a, fresh, b->labels != NULL));
    for (size_t k = 0; k < b->n_groups; k++) {
        size_t i = find_group(a, b, k);
        if (i != SIZE_MAX) {
            WOLD_TRY(wold__stats_merge(&a->g[i], &b->g[k], p));
            continue;
        }
        i = a->n_groups;
        WOLD_TRY(wold__stats_copy(&a->g[i], &b->g[k], p));
        if (b->labels != NULL &&
            (a->labels[i] = wold__strdup(b->labels[k])) == NULL) {
            wold__stats_free(&a->g[i]);
            return WOLD_ENOMEM;
        }
        a->n_groups++;
    }
    a->level++;
    a->index /= 2;
    return WOLD_OK;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; v != NULL && i < n; i++)
        free(v[i]);
    free(v);
}

void wold_sums_free(wold_sums *s)
{
    if (s == NULL)
        return;
    free_strings(s->names, s->p);
    free(s->source);
    free(s->w_name);
    free(s->group_name);
    for (size_t k = 0; k < s->n_pieces; k++)
        wold__piece_free(&s->pieces[k]);
    free(s->pieces);
    free(s);
}

/* A copy of s, or NULL when s is NULL; *bad set when out of memory. */
static char *dup_or_null(const char *s, int *bad)
{
    if (s == NULL)
        return NULL;
    char *d = wold__strdup(s);
    *bad |= d == NULL;
    return d;
}

wold_status wold__sums_new(wold_sums **out, size_t p,
                           char *const *names, const char *source,
                           const char *w_name, const char *group_name,
                           size_t first, size_t end, size_t n_chunks)
{
    *out = NULL;
    wold_sums *s = calloc(1, sizeof *s);
    if (s == NULL)
        return WOLD_ENOMEM;
    int bad = 0;
    s->names = calloc(p ? p : 1, sizeof *s->names);
    bad |= s->names == NULL;
    s->p = s->names != NULL ? p : 0;
    for (size_t i = 0; i < s->p; i++)
        s->names[i] = dup_or_null(names[i], &bad);
    s->source = dup_or_null(source != NULL ? source : "", &bad);
    s->w_name = dup_or_null(w_name, &bad);
    s->group_name = dup_or_null(group_name, &bad);
    s->weighted = w_name != NULL;
    s->first = first;
    s->end = end;
    s->n_chunks = n_chunks;
    if (bad) {
        wold_sums_free(s);
        return WOLD_ENOMEM;
    }
    s->p = p;
    *out = s;
    return WOLD_OK;
}

/* The top two pieces are the two children of one node. */
static int siblings(const wold__piece *below, const wold__piece *top)
{
    return below->level == top->level && below->index % 2 == 0 &&
           top->index == below->index + 1;
}

wold_status wold__sums_push(wold_sums *s, wold__piece *pc)
{
    if (s->n_pieces == s->cap_pieces) {
        size_t cap = s->cap_pieces ? 2 * s->cap_pieces : 8;
        wold__piece *v = realloc(s->pieces, cap * sizeof *v);
        if (v == NULL) {
            wold__piece_free(pc);
            return WOLD_ENOMEM;
        }
        s->pieces = v;
        s->cap_pieces = cap;
    }
    s->pieces[s->n_pieces++] = *pc;
    memset(pc, 0, sizeof *pc);
    while (s->n_pieces >= 2 &&
           siblings(&s->pieces[s->n_pieces - 2], &s->pieces[s->n_pieces - 1])) {
        wold__piece *top = &s->pieces[s->n_pieces - 1];
        WOLD_TRY(wold__piece_merge(top - 1, top, s->p));
        wold__piece_free(top);
        s->n_pieces--;
    }
    return WOLD_OK;
}

wold_status wold__sums_root(const wold_sums *s, wold__piece *root,
                            wold_error *err)
{
    memset(root, 0, sizeof *root);
    if (s->first != 0 || s->end != s->n_chunks)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "the sums of %s hold chunks %zu to %zu of %zu only: "
                         "join the other parts first",
                         s->source, s->first, s->end, s->n_chunks);
    if (s->n_pieces == 0) {
        size_t groups = s->group_name != NULL ? 0 : 1;
        if (wold__piece_init(root, 0, s->p, groups, NULL) != WOLD_OK)
            return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the sums");
        return WOLD_OK;
    }
    wold_status st = wold__piece_copy(root, &s->pieces[s->n_pieces - 1], s->p);
    for (size_t k = s->n_pieces - 1; k-- > 0 && st == WOLD_OK;) {
        wold__piece left;
        st = wold__piece_copy(&left, &s->pieces[k], s->p);
        if (st == WOLD_OK)
            st = wold__piece_merge(&left, root, s->p);
        wold__piece_free(root);
        *root = left;
    }
    if (st != WOLD_OK) {
        wold__piece_free(root);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the sums");
    }
    return WOLD_OK;
}
