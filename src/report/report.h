/* report.h - shared pieces of the report writers. */
#ifndef WOLD_REPORT_H
#define WOLD_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include <wold/wold.h>

/*
 * The stream a report is written to (sink.c): a FILE whose bytes go to a
 * buffer that wold allocates, so that running out of memory is seen.
 */
typedef struct wold__sink {
    char *buf;
    size_t len, cap;
    int nomem; /* a write found no memory */
} wold__sink;

/* A stream writing into s, or NULL when out of memory. */
FILE *wold__sink_open(wold__sink *s);
/* Closes f and returns its text (NUL-terminated, free with free()), or
 * NULL when out of memory at any point. */
char *wold__sink_close(wold__sink *s, FILE *f);
/* Closes f and hands its text to *out when st is WOLD_OK and nothing
 * failed; otherwise frees it and returns st, or WOLD_ENOMEM. */
wold_status wold__sink_finish(wold__sink *s, FILE *f, wold_status st,
                              char **out, wold_error *err);

/*
 * The text of the English heading or label en in lang (lang.c): the
 * Chinese for WOLD_LANG_ZH when the table has en, otherwise en itself.
 * The result is a constant string (never allocated).  en may be a printf
 * format: its Chinese has the same conversions in the same order.  Pass
 * a string literal (adjacent literals are joined) or a string marked
 * with WOLD__N where it is defined: tests/test_lang.c finds them in
 * src/ and checks that each has its Chinese, with the same conversions.
 */
const char *wold__tr(wold_lang lang, const char *en);
/* The English plural ending for n things, "s" or "" ("" in Chinese,
 * which has none): the translated formats keep English's conversions. */
const char *wold__plural(wold_lang lang, size_t n);
/* The label of a summary line ("  model      "): two blanks, then en in
 * lang padded to 11 display columns. */
void wold__put_label(FILE *f, wold_lang lang, const char *en);
/* Marks a literal that reaches wold__tr through a variable (an array of
 * column heads); it is the literal itself. */
#define WOLD__N(s) s
/* The table, for the test: its size and its k-th English key (in strcmp
 * order), NULL past the end. */
size_t wold__tr_count(void);
const char *wold__tr_key(size_t k);

/* Writes s left-aligned in a field of width columns. */
void wold__put_padded(FILE *f, const char *s, size_t width);

/*
 * A text table: cells are added row by row (ncol per row), then written
 * with every column as wide as its widest cell, two blanks between
 * columns.  align has one letter per column, 'l', 'r' or 'm' (marked
 * numbers, wold__table_marked).  An allocation
 * failure is remembered and reported by write.
 */
typedef struct wold__table {
    size_t ncol;
    const char *align;
    char *text;          /* the cells, NUL-terminated one after another */
    size_t text_len, text_cap;
    size_t *off;         /* where each cell starts in text */
    size_t n_cells, off_cap;
    size_t *width;       /* display width of each column */
    unsigned char *is_line; /* per row: 1 for a line of running text */
    size_t n_lines, line_cap;
    int failed;
} wold__table;

wold_status wold__table_init(wold__table *t, const char *align);
void wold__table_free(wold__table *t);
void wold__table_cell(wold__table *t, const char *s);
/* A row of running text (a heading inside the table), written as it is
 * after the indent; it takes no part in the column widths. */
void wold__table_line(wold__table *t, const char *s);
/* A number with fixed decimals; NaN and infinities print as "-". */
void wold__table_num(wold__table *t, double x, int decimals);
/* A number of an 'm' column (align letter 'm': right-aligned numbers
 * followed by a mark): fixed decimals, then '*' when mark is set and the
 * number is defined. */
void wold__table_marked(wold__table *t, double x, int decimals, int mark);
/* A p value: 4 decimals, or 3 significant digits below 1e-4. */
void wold__table_p(wold__table *t, double p);
/* Writes the table, each row after indent; WOLD_ENOMEM if a cell failed. */
wold_status wold__table_write(const wold__table *t, FILE *f,
                              const char *indent);

const char *wold__scheme_name(wold_scheme scheme);
const char *wold__missing_name(wold_missing missing);

/*
 * The JSON document being built (jdoc.c): nomem is set when a json-c
 * constructor or adder failed.  Constructors return NULL then (and
 * wold__jnum returns NULL, a JSON null, for NaN and infinities; wold__jstr
 * for a NULL string); wold__jput and wold__jappend give v to its parent or
 * free it.
 */
struct json_object;
typedef struct wold__jdoc {
    int nomem;
} wold__jdoc;
struct json_object *wold__jmade(wold__jdoc *d, struct json_object *v);
struct json_object *wold__jobj(wold__jdoc *d);
struct json_object *wold__jarr(wold__jdoc *d);
struct json_object *wold__jstr(wold__jdoc *d, const char *s);
struct json_object *wold__jbool(wold__jdoc *d, int b);
struct json_object *wold__jint(wold__jdoc *d, int i);
struct json_object *wold__jcount(wold__jdoc *d, size_t n);
struct json_object *wold__jnum(wold__jdoc *d, double x);
void wold__jput(wold__jdoc *d, struct json_object *o, const char *key,
                struct json_object *v);
