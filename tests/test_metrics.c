/*
 * test_metrics.c - the survey metrics (src/csi/metrics*.c): every number
 * against a hand computation on a five-row panel, Wilson bounds from the
 * formula, weights against repeated rows, and each bad input.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "testutil.h"

#define TOL 1e-12
#define Z95 1.959963984540054

static const char panel[] =
    "region,w,nps,sat,effort,q1,q2,q3,perc,expe,start,end,new,rep,buy,"
    "val,freq,life,comment\n"
    "north,1,10,5,2,4,5,3,8,7,100,95,10,30,50,20,3,2,fine\n"
    "north,2,9,4,3,5,4,4,7,7,80,78,5,20,40,25,2,3,\"ok, really\"\n"
    "south,1,6,3,5,3,3,2,6,8,120,100,20,10,60,30,1,4,slow\n"
    "\n"
    "south,1,8,2,6,2,3,3,5,6,90,85,0,15,30,10,4,1,\n"
    "south,3,0,5,1,5,5,5,9,8,50,52,4,25,25,40,2,2,bad\n";

/* The same panel with the weighted rows repeated (w times). */
static const char repeated[] =
    "region,nps,sat,effort,q1,q2,q3,perc,expe,start,end,new,rep,buy,"
    "val,freq,life\n"
    "north,10,5,2,4,5,3,8,7,100,95,10,30,50,20,3,2\n"
    "north,9,4,3,5,4,4,7,7,80,78,5,20,40,25,2,3\n"
    "north,9,4,3,5,4,4,7,7,80,78,5,20,40,25,2,3\n"
    "south,6,3,5,3,3,2,6,8,120,100,20,10,60,30,1,4\n"
    "south,8,2,6,2,3,3,5,6,90,85,0,15,30,10,4,1\n"
    "south,0,5,1,5,5,5,9,8,50,52,4,25,25,40,2,2\n"
    "south,0,5,1,5,5,5,9,8,50,52,4,25,25,40,2,2\n"
    "south,0,5,1,5,5,5,9,8,50,52,4,25,25,40,2,2\n";

static wold_metrics_spec *full_spec(void)
{
    static const struct { wold_metric_kind k; const char *a; } add[] = {
        {WOLD_METRIC_NPS, "nps"},
        {WOLD_METRIC_CSAT, "sat"},
        {WOLD_METRIC_CSAT, "sat:5"},
        {WOLD_METRIC_CES, "effort"},
        {WOLD_METRIC_SCORE, "product=0.6:q1+q2"},
        {WOLD_METRIC_SCORE, "service=0.4:q3"},
        {WOLD_METRIC_RATIO, "perc:expe"},
        {WOLD_METRIC_RETENTION, "start:end:new"},
        {WOLD_METRIC_REPEAT, "rep:buy"},
        {WOLD_METRIC_CLV, "val:freq:life"}};
    wold_metrics_spec *s = NULL;
    wold_error err;
    assert_int_equal(wold_metrics_spec_alloc(&s, &err), WOLD_OK);
    for (size_t k = 0; k < sizeof add / sizeof add[0]; k++)
        assert_int_equal(wold_metrics_spec_add(s, add[k].k, add[k].a, &err),
                         WOLD_OK);
    assert_int_equal(wold_metrics_spec_settings(s, 3.0, 0.95, &err), WOLD_OK);
    return s;
}

static wold_metrics *run(const char *text, const wold_metrics_spec *s,
                         const char *group, const char *weights)
{
    wold_metrics *m = NULL;
    wold_error err;
    wold_csv_options csv;
    wold_csv_options_default(&csv);
    if (wold_metrics_parse(&m, text, strlen(text), "panel.csv", s, group,
                           weights, &csv, &err) != WOLD_OK)
        fail_msg("%s", err.message);
    return m;
}

/* Statistic name (k-th of that name) in group g. */
static const wold_metric_value *get(const wold_metrics *m, size_t g,
                                    const char *name, size_t nth)
{
    for (size_t k = 0; k < wold_metrics_n_stats(m); k++)
        if (strcmp(wold_metrics_stat(m, k)->name, name) == 0 && nth-- == 0)
            return wold_metrics_value(m, g, k);
    fail_msg("no statistic %s", name);
    return NULL;
}

