/*
 * decimals.c - a record of plain decimal cells in vector steps, for the
 * tokenizer's hot loop.
 *
 * A decimal panel's record is some 14-30 cells like "-0.34705753230581426,"
 * (17 significant digits, round-trip output) or "0.791441548555919,"
 * (R's write.csv).  The scalar path reads each cell byte by byte and word
 * by word, deciding at every step where the digits, the point and the
 * terminator are, then converts it alone.  Here:
 *  - the record is classified 64 bytes at a time (digits, points, minus
 *    signs, separators, the line end) into bit masks, and vpcompressb
 *    (AVX-512 VBMI2) packs its digits, in order, into one buffer;
 *  - the shape is checked for the whole record with mask arithmetic (a
 *    sign only first in a field, at most one point a field, no other
 *    byte), and the fraction digits of every field come from one
 *    subtraction (a terminator minus the point before it sets the bits
 *    between them);
 *  - each field's digits end at a known place in the buffer: one masked
 *    load puts them right-aligned in a vector, and pmaddubsw, pmaddwd and
 *    pmuludq combine up to 19 of them (after leading zeros) into the
 *    integer w, with value = w x 10^-f;
 *  - eight fields at a time go through the Eisel-Lemire steps of
 *    fast_float's compute_float, lane by lane (the 128-bit product from
 *    32-bit halves); a lane those steps do not decide (about 1 in 500:
 *    the second product, a halfway case) goes to the call into fast_float.
 * Every double is the correctly rounded one, strtod's, whichever way.  The
 * path needs fast_float's table of powers of five: a build without
 * WOLD_FAST_FLOAT reads every record the scalar way.
 *
 * A record of any other shape (integers alone, an exponent, a '+', a
 * quote, a space, an empty field, more than 19 significant digits, a
 * value fast_float cannot decide from its digits alone, the wrong number
 * of fields, more than 1024 bytes or 256 fields, no line end before the
 * end of the text) is declined and goes the scalar way, so every message
 * and position stays the scalar path's.
 */
#include <stdint.h>
#include <string.h>

#include "data/data.h"
#include "data/decimal.h"

#if defined(WOLD_FAST_FLOAT) && defined(__x86_64__) &&                    \
    defined(__linux__) &&                                                    \
    (defined(__clang__) ? __clang_major__ >= 14 : __GNUC__ >= 9)
#define WOLD__DECIMALS_X86 1
#include <immintrin.h>

#define MAX_CHUNKS 16 /* records of up to 1024 bytes */
#define PAD 32        /* before the digit buffer: end-aligned loads */
#define MAX_FIELDS 256 /* more go the scalar way (stack: 8 KB of groups) */

#define WOLD__VBMI2                                                          \
    __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,avx512cd,"    \
                          "avx512vbmi2,bmi,bmi2,popcnt")))

/* A record as masks, one word per 64 bytes, and its digits packed. */
typedef struct record {
    uint64_t dig[MAX_CHUNKS];  /* ASCII digits */
    uint64_t neg[MAX_CHUNKS];  /* '-' */
    uint64_t dot[MAX_CHUNKS];  /* '.' */
    uint64_t term[MAX_CHUNKS]; /* the byte ending each field */
    uint64_t bad[MAX_CHUNKS];  /* bytes that fit no field */
    uint64_t quotes;           /* any '"' (the scalar path's, always) */
    unsigned before[MAX_CHUNKS]; /* digits in the chunks before */
    unsigned chunks;
    size_t len;                /* with the '\n' */
    uint8_t digits[PAD + 64 * MAX_CHUNKS + 64];
} record;

/* The masks of the record at s and its digits into r->digits + PAD; 0
 * when no '\n' ends it within MAX_CHUNKS chunks and the text. */
