/*
 * wold.h - the public interface of libwold, PLS path modeling for customer
 * satisfaction index models.
 *
 * The header is the manual.  Data flows through five objects, each made by
 * one call and freed by its _free function (free(NULL) is a no-op):
 *
 *     model text --wold_model_parse/read--> wold_model
 *     CSV file   --wold_data_read_csv-----> wold_data     (columns of a model)
 *     CSV text   --wold_data_parse_csv----> wold_data     (the same, in memory)
 *     wold_data  --wold_moments_compute---> wold_moments  (means, s.d., S)
 *     data + weights --..._compute_weighted, _reweight(_batch)--> wold_moments
 *     model + moments --wold_fit_estimate-> wold_fit      (all estimates)
 *     model + moments --wold_fit_work_set/iterate/test/finish--> the same,
 *                                          on a reusable workspace
 *     model + data --wold_fit_check-------> wold_problems (what a fit meets)
 *     fit + moments --wold_assess_compute-> wold_assess  (criteria of a fit)
 *     fit + data --wold_fit_scores--------> LV scores     (only when asked)
 *
 * Every function that can fail returns a wold_status and fills an optional
 * caller-owned wold_error record.  The library never prints and never exits.
 * Objects are opaque; options are plain structs filled by a _default()
 * function; results are read through accessors or through the plain
 * read-only structs below, which stay owned by the object that returned them.
 */
#ifndef WOLD_WOLD_H
#define WOLD_WOLD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define WOLD_API __attribute__((visibility("default")))
#else
#define WOLD_API
#endif

#define WOLD_VERSION_MAJOR 0
#define WOLD_VERSION_MINOR 1
#define WOLD_VERSION_PATCH 0
#define WOLD_VERSION_STRING "0.1.0"

/* The library version, "MAJOR.MINOR.PATCH". */
WOLD_API const char *wold_version(void);

/* ------------------------------------------------------------------------
 * Status codes and the error record
 * ------------------------------------------------------------------------ */

/* The values double as the command's exit codes (see docs/cli.md). */
typedef enum wold_status {
    WOLD_OK = 0,
    WOLD_EUSAGE = 1,   /* a bad argument or option value from the caller */
    WOLD_EINPUT = 2,   /* a bad model file or data file, or unreadable file */
    WOLD_ENUMERIC = 3, /* non-convergence, singular block, zero variance */
    WOLD_ENOMEM = 4,   /* out of memory, or a file too large to address */
    WOLD_EIO = 5       /* a read or write failed at the system level (disk
                          full, EIO): the input was fine, the system was not */
} wold_status;

/*
 * Filled by a failing call when the caller passes one (it may pass NULL).
 * For input errors, file/line/col locate the mistake (1-based; 0 = unknown).
 * In a model file col counts characters (UTF-8 code points); in a CSV file
 * it is the field number (the spreadsheet column), which is what a user
 * looks for.  source_line holds the offending line of text, and caret_col
 * the character column under which wold_error_format draws a caret
 * (0: under col; negative: no caret).
 */
typedef struct wold_error {
    wold_status status;
    char file[512];
    long line;
    long col;
    long caret_col;
    char message[1024];
    char source_line[512];
} wold_error;

/* Clears an error record to status WOLD_OK and empty strings. */
WOLD_API void wold_error_clear(wold_error *err);

/*
 * Formats err the way a compiler does, into buf (always NUL-terminated):
 *     FILE:LINE:COL: error: MESSAGE
 *         source line
 *         ^
 * Parts that are unknown are left out.  Returns the length it wanted.
 */
WOLD_API size_t wold_error_format(const wold_error *err, char *buf,
                                  size_t size);

/* A short name of a status ("ok", "usage", "input", "numeric", "memory",
 * "io"). */
WOLD_API const char *wold_status_name(wold_status status);

/* ------------------------------------------------------------------------
 * Model: lavaan-style text (docs/model-syntax.md)
 * ------------------------------------------------------------------------ */

typedef struct wold_model wold_model;

typedef enum wold_mode {
    WOLD_MODE_A = 0, /* reflective block, "=~": correlation weights */
    WOLD_MODE_B = 1  /* formative / composite block, "<~": regression weights */
} wold_mode;

/*
 * Parses model text of len bytes (need not be NUL-terminated).  filename
 * is used only in error messages and wold_model_filename ("-" is shown as
 * "<stdin>", NULL as "<model>").  On success *out owns a new model.
 * Errors: WOLD_EINPUT with file, line, column and caret for every mistake
 * in the text (syntax, undefined or unconnected LVs, duplicate paths,
 * cycles, an indicator in two blocks, a bad or repeated "scale" line, a
 * block mixing LVs and indicators, a cycle of higher-order blocks, a "~"
 * path that a higher-order block implies); WOLD_ENOMEM.
 */
WOLD_API wold_status wold_model_parse(wold_model **out, const char *text,
                                      size_t len, const char *filename,
                                      wold_error *err);

/*
 * Reads and parses the file at path; "-" reads standard input, which
 * messages and wold_model_filename call "<stdin>".  Errors: as
 * wold_model_parse, and WOLD_EINPUT for a file that cannot be opened or
 * read ("FILE: error: cannot open file: ...").
 */
WOLD_API wold_status wold_model_read(wold_model **out, const char *path,
                                     wold_error *err);

WOLD_API void wold_model_free(wold_model *model);

/* Name of the model file: as given to parse or read, "<stdin>" for "-". */
WOLD_API const char *wold_model_filename(const wold_model *model);

/* Latent variables, in the order their blocks appear in the file. */
WOLD_API size_t wold_model_n_lv(const wold_model *model);
WOLD_API const char *wold_model_lv_name(const wold_model *model, size_t lv);
WOLD_API wold_mode wold_model_lv_mode(const wold_model *model, size_t lv);
/* The block of lv: its indicators are first .. first+count-1. */
WOLD_API size_t wold_model_lv_first(const wold_model *model, size_t lv);
WOLD_API size_t wold_model_lv_count(const wold_model *model, size_t lv);

/* Indicators (manifest variables), grouped by block in LV order. */
WOLD_API size_t wold_model_n_mv(const wold_model *model);
WOLD_API const char *wold_model_mv_name(const wold_model *model, size_t mv);
WOLD_API size_t wold_model_mv_lv(const wold_model *model, size_t mv);

/* 1 when the structural model has the path from -> to, else 0. */
WOLD_API int wold_model_has_path(const wold_model *model, size_t from,
                                 size_t to);
/* Number of structural paths. */
WOLD_API size_t wold_model_n_paths(const wold_model *model);

/*
 * Higher-order constructs (docs/model-syntax.md, "Higher-order
 * constructs"): a block that lists latent variables (its children) instead
 * of indicators.  The model is laid out as the repeated-indicator model, a
 * plain first-order model that every estimator takes unchanged: the block
 * of a higher-order construct (HOC) holds all its descendants' first-order
 * indicators, repeated (same names, so the data reader maps a repeat to its
 * original's column), and the structural model gains the paths HOC ->
 * child (reflective "=~") or child -> HOC (formative "<~").
 *
 * wold_model_lv_order: 1 for a first-order LV, 1 + its children's largest
 * order for a HOC; wold_model_max_order: the largest (1 without HOCs).
 * wold_model_lv_n_children / _child: the LVs its block lists, in file
 * order (0 for a first-order LV).  wold_model_lv_parent: the HOC whose
 * block lists lv, or (size_t)-1.  wold_model_mv_repeat_of: the first-order
 * indicator mv repeats (mv itself for a first-order block's indicator).
 * wold_model_path_implied: 1 when the path from -> to comes from a HOC's
 * block rather than a "~" line.
 */
WOLD_API int wold_model_lv_order(const wold_model *model, size_t lv);
WOLD_API int wold_model_max_order(const wold_model *model);
WOLD_API size_t wold_model_lv_n_children(const wold_model *model, size_t lv);
WOLD_API size_t wold_model_lv_child(const wold_model *model, size_t lv,
                                    size_t k);
WOLD_API size_t wold_model_lv_parent(const wold_model *model, size_t lv);
WOLD_API size_t wold_model_mv_repeat_of(const wold_model *model, size_t mv);
WOLD_API int wold_model_path_implied(const wold_model *model, size_t from,
                                     size_t to);

/*
 * Population values written with lavaan's premultiplier ("0.5*Quality",
 * "0.8*exp1"), used by wold_simulate.  NaN when the file gives none.
 */
WOLD_API double wold_model_path_value(const wold_model *model, size_t from,
                                      size_t to);
WOLD_API double wold_model_mv_value(const wold_model *model, size_t mv);

/*
 * Sets err to an input error located at indicator mv's name in the model
 * file, with the given message.  Returns WOLD_EINPUT.  Used by readers that
 * find a model problem only once they see the data.
 */
WOLD_API wold_status wold_model_error_at_mv(const wold_model *model,
                                            size_t mv, wold_error *err,
                                            const char *message);
/* The same at lv's name on its first "=~" / "<~" line. */
WOLD_API wold_status wold_model_error_at_lv(const wold_model *model,
                                            size_t lv, wold_error *err,
                                            const char *message);

/*
 * Indicator scales (docs/model-syntax.md, "Scales"): the smallest and the
 * largest answer an indicator can take (1 and 10 on an ACSI item, 0 and
 * 10 on the satisfaction data).  Returns 1 and sets *lo and *hi when mv
 * has a scale (given in the model file, or by
 * wold_model_set_default_scale), else 0 and leaves them alone.
 */
WOLD_API int wold_model_mv_scale(const wold_model *model, size_t mv,
                                 double *lo, double *hi);

/*
 * The line of the model file's "scale" statement that gave mv its scale,
 * so that messages can point at it; 0 when the scale came from
 * wold_model_set_default_scale (--scale) or mv has none.
 */
WOLD_API long wold_model_mv_scale_line(const wold_model *model, size_t mv);

/*
 * Gives every indicator that the model file leaves without a scale the
 * scale [lo, hi] (the command line's --scale MIN:MAX); indicators with a
 * scale in the file keep it.  Errors: WOLD_EUSAGE unless lo and hi are
 * finite and lo < hi.
 */
WOLD_API wold_status wold_model_set_default_scale(wold_model *model,
                                                  double lo, double hi,
                                                  wold_error *err);

/* ------------------------------------------------------------------------
 * Data: CSV input (docs/csv.md)
 * ------------------------------------------------------------------------ */

typedef struct wold_data wold_data;

typedef struct wold_csv_options {
    char separator; /* ',', ';' or '\t'; 0 = detect from the header line */
    /* Column of observation (survey) weights, or NULL: read as numbers,
     * each finite and >= 0 (docs/csv.md); the data set is then weighted
     * everywhere (wold_moments_compute uses the weights). */
    const char *weights;
    /* Columns read as text labels (company, industry, sector), or NULL. */
    const char *const *labels;
    size_t n_labels;
    /* Threads that convert the text (and accumulate wold_sums); 0 = one
     * per online core.  Results do not depend on it (docs/scale.md). */
    unsigned threads;
} wold_csv_options;

WOLD_API void wold_csv_options_default(wold_csv_options *opt);

/*
 * Reads a CSV file with a header row.  path "-" reads standard input,
 * which messages and wold_data_source call "<stdin>".
 * When model is not NULL only the model's indicators are converted, and the
 * data's columns are the model's indicators in model order; a missing one is
 * an input error located in the model file that names the closest header.
 * When model is NULL every column is read, except opt's weight and label
 * columns.  Empty and "NA" cells are missing (stored as NaN).
 * opt->weights names a column of observation weights (wold_data_weights):
 * every row needs one, a number >= 0; the column may also be one of the
 * model's indicators.  opt->labels name columns read as text
 * (wold_data_label_*), kept byte for byte (a quoted cell loses its quotes
 * and "" becomes "; "NA" is a name like any other); every row needs a
 * non-blank label.  A weight or label column that the header lacks is an
 * input error at the header line naming the closest header.
 * Errors: WOLD_EINPUT (file, line, column and the offending text for a
 * non-numeric cell, a missing, non-numeric or negative weight, an empty
 * label, a ragged row, a duplicate or empty header name, a
 * header of numbers (a file without a header row), a separator given in
 * opt that leaves the header one column while another would split it, a
 * missing column (saying so when a header name differs from it only in
 * Unicode normalisation or white space at an end), an unreadable file),
 * WOLD_EUSAGE (an invalid separator, n_labels > 0 with labels NULL, a
 * NULL column name), WOLD_ENOMEM.  docs/csv.md lists the messages.
 */
WOLD_API wold_status wold_data_read_csv(wold_data **out, const char *path,
                                        const wold_model *model,
                                        const wold_csv_options *opt,
                                        wold_error *err);

/*
 * Reads CSV text of len bytes held in memory (need not be NUL-terminated;
 * text may be NULL when len is 0) exactly as wold_data_read_csv reads a
 * file with that content.  filename is used in error messages and returned
 * by wold_data_source (NULL: "<data>"; "-": "<stdin>").  The text is not
 * kept: the caller may free it once the call returns.  Errors as wold_data_read_csv's
 * (WOLD_EINPUT located in filename; WOLD_EUSAGE for a NULL out, or a NULL
 * text with len > 0, or a bad separator), WOLD_ENOMEM.
 */
WOLD_API wold_status wold_data_parse_csv(wold_data **out, const char *text,
                                         size_t len, const char *filename,
                                         const wold_model *model,
                                         const wold_csv_options *opt,
                                         wold_error *err);

/*
 * Wraps an n x p row-major matrix (copied; NaN = missing) with column names
 * (copied) as a data set, for callers that have data in memory.
 */
WOLD_API wold_status wold_data_from_matrix(wold_data **out, const double *x,
                                           size_t n, size_t p,
                                           const char *const *names,
                                           wold_error *err);

/*
 * Statistical files (docs/statfiles.md), read through ReadStat (Debian's
 * libreadstat-dev, CMake option WOLD_READSTAT).  wold_data_sniff tells a
 * file's kind by its first bytes, never its name; anything else, "-"
 * and a file that cannot be opened are WOLD_DATA_CSV (the CSV reader
 * then says why it cannot be read).
 */
typedef enum wold_data_kind {
    WOLD_DATA_CSV = 0,
    WOLD_DATA_SAV = 1,      /* SPSS system file */
    WOLD_DATA_ZSAV = 2,     /* SPSS compressed system file */
    WOLD_DATA_DTA = 3,      /* Stata */
    WOLD_DATA_SAS7BDAT = 4  /* SAS data set */
} wold_data_kind;

WOLD_API wold_data_kind wold_data_sniff(const char *path);
/* The kind's name: "CSV", "SPSS .sav", "SPSS .zsav", "Stata .dta",
 * "SAS .sas7bdat". */
WOLD_API const char *wold_data_kind_name(wold_data_kind kind);

