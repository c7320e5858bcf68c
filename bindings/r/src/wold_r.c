/* wold_r.c - the R package's glue: one .Call entry that runs a fit, an
 * IPMA or a batch national index through the public header and returns
 * the library's JSON report, so R sees exactly the numbers of the CLI. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <math.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <R.h>
#include <R_ext/Rdynload.h>
#include <Rinternals.h>

#include <wold/wold.h>

/* The options of one run, read from the R list. */
typedef struct run_args {
    const char *kind; /* "fit", "ipma" or "nation" */
    wold_fit_options fit;
    wold_missing missing;
    wold_boot_options boot;
    size_t replicates;
    double scale_lo, scale_hi;
    const char *weights, *target, *group, *industry, *sector;
    double min_n;
    wold_hoc_approach hoc;
} run_args;

/* Everything a run allocates, freed together. */
typedef struct run_state {
    wold_model *model;
    wold_data *data;
    wold_moments *mo;
    wold_fit *fit;
    wold_index *ix;
    wold_index_boot *ib;
    wold_boot *boot;
    wold_ipma *ip;
    wold_nation *nt;
    wold_hoc *hoc; /* a model with higher-order constructs: owns fit, mo */
    wold_sums *sums; /* its sums, when estimated from them */
    char *json;
    int not_converged; /* json is the report of a fit that did not
                          converge; err says so */
} run_state;

static void state_free(run_state *s)
{
    wold_nation_free(s->nt);
    wold_boot_free(s->boot);
    wold_index_boot_free(s->ib);
    wold_ipma_free(s->ip);
    wold_index_free(s->ix);
    if (s->hoc == NULL) {
        wold_fit_free(s->fit);
        wold_moments_free(s->mo);
    }
    wold_hoc_free(s->hoc);
    wold_sums_free(s->sums);
    wold_data_free(s->data);
    wold_model_free(s->model);
    free(s->json);
}

static SEXP list_get(SEXP list, const char *name)
{
    SEXP names = Rf_getAttrib(list, R_NamesSymbol);
    for (R_xlen_t i = 0; i < Rf_xlength(list); i++)
        if (strcmp(CHAR(STRING_ELT(names, i)), name) == 0)
            return VECTOR_ELT(list, i);
    return R_NilValue;
}

static double opt_num(SEXP list, const char *name, double dflt)
{
    SEXP v = list_get(list, name);
    if (Rf_isNull(v) || Rf_xlength(v) != 1)
        return dflt;
    double x = Rf_asReal(v);
    return ISNA(x) ? dflt : x;
}

static const char *opt_str(SEXP list, const char *name)
{
    SEXP v = list_get(list, name);
    if (!Rf_isString(v) || Rf_xlength(v) != 1 || STRING_ELT(v, 0) == NA_STRING)
        return NULL;
    return CHAR(STRING_ELT(v, 0));
}

static void read_args(SEXP opts, run_args *a)
{
    memset(a, 0, sizeof *a);
    wold_fit_options_default(&a->fit);
    wold_boot_options_default(&a->boot);
    a->kind = opt_str(opts, "kind");
    a->fit.scheme = (wold_scheme)opt_num(opts, "scheme", 0);
    a->fit.compat = (wold_compat)opt_num(opts, "compat", 0);
    a->fit.plsc = (int)opt_num(opts, "plsc", 0);
    a->fit.scaled = (int)opt_num(opts, "scaled", 1);
    /* plspm's own defaults unless given, as the CLI does. */
    int plspm = a->fit.compat == WOLD_COMPAT_PLSPM;
    a->fit.tol = opt_num(opts, "tol", plspm ? WOLD_PLSPM_TOL : a->fit.tol);
    a->fit.max_iter = (int)opt_num(opts, "max_iter",
                                   plspm ? WOLD_PLSPM_MAX_ITER : a->fit.max_iter);
    a->missing = (wold_missing)opt_num(opts, "missing", 0);
    a->replicates = (size_t)opt_num(opts, "boot", 0);
    a->boot.replicates = a->replicates;
    a->boot.seed = (uint64_t)opt_num(opts, "seed", 1);
    a->boot.ci = (wold_boot_ci)opt_num(opts, "ci", WOLD_BOOT_CI_PERCENTILE);
    a->boot.level = opt_num(opts, "level", 0.95);
    a->boot.threads = (int)opt_num(opts, "threads", 0);
    a->scale_lo = opt_num(opts, "scale_lo", NAN);
    a->scale_hi = opt_num(opts, "scale_hi", NAN);
    a->weights = opt_str(opts, "weights");
    a->target = opt_str(opts, "target");
    a->group = opt_str(opts, "group");
    a->industry = opt_str(opts, "industry");
    a->sector = opt_str(opts, "sector");
    a->min_n = opt_num(opts, "min_n", 0);
    a->hoc = (wold_hoc_approach)opt_num(opts, "hoc", WOLD_HOC_REPEATED);
}

