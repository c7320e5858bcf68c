/*
 * svg.c - the path diagram as SVG (docs/report.md, "The path diagram").
 * Constructs are laid out in columns by their longest path from the
 * exogenous constructs, ordered within a column by barycentre sweeps to
 * cut crossings; each construct's indicators stand in a row above it
 * (and one below for a large block), so that measurement arrows stay
 * inside the construct's own column and the structural arrows run
 * between columns, bowing around the constructs of the columns they skip.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit/fit.h"
#include "model/model.h"
#include "report/report.h"
#include "util/util.h"

/* Geometry, in SVG user units (CSS pixels at scale 1). */
#define MARGIN 24.0
#define LV_H 62.0       /* ellipse height */
#define LV_W_MIN 118.0
#define MV_H 26.0
#define MV_W_MIN 46.0
#define MV_GAP 8.0      /* between the rectangles of a row */
#define MV_DROP 46.0    /* from the indicator row to the ellipse's top */
#define CELL_GAP 34.0   /* between constructs of a column */
#define COL_GAP 96.0    /* between columns: room for the path labels */
#define MV_PER_ROW 5    /* indicators in one row above a construct */
#define CHAR_W 7.6      /* of a 13px sans-serif letter, a little generous */

static double text_width(const char *s, double char_w)
{
    return (double)wold__display_width(s) * char_w;
}

void wold__diagram_free(wold__diagram *d)
{
    free(d->lx);
    memset(d, 0, sizeof *d);
}

/* The column of each construct: its longest path from a construct
 * without predecessors (the inner model is recursive, so J rounds
 * suffice; the bound also stops a cycle). */
static size_t layers(const wold_fit *fit, size_t *layer)
{
    size_t J = fit->J, n = 0;
    for (size_t j = 0; j < J; j++)
        layer[j] = 0;
    for (size_t round = 0; round < J; round++) {
        int changed = 0;
        for (size_t k = 0; k < fit->n_coef; k++) {
            const wold_coef *c = &fit->coef[k];
            if (c->from != (size_t)-1 && layer[c->to] < layer[c->from] + 1 &&
                layer[c->from] + 1 < J) {
                layer[c->to] = layer[c->from] + 1;
                changed = 1;
            }
        }
        if (!changed)
            break;
    }
    for (size_t j = 0; j < J; j++)
        if (layer[j] + 1 > n)
            n = layer[j] + 1;
    return n;
}

/* Mean position of j's neighbours in layer `side` of it (-1 before, +1
 * after), or its own when it has none. */
static double barycentre(const wold_fit *fit, const size_t *layer,
                         const double *pos, size_t j, int side)
{
    double sum = 0;
    size_t n = 0;
    for (size_t k = 0; k < fit->n_coef; k++) {
        const wold_coef *c = &fit->coef[k];
        if (c->from == (size_t)-1)
            continue;
        size_t other = side < 0 ? c->from : c->to;
        size_t self = side < 0 ? c->to : c->from;
        if (self == j && (side < 0 ? layer[other] < layer[j]
                                   : layer[other] > layer[j])) {
            sum += pos[other];
            n++;
        }
    }
    return n > 0 ? sum / (double)n : pos[j];
}

/* Orders layer L by key (insertion sort: layers are small), then gives
 * its members positions 0..m-1 scaled to [0, 1]. */
static void order_layer(size_t J, const size_t *layer, size_t L,
                        const double *key, size_t *ord, double *pos)
{
    size_t m = 0;
    for (size_t j = 0; j < J; j++)
        if (layer[j] == L)
            ord[m++] = j;
    for (size_t a = 1; a < m; a++) {
        size_t v = ord[a], b = a;
        while (b > 0 && key[ord[b - 1]] > key[v]) {
            ord[b] = ord[b - 1];
            b--;
        }
        ord[b] = v;
    }
    for (size_t a = 0; a < m; a++)
        pos[ord[a]] = m > 1 ? (double)a / (double)(m - 1) : 0.5;
}

