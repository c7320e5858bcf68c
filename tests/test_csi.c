/*
 * test_csi.c - the CSI layer (src/csi/): the 0-100 index, its bootstrap
 * as extra statistics, the scores on the 0-100 metric, and the grading
 * tables (built in and read from a file).
 *
 * The known answer: ../shared/datasets/satisfaction.csv, every block
 * Mode A, centroid scheme, items 0-10: the SAT index is 68.51 (mean
 * unstandardised score 6.851262, the figure).  The other five are
 * checked against the formula computed here from the raw columns and the
 * fit's weights, without the library's means, s.d. or index code.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct fixture {
    wold_model *model;
    wold_data *data;
    wold_moments *mo;
    wold_fit *fit;
    wold_index *ix;
} fixture;

static void fixture_free(fixture *f)
{
    wold_index_free(f->ix);
    wold_fit_free(f->fit);
    wold_moments_free(f->mo);
    wold_data_free(f->data);
    wold_model_free(f->model);
}

/* The text of path, without its "scale" lines unless keep_scales. */
static char *read_text(const char *path, int keep_scales)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *text = calloc(1, 1 << 16), line[1024];
    assert_non_null(text);
    size_t len = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (!keep_scales && strncmp(line, "scale ", 6) == 0)
            continue;
        size_t n = strlen(line);
        assert_true(len + n < (1 << 16));
        memcpy(text + len, line, n + 1);
        len += n;
    }
    fclose(f);
    return text;
}

/* satisfaction.wold on satisfaction.csv, centroid scheme, with the
 * file's 0-10 scales (scale 1) or without any (scale 0). */
static int satisfaction(fixture *f, int scale)
{
    wold_error err;
    memset(f, 0, sizeof *f);
    const char *csv = wt_shared("datasets/satisfaction.csv");
    if (!wt_exists(csv))
        return 0;
    /* The model file gives the scale 0:10; without it, its scale line is
     * left out. */
    char *text = read_text(wt_source("models/satisfaction.wold"), scale);
    assert_int_equal(wold_model_parse(&f->model, text, strlen(text),
                                      "satisfaction.wold", &err), WOLD_OK);
    free(text);
    wold_csv_options co;
    wold_csv_options_default(&co);
    WT_EXPECT_ERROR(wold_data_read_csv(&f->data, csv, f->model, &co, &err),
                    &err, WOLD_OK, NULL);
    assert_int_equal(wold_moments_compute(&f->mo, f->data,
                                          WOLD_MISSING_LISTWISE, &err),
                     WOLD_OK);
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    fo.scheme = WOLD_SCHEME_CENTROID;
    WT_EXPECT_ERROR(wold_fit_estimate(&f->fit, f->model, f->mo, &fo, &err),
                    &err, WOLD_OK, NULL);
    WT_EXPECT_ERROR(wold_index_compute(&f->ix, f->fit, f->mo, &err), &err,
                    WOLD_OK, NULL);
    return 1;
}

static size_t lv_named(const wold_model *md, const char *name)
{
    for (size_t j = 0; j < wold_model_n_lv(md); j++)
        if (strcmp(wold_model_lv_name(md, j), name) == 0)
            return j;
    fail_msg("no LV %s", name);
    return 0;
}

/* The index of LV j by hand: column means and population s.d. from the
 * raw values, weights / s.d. normalised to sum 1, scale 0-10. */
static double hand_index(const fixture *f, size_t j, double *mean_score)
{
    const wold_model *md = f->model;
    const double *x = wold_data_values(f->data), *w = wold_fit_weights(f->fit);
    size_t n = wold_data_n_rows(f->data), p = wold_data_n_cols(f->data);
    double sum = 0, score = 0, m[64], sd[64];
    assert_true(p <= 64);
    for (size_t i = 0; i < p; i++) {
        double s = 0, ss = 0;
        for (size_t r = 0; r < n; r++)
            s += x[r * p + i];
        m[i] = s / (double)n;
        for (size_t r = 0; r < n; r++)
            ss += (x[r * p + i] - m[i]) * (x[r * p + i] - m[i]);
        sd[i] = sqrt(ss / (double)n);
    }
    for (size_t i = 0; i < p; i++)
        if (wold_model_mv_lv(md, i) == j)
            sum += w[i] / sd[i];
    for (size_t i = 0; i < p; i++)
        if (wold_model_mv_lv(md, i) == j)
            score += w[i] / sd[i] / sum * m[i];
    *mean_score = score;
    return 100.0 * score / 10.0;
}

