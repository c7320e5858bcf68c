/*
 * test_nation.c - the batch national index (src/csi/nation.c, layout.c,
 * aggregate.c, table.c; src/report/nation.c): industry, sector and
 * national aggregates against a hand computation on a tiny wave whose
 * company indices are plain means (one-indicator blocks: the index is
 * 100 (mean - lo) / (hi - lo)); the companies left out (too small, a
 * constant indicator); the same report for 1, 2 and 3 threads; every
 * bad input of the revenue and sector-weight files and of their match
 * with the data; and a simulated wave against its population indices.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* Scale 1-5, single indicators: each company's index is a mean. */
static const char tiny_model[] =
    "scale 1:5\n"
    "A =~ a1\n"
    "B =~ b1\n"
    "B ~ A\n";

/*
 * C1..C5 with 4 rows each, rows interleaved; C6 has 2 rows (too small for
 * min-n 3), C7 a constant a1 (zero variance).  Means: C1 a 2.5 b 3.5,
 * C2 a 4 b 3, C3 a 3 b 2, C4 a 4 b 4, C5 a 2 b 2.
 */
static const char tiny_data[] =
    "firm,ind,sec,a1,b1\n"
    "C1,I1,S1,1,2\n"
    "C2,I1,S1,5,3\n"
    "C3,I2,S1,2,1\n"
    "C4,I3,S2,4,5\n"
    "C5,I3,S2,1,1\n"
    "C6,I2,S1,5,5\n"
    "C7,I3,S2,3,2\n"
    "C1,I1,S1,2,3\n"
    "C2,I1,S1,4,3\n"
    "C3,I2,S1,2,2\n"
    "C4,I3,S2,5,5\n"
    "C5,I3,S2,1,2\n"
    "C6,I2,S1,4,1\n"
    "C7,I3,S2,3,4\n"
    "C1,I1,S1,3,4\n"
    "C2,I1,S1,4,4\n"
    "C3,I2,S1,3,2\n"
    "C4,I3,S2,5,4\n"
    "C5,I3,S2,2,1\n"
    "C7,I3,S2,3,3\n"
    "C1,I1,S1,4,5\n"
    "C2,I1,S1,3,2\n"
    "C3,I2,S1,5,3\n"
    "C4,I3,S2,2,2\n"
    "C5,I3,S2,4,4\n"
    "C7,I3,S2,3,1\n";

static const char tiny_revenue[] =
    "firm,revenue\n"
    "C1,10\nC2,30\nC3,20\nC4,5\nC5,15\nC6,100\nC7,50\n";

static const char tiny_weights[] = "sector,weight\nS1,0.7\nS2,0.3\n";

typedef struct wave {
    wold_model *model;
    wold_data *data;
    wold_nation_table *rev, *sw;
    wold_nation_options opt;
} wave;

static const char *const tiny_labels[] = {"firm", "ind", "sec"};

static wold_data *read_data(const wold_model *m, const char *text,
                            const char *const *labels, size_t n_labels)
{
    wold_csv_options csv;
    wold_csv_options_default(&csv);
    csv.labels = labels;
    csv.n_labels = n_labels;
    wold_data *d = NULL;
    wold_error err;
    wold_status st = wold_data_parse_csv(&d, text, strlen(text), "wave.csv",
                                         m, &csv, &err);
    if (st != WOLD_OK)
        fail_msg("%s", err.message);
    return d;
}

static wold_nation_table *table(const char *text, wold_nation_table_kind k)
{
    wold_nation_table *t = NULL;
    wold_error err;
    if (wold_nation_table_parse(&t, text, strlen(text), "t.csv", k, &err) !=
        WOLD_OK)
        fail_msg("%s", err.message);
    return t;
}

static void tiny_wave(wave *w, int revenue, int weights)
{
    memset(w, 0, sizeof *w);
    w->model = wt_model(tiny_model);
    w->data = read_data(w->model, tiny_data, tiny_labels, 3);
    w->rev = revenue ? table(tiny_revenue, WOLD_NATION_REVENUE) : NULL;
    w->sw = weights ? table(tiny_weights, WOLD_NATION_SECTOR_WEIGHTS) : NULL;
    wold_nation_options_default(&w->opt);
    w->opt.group = "firm";
    w->opt.industry = "ind";
    w->opt.sector = "sec";
    w->opt.revenue = w->rev;
    w->opt.sector_weights = w->sw;
}

