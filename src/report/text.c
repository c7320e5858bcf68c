/*
 * text.c - the fit as readable aligned tables: summary and convergence,
 * outer model, cross-loadings, inner model (one OLS table per endogenous
 * LV), reliability and validity, effects.  Every table sizes its columns
 * to the widest cell (table.c), UTF-8 aware; undefined numbers print as
 * "-".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "fit/fit.h"
#include "model/model.h"
#include "moments/moments.h"
#include "report/report.h"
#include "util/util.h"

/* A number in running text: fixed decimals, or "-" when undefined. */
static const char *fixed(char *buf, size_t size, int decimals, double x)
{
    if (!isfinite(x))
        snprintf(buf, size, "-");
    else
        wold__format_fixed(buf, size, decimals, x);
    return buf;
}

static void summary(FILE *f, const wold_fit *fit, const wold_moments *mo,
                    const wold_data *data)
{
    const wold_model *md = fit->model;
    const wold_fit_options *o = &fit->opt;
    char a[64], b[64];
    fprintf(f, "wold %s - PLS path model\n\n", wold_version());
    fprintf(f, "  model      %s: %zu latent variable%s, %zu indicator%s, "
               "%zu path%s\n", md->filename, md->n_lv, md->n_lv == 1 ? "" : "s",
            md->n_mv, md->n_mv == 1 ? "" : "s", md->n_paths,
            md->n_paths == 1 ? "" : "s");
    if (data != NULL)
        fprintf(f, "  data       %s: %zu row%s, %zu missing cell%s in %zu "
                   "row%s\n", data->source, data->n, data->n == 1 ? "" : "s",
                data->n_missing_cells, data->n_missing_cells == 1 ? "" : "s",
                data->n_incomplete_rows, data->n_incomplete_rows == 1 ? "" : "s");
    fprintf(f, "  rows used  %zu", fit->n);
    if (mo != NULL && fit->missing == WOLD_MISSING_MEAN)
        fprintf(f, " (missing: mean, %zu cell%s replaced)", mo->cells_imputed,
                mo->cells_imputed == 1 ? "" : "s");
    else if (mo != NULL)
        fprintf(f, " (missing: listwise, %zu row%s dropped)", mo->rows_dropped,
                mo->rows_dropped == 1 ? "" : "s");
    wold__format_c(a, sizeof a, 6, o->tol);
    fprintf(f, "\n  settings   scheme %s, %s, tol %s, max-iter %d%s\n",
            wold__scheme_name(o->scheme),
            o->scaled ? "standardised" : "centred (unscaled)", a, o->max_iter,
            o->compat == WOLD_COMPAT_PLSPM ? ", compat plspm"
                                           : o->plsc ? ", consistent PLS" : "");
    if (isfinite(fit->criterion))
        wold__format_c(b, sizeof b, 3, fit->criterion);
    else
        snprintf(b, sizeof b, "-");
    if (md->n_paths == 0)
        fprintf(f, "  measurement model only: no structural path, so no "
                   "iteration (docs/methods.md)\n");
    else
        fprintf(f, "  %s after %d iteration%s (criterion %s)\n",
                fit->converged ? "converged" : "NOT CONVERGED",
                fit->iterations, fit->iterations == 1 ? "" : "s", b);
    fprintf(f, "  GoF        %s\n", fixed(a, sizeof a, 4, fit->gof));
}

/* The warnings the fit raised, as a compiler writes them. */
static void warnings(FILE *f, const wold_fit *fit)
{
    char buf[4096];
    size_t n = wold_fit_n_warnings(fit);
    if (n == 0)
        return;
    fprintf(f, "\nWarnings\n");
    for (size_t k = 0; k < n; k++) {
        wold_problem_format(wold_fit_warning(fit, k), buf, sizeof buf);
        /* Indent every line of the message, the source line and caret. */
        fputs("  ", f);
        for (const char *s = buf; *s; s++) {
            fputc(*s, f);
            if (*s == '\n')
                fputs("  ", f);
        }
        fputc('\n', f);
    }
}

static wold_status outer(FILE *f, const wold_fit *fit)
{
    const wold_model *md = fit->model;
    wold__table t;
    WOLD_TRY(wold__table_init(&t, "llrrrr"));
    const char *head[] = {"indicator", "block", "weight", "loading",
                          "communality", "redundancy"};
    for (size_t c = 0; c < 6; c++)
        wold__table_cell(&t, head[c]);
    for (size_t i = 0; i < md->n_mv; i++) {
        const wold_mv_stats *m = &fit->mv[i];
        wold__table_cell(&t, md->mv[i].name);
        wold__table_cell(&t, md->lv[md->mv[i].lv].name);
        wold__table_num(&t, m->weight, 4);
        wold__table_num(&t, m->loading, 4);
        wold__table_num(&t, m->communality, 4);
        wold__table_num(&t, m->redundancy, 4);
    }
    fprintf(f, "\nOuter model\n");
    wold_status st = wold__table_write(&t, f, "  ");
    wold__table_free(&t);
    return st;
}

/* Each indicator's correlation with every LV: its own block's column
 * should dominate its row (discriminant validity). */