/* Barycentre sweeps, down then up, a few times (Sugiyama et al. 1981). */
static void sweep(const wold_fit *fit, const size_t *layer, size_t nl,
                  double *pos, double *key, size_t *ord)
{
    size_t J = fit->J;
    for (size_t L = 0; L < nl; L++) {
        for (size_t j = 0; j < J; j++)
            key[j] = (double)j;
        order_layer(J, layer, L, key, ord, pos);
    }
    for (int pass = 0; pass < 4; pass++) {
        int down = pass % 2 == 0;
        for (size_t s = 1; s < nl; s++) {
            size_t L = down ? s : nl - 1 - s;
            for (size_t j = 0; j < J; j++)
                key[j] = layer[j] == L
                             ? barycentre(fit, layer, pos, j, down ? -1 : 1)
                             : 0;
            order_layer(J, layer, L, key, ord, pos);
        }
    }
}

/* j's indicators: up to MV_PER_ROW in one row above its ellipse; more
 * are split into a row above and a row below, so that no measurement
 * arrow crosses another indicator. */
static size_t n_mvs(const wold_fit *fit, size_t j)
{
    size_t n = 0;
    for (size_t i = 0; i < fit->p; i++)
        n += fit->model->mv[i].lv == j;
    return n;
}

static size_t n_above(size_t n)
{
    return n <= MV_PER_ROW ? n : (n + 1) / 2;
}

/* The width of the indicators k0 <= k < k1 of j (k counts j's own). */
static double row_width(const wold_fit *fit, const wold__diagram *d, size_t j,
                        size_t k0, size_t k1)
{
    double w = 0;
    size_t k = 0;
    for (size_t i = 0; i < fit->p; i++)
        if (fit->model->mv[i].lv == j) {
            if (k >= k0 && k < k1)
                w += d->mw[i] + (k > k0 ? MV_GAP : 0);
            k++;
        }
    return w;
}

static double cell_width(const wold_fit *fit, const wold__diagram *d,
                         size_t j)
{
    size_t n = n_mvs(fit, j), up = n_above(n);
    double a = row_width(fit, d, j, 0, up), b = row_width(fit, d, j, up, n);
    double w = a > b ? a : b;
    return w > d->lw[j] ? w : d->lw[j];
}

/* The drop from the cell's top to the ellipse's centre, and the cell's
 * height. */
static double cell_top(void)
{
    return MV_H + MV_DROP + LV_H / 2;
}

static double cell_height(const wold_fit *fit, size_t j)
{
    size_t n = n_mvs(fit, j);
    return MV_H + MV_DROP + LV_H + (n > n_above(n) ? MV_DROP + MV_H : 0);
}

/* The rows centred on the ellipse at (cx, cy). */
static void place_mvs(const wold_fit *fit, wold__diagram *d, size_t j,
                      double cx, double cy)
{
    size_t n = n_mvs(fit, j), up = n_above(n), k = 0;
    double x = cx - row_width(fit, d, j, 0, up) / 2;
    for (size_t i = 0; i < fit->p; i++) {
        if (fit->model->mv[i].lv != j)
            continue;
        if (k == up)
            x = cx - row_width(fit, d, j, up, n) / 2;
        d->mx[i] = x + d->mw[i] / 2;
        d->my[i] = k < up ? cy - LV_H / 2 - MV_DROP - MV_H / 2
                          : cy + LV_H / 2 + MV_DROP + MV_H / 2;
        x += d->mw[i] + MV_GAP;
        k++;
    }
}

/* Stacks layer L's cells (in the sweep's order) from y = 0 at column x,
 * and returns the middle of its first and last ellipse centres. */
static double stack(const wold_fit *fit, wold__diagram *d, const size_t *layer,
                    size_t L, const double *pos, size_t *ord, double *key,
                    double x)
{
    size_t J = fit->J, m = 0;
    for (size_t j = 0; j < J; j++)
        if (layer[j] == L) {
            key[j] = pos[j];
            m++;
        }
    order_layer(J, layer, L, key, ord, key);
    double y = 0;
    for (size_t a = 0; a < m; a++) {
        d->lx[ord[a]] = x;
        d->ly[ord[a]] = y + cell_top();
        y += cell_height(fit, ord[a]) + CELL_GAP;
    }
    return m > 0 ? (d->ly[ord[0]] + d->ly[ord[m - 1]]) / 2 : 0;
}

/* Columns left to right, each as wide as its widest cell.  Each column's
 * cells are stacked, and the columns are aligned on the middle of their
 * ellipses, so that a chain of one construct per column is a straight
 * line whatever the indicator rows above and below. */
