/*
 * test_infer.c - the bootstrap and the jackknife (src/infer/).
 *
 * The known answer: in the model X =~ x, Y =~ y, Y ~ X the path is the
 * correlation of x and y, so every replicate's path must equal the
 * correlation of the resample computed here directly from the resample's
 * counts (drawn with the same stream), and every summary must equal its
 * formula applied to that column.  Then: the same report for 1, 2 and 4
 * threads, failures counted by cause (an indicator nonzero in 2 of 60
 * rows), the interval arithmetic on hand-computed cases, the sign rules,
 * and every option error.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infer/infer.h"
#include "testutil.h"

#define TOL 1e-12

/* ---- fixtures ----------------------------------------------------------- */

typedef struct fixture {
    wold_model *model;
    wold_data *data;
    wold_moments *mo;
    wold_fit *fit;
} fixture;

static void fixture_free(fixture *f)
{
    wold_fit_free(f->fit);
    wold_moments_free(f->mo);
    wold_data_free(f->data);
    wold_model_free(f->model);
}

static void fixture_make(fixture *f, const char *model, const double *x,
                         size_t n, size_t p, const char *const *names)
{
    wold_error err;
    memset(f, 0, sizeof *f);
    f->model = wt_model(model);
    assert_int_equal(wold_data_from_matrix(&f->data, x, n, p, names, &err),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&f->mo, f->data,
                                          WOLD_MISSING_LISTWISE, &err),
                     WOLD_OK);
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    wold_status st = wold_fit_estimate(&f->fit, f->model, f->mo, &fo, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_OK, NULL);
}

/* x and y, 40 rows, correlation about 0.6. */
static void two_columns(double *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double a = sin(1.3 * (double)i + 0.2), b = cos(2.9 * (double)i);
        x[2 * i] = a;
        x[2 * i + 1] = 0.6 * a + 0.5 * b;
    }
}

static const char corr_model[] = "X =~ x\nY =~ y\nY ~ X\n";

static void corr_fixture(fixture *f)
{
    static const char *const names[] = {"x", "y"};
    double x[80];
    two_columns(x, 40);
    fixture_make(f, corr_model, x, 40, 2, names);
}

static wold_boot *run_ok(const fixture *f, const wold_boot_options *o)
{
    wold_boot *b = NULL;
    wold_error err;
    wold_status st = wold_boot_run(&b, f->fit, f->mo, f->data, o, NULL, NULL,
                                   &err);
    WT_EXPECT_ERROR(st, &err, WOLD_OK, NULL);
    assert_non_null(b);
    return b;
}

/* The weighted correlation of the two columns of data under counts. */
static double resample_corr(const double *x, const uint32_t *c, size_t n)
{
    double w = 0, mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        w += c[i];
        mx += c[i] * x[2 * i];
        my += c[i] * x[2 * i + 1];
    }
    mx /= w, my /= w;
    for (size_t i = 0; i < n; i++) {
        double dx = x[2 * i] - mx, dy = x[2 * i + 1] - my;
        sxx += c[i] * dx * dx;
        syy += c[i] * dy * dy;
        sxy += c[i] * dx * dy;
    }
    return sxy / sqrt(sxx * syy);
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* ---- the known answer --------------------------------------------------- */

