/*
 * test_hoc.c - higher-order constructs: the repeated-indicator fit against
 * the first-order model written out by hand, and each two-stage stage
 * against a fit on the previous stage's scores done by hand, on a panel
 * drawn from models/csi_three_level.wold; the estimate from moments alone
 * against the one from the rows.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define N_ROWS 400

static struct {
    wold_model *model;
    wold_data *data;
} fx;

/* A temporary CSV file of n rows drawn from fx.model on 1-10 (a path to
 * remove and free); NULL when it cannot be written. */
static char *simulate_panel(size_t n, unsigned long seed)
{
    char *path = wt_temp_file("", ".csv");
    FILE *f = fopen(path, "w");
    wold_simulate_options opt;
    wold_simulate_options_default(&opt);
    opt.n = n;
    opt.seed = seed;
    opt.scale_lo = 1;
    opt.scale_hi = 10;
    int ok = f != NULL && wold_simulate_csv(fx.model, &opt, f, NULL) == WOLD_OK;
    if (f != NULL)
        ok &= fclose(f) == 0;
    if (!ok) {
        remove(path);
        free(path);
        return NULL;
    }
    return path;
}

static int setup(void **state)
{
    (void)state;
    wold_error err;
    if (wold_model_read(&fx.model, wt_source("models/csi_three_level.wold"),
                        &err) != WOLD_OK)
        return -1;
    char *path = simulate_panel(N_ROWS, 1);
    if (path == NULL)
        return -1;
    int ok = wold_data_read_csv(&fx.data, path, fx.model, NULL, &err) ==
             WOLD_OK;
    remove(path);
    free(path);
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    wold_data_free(fx.data);
    wold_model_free(fx.model);
    return 0;
}

static size_t lv_named(const wold_model *m, const char *name)
{
    for (size_t j = 0; j < wold_model_n_lv(m); j++)
        if (strcmp(wold_model_lv_name(m, j), name) == 0)
            return j;
    fail_msg("no LV %s", name);
    return 0;
}

/* Two fits of models with the same LV names: equal paths and weights
 * (indicator by indicator in block order). */
static void expect_same_fit(const wold_fit *a, const wold_fit *b, double tol)
{
    const wold_model *ma = wold_fit_model(a), *mb = wold_fit_model(b);
    size_t J = wold_model_n_lv(ma);
    assert_int_equal(J, wold_model_n_lv(mb));
    assert_int_equal(wold_model_n_mv(ma), wold_model_n_mv(mb));
    const double *pa = wold_fit_paths(a), *pb = wold_fit_paths(b);
    for (size_t to = 0; to < J; to++)
        for (size_t from = 0; from < J; from++) {
            size_t t2 = lv_named(mb, wold_model_lv_name(ma, to));
            size_t f2 = lv_named(mb, wold_model_lv_name(ma, from));
            WT_NEAR(pa[to * J + from], pb[t2 * J + f2], tol, "path");
        }
    for (size_t j = 0; j < J; j++) {
        size_t j2 = lv_named(mb, wold_model_lv_name(ma, j));
        size_t fa = wold_model_lv_first(ma, j), fb = wold_model_lv_first(mb, j2);
        assert_int_equal(wold_model_lv_count(ma, j), wold_model_lv_count(mb, j2));
        for (size_t k = 0; k < wold_model_lv_count(ma, j); k++) {
            WT_NEAR(wold_fit_mv(a, fa + k)->weight,
                    wold_fit_mv(b, fb + k)->weight, tol, "weight");
            WT_NEAR(wold_fit_mv(a, fa + k)->loading,
                    wold_fit_mv(b, fb + k)->loading, tol, "loading");
        }
    }
}

static wold_fit *fit_of(const wold_model *m, const wold_data *d,
                        wold_moments **mo)
{
    wold_error err;
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_fit *fit = NULL;
    assert_int_equal(wold_moments_compute(mo, d, WOLD_MISSING_LISTWISE, &err),
                     WOLD_OK);
    assert_int_equal(wold_fit_estimate(&fit, m, *mo, &opt, &err), WOLD_OK);
    return fit;
}

