/* predict.c - "wold predict MODEL DATA": PLSpredict, k-fold
 * cross-validated out-of-sample prediction, and its report. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char predict_help[] =
    "usage: wold predict MODEL DATA [options]\n"
    "\n"
    "PLSpredict (Shmueli et al. 2016, 2019): k-fold cross-validated\n"
    "out-of-sample prediction of the indicators of the endogenous blocks.\n"
    "Per indicator: Q2predict (against the training-sample mean), and the\n"
    "RMSE and MAE of the PLS prediction, of the linear-model benchmark (LM:\n"
    "the indicator regressed on the indicators of the exogenous blocks) and\n"
    "of the training mean; averaged over the repeats (docs/methods.md).\n"
    "MODEL is a model file, DATA a CSV file with a header row ('-' reads\n"
    "standard input; not both), or an SPSS .sav/.zsav, Stata .dta or SAS\n"
    ".sas7bdat file (docs/statfiles.md).\n"
    "\n"
    "options:\n"
    "  --folds K         folds of the cross-validation (default 10)\n"
    "  --repeats R       times the split is redrawn (default 10)\n"
    "  --seed S          random seed of the splits, 0 to 2147483647 (default\n"
    "                    1); the same seed gives the same report\n"
    "  --approach A      earliest (default): endogenous LVs predicted from\n"
    "                    the exogenous blocks through the total effects;\n"
    "                    direct: from their predecessors' own scores\n"
    "  --scheme S        inner weighting: path (default), centroid, factorial\n"
    "  --tol X           stopping tolerance of each fit (default 1e-12)\n"
    "  --max-iter N      iteration limit of each fit (default 300)\n"
    "  --unscaled        centre the indicators without standardising them\n"
    "  --missing M       listwise (default): only complete rows are split;\n"
    "                    mean: replace a missing cell by its column mean\n"
    "  --sep C           CSV separator: ',' ';' 'tab' (default: detected)\n"
    "  --weights COLUMN  observation (survey) weights from COLUMN of DATA:\n"
    "                    numbers >= 0; moments, fit, OLS tables and folds\n"
    "                    are weighted (docs/methods.md 14)\n"
    "  --threads N       threads that read DATA (default 0: one per core)\n"
    "  --format F        text (default) or json (docs/json.md)\n"
    "                    csv or long: every table as one long CSV; xlsx: an\n"
    "                    Excel workbook (needs -o FILE.xlsx); docs/tables.md\n"
    "  --lang L          language of the text report's headings and labels:\n"
    "                    en (default) or zh (Chinese); JSON keys stay English\n"
    "  -o FILE           write the report to FILE instead of standard output\n"
    "  --scale MIN:MAX   the scale of every indicator the model file leaves\n"
    "                    without one (docs/model-syntax.md, \"Scales\")\n"
    "  -h, --help        show this help\n"
    "\n"
    "A fold whose training rows cannot be fitted (a zero-variance indicator,\n"
    "a collinear block, no convergence) stops the run with the fit's error,\n"
    "naming the repeat and fold.\n"
    "\n"
    "exit codes: 0 ok, 1 usage error, 2 bad input (model or data, a model\n"
    "without paths), 3 numerical failure in a fold, 4 out of memory, 5 I/O\n"
    "error.\n";

typedef struct predict_args {
    const char *model, *data, *out;
    wold_predict_options opt;
    wold_csv_options csv;
    wold_format format;
    cli_tables tables; /* --format long or xlsx */
    wold_lang lang;
    cli_scale scale;
} predict_args;

static const char *const predict_options[] = {
    "--folds",    "--repeats", "--seed", "--approach", "--scheme",
    "--tol",      "--max-iter", "--unscaled", "--missing", "--sep",
    "--format",   "-o",        "--help",     "--lang",
    "--scale",    "--weights", "--threads"};

static int choice(const char *opt, const char *v, const char *const *names,
                  size_t n, int *out)
{
    return cli_parse_choice("predict", opt, v, names, n, out);
}

/* The options of the cross-validation itself; 0 when argv[*i] is none. */
static int parse_cv(int argc, char **argv, int *i, predict_args *a, int *rc)
{
    static const char *const approaches[] = {"earliest", "direct"};
    const char *v = NULL;
    long l = 0;
    int m, k = 0;
    if ((m = cli_opt_value(argc, argv, i, "--folds", &v, "predict"))) {
        *rc = m < 0 ? 1 : cli_parse_long("predict", "--folds", v, 2,
                                         1000000000L, &l);
        a->opt.folds = (size_t)l;
    } else if ((m = cli_opt_value(argc, argv, i, "--repeats", &v, "predict"))) {
        *rc = m < 0 ? 1 : cli_parse_long("predict", "--repeats", v, 1,
                                         1000000L, &l);
        a->opt.repeats = (size_t)l;
    } else if ((m = cli_opt_value(argc, argv, i, "--seed", &v, "predict"))) {
        *rc = m < 0 ? 1 : cli_parse_long("predict", "--seed", v, 0,
                                         2147483647L, &l);
        a->opt.seed = (uint64_t)l;
    } else if ((m = cli_opt_value(argc, argv, i, "--approach", &v,
                                  "predict"))) {
        *rc = m < 0 ? 1 : choice("--approach", v, approaches, 2, &k);
        a->opt.approach = (wold_predict_approach)k;
    }
    return m;
}

