/*
 * dtoa.c - doubles to decimal text (dtoa.h).
 *
 * Shortest digits: Ryu (U. Adams, "Ryu: fast float-to-string conversion",
 * PLDI 2018, section 3; the structure follows the reference d2s.c).  The
 * interval of decimals that round to x is scaled by 10^-e10 with one
 * 64 x 128-bit multiplication per bound, then digits are removed while the
 * bounds still differ.  The multipliers, 125-bit approximations of 5^i and
 * of 2^k / 5^i, are computed once from exact big integers (tables_init)
 * instead of being pasted in as a table.
 *
 * N significant digits: |x| 10^s is formed exactly in 128-bit integers for
 * the exponents where it fits (all |x| from about 1e-15 to 1e22, so every
 * simulated value), and rounded half to even with the bits shifted out as
 * the sticky part; other x go through snprintf, whose glibc implementation
 * is exact.
 *
 * The layout is printf's %g (C11 7.21.6.1): style e when the decimal
 * exponent X < -4 or X >= P, else style f; no trailing zeros.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/dtoa.h"
#include "util/util.h"

__extension__ typedef unsigned __int128 u128;

#define POW5_BITS 125   /* bits kept of 5^i */
#define POW5_N 326      /* i of the negative-exponent branch: 0 .. 325 */
#define POW5_INV_N 292  /* q of the positive-exponent branch: 0 .. 291 */
#define POW5_EXACT_N 56 /* 5^55 < 2^128 */
#define BIG_WORDS 26    /* 5^325 has 755 bits */

/* [i][0] low, [i][1] high 64 bits. */
static uint64_t pow5_split[POW5_N][2];
static uint64_t pow5_inv_split[POW5_INV_N][2];
static u128 pow5_exact[POW5_EXACT_N];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;
static atomic_int tables_ready; /* set, with release, once they are built */

/* ---- the tables, from exact powers of five ---------------------------- */

typedef struct big {
    uint32_t w[BIG_WORDS]; /* little-endian */
    int used;
} big;

static void big_mul5(big *b)
{
    uint64_t carry = 0;
    for (int i = 0; i < b->used; i++) {
        uint64_t v = (uint64_t)b->w[i] * 5u + carry;
        b->w[i] = (uint32_t)v;
        carry = v >> 32;
    }
    if (carry != 0)
        b->w[b->used++] = (uint32_t)carry;
}

static int big_bits(const big *b)
{
    uint32_t top = b->w[b->used - 1];
    return 32 * (b->used - 1) + (32 - __builtin_clz(top));
}

static int big_bit(const big *b, int i)
{
    return i >= 0 && i / 32 < b->used ? (int)((b->w[i / 32] >> (i % 32)) & 1u)
                                      : 0;
}

/* a >= b, both of b->used words or fewer. */
static int big_geq(const big *a, const big *b)
{
    int n = a->used > b->used ? a->used : b->used;
    for (int i = n - 1; i >= 0; i--) {
        uint32_t x = i < a->used ? a->w[i] : 0, y = i < b->used ? b->w[i] : 0;
        if (x != y)
            return x > y;
    }
    return 1;
}

static void big_sub(big *a, const big *b)
{
    int64_t borrow = 0;
    for (int i = 0; i < a->used; i++) {
        int64_t v = (int64_t)a->w[i] - (i < b->used ? b->w[i] : 0) - borrow;
        borrow = v < 0;
        a->w[i] = (uint32_t)(v + (borrow ? (int64_t)1 << 32 : 0));
    }
    while (a->used > 1 && a->w[a->used - 1] == 0)
        a->used--;
}

static void big_shl1(big *a)
{
    uint32_t carry = 0;
    for (int i = 0; i < a->used; i++) {
        uint32_t v = a->w[i];
        a->w[i] = (v << 1) | carry;
        carry = v >> 31;
    }
    if (carry != 0)
        a->w[a->used++] = carry;
}

static void put128(uint64_t dst[2], u128 v)
{
    dst[0] = (uint64_t)v;
    dst[1] = (uint64_t)(v >> 64);
}

/* The top POW5_BITS bits of p (p shifted left when it has fewer). */
static u128 top_bits(const big *p, int bits)
{
    u128 v = 0;
    for (int k = POW5_BITS - 1; k >= 0; k--)
        v = (v << 1) | (u128)big_bit(p, k + bits - POW5_BITS);
    return v;
}

