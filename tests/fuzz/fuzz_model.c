/*
 * fuzz_model.c - libFuzzer target of the model parser: the input is model
 * text, parsed from memory by wold_model_parse.
 *
 * Beyond crashes and sanitizer reports it checks what a parse promises: a
 * model has non-empty, distinct, valid UTF-8 names; its blocks tile the
 * indicators in LV order; the structural model is acyclic, has no
 * self-loop, counts its paths right and connects every LV of a model with
 * more than one; population values are finite or NaN.  A failure is a
 * well-formed error (check.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define FILENAME "fuzz.wold"

static void check_name(const char *name, const char *what, size_t i)
{
    FUZZ_CHECK(name != NULL && name[0] != '\0', "%s %zu has no name", what,
               i);
    FUZZ_CHECK(fuzz_utf8_valid(name, strlen(name)),
               "%s %zu: name not UTF-8", what, i);
}

static void check_names(const wold_model *m)
{
    size_t n_lv = wold_model_n_lv(m), n_mv = wold_model_n_mv(m);
    for (size_t j = 0; j < n_lv; j++) {
        const char *a = wold_model_lv_name(m, j);
        check_name(a, "LV", j);
        for (size_t k = 0; k < j; k++)
            FUZZ_CHECK(strcmp(a, wold_model_lv_name(m, k)) != 0,
                       "LV name '%s' twice", a);
    }
    for (size_t i = 0; i < n_mv; i++) {
        const char *a = wold_model_mv_name(m, i);
        check_name(a, "indicator", i);
        /* A name repeats only as a higher-order block's copy of a
         * first-order indicator. */
        size_t o = wold_model_mv_repeat_of(m, i);
        FUZZ_CHECK(o < n_mv && strcmp(a, wold_model_mv_name(m, o)) == 0 &&
                       wold_model_lv_order(m, wold_model_mv_lv(m, o)) == 1 &&
                       wold_model_mv_repeat_of(m, o) == o,
                   "indicator %zu repeats %zu", i, o);
        for (size_t k = 0; k < i; k++)
            FUZZ_CHECK(strcmp(a, wold_model_mv_name(m, k)) != 0 ||
                           o != i || wold_model_mv_repeat_of(m, k) != k,
                       "indicator '%s' twice", a);
        /* An indicator may bear its own LV's name ('cusa =~ cusa'), never
         * another LV's (that would be a higher-order block). */
        for (size_t j = 0; j < n_lv; j++)
            FUZZ_CHECK(strcmp(a, wold_model_lv_name(m, j)) != 0 ||
                           j == wold_model_mv_lv(m, i),
                       "'%s' is an indicator and another block's LV", a);
    }
}

static void check_blocks(const wold_model *m)
{
    size_t n_lv = wold_model_n_lv(m), n_mv = wold_model_n_mv(m);
    FUZZ_CHECK(n_lv >= 1 && n_mv >= n_lv, "%zu LVs, %zu indicators", n_lv,
               n_mv);
    size_t next = 0;
    for (size_t j = 0; j < n_lv; j++) {
        wold_mode mode = wold_model_lv_mode(m, j);
        FUZZ_CHECK(mode == WOLD_MODE_A || mode == WOLD_MODE_B, "mode %d",
                   (int)mode);
        size_t first = wold_model_lv_first(m, j);
        size_t count = wold_model_lv_count(m, j);
        FUZZ_CHECK(first == next && count >= 1 && count <= n_mv - first,
                   "LV %zu: block %zu+%zu after %zu of %zu", j, first, count,
                   next, n_mv);
        for (size_t i = first; i < first + count; i++)
            FUZZ_CHECK(wold_model_mv_lv(m, i) == j, "indicator %zu", i);
        next = first + count;
    }
    FUZZ_CHECK(next == n_mv, "blocks cover %zu of %zu", next, n_mv);
    for (size_t i = 0; i < n_mv; i++) {
        double v = wold_model_mv_value(m, i);
        FUZZ_CHECK(isnan(v) || isfinite(v), "indicator %zu: value %g", i, v);
    }
}

/* Higher-order constructs: orders, children, parents and implied paths
 * agree; scales have lo < hi, the same on a repeat as on its original. */