static void wilson(double p, double n, double *lo, double *hi)
{
    double z2 = Z95 * Z95;
    double c = (p + z2 / (2 * n)) / (1 + z2 / n);
    double h = Z95 / (1 + z2 / n) * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    *lo = fmax(0, c - h);
    *hi = fmin(1, c + h);
}

static void test_wilson(void **state)
{
    (void)state;
    double lo, hi;
    /* 2 of 5 at 95%: 0.1176, 0.7693 (Newcombe 1998, method 3). */
    wold_wilson_interval(0.4, 5, 0.95, &lo, &hi);
    WT_NEAR(lo, 0.11762, 5e-5, "wilson lo");
    WT_NEAR(hi, 0.76928, 5e-5, "wilson hi");
    /* 0 of 10: [0, z^2 / (n + z^2)]. */
    wold_wilson_interval(0, 10, 0.95, &lo, &hi);
    WT_NEAR(lo, 0, TOL, "wilson 0 lo");
    WT_NEAR(hi, Z95 * Z95 / (10 + Z95 * Z95), TOL, "wilson 0 hi");
    wold_wilson_interval(1, 10, 0.95, &lo, &hi);
    WT_NEAR(hi, 1, TOL, "wilson 1 hi");
    wold_wilson_interval(0.5, 0, 0.95, &lo, &hi);
    assert_true(isnan(lo) && isnan(hi));
    wold_wilson_interval(0.3, 40, 0.9, &lo, &hi);
    double z = 1.6448536269514722, z2 = z * z, n = 40;
    double c = (0.3 + z2 / 80) / (1 + z2 / n);
    WT_NEAR(lo, c - z / (1 + z2 / n) * sqrt(0.21 / n + z2 / (4 * n * n)),
            TOL, "wilson 90");
}

/* Every statistic over all rows, by hand. */
static void test_unweighted(void **state)
{
    (void)state;
    wold_metrics_spec *s = full_spec();
    wold_metrics *m = run(panel, s, NULL, NULL);
    double lo, hi;
    assert_int_equal(wold_metrics_n_groups(m), 1);
    assert_string_equal(wold_metrics_group_name(m, 0), "all");
    /* NPS answers 10 9 6 8 0: 2 promoters, 2 detractors, 1 passive. */
    const wold_metric_value *v = get(m, 0, "nps", 0);
    WT_NEAR(v->value, 0, TOL, "nps");
    double var = (0.4 + 0.4 - 0) / 5;
    WT_NEAR(v->hi, 100 * Z95 * sqrt(var), 1e-9, "nps hi");
    v = get(m, 0, "promoters", 0);
    wilson(0.4, 5, &lo, &hi);
    WT_NEAR(v->value, 40, TOL, "promoters");
    WT_NEAR(v->lo, 100 * lo, 1e-10, "promoters lo");
    WT_NEAR(v->hi, 100 * hi, 1e-10, "promoters hi");
    WT_NEAR(get(m, 0, "passives", 0)->value, 20, TOL, "passives");
    WT_NEAR(get(m, 0, "detractors", 0)->value, 40, TOL, "detractors");
    /* CSAT 5 4 3 2 5: top two boxes 3 of 5; top box 2 of 5. */
    WT_NEAR(get(m, 0, "csat", 0)->value, 60, TOL, "csat");
    WT_NEAR(get(m, 0, "csat", 1)->value, 40, TOL, "csat top box");
    /* CES 2 3 5 6 1: mean 3.4, population var 3.44, s.e. sqrt(3.44/4). */
    v = get(m, 0, "ces", 0);
    WT_NEAR(v->value, 3.4, TOL, "ces");
    WT_NEAR(v->hi - v->value, Z95 * sqrt(3.44 / 4), 1e-10, "ces interval");
    /* product: row means 4.5 4.5 3 2.5 5 -> 3.9; service 3 4 2 3 5 -> 3.4;
     * S = 0.6 * 3.9 + 0.4 * 3.4 = 3.7. */
    WT_NEAR(get(m, 0, "dimension", 0)->value, 3.9, TOL, "product");
    WT_NEAR(get(m, 0, "dimension", 1)->value, 3.4, TOL, "service");
    WT_NEAR(get(m, 0, "score", 0)->value, 3.7, 1e-12, "S");
    WT_NEAR(get(m, 0, "standard", 0)->value, 3.0, TOL, "standard");
    /* C = mean perceived 7 / mean expected 7.2. */
    WT_NEAR(get(m, 0, "ratio", 0)->value, 35.0 / 36.0, TOL, "ratio");
    /* Retention: (410 - 39) / 440; churn the rest; Wilson on 440. */
    v = get(m, 0, "retention", 0);
    WT_NEAR(v->value, 100 * 371.0 / 440, 1e-10, "retention");
    wilson(371.0 / 440, 440, &lo, &hi);
    WT_NEAR(v->lo, 100 * lo, 1e-10, "retention lo");
    WT_NEAR(get(m, 0, "churn", 0)->value, 100 * 69.0 / 440, 1e-10, "churn");
    WT_NEAR(get(m, 0, "churn", 0)->hi, 100 * (1 - lo), 1e-9, "churn hi");
    /* Repeat: 100 / 205. */
    WT_NEAR(get(m, 0, "repeat_rate", 0)->value, 100 * 100.0 / 205, 1e-10,
            "repeat");
    /* CLV: 120 150 120 40 160 -> 118. */
    WT_NEAR(get(m, 0, "clv", 0)->value, 118, 1e-10, "clv");
    wold_metrics_free(m);
    wold_metrics_spec_free(s);
}

