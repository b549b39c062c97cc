"""Chinese names of indicators, sectors, inputs and targets, keyed by their English registry names.

Plain data beside the English registries (``sim.model.indicators``, ``sim.model.sectors``,
``sim.inputs.levers``, ``seeds/targets.yaml``); :mod:`sim.inputs.labels` reads both, so tables,
figures and the report never hold a copy of a name. Names follow the wording of the Chongqing
statistical bulletins and government work reports (地区生产总值, 社会消费品零售总额, 规模以上工业
...). ``tests/test_labels.py`` lists every registry name that has no Chinese name here.

Units of indicators are written as Chinese statistics write them (亿元, 万辆, %, 个百分点) by
:data:`sim.inputs.labels.UNITS`; an input keeps the scale of its scenario value, so its Chinese
unit says that scale (十亿元/年 for RMB billion a year).
"""

from __future__ import annotations

INDICATORS_ZH: dict[str, str] = {
    "gdp": "地区生产总值（现价）",
    "gdp_real_growth": "地区生产总值实际增速",
    "industrial_va_growth": "工业增加值实际增速",
    "industrial_va_growth_above_size": "规模以上工业增加值实际增速",
    "industrial_revenue_above_size": "规模以上工业企业营业收入（现价）",
    "industrial_output": "规模以上工业总产值（现价）",
    "manufacturing_share_gdp": "制造业增加值占地区生产总值比重",
    "sei_share_industrial_output": "战略性新兴产业占规上工业产值比重",
    "sei_share_industrial_va": "战略性新兴产业增加值占规上工业增加值比重",
    "producer_services_share_services": "生产性服务业增加值占服务业比重",
    "digital_economy_share_gdp": "数字经济增加值占地区生产总值比重",
    "nev_output": "新能源汽车产量",
    "nev_share_auto_output": "新能源汽车占汽车产量比重",
    "auto_output": "汽车产量",
    "financial_assets": "金融业资产总额",
    "fai_growth": "固定资产投资增速（现价）",
    "industrial_investment_growth": "工业投资增速（现价）",
    "foreign_trade": "进出口总额",
    "foreign_trade_growth": "进出口总额增速（现价）",
    "retail_sales": "社会消费品零售总额",
    "retail_sales_growth": "社会消费品零售总额增速（现价）",
    "potential_growth": "基准实际增速（省级面板预测）",
    "household_consumption": "居民消费支出（支出法）",
    "government_consumption": "政府消费支出（支出法）",
    "gross_capital_formation": "资本形成总额（支出法）",
    "net_outflows": "货物和服务净流出（支出法）",
    "gdp_contribution_consumption": "最终消费支出对经济增长的拉动",
    "gdp_contribution_investment": "资本形成总额对经济增长的拉动",
    "gdp_contribution_net_outflows": "货物和服务净流出对经济增长的拉动",
    "compensation_of_employees": "劳动者报酬",
    "household_disposable_income": "居民可支配收入总额",
    "disposable_income_per_capita": "全体居民人均可支配收入",
    "population": "常住人口（年末）",
    "employment": "就业人员",
    "urban_employment": "城镇就业人员",
    "new_urban_jobs": "城镇新增就业",
    "cpi": "居民消费价格涨幅",
    "gdp_deflator_growth": "地区生产总值平减指数涨幅",
    "house_price_growth": "新建商品住宅价格涨幅",
    "property_investment": "房地产开发投资",
    "property_sales": "商品房销售额",
    "land_revenue": "国有土地使用权出让收入",
    "general_budget_revenue": "一般公共预算收入",
    "general_budget_expenditure": "一般公共预算支出",
    "local_government_debt": "地方政府债务（显性和隐性）",
    "hidden_debt": "地方政府隐性债务",
    "exports": "出口总额",
    "imports": "进口总额",
}
"""Indicators other than sector value added (``va_<sector>``, named from :data:`SECTORS_ZH`)."""

VALUE_ADDED_ZH = "{sector}增加值（现价）"
"""Name of the indicator ``va_<sector>``."""

SECTORS_ZH: dict[str, str] = {
    "agriculture": "农林牧渔业",
    "automotive": "汽车制造业（含新能源汽车）",
    "electronics": "电子信息制造业",
    "other_manufacturing": "其他制造业",
    "energy": "能源、采矿和公用事业",
    "construction": "建筑业",
    "finance": "金融业",
    "producer_services": "生产性服务业（物流、软件和信息技术、商务服务）",
    "real_estate": "房地产业",
    "consumer_services": "生活性服务业（批发零售、住宿餐饮、旅游）",
    "public_services": "公共服务（公共管理、教育、卫生）",
}

INPUTS_ZH: dict[str, tuple[str, str]] = {
    # Assumptions
    "national_gdp_growth": ("全国国内生产总值实际增速", "%"),
    "export_demand_growth": ("外部需求实际增速", "%"),
    "inflation": ("价格涨幅（GDP平减指数）", "%"),
    "producer_price_inflation": ("工业生产者出厂价格涨幅", "%/年"),
    # Levers
    "tradein_subsidy": ("消费品以旧换新补贴", "十亿元/年"),
    "infrastructure_investment": ("基础设施投资增速（现价）", "%"),
    "industrial_projects": ("亿元以上工业项目数", "个/年"),
    "tech_transformation_projects": ("技术改造项目数", "个/年"),
    "nev_capacity": ("新能源汽车产能", "百万辆/年"),
    "credit_growth": ("各项贷款余额增速", "%"),
    "debt_resolution_pace": ("隐性债务年化解比例", "%/年"),
    "property_recovery": ("房地产开发投资增速", "%"),
    "digital_economy_push": ("数字经济额外增速", "个百分点/年"),
    "low_altitude_output": ("低空经济新增增加值", "十亿元/年"),
    "ilstc_freight_growth": ("西部陆海新通道货值增速", "%"),
    "infrastructure_projects": ("市级重点基础设施项目数", "个/年"),
    "project_size": ("项目规模（基准倍数）", "倍"),
    "financing_capacity": ("融资能力（基准倍数）", "倍"),
    "approval_speedup": ("审批时间压缩", "%"),
}
"""Assumptions and levers: (name, unit in the scale of the scenario value)."""

TARGETS_ZH: dict[str, str] = {
    "gdp_real_growth_2026": "地区生产总值增长5%以上",
    "fai_growth_2026": "固定资产投资增长3%",
    "industrial_va_growth_2026": "规模以上工业增加值增长6%",
    "industrial_investment_growth_2026": "工业投资增长9%",
    "retail_sales_growth_2026": "社会消费品零售总额增长4%以上",
    "foreign_trade_growth_2026": "进出口增长5%",
    "industrial_output_2027": "规模以上工业营业收入达到4万亿元",
    "manufacturing_share_gdp_2027": "制造业占地区生产总值比重达到28%",
    "sei_share_industrial_output_2027": "战略性新兴产业增加值占规模以上工业增加值比重达到36%",
    "producer_services_share_services_2027": "生产性服务业增加值占服务业比重超过60%",
    "digital_economy_share_gdp_2027": "数字经济增加值占地区生产总值比重超过50%",
    "retail_sales_2027": "社会消费品零售总额达到1.65万亿元",
    "foreign_trade_2027": "进出口总额达到1.1万亿元",
    "gdp_2030": "地区生产总值达到4万亿元",
}
"""Targets of ``seeds/targets.yaml`` by id, in the wording of the Chinese sources."""
