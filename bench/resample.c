/*
 * resample.c - wold_bench_resample: the bootstrap's hot path, the moments
 * of a resample (wold_moments_reweight), at n = 10^5 rows and p = 24
 * indicators, against the machine's floor for the same product measured
 * in the same run; then whole replicates (resample counts, reweight, a
 * fit from the full-sample weights through the fit workspace) on one and
 * on two threads.  See bench/README.md, "Resampled moments".
 *
 * Usage: wold_bench_resample [--n N] [--reps B] [--out FILE]
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cblas.h>

#include <wold/wold.h>

#include "harness.h"

/* Six LVs of four indicators: p = 24. */
static const char MODEL24[] =
    "Expectation  =~ exp1 + exp2 + exp3 + exp4\n"
    "Quality      =~ qual1 + qual2 + qual3 + qual4\n"
    "Value        =~ val1 + val2 + val3 + val4\n"
    "Satisfaction =~ sat1 + sat2 + sat3 + sat4\n"
    "Complaints   =~ comp1 + comp2 + comp3 + comp4\n"
    "Loyalty      =~ loy1 + loy2 + loy3 + loy4\n"
    "Quality      ~ 0.5*Expectation\n"
    "Value        ~ 0.2*Expectation + 0.5*Quality\n"
    "Satisfaction ~ 0.1*Expectation + 0.4*Quality + 0.3*Value\n"
    "Complaints   ~ 0.4*Satisfaction\n"
    "Loyalty      ~ 0.5*Satisfaction + 0.1*Complaints\n";

/* The resample of replicate b: n draws with replacement from rows, as
 * counts, from a stream that depends only on (seed, b). */
static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Counts into w[rows[r]], which must be zero. */
static void draw_counts(double *w, const size_t *rows,
                        size_t n, uint64_t b)
{
    uint64_t s = 42u * 0x100000001B3u + b;
    for (size_t i = 0; i < n; i++) {
        /* Lemire's multiply-shift: uniform enough for timing. */
        uint64_t r = (uint64_t)(((__uint128_t)splitmix(&s) * n) >> 64);
        w[rows[r]] += 1.0;
    }
}

typedef struct setup {
    wold_model *model;
    wold_data *data;
    wold_moments *full;
    wold_fit *fit;
    size_t n, p;
} setup;

static int make_setup(setup *su, size_t n)
{
    wold_error err;
    memset(su, 0, sizeof *su);
    if (wold_model_parse(&su->model, MODEL24, strlen(MODEL24), "model24",
                         &err) != WOLD_OK)
        return -1;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    wold_simulate_options so;
    wold_simulate_options_default(&so);
    so.n = n;
    so.seed = 42;
    so.scale_lo = 1;
    so.scale_hi = 10;
    if (f == NULL || wold_simulate_csv(su->model, &so, f, &err) != WOLD_OK)
        return -1;
    fclose(f);
    wold_status st = wold_data_parse_csv(&su->data, buf, len, "sim", su->model,
                                         NULL, &err);
    free(buf);
    if (st != WOLD_OK ||
        wold_moments_compute(&su->full, su->data, WOLD_MISSING_LISTWISE,
                             &err) != WOLD_OK)
        return -1;
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    if (wold_fit_estimate(&su->fit, su->model, su->full, &fo, &err) !=
        WOLD_OK)
        return -1;
    su->n = n;
    su->p = wold_data_n_cols(su->data);
    return 0;
}

/* The floor: cblas_dsyrk of the rows a resample keeps (1 - 1/e of them:
 * the distinct rows), gathered once, as one call and in the 256-row
 * blocks reweight uses; best of 3 runs of reps products each. */
static void dsyrk_floor(const setup *su, int reps, double *one, double *blocked)
{
    size_t k = (size_t)((1.0 - exp(-1.0)) * (double)su->n), p = su->p;
    double *x = malloc(k * p * sizeof *x), *c = malloc(p * p * sizeof *c);
    if (!x || !c)
        exit(1);
    memcpy(x, wold_data_values(su->data), k * p * sizeof *x);
    *one = *blocked = INFINITY;
    for (int run = 0; run < 3; run++) {
        double t = bh_now();
        for (int b = 0; b < reps; b++)
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)p, (int)k,
                        1.0, x, (int)p, 0.0, c, (int)p);
        t = bh_now() - t;
        *one = t < *one ? t : *one;
        t = bh_now();
        for (int b = 0; b < reps; b++)
            for (size_t r = 0; r < k; r += 256)
                cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)p,
                            (int)(k - r < 256 ? k - r : 256), 1.0,
                            x + r * p, (int)p, 1.0, c, (int)p);
        t = bh_now() - t;
        *blocked = t < *blocked ? t : *blocked;
    }
    free(x);
    free(c);
}

