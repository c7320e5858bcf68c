/*
 * fit_moments.c - "wold fit MODEL --moments FILE.wm": the fit and its
 * report from a moments file (wold moments, wold merge) instead of the
 * data.  Everything the report computes from the moments is there (the
 * estimates, criteria, --compat, --plsc, the indices and grades); what
 * needs the rows (the bootstrap, LV scores) is a usage error that says so.
 * cli_fit hands the whole command line here when --moments is in it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char fm_help[] =
    "usage: wold fit MODEL --moments FILE.wm [options]\n"
    "\n"
    "Fits MODEL to the moments in FILE.wm (made by wold moments or wold\n"
    "merge) instead of a CSV file: the same estimates, criteria and\n"
    "indices as 'wold fit MODEL DATA' on the rows they were made from\n"
    "(docs/cli.md, \"wold fit --moments\").\n"
    "\n"
    "options (as wold fit's):\n"
    "  --moments FILE    the moments file\n"
    "  --group-level L   the moments of group L only (a file made with\n"
    "                    wold moments --group; default: all groups)\n"
    "  --missing M       listwise (default), mean or pairwise\n"
    "  --scheme S        path (default), centroid or factorial\n"
    "  --tol X           stopping tolerance (default 1e-12)\n"
    "  --max-iter N      iteration limit (default 300)\n"
    "  --compat plspm    replay R plspm 0.5.1 exactly\n"
    "  --unscaled        centre the indicators without standardising them\n"
    "  --plsc            consistent PLS\n"
    "  --format F        text (default) or json (docs/json.md); csv or\n"
    "                    long: the tables as one long CSV; xlsx: an Excel\n"
    "                    workbook (needs -o FILE.xlsx; docs/tables.md)\n"
    "  --lang L          en (default) or zh\n"
    "  -o FILE           write the report to FILE\n"
    "  --grades FILE     grade the indices with the table in FILE\n"
    "  --hoc A           higher-order constructs: repeated (default) or\n"
    "                    two-stage, each later stage from the moments\n"
    "  --scale MIN:MAX   the scale of indicators the model file leaves\n"
    "                    without one\n"
    "  --threads N       accepted; nothing is read in threads here\n"
    "  -h, --help        show this help\n"
    "\n"
    "Not with --moments, because they need the rows: --boot and the\n"
    "bootstrap's options, --jackknife, --scores, --scores-metric,\n"
    "--weights (the file was weighted when made), --sep.\n"
    "\n"
    "exit codes: as wold fit's: 0 ok, 1 usage error, 2 bad input (model,\n"
    "moments file), 3 numerical failure, 4 out of memory, 5 I/O error.\n";

typedef struct fm_args {
    const char *model, *moments, *out, *grades, *level;
    wold_fit_options opt;
    wold_format format;
    cli_tables tables; /* --format csv, long or xlsx */
    wold_lang lang;
    wold_missing missing;
    wold_hoc_approach hoc;
    cli_scale scale;
} fm_args;

/* Options of wold fit that need the rows, and why. */
static const struct refused {
    const char *name;
    int value;          /* takes a value */
    const char *why;
} refused[] = {
    {"--boot", 1, "the bootstrap resamples the rows"},
    {"--jackknife", 0, "the jackknife leaves out one row at a time"},
    {"--seed", 1, "it seeds the bootstrap, which resamples the rows"},
    {"--ci", 1, "bootstrap intervals resample the rows"},
    {"--level", 1, "bootstrap intervals resample the rows"},
    {"--sign-change", 1, "it belongs to the bootstrap, which resamples the "
                         "rows"},
    {"--boot-failures", 1, "it belongs to the bootstrap, which resamples "
                           "the rows"},
    {"--boot-out", 1, "the bootstrap resamples the rows"},
    {"--htmt-threshold", 1, "the HTMT test is a bootstrap of the rows"},
    {"--scores", 1, "LV scores are one per row"},
    {"--scores-metric", 1, "LV scores are one per row"},
    {"--weights", 1, "the weights were applied when the file was made "
                     "(wold moments --weights)"},
    {"--sep", 1, "there is no CSV file to read"},
};
#define N_REFUSED (sizeof refused / sizeof *refused)

static const char *const fm_options[] = {
    "--moments", "--group-level", "--scheme", "--tol", "--max-iter",
    "--compat", "--unscaled", "--plsc", "--missing", "--format", "--lang",
    "-o", "--grades", "--scale", "--hoc", "--threads", "--help"};

