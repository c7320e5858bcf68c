/*
 * bench.c - wold_bench: the cost of a fit on large simulated panels
 * (CSV ingest, moments, the iteration, peak memory), the machine's own
 * limits measured in the same run (BLAS GFLOP/s, memory bandwidth), and
 * the per-fit time of the 250-row satisfaction model.  See
 * bench/README.md for the columns and the targets.
 *
 * Usage: wold_bench [--max N] [--big] [--out FILE] [--project DIR]
 *                   [--tmp DIR] [--fits K] [--keep] [--no-machine]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cblas.h>

#include <wold/wold.h>

#include "harness.h"

/* An ACSI-like model: six LVs, five indicators each (p = 30), loadings
 * 0.8 (the simulation default) and moderate paths. */
static const char ACSI_LIKE[] =
    "Expectation  =~ exp1 + exp2 + exp3 + exp4 + exp5\n"
    "Quality      =~ qual1 + qual2 + qual3 + qual4 + qual5\n"
    "Value        =~ val1 + val2 + val3 + val4 + val5\n"
    "Satisfaction =~ sat1 + sat2 + sat3 + sat4 + sat5\n"
    "Complaints   =~ comp1 + comp2 + comp3 + comp4 + comp5\n"
    "Loyalty      =~ loy1 + loy2 + loy3 + loy4 + loy5\n"
    "Quality      ~ 0.5*Expectation\n"
    "Value        ~ 0.2*Expectation + 0.5*Quality\n"
    "Satisfaction ~ 0.1*Expectation + 0.4*Quality + 0.3*Value\n"
    "Complaints   ~ 0.4*Satisfaction\n"
    "Loyalty      ~ 0.5*Satisfaction + 0.1*Complaints\n";
#define ACSI_P 30

typedef struct bench_opts {
    size_t max_n;
    const char *out;
    const char *project;
    const char *tmp;
    int fits;
    int keep;
    int machine;
} bench_opts;

static void say_error(const char *what, const wold_error *err)
{
    char buf[2048];
    wold_error_format(err, buf, sizeof buf);
    fprintf(stderr, "wold_bench: %s: %s\n", what, buf);
}

/* ---------------------------------------------------------------------
 * The machine's limits
 * --------------------------------------------------------------------- */

enum { M_DGEMM, M_DSYRK, M_BW, M_COUNT };
#define DGEMM_N 2000
#define DSYRK_N 1000000
#define BW_BYTES (1u << 30)

static double best_dgemm(void)
{
    size_t n = DGEMM_N;
    double *a = malloc(n * n * sizeof *a), *b = malloc(n * n * sizeof *b);
    double *c = malloc(n * n * sizeof *c);
    if (!a || !b || !c)
        return NAN;
    for (size_t i = 0; i < n * n; i++) {
        a[i] = (double)(i % 7) - 3.0;
        b[i] = (double)(i % 5) - 2.0;
    }
    double best = INFINITY;
    for (int rep = 0; rep < 3; rep++) {
        double t = bh_now();
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n,
                    (int)n, (int)n, 1.0, a, (int)n, b, (int)n, 0.0, c,
                    (int)n);
        t = bh_now() - t;
        best = t < best ? t : best;
    }
    free(a);
    free(b);
    free(c);
    return 2.0 * (double)n * (double)n * (double)n / best / 1e9;
}

/* The kernel of the moments: C = X'X for a tall n x 30 X. */
static double best_dsyrk(void)
{
    size_t n = DSYRK_N, p = ACSI_P;
    double *x = malloc(n * p * sizeof *x), *c = malloc(p * p * sizeof *c);
    if (!x || !c)
        return NAN;
    for (size_t i = 0; i < n * p; i++)
        x[i] = (double)(i % 10);
    double best = INFINITY;
    for (int rep = 0; rep < 3; rep++) {
        double t = bh_now();
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)p, (int)n,
                    1.0, x, (int)p, 0.0, c, (int)p);
        t = bh_now() - t;
        best = t < best ? t : best;
    }
    free(x);
    free(c);
    return (double)n * (double)p * (double)(p + 1) / best / 1e9;
}

