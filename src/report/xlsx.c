/*
 * xlsx.c - a report's tables as an Excel workbook through libxlsxwriter
 * (WOLD_XLSX; docs/tables.md, "The workbook"): a Contents sheet, then one
 * sheet per table with a bold frozen header row, numbers stored as
 * numbers with a number format, headings and sheet names in the report's
 * language.  The workbook is written to a temporary file beside path and
 * renamed over it, so that a failure leaves nothing half-written.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "report/tables.h"
#include "util/util.h"

#ifndef WOLD_HAVE_XLSX

wold_status wold_tables_xlsx(const char *json, const char *path,
                             wold_lang lang, wold_error *err)
{
    (void)json;
    (void)path;
    (void)lang;
    return WOLD_FAIL(err, WOLD_EUSAGE,
                     "this wold was built without Excel output: install "
                     "libxlsxwriter (Debian: apt-get install "
                     "libxlsxwriter-dev) and configure with -DWOLD_XLSX=ON");
}

#else

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

/* ---- headings in the report's language ---------------------------------- */

/* JSON keys whose heading is another English label of lang.c; every
 * other key is looked up as it is. */
static const struct {
    const char *key, *en;
} heads[] = {
    {"ave", WOLD__N("AVE")},
    {"bootstrap", WOLD__N("Bootstrap")},
    {"companies", WOLD__N("company")},
    {"constructs", WOLD__N("construct")},
    {"cross_loadings", WOLD__N("Cross-loadings")},
    {"dg_rho", WOLD__N("DG rho")},
    {"effects", WOLD__N("Effects")},
    {"fornell_larcker", WOLD__N("Fornell-Larcker")},
    {"grades", WOLD__N("grade")},
    {"groups", WOLD__N("Group")},
    {"htmt", WOLD__N("HTMT")},
    {"htmt2", WOLD__N("HTMT2")},
    {"industries", WOLD__N("industry")},
    {"jackknife_se", WOLD__N("jack. s.e.")},
    {"kish_n", WOLD__N("Kish n")},
    {"lm_mae", WOLD__N("LM MAE")},
    {"lm_rmse", WOLD__N("LM RMSE")},
    {"lv", WOLD__N("construct")},
    {"lv_correlations", WOLD__N("LV correlations")},
    {"mae", WOLD__N("PLS MAE")},
    {"mean_mae", WOLD__N("mean MAE")},
    {"mean_rmse", WOLD__N("mean RMSE")},
    {"mean_score", WOLD__N("mean score")},
    {"metrics", WOLD__N("metric")},
    {"model_fit", WOLD__N("Model fit")},
    {"paths", WOLD__N("Paths")},
    {"q2_predict", WOLD__N("Q2predict")},
    {"r2", WOLD__N("R2")},
    {"r2_adj", WOLD__N("adj. R2")},
    {"rho_a", WOLD__N("rhoA")},
    {"rho_c", WOLD__N("rhoC")},
    {"rmse", WOLD__N("PLS RMSE")},
    {"se", WOLD__N("s.e.")},
    {"sectors", WOLD__N("sector")},
    {"statistics", WOLD__N("statistic")},
    {"std_error", WOLD__N("s.e.")},
    {"vif", WOLD__N("VIF")},
    {"warnings", WOLD__N("Warnings")},
};

static const char *head_of(wold_lang lang, const char *key)
{
    for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++)
        if (strcmp(heads[k].key, key) == 0)
            return wold__tr(lang, heads[k].en);
    return wold__tr(lang, key);
}

/* A dotted name with each part translated (English: as it is), into buf
 * (size bytes). */
static void translate(wold_lang lang, const char *name, char *buf,
                      size_t size)
{
    if (lang != WOLD_LANG_ZH) {
        snprintf(buf, size, "%s", name);
        return;
    }
    size_t len = 0;
    buf[0] = '\0';
    while (*name != '\0' && len + 1 < size) {
        const char *dot = strchr(name, '.');
        size_t n = dot != NULL ? (size_t)(dot - name) : strlen(name);
        char part[256];
        snprintf(part, sizeof part, "%.*s", (int)n, name);
        int w = snprintf(buf + len, size - len, "%s%s", len > 0 ? "." : "",
                         head_of(lang, part));
        len = w < 0 ? size : len + (size_t)w;
        name += n + (dot != NULL);
    }
}