int cli_fit_wants_moments(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--moments") == 0 ||
            strncmp(argv[i], "--moments=", 10) == 0)
            return 1;
    return 0;
}

/* A refused option at argv[i]: the usage error, else 0. */
static int refuse(const char *arg)
{
    for (size_t k = 0; k < N_REFUSED; k++) {
        size_t n = strlen(refused[k].name);
        if (strncmp(arg, refused[k].name, n) == 0 &&
            (arg[n] == '\0' || (refused[k].value && arg[n] == '=')))
            return cli_usage_error("fit", "%s cannot be used with "
                                   "--moments: %s, and a moments file holds "
                                   "only their sums; fit on the data "
                                   "instead (wold fit MODEL DATA %s ...)",
                                   refused[k].name, refused[k].why,
                                   refused[k].name);
    }
    return 0;
}

/* The options that set the fit; 0, or an exit code; *matched 0 when
 * argv[*i] is none of them. */
static int fit_option(int argc, char **argv, int *i, fm_args *a,
                      int *tol_set, int *iter_set, int *matched)
{
    static const char *const compats[] = {"plspm", "none"};
    const char *v = NULL;
    int m, k = 0, rc = 0;
    *matched = 1;
    if (strcmp(argv[*i], "--unscaled") == 0) {
        a->opt.scaled = 0;
    } else if (strcmp(argv[*i], "--plsc") == 0) {
        a->opt.plsc = 1;
    } else if (cli_fit_option(argc, argv, i, "fit", &a->opt, tol_set,
                              iter_set, &rc)) {
        /* --scheme, --tol, --max-iter: done */
    } else if ((m = cli_opt_value(argc, argv, i, "--compat", &v, "fit"))) {
        rc = m < 0 ? 1 : cli_parse_choice("fit", "--compat", v, compats, 2, &k);
        a->opt.compat = k == 0 ? WOLD_COMPAT_PLSPM : WOLD_COMPAT_NONE;
    } else {
        *matched = 0;
    }
    return rc;
}

/* The options of the input and the report; a refused or unknown
 * option is a usage error. */
static int io_option(int argc, char **argv, int *i, fm_args *a)
{
    static const char *const missing[] = {"listwise", "mean", "pairwise"};
    static const char *const formats[] = {"text", "json"};
    static const char *const hocs[] = {"repeated", "two-stage"};
    const char *v = NULL;
    int m, k = 0, rc = 0;
    long l = 0;
    if (cli_lang_option(argc, argv, i, "fit", &a->lang, &rc))
        return rc;
    if ((m = cli_opt_value(argc, argv, i, "--moments", &v, "fit"))) {
        a->moments = v;
        return m < 0;
    }
    if ((m = cli_opt_value(argc, argv, i, "--group-level", &v, "fit"))) {
        a->level = v;
        return m < 0;
    }
    if ((m = cli_opt_value(argc, argv, i, "--missing", &v, "fit"))) {
        rc = m < 0 ? 1 : cli_parse_choice("fit", "--missing", v, missing, 3, &k);
        a->missing = (wold_missing)k;
    } else if ((m = cli_opt_value(argc, argv, i, "--format", &v, "fit"))) {
        rc = m < 0 ? 1
             : cli_tables_format(v, 1, &a->tables)
                 ? 0
                 : cli_parse_choice("fit", "--format", v, formats, 2, &k);
        a->format = (wold_format)k;
    } else if ((m = cli_opt_value(argc, argv, i, "-o", &v, "fit"))) {
        rc = m < 0;
        a->out = v;
    } else if ((m = cli_opt_value(argc, argv, i, "--grades", &v, "fit"))) {
        rc = m < 0;
        a->grades = v;
    } else if ((m = cli_opt_value(argc, argv, i, "--scale", &v, "fit"))) {
        rc = m < 0 ? 1 : cli_parse_scale("fit", v, &a->scale);
    } else if ((m = cli_opt_value(argc, argv, i, "--hoc", &v, "fit"))) {
        rc = m < 0 ? 1 : cli_parse_choice("fit", "--hoc", v, hocs, 2, &k);
        a->hoc = (wold_hoc_approach)k;
    } else if ((m = cli_opt_value(argc, argv, i, "--threads", &v, "fit"))) {
        /* Nothing is read in threads from a moments file; taken so that
         * the same options serve both inputs. */
        rc = m < 0 ? 1 : cli_parse_long("fit", "--threads", v, 0, 256, &l);
    } else {
        rc = refuse(argv[*i]);
        if (rc == 0)
            rc = cli_unknown_option("fit", argv[*i], fm_options,
                                    sizeof fm_options / sizeof *fm_options);
    }
    return rc;
}