void wold__jappend(wold__jdoc *d, struct json_object *a,
                   struct json_object *v);
/* Writes root to f as indented JSON and a newline, then frees root;
 * WOLD_ENOMEM when d records a failed call or serialising fails. */
wold_status wold__jdoc_print(FILE *f, wold__jdoc *d, struct json_object *root,
                             wold_error *err);

/*
 * The consistent-PLS section (plsc.c), for a fit with opt.plsc; nothing
 * (WOLD_OK, NULL) otherwise.  The text returns WOLD_ENOMEM when a table
 * could not be built; the JSON object (NULL for JSON null) sets *nomem
 * when a json-c call failed.
 */
wold_status wold__plsc_text(FILE *f, const wold_fit *fit, wold_lang lang);
struct json_object *wold__plsc_json(const wold_fit *fit, wold__jdoc *d);

/*
 * What the writers report from: the parts the caller gave, the criteria
 * computed from them (NULL without moments) and the effects worth listing
 * (J x J, wold__model_reach).  A section is a function of this context; a
 * new part (the bootstrap's results) becomes a member here and its
 * sections one call each in the writers.
 */
/* What the report says of the data read: from a wold_data, or from the
 * sums of a streamed read. */
typedef struct wold__data_line {
    const char *source;
    size_t n, n_missing_cells, n_incomplete_rows;
    const char *w_name;       /* NULL: not weighted */
    double w_total, kish;     /* of the rows the missing-value rule used */
} wold__data_line;

typedef struct wold__report_ctx {
    const wold_fit *fit;
    const wold_model *md;
    const wold_moments *mo;   /* may be NULL */
    const wold__data_line *data; /* may be NULL */
    const wold_assess *as;    /* NULL when mo is */
    const unsigned char *reach;
    const wold_boot *boot;    /* may be NULL */
    wold_lang lang;           /* of headings and labels (wold__tr) */
    const wold_index *index;  /* may be NULL: no index section */
    const wold_grades *grades; /* NULL: the built-in satisfaction grades */
} wold__report_ctx;

wold_status wold__report_json(FILE *f, const wold__report_ctx *r,
                              wold_error *err);
wold_status wold__report_text(FILE *f, const wold__report_ctx *r,
                              wold_error *err);

/* The bootstrap section (boot.c): text, and the JSON object of the
 * "bootstrap" key (*nomem set when a json-c call failed). */
wold_status wold__report_boot_text(FILE *f, const wold_boot *boot,
                                   wold_lang lang);
struct json_object *wold__report_boot_json(const wold_boot *boot,
                                          wold__jdoc *d);

/* The index section (index.c): the text, and the JSON object of the
 * "index" key (docs/json.md). */
wold_status wold__report_index_text(FILE *f, const wold__report_ctx *r);
struct json_object *wold__report_index_json(const wold__report_ctx *r,
                                           wold__jdoc *d);

/* CSV cells (ipma.c; docs/cli.md "CSV output"): text quoted when it
 * holds a separator, quote or line break; numbers in the shortest exact
 * form, an undefined one as an empty cell. */
void wold__csv_text(FILE *f, const char *s);
void wold__csv_num(FILE *f, double x);

/* The thresholds the text report marks (docs/methods.md, "Criteria"). */
#define WOLD__AVE_MIN 0.5
#define WOLD__HTMT_MAX 0.9
#define WOLD__VIF_MAX 5.0

/*
 * The path diagram (svg.c, docs/report.md): the layout, in SVG user
 * units, of the fit's constructs (ellipse centres lx, ly, widths lw,
 * height lh) and indicators (rectangle centres mx, my, widths mw, height
 * mh) and the control points of the structural arrows (quadratic
 * curves), inside width x height.  One allocation, freed by
 * wold__diagram_free.
 */
typedef struct wold__diagram {
    size_t J, p;
    double *lx, *ly, *lw, *mx, *my, *mw;
    double *qx, *qy; /* per fit coefficient: the arrow's control point */
    double lh, mh, width, height;
} wold__diagram;
wold_status wold__diagram_layout(wold__diagram *d, const wold_fit *fit,
                                 wold_error *err);
void wold__diagram_free(wold__diagram *d);
/* Writes the diagram as an <svg> element (standalone: a whole SVG
 * document with its XML declaration); boot, when not NULL, marks the
 * paths with bootstrap p < 0.05. */
wold_status wold__report_svg(FILE *f, const wold_fit *fit,
                             const wold_boot *boot, wold_lang lang,
                             int standalone, wold_error *err);
/* XML text with & < > " ' escaped; a number with fixed decimals, or the
 * dash WOLD__UNDEFINED when it is NaN or infinite. */
void wold__xml_text(FILE *f, const char *s);
void wold__xml_num(FILE *f, double x, int decimals);
#define WOLD__UNDEFINED "\xe2\x80\x93"

/* The HTML page (html.c): from the report's JSON document json (the
 * text of wold__report_json) and, when ipma_json is not NULL, the IPMA
 * report's JSON. */
wold_status wold__report_html(FILE *f, const wold__report_ctx *r,
                              const char *json, const char *ipma_json,
                              wold_error *err);

#endif
