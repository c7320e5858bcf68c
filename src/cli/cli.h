/*
 * cli.h - the wold command: one file per subcommand, sharing the helpers
 * of common.c and output.c.  The command is a client of <wold/wold.h> only.
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
int cli_predict(int argc, char **argv);
int cli_ipma(int argc, char **argv);
int cli_metrics(int argc, char **argv);
int cli_index(int argc, char **argv);
int cli_moments(int argc, char **argv);
int cli_merge(int argc, char **argv);
/* "wold report" (report.c; cli_report prints errors). */
int cli_report_cmd(int argc, char **argv);
/* "wold fit ... --moments FILE" (fit_moments.c): cli_fit hands argv to
 * cli_fit_moments when cli_fit_wants_moments says --moments is there. */
int cli_fit_wants_moments(int argc, char **argv);
int cli_fit_moments(int argc, char **argv);

/* 1 when construct lv of md has a predecessor (a path into it). */
int cli_endogenous(const wold_model *md, size_t lv);

/* The last stage's fit and moments of a higher-order estimate (owned by
 * hoc) in *fit and *mo. */
void cli_hoc_last_stage(const wold_hoc *hoc, wold_moments **mo,
                        wold_fit **fit);

/* Prints "wold CMD: error: " (or "wold: error: " when cmd is NULL) and a
 * formatted usage error to stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Prints a library error compiler-style to stderr; returns its status. */
int cli_report(const wold_error *err);
/* Prints a problem (an error, or a warning) the same way. */
void cli_report_problem(const wold_problem *pr);

/* Prints "wold CMD: error: NAME: cannot write: WHY" and returns EXIT_IO;
 * cli_write_error gives strerror(errnum) as WHY. */
int cli_io_error(const char *cmd, const char *name, const char *why);
int cli_write_error(const char *cmd, const char *name, int errnum);

/*
 * Option scanning.  Each call looks at argv[*i]: when it is the option
 * name (or name=value), stores the value and advances *i.  Returns 1 when
 * matched, 0 when not, -1 (after printing) when the value is missing.
 */
int cli_opt_value(int argc, char **argv, int *i, const char *name,
                  const char **value, const char *cmd);
int cli_parse_double(const char *cmd, const char *opt, const char *s,
                     double *out);
/*
 * --lang en|zh, the language of a report's headings and labels: when
 * argv[*i] is --lang, stores it in *lang, sets *rc (0, or the exit code of
 * a bad value) and returns 1; returns 0 when it is another option.
 */
int cli_lang_option(int argc, char **argv, int *i, const char *cmd,
                    wold_lang *lang, int *rc);
/* 1 when some indicator of the model has a scale (a fit then reports
 * its indices). */
int cli_any_scale(const wold_model *md);
/* --threads N (0: one per core), the reader's threads, into csv->threads;
 * returns 1 and sets *rc as cli_lang_option does.  The results do not
 * depend on it (docs/scale.md). */
int cli_threads_option(int argc, char **argv, int *i, const char *cmd,
                       wold_csv_options *csv, int *rc);
/*
 * --scheme, --tol and --max-iter, the fit's options of every command that
 * fits, into opt: returns 1 and sets *rc (0, or the exit code of a bad
 * value) when argv[*i] is one of them, 0 when not.  *tol_set and
 * *iter_set (either may be NULL) note --tol and --max-iter, whose
 * defaults --compat plspm changes.
 */
int cli_fit_option(int argc, char **argv, int *i, const char *cmd,
                   wold_fit_options *opt, int *tol_set, int *iter_set,
                   int *rc);
/* --sep: ',' ';' or 'tab' (also a literal tab or "\t"). */
int cli_parse_sep(const char *cmd, const char *s, char *out);
/* --weights COLUMN: a non-empty column name into csv->weights (every
 * command that reads data takes it; docs/cli.md, "Survey weights"). */
int cli_parse_weights(const char *cmd, const char *s, wold_csv_options *csv);
int cli_parse_long(const char *cmd, const char *opt, const char *s, long lo,
                   long hi, long *out);

/*
 * --scale MIN:MAX (docs/cli.md): the scale of every indicator the model
 * file leaves without one.  cli_parse_scale stores it in *sc (set = 1) or
 * prints a usage error and returns EXIT_USAGE.  cli_read_model reads the
 * model and, when sc->set, applies the scale (wold_model_set_default_scale).
 */
