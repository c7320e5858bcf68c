/*
 * test_tables.c - a report as tables (src/report/tables.c, tablecsv.c,
 * xlsx.c; docs/tables.md): the table names and order of each report
 * kind, row counts equal to the JSON arrays, numbers bit for bit the
 * JSON's, nulls, RFC 4180 quoting, the long CSV parsed back, the
 * workbook's XML (sheet names, numeric cells, frozen header, number
 * formats, Chinese headings) and its failures.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json.h>

#include "report/tables.h"
#include "testutil.h"

/* ---- allocation failures ------------------------------------------------ */

/* The linker sends wold's (and this file's) malloc, calloc and realloc
 * here (tests/CMakeLists.txt): while armed, the fail_at-th call fails. */
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
static long fail_at, calls;

static int failing(void)
{
    return fail_at > 0 && ++calls == fail_at;
}

void *__wrap_malloc(size_t n);
void *__wrap_malloc(size_t n)
{
    return failing() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size)
{
    return failing() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n)
{
    return failing() ? NULL : __real_realloc(p, n);
}

/* ---- helpers ------------------------------------------------------------ */

/* The standard output of a shell command (malloc'd), NULL on failure. */
static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return NULL;
    size_t len = 0, cap = 1 << 16;
    char *buf = malloc(cap);
    size_t n;
    while (buf != NULL && (n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 2) {
            char *b = realloc(buf, cap *= 2);
            if (b == NULL)
                free(buf);
            buf = b;
        }
    }
    int rc = pclose(p);
    if (buf == NULL || rc != 0) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

/* The JSON report of "wold ARGS --format json", run in the source tree. */
static char *report(const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s --format json",
             WOLD_SOURCE_DIR, WOLD_BINARY, args);
    char *j = run(cmd);
    if (j == NULL)
        fail_msg("%s failed", cmd);
    return j;
}

static const wold__tab *find(const wold__tables *ts, const char *name)
{
    for (size_t k = 0; k < ts->n; k++)
        if (strcmp(ts->t[k].name, name) == 0)
            return &ts->t[k];
    fail_msg("no table %s", name);
    return NULL;
}

static size_t col_of(const wold__tab *t, const char *name)
{
    for (size_t c = 0; c < t->ncol; c++)
        if (strcmp(t->cols[c], name) == 0)
            return c;
    fail_msg("table %s has no column %s", t->name, name);
    return 0;
}

static void expect_names(const wold__tables *ts, const char *const *names,
                         size_t n)
{
    for (size_t k = 0; k < n && k < ts->n; k++)
        if (strcmp(ts->t[k].name, names[k]) != 0)
            fail_msg("table %zu is %s, expected %s", k, ts->t[k].name,
                     names[k]);
    assert_int_equal(ts->n, n);
}

/* Bit for bit: the same double (NaN for a JSON null). */
static void same_number(const wold__cell *c, json_object *v, const char *what)
{
    double want = json_object_is_type(v, json_type_null) || v == NULL
                      ? NAN : json_object_get_double(v);
    if (isnan(want)) {
        if (!(c->kind == WOLD__CELL_EMPTY ||
              (c->kind == WOLD__CELL_NUM && isnan(c->num))))
            fail_msg("%s: expected an undefined cell", what);
        return;
    }
    assert_int_equal(c->kind, WOLD__CELL_NUM);
    if (memcmp(&c->num, &want, sizeof want) != 0)
        fail_msg("%s: %.17g in the table, %.17g in the JSON", what, c->num,
                 want);
}

/* Every row of table name has the numbers of array key of root in the
 * columns listed (a column "x.low"/"x.high" is element 0/1 of x). */
static void same_array(const wold__tables *ts, json_object *root,
                       const char *name, json_object *arr,
                       const char *const *cols, size_t ncols)
{
    (void)root;
    const wold__tab *t = find(ts, name);
    assert_int_equal(t->nrow, json_object_array_length(arr));
    for (size_t k = 0; k < ncols; k++) {
        size_t c = col_of(t, cols[k]);
        char key[64];
        snprintf(key, sizeof key, "%s", cols[k]);
        char *dot = strchr(key, '.');
        int part = -1;
        if (dot != NULL) {
            part = strcmp(dot, ".low") == 0 ? 0 : 1;
            *dot = '\0';
        }
        for (size_t r = 0; r < t->nrow; r++) {
            json_object *v = NULL;
            json_object_object_get_ex(json_object_array_get_idx(arr, r), key,
                                      &v);
            if (part >= 0 && json_object_is_type(v, json_type_array))
                v = json_object_array_get_idx(v, (size_t)part);
            else if (part >= 0)
                v = NULL;
            char what[128];
            snprintf(what, sizeof what, "%s row %zu %s", name, r + 1, cols[k]);
            same_number(wold__tab_cell(t, r, c), v, what);
        }
    }
}

