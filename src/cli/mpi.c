/*
 * mpi.c - the command across MPI ranks (mpi.h, docs/scale.md): starting
 * and ending MPI, agreeing on errors, and gathering the ranks' packed
 * parts on rank 0.  Without WOLD_HAVE_MPI there is one rank and each
 * function is the one-process step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mpi.h"

#ifdef WOLD_HAVE_MPI

#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <unistd.h>

#include <mpi.h>

static int on, rank, size = 1;

/* The variables launchers set in their processes: mpirun of Open MPI
 * (and PMIx), Hydra of MPICH and Intel MPI.  A command started without
 * one runs without MPI, so that a plain `wold fit` does not pay for
 * MPI's start (a singleton start spawns a daemon). */
static int launched(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK",
                                       "PMI_RANK", "PMI_SIZE"};
    for (size_t k = 0; k < sizeof vars / sizeof vars[0]; k++)
        if (getenv(vars[k]) != NULL)
            return 1;
    return 0;
}

/* Ranks other than 0 write nothing: their standard output and error go
 * to the null device (opened for writing, never created or replaced). */
static void quiet(void)
{
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0)
        return;
    fflush(stdout);
    fflush(stderr);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    if (fd > STDERR_FILENO)
        close(fd);
}

int cli_mpi_init(int *argc, char ***argv)
{
    if (!launched())
        return 0;
    int provided = 0;
    /* The library's worker threads never call MPI: only this one does. */
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) !=
        MPI_SUCCESS) {
        fprintf(stderr, "wold: error: MPI could not start\n");
        return EXIT_USAGE;
    }
    on = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank != 0)
        quiet();
    return 0;
}

int cli_mpi_finish(int rc)
{
    if (!on)
        return rc;
    MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Finalize();
    return rc;
}

int cli_mpi_rank(void) { return rank; }
int cli_mpi_size(void) { return size; }

