/*
 * test_faultsim.c - every public entry point under allocation failure, as
 * SQLite's faultsim does it (docs/reliability.md, "Allocation failures").
 *
 * The program is linked against the static library with
 * -Wl,--wrap=malloc,--wrap=calloc,... (tests/CMakeLists.txt), so every
 * allocation that wold's own code makes goes through the hook in
 * faultsim.c, while allocations inside libc, json-c and OpenBLAS do not.
 * The library has no hook of its own: it gains no state for the test.
 *
 * Each case runs once unhooked (the reference), then with the N-th counted
 * allocation failing, for N = 1, 2, ... until a run makes fewer than N
 * allocations ("transient"), then again with the N-th and every later one
 * failing ("persistent").  A run in which an injected failure fired must
 * return WOLD_ENOMEM, with err.status WOLD_ENOMEM and a message, and leave
 * its output as it found it (*out NULL for a call that makes an object);
 * or, if the failure was harmless (a realloc that only gives memory back),
 * return exactly what the reference returned.  The run that no failure
 * reaches must equal the reference.  In the ASan build LeakSanitizer
 * checks after each case that none of its runs leaked.  faultsim.c says
 * more.
 *
 * Adding an entry point: write a call_ function that calls it on the
 * shared inputs in fx (built once, unhooked, by fx_setup; add an input
 * there if it needs a new one) and stores its output in *out, then add one
 * line to cases[] with the digest and teardown of the output's type.  For
 * an entry point that makes a new object, say a reader of CSV text in
 * memory:
 *
 *     static wold_status call_csv_text(void **out, wold_error *err)
 *     {
 *         wold_data *d = *out;
 *         wold_status st = wold_data_read_csv_text(&d, fx.text, ..., err);
 *         *out = d;
 *         return st;
 *     }
 *
 *     {"data_read_csv_text", NULL, call_csv_text, DATA},
 *
 * Such a call takes no setup: *out starts as FS_NEW and must be NULL
 * after a failure.  A call that changes an existing object or writes into
 * a buffer or a stream gets a setup that makes it (see moments_merge,
 * fit_scores, simulate_csv), and must leave it unchanged on failure.  A
 * new output type needs a digest_ function that prints everything the
 * output holds (doubles with %a, so that equal means bit-identical) and a
 * free_ function; when an output type gains an accessor (a fit's
 * warnings, say), its digest_ function should print it.  If src/ starts
 * calling an allocating function that is not wrapped yet (strdup,
 * getline, asprintf, ...), add it to the list in tests/CMakeLists.txt and
 * give it a __wrap_ function in faultsim.c.
 */
#define _DEFAULT_SOURCE /* mkstemps */
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef WOLD_TEST_ZLIB
#include <zlib.h>
#endif
#ifdef WOLD_TEST_ZSTD
#include <zstd.h>
#endif

#include "faultsim.h"

/* ------------------------------------------------------------------------
 * The inputs, built once without the hook
 * ------------------------------------------------------------------------ */

/* Both modes, premultipliers (for simulate), a line continued after '+'. */
static const char model_text[] =
    "# faultsim: a small CSI model\n"
    "Image        =~ 0.8*img1 + 0.75*img2 +\n"
    "                0.7*img3\n"
    "Expectation  <~ exp1 + exp2 + exp3\n"
    "Quality      =~ 0.85*qual1 + 0.8*qual2 + 0.75*qual3\n"
    "Satisfaction =~ 0.9*sat1 + 0.85*sat2 + 0.8*sat3\n"
    "Quality      ~ 0.4*Expectation + 0.3*Image\n"
    "Satisfaction ~ 0.5*Quality + 0.2*Image\n";

/* The blocks of model_text without its paths (the same indicators in the
 * same order, so the fixture's moments fit it): a measurement-only model,
 * whose Mode B block draws a warning. */
static const char blocks_text[] =
    "Image        =~ img1 + img2 + img3\n"
    "Expectation  <~ exp1 + exp2 + exp3\n"
    "Quality      =~ qual1 + qual2 + qual3\n"
    "Satisfaction =~ sat1 + sat2 + sat3\n";

/* PLSc on plsc_rows: block A's two indicators correlate little, so its
 * disattenuated correlation with B is 2.42: an inadmissible solution with
 * three warnings (correlation, positive definite, path). */
static const char plsc_text[] = "A =~ a1 + a2\nB =~ b1 + b2\nB ~ A\n";
static const double plsc_rows[] = {
    1, 3, 4.5, 3.5,  2, 8, 9.5, 10.5, 3, 1, 4.5, 3.5, 4, 6, 9.5, 10.5,
    5, 2, 6.5, 7.5,  6, 7, 13.5, 12.5, 7, 4, 10.5, 11.5, 8, 5, 13.5, 12.5};

/* Scale lines at every level (their targets are resolved after the
 * blocks are laid out, in the builder's own array). */
static const char model_scales[] = "scale 0:10\nscale 1:7 a1 + b2\n"
                                   "A =~ a1 + a2\nB =~ b1 + b2\n"
                                   "scale 1:5 B\nB ~ A\n";

/* model_text's indicators, every block Mode A, all on 1-10 (the IPMA's
 * fixture). */
static const char ipma_text[] =
    "scale 1:10\n"
    "Image        =~ img1 + img2 + img3\n"
    "Expectation  =~ exp1 + exp2 + exp3\n"
    "Quality      =~ qual1 + qual2 + qual3\n"
    "Satisfaction =~ sat1 + sat2 + sat3\n"
    "Quality      ~ Expectation + Image\n"
    "Satisfaction ~ Quality + Image\n";

/* Parses, then fails in validation: allocations precede the error. */
static const char model_cycle[] = "A =~ a1 + a2\nB =~ b1 + b2\nC =~ c1\n"
                                  "B ~ A\nC ~ B\nA ~ C\n";

/* A second-order construct over two first-order ones, an outcome, and
 * scales: two-stage goes through the index metric. */
static const char hoc_text[] =
    "scale 1:7\nH =~ 0.8*A + 0.7*B\nA =~ 0.8*a1 + 0.8*a2\n"
    "B =~ 0.8*b1 + 0.7*b2\nC =~ 0.8*c1 + 0.8*c2\nC ~ 0.5*H\n";

static struct fixture {
    wold_model *hoc_model;
    wold_data *hoc_data;
    wold_moments *hoc_mo; /* hoc_data's, for the estimate from moments */
    wold_hoc *hoc;
    wold_model *model;
    wold_model *blocks; /* blocks_text */
    char *text_plain;   /* the text of csv_plain */
    size_t n_mv, n_lv;
    char *model_path;  /* model_text and 70 kB of comments */
    char *csv_plain;   /* Likert cells, some empty, a 140-digit one; no
                        * quote, so rows are counted before conversion */
    char *csv_quoted;  /* quoted names, a quoted cell, a 140-digit cell */
    char *csv_bad;     /* a cell that is not a number */
    char *csv_stdin;   /* over 64 kB of decimals, read as standard input */
    char *csv_gz, *csv_zst; /* csv_stdin compressed (plain in a build
                        * without the library): read into a growing buffer
                        * through the decoder, which allocates its window */
    char *csv_large;   /* over 4 MB: two threads convert it into a matrix
                        * of over 8 MB, which is allocated aligned */
    wold_data *data;   /* csv_plain with the model */
    wold_data *large;  /* csv_large: enough rows for threaded moments */
    wold_moments *listwise, *mean;
    wold_data *half1, *half2;
    wold_moments *half2_m;
    wold_fit *fit, *fit_mean;
    double *counts;    /* a resample's counts over the rows of data */
    wold_boot *boot;   /* of fit, for the report */
    wold_model *plsc_model;
    wold_moments *plsc_mo;
    wold_fit *plsc_fit;   /* inadmissible, with its warnings */
    wold_prediction *prediction; /* 3 folds of data, listwise */
    char *text_weighted; /* data's values with a weight column w */
    wold_data *wdata;    /* text_weighted read with weights */
    wold_moments *wmo;   /* its weighted moments, listwise */
    wold_fit *wfit;
    wold_model *scaled;   /* model_text with the scale 1:10 */
    wold_fit *scaled_fit; /* of scaled on listwise */
    wold_index *ix;       /* of scaled_fit */
    wold_index_boot *ib;  /* of ix */
    wold_boot *index_boot; /* of scaled_fit, with the indices */
    char *grades_path;    /* a grading table */
    wold_model *ipma_model; /* ipma_text: model_text all Mode A, scales */
    wold_fit *ipma_fit;     /* of ipma_model on listwise */
    wold_ipma *ipma;        /* of ipma_fit, target Satisfaction */
    wold_boot *ipma_boot;   /* of ipma_fit, with the IPMA's statistics */
    wold_metrics_spec *metrics_spec; /* metrics_spec() */
    wold_metrics *metrics;  /* of metrics_csv */
    wold_sums *sums_half2;  /* of half2, made by setup_sums_merge */
    wold_data *rows9k;      /* large's first 9000 rows: 2 sums chunks */
    char *csv_2chunks;      /* just over 1 MiB: 2 chunks of a file */
    wold_sums *sums_part1;  /* part 2 of 2 of csv_2chunks (setup_sums_join) */
} fx;

/* A grading table with Chinese labels and stars, classes out of order. */
static const char grades_text[] =
    "# faultsim: three grades\nlower,upper,label_en,label_zh,stars\n"
    "50,80,middle,中,3\n0,50,low,低,1\n80,100,high,高,5\n";

static wold_status boot(void **out, const wold_fit *fit,
                        const wold_moments *mo, int threads, wold_error *err);


/*
 * text gzip-compressed (zstd when zstd != 0) into a temporary file; the
 * text itself when the build reads no such data, so that the case still
 * runs (as a plain read).
 */
static char *compressed_file(const char *text, int zstd)
{
    size_t n = strlen(text), len = 0;
    unsigned char *buf = malloc(n + 1024);
    assert_non_null(buf);
    (void)zstd;
#ifdef WOLD_TEST_ZLIB
    if (!zstd) {
        z_stream z;
        memset(&z, 0, sizeof z);
        assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
                                      Z_DEFAULT_STRATEGY),
                         Z_OK);
        z.next_in = (Bytef *)(uintptr_t)text;
        z.avail_in = (uInt)n;
        z.next_out = buf;
        z.avail_out = (uInt)(n + 1024);
        assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
        len = z.total_out;
        deflateEnd(&z);
    }
#endif
#ifdef WOLD_TEST_ZSTD
    if (zstd) {
        len = ZSTD_compress(buf, n + 1024, text, n, 3);
        assert_false(ZSTD_isError(len));
    }
#endif
    if (len == 0) {
        memcpy(buf, text, n);
        len = n;
    }
    char *path = malloc(256);
    assert_non_null(path);
    snprintf(path, 256, "/tmp/wold-faultsim-XXXXXX%s", zstd ? ".zst" : ".gz");
    int fd = mkstemps(path, zstd ? 4 : 3);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, buf, len), (ssize_t)len);
    close(fd);
    free(buf);
    return path;
}

static char *simulated(size_t n, int lo, int hi, double missing,
                       uint64_t seed)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    wold_simulate_options opt;
    wold_simulate_options_default(&opt);
    opt.n = n;
    opt.scale_lo = lo;
    opt.scale_hi = hi;
    opt.missing = missing;
    opt.seed = seed;
    assert_int_equal(wold_simulate_csv(fx.model, &opt, f, NULL), WOLD_OK);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void hoc_fixture(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    fx.hoc_model = wt_model(hoc_text);
    wold_simulate_options opt;
    wold_simulate_options_default(&opt);
    opt.n = 120;
    opt.scale_lo = 1;
    opt.scale_hi = 7;
    opt.seed = 5;
    assert_int_equal(wold_simulate_csv(fx.hoc_model, &opt, f, NULL), WOLD_OK);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(wold_data_parse_csv(&fx.hoc_data, buf, len, "hoc.csv",
                                         fx.hoc_model, NULL, NULL),
                     WOLD_OK);
    free(buf);
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    assert_int_equal(wold_hoc_estimate(&fx.hoc, fx.hoc_model, fx.hoc_data,
                                       NULL, WOLD_MISSING_LISTWISE, &fo,
                                       WOLD_HOC_TWO_STAGE, NULL),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&fx.hoc_mo, fx.hoc_data,
                                          WOLD_MISSING_LISTWISE, NULL),
                     WOLD_OK);
}

/* The text after the first line. */
static const char *body(const char *csv) { return strchr(csv, '\n') + 1; }

/* digits zeros after "4.": longer than the reader's stack buffer, so it
 * copies the cell to convert it. */
static char *long_cell(size_t digits)
{
    char *s = malloc(digits + 3);
    assert_non_null(s);
    memcpy(s, "4.", 2);
    memset(s + 2, '0', digits);
    s[digits + 2] = '\0';
    return s;
}

/* csv with the second cell of its last row replaced by cell. */
static char *with_last_cell(char *csv, const char *cell)
{
    char *last = csv + strlen(csv) - 1; /* the final newline */
    while (last > csv && last[-1] != '\n')
        last--;
    char *second = strchr(last, ',') + 1, *after = strchr(second, ',');
    size_t cap = strlen(csv) + strlen(cell) + 1;
    char *s = malloc(cap);
    assert_non_null(s);
    snprintf(s, cap, "%.*s%s%s", (int)(second - csv), csv, cell, after);
    free(csv);
    return s;
}