static void test_replicates_are_resample_correlations(void **state)
{
    (void)state;
    fixture f;
    corr_fixture(&f);
    wold_boot_options o;
    wold_boot_options_default(&o);
    o.replicates = 300;
    o.seed = 7;
    o.threads = 2;
    wold_boot *b = run_ok(&f, &o);
    const wold_boot_stat *s =
        wold_boot_find(b, WOLD_STAT_PATH, 0, 1, WOLD_NONE);
    assert_non_null(s);
    size_t ns = wold_boot_n_stats(b), k = (size_t)(s - wold_boot_stat_get(b, 0));
    double x[80], col[300];
    uint32_t c[40];
    two_columns(x, 40);
    for (size_t r = 0; r < 300; r++) {
        wold__rng g;
        wold__rng_seed(&g, 7, r, 0);
        wold__rng_counts(&g, c, 40);
        col[r] = resample_corr(x, c, 40);
        WT_NEAR(wold_boot_values(b)[r * ns + k], col[r], TOL, "replicate path");
        assert_int_equal(wold_boot_replicate_status(b, r), -1);
        assert_int_equal(wold_boot_replicate_draws(b, r), 1);
    }
    double mean = 0, ss = 0;
    for (size_t r = 0; r < 300; r++)
        mean += col[r] / 300;
    for (size_t r = 0; r < 300; r++)
        ss += (col[r] - mean) * (col[r] - mean);
    qsort(col, 300, sizeof *col, cmp);
    WT_NEAR(s->mean, mean, TOL, "bootstrap mean");
    WT_NEAR(s->se, sqrt(ss / 299), TOL, "bootstrap s.e.");
    WT_NEAR(s->t, s->original / s->se, TOL, "t");
    /* Type 7 at 0.025 of 300: h = 299 * 0.025 = 7.475. */
    WT_NEAR(s->pct_lo, col[7] + 0.475 * (col[8] - col[7]), TOL, "2.5%");
    WT_NEAR(s->pct_hi, col[291] + 0.525 * (col[292] - col[291]), TOL, "97.5%");
    assert_true(isnan(s->bca_lo) && isnan(s->jack_se));
    assert_int_equal(s->used, 300);
    /* R^2 of one predecessor is the squared correlation, replicate by
     * replicate. */
    const wold_boot_stat *r2 =
        wold_boot_find(b, WOLD_STAT_R2, 1, WOLD_NONE, WOLD_NONE);
    assert_non_null(r2);
    size_t k2 = (size_t)(r2 - wold_boot_stat_get(b, 0));
    for (size_t r = 0; r < 300; r++) {
        double v = wold_boot_values(b)[r * ns + k];
        WT_NEAR(wold_boot_values(b)[r * ns + k2], v * v, TOL, "replicate R2");
    }
    wold_boot_free(b);
    fixture_free(&f);
}

/* The jackknife's leave-one-out correlations, computed directly. */
static void test_jackknife_is_leave_one_out(void **state)
{
    (void)state;
    fixture f;
    corr_fixture(&f);
    wold_boot_options o;
    wold_boot_options_default(&o);
    o.replicates = 0;
    o.jackknife = 1;
    wold_boot *b = run_ok(&f, &o);
    assert_int_equal(wold_boot_n_jackknife(b), 40);
    assert_int_equal(wold_boot_n_jackknife_failed(b), 0);
    const wold_boot_stat *s =
        wold_boot_find(b, WOLD_STAT_PATH, 0, 1, WOLD_NONE);
    double x[80], jack[40];
    uint32_t c[40];
    two_columns(x, 40);
    for (size_t i = 0; i < 40; i++) {
        for (size_t j = 0; j < 40; j++)
            c[j] = j != i;
        jack[i] = resample_corr(x, c, 40);
    }
    double m = 0, ss = 0;
    for (size_t i = 0; i < 40; i++)
        m += jack[i] / 40;
    for (size_t i = 0; i < 40; i++)
        ss += (jack[i] - m) * (jack[i] - m);
    WT_NEAR(s->jack_se, sqrt(39.0 / 40.0 * ss), 1e-10, "jackknife s.e.");
    /* Without replicates the s.e. is the jackknife's. */
    WT_NEAR(s->se, s->jack_se, 0, "s.e. = jackknife s.e.");
    assert_true(isnan(s->mean) && isnan(s->pct_lo));
    wold_boot_free(b);
    fixture_free(&f);
}

/* ---- interval arithmetic ------------------------------------------------ */

static void test_quantile_type7(void **state)
{
    (void)state;
    double x[10];
    for (int i = 0; i < 10; i++)
        x[i] = i + 1;
    /* R: quantile(1:10, c(0, .025, .25, .5, .975, 1)) */
    WT_NEAR(wold__quantile7(x, 10, 0.0), 1.0, 0, "q0");
    WT_NEAR(wold__quantile7(x, 10, 0.025), 1.225, 1e-15, "q.025");
    WT_NEAR(wold__quantile7(x, 10, 0.25), 3.25, 1e-15, "q.25");
    WT_NEAR(wold__quantile7(x, 10, 0.5), 5.5, 1e-15, "q.5");
    WT_NEAR(wold__quantile7(x, 10, 0.975), 9.775, 1e-15, "q.975");
    WT_NEAR(wold__quantile7(x, 10, 1.0), 10.0, 0, "q1");
    assert_true(isnan(wold__quantile7(x, 0, 0.5)));
}

/* With z0 = 0 (the original is the replicates' median) and a = 0 (a
 * symmetric jackknife), BCa is the percentile interval. */