static void wave_free(wave *w)
{
    wold_nation_table_free(w->rev);
    wold_nation_table_free(w->sw);
    wold_data_free(w->data);
    wold_model_free(w->model);
}

static wold_nation *run_ok(const wave *w)
{
    wold_nation *nt = NULL;
    wold_error err;
    if (wold_nation_run(&nt, w->model, w->data, &w->opt, &err) != WOLD_OK)
        fail_msg("%s", err.message);
    return nt;
}

static double idx(const wold_nation *nt, wold_nation_level L, size_t k,
                  size_t lv)
{
    const wold_nation_unit *u = wold_nation_unit_get(nt, L, k);
    assert_non_null(u);
    return u->index[lv];
}

#define TOL 1e-9

/* The companies' own indices and the two left out. */
static void check_companies(const wold_nation *nt)
{
    static const double a[] = {37.5, 75, 50, 75, 25};
    static const double b[] = {62.5, 50, 25, 75, 25};
    assert_int_equal(wold_nation_n_units(nt, WOLD_NATION_COMPANY), 7);
    for (size_t c = 0; c < 5; c++) {
        WT_NEAR(idx(nt, WOLD_NATION_COMPANY, c, 0), a[c], TOL, "index A");
        WT_NEAR(idx(nt, WOLD_NATION_COMPANY, c, 1), b[c], TOL, "index B");
    }
    const wold_nation_unit *c6 =
        wold_nation_unit_get(nt, WOLD_NATION_COMPANY, 5);
    const wold_nation_unit *c7 =
        wold_nation_unit_get(nt, WOLD_NATION_COMPANY, 6);
    assert_string_equal(c6->name, "C6");
    assert_int_equal(c6->status, WOLD_NATION_TOO_SMALL);
    assert_int_equal(c6->n, 2);
    assert_non_null(strstr(c6->note, "2 usable rows"));
    assert_int_equal(c7->status, WOLD_NATION_ZERO_VARIANCE);
    assert_non_null(strstr(c7->note, "a1"));
    assert_int_equal(wold_nation_n_left_out(nt), 2);
}

/* Revenue and sector weights: the hand computation of the header. */
static void test_aggregates_revenue(void **state)
{
    (void)state;
    wave w;
    tiny_wave(&w, 1, 1);
    wold_nation *nt = run_ok(&w);
    check_companies(nt);
    /* A: I1 = (10 x 37.5 + 30 x 75) / 40, I2 = C3, I3 = (5 x 75 + 15 x
     * 25) / 20: C6 and C7 are left out of their industries' means, but
     * their revenue stays in their industries' (I2 = 20 + 100, I3 = 5 +
     * 15 + 50).  S1 = (40 I1 + 120 I2) / 160, S2 = I3; nation 0.7 S1 +
     * 0.3 S2. */
    double i1 = (10 * 37.5 + 30 * 75) / 40.0, i2 = 50, i3 = 37.5;
    double s1 = (40 * i1 + 120 * i2) / 160.0, s2 = i3;
    WT_NEAR(idx(nt, WOLD_NATION_INDUSTRY, 0, 0), i1, TOL, "I1");
    WT_NEAR(idx(nt, WOLD_NATION_INDUSTRY, 1, 0), i2, TOL, "I2");
    WT_NEAR(idx(nt, WOLD_NATION_INDUSTRY, 2, 0), i3, TOL, "I3");
    WT_NEAR(idx(nt, WOLD_NATION_SECTOR, 0, 0), s1, TOL, "S1");
    WT_NEAR(idx(nt, WOLD_NATION_SECTOR, 1, 0), s2, TOL, "S2");
    WT_NEAR(idx(nt, WOLD_NATION_NATION, 0, 0), 0.7 * s1 + 0.3 * s2, TOL,
            "nation A");
    /* B the same way. */
    double j1 = (10 * 62.5 + 30 * 50) / 40.0, j2 = 25, j3 = 37.5;
    double t1 = (40 * j1 + 120 * j2) / 160.0;
    WT_NEAR(idx(nt, WOLD_NATION_NATION, 0, 1), 0.7 * t1 + 0.3 * j3, TOL,
            "nation B");
    const wold_nation_unit *u = wold_nation_unit_get(nt, WOLD_NATION_SECTOR, 0);
    assert_int_equal(u->used[0], 2);
    WT_NEAR(u->weight, 0.7, TOL, "sector weight");
    u = wold_nation_unit_get(nt, WOLD_NATION_INDUSTRY, 2);
    assert_int_equal(u->used[0], 2); /* C4 and C5, not C7 */
    WT_NEAR(u->weight, 5 + 15 + 50, TOL, "industry revenue, C7's in it");
    assert_true(isnan(u->se[0])); /* no bootstrap */
    wold_nation_free(nt);
    wave_free(&w);
}