static void test_satisfaction_index(void **state)
{
    (void)state;
    fixture f;
    if (!satisfaction(&f, 1)) {
        WT_SKIP_IF_ABSENT(wt_shared("datasets/satisfaction.csv"));
        return;
    }
    size_t sat = 0;
    sat = lv_named(f.model, "SAT");
    WT_NEAR(wold_index_value(f.ix, sat), 68.51, 0.005, "SAT index");
    WT_NEAR(wold_index_mean_score(f.ix, sat), 6.851262, 5e-7, "SAT mean score");
    assert_int_equal(wold_index_n_defined(f.ix), 6);
    for (size_t j = 0; j < wold_model_n_lv(f.model); j++) {
        double ms, lo, hi;
        double v = hand_index(&f, j, &ms);
        WT_NEAR(wold_index_value(f.ix, j), v, 1e-10, "index by hand");
        WT_NEAR(wold_index_mean_score(f.ix, j), ms, 1e-12, "mean by hand");
        assert_int_equal(wold_index_scale(f.ix, j, &lo, &hi), 1);
        WT_NEAR(lo, 0, 1e-12, "scale lo");
        WT_NEAR(hi, 10, 1e-12, "scale hi");
        assert_null(wold_index_note(f.ix, j));
    }
    /* The normalised weights of each block sum to 1. */
    const double *w = wold_index_weights(f.ix);
    double s[8] = {0};
    for (size_t i = 0; i < wold_model_n_mv(f.model); i++)
        s[wold_model_mv_lv(f.model, i)] += w[i];
    for (size_t j = 0; j < wold_model_n_lv(f.model); j++)
        WT_NEAR(s[j], 1.0, 1e-14, "weights sum");
    assert_ptr_equal(wold_index_fit(f.ix), f.fit);
    assert_true(isnan(wold_index_value(f.ix, 99)));
    fixture_free(&f);
}

/* Scores on the 0-100 metric: their mean over the rows is the index. */
static void test_index_scores(void **state)
{
    (void)state;
    fixture f;
    if (!satisfaction(&f, 1)) {
        WT_SKIP_IF_ABSENT(wt_shared("datasets/satisfaction.csv"));
        return;
    }
    wold_error err;
    size_t n = wold_data_n_rows(f.data), J = wold_model_n_lv(f.model);
    double *y = malloc(n * J * sizeof *y);
    assert_non_null(y);
    assert_int_equal(wold_index_scores(f.ix, f.data, y, &err), WOLD_OK);
    for (size_t j = 0; j < J; j++) {
        double s = 0;
        for (size_t r = 0; r < n; r++)
            s += y[r * J + j];
        WT_NEAR(s / (double)n, wold_index_value(f.ix, j), 1e-10, "mean score");
    }
    /* Row 1 by hand: SAT = 100 sum w~ x / 10. */
    const double *x = wold_data_values(f.data), *w = wold_index_weights(f.ix);
    size_t p = wold_data_n_cols(f.data), sat = lv_named(f.model, "SAT");
    double h = 0;
    for (size_t i = 0; i < p; i++)
        if (wold_model_mv_lv(f.model, i) == sat)
            h += w[i] * x[i];
    WT_NEAR(y[sat], 10.0 * h, 1e-10, "row 1");
    free(y);
    fixture_free(&f);
}

/* Survey weights: integer weights k give the indices of the data with
 * each row repeated k times (the index reads the weighted moments). */