static json_object *member(json_object *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *k = strtok(buf, "."); k != NULL; k = strtok(NULL, "."))
        o = wt_json_get(o, k);
    return o;
}

/* ---- the long CSV parsed back ---------------------------------------- */

/* One RFC 4180 field at *p into out; returns the delimiter after it. */
static char field(const char **p, char *out, size_t size)
{
    size_t n = 0;
    const char *s = *p;
    if (*s == '"') {
        for (s++; *s != '\0'; s++) {
            if (*s == '"' && s[1] == '"')
                s++;
            else if (*s == '"')
                break;
            if (n + 1 < size)
                out[n++] = *s;
        }
        s++;
    } else {
        while (*s != ',' && *s != '\n' && *s != '\0') {
            if (n + 1 < size)
                out[n++] = *s;
            s++;
        }
    }
    out[n] = '\0';
    *p = *s != '\0' ? s + 1 : s;
    return *s;
}

/* Parses csv back and checks every line against the tables. */
static void csv_matches(const char *csv, const wold__tables *ts)
{
    const char *p = csv;
    char f[4][1024];
    for (int k = 0; k < 4; k++)
        field(&p, f[k], sizeof f[k]);
    assert_string_equal(f[0], "table");
    assert_string_equal(f[3], "value");
    size_t lines = 0;
    for (size_t k = 0; k < ts->n; k++) {
        const wold__tab *t = &ts->t[k];
        for (size_t r = 0; r < t->nrow; r++)
            for (size_t c = 0; c < t->ncol; c++, lines++) {
                char d = 0;
                for (int j = 0; j < 4; j++)
                    d = field(&p, f[j], sizeof f[j]);
                assert_int_equal(d, '\n');
                assert_string_equal(f[0], t->name);
                assert_int_equal(strtoul(f[1], NULL, 10), r + 1);
                assert_string_equal(f[2], t->cols[c]);
                const wold__cell *cell = wold__tab_cell(t, r, c);
                if (cell->kind == WOLD__CELL_NUM && !isnan(cell->num)) {
                    double x = strtod(f[3], NULL);
                    assert_memory_equal(&x, &cell->num, sizeof x);
                } else if (cell->kind == WOLD__CELL_STR) {
                    assert_string_equal(f[3], cell->str);
                } else if (cell->kind == WOLD__CELL_BOOL) {
                    assert_string_equal(f[3], cell->num ? "true" : "false");
                } else {
                    assert_string_equal(f[3], "");
                }
            }
    }
    assert_int_equal(*p, '\0');
    assert_true(lines > 0);
}

static void check_csv(const char *json, const wold__tables *ts)
{
    char *csv = NULL;
    wold_error err;
    assert_int_equal(wold_tables_csv(&csv, json, &err), WOLD_OK);
    csv_matches(csv, ts);
    free(csv);
}

/* ---- the reports ------------------------------------------------------ */

static const char *sat_args(void)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "fit models/satisfaction.wold '%s'",
             wt_shared("datasets/satisfaction.csv"));
    return buf;
}