static void place(const wold_fit *fit, wold__diagram *d, const size_t *layer,
                  size_t nl, const double *pos, size_t *ord, double *key)
{
    size_t J = fit->J;
    double x = MARGIN, centre = 0, bottom = 0;
    for (size_t L = 0; L < nl; L++) {
        double colw = 0;
        for (size_t j = 0; j < J; j++)
            if (layer[j] == L)
                colw = fmax(colw, cell_width(fit, d, j));
        double c = stack(fit, d, layer, L, pos, ord, key, x + colw / 2);
        centre = fmax(centre, c);
        x += colw + (L + 1 < nl ? COL_GAP : 0);
    }
    d->width = x + MARGIN;
    for (size_t L = 0; L < nl; L++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t j = 0; j < J; j++)
            if (layer[j] == L) {
                lo = fmin(lo, d->ly[j]);
                hi = fmax(hi, d->ly[j]);
            }
        double shift = MARGIN + centre - (lo + hi) / 2;
        for (size_t j = 0; j < J; j++)
            if (layer[j] == L) {
                d->ly[j] += shift;
                place_mvs(fit, d, j, d->lx[j], d->ly[j]);
                bottom = fmax(bottom, d->ly[j] - cell_top() +
                                          cell_height(fit, j));
            }
    }
    d->height = bottom + MARGIN;
}

/* The vertical extent of j's cell: its ellipse and indicator rows. */
static void cell_extent(const wold_fit *fit, const wold__diagram *d, size_t j,
                        double *top, double *bottom)
{
    *top = d->ly[j] - LV_H / 2;
    *bottom = d->ly[j] + LV_H / 2;
    for (size_t i = 0; i < fit->p; i++)
        if (fit->model->mv[i].lv == j) {
            *top = fmin(*top, d->my[i] - MV_H / 2);
            *bottom = fmax(*bottom, d->my[i] + MV_H / 2);
        }
}

/* 1 when no construct of j's column lies below it. */
static int lowest(const wold__diagram *d, size_t j)
{
    for (size_t k = 0; k < d->J; k++)
        if (fabs(d->lx[k] - d->lx[j]) < 0.5 && d->ly[k] > d->ly[j])
            return 0;
    return 1;
}

/* The arrow's curve at its middle (t = 1/2) passes through apex. */
static double through(const wold__diagram *d, size_t a, size_t b, double apex)
{
    return 2 * apex - 0.5 * (d->ly[a] + d->ly[b]);
}

/*
 * The structural arrows: straight between neighbouring columns.  One
 * that skips a column bows around the constructs between: below them
 * when both its ends are the lowest of their columns or that way is
 * shorter, else above, each
 * further bow a little farther out so that the labels do not meet.
 * Then the diagram grows (and moves down) to hold the bows.
 */
static void route(const wold_fit *fit, wold__diagram *d)
{
    double top = MARGIN, bottom = d->height - MARGIN;
    size_t n_below = 0, n_above = 0;
    for (size_t k = 0; k < fit->n_coef; k++) {
        size_t a = fit->coef[k].from, b = fit->coef[k].to;
        if (a == (size_t)-1)
            continue;
        double hi = INFINITY, lo = -INFINITY, t, u;
        d->qx[k] = (d->lx[a] + d->lx[b]) / 2;
        d->qy[k] = (d->ly[a] + d->ly[b]) / 2;
        for (size_t j = 0; j < fit->J; j++)
            if (d->lx[j] > d->lx[a] + 0.5 && d->lx[j] < d->lx[b] - 0.5) {
                cell_extent(fit, d, j, &t, &u);
                hi = fmin(hi, t);
                lo = fmax(lo, u);
            }
        if (!isfinite(hi))
            continue;
        double mid = (d->ly[a] + d->ly[b]) / 2;
        int below = lowest(d, a) && lowest(d, b) ? 1
                    : lo - mid < mid - hi       ? 1
                                                : 0;
        double apex = below ? fmax(lo, fmax(d->ly[a], d->ly[b]) + LV_H / 2) +
                                  22 + 22 * (double)n_below++
                            : fmin(hi, fmin(d->ly[a], d->ly[b]) - LV_H / 2) -
                                  22 - 22 * (double)n_above++;
        d->qy[k] = through(d, a, b, apex);
        top = fmin(top, apex - 16);
        bottom = fmax(bottom, apex + 10);
    }
    double shift = MARGIN - top;
    for (size_t j = 0; j < fit->J; j++)
        d->ly[j] += shift;
    for (size_t i = 0; i < fit->p; i++)
        d->my[i] += shift;
    for (size_t k = 0; k < fit->n_coef; k++)
        d->qy[k] += shift;
    d->height = bottom + shift + MARGIN;
}