int cli_mpi_agree_rc(int rc)
{
    int all = rc;
    if (size > 1)
        MPI_Allreduce(&rc, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return all;
}

wold_status cli_mpi_agree(wold_status st, wold_error *err)
{
    if (size == 1)
        return st;
    int mine = st != WOLD_OK ? rank : size, first = size;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (first == size)
        return WOLD_OK;
    /* The record travels as bytes: the ranks run the same build. */
    if (first != 0 && rank == first)
        MPI_Send(err, (int)sizeof *err, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
    else if (first != 0 && rank == 0)
        MPI_Recv(err, (int)sizeof *err, MPI_BYTE, first, 0, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    int s = (int)st;
    MPI_Bcast(&s, 1, MPI_INT, first, MPI_COMM_WORLD);
    return (wold_status)s;
}

/* A status and its message on this rank (agreed on by the caller). */
static wold_status fail(wold_error *err, wold_status st, const char *msg,
                        size_t n)
{
    if (err != NULL) {
        wold_error_clear(err);
        err->status = st;
        snprintf(err->message, sizeof err->message, msg, n);
    }
    return st;
}

/*
 * Gathers every rank's buffer (buf, len) on rank 0: *all holds them in
 * rank order, lens[k] the bytes of rank k (rank 0's own included: the
 * caller may pass len 0 for it); *all is malloc'd, the caller frees it.
 * Agreed: every rank returns the same status.
 */
static wold_status gather(const void *buf, size_t len, unsigned char **all,
                          size_t *lens, wold_error *err)
{
    uint64_t mine = len, *got = NULL;
    int *counts = NULL, *displs = NULL;
    wold_status st = WOLD_OK;
    *all = NULL;
    if (len > INT_MAX)
        st = fail(err, WOLD_ENOMEM, "a rank's part of %zu bytes is too "
                  "large for one MPI message", len);
    if (rank == 0) {
        got = calloc((size_t)size, sizeof *got);
        counts = calloc((size_t)size, sizeof *counts);
        displs = calloc((size_t)size, sizeof *displs);
        if (got == NULL || counts == NULL || displs == NULL)
            st = fail(err, WOLD_ENOMEM, "out of memory for the %zu ranks' "
                      "parts", (size_t)size);
    }
    if ((st = cli_mpi_agree(st, err)) != WOLD_OK)
        goto done;
    MPI_Gather(&mine, 1, MPI_UINT64_T, got, 1, MPI_UINT64_T, 0,
               MPI_COMM_WORLD);
    size_t total = 0;
    for (int k = 0; rank == 0 && k < size && st == WOLD_OK; k++) {
        lens[k] = (size_t)got[k];
        counts[k] = (int)got[k];
        displs[k] = (int)total;
        total += lens[k];
        if (total > INT_MAX)
            st = fail(err, WOLD_ENOMEM, "the ranks' parts (%zu bytes) are "
                      "too large for one MPI message", total);
    }
    if (st == WOLD_OK && rank == 0 && (*all = malloc(total ? total : 1)) == NULL)
        st = fail(err, WOLD_ENOMEM, "out of memory for the ranks' parts "
                  "(%zu bytes)", total);
    if ((st = cli_mpi_agree(st, err)) == WOLD_OK)
        MPI_Gatherv(buf, (int)len, MPI_BYTE, *all, counts, displs, MPI_BYTE,
                    0, MPI_COMM_WORLD);
done:
    if (st != WOLD_OK) {
        free(*all);
        *all = NULL;
    }
    free(got), free(counts), free(displs);
    return st;
}

/* Joins one packed part into part 0 (wold_boot_join, wold_nation_join). */
typedef wold_status (*join_fn)(void *part0, const void *buf, size_t len,
                               wold_error *err);

static wold_status join_boot(void *b, const void *buf, size_t len,
                             wold_error *err)
{
    return wold_boot_join(b, buf, len, err);
}

static wold_status join_nation(void *nt, const void *buf, size_t len,
                               wold_error *err)
{
    return wold_nation_join(nt, buf, len, err);
}

/*
 * The end of a run in parts, st its status on this rank and buf (len)
 * its packed part on ranks other than 0: after agreeing on st, gathers
 * the parts on rank 0 and joins them, in rank order, into part0.
 * Agreed; frees buf.
 */
static wold_status gather_join(wold_status st, void *part0, void *buf,
                               size_t len, join_fn join, wold_error *err)
{
    size_t *lens = calloc((size_t)size, sizeof *lens);
    unsigned char *all = NULL;
    if (st == WOLD_OK && lens == NULL)
        st = fail(err, WOLD_ENOMEM, "out of memory for %zu ranks",
                  (size_t)size);
    if ((st = cli_mpi_agree(st, err)) == WOLD_OK)
        st = gather(buf, len, &all, lens, err);
    size_t at = rank == 0 && st == WOLD_OK ? lens[0] : 0;
    for (int k = 1; rank == 0 && k < size && st == WOLD_OK; k++) {
        st = join(part0, all + at, lens[k], err);
        at += lens[k];
    }
    st = cli_mpi_agree(st, err);
    free(buf), free(all), free(lens);
    return st;
}

/* A rank's packed sums joined to rank 0's (the next part of the file). */
static wold_status join_sums(void *a, const void *buf, size_t len,
                             wold_error *err)
{
    wold_sums *b = NULL;
    /* No name: the part keeps its file's, which the join checks. */
    wold_status st = wold_sums_unpack(&b, buf, len, NULL, err);
    if (st == WOLD_OK)
        st = wold_sums_join(a, b, err);
    wold_sums_free(b);
    return st;
}

/* Rank 0's joined sums to every rank (they fit them too, and write
 * nothing). */
static wold_status share_sums(wold_sums **s, wold_error *err)
{
    void *buf = NULL;
    size_t len = 0;
    wold_status st = rank == 0 ? wold_sums_pack(*s, &buf, &len, err) : WOLD_OK;
    if ((st = cli_mpi_agree(st, err)) != WOLD_OK)
        return st;
    uint64_t n = len;
    MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    if (n > INT_MAX)
        st = fail(err, WOLD_ENOMEM, "the sums of %zu bytes are too large for "
                  "one MPI message", (size_t)n);
    if (st == WOLD_OK && rank != 0 && (buf = malloc(n ? n : 1)) == NULL)
        st = fail(err, WOLD_ENOMEM, "out of memory for the sums (%zu bytes)",
                  (size_t)n);
    if ((st = cli_mpi_agree(st, err)) == WOLD_OK)
        MPI_Bcast(buf, (int)n, MPI_BYTE, 0, MPI_COMM_WORLD);
    if (st == WOLD_OK && rank != 0)
        st = wold_sums_unpack(s, buf, (size_t)n, NULL, err);
    free(buf);
    return cli_mpi_agree(st, err);
}

wold_status cli_mpi_sums_read_csv(wold_sums **out, const char *path,
                                  const wold_model *model,
                                  const wold_csv_options *csv,
                                  const wold_sums_options *sopt,
                                  wold_error *err)
{
    *out = NULL;
    if (size == 1)
        return cli_read_sums(out, path, model, csv, sopt, err);
    /* A statistical file is not cut in parts: every rank reads it all. */
    if (wold_data_sniff(path) != WOLD_DATA_CSV)
        return cli_mpi_agree(cli_read_sums(out, path, model, csv, sopt, err),
                             err);
    wold_sums_options o;
    if (sopt != NULL)
        o = *sopt;
    else
        wold_sums_options_default(&o);
    o.part = (size_t)rank;
    o.n_parts = (size_t)size;
    wold_sums *s = NULL;
    void *buf = NULL;
    size_t len = 0;
    /* A compressed file or a stream cannot be cut: the reader says so. */
    wold_status st = wold_sums_read_csv(&s, path, model, csv, &o, err);
    if (st == WOLD_OK && rank != 0)
        st = wold_sums_pack(s, &buf, &len, err);
    st = gather_join(st, s, buf, len, join_sums, err);
    if (st == WOLD_OK && rank != 0) {
        wold_sums_free(s);
        s = NULL;
    }
    if (st == WOLD_OK)
        st = share_sums(&s, err);
    if (st != WOLD_OK) {
        wold_sums_free(s);
        s = NULL;
    }
    *out = s;
    return st;
}

wold_status cli_mpi_boot_run(wold_status st, wold_boot **out,
                             const wold_fit *fit, const wold_moments *mo,
                             const wold_data *data,
                             const wold_boot_options *opt,
                             wold_boot_progress progress, void *user,
                             wold_error *err)
{
    *out = NULL;
    if (size == 1)
        return st != WOLD_OK ? st
                             : wold_boot_run(out, fit, mo, data, opt,
                                             progress, user, err);
    if ((st = cli_mpi_agree(st, err)) != WOLD_OK)
        return st;
    wold_boot_options o = *opt;
    o.part = (size_t)rank;
    o.n_parts = (size_t)size;
    wold_boot *b = NULL;
    void *buf = NULL;
    size_t len = 0;
    st = wold_boot_run(&b, fit, mo, data, &o, rank == 0 ? progress : NULL,
                       user, err);
    if (st == WOLD_OK && rank != 0)
        st = wold_boot_pack(b, &buf, &len, err);
    st = gather_join(st, b, buf, len, join_boot, err);
    if (st != WOLD_OK || rank != 0) {
        wold_boot_free(b);
        b = NULL;
    }
    *out = b;
    return st;
}

wold_status cli_mpi_nation_run(wold_status st, wold_nation **out,
                               const wold_model *model,
                               const wold_data *data,
                               const wold_nation_options *opt,
                               wold_error *err)
{
    *out = NULL;
    if (size == 1)
        return st != WOLD_OK ? st
                             : wold_nation_run(out, model, data, opt, err);
    if ((st = cli_mpi_agree(st, err)) != WOLD_OK)
        return st;
    wold_nation_options o = *opt;
    o.part = (size_t)rank;
    o.n_parts = (size_t)size;
    wold_nation *nt = NULL;
    void *buf = NULL;
    size_t len = 0;
    st = wold_nation_run(&nt, model, data, &o, err);
    if (st == WOLD_OK && rank != 0)
        st = wold_nation_pack(nt, &buf, &len, err);
    st = gather_join(st, nt, buf, len, join_nation, err);
    if (st != WOLD_OK || rank != 0) {
        wold_nation_free(nt);
        nt = NULL;
    }
    *out = nt;
    return st;
}

#else /* one process */

int cli_mpi_init(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

int cli_mpi_finish(int rc) { return rc; }
int cli_mpi_rank(void) { return 0; }
int cli_mpi_size(void) { return 1; }
int cli_mpi_agree_rc(int rc) { return rc; }
wold_status cli_mpi_agree(wold_status st, wold_error *err)
{
    (void)err;
    return st;
}

wold_status cli_mpi_boot_run(wold_status st, wold_boot **out,
                             const wold_fit *fit, const wold_moments *mo,
                             const wold_data *data,
                             const wold_boot_options *opt,
                             wold_boot_progress progress, void *user,
                             wold_error *err)
{
    *out = NULL;
    return st != WOLD_OK ? st
                         : wold_boot_run(out, fit, mo, data, opt, progress,
                                         user, err);
}

wold_status cli_mpi_nation_run(wold_status st, wold_nation **out,
                               const wold_model *model,
                               const wold_data *data,
                               const wold_nation_options *opt,
                               wold_error *err)
{
    *out = NULL;
    return st != WOLD_OK ? st : wold_nation_run(out, model, data, opt, err);
}

wold_status cli_mpi_sums_read_csv(wold_sums **out, const char *path,
                                  const wold_model *model,
                                  const wold_csv_options *csv,
                                  const wold_sums_options *sopt,
                                  wold_error *err)
{
    return cli_read_sums(out, path, model, csv, sopt, err);
}

#endif

int cli_mpi_command(const char *cmd)
{
    static const char *const ok[] = {"fit", "moments", "index"};
    if (cli_mpi_size() == 1)
        return 0;
    for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++)
        if (strcmp(cmd, ok[k]) == 0)
            return 0;
    return cli_usage_error(cmd, "runs in one process: start it without "
                           "mpirun (only fit, moments and index run on "
                           "several MPI ranks; %d were started)",
                           cli_mpi_size());
}

int cli_mpi_check_input(const char *cmd, const char *what, const char *path)
{
    if (cli_mpi_size() == 1 || path == NULL || strcmp(path, "-") != 0)
        return 0;
    return cli_usage_error(cmd, "%s: standard input cannot be read by %d "
                           "MPI ranks (only rank 0 receives it): give a "
                           "file, or run without mpirun", what,
                           cli_mpi_size());
}