WOLD__VBMI2 static int classify(const char *s, const char *end, char sep,
                                record *r)
{
    const __m512i zero = _mm512_set1_epi8('0'), nine = _mm512_set1_epi8(9);
    const __m512i vsep = _mm512_set1_epi8(sep), nl = _mm512_set1_epi8('\n');
    const __m512i dot = _mm512_set1_epi8('.'), neg = _mm512_set1_epi8('-');
    const __m512i quote = _mm512_set1_epi8('"');
    size_t avail = (size_t)(end - s);
    unsigned o = 0;
    r->quotes = 0;
    for (unsigned k = 0; k < MAX_CHUNKS; k++) {
        size_t at = 64 * (size_t)k;
        if (at >= avail)
            return 0;
        __mmask64 in = avail - at >= 64
                           ? ~0ull
                           : _bzhi_u64(~0ull, (unsigned)(avail - at));
        __m512i b = _mm512_maskz_loadu_epi8(in, s + at);
        __m512i x = _mm512_sub_epi8(b, zero);
        uint64_t dg = _mm512_cmple_epu8_mask(x, nine);
        uint64_t ln = _mm512_cmpeq_epi8_mask(b, nl) & in;
        /* The bytes of the record in this chunk: before its '\n'. */
        uint64_t keep = ln ? _bzhi_u64(~0ull, (unsigned)__builtin_ctzll(ln))
                           : ~0ull;
        dg &= keep;
        r->before[k] = o;
        _mm512_storeu_si512(r->digits + PAD + o,
                            _mm512_maskz_compress_epi8(dg, x));
        o += (unsigned)__builtin_popcountll(dg);
        r->dig[k] = dg;
        r->neg[k] = _mm512_cmpeq_epi8_mask(b, neg) & keep;
        r->dot[k] = _mm512_cmpeq_epi8_mask(b, dot) & keep;
        r->term[k] = _mm512_cmpeq_epi8_mask(b, vsep) & keep;
        r->bad[k] = keep & ~(dg | r->neg[k] | r->dot[k] | r->term[k]);
        r->quotes |= _mm512_cmpeq_epi8_mask(b, quote) & keep;
        if (ln) {
            unsigned e = (unsigned)__builtin_ctzll(ln);
            r->chunks = k + 1;
            r->len = at + e + 1;
            r->term[k] |= 1ull << e; /* the last field ends at the '\n' */
            return 1;
        }
    }
    return 0;
}

/* CRLF: the last field ends at the '\r' before the '\n'. */
WOLD__VBMI2 static void crlf(const char *s, record *r)
{
    size_t e = r->len - 1;
    if (e == 0 || s[e - 1] != '\r')
        return;
    unsigned k = (unsigned)(e / 64), j = (unsigned)((e - 1) / 64);
    r->term[k] &= ~(1ull << (e % 64));
    r->term[j] |= 1ull << ((e - 1) % 64);
    r->bad[j] &= ~(1ull << ((e - 1) % 64));
}

/* A record's fields as scanned, before their conversion (field f's
 * prefix counts at [f + 1]; [0] = 0). */
typedef struct fields {
    uint16_t upto[MAX_FIELDS + 8]; /* digits up to the field's end */
    uint16_t frac[MAX_FIELDS + 8]; /* fraction digits likewise */
    uint64_t neg[MAX_CHUNKS + 2];  /* field f's sign at bit f (and the
                                      starts of empty fields, declined) */
    uint64_t g[MAX_FIELDS + 1][4]; /* digit groups (digit_pair) */
} fields;

/* Sets bits [from, to) of the words m. */
static void set_bits(uint64_t *m, size_t from, size_t to)
{
    for (size_t i = from; i < to;) {
        size_t w = i / 64, b = i % 64, n = to - i < 64 - b ? to - i : 64 - b;
        m[w] |= (n == 64 ? ~0ull : ((1ull << n) - 1)) << b;
        i += n;
    }
}

/* The fields the layout skips may hold any text but a quote, as on the
 * scalar path: their bytes are left out of the shape's checks (an id
 * column, a company's name, a date). */
WOLD__VBMI2 static void skip_fields(record *r, const wold__csv_layout *lay)
{
    uint64_t skip[MAX_CHUNKS] = {0};
    size_t f = 0, start = 0;
    for (unsigned k = 0; k < r->chunks && f < lay->n_fields; k++)
        for (uint64_t t = r->term[k]; t != 0 && f < lay->n_fields;
             t &= t - 1, f++) {
            size_t stop = 64 * (size_t)k + (unsigned)__builtin_ctzll(t);
            if (lay->dest[f] < 0)
                set_bits(skip, start, stop);
            start = stop + 1;
        }
    for (unsigned k = 0; k < r->chunks; k++) {
        r->bad[k] &= ~skip[k];
        r->neg[k] &= ~skip[k];
        r->dot[k] &= ~skip[k];
    }
}

