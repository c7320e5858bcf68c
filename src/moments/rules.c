/*
 * rules.c - moments from the sufficient statistics under each
 * missing-value rule (docs/methods.md, "Moments", "Pairwise deletion").
 *
 * For a pair of columns (i, j) the rows with both present are the
 * complete rows and the incomplete rows with both present; their weight
 * W_ij, means and cross-product M_ij combine the two parts with Chan's
 * update.  Then, with m_i the mean of column i's present values:
 *   listwise: the complete rows' totals alone;
 *   mean:     S_ij = [M_ij + W_ij (mean_i|ij - m_i)(mean_j|ij - m_j)] / W,
 *             W the weight of all rows, since a filled-in cell sits at
 *             m_i and adds nothing to the centred cross-products;
 *   pairwise: S_ij = M_ij / W_ij.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lapacke.h>

#include "moments/moments.h"
#include "moments/sums.h"
#include "util/util.h"

/* The rows where i and j are both present: weight, the two means over
 * them and the centred cross-product. */
typedef struct pair_tot {
    double w, mi, mj, m2;
} pair_tot;

static pair_tot pair_total(const wold__stats *s, size_t p, size_t i,
                           size_t j)
{
    size_t ij = i * p + j, ji = j * p + i;
    double wa = s->wc, wb = s->pw != NULL ? s->pw[ij] : 0.0, n = wa + wb;
    if (wb == 0.0)
        return (pair_tot){wa, s->mean[i], s->mean[j], s->m2[ij]};
    if (wa == 0.0)
        return (pair_tot){wb, s->pmean[ij], s->pmean[ji], s->pm2[ij]};
    double di = s->pmean[ij] - s->mean[i], dj = s->pmean[ji] - s->mean[j];
    return (pair_tot){n, s->mean[i] + di * wb / n, s->mean[j] + dj * wb / n,
                      s->m2[ij] + s->pm2[ij] + wa * wb / n * di * dj};
}

/* Present values of column i (their weight when weighted). */
static double present(const wold__stats *s, size_t p, size_t i)
{
    return s->wc + (s->pw != NULL ? s->pw[i * p + i] : 0.0);
}

/* Appends 'name' to the list in buf. */
static void list_name(char *buf, size_t size, size_t *used, size_t k,
                      const char *name)
{
    if (*used >= size)
        return;
    int w = wold__format_text(buf + *used, size - *used, "%s'%s'",
                              k ? ", " : "", name);
    *used += w > 0 ? (size_t)w : 0;
}

/* The columns with no present value (of positive weight), listed in buf;
 * returns how many. */
static size_t empty_columns(const wold__stats *s, size_t p,
                            char *const *names, char *buf, size_t size)
{
    size_t used = 0, empty = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < p; i++)
        if (!(present(s, p, i) > 0.0)) {
            list_name(buf, size, &used, empty, names[i]);
            empty++;
        }
    return empty;
}

static wold_status no_mean(size_t empty, const char *cols, int weighted,
                           const char *source, wold_error *err)
{
    return wold__raise(err, WOLD_EINPUT, source, 0, 0, NULL, 0,
                       "%s %s %s no observed %s, so %s no mean to fill in",
                       empty == 1 ? "column" : "columns", cols,
                       empty == 1 ? "has" : "have",
                       weighted ? "value of positive weight" : "values",
                       empty == 1 ? "it has" : "they have");
}

/* The three columns with the most missing cells, most first (the first
 * of equals), with their counts. */
static void worst_columns(const wold__stats *s, size_t p, char *const *names,
                          char *buf, size_t size)
{
    size_t used = 0, taken[3], shown = 0;
    buf[0] = '\0';
    while (shown < 3 && used < size) {
        size_t best = (size_t)-1, most = 0;
        for (size_t i = 0; i < p; i++) {
            int seen = 0;
            for (size_t k = 0; k < shown; k++)
                seen |= taken[k] == i;
            size_t miss = s->n_rows - (size_t)present(s, p, i);
            if (!seen && miss > 0 && (best == (size_t)-1 || miss > most)) {
                best = i;
                most = miss;
            }
        }
        if (best == (size_t)-1)
            break;
        int w = wold__format_text(buf + used, size - used,
                                  "%s'%s' (%zu missing)", shown ? ", " : "",
                                  names[best], most);
        used += w > 0 ? (size_t)w : 0;
        taken[shown++] = best;
    }
}