/* ---- sheet names ---------------------------------------------------------- */

#define SHEET_MAX 31 /* characters, Excel's limit */

/* The first max UTF-8 characters of s (cut in place). */
static void cut_chars(char *s, size_t max)
{
    size_t chars = 0;
    for (char *p = s; *p != '\0'; p++)
        if (((unsigned char)*p & 0xC0) != 0x80 && chars++ == max) {
            *p = '\0';
            return;
        }
}

/* s into buf (size bytes), cut to fit. */
static void copy_cut(char *buf, size_t size, const char *s)
{
    size_t n = strlen(s);
    n = n < size ? n : size - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
}

static int same_name(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

/* The sheet of table k: its (translated) name without the characters
 * Excel refuses ([]:*?/\ and quotes), at most 31 characters (leading
 * dotted parts dropped, then cut), unlike the names before it (Excel
 * compares them ignoring case): "~2", "~3" ... */
static void sheet_name(char *out, size_t size, const char *title,
                       char (*used)[128], size_t n_used)
{
    char buf[128];
    copy_cut(buf, sizeof buf, title);
    /* Too long: the leading parts go first, the last part says most
     * ("earlier_stages.1.paths"); the Contents sheet has the full name. */
    char *base = buf, *dot;
    while (wold__utf8_len(base, strlen(base)) > SHEET_MAX &&
           (dot = strchr(base, '.')) != NULL)
        base = dot + 1;
    for (char *p = base; *p != '\0'; p++)
        if (strchr("[]:*?/\\'", *p) != NULL)
            *p = '_';
    for (unsigned k = 1;; k++) {
        char suffix[16] = "";
        if (k > 1)
            snprintf(suffix, sizeof suffix, "~%u", k);
        copy_cut(out, size, base);
        cut_chars(out, SHEET_MAX - strlen(suffix));
        strcat(out, suffix);
        size_t j = 0;
        while (j < n_used && !same_name(used[j], out))
            j++;
        if (j == n_used)
            return;
    }
}

/* ---- formats ------------------------------------------------------------ */

typedef struct fmts {
    lxw_format *bold, *integer, *est, *p, *idx, *general, *link;
} fmts;

static lxw_format *num_format(lxw_workbook *wb, const char *f)
{
    lxw_format *x = workbook_add_format(wb);
    if (x != NULL)
        format_set_num_format(x, f);
    return x;
}

static int make_formats(lxw_workbook *wb, fmts *f)
{
    f->bold = workbook_add_format(wb);
    if (f->bold != NULL)
        format_set_bold(f->bold);
    f->integer = num_format(wb, "0");
    f->est = num_format(wb, "0.000");
    f->p = num_format(wb, "0.0000");
    f->idx = num_format(wb, "0.00");
    f->general = num_format(wb, "General");
    f->link = workbook_get_default_url_format(wb);
    return f->bold && f->integer && f->est && f->p && f->idx && f->general;
}

static int has_part(const char *name, const char *part)
{
    size_t n = strlen(part);
    for (const char *s = name; (s = strstr(s, part)) != NULL; s++)
        if ((s == name || s[-1] == '.') && (s[n] == '\0' || s[n] == '.'))
            return 1;
    return 0;
}

/* The number format of a column (docs/tables.md, "Number formats"). */
static lxw_format *column_format(const fmts *f, const wold__tab *t,
                                 const char *col)
{
    const char *last = strrchr(col, '.');
    last = last != NULL ? last + 1 : col;
    size_t n = strlen(last);
    if (strcmp(t->name, "summary") == 0)
        return f->general;
    if (strcmp(last, "p") == 0 || (n > 2 && strcmp(last + n - 2, "_p") == 0))
        return f->p;
    if (has_part(t->name, "index") || has_part(col, "index") ||
        has_part(t->name, "metrics") || has_part(t->name, "companies") ||
        has_part(t->name, "industries") || has_part(t->name, "sectors") ||
        strcmp(last, "performance") == 0 || strcmp(last, "potential") == 0 ||
        strcmp(last, "target_performance") == 0)
        return f->idx;
    return f->est;
}

/* ---- writing ------------------------------------------------------------ */

static size_t cell_width(const wold__cell *c)
{
    switch (c->kind) {
    case WOLD__CELL_STR:
        return wold__display_width(c->str);
    case WOLD__CELL_NUM:
        return c->integer ? 8 : 10;
    default:
        return 5;
    }
}

static lxw_error write_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                            const wold__cell *cell, lxw_format *f,
                            const fmts *fs)
{
    switch (cell->kind) {
    case WOLD__CELL_NUM:
        if (isnan(cell->num) || isinf(cell->num))
            return LXW_NO_ERROR; /* Excel has no NaN: left blank */
        return worksheet_write_number(ws, r, c, cell->num,
                                      cell->integer ? fs->integer : f);
    case WOLD__CELL_STR:
        return worksheet_write_string(ws, r, c, cell->str, NULL);
    case WOLD__CELL_BOOL:
        return worksheet_write_boolean(ws, r, c, cell->num != 0, NULL);
    default:
        return LXW_NO_ERROR;
    }
}

