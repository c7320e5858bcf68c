/* data.h - the data set, visible inside the library only. */
#ifndef WOLD_DATA_H
#define WOLD_DATA_H

#include <stddef.h>

#include <wold/wold.h>

struct wold_data {
    char *source;     /* file name, "-" for stdin, "" for a matrix */
    size_t n, p;      /* rows, columns */
    char **names;     /* p column names */
    double *x;        /* n x p row-major, NaN = missing */
    size_t n_missing_cells;
    size_t n_incomplete_rows;
};

#endif
