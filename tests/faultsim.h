/*
 * faultsim.h - the allocation-failure hook and harness of test_faultsim
 * (faultsim.c): a case is one entry point called on given inputs.
 */
#ifndef WOLD_FAULTSIM_H
#define WOLD_FAULTSIM_H

#include <stdio.h>

#include "testutil.h"

typedef struct fs_case {
    const char *name;
    /* Unhooked, before each run: the output's starting value.  NULL
     * means FS_NEW: the call makes a new object. */
    void *(*setup)(void);
    /* The entry point, with the hook armed. */
    wold_status (*call)(void **out, wold_error *err);
    /* Unhooked: prints everything the output holds. */
    void (*digest)(FILE *f, const void *out);
    /* Unhooked, after each run: frees the output. */
    void (*teardown)(void *out);
} fs_case;

/* A unique non-NULL value: the output of a call that makes an object
 * starts as this, so that a call leaving it unset is caught too. */
extern char fs_new_object;
#define FS_NEW ((void *)&fs_new_object)

/* The cmocka test of one case; its state is a const fs_case *. */
void fs_run_case(void **state);
/* Frees what the harness keeps between runs (at the end of main). */
void fs_harness_free(void);

/* Counts wold's allocations from now on, failing the fail_at-th (0:
 * none) and, when persistent, every one after it. */
void fs_arm(long fail_at, int persistent);
void fs_disarm(void);
/* Allocations counted since fs_arm. */
long fs_calls_made(void);
/* Loads what backtrace() needs, so that it allocates nothing while armed. */
void fs_preload(void);

#endif