/*
 * The record's shape: no byte outside a number, a minus sign only first
 * in a field, at most one point a field, a point somewhere, n_fields
 * fields.  frac gets the fraction digits: a terminator minus the point
 * before it sets the bits from the point up to the terminator, and with
 * two points in a field the second is cleared (so R & dot != dot tells
 * it).  The fields' signs go to out->neg in field order (pext by the
 * bytes that start a field; the byte after the line end adds a 0 at the
 * end).
 */
WOLD__VBMI2 static int shape(const record *r, size_t n_fields,
                             uint64_t *frac, fields *out)
{
    uint64_t bad = 0, carry = 1; /* the first byte starts a field */
    uint64_t points = 0;
    unsigned char borrow = 0;
    size_t fields = 0, signs = 0;
    out->neg[0] = 0;
    for (unsigned k = 0; k < r->chunks; k++) {
        uint64_t t = r->term[k], starts = t << 1 | carry;
        carry = t >> 63;
        bad |= r->bad[k] | (r->neg[k] & ~starts);
        unsigned long long d;
        unsigned char b1 = __builtin_usubll_overflow(t, r->dot[k], &d);
        unsigned char b2 = __builtin_usubll_overflow(d, borrow, &d);
        borrow = b1 | b2;
        bad |= r->dot[k] & ~d;
        points |= r->dot[k];
        frac[k] = d & ~r->dot[k] & ~t;
        fields += (size_t)__builtin_popcountll(t);
        uint64_t sg = _pext_u64(r->neg[k], starts);
        unsigned sh = (unsigned)(signs % 64);
        out->neg[signs / 64] |= sg << sh;
        out->neg[signs / 64 + 1] = sh ? sg >> (64 - sh) : 0;
        signs += (size_t)__builtin_popcountll(starts);
    }
    /* A record of integers alone (Likert items the Likert path did not
     * take: an id column, more than 128 bytes) is the scalar path's, which
     * reads a one- or two-digit cell in a few ns. */
    return bad == 0 && r->quotes == 0 && points != 0 && fields == n_fields;
}

/* Where each field's digits end in the packed buffer, and its fraction
 * digits, as prefix counts. */
WOLD__VBMI2 static void scan_fields(const record *r, const uint64_t *frac,
                                    fields *out)
{
    unsigned frac_before = 0;
    size_t f = 0;
    out->upto[0] = out->frac[0] = 0;
    for (unsigned k = 0; k < r->chunks; k++) {
        for (uint64_t t = r->term[k]; t != 0; t &= t - 1) {
            uint64_t below = _bzhi_u64(~0ull, (unsigned)__builtin_ctzll(t));
            f++;
            out->upto[f] = (uint16_t)(r->before[k] +
                                      (unsigned)__builtin_popcountll(
                                          r->dig[k] & below));
            out->frac[f] = (uint16_t)(frac_before +
                                      (unsigned)__builtin_popcountll(
                                          frac[k] & below));
        }
        frac_before += (unsigned)__builtin_popcountll(frac[k]);
    }
}

/* The n (0-32) digits ending at last, right-aligned in 32 bytes. */
WOLD__VBMI2 static inline __m256i digits_at(const uint8_t *last, unsigned n)
{
    return _mm256_maskz_loadu_epi8((__mmask32)(~0ull << (32 - n)), last - 31);
}

/*
 * The digits of fields f and f + 1 (n1 = 0: none) in the two halves of a
 * vector, combined in pairs, fours and eights: four 64-bit lanes of 8
 * digits a field, the last 8 in the last lane, into out->g[f], g[f + 1].
 * 0 when a field has more than 19 digits after its leading zeros (w would
 * not hold them; the scalar path keeps the first 19).
 */
WOLD__VBMI2 static inline int digit_pair(const record *r, fields *out,
                                         size_t f, unsigned n0, unsigned n1)
{
    const uint8_t *d = r->digits + PAD - 1;
    __m512i v = _mm512_inserti64x4(
        _mm512_castsi256_si512(digits_at(d + out->upto[f + 1], n0)),
        digits_at(d + out->upto[f + 1] + n1, n1), 1);
    if (_mm512_mask_test_epi8_mask(0x00001FFF00001FFFull, v, v) != 0)
        return 0; /* a digit other than 0 before the last 19 */
    v = _mm512_maddubs_epi16(v, _mm512_set1_epi16(0x010A));  /* 10, 1 */
    v = _mm512_madd_epi16(v, _mm512_set1_epi32(0x00010064)); /* 100, 1 */
    v = _mm512_add_epi64(_mm512_mul_epu32(v, _mm512_set1_epi64(10000)),
                         _mm512_srli_epi64(v, 32));
    _mm512_storeu_si512(out->g[f], v);
    return 1;
}

