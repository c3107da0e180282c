"""Labels of the allocation table, the street table's indicators, the kinds and the scenario's parameters.

Key -> (zh, en); merged into :data:`quota.locale.labels.LABELS`.
"""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    # --- the allocation table: canonical column names -> (zh, en) -----------
    "street": ("街道", "street"),
    "kind": ("编制类别", "quota kind"),
    "current": ("现有编制", "current"),
    "base": ("基础编制", "base"),
    "quantified": ("量化编制", "quantified"),
    "turnover": ("周转编制", "turnover"),
    "total": ("核定编制", "total"),
    "change": ("增减", "change"),
    "onboard": ("实有人数", "on board"),
    "vacancy": ("空编(超编)", "vacancy (excess)"),
    "score": ("工作量得分", "workload score"),
    "ideal": ("理想量化编制", "ideal quantified"),
    "total_row": ("合计", "Total"),
    "province": ("省份", "province"),
    "city": ("城市", "city"),
    "district": ("区县", "district"),
    # --- street table indicators (canonical names of quota.config.schema) -------------
    "population": ("常住人口", "resident population"),
    "registered_population": ("户籍人口", "registered population"),
    "households": ("户数", "households"),
    "area_km2": ("辖区面积(平方公里)", "area (km²)"),
    "communities": ("社区数", "communities"),
    "grids": ("网格数", "grid cells"),
    "duty_items": ("权责清单事项数", "duty items"),
    "enforcement_cases": ("执法案件数", "enforcement cases"),
    "hotline_tickets": ("12345工单数", "hotline tickets"),
    "enterprises": ("市场主体数", "market entities"),
    "offices": ("内设机构数", "internal offices"),
    "units": ("事业单位数", "public-service units"),
    # --- quota kinds ---------------------------------------------------------
    "kind.admin": ("行政编制", "administrative"),
    "kind.institutional": ("事业编制", "institutional"),
    # --- scenario parameters and summary phrases -----------------------------
    "pool": ("编制总量", "pool"),
    "turnover_share": ("周转编制比例", "turnover share"),
    "turnover_pool": ("周转编制池", "turnover pool"),
    "reserve": ("区级周转预留", "district reserve"),
    "weights": ("指标权重", "indicator weights"),
    "indicator": ("指标", "indicator"),
    "weight": ("权重", "weight"),
    "method": ("分配方法", "method"),
    "objective": ("优化目标", "objective"),
    "scenario": ("方案", "scenario"),
    "parameters": ("参数", "parameters"),
    "diagnostics": ("诊断信息", "diagnostics"),
    "scores": ("指标与得分", "indicators and scores"),
    "sheet.allocation": ("编制分配表", "allocation"),
    "constraint": ("约束", "constraint"),
    "detail": ("说明", "detail"),
    "value": ("取值", "value"),
    "title": ("标题", "title"),
    "no_dismissal": ("不减人", "no dismissals"),
    "max_change": ("增减幅度上限", "cap on change"),
    "floor": ("下限", "floor"),
    "ceiling": ("上限", "ceiling"),
    "status": ("求解状态", "solver status"),
    "streets": ("街道数", "streets"),
    "unit.quotas": ("名", "quotas"),
    "unit.people": ("人", "people"),
}
