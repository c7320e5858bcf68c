/* check.c - "wold check MODEL [DATA]": validate and show the structure. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char check_help[] =
    "usage: wold check MODEL [DATA] [--sep C] [--missing M] [--weights COL]\n"
    "                  [--scale MIN:MAX] [--threads N]\n"
    "\n"
    "Validates a model file and prints its structure: blocks, modes and the\n"
    "structural paths.  With DATA, also checks that the CSV file has every\n"
    "indicator and only numbers in those columns, counts missing cells, and\n"
    "lists on standard error every problem 'wold fit' would meet before it\n"
    "iterates (empty or constant columns, too few rows, collinear Mode B\n"
    "blocks) and every warning it would give.  DATA may also be an SPSS\n"
    "(.sav, .zsav), Stata (.dta) or SAS (.sas7bdat) file (docs/statfiles.md):\n"
    "its variable labels and the value labels of the values present are\n"
    "then listed for the model's indicators.\n"
    "\n"
    "options:\n"
    "  --sep C           CSV separator: ',' ';' 'tab' (default: detected)\n"
    "  --missing M       the rule the fit would use: listwise (default), mean\n"
    "                    or pairwise\n"
    "  --weights COLUMN  check the observation weights in COLUMN of DATA\n"
    "                    (numbers >= 0) and the problems of the weighted fit\n"
    "  --scale MIN:MAX   the scale of every indicator the model file leaves\n"
    "                    without one (docs/model-syntax.md, \"Scales\")\n"
    "  --threads N       threads that read DATA (default 0: one per core)\n"
    "  -h, --help        show this help\n"
    "\n"
    "exit codes: 0 ok (warnings allowed), 1 usage error, 2 bad model or data,\n"
    "3 a fit would fail numerically (zero variance, collinear block),\n"
    "4 out of memory, 5 I/O error (writing to standard output failed).\n";

static const char *const check_options[] = {"--sep", "--missing", "--help",
                                            "--scale", "--weights",
                                            "--threads"};


/* ", scale 1:5" when the block's indicators share one, else each one's
 * (", scales 1:7 1:5 -"); nothing when none has a scale. */
static void print_scales(const wold_model *m, size_t a, size_t q)
{
    double lo0 = 0, hi0 = 0, lo = 0, hi = 0;
    int any = 0, same = wold_model_mv_scale(m, a, &lo0, &hi0);
    for (size_t i = a; i < a + q; i++) {
        int has = wold_model_mv_scale(m, i, &lo, &hi);
        any |= has;
        same = same && has && lo == lo0 && hi == hi0;
    }
    if (!any)
        return;
    if (same) {
        printf(", scale %g:%g", lo0, hi0);
        return;
    }
    printf(", scales");
    for (size_t i = a; i < a + q; i++) {
        if (wold_model_mv_scale(m, i, &lo, &hi))
            printf(" %g:%g", lo, hi);
        else
            printf(" -");
    }
}

/* ", order 2: repeats Product + Service" for a higher-order block. */
static void print_children(const wold_model *m, size_t j)
{
    size_t kids = wold_model_lv_n_children(m, j);
    if (kids == 0)
        return;
    printf(", order %d: repeats", wold_model_lv_order(m, j));
    for (size_t k = 0; k < kids; k++)
        printf("%s %s", k ? " +" : "",
               wold_model_lv_name(m, wold_model_lv_child(m, j, k)));
}