static char *bad_csv(void)
{
    char *rows = simulated(12, 1, 5, 0.0, 5);
    /* The first cell of the 9th data row becomes "abc". */
    char *p = rows;
    for (int line = 0; line < 9; line++)
        p = strchr(p, '\n') + 1;
    char *comma = strchr(p, ',');
    size_t cap = strlen(rows) + 8;
    char *s = malloc(cap);
    assert_non_null(s);
    snprintf(s, cap, "%.*sabc%s", (int)(p - rows), rows, comma);
    free(rows);
    return s;
}

static char *quoted_csv(void)
{
    char *rows = simulated(40, 1, 10, 0.05, 11);
    size_t cap = strlen(rows) + 4096, used = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    for (size_t i = 0; i < fx.n_mv; i++)
        used += (size_t)snprintf(s + used, cap - used, "%s\"%s\"",
                                 i ? "," : "", wold_model_mv_name(fx.model, i));
    used += (size_t)snprintf(s + used, cap - used, "\n%s", body(rows));
    for (size_t i = 0; i < fx.n_mv; i++)
        used += (size_t)snprintf(s + used, cap - used, "%s%s", i ? "," : "",
                                 i == 0 ? "\"5\"" : "3");
    snprintf(s + used, cap - used, "\n");
    free(rows);
    char *cell = long_cell(140);
    s = with_last_cell(s, cell);
    free(cell);
    return s;
}

static char *padded_model(void)
{
    size_t cap = sizeof model_text + 80000;
    char *s = malloc(cap);
    assert_non_null(s);
    strcpy(s, model_text);
    while (strlen(s) < 70000)
        strcat(s, "# padding: the reader grows its buffer past 64 kB\n");
    return s;
}

static wold_data *half(const wold_data *d, size_t from, size_t to)
{
    const char *names[64];
    size_t p = wold_data_n_cols(d);
    assert_true(p <= 64);
    for (size_t j = 0; j < p; j++)
        names[j] = wold_data_col_name(d, j);
    wold_data *h = NULL;
    assert_int_equal(wold_data_from_matrix(&h, wold_data_values(d) + from * p,
                                           to - from, p, names, NULL),
                     WOLD_OK);
    return h;
}

static void plsc_setup(void)
{
    const char *names[] = {"a1", "a2", "b1", "b2"};
    wold_data *d = NULL;
    fx.plsc_model = wt_model(plsc_text);
    assert_int_equal(wold_data_from_matrix(&d, plsc_rows, 8, 4, names, NULL),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&fx.plsc_mo, d,
                                          WOLD_MISSING_LISTWISE, NULL),
                     WOLD_OK);
    wold_data_free(d);
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    fo.plsc = 1;
    assert_int_equal(wold_fit_estimate(&fx.plsc_fit, fx.plsc_model,
                                       fx.plsc_mo, &fo, NULL),
                     WOLD_OK);
    assert_int_equal(wold_fit_n_warnings(fx.plsc_fit), 3);
}

/* The fixture's data with weights 0, 1 or 2 (survey weights, WPLS). */
static char *weighted_csv(const wold_data *d)
{
    size_t n = wold_data_n_rows(d), p = wold_data_n_cols(d);
    size_t cap = (n + 1) * (p * 26 + 8), k = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    for (size_t j = 0; j < p; j++)
        k += (size_t)snprintf(text + k, cap - k, "%s,",
                              wold_data_col_name(d, j));
    k += (size_t)snprintf(text + k, cap - k, "w\n");
    const double *x = wold_data_values(d);
    for (size_t r = 0; r < n; r++) {
        for (size_t j = 0; j < p; j++)
            k += isnan(x[r * p + j])
                     ? (size_t)snprintf(text + k, cap - k, ",")
                     : (size_t)snprintf(text + k, cap - k, "%.17g,",
                                        x[r * p + j]);
        k += (size_t)snprintf(text + k, cap - k, "%zu\n", r % 3);
    }
    return text;
}

static void weighted_setup(void)
{
    fx.text_weighted = weighted_csv(fx.data);
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.weights = "w";
    assert_int_equal(wold_data_parse_csv(&fx.wdata, fx.text_weighted,
                                         strlen(fx.text_weighted), "w.csv",
                                         fx.model, &opt, NULL),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&fx.wmo, fx.wdata,
                                          WOLD_MISSING_LISTWISE, NULL),
                     WOLD_OK);
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    assert_int_equal(wold_fit_estimate(&fx.wfit, fx.model, fx.wmo, &fo,
                                       NULL),
                     WOLD_OK);
}

static wold_status boot_index(void **out, wold_error *err);

/* The indices of model_text on 1-10 items, their bootstrap, a grading
 * table file. */
static void index_setup(void)
{
    size_t len = strlen(model_text) + 16;
    char *text = malloc(len);
    assert_non_null(text);
    snprintf(text, len, "scale 1:10\n%s", model_text);
    fx.scaled = wt_model(text);
    free(text);
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    assert_int_equal(wold_fit_estimate(&fx.scaled_fit, fx.scaled, fx.listwise,
                                       &fo, NULL), WOLD_OK);
    assert_int_equal(wold_index_compute(&fx.ix, fx.scaled_fit, fx.listwise,
                                        NULL), WOLD_OK);
    assert_true(wold_index_n_defined(fx.ix) > 0);
    assert_int_equal(wold_index_boot_alloc(&fx.ib, fx.ix, NULL), WOLD_OK);
    void *b = FS_NEW;
    assert_int_equal(boot_index(&b, NULL), WOLD_OK);
    fx.index_boot = b;
    fx.grades_path = wt_temp_file(grades_text, ".csv");
}

/* The survey metrics of a small panel with a group, weights and a
 * free-text column with empty cells; its report in each format. */
static const char metrics_csv[] =
    "region,w,nps,sat,q1,q2,start,end,new,note\n"
    "north,1,10,5,4,5,100,95,10,fine\n"
    "north,2,9,4,5,4,80,78,5,\n"
    "south,1,6,3,3,3,120,100,20,\"slow, late\"\n"
    "south,3,0,5,5,5,50,52,4,\n";

static wold_metrics_spec *metrics_spec(void)
{
    wold_metrics_spec *s = NULL;
    assert_int_equal(wold_metrics_spec_alloc(&s, NULL), WOLD_OK);
    assert_int_equal(wold_metrics_spec_add(s, WOLD_METRIC_NPS, "nps", NULL),
                     WOLD_OK);
    assert_int_equal(wold_metrics_spec_add(s, WOLD_METRIC_CSAT, "sat:5", NULL),
                     WOLD_OK);
    assert_int_equal(wold_metrics_spec_add(s, WOLD_METRIC_SCORE,
                                           "a=0.5:q1+q2", NULL),
                     WOLD_OK);
    assert_int_equal(wold_metrics_spec_add(s, WOLD_METRIC_RETENTION,
                                           "start:end:new", NULL),
                     WOLD_OK);
    assert_int_equal(wold_metrics_spec_settings(s, 3, 0.9, NULL), WOLD_OK);
    return s;
}

static void metrics_setup(void)
{
    wold_csv_options csv;
    wold_csv_options_default(&csv);
    fx.metrics_spec = metrics_spec();
    assert_int_equal(wold_metrics_parse(&fx.metrics, metrics_csv,
                                        sizeof metrics_csv - 1, "m.csv",
                                        fx.metrics_spec, "region", "w", &csv,
                                        NULL),
                     WOLD_OK);
}

static void ipma_setup(void)
{
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    fx.ipma_model = wt_model(ipma_text);
    assert_int_equal(wold_fit_estimate(&fx.ipma_fit, fx.ipma_model,
                                       fx.listwise, &fo, NULL),
                     WOLD_OK);
    assert_int_equal(wold_ipma_compute(&fx.ipma, fx.ipma_fit, fx.listwise, 3,
                                       NULL),
                     WOLD_OK);
    wold_boot_extra extra;
    wold_boot_options bo;
    wold_ipma_boot_extra(fx.ipma, &extra);
    wold_boot_options_default(&bo);
    bo.replicates = 20;
    bo.threads = 1;
    bo.extra = &extra;
    assert_int_equal(wold_boot_run(&fx.ipma_boot, fx.ipma_fit, fx.listwise,
                                   fx.data, &bo, NULL, NULL, NULL),
                     WOLD_OK);
}

static int fx_setup(void **state)
{
    (void)state;
    fs_preload();
    fx.model = wt_model(model_text);
    fx.blocks = wt_model(blocks_text);
    hoc_fixture();
    fx.n_mv = wold_model_n_mv(fx.model);
    fx.n_lv = wold_model_n_lv(fx.model);
    char *text = padded_model();
    fx.model_path = wt_temp_file(text, ".wold");
    free(text);
    char *cell = long_cell(140);
    text = with_last_cell(simulated(150, 1, 10, 0.04, 7), cell);
    free(cell);
    fx.csv_plain = wt_temp_file(text, ".csv");
    fx.text_plain = text; /* the same CSV, for wold_data_parse_csv */
    text = quoted_csv();
    fx.csv_quoted = wt_temp_file(text, ".csv");
    free(text);
    text = bad_csv();
    fx.csv_bad = wt_temp_file(text, ".csv");
    free(text);
    text = simulated(600, 0, 0, 0.02, 3);
    assert_true(strlen(text) > 70000);
    fx.csv_stdin = wt_temp_file(text, ".csv");
    fx.csv_gz = compressed_file(text, 0);
    fx.csv_zst = compressed_file(text, 1);
    free(text);
    assert_non_null(freopen(fx.csv_stdin, "r", stdin));
    text = simulated(180000, 1, 7, 0.0, 9);
    assert_true(strlen(text) > ((size_t)4 << 20));
    fx.csv_large = wt_temp_file(text, ".csv");
    free(text);

    wold_csv_options opt;
    wold_csv_options_default(&opt);
    assert_int_equal(wold_data_read_csv(&fx.data, fx.csv_plain, fx.model,
                                        &opt, NULL),
                     WOLD_OK);
    assert_true(wold_data_n_missing_cells(fx.data) > 0);
    assert_int_equal(wold_data_read_csv(&fx.large, fx.csv_large, fx.model,
                                        &opt, NULL),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&fx.listwise, fx.data,
                                          WOLD_MISSING_LISTWISE, NULL),
                     WOLD_OK);
    assert_int_equal(wold_moments_compute(&fx.mean, fx.data,
                                          WOLD_MISSING_MEAN, NULL),
                     WOLD_OK);
    size_t n = wold_data_n_rows(fx.data);
    fx.half1 = half(fx.data, 0, n / 2);
    fx.half2 = half(fx.data, n / 2, n);
    assert_int_equal(wold_moments_compute(&fx.half2_m, fx.half2,
                                          WOLD_MISSING_LISTWISE, NULL),
                     WOLD_OK);
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    assert_int_equal(wold_fit_estimate(&fx.fit, fx.model, fx.listwise, &fo,
                                       NULL),
                     WOLD_OK);
    assert_int_equal(wold_fit_estimate(&fx.fit_mean, fx.model, fx.mean, &fo,
                                       NULL),
                     WOLD_OK);
    fx.counts = malloc(n * sizeof *fx.counts);
    assert_non_null(fx.counts);
    for (size_t r = 0; r < n; r++)
        fx.counts[r] = (double)((r * 7 + 3) % 4); /* 0, 1, 2 or 3 */
    void *b = NULL;
    assert_int_equal(boot(&b, fx.fit, fx.listwise, 1, NULL), WOLD_OK);
    fx.boot = b;
    plsc_setup();
    ipma_setup();
    metrics_setup();
    wold_predict_options po;
    wold_predict_options_default(&po);
    po.folds = 3;
    po.repeats = 1;
    index_setup();
    assert_int_equal(wold_predict(&fx.prediction, fx.model, fx.data, &po,
                                  NULL),
                     WOLD_OK);
    weighted_setup();
    return 0;
}

