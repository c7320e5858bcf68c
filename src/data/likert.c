/*
 * likert.c - a record of Likert cells (every field one or two digits) in
 * one vector step, for the tokenizer's hot loop.
 *
 * A survey panel's record is some 30 cells of "7," or "10,": the scalar
 * path spends 3.6-5 ns a cell on the 2.0 GHz Xeon of bench/README.md
 * deciding, cell by cell, where each ends.  Here the record's first 128
 * bytes are classified at once (digits, separators, the line end) into
 * bit masks, the shape is checked with a few mask operations (each field
 * one or two digits, the header's number of fields), and the bytes that
 * end a field give the values: with AVX-512 VBMI2 each byte is given the
 * value of the number ending there (its digit plus ten times the digit
 * before when that is one) and vpcompressb keeps those that end a field,
 * in order; with AVX2 alone a loop over the mask's set bits reads them.
 * A record of any other shape (a decimal, a sign, a quote, a space, a
 * missing cell, CRLF, too many or too few fields, longer than 127 bytes,
 * the end of the text near) is declined and goes the scalar way, so every
 * message and position stays the scalar path's.  The values are small
 * integers: the same doubles as strtod's, whichever path reads them.
 */
#include <stdint.h>
#include <string.h>

#include "data/data.h"

#if defined(__x86_64__) && defined(__linux__) &&                            \
    (defined(__clang__) ? __clang_major__ >= 14 : __GNUC__ >= 9)
#define WOLD__LIKERT_X86 1
#include <immintrin.h>

/* A record's first 128 bytes as masks, word 0 the first 64: digits,
 * separators, '\n'. */
typedef struct masks {
    uint64_t d[2], s[2], l[2];
} masks;

/*
 * The record's shape from its masks: its length with the '\n', or 0 when
 * it is not n_fields fields of one or two digits each ending within the
 * 128 bytes.  eof gets the bytes that end a field (the record's values,
 * in order), tens the digits preceded by a digit of the same field.
 */
static inline size_t shape(const masks *m, size_t n_fields, uint64_t eof[2],
                           uint64_t tens[2])
{
    if ((m->l[0] | m->l[1]) == 0)
        return 0;
    unsigned e = m->l[0] ? (unsigned)__builtin_ctzll(m->l[0])
                         : 64 + (unsigned)__builtin_ctzll(m->l[1]);
    /* The record's bytes before its '\n' at e. */
    uint64_t ra = e >= 64 ? ~0ull : (1ull << e) - 1;
    uint64_t rb = e > 64 ? (1ull << (e - 64)) - 1 : 0;
    uint64_t da = m->d[0] & ra, db = m->d[1] & rb;
    uint64_t sa = m->s[0] & ra, sb = m->s[1] & rb;
    if ((da | sa) != ra || (db | sb) != rb)
        return 0; /* a byte that is neither */
    /* Terminators: the separators and the line end. */
    uint64_t ta = sa | (e < 64 ? 1ull << e : 0);
    uint64_t tb = sb | (e >= 64 ? 1ull << (e - 64) : 0);
    if ((size_t)(__builtin_popcountll(ta) + __builtin_popcountll(tb)) !=
        n_fields)
        return 0;
    /* No empty field (a terminator first or after another) and no three
     * digits in a row; the halves carry one or two bits across. */
    uint64_t t1a = ta << 1, t1b = tb << 1 | ta >> 63;
    uint64_t d1a = da << 1, d1b = db << 1 | da >> 63;
    uint64_t d2a = da << 2, d2b = db << 2 | da >> 62;
    if ((ta & 1) || (ta & t1a) || (tb & t1b) || (da & d1a & d2a) ||
        (db & d1b & d2b))
        return 0;
    eof[0] = ta >> 1 | tb << 63; /* the byte before a terminator */
    eof[1] = tb >> 1;
    tens[0] = d1a & da;
    tens[1] = d1b & db;
    return e + 1;
}

/* Values buf[0 .. n) (n <= 64) into row through the layout's columns. */
static inline void put_row(const uint8_t *buf, size_t n,
                           const wold__csv_layout *lay, double *row)
{
    for (size_t f = 0; f < n; f++)
        if (lay->dest[f] >= 0)
            row[lay->dest[f]] = (double)buf[f];
}