static int fm_parse(int argc, char **argv, fm_args *a)
{
    int tol_set = 0, iter_set = 0;
    memset(a, 0, sizeof *a);
    wold_fit_options_default(&a->opt);
    for (int i = 1; i < argc; i++) {
        int rc, matched;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(fm_help, stdout);
            return cli_stdout_check("fit") ? EXIT_IO : -1;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            rc = fit_option(argc, argv, &i, a, &tol_set, &iter_set, &matched);
            if (rc == 0 && !matched)
                rc = io_option(argc, argv, &i, a);
            if (rc != 0)
                return rc;
        } else if (a->model == NULL) {
            a->model = argv[i];
        } else {
            return cli_usage_error("fit", "unexpected argument '%s': with "
                                   "--moments the data are the moments "
                                   "file, not a CSV", argv[i]);
        }
    }
    if (a->model == NULL)
        return cli_usage_error("fit", "expected MODEL and --moments FILE.wm");
    if (cli_tables_check("fit", a->tables, a->out) != 0)
        return EXIT_USAGE;
    if (a->opt.plsc && a->opt.compat == WOLD_COMPAT_PLSPM)
        return cli_usage_error("fit", "--plsc cannot be used with --compat "
                                      "plspm: plspm has no consistent PLS");
    if (a->opt.compat == WOLD_COMPAT_PLSPM) {
        if (!tol_set)
            a->opt.tol = WOLD_PLSPM_TOL;
        if (!iter_set)
            a->opt.max_iter = WOLD_PLSPM_MAX_ITER;
    }
    return 0;
}

/* ---- the fit -------------------------------------------------------------- */

/* The group of --group-level LABEL, or (size_t)-1 for all. */
static int group_of(const fm_args *a, const wold_sums *s, size_t *g)
{
    *g = (size_t)-1;
    if (a->level == NULL)
        return 0;
    size_t n = wold_sums_n_groups(s);
    if (wold_sums_group_name(s) == NULL)
        return cli_usage_error("fit", "--group-level %s: %s has no groups "
                               "(made without wold moments --group)",
                               a->level, a->moments);
    const char **labels = malloc((n ? n : 1) * sizeof *labels);
    if (labels == NULL) {
        fputs("wold fit: error: out of memory\n", stderr);
        return EXIT_MEMORY;
    }
    for (size_t k = 0; k < n; k++) {
        labels[k] = wold_sums_group_label(s, k);
        if (strcmp(labels[k], a->level) == 0)
            *g = k;
    }
    int rc = 0;
    if (*g == (size_t)-1) {
        fprintf(stderr, "wold fit: error: %s: no group '%s' in column %s",
                a->moments, a->level, wold_sums_group_name(s));
        const char *close = cli_closest(a->level, labels, n);
        if (close != NULL)
            fprintf(stderr, "; did you mean '%s'?", close);
        fprintf(stderr, " (%zu groups)\n", n);
        rc = EXIT_INPUT;
    }
    free(labels);
    return rc;
}

/* The moments file's sums, checked against the model, and the moments
 * of the group asked for (or all); *s stays for the report's data line. */
static int load_moments(const fm_args *a, const wold_model *model,
                        wold_sums **s, wold_moments **mo)
{
    wold_error err;
    size_t g = 0;
    wold_status st = wold_sums_load(s, a->moments, &err);
    if (st == WOLD_OK)
        st = wold_sums_check_model(*s, model, &err);
    int rc = st != WOLD_OK ? cli_report(&err) : group_of(a, *s, &g);
    if (rc == 0 && wold_sums_moments(mo, *s, g, a->missing, &err) != WOLD_OK)
        rc = cli_report(&err);
    return rc;
}

/* The warnings and hints wold fit prints for a fit. */
static void fit_notes(const fm_args *a, const wold_fit *fit, wold_status st)
{
    for (size_t k = 0; k < wold_fit_n_warnings(fit); k++)
        cli_report_problem(wold_fit_warning(fit, k));
    if (st == WOLD_ENUMERIC && !wold_fit_converged(fit))
        fprintf(stderr, "wold fit: hint: the iteration reached its limit: "
                        "raise the limit with --max-iter (now %d), or loosen "
                        "the tolerance with --tol (now %g)\n",
                a->opt.max_iter, a->opt.tol);
}

/* The fit of mo, or of a model with higher-order constructs every stage
 * (*hoc owns them; *fit and *fmo are the last stage's). */
