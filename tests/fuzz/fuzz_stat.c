/*
 * fuzz_stat.c - libFuzzer target of the SPSS, Stata and SAS reader
 * (src/data/readstat.c, docs/statfiles.md), through wold_data_read.
 *
 * The first input byte chooses the options, the rest is the file:
 * bit 0, weights from variable "w"; bit 1, label column "g"; bit 2, the
 * model "A =~ a + b / B =~ c / B ~ A" instead of every numeric variable.
 * The seeds (corpus/fuzz_stat) are small files of each kind with those
 * variables, so that mutations reach the cells, not only the headers.
 *
 * Beyond crashes and sanitizer reports it checks what a read promises: a
 * failure is a well-formed error naming the file or the model and leaves
 * no data; a success has rows, a missing-cell count equal to its NaN
 * cells, finite weights >= 0, label codes inside their levels, and
 * variable and value labels that are strings (or NULL).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

static char path[64];
static int fd = -1;
static wold_model *model;

static void remove_file(void)
{
    if (fd >= 0) {
        close(fd);
        unlink(path);
    }
    wold_model_free(model);
}

/* The one temporary file every input is written to. */
static int write_input(const uint8_t *data, size_t size)
{
    if (fd < 0) {
        strcpy(path, "/tmp/wold-fuzz-stat-XXXXXX");
        fd = mkstemp(path);
        if (fd < 0)
            return 0;
        atexit(remove_file);
        const char *text = "A =~ a + b\nB =~ c\nB ~ A\n";
        if (wold_model_parse(&model, text, strlen(text), "fuzz.wold", NULL) !=
            WOLD_OK)
            return 0;
    }
    if (ftruncate(fd, 0) != 0)
        return 0;
    for (size_t off = 0; off < size;) {
        ssize_t w = pwrite(fd, data + off, size - off, (off_t)off);
        if (w <= 0)
            return 0;
        off += (size_t)w;
    }
    return 1;
}

static void check_data(const wold_data *d)
{
    size_t n = wold_data_n_rows(d), p = wold_data_n_cols(d), nan = 0;
    FUZZ_CHECK(n > 0, "a data set without rows");
    const double *x = wold_data_values(d);
    for (size_t i = 0; i < n * p; i++)
        nan += isnan(x[i]) != 0;
    FUZZ_CHECK(nan == wold_data_n_missing_cells(d), "%zu NaN cells, %zu "
               "counted missing", nan, wold_data_n_missing_cells(d));
    const double *w = wold_data_weights(d);
    for (size_t r = 0; w != NULL && r < n; r++)
        FUZZ_CHECK(isfinite(w[r]) && w[r] >= 0, "weight %g in row %zu", w[r],
                   r + 1);
    for (size_t k = 0; k < wold_data_n_labels(d); k++) {
        size_t levels = wold_data_label_n_levels(d, k);
        for (size_t r = 0; r < n; r++)
            FUZZ_CHECK(wold_data_label_codes(d, k)[r] < levels,
                       "label code past the levels in row %zu", r + 1);
        for (size_t l = 0; l < levels; l++)
            FUZZ_CHECK(wold_data_label_level(d, k, l)[0] != '\0',
                       "an empty level");
    }
    for (size_t j = 0; j < p; j++) {
        const char *s = wold_data_col_label(d, j);
        FUZZ_CHECK(s == NULL || strlen(s) < ((size_t)1 << 20), "label");
        for (size_t r = 0; r < n && r < 16; r++) {
            s = wold_data_value_label(d, j, x[r * p + j]);
            FUZZ_CHECK(s == NULL || strlen(s) < ((size_t)1 << 20), "label");
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || !write_input(data + 1, size - 1) || model == NULL)
        return 0;
    const char *labels[] = {"g"};
    wold_csv_options opt;
    wold_csv_options_default(&opt);
    opt.weights = data[0] & 1 ? "w" : NULL;
    opt.labels = data[0] & 2 ? labels : NULL;
    opt.n_labels = (data[0] & 2) != 0;
    opt.threads = 1;
    wold_data *d = NULL;
    wold_error err;
    wold_status st = wold_data_read(&d, path, data[0] & 4 ? model : NULL,
                                    &opt, &err);
    const char *files[] = {path, "fuzz.wold", NULL};
    if (st != WOLD_OK) {
        FUZZ_CHECK(d == NULL, "a failed read returned data");
        /* CSV errors count lines of the text, a statistical file's are
         * 0, and the model's are its 3. */
        long lines = fuzz_count_lines((const char *)data + 1, size - 1);
        fuzz_check_error(st, &err, files, lines > 3 ? lines : 3);
        return 0;
    }
    check_data(d);
    wold_data_free(d);
    return 0;
}