/*
 * Reads an SPSS, Stata or SAS file with the columns wold_data_read_csv
 * would give for the same header: the model's indicators in model order
 * (or every numeric variable when model is NULL), opt->weights and
 * opt->labels as there (opt->separator is ignored).  System-missing
 * values, Stata's extended missing values and SPSS user-defined missing
 * codes are missing (NaN).  A label column may be a string variable or a
 * numeric one with value labels (its levels are then the labels).
 * Errors: WOLD_EINPUT naming the file and the variable (a string
 * variable where a number is needed, a missing variable with the closest
 * name, a missing or negative weight, an empty label, a damaged file),
 * WOLD_EUSAGE (built without WOLD_READSTAT: the message says how to add
 * it), WOLD_ENOMEM.
 */
WOLD_API wold_status wold_data_read_stat(wold_data **out, const char *path,
                                         const wold_model *model,
                                         const wold_csv_options *opt,
                                         wold_error *err);
/* wold_data_read_csv or wold_data_read_stat, as wold_data_sniff says. */
WOLD_API wold_status wold_data_read(wold_data **out, const char *path,
                                    const wold_model *model,
                                    const wold_csv_options *opt,
                                    wold_error *err);
/* The variable label of column col (a statistical file's), or NULL. */
WOLD_API const char *wold_data_col_label(const wold_data *data, size_t col);
/* The value label a statistical file gives value in column col, or
 * NULL when it has none. */
WOLD_API const char *wold_data_value_label(const wold_data *data,
                                           size_t col, double value);

WOLD_API void wold_data_free(wold_data *data);

WOLD_API size_t wold_data_n_rows(const wold_data *data);
WOLD_API size_t wold_data_n_cols(const wold_data *data);
WOLD_API const char *wold_data_col_name(const wold_data *data, size_t col);
/* Row-major n x p values, NaN where a cell is missing. */
WOLD_API const double *wold_data_values(const wold_data *data);
/* Missing cells in all, and rows with at least one missing cell. */
WOLD_API size_t wold_data_n_missing_cells(const wold_data *data);
WOLD_API size_t wold_data_n_incomplete_rows(const wold_data *data);
/* Name of the file read ("<stdin>" for standard input, "" for a matrix,
 * the filename given to wold_data_parse_csv). */
WOLD_API const char *wold_data_source(const wold_data *data);

/* The observation weights (n entries, each finite and >= 0; data owns
 * them), or NULL when none were read (always NULL for
 * wold_data_from_matrix); the name of their column, or NULL. */
WOLD_API const double *wold_data_weights(const wold_data *data);
WOLD_API const char *wold_data_weights_name(const wold_data *data);

/* Label columns (wold_csv_options.labels), in the order asked for.  The
 * levels of label k are its distinct values in order of first appearance
 * (compared byte for byte); codes gives each row's level (n entries).
 * All owned by data.  A k past the labels gives NULL (0 levels), a level
 * past the levels NULL. */
WOLD_API size_t wold_data_n_labels(const wold_data *data);
WOLD_API const char *wold_data_label_name(const wold_data *data, size_t k);
WOLD_API size_t wold_data_label_n_levels(const wold_data *data, size_t k);
WOLD_API const char *wold_data_label_level(const wold_data *data, size_t k,
                                           size_t level);
WOLD_API const size_t *wold_data_label_codes(const wold_data *data,
                                             size_t k);

/* ------------------------------------------------------------------------
 * Moments: one pass over the data (docs/methods.md, "Moments")
 * ------------------------------------------------------------------------ */

typedef struct wold_moments wold_moments;

typedef enum wold_missing {
    WOLD_MISSING_LISTWISE = 0, /* drop rows with any missing cell */
    WOLD_MISSING_MEAN = 1,     /* replace a missing cell by its column mean */
    /* each covariance from the rows where both of its columns are
     * present (docs/methods.md, "Pairwise deletion"): wold_moments_compute
     * and wold_sums_moments; the fit refuses a resulting matrix that is
     * not positive semi-definite, the bootstrap does not resample it */
    WOLD_MISSING_PAIRWISE = 2
} wold_missing;

/*
 * Kish's effective sample size (sum w)^2 / sum w^2 of the weights of the
 * rows the missing-value rule uses (the complete rows under listwise
 * deletion, all under mean replacement; docs/methods.md 14), and their
 * weight total in *total (may be NULL).  Without weights: the number of
 * those rows (and total the same).  0 when no row has a positive weight.
 */
WOLD_API double wold_data_kish_n(const wold_data *data, wold_missing missing,
                                 double *total);

/*
 * Means, population standard deviations and the centred cross-product
 * matrix of the data's columns, accumulated in row chunks with
 * cblas_dsyrk and merged exactly (Chan et al.), so the result is the same
 * whether the rows come at once or in parts.  The same pass keeps each
 * column's smallest and largest value.  A data set with a weight column
 * (wold_data_weights) gets wold_moments_compute_weighted's moments with
 * those weights, so everything computed from the moments is weighted.
 * The rows are summed in chunks of fixed rows on all cores and the chunks
 * merged in a fixed tree (wold_sums_from_data, docs/methods.md, "Sums and
 * the merge tree"), so the result is bit-identical whatever the number of
 * cores.  BLAS: libwold does its own threading, and the first moments made
 * in a process switch OpenBLAS to one thread (openblas_set_num_threads(1),
 * once), so that no result depends on OPENBLAS_NUM_THREADS.
 * Errors: WOLD_EINPUT when fewer than 2 rows remain after missing-value
 * handling (the message names the empty columns, or else the three with
 * the most missing cells; under WOLD_MISSING_PAIRWISE the column or pair
 * of columns present together in the fewest rows) and, under
 * WOLD_MISSING_MEAN and _PAIRWISE, when columns have no observed value
 * (all named); WOLD_EUSAGE for an unknown rule; WOLD_ENOMEM.
 */
WOLD_API wold_status wold_moments_compute(wold_moments **out,
                                          const wold_data *data,
                                          wold_missing missing,
                                          wold_error *err);

/*
 * Adds the moments b into a (same columns): a becomes the moments of the
 * rows of both.  This is how chunks, threads and machines combine.
 * WOLD_EUSAGE for moments from pairwise deletion (each covariance has its
 * own rows: merge their wold_sums instead) or different columns.
 */
WOLD_API wold_status wold_moments_merge(wold_moments *a,
                                        const wold_moments *b,
                                        wold_error *err);

/*
 * Removes the rows of b from a (same columns; b's rows must be some of
 * a's): a becomes the moments of its other rows, as if computed from them
 * (the inverse of wold_moments_merge, exact up to rounding, O(p^2)).
 * Training sets of cross-validation are made this way: all rows minus a
 * fold.  The smallest and largest values cannot be subtracted: a keeps
 * its own, which bound the remaining rows' range.  When b holds all of
 * a's rows, a is left empty (n = 0).
 * Errors: WOLD_EUSAGE when the columns differ, either comes from pairwise
 * deletion, or b has more rows (or more
 * dropped rows or imputed cells) than a; a is then unchanged.
 */
WOLD_API wold_status wold_moments_subtract(wold_moments *a,
                                           const wold_moments *b,
                                           wold_error *err);

WOLD_API void wold_moments_free(wold_moments *m);

/* Rows used. */
WOLD_API size_t wold_moments_n(const wold_moments *m);
WOLD_API size_t wold_moments_p(const wold_moments *m);
WOLD_API const double *wold_moments_means(const wold_moments *m);
/* Population standard deviations (divisor n). */
WOLD_API const double *wold_moments_sds(const wold_moments *m);
/* Smallest and largest value of each column in the rows used (after mean
 * replacement); the fit's zero-variance test is relative to them. */
WOLD_API const double *wold_moments_mins(const wold_moments *m);
WOLD_API const double *wold_moments_maxs(const wold_moments *m);
/* p x p population covariance matrix (divisor n), row-major, full. */
WOLD_API const double *wold_moments_cov(const wold_moments *m);
/* The missing-value rule the moments applied. */
WOLD_API wold_missing wold_moments_missing(const wold_moments *m);
/* Rows dropped (listwise) or cells imputed (mean). */
WOLD_API size_t wold_moments_rows_dropped(const wold_moments *m);
WOLD_API size_t wold_moments_cells_imputed(const wold_moments *m);

/*
 * Weighted moments (docs/methods.md, "Weighted moments"): row r counts
 * weights[r] times (weights has wold_data_n_rows entries, each finite and
 * >= 0; NULL: every row 1, and the result is exactly wold_moments_compute's).
 * Integer weights are frequency counts (a bootstrap resample: the moments
 * equal those of the data with row r repeated weights[r] times); other
 * weights are survey weights.  Means and covariances use the weight total
 * W = sum of the used rows' weights as divisor (population normalisation,
 * as unweighted).  wold_moments_n is W rounded to the nearest integer (for
 * counts, the resample size, which the OLS standard errors of a fit use;
 * normalise survey weights to sum to the number of rows to keep the row
 * count there) and wold_moments_weight_total is W itself.  Rows with
 * weight 0 take no part (not in the minima and maxima either); under
 * listwise deletion incomplete rows are dropped whatever their weight;
 * under mean replacement a missing cell takes the weighted mean of its
 * column's observed cells.  rows_dropped and cells_imputed count rows and
 * cells of the data as wold_moments_compute does, whatever their weight.
 * One thread, one pass of cblas_dsyrk on blocks of rows scaled by
 * sqrt(weight).
 * Errors: WOLD_EUSAGE for a negative, NaN or infinite weight (naming the
 * row, 1-based) or a weight count that does not match; WOLD_EINPUT when
 * fewer than 2 rows of positive weight remain (all-zero weights included)
 * or a column has no observed cell of positive weight to fill in;
 * WOLD_ENOMEM.
 */
WOLD_API wold_status wold_moments_compute_weighted(wold_moments **out,
                                                   const wold_data *data,
                                                   wold_missing missing,
                                                   const double *weights,
                                                   wold_error *err);

/*
 * A copy of m in *out (for a caller that needs moments objects of the same
 * columns to overwrite, one per thread: wold_moments_reweight).
 * Errors: WOLD_ENOMEM.
 */
WOLD_API wold_status wold_moments_copy(wold_moments **out,
                                       const wold_moments *m,
                                       wold_error *err);

/* The weight total W of the rows used (their number for unweighted
 * moments). */
WOLD_API double wold_moments_weight_total(const wold_moments *m);

/*
 * Workspace of wold_moments_reweight, for many resamples of one data set
 * (bootstrap replicates): made once from the full-sample moments full of
 * data (computed by wold_moments_compute under listwise deletion or mean
 * replacement), it holds the list of the rows full used and a block of
 * rows, so that a replicate allocates nothing.  One workspace per thread.
 * Errors: WOLD_EUSAGE when full does not have data's columns or comes from
 * pairwise deletion; WOLD_ENOMEM.
 */
typedef struct wold_moments_work wold_moments_work;
WOLD_API wold_status wold_moments_work_alloc(wold_moments_work **out,
                                             const wold_moments *full,
                                             const wold_data *data,
                                             wold_error *err);
WOLD_API void wold_moments_work_free(wold_moments_work *ws);

/*
 * The rows the full-sample moments used, ascending 0-based data rows
 * (under listwise deletion the complete rows, under mean replacement all
 * of them); *count is set to their number (wold_moments_n(full)).  A
 * bootstrap draws its resample from these: weights[rows[i]] = count of i.
 * Owned by ws.
 */
WOLD_API const size_t *wold_moments_work_rows(const wold_moments_work *ws,
                                              size_t *count);

/*
 * Overwrites m (moments of data's columns, e.g. a copy made by
 * wold_moments_compute once per thread) with the weighted moments of the
 * rows of ws (wold_moments_work_rows): weights has wold_data_n_rows
 * entries, indexed by data row; rows outside the list are ignored.  n and
 * the weight total are as wold_moments_compute_weighted's; the missing
 * rule, rows_dropped and cells_imputed stay the full sample's.  Under
 * mean replacement a missing cell takes the full-sample mean (the data are
 * imputed once, then resampled).  Rows of weight 0 are skipped, the others
 * are centred on the full-sample means, scaled by sqrt(weight) into ws's
 * block and multiplied with cblas_dsyrk; the mean shift is corrected
 * after.  A column constant over the rows of positive weight gets exactly
 * zero variance.  Allocates nothing; the result depends only on (data,
 * weights), not on the thread or on earlier calls.  It calls BLAS: run
 * OpenBLAS single-threaded (openblas_set_num_threads(1)) when the callers
 * run in parallel, so that BLAS starts no threads of its own.
 * Errors: WOLD_EUSAGE for a negative, NaN or infinite weight among the
 * rows of ws (naming the data row, 1-based), for a zero weight total, or
 * when m, ws and data do not have the same columns.  On error m is left
 * unchanged.
 */
WOLD_API wold_status wold_moments_reweight(wold_moments *m,
                                           const wold_data *data,
                                           const double *weights,
                                           wold_moments_work *ws,
                                           wold_error *err);

/* Most resamples wold_moments_reweight_batch takes at once. */
#define WOLD_MOMENTS_BATCH 64

/*
 * wold_moments_reweight for B resamples at once (1 <= B <=
 * WOLD_MOMENTS_BATCH): m[b] becomes the moments of resample b, whose
 * weights are weights + b * n (n = wold_data_n_rows: B weight arrays as
 * wold_moments_reweight takes them, one after the other).  All B come
 * from one dgemm per chunk of rows (docs/methods.md, "Weighted
 * moments"), several times faster per resample than B calls of
 * wold_moments_reweight when B is 16 or more; the results agree with
 * those calls to rounding (1e-13 relative), not bit for bit.  They
 * depend only on (data, weights, B): a bootstrap that batches its
 * replicates by replicate number (not by thread) stays deterministic.
 * Mins and maxs: the full sample's, except in a column whose s.d. in
 * resample b is at most 1e-6 times its magnitude, which gets its exact
 * range over the rows of positive weight (and exactly zero variance when
 * that range is one value), so the fit's zero-variance test and message
 * are those of wold_moments_reweight.  Allocates nothing; BLAS as for
 * wold_moments_reweight (one thread).
 * Errors: as wold_moments_reweight (the resample is named by its
 * 1-based column in the batch), and WOLD_EUSAGE for B out of range.  On
 * error no m[b] is changed.
 */
WOLD_API wold_status wold_moments_reweight_batch(wold_moments *const *m,
                                                 size_t B,
                                                 const wold_data *data,
                                                 const double *weights,
                                                 wold_moments_work *ws,
                                                 wold_error *err);

/* ------------------------------------------------------------------------
 * Sums: the sufficient statistics of a panel, read in one streaming pass,
 * merged across files, threads and MPI ranks (docs/scale.md), saved as
 * moments files (docs/moments-format.md)
 * ------------------------------------------------------------------------ */

/*
 * For every group (one when no group column is asked for) the sums hold,
 * over the model's indicators: the weight total, means and centred
 * cross-products of the complete rows, and pairwise weight totals, means
 * and cross-products of the incomplete rows; the smallest and largest
 * values; row and missing-cell counts.  From them wold_sums_moments gives
 * the moments under any missing-value rule without the rows.
 *
 * A file is cut into chunks fixed by its bytes (a chunk starts at the
 * first record at or after a multiple of WOLD_SUMS_CHUNK_BYTES), never by
 * the threads or ranks; chunk sums are combined in one fixed binary tree
 * over the chunk numbers.  So the sums of a file are bit-identical
 * whatever the number of threads or of parts it was read in.
 */
