/*
 * rng.h - the simulator's random numbers: GSL's gsl_rng_mt19937 with
 * gsl_rng_set's seeding, gsl_rng_uniform and gsl_ran_gaussian_ziggurat,
 * rewritten so that the hot path inlines.  Through GSL's function
 * pointers a normal costs about 20 ns and a uniform 13 ns on the
 * benchmark machine, 1.1 s of the 10^6 x 30 panel before a byte is
 * formatted (bench/README.md, "wold simulate").  The same seed draws the
 * same doubles as GSL: tests/test_simulate.c compares them bit for bit.
 * Internal to src/simulate.
 */
#ifndef WOLD_SIMULATE_RNG_H
#define WOLD_SIMULATE_RNG_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define WOLD__MT_N 624
#define WOLD__MT_M 397
/* The position of the Ziggurat's right-most step (GSL's PARAM_R). */
#define WOLD__ZIG_R 3.44428647676

typedef struct wold__mt {
    uint32_t mt[WOLD__MT_N];
    int mti;
} wold__mt;

extern const double wold__zig_ytab[128];
extern const unsigned long wold__zig_ktab[128];
extern const double wold__zig_wtab[128];

/* gsl_rng_set(r, seed) for mt19937: seed 0 is 4357, 32 bits are used. */
void wold__mt_set(wold__mt *g, unsigned long seed);
void wold__mt_refill(wold__mt *g);
/* Advances the stream by n words, as n calls of wold__mt_get or
 * wold__mt_uniform would (each takes one word), without tempering them. */
void wold__mt_skip(wold__mt *g, size_t n);
/* GSL's Ziggurat loop from the candidate word k on (see below). */
double wold__mt_gaussian_slow(wold__mt *g, double sigma, uint32_t k);

/* gsl_rng_get */
static inline uint32_t wold__mt_get(wold__mt *g)
{
    if (g->mti >= WOLD__MT_N)
        wold__mt_refill(g);
    uint32_t k = g->mt[g->mti++];
    k ^= k >> 11;
    k ^= (k << 7) & 0x9D2C5680u;
    k ^= (k << 15) & 0xEFC60000u;
    k ^= k >> 18;
    return k;
}

/* gsl_rng_uniform: [0, 1) */
static inline double wold__mt_uniform(wold__mt *g)
{
    return wold__mt_get(g) / 4294967296.0;
}

/* sigma when bit 7 of k is set, else -sigma (GSL's sign * sigma, exact),
 * by flipping the sign bit: the bit is random, so a branch on it would be
 * mispredicted every other draw. */
static inline double wold__zig_signed(double sigma, uint32_t k)
{
    uint64_t b;
    memcpy(&b, &sigma, sizeof b);
    b ^= (uint64_t)((~k >> 7) & 1u) << 63;
    memcpy(&sigma, &b, sizeof b);
    return sigma;
}

/* gsl_ran_gaussian_ziggurat(r, sigma), with the same expressions in the
 * same order, so that the doubles are the same.  Two rewrites give equal
 * bits: j < 2^24 converts to double exactly whether signed or not (one
 * instruction instead of the unsigned sequence), and GSL's
 * sign * sigma * x is (+-sigma) * x, +-1 * sigma being exact.  The fast
 * path (about 99% of the draws) is inline and without a loop; the rest of
 * GSL's loop, from a candidate whose j is not below ktab, is
 * wold__mt_gaussian_slow, so that no register is spilled around a call. */
static inline double wold__mt_gaussian(wold__mt *g, double sigma)
{
    uint32_t k = wold__mt_get(g);
    unsigned long i = k & 0x7F;
    int32_t j = (int32_t)((k >> 8) & 0xFFFFFF);
    if ((unsigned long)j < wold__zig_ktab[i])
        return wold__zig_signed(sigma, k) * (j * wold__zig_wtab[i]);
    return wold__mt_gaussian_slow(g, sigma, k);
}

#endif