/* floor(2^(bits - 1 + POW5_BITS) / p) + 1, by long division. */
static u128 inverse(const big *p, int bits)
{
    big r = {{0}, 1};
    r.w[(bits - 1) / 32] = 1u << ((bits - 1) % 32);
    r.used = (bits - 1) / 32 + 1;
    u128 q = 0;
    if (big_geq(&r, p)) { /* p == 1 */
        big_sub(&r, p);
        q = 1;
    }
    for (int k = 0; k < POW5_BITS; k++) {
        big_shl1(&r);
        q <<= 1;
        if (big_geq(&r, p)) {
            big_sub(&r, p);
            q |= 1;
        }
    }
    return q + 1;
}

static void tables_init(void)
{
    big p = {{1}, 1};
    for (int i = 0; i < POW5_N; i++) {
        if (i > 0)
            big_mul5(&p);
        int bits = big_bits(&p);
        put128(pow5_split[i], top_bits(&p, bits));
        if (i < POW5_INV_N)
            put128(pow5_inv_split[i], inverse(&p, bits));
    }
    pow5_exact[0] = 1;
    for (int i = 1; i < POW5_EXACT_N; i++)
        pow5_exact[i] = pow5_exact[i - 1] * 5u;
    atomic_store_explicit(&tables_ready, 1, memory_order_release);
}

/* A plain load once the tables exist; pthread_once the first time. */
static inline void tables(void)
{
    if (!atomic_load_explicit(&tables_ready, memory_order_acquire))
        pthread_once(&tables_once, tables_init);
}

/* ---- Ryu --------------------------------------------------------------- */

/* ceil(log2(5^e)) for e >= 1, and 1 for e = 0. */
static inline int32_t pow5bits(int32_t e)
{
    return (int32_t)((((uint32_t)e * 1217359u) >> 19) + 1u);
}

/* floor(log10(2^e)), floor(log10(5^e)), 0 <= e <= 1650 */
static inline uint32_t log10pow2(int32_t e)
{
    return ((uint32_t)e * 78913u) >> 18;
}

static inline uint32_t log10pow5(int32_t e)
{
    return ((uint32_t)e * 732923u) >> 20;
}

static inline int multiple_of_pow5(uint64_t v, uint32_t p)
{
    uint32_t n = 0;
    while (v % 5u == 0 && n < p) { /* v > 0 */
        v /= 5u;
        n++;
    }
    return n >= p;
}

static inline int multiple_of_pow2(uint64_t v, uint32_t p)
{
    return (v & ((UINT64_C(1) << p) - 1)) == 0;
}

/* floor(m mul / 2^j), mul a 128-bit number, 64 <= j < 192. */
static inline uint64_t mul_shift(uint64_t m, const uint64_t *mul, int32_t j)
{
    u128 b0 = (u128)m * mul[0], b2 = (u128)m * mul[1];
    return (uint64_t)(((b0 >> 64) + b2) >> (j - 64));
}

/* The scaled interval of Ryu's step 3: vr for x, vp and vm for the bounds. */
typedef struct ryu_iv {
    uint64_t vr, vp, vm;
    int32_t e10;
    int vm_tz, vr_tz; /* the removed digits of vm, vr were all zeros */
} ryu_iv;

static void ryu_positive(ryu_iv *v, uint64_t m2, int32_t e2, uint32_t mm,
                         int accept)
{
    uint64_t mv = 4 * m2;
    uint32_t q = log10pow2(e2) - (e2 > 3);
    int32_t k = POW5_BITS + pow5bits((int32_t)q) - 1;
    int32_t i = -e2 + (int32_t)q + k;
    v->e10 = (int32_t)q;
    v->vr = mul_shift(mv, pow5_inv_split[q], i);
    v->vp = mul_shift(mv + 2, pow5_inv_split[q], i);
    v->vm = mul_shift(mv - 1 - mm, pow5_inv_split[q], i);
    if (q <= 21) { /* only then can 10^q divide a 55-bit bound exactly */
        if (mv % 5u == 0)
            v->vr_tz = multiple_of_pow5(mv, q);
        else if (accept)
            v->vm_tz = multiple_of_pow5(mv - 1 - mm, q);
        else
            v->vp -= (uint64_t)multiple_of_pow5(mv + 2, q);
    }
}