/* One thread streaming through 1 GB: the rate any single pass over data
 * already in memory can reach. */
static double best_bandwidth(void)
{
    size_t n = BW_BYTES / sizeof(double);
    double *x = malloc(n * sizeof *x);
    if (x == NULL)
        return NAN;
    for (size_t i = 0; i < n; i++)
        x[i] = (double)(i & 15);
    double best = INFINITY, sink = 0;
    for (int rep = 0; rep < 3; rep++) {
        double s[8] = {0};
        double t = bh_now();
        for (size_t i = 0; i < n; i += 8)
            for (int k = 0; k < 8; k++)
                s[k] += x[i + (size_t)k];
        t = bh_now() - t;
        best = t < best ? t : best;
        for (int k = 0; k < 8; k++)
            sink += s[k];
    }
    free(x);
    if (sink != 7.5 * 3 * (double)n) /* keeps the loop from being elided */
        fprintf(stderr, "wold_bench: bandwidth checksum %g\n", sink);
    return (double)BW_BYTES / best / 1e9;
}

static int machine_child(void *arg, double *out)
{
    (void)arg;
    out[M_DGEMM] = best_dgemm();
    out[M_DSYRK] = best_dsyrk();
    out[M_BW] = best_bandwidth();
    return 0;
}

/* ---------------------------------------------------------------------
 * One panel size: simulate, then read + moments + fit
 * --------------------------------------------------------------------- */

enum {
    S_MB, S_SIM, S_INGEST, S_MOMENTS, S_FIT, S_ITER, S_TOTAL, S_RSS,
    S_COUNT
};

typedef struct size_arg {
    size_t n;
    const bench_opts *opt;
} size_arg;

static int write_panel(const wold_model *m, size_t n, const char *path,
                       double *seconds)
{
    wold_simulate_options so;
    wold_simulate_options_default(&so);
    so.n = n;
    so.seed = 42;
    so.scale_lo = 1;
    so.scale_hi = 10;
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        return -1;
    }
    wold_error err;
    double t = bh_now();
    wold_status st = wold_simulate_csv(m, &so, f, &err);
    if (fclose(f) != 0 && st == WOLD_OK) {
        perror(path);
        return -1;
    }
    *seconds = bh_now() - t;
    if (st != WOLD_OK) {
        say_error("simulate", &err);
        return -1;
    }
    return 0;
}

/* read + moments + fit once; the parts' times go to t[0..2]. */
static int pipeline(const wold_model *m, const char *path, double t[3],
                    int *iterations)
{
    wold_csv_options co;
    wold_csv_options_default(&co);
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    wold_data *d = NULL;
    wold_moments *mo = NULL;
    wold_fit *fit = NULL;
    wold_error err;
    double t0 = bh_now();
    wold_status st = wold_data_read_csv(&d, path, m, &co, &err);
    double t1 = bh_now();
    if (st == WOLD_OK)
        st = wold_moments_compute(&mo, d, WOLD_MISSING_LISTWISE, &err);
    double t2 = bh_now();
    if (st == WOLD_OK)
        st = wold_fit_estimate(&fit, m, mo, &fo, &err);
    double t3 = bh_now();
    if (st != WOLD_OK)
        say_error(path, &err);
    else
        *iterations = wold_fit_iterations(fit);
    t[0] = t1 - t0;
    t[1] = t2 - t1;
    t[2] = t3 - t2;
    wold_fit_free(fit);
    wold_moments_free(mo);
    wold_data_free(d);
    return st == WOLD_OK ? 0 : -1;
}

