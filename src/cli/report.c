/* report.c - "wold report MODEL DATA": fit, bootstrap, indices and IPMA,
 * written as one self-contained HTML page (docs/report.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Returns the status of a failed step. */
#define TRY(expr)                     \
    do {                              \
        wold_status try_st_ = (expr); \
        if (try_st_ != WOLD_OK)       \
            return try_st_;           \
    } while (0)

static const char report_help[] =
    "usage: wold report MODEL DATA [options] [-o report.html]\n"
    "\n"
    "Fits the model and writes the report as one self-contained HTML page\n"
    "with the path diagram (SVG), the measurement and structural model, R2,\n"
    "reliability and validity, HTMT and Fornell-Larcker, effects, the\n"
    "bootstrap intervals (--boot), the 0-100 indices with their grades and,\n"
    "when the indicators have scales, the importance-performance map (IPMA).\n"
    "No script and no external resource: it opens offline, on a phone, and\n"
    "prints (docs/report.md).  DATA is a CSV file with a header row, or an\n"
    "SPSS .sav/.zsav, Stata .dta or SAS .sas7bdat file (docs/statfiles.md).\n"
    "\n"
    "options:\n"
    "  --scheme S        inner weighting: path (default), centroid, factorial\n"
    "  --tol X           stopping tolerance (default 1e-12; plspm: 1e-6)\n"
    "  --max-iter N      iteration limit (default 300; plspm: 100)\n"
    "  --compat plspm    replay R plspm 0.5.1 (as wold fit --compat plspm)\n"
    "  --plsc            consistent PLS (not with --compat plspm)\n"
    "  --missing M       listwise (default) or mean\n"
    "  --sep C           CSV separator: ',' ';' 'tab' (default: detected)\n"
    "  --weights COLUMN  observation (survey) weights from COLUMN of DATA\n"
    "  --scale MIN:MAX   the scale of every indicator the model file leaves\n"
    "                    without one (gives the indices and the IPMA)\n"
    "  --grades FILE     grade the indices with the table in FILE (docs/csi.md)\n"
    "  --target LV       the IPMA's target construct (default: the last\n"
    "                    endogenous construct; no IPMA without scales)\n"
    "  --boot B          B bootstrap replicates: s.e., intervals, and the\n"
    "                    diagram's significant paths (p < 0.05) drawn solid\n"
    "  --seed S          random seed (default 1)\n"
    "  --threads T       threads (default 0: one per core); same output\n"
    "  --ci C            percentile (default), bca or both\n"
    "  --level X         interval level in (0, 1) (default 0.95)\n"
    "  --lang L          headings and labels: en (default) or zh (Chinese)\n"
    "  -o FILE           write the page to FILE (default standard output)\n"
    "  -h, --help        show this help\n"
    "\n"
    "'wold fit MODEL DATA --format svg' writes the path diagram alone.\n"
    "\n"
    "exit codes: 0 ok, 1 usage error, 2 bad input (model or data), 3 numerical\n"
    "failure (no convergence: no page is written), 4 out of memory, 5 I/O\n"
    "error.  The page replaces a regular file atomically, when complete.\n";

static const char *const report_options[] = {
    "--scheme", "--tol",    "--max-iter", "--compat", "--plsc",  "--missing",
    "--sep",    "--weights", "--scale",   "--grades", "--target", "--boot",
    "--seed",   "--threads", "--ci",      "--level",  "--lang",  "-o",
    "--help"};

typedef struct report_args {
    const char *model, *data, *out, *grades, *target;
    cli_boot_args boot;
    wold_fit_options opt;
    wold_csv_options csv;
    wold_lang lang;
    wold_missing missing;
    cli_scale scale;
    int tol_set, iter_set;
} report_args;

/* The options of wold fit that a report takes; 0 or an exit code. */
static int fit_option(int argc, char **argv, int *i, report_args *a)
{
    static const char *const missing[] = {"listwise", "mean"};
    static const char *const compats[] = {"plspm", "none"};
    const char *v = NULL;
    int m, k = 0, rc = 0;
    if (cli_fit_option(argc, argv, i, "report", &a->opt, &a->tol_set,
                       &a->iter_set, &rc))
        return rc;
    if ((m = cli_opt_value(argc, argv, i, "--compat", &v, "report"))) {
        rc = m < 0 ? 1 : cli_parse_choice("report", "--compat", v, compats, 2, &k);
        a->opt.compat = k == 0 ? WOLD_COMPAT_PLSPM : WOLD_COMPAT_NONE;
    } else if ((m = cli_opt_value(argc, argv, i, "--missing", &v, "report"))) {
        rc = m < 0 ? 1 : cli_parse_choice("report", "--missing", v, missing, 2, &k);
        a->missing = (wold_missing)k;
    } else {
        return -1;
    }
    return rc;
}