static wold_status cross_loadings(FILE *f, const wold_fit *fit)
{
    const wold_model *md = fit->model;
    size_t J = fit->J;
    wold__table t;
    char *al = malloc(J + 2); /* "l" for the names, "r" for each LV */
    if (al == NULL)
        return WOLD_ENOMEM;
    al[0] = 'l';
    memset(al + 1, 'r', J);
    al[J + 1] = '\0';
    wold_status st = wold__table_init(&t, al);
    if (st == WOLD_OK) {
        wold__table_cell(&t, "indicator");
        for (size_t j = 0; j < J; j++)
            wold__table_cell(&t, md->lv[j].name);
        for (size_t i = 0; i < md->n_mv; i++) {
            wold__table_cell(&t, md->mv[i].name);
            for (size_t j = 0; j < J; j++)
                wold__table_num(&t, fit->cross[i * J + j], 4);
        }
        fprintf(f, "\nCross-loadings\n");
        st = wold__table_write(&t, f, "  ");
    }
    wold__table_free(&t);
    free(al);
    return st;
}

/* The OLS table of every endogenous LV, one table so that the columns
 * line up from one regression to the next; each LV's R2 heads its rows. */
static wold_status inner(FILE *f, const wold_fit *fit)
{
    const wold_model *md = fit->model;
    char a[64], b[64], line[1024];
    wold__table t;
    WOLD_TRY(wold__table_init(&t, "lrrrr"));
    for (size_t k = 0; k < fit->n_coef; k++) {
        const wold_coef *c = &fit->coef[k];
        if (c->from == (size_t)-1) {
            const wold_lv_stats *s = &fit->lv[c->to];
            snprintf(line, sizeof line, "%s   R2 %s   adj. R2 %s",
                     md->lv[c->to].name, fixed(a, sizeof a, 4, s->r2),
                     fixed(b, sizeof b, 4, s->r2_adj));
            wold__table_line(&t, line);
            const char *head[] = {"  term", "estimate", "std.error", "t", "p"};
            for (size_t h = 0; h < 5; h++)
                wold__table_cell(&t, head[h]);
        }
        snprintf(line, sizeof line, "  %s",
                 c->from == (size_t)-1 ? "Intercept" : md->lv[c->from].name);
        wold__table_cell(&t, line);
        wold__table_num(&t, c->estimate, 4);
        wold__table_num(&t, c->std_error, 4);
        wold__table_num(&t, c->t, 3);
        wold__table_p(&t, c->p);
    }
    fprintf(f, "\nInner model\n");
    wold_status st = wold__table_write(&t, f, "  ");
    wold__table_free(&t);
    return st;
}

static wold_status reliability(FILE *f, const wold_fit *fit)
{
    const wold_model *md = fit->model;
    wold__table t;
    WOLD_TRY(wold__table_init(&t, "llrrrrrrrr"));
    const char *head[] = {"latent", "mode", "R2", "alpha", "rho_c", "AVE",
                          "eig1", "eig2", "communality", "redundancy"};
    for (size_t c = 0; c < 10; c++)
        wold__table_cell(&t, head[c]);
    for (size_t j = 0; j < md->n_lv; j++) {
        const wold_lv_stats *s = &fit->lv[j];
        wold__table_cell(&t, md->lv[j].name);
        wold__table_cell(&t, md->lv[j].mode == WOLD_MODE_A ? "A" : "B");
        wold__table_num(&t, s->endogenous ? s->r2 : NAN, 3);
        wold__table_num(&t, s->alpha, 3);
        wold__table_num(&t, s->rho_c, 3);
        wold__table_num(&t, s->ave, 3);
        wold__table_num(&t, s->eig1, 3);
        wold__table_num(&t, s->eig2, 3);
        wold__table_num(&t, s->block_communality, 3);
        wold__table_num(&t, s->endogenous ? s->mean_redundancy : NAN, 3);
    }
    fprintf(f, "\nReliability and validity\n");
    wold_status st = wold__table_write(&t, f, "  ");
    wold__table_free(&t);
    return st;
}

static wold_status effects(FILE *f, const wold_fit *fit,
                           const unsigned char *reach)
{
    const wold_model *md = fit->model;
    size_t J = fit->J;
    wold__table t;
    WOLD_TRY(wold__table_init(&t, "lllrrr"));
    const char *head[] = {"from", "", "to", "direct", "indirect", "total"};
    for (size_t c = 0; c < 6; c++)
        wold__table_cell(&t, head[c]);
    for (size_t from = 0; from < J; from++)
        for (size_t to = 0; to < J; to++) {
            if (!reach[to * J + from])
                continue;
            wold__table_cell(&t, md->lv[from].name);
            wold__table_cell(&t, "->");
            wold__table_cell(&t, md->lv[to].name);
            wold__table_num(&t, fit->paths[to * J + from], 4);
            wold__table_num(&t, fit->indirect[to * J + from], 4);
            wold__table_num(&t, fit->total[to * J + from], 4);
        }
    fprintf(f, "\nEffects\n");
    wold_status st = wold__table_write(&t, f, "  ");
    wold__table_free(&t);
    return st;
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
    warnings(f, fit);
    int paths = fit->model->n_paths > 0;
    wold_status st = wold__plsc_text(f, fit);
    if (st == WOLD_OK)
        st = outer(f, fit);
    if (st == WOLD_OK)
        st = cross_loadings(f, fit);
    if (st == WOLD_OK && paths)
        st = inner(f, fit);
    if (st == WOLD_OK)
        st = reliability(f, fit);
    if (st == WOLD_OK && paths)
        st = effects(f, fit, reach);
    free(reach);
    if (st != WOLD_OK)
        return WOLD_FAIL(err, st, "out of memory for the report");
    return WOLD_OK;
}
