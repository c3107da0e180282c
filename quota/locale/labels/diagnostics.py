"""Labels of the binding constraints and the diagnostics in words (:mod:`quota.outputs.text`).

Key -> (zh, en); merged into :data:`quota.locale.labels.LABELS`.
"""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    # --- binding constraints in words (quota.results.fairness) --------------------------
    "cons.floor": ("下限", "floor"),
    "cons.ceiling": ("上限", "ceiling"),
    "cons.change_cap_up": ("增加幅度上限", "cap on increase"),
    "cons.change_cap_down": ("减少幅度上限", "cap on decrease"),
    "cons.turnover": ("周转编制", "turnover quotas"),
    "cons.no_dismissal": ("不减人", "no dismissal"),
    "cons.moved": ("偏离理想值", "moved from ideal"),
    "cons.turnover_pool": ("周转编制用完", "turnover pool used up"),
    "cons.tie": ("并列", "tie"),
    "cons.detail.turnover_pool": (
        "周转编制{n}名已全部下拨街道，区级没有预留。",
        "all {n} turnover quotas went to streets; none is left in the district reserve.",
    ),
    "cons.detail.floor": (
        "基础+量化编制{core}名 = 下限{floor}名",
        "base + quantified {core} = floor {floor}",
    ),
    "cons.detail.ceiling": (
        "基础+量化编制{core}名 = 上限{ceiling}名",
        "base + quantified {core} = ceiling {ceiling}",
    ),
    "cons.detail.change_cap_up": (
        "核定编制{total}名 = 现有{current}名 + 增加上限{cap}名",
        "total {total} = current {current} + cap {cap}",
    ),
    "cons.detail.change_cap_down": (
        "核定编制{total}名 = 现有{current}名 − 减少上限{cap}名",
        "total {total} = current {current} − cap {cap}",
    ),
    "cons.detail.turnover": (
        "实有{staff}人超过基础+量化编制{core}名，给予周转编制{t}名",
        "turnover quotas ({t}) keep {staff} on staff above base + quantified {core}",
    ),
    "cons.detail.no_dismissal": (
        "核定编制{total}名 = 实有人数",
        "total {total} = staff on board",
    ),
    "cons.detail.moved": (
        "量化编制{q}名，理想值{ideal:.2f}名",
        "quantified {q} vs ideal {ideal:.2f}",
    ),
    # --- diagnostics in words: Result.diagnostics["detail"] is the English text -------
    # (quota.outputs.text.render_detail). Codes in values (methods, transforms, engines,
    # indicator columns) stay codes here; the cons.detail.* sentences above are what the
    # report and the workbook show. Codes whose two sentences agree use cons.detail.*.
    "diag.floor": ("基础+量化编制 = 下限{floor}名", "base + quantified = floor {floor}"),
    "diag.ceiling": ("基础+量化编制 = 上限{ceiling}名", "base + quantified = ceiling {ceiling}"),
    "diag.change_cap_up": (
        "核定编制{total}名 = 现有{current}名 + {cap}名",
        "total {total} = current {current} + {cap}",
    ),
    "diag.change_cap_down": (
        "核定编制{total}名 = 现有{current}名 - {cap}名",
        "total {total} = current {current} - {cap}",
    ),
    "diag.turnover": (
        "周转编制{t}名保留{staff}人在编，高于基础+量化编制{core}名",
        "{t} turnover quotas keep {staff} on staff above base + quantified {core}",
    ),
    "diag.turnover_pool": (
        "周转编制{n}名已全部下拨",
        "all {n} turnover quotas handed out",
    ),
    "diag.weights": ("{method}权重", "{method} weights"),
    "diag.weights.wisn-target": (
        "得分 = 需求人数 / 需求人数合计（以工作量标准为分配依据）",
        "score = required staff / total required staff (WISN workload standards as the target)",
    ),
    "diag.weights.share": ("{method} {share:.2f}", "{method} {share:.2f}"),
    "diag.weights.ahp": (
        "AHP lambda_max = {lambda_max:.4f}，CI = {ci:.4f}，RI = {ri:.2f}，CR = {cr:.4f}（{verdict}）",
        "AHP lambda_max = {lambda_max:.4f}, CI = {ci:.4f}, RI = {ri:.2f}, CR = {cr:.4f}"
        " ({verdict})",
    ),
    "diag.weights.cr_ok": ("<= 0.1", "<= 0.1"),
    "diag.weights.cr_forced": (
        "> 0.1，因 force: true 而接受",
        "> 0.1, accepted because force: true",
    ),
    "diag.weight": (
        "{indicator}：权重 {weight:.6f}，变换 {transform}",
        "{indicator}: weight {weight:.6f}, transform {transform}",
    ),
    "diag.weight.entropy": ("，熵值 e = {entropy:.6f}", ", entropy e = {entropy:.6f}"),
    "diag.weight.information": (
        "，CRITIC 信息量 C = {information:.6f}",
        ", CRITIC information C = {information:.6f}",
    ),
    "diag.apportionment": ("{engine}：{verdict}{ties}", "{engine}: {verdict}{ties}"),
    "diag.apportionment.program": (
        "整数规划（{objective}，引擎 {engine}）",
        "integer program ({objective}, engine {engine})",
    ),
    "diag.apportionment.holds": (
        "份额规则成立：每个街道都在其精确份额的上下取整范围内",
        "quota rule holds: every street is within the floor and ceiling of its exact quota",
    ),
    "diag.apportionment.fails": ("份额规则不成立（{failed}）", "quota rule fails ({failed} quota)"),
    "diag.apportionment.lower": ("下份额", "lower"),
    "diag.apportionment.upper": ("上份额", "upper"),
    "diag.apportionment.and": ("和", " and "),
    "diag.apportionment.ties": (
        "；{n}处并列按表中顺序处理（见“并列”）",
        "; {n} tie(s) broken by table order (see tie)",
    ),
    "diag.apportionment.no_ties": ("；无并列", "; no ties"),
    "diag.wisn": (
        "用途 {use}：人均可用工作时间{hours:,.1f}小时/年，类别津贴系数{caf:.4f}，个人津贴{iaf:.4f}人；"
        "合计需求{required:,.2f}人",
        "use {use}: available time {hours:,.1f} h/year per person, category allowance factor"
        " {caf:.4f}, individual allowance {iaf:.4f} staff; required {required:,.2f} staff in all",
    ),
    "diag.wisn_onboard": (
        "，实有{onboard}人（比值{ratio:.2f}）",
        ", on board {onboard} (ratio {ratio:.2f})",
    ),
    "diag.sep": ("；", "; "),
    "diag.plus": (" + ", " + "),
}