static void test_bca_reduces_to_percentile(void **state)
{
    (void)state;
    double v[101], jack[5] = {-2, -1, 0, 1, 2};
    for (int i = 0; i <= 100; i++)
        v[i] = (i - 50) * 0.01;
    wold_boot_stat st;
    memset(&st, 0, sizeof st);
    st.original = 0.0;
    wold__summarise(&st, v, 101, jack, 5, 50, 0.9, 1, 0, 1.0);
    WT_NEAR(wold__jack_accel(jack, 5), 0.0, 0, "acceleration");
    WT_NEAR(st.bca_lo, st.pct_lo, 1e-15, "BCa low = percentile");
    WT_NEAR(st.bca_hi, st.pct_hi, 1e-15, "BCa high = percentile");
    WT_NEAR(st.pct_lo, -0.45, 1e-15, "5%");
}

/* Acceleration by hand: jack = {0, 0, 3}: mean 1, d = {1, 1, -2},
 * sum d^2 = 6, sum d^3 = -6, a = -6 / (6 * 6^1.5) = -1 / 6^1.5.
 * BCa with z0 from 30 of 100 replicates below the original. */
static void test_bca_by_hand(void **state)
{
    (void)state;
    double jack[3] = {0, 0, 3}, v[100];
    double a = -1.0 / pow(6.0, 1.5);
    WT_NEAR(wold__jack_accel(jack, 3), a, 1e-15, "acceleration");
    WT_NEAR(wold__jack_se(jack, 3), sqrt(2.0 / 3.0 * 6.0), 1e-15, "jack s.e.");
    for (int i = 0; i < 100; i++)
        v[i] = i;
    wold_boot_stat st;
    memset(&st, 0, sizeof st);
    st.original = 29.5; /* 30 below, none tied */
    wold__summarise(&st, v, 100, jack, 3, 100, 0.95, 1, 0, 1.0);
    /* z0 = qnorm(0.3) = -0.5244005127080407; z(0.025) = -1.959963984540054 */
    double z0 = -0.5244005127080407, zl = z0 - 1.959963984540054;
    double ql = 0.5 * erfc(-(z0 + zl / (1 - a * zl)) / sqrt(2.0));
    WT_NEAR(st.bca_lo, 99.0 * ql, 1e-9, "BCa low");
    /* Every replicate on one side: z0 infinite, BCa undefined. */
    st.original = -1.0;
    wold__summarise(&st, v, 100, jack, 3, 100, 0.95, 1, 0, 1.0);
    assert_true(isnan(st.bca_lo) && isnan(st.bca_hi));
}

/* The HTMT test: share of replicates at or above the threshold, and the
 * one-sided upper bound. */
static void test_htmt_test(void **state)
{
    (void)state;
    double v[20];
    for (int i = 0; i < 20; i++)
        v[i] = 0.80 + 0.01 * i; /* 0.80 .. 0.99 */
    wold_boot_stat st;
    memset(&st, 0, sizeof st);
    st.original = 0.9;
    wold__summarise(&st, v, 20, NULL, 0, 100, 0.95, 0, 1, 0.9);
    WT_NEAR(st.htmt_p, 10.0 / 20.0, 1e-15, "share >= 0.9");
    /* type 7 at 0.95 of 20: h = 18.05 */
    WT_NEAR(st.htmt_upper, 0.98 + 0.05 * 0.01, 1e-12, "upper 95%");
}

/* ---- determinism -------------------------------------------------------- */

static char *report_json(const fixture *f, const wold_boot *b)
{
    wold_report_parts parts;
    wold_report_parts_default(&parts);
    parts.fit = f->fit;
    parts.moments = f->mo;
    parts.data = f->data;
    parts.boot = b;
    char *text = NULL;
    assert_int_equal(wold_report(&text, &parts, WOLD_FORMAT_JSON, NULL),
                     WOLD_OK);
    return text;
}

static void test_same_output_for_any_thread_count(void **state)
{
    (void)state;
    const char *model = wt_source("models/satisfaction.wold");
    const char *csv = wt_shared("datasets/satisfaction.csv");
    WT_SKIP_IF_ABSENT(csv);
    fixture f;
    wold_error err;
    memset(&f, 0, sizeof f);
    assert_int_equal(wold_model_read(&f.model, model, &err), WOLD_OK);
    assert_int_equal(wold_data_read_csv(&f.data, csv, f.model, NULL, &err),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&f.mo, f.data, WOLD_MISSING_LISTWISE,
                                          &err), WOLD_OK);
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    assert_int_equal(wold_fit_estimate(&f.fit, f.model, f.mo, &fo, &err),
                     WOLD_OK);
    wold_boot_options o;
    wold_boot_options_default(&o);
    o.replicates = 60;
    o.ci = WOLD_BOOT_CI_BOTH;
    o.sign_change = WOLD_SIGN_CONSTRUCT;
    char *first = NULL;
    const int threads[] = {1, 2, 4};
    for (int t = 0; t < 3; t++) {
        o.threads = threads[t];
        wold_boot *b = run_ok(&f, &o);
        char *text = report_json(&f, b);
        assert_non_null(strstr(text, "\"bootstrap\""));
        if (first == NULL)
            first = text;
        else {
            assert_string_equal(first, text);
            free(text);
        }
        wold_boot_free(b);
    }
    free(first);
    fixture_free(&f);
}

