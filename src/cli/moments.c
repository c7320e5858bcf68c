/*
 * moments.c - "wold moments MODEL DATA -o F.wm": the sufficient
 * statistics of a data set as a moments file (docs/moments-format.md);
 * "wold merge A.wm B.wm ... -o ALL.wm": the moments of the rows of all,
 * without the rows.  "wold fit MODEL --moments F.wm" fits them
 * (fit_moments.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "mpi.h"

static const char moments_help[] =
    "usage: wold moments MODEL DATA -o FILE.wm [options]\n"
    "\n"
    "Reads DATA (a CSV file with a header row, also .gz or .zst where built\n"
    "in; '-' reads standard input) once, as a stream, and writes the\n"
    "sufficient statistics of MODEL's indicators to a moments file: row\n"
    "and missing-cell counts, weight totals, means, cross-products, ranges\n"
    "and the pairwise sums of the incomplete rows, per group with --group\n"
    "(docs/moments-format.md); memory does not grow with the rows (an\n"
    "SPSS, Stata or SAS file, docs/statfiles.md, is read whole instead).\n"
    "'wold merge' adds\n"
    "moments files of other rows (waves, regions); 'wold fit MODEL\n"
    "--moments FILE.wm' fits them as it fits the data.\n"
    "\n"
    "options:\n"
    "  -o FILE           the moments file to write (required; '-' is\n"
    "                    standard output when it is not a terminal)\n"
    "  --group COLUMN    sums per value of COLUMN of DATA (read as text: a\n"
    "                    company, a region); wold fit --group-level picks one\n"
    "  --weights COLUMN  observation (survey) weights from COLUMN of DATA:\n"
    "                    numbers >= 0 (docs/methods.md 14)\n"
    "  --scale MIN:MAX   the scale of every indicator the model file leaves\n"
    "                    without one; values outside a scale are an error\n"
    "  --sep C           CSV separator: ',' ';' 'tab' (default: detected)\n"
    "  --threads N       threads that read the data (default 0: one per\n"
    "                    core); the file is the same for every N\n"
    "  -h, --help        show this help\n"
    "\n"
    "The output replaces a regular file atomically, when complete (docs/cli.md,\n"
    "\"Output files\").\n"
    "\n"
    "exit codes: 0 ok, 1 usage error, 2 bad input (model or data), 4 out of\n"
    "memory, 5 I/O error.\n";

static const char merge_help[] =
    "usage: wold merge A.wm B.wm [C.wm ...] -o ALL.wm\n"
    "\n"
    "Adds moments files of other rows (made by 'wold moments' on the same\n"
    "model's indicators) in the order given: ALL.wm holds the moments of\n"
    "the rows of all, as if 'wold moments' had read their data one after\n"
    "the other (equal to rounding), without reading the data again.\n"
    "Groups are matched by label; new ones are added.  The files must\n"
    "have the same columns, weighting and group column.\n"
    "\n"
    "options:\n"
    "  -o FILE           the moments file to write (required; '-' is\n"
    "                    standard output when it is not a terminal)\n"
    "  -h, --help        show this help\n"
    "\n"
    "exit codes: 0 ok, 1 usage error, 2 bad input (a file that is not a\n"
    "moments file, truncated, corrupt, of another version, or of other\n"
    "columns), 4 out of memory, 5 I/O error.\n";

typedef struct moments_args {
    const char *model, *data, *out, *group;
    wold_csv_options csv;
    cli_scale scale;
} moments_args;

static const char *const moments_options[] = {
    "-o", "--group", "--weights", "--scale", "--sep", "--threads", "--help"};

static int moments_option(int argc, char **argv, int *i, void *user)
{
    moments_args *a = user;
    const char *v = NULL;
    int m;
    long l = 0;
    if ((m = cli_opt_value(argc, argv, i, "-o", &v, "moments"))) {
        a->out = v;
        return m < 0;
    }
    if ((m = cli_opt_value(argc, argv, i, "--group", &v, "moments"))) {
        if (m > 0 && v[0] == '\0')
            return cli_usage_error("moments", "--group: expected the name "
                                   "of a column of DATA, got ''");
        a->group = v;
        return m < 0;
    }
    if ((m = cli_opt_value(argc, argv, i, "--weights", &v, "moments")))
        return m < 0 ? 1 : cli_parse_weights("moments", v, &a->csv);
    if ((m = cli_opt_value(argc, argv, i, "--scale", &v, "moments")))
        return m < 0 ? 1 : cli_parse_scale("moments", v, &a->scale);
    if ((m = cli_opt_value(argc, argv, i, "--sep", &v, "moments")))
        return m < 0 ? 1 : cli_parse_sep("moments", v, &a->csv.separator);
    if ((m = cli_opt_value(argc, argv, i, "--threads", &v, "moments"))) {
        int rc = m < 0 ? 1 : cli_parse_long("moments", "--threads", v, 0,
                                            1024, &l);
        a->csv.threads = (unsigned)l;
        return rc;
    }
    return cli_unknown_option("moments", argv[*i], moments_options,
                              sizeof moments_options / sizeof *moments_options);
}

/* 0, -1 after printing the help, or an exit code. */
static int moments_args_parse(int argc, char **argv, moments_args *a)
{
    memset(a, 0, sizeof *a);
    wold_csv_options_default(&a->csv);
    int rc = cli_scan_args(argc, argv, "moments", moments_help,
                           moments_option, a, &a->model, &a->data);
    if (rc != 0)
        return rc;
    if (a->out == NULL)
        return cli_usage_error("moments", "expected -o FILE.wm, the moments "
                               "file to write");
    if (a->group != NULL && a->csv.weights != NULL &&
        strcmp(a->group, a->csv.weights) == 0)
        return cli_usage_error("moments", "--group and --weights name the "
                               "same column '%s'", a->group);
    return 0;
}

