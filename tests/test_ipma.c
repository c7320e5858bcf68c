/*
 * test_ipma.c - the importance-performance map analysis (src/csi/ipma*.c).
 *
 * The proof is a hand computation on a small panel whose blocks mix
 * scales (1-5 and 1-7 in one block, so that the rescaled score is not a
 * multiple of the PLS score): the test rescales every row itself, builds
 * each construct's rescaled score from the fit's published weights and
 * the rows' own s.d., runs the OLS regressions with intercept on those
 * rows by normal equations and chains the total effects by hand; the
 * library, which works on the moments only, must agree to 1e-10.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "testutil.h"

#define TOL 1e-10
#define N 80

static const char *const model_text =
    "scale 1:5 a1\n"
    "scale 1:7 a2 + a3\n"
    "scale 0:10 B\n"
    "scale 1:5 C\n"
    "A =~ a1 + a2 + a3\n"
    "B =~ b1 + b2\n"
    "C =~ c1 + c2 + c3\n"
    "B ~ A\n"
    "C ~ A + B\n";

static const char *const names[] = {"a1", "a2", "a3", "b1", "b2",
                                    "c1", "c2", "c3"};
static const double lo[] = {1, 1, 1, 0, 0, 1, 1, 1};
static const double hi[] = {5, 7, 7, 10, 10, 5, 5, 5};

static unsigned long long lcg = 12345;
static double uniform(void)
{
    lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(lcg >> 11) / 9007199254740992.0;
}

static double item(double f, size_t col)
{
    double mid = (lo[col] + hi[col]) / 2, half = (hi[col] - lo[col]) / 2;
    double v = round(mid + half * (0.45 * f + 0.5 * (uniform() - 0.5)));
    return v < lo[col] ? lo[col] : v > hi[col] ? hi[col] : v;
}

/* N rows: A a factor, B = 0.6 A + noise, C = 0.4 A + 0.4 B + noise. */
static void panel(double *x)
{
    lcg = 12345;
    for (size_t r = 0; r < N; r++) {
        double a = 2 * uniform() - 1;
        double b = 0.6 * a + 0.8 * (2 * uniform() - 1);
        double c = 0.4 * a + 0.4 * b + 0.6 * (2 * uniform() - 1);
        double f[] = {a, a, a, b, b, c, c, c};
        for (size_t k = 0; k < 8; k++)
            x[r * 8 + k] = item(f[k], k);
    }
}

typedef struct setup {
    wold_model *md;
    wold_data *data;
    wold_moments *mo;
    wold_fit *fit;
    double x[N * 8];
} setup;

static void build(setup *s, const char *text, wold_scheme scheme)
{
    wold_error err;
    wold_fit_options opt;
    s->md = wt_model(text);
    panel(s->x);
    assert_int_equal(wold_data_from_matrix(&s->data, s->x, N, 8, names, &err),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&s->mo, s->data,
                                          WOLD_MISSING_LISTWISE, &err),
                     WOLD_OK);
    wold_fit_options_default(&opt);
    opt.scheme = scheme;
    if (wold_fit_estimate(&s->fit, s->md, s->mo, &opt, &err) != WOLD_OK)
        fail_msg("%s", err.message);
}

static void teardown(setup *s)
{
    wold_fit_free(s->fit);
    wold_moments_free(s->mo);
    wold_data_free(s->data);
    wold_model_free(s->md);
}

/* Gaussian elimination with partial pivoting on the q x (q+1) system. */
static void gauss(double *a, size_t q)
{
    size_t w = q + 1;
    for (size_t c = 0; c < q; c++) {
        size_t piv = c;
        for (size_t r = c + 1; r < q; r++)
            if (fabs(a[r * w + c]) > fabs(a[piv * w + c]))
                piv = r;
        for (size_t k = 0; k < w; k++) {
            double t = a[c * w + k];
            a[c * w + k] = a[piv * w + k];
            a[piv * w + k] = t;
        }
        for (size_t r = 0; r < q; r++)
            if (r != c) {
                double m = a[r * w + c] / a[c * w + c];
                for (size_t k = c; k < w; k++)
                    a[r * w + k] -= m * a[c * w + k];
            }
    }
    for (size_t r = 0; r < q; r++)
        a[r * w + q] /= a[r * w + r];
}

/* OLS of y on the columns xs (k of them) with an intercept, over the
 * rows: the slopes in b. */
