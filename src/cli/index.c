/* index.c - "wold index MODEL DATA --group COL": the batch national index,
 * the model fitted per company and the indices aggregated to industries,
 * sectors and the nation (docs/cli.md, "wold index"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mpi.h"

static const char index_help[] =
    "usage: wold index MODEL DATA --group COL [--industry COL] [--sector COL]\n"
    "                  [--revenue FILE] [--sector-weights FILE] [options]\n"
    "\n"
    "The batch national index: MODEL is fitted to the rows of each company\n"
    "(the values of the --group column), companies in parallel; each gets\n"
    "its 0-100 index per construct and its grade.  An industry's index is\n"
    "the revenue-weighted mean of its companies', a sector's the\n"
    "revenue-weighted mean of its industries' (an industry's revenue is the\n"
    "sum of its companies'), the nation's the sector indices weighted by\n"
    "the sector weights (docs/csi.md, \"The batch national index\").  Every\n"
    "indicator needs a scale (model file or --scale).  DATA is a CSV file,\n"
    "or an SPSS, Stata or SAS file (docs/statfiles.md), whose value labels\n"
    "then name the companies, industries and sectors.\n"
    "\n"
    "options:\n"
    "  --group COL           column of the companies (required)\n"
    "  --industry COL        column of the industries (default: one)\n"
    "  --sector COL          column of the sectors (default: one; needs\n"
    "                        --industry)\n"
    "  --revenue FILE        CSV: the companies in its first column, their\n"
    "                        revenue in column 'revenue' (> 0); without it\n"
    "                        companies weigh equally\n"
    "  --sector-weights FILE CSV with columns 'sector' and 'weight' (shares\n"
    "                        summing to 1 within 0.001, e.g. GDP shares);\n"
    "                        without it sectors weigh by their revenue\n"
    "  --scale MIN:MAX       scale of every indicator the model file leaves\n"
    "                        without one\n"
    "  --weights COL         column of survey weights (weighted PLS)\n"
    "  --boot B              B bootstrap replicates per company: s.e. and\n"
    "                        percentile intervals of its indices\n"
    "  --seed S              bootstrap seed, 0 to 2147483647 (default 1);\n"
    "                        company c uses S XOR a hash of its name\n"
    "  --level X             level of the intervals (default 0.95)\n"
    "  --threads N           companies fitted at once (default: all cores);\n"
    "                        the output is the same for every N\n"
    "  --min-n N             smallest usable company (default: indicators\n"
    "                        + 1); smaller ones are left out\n"
    "  --scheme S            inner weighting: path (default), centroid,\n"
    "                        factorial\n"
    "  --tol X               stopping tolerance of each fit (default 1e-12)\n"
    "  --max-iter N          iteration limit of each fit (default 300)\n"
    "  --missing M           listwise (default) or mean\n"
    "  --sep C               CSV separator of DATA: ',' ';' 'tab' (default:\n"
    "                        detected)\n"
    "  --grades FILE         grading table (docs/csi.md, \"Grades\"; default\n"
    "                        the satisfaction grades)\n"
    "  --lang L              en (default) or zh: labels and headings\n"
    "  --format F            text (default), json (docs/json.md) or csv\n"
    "                        long: every table as one long CSV; xlsx: an\n"
    "                        Excel workbook (needs -o FILE.xlsx); docs/tables.md\n"
    "  -o FILE               write the report to FILE instead of standard\n"
    "                        output\n"
    "  -h, --help            show this help\n"
    "\n"
    "A company that is too small, has a constant indicator or whose fit\n"
    "fails or does not converge gets its own line saying why and is left\n"
    "out of the aggregates; the run goes on.\n"
    "\n"
    "'mpirun -n K wold index ...' splits the companies over K MPI ranks;\n"
    "rank 0 writes the same bytes as one process (docs/scale.md).\n"
    "\n"
    "exit codes: 0 ok, 1 usage error, 2 bad input (model, data, revenue,\n"
    "sector weights, grades; an indicator without a scale), 4 out of memory,\n"
    "5 I/O error.\n";

static const char *const index_options[] = {
    "--group",   "--industry", "--sector",  "--revenue",  "--sector-weights",
    "--scale",   "--weights",  "--boot",    "--seed",     "--level",
    "--threads", "--min-n",    "--scheme",  "--tol",      "--max-iter",
    "--missing", "--sep",      "--grades",  "--lang",     "--format",
    "-o",        "--help"};

typedef struct index_args {
    const char *model, *data, *out, *revenue, *weights_file, *grades;
    wold_nation_options opt;
    wold_csv_options csv;
    const char *labels[3];
    cli_scale scale;
    wold_format format;
    cli_tables tables; /* --format long or xlsx */
    wold_lang lang;
} index_args;

