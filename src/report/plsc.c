/*
 * plsc.c - the consistent-PLS section of the reports: rhoA and the
 * correction factor of every block, and the admissibility verdict with
 * each rule the solution breaks (docs/methods.md, "Consistent PLS"; keys
 * in docs/json.md).  Written only for a fit with opt.plsc.
 */
#include <math.h>
#include <stdio.h>

#include <json.h>

#include "fit/fit.h"
#include "model/model.h"
#include "report/report.h"

/* Why a block is not corrected, or NULL when it is. */
static const char *not_corrected(const wold__lv *lv)
{
    if (lv->mode == WOLD_MODE_B)
        return WOLD__N("no (composite)");
    return lv->count == 1 ? WOLD__N("no (1 indicator)") : NULL;
}

static void blocks_table(wold__table *t, const wold_fit *fit, wold_lang lang)
{
    const wold_model *md = fit->model;
    const double *rhoa = wold_fit_plsc_rhoa(fit);
    const double *c = wold_fit_plsc_factors(fit);
    const char *head[] = {WOLD__N("latent"), WOLD__N("mode"),
                          WOLD__N("corrected"), WOLD__N("rhoA"),
                          WOLD__N("factor")};
    for (size_t h = 0; h < 5; h++)
        wold__table_cell(t, wold__tr(lang, head[h]));
    for (size_t j = 0; j < md->n_lv; j++) {
        const char *no = not_corrected(&md->lv[j]);
        wold__table_cell(t, md->lv[j].name);
        wold__table_cell(t, md->lv[j].mode == WOLD_MODE_A ? "A" : "B");
        wold__table_cell(t, wold__tr(lang, no ? no : "yes"));
        wold__table_num(t, rhoa[j], 4);
        wold__table_num(t, no ? NAN : c[j], 4);
    }
}

/* "EXPE -> VAL", "EXPE, QUAL", "imag1 (IMAG)", "IMAG" or "-". */
static void issue_where(char *buf, size_t size, const wold_model *md,
                        const wold_plsc_issue *is)
{
    switch (is->rule) {
    case WOLD_PLSC_PATH:
        snprintf(buf, size, "%s -> %s", md->lv[is->other].name,
                 md->lv[is->lv].name);
        break;
    case WOLD_PLSC_CORRELATION:
        snprintf(buf, size, "%s, %s", md->lv[is->lv].name,
                 md->lv[is->other].name);
        break;
    case WOLD_PLSC_LOADING:
        snprintf(buf, size, "%s (%s)", md->mv[is->other].name,
                 md->lv[is->lv].name);
        break;
    case WOLD_PLSC_RHOA:
        snprintf(buf, size, "%s", md->lv[is->lv].name);
        break;
    default:
        snprintf(buf, size, "-");
    }
}

/* The rules' bound, as the verdict states it. */
static const char *rule_bound(wold_plsc_rule rule)
{
    switch (rule) {
    case WOLD_PLSC_RHOA:
        return WOLD__N("not in (0, 1]");
    case WOLD_PLSC_NOT_PD:
        return WOLD__N("smallest eigenvalue not positive");
    default:
        return WOLD__N("beyond +-1");
    }
}

static void issues_table(wold__table *t, const wold_fit *fit, wold_lang lang)
{
    char where[512];
    const char *head[] = {WOLD__N("  rule"), WOLD__N("where"),
                          WOLD__N("value"), WOLD__N("bound")};
    for (size_t h = 0; h < 4; h++)
        wold__table_cell(t, wold__tr(lang, head[h]));
    for (size_t k = 0; k < wold_fit_plsc_n_issues(fit); k++) {
        const wold_plsc_issue *is = wold_fit_plsc_issue(fit, k);
        char rule[64];
        snprintf(rule, sizeof rule, "  %s", wold_plsc_rule_name(is->rule));
        issue_where(where, sizeof where, fit->model, is);
        wold__table_cell(t, rule);
        wold__table_cell(t, where);
        wold__table_num(t, is->value, 4);
        wold__table_cell(t, wold__tr(lang, rule_bound(is->rule)));
    }
}

/* The rule names of a mask, "path, correlation". */
static void rule_list(char *buf, size_t size, unsigned rules)
{
    size_t len = 0;
    buf[0] = '\0';
    for (unsigned bit = 1; bit <= WOLD_PLSC_PATH; bit <<= 1)
        if ((rules & bit) && len < size)
            len += (size_t)snprintf(buf + len, size - len, "%s%s",
                                    len ? ", " : "",
                                    wold_plsc_rule_name((wold_plsc_rule)bit));
}

static int any_corrected(const wold_model *md)
{
    for (size_t j = 0; j < md->n_lv; j++)
        if (not_corrected(&md->lv[j]) == NULL)
            return 1;
    return 0;
}