typedef struct cli_scale {
    int set;
    double lo, hi;
} cli_scale;
int cli_parse_scale(const char *cmd, const char *s, cli_scale *sc);
wold_status cli_read_model(wold_model **model, const char *path,
                           const cli_scale *sc, wold_error *err);

/*
 * The sums of DATA as wold_sums_read_csv gives them; a statistical file
 * (wold_data_sniff: SPSS, Stata, SAS) is read whole with
 * wold_data_read_stat (sopt->group as its label column) and summed with
 * wold_sums_from_data.  sopt's part and n_parts apply to CSV only.
 */
wold_status cli_read_sums(wold_sums **out, const char *path,
                          const wold_model *model, const wold_csv_options *csv,
                          const wold_sums_options *sopt, wold_error *err);

/*
 * Choices and names (suggest.c): a value outside names, or an unknown
 * option, is a usage error that lists the valid values and suggests the
 * closest ("did you mean 'centroid'?").  cli_parse_choice stores the index
 * of v in names.  cli_unknown_option drops a "=value" part of arg.
 */
int cli_parse_choice(const char *cmd, const char *opt, const char *v,
                     const char *const *names, size_t n, int *out);
int cli_bad_choice(const char *cmd, const char *opt, const char *v,
                   const char *const *names, size_t n);
int cli_unknown_option(const char *cmd, const char *arg,
                       const char *const *names, size_t n);
/* Optimal string alignment distance (edits and adjacent transpositions). */
size_t cli_edit_distance(const char *a, const char *b);
/* The name closest to s when close enough to be a slip, else NULL. */
const char *cli_closest(const char *s, const char *const *names, size_t n);

/*
 * Output files (output.c, docs/cli.md "Output files").  A regular file is
 * written to a temporary file beside it (beside a symbolic link's target)
 * and renamed over it by cli_out_commit, keeping its mode; cli_out_abort
 * removes the temporary file.  A device or FIFO is written through; a
 * read-only file is refused.  path NULL or "-" means standard output, as do
 * /dev/stdout and /dev/fd/1 (/dev/stderr and /dev/fd/N: that descriptor).
 * Open every output before reading the inputs, so that a bad output path
 * fails at once.  Errors print a message and return EXIT_IO.
 */
#define CLI_MAX_OUT 4
#define CLI_PATH_MAX 4096

typedef struct cli_out {
    FILE *f;
    const char *path;   /* as given; NULL for standard output */
    const char *name;   /* for messages: path or "<stdout>" */
    char target[CLI_PATH_MAX]; /* what tmp is renamed over */
    char tmp[CLI_PATH_MAX];    /* the temporary file, when slot >= 0 */
    int slot;           /* its entry in the signal handler's list, or -1 */
    int err;            /* errno of the first failed cli_out_write */
} cli_out;

int cli_out_open(cli_out *o, const char *path, const char *cmd);
/* Writes n bytes, remembering why the first failed write did (a buffered
 * stream forgets it by the time it is flushed): 0 or -1. */
int cli_out_write(cli_out *o, const char *p, size_t n);
/* Flushes standard output: 0, or EXIT_IO after saying why. */
int cli_stdout_check(const char *cmd);

/*
 * The arguments of a command that reads MODEL DATA: -h / --help prints
 * help (then -1, or EXIT_IO when it could not be written), an argument
 * starting with '-' (not "-" alone, which is standard input) goes to
 * option, which advances *i past its value and returns 0 or an exit code,
 * the first two others are *model and *data, and a third or a missing
 * DATA is a usage error.  Returns 0 when all went well.
 */
typedef int (*cli_option_fn)(int argc, char **argv, int *i, void *user);
int cli_scan_args(int argc, char **argv, const char *cmd, const char *help,
                  cli_option_fn option, void *user, const char **model,
                  const char **data);
/* Flushes and closes the output, leaving a temporary file unrenamed (so
 * that several outputs can be checked before any is committed): 0, or
 * EXIT_IO after saying why and removing the temporary file. */
