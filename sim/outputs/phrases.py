"""The fixed words of figures and reports in Chinese (names and units are in ``sim.inputs.labels``).

:func:`say` returns a phrase in the language asked for: English as written in the code, Chinese
from :data:`ZH`. Phrases with ``{placeholders}`` are formatted after translation. A phrase with no
Chinese entry stays English; ``tests/test_labels.py`` checks that every phrase the figures and the
report use has one.
"""

from __future__ import annotations

from typing import Any

ZH: dict[str, str] = {
    # Figures
    "Projections: median, 50% and 90% bands": "预测：中位数、50%和90%区间",
    "Growth rates": "增速",
    "Levels": "总量",
    "Structure of the economy": "经济结构",
    "{group}: median, 50% and 90% bands": "{group}：中位数、50%和90%区间",
    "{group}: difference to {reference} (median, 90% band)": "{group}：与{reference}之差（中位数、90%区间）",
    "Difference to {reference}: median and 90% band of paired draws": "与{reference}之差：逐次抽样配对差的中位数和90%区间",
    "90% band": "90%区间",
    "mean": "均值",
    "Below each, the mean difference: an effect that shows in only some draws (a capacity that binds when demand is strong) has a median of zero and a mean that is not.": "其下为差值均值：只在部分抽样中出现的影响（如需求强时才受约束的产能）中位数为零，而均值不为零。",
    "50% band": "50%区间",
    "{reference} (zero)": "{reference}（零线）",
    "difference, {unit}": "差值，{unit}",
    "Each draw compared with the same draw of the reference.": "每次抽样与基准情景的同一次抽样相比。",
    "Value added by sector, {base_year} and {years} (median, 90% band)": "分行业增加值，{base_year}年和{years}年（中位数、90%区间）",
    "Value added ({unit}, nominal)": "增加值（{unit}，现价）",
    "{year} targets: outcome distribution and probability of meeting each": "{year}年目标：结果分布与实现概率",
    "Targets: outcome distribution and probability of meeting each": "目标：结果分布与实现概率",
    "target {comparison} {value} {unit}": "目标 {comparison} {value} {unit}",
    "target": "目标",
    "beyond horizon": "超出预测期",
    "P(met)": "实现概率",
    "basis unverified": "统计口径未核实",
    "Dot: median; thick bar: 50% band; thin bar: 90% band.": "圆点：中位数；粗线：50%区间；细线：90%区间。",
    "no lever moves it": "无政策杠杆影响",
    "lever moved down": "杠杆下调",
    "lever moved up": "杠杆上调",
    "change, {unit}": "变化，{unit}",
    "Change in the {outcome} ({unit})": "{outcome}变化（{unit}）",
    "What moves the {outcome}": "影响{outcome}的因素",
    "Scenario: {name}.": "情景：{name}。",
    "Scenarios: {reference} (reference), {others}.": "情景：{reference}（基准）、{others}。",
    "{draws} Monte Carlo draws, seed {seed}": "蒙特卡洛抽样{draws}次，随机种子{seed}",
    "{draws} Monte Carlo draws each, seed {seed}, common random numbers": "每个情景蒙特卡洛抽样{draws}次，随机种子{seed}，共同随机数",
    "cqsim {version}, parameters: {status}.": "cqsim {version}，参数状态：{status}。",
    # Report
    "cqsim run: {name}": "cqsim 运行结果：{name}",
    "cqsim comparison: {others} against {reference}": "cqsim 情景比较：{others}对比{reference}",
    "Contents": "目录",
    "Headline indicators": "主要指标",
    "Differences to {reference}": "与{reference}之差",
    "Targets": "目标",
    "Figures": "图表",
    "Scenarios as run": "运行的情景",
    "Sources of the baseline figures": "基期数据来源",
    "Run": "运行",
    "Draws": "抽样",
    "Years": "年份",
    "Parameters": "参数",
    "Baseline": "基期数据",
    "{created} UTC with cqsim {version}": "{created}（协调世界时），cqsim {version}",
    "{first} (the seeds) to {last}": "{first}年（基期）至{last}年",
    "{path}, status {status}": "{path}，状态：{status}",
    "{draws} Monte Carlo draws, seed {seed}; common random numbers: draw i of every scenario uses the same random numbers, so differences show the scenarios, not noise": "每个情景蒙特卡洛抽样{draws}次，随机种子{seed}；共同随机数：各情景的第i次抽样使用相同的随机数，差值反映情景本身而非随机噪声",
    "Every number is a distribution over draws: tables give the median and, in brackets, the 90% band (5th to 95th percentile).": "每个数都是抽样分布：表中为中位数，方括号内为90%区间（第5至第95百分位数）。",
    "The model parameters have status {status}: they are not yet fitted to history. Read the bands as the model's uncertainty under those parameters.": "模型参数状态为{status}：尚未用历史数据拟合。区间仅反映这些参数下的模型不确定性。",
    "Indicator": "指标",
    "Unit": "单位",
    "Scenario": "情景",
    "Each scenario minus {reference}, draw by draw: median and 90% band of the paired difference (in differences.csv for every indicator and year). Rates and shares differ in percentage points.": "各情景逐次抽样减去{reference}：配对差的中位数和90%区间（全部指标和年份见 differences.csv）。增速和比重之差以百分点计。",
    "Target": "目标",
    "Year": "年份",
    "Target value": "目标值",
    "Median [90% band]": "中位数 [90%区间]",
    "Gap of the median": "中位数与目标之差",
    "Probability": "实现概率",
    "Status": "状态",
    "on track": "有望实现",
    "at risk": "存在风险",
    "off track": "难以实现",
    "Probability of meeting each official target (seeds/targets.yaml): the share of draws that meet it, the median outcome with its 90% band, the gap of the median to the target and a status (on track from {on_track}, off track below {off_track}, at risk between: the IPCC's likelihood language).": "实现各项官方目标（seeds/targets.yaml）的概率：达标抽样所占比例、结果中位数及其90%区间、中位数与目标之差，以及状态（概率不低于{on_track}为有望实现，低于{off_track}为难以实现，其间为存在风险；采用IPCC可能性用语）。",
    "Caveats": "说明",
    "Where the scenarios differ": "情景差异",
    "The scenarios have the same inputs.": "各情景输入相同。",
    "Input": "输入",
    "File": "文件",
    "resolved scenario SHA-256": "解析后情景 SHA-256",
    "inputs set explicitly": "明确设定的输入",
    "none": "无",
    "Every input as run (YAML, defaults filled in)": "运行时的全部输入（YAML，含默认值）",
    "Every 2025 figure the projection starts from, as checked in {path}.": "预测所依据的全部2025年数据，经 {path} 校验。",
    "Figure": "数据项",
    "Value": "数值",
    "Source or derivation": "来源或推算方法",
    "Made by cqsim {version} on {created} UTC, numpy {numpy}, Python {python}.": "由 cqsim {version} 于 {created}（协调世界时）生成，numpy {numpy}，Python {python}。",
    "{count} figures, also as files beside this report.": "共{count}幅图，另存为本报告旁的文件。",
    # Impulse responses (multipliers) and attribution waterfalls (compare --attribute)
    "What each input does: paired difference to the scenario, mean, median, 90% band": "各输入的作用：与情景的配对差，均值、中位数、90%区间",
    "What each input does ({k} of {n}): mean, median, 90% band": "各输入的作用（第{k}幅，共{n}幅）：均值、中位数、90%区间",
    "mean difference": "差值均值",
    "median": "中位数",
    "scenario (zero)": "情景（零线）",
    "Each input moved by its impulse in every year, the rest as in the scenario, {replications}.": "每个输入在每一年按其标准冲击变动，其余与情景相同；{replications}。",
    "the reduced form (no investment pipeline)": "简化式（不运行投资项目管线）",
    "{n} pipeline replications": "投资项目管线重复{n}次",
    "total": "合计",
    "raises it": "使其上升",
    "lowers it": "使其下降",
    "total difference (mean)": "总差值（均值）",
    "{indicator}, {year}": "{indicator}，{year}年",
    "{name} against {reference}: what makes the mean difference": "{name}与{reference}相比：均值差的构成",
    "Contributions: Shapley values of the changed inputs to the mean difference, over all 2^n combinations on common random numbers; they add up to the total.": "贡献：各变动输入对均值差的沙普利值，基于公共随机数下全部2^n种组合计算，合计等于总差值。",
}
"""Chinese of every fixed phrase of the figures and the report, keyed by the English."""


def say(text: str, lang: str = "en", **values: Any) -> str:
    """``text`` in ``lang`` (Chinese from :data:`ZH` where there is an entry), formatted."""
    phrase = ZH.get(text, text) if lang == "zh" else text
    return phrase.format(**values) if values else phrase
