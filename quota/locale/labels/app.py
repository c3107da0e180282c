"""Labels of the meeting page (quota serve): key -> (zh, en)."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    "app.title": ("编制测算会议页", "Quota meeting page"),
    "app.subtitle": (
        "{title} · {streets}个街道 · 方案文件 {file}",
        "{title} · {streets} streets · scenario file {file}",
    ),
    "app.offline": (
        "本页面只在本机运行，不访问网络。",
        "This page runs on this computer and makes no network requests.",
    ),
    # --- the table ---------------------------------------------------------------
    "app.col.change": ("较现有增减", "vs current"),
    "app.col.vs_loaded": ("较原方案增减", "vs as loaded"),
    "app.col.vs_saved": ("较上次保存增减", "vs last saved"),
    "app.col.vs_proposal": ("较测算方案增减", "vs proposal"),
    "app.col.decided": ("编委会决定", "decision"),
    "app.balance": (
        "街道核定合计 {streets} 名 + 区级周转预留 {reserve} 名 = 编制总量 {pool} 名",
        "streets {streets} + district reserve {reserve} = pool {pool}",
    ),
    "app.split": (
        "基础编制 {base} 名，量化编制 {quantified} 名，周转编制 {turnover} 名（下拨街道 {used} 名）",
        "base {base}, quantified {quantified}, turnover {turnover} ({used} given to streets)",
    ),
    "app.aggregated": (
        "街道较多（{total}个）：表中列出已决定的街道、较原方案变化最大的{n}个、较现有减少最多的{n}个"
        "和查找到的街道，共{shown}行；合计行为全部街道之和。",
        "Many streets ({total}): the table lists the decided streets, the {n} the meeting moved"
        " most, the {n} largest cuts against current quotas and any street searched for"
        " ({shown} rows); the totals row covers every street.",
    ),
    "app.search": ("查找街道", "find a street"),
    "app.groups": ("按{group}汇总", "by {group}"),
    "app.click_hint": (
        "点击某一行可固定该街道的编制数（编委会决定）。",
        "Click a row to pin that street's number (a committee decision).",
    ),
    # --- the settings ----------------------------------------------------------
    "app.settings": ("参数", "settings"),
    "app.weights": ("指标权重", "indicator weights"),
    "app.weight_typed": ("输入值", "typed"),
    "app.weight_normalised": ("归一化后", "normalised"),
    "app.weight_method": ("权重方法", "weight method"),
    "app.weights_derived": (
        "权重由{method}从数据中计算，输入值不起作用。",
        "The weights are derived from the data ({method}); the typed values are not used.",
    ),
    "app.turnover_percent": ("周转编制比例（%）", "turnover share (%)"),
    "app.bound.none": ("不设", "none"),
    "app.bound.column": ("按列 {column}", "column {column}"),
    "app.bound.number": ("统一数值", "one number"),
    # --- buttons and dialogs ---------------------------------------------------
    "app.save": ("保存方案", "Save"),
    "app.export": ("导出全部结果", "Export"),
    "app.undo": ("撤销", "Undo"),
    "app.reset": ("恢复原方案", "Back to as loaded"),
    "app.pin": ("固定为此数", "Pin this number"),
    "app.keep": ("维持现有编制", "Keep current"),
    "app.unpin": ("取消决定", "Remove decision"),
    "app.cancel": ("取消", "Cancel"),
    "app.confirm_save": ("保存", "Save"),
    "app.pin_title": ("{street}（{kind}）", "{street} ({kind})"),
    "app.pin_facts": (
        "现有编制 {current}，当前核定 {total}，实有人数 {onboard}",
        "current {current}, now {total}, on board {onboard}",
    ),
    "app.pin_total": ("决定核定编制数", "decided total"),
    "app.reason": ("理由（可选）", "reason (optional)"),
    "app.save_title": (
        "另存为新方案（extends 原方案，只写改动的设置和决定）",
        "Save as a new scenario (extends the loaded one; only the changed keys and the decisions)",
    ),
    "app.save_file": ("文件", "file"),
    "app.meeting_title": ("{title}（会议调整）", "{title} (meeting)"),
    # --- problems, decisions, fairness, status ------------------------------------
    "app.infeasible": ("按当前设置无法求解：", "These settings cannot be met:"),
    "app.last_feasible": (
        "图表、公平性和决定事项仍是最后一个可行状态；撤销上一步或调整参数即可继续。",
        "The charts, fairness figures and decisions still show the last feasible state; undo"
        " the last change or adjust a setting to go on.",
    ),
    "app.decisions": ("编委会决定及影响", "Decisions and who paid"),
    "app.no_decisions": (
        "尚无决定。点击表中某一行即可固定该街道的编制数。",
        "No decisions yet. Click a row of the table to pin a street's number.",
    ),
    "app.decision_title": (
        "决定{number}：{street}（{kind}）{words}",
        "Decision {number}: {street} ({kind}) {words}",
    ),
    "app.decision_detail": (
        "测算方案 {proposal} 名 → {total} 名（{change}）；代价 {cost}（偏离工作量的编制数）",
        "proposal {proposal} → {total} ({change}); cost {cost} (quotas of deviation from the"
        " workload)",
    ),
    "app.who_paid": ("单独执行此决定时变动的街道：", "streets it moves on its own: "),
    "app.nobody_paid": (
        "单独执行此决定时其他街道不变。",
        "On its own it moves no other street.",
    ),
    "app.payer": ("{street} {change}", "{street} {change}"),
    "app.payers_more": ("另有{n}个街道", "{n} more"),
    "app.payer_reserve": ("区级周转预留 {change}", "district reserve {change}"),
    "app.fairness": ("公平性", "fairness"),
    "app.status": ("{changes}处改动 · 求解 {ms} 毫秒", "changes: {changes} · solved in {ms} ms"),
    "app.update_ms": ("服务器处理 {ms} 毫秒", "server {ms} ms"),
    "app.notices": ("提示", "notices"),
}
