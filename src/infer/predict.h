/* predict.h - the PLSpredict result, visible to the report writers. */
#ifndef WOLD_PREDICT_H
#define WOLD_PREDICT_H

#include <stddef.h>

#include <wold/wold.h>

struct wold_prediction {
    const wold_model *model; /* borrowed: must outlive the result */
    wold_predict_options opt;
    char *source;            /* the data's name, copied */
    size_t rows_read;        /* rows of the data */
    size_t n;                /* rows cross-validated (usable rows) */
    size_t rows_dropped, cells_imputed;
    size_t train_min, train_max; /* smallest and largest training set */
    size_t q;                /* indicators predicted */
    char *weights;           /* the data's weight column, copied, or NULL */
    double weight_total, kish_n; /* of the usable rows (weighted data) */
    wold_predict_stats *stats; /* q, in model order */
};

#endif