/* Revenue without sector weights: sectors weigh by revenue. */
static void test_aggregates_sector_revenue(void **state)
{
    (void)state;
    wave w;
    tiny_wave(&w, 1, 0);
    /* S1 carries 10 + 30 + 20 + 100 = 160, S2 5 + 15 + 50 = 70. */
    wold_nation *nt = run_ok(&w);
    double i1 = (10 * 37.5 + 30 * 75) / 40.0, i3 = 37.5;
    double s1 = (40 * i1 + 120 * 50) / 160.0;
    WT_NEAR(idx(nt, WOLD_NATION_NATION, 0, 0), (160 * s1 + 70 * i3) / 230.0,
            TOL, "nation by revenue");
    wold_nation_free(nt);
    wave_free(&w);
}

/* No revenue: companies weigh equally, sectors by their companies. */
static void test_aggregates_equal(void **state)
{
    (void)state;
    wave w;
    tiny_wave(&w, 0, 0);
    wold_nation *nt = run_ok(&w);
    check_companies(nt);
    double i1 = (37.5 + 75) / 2, i2 = 50, i3 = 50;
    WT_NEAR(idx(nt, WOLD_NATION_INDUSTRY, 0, 0), i1, TOL, "I1");
    /* I2 has C3 and C6 (2 companies), I1 2, I3 3 (C4, C5, C7). */
    double s1 = (2 * i1 + 2 * i2) / 4, s2 = i3;
    WT_NEAR(idx(nt, WOLD_NATION_SECTOR, 0, 0), s1, TOL, "S1");
    WT_NEAR(idx(nt, WOLD_NATION_NATION, 0, 0), (4 * s1 + 3 * s2) / 7, TOL,
            "nation");
    wold_nation_free(nt);
    wave_free(&w);
}

/* --min-n 5 leaves every company out: the aggregates are undefined. */
static void test_min_n(void **state)
{
    (void)state;
    wave w;
    tiny_wave(&w, 1, 1);
    w.opt.min_n = 5;
    wold_nation *nt = run_ok(&w);
    assert_int_equal(wold_nation_n_left_out(nt), 7);
    assert_true(isnan(idx(nt, WOLD_NATION_NATION, 0, 0)));
    assert_int_equal(wold_nation_unit_get(nt, WOLD_NATION_NATION, 0)->used[0],
                     0);
    char *text = NULL;
    assert_int_equal(wold_report_nation(&text, nt, NULL, WOLD_FORMAT_TEXT,
                                        WOLD_LANG_EN, NULL), WOLD_OK);
    assert_non_null(strstr(text, "Left out of the aggregates"));
    assert_non_null(strstr(text, "too small"));
    free(text);
    wold_nation_free(nt);
    wave_free(&w);
}

/* ---- threads ----------------------------------------------------------- */

static const char sim_model[] =
    "Expectation  =~ 0.8*e1 + 0.8*e2 + 0.8*e3\n"
    "Quality      =~ 0.8*q1 + 0.8*q2 + 0.8*q3\n"
    "Satisfaction =~ 0.8*s1 + 0.8*s2 + 0.8*s3\n"
    "Quality      ~ 0.5*Expectation\n"
    "Satisfaction ~ 0.2*Expectation + 0.5*Quality\n";

static const char *const wave_labels[] = {"company", "industry", "sector"};

/* A simulated wave as CSV text (malloc'd). */
static char *simulate_wave(const wold_model *m, const wold_simulate_options *o)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    wold_error err;
    if (wold_simulate_csv(m, o, f, &err) != WOLD_OK)
        fail_msg("%s", err.message);
    fclose(f);
    return buf;
}

static char *report(const wold_model *m, const wold_data *d, int threads,
                    wold_format format)
{
    wold_nation_options opt;
    wold_nation_options_default(&opt);
    opt.group = "company";
    opt.industry = "industry";
    opt.sector = "sector";
    opt.threads = threads;
    opt.replicates = 40;
    wold_nation *nt = NULL;
    wold_error err;
    if (wold_nation_run(&nt, m, d, &opt, &err) != WOLD_OK)
        fail_msg("%s", err.message);
    char *text = NULL;
    assert_int_equal(wold_report_nation(&text, nt, NULL, format,
                                        WOLD_LANG_EN, NULL), WOLD_OK);
    wold_nation_free(nt);
    return text;
}

