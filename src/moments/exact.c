/*
 * exact.c - the cross-products of a block of small integers, exactly.
 *
 * A Likert panel's block of 1024 rows costs OpenBLAS's dsyrk about 80 ns
 * a row on the 2.0 GHz Xeon of bench/README.md, most of a streamed fit's
 * moments.  Shifted by the column minimum its cells are small integers,
 * so the products can be summed as integers: pairs of rows packed as two
 * 16-bit halves of a 32-bit word, and one vpdpwssd (vpmaddwd with the
 * add, AVX-512 VNNI) multiplies both rows' cells of a column with a
 * broadcast pair and adds 16 columns' sums at once.  Integer sums are
 * exact in any order, so the kernels need not agree on one: they all
 * give the plain C loop's numbers.
 */
#include <math.h>
#include <string.h>

#include "moments/exact.h"

size_t wold__exact_ld(size_t p) { return (p ? p + 15 : 16) / 16 * 16; }

size_t wold__exact_bytes(size_t p)
{
    size_t ld = wold__exact_ld(p);
    /* lo, the pairs, and q: ld rows, as a kernel's tiles may pass p. */
    return (ld + (WOLD__EXACT_ROWS / 2) * ld + ld * ld) * sizeof(int32_t);
}

int wold__exact_fits(size_t p, size_t k, const double *lo, const double *hi)
{
    const double big = 1073741824.0; /* 2^30 */
    if (k > WOLD__EXACT_ROWS)
        return 0;
    for (size_t j = 0; j < p; j++)
        if (!(lo[j] >= -big && hi[j] <= big &&
              hi[j] - lo[j] <= WOLD__EXACT_SPAN))
            return 0;
    return 1;
}

/* ------------------------------------------------------------------------
 * Plain C: the definition the vector kernels are tested against
 * ------------------------------------------------------------------------ */

static int pack_plain(size_t p, const double *x, size_t k, const int32_t *lo,
                      int32_t *pairs)
{
    size_t ld = wold__exact_ld(p);
    int bad = 0;
    for (size_t r = 0; r < k; r += 2, pairs += ld) {
        const double *x0 = x + r * p, *x1 = r + 1 < k ? x0 + p : NULL;
        for (size_t j = 0; j < p; j++) {
            /* In range (the caller's check), so the conversion is
             * defined; a fraction shows as a difference. */
            int32_t t0 = (int32_t)x0[j];
            int32_t t1 = x1 != NULL ? (int32_t)x1[j] : lo[j];
            bad |= (double)t0 != x0[j];
            bad |= x1 != NULL && (double)t1 != x1[j];
            pairs[j] = (int32_t)((uint32_t)(t0 - lo[j]) |
                                 (uint32_t)(t1 - lo[j]) << 16);
        }
        for (size_t j = p; j < ld; j++)
            pairs[j] = 0;
    }
    return !bad;
}

