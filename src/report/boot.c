/*
 * boot.c - the bootstrap section of the report, text and JSON: how many
 * replicates the statistics rest on and why others failed, then for every
 * statistic the original estimate, bootstrap mean, standard error, t, p
 * and intervals, and the one-sided HTMT test (docs/methods.md, section 10;
 * docs/json.md, "bootstrap").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "fit/fit.h"
#include "infer/infer.h"
#include "model/model.h"
#include "report/report.h"
#include "util/util.h"

static const char *const kind_key[] = {"path",   "indirect", "total",
                                       "weight", "loading",  "r2",
                                       "htmt",   "htmt2",    "rhoa",
                                       "extra"};
static const char *const kind_title[] = {
    "Paths", "Indirect effects", "Total effects", "Outer weights",
    "Loadings", "R2", "HTMT", "HTMT2", "rhoA", NULL};

/* The caller's statistics (wold_boot_extra) are labelled "group:name":
 * the table heads each group, and names each row by what follows the
 * colon (the whole label when it has none). */
static size_t extra_group_len(const char *label)
{
    const char *c = strchr(label, ':');
    return c != NULL ? (size_t)(c - label) : 0;
}

static const char *extra_title(const char *label, char *buf, size_t size)
{
    static const struct { const char *group, *title; } known[] = {
        {"index", "Indices (0-100)"}};
    size_t len = extra_group_len(label);
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
        if (len == strlen(known[k].group) &&
            strncmp(label, known[k].group, len) == 0)
            return known[k].title;
    if (len == 0)
        return "Other statistics";
    snprintf(buf, size, "%.*s", (int)len, label);
    return buf;
}

/* How the summary line names the intervals. */
static const char *ci_words(wold_boot_ci ci)
{
    return ci == WOLD_BOOT_CI_BCA    ? "BCa"
           : ci == WOLD_BOOT_CI_BOTH ? "percentile and BCa"
                                     : "percentile";
}

static const char *ci_name(wold_boot_ci ci)
{
    return ci == WOLD_BOOT_CI_BCA    ? "bca"
           : ci == WOLD_BOOT_CI_BOTH ? "both"
                                     : "percentile";
}

static const char *sign_name(wold_sign_change s)
{
    return s == WOLD_SIGN_INDIVIDUAL  ? "individual"
           : s == WOLD_SIGN_CONSTRUCT ? "construct"
                                      : "none";
}

/* What a statistic is about, as the report's first column shows it. */
static void stat_name(char *buf, size_t size, const wold_model *md,
                      const wold_boot_stat *s)
{
    switch (s->kind) {
    case WOLD_STAT_PATH:
    case WOLD_STAT_INDIRECT:
    case WOLD_STAT_TOTAL:
        snprintf(buf, size, "  %s -> %s", md->lv[s->lv].name,
                 md->lv[s->lv2].name);
        break;
    case WOLD_STAT_WEIGHT:
    case WOLD_STAT_LOADING:
        snprintf(buf, size, "  %s (%s)", md->mv[s->mv].name,
                 md->lv[s->lv].name);
        break;
    case WOLD_STAT_HTMT:
    case WOLD_STAT_HTMT2:
        snprintf(buf, size, "  %s <-> %s", md->lv[s->lv].name,
                 md->lv[s->lv2].name);
        break;
    case WOLD_STAT_EXTRA: {
        size_t len = extra_group_len(s->label);
        snprintf(buf, size, "  %s", s->label + (len ? len + 1 : 0));
        break;
    }
    default:
        snprintf(buf, size, "  %s", md->lv[s->lv].name);
        break;
    }
}

/* "2.5%" for the lower bound at level 0.95. */
static void bound_head(char *buf, size_t size, double level, int upper)
{
    double q = upper ? 50.0 * (1.0 + level) : 50.0 * (1.0 - level);
    char num[32];
    wold__format_c(num, sizeof num, 4, q);
    snprintf(buf, size, "%s%%", num);
}

