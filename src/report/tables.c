/*
 * tables.c - a JSON report as tables (docs/tables.md has the rules and
 * the tables of each report).  The report is walked as sections: an
 * array of objects is a table whose columns are the union of its rows'
 * members (nested objects flattened as "a.b", a [low, high] pair as
 * "x.low"/"x.high", an array of objects inside a row a child table), an
 * object of objects is a matrix with the row key first, an object that
 * holds tables is a section of its own, and every other scalar goes to
 * the one "summary" table under its dotted path.  The columns of a table
 * are fixed by a first pass over all its rows (a member null in the first
 * row and a pair in the next gets its two columns), the cells by a
 * second.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "report/tables.h"
#include "util/util.h"

/* ---- the tables -------------------------------------------------------- */

typedef struct ctx {
    wold__tables *ts;
    int nomem;
} ctx;

static void tab_free(wold__tab *t)
{
    for (size_t k = 0; t->cells != NULL && k < t->nrow * t->ncol; k++)
        free(t->cells[k].str);
    for (size_t c = 0; t->cols != NULL && c < t->ncol; c++)
        free(t->cols[c]);
    free(t->cols);
    free(t->numeric);
    free(t->cells);
    free(t->name);
}

void wold__tables_free(wold__tables *ts)
{
    for (size_t k = 0; k < ts->n; k++)
        tab_free(&ts->t[k]);
    free(ts->t);
    memset(ts, 0, sizeof *ts);
}

const wold__cell *wold__tab_cell(const wold__tab *t, size_t r, size_t c)
{
    return &t->cells[r * t->ncol + c];
}

/* A new table named name with ncol columns (named later), or NULL. */
static wold__tab *tab_new(ctx *cx, const char *name, size_t ncol)
{
    wold__tables *ts = cx->ts;
    if (!wold__grow((void **)&ts->t, &ts->cap, ts->n + 1, sizeof *ts->t))
        return cx->nomem = 1, NULL;
    wold__tab *t = &ts->t[ts->n];
    memset(t, 0, sizeof *t);
    t->name = wold__strdup(name);
    t->ncol = ncol;
    t->cols = calloc(ncol ? ncol : 1, sizeof *t->cols);
    t->numeric = calloc(ncol ? ncol : 1, 1);
    if (t->name == NULL || t->cols == NULL || t->numeric == NULL) {
        tab_free(t);
        return cx->nomem = 1, NULL;
    }
    ts->n++;
    return t;
}

/* The cells of a new last row (all empty), or NULL. */
static wold__cell *tab_row(ctx *cx, wold__tab *t)
{
    if (t->nrow == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 8;
        size_t w = t->ncol ? t->ncol : 1;
        wold__cell *c = realloc(t->cells, cap * w * sizeof *c);
        if (c == NULL)
            return cx->nomem = 1, NULL;
        t->cells = c;
        t->cap = cap;
    }
    wold__cell *row = t->cells + t->nrow * t->ncol;
    memset(row, 0, t->ncol * sizeof *row);
    t->nrow++;
    return row;
}

/* "a" "." "b", or b alone when a is empty; NULL when out of memory. */
static char *join_path(ctx *cx, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 2);
    if (s == NULL)
        return cx->nomem = 1, NULL;
    if (la > 0) {
        memcpy(s, a, la);
        s[la++] = '.';
    }
    memcpy(s + la, b, lb + 1);
    return s;
}

/* ---- cells from JSON values ------------------------------------------- */

/* The text of a list element or an unexpected container. */
static const char *json_text(json_object *v, char *num)
{
    switch (json_object_get_type(v)) {
    case json_type_null:
        return "null";
    case json_type_string:
        return json_object_get_string(v);
    case json_type_double:
        wold_format_double(json_object_get_double(v), num);
        return num;
    default:
        return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
    }
}

