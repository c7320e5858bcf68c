/* test_simulate.c - panels drawn from a model's population values. */
#define _GNU_SOURCE /* fopencookie: a stream that fails part-way */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "simulate/population.h"
#include "simulate/rng.h"
#include "testutil.h"

/* Two blocks and one path, all population values given. */
static const char *const TWO =
    "Quality =~ 0.8*q1 + 0.7*q2 + 0.6*q3\n"
    "Satisfaction =~ 0.9*s1 + 0.75*s2\n"
    "Satisfaction ~ 0.5*Quality\n";

/* Three LVs where C has two correlated predecessors, so its disturbance
 * variance needs the propagated covariance: cov(A,B) = 0.6,
 * cov(A,C) = 0.4 + 0.5 * 0.6 = 0.7, cov(B,C) = 0.4 * 0.6 + 0.5 = 0.74. */
static const char *const THREE =
    "A =~ 0.8*a1 + 0.7*a2\n"
    "B =~ 0.9*b1 + 0.6*b2\n"
    "C =~ 0.85*c1 + 0.75*c2\n"
    "B ~ 0.6*A\n"
    "C ~ 0.4*A + 0.5*B\n";

/* Runs the simulation into a memory buffer (malloc'd, NUL-terminated). */
static wold_status simulate(const wold_model *m,
                            const wold_simulate_options *opt, char **text,
                            size_t *len, wold_error *err)
{
    FILE *f = open_memstream(text, len);
    assert_non_null(f);
    wold_status st = wold_simulate_csv(m, opt, f, err);
    assert_int_equal(fclose(f), 0);
    return st;
}

static char *simulate_ok(const wold_model *m, const wold_simulate_options *o,
                         size_t *len)
{
    char *text = NULL;
    size_t n = 0;
    wold_error err;
    wold_status st = simulate(m, o, &text, &n, &err);
    if (st != WOLD_OK) {
        char buf[2048];
        wold_error_format(&err, buf, sizeof buf);
        fail_msg("simulation failed:\n%s", buf);
    }
    if (len != NULL)
        *len = n;
    return text;
}

static void test_defaults(void **state)
{
    (void)state;
    wold_simulate_options o;
    wold_simulate_options_default(&o);
    assert_int_equal(o.n, 1000);
    assert_int_equal(o.seed, 1);
    assert_int_equal(o.digits, 0);
    assert_int_equal(o.threads, 0);
    assert_int_equal(o.scale_lo, 0);
    assert_int_equal(o.scale_hi, 0);
    assert_true(o.missing == 0.0);
}

static void test_header_and_rows(void **state)
{
    (void)state;
    wold_model *m = wt_model(TWO);
    wold_simulate_options o;
    wold_simulate_options_default(&o);
    o.n = 25;
    o.scale_lo = 1;
    o.scale_hi = 10;
    char *text = simulate_ok(m, &o, NULL);
    const char *head = "q1,q2,q3,s1,s2\n";
    assert_memory_equal(text, head, strlen(head));
    size_t lines = 0;
    for (const char *s = text; *s; s++) {
        assert_true(*s != '\r');
        lines += *s == '\n';
    }
    assert_int_equal(lines, 1 + 25);
    free(text);
    wold_model_free(m);
}

