"""Messages of :mod:`quota.results`: key -> (zh, en); see :mod:`quota.locale.messages`.

The pipeline's own messages (:mod:`quota.pipeline`) are here too, under ``results.purpose``.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the promises checked on the result (quota.results.promises) --------------
    "results.promise.failed": (
        "内部错误：结果未通过保障承诺核验，未写出任何文件：{problem}",
        "internal error: a promise failed on the result, nothing was written: {problem}",
    ),
    "results.promise.fails": (
        "{kind}：{streets}不满足承诺“{promise}”：{what}",
        "{kind}: promise {promise!r} does not hold for {streets}: {what}",
    ),
    "results.promise.streets_more": ("{names}及其他{more}个街道", "{names} and {more} more"),
    "results.promise.not_whole": (
        "{kind}：分配结果不是每个街道一个整数",
        "{kind}: the solution is not one whole number per street",
    ),
    "results.promise.pool": (
        "{kind}：各街道核定编制合计{total}名加区级周转预留{reserve}名共{made}名，不等于编制总量{pool}名",
        "{kind}: the streets' totals {total} plus the reserve {reserve} make {made}, not the pool"
        " {pool}",
    ),
    "results.promise.negative": (
        "量化编制或周转编制出现负数",
        "negative quantified or turnover quotas",
    ),
    "results.promise.below_floor": (
        "基础编制与量化编制之和低于下限",
        "base + quantified below the floor",
    ),
    "results.promise.above_ceiling": (
        "基础编制与量化编制之和高于上限",
        "base + quantified above the ceiling",
    ),
    "results.promise.change_over_cap": (
        "与现有编制相比的增减超过了增减幅度上限",
        "the change against current quotas exceeds the cap",
    ),
    "results.promise.below_onboard": (
        "核定编制低于实有人数",
        "total below the staff on board",
    ),
    "results.promise.no_current": (
        "{kind}：设置了增减幅度上限（max_change），但没有读到现有编制",
        "{kind}: max_change is set but the current quotas were not read",
    ),
    "results.promise.no_onboard": (
        "{kind}：承诺不减人，但没有读到实有人数",
        "{kind}: no dismissal is promised but the staff on board were not read",
    ),
    "results.promise.turnover_over_pool": (
        "{kind}：下拨了{used}名周转编制，超过周转编制池的{pool}名",
        "{kind}: {used} turnover quotas handed out, more than the pool of {pool}",
    ),
    "results.promise.street_share_min": (
        "各类编制的街道核定编制合计为{reached}名，低于 street_share_min 要求的{need}名",
        "the streets' totals over all kinds are {reached}, below the {need} that street_share_min"
        " requires",
    ),
    # a promise named in a violation: its code in English, its name in Chinese
    "results.promise.name.pool": ("编制总量恰好用完", "pool"),
    "results.promise.name.whole_numbers": ("编制数为整数", "whole_numbers"),
    "results.promise.name.base": ("基础编制足额核定", "base"),
    "results.promise.name.floor": ("基础+量化不低于下限", "floor"),
    "results.promise.name.ceiling": ("基础+量化不高于上限", "ceiling"),
    "results.promise.name.max_change": ("增减幅度不超过上限", "max_change"),
    "results.promise.name.no_dismissal": ("不减人", "no_dismissal"),
    "results.promise.name.turnover_pool": ("周转编制不超过周转池", "turnover_pool"),
    "results.promise.name.street_share_min": ("街道编制占比不低于要求", "street_share_min"),
    # --- fairness figures (quota.results.fairness) ---------------------------------
    "results.gini_values": (
        "计算基尼系数需要有限且非负的数值",
        "the Gini coefficient needs finite, non-negative values",
    ),
    "results.fairness_basis": (
        "未知的公平性计算口径 {basis}；请从 {choices} 中选择",
        "unknown fairness basis {basis}; choose one of {choices}",
    ),
    "results.table_columns_missing": (
        "分配表缺少列 {columns}",
        "the allocation table has no column {columns}",
    ),
    # --- what a column of the street table is read for (quota.pipeline) ------------
    "results.purpose.indicator": ("{kind}的指标", "indicator of {kind}"),
    "results.purpose.current": ("{kind}的现有编制", "current {kind} quotas"),
    "results.purpose.onboard": ("{kind}的实有人数", "onboard {kind} quotas"),
    "results.purpose.base_per_office": (
        "{kind}的基础编制（按内设机构数，per_office）",
        "base of {kind} (per_office)",
    ),
    "results.purpose.base_per_unit": (
        "{kind}的基础编制（按事业单位数，per_unit）",
        "base of {kind} (per_unit)",
    ),
    "results.purpose.base": ("{kind}的基础编制", "base of {kind}"),
    "results.purpose.floor": ("{kind}的下限", "floor of {kind}"),
    "results.purpose.ceiling": ("{kind}的上限", "ceiling of {kind}"),
    "results.purpose.max_change": ("{kind}的增减幅度上限", "max_change of {kind}"),
}