/* The elements of a scalar array joined by ", ". */
static char *join_list(ctx *cx, json_object *a)
{
    size_t n = json_object_array_length(a), len = 0;
    char num[32];
    for (size_t k = 0; k < n; k++) {
        const char *s = json_text(json_object_array_get_idx(a, k), num);
        len += (s ? strlen(s) : 0) + 2;
    }
    char *out = malloc(len + 1), *p = out;
    if (out == NULL)
        return cx->nomem = 1, NULL;
    for (size_t k = 0; k < n; k++) {
        const char *s = json_text(json_object_array_get_idx(a, k), num);
        size_t l = s ? strlen(s) : 0;
        if (k > 0)
            *p++ = ',', *p++ = ' ';
        memcpy(p, s ? s : "", l);
        p += l;
    }
    *p = '\0';
    return out;
}

static void set_str(ctx *cx, wold__cell *c, char *s)
{
    if (s == NULL) {
        cx->nomem = 1;
        return;
    }
    c->kind = WOLD__CELL_STR;
    c->str = s;
}

/* The cell of a JSON value: null empty, numbers, booleans, strings; a
 * scalar array joined; anything else as its JSON text. */
static void set_cell(ctx *cx, wold__cell *c, json_object *v)
{
    switch (json_object_get_type(v)) {
    case json_type_null:
        break;
    case json_type_boolean:
        c->kind = WOLD__CELL_BOOL;
        c->num = json_object_get_boolean(v) ? 1 : 0;
        break;
    case json_type_double:
        c->kind = WOLD__CELL_NUM;
        c->num = json_object_get_double(v);
        break;
    case json_type_int:
        c->kind = WOLD__CELL_NUM;
        c->integer = 1;
        c->num = (double)json_object_get_int64(v);
        break;
    case json_type_string:
        set_str(cx, c, wold__strdup(json_object_get_string(v)));
        break;
    case json_type_array:
        set_str(cx, c, join_list(cx, v));
        break;
    default:
        set_str(cx, c, wold__strdup(json_object_to_json_string_ext(
                           v, JSON_C_TO_STRING_PLAIN)));
        break;
    }
}

/* A column is numeric when it has a number and nothing but numbers and
 * empty cells; its empty cells are then NaN. */
static void type_columns(wold__tab *t)
{
    for (size_t c = 0; c < t->ncol; c++) {
        int num = 0, other = 0;
        for (size_t r = 0; r < t->nrow; r++) {
            wold__cell_kind k = t->cells[r * t->ncol + c].kind;
            num |= k == WOLD__CELL_NUM;
            other |= k == WOLD__CELL_STR || k == WOLD__CELL_BOOL;
        }
        t->numeric[c] = (unsigned char)(num && !other);
        for (size_t r = 0; t->numeric[c] && r < t->nrow; r++) {
            wold__cell *cell = &t->cells[r * t->ncol + c];
            if (cell->kind == WOLD__CELL_EMPTY) {
                cell->kind = WOLD__CELL_NUM;
                cell->num = NAN;
            }
        }
    }
}

/* ---- the shape of a table's rows ---------------------------------------- */

typedef enum shape {
    S_NULL,   /* only nulls (or empty arrays) seen */
    S_SCALAR,
    S_PAIR,   /* [low, high] of numbers or nulls */
    S_LIST,   /* another array of scalars: one joined cell */
    S_OBJECT, /* flattened into "key.member" columns */
    S_CHILD   /* an array of objects: a child table */
} shape;

typedef struct node {
    const char *key; /* borrowed from the JSON tree */
    shape sh;
    struct node *kids;
    size_t nkids, cap;
} node;

static void node_free(node *n)
{
    for (size_t k = 0; k < n->nkids; k++)
        node_free(&n->kids[k]);
    free(n->kids);
}

static int all_objects(json_object *a)
{
    size_t n = json_object_array_length(a);
    for (size_t k = 0; k < n; k++)
        if (!json_object_is_type(json_object_array_get_idx(a, k),
                                 json_type_object))
            return 0;
    return n > 0;
}

