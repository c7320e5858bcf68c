/*
 * text.c - the fit as readable aligned tables, in the order a reviewer
 * reads them (seminr's summary() is the model): summary and warnings, the
 * measurement model, reliability, discriminant validity, collinearity,
 * the structural model with R^2 and f^2, effects, LV correlations and the
 * model fit.  Numbers that fail a common threshold are marked '*' with a
 * legend under their table.  Every table sizes its columns to the widest
 * cell (table.c), UTF-8 aware; undefined numbers print as "-".
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

static int compat(const wold__report_ctx *r)
{
    return r->fit->opt.compat == WOLD_COMPAT_PLSPM;
}

/* The settings line (after the rows-used line, which it ends): scheme,
 * scaling, tol, max-iter and the variant. */
static void settings(FILE *f, const wold__report_ctx *r)
{
    const wold_fit_options *o = &r->fit->opt;
    wold_lang lang = r->lang;
    char a[64];
    wold__format_c(a, sizeof a, 6, o->tol);
    fputc('\n', f);
    wold__put_label(f, lang, WOLD__N("settings"));
    fprintf(f, wold__tr(lang, "scheme %s, %s, tol %s, max-iter %d%s\n"),
            wold__scheme_name(o->scheme),
            o->scaled ? wold__tr(lang, "standardised")
                      : wold__tr(lang, "centred (unscaled)"),
            a, o->max_iter,
            o->compat == WOLD_COMPAT_PLSPM ? ", compat plspm"
            : o->plsc ? wold__tr(lang, ", consistent PLS") : "");
}

/* Weighted data (--weights): the column, the weight total W of the rows
 * used and Kish's effective n (docs/methods.md 14). */
static void weights_line(FILE *f, const wold__data_line *data, wold_lang lang)
{
    char a[64], b[64];
    wold__format_c(a, sizeof a, 10, data->w_total);
    wold__format_c(b, sizeof b, 6, data->kish);
    wold__put_label(f, lang, WOLD__N("weights"));
    fprintf(f, wold__tr(lang, "column %s: total %s, Kish effective n %s\n"),
            data->w_name, a, b);
}

static void summary(FILE *f, const wold__report_ctx *r)
{
    const wold_fit *fit = r->fit;
    const wold_model *md = r->md;
    const wold__data_line *data = r->data;
    const wold_moments *mo = r->mo;
    wold_lang lang = r->lang;
    char b[64];
    fprintf(f, wold__tr(lang, "wold %s - PLS path model\n\n"), wold_version());
    wold__put_label(f, lang, WOLD__N("model"));
    fprintf(f, wold__tr(lang, "%s: %zu latent variable%s, %zu indicator%s, "
                              "%zu path%s\n"),
            md->filename, md->n_lv, wold__plural(lang, md->n_lv), md->n_mv,
            wold__plural(lang, md->n_mv), md->n_paths,
            wold__plural(lang, md->n_paths));
    if (data != NULL) {
        wold__put_label(f, lang, WOLD__N("data"));
        fprintf(f, wold__tr(lang, "%s: %zu row%s, %zu missing cell%s in %zu "
                                  "row%s\n"),
                data->source, data->n, wold__plural(lang, data->n),
                data->n_missing_cells, wold__plural(lang, data->n_missing_cells),
                data->n_incomplete_rows,
                wold__plural(lang, data->n_incomplete_rows));
    }
    if (data != NULL && data->w_name != NULL)
        weights_line(f, data, lang);
    wold__put_label(f, lang, WOLD__N("rows used"));
    fprintf(f, "%zu", fit->n);
    if (mo != NULL && fit->missing == WOLD_MISSING_PAIRWISE)
        fputs(wold__tr(lang, " (missing: pairwise, the fewest rows of "
                             "a pair)"), f);
    else if (mo != NULL && fit->missing == WOLD_MISSING_MEAN)
        fprintf(f, wold__tr(lang, " (missing: mean, %zu cell%s replaced)"),
                mo->cells_imputed, wold__plural(lang, mo->cells_imputed));
    else if (mo != NULL)
        fprintf(f, wold__tr(lang, " (missing: listwise, %zu row%s dropped)"),
                mo->rows_dropped, wold__plural(lang, mo->rows_dropped));
    settings(f, r);
    if (isfinite(fit->criterion))
        wold__format_c(b, sizeof b, 3, fit->criterion);
    else
        snprintf(b, sizeof b, "-");
    if (md->n_paths == 0)
        fputs(wold__tr(lang, "  measurement model only: no structural path, "
                             "so no iteration (docs/methods.md)\n"), f);
    else
        fprintf(f, wold__tr(lang, "  %s after %d iteration%s (criterion %s)\n"),
                fit->converged ? wold__tr(lang, "converged")
                               : wold__tr(lang, "NOT CONVERGED"),
                fit->iterations, wold__plural(lang, (size_t)fit->iterations), b);
}

