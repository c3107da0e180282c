"""Messages of :mod:`quota.model`: key -> (zh, en); see :mod:`quota.locale.messages`.

The columns a scenario relies on (:mod:`quota.model.inputs`: the role, the
headers looked for, the closest header) and the conflicts found before
anything is solved (:mod:`quota.model.checks`: one sentence per conflict, its
numbers and the smallest change that removes it).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- joining the parts of a sentence --------------------------------------
    "model.join.or": ("{head}，或{last}", "{head}, or {last}"),
    "model.join.and": ("{head}和{last}", "{head} and {last}"),
    # --- columns the scenario relies on (inputs) ------------------------------
    "model.column_missing": (
        "{where}：{why}，但表格 {place} 中没有这一列（查找了 {looked}）{hint}{fix}",
        "{where}: {why}, but the table {place} has no such column (looked for {looked}){hint} {fix}",
    ),
    "model.did_you_mean": ("。是否指“{close}”？", ". Did you mean {close!r}?"),
    "model.full_stop": ("。", "."),
    "model.role.current": ("现有编制", "current quotas"),
    "model.role.onboard": ("在编人数", "staff on board"),
    "model.because.max_change": ("设置了 max_change（变动上限）", "max_change is set"),
    "model.because.no_dismissal": ("已开启 no_dismissal（不减员）", "no_dismissal is on"),
    "model.why.role_named": (
        "{kind}的{what}应从列“{named}”读取",
        "the {what} of {kind} are to be read from {named!r}",
    ),
    "model.why.role_needed": (
        "{because}，因此需要{kind}的{what}",
        "{because}, so the {what} of {kind} are needed",
    ),
    "model.why.base_structure": (
        "基础编制规则需要每个街道的 {column} 数量",
        "the base rule needs the number of {column} of every street",
    ),
    "model.why.base_column": (
        "基础编制应从列“{column}”读取",
        "the base quotas are to be read from {column!r}",
    ),
    "model.why.bound_column": (
        "每个街道的 {key} 应从列“{column}”读取",
        "the {key} of every street is to be read from {column!r}",
    ),
    "model.fix.name_role": (
        "请在 {where}.{role} 下填写一个已有的列名。",
        "Name an existing column under {where}.{role}.",
    ),
    "model.fix.name_column": ("请填写一个已有的列名。", "Name an existing column."),
    "model.fix.role_current": (
        "请在 {where} 下用 current: <列名> 指明该列，或声明不作此承诺：在 {where} 下写 current: none。",
        "Name the column with current: <column> under {where}, or say that the promise is not"
        " made: current: none under {where}.",
    ),
    "model.fix.role_onboard": (
        "请在 {where} 下用 onboard: <列名> 指明该列，或声明不作此承诺：在 {where} 下写"
        " onboard: none，或写 constraints: {{no_dismissal: false}}。",
        "Name the column with onboard: <column> under {where}, or say that the promise is not"
        " made: onboard: none under {where} or constraints: {{no_dismissal: false}}.",
    ),
    "model.notice.no_current": (
        "{where}：没有现有编制列（查找了 {looked}）；不显示相对现有编制的增减",
        "{where}: no column of current quotas (looked for {looked}); the change against current"
        " quotas is not shown",
    ),
    "model.notice.no_onboard": (
        "{where}：没有在编人数列（查找了 {looked}）；不显示空编数",
        "{where}: no column of staff on board (looked for {looked}); vacancies are not shown",
    ),
    "model.indicator_missing": (
        "kinds.{kind}.indicators：{place} 中没有列“{name}”（查找了 {looked}）{hint}",
        "kinds.{kind}.indicators: no column {name!r} in {place} (looked for {looked}){hint}",
    ),
    "model.indicator_twice": (
        "kinds.{kind}.indicators：“{first}”和“{name}”是同一列“{header}”；请只写一次",
        "kinds.{kind}.indicators: {first!r} and {name!r} are the same column {header!r};"
        " name it once",
    ),
    "model.cap_without_current": (
        "kinds.{kind}：max_change 限制的是相对现有编制的增减，但 current: none 表示没有现有编制；"
        "请删去两者之一",
        "kinds.{kind}: max_change caps the change against the current quotas, but current: none"
        " says there are none; remove one of the two",
    ),
    "model.kind_typo": (
        "kinds.{kind}：“{kind}”不是已知的编制类别，表格中也没有它的列（查找了 current_{kind} 和"
        " onboard_{kind}）；是否指“{close}”？新的编制类别需要在 kinds.{kind} 下指明其列："
        "current: <列名> 和 onboard: <列名>（或 none）",
        "kinds.{kind}: {kind!r} is not a known quota kind and the table has no column for it"
        " (looked for current_{kind} and onboard_{kind}); did you mean {close!r}? A new kind"
        " needs its columns named: current: <column> and onboard: <column> (or none) under"
        " kinds.{kind}",
    ),
    # --- conflicts found before solving (checks) ------------------------------
    "model.conflict.base": (
        "{kind}：基础编制需要 {need} 名，但编制池 {pool} 名扣除 {share} 的周转编制（{turnover} 名）"
        "后只剩 {left} 名；{fixes}。",
        "{kind}: base quotas need {need} but only {left} remain of the pool {pool} after the"
        " {share} turnover share ({turnover}); {fixes}.",
    ),
    "model.conflict.street_range": (
        "{kind}，{street}：{lower}，但{limits}最多只允许 {most} 名；{fixes}。",
        "{kind}, {street}: {lower}, but {limits} allows at most {most}; {fixes}.",
    ),
    "model.conflict.street_ranges": (
        "{kind}，{street}：{lower}，但{limits}最多只允许 {most} 名；{fixes}。",
        "{kind}, {street}: {lower}, but {limits} allow at most {most}; {fixes}.",
    ),
    "model.conflict.street_total": (
        "{kind}，{street}：不减员要求其编制总数不少于在编人数 {onboard} 名，但变动上限"
        "（现有 {current} 名 + {cap}）最多只允许 {most} 名；请将{street}的变动上限放宽到 {relaxed}。",
        "{kind}, {street}: no dismissal of its {onboard} staff on board requires a total of at"
        " least {onboard}, but the change cap ({current} current + {cap}) allows at most {most};"
        " relax the change cap for {street} to {relaxed}.",
    ),
    "model.conflict.floors": (
        "{kind}：各街道的下限共需量化编制 {floors} 名，但编制池 {pool} 名扣除基础编制（{base} 名）"
        "和周转编制（{turnover} 名）后只剩 {quantified} 名；{fixes}。",
        "{kind}: the floors need {floors} quantified quotas but only {quantified} are left after"
        " base ({base}) and turnover ({turnover}) of the pool {pool}; {fixes}.",
    ),
    "model.conflict.caps": (
        "{kind}：{limits}使各街道最多只能接收 {most} 名量化编制，但需要分配的量化编制有"
        " {quantified} 名；{fixes}。",
        "{kind}: the {limits} let the streets take at most {most} quantified quotas but"
        " {quantified} must be shared out; {fixes}.",
    ),
    "model.conflict.turnover": (
        "{kind}：即使各街道接收其所能接收的最多量化编制，为保留在编人员仍需周转编制 {total} 名"
        "（{listed}），但周转编制只有 {turnover} 名（编制池 {pool} 名的 {share}）；{fixes}。",
        "{kind}: to keep their staff on board even with the most quantified quotas they can"
        " take, the streets need {total} turnover quotas ({listed}) but the turnover pool is"
        " {turnover} ({share} of {pool}); {fixes}.",
    ),
    "model.conflict.needs": (
        "{kind}：要使每个街道都不低于其{least}，共需编制 {need} 名，但编制池只有 {pool} 名；"
        "请将编制池提高到至少 {need} 名。",
        "{kind}: keeping every street at or above its {least} needs {need} quotas in all, but"
        " the pool is {pool}; raise the pool to at least {need}.",
    ),
    "model.conflict.street_share": (
        "各街道最多只能容纳 {most} 名编制（{by_kind}），但 street_share_min 要求达到全区编制总数"
        " {district_total} 名的 {share}，即 {required} 名；{fixes}。",
        "the streets can hold at most {most} quotas ({by_kind}) but street_share_min {share} of"
        " the district total {district_total} needs {required}; {fixes}.",
    ),
    "model.kind_count": ("{kind} {count}", "{kind} {count}"),
    "model.more_street": (
        "{kind}：另有 {more} 个街道存在类似情况（未列出）。",
        "{kind}: {more} more street like these (not listed).",
    ),
    "model.more_streets": (
        "{kind}：另有 {more} 个街道存在类似情况（未列出）。",
        "{kind}: {more} more streets like these (not listed).",
    ),
    "model.no_allocation": (
        "{kind}：没有任何分配方案能同时满足这一编制类别的全部要求。",
        "{kind}: no allocation meets every requirement of this kind at once.",
    ),
    "model.together.pool": (
        "{kind}：编制池为 {pool} 名时，以上各项可以同时满足。",
        "{kind}: a pool of {pool} meets all of these at once.",
    ),
    "model.together.share": (
        "{kind}：周转比例为 {share} 时，以上各项可以同时满足。",
        "{kind}: a turnover share of {share} meets all of these at once.",
    ),
    "model.together.none": (
        "{kind}：仅调整编制池或周转比例无法同时满足以上各项；各街道的限制也需要调整。",
        "{kind}: no pool or turnover share alone meets all of these at once; the per-street"
        " limits must change too.",
    ),
    # the parts of the sentences above
    "model.limit.ceiling": ("上限 {ceiling} 名", "the ceiling of {ceiling}"),
    "model.limit.cap": (
        "变动上限（现有 {current} 名 + {cap}）",
        "the change cap ({current} current + {cap})",
    ),
    "model.limits.ceilings": ("上限", "ceilings"),
    "model.limits.caps": ("变动上限", "change caps"),
    "model.limits.any": ("各项限制", "limits"),
    "model.need.floor": (
        "下限 {floor} 要求（基础编制 + 量化编制）至少 {need} 名",
        "the floor of {floor} needs at least {need} (base + quantified)",
    ),
    "model.need.base": (
        "其基础编制 {base} 名要求至少 {need} 名",
        "its base of {base} needs at least {need}",
    ),
    "model.least.onboard": ("在编人数", "staff on board"),
    "model.least.floor": ("下限", "floor"),
    "model.least.base": ("基础编制", "base"),
    "model.least.cap": ("现有编制减去变动上限", "current quotas less the change cap"),
    "model.least.total": ("最低总数", "least total"),
    "model.fix.pool_at_least": (
        "将编制池提高到至少 {pool} 名",
        "raise the pool to at least {pool}",
    ),
    "model.fix.pool_up": ("提高编制池", "raise the pool"),
    "model.fix.pool_to": ("将编制池降低到 {pool} 名", "lower the pool to {pool}"),
    "model.fix.share_lower": ("将周转比例降低到 {share}", "lower the turnover share to {share}"),
    "model.fix.share_up": ("将周转比例提高到 {share}", "raise the turnover share to {share}"),
    "model.fix.share_up_reserve": (
        "将周转比例提高到 {share}（未用完的周转编制留作全区储备）",
        "raise the turnover share to {share} (unused turnover stays in the district reserve)",
    ),
    "model.fix.ceiling_up": ("将其上限提高到 {need}", "raise its ceiling to {need}"),
    "model.fix.cap_relax": ("将其变动上限放宽到 {cap}", "relax its change cap to {cap}"),
    "model.fix.floor_down": (
        "将{street}的下限降低到 {most}",
        "lower the floor for {street} to {most}",
    ),
    "model.fix.floors_down": ("将下限合计降低 {by} 名", "lower the floors by {by} in all"),
    "model.fix.limits_relax": ("将{limits}合计放宽 {by} 名", "relax the {limits} by {by} in all"),
    "model.fix.ceilings_up": (
        "将这些街道的上限合计提高 {by} 名",
        "raise the ceilings of these streets by {by} in all",
    ),
    "model.fix.ceilings_up_plain": ("提高上限", "raise the ceilings"),
    "model.fix.street_share_down": (
        "将 street_share_min 降低到 {share}",
        "lower street_share_min to {share}",
    ),
    "model.fix.kind_pool_up": (
        "将{kind}池增加 {by} 名，达到 {pool} 名",
        "raise the {kind} pool by {by} to {pool}",
    ),
    "model.fix.caps_relax": ("放宽变动上限", "relax the change caps"),
}
