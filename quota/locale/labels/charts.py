"""Labels of the charts (:mod:`quota.outputs.charts`): titles, axes, legends, notes.

Key -> (zh, en); merged into :data:`quota.locale.labels.LABELS`.
"""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    # --- chart titles ----------------------------------------------------------
    "chart.stack": (
        "各街道编制构成（基础 + 量化 + 周转）",
        "Quotas per street: base + quantified + turnover",
    ),
    "chart.stack_groups": (
        "按{group}汇总的编制构成",
        "Quotas by {group}: base + quantified + turnover",
    ),
    "chart.stack_profile": (
        "编制构成（街道按核定编制从多到少排列）",
        "Quota mix, streets ranked by total quotas",
    ),
    "chart.shares": ("工作量占比与编制占比", "Workload share vs quota share"),
    "chart.change": ("核定编制较现有编制的增减", "Change of quotas against current"),
    "chart.change_hist": ("增减分布", "Distribution of change"),
    "chart.top_gains": ("增加最多的{n}个街道", "{n} largest gains"),
    "chart.top_cuts": ("减少最多的{n}个街道", "{n} largest cuts"),
    "chart.change_groups": ("按{group}汇总的增减", "Change by {group}"),
    "chart.onboard": ("实有人数与核定编制", "Staff on board vs new total"),
    "chart.vacancy_hist": ("空编(超编)分布", "Distribution of vacancy (excess)"),
    "chart.top_turnover": ("周转编制最多的{n}个街道", "{n} streets using most turnover quotas"),
    "chart.compare": ("方案比较：各街道核定编制", "Scenario comparison: total quotas per street"),
    "chart.compare_diff": ("各方案与“{base}”的差值分布", "Difference from “{base}”, per street"),
    "chart.compare_groups": ("按{group}汇总的方案比较", "Scenario comparison by {group}"),
    # --- chart axes ------------------------------------------------------------
    "axis.quotas": ("编制数（名）", "quotas"),
    "axis.change": ("增减（名）", "change (quotas)"),
    "axis.vacancy": ("空编(+) / 超编(−)（名）", "vacancy (+) / excess (−) (quotas)"),
    "axis.streets": ("街道数（个）", "number of streets"),
    "axis.rank": ("街道排序（按核定编制）", "street rank by total quotas"),
    "axis.workload_share": ("工作量占比", "workload share"),
    "axis.quota_share": ("编制占比（基础 + 量化）", "quota share (base + quantified)"),
    "axis.difference": ("差值（名）", "difference (quotas)"),
    "axis.difference_from": ("与“{base}”的差值（名）", "difference from “{base}” (quotas)"),
    # --- chart legends -----------------------------------------------------------
    "legend.equality": ("编制占比 = 工作量占比", "quota share = workload share"),
    "legend.gain": ("增加", "gain"),
    "legend.cut": ("减少", "cut"),
    "legend.unchanged": ("不变", "unchanged"),
    "legend.streets": ("街道", "streets"),
    "legend.base_quantified": ("基础 + 量化编制", "base + quantified"),
    "legend.turnover_used": (
        "周转编制（人员超出基础 + 量化编制的街道，名称标橙）",
        "turnover (streets whose staff exceed base + quantified, names in orange)",
    ),
    "legend.needs_turnover": ("需周转编制的街道", "streets needing turnover quotas"),
    "legend.excess": ("超编", "excess"),
    "legend.vacant": ("空编", "vacant"),
    "legend.density": ("街道数", "streets"),
    # --- notes shown on charts -------------------------------------------------
    "note.no_current": (
        "数据中没有现有编制，无法显示增减。",
        "The data has no current quotas: change cannot be shown.",
    ),
    "note.no_onboard": (
        "数据中没有实有人数，无法比较。",
        "The data has no staff on board: nothing to compare.",
    ),
    "note.no_scenarios": ("没有可比较的方案。", "No scenario to compare."),
    "note.street_numbers": (
        "街道名称需要中文字体；#n 为表中第 n 个街道。",
        "Street names need a CJK font; #n is the n-th street of the table.",
    ),
    "note.groups_shown": ("显示{total}个{group}中的{n}个", "{n} of {total} {group} groups shown"),
    "note.n_streets": ("{n}个街道", "{n} streets"),
    "note.other": ("其他", "other"),
    "note.vacant_n": ("空编{n}", "{n} vacant"),
    "note.excess_n": ("超编{n}", "{n} over"),
    "note.full": ("满编", "full"),
}
