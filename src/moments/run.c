/*
 * run.c - the ordered chunk runner: workers compute chunk pieces in
 * parallel, the pieces are pushed on the sums' stack in chunk order.
 *
 * Chunks are claimed in order from a counter.  A finished piece waits in
 * a ring of slots (chunk c in slot c % n_slots) until every chunk before
 * it is pushed; a worker does not claim a chunk a full ring ahead of the
 * oldest unpushed one, so at most n_slots pieces exist at once.  The push
 * itself (a few O(p^2) merges) runs under the lock by whichever worker
 * finished the oldest chunk, so the stack sees pieces in order whatever
 * the threads do, and the result is the same for any thread count.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "moments/moments.h"
#include "moments/sums.h"
#include "util/util.h"

/* Slots per worker: one being computed, one waiting for an older chunk. */
#define WOLD__RUN_SLOTS_PER_WORKER 2

enum { SLOT_EMPTY = 0, SLOT_DONE, SLOT_END, SLOT_FAILED };

typedef struct slot {
    int state;
    wold_status status;
    wold__piece piece;
    wold_error err;
} slot;

typedef struct runner {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    wold_sums *s;
    wold__chunk_fn fn;
    void *user;
    size_t next;      /* the next chunk to claim */
    size_t oldest;    /* the oldest chunk not yet pushed */
    size_t limit;     /* no chunk at or past it is claimed */
    size_t n_slots;
    slot *slots;
    int stop;         /* the run is over (end, error) */
    wold_status status;
    wold_error err;
} runner;

typedef struct worker_arg {
    runner *r;
    unsigned index;
} worker_arg;

unsigned wold__run_threads(unsigned threads)
{
    if (threads == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cores > 1 ? (unsigned)cores : 1;
    }
    return threads > WOLD__RUN_MAX_THREADS ? WOLD__RUN_MAX_THREADS : threads;
}

/* Pushes the finished chunks from the oldest on; ends the run at the
 * first end or failure.  Called with the lock held. */
static void drain(runner *r)
{
    while (!r->stop && r->oldest < r->limit) {
        slot *sl = &r->slots[r->oldest % r->n_slots];
        if (sl->state == SLOT_EMPTY)
            return;
        if (sl->state == SLOT_DONE) {
            wold_status st = wold__sums_push(r->s, &sl->piece);
            sl->state = SLOT_EMPTY;
            r->oldest++;
            if (st != WOLD_OK) {
                r->status = WOLD_FAIL(&r->err, st,
                                      "out of memory for the sums");
                r->stop = 1;
            }
            continue;
        }
        if (sl->state == SLOT_FAILED) {
            r->status = sl->status;
            r->err = sl->err;
        }
        r->stop = 1;
    }
    if (r->oldest >= r->limit)
        r->stop = 1;
}

/* Files chunk c's outcome in its slot; limits the run at an end or
 * failure (no later chunk is needed). */
static void file_result(runner *r, size_t c, wold_status st, int end,
                        wold__piece *pc, const wold_error *err)
{
    slot *sl = &r->slots[c % r->n_slots];
    if (end || st != WOLD_OK) {
        wold__piece_free(pc);
        sl->state = end && st == WOLD_OK ? SLOT_END : SLOT_FAILED;
        sl->status = st;
        sl->err = *err;
        if (c + 1 < r->limit)
            r->limit = c + 1;
    } else {
        sl->piece = *pc;
        sl->state = SLOT_DONE;
    }
    drain(r);
    pthread_cond_broadcast(&r->cond);
}

static void *work(void *arg)
{
    worker_arg *wa = arg;
    runner *r = wa->r;
    pthread_mutex_lock(&r->lock);
    for (;;) {
        while (!r->stop && r->next < r->limit &&
               r->next - r->oldest >= r->n_slots)
            pthread_cond_wait(&r->cond, &r->lock);
        if (r->stop || r->next >= r->limit)
            break;
        size_t c = r->next++;
        pthread_mutex_unlock(&r->lock);
        wold__piece pc;
        wold_error err;
        int end = 0;
        memset(&pc, 0, sizeof pc);
        wold_error_clear(&err);
        wold_status st = r->fn(r->user, c, wa->index, &pc, &end, &err);
        pthread_mutex_lock(&r->lock);
        file_result(r, c, st, end, &pc, &err);
    }
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

/* One worker, no threads: the same order, the same pushes. */
static wold_status run_serial(wold_sums *s, size_t first, size_t end,
                              wold__chunk_fn fn, void *user, wold_error *err)
{
    for (size_t c = first; c < end; c++) {
        wold__piece pc;
        int stop = 0;
        memset(&pc, 0, sizeof pc);
        wold_status st = fn(user, c, 0, &pc, &stop, err);
        if (st != WOLD_OK || stop) {
            wold__piece_free(&pc);
            return st;
        }
        if (wold__sums_push(s, &pc) != WOLD_OK)
            return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the sums");
    }
    return WOLD_OK;
}

static wold_status run_threads(runner *r, unsigned t)
{
    pthread_t tid[WOLD__RUN_MAX_THREADS];
    worker_arg args[WOLD__RUN_MAX_THREADS];
    unsigned started = 1;
    for (unsigned i = 0; i < t; i++)
        args[i] = (worker_arg){r, i};
    for (; started < t; started++)
        if (pthread_create(&tid[started], NULL, work, &args[started]) != 0)
            break;
    work(&args[0]);
    for (unsigned i = 1; i < started; i++)
        pthread_join(tid[i], NULL);
    for (size_t k = 0; k < r->n_slots; k++)
        wold__piece_free(&r->slots[k].piece);
    return r->status;
}

wold_status wold__sums_run(wold_sums *s, size_t first, size_t end,
                           unsigned threads, wold__chunk_fn fn, void *user,
                           wold_error *err)
{
    wold__blas_serial(); /* the kernel's dsyrk: bits of one thread */
    unsigned t = wold__run_threads(threads);
    if (end != SIZE_MAX && end - first < t)
        t = end > first ? (unsigned)(end - first) : 1;
    if (t <= 1)
        return run_serial(s, first, end, fn, user, err);
    runner r;
    memset(&r, 0, sizeof r);
    r.n_slots = (size_t)t * WOLD__RUN_SLOTS_PER_WORKER;
    r.slots = calloc(r.n_slots, sizeof *r.slots);
    if (r.slots == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the sums");
    if (pthread_mutex_init(&r.lock, NULL) != 0) {
        free(r.slots);
        return WOLD_FAIL(err, WOLD_ENOMEM, "cannot start the sums' workers");
    }
    if (pthread_cond_init(&r.cond, NULL) != 0) {
        pthread_mutex_destroy(&r.lock);
        free(r.slots);
        return WOLD_FAIL(err, WOLD_ENOMEM, "cannot start the sums' workers");
    }
    r.s = s, r.fn = fn, r.user = user;
    r.next = r.oldest = first;
    r.limit = end;
    r.status = WOLD_OK;
    wold_status st = run_threads(&r, t);
    if (st != WOLD_OK && err != NULL)
        *err = r.err;
    pthread_cond_destroy(&r.cond);
    pthread_mutex_destroy(&r.lock);
    free(r.slots);
    return st;
}