static void test_fit(void **state)
{
    (void)state;
    WT_SKIP_IF_ABSENT(wt_shared("datasets/satisfaction.csv"));
    char *json = report(sat_args());
    wold__tables ts;
    wold_error err;
    assert_int_equal(wold__tables_build(&ts, json, &err), WOLD_OK);
    static const char *const names[] = {
        "summary", "warnings", "latent", "indicators", "cross_loadings",
        "lv_correlations", "paths", "intercepts", "effects", "htmt", "htmt2",
        "fornell_larcker", "model_fit", "index.grades", "index.constructs"};
    expect_names(&ts, names, sizeof names / sizeof names[0]);
    json_object *root = json_tokener_parse(json);
    static const char *const pc[] = {"estimate", "std_error", "t", "p",
                                     "vif", "f2"};
    same_array(&ts, root, "paths", wt_json_get(root, "paths"), pc, 6);
    static const char *const lc[] = {"r2", "r2_adj", "alpha", "rho_c",
                                     "rho_a", "ave"};
    same_array(&ts, root, "latent", wt_json_get(root, "latent"), lc, 6);
    static const char *const ic[] = {"value", "mean_score", "scale.low",
                                     "scale.high"};
    same_array(&ts, root, "index.constructs", member(root, "index.constructs"),
               ic, 4);
    /* r2_adj of an exogenous LV is null: NaN in a numeric column. */
    const wold__tab *lat = find(&ts, "latent");
    size_t c = col_of(lat, "r2_adj");
    assert_true(lat->numeric[c]);
    assert_true(isnan(wold__tab_cell(lat, 0, c)->num));
    assert_int_equal(wold__tab_cell(lat, 0, col_of(lat, "endogenous"))->kind,
                     WOLD__CELL_BOOL);
    /* A matrix: the row key first, then one column per LV. */
    const wold__tab *h = find(&ts, "htmt");
    assert_string_equal(h->cols[0], "name");
    json_object *hj = wt_json_get(root, "htmt");
    assert_int_equal(h->nrow, json_object_object_length(hj));
    const char *lv1 = h->cols[2];
    const wold__cell *k0 = wold__tab_cell(h, 0, 0);
    same_number(wold__tab_cell(h, 0, 2),
                wt_json_get(wt_json_get(hj, k0->str), lv1), "htmt");
    /* The summary: dotted paths of the scalars. */
    const wold__tab *s = find(&ts, "summary");
    int seen = 0;
    for (size_t r = 0; r < s->nrow; r++)
        if (strcmp(wold__tab_cell(s, r, 0)->str, "settings.scheme") == 0)
            seen = strcmp(wold__tab_cell(s, r, 1)->str, "path") == 0;
    assert_true(seen);
    assert_int_equal(find(&ts, "warnings")->nrow, 0);
    check_csv(json, &ts);
    json_object_put(root);
    wold__tables_free(&ts);
    free(json);
}

static void test_fit_boot(void **state)
{
    (void)state;
    char *json = report("fit models/acsi.wold datasets/acsi_2000.csv "
                        "--scale 1:10 --boot 20 --seed 3 --ci both");
    wold__tables ts;
    wold_error err;
    assert_int_equal(wold__tables_build(&ts, json, &err), WOLD_OK);
    assert_string_equal(ts.t[ts.n - 1].name, "bootstrap.statistics");
    json_object *root = json_tokener_parse(json);
    static const char *const bc[] = {"original", "mean", "se", "t", "p",
                                     "percentile.low", "percentile.high",
                                     "bca.low", "bca.high"};
    same_array(&ts, root, "bootstrap.statistics",
               member(root, "bootstrap.statistics"), bc, 9);
    /* The index's bootstrap, null for an LV without one, flattened. */
    static const char *const ic[] = {"bootstrap.se",
                                     "bootstrap.percentile.low"};
    const wold__tab *t = find(&ts, "index.constructs");
    (void)t;
    json_object *cons = member(root, "index.constructs");
    for (size_t r = 0; r < json_object_array_length(cons); r++) {
        json_object *b = wt_json_get(json_object_array_get_idx(cons, r),
                                     "bootstrap");
        const wold__tab *it = find(&ts, "index.constructs");
        same_number(wold__tab_cell(it, r, col_of(it, ic[0])),
                    b != NULL ? wt_json_get(b, "se") : NULL, "index se");
    }
    check_csv(json, &ts);
    json_object_put(root);
    wold__tables_free(&ts);
    free(json);
}