typedef struct wold_sums wold_sums;

#define WOLD_SUMS_CHUNK_BYTES ((size_t)1 << 20)

typedef struct wold_sums_options {
    /* The group column (read as text, like wold_csv_options.labels), or
     * NULL for one group. */
    const char *group;
    /* Read only part `part` (0-based) of n_parts contiguous shares of the
     * file's chunks (an MPI rank's share); n_parts 0 or 1 reads all.
     * Join the parts in order with wold_sums_join. */
    size_t part, n_parts;
} wold_sums_options;

WOLD_API void wold_sums_options_default(wold_sums_options *opt);

/*
 * Streams the CSV file at path ("-": standard input; .gz and .zst by
 * their magic bytes where built in) into sums over model's indicators,
 * each column once (a higher-order block's repeats are left out: they
 * hold their originals' cells; wold_hoc_estimate_moments copies them back),
 * holding at most a few chunks per thread in memory, never the panel.
 * The file is checked as wold_data_read_csv checks it (header, model's
 * columns, numbers, ragged rows, scales, weights, group labels), with the
 * same messages; the error reported is the first in file order.
 * csv and sopt may be NULL (defaults).  Errors as wold_data_read_csv's;
 * WOLD_EUSAGE for part >= n_parts.
 */
WOLD_API wold_status wold_sums_read_csv(wold_sums **out, const char *path,
                                        const wold_model *model,
                                        const wold_csv_options *csv,
                                        const wold_sums_options *sopt,
                                        wold_error *err);

/*
 * The sums of an in-memory data set (its weights when it has them; group
 * k of a label column when group_label is a label index, or (size_t)-1
 * for one group), in fixed row blocks combined in the same tree, with
 * `threads` threads (0: all cores); the result does not depend on them.
 * The result holds the whole data set (not a part to join), each column
 * once: a higher-order block's repeats (columns with an earlier column's
 * name, as wold_data_read gives them for such a model) are left out, as
 * wold_sums_read_csv leaves them out.
 * Errors: WOLD_EUSAGE for a group_label past the data's label columns or
 * a weight that is negative, NaN or infinite (naming the row); WOLD_ENOMEM.
 */
WOLD_API wold_status wold_sums_from_data(wold_sums **out,
                                         const wold_data *data,
                                         size_t group_label,
                                         unsigned threads, wold_error *err);

/*
 * Appends part b to a, the part that follows a in the same file
 * (wold_sums_options.part): the result is bit-identical to reading both
 * parts at once.  WOLD_EUSAGE when b is not the next part of a's file
 * (or its columns, weighting or group column differ); WOLD_ENOMEM.  On
 * error a is unchanged.
 */
WOLD_API wold_status wold_sums_join(wold_sums *a, const wold_sums *b,
                                    wold_error *err);

/*
 * Adds the sums b of other rows (another file, another wave) to a: a
 * becomes the sums of the rows of both, as if read from their
 * concatenation (equal up to rounding; groups are matched by label, new
 * ones appended).  Errors: WOLD_EINPUT when the columns (names, in order),
 * the weighting or the group column differ, saying which.
 */
WOLD_API wold_status wold_sums_merge(wold_sums *a, const wold_sums *b,
                                     wold_error *err);

/*
 * The moments under the rule missing, of group g (0-based), or of all
 * groups merged when g is (size_t)-1.  Errors as wold_moments_compute's
 * (too few rows, columns with no observed value); WOLD_EUSAGE for a g
 * past the groups or sums that are a part (not joined).
 */
WOLD_API wold_status wold_sums_moments(wold_moments **out,
                                       const wold_sums *s, size_t g,
                                       wold_missing missing,
                                       wold_error *err);

WOLD_API void wold_sums_free(wold_sums *s);

WOLD_API size_t wold_sums_p(const wold_sums *s);
WOLD_API const char *wold_sums_col_name(const wold_sums *s, size_t col);
/* Rows read (all, whatever their missing cells) in group g or all
 * groups ((size_t)-1); the weight column's name or NULL; the group
 * column's name or NULL; the groups and their labels (first-appearance
 * order). */
WOLD_API size_t wold_sums_n_rows(const wold_sums *s, size_t g);
WOLD_API const char *wold_sums_weights_name(const wold_sums *s);
WOLD_API const char *wold_sums_group_name(const wold_sums *s);
WOLD_API size_t wold_sums_n_groups(const wold_sums *s);
WOLD_API const char *wold_sums_group_label(const wold_sums *s, size_t g);
/* The source named in messages (the file, or "a.wm + b.wm" after merges). */
WOLD_API const char *wold_sums_source(const wold_sums *s);
/* Missing cells and incomplete rows (at least one missing cell) in group
 * g or all groups ((size_t)-1). */
WOLD_API size_t wold_sums_n_missing_cells(const wold_sums *s, size_t g);
WOLD_API size_t wold_sums_n_incomplete_rows(const wold_sums *s, size_t g);
/* As wold_data_kish_n, for the rows of group g (or all) that the rule
 * missing uses (complete rows under listwise deletion, all rows under
 * mean replacement and pairwise deletion). */
WOLD_API double wold_sums_kish_n(const wold_sums *s, size_t g,
                                 wold_missing missing, double *total);

/*
 * Moments files (docs/moments-format.md): versioned, little-endian on
 * every machine, with a CRC-32C checksum; every field of the sums (the
 * pieces of a part, groups and labels, names, source, weight and group
 * columns) goes in, so a part packed on one MPI rank unpacks on another
 * bit for bit.
 *
 * wold_sums_pack: the file's bytes in *buf (malloc'd, the caller frees
 * them), *len bytes.  Errors: WOLD_ENOMEM; WOLD_EUSAGE for a name over
 * 4 GiB.  On failure *buf is NULL.
 * wold_sums_save: the same bytes written to a temporary file beside path
 * and renamed over it (nothing half-written is ever at path, and the
 * temporary file is removed on failure).  Errors: WOLD_EIO naming path
 * and why; WOLD_ENOMEM.
 * wold_sums_unpack: the sums in the len bytes at buf into *out (NULL on
 * failure).  name names the bytes in messages and becomes the sums'
 * source (wold_sums_source); NULL keeps the source the file recorded
 * (the data file's name) and calls the bytes "<moments>".
 * wold_sums_load: unpack of the file at path ("-": standard input), named
 * by its path.
 * Load errors (WOLD_EINPUT, naming the file and, past the prelude, the
 * byte offset and the section): an empty file or one that is not a
 * moments file ("is it a CSV?"), a version this build does not read,
 * truncated (where it ends), a checksum that does not match, bytes after
 * the end, values that cannot be (counts that do not add up, negative or
 * non-finite weights, unaligned pieces, ...); an unreadable file;
 * WOLD_ENOMEM.
 * wold_sums_check_model: WOLD_EINPUT when s's columns are not model's
 * indicators in model order (each once: a higher-order block's repeats
 * are not columns of sums), naming the first that differs, or when a
 * column's values fall outside its indicator's scale; allocates nothing.
 */
WOLD_API wold_status wold_sums_save(const wold_sums *s, const char *path,
                                    wold_error *err);
WOLD_API wold_status wold_sums_load(wold_sums **out, const char *path,
                                    wold_error *err);
WOLD_API wold_status wold_sums_pack(const wold_sums *s, void **buf,
                                    size_t *len, wold_error *err);
WOLD_API wold_status wold_sums_unpack(wold_sums **out, const void *buf,
                                      size_t len, const char *name,
                                      wold_error *err);
WOLD_API wold_status wold_sums_check_model(const wold_sums *s,
                                           const wold_model *model,
                                           wold_error *err);

/* ------------------------------------------------------------------------
 * Fit: PLS-PM estimation on the moments (docs/methods.md)
 * ------------------------------------------------------------------------ */

typedef struct wold_fit wold_fit;

typedef enum wold_scheme {
    WOLD_SCHEME_PATH = 0, /* path weighting (default, as SmartPLS/seminr) */
    WOLD_SCHEME_CENTROID = 1,
    WOLD_SCHEME_FACTORIAL = 2
} wold_scheme;

typedef enum wold_compat {
    WOLD_COMPAT_NONE = 0, /* wold's own stopping rule and sign handling */
    WOLD_COMPAT_PLSPM = 1 /* replay R plspm 0.5.1 exactly */
} wold_compat;

typedef struct wold_fit_options {
    wold_scheme scheme;
    double tol;       /* stopping tolerance, see docs/methods.md */
    int max_iter;     /* iterations before giving up */
    int scaled;       /* 1: standardise indicators; 0: centre only */
    wold_compat compat;
    int plsc;         /* 1: consistent PLS for the Mode A blocks (below);
                         not with WOLD_COMPAT_PLSPM (WOLD_EUSAGE) */
} wold_fit_options;

/* Default tolerance and iteration limit of wold's own stopping rule. */
#define WOLD_DEFAULT_TOL 1e-12
#define WOLD_DEFAULT_MAX_ITER 300
/* plspm 0.5.1's defaults, used with WOLD_COMPAT_PLSPM. */
#define WOLD_PLSPM_TOL 1e-6
#define WOLD_PLSPM_MAX_ITER 100

/* path scheme, tol 1e-12, 300 iterations, scaled, no compat, no PLSc. */
WOLD_API void wold_fit_options_default(wold_fit_options *opt);

/*
 * Estimates the model on the moments of its indicators (the moments must
 * have been computed from data read with this model, so that column i is
 * indicator i).  Nothing here reads the raw data: the cost does not depend
 * on the number of rows.
 *
 * Before iterating it runs the checks that wold_fit_check lists (the same
 * code) and fails with the first error among them:
 *   WOLD_EUSAGE   bad options (naming "the scheme", "the tolerance", "the
 *                 iteration limit", or PLSc asked with WOLD_COMPAT_PLSPM)
 *                 or moments that do not match the model;
 *   WOLD_EINPUT   fewer usable rows than the model needs (docs/methods.md,
 *                 "Minimum number of rows"), located at the model line of
 *                 the regression or Mode B block that needs them;
 *   WOLD_ENUMERIC moments from pairwise deletion whose correlation matrix
 *                 is not positive semi-definite (docs/methods.md,
 *                 "Pairwise deletion"); an indicator with zero variance
 *                 (relative to its own
 *                 magnitude), located at the indicator in its block; a Mode
 *                 B block whose indicators are collinear, located at the
 *                 block's line and naming the collinear indicators.
 * During and after the iteration: WOLD_ENUMERIC for collinear predecessors
 * of an endogenous LV (located at its "~" line) and for non-convergence.
 * On non-convergence *out is still set to the fit of the last iteration
 * (wold_fit_converged() returns 0) so the caller can show it; on other
 * errors *out is NULL.  Warnings (wold_fit_warning) do not stop the fit.
 */
WOLD_API wold_status wold_fit_estimate(wold_fit **out,
                                       const wold_model *model,
                                       const wold_moments *moments,
                                       const wold_fit_options *opt,
                                       wold_error *err);

WOLD_API void wold_fit_free(wold_fit *fit);

/*
 * The fit as steps a caller drives (GSL style), for many fits of one model
 * (bootstrap replicates, k-fold): a workspace sized from the model holds
 * everything a fit needs, so set, iterate, test and finish allocate
 * nothing.  wold_fit_estimate is this loop:
 *
 *     wold_fit_work_alloc(&w, model, opt, err);
 *     for each moments mo:
 *         st = wold_fit_work_set(w, mo, start, err);       // checks
 *         do st = wold_fit_work_iterate(w, err);
 *         while (st == WOLD_OK && (t = wold_fit_work_test(w)) == 0);
 *         st = wold_fit_work_finish(w, err);               // results
 *         fit = wold_fit_work_fit(w);                      // read them
 *     wold_fit_work_free(w);
 *
 * One workspace per thread.  docs/methods.md, "The fit workspace".
 */
typedef struct wold_fit_work wold_fit_work;

/*
 * Allocates everything one fit of model with opt needs (copied; the model
 * is borrowed and must outlive the workspace and its fits).
 * Errors: WOLD_EUSAGE for bad options (as wold_fit_estimate); WOLD_ENOMEM.
 */
WOLD_API wold_status wold_fit_work_alloc(wold_fit_work **out,
                                         const wold_model *model,
                                         const wold_fit_options *opt,
                                         wold_error *err);
WOLD_API void wold_fit_work_free(wold_fit_work *w);

/*
 * Loads the moments mo (the working matrix: correlations or covariances,
 * as opt->scaled says), runs the checks of wold_fit_estimate that are
 * errors, with the same messages and in the same order (moments that do
 * not match the model, too few rows, zero variance, collinear Mode B
 * blocks), and sets the start weights: start NULL gives plspm's start
 * (unit weights scaled to unit-variance LVs); otherwise start holds p
 * weights (e.g. wold_fit_weights of the full-sample fit), each block
 * scaled to a unit-variance LV under mo.  A model without paths gets its
 * weights here (no iteration, see wold_fit_estimate).  The warnings of
 * the checks are kept for the fit (wold_fit_work_fit).  mo is read here
 * only; it need not outlive the call.
 * Errors: those checks' (first one into err: WOLD_EUSAGE, WOLD_EINPUT,
 * WOLD_ENUMERIC); WOLD_EUSAGE for start weights that leave an LV without
 * a positive finite variance (naming its block); after an error iterate
 * and finish refuse to run (WOLD_EUSAGE) until a set succeeds.
 */
WOLD_API wold_status wold_fit_work_set(wold_fit_work *w,
                                       const wold_moments *mo,
                                       const double *start, wold_error *err);

/*
 * One step of the iteration: LV correlations from the current weights,
 * inner weights, new outer weights, and the stopping criterion.  For a
 * model without paths it does nothing.
 * Errors: WOLD_ENUMERIC when the path scheme meets collinear predecessor
 * scores; WOLD_EUSAGE before a successful set.
 */
WOLD_API wold_status wold_fit_work_iterate(wold_fit_work *w,
                                           wold_error *err);

/*
 * The stopping rule after the last iterate: 1 converged (the criterion is
 * below opt->tol), 0 go on, -1 the iteration limit is reached without
 * convergence (then finish gives the last iteration's results and
 * WOLD_ENUMERIC).  Under WOLD_COMPAT_PLSPM reaching the limit is -1 even
 * when the criterion is met on that pass, as plspm does.  A model
 * without paths always gives 1; before any iterate (or a successful set)
 * it gives 0.
 */
WOLD_API int wold_fit_work_test(const wold_fit_work *w);

/*
 * Every result from the final weights, in order: signs and loadings,
 * cross-loadings and LV correlations, reported weights, the inner model
 * (paths, R2, OLS tables, effects), block unidimensionality and the outer
 * model (communality, redundancy, GoF).
 * Errors: WOLD_ENUMERIC for collinear predecessors of an endogenous LV
 * (results incomplete); WOLD_ENUMERIC when the iteration has not converged
 * (results complete, wold_fit_converged() 0: the message of
 * wold_fit_estimate); WOLD_EUSAGE before set and iterate.
 */