static void ols(const double *y, const double *const *xs, size_t k, double *b)
{
    double a[4 * 5] = {0};
    size_t q = k + 1, w = q + 1;
    for (size_t r = 0; r < N; r++) {
        double v[4] = {1, 0, 0, 0};
        for (size_t c = 0; c < k; c++)
            v[c + 1] = xs[c][r];
        for (size_t i = 0; i < q; i++) {
            for (size_t j = 0; j < q; j++)
                a[i * w + j] += v[i] * v[j];
            a[i * w + q] += v[i] * y[r];
        }
    }
    gauss(a, q);
    for (size_t c = 0; c < k; c++)
        b[c] = a[(c + 1) * w + q];
}

/* The hand computation: normalised weights from the fit's weights and the
 * rows' population s.d., rescaled scores row by row, the two OLS
 * regressions and the total effects on C. */
typedef struct hand {
    double wt[8], perf_mv[8], score[3][N], perf_lv[3];
    double te[3]; /* on C */
} hand;

static void by_hand(const setup *s, hand *h)
{
    static const size_t first[] = {0, 3, 5}, count[] = {3, 2, 3};
    for (size_t j = 0; j < 3; j++) {
        double sum = 0, raw[3];
        for (size_t k = 0; k < count[j]; k++) {
            size_t i = first[j] + k;
            double m = 0, v = 0;
            for (size_t r = 0; r < N; r++)
                m += s->x[r * 8 + i] / N;
            for (size_t r = 0; r < N; r++)
                v += (s->x[r * 8 + i] - m) * (s->x[r * 8 + i] - m) / N;
            raw[k] = wold_fit_mv(s->fit, i)->weight / sqrt(v);
            sum += raw[k];
        }
        for (size_t k = 0; k < count[j]; k++)
            h->wt[first[j] + k] = raw[k] / sum;
        h->perf_lv[j] = 0;
        for (size_t r = 0; r < N; r++) {
            double sc = 0;
            for (size_t k = 0; k < count[j]; k++) {
                size_t i = first[j] + k;
                sc += h->wt[i] * 100 * (s->x[r * 8 + i] - lo[i]) /
                      (hi[i] - lo[i]);
            }
            h->score[j][r] = sc;
            h->perf_lv[j] += sc / N;
        }
    }
    for (size_t i = 0; i < 8; i++) {
        h->perf_mv[i] = 0;
        for (size_t r = 0; r < N; r++)
            h->perf_mv[i] += 100 * (s->x[r * 8 + i] - lo[i]) /
                             (hi[i] - lo[i]) / N;
    }
    double bBA, bC[2];
    const double *xa[] = {h->score[0]}, *xab[] = {h->score[0], h->score[1]};
    ols(h->score[1], xa, 1, &bBA);
    ols(h->score[2], xab, 2, bC);
    h->te[0] = bC[0] + bC[1] * bBA;
    h->te[1] = bC[1];
    h->te[2] = NAN;
}

static const wold_ipma_row *find_row(const wold_ipma *ip, size_t lv,
                                     size_t mv)
{
    size_t n = mv == WOLD_NONE ? wold_ipma_n_constructs(ip)
                               : wold_ipma_n_indicators(ip);
    for (size_t k = 0; k < n; k++) {
        const wold_ipma_row *r = mv == WOLD_NONE ? wold_ipma_construct(ip, k)
                                                 : wold_ipma_indicator(ip, k);
        if (r->lv == lv && r->mv == mv)
            return r;
    }
    fail_msg("no IPMA row for lv %zu mv %zu", lv, mv);
    return NULL;
}