static void test_threads(void **state)
{
    (void)state;
    wold_model *m = wt_model(sim_model);
    assert_int_equal(wold_model_set_default_scale(m, 1, 10, NULL), WOLD_OK);
    wold_simulate_options o;
    wold_simulate_options_default(&o);
    o.n = 60;
    o.seed = 5;
    o.scale_lo = 1, o.scale_hi = 10;
    o.groups = 9, o.industries = 3, o.sectors = 2;
    char *csv = simulate_wave(m, &o);
    wold_data *d = read_data(m, csv, wave_labels, 3);
    char *one = report(m, d, 1, WOLD_FORMAT_JSON);
    char *two = report(m, d, 2, WOLD_FORMAT_JSON);
    char *three = report(m, d, 3, WOLD_FORMAT_JSON);
    assert_string_equal(one, two);
    assert_string_equal(one, three);
    assert_non_null(strstr(one, "\"se\": "));
    free(one), free(two), free(three);
    one = report(m, d, 1, WOLD_FORMAT_CSV);
    three = report(m, d, 3, WOLD_FORMAT_CSV);
    assert_string_equal(one, three);
    free(one), free(three);
    wold_data_free(d);
    free(csv);
    wold_model_free(m);
}


/* ---- a run in parts (MPI ranks) ---------------------------------------- */

static wold_nation *run_part(const wold_model *m, const wold_data *d,
                             wold_nation_options o, size_t k, size_t np)
{
    o.part = k;
    o.n_parts = np;
    wold_nation *nt = NULL;
    wold_error err;
    if (wold_nation_run(&nt, m, d, &o, &err) != WOLD_OK)
        fail_msg("%s", err.message);
    return nt;
}

/* Parts 0 .. np - 1 run one by one, packed and joined into part 0. */
static char *report_parts(const wold_model *m, const wold_data *d,
                          const wold_nation_options *o, size_t np)
{
    wold_nation *a = run_part(m, d, *o, 0, np);
    assert_int_equal(wold_nation_complete(a), np == 1);
    for (size_t k = 1; k < np; k++) {
        wold_nation *p = run_part(m, d, *o, k, np);
        void *buf = NULL;
        size_t len = 0;
        wold_error err;
        assert_int_equal(wold_nation_pack(p, &buf, &len, &err), WOLD_OK);
        wold_status st = wold_nation_join(a, buf, len, &err);
        WT_EXPECT_ERROR(st, &err, WOLD_OK, NULL);
        free(buf);
        wold_nation_free(p);
    }
    assert_true(wold_nation_complete(a));
    char *text = NULL;
    assert_int_equal(wold_report_nation(&text, a, NULL, WOLD_FORMAT_JSON,
                                        WOLD_LANG_EN, NULL), WOLD_OK);
    wold_nation_free(a);
    return text;
}

/* 1 to 12 parts of 9 companies (some parts empty), one of them too small
 * and with its note: the report of the whole run, byte for byte; then
 * every join error. */