static void summary_lines(FILE *f, const wold_boot *b)
{
    const wold_boot_options *o = &b->opt;
    char lv[32];
    wold__format_c(lv, sizeof lv, 6, 100.0 * o->level);
    if (b->B > 0) {
        fprintf(f, "  replicates  %zu asked, %zu used (seed %llu; %s%% %s "
                   "intervals; sign change %s; failed draws %s)\n",
                b->B, b->used, (unsigned long long)o->seed, lv,
                ci_words(o->ci), sign_name(o->sign_change),
                o->failures == WOLD_BOOT_DROP ? "dropped" : "redrawn");
        size_t total = 0;
        for (int c = 0; c < WOLD_BOOT_N_FAILURES; c++)
            total += b->failures[c];
        fprintf(f, "  failures    %zu draw%s failed", total,
                total == 1 ? "" : "s");
        for (int c = 0, first = 1; c < WOLD_BOOT_N_FAILURES; c++)
            if (b->failures[c] > 0) {
                fprintf(f, "%s%zu %s", first ? ": " : ", ", b->failures[c],
                        wold_boot_failure_name((wold_boot_failure)c));
                first = 0;
            }
        fputc('\n', f);
    }
    if (b->n_jack > 0)
        fprintf(f, "  jackknife   %zu leave-one-out fits, %zu failed\n",
                b->n_jack, b->jack_failed);
    fprintf(f, "  t = original / s.e.; p two-sided from Student's t with "
               "%zu degrees of freedom\n", b->fit->n - 1);
}

/* Which interval columns the table has. */
typedef struct columns {
    int pct, bca, jack;
} columns;

/* Columns: name, original, mean, s.e., t, p, then the percentile bounds,
 * the BCa bounds and the jackknife s.e. as asked for. */
static void head_row(wold__table *t, const wold_boot *b, columns c)
{
    char lo[40], hi[40], buf[48];
    bound_head(lo, sizeof lo, b->opt.level, 0);
    bound_head(hi, sizeof hi, b->opt.level, 1);
    const char *fixed[] = {"statistic", "original", "mean", "s.e.", "t", "p"};
    for (size_t k = 0; k < 6; k++)
        wold__table_cell(t, fixed[k]);
    if (c.pct) {
        wold__table_cell(t, lo);
        wold__table_cell(t, hi);
    }
    if (c.bca) {
        snprintf(buf, sizeof buf, "BCa %s", lo);
        wold__table_cell(t, buf);
        snprintf(buf, sizeof buf, "BCa %s", hi);
        wold__table_cell(t, buf);
    }
    if (c.jack)
        wold__table_cell(t, "jack. s.e.");
}

static void stat_row(wold__table *t, const wold_model *md,
                     const wold_boot_stat *s, columns c)
{
    char name[1024];
    stat_name(name, sizeof name, md, s);
    wold__table_cell(t, name);
    wold__table_num(t, s->original, 4);
    wold__table_num(t, s->mean, 4);
    wold__table_num(t, s->se, 4);
    wold__table_num(t, s->t, 3);
    wold__table_p(t, s->p);
    if (c.pct) {
        wold__table_num(t, s->pct_lo, 4);
        wold__table_num(t, s->pct_hi, 4);
    }
    if (c.bca) {
        wold__table_num(t, s->bca_lo, 4);
        wold__table_num(t, s->bca_hi, 4);
    }
    if (c.jack)
        wold__table_num(t, s->jack_se, 4);
}

static wold_status stats_table(FILE *f, const wold_boot *b)
{
    const wold_model *md = b->fit->model;
    columns c = {b->B > 0 && (b->opt.ci & WOLD_BOOT_CI_PERCENTILE) != 0,
                 b->B > 0 && (b->opt.ci & WOLD_BOOT_CI_BCA) != 0,
                 b->n_jack > 0};
    static const char align[] = "lrrrrrrrrrr";
    char al[sizeof align];
    size_t ncol = 6 + (c.pct ? 2 : 0) + (c.bca ? 2 : 0) + (c.jack ? 1 : 0);
    memcpy(al, align, ncol);
    al[ncol] = '\0';
    wold__table t;
    WOLD_TRY(wold__table_init(&t, al));
    head_row(&t, b, c);
    int kind = -1;
    const char *group = NULL;
    for (size_t k = 0; k < b->stats.n; k++) {
        const wold_boot_stat *s = &b->stats.s[k];
        if (s->kind == WOLD_STAT_EXTRA) {
            size_t len = extra_group_len(s->label);
            if (group == NULL || extra_group_len(group) != len ||
                strncmp(group, s->label, len) != 0) {
                char buf[256];
                group = s->label;
                wold__table_line(&t, extra_title(s->label, buf, sizeof buf));
            }
        } else if ((int)s->kind != kind) {
            kind = (int)s->kind;
            wold__table_line(&t, kind_title[kind]);
        }
        stat_row(&t, md, s, c);
    }
    wold_status st = wold__table_write(&t, f, "  ");
    wold__table_free(&t);
    return st;
}