static int any_scale(const wold_model *md)
{
    double lo, hi;
    for (size_t i = 0; i < wold_model_n_mv(md); i++)
        if (wold_model_mv_scale(md, i, &lo, &hi))
            return 1;
    return 0;
}

static wold_status read_model(run_state *s, const run_args *a, SEXP text,
                              SEXP path, wold_error *err)
{
    wold_status st;
    if (Rf_isString(path) && Rf_xlength(path) == 1) {
        st = wold_model_read(&s->model, CHAR(STRING_ELT(path, 0)), err);
    } else {
        const char *t = CHAR(STRING_ELT(text, 0));
        st = wold_model_parse(&s->model, t, strlen(t), NULL, err);
    }
    if (st == WOLD_OK && !isnan(a->scale_lo))
        st = wold_model_set_default_scale(s->model, a->scale_lo, a->scale_hi,
                                          err);
    return st;
}

static wold_status read_data(run_state *s, const run_args *a, SEXP csv,
                             wold_error *err)
{
    wold_csv_options opt;
    const char *labels[3];
    size_t n = 0;
    wold_csv_options_default(&opt);
    opt.separator = ',';
    opt.weights = a->weights;
    opt.threads = 1;
    if (a->group != NULL)
        labels[n++] = a->group;
    if (a->industry != NULL)
        labels[n++] = a->industry;
    if (a->sector != NULL)
        labels[n++] = a->sector;
    opt.labels = n > 0 ? labels : NULL;
    opt.n_labels = n;
    SEXP t = STRING_ELT(csv, 0);
    return wold_data_parse_csv(&s->data, CHAR(t), (size_t)LENGTH(t),
                               "<data.frame>", s->model, &opt, err);
}

/* err as a usage error of the caller's arguments. */
static wold_status usage_error(wold_error *err, const char *fmt, ...)
{
    wold_error_clear(err);
    err->status = WOLD_EUSAGE;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return WOLD_EUSAGE;
}

/* The stages of a model with higher-order constructs from the sums of
 * the data (each item once), every later stage from the moments, as the
 * streamed "wold fit" estimates them (src/cli/fit.c). */
static wold_status estimate_from_sums(run_state *s, const run_args *a,
                                      wold_error *err)
{
    wold_moments *mo = NULL;
    wold_status st = wold_sums_from_data(&s->sums, s->data, (size_t)-1, 0,
                                         err);
    if (st == WOLD_OK)
        st = wold_sums_moments(&mo, s->sums, (size_t)-1, a->missing, err);
    if (st == WOLD_OK)
        st = wold_hoc_estimate_moments(&s->hoc, s->model, mo, &a->fit,
                                       a->hoc, err);
    wold_moments_free(mo);
    return st;
}

/* The moments and fit, or for a model with higher-order constructs the
 * stages of wold_hoc_estimate (from the rows, for the bootstrap) or
 * wold_hoc_estimate_moments, whose last one's fit and moments s->fit and
 * s->mo then borrow (as "wold fit" does, src/cli/fit.c). */
static wold_status estimate(run_state *s, const run_args *a, wold_error *err)
{
    if (wold_model_max_order(s->model) == 1) {
        wold_status st = wold_moments_compute(&s->mo, s->data, a->missing, err);
        return st == WOLD_OK
                   ? wold_fit_estimate(&s->fit, s->model, s->mo, &a->fit, err)
                   : st;
    }
    wold_status st = a->replicates == 0
                         ? estimate_from_sums(s, a, err)
                         : wold_hoc_estimate(&s->hoc, s->model, s->data,
                                             wold_data_weights(s->data),
                                             a->missing, &a->fit, a->hoc,
                                             err);
    if (s->hoc != NULL) {
        size_t last = wold_hoc_n_stages(s->hoc) - 1;
        s->fit = (wold_fit *)wold_hoc_stage_fit(s->hoc, last);
        s->mo = (wold_moments *)wold_hoc_stage_moments(s->hoc, last);
    }
    return st;
}

