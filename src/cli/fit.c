/* fit.c - "wold fit MODEL DATA": read, moments, estimate, report. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mpi.h"

static const char fit_help[] =
    "usage: wold fit MODEL DATA [options]\n"
    "\n"
    "Fits a PLS path model (PLS-PM) to a CSV file and prints the report.\n"
    "MODEL is a model file (docs/model-syntax.md), DATA a CSV file with a\n"
    "header row ('-' reads standard input; not both MODEL and DATA), or an\n"
    "SPSS .sav/.zsav, Stata .dta or SAS .sas7bdat file (docs/statfiles.md).\n"
    "\n"
    "options:\n"
    "  --scheme S        inner weighting: path (default), centroid, factorial\n"
    "  --tol X           stopping tolerance (default 1e-12: largest change of\n"
    "                    a unit-variance weight; with --compat plspm 1e-6)\n"
    "  --max-iter N      iteration limit (default 300; plspm: 100)\n"
    "  --compat plspm    replay R plspm 0.5.1 exactly: its stopping rule,\n"
    "                    defaults and reporting of weights and Mode B criteria\n"
    "  --unscaled        centre the indicators without standardising them\n"
    "  --plsc            consistent PLS (Dijkstra-Henseler, as cSEM and\n"
    "                    SmartPLS): Mode A blocks corrected by rhoA, paths on\n"
    "                    the disattenuated correlations, no OLS p-values;\n"
    "                    an inadmissible solution is flagged (not with\n"
    "                    --compat plspm)\n"
    "  --missing M       listwise (default): drop incomplete rows;\n"
    "                    mean: replace a missing cell by its column mean;\n"
    "                    pairwise: each covariance from the rows where both\n"
    "                    columns are present (docs/methods.md; needs only\n"
    "                    the moments: not with --boot, --scores, --hoc\n"
    "                    two-stage)\n"
    "  --sep C           CSV separator: ',' ';' 'tab' (default: detected)\n"
    "  --weights COLUMN  observation (survey) weights from COLUMN of DATA:\n"
    "                    numbers >= 0; moments, fit, OLS tables, bootstrap\n"
    "                    are weighted (docs/methods.md 14)\n"
    "  --format F        text (default), json (docs/json.md), svg (the path\n"
    "                    diagram alone) or html (the page of wold report,\n"
    "                    docs/report.md);\n"
    "                    csv or long: every table as one long CSV\n"
    "                    (table,row,column,value); xlsx: an Excel workbook\n"
    "                    (needs -o FILE.xlsx); docs/tables.md\n"
    "  --lang L          language of the text report's headings and labels:\n"
    "                    en (default) or zh (Chinese); JSON keys stay English\n"
    "  -o FILE           write the report to FILE instead of standard output\n"
    "  --scores FILE     write the LV scores as CSV, one row per data row\n"
    "  --scores-metric M standardized (default: mean 0, variance 1) or index\n"
    "                    (0-100: 100 (sum w x - sum w lo) / (sum w hi - sum w\n"
    "                    lo) with the index's weights; needs every scale)\n"
    "  --grades FILE     grade the indices with the table in FILE (CSV:\n"
    "                    lower,upper,label_en[,label_zh][,stars]; docs/csi.md,\n"
    "                    \"Grades\") instead of the built-in satisfaction grades\n"
    "  --scale MIN:MAX   the scale of every indicator the model file leaves\n"
    "                    without one (docs/model-syntax.md, \"Scales\")\n"
    "  --hoc A           higher-order constructs: repeated (default: one fit\n"
    "                    of the repeated-indicator model) or two-stage (a\n"
    "                    stage per level on the scores of the one before;\n"
    "                    no --boot); docs/methods.md section 15\n"
    "  --moments FILE    fit the moments file FILE (wold moments, wold merge)\n"
    "                    instead of DATA; 'wold fit MODEL --moments FILE\n"
    "                    --help' lists the options that go with it\n"
    "  --group-level L   with --moments: the moments of group L only\n"
    "  -h, --help        show this help\n"
    "\n";

/* The help goes out in two parts: C11 compilers need only take string
 * literals of 4095 bytes. */