static void test_groups(void **state)
{
    (void)state;
    wold_metrics_spec *s = full_spec();
    wold_metrics *m = run(panel, s, "region", NULL);
    assert_int_equal(wold_metrics_n_groups(m), 3);
    assert_string_equal(wold_metrics_group_name(m, 1), "north");
    assert_string_equal(wold_metrics_group_name(m, 2), "south");
    assert_string_equal(wold_metrics_group_column(m), "region");
    WT_NEAR(get(m, 1, "nps", 0)->value, 100, TOL, "north nps");
    WT_NEAR(get(m, 2, "nps", 0)->value, -200.0 / 3, 1e-10, "south nps");
    WT_NEAR(get(m, 2, "ces", 0)->value, 4, TOL, "south ces");
    WT_NEAR(get(m, 1, "retention", 0)->value, 100 * 158.0 / 180, 1e-10,
            "north retention");
    WT_NEAR(get(m, 2, "score", 0)->value,
            0.6 * (3 + 2.5 + 5) / 3 + 0.4 * (2 + 3 + 5) / 3.0, 1e-12,
            "south S");
    wold_metrics_free(m);
    wold_metrics_spec_free(s);
}

/* Integer weights give the values of the repeated rows; the intervals
 * use Kish's n = (sum w)^2 / sum w^2 = 64 / 16 = 4. */
static void test_weights(void **state)
{
    (void)state;
    wold_metrics_spec *s = full_spec();
    wold_metrics *w = run(panel, s, "region", "w");
    wold_metrics *r = run(repeated, s, "region", NULL);
    assert_string_equal(wold_metrics_weights_column(w), "w");
    assert_int_equal(wold_metrics_n_stats(w), wold_metrics_n_stats(r));
    for (size_t g = 0; g < 3; g++)
        for (size_t k = 0; k < wold_metrics_n_stats(w); k++)
            WT_NEAR(wold_metrics_value(w, g, k)->value,
                    wold_metrics_value(r, g, k)->value, 1e-10, "weighted");
    const wold_metric_value *v = get(w, 0, "promoters", 0);
    WT_NEAR(v->n, 8, TOL, "weight total");
    WT_NEAR(v->n_eff, 4, TOL, "kish");
    double lo, hi;
    wilson(3.0 / 8, 4, &lo, &hi);
    WT_NEAR(v->lo, 100 * lo, 1e-10, "weighted wilson lo");
    WT_NEAR(v->hi, 100 * hi, 1e-10, "weighted wilson hi");
    WT_NEAR(get(r, 0, "promoters", 0)->n_eff, 8, TOL, "repeated n");
    wold_metrics_free(w);
    wold_metrics_free(r);
    wold_metrics_spec_free(s);
}

static void expect_parse_error(const char *text, wold_metric_kind kind,
                               const char *arg, wold_status status,
                               const char *needle, long line, long col)
{
    wold_metrics_spec *s = NULL;
    wold_metrics *m = (wold_metrics *)&s;
    wold_error err;
    wold_csv_options csv;
    wold_csv_options_default(&csv);
    assert_int_equal(wold_metrics_spec_alloc(&s, &err), WOLD_OK);
    assert_int_equal(wold_metrics_spec_add(s, kind, arg, &err), WOLD_OK);
    WT_EXPECT_ERROR(wold_metrics_parse(&m, text, strlen(text), "bad.csv", s,
                                       NULL, NULL, &csv, &err),
                    &err, status, needle);
    assert_null(m);
    if (line > 0) {
        assert_int_equal(err.line, line);
        assert_int_equal(err.col, col);
    }
    wold_metrics_spec_free(s);
}

