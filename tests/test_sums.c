/*
 * test_sums.c - the sufficient statistics: the kernel against two-pass
 * references under listwise deletion, mean replacement and pairwise
 * deletion (weighted and not), a hand-computed pairwise matrix, exact
 * merges, the fixed tree (every split of 1..40 chunks into parts joins
 * to the same bits), the ordered runner, thread counts, groups,
 * merging files, and the errors with their messages.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "moments/moments.h"
#include "moments/sums.h"
#include "testutil.h"
#include "util/util.h"

#define TOL 1e-12

static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

/* Added to every value: large offsets next to a small spread are where
 * sums lose digits. */
static double data_offset = 100.0;

/* n x p data: correlated Likert-like values far from 0, a share of
 * missing cells (miss_pct percent), weights w (n, may be NULL). */
static wold_data *make_data(size_t n, size_t p, unsigned seed, int miss_pct,
                            double **w)
{
    wold_data *d = calloc(1, sizeof *d);
    assert_non_null(d);
    d->n = n;
    d->p = p;
    d->source = strdup("test.csv");
    d->names = calloc(p ? p : 1, sizeof *d->names);
    d->x = malloc((n * p + 1) * sizeof *d->x);
    char name[32];
    for (size_t i = 0; i < p; i++) {
        snprintf(name, sizeof name, "x%zu", i + 1);
        d->names[i] = strdup(name);
    }
    unsigned s = seed;
    if (w != NULL)
        *w = malloc((n ? n : 1) * sizeof **w);
    for (size_t r = 0; r < n; r++) {
        double common = (double)(lcg(&s) % 5);
        int any = 0;
        for (size_t i = 0; i < p; i++) {
            double v = data_offset + common + (double)(lcg(&s) % 6) + 0.25 * (double)i;
            if ((int)(lcg(&s) % 100) < miss_pct) {
                v = NAN;
                d->n_missing_cells++;
                any = 1;
            }
            d->x[r * p + i] = v;
        }
        d->n_incomplete_rows += any;
        if (w != NULL) {
            static const double ws[5] = {0.0, 0.5, 1.0, 2.5, 3.0};
            (*w)[r] = ws[lcg(&s) % 5];
        }
    }
    return d;
}

static void free_data(wold_data *d)
{
    for (size_t i = 0; i < d->p; i++)
        free(d->names[i]);
    free(d->names);
    free(d->x);
    free(d->source);
    free(d);
}

/* Two-pass references in long double: mean and cov under the rule. */
static void reference(const wold_data *d, const double *w,
                      wold_missing missing, double *mean, double *cov,
                      double *n_out)
{
    size_t n = d->n, p = d->p;
    const double *x = d->x;
#define W(r) (w != NULL ? w[r] : 1.0)
#define COMPLETE(r, ok)                                                     \
    do {                                                                    \
        ok = W(r) > 0;                                                      \
        for (size_t k_ = 0; k_ < p; k_++)                                   \
            ok = ok && !isnan(x[(r) * p + k_]);                             \
    } while (0)
    /* Column means over the present values (mean and pairwise), or over
     * the complete rows (listwise). */
    for (size_t i = 0; i < p; i++) {
        long double s = 0, t = 0;
        for (size_t r = 0; r < n; r++) {
            int ok;
            COMPLETE(r, ok);
            if (missing != WOLD_MISSING_LISTWISE)
                ok = W(r) > 0 && !isnan(x[r * p + i]);
            if (ok) {
                s += W(r) * (long double)x[r * p + i];
                t += W(r);
            }
        }
        mean[i] = (double)(s / t);
    }
    long double wall = 0, wmin = INFINITY;
    for (size_t r = 0; r < n; r++) {
        int ok;
        COMPLETE(r, ok);
        if (missing == WOLD_MISSING_MEAN ? W(r) > 0 : ok)
            wall += W(r);
    }
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++) {
            long double s = 0, t = 0, mi = 0, mj = 0;
            if (missing == WOLD_MISSING_PAIRWISE) {
                for (size_t r = 0; r < n; r++)
                    if (W(r) > 0 && !isnan(x[r * p + i]) &&
                        !isnan(x[r * p + j])) {
                        mi += W(r) * (long double)x[r * p + i];
                        mj += W(r) * (long double)x[r * p + j];
                        t += W(r);
                    }
                mi /= t;
                mj /= t;
                wmin = t < wmin ? t : wmin;
            }
            for (size_t r = 0; r < n; r++) {
                int ok;
                COMPLETE(r, ok);
                long double a = x[r * p + i], b = x[r * p + j];
                if (missing == WOLD_MISSING_LISTWISE) {
                    if (ok)
                        s += W(r) * (a - mean[i]) * (b - mean[j]);
                } else if (missing == WOLD_MISSING_MEAN) {
                    if (W(r) > 0 && !isnan(x[r * p + i]) &&
                        !isnan(x[r * p + j]))
                        s += W(r) * (a - mean[i]) * (b - mean[j]);
                } else if (W(r) > 0 && !isnan(x[r * p + i]) &&
                           !isnan(x[r * p + j])) {
                    s += W(r) * (a - mi) * (b - mj);
                }
            }
            cov[i * p + j] =
                (double)(s / (missing == WOLD_MISSING_PAIRWISE ? t : wall));
        }
    *n_out = (double)(missing == WOLD_MISSING_PAIRWISE ? wmin : wall);
#undef W
#undef COMPLETE
}

/* m against the reference, relative to the columns' spread. */
/* Relative tolerance of the reference checks: 1e-12, or 1e-10 with
 * values of 1e6 next to a spread of 2, where the block means themselves
 * carry 1e-10 (eps times the offset) into the merges. */
static double tol = TOL;

