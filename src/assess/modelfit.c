/*
 * modelfit.c - how far the indicator correlations that the model implies
 * are from the observed ones: SRMR, d_ULS and d_G (Dijkstra and Henseler
 * 2015), for the saturated model (the LV correlations as estimated) and
 * for the estimated structural model, as cSEM 0.6.1 builds them (fit(),
 * calculateSRMR, calculateDL, calculateDG).
 *
 * The implied indicator correlation of i and k (in blocks j and l) is
 * l_i l_k P_jl with the fit's loadings l and LV correlations P; within a
 * Mode B block it is the observed one (a composite does not restrict its
 * indicators), and the diagonal is 1.
 */
#include <math.h>
#include <string.h>

#include <lapacke.h>

#include "assess/assess.h"
#include "fit/fit.h"
#include "model/model.h"

/*
 * The LV correlations implied by the structural model into P (J x J):
 * eta = B eta + zeta, so Cov(eta) = (I + T) Omega (I + T)' with T the
 * total effects (I - B)^-1 - I, Omega the observed correlations of the
 * exogenous LVs and the residual variances 1 - R^2 of the endogenous
 * ones; the diagonal is then set to 1, as cSEM does.  O is J x J scratch.
 */
static void implied_lv(const wold_fit *fit, double *P, double *O)
{
    size_t J = fit->J;
    const double *C = fit->lvcor, *T = fit->total;
    for (size_t j = 0; j < J; j++)
        for (size_t k = 0; k < J; k++) {
            int ej = fit->lv[j].endogenous, ek = fit->lv[k].endogenous;
            O[j * J + k] = !ej && !ek ? C[j * J + k] : 0.0;
        }
    for (size_t k = 0; k < J; k++) {
        if (!fit->lv[k].endogenous)
            continue;
        double r2 = 0.0;
        for (size_t j = 0; j < J; j++)
            r2 += fit->paths[k * J + j] * C[k * J + j];
        O[k * J + k] = 1.0 - r2;
    }
    for (size_t a = 0; a < J; a++)
        for (size_t b = 0; b < J; b++) {
            double s = 0.0;
            for (size_t c = 0; c < J; c++) {
                double mac = T[a * J + c] + (a == c);
                if (mac == 0.0)
                    continue;
                for (size_t d = 0; d < J; d++)
                    s += mac * O[c * J + d] * (T[b * J + d] + (b == d));
            }
            P[a * J + b] = s;
        }
    for (size_t j = 0; j < J; j++)
        P[j * J + j] = 1.0;
}

/* The implied indicator correlations of LV correlations P into Sigma. */
static void implied_indicators(const wold_assess *a, const double *P,
                               double *Sigma)
{
    const wold_fit *fit = a->fit;
    const wold_model *md = fit->model;
    size_t p = a->p, J = a->J;
    for (size_t i = 0; i < p; i++)
        for (size_t k = 0; k < p; k++) {
            size_t j = md->mv[i].lv, l = md->mv[k].lv;
            double v = fit->mv[i].loading * fit->mv[k].loading * P[j * J + l];
            if (i == k)
                v = 1.0;
            else if (j == l && md->lv[j].mode == WOLD_MODE_B)
                v = a->R[i * p + k];
            Sigma[i * p + k] = v;
        }
}

/*
 * The three distances of Sigma from the observed correlations R.  d_G
 * uses the eigenvalues of R^-1 Sigma (the generalised problem
 * Sigma x = phi R x) and, as cSEM 0.6.1, base-10 logarithms; NaN when an
 * eigenvalue is not positive.  work: 2 p^2 + 4 p doubles.
 */
static void distances(const double *R, const double *Sigma, size_t p,
                      wold_model_fit *out, double *work)
{
    double lower = 0.0, all = 0.0;
    for (size_t i = 0; i < p; i++)
        for (size_t k = 0; k < p; k++) {
            double d = R[i * p + k] - Sigma[i * p + k];
            all += d * d;
            if (k <= i)
                lower += d * d;
        }
    out->srmr = sqrt(lower / ((double)p * ((double)p + 1.0) / 2.0));
    out->d_uls = 0.5 * all;
    double *A = work, *B = A + p * p, *phi = B + p * p, *lw = phi + p;
    memcpy(A, Sigma, p * p * sizeof *A);
    memcpy(B, R, p * p * sizeof *B);
    lapack_int n = (lapack_int)p;
    out->d_g = NAN;
    if (LAPACKE_dsygv_work(LAPACK_COL_MAJOR, 1, 'N', 'U', n, A, n, B, n, phi,
                           lw, 3 * n) != 0)
        return;
    double s = 0.0;
    for (size_t i = 0; i < p; i++)
        s += phi[i] > 0.0 ? log10(phi[i]) * log10(phi[i]) : NAN;
    out->d_g = 0.5 * s;
}

void wold__model_fit(wold_assess *a, double *work)
{
    size_t p = a->p, J = a->J;
    double *Sigma = work, *P = Sigma + p * p, *O = P + J * J;
    double *rest = O + J * J;
    implied_indicators(a, a->fit->lvcor, Sigma);
    distances(a->R, Sigma, p, &a->mfit[0], rest);
    if (a->fit->model->n_paths == 0) {
        a->mfit[1] = a->mfit[0];
        return;
    }
    implied_lv(a->fit, P, O);
    implied_indicators(a, P, Sigma);
    distances(a->R, Sigma, p, &a->mfit[1], rest);
}