/* Every used field's digit groups (a skipped one's are 0): 0 when a
 * field has no digit or too many. */
WOLD__VBMI2 static int digit_groups(const record *r,
                                    const wold__csv_layout *lay, int skips,
                                    fields *out)
{
    size_t n = lay->n_fields;
    for (size_t f = 0; f < n; f += 2) {
        int used0 = !skips || lay->dest[f] >= 0;
        int used1 = f + 1 < n && (!skips || lay->dest[f + 1] >= 0);
        unsigned n0 = used0 ? (unsigned)(out->upto[f + 1] - out->upto[f]) : 0;
        unsigned n1 =
            used1 ? (unsigned)(out->upto[f + 2] - out->upto[f + 1]) : 0;
        if ((used0 && n0 - 1 >= 32u) || (used1 && n1 - 1 >= 32u) ||
            !digit_pair(r, out, f, n0, n1))
            return 0; /* no digit, or too many */
    }
    return 1;
}

/* The high and low words of the 128-bit products a x b, lane by lane,
 * from four 32 x 32-bit products. */
WOLD__VBMI2 static inline void mul128(__m512i a, __m512i b, __m512i *hi,
                                      __m512i *lo)
{
    const __m512i low32 = _mm512_set1_epi64(0xFFFFFFFF);
    __m512i a1 = _mm512_srli_epi64(a, 32), b1 = _mm512_srli_epi64(b, 32);
    __m512i p00 = _mm512_mul_epu32(a, b), p01 = _mm512_mul_epu32(a, b1);
    __m512i p10 = _mm512_mul_epu32(a1, b), p11 = _mm512_mul_epu32(a1, b1);
    __m512i mid = _mm512_add_epi64(
        _mm512_srli_epi64(p00, 32),
        _mm512_add_epi64(_mm512_and_si512(p01, low32),
                         _mm512_and_si512(p10, low32)));
    *lo = _mm512_or_si512(_mm512_slli_epi64(mid, 32),
                          _mm512_and_si512(p00, low32));
    *hi = _mm512_add_epi64(
        _mm512_add_epi64(p11, _mm512_srli_epi64(mid, 32)),
        _mm512_add_epi64(_mm512_srli_epi64(p01, 32),
                         _mm512_srli_epi64(p10, 32)));
}

/* The integers w of fields f .. f + 7 (k: the lanes in use) from their
 * digit groups: lane j of each group vector gathered from the fields by
 * two permutes and a blend, then w = g1 10^16 + g2 10^8 + g3 (g0 = 0, and
 * g1 < 1000 with at most 19 digits; 10^16 in two 32-bit halves). */
WOLD__VBMI2 static __m512i gather_w(const fields *fs, size_t f, __mmask8 k)
{
    __m512i c[4];
    for (unsigned i = 0; i < 4; i++) /* fields f + 2i, f + 2i + 1 */
        c[i] = _mm512_maskz_loadu_epi64(
            (__mmask8)(((k >> (2 * i)) & 1 ? 0x0F : 0) |
                       ((k >> (2 * i + 1)) & 1 ? 0xF0 : 0)),
            fs->g[f + 2 * i]);
    __m512i g[3];
    for (unsigned j = 1; j < 4; j++) {
        __m512i idx = _mm512_setr_epi64(j, j + 4, j + 8, j + 12, j, j + 4,
                                        j + 8, j + 12);
        g[j - 1] = _mm512_mask_blend_epi64(
            0xF0, _mm512_permutex2var_epi64(c[0], idx, c[1]),
            _mm512_permutex2var_epi64(c[2], idx, c[3]));
    }
    const uint64_t e16 = 10000000000000000u;
    __m512i hi16 = _mm512_slli_epi64(
        _mm512_mul_epu32(g[0], _mm512_set1_epi64((int64_t)(e16 >> 32))), 32);
    __m512i lo16 = _mm512_mul_epu32(g[0], _mm512_set1_epi64(e16 & 0xFFFFFFFF));
    __m512i t = _mm512_add_epi64(
        _mm512_mul_epu32(g[1], _mm512_set1_epi64(100000000)), g[2]);
    return _mm512_add_epi64(_mm512_add_epi64(hi16, lo16), t);
}