static void check_against_hand(wold_scheme scheme)
{
    setup s;
    hand h;
    wold_error err;
    wold_ipma *ip = NULL;
    build(&s, model_text, scheme);
    by_hand(&s, &h);
    assert_int_equal(wold_ipma_compute(&ip, s.fit, s.mo, 2, &err), WOLD_OK);
    assert_int_equal(wold_ipma_target(ip), 2);
    assert_int_equal(wold_ipma_n_constructs(ip), 2);
    assert_int_equal(wold_ipma_n_indicators(ip), 5);
    WT_NEAR(wold_ipma_target_performance(ip), h.perf_lv[2], TOL, "perf C");
    for (size_t j = 0; j < 2; j++) {
        const wold_ipma_row *r = find_row(ip, j, WOLD_NONE);
        WT_NEAR(r->importance, h.te[j], TOL, "construct importance");
        WT_NEAR(r->performance, h.perf_lv[j], TOL, "construct performance");
        WT_NEAR(r->potential, h.te[j] * (100 - h.perf_lv[j]), TOL,
                "construct potential");
        assert_true(isnan(r->weight));
    }
    for (size_t i = 0; i < 5; i++) {
        size_t lv = i < 3 ? 0 : 1;
        const wold_ipma_row *r = find_row(ip, lv, i);
        WT_NEAR(r->weight, h.wt[i], TOL, "w~");
        WT_NEAR(r->importance, h.wt[i] * h.te[lv], TOL, "mv importance");
        WT_NEAR(r->performance, h.perf_mv[i], TOL, "mv performance");
    }
    for (size_t i = 0; i < 8; i++)
        WT_NEAR(wold_ipma_weights(ip)[i], h.wt[i], TOL, "weights");
    /* The weights are the index's w~. */
    wold_index *ix = NULL;
    assert_int_equal(wold_index_compute(&ix, s.fit, s.mo, &err), WOLD_OK);
    for (size_t i = 0; i < 8; i++)
        WT_NEAR(wold_ipma_weights(ip)[i], wold_index_weights(ix)[i], 1e-14,
                "index weights");
    wold_index_free(ix);
    /* Ordered by potential, then importance. */
    for (size_t k = 1; k < wold_ipma_n_indicators(ip); k++)
        assert_true(wold_ipma_indicator(ip, k - 1)->potential >=
                    wold_ipma_indicator(ip, k)->potential);
    assert_true(wold_ipma_construct(ip, 0)->potential >=
                wold_ipma_construct(ip, 1)->potential);
    assert_null(wold_ipma_construct(ip, 2));
    assert_null(wold_ipma_indicator(ip, 5));
    wold_ipma_free(ip);
    teardown(&s);
}

static void test_hand_path(void **state)
{
    (void)state;
    check_against_hand(WOLD_SCHEME_PATH);
}

static void test_hand_centroid(void **state)
{
    (void)state;
    check_against_hand(WOLD_SCHEME_CENTROID);
}

/* Target B: only A is analysed; its importance is the OLS slope. */
static void test_intermediate_target(void **state)
{
    (void)state;
    setup s;
    hand h;
    wold_error err;
    wold_ipma *ip = NULL;
    build(&s, model_text, WOLD_SCHEME_PATH);
    by_hand(&s, &h);
    assert_int_equal(wold_ipma_compute(&ip, s.fit, s.mo, 1, &err), WOLD_OK);
    assert_int_equal(wold_ipma_n_constructs(ip), 1);
    assert_int_equal(wold_ipma_n_indicators(ip), 3);
    double b;
    const double *xa[] = {h.score[0]};
    ols(h.score[1], xa, 1, &b);
    WT_NEAR(wold_ipma_construct(ip, 0)->importance, b, TOL, "B on A");
    WT_NEAR(wold_ipma_target_performance(ip), h.perf_lv[1], TOL, "perf B");
    wold_ipma_free(ip);
    teardown(&s);
}

static void test_errors(void **state)
{
    (void)state;
    setup s;
    wold_error err;
    wold_ipma *ip = (wold_ipma *)&err;
    build(&s, model_text, WOLD_SCHEME_PATH);
    WT_EXPECT_ERROR(wold_ipma_compute(&ip, s.fit, s.mo, 0, &err), &err,
                    WOLD_EUSAGE, "IPMA target 'A' has no predecessor");
    assert_null(ip);
    WT_EXPECT_ERROR(wold_ipma_compute(&ip, s.fit, s.mo, 7, &err), &err,
                    WOLD_EUSAGE, "the model has 3 latent variables");
    teardown(&s);
    /* No scale for c2: an error at c2 in the model saying both ways. */
    build(&s, "scale 1:5 a1\nscale 1:7 a2 + a3\nscale 0:10 B\n"
              "scale 1:5 c1 + c3\n"
              "A =~ a1 + a2 + a3\nB =~ b1 + b2\nC =~ c1 + c2 + c3\n"
              "B ~ A\nC ~ A + B\n", WOLD_SCHEME_PATH);
    WT_EXPECT_ERROR(wold_ipma_compute(&ip, s.fit, s.mo, 2, &err), &err,
                    WOLD_EINPUT, "indicator 'c2' has no scale");
    assert_int_equal(err.line, 7);
    assert_non_null(strstr(err.message, "--scale MIN:MAX"));
    assert_non_null(strstr(err.message, "model file"));
    assert_null(ip);
    /* Target B needs no scale in C. */
    assert_int_equal(wold_ipma_compute(&ip, s.fit, s.mo, 1, &err), WOLD_OK);
    wold_ipma_free(ip);
    teardown(&s);
}