static void test_weighted_index(void **state)
{
    (void)state;
    fixture f;
    if (!satisfaction(&f, 1)) {
        WT_SKIP_IF_ABSENT(wt_shared("datasets/satisfaction.csv"));
        return;
    }
    wold_error err;
    size_t n = wold_data_n_rows(f.data), p = wold_data_n_cols(f.data);
    const double *x = wold_data_values(f.data);
    double *w = malloc(n * sizeof *w), *rep = malloc(3 * n * p * sizeof *rep);
    const char **names = malloc(p * sizeof *names);
    assert_true(w && rep && names);
    size_t m = 0;
    for (size_t r = 0; r < n; r++) {
        w[r] = (double)(1 + r % 3);
        for (size_t k = 0; k < (size_t)w[r]; k++, m++)
            memcpy(rep + m * p, x + r * p, p * sizeof *rep);
    }
    for (size_t i = 0; i < p; i++)
        names[i] = wold_data_col_name(f.data, i);
    wold_data *d2 = NULL;
    wold_moments *mw = NULL, *mr = NULL;
    wold_fit *fw = NULL, *fr = NULL;
    wold_index *iw = NULL, *ir = NULL;
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    fo.scheme = WOLD_SCHEME_CENTROID;
    assert_int_equal(wold_data_from_matrix(&d2, rep, m, p, names, &err), WOLD_OK);
    assert_int_equal(wold_moments_compute_weighted(&mw, f.data,
                         WOLD_MISSING_LISTWISE, w, &err), WOLD_OK);
    assert_int_equal(wold_moments_compute(&mr, d2, WOLD_MISSING_LISTWISE, &err),
                     WOLD_OK);
    assert_int_equal(wold_fit_estimate(&fw, f.model, mw, &fo, &err), WOLD_OK);
    assert_int_equal(wold_fit_estimate(&fr, f.model, mr, &fo, &err), WOLD_OK);
    assert_int_equal(wold_index_compute(&iw, fw, mw, &err), WOLD_OK);
    assert_int_equal(wold_index_compute(&ir, fr, mr, &err), WOLD_OK);
    for (size_t j = 0; j < wold_model_n_lv(f.model); j++) {
        WT_NEAR(wold_index_value(iw, j), wold_index_value(ir, j), 1e-9,
                "weighted index");
        assert_true(fabs(wold_index_value(iw, j) -
                         wold_index_value(f.ix, j)) > 1e-6);
    }
    wold_index_free(iw), wold_index_free(ir);
    wold_fit_free(fw), wold_fit_free(fr);
    wold_moments_free(mw), wold_moments_free(mr);
    wold_data_free(d2);
    free(w), free(rep), free(names);
    fixture_free(&f);
}

/* Without scales: no index anywhere, each note names the first indicator
 * without one and both ways to give a scale. */
static void test_no_scale(void **state)
{
    (void)state;
    fixture f;
    if (!satisfaction(&f, 0)) {
        WT_SKIP_IF_ABSENT(wt_shared("datasets/satisfaction.csv"));
        return;
    }
    assert_int_equal(wold_index_n_defined(f.ix), 0);
    double lo, hi;
    assert_int_equal(wold_index_scale(f.ix, 0, &lo, &hi), 0);
    assert_true(isnan(wold_index_value(f.ix, 0)));
    assert_true(isnan(wold_index_mean_score(f.ix, 0)));
    assert_true(isnan(wold_index_weights(f.ix)[0]));
    const char *note = wold_index_note(f.ix, 0);
    assert_non_null(note);
    assert_non_null(strstr(note, "no scale for imag1"));
    assert_non_null(strstr(note, "scale statement"));
    assert_non_null(strstr(note, "--scale MIN:MAX"));
    assert_non_null(strstr(wold_index_note(f.ix, 5), "loy1"));
    fixture_free(&f);
}

/* A block whose third indicator runs against the other two gets a
 * negative weight: no index, a note naming it; the other block keeps
 * its index. */