/* The bootstrap p of the HTMT test: no replicate at or above the
 * threshold says p < 1/B, not p = 0. */
static void htmt_p(wold__table *t, double p, size_t used)
{
    char buf[64];
    if (p == 0.0 && used > 0) {
        snprintf(buf, sizeof buf, "< ");
        wold__format_c(buf + 2, sizeof buf - 2, 3, 1.0 / (double)used);
        wold__table_cell(t, buf);
    } else {
        wold__table_p(t, p);
    }
}

/* H0: HTMT >= threshold against H1: below it, for each pair. */
static wold_status htmt_test(FILE *f, const wold_boot *b)
{
    const wold_model *md = b->fit->model;
    char thr[32], lv[32], head[64];
    wold__format_c(thr, sizeof thr, 6, b->opt.htmt_threshold);
    wold__format_c(lv, sizeof lv, 6, 100.0 * b->opt.level);
    wold__table t;
    WOLD_TRY(wold__table_init(&t, "lrrrl"));
    snprintf(head, sizeof head, "upper %s%%", lv);
    const char *cols[] = {"pair", "HTMT", head, "p", "H0 rejected"};
    for (size_t c = 0; c < 5; c++)
        wold__table_cell(&t, cols[c]);
    size_t rows = 0;
    for (size_t k = 0; k < b->stats.n; k++) {
        const wold_boot_stat *s = &b->stats.s[k];
        if (s->kind != WOLD_STAT_HTMT || !isfinite(s->original))
            continue;
        char name[1024];
        stat_name(name, sizeof name, md, s);
        wold__table_cell(&t, name + 2);
        wold__table_num(&t, s->original, 4);
        wold__table_num(&t, s->htmt_upper, 4);
        htmt_p(&t, s->htmt_p, b->used);
        wold__table_cell(&t, !isfinite(s->htmt_upper) ? "-"
                             : s->htmt_upper < b->opt.htmt_threshold ? "yes"
                                                                     : "no");
        rows++;
    }
    wold_status st = WOLD_OK;
    if (rows > 0 && b->B > 0) {
        fprintf(f, "\nHTMT test (H0: HTMT >= %s; rejected when the one-sided "
                   "%s%% upper bound is below it; p = share of replicates "
                   ">= %s)\n", thr, lv, thr);
        st = wold__table_write(&t, f, "  ");
    }
    wold__table_free(&t);
    return st;
}

wold_status wold__report_boot_text(FILE *f, const wold_boot *b)
{
    fprintf(f, "\nBootstrap\n");
    summary_lines(f, b);
    fputc('\n', f);
    WOLD_TRY(stats_table(f, b));
    return htmt_test(f, b);
}

/* ---- JSON ------------------------------------------------------------- */

static json_object *jpair(wold__jdoc *d, double lo, double hi)
{
    if (!isfinite(lo) && !isfinite(hi))
        return NULL;
    json_object *a = wold__jmade(d, json_object_new_array());
    json_object *v[2] = {wold__jnum(d, lo), wold__jnum(d, hi)};
    for (int i = 0; i < 2; i++)
        if (a == NULL || json_object_array_add(a, v[i]) != 0) {
            d->nomem = 1;
            json_object_put(v[i]);
        }
    return a;
}

/* What the statistic concerns: from/to, lv (and lv2), indicator. */
static void jwhere(wold__jdoc *d, json_object *o, const wold_model *md,
                   const wold_boot_stat *s)
{
    if (s->kind <= WOLD_STAT_TOTAL) {
        wold__jput(d, o, "from", wold__jstr(d, md->lv[s->lv].name));
        wold__jput(d, o, "to", wold__jstr(d, md->lv[s->lv2].name));
    } else if (s->kind == WOLD_STAT_HTMT || s->kind == WOLD_STAT_HTMT2) {
        wold__jput(d, o, "lv", wold__jstr(d, md->lv[s->lv].name));
        wold__jput(d, o, "lv2", wold__jstr(d, md->lv[s->lv2].name));
    } else if (s->kind == WOLD_STAT_EXTRA) {
        return; /* its label says what it is */
    } else {
        wold__jput(d, o, "lv", wold__jstr(d, md->lv[s->lv].name));
    }
    if (s->mv != WOLD_NONE)
        wold__jput(d, o, "indicator", wold__jstr(d, md->mv[s->mv].name));
}