static int size_child(void *arg, double *out)
{
    const size_arg *a = arg;
    wold_model *m = NULL;
    wold_error err;
    if (wold_model_parse(&m, ACSI_LIKE, sizeof ACSI_LIKE - 1, "acsi-like",
                         &err) != WOLD_OK) {
        say_error("model", &err);
        return -1;
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/wold-bench-%zu.csv", a->opt->tmp, a->n);
    int rc = write_panel(m, a->n, path, &out[S_SIM]);
    struct stat sb;
    if (rc == 0 && stat(path, &sb) == 0)
        out[S_MB] = (double)sb.st_size / 1e6;
    /* Best of several runs where a run is cheap; the file is in the page
     * cache after writing, so this measures parsing, not the disk. */
    int reps = a->n <= 100000 ? 5 : a->n <= 1000000 ? 3 : 1;
    out[S_INGEST] = out[S_MOMENTS] = out[S_FIT] = out[S_TOTAL] = INFINITY;
    for (int r = 0; r < reps && rc == 0; r++) {
        double t[3];
        int it = 0;
        rc = pipeline(m, path, t, &it);
        out[S_ITER] = it;
        out[S_INGEST] = fmin(out[S_INGEST], t[0]);
        out[S_MOMENTS] = fmin(out[S_MOMENTS], t[1]);
        out[S_FIT] = fmin(out[S_FIT], t[2]);
        out[S_TOTAL] = fmin(out[S_TOTAL], t[0] + t[1] + t[2]);
    }
    out[S_RSS] = bh_peak_rss_mb();
    if (!a->opt->keep)
        remove(path);
    wold_model_free(m);
    return rc;
}

/* ---------------------------------------------------------------------
 * The 250-row satisfaction model: the cost of one fit after parsing
 * --------------------------------------------------------------------- */

enum { F_US, F_ITER, F_ROWS, F_COUNT };

static int satisfaction_child(void *arg, double *out)
{
    const bench_opts *o = arg;
    char model_path[1024], data_path[1024];
    snprintf(model_path, sizeof model_path, "%s/models/satisfaction.wold",
             o->project);
    snprintf(data_path, sizeof data_path,
             "%s/../shared/datasets/satisfaction.csv", o->project);
    wold_model *m = NULL;
    wold_data *d = NULL;
    wold_moments *mo = NULL;
    wold_fit *fit = NULL;
    wold_error err;
    wold_csv_options co;
    wold_csv_options_default(&co);
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    wold_status st = wold_model_read(&m, model_path, &err);
    if (st == WOLD_OK)
        st = wold_data_read_csv(&d, data_path, m, &co, &err);
    if (st == WOLD_OK)
        st = wold_moments_compute(&mo, d, WOLD_MISSING_LISTWISE, &err);
    if (st == WOLD_OK) /* warm-up, and the iteration count */
        st = wold_fit_estimate(&fit, m, mo, &fo, &err);
    if (st == WOLD_OK) {
        out[F_ITER] = wold_fit_iterations(fit);
        out[F_ROWS] = (double)wold_data_n_rows(d);
        wold_fit_free(fit);
        fit = NULL;
        double t = bh_now();
        for (int k = 0; k < o->fits && st == WOLD_OK; k++) {
            st = wold_fit_estimate(&fit, m, mo, &fo, &err);
            wold_fit_free(fit);
            fit = NULL;
        }
        out[F_US] = (bh_now() - t) / o->fits * 1e6;
    }
    if (st != WOLD_OK)
        say_error("satisfaction", &err);
    wold_moments_free(mo);
    wold_data_free(d);
    wold_model_free(m);
    return st == WOLD_OK ? 0 : -1;
}

/* ---------------------------------------------------------------------
 * The run
 * --------------------------------------------------------------------- */

static void cpu_model(char *buf, size_t size)
{
    snprintf(buf, size, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f == NULL)
        return;
    char line[512];
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "model name", 10) == 0) {
            const char *c = strchr(line, ':');
            if (c != NULL) {
                c++;
                while (*c == ' ')
                    c++;
                snprintf(buf, size, "%s", c);
                buf[strcspn(buf, "\n")] = '\0';
            }
            break;
        }
    }
    fclose(f);
}

