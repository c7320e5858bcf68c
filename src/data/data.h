/* data.h - the data set, visible inside the library only. */
#ifndef WOLD_DATA_H
#define WOLD_DATA_H

#include <stddef.h>
#include <stdint.h>

#include <wold/wold.h>

/* A label column (wold_csv_options.labels): its levels and row codes. */
typedef struct wold__label {
    char *name;       /* the column's header name */
    size_t n_levels;
    char **levels;    /* distinct values in order of first appearance */
    size_t *codes;    /* n row codes into levels */
} wold__label;

/* The value labels a statistical file gives one column, by value. */
typedef struct wold__value_label {
    double value;
    char *label;
} wold__value_label;

typedef struct wold__value_labels {
    size_t n;
    wold__value_label *v; /* n labels in increasing value */
} wold__value_labels;

struct wold_data {
    char *source;     /* file name, "<stdin>" for "-", "" for a matrix */
    size_t n, p;      /* rows, columns */
    char **names;     /* p column names */
    double *x;        /* n x p row-major, NaN = missing */
    size_t n_missing_cells;
    size_t n_incomplete_rows;
    double *w;        /* n observation weights, or NULL */
    char *w_name;     /* their column, or NULL */
    size_t n_labels;
    wold__label *labels; /* n_labels label columns, or NULL */
    /* A statistical file's (readstat.c), else NULL: */
    char **col_labels;   /* p variable labels (NULL entries: none) */
    wold__value_labels *value_labels; /* p columns' value labels */
};

/* ------------------------------------------------------------------------
 * number.c - one cell to a double
 * ------------------------------------------------------------------------ */

typedef enum wold__num {
    WOLD__NUM_OK = 0,      /* a finite number */
    WOLD__NUM_MISSING = 1, /* empty (after trimming) or NA */
    WOLD__NUM_BAD = 2,     /* not a decimal number */
    WOLD__NUM_RANGE = 3,   /* a number, but too large for a double */
    WOLD__NUM_NOMEM = 4,   /* no memory to copy a cell of over 127 bytes */
    WOLD__NUM_TINY = 5     /* non-zero digits that underflow to 0 */
} wold__num;

/*
 * Converts the len bytes at s (surrounding spaces and tabs ignored):
 * [+-]digits[.digits][(e|E)[+-]digits], correctly rounded.  "inf", "nan"
 * and hexadecimal are not numbers here.  *out is set only for NUM_OK.
 */
wold__num wold__number_parse(const char *s, size_t len, double *out);

/* A decimal number as the scan read it: value = (neg ? -1 : 1) w 10^q,
 * exactly unless truncated (digits beyond the first 19 significant ones
 * were not all zero; w then holds those 19). */
typedef struct wold__decimal {
    uint64_t w;
    int64_t q;     /* clamped far beyond the double range */
    int neg;
    int truncated;
} wold__decimal;

/*
 * Scans the longest decimal number at p (< end) in the grammar above
 * (no blanks) into d.  Returns where it stops, or NULL when no number
 * starts at p or the exponent has no digits.
 */
const char *wold__decimal_scan(const char *p, const char *end,
                               wold__decimal *d);

/*
 * The double of d (by value: the hot loop keeps its scan in registers),
 * which wold__decimal_scan read from s[0..len) (the
 * whole text, sign included, for the rare cases rounded from the text):
 * NUM_OK with *out, RANGE, TINY or NOMEM (as wold__number_parse).
 */
wold__num wold__decimal_value(wold__decimal d, const char *s, size_t len,
                              double *out);

#ifdef WOLD_FAST_FLOAT
/* fastfloat.cc, over fast_float (CMake option WOLD_FAST_FLOAT). */
/* w x 10^q by Eisel-Lemire, the value when truncated digits cannot change
 * it; 0 when undecided (then use wold__ff_from_chars). */
int wold__ff_eisel_lemire(int64_t q, uint64_t w, int truncated, double *out);
/* fast_float::from_chars of the whole decimal s[0..len) (a leading '+'
 * allowed); 0 unless it reads all of it. */
int wold__ff_from_chars(const char *s, size_t len, double *out);
/* fast_float's table of 128-bit powers of five, 5^-342 to 5^308, two
 * words each (for the inline Eisel-Lemire of decimal.h). */
const uint64_t *wold__ff_power_table(void);
#endif

/* ------------------------------------------------------------------------
 * csv.c - the tokenizer
 * ------------------------------------------------------------------------ */