/* The floor of a batch: its dgemm alone, G += Z'C for chunks of 512
 * rows, q = p(p+1)/2 + p + 1 columns of products and 64 resamples, on
 * buffers already filled, for the same n and reps; best of 3. */
static double dgemm_floor(const setup *su, int reps)
{
    size_t p = su->p, q = p * (p + 1) / 2 + p + 1, k = 512, B = 64;
    double *Z = malloc(k * q * sizeof *Z), *C = malloc(k * B * sizeof *C);
    double *G = calloc(q * B, sizeof *G);
    if (!Z || !C || !G)
        exit(1);
    for (size_t i = 0; i < k * q; i++)
        Z[i] = (double)(i % 7) - 3.0;
    for (size_t i = 0; i < k * B; i++)
        C[i] = (double)(i % 3);
    size_t chunks = (su->n + k - 1) / k, batches = ((size_t)reps + B - 1) / B;
    double best = INFINITY;
    for (int run = 0; run < 3; run++) {
        double t = bh_now();
        for (size_t g = 0; g < batches; g++)
            for (size_t c = 0; c < chunks; c++)
                cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)q,
                            (int)B, (int)k, 1.0, Z, (int)q, C, (int)B, 1.0,
                            G, (int)B);
        t = bh_now() - t;
        best = t < best ? t : best;
    }
    free(Z);
    free(C);
    free(G);
    return best;
}

/* One thread's share of the replicates b = first, first + step, ... */
typedef struct job {
    const setup *su;
    int first, step, reps, fit, batch;
    double t_draw, t_reweight, t_fit;
    int failed;
    double checksum;
} job;

static void *run_job(void *arg)
{
    job *jb = arg;
    const setup *su = jb->su;
    wold_moments_work *ws = NULL;
    wold_moments *m = NULL;
    wold_fit_work *fw = NULL;
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    double *w = malloc(su->n * sizeof *w);
    if (!w || wold_moments_work_alloc(&ws, su->full, su->data, NULL) ||
        wold_moments_copy(&m, su->full, NULL) ||
        wold_fit_work_alloc(&fw, su->model, &fo, NULL)) {
        jb->failed = 1;
        return NULL;
    }
    size_t count = 0;
    const size_t *rows = wold_moments_work_rows(ws, &count);
    for (int b = jb->first; b < jb->reps; b += jb->step) {
        double t0 = bh_now();
        memset(w, 0, su->n * sizeof *w);
        draw_counts(w, rows, count, (uint64_t)b);
        double t1 = bh_now();
        if (wold_moments_reweight(m, su->data, w, ws, NULL) != WOLD_OK)
            jb->failed = 1;
        double t2 = bh_now();
        jb->t_draw += t1 - t0;
        jb->t_reweight += t2 - t1;
        jb->checksum += wold_moments_cov(m)[1];
        if (!jb->fit)
            continue;
        wold_status st = wold_fit_work_set(fw, m, wold_fit_weights(su->fit),
                                           NULL);
        int t = 0;
        while (st == WOLD_OK && t == 0) {
            st = wold_fit_work_iterate(fw, NULL);
            t = wold_fit_work_test(fw);
        }
        if (st == WOLD_OK)
            st = wold_fit_work_finish(fw, NULL);
        jb->failed |= st != WOLD_OK;
        jb->t_fit += bh_now() - t2;
        jb->checksum += wold_fit_paths(wold_fit_work_fit(fw))[1];
    }
    free(w);
    wold_fit_work_free(fw);
    wold_moments_free(m);
    wold_moments_work_free(ws);
    return NULL;
}

/* The same with the resamples' moments batch replicates at a time
 * (wold_moments_reweight_batch): thread i takes batches i, i + step, ... */
