/*
 * text.c - the fit as readable aligned tables: summary and convergence,
 * outer model, cross-loadings, inner model (one OLS table per endogenous LV), reliability
 * and validity, effects.  Widths adapt to the names (UTF-8 aware).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "data/data.h"
#include "fit/fit.h"
#include "model/model.h"
#include "moments/moments.h"
#include "report/report.h"
#include "util/util.h"

/* A number in a right-aligned field; undefined values print as "-". */
static void cell(FILE *f, double x, int width, int decimals)
{
    if (isnan(x))
        fprintf(f, " %*s", width, "-");
    else
        fprintf(f, " %*.*f", width, decimals, x);
}

static void p_cell(FILE *f, double p)
{
    if (isnan(p))
        fprintf(f, " %9s", "-");
    else if (p < 1e-4)
        fprintf(f, " %9.2e", p);
    else
        fprintf(f, " %9.4f", p);
}

static size_t lv_width(const wold_model *md)
{
    size_t w = 6;
    for (size_t j = 0; j < md->n_lv; j++)
        if (wold__display_width(md->lv[j].name) > w)
            w = wold__display_width(md->lv[j].name);
    return w;
}

static void summary(FILE *f, const wold_fit *fit, const wold_moments *mo,
                    const wold_data *data)
{
    const wold_model *md = fit->model;
    const wold_fit_options *o = &fit->opt;
    fprintf(f, "wold %s - PLS path model\n\n", wold_version());
    fprintf(f, "  model      %s: %zu latent variables, %zu indicators, "
               "%zu paths\n", md->filename, md->n_lv, md->n_mv, md->n_paths);
    if (data != NULL)
        fprintf(f, "  data       %s: %zu rows, %zu missing cells in %zu rows\n",
                data->source, data->n, data->n_missing_cells,
                data->n_incomplete_rows);
    fprintf(f, "  rows used  %zu", fit->n);
    if (mo != NULL && fit->missing == WOLD_MISSING_MEAN)
        fprintf(f, " (missing: mean, %zu cells replaced)", mo->cells_imputed);
    else if (mo != NULL)
        fprintf(f, " (missing: listwise, %zu rows dropped)", mo->rows_dropped);
    fprintf(f, "\n  settings   scheme %s, %s, tol %g, max-iter %d%s\n",
            wold__scheme_name(o->scheme),
            o->scaled ? "standardised" : "centred (unscaled)", o->tol,
            o->max_iter, o->compat == WOLD_COMPAT_PLSPM ? ", compat plspm" : "");
    fprintf(f, "  %s after %d iterations (criterion %.3g)\n",
            fit->converged ? "converged" : "NOT CONVERGED", fit->iterations,
            fit->criterion);
    fprintf(f, "  GoF        %.4f\n", fit->gof);
}

static void outer(FILE *f, const wold_fit *fit)
{
    const wold_model *md = fit->model;
    size_t wl = lv_width(md), wm = 9;
    for (size_t i = 0; i < md->n_mv; i++)
        if (wold__display_width(md->mv[i].name) > wm)
            wm = wold__display_width(md->mv[i].name);
    fprintf(f, "\nOuter model\n  ");
    wold__put_padded(f, "indicator", wm);
    fputs("  ", f);
    wold__put_padded(f, "block", wl);
    fprintf(f, " %8s %8s %11s %10s\n", "weight", "loading", "communality",
            "redundancy");
    for (size_t i = 0; i < md->n_mv; i++) {
        const wold_mv_stats *m = &fit->mv[i];
        fputs("  ", f);
        wold__put_padded(f, md->mv[i].name, wm);
        fputs("  ", f);
        wold__put_padded(f, md->lv[md->mv[i].lv].name, wl);
        cell(f, m->weight, 8, 4);
        cell(f, m->loading, 8, 4);
        cell(f, m->communality, 11, 4);
        cell(f, m->redundancy, 10, 4);
        fputc('\n', f);
    }
}

/* Each indicator's correlation with every LV: its own block's column
 * should dominate its row (discriminant validity). */