static int fx_teardown(void **state)
{
    (void)state;
    wold_sums_free(fx.sums_half2);
    wold_sums_free(fx.sums_part1);
    wold_data_free(fx.rows9k);
    if (fx.csv_2chunks != NULL)
        unlink(fx.csv_2chunks);
    free(fx.csv_2chunks);
    wold_metrics_free(fx.metrics);
    wold_metrics_spec_free(fx.metrics_spec);
    wold_boot_free(fx.ipma_boot);
    wold_ipma_free(fx.ipma);
    wold_fit_free(fx.ipma_fit);
    wold_model_free(fx.ipma_model);
    wold_fit_free(fx.wfit);
    wold_moments_free(fx.wmo);
    wold_data_free(fx.wdata);
    free(fx.text_weighted);
    wold_boot_free(fx.boot);
    wold_boot_free(fx.index_boot);
    wold_index_boot_free(fx.ib);
    wold_index_free(fx.ix);
    wold_fit_free(fx.scaled_fit);
    wold_model_free(fx.scaled);
    remove(fx.grades_path);
    free(fx.grades_path);
    wold_fit_free(fx.fit);
    wold_fit_free(fx.fit_mean);
    free(fx.counts);
    wold_fit_free(fx.plsc_fit);
    wold_moments_free(fx.plsc_mo);
    wold_model_free(fx.plsc_model);
    wold_hoc_free(fx.hoc);
    wold_moments_free(fx.hoc_mo);
    wold_data_free(fx.hoc_data);
    wold_model_free(fx.hoc_model);
    wold_prediction_free(fx.prediction);
    wold_moments_free(fx.listwise);
    wold_moments_free(fx.mean);
    wold_moments_free(fx.half2_m);
    wold_data_free(fx.data);
    wold_data_free(fx.large);
    wold_data_free(fx.half1);
    wold_data_free(fx.half2);
    wold_model_free(fx.model);
    wold_model_free(fx.blocks);
    free(fx.text_plain);
    char *paths[] = {fx.model_path, fx.csv_plain, fx.csv_quoted, fx.csv_bad,
                     fx.csv_stdin, fx.csv_large, fx.csv_gz, fx.csv_zst};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        remove(paths[i]);
        free(paths[i]);
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Digests: everything an output holds, as text
 * ------------------------------------------------------------------------ */

static void put_doubles(FILE *f, const char *what, const double *x, size_t n)
{
    fprintf(f, "%s", what);
    for (size_t i = 0; i < n; i++)
        fprintf(f, " %a", x[i]);
    fputc('\n', f);
}

static void digest_model(FILE *f, const void *out)
{
    const wold_model *m = out;
    size_t J = wold_model_n_lv(m), p = wold_model_n_mv(m);
    fprintf(f, "model %s: %zu LVs, %zu MVs, %zu paths\n",
            wold_model_filename(m), J, p, wold_model_n_paths(m));
    for (size_t j = 0; j < J; j++)
        fprintf(f, "lv %s mode %d first %zu count %zu\n",
                wold_model_lv_name(m, j), (int)wold_model_lv_mode(m, j),
                wold_model_lv_first(m, j), wold_model_lv_count(m, j));
    for (size_t i = 0; i < p; i++) {
        double lo, hi;
        fprintf(f, "mv %s lv %zu value %a\n", wold_model_mv_name(m, i),
                wold_model_mv_lv(m, i), wold_model_mv_value(m, i));
        if (wold_model_mv_scale(m, i, &lo, &hi))
            fprintf(f, "mv scale %a %a line %ld\n", lo, hi,
                    wold_model_mv_scale_line(m, i));
    }
    for (size_t to = 0; to < J; to++)
        for (size_t from = 0; from < J; from++)
            fprintf(f, "path %zu %zu %d %a\n", from, to,
                    wold_model_has_path(m, from, to),
                    wold_model_path_value(m, from, to));
}

static void digest_data(FILE *f, const void *out)
{
    const wold_data *d = out;
    size_t n = wold_data_n_rows(d), p = wold_data_n_cols(d);
    fprintf(f, "data %s: %zu x %zu, %zu missing cells in %zu rows\n",
            wold_data_source(d), n, p, wold_data_n_missing_cells(d),
            wold_data_n_incomplete_rows(d));
    for (size_t j = 0; j < p; j++)
        fprintf(f, "col %s\n", wold_data_col_name(d, j));
    put_doubles(f, "values", wold_data_values(d), n * p);
    if (wold_data_weights(d) != NULL) {
        fprintf(f, "weights %s\n", wold_data_weights_name(d));
        put_doubles(f, "w", wold_data_weights(d), n);
    }
    for (size_t k = 0; k < wold_data_n_labels(d); k++) {
        fprintf(f, "label %s:", wold_data_label_name(d, k));
        for (size_t l = 0; l < wold_data_label_n_levels(d, k); l++)
            fprintf(f, " [%s]", wold_data_label_level(d, k, l));
        for (size_t i = 0; i < n; i++)
            fprintf(f, " %zu", wold_data_label_codes(d, k)[i]);
        fprintf(f, "\n");
    }
}

static void digest_moments(FILE *f, const void *out)
{
    const wold_moments *m = out;
    size_t p = wold_moments_p(m);
    fprintf(f, "moments n %zu p %zu missing %d dropped %zu imputed %zu\n",
            wold_moments_n(m), p, (int)wold_moments_missing(m),
            wold_moments_rows_dropped(m), wold_moments_cells_imputed(m));
    fprintf(f, "weight total %a\n", wold_moments_weight_total(m));
    put_doubles(f, "means", wold_moments_means(m), p);
    put_doubles(f, "sds", wold_moments_sds(m), p);
    put_doubles(f, "mins", wold_moments_mins(m), p);
    put_doubles(f, "maxs", wold_moments_maxs(m), p);
    put_doubles(f, "cov", wold_moments_cov(m), p * p);
}

static void digest_fit(FILE *f, const void *out)
{
    const wold_fit *fit = out;
    const wold_model *m = wold_fit_model(fit);
    const wold_fit_options *o = wold_fit_options_used(fit);
    size_t J = wold_model_n_lv(m), p = wold_model_n_mv(m);
    fprintf(f, "fit of %s: scheme %d tol %a max %d scaled %d compat %d\n",
            wold_model_filename(m), (int)o->scheme, o->tol, o->max_iter,
            o->scaled, (int)o->compat);
    fprintf(f, "missing %d n %zu iterations %d converged %d criterion %a "
               "gof %a\n",
            (int)wold_fit_missing(fit), wold_fit_n(fit),
            wold_fit_iterations(fit), wold_fit_converged(fit),
            wold_fit_criterion(fit), wold_fit_gof(fit));
    for (size_t j = 0; j < J; j++) {
        const wold_lv_stats *s = wold_fit_lv(fit, j);
        fprintf(f, "lv %zu: %d %a %a %a %a\n", j, s->endogenous, s->r2,
                s->r2_adj, s->block_communality, s->mean_redundancy);
    }
    for (size_t i = 0; i < p; i++) {
        const wold_mv_stats *s = wold_fit_mv(fit, i);
        fprintf(f, "mv %zu: %a %a %a %a\n", i, s->weight, s->loading,
                s->communality, s->redundancy);
    }
    put_doubles(f, "cross", wold_fit_cross_loadings(fit), p * J);
    put_doubles(f, "lvcor", wold_fit_lv_cor(fit), J * J);
    put_doubles(f, "paths", wold_fit_paths(fit), J * J);
    put_doubles(f, "total", wold_fit_total_effects(fit), J * J);
    put_doubles(f, "indirect", wold_fit_indirect_effects(fit), J * J);
    for (size_t k = 0; k < wold_fit_n_coefs(fit); k++) {
        const wold_coef *c = wold_fit_coef(fit, k);
        fprintf(f, "coef %zu -> %zu: %a %a %a %a\n", c->from, c->to,
                c->estimate, c->std_error, c->t, c->p);
    }
    for (size_t k = 0; k < wold_fit_n_warnings(fit); k++)
        fprintf(f, "warning %zu: %s\n", k,
                wold_fit_warning(fit, k)->error.message);
    if (wold_fit_plsc_rhoa(fit) == NULL)
        return;
    put_doubles(f, "rhoa", wold_fit_plsc_rhoa(fit), J);
    put_doubles(f, "factors", wold_fit_plsc_factors(fit), J);
    fprintf(f, "plsc rules %u\n", wold_fit_plsc_rules(fit));
    for (size_t k = 0; k < wold_fit_plsc_n_issues(fit); k++) {
        const wold_plsc_issue *is = wold_fit_plsc_issue(fit, k);
        fprintf(f, "issue %d %zu %zu %a\n", (int)is->rule, is->lv, is->other,
                is->value);
    }
}

static void digest_assess(FILE *f, const void *out)
{
    const wold_assess *a = out;
    const wold_model *m = wold_fit_model(wold_assess_fit(a));
    size_t J = wold_model_n_lv(m), p = wold_model_n_mv(m);
    for (size_t j = 0; j < J; j++) {
        const wold_block_stats *b = wold_assess_block(a, j);
        fprintf(f, "block %zu: %a %a %a %a %a %a %a\n", j, b->alpha, b->rho_c,
                b->rho_a, b->dg_rho, b->ave, b->eig1, b->eig2);
    }
    put_doubles(f, "htmt", wold_assess_htmt(a), J * J);
    put_doubles(f, "htmt2", wold_assess_htmt2(a), J * J);
    put_doubles(f, "fl", wold_assess_fornell_larcker(a), J * J);
    put_doubles(f, "vif_mv", wold_assess_vif_indicators(a), p);
    put_doubles(f, "vif_paths", wold_assess_vif_paths(a), J * J);
    put_doubles(f, "f2", wold_assess_f2(a), J * J);
    for (int e = 0; e < 2; e++) {
        const wold_model_fit *mf = wold_assess_model_fit(a, e);
        fprintf(f, "model fit %d: %a %a %a\n", e, mf->srmr, mf->d_uls, mf->d_g);
    }
}

static void digest_problems(FILE *f, const void *out)
{
    for (size_t k = 0; k < wold_problems_count(out); k++) {
        const wold_problem *pr = wold_problems_get(out, k);
        fprintf(f, "problem %zu: %d %zu %zu %a %s:%ld:%ld %s\n", k,
                (int)pr->status, pr->lv, pr->mv, pr->value, pr->error.file,
                pr->error.line, pr->error.col, pr->error.message);
    }
}

static void free_problems(void *out) { wold_problems_free(out); }

static void digest_text(FILE *f, const void *out) { fputs(out, f); }

/* Every index, mean score, scale and note, and the weights. */
static void digest_index(FILE *f, const void *out)
{
    const wold_index *ix = out;
    for (size_t j = 0; j < fx.n_lv; j++) {
        double lo = 0, hi = 0;
        int has = wold_index_scale(ix, j, &lo, &hi);
        const char *note = wold_index_note(ix, j);
        fprintf(f, "%zu %a %a %d %a %a %s\n", j, wold_index_value(ix, j),
                wold_index_mean_score(ix, j), has, lo, hi,
                note != NULL ? note : "-");
    }
    put_doubles(f, "weights", wold_index_weights(ix), fx.n_mv);
}

static void free_index(void *out) { wold_index_free(out); }

static void digest_index_boot(FILE *f, const void *out)
{
    const wold_boot_extra *x = wold_index_boot_extra(out);
    for (size_t k = 0; k < x->n; k++)
        fprintf(f, "%s\n", x->labels[k]);
}

static void free_index_boot(void *out) { wold_index_boot_free(out); }

/* Every class of a grading table. */
static void digest_grades(FILE *f, const void *out)
{
    const wold_grades *g = out;
    for (size_t k = 0; k < wold_grades_n(g); k++) {
        const wold_grade *c = wold_grades_class(g, k);
        fprintf(f, "%a %a %s %s %d\n", c->lower, c->upper, c->label_en,
                c->label_zh, c->stars);
    }
}

static void free_grades(void *out) { wold_grades_free(out); }

/* Every summary of a bootstrap, its failure counts and its replicates. */
static void digest_boot(FILE *f, const void *out)
{
    const wold_boot *b = out;
    size_t ns = wold_boot_n_stats(b);
    fprintf(f, "used %zu of %zu, jackknife %zu (%zu failed)\n",
            wold_boot_n_used(b), wold_boot_n_replicates(b),
            wold_boot_n_jackknife(b), wold_boot_n_jackknife_failed(b));
    for (int c = 0; c < WOLD_BOOT_N_FAILURES; c++)
        fprintf(f, "failures %d: %zu\n", c,
                wold_boot_n_failures(b, (wold_boot_failure)c));
    for (size_t k = 0; k < ns; k++) {
        const wold_boot_stat *s = wold_boot_stat_get(b, k);
        fprintf(f, "%s %a %a %a %a %a %a %a %a %a %a %zu\n", s->label,
                s->original, s->mean, s->se, s->p, s->pct_lo, s->pct_hi,
                s->bca_lo, s->bca_hi, s->jack_se, s->htmt_upper, s->used);
    }
    put_doubles(f, "values", wold_boot_values(b),
                wold_boot_n_replicates(b) * ns);
}

static void digest_prediction(FILE *f, const void *out)
{
    const wold_prediction *pr = out;
    const wold_predict_options *o = wold_prediction_options(pr);
    fprintf(f, "prediction of %s: n %zu folds %zu repeats %zu seed %llu "
               "approach %d missing %d\n",
            wold_model_filename(wold_prediction_model(pr)),
            wold_prediction_n(pr), o->folds, o->repeats,
            (unsigned long long)o->seed, (int)o->approach, (int)o->missing);
    for (size_t k = 0; k < wold_prediction_n_indicators(pr); k++) {
        const wold_predict_stats *s = wold_prediction_indicator(pr, k);
        fprintf(f, "mv %zu: %a %a %a %a %a %a %a %a\n", s->mv, s->q2,
                s->q2_centred, s->rmse, s->mae, s->lm_rmse, s->lm_mae,
                s->mean_rmse, s->mean_mae);
    }
}

static void free_prediction(void *out) { wold_prediction_free(out); }

static void digest_ipma(FILE *f, const void *out)
{
    const wold_ipma *ip = out;
    fprintf(f, "ipma target %zu perf %a\n", wold_ipma_target(ip),
            wold_ipma_target_performance(ip));
    for (size_t k = 0; k < wold_ipma_n_constructs(ip) +
                           wold_ipma_n_indicators(ip); k++) {
        size_t nc = wold_ipma_n_constructs(ip);
        const wold_ipma_row *r = k < nc ? wold_ipma_construct(ip, k)
                                        : wold_ipma_indicator(ip, k - nc);
        fprintf(f, "row %zu %zu %zu: %a %a %a %a\n", r->lv, r->mv, r->stat,
                r->importance, r->performance, r->potential, r->weight);
    }
    put_doubles(f, "w", wold_ipma_weights(ip), fx.n_mv);
}

static void free_ipma(void *out) { wold_ipma_free(out); }

static void digest_metrics(FILE *f, const void *out)
{
    const wold_metrics *m = out;
    fprintf(f, "metrics of %s: %zu groups\n", wold_metrics_source(m),
            wold_metrics_n_groups(m));
    for (size_t g = 0; g < wold_metrics_n_groups(m); g++)
        for (size_t k = 0; k < wold_metrics_n_stats(m); k++) {
            const wold_metric_stat *s = wold_metrics_stat(m, k);
            const wold_metric_value *v = wold_metrics_value(m, g, k);
            fprintf(f, "%s %s %s: %a %a %a %a %a\n",
                    wold_metrics_group_name(m, g), s->name, s->what, v->value,
                    v->lo, v->hi, v->n, v->n_eff);
        }
}

static void free_metrics(void *out) { wold_metrics_free(out); }

static void digest_scores(FILE *f, const void *out)
{
    put_doubles(f, "scores", out, wold_data_n_rows(fx.data) * fx.n_lv);
}

/* The bytes written to the stream so far. */
static void digest_stream(FILE *f, const void *out)
{
    FILE *s = (FILE *)out;
    assert_int_equal(fflush(s), 0);
    long end = ftell(s);
    rewind(s);
    for (long i = 0; i < end; i++)
        fputc(fgetc(s), f);
    assert_int_equal(fseek(s, end, SEEK_SET), 0);
}

/* A workspace holds no results of its own: a fit driven on it shows
 * everything it was sized for. */
static void digest_work(FILE *f, const void *out)
{
    wold_fit_work *w = (wold_fit_work *)out;
    assert_int_equal(wold_fit_work_set(w, fx.listwise, NULL, NULL), WOLD_OK);
    do
        assert_int_equal(wold_fit_work_iterate(w, NULL), WOLD_OK);
    while (wold_fit_work_test(w) == 0);
    assert_int_equal(wold_fit_work_finish(w, NULL), WOLD_OK);
    digest_fit(f, wold_fit_work_fit(w));
}

/* The rows of a moments workspace and a resample's moments made with it. */
static void digest_moments_work(FILE *f, const void *out)
{
    wold_moments_work *ws = (wold_moments_work *)out;
    size_t count = 0;
    const size_t *rows = wold_moments_work_rows(ws, &count);
    fprintf(f, "rows %zu:", count);
    for (size_t i = 0; i < count; i++)
        fprintf(f, " %zu", rows[i]);
    fputc('\n', f);
    wold_moments *m = NULL;
    assert_int_equal(wold_moments_copy(&m, fx.listwise, NULL), WOLD_OK);
    assert_int_equal(wold_moments_reweight(m, fx.data, fx.counts, ws, NULL),
                     WOLD_OK);
    digest_moments(f, m);
    wold_moments_free(m);
}

static void free_model(void *out) { wold_model_free(out); }
static void free_hoc(void *out) { wold_hoc_free(out); }

static void digest_hoc(FILE *f, const void *out)
{
    const wold_hoc *h = out;
    fprintf(f, "hoc approach %d stages %zu\n", (int)wold_hoc_approach_used(h),
            wold_hoc_n_stages(h));
    for (size_t s = 0; s < wold_hoc_n_stages(h); s++) {
        if (s > 0)
            fputs(wold_hoc_stage_text(h, s), f);
        digest_model(f, wold_hoc_stage_model(h, s));
        digest_fit(f, wold_hoc_stage_fit(h, s));
    }
}
static void free_work(void *out) { wold_fit_work_free(out); }
static void free_moments_work(void *out) { wold_moments_work_free(out); }
static void free_data(void *out) { wold_data_free(out); }
static void free_moments(void *out) { wold_moments_free(out); }
static void free_fit(void *out) { wold_fit_free(out); }
static void free_boot(void *out) { wold_boot_free(out); }
static void free_assess(void *out) { wold_assess_free(out); }
static void free_stream(void *out) { fclose(out); }

/* ------------------------------------------------------------------------
 * The calls
 * ------------------------------------------------------------------------ */

static wold_status call_model_parse(void **out, wold_error *err)
{
    wold_model *m = *out;
    wold_status st = wold_model_parse(&m, model_text, strlen(model_text),
                                      "faultsim.wold", err);
    *out = m;
    return st;
}

static wold_status call_model_parse_cycle(void **out, wold_error *err)
{
    wold_model *m = *out;
    wold_status st = wold_model_parse(&m, model_cycle, strlen(model_cycle),
                                      "cycle.wold", err);
    *out = m;
    return st;
}

static wold_status call_model_parse_scales(void **out, wold_error *err)
{
    wold_model *m = *out;
    wold_status st = wold_model_parse(&m, model_scales, strlen(model_scales),
                                      "scales.wold", err);
    *out = m;
    return st;
}

static wold_status call_hoc(void **out, wold_hoc_approach approach,
                            wold_error *err)
{
    wold_hoc *h = *out;
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    wold_status st = wold_hoc_estimate(&h, fx.hoc_model, fx.hoc_data, NULL,
                                       WOLD_MISSING_LISTWISE, &fo, approach,
                                       err);
    *out = h;
    return st;
}

static wold_status call_hoc_two_stage(void **out, wold_error *err)
{
    return call_hoc(out, WOLD_HOC_TWO_STAGE, err);
}

static wold_status call_hoc_repeated(void **out, wold_error *err)
{
    return call_hoc(out, WOLD_HOC_REPEATED, err);
}

static wold_status call_hoc_moments(void **out, wold_error *err)
{
    wold_hoc *h = *out;
    wold_fit_options fo;
    wold_fit_options_default(&fo);
    wold_status st = wold_hoc_estimate_moments(&h, fx.hoc_model, fx.hoc_mo,
                                               &fo, WOLD_HOC_TWO_STAGE, err);
    *out = h;
    return st;
}

static wold_status call_hoc_report(void **out, wold_format format,
                                   wold_error *err)
{
    wold_report_parts parts;
    wold_report_parts_default(&parts);
    char *text = NULL;
    wold_status st = wold_hoc_report(&text, fx.hoc, &parts, format, err);
    *out = text;
    return st;
}

static wold_status call_hoc_report_text(void **out, wold_error *err)
{
    return call_hoc_report(out, WOLD_FORMAT_TEXT, err);
}

static wold_status call_hoc_report_json(void **out, wold_error *err)
{
    return call_hoc_report(out, WOLD_FORMAT_JSON, err);
}

static wold_status call_model_read(void **out, wold_error *err)
{
    wold_model *m = *out;
    wold_status st = wold_model_read(&m, fx.model_path, err);
    *out = m;
    return st;
}

static wold_status read_csv(void **out, const char *path,
                            const wold_model *model, wold_error *err)
{
    wold_data *d = *out;
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    wold_status st = wold_data_read_csv(&d, path, model, &opt, err);
    *out = d;
    return st;
}

static wold_status call_csv_model(void **out, wold_error *err)
{
    return read_csv(out, fx.csv_plain, fx.model, err);
}

static wold_status call_csv_text(void **out, wold_error *err)
{
    wold_data *d = *out;
    wold_status st = wold_data_parse_csv(&d, fx.text_plain,
                                         strlen(fx.text_plain), "plain.csv",
                                         fx.model, NULL, err);
    *out = d;
    return st;
}

/* Weight and label columns: a hash table that grows (40 levels). */
static wold_status call_csv_extra(void **out, wold_error *err)
{
    char text[4096];
    size_t k = (size_t)snprintf(text, sizeof text, "grp,x,w,sector,y\n");
    for (int i = 0; i < 80; i++)
        k += (size_t)snprintf(text + k, sizeof text - k,
                              "\"company %d\",%d,%d.5,s%d,%d\n", i % 40, i,
                              i % 3, i % 2, i * i);
    const char *labels[] = {"grp", "sector"};
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.weights = "w";
    opt.labels = labels;
    opt.n_labels = 2;
    wold_data *d = *out;
    wold_status st = wold_data_parse_csv(&d, text, k, "extra.csv", NULL,
                                         &opt, err);
    *out = d;
    return st;
}

static wold_status call_csv_all(void **out, wold_error *err)
{
    return read_csv(out, fx.csv_plain, NULL, err);
}

static wold_status call_csv_quoted(void **out, wold_error *err)
{
    return read_csv(out, fx.csv_quoted, fx.model, err);
}

static wold_status call_csv_bad(void **out, wold_error *err)
{
    return read_csv(out, fx.csv_bad, fx.model, err);
}

static wold_status call_csv_large(void **out, wold_error *err)
{
    return read_csv(out, fx.csv_large, fx.model, err);
}

static void *setup_stdin(void)
{
    assert_non_null(freopen(fx.csv_stdin, "r", stdin));
    return FS_NEW;
}

static wold_status call_csv_gz(void **out, wold_error *err)
{
    return read_csv(out, fx.csv_gz, fx.model, err);
}

static wold_status call_csv_zst(void **out, wold_error *err)
{
    return read_csv(out, fx.csv_zst, fx.model, err);
}

/* Standard input compressed: the decoder behind a stream. */
static void *setup_stdin_gz(void)
{
    assert_non_null(freopen(fx.csv_gz, "r", stdin));
    return FS_NEW;
}

static wold_status call_csv_stdin(void **out, wold_error *err)
{
    return read_csv(out, "-", fx.model, err);
}

static wold_status call_from_matrix(void **out, wold_error *err)
{
    const char *names[64];
    for (size_t j = 0; j < fx.n_mv; j++)
        names[j] = wold_data_col_name(fx.data, j);
    wold_data *d = *out;
    wold_status st = wold_data_from_matrix(&d, wold_data_values(fx.data),
                                           wold_data_n_rows(fx.data),
                                           fx.n_mv, names, err);
    *out = d;
    return st;
}

static wold_status moments(void **out, wold_missing missing, wold_error *err)
{
    wold_moments *m = *out;
    wold_status st = wold_moments_compute(&m, fx.data, missing, err);
    *out = m;
    return st;
}

static wold_status sums_of(void **out, const wold_data *d, unsigned threads,
                           wold_error *err)
{
    wold_sums *s = *out;
    wold_status st = wold_sums_from_data(&s, d, (size_t)-1, threads, err);
    *out = s;
    return st;
}

static wold_status call_sums_from_data(void **out, wold_error *err)
{
    return sums_of(out, fx.data, 1, err);
}

static void *setup_rows9k(void)
{
    if (fx.rows9k == NULL)
        fx.rows9k = half(fx.large, 0, 9000);
    return FS_NEW;
}

/* 2 chunks on 2 workers, through the ordered runner. */
static wold_status call_sums_from_data_threads(void **out, wold_error *err)
{
    return sums_of(out, fx.rows9k, 2, err);
}

/* The sums of data, then their pairwise moments. */
static wold_status call_sums_moments(void **out, wold_error *err)
{
    wold_sums *s = NULL;
    wold_moments *m = *out;
    wold_status st = wold_sums_from_data(&s, fx.data, (size_t)-1, 1, err);
    if (st == WOLD_OK)
        st = wold_sums_moments(&m, s, (size_t)-1, WOLD_MISSING_PAIRWISE,
                               err);
    wold_sums_free(s);
    *out = st == WOLD_OK ? m : NULL;
    return st;
}

static void *setup_sums_merge(void)
{
    if (fx.sums_half2 == NULL)
        assert_int_equal(wold_sums_from_data(&fx.sums_half2, fx.half2,
                                             (size_t)-1, 1, NULL),
                         WOLD_OK);
    wold_sums *a = NULL;
    assert_int_equal(wold_sums_from_data(&a, fx.half1, (size_t)-1, 1, NULL),
                     WOLD_OK);
    return a;
}

static wold_status call_sums_merge(void **out, wold_error *err)
{
    return wold_sums_merge(*out, fx.sums_half2, err);
}

/* Part k of 2 of csv_2chunks (one chunk each). */
static wold_sums *large_part(size_t k)
{
    if (fx.csv_2chunks == NULL) {
        char *text = simulated(50000, 1, 7, 0.01, 11);
        assert_true(strlen(text) > ((size_t)1 << 20));
        assert_true(strlen(text) < ((size_t)2 << 20));
        fx.csv_2chunks = wt_temp_file(text, ".csv");
        free(text);
    }
    wold_sums_options so;
    wold_sums_options_default(&so);
    so.part = k;
    so.n_parts = 2;
    wold_sums *s = NULL;
    assert_int_equal(wold_sums_read_csv(&s, fx.csv_2chunks, fx.model, NULL,
                                        &so, NULL),
                     WOLD_OK);
    return s;
}

static void *setup_sums_join(void)
{
    if (fx.sums_part1 == NULL)
        fx.sums_part1 = large_part(1);
    return large_part(0);
}

static wold_status call_sums_join(void **out, wold_error *err)
{
    return wold_sums_join(*out, fx.sums_part1, err);
}

static wold_status call_moments_listwise(void **out, wold_error *err)
{
    return moments(out, WOLD_MISSING_LISTWISE, err);
}

static wold_status call_moments_mean(void **out, wold_error *err)
{
    return moments(out, WOLD_MISSING_MEAN, err);
}

static wold_status weighted(void **out, wold_missing missing,
                            wold_error *err)
{
    wold_moments *m = *out;
    wold_status st = wold_moments_compute_weighted(&m, fx.data, missing,
                                                   fx.counts, err);
    *out = m;
    return st;
}

static wold_status call_weighted_listwise(void **out, wold_error *err)
{
    return weighted(out, WOLD_MISSING_LISTWISE, err);
}

static wold_status call_weighted_mean(void **out, wold_error *err)
{
    return weighted(out, WOLD_MISSING_MEAN, err);
}

static wold_status call_moments_copy(void **out, wold_error *err)
{
    wold_moments *m = *out;
    wold_status st = wold_moments_copy(&m, fx.mean, err);
    *out = m;
    return st;
}

static wold_status call_moments_work(void **out, wold_error *err)
{
    wold_moments_work *ws = *out;
    wold_status st = wold_moments_work_alloc(&ws, fx.listwise, fx.data, err);
    *out = ws;
    return st;
}

static wold_status fit_work(void **out, const wold_model *model,
                            wold_error *err)
{
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_fit_work *w = *out;
    wold_status st = wold_fit_work_alloc(&w, model, &opt, err);
    *out = w;
    return st;
}

static wold_status call_fit_work(void **out, wold_error *err)
{
    return fit_work(out, fx.model, err);
}

static wold_status call_fit_work_blocks(void **out, wold_error *err)
{
    return fit_work(out, fx.blocks, err);
}

/* Enough rows for one accumulating thread per core, each allocating. */
static wold_status call_moments_threads(void **out, wold_error *err)
{
    wold_moments *m = *out;
    wold_status st = wold_moments_compute(&m, fx.large,
                                          WOLD_MISSING_LISTWISE, err);
    *out = m;
    return st;
}

static void *setup_merge(void)
{
    wold_moments *a = NULL;
    assert_int_equal(wold_moments_compute(&a, fx.half1,
                                          WOLD_MISSING_LISTWISE, NULL),
                     WOLD_OK);
    return a;
}

static wold_status call_moments_merge(void **out, wold_error *err)
{
    return wold_moments_merge(*out, fx.half2_m, err);
}

static wold_status estimate(void **out, const wold_moments *mo,
                            wold_scheme scheme, wold_compat compat,
                            int scaled, int max_iter, wold_error *err)
{
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    opt.scheme = scheme;
    opt.scaled = scaled;
    opt.compat = compat;
    if (compat == WOLD_COMPAT_PLSPM) {
        opt.tol = WOLD_PLSPM_TOL;
        opt.max_iter = WOLD_PLSPM_MAX_ITER;
    }
    if (max_iter > 0)
        opt.max_iter = max_iter;
    wold_fit *fit = *out;
    wold_status st = wold_fit_estimate(&fit, fx.model, mo, &opt, err);
    *out = fit;
    return st;
}

static wold_status call_fit_path(void **out, wold_error *err)
{
    return estimate(out, fx.listwise, WOLD_SCHEME_PATH, WOLD_COMPAT_NONE, 1,
                    0, err);
}

static wold_status call_fit_centroid(void **out, wold_error *err)
{
    return estimate(out, fx.listwise, WOLD_SCHEME_CENTROID, WOLD_COMPAT_NONE,
                    1, 0, err);
}

static wold_status call_fit_factorial(void **out, wold_error *err)
{
    return estimate(out, fx.listwise, WOLD_SCHEME_FACTORIAL,
                    WOLD_COMPAT_NONE, 1, 0, err);
}

static wold_status call_fit_plspm(void **out, wold_error *err)
{
    return estimate(out, fx.listwise, WOLD_SCHEME_PATH, WOLD_COMPAT_PLSPM, 1,
                    0, err);
}

static wold_status call_fit_unscaled(void **out, wold_error *err)
{
    return estimate(out, fx.mean, WOLD_SCHEME_CENTROID, WOLD_COMPAT_PLSPM, 0,
                    0, err);
}

/* A measurement-only model: first principal components, and a warning. */
static wold_status call_fit_blocks(void **out, wold_error *err)
{
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    wold_fit *fit = *out;
    wold_status st = wold_fit_estimate(&fit, fx.blocks, fx.listwise, &opt, err);
    *out = fit;
    return st;
}

/* The problems a fit would meet: none, then a bad option (one listed). */
static wold_status check(void **out, double tol, int from_moments,
                         wold_error *err)
{
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    opt.tol = tol;
    wold_problems *list = *out;
    wold_status st =
        from_moments
            ? wold_fit_check_moments(&list, fx.model, fx.listwise, &opt, err)
            : wold_fit_check(&list, fx.model, fx.data, WOLD_MISSING_LISTWISE,
                             &opt, err);
    *out = list;
    return st;
}

static wold_status call_fit_check(void **out, wold_error *err)
{
    return check(out, WOLD_DEFAULT_TOL, 0, err);
}

static wold_status call_fit_check_bad(void **out, wold_error *err)
{
    return check(out, -1.0, 0, err);
}

static wold_status call_fit_check_moments(void **out, wold_error *err)
{
    return check(out, -1.0, 1, err);
}

/* PLSc, inadmissible: rhoA, the disattenuation and three warnings. */
static wold_status call_fit_plsc(void **out, wold_error *err)
{
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    opt.plsc = 1;
    wold_fit *fit = *out;
    wold_status st = wold_fit_estimate(&fit, fx.plsc_model, fx.plsc_mo, &opt,
                                       err);
    *out = fit;
    return st;
}

/* WOLD_ENUMERIC with the fit of the last iteration. */
static wold_status call_fit_no_convergence(void **out, wold_error *err)
{
    return estimate(out, fx.listwise, WOLD_SCHEME_PATH, WOLD_COMPAT_NONE, 1,
                    2, err);
}

static void *setup_scores(void)
{
    size_t n = wold_data_n_rows(fx.data) * fx.n_lv;
    double *out = malloc(n * sizeof *out);
    assert_non_null(out);
    for (size_t i = 0; i < n; i++)
        out[i] = -12345.0;
    return out;
}

static wold_status call_scores(void **out, wold_error *err)
{
    return wold_fit_scores(fx.fit, fx.data, *out, err);
}

static wold_status call_scores_mean(void **out, wold_error *err)
{
    return wold_fit_scores(fx.fit_mean, fx.data, *out, err);
}

static wold_status assess(void **out, const wold_fit *fit,
                          const wold_moments *mo, wold_error *err)
{
    wold_assess *a = *out;
    wold_status st = wold_assess_compute(&a, fit, mo, err);
    *out = a;
    return st;
}

static wold_status call_assess(void **out, wold_error *err)
{
    return assess(out, fx.fit, fx.listwise, err);
}

/* Mean replacement and a Mode B block (its indicator VIFs). */
static wold_status call_assess_mean(void **out, wold_error *err)
{
    return assess(out, fx.fit_mean, fx.mean, err);
}

static wold_status report(void **out, const wold_fit *fit,
                          const wold_moments *mo, const wold_data *data,
                          wold_format format, wold_error *err)
{
    char *text = *out;
    wold_status st = wold_report_fit(&text, fit, mo, data, format, err);
    *out = text;
    return st;
}

static wold_status call_report_text(void **out, wold_error *err)
{
    return report(out, fx.fit, fx.listwise, fx.data, WOLD_FORMAT_TEXT, err);
}

static wold_status call_report_text_bare(void **out, wold_error *err)
{
    return report(out, fx.fit, NULL, NULL, WOLD_FORMAT_TEXT, err);
}

static wold_status call_report_json(void **out, wold_error *err)
{
    return report(out, fx.fit, fx.listwise, fx.data, WOLD_FORMAT_JSON, err);
}

static wold_status call_report_json_bare(void **out, wold_error *err)
{
    return report(out, fx.fit, NULL, NULL, WOLD_FORMAT_JSON, err);
}

/* The bootstrap: B replicates, BCa (so the jackknife too), on one
 * thread and on two (the workers are allocated before any thread
 * starts), and under mean replacement. */
static wold_status boot(void **out, const wold_fit *fit,
                        const wold_moments *mo, int threads, wold_error *err)
{
    wold_boot_options o;
    wold_boot_options_default(&o);
    o.replicates = 8;
    o.ci = WOLD_BOOT_CI_BOTH;
    o.threads = threads;
    o.sign_change = WOLD_SIGN_CONSTRUCT;
    wold_boot *b = *out;
    wold_status st = wold_boot_run(&b, fit, mo, fx.data, &o, NULL, NULL, err);
    *out = b;
    return st;
}

static wold_status call_boot(void **out, wold_error *err)
{
    return boot(out, fx.fit, fx.listwise, 1, err);
}

static wold_status call_boot_threads(void **out, wold_error *err)
{
    return boot(out, fx.fit, fx.listwise, 2, err);
}

static wold_status call_boot_mean(void **out, wold_error *err)
{
    return boot(out, fx.fit_mean, fx.mean, 1, err);
}

/* The bootstrap in two parts (MPI ranks): part 1 packed and joined into
 * part 0, BCa so that the jackknife's rows travel too. */
static wold_status call_boot_parts(void **out, wold_error *err)
{
    wold_boot_options o;
    wold_boot_options_default(&o);
    o.replicates = 8;
    o.ci = WOLD_BOOT_CI_BOTH;
    o.threads = 1;
    o.n_parts = 2;
    wold_boot *a = NULL, *p = NULL;
    void *buf = NULL;
    size_t len = 0;
    wold_status st = wold_boot_run(&a, fx.fit, fx.listwise, fx.data, &o,
                                   NULL, NULL, err);
    o.part = 1;
    if (st == WOLD_OK)
        st = wold_boot_run(&p, fx.fit, fx.listwise, fx.data, &o, NULL, NULL,
                           err);
    if (st == WOLD_OK)
        st = wold_boot_pack(p, &buf, &len, err);
    if (st == WOLD_OK)
        st = wold_boot_join(a, buf, len, err);
    free(buf);
    wold_boot_free(p);
    if (st != WOLD_OK) {
        wold_boot_free(a);
        a = NULL;
    }
    *out = a;
    return st;
}

/* Weighted data: the bootstrap (counts x weights, BCa: the jackknife of
 * the rows of positive weight) on two threads, PLSpredict, the report. */
static wold_status call_boot_weighted(void **out, wold_error *err)
{
    wold_boot_options o;
    wold_boot_options_default(&o);
    o.replicates = 8;
    o.ci = WOLD_BOOT_CI_BOTH;
    o.threads = 2;
    wold_boot *b = *out;
    wold_status st = wold_boot_run(&b, fx.wfit, fx.wmo, fx.wdata, &o, NULL,
                                   NULL, err);
    *out = b;
    return st;
}

static wold_status call_predict_weighted(void **out, wold_error *err)
{
    wold_prediction *pr = *out;
    wold_predict_options opt;
    wold_predict_options_default(&opt);
    opt.folds = 3;
    opt.repeats = 2;
    opt.missing = WOLD_MISSING_MEAN;
    wold_status st = wold_predict(&pr, fx.model, fx.wdata, &opt, err);
    *out = pr;
    return st;
}

static wold_status call_report_json_weighted(void **out, wold_error *err)
{
    return report(out, fx.wfit, fx.wmo, fx.wdata, WOLD_FORMAT_JSON, err);
}

/* A model with scales: the data's values are checked against them. */
static wold_status call_csv_scales(void **out, wold_error *err)
{
    wold_data *d = *out;
    wold_status st = wold_data_parse_csv(&d, fx.text_plain,
                                         strlen(fx.text_plain), "plain.csv",
                                         fx.scaled, NULL, err);
    *out = d;
    return st;
}

/* The report with a bootstrap section, text and JSON. */
static wold_status report_boot_in(void **out, wold_format format,
                                  wold_lang lang, wold_error *err)
{
    wold_report_parts parts;
    wold_report_parts_default(&parts);
    parts.fit = fx.fit;
    parts.moments = fx.listwise;
    parts.data = fx.data;
    parts.boot = fx.boot;
    parts.lang = lang;
    char *text = *out;
    wold_status st = wold_report(&text, &parts, format, err);
    *out = text;
    return st;
}

static wold_status report_boot(void **out, wold_format format,
                               wold_error *err)
{
    return report_boot_in(out, format, WOLD_LANG_EN, err);
}

static wold_status call_report_boot_text(void **out, wold_error *err)
{
    return report_boot(out, WOLD_FORMAT_TEXT, err);
}

/* The same in Chinese (--lang zh): the translated formats. */
static wold_status call_report_boot_text_zh(void **out, wold_error *err)
{
    return report_boot_in(out, WOLD_FORMAT_TEXT, WOLD_LANG_ZH, err);
}

static wold_status call_report_boot_json(void **out, wold_error *err)
{
    return report_boot(out, WOLD_FORMAT_JSON, err);
}

/* ---- the CSI layer: indices, their bootstrap, grades, their report ---- */

static wold_status call_index(void **out, wold_error *err)
{
    wold_index *ix = *out;
    wold_status st = wold_index_compute(&ix, fx.scaled_fit, fx.listwise, err);
    *out = ix;
    return st;
}

/* Without scales: every LV gets a note. */
static wold_status call_index_no_scales(void **out, wold_error *err)
{
    wold_index *ix = *out;
    wold_status st = wold_index_compute(&ix, fx.fit, fx.listwise, err);
    *out = ix;
    return st;
}

static wold_status call_index_boot(void **out, wold_error *err)
{
    wold_index_boot *ib = *out;
    wold_status st = wold_index_boot_alloc(&ib, fx.ix, err);
    *out = ib;
    return st;
}

/* The bootstrap with the indices as extra statistics, BCa. */
static wold_status boot_index(void **out, wold_error *err)
{
    wold_boot_options o;
    wold_boot_options_default(&o);
    o.replicates = 8;
    o.ci = WOLD_BOOT_CI_BOTH;
    o.threads = 1;
    o.extra = wold_index_boot_extra(fx.ib);
    wold_boot *b = *out;
    wold_status st = wold_boot_run(&b, fx.scaled_fit, fx.listwise, fx.data,
                                   &o, NULL, NULL, err);
    *out = b;
    return st;
}

static wold_status call_grades_parse(void **out, wold_error *err)
{
    wold_grades *g = *out;
    wold_status st = wold_grades_parse(&g, grades_text, strlen(grades_text),
                                       "g.csv", err);
    *out = g;
    return st;
}

/* A gap between two classes: found after every line was read. */
static wold_status call_grades_gap(void **out, wold_error *err)
{
    static const char gap[] = "lower,upper,label_en\n0,50,a\n60,100,b\n";
    wold_grades *g = *out;
    wold_status st = wold_grades_parse(&g, gap, strlen(gap), "g.csv", err);
    *out = g;
    return st;
}

static wold_status call_grades_read(void **out, wold_error *err)
{
    wold_grades *g = *out;
    wold_status st = wold_grades_read(&g, fx.grades_path, err);
    *out = g;
    return st;
}

/* The report with the index section (and the indices' bootstrap). */
static wold_status report_index(void **out, wold_format format,
                                wold_error *err)
{
    wold_report_parts parts;
    wold_report_parts_default(&parts);
    parts.fit = fx.scaled_fit;
    parts.moments = fx.listwise;
    parts.data = fx.data;
    parts.boot = fx.index_boot;
    parts.index = fx.ix;
    parts.lang = WOLD_LANG_ZH;
    char *text = *out;
    wold_status st = wold_report(&text, &parts, format, err);
    *out = text;
    return st;
}

static wold_status call_report_index_text(void **out, wold_error *err)
{
    return report_index(out, WOLD_FORMAT_TEXT, err);
}

static wold_status call_report_index_json(void **out, wold_error *err)
{
    return report_index(out, WOLD_FORMAT_JSON, err);
}

/* The PLSc section: the verdict and its table of broken rules. */
static wold_status call_report_text_plsc(void **out, wold_error *err)
{
    return report(out, fx.plsc_fit, fx.plsc_mo, NULL, WOLD_FORMAT_TEXT, err);
}

static wold_status call_report_json_plsc(void **out, wold_error *err)
{
    return report(out, fx.plsc_fit, fx.plsc_mo, NULL, WOLD_FORMAT_JSON, err);
}

/* Mean replacement; Mode B's undefined criteria are JSON nulls. */
static wold_status call_report_json_mean(void **out, wold_error *err)
{
    return report(out, fx.fit_mean, fx.mean, fx.data, WOLD_FORMAT_JSON, err);
}

static wold_status predict(void **out, wold_missing missing,
                           wold_error *err)
{
    wold_prediction *pr = *out;
    wold_predict_options opt;
    wold_predict_options_default(&opt);
    opt.folds = 3;
    opt.repeats = 2;
    opt.missing = missing;
    wold_status st = wold_predict(&pr, fx.model, fx.data, &opt, err);
    *out = pr;
    return st;
}

static wold_status call_predict(void **out, wold_error *err)
{
    return predict(out, WOLD_MISSING_LISTWISE, err);
}

static wold_status call_predict_mean(void **out, wold_error *err)
{
    return predict(out, WOLD_MISSING_MEAN, err);
}

static wold_status report_prediction(void **out, wold_format format,
                                     wold_error *err)
{
    char *text = *out;
    wold_status st = wold_report_prediction(&text, fx.prediction, format, err);
    *out = text;
    return st;
}

static wold_status call_report_prediction_text(void **out, wold_error *err)
{
    return report_prediction(out, WOLD_FORMAT_TEXT, err);
}

static wold_status call_report_prediction_json(void **out, wold_error *err)
{
    return report_prediction(out, WOLD_FORMAT_JSON, err);
}

static wold_status call_report_prediction_zh(void **out, wold_error *err)
{
    char *text = *out;
    wold_status st = wold_report_prediction_lang(&text, fx.prediction,
                                                 WOLD_FORMAT_TEXT,
                                                 WOLD_LANG_ZH, err);
    *out = text;
    return st;
}

static void *setup_stream(void)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    return f;
}

