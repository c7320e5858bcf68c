/*
 * reader.c - wold_bench_reader: the CSV reader alone, and the machine's
 * limits over the same bytes.
 *
 *     wold_bench_reader FILE [--threads N] [--runs K]
 *
 * Prints one line per measurement: the best of K runs (default 5) of
 * wold_data_read_csv without a model (every column read), wall clock and
 * CPU time of all threads (each the least of the K), then memchr
 * for a byte that never occurs and memcpy over the file's bytes in
 * memory (one thread each): what any single pass over the page-cached
 * file can reach.  Rates are in GB/s (10^9 bytes).  With --model M, also
 * the streaming reader that `wold fit` uses (wold_sums_read_csv over the
 * model's columns: no n x p matrix, so no pages to fault in).  Built with
 * fast_float, also fast_float's from_chars over every cell on one thread
 * (bench/ceiling.cc): the rate of the state of the art's conversion
 * alone, per core, for comparison.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <wold/wold.h>

#include "harness.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n > 0 ? malloc((size_t)n) : NULL;
    if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = buf != NULL ? (size_t)n : 0;
    return buf;
}

/* CPU seconds of the process, all threads: what a run costs whatever
 * else the machine is doing. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double time_read(const char *path, unsigned threads, int runs,
                        size_t *n, size_t *p, double *cpu)
{
    double best = 1e30;
    *cpu = 1e30;
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.threads = threads;
    for (int r = 0; r < runs; r++) {
        wold_data *d = NULL;
        wold_error err;
        double t0 = bh_now(), c0 = cpu_now();
        if (wold_data_read_csv(&d, path, NULL, &opt, &err) != WOLD_OK) {
            fprintf(stderr, "wold_bench_reader: %s\n", err.message);
            exit(1);
        }
        double t = bh_now() - t0, c = cpu_now() - c0;
        if (c < *cpu)
            *cpu = c;
        *n = wold_data_n_rows(d);
        *p = wold_data_n_cols(d);
        wold_data_free(d);
        if (t < best)
            best = t;
    }
    return best;
}

static double time_sums(const char *path, const char *model_path,
                         unsigned threads, int runs, double *cpu)
{
    wold_model *md = NULL;
    wold_error err;
    if (wold_model_read(&md, model_path, &err) != WOLD_OK) {
        fprintf(stderr, "wold_bench_reader: %s\n", err.message);
        exit(1);
    }
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.threads = threads;
    double best = 1e30;
    *cpu = 1e30;
    for (int r = 0; r < runs; r++) {
        wold_sums *s = NULL;
        double t0 = bh_now(), c0 = cpu_now();
        if (wold_sums_read_csv(&s, path, md, &opt, NULL, &err) != WOLD_OK) {
            fprintf(stderr, "wold_bench_reader: %s\n", err.message);
            exit(1);
        }
        double t = bh_now() - t0, c = cpu_now() - c0;
        wold_sums_free(s);
        if (c < *cpu)
            *cpu = c;
        if (t < best)
            best = t;
    }
    wold_model_free(md);
    return best;
}

#ifdef WOLD_BENCH_FAST_FLOAT
double wold_bench_fast_float(const char *buf, size_t len, int runs,
                             size_t *cells, double *checksum);
#endif

static double time_memchr(const char *buf, size_t len, int runs)
{
    double best = 1e30;
    for (int r = 0; r < runs; r++) {
        double t0 = bh_now();
        const void *hit = memchr(buf, '\x01', len);
        double t = bh_now() - t0;
        if (hit != NULL)
            fprintf(stderr, "(a \\x01 byte in the file)\n");
        if (t < best)
            best = t;
    }
    return best;
}

static double time_memcpy(const char *buf, size_t len, int runs)
{
    char *dst = malloc(len);
    if (dst == NULL)
        return -1;
    memset(dst, 0, len); /* fault the pages in before timing */
    double best = 1e30;
    for (int r = 0; r < runs; r++) {
        double t0 = bh_now();
        memcpy(dst, buf, len);
        double t = bh_now() - t0;
        if (t < best)
            best = t;
    }
    volatile char sink = dst[len / 2];
    (void)sink;
    free(dst);
    return best;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: wold_bench_reader FILE [--threads N] "
                        "[--runs K] [--model M]\n");
        return 2;
    }
    unsigned threads = 0;
    int runs = 5;
    const char *model = NULL;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--threads") == 0)
            threads = (unsigned)atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--runs") == 0)
            runs = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--model") == 0)
            model = argv[i + 1];
    }
    size_t len = 0, n = 0, p = 0;
    char *buf = slurp(argv[1], &len);
    if (buf == NULL) {
        fprintf(stderr, "wold_bench_reader: cannot read %s\n", argv[1]);
        return 1;
    }
    double gb = (double)len / 1e9;
    double cpu;
    double t = time_read(argv[1], threads, runs, &n, &p, &cpu);
    printf("parse\t%s\t%zu x %zu\t%.1f MB\t%.4f s\t%.2f GB/s\t"
           "cpu %.4f s\tthreads %u\n",
           argv[1], n, p, (double)len / 1e6, t, gb / t, cpu, threads);
    if (model != NULL) {
        double ts = time_sums(argv[1], model, threads, runs, &cpu);
        printf("stream\t%s\t%.4f s\t%.2f GB/s\tcpu %.4f s\tthreads %u\n",
               argv[1], ts, gb / ts, cpu, threads);
    }
#ifdef WOLD_BENCH_FAST_FLOAT
    size_t cells = 0;
    double sum = 0;
    double tf = wold_bench_fast_float(buf, len, runs, &cells, &sum);
    printf("fast_float\t%.4f s\t%.2f GB/s\t%zu cells\t%.2f ns/cell\t"
           "threads 1\n",
           tf, gb / tf, cells, tf / (double)(cells ? cells : 1) * 1e9);
#endif
    double tc = time_memchr(buf, len, runs);
    printf("memchr\t%.4f s\t%.2f GB/s\n", tc, gb / tc);
    double tm = time_memcpy(buf, len, runs);
    printf("memcpy\t%.4f s\t%.2f GB/s\n", tm, gb / tm);
    free(buf);
    return 0;
}
