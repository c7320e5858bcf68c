/*
 * test_convert.c - the in-memory reader on N threads (src/data/convert.c):
 * 1, 2 and 3 threads give the same matrix bit for bit and the same
 * error, the first in file order, with its file:line:col, whichever part
 * (thread) meets it; the cells of the hot loop are strtod's doubles.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "testutil.h"

#define ROWS 3000

/* A panel of decimals, integers, blanks, NA, spaces and CRLF lines. */
static char *panel(size_t *len)
{
    size_t cap = (size_t)ROWS * 120 + 64, n = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    n += (size_t)sprintf(t, "a,b,c,d,e\n");
    uint64_t s = 11;
    for (int i = 0; i < ROWS; i++) {
        s = s * 6364136223846793005u + 1442695040888963407u;
        double u = (double)(s >> 11) / 9007199254740992.0;
        unsigned k = (unsigned)(s >> 7) % 10;
        n += (size_t)sprintf(t + n, "%.17g,%u,%s,%.3f,%s%s", u - 0.5, k,
                             k == 3 ? "" : k == 4 ? "NA" : "7",
                             u * 1e3, k == 5 ? " 2.5 " : "-1e-5",
                             i % 7 == 0 ? "\r\n" : "\n");
        if (i % 500 == 0)
            t[n++] = '\n'; /* a blank line */
    }
    *len = n;
    return t;
}

static wold_status read_with(const char *text, size_t len, unsigned threads,
                             wold_data **d, char *msg, size_t size)
{
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.threads = threads;
    wold_error err;
    wold_status st = wold_data_parse_csv(d, text, len, "panel.csv", NULL,
                                         &opt, &err);
    if (st != WOLD_OK)
        wold_error_format(&err, msg, size);
    return st;
}

static void test_same_data(void **state)
{
    (void)state;
    size_t len;
    char *text = panel(&len);
    wold_data *ref = NULL;
    char msg[2048];
    assert_int_equal(read_with(text, len, 1, &ref, msg, sizeof msg), WOLD_OK);
    assert_int_equal(wold_data_n_rows(ref), ROWS);
    for (unsigned t = 2; t <= 3; t++) {
        wold_data *d = NULL;
        assert_int_equal(read_with(text, len, t, &d, msg, sizeof msg),
                         WOLD_OK);
        assert_int_equal(wold_data_n_rows(d), ROWS);
        assert_int_equal(wold_data_n_missing_cells(d),
                         wold_data_n_missing_cells(ref));
        assert_int_equal(wold_data_n_incomplete_rows(d),
                         wold_data_n_incomplete_rows(ref));
        assert_memory_equal(wold_data_values(d), wold_data_values(ref),
                            ROWS * 5 * sizeof(double));
        wold_data_free(d);
    }
    wold_data_free(ref);
    free(text);
}

/* The text with cell 1 (17 digits) of the data row nearest fraction f of
 * the text replaced by bad (no longer than the cell) and spaces. */
static void spoil(char *text, size_t len, double f, const char *bad)
{
    char *p = memchr(text + (size_t)(f * (double)len), '\n',
                     len - (size_t)(f * (double)len));
    assert_non_null(p);
    while (p[1] == '\n' || p[1] == '\r')
        p++; /* not a blank line */
    char *cell = p + 1;
    size_t n = strlen(bad);
    memcpy(cell, bad, n);
    memset(cell + n, ' ', (size_t)(strchr(cell, ',') - cell) - n);
}

/* Every thread count reports the same error, containing needle. */
static void expect_same_error(const char *text, size_t len,
                              const char *needle)
{
    char first[2048], msg[2048];
    wold_data *d = NULL;
    assert_int_equal(read_with(text, len, 1, &d, first, sizeof first),
                     WOLD_EINPUT);
    if (strstr(first, needle) == NULL)
        fail_msg("expected \"%s\" in:\n%s", needle, first);
    for (unsigned t = 2; t <= 3; t++) {
        assert_int_equal(read_with(text, len, t, &d, msg, sizeof msg),
                         WOLD_EINPUT);
        assert_string_equal(msg, first);
    }
}