wold_status wold__diagram_layout(wold__diagram *d, const wold_fit *fit,
                                 wold_error *err)
{
    size_t J = fit->J, p = fit->p;
    memset(d, 0, sizeof *d);
    /* One block: lx ly lw (J) mx my mw (p) qx qy (n_coef), then scratch
     * pos key (J). */
    size_t nc = fit->n_coef;
    double *buf = malloc((5 * J + 3 * p + 2 * nc + 1) * sizeof *buf);
    size_t *ints = malloc((2 * J + 1) * sizeof *ints);
    if (buf == NULL || ints == NULL) {
        free(buf);
        free(ints);
        return WOLD_FAIL(err, WOLD_ENOMEM, "out of memory for the diagram");
    }
    d->J = J;
    d->p = p;
    d->lx = buf;
    d->ly = buf + J;
    d->lw = buf + 2 * J;
    d->mx = buf + 3 * J;
    d->my = buf + 3 * J + p;
    d->mw = buf + 3 * J + 2 * p;
    d->lh = LV_H;
    d->mh = MV_H;
    d->qx = buf + 3 * J + 3 * p;
    d->qy = d->qx + nc;
    double *pos = d->qy + nc, *key = pos + J;
    size_t *layer = ints, *ord = ints + J;
    for (size_t j = 0; j < J; j++) {
        double w = text_width(fit->model->lv[j].name, CHAR_W) + 40;
        d->lw[j] = w > LV_W_MIN ? w : LV_W_MIN;
    }
    for (size_t i = 0; i < p; i++) {
        double w = text_width(fit->model->mv[i].name, 6.6) + 14;
        d->mw[i] = w > MV_W_MIN ? w : MV_W_MIN;
    }
    size_t nl = layers(fit, layer);
    sweep(fit, layer, nl, pos, key, ord);
    place(fit, d, layer, nl, pos, ord, key);
    route(fit, d);
    free(ints);
    return WOLD_OK;
}

/* ---- writing ---------------------------------------------------------- */

void wold__xml_text(FILE *f, const char *s)
{
    for (; *s != '\0'; s++)
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
}

void wold__xml_num(FILE *f, double x, int decimals)
{
    if (isfinite(x))
        fprintf(f, "%.*f", decimals, x);
    else
        fputs(WOLD__UNDEFINED, f);
}

/* Where the ray from the centre of ellipse (cx, cy, rx, ry) towards
 * (tx, ty) leaves it. */
static void rim(double cx, double cy, double rx, double ry, double tx,
                double ty, double *x, double *y)
{
    double dx = tx - cx, dy = ty - cy;
    double s = sqrt(dx * dx / (rx * rx) + dy * dy / (ry * ry));
    if (s <= 0) {
        *x = cx;
        *y = cy;
        return;
    }
    *x = cx + dx / s;
    *y = cy + dy / s;
}

static const char svg_style[] =
    "<style>\n"
    ".wold-diagram text{font-family:var(--wold-font,'Helvetica Neue',Arial,"
    "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',"
    "sans-serif)}\n"
    ".wold-diagram .lv{fill:#5b9bd5;stroke:#2e6da4;stroke-width:1.5}\n"
    ".wold-diagram .lvname{fill:#fff;font-size:13px;font-weight:600}\n"
    ".wold-diagram .r2{fill:#fff;font-size:11.5px}\n"
    ".wold-diagram .mv{fill:#ffe699;stroke:#bf9000;stroke-width:1.2}\n"
    ".wold-diagram .mvname{fill:#3a3000;font-size:11px}\n"
    ".wold-diagram .path{fill:none;stroke:#1f3864;stroke-width:1.6}\n"
    ".wold-diagram .outer{fill:none;stroke:#7f7f7f;stroke-width:1}\n"
    ".wold-diagram .est{fill:#1f3864;font-size:12px;font-weight:600;"
    "stroke:#fff;stroke-width:4px;paint-order:stroke;stroke-linejoin:round}\n"
    ".wold-diagram .ld{fill:#555;font-size:9.5px;stroke:#fff;stroke-width:3px;"
    "paint-order:stroke}\n"
    ".wold-diagram .legend{fill:#333;font-size:11px}\n"
    "</style>\n";

