/*
 * scores.c - LV scores, the only step after the moments that reads the
 * data again: standardise each row with the fit's means and s.d., then
 * multiply by the block-diagonal weight matrix (one dgemm per block of
 * rows).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "data/data.h"
#include "fit/fit.h"
#include "model/model.h"
#include "util/util.h"

#define WOLD_SCORES_BLOCK 1024

/* Standardises row r into dst; returns 0 when the row has a missing cell
 * and missing values are dropped listwise. */
static int prepare_row(const wold_fit *fit, const double *src, double *dst)
{
    int scaled = fit->opt.scaled;
    for (size_t i = 0; i < fit->p; i++) {
        if (isnan(src[i])) {
            if (fit->missing != WOLD_MISSING_MEAN) {
                memset(dst, 0, fit->p * sizeof *dst);
                return 0;
            }
            dst[i] = 0.0; /* the column mean, centred */
            continue;
        }
        dst[i] = (src[i] - fit->mean[i]) / (scaled ? fit->sd[i] : 1.0);
    }
    return 1;
}

wold_status wold_fit_scores(const wold_fit *fit, const wold_data *data,
                            double *out, wold_error *err)
{
    size_t p = fit->p, J = fit->J, B = WOLD_SCORES_BLOCK;
    const wold_model *md = fit->model;
    if (data->p != p)
        return WOLD_FAIL(err, WOLD_EUSAGE,
                         "scores: the data have %zu columns, the model %zu "
                         "indicators", data->p, p);
    for (size_t i = 0; i < p; i++)
        if (strcmp(data->names[i], md->mv[i].name) != 0)
            return WOLD_FAIL(err, WOLD_EUSAGE,
                             "scores: data column %zu is '%s', the model's "
                             "indicator is '%s'", i + 1, data->names[i],
                             md->mv[i].name);
    double *W = calloc(p * J, sizeof *W);
    double *X = malloc(B * p * sizeof *X);
    unsigned char *keep = malloc(B);
    if (W == NULL || X == NULL || keep == NULL) {
        free(W), free(X), free(keep);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for scores");
    }
    for (size_t i = 0; i < p; i++)
        W[i * J + md->mv[i].lv] = fit->w[i] * fit->sign[md->mv[i].lv];
    for (size_t r0 = 0; r0 < data->n; r0 += B) {
        size_t k = data->n - r0 < B ? data->n - r0 : B;
        for (size_t r = 0; r < k; r++)
            keep[r] = (unsigned char)prepare_row(
                fit, data->x + (r0 + r) * p, X + r * p);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)k, (int)J,
                    (int)p, 1.0, X, (int)p, W, (int)J, 0.0, out + r0 * J,
                    (int)J);
        for (size_t r = 0; r < k; r++)
            if (!keep[r])
                for (size_t j = 0; j < J; j++)
                    out[(r0 + r) * J + j] = NAN;
    }
    free(W), free(X), free(keep);
    return WOLD_OK;
}

void wold__fit_score_map(const wold_fit *fit, double *A, double *c)
{
    size_t p = fit->p, J = fit->J;
    const wold_model *md = fit->model;
    memset(A, 0, J * p * sizeof *A);
    for (size_t j = 0; j < J; j++)
        c[j] = 0.0;
    /* The same terms as prepare_row and the dgemm, gathered per indicator:
     * w_i sign (x_i - mean_i) / sd_i. */
    for (size_t i = 0; i < p; i++) {
        size_t j = md->mv[i].lv;
        double a = fit->w[i] * fit->sign[j] /
                   (fit->opt.scaled ? fit->sd[i] : 1.0);
        A[j * p + i] = a;
        c[j] -= a * fit->mean[i];
    }
}