WOLD_API wold_status wold_fit_work_finish(wold_fit_work *w, wold_error *err);

/*
 * The results of the last finish, readable with every wold_fit_*
 * accessor (not wold_fit_free: the workspace owns it; the next set or
 * finish overwrites it).  Its warnings are those wold_fit_estimate would
 * give for the same moments: the checks' warnings from set, then the
 * inner model's, in a record of fixed capacity sized from the model
 * (none is ever dropped: at most 3 per LV can arise).
 */
WOLD_API const wold_fit *wold_fit_work_fit(const wold_fit_work *w);

/*
 * The p final weights of a fit, each block scaled to a unit-variance LV,
 * before the sign correction: as the iteration ends, the start of a
 * bootstrap replicate (wold_fit_work_set).  Owned by the fit.
 */
WOLD_API const double *wold_fit_weights(const wold_fit *fit);

/* The model the fit was estimated for.  The fit borrows it: the model must
 * outlive the fit. */
WOLD_API const wold_model *wold_fit_model(const wold_fit *fit);
WOLD_API const wold_fit_options *wold_fit_options_used(const wold_fit *fit);
/* The missing-value rule of the moments the fit was estimated on. */
WOLD_API wold_missing wold_fit_missing(const wold_fit *fit);
WOLD_API size_t wold_fit_n(const wold_fit *fit);
WOLD_API int wold_fit_iterations(const wold_fit *fit);
WOLD_API int wold_fit_converged(const wold_fit *fit);
/* Final value of the stopping criterion. */
WOLD_API double wold_fit_criterion(const wold_fit *fit);

/*
 * Per latent variable results.  A number that is undefined is NaN, never a
 * made-up 0 or 1 (docs/methods.md, "Undefined numbers"); the exceptions are
 * plspm's own conventions, replayed under WOLD_COMPAT_PLSPM and marked
 * "plspm:" below.
 */
typedef struct wold_lv_stats {
    int endogenous;          /* has at least one predecessor */
    double r2;               /* NaN for exogenous LVs (plspm: 0) */
    double r2_adj;           /* NaN for exogenous LVs and when the
                                regression has no residual degree of
                                freedom (n = predecessors + 1) */
    double block_communality;
    double mean_redundancy;  /* NaN for exogenous LVs (plspm: 0) */
} wold_lv_stats;

/* Per indicator results. */
typedef struct wold_mv_stats {
    double weight;      /* outer weight (unit-variance LV) */
    double loading;     /* correlation with its own LV score (PLSc: the
                           consistent loading of a corrected block) */
    double communality; /* loading^2 */
    double redundancy;  /* communality x R^2 of its LV; NaN for exogenous
                           LVs (plspm: 0) */
} wold_mv_stats;

/* One row of the OLS table of an endogenous LV's regression. */
typedef struct wold_coef {
    size_t from;        /* predecessor LV, or (size_t)-1 for the intercept */
    size_t to;          /* the endogenous LV */
    double estimate, std_error, t, p; /* PLSc: std_error, t, p NaN */
} wold_coef;

WOLD_API const wold_lv_stats *wold_fit_lv(const wold_fit *fit, size_t lv);
WOLD_API const wold_mv_stats *wold_fit_mv(const wold_fit *fit, size_t mv);

/* n_mv x n_lv row-major: correlation of each indicator with each LV
 * (PLSc: its consistent loading, and cross / sqrt(rhoA) elsewhere). */
WOLD_API const double *wold_fit_cross_loadings(const wold_fit *fit);
/* n_lv x n_lv row-major [to * n_lv + from]: LV score correlations
 * (PLSc: the disattenuated construct correlations). */
WOLD_API const double *wold_fit_lv_cor(const wold_fit *fit);

/*
 * Path coefficients and effects, n_lv x n_lv row-major, indexed
 * [to * n_lv + from] as plspm's path matrix.  total = sum of P^k,
 * indirect = total - direct.
 */
WOLD_API const double *wold_fit_paths(const wold_fit *fit);
WOLD_API const double *wold_fit_total_effects(const wold_fit *fit);
WOLD_API const double *wold_fit_indirect_effects(const wold_fit *fit);

/*
 * The OLS tables of all endogenous LVs, endogenous LVs in model order, each
 * its intercept first then its predecessors in model order.
 */
WOLD_API size_t wold_fit_n_coefs(const wold_fit *fit);
WOLD_API const wold_coef *wold_fit_coef(const wold_fit *fit, size_t k);

/* Goodness of fit (Tenenhaus et al. 2004), as plspm computes it; NaN when
 * the model has no block of two or more indicators or no endogenous LV. */
WOLD_API double wold_fit_gof(const wold_fit *fit);

/* ------------------------------------------------------------------------
 * Consistent PLS (PLSc; docs/methods.md, "Consistent PLS")
 *
 * With wold_fit_options.plsc set, a fit corrects the Mode A blocks for
 * measurement error as Dijkstra and Henseler (2015) and cSEM do: rhoA per
 * block, consistent loadings c_j w_j (wold_fit_mv's loading and the own
 * block's entries of wold_fit_cross_loadings), the construct correlations
 * disattenuated by rhoA (wold_fit_lv_cor), and paths, R^2 and effects from
 * them.  Mode B blocks and single indicators keep their weights and enter
 * with reliability 1.  The OLS standard errors, t and p values do not hold
 * for PLSc paths and are NaN: use the bootstrap.  A solution that breaks
 * one of the rules below is still returned (the fit succeeds), with each
 * broken rule listed here and as a warning of the fit naming the LVs.
 * ------------------------------------------------------------------------ */

/* The admissibility rules of a PLSc solution, as bits of a mask. */
typedef enum wold_plsc_rule {
    WOLD_PLSC_RHOA = 1,        /* rhoA of a Mode A block not in (0, 1], or
                                  undefined */
    WOLD_PLSC_LOADING = 2,     /* a consistent loading beyond +-1 */
    WOLD_PLSC_CORRELATION = 4, /* a disattenuated correlation beyond +-1 */
    WOLD_PLSC_NOT_PD = 8,      /* the construct correlation matrix is not
                                  positive definite */
    WOLD_PLSC_PATH = 16        /* a path coefficient beyond +-1 */
} wold_plsc_rule;

/* One broken rule.  lv and other: the block and the indicator
 * (WOLD_PLSC_LOADING), the two LVs (WOLD_PLSC_CORRELATION), the LV
 * (WOLD_PLSC_RHOA, other WOLD_NONE), the successor and the predecessor
 * (WOLD_PLSC_PATH), or WOLD_NONE for both (WOLD_PLSC_NOT_PD).  value is
 * the number at fault: rhoA, the loading, the correlation, the path, or
 * the smallest eigenvalue of the construct correlation matrix. */
typedef struct wold_plsc_issue {
    wold_plsc_rule rule;
    size_t lv, other;
    double value;
} wold_plsc_issue;

/* rhoA of every block (n_lv values), NaN where undefined, 1 for Mode B
 * and single-indicator blocks; NULL when the fit is not a PLSc fit. */
WOLD_API const double *wold_fit_plsc_rhoa(const wold_fit *fit);
/* The correction factors c_j (consistent loadings = c_j times the
 * weights), 1 where nothing is corrected; NULL when not a PLSc fit. */
WOLD_API const double *wold_fit_plsc_factors(const wold_fit *fit);
/* The OR of the rules the solution breaks: 0 when admissible (and for a
 * fit that is not PLSc). */
WOLD_API unsigned wold_fit_plsc_rules(const wold_fit *fit);
/* The broken rules one by one, in the order of the rules above. */
WOLD_API size_t wold_fit_plsc_n_issues(const wold_fit *fit);
WOLD_API const wold_plsc_issue *wold_fit_plsc_issue(const wold_fit *fit,
                                                    size_t k);
/* A rule's name for reports: "rhoA", "loading", "correlation",
 * "positive definite", "path"; NULL for an unknown rule. */
WOLD_API const char *wold_plsc_rule_name(wold_plsc_rule rule);

/* ------------------------------------------------------------------------
 * Problems: what a fit refuses, and what it warns about
 * ------------------------------------------------------------------------ */

/* "No LV" or "no indicator" in a wold_problem. */
#define WOLD_NONE ((size_t)-1)

/*
 * One problem of a fit.  status is WOLD_OK for a warning (the fit goes
 * on), otherwise the status the fit fails with.  error holds the message
 * and, where the problem has one, its place: the model file's line and
 * column of the block, indicator or "~" line concerned (error.status ==
 * status).  lv and mv name the LV and the indicator (the data column in
 * model order) it concerns, WOLD_NONE when none; value is the number at
 * issue (a condition number, a count of rows), NaN when there is none.
 */
typedef struct wold_problem {
    wold_status status;
    size_t lv, mv;
    double value;
    wold_error error;
} wold_problem;

/* A list of problems, owned by whoever returned it. */
typedef struct wold_problems wold_problems;

WOLD_API size_t wold_problems_count(const wold_problems *list);
/* Problem k (0-based, in the order the fit meets them), NULL past the end. */
WOLD_API const wold_problem *wold_problems_get(const wold_problems *list,
                                               size_t k);
WOLD_API void wold_problems_free(wold_problems *list);

/*
 * Formats a problem as wold_error_format does, with "warning:" instead of
 * "error:" for a warning.  Returns the length it wanted.
 */
WOLD_API size_t wold_problem_format(const wold_problem *pr, char *buf,
                                    size_t size);

/*
 * Lists every problem that reading the moments of data and fitting model
 * with opt would meet before the iteration, errors and warnings, in the
 * order the fit meets them, with the same messages, because
 * wold_moments_compute and wold_fit_estimate raise their errors from the
 * same code: too few usable rows (naming the empty columns or those with
 * the most missing cells), a column with no value to fill in, bad
 * options, fewer rows than the model needs, zero-variance indicators
 * (each), collinear Mode B blocks (each), and the warnings of
 * near-collinear Mode B blocks, of regressions without residual degrees of
 * freedom and of Mode B blocks without paths.  The data must have been
 * read with the model (else WOLD_EUSAGE).
 * When the moments cannot be computed, columns that are constant over
 * their observed cells are still listed.  Problems that only the
 * iteration can find (collinear LV scores, non-convergence) are not.
 * *out owns the list (free with wold_problems_free) whatever the status.
 * Returns WOLD_OK when the list holds no error (warnings allowed);
 * otherwise the status of its first error, with err set to that error.
 * Errors of its own: WOLD_ENOMEM (then *out is NULL).
 */
WOLD_API wold_status wold_fit_check(wold_problems **out,
                                    const wold_model *model,
                                    const wold_data *data,
                                    wold_missing missing,
                                    const wold_fit_options *opt,
                                    wold_error *err);

/*
 * The same checks for a caller that has moments (merged from chunks, say)
 * instead of data: everything wold_fit_check lists after the moments.
 * Returns and owns as wold_fit_check.
 */
WOLD_API wold_status wold_fit_check_moments(wold_problems **out,
                                            const wold_model *model,
                                            const wold_moments *moments,
                                            const wold_fit_options *opt,
                                            wold_error *err);

/*
 * The warnings of a fit, in the order they were raised: near-collinear
 * Mode B blocks and structural regressions (value: the condition number),
 * regressions without residual degrees of freedom (value: the rows), Mode
 * B blocks of a model without paths, reported as equal-weight composites
 * (value NaN).  All but the near-collinear regressions are known before
 * the iteration and listed by wold_fit_check too.  The fit owns them.  wold_fit_warning returns NULL past the end.
 */
WOLD_API size_t wold_fit_n_warnings(const wold_fit *fit);
WOLD_API const wold_problem *wold_fit_warning(const wold_fit *fit, size_t k);

/*
 * LV scores of data (read with this fit's model): n x n_lv row-major,
 * written to out (caller-owned, n = wold_data_n_rows).  Rows with a
 * missing cell get NaN under listwise deletion and use the column mean
 * under mean replacement.  The scores are standardised with the moments'
 * means and s.d. (the fit's rows), sign-corrected as the paths.
 * Errors: WOLD_EUSAGE when data does not match the fit's model.
 */
WOLD_API wold_status wold_fit_scores(const wold_fit *fit,
                                     const wold_data *data, double *out,
                                     wold_error *err);

/* ------------------------------------------------------------------------
 * Assessment: the criteria of a finished fit (docs/methods.md, "Criteria")
 * ------------------------------------------------------------------------ */

typedef struct wold_assess wold_assess;

/*
 * Reliability and convergent validity of one block.  Undefined numbers
 * are NaN; under WOLD_COMPAT_PLSPM, alpha, dg_rho, eig2 and ave follow
 * plspm's conventions, marked "plspm:".
 */
typedef struct wold_block_stats {
    double alpha;   /* Cronbach's alpha on the block's correlations; NaN
                       for Mode B (plspm: 0) and one indicator (plspm: 1) */
    double rho_c;   /* Joreskog's composite reliability from the fit's
                       loadings (as SmartPLS, seminr, cSEM); NaN for Mode B */
    double rho_a;   /* Dijkstra-Henseler's rhoA from the fit's weights; 1
                       for Mode B and one indicator (composites enter PLSc
                       with reliability 1, as in cSEM and seminr) */
    double dg_rho;  /* Dillon-Goldstein rho from the first principal
                       component (plspm's "DG.rho"); NaN for Mode B (plspm:
                       0, 1 for one indicator) */
    double ave;     /* average variance extracted: mean squared loading;
                       NaN for Mode B (plspm: 0) */
    double eig1, eig2; /* of the block's correlation matrix; eig2 NaN for
                          one indicator (plspm: 0) */
} wold_block_stats;

/* SRMR, d_ULS and d_G of one model-implied indicator correlation matrix
 * (docs/methods.md, "Model fit"); NaN when undefined. */
typedef struct wold_model_fit {
    double srmr, d_uls, d_g;
} wold_model_fit;

/*
 * Computes every criterion of fit from the moments it was estimated on
 * (the same moments, or at least the same columns): reliability, HTMT,
 * the Fornell-Larcker table, VIFs, f^2 and the model fit.  The assessment
 * borrows fit (which must outlive it) and copies what it needs from mo.
 * Errors: WOLD_EUSAGE when mo does not have the fit's indicators as
 * columns; WOLD_ENOMEM.  On error *out is NULL.
 */
WOLD_API wold_status wold_assess_compute(wold_assess **out,
                                         const wold_fit *fit,
                                         const wold_moments *moments,
                                         wold_error *err);

WOLD_API void wold_assess_free(wold_assess *a);

/* The fit assessed. */
WOLD_API const wold_fit *wold_assess_fit(const wold_assess *a);
/* Block lv's reliability, NULL past the end. */
WOLD_API const wold_block_stats *wold_assess_block(const wold_assess *a,
                                                   size_t lv);
/*
 * n_lv x n_lv row-major, symmetric, diagonal 1: HTMT (Henseler et al.
 * 2015) and HTMT2 (Roemer et al. 2021) of every pair of blocks, in
 * absolute value as cSEM reports them; NaN where undefined.
 */
