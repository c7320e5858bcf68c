/* common.c - option scanning and error printing. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* "wold fit: " for a subcommand, "wold: " for the top level. */
static void print_prefix(const char *cmd)
{
    if (cmd != NULL)
        fprintf(stderr, "wold %s: error: ", cmd);
    else
        fputs("wold: error: ", stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    print_prefix(cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (cmd != NULL)
        fprintf(stderr, "\n(see 'wold %s --help')\n", cmd);
    else
        fputs("\n(see 'wold --help')\n", stderr);
    return EXIT_USAGE;
}

int cli_io_error(const char *cmd, const char *name, const char *why)
{
    print_prefix(cmd);
    fprintf(stderr, "%s: cannot write: %s\n", name, why);
    return EXIT_IO;
}

int cli_write_error(const char *cmd, const char *name, int errnum)
{
    return cli_io_error(cmd, name,
                        errnum != 0 ? strerror(errnum) : "write error");
}

int cli_report(const wold_error *err)
{
    char buf[4096];
    wold_error_format(err, buf, sizeof buf);
    fprintf(stderr, "%s\n", buf);
    return (int)err->status;
}

void cli_report_problem(const wold_problem *pr)
{
    char buf[4096];
    wold_problem_format(pr, buf, sizeof buf);
    fprintf(stderr, "%s\n", buf);
}

int cli_opt_value(int argc, char **argv, int *i, const char *name,
                  const char **value, const char *cmd)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *value = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        cli_usage_error(cmd, "option %s needs a value", name);
        return -1;
    }
    *value = argv[++*i];
    return 1;
}

int cli_lang_option(int argc, char **argv, int *i, const char *cmd,
                    wold_lang *lang, int *rc)
{
    static const char *const langs[] = {"en", "zh"};
    const char *v = NULL;
    int m = cli_opt_value(argc, argv, i, "--lang", &v, cmd), k = 0;
    if (m == 0)
        return 0;
    *rc = m < 0 ? 1 : cli_parse_choice(cmd, "--lang", v, langs, 2, &k);
    *lang = k == 1 ? WOLD_LANG_ZH : WOLD_LANG_EN;
    return 1;
}

int cli_any_scale(const wold_model *md)
{
    double lo, hi;
    for (size_t i = 0; i < wold_model_n_mv(md); i++)
        if (wold_model_mv_scale(md, i, &lo, &hi))
            return 1;
    return 0;
}

int cli_threads_option(int argc, char **argv, int *i, const char *cmd,
                       wold_csv_options *csv, int *rc)
{
    const char *v = NULL;
    long l = 0;
    int m = cli_opt_value(argc, argv, i, "--threads", &v, cmd);
    if (m == 0)
        return 0;
    *rc = m < 0 ? 1 : cli_parse_long(cmd, "--threads", v, 0, 256, &l);
    csv->threads = (unsigned)l;
    return 1;
}

int cli_parse_double(const char *cmd, const char *opt, const char *s,
                     double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno != 0)
        return cli_usage_error(cmd, "%s: expected a number, got '%s'", opt, s);
    *out = v;
    return 0;
}

int cli_parse_scale(const char *cmd, const char *s, cli_scale *sc)
{
    /* The ':' after the first character: MIN may be negative. */
    const char *colon = s[0] != '\0' ? strchr(s + 1, ':') : NULL;
    char *end;
    double lo = 0.0, hi = 0.0;
    int ok = colon != NULL;
    if (ok) {
        errno = 0;
        lo = strtod(s, &end);
        ok = end == colon && errno == 0;
    }
    if (ok) {
        hi = strtod(colon + 1, &end);
        ok = end != colon + 1 && *end == '\0' && errno == 0;
    }
    if (!ok || !isfinite(lo) || !isfinite(hi))
        return cli_usage_error(cmd, "--scale: expected MIN:MAX, two numbers "
                               "such as 1:10, got '%s'", s);
    if (!(lo < hi))
        return cli_usage_error(cmd, "--scale: the minimum must be below the "
                               "maximum, got '%s'", s);
    sc->set = 1;
    sc->lo = lo;
    sc->hi = hi;
    return 0;
}

wold_status cli_read_model(wold_model **model, const char *path,
                           const cli_scale *sc, wold_error *err)
{
    wold_status st = wold_model_read(model, path, err);
    if (st == WOLD_OK && sc->set)
        st = wold_model_set_default_scale(*model, sc->lo, sc->hi, err);
    if (st != WOLD_OK) {
        wold_model_free(*model);
        *model = NULL;
    }
    return st;
}

wold_status cli_read_sums(wold_sums **out, const char *path,
                          const wold_model *model, const wold_csv_options *csv,
                          const wold_sums_options *sopt, wold_error *err)
{
    *out = NULL;
    if (wold_data_sniff(path) == WOLD_DATA_CSV)
        return wold_sums_read_csv(out, path, model, csv, sopt, err);
    /* A statistical file has no text to stream: read its rows, then sum
     * them, with the group column as the one label column. */
    wold_csv_options o;
    if (csv != NULL)
        o = *csv;
    else
        wold_csv_options_default(&o);
    const char *group = sopt != NULL ? sopt->group : NULL;
    o.labels = group != NULL ? &group : NULL;
    o.n_labels = group != NULL;
    wold_data *data = NULL;
    wold_status st = wold_data_read_stat(&data, path, model, &o, err);
    if (st == WOLD_OK)
        st = wold_sums_from_data(out, data, group != NULL ? 0 : (size_t)-1,
                                 o.threads, err);
    wold_data_free(data);
    return st;
}

