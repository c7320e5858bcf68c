/*
 * cli.h - the wold command: one file per subcommand, sharing the helpers
 * of common.c.  The command is a client of <wold/wold.h> only.
 */
#ifndef WOLD_CLI_H
#define WOLD_CLI_H

#include <stdio.h>

#include <wold/wold.h>

/* Exit codes (docs/cli.md): the library's status values. */
enum {
    EXIT_USAGE = 1,
    EXIT_INPUT = 2,
    EXIT_NUMERIC = 3,
    EXIT_MEMORY = 4,
    EXIT_IO = 5
};

int cli_fit(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_simulate(int argc, char **argv);

/* Prints "wold CMD: error: " (or "wold: error: " when cmd is NULL) and a
 * formatted usage error to stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Prints a library error compiler-style to stderr; returns its status. */
int cli_report(const wold_error *err);

/*
 * Option scanning.  Each call looks at argv[*i]: when it is the option
 * name (or name=value), stores the value and advances *i.  Returns 1 when
 * matched, 0 when not, -1 (after printing) when the value is missing.
 */
int cli_opt_value(int argc, char **argv, int *i, const char *name,
                  const char **value, const char *cmd);
int cli_parse_double(const char *cmd, const char *opt, const char *s,
                     double *out);
/* --sep: ',' ';' or 'tab' (also a literal tab or "\t"). */
int cli_parse_sep(const char *cmd, const char *s, char *out);
int cli_parse_long(const char *cmd, const char *opt, const char *s, long lo,
                   long hi, long *out);

/*
 * Output that is never left half-written: a temporary file beside path,
 * renamed over it by cli_out_commit and removed by cli_out_abort.  path
 * NULL or "-" means standard output.
 */
typedef struct cli_out {
    FILE *f;
    const char *path;
    char tmp[4096];
} cli_out;

int cli_out_open(cli_out *o, const char *path, const char *cmd);
/* Prints "wold CMD: error: NAME: cannot write: REASON"; returns EXIT_IO. */
int cli_write_error(const char *cmd, const char *name, int errnum);
/* Flushes standard output: 0, or EXIT_IO after saying why. */
int cli_stdout_check(const char *cmd);
int cli_out_commit(cli_out *o, const char *cmd);
void cli_out_abort(cli_out *o);

#endif