static void print_structure(const wold_model *m)
{
    size_t J = wold_model_n_lv(m);
    printf("%s: %zu latent variables, %zu indicators, %zu structural paths\n",
           wold_model_filename(m), J, wold_model_n_mv(m), wold_model_n_paths(m));
    printf("\nmeasurement model\n");
    for (size_t j = 0; j < J; j++) {
        size_t a = wold_model_lv_first(m, j), q = wold_model_lv_count(m, j);
        printf("  %s %s ", wold_model_lv_name(m, j),
               wold_model_lv_mode(m, j) == WOLD_MODE_A ? "=~" : "<~");
        for (size_t i = a; i < a + q; i++)
            printf("%s%s", i > a ? " + " : "", wold_model_mv_name(m, i));
        printf("    # Mode %s, %zu indicator%s",
               wold_model_lv_mode(m, j) == WOLD_MODE_A ? "A" : "B", q,
               q == 1 ? "" : "s");
        print_scales(m, a, q);
        print_children(m, j);
        printf("\n");
    }
    printf("\nstructural model\n");
    for (size_t to = 0; to < J; to++) {
        int first = 1;
        for (size_t from = 0; from < J; from++)
            if (wold_model_has_path(m, from, to)) {
                if (first)
                    printf("  %s ~ %s", wold_model_lv_name(m, to),
                           wold_model_lv_name(m, from));
                else
                    printf(" + %s", wold_model_lv_name(m, from));
                first = 0;
            }
        if (!first)
            printf("\n");
    }
}

/* Every problem a fit with the default settings would meet, each on
 * standard error, compiler-style; the exit status is the first error's. */
static int check_fit(const wold_model *model, const wold_data *data,
                     wold_missing missing)
{
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_problems *list = NULL;
    wold_error err;
    wold_status st = wold_fit_check(&list, model, data, missing,
                                    &opt, &err);
    if (list == NULL)
        return cli_report(&err);
    size_t n = wold_problems_count(list), errors = 0;
    for (size_t k = 0; k < n; k++) {
        const wold_problem *pr = wold_problems_get(list, k);
        errors += pr->status != WOLD_OK;
        cli_report_problem(pr);
    }
    size_t warnings = n - errors;
    if (n == 0)
        printf("fit check: OK\n");
    else
        printf("fit check: %zu error%s, %zu warning%s (listed on standard "
               "error)\n", errors, errors == 1 ? "" : "s", warnings,
               warnings == 1 ? "" : "s");
    wold_problems_free(list);
    return (int)st;
}

/* The weight column: its total and Kish's effective n over the rows the
 * fit would use. */
