/*
 * layout.c - the units of a wave from the data's label columns: companies
 * (the --group column's values in order of first appearance), the
 * industry and sector each belongs to (checked to be nested), the rows of
 * each company, and the weights of the aggregation from the revenue and
 * sector-weight files, every company and sector matched against them.
 */
#include <stdlib.h>
#include <string.h>

#include "csi/nation.h"
#include "util/util.h"

void wold__layout_clear(wold__layout *lay)
{
    for (size_t k = 0; lay->comp_name != NULL && k < lay->n_comp; k++)
        free(lay->comp_name[k]);
    for (size_t k = 0; lay->ind_name != NULL && k < lay->n_ind; k++)
        free(lay->ind_name[k]);
    for (size_t k = 0; lay->sec_name != NULL && k < lay->n_sec; k++)
        free(lay->sec_name[k]);
    free(lay->comp_name);
    free(lay->ind_name);
    free(lay->sec_name);
    free(lay->comp_ind);
    free(lay->ind_sec);
    free(lay->row_start);
    free(lay->rows);
    free(lay->comp_w);
    free(lay->ind_w);
    free(lay->sec_w);
    memset(lay, 0, sizeof *lay);
}

/* The label column named name, or (size_t)-1. */
static size_t label_index(const wold_data *data, const char *name)
{
    for (size_t k = 0; k < wold_data_n_labels(data); k++)
        if (strcmp(wold_data_label_name(data, k), name) == 0)
            return k;
    return (size_t)-1;
}

static wold_status find_label(const wold_data *data, const char *name,
                              const char *opt, size_t *out, wold_error *err)
{
    *out = (size_t)-1;
    if (name == NULL)
        return WOLD_OK;
    *out = label_index(data, name);
    if (*out == (size_t)-1)
        return WOLD_FAIL(err, WOLD_EUSAGE, "%s %s: the data were not read "
                         "with '%s' as a label column", opt, name, name);
    return WOLD_OK;
}

