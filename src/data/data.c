/* data.c - the data set object: from a matrix, accessors, free. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "util/util.h"

void wold_csv_options_default(wold_csv_options *opt)
{
    if (opt != NULL)
        *opt = (wold_csv_options){0};
}

void wold_data_free(wold_data *data)
{
    if (data == NULL)
        return;
    if (data->names != NULL)
        for (size_t j = 0; j < data->p; j++)
            free(data->names[j]);
    free(data->names);
    free(data->x);
    free(data->w);
    free(data->w_name);
    for (size_t k = 0; data->labels != NULL && k < data->n_labels; k++) {
        wold__label *lab = &data->labels[k];
        for (size_t i = 0; i < lab->n_levels; i++)
            free(lab->levels[i]);
        free(lab->levels);
        free(lab->codes);
        free(lab->name);
    }
    free(data->labels);
    for (size_t j = 0; data->col_labels != NULL && j < data->p; j++)
        free(data->col_labels[j]);
    free(data->col_labels);
    for (size_t j = 0; data->value_labels != NULL && j < data->p; j++) {
        wold__value_labels *vl = &data->value_labels[j];
        for (size_t i = 0; i < vl->n; i++)
            free(vl->v[i].label);
        free(vl->v);
    }
    free(data->value_labels);
    free(data->source);
    free(data);
}

void wold__data_count_missing(wold_data *d, const wold_model *model)
{
    d->n_missing_cells = 0;
    d->n_incomplete_rows = 0;
    int hoc = model != NULL && wold_model_max_order(model) > 1;
    for (size_t i = 0; i < d->n; i++) {
        size_t m = 0;
        for (size_t j = 0; j < d->p; j++)
            m += isnan(d->x[i * d->p + j]) &&
                 !(hoc && wold_model_mv_repeat_of(model, j) != j);
        d->n_missing_cells += m;
        d->n_incomplete_rows += m > 0;
    }
}

wold_status wold_data_from_matrix(wold_data **out, const double *x,
                                  size_t n, size_t p,
                                  const char *const *names, wold_error *err)
{
    if (out == NULL || (x == NULL && n * p > 0) || (names == NULL && p > 0))
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "wold_data_from_matrix: out, x and names are "
                         "required");
    *out = NULL;
    for (size_t j = 0; j < p; j++)
        if (names[j] == NULL)
            return WOLD_FAIL(err, WOLD_EUSAGE,
                             "wold_data_from_matrix: name of column %zu is "
                             "NULL",
                             j + 1);
    if (p > 0 && n > SIZE_MAX / sizeof(double) / p)
        return WOLD_FAIL(err, WOLD_ENOMEM, "matrix of %zu x %zu is too large",
                         n, p);
    wold_data *d = calloc(1, sizeof *d);
    if (d == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    d->n = n;
    d->p = p;
    d->source = wold__strdup("");
    d->names = calloc(p ? p : 1, sizeof *d->names);
    d->x = malloc(n * p > 0 ? n * p * sizeof(double) : 1);
    int ok = d->source != NULL && d->names != NULL && d->x != NULL;
    for (size_t j = 0; ok && j < p; j++)
        ok = (d->names[j] = wold__strdup(names[j])) != NULL;
    if (!ok) {
        wold_data_free(d);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    }
    if (n * p > 0)
        memcpy(d->x, x, n * p * sizeof(double));
    wold__data_count_missing(d, NULL);
    *out = d;
    return WOLD_OK;
}

size_t wold_data_n_rows(const wold_data *data) { return data->n; }

size_t wold_data_n_cols(const wold_data *data) { return data->p; }

const char *wold_data_col_name(const wold_data *data, size_t col)
{
    return col < data->p ? data->names[col] : NULL;
}

const double *wold_data_values(const wold_data *data) { return data->x; }

size_t wold_data_n_missing_cells(const wold_data *data)
{
    return data->n_missing_cells;
}

size_t wold_data_n_incomplete_rows(const wold_data *data)
{
    return data->n_incomplete_rows;
}

const char *wold_data_source(const wold_data *data) { return data->source; }

const double *wold_data_weights(const wold_data *data) { return data->w; }

const char *wold_data_weights_name(const wold_data *data)
{
    return data->w_name;
}

size_t wold_data_n_labels(const wold_data *data) { return data->n_labels; }

const char *wold_data_label_name(const wold_data *data, size_t k)
{
    return k < data->n_labels ? data->labels[k].name : NULL;
}

size_t wold_data_label_n_levels(const wold_data *data, size_t k)
{
    return k < data->n_labels ? data->labels[k].n_levels : 0;
}

const char *wold_data_label_level(const wold_data *data, size_t k,
                                  size_t level)
{
    if (k >= data->n_labels || level >= data->labels[k].n_levels)
        return NULL;
    return data->labels[k].levels[level];
}

const size_t *wold_data_label_codes(const wold_data *data, size_t k)
{
    return k < data->n_labels ? data->labels[k].codes : NULL;
}

static int row_complete(const wold_data *d, size_t r)
{
    for (size_t j = 0; j < d->p; j++)
        if (isnan(d->x[r * d->p + j]))
            return 0;
    return 1;
}

double wold_data_kish_n(const wold_data *data, wold_missing missing,
                        double *total)
{
    double s = 0.0, s2 = 0.0;
    for (size_t r = 0; r < data->n; r++) {
        if (missing != WOLD_MISSING_MEAN && data->n_incomplete_rows > 0 &&
            !row_complete(data, r))
            continue;
        double w = data->w != NULL ? data->w[r] : 1.0;
        s += w;
        s2 += w * w;
    }
    if (total != NULL)
        *total = s;
    return s2 > 0.0 ? s * s / s2 : 0.0;
}
