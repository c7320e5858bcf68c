/*
 * mpi.h - the command across MPI ranks (docs/scale.md): `mpirun -n K wold
 * fit|moments|index ...`.  The MPI calls live in mpi.c only, compiled with
 * WOLD_HAVE_MPI (CMake option WOLD_MPI); the library knows nothing of MPI:
 * a rank's work goes through public API (parts of sums and of bootstraps,
 * packed into buffers), and these functions move the buffers.
 *
 * Without MPI, or when the command was not started by mpirun, there is one
 * rank, 0 of 1, and every function below is the one-process program's
 * step.  With K > 1 ranks: rank 0 reports and writes every output; the
 * other ranks write nothing (their standard output and error are closed
 * to /dev/null); an error on any rank is agreed on by all (the first in
 * rank order, which is the first in file order), reported once, by rank
 * 0, and every rank exits with rank 0's code.  Every step that a rank can
 * fail alone is followed by an agreement, so that no rank waits for one
 * that has given up.
 */
#ifndef WOLD_CLI_MPI_H
#define WOLD_CLI_MPI_H

#include <wold/wold.h>

/* Starts MPI when mpirun (or another launcher of Open MPI, MPICH or
 * PMIx) started the command, else does nothing.  Returns 0 or an exit
 * code. */
int cli_mpi_init(int *argc, char ***argv);
/* The exit code of every rank: rank 0's rc (broadcast); ends MPI. */
int cli_mpi_finish(int rc);

int cli_mpi_rank(void);
int cli_mpi_size(void);

/* 0 when command cmd may run on the ranks there are: fit, moments and
 * index run on any number; the others in one process only (usage error
 * on K > 1). */
int cli_mpi_command(const char *cmd);
/* 0, or a usage error when path (the input named what) is standard
 * input and there are K > 1 ranks: only rank 0 could read it. */
int cli_mpi_check_input(const char *cmd, const char *what, const char *path);

/* The largest exit code of all ranks (each rank's rc), so that a failure
 * of rank 0's alone (an output that cannot be opened) stops them all. */
int cli_mpi_agree_rc(int rc);
/* The status of the first rank, in rank order, whose st is not WOLD_OK
 * (WOLD_OK when none); its error record is copied into *err on rank 0. */
wold_status cli_mpi_agree(wold_status st, wold_error *err);

/*
 * wold_boot_run across the ranks: after agreeing on st (the status of
 * the steps before, which every rank passes in, failed or not), rank r of
 * K runs part r of the replicates, the parts are gathered on rank 0 and
 * joined in rank order.  On rank 0 *out is the complete bootstrap, bit
 * for bit the one-process run's; on the other ranks NULL.  progress is
 * called on rank 0 only, for its part.  With one rank: wold_boot_run
 * when st is WOLD_OK, else st.
 */
wold_status cli_mpi_boot_run(wold_status st, wold_boot **out,
                             const wold_fit *fit, const wold_moments *mo,
                             const wold_data *data,
                             const wold_boot_options *opt,
                             wold_boot_progress progress, void *user,
                             wold_error *err);

/*
 * wold_sums_read_csv across the ranks (call it on every rank, after an
 * agreement): rank r of K reads part r of the file's chunks, the parts
 * are gathered on rank 0 and joined in rank order, and the joined sums,
 * bit for bit those of one process, go back to every rank (each fits
 * them; only rank 0 writes).  sopt's part and n_parts are set here.  A
 * compressed file or standard input cannot be read in parts (the reader's
 * usage error).  With one rank: wold_sums_read_csv.
 */
wold_status cli_mpi_sums_read_csv(wold_sums **out, const char *path,
                                  const wold_model *model,
                                  const wold_csv_options *csv,
                                  const wold_sums_options *sopt,
                                  wold_error *err);

/* wold_nation_run the same way: rank r fits part r of the companies;
 * the parts are joined on rank 0, which alone gets *out. */
wold_status cli_mpi_nation_run(wold_status st, wold_nation **out,
                               const wold_model *model,
                               const wold_data *data,
                               const wold_nation_options *opt,
                               wold_error *err);

#endif