/* The 1-minute load average: other work on the machine skews timings. */
static double load_average(void)
{
    double l = NAN;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f != NULL) {
        if (fscanf(f, "%lf", &l) != 1)
            l = NAN;
        fclose(f);
    }
    return l;
}

static int usage(void)
{
    fprintf(stderr,
            "usage: wold_bench [--max N] [--big] [--out FILE] "
            "[--project DIR] [--tmp DIR] [--fits K] [--keep] "
            "[--no-machine]\n"
            "  --max N       largest panel, a power of ten from 10^4 "
            "(default 10^6)\n"
            "  --big         also 10^7 rows (writes a ~600 MB file)\n"
            "  --out FILE    results as TSV (default "
            "PROJECT/bench/results.tsv)\n"
            "  --project DIR the source tree, for models/ and ../shared "
            "(default: where bench.c was compiled from)\n"
            "  --tmp DIR     where the panels are written (default /tmp)\n"
            "  --fits K      fits timed on the satisfaction model "
            "(default 1000)\n"
            "  --keep        keep the panels\n"
            "  --no-machine  skip the BLAS and bandwidth measurements\n");
    return 1;
}

/* The project directory: two levels above this source file. */
static void default_project(char *buf, size_t size)
{
    snprintf(buf, size, "%s", __FILE__);
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(buf, '/');
        if (slash == NULL) {
            snprintf(buf, size, ".");
            return;
        }
        *slash = '\0';
    }
}

static int parse_args(int argc, char **argv, bench_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (strcmp(a, "--max") == 0 && more) {
            double v = strtod(argv[++i], NULL);
            if (!(v >= 1e4 && v <= 1e7))
                return usage();
            o->max_n = (size_t)v;
        } else if (strcmp(a, "--big") == 0) {
            o->max_n = 10000000;
        } else if (strcmp(a, "--out") == 0 && more) {
            o->out = argv[++i];
        } else if (strcmp(a, "--project") == 0 && more) {
            o->project = argv[++i];
        } else if (strcmp(a, "--tmp") == 0 && more) {
            o->tmp = argv[++i];
        } else if (strcmp(a, "--fits") == 0 && more) {
            o->fits = atoi(argv[++i]);
            if (o->fits < 1)
                return usage();
        } else if (strcmp(a, "--keep") == 0) {
            o->keep = 1;
        } else if (strcmp(a, "--no-machine") == 0) {
            o->machine = 0;
        } else {
            return usage();
        }
    }
    return 0;
}

static void run_sizes(const bench_opts *o, bh_results *res, double bw)
{
    printf("\n%10s %4s %9s %9s %9s %9s %6s %9s %8s %5s %8s %9s\n", "rows",
           "p", "file MB", "simul s", "ingest s", "MB/s", "%bw",
           "moments s", "fit s", "iter", "total s", "peak MB");
    for (size_t n = 10000; n <= o->max_n; n *= 10) {
        size_arg a = {n, o};
        double r[S_COUNT];
        if (bh_in_child(size_child, &a, r, S_COUNT) != 0) {
            printf("%10zu  failed (see the message above)\n", n);
            continue;
        }
        double mbs = r[S_MB] / r[S_INGEST];
        double frac = 100.0 * mbs / (bw * 1e3);
        char pct[16] = "     -"; /* bandwidth not measured */
        if (!isnan(frac))
            snprintf(pct, sizeof pct, "%5.1f%%", frac);
        printf("%10zu %4d %9.1f %9.3f %9.4f %9.0f %6s %9.4f %8.5f "
               "%5.0f %8.4f %9.0f\n",
               n, ACSI_P, r[S_MB], r[S_SIM], r[S_INGEST], mbs, pct,
               r[S_MOMENTS], r[S_FIT], r[S_ITER], r[S_TOTAL], r[S_RSS]);
        fflush(stdout);
        static const char *const names[S_COUNT] = {
            "file_size", "simulate", "ingest", "moments", "fit",
            "iterations", "total", "peak_rss"};
        static const char *const units[S_COUNT] = {
            "MB", "s", "s", "s", "s", "count", "s", "MB"};
        for (int k = 0; k < S_COUNT; k++)
            bh_results_add(res, "panel", n, ACSI_P, names[k], r[k],
                           units[k]);
        bh_results_add(res, "panel", n, ACSI_P, "ingest_rate", mbs, "MB/s");
        bh_results_add(res, "panel", n, ACSI_P, "ingest_of_bandwidth",
                       frac / 100.0, "fraction");
    }
}