static void check_against_reference(const wold_moments *m, const wold_data *d,
                                    const double *w, wold_missing missing)
{
    size_t p = d->p;
    double *mean = malloc(p * sizeof *mean), *cov = malloc(p * p * sizeof *cov);
    double n;
    reference(d, w, missing, mean, cov, &n);
    assert_int_equal(wold_moments_missing(m), missing);
    assert_int_equal(wold_moments_n(m), (size_t)floor(n + 0.5));
    for (size_t i = 0; i < p; i++) {
        WT_NEAR(wold_moments_means(m)[i], mean[i], tol * fabs(mean[i]),
                "mean");
        for (size_t j = 0; j < p; j++) {
            double scale = sqrt(cov[i * p + i] * cov[j * p + j]);
            WT_NEAR(wold_moments_cov(m)[i * p + j], cov[i * p + j],
                    tol * scale, "cov");
        }
        WT_NEAR(wold_moments_sds(m)[i], sqrt(cov[i * p + i]),
                tol * sqrt(cov[i * p + i]), "sd");
    }
    free(mean);
    free(cov);
}

static const wold_missing rules[3] = {WOLD_MISSING_LISTWISE,
                                      WOLD_MISSING_MEAN,
                                      WOLD_MISSING_PAIRWISE};

/* The stats of all rows in one call of the kernel. */
static void stats_of(wold__stats *s, const wold_data *d, const double *w,
                     size_t r0, size_t r1)
{
    size_t p = d->p;
    double *x = malloc(((r1 - r0) * p + 1) * sizeof *x);
    double *work = malloc(wold__stats_work_size(p) * sizeof *work);
    memcpy(x, d->x + r0 * p, (r1 - r0) * p * sizeof *x);
    assert_int_equal(wold__stats_init(s, p), WOLD_OK);
    assert_int_equal(wold__stats_add_rows(s, p, x, w ? w + r0 : NULL,
                                          r1 - r0, work),
                     WOLD_OK);
    free(x);
    free(work);
}

static void test_kernel_matches_reference(void **state)
{
    (void)state;
    for (int run = 0; run < 4; run++) {
        int weighted = run % 2;
        data_offset = run < 2 ? 100.0 : 1e6;
        tol = run < 2 ? TOL : 1e-10;
        double *w = NULL;
        wold_data *d = make_data(5000, 6, 11, 4, weighted ? &w : NULL);
        wold__stats s;
        stats_of(&s, d, w, 0, d->n);
        assert_int_equal(s.n_rows, 5000);
        assert_int_equal(s.n_missing, d->n_missing_cells);
        assert_int_equal(s.n_incomplete, d->n_incomplete_rows);
        for (int k = 0; k < 3; k++) {
            wold_moments *m = NULL;
            assert_int_equal(wold__stats_moments(&m, &s, d->p, weighted,
                                                 rules[k], d->names,
                                                 d->source, NULL),
                             WOLD_OK);
            check_against_reference(m, d, w, rules[k]);
            /* wold_moments_compute(_weighted) gives the same. */
            wold_moments *c = NULL;
            assert_int_equal(wold_moments_compute_weighted(&c, d, rules[k], w,
                                                           NULL),
                             WOLD_OK);
            check_against_reference(c, d, w, rules[k]);
            assert_int_equal(wold_moments_rows_dropped(c),
                             rules[k] == WOLD_MISSING_LISTWISE
                                 ? d->n_incomplete_rows : 0);
            assert_int_equal(wold_moments_cells_imputed(c),
                             rules[k] == WOLD_MISSING_MEAN
                                 ? d->n_missing_cells : 0);
            wold_moments_free(c);
            wold_moments_free(m);
        }
        wold__stats_free(&s);
        free(w);
        free_data(d);
    }
    data_offset = 100.0;
    tol = TOL;
}

/* Rows added a block (WOLD__STATS_BLOCK) at a time give the bits of one
 * call, as the streamed reader relies on: integers (the exact path) and
 * not, complete and with missing cells. */
static void test_blocks_in_calls(void **state)
{
    (void)state;
    for (int run = 0; run < 4; run++) {
        wold_data *d = make_data(5000, 7, 21, run % 2 ? 3 : 0, NULL);
        for (size_t c = 0; run >= 2 && c < d->n * d->p; c++)
            d->x[c] = floor(d->x[c]); /* NaN stays */
        size_t p = d->p;
        wold__stats one, parts;
        stats_of(&one, d, NULL, 0, d->n);
        double *x = malloc(WOLD__STATS_BLOCK * p * sizeof *x);
        double *work = malloc(wold__stats_work_size(p) * sizeof *work);
        assert_true(x && work);
        assert_int_equal(wold__stats_init(&parts, p), WOLD_OK);
        for (size_t r0 = 0; r0 < d->n; r0 += WOLD__STATS_BLOCK) {
            size_t k = d->n - r0 < WOLD__STATS_BLOCK ? d->n - r0
                                                     : WOLD__STATS_BLOCK;
            memcpy(x, d->x + r0 * p, k * p * sizeof *x);
            assert_int_equal(wold__stats_add_rows(&parts, p, x, NULL, k, work),
                             WOLD_OK);
        }
        assert_int_equal(parts.nc, one.nc);
        assert_int_equal(parts.ni, one.ni);
        assert_int_equal(parts.n_missing, one.n_missing);
        assert_memory_equal(parts.mean, one.mean, p * sizeof *one.mean);
        assert_memory_equal(parts.m2, one.m2, p * p * sizeof *one.m2);
        assert_memory_equal(parts.cmin, one.cmin, p * sizeof *one.cmin);
        assert_memory_equal(parts.cmax, one.cmax, p * sizeof *one.cmax);
        assert_true((parts.pw == NULL) == (one.pw == NULL));
        if (one.pw != NULL) {
            assert_memory_equal(parts.pw, one.pw, p * p * sizeof *one.pw);
            assert_memory_equal(parts.pm2, one.pm2, p * p * sizeof *one.pm2);
        }
        wold__stats_free(&one);
        wold__stats_free(&parts);
        free(work);
        free(x);
        free_data(d);
    }
}