static wold_status report(run_state *s, wold_report_parts *parts,
                          wold_error *err)
{
    if (s->hoc == NULL)
        return wold_report(&s->json, parts, WOLD_FORMAT_JSON, err);
    parts->data = wold_hoc_stage_data(s->hoc, wold_hoc_n_stages(s->hoc) - 1);
    parts->sums = s->sums; /* the data line of an estimate from the sums */
    return wold_hoc_report(&s->json, s->hoc, parts, WOLD_FORMAT_JSON, err);
}

/* The fit, its indices when the model has scales, and the bootstrap, as
 * "wold fit" runs them (src/cli/fit.c). */
static wold_status run_fit(run_state *s, const run_args *a, wold_error *err)
{
    if (wold_model_max_order(s->model) > 1 && a->hoc == WOLD_HOC_TWO_STAGE &&
        a->replicates > 0) {
        return usage_error(err, "boot resamples the repeated-indicator fit "
                                "only: use hoc = \"repeated\", or boot = 0");
    }
    wold_status st = estimate(s, a, err);
    /* A fit that did not converge is still reported, as by the command;
     * the caller warns with err's message. */
    if (st == WOLD_ENUMERIC && s->fit != NULL && !wold_fit_converged(s->fit)) {
        wold_report_parts parts;
        wold_error rerr;
        wold_report_parts_default(&parts);
        parts.fit = s->fit;
        parts.moments = s->mo;
        parts.data = s->data;
        if (report(s, &parts, &rerr) != WOLD_OK) {
            *err = rerr;
            return rerr.status;
        }
        s->not_converged = 1;
        return st;
    }
    if (st == WOLD_OK && any_scale(s->model))
        st = wold_index_compute(&s->ix, s->fit, s->mo, err);
    if (st == WOLD_OK && a->replicates > 0) {
        wold_boot_options bo = a->boot;
        if (s->ix != NULL && wold_index_n_defined(s->ix) > 0 &&
            (st = wold_index_boot_alloc(&s->ib, s->ix, err)) == WOLD_OK)
            bo.extra = wold_index_boot_extra(s->ib);
        if (st == WOLD_OK)
            st = wold_boot_run(&s->boot, s->fit, s->mo, s->data, &bo, NULL,
                               NULL, err);
    }
    if (st != WOLD_OK)
        return st;
    wold_report_parts parts;
    wold_report_parts_default(&parts);
    parts.fit = s->fit;
    parts.moments = s->mo;
    parts.data = s->data;
    parts.boot = s->boot;
    parts.index = s->ix;
    return report(s, &parts, err);
}

static size_t find_lv(const wold_model *md, const char *name)
{
    for (size_t j = 0; name != NULL && j < wold_model_n_lv(md); j++)
        if (strcmp(wold_model_lv_name(md, j), name) == 0)
            return j;
    return (size_t)-1;
}

/* The IPMA of the target, as "wold ipma" runs it (src/cli/ipma.c). */
static wold_status run_ipma(run_state *s, const run_args *a, wold_error *err)
{
    size_t target = find_lv(s->model, a->target);
    if (target == (size_t)-1) {
        return usage_error(err, "target '%s' is not a construct of the model",
                           a->target != NULL ? a->target : "");
    }
    wold_status st = wold_moments_compute(&s->mo, s->data, a->missing, err);
    if (st == WOLD_OK)
        st = wold_fit_estimate(&s->fit, s->model, s->mo, &a->fit, err);
    if (st == WOLD_OK)
        st = wold_ipma_compute(&s->ip, s->fit, s->mo, target, err);
    if (st == WOLD_OK && a->replicates > 0) {
        wold_boot_extra extra;
        wold_boot_options bo = a->boot;
        wold_ipma_boot_extra(s->ip, &extra);
        bo.extra = &extra;
        st = wold_boot_run(&s->boot, s->fit, s->mo, s->data, &bo, NULL, NULL,
                           err);
    }
    return st == WOLD_OK ? wold_report_ipma(&s->json, s->ip, s->boot,
                                            WOLD_FORMAT_JSON, WOLD_LANG_EN, err)
                         : st;
}

/* The batch national index by the group column, as "wold index". */
static wold_status run_nation(run_state *s, const run_args *a, wold_error *err)
{
    wold_nation_options opt;
    wold_nation_options_default(&opt);
    opt.group = a->group;
    opt.industry = a->industry;
    opt.sector = a->sector;
    opt.fit = a->fit;
    opt.missing = a->missing;
    opt.min_n = (size_t)a->min_n;
    opt.replicates = a->replicates;
    opt.seed = a->boot.seed;
    opt.level = a->boot.level;
    opt.threads = a->boot.threads;
    wold_status st = wold_nation_run(&s->nt, s->model, s->data, &opt, err);
    return st == WOLD_OK ? wold_report_nation(&s->json, s->nt, NULL,
                                              WOLD_FORMAT_JSON, WOLD_LANG_EN,
                                              err)
                         : st;
}