static int choice(const char *opt, const char *v, const char *const *names,
                  size_t n, int *out)
{
    return cli_parse_choice("index", opt, v, names, n, out);
}

/* Options naming columns and files; 0 when argv[*i] is none. */
static int parse_names(int argc, char **argv, int *i, index_args *a, int *rc)
{
    static const char *const names[] = {"--group", "--industry", "--sector",
                                        "--revenue", "--sector-weights",
                                        "--weights", "--grades", "-o"};
    const char **dest[] = {&a->opt.group, &a->opt.industry, &a->opt.sector,
                           &a->revenue, &a->weights_file, &a->csv.weights,
                           &a->grades, &a->out};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        const char *v = NULL;
        int m = cli_opt_value(argc, argv, i, names[k], &v, "index");
        if (m) {
            *rc = m < 0;
            *dest[k] = v;
            return 1;
        }
    }
    return 0;
}

/* Numbers; 0 when argv[*i] is none. */
static int parse_numbers(int argc, char **argv, int *i, index_args *a,
                         int *rc)
{
    wold_nation_options *o = &a->opt;
    const char *v = NULL;
    long l = 0;
    int m;
    if ((m = cli_opt_value(argc, argv, i, "--boot", &v, "index"))) {
        *rc = m < 0 ? 1 : cli_parse_long("index", "--boot", v, 1, 100000000L, &l);
        o->replicates = (size_t)l;
    } else if ((m = cli_opt_value(argc, argv, i, "--seed", &v, "index"))) {
        *rc = m < 0 ? 1 : cli_parse_long("index", "--seed", v, 0, 2147483647L, &l);
        o->seed = (uint64_t)l;
    } else if ((m = cli_opt_value(argc, argv, i, "--threads", &v, "index"))) {
        *rc = m < 0 ? 1 : cli_parse_long("index", "--threads", v, 1, 256, &l);
        o->threads = (int)l;
        a->csv.threads = (unsigned)l;
    } else if ((m = cli_opt_value(argc, argv, i, "--min-n", &v, "index"))) {
        *rc = m < 0 ? 1 : cli_parse_long("index", "--min-n", v, 2, 2000000000L, &l);
        o->min_n = (size_t)l;
    } else if (cli_fit_option(argc, argv, i, "index", &o->fit, NULL, NULL,
                              rc)) {
        m = 1;
    } else if ((m = cli_opt_value(argc, argv, i, "--level", &v, "index"))) {
        *rc = m < 0 ? 1 : cli_parse_double("index", "--level", v, &o->level);
        if (*rc == 0 && !(o->level > 0 && o->level < 1))
            *rc = cli_usage_error("index", "--level: expected a number in "
                                  "(0, 1), got '%s'", v);
    } else if ((m = cli_opt_value(argc, argv, i, "--scale", &v, "index"))) {
        *rc = m < 0 ? 1 : cli_parse_scale("index", v, &a->scale);
    }
    return m;
}

/* Choices; 0 when argv[*i] is none. */
static int parse_choices(int argc, char **argv, int *i, index_args *a,
                         int *rc)
{
    static const char *const missing[] = {"listwise", "mean"};
    static const char *const formats[] = {"text", "json", "csv"};
    const char *v = NULL;
    int m, k = 0;
    if ((m = cli_lang_option(argc, argv, i, "index", &a->lang, rc)))
        return m;
    if ((m = cli_opt_value(argc, argv, i, "--missing", &v, "index"))) {
        *rc = m < 0 ? 1 : choice("--missing", v, missing, 2, &k);
        a->opt.missing = (wold_missing)k;
    } else if ((m = cli_opt_value(argc, argv, i, "--format", &v, "index"))) {
        *rc = m < 0 ? 1
              : cli_tables_format(v, 0, &a->tables)
                  ? 0
                  : choice("--format", v, formats, 3, &k);
        a->format = (wold_format)k;
    } else if ((m = cli_opt_value(argc, argv, i, "--sep", &v, "index"))) {
        *rc = m < 0 ? 1 : cli_parse_sep("index", v, &a->csv.separator);
    }
    return m;
}

