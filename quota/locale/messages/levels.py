"""Messages of levels (city → districts → streets; levels.csv, district sheets): key -> (zh, en).

See :mod:`quota.locale.messages`. Kept together because levels cross the
layers: the scenario's ``levels:``, ``units:`` and named pool sources
(:mod:`quota.config.schema`), the hierarchy read from the street table and the
upper split's bounds (:mod:`quota.model.hierarchy`, :mod:`quota.model.levels`),
the split level by level (:mod:`quota.solve.levels`) and the checks on the
result (:mod:`quota.results.levels`). A level is named through its label
(``{level:label}`` with the value ``level.district``: 区县 / district).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the scenario ------------------------------------------------------------------
    "config.levels.source_name": (
        "编制来源名称 {name!r} 须为1至{limit}个字符",
        "the name of a pool source, {name!r}, must have 1 to {limit} characters",
    ),
    "config.levels.source_value": (
        "编制来源 {name} 须为0至{limit}的整数（现为 {value}）",
        "pool source {name} must be a whole number from 0 to {limit} (it is {value})",
    ),
    "config.levels.sources_twice": (
        "pool 已按来源列出，不要再写 pool_sources",
        "pool is given as named sources: leave out pool_sources",
    ),
    "config.levels.sources_empty": (
        "pool 的来源为空：写一个数，或列出各来源的编制数，如 {{existing: 355, from_city: 25}}",
        "pool has no sources: write a number, or the quotas of each source, e.g."
        " {{existing: 355, from_city: 25}}",
    ),
    "config.levels.sources_total": (
        "各来源合计{total}名，须在1至{limit}之间",
        "the sources add up to {total}; the pool must be from 1 to {limit}",
    ),
    "config.levels.sources_disagree": (
        "pool_sources 合计{total}名，与 pool 的{pool}名不符",
        "pool_sources add up to {total}, not to pool {pool}",
    ),
    "config.levels.last_street": (
        "levels 须自上而下列出各级并以 street 结尾（如 [district, street]），现为 {levels}",
        "levels lists the levels top first and ends with street (e.g. [district, street]);"
        " it is {levels}",
    ),
    "config.levels.too_many": (
        "levels 最多{limit}级（含 street），现为 {levels}",
        "levels has at most {limit} levels (street included); it is {levels}",
    ),
    "config.levels.order": (
        "levels 须自上而下、每级一次，按 {order} 的先后排列，现为 {levels}",
        "levels go top first, each once, in the order {order}; they are {levels}",
    ),
    "config.levels.units_need_levels": (
        "units（各单位的规则）须与 levels 同用，如 levels: [district, street]",
        "units (rules of upper units) go with levels, e.g. levels: [district, street]",
    ),
    "config.levels.unit_kind": (
        "units.{unit}：编制类别 {kind!r} 不在方案的 kinds 中（{kinds}）",
        "units.{unit}: kind {kind!r} is not one of the scenario's kinds ({kinds})",
    ),
    "config.levels.decision_place": (
        "每项决定须写且只写一个对象：{keys} 之一（现有：{given}）",
        "a decision names exactly one of {keys} (it has: {given})",
    ),
    # --- the hierarchy of the street table (quota.model.hierarchy) -------------------
    "model.levels.column_missing": (
        "levels 中有 {name}（{level:label}），但表格 {place} 中没有这一列（查找了 {looked}）："
        "请加一列，写明每个街道所属的{level:label}",
        "levels include {name} ({level:label}), but the table {place} has no such column (looked for"
        " {looked}): add a column naming each street's {level:label}",
    ),
    "model.levels.cell_empty": (
        "表格 {place} 的“{header}”列有{count}个街道未填写所属{level:label}（第 {rows} 行）",
        "{count} streets have no {level:label} in column {header!r} of {place} (rows {rows})",
    ),
    "model.levels.two_parents": (
        "表格 {place} 中{level:label}“{unit}”分属两个{above:label}：“{first}”和“{second}”（第 {rows} 行）；"
        "不同单位请用不同名称（如在名称中加上所属{above:label}）",
        "in {place}, {level:label} {unit!r} lies in two units of the {above:label} level: {first!r} and"
        " {second!r} (rows {rows}); give different units different names (e.g. add the {above:label})",
    ),
    "model.levels.indicator_zero": (
        "{kind}：{level:label}“{unit}”所辖各单位的指标 {indicator} 均为0，在该{level:label}内按其余指标分配"
        "（其权重按比例分给其余指标）",
        "{kind}: indicator {indicator} is 0 throughout {level:label} {unit!r}; within it the other"
        " indicators share its weight",
    ),
    "model.levels.units_level": (
        "units.{key}：只能写上级单位的名称或其层级（{levels}），街道自身的规则写在街道表中",
        "units.{key}: name an upper unit or one of the levels {levels}; a street's own rules"
        " go in the street table",
    ),
    "model.levels.units_ambiguous": (
        "units.{key}：{levels}中都有名为“{key}”的单位，请写成“层级:名称”，如 {levels}:{key}"
        " 中的一种",
        "units.{key}: units named {key!r} are found at the levels {levels}; write level:name,"
        " one of {levels} before the colon",
    ),
    "model.levels.units_unknown": (
        "units.{key}：没有名为“{key}”的上级单位或层级{hint}",
        "units.{key}: no upper unit or level is named {key!r}{hint}",
    ),
    "model.levels.cap_without_current": (
        "units 为{kind}设置了 max_change（增减幅度上限），但没有{kind}的现有编制列",
        "units set max_change (a cap on change) for {kind}, but there is no column of its"
        " current quotas",
    ),
    "model.levels.no_street_share": (
        "constraints.street_share_min 按一级街道的合计定义，不能与 levels 同用",
        "constraints.street_share_min is defined over the streets of one level; it cannot go"
        " with levels",
    ),
    "model.levels.street": (
        "有街道自身的下限、上限、实有人数与增减上限互相冲突",
        "a street's own floor, ceiling, staff on board and change cap conflict",
    ),
    # --- decisions about upper units (quota.model.levels) ----------------------------
    "model.levels.decision_level": (
        "决定“{unit}”写的是 {level}，但方案的 levels 中没有这一级（{levels}）",
        "the decision on {unit!r} names the level {level}, which is not among the scenario's"
        " levels ({levels})",
    ),
    "model.levels.decision_unknown_unit": (
        "决定：街道表中没有{level:label}“{unit}”{hint}",
        "decision: no {level:label} {unit!r} in the street table{hint}",
    ),
    "model.levels.decision_below_need": (
        "{level:label}“{unit}”{kind}的决定（{decided}）低于其所辖街道至少所需的{need}名"
        "（基础编制、下限、实有人数、现有编制减增减上限及其自留周转编制）",
        "the decision on {level:label} {unit} {kind} ({decided}) is below the {need} its streets need"
        " at least (base quotas, floors, staff on board, current minus the change cap, and"
        " its own turnover reserve)",
    ),
    "model.levels.decision_above_most": (
        "{level:label}“{unit}”{kind}的决定（{decided}）高于其所辖街道最多能容纳的{most}名"
        "（上限、增减上限）；如需由周转编制补足，请加 from_reserve: true",
        "the decision on {level:label} {unit} {kind} ({decided}) is above the {most} its streets can"
        " hold at most (ceilings, change caps); add from_reserve: true to make it up with"
        " turnover quotas",
    ),
    # --- the top split (quota.model.levels.check_top) ---------------------------------
    "model.levels.top_base": (
        "{kind}：{plural:label}基础编制合计{base}名，超过编制总量{pool}名扣除周转编制{turnover}名后的余额",
        "{kind}: the base quotas of the {plural:label} add up to {base}, more than the pool"
        " {pool} less its turnover {turnover}",
    ),
    "model.levels.top_floors": (
        "{kind}：{plural:label}所辖街道的下限至少需要量化编制{need}名（{units}），而编制总量{pool}名中"
        "可量化分配的只有{quantified}名",
        "{kind}: the floors of the {plural:label}' streets need {need} quantified quotas at"
        " least ({units}), but the pool {pool} leaves {quantified} to quantify",
    ),
    "model.levels.top_caps": (
        "{kind}：{plural:label}所辖街道的上限和增减上限最多容纳量化编制{most}名，少于编制总量{pool}名"
        "中应分配的{quantified}名",
        "{kind}: the ceilings and change caps of the {plural:label}' streets hold {most}"
        " quantified quotas at most, fewer than the {quantified} of the pool {pool}",
    ),
    "model.levels.top_turnover": (
        "{kind}：部分街道实有人数超过其上限所能容纳的编制，需周转编制{need}名（{units}），"
        "而编制总量{pool}名中的周转编制只有{turnover}名",
        "{kind}: some streets have more staff on board than their ceilings allow and need"
        " {need} turnover quotas ({units}), but the pool {pool} keeps only {turnover}",
    ),
    "model.levels.top_needs": (
        "{kind}：{plural:label}所需合计{need}名，超过编制总量{pool}名{short}名：{units}"
        "（所需为所辖街道的基础编制、下限、实有人数（不减员）、现有编制减增减上限及决定之和，"
        "加其自留周转编制）",
        "{kind}: the {plural:label} need {need} in all, {short} more than the pool {pool}:"
        " {units} (what a unit needs: its streets' base quotas, floors, staff on board (no"
        " dismissal), current minus the change cap and decisions, plus its own turnover reserve)",
    ),
    "model.levels.unit_needs": (
        "{unit}至少需要{n}名（按工作量约{share}名）",
        "{unit} needs at least {n} (about {share} by workload)",
    ),
    "model.levels.unit_at_least": ("{unit}至少{n}名", "{unit} at least {n}"),
    "model.levels.unit_turnover": ("{unit}{n}名", "{unit} {n}"),
    # --- the splits (quota.solve.levels) -----------------------------------------------
    "solve.levels.whole": (
        "{whole:label}分配至{plural:label}",
        "the {whole:label}'s split among the {plural:label}",
    ),
    "solve.levels.unit": (
        "{level:label}“{unit}”内部的分配",
        "the split within {level:label} {unit!r}",
    ),
    "solve.levels.split_of": ("{plural:label}内部的分配", "the splits within the {plural:label}"),
    "solve.levels.level": ("{plural:label}", "the {plural:label}"),
    # --- the result (quota.results.levels, quota.pipeline) ----------------------------
    "results.levels.one_level_only": (
        "这一分析逐类求解一级街道，尚不支持分级方案（levels）；请对每个区县的方案分别运行，"
        "或用 quota run / quota compare",
        "this analysis solves the streets of one level and does not handle scenarios with"
        " levels yet; run it on each district's own scenario, or use quota run / quota compare",
    ),
    "results.levels.check_failed": (
        "分级核对未通过（程序错误，未写出任何文件）：{kind} {where}：{what}",
        "levels do not reconcile (a fault of the program; nothing was written): {kind}"
        " {where}: {what}",
    ),
    "results.levels.check.split_sum": (
        "所辖单位的量化编制合计{got}名，应为{expected}名",
        "the children's quantified quotas add up to {got}, not {expected}",
    ),
    "results.levels.check.kept_negative": ("留存的周转编制为负", "the turnover kept is negative"),
    "results.levels.check.q_range": (
        "有单位的量化编制超出其范围",
        "a unit's quantified quotas are outside their range",
    ),
    "results.levels.check.bounds": (
        "有单位的分配编制超出其所需与上限之间的范围",
        "a unit's allocation is outside the range between its needs and its limit",
    ),
    "results.levels.check.streets_total": (
        "有单位所辖街道的核定合计超过其分配编制",
        "a unit's streets hold more than it was allocated",
    ),
    "results.levels.check.made": (
        "有单位所辖单位的分配合计加其留存的周转编制不等于其分配编制",
        "a unit's children's allocations plus the turnover it kept do not make its allocation",
    ),
    "results.levels.check.pool": (
        "分配合计{allocated}名 + 留存{held}名，不等于编制总量{pool}名",
        "allocated {allocated} + kept {held} do not make the pool {pool}",
    ),
    "results.levels.check.dismissal": (
        "有街道新总量低于实有人数",
        "a street's new total is below its staff on board",
    ),
    "results.levels.check.sources": (
        "各来源之和不等于编制总量",
        "the pool's sources do not add up to the pool",
    ),
    "results.levels.check.decision": (
        "该决定未落实（分配为{total}名）",
        "the decision does not hold (allocated {total})",
    ),
    "results.levels.check.table": (
        "allocated 不等于 streets_total + reserve，或 reserve 为负",
        "allocated is not streets_total + reserve, or a reserve is negative",
    ),
    # --- the outputs' own check (quota.outputs.level_view) ---------------------------
    "outputs.levels.rows": (
        "levels.csv 与分配表所列单位不一致：{units}",
        "levels.csv and the allocation table do not list the same units: {units}",
    ),
    "outputs.levels.streets_sum": (
        "{unit}所辖街道核定合计{streets}名，levels.csv 记为{given}名",
        "the streets of {unit} add up to {streets}, levels.csv says {given}",
    ),
    "cli.summary_unit_decisions": (
        "  对上级单位的编委会决定 {count} 项：{units}；偏离目标值较测算方案增加 {cost}；涉及街道 {moved} 个",
        "  {count} committee decision(s) on upper units: {units}; the objective rises by {cost}"
        " over the proposal; {moved} street(s) moved",
    ),
    "cli.summary_unit_decision": (
        "{unit}{kind:kind}核定{total}名（测算方案{auto}名）",
        "{unit} {kind:kind} {total} (proposal {auto})",
    ),
    # --- a level's own figures (unit_data:) ----------------------------------------------
    "config.levels.unit_data_need_levels": (
        "unit_data（上级单位本级数据表）须与 levels 同用，如 levels: [district, street]",
        "unit_data (tables of upper units' own figures) goes with levels,"
        " e.g. levels: [district, street]",
    ),
    "config.levels.unit_data_level": (
        "unit_data.{level}：{level!r} 不是方案 levels 中街道以上的一级（{levels}）",
        "unit_data.{level}: {level!r} is not one of the scenario's levels above the streets"
        " ({levels})",
    ),
    "model.unit_data.unknown": (
        "{where}：没有名为“{name}”的{level:label}（街道数据表中的{level:label}为 {known}）{hint}",
        "{where}: no {level:label} is named {name!r} (the street table's are {known}){hint}",
    ),
    "model.unit_data.twice": (
        "{where}：{level:label}“{name}”重复出现（首次出现在第{first}行）；每个{level:label}只能列一次",
        "{where}: {level:label} {name!r} appears again (first in row {first});"
        " list each {level:label} once",
    ),
    "model.unit_data.parent": (
        "{where}：本表写{unit:label}“{name}”属于“{given}”，街道数据表中它属于“{known}”；"
        "请按街道数据表更正（或删去这一列）",
        "{where}: the table puts {unit:label} {name!r} in {given!r}, the street table in"
        " {known!r}; correct it as in the street table (or remove the column)",
    ),
    "model.unit_data.column_unknown": (
        "{where}：列“{header}”不是可用的本级数据；可用的列为{expected}"
        "（指标，以及各类别的现有编制、在编人数，与街道数据表同名）{hint}",
        "{where}: column {header!r} is not a figure a unit may carry; the columns it may have"
        " are {expected} (indicators, and each kind's current quotas and staff on board, named"
        " as in the street table){hint}",
    ),
    "model.unit_data.column_base": (
        "{where}：列“{header}”用于计算基础编制；{level:label}的基础编制是所辖街道基础编制之和"
        "（按各街道的机构、单位等情况核定），不能在本级数据表中另填；请删去这一列",
        "{where}: column {header!r} sets base quotas; a {level:label}'s base quotas are the sum"
        " of its streets' (set by rule from each street's structure) and cannot be given in a"
        " table of its own figures; remove the column",
    ),
    "model.unit_data.none_expected": (
        "无（方案未用到可替换的列）",
        "none (the scenario uses no column a unit may replace)",
    ),
    "model.unit_data.used": (
        "{place}：{units}的“{header}”取本表数值，替代所辖街道之和；其余{plural:label}仍取所辖街道之和",
        "{place}: {header!r} of {units} taken from this table in place of the sums over their"
        " streets; the other {plural:label} keep the sums",
    ),
    "model.unit_data.used_onboard": (
        "{place}：{units}的“{header}”取本表数值；不裁减在编人员，所列{level:label}分得的"
        "{kind:kind}均不少于本表的在编人数（其余{plural:label}按所辖街道所需计算）",
        "{place}: {header!r} of {units} taken from this table; with no dismissal, each such"
        " {level:label} gets at least that many {kind:kind} quotas (the other {plural:label}"
        " as their streets need)",
    ),
    "model.unit_data.more": ("等{count}个", " and {count} more"),
    "model.unit_data.empty": (
        "{place}：本级数据表没有任何数值，各{level:label}均取所辖街道之和",
        "{place}: the table gives no figure; every {level:label} keeps the sums over its streets",
    ),
    "results.levels.check.own_onboard": (
        "有单位的分配编制低于本级数据表中的在编人数",
        "a unit's allocation is below its own staff on board (unit_data)",
    ),
}