static void test_determinism(void **state)
{
    (void)state;
    wold_model *m = wt_model(THREE);
    wold_simulate_options o;
    wold_simulate_options_default(&o);
    o.n = 2000;
    o.seed = 2026;
    o.scale_lo = 1;
    o.scale_hi = 10;
    o.missing = 0.05;
    size_t la, lb, lc;
    char *a = simulate_ok(m, &o, &la);
    char *b = simulate_ok(m, &o, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    o.seed = 2027;
    char *c = simulate_ok(m, &o, &lc);
    assert_true(la != lc || memcmp(a, c, la) != 0);
    free(a);
    free(b);
    free(c);
    wold_model_free(m);
}

/* Splits the body of a panel into cells; missing cells are NaN. */
static double *cells(const char *text, size_t p, size_t n)
{
    double *x = malloc(n * p * sizeof *x);
    assert_non_null(x);
    const char *s = strchr(text, '\n') + 1;
    for (size_t r = 0; r < n; r++) {
        for (size_t j = 0; j < p; j++) {
            char *end;
            if (*s == ',' || *s == '\n') {
                x[r * p + j] = NAN;
                end = (char *)s;
            } else {
                x[r * p + j] = strtod(s, &end);
                assert_true(end != s);
            }
            assert_true(*end == (j + 1 < p ? ',' : '\n'));
            s = end + 1;
        }
    }
    assert_int_equal(*s, '\0');
    return x;
}

static void test_likert_range(void **state)
{
    (void)state;
    wold_model *m = wt_model(TWO);
    wold_simulate_options o;
    wold_simulate_options_default(&o);
    o.n = 5000;
    o.scale_lo = 1;
    o.scale_hi = 10;
    char *text = simulate_ok(m, &o, NULL);
    double *x = cells(text, 5, o.n);
    int seen_lo = 0, seen_hi = 0;
    double sum = 0;
    for (size_t i = 0; i < o.n * 5; i++) {
        assert_true(x[i] >= 1 && x[i] <= 10 && x[i] == floor(x[i]));
        seen_lo |= x[i] == 1;
        seen_hi |= x[i] == 10;
        sum += x[i];
    }
    /* The extremes need |x| > 2.67 s.d.: about 0.4% of 25,000 cells each. */
    assert_true(seen_lo && seen_hi);
    /* Symmetric coding around the midpoint 5.5; the mean of 25,000 cells
     * (s.d. about 1.6 each, correlated within rows) is well within 0.1. */
    WT_NEAR(sum / (double)(o.n * 5), 5.5, 0.1, "Likert mean");
    free(x);
    free(text);
    wold_model_free(m);
}

static void test_negative_scale(void **state)
{
    (void)state;
    wold_model *m = wt_model(TWO);
    wold_simulate_options o;
    wold_simulate_options_default(&o);
    o.n = 2000;
    o.scale_lo = -3;
    o.scale_hi = 3;
    char *text = simulate_ok(m, &o, NULL);
    double *x = cells(text, 5, o.n);
    int seen_lo = 0;
    for (size_t i = 0; i < o.n * 5; i++) {
        assert_true(x[i] >= -3 && x[i] <= 3);
        seen_lo |= x[i] == -3;
    }
    assert_true(seen_lo);
    free(x);
    free(text);
    wold_model_free(m);
}

static void test_missing_fraction(void **state)
{
    (void)state;
    wold_model *m = wt_model(TWO);
    wold_simulate_options o;
    wold_simulate_options_default(&o);
    o.n = 20000;
    o.scale_lo = 1;
    o.scale_hi = 7;
    o.missing = 0.1;
    char *text = simulate_ok(m, &o, NULL);
    double *x = cells(text, 5, o.n);
    size_t miss = 0, total = o.n * 5;
    for (size_t i = 0; i < total; i++)
        miss += isnan(x[i]);
    /* Binomial(100000, 0.1): s.d. of the fraction sqrt(0.09 / 1e5) =
     * 0.00095; 5 s.d. = 0.0047. */
    WT_NEAR((double)miss / (double)total, 0.1, 0.0048, "missing fraction");
    free(x);
    free(text);
    wold_model_free(m);
}

/* The uniforms are drawn whether or not cells go missing, so --missing
 * only blanks cells: every cell left is the cell of the complete panel. */
static void test_missing_only_blanks(void **state)
{
    (void)state;
    wold_model *m = wt_model(THREE);
    wold_simulate_options o;
    wold_simulate_options_default(&o);
    o.n = 3000;
    o.scale_lo = 1;
    o.scale_hi = 10;
    char *full = simulate_ok(m, &o, NULL);
    o.missing = 0.3;
    char *holes = simulate_ok(m, &o, NULL);
    double *a = cells(full, 6, o.n), *b = cells(holes, 6, o.n);
    size_t blank = 0;
    for (size_t i = 0; i < o.n * 6; i++) {
        assert_false(isnan(a[i]));
        if (isnan(b[i]))
            blank++;
        else
            assert_true(a[i] == b[i]);
    }
    assert_true(blank > 0);
    free(a);
    free(b);
    free(full);
    free(holes);
    wold_model_free(m);
}

static double corr(const double *x, size_t n, size_t p, size_t i, size_t j)
{
    double mi = 0, mj = 0;
    for (size_t r = 0; r < n; r++) {
        mi += x[r * p + i];
        mj += x[r * p + j];
    }
    mi /= (double)n;
    mj /= (double)n;
    double sij = 0, sii = 0, sjj = 0;
    for (size_t r = 0; r < n; r++) {
        double a = x[r * p + i] - mi, b = x[r * p + j] - mj;
        sij += a * b;
        sii += a * a;
        sjj += b * b;
    }
    return sij / sqrt(sii * sjj);
}

static double sd(const double *x, size_t n, size_t p, size_t i)
{
    double m = 0, s = 0;
    for (size_t r = 0; r < n; r++)
        m += x[r * p + i];
    m /= (double)n;
    for (size_t r = 0; r < n; r++)
        s += (x[r * p + i] - m) * (x[r * p + i] - m);
    return sqrt(s / (double)n);
}

/*
 * Population recovery with n = 200,000 continuous rows.  A sample
 * correlation has s.e. (1 - rho^2) / sqrt(n) <= 1 / sqrt(n) = 0.0022; four
 * of those (0.009) make a spurious failure a 1-in-15,000 event per check,
 * while a wrong formula (a missing factor lambda or beta) misses by > 0.05.
 * The sample s.d. of a unit-variance normal has s.e. 1 / sqrt(2n) = 0.0016;
 * the same four s.e. of a correlation bound it with room to spare.
 */
#define RECOVER_N 200000
static const double RECOVER_TOL = 4.0 / 447.2135954999579; /* 4/sqrt(n) */

static double *recover_panel(const char *model, size_t p, wold_model **m)
{
    *m = wt_model(model);
    wold_simulate_options o;
    wold_simulate_options_default(&o);
    o.n = RECOVER_N;
    o.seed = 11;
    char *text = simulate_ok(*m, &o, NULL);
    double *x = cells(text, p, RECOVER_N);
    free(text);
    return x;
}

static void test_recover_two_blocks(void **state)
{
    (void)state;
    wold_model *m;
    double *x = recover_panel(TWO, 5, &m);
    const size_t n = RECOVER_N;
    /* Same block: lambda_i lambda_j. */
    WT_NEAR(corr(x, n, 5, 0, 1), 0.8 * 0.7, RECOVER_TOL, "r(q1,q2)");
    WT_NEAR(corr(x, n, 5, 1, 2), 0.7 * 0.6, RECOVER_TOL, "r(q2,q3)");
    WT_NEAR(corr(x, n, 5, 3, 4), 0.9 * 0.75, RECOVER_TOL, "r(s1,s2)");
    /* Across the path: lambda_i beta lambda_j. */
    WT_NEAR(corr(x, n, 5, 0, 3), 0.8 * 0.5 * 0.9, RECOVER_TOL, "r(q1,s1)");
    WT_NEAR(corr(x, n, 5, 2, 4), 0.6 * 0.5 * 0.75, RECOVER_TOL, "r(q3,s2)");
    for (size_t i = 0; i < 5; i++)
        WT_NEAR(sd(x, n, 5, i), 1.0, RECOVER_TOL, "unit s.d.");
    free(x);
    wold_model_free(m);
}

static void test_recover_correlated_predecessors(void **state)
{
    (void)state;
    wold_model *m;
    double *x = recover_panel(THREE, 6, &m);
    const size_t n = RECOVER_N;
    WT_NEAR(corr(x, n, 6, 0, 2), 0.8 * 0.6 * 0.9, RECOVER_TOL, "r(a1,b1)");
    WT_NEAR(corr(x, n, 6, 0, 4), 0.8 * 0.7 * 0.85, RECOVER_TOL, "r(a1,c1)");
    WT_NEAR(corr(x, n, 6, 3, 5), 0.6 * 0.74 * 0.75, RECOVER_TOL, "r(b2,c2)");
    WT_NEAR(corr(x, n, 6, 4, 5), 0.85 * 0.75, RECOVER_TOL, "r(c1,c2)");
    /* C's disturbance variance 1 - 0.65 makes C, hence c1, unit variance. */
    for (size_t i = 0; i < 6; i++)
        WT_NEAR(sd(x, n, 6, i), 1.0, RECOVER_TOL, "unit s.d.");
    free(x);
    wold_model_free(m);
}

/* Without premultipliers: loading 0.8 and path 0.3 (docs/simulate.md). */
static void test_recover_defaults(void **state)
{
    (void)state;
    wold_model *m;
    double *x = recover_panel("X =~ x1 + x2\nY =~ y1 + y2\nY ~ X\n", 4, &m);
    const size_t n = RECOVER_N;
    WT_NEAR(corr(x, n, 4, 0, 1), 0.64, RECOVER_TOL, "r(x1,x2)");
    WT_NEAR(corr(x, n, 4, 1, 2), 0.8 * 0.3 * 0.8, RECOVER_TOL, "r(x2,y1)");
    free(x);
    wold_model_free(m);
}

static void test_mode_b_block(void **state)
{
    (void)state;
    wold_model *m = wt_model("V <~ 0.7*v1 + 0.6*v2\nY =~ y1 + y2\nY ~ V\n");
    wold_simulate_options o;
    wold_simulate_options_default(&o);
    o.n = 10;
    o.scale_lo = 1;
    o.scale_hi = 5;
    char *text = simulate_ok(m, &o, NULL);
    assert_memory_equal(text, "v1,v2,y1,y2\n", 12);
    free(text);
    wold_model_free(m);
}

/* The inlined generator draws GSL's doubles bit for bit: normals of a few
 * s.d. (with the Ziggurat's wedges and tail) mixed with uniforms, in an
 * irregular order, for seeds including 0 (GSL's 4357) and 2^32 - 1. */
static void test_rng_matches_gsl(void **state)
{
    (void)state;
    static const unsigned long seeds[] = {0, 1, 4357, 2026, 2147483647UL,
                                          4294967295UL};
    static const double sigma[] = {1.0, 0.6, 0.36, 2.5};
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(g);
    wold__mt mt;
    for (size_t k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
        gsl_rng_set(g, seeds[k]);
        wold__mt_set(&mt, seeds[k]);
        for (unsigned i = 0; i < 400000; i++) {
            double a, b;
            if (i % 7 == 3) {
                a = gsl_rng_uniform(g);
                b = wold__mt_uniform(&mt);
            } else if (i % 1001 == 5) { /* skipping words as uniforms do */
                size_t n = i % 1500;
                for (size_t w = 0; w < n; w++)
                    gsl_rng_get(g);
                wold__mt_skip(&mt, n);
                a = gsl_rng_uniform(g);
                b = wold__mt_uniform(&mt);
            } else {
                a = gsl_ran_gaussian_ziggurat(g, sigma[i % 4]);
                b = wold__mt_gaussian(&mt, sigma[i % 4]);
            }
            if (memcmp(&a, &b, sizeof a) != 0)
                fail_msg("seed %lu, draw %u: GSL %a, wold %a", seeds[k], i,
                         a, b);
        }
    }
    gsl_rng_free(g);
}

/* The panel's doubles are the ones GSL's generator gives in the documented
 * order (docs/simulate.md), and each cell reads back as its double. */
static void test_panel_is_gsl_draws(void **state)
{
    (void)state;
    wold_model *m = wt_model(THREE);
    wold__population pop;
    assert_int_equal(wold__population_build(&pop, m, NULL), WOLD_OK);
    wold_simulate_options o;
    wold_simulate_options_default(&o);
    o.n = 3000;
    o.seed = 77;
    o.missing = 0.1;
    char *text = simulate_ok(m, &o, NULL);
    o.digits = 4;
    char *four = simulate_ok(m, &o, NULL);
    double *x = cells(text, 6, o.n);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(g);
    gsl_rng_set(g, 77);
    double zeta[3], eta[3] = {0, 0, 0}, v[6], u[6];
    const char *f = strchr(four, '\n') + 1;
    for (size_t r = 0; r < o.n; r++) {
        for (size_t k = 0; k < 3; k++)
            zeta[k] = gsl_ran_gaussian_ziggurat(g, pop.zeta_sd[k]);
        for (size_t t = 0; t < 3; t++) {
            size_t k = pop.order[t];
            eta[k] = zeta[k];
            for (size_t j = 0; j < 3; j++)
                eta[k] += pop.beta[k * 3 + j] * eta[j];
        }
        for (size_t i = 0; i < 6; i++)
            v[i] = pop.lambda[i] * (eta[pop.mv_lv[i]] + 0.0) +
                   gsl_ran_gaussian_ziggurat(g, pop.eps_sd[i]);
        for (size_t i = 0; i < 6; i++)
            u[i] = gsl_rng_uniform(g);
        for (size_t i = 0; i < 6; i++) {
            char want[40];
            double got = x[r * 6 + i];
            if (u[i] < 0.1) {
                assert_true(isnan(got));
                want[0] = '\0';
            } else {
                assert_memory_equal(&got, &v[i], sizeof got);
                snprintf(want, sizeof want, "%.4g", v[i]);
            }
            size_t n = strlen(want);
            assert_memory_equal(f, want, n);
            assert_int_equal(f[n], i + 1 < 6 ? ',' : '\n');
            f += n + 1;
        }
    }
    gsl_rng_free(g);
    free(x);
    free(text);
    free(four);
    wold__population_clear(&pop);
    wold_model_free(m);
}

/* One, two and three formatting threads (and all cores) write the same
 * bytes: continuous, with --digits, Likert, and a wave with its labels;
 * the panels span many blocks of rows. */
static void test_threads_same_bytes(void **state)
{
    (void)state;
    wold_model *m = wt_model(THREE);
    wold_simulate_options o;
    wold_simulate_options_default(&o);
    for (int kind = 0; kind < 4; kind++) {
        wold_simulate_options_default(&o);
        o.n = 30000;
        o.seed = 5;
        o.missing = 0.03;
        if (kind == 1)
            o.digits = 7;
        if (kind == 2) {
            o.scale_lo = 1;
            o.scale_hi = 10;
        }
        if (kind == 3) {
            o.n = 4000;
            o.groups = 6;
            o.industries = 3;
            o.sectors = 2;
        }
        o.threads = 1;
        size_t l1, ln;
        char *one = simulate_ok(m, &o, &l1);
        for (unsigned t = 0; t <= 3; t++) {
            if (t == 1)
                continue;
            o.threads = t;
            char *other = simulate_ok(m, &o, &ln);
            assert_int_equal(l1, ln);
            assert_memory_equal(one, other, l1);
            free(other);
        }
        free(one);
    }
    wold_model_free(m);
}

/* --digits leaves a Likert panel's integers alone. */
static void test_digits_keep_integers(void **state)
{
    (void)state;
    wold_model *m = wt_model(TWO);
    wold_simulate_options o;
    wold_simulate_options_default(&o);
    o.scale_lo = 1;
    o.scale_hi = 7;
    size_t la, lb;
    char *a = simulate_ok(m, &o, &la);
    o.digits = 2;
    char *b = simulate_ok(m, &o, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    free(a);
    free(b);
    wold_model_free(m);
}

static void expect_option_error(wold_simulate_options o, const char *needle)
{
    wold_model *m = wt_model(TWO);
    char *text = NULL;
    size_t len = 0;
    wold_error err;
    wold_status st = simulate(m, &o, &text, &len, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EUSAGE, needle);
    assert_int_equal(len, 0); /* nothing written */
    free(text);
    wold_model_free(m);
}

static void test_option_errors(void **state)
{
    (void)state;
    wold_simulate_options o, d;
    wold_simulate_options_default(&d);
    o = d;
    o.n = 0;
    expect_option_error(o, "-n");
    o = d;
    o.scale_lo = 10;
    o.scale_hi = 1;
    expect_option_error(o, "--scale 10:1");
    o = d;
    o.scale_lo = 4;
    o.scale_hi = 4;
    expect_option_error(o, "--scale");
    o = d;
    o.missing = 1.0;
    expect_option_error(o, "--missing");
    o = d;
    o.missing = -0.1;
    expect_option_error(o, "--missing");
    o = d;
    o.missing = NAN;
    expect_option_error(o, "--missing");
    o = d;
    o.digits = 18;
    expect_option_error(o, "--digits 18");
    o = d;
    o.threads = 257;
    expect_option_error(o, "--threads 257");
    wold_error err;
    WT_EXPECT_ERROR(wold_simulate_csv(NULL, &d, stdout, &err), &err,
                    WOLD_EUSAGE, "NULL");
}

static void expect_model_error(const char *model, const char *needle1,
                               const char *needle2)
{
    wold_model *m = wt_model(model);
    wold_simulate_options o;
    wold_simulate_options_default(&o);
    char *text = NULL;
    size_t len = 0;
    wold_error err;
    wold_status st = simulate(m, &o, &text, &len, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, needle1);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, needle2);
    assert_int_equal(len, 0);
    free(text);
    wold_model_free(m);
}

static void test_population_errors(void **state)
{
    (void)state;
    /* A loading of 1 or more leaves no room for the error variance. */
    expect_model_error("X =~ 0.8*x1 + 1.2*x2\nY =~ y1\nY ~ X\n",
                       "test.wold:1:", "loading 1.2 of x2 is outside (-1, 1)");
    expect_model_error("X =~ x1 + -1*x2\nY =~ y1\nY ~ X\n", "test.wold:1:",
                       "loading -1 of x2 is outside");
    /* Two independent predecessors at 0.8: R^2 = 1.28, located at Y's
     * block on line 3, with its source line shown. */
    expect_model_error("A =~ a1\nB =~ b1\nY =~ y1 + y2\nY ~ 0.8*A + 0.8*B\n",
                       "test.wold:3:", "the paths into Y explain >= 100% of its variance "
                                       "(R^2 = 1.28)");
    expect_model_error("A =~ a1\nB =~ b1\nY =~ y1 + y2\nY ~ 0.8*A + 0.8*B\n",
                       "Y =~ y1 + y2", "positive variance");
    /* Exactly 1 is rejected too: the disturbance would have variance 0. */
    expect_model_error("A =~ a1\nY =~ y1\nY ~ 1*A\n", "test.wold:2:",
                       "(R^2 = 1)");
}

static void test_write_error(void **state)
{
    (void)state;
    char *path = wt_temp_file("", ".csv");
    FILE *f = fopen(path, "r"); /* a stream that cannot be written */
    assert_non_null(f);
    wold_model *m = wt_model(TWO);
    wold_simulate_options o;
    wold_simulate_options_default(&o);
    o.scale_lo = 1;
    o.scale_hi = 10;
    wold_error err;
    WT_EXPECT_ERROR(wold_simulate_csv(m, &o, f, &err), &err, WOLD_EIO,
                    "cannot write");
    fclose(f);
    remove(path);
    free(path);
    wold_model_free(m);
}

/* A stream that takes the first cap bytes, then fails as a full disk. */
typedef struct full_disk {
    size_t taken, cap;
} full_disk;

static ssize_t full_disk_write(void *c, const char *buf, size_t n)
{
    full_disk *d = c;
    (void)buf;
    if (d->taken + n > d->cap) {
        errno = ENOSPC;
        return -1;
    }
    d->taken += n;
    return (ssize_t)n;
}

/* A write that fails in the middle of a threaded panel: the error comes
 * back, the workers are stopped and joined, nothing hangs or leaks. */
static void test_write_error_threads(void **state)
{
    (void)state;
    wold_model *m = wt_model(THREE);
    for (unsigned t = 1; t <= 3; t++) {
        full_disk d = {0, 3u << 20};
        cookie_io_functions_t io = {NULL, full_disk_write, NULL, NULL};
        FILE *f = fopencookie(&d, "w", io);
        assert_non_null(f);
        wold_simulate_options o;
        wold_simulate_options_default(&o);
        o.n = 100000; /* about 10 MB in 1 MB blocks */
        o.threads = t;
        wold_error err;
        WT_EXPECT_ERROR(wold_simulate_csv(m, &o, f, &err), &err, WOLD_EIO,
                        "No space left on device");
        fclose(f);
        assert_true(d.taken <= d.cap);
    }
    wold_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_header_and_rows),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_likert_range),
        cmocka_unit_test(test_negative_scale),
        cmocka_unit_test(test_missing_fraction),
        cmocka_unit_test(test_missing_only_blanks),
        cmocka_unit_test(test_recover_two_blocks),
        cmocka_unit_test(test_recover_correlated_predecessors),
        cmocka_unit_test(test_recover_defaults),
        cmocka_unit_test(test_mode_b_block),
        cmocka_unit_test(test_rng_matches_gsl),
        cmocka_unit_test(test_panel_is_gsl_draws),
        cmocka_unit_test(test_threads_same_bytes),
        cmocka_unit_test(test_digits_keep_integers),
        cmocka_unit_test(test_option_errors),
        cmocka_unit_test(test_population_errors),
        cmocka_unit_test(test_write_error),
        cmocka_unit_test(test_write_error_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