static void test_first_error_wins(void **state)
{
    (void)state;
    size_t len;
    char *text = panel(&len);
    /* In the last part only (of 2 or 3): its line counts the parts
     * before it. */
    spoil(text, len, 0.95, "x");
    char needle[64];
    const char *at = strstr(text, "x ");
    assert_non_null(at);
    size_t line = 1;
    for (const char *p = text; p < at; p++)
        line += *p == '\n';
    snprintf(needle, sizeof needle, "panel.csv:%zu:", line);
    expect_same_error(text, len, needle);
    expect_same_error(text, len, "expected a number, found \"x ");
    /* And one in an earlier part, of another kind: that one wins. */
    spoil(text, len, 0.45, "1e999");
    expect_same_error(text, len, "too large for a double");
    free(text);
}

static void test_ragged_row_late(void **state)
{
    (void)state;
    size_t len;
    char *text = panel(&len);
    /* A row with a field too few in the last part: its last separator
     * and field become spaces after the fourth field. */
    char *p = memchr(text + len * 9 / 10, '\n', len - len * 9 / 10);
    char *eol = strchr(p + 1, '\n');
    char *last = eol;
    while (*last != ',')
        last--;
    memset(last, ' ', (size_t)(eol - last));
    expect_same_error(text, len, "4 fields");
    free(text);
}

/* The cells of text (len bytes, a header line, then rows of plain
 * number cells) read on threads threads are strtod's doubles bit for
 * bit, the first `cells` of them in file order. */
static void expect_strtod_cells(const char *text, size_t len,
                                unsigned threads, size_t cells)
{
    wold_data *d = NULL;
    char msg[2048];
    assert_int_equal(read_with(text, len, threads, &d, msg, sizeof msg),
                     WOLD_OK);
    const double *x = wold_data_values(d);
    const char *c = strchr(text, '\n') + 1;
    for (size_t i = 0; i < cells; i++) {
        char *e;
        double want = strtod(c, &e);
        if (memcmp(&x[i], &want, sizeof want) != 0)
            fail_msg("cell %zu \"%.*s\": %a, strtod %a", i, (int)(e - c),
                     c, x[i], want);
        c = e + 1;
    }
    wold_data_free(d);
}

/* Cells read through the CSV hot loop (one pass: scan, convert, find the
 * separator) are strtod's doubles bit for bit, up to the text's last
 * byte (no newline at the end). */
static void test_cells_as_strtod(void **state)
{
    (void)state;
    enum { N = 4000, P = 5 };
    static const char *forms[] = {"%.17g", "%.15g", "%.3f", "%.20e", "%.1e",
                                  "%.0f"};
    char *text = malloc((size_t)N * P * 40 + 32);
    assert_non_null(text);
    size_t n = (size_t)sprintf(text, "a,b,c,d,e\n");
    uint64_t s = 3;
    for (int i = 0; i < N * P; i++) {
        s = s * 6364136223846793005u + 1442695040888963407u;
        double u = (double)(s >> 11) / 9007199254740992.0 - 0.5;
        double scale = pow(10.0, (double)((s >> 3) % 40) - 20.0);
        n += (size_t)snprintf(text + n, 40, forms[(s >> 5) % 6], u * scale);
        text[n++] = i % P == P - 1 ? '\n' : ',';
    }
    n--; /* no final newline */
    for (unsigned t = 1; t <= 2; t++)
        expect_strtod_cells(text, n, t, (size_t)N * P);
    free(text);
}

/* One decimal cell of il integer and fl fraction digits (dot: with the
 * point even when fl is 0), sign "", "-" or "+", digits from *s. */