static int finish_args(index_args *a)
{
    if (cli_tables_check("index", a->tables, a->out) != 0)
        return EXIT_USAGE;
    if (a->opt.group == NULL)
        return cli_usage_error("index", "--group COL is required: the "
                               "column of the companies");
    if (a->opt.sector != NULL && a->opt.industry == NULL)
        return cli_usage_error("index", "--sector needs --industry: "
                               "sectors are made of industries");
    if (a->weights_file != NULL && a->opt.sector == NULL)
        return cli_usage_error("index", "--sector-weights needs --sector: "
                               "the column of the sectors");
    size_t n = 0;
    a->labels[n++] = a->opt.group;
    if (a->opt.industry != NULL)
        a->labels[n++] = a->opt.industry;
    if (a->opt.sector != NULL)
        a->labels[n++] = a->opt.sector;
    a->csv.labels = a->labels;
    a->csv.n_labels = n;
    return 0;
}

/* One option at argv[*i]; returns 0, or an exit code. */
static int option(int argc, char **argv, int *i, void *user)
{
    index_args *a = user;
    int rc = 0;
    if (!parse_names(argc, argv, i, a, &rc) &&
        !parse_numbers(argc, argv, i, a, &rc) &&
        !parse_choices(argc, argv, i, a, &rc))
        rc = cli_unknown_option("index", argv[*i], index_options,
                                sizeof index_options / sizeof index_options[0]);
    return rc;
}

static int parse_args(int argc, char **argv, index_args *a)
{
    memset(a, 0, sizeof *a);
    wold_nation_options_default(&a->opt);
    wold_csv_options_default(&a->csv);
    int rc = cli_scan_args(argc, argv, "index", index_help, option, a,
                           &a->model, &a->data);
    return rc != 0 ? rc : finish_args(a);
}

/* Everything the run reads, freed together. */
typedef struct inputs {
    wold_model *model;
    wold_data *data;
    wold_nation_table *revenue, *weights;
    wold_grades *grades;
} inputs;

static wold_status read_inputs(index_args *a, inputs *in, wold_error *err)
{
    wold_status st = cli_read_model(&in->model, a->model, &a->scale, err);
    if (st == WOLD_OK && a->grades != NULL)
        st = wold_grades_read(&in->grades, a->grades, err);
    if (st == WOLD_OK && a->revenue != NULL)
        st = wold_nation_table_read(&in->revenue, a->revenue,
                                    WOLD_NATION_REVENUE, err);
    if (st == WOLD_OK && a->weights_file != NULL)
        st = wold_nation_table_read(&in->weights, a->weights_file,
                                    WOLD_NATION_SECTOR_WEIGHTS, err);
    if (st == WOLD_OK)
        st = wold_data_read(&in->data, a->data, in->model, &a->csv, err);
    a->opt.revenue = in->revenue;
    a->opt.sector_weights = in->weights;
    return st;
}

static int write_report(cli_out *rep, const wold_nation *nt,
                        const index_args *a, const wold_grades *grades)
{
    char *text = NULL;
    wold_error err;
    wold_status st = wold_report_nation(
        &text, nt, grades, cli_tables_report_format(a->tables, a->format),
        a->lang, &err);
    return cli_out_tables(rep, st, text, &err, "index", a->tables, a->lang);
}

int cli_index(int argc, char **argv)
{
    index_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    cli_file ins[5] = {{"MODEL", a.model}, {"DATA", a.data}};
    int n_in = 2;
    if (a.revenue != NULL)
        ins[n_in++] = (cli_file){"--revenue", a.revenue};
    if (a.weights_file != NULL)
        ins[n_in++] = (cli_file){"--sector-weights", a.weights_file};
    if (a.grades != NULL)
        ins[n_in++] = (cli_file){"--grades", a.grades};
    const cli_file out[] = {{a.out != NULL ? "-o" : NULL, a.out}};
    cli_out rep = {.slot = -1};
    /* Under MPI only rank 0 writes (mpi.h). */
    if ((rc = cli_check_files("index", ins, n_in, out, 1)) == 0 &&
        (rc = cli_mpi_check_input("index", "DATA", a.data)) == 0 &&
        cli_mpi_rank() == 0)
        rc = cli_out_open(&rep, a.out, "index");
    if ((rc = cli_mpi_agree_rc(rc)) != 0) {
        cli_out_abort(&rep);
        return rc;
    }
    wold_error err;
    inputs inp = {0};
    wold_nation *nt = NULL;
    wold_status st = read_inputs(&a, &inp, &err);
    st = cli_mpi_nation_run(st, &nt, inp.model, inp.data, &a.opt, &err);
    rc = st != WOLD_OK      ? cli_report(&err)
         : cli_mpi_rank() ? 0
                          : write_report(&rep, nt, &a, inp.grades);
    cli_out_abort(&rep);
    wold_nation_free(nt);
    wold_data_free(inp.data);
    wold_nation_table_free(inp.revenue);
    wold_nation_table_free(inp.weights);
    wold_grades_free(inp.grades);
    wold_model_free(inp.model);
    return rc;
}