static void defs(FILE *f)
{
    fputs("<defs>"
          "<marker id=\"wold-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" "
          "refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" "
          "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
          "fill=\"#1f3864\"/></marker>"
          "<marker id=\"wold-arrow-outer\" viewBox=\"0 0 10 10\" refX=\"9\" "
          "refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" "
          "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
          "fill=\"#7f7f7f\"/></marker></defs>\n",
          f);
}

/* A measurement arrow between indicator i and its construct, with the
 * loading (Mode A, construct to indicator) or the weight (Mode B). */
static void outer_arrow(FILE *f, const wold_fit *fit, const wold__diagram *d,
                        size_t i)
{
    size_t j = fit->model->mv[i].lv;
    int mode_b = fit->model->lv[j].mode == WOLD_MODE_B;
    double mx = d->mx[i], ex, ey;
    double my = d->my[i] + (d->my[i] < d->ly[j] ? MV_H / 2 : -MV_H / 2);
    rim(d->lx[j], d->ly[j], d->lw[j] / 2, LV_H / 2, mx, my, &ex, &ey);
    double x1 = mode_b ? mx : ex, y1 = mode_b ? my : ey;
    double x2 = mode_b ? ex : mx, y2 = mode_b ? ey : my;
    fprintf(f, "<line class=\"outer\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
               "y2=\"%.1f\" marker-end=\"url(#wold-arrow-outer)\"/>",
            x1, y1, x2, y2);
    fprintf(f, "<text class=\"ld\" x=\"%.1f\" y=\"%.1f\" "
               "text-anchor=\"middle\">",
            mx + (ex - mx) * 0.35, my + (ey - my) * 0.35 + 3);
    wold__xml_num(f, mode_b ? fit->mv[i].weight : fit->mv[i].loading, 3);
    fputs("</text>\n", f);
}

static void indicator(FILE *f, const wold_fit *fit, const wold__diagram *d,
                      size_t i)
{
    fprintf(f, "<rect class=\"mv\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
               "height=\"%.1f\" rx=\"2\"/><text class=\"mvname\" x=\"%.1f\" "
               "y=\"%.1f\" text-anchor=\"middle\">",
            d->mx[i] - d->mw[i] / 2, d->my[i] - MV_H / 2, d->mw[i], MV_H,
            d->mx[i], d->my[i] + 4);
    wold__xml_text(f, fit->model->mv[i].name);
    fputs("</text>\n", f);
}

static void construct(FILE *f, const wold_fit *fit, const wold__diagram *d,
                      size_t j)
{
    int r2 = fit->lv[j].endogenous;
    fprintf(f, "<ellipse class=\"lv\" cx=\"%.1f\" cy=\"%.1f\" rx=\"%.1f\" "
               "ry=\"%.1f\"/><text class=\"lvname\" x=\"%.1f\" y=\"%.1f\" "
               "text-anchor=\"middle\">",
            d->lx[j], d->ly[j], d->lw[j] / 2, LV_H / 2, d->lx[j],
            d->ly[j] + (r2 ? -2 : 4.5));
    wold__xml_text(f, fit->model->lv[j].name);
    fputs("</text>", f);
    if (r2) {
        fprintf(f, "<text class=\"r2\" x=\"%.1f\" y=\"%.1f\" "
                   "text-anchor=\"middle\">R\xc2\xb2 = ",
                d->lx[j], d->ly[j] + 14);
        wold__xml_num(f, fit->lv[j].r2, 3);
        fputs("</text>", f);
    }
    fputc('\n', f);
}

/* The bootstrap p of path from -> to, NaN without one. */
static double boot_p(const wold_boot *boot, size_t from, size_t to)
{
    const wold_boot_stat *s =
        boot != NULL ? wold_boot_find(boot, WOLD_STAT_PATH, from, to, WOLD_NONE)
                     : NULL;
    return s != NULL ? s->p : NAN;
}