/* One option at argv[*i]; returns 0, or an exit code. */
static int option(int argc, char **argv, int *i, void *user)
{
    report_args *a = user;
    const char *v = NULL;
    int m, rc = fit_option(argc, argv, i, a);
    if (rc >= 0)
        return rc;
    rc = 0;
    if (cli_boot_option(argc, argv, i, &a->boot, &rc) ||
        cli_lang_option(argc, argv, i, "report", &a->lang, &rc)) {
        return rc;
    } else if (strcmp(argv[*i], "--plsc") == 0) {
        a->opt.plsc = 1;
    } else if ((m = cli_opt_value(argc, argv, i, "--sep", &v, "report"))) {
        rc = m < 0 ? 1 : cli_parse_sep("report", v, &a->csv.separator);
    } else if ((m = cli_opt_value(argc, argv, i, "--weights", &v, "report"))) {
        rc = m < 0 ? 1 : cli_parse_weights("report", v, &a->csv);
    } else if ((m = cli_opt_value(argc, argv, i, "--scale", &v, "report"))) {
        rc = m < 0 ? 1 : cli_parse_scale("report", v, &a->scale);
    } else if ((m = cli_opt_value(argc, argv, i, "--grades", &v, "report"))) {
        rc = m < 0;
        a->grades = v;
    } else if ((m = cli_opt_value(argc, argv, i, "--target", &v, "report"))) {
        rc = m < 0;
        a->target = v;
    } else if ((m = cli_opt_value(argc, argv, i, "-o", &v, "report"))) {
        rc = m < 0;
        a->out = v;
    } else {
        rc = cli_unknown_option("report", argv[*i], report_options,
                                sizeof report_options / sizeof *report_options);
    }
    return rc;
}

/* The options of wold fit's bootstrap that a one-page report leaves out. */
static int boot_extras(const report_args *a)
{
    if (a->boot.out != NULL)
        return cli_usage_error("report", "--boot-out is an option of wold "
                               "fit, not of wold report");
    if (a->boot.opt.jackknife)
        return cli_usage_error("report", "--jackknife is an option of wold "
                               "fit, not of wold report");
    return 0;
}

static int parse_args(int argc, char **argv, report_args *a)
{
    memset(a, 0, sizeof *a);
    wold_fit_options_default(&a->opt);
    wold_csv_options_default(&a->csv);
    cli_boot_args_default(&a->boot);
    a->boot.cmd = "report";
    a->boot.no_jackknife = 1;
    int rc = cli_scan_args(argc, argv, "report", report_help, option, a,
                           &a->model, &a->data);
    if (rc != 0)
        return rc;
    if (a->opt.plsc && a->opt.compat == WOLD_COMPAT_PLSPM)
        return cli_usage_error("report", "--plsc cannot be used with "
                                         "--compat plspm");
    rc = boot_extras(a);
    if (rc == 0)
        rc = cli_boot_finish_args(&a->boot);
    if (rc != 0)
        return rc;
    a->csv.threads = (unsigned)a->boot.opt.threads;
    if (a->opt.compat == WOLD_COMPAT_PLSPM) {
        if (!a->tol_set)
            a->opt.tol = WOLD_PLSPM_TOL;
        if (!a->iter_set)
            a->opt.max_iter = WOLD_PLSPM_MAX_ITER;
    }
    return 0;
}

/* The IPMA's target: --target (a usage error naming the closest LV when
 * it is not an endogenous construct), or the last endogenous construct;
 * J when there is none. */
static int find_target(const report_args *a, const wold_model *md,
                       size_t *out)
{
    size_t J = wold_model_n_lv(md);
    *out = J;
    for (size_t j = 0; j < J; j++)
        if (a->target != NULL
                ? strcmp(wold_model_lv_name(md, j), a->target) == 0
                : cli_endogenous(md, j))
            *out = j;
    if (a->target == NULL || (*out < J && cli_endogenous(md, *out)))
        return 0;
    if (*out < J)
        return cli_usage_error("report", "--target: '%s' has no "
                               "predecessor: the IPMA needs a construct "
                               "with drivers", a->target);
    const char *names[64];
    size_t n = J < 64 ? J : 64;
    for (size_t j = 0; j < n; j++)
        names[j] = wold_model_lv_name(md, j);
    const char *close = cli_closest(a->target, names, n);
    return close != NULL
               ? cli_usage_error("report", "--target: the model has no "
                                 "latent variable '%s'; did you mean '%s'?",
                                 a->target, close)
               : cli_usage_error("report", "--target: the model has no "
                                 "latent variable '%s'", a->target);
}

/* What a run made; freed by run_free. */
typedef struct run {
    wold_model *model;
    wold_data *data;
    wold_moments *mo;
    wold_fit *fit;
    wold_hoc *hoc;
    wold_index *ix;
    wold_index_boot *ib;
    wold_boot *boot;
    wold_ipma *ip;
    wold_grades *grades;
} run;

static void run_free(run *r)
{
    wold_ipma_free(r->ip);
    wold_boot_free(r->boot);
    wold_index_boot_free(r->ib);
    wold_index_free(r->ix);
    wold_grades_free(r->grades);
    if (r->hoc == NULL) {
        wold_fit_free(r->fit);
        wold_moments_free(r->mo);
    }
    wold_hoc_free(r->hoc);
    wold_data_free(r->data);
    wold_model_free(r->model);
}