/* The options shared with wold fit; 0 when argv[*i] is none. */
static int parse_fit(int argc, char **argv, int *i, predict_args *a, int *rc)
{
    static const char *const missing[] = {"listwise", "mean"};
    static const char *const formats[] = {"text", "json"};
    wold_fit_options *fo = &a->opt.fit;
    const char *v = NULL;
    int m, k = 0;
    if (strcmp(argv[*i], "--unscaled") == 0) {
        fo->scaled = 0;
        return 1;
    }
    if (cli_lang_option(argc, argv, i, "predict", &a->lang, rc) ||
        cli_threads_option(argc, argv, i, "predict", &a->csv, rc))
        return 1;
    if (cli_fit_option(argc, argv, i, "predict", fo, NULL, NULL, rc)) {
        m = 1;
    } else if ((m = cli_opt_value(argc, argv, i, "--missing", &v,
                                  "predict"))) {
        *rc = m < 0 ? 1 : choice("--missing", v, missing, 2, &k);
        a->opt.missing = (wold_missing)k;
    } else if ((m = cli_opt_value(argc, argv, i, "--format", &v, "predict"))) {
        *rc = m < 0 ? 1
              : cli_tables_format(v, 1, &a->tables)
                  ? 0
                  : choice("--format", v, formats, 2, &k);
        a->format = (wold_format)k;
    } else if ((m = cli_opt_value(argc, argv, i, "--sep", &v, "predict"))) {
        *rc = m < 0 ? 1 : cli_parse_sep("predict", v, &a->csv.separator);
    } else if ((m = cli_opt_value(argc, argv, i, "--weights", &v,
                                  "predict"))) {
        *rc = m < 0 ? 1 : cli_parse_weights("predict", v, &a->csv);
    } else if ((m = cli_opt_value(argc, argv, i, "--scale", &v, "predict"))) {
        *rc = m < 0 ? 1 : cli_parse_scale("predict", v, &a->scale);
    } else if ((m = cli_opt_value(argc, argv, i, "-o", &v, "predict"))) {
        *rc = m < 0;
        a->out = v;
    }
    return m;
}

/* One option at argv[*i]; returns 0, or an exit code. */
static int option(int argc, char **argv, int *i, void *user)
{
    predict_args *a = user;
    int rc = 0;
    if (!parse_cv(argc, argv, i, a, &rc) && !parse_fit(argc, argv, i, a, &rc))
        rc = cli_unknown_option("predict", argv[*i], predict_options,
                                sizeof predict_options /
                                    sizeof predict_options[0]);
    return rc;
}

static int parse_args(int argc, char **argv, predict_args *a)
{
    memset(a, 0, sizeof *a);
    wold_predict_options_default(&a->opt);
    wold_csv_options_default(&a->csv);
    int rc = cli_scan_args(argc, argv, "predict", predict_help, option, a,
                           &a->model, &a->data);
    if (rc != 0)
        return rc;
    if (cli_tables_check("predict", a->tables, a->out) != 0)
        return EXIT_USAGE;
    return 0;
}

static int write_report(cli_out *rep, const wold_prediction *pr,
                        const predict_args *a)
{
    char *text = NULL;
    wold_error err;
    wold_status st = wold_report_prediction_lang(
        &text, pr, cli_tables_report_format(a->tables, a->format), a->lang,
        &err);
    return cli_out_tables(rep, st, text, &err, "predict", a->tables,
                          a->lang);
}

int cli_predict(int argc, char **argv)
{
    predict_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    const cli_file in[] = {{"MODEL", a.model}, {"DATA", a.data}};
    const cli_file out[] = {{a.out != NULL ? "-o" : NULL, a.out}};
    cli_out rep;
    if ((rc = cli_check_files("predict", in, 2, out, 1)) != 0 ||
        (rc = cli_out_open(&rep, a.out, "predict")) != 0)
        return rc;
    wold_error err;
    wold_model *model = NULL;
    wold_data *data = NULL;
    wold_prediction *pr = NULL;
    wold_status st = cli_read_model(&model, a.model, &a.scale, &err);
    if (st == WOLD_OK)
        st = wold_data_read(&data, a.data, model, &a.csv, &err);
    if (st == WOLD_OK)
        st = wold_predict(&pr, model, data, &a.opt, &err);
    rc = st != WOLD_OK ? cli_report(&err) : write_report(&rep, pr, &a);
    cli_out_abort(&rep);
    wold_prediction_free(pr);
    wold_data_free(data);
    wold_model_free(model);
    return rc;
}