static void ryu_negative(ryu_iv *v, uint64_t m2, int32_t e2, uint32_t mm,
                         int accept)
{
    uint64_t mv = 4 * m2;
    uint32_t q = log10pow5(-e2) - (-e2 > 1);
    int32_t i = -e2 - (int32_t)q;
    int32_t k = pow5bits(i) - POW5_BITS;
    int32_t j = (int32_t)q - k;
    v->e10 = (int32_t)q + e2;
    v->vr = mul_shift(mv, pow5_split[i], j);
    v->vp = mul_shift(mv + 2, pow5_split[i], j);
    v->vm = mul_shift(mv - 1 - mm, pow5_split[i], j);
    if (q <= 1) {
        v->vr_tz = 1;
        if (accept)
            v->vm_tz = mm == 1;
        else
            --v->vp;
    } else if (q < 63) {
        v->vr_tz = multiple_of_pow2(mv, q);
    }
}

/* Step 4 when some removed digit may be exact: ties round to even. */
static uint64_t ryu_exact(ryu_iv *v, int accept, int *removed)
{
    uint64_t vr = v->vr, vp = v->vp, vm = v->vm;
    int vm_tz = v->vm_tz, vr_tz = v->vr_tz, last = 0, n = 0;
    while (vp / 10 > vm / 10) {
        vm_tz &= vm % 10 == 0;
        vr_tz &= last == 0;
        last = (int)(vr % 10);
        vr /= 10;
        vp /= 10;
        vm /= 10;
        n++;
    }
    if (vm_tz) {
        while (vm % 10 == 0) {
            vr_tz &= last == 0;
            last = (int)(vr % 10);
            vr /= 10;
            vp /= 10;
            vm /= 10;
            n++;
        }
    }
    if (vr_tz && last == 5 && vr % 2 == 0)
        last = 4; /* exactly halfway: round to even */
    *removed = n;
    return vr + (uint64_t)((vr == vm && (!accept || !vm_tz)) || last >= 5);
}

/* Step 4, the common case: no removed digit can be exact. */
static uint64_t ryu_common(const ryu_iv *v, int *removed)
{
    uint64_t vr = v->vr, vp = v->vp, vm = v->vm;
    int up = 0, n = 0;
    if (vp / 100 > vm / 100) {
        up = vr % 100 >= 50;
        vr /= 100;
        vp /= 100;
        vm /= 100;
        n += 2;
    }
    while (vp / 10 > vm / 10) {
        up = vr % 10 >= 5;
        vr /= 10;
        vp /= 10;
        vm /= 10;
        n++;
    }
    *removed = n;
    return vr + (uint64_t)(vr == vm || up);
}

static const uint64_t pow10_64[20] = {
    UINT64_C(1), UINT64_C(10), UINT64_C(100), UINT64_C(1000),
    UINT64_C(10000), UINT64_C(100000), UINT64_C(1000000),
    UINT64_C(10000000), UINT64_C(100000000), UINT64_C(1000000000),
    UINT64_C(10000000000), UINT64_C(100000000000),
    UINT64_C(1000000000000), UINT64_C(10000000000000),
    UINT64_C(100000000000000), UINT64_C(1000000000000000),
    UINT64_C(10000000000000000), UINT64_C(100000000000000000),
    UINT64_C(1000000000000000000), UINT64_C(10000000000000000000)};

/* Decimal digits of v > 0 (at most 20). */
static inline int decimal_length(uint64_t v)
{
    int t = ((64 - __builtin_clzll(v)) * 1233) >> 12; /* ~ bits x log10 2 */
    return t + 1 - (v < pow10_64[t]);
}

static void split(double x, uint64_t *mant, uint32_t *bexp)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    *mant = bits & ((UINT64_C(1) << 52) - 1);
    *bexp = (uint32_t)((bits >> 52) & 0x7FFu);
}

static inline int shortest(double x, uint64_t *digits, int *exp10)
{
    uint64_t mant;
    uint32_t bexp;
    split(x, &mant, &bexp);
    tables();
    int32_t e2 = (bexp == 0 ? 1 : (int32_t)bexp) - 1023 - 52 - 2;
    uint64_t m2 = bexp == 0 ? mant : (UINT64_C(1) << 52) | mant;
    int accept = (m2 & 1) == 0; /* an even mantissa owns its bounds */
    uint32_t mm = mant != 0 || bexp <= 1; /* lower gap is a full ulp */
    ryu_iv v = {0, 0, 0, 0, 0, 0};
    if (e2 >= 0)
        ryu_positive(&v, m2, e2, mm, accept);
    else
        ryu_negative(&v, m2, e2, mm, accept);
    int removed = 0;
    uint64_t out = v.vm_tz || v.vr_tz ? ryu_exact(&v, accept, &removed)
                                      : ryu_common(&v, &removed);
    int len = decimal_length(out);
    while (out % 10 == 0 && len > 1) { /* vm_tz can leave trailing zeros */
        out /= 10;
        len--;
        removed++;
    }
    *digits = out;
    *exp10 = v.e10 + removed;
    return len;
}