/* One field as the scanner found it. */
typedef struct wold__csv_field {
    const char *text;   /* contents: inside the quotes when quoted */
    size_t len;
    int quoted;
    int last;           /* the field ended its record */
    const char *next;   /* where the next field or record starts */
    size_t newlines;    /* newlines inside the quotes */
    const char *line_start; /* the physical line the field ends on */
} wold__csv_field;

typedef enum wold__fault_kind {
    WOLD__FAULT_NONE = 0,
    WOLD__FAULT_NUMBER,     /* a converted cell that is not a number */
    WOLD__FAULT_RANGE,      /* a number too large for a double */
    WOLD__FAULT_TINY,       /* a non-zero number that underflows to 0 */
    WOLD__FAULT_MANY,       /* more fields than the header */
    WOLD__FAULT_FEW,        /* fewer fields than the header */
    WOLD__FAULT_QUOTE,      /* a quote that never closes */
    WOLD__FAULT_AFTER_QUOTE /* text between a closing quote and separator */
} wold__fault_kind;

/* The first problem a scan met, kept until the reader can raise it. */
typedef struct wold__csv_fault {
    wold__fault_kind kind;
    size_t line;            /* newlines between the range start and it */
    const char *line_start; /* its physical line */
    size_t field;           /* 1-based field number */
    const char *text;       /* the offending text */
    size_t text_len;
    size_t found;           /* fields in the row (ragged rows) */
} wold__csv_fault;

/*
 * Scans the field starting at p (p <= end).  Returns 0, or the fault kind
 * (QUOTE, AFTER_QUOTE) with f->text at the place that is wrong.
 */
wold__fault_kind wold__csv_scan_field(const char *p, const char *end,
                                      char sep, wold__csv_field *f);

/* The column layout every row is checked and converted against. */
typedef struct wold__csv_layout {
    char sep;
    size_t n_fields;      /* fields per row (header columns) */
    const int32_t *dest;  /* per field: output column, or -1 to skip */
    size_t p;             /* output columns */
    int simd;             /* vector records (likert.c): WOLD__SIMD_BEST
                             (0), or at most NONE or AVX2 (for tests) */
} wold__csv_layout;

/*
 * One range of rows to convert: [start, end) begins at a record boundary.
 * With grow == 0, x holds cap rows and is never written past them: a
 * range with more rows stops before the first that does not fit, with
 * full = 1, n = cap and stop at that record (call again from there).
 * With grow != 0, x is malloc'd and grown as needed (nomem when it
 * cannot be).
 */
typedef struct wold__csv_job {
    const wold__csv_layout *lay;
    const char *start, *end;
    double *x;
    size_t cap;
    int grow;
    size_t n;               /* rows converted */
    size_t n_missing;
    size_t n_incomplete;
    int nomem;
    int full;               /* grow == 0 and more than cap rows */
    const char *stop;       /* where it stopped: end, the record of the
                               fault, or the record that did not fit */
    wold__csv_fault fault;
} wold__csv_job;

/* Converts the rows of job; stops at the first fault (job->fault), or
 * when x is full (job->full). */
void wold__csv_parse_rows(wold__csv_job *job);

/* A vector record path (likert.c, decimals.c) for one layout: the
 * instructions it uses (WOLD__SIMD_NONE when it has none on this CPU),
 * and identity when the fields are the columns in order. */
enum { WOLD__SIMD_BEST, WOLD__SIMD_NONE, WOLD__SIMD_AVX2, WOLD__SIMD_VBMI2 };
typedef struct wold__vrec {
    int kind;     /* WOLD__SIMD_NONE, _AVX2 or _VBMI2 */
    int identity;
    int skips;    /* some field is not a column (decimals.c) */
} wold__vrec;
/* 1 when the layout's fields are its columns in order. */
int wold__csv_identity(const wold__csv_layout *lay);

/* likert.c - a record of one- and two-digit cells in one vector step.
 * setup: the path for this CPU (AVX-512 VBMI2, else AVX2) and layout (1
 * to 64 fields).  likert_row converts the record at s (128 bytes of text
 * before end; the byte before s need not be readable) into row when
 * every one of its fields is one or two digits and their number is the
 * layout's, returning its length with the '\n'; else 0, having written
 * nothing. */
wold__vrec wold__csv_likert_setup(const wold__csv_layout *lay);
size_t wold__csv_likert_row(const wold__vrec *k, const char *s,
                            const char *end, const wold__csv_layout *lay,
                            double *row);