/* Pairwise deletion by hand: 5 rows, 3 columns. */
static void test_pairwise_by_hand(void **state)
{
    (void)state;
    const double x[15] = {1, 2, NAN,  /* */ 2, NAN, 1,  /* */ 3, 5, 4,
                          4, 4, NAN,  /* */ NAN, 6, 2};
    const char *names[3] = {"a", "b", "c"};
    wold_data *d = NULL;
    assert_int_equal(wold_data_from_matrix(&d, x, 5, 3, names, NULL), WOLD_OK);
    wold_moments *m = NULL;
    assert_int_equal(wold_moments_compute(&m, d, WOLD_MISSING_PAIRWISE, NULL),
                     WOLD_OK);
    const double *cov = wold_moments_cov(m), *mean = wold_moments_means(m);
    /* a: 1 2 3 4, mean 2.5, var 5/4.  b: 2 5 4 6, mean 4.25,
     * var (5.0625 + .5625 + .0625 + 3.0625)/4 = 2.1875.
     * c: 1 4 2, mean 7/3, var (16/9 + 25/9 + 1/9)/3 = 14/9.
     * (a, b) over rows 1, 3, 4: a 1 3 4 (mean 8/3), b 2 5 4 (mean 11/3):
     * [(-5/3)(-5/3) + (1/3)(4/3) + (4/3)(1/3)] / 3 = (33/9)/3 = 11/9.
     * (a, c) over rows 2, 3: a 2 3, c 1 4: (-.5)(-1.5) + (.5)(1.5) = 1.5,
     * / 2 = .75.  (b, c) over rows 3, 5: b 5 6, c 4 2: (-.5)(1) + (.5)(-1)
     * = -1, / 2 = -.5. */
    WT_NEAR(mean[0], 2.5, 1e-15, "mean a");
    WT_NEAR(mean[1], 4.25, 1e-15, "mean b");
    WT_NEAR(mean[2], 7.0 / 3.0, 1e-15, "mean c");
    WT_NEAR(cov[0], 1.25, 1e-15, "var a");
    WT_NEAR(cov[4], 2.1875, 1e-15, "var b");
    WT_NEAR(cov[8], 14.0 / 9.0, 1e-15, "var c");
    WT_NEAR(cov[1], 11.0 / 9.0, 1e-15, "cov ab");
    WT_NEAR(cov[3], 11.0 / 9.0, 1e-15, "cov ba");
    WT_NEAR(cov[2], 0.75, 1e-15, "cov ac");
    WT_NEAR(cov[5], -0.5, 1e-15, "cov bc");
    WT_NEAR(cov[7], -0.5, 1e-15, "cov cb");
    WT_NEAR(wold_moments_sds(m)[2], sqrt(14.0 / 9.0), 1e-15, "sd c");
    assert_int_equal(wold_moments_n(m), 2); /* the smallest pair */
    assert_int_equal(wold_moments_missing(m), WOLD_MISSING_PAIRWISE);
    WT_NEAR(wold_moments_mins(m)[1], 2, 0, "min b");
    WT_NEAR(wold_moments_maxs(m)[1], 6, 0, "max b");
    wold_moments_free(m);
    wold_data_free(d);
}

/* Pairwise deletion can give a matrix no data have: the fit refuses it;
 * a positive definite one fits, and the fit says pairwise. */
static void test_pairwise_indefinite(void **state)
{
    (void)state;
    const double N = NAN;
    /* a and b agree on rows 1-4, b and c on 5-8, a and c disagree on
     * 9-12: correlations +1, +1, -1, eigenvalues -1, 2, 2. */
    const double x[36] = {1, 1, N, 2, 2, N, 3, 3, N, 4, 4, N,
                          N, 1, 1, N, 2, 2, N, 3, 3, N, 4, 4,
                          1, N, 4, 2, N, 3, 3, N, 2, 4, N, 1};
    const char *names[3] = {"a", "b", "c"};
    wold_data *d = NULL;
    assert_int_equal(wold_data_from_matrix(&d, x, 12, 3, names, NULL),
                     WOLD_OK);
    wold_moments *m = NULL;
    assert_int_equal(wold_moments_compute(&m, d, WOLD_MISSING_PAIRWISE, NULL),
                     WOLD_OK);
    WT_NEAR(m->min_eig, -1.0, 1e-12, "smallest eigenvalue");
    wold_model *md = wt_model("X =~ a + b\nY =~ c\nY ~ X\n");
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_fit *fit = NULL;
    wold_error err;
    WT_EXPECT_ERROR(wold_fit_estimate(&fit, md, m, &opt, &err), &err,
                    WOLD_ENUMERIC, "the covariance matrix from pairwise "
                    "deletion is not positive semi-definite (smallest "
                    "eigenvalue of the correlation matrix -1)");
    assert_null(fit);
    /* Pairwise moments are neither merged, subtracted nor reweighted. */
    wold_moments *c = NULL;
    assert_int_equal(wold_moments_copy(&c, m, NULL), WOLD_OK);
    WT_EXPECT_ERROR(wold_moments_merge(c, m, &err), &err, WOLD_EUSAGE,
                    "moments from pairwise deletion cannot be merged");
    WT_EXPECT_ERROR(wold_moments_subtract(c, m, &err), &err, WOLD_EUSAGE,
                    "moments from pairwise deletion cannot be subtracted");
    wold_moments_work *ws = NULL;
    WT_EXPECT_ERROR(wold_moments_work_alloc(&ws, m, d, &err), &err,
                    WOLD_EUSAGE, "moments from pairwise deletion are not "
                    "reweighted");
    wold_moments_free(c);
    wold_moments_free(m);
    wold_data_free(d);
    /* A definite matrix fits. */
    d = make_data(500, 3, 4, 10, NULL);
    free(d->names[0]), free(d->names[1]), free(d->names[2]);
    d->names[0] = strdup("a"), d->names[1] = strdup("b");
    d->names[2] = strdup("c");
    assert_int_equal(wold_moments_compute(&m, d, WOLD_MISSING_PAIRWISE, NULL),
                     WOLD_OK);
    assert_true(m->min_eig > 0.0);
    assert_int_equal(wold_fit_estimate(&fit, md, m, &opt, NULL), WOLD_OK);
    assert_int_equal(wold_fit_missing(fit), WOLD_MISSING_PAIRWISE);
    assert_int_equal(wold_moments_missing(m), WOLD_MISSING_PAIRWISE);
    wold_fit_free(fit);
    wold_moments_free(m);
    free_data(d);
    wold_model_free(md);
}