static void test_ipma_index_predict_metrics(void **state)
{
    (void)state;
    wold_error err;
    wold__tables ts;
    char *json = report("ipma models/acsi.wold datasets/acsi_2000.csv "
                        "--target Satisfaction --scale 1:10");
    assert_int_equal(wold__tables_build(&ts, json, &err), WOLD_OK);
    static const char *const in[] = {"summary", "constructs", "indicators"};
    expect_names(&ts, in, 3);
    json_object *root = json_tokener_parse(json);
    static const char *const ic[] = {"importance", "performance", "potential"};
    same_array(&ts, root, "indicators", wt_json_get(root, "indicators"), ic, 3);
    check_csv(json, &ts);
    json_object_put(root);
    wold__tables_free(&ts);
    free(json);

    json = report("index models/acsi.wold datasets/wave_12x100.csv "
                  "--scale 1:10 --group company --industry industry "
                  "--sector sector");
    assert_int_equal(wold__tables_build(&ts, json, &err), WOLD_OK);
    static const char *const nn[] = {"summary", "nation.index", "sectors",
                                     "industries", "companies"};
    expect_names(&ts, nn, 5);
    root = json_tokener_parse(json);
    static const char *const cc[] = {"revenue", "index.Satisfaction.value"};
    assert_int_equal(find(&ts, "companies")->nrow,
                     json_object_array_length(wt_json_get(root, "companies")));
    const wold__tab *co = find(&ts, "companies");
    json_object *cj = wt_json_get(root, "companies");
    for (size_t r = 0; r < co->nrow; r++)
        same_number(wold__tab_cell(co, r, col_of(co, cc[1])),
                    member(json_object_array_get_idx(cj, r),
                           "index.Satisfaction.value"), "company index");
    check_csv(json, &ts);
    json_object_put(root);
    wold__tables_free(&ts);
    free(json);

    json = report("predict models/acsi.wold datasets/acsi_2000.csv --folds 5");
    assert_int_equal(wold__tables_build(&ts, json, &err), WOLD_OK);
    static const char *const pn[] = {"summary", "indicators"};
    expect_names(&ts, pn, 2);
    root = json_tokener_parse(json);
    static const char *const pc[] = {"q2_predict", "rmse", "lm_rmse"};
    same_array(&ts, root, "indicators", wt_json_get(root, "indicators"), pc, 3);
    check_csv(json, &ts);
    json_object_put(root);
    wold__tables_free(&ts);
    free(json);

    char *data = wt_temp_file("region,nps,sat\nnorth,10,5\nnorth,9,4\n"
                              "south,6,3\nsouth,0,5\n", ".csv");
    char args[512];
    snprintf(args, sizeof args, "metrics '%s' --nps nps --csat sat "
             "--group region", data);
    json = report(args);
    assert_int_equal(wold__tables_build(&ts, json, &err), WOLD_OK);
    static const char *const mn[] = {"summary", "groups", "groups.metrics"};
    expect_names(&ts, mn, 3);
    const wold__tab *gm = find(&ts, "groups.metrics");
    assert_string_equal(gm->cols[0], "groups.name");
    root = json_tokener_parse(json);
    json_object *groups = wt_json_get(root, "groups");
    size_t rows = 0;
    for (size_t g = 0; g < json_object_array_length(groups); g++) {
        json_object *m = wt_json_get(json_object_array_get_idx(groups, g),
                                     "metrics");
        for (size_t k = 0; k < json_object_array_length(m); k++, rows++) {
            assert_string_equal(wold__tab_cell(gm, rows, 0)->str,
                                json_object_get_string(wt_json_get(
                                    json_object_array_get_idx(groups, g),
                                    "name")));
            same_number(wold__tab_cell(gm, rows, col_of(gm, "value")),
                        wt_json_get(json_object_array_get_idx(m, k), "value"),
                        "metric value");
        }
    }
    assert_int_equal(gm->nrow, rows);
    check_csv(json, &ts);
    json_object_put(root);
    wold__tables_free(&ts);
    free(json);
    unlink(data);
    free(data);
}

/* Quoting, nulls in a string column, pairs met after a null, a nested
 * object, an array of whole reports. */
