/*
 * blas.c - libwold runs BLAS on one thread.
 *
 * wold does its own threading (the sums' chunk runner, the bootstrap,
 * the national aggregates), and a multithreaded BLAS splits a product in
 * a way that depends on its thread count, so the same data would give
 * different bits under OPENBLAS_NUM_THREADS=1 and =2 (LAPACK's
 * eigenvalues in the assessment first of all).  The first moments made
 * in a process switch OpenBLAS to one thread, once; products of the size
 * wold uses (p up to a few hundred) lose nothing by it.
 */
#include <pthread.h>

#include <cblas.h>

#include "util/util.h"

static pthread_once_t blas_once = PTHREAD_ONCE_INIT;

#ifdef OPENBLAS_VERSION
/* OpenBLAS's own (exported; its fork handler calls it): ends the pool. */
int blas_thread_shutdown_(void);
#endif

static void blas_one_thread(void)
{
#ifdef OPENBLAS_VERSION
    openblas_set_num_threads(1);
    /* The pool OpenBLAS starts when it is loaded spins for its first
     * tenth of a second, on a core that wold's own threads need (on 2
     * cores, 60 ms of a 150 ms streamed fit): one thread needs no pool. */
    blas_thread_shutdown_();
#endif
}

void wold__blas_serial(void)
{
    pthread_once(&blas_once, blas_one_thread);
}
