/*
 * exact.c - the first pass and the cross-products of a block of small
 * integers, exactly.
 *
 * A Likert panel's block of 1024 rows cost OpenBLAS's dsyrk about 80 ns
 * a row on the 2.0 GHz Xeon of bench/README.md, and the pass summing its
 * means and range another 35: most of a streamed fit's moments.  Shifted
 * by the first row, the cells are small integers, so the products can be
 * summed as integers: one pass checks and packs pairs of rows as the two
 * 16-bit halves of 32-bit words (summing the columns and their range as
 * it goes), and one vpdpwssd (vpmaddwd with the add, AVX-512 VNNI)
 * multiplies both rows' cells of 16 columns with a broadcast pair and
 * adds them to the sums.  Integer sums are exact in any order, so the
 * kernels need not agree on one: they all give the plain C loop's
 * numbers.
 */
#include <string.h>

#include "moments/exact.h"

size_t wold__exact_ld(size_t p) { return (p ? p + 15 : 16) / 16 * 16; }

size_t wold__exact_bytes(size_t p)
{
    size_t ld = wold__exact_ld(p);
    /* The shift, the column sums, minima and maxima (ld each), the pairs,
     * and q: ld rows, as a kernel's tiles may pass p. */
    return (4 * ld + (WOLD__EXACT_ROWS / 2) * ld + ld * ld) * sizeof(int32_t);
}

/* ------------------------------------------------------------------------
 * Plain C: the definition the vector kernels are tested against
 * ------------------------------------------------------------------------ */

/* Cell v less c in *a: 0 (and *a = 0) when v is not an integer within
 * WOLD__EXACT_SPAN of c. */
static int shifted(double v, int32_t c, int32_t *a)
{
    *a = 0;
    if (!(v >= -2.0 * WOLD__EXACT_LIMIT && v <= 2.0 * WOLD__EXACT_LIMIT))
        return 0; /* NaN too; within it the conversion is defined */
    int64_t t = (int64_t)v;
    if ((double)t != v || t - c < -WOLD__EXACT_SPAN ||
        t - c > WOLD__EXACT_SPAN)
        return 0;
    *a = (int32_t)(t - c);
    return 1;
}

static int pack_plain(size_t p, const double *x, size_t k, const int32_t *c,
                      int32_t *pairs, int32_t *stats)
{
    size_t ld = wold__exact_ld(p);
    int32_t *sum = stats, *lo = stats + ld, *hi = stats + 2 * ld;
    int ok = 1;
    for (size_t j = 0; j < ld; j++)
        sum[j] = lo[j] = hi[j] = 0; /* a = 0 is the first row's cell */
    for (size_t r = 0; r < k; r += 2, pairs += ld) {
        const double *x0 = x + r * p, *x1 = x0 + p;
        for (size_t j = 0; j < p; j++) {
            int32_t a0, a1 = 0;
            ok &= shifted(x0[j], c[j], &a0);
            if (r + 1 < k)
                ok &= shifted(x1[j], c[j], &a1);
            sum[j] += a0 + a1;
            lo[j] = a0 < lo[j] ? a0 : lo[j];
            lo[j] = a1 < lo[j] ? a1 : lo[j];
            hi[j] = a0 > hi[j] ? a0 : hi[j];
            hi[j] = a1 > hi[j] ? a1 : hi[j];
            pairs[j] = (int32_t)(((uint32_t)a0 & 0xffff) | (uint32_t)a1 << 16);
        }
        for (size_t j = p; j < ld; j++)
            pairs[j] = 0;
    }
    return ok;
}

static void cross_plain(size_t p, const int32_t *pairs, size_t n_pairs,
                        int32_t *q)
{
    size_t ld = wold__exact_ld(p);
    for (size_t i = 0; i < p; i++)
        memset(q + i * ld, 0, ld * sizeof *q);
    for (size_t m = 0; m < n_pairs; m++, pairs += ld)
        for (size_t i = 0; i < p; i++) {
            int32_t a0 = (int16_t)(pairs[i] & 0xffff);
            int32_t a1 = (int16_t)((uint32_t)pairs[i] >> 16);
            for (size_t j = i; j < p; j++)
                q[i * ld + j] += a0 * (int16_t)(pairs[j] & 0xffff) +
                                 a1 * (int16_t)((uint32_t)pairs[j] >> 16);
        }
}

static const wold__exact_kernel plain = {"plain C", pack_plain, cross_plain};