WOLD_API const double *wold_assess_htmt(const wold_assess *a);
WOLD_API const double *wold_assess_htmt2(const wold_assess *a);
/* n_lv x n_lv row-major, symmetric: the Fornell-Larcker table, AVE on the
 * diagonal and squared LV correlations off it (cSEM's layout). */
WOLD_API const double *wold_assess_fornell_larcker(const wold_assess *a);
/* n_mv: VIF of each indicator of a Mode B block within its block; NaN for
 * Mode A blocks and blocks of one indicator. */
WOLD_API const double *wold_assess_vif_indicators(const wold_assess *a);
/* n_lv x n_lv row-major [to * n_lv + from]: VIF of each predecessor in
 * its structural equation, and Cohen's f^2 of each path; NaN where the
 * model has no path. */
WOLD_API const double *wold_assess_vif_paths(const wold_assess *a);
WOLD_API const double *wold_assess_f2(const wold_assess *a);
/* The model fit of the saturated model (estimated = 0: every LV
 * correlation free) or of the estimated structural model (1).  A model
 * without paths has only the saturated one (both are the same). */
WOLD_API const wold_model_fit *wold_assess_model_fit(const wold_assess *a,
                                                     int estimated);
/* ------------------------------------------------------------------------
 * Inference: the bootstrap and the jackknife (docs/methods.md, section 10)
 * ------------------------------------------------------------------------ */

typedef enum wold_boot_ci {
    WOLD_BOOT_CI_PERCENTILE = 1, /* quantiles of the replicates (default) */
    WOLD_BOOT_CI_BCA = 2,        /* bias-corrected and accelerated (Efron
                                    1987); needs the jackknife, run for it */
    WOLD_BOOT_CI_BOTH = 3
} wold_boot_ci;

typedef enum wold_sign_change {
    WOLD_SIGN_NONE = 0,       /* the replicate's estimates as its fit gives
                                 them (after wold's own sign rule) */
    WOLD_SIGN_INDIVIDUAL = 1, /* each estimate takes the sign of the
                                 original (Tenenhaus et al. 2005) */
    WOLD_SIGN_CONSTRUCT = 2   /* an LV is reflected when its loadings agree
                                 better with the original reflected
                                 (Henseler et al. 2009; cSEM's
                                 construct_reestimate) */
} wold_sign_change;

typedef enum wold_boot_failures {
    WOLD_BOOT_REDRAW = 0, /* a failed resample is replaced by a new draw */
    WOLD_BOOT_DROP = 1    /* a failed resample is left out */
} wold_boot_failures;

/* Why a replicate failed. */
typedef enum wold_boot_failure {
    WOLD_BOOT_FAIL_ZERO_VARIANCE = 0, /* an indicator constant in the resample */
    WOLD_BOOT_FAIL_MODE_B = 1,        /* a singular Mode B block */
    WOLD_BOOT_FAIL_CONVERGENCE = 2,   /* the iteration did not converge */
    WOLD_BOOT_FAIL_PLSC = 3,          /* an inadmissible PLSc solution (only
                                         when the original is admissible) */
    WOLD_BOOT_FAIL_NUMERIC = 4,       /* any other numerical failure
                                         (collinear LV scores, say) */
    WOLD_BOOT_N_FAILURES = 5
} wold_boot_failure;

/* Redraws of one replicate before it counts as dropped (REDRAW only). */
#define WOLD_BOOT_MAX_DRAWS 100

typedef struct wold_boot_options {
    size_t replicates;  /* B; 0 runs the jackknife alone (jackknife = 1) */
    uint64_t seed;
    int threads;        /* worker threads; 0 = one per online core */
    wold_boot_ci ci;
    double level;       /* of the two-sided intervals, in (0, 1) */
    wold_sign_change sign_change;
    wold_boot_failures failures;
    int jackknife;      /* 1: also the n leave-one-out fits (jackknife
                           s.e.); BCa runs them whatever this says */
    double htmt_threshold; /* H0 of the HTMT test: HTMT >= this (> 0) */
    const struct wold_boot_extra *extra; /* caller's statistics, or NULL */
    /* Run only part `part` (0-based) of n_parts (an MPI rank's share,
     * docs/scale.md): a contiguous share of the replicates' batches and
     * one of the jackknife's fits; n_parts 0 or 1 runs all.  Join the
     * parts in order with wold_boot_pack / wold_boot_join. */
    size_t part, n_parts;
} wold_boot_options;

/*
 * Statistics the caller computes from each replicate's fit and moments
 * (the CSI layer's indices and IPMA importances), bootstrapped like the
 * built-in ones (kind WOLD_STAT_EXTRA, lv = the position k in labels,
 * lv2 and mv WOLD_NONE), after them in the list, and summarised, reported
 * and written to --boot-out the same way.  fn is called on the
 * full-sample fit (the originals), on every replicate's fit (redraws
 * included) and on every jackknife fit (BCa, --jackknife); it writes n
 * values to out (NaN where undefined) and returns 0, or nonzero to fail
 * the replicate (cause WOLD_BOOT_FAIL_NUMERIC; on the full-sample fit
 * wold_boot_run fails with WOLD_ENUMERIC).  The sign-change rules do not
 * touch these values: fn sees the replicate's fit as it is.  fn is
 * called from several threads at once: it must only read user, and
 * should not allocate.  The struct, its labels (copied into the result)
 * and user are read during wold_boot_run only; the options the result
 * keeps (wold_boot_options_used) have extra NULL.
 */
typedef int (*wold_boot_extra_fn)(void *user, const wold_fit *fit,
                                  const wold_moments *moments, double *out);
typedef struct wold_boot_extra {
    size_t n;
    const char *const *labels; /* n labels, "index:SAT" */
    wold_boot_extra_fn fn;
    void *user;
} wold_boot_extra;

/* 1000 replicates, seed 1, all cores, percentile, level 0.95, no sign
 * change, redraw, no jackknife, HTMT threshold 1, no extra statistics,
 * one part (the whole run). */
WOLD_API void wold_boot_options_default(wold_boot_options *opt);

/* What a statistic estimates. */
typedef enum wold_stat_kind {
    WOLD_STAT_PATH = 0,     /* lv -> lv2 (from, to) */
    WOLD_STAT_INDIRECT = 1, /* lv -> lv2, an indirect effect */
    WOLD_STAT_TOTAL = 2,    /* lv -> lv2, a total effect */
    WOLD_STAT_WEIGHT = 3,   /* mv's outer weight (as reported: signed) */
    WOLD_STAT_LOADING = 4,  /* mv's loading */
    WOLD_STAT_R2 = 5,       /* lv's R^2 */
    WOLD_STAT_HTMT = 6,     /* lv, lv2 (lv2 < lv) */
    WOLD_STAT_HTMT2 = 7,
    WOLD_STAT_RHOA = 8,     /* lv's rhoA */
    WOLD_STAT_EXTRA = 9     /* the caller's statistic lv (wold_boot_extra) */
} wold_stat_kind;

/*
 * One statistic of a bootstrap.  Numbers that cannot be computed are NaN:
 * all of them when no replicate succeeded; the BCa bounds when BCa was not
 * asked for; jack_se when the jackknife did not run; the HTMT test's
 * fields for other kinds.  se is the bootstrap standard deviation (divisor
 * B - 1), or the jackknife standard error when no replicate was drawn;
 * t = original / se; p is two-sided from Student's t with n - 1 degrees
 * of freedom (docs/methods.md, 9.5).  The intervals are at the options'
 * level; quantiles are R's type 7.
 */
typedef struct wold_boot_stat {
    wold_stat_kind kind;
    size_t lv, lv2;       /* WOLD_NONE where the kind has none */
    size_t mv;            /* WOLD_NONE unless weight or loading */
    const char *label;    /* "path:IMAG->EXPE", "weight:imag1", ... */
    double original;      /* the full-sample estimate */
    double mean, bias, se, t, p;
    double pct_lo, pct_hi;
    double bca_lo, bca_hi;
    double jack_se;
    size_t used;          /* replicates with a finite value */
    double htmt_upper;    /* HTMT: one-sided upper bound at level */
    double htmt_p;        /* HTMT: share of replicates >= the threshold */
} wold_boot_stat;

typedef struct wold_boot wold_boot;

/* Called on the thread that called wold_boot_run, every few replicates:
 * done of total fits (bootstrap and jackknife together) are finished. */
typedef void (*wold_boot_progress)(void *user, size_t done, size_t total);

/*
 * Bootstraps fit: B resamples of the rows of data that the fit used
 * (moments must be the ones the fit was estimated on, data the data they
 * were computed from), each fitted on its own resampled moments with the
 * fit's options, started from the fit's weights.  Replicate r's resample
 * depends only on (seed, r, draw): the results are bit-identical for any
 * number of threads.  Data with weights (wold_data_weights) get the
 * weighted bootstrap: each drawn row keeps its weight (replicate weights
 * = counts x weights), and the jackknife leaves out each row of positive
 * weight (docs/methods.md 14).  A failed replicate is never fatal: it is
 * counted by cause and redrawn or dropped (opt->failures).  During the run OpenBLAS
 * (when it is the BLAS) is set to one thread, then restored.
 * progress may be NULL.
 * Errors: WOLD_EUSAGE for bad options (naming the field) or a fit, moments
 * and data that do not belong together; WOLD_ENOMEM.  *out is NULL on
 * error.
 */
WOLD_API wold_status wold_boot_run(wold_boot **out, const wold_fit *fit,
                                   const wold_moments *moments,
                                   const wold_data *data,
                                   const wold_boot_options *opt,
                                   wold_boot_progress progress, void *user,
                                   wold_error *err);

WOLD_API void wold_boot_free(wold_boot *boot);

WOLD_API const wold_boot_options *wold_boot_options_used(const wold_boot *b);
/* The fit that was bootstrapped (borrowed: it must outlive b). */
WOLD_API const wold_fit *wold_boot_fit(const wold_boot *b);

/* Statistics, in the order paths, indirect effects, total effects,
 * weights, loadings, R^2, HTMT, HTMT2, rhoA, then the caller's
 * (wold_boot_extra, in the order of its labels); NULL past the end. */
WOLD_API size_t wold_boot_n_stats(const wold_boot *b);
WOLD_API const wold_boot_stat *wold_boot_stat_get(const wold_boot *b,
                                                  size_t k);
/* The statistic of kind for (lv, lv2, mv) as above, or NULL. */
WOLD_API const wold_boot_stat *wold_boot_find(const wold_boot *b,
                                              wold_stat_kind kind, size_t lv,
                                              size_t lv2, size_t mv);

/* Replicates asked for, and those the statistics rest on. */
WOLD_API size_t wold_boot_n_replicates(const wold_boot *b);
WOLD_API size_t wold_boot_n_used(const wold_boot *b);
/* Failed draws of a cause (each redraw's failure counts). */
WOLD_API size_t wold_boot_n_failures(const wold_boot *b,
                                     wold_boot_failure cause);
/* "zero_variance", "mode_b", "convergence", "plsc", "numeric". */
WOLD_API const char *wold_boot_failure_name(wold_boot_failure cause);
/* Leave-one-out fits run (0 without the jackknife), and those that
 * failed. */
WOLD_API size_t wold_boot_n_jackknife(const wold_boot *b);
WOLD_API size_t wold_boot_n_jackknife_failed(const wold_boot *b);

/*
 * The replicates: n_replicates x n_stats row-major, NaN in the row of a
 * dropped replicate.  wold_boot_replicate_status gives -1 for a replicate
 * that was used, else the wold_boot_failure of its last draw;
 * wold_boot_replicate_draws the draws it took (1 without a failure).
 */
WOLD_API const double *wold_boot_values(const wold_boot *b);
WOLD_API int wold_boot_replicate_status(const wold_boot *b, size_t r);
WOLD_API int wold_boot_replicate_draws(const wold_boot *b, size_t r);

/*
 * A bootstrap in parts (several processes or machines, docs/scale.md).
 * Every part runs wold_boot_run on the same fit, moments and data with
 * the same options except part; replicate r draws from the stream of
 * (seed, r) whichever part runs it, so the parts' replicates are those of
 * the whole run.  wold_boot_run with n_parts > 1 returns part `part`: its
 * statistics' originals are set, their summaries NaN, and the rows of the
 * other parts' replicates NaN with status WOLD_BOOT_FAIL_NUMERIC, until
 * the other parts are joined into part 0.
 *
 * wold_boot_pack serializes part b's replicates, their status and draws,
 * its jackknife fits and failure counts into *buf (malloc'd, the
 * caller frees it; little-endian on every machine), *len its bytes.
 * Errors: WOLD_EUSAGE when b is not a part; WOLD_ENOMEM.
 *
 * wold_boot_join adds the packed part buf to a, which holds parts 0 ..
 * k - 1 (part 0 from wold_boot_run, then the others in order): buf must
 * be part k of the same run.  When the last part is in, a is summarised
 * and becomes bit for bit the bootstrap that one wold_boot_run of all
 * the replicates gives (its options' part and n_parts then 0).
 * Errors: WOLD_EUSAGE when a is complete, or buf is not a bootstrap part,
 * is truncated, or is not part k of a's run (replicates, statistics,
 * seed, parts or rows differ: the message says which); WOLD_ENOMEM.  On
 * error a is unchanged.
 *
 * wold_boot_complete: 1 when b holds every part (always, for a run in
 * one part), else 0.
 */
WOLD_API wold_status wold_boot_pack(const wold_boot *b, void **buf,
                                    size_t *len, wold_error *err);
WOLD_API wold_status wold_boot_join(wold_boot *a, const void *buf,
                                    size_t len, wold_error *err);
WOLD_API int wold_boot_complete(const wold_boot *b);

/* ------------------------------------------------------------------------
 * Reports (docs/json.md for the JSON schema)
 * ------------------------------------------------------------------------ */

typedef enum wold_format {
    WOLD_FORMAT_TEXT = 0,
    WOLD_FORMAT_JSON = 1,
    WOLD_FORMAT_CSV = 2, /* the reports that have a table form */
    /* wold_report only: one self-contained HTML page (docs/report.md):
     * the path diagram as inline SVG and every table, with the index and,
     * given parts->ipma, the importance-performance map */
    WOLD_FORMAT_HTML = 3,
    /* wold_report only: the path diagram alone, an SVG document */
    WOLD_FORMAT_SVG = 4
} wold_format;

/* The language of a report's headings and labels (--lang en|zh). */
typedef enum wold_lang { WOLD_LANG_EN = 0, WOLD_LANG_ZH = 1 } wold_lang;

/* wold_report with parts {fit, moments, data}.  Errors: WOLD_ENOMEM. */
WOLD_API wold_status wold_report_fit(char **out, const wold_fit *fit,
                                     const wold_moments *moments,
                                     const wold_data *data,
                                     wold_format format, wold_error *err);