static void cross_plain(size_t p, const int32_t *pairs, size_t n_pairs,
                        int32_t *q)
{
    size_t ld = wold__exact_ld(p);
    for (size_t i = 0; i < p; i++)
        memset(q + i * ld, 0, ld * sizeof *q);
    for (size_t m = 0; m < n_pairs; m++, pairs += ld)
        for (size_t i = 0; i < p; i++) {
            int32_t a0 = pairs[i] & 0xffff, a1 = (pairs[i] >> 16) & 0xffff;
            for (size_t j = i; j < p; j++)
                q[i * ld + j] += a0 * (pairs[j] & 0xffff) +
                                 a1 * ((pairs[j] >> 16) & 0xffff);
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

/* Four columns of rows r and r + 1 (x1 NULL: none) as words. */
WOLD__AVX2 static __m128i words4(const double *x0, const double *x1,
                                 __m128i lo, __m256d *bad)
{
    __m256d a = _mm256_loadu_pd(x0);
    __m256d b = x1 != NULL ? _mm256_loadu_pd(x1) : _mm256_cvtepi32_pd(lo);
    __m128i ta = _mm256_cvttpd_epi32(a), tb = _mm256_cvttpd_epi32(b);
    *bad = _mm256_or_pd(*bad, _mm256_cmp_pd(_mm256_cvtepi32_pd(ta), a,
                                            _CMP_NEQ_UQ));
    *bad = _mm256_or_pd(*bad, _mm256_cmp_pd(_mm256_cvtepi32_pd(tb), b,
                                            _CMP_NEQ_UQ));
    return _mm_or_si128(_mm_sub_epi32(ta, lo),
                        _mm_slli_epi32(_mm_sub_epi32(tb, lo), 16));
}

WOLD__AVX2 static int pack_avx2(size_t p, const double *x, size_t k,
                                const int32_t *lo, int32_t *pairs)
{
    size_t ld = wold__exact_ld(p), p4 = p / 4 * 4;
    __m256d bad = _mm256_setzero_pd();
    int tail_bad = 0;
    for (size_t r = 0; r < k; r += 2, pairs += ld) {
        const double *x0 = x + r * p, *x1 = r + 1 < k ? x0 + p : NULL;
        for (size_t j = 0; j < p4; j += 4) {
            __m128i l = _mm_loadu_si128((const __m128i *)(lo + j));
            _mm_storeu_si128((__m128i *)(pairs + j),
                             words4(x0 + j, x1 != NULL ? x1 + j : NULL, l,
                                    &bad));
        }
        for (size_t j = p4; j < p; j++) {
            int32_t t0 = (int32_t)x0[j];
            int32_t t1 = x1 != NULL ? (int32_t)x1[j] : lo[j];
            tail_bad |= (double)t0 != x0[j];
            tail_bad |= x1 != NULL && (double)t1 != x1[j];
            pairs[j] = (int32_t)((uint32_t)(t0 - lo[j]) |
                                 (uint32_t)(t1 - lo[j]) << 16);
        }
        for (size_t j = p; j < ld; j++)
            pairs[j] = 0;
    }
    return !tail_bad && _mm256_movemask_pd(bad) == 0;
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

WOLD__AVX512 static int pack_avx512(size_t p, const double *x, size_t k,
                                    const int32_t *lo, int32_t *pairs)
{
    size_t ld = wold__exact_ld(p);
    __mmask8 bad = 0;
    for (size_t r = 0; r < k; r += 2, pairs += ld) {
        const double *x0 = x + r * p, *x1 = x0 + p;
        __mmask8 second = r + 1 < k ? 0xff : 0;
        for (size_t j = 0; j < ld; j += 8) {
            size_t left = j < p ? p - j : 0;
            __mmask8 m = left >= 8 ? 0xff : (__mmask8)((1u << left) - 1);
            __m512d a = _mm512_maskz_loadu_pd(m, x0 + j);
            __m512d b = _mm512_maskz_loadu_pd(m & second, x1 + j);
            __m256i ta = _mm512_cvttpd_epi32(a), tb = _mm512_cvttpd_epi32(b);
            bad |= _mm512_cmp_pd_mask(_mm512_cvtepi32_pd(ta), a, _CMP_NEQ_UQ);
            bad |= _mm512_cmp_pd_mask(_mm512_cvtepi32_pd(tb), b, _CMP_NEQ_UQ);
            __m256i l = _mm256_maskz_loadu_epi32(m, lo + j);
            /* Lanes past p, and the missing second row, are 0 words. */
            __m256i w0 = _mm256_maskz_sub_epi32(m, ta, l);
            __m256i w1 = _mm256_maskz_sub_epi32(m & second, tb, l);
            _mm256_storeu_si256((__m256i *)(pairs + j),
                                _mm256_or_si256(w0, _mm256_slli_epi32(w1, 16)));
        }
    }
    return bad == 0;
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

int wold__exact_m2(const wold__exact_kernel *kern, size_t p, const double *x,
                   size_t k, const double *bsum, const double *lo,
                   void *scratch, double *m2)
{
    size_t ld = wold__exact_ld(p);
    int32_t *ilo = scratch, *pairs = ilo + ld;
    int32_t *q = pairs + (WOLD__EXACT_ROWS / 2) * ld;
    for (size_t j = 0; j < ld; j++)
        ilo[j] = j < p ? (int32_t)lo[j] : 0;
    if (!kern->pack(p, x, k, ilo, pairs))
        return 0;
    kern->cross(p, pairs, (k + 1) / 2, q);
    int64_t n = (int64_t)k;
    for (size_t i = 0; i < p; i++) {
        int64_t si = (int64_t)bsum[i] - n * ilo[i];
        for (size_t j = i; j < p; j++) {
            int64_t sj = (int64_t)bsum[j] - n * ilo[j];
            m2[i * p + j] = (double)(n * q[i * ld + j] - si * sj) / (double)n;
        }
    }
    return 1;
}