static const char fit_help_boot[] =
    "bootstrap (docs/cli.md, \"Bootstrap\"; a converged fit only):\n"
    "  --boot B          B bootstrap replicates: mean, s.e., t, p and\n"
    "                    intervals of paths, effects, weights, loadings, R2,\n"
    "                    HTMT, HTMT2, rhoA and the 0-100 indices; the paths\n"
    "                    and index tables show them\n"
    "  --seed S          random seed (default 1); the same seed gives the\n"
    "                    same output whatever the number of threads\n"
    "  --threads T       threads that read DATA and run the bootstrap\n"
    "                    (default 0: one per core); the output is the same\n"
    "                    for any number (docs/scale.md)\n"
    "  --ci C            percentile (default), bca or both\n"
    "  --level X         interval level in (0, 1) (default 0.95)\n"
    "  --sign-change R   none (default), individual or construct\n"
    "  --boot-failures F a failed resample is redrawn (redraw, default) or\n"
    "                    left out (drop); failures are counted by cause\n"
    "  --boot-out FILE   every replicate's estimates as CSV\n"
    "  --jackknife       also the n leave-one-out fits (jackknife s.e.);\n"
    "                    without --boot, the jackknife alone\n"
    "  --htmt-threshold X  H0 of the HTMT test: HTMT >= X (default 1)\n"
    "\n"
    "On several machines, 'mpirun -n K wold fit MODEL DATA ...' reads DATA in\n"
    "K byte ranges, one per MPI rank (with --boot, --jackknife, --scores or\n"
    "--hoc every rank reads all of it, and the replicates are split); rank 0\n"
    "writes the same bytes as one process (docs/scale.md).\n"
    "\n"
    "An output replaces a regular file atomically, when complete; a device,\n"
    "a FIFO and standard output are written through.  A read-only file, or\n"
    "an output that is an input, is refused (docs/cli.md, \"Output files\").\n"
    "\n"
    "exit codes: 0 ok, 1 usage error, 2 bad input (model or data), 3 numerical\n"
    "failure (no convergence, singular block, zero-variance indicator; the\n"
    "report of the last iteration is still written), 4 out of memory, 5 I/O\n"
    "error (a write or read failed: disk full, cannot create an output).\n";

typedef struct fit_args {
    const char *model, *data, *out, *scores, *grades;
    int index_metric; /* --scores-metric index */
    cli_boot_args boot;
    wold_fit_options opt;
    wold_csv_options csv;
    wold_format format;
    cli_tables tables; /* --format csv, long or xlsx */
    wold_lang lang;
    wold_missing missing;
    cli_scale scale;
    wold_hoc_approach hoc;
} fit_args;

static int parse_choice(const char *opt, const char *v, const char *const *names,
                        int n, int *out)
{
    return cli_parse_choice("fit", opt, v, names, (size_t)n, out);
}

static const char *const fit_options[] = {
    "--scheme", "--tol",    "--max-iter", "--compat", "--unscaled", "--missing",
    "--sep", "--weights",    "--format", "-o",         "--scores", "--plsc",     "--help",
    "--boot",   "--seed",   "--threads",  "--ci",     "--level",
    "--sign-change", "--boot-failures", "--boot-out", "--jackknife",
    "--htmt-threshold", "--scores-metric", "--grades", "--lang", "--scale",
    "--hoc"};