/* The repeated-indicator model written out by hand: each repeat is a
 * column of its own ("prd1_CSI"), every path a "~" line. */
static void test_repeated_by_hand(void **state)
{
    (void)state;
    const wold_model *m = fx.model;
    size_t J = wold_model_n_lv(m), p = wold_model_n_mv(m);
    size_t n = wold_data_n_rows(fx.data);
    char text[8192] = "";
    char names_buf[4096], *nb = names_buf;
    const char **names = malloc(p * sizeof *names);
    for (size_t j = 0; j < J; j++) {
        size_t a = wold_model_lv_first(m, j), q = wold_model_lv_count(m, j);
        strcat(text, wold_model_lv_name(m, j));
        strcat(text, wold_model_lv_mode(m, j) == WOLD_MODE_A ? " =~ "
                                                              : " <~ ");
        for (size_t i = a; i < a + q; i++) {
            int rep = wold_model_mv_repeat_of(m, i) != i;
            names[i] = nb;
            nb += sprintf(nb, "%s%s%s", wold_model_mv_name(m, i),
                          rep ? "_" : "", rep ? wold_model_lv_name(m, j) : "") +
                  1;
            strcat(text, i > a ? " + " : "");
            strcat(text, names[i]);
        }
        strcat(text, "\n");
    }
    for (size_t to = 0; to < J; to++)
        for (size_t from = 0; from < J; from++)
            if (wold_model_has_path(m, from, to))
                sprintf(text + strlen(text), "%s ~ %s\n",
                        wold_model_lv_name(m, to), wold_model_lv_name(m, from));
    wold_model *hand = wt_model(text);
    assert_int_equal(wold_model_max_order(hand), 1);
    /* The reader's repeats are copies of their originals' columns. */
    const double *x = wold_data_values(fx.data);
    for (size_t r = 0; r < n; r++)
        for (size_t i = 0; i < p; i++)
            assert_true(x[r * p + i] == x[r * p + wold_model_mv_repeat_of(m, i)]);
    wold_data *hd = NULL;
    wold_error err;
    assert_int_equal(wold_data_from_matrix(&hd, x, n, p, names, &err), WOLD_OK);
    wold_moments *hmo = NULL;
    wold_fit *hf = fit_of(hand, hd, &hmo);

    wold_hoc *h = NULL;
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    assert_int_equal(wold_hoc_estimate(&h, m, fx.data, NULL,
                                       WOLD_MISSING_LISTWISE, &opt,
                                       WOLD_HOC_REPEATED, &err),
                     WOLD_OK);
    assert_int_equal(wold_hoc_n_stages(h), 1);
    expect_same_fit(wold_hoc_stage_fit(h, 0), hf, 1e-12);
    wold_hoc_free(h);
    wold_fit_free(hf);
    wold_moments_free(hmo);
    wold_data_free(hd);
    wold_model_free(hand);
    free(names);
}

/* A stage by hand: the previous stage's standardised scores for the LVs
 * that hand names as indicators, the previous data's columns for the rest. */
static wold_fit *stage_by_hand(const wold_fit *prev, const wold_data *pd,
                               const char *text, wold_model **hm,
                               wold_data **hd, wold_moments **hmo)
{
    const wold_model *pm = wold_fit_model(prev);
    size_t n = wold_data_n_rows(pd), J = wold_model_n_lv(pm);
    size_t pp = wold_data_n_cols(pd);
    double *sc = malloc(n * J * sizeof *sc);
    wold_error err;
    assert_int_equal(wold_fit_scores(prev, pd, sc, &err), WOLD_OK);
    *hm = wt_model(text);
    size_t p = wold_model_n_mv(*hm);
    double *x = malloc(n * p * sizeof *x);
    const char **names = malloc(p * sizeof *names);
    for (size_t i = 0; i < p; i++) {
        names[i] = wold_model_mv_name(*hm, i);
        size_t src = (size_t)-1, lv = (size_t)-1;
        for (size_t j = 0; j < J; j++)
            if (strcmp(wold_model_lv_name(pm, j), names[i]) == 0)
                lv = j;
        for (size_t c = 0; lv == (size_t)-1 && c < pp; c++)
            if (strcmp(wold_data_col_name(pd, c), names[i]) == 0)
                src = c;
        assert_true(lv != (size_t)-1 || src != (size_t)-1);
        for (size_t r = 0; r < n; r++)
            x[r * p + i] = lv != (size_t)-1 ? sc[r * J + lv]
                                            : wold_data_values(pd)[r * pp + src];
    }
    assert_int_equal(wold_data_from_matrix(hd, x, n, p, names, &err), WOLD_OK);
    free(sc);
    free(x);
    free(names);
    return fit_of(*hm, *hd, hmo);
}