/*
 * What a report shows: the fit, and optionally the moments it was
 * estimated on (then the rows used, dropped or imputed, and every
 * criterion of wold_assess_compute, are reported), the data (its file
 * name and missing cells) and a bootstrap of the fit (its section, and
 * the bootstrap s.e., t and p in the paths table).  Members may be
 * added at the end: fill it with wold_report_parts_default first.
 */
typedef struct wold_report_parts {
    const wold_fit *fit;
    const wold_moments *moments; /* NULL: no criteria that need them */
    const wold_data *data;       /* NULL: no data file line */
    const wold_boot *boot;       /* NULL: no bootstrap section */
    wold_lang lang;              /* of headings and labels */
    const struct wold_index *index;   /* NULL: no index section */
    const struct wold_grades *grades; /* NULL: the built-in satisfaction
                                         grades */
    /* The sums the moments came from (a streamed fit, --moments), for the
     * data line when data is NULL; NULL: none. */
    const struct wold_sums *sums;
    /* An importance-performance analysis of the fit (wold_ipma_compute),
     * shown by WOLD_FORMAT_HTML as its map and priority table; NULL:
     * none.  The text and JSON reports ignore it. */
    const struct wold_ipma *ipma;
} wold_report_parts;

/* All members NULL, the language English. */
WOLD_API void wold_report_parts_default(wold_report_parts *parts);

/*
 * Writes the report of parts to a newly allocated NUL-terminated string
 * in *out (free with free()).  With an index, an "Indices (0-100)"
 * section (JSON "index", docs/json.md) grades each index with grades (or
 * the built-in satisfaction table) and, with a bootstrap that has the
 * indices' extra statistics (wold_index_boot), shows their s.e. and
 * intervals.  Errors: WOLD_EUSAGE for a NULL fit, moments without the
 * fit's indicators, a bootstrap, an index or an IPMA of another fit;
 * WOLD_ENOMEM.
 */
WOLD_API wold_status wold_report(char **out, const wold_report_parts *parts,
                                 wold_format format, wold_error *err);

/*
 * Writes x in the shortest decimal form that reads back as the same double
 * (of the shortest ones, the nearest to x; Ryu, docs/simulate.md "Values
 * written"), laid out as printf's "%.Pg" would lay out those digits with
 * P = max(15, their number), into buf of at least 32 bytes; NaN and
 * infinities as "NaN", "Inf", "-Inf".  Thread-safe, no allocation.
 */
WOLD_API void wold_format_double(double x, char *buf);

/*
 * The tables of a report (docs/tables.md).  json is the text of any
 * wold_report_* in WOLD_FORMAT_JSON (fit, ipma, index, nation, predict,
 * metrics); its arrays of objects and its objects of objects become
 * tables, its other members one "summary" table of key-value rows.
 *
 * wold_tables_csv: every table in one long CSV with the header
 * "table,row,column,value", one line per cell, numbers in their shortest
 * round-trip form, undefined numbers empty.
 *
 * wold_tables_xlsx: an Excel workbook at path (through libxlsxwriter,
 * WOLD_XLSX), one sheet per table, numbers stored as numbers with a
 * number format, the header row frozen, headings and sheet names in lang.
 * The file is written whole or not at all (a temporary file beside it,
 * renamed).
 *
 * Errors: WOLD_EUSAGE (json is not a report, or wold was built without
 * WOLD_XLSX), WOLD_EIO (path cannot be written, with the reason),
 * WOLD_ENOMEM.
 */
WOLD_API wold_status wold_tables_csv(char **out, const char *json,
                                     wold_error *err);
WOLD_API wold_status wold_tables_xlsx(const char *json, const char *path,
                                      wold_lang lang, wold_error *err);


/* ------------------------------------------------------------------------
 * The CSI layer: 0-100 indices and grades (docs/csi.md, docs/methods.md
 * "Indices")
 * ------------------------------------------------------------------------ */

typedef struct wold_index wold_index;

/*
 * The 0-100 index of every LV of fit whose indicators all have scales
 * (wold_model_mv_scale): 100 (sum w_i mean_i - sum w_i lo_i) /
 * (sum w_i hi_i - sum w_i lo_i), w the unstandardised outer weights
 * (standardised weight / the indicator's s.d. in moments; the weight
 * itself for an unscaled fit) normalised to sum 1 (Fornell et al. 1996;
 * docs/methods.md, section 11).  The means and s.d. are the moments'
 * (weighted moments give weighted ones).  moments must be the ones fit
 * was estimated on.  An LV with a negative normalised weight, a missing
 * scale, or weights that sum to zero gets no index (NaN) and a note;
 * that is not an error.  The index borrows fit (which must outlive it).
 * Errors: WOLD_EUSAGE for moments that do not belong to fit; WOLD_ENOMEM.
 */
WOLD_API wold_status wold_index_compute(wold_index **out,
                                        const wold_fit *fit,
                                        const wold_moments *moments,
                                        wold_error *err);
WOLD_API void wold_index_free(wold_index *ix);
WOLD_API const wold_fit *wold_index_fit(const wold_index *ix);
/* lv's index, NaN when it has none (or lv is out of range). */
WOLD_API double wold_index_value(const wold_index *ix, size_t lv);
/* Why lv has no index ("no scale for x3: give it in the model file (a
 * scale statement, docs/model-syntax.md) or with --scale MIN:MAX",
 * "negative weight of x2 (-0.0123): ..."), NULL when it has one.  Owned
 * by ix. */
WOLD_API const char *wold_index_note(const wold_index *ix, size_t lv);
/* The normalised unstandardised weights, one per indicator (NaN in a
 * block without an index).  Owned by ix. */
WOLD_API const double *wold_index_weights(const wold_index *ix);
/* lv's mean unstandardised score sum w_i mean_i (on its indicators'
 * units: 6.85 on 0-10 items), NaN when it has no index. */
WOLD_API double wold_index_mean_score(const wold_index *ix, size_t lv);
/* The range of lv's unstandardised score, [sum w_i lo_i, sum w_i hi_i]:
 * returns 1 and sets *lo, *hi when lv has an index, else 0. */
WOLD_API int wold_index_scale(const wold_index *ix, size_t lv, double *lo,
                              double *hi);
/* The number of LVs with an index. */
WOLD_API size_t wold_index_n_defined(const wold_index *ix);

/*
 * The LV scores of data (read with the fit's model) on the 0-100 metric,
 * n x n_lv row-major into out (caller-owned, n = wold_data_n_rows): row
 * x gets 100 (sum w_i x_i - sum w_i lo_i) / (sum w_i hi_i - sum w_i lo_i);
 * NaN for an LV without an index and, under listwise deletion, for a row
 * with a missing cell (mean replacement uses the moments' mean).  Their
 * mean over the fit's rows is the index.
 * Errors: WOLD_EUSAGE when data does not match the fit's model.
 */
WOLD_API wold_status wold_index_scores(const wold_index *ix,
                                       const wold_data *data, double *out,
                                       wold_error *err);

/*
 * The indices as extra statistics of the bootstrap: one per LV with an
 * index (labels "index:<LV>", in model order), each replicate's index
 * computed from the replicate's weights and moments (NaN in a replicate
 * where a weight of the block turns negative).  Set
 * wold_boot_options.extra = wold_index_boot_extra(ib) before
 * wold_boot_run.  ib borrows ix (which must outlive it); the extra is
 * owned by ib.  Errors: WOLD_ENOMEM.
 */
typedef struct wold_index_boot wold_index_boot;
WOLD_API wold_status wold_index_boot_alloc(wold_index_boot **out,
                                           const wold_index *ix,
                                           wold_error *err);
WOLD_API void wold_index_boot_free(wold_index_boot *ib);
WOLD_API const wold_boot_extra *wold_index_boot_extra(
    const wold_index_boot *ib);

/*
 * Grading tables (docs/csi.md, "Grades"; docs/methods.md, section 12):
 * classes of an index by cut-offs, each with an English and a Chinese
 * label and, optionally, stars.  A class holds [lower, upper); the top
 * class also holds its upper bound (100 is "very satisfied").  The
 * classes of a table tile [its lowest lower, its highest upper] without
 * gaps or overlaps.
 */
typedef struct wold_grades wold_grades;

/* The built-in grading tables (docs/csi.md, "Grades"). */
typedef enum wold_grades_kind {
    WOLD_GRADES_SATISFACTION = 0, /* very satisfied >= 90 ... < 50 */
    WOLD_GRADES_PURCHASE = 1      /* A >= 90, B >= 70, C >= 60, D < 60 */
} wold_grades_kind;

typedef struct wold_grade {
    double lower, upper;  /* [lower, upper); [lower, upper] at the top */
    const char *label_en; /* "very satisfied" */
    const char *label_zh; /* "很满意"; the English label when the table
                             has none */
    int stars;            /* 0-5, or -1 when the table has no stars */
} wold_grade;

/* A built-in table (static: never freed), NULL for an unknown kind. */
WOLD_API const wold_grades *wold_grades_builtin(wold_grades_kind kind);

/*
 * Reads a grading table from a CSV file ("-": standard input;
 * docs/csi.md, "Grades"): a header naming the columns lower, upper,
 * label_en (required), label_zh and stars (optional), in any order, then
 * one class per line; blank lines and lines starting with '#' are
 * skipped.  Errors: WOLD_EINPUT at file:line:col for an unreadable file,
 * an unknown, repeated or missing column, a line with too few or too many
 * fields, a bound that is not a finite number, lower >= upper, an empty
 * label, stars that are not a whole number 0-5, no class at all, and two
 * classes with a gap or an overlap between them (at the later line,
 * naming the other); WOLD_ENOMEM.
 */
WOLD_API wold_status wold_grades_read(wold_grades **out, const char *path,
                                      wold_error *err);
/* The same from len bytes of text (filename names it in messages). */
WOLD_API wold_status wold_grades_parse(wold_grades **out, const char *text,
                                       size_t len, const char *filename,
                                       wold_error *err);
/* Frees a table read by wold_grades_read or _parse; NULL and the built-in
 * tables are left alone. */
WOLD_API void wold_grades_free(wold_grades *g);

/* Classes, from the highest to the lowest; NULL past the end. */
WOLD_API size_t wold_grades_n(const wold_grades *g);
WOLD_API const wold_grade *wold_grades_class(const wold_grades *g, size_t k);
/* The class of value, NULL for NaN or a value outside the table. */
WOLD_API const wold_grade *wold_grades_find(const wold_grades *g,
                                            double value);
/* The class's label in lang. */
WOLD_API const char *wold_grade_label(const wold_grade *c, wold_lang lang);

/* ------------------------------------------------------------------------
 * Higher-order constructs: repeated indicators or two stages
 * (docs/methods.md §15, docs/model-syntax.md "Higher-order constructs")
 * ------------------------------------------------------------------------ */

typedef enum wold_hoc_approach {
    WOLD_HOC_REPEATED = 0,  /* one fit of the repeated-indicator model */
    WOLD_HOC_TWO_STAGE = 1  /* embedded two-stage: a stage per level */
} wold_hoc_approach;

typedef struct wold_hoc wold_hoc;

/*
 * Estimates a model with higher-order constructs.  Stage 0 is the fit of
 * model (the repeated-indicator model) on data: the whole estimate under
 * WOLD_HOC_REPEATED.  WOLD_HOC_TWO_STAGE goes on with one stage per level
 * (wold_model_max_order - 1 more): each replaces the block of every HOC
 * whose children are first-order by the children's scores of the stage
 * before (on the 0-100 index metric with scale 0:100 when the child's
 * block has one, else standardised) and drops the children, keeping the
 * other blocks and the file's paths.  weights: observation weights
 * (wold_data_n_rows entries) or NULL; missing and opt apply to every
 * stage.  On success *out owns the stages (it borrows model and data,
 * which must outlive it).  Errors: those of wold_moments_compute_weighted
 * and wold_fit_estimate for the first stage that fails, whose fit (on
 * non-convergence) is still in *out (wold_hoc_n_stages counts the stages
 * made; *out is NULL on other errors); WOLD_EINPUT, located at the block,
 * when a two-stage child has a path of its own besides its HOC;
 * WOLD_EUSAGE for an unknown approach; WOLD_ENOMEM.
 */
WOLD_API wold_status wold_hoc_estimate(wold_hoc **out,
                                       const wold_model *model,
                                       const wold_data *data,
                                       const double *weights,
                                       wold_missing missing,
                                       const wold_fit_options *opt,
                                       wold_hoc_approach approach,
                                       wold_error *err);
/*
 * wold_hoc_estimate from moments alone (a streamed fit: wold_sums_read_csv
 * and wold_sums_moments, or a moments file): mo holds the moments of
 * model's indicators, either every column of the repeated-indicator model
 * (as wold_moments_compute gives them from its data) or each column once,
 * the originals in model order (as the streamed reader and moments files
 * give them; a repeat then copies its original), under any rule for
 * WOLD_HOC_REPEATED and under listwise deletion or mean replacement for
 * WOLD_HOC_TWO_STAGE.  A later stage's indicators are affine in the
 * stage before's (kept columns and LV scores), so their moments follow
 * from its moments, with no pass over the rows: the same estimates as
 * wold_hoc_estimate on the data that made mo, up to rounding (1e-12
 * relative in the tests), with the same weights and missing-value rule.
 * The stages have no data (wold_hoc_stage_data is NULL); the minima and
 * maxima of a score column enclose the rows' (docs/methods.md §15).  *out
 * owns copies of mo; it borrows model.  Errors: as wold_hoc_estimate's;
 * WOLD_EUSAGE for two stages on moments from pairwise deletion, or moments
 * whose columns are neither.
 */
WOLD_API wold_status wold_hoc_estimate_moments(wold_hoc **out,
                                               const wold_model *model,
                                               const wold_moments *mo,
                                               const wold_fit_options *opt,
                                               wold_hoc_approach approach,
                                               wold_error *err);
WOLD_API void wold_hoc_free(wold_hoc *h);
WOLD_API wold_hoc_approach wold_hoc_approach_used(const wold_hoc *h);
/* Stages 0 .. n-1; each one's model, data, moments and fit (owned by h;
 * NULL for s out of range).  The last stage holds the HOCs' results. */
WOLD_API size_t wold_hoc_n_stages(const wold_hoc *h);
WOLD_API const wold_model *wold_hoc_stage_model(const wold_hoc *h, size_t s);
WOLD_API const wold_data *wold_hoc_stage_data(const wold_hoc *h, size_t s);
WOLD_API const wold_moments *wold_hoc_stage_moments(const wold_hoc *h,
                                                    size_t s);
WOLD_API const wold_fit *wold_hoc_stage_fit(const wold_hoc *h, size_t s);
/* The model text written for stage s >= 1 (NULL for stage 0). */
WOLD_API const char *wold_hoc_stage_text(const wold_hoc *h, size_t s);

/*
 * The report of a HOC estimate: a section that lists the higher-order
 * constructs (order, mode, children, approach), then, for two stages,
 * every stage before the last with its own heading, then the last stage
 * with last's other parts (boot, index, lang, grades; last->fit, moments
 * and data are taken from the stage when NULL).  JSON: the last stage's
 * report with a "higher_order" member (docs/json.md).  *out as
 * wold_report.  Errors: those of wold_report; WOLD_ENOMEM.
 */