static size_t put_cell(char *t, int sign, int il, int fl, int dot,
                       uint64_t *s)
{
    size_t n = 0;
    if (sign)
        t[n++] = sign == 1 ? '-' : '+';
    for (int k = 0; k < il + fl; k++) {
        if (k == il && (dot || fl > 0))
            t[n++] = '.';
        *s = *s * 6364136223846793005u + 1442695040888963407u;
        t[n++] = (char)('0' + (*s >> 33) % 10);
    }
    if (fl == 0 && dot)
        t[n++] = '.';
    return n;
}

/* Every shape of a plain decimal cell the hot loop reads by words: 0-3
 * integer digits, 0-20 fraction digits (the 19-digit limit on both
 * sides, the word of the last 0-7 digits at every length), each sign,
 * in any field of a row, and as the text's last cell, whose last word
 * would run past the end: strtod's doubles bit for bit. */
static void test_cells_every_shape(void **state)
{
    (void)state;
    char *text = malloc(1 << 20);
    assert_non_null(text);
    uint64_t s = 5;
    size_t n = (size_t)sprintf(text, "a,b,c\n"), cells = 0;
    for (int il = 0; il <= 3; il++)
        for (int fl = 0; fl <= 20; fl++)
            for (int sign = 0; sign < 3; sign++)
                for (int dot = 0; dot < 2; dot++) {
                    if (il == 0 && fl == 0)
                        continue; /* "." or "-" alone is not a number */
                    n += put_cell(text + n, sign, il, fl, dot, &s);
                    text[n++] = ++cells % 3 == 0 ? '\n' : ',';
                }
    assert_int_equal(cells % 3, 0); /* whole rows: 4 x 21 x 6 - 6 cells */
    expect_strtod_cells(text, n, 1, cells);
    expect_strtod_cells(text, n - 1, 1, cells); /* no final newline */
    /* Each shape alone as the text's last cell, no newline after it. */
    for (int il = 0; il <= 3; il++)
        for (int fl = 0; fl <= 20; fl++)
            for (int sign = 0; sign < 3; sign++) {
                if (il == 0 && fl == 0)
                    continue;
                n = (size_t)sprintf(text, "a\n");
                n += put_cell(text + n, sign, il, fl, 0, &s);
                text[n] = '\0'; /* where strtod stops too */
                expect_strtod_cells(text, n, 1, 1);
            }
    free(text);
}

/* The row count as the reader counted before the vector pass: lines that
 * are neither empty nor a lone "\r". */
static size_t count_lines(const char *p, const char *end)
{
    size_t n = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl != NULL ? nl : end;
        size_t len = (size_t)(e - p);
        if (len > 1 || (len == 1 && *p != '\r'))
            n++;
        p = nl != NULL ? nl + 1 : end;
    }
    return n;
}

/* wold__csv_count_rows_quote on texts of line ends, CRs, quotes and
 * text at every offset and length around the 16-byte blocks. */
static void test_count_rows(void **state)
{
    (void)state;
    static const char alphabet[] = "\n\n\r\"a,1";
    char text[200];
    uint64_t s = 17;
    for (int i = 0; i < 200000; i++) {
        s = s * 6364136223846793005u + 1442695040888963407u;
        size_t len = (size_t)(s >> 33) % sizeof text;
        for (size_t j = 0; j < len; j++) {
            s = s * 6364136223846793005u + 1442695040888963407u;
            text[j] = alphabet[(s >> 40) % (sizeof alphabet - 1)];
        }
        int quote;
        size_t got = wold__csv_count_rows_quote(text, text + len, &quote);
        if (got != count_lines(text, text + len) ||
            quote != (memchr(text, '"', len) != NULL))
            fail_msg("text %d of %zu bytes: %zu rows, quote %d", i, len, got,
                     quote);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_data),
        cmocka_unit_test(test_first_error_wins),
        cmocka_unit_test(test_ragged_row_late),
        cmocka_unit_test(test_cells_as_strtod),
        cmocka_unit_test(test_cells_every_shape),
        cmocka_unit_test(test_count_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
