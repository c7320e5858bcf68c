/*
 * stats.c - the sufficient statistics of some rows (wold__stats), the
 * kernel under wold_sums.
 *
 * Complete rows are gathered into blocks of WOLD__STATS_BLOCK rows; each
 * block is centred on its own (weighted) mean, its rows scaled by
 * sqrt(weight), multiplied with cblas_dsyrk and merged into the running
 * totals with the update of Chan, Golub and LeVeque (1979), as
 * wold__moments_add_block does: centring first keeps the cross-products
 * accurate when the means are large next to the spread.  An unweighted
 * block of small integers is multiplied exactly instead (exact.c), with
 * the same mean and merge.  Incomplete rows of the block go into pairwise
 * totals: for every pair of columns, the weight of the rows with both
 * present, both columns' means over them and their centred
 * cross-product, from three BLAS products of the block's shifted values
 * and masks (add_incomplete), merged with the same update pair by pair.  Two stats merge with the same formulas, so blocks,
 * chunks, threads and files all combine alike.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "moments/exact.h"
#include "moments/sums.h"
#include "util/util.h"

/* The work: the complete rows' weights (B), a block's p x p products
 * (4: the complete rows' one, the incomplete rows' W, S and Q), p means
 * and shifts, and the incomplete rows' shifted values and masks (B x p
 * each)... */
static size_t dsyrk_work(size_t p)
{
    return WOLD__STATS_BLOCK * (1 + 2 * p) + 4 * p * p + 2 * p;
}

/* ... and after them the exact kernel's packed block. */
size_t wold__stats_work_size(size_t p)
{
    return dsyrk_work(p) + (wold__exact_bytes(p) + 7) / 8;
}

static double *nan_array(size_t p)
{
    double *a = malloc((p ? p : 1) * sizeof *a);
    for (size_t i = 0; a != NULL && i < p; i++)
        a[i] = NAN;
    return a;
}

wold_status wold__stats_init(wold__stats *s, size_t p)
{
    memset(s, 0, sizeof *s);
    size_t q = p ? p : 1;
    s->mean = calloc(q, sizeof *s->mean);
    s->m2 = calloc(q * q, sizeof *s->m2);
    s->cmin = nan_array(p);
    s->cmax = nan_array(p);
    s->amin = nan_array(p);
    s->amax = nan_array(p);
    if (!s->mean || !s->m2 || !s->cmin || !s->cmax || !s->amin ||
        !s->amax) {
        wold__stats_free(s);
        return WOLD_ENOMEM;
    }
    return WOLD_OK;
}

void wold__stats_free(wold__stats *s)
{
    if (s == NULL)
        return;
    free(s->mean), free(s->m2), free(s->cmin), free(s->cmax);
    free(s->pw), free(s->pmean), free(s->pm2), free(s->amin), free(s->amax);
    memset(s, 0, sizeof *s);
}

/* The pairwise arrays, zero: the first incomplete row needs them. */
static wold_status pairwise_alloc(wold__stats *s, size_t p)
{
    size_t q = p ? p * p : 1;
    s->pw = calloc(q, sizeof *s->pw);
    s->pmean = calloc(q, sizeof *s->pmean);
    s->pm2 = calloc(q, sizeof *s->pm2);
    if (s->pw && s->pmean && s->pm2)
        return WOLD_OK;
    free(s->pw), free(s->pmean), free(s->pm2);
    s->pw = s->pmean = s->pm2 = NULL;
    return WOLD_ENOMEM;
}

wold_status wold__stats_copy(wold__stats *dst, const wold__stats *src,
                             size_t p)
{
    WOLD_TRY(wold__stats_init(dst, p));
    if (src->pw != NULL && pairwise_alloc(dst, p) != WOLD_OK) {
        wold__stats_free(dst);
        return WOLD_ENOMEM;
    }
    wold__stats keep = *dst;
    *dst = *src;
    dst->mean = memcpy(keep.mean, src->mean, p * sizeof *src->mean);
    dst->m2 = memcpy(keep.m2, src->m2, p * p * sizeof *src->m2);
    dst->cmin = memcpy(keep.cmin, src->cmin, p * sizeof *src->cmin);
    dst->cmax = memcpy(keep.cmax, src->cmax, p * sizeof *src->cmax);
    dst->amin = memcpy(keep.amin, src->amin, p * sizeof *src->amin);
    dst->amax = memcpy(keep.amax, src->amax, p * sizeof *src->amax);
    dst->pw = dst->pmean = dst->pm2 = NULL;
    if (src->pw != NULL) {
        dst->pw = memcpy(keep.pw, src->pw, p * p * sizeof *src->pw);
        dst->pmean = memcpy(keep.pmean, src->pmean, p * p * sizeof *src->pmean);
        dst->pm2 = memcpy(keep.pm2, src->pm2, p * p * sizeof *src->pm2);
    }
    return WOLD_OK;
}