static void test_negative_weight(void **state)
{
    (void)state;
    wold_error err;
    enum { N = 60 };
    double x[N * 4];
    for (size_t r = 0; r < N; r++) {
        double t = (double)(r % 7) - 3.0, u = (double)((r * 5) % 11) / 5.0;
        x[r * 4 + 0] = 5 + t + 0.3 * u;
        x[r * 4 + 1] = 5 + t - 0.2 * u + (double)(r % 3) * 0.1;
        x[r * 4 + 2] = 5 - 0.5 * t + u;
        x[r * 4 + 3] = 5 + 0.8 * t + (double)(r % 4) * 0.3;
    }
    const char *names[] = {"a1", "a2", "a3", "b1"};
    wold_model *md = wt_model("A =~ a1 + a2 + a3\nB =~ b1\nB ~ A\n");
    assert_int_equal(wold_model_set_default_scale(md, 0, 10, &err), WOLD_OK);
    wold_data *d = NULL;
    wold_moments *mo = NULL;
    wold_fit *fit = NULL;
    wold_index *ix = NULL;
    assert_int_equal(wold_data_from_matrix(&d, x, N, 4, names, &err), WOLD_OK);
    assert_int_equal(wold_moments_compute(&mo, d, WOLD_MISSING_LISTWISE, &err),
                     WOLD_OK);
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    assert_int_equal(wold_fit_estimate(&fit, md, mo, &fo, &err), WOLD_OK);
    assert_int_equal(wold_index_compute(&ix, fit, mo, &err), WOLD_OK);
    assert_true(isnan(wold_index_value(ix, 0)));
    const char *note = wold_index_note(ix, 0);
    assert_non_null(note);
    assert_non_null(strstr(note, "negative weight of a3"));
    /* B = b1 alone: its index is (mean - 0) / 10. */
    double m = 0;
    for (size_t r = 0; r < N; r++)
        m += x[r * 4 + 3];
    WT_NEAR(wold_index_value(ix, 1), 10.0 * m / N, 1e-10, "B index");
    assert_null(wold_index_note(ix, 1));
    wold_index_free(ix);
    /* Moments of other data are refused. */
    wold_moments *other = NULL;
    double y[N * 4];
    memcpy(y, x, sizeof y);
    y[0] += 1;
    wold_data *d2 = NULL;
    assert_int_equal(wold_data_from_matrix(&d2, y, N, 4, names, &err), WOLD_OK);
    assert_int_equal(wold_moments_compute(&other, d2, WOLD_MISSING_LISTWISE,
                                          &err), WOLD_OK);
    WT_EXPECT_ERROR(wold_index_compute(&ix, fit, other, &err), &err,
                    WOLD_EUSAGE, "moments the fit was estimated on");
    assert_null(ix);
    wold_moments_free(other);
    wold_data_free(d2);
    wold_fit_free(fit);
    wold_moments_free(mo);
    wold_data_free(d);
    wold_model_free(md);
    wold_index_free(NULL);
}

/* ---- the bootstrap of the indices -------------------------------------- */

static wold_boot *boot_indices(fixture *f, const wold_index_boot *ib,
                               int threads, wold_boot_ci ci)
{
    wold_error err;
    wold_boot_options bo;
    wold_boot_options_default(&bo);
    bo.replicates = 40;
    bo.threads = threads;
    bo.ci = ci;
    bo.extra = wold_index_boot_extra(ib);
    wold_boot *b = NULL;
    WT_EXPECT_ERROR(wold_boot_run(&b, f->fit, f->mo, f->data, &bo, NULL, NULL,
                                  &err), &err, WOLD_OK, NULL);
    assert_null(wold_boot_options_used(b)->extra);
    return b;
}

static void test_index_boot(void **state)
{
    (void)state;
    fixture f;
    if (!satisfaction(&f, 1)) {
        WT_SKIP_IF_ABSENT(wt_shared("datasets/satisfaction.csv"));
        return;
    }
    wold_error err;
    wold_index_boot *ib = NULL;
    assert_int_equal(wold_index_boot_alloc(&ib, f.ix, &err), WOLD_OK);
    const wold_boot_extra *x = wold_index_boot_extra(ib);
    assert_int_equal(x->n, 6);
    assert_string_equal(x->labels[4], "index:SAT");
    wold_boot *b1 = boot_indices(&f, ib, 1, WOLD_BOOT_CI_BOTH);
    wold_boot *b2 = boot_indices(&f, ib, 2, WOLD_BOOT_CI_BOTH);
    size_t ns = wold_boot_n_stats(b1);
    assert_int_equal(ns, wold_boot_n_stats(b2));
    assert_memory_equal(wold_boot_values(b1), wold_boot_values(b2),
                        ns * 40 * sizeof(double));
    for (size_t k = 0; k < 6; k++) {
        const wold_boot_stat *s =
            wold_boot_find(b1, WOLD_STAT_EXTRA, k, WOLD_NONE, WOLD_NONE);
        assert_non_null(s);
        assert_ptr_equal(s, wold_boot_stat_get(b1, ns - 6 + k));
        assert_string_equal(s->label, x->labels[k]);
        WT_NEAR(s->original, wold_index_value(f.ix, k), 1e-12, "original");
        assert_true(s->se > 0 && s->se < 5);
        assert_true(s->pct_lo < s->original && s->original < s->pct_hi);
        assert_true(isfinite(s->bca_lo) && isfinite(s->jack_se));
        assert_int_equal(s->used, 40);
    }
    /* Each replicate's index is the index of a fit on its resample: the
     * replicates' values vary and stay on 0-100. */
    const double *v = wold_boot_values(b1);
    for (size_t r = 0; r < 40; r++)
        assert_true(v[r * ns + ns - 2] > 50 && v[r * ns + ns - 2] < 90);
    wold_boot_free(b1);
    wold_boot_free(b2);
    wold_index_boot_free(ib);
    wold_index_boot_free(NULL);
    fixture_free(&f);
}