/* Fewer than 2 rows, unweighted: wold_moments_compute's messages. */
static wold_status too_few_rows(const wold__stats *s, size_t p,
                                wold_missing missing, char *const *names,
                                const char *source, wold_error *err)
{
    size_t n = s->n_rows;
    size_t used = missing == WOLD_MISSING_MEAN ? n : s->nc;
    const char *rows = used == 1 ? "row" : "rows";
    char cols[600];
    size_t empty = n > 0 ? empty_columns(s, p, names, cols, sizeof cols) : 0;
    if (n - used == 0)
        return wold__raise(err, WOLD_EINPUT, source, 0, 0, NULL, 0,
                           "%zu usable %s: the data have %zu %s; at least 2 "
                           "are needed", used, rows, n,
                           n == 1 ? "row" : "rows");
    if (empty > 0)
        return wold__raise(err, WOLD_EINPUT, source, 0, 0, NULL, 0,
                           "%zu usable %s after listwise deletion (%zu of %zu "
                           "dropped); at least 2 are needed; %s %s %s empty",
                           used, rows, n - used, n,
                           empty == 1 ? "column" : "columns", cols,
                           empty == 1 ? "is" : "are");
    worst_columns(s, p, names, cols, sizeof cols);
    return wold__raise(err, WOLD_EINPUT, source, 0, 0, NULL, 0,
                       "%zu usable %s after listwise deletion (%zu of %zu "
                       "dropped); at least 2 are needed; the columns with the "
                       "most missing cells: %s",
                       used, rows, n - used, n, cols);
}

/* Fewer than 2 rows of positive weight: wold_moments_compute_weighted's
 * message. */
static wold_status too_few_weighted(const wold__stats *s, size_t positive,
                                    wold_missing missing, const char *source,
                                    wold_error *err)
{
    size_t used = missing == WOLD_MISSING_MEAN ? s->n_rows
                                               : s->n_rows - s->n_incomplete;
    return wold__raise(err, WOLD_EINPUT, source, 0, 0, NULL, 0,
                       "%zu usable row%s of positive weight (of %zu rows, "
                       "%zu used by the missing-value rule); at least 2 are "
                       "needed", positive, positive == 1 ? "" : "s",
                       s->n_rows, used);
}

/* The rule's own checks, in wold_moments_compute's order. */
static wold_status check_rows(const wold__stats *s, size_t p, int weighted,
                              wold_missing missing, char *const *names,
                              const char *source, wold_error *err)
{
    char cols[600];
    double W = s->wc + (missing == WOLD_MISSING_LISTWISE ? 0.0 : s->wi);
    if (weighted && W > WOLD__MAX_WEIGHT_TOTAL)
        return wold__raise(err, WOLD_EINPUT, source, 0, 0, NULL, 0,
                           "the weights add up to %g, more than a row count "
                           "can hold exactly (2^53 = 9.007e15): rescale "
                           "them (to the sample size, or the population)",
                           W);
    if (weighted) {
        size_t positive = missing == WOLD_MISSING_LISTWISE ? s->nc
                                                           : s->nc + s->ni;
        if (positive < 2)
            return too_few_weighted(s, positive, missing, source, err);
    }
    if (missing == WOLD_MISSING_LISTWISE) {
        if (!weighted && s->nc < 2)
            return too_few_rows(s, p, missing, names, source, err);
        return WOLD_OK;
    }
    size_t empty = empty_columns(s, p, names, cols, sizeof cols);
    if (missing == WOLD_MISSING_MEAN && empty > 0 &&
        (weighted || s->n_missing > 0))
        return no_mean(empty, cols, weighted, source, err);
    if (missing == WOLD_MISSING_MEAN && !weighted && s->n_rows < 2)
        return too_few_rows(s, p, missing, names, source, err);
    if (missing == WOLD_MISSING_PAIRWISE && empty > 0)
        return wold__raise(err, WOLD_EINPUT, source, 0, 0, NULL, 0,
                           "%s %s %s no observed %s: no covariance under "
                           "pairwise deletion",
                           empty == 1 ? "column" : "columns", cols,
                           empty == 1 ? "has" : "have",
                           weighted ? "value of positive weight" : "values");
    return WOLD_OK;
}