/* One option at argv[*i]; returns 0, or an exit code. */
static int parse_option(int argc, char **argv, int *i, fit_args *a,
                        int *tol_set, int *iter_set)
{
    static const char *const missing[] = {"listwise", "mean", "pairwise"};
    /* The last three are taken by cli_tables_format; they are listed for
     * the message of a bad value. */
    static const char *const formats[] = {"text", "json", "svg",  "html",
                                          "csv",  "long", "xlsx"};
    static const wold_format format_of[] = {WOLD_FORMAT_TEXT, WOLD_FORMAT_JSON,
                                            WOLD_FORMAT_SVG, WOLD_FORMAT_HTML};
    static const char *const compats[] = {"plspm", "none"};
    static const char *const metrics[] = {"standardized", "index"};
    const char *v = NULL;
    int m, k = 0, rc = 0;
    if (cli_boot_option(argc, argv, i, &a->boot, &rc) ||
        cli_lang_option(argc, argv, i, "fit", &a->lang, &rc)) {
        return rc;
    } else if (strcmp(argv[*i], "--unscaled") == 0) {
        a->opt.scaled = 0;
    } else if (strcmp(argv[*i], "--plsc") == 0) {
        a->opt.plsc = 1;
    } else if (cli_fit_option(argc, argv, i, "fit", &a->opt, tol_set,
                              iter_set, &rc)) {
        /* --scheme, --tol, --max-iter: done */
    } else if ((m = cli_opt_value(argc, argv, i, "--compat", &v, "fit"))) {
        rc = m < 0 ? 1 : parse_choice("--compat", v, compats, 2, &k);
        a->opt.compat = k == 0 ? WOLD_COMPAT_PLSPM : WOLD_COMPAT_NONE;
    } else if ((m = cli_opt_value(argc, argv, i, "--missing", &v, "fit"))) {
        rc = m < 0 ? 1 : parse_choice("--missing", v, missing, 3, &k);
        a->missing = (wold_missing)k;
    } else if ((m = cli_opt_value(argc, argv, i, "--format", &v, "fit"))) {
        a->tables = CLI_TABLES_NONE;
        rc = m < 0                                   ? 1
             : cli_tables_format(v, 1, &a->tables) ? 0
                                                   : parse_choice("--format", v, formats, 7, &k);
        if (rc == 0 && a->tables == CLI_TABLES_NONE)
            a->format = format_of[k];
    } else if ((m = cli_opt_value(argc, argv, i, "--sep", &v, "fit"))) {
        rc = m < 0 ? 1 : cli_parse_sep("fit", v, &a->csv.separator);
    } else if ((m = cli_opt_value(argc, argv, i, "--weights", &v, "fit"))) {
        rc = m < 0 ? 1 : cli_parse_weights("fit", v, &a->csv);
    } else if ((m = cli_opt_value(argc, argv, i, "-o", &v, "fit"))) {
        rc = m < 0;
        a->out = v;
    } else if ((m = cli_opt_value(argc, argv, i, "--scores", &v, "fit"))) {
        rc = m < 0;
        a->scores = v;
    } else if ((m = cli_opt_value(argc, argv, i, "--scores-metric", &v, "fit"))) {
        rc = m < 0 ? 1 : parse_choice("--scores-metric", v, metrics, 2, &k);
        a->index_metric = k == 1;
    } else if ((m = cli_opt_value(argc, argv, i, "--grades", &v, "fit"))) {
        rc = m < 0;
        a->grades = v;
    } else if ((m = cli_opt_value(argc, argv, i, "--scale", &v, "fit"))) {
        rc = m < 0 ? 1 : cli_parse_scale("fit", v, &a->scale);
    } else if ((m = cli_opt_value(argc, argv, i, "--hoc", &v, "fit"))) {
        static const char *const hocs[] = {"repeated", "two-stage"};
        rc = m < 0 ? 1 : parse_choice("--hoc", v, hocs, 2, &k);
        a->hoc = (wold_hoc_approach)k;
    } else {
        rc = cli_unknown_option("fit", argv[*i], fit_options,
                                sizeof fit_options / sizeof fit_options[0]);
    }
    return rc;
}