static void *run_batch_job(void *arg)
{
    job *jb = arg;
    const setup *su = jb->su;
    size_t B = (size_t)jb->batch;
    wold_moments_work *ws = NULL;
    wold_moments *m[WOLD_MOMENTS_BATCH];
    wold_fit_work *fw = NULL;
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    double *w = malloc(su->n * B * sizeof *w);
    int ok = w && !wold_moments_work_alloc(&ws, su->full, su->data, NULL) &&
             !wold_fit_work_alloc(&fw, su->model, &fo, NULL);
    for (size_t b = 0; b < B; b++)
        ok = ok && !wold_moments_copy(&m[b], su->full, NULL);
    if (!ok) {
        jb->failed = 1;
        return NULL;
    }
    size_t count = 0;
    const size_t *rows = wold_moments_work_rows(ws, &count);
    int batches = (jb->reps + jb->batch - 1) / jb->batch;
    for (int g = jb->first; g < batches; g += jb->step) {
        int b0 = g * jb->batch, nb = jb->reps - b0 < jb->batch ? jb->reps - b0
                                                               : jb->batch;
        double t0 = bh_now();
        memset(w, 0, su->n * (size_t)nb * sizeof *w);
        for (int b = 0; b < nb; b++)
            draw_counts(w + (size_t)b * su->n, rows, count,
                        (uint64_t)(b0 + b));
        double t1 = bh_now();
        if (wold_moments_reweight_batch(m, (size_t)nb, su->data, w, ws,
                                        NULL) != WOLD_OK)
            jb->failed = 1;
        double t2 = bh_now();
        jb->t_draw += t1 - t0;
        jb->t_reweight += t2 - t1;
        for (int b = 0; b < nb && jb->fit; b++) {
            wold_status st = wold_fit_work_set(fw, m[b],
                                               wold_fit_weights(su->fit), NULL);
            int t = 0;
            while (st == WOLD_OK && t == 0) {
                st = wold_fit_work_iterate(fw, NULL);
                t = wold_fit_work_test(fw);
            }
            if (st == WOLD_OK)
                st = wold_fit_work_finish(fw, NULL);
            jb->failed |= st != WOLD_OK;
            jb->checksum += wold_fit_paths(wold_fit_work_fit(fw))[1];
        }
        jb->t_fit += bh_now() - t2;
    }
    free(w);
    for (size_t b = 0; b < B; b++)
        wold_moments_free(m[b]);
    wold_fit_work_free(fw);
    wold_moments_work_free(ws);
    return NULL;
}

/* reps replicates on threads threads; returns the wall time. */
static double replicates(const setup *su, int reps, int threads, int fit,
                         int batch, job *sum)
{
    job jobs[8];
    pthread_t tid[8];
    void *(*fn)(void *) = batch > 0 ? run_batch_job : run_job;
    double t = bh_now();
    for (int i = 0; i < threads; i++) {
        jobs[i] = (job){su, i, threads, reps, fit, batch, 0, 0, 0, 0, 0};
        if (i > 0)
            pthread_create(&tid[i], NULL, fn, &jobs[i]);
    }
    fn(&jobs[0]);
    for (int i = 1; i < threads; i++)
        pthread_join(tid[i], NULL);
    t = bh_now() - t;
    memset(sum, 0, sizeof *sum);
    for (int i = 0; i < threads; i++) {
        sum->t_draw += jobs[i].t_draw;
        sum->t_reweight += jobs[i].t_reweight;
        sum->t_fit += jobs[i].t_fit;
        sum->failed |= jobs[i].failed;
        sum->checksum += jobs[i].checksum;
    }
    return t;
}

static void cpu_model(char *buf, size_t size)
{
    snprintf(buf, size, "unknown CPU");
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "model name", 10) == 0) {
            char *c = strchr(line, ':');
            if (c) {
                snprintf(buf, size, "%s", c + 2);
                buf[strcspn(buf, "\n")] = '\0';
            }
            break;
        }
    if (f)
        fclose(f);
}