static int is_pair(json_object *a)
{
    if (json_object_array_length(a) != 2)
        return 0;
    for (size_t k = 0; k < 2; k++) {
        json_type t = json_object_get_type(json_object_array_get_idx(a, k));
        if (t != json_type_null && t != json_type_double && t != json_type_int)
            return 0;
    }
    return 1;
}

static shape shape_of(json_object *v)
{
    switch (json_object_get_type(v)) {
    case json_type_null:
        return S_NULL;
    case json_type_object:
        return S_OBJECT;
    case json_type_array:
        if (json_object_array_length(v) == 0)
            return S_NULL;
        return all_objects(v) ? S_CHILD : is_pair(v) ? S_PAIR : S_LIST;
    default:
        return S_SCALAR;
    }
}

static node *node_kid(ctx *cx, node *n, const char *key)
{
    for (size_t k = 0; k < n->nkids; k++)
        if (strcmp(n->kids[k].key, key) == 0)
            return &n->kids[k];
    if (!wold__grow((void **)&n->kids, &n->cap, n->nkids + 1,
                    sizeof *n->kids))
        return cx->nomem = 1, NULL;
    node *kid = &n->kids[n->nkids++];
    memset(kid, 0, sizeof *kid);
    kid->key = key;
    return kid;
}

/* Adds the members of obj (a row, or an object in one) to n: the first
 * shape other than null decides, except that a pair met again as a
 * longer list becomes a list. */
static void merge(ctx *cx, node *n, json_object *obj)
{
    json_object_object_foreach(obj, key, v) {
        node *kid = node_kid(cx, n, key);
        if (kid == NULL)
            return;
        shape s = shape_of(v);
        if (kid->sh == S_NULL || (kid->sh == S_PAIR && s == S_LIST))
            kid->sh = s;
        if (kid->sh == S_OBJECT && s == S_OBJECT)
            merge(cx, kid, v);
    }
}

/* ---- columns ------------------------------------------------------------ */

typedef struct col {
    const char *keys[16]; /* the path of members to the value */
    size_t depth;
    int part;             /* -1; 0 or 1: the low or high of a pair */
    const node *nd;
} col;

typedef struct cols {
    col *c;
    size_t n, cap;
} cols;

static col *cols_add(ctx *cx, cols *cs)
{
    if (!wold__grow((void **)&cs->c, &cs->cap, cs->n + 1, sizeof *cs->c))
        return cx->nomem = 1, NULL;
    return &cs->c[cs->n++];
}

/* The columns (want_child 0) or the child tables (1) under n, in the
 * order their members were first seen. */
static void collect(ctx *cx, const node *n, col *path, cols *out,
                    int want_child)
{
    for (size_t k = 0; k < n->nkids && !cx->nomem; k++) {
        const node *kid = &n->kids[k];
        col c = *path;
        if (c.depth == sizeof c.keys / sizeof c.keys[0])
            continue; /* deeper than any report goes */
        c.keys[c.depth++] = kid->key;
        c.nd = kid;
        if (kid->sh == S_OBJECT) {
            collect(cx, kid, &c, out, want_child);
            continue;
        }
        if ((kid->sh == S_CHILD) != want_child)
            continue;
        for (int part = kid->sh == S_PAIR ? 0 : -1;
             part <= (kid->sh == S_PAIR ? 1 : -1); part++) {
            col *slot = cols_add(cx, out);
            if (slot == NULL)
                return;
            *slot = c;
            slot->part = part;
        }
    }
}

/* "a.b.c" (and ".low"/".high" for a pair's part). */
static char *col_name(ctx *cx, const col *c)
{
    size_t len = 8;
    for (size_t d = 0; d < c->depth; d++)
        len += strlen(c->keys[d]) + 1;
    char *s = malloc(len), *p = s;
    if (s == NULL)
        return cx->nomem = 1, NULL;
    for (size_t d = 0; d < c->depth; d++) {
        size_t l = strlen(c->keys[d]);
        if (d > 0)
            *p++ = '.';
        memcpy(p, c->keys[d], l);
        p += l;
    }
    strcpy(p, c->part == 0 ? ".low" : c->part == 1 ? ".high" : "");
    return s;
}

