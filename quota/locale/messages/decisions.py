"""Messages about committee decisions (config, model and results): key -> (zh, en).

See :mod:`quota.locale.messages`. Kept together because a decision is one
topic that crosses the layers: parsed in :mod:`quota.config.decisions`,
applied in :mod:`quota.model.decisions`, reported in
:mod:`quota.results.decisions`.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- parsing -------------------------------------------------------------
    "config.decision_forms": (
        "每项决定须有且只有以下一种形式：{forms}（现有：{given}）",
        "a decision needs exactly one of {forms} (it has: {given})",
    ),
    "config.fix_syntax": (
        "--fix {text!r} 无法识别：格式为 街道:类别=41（也可写 >=41、<=41、+2、-2、keep、proposed+2）",
        "--fix {text!r}: expected STREET:KIND=41 (or >=41, <=41, +2, -2, keep, proposed+2)",
    ),
    # --- a decision in words -----------------------------------------------------
    "model.decision_total": ("核定{n}名", "total {n}"),
    "model.decision_at_least": ("不少于{n}名", "at least {n}"),
    "model.decision_at_most": ("不超过{n}名", "at most {n}"),
    "model.decision_change": (
        "较现有编制{more}{k}名（核定{n}名）",
        "{k} {more} than current (total {n})",
    ),
    "model.decision_keep_current": ("维持现有编制{n}名", "keep the current {n}"),
    "model.decision_more_than_proposed": (
        "较测算方案{more}{k}名（核定{n}名）",
        "{k} {more} than proposed (total {n})",
    ),
    "model.decision_more": ("增加", "more"),
    "model.decision_fewer": ("减少", "fewer"),
    "model.origin_scenario": ("方案文件", "the scenario"),
    "model.origin_fix": ("命令行 --fix", "the --fix options"),
    "model.origin_workbook": ("审核表（--decisions）", "the workbook (--decisions)"),
    # --- resolving ---------------------------------------------------------------
    "model.decision_twice": (
        "{origin}中对{street}（{kind}）有两项决定，请只保留一项",
        "two decisions about {street} ({kind}) in {origin}: keep one",
    ),
    "model.decision_unknown_kind": (
        "对{street}的决定：本方案没有编制类别“{kind}”，现有类别：{kinds}{hint}",
        "decision for {street}: no kind {kind!r}; the scenario's kinds: {kinds}{hint}",
    ),
    "model.decision_unknown_street": (
        "决定：街道表中没有“{street}”{hint}",
        "decision: no street {street!r} in the street table{hint}",
    ),
    "model.decision_did_you_mean": ("。是否指“{name}”？", "; did you mean {name!r}?"),
    "model.decision_needs_current": (
        "{street}{kind}：该决定以现有编制为基准，但街道表中没有现有编制列（查找的列：{column}）",
        "{street} {kind}: the decision is relative to current quotas, but the street table"
        " has no current-quotas column (looked for {column!r})",
    ),
    "model.decision_negative": (
        "{street}{kind}：按该决定编制为{n}名，不能为负数",
        "{street} {kind}: the decision gives {n} quotas, which cannot be negative",
    ),
    # --- decisions that cannot hold (exit 3) ---------------------------------------
    "model.decision_below_onboard": (
        "{street}{kind}：编委会决定{decided}，但该街道实有{low}人，按不减人的承诺编制不得少于{low}名",
        "{street} {kind}: the decision ({decided}) is below the {low} staff on board, who keep"
        " their posts (no dismissal)",
    ),
    "model.decision_below_change_cap": (
        "{street}{kind}：编委会决定{decided}，低于增减幅度限制（max_change）允许的下限{low}名",
        "{street} {kind}: the decision ({decided}) is below {low}, the least the change cap"
        " (max_change) allows",
    ),
    "model.decision_below_base": (
        "{street}{kind}：编委会决定{decided}，低于其基础编制{base}名，至少需要{low}名",
        "{street} {kind}: the decision ({decided}) is below its base quotas ({base}); it needs"
        " at least {low}",
    ),
    "model.decision_below_floor": (
        "{street}{kind}：编委会决定{decided}，低于其下限（floor）{low}名（含基础编制{base}名）",
        "{street} {kind}: the decision ({decided}) is below its floor of {low} (base {base}"
        " included)",
    ),
    "model.decision_above_cap": (
        "{street}{kind}：编委会决定{decided}，超过增减幅度限制（max_change）允许的上限{high}名",
        "{street} {kind}: the decision ({decided}) is above {high}, the most the change cap"
        " (max_change) allows",
    ),
    "model.decision_above_ceiling": (
        "{street}{kind}：编委会决定{decided}，超过其上限{high}名（上限（ceiling）与量化编制总数所限）",
        "{street} {kind}: the decision ({decided}) is above {high}, the most its ceiling and"
        " the quantified quotas allow",
    ),
    "model.decision_listed": ("{street}核定{n}名", "{street} fixed at {n}"),
    "model.decision_pool_base": (
        "{kind}：{decisions}后，编制总量{pool}名只余{left}名分给其余{count}个街道，"
        "而这些街道仅基础编制就需要{need}名",
        "{kind}: {decisions} leave {left} of the {pool} quotas for {count} streets whose base"
        " alone needs {need}",
    ),
    "model.decision_pool_needs": (
        "{kind}：{decisions}后，编制总量{pool}名只余{left}名分给其余{count}个街道，"
        "而这些街道的基础编制、下限与实有人数至少需要{need}名",
        "{kind}: {decisions} leave {left} of the {pool} quotas for {count} streets whose base,"
        " floors and staff on board need at least {need}",
    ),
}
MESSAGES.update(
    {
        "results.decision_broken": (
            "内部错误：{street}{kind}的决定（{decided}）在结果中未得到满足（结果为{value}名），未写出任何文件",
            "internal error: the decision for {street} {kind} ({decided}) does not hold on the"
            " result ({value}); nothing was written",
        ),
    }
)
MESSAGES.update(
    {
        "io.decisions_no_sheet": (
            "{file}：没有编制分配表（查找的工作表：{sheets}）；请使用 quota run 写出的审核表",
            "{file}: no allocation sheet (looked for {sheets}); use a review workbook written"
            " by quota run",
        ),
        "io.decisions_no_column": (
            "{file}：工作表“{sheet}”中没有“决定”列；请使用本版本 quota run 写出的审核表",
            "{file}: sheet {sheet!r} has no decision (决定) column; use a review workbook"
            " written by this version of quota run",
        ),
        "io.decisions_bad_cell": (
            "{file}：工作表“{sheet}”单元格{cell}（{street}，{kind}）的决定“{text}”无法识别："
            "请填写整数编制数（也可写 >=41、<=41、+2、-2、keep）",
            "{file}: sheet {sheet!r} cell {cell} ({street}, {kind}): cannot read the decision"
            " {text!r}; type a whole number of quotas (or >=41, <=41, +2, -2, keep)",
        ),
    }
)
MESSAGES.update(
    {
        "results.decisions_need_lp": (
            "编委会决定需要整数规划方法（method: lp）：方法“{method}”不能在固定部分街道后重新分配其余街道",
            "committee decisions need method: lp; the method {method!r} cannot re-allocate the"
            " other streets around fixed ones",
        ),
        "results.decision_listed": ("{street}{kind}{decided}", "{street} {kind} {decided}"),
        "results.decisions_infeasible": (
            "编委会决定（{decisions}）与方案的其他要求无法同时满足：",
            "the committee's decisions ({decisions}) cannot hold together with the scenario's"
            " other requirements:",
        ),
    }
)
MESSAGES.update(
    {
        "cli.opt.fix": (
            "编委会决定，可重复：“街道:类别=41”，也可写 >=41、<=41、+2（较现有编制）、keep（维持现有）、"
            "proposed+2（较测算方案）；视同写在方案的 decisions 中，并记入 manifest.json。",
            'A committee decision, repeatable: "STREET:KIND=41", or >=41, <=41, +2 (against'
            " current), keep (keep current), proposed+2 (against the proposal); acts as if in the"
            " scenario's decisions, and is recorded in manifest.json.",
        ),
        "cli.opt.decisions": (
            "读取审核表（allocation.xlsx）“决定”列中填写的数字，作为核定编制决定重新测算其余街道。",
            "Read the numbers typed in the decision (决定) column of a review workbook"
            " (allocation.xlsx) as decided totals, and re-solve the other streets.",
        ),
        "cli.summary_decisions": (
            "  编委会决定 {count} 项：偏离目标值较测算方案增加 {cost}；涉及街道 {moved} 个",
            "  {count} committee decision(s): the objective rises by {cost} over the proposal;"
            " {moved} street(s) moved",
        ),
    }
)
