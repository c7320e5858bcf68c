/*
 * suggest.c - "did you mean": the closest of a few names to what the user
 * typed, by optimal string alignment distance (Levenshtein plus the
 * transposition of two adjacent characters, the commonest typing slip:
 * --shceme, centriod).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Names longer than this are compared on their first CLI_NAME_MAX bytes:
 * option names and choice values are short. */
#define CLI_NAME_MAX 64

size_t cli_edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > CLI_NAME_MAX)
        n = CLI_NAME_MAX;
    if (m > CLI_NAME_MAX)
        m = CLI_NAME_MAX;
    /* Three rows of the dynamic programme: i-2, i-1, i. */
    size_t rows[3][CLI_NAME_MAX + 1];
    for (size_t j = 0; j <= m; j++)
        rows[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t *cur = rows[i % 3], *prev = rows[(i - 1) % 3],
               *prev2 = rows[(i + 1) % 3];
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t d = prev[j - 1] + cost;
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < d)
                d = prev2[j - 2] + 1;
            cur[j] = d;
        }
    }
    return rows[n % 3][m];
}

const char *cli_closest(const char *s, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t k = 0; k < n; k++) {
        size_t d = cli_edit_distance(s, names[k]);
        if (d < best_d) {
            best_d = d;
            best = names[k];
        }
    }
    /* Close enough to be a slip: one edit in a short name, up to a third
     * of a longer one, and never the whole of what was typed. */
    size_t len = best != NULL ? strlen(best) : 0;
    size_t limit = len / 3 > 1 ? len / 3 : 1;
    if (best == NULL || best_d == 0 || best_d > limit || best_d >= strlen(s))
        return NULL;
    return best;
}