/* The value at c's path in row, NULL when absent or null. */
static json_object *col_value(const col *c, json_object *row)
{
    json_object *v = row;
    for (size_t d = 0; d < c->depth; d++)
        if (!json_object_is_type(v, json_type_object) ||
            !json_object_object_get_ex(v, c->keys[d], &v))
            return NULL;
    if (c->part >= 0)
        return json_object_is_type(v, json_type_array)
                   ? json_object_array_get_idx(v, (size_t)c->part)
                   : NULL;
    /* A member flattened elsewhere that holds something else here. */
    if (json_object_is_type(v, json_type_object))
        return NULL;
    return v;
}

/* ---- building a table from rows -------------------------------------- */

/* The rows of a table: objects, and the lead cell of each (the row key
 * of a matrix, the parent's key of a child table). */
typedef struct rows {
    json_object **obj;
    char **lead;
    size_t n, cap;
} rows;

static void rows_free(rows *rs)
{
    for (size_t k = 0; k < rs->n; k++)
        free(rs->lead[k]);
    free(rs->obj);
    free(rs->lead);
}

/* Appends a row; lead is taken over (NULL for none). */
static void rows_add(ctx *cx, rows *rs, json_object *o, char *lead)
{
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? 2 * rs->cap : 16;
        json_object **obj = realloc(rs->obj, cap * sizeof *obj);
        if (obj != NULL)
            rs->obj = obj;
        char **ld = obj != NULL ? realloc(rs->lead, cap * sizeof *ld) : NULL;
        if (ld == NULL) {
            free(lead);
            cx->nomem = 1;
            return;
        }
        rs->lead = ld;
        rs->cap = cap;
    }
    rs->obj[rs->n] = o;
    rs->lead[rs->n++] = lead;
}

static void build_table(ctx *cx, const char *name, rows *rs,
                        const char *lead_name);

/* The key a child row is given of its parent row: the parent's lead,
 * else its first member when that is a string, else its row number. */
static char *parent_key(const wold__tab *t, size_t r)
{
    const wold__cell *c = wold__tab_cell(t, r, 0);
    char buf[32];
    if (t->ncol > 0 && c->kind == WOLD__CELL_STR)
        return wold__strdup(c->str);
    snprintf(buf, sizeof buf, "%zu", r + 1);
    return wold__strdup(buf);
}

/* The child tables of t: the arrays of objects inside its rows. */
static void build_children(ctx *cx, const wold__tab *t, size_t ti,
                           const node *root, rows *rs)
{
    cols cs = {0};
    col start = {.depth = 0, .part = -1};
    collect(cx, root, &start, &cs, 1);
    int first_str = t->ncol > 0 && wold__tab_cell(t, 0, 0)->kind ==
                                       WOLD__CELL_STR;
    char *lead = join_path(cx, t->name, first_str ? t->cols[0] : "row");
    for (size_t k = 0; k < cs.n && !cx->nomem && lead != NULL; k++) {
        rows child = {0};
        for (size_t r = 0; r < rs->n && !cx->nomem; r++) {
            json_object *a = col_value(&cs.c[k], rs->obj[r]);
            size_t n = json_object_is_type(a, json_type_array)
                           ? json_object_array_length(a) : 0;
            for (size_t e = 0; e < n; e++) {
                json_object *o = json_object_array_get_idx(a, e);
                char *key = parent_key(&cx->ts->t[ti], r);
                if (key == NULL)
                    cx->nomem = 1;
                else if (json_object_is_type(o, json_type_object))
                    rows_add(cx, &child, o, key);
                else
                    free(key);
            }
        }
        char *cn = col_name(cx, &cs.c[k]);
        /* t moves as tables are added: found again by its index. */
        t = &cx->ts->t[ti];
        char *name = cn != NULL ? join_path(cx, t->name, cn) : NULL;
        if (name != NULL)
            build_table(cx, name, &child, lead);
        free(name);
        free(cn);
        rows_free(&child);
    }
    free(lead);
    free(cs.c);
}