static void test_parts(void **state)
{
    (void)state;
    wold_model *m = wt_model(sim_model);
    assert_int_equal(wold_model_set_default_scale(m, 1, 10, NULL), WOLD_OK);
    wold_simulate_options so;
    wold_simulate_options_default(&so);
    so.n = 60, so.seed = 5, so.scale_lo = 1, so.scale_hi = 10;
    so.groups = 9, so.industries = 3, so.sectors = 2;
    char *csv = simulate_wave(m, &so);
    wold_data *d = read_data(m, csv, wave_labels, 3);
    wold_nation_options o;
    wold_nation_options_default(&o);
    o.group = "company", o.industry = "industry", o.sector = "sector";
    o.replicates = 20;
    o.min_n = 61; /* the companies of 60 rows: too small, with a note */
    char *small = report_parts(m, d, &o, 1);
    assert_non_null(strstr(small, "too small"));
    free(small);
    o.min_n = 0;
    char *want = report(m, d, 2, WOLD_FORMAT_JSON);
    const size_t parts[] = {1, 2, 3, 4, 12};
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
        o.replicates = 40;
        char *got = report_parts(m, d, &o, parts[k]);
        assert_string_equal(want, got);
        free(got);
    }
    free(want);

    wold_nation *a = run_part(m, d, o, 0, 3), *p1 = run_part(m, d, o, 1, 3),
                *p2 = run_part(m, d, o, 2, 3);
    void *b1 = NULL, *b2 = NULL;
    size_t l1 = 0, l2 = 0;
    wold_error err;
    assert_int_equal(wold_nation_pack(p1, &b1, &l1, NULL), WOLD_OK);
    assert_int_equal(wold_nation_pack(p2, &b2, &l2, NULL), WOLD_OK);
    WT_EXPECT_ERROR(wold_nation_join(a, b2, l2, &err), &err, WOLD_EUSAGE,
                    "the part (parts join in order) differs");
    WT_EXPECT_ERROR(wold_nation_join(a, b1, l1 - 3, &err), &err, WOLD_EUSAGE,
                    "truncated or corrupt");
    WT_EXPECT_ERROR(wold_nation_join(a, b1, 5, &err), &err, WOLD_EUSAGE,
                    "not a batch index part");
    WT_EXPECT_ERROR(wold_nation_join(p1, b2, l2, &err), &err, WOLD_EUSAGE,
                    "joined into part 0");
    assert_false(wold_nation_complete(a));
    assert_int_equal(wold_nation_join(a, b1, l1, &err), WOLD_OK);
    assert_int_equal(wold_nation_join(a, b2, l2, &err), WOLD_OK);
    WT_EXPECT_ERROR(wold_nation_join(a, b2, l2, &err), &err, WOLD_EUSAGE,
                    "is complete");
    void *b3 = NULL;
    size_t l3 = 0;
    WT_EXPECT_ERROR(wold_nation_pack(a, &b3, &l3, &err), &err, WOLD_EUSAGE,
                    "only a part");
    o.part = 3, o.n_parts = 3;
    wold_nation *none = NULL;
    WT_EXPECT_ERROR(wold_nation_run(&none, m, d, &o, &err), &err, WOLD_EUSAGE,
                    "got part 3 of 3");
    free(b1), free(b2);
    wold_nation_free(a), wold_nation_free(p1), wold_nation_free(p2);
    wold_data_free(d);
    free(csv);
    wold_model_free(m);
}

/* ---- survey weights ---------------------------------------------------- */

/* Integer weights k give each company the index of its rows repeated k
 * times (weighted PLS per company, docs/methods.md, section 14). */
static void test_weights(void **state)
{
    (void)state;
    wold_model *m = wt_model(sim_model);
    assert_int_equal(wold_model_set_default_scale(m, 1, 10, NULL), WOLD_OK);
    wold_simulate_options o;
    wold_simulate_options_default(&o);
    o.n = 40, o.seed = 9, o.scale_lo = 1, o.scale_hi = 10;
    o.groups = 3, o.industries = 3, o.sectors = 1;
    char *csv = simulate_wave(m, &o);
    size_t cap = 4 * strlen(csv) + 64, wl = 0, rl = 0;
    char *wtext = malloc(cap), *rtext = malloc(cap);
    assert_non_null(wtext);
    assert_non_null(rtext);
    size_t off = 0, len = strlen(csv);
    for (int r = -1; off < len; r++) {
        size_t e = off;
        while (csv[e] != '\n')
            e++;
        int n = (int)(e - off), k = r < 0 ? 0 : 1 + r % 3;
        if (r < 0)
            wl += (size_t)sprintf(wtext + wl, "%.*s,w\n", n, csv + off);
        else
            wl += (size_t)sprintf(wtext + wl, "%.*s,%d\n", n, csv + off, k);
        for (int c = 0; c < (r < 0 ? 1 : k); c++)
            rl += (size_t)sprintf(rtext + rl, "%.*s\n", n, csv + off);
        off = e + 1;
    }
    wold_csv_options co;
    wold_csv_options_default(&co);
    co.labels = wave_labels;
    co.n_labels = 3;
    co.weights = "w";
    wold_data *dw = NULL;
    assert_int_equal(wold_data_parse_csv(&dw, wtext, wl, "w.csv", m, &co,
                                         NULL), WOLD_OK);
    wold_data *dr = read_data(m, rtext, wave_labels, 3);
    wold_nation_options opt;
    wold_nation_options_default(&opt);
    opt.group = "company";
    opt.industry = "industry";
    wold_nation *a = NULL, *b = NULL;
    assert_int_equal(wold_nation_run(&a, m, dw, &opt, NULL), WOLD_OK);
    assert_int_equal(wold_nation_run(&b, m, dr, &opt, NULL), WOLD_OK);
    for (size_t g = 0; g < 3; g++)
        for (size_t j = 0; j < 3; j++)
            WT_NEAR(idx(a, WOLD_NATION_COMPANY, g, j),
                    idx(b, WOLD_NATION_COMPANY, g, j), 1e-9,
                    "weighted index against repeated rows");
    WT_NEAR(idx(a, WOLD_NATION_NATION, 0, 2), idx(b, WOLD_NATION_NATION, 0, 2),
            1e-9, "national index");
    wold_nation_free(a);
    wold_nation_free(b);
    wold_data_free(dw);
    wold_data_free(dr);
    free(wtext), free(rtext), free(csv);
    wold_model_free(m);
}