int wold__dtoa_shortest_digits(double x, uint64_t *digits, int *exp10)
{
    return shortest(x, digits, exp10);
}

/* ---- N significant digits -------------------------------------------- */

static int bits128(u128 v)
{
    uint64_t hi = (uint64_t)(v >> 64), lo = (uint64_t)v;
    return hi ? 128 - __builtin_clzll(hi) : lo ? 64 - __builtin_clzll(lo) : 0;
}

/*
 * T = floor(m 2^e 10^s) exactly, *sticky when something was cut off.
 * 0 when T does not fit the 128-bit route (the caller falls back).
 */
static int scaled(uint64_t m, int e, int s, uint64_t *t, int *sticky)
{
    int p5 = s >= 0 ? s : -s, sh = e + s;
    if (p5 >= POW5_EXACT_N)
        return 0;
    u128 f = pow5_exact[p5], num = m, q;
    if (s >= 0) {
        if (bits128(num) + bits128(f) > 128)
            return 0;
        num *= f;
        f = 1;
    }
    if (sh >= 0) {
        if (bits128(num) + sh > 127)
            return 0;
        num <<= sh;
        sh = 0;
    }
    if (f == 1) { /* only a power of two divides */
        if (-sh > 127)
            return 0;
        q = num >> -sh;
        *sticky = (num & (((u128)1 << -sh) - 1)) != 0;
    } else {
        if (bits128(f) - sh > 127)
            return 0;
        f <<= -sh;
        q = num / f;
        *sticky = num % f != 0;
    }
    if ((q >> 64) != 0)
        return 0;
    *t = (uint64_t)q;
    return 1;
}

/* |x| rounded to n digits: *d (n digits) x 10^(*x10 - n + 1); 0: fall back. */
static int round_digits(double x, int n, uint64_t *d, int *x10)
{
    uint64_t mant;
    uint32_t bexp;
    split(x, &mant, &bexp);
    uint64_t m = bexp == 0 ? mant : (UINT64_C(1) << 52) | mant;
    int e = (bexp == 0 ? 1 : (int)bexp) - 1075;
    int l2 = e + 63 - __builtin_clzll(m); /* floor(log2 |x|) */
    int xe = (int)floor(l2 * 0.30102999566398120); /* X - 1 <= xe <= X */
    int s = n - xe, sticky = 0;
    uint64_t t;
    tables();
    if (!scaled(m, e, s, &t, &sticky))
        return 0;
    int len = decimal_length(t); /* n + 1 or n + 2 */
    if (len < n + 1 || len > n + 2)
        return 0;
    /* One or two digits go: division by a constant, not by pow10_64[]. */
    uint64_t p = len == n + 1 ? 10 : 100;
    uint64_t q = len == n + 1 ? t / 10 : t / 100, r = t - q * p, half = p / 2;
    q += (uint64_t)(r > half || (r == half && (sticky || (q & 1))));
    int carry = q == pow10_64[n];
    *d = carry ? pow10_64[n - 1] : q;
    *x10 = len - 1 - s + carry;
    return 1;
}

/* ---- the %g layout ----------------------------------------------------- */