/* Chan's update of the complete rows' totals of a by a block or another
 * stats of weight wb, mean mb and cross-products m2b (upper triangle
 * read); a's upper triangle is updated and mirrored.  The arithmetic is
 * wold__moments_add_block's merge, term for term. */
static void merge_complete(wold__stats *a, size_t p, size_t nb, double wb,
                           const double *mb, const double *m2b)
{
    double na = a->wc, n = na + wb;
    double f = na * wb / n;
    for (size_t i = 0; i < p; i++)
        for (size_t j = i; j < p; j++)
            a->m2[i * p + j] += m2b[i * p + j] +
                                f * (mb[i] - a->mean[i]) * (mb[j] - a->mean[j]);
    for (size_t i = 0; i < p; i++)
        a->mean[i] += (mb[i] - a->mean[i]) * wb / n;
    for (size_t i = 0; i < p; i++)
        for (size_t j = i + 1; j < p; j++)
            a->m2[j * p + i] = a->m2[i * p + j];
    a->nc += nb;
    a->wc = n;
}

/* fmin and fmax (a NaN on either side gives the other), written out:
 * the library calls cost a fifth of a streamed fit. */
static void widen(double *lo, double *hi, const double *x, size_t p)
{
    for (size_t i = 0; i < p; i++) {
        double v = x[i];
        lo[i] = v < lo[i] || lo[i] != lo[i] ? v : lo[i];
        hi[i] = v > hi[i] || hi[i] != hi[i] ? v : hi[i];
    }
}

/* The block's range (lo, hi: 2 p scratch, holding it) into both of s's
 * ranges. */
static void block_range(wold__stats *s, size_t p, const double *lo,
                        const double *hi)
{
    widen(s->cmin, s->cmax, lo, p);
    widen(s->cmin, s->cmax, hi, p);
    widen(s->amin, s->amax, lo, p);
    widen(s->amin, s->amax, hi, p);
}

/* The first pass over the k rows of block x (weights w, NULL: 1 each):
 * the (weighted) column sums into bsum, the range into lo and hi, the
 * total weight returned.  A NaN cell makes its column's sum NaN. */
WOLD_CLONES_AVX2
static double block_sums(size_t p, const double *x, const double *w,
                         size_t k, double *bsum, double *lo, double *hi)
{
    double W = 0.0;
    memset(bsum, 0, p * sizeof *bsum);
    memcpy(lo, x, p * sizeof *lo);
    memcpy(hi, x, p * sizeof *hi);
    /* The range rides on the pass that sums the mean. */
    if (w == NULL) {
        W = (double)k;
        for (size_t r = 0; r < k; r++)
            for (size_t i = 0; i < p; i++) {
                double v = x[r * p + i];
                bsum[i] += v;
                lo[i] = v < lo[i] ? v : lo[i];
                hi[i] = v > hi[i] ? v : hi[i];
            }
    }
    for (size_t r = 0; w != NULL && r < k; r++) {
        W += w[r];
        for (size_t i = 0; i < p; i++) {
            double v = x[r * p + i];
            bsum[i] += w[r] * v;
            lo[i] = v < lo[i] ? v : lo[i];
            hi[i] = v > hi[i] ? v : hi[i];
        }
    }
    return W;
}

/* Rows x of the block minus the mean m. */
WOLD_CLONES_AVX2
static void centre(size_t p, double *x, size_t k, const double *m)
{
    for (size_t r = 0; r < k; r++)
        for (size_t i = 0; i < p; i++)
            x[r * p + i] -= m[i];
}

/* The rest of add_block, after block_sums gave bmean (the sums, made
 * the mean here), lo, hi and W. */
static void add_summed(wold__stats *s, size_t p, double *x, const double *w,
                       size_t k, double W, double *bm2, double *bmean,
                       const double *lo, const double *hi)
{
    block_range(s, p, lo, hi);
    for (size_t i = 0; i < p; i++)
        bmean[i] /= W;
    if (w == NULL)
        centre(p, x, k, bmean);
    for (size_t r = 0; w != NULL && r < k; r++) {
        double sw = sqrt(w[r]);
        for (size_t i = 0; i < p; i++)
            x[r * p + i] = sw * (x[r * p + i] - bmean[i]);
    }
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)p, (int)k, 1.0, x,
                (int)p, 0.0, bm2, (int)p);
    merge_complete(s, p, k, W, bmean, bm2);
}

/* Unweighted rows of small integers (Likert items): their first pass
 * and exact products (exact.c), merged as add_summed does; 0 (nothing
 * added) when the rows are not such. */