static void test_bad_cells(void **state)
{
    (void)state;
    expect_parse_error("id,nps\n1,3\n2,11\n", WOLD_METRIC_NPS, "nps",
                       WOLD_EINPUT, "whole number from 0 to 10", 3, 2);
    expect_parse_error("id,nps\n1,3\n\n\"two\nlines\",9.5\n", WOLD_METRIC_NPS,
                       "nps", WOLD_EINPUT, "whole number", 5, 2);
    expect_parse_error("sat,x\n6,1\n", WOLD_METRIC_CSAT, "sat", WOLD_EINPUT,
                       "on its scale 1 to 5", 2, 1);
    expect_parse_error("e\n8\n", WOLD_METRIC_CES, "e", WOLD_EINPUT,
                       "--ces-scale MIN:MAX", 2, 1);
    expect_parse_error("s,e,n\n10,20,5\n", WOLD_METRIC_RETENTION, "s:e:n",
                       WOLD_EINPUT, "between 0 and the customers at the start",
                       2, 2);
    expect_parse_error("r,b\n5,4\n", WOLD_METRIC_REPEAT, "r:b", WOLD_EINPUT,
                       "cannot outnumber", 2, 1);
    expect_parse_error("v,f,l\n-1,2,3\n", WOLD_METRIC_CLV, "v:f:l",
                       WOLD_EINPUT, "cannot be negative", 2, 1);
    expect_parse_error("nps\n3\n", WOLD_METRIC_NPS, "npss", WOLD_EINPUT,
                       "no column 'npss' (npss); did you mean 'nps'?", 0, 0);
    expect_parse_error("nps\n3\n", WOLD_METRIC_CSAT, "nps:7", WOLD_EUSAGE,
                       "the cut-off must lie above 1 and at most 5", 0, 0);
}

static void test_bad_spec(void **state)
{
    (void)state;
    wold_metrics_spec *s = NULL;
    wold_metrics *m = NULL;
    wold_error err;
    wold_csv_options csv;
    wold_csv_options_default(&csv);
    assert_int_equal(wold_metrics_spec_alloc(&s, &err), WOLD_OK);
    WT_EXPECT_ERROR(wold_metrics_spec_add(s, WOLD_METRIC_SCORE, "a:q1", &err),
                    &err, WOLD_EUSAGE, "--score: expected NAME=WEIGHT:COL+COL");
    WT_EXPECT_ERROR(wold_metrics_spec_add(s, WOLD_METRIC_SCORE, "a=-1:q1",
                                          &err),
                    &err, WOLD_EUSAGE, "positive weight");
    WT_EXPECT_ERROR(wold_metrics_spec_add(s, WOLD_METRIC_SCORE, "a=1:q1++q2",
                                          &err),
                    &err, WOLD_EUSAGE, "--score");
    WT_EXPECT_ERROR(wold_metrics_spec_add(s, WOLD_METRIC_RETENTION, "a:b",
                                          &err),
                    &err, WOLD_EUSAGE, "--retention: expected START:END:NEW");
    WT_EXPECT_ERROR(wold_metrics_spec_add(s, WOLD_METRIC_CSAT, "q:x", &err),
                    &err, WOLD_EUSAGE, "--csat: expected COLUMN or COLUMN:CUT");
    WT_EXPECT_ERROR(wold_metrics_spec_scale(s, WOLD_METRIC_CES, 5, 1, &err),
                    &err, WOLD_EUSAGE, "MIN < MAX");
    WT_EXPECT_ERROR(wold_metrics_spec_settings(s, NAN, 1.5, &err), &err,
                    WOLD_EUSAGE, "level");
    WT_EXPECT_ERROR(wold_metrics_parse(&m, "a\n1\n", 4, "x.csv", s, NULL,
                                       NULL, &csv, &err),
                    &err, WOLD_EUSAGE, "no metric asked for");
    assert_int_equal(wold_metrics_spec_scale(s, WOLD_METRIC_CSAT, 1, 7, &err),
                     WOLD_OK);
    assert_int_equal(wold_metrics_spec_add(s, WOLD_METRIC_CSAT, "q", &err),
                     WOLD_OK);
    m = run("q\n7\n6\n5\n1\n", s, NULL, NULL); /* top two boxes: 6-7 */
    WT_NEAR(get(m, 0, "csat", 0)->value, 50, TOL, "csat 1-7");
    wold_metrics_free(m);
    wold_metrics_spec_free(s);
}