/* The warnings the fit raised, as a compiler writes them. */
static void warnings(FILE *f, const wold_fit *fit, wold_lang lang)
{
    char buf[4096];
    size_t n = wold_fit_n_warnings(fit);
    if (n == 0)
        return;
    fprintf(f, "\n%s\n", wold__tr(lang, "Warnings"));
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

/* Writes t under its title, then its legend lines (NULL: none). */
static wold_status section(FILE *f, const wold__report_ctx *r, wold__table *t,
                           const char *title, const char *legend)
{
    fprintf(f, "\n%s\n", wold__tr(r->lang, title));
    wold_status st = wold__table_write(t, f, "  ");
    if (st == WOLD_OK && legend != NULL)
        fprintf(f, "  %s\n", wold__tr(r->lang, legend));
    wold__table_free(t);
    return st;
}

/* An alignment string: first, then n times rest (free with free()). */
static char *align_string(char first, char rest, size_t n)
{
    char *al = malloc(n + 2);
    if (al == NULL)
        return NULL;
    al[0] = first;
    memset(al + 1, rest, n);
    al[n + 1] = '\0';
    return al;
}

static wold_status outer(FILE *f, const wold__report_ctx *r)
{
    const wold_model *md = r->md;
    wold__table t;
    WOLD_TRY(wold__table_init(&t, "llrrrr"));
    const char *head[] = {
        WOLD__N("indicator"),   WOLD__N("block"),     WOLD__N("weight"),
        WOLD__N("loading"),     WOLD__N("communality"),
        WOLD__N("redundancy")};
    for (size_t c = 0; c < 6; c++)
        wold__table_cell(&t, wold__tr(r->lang, head[c]));
    for (size_t i = 0; i < md->n_mv; i++) {
        const wold_mv_stats *m = &r->fit->mv[i];
        wold__table_cell(&t, md->mv[i].name);
        wold__table_cell(&t, md->lv[md->mv[i].lv].name);
        wold__table_num(&t, m->weight, 4);
        wold__table_num(&t, m->loading, 4);
        wold__table_num(&t, m->communality, 4);
        wold__table_num(&t, m->redundancy, 4);
    }
    return section(f, r, &t, WOLD__N("Measurement model"), NULL);
}

/* alpha, rhoC, rhoA and AVE; under --compat plspm also plspm's
 * unidimensionality (Dillon-Goldstein rho and the two eigenvalues). */
static wold_status reliability(FILE *f, const wold__report_ctx *r)
{
    const wold_model *md = r->md;
    int pl = compat(r);
    wold__table t;
    WOLD_TRY(wold__table_init(&t, pl ? "llrrrrmrr" : "llrrrm"));
    const char *head[] = {
        WOLD__N("latent"), WOLD__N("mode"), WOLD__N("alpha"),
        WOLD__N("DG rho"), WOLD__N("rhoC"), WOLD__N("rhoA"),
        WOLD__N("AVE"),    WOLD__N("eig1"), WOLD__N("eig2")};
    for (size_t c = 0; c < 9; c++)
        if (pl || (c != 3 && c < 7))
            wold__table_cell(&t, wold__tr(r->lang, head[c]));
    int marked = 0;
    for (size_t j = 0; j < md->n_lv; j++) {
        const wold_block_stats *s = wold_assess_block(r->as, j);
        int mode_a = md->lv[j].mode == WOLD_MODE_A;
        int low = mode_a && s->ave < WOLD__AVE_MIN;
        marked |= low;
        wold__table_cell(&t, md->lv[j].name);
        wold__table_cell(&t, mode_a ? "A" : "B");
        wold__table_num(&t, s->alpha, 3);
        if (pl)
            wold__table_num(&t, s->dg_rho, 3);
        wold__table_num(&t, s->rho_c, 3);
        wold__table_num(&t, s->rho_a, 3);
        wold__table_marked(&t, s->ave, 3, low);
        if (pl) {
            wold__table_num(&t, s->eig1, 3);
            wold__table_num(&t, s->eig2, 3);
        }
    }
    return section(f, r, &t, WOLD__N("Reliability"),
                   marked ? WOLD__N("* AVE below 0.5") : NULL);
}

/* What a lower-triangle matrix marks. */
enum mark { MARK_NONE, MARK_HTMT, MARK_FL };

/* Whether cell (j, k) of m is marked: an HTMT above 0.9, or a squared
 * LV correlation above the AVE of either LV (Fornell-Larcker). */
static int marked_cell(const wold__report_ctx *r, const double *m, size_t j,
                       size_t k, enum mark mark)
{
    size_t J = r->md->n_lv;
    double v = m[j * J + k];
    if (mark == MARK_HTMT)
        return v > WOLD__HTMT_MAX;
    if (mark == MARK_FL)
        return v > m[j * J + j] || v > m[k * J + k];
    return 0;
}

/*
 * The lower triangle of the J x J matrix m: rows 1..J-1 against columns
 * 0..J-2, or with the diagonal (rows and columns 0..J-1).
 */
static wold_status lower(FILE *f, const wold__report_ctx *r, const double *m,
                         int diag, enum mark mark, const char *title,
                         const char *legend)
{
    const wold_model *md = r->md;
    size_t J = md->n_lv, first = diag ? 0 : 1, ncol = diag ? J : J - 1;
    if (ncol == 0)
        return WOLD_OK;
    char *al = align_string('l', mark == MARK_NONE ? 'r' : 'm', ncol);
    if (al == NULL)
        return WOLD_ENOMEM;
    wold__table t;
    int any = 0;
    wold_status st = wold__table_init(&t, al);
    if (st == WOLD_OK) {
        wold__table_cell(&t, "");
        for (size_t k = 0; k < ncol; k++)
            wold__table_cell(&t, md->lv[k].name);
        for (size_t j = first; j < J; j++) {
            wold__table_cell(&t, md->lv[j].name);
            for (size_t k = 0; k < ncol; k++) {
                int in = diag ? k <= j : k < j;
                int mk = in && k != j && marked_cell(r, m, j, k, mark);
                any |= mk;
                if (in)
                    wold__table_marked(&t, m[j * J + k], 3, mk);
                else
                    wold__table_cell(&t, "");
            }
        }
        st = section(f, r, &t, title, any ? legend : NULL);
    }
    free(al);
    return st;
}

/* Each indicator's correlation with every LV: its own block's column
 * should dominate its row. */
static wold_status cross_loadings(FILE *f, const wold__report_ctx *r)
{
    const wold_model *md = r->md;
    size_t J = md->n_lv;
    char *al = align_string('l', 'r', J);
    if (al == NULL)
        return WOLD_ENOMEM;
    wold__table t;
    wold_status st = wold__table_init(&t, al);
    if (st == WOLD_OK) {
        wold__table_cell(&t, wold__tr(r->lang, "indicator"));
        for (size_t j = 0; j < J; j++)
            wold__table_cell(&t, md->lv[j].name);
        for (size_t i = 0; i < md->n_mv; i++) {
            wold__table_cell(&t, md->mv[i].name);
            for (size_t j = 0; j < J; j++)
                wold__table_num(&t, r->fit->cross[i * J + j], 4);
        }
        st = section(f, r, &t, WOLD__N("Cross-loadings"), NULL);
    }
    free(al);
    return st;
}

/* HTMT, HTMT2 and the Fornell-Larcker table. */
static wold_status discriminant(FILE *f, const wold__report_ctx *r)
{
    const char *above = WOLD__N("* above 0.9 (Henseler et al. 2015)");
    WOLD_TRY(lower(f, r, wold_assess_htmt(r->as), 0, MARK_HTMT,
                   WOLD__N("Discriminant validity: HTMT"), above));
    WOLD_TRY(lower(f, r, wold_assess_htmt2(r->as), 0, MARK_HTMT,
                   WOLD__N("Discriminant validity: HTMT2"), above));
    return lower(f, r, wold_assess_fornell_larcker(r->as), 1, MARK_FL,
                 WOLD__N("Discriminant validity: Fornell-Larcker (AVE on "
                         "the diagonal, squared LV correlations below)"),
                 WOLD__N("* a squared correlation above the AVE of either "
                         "LV"));
}

/* VIF of the indicators of each Mode B block (NULL when there is none). */
static wold_status vif_indicators(FILE *f, const wold__report_ctx *r,
                                  int *any)
{
    const wold_model *md = r->md;
    const double *vi = wold_assess_vif_indicators(r->as);
    wold__table t;
    WOLD_TRY(wold__table_init(&t, "llm"));
    wold__table_cell(&t, wold__tr(r->lang, "indicator"));
    wold__table_cell(&t, wold__tr(r->lang, "block"));
    wold__table_cell(&t, wold__tr(r->lang, "VIF"));
    for (size_t i = 0; i < md->n_mv; i++) {
        if (!isfinite(vi[i]))
            continue;
        wold__table_cell(&t, md->mv[i].name);
        wold__table_cell(&t, md->lv[md->mv[i].lv].name);
        wold__table_marked(&t, vi[i], 3, vi[i] > WOLD__VIF_MAX);
        *any |= vi[i] > WOLD__VIF_MAX;
    }
    wold_status st = wold__table_write(&t, f, "  ");
    wold__table_free(&t);
    return st;
}

/* VIF of the predecessors in each structural equation. */
static wold_status vif_paths(FILE *f, const wold__report_ctx *r, int *any)
{
    const wold_model *md = r->md;
    size_t J = md->n_lv;
    const double *vp = wold_assess_vif_paths(r->as);
    wold__table t;
    WOLD_TRY(wold__table_init(&t, "lllm"));
    const char *head[] = {WOLD__N("from"), "", WOLD__N("to"),
                          WOLD__N("VIF")};
    for (size_t c = 0; c < 4; c++)
        wold__table_cell(&t, wold__tr(r->lang, head[c]));
    for (size_t to = 0; to < J; to++)
        for (size_t from = 0; from < J; from++) {
            if (!md->adj[to * J + from])
                continue;
            double v = vp[to * J + from];
            wold__table_cell(&t, md->lv[from].name);
            wold__table_cell(&t, "->");
            wold__table_cell(&t, md->lv[to].name);
            wold__table_marked(&t, v, 3, v > WOLD__VIF_MAX);
            *any |= v > WOLD__VIF_MAX;
        }
    wold_status st = wold__table_write(&t, f, "  ");
    wold__table_free(&t);
    return st;
}

/* Collinearity: the indicators of the Mode B blocks (their weights are a
 * regression on them), then the structural equations. */
static wold_status collinearity(FILE *f, const wold__report_ctx *r)
{
    const double *vi = wold_assess_vif_indicators(r->as);
    int mode_b = 0, paths = r->md->n_paths > 0, any = 0;
    for (size_t i = 0; i < r->md->n_mv; i++)
        mode_b |= isfinite(vi[i]);
    if (!mode_b && !paths)
        return WOLD_OK;
    fprintf(f, "\n%s\n", wold__tr(r->lang, "Collinearity (VIF)"));
    if (mode_b)
        WOLD_TRY(vif_indicators(f, r, &any));
    if (mode_b && paths)
        fputc('\n', f);
    if (paths)
        WOLD_TRY(vif_paths(f, r, &any));
    if (any)
        fprintf(f, "  %s\n", wold__tr(r->lang, "* VIF above 5"));
    return WOLD_OK;
}

/*
 * The columns that judge a path: their alignment letters, heads and
 * cells.  Without a bootstrap, OLS's standard error, t and two-sided p, as
 * R's lm computes them on the LV scores, labelled so; with one, the
 * bootstrap's standard error, t, p and interval (percentile, or BCa when
 * only BCa was asked for), labelled so (docs/methods.md, 9.5).
 */
static const char *path_inference_align(const wold__report_ctx *r)
{
    return r->boot != NULL ? "rrrrr" : "rrr";
}

/* With a bootstrap: 1 for the BCa interval, 0 for the percentile one. */
static int boot_bca(const wold_boot *b)
{
    const wold_boot_options *o = wold_boot_options_used(b);
    return o->ci == WOLD_BOOT_CI_BCA;
}

static void path_inference_heads(wold__table *t, const wold__report_ctx *r)
{
    if (r->boot == NULL) {
        wold__table_cell(t, wold__tr(r->lang, "s.e. (OLS)"));
        wold__table_cell(t, wold__tr(r->lang, "t (OLS)"));
        wold__table_cell(t, wold__tr(r->lang, "p (OLS)"));
        return;
    }
    const wold_boot_options *o = wold_boot_options_used(r->boot);
    char lo[48], hi[48], q[32];
    const char *kind = boot_bca(r->boot) ? "BCa " : "";
    wold__format_c(q, sizeof q, 4, 50.0 * (1.0 - o->level));
    snprintf(lo, sizeof lo, "%s%s%%", kind, q);
    wold__format_c(q, sizeof q, 4, 50.0 * (1.0 + o->level));
    snprintf(hi, sizeof hi, "%s%s%%", kind, q);
    wold__table_cell(t, wold__tr(r->lang, "s.e. (boot)"));
    wold__table_cell(t, wold__tr(r->lang, "t (boot)"));
    wold__table_cell(t, wold__tr(r->lang, "p (boot)"));
    wold__table_cell(t, lo);
    wold__table_cell(t, hi);
}

static void path_inference(wold__table *t, const wold__report_ctx *r,
                           const wold_coef *c)
{
    if (r->boot == NULL) {
        wold__table_num(t, c->std_error, 4);
        wold__table_num(t, c->t, 3);
        wold__table_p(t, c->p);
        return;
    }
    const wold_boot_stat *s =
        wold_boot_find(r->boot, WOLD_STAT_PATH, c->from, c->to, WOLD_NONE);
    int bca = boot_bca(r->boot);
    wold__table_num(t, s ? s->se : NAN, 4);
    wold__table_num(t, s ? s->t : NAN, 3);
    wold__table_p(t, s ? s->p : NAN);
    wold__table_num(t, s ? (bca ? s->bca_lo : s->pct_lo) : NAN, 4);
    wold__table_num(t, s ? (bca ? s->bca_hi : s->pct_hi) : NAN, 4);
}

/* One row per path, in the order of the OLS tables; the intercepts of
 * the standardised regressions (all zero) are left out. */
static wold_status paths(FILE *f, const wold__report_ctx *r)
{
    const wold_model *md = r->md;
    size_t J = md->n_lv;
    const double *f2 = r->as ? wold_assess_f2(r->as) : NULL;
    char align[64];
    snprintf(align, sizeof align, "lllr%s%s", path_inference_align(r),
             f2 ? "r" : "");
    wold__table t;
    WOLD_TRY(wold__table_init(&t, align));
    const char *head[] = {WOLD__N("from"), "", WOLD__N("to"),
                          WOLD__N("estimate")};
    for (size_t c = 0; c < 4; c++)
        wold__table_cell(&t, wold__tr(r->lang, head[c]));
    path_inference_heads(&t, r);
    if (f2)
        wold__table_cell(&t, "f2");
    for (size_t k = 0; k < r->fit->n_coef; k++) {
        const wold_coef *c = &r->fit->coef[k];
        if (c->from == (size_t)-1)
            continue;
        wold__table_cell(&t, md->lv[c->from].name);
        wold__table_cell(&t, "->");
        wold__table_cell(&t, md->lv[c->to].name);
        wold__table_num(&t, c->estimate, 4);
        path_inference(&t, r, c);
        if (f2)
            wold__table_num(&t, f2[c->to * J + c->from], 3);
    }
    return section(f, r, &t, WOLD__N("Structural model: paths"), NULL);
}

static wold_status r_squared(FILE *f, const wold__report_ctx *r)
{
    const wold_model *md = r->md;
    wold__table t;
    WOLD_TRY(wold__table_init(&t, "lrrrr"));
    const char *head[] = {
        WOLD__N("latent"), WOLD__N("R2"), WOLD__N("adj. R2"),
        WOLD__N("communality"), WOLD__N("redundancy")};
    for (size_t c = 0; c < 5; c++)
        wold__table_cell(&t, wold__tr(r->lang, head[c]));
    for (size_t j = 0; j < md->n_lv; j++) {
        const wold_lv_stats *s = &r->fit->lv[j];
        wold__table_cell(&t, md->lv[j].name);
        wold__table_num(&t, s->endogenous ? s->r2 : NAN, 4);
        wold__table_num(&t, s->r2_adj, 4);
        wold__table_num(&t, s->block_communality, 4);
        wold__table_num(&t, s->endogenous ? s->mean_redundancy : NAN, 4);
    }
    return section(f, r, &t, WOLD__N("Structural model: R2"), NULL);
}

static wold_status effects(FILE *f, const wold__report_ctx *r)
{
    const wold_model *md = r->md;
    const wold_fit *fit = r->fit;
    size_t J = md->n_lv;
    wold__table t;
    WOLD_TRY(wold__table_init(&t, "lllrrr"));
    const char *head[] = {WOLD__N("from"), "", WOLD__N("to"),
                          WOLD__N("direct"), WOLD__N("indirect"),
                          WOLD__N("total")};
    for (size_t c = 0; c < 6; c++)
        wold__table_cell(&t, wold__tr(r->lang, head[c]));
    for (size_t from = 0; from < J; from++)
        for (size_t to = 0; to < J; to++) {
            if (!r->reach[to * J + from])
                continue;
            wold__table_cell(&t, md->lv[from].name);
            wold__table_cell(&t, "->");
            wold__table_cell(&t, md->lv[to].name);
            wold__table_num(&t, fit->paths[to * J + from], 4);
            wold__table_num(&t, fit->indirect[to * J + from], 4);
            wold__table_num(&t, fit->total[to * J + from], 4);
        }
    return section(f, r, &t, WOLD__N("Effects"), NULL);
}

/* SRMR, d_ULS and d_G of the saturated and the estimated model (with the
 * moments), and the GoF (with a path). */
static wold_status model_fit(FILE *f, const wold__report_ctx *r)
{
    int paths = r->md->n_paths > 0;
    if (r->as == NULL && !paths)
        return WOLD_OK;
    fprintf(f, "\n%s\n", wold__tr(r->lang, "Model fit"));
    if (r->as != NULL) {
        const wold_model_fit *m[2] = {wold_assess_model_fit(r->as, 0),
                                      wold_assess_model_fit(r->as, 1)};
        wold__table t;
        WOLD_TRY(wold__table_init(&t, paths ? "lrr" : "lr"));
        wold__table_cell(&t, "");
        wold__table_cell(&t, wold__tr(r->lang, "saturated"));
        if (paths)
            wold__table_cell(&t, wold__tr(r->lang, "estimated"));
        const char *name[] = {"SRMR", "d_ULS", "d_G"};
        for (int c = 0; c < 3; c++) {
            wold__table_cell(&t, name[c]);
            for (int e = 0; e <= paths; e++)
                wold__table_num(&t, c == 0 ? m[e]->srmr
                                    : c == 1 ? m[e]->d_uls : m[e]->d_g, 4);
        }
        wold_status st = wold__table_write(&t, f, "  ");
        wold__table_free(&t);
        WOLD_TRY(st);
        if (paths)
            fputc('\n', f);
    }
    if (paths) {
        char a[64];
        fprintf(f, wold__tr(r->lang, "  GoF (Tenenhaus et al. 2004)  %s\n"),
                fixed(a, sizeof a, 4, r->fit->gof));
    }
    return WOLD_OK;
}

/* The sections in reading order; those of the criteria need the
 * moments, the structural ones a path. */
static wold_status sections(FILE *f, const wold__report_ctx *r)
{
    int paths_ = r->md->n_paths > 0, as = r->as != NULL;
    WOLD_TRY(wold__plsc_text(f, r->fit, r->lang));
    WOLD_TRY(outer(f, r));
    if (as) {
        WOLD_TRY(reliability(f, r));
        WOLD_TRY(discriminant(f, r));
    }
    WOLD_TRY(cross_loadings(f, r));
    if (as)
        WOLD_TRY(collinearity(f, r));
    if (paths_) {
        WOLD_TRY(paths(f, r));
        WOLD_TRY(r_squared(f, r));
        WOLD_TRY(effects(f, r));
    }
    WOLD_TRY(lower(f, r, r->fit->lvcor, 0, MARK_NONE, WOLD__N("LV correlations"),
                   NULL));
    WOLD_TRY(model_fit(f, r));
    if (r->index != NULL)
        WOLD_TRY(wold__report_index_text(f, r));
    return r->boot != NULL ? wold__report_boot_text(f, r->boot, r->lang)
                           : WOLD_OK;
}

wold_status wold__report_text(FILE *f, const wold__report_ctx *r,
                              wold_error *err)
{
    summary(f, r);
    warnings(f, r->fit, r->lang);
    if (sections(f, r) != WOLD_OK)
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the report");
    return WOLD_OK;
}