/* ---- failures ----------------------------------------------------------- */

/* 60 rows; z is nonzero in rows rare_a and rare_b only (the same row
 * twice: in one row only). */
static void rare_panel(fixture *f, size_t rare_a, size_t rare_b)
{
    static const char *const names[] = {"a1", "a2", "b1", "z"};
    double x[60 * 4];
    for (size_t i = 0; i < 60; i++) {
        double u = sin(0.7 * (double)i), v = cos(1.9 * (double)i);
        x[4 * i] = u + 0.3 * v;
        x[4 * i + 1] = u - 0.2 * sin(3.1 * (double)i);
        x[4 * i + 2] = 0.5 * u + v;
        x[4 * i + 3] = i == rare_a || i == rare_b ? 1.0 : 0.0;
    }
    fixture_make(f, "A =~ a1 + a2\nB =~ b1 + z\nB ~ A\n", x, 60, 4, names);
}

static void test_failures_redrawn_and_counted(void **state)
{
    (void)state;
    fixture f;
    rare_panel(&f, 10, 40);
    wold_boot_options o;
    wold_boot_options_default(&o);
    o.replicates = 200;
    o.jackknife = 1;
    wold_boot *b = run_ok(&f, &o);
    size_t zv = wold_boot_n_failures(b, WOLD_BOOT_FAIL_ZERO_VARIANCE);
    /* A resample misses both rows with probability (58/60)^60 = 0.13. */
    assert_true(zv > 5 && zv < 60);
    assert_int_equal(wold_boot_n_used(b), 200);
    size_t redrawn = 0;
    for (size_t r = 0; r < 200; r++)
        redrawn += (size_t)wold_boot_replicate_draws(b, r) - 1;
    assert_int_equal(redrawn, zv);
    /* Leaving one row out still leaves the other nonzero. */
    assert_int_equal(wold_boot_n_jackknife_failed(b), 0);
    char *text = NULL;
    wold_report_parts parts;
    wold_report_parts_default(&parts);
    parts.fit = f.fit;
    parts.boot = b;
    assert_int_equal(wold_report(&text, &parts, WOLD_FORMAT_TEXT, NULL), WOLD_OK);
    char want[64];
    snprintf(want, sizeof want, "%zu draws failed: %zu zero_variance", zv, zv);
    assert_non_null(strstr(text, want));
    free(text);
    wold_boot_free(b);

    o.failures = WOLD_BOOT_DROP;
    o.jackknife = 0;
    b = run_ok(&f, &o);
    zv = wold_boot_n_failures(b, WOLD_BOOT_FAIL_ZERO_VARIANCE);
    assert_int_equal(wold_boot_n_used(b), 200 - zv);
    size_t dropped = 0;
    for (size_t r = 0; r < 200; r++)
        if (wold_boot_replicate_status(b, r) == WOLD_BOOT_FAIL_ZERO_VARIANCE) {
            dropped++;
            assert_true(isnan(wold_boot_values(b)[r * wold_boot_n_stats(b)]));
        }
    assert_int_equal(dropped, zv);
    assert_int_equal(wold_boot_stat_get(b, 0)->used, 200 - zv);
    wold_boot_free(b);
    fixture_free(&f);
}

/* ---- a run in parts ----------------------------------------------------- */

