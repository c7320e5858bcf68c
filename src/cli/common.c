/* common.c - option scanning and error printing. */
#include <errno.h>
#include <limits.h>
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

int cli_parse_sep(const char *cmd, const char *s, char *out)
{
    if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0 || strcmp(s, "\t") == 0)
        *out = '\t';
    else if (strcmp(s, ",") == 0 || strcmp(s, ";") == 0)
        *out = s[0];
    else
        return cli_usage_error(cmd, "--sep: expected ',', ';' or 'tab', got '%s'",
                               s);
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