static void test_two_stage_by_hand(void **state)
{
    (void)state;
    wold_hoc *h = NULL;
    wold_error err;
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    assert_int_equal(wold_hoc_estimate(&h, fx.model, fx.data, NULL,
                                       WOLD_MISSING_LISTWISE, &opt,
                                       WOLD_HOC_TWO_STAGE, &err),
                     WOLD_OK);
    assert_int_equal(wold_hoc_n_stages(h), 3);
    static const char *const texts[] = {
        "CSI <~ Quality + Value + Image\nQuality =~ Product + Service\n"
        "Value =~ PriceFair + Worth\nImage =~ Brand + Reputation\n"
        "Loyalty =~ loy1 + loy2 + loy3\nLoyalty ~ CSI\n",
        "CSI <~ Quality + Value + Image\nLoyalty =~ loy1 + loy2 + loy3\n"
        "Loyalty ~ CSI\n"};
    for (size_t s = 1; s < 3; s++) {
        wold_model *hm = NULL;
        wold_data *hd = NULL;
        wold_moments *hmo = NULL;
        wold_fit *hf = stage_by_hand(wold_hoc_stage_fit(h, s - 1),
                                     wold_hoc_stage_data(h, s - 1),
                                     texts[s - 1], &hm, &hd, &hmo);
        /* The stage's children enter on the 0-100 metric, the hand's
         * standardised: the same fit (PLS standardises). */
        expect_same_fit(wold_hoc_stage_fit(h, s), hf, 1e-9);
        wold_fit_free(hf);
        wold_moments_free(hmo);
        wold_data_free(hd);
        wold_model_free(hm);
    }
    /* Stage 2's column Product: 100 (sum w x - sum w lo) / sum w (hi - lo)
     * with w the normalised weight / s.d. of stage 1, items on 1-10. */
    const wold_fit *f0 = wold_hoc_stage_fit(h, 0);
    const wold_model *m0 = wold_hoc_stage_model(h, 0);
    const wold_model *m1 = wold_hoc_stage_model(h, 1);
    const double *sd = wold_moments_sds(wold_hoc_stage_moments(h, 0));
    size_t prod = lv_named(m0, "Product"), a = wold_model_lv_first(m0, prod);
    double w[3], sum = 0, u = 0;
    const double *x0 = wold_data_values(fx.data);
    size_t p0 = wold_model_n_mv(m0);
    for (size_t k = 0; k < 3; k++)
        sum += w[k] = wold_fit_mv(f0, a + k)->weight / sd[a + k];
    for (size_t k = 0; k < 3; k++)
        u += w[k] / sum * x0[5 * p0 + a + k];
    size_t col = (size_t)-1;
    for (size_t i = 0; i < wold_model_n_mv(m1); i++)
        if (strcmp(wold_model_mv_name(m1, i), "Product") == 0 && col == (size_t)-1)
            col = i;
    assert_true(col != (size_t)-1);
    const wold_data *d1 = wold_hoc_stage_data(h, 1);
    WT_NEAR(wold_data_values(d1)[5 * wold_data_n_cols(d1) + col],
            100.0 * (u - 1.0) / 9.0, 1e-10, "Product on the index metric");
    double lo, hi;
    assert_true(wold_model_mv_scale(m1, col, &lo, &hi) && lo == 0 && hi == 100);
    /* The report: both stages and the constructs, text and JSON. */
    wold_report_parts parts;
    wold_report_parts_default(&parts);
    char *out = NULL;
    assert_int_equal(wold_hoc_report(&out, h, &parts, WOLD_FORMAT_TEXT, &err),
                     WOLD_OK);
    assert_non_null(strstr(out, "== Stage 3 of 3"));
    assert_non_null(strstr(out, "CSI <~ Quality + Value + Image    # order 3"));
    free(out);
    assert_int_equal(wold_hoc_report(&out, h, &parts, WOLD_FORMAT_JSON, &err),
                     WOLD_OK);
    assert_non_null(strstr(out, "\"higher_order\""));
    assert_non_null(strstr(out, "\"approach\": \"two-stage\""));
    assert_non_null(strstr(out, "\"earlier_stages\""));
    free(out);
    wold_hoc_free(h);
}


