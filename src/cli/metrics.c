/* metrics.c - "wold metrics DATA": the everyday survey metrics (NPS,
 * CSAT, CES, a weighted satisfaction score, perceived / expected,
 * retention, repeat purchase, CLV), overall and per group. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char metrics_help[] =
    "usage: wold metrics DATA [options]\n"
    "\n"
    "Survey metrics of a CSV file (docs/csi.md, \"Survey metrics\"), over all\n"
    "rows and per group, with observation weights; shares get Wilson\n"
    "intervals (on Kish's effective n when weighted).  Each metric option\n"
    "names its columns and may be repeated; at least one is needed.\n"
    "DATA is a CSV file with a header row ('-' reads standard input); the\n"
    "columns other than the group and weight columns must be numeric.  DATA\n"
    "may also be an SPSS, Stata or SAS file (docs/statfiles.md): the value\n"
    "labels of the group variable then name the groups.\n"
    "\n"
    "metrics:\n"
    "  --nps COL         Net Promoter Score of a 0-10 item: % promoters (9-10)\n"
    "                    minus % detractors (0-6), in points\n"
    "  --csat COL[:CUT]  % of answers >= CUT (default: the top two boxes, 4-5\n"
    "                    on the default 1-5 scale)\n"
    "  --ces COL         customer effort score: the mean answer\n"
    "  --score NAME=W:COL+COL...\n"
    "                    one dimension of the weighted satisfaction score\n"
    "                    S = sum W a / sum W, a the mean of its items; repeat\n"
    "                    for every dimension\n"
    "  --ratio B:A       C = mean(B) / mean(A), perceived over expected\n"
    "  --retention START:END:NEW\n"
    "                    retention (sum END - sum NEW) / sum START and churn,\n"
    "                    from period counts\n"
    "  --repeat R:B      repeat-purchase rate: repeat buyers / buyers\n"
    "  --clv V:F:L       customer lifetime value: mean of average purchase x\n"
    "                    frequency x lifetime\n"
    "\n"
    "options:\n"
    "  --csat-scale MIN:MAX   scale of CSAT items (default 1:5)\n"
    "  --ces-scale MIN:MAX    scale of CES items (default 1:7)\n"
    "  --score-scale MIN:MAX  scale of score items (default 1:5)\n"
    "  --standard X      the standard point S is compared with (item scale)\n"
    "  --group COL       also per value of COL (company, region, ...)\n"
    "  --weights COL     observation (survey) weights from column COL\n"
    "  --level X         level of the intervals (default 0.95)\n"
    "  --lang L          en (default) or zh: the language of the report\n"
    "  --sep C           CSV separator: ',' ';' 'tab' (default: detected)\n"
    "  --format F        text (default), json (docs/json.md) or csv\n"
    "                    long: every table as one long CSV; xlsx: an Excel\n"
    "                    workbook (needs -o FILE.xlsx); docs/tables.md\n"
    "  -o FILE           write the report to FILE instead of standard output\n"
    "  -h, --help        show this help\n"
    "\n"
    "An answer outside its scale (an NPS of 11) is an error at its\n"
    "file:line:col.\n"
    "\n"
    "exit codes: 0 ok, 1 usage error, 2 bad input, 4 out of memory, 5 I/O\n"
    "error.\n";

static const char *const metric_opts[] = {"--nps",   "--csat",      "--ces",
                                          "--score", "--ratio",     "--retention",
                                          "--repeat", "--clv"};
static const char *const all_options[] = {
    "--nps", "--csat", "--ces", "--score", "--ratio", "--retention",
    "--repeat", "--clv", "--csat-scale", "--ces-scale", "--score-scale",
    "--standard", "--group", "--weights", "--level", "--lang", "--sep",
    "--format", "-o", "--help"};

typedef struct metrics_args {
    const char *data, *out, *group, *weights;
    double standard, level;
    wold_lang lang;
    wold_format format;
    cli_tables tables; /* --format long or xlsx */
    wold_csv_options csv;
    wold_metrics_spec *spec;
} metrics_args;