/* Copies the levels of label k (or the one name "all" when k is none). */
static wold_status copy_names(const wold_data *data, size_t k, char ***out,
                              size_t *n, wold_error *err)
{
    *n = k == (size_t)-1 ? 1 : wold_data_label_n_levels(data, k);
    *out = calloc(*n, sizeof **out);
    if (*out == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    for (size_t l = 0; l < *n; l++) {
        (*out)[l] = wold__strdup(k == (size_t)-1
                                     ? "all"
                                     : wold_data_label_level(data, k, l));
        if ((*out)[l] == NULL)
            return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    }
    return WOLD_OK;
}

/*
 * parent[c] = the code of label `up` on the rows of child c (label
 * `down`), checking that every row of a child names the same parent.
 */
static wold_status nest(const wold_data *data, size_t down, size_t up,
                        size_t n_child, size_t *parent, wold_error *err)
{
    size_t n = wold_data_n_rows(data);
    if (up == (size_t)-1) {
        memset(parent, 0, n_child * sizeof *parent);
        return WOLD_OK;
    }
    const size_t *cd = wold_data_label_codes(data, down);
    const size_t *cu = wold_data_label_codes(data, up);
    size_t *first = malloc(n_child * sizeof *first);
    if (first == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    for (size_t c = 0; c < n_child; c++)
        first[c] = (size_t)-1;
    wold_status st = WOLD_OK;
    for (size_t r = 0; r < n && st == WOLD_OK; r++) {
        size_t c = cd[r];
        if (first[c] == (size_t)-1) {
            first[c] = r;
            parent[c] = cu[r];
        } else if (parent[c] != cu[r]) {
            st = wold__raise(
                err, WOLD_EINPUT, wold_data_source(data), 0, 0, NULL, 0,
                "%s '%s' has two values in column %s, '%s' (data row %zu) "
                "and '%s' (data row %zu): a company belongs to one "
                "industry, an industry to one sector",
                wold_data_label_name(data, down),
                wold_data_label_level(data, down, c),
                wold_data_label_name(data, up),
                wold_data_label_level(data, up, parent[c]), first[c] + 1,
                wold_data_label_level(data, up, cu[r]), r + 1);
        }
    }
    free(first);
    return st;
}

/* The rows of each company, in data order (a counting sort). */
static wold_status company_rows(wold__layout *lay, const size_t *codes,
                                size_t n, wold_error *err)
{
    lay->row_start = calloc(lay->n_comp + 1, sizeof *lay->row_start);
    lay->rows = malloc((n ? n : 1) * sizeof *lay->rows);
    if (lay->row_start == NULL || lay->rows == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    for (size_t r = 0; r < n; r++)
        lay->row_start[codes[r] + 1]++;
    for (size_t c = 0; c < lay->n_comp; c++)
        lay->row_start[c + 1] += lay->row_start[c];
    size_t *fill = malloc((lay->n_comp ? lay->n_comp : 1) * sizeof *fill);
    if (fill == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    memcpy(fill, lay->row_start, lay->n_comp * sizeof *fill);
    for (size_t r = 0; r < n; r++)
        lay->rows[fill[codes[r]]++] = r;
    free(fill);
    return WOLD_OK;
}

/* Each company's revenue, every company and every row matched. */
static wold_status revenues(wold__layout *lay, const wold_nation_table *t,
                            const char *group, wold_error *err)
{
    for (size_t c = 0; c < lay->n_comp; c++)
        lay->comp_w[c] = 1.0;
    if (t == NULL)
        return WOLD_OK;
    lay->by_revenue = 1;
    for (size_t k = 0; k < t->n; k++)
        t->rows[k].matched = 0;
    for (size_t c = 0; c < lay->n_comp; c++) {
        wold__table_row *row = wold__table_find(t, lay->comp_name[c]);
        if (row == NULL)
            return wold__raise(err, WOLD_EINPUT, t->file, 0, 0, NULL, 0,
                               "company '%s' of the data (column %s) has no "
                               "revenue: every company needs a row",
                               lay->comp_name[c], group);
        row->matched = 1;
        lay->comp_w[c] = row->value;
    }
    for (size_t k = 0; k < t->n; k++)
        if (!t->rows[k].matched)
            return wold__table_error(t, k, 0, err, "company '%s' has a "
                                     "revenue but no rows in the data "
                                     "(column %s)", t->rows[k].name, group);
    return WOLD_OK;
}

/* Industry revenue, then the sectors' weights (file, or revenue). */
static wold_status sector_weights(wold__layout *lay,
                                  const wold_nation_table *t,
                                  const char *sector, wold_error *err)
{
    for (size_t i = 0; i < lay->n_ind; i++)
        lay->ind_w[i] = 0;
    for (size_t c = 0; c < lay->n_comp; c++)
        lay->ind_w[lay->comp_ind[c]] += lay->comp_w[c];
    for (size_t s = 0; s < lay->n_sec; s++)
        lay->sec_w[s] = 0;
    for (size_t i = 0; i < lay->n_ind; i++)
        lay->sec_w[lay->ind_sec[i]] += lay->ind_w[i];
    if (t == NULL)
        return WOLD_OK;
    lay->sector_weights = 1;
    for (size_t k = 0; k < t->n; k++)
        t->rows[k].matched = 0;
    for (size_t s = 0; s < lay->n_sec; s++) {
        wold__table_row *row = wold__table_find(t, lay->sec_name[s]);
        if (row == NULL)
            return wold__raise(err, WOLD_EINPUT, t->file, 0, 0, NULL, 0,
                               "sector '%s' of the data (column %s) has no "
                               "weight: every sector needs a row",
                               lay->sec_name[s], sector);
        row->matched = 1;
        lay->sec_w[s] = row->value;
    }
    for (size_t k = 0; k < t->n; k++)
        if (!t->rows[k].matched)
            return wold__table_error(t, k, 0, err, "sector '%s' has a weight "
                                     "but is not in the data (column %s)",
                                     t->rows[k].name, sector);
    return WOLD_OK;
}

static wold_status alloc_arrays(wold__layout *lay, wold_error *err)
{
    size_t nc = lay->n_comp ? lay->n_comp : 1;
    lay->comp_ind = malloc(nc * sizeof *lay->comp_ind);
    lay->comp_w = malloc(nc * sizeof *lay->comp_w);
    lay->ind_sec = malloc(lay->n_ind * sizeof *lay->ind_sec);
    lay->ind_w = malloc(lay->n_ind * sizeof *lay->ind_w);
    lay->sec_w = malloc(lay->n_sec * sizeof *lay->sec_w);
    if (lay->comp_ind == NULL || lay->comp_w == NULL ||
        lay->ind_sec == NULL || lay->ind_w == NULL || lay->sec_w == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory");
    return WOLD_OK;
}

static wold_status build(wold__layout *lay, const wold_data *data,
                         const wold_nation_options *opt, wold_error *err)
{
    size_t kg, ki, ks;
    if (opt->group == NULL)
        return WOLD_FAIL(err, WOLD_EUSAGE, "--group: the column of the "
                         "companies is required");
    WOLD_TRY(find_label(data, opt->group, "--group", &kg, err));
    WOLD_TRY(find_label(data, opt->industry, "--industry", &ki, err));
    WOLD_TRY(find_label(data, opt->sector, "--sector", &ks, err));
    if (opt->sector_weights != NULL && ks == (size_t)-1)
        return WOLD_FAIL(err, WOLD_EUSAGE, "--sector-weights needs "
                         "--sector: the column of the sectors");
    WOLD_TRY(copy_names(data, kg, &lay->comp_name, &lay->n_comp, err));
    WOLD_TRY(copy_names(data, ki, &lay->ind_name, &lay->n_ind, err));
    WOLD_TRY(copy_names(data, ks, &lay->sec_name, &lay->n_sec, err));
    WOLD_TRY(alloc_arrays(lay, err));
    WOLD_TRY(nest(data, kg, ki, lay->n_comp, lay->comp_ind, err));
    /* Without an industry column the one industry holds every sector's
     * companies, so sectors nest in nothing: one sector too. */
    if (ki == (size_t)-1 && ks != (size_t)-1)
        return WOLD_FAIL(err, WOLD_EUSAGE, "--sector needs --industry: "
                         "sectors are made of industries");
    WOLD_TRY(nest(data, ki == (size_t)-1 ? kg : ki, ks, lay->n_ind,
                  lay->ind_sec, err));
    WOLD_TRY(company_rows(lay, wold_data_label_codes(data, kg),
                          wold_data_n_rows(data), err));
    WOLD_TRY(revenues(lay, opt->revenue, opt->group, err));
    return sector_weights(lay, opt->sector_weights, opt->sector, err);
}

wold_status wold__layout_build(wold__layout *lay, const wold_data *data,
                               const wold_nation_options *opt,
                               wold_error *err)
{
    memset(lay, 0, sizeof *lay);
    wold_status st = build(lay, data, opt, err);
    if (st != WOLD_OK)
        wold__layout_clear(lay);
    return st;
}