static int parse_args(int argc, char **argv, fit_args *a)
{
    int tol_set = 0, iter_set = 0, npos = 0;
    memset(a, 0, sizeof *a);
    wold_fit_options_default(&a->opt);
    wold_csv_options_default(&a->csv);
    cli_boot_args_default(&a->boot);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(fit_help, stdout);
            fputs(fit_help_boot, stdout);
            return cli_stdout_check("fit") ? EXIT_IO : -1;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            int rc = parse_option(argc, argv, &i, a, &tol_set, &iter_set);
            if (rc != 0)
                return rc;
        } else if (npos++ == 0) {
            a->model = argv[i];
        } else if (npos == 2) {
            a->data = argv[i];
        } else {
            return cli_usage_error("fit", "unexpected argument '%s'", argv[i]);
        }
    }
    if (a->data == NULL)
        return cli_usage_error("fit", "expected MODEL and DATA");
    if (cli_tables_check("fit", a->tables, a->out) != 0)
        return EXIT_USAGE;
    if (a->opt.plsc && a->opt.compat == WOLD_COMPAT_PLSPM)
        return cli_usage_error("fit", "--plsc cannot be used with --compat "
                                      "plspm: plspm has no consistent PLS");
    if (a->index_metric && a->scores == NULL)
        return cli_usage_error("fit", "--scores-metric needs --scores FILE");
    int rc = cli_boot_finish_args(&a->boot);
    if (rc != 0)
        return rc;
    a->csv.threads = (unsigned)a->boot.opt.threads;
    if (a->missing == WOLD_MISSING_PAIRWISE &&
        (a->boot.boot || a->boot.opt.jackknife || a->scores != NULL))
        return cli_usage_error("fit", "--missing pairwise gives moments "
                               "only, not rows: it cannot be used with "
                               "%s", a->scores != NULL ? "--scores"
                                     : a->boot.boot ? "--boot"
                                                    : "--jackknife");
    /* plspm's own defaults, unless given explicitly. */
    if (a->opt.compat == WOLD_COMPAT_PLSPM) {
        if (!tol_set)
            a->opt.tol = WOLD_PLSPM_TOL;
        if (!iter_set)
            a->opt.max_iter = WOLD_PLSPM_MAX_ITER;
    }
    return 0;
}

/* LV scores as CSV: a header of LV names, one row per data row; rows
 * dropped for missing values have empty cells, and so have, on the index
 * metric (ix not NULL), the LVs without an index. */
static int write_scores(cli_out *o, const wold_fit *fit, const wold_data *data,
                        const wold_index *ix)
{
    const wold_model *md = wold_fit_model(fit);
    size_t n = wold_data_n_rows(data), J = wold_model_n_lv(md);
    double *y = malloc((n ? n : 1) * J * sizeof *y);
    char *line = malloc(J * 32 + 1);
    wold_error err;
    if (y == NULL || line == NULL) {
        free(y);
        free(line);
        fprintf(stderr, "wold fit: error: out of memory for the scores\n");
        return EXIT_MEMORY;
    }
    wold_status st = ix != NULL ? wold_index_scores(ix, data, y, &err)
                                : wold_fit_scores(fit, data, y, &err);
    if (st != WOLD_OK) {
        free(y);
        free(line);
        return cli_report(&err);
    }
    for (size_t j = 0; j < J; j++) {
        const char *name = wold_model_lv_name(md, j);
        cli_out_write(o, name, strlen(name));
        cli_out_write(o, j + 1 < J ? "," : "\n", 1);
    }
    for (size_t r = 0; r < n && o->err == 0; r++) {
        size_t len = 0;
        for (size_t j = 0; j < J; j++) {
            double v = y[r * J + j];
            if (!isnan(v)) {
                wold_format_double(v, line + len);
                len += strlen(line + len);
            }
            line[len++] = j + 1 < J ? ',' : '\n';
        }
        cli_out_write(o, line, len);
    }
    free(y);
    free(line);
    return 0;
}

/* The outputs of a run: the report, --scores and --boot-out. */
typedef struct outputs {
    cli_out rep, sco, bo;
} outputs;

static void outputs_abort(outputs *o)
{
    cli_out_abort(&o->rep);
    cli_out_abort(&o->sco);
    cli_out_abort(&o->bo);
}

/* The report, then (only for a converged fit) the scores and the
 * replicates.  All are finished before any is committed: a failure of one
 * removes them all. */
