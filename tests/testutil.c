/* testutil.c - shared helpers of the cmocka test programs. */
#define _DEFAULT_SOURCE /* mkstemps */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json.h>

#include "testutil.h"

const char *wt_shared(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", WOLD_SHARED_DIR, rel);
    return buf;
}

const char *wt_source(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", WOLD_SOURCE_DIR, rel);
    return buf;
}

int wt_exists(const char *path) { return access(path, R_OK) == 0; }

wold_model *wt_model(const char *text)
{
    wold_model *m = NULL;
    wold_error err;
    wold_status st = wold_model_parse(&m, text, strlen(text), "test.wold", &err);
    if (st != WOLD_OK) {
        char buf[2048];
        wold_error_format(&err, buf, sizeof buf);
        fail_msg("model did not parse:\n%s", buf);
    }
    return m;
}

char *wt_temp_file(const char *text, const char *suffix)
{
    char *path = malloc(256);
    assert_non_null(path);
    snprintf(path, 256, "/tmp/wold-test-XXXXXX%s", suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

void wt_near_(double a, double b, double tol, const char *what,
              const char *file, int line)
{
    if (!(fabs(a - b) <= tol))
    {
        print_error("%s: got %.17g, expected %.17g (|diff| %.3g > %.3g)\n",
                    what, a, b, fabs(a - b), tol);
        _fail(file, line);
    }
}

void wt_expect_error_(wold_status st, const wold_error *err,
                      wold_status expected, const char *needle,
                      const char *file, int line)
{
    char buf[4096];
    wold_error_format(err, buf, sizeof buf);
    if (st != expected) {
        print_error("status %d, expected %d; message:\n%s\n", (int)st,
                    (int)expected, buf);
        _fail(file, line);
    }
    if (needle != NULL && strstr(buf, needle) == NULL) {
        print_error("message lacks \"%s\":\n%s\n", needle, buf);
        _fail(file, line);
    }
}

struct json_object *wt_json_get(struct json_object *o, const char *key)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(o, key, &v))
        fail_msg("reference lacks key '%s'", key);
    return v;
}
