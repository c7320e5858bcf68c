/*
 * fuzz_sums.c - libFuzzer target of the moments file reader
 * (docs/moments-format.md), through wold_sums_unpack.
 *
 * The first input byte's bit 0 chooses what the rest is: 0, a whole
 * file, bytes as they come; 1, the sections of a file (everything after
 * the prelude and before the checksum), which the target seals with a
 * valid prelude and checksum so that the fuzzer reaches the checks of
 * the counts and values behind them.
 *
 * Beyond crashes and sanitizer reports it checks what a read promises:
 * a failure is a well-formed input (or memory) error naming the buffer and
 * leaves no result; a success has columns with UTF-8 names and groups
 * with labels, and packs back to exactly the bytes it was read from; its
 * moments under every missing-value rule either come out or fail with a
 * well-formed error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* CRC-32C bit by bit: written apart from the library's table. */
static uint32_t crc32c(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t k = 0; k < n; k++) {
        c ^= p[k];
        for (int b = 0; b < 8; b++)
            c = (c >> 1) ^ (0x82f63b78u & (0u - (c & 1u)));
    }
    return ~c;
}

static void put_le(unsigned char *p, uint64_t v, int bytes)
{
    for (int k = 0; k < bytes; k++)
        p[k] = (unsigned char)(v >> (8 * k));
}

/* The body between a valid prelude and a valid checksum. */
static unsigned char *seal(const uint8_t *body, size_t n, size_t *len)
{
    *len = 24 + n + 4;
    unsigned char *b = malloc(*len);
    if (b == NULL)
        return NULL;
    memcpy(b, "\x89WOLD\r\n\x1a", 8);
    put_le(b + 8, 1, 4);
    put_le(b + 12, *len, 8);
    put_le(b + 20, crc32c(b, 20), 4);
    memcpy(b + 24, body, n);
    put_le(b + 24 + n, crc32c(b, 24 + n), 4);
    return b;
}

static void check_moments(const wold_sums *s)
{
    static const wold_missing rules[] = {
        WOLD_MISSING_LISTWISE, WOLD_MISSING_MEAN, WOLD_MISSING_PAIRWISE};
    for (size_t k = 0; k < 3; k++) {
        wold_moments *m = NULL;
        wold_error err;
        wold_error_clear(&err);
        wold_status st = wold_sums_moments(&m, s, (size_t)-1, rules[k], &err);
        if (st == WOLD_OK) {
            FUZZ_CHECK(m != NULL && wold_moments_p(m) == wold_sums_p(s),
                       "moments of the wrong columns");
        } else {
            FUZZ_CHECK(m == NULL, "moments on failure");
            FUZZ_CHECK(err.status == st && err.message[0] != '\0',
                       "a failure without its message");
        }
        wold_moments_free(m);
    }
}

static void check_sums(const wold_sums *s, const unsigned char *b,
                       size_t len)
{
    size_t p = wold_sums_p(s);
    FUZZ_CHECK(p >= 1, "no columns");
    for (size_t j = 0; j < p; j++) {
        const char *name = wold_sums_col_name(s, j);
        FUZZ_CHECK(fuzz_utf8_valid(name, strlen(name)), "column %zu: not "
                   "UTF-8", j);
    }
    for (size_t g = 0; wold_sums_group_name(s) != NULL &&
                       g < wold_sums_n_groups(s); g++)
        FUZZ_CHECK(wold_sums_group_label(s, g) != NULL, "group %zu: no "
                   "label", g);
    void *again = NULL;
    size_t n = 0;
    wold_error err;
    if (wold_sums_pack(s, &again, &n, &err) == WOLD_OK) {
        FUZZ_CHECK(n == len && memcmp(again, b, len) == 0,
                   "packed back to other bytes (%zu, read %zu)", n, len);
        free(again);
    }
    /* Weight totals past 2^53 are refused there, not converted. */
    check_moments(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t len = size - 1;
    unsigned char *b = (data[0] & 1) ? seal(data + 1, len, &len)
                                     : malloc(len ? len : 1);
    if (b == NULL)
        return 0;
    if (!(data[0] & 1))
        memcpy(b, data + 1, len);
    wold_sums *s = NULL;
    wold_error err;
    wold_error_clear(&err);
    wold_status st = wold_sums_unpack(&s, b, len, NULL, &err);
    if (st == WOLD_OK) {
        FUZZ_CHECK(s != NULL, "unpack returned OK and no sums");
        check_sums(s, b, len);
    } else {
        static const char *const files[] = {"<moments>", NULL};
        FUZZ_CHECK(s == NULL, "sums on failure");
        FUZZ_CHECK(st == WOLD_EINPUT || st == WOLD_ENOMEM, "status %d",
                   (int)st);
        fuzz_check_error(st, &err, files, 1);
    }
    wold_sums_free(s);
    free(b);
    return 0;
}