static int write_outputs(const fit_args *a, outputs *o, wold_status st,
                         const wold_report_parts *parts, const wold_hoc *hoc)
{
    char *text = NULL;
    wold_error err;
    int rc = 0;
    /* The diagram and the page draw the last stage's fit. */
    wold_format f = cli_tables_report_format(a->tables, a->format);
    wold_status rs = hoc != NULL && f <= WOLD_FORMAT_JSON
                         ? wold_hoc_report(&text, hoc, parts, f, &err)
                         : wold_report(&text, parts, f, &err);
    if (rs != WOLD_OK)
        rc = cli_report(&err);
    if (rc == 0 && a->tables != CLI_TABLES_NONE) {
        rc = cli_write_tables(&o->rep, "fit", a->tables, text, a->lang);
    } else if (rc == 0) {
        cli_out_write(&o->rep, text, strlen(text));
        rc = cli_out_finish(&o->rep, "fit");
    }
    free(text);
    int scores = o->sco.f != NULL && st == WOLD_OK;
    int boot = o->bo.f != NULL && parts->boot != NULL;
    if (rc == 0 && scores &&
        (rc = write_scores(&o->sco, parts->fit, parts->data,
                           a->index_metric ? parts->index : NULL)) == 0)
        rc = cli_out_finish(&o->sco, "fit");
    if (rc == 0 && boot) {
        cli_boot_write(&o->bo, parts->boot);
        rc = cli_out_finish(&o->bo, "fit");
    }
    if (rc == 0)
        rc = cli_out_commit(&o->rep, "fit");
    if (rc == 0 && scores)
        rc = cli_out_commit(&o->sco, "fit");
    if (rc == 0 && boot)
        rc = cli_out_commit(&o->bo, "fit");
    outputs_abort(o);
    return rc;
}

/* Refuses outputs that are inputs, then opens every output: a bad output
 * path fails before the data is read. */
static int open_outputs(const fit_args *a, outputs *o)
{
    const cli_file in[] = {{"MODEL", a->model}, {"DATA", a->data},
                           {"--grades", a->grades}};
    cli_file out[3] = {{a->out != NULL ? "-o" : NULL, a->out}};
    int n_out = 1;
    if (a->scores != NULL)
        out[n_out++] = (cli_file){"--scores", a->scores};
    if (a->boot.out != NULL)
        out[n_out++] = (cli_file){"--boot-out", a->boot.out};
    int rc = cli_check_files("fit", in, a->grades != NULL ? 3 : 2, out, n_out);
    memset(o, 0, sizeof *o);
    o->rep.slot = o->sco.slot = o->bo.slot = -1;
    if (rc == 0)
        rc = cli_mpi_check_input("fit", "DATA", a->data);
    /* Under MPI only rank 0 writes (mpi.h). */
    if (rc == 0 && cli_mpi_rank() == 0)
        rc = cli_out_open(&o->rep, a->out, "fit");
    if (rc == 0 && cli_mpi_rank() == 0 && a->scores != NULL)
        rc = cli_out_open(&o->sco, a->scores, "fit");
    if (rc == 0 && cli_mpi_rank() == 0 && a->boot.out != NULL)
        rc = cli_out_open(&o->bo, a->boot.out, "fit");
    if ((rc = cli_mpi_agree_rc(rc)) != 0)
        outputs_abort(o);
    return rc;
}

/* The bootstrap of a converged fit, with the progress bar; st is the
 * status of the steps before (under MPI every rank comes here, failed or
 * not, and the ranks agree on it first: mpi.h). */
static wold_status bootstrap(const fit_args *a, wold_status st,
                             const wold_fit *fit, const wold_moments *mo,
                             const wold_data *data, const wold_index *ix,
                             wold_boot **out, wold_error *err)
{
    wold_boot_options opt = a->boot.opt;
    wold_index_boot *ib = NULL;
    if (st == WOLD_OK && ix != NULL && wold_index_n_defined(ix) > 0 &&
        (st = wold_index_boot_alloc(&ib, ix, err)) == WOLD_OK)
        opt.extra = wold_index_boot_extra(ib);
    cli_progress pr;
    cli_progress_start(&pr);
    st = cli_mpi_boot_run(st, out, fit, mo, data, &opt, cli_progress_update,
                          &pr, err);
    cli_progress_end(&pr);
    wold_index_boot_free(ib);
    return st;
}

/* --scores-metric index needs every scale: the first indicator without
 * one, and both ways to give it.  Returns 0 or the exit code. */
static int index_metric_scales(const wold_model *md)
{
    double lo, hi;
    for (size_t i = 0; i < wold_model_n_mv(md); i++)
        if (!wold_model_mv_scale(md, i, &lo, &hi))
            return cli_usage_error("fit", "--scores-metric index needs the "
                                   "scale of every indicator; %s has none: "
                                   "give it in the model file (a scale "
                                   "statement, docs/model-syntax.md) or with "
                                   "--scale MIN:MAX",
                                   wold_model_mv_name(md, i));
    return 0;
}