/* The table name of rs (lead_name names the lead column, NULL for none),
 * then its child tables. */
static void build_table(ctx *cx, const char *name, rows *rs,
                        const char *lead_name)
{
    node root = {0};
    for (size_t r = 0; r < rs->n && !cx->nomem; r++)
        merge(cx, &root, rs->obj[r]);
    cols cs = {0};
    col start = {.depth = 0, .part = -1};
    collect(cx, &root, &start, &cs, 0);
    size_t lead = lead_name != NULL, ti = cx->ts->n;
    wold__tab *t = cx->nomem ? NULL : tab_new(cx, name, cs.n + lead);
    if (t != NULL && lead)
        t->cols[0] = wold__strdup(lead_name);
    for (size_t c = 0; t != NULL && c < cs.n; c++)
        t->cols[c + lead] = col_name(cx, &cs.c[c]);
    for (size_t c = 0; t != NULL && c < t->ncol; c++)
        cx->nomem |= t->cols[c] == NULL;
    for (size_t r = 0; t != NULL && r < rs->n && !cx->nomem; r++) {
        wold__cell *row = tab_row(cx, t);
        if (row != NULL && lead)
            set_str(cx, &row[0], wold__strdup(rs->lead[r]));
        for (size_t c = 0; row != NULL && c < cs.n; c++)
            set_cell(cx, &row[c + lead], col_value(&cs.c[c], rs->obj[r]));
    }
    if (t != NULL && !cx->nomem) {
        type_columns(t);
        build_children(cx, t, ti, &root, rs);
    }
    free(cs.c);
    node_free(&root);
}

/* ---- sections ------------------------------------------------------------ */

/* Not a container of tables: scalars, scalar arrays, and objects of those
 * that are not matrices. */
static int is_matrix(json_object *o);

static int is_flat(json_object *o)
{
    json_object_object_foreach(o, key, v) {
        (void)key;
        shape s = shape_of(v);
        if (s == S_CHILD ||
            (s == S_OBJECT && (is_matrix(v) || !is_flat(v))))
            return 0;
    }
    return 1;
}

/* An object of objects (or nulls), each flat: one row per member. */
static int is_matrix(json_object *o)
{
    int objects = 0;
    json_object_object_foreach(o, key, v) {
        (void)key;
        if (json_object_is_type(v, json_type_object) && is_flat(v))
            objects++;
        else if (v != NULL)
            return 0;
    }
    return objects > 0;
}

/* An array of whole reports (higher_order.earlier_stages): each element
 * holds two or more arrays of objects. */
static int is_sections(json_object *a)
{
    size_t n = json_object_array_length(a);
    for (size_t k = 0; k < n; k++) {
        int arrays = 0;
        json_object_object_foreach(json_object_array_get_idx(a, k), key, v) {
            (void)key;
            arrays += shape_of(v) == S_CHILD;
        }
        if (arrays < 2)
            return 0;
    }
    return 1;
}

static void add_summary(ctx *cx, const char *path, json_object *v)
{
    wold__tab *sum = &cx->ts->t[0];
    if (json_object_is_type(v, json_type_object)) {
        json_object_object_foreach(v, key, m) {
            char *p = join_path(cx, path, key);
            if (p != NULL)
                add_summary(cx, p, m);
            free(p);
        }
        return;
    }
    wold__cell *row = tab_row(cx, sum);
    if (row == NULL)
        return;
    set_str(cx, &row[0], wold__strdup(path));
    set_cell(cx, &row[1], v);
}

static void walk_section(ctx *cx, const char *prefix, json_object *obj);