/* ------------------------------------------------------------------------
 * x86-64: AVX2, AVX-512BW and AVX-512 VNNI
 * ------------------------------------------------------------------------ */

#if defined(__x86_64__) && defined(__linux__) &&                            \
    (defined(__clang__) ? __clang_major__ >= 14 : __GNUC__ >= 9)
#define WOLD__EXACT_X86 1
#include <immintrin.h>

#define WOLD__AVX2 __attribute__((target("avx2")))
#define WOLD__AVX512 __attribute__((target("avx512f,avx512bw,avx512vl")))
#define WOLD__VNNI                                                           \
    __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))

/* The words of columns j .. j + 3 (m: those < p) of every pair of rows,
 * the columns' sums, minima and maxima kept in registers; 0 when a cell
 * is not an integer within the span of c. */
WOLD__AVX2 static int pack4_avx2(size_t p, const double *x, size_t k,
                                 const int32_t *c, size_t j, __m256i m,
                                 int32_t *pairs, int32_t *stats)
{
    size_t ld = wold__exact_ld(p);
    __m128i m32 = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(
        m, _mm256_setr_epi32(0, 2, 4, 6, 0, 0, 0, 0)));
    __m128i cj = _mm_maskload_epi32(c + j, m32);
    __m128i sum = _mm_setzero_si128(), lo = sum, hi = sum;
    __m256d bad = _mm256_setzero_pd();
    for (size_t r = 0; r < k; r += 2, pairs += ld) {
        const double *x0 = x + r * p + j;
        __m256d a = _mm256_maskload_pd(x0, m);
        __m256d b = r + 1 < k ? _mm256_maskload_pd(x0 + p, m)
                              : _mm256_cvtepi32_pd(cj);
        __m128i ta = _mm256_cvttpd_epi32(a), tb = _mm256_cvttpd_epi32(b);
        bad = _mm256_or_pd(bad, _mm256_cmp_pd(_mm256_cvtepi32_pd(ta), a,
                                              _CMP_NEQ_UQ));
        bad = _mm256_or_pd(bad, _mm256_cmp_pd(_mm256_cvtepi32_pd(tb), b,
                                              _CMP_NEQ_UQ));
        /* Wrapping differences: a cell far from c shows in lo or hi. */
        __m128i da = _mm_sub_epi32(ta, cj), db = _mm_sub_epi32(tb, cj);
        sum = _mm_add_epi32(sum, _mm_add_epi32(da, db));
        lo = _mm_min_epi32(lo, _mm_min_epi32(da, db));
        hi = _mm_max_epi32(hi, _mm_max_epi32(da, db));
        _mm_storeu_si128(
            (__m128i *)(pairs + j),
            _mm_or_si128(_mm_and_si128(da, _mm_set1_epi32(0xffff)),
                         _mm_slli_epi32(db, 16)));
    }
    _mm_storeu_si128((__m128i *)(stats + j), sum);
    _mm_storeu_si128((__m128i *)(stats + ld + j), lo);
    _mm_storeu_si128((__m128i *)(stats + 2 * ld + j), hi);
    __m128i span = _mm_set1_epi32(WOLD__EXACT_SPAN);
    __m128i out = _mm_or_si128(
        _mm_cmpgt_epi32(hi, span),
        _mm_cmplt_epi32(lo, _mm_sub_epi32(_mm_setzero_si128(), span)));
    return _mm256_movemask_pd(bad) == 0 && _mm_movemask_epi8(out) == 0;
}

WOLD__AVX2 static int pack_avx2(size_t p, const double *x, size_t k,
                                const int32_t *c, int32_t *pairs,
                                int32_t *stats)
{
    size_t ld = wold__exact_ld(p);
    for (size_t j = 0; j < ld; j += 4) {
        long long left = j < p ? (long long)(p - j) : 0;
        __m256i m = _mm256_cmpgt_epi64(_mm256_set1_epi64x(left),
                                       _mm256_setr_epi64x(0, 1, 2, 3));
        if (!pack4_avx2(p, x, k, c, j, m, pairs, stats))
            return 0; /* the rest is not needed (a missing cell) */
    }
    return 1;
}