/* Listwise: the complete rows' totals. */
static void listwise(wold_moments *m, const wold__stats *s, size_t p)
{
    memcpy(m->mean, s->mean, p * sizeof *m->mean);
    memcpy(m->m2, s->m2, p * p * sizeof *m->m2);
    memcpy(m->min, s->cmin, p * sizeof *m->min);
    memcpy(m->max, s->cmax, p * sizeof *m->max);
    m->wsum = s->wc;
    m->rows_dropped = s->n_incomplete;
}

/* Mean replacement: the cross-products about the columns' means. */
static void mean_filled(wold_moments *m, const wold__stats *s, size_t p)
{
    for (size_t i = 0; i < p; i++)
        m->mean[i] = pair_total(s, p, i, i).mi;
    for (size_t i = 0; i < p; i++)
        for (size_t j = i; j < p; j++) {
            pair_tot t = pair_total(s, p, i, j);
            double v = t.m2 + t.w * (t.mi - m->mean[i]) * (t.mj - m->mean[j]);
            m->m2[i * p + j] = m->m2[j * p + i] = v;
        }
    memcpy(m->min, s->amin, p * sizeof *m->min);
    memcpy(m->max, s->amax, p * sizeof *m->max);
    m->wsum = s->wc + s->wi;
    m->cells_imputed = s->n_missing;
}

/* Pairwise deletion: each covariance over its pair's rows; the weight is
 * the smallest pair's, and m2 is cov times it (so that cov = m2 / W). */
static void pairwise(wold_moments *m, const wold__stats *s, size_t p,
                     size_t *pair)
{
    double wmin = INFINITY;
    for (size_t i = 0; i < p; i++)
        m->mean[i] = pair_total(s, p, i, i).mi;
    for (size_t i = 0; i < p; i++)
        for (size_t j = i; j < p; j++) {
            pair_tot t = pair_total(s, p, i, j);
            m->cov[i * p + j] = m->cov[j * p + i] = t.m2 / t.w;
            if (t.w < wmin) {
                wmin = t.w;
                pair[0] = i;
                pair[1] = j;
            }
        }
    /* A column seen as rarely as the rarest pair is the one to name. */
    for (size_t i = p; i-- > 0;)
        if (pair_total(s, p, i, i).w == wmin)
            pair[0] = pair[1] = i;
    for (size_t k = 0; k < p * p; k++)
        m->m2[k] = m->cov[k] * wmin;
    memcpy(m->min, s->amin, p * sizeof *m->min);
    memcpy(m->max, s->amax, p * sizeof *m->max);
    m->wsum = p > 0 ? wmin : 0.0;
}

/* A column of one value gets that mean and exactly zero variance and
 * covariances (rounding in the sums may have missed them); no rounding
 * makes a variance negative. */
static void settle(wold_moments *m, size_t p)
{
    for (size_t i = 0; i < p; i++) {
        if (m->m2[i * p + i] < 0.0)
            m->m2[i * p + i] = 0.0;
        if (!(m->min[i] == m->max[i]))
            continue;
        m->mean[i] = m->min[i];
        for (size_t j = 0; j < p; j++)
            m->m2[i * p + j] = m->m2[j * p + i] = 0.0;
    }
}

/* cov and sd from m2 (listwise and mean), or m2 and sd from cov
 * (pairwise, whose divisors differ by pair). */
