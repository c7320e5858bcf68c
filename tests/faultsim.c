/*
 * faultsim.c - the allocation-failure hook and the harness of
 * test_faultsim (docs/reliability.md, "Allocation failures").
 *
 * The hook: test_faultsim is linked against the static library with
 * -Wl,--wrap=malloc,--wrap=calloc,... (tests/CMakeLists.txt), so every
 * call that wold's own objects make to a wrapped function comes to its
 * __wrap_ function here, which counts it and, when armed to, fails it.
 * Calls inside libc, json-c and OpenBLAS are not redirected.  The library
 * has no hook of its own: it gains no state for the test.
 *
 * The harness (fs_run_case) runs one case of the table in test_faultsim.c
 * unhooked (the reference), then with the N-th counted allocation
 * failing, for N = 1, 2, ... until a run makes fewer than N allocations
 * ("transient"), then again with the N-th and every later one failing
 * ("persistent").  A run in which an injected failure fired must return
 * WOLD_ENOMEM, with err.status WOLD_ENOMEM and a message, and leave its
 * output as it found it (*out NULL for a call that makes an object); or,
 * if the failure was harmless (a realloc that only gives memory back),
 * return exactly what the reference returned.  The run that no failure
 * reaches must equal the reference.  In the ASan build LeakSanitizer
 * checks after each case that none of its runs leaked (a leak stays
 * reported in the cases after it: the first case to fail is the culprit).
 * A failing run prints the stack of the allocation that failed.
 */
#define _GNU_SOURCE /* fopencookie, backtrace */
#include <errno.h>
#include <execinfo.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>

#include <json.h>

#include "faultsim.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define FS_LEAK_CHECK() __lsan_do_recoverable_leak_check()
/* Under the sanitizers a case's runs cost its allocations squared, and an
 * allocation costs ten times more: past the first FS_DENSE failure points
 * every FS_DENSE-th part of the rest is tried (a JSON report of 3000
 * allocations, whose later ones repeat the same code per member, from
 * 3000 runs to about 700).  The release build tries every one. */
#define FS_DENSE 400
#else
#define FS_LEAK_CHECK() 0
#define FS_DENSE 0
#endif

char fs_new_object;

/* ------------------------------------------------------------------------
 * The hook: the linker sends wold's calls of these functions here
 * ------------------------------------------------------------------------ */

static atomic_int fs_armed;
static atomic_long fs_calls;   /* counted allocations since arming */
static long fs_fail_at;        /* the first one to fail; 0: none */
static int fs_persistent;      /* fail every one from fs_fail_at on */
static atomic_int fs_fired;
static void *fs_stack[24];     /* where the first injected failure hit */
static int fs_depth;

/* 1 when the allocation being made is to fail. */
static int fs_fail(void)
{
    if (!atomic_load(&fs_armed))
        return 0;
    long k = atomic_fetch_add(&fs_calls, 1) + 1;
    if (fs_fail_at == 0 || k < fs_fail_at ||
        (k > fs_fail_at && !fs_persistent))
        return 0;
    if (atomic_exchange(&fs_fired, 1) == 0)
        fs_depth = backtrace(fs_stack, 24);
    errno = ENOMEM;
    return 1;
}

#define FS_DECLARE(ret, name, params)  \
    ret __real_##name params;          \
    ret __wrap_##name params

FS_DECLARE(void *, malloc, (size_t n));
FS_DECLARE(void *, calloc, (size_t n, size_t size));
FS_DECLARE(void *, realloc, (void *p, size_t n));
FS_DECLARE(int, posix_memalign, (void **p, size_t align, size_t n));
FS_DECLARE(FILE *, fopen, (const char *path, const char *mode));
FS_DECLARE(FILE *, fopencookie, (void *cookie, const char *mode,
                                 cookie_io_functions_t io));
FS_DECLARE(void *, mmap, (void *addr, size_t len, int prot, int flags,
                          int fd, off_t off));
FS_DECLARE(json_object *, json_object_new_object, (void));
FS_DECLARE(json_object *, json_object_new_array, (void));
FS_DECLARE(json_object *, json_object_new_string, (const char *s));
FS_DECLARE(json_object *, json_object_new_int, (int32_t i));
FS_DECLARE(json_object *, json_object_new_int64, (int64_t i));
FS_DECLARE(json_object *, json_object_new_boolean, (json_bool b));
FS_DECLARE(json_object *, json_object_new_double_s, (double d,
                                                     const char *ds));
FS_DECLARE(int, json_object_object_add, (json_object *o, const char *key,
                                         json_object *v));
FS_DECLARE(int, json_object_array_add, (json_object *a, json_object *v));
FS_DECLARE(const char *, json_object_to_json_string_ext, (json_object *o,
                                                          int flags));

void *__wrap_malloc(size_t n) { return fs_fail() ? NULL : __real_malloc(n); }