/* Rows i0 .. i0 + 7 of q (row stride ld) for columns j0 .. j0 + 7. */
WOLD__AVX2 static void tile_avx2(const int32_t *pairs, size_t ld,
                                 size_t n_pairs, size_t i0, size_t j0,
                                 int32_t *q)
{
    __m256i acc[8];
    for (int t = 0; t < 8; t++)
        acc[t] = _mm256_setzero_si256();
    for (size_t m = 0; m < n_pairs; m++, pairs += ld) {
        __m256i u = _mm256_loadu_si256((const __m256i *)(pairs + j0));
        for (int t = 0; t < 8; t++)
            acc[t] = _mm256_add_epi32(
                acc[t], _mm256_madd_epi16(_mm256_set1_epi32(pairs[i0 + t]),
                                          u));
    }
    for (int t = 0; t < 8; t++)
        _mm256_storeu_si256((__m256i *)(q + (i0 + t) * ld + j0), acc[t]);
}

WOLD__AVX2 static void cross_avx2(size_t p, const int32_t *pairs,
                                  size_t n_pairs, int32_t *q)
{
    size_t ld = wold__exact_ld(p);
    for (size_t i0 = 0; i0 < p; i0 += 8)
        for (size_t j0 = i0; j0 < ld; j0 += 8)
            tile_avx2(pairs, ld, n_pairs, i0, j0, q);
}

static const wold__exact_kernel avx2 = {"AVX2", pack_avx2, cross_avx2};

/* pack4_avx2's loop for eight columns (m: those < p). */
WOLD__AVX512 static int pack8_avx512(size_t p, const double *x, size_t k,
                                     const int32_t *c, size_t j, __mmask8 m,
                                     int32_t *pairs, int32_t *stats)
{
    size_t ld = wold__exact_ld(p);
    __m256i cj = _mm256_maskz_loadu_epi32(m, c + j);
    __m256i sum = _mm256_setzero_si256(), lo = sum, hi = sum;
    __mmask8 bad = 0;
    for (size_t r = 0; r < k; r += 2, pairs += ld) {
        const double *x0 = x + r * p + j;
        __mmask8 m1 = r + 1 < k ? m : 0;
        __m512d a = _mm512_maskz_loadu_pd(m, x0);
        __m512d b = _mm512_maskz_loadu_pd(m1, x0 + p);
        __m256i ta = _mm512_cvttpd_epi32(a), tb = _mm512_cvttpd_epi32(b);
        bad |= _mm512_cmp_pd_mask(_mm512_cvtepi32_pd(ta), a, _CMP_NEQ_UQ);
        bad |= _mm512_cmp_pd_mask(_mm512_cvtepi32_pd(tb), b, _CMP_NEQ_UQ);
        /* Lanes past p, and the missing second row, are 0. */
        __m256i da = _mm256_maskz_sub_epi32(m, ta, cj);
        __m256i db = _mm256_maskz_sub_epi32(m1, tb, cj);
        sum = _mm256_add_epi32(sum, _mm256_add_epi32(da, db));
        lo = _mm256_min_epi32(lo, _mm256_min_epi32(da, db));
        hi = _mm256_max_epi32(hi, _mm256_max_epi32(da, db));
        _mm256_storeu_si256(
            (__m256i *)(pairs + j),
            _mm256_or_si256(_mm256_and_si256(da, _mm256_set1_epi32(0xffff)),
                            _mm256_slli_epi32(db, 16)));
    }
    _mm256_storeu_si256((__m256i *)(stats + j), sum);
    _mm256_storeu_si256((__m256i *)(stats + ld + j), lo);
    _mm256_storeu_si256((__m256i *)(stats + 2 * ld + j), hi);
    __m256i span = _mm256_set1_epi32(WOLD__EXACT_SPAN);
    __mmask8 out =
        _mm256_cmpgt_epi32_mask(hi, span) |
        _mm256_cmpgt_epi32_mask(_mm256_sub_epi32(_mm256_setzero_si256(), span),
                                lo);
    return bad == 0 && out == 0;
}

WOLD__AVX512 static int pack_avx512(size_t p, const double *x, size_t k,
                                    const int32_t *c, int32_t *pairs,
                                    int32_t *stats)
{
    size_t ld = wold__exact_ld(p);
    for (size_t j = 0; j < ld; j += 8) {
        size_t left = j < p ? p - j : 0;
        __mmask8 m = left >= 8 ? 0xff : (__mmask8)((1u << left) - 1);
        if (!pack8_avx512(p, x, k, c, j, m, pairs, stats))
            return 0; /* the rest is not needed (a missing cell) */
    }
    return 1;
}

/* Rows i0 .. i0 + 15 of q for columns j0 .. j0 + 15, the products of a
 * broadcast pair with a vector of pairs summed by DP (acc, b, u). */
