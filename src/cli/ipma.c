/* ipma.c - "wold ipma MODEL DATA --target LV": the importance-performance
 * map analysis of one target construct, and its report. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char ipma_help[] =
    "usage: wold ipma MODEL DATA --target LV [options]\n"
    "\n"
    "Importance-performance map analysis (IPMA; Ringle & Sarstedt 2016, as\n"
    "SmartPLS and cSEM's doIPMA): every indicator rescaled to 0-100 by its\n"
    "scale, each construct's rescaled score the weighted sum of its rescaled\n"
    "indicators (unstandardised weights normalised to sum 1).  Importance:\n"
    "the unstandardised total effect on the target from OLS regressions of\n"
    "the rescaled scores (indicators: weight x their construct's total\n"
    "effect); performance: the mean rescaled score.  Rows are ordered by\n"
    "priority: the largest potential = importance x (100 - performance)\n"
    "first (docs/csi.md, \"Priorities for improvement\").\n"
    "MODEL is a model file, DATA a CSV file with a header row ('-' reads\n"
    "standard input; not both), or an SPSS .sav/.zsav, Stata .dta or SAS\n"
    ".sas7bdat file (docs/statfiles.md).\n"
    "\n"
    "options:\n"
    "  --target LV       the construct whose drivers are analysed (an LV\n"
    "                    with predecessors; required)\n"
    "  --scale MIN:MAX   the scale of every indicator the model file leaves\n"
    "                    without one (1:10 for ACSI items)\n"
    "  --scheme S        inner weighting: path (default), centroid, factorial\n"
    "  --tol X           stopping tolerance of the fit (default 1e-12)\n"
    "  --max-iter N      iteration limit of the fit (default 300)\n"
    "  --missing M       listwise (default) or mean\n"
    "  --weights COL     observation (survey) weights from column COL\n"
    "  --boot B          B bootstrap replicates: s.e. and percentile interval\n"
    "                    of every importance\n"
    "  --seed S          random seed of the bootstrap (default 1)\n"
    "  --threads N       bootstrap threads (default 0: one per core)\n"
    "  --level X         level of the intervals (default 0.95)\n"
    "  --lang L          en (default) or zh: the language of the report\n"
    "  --sep C           CSV separator: ',' ';' 'tab' (default: detected)\n"
    "  --format F        text (default), json (docs/json.md) or csv\n"
    "                    long: every table as one long CSV; xlsx: an Excel\n"
    "                    workbook (needs -o FILE.xlsx); docs/tables.md\n"
    "  -o FILE           write the report to FILE instead of standard output\n"
    "  -h, --help        show this help\n"
    "\n"
    "A negative weight in an analysed block, or an indicator without a\n"
    "scale, stops the run with a message naming it.\n"
    "\n"
    "exit codes: 0 ok, 1 usage error, 2 bad input (model or data, a missing\n"
    "scale), 3 numerical failure (no convergence, a negative weight), 4 out\n"
    "of memory, 5 I/O error.\n";

static const char *const ipma_options[] = {
    "--target", "--scale",  "--scheme", "--tol",    "--max-iter",
    "--missing", "--weights", "--boot",  "--seed",   "--threads",
    "--level",  "--lang",    "--sep",    "--format", "-o", "--help"};

typedef struct ipma_args {
    const char *model, *data, *out, *target, *seed_given;
    cli_scale scale;
    int boot;
    wold_lang lang;
    wold_fit_options fit;
    wold_missing missing;
    wold_boot_options bopt;
    wold_csv_options csv;
    wold_format format;
    cli_tables tables; /* --format long or xlsx */
} ipma_args;

static int choice(const char *opt, const char *v, const char *const *names,
                  size_t n, int *out)
{
    return cli_parse_choice("ipma", opt, v, names, n, out);
}

/* The bootstrap's options; 0 when argv[*i] is none. */
static int parse_boot(int argc, char **argv, int *i, ipma_args *a, int *rc)
{
    const char *v = NULL;
    long l = 0;
    int m;
    if ((m = cli_opt_value(argc, argv, i, "--boot", &v, "ipma"))) {
        *rc = m < 0 ? 1 : cli_parse_long("ipma", "--boot", v, 1, 100000000, &l);
        a->bopt.replicates = (size_t)l;
        a->boot = 1;
    } else if ((m = cli_opt_value(argc, argv, i, "--seed", &v, "ipma"))) {
        *rc = m < 0 ? 1 : cli_parse_long("ipma", "--seed", v, 0, 0x7fffffffL, &l);
        a->bopt.seed = (uint64_t)l;
        a->seed_given = "--seed";
    } else if ((m = cli_opt_value(argc, argv, i, "--threads", &v, "ipma"))) {
        *rc = m < 0 ? 1 : cli_parse_long("ipma", "--threads", v, 0, 256, &l);
        a->bopt.threads = (int)l;
        a->csv.threads = (unsigned)l;
    } else if ((m = cli_opt_value(argc, argv, i, "--level", &v, "ipma"))) {
        *rc = m < 0 ? 1 : cli_parse_double("ipma", "--level", v, &a->bopt.level);
        if (*rc == 0 && !(a->bopt.level > 0 && a->bopt.level < 1))
            *rc = cli_usage_error("ipma", "--level: expected a number between "
                                  "0 and 1 (exclusive), got '%s'", v);
        a->seed_given = "--level";
    }
    return m;
}