wold_status wold__plsc_text(FILE *f, const wold_fit *fit, wold_lang lang)
{
    if (!fit->opt.plsc)
        return WOLD_OK;
    wold__table t;
    WOLD_TRY(wold__table_init(&t, "lllrr"));
    blocks_table(&t, fit, lang);
    fprintf(f, "\n%s\n", wold__tr(lang, "Consistent PLS (Dijkstra-Henseler)"));
    wold_status st = wold__table_write(&t, f, "  ");
    wold__table_free(&t);
    if (st != WOLD_OK)
        return st;
    if (!any_corrected(fit->model))
        fputs(wold__tr(lang, "  no block is corrected: Mode B blocks and "
                             "single indicators enter with reliability 1,\n"
                             "  so the estimates are those of PLS\n"), f);
    if (fit->model->n_paths > 0)
        fputs(wold__tr(lang, "  loadings of the corrected blocks are "
                             "consistent loadings; paths and R2 come\n  from "
                             "the disattenuated construct correlations; OLS "
                             "p-values do not apply\n"), f);
    else
        fputs(wold__tr(lang, "  loadings of the corrected blocks are "
                             "consistent loadings; the construct\n  "
                             "correlations are disattenuated\n"), f);
    unsigned rules = wold_fit_plsc_rules(fit);
    if (rules == 0) {
        fputs(wold__tr(lang, "  admissible: every rule holds (rhoA, loading, "
                             "correlation, positive definite, path)\n"), f);
        return WOLD_OK;
    }
    char list[128];
    rule_list(list, sizeof list, rules);
    fprintf(f, wold__tr(lang, "  INADMISSIBLE: %s\n"), list);
    WOLD_TRY(wold__table_init(&t, "llrl"));
    issues_table(&t, fit, lang);
    st = wold__table_write(&t, f, "  ");
    wold__table_free(&t);
    return st;
}

/* ---- JSON, built as json.c builds it (jdoc.c). */

static json_object *blocks_json(const wold_fit *fit, wold__jdoc *d)
{
    const wold_model *md = fit->model;
    json_object *a = wold__jmade(d, json_object_new_array());
    for (size_t j = 0; j < md->n_lv; j++) {
        int corrected = not_corrected(&md->lv[j]) == NULL;
        json_object *o = wold__jmade(d, json_object_new_object());
        wold__jput(d, o, "name", wold__jstr(d, md->lv[j].name));
        wold__jput(d, o, "corrected",
            wold__jmade(d, json_object_new_boolean(corrected)));
        wold__jput(d, o, "rho_a", wold__jnum(d, wold_fit_plsc_rhoa(fit)[j]));
        wold__jput(d, o, "factor",
            wold__jnum(d, corrected ? wold_fit_plsc_factors(fit)[j] : NAN));
        wold__jappend(d, a, o);
    }
    return a;
}

/* The LVs an issue concerns, in the order "where" shows them. */
static json_object *issue_lvs(const wold_model *md, const wold_plsc_issue *is,
                              wold__jdoc *d)
{
    json_object *a = wold__jmade(d, json_object_new_array());
    size_t first = is->lv, second = WOLD_NONE;
    if (is->rule == WOLD_PLSC_PATH)
        first = is->other, second = is->lv;
    else if (is->rule == WOLD_PLSC_CORRELATION)
        second = is->other;
    if (first != WOLD_NONE)
        wold__jappend(d, a, wold__jstr(d, md->lv[first].name));
    if (second != WOLD_NONE)
        wold__jappend(d, a, wold__jstr(d, md->lv[second].name));
    return a;
}

static json_object *issues_json(const wold_fit *fit, wold__jdoc *d)
{
    const wold_model *md = fit->model;
    json_object *a = wold__jmade(d, json_object_new_array());
    for (size_t k = 0; k < wold_fit_plsc_n_issues(fit); k++) {
        const wold_plsc_issue *is = wold_fit_plsc_issue(fit, k);
        json_object *o = wold__jmade(d, json_object_new_object());
        wold__jput(d, o, "rule", wold__jstr(d, wold_plsc_rule_name(is->rule)));
        wold__jput(d, o, "lvs", issue_lvs(md, is, d));
        wold__jput(d, o, "indicator",
                   is->rule == WOLD_PLSC_LOADING
                       ? wold__jstr(d, md->mv[is->other].name)
                       : NULL);
        wold__jput(d, o, "value", wold__jnum(d, is->value));
        wold__jappend(d, a, o);
    }
    return a;
}

json_object *wold__plsc_json(const wold_fit *fit, wold__jdoc *d)
{
    if (!fit->opt.plsc)
        return NULL;
    unsigned rules = wold_fit_plsc_rules(fit);
    json_object *o = wold__jmade(d, json_object_new_object());
    wold__jput(d, o, "admissible",
               wold__jmade(d, json_object_new_boolean(rules == 0)));
    json_object *failed = wold__jmade(d, json_object_new_array());
    for (unsigned bit = 1; bit <= WOLD_PLSC_PATH; bit <<= 1)
        if (rules & bit)
            wold__jappend(d, failed,
                   wold__jstr(d, wold_plsc_rule_name((wold_plsc_rule)bit)));
    wold__jput(d, o, "rules_failed", failed);
    wold__jput(d, o, "blocks", blocks_json(fit, d));
    wold__jput(d, o, "issues", issues_json(fit, d));
    return o;
}