void *__wrap_calloc(size_t n, size_t size)
{
    return fs_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    return fs_fail() ? NULL : __real_realloc(p, n);
}

int __wrap_posix_memalign(void **p, size_t align, size_t n)
{
    return fs_fail() ? ENOMEM : __real_posix_memalign(p, align, n);
}

/* A FILE is allocated: fopen can fail with ENOMEM. */
FILE *__wrap_fopen(const char *path, const char *mode)
{
    return fs_fail() ? NULL : __real_fopen(path, mode);
}

/* The report's stream (src/report/sink.c): a FILE made by libc. */
FILE *__wrap_fopencookie(void *cookie, const char *mode,
                         cookie_io_functions_t io)
{
    return fs_fail() ? NULL : __real_fopencookie(cookie, mode, io);
}

void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd,
                  off_t off)
{
    return fs_fail() ? MAP_FAILED
                     : __real_mmap(addr, len, prot, flags, fd, off);
}

/* json-c: each constructor allocates; the adders may grow a table. */
json_object *__wrap_json_object_new_object(void)
{
    return fs_fail() ? NULL : __real_json_object_new_object();
}

json_object *__wrap_json_object_new_array(void)
{
    return fs_fail() ? NULL : __real_json_object_new_array();
}

json_object *__wrap_json_object_new_string(const char *s)
{
    return fs_fail() ? NULL : __real_json_object_new_string(s);
}

json_object *__wrap_json_object_new_int(int32_t i)
{
    return fs_fail() ? NULL : __real_json_object_new_int(i);
}

json_object *__wrap_json_object_new_int64(int64_t i)
{
    return fs_fail() ? NULL : __real_json_object_new_int64(i);
}

json_object *__wrap_json_object_new_boolean(json_bool b)
{
    return fs_fail() ? NULL : __real_json_object_new_boolean(b);
}

json_object *__wrap_json_object_new_double_s(double d, const char *ds)
{
    return fs_fail() ? NULL : __real_json_object_new_double_s(d, ds);
}

/* As json-c on failure: -1, and v is still the caller's. */
int __wrap_json_object_object_add(json_object *o, const char *key,
                                  json_object *v)
{
    return fs_fail() ? -1 : __real_json_object_object_add(o, key, v);
}

int __wrap_json_object_array_add(json_object *a, json_object *v)
{
    return fs_fail() ? -1 : __real_json_object_array_add(a, v);
}

const char *__wrap_json_object_to_json_string_ext(json_object *o, int flags)
{
    return fs_fail() ? NULL : __real_json_object_to_json_string_ext(o, flags);
}

void fs_preload(void)
{
    void *frame[1];
    backtrace(frame, 1); /* loads libgcc now, not while armed */
}

void fs_arm(long fail_at, int persistent)
{
    atomic_store(&fs_calls, 0);
    atomic_store(&fs_fired, 0);
    fs_fail_at = fail_at;
    fs_persistent = persistent;
    fs_depth = 0;
    atomic_store(&fs_armed, 1);
}

void fs_disarm(void) { atomic_store(&fs_armed, 0); }

long fs_calls_made(void) { return atomic_load(&fs_calls); }

/* ------------------------------------------------------------------------
 * The harness
 * ------------------------------------------------------------------------ */

typedef struct fs_outcome {
    wold_status st;
    wold_status err_status;
    int fired;
    long calls;
    int is_new;       /* the call makes a new object */
    int out_state;    /* for is_new: 0 NULL, 1 FS_NEW left, 2 an object */
    char *before;     /* digest of the output before the call */
    char *after;      /* and after */
    char message[4096];
} fs_outcome;

static char *digest_of(const fs_case *c, const void *out)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    if (out == NULL || out == FS_NEW)
        fputs(out == NULL ? "NULL\n" : "unset\n", f);
    else
        c->digest(f, out);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/*
 * Runs c once with allocation fail_at failing (0: none) into o, whose
 * digests from the previous run it frees first.  Outcomes live in static
 * storage, so that a failing check that leaves the test by longjmp does
 * not leave them behind as leaks for LeakSanitizer to report.
 */
static void run_once(const fs_case *c, long fail_at, int persistent,
                     fs_outcome *o)
{
    free(o->before);
    free(o->after);
    memset(o, 0, sizeof *o);
    void *out = c->setup != NULL ? c->setup() : FS_NEW;
    o->is_new = out == FS_NEW;
    o->before = digest_of(c, o->is_new ? NULL : out);
    wold_error err;
    wold_error_clear(&err);
    fs_arm(fail_at, persistent);
    o->st = c->call(&out, &err);
    fs_disarm();
    o->fired = atomic_load(&fs_fired);
    o->calls = atomic_load(&fs_calls);
    o->err_status = err.status;
    if (o->st != WOLD_OK)
        wold_error_format(&err, o->message, sizeof o->message);
    o->out_state = out == NULL ? 0 : out == FS_NEW ? 1 : 2;
    o->after = digest_of(c, out);
    if (out != NULL && out != FS_NEW)
        c->teardown(out);
}