static wold_status simulate(void **out, size_t n, int lo, int hi,
                            double missing, wold_error *err)
{
    wold_simulate_options opt;
    wold_simulate_options_default(&opt);
    opt.n = n;
    opt.scale_lo = lo;
    opt.scale_hi = hi;
    opt.missing = missing;
    return wold_simulate_csv(fx.model, &opt, *out, err);
}

static wold_status call_simulate_likert(void **out, wold_error *err)
{
    return simulate(out, 60, 1, 10, 0.05, err);
}

static wold_status call_simulate_continuous(void **out, wold_error *err)
{
    return simulate(out, 20, 0, 0, 0.0, err);
}

/* The IPMA (target Satisfaction) and its report in each format, the
 * text and CSV with the bootstrap's columns. */
static wold_status call_ipma(void **out, wold_error *err)
{
    wold_ipma *ip = *out;
    wold_status st = wold_ipma_compute(&ip, fx.ipma_fit, fx.listwise, 3, err);
    *out = ip;
    return st;
}

static wold_status report_ipma(void **out, const wold_boot *boot,
                               wold_format format, wold_error *err)
{
    char *text = *out;
    wold_status st = wold_report_ipma(&text, fx.ipma, boot, format,
                                      WOLD_LANG_ZH, err);
    *out = text;
    return st;
}

