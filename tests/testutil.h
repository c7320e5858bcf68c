/* testutil.h - shared helpers of the cmocka test programs. */
#ifndef WOLD_TESTUTIL_H
#define WOLD_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <wold/wold.h>

/* Path of a file under ../shared (static buffer, valid until next call). */
const char *wt_shared(const char *rel);
/* Path of a file under the project's source tree. */
const char *wt_source(const char *rel);
int wt_exists(const char *path);

/* Skips the current test, printing "SKIPPED: <path> is absent". */
#define WT_SKIP_IF_ABSENT(path)                                          \
    do {                                                                 \
        if (!wt_exists(path)) {                                          \
            print_message("SKIPPED: %s is absent\n", (path));            \
            skip();                                                      \
        }                                                                \
    } while (0)

/* Parses model text, failing the test with the formatted error if bad. */
wold_model *wt_model(const char *text);

/* Writes text to a fresh temporary file; returns its path (malloc'd). */
char *wt_temp_file(const char *text, const char *suffix);

/* Fails the test unless |a - b| <= tol, naming what is compared. */
#define WT_NEAR(a, b, tol, what)                                            \
    wt_near_((a), (b), (tol), (what), __FILE__, __LINE__)
void wt_near_(double a, double b, double tol, const char *what,
              const char *file, int line);

/* Asserts st == expected and that err's formatted text contains needle. */
void wt_expect_error_(wold_status st, const wold_error *err,
                      wold_status expected, const char *needle,
                      const char *file, int line);
#define WT_EXPECT_ERROR(st, err, expected, needle) \
    wt_expect_error_((st), (err), (expected), (needle), __FILE__, __LINE__)

/* The member key of a JSON object; fails the test when it is absent. */
struct json_object;
struct json_object *wt_json_get(struct json_object *o, const char *key);

#endif