static void check_hoc(const wold_model *m)
{
    size_t n = wold_model_n_lv(m), p = wold_model_n_mv(m);
    int max = 1;
    for (size_t j = 0; j < n; j++) {
        int order = wold_model_lv_order(m, j), want = 1;
        size_t kids = wold_model_lv_n_children(m, j);
        for (size_t k = 0; k < kids; k++) {
            size_t c = wold_model_lv_child(m, j, k);
            FUZZ_CHECK(c < n && c != j && wold_model_lv_parent(m, c) == j,
                       "LV %zu: child %zu", j, c);
            int co = wold_model_lv_order(m, c);
            want = co + 1 > want ? co + 1 : want;
            int reflective = wold_model_lv_mode(m, j) == WOLD_MODE_A;
            FUZZ_CHECK(reflective ? wold_model_path_implied(m, j, c)
                                  : wold_model_path_implied(m, c, j),
                       "LV %zu: no implied path with child %zu", j, c);
        }
        FUZZ_CHECK(order == want, "LV %zu: order %d, expected %d", j, order,
                   want);
        max = order > max ? order : max;
    }
    FUZZ_CHECK(max == wold_model_max_order(m), "max order %d of %d", max,
               wold_model_max_order(m));
    for (size_t i = 0; i < p; i++) {
        double lo, hi, olo, ohi;
        int has = wold_model_mv_scale(m, i, &lo, &hi);
        int ohas = wold_model_mv_scale(m, wold_model_mv_repeat_of(m, i), &olo,
                                       &ohi);
        FUZZ_CHECK(!has || (isfinite(lo) && isfinite(hi) && lo < hi),
                   "indicator %zu: scale %g:%g", i, lo, hi);
        FUZZ_CHECK(has == ohas && (!has || (lo == olo && hi == ohi)),
                   "indicator %zu: scale unlike its original's", i);
    }
}

/* Paths: counted right, values only on paths, no cycle, all connected. */
static void check_paths(const wold_model *m)
{
    size_t n = wold_model_n_lv(m), paths = 0;
    size_t *indegree = calloc(n, sizeof *indegree);
    size_t *order = calloc(n, sizeof *order);
    int *linked = calloc(n, sizeof *linked);
    FUZZ_CHECK(indegree && order && linked, "out of memory");
    for (size_t a = 0; a < n; a++)
        for (size_t b = 0; b < n; b++) {
            int has = wold_model_has_path(m, a, b);
            double v = wold_model_path_value(m, a, b);
            FUZZ_CHECK(has == 0 || has == 1, "has_path %d", has);
            FUZZ_CHECK(has || isnan(v), "value %g without a path", v);
            FUZZ_CHECK(isnan(v) || isfinite(v), "path value %g", v);
            if (has) {
                FUZZ_CHECK(a != b, "self-loop at LV %zu", a);
                paths++;
                indegree[b]++;
                linked[a] = linked[b] = 1;
            }
        }
    FUZZ_CHECK(paths == wold_model_n_paths(m), "%zu paths, n_paths %zu",
               paths, wold_model_n_paths(m));
    /* Kahn's algorithm: every LV is ordered iff there is no cycle. */
    size_t head = 0, tail = 0;
    for (size_t j = 0; j < n; j++)
        if (indegree[j] == 0)
            order[tail++] = j;
    while (head < tail) {
        size_t a = order[head++];
        for (size_t b = 0; b < n; b++)
            if (wold_model_has_path(m, a, b) && --indegree[b] == 0)
                order[tail++] = b;
    }
    FUZZ_CHECK(tail == n, "the structural model has a cycle");
    /* Blocks without any path are a measurement-only model; once there is
     * a path, every LV takes part in one. */
    for (size_t j = 0; n > 1 && paths > 0 && j < n; j++)
        FUZZ_CHECK(linked[j], "LV %zu takes part in no path", j);
    free(indegree);
    free(order);
    free(linked);
}

/* An error raised at an indicator points into the model text. */
static void check_error_at_mv(const wold_model *m, size_t mv, long lines)
{
    wold_error err;
    wold_error_clear(&err);
    wold_status st = wold_model_error_at_mv(m, mv, &err, "fuzz: a message");
    FUZZ_CHECK(st == WOLD_EINPUT, "error_at_mv returned %d", (int)st);
    static const char *const files[] = {FILENAME, NULL};
    fuzz_check_error(st, &err, files, lines);
    FUZZ_CHECK(err.line >= 1 && err.col >= 1, "indicator %zu at %ld:%ld", mv,
               err.line, err.col);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    wold_model *m = NULL;
    wold_error err;
    wold_error_clear(&err);
    wold_status st = wold_model_parse(&m, text, size, FILENAME, &err);
    if (st != WOLD_OK) {
        FUZZ_CHECK(m == NULL, "a failed parse returned a model");
        static const char *const files[] = {FILENAME, NULL};
        fuzz_check_error(st, &err, files, fuzz_count_lines(text, size));
        return 0;
    }
    FUZZ_CHECK(m != NULL, "parse returned OK and no model");
    FUZZ_CHECK(strcmp(wold_model_filename(m), FILENAME) == 0, "filename %s",
               wold_model_filename(m));
    check_names(m);
    check_blocks(m);
    check_paths(m);
    check_hoc(m);
    check_error_at_mv(m, size % wold_model_n_mv(m),
                      fuzz_count_lines(text, size));
    wold_model_free(m);
    return 0;
}
