/*
 * boot.c - the bootstrap options of "wold fit" (--boot, --seed, ...), the
 * progress bar on standard error, and the --boot-out CSV of replicates.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

void cli_boot_args_default(cli_boot_args *b)
{
    memset(b, 0, sizeof *b);
    b->cmd = "fit";
    wold_boot_options_default(&b->opt);
}

/* One bootstrap option at argv[*i]: 1 matched (then *rc is 0 or an exit
 * code), 0 not a bootstrap option. */
int cli_boot_option(int argc, char **argv, int *i, cli_boot_args *b, int *rc)
{
    static const char *const cis[] = {"percentile", "bca", "both"};
    static const char *const signs[] = {"none", "individual", "construct"};
    static const char *const fails[] = {"redraw", "drop"};
    const char *v = NULL;
    long l = 0;
    int m, k = 0;
    *rc = 0;
    if (strcmp(argv[*i], "--jackknife") == 0) {
        b->opt.jackknife = 1;
    } else if ((m = cli_opt_value(argc, argv, i, "--boot", &v, b->cmd))) {
        *rc = m < 0 ? 1 : cli_parse_long(b->cmd, "--boot", v, 1, 100000000, &l);
        b->opt.replicates = (size_t)l;
        b->boot = 1;
    } else if ((m = cli_opt_value(argc, argv, i, "--seed", &v, b->cmd))) {
        *rc = m < 0 ? 1 : cli_parse_long(b->cmd, "--seed", v, 0, 0x7fffffffL, &l);
        b->opt.seed = (uint64_t)l;
        b->given = b->given ? b->given : "--seed";
    } else if ((m = cli_opt_value(argc, argv, i, "--threads", &v, b->cmd))) {
        *rc = m < 0 ? 1 : cli_parse_long(b->cmd, "--threads", v, 0, 256, &l);
        b->opt.threads = (int)l; /* also the reader's: not --boot's alone */
    } else if ((m = cli_opt_value(argc, argv, i, "--ci", &v, b->cmd))) {
        *rc = m < 0 ? 1 : cli_parse_choice(b->cmd, "--ci", v, cis, 3, &k);
        b->opt.ci = (wold_boot_ci)(k + 1);
        b->given = b->given ? b->given : "--ci";
    } else if ((m = cli_opt_value(argc, argv, i, "--level", &v, b->cmd))) {
        *rc = m < 0 ? 1 : cli_parse_double(b->cmd, "--level", v, &b->opt.level);
        if (*rc == 0 && !(b->opt.level > 0 && b->opt.level < 1))
            *rc = cli_usage_error(b->cmd, "--level: expected a number between 0 "
                                  "and 1 (exclusive), got '%s'", v);
        b->given = b->given ? b->given : "--level";
    } else if ((m = cli_opt_value(argc, argv, i, "--sign-change", &v, b->cmd))) {
        *rc = m < 0 ? 1 : cli_parse_choice(b->cmd, "--sign-change", v, signs, 3, &k);
        b->opt.sign_change = (wold_sign_change)k;
        b->given = b->given ? b->given : "--sign-change";
    } else if ((m = cli_opt_value(argc, argv, i, "--boot-failures", &v, b->cmd))) {
        *rc = m < 0 ? 1 : cli_parse_choice(b->cmd, "--boot-failures", v, fails, 2, &k);
        b->opt.failures = (wold_boot_failures)k;
        b->given = b->given ? b->given : "--boot-failures";
    } else if ((m = cli_opt_value(argc, argv, i, "--htmt-threshold", &v, b->cmd))) {
        *rc = m < 0 ? 1 : cli_parse_double(b->cmd, "--htmt-threshold", v,
                                           &b->opt.htmt_threshold);
        if (*rc == 0 && !(b->opt.htmt_threshold > 0 &&
                          isfinite(b->opt.htmt_threshold)))
            *rc = cli_usage_error(b->cmd, "--htmt-threshold: expected a "
                                  "positive number, got '%s'", v);
        b->given = b->given ? b->given : "--htmt-threshold";
    } else if ((m = cli_opt_value(argc, argv, i, "--boot-out", &v, b->cmd))) {
        *rc = m < 0;
        b->out = v;
    } else {
        return 0;
    }
    return 1;
}

