/*
 * boot.c - the indices as extra statistics of the bootstrap
 * (wold_boot_extra): each replicate's index of every LV that has one in
 * the full-sample fit, from the replicate's own weights and moments.  The
 * bootstrap (src/infer) calls back into here; it never includes src/csi.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csi/csi.h"
#include "fit/fit.h"
#include "model/model.h"
#include "util/util.h"

struct wold_index_boot {
    wold_boot_extra extra;
    const wold_index *ix;
    size_t *lv;          /* extra.n: the LV of each statistic */
    char **labels;       /* extra.n: "index:SAT" */
};

/* The replicate's indices: a block whose weights turn negative in this
 * resample has no index there (NaN), which leaves the replicate itself
 * usable for the other statistics. */
static int index_stats(void *user, const wold_fit *fit,
                       const wold_moments *mo, double *out)
{
    const wold_index_boot *ib = user;
    for (size_t k = 0; k < ib->extra.n; k++) {
        wold__index_lv r;
        wold__index_block(fit, mo, ib->ix->mv_lo, ib->ix->mv_hi, ib->lv[k],
                          NULL, &r);
        out[k] = r.value;
    }
    return 0;
}

void wold_index_boot_free(wold_index_boot *ib)
{
    if (ib == NULL)
        return;
    for (size_t k = 0; ib->labels != NULL && k < ib->extra.n; k++)
        free(ib->labels[k]);
    free(ib->labels);
    free(ib->lv);
    free(ib);
}

static int add_labels(wold_index_boot *ib, const wold_model *md)
{
    for (size_t k = 0; k < ib->extra.n; k++) {
        const char *name = md->lv[ib->lv[k]].name;
        size_t len = strlen(name) + sizeof "index:";
        ib->labels[k] = malloc(len);
        if (ib->labels[k] == NULL)
            return -1;
        snprintf(ib->labels[k], len, "index:%s", name);
    }
    return 0;
}

wold_status wold_index_boot_alloc(wold_index_boot **out, const wold_index *ix,
                                  wold_error *err)
{
    *out = NULL;
    wold_index_boot *ib = calloc(1, sizeof *ib);
    size_t n = ix->n_index ? ix->n_index : 1;
    if (ib != NULL) {
        ib->lv = malloc(n * sizeof *ib->lv);
        ib->labels = calloc(n, sizeof *ib->labels);
    }
    if (ib == NULL || ib->lv == NULL || ib->labels == NULL) {
        wold_index_boot_free(ib);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the index's "
                         "bootstrap");
    }
    ib->ix = ix;
    for (size_t j = 0; j < ix->J; j++)
        if (ix->lv[j].why == WOLD__INDEX_OK)
            ib->lv[ib->extra.n++] = j;
    if (add_labels(ib, ix->fit->model) != 0) {
        wold_index_boot_free(ib);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the index's "
                         "bootstrap");
    }
    ib->extra.labels = (const char *const *)ib->labels;
    ib->extra.fn = index_stats;
    ib->extra.user = ib;
    *out = ib;
    return WOLD_OK;
}

const wold_boot_extra *wold_index_boot_extra(const wold_index_boot *ib)
{
    return &ib->extra;
}