/* The model file's text without its scale line (no index: the children
 * enter standardised). */
static wold_model *model_without_scale(void)
{
    FILE *f = fopen(wt_source("models/csi_three_level.wold"), "r");
    assert_non_null(f);
    char text[8192], line[512];
    size_t n = 0;
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "scale", 5) != 0) {
            size_t k = strlen(line);
            assert_true(n + k < sizeof text);
            memcpy(text + n, line, k);
            n += k;
        }
    fclose(f);
    text[n] = '\0';
    return wt_model(text);
}

/* A panel of fx.model as CSV text with every 101st cell blank, read with
 * model m. */
static wold_data *panel_with_holes(const wold_model *m)
{
    char *path = simulate_panel(600, 3);
    assert_non_null(path);
    wold_error err;
    FILE *f = fopen(path, "r");
    static char in[1 << 20], out[1 << 20];
    size_t len = fread(in, 1, sizeof in - 1, f), k = 0, cell = 0;
    fclose(f);
    remove(path);
    free(path);
    const char *p = (const char *)memchr(in, '\n', len) + 1;
    memcpy(out, in, (size_t)(p - in));
    k = (size_t)(p - in);
    while (p < in + len) {
        const char *e = p;
        while (*e != ',' && *e != '\n')
            e++;
        if (++cell % 101 != 0) {
            memcpy(out + k, p, (size_t)(e - p));
            k += (size_t)(e - p);
        }
        out[k++] = *e;
        p = e + 1;
    }
    wold_data *d = NULL;
    assert_int_equal(wold_data_parse_csv(&d, out, k, "holes.csv", m, NULL,
                                         &err),
                     WOLD_OK);
    assert_true(wold_data_n_missing_cells(d) > 0);
    return d;
}

/* From moments alone, every stage as from the rows: both approaches,
 * listwise and mean replacement, unweighted and weighted, children on
 * the index metric (scale 1:10) and standardised (no scale). */