static int fail_always(void *user, const wold_fit *fit,
                       const wold_moments *mo, double *out)
{
    (void)user, (void)fit, (void)mo;
    out[0] = 1;
    return 1;
}

/* fn is called on the full sample first: a failure there is an error. */
static void test_extra_errors(void **state)
{
    (void)state;
    fixture f;
    if (!satisfaction(&f, 1)) {
        WT_SKIP_IF_ABSENT(wt_shared("datasets/satisfaction.csv"));
        return;
    }
    wold_error err;
    const char *labels[] = {"x:one"};
    wold_boot_extra x = {1, labels, fail_always, NULL};
    wold_boot_options bo;
    wold_boot_options_default(&bo);
    bo.replicates = 5;
    bo.extra = &x;
    wold_boot *b = NULL;
    WT_EXPECT_ERROR(wold_boot_run(&b, f.fit, f.mo, f.data, &bo, NULL, NULL,
                                  &err), &err, WOLD_ENUMERIC, "x:one");
    assert_null(b);
    x.fn = NULL;
    WT_EXPECT_ERROR(wold_boot_run(&b, f.fit, f.mo, f.data, &bo, NULL, NULL,
                                  &err), &err, WOLD_EUSAGE, "a function and 1 labels");
    const char *none[] = {NULL};
    wold_boot_extra y = {1, none, fail_always, NULL};
    bo.extra = &y;
    WT_EXPECT_ERROR(wold_boot_run(&b, f.fit, f.mo, f.data, &bo, NULL, NULL,
                                  &err), &err, WOLD_EUSAGE, "statistic 0 has no label");
    /* No extra statistics at all: the list is the built-in one. */
    wold_boot_extra z = {0, NULL, NULL, NULL};
    bo.extra = &z;
    WT_EXPECT_ERROR(wold_boot_run(&b, f.fit, f.mo, f.data, &bo, NULL, NULL,
                                  &err), &err, WOLD_OK, NULL);
    assert_null(wold_boot_find(b, WOLD_STAT_EXTRA, 0, WOLD_NONE, WOLD_NONE));
    wold_boot_free(b);
    fixture_free(&f);
}

/* ---- grades ------------------------------------------------------------- */

static const char *grade_en(const wold_grades *g, double v)
{
    const wold_grade *c = wold_grades_find(g, v);
    return c != NULL ? c->label_en : "-";
}

static void test_builtin_satisfaction(void **state)
{
    (void)state;
    const wold_grades *g = wold_grades_builtin(WOLD_GRADES_SATISFACTION);
    assert_non_null(g);
    assert_int_equal(wold_grades_n(g), 6);
    static const struct { double v; const char *en, *zh; int stars; } t[] = {
        {100, "very satisfied", "很满意", 5},
        {95, "very satisfied", "很满意", 5},
        {90, "very satisfied", "很满意", 5},
        {89.999999999, "satisfied", "满意", 4},
        {80, "satisfied", "满意", 4},
        {79.999999999, "fairly satisfied", "较满意", 3},
        {70, "fairly satisfied", "较满意", 3},
        {69.999999999, "neutral", "一般", 2},
        {60, "neutral", "一般", 2},
        {59.999999999, "dissatisfied", "不满意", 1},
        {50, "dissatisfied", "不满意", 1},
        {49.999999999, "very dissatisfied", "很不满意", 0},
        {0, "very dissatisfied", "很不满意", 0}};
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        const wold_grade *c = wold_grades_find(g, t[k].v);
        assert_non_null(c);
        assert_string_equal(wold_grade_label(c, WOLD_LANG_EN), t[k].en);
        assert_string_equal(wold_grade_label(c, WOLD_LANG_ZH), t[k].zh);
        assert_int_equal(c->stars, t[k].stars);
    }
    assert_null(wold_grades_find(g, 100.000001));
    assert_null(wold_grades_find(g, -1e-9));
    assert_null(wold_grades_find(g, NAN));
    assert_string_equal(wold_grades_class(g, 0)->label_en, "very satisfied");
    assert_null(wold_grades_class(g, 6));
    wold_grades_free((wold_grades *)g); /* a no-op on a built-in table */
    wold_grades_free(NULL);
}