static void expect_stats_near(const wold__stats *a, const wold__stats *b,
                              size_t p, int weighted)
{
    for (int k = 0; k < 3; k++) {
        wold_moments *ma = NULL, *mb = NULL;
        char *names[8] = {"a", "b", "c", "d", "e", "f", "g", "h"};
        wold_status sa = wold__stats_moments(&ma, a, p, weighted, rules[k],
                                             names, "a", NULL);
        wold_status sb = wold__stats_moments(&mb, b, p, weighted, rules[k],
                                             names, "b", NULL);
        assert_int_equal(sa, sb);
        if (sa != WOLD_OK)
            continue; /* too few rows in both */
        assert_int_equal(wold_moments_n(ma), wold_moments_n(mb));
        for (size_t i = 0; i < p; i++) {
            WT_NEAR(wold_moments_means(ma)[i], wold_moments_means(mb)[i],
                    TOL * fabs(wold_moments_means(mb)[i]), "merged mean");
            WT_NEAR(wold_moments_mins(ma)[i], wold_moments_mins(mb)[i], 0,
                    "merged min");
            WT_NEAR(wold_moments_maxs(ma)[i], wold_moments_maxs(mb)[i], 0,
                    "merged max");
            for (size_t j = 0; j < p; j++) {
                const double *cb = wold_moments_cov(mb);
                WT_NEAR(wold_moments_cov(ma)[i * p + j], cb[i * p + j],
                        TOL * sqrt(cb[i * p + i] * cb[j * p + j]),
                        "merged cov");
            }
        }
        wold_moments_free(ma);
        wold_moments_free(mb);
    }
}

/* Two halves merged equal the whole, to rounding, for every cut. */
static void test_merge_halves(void **state)
{
    (void)state;
    for (int weighted = 0; weighted < 2; weighted++) {
        double *w = NULL;
        wold_data *d = make_data(3001, 5, 7, 5, weighted ? &w : NULL);
        wold__stats whole, a, b;
        stats_of(&whole, d, w, 0, d->n);
        const size_t cuts[4] = {1, 1234, 2048, 3000};
        for (int c = 0; c < 4; c++) {
            stats_of(&a, d, w, 0, cuts[c]);
            stats_of(&b, d, w, cuts[c], d->n);
            assert_int_equal(wold__stats_merge(&a, &b, d->p), WOLD_OK);
            assert_int_equal(a.n_rows, whole.n_rows);
            assert_int_equal(a.nc, whole.nc);
            assert_int_equal(a.ni, whole.ni);
            assert_int_equal(a.n_incomplete, whole.n_incomplete);
            expect_stats_near(&a, &whole, d->p, weighted);
            wold__stats_free(&a);
            wold__stats_free(&b);
        }
        /* An empty side changes nothing. */
        wold__stats e;
        assert_int_equal(wold__stats_init(&e, d->p), WOLD_OK);
        assert_int_equal(wold__stats_merge(&e, &whole, d->p), WOLD_OK);
        expect_stats_near(&e, &whole, d->p, weighted);
        wold__stats_free(&e);
        wold__stats_free(&whole);
        free(w);
        free_data(d);
    }
}

/* ------------------------------------------------------------------------
 * The tree: every split into contiguous parts joins to the same bits
 * ------------------------------------------------------------------------ */

#define TREE_P 2
#define TREE_MAX 40

static wold__piece chunk_pieces[TREE_MAX];
static char *tree_names[TREE_P] = {"u", "v"};

/* Chunk c: three rows, some incomplete (a few chunks have fewer than
 * two complete rows: the rules then fail alike). */
static void make_chunk_pieces(void)
{
    unsigned s = 5;
    double *work = malloc(wold__stats_work_size(TREE_P) * sizeof *work);
    for (size_t c = 0; c < TREE_MAX; c++) {
        double x[3 * TREE_P];
        for (size_t k = 0; k < 3 * TREE_P; k++)
            x[k] = lcg(&s) % 7 == 0 ? NAN : 3.0 + 0.1 * (double)(lcg(&s) % 50);
        assert_int_equal(wold__piece_init(&chunk_pieces[c], c, TREE_P, 1,
                                          NULL), WOLD_OK);
        assert_int_equal(wold__stats_add_rows(&chunk_pieces[c].g[0], TREE_P,
                                              x, NULL, 3, work), WOLD_OK);
    }
    free(work);
}

/* The sums of chunks [a, b) of n, pushed one by one. */
static wold_sums *part_sums(size_t a, size_t b, size_t n)
{
    wold_sums *s = NULL;
    assert_int_equal(wold__sums_new(&s, TREE_P, tree_names, "tree.csv", NULL,
                                    NULL, a, b, n), WOLD_OK);
    for (size_t c = a; c < b; c++) {
        wold__piece pc;
        assert_int_equal(wold__piece_copy(&pc, &chunk_pieces[c], TREE_P),
                         WOLD_OK);
        assert_int_equal(wold__sums_push(s, &pc), WOLD_OK);
    }
    return s;
}

static int same_array(const double *a, const double *b, size_t n)
{
    if (a == NULL || b == NULL)
        return a == b;
    return memcmp(a, b, n * sizeof *a) == 0;
}

static int same_stats(const wold__stats *a, const wold__stats *b, size_t p)
{
    return a->n_rows == b->n_rows && a->n_missing == b->n_missing &&
           a->nc == b->nc && a->ni == b->ni && a->wc == b->wc &&
           a->wi == b->wi && a->n_incomplete == b->n_incomplete &&
           a->w2c == b->w2c && a->w2i == b->w2i &&
           same_array(a->mean, b->mean, p) && same_array(a->m2, b->m2, p * p) &&
           same_array(a->cmin, b->cmin, p) && same_array(a->cmax, b->cmax, p) &&
           same_array(a->amin, b->amin, p) && same_array(a->amax, b->amax, p) &&
           same_array(a->pw, b->pw, p * p) &&
           same_array(a->pmean, b->pmean, p * p) &&
           same_array(a->pm2, b->pm2, p * p);
}

/* Joins the parts cut at cuts[0..k) (0 < cut < n, ascending) and checks
 * the root against the one-part root. */
