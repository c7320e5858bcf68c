/*
 * metrics_spec.c - the list of survey metrics a run asks for, each made
 * from the argument of its command-line option (docs/cli.md, "wold
 * metrics"): "q1", "q1:4", "product=0.3:q1+q2", "perceived:expected",
 * "start:end:new", ...
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csi/metrics.h"
#include "util/util.h"

static const char *const opt_name[] = {"--nps",   "--csat",      "--ces",
                                       "--score", "--ratio",     "--retention",
                                       "--repeat", "--clv"};
/* Columns each kind reads (SCORE: one or more). */
static const size_t n_cols_of[] = {1, 1, 1, 0, 2, 3, 2, 3};

wold_status wold_metrics_spec_alloc(wold_metrics_spec **out, wold_error *err)
{
    wold_metrics_spec *s = calloc(1, sizeof *s);
    *out = s;
    if (s == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the metrics");
    s->csat_lo = 1;
    s->csat_hi = 5;
    s->ces_lo = 1;
    s->ces_hi = 7;
    s->score_lo = 1;
    s->score_hi = 5;
    s->standard = NAN;
    s->level = 0.95;
    return WOLD_OK;
}

static void metric_free(wold__metric *mt)
{
    for (size_t c = 0; mt->cols != NULL && c < mt->n_cols; c++)
        free(mt->cols[c]);
    free(mt->cols);
    free(mt->col);
    free(mt->arg);
    free(mt->dim);
}

void wold_metrics_spec_free(wold_metrics_spec *spec)
{
    if (spec == NULL)
        return;
    for (size_t k = 0; k < spec->n; k++)
        metric_free(&spec->m[k]);
    free(spec->m);
    free(spec);
}

/* Splits s[0..len) at sep into the metric's column names; -1 when out of
 * memory, 1 for an empty name. */
static int split_cols(wold__metric *mt, const char *s, size_t len, char sep)
{
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += s[i] == sep;
    mt->cols = calloc(n, sizeof *mt->cols);
    mt->col = calloc(n, sizeof *mt->col);
    if (mt->cols == NULL || mt->col == NULL)
        return -1;
    const char *p = s, *end = s + len;
    for (mt->n_cols = 0; mt->n_cols < n; mt->n_cols++) {
        const char *q = p;
        while (q < end && *q != sep)
            q++;
        if (q == p)
            return 1;
        if ((mt->cols[mt->n_cols] = wold__strndup(p, (size_t)(q - p))) == NULL)
            return -1;
        p = q + 1;
    }
    return 0;
}

static const char *syntax_of(wold_metric_kind k)
{
    static const char *const syntax[] = {
        "COLUMN", "COLUMN or COLUMN:CUT", "COLUMN", "NAME=WEIGHT:COL+COL...",
        "PERCEIVED:EXPECTED", "START:END:NEW", "REPEAT:BUYERS",
        "VALUE:FREQUENCY:LIFETIME"};
    return syntax[k];
}

/* A dimension of the weighted score: NAME=WEIGHT:COL+COL. */
static int parse_score(wold__metric *mt, const char *arg)
{
    const char *eq = strchr(arg, '='), *colon = eq ? strchr(eq, ':') : NULL;
    if (eq == NULL || colon == NULL || eq == arg)
        return 1;
    if ((mt->dim = wold__strndup(arg, (size_t)(eq - arg))) == NULL)
        return -1;
    char num[64];
    size_t len = (size_t)(colon - eq - 1);
    if (len == 0 || len >= sizeof num)
        return 1;
    memcpy(num, eq + 1, len);
    num[len] = '\0';
    char *e = NULL;
    mt->weight = wold__strtod(num, &e);
    if (*e != '\0' || !(mt->weight > 0) || !isfinite(mt->weight))
        return 1;
    return split_cols(mt, colon + 1, strlen(colon + 1), '+');
}

/* CSAT: COLUMN or COLUMN:CUT. */
static int parse_csat(wold__metric *mt, const char *arg)
{
    const char *colon = strrchr(arg, ':');
    mt->cut = NAN;
    if (colon == NULL)
        return split_cols(mt, arg, strlen(arg), ':');
    char *e = NULL;
    mt->cut = wold__strtod(colon + 1, &e);
    if (colon[1] == '\0' || *e != '\0' || !isfinite(mt->cut))
        return 1;
    return split_cols(mt, arg, (size_t)(colon - arg), ':');
}

static int parse(wold__metric *mt, const char *arg)
{
    switch (mt->kind) {
    case WOLD_METRIC_SCORE: return parse_score(mt, arg);
    case WOLD_METRIC_CSAT: return parse_csat(mt, arg);
    default: break;
    }
    int rc = split_cols(mt, arg, strlen(arg), ':');
    return rc == 0 && mt->n_cols != n_cols_of[mt->kind] ? 1 : rc;
}

wold_status wold_metrics_spec_add(wold_metrics_spec *spec,
                                  wold_metric_kind kind, const char *arg,
                                  wold_error *err)
{
    if ((unsigned)kind > WOLD_METRIC_CLV || arg == NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE, "unknown metric %d", (int)kind);
    if (spec->n == spec->cap) {
        size_t cap = spec->cap ? 2 * spec->cap : 8;
        wold__metric *m = realloc(spec->m, cap * sizeof *m);
        if (m == NULL)
            return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the metrics");
        spec->m = m;
        spec->cap = cap;
    }
    wold__metric *mt = &spec->m[spec->n];
    memset(mt, 0, sizeof *mt);
    mt->kind = kind;
    mt->cut = NAN;
    mt->weight = NAN;
    int rc = (mt->arg = wold__strdup(arg)) == NULL ? -1 : parse(mt, arg);
    if (rc != 0) {
        metric_free(mt);
        if (rc < 0)
            return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the metrics");
        return WOLD_FAIL(err, WOLD_EUSAGE, "%s: expected %s%s, got '%s'",
                         opt_name[kind], syntax_of(kind),
                         kind == WOLD_METRIC_SCORE ? " with a positive weight"
                                                   : "", arg);
    }
    spec->n++;
    return WOLD_OK;
}

wold_status wold_metrics_spec_scale(wold_metrics_spec *spec,
                                    wold_metric_kind kind, double lo,
                                    double hi, wold_error *err)
{
    if (!(lo < hi) || !isfinite(lo) || !isfinite(hi))
        return WOLD_FAIL(err, WOLD_EUSAGE, "%s-scale: expected MIN:MAX with "
                         "MIN < MAX", kind <= WOLD_METRIC_CLV ?
                         opt_name[kind] : "--metric");
    if (kind == WOLD_METRIC_CSAT) {
        spec->csat_lo = lo;
        spec->csat_hi = hi;
    } else if (kind == WOLD_METRIC_CES) {
        spec->ces_lo = lo;
        spec->ces_hi = hi;
    } else if (kind == WOLD_METRIC_SCORE) {
        spec->score_lo = lo;
        spec->score_hi = hi;
    } else {
        return WOLD_FAIL(err, WOLD_EUSAGE, "only CSAT, CES and score items "
                         "have a settable scale");
    }
    return WOLD_OK;
}

wold_status wold_metrics_spec_settings(wold_metrics_spec *spec,
                                       double standard, double level,
                                       wold_error *err)
{
    if (!(level > 0 && level < 1))
        return WOLD_FAIL(err, WOLD_EUSAGE, "the level must be between 0 and "
                         "1 (exclusive), got %g", level);
    spec->standard = standard;
    spec->level = level;
    return WOLD_OK;
}

size_t wold__metric_n_stats(const wold__metric *mt)
{
    switch (mt->kind) {
    case WOLD_METRIC_NPS: return 4;
    case WOLD_METRIC_RETENTION: return 2;
    default: return 1;
    }
}