static wold_status estimate(const fm_args *a, const wold_model *model,
                            const wold_moments *mo, wold_fit **fit,
                            const wold_moments **fmo, wold_hoc **hoc,
                            wold_error *err)
{
    *fmo = mo;
    if (wold_model_max_order(model) == 1)
        return wold_fit_estimate(fit, model, mo, &a->opt, err);
    wold_status st = wold_hoc_estimate_moments(hoc, model, mo, &a->opt,
                                               a->hoc, err);
    if (*hoc != NULL)
        cli_hoc_last_stage(*hoc, (wold_moments **)fmo, fit);
    return st;
}

/* Fit, indices and the report of the moments into o. */
static int fit_and_report(const fm_args *a, const wold_model *model,
                          const wold_sums *s, const wold_moments *mo0,
                          const wold_grades *grades, cli_out *o)
{
    wold_error err, ierr;
    wold_fit *fit = NULL;
    wold_hoc *hoc = NULL;
    wold_index *ix = NULL;
    const wold_moments *mo = mo0;
    wold_status st = estimate(a, model, mo0, &fit, &mo, &hoc, &err);
    wold_status is = WOLD_OK;
    if (st == WOLD_OK && cli_any_scale(wold_fit_model(fit)))
        is = wold_index_compute(&ix, fit, mo, &ierr);
    int rc = st != WOLD_OK ? cli_report(&err)
             : is != WOLD_OK ? cli_report(&ierr) : 0;
    if (fit != NULL)
        fit_notes(a, fit, st);
    if (fit != NULL && is == WOLD_OK) {
        wold_report_parts parts;
        wold_report_parts_default(&parts);
        parts.fit = fit;
        parts.moments = mo;
        /* The data line counts every group's rows: not for one group. */
        parts.sums = a->level == NULL ? s : NULL;
        parts.index = ix;
        parts.grades = grades;
        parts.lang = a->lang;
        char *text = NULL;
        wold_format f = cli_tables_report_format(a->tables, a->format);
        wold_status rs = hoc != NULL && f <= WOLD_FORMAT_JSON
                             ? wold_hoc_report(&text, hoc, &parts, f, &err)
                             : wold_report(&text, &parts, f, &err);
        int wrc = cli_out_tables(o, rs, text, &err, "fit", a->tables,
                                 a->lang);
        rc = rc != 0 ? rc : wrc;
    }
    wold_index_free(ix);
    if (hoc == NULL)
        wold_fit_free(fit);
    wold_hoc_free(hoc);
    return rc;
}

/* Two stages need a score for every row they use, which pairwise
 * deletion does not give. */
static int refuse_hoc(const fm_args *a, const wold_model *model)
{
    if (wold_model_max_order(model) == 1 || a->hoc != WOLD_HOC_TWO_STAGE ||
        a->missing != WOLD_MISSING_PAIRWISE)
        return 0;
    return cli_usage_error("fit", "--missing pairwise gives moments only, "
                           "and under it a row with a missing cell has no "
                           "score for the next stage: not with --hoc "
                           "two-stage (use --hoc repeated)");
}

int cli_fit_moments(int argc, char **argv)
{
    fm_args a;
    int rc = fm_parse(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    const cli_file in[] = {{"MODEL", a.model}, {"--moments", a.moments},
                           {"--grades", a.grades}};
    const cli_file out[] = {{a.out != NULL ? "-o" : NULL, a.out}};
    rc = cli_check_files("fit", in, a.grades != NULL ? 3 : 2, out, 1);
    cli_out o;
    if (rc != 0 || (rc = cli_out_open(&o, a.out, "fit")) != 0)
        return rc;
    wold_error err;
    wold_model *model = NULL;
    wold_grades *grades = NULL;
    wold_moments *mo = NULL;
    wold_sums *s = NULL;
    wold_status st = cli_read_model(&model, a.model, &a.scale, &err);
    if (st == WOLD_OK && a.grades != NULL)
        st = wold_grades_read(&grades, a.grades, &err);
    if (st != WOLD_OK)
        rc = cli_report(&err);
    if (rc == 0)
        rc = refuse_hoc(&a, model);
    if (rc == 0)
        rc = load_moments(&a, model, &s, &mo);
    if (rc == 0)
        rc = fit_and_report(&a, model, s, mo, grades, &o);
    cli_out_abort(&o);
    wold_moments_free(mo);
    wold_sums_free(s);
    wold_grades_free(grades);
    wold_model_free(model);
    return rc;
}