static void check_split(size_t n, const size_t *cuts, size_t k,
                        const wold__piece *want)
{
    size_t start = 0;
    wold_sums *all = NULL;
    for (size_t i = 0; i <= k; i++) {
        size_t end = i < k ? cuts[i] : n;
        wold_sums *part = part_sums(start, end, n);
        if (all == NULL) {
            all = part;
        } else {
            assert_int_equal(wold_sums_join(all, part, NULL), WOLD_OK);
            wold_sums_free(part);
        }
        start = end;
    }
    wold__piece root;
    assert_int_equal(wold__sums_root(all, &root, NULL), WOLD_OK);
    assert_int_equal(root.n_groups, 1);
    if (!same_stats(&root.g[0], &want->g[0], TREE_P))
        fail_msg("chunks 0..%zu cut in %zu parts at %zu %zu %zu: not "
                 "bit-identical", n - 1, k + 1, k > 0 ? cuts[0] : 0,
                 k > 1 ? cuts[1] : 0, k > 2 ? cuts[2] : 0);
    wold__piece_free(&root);
    wold_sums_free(all);
}

static int same_stack(const wold_sums *a, const wold_sums *b)
{
    if (a->n_pieces != b->n_pieces)
        return 0;
    for (size_t k = 0; k < a->n_pieces; k++) {
        const wold__piece *x = &a->pieces[k], *y = &b->pieces[k];
        if (x->level != y->level || x->index != y->index ||
            x->n_groups != 1 || y->n_groups != 1 ||
            !same_stats(&x->g[0], &y->g[0], TREE_P))
            return 0;
    }
    return 1;
}

/* Splits into 3 or 4 parts are enumerated one by one up to this many
 * chunks (the lemma below covers the rest). */
#define TREE_LITERAL 20

static void test_tree_splits(void **state)
{
    (void)state;
    make_chunk_pieces();
    for (size_t n = 1; n <= TREE_MAX; n++) {
        wold_sums *one = part_sums(0, n, n);
        wold__piece want;
        assert_int_equal(wold__sums_root(one, &want, NULL), WOLD_OK);
        size_t cuts[3];
        check_split(n, cuts, 0, &want);
        for (cuts[0] = 1; cuts[0] < n; cuts[0]++) {
            check_split(n, cuts, 1, &want);
            for (cuts[1] = cuts[0] + 1; n <= TREE_LITERAL && cuts[1] < n;
                 cuts[1]++) {
                check_split(n, cuts, 2, &want);
                for (cuts[2] = cuts[1] + 1; cuts[2] < n; cuts[2]++)
                    check_split(n, cuts, 3, &want);
            }
        }
        /* The root is the chunks' stats merged, to rounding. */
        wold__stats flat;
        assert_int_equal(wold__stats_init(&flat, TREE_P), WOLD_OK);
        for (size_t c = 0; c < n; c++)
            assert_int_equal(wold__stats_merge(&flat, &chunk_pieces[c].g[0],
                                               TREE_P), WOLD_OK);
        expect_stats_near(&want.g[0], &flat, TREE_P, 0);
        wold__stats_free(&flat);
        wold__piece_free(&want);
        wold_sums_free(one);
    }
    /* The lemma: the stack of chunks [0, a) joined with the part [a, b)
     * is, piece for piece and bit for bit, the stack of [0, b).  A split
     * of [0, n) at c_1 < ... < c_k joins its parts in order, so by
     * induction every split into any number of parts, for every n up to
     * TREE_MAX, ends with the stack of one reader, and so with its root. */
    for (size_t b = 2; b <= TREE_MAX; b++) {
        wold_sums *whole = part_sums(0, b, TREE_MAX);
        for (size_t a = 1; a < b; a++) {
            wold_sums *head = part_sums(0, a, TREE_MAX);
            wold_sums *tail = part_sums(a, b, TREE_MAX);
            assert_int_equal(wold_sums_join(head, tail, NULL), WOLD_OK);
            if (!same_stack(head, whole))
                fail_msg("chunks [0, %zu) joined with [%zu, %zu): not the "
                         "stack of [0, %zu)", a, a, b, b);
            wold_sums_free(head);
            wold_sums_free(tail);
        }
        wold_sums_free(whole);
    }
    for (size_t c = 0; c < TREE_MAX; c++)
        wold__piece_free(&chunk_pieces[c]);
}

/* A stack is a binary counter: chunks 0..10 leave nodes of 8, 2 and 1. */
static void test_push_is_a_binary_counter(void **state)
{
    (void)state;
    make_chunk_pieces();
    wold_sums *s = part_sums(0, 11, 11);
    assert_int_equal(s->n_pieces, 3);
    assert_int_equal(s->pieces[0].level, 3);
    assert_int_equal(s->pieces[0].index, 0);
    assert_int_equal(s->pieces[1].level, 1);
    assert_int_equal(s->pieces[1].index, 4);
    assert_int_equal(s->pieces[2].level, 0);
    assert_int_equal(s->pieces[2].index, 10);
    wold_error err;
    wold_sums *part = part_sums(3, 11, 11);
    wold__piece root;
    WT_EXPECT_ERROR(wold__sums_root(part, &root, &err), &err, WOLD_EUSAGE,
                    "hold chunks 3 to 11 of 11 only: join the other parts");
    wold_moments *m = NULL;
    WT_EXPECT_ERROR(wold_sums_moments(&m, part, (size_t)-1,
                                      WOLD_MISSING_LISTWISE, &err),
                    &err, WOLD_EUSAGE, "join the other parts first");
    /* Parts must be joined in order. */
    wold_sums *head = part_sums(0, 2, 11);
    WT_EXPECT_ERROR(wold_sums_join(head, part, &err), &err, WOLD_EUSAGE,
                    "holding chunks 3 to 11 of 11 does not follow the part "
                    "of tree.csv holding chunks 0 to 2 of 11");
    wold_sums_free(head);
    wold_sums_free(part);
    wold_sums_free(s);
    for (size_t c = 0; c < TREE_MAX; c++)
        wold__piece_free(&chunk_pieces[c]);
}

/* ------------------------------------------------------------------------
 * The runner
 * ------------------------------------------------------------------------ */