int cli_boot_finish_args(cli_boot_args *b)
{
    if (!b->boot && !b->opt.jackknife) {
        if (b->out != NULL)
            return cli_usage_error(b->cmd, "--boot-out needs --boot B");
        if (b->given != NULL)
            return cli_usage_error(b->cmd, "%s needs --boot B%s", b->given,
                                   b->no_jackknife ? "" : " (or --jackknife)");
        return 0;
    }
    if (!b->boot) {
        /* --jackknife alone: no replicates. */
        b->opt.replicates = 0;
        if (b->opt.ci != WOLD_BOOT_CI_PERCENTILE)
            return cli_usage_error(b->cmd, "--ci %s needs --boot B",
                                   b->opt.ci == WOLD_BOOT_CI_BCA ? "bca" : "both");
        if (b->out != NULL)
            return cli_usage_error(b->cmd, "--boot-out needs --boot B");
    }
    return 0;
}

/* ---- the progress bar --------------------------------------------------- */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_progress_start(cli_progress *p)
{
    memset(p, 0, sizeof *p);
    p->on = isatty(2);
    p->start = now_seconds();
}

/* Drawn only once the run has lasted a second, at most ten times a
 * second: a short run shows nothing. */
void cli_progress_update(void *user, size_t done, size_t total)
{
    cli_progress *p = user;
    if (!p->on)
        return;
    double t = now_seconds(), el = t - p->start;
    if (el < 1.0 || (t - p->last < 0.1 && done < total))
        return;
    p->last = t;
    p->drawn = 1;
    char bar[31];
    size_t fill = total ? done * 30 / total : 30;
    for (size_t k = 0; k < 30; k++)
        bar[k] = k < fill ? '#' : '.';
    bar[30] = '\0';
    double rate = el > 0 ? (double)done / el : 0.0;
    double left = rate > 0 ? (double)(total - done) / rate : 0.0;
    fprintf(stderr, "\rwold fit: bootstrap [%s] %zu/%zu  %.0f/s  %d:%02d left ",
            bar, done, total, rate, (int)left / 60, (int)left % 60);
    fflush(stderr);
}

void cli_progress_end(cli_progress *p)
{
    if (p->drawn)
        fputs("\n", stderr);
}

/* ---- --boot-out --------------------------------------------------------- */

/* A CSV field, quoted when it holds a separator, a quote or a newline. */
static void put_field(cli_out *o, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        cli_out_write(o, s, strlen(s));
        return;
    }
    cli_out_write(o, "\"", 1);
    for (const char *c = s; *c; c++) {
        if (*c == '"')
            cli_out_write(o, "\"", 1);
        cli_out_write(o, c, 1);
    }
    cli_out_write(o, "\"", 1);
}

void cli_boot_write(cli_out *o, const wold_boot *b)
{
    size_t ns = wold_boot_n_stats(b), B = wold_boot_n_replicates(b);
    const double *v = wold_boot_values(b);
    char num[40];
    cli_out_write(o, "replicate,status,draws", 22);
    for (size_t k = 0; k < ns; k++) {
        cli_out_write(o, ",", 1);
        put_field(o, wold_boot_stat_get(b, k)->label);
    }
    cli_out_write(o, "\n", 1);
    for (size_t r = 0; r < B && o->err == 0; r++) {
        int st = wold_boot_replicate_status(b, r);
        const char *status =
            st < 0 ? "ok" : wold_boot_failure_name((wold_boot_failure)st);
        int len = snprintf(num, sizeof num, "%zu,%s,%d", r + 1, status,
                           wold_boot_replicate_draws(b, r));
        cli_out_write(o, num, (size_t)len);
        for (size_t k = 0; k < ns; k++) {
            cli_out_write(o, ",", 1);
            double x = v[r * ns + k];
            if (isfinite(x)) {
                wold_format_double(x, num);
                cli_out_write(o, num, strlen(num));
            }
        }
        cli_out_write(o, "\n", 1);
    }
}