/* ---- the national index: its files, the run, the report --------------- */

/* Built once, unhooked, by the first nation case's setup. */
static struct nation_fixture {
    wold_model *model;
    wold_data *data;
    wold_nation_table *rev, *sw;
    wold_nation *nt;
} nfx;

static const char nation_model[] =
    "scale 1:7\n"
    "A =~ 0.8*a1 + 0.8*a2\n"
    "B =~ 0.8*b1 + 0.8*b2\n"
    "B ~ 0.5*A\n";
static const char nation_rev[] = "company,revenue\nC1,3\nC2,1\nC3,2\nC4,5\n";
static const char nation_sw[] = "sector,weight\nS1,0.25\nS2,0.75\n";

static wold_status nation_options(wold_nation_options *o, int threads,
                                  size_t replicates)
{
    wold_nation_options_default(o);
    o->group = "company";
    o->industry = "industry";
    o->sector = "sector";
    o->revenue = nfx.rev;
    o->sector_weights = nfx.sw;
    o->threads = threads;
    o->replicates = replicates;
    o->min_n = 5;
    return WOLD_OK;
}

static void nation_fixture(void)
{
    if (nfx.model != NULL)
        return;
    nfx.model = wt_model(nation_model);
    wold_simulate_options so;
    wold_simulate_options_default(&so);
    so.n = 30, so.seed = 3, so.scale_lo = 1, so.scale_hi = 7;
    so.groups = 4, so.industries = 2, so.sectors = 2;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(wold_simulate_csv(nfx.model, &so, f, NULL), WOLD_OK);
    fclose(f);
    /* C4 gets 3 rows only: too small for min-n 5. */
    char *cut = buf;
    for (int k = 0; k < 1 + 3 * 30 + 3; k++)
        cut = strchr(cut, '\n') + 1;
    *cut = '\0';
    const char *labels[] = {"company", "industry", "sector"};
    wold_csv_options co;
    wold_csv_options_default(&co);
    co.labels = labels;
    co.n_labels = 3;
    assert_int_equal(wold_data_parse_csv(&nfx.data, buf, strlen(buf), "w.csv",
                                         nfx.model, &co, NULL), WOLD_OK);
    free(buf);
    assert_int_equal(wold_nation_table_parse(&nfx.rev, nation_rev,
                                             strlen(nation_rev), "r.csv",
                                             WOLD_NATION_REVENUE, NULL),
                     WOLD_OK);
    assert_int_equal(wold_nation_table_parse(&nfx.sw, nation_sw,
                                             strlen(nation_sw), "s.csv",
                                             WOLD_NATION_SECTOR_WEIGHTS, NULL),
                     WOLD_OK);
    wold_nation_options o;
    nation_options(&o, 1, 5);
    assert_int_equal(wold_nation_run(&nfx.nt, nfx.model, nfx.data, &o, NULL),
                     WOLD_OK);
}