/* The indices of a converged fit whose model has scales (NULL without
 * any scale: no index section). */
static wold_status indices(const wold_fit *fit, const wold_moments *mo,
                           wold_index **out, wold_error *err)
{
    *out = NULL;
    if (!cli_any_scale(wold_fit_model(fit)))
        return WOLD_OK;
    return wold_index_compute(out, fit, mo, err);
}

/*
 * A fit that needs nothing but the moments streams DATA into sums, never
 * holding the rows (docs/scale.md, "Streaming and memory"); so do models
 * with higher-order constructs, whose later stages come from the moments
 * (wold_hoc_estimate_moments).  The bootstrap and the scores read the
 * rows.
 */
static int streams(const fit_args *a)
{
    return !a->boot.boot && !a->boot.opt.jackknife && a->scores == NULL;
}

static wold_status stream_fit(const fit_args *a, const wold_model *model,
                              wold_sums **sums, wold_moments **mo,
                              wold_fit **fit, wold_hoc **hoc, wold_error *err)
{
    wold_status st = cli_mpi_sums_read_csv(sums, a->data, model, &a->csv,
                                           NULL, err);
    if (st == WOLD_OK)
        st = wold_sums_moments(mo, *sums, (size_t)-1, a->missing, err);
    if (st != WOLD_OK || wold_model_max_order(model) == 1)
        return st == WOLD_OK ? wold_fit_estimate(fit, model, *mo, &a->opt, err)
                             : st;
    st = wold_hoc_estimate_moments(hoc, model, *mo, &a->opt, a->hoc, err);
    wold_moments_free(*mo); /* the stages hold their own */
    *mo = NULL;
    if (*hoc != NULL)
        cli_hoc_last_stage(*hoc, mo, fit);
    return st;
}

/* The fit of a model with higher-order constructs (--hoc), or the plain
 * moments and fit: *fit, *mo point at the estimate either way (the last
 * stage's, owned by *hoc, or owned by the caller). */
static wold_status estimate(const fit_args *a, const wold_model *model,
                            const wold_data *data, wold_moments **mo,
                            wold_fit **fit, wold_hoc **hoc, wold_error *err)
{
    if (wold_model_max_order(model) == 1) {
        wold_status st = wold_moments_compute(mo, data, a->missing, err);
        return st == WOLD_OK ? wold_fit_estimate(fit, model, *mo, &a->opt, err)
                             : st;
    }
    wold_status st = wold_hoc_estimate(hoc, model, data, wold_data_weights(data),
                                       a->missing,
                                       &a->opt, a->hoc, err);
    if (*hoc != NULL)
        cli_hoc_last_stage(*hoc, mo, fit);
    return st;
}

