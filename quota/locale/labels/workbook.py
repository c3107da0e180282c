"""Labels of the review workbook (:mod:`quota.outputs.workbook`).

Key -> (zh, en); merged into :data:`quota.locale.labels.LABELS`.
"""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    # --- review workbook (quota.outputs.workbook) ---------------------------------------
    "xlsx.page": ("第 {page} 页，共 {pages} 页", "Page {page} of {pages}"),
    "xlsx.notes": ("注：", "Notes:"),
    "xlsx.list_sep": ("、", ", "),
    "xlsx.weights_line": (
        "{kind}指标权重：{weights}；周转编制比例{share}。",
        "{kind} indicator weights: {weights}; turnover share {share}.",
    ),
    "xlsx.cut_note": (
        "增减列带正负号；减少（负数）以红底标出。空编(超编)为负数表示实有人数超过核定编制。",
        "Changes carry their sign; cuts (negative) are shaded red. A negative vacancy means"
        " staff on board exceed the new total.",
    ),
    "xlsx.data": ("数据文件", "data file"),
    "xlsx.unit_data": ("{level}本级数据表", "{level} table (own figures)"),
    "xlsx.score_of": ("工作量得分（{kind}）", "workload score ({kind})"),
    "xlsx.streets_without_quota": ("无编制的街道数", "streets without quotas"),
    "xlsx.sheet.fairness": ("公平性", "fairness"),
    "xlsx.sheet.explanations": ("编制说明", "explanations"),
    "xlsx.deviation": ("与理想值之差", "minus ideal"),
    "xlsx.reasons": ("原因", "reasons"),
    "xlsx.why": ("说明", "why this number"),
    "xlsx.reason.exact": ("正好为理想值", "exactly the ideal"),
    "xlsx.reason.rounded_up": ("向上取整", "rounded up"),
    "xlsx.reason.rounded_down": ("向下取整", "rounded down"),
    "xlsx.reason.floor": ("下限", "floor"),
    "xlsx.reason.ceiling": ("上限", "ceiling"),
    "xlsx.reason.change_cap_up": ("增加幅度上限", "cap on increase"),
    "xlsx.reason.change_cap_down": ("减少幅度上限", "cap on decrease"),
    "xlsx.reason.staff": ("保留在编人员", "keeps staff on board"),
    "xlsx.reason.balance": ("平衡总量", "balances the total"),
    "xlsx.reason.turnover_staff": ("周转编制（不减人）", "turnover (no dismissal)"),
    "xlsx.reason.turnover_cap": ("周转编制（减少幅度）", "turnover (cap on decrease)"),
    "xlsx.reason.turnover": ("周转编制", "turnover"),
    "cons.detail.weights": ("权重方法：{method}", "weight method: {method}"),
    "cons.detail.weight": (
        "{indicator}：权重 {weight:.6f}，变换：{transform}",
        "{indicator}: weight {weight:.6f}, transform: {transform}",
    ),
    "cons.detail.quota_rule_holds": (
        "引擎 {engine}：份额规则成立，每个街道的量化编制都在理想值的上下取整范围内",
        "engine {engine}: the quota rule holds; every street's quantified quota lies within the"
        " floor and ceiling of its exact quota",
    ),
    "cons.detail.wisn": (
        "工作量标准法（{use}）：人均可用工作时间{hours:,.1f}小时/年，类别津贴系数{caf:.4f}，"
        "个人津贴{iaf:.4f}人；合计需求{required:,.2f}人",
        "workload standards ({use}): available time {hours:,.1f} h/year per person, category"
        " allowance factor {caf:.4f}, individual allowance {iaf:.4f} staff; required"
        " {required:,.2f} staff in all",
    ),
    "cons.detail.wisn_onboard": (
        "（实有{onboard}人，比值{ratio:.2f}）",
        " (on board {onboard}, ratio {ratio:.2f})",
    ),
    "wisn.use.indicator": ("作为量化指标", "as an indicator"),
    "wisn.use.target": ("作为量化分配依据", "as the quantified target"),
    "cons.detail.wisn_shortage": (
        "实有{onboard}人，按工作量标准需{required:.2f}人，比值{ratio:.2f}",
        "on board {onboard} vs required {required:.2f}: ratio {ratio:.2f}",
    ),
    "wisn_required": ("工作量标准需求人数", "required staff (WISN)"),
    "cons.detail.quota_rule_fails": (
        "引擎 {engine}：份额规则不成立，{n}个街道的量化编制超出理想值的上下取整范围（见“份额规则”各行）",
        "engine {engine}: the quota rule fails; {n} streets lie outside the floor and ceiling of"
        " their exact quota (see the quota rule rows)",
    ),
    "cons.detail.more": ("……另有{n}个街道", "... and {n} more streets"),
    "xlsx.diagnostics_subset": (
        "仅列出前{n}条（共{total}条）；全部诊断信息见 Python 接口 result.diagnostics。",
        "Only the first {n} rows are listed (of {total}); result.diagnostics in Python has them all.",
    ),
    "xlsx.why_subset": (
        "街道较多，仅列出受约束影响或使用周转编制的{n}行（共{total}行）；其余街道的量化编制为理想值取整，"
        "数字见编制分配表。全部说明可用 Python 接口 result.explain() 生成。",
        "Many streets: only the {n} rows a constraint moved or that get turnover quotas are listed"
        " (of {total}); the others are their ideal, rounded (see the allocation sheet)."
        " result.explain() in Python explains every row.",
    ),
}