/* ---- a simulated wave against its population -------------------------- */

/* E[likert(x)] for x ~ N(mu, 1) coded round(mid + x (hi - lo) / 6) and
 * clamped to [lo, hi] (docs/simulate.md, "Likert coding"). */
static double likert_mean(double mu, int lo, int hi)
{
    double mid = 0.5 * (lo + hi), s = (hi - lo) / 6.0, e = hi;
    for (int k = lo; k < hi; k++) {
        double z = (k + 0.5 - mid) / s - mu;
        e -= 0.5 * erfc(-z / sqrt(2.0)); /* P(coded value <= k) */
    }
    return e;
}

static void test_population(void **state)
{
    (void)state;
    wold_model *m = wt_model(sim_model);
    assert_int_equal(wold_model_set_default_scale(m, 1, 10, NULL), WOLD_OK);
    wold_simulate_options o;
    wold_simulate_options_default(&o);
    o.n = 4000;
    o.seed = 11;
    o.scale_lo = 1, o.scale_hi = 10;
    o.groups = 4, o.industries = 2, o.sectors = 1;
    o.shift = 1.0;
    char *csv = simulate_wave(m, &o);
    wold_data *d = read_data(m, csv, wave_labels, 3);
    wold_nation_options opt;
    wold_nation_options_default(&opt);
    opt.group = "company";
    opt.industry = "industry";
    opt.sector = "sector";
    wold_nation *nt = NULL;
    assert_int_equal(wold_nation_run(&nt, m, d, &opt, NULL), WOLD_OK);
    /* Every indicator of company g is N(0.8 d_g, 1) before coding, so
     * each block's population index is that of one item, whatever the
     * weights. */
    for (size_t g = 0; g < 4; g++) {
        double mu = 0.8 * wold_simulate_group_shift(&o, g);
        double pop = 100 * (likert_mean(mu, 1, 10) - 1) / 9;
        for (size_t j = 0; j < 3; j++)
            WT_NEAR(idx(nt, WOLD_NATION_COMPANY, g, j), pop, 1.0,
                    "index against the population");
    }
    /* The shifts: d_g = 1/2 + (g mod 2 + 1/2)/2 + (g + 1/2)/4 - 3/2. */
    WT_NEAR(wold_simulate_group_shift(&o, 0), 0.5 + 0.25 + 0.125 - 1.5,
            1e-15, "shift of C1");
    WT_NEAR(wold_simulate_group_shift(&o, 3), 0.5 + 0.75 + 0.875 - 1.5,
            1e-15, "shift of C4");
    wold_nation_free(nt);
    wold_data_free(d);
    free(csv);
    wold_model_free(m);
}

/* ---- bad input: the two files ----------------------------------------- */

static void expect_table_error(const char *text, wold_nation_table_kind k,
                               long line, long col, const char *needle)
{
    wold_nation_table *t = NULL;
    wold_error err;
    wold_status st = wold_nation_table_parse(&t, text, strlen(text), "t.csv",
                                             k, &err);
    WT_EXPECT_ERROR(st, &err, WOLD_EINPUT, needle);
    assert_null(t);
    assert_string_equal(err.file, "t.csv");
    if (err.line != line || err.col != col)
        fail_msg("'%s': at %ld:%ld, expected %ld:%ld", needle, err.line,
                 err.col, line, col);
}