static const char two_digits[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/*
 * The 8 decimal digits of v < 10^8 as 8 ASCII bytes in memory order, by
 * SWAR (P. Khuong's "integer to ASCII" lanes): v splits into two 4-digit
 * halves in the two 32-bit lanes, each into two 2-digit 16-bit lanes
 * (x 10486 >> 20 is / 100 below 43699), each into two 1-digit bytes
 * (x 103 >> 10 is / 10 below 179).
 */
static inline uint64_t ascii8(uint32_t v)
{
    uint64_t merged = (uint64_t)(v / 10000) | ((uint64_t)(v % 10000) << 32);
    uint64_t top = ((merged * 10486u) >> 20) & ((UINT64_C(0x7F) << 32) | 0x7F);
    uint64_t bot = merged - 100u * top;
    uint64_t hundreds = (bot << 16) + top;
    uint64_t tens = (hundreds * 103u) >> 10;
    tens &= (UINT64_C(0xF) << 48) | (UINT64_C(0xF) << 32) |
            (UINT64_C(0xF) << 16) | UINT64_C(0xF);
    tens += (hundreds - 10u * tens) << 8;
    return tens + UINT64_C(0x3030303030303030);
}

/* The 17 digits of v < 10^17: the first, then two words of 8 ASCII bytes. */
typedef struct digits17 {
    char first;
    uint64_t mid, lo;
} digits17;

static inline digits17 split17(uint64_t v)
{
    digits17 d;
    uint32_t hi = (uint32_t)(v / 100000000u); /* < 10^9 */
    d.lo = ascii8((uint32_t)(v - (uint64_t)hi * 100000000u));
    uint32_t first = hi / 100000000u;
    d.mid = ascii8(hi - first * 100000000u);
    d.first = (char)('0' + first);
    return d;
}

/* The 17 digits at o[0..17). */
static inline void put17(char *o, const digits17 *d)
{
    o[0] = d->first;
    memcpy(o + 1, &d->mid, 8);
    memcpy(o + 9, &d->lo, 8);
}

/* "e-05", "e+300" at o; returns the end. */
static char *put_exponent(char *o, int x10)
{
    *o++ = 'e';
    *o++ = x10 < 0 ? '-' : '+';
    int a = x10 < 0 ? -x10 : x10;
    if (a >= 100)
        *o++ = (char)('0' + a / 100);
    memcpy(o, two_digits + 2 * (a % 100), 2);
    return o + 2;
}

/*
 * The digits (len of them, no trailing zero) of a value 10^x10 <= |v| <
 * 10^(x10+1), laid out by %.Pg into buf (WOLD__DTOA_MAX bytes).  The
 * digits are padded with zeros to 17 (the zeros past the end are
 * overwritten or cut off by the NUL) and stored straight from registers
 * where the layout puts them, with stores of fixed sizes; only a point
 * after the second digit or later moves bytes one by one.
 */
static size_t layout(char *buf, int neg, uint64_t digits, int len, int x10,
                     int prec)
{
    digits17 d = split17(digits * pow10_64[17 - len]);
    char *o = buf, *end;
    *o = '-';
    o += neg;
    if (x10 < -4 || x10 >= prec || x10 == 0) { /* d.ddd */
        o[0] = d.first;
        o[1] = '.';
        memcpy(o + 2, &d.mid, 8);
        memcpy(o + 10, &d.lo, 8);
        end = o + (len > 1 ? len + 1 : 1);
        if (x10 != 0)
            end = put_exponent(end, x10);
    } else if (x10 < 0) { /* 0.000ddd */
        memcpy(o, "0.000000", 8);
        put17(o + 1 - x10, &d);
        end = o + 1 - x10 + len;
    } else { /* ddd.ddd or ddd000 */
        put17(o, &d);
        end = o + (len > x10 + 1 ? len + 1 : x10 + 1);
        if (len > x10 + 1) {
            for (int i = len - 1; i > x10; i--)
                o[i + 1] = o[i];
            o[x10 + 1] = '.';
        }
    }
    *end = '\0';
    return (size_t)(end - buf);
}

/* NaN, infinities and zeros; 0 for other x. */
static size_t special(double x, char *buf)
{
    const char *s = isnan(x) ? "NaN"
                    : isinf(x) ? (x > 0 ? "Inf" : "-Inf")
                    : x == 0 ? (signbit(x) ? "-0" : "0")
                             : NULL;
    if (s == NULL)
        return 0;
    size_t n = strlen(s);
    memcpy(buf, s, n + 1);
    return n;
}

size_t wold__dtoa_shortest(double x, char *buf)
{
    size_t n = special(x, buf);
    if (n > 0)
        return n;
    uint64_t d;
    int e10, len = shortest(x, &d, &e10);
    return layout(buf, signbit(x) != 0, d, len, e10 + len - 1,
                  len > 15 ? len : 15);
}

size_t wold__dtoa_digits(double x, int digits, char *buf)
{
    size_t n = special(x, buf);
    if (n > 0)
        return n;
    if (digits < 1)
        digits = 1;
    if (digits > 17)
        digits = 17;
    uint64_t d;
    int x10;
    if (!round_digits(x, digits, &d, &x10)) {
        int w = wold__format_c(buf, WOLD__DTOA_MAX, digits, x);
        return w > 0 ? (size_t)w : 0;
    }
    int len = digits;
    while (len > 1 && d % 10 == 0) {
        d /= 10;
        len--;
    }
    return layout(buf, signbit(x) != 0, d, len, x10, digits);
}
