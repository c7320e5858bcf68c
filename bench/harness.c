/* harness.c - the timing harness of the benchmark programs. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

double bh_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double bh_peak_rss_mb(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return NAN;
    return (double)ru.ru_maxrss / 1024.0; /* Linux reports kilobytes */
}

int bh_in_child(bh_child_fn fn, void *arg, double *out, size_t n_out)
{
    for (size_t i = 0; i < n_out; i++)
        out[i] = NAN;
    int fd[2];
    if (pipe(fd) != 0) {
        perror("wold_bench: pipe");
        return -1;
    }
    fflush(NULL); /* the child must not repeat buffered output */
    pid_t pid = fork();
    if (pid < 0) {
        perror("wold_bench: fork");
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        close(fd[0]);
        int rc = fn(arg, out);
        size_t len = n_out * sizeof *out, done = 0;
        while (done < len) {
            ssize_t w = write(fd[1], (const char *)out + done, len - done);
            if (w <= 0)
                _exit(2);
            done += (size_t)w;
        }
        fflush(NULL);
        _exit(rc == 0 ? 0 : 1);
    }
    close(fd[1]);
    size_t len = n_out * sizeof *out, done = 0;
    double *tmp = malloc(len ? len : 1);
    while (tmp != NULL && done < len) {
        ssize_t r = read(fd[0], (char *)tmp + done, len - done);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        done += (size_t)r;
    }
    close(fd[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    int ok = tmp != NULL && done == len && WIFEXITED(status) &&
             WEXITSTATUS(status) == 0;
    if (ok)
        memcpy(out, tmp, len);
    free(tmp);
    return ok ? 0 : -1;
}

int bh_results_open(bh_results *r, const char *path)
{
    r->f = fopen(path, "w");
    if (r->f == NULL) {
        fprintf(stderr, "wold_bench: cannot write %s: %s\n", path,
                strerror(errno));
        return -1;
    }
    fprintf(r->f, "section\tn\tp\tmetric\tvalue\tunit\n");
    return 0;
}

void bh_results_add(bh_results *r, const char *section, size_t n, size_t p,
                    const char *metric, double value, const char *unit)
{
    if (r->f == NULL)
        return;
    fprintf(r->f, "%s\t%zu\t%zu\t%s\t%.6g\t%s\n", section, n, p, metric,
            value, unit);
}

void bh_results_close(bh_results *r)
{
    if (r->f != NULL && fclose(r->f) != 0)
        perror("wold_bench: results file");
    r->f = NULL;
}