static int add_exact(wold__stats *s, size_t p, const double *x, size_t k,
                     double *bm2, double *bmean, double *lo, double *hi,
                     void *exact_work)
{
    if (!wold__exact_block(wold__exact_best(), p, x, k, exact_work, bmean,
                           lo, hi, bm2))
        return 0;
    block_range(s, p, lo, hi);
    for (size_t i = 0; i < p; i++)
        bmean[i] /= (double)k;
    merge_complete(s, p, k, (double)k, bmean, bm2);
    return 1;
}

/* The k complete rows of block x (weights w, NULL: 1 each) into s:
 * centred on the block's mean, scaled by sqrt(w), one dsyrk. */
static void add_block(wold__stats *s, size_t p, double *x, const double *w,
                      size_t k, double *bm2, double *bmean, double *lo,
                      double *hi, void *exact_work)
{
    if (w == NULL && add_exact(s, p, x, k, bm2, bmean, lo, hi, exact_work))
        return;
    double W = block_sums(p, x, w, k, bmean, lo, hi);
    add_summed(s, p, x, w, k, W, bm2, bmean, lo, hi);
}

/* Chan's update of pairwise totals (weights pw, means pmean with
 * [i*p+j] column i's mean over the pair's rows, cross-products pm2) by
 * another side's (wb, mb, m2b), pair by pair; a side with no rows for a
 * pair is taken as it is. */
static void merge_pairs(wold__stats *a, size_t p, const double *wb_,
                        const double *mb, const double *m2b)
{
    for (size_t i = 0; i < p; i++)
        for (size_t j = i; j < p; j++) {
            size_t ij = i * p + j, ji = j * p + i;
            double wa = a->pw[ij], wb = wb_[ij], w = wa + wb;
            if (wb == 0.0)
                continue;
            if (wa == 0.0) {
                a->pw[ij] = a->pw[ji] = wb;
                a->pmean[ij] = mb[ij];
                a->pmean[ji] = mb[ji];
                a->pm2[ij] = a->pm2[ji] = m2b[ij];
                continue;
            }
            double di = mb[ij] - a->pmean[ij], dj = mb[ji] - a->pmean[ji];
            a->pm2[ij] += m2b[ij] + wa * wb / w * di * dj;
            a->pm2[ji] = a->pm2[ij];
            a->pmean[ij] += di * wb / w;
            if (j != i)
                a->pmean[ji] += dj * wb / w;
            a->pw[ij] = a->pw[ji] = w;
        }
}

/* The k incomplete rows of a block, given as A = sqrt(w) (x - c) with
 * missing cells 0 and M = sqrt(w) (1 where present), c a shift per
 * column (a value of it in the block, so that x - c is of the order of
 * the spread and the sums below lose nothing to cancellation).  Three
 * products give, per pair, W = M'M (weight), S = A'M (S_ij: the shifted
 * sum of column i over the pair's rows) and Q = A'A; the block's pair
 * means are c_i + S_ij / W_ij and its centred cross-products
 * Q_ij - S_ij S_ji / W_ij, merged into s with Chan's update. */
static void add_incomplete(wold__stats *s, size_t p, const double *A,
                           const double *M, size_t k, const double *c,
                           double *W, double *S, double *Q)
{
    int ip = (int)p, ik = (int)k;
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, ip, ik, 1.0, M, ip,
                0.0, W, ip);
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, ip, ik, 1.0, A, ip,
                0.0, Q, ip);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, ip, ip, ik, 1.0, A,
                ip, M, ip, 0.0, S, ip);
    for (size_t i = 0; i < p; i++)
        for (size_t j = i; j < p; j++) {
            size_t ij = i * p + j, ji = j * p + i;
            double w = W[ij];
            W[ji] = w;
            if (w == 0.0) {
                Q[ij] = Q[ji] = 0.0;
                continue;
            }
            double si = S[ij], sj = S[ji];
            Q[ij] = Q[ji] = Q[ij] - si * sj / w;
            S[ij] = c[i] + si / w; /* the pair means, in place */
            S[ji] = c[j] + sj / w;
        }
    merge_pairs(s, p, W, S, Q);
}

/* Row x (weight w > 0, some cell missing) as row r of the incomplete
 * block: shifted values and mask, both scaled by sqrt(w). */
static void put_incomplete(size_t p, const double *x, double w, double *c,
                           double *A, double *M)
{
    double sw = sqrt(w);
    for (size_t i = 0; i < p; i++) {
        if (isnan(x[i])) {
            A[i] = M[i] = 0.0;
            continue;
        }
        if (isnan(c[i]))
            c[i] = x[i]; /* the column's first value in the block */
        A[i] = sw * (x[i] - c[i]);
        M[i] = sw;
    }
}

/* A block of unweighted rows, when none is missing: straight into
 * dsyrk.  The pass that sums the mean is the check (a NaN cell leaves a
 * NaN sum), so the usual block is read once before the centring; 0
 * (nothing added) when a cell is missing, or a sum is NaN for another
 * reason (+inf and -inf in a column), for add_slice's row scan. */