WOLD_API wold_status wold_hoc_report(char **out, const wold_hoc *h,
                                     const struct wold_report_parts *last,
                                     wold_format format, wold_error *err);

/* ------------------------------------------------------------------------
 * The CSI layer: the importance-performance map analysis (IPMA;
 * docs/csi.md "Priorities for improvement", docs/methods.md section 13)
 * ------------------------------------------------------------------------ */

typedef struct wold_ipma wold_ipma;

/* One row of an IPMA table: a construct (mv WOLD_NONE) or an indicator. */
typedef struct wold_ipma_row {
    size_t lv;          /* the construct, or the indicator's block */
    size_t mv;          /* the indicator, WOLD_NONE for a construct */
    size_t stat;        /* its position among the statistics of
                           wold_ipma_boot_extra (the bootstrap's lv) */
    double importance;  /* unstandardised total effect on the target
                           (construct), w~_i times its block's (indicator):
                           target points per point of this one */
    double performance; /* mean rescaled score or indicator, 0-100 */
    double potential;   /* importance x (100 - performance): the target
                           points gained by raising this one to 100 */
    double weight;      /* w~_i of an indicator, NaN for a construct */
} wold_ipma_row;

/*
 * The IPMA of target (an endogenous LV of fit) on the moments fit was
 * estimated on (Ringle & Sarstedt 2016, as SmartPLS and cSEM's doIPMA):
 * every indicator rescaled to 0-100 by its scale (wold_model_mv_scale),
 * each construct's rescaled score the sum of w~_i times its rescaled
 * indicators, w~ the unstandardised weights normalised to sum 1 per block
 * (those of wold_index_weights).  For each LV with a total effect on the
 * target: importance = the unstandardised total effect from OLS
 * regressions (with intercept) of the rescaled scores along the
 * structural model, performance = the mean rescaled score; for each of
 * its indicators: importance = w~_i times its construct's, performance =
 * the mean rescaled indicator.  All from the means and covariance matrix
 * in moments; no row is read.  Rows are ordered by priority: larger
 * potential first, then larger importance, then model order.  The result
 * borrows fit (and its model), which must outlive it.
 * Errors: WOLD_EUSAGE for a target out of range or without predecessors,
 * moments of other columns, or an LV with more than 64 predecessors;
 * WOLD_EINPUT (located at the indicator in the model file) for an
 * indicator of the analysed blocks without a scale, saying how to give
 * one; WOLD_ENUMERIC for a negative normalised weight in an analysed
 * block (naming the indicator) or singular regressions; WOLD_ENOMEM.
 * On error *out is NULL.
 */
WOLD_API wold_status wold_ipma_compute(wold_ipma **out, const wold_fit *fit,
                                       const wold_moments *moments,
                                       size_t target, wold_error *err);
WOLD_API void wold_ipma_free(wold_ipma *ip);
WOLD_API const wold_fit *wold_ipma_fit(const wold_ipma *ip);
WOLD_API size_t wold_ipma_target(const wold_ipma *ip);
/* The target's own performance (its mean rescaled score). */
WOLD_API double wold_ipma_target_performance(const wold_ipma *ip);
/* The construct rows (the LVs with a total effect on the target) and the
 * indicator rows (their indicators), each by priority; NULL past the
 * end.  Owned by ip. */
WOLD_API size_t wold_ipma_n_constructs(const wold_ipma *ip);
WOLD_API const wold_ipma_row *wold_ipma_construct(const wold_ipma *ip,
                                                  size_t k);
WOLD_API size_t wold_ipma_n_indicators(const wold_ipma *ip);
WOLD_API const wold_ipma_row *wold_ipma_indicator(const wold_ipma *ip,
                                                  size_t k);
/* w~, one per indicator of the model (of every block), owned by ip. */
WOLD_API const double *wold_ipma_weights(const wold_ipma *ip);

/*
 * Fills *extra with the IPMA's importances as bootstrap statistics
 * (wold_boot_options.extra): the constructs', then the indicators', in
 * model order, labelled "ipma:NAME"; row.stat is a row's position.  Each
 * replicate recomputes the weights, the rescaled scores' covariances and
 * the regressions on its own moments, allocating nothing.  extra borrows
 * ip, which must outlive the bootstrap run.
 */
WOLD_API void wold_ipma_boot_extra(const wold_ipma *ip,
                                   wold_boot_extra *extra);

/*
 * The IPMA report: the settings, the target's performance, then the
 * construct table and the indicator table by priority, with the
 * bootstrap's s.e. and interval of each importance when boot (a
 * bootstrap run with wold_ipma_boot_extra's statistics) is not NULL.
 * Text, JSON (docs/json.md, "wold ipma") or CSV (one row per construct
 * and indicator).  Writes a newly allocated string to *out.
 * Errors: WOLD_ENOMEM.
 */
WOLD_API wold_status wold_report_ipma(char **out, const wold_ipma *ip,
                                      const wold_boot *boot,
                                      wold_format format, wold_lang lang,
                                      wold_error *err);

/* ------------------------------------------------------------------------
 * The CSI layer: survey metrics (docs/csi.md "Survey metrics",
 * docs/methods.md section 17)
 * ------------------------------------------------------------------------ */

/* What a metric computes from its columns (docs/cli.md, "wold metrics",
 * gives the syntax of each argument). */
typedef enum wold_metric_kind {
    WOLD_METRIC_NPS = 0,       /* "COL": a 0-10 item; % promoters (9-10)
                                  minus % detractors (0-6) */
    WOLD_METRIC_CSAT = 1,      /* "COL[:CUT]": % answers >= CUT (default:
                                  the top two boxes of the CSAT scale) */
    WOLD_METRIC_CES = 2,       /* "COL": the mean effort score */
    WOLD_METRIC_SCORE = 3,     /* "NAME=W:COL+COL...": one dimension of the
                                  weighted satisfaction score */
    WOLD_METRIC_RATIO = 4,     /* "PERCEIVED:EXPECTED": C = b / a */
    WOLD_METRIC_RETENTION = 5, /* "START:END:NEW": (end - new) / start */
    WOLD_METRIC_REPEAT = 6,    /* "REPEAT:BUYERS": repeat-purchase rate */
    WOLD_METRIC_CLV = 7        /* "VALUE:FREQUENCY:LIFETIME": mean CLV */
} wold_metric_kind;

typedef struct wold_metrics_spec wold_metrics_spec;

/* An empty list of metrics, with the scales CSAT 1-5, CES 1-7, score
 * items 1-5, no standard point and level 0.95.  Errors: WOLD_ENOMEM. */
WOLD_API wold_status wold_metrics_spec_alloc(wold_metrics_spec **out,
                                             wold_error *err);
WOLD_API void wold_metrics_spec_free(wold_metrics_spec *spec);
/*
 * Adds a metric from its argument (the text after the command line's
 * option, docs/cli.md).  Errors: WOLD_EUSAGE naming the option ("--csat")
 * and what was expected; WOLD_ENOMEM.
 */
WOLD_API wold_status wold_metrics_spec_add(wold_metrics_spec *spec,
                                           wold_metric_kind kind,
                                           const char *arg, wold_error *err);
/* The scale of the CSAT, CES or score items (kind CSAT, CES or SCORE).
 * Errors: WOLD_EUSAGE unless lo < hi, both finite, or for another kind. */
WOLD_API wold_status wold_metrics_spec_scale(wold_metrics_spec *spec,
                                             wold_metric_kind kind,
                                             double lo, double hi,
                                             wold_error *err);
/* The standard point of the weighted score (on the items' scale; NaN:
 * none) and the level of the intervals, in (0, 1).
 * Errors: WOLD_EUSAGE for a level outside (0, 1). */
WOLD_API wold_status wold_metrics_spec_settings(wold_metrics_spec *spec,
                                                double standard,
                                                double level,
                                                wold_error *err);

typedef struct wold_metrics wold_metrics;

/* One statistic of the report: what it is and which columns it reads. */
typedef struct wold_metric_stat {
    wold_metric_kind kind;
    const char *name;    /* "nps", "promoters", "passives", "detractors",
                            "csat", "ces", "dimension", "score",
                            "standard", "ratio", "retention", "churn",
                            "repeat_rate", "clv" */
    const char *what;    /* its columns or dimension, as given */
    int percent;         /* 1: a percentage (NPS: points) */
} wold_metric_stat;

/* Its value in one group. */
typedef struct wold_metric_value {
    double value;
    double lo, hi;       /* interval at the spec's level: Wilson for
                            proportions, normal for NPS and means; NaN when
                            none */
    double n;            /* observations (the weight total when weighted;
                            for counts, the denominator's total) */
    double n_eff;        /* Kish's effective n (n when unweighted) */
} wold_metric_value;

/*
 * Reads the CSV file at path ("-": standard input), or the SPSS, Stata or
 * SAS file there (wold_data_sniff; a numeric group column's value labels
 * name its levels), and computes every metric of spec over all rows and,
 * when group is not NULL, per level of that column (a label column), with the observation weights of column
 * weights when not NULL (both through csv, whose weights and labels
 * members are set here).  A metric uses the rows where its columns are
 * observed and the weight is positive.  Errors: WOLD_EINPUT at
 * file:line:col for an answer outside its scale (an NPS of 11), a count
 * that is negative or a retained count outside 0..start, a missing
 * column (naming the closest header), the CSV reader's errors (a
 * statistical file's name the row and variable); WOLD_EUSAGE for an
 * empty spec; WOLD_ENOMEM.
 */
WOLD_API wold_status wold_metrics_read(wold_metrics **out, const char *path,
                                       const wold_metrics_spec *spec,
                                       const char *group, const char *weights,
                                       const wold_csv_options *csv,
                                       wold_error *err);
/* The same on CSV text in memory (filename for messages). */
WOLD_API wold_status wold_metrics_parse(wold_metrics **out, const char *text,
                                        size_t len, const char *filename,
                                        const wold_metrics_spec *spec,
                                        const char *group,
                                        const char *weights,
                                        const wold_csv_options *csv,
                                        wold_error *err);
WOLD_API void wold_metrics_free(wold_metrics *m);

/* Groups: 0 is all rows, then the group column's levels in order of first
 * appearance.  The name of group 0 is "all". */
WOLD_API size_t wold_metrics_n_groups(const wold_metrics *m);
WOLD_API const char *wold_metrics_group_name(const wold_metrics *m,
                                             size_t g);
/* The group column's and the weight column's names, or NULL. */
WOLD_API const char *wold_metrics_group_column(const wold_metrics *m);
WOLD_API const char *wold_metrics_weights_column(const wold_metrics *m);
WOLD_API const char *wold_metrics_source(const wold_metrics *m);
WOLD_API double wold_metrics_level(const wold_metrics *m);
/* The statistics, in the order of the spec; NULL past the end. */
WOLD_API size_t wold_metrics_n_stats(const wold_metrics *m);
WOLD_API const wold_metric_stat *wold_metrics_stat(const wold_metrics *m,
                                                   size_t k);
/* Statistic k in group g; NULL past the end. */
WOLD_API const wold_metric_value *wold_metrics_value(const wold_metrics *m,
                                                     size_t g, size_t k);

/*
 * The Wilson (1927) score interval of a proportion p observed on n
 * (effective) observations at level: *lo and *hi in [0, 1]; NaN for n <= 0
 * or p outside [0, 1].
 */
WOLD_API void wold_wilson_interval(double p, double n, double level,
                                   double *lo, double *hi);

/* The metrics report: text (one table per group), JSON (docs/json.md,
 * "wold metrics") or CSV (one row per group and statistic).
 * Errors: WOLD_ENOMEM. */
WOLD_API wold_status wold_report_metrics(char **out, const wold_metrics *m,
                                         wold_format format, wold_lang lang,
                                         wold_error *err);

/* ------------------------------------------------------------------------
 * Simulation of panels from a model's population values (docs/simulate.md)
 * ------------------------------------------------------------------------ */

typedef struct wold_simulate_options {
    size_t n;          /* rows */
    uint64_t seed;
    int scale_lo, scale_hi; /* Likert scale; lo == hi == 0: continuous */
    double missing;    /* probability that a cell is missing, in [0, 1) */
    /* A wave (docs/simulate.md, "Waves"): groups companies of n rows
     * each, in industries industries and sectors sectors (0 = no wave;
     * 1 <= sectors <= industries <= groups), company g in industry
     * g mod industries, industry i in sector i mod sectors; every LV of
     * company g has mean shift * d_g (wold_simulate_group_shift). */
    size_t groups, industries, sectors;
    double shift;
    /* Continuous values: 0 (the default) writes the shortest decimal that
     * reads back as the same double (wold_format_double); 1..17 writes
     * that many significant digits, correctly rounded, as printf's
     * "%.<digits>g".  Likert scales write integers whatever digits is. */
    unsigned digits;
    /* Threads that format the rows (0, the default: one per online core).
     * The random draws are one sequential stream and the blocks of rows
     * are written in order, so the bytes do not depend on it. */
    unsigned threads;
} wold_simulate_options;

WOLD_API void wold_simulate_options_default(wold_simulate_options *opt);

/*
 * Writes a CSV panel (header of the model's indicator names, then n rows)
 * to the stream (a FILE *, passed as void * to keep <stdio.h> out of the
 * header).  The same options and model give the same bytes, whatever
 * opt->threads.  Errors: WOLD_EUSAGE for bad options (digits above 17,
 * threads above 256); WOLD_EINPUT (located in the model
 * file) when the population values are impossible (an LV whose explained
 * variance reaches 1, a loading outside (-1, 1)); WOLD_EIO when writing
 * to the stream fails (the message gives the system's reason; the caller
 * knows the stream's name); WOLD_ENOMEM, before anything is written.
 */
WOLD_API wold_status wold_simulate_csv(const wold_model *model,
                                       const wold_simulate_options *opt,
                                       void *stream, wold_error *err);

/*
 * The mean of every LV of company g in a wave drawn with opt: shift x d_g,
 * d_g = (s + 1/2)/S + (i + 1/2)/I + (g + 1/2)/G - 3/2 with i = g mod I
 * the company's industry and s = i mod S its sector (G, I, S: opt's
 * groups, industries, sectors), so that sectors, industries and
 * companies differ by known amounts.  NaN when opt has no wave or g is
 * out of range.
 */
WOLD_API double wold_simulate_group_shift(const wold_simulate_options *opt,
                                          size_t g);

/* ------------------------------------------------------------------------
 * The batch national index (docs/csi.md, "The batch national index";
 * docs/methods.md, section 16): the model fitted per company, the
 * companies' indices aggregated to industries, sectors and the nation
 * ------------------------------------------------------------------------ */

/* A revenue file or a sector-weight file, read and checked. */
typedef struct wold_nation_table wold_nation_table;

typedef enum wold_nation_table_kind {
    WOLD_NATION_REVENUE = 0,       /* first column the company, column
                                      "revenue" (> 0) */
    WOLD_NATION_SECTOR_WEIGHTS = 1 /* columns "sector" and "weight" (>= 0,
                                      summing to 1 within 0.001; stored
                                      divided by their sum) */
} wold_nation_table_kind;