/* decimals.c - a record of plain decimal cells ([-]digits[.digits], at
 * most 19 significant digits each) in vector steps.  setup: VBMI2 where
 * the CPU has AVX-512 VBMI2 (DQ, CD), the build fast_float, lay->simd is
 * BEST and the separator cannot be part of a number.  decimals_row
 * converts the record at s into row when its used fields have that shape
 * (a skipped field may hold any text without a quote) and it has the
 * layout's number of fields, returning its length with the '\n'; else 0
 * (row may then hold some of its values). */
wold__vrec wold__csv_decimals_setup(const wold__csv_layout *lay);
size_t wold__csv_decimals_row(const wold__vrec *k, const char *s,
                              const char *end, const wold__csv_layout *lay,
                              double *row);

/* Data rows (non-blank lines) in [p, end) of a file without quotes. */
size_t wold__csv_count_rows(const char *p, const char *end);

/* The same count in the same pass as *quote = 1 when [p, end) holds a
 * quote character (16 bytes at a time). */
size_t wold__csv_count_rows_quote(const char *p, const char *end,
                                  int *quote);

/* 1 when the record at p is a blank line; *next is set past it. */
int wold__csv_blank_line(const char *p, const char *end, const char **next);

/* 1-based number of the line that pos is on (counts from buf). */
size_t wold__csv_line_number(const char *buf, const char *pos);

/* Length of the line at line_start, without its line end. */
size_t wold__csv_line_length(const char *line_start, const char *end);

/* ------------------------------------------------------------------------
 * excerpt.c - file text as messages show it
 * ------------------------------------------------------------------------ */

/* Bytes of the valid UTF-8 character at s (s < end), or 0 if none. */
size_t wold__utf8_char_len(const char *s, const char *end);

/*
 * Writes text[0..len) to out (size bytes, always NUL-terminated) for a
 * message: at most max bytes of text, cut before a character that would
 * not fit whole and then followed by "..."; control bytes and bytes that
 * are not UTF-8 as \xHH.  A size of 4 * max + 4 always suffices.
 */
void wold__csv_excerpt(char *out, size_t size, const char *text, size_t len,
                       size_t max);

/*
 * Raises WOLD_EINPUT with msg at line, field col, showing the line of len
 * bytes at line_start with the caret under at (NULL: no caret; at may be
 * the line's end).  A line longer than wold_error.source_line is shown as
 * a window around at, with "..." where text is left out; a NUL byte ends
 * the text shown.
 */
wold_status wold__csv_raise_at(wold_error *err, const char *file, long line,
                               size_t col, const char *line_start,
                               size_t len, const char *at, const char *msg);

/* ------------------------------------------------------------------------
 * header.c - the header row
 * ------------------------------------------------------------------------ */

/*
 * The separator of the header line starting at p: the most frequent of
 * ',' ';' '\t' outside quotes (',' when none occurs; ties in that order).
 */
char wold__csv_detect_separator(const char *p, const char *end);

/* A column name with its field number, for sorting and lookup. */
typedef struct wold__named {
    const char *name;
    size_t index;
} wold__named;

/* The header row, as read by wold__csv_read_header. */
typedef struct wold__csv_header {
    size_t n;               /* columns */
    char **names;           /* n malloc'd names, quotes removed */
    wold__named *sorted;    /* the names in strcmp order */
    const char *line_start; /* the header's (last) physical line */
    const char *data;       /* where the data rows start */
} wold__csv_header;

/*
 * Reads the header record of buf[0..len) (after any BOM, at start) with
 * separator sep.  Errors (WOLD_EINPUT, located in file): no header row,
 * a header of numbers (a file without one), an empty or duplicate name, an unterminated quote, text after a closing
 * quote, a NUL byte, bare CR line ends; WOLD_ENOMEM.
 */
wold_status wold__csv_read_header(wold__csv_header *h, const char *buf,
                                  const char *start, const char *end,
                                  char sep, const char *file,
                                  wold_error *err);

/*
 * For a separator the caller gave (not detected): WOLD_EINPUT when it
 * leaves the header as one column while another of ',' ';' tab occurs in
 * it outside quotes (the one that occurs most is named).
 */
wold_status wold__csv_check_separator(const wold__csv_header *h,
                                      const char *buf, const char *start,
                                      const char *end, char sep,
                                      const char *file, wold_error *err);

void wold__csv_header_free(wold__csv_header *h);

/* Sorts h->names into h->sorted (a header built from names other than a
 * CSV line's, for wold__csv_header_find); 0 when out of memory. */
int wold__csv_header_sort(wold__csv_header *h);

/* "column 4 (qual1)" for the 1-based field number (into buf). */
void wold__csv_column_label(char *buf, size_t size,
                            const wold__csv_header *h, size_t field);