/* The fit: of the repeated-indicator model when the model has
 * higher-order constructs (the diagram draws that fit). */
static wold_status estimate(const report_args *a, run *r, wold_error *err)
{
    if (wold_model_max_order(r->model) == 1) {
        TRY(wold_moments_compute(&r->mo, r->data, a->missing, err));
        return wold_fit_estimate(&r->fit, r->model, r->mo, &a->opt, err);
    }
    wold_status st = wold_hoc_estimate(&r->hoc, r->model, r->data,
                                       wold_data_weights(r->data), a->missing,
                                       &a->opt, WOLD_HOC_REPEATED, err);
    if (r->hoc != NULL) {
        size_t last = wold_hoc_n_stages(r->hoc) - 1;
        r->fit = (wold_fit *)wold_hoc_stage_fit(r->hoc, last);
        r->mo = (wold_moments *)wold_hoc_stage_moments(r->hoc, last);
    }
    return st;
}

/* The bootstrap, with the indices' statistics and the progress bar. */
static wold_status bootstrap(const report_args *a, run *r, wold_error *err)
{
    wold_boot_options opt = a->boot.opt;
    if (r->ix != NULL && wold_index_n_defined(r->ix) > 0) {
        TRY(wold_index_boot_alloc(&r->ib, r->ix, err));
        opt.extra = wold_index_boot_extra(r->ib);
    }
    cli_progress pr;
    cli_progress_start(&pr);
    wold_status st = wold_boot_run(&r->boot, r->fit, r->mo, r->data, &opt,
                                   cli_progress_update, &pr, err);
    cli_progress_end(&pr);
    return st;
}

/* Fit, indices, bootstrap and IPMA; target is J for no IPMA. */
static wold_status analyse(const report_args *a, run *r, size_t target,
                           wold_error *err)
{
    TRY(wold_data_read(&r->data, a->data, r->model, &a->csv, err));
    TRY(estimate(a, r, err));
    int scales = cli_any_scale(wold_fit_model(r->fit));
    if (scales)
        TRY(wold_index_compute(&r->ix, r->fit, r->mo, err));
    if (a->boot.boot)
        TRY(bootstrap(a, r, err));
    if (!scales || target >= wold_model_n_lv(wold_fit_model(r->fit)))
        return WOLD_OK;
    wold_status st = wold_ipma_compute(&r->ip, r->fit, r->mo, target, err);
    /* The IPMA nobody asked for is left out, saying why. */
    if (st != WOLD_OK && st != WOLD_ENOMEM && a->target == NULL) {
        fprintf(stderr, "wold report: note: no IPMA: %s\n", err->message);
        st = WOLD_OK;
    }
    return st;
}

static int write_page(const report_args *a, run *r, cli_out *o)
{
    wold_report_parts parts;
    wold_report_parts_default(&parts);
    parts.fit = r->fit;
    parts.moments = r->mo;
    parts.data = r->hoc != NULL
                     ? wold_hoc_stage_data(r->hoc, wold_hoc_n_stages(r->hoc) - 1)
                     : r->data;
    parts.boot = r->boot;
    parts.index = r->ix;
    parts.grades = r->grades;
    parts.lang = a->lang;
    parts.ipma = r->ip;
    char *text = NULL;
    wold_error err;
    wold_status st = wold_report(&text, &parts, WOLD_FORMAT_HTML, &err);
    return cli_out_report(o, st, text, &err, "report");
}

int cli_report_cmd(int argc, char **argv)
{
    report_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    const cli_file in[] = {{"MODEL", a.model}, {"DATA", a.data},
                           {"--grades", a.grades}};
    const cli_file out[] = {{"-o", a.out}};
    if ((rc = cli_check_files("report", in, a.grades ? 3 : 2, out, 1)) != 0)
        return rc;
    cli_out o;
    memset(&o, 0, sizeof o);
    o.slot = -1;
    if ((rc = cli_out_open(&o, a.out, "report")) != 0)
        return rc;
    run r;
    memset(&r, 0, sizeof r);
    wold_error err;
    size_t target = 0;
    wold_status st = cli_read_model(&r.model, a.model, &a.scale, &err);
    if (st == WOLD_OK && (rc = find_target(&a, r.model, &target)) != 0) {
        cli_out_abort(&o);
        run_free(&r);
        return rc;
    }
    if (st == WOLD_OK && a.grades != NULL)
        st = wold_grades_read(&r.grades, a.grades, &err);
    if (st == WOLD_OK)
        st = analyse(&a, &r, target, &err);
    if (st != WOLD_OK)
        rc = cli_report(&err);
    for (size_t k = 0; r.fit != NULL && k < wold_fit_n_warnings(r.fit); k++)
        cli_report_problem(wold_fit_warning(r.fit, k));
    if (rc == 0)
        rc = write_page(&a, &r, &o);
    cli_out_abort(&o);
    run_free(&r);
    return rc;
}