/* Opens -o (standard output only when it is not a terminal: the file is
 * binary). */
static int open_binary_out(cli_out *o, const char *path, const char *cmd)
{
    if ((path == NULL || strcmp(path, "-") == 0) && isatty(1))
        return cli_usage_error(cmd, "-o -: standard output is a terminal, "
                               "and a moments file is binary: give a file "
                               "name, or redirect the output");
    return cli_out_open(o, path, cmd);
}

/* Packs s into o and commits it: 0 or the exit code. */
static int write_sums(cli_out *o, const wold_sums *s, const char *cmd)
{
    void *buf = NULL;
    size_t len = 0;
    wold_error err;
    if (wold_sums_pack(s, &buf, &len, &err) != WOLD_OK)
        return cli_report(&err);
    cli_out_write(o, buf, len);
    free(buf);
    return cli_out_commit(o, cmd);
}

/* The sums of the data set in one streaming pass: the model's
 * indicators, the weights, per value of the group column. */
static wold_status read_sums(const moments_args *a, const wold_model *model,
                             wold_sums **s, wold_error *err)
{
    wold_sums_options sopt;
    wold_sums_options_default(&sopt);
    sopt.group = a->group;
    return cli_mpi_sums_read_csv(s, a->data, model, &a->csv, &sopt, err);
}