/* A library error of the spec, as the command's usage error. */
static int spec_error(const wold_error *err)
{
    if (err->status == WOLD_EUSAGE)
        return cli_usage_error("metrics", "%s", err->message);
    return cli_report(err);
}

/* One metric option; 0 when argv[*i] is none. */
static int parse_metric(int argc, char **argv, int *i, metrics_args *a,
                        int *rc)
{
    const char *v = NULL;
    for (int k = 0; k < 8; k++) {
        int m = cli_opt_value(argc, argv, i, metric_opts[k], &v, "metrics");
        if (m == 0)
            continue;
        wold_error err;
        *rc = m < 0 ? 1 : 0;
        if (m > 0 && wold_metrics_spec_add(a->spec, (wold_metric_kind)k, v,
                                           &err) != WOLD_OK)
            *rc = spec_error(&err);
        return 1;
    }
    return 0;
}

/* MIN:MAX of option opt, MIN < MAX. */
static int scale_value(const char *opt, const char *v, double *lo, double *hi)
{
    const char *colon = strchr(v, ':');
    char buf[64];
    size_t len = colon != NULL ? (size_t)(colon - v) : 0;
    if (colon != NULL && len > 0 && len < sizeof buf) {
        memcpy(buf, v, len);
        buf[len] = '\0';
        char *e1 = NULL, *e2 = NULL;
        *lo = strtod(buf, &e1);
        *hi = strtod(colon + 1, &e2);
        if (*e1 == '\0' && *e2 == '\0' && colon[1] != '\0' && *lo < *hi &&
            isfinite(*lo) && isfinite(*hi))
            return 0;
    }
    return cli_usage_error("metrics", "%s: expected MIN:MAX with MIN < MAX, "
                           "got '%s'", opt, v);
}

/* --csat-scale, --ces-scale, --score-scale; 0 when argv[*i] is none. */
static int parse_scale(int argc, char **argv, int *i, metrics_args *a,
                       int *rc)
{
    static const char *const names[] = {"--csat-scale", "--ces-scale",
                                        "--score-scale"};
    static const wold_metric_kind kinds[] = {
        WOLD_METRIC_CSAT, WOLD_METRIC_CES, WOLD_METRIC_SCORE};
    const char *v = NULL;
    for (int k = 0; k < 3; k++) {
        int m = cli_opt_value(argc, argv, i, names[k], &v, "metrics");
        if (m == 0)
            continue;
        double lo = 0, hi = 0;
        wold_error err;
        *rc = m < 0 ? 1 : scale_value(names[k], v, &lo, &hi);
        if (*rc == 0 && wold_metrics_spec_scale(a->spec, kinds[k], lo, hi,
                                                &err) != WOLD_OK)
            *rc = spec_error(&err);
        return 1;
    }
    return 0;
}