static json_object *jstat(wold__jdoc *d, const wold_boot *b,
                          const wold_boot_stat *s)
{
    json_object *o = wold__jmade(d, json_object_new_object());
    wold__jput(d, o, "kind", wold__jstr(d, kind_key[s->kind]));
    wold__jput(d, o, "label", wold__jstr(d, s->label));
    jwhere(d, o, b->fit->model, s);
    wold__jput(d, o, "original", wold__jnum(d, s->original));
    wold__jput(d, o, "mean", wold__jnum(d, s->mean));
    wold__jput(d, o, "bias", wold__jnum(d, s->bias));
    wold__jput(d, o, "se", wold__jnum(d, s->se));
    wold__jput(d, o, "t", wold__jnum(d, s->t));
    wold__jput(d, o, "p", wold__jnum(d, s->p));
    wold__jput(d, o, "percentile", jpair(d, s->pct_lo, s->pct_hi));
    wold__jput(d, o, "bca", jpair(d, s->bca_lo, s->bca_hi));
    wold__jput(d, o, "jackknife_se", wold__jnum(d, s->jack_se));
    wold__jput(d, o, "used", wold__jcount(d, s->used));
    if (s->kind == WOLD_STAT_HTMT || s->kind == WOLD_STAT_HTMT2) {
        json_object *h = wold__jmade(d, json_object_new_object());
        wold__jput(d, h, "upper", wold__jnum(d, s->htmt_upper));
        wold__jput(d, h, "p", wold__jnum(d, s->htmt_p));
        wold__jput(d, h, "rejected",
             isfinite(s->htmt_upper)
                 ? wold__jmade(d, json_object_new_boolean(
                                   s->htmt_upper < b->opt.htmt_threshold))
                 : NULL);
        wold__jput(d, o, "htmt_test", h);
    }
    return o;
}

static json_object *jsettings(wold__jdoc *d, const wold_boot *b)
{
    const wold_boot_options *o = &b->opt;
    json_object *s = wold__jmade(d, json_object_new_object());
    wold__jput(d, s, "replicates", wold__jcount(d, b->B));
    wold__jput(d, s, "seed",
               wold__jmade(d, json_object_new_int64((int64_t)o->seed)));
    wold__jput(d, s, "ci", wold__jstr(d, ci_name(o->ci)));
    wold__jput(d, s, "level", wold__jnum(d, o->level));
    wold__jput(d, s, "sign_change", wold__jstr(d, sign_name(o->sign_change)));
    wold__jput(d, s, "failures",
         wold__jstr(d, o->failures == WOLD_BOOT_DROP ? "drop" : "redraw"));
    wold__jput(d, s, "jackknife",
               wold__jmade(d, json_object_new_boolean(b->n_jack > 0)));
    wold__jput(d, s, "htmt_threshold", wold__jnum(d, o->htmt_threshold));
    wold__jput(d, s, "p_df", wold__jcount(d, b->fit->n - 1));
    return s;
}

json_object *wold__report_boot_json(const wold_boot *b, wold__jdoc *d)
{
    json_object *o = wold__jmade(d, json_object_new_object());
    wold__jput(d, o, "settings", jsettings(d, b));
    wold__jput(d, o, "used", wold__jcount(d, b->used));
    json_object *fails = wold__jmade(d, json_object_new_object());
    for (int c = 0; c < WOLD_BOOT_N_FAILURES; c++)
        wold__jput(d, fails, wold_boot_failure_name((wold_boot_failure)c),
             wold__jcount(d, b->failures[c]));
    wold__jput(d, o, "failed_draws", fails);
    wold__jput(d, o, "jackknife_fits", wold__jcount(d, b->n_jack));
    wold__jput(d, o, "jackknife_failed", wold__jcount(d, b->jack_failed));
    json_object *a = wold__jmade(d, json_object_new_array());
    for (size_t k = 0; k < b->stats.n; k++) {
        json_object *s = jstat(d, b, &b->stats.s[k]);
        if (a == NULL || json_object_array_add(a, s) != 0) {
            d->nomem = 1;
            json_object_put(s);
        }
    }
    wold__jput(d, o, "statistics", a);
    return o;
}