static void run_satisfaction(const bench_opts *o, bh_results *res)
{
    char model_path[1024], data_path[1024];
    snprintf(model_path, sizeof model_path, "%s/models/satisfaction.wold",
             o->project);
    snprintf(data_path, sizeof data_path,
             "%s/../shared/datasets/satisfaction.csv", o->project);
    printf("\nsatisfaction model (%d fits after parsing): ", o->fits);
    if (access(data_path, R_OK) != 0 || access(model_path, R_OK) != 0) {
        printf("SKIPPED: %s is absent\n",
               access(data_path, R_OK) != 0 ? data_path : model_path);
        return;
    }
    double r[F_COUNT];
    if (bh_in_child(satisfaction_child, (void *)o, r, F_COUNT) != 0) {
        printf("failed (see the message above)\n");
        return;
    }
    printf("%.1f us per fit (%.0f rows, %.0f iterations)\n", r[F_US],
           r[F_ROWS], r[F_ITER]);
    bh_results_add(res, "satisfaction", (size_t)r[F_ROWS], 0, "fit",
                   r[F_US], "us");
    bh_results_add(res, "satisfaction", (size_t)r[F_ROWS], 0, "iterations",
                   r[F_ITER], "count");
}

int main(int argc, char **argv)
{
    char project[1024], out_default[1200], cpu[256], date[64];
    default_project(project, sizeof project);
    bench_opts o = {1000000, NULL, project, "/tmp", 1000, 0, 1};
    if (parse_args(argc, argv, &o) != 0)
        return 1;
    if (o.out == NULL) {
        snprintf(out_default, sizeof out_default, "%s/bench/results.tsv",
                 o.project);
        o.out = out_default;
    }
    bh_results res;
    if (bh_results_open(&res, o.out) != 0)
        return 1;
    cpu_model(cpu, sizeof cpu);
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&now));
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    double load = load_average();
    printf("wold_bench %s, %s, nproc %ld, %s, load average %.2f\n",
           wold_version(), date, ncpu, cpu, load);
    bh_results_add(&res, "machine", 0, 0, "nproc", (double)ncpu, "count");
    bh_results_add(&res, "machine", 0, 0, "load_average", load, "count");

    double m[M_COUNT] = {NAN, NAN, NAN};
    if (o.machine) {
        if (bh_in_child(machine_child, NULL, m, M_COUNT) != 0)
            printf("machine measurements failed\n");
        printf("machine: dgemm %dx%d %.1f GFLOP/s; dsyrk %dx%d %.1f "
               "GFLOP/s; read bandwidth (1 thread, 1 GB) %.1f GB/s\n",
               DGEMM_N, DGEMM_N, m[M_DGEMM], DSYRK_N, ACSI_P, m[M_DSYRK],
               m[M_BW]);
        bh_results_add(&res, "machine", DGEMM_N, DGEMM_N, "dgemm",
                       m[M_DGEMM], "GFLOP/s");
        bh_results_add(&res, "machine", DSYRK_N, ACSI_P, "dsyrk",
                       m[M_DSYRK], "GFLOP/s");
        bh_results_add(&res, "machine", BW_BYTES, 0, "read_bandwidth",
                       m[M_BW], "GB/s");
    }
    run_sizes(&o, &res, m[M_BW]);
    run_satisfaction(&o, &res);
    bh_results_close(&res);
    printf("\nresults: %s\n", o.out);
    return 0;
}