/* Every number of two bootstraps, bit for bit (NaN payloads included). */
static void assert_same_boot(const wold_boot *a, const wold_boot *b)
{
    size_t ns = wold_boot_n_stats(a), B = wold_boot_n_replicates(a);
    assert_int_equal(ns, wold_boot_n_stats(b));
    assert_int_equal(B, wold_boot_n_replicates(b));
    assert_int_equal(wold_boot_n_used(a), wold_boot_n_used(b));
    assert_memory_equal(wold_boot_values(a), wold_boot_values(b),
                        B * ns * sizeof(double));
    for (size_t r = 0; r < B; r++) {
        assert_int_equal(wold_boot_replicate_status(a, r),
                         wold_boot_replicate_status(b, r));
        assert_int_equal(wold_boot_replicate_draws(a, r),
                         wold_boot_replicate_draws(b, r));
    }
    for (int c = 0; c < WOLD_BOOT_N_FAILURES; c++)
        assert_int_equal(wold_boot_n_failures(a, (wold_boot_failure)c),
                         wold_boot_n_failures(b, (wold_boot_failure)c));
    assert_int_equal(wold_boot_n_jackknife(a), wold_boot_n_jackknife(b));
    assert_int_equal(wold_boot_n_jackknife_failed(a),
                     wold_boot_n_jackknife_failed(b));
    for (size_t k = 0; k < ns; k++) {
        const wold_boot_stat *x = wold_boot_stat_get(a, k);
        const wold_boot_stat *y = wold_boot_stat_get(b, k);
        assert_string_equal(x->label, y->label);
        /* original .. htmt_p: the numbers after the label. */
        assert_memory_equal(&x->original, &y->original,
                            offsetof(wold_boot_stat, used) -
                                offsetof(wold_boot_stat, original));
        assert_int_equal(x->used, y->used);
        assert_memory_equal(&x->htmt_upper, &y->htmt_upper,
                            2 * sizeof(double));
    }
    /* Field by field: a struct's padding is not part of its value. */
    const wold_boot_options *oa = wold_boot_options_used(a);
    const wold_boot_options *ob = wold_boot_options_used(b);
    assert_int_equal(oa->replicates, ob->replicates);
    assert_int_equal(oa->seed, ob->seed);
    assert_int_equal(oa->ci, ob->ci);
    assert_int_equal(oa->sign_change, ob->sign_change);
    assert_int_equal(oa->jackknife, ob->jackknife);
    assert_int_equal(ob->part, 0);
    assert_int_equal(ob->n_parts, 0);
}

/* Parts 0 .. np - 1 run one by one (as MPI ranks would), packed, and
 * joined in order into part 0. */
static wold_boot *run_parts(const fixture *f, wold_boot_options o, size_t np)
{
    o.n_parts = np;
    o.part = 0;
    wold_boot *a = run_ok(f, &o);
    assert_int_equal(wold_boot_complete(a), np == 1);
    for (size_t k = 1; k < np; k++) {
        o.part = k;
        wold_boot *p = run_ok(f, &o);
        assert_false(wold_boot_complete(p));
        void *buf = NULL;
        size_t len = 0;
        wold_error err;
        assert_int_equal(wold_boot_pack(p, &buf, &len, &err), WOLD_OK);
        wold_status st = wold_boot_join(a, buf, len, &err);
        WT_EXPECT_ERROR(st, &err, WOLD_OK, NULL);
        free(buf);
        wold_boot_free(p);
    }
    assert_true(wold_boot_complete(a));
    return a;
}

/* Redraws (a rare indicator), BCa's jackknife, the construct rule: 1 to 5
 * parts (5 parts of 3 batches leave some empty) equal the whole run. */
static void test_parts_equal_whole_run(void **state)
{
    (void)state;
    fixture f;
    rare_panel(&f, 10, 40);
    wold_boot_options o;
    wold_boot_options_default(&o);
    o.replicates = 70;
    o.ci = WOLD_BOOT_CI_BOTH;
    o.sign_change = WOLD_SIGN_CONSTRUCT;
    o.threads = 2;
    wold_boot *whole = run_ok(&f, &o);
    assert_true(wold_boot_complete(whole));
    assert_true(wold_boot_n_failures(whole, WOLD_BOOT_FAIL_ZERO_VARIANCE) > 0);
    char *want = report_json(&f, whole);
    for (size_t np = 1; np <= 5; np++) {
        wold_boot *b = run_parts(&f, o, np);
        assert_same_boot(whole, b);
        char *got = report_json(&f, b);
        assert_string_equal(want, got);
        free(got);
        wold_boot_free(b);
    }
    free(want);
    wold_boot_free(whole);
    fixture_free(&f);
}

/* A part's own numbers before the join: its replicates as in the whole
 * run, the others' rows NaN. */