typedef struct run_user {
    size_t n;          /* chunks that exist (end == SIZE_MAX) */
    size_t fail_at[2]; /* chunks that fail, or SIZE_MAX */
    size_t ran[64];    /* times each chunk ran */
} run_user;

static wold_status run_fn(void *user, size_t chunk, unsigned worker,
                          wold__piece *out, int *end, wold_error *err)
{
    run_user *u = user;
    (void)worker;
    __atomic_add_fetch(&u->ran[chunk], 1, __ATOMIC_SEQ_CST);
    if (chunk >= u->n) {
        *end = 1;
        return WOLD_OK;
    }
    if (chunk == u->fail_at[0] || chunk == u->fail_at[1])
        return WOLD_FAIL(err, WOLD_EINPUT, "chunk %zu is bad", chunk);
    WOLD_TRY(wold__piece_init(out, chunk, TREE_P, 1, NULL));
    return wold__stats_merge(&out->g[0], &chunk_pieces[chunk].g[0], TREE_P);
}

static void test_runner(void **state)
{
    (void)state;
    make_chunk_pieces();
    wold__piece want;
    wold_sums *one = part_sums(0, 37, 37);
    assert_int_equal(wold__sums_root(one, &want, NULL), WOLD_OK);
    for (unsigned t = 1; t <= 5; t++)
        for (int open = 0; open < 2; open++) {
            run_user u = {37, {SIZE_MAX, SIZE_MAX}, {0}};
            wold_sums *s = NULL;
            assert_int_equal(wold__sums_new(&s, TREE_P, tree_names, "r", NULL,
                                            NULL, 0, 37, 37), WOLD_OK);
            assert_int_equal(wold__sums_run(s, 0, open ? SIZE_MAX : 37, t,
                                            run_fn, &u, NULL), WOLD_OK);
            wold__piece root;
            assert_int_equal(wold__sums_root(s, &root, NULL), WOLD_OK);
            assert_true(same_stats(&root.g[0], &want.g[0], TREE_P));
            for (size_t c = 0; c < 37; c++)
                assert_int_equal(u.ran[c], 1);
            wold__piece_free(&root);
            wold_sums_free(s);
            /* Two bad chunks: the lower one's error, every chunk before
             * it done. */
            run_user v = {37, {23, 9}, {0}};
            wold_error err;
            assert_int_equal(wold__sums_new(&s, TREE_P, tree_names, "r", NULL,
                                            NULL, 0, 37, 37), WOLD_OK);
            WT_EXPECT_ERROR(wold__sums_run(s, 0, open ? SIZE_MAX : 37, t,
                                           run_fn, &v, &err),
                            &err, WOLD_EINPUT, "chunk 9 is bad");
            for (size_t c = 0; c < 9; c++)
                assert_int_equal(v.ran[c], 1);
            wold__stats flat;
            assert_int_equal(wold__stats_init(&flat, TREE_P), WOLD_OK);
            for (size_t k = 0; k < s->n_pieces; k++)
                assert_int_equal(wold__stats_merge(&flat, &s->pieces[k].g[0],
                                                   TREE_P), WOLD_OK);
            assert_int_equal(flat.n_rows, 9 * 3);
            wold__stats_free(&flat);
            wold_sums_free(s);
        }
    wold__piece_free(&want);
    wold_sums_free(one);
    for (size_t c = 0; c < TREE_MAX; c++)
        wold__piece_free(&chunk_pieces[c]);
}

/* ------------------------------------------------------------------------
 * wold_sums_from_data: threads, groups, merging files
 * ------------------------------------------------------------------------ */

static void expect_same_moments(const wold_moments *a, const wold_moments *b)
{
    size_t p = wold_moments_p(a);
    assert_int_equal(wold_moments_n(a), wold_moments_n(b));
    assert_memory_equal(wold_moments_means(a), wold_moments_means(b),
                        p * sizeof(double));
    assert_memory_equal(wold_moments_cov(a), wold_moments_cov(b),
                        p * p * sizeof(double));
    assert_memory_equal(wold_moments_sds(a), wold_moments_sds(b),
                        p * sizeof(double));
    assert_memory_equal(wold_moments_mins(a), wold_moments_mins(b),
                        p * sizeof(double));
}

static void test_threads_bit_identical(void **state)
{
    (void)state;
    double *w = NULL;
    wold_data *d = make_data(40000, 5, 3, 3, &w);
    for (int weighted = 0; weighted < 2; weighted++) {
        d->w = weighted ? w : NULL;
        wold_moments *m1[3] = {NULL, NULL, NULL};
        for (unsigned t = 1; t <= 3; t++) {
            wold_sums *s = NULL;
            assert_int_equal(wold_sums_from_data(&s, d, (size_t)-1, t, NULL),
                             WOLD_OK);
            assert_int_equal(wold_sums_n_rows(s, (size_t)-1), d->n);
            for (int k = 0; k < 3; k++) {
                wold_moments *m = NULL;
                assert_int_equal(wold_sums_moments(&m, s, (size_t)-1,
                                                   rules[k], NULL), WOLD_OK);
                if (t == 1) {
                    m1[k] = m;
                    check_against_reference(m, d, d->w, rules[k]);
                    continue;
                }
                expect_same_moments(m, m1[k]);
                wold_moments_free(m);
            }
            wold_sums_free(s);
        }
        for (int k = 0; k < 3; k++) {
            /* wold_moments_compute (all cores) gives the same bits. */
            wold_moments *c = NULL;
            assert_int_equal(wold_moments_compute(&c, d, rules[k], NULL),
                             WOLD_OK);
            expect_same_moments(c, m1[k]);
            wold_moments_free(c);
            wold_moments_free(m1[k]);
        }
    }
    d->w = NULL;
    free(w);
    free_data(d);
}