static int parse_other(int argc, char **argv, int *i, metrics_args *a,
                       int *rc)
{
    static const char *const formats[] = {"text", "json", "csv"};
    const char *v = NULL;
    int m, k = 0;
    if ((m = cli_lang_option(argc, argv, i, "metrics", &a->lang, rc)))
        return m;
    if ((m = cli_opt_value(argc, argv, i, "--standard", &v, "metrics"))) {
        *rc = m < 0 ? 1 : cli_parse_double("metrics", "--standard", v,
                                           &a->standard);
    } else if ((m = cli_opt_value(argc, argv, i, "--level", &v, "metrics"))) {
        *rc = m < 0 ? 1 : cli_parse_double("metrics", "--level", v, &a->level);
        if (*rc == 0 && !(a->level > 0 && a->level < 1))
            *rc = cli_usage_error("metrics", "--level: expected a number "
                                  "between 0 and 1 (exclusive), got '%s'", v);
    } else if ((m = cli_opt_value(argc, argv, i, "--group", &v, "metrics"))) {
        *rc = m < 0;
        a->group = v;
    } else if ((m = cli_opt_value(argc, argv, i, "--weights", &v, "metrics"))) {
        *rc = m < 0;
        a->weights = v;
    } else if ((m = cli_opt_value(argc, argv, i, "--format", &v, "metrics"))) {
        *rc = m < 0 ? 1
              : cli_tables_format(v, 0, &a->tables)
                  ? 0
                  : cli_parse_choice("metrics", "--format", v, formats, 3,
                                     &k);
        a->format = (wold_format)k;
    } else if ((m = cli_opt_value(argc, argv, i, "--sep", &v, "metrics"))) {
        *rc = m < 0 ? 1 : cli_parse_sep("metrics", v, &a->csv.separator);
    } else if ((m = cli_opt_value(argc, argv, i, "-o", &v, "metrics"))) {
        *rc = m < 0;
        a->out = v;
    }
    return m;
}

static int parse_args(int argc, char **argv, metrics_args *a)
{
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        int rc = 0;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(metrics_help, stdout);
            return cli_stdout_check("metrics") ? EXIT_IO : -1;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            if (!parse_metric(argc, argv, &i, a, &rc) &&
                !parse_scale(argc, argv, &i, a, &rc) &&
                !parse_other(argc, argv, &i, a, &rc))
                rc = cli_unknown_option("metrics", argv[i], all_options,
                                        sizeof all_options /
                                            sizeof all_options[0]);
            if (rc != 0)
                return rc;
        } else if (npos++ == 0) {
            a->data = argv[i];
        } else {
            return cli_usage_error("metrics", "unexpected argument '%s'",
                                   argv[i]);
        }
    }
    if (a->data == NULL)
        return cli_usage_error("metrics", "expected DATA");
    if (cli_tables_check("metrics", a->tables, a->out) != 0)
        return EXIT_USAGE;
    wold_error err;
    if (wold_metrics_spec_settings(a->spec, a->standard, a->level, &err) !=
        WOLD_OK)
        return spec_error(&err);
    return 0;
}

static int write_report(cli_out *rep, const wold_metrics *m,
                        const metrics_args *a)
{
    char *text = NULL;
    wold_error err;
    wold_status st = wold_report_metrics(
        &text, m, cli_tables_report_format(a->tables, a->format), a->lang,
        &err);
    return cli_out_tables(rep, st, text, &err, "metrics", a->tables,
                          a->lang);
}

static int run(metrics_args *a)
{
    const cli_file in[] = {{"DATA", a->data}};
    const cli_file out[] = {{a->out != NULL ? "-o" : NULL, a->out}};
    cli_out rep;
    int rc;
    if ((rc = cli_check_files("metrics", in, 1, out, 1)) != 0 ||
        (rc = cli_out_open(&rep, a->out, "metrics")) != 0)
        return rc;
    wold_error err;
    wold_metrics *m = NULL;
    wold_status st = wold_metrics_read(&m, a->data, a->spec, a->group,
                                       a->weights, &a->csv, &err);
    if (st == WOLD_EUSAGE)
        rc = spec_error(&err);
    else
        rc = st != WOLD_OK ? cli_report(&err) : write_report(&rep, m, a);
    cli_out_abort(&rep);
    wold_metrics_free(m);
    return rc;
}

int cli_metrics(int argc, char **argv)
{
    metrics_args a;
    wold_error err;
    memset(&a, 0, sizeof a);
    a.standard = NAN;
    a.level = 0.95;
    wold_csv_options_default(&a.csv);
    if (wold_metrics_spec_alloc(&a.spec, &err) != WOLD_OK)
        return cli_report(&err);
    int rc = parse_args(argc, argv, &a);
    if (rc == 0)
        rc = run(&a);
    wold_metrics_spec_free(a.spec);
    return rc < 0 ? 0 : rc;
}