#define WOLD__TILE512(name, target, DP)                                      \
    target static void name(const int32_t *pairs, size_t ld,                 \
                            size_t n_pairs, size_t i0, size_t j0,            \
                            int32_t *q)                                      \
    {                                                                        \
        __m512i acc[16];                                                     \
        for (int t = 0; t < 16; t++)                                         \
            acc[t] = _mm512_setzero_si512();                                 \
        for (size_t m = 0; m < n_pairs; m++, pairs += ld) {                  \
            __m512i u = _mm512_loadu_si512(pairs + j0);                      \
            for (int t = 0; t < 16; t++)                                     \
                acc[t] = DP(acc[t], _mm512_set1_epi32(pairs[i0 + t]), u);    \
        }                                                                    \
        for (int t = 0; t < 16; t++)                                         \
            _mm512_storeu_si512(q + (i0 + t) * ld + j0, acc[t]);             \
    }
#define WOLD__MADD_ADD(acc, b, u) _mm512_add_epi32(acc, _mm512_madd_epi16(b, u))
WOLD__TILE512(tile_avx512, WOLD__AVX512, WOLD__MADD_ADD)
WOLD__TILE512(tile_vnni, WOLD__VNNI, _mm512_dpwssd_epi32)

WOLD__AVX512 static void cross_avx512(size_t p, const int32_t *pairs,
                                      size_t n_pairs, int32_t *q)
{
    size_t ld = wold__exact_ld(p);
    for (size_t i0 = 0; i0 < p; i0 += 16)
        for (size_t j0 = i0; j0 < ld; j0 += 16)
            tile_avx512(pairs, ld, n_pairs, i0, j0, q);
}

WOLD__VNNI static void cross_vnni(size_t p, const int32_t *pairs,
                                  size_t n_pairs, int32_t *q)
{
    size_t ld = wold__exact_ld(p);
    for (size_t i0 = 0; i0 < p; i0 += 16)
        for (size_t j0 = i0; j0 < ld; j0 += 16)
            tile_vnni(pairs, ld, n_pairs, i0, j0, q);
}

static const wold__exact_kernel avx512 = {"AVX-512BW", pack_avx512,
                                          cross_avx512};
static const wold__exact_kernel vnni = {"AVX-512 VNNI", pack_avx512,
                                        cross_vnni};

#endif /* WOLD__EXACT_X86 */

size_t wold__exact_all(const wold__exact_kernel **out)
{
    size_t n = 0;
    out[n++] = &plain;
#ifdef WOLD__EXACT_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2"))
        out[n++] = &avx2;
    if (__builtin_cpu_supports("avx512f") &&
        __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl")) {
        out[n++] = &avx512;
        if (__builtin_cpu_supports("avx512vnni"))
            out[n++] = &vnni;
    }
#endif
    return n;
}

const wold__exact_kernel *wold__exact_best(void)
{
    const wold__exact_kernel *all[4];
    return all[wold__exact_all(all) - 1];
}

int wold__exact_block(const wold__exact_kernel *kern, size_t p,
                      const double *x, size_t k, void *scratch, double *bsum,
                      double *lo, double *hi, double *m2)
{
    size_t ld = wold__exact_ld(p);
    int32_t *c = scratch, *stats = c + ld, *pairs = stats + 3 * ld;
    int32_t *q = pairs + (WOLD__EXACT_ROWS / 2) * ld;
    if (k == 0 || k > WOLD__EXACT_ROWS)
        return 0;
    for (size_t j = 0; j < ld; j++) {
        double v = j < p ? x[j] : 0.0;
        if (!(v >= -WOLD__EXACT_LIMIT && v <= WOLD__EXACT_LIMIT) ||
            (double)(int32_t)v != v)
            return 0;
        c[j] = (int32_t)v; /* the shift: the first row */
    }
    if (!kern->pack(p, x, k, c, pairs, stats))
        return 0;
    kern->cross(p, pairs, (k + 1) / 2, q);
    int64_t n = (int64_t)k;
    for (size_t i = 0; i < p; i++) {
        int64_t si = stats[i];
        bsum[i] = (double)(si + n * c[i]);
        lo[i] = (double)(c[i] + stats[ld + i]);
        hi[i] = (double)(c[i] + stats[2 * ld + i]);
        for (size_t j = i; j < p; j++) {
            int64_t sj = stats[j];
            m2[i * p + j] = (double)(n * q[i * ld + j] - si * sj) / (double)n;
        }
    }
    return 1;
}