/* A reversed item in a Mode B block gets a negative weight: refused. */
static void test_negative_weight(void **state)
{
    (void)state;
    setup s;
    wold_error err;
    wold_ipma *ip = NULL;
    build(&s, model_text, WOLD_SCHEME_PATH);
    teardown(&s);
    s.md = wt_model("scale 1:5 a1\nscale 1:7 a2 + a3\nscale 0:10 B\n"
                    "scale 1:5 C\nA <~ a1 + a2 + a3\nB =~ b1 + b2\n"
                    "C =~ c1 + c2 + c3\nB ~ A\nC ~ A + B\n");
    panel(s.x);
    for (size_t r = 0; r < N; r++) /* a3 reversed: 8 - a3 */
        s.x[r * 8 + 2] = 8 - s.x[r * 8 + 2];
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    assert_int_equal(wold_data_from_matrix(&s.data, s.x, N, 8, names, &err),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&s.mo, s.data,
                                          WOLD_MISSING_LISTWISE, &err),
                     WOLD_OK);
    assert_int_equal(wold_fit_estimate(&s.fit, s.md, s.mo, &opt, &err),
                     WOLD_OK);
    WT_EXPECT_ERROR(wold_ipma_compute(&ip, s.fit, s.mo, 2, &err), &err,
                    WOLD_ENUMERIC, "indicator 'a3' of block 'A'");
    assert_null(ip);
    teardown(&s);
}

/* The bootstrap: the originals are the IPMA's importances, the replicates
 * do not depend on the thread count. */
static void test_boot(void **state)
{
    (void)state;
    setup s;
    wold_error err;
    wold_ipma *ip = NULL;
    wold_boot *b1 = NULL, *b2 = NULL;
    build(&s, model_text, WOLD_SCHEME_PATH);
    assert_int_equal(wold_ipma_compute(&ip, s.fit, s.mo, 2, &err), WOLD_OK);
    wold_boot_extra extra;
    wold_ipma_boot_extra(ip, &extra);
    assert_int_equal(extra.n, 7);
    assert_string_equal(extra.labels[0], "ipma:A");
    assert_string_equal(extra.labels[2], "ipma:a1");
    wold_boot_options bo;
    wold_boot_options_default(&bo);
    bo.replicates = 60;
    bo.extra = &extra;
    bo.threads = 1;
    assert_int_equal(wold_boot_run(&b1, s.fit, s.mo, s.data, &bo, NULL, NULL,
                                   &err), WOLD_OK);
    bo.threads = 2;
    assert_int_equal(wold_boot_run(&b2, s.fit, s.mo, s.data, &bo, NULL, NULL,
                                   &err), WOLD_OK);
    size_t found = 0;
    for (size_t k = 0; k < wold_boot_n_stats(b1); k++) {
        const wold_boot_stat *st = wold_boot_stat_get(b1, k);
        const wold_boot_stat *st2 = wold_boot_stat_get(b2, k);
        if (st->kind != WOLD_STAT_EXTRA)
            continue;
        found++;
        const wold_ipma_row *r =
            st->lv < 2 ? find_row(ip, st->lv, WOLD_NONE)
                       : find_row(ip, st->lv < 5 ? 0 : 1, st->lv - 2);
        WT_NEAR(st->original, r->importance, 1e-12, "original");
        assert_true(st->se > 0 && st->pct_lo < st->pct_hi);
        assert_true(st->se == st2->se && st->pct_lo == st2->pct_lo);
    }
    assert_int_equal(found, 7);
    /* The report shows the intervals. */
    char *text = NULL;
    assert_int_equal(wold_report_ipma(&text, ip, b1, WOLD_FORMAT_TEXT,
                                      WOLD_LANG_EN, &err), WOLD_OK);
    assert_non_null(strstr(text, "s.e."));
    free(text);
    wold_boot_free(b1);
    wold_boot_free(b2);
    wold_ipma_free(ip);
    teardown(&s);
}

