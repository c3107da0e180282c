"""Labels of "why this number" (:mod:`quota.outputs.explain`).

Key -> (zh, en); merged into :data:`quota.locale.labels.LABELS`.
"""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    # --- "why this number" (quota.outputs.explain.build_explanations) ------------------
    "why.head": (
        "{street}（{kind}）：工作量得分{score}，基础编制{base}名；",
        "{street} ({kind}): workload score {score}, base {base}.",
    ),
    "why.ideal": (
        "理想量化编制 = {score} × {pool} = {ideal}名，",
        "Ideal quantified quotas {score} × {pool} = {ideal};",
    ),
    "why.q.exact": ("正好为{q}名。", "exactly {q}."),
    "why.q.rounded_up": ("向上取整为{q}名（{delta}）。", "rounded up to {q} ({delta})."),
    "why.q.rounded_down": ("向下取整为{q}名（{delta}）。", "rounded down to {q} ({delta})."),
    "why.q.floor": (
        "因“基础+量化”不得低于下限{floor}名，上调为{q}名。",
        "raised to {q} so that base + quantified reaches the floor of {floor}.",
    ),
    "why.q.ceiling": (
        "因“基础+量化”不得超过上限{ceiling}名，限为{q}名。",
        "held to {q} by the ceiling of {ceiling} on base + quantified.",
    ),
    "why.q.change_cap_up": (
        "因核定编制较现有{current}名最多增加{cap}名，限为{q}名。",
        "held to {q} because the total may grow by at most {cap} from the current {current}.",
    ),
    "why.q.change_cap_down": (
        "因核定编制较现有{current}名最多减少{cap}名，保留{q}名。",
        "kept at {q} because the total may fall by at most {cap} from the current {current}.",
    ),
    "why.q.staff": (
        "周转编制已用完，为不减人（实有{staff}人）上调为{q}名。",
        "raised to {q} to keep its {staff} staff on board, as the turnover pool ran out.",
    ),
    "why.q.balance": (
        "调整为{q}名（{delta}），以保持量化编制总量不变（其他街道受下限、上限或增减幅度约束）。",
        "set to {q} ({delta}) to keep the kind's total while other streets are held by their"
        " limits.",
    ),
    "why.no_turnover": ("不需要周转编制。", "No turnover quotas."),
    "why.turnover_staff": (
        "实有{staff}人超过基础+量化编制{core}名，给予周转编制{t}名，确保不减人。",
        "Its {staff} staff on board exceed base + quantified {core}, so it gets turnover quotas"
        " ({t}) and nobody is dismissed.",
    ),
    "why.turnover_cap": (
        "为使核定编制不低于现有{current}名减{cap}名，给予周转编制{t}名。",
        "Turnover quotas ({t}) keep the total at the current {current} minus the cap of {cap}.",
    ),
    "why.turnover": ("给予周转编制{t}名。", "Turnover quotas: {t}."),
    "why.total_change": (
        "核定编制{total}名（现有{current}名，增减{change}）。",
        "New total {total}, {change} against the current {current}.",
    ),
    "why.total": ("核定编制{total}名。", "New total {total}."),
    "why.vacant": ("实有{staff}人，空编{n}名。", "{staff} on board: {n} vacant."),
    "why.excess": ("实有{staff}人，超编{n}名。", "{staff} on board: {n} over quota."),
    "why.full": ("实有{staff}人，满编。", "{staff} on board: full."),
    "cons.detail.quota_rule": (
        "量化编制{q}名，超出理想值{ideal:.4f}名的取整范围[{low}, {high}]",
        "quantified {q} outside [{low}, {high}] around its exact quota {ideal:.4f}",
    ),
    "cons.quota_rule": ("份额规则", "quota rule"),
    "cons.weights": ("权重方法", "weight method"),
    "cons.weight": ("指标权重", "indicator weight"),
    "cons.apportionment": ("分配方法检验", "apportionment check"),
    "cons.wisn": ("工作量标准（WISN）", "workload standards (WISN)"),
    "cons.wisn_shortage": ("人员低于工作量标准", "staff below workload standard"),
}