static void test_builtin_purchase(void **state)
{
    (void)state;
    const wold_grades *g = wold_grades_builtin(WOLD_GRADES_PURCHASE);
    assert_non_null(g);
    static const struct { double v; const char *c; } t[] = {
        {100, "A"}, {90, "A"}, {89.999999999, "B"}, {70, "B"},
        {69.999999999, "C"}, {60, "C"}, {59.999999999, "D"}, {0, "D"}};
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
        assert_string_equal(grade_en(g, t[k].v), t[k].c);
    assert_int_equal(wold_grades_find(g, 95)->stars, -1);
    assert_null(wold_grades_builtin((wold_grades_kind)7));
}

static wold_grades *parse(const char *text)
{
    wold_error err;
    wold_grades *g = NULL;
    WT_EXPECT_ERROR(wold_grades_parse(&g, text, strlen(text), "g.csv", &err),
                    &err, WOLD_OK, NULL);
    return g;
}

static void test_grades_file(void **state)
{
    (void)state;
    /* Columns in another order, a comment, a blank line, CRLF, classes in
     * any order, no Chinese labels, no stars. */
    wold_grades *g = parse("# three classes\r\nupper, label_en ,lower\r\n"
                           "\r\n50,low,0\r\n100,high,75\r\n75,mid,50\r\n");
    assert_int_equal(wold_grades_n(g), 3);
    assert_string_equal(grade_en(g, 100), "high");
    assert_string_equal(grade_en(g, 75), "high");
    assert_string_equal(grade_en(g, 74.9999999), "mid");
    assert_string_equal(grade_en(g, 50), "mid");
    assert_string_equal(grade_en(g, 49.99), "low");
    assert_string_equal(grade_en(g, 0), "low");
    assert_string_equal(grade_en(g, -0.01), "-");
    const wold_grade *c = wold_grades_find(g, 80);
    assert_string_equal(wold_grade_label(c, WOLD_LANG_ZH), "high");
    assert_int_equal(c->stars, -1);
    wold_grades_free(g);
    g = parse("lower,upper,label_en,label_zh,stars\n0,60,no,否,0\n"
              "60,100,yes,是,5");
    c = wold_grades_find(g, 60);
    assert_string_equal(wold_grade_label(c, WOLD_LANG_ZH), "是");
    assert_int_equal(c->stars, 5);
    assert_int_equal(wold_grades_find(g, 10)->stars, 0);
    wold_grades_free(g);
    /* From a file. */
    wold_error err;
    char *path = wt_temp_file("lower,upper,label_en\n0,100,all\n", ".csv");
    assert_int_equal(wold_grades_read(&g, path, &err), WOLD_OK);
    assert_string_equal(grade_en(g, 100), "all");
    wold_grades_free(g);
    remove(path);
    WT_EXPECT_ERROR(wold_grades_read(&g, path, &err), &err, WOLD_EINPUT, path);
    assert_null(g);
    free(path);
}

static void expect_bad(const char *text, const char *where, const char *what)
{
    wold_error err;
    wold_grades *g = NULL;
    wold_status st = wold_grades_parse(&g, text, strlen(text), "g.csv", &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, where);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, what);
    assert_null(g);
}