/* Returns list(json = TEXT) or list(error = MESSAGE, status = NAME); R
 * turns the error into stop(), after every allocation here is freed. */
static SEXP result(wold_status st, const run_state *s, const wold_error *err)
{
    int ok = st == WOLD_OK || s->not_converged;
    const char *names[] = {ok ? "json" : "error", "status",
                           s->not_converged ? "warning" : "", ""};
    SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
    char msg[4096];
    if (st != WOLD_OK)
        wold_error_format(err, msg, sizeof msg);
    SET_VECTOR_ELT(out, 0, Rf_mkString(ok ? s->json : msg));
    if (s->not_converged)
        SET_VECTOR_ELT(out, 2, Rf_mkString(msg));
    SET_VECTOR_ELT(out, 1, Rf_mkString(wold_status_name(st)));
    UNPROTECT(1);
    return out;
}

SEXP wold_r_run(SEXP model_text, SEXP model_path, SEXP csv, SEXP opts)
{
    run_args a;
    run_state s = {0};
    wold_error err;
    wold_error_clear(&err);
    if (!Rf_isString(model_text) || Rf_xlength(model_text) != 1 ||
        !Rf_isString(csv) || Rf_xlength(csv) != 1 || !Rf_isNewList(opts))
        Rf_error("wold: internal error: bad arguments to wold_r_run");
    read_args(opts, &a);
    wold_status st = read_model(&s, &a, model_text, model_path, &err);
    if (st == WOLD_OK)
        st = read_data(&s, &a, csv, &err);
    if (st == WOLD_OK && a.kind != NULL && strcmp(a.kind, "ipma") == 0)
        st = run_ipma(&s, &a, &err);
    else if (st == WOLD_OK && a.kind != NULL && strcmp(a.kind, "nation") == 0)
        st = run_nation(&s, &a, &err);
    else if (st == WOLD_OK)
        st = run_fit(&s, &a, &err);
    SEXP out = PROTECT(result(st, &s, &err));
    state_free(&s);
    UNPROTECT(1);
    return out;
}

/* A simulated panel of the model (wold simulate), as CSV text. */
SEXP wold_r_simulate(SEXP model_text, SEXP model_path, SEXP n, SEXP seed,
                     SEXP scale)
{
    run_args a;
    run_state s = {0};
    wold_error err;
    wold_error_clear(&err);
    memset(&a, 0, sizeof a);
    a.scale_lo = NAN;
    wold_status st = read_model(&s, &a, model_text, model_path, &err);
    wold_simulate_options opt;
    wold_simulate_options_default(&opt);
    opt.n = (size_t)Rf_asReal(n);
    opt.seed = (uint64_t)Rf_asReal(seed);
    if (Rf_isReal(scale) && Rf_xlength(scale) == 2) {
        opt.scale_lo = (int)REAL(scale)[0];
        opt.scale_hi = (int)REAL(scale)[1];
    }
    opt.threads = 1;
    size_t len = 0;
    FILE *f = st == WOLD_OK ? open_memstream(&s.json, &len) : NULL;
    if (st == WOLD_OK && f == NULL) {
        err.status = st = WOLD_ENOMEM;
        snprintf(err.message, sizeof err.message, "out of memory");
    }
    if (st == WOLD_OK) {
        st = wold_simulate_csv(s.model, &opt, f, &err);
        if (fclose(f) != 0 && st == WOLD_OK) {
            err.status = st = WOLD_ENOMEM;
            snprintf(err.message, sizeof err.message, "out of memory");
        }
    }
    SEXP out = PROTECT(result(st, &s, &err));
    state_free(&s);
    UNPROTECT(1);
    return out;
}

/* Through void (*)(void), which matches every function type: a direct
 * cast to DL_FUNC draws -Wcast-function-type. */
#define CALL(f, n) {#f, (DL_FUNC)(void (*)(void))(f), n}
static const R_CallMethodDef calls[] = {
    CALL(wold_r_run, 4),
    CALL(wold_r_simulate, 5),
    {NULL, NULL, 0}};

void R_init_wold(DllInfo *dll)
{
    R_registerRoutines(dll, NULL, calls, NULL, NULL);
    R_useDynamicSymbols(dll, FALSE);
}