static void nation_fixture_free(void)
{
    wold_nation_free(nfx.nt);
    wold_nation_table_free(nfx.rev);
    wold_nation_table_free(nfx.sw);
    wold_data_free(nfx.data);
    wold_model_free(nfx.model);
    memset(&nfx, 0, sizeof nfx);
}

static void *setup_nation(void)
{
    nation_fixture();
    return FS_NEW;
}

static void digest_ntable(FILE *f, const void *out)
{
    const wold_nation_table *t = out;
    for (size_t k = 0; k < wold_nation_table_n(t); k++)
        fprintf(f, "%s %a\n", wold_nation_table_name(t, k),
                wold_nation_table_value(t, k));
}

static void free_ntable(void *out) { wold_nation_table_free(out); }

static void digest_nation(FILE *f, const void *out)
{
    const wold_nation *nt = out;
    size_t J = wold_model_n_lv(wold_nation_model(nt));
    for (int L = 0; L < 4; L++)
        for (size_t k = 0; k < wold_nation_n_units(nt, L); k++) {
            const wold_nation_unit *u = wold_nation_unit_get(nt, L, k);
            fprintf(f, "%d %s %zu %zu %a %d %s\n", L, u->name, u->parent,
                    u->n, u->weight, (int)u->status,
                    u->note != NULL ? u->note : "-");
            for (size_t j = 0; j < J; j++)
                fprintf(f, "  %a %a %a %a %zu %s\n", u->index[j], u->se[j],
                        u->lo[j], u->hi[j], u->used[j],
                        u->index_note[j] != NULL ? u->index_note[j] : "-");
        }
}

static void free_nation(void *out) { wold_nation_free(out); }

static wold_status call_ntable(void **out, const char *text,
                               wold_nation_table_kind kind, wold_error *err)
{
    wold_nation_table *t = *out;
    wold_status st = wold_nation_table_parse(&t, text, strlen(text), "t.csv",
                                             kind, err);
    *out = t;
    return st;
}

static wold_status call_ntable_revenue(void **out, wold_error *err)
{
    return call_ntable(out, "firm,revenue\n\"C 1\",3\nC2,1.5\n\nC3,2\n",
                       WOLD_NATION_REVENUE, err);
}

static wold_status call_ntable_weights(void **out, wold_error *err)
{
    return call_ntable(out, "weight;sector\n0.333;S1\n0.667;S2\n",
                       WOLD_NATION_SECTOR_WEIGHTS, err);
}

static wold_status call_ntable_bad(void **out, wold_error *err)
{
    return call_ntable(out, "firm,revenue\nC1,3\nC1,4\n",
                       WOLD_NATION_REVENUE, err);
}

static wold_status nation_run(void **out, int threads, size_t replicates,
                              wold_error *err)
{
    wold_nation_options o;
    nation_options(&o, threads, replicates);
    wold_nation *nt = *out;
    wold_status st = wold_nation_run(&nt, nfx.model, nfx.data, &o, err);
    *out = nt;
    return st;
}

static wold_status call_nation_run(void **out, wold_error *err)
{
    return nation_run(out, 1, 0, err);
}

static wold_status call_nation_run_boot(void **out, wold_error *err)
{
    return nation_run(out, 2, 5, err);
}

/* The batch index in two parts (MPI ranks): part 1 packed and joined
 * into part 0, then aggregated. */
static wold_status call_nation_parts(void **out, wold_error *err)
{
    wold_nation_options o;
    nation_options(&o, 1, 5);
    o.n_parts = 2;
    wold_nation *a = NULL, *p = NULL;
    void *buf = NULL;
    size_t len = 0;
    wold_status st = wold_nation_run(&a, nfx.model, nfx.data, &o, err);
    o.part = 1;
    if (st == WOLD_OK)
        st = wold_nation_run(&p, nfx.model, nfx.data, &o, err);
    if (st == WOLD_OK)
        st = wold_nation_pack(p, &buf, &len, err);
    if (st == WOLD_OK)
        st = wold_nation_join(a, buf, len, err);
    free(buf);
    wold_nation_free(p);
    if (st != WOLD_OK) {
        wold_nation_free(a);
        a = NULL;
    }
    *out = a;
    return st;
}

