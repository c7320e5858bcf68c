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
    {"CES (mean)", "顾客费力度 CES（均值）"},
    {"CLV (mean)", "顾客终身价值 CLV（均值）"},
    {"CSAT (%)", "顾客满意率 CSAT（%）"},
    {"Collinearity (VIF)", "共线性（VIF）"},
    {"Constructs by priority for improvement", "构念的改进优先顺序"},
    {"Cross-loadings", "交叉载荷"},
    {"Discriminant validity: HTMT", "判别效度：HTMT"},
    {"Discriminant validity: HTMT2", "判别效度：HTMT2"},
    {"Effects", "效应"},
    {"Group", "分组"},
    {"Importance-performance map (IPMA)", "重要性-绩效图分析（IPMA）"},
    {"Indicators by priority for improvement", "指标的改进优先顺序"},
    {"Indices (0-100)", "指数（0–100）"},
    {"Kish n", "Kish 有效样本量"},
    {"LV correlations", "潜变量相关系数"},
    {"Measurement model", "测量模型（外部模型）"},
    {"Model fit", "模型拟合"},
    {"NPS (points)", "净推荐值 NPS（分）"},
    {"Reliability", "信度"},
    {"Structural model: R2", "结构模型：R2"},
    {"Structural model: paths", "结构模型：路径系数"},
    {"Survey metrics", "调查指标"},
    {"Warnings", "警告"},
    {"block", "区块"},
    {"churn (%)", "顾客流失率（%）"},
    {"communality", "共同度"},
    {"construct", "构念"},
    {"detractors (%)", "贬损者（%）"},
    {"dimension (mean)", "维度（均值）"},
    {"direct", "直接效应"},
    {"estimate", "估计值"},
    {"estimated", "估计模型"},
    {"from", "自"},
    {"grade", "等级"},
    {"importance", "重要性"},
    {"importance: target points per point of the driver", "重要性：驱动因素每提高 1 分，目标构念提高的分数"},
    {"index", "指数"},
    {"indicator", "指标"},
    {"indirect", "间接效应"},
    {"latent", "潜变量"},
    {"loading", "载荷"},
    {"lower", "下限"},
    {"mean", "均值"},
    {"mean score", "平均得分"},
    {"metric", "指标"},
    {"mode", "模式"},
    {"n", "样本量"},
    {"of", "对象"},
    {"passives (%)", "被动者（%）"},
    {"perceived / expected C", "感知/期望比 C"},
    {"performance", "绩效"},
    {"performance: the driver's mean on 0-100", "绩效：驱动因素在 0–100 上的均值"},
    {"potential", "改进潜力"},
    {"potential = importance x (100 - performance)", "改进潜力 = 重要性 ×（100 − 绩效）"},
    {"promoters (%)", "推荐者（%）"},
    {"redundancy", "冗余度"},
    {"repeat purchase (%)", "重复购买率（%）"},
    {"retention (%)", "顾客保留率（%）"},
    {"s.e.", "标准误"},
    {"s.e. (boot)", "标准误（自助法）"},
    {"saturated", "饱和模型"},
    {"scale", "量表"},
    {"standard point", "标准点"},
    {"stars", "星级"},
    {"the first rows are the priorities for improvement", "排在前面的即优先改进项"},
    {"to", "至"},
    {"total", "总效应"},
    {"upper", "上限"},
    {"value", "数值"},
    {"weight", "权重"},
    {"weighted score S", "加权满意度得分 S"},
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