static void test_reports(void **state)
{
    (void)state;
    wold_metrics_spec *s = full_spec();
    wold_metrics *m = run(panel, s, "region", "w");
    wold_error err;
    char *text = NULL;
    assert_int_equal(wold_report_metrics(&text, m, WOLD_FORMAT_JSON,
                                         WOLD_LANG_EN, &err), WOLD_OK);
    json_object *root = json_tokener_parse(text);
    assert_non_null(root);
    json_object *groups = wt_json_get(root, "groups");
    assert_int_equal(json_object_array_length(groups), 3);
    json_object *g1 = json_object_array_get_idx(groups, 1);
    assert_string_equal(json_object_get_string(wt_json_get(g1, "name")),
                        "north");
    json_object *first = json_object_array_get_idx(wt_json_get(g1, "metrics"), 0);
    WT_NEAR(json_object_get_double(wt_json_get(first, "value")),
            get(m, 1, "nps", 0)->value, 1e-15, "json nps");
    json_object_put(root);
    free(text);
    assert_int_equal(wold_report_metrics(&text, m, WOLD_FORMAT_CSV,
                                         WOLD_LANG_EN, &err), WOLD_OK);
    size_t lines = 0;
    for (const char *q = text; *q; q++)
        lines += *q == '\n';
    assert_int_equal(lines, 1 + 3 * wold_metrics_n_stats(m));
    assert_non_null(strstr(text, "north,nps,nps,100,"));
    free(text);
    assert_int_equal(wold_report_metrics(&text, m, WOLD_FORMAT_TEXT,
                                         WOLD_LANG_ZH, &err), WOLD_OK);
    assert_non_null(strstr(text, "净推荐值"));
    free(text);
    wold_metrics_free(m);
    wold_metrics_spec_free(s);
}

/* Mangled files (bytes replaced by separators, quotes, line ends, digits)
 * give a report or an error, never a crash (run under ASan by make
 * test-asan); a file of separators alone is not "out of memory". */
static void test_mangled(void **state)
{
    (void)state;
    static const char alphabet[] = ",,,\"\n\r;\t9-. a\n";
    wold_metrics_spec *s = full_spec();
    wold_csv_options csv;
    wold_csv_options_default(&csv);
    size_t len = sizeof panel - 1;
    char *buf = malloc(len);
    assert_non_null(buf);
    unsigned long long x = 99;
    for (int k = 0; k < 3000; k++) {
        memcpy(buf, panel, len);
        for (int e = 0; e < 1 + k % 6; e++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t at = (size_t)(x >> 33) % len;
            buf[at] = alphabet[(x >> 20) % (sizeof alphabet - 1)];
        }
        wold_metrics *m = NULL;
        wold_error err;
        wold_status st = wold_metrics_parse(&m, buf, len, "m.csv", s, "region",
                                            k % 2 ? "w" : NULL, &csv, &err);
        assert_true(st == WOLD_OK || st == WOLD_EINPUT);
        assert_true((st == WOLD_OK) == (m != NULL));
        wold_metrics_free(m);
    }
    free(buf);
    wold_metrics_spec_free(s);
    static const char seps[] = "nps,a\n3,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n";
    wold_metrics_spec *one = NULL;
    wold_metrics *m = NULL;
    wold_error err;
    assert_int_equal(wold_metrics_spec_alloc(&one, &err), WOLD_OK);
    assert_int_equal(wold_metrics_spec_add(one, WOLD_METRIC_NPS, "nps", &err),
                     WOLD_OK);
    assert_int_not_equal(wold_metrics_parse(&m, seps, sizeof seps - 1, "s.csv",
                                            one, NULL, NULL, &csv, &err),
                         WOLD_ENOMEM);
    wold_metrics_free(m);
    wold_metrics_spec_free(one);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wilson),
        cmocka_unit_test(test_unweighted),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_weights),
        cmocka_unit_test(test_bad_cells),
        cmocka_unit_test(test_bad_spec),
        cmocka_unit_test(test_reports),
        cmocka_unit_test(test_mangled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