static void test_from_moments(void **state)
{
    (void)state;
    wold_model *bare = model_without_scale();
    const wold_model *models[] = {fx.model, bare};
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    opt.max_iter = 5000; /* the Mode B index converges slowly here */
    wold_error err;
    for (size_t mi = 0; mi < 2; mi++) {
        const wold_model *m = models[mi];
        wold_data *d = panel_with_holes(m);
        size_t n = wold_data_n_rows(d);
        double *w = malloc(n * sizeof *w);
        for (size_t r = 0; r < n; r++)
            w[r] = 1.0 + (double)(r % 3);
        for (int a = 0; a < 2; a++)
            for (int miss = 0; miss < 2; miss++)
                for (int weighted = 0; weighted < 2; weighted++) {
                    wold_missing rule = miss ? WOLD_MISSING_MEAN
                                             : WOLD_MISSING_LISTWISE;
                    const double *wt = weighted ? w : NULL;
                    wold_hoc *h1 = NULL, *h2 = NULL;
                    wold_moments *mo = NULL;
                    wold_status st = wold_hoc_estimate(&h1, m, d, wt, rule,
                                                       &opt,
                                                       (wold_hoc_approach)a,
                                                       &err);
                    if (st != WOLD_OK)
                        fail_msg("model %zu, approach %d, missing %d, "
                                 "weighted %d: %s", mi, a, miss, weighted,
                                 err.message);
                    assert_int_equal(wold_moments_compute_weighted(&mo, d,
                                                                   rule, wt,
                                                                   &err),
                                     WOLD_OK);
                    assert_int_equal(wold_hoc_estimate_moments(
                                         &h2, m, mo, &opt,
                                         (wold_hoc_approach)a, &err),
                                     WOLD_OK);
                    wold_moments_free(mo); /* h2 keeps a copy */
                    size_t S = wold_hoc_n_stages(h1);
                    assert_int_equal(wold_hoc_n_stages(h2), S);
                    assert_int_equal(S, a ? 3 : 1);
                    for (size_t s = 0; s < S; s++) {
                        expect_same_fit(wold_hoc_stage_fit(h1, s),
                                        wold_hoc_stage_fit(h2, s), 1e-11);
                        const wold_moments *m1 = wold_hoc_stage_moments(h1, s);
                        const wold_moments *m2 = wold_hoc_stage_moments(h2, s);
                        size_t q = wold_moments_p(m1);
                        assert_int_equal(wold_moments_p(m2), q);
                        assert_int_equal(wold_moments_n(m2), wold_moments_n(m1));
                        for (size_t i = 0; i < q; i++) {
                            double u = wold_moments_means(m1)[i];
                            WT_NEAR(wold_moments_means(m2)[i], u,
                                    1e-12 * fmax(1.0, fabs(u)), "mean");
                            double v = wold_moments_sds(m1)[i];
                            WT_NEAR(wold_moments_sds(m2)[i], v, 1e-12 * v,
                                    "s.d.");
                            /* The range encloses the rows'. */
                            assert_true(wold_moments_mins(m2)[i] <=
                                        wold_moments_mins(m1)[i] + 1e-9);
                            assert_true(wold_moments_maxs(m2)[i] >=
                                        wold_moments_maxs(m1)[i] - 1e-9);
                        }
                        if (s > 0)
                            assert_string_equal(wold_hoc_stage_text(h1, s),
                                                wold_hoc_stage_text(h2, s));
                        assert_null(wold_hoc_stage_data(h2, s));
                    }
                    wold_hoc_free(h1);
                    wold_hoc_free(h2);
                }
        wold_moments *pw = NULL;
        wold_hoc *h = NULL;
        assert_int_equal(wold_moments_compute(&pw, d, WOLD_MISSING_PAIRWISE,
                                              &err),
                         WOLD_OK);
        WT_EXPECT_ERROR(wold_hoc_estimate_moments(&h, m, pw, &opt,
                                                  WOLD_HOC_TWO_STAGE, &err),
                        &err, WOLD_EUSAGE,
                        "the two-stage approach needs moments from listwise "
                        "deletion or mean replacement");
        assert_null(h);
        assert_int_equal(wold_hoc_estimate_moments(&h, m, pw, &opt,
                                                   WOLD_HOC_REPEATED, &err),
                         WOLD_OK);
        wold_hoc_free(h);
        wold_moments_free(pw);
        free(w);
        wold_data_free(d);
    }
    wold_model_free(bare);
}


/* Sums hold each item once: from the data (repeats dropped by name) and
 * streamed from the CSV file, their moments give the estimate from the
 * rows through wold_hoc_estimate_moments (a repeat copies its original). */