static void test_reports(void **state)
{
    (void)state;
    setup s;
    wold_error err;
    wold_ipma *ip = NULL;
    char *text = NULL;
    build(&s, model_text, WOLD_SCHEME_PATH);
    assert_int_equal(wold_ipma_compute(&ip, s.fit, s.mo, 2, &err), WOLD_OK);
    assert_int_equal(wold_report_ipma(&text, ip, NULL, WOLD_FORMAT_JSON,
                                      WOLD_LANG_EN, &err), WOLD_OK);
    json_object *root = json_tokener_parse(text);
    assert_non_null(root);
    assert_string_equal(json_object_get_string(wt_json_get(root, "target")),
                        "C");
    json_object *c = wt_json_get(root, "constructs");
    assert_int_equal(json_object_array_length(c), 2);
    json_object *c0 = json_object_array_get_idx(c, 0);
    WT_NEAR(json_object_get_double(wt_json_get(c0, "importance")),
            wold_ipma_construct(ip, 0)->importance, 1e-15, "json");
    json_object_put(root);
    free(text);
    assert_int_equal(wold_report_ipma(&text, ip, NULL, WOLD_FORMAT_CSV,
                                      WOLD_LANG_EN, &err), WOLD_OK);
    assert_true(strncmp(text, "level,rank,name,block,weight,importance,"
                              "performance,potential\nconstruct,1,", 58) == 0);
    size_t lines = 0;
    for (const char *q = text; *q; q++)
        lines += *q == '\n';
    assert_int_equal(lines, 8);
    free(text);
    assert_int_equal(wold_report_ipma(&text, ip, NULL, WOLD_FORMAT_TEXT,
                                      WOLD_LANG_ZH, &err), WOLD_OK);
    free(text);
    wold_ipma_free(ip);
    teardown(&s);
}

/* The satisfaction data, all Mode A, centroid: SAT's performance is its
 * 0-100 index, 68.51 (docs/csi.md). */
static void test_satisfaction(void **state)
{
    (void)state;
    const char *path = wt_shared("datasets/satisfaction.csv");
    WT_SKIP_IF_ABSENT(path);
    wold_error err;
    wold_model *md = NULL;
    wold_data *d = NULL;
    wold_moments *mo = NULL;
    wold_fit *fit = NULL;
    wold_ipma *ip = NULL;
    wold_csv_options csv;
    wold_fit_options opt;
    assert_int_equal(wold_model_read(&md, wt_source("models/satisfaction.wold"),
                                     &err), WOLD_OK);
    assert_int_equal(wold_model_set_default_scale(md, 0, 10, &err), WOLD_OK);
    wold_csv_options_default(&csv);
    assert_int_equal(wold_data_read_csv(&d, path, md, &csv, &err), WOLD_OK);
    assert_int_equal(wold_moments_compute(&mo, d, WOLD_MISSING_LISTWISE, &err),
                     WOLD_OK);
    wold_fit_options_default(&opt);
    opt.scheme = WOLD_SCHEME_CENTROID;
    assert_int_equal(wold_fit_estimate(&fit, md, mo, &opt, &err), WOLD_OK);
    assert_int_equal(wold_ipma_compute(&ip, fit, mo, 4, &err), WOLD_OK);
    WT_NEAR(wold_ipma_target_performance(ip), 68.51262, 1e-4, "SAT");
    assert_int_equal(wold_ipma_n_constructs(ip), 4);
    /* One scale per block: the importance is the standardised total effect
     * times sd(R_SAT) / sd(R_j) (cSEM's doIPMA formula); with R_j = 10
     * sum w~_i x_i + const and a unit-variance PLS score, sd(R_j) = 10 /
     * sum_i (w_i / sd_i). */
    double bs[6] = {0};
    for (size_t i = 0; i < wold_model_n_mv(md); i++)
        bs[wold_model_mv_lv(md, i)] +=
            wold_fit_mv(fit, i)->weight / wold_moments_sds(mo)[i];
    for (size_t k = 0; k < wold_ipma_n_constructs(ip); k++) {
        const wold_ipma_row *r = wold_ipma_construct(ip, k);
        double total = wold_fit_total_effects(fit)[4 * 6 + r->lv];
        WT_NEAR(r->importance, total * bs[r->lv] / bs[4], 1e-10, "cSEM");
    }
    wold_ipma_free(ip);
    wold_fit_free(fit);
    wold_moments_free(mo);
    wold_data_free(d);
    wold_model_free(md);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_path),
        cmocka_unit_test(test_hand_centroid),
        cmocka_unit_test(test_intermediate_target),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_negative_weight),
        cmocka_unit_test(test_boot),
        cmocka_unit_test(test_reports),
        cmocka_unit_test(test_satisfaction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