/* CSV text of n rows: group g<k>, columns x1..x3, some cells empty. */
static char *grouped_csv(size_t n, unsigned seed, const char *const *groups,
                         size_t n_groups)
{
    size_t size = 64 + n * 64, used = 0;
    char *t = malloc(size);
    used += (size_t)snprintf(t, size, "grp,x1,x2,x3\n");
    unsigned s = seed;
    for (size_t r = 0; r < n; r++) {
        used += (size_t)snprintf(t + used, size - used, "%s",
                                 groups[lcg(&s) % n_groups]);
        for (int i = 0; i < 3; i++) {
            if (lcg(&s) % 9 == 0)
                used += (size_t)snprintf(t + used, size - used, ",");
            else
                used += (size_t)snprintf(t + used, size - used, ",%u",
                                         1 + lcg(&s) % 10);
        }
        used += (size_t)snprintf(t + used, size - used, "\n");
    }
    return t;
}

static wold_data *parse(const char *text, const char *name)
{
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    const char *labels[1] = {"grp"};
    opt.labels = labels;
    opt.n_labels = 1;
    wold_data *d = NULL;
    wold_error err;
    wold_status st = wold_data_parse_csv(&d, text, strlen(text), name, NULL,
                                         &opt, &err);
    if (st != WOLD_OK)
        fail_msg("%s", err.message);
    return d;
}

/* The rows of d in group level k, as a data set of their own. */
static wold_data *subset(const wold_data *d, size_t level)
{
    size_t n = 0, p = d->p;
    double *x = malloc((d->n * p + 1) * sizeof *x);
    for (size_t r = 0; r < d->n; r++)
        if (d->labels[0].codes[r] == level)
            memcpy(x + (n++) * p, d->x + r * p, p * sizeof *x);
    wold_data *s = NULL;
    assert_int_equal(wold_data_from_matrix(&s, x, n, p,
                                           (const char *const *)d->names,
                                           NULL), WOLD_OK);
    free(x);
    return s;
}

static void test_groups(void **state)
{
    (void)state;
    const char *groups[3] = {"north", "south", "east"};
    char *text = grouped_csv(20000, 9, groups, 3);
    wold_data *d = parse(text, "g.csv");
    wold_sums *s = NULL;
    assert_int_equal(wold_sums_from_data(&s, d, 0, 2, NULL), WOLD_OK);
    assert_int_equal(wold_sums_n_groups(s), 3);
    assert_string_equal(wold_sums_group_name(s), "grp");
    for (size_t g = 0; g < 3; g++) {
        /* First-appearance order, as the data's levels. */
        assert_string_equal(wold_sums_group_label(s, g),
                            wold_data_label_level(d, 0, g));
        wold_data *sub = subset(d, g);
        assert_int_equal(wold_sums_n_rows(s, g), wold_data_n_rows(sub));
        for (int k = 0; k < 3; k++) {
            wold_moments *m = NULL;
            assert_int_equal(wold_sums_moments(&m, s, g, rules[k], NULL),
                             WOLD_OK);
            check_against_reference(m, sub, NULL, rules[k]);
            wold_moments_free(m);
        }
        wold_data_free(sub);
    }
    assert_null(wold_sums_group_label(s, 3));
    assert_int_equal(wold_sums_n_rows(s, (size_t)-1), 20000);
    /* All groups together are the whole data. */
    for (int k = 0; k < 3; k++) {
        wold_moments *m = NULL;
        assert_int_equal(wold_sums_moments(&m, s, (size_t)-1, rules[k], NULL),
                         WOLD_OK);
        check_against_reference(m, d, NULL, rules[k]);
        wold_moments_free(m);
    }
    wold_moments *m = NULL;
    wold_error err;
    WT_EXPECT_ERROR(wold_sums_moments(&m, s, 3, WOLD_MISSING_MEAN, &err),
                    &err, WOLD_EUSAGE, "group 4 asked for, but the sums of "
                    "g.csv have 3");
    /* Thread counts give the same bits by group. */
    wold_sums *s1 = NULL;
    assert_int_equal(wold_sums_from_data(&s1, d, 0, 1, NULL), WOLD_OK);
    wold_moments *a = NULL, *b = NULL;
    assert_int_equal(wold_sums_moments(&a, s, 1, WOLD_MISSING_PAIRWISE, NULL),
                     WOLD_OK);
    assert_int_equal(wold_sums_moments(&b, s1, 1, WOLD_MISSING_PAIRWISE,
                                       NULL), WOLD_OK);
    expect_same_moments(a, b);
    wold_moments_free(a);
    wold_moments_free(b);
    wold_sums_free(s1);
    WT_EXPECT_ERROR(wold_sums_from_data(&s1, d, 1, 1, &err), &err,
                    WOLD_EUSAGE, "label column 2 asked for as the group, but "
                    "the data have 1");
    wold_sums_free(s);
    wold_data_free(d);
    free(text);
}

