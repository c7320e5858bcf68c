/*
 * lang.c - the Chinese of the reports' headings and labels (--lang zh).
 * One table of English -> Chinese pairs, sorted by the English in strcmp
 * order and searched by binary search: constant strings, no allocation,
 * no state.  The Chinese follows the usage of Chinese PLS-SEM and
 * customer-satisfaction writing (docs/csi.md, "Terms").  A format keeps
 * the English conversions in the same order.  tests/test_lang.c checks
 * that the table is sorted, that both sides of a pair have the same
 * conversions, and that every string the report writers pass to wold__tr
 * (or mark with WOLD__N) has an entry.  Keep the table sorted when adding
 * to it: LC_ALL=C sort order of the English.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

typedef struct pair {
    const char *en, *zh;
} pair;

/* Sorted by en (LC_ALL=C sort). */
static const pair table[] = {
    {"\n  Q2predict > 0 (PLS beats the training mean) "
     "for %zu of %zu indicator%s\n",
     "\n  Q2predict > 0（PLS 优于训练集均值）：%zu / "
     "%zu 个指标%s\n"},
    {"\nHTMT test (H0: HTMT >= %s; rejected when the "
     "one-sided %s%% upper bound is below it; p = share "
     "of replicates >= %s)\n",
     "\nHTMT 检验（H0：HTMT >= %s；单侧 %s%% 上限低于该值时拒绝；"
     "p = 重抽样中 >= %s 的比例）\n"},
    {"\nOut-of-sample prediction of the endogenous blocks' "
     "indicators (mean over %zu repeat%s)\n",
     "\n内生区块指标的样本外预测（%zu 次重复的均值%s）\n"},
    {"  %s after %d iteration%s (criterion %s)\n",
     "  %s：迭代 %d 次%s（收敛准则 %s）\n"},
    {"  (Shmueli et al. 2019: all indicators high, a "
     "majority medium, a minority low, none lacking)\n",
     "  （Shmueli et al. 2019：全部指标为高，多数为中等，"
     "少数为低，没有为缺乏）\n"},
    {"  GoF (Tenenhaus et al. 2004)  %s\n",
     "  拟合优度 GoF（Tenenhaus et al. 2004）  %s\n"},
    {"  INADMISSIBLE: %s\n", "  不可接受：%s\n"},
    {"  PLS RMSE below LM RMSE for %zu of %zu indicator%s: "
     "predictive power %s\n",
     "  PLS RMSE 低于 LM RMSE：%zu / %zu 个指标%s；预测能力%s\n"},
    {"  admissible: every rule holds (rhoA, loading, "
     "correlation, positive definite, path)\n",
     "  可接受：每条规则均成立（rhoA、载荷、相关系数、正定、路径）\n"},
    {"  failures    %zu draw%s failed", "  失败抽样    %zu 次%s"},
    {"  jackknife   %zu leave-one-out fits, %zu failed\n",
     "  刀切法      %zu 次留一拟合，%zu 次失败\n"},
    {"  loadings of the corrected blocks are consistent "
     "loadings; paths and R2 come\n  from the disattenuated "
     "construct correlations; OLS p-values do not apply\n",
     "  已校正区块的载荷为一致性载荷；路径系数和 R2 "
     "来自\n  消除衰减后的构念相关系数；OLS 的 p 值不适用\n"},
    {"  loadings of the corrected blocks are consistent "
     "loadings; the construct\n  correlations are disattenuated\n",
     "  已校正区块的载荷为一致性载荷；构念相关系数\n  已消除衰减\n"},
    {"  measurement model only: no structural path, "
     "so no iteration (docs/methods.md)\n",
     "  仅有测量模型：没有结构路径，因此不需要迭代（docs/methods.md）\n"},
    {"  no block is corrected: Mode B blocks and single "
     "indicators enter with reliability 1,\n  so the "
     "estimates are those of PLS\n",
     "  没有区块被校正：Mode B 区块和单指标区块以信度 "
     "1 进入，\n  因此估计值即 PLS 的估计值\n"},
    {"  replicates  %zu asked, %zu used (seed %llu; "
     "%s%% %s intervals; sign change %s; failed draws "
     "%s)\n",
     "  重抽样次数  要求 %zu 次，使用 %zu 次（种子 %llu；"
     "%s%% %s置信区间；符号变化 %s；失败的抽样予以%s）\n"},
    {"  rule", "  规则"},
    {"  t = original / s.e.; p two-sided from Student's "
     "t with %zu degrees of freedom\n",
     "  t = 原始值 / 标准误；p 为自由度 %zu 的 Student "
     "t 分布的双侧 p 值\n"},
    {" (missing: listwise, %zu row%s dropped)",
     "（缺失值：列表删除，删除 %zu 行%s）"},
    {" (missing: mean, %zu cell%s replaced)",
     "（缺失值：均值插补，替换 %zu 个单元格%s）"},
    {" (missing: pairwise, the fewest rows of a pair)",
     "（缺失值：成对删除，取各对变量中最少的行数）"},
    {" rows\n", " 行\n"},
    {"%s: %zu latent variable%s, %zu indicator%s, %zu "
     "path%s\n",
     "%s：%zu 个潜变量%s，%zu 个指标%s，%zu 条路径%s\n"},
    {"%s: %zu row%s\n", "%s：%zu 行%s\n"},
    {"%s: %zu row%s, %zu missing cell%s in %zu row%s\n",
     "%s：%zu 行%s，%zu 个缺失值%s，分布在 %zu 行%s\n"},
    {"%s; LM benchmark on the %zu indicators of the "
     "exogenous blocks\n",
     "%s；LM 基准模型使用外生区块的 %zu 个指标\n"},
    {"%zu folds x %zu repeat%s, seed %llu; training "
     "sets of %zu",
     "%zu 折 x %zu 次重复%s，种子 %llu；训练集 %zu"},
    {"* AVE below 0.5", "* AVE 低于 0.5"},
    {"* VIF above 5", "* VIF 高于 5"},
    {"* a squared correlation above the AVE of either "
     "LV",
     "* 相关系数的平方高于其中一个潜变量的 AVE"},
    {"* above 0.9 (Henseler et al. 2015)",
     "* 高于 0.9（Henseler et al. 2015）"},
    {", ", "，"},
    {", consistent PLS", "，一致性 PLS"},
    {": ", "："},
    {"AVE", "AVE"},
    {"BCa", "BCa "},
    {"BCa lower", "BCa 下限"},
    {"BCa upper", "BCa 上限"},
    {"Bootstrap", "自助法（bootstrap）"},
    {"Bootstrap intervals", "自助法置信区间"},
    {"CES (mean)", "顾客费力度 CES（均值）"},
    {"CLV (mean)", "顾客终身价值 CLV（均值）"},
    {"CSAT (%)", "顾客满意率 CSAT（%）"},
    {"Collinearity (VIF)", "共线性（VIF）"},
    {"Consistent PLS (Dijkstra-Henseler)", "一致性 PLS（Dijkstra-Henseler）"},
    {"Constructs by priority for improvement", "构念的改进优先顺序"},
    {"Contents", "目录"},
    {"Cross-loadings", "交叉载荷"},
    {"DG rho", "DG rho"},
    {"Discriminant validity: Fornell-Larcker (AVE on "
     "the diagonal, squared LV correlations below)",
     "判别效度：Fornell-Larcker 准则（对角线为 AVE，"
     "其下为潜变量相关系数的平方）"},
    {"Discriminant validity: HTMT", "判别效度：HTMT"},
    {"Discriminant validity: HTMT2", "判别效度：HTMT2"},
    {"Effects", "效应"},
    {"Fornell-Larcker", "Fornell-Larcker 准则"},
    {"Fornell-Larcker criterion (AVE on the diagonal, squared "
     "correlations below)",
     "Fornell-Larcker 准则（对角线为 AVE，下方为相关系数的平方）"},
    {"GoF", "拟合优度 GoF"},
    {"Group", "分组"},
    {"H0 rejected", "拒绝 H0"},
    {"HTMT", "HTMT"},
    {"HTMT2", "HTMT2"},
    {"Importance-performance map (IPMA)", "重要性-绩效图分析（IPMA）"},
    {"Index", "指数"},
    {"Indicators by priority for improvement", "指标的改进优先顺序"},
    {"Indices (0-100)", "指数（0–100）"},
    {"Indirect effects", "间接效应"},
    {"Kish n", "Kish 有效样本量"},
    {"LM MAE", "LM MAE"},
    {"LM RMSE", "LM RMSE"},
    {"LV correlations", "潜变量相关系数"},
    {"Left out of the aggregates", "未计入汇总"},
    {"Loadings", "载荷"},
    {"Measurement model", "测量模型（外部模型）"},
    {"Model fit", "模型拟合"},
    {"NOT CONVERGED", "未收敛"},
    {"NPS (points)", "净推荐值 NPS（分）"},
    {"Numbers on indicator arrows: loadings", "指标箭头上的数字：载荷"},
    {"Numbers on indicator arrows: loadings (Mode A), weights "
     "(Mode B)",
     "指标箭头上的数字：载荷（模式 A）、权重（模式 B）"},
    {"Other statistics", "其他统计量"},
    {"Outer weights", "外部权重"},
    {"PLS MAE", "PLS MAE"},
    {"PLS RMSE", "PLS RMSE"},
    {"PLS path model report", "PLS 路径模型报告"},
    {"Path diagram", "路径图"},
    {"Paths", "路径系数"},
    {"Q2predict", "Q2predict"},
    {"R2", "R2"},
    {"Reliability", "信度"},
    {"Reliability and validity", "信度与效度"},
    {"Structural model: R2", "结构模型（内部模型）：R2"},
    {"Structural model: paths", "结构模型（内部模型）：路径系数"},
    {"Summary", "概要"},
    {"Survey metrics", "调查指标"},
    {"The model has no structural path.", "模型没有结构路径。"},
    {"Total effects", "总效应"},
    {"VIF", "VIF"},
    {"Warnings", "警告"},
    {"adj. R2", "调整 R2"},
    {"alpha", "alpha"},
    {"beyond +-1", "超出 +-1"},
    {"block", "潜变量"},
    {"bound", "界限"},
    {"centred (unscaled)", "中心化（未标准化）"},
    {"churn (%)", "顾客流失率（%）"},
    {"column %s: total %s, Kish effective n %s\n",
     "列 %s：权重总和 %s，Kish 有效样本量 %s\n"},
    {"columns", "列数"},
    {"communality", "共同度"},
    {"company", "企业"},
    {"compatibility", "兼容模式"},
    {"consistent PLS", "一致性 PLS"},
    {"construct", "构念"},
    {"converged", "已收敛"},
    {"corrected", "已校正"},
    {"criterion", "收敛准则"},
    {"dashed: p >= 0.05", "虚线：p >= 0.05"},
    {"data", "数据"},
    {"detractors (%)", "贬损者（%）"},
    {"dimension (mean)", "维度（均值）"},
    {"direct", "直接效应"},
    {"direct antecedents", "直接前因变量"},
    {"dropped", "舍弃"},
    {"earliest antecedents", "最早前因变量"},
    {"eig1", "特征值1"},
    {"eig2", "特征值2"},
    {"estimate", "估计值"},
    {"estimated", "估计模型"},
    {"factor", "校正因子"},
    {"folds", "交叉验证"},
    {"from", "从"},
    {"grade", "等级"},
    {"high", "高"},
    {"importance", "重要性"},
    {"importance (total effect)", "重要性（总效应）"},
    {"importance: target points per point of the driver",
     "重要性：驱动因素每提高 1 分，目标构念提高的分数"},
    {"in", "所属"},
    {"index", "指数"},
    {"indicator", "指标"},
    {"indirect", "间接效应"},
    {"industry", "行业"},
    {"iterations", "迭代次数"},
    {"jack. s.e.", "刀切法标准误"},
    {"key", "项目"},
    {"lacking", "缺乏"},
    {"latent", "潜变量"},
    {"left out", "未计入"},
    {"level", "层级"},
    {"loading", "载荷"},
    {"low", "低"},
    {"lower", "下限"},
    {"lower, upper: the bootstrap percentile interval", "下限、上限：自助法百分位区间"},
    {"mean", "均值"},
    {"mean MAE", "均值 MAE"},
    {"mean RMSE", "均值 RMSE"},
    {"mean score", "平均得分"},
    {"medium", "中等"},
    {"metric", "指标"},
    {"missing cells", "缺失单元格"},
    {"missing values", "缺失值处理"},
    {"mode", "模式"},
    {"model", "模型"},
    {"n", "样本量"},
    {"name", "名称"},
    {"nation", "全国"},
    {"no", "否"},
    {"no (1 indicator)", "否（单一指标）"},
    {"no (composite)", "否（合成变量）"},
    {"not in (0, 1]", "不在 (0, 1] 内"},
    {"of", "对象"},
    {"original", "原始值"},
    {"p", "p"},
    {"p (OLS)", "p（OLS）"},
    {"p (boot)", "p（自助法）"},
    {"pair", "潜变量对"},
    {"passives (%)", "被动者（%）"},
    {"perceived / expected C", "感知/期望比 C"},
    {"percentile", "百分位"},
    {"percentile and BCa", "百分位和 BCa "},
    {"percentile lower", "百分位下限"},
    {"percentile upper", "百分位上限"},
    {"performance", "绩效"},
    {"performance (0-100)", "绩效（0-100）"},
    {"performance: the driver's mean on 0-100",
     "绩效：驱动因素在 0–100 上的均值"},
    {"potential", "改进潜力"},
    {"potential = importance x (100 - performance)",
     "改进潜力 = 重要性 ×（100 − 绩效）"},
    {"prediction", "预测"},
    {"promoters (%)", "推荐者（%）"},
    {"redrawn", "重抽"},
    {"redundancy", "冗余度"},
    {"repeat purchase (%)", "重复购买率（%）"},
    {"replicates", "重抽样次数"},
    {"retention (%)", "顾客保留率（%）"},
    {"rhoA", "rhoA"},
    {"rhoC", "rhoC"},
    {"rows", "行数"},
    {"rows read", "读取行数"},
    {"rows used", "使用行数"},
    {"s.e.", "标准误"},
    {"s.e. (OLS)", "标准误（OLS）"},
    {"s.e. (boot)", "标准误（自助法）"},
    {"saturated", "饱和模型"},
    {"scale", "量表"},
    {"scheme", "内部权重方案"},
    {"scheme %s, %s, tol %s, max-iter %d%s\n",
     "内部权重方案 %s，%s，收敛容差 %s，最大迭代次数 "
     "%d%s\n"},
    {"sector", "部门"},
    {"seed", "随机种子"},
    {"settings", "设置"},
    {"sheet", "工作表"},
    {"smallest eigenvalue not positive", "最小特征值非正"},
    {"solid, *: bootstrap p < 0.05", "实线、*：自助法 p < 0.05"},
    {"standard point", "标准点"},
    {"standardised", "标准化"},
    {"stars", "星级"},
    {"statistic", "统计量"},
    {"summary", "摘要"},
    {"t", "t"},
    {"t (OLS)", "t（OLS）"},
    {"t (boot)", "t（自助法）"},
    {"table", "表"},
    {"target", "目标构念"},
    {"the first rows are the priorities for improvement",
     "排在前面的即优先改进项"},
    {"to", "到"},
    {"total", "总效应"},
    {"upper", "上限"},
    {"upper %s%%", "上限 %s%%"},
    {"used", "有效"},
    {"value", "值"},
    {"weight", "权重"},
    {"weighted score S", "加权满意度得分 S"},
    {"weights", "样本权重"},
    {"where", "位置"},
    {"why", "原因"},
    {"wold %s - PLS path model\n\n", "wold %s - PLS 路径模型\n\n"},
    {"wold %s - PLSpredict: k-fold cross-validated prediction\n"
     "\n",
     "wold %s - PLSpredict：k 折交叉验证预测\n\n"},
    {"yes", "是"},
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

const char *wold__plural(wold_lang lang, size_t n)
{
    return lang == WOLD_LANG_ZH || n == 1 ? "" : "s";
}

void wold__put_label(FILE *f, wold_lang lang, const char *en)
{
    fputs("  ", f);
    wold__put_padded(f, wold__tr(lang, en), 11);
}

size_t wold__tr_count(void) { return N_PAIRS; }

const char *wold__tr_key(size_t k) { return k < N_PAIRS ? table[k].en : NULL; }