static void finish(wold_moments *m, size_t p, wold_missing missing)
{
    if (missing != WOLD_MISSING_PAIRWISE) {
        wold__moments_finish(m);
        return;
    }
    for (size_t i = 0; i < p; i++) {
        if (m->cov[i * p + i] < 0.0)
            m->cov[i * p + i] = 0.0;
        if (m->min[i] == m->max[i])
            for (size_t j = 0; j < p; j++)
                m->cov[i * p + j] = m->cov[j * p + i] = 0.0;
    }
    for (size_t i = 0; i < p; i++)
        m->sd[i] = sqrt(m->cov[i * p + i]);
}

/* The smallest eigenvalue of the correlation matrix of m's columns of
 * positive variance (a pairwise matrix need not be positive
 * semi-definite); WOLD_ENOMEM. */
static wold_status smallest_eigenvalue(wold_moments *m, size_t p,
                                       wold_error *err)
{
    size_t q = 0;
    for (size_t i = 0; i < p; i++)
        q += m->sd[i] > 0.0;
    if (q == 0)
        return WOLD_OK;
    double *R = malloc(q * q * sizeof *R), *eig = malloc(q * sizeof *eig);
    if (R == NULL || eig == NULL) {
        free(R), free(eig);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for moments");
    }
    size_t a = 0;
    for (size_t i = 0; i < p; i++) {
        if (!(m->sd[i] > 0.0))
            continue;
        size_t b = 0;
        for (size_t j = 0; j < p; j++)
            if (m->sd[j] > 0.0)
                R[a * q + b++] = m->cov[i * p + j] / (m->sd[i] * m->sd[j]);
        a++;
    }
    lapack_int info = LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'N', 'U', (lapack_int)q,
                                    R, (lapack_int)q, eig);
    m->min_eig = info == 0 ? eig[0] : NAN; /* ascending */
    free(R), free(eig);
    return info < 0 || info == LAPACK_WORK_MEMORY_ERROR
               ? WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for moments")
               : WOLD_OK;
}

static wold_status too_few_pairs(const wold_moments *m, const size_t *pair,
                                 char *const *names, const char *source,
                                 wold_error *err)
{
    if (pair[0] == pair[1])
        return wold__raise(err, WOLD_EINPUT, source, 0, 0, NULL, 0,
                           "%zu usable %s for column '%s' under pairwise "
                           "deletion; at least 2 are needed", m->n,
                           m->n == 1 ? "row" : "rows", names[pair[0]]);
    return wold__raise(err, WOLD_EINPUT, source, 0, 0, NULL, 0,
                       "%zu usable %s for the pair '%s' and '%s' (the pair "
                       "of columns present together the least) under "
                       "pairwise deletion; at least 2 are needed", m->n,
                       m->n == 1 ? "row" : "rows", names[pair[0]],
                       names[pair[1]]);
}

wold_status wold__stats_moments(wold_moments **out, const wold__stats *s,
                                size_t p, int weighted, wold_missing missing,
                                char *const *names, const char *source,
                                wold_error *err)
{
    *out = NULL;
    if (missing != WOLD_MISSING_LISTWISE && missing != WOLD_MISSING_MEAN &&
        missing != WOLD_MISSING_PAIRWISE)
        return WOLD_FAIL(err, WOLD_EUSAGE, "unknown missing-value rule %d",
                         (int)missing);
    WOLD_TRY(check_rows(s, p, weighted, missing, names, source, err));
    wold_moments *m = NULL;
    WOLD_TRY(wold__moments_alloc(&m, p, err));
    size_t pair[2] = {0, 0};
    if (missing == WOLD_MISSING_LISTWISE)
        listwise(m, s, p);
    else if (missing == WOLD_MISSING_MEAN)
        mean_filled(m, s, p);
    else
        pairwise(m, s, p, pair);
    m->missing = missing;
    m->weighted = weighted;
    m->n = wold__weight_count(m->wsum);
    settle(m, p);
    finish(m, p, missing);
    if (missing == WOLD_MISSING_PAIRWISE) {
        wold_status st = m->n < 2 ? too_few_pairs(m, pair, names, source, err)
                                  : smallest_eigenvalue(m, p, err);
        if (st != WOLD_OK) {
            wold_moments_free(m);
            return st;
        }
    }
    *out = m;
    return WOLD_OK;
}