int cli_parse_sep(const char *cmd, const char *s, char *out)
{
    if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0 || strcmp(s, "\t") == 0)
        *out = '\t';
    else if (strcmp(s, ",") == 0 || strcmp(s, ";") == 0)
        *out = s[0];
    else if (strcmp(s, "tabs") == 0 || cli_edit_distance(s, "tab") == 1)
        return cli_usage_error(cmd, "--sep: expected ',', ';' or 'tab', got "
                               "'%s'; did you mean 'tab'?", s);
    else
        return cli_usage_error(cmd, "--sep: expected ',', ';' or 'tab', got '%s'",
                               s);
    return 0;
}

int cli_parse_weights(const char *cmd, const char *s, wold_csv_options *csv)
{
    if (s[0] == '\0')
        return cli_usage_error(cmd, "--weights: expected the name of a "
                               "column of DATA, got ''");
    if (csv->weights != NULL)
        return cli_usage_error(cmd, "--weights given twice ('%s' and '%s'): "
                               "the data have one weight column",
                               csv->weights, s);
    csv->weights = s;
    return 0;
}

int cli_parse_long(const char *cmd, const char *opt, const char *s, long lo,
                   long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno != 0 || v < lo || v > hi)
        return cli_usage_error(cmd,
                               "%s: expected an integer from %ld to %ld, got '%s'",
                               opt, lo, hi, s);
    *out = v;
    return 0;
}

/* "a, b or c" into buf. */
static const char *list_names(char *buf, size_t size, const char *const *names,
                              size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < n && used < size; k++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s",
                                 k == 0 ? "" : k + 1 < n ? ", " : " or ",
                                 names[k]);
    return buf;
}

int cli_unknown_option(const char *cmd, const char *arg,
                       const char *const *names, size_t n)
{
    char name[128];
    size_t len = strcspn(arg, "=");
    snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name ? len : sizeof name - 1), arg);
    const char *close = cli_closest(name, names, n);
    if (close != NULL)
        return cli_usage_error(cmd, "unknown option '%s'; did you mean '%s'?",
                               name, close);
    return cli_usage_error(cmd, "unknown option '%s'", name);
}

int cli_bad_choice(const char *cmd, const char *opt, const char *v,
                   const char *const *names, size_t n)
{
    char list[512];
    const char *close = cli_closest(v, names, n);
    list_names(list, sizeof list, names, n);
    if (close != NULL)
        return cli_usage_error(cmd, "%s: unknown value '%s' (expected %s); "
                               "did you mean '%s'?", opt, v, list, close);
    return cli_usage_error(cmd, "%s: unknown value '%s' (expected %s)", opt, v,
                           list);
}

int cli_parse_choice(const char *cmd, const char *opt, const char *v,
                     const char *const *names, size_t n, int *out)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(v, names[k]) == 0) {
            *out = (int)k;
            return 0;
        }
    return cli_bad_choice(cmd, opt, v, names, n);
}

int cli_scan_args(int argc, char **argv, const char *cmd, const char *help,
                  cli_option_fn option, void *user, const char **model,
                  const char **data)
{
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(help, stdout);
            return cli_stdout_check(cmd) ? EXIT_IO : -1;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            int rc = option(argc, argv, &i, user);
            if (rc != 0)
                return rc;
        } else if (npos++ == 0) {
            *model = argv[i];
        } else if (npos == 2) {
            *data = argv[i];
        } else {
            return cli_usage_error(cmd, "unexpected argument '%s'", argv[i]);
        }
    }
    if (*data == NULL)
        return cli_usage_error(cmd, "expected MODEL and DATA");
    return 0;
}

int cli_fit_option(int argc, char **argv, int *i, const char *cmd,
                   wold_fit_options *opt, int *tol_set, int *iter_set,
                   int *rc)
{
    static const char *const schemes[] = {"path", "centroid", "factorial"};
    const char *v = NULL;
    int m, k = 0;
    long l = 0;
    if ((m = cli_opt_value(argc, argv, i, "--scheme", &v, cmd))) {
        *rc = m < 0 ? 1 : cli_parse_choice(cmd, "--scheme", v, schemes, 3, &k);
        opt->scheme = (wold_scheme)k;
    } else if ((m = cli_opt_value(argc, argv, i, "--tol", &v, cmd))) {
        *rc = m < 0 ? 1 : cli_parse_double(cmd, "--tol", v, &opt->tol);
        if (*rc == 0 && !(opt->tol > 0 && isfinite(opt->tol)))
            *rc = cli_usage_error(cmd, "--tol: expected a positive number, "
                                  "got '%s'", v);
        if (tol_set != NULL)
            *tol_set = 1;
    } else if ((m = cli_opt_value(argc, argv, i, "--max-iter", &v, cmd))) {
        *rc = m < 0 ? 1 : cli_parse_long(cmd, "--max-iter", v, 1, 1000000, &l);
        opt->max_iter = (int)l;
        if (iter_set != NULL)
            *iter_set = 1;
    }
    return m != 0;
}

void cli_hoc_last_stage(const wold_hoc *hoc, wold_moments **mo,
                        wold_fit **fit)
{
    size_t last = wold_hoc_n_stages(hoc) - 1;
    *fit = (wold_fit *)wold_hoc_stage_fit(hoc, last);
    *mo = (wold_moments *)wold_hoc_stage_moments(hoc, last);
}

int cli_endogenous(const wold_model *md, size_t lv)
{
    for (size_t k = 0; k < wold_model_n_lv(md); k++)
        if (wold_model_has_path(md, k, lv))
            return 1;
    return 0;
}