#define WOLD__AVX2 __attribute__((target("avx2,bmi,popcnt")))
#define WOLD__VBMI2                                                          \
    __attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi2,bmi,"      \
                          "popcnt")))

/* ---- AVX2: masks and values 32 bytes at a time, read by the bits ---- */

/* Bits of the 32 bytes at p: digits, c1 and c2. */
WOLD__AVX2 static void masks32(const char *p, char c1, char c2, uint64_t *d,
                               uint64_t *m1, uint64_t *m2, unsigned shift)
{
    __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)p);
    __m256i x = _mm256_sub_epi8(b, _mm256_set1_epi8('0'));
    __m256i nine = _mm256_set1_epi8(9);
    __m256i dg = _mm256_cmpeq_epi8(_mm256_max_epu8(x, nine), nine);
    *d |= (uint64_t)(uint32_t)_mm256_movemask_epi8(dg) << shift;
    *m1 |= (uint64_t)(uint32_t)_mm256_movemask_epi8(
               _mm256_cmpeq_epi8(b, _mm256_set1_epi8(c1)))
           << shift;
    *m2 |= (uint64_t)(uint32_t)_mm256_movemask_epi8(
               _mm256_cmpeq_epi8(b, _mm256_set1_epi8(c2)))
           << shift;
}

/* The 32 bytes at p with each byte's digit plus ten times the byte
 * before's where that is a digit (prev: the bytes one earlier). */
WOLD__AVX2 static __m256i values32(__m256i b, __m256i prev)
{
    __m256i zero = _mm256_set1_epi8('0'), nine = _mm256_set1_epi8(9);
    __m256i units = _mm256_sub_epi8(b, zero);
    __m256i t1 = _mm256_sub_epi8(prev, zero);
    t1 = _mm256_and_si256(t1, _mm256_cmpeq_epi8(_mm256_max_epu8(t1, nine),
                                                 nine));
    __m256i t2 = _mm256_add_epi8(t1, t1);
    __m256i t8 = _mm256_add_epi8(_mm256_add_epi8(t2, t2),
                                 _mm256_add_epi8(t2, t2));
    return _mm256_add_epi8(units, _mm256_add_epi8(t8, t2));
}

WOLD__AVX2 static size_t row_avx2(const char *s, const char *end,
                                  const wold__csv_layout *lay, double *row)
{
    if (end - s < 128)
        return 0;
    masks m = {{0, 0}, {0, 0}, {0, 0}};
    for (unsigned k = 0; k < 4; k++)
        masks32(s + 32 * k, lay->sep, '\n', &m.d[k / 2], &m.s[k / 2],
                &m.l[k / 2], 32 * (k % 2));
    uint64_t eof[2], tens[2];
    size_t len = shape(&m, lay->n_fields, eof, tens);
    if (len == 0)
        return 0;
    /* Every byte's value; the first byte's previous is taken as 0 (the
     * byte before s need not be readable). */
    uint8_t vals[128];
    __m256i b0 = _mm256_loadu_si256((const __m256i *)(const void *)s);
    __m256i p0 = _mm256_alignr_epi8(
        b0, _mm256_permute2x128_si256(b0, b0, 0x08), 15);
    _mm256_storeu_si256((__m256i *)(void *)vals, values32(b0, p0));
    for (unsigned k = 1; k < 4; k++) {
        const char *q = s + 32 * k;
        _mm256_storeu_si256(
            (__m256i *)(void *)(vals + 32 * k),
            values32(_mm256_loadu_si256((const __m256i *)(const void *)q),
                     _mm256_loadu_si256(
                         (const __m256i *)(const void *)(q - 1))));
    }
    size_t f = 0;
    for (unsigned w = 0; w < 2; w++)
        for (uint64_t e = eof[w]; e != 0; e &= e - 1, f++) {
            double v = vals[(unsigned)__builtin_ctzll(e) + 64 * w];
            if (lay->dest[f] >= 0)
                row[lay->dest[f]] = v;
        }
    return len;
}

/* ---- AVX-512 VBMI2: the values of every byte, compressed ---- */

/* The bytes of b that are ASCII digits (mask). */
WOLD__VBMI2 static __mmask64 digits(__m512i b)
{
    return _mm512_cmple_epu8_mask(_mm512_sub_epi8(b, _mm512_set1_epi8('0')),
                                  _mm512_set1_epi8(9));
}