static void test_grades_errors(void **state)
{
    (void)state;
    const char *H = "lower,upper,label_en,label_zh,stars\n";
    char buf[512];
    expect_bad("lower,upper,label,stars\n", "g.csv:1:13:",
               "unknown column 'label'");
    expect_bad("lower,upper,lower,label_en\n", "g.csv:1:13:",
               "column 'lower' is named twice");
    expect_bad("lower,label_en\n0,a\n", "g.csv:1:1:", "no column 'upper'");
    expect_bad("", "g.csv:", "no header");
    expect_bad("# only a comment\n\n", "g.csv:", "no header");
    expect_bad("lower,upper,label_en\n", "g.csv:", "no grade below its header");
    snprintf(buf, sizeof buf, "%s0,100,a,b\n", H);
    expect_bad(buf, "g.csv:2:1:", "needs 5 fields");
    snprintf(buf, sizeof buf, "%s0,100,a,b,1,x\n", H);
    expect_bad(buf, "g.csv:2:13:", "this line has 6");
    snprintf(buf, sizeof buf, "%sten,100,a,b,1\n", H);
    expect_bad(buf, "g.csv:2:1:", "'lower' of a grade must be a finite number, got 'ten'");
    snprintf(buf, sizeof buf, "%s0,,a,b,1\n", H);
    expect_bad(buf, "g.csv:2:3:", "'upper' of a grade must be a number, got an empty field");
    snprintf(buf, sizeof buf, "%s0,100,a\x01,b,1\n", H);
    expect_bad(buf, "g.csv:2:8:", "byte \\x01: a grading table is UTF-8 text");
    snprintf(buf, sizeof buf, "%s0,100,\xff,b,1\n", H);
    expect_bad(buf, "g.csv:2:7:", "byte \\xFF");
    snprintf(buf, sizeof buf, "%s0,1e999,a,b,1\n", H);
    expect_bad(buf, "g.csv:2:3:", "finite number, got '1e999'");
    snprintf(buf, sizeof buf, "%s0,1234567890123456789012345678901234567890123456789x,a,b,1\n", H);
    expect_bad(buf, "g.csv:2:3:", "got '1234567890123456789012345678901234567890...'");
    snprintf(buf, sizeof buf, "%s0,inf,a,b,1\n", H);
    expect_bad(buf, "g.csv:2:3:", "finite number, got 'inf'");
    snprintf(buf, sizeof buf, "%s50,50,a,b,1\n", H);
    expect_bad(buf, "g.csv:2:4:", "upper bound must be above its lower");
    snprintf(buf, sizeof buf, "%s0,100, ,b,1\n", H);
    expect_bad(buf, "g.csv:2:8:", "label_en is empty");
    snprintf(buf, sizeof buf, "%s0,100,a,b,6\n", H);
    expect_bad(buf, "g.csv:2:11:", "from 0 to 5, got '6'");
    snprintf(buf, sizeof buf, "%s0,100,a,b,2.5\n", H);
    expect_bad(buf, "g.csv:2:11:", "got '2.5'");
    snprintf(buf, sizeof buf, "%s70,100,a,b,1\n0,60,c,d,0\n", H);
    expect_bad(buf, "g.csv:3:1:", "line 2 leave a gap: one ends at 60, the next starts at 70");
    snprintf(buf, sizeof buf, "%s0,60,c,d,0\n# c\n55,100,a,b,1\n", H);
    expect_bad(buf, "g.csv:4:1:", "line 2 overlap: one ends at 60, the next starts at 55");
    snprintf(buf, sizeof buf, "%s0,60,c,d,0\n0,60,a,b,1\n", H);
    expect_bad(buf, "g.csv:3:1:", "overlap");
    /* The line is shown under the message. */
    snprintf(buf, sizeof buf, "%s0,100,a,b,9\n", H);
    expect_bad(buf, "0,100,a,b,9", "got '9'");
    wold_error err;
    wold_grades *g = NULL;
    WT_EXPECT_ERROR(wold_grades_parse(&g, NULL, 3, "g.csv", &err), &err,
                    WOLD_EUSAGE, "no text");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_satisfaction_index),
        cmocka_unit_test(test_index_scores),
        cmocka_unit_test(test_weighted_index),
        cmocka_unit_test(test_no_scale),
        cmocka_unit_test(test_negative_weight),
        cmocka_unit_test(test_index_boot),
        cmocka_unit_test(test_extra_errors),
        cmocka_unit_test(test_builtin_satisfaction),
        cmocka_unit_test(test_builtin_purchase),
        cmocka_unit_test(test_grades_file),
        cmocka_unit_test(test_grades_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