static void test_part_holds_its_share(void **state)
{
    (void)state;
    fixture f;
    corr_fixture(&f);
    wold_boot_options o;
    wold_boot_options_default(&o);
    o.replicates = 100; /* batches of 32: parts of 2 and 2 batches */
    wold_boot *whole = run_ok(&f, &o);
    o.n_parts = 2;
    o.part = 1;
    wold_boot *p = run_ok(&f, &o);
    size_t ns = wold_boot_n_stats(p);
    const double *v = wold_boot_values(p), *w = wold_boot_values(whole);
    for (size_t r = 0; r < 100; r++) {
        if (r < 64)
            assert_true(isnan(v[r * ns]));
        else
            assert_memory_equal(&v[r * ns], &w[r * ns], ns * sizeof *v);
    }
    assert_true(isnan(wold_boot_stat_get(p, 0)->se));
    assert_memory_equal(&wold_boot_stat_get(p, 0)->original,
                        &wold_boot_stat_get(whole, 0)->original,
                        sizeof(double));
    wold_boot_free(p);
    wold_boot_free(whole);
    fixture_free(&f);
}

static void expect_join_error(wold_boot *a, const void *buf, size_t len,
                              const char *msg)
{
    wold_error err;
    WT_EXPECT_ERROR(wold_boot_join(a, buf, len, &err), &err, WOLD_EUSAGE, msg);
}

/* Wrong order, another run, truncated, corrupt, complete: each refused
 * with a message, the part left as it was. */
static void test_join_errors(void **state)
{
    (void)state;
    fixture f;
    corr_fixture(&f);
    wold_boot_options o;
    wold_boot_options_default(&o);
    o.replicates = 100;
    o.n_parts = 3;
    wold_boot *a = run_ok(&f, &o), *p[3] = {NULL, NULL, NULL};
    void *buf[3] = {NULL, NULL, NULL};
    size_t len[3] = {0, 0, 0};
    wold_error err;
    for (size_t k = 1; k < 3; k++) {
        o.part = k;
        p[k] = run_ok(&f, &o);
        assert_int_equal(wold_boot_pack(p[k], &buf[k], &len[k], &err), WOLD_OK);
    }
    expect_join_error(a, buf[2], len[2], "part 2 given where part 1");
    expect_join_error(a, buf[1], len[1] - 8, "truncated or corrupt");
    expect_join_error(a, buf[1], 10, "not a bootstrap part");
    expect_join_error(p[1], buf[2], len[2], "joined into part 0");
    unsigned char *bad = malloc(len[1]);
    memcpy(bad, buf[1], len[1]);
    bad[8 + 8 * 5] ^= 1; /* the seed */
    expect_join_error(a, bad, len[1], "the seed differs");
    memcpy(bad, buf[1], len[1]);
    /* The first replicate's status, a little-endian word. */
    memset(bad + 8 + 8 * 19, 0, 8);
    bad[8 + 8 * 19] = 9;
    expect_join_error(a, bad, len[1], "replicate 33 has status 9");
    free(bad);
    assert_int_equal(wold_boot_join(a, buf[1], len[1], &err), WOLD_OK);
    assert_false(wold_boot_complete(a));
    assert_int_equal(wold_boot_join(a, buf[2], len[2], &err), WOLD_OK);
    assert_true(wold_boot_complete(a));
    expect_join_error(a, buf[2], len[2], "the bootstrap is complete");
    void *b2 = NULL;
    size_t l2 = 0;
    WT_EXPECT_ERROR(wold_boot_pack(a, &b2, &l2, &err), &err, WOLD_EUSAGE,
                    "only a part");
    assert_null(b2);
    o.part = 3;
    wold_boot *none = NULL;
    WT_EXPECT_ERROR(wold_boot_run(&none, f.fit, f.mo, f.data, &o, NULL, NULL,
                                  &err), &err, WOLD_EUSAGE,
                    "got part 3 of 3");
    for (size_t k = 1; k < 3; k++) {
        free(buf[k]);
        wold_boot_free(p[k]);
    }
    wold_boot_free(a);
    fixture_free(&f);
}

/* z nonzero in one row: leaving that row out leaves it constant. */
static void test_jackknife_failure(void **state)
{
    (void)state;
    fixture f;
    rare_panel(&f, 25, 25);
    wold_boot_options o;
    wold_boot_options_default(&o);
    o.replicates = 50;
    o.ci = WOLD_BOOT_CI_BCA;
    wold_boot *b = run_ok(&f, &o);
    assert_int_equal(wold_boot_n_jackknife(b), 60);
    assert_int_equal(wold_boot_n_jackknife_failed(b), 1);
    assert_int_equal(wold_boot_n_used(b), 50);
    wold_boot_free(b);
    fixture_free(&f);
}

/* Two blocks of one factor: the disattenuated correlation is just below
 * 1 in the sample, beyond it in many resamples, which are inadmissible
 * PLSc solutions (path beyond 1): failures of their own cause. */