static fs_outcome fs_ref, fs_last;

static const char *mode_name(int persistent)
{
    return persistent ? "persistent" : "transient";
}

/* Fails the test with where the injected failure hit. */
static void fs_fail_run(const fs_case *c, long n, int persistent,
                        const fs_outcome *o, const char *why)
{
    print_error("%s, %s failure of allocation %ld: %s\n"
                "  status %s (%d), err.status %d, message:\n  %s\n",
                c->name, mode_name(persistent), n, why,
                wold_status_name(o->st), (int)o->st, (int)o->err_status,
                o->message);
    if (o->fired && fs_depth > 0) {
        print_error("  the failed allocation was made at (addr2line -e "
                    "<this program> the +offsets):\n");
        fflush(stderr);
        backtrace_symbols_fd(fs_stack, fs_depth, 2);
    }
    fail();
}

/* A run that returns what the reference returned. */
static int same_as(const fs_outcome *o, const fs_outcome *ref)
{
    return o->st == ref->st && strcmp(o->after, ref->after) == 0 &&
           strcmp(o->message, ref->message) == 0;
}

static void check_failed_run(const fs_case *c, long n, int persistent,
                             const fs_outcome *o)
{
    if (o->err_status != WOLD_ENOMEM)
        fs_fail_run(c, n, persistent, o,
                    "err.status is not WOLD_ENOMEM");
    if (strstr(o->message, "error: ") == NULL ||
        strstr(o->message, "error: ")[7] == '\0')
        fs_fail_run(c, n, persistent, o, "the error record has no message");
    if (o->is_new && o->out_state != 0)
        fs_fail_run(c, n, persistent, o,
                    o->out_state == 1 ? "*out was left unset"
                                      : "*out holds an object");
    if (!o->is_new && strcmp(o->before, o->after) != 0)
        fs_fail_run(c, n, persistent, o,
                    "the output was changed by a failed call");
}

typedef struct fs_tally {
    long runs, enomem, absorbed;
} fs_tally;

static fs_tally run_mode(const fs_case *c, int persistent)
{
    fs_tally t = {0, 0, 0};
    const fs_outcome *ref = &fs_ref, *o = &fs_last;
    long stride = FS_DENSE > 0 ? 1 + ref->calls / (FS_DENSE + 1) : 1;
    for (long n = 1;; n += n < FS_DENSE ? 1 : stride) {
        run_once(c, n, persistent, &fs_last);
        t.runs++;
        if (!o->fired) {
            if (!same_as(o, ref))
                fs_fail_run(c, n, persistent, o,
                            "no failure was injected, yet the result "
                            "differs from the unhooked run");
            return t;
        }
        if (o->st == WOLD_ENOMEM) {
            check_failed_run(c, n, persistent, o);
            t.enomem++;
        } else if (same_as(o, ref)) {
            t.absorbed++; /* a failure that costs nothing, or is retried */
        } else {
            fs_fail_run(c, n, persistent, o,
                        "an allocation failed, and the call returned "
                        "neither WOLD_ENOMEM nor the unhooked result");
        }
        if (n > 4 * ref->calls + 1000)
            fail_msg("%s: %s failures do not end (%ld runs)", c->name,
                     mode_name(persistent), n);
    }
}

void fs_run_case(void **state)
{
    const fs_case *c = *state;
    run_once(c, 0, 0, &fs_ref);
    if (fs_ref.st == WOLD_ENOMEM || fs_ref.fired)
        fail_msg("%s: the unhooked run failed: %s", c->name, fs_ref.message);
    if (fs_ref.is_new && fs_ref.st == WOLD_OK && fs_ref.out_state != 2)
        fail_msg("%s: the unhooked run succeeded without an object",
                 c->name);
    fs_tally tr = run_mode(c, 0);
    fs_tally ps = run_mode(c, 1);
    print_message("%-28s %4ld allocations, status %-7s | transient %4ld "
                  "ENOMEM %2ld absorbed | persistent %4ld ENOMEM %2ld "
                  "absorbed\n",
                  c->name, fs_ref.calls, wold_status_name(fs_ref.st),
                  tr.enomem, tr.absorbed, ps.enomem, ps.absorbed);
    if (FS_LEAK_CHECK())
        fail_msg("%s: LeakSanitizer found leaks (report above)", c->name);
}

void fs_harness_free(void)
{
    free(fs_ref.before), free(fs_ref.after);
    free(fs_last.before), free(fs_last.after);
    memset(&fs_ref, 0, sizeof fs_ref);
    memset(&fs_last, 0, sizeof fs_last);
}