int cli_moments(int argc, char **argv)
{
    moments_args a;
    int rc = moments_args_parse(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    const cli_file in[] = {{"MODEL", a.model}, {"DATA", a.data}};
    const cli_file out[] = {{"-o", a.out}};
    cli_out o = {.slot = -1};
    /* Under MPI only rank 0 writes (mpi.h). */
    if ((rc = cli_check_files("moments", in, 2, out, 1)) == 0 &&
        (rc = cli_mpi_check_input("moments", "DATA", a.data)) == 0 &&
        cli_mpi_rank() == 0)
        rc = open_binary_out(&o, a.out, "moments");
    if ((rc = cli_mpi_agree_rc(rc)) != 0) {
        cli_out_abort(&o);
        return rc;
    }
    wold_error err;
    wold_model *model = NULL;
    wold_sums *s = NULL;
    wold_status st = cli_read_model(&model, a.model, &a.scale, &err);
    /* Under MPI the read is collective: agree first (mpi.h). */
    if ((st = cli_mpi_agree(st, &err)) == WOLD_OK)
        st = read_sums(&a, model, &s, &err);
    rc = st != WOLD_OK      ? cli_report(&err)
         : cli_mpi_rank() ? 0
                          : write_sums(&o, s, "moments");
    cli_out_abort(&o);
    wold_sums_free(s);
    wold_model_free(model);
    return rc;
}

/* ---- wold merge ----------------------------------------------------------- */

/* The inputs and -o; 0, -1 after the help, or an exit code.  in has
 * argc entries. */
static int merge_args_parse(int argc, char **argv, const char **in,
                            int *n_in, const char **out)
{
    static const char *const options[] = {"-o", "--help"};
    *n_in = 0;
    *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int m;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(merge_help, stdout);
            return cli_stdout_check("merge") ? EXIT_IO : -1;
        }
        if ((m = cli_opt_value(argc, argv, &i, "-o", &v, "merge"))) {
            if (m < 0)
                return EXIT_USAGE;
            *out = v;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_unknown_option("merge", argv[i], options, 2);
        } else {
            in[(*n_in)++] = argv[i];
        }
    }
    if (*n_in < 2)
        return cli_usage_error("merge", "expected two or more moments files "
                               "to merge, got %d", *n_in);
    if (*out == NULL)
        return cli_usage_error("merge", "expected -o FILE.wm, the moments "
                               "file to write");
    return 0;
}

/* Each input against the output (and standard input read once). */
static int merge_check_files(const char *const *in, int n_in,
                             const char *out)
{
    const cli_file o[] = {{"-o", out}};
    int std_in = -1;
    for (int k = 0; k < n_in; k++) {
        const cli_file f[] = {{in[k], in[k]}};
        int rc = cli_check_files("merge", f, 1, o, 1);
        if (rc != 0)
            return rc;
        if (strcmp(in[k], "-") != 0)
            continue;
        if (std_in >= 0)
            return cli_usage_error("merge", "'-' is given twice: standard "
                                   "input can be read once");
        std_in = k;
    }
    return 0;
}

/* The first file, then each other merged into it, in order: 0 or the
 * exit code, after saying which file did not fit. */
static int merge_all(wold_sums **all, const char *const *in, int n_in)
{
    wold_error err;
    if (wold_sums_load(all, in[0], &err) != WOLD_OK)
        return cli_report(&err);
    for (int k = 1; k < n_in; k++) {
        wold_sums *b = NULL;
        if (wold_sums_load(&b, in[k], &err) != WOLD_OK)
            return cli_report(&err);
        wold_status st = wold_sums_merge(*all, b, &err);
        wold_sums_free(b);
        if (st == WOLD_EINPUT) {
            fprintf(stderr, "wold merge: error: cannot merge %s into %s: "
                    "%s\n", in[k], k == 1 ? in[0] : "the files before it",
                    err.message);
            return EXIT_INPUT;
        }
        if (st != WOLD_OK)
            return cli_report(&err);
    }
    return 0;
}

int cli_merge(int argc, char **argv)
{
    const char **in = malloc((size_t)argc * sizeof *in), *out = NULL;
    int n_in = 0;
    if (in == NULL) {
        fputs("wold merge: error: out of memory\n", stderr);
        return EXIT_MEMORY;
    }
    int rc = merge_args_parse(argc, argv, in, &n_in, &out);
    if (rc == 0)
        rc = merge_check_files(in, n_in, out);
    cli_out o;
    if (rc == 0 && (rc = open_binary_out(&o, out, "merge")) == 0) {
        wold_sums *all = NULL;
        rc = merge_all(&all, in, n_in);
        if (rc == 0)
            rc = write_sums(&o, all, "merge");
        cli_out_abort(&o);
        wold_sums_free(all);
    }
    free(in);
    return rc < 0 ? 0 : rc;
}