static void test_plsc_failures(void **state)
{
    (void)state;
    static const char *const names[] = {"a1", "a2", "b1", "b2"};
    double x[50 * 4];
    for (size_t i = 0; i < 50; i++) {
        double f = sin(1.7 * (double)i + 0.3);
        x[4 * i] = f + 0.6 * cos(2.3 * (double)i);
        x[4 * i + 1] = f + 0.6 * sin(3.1 * (double)i + 1.0);
        x[4 * i + 2] = f + 0.6 * cos(4.7 * (double)i + 2.0);
        x[4 * i + 3] = f + 0.6 * sin(5.3 * (double)i + 0.5);
    }
    fixture f;
    wold_error err;
    memset(&f, 0, sizeof f);
    f.model = wt_model("A =~ a1 + a2\nB =~ b1 + b2\nB ~ A\n");
    assert_int_equal(wold_data_from_matrix(&f.data, x, 50, 4, names, &err),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&f.mo, f.data,
                                          WOLD_MISSING_LISTWISE, &err),
                     WOLD_OK);
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    fo.plsc = 1;
    assert_int_equal(wold_fit_estimate(&f.fit, f.model, f.mo, &fo, &err),
                     WOLD_OK);
    assert_int_equal(wold_fit_plsc_rules(f.fit), 0);
    wold_boot_options o;
    wold_boot_options_default(&o);
    o.replicates = 100;
    o.failures = WOLD_BOOT_DROP;
    wold_boot *b = run_ok(&f, &o);
    size_t bad = wold_boot_n_failures(b, WOLD_BOOT_FAIL_PLSC);
    assert_true(bad > 0 && bad < 100);
    assert_int_equal(wold_boot_n_used(b), 100 - bad);
    wold_boot_free(b);
    fixture_free(&f);
}

/* ---- sign change -------------------------------------------------------- */

static void test_individual_sign_change(void **state)
{
    (void)state;
    fixture f;
    rare_panel(&f, 10, 40);
    wold_boot_options o;
    wold_boot_options_default(&o);
    o.replicates = 100;
    o.sign_change = WOLD_SIGN_INDIVIDUAL;
    wold_boot *b = run_ok(&f, &o);
    size_t ns = wold_boot_n_stats(b);
    for (size_t k = 0; k < ns; k++) {
        double orig = wold_boot_stat_get(b, k)->original;
        for (size_t r = 0; r < 100; r++)
            assert_false(wold_boot_values(b)[r * ns + k] * orig < 0);
    }
    wold_boot_free(b);
    fixture_free(&f);
}

/* The construct rule reflects an LV whose loadings came out reflected:
 * checked on a row built by hand. */
static void test_construct_sign_change(void **state)
{
    (void)state;
    wold_model *md = wt_model("A =~ a1 + a2\nB =~ b1 + b2\nB ~ A\n");
    wold__stat_list list;
    assert_int_equal(wold__stats_build(&list, md, NULL), WOLD_OK);
    double row[64], scratch[64];
    for (size_t k = 0; k < list.n; k++) {
        wold_boot_stat *s = &list.s[k];
        s->original = 0.5;
        row[k] = 0.5;
        /* B came out reflected: its loadings and weights negative. */
        if ((s->kind == WOLD_STAT_LOADING || s->kind == WOLD_STAT_WEIGHT) &&
            s->lv == 1)
            row[k] = -0.5;
        if (s->kind <= WOLD_STAT_TOTAL)
            row[k] = -0.5; /* effects of A on B, reflected with B */
    }
    wold__stats_sign(&list, md, WOLD_SIGN_CONSTRUCT, row, scratch);
    for (size_t k = 0; k < list.n; k++)
        if (list.s[k].kind <= WOLD_STAT_LOADING)
            WT_NEAR(row[k], 0.5, 0, list.s[k].label);
    wold__stat_list_free(&list);
    wold_model_free(md);
}

/* ---- options and inputs ------------------------------------------------- */

static void expect_usage(const fixture *f, const wold_boot_options *o,
                         const char *needle)
{
    wold_boot *b = (wold_boot *)f; /* must be reset to NULL */
    wold_error err;
    wold_status st = wold_boot_run(&b, f->fit, f->mo, f->data, o, NULL, NULL,
                                   &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EUSAGE, needle);
    assert_null(b);
}

