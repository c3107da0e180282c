"""Labels of committee decisions (决定事项) in the outputs.

Key -> (zh, en); merged into :data:`quota.locale.labels.LABELS`. The writers
are in :mod:`quota.outputs.decisions` (tables, the manifest, "why this
number"), :mod:`quota.outputs.workbook` (the 决定 column) and
:mod:`quota.io.decisions` (which reads that column back by its header).
"""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    # --- the review workbook's allocation sheet -----------------------------------------
    "decisions.column": ("决定", "decision"),
    "decisions.auto_total": ("测算方案", "proposal"),
    "decisions.xlsx_note": (
        "“决定”列（浅黄底）可填写编委会决定的编制数，如41（也可写 >=41、<=41、+2、-2、keep、"
        "proposed+2），其余单元格已锁定（无密码）；保存后运行 quota run <方案文件> --decisions"
        " <本文件>，按这些决定重新测算其余街道。",
        "Type the committee's decided totals in the decision column (light yellow), e.g. 41"
        " (or >=41, <=41, +2, -2, keep, proposed+2); the other cells are locked (no password)."
        " Save, then run quota run <scenario> --decisions <this file> to re-solve the other"
        " streets around them.",
    ),
    "decisions.sheet": ("决定事项", "decisions"),
    # --- the decisions section (report) and sheet (workbook) --------------------------
    "decisions.h": ("附：决定事项", "Committee decisions"),
    "report.h.decisions": ("附：决定事项", "Committee decisions"),
    "cons.decision": ("编委会决定", "committee decision"),
    "diag.decision": (
        "编委会决定第{number}项：核定{total}名（测算方案{auto_total}名）",
        "committee decision no. {number}: total {total} (proposal {auto_total})",
    ),
    "cons.detail.decision": (
        "编委会决定（第{number}项）核定{total}名，测算方案为{auto_total}名",
        "the committee decided (no. {number}) a total of {total}; the proposal was {auto_total}",
    ),
    "decisions.caption.list": ("编委会决定", "The committee's decisions"),
    "decisions.caption.streets": (
        "较测算方案有变化的街道",
        "Streets whose total differs from the proposal",
    ),
    "decisions.number": ("序号", "no."),
    "decisions.decided": ("决定内容", "decision"),
    "decisions.reason": ("理由", "reason"),
    "decisions.source": ("决定依据", "source"),
    "decisions.origin": ("录入方式", "given in"),
    "decisions.origin.scenario": ("方案文件", "scenario file"),
    "decisions.origin.fix": ("命令行 --fix", "--fix option"),
    "decisions.origin.workbook": ("审核表", "review workbook"),
    "decisions.total": ("核定编制", "total"),
    "decisions.cost": ("代价（名·偏离）", "cost (quota-deviations)"),
    "decisions.deviation": ("最大偏离（决定前→后）", "largest deviation (before → after)"),
    "decisions.deviation_pair": ("{before} → {after}", "{before} → {after}"),
    "decisions.payers": ("承担调整的街道", "who paid"),
    "decisions.payer": ("{street} {change}", "{street} {change}"),
    "decisions.none": ("无", "none"),
    "decisions.difference": ("差额", "difference"),
    "decisions.because": ("原因", "because of"),
    "decisions.together": ("各项决定共同作用", "the decisions together"),
    "decisions.cause": ("第{number}项（{street}）", "no. {number} ({street})"),
    "decisions.list_note": (
        "代价与承担调整的街道按该项决定单独执行计算：代价为优化目标较测算方案的增加，单位“名·偏离”"
        "（各街道量化编制与理想值之差的绝对值之和，周转编制另计惩罚）；最大偏离为量化编制与理想值之差"
        "占理想值的最大比例。各项决定共同执行的代价为{cost}名·偏离。",
        "Cost and who paid are of each decision applied alone: the cost is the objective's"
        " increase over the proposal, in quota-deviations (the sum of |quantified - ideal| over"
        " the streets, turnover quotas with their penalty); the largest deviation is the largest"
        " |quantified - ideal| / ideal. All decisions together cost {cost}.",
    ),
    "decisions.unit": ("{unit}（{level}）", "{unit} ({level})"),
    "decisions.summary": (
        "编委会决定{count}项：优化目标较测算方案增加{cost}（名·偏离），涉及街道{moved}个"
        "（见“附：决定事项”）。",
        "{count} committee decision(s): the objective rises by {cost} (quota-deviations) over"
        " the proposal; {moved} street(s) moved (see Committee decisions).",
    ),
    # --- promises (保障承诺) ---------------------------------------------------------
    "decisions.promise": (
        "决定已执行：{street}{kind}{decided}",
        "Decision applied: {street} {kind} {decided}",
    ),
    "decisions.promise_result": ("结果{total}名 {mark}", "result {total} {mark}"),
    # --- "why this number" ----------------------------------------------------------
    "decisions.why.decided": (
        "编委会决定{decided}{details}，{versus}，量化编制相应为{q}名。",
        "committee decision: {decided}{details}; {versus}; quantified {q} accordingly.",
    ),
    "decisions.why.decided_plain": (
        "{decided}（编委会决定），{versus}，量化编制相应为{q}名。",
        "{decided} (committee decision); {versus}; quantified {q} accordingly.",
    ),
    "decisions.why.details": ("（{items}）", " ({items})"),
    "decisions.why.reason": ("理由：{reason}", "reason: {reason}"),
    "decisions.why.source": ("来源：{source}", "source: {source}"),
    "decisions.why.item_sep": ("；", "; "),
    "decisions.why.more": ("较测算方案{auto}名增加{n}名", "{n} above the proposal of {auto}"),
    "decisions.why.fewer": ("较测算方案{auto}名减少{n}名", "{n} below the proposal of {auto}"),
    "decisions.why.same": ("与测算方案相同", "the same as the proposal"),
    "decisions.why.moved": (
        "因编委会决定{decisions}，本街道较测算方案{change}，量化编制为{q}名。",
        "because of the committee's decision {decisions}, its total is {change}; quantified {q}.",
    ),
    "decisions.why.moved_many": (
        "因编委会决定{decisions}，本街道较测算方案{change}，量化编制为{q}名。",
        "because of the committee's decisions {decisions}, its total is {change}; quantified {q}.",
    ),
    "decisions.why.together": (
        "因编委会各项决定共同作用，本街道较测算方案{change}，量化编制为{q}名。",
        "because of the committee's decisions together, its total is {change}; quantified {q}.",
    ),
    "decisions.why.change_more": ("增加{n}名", "{n} above the proposal"),
    "decisions.why.change_fewer": ("减少{n}名", "{n} below the proposal"),
    "decisions.why.listed": ("{street}{decided}", "{street} {decided}"),
    "decisions.why.listed_kind": ("{street}{kind}{decided}", "{street} {kind} {decided}"),
    "decisions.why.list_sep": ("、", " and "),
    "xlsx.reason.decided": ("编委会决定", "committee decision"),
    "xlsx.reason.decision": ("受编委会决定影响", "moved by a decision"),
}
