/* common.c - option scanning, error printing and safe output files. */
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

int cli_write_error(const char *cmd, const char *name, int errnum)
{
    print_prefix(cmd);
    fprintf(stderr, "%s: cannot write: %s\n", name,
            errnum != 0 ? strerror(errnum) : "write error");
    return EXIT_IO;
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

/* mkstemp makes the file 0600; the result should get the mode of the
 * file it replaces, or what a plain fopen would give under the umask. */
static mode_t target_mode(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return st.st_mode & 07777;
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

int cli_out_open(cli_out *o, const char *path, const char *cmd)
{
    memset(o, 0, sizeof *o);
    o->path = path;
    if (path == NULL || strcmp(path, "-") == 0) {
        o->f = stdout;
        return 0;
    }
    snprintf(o->tmp, sizeof o->tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd >= 0)
        fchmod(fd, target_mode(path));
    if (fd < 0 || (o->f = fdopen(fd, "w")) == NULL) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        return cli_write_error(cmd, path, e);
    }
    return 0;
}

int cli_stdout_check(const char *cmd)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    int e = errno;
    clearerr(stdout);
    return cli_write_error(cmd, "<stdout>", e);
}

int cli_out_commit(cli_out *o, const char *cmd)
{
    if (o->f == stdout)
        return cli_stdout_check(cmd);
    int bad = ferror(o->f) | fclose(o->f);
    o->f = NULL;
    if (bad || rename(o->tmp, o->path) != 0) {
        int e = errno;
        unlink(o->tmp);
        return cli_write_error(cmd, o->path, e);
    }
    return 0;
}

void cli_out_abort(cli_out *o)
{
    if (o->f != NULL && o->f != stdout) {
        fclose(o->f);
        unlink(o->tmp);
    }
    o->f = NULL;
}