static void test_option_errors(void **state)
{
    (void)state;
    fixture f;
    corr_fixture(&f);
    wold_boot_options o;
    wold_boot_options_default(&o);
    o.replicates = 0;
    expect_usage(&f, &o, "at least 1");
    wold_boot_options_default(&o);
    const double levels[] = {0.0, 1.0, -0.5, NAN};
    for (int i = 0; i < 4; i++) {
        o.level = levels[i];
        expect_usage(&f, &o, "confidence level");
    }
    wold_boot_options_default(&o);
    o.threads = -1;
    expect_usage(&f, &o, "threads");
    wold_boot_options_default(&o);
    o.htmt_threshold = 0.0;
    expect_usage(&f, &o, "HTMT threshold");
    wold_boot_options_default(&o);
    o.ci = (wold_boot_ci)7;
    expect_usage(&f, &o, "interval kind");
    wold_boot_options_default(&o);
    o.sign_change = (wold_sign_change)5;
    expect_usage(&f, &o, "sign-change");
    wold_boot_options_default(&o);
    o.failures = (wold_boot_failures)3;
    expect_usage(&f, &o, "failure rule");
    wold_boot_options_default(&o);
    o.replicates = 0;
    o.jackknife = 1;
    o.ci = WOLD_BOOT_CI_BCA;
    expect_usage(&f, &o, "BCa intervals need");
    /* Moments of other rows than the fit's. */
    fixture g;
    rare_panel(&g, 1, 2);
    wold_boot_options_default(&o);
    wold_boot *b = NULL;
    wold_error err;
    wold_status st = wold_boot_run(&b, f.fit, g.mo, g.data, &o, NULL, NULL, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EUSAGE, "own moments and data");
    fixture_free(&g);
    fixture_free(&f);
}

/* ---- progress ----------------------------------------------------------- */

typedef struct seen {
    size_t calls, last, total;
    int monotone;
} seen;

static void on_progress(void *user, size_t done, size_t total)
{
    seen *s = user;
    s->monotone &= done >= s->last;
    s->calls++;
    s->last = done;
    s->total = total;
}

static void test_progress(void **state)
{
    (void)state;
    fixture f;
    corr_fixture(&f);
    wold_boot_options o;
    wold_boot_options_default(&o);
    o.replicates = 500;
    o.jackknife = 1;
    /* The calling thread reports after each of its own jobs; with other
     * threads it may, on a loaded machine, get none but the last. */
    o.threads = 1;
    seen s = {0, 0, 0, 1};
    wold_boot *b = NULL;
    assert_int_equal(wold_boot_run(&b, f.fit, f.mo, f.data, &o, on_progress,
                                   &s, NULL), WOLD_OK);
    assert_true(s.calls >= 2 && s.monotone);
    assert_int_equal(s.last, 540);
    assert_int_equal(s.total, 540);
    wold_boot_free(b);
    fixture_free(&f);
}

/* ---- the random streams ------------------------------------------------- */

static void test_streams(void **state)
{
    (void)state;
    wold__rng a, b;
    wold__rng_seed(&a, 1, 5, 0);
    wold__rng_seed(&b, 1, 5, 0);
    for (int i = 0; i < 100; i++)
        assert_true(wold__rng_next(&a) == wold__rng_next(&b));
    wold__rng_seed(&b, 1, 5, 1);
    assert_true(wold__rng_next(&a) != wold__rng_next(&b));
    uint32_t c[1000];
    size_t sum = 0, hist[7] = {0};
    wold__rng_counts(&a, c, 1000);
    for (int i = 0; i < 1000; i++) {
        sum += c[i];
        hist[c[i] < 6 ? c[i] : 6]++;
    }
    assert_int_equal(sum, 1000);
    /* About e^-1 = 36.8% of the rows are never drawn. */
    assert_true(hist[0] > 320 && hist[0] < 420);
    for (int i = 0; i < 10000; i++)
        assert_true(wold__rng_below(&a, 3) < 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replicates_are_resample_correlations),
        cmocka_unit_test(test_jackknife_is_leave_one_out),
        cmocka_unit_test(test_quantile_type7),
        cmocka_unit_test(test_bca_reduces_to_percentile),
        cmocka_unit_test(test_bca_by_hand),
        cmocka_unit_test(test_htmt_test),
        cmocka_unit_test(test_same_output_for_any_thread_count),
        cmocka_unit_test(test_failures_redrawn_and_counted),
        cmocka_unit_test(test_parts_equal_whole_run),
        cmocka_unit_test(test_part_holds_its_share),
        cmocka_unit_test(test_join_errors),
        cmocka_unit_test(test_jackknife_failure),
        cmocka_unit_test(test_plsc_failures),
        cmocka_unit_test(test_individual_sign_change),
        cmocka_unit_test(test_construct_sign_change),
        cmocka_unit_test(test_option_errors),
        cmocka_unit_test(test_progress),
        cmocka_unit_test(test_streams),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