static wold_status nation_report(void **out, wold_format format,
                                 wold_error *err)
{
    char *text = *out;
    wold_status st = wold_report_nation(&text, nfx.nt, NULL, format,
                                        WOLD_LANG_ZH, err);
    *out = text;
    return st;
}

static wold_status call_report_ipma_text(void **out, wold_error *err)
{
    return report_ipma(out, fx.ipma_boot, WOLD_FORMAT_TEXT, err);
}

static wold_status call_report_ipma_json(void **out, wold_error *err)
{
    return report_ipma(out, fx.ipma_boot, WOLD_FORMAT_JSON, err);
}

static wold_status call_report_ipma_csv(void **out, wold_error *err)
{
    return report_ipma(out, NULL, WOLD_FORMAT_CSV, err);
}

static wold_status call_metrics(void **out, wold_error *err)
{
    wold_metrics *m = *out;
    wold_csv_options csv;
    wold_csv_options_default(&csv);
    wold_status st = wold_metrics_parse(&m, metrics_csv, sizeof metrics_csv - 1,
                                        "m.csv", fx.metrics_spec, "region",
                                        "w", &csv, err);
    *out = m;
    return st;
}

static wold_status call_metrics_spec(void **out, wold_error *err)
{
    wold_metrics_spec *s = NULL;
    wold_status st = wold_metrics_spec_alloc(&s, err);
    if (st == WOLD_OK)
        st = wold_metrics_spec_add(s, WOLD_METRIC_SCORE, "dim=0.3:q1+q2+q3",
                                   err);
    if (st == WOLD_OK)
        st = wold_metrics_spec_add(s, WOLD_METRIC_CLV, "v:f:l", err);
    if (st != WOLD_OK) {
        wold_metrics_spec_free(s);
        s = NULL;
    }
    *out = s;
    return st;
}

static void digest_spec(FILE *f, const void *out)
{
    (void)out;
    fputs("spec\n", f);
}

static void free_spec(void *out) { wold_metrics_spec_free(out); }

static wold_status report_metrics(void **out, wold_format format,
                                  wold_error *err)
{
    char *text = *out;
    wold_status st = wold_report_metrics(&text, fx.metrics, format,
                                         WOLD_LANG_ZH, err);
    *out = text;
    return st;
}

static wold_status call_report_metrics_text(void **out, wold_error *err)
{
    return report_metrics(out, WOLD_FORMAT_TEXT, err);
}

static wold_status call_report_metrics_json(void **out, wold_error *err)
{
    return report_metrics(out, WOLD_FORMAT_JSON, err);
}

static wold_status call_report_metrics_csv(void **out, wold_error *err)
{
    return report_metrics(out, WOLD_FORMAT_CSV, err);
}

static wold_status call_report_nation_text(void **out, wold_error *err)
{
    return nation_report(out, WOLD_FORMAT_TEXT, err);
}

static wold_status call_report_nation_json(void **out, wold_error *err)
{
    return nation_report(out, WOLD_FORMAT_JSON, err);
}

static wold_status call_report_nation_csv(void **out, wold_error *err)
{
    return nation_report(out, WOLD_FORMAT_CSV, err);
}

/* ------------------------------------------------------------------------
 * The table: one line per entry point and input
 * ------------------------------------------------------------------------ */

#define MODEL digest_model, free_model
/* ---- moments files: pack, unpack, save, load --------------------------- */

/* Built once, unhooked, by the first moments-file case's setup: the sums
 * of fx.data (missing cells: pairwise arrays) and of nfx.data grouped by
 * company, packed, and the grouped ones saved. */
static struct wm_fixture {
    wold_sums *plain, *grouped;
    void *buf;          /* grouped, packed */
    size_t len;
    char dir[64], path[96], saved[96];
} wmfx;

static void wm_fixture(void)
{
    if (wmfx.plain != NULL)
        return;
    nation_fixture();
    assert_int_equal(wold_sums_from_data(&wmfx.plain, fx.data, (size_t)-1, 1,
                                         NULL), WOLD_OK);
    assert_int_equal(wold_sums_from_data(&wmfx.grouped, nfx.data, 0, 1,
                                         NULL), WOLD_OK);
    assert_int_equal(wold_sums_pack(wmfx.grouped, &wmfx.buf, &wmfx.len,
                                    NULL), WOLD_OK);
    strcpy(wmfx.dir, "/tmp/wold-faultsim-wm.XXXXXX");
    assert_non_null(mkdtemp(wmfx.dir));
    snprintf(wmfx.path, sizeof wmfx.path, "%s/out.wm", wmfx.dir);
    snprintf(wmfx.saved, sizeof wmfx.saved, "%s/in.wm", wmfx.dir);
    assert_int_equal(wold_sums_save(wmfx.grouped, wmfx.saved, NULL), WOLD_OK);
}

static void wm_fixture_free(void)
{
    if (wmfx.plain == NULL)
        return;
    unlink(wmfx.path);
    unlink(wmfx.saved);
    rmdir(wmfx.dir);
    wold_sums_free(wmfx.plain);
    wold_sums_free(wmfx.grouped);
    free(wmfx.buf);
    memset(&wmfx, 0, sizeof wmfx);
}

static void *setup_wm(void)
{
    wm_fixture();
    return FS_NEW;
}

static void put_bytes(FILE *f, const unsigned char *b, size_t n)
{
    for (size_t k = 0; k < n; k++)
        fprintf(f, "%02x%s", b[k], k % 32 == 31 ? "\n" : "");
    fputc('\n', f);
}

/* A packed file: its length is in its bytes 12-19. */
static void digest_packed(FILE *f, const void *out)
{
    const unsigned char *b = out;
    size_t len = 0;
    for (int k = 7; k >= 0; k--)
        len = len << 8 | b[12 + k];
    fprintf(f, "%zu bytes\n", len);
    put_bytes(f, b, len);
}

/* Sums: their columns, groups and rows, and the moments under each rule. */
static void digest_sums(FILE *f, const void *out)
{
    const wold_sums *s = out;
    size_t p = wold_sums_p(s), G = wold_sums_n_groups(s);
    fprintf(f, "sums of %s: p %zu weights %s group %s groups %zu rows %zu\n",
            wold_sums_source(s), p,
            wold_sums_weights_name(s) ? wold_sums_weights_name(s) : "-",
            wold_sums_group_name(s) ? wold_sums_group_name(s) : "-", G,
            wold_sums_n_rows(s, (size_t)-1));
    for (size_t i = 0; i < p; i++)
        fprintf(f, " %s", wold_sums_col_name(s, i));
    for (size_t g = 0; g < G; g++)
        fprintf(f, "\ngroup %s: %zu rows",
                wold_sums_group_label(s, g) ? wold_sums_group_label(s, g)
                                            : "-",
                wold_sums_n_rows(s, g));
    fputc('\n', f);
    for (int k = 0; k < 3; k++) {
        wold_moments *m = NULL;
        wold_error err;
        if (wold_sums_moments(&m, s, (size_t)-1, (wold_missing)k, &err) ==
            WOLD_OK)
            digest_moments(f, m);
        else
            fprintf(f, "moments %d: %s\n", k, err.message);
        wold_moments_free(m);
    }
}

static void free_sums(void *out) { wold_sums_free(out); }


/* The sums through their packed bytes (every field) and their source. */
static void digest_sums_bytes(FILE *f, const void *out)
{
    const wold_sums *s = out;
    void *b = NULL;
    size_t len = 0;
    assert_int_equal(wold_sums_pack(s, &b, &len, NULL), WOLD_OK);
    fprintf(f, "source %s, %zu bytes\n", wold_sums_source(s), len);
    put_bytes(f, b, len);
    free(b);
}

/* The output of a save: the directory's files and the file's bytes. */
static void digest_saved(FILE *f, const void *out)
{
    (void)out;
    DIR *d = opendir(wmfx.dir);
    assert_non_null(d);
    struct dirent *e;
    size_t files = 0;
    while ((e = readdir(d)) != NULL)
        files += e->d_name[0] != '.';
    closedir(d);
    fprintf(f, "%zu files\n", files);
    size_t len = 0;
    FILE *in = fopen(wmfx.path, "rb");
    if (in == NULL) {
        fputs("no file\n", f);
        return;
    }
    unsigned char buf[4096];
    while ((len = fread(buf, 1, sizeof buf, in)) > 0)
        put_bytes(f, buf, len);
    fclose(in);
}

/* The save's output: the path, the file not there yet. */
static void *setup_save(void)
{
    wm_fixture();
    unlink(wmfx.path);
    return wmfx.path;
}

static void no_teardown(void *out) { (void)out; }

static wold_status call_sums_pack(void **out, wold_error *err)
{
    void *b = *out == FS_NEW ? NULL : *out;
    size_t len = 0;
    wold_status st = wold_sums_pack(wmfx.grouped, &b, &len, err);
    *out = b;
    return st;
}

static wold_status call_sums_unpack(void **out, wold_error *err)
{
    wold_sums *t = *out;
    wold_status st = wold_sums_unpack(&t, wmfx.buf, wmfx.len, NULL, err);
    *out = t;
    return st;
}

static wold_status call_sums_load(void **out, wold_error *err)
{
    wold_sums *t = *out;
    wold_status st = wold_sums_load(&t, wmfx.saved, err);
    *out = t;
    return st;
}

static wold_status call_sums_save(void **out, wold_error *err)
{
    return wold_sums_save(wmfx.plain, *out, err);
}

/* The merge of the two halves' sums, loaded from bytes: a new object. */
static wold_status call_sums_merge_loaded(void **out, wold_error *err)
{
    wold_sums *t = *out;
    wold_status st = wold_sums_unpack(&t, wmfx.buf, wmfx.len, NULL, err);
    if (st == WOLD_OK) {
        st = wold_sums_merge(t, wmfx.grouped, err);
        if (st != WOLD_OK) {
            wold_sums_free(t);
            t = NULL;
        }
    }
    *out = t;
    return st;
}

#define SUMS digest_sums, free_sums
#define DATA digest_data, free_data
#define MOMENTS digest_moments, free_moments
#define WM_SUMS digest_sums_bytes, free_sums
#define FIT digest_fit, free_fit
#define BOOT digest_boot, free_boot
#define ASSESS digest_assess, free_assess
#define PROBLEMS digest_problems, free_problems
#define TEXT digest_text, free
#define NTABLE digest_ntable, free_ntable
#define NATION digest_nation, free_nation
#define SCORES digest_scores, free
#define STREAM digest_stream, free_stream
#define WORK digest_work, free_work
#define MOMENTS_WORK digest_moments_work, free_moments_work
#define PREDICTION digest_prediction, free_prediction
#define INDEX digest_index, free_index
#define INDEX_BOOT digest_index_boot, free_index_boot
#define GRADES digest_grades, free_grades
#define IPMA digest_ipma, free_ipma
#define METRICS digest_metrics, free_metrics
#define SPEC digest_spec, free_spec