static int add_complete(wold__stats *s, size_t p, double *x, size_t k,
                        double *work)
{
    double *bm2 = work + WOLD__STATS_BLOCK, *W = bm2 + p * p;
    double *bmean = W + 4 * p * p;
    if (add_exact(s, p, x, k, bm2, bmean, W, W + p, work + dsyrk_work(p))) {
        s->n_rows += k;
        s->w2c += (double)k;
        return 1;
    }
    double wt = block_sums(p, x, NULL, k, bmean, W, W + p);
    unsigned char nan = 0;
    for (size_t i = 0; i < p; i++)
        nan |= bmean[i] != bmean[i];
    if (nan)
        return 0;
    s->n_rows += k;
    s->w2c += (double)k;
    add_summed(s, p, x, NULL, k, wt, bm2, bmean, W, W + p);
    return 1;
}

/* At most one block of rows: the complete ones compacted at the front
 * of x for one dsyrk, the incomplete ones into the pairwise block. */
static wold_status add_slice(wold__stats *s, size_t p, double *x,
                             const double *w, size_t k, double *work)
{
    if (w == NULL && k > 0 && add_complete(s, p, x, k, work))
        return WOLD_OK;
    double *wc = work, *bm2 = work + WOLD__STATS_BLOCK, *W = bm2 + p * p;
    double *S = W + p * p, *Q = S + p * p, *bmean = Q + p * p, *c = bmean + p;
    double *A = c + p, *M = A + WOLD__STATS_BLOCK * p;
    size_t nc = 0, ni = 0;
    for (size_t i = 0; i < p; i++)
        c[i] = NAN; /* no shift yet */
    for (size_t r = 0; r < k; r++) {
        double *row = x + r * p, wr = w != NULL ? w[r] : 1.0;
        size_t miss = 0;
        for (size_t i = 0; i < p; i++)
            miss += row[i] != row[i]; /* NaN */
        s->n_rows++;
        s->n_missing += miss;
        s->n_incomplete += miss > 0;
        if (!(wr > 0.0))
            continue; /* a row of weight 0 takes no part */
        if (miss > 0) {
            widen(s->amin, s->amax, row, p);
            put_incomplete(p, row, wr, c, A + ni * p, M + ni * p);
            ni++;
            s->ni++;
            s->wi += wr;
            s->w2i += wr * wr;
            continue;
        }
        if (nc != r)
            memmove(x + nc * p, row, p * sizeof *row);
        wc[nc++] = wr;
        s->w2c += wr * wr;
    }
    if (nc > 0) {
        /* W is free until the incomplete rows below. */
        add_block(s, p, x, w != NULL ? wc : NULL, nc, bm2, bmean, W, W + p,
                  work + dsyrk_work(p));
    }
    if (ni == 0)
        return WOLD_OK;
    if (s->pw == NULL && pairwise_alloc(s, p) != WOLD_OK)
        return WOLD_ENOMEM;
    add_incomplete(s, p, A, M, ni, c, W, S, Q);
    return WOLD_OK;
}

wold_status wold__stats_add_rows(wold__stats *s, size_t p, double *x,
                                 const double *w, size_t k, double *work)
{
    for (size_t r0 = 0; r0 < k; r0 += WOLD__STATS_BLOCK) {
        size_t kb = k - r0 < WOLD__STATS_BLOCK ? k - r0 : WOLD__STATS_BLOCK;
        WOLD_TRY(add_slice(s, p, x + r0 * p, w != NULL ? w + r0 : NULL, kb,
                           work));
    }
    return WOLD_OK;
}

wold_status wold__stats_merge(wold__stats *a, const wold__stats *b,
                              size_t p)
{
    if (b->pw != NULL && a->pw == NULL && pairwise_alloc(a, p) != WOLD_OK)
        return WOLD_ENOMEM;
    if (b->nc > 0)
        merge_complete(a, p, b->nc, b->wc, b->mean, b->m2);
    if (b->pw != NULL)
        merge_pairs(a, p, b->pw, b->pmean, b->pm2);
    for (size_t i = 0; i < p; i++) {
        a->cmin[i] = fmin(a->cmin[i], b->cmin[i]);
        a->cmax[i] = fmax(a->cmax[i], b->cmax[i]);
        a->amin[i] = fmin(a->amin[i], b->amin[i]);
        a->amax[i] = fmax(a->amax[i], b->amax[i]);
    }
    a->n_rows += b->n_rows;
    a->n_missing += b->n_missing;
    a->n_incomplete += b->n_incomplete;
    a->ni += b->ni;
    a->wi += b->wi;
    a->w2c += b->w2c;
    a->w2i += b->w2i;
    return WOLD_OK;
}