/* The fit's and the data's options; 0 when argv[*i] is none. */
static int parse_fit(int argc, char **argv, int *i, ipma_args *a, int *rc)
{
    static const char *const missing[] = {"listwise", "mean"};
    const char *v = NULL;
    int m, k = 0;
    if (cli_fit_option(argc, argv, i, "ipma", &a->fit, NULL, NULL, rc)) {
        m = 1;
    } else if ((m = cli_opt_value(argc, argv, i, "--missing", &v, "ipma"))) {
        *rc = m < 0 ? 1 : choice("--missing", v, missing, 2, &k);
        a->missing = (wold_missing)k;
    } else if ((m = cli_opt_value(argc, argv, i, "--weights", &v, "ipma"))) {
        *rc = m < 0;
        a->csv.weights = v;
    } else if ((m = cli_opt_value(argc, argv, i, "--sep", &v, "ipma"))) {
        *rc = m < 0 ? 1 : cli_parse_sep("ipma", v, &a->csv.separator);
    }
    return m;
}

/* The analysis' and the report's options; 0 when argv[*i] is none. */
static int parse_report(int argc, char **argv, int *i, ipma_args *a, int *rc)
{
    static const char *const formats[] = {"text", "json", "csv"};
    const char *v = NULL;
    int m, k = 0;
    if ((m = cli_lang_option(argc, argv, i, "ipma", &a->lang, rc)))
        return m;
    if ((m = cli_opt_value(argc, argv, i, "--target", &v, "ipma"))) {
        *rc = m < 0;
        a->target = v;
    } else if ((m = cli_opt_value(argc, argv, i, "--scale", &v, "ipma"))) {
        *rc = m < 0 ? 1 : cli_parse_scale("ipma", v, &a->scale);
    } else if ((m = cli_opt_value(argc, argv, i, "--format", &v, "ipma"))) {
        *rc = m < 0 ? 1
              : cli_tables_format(v, 0, &a->tables)
                  ? 0
                  : choice("--format", v, formats, 3, &k);
        a->format = (wold_format)k;
    } else if ((m = cli_opt_value(argc, argv, i, "-o", &v, "ipma"))) {
        *rc = m < 0;
        a->out = v;
    }
    return m;
}

static int option(int argc, char **argv, int *i, void *user)
{
    ipma_args *a = user;
    int rc = 0;
    if (!parse_report(argc, argv, i, a, &rc) &&
        !parse_fit(argc, argv, i, a, &rc) && !parse_boot(argc, argv, i, a, &rc))
        rc = cli_unknown_option("ipma", argv[*i], ipma_options,
                                sizeof ipma_options / sizeof ipma_options[0]);
    return rc;
}

static int parse_args(int argc, char **argv, ipma_args *a)
{
    memset(a, 0, sizeof *a);
    wold_fit_options_default(&a->fit);
    wold_boot_options_default(&a->bopt);
    wold_csv_options_default(&a->csv);
    int rc = cli_scan_args(argc, argv, "ipma", ipma_help, option, a,
                           &a->model, &a->data);
    if (rc != 0)
        return rc;
    if (a->target == NULL)
        return cli_usage_error("ipma", "expected --target LV (the construct "
                               "whose drivers are analysed)");
    if (!a->boot && a->seed_given != NULL)
        return cli_usage_error("ipma", "%s needs --boot B", a->seed_given);
    if (cli_tables_check("ipma", a->tables, a->out) != 0)
        return EXIT_USAGE;
    return 0;
}

/* A target without predecessors: name the closest construct that has
 * some, or list them all. */
static int not_endogenous(const wold_model *md, const char *name,
                          const char **names)
{
    size_t J = wold_model_n_lv(md), ne = 0, len = 0;
    char list[512] = "";
    for (size_t j = 0; j < J; j++)
        if (cli_endogenous(md, j)) {
            names[ne++] = wold_model_lv_name(md, j);
            if (len + strlen(names[ne - 1]) + 3 < sizeof list)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                        ne > 1 ? ", " : "", names[ne - 1]);
        }
    if (ne == 0)
        return cli_usage_error("ipma", "--target: the model has no "
                               "structural paths, so no construct has "
                               "drivers to analyse");
    const char *close = cli_closest(name, names, ne);
    if (close != NULL)
        return cli_usage_error("ipma", "--target: '%s' has no predecessor; "
                               "did you mean '%s'?", name, close);
    return cli_usage_error("ipma", "--target: '%s' has no predecessor; the "
                           "constructs with predecessors are %s", name, list);
}