static void test_revenue_errors(void **state)
{
    (void)state;
    wold_nation_table_kind R = WOLD_NATION_REVENUE;
    expect_table_error("", R, 0, 0, "the file is empty");
    expect_table_error("firm,income\nC1,3\n", R, 1, 0,
                       "no column 'revenue'");
    expect_table_error("revenue,firm\n3,C1\n", R, 1, 1,
                       "first column must hold the companies");
    expect_table_error("firm,revenue\n", R, 1, 0, "no rows");
    expect_table_error("firm,revenue\nC1,abc\n", R, 2, 2,
                       "'abc': expected a number");
    expect_table_error("firm,revenue\nC1,-4\n", R, 2, 2,
                       "must be positive");
    expect_table_error("firm,revenue\nC1,0\n", R, 2, 2, "must be positive");
    expect_table_error("firm,revenue\nC1,\n", R, 2, 2, "is missing");
    expect_table_error("firm,revenue\nC1,3\n\nC2,4\nC1,5\n", R, 5, 1,
                       "'C1' appears twice (first on line 2)");
    expect_table_error("firm,revenue\n,3\n", R, 2, 1, "name is empty");
    expect_table_error("firm,revenue\nC1,3,4\n", R, 2, 3, "3 fields");
    expect_table_error("firm,revenue\nC1\n", R, 2, 1, "1 field where");
    expect_table_error("firm,revenue\n\"C1,3\n", R, 2, 1, "quoted field");
    expect_table_error("firm,revenue\nC1,3\nC2,4\xff\n", R, 3, 5,
                       "byte \\xFF: a revenue file is UTF-8 text");
    expect_table_error("firm,revenue\nC\0011,3\n", R, 2, 2,
                       "byte \\x01");
}

static void test_sector_weight_errors(void **state)
{
    (void)state;
    wold_nation_table_kind W = WOLD_NATION_SECTOR_WEIGHTS;
    expect_table_error("name,weight\nS1,1\n", W, 1, 0, "no column 'sector'");
    expect_table_error("sector,share\nS1,1\n", W, 1, 0, "no column 'weight'");
    expect_table_error("sector,weight\nS1,0.5\nS2,-0.5\n", W, 3, 2,
                       "must be 0 or more");
    expect_table_error("sector,weight\nS1,0.5\nS2,x\n", W, 3, 2,
                       "expected a number");
    expect_table_error("sector,weight\nS1,0.5\nS1,0.5\n", W, 3, 1,
                       "appears twice");
    expect_table_error("sector,weight\nS1,0.5\nS2,0.4\n", W, 0, 0,
                       "sum to 0.9");
    /* Rounded shares are accepted and normalised; ';' is detected. */
    wold_nation_table *t = table("weight;sector\n0.333;S1\n0.333;S2\n"
                                 "0.333;S3\n", W);
    assert_int_equal(wold_nation_table_n(t), 3);
    assert_string_equal(wold_nation_table_name(t, 2), "S3");
    WT_NEAR(wold_nation_table_value(t, 0), 1.0 / 3, 1e-15, "normalised");
    wold_nation_table_free(t);
}

/* ---- bad input: the files against the data ---------------------------- */

static void expect_run_error(const wave *w, wold_status status,
                             const char *needle, const char *file, long line)
{
    wold_nation *nt = NULL;
    wold_error err;
    wold_status st = wold_nation_run(&nt, w->model, w->data, &w->opt, &err);
    WT_EXPECT_ERROR(st, &err, status, needle);
    assert_null(nt);
    if (file != NULL)
        assert_string_equal(err.file, file);
    assert_int_equal(err.line, line);
}

static void with_revenue(wave *w, const char *text)
{
    wold_nation_table_free(w->rev);
    w->rev = table(text, WOLD_NATION_REVENUE);
    w->opt.revenue = w->rev;
}

static void with_weights(wave *w, const char *text)
{
    wold_nation_table_free(w->sw);
    w->sw = table(text, WOLD_NATION_SECTOR_WEIGHTS);
    w->opt.sector_weights = w->sw;
}