/*
 * The header column (0-based) closest to name by edit distance, within
 * what a typo would explain, or (size_t)-1.
 */
size_t wold__csv_closest_header(const wold__csv_header *h, const char *name);

/*
 * Writes into msg (size bytes) how a header name that looks the same as
 * name differs from it (Unicode normalisation, white space at an end),
 * prefixed by what ("indicator 'x'", "weight column 'w'"), where says
 * where name comes from ("the model"); 0 when no header name is alike.
 */
int wold__csv_lookalike(const char *what, const char *name,
                        const char *where, const wold__csv_header *h,
                        const char *file, char *msg, size_t size);

/* The field number (0-based) of name in h, or (size_t)-1. */
size_t wold__csv_header_find(const wold__csv_header *h, const char *name);

/* ------------------------------------------------------------------------
 * source.c - the bytes of the file
 * ------------------------------------------------------------------------ */

typedef struct wold__source {
    const char *buf; /* len bytes, not NUL-terminated when mapped */
    size_t len;
    void *map;       /* the mapping, or NULL */
    char *heap;      /* the buffer read into memory, or NULL */
} wold__source;

/* Maps a regular file, reads anything else ("-" is standard input). */
wold_status wold__source_open(wold__source *src, const char *path,
                              wold_error *err);
void wold__source_close(wold__source *src);

/* ------------------------------------------------------------------------
 * stream.c - the bytes of an input in order, decompressed where needed
 * ------------------------------------------------------------------------ */

/*
 * An input read front to back: a regular file, standard input ("-") or a
 * pipe, each of them gzip (.gz, zlib) or zstd (.zst, libzstd) compressed
 * or not, told apart by their first bytes (the name does not matter).
 */
typedef struct wold__stream wold__stream;

typedef enum wold__stream_kind {
    WOLD__STREAM_PLAIN = 0,
    WOLD__STREAM_GZIP = 1,
    WOLD__STREAM_ZSTD = 2,
    WOLD__STREAM_ZLIB = 3 /* RFC 1950: deflate in zlib's own wrapper */
} wold__stream_kind;

/*
 * Opens path ("-" is standard input).  Errors (WOLD_EINPUT, naming the
 * file): cannot open, a directory, compressed data of a kind this build
 * was made without (saying which CMake option adds it); WOLD_ENOMEM.
 */
wold_status wold__stream_open(wold__stream **out, const char *path,
                              wold_error *err);

/*
 * Reads up to cap bytes of the (decompressed) contents into buf; *got is
 * 0 only at the end.  Errors (WOLD_EINPUT, naming the file and the byte
 * offset in the compressed input): corrupt or truncated compressed data,
 * a read error; WOLD_ENOMEM.
 */
wold_status wold__stream_read(wold__stream *s, char *buf, size_t cap,
                              size_t *got, wold_error *err);

wold__stream_kind wold__stream_get_kind(const wold__stream *s);

/* For a regular file that is not compressed: its descriptor (pread may be
 * used at any offset) and size; -1 otherwise. */
int wold__stream_fd(const wold__stream *s, uint64_t *size);

void wold__stream_close(wold__stream *s);

/* ------------------------------------------------------------------------
 * convert.c - all data rows, on N threads
 * ------------------------------------------------------------------------ */

/*
 * Converts the rows in [start, end): when the text has no quote (records
 * are then lines, and can be split at any newline) in threads parts (0:
 * one per online core, parts of at least 1 MiB), else in one.  The
 * result, and the fault reported, do not depend on threads.  *x gets the malloc'd matrix of *n rows of lay->p
 * columns, which the caller frees even after a fault.  A fault is returned
 * in *fault (the first in file order), with *fault_start the start of the
 * range its line number counts from.  Returns WOLD_OK (then check
 * fault->kind) or WOLD_ENOMEM (then *x is NULL).
 */
wold_status wold__csv_convert(const wold__csv_layout *lay, const char *start,
                              const char *end, unsigned threads, double **x,
                              size_t *n, size_t *n_missing,
                              size_t *n_incomplete, wold__csv_fault *fault,
                              const char **fault_start);

/* ------------------------------------------------------------------------
 * columns.c - the weight and label columns
 * ------------------------------------------------------------------------ */

/* Where the extra columns of wold_csv_options are in the header. */
typedef struct wold__csv_extra {
    size_t weight_field;        /* 0-based, or (size_t)-1 for none */
    size_t n_labels;
    size_t *label_fields;       /* n_labels fields, malloc'd */
} wold__csv_extra;