/* A structural arrow, labelled with its estimate at the curve's middle. */
static void path_arrow(FILE *f, const wold__diagram *d, const wold_coef *c,
                       size_t k, const wold_boot *boot)
{
    size_t a = c->from, b = c->to;
    double qx = d->qx[k], qy = d->qy[k];
    double x1, y1, x2, y2;
    rim(d->lx[a], d->ly[a], d->lw[a] / 2, LV_H / 2, qx, qy, &x1, &y1);
    rim(d->lx[b], d->ly[b], d->lw[b] / 2, LV_H / 2, qx, qy, &x2, &y2);
    double p = boot_p(boot, a, b);
    int dashed = boot != NULL && !(p < 0.05);
    fprintf(f, "<path class=\"path\" d=\"M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f\"%s "
               "marker-end=\"url(#wold-arrow)\"/>",
            x1, y1, qx, qy, x2, y2,
            dashed ? " stroke-dasharray=\"6 4\"" : "");
    /* The label at the curve's midpoint (t = 1/2 of the quadratic). */
    fprintf(f, "<text class=\"est\" x=\"%.1f\" y=\"%.1f\" "
               "text-anchor=\"middle\">",
            0.25 * x1 + 0.5 * qx + 0.25 * x2, 0.25 * y1 + 0.5 * qy + 0.25 * y2 + 4);
    wold__xml_num(f, c->estimate, 3);
    if (boot != NULL && p < 0.05)
        fputc('*', f);
    fputs("</text>\n", f);
}

static double legend(FILE *f, const wold_fit *fit, const wold_boot *boot,
                     wold_lang lang, double y)
{
    int any_b = 0;
    for (size_t j = 0; j < fit->J; j++)
        any_b |= fit->model->lv[j].mode == WOLD_MODE_B;
    fprintf(f, "<text class=\"legend\" x=\"%.1f\" y=\"%.1f\">", MARGIN, y);
    wold__xml_text(f, wold__tr(lang, any_b ? "Numbers on indicator arrows: "
                                             "loadings (Mode A), weights "
                                             "(Mode B)"
                                           : "Numbers on indicator arrows: "
                                             "loadings"));
    fputs("</text>\n", f);
    if (boot == NULL)
        return y + 8;
    y += 20;
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
               "stroke=\"#1f3864\" stroke-width=\"1.6\"/>"
               "<text class=\"legend\" x=\"%.1f\" y=\"%.1f\">",
            MARGIN, y - 4, MARGIN + 30, y - 4, MARGIN + 38, y);
    wold__xml_text(f, wold__tr(lang, "solid, *: bootstrap p < 0.05"));
    fprintf(f, "</text><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
               "stroke=\"#1f3864\" stroke-width=\"1.6\" "
               "stroke-dasharray=\"6 4\"/><text class=\"legend\" x=\"%.1f\" "
               "y=\"%.1f\">",
            MARGIN + 250, y - 4, MARGIN + 280, y - 4, MARGIN + 288, y);
    wold__xml_text(f, wold__tr(lang, "dashed: p >= 0.05"));
    fputs("</text>\n", f);
    return y + 8;
}

wold_status wold__report_svg(FILE *f, const wold_fit *fit,
                             const wold_boot *boot, wold_lang lang,
                             int standalone, wold_error *err)
{
    wold__diagram d;
    WOLD_TRY(wold__diagram_layout(&d, fit, err));
    double legend_h = boot != NULL ? 48 : 26;
    double w = d.width < 560 ? 560 : d.width, h = d.height + legend_h;
    if (standalone)
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
               "class=\"wold-diagram\" viewBox=\"0 0 %.0f %.0f\" "
               "width=\"%.0f\" height=\"%.0f\" role=\"img\" ",
            w, h, w, h);
    /* Inside the page the diagram shrinks to the column's width, but not
     * below 62% of its size, where its text would become illegible: past
     * that, its box scrolls. */
    if (!standalone)
        fprintf(f, "style=\"min-width:%.0fpx\" ", 0.62 * w);
    fputs("aria-label=\"", f);
    wold__xml_text(f, wold__tr(lang, "Path diagram"));
    fputs("\">\n", f);
    fputs(svg_style, f);
    defs(f);
    for (size_t i = 0; i < fit->p; i++)
        outer_arrow(f, fit, &d, i);
    for (size_t k = 0; k < fit->n_coef; k++)
        if (fit->coef[k].from != (size_t)-1)
            path_arrow(f, &d, &fit->coef[k], k, boot);
    for (size_t i = 0; i < fit->p; i++)
        indicator(f, fit, &d, i);
    for (size_t j = 0; j < fit->J; j++)
        construct(f, fit, &d, j);
    legend(f, fit, boot, lang, d.height + 6);
    fputs("</svg>\n", f);
    wold__diagram_free(&d);
    return WOLD_OK;
}