int main(int argc, char **argv)
{
    size_t n = 100000;
    int reps = 1000;
    const char *out = "bench/results_resample.tsv";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--n") == 0 && i + 1 < argc)
            n = (size_t)strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            out = argv[++i];
        else {
            fprintf(stderr, "usage: wold_bench_resample [--n N] [--reps B] "
                            "[--out FILE]\n");
            return 1;
        }
    }
    if (n < 100 || reps < 1) {
        fprintf(stderr, "wold_bench_resample: --n at least 100, --reps at "
                        "least 1\n");
        return 1;
    }
    /* The replicates parallelise over threads; BLAS inside each is one
     * thread (what the bootstrap does too). */
    openblas_set_num_threads(1);
    char cpu[256];
    cpu_model(cpu, sizeof cpu);
    double load[1] = {NAN};
    FILE *lf = fopen("/proc/loadavg", "r");
    if (lf) {
        if (fscanf(lf, "%lf", &load[0]) != 1)
            load[0] = NAN;
        fclose(lf);
    }
    printf("wold_bench_resample %s, nproc %ld, %s, load average %.2f\n",
           wold_version(), sysconf(_SC_NPROCESSORS_ONLN), cpu, load[0]);
    setup su;
    if (make_setup(&su, n) != 0) {
        fprintf(stderr, "wold_bench_resample: setup failed\n");
        return 1;
    }
    bh_results res;
    if (bh_results_open(&res, out) != 0)
        return 1;
    size_t p = su.p;
    double one, blocked;
    dsyrk_floor(&su, reps, &one, &blocked);
    printf("floor, 1 thread: %d dsyrk of %.0f x %zu (the distinct rows of "
           "a resample): %.3f s as one call, %.3f s in 256-row blocks\n",
           reps, (1.0 - exp(-1.0)) * (double)n, p, one, blocked);
    bh_results_add(&res, "floor", n, p, "dsyrk_1_call", one, "s");
    bh_results_add(&res, "floor", n, p, "dsyrk_blocks", blocked, "s");
    double gemm = dgemm_floor(&su, reps);
    printf("floor, 1 thread: the batches' dgemm alone (%d resamples in "
           "batches of 64, chunks of 512 rows, %zu columns of products): "
           "%.3f s\n", reps, p * (p + 1) / 2 + p + 1, gemm);
    bh_results_add(&res, "floor", n, p, "dgemm_batches", gemm, "s");
    job sum;
    const char *how[2] = {"one at a time (reweight)",
                          "in batches of 64 (reweight_batch)"};
    for (int k = 0; k < 2; k++) {
        int batch = k ? WOLD_MOMENTS_BATCH : 0;
        double best = INFINITY, draw = 0;
        for (int run = 0; run < 3; run++) {
            replicates(&su, reps, 1, 0, batch, &sum);
            best = sum.t_reweight < best ? sum.t_reweight : best;
            draw = sum.t_draw;
        }
        printf("moments, 1 thread, %s: %d resamples %.3f s (%.2f ms each, "
               "%.2f x the one-call dsyrk floor, %.2f x the batches' dgemm); "
               "drawing the counts %.3f s\n",
               how[k], reps, best, 1e3 * best / reps, best / one, best / gemm,
               draw);
        bh_results_add(&res, "moments", n, p,
                       k ? "reweight_batch_1_thread" : "reweight_1_thread",
                       best, "s");
    }
    bh_results_add(&res, "moments", n, p, "draw_counts", sum.t_draw, "s");
    for (int k = 0; k < 2; k++)
        for (int threads = 1; threads <= 2; threads++) {
            int batch = k ? WOLD_MOMENTS_BATCH : 0;
            double wall = replicates(&su, reps, threads, 1, batch, &sum);
            printf("replicates, %d thread%s, %s: %d x (counts + moments + fit "
                   "from the full-sample weights) %.3f s wall; summed over "
                   "threads: counts %.3f s, moments %.3f s, fit %.3f s%s\n",
                   threads, threads == 1 ? "" : "s", how[k], reps, wall,
                   sum.t_draw, sum.t_reweight, sum.t_fit,
                   sum.failed ? " (FAILURES)" : "");
            char metric[64];
            snprintf(metric, sizeof metric, "replicates_%s_%d_threads",
                     k ? "batch" : "single", threads);
            bh_results_add(&res, "replicates", n, p, metric, wall, "s");
        }
    bh_results_close(&res);
    printf("results: %s\n", out);
    wold_fit_free(su.fit);
    wold_moments_free(su.full);
    wold_data_free(su.data);
    wold_model_free(su.model);
    return 0;
}
