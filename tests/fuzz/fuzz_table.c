/*
 * fuzz_table.c - libFuzzer target of the national index's two input
 * files (revenue, sector weights), from memory through
 * wold_nation_table_parse.
 *
 * The first input byte's bit 0 chooses the kind, the rest is the text.
 * Beyond crashes and sanitizer reports it checks what a parse promises:
 * at least one row; names non-empty, distinct and trimmed; revenues
 * finite and positive; sector weights finite, >= 0 and summing to 1 (they
 * are normalised); the table keeps nothing of the caller's text.  A
 * failure is a well-formed error located in the file (check.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define FILENAME "fuzz.csv"

static void check_table(const wold_nation_table *t,
                        wold_nation_table_kind kind)
{
    size_t n = wold_nation_table_n(t);
    double sum = 0;
    FUZZ_CHECK(n >= 1, "a table without rows");
    FUZZ_CHECK(wold_nation_table_kind_of(t) == kind, "kind");
    for (size_t k = 0; k < n; k++) {
        const char *name = wold_nation_table_name(t, k);
        double v = wold_nation_table_value(t, k);
        size_t len = strlen(name);
        FUZZ_CHECK(len > 0, "row %zu: empty name", k);
        FUZZ_CHECK(name[0] != ' ' && name[len - 1] != ' ', "untrimmed '%s'",
                   name);
        for (size_t j = 0; j < k; j++)
            FUZZ_CHECK(strcmp(name, wold_nation_table_name(t, j)) != 0,
                       "'%s' twice", name);
        FUZZ_CHECK(isfinite(v), "row %zu: value %g", k, v);
        FUZZ_CHECK(kind == WOLD_NATION_REVENUE ? v > 0 : v >= 0,
                   "row %zu: value %g", k, v);
        sum += v;
    }
    FUZZ_CHECK(kind == WOLD_NATION_REVENUE || fabs(sum - 1) < 1e-9,
               "sector weights sum to %.17g", sum);
    FUZZ_CHECK(wold_nation_table_name(t, n) == NULL, "a row past the end");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    wold_nation_table_kind kind = (data[0] & 1) ? WOLD_NATION_SECTOR_WEIGHTS
                                                : WOLD_NATION_REVENUE;
    size_t len = size - 1;
    char *text = malloc(len ? len : 1);
    if (text == NULL)
        return 0;
    memcpy(text, data + 1, len);
    wold_nation_table *t = NULL;
    wold_error err;
    wold_status st = wold_nation_table_parse(&t, text, len, FILENAME, kind,
                                             &err);
    /* Overwriting the text shows whether the table kept a pointer to it. */
    memset(text, 'x', len);
    if (st == WOLD_OK) {
        check_table(t, kind);
    } else {
        static const char *const files[] = {FILENAME, NULL};
        FUZZ_CHECK(t == NULL, "a table on failure");
        fuzz_check_error(st, &err, files, fuzz_count_lines((const char *)data + 1, len));
    }
    wold_nation_table_free(t);
    free(text);
    return 0;
}