static void print_weights(const wold_data *data, wold_missing missing)
{
    double W, kish = wold_data_kish_n(data, missing, &W);
    char a[32], b[32];
    wold_format_double(W, a);
    wold_format_double(floor(kish * 1000.0 + 0.5) / 1000.0, b);
    printf("weights column %s: every weight a number >= 0; total %s, Kish "
           "effective n %s\n",
           wold_data_weights_name(data), a, b);
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The value labels of column j's distinct values, on one line. */
static void print_value_labels(const wold_data *data, size_t j,
                               double *scratch)
{
    size_t n = wold_data_n_rows(data), p = wold_data_n_cols(data), m = 0;
    const double *x = wold_data_values(data);
    for (size_t r = 0; r < n; r++)
        if (!isnan(x[r * p + j]))
            scratch[m++] = x[r * p + j];
    qsort(scratch, m, sizeof *scratch, by_double);
    const char *sep = "; values: ";
    for (size_t i = 0; i < m; i++) {
        if (i > 0 && scratch[i] == scratch[i - 1])
            continue;
        const char *label = wold_data_value_label(data, j, scratch[i]);
        if (label == NULL)
            continue;
        char num[32];
        wold_format_double(scratch[i], num);
        printf("%s%s = \"%s\"", sep, num, label);
        sep = ", ";
    }
}

/* A statistical file's variable and value labels of the indicators. */
static void print_labels(const wold_data *data)
{
    size_t p = wold_data_n_cols(data), n = wold_data_n_rows(data), any = 0;
    for (size_t j = 0; j < p; j++)
        any += wold_data_col_label(data, j) != NULL;
    double *scratch = malloc((n ? n : 1) * sizeof *scratch);
    if (scratch == NULL)
        return; /* the labels are a courtesy: the check itself goes on */
    int head = 0;
    for (size_t j = 0; j < p; j++) {
        const char *label = wold_data_col_label(data, j);
        size_t at = 0;
        int labelled = 0;
        for (size_t r = 0; r < n && !labelled; r++, at += p)
            labelled = wold_data_value_label(data, j, wold_data_values(data)[at]) != NULL;
        if (label == NULL && !labelled)
            continue;
        if (!head)
            printf("labels (%zu of %zu indicators have a variable label)\n",
                   any, p);
        head = 1;
        printf("  %s: %s%s%s", wold_data_col_name(data, j),
               label != NULL ? "\"" : "(no variable label)",
               label != NULL ? label : "", label != NULL ? "\"" : "");
        if (labelled)
            print_value_labels(data, j, scratch);
        putchar('\n');
    }
    free(scratch);
}

int cli_check(int argc, char **argv)
{
    const char *model_path = NULL, *data_path = NULL, *v = NULL;
    static const char *const missings[] = {"listwise", "mean", "pairwise"};
    wold_csv_options csv;
    wold_csv_options_default(&csv);
    int missing = WOLD_MISSING_LISTWISE;
    cli_scale scale = {0, 0.0, 0.0};
    for (int i = 1; i < argc; i++) {
        int m;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(check_help, stdout);
            return cli_stdout_check("check");
        } else if ((m = cli_opt_value(argc, argv, &i, "--sep", &v, "check"))) {
            if (m < 0 || cli_parse_sep("check", v, &csv.separator) != 0)
                return EXIT_USAGE;
        } else if ((m = cli_opt_value(argc, argv, &i, "--weights", &v,
                                      "check"))) {
            if (m < 0 || cli_parse_weights("check", v, &csv) != 0)
                return EXIT_USAGE;
        } else if ((m = cli_opt_value(argc, argv, &i, "--missing", &v,
                                      "check"))) {
            if (m < 0 || cli_parse_choice("check", "--missing", v, missings, 3,
                                          &missing) != 0)
                return EXIT_USAGE;
        } else if (cli_threads_option(argc, argv, &i, "check", &csv, &m)) {
            if (m != 0)
                return m;
        } else if ((m = cli_opt_value(argc, argv, &i, "--scale", &v,
                                      "check"))) {
            if (m < 0 || cli_parse_scale("check", v, &scale) != 0)
                return EXIT_USAGE;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_unknown_option("check", argv[i], check_options,
                                      sizeof check_options /
                                          sizeof check_options[0]);
        } else if (model_path == NULL) {
            model_path = argv[i];
        } else if (data_path == NULL) {
            data_path = argv[i];
        } else {
            return cli_usage_error("check", "unexpected argument '%s'", argv[i]);
        }
    }
    if (model_path == NULL)
        return cli_usage_error("check", "expected MODEL");
    /* Standard output must not be appended to an input. */
    const cli_file in[] = {{"MODEL", model_path}, {"DATA", data_path}};
    const cli_file out[] = {{NULL, NULL}};
    int crc = cli_check_files("check", in, data_path != NULL ? 2 : 1, out, 1);
    if (crc != 0)
        return crc;
    wold_error err;
    wold_model *model = NULL;
    if (cli_read_model(&model, model_path, &scale, &err) != WOLD_OK)
        return cli_report(&err);
    print_structure(model);
    int rc = 0;
    if (data_path != NULL) {
        wold_data *data = NULL;
        if (wold_data_read(&data, data_path, model, &csv, &err) != WOLD_OK) {
            rc = cli_report(&err);
        } else {
            size_t n = wold_data_n_rows(data),
                   cells = wold_data_n_missing_cells(data),
                   rows = wold_data_n_incomplete_rows(data);
            printf("\ndata %s: %zu row%s; every indicator present and "
                   "numeric; %zu missing cell%s in %zu row%s\n",
                   wold_data_source(data), n, n == 1 ? "" : "s", cells,
                   cells == 1 ? "" : "s", rows, rows == 1 ? "" : "s");
            print_labels(data);
            if (wold_data_weights(data) != NULL)
                print_weights(data, (wold_missing)missing);
            rc = check_fit(model, data, (wold_missing)missing);
            wold_data_free(data);
        }
    }
    wold_model_free(model);
    int wrc = cli_stdout_check("check");
    return rc != 0 ? rc : wrc;
}