static lxw_error write_table(lxw_worksheet *ws, const wold__tab *t,
                             const fmts *fs, wold_lang lang)
{
    lxw_error e = LXW_NO_ERROR;
    char head[512];
    for (size_t c = 0; c < t->ncol && e == LXW_NO_ERROR; c++) {
        lxw_format *f = column_format(fs, t, t->cols[c]);
        translate(lang, t->cols[c], head, sizeof head);
        size_t w = wold__display_width(head);
        e = worksheet_write_string(ws, 0, (lxw_col_t)c, head, fs->bold);
        for (size_t r = 0; r < t->nrow && e == LXW_NO_ERROR; r++) {
            const wold__cell *cell = wold__tab_cell(t, r, c);
            size_t cw = cell_width(cell);
            w = cw > w ? cw : w;
            e = write_cell(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, cell, f, fs);
        }
        if (e == LXW_NO_ERROR)
            e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                                     (double)(w > 60 ? 60 : w) + 2, NULL);
    }
    worksheet_freeze_panes(ws, 1, 0);
    return e;
}

/* The Contents sheet: each table's sheet (a link to it), full name, rows
 * and columns. */
static lxw_error write_contents(lxw_worksheet *ws, const wold__tables *ts,
                                char (*sheets)[128], const fmts *fs,
                                wold_lang lang)
{
    static const char *const cols[] = {WOLD__N("sheet"), WOLD__N("table"),
                                       WOLD__N("rows"), WOLD__N("columns")};
    lxw_error e = LXW_NO_ERROR;
    for (size_t c = 0; c < 4 && e == LXW_NO_ERROR; c++)
        e = worksheet_write_string(ws, 0, (lxw_col_t)c,
                                   wold__tr(lang, cols[c]), fs->bold);
    size_t wide = 10, wname = 10;
    for (size_t k = 0; k < ts->n && e == LXW_NO_ERROR; k++) {
        char url[300];
        lxw_row_t r = (lxw_row_t)(k + 1);
        snprintf(url, sizeof url, "internal:'%s'!A1", sheets[k + 1]);
        e = worksheet_write_url_opt(ws, r, 0, url, fs->link, sheets[k + 1],
                                    NULL);
        if (e == LXW_NO_ERROR)
            e = worksheet_write_string(ws, r, 1, ts->t[k].name, NULL);
        if (e == LXW_NO_ERROR)
            e = worksheet_write_number(ws, r, 2, (double)ts->t[k].nrow,
                                       fs->integer);
        if (e == LXW_NO_ERROR)
            e = worksheet_write_number(ws, r, 3, (double)ts->t[k].ncol,
                                       fs->integer);
        size_t w = wold__display_width(sheets[k + 1]);
        wide = w > wide ? w : wide;
        w = strlen(ts->t[k].name);
        wname = w > wname ? w : wname;
    }
    worksheet_set_column(ws, 0, 0, (double)wide + 2, NULL);
    worksheet_set_column(ws, 1, 1, (double)wname + 2, NULL);
    worksheet_set_column(ws, 2, 3, 10, NULL);
    worksheet_freeze_panes(ws, 1, 0);
    return e;
}

/* Every sheet of the workbook; the first libxlsxwriter error, or
 * LXW_ERROR_MEMORY_MALLOC_FAILED for a sheet or format it could not
 * make. */