static const fs_case cases[] = {
    {"model_parse", NULL, call_model_parse, MODEL},
    {"model_parse_cycle", NULL, call_model_parse_cycle, MODEL},
    {"model_parse_scales", NULL, call_model_parse_scales, MODEL},
    {"hoc_repeated", NULL, call_hoc_repeated, digest_hoc, free_hoc},
    {"hoc_two_stage", NULL, call_hoc_two_stage, digest_hoc, free_hoc},
    {"hoc_two_stage_moments", NULL, call_hoc_moments, digest_hoc, free_hoc},
    {"hoc_report_text", NULL, call_hoc_report_text, TEXT},
    {"hoc_report_json", NULL, call_hoc_report_json, TEXT},
    {"model_read", NULL, call_model_read, MODEL},
    {"data_read_csv_model", NULL, call_csv_model, DATA},
    {"data_parse_csv", NULL, call_csv_text, DATA},
    {"data_parse_csv_weights_labels", NULL, call_csv_extra, DATA},
    {"data_parse_csv_scales", NULL, call_csv_scales, DATA},
    {"data_read_csv_all", NULL, call_csv_all, DATA},
    {"data_read_csv_quoted", NULL, call_csv_quoted, DATA},
    {"data_read_csv_bad_cell", NULL, call_csv_bad, DATA},
    {"data_read_csv_stdin", setup_stdin, call_csv_stdin, DATA},
    {"data_read_csv_large", NULL, call_csv_large, DATA},
    {"data_read_csv_gz", NULL, call_csv_gz, DATA},
    {"data_read_csv_zst", NULL, call_csv_zst, DATA},
    {"data_read_csv_stdin_gz", setup_stdin_gz, call_csv_stdin, DATA},
    {"data_from_matrix", NULL, call_from_matrix, DATA},
    {"moments_compute_listwise", NULL, call_moments_listwise, MOMENTS},
    {"moments_compute_mean", NULL, call_moments_mean, MOMENTS},
    {"moments_compute_threads", NULL, call_moments_threads, MOMENTS},
    {"moments_merge", setup_merge, call_moments_merge, MOMENTS},
    {"sums_from_data", NULL, call_sums_from_data, SUMS},
    {"sums_from_data_threads", setup_rows9k, call_sums_from_data_threads,
     SUMS},
    {"sums_moments", NULL, call_sums_moments, MOMENTS},
    {"sums_merge", setup_sums_merge, call_sums_merge, SUMS},
    {"sums_join", setup_sums_join, call_sums_join, SUMS},
    {"moments_compute_weighted_listwise", NULL, call_weighted_listwise,
     MOMENTS},
    {"moments_compute_weighted_mean", NULL, call_weighted_mean, MOMENTS},
    {"moments_copy", NULL, call_moments_copy, MOMENTS},
    {"moments_work_alloc", NULL, call_moments_work, MOMENTS_WORK},
    {"fit_estimate_path", NULL, call_fit_path, FIT},
    {"fit_estimate_centroid", NULL, call_fit_centroid, FIT},
    {"fit_estimate_factorial", NULL, call_fit_factorial, FIT},
    {"fit_estimate_plspm", NULL, call_fit_plspm, FIT},
    {"fit_estimate_unscaled_mean", NULL, call_fit_unscaled, FIT},
    {"fit_estimate_no_convergence", NULL, call_fit_no_convergence, FIT},
    {"fit_estimate_blocks", NULL, call_fit_blocks, FIT},
    {"fit_work_alloc", NULL, call_fit_work, WORK},
    {"fit_work_alloc_blocks", NULL, call_fit_work_blocks, WORK},
    {"fit_estimate_plsc", NULL, call_fit_plsc, FIT},
    {"fit_check", NULL, call_fit_check, PROBLEMS},
    {"fit_check_bad_option", NULL, call_fit_check_bad, PROBLEMS},
    {"fit_check_moments", NULL, call_fit_check_moments, PROBLEMS},
    {"fit_scores", setup_scores, call_scores, SCORES},
    {"fit_scores_mean", setup_scores, call_scores_mean, SCORES},
    {"boot_run", NULL, call_boot, BOOT},
    {"boot_run_threads", NULL, call_boot_threads, BOOT},
    {"boot_run_mean", NULL, call_boot_mean, BOOT},
    {"boot_run_weighted", NULL, call_boot_weighted, BOOT},
    {"boot_run_parts", NULL, call_boot_parts, BOOT},
    {"report_boot_text", NULL, call_report_boot_text, TEXT},
    {"report_boot_json", NULL, call_report_boot_json, TEXT},
    {"report_boot_text_zh", NULL, call_report_boot_text_zh, TEXT},
    {"assess_compute", NULL, call_assess, ASSESS},
    {"assess_compute_mean", NULL, call_assess_mean, ASSESS},
    {"report_fit_text", NULL, call_report_text, TEXT},
    {"report_fit_text_bare", NULL, call_report_text_bare, TEXT},
    {"report_fit_json", NULL, call_report_json, TEXT},
    {"report_fit_json_bare", NULL, call_report_json_bare, TEXT},
    {"report_fit_json_mean", NULL, call_report_json_mean, TEXT},
    {"report_fit_json_weighted", NULL, call_report_json_weighted, TEXT},
    {"report_fit_text_plsc", NULL, call_report_text_plsc, TEXT},
    {"report_fit_json_plsc", NULL, call_report_json_plsc, TEXT},
    {"simulate_csv_likert", setup_stream, call_simulate_likert, STREAM},
    {"simulate_csv_continuous", setup_stream, call_simulate_continuous,
     STREAM},
    {"nation_table_revenue", NULL, call_ntable_revenue, NTABLE},
    {"nation_table_weights", NULL, call_ntable_weights, NTABLE},
    {"nation_table_bad", NULL, call_ntable_bad, NTABLE},
    {"nation_run", setup_nation, call_nation_run, NATION},
    {"nation_run_boot_threads", setup_nation, call_nation_run_boot, NATION},
    {"nation_run_parts", setup_nation, call_nation_parts, NATION},
    {"report_nation_text", setup_nation, call_report_nation_text, TEXT},
    {"report_nation_json", setup_nation, call_report_nation_json, TEXT},
    {"report_nation_csv", setup_nation, call_report_nation_csv, TEXT},
    {"predict_listwise", NULL, call_predict, PREDICTION},
    {"predict_mean", NULL, call_predict_mean, PREDICTION},
    {"predict_weighted", NULL, call_predict_weighted, PREDICTION},
    {"report_prediction_text", NULL, call_report_prediction_text, TEXT},
    {"report_prediction_json", NULL, call_report_prediction_json, TEXT},
    {"index_compute", NULL, call_index, INDEX},
    {"index_compute_no_scales", NULL, call_index_no_scales, INDEX},
    {"index_boot_alloc", NULL, call_index_boot, INDEX_BOOT},
    {"boot_run_index", NULL, boot_index, BOOT},
    {"grades_parse", NULL, call_grades_parse, GRADES},
    {"grades_parse_gap", NULL, call_grades_gap, GRADES},
    {"grades_read", NULL, call_grades_read, GRADES},
    {"report_index_text", NULL, call_report_index_text, TEXT},
    {"report_index_json", NULL, call_report_index_json, TEXT},
    {"report_prediction_text_zh", NULL, call_report_prediction_zh, TEXT},
    {"ipma_compute", NULL, call_ipma, IPMA},
    {"report_ipma_text", NULL, call_report_ipma_text, TEXT},
    {"report_ipma_json", NULL, call_report_ipma_json, TEXT},
    {"report_ipma_csv", NULL, call_report_ipma_csv, TEXT},
    {"metrics_spec", NULL, call_metrics_spec, SPEC},
    {"metrics_parse", NULL, call_metrics, METRICS},
    {"report_metrics_text", NULL, call_report_metrics_text, TEXT},
    {"report_metrics_json", NULL, call_report_metrics_json, TEXT},
    {"report_metrics_csv", NULL, call_report_metrics_csv, TEXT},
    {"sums_pack", setup_wm, call_sums_pack, digest_packed, free},
    {"sums_unpack", setup_wm, call_sums_unpack, WM_SUMS},
    {"sums_load", setup_wm, call_sums_load, WM_SUMS},
    {"sums_save", setup_save, call_sums_save, digest_saved, no_teardown},
    {"sums_merge_loaded", setup_wm, call_sums_merge_loaded, WM_SUMS},
};

/* A size that cannot be addressed is WOLD_ENOMEM before anything is
 * allocated or read. */
static void test_too_large(void **state)
{
    (void)state;
    const char *names[] = {"a", "b"};
    double x = 0.0;
    wold_data *d = FS_NEW;
    wold_error err;
    fs_arm(1, 1);
    wold_status st = wold_data_from_matrix(&d, &x, SIZE_MAX / 8, 2, names,
                                           &err);
    fs_disarm();
    WT_EXPECT_ERROR(st, &err, WOLD_ENOMEM, "too large");
    assert_int_equal(err.status, WOLD_ENOMEM);
    assert_null(d);
    assert_int_equal(fs_calls_made(), 0);
}

/*
 * A replicate allocates nothing: ten resamples' moments (reweight) and
 * fits on them (set, iterate, test, finish) with the hook counting every
 * allocation of wold's own code, for the path model and the
 * measurement-only one, started from the full-sample weights and from
 * plspm's start.
 */
static void replicates(wold_moments_work *ws, wold_moments *m,
                       wold_fit_work *w, const double *start)
{
    size_t n = wold_data_n_rows(fx.data);
    double *counts = malloc(n * sizeof *counts);
    assert_non_null(counts);
    fs_arm(0, 0);
    for (int b = 0; b < 10; b++) {
        for (size_t r = 0; r < n; r++)
            counts[r] = (double)((r * 5 + (size_t)b * 3 + r / 7) % 3);
        wold_status st = wold_moments_reweight(m, fx.data, counts, ws, NULL);
        if (st == WOLD_OK)
            st = wold_fit_work_set(w, m, start, NULL);
        int t = 0;
        while (st == WOLD_OK && t == 0) {
            st = wold_fit_work_iterate(w, NULL);
            t = wold_fit_work_test(w);
        }
        if (st == WOLD_OK)
            st = wold_fit_work_finish(w, NULL);
        assert_int_equal(st, WOLD_OK);
        assert_int_equal(t, 1);
    }
    long allocs = fs_calls_made();
    fs_disarm();
    free(counts);
    assert_int_equal(allocs, 0);
    assert_int_equal(wold_fit_converged(wold_fit_work_fit(w)), 1);
}

/* The bootstrap's allocations do not grow with the replicates beyond its
 * result's arrays: 40 and 200 replicates (and their jackknife) make the
 * same number of allocation calls. */
static void test_boot_allocations_fixed(void **state)
{
    (void)state;
    long calls[2];
    const size_t B[2] = {40, 200}; /* both above the batch of 32 */
    for (int i = 0; i < 2; i++) {
        wold_boot_options o;
        wold_boot_options_default(&o);
        o.replicates = B[i];
        o.ci = WOLD_BOOT_CI_BOTH;
        o.threads = 2;
        wold_boot *b = NULL;
        fs_arm(0, 0);
        wold_status st = wold_boot_run(&b, fx.fit, fx.listwise, fx.data, &o,
                                       NULL, NULL, NULL);
        calls[i] = fs_calls_made();
        fs_disarm();
        assert_int_equal(st, WOLD_OK);
        wold_boot_free(b);
    }
    assert_int_equal(calls[0], calls[1]);
}

/* Four resamples' moments at once allocate nothing either. */
static void batch_allocates_nothing(wold_moments_work *ws)
{
    size_t n = wold_data_n_rows(fx.data);
    double *w = malloc(4 * n * sizeof *w);
    wold_moments *m[4];
    assert_non_null(w);
    for (size_t b = 0; b < 4; b++) {
        assert_int_equal(wold_moments_copy(&m[b], fx.listwise, NULL), WOLD_OK);
        for (size_t r = 0; r < n; r++)
            w[b * n + r] = (double)((r * 5 + b * 3 + r / 7) % 3);
    }
    fs_arm(0, 0);
    wold_status st = wold_moments_reweight_batch(m, 4, fx.data, w, ws, NULL);
    long allocs = fs_calls_made();
    fs_disarm();
    assert_int_equal(st, WOLD_OK);
    assert_int_equal(allocs, 0);
    for (size_t b = 0; b < 4; b++)
        wold_moments_free(m[b]);
    free(w);
}

/* The IPMA's statistics of a replicate (its fit and moments) allocate
 * nothing: the kernel's normal equations live on the stack. */
static void ipma_replicate_allocates_nothing(void)
{
    wold_boot_extra extra;
    wold_ipma_boot_extra(fx.ipma, &extra);
    double *out = malloc(extra.n * sizeof *out);
    assert_non_null(out);
    fs_arm(0, 0);
    int rc = extra.fn(extra.user, fx.ipma_fit, fx.listwise, out);
    long allocs = fs_calls_made();
    fs_disarm();
    assert_int_equal(rc, 0);
    assert_int_equal(allocs, 0);
    const wold_ipma_row *r = wold_ipma_construct(fx.ipma, 0);
    assert_true(out[r->stat] == r->importance);
    free(out);
}

static void test_replicates_allocate_nothing(void **state)
{
    (void)state;
    wold_fit_options opt;
    wold_fit_options_default(&opt);
    const wold_model *models[] = {fx.model, fx.blocks};
    for (size_t k = 0; k < 2; k++) {
        wold_moments_work *ws = NULL;
        wold_moments *m = NULL;
        wold_fit_work *w = NULL;
        assert_int_equal(wold_moments_work_alloc(&ws, fx.listwise, fx.data,
                                                 NULL),
                         WOLD_OK);
        assert_int_equal(wold_moments_copy(&m, fx.listwise, NULL), WOLD_OK);
        assert_int_equal(wold_fit_work_alloc(&w, models[k], &opt, NULL),
                         WOLD_OK);
        replicates(ws, m, w, wold_fit_weights(fx.fit));
        replicates(ws, m, w, NULL);
        batch_allocates_nothing(ws);
        wold_fit_work_free(w);
        wold_moments_free(m);
        wold_moments_work_free(ws);
    }
    ipma_replicate_allocates_nothing();
}

int main(void)
{
    enum { N = sizeof cases / sizeof cases[0] };
    struct CMUnitTest tests[N + 3];
    for (size_t i = 0; i < N; i++) {
        memset(&tests[i], 0, sizeof tests[i]);
        tests[i].name = cases[i].name;
        tests[i].test_func = fs_run_case;
        tests[i].initial_state = (void *)&cases[i];
    }
    tests[N] = (struct CMUnitTest)cmocka_unit_test(test_too_large);
    tests[N + 1] =
        (struct CMUnitTest)cmocka_unit_test(test_replicates_allocate_nothing);
    tests[N + 2] =
        (struct CMUnitTest)cmocka_unit_test(test_boot_allocations_fixed);
    int failed = _cmocka_run_group_tests("faultsim", tests, N + 3, fx_setup,
                                         fx_teardown);
    fs_harness_free();
    nation_fixture_free();
    wm_fixture_free();
    return failed;
}