/* The first words of 5^-32 .. 5^-1 from fast_float's table (two words
 * an entry), eight to a register: the powers a field can need (at most
 * 32 fraction digits; 5^0 is 2^63), looked up by permutes. */
typedef struct powers {
    __m512i t[4];
} powers;

WOLD__VBMI2 static inline powers load_powers(const uint64_t *pow5)
{
    const uint64_t *at = pow5 + 2 * (342 - 32); /* 5^-32 */
    const __m512i even = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
    powers p;
    for (unsigned i = 0; i < 4; i++)
        p.t[i] = _mm512_permutex2var_epi64(
            _mm512_loadu_si512(at + 16 * i), even,
            _mm512_loadu_si512(at + 16 * i + 8));
    return p;
}

/*
 * Fields f .. f + 7 (k: the lanes in use) to doubles by the Eisel-Lemire
 * steps of fast_float's compute_float (decimal_to_binary.h), lane by lane,
 * with the 128-bit product from 32-bit halves; a lane of w = 0 is a zero
 * of its sign (Clinger's answer).  Returns the lanes these steps do not
 * decide (a second product needed, perhaps halfway), for the call into
 * fast_float; their w in w_out.
 */
WOLD__VBMI2 static __mmask8 convert8(const fields *fs, size_t f,
                                     __mmask8 k, const powers *pw5,
                                     double *out, uint64_t *w_out)
{
    const __m512i one = _mm512_set1_epi64(1);
    __m512i w = gather_w(fs, f, k);
    __m128i fr = _mm_sub_epi16(_mm_maskz_loadu_epi16(k, fs->frac + f + 1),
                               _mm_maskz_loadu_epi16(k, fs->frac + f));
    __mmask8 neg = (__mmask8)(fs->neg[f / 64] >> (f % 64)) & k;
    __mmask8 zero = _mm512_mask_cmpeq_epi64_mask(k, w, _mm512_setzero_si512());
    __mmask8 live = k & ~zero;
    __m512i q = _mm512_sub_epi64(_mm512_setzero_si512(),
                                 _mm512_cvtepu16_epi64(fr));
    __m512i lz = _mm512_lzcnt_epi64(w);
    __m512i idx = _mm512_add_epi64(q, _mm512_set1_epi64(32)); /* 0-32 */
    __m512i pw = _mm512_mask_blend_epi64(
        _mm512_cmpge_epu64_mask(idx, _mm512_set1_epi64(16)),
        _mm512_permutex2var_epi64(pw5->t[0], idx, pw5->t[1]),
        _mm512_permutex2var_epi64(pw5->t[2], idx, pw5->t[3]));
    pw = _mm512_mask_blend_epi64(
        _mm512_cmpeq_epi64_mask(idx, _mm512_set1_epi64(32)), pw,
        _mm512_set1_epi64(INT64_MIN)); /* 5^0: 1 << 63 */
    __m512i hi, lo;
    mul128(_mm512_sllv_epi64(w, lz), pw, &hi, &lo);
    const __m512i m9 = _mm512_set1_epi64(0x1FF);
    __mmask8 fail =
        _mm512_mask_cmpeq_epi64_mask(live, _mm512_and_si512(hi, m9), m9) |
        _mm512_mask_cmpeq_epi64_mask(live, lo, _mm512_set1_epi64(-1));
    __m512i upper = _mm512_srli_epi64(hi, 63);
    __m512i m = _mm512_srlv_epi64(hi, _mm512_add_epi64(upper,
                                                       _mm512_set1_epi64(9)));
    __m512i e2 = _mm512_srai_epi64(
        _mm512_mullo_epi64(q, _mm512_set1_epi64(152170 + 65536)), 16);
    e2 = _mm512_add_epi64(_mm512_sub_epi64(_mm512_add_epi64(e2, upper), lz),
                          _mm512_set1_epi64(63 + 1023));
    fail |= _mm512_mask_cmple_epi64_mask(live, e2, _mm512_setzero_si512());
    /* Perhaps halfway: q in [-4, 23] (here -4..0), lo <= 1, m & 3 == 1. */
    fail |= _mm512_mask_cmpge_epi64_mask(live, q, _mm512_set1_epi64(-4)) &
            _mm512_cmple_epu64_mask(lo, one) &
            _mm512_cmpeq_epi64_mask(_mm512_and_si512(m, _mm512_set1_epi64(3)),
                                    one);
    m = _mm512_srli_epi64(_mm512_add_epi64(m, _mm512_and_si512(m, one)), 1);
    __mmask8 carry = _mm512_cmpge_epu64_mask(m, _mm512_set1_epi64(2ll << 52));
    m = _mm512_mask_mov_epi64(m, carry, _mm512_set1_epi64(1ll << 52));
    e2 = _mm512_mask_add_epi64(e2, carry, e2, one);
    fail |= _mm512_mask_cmpge_epi64_mask(live, e2, _mm512_set1_epi64(0x7FF));
    __m512i bits = _mm512_or_si512(
        _mm512_andnot_si512(_mm512_set1_epi64(1ll << 52), m),
        _mm512_slli_epi64(e2, 52));
    bits = _mm512_maskz_mov_epi64(live, bits);
    bits = _mm512_mask_or_epi64(bits, neg,
                                bits, _mm512_set1_epi64(INT64_MIN));
    _mm512_storeu_pd(out, _mm512_castsi512_pd(bits));
    _mm512_storeu_si512(w_out, w);
    return fail;
}