static void test_shapes_and_quoting(void **state)
{
    (void)state;
    const char *json =
        "{\"wold_version\": \"0.1.0\", \"name\": \"a, \\\"b\\\"\",\n"
        " \"rows\": [{\"name\": \"x,y\", \"ci\": null, \"o\": {\"p\": 1}},\n"
        "          {\"name\": \"line\\nbreak\", \"ci\": [0.25, null],\n"
        "           \"list\": [\"u\", \"v\", \"w\"], \"o\": null},\n"
        "          {\"name\": null, \"ci\": [1, 2]}],\n"
        " \"m\": {\"r1\": {\"c\": 1.5}, \"r2\": {\"c\": null}},\n"
        " \"stages\": [{\"a\": [{\"x\": 1}], \"b\": [{\"y\": 2}]}]}\n";
    wold__tables ts;
    wold_error err;
    assert_int_equal(wold__tables_build(&ts, json, &err), WOLD_OK);
    static const char *const names[] = {"summary", "rows", "m", "stages.1.a",
                                        "stages.1.b"};
    expect_names(&ts, names, 5);
    const wold__tab *t = find(&ts, "rows");
    assert_int_equal(t->ncol, 5);
    assert_string_equal(t->cols[1], "ci.low");
    assert_string_equal(t->cols[2], "ci.high");
    assert_string_equal(t->cols[3], "o.p");
    assert_string_equal(t->cols[4], "list");
    assert_string_equal(wold__tab_cell(t, 1, 4)->str, "u, v, w");
    assert_int_equal(wold__tab_cell(t, 2, 0)->kind, WOLD__CELL_EMPTY);
    assert_true(isnan(wold__tab_cell(t, 0, 1)->num));
    assert_true(wold__tab_cell(t, 2, 2)->integer);
    char *csv = NULL;
    assert_int_equal(wold_tables_csv(&csv, json, &err), WOLD_OK);
    assert_non_null(strstr(csv, "summary,2,value,\"a, \"\"b\"\"\"\n"));
    assert_non_null(strstr(csv, "rows,1,name,\"x,y\"\n"));
    assert_non_null(strstr(csv, "rows,2,name,\"line\nbreak\"\n"));
    assert_non_null(strstr(csv, "rows,1,ci.low,\n"));
    assert_non_null(strstr(csv, "rows,2,ci.low,0.25\n"));
    assert_non_null(strstr(csv, "rows,3,name,\n"));
    assert_non_null(strstr(csv, "m,1,name,r1\nm,1,c,1.5\nm,2,name,r2\nm,2,c,\n"));
    csv_matches(csv, &ts);
    free(csv);
    wold__tables_free(&ts);
}

static void test_not_a_report(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "not json", "[1, 2]", "{}",
                                      "{\"a\": 1}", "{\"wold_version\": 1} x",
                                      "{\"wold_version\": "};
    wold_error err;
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char *csv = (char *)1;
        WT_EXPECT_ERROR(wold_tables_csv(&csv, bad[k], &err), &err,
                        WOLD_EUSAGE, "");
        assert_null(csv);
        WT_EXPECT_ERROR(wold_tables_xlsx(bad[k], "/tmp/never.xlsx",
                                         WOLD_LANG_EN, &err),
                        &err, WOLD_EUSAGE, "");
    }
    WT_EXPECT_ERROR(wold_tables_csv(NULL, "{}", &err), &err, WOLD_EUSAGE,
                    "NULL");
    char *csv = NULL;
    WT_EXPECT_ERROR(wold_tables_csv(&csv, NULL, &err), &err, WOLD_EUSAGE,
                    "NULL");
    WT_EXPECT_ERROR(wold_tables_csv(&csv, "{}", &err), &err, WOLD_EUSAGE,
                    "not a wold report");
    WT_EXPECT_ERROR(wold_tables_csv(&csv, "{\"wold_version\": ", &err), &err,
                    WOLD_EUSAGE, "not JSON");
    assert_int_equal(access("/tmp/never.xlsx", F_OK), -1);
}

/* ---- the workbook ------------------------------------------------------ */

/* The file name of the member of the workbook at path, or NULL without
 * unzip. */
static char *unzip(const char *path, const char *member)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s' 2>/dev/null", path, member);
    return run(cmd);
}

static int have_unzip(void)
{
    return system("command -v unzip >/dev/null 2>&1") == 0;
}

static char *temp_dir(void)
{
    char *d = malloc(64);
    assert_non_null(d);
    strcpy(d, "/tmp/wold-tables-XXXXXX");
    assert_non_null(mkdtemp(d));
    return d;
}

/* Nothing but the names listed is in dir. */
static void dir_holds(const char *dir, const char *expect)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | tr '\\n' ' '", dir);
    char *ls = run(cmd);
    assert_non_null(ls);
    assert_string_equal(ls, expect);
    free(ls);
}