/* The target's index, or a usage error naming the closest LV. */
static int find_target(const wold_model *md, const char *name, size_t *out)
{
    size_t J = wold_model_n_lv(md);
    const char **names = malloc((J ? J : 1) * sizeof *names);
    if (names == NULL) {
        fputs("wold ipma: error: out of memory\n", stderr);
        return EXIT_MEMORY;
    }
    *out = J;
    for (size_t j = 0; j < J; j++) {
        names[j] = wold_model_lv_name(md, j);
        if (strcmp(names[j], name) == 0)
            *out = j;
    }
    int rc = 0;
    if (*out == J) {
        const char *close = cli_closest(name, names, J);
        rc = close ? cli_usage_error("ipma", "--target: the model has no "
                                     "latent variable '%s'; did you mean "
                                     "'%s'?", name, close)
                   : cli_usage_error("ipma", "--target: the model has no "
                                     "latent variable '%s'", name);
    } else if (!cli_endogenous(md, *out)) {
        rc = not_endogenous(md, name, names);
    }
    free(names);
    return rc;
}

static int write_report(cli_out *rep, const wold_ipma *ip,
                        const wold_boot *boot, const ipma_args *a)
{
    char *text = NULL;
    wold_error err;
    wold_status st = wold_report_ipma(
        &text, ip, boot, cli_tables_report_format(a->tables, a->format),
        a->lang, &err);
    return cli_out_tables(rep, st, text, &err, "ipma", a->tables, a->lang);
}

/* The model with the command line's scale for indicators without one,
 * and the target's index. */
static int load_model(const ipma_args *a, wold_model **model, size_t *target,
                      wold_error *err)
{
    if (cli_read_model(model, a->model, &a->scale, err) != WOLD_OK)
        return cli_report(err);
    return find_target(*model, a->target, target);
}

/* The IPMA's objects, freed together. */
typedef struct ipma_run {
    wold_model *model;
    wold_data *data;
    wold_moments *mo;
    wold_fit *fit;
    wold_ipma *ip;
    wold_boot *boot;
} ipma_run;

static void run_free(ipma_run *r)
{
    wold_boot_free(r->boot);
    wold_ipma_free(r->ip);
    wold_fit_free(r->fit);
    wold_moments_free(r->mo);
    wold_data_free(r->data);
    wold_model_free(r->model);
}

static wold_status analyse(ipma_args *a, ipma_run *r, size_t target,
                           wold_error *err)
{
    wold_status st = wold_data_read(&r->data, a->data, r->model, &a->csv,
                                        err);
    if (st == WOLD_OK)
        st = wold_moments_compute(&r->mo, r->data, a->missing, err);
    if (st == WOLD_OK)
        st = wold_fit_estimate(&r->fit, r->model, r->mo, &a->fit, err);
    if (st == WOLD_OK)
        st = wold_ipma_compute(&r->ip, r->fit, r->mo, target, err);
    if (st == WOLD_OK && a->boot) {
        wold_boot_extra extra;
        cli_progress pr;
        wold_ipma_boot_extra(r->ip, &extra);
        a->bopt.extra = &extra;
        cli_progress_start(&pr);
        st = wold_boot_run(&r->boot, r->fit, r->mo, r->data, &a->bopt,
                           cli_progress_update, &pr, err);
        cli_progress_end(&pr);
        a->bopt.extra = NULL;
    }
    return st;
}

int cli_ipma(int argc, char **argv)
{
    ipma_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    const cli_file in[] = {{"MODEL", a.model}, {"DATA", a.data}};
    const cli_file out[] = {{a.out != NULL ? "-o" : NULL, a.out}};
    cli_out rep;
    if ((rc = cli_check_files("ipma", in, 2, out, 1)) != 0 ||
        (rc = cli_out_open(&rep, a.out, "ipma")) != 0)
        return rc;
    wold_error err;
    ipma_run r = {0};
    size_t target = 0;
    rc = load_model(&a, &r.model, &target, &err);
    if (rc == 0) {
        wold_status st = analyse(&a, &r, target, &err);
        rc = st != WOLD_OK ? cli_report(&err)
                           : write_report(&rep, r.ip, r.boot, &a);
    }
    cli_out_abort(&rep);
    run_free(&r);
    return rc;
}
