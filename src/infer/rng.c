/*
 * rng.c - the bootstrap's random streams.  Each draw of each replicate has
 * its own splitmix64 stream whose starting state is a hash of (seed,
 * replicate, draw): which thread runs a replicate, and in what order,
 * cannot change what it draws.  splitmix64 passes BigCrush and its
 * output function is a strong 64-bit mixer (Steele, Lea and Flood 2014),
 * which is also what hashes the triple.
 */
#include "infer/infer.h"

#define GOLDEN 0x9E3779B97F4A7C15ULL

static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void wold__rng_seed(wold__rng *g, uint64_t seed, uint64_t r, uint64_t draw)
{
    /* Three rounds of the mixer, one per coordinate: distinct triples
     * give unrelated states. */
    uint64_t h = mix(seed + GOLDEN);
    h = mix(h ^ (r + 2 * GOLDEN));
    h = mix(h ^ (draw + 3 * GOLDEN));
    g->state = h;
}

uint64_t wold__rng_next(wold__rng *g)
{
    g->state += GOLDEN;
    return mix(g->state);
}

/* Lemire's multiply-shift of the 32-bit x into 0 .. n-1; 0 when x falls
 * in the short interval that would bias it (then a fresh x is needed). */
static int lemire(uint32_t x, uint32_t n, uint32_t threshold, uint32_t *out)
{
    uint64_t m = (uint64_t)x * n;
    if ((uint32_t)m < threshold)
        return 0;
    *out = (uint32_t)(m >> 32);
    return 1;
}

uint32_t wold__rng_below(wold__rng *g, uint32_t n)
{
    uint32_t t = (uint32_t)(-n) % n, v;
    while (!lemire((uint32_t)wold__rng_next(g), n, t, &v))
        ;
    return v;
}

void wold__rng_counts(wold__rng *g, uint32_t *counts, size_t n)
{
    uint32_t m = (uint32_t)n, t = (uint32_t)(-m) % m, v;
    for (size_t i = 0; i < n; i++)
        counts[i] = 0;
    /* Both halves of each 64-bit output draw a row: half the generator's
     * cost, which at n = 10^5 is a third of a replicate's moments. */
    size_t drawn = 0;
    while (drawn < n) {
        uint64_t x = wold__rng_next(g);
        if (lemire((uint32_t)x, m, t, &v)) {
            counts[v]++;
            drawn++;
        }
        if (drawn < n && lemire((uint32_t)(x >> 32), m, t, &v)) {
            counts[v]++;
            drawn++;
        }
    }
}