static void cross_loadings(FILE *f, const wold_fit *fit)
{
    const wold_model *md = fit->model;
    size_t J = fit->J, wm = 9, wc = 7;
    for (size_t i = 0; i < md->n_mv; i++)
        if (wold__display_width(md->mv[i].name) > wm)
            wm = wold__display_width(md->mv[i].name);
    for (size_t j = 0; j < J; j++)
        if (wold__display_width(md->lv[j].name) + 1 > wc)
            wc = wold__display_width(md->lv[j].name) + 1;
    fprintf(f, "\nCross-loadings\n  ");
    wold__put_padded(f, "indicator", wm);
    for (size_t j = 0; j < J; j++) {
        for (size_t w = wold__display_width(md->lv[j].name); w < wc; w++)
            fputc(' ', f);
        fputs(md->lv[j].name, f);
    }
    fputc('\n', f);
    for (size_t i = 0; i < md->n_mv; i++) {
        fputs("  ", f);
        wold__put_padded(f, md->mv[i].name, wm);
        for (size_t j = 0; j < J; j++)
            cell(f, fit->cross[i * J + j], (int)wc - 1, 4);
        fputc('\n', f);
    }
}

static void inner(FILE *f, const wold_fit *fit)
{
    const wold_model *md = fit->model;
    size_t wl = lv_width(md) > 9 ? lv_width(md) : 9;
    fprintf(f, "\nInner model\n");
    for (size_t k = 0; k < fit->n_coef; k++) {
        const wold_coef *c = &fit->coef[k];
        if (c->from == (size_t)-1) {
            const wold_lv_stats *s = &fit->lv[c->to];
            fprintf(f, "  %s   R2 %.4f   adj. R2 %.4f\n    ",
                    md->lv[c->to].name, s->r2, s->r2_adj);
            wold__put_padded(f, "term", wl);
            fprintf(f, " %9s %9s %9s %9s\n", "estimate", "std.error", "t", "p");
        }
        fputs("    ", f);
        wold__put_padded(f, c->from == (size_t)-1 ? "Intercept"
                                                   : md->lv[c->from].name,
                         wl);
        cell(f, c->estimate, 9, 4);
        cell(f, c->std_error, 9, 4);
        cell(f, c->t, 9, 3);
        p_cell(f, c->p);
        fputc('\n', f);
    }
}

static void reliability(FILE *f, const wold_fit *fit)
{
    const wold_model *md = fit->model;
    size_t wl = lv_width(md);
    fprintf(f, "\nReliability and validity\n  ");
    wold__put_padded(f, "latent", wl);
    fprintf(f, " %4s %6s %6s %6s %6s %6s %6s %11s %10s\n", "mode", "R2",
            "alpha", "rho_c", "AVE", "eig1", "eig2", "communality",
            "redundancy");
    for (size_t j = 0; j < md->n_lv; j++) {
        const wold_lv_stats *s = &fit->lv[j];
        fputs("  ", f);
        wold__put_padded(f, md->lv[j].name, wl);
        fprintf(f, " %4s", md->lv[j].mode == WOLD_MODE_A ? "A" : "B");
        cell(f, s->endogenous ? s->r2 : NAN, 6, 3);
        cell(f, s->alpha, 6, 3);
        cell(f, s->rho_c, 6, 3);
        cell(f, s->ave, 6, 3);
        cell(f, s->eig1, 6, 3);
        cell(f, s->eig2, 6, 3);
        cell(f, s->block_communality, 11, 3);
        cell(f, s->endogenous ? s->mean_redundancy : NAN, 10, 3);
        fputc('\n', f);
    }
}

static void effects(FILE *f, const wold_fit *fit, const unsigned char *reach)
{
    const wold_model *md = fit->model;
    size_t J = fit->J, wl = lv_width(md);
    fprintf(f, "\nEffects\n  ");
    wold__put_padded(f, "from", wl);
    fputs("    ", f);
    wold__put_padded(f, "to", wl);
    fprintf(f, " %8s %8s %8s\n", "direct", "indirect", "total");
    for (size_t from = 0; from < J; from++)
        for (size_t to = 0; to < J; to++) {
            if (!reach[to * J + from])
                continue;
            fputs("  ", f);
            wold__put_padded(f, md->lv[from].name, wl);
            fputs(" -> ", f);
            wold__put_padded(f, md->lv[to].name, wl);
            cell(f, fit->paths[to * J + from], 8, 4);
            cell(f, fit->indirect[to * J + from], 8, 4);
            cell(f, fit->total[to * J + from], 8, 4);
            fputc('\n', f);
        }
}

wold_status wold__report_text(FILE *f, const wold_fit *fit,
                              const wold_moments *mo, const wold_data *data,
                              wold_error *err)
{
    unsigned char *reach = malloc(fit->J * fit->J);
    if (reach == NULL)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    wold__reachable(fit->model, reach);
    summary(f, fit, mo, data);
    outer(f, fit);
    cross_loadings(f, fit);
    inner(f, fit);
    reliability(f, fit);
    effects(f, fit, reach);
    free(reach);
    return WOLD_OK;
}
