/* main.c - the wold command: dispatches to one file per subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "mpi.h"

static const char main_help[] =
    "usage: wold COMMAND [ARGS]\n"
    "\n"
    "PLS path modeling (PLS-PM) for customer satisfaction index models.\n"
    "\n"
    "commands:\n"
    "  fit MODEL DATA       estimate a model on a CSV file and print the report\n"
    "  check MODEL [DATA]   validate a model (and its data) and show its structure\n"
    "  simulate MODEL       write a panel drawn from the model's population values\n"
    "  predict MODEL DATA   PLSpredict: k-fold cross-validated out-of-sample\n"
    "                       prediction of the endogenous blocks' indicators\n"
    "  ipma MODEL DATA      importance-performance map: priorities for improvement\n"
    "  metrics DATA         survey metrics: NPS, CSAT, CES, retention, CLV, ...\n"
    "  index MODEL DATA     the batch national index: one fit per company, then the\n"
    "                       industry, sector and national aggregates\n"
    "  moments MODEL DATA   write the data's sufficient statistics to a moments\n"
    "                       file (-o FILE.wm), for wold merge and wold fit\n"
    "                       --moments\n"
    "  merge A.wm B.wm ...  add moments files of other rows (-o ALL.wm)\n"
    "  report MODEL DATA    the report as one self-contained HTML page: path\n"
    "                       diagram, tables, indices, IPMA (-o report.html)\n"
    "\n"
    "DATA may be '-' (standard input) and may be gzip-, zlib- or\n"
    "zstd-compressed (told by its first bytes, not its name; docs/cli.md,\n"
    "\"Input files\").\n"
    "\n"
    "'wold COMMAND --help' describes each command and its options.  fit,\n"
    "moments and index also run on several machines: mpirun -n K wold fit ...\n"
    "(docs/scale.md).\n"
    "  --version            print the version\n"
    "  -h, --help           show this help\n"
    "\n"
    "exit codes: 0 ok, 1 usage error, 2 bad input (model file, data file,\n"
    "unreadable file), 3 numerical failure (non-convergence, singular block,\n"
    "zero-variance indicator), 4 out of memory, 5 I/O error (a write or read\n"
    "failed: disk full, cannot create or replace an output file).\n";

/* The commands: dispatch, the suggestion for a typo and the messages all
 * come from this one table. */
static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {{"fit", cli_fit},         {"check", cli_check},
                {"simulate", cli_simulate}, {"predict", cli_predict},
                {"ipma", cli_ipma},       {"metrics", cli_metrics},
                {"index", cli_index},     {"moments", cli_moments},
                {"merge", cli_merge},
                {"report", cli_report_cmd}};
#define N_COMMANDS (sizeof commands / sizeof *commands)
#define COMMAND_LIST \
    "fit, check, simulate, predict, ipma, metrics, index, moments, merge or " \
    "report"

static int run(int argc, char **argv)
{
    static const char *const options[] = {"--version", "--help"};
    if (argc < 2)
        return cli_usage_error(NULL, "expected a command: " COMMAND_LIST);
    cli_signals_install();
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0) {
        printf("wold %s\n", wold_version());
        return cli_stdout_check(NULL);
    }
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        fputs(main_help, stdout);
        return cli_stdout_check(NULL);
    }
    const char *names[N_COMMANDS];
    for (size_t k = 0; k < N_COMMANDS; k++) {
        if (strcmp(cmd, commands[k].name) == 0)
            return cli_mpi_command(cmd) ? EXIT_USAGE
                                        : commands[k].run(argc - 1, argv + 1);
        names[k] = commands[k].name;
    }
    if (cmd[0] == '-')
        return cli_unknown_option(NULL, cmd, options, 2);
    const char *close = cli_closest(cmd, names, N_COMMANDS);
    if (close != NULL)
        return cli_usage_error(NULL, "unknown command '%s' (expected "
                               COMMAND_LIST "); did you mean '%s'?", cmd,
                               close);
    return cli_usage_error(NULL, "unknown command '%s' (expected "
                           COMMAND_LIST ")", cmd);
}

/* Under mpirun every rank runs the command (mpi.h); rank 0's exit code
 * is everyone's. */
int main(int argc, char **argv)
{
    int rc = cli_mpi_init(&argc, &argv);
    if (rc == 0)
        rc = run(argc, argv);
    return cli_mpi_finish(rc);
}