/*
 * Finds opt's weight and label columns in h.  A name not in the header is
 * WOLD_EINPUT located at the header line (buf NULL: a header of a
 * statistical file's variables, no line), naming the closest header;
 * WOLD_EUSAGE for NULL names; WOLD_ENOMEM.  x->label_fields is the
 * caller's to free (also after a failure).
 */
wold_status wold__csv_find_extra(wold__csv_extra *x, const wold__csv_header *h,
                                 const wold_csv_options *opt,
                                 const char *buf, const char *end,
                                 const char *file, wold_error *err);

/* A label column's levels as they are built: a hash table of them. */
typedef struct wold__levels {
    wold__label *lab;
    size_t cap;       /* of lab->levels */
    size_t *slot;     /* hash table: level + 1, 0 = empty */
    size_t n_slots;   /* a power of 2, at least twice the levels */
} wold__levels;

/* The level of s[0..len) in lv (added when new) into *code; 0 when out of
 * memory.  lv starts zeroed but for lab; free lv->slot when done. */
int wold__level_of(wold__levels *lv, const char *s, size_t len,
                   size_t *code);

/* 1 when field (0-based) is the weight column or a label column of x. */
int wold__csv_is_extra(const wold__csv_extra *x, size_t field);

/*
 * Reads the weight and label columns of the d->n data rows of the text
 * (which the conversion has checked: every record has h->n fields) into
 * d.  Errors: WOLD_EINPUT at file:line:col for a weight that is missing,
 * not a number or negative, and for an empty label; WOLD_ENOMEM.
 */
wold_status wold__csv_read_extra(wold_data *d, const wold__csv_extra *x,
                                 const wold__csv_header *h, const char *buf,
                                 const char *end, char sep, const char *file,
                                 wold_error *err);

/* ------------------------------------------------------------------------
 * scale.c - values against the indicators' scales
 * ------------------------------------------------------------------------ */

/*
 * WOLD_EINPUT at file:line:col for the first value (in file order) of
 * d outside its indicator's scale (wold_model_mv_scale), naming the
 * indicator, the value, the scale and where it was set; missing cells
 * pass.  dest maps header fields to d's columns (the model's indicators).
 * WOLD_ENOMEM.
 */
wold_status wold__csv_check_scales(const wold_data *d,
                                   const wold_model *model,
                                   const wold__csv_header *h,
                                   const int32_t *dest, const char *buf,
                                   const char *end, char sep,
                                   const char *file, wold_error *err);

/*
 * The first cell of d (rows in order, within a row the fields of dest in
 * order; dest maps n_fields input fields to d's columns) outside its
 * indicator's scale: 1 with *row, *field and the scale, 0 when none, -1
 * when out of memory.
 */
int wold__scale_find(const wold_data *d, const wold_model *model,
                     const int32_t *dest, size_t n_fields, size_t *row,
                     size_t *field, double *lo, double *hi);

/* " (the scale on line L of FILE)" or the --scale default, for mv. */
void wold__scale_origin(char *buf, size_t size, const wold_model *model,
                        size_t mv);

/* ------------------------------------------------------------------------
 * read.c - pieces of the reader that the streaming reader shares
 * ------------------------------------------------------------------------ */

/* Raises the fault ft of a conversion of [range_start, end) (lines are
 * counted from buf), with today's messages and hints. */
wold_status wold__csv_raise_fault(const wold__csv_fault *ft, const char *buf,
                                  const char *end, const char *range_start,
                                  const wold__csv_header *h,
                                  const wold__csv_layout *lay, int detected,
                                  const char *file, wold_error *err);

/* Fills dest (per header field: output column or -1) and the p output
 * names (malloc'd into names): the model's indicators, or without a model
 * the header's columns less x's.  A missing indicator is an error in the
 * model file naming the closest header. */
wold_status wold__csv_bind_columns(const wold__csv_header *h,
                                   const wold_model *model,
                                   const wold__csv_extra *x, int32_t *dest,
                                   char **names, size_t p, const char *file,
                                   wold_error *err);

/* data.c: d's missing cells and incomplete rows, counted again from its
 * values; a higher-order block's repeats of model (NULL: none) are not
 * counted, they hold their originals' cells (the file's cells are
 * counted, as the CSV reader counts them). */
void wold__data_count_missing(wold_data *d, const wold_model *model);

/* The repeated indicators of higher-order blocks: their originals' cells. */
void wold__csv_fill_repeats(wold_data *d, const wold_model *model);

#endif