static void test_from_sums(void **state)
{
    (void)state;
    wold_error err;
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    size_t q = 0, p = wold_model_n_mv(fx.model);
    for (size_t i = 0; i < p; i++)
        q += wold_model_mv_repeat_of(fx.model, i) == i;
    assert_true(q < p);
    char *path = simulate_panel(N_ROWS, 1); /* fx.data's rows */
    assert_non_null(path);
    wold_sums *s[2] = {NULL, NULL};
    assert_int_equal(wold_sums_from_data(&s[0], fx.data, (size_t)-1, 2, &err),
                     WOLD_OK);
    assert_int_equal(wold_sums_read_csv(&s[1], path, fx.model, NULL, NULL,
                                        &err),
                     WOLD_OK);
    remove(path);
    free(path);
    for (int a = 0; a < 2; a++) {
        wold_hoc *h1 = NULL;
        assert_int_equal(wold_hoc_estimate(&h1, fx.model, fx.data, NULL,
                                           WOLD_MISSING_LISTWISE, &opt,
                                           (wold_hoc_approach)a, &err),
                         WOLD_OK);
        for (int k = 0; k < 2; k++) {
            assert_int_equal(wold_sums_p(s[k]), q);
            wold_moments *mo = NULL;
            wold_hoc *h2 = NULL;
            assert_int_equal(wold_sums_moments(&mo, s[k], (size_t)-1,
                                               WOLD_MISSING_LISTWISE, &err),
                             WOLD_OK);
            assert_int_equal(wold_hoc_estimate_moments(&h2, fx.model, mo,
                                                       &opt,
                                                       (wold_hoc_approach)a,
                                                       &err),
                             WOLD_OK);
            assert_int_equal(wold_moments_p(wold_hoc_stage_moments(h2, 0)), p);
            for (size_t st = 0; st < wold_hoc_n_stages(h1); st++)
                expect_same_fit(wold_hoc_stage_fit(h1, st),
                                wold_hoc_stage_fit(h2, st), 1e-11);
            wold_hoc_free(h2);
            wold_moments_free(mo);
        }
        wold_hoc_free(h1);
    }
    /* Moments of neither all the columns nor each once. */
    wold_moments *bad = NULL;
    wold_hoc *h = NULL;
    wold_model *m1 = wt_model("A =~ a1 + a2\nB =~ b1 + b2\nB ~ A\n");
    const char csv[] = "a1,a2,b1,b2\n1,2,3,4\n2,3,3,5\n3,3,5,4\n4,6,5,6\n";
    wold_data *d1 = NULL;
    assert_int_equal(wold_data_parse_csv(&d1, csv, strlen(csv), "c.csv", m1,
                                         NULL, &err),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&bad, d1, WOLD_MISSING_LISTWISE,
                                          &err),
                     WOLD_OK);
    WT_EXPECT_ERROR(wold_hoc_estimate_moments(&h, fx.model, bad, &opt,
                                              WOLD_HOC_REPEATED, &err),
                    &err, WOLD_EUSAGE, "the moments have 4 columns, but the "
                                       "model has");
    assert_null(h);
    wold_moments_free(bad);
    wold_data_free(d1);
    wold_model_free(m1);
    wold_sums_free(s[0]);
    wold_sums_free(s[1]);
}

/* Two-stage refuses a child with a path of its own, at its block. */
static void test_two_stage_child_path(void **state)
{
    (void)state;
    wold_model *m = wt_model("H =~ A + B\nA =~ a1 + a2\nB =~ b1 + b2\n"
                             "C =~ c1 + c2\nC ~ A + H\n");
    const char csv[] = "a1,a2,b1,b2,c1,c2\n1,2,3,4,5,6\n2,3,3,5,6,6\n"
                       "3,3,5,4,7,8\n4,6,5,6,6,9\n5,4,7,8,9,9\n6,7,6,9,8,7\n";
    wold_data *d = NULL;
    wold_error err;
    assert_int_equal(wold_data_parse_csv(&d, csv, strlen(csv), "c.csv", m,
                                         NULL, &err),
                     WOLD_OK);
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_hoc *h = NULL;
    wold_status st = wold_hoc_estimate(&h, m, d, NULL, WOLD_MISSING_LISTWISE,
                                       &opt, WOLD_HOC_TWO_STAGE, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, "cannot keep its path A -> C");
    assert_int_equal(err.line, 2);
    wold_hoc_free(h);
    WT_EXPECT_ERROR(wold_hoc_estimate(&h, m, d, NULL, WOLD_MISSING_LISTWISE,
                                      &opt, (wold_hoc_approach)7, &err),
                    &err, WOLD_EUSAGE, "unknown higher-order approach");
    assert_null(h);
    wold_data_free(d);
    wold_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repeated_by_hand),
        cmocka_unit_test(test_two_stage_by_hand),
        cmocka_unit_test(test_two_stage_child_path),
        cmocka_unit_test(test_from_moments),
        cmocka_unit_test(test_from_sums),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