static void test_xlsx(void **state)
{
    (void)state;
#ifndef WOLD_TEST_XLSX
    wold_error e;
    WT_EXPECT_ERROR(wold_tables_xlsx("{\"wold_version\": \"0\"}", "/tmp/x.xlsx",
                                     WOLD_LANG_EN, &e),
                    &e, WOLD_EUSAGE, "-DWOLD_XLSX=ON");
    print_message("SKIPPED: built without WOLD_XLSX\n");
    skip();
#endif
    WT_SKIP_IF_ABSENT(wt_shared("datasets/satisfaction.csv"));
    char *json = report(sat_args());
    char *dir = temp_dir();
    char path[256];
    snprintf(path, sizeof path, "%s/fit.xlsx", dir);
    wold_error err;
    assert_int_equal(wold_tables_xlsx(json, path, WOLD_LANG_EN, &err),
                     WOLD_OK);
    dir_holds(dir, "fit.xlsx ");
    if (!have_unzip()) {
        print_message("SKIPPED: unzip is absent: the workbook's XML is not "
                      "checked\n");
    } else {
        char *wb = unzip(path, "xl/workbook.xml");
        assert_non_null(wb);
        assert_non_null(strstr(wb, "<sheet name=\"Contents\" sheetId=\"1\""));
        assert_non_null(strstr(wb, "<sheet name=\"paths\" sheetId=\"8\""));
        assert_non_null(strstr(wb, "<sheet name=\"index.constructs\""));
        free(wb);
        /* paths (sheet 8): C2 is the first estimate, a number (no t=)
         * with its 16 significant digits, in the "0.000" style. */
        char *ws = unzip(path, "xl/worksheets/sheet8.xml");
        assert_non_null(ws);
        assert_non_null(strstr(ws, "state=\"frozen\""));
        assert_non_null(strstr(ws, "ySplit=\"1\""));
        json_object *root = json_tokener_parse(json);
        double est = json_object_get_double(wt_json_get(
            json_object_array_get_idx(wt_json_get(root, "paths"), 0),
            "estimate"));
        char want[64];
        snprintf(want, sizeof want, "<v>%.16G</v>", est);
        char *c2 = strstr(ws, "<c r=\"C2\"");
        assert_non_null(c2);
        char *end = strstr(c2, "</c>");
        assert_non_null(end);
        *end = '\0';
        assert_null(strstr(c2, " t=\""));
        assert_non_null(strstr(c2, want));
        assert_true(fabs(strtod(strstr(c2, "<v>") + 3, NULL) - est) <=
                    4e-16 * fabs(est));
        json_object_put(root);
        free(ws);
        char *st = unzip(path, "xl/styles.xml");
        assert_non_null(st);
        assert_non_null(strstr(st, "formatCode=\"0.000\""));
        assert_non_null(strstr(st, "formatCode=\"0.0000\""));
        assert_non_null(strstr(st, "formatCode=\"0.00\""));
        assert_non_null(strstr(st, "formatCode=\"0\""));
        free(st);
    }
    /* Chinese headings and sheet names. */
    snprintf(path, sizeof path, "%s/zh.xlsx", dir);
    assert_int_equal(wold_tables_xlsx(json, path, WOLD_LANG_ZH, &err),
                     WOLD_OK);
    if (have_unzip()) {
        char *ss = unzip(path, "xl/sharedStrings.xml");
        assert_non_null(ss);
        assert_non_null(strstr(ss, "<t>估计值</t>"));
        assert_non_null(strstr(ss, "<t>标准误</t>"));
        free(ss);
        char *wb = unzip(path, "xl/workbook.xml");
        assert_non_null(strstr(wb, "<sheet name=\"目录\""));
        assert_non_null(strstr(wb, "<sheet name=\"路径系数\""));
        free(wb);
    }
    /* An existing file keeps its mode. */
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(wold_tables_xlsx(json, path, WOLD_LANG_ZH, &err),
                     WOLD_OK);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0640);
    /* Failures leave nothing: a missing folder, a folder in the way. */
    char bad[300];
    snprintf(bad, sizeof bad, "%s/no/such/dir/x.xlsx", dir);
    WT_EXPECT_ERROR(wold_tables_xlsx(json, bad, WOLD_LANG_EN, &err), &err,
                    WOLD_EIO, "cannot write: No such file or directory");
    snprintf(bad, sizeof bad, "%s/sub", dir);
    assert_int_equal(mkdir(bad, 0755), 0);
    WT_EXPECT_ERROR(wold_tables_xlsx(json, bad, WOLD_LANG_EN, &err), &err,
                    WOLD_EIO, "cannot write");
    dir_holds(dir, "fit.xlsx sub zh.xlsx ");
    rmdir(bad);
    snprintf(bad, sizeof bad, "rm -rf '%s'", dir);
    assert_int_equal(system(bad), 0);
    free(dir);
    free(json);
}

