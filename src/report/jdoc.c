/*
 * jdoc.c - the json-c calls every JSON report is built with.  Each
 * json-c call can fail for want of memory: a constructor returns NULL
 * (which json-c would take for a JSON null) and an adder returns -1.
 * d->nomem records either and building goes on (adding to a parent that
 * could not be made only frees the child), so that the tree is freed
 * once, at the end, and no report with holes is written.
 */
#include <math.h>
#include <stdint.h>

#include <json-c/json.h>

#include "report/report.h"
#include "util/util.h"

json_object *wold__jmade(wold__jdoc *d, json_object *v)
{
    if (v == NULL)
        d->nomem = 1;
    return v;
}

json_object *wold__jobj(wold__jdoc *d)
{
    return wold__jmade(d, json_object_new_object());
}

json_object *wold__jarr(wold__jdoc *d)
{
    return wold__jmade(d, json_object_new_array());
}

json_object *wold__jstr(wold__jdoc *d, const char *s)
{
    return s != NULL ? wold__jmade(d, json_object_new_string(s)) : NULL;
}

json_object *wold__jbool(wold__jdoc *d, int b)
{
    return wold__jmade(d, json_object_new_boolean(b));
}

json_object *wold__jint(wold__jdoc *d, int i)
{
    return wold__jmade(d, json_object_new_int(i));
}

json_object *wold__jcount(wold__jdoc *d, size_t n)
{
    return wold__jmade(d, json_object_new_int64((int64_t)n));
}

json_object *wold__jnum(wold__jdoc *d, double x)
{
    if (!isfinite(x))
        return NULL; /* JSON null */
    char buf[32];
    wold_format_double(x, buf);
    return wold__jmade(d, json_object_new_double_s(x, buf));
}

void wold__jput(wold__jdoc *d, json_object *o, const char *key,
                json_object *v)
{
    if (o == NULL || json_object_object_add(o, key, v) != 0) {
        d->nomem = 1;
        json_object_put(v);
    }
}

void wold__jappend(wold__jdoc *d, json_object *a, json_object *v)
{
    if (a == NULL || json_object_array_add(a, v) != 0) {
        d->nomem = 1;
        json_object_put(v);
    }
}

wold_status wold__jdoc_print(FILE *f, wold__jdoc *d, json_object *root,
                             wold_error *err)
{
    /* json-c's serialisation buffer is its own: a failure there is seen
     * only as a NULL text (docs/reliability.md). */
    const char *text =
        d->nomem ? NULL
                 : json_object_to_json_string_ext(
                       root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                 JSON_C_TO_STRING_NOSLASHESCAPE);
    wold_status st = WOLD_OK;
    if (text == NULL)
        st = WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    else
        fprintf(f, "%s\n", text);
    json_object_put(root);
    return st;
}
