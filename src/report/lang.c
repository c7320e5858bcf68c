/*
 * lang.c - the Chinese of the reports' headings and labels (--lang zh).
 * One table of English -> Chinese pairs, sorted by the English in strcmp
 * order and searched by binary search: constant strings, no allocation,
 * no state.  The Chinese follows the usage of Chinese PLS-SEM textbooks
 * (the translation of Hair et al.'s Primer; docs/csi.md, "Terms").
 * tests/test_lang.c checks that the table is sorted and that every
 * string the report writers pass to wold__tr (or mark with WOLD__N) has
 * an entry.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

typedef struct pair {
    const char *en, *zh;
} pair;

/* Sorted by en (LC_ALL=C sort). */
static const pair table[] = {
    {"Collinearity (VIF)", "共线性（VIF）"},
    {"Cross-loadings", "交叉载荷"},
    {"Discriminant validity: HTMT", "判别效度：HTMT"},
    {"Discriminant validity: HTMT2", "判别效度：HTMT2"},
    {"Effects", "效应"},
    {"Index", "指数"},
    {"LV correlations", "潜变量相关系数"},
    {"Left out of the aggregates", "未计入汇总"},
    {"Measurement model", "测量模型（外部模型）"},
    {"Model fit", "模型拟合"},
    {"Reliability", "信度"},
    {"Structural model: R2", "结构模型：R2"},
    {"Structural model: paths", "结构模型：路径系数"},
    {"Warnings", "警告"},
    {"block", "区块"},
    {"communality", "共同度"},
    {"company", "企业"},
    {"direct", "直接效应"},
    {"estimate", "估计值"},
    {"estimated", "估计模型"},
    {"from", "自"},
    {"grade", "等级"},
    {"in", "所属"},
    {"index", "指数"},
    {"indicator", "指标"},
    {"indirect", "间接效应"},
    {"industry", "行业"},
    {"latent", "潜变量"},
    {"left out", "未计入"},
    {"level", "层级"},
    {"loading", "载荷"},
    {"mean", "均值"},
    {"mode", "模式"},
    {"name", "名称"},
    {"nation", "全国"},
    {"redundancy", "冗余度"},
    {"saturated", "饱和模型"},
    {"sector", "部门"},
    {"to", "至"},
    {"total", "总效应"},
    {"weight", "权重"},
    {"why", "原因"},
};

#define N_PAIRS (sizeof table / sizeof table[0])

static int by_en(const void *key, const void *elem)
{
    return strcmp(key, ((const pair *)elem)->en);
}

const char *wold__tr(wold_lang lang, const char *en)
{
    if (lang != WOLD_LANG_ZH || en == NULL)
        return en;
    const pair *p = bsearch(en, table, N_PAIRS, sizeof table[0], by_en);
    return p != NULL ? p->zh : en;
}

size_t wold__tr_count(void) { return N_PAIRS; }

const char *wold__tr_key(size_t k) { return k < N_PAIRS ? table[k].en : NULL; }