/* Two files merged equal their concatenation; groups match by label. */
static void test_merge_files(void **state)
{
    (void)state;
    const char *ga[2] = {"north", "south"}, *gb[2] = {"east", "south"};
    char *ta = grouped_csv(9000, 1, ga, 2), *tb = grouped_csv(7000, 2, gb, 2);
    size_t la = strlen(ta);
    char *both = malloc(la + strlen(tb) + 1);
    memcpy(both, ta, la);
    strcpy(both + la, strchr(tb, '\n') + 1);
    wold_data *da = parse(ta, "a.csv"), *db = parse(tb, "b.csv");
    wold_data *dab = parse(both, "ab.csv");
    wold_sums *sa = NULL, *sb = NULL, *sab = NULL;
    assert_int_equal(wold_sums_from_data(&sa, da, 0, 2, NULL), WOLD_OK);
    assert_int_equal(wold_sums_from_data(&sb, db, 0, 2, NULL), WOLD_OK);
    assert_int_equal(wold_sums_from_data(&sab, dab, 0, 2, NULL), WOLD_OK);
    assert_int_equal(wold_sums_merge(sa, sb, NULL), WOLD_OK);
    assert_string_equal(wold_sums_source(sa), "a.csv + b.csv");
    assert_int_equal(wold_sums_n_groups(sa), 3);
    for (size_t g = 0; g < 3; g++) {
        assert_string_equal(wold_sums_group_label(sa, g),
                            wold_sums_group_label(sab, g));
        assert_int_equal(wold_sums_n_rows(sa, g), wold_sums_n_rows(sab, g));
        for (int k = 0; k < 3; k++) {
            wold_moments *m = NULL;
            assert_int_equal(wold_sums_moments(&m, sa, g, rules[k], NULL),
                             WOLD_OK);
            wold_data *sub = subset(dab, g);
            check_against_reference(m, sub, NULL, rules[k]);
            wold_data_free(sub);
            wold_moments_free(m);
        }
    }
    /* Sums that differ are refused, saying how. */
    wold_error err;
    wold_sums *plain = NULL;
    assert_int_equal(wold_sums_from_data(&plain, db, (size_t)-1, 1, NULL),
                     WOLD_OK);
    WT_EXPECT_ERROR(wold_sums_merge(sa, plain, &err), &err, WOLD_EINPUT,
                    "the sums of a.csv + b.csv are grouped by 'grp' but those "
                    "of b.csv by no column");
    double *w = NULL;
    wold_data *dw = make_data(10, 3, 1, 0, &w);
    dw->w = w;
    dw->w_name = strdup("wt");
    wold_sums *sw = NULL;
    assert_int_equal(wold_sums_from_data(&sw, dw, (size_t)-1, 1, NULL),
                     WOLD_OK);
    assert_string_equal(wold_sums_weights_name(sw), "wt");
    WT_EXPECT_ERROR(wold_sums_merge(plain, sw, &err), &err, WOLD_EINPUT,
                    "the sums of b.csv are not weighted but those of "
                    "test.csv are weighted");
    wold_sums_free(sw);
    free(dw->w_name);
    dw->w_name = NULL;
    dw->w = NULL;
    free(w);
    free_data(dw);
    wold_sums_free(plain);
    wold_sums_free(sa);
    wold_sums_free(sb);
    wold_sums_free(sab);
    wold_data_free(da);
    wold_data_free(db);
    wold_data_free(dab);
    free(ta);
    free(tb);
    free(both);
}

/* ------------------------------------------------------------------------
 * Errors: wold_moments_compute's messages, from the sums
 * ------------------------------------------------------------------------ */

static void expect_moments_error(const wold_data *d, const double *w,
                                 wold_missing missing, wold_status status,
                                 const char *needle)
{
    wold_moments *m = NULL;
    wold_error err;
    WT_EXPECT_ERROR(wold_moments_compute_weighted(&m, d, missing, w, &err),
                    &err, status, needle);
    assert_null(m);
}

static void test_errors(void **state)
{
    (void)state;
    wold_data *d = make_data(3, 2, 3, 0, NULL);
    d->x[0] = NAN;
    d->x[3] = NAN;
    d->n_missing_cells = 2;
    expect_moments_error(d, NULL, WOLD_MISSING_LISTWISE, WOLD_EINPUT,
                         "1 usable row after listwise deletion (2 of 3 "
                         "dropped); at least 2 are needed; the columns with "
                         "the most missing cells: 'x1' (1 missing), 'x2' (1 "
                         "missing)");
    d->x[1] = d->x[5] = NAN;
    expect_moments_error(d, NULL, WOLD_MISSING_LISTWISE, WOLD_EINPUT,
                         "0 usable rows after listwise deletion (3 of 3 "
                         "dropped); at least 2 are needed; column 'x2' is "
                         "empty");
    expect_moments_error(d, NULL, WOLD_MISSING_MEAN, WOLD_EINPUT,
                         "column 'x2' has no observed values, so it has no "
                         "mean to fill in");
    expect_moments_error(d, NULL, WOLD_MISSING_PAIRWISE, WOLD_EINPUT,
                         "column 'x2' has no observed values: no covariance "
                         "under pairwise deletion");
    double w[3] = {1, 0, 0};
    expect_moments_error(d, w, WOLD_MISSING_MEAN, WOLD_EINPUT,
                         "1 usable row of positive weight (of 3 rows, 3 used "
                         "by the missing-value rule); at least 2 are needed");
    w[1] = w[2] = 1;
    expect_moments_error(d, w, WOLD_MISSING_MEAN, WOLD_EINPUT,
                         "column 'x2' has no observed value of positive "
                         "weight, so it has no mean to fill in");
    expect_moments_error(d, w, WOLD_MISSING_LISTWISE, WOLD_EINPUT,
                         "0 usable rows of positive weight (of 3 rows, 0 used "
                         "by the missing-value rule)");
    w[2] = -1;
    expect_moments_error(d, w, WOLD_MISSING_MEAN, WOLD_EUSAGE,
                         "the weight of row 3 is -1; weights must be finite");
    expect_moments_error(d, NULL, (wold_missing)7, WOLD_EUSAGE,
                         "unknown missing-value rule 7");
    d->x[3] = 4;
    expect_moments_error(d, NULL, WOLD_MISSING_PAIRWISE, WOLD_EINPUT,
                         "1 usable row for column 'x2' under pairwise "
                         "deletion; at least 2 are needed");
    /* Each column seen twice, the pair once. */
    const double x4[8] = {1, NAN, 2, NAN, NAN, 3, 5, 4};
    const char *names[2] = {"a", "b"};
    wold_data *d4 = NULL;
    assert_int_equal(wold_data_from_matrix(&d4, x4, 4, 2, names, NULL),
                     WOLD_OK);
    expect_moments_error(d4, NULL, WOLD_MISSING_PAIRWISE, WOLD_EINPUT,
                         "1 usable row for the pair 'a' and 'b' (the pair of "
                         "columns present together the least) under pairwise "
                         "deletion; at least 2 are needed");
    wold_data_free(d4);
    free_data(d);
    wold_data *one = make_data(1, 2, 3, 0, NULL);
    expect_moments_error(one, NULL, WOLD_MISSING_MEAN, WOLD_EINPUT,
                         "1 usable row: the data have 1 row; at least 2");
    free_data(one);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kernel_matches_reference),
        cmocka_unit_test(test_blocks_in_calls),
        cmocka_unit_test(test_pairwise_by_hand),
        cmocka_unit_test(test_pairwise_indefinite),
        cmocka_unit_test(test_merge_halves),
        cmocka_unit_test(test_tree_splits),
        cmocka_unit_test(test_push_is_a_binary_counter),
        cmocka_unit_test(test_runner),
        cmocka_unit_test(test_threads_bit_identical),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_merge_files),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