/* Each byte's digit plus ten times the byte before's where tens says
 * that is a digit of the same field (prev: the bytes one earlier). */
WOLD__VBMI2 static __m512i values(__m512i b, __m512i prev, __mmask64 tens)
{
    __m512i zero = _mm512_set1_epi8('0');
    __m512i units = _mm512_sub_epi8(b, zero);
    __m512i t1 = _mm512_maskz_sub_epi8(tens, prev, zero);
    __m512i t2 = _mm512_add_epi8(t1, t1);
    __m512i t8 = _mm512_add_epi8(_mm512_add_epi8(t2, t2),
                                 _mm512_add_epi8(t2, t2));
    return _mm512_add_epi8(units, _mm512_add_epi8(t8, t2));
}

WOLD__VBMI2 static size_t row_vbmi2(const char *s, const char *end,
                                    const wold__csv_layout *lay,
                                    int identity, double *row)
{
    if (end - s < 128)
        return 0;
    __m512i a = _mm512_loadu_si512(s), b = _mm512_loadu_si512(s + 64);
    __m512i nl = _mm512_set1_epi8('\n'), sep = _mm512_set1_epi8(lay->sep);
    masks m = {{digits(a), digits(b)},
               {_mm512_cmpeq_epi8_mask(a, sep), _mm512_cmpeq_epi8_mask(b, sep)},
               {_mm512_cmpeq_epi8_mask(a, nl), _mm512_cmpeq_epi8_mask(b, nl)}};
    uint64_t eof[2], tens[2];
    size_t len = shape(&m, lay->n_fields, eof, tens);
    if (len == 0)
        return 0;
    /* The byte before s may be outside the text: it is not loaded (and
     * its tens bit is 0). */
    __m512i prev_a = _mm512_maskz_loadu_epi8(~1ull, s - 1);
    __m512i prev_b = _mm512_loadu_si512(s + 63);
    __m512i va = values(a, prev_a, tens[0]), vb = values(b, prev_b, tens[1]);
    uint8_t buf[192];
    _mm512_storeu_si512(buf, _mm512_maskz_compress_epi8(eof[0], va));
    _mm512_storeu_si512(buf + __builtin_popcountll(eof[0]),
                        _mm512_maskz_compress_epi8(eof[1], vb));
    size_t n = lay->n_fields;
    if (!identity) {
        put_row(buf, n, lay, row);
        return len;
    }
    for (size_t f = 0; f < n; f += 8) {
        __mmask8 k = n - f >= 8 ? 0xff : (__mmask8)((1u << (n - f)) - 1);
        __m128i b8 = _mm_loadl_epi64((const __m128i *)(const void *)(buf + f));
        _mm512_mask_storeu_pd(row + f, k,
                              _mm512_cvtepi32_pd(_mm256_cvtepu8_epi32(b8)));
    }
    return len;
}

#endif /* WOLD__LIKERT_X86 */

wold__vrec wold__csv_likert_setup(const wold__csv_layout *lay)
{
    wold__vrec k = {WOLD__SIMD_NONE, 0, 0};
    if (lay->n_fields == 0 || lay->n_fields > 64 ||
        lay->simd == WOLD__SIMD_NONE)
        return k;
#ifdef WOLD__LIKERT_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
        __builtin_cpu_supports("popcnt"))
        k.kind = WOLD__SIMD_AVX2;
    if (k.kind == WOLD__SIMD_AVX2 && lay->simd != WOLD__SIMD_AVX2 &&
        __builtin_cpu_supports("avx512f") &&
        __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512vbmi2"))
        k.kind = WOLD__SIMD_VBMI2;
#endif
    k.identity = wold__csv_identity(lay);
    return k;
}

size_t wold__csv_likert_row(const wold__vrec *k, const char *s,
                            const char *end, const wold__csv_layout *lay,
                            double *row)
{
#ifdef WOLD__LIKERT_X86
    if (k->kind == WOLD__SIMD_VBMI2)
        return row_vbmi2(s, end, lay, k->identity, row);
    if (k->kind == WOLD__SIMD_AVX2)
        return row_avx2(s, end, lay, row);
#endif
    (void)k, (void)s, (void)end, (void)lay, (void)row;
    return 0;
}