static void test_match_errors(void **state)
{
    (void)state;
    wave w;
    tiny_wave(&w, 1, 1);
    with_revenue(&w, "firm,revenue\nC1,1\nC2,1\nC3,1\nC4,1\nC5,1\nC6,1\n");
    expect_run_error(&w, WOLD_EINPUT, "company 'C7' of the data (column "
                     "firm) has no revenue", "t.csv", 0);
    with_revenue(&w, "firm,revenue\nC1,1\nC2,1\nC3,1\nC4,1\nC5,1\nC6,1\n"
                     "C7,1\nC8,1\n");
    expect_run_error(&w, WOLD_EINPUT, "company 'C8' has a revenue but no "
                     "rows in the data", "t.csv", 9);
    with_revenue(&w, tiny_revenue);
    with_weights(&w, "sector,weight\nS1,1\n");
    expect_run_error(&w, WOLD_EINPUT, "sector 'S2' of the data (column sec) "
                     "has no weight", "t.csv", 0);
    with_weights(&w, "sector,weight\nS1,0.5\nS2,0.25\nS3,0.25\n");
    expect_run_error(&w, WOLD_EINPUT, "sector 'S3' has a weight but is not "
                     "in the data", "t.csv", 4);
    with_weights(&w, tiny_weights);
    w.opt.group = "nope";
    expect_run_error(&w, WOLD_EUSAGE, "--group nope", NULL, 0);
    w.opt.group = "firm";
    w.opt.sector = NULL;
    expect_run_error(&w, WOLD_EUSAGE, "--sector-weights needs --sector",
                     NULL, 0);
    w.opt.sector = "sec";
    w.opt.industry = NULL;
    expect_run_error(&w, WOLD_EUSAGE, "--sector needs --industry", NULL, 0);
    wave_free(&w);
}

static void test_nesting_errors(void **state)
{
    (void)state;
    wave w;
    tiny_wave(&w, 0, 0);
    wold_data_free(w.data);
    w.data = read_data(w.model, "firm,ind,sec,a1,b1\nC1,I1,S1,1,2\n"
                       "C1,I2,S1,2,3\nC1,I1,S1,3,3\n", tiny_labels, 3);
    expect_run_error(&w, WOLD_EINPUT, "firm 'C1' has two values in column ind, 'I1' (data row 1) and 'I2' (data row 2)", "wave.csv", 0);
    wold_data_free(w.data);
    w.data = read_data(w.model, "firm,ind,sec,a1,b1\nC1,I1,S1,1,2\n"
                       "C2,I1,S2,2,3\nC1,I1,S1,3,3\n", tiny_labels, 3);
    expect_run_error(&w, WOLD_EINPUT, "ind 'I1' has two values in column sec", "wave.csv",
                     0);
    wave_free(&w);
}

static void test_no_scale(void **state)
{
    (void)state;
    wave w;
    tiny_wave(&w, 0, 0);
    wold_model_free(w.model);
    w.model = wt_model("A =~ a1\nB =~ b1\nB ~ A\n");
    wold_data_free(w.data);
    w.data = read_data(w.model, tiny_data, tiny_labels, 3);
    expect_run_error(&w, WOLD_EINPUT, "no scale for a1", NULL, 2 - 1);
    wave_free(&w);
}

/* The JSON names every level with the names of the data. */
static void test_report_json(void **state)
{
    (void)state;
    wave w;
    tiny_wave(&w, 1, 1);
    wold_nation *nt = run_ok(&w);
    char *text = NULL;
    assert_int_equal(wold_report_nation(&text, nt, NULL, WOLD_FORMAT_JSON,
                                        WOLD_LANG_ZH, NULL), WOLD_OK);
    assert_non_null(strstr(text, "\"companies_weighted_by\": \"revenue\""));
    assert_non_null(strstr(text, "\"sectors_weighted_by\": \"sector weights\""));
    assert_non_null(strstr(text, "\"name\": \"C7\""));
    assert_non_null(strstr(text, "\"status\": \"zero variance\""));
    free(text);
    assert_int_equal(wold_report_nation(&text, nt, NULL, WOLD_FORMAT_CSV,
                                        WOLD_LANG_EN, NULL), WOLD_OK);
    assert_non_null(strstr(text, "nation,nation,,A,2,1,"));
    free(text);
    assert_int_equal(wold_report_nation(&text, nt, NULL, (wold_format)9,
                                        WOLD_LANG_EN, NULL), WOLD_EUSAGE);
    wold_nation_free(nt);
    wave_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aggregates_revenue),
        cmocka_unit_test(test_aggregates_sector_revenue),
        cmocka_unit_test(test_aggregates_equal),
        cmocka_unit_test(test_min_n),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_parts),
        cmocka_unit_test(test_population),
        cmocka_unit_test(test_weights),
        cmocka_unit_test(test_revenue_errors),
        cmocka_unit_test(test_sector_weight_errors),
        cmocka_unit_test(test_match_errors),
        cmocka_unit_test(test_nesting_errors),
        cmocka_unit_test(test_no_scale),
        cmocka_unit_test(test_report_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
