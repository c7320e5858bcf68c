/*
 * likert.c - a record of Likert cells (every field one or two digits) in
 * one step of AVX-512 (VBMI2), for the tokenizer's hot loop.
 *
 * A survey panel's record is some 30 cells of "7," or "10,": the scalar
 * path spends 3.6-5 ns a cell on the 2.0 GHz Xeon of bench/README.md
 * deciding, cell by cell, where each ends.  Here the record's first 128
 * bytes are classified at once (digits, separators, the line end), the
 * shape is checked with a few mask operations (each field one or two
 * digits, the header's number of fields), each byte is given the value
 * of the number ending there (its digit plus ten times the digit before
 * when that is one), and vpcompressb keeps the bytes that end a field:
 * the record's values, in order.  A record of any other shape (a decimal,
 * a sign, a quote, a space, a missing cell, CRLF, too many or too few
 * fields, longer than 127 bytes, the end of the text near) is declined
 * and goes the scalar way, so every message and position stays the
 * scalar path's.  The values are small integers: the same doubles as
 * strtod's, whichever path reads them.
 */
#include <stdint.h>
#include <string.h>

#include "data/data.h"

#if defined(__x86_64__) && defined(__linux__) &&                            \
    (defined(__clang__) ? __clang_major__ >= 14 : __GNUC__ >= 9)
#include <immintrin.h>

#define WOLD__VBMI2                                                          \
    __attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi2,bmi,"      \
                          "popcnt")))

int wold__csv_likert_available(const wold__csv_layout *lay)
{
    __builtin_cpu_init();
    if (lay->n_fields == 0 || lay->n_fields > 64 ||
        !__builtin_cpu_supports("avx512f") ||
        !__builtin_cpu_supports("avx512bw") ||
        !__builtin_cpu_supports("avx512vl") ||
        !__builtin_cpu_supports("avx512vbmi2"))
        return 0;
    int identity = lay->n_fields == lay->p;
    for (size_t f = 0; f < lay->n_fields && identity; f++)
        identity = lay->dest[f] == (int32_t)f;
    return identity ? 2 : 1;
}

/* The bytes of b that are ASCII digits (mask). */
WOLD__VBMI2 static __mmask64 digits(__m512i b)
{
    return _mm512_cmple_epu8_mask(_mm512_sub_epi8(b, _mm512_set1_epi8('0')),
                                  _mm512_set1_epi8(9));
}

/* Each byte's digit plus ten times the byte before's when that is a
 * digit of the same field (prev: the bytes one earlier, pd: their digit
 * mask). */
WOLD__VBMI2 static __m512i values(__m512i b, __m512i prev, __mmask64 pd)
{
    __m512i zero = _mm512_set1_epi8('0');
    __m512i units = _mm512_sub_epi8(b, zero);
    __m512i tens = _mm512_maskz_sub_epi8(pd, prev, zero);
    __m512i t2 = _mm512_add_epi8(tens, tens);
    __m512i t8 = _mm512_add_epi8(_mm512_add_epi8(t2, t2),
                                 _mm512_add_epi8(t2, t2));
    return _mm512_add_epi8(units, _mm512_add_epi8(t8, t2));
}

/* buf[0 .. n) (bytes, n <= 64) as doubles into row through dest. */
WOLD__VBMI2 static void store_row(const uint8_t *buf, size_t n,
                                  const wold__csv_layout *lay, int identity,
                                  double *row)
{
    if (identity) {
        for (size_t f = 0; f < n; f += 8) {
            __mmask8 m = n - f >= 8 ? 0xff : (__mmask8)((1u << (n - f)) - 1);
            __m128i b8 = _mm_loadl_epi64((const __m128i *)(buf + f));
            __m512d v = _mm512_cvtepi32_pd(_mm256_cvtepu8_epi32(b8));
            _mm512_mask_storeu_pd(row + f, m, v);
        }
        return;
    }
    for (size_t f = 0; f < n; f++)
        if (lay->dest[f] >= 0)
            row[lay->dest[f]] = (double)buf[f];
}

WOLD__VBMI2 size_t wold__csv_likert_row(const char *s, const char *end,
                                        const wold__csv_layout *lay,
                                        int identity, double *row)
{
    if (end - s < 128)
        return 0;
    __m512i a = _mm512_loadu_si512(s), b = _mm512_loadu_si512(s + 64);
    __m512i nl = _mm512_set1_epi8('\n'), sep = _mm512_set1_epi8(lay->sep);
    uint64_t la = _mm512_cmpeq_epi8_mask(a, nl);
    uint64_t lb = _mm512_cmpeq_epi8_mask(b, nl);
    if ((la | lb) == 0)
        return 0;
    /* The record's bytes before its '\n' at e: ra and rb. */
    unsigned e = la ? (unsigned)__builtin_ctzll(la)
                    : 64 + (unsigned)__builtin_ctzll(lb);
    uint64_t ra = e >= 64 ? ~0ull : (1ull << e) - 1;
    uint64_t rb = e > 64 ? (1ull << (e - 64)) - 1 : 0;
    uint64_t da = digits(a) & ra, db = digits(b) & rb;
    uint64_t sa = _mm512_cmpeq_epi8_mask(a, sep) & ra;
    uint64_t sb = _mm512_cmpeq_epi8_mask(b, sep) & rb;
    if ((da | sa) != ra || (db | sb) != rb)
        return 0; /* a byte that is neither */
    /* Terminators: the separators and the line end. */
    uint64_t ta = sa | (e < 64 ? 1ull << e : 0);
    uint64_t tb = sb | (e >= 64 ? 1ull << (e - 64) : 0);
    if ((size_t)(__builtin_popcountll(ta) + __builtin_popcountll(tb)) !=
        lay->n_fields)
        return 0;
    /* No empty field (a terminator first or after another) and no three
     * digits in a row; the halves carry one or two bits across. */
    uint64_t t1a = ta << 1, t1b = tb << 1 | ta >> 63;
    uint64_t d1a = da << 1, d1b = db << 1 | da >> 63;
    uint64_t d2a = da << 2, d2b = db << 2 | da >> 62;
    if ((ta & 1) || (ta & t1a) || (tb & t1b) || (da & d1a & d2a) ||
        (db & d1b & d2b))
        return 0;
    /* The byte before s may be outside the text: its digit bit is 0. */
    __m512i prev_a = _mm512_maskz_loadu_epi8(~1ull, s - 1);
    __m512i prev_b = _mm512_loadu_si512(s + 63);
    __m512i va = values(a, prev_a, d1a), vb = values(b, prev_b, d1b);
    /* The bytes that end a field: those before a terminator. */
    uint64_t ea = ta >> 1 | tb << 63, eb = tb >> 1;
    uint8_t buf[192];
    _mm512_storeu_si512(buf, _mm512_maskz_compress_epi8(ea, va));
    _mm512_storeu_si512(buf + __builtin_popcountll(ea),
                        _mm512_maskz_compress_epi8(eb, vb));
    store_row(buf, lay->n_fields, lay, identity, row);
    return e + 1;
}

#else

int wold__csv_likert_available(const wold__csv_layout *lay)
{
    (void)lay;
    return 0;
}

size_t wold__csv_likert_row(const char *s, const char *end,
                            const wold__csv_layout *lay, int identity,
                            double *row)
{
    (void)s, (void)end, (void)lay, (void)identity, (void)row;
    return 0;
}

#endif