int cli_out_finish(cli_out *o, const char *cmd);
/* Finishes the output and renames the temporary file into place: 0, or
 * EXIT_IO after saying why and removing the temporary file.  A second
 * call, or a call after cli_out_abort, does nothing. */
int cli_out_commit(cli_out *o, const char *cmd);
void cli_out_abort(cli_out *o);
/* The end of a command that made one report: st and err are what the
 * report call returned; on success text goes to o, which is committed.
 * Frees text.  0, or the exit code (the output is left to the caller's
 * cli_out_abort). */
int cli_out_report(cli_out *o, wold_status st, char *text,
                   const wold_error *err, const char *cmd);

/*
 * A report as tables (output.c, docs/tables.md): --format long, the long
 * CSV "table,row,column,value", on every command that writes a report
 * (and --format csv on fit, which has no table form of its own), and
 * --format xlsx, an Excel workbook, which needs -o FILE.
 */
typedef enum cli_tables {
    CLI_TABLES_NONE = 0,
    CLI_TABLES_LONG,
    CLI_TABLES_XLSX
} cli_tables;
/* v is "long" or "xlsx" (or "csv" when csv_long): stores the kind in
 * *kind and returns 1; else returns 0 (v is left to the command). */
int cli_tables_format(const char *v, int csv_long, cli_tables *kind);
/* xlsx needs -o FILE, a regular file or a new one: 0 or a usage error. */
int cli_tables_check(const char *cmd, cli_tables kind, const char *out);
/* The format to ask the library for: JSON for a tables kind, else f. */
wold_format cli_tables_report_format(cli_tables kind, wold_format f);
/* Writes the JSON report json as kind into o and finishes o (not
 * committed): 0 or the exit code (after printing why; o is removed). */
int cli_write_tables(cli_out *o, const char *cmd, cli_tables kind,
                     const char *json, wold_lang lang);
/* cli_out_report for a report that kind may turn into tables: st, text
 * and err are the report call's (text in JSON when kind is set). */
int cli_out_tables(cli_out *o, wold_status st, char *text,
                   const wold_error *err, const char *cmd, cli_tables kind,
                   wold_lang lang);

/*
 * SIGINT, SIGTERM, SIGHUP and SIGPIPE remove the temporary files of open
 * outputs, then kill the process with the signal's default action.
 * Signals the parent ignores stay ignored.  Called once by main.
 */
void cli_signals_install(void);

/*
 * A file of the command line: what names it in messages ("MODEL", "-o"),
 * path NULL or "-" is standard input (inputs) or output (outputs).
 * cli_check_files refuses, as a usage error, two inputs from standard
 * input and an output that is the same file as an input or as another
 * output (same path, or same regular file by device and inode; standard
 * output is identified by fstat).  Call it before reading anything.
 */
typedef struct cli_file {
    const char *what;
    const char *path;
} cli_file;

int cli_check_files(const char *cmd, const cli_file *in, int n_in,
                    const cli_file *out, int n_out);

/*
 * The bootstrap options of "wold fit" (boot.c).  cli_boot_option matches
 * one option at argv[*i] (returns 1, with *rc 0 or an exit code) or
 * returns 0; cli_boot_finish_args refuses options that need --boot.
 */
typedef struct cli_boot_args {
    wold_boot_options opt;
    int boot;           /* --boot given */
    const char *out;    /* --boot-out FILE */
    const char *given;  /* the first option that needs --boot */
    const char *cmd;    /* the command messages name: "fit" by default */
    int no_jackknife;   /* the command has no --jackknife (wold report) */
} cli_boot_args;

void cli_boot_args_default(cli_boot_args *b);
int cli_boot_option(int argc, char **argv, int *i, cli_boot_args *b, int *rc);
int cli_boot_finish_args(cli_boot_args *b);
/* Writes the replicates as CSV (docs/cli.md, "--boot-out"). */
void cli_boot_write(cli_out *o, const wold_boot *b);

/* The progress bar: drawn on standard error when it is a terminal and
 * the run has lasted a second; cli_progress_update is the library's
 * wold_boot_progress callback. */
typedef struct cli_progress {
    int on, drawn;
    double start, last;
} cli_progress;

void cli_progress_start(cli_progress *p);
void cli_progress_update(void *user, size_t done, size_t total);
void cli_progress_end(cli_progress *p);

#endif