static void array_member(ctx *cx, const char *path, json_object *v)
{
    rows rs = {0};
    if (is_sections(v)) {
        char num[32];
        for (size_t k = 0; k < json_object_array_length(v); k++) {
            snprintf(num, sizeof num, "%zu", k + 1);
            char *p = join_path(cx, path, num);
            if (p != NULL)
                walk_section(cx, p, json_object_array_get_idx(v, k));
            free(p);
        }
        return;
    }
    for (size_t k = 0; k < json_object_array_length(v); k++)
        rows_add(cx, &rs, json_object_array_get_idx(v, k), NULL);
    build_table(cx, path, &rs, NULL);
    rows_free(&rs);
}

static void matrix_member(ctx *cx, const char *path, json_object *v)
{
    rows rs = {0};
    json_object_object_foreach(v, key, m) {
        char *lead = wold__strdup(key);
        if (lead == NULL)
            cx->nomem = 1;
        else
            rows_add(cx, &rs, m, lead);
    }
    build_table(cx, path, &rs, "name");
    rows_free(&rs);
}

/* One member of a section, at its dotted path. */
static void walk_member(ctx *cx, const char *path, json_object *v)
{
    shape s = shape_of(v);
    if (json_object_is_type(v, json_type_array) &&
        json_object_array_length(v) == 0)
        tab_new(cx, path, 0); /* an empty table keeps the list stable */
    else if (s == S_CHILD)
        array_member(cx, path, v);
    else if (s == S_OBJECT && json_object_object_length(v) == 0)
        return;
    else if (s == S_OBJECT && is_matrix(v))
        matrix_member(cx, path, v);
    else if (s == S_OBJECT && !is_flat(v))
        walk_section(cx, path, v);
    else
        add_summary(cx, path, v);
}

static void walk_section(ctx *cx, const char *prefix, json_object *obj)
{
    json_object_object_foreach(obj, key, v) {
        if (cx->nomem)
            return;
        char *p = join_path(cx, prefix, key);
        if (p != NULL)
            walk_member(cx, p, v);
        free(p);
    }
}

/* ---- the entry point ---------------------------------------------------- */

static wold_status parse(json_object **root, const char *json,
                         wold_error *err)
{
    json_tokener *tok = json_tokener_new();
    if (tok == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    *root = json_tokener_parse_ex(tok, json, (int)strlen(json));
    enum json_tokener_error je = json_tokener_get_error(tok);
    size_t at = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    size_t end = at;
    while (json[end] == ' ' || json[end] == '\n' || json[end] == '\t' ||
           json[end] == '\r')
        end++;
    if (je != json_tokener_success || json[end] != '\0') {
        int trailing = je == json_tokener_success;
        json_object_put(*root);
        *root = NULL;
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "the report is not JSON: %s at byte %zu",
                         trailing ? "text after the end"
                                  : json_tokener_error_desc(je),
                         at + 1);
    }
    json_object *ver;
    if (!json_object_is_type(*root, json_type_object) ||
        !json_object_object_get_ex(*root, "wold_version", &ver)) {
        json_object_put(*root);
        *root = NULL;
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "the JSON is not a wold report (an object with "
                         "\"wold_version\", as wold_report_* writes it "
                         "in WOLD_FORMAT_JSON)");
    }
    return WOLD_OK;
}

wold_status wold__tables_build(wold__tables *out, const char *json,
                               wold_error *err)
{
    memset(out, 0, sizeof *out);
    if (json == NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE, "the report is NULL");
    json_object *root = NULL;
    WOLD_TRY(parse(&root, json, err));
    ctx cx = {out, 0};
    wold__tab *sum = tab_new(&cx, "summary", 2);
    if (sum != NULL) {
        sum->cols[0] = wold__strdup("key");
        sum->cols[1] = wold__strdup("value");
        cx.nomem |= sum->cols[0] == NULL || sum->cols[1] == NULL;
    }
    if (!cx.nomem)
        walk_section(&cx, "", root);
    json_object_put(root);
    if (cx.nomem) {
        wold__tables_free(out);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    }
    return WOLD_OK;
}