WOLD__VBMI2 static size_t row_vbmi2(const char *s, const char *end,
                                    const wold__csv_layout *lay,
                                    const wold__vrec *path, double *row)
{
    record r;
    uint64_t frac[MAX_CHUNKS];
    fields fs;
    if (lay->n_fields > MAX_FIELDS || !classify(s, end, lay->sep, &r))
        return 0;
    crlf(s, &r);
    if (path->skips)
        skip_fields(&r, lay);
    if (!shape(&r, lay->n_fields, frac, &fs))
        return 0;
    scan_fields(&r, frac, &fs);
    if (!digit_groups(&r, lay, path->skips, &fs))
        return 0;
    /* The conversions apart from the scan, 8 at a time. */
    powers pw5 = load_powers(wold__ff_power_table());
    size_t n = lay->n_fields;
    for (size_t f = 0; f < n; f += 8) {
        double v[8];
        uint64_t w[8];
        __mmask8 k = n - f >= 8 ? 0xFF : (__mmask8)((1u << (n - f)) - 1);
        for (__mmask8 slow = convert8(&fs, f, k, &pw5, v, w); slow != 0;
             slow &= (__mmask8)(slow - 1)) {
            unsigned j = (unsigned)__builtin_ctz(slow);
            int64_t q = -(int64_t)(fs.frac[f + j + 1] - fs.frac[f + j]);
            if (!wold__ff_eisel_lemire(q, w[j], 0, &v[j]))
                return 0; /* undecided without the text: the scalar path */
            v[j] = wold__negate_if(v[j], (int)(fs.neg[(f + j) / 64] >>
                                               ((f + j) % 64) & 1));
        }
        if (path->identity) {
            _mm512_mask_storeu_pd(row + f, k, _mm512_loadu_pd(v));
            continue;
        }
        for (unsigned j = 0; j < 8 && f + j < n; j++)
            if (lay->dest[f + j] >= 0)
                row[lay->dest[f + j]] = v[j];
    }
    return r.len;
}

#endif /* WOLD__DECIMALS_X86 */

wold__vrec wold__csv_decimals_setup(const wold__csv_layout *lay)
{
    wold__vrec k = {WOLD__SIMD_NONE, 0, 0};
    /* A separator that can be part of a number is not classified apart. */
    char c = lay->sep;
    if (lay->n_fields == 0 || lay->simd != WOLD__SIMD_BEST ||
        (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '\n' ||
        c == '\r')
        return k;
#ifdef WOLD__DECIMALS_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") &&
        __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512cd") &&
        __builtin_cpu_supports("avx512vbmi2") &&
        __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
        __builtin_cpu_supports("popcnt"))
        k.kind = WOLD__SIMD_VBMI2;
#endif
    k.identity = wold__csv_identity(lay);
    for (size_t f = 0; f < lay->n_fields; f++)
        k.skips |= lay->dest[f] < 0;
    return k;
}

size_t wold__csv_decimals_row(const wold__vrec *k, const char *s,
                              const char *end, const wold__csv_layout *lay,
                              double *row)
{
#ifdef WOLD__DECIMALS_X86
    if (k->kind == WOLD__SIMD_VBMI2)
        return row_vbmi2(s, end, lay, k, row);
#endif
    (void)k, (void)s, (void)end, (void)lay, (void)row;
    return 0;
}