static lxw_error fill(lxw_workbook *wb, const wold__tables *ts,
                      wold_lang lang)
{
    fmts fs;
    if (!make_formats(wb, &fs))
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    char (*sheets)[128] = calloc(ts->n + 1, sizeof *sheets);
    if (sheets == NULL)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    char title[512];
    snprintf(sheets[0], sizeof sheets[0], "%s",
             wold__tr(lang, "Contents"));
    for (size_t k = 0; k < ts->n; k++) {
        translate(lang, ts->t[k].name, title, sizeof title);
        sheet_name(sheets[k + 1], sizeof sheets[k + 1], title, sheets, k + 1);
    }
    lxw_error e = LXW_NO_ERROR;
    lxw_worksheet *ws = workbook_add_worksheet(wb, sheets[0]);
    if (ws == NULL)
        e = LXW_ERROR_MEMORY_MALLOC_FAILED;
    else
        e = write_contents(ws, ts, sheets, &fs, lang);
    for (size_t k = 0; k < ts->n && e == LXW_NO_ERROR; k++) {
        ws = workbook_add_worksheet(wb, sheets[k + 1]);
        e = ws == NULL ? LXW_ERROR_MEMORY_MALLOC_FAILED
                       : write_table(ws, &ts->t[k], &fs, lang);
    }
    free(sheets);
    return e;
}

/* A free name beside path for the workbook to be written to (removed
 * again, so that libxlsxwriter creates it with the mode a new file
 * gets). */
static wold_status temp_beside(const char *path, char **tmp, wold_error *err)
{
    size_t n = strlen(path);
    *tmp = malloc(n + sizeof ".tmp-XXXXXX");
    if (*tmp == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    memcpy(*tmp, path, n);
    memcpy(*tmp + n, ".tmp-XXXXXX", sizeof ".tmp-XXXXXX");
    int fd = mkstemp(*tmp);
    if (fd < 0) {
        int e = errno;
        free(*tmp);
        *tmp = NULL;
        return WOLD_FAIL(err, WOLD_EIO, "%s: cannot write: %s", path,
                         strerror(e));
    }
    close(fd);
    unlink(*tmp);
    return WOLD_OK;
}

/* Writes the workbook to tmp; the libxlsxwriter error, if any. */
static lxw_error write_workbook(const wold__tables *ts, const char *tmp,
                                wold_lang lang, int *nomem)
{
    lxw_workbook_options opt = {0};
    lxw_workbook *wb = workbook_new_opt(tmp, &opt);
    if (wb == NULL) {
        *nomem = 1;
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    }
    lxw_error e = fill(wb, ts, lang);
    *nomem = e == LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error ce = workbook_close(wb); /* frees wb whatever happens */
    return e != LXW_NO_ERROR ? e : ce;
}

wold_status wold_tables_xlsx(const char *json, const char *path,
                             wold_lang lang, wold_error *err)
{
    if (path == NULL || path[0] == '\0')
        return WOLD_FAIL(err, WOLD_EUSAGE, "wold_tables_xlsx: no path");
    wold__tables ts;
    WOLD_TRY(wold__tables_build(&ts, json, err));
    char *tmp = NULL;
    wold_status st = temp_beside(path, &tmp, err);
    int nomem = 0;
    lxw_error e = st == WOLD_OK ? write_workbook(&ts, tmp, lang, &nomem)
                                : LXW_NO_ERROR;
    wold__tables_free(&ts);
    if (st == WOLD_OK && e != LXW_NO_ERROR)
        st = nomem ? WOLD_FAIL(err, WOLD_ENOMEM, "out of memory")
                   : WOLD_FAIL(err, WOLD_EIO, "%s: cannot write: %s", path,
                               lxw_strerror(e));
    struct stat old;
    if (st == WOLD_OK && stat(path, &old) == 0)
        chmod(tmp, old.st_mode & 07777); /* keep the mode it replaces */
    if (st == WOLD_OK && rename(tmp, path) != 0)
        st = WOLD_FAIL(err, WOLD_EIO, "%s: cannot write: %s", path,
                       strerror(errno));
    if (st != WOLD_OK && tmp != NULL)
        unlink(tmp);
    free(tmp);
    return st;
}

#endif
