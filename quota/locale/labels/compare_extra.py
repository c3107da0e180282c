"""Labels of the comparison's composition, reserve and decisions.

Key -> (zh, en); merged into :data:`quota.locale.labels.LABELS`.
"""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    # --- scenarios by their titles (quota.analysis.compare.scenario_titles) -------------
    "cmp.title_with_name": ("{title}（{name}）", "{title} ({name})"),
    # --- each street's composition (quota.analysis.compare_table.build_street_tables) ----
    "report.h.cmp_composition": ("四、各街道编制构成", "4. Quotas per street and their parts"),
    "cmp.diff_from": ("与“{first}”的差值", "diff from “{first}”"),
    "cmp.composition_note": (
        "基础编制 + 量化编制 + 周转编制 = 核定编制。差值 = 该方案核定编制 − 基准方案核定编制；"
        "街道减少以红色标出。区级周转预留是周转编制中未下拨街道的部分（周转编制 − 下拨街道的"
        "周转编制），不属于任何街道，其增减不是街道的增减，不以颜色标出；街道核定合计 + 区级"
        "周转预留 = 编制总量。",
        "base + quantified + turnover = total. diff = the scenario's total − the first"
        " scenario's total; a street's cut is shown in red. The district reserve is the part"
        " of the turnover pool not handed to any street (turnover pool − turnover given): it"
        " belongs to no street, so its change is not a street's and is not coloured. Streets'"
        " total + district reserve = pool.",
    ),
    # --- the workbook's sheets (quota.analysis.compare_writer) ---------------------------
    "cmp.sheet_kind": ("{kind}构成", "{kind} parts"),
    "cmp.diff_group": ("核定编制差值", "diff of the total"),
    "cmp.diff_note_first": (
        "差值 = 该方案核定编制 − “{first}”的核定编制；街道减少以红色标出。",
        "diff = the scenario's total − the total of “{first}”; a street's cut is shown in red.",
    ),
    "cmp.workbook_note": (
        "区级周转预留不属于任何街道，其增减不以颜色标出；编制总量 = 街道核定合计 + 区级周转预留"
        "（公式）。",
        "The district reserve belongs to no street; its change is not coloured. Pool ="
        " streets' total + district reserve (formulas).",
    ),
    # --- the committee's decisions side by side (quota.analysis.compare_effects) ---------
    "cmp.decisions": ("编委会决定", "Committee decisions"),
    "cmp.sheet_decisions": ("编委会决定", "decisions"),
    "cmp.decision_reason": ("理由", "reason"),
    "cmp.decision_source": ("依据", "source"),
    "cmp.decision_by_scenario": ("{title}：{text}", "{title}: {text}"),
    "cmp.decision_sep": ("；", "; "),
    "cmp.decision_count": ("{n}项", "{n} decision(s)"),
    "cmp.decision_note": (
        "各方案的编委会决定并列；空白表示该方案对这个街道、这类编制没有决定。决定确定街道的核定"
        "编制总数，其余街道在其他约束下重新分配。",
        "Each scenario's committee decisions side by side; a blank means the scenario has no"
        " decision on that street and kind. A decision sets the street's total; the other"
        " streets are allocated again under the other constraints.",
    ),
}