/* Sheet names: at most 31 characters, none of []:*?/\, unique. */
static void test_sheet_names(void **state)
{
    (void)state;
#ifndef WOLD_TEST_XLSX
    print_message("SKIPPED: built without WOLD_XLSX\n");
    skip();
#endif
    if (!have_unzip()) {
        print_message("SKIPPED: unzip is absent\n");
        skip();
    }
    const char *json =
        "{\"wold_version\": \"0.1.0\",\n"
        " \"a_very_long_section_name_indeed\": {\"x\": 1,\n"
        "   \"stages\": [{\"a\": [{\"v\": 1}], \"paths\": [{\"v\": 1}]}],\n"
        "   \"this_table_name_is_far_too_long_one\": [{\"v\": 1}],\n"
        "   \"this_table_name_is_far_too_long_two\": [{\"v\": 2}]},\n"
        " \"odd[]:*?/\\\\name\": [{\"v\": 3}], \"Summary\": [{\"v\": 4}]}";
    char *dir = temp_dir();
    char path[256];
    snprintf(path, sizeof path, "%s/n.xlsx", dir);
    wold_error err;
    assert_int_equal(wold_tables_xlsx(json, path, WOLD_LANG_EN, &err),
                     WOLD_OK);
    char *wb = unzip(path, "xl/workbook.xml");
    assert_non_null(wb);
    assert_non_null(strstr(wb, "name=\"stages.1.paths\""));
    assert_non_null(strstr(wb, "name=\"this_table_name_is_far_too_long\""));
    assert_non_null(strstr(wb, "name=\"this_table_name_is_far_too_lo~2\""));
    assert_non_null(strstr(wb, "name=\"odd_______name\""));
    assert_non_null(strstr(wb, "name=\"Summary~2\""));
    free(wb);
    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    assert_int_equal(system(path), 0);
    free(dir);
}

/* Each allocation of wold_tables_csv and wold_tables_xlsx failed in
 * turn: WOLD_ENOMEM, no output, nothing leaked (under ASan), no file. */
static void test_out_of_memory(void **state)
{
    (void)state;
    const char *json =
        "{\"wold_version\": \"0.1.0\", \"s\": {\"a\": 1, \"b\": [1, 2]},\n"
        " \"rows\": [{\"name\": \"x\", \"ci\": [1, 2], \"o\": {\"p\": 1},\n"
        "            \"kids\": [{\"k\": 1}, {\"k\": 2}]}],\n"
        " \"m\": {\"r1\": {\"c\": 1.5}, \"r2\": {\"c\": null}},\n"
        " \"e\": [], \"stages\": [{\"a\": [{\"x\": 1}], \"b\": [{\"y\": 2}]}]}";
    wold_error err;
    long k;
    for (k = 1; k < 100000; k++) {
        char *csv = NULL;
        calls = 0;
        fail_at = k;
        wold_status st = wold_tables_csv(&csv, json, &err);
        fail_at = 0;
        if (calls < k) {
            assert_int_equal(st, WOLD_OK);
            free(csv);
            break;
        }
        assert_int_equal(st, WOLD_ENOMEM);
        assert_null(csv);
    }
    assert_true(k > 20);
#ifdef WOLD_TEST_XLSX
    char *dir = temp_dir();
    char path[256];
    snprintf(path, sizeof path, "%s/m.xlsx", dir);
    for (k = 1; k < 100000; k++) {
        calls = 0;
        fail_at = k;
        wold_status st = wold_tables_xlsx(json, path, WOLD_LANG_ZH, &err);
        fail_at = 0;
        if (calls < k) {
            assert_int_equal(st, WOLD_OK);
            break;
        }
        assert_int_equal(st, WOLD_ENOMEM);
        dir_holds(dir, "");
    }
    dir_holds(dir, "m.xlsx ");
    unlink(path);
    rmdir(dir);
    free(dir);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fit),
        cmocka_unit_test(test_fit_boot),
        cmocka_unit_test(test_ipma_index_predict_metrics),
        cmocka_unit_test(test_shapes_and_quoting),
        cmocka_unit_test(test_not_a_report),
        cmocka_unit_test(test_xlsx),
        cmocka_unit_test(test_sheet_names),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