int cli_fit(int argc, char **argv)
{
    if (cli_fit_wants_moments(argc, argv))
        return cli_mpi_size() > 1
                   ? cli_usage_error("fit", "--moments reads no data: run it "
                                     "without mpirun")
                   : cli_fit_moments(argc, argv);
    fit_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    outputs o;
    if ((rc = open_outputs(&a, &o)) != 0)
        return rc;
    wold_error err;
    wold_model *model = NULL;
    wold_data *data = NULL;
    wold_moments *mo = NULL;
    wold_fit *fit = NULL;
    wold_boot *boot = NULL;
    wold_hoc *hoc = NULL;
    wold_index *ix = NULL;
    wold_grades *grades = NULL;
    wold_sums *sums = NULL;
    wold_status st = cli_read_model(&model, a.model, &a.scale, &err);
    if (st == WOLD_OK && a.missing == WOLD_MISSING_PAIRWISE &&
        wold_model_max_order(model) > 1 && a.hoc == WOLD_HOC_TWO_STAGE) {
        outputs_abort(&o);
        wold_model_free(model);
        return cli_usage_error("fit", "--missing pairwise gives moments "
                               "only, and under it a row with a missing "
                               "cell has no score for the next stage: not "
                               "with --hoc two-stage (use --hoc repeated)");
    }
    if (st == WOLD_OK && wold_model_max_order(model) > 1 &&
        a.hoc == WOLD_HOC_TWO_STAGE && (a.boot.boot || a.boot.opt.jackknife)) {
        outputs_abort(&o);
        wold_model_free(model);
        return cli_usage_error("fit", "--boot and --jackknife resample the "
                               "repeated-indicator fit only: use --hoc "
                               "repeated, or leave them out");
    }
    if (st == WOLD_OK && a.index_metric &&
        (rc = index_metric_scales(model)) != 0) {
        outputs_abort(&o);
        wold_model_free(model);
        return rc;
    }
    if (st == WOLD_OK && a.grades != NULL)
        st = wold_grades_read(&grades, a.grades, &err);
    /* Under MPI the reads below are collective: agree first (mpi.h). */
    st = cli_mpi_agree(st, &err);
    if (st == WOLD_OK && streams(&a)) {
        st = stream_fit(&a, model, &sums, &mo, &fit, &hoc, &err);
    } else if (st == WOLD_OK) {
        st = wold_data_read(&data, a.data, model, &a.csv, &err);
        if (st == WOLD_OK)
            st = estimate(&a, model, data, &mo, &fit, &hoc, &err);
    }
    if (st == WOLD_OK)
        st = indices(fit, mo, &ix, &err);
    /* The fit's model: the last stage's under --hoc two-stage. */
    const wold_model *fm = fit != NULL ? wold_fit_model(fit) : NULL;
    for (size_t j = 0; a.index_metric && ix != NULL && j < wold_model_n_lv(fm); j++)
        if (wold_index_note(ix, j) != NULL)
            fprintf(stderr, "wold fit: note: --scores-metric index: %s has no "
                            "index (%s); its column is empty\n",
                    wold_model_lv_name(fm, j), wold_index_note(ix, j));
    int want_boot = a.boot.boot || a.boot.opt.jackknife;
    if (want_boot && (st == WOLD_OK || cli_mpi_size() > 1))
        st = bootstrap(&a, st, fit, mo, data, ix, &boot, &err);
    if (st != WOLD_OK)
        rc = cli_report(&err);
    for (size_t k = 0; fit != NULL && k < wold_fit_n_warnings(fit); k++)
        cli_report_problem(wold_fit_warning(fit, k));
    if (st == WOLD_ENUMERIC && fit != NULL && !wold_fit_converged(fit))
        fprintf(stderr, "wold fit: hint: the iteration reached its limit: raise "
                        "the limit with --max-iter (now %d), or loosen the "
                        "tolerance with --tol (now %g)\n",
                a.opt.max_iter, a.opt.tol);
    if (st != WOLD_OK && fit != NULL && a.scores != NULL)
        fprintf(stderr, "wold fit: note: --scores %s was not written: the "
                        "fit did not converge\n", a.scores);
    if (fit != NULL && want_boot && boot == NULL && !wold_fit_converged(fit))
        fprintf(stderr, "wold fit: note: no bootstrap: the fit did not "
                        "converge\n");
    /* A fit that did not converge is still reported, marked as such; a
     * bootstrap that failed (out of memory) leaves no report. */
    if (cli_mpi_rank() == 0 && fit != NULL &&
        (boot != NULL || !want_boot || !wold_fit_converged(fit))) {
        wold_report_parts parts;
        wold_report_parts_default(&parts);
        parts.fit = fit;
        parts.moments = mo;
        parts.data = hoc != NULL
                         ? wold_hoc_stage_data(hoc, wold_hoc_n_stages(hoc) - 1)
                         : data;
        parts.boot = boot;
        parts.index = ix;
        parts.grades = grades;
        parts.sums = sums;
        parts.lang = a.lang;
        int wrc = write_outputs(&a, &o, st, &parts, hoc);
        if (rc == 0)
            rc = wrc;
    }
    outputs_abort(&o);
    wold_boot_free(boot);
    wold_index_free(ix);
    wold_grades_free(grades);
    if (hoc == NULL) {
        wold_fit_free(fit);
        wold_moments_free(mo);
    }
    wold_hoc_free(hoc);
    wold_sums_free(sums);
    wold_data_free(data);
    wold_model_free(model);
    return rc;
}
