/*
 * test_models.c - the CSI models in models/ (CCSI, SCSB, SERVQUAL) fitted
 * on their demo panels in datasets/: every model reads, every indicator
 * has the scale its file declares, the fit converges, and each path is the
 * value this release estimates (4 decimals, as the reports print them)
 * and near the population value the panel was drawn from (Likert coding
 * and measurement error pull PLS estimates away from it, so the
 * tolerance is loose; docs/simulate.md).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

typedef struct path {
    const char *from, *to;
    double population, estimate;
} path;

typedef struct case_ {
    const char *model, *data;
    double lo, hi; /* the scale of every indicator */
    size_t n_paths;
    path paths[12];
} case_;

static const case_ cases[] = {
    {"models/ccsi.wold", "datasets/ccsi_1000.csv", 1, 10, 11,
     {{"Image", "PredQuality", 0.50, 0.4334},
      {"Image", "PercQuality", 0.25, 0.3010},
      {"PredQuality", "PercQuality", 0.45, 0.3748},
      {"PredQuality", "Value", 0.15, 0.1857},
      {"PercQuality", "Value", 0.50, 0.4564},
      {"Image", "Satisfaction", 0.20, 0.1954},
      {"PredQuality", "Satisfaction", 0.10, 0.1124},
      {"PercQuality", "Satisfaction", 0.35, 0.3533},
      {"Value", "Satisfaction", 0.25, 0.2276},
      {"Image", "Loyalty", 0.20, 0.2116},
      {"Satisfaction", "Loyalty", 0.55, 0.4531}}},
    {"models/scsb.wold", "datasets/scsb_800.csv", 1, 10, 6,
     {{"Expectation", "Performance", 0.45, 0.3925},
      {"Expectation", "Satisfaction", 0.15, 0.0722},
      {"Performance", "Satisfaction", 0.55, 0.4964},
      {"Satisfaction", "Voice", -0.35, -0.3266},
      {"Satisfaction", "Loyalty", 0.50, 0.3551},
      {"Voice", "Loyalty", 0.10, 0.0144}}},
    {"models/servqual.wold", "datasets/servqual_600.csv", 1, 7, 5,
     {{"Tangibles", "Satisfaction", 0.15, 0.1100},
      {"Reliability", "Satisfaction", 0.35, 0.3405},
      {"Responsiveness", "Satisfaction", 0.25, 0.2048},
      {"Assurance", "Satisfaction", 0.25, 0.2170},
      {"Empathy", "Satisfaction", 0.20, 0.2548}}},
};

/* Half a unit in the 4th decimal, and how far a Likert panel's estimate
 * may be from the population path. */
#define PRINTED_TOL 5e-5
#define POPULATION_TOL 0.15

static size_t lv_index(const wold_model *m, const char *name)
{
    for (size_t j = 0; j < wold_model_n_lv(m); j++)
        if (strcmp(wold_model_lv_name(m, j), name) == 0)
            return j;
    fail_msg("no latent variable %s", name);
    return 0;
}

static void check_scales(const case_ *c, const wold_model *m)
{
    for (size_t i = 0; i < wold_model_n_mv(m); i++) {
        double lo = NAN, hi = NAN;
        assert_true(wold_model_mv_scale(m, i, &lo, &hi));
        if (lo != c->lo || hi != c->hi)
            fail_msg("%s: %s has scale %g:%g", c->model,
                     wold_model_mv_name(m, i), lo, hi);
    }
}

static void check_paths(const case_ *c, const wold_model *m,
                        const wold_fit *fit)
{
    size_t J = wold_model_n_lv(m), n = 0;
    const double *p = wold_fit_paths(fit);
    for (size_t k = 0; k < J * J; k++)
        n += p[k] != 0.0;
    assert_int_equal(n, c->n_paths);
    for (size_t k = 0; k < c->n_paths; k++) {
        const path *q = &c->paths[k];
        double b = p[lv_index(m, q->to) * J + lv_index(m, q->from)];
        char what[128];
        snprintf(what, sizeof what, "%s: %s -> %s", c->model, q->from, q->to);
        WT_NEAR(b, q->estimate, PRINTED_TOL, what);
        WT_NEAR(b, q->population, POPULATION_TOL, what);
    }
}

static void test_model(const case_ *c)
{
    wold_error err;
    wold_model *m = NULL;
    wold_data *d = NULL;
    wold_moments *mo = NULL;
    wold_fit *fit = NULL;
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    assert_int_equal(wold_model_read(&m, wt_source(c->model), &err), WOLD_OK);
    check_scales(c, m);
    assert_int_equal(wold_data_read_csv(&d, wt_source(c->data), m, NULL, &err),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&mo, d, WOLD_MISSING_LISTWISE, &err),
                     WOLD_OK);
    assert_int_equal(wold_fit_estimate(&fit, m, mo, &opt, &err), WOLD_OK);
    assert_true(wold_fit_converged(fit));
    check_paths(c, m, fit);
    wold_fit_free(fit);
    wold_moments_free(mo);
    wold_data_free(d);
    wold_model_free(m);
}

static void test_ccsi(void **state)
{
    (void)state;
    test_model(&cases[0]);
}

static void test_scsb(void **state)
{
    (void)state;
    test_model(&cases[1]);
}

static void test_servqual(void **state)
{
    (void)state;
    test_model(&cases[2]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ccsi),
        cmocka_unit_test(test_scsb),
        cmocka_unit_test(test_servqual),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