/*
 * Reads a revenue or sector-weight file ("-": standard input): a CSV with
 * a header (separator ',', or ';' or tab when the header has no comma),
 * blank lines skipped, names trimmed of spaces.  Errors: WOLD_EINPUT at
 * file:line:col for an unreadable or empty file, a byte that is not
 * UTF-8 text or is a control character (at its character column), a
 * header without the
 * kind's columns, a row with another number of fields than the header,
 * an empty or repeated name, a value that is missing, not a number,
 * negative (revenue: not positive), and sector weights that do not sum
 * to 1 within 0.001; WOLD_ENOMEM.  docs/csi.md lists the messages.
 */
WOLD_API wold_status wold_nation_table_read(wold_nation_table **out,
                                            const char *path,
                                            wold_nation_table_kind kind,
                                            wold_error *err);
/* The same from len bytes of text; filename names it in messages. */
WOLD_API wold_status wold_nation_table_parse(wold_nation_table **out,
                                             const char *text, size_t len,
                                             const char *filename,
                                             wold_nation_table_kind kind,
                                             wold_error *err);
WOLD_API void wold_nation_table_free(wold_nation_table *t);
WOLD_API wold_nation_table_kind
wold_nation_table_kind_of(const wold_nation_table *t);
/* Rows in file order; name and value of row k (NULL, NaN past the end;
 * sector weights normalised to sum 1).  Owned by t. */
WOLD_API size_t wold_nation_table_n(const wold_nation_table *t);
WOLD_API const char *wold_nation_table_name(const wold_nation_table *t,
                                            size_t k);
WOLD_API double wold_nation_table_value(const wold_nation_table *t,
                                        size_t k);

typedef struct wold_nation_options {
    const char *group;    /* label column of the companies (required) */
    const char *industry; /* label column of the industries, or NULL: one
                             industry "all" */
    const char *sector;   /* label column of the sectors, or NULL: one
                             sector "all" */
    const wold_nation_table *revenue;        /* NULL: companies weigh
                                                equally */
    const wold_nation_table *sector_weights; /* NULL: sectors weigh by
                                                their revenue */
    wold_fit_options fit;   /* each company's fit */
    wold_missing missing;   /* default WOLD_MISSING_LISTWISE */
    size_t min_n;           /* smallest usable company; 0 = indicators + 1 */
    int threads;            /* companies fitted at once; 0 = one per core */
    size_t replicates;      /* bootstrap replicates per company; 0: none */
    uint64_t seed;          /* company c's bootstrap seed is seed XOR the
                               FNV-1a hash of its name */
    double level;           /* of the percentile intervals, in (0, 1) */
    /* Fit only part `part` (0-based) of n_parts contiguous shares of the
     * companies, in their order in the result (an MPI rank's share,
     * docs/scale.md); n_parts 0 or 1 fits all.  Join the parts in order
     * with wold_nation_pack / wold_nation_join. */
    size_t part, n_parts;
} wold_nation_options;

/* Columns NULL, no tables, wold's fit defaults, listwise, min_n 0, all
 * cores, no bootstrap, seed 1, level 0.95, one part (every company). */
WOLD_API void wold_nation_options_default(wold_nation_options *opt);

/* Why a company is left out of the aggregates (WOLD_NATION_USED: it is
 * not). */
typedef enum wold_nation_status {
    WOLD_NATION_USED = 0,
    WOLD_NATION_TOO_SMALL = 1,     /* fewer usable rows than min_n */
    WOLD_NATION_ZERO_VARIANCE = 2, /* an indicator constant in its rows */
    WOLD_NATION_NOT_CONVERGED = 3, /* the iteration did not converge */
    WOLD_NATION_FIT_FAILED = 4     /* another error of the fit (a collinear
                                      block, too few rows for a regression) */
} wold_nation_status;

typedef enum wold_nation_level {
    WOLD_NATION_COMPANY = 0,
    WOLD_NATION_INDUSTRY = 1,
    WOLD_NATION_SECTOR = 2,
    WOLD_NATION_NATION = 3   /* one unit, "nation" */
} wold_nation_level;

/* One company, industry, sector or the nation.  Arrays have one entry per
 * LV of the model; owned by the result. */
typedef struct wold_nation_unit {
    const char *name;     /* as written in the data */
    size_t parent;        /* industry of a company, sector of an industry,
                             WOLD_NONE for a sector and the nation */
    size_t n;             /* rows used (company), companies (industry),
                             industries (sector), sectors (nation) */
    double weight;        /* revenue (1 each without revenue); a sector's
                             weight from the file, or its revenue share */
    wold_nation_status status; /* companies; WOLD_NATION_USED otherwise */
    const char *note;     /* why a company is left out, or NULL */
    int iterations;       /* company's fit (0 when not fitted) */
    const double *index;  /* 0-100 index per LV, NaN where undefined */
    const double *se;     /* bootstrap s.e.; aggregates: from the members'
                             as independent samples; NaN without --boot */
    const double *lo, *hi;/* companies' percentile interval; NaN otherwise */
    const size_t *used;   /* members whose index entered the mean, per LV */
    const char *const *index_note; /* per LV: why a company has no index
                                      (NULL when it has one or is left
                                      out) */
} wold_nation_unit;

typedef struct wold_nation wold_nation;

/*
 * Fits model to the rows of each company of data (read with the model and
 * with opt's columns among wold_csv_options.labels), companies in
 * parallel on opt->threads threads and each company's bootstrap on one,
 * so the result is the same for every thread count.  A company with
 * fewer usable rows than min_n, a constant indicator, no convergence or
 * another fit error is kept with its status and note and left out of the
 * aggregates; so is a company's construct without an index.  Industries,
 * sectors and the nation are then aggregated (docs/methods.md, section
 * 16).  The model needs every indicator's scale.
 * Errors: WOLD_EUSAGE for bad options (a column that is not a label of
 * data, sector weights without a sector column, a level outside (0, 1));
 * WOLD_EINPUT for an indicator without a scale (naming it and both ways
 * to give it), a company whose rows name two industries or an industry
 * in two sectors (at the data file's line), a company of the data
 * without revenue or a revenue row without company, a sector without a
 * weight or a weight of an unknown sector (in the table's file); WOLD_ENOMEM.
 */
WOLD_API wold_status wold_nation_run(wold_nation **out,
                                     const wold_model *model,
                                     const wold_data *data,
                                     const wold_nation_options *opt,
                                     wold_error *err);
WOLD_API void wold_nation_free(wold_nation *nt);

WOLD_API const wold_model *wold_nation_model(const wold_nation *nt);
/* The options of the run, the column names copied; revenue and
 * sector_weights are NULL (the result keeps the weights, not the tables,
 * which the caller may free once wold_nation_run returns). */
WOLD_API const wold_nation_options *
wold_nation_options_used(const wold_nation *nt);
/* Units of a level (1 for the nation) and unit k (NULL past the end). */
WOLD_API size_t wold_nation_n_units(const wold_nation *nt,
                                    wold_nation_level level);
WOLD_API const wold_nation_unit *wold_nation_unit_get(const wold_nation *nt,
                                                      wold_nation_level level,
                                                      size_t k);
/* Companies left out (status not WOLD_NATION_USED). */
WOLD_API size_t wold_nation_n_left_out(const wold_nation *nt);

/*
 * The batch index in parts (MPI ranks, docs/scale.md).  Every part runs
 * wold_nation_run on the same model, data and options except part; a
 * company's result depends on its own rows and name only, so the parts'
 * companies are those of the whole run.  With n_parts > 1 the result is
 * part `part`: its own companies only, nothing aggregated, until the
 * others are joined into part 0.  A fatal error of a company (memory)
 * fails the part's wold_nation_run, as it fails the whole run.
 *
 * wold_nation_pack serializes part nt's companies (rows used, status and
 * notes, iterations, indices, s.e. and intervals) into *buf (malloc'd,
 * the caller frees it; little-endian), *len its bytes.  Errors:
 * WOLD_EUSAGE when nt is not a part; WOLD_ENOMEM.
 *
 * wold_nation_join adds the packed part buf to a, which holds parts 0 ..
 * k - 1 (part 0 from wold_nation_run, then the others in order): buf must
 * be part k of the same run.  With the last part the industries, sectors
 * and nation are aggregated, and a is the result of one wold_nation_run
 * of every company, bit for bit (its options' part and n_parts then 0).
 * Errors: WOLD_EUSAGE when a is complete or not part 0, or buf is not a
 * part of a's run, not part k, truncated or corrupt (saying which), and a
 * is unchanged; WOLD_ENOMEM, after which a can only be freed.
 *
 * wold_nation_complete: 1 when nt holds every company, else 0.
 */
WOLD_API wold_status wold_nation_pack(const wold_nation *nt, void **buf,
                                      size_t *len, wold_error *err);
WOLD_API wold_status wold_nation_join(wold_nation *a, const void *buf,
                                      size_t len, wold_error *err);
WOLD_API int wold_nation_complete(const wold_nation *nt);
/* A short name of a status ("used", "too small", ...). */
WOLD_API const char *wold_nation_status_name(wold_nation_status st);

/*
 * Writes the national index report (text, JSON or CSV, docs/json.md
 * "wold index" and docs/cli.md) to a new NUL-terminated string in *out
 * (free with free()); grades NULL: the built-in satisfaction grades;
 * labels and headings in lang.  Errors: WOLD_EUSAGE for an unknown
 * format; WOLD_ENOMEM.
 */
WOLD_API wold_status wold_report_nation(char **out, const wold_nation *nt,
                                        const wold_grades *grades,
                                        wold_format format, wold_lang lang,
                                        wold_error *err);

/* ------------------------------------------------------------------------
 * Prediction: PLSpredict, k-fold cross-validated out-of-sample prediction
 * of the endogenous blocks' indicators (docs/methods.md, "PLSpredict")
 * ------------------------------------------------------------------------ */

typedef enum wold_predict_approach {
    WOLD_PREDICT_EARLIEST = 0, /* earliest antecedents: the endogenous LVs
                                  from the exogenous LVs' scores through the
                                  total effects (cSEM's default, SmartPLS) */
    WOLD_PREDICT_DIRECT = 1    /* direct antecedents: each endogenous LV
                                  from its predecessors' own scores through
                                  the paths (seminr's default) */
} wold_predict_approach;

typedef struct wold_predict_options {
    size_t folds;        /* k of k-fold, 2 .. usable rows (default 10) */
    size_t repeats;      /* splits drawn, metrics averaged (default 10) */
    uint64_t seed;       /* decides every split (default 1) */
    wold_predict_approach approach; /* default WOLD_PREDICT_EARLIEST */
    wold_missing missing;           /* default WOLD_MISSING_LISTWISE */
    wold_fit_options fit;           /* each fold's fit (wold's defaults) */
} wold_predict_options;

WOLD_API void wold_predict_options_default(wold_predict_options *opt);

typedef struct wold_prediction wold_prediction;

/*
 * The out-of-sample metrics of one indicator of an endogenous block, each
 * computed over all usable rows of a repeat (every row is predicted once,
 * by the fit on the other folds) and averaged over the repeats.  NaN when
 * undefined (a Q2 whose benchmark has no error).
 */
typedef struct wold_predict_stats {
    size_t mv;            /* the indicator (data column in model order) */
    double q2;            /* Q2predict = 1 - SSE(PLS) / SSE(training mean) */
    double q2_centred;    /* the same on centred residuals, as cSEM 0.6.1
                             computes it */
    double rmse, mae;     /* of the PLS prediction */
    double lm_rmse, lm_mae;     /* of the linear-model benchmark */
    double mean_rmse, mean_mae; /* of the training-mean benchmark */
} wold_predict_stats;

/*
 * PLSpredict (Shmueli et al. 2016, 2019) on data read with model: the
 * usable rows (complete rows under listwise deletion, all rows with
 * missing cells replaced by their column mean under mean replacement)
 * are shuffled by a permutation that (seed, repeat) alone decide, split
 * into folds of floor(n/k) or ceil(n/k) rows, and each fold's rows are
 * predicted by the fit on the other folds; this is repeated opt->repeats
 * times.  The training moments of a fold are the moments of all rows
 * minus the fold's (wold_moments_subtract): one pass over the rows per
 * repeat for the fold moments and one for the predictions, whatever the
 * number of folds.  Buffers and the fit workspace are allocated once, so
 * a fold allocates nothing.  The same inputs give bit-identical results.
 * Weighted data (wold_data_weights): the fold and training moments are
 * weighted and the metrics are weighted means over the predicted rows
 * (rows of weight 0 are not predicted; docs/methods.md 14).
 * Errors: WOLD_EUSAGE for bad options (fewer than 2 folds, more folds
 * than usable rows, no repeat) and for data not read with the model;
 * WOLD_EINPUT for a model without structural paths (nothing to predict)
 * or with higher-order constructs (their repeated indicators would
 * predict themselves; located at the first such block) and the input
 * errors of wold_moments_compute; the errors of
 * wold_fit_estimate on all rows, as they are; a fold whose training fit
 * fails (a zero-variance indicator or collinear block in its training
 * rows, non-convergence) fails the whole call with the fit's status and
 * message, prefixed "repeat R, fold F (N training rows): "; WOLD_ENUMERIC
 * when the LM benchmark's exogenous indicators are collinear in a
 * training set; WOLD_ENOMEM.  On error *out is NULL.  The result borrows
 * model, which must outlive it.
 */
WOLD_API wold_status wold_predict(wold_prediction **out,
                                  const wold_model *model,
                                  const wold_data *data,
                                  const wold_predict_options *opt,
                                  wold_error *err);

WOLD_API void wold_prediction_free(wold_prediction *pr);

WOLD_API const wold_model *wold_prediction_model(const wold_prediction *pr);
WOLD_API const wold_predict_options *
wold_prediction_options(const wold_prediction *pr);
/* Rows cross-validated (the usable rows). */
WOLD_API size_t wold_prediction_n(const wold_prediction *pr);
/* Indicators of the endogenous blocks, in model order, and the metrics of
 * the k-th (NULL past the end); the result owns them. */
WOLD_API size_t wold_prediction_n_indicators(const wold_prediction *pr);
WOLD_API const wold_predict_stats *
wold_prediction_indicator(const wold_prediction *pr, size_t k);

/*
 * Writes the PLSpredict report (text, or JSON as docs/json.md describes)
 * to a newly allocated NUL-terminated string in *out (free with free()).
 * Errors: WOLD_ENOMEM.
 */
WOLD_API wold_status wold_report_prediction(char **out,
                                            const wold_prediction *pr,
                                            wold_format format,
                                            wold_error *err);
/* wold_report_prediction with the text's headings and labels in lang
 * (the JSON is the same in every language).  Errors: WOLD_ENOMEM. */
WOLD_API wold_status wold_report_prediction_lang(char **out,
                                                 const wold_prediction *pr,
                                                 wold_format format,
                                                 wold_lang lang,
                                                 wold_error *err);

#ifdef __cplusplus
}
#endif

#endif /* WOLD_WOLD_H */
