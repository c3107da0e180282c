"""Labels of parameter sweeps and clusters (quota sweep, --scheduler, --dask): key -> (zh, en)."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    "sweep.title": ("{title}：参数扫描", "{title}: parameter sweep"),
    # --- columns -------------------------------------------------------------
    "sweep.col.point": ("参数组合", "point"),
    "sweep.col.point_n": ("组合{point}", "point {point}"),
    "sweep.col.status": ("状态", "status"),
    "sweep.col.streets_total": ("街道核定合计", "streets' total"),
    "sweep.col.streets_up": ("增编街道数", "streets gaining"),
    "sweep.col.streets_cut": ("减编街道数", "streets losing"),
    "sweep.col.max_abs_change": ("最大增减幅度", "largest change"),
    "sweep.col.gini": ("基尼系数", "Gini"),
    "sweep.col.problem": ("无法满足的原因", "why it cannot be satisfied"),
    "sweep.col.key": ("参数", "key"),
    "sweep.col.values": ("取值", "values"),
    "sweep.col.count": ("取值个数", "count"),
    "sweep.col.line": ("所在行", "line"),
    "sweep.col.low": ("最少", "lowest"),
    "sweep.col.high": ("最多", "highest"),
    "sweep.col.range": ("极差", "range"),
    "sweep.col.at_low": ("最少时的组合", "lowest at point"),
    "sweep.col.at_high": ("最多时的组合", "highest at point"),
    # --- status ----------------------------------------------------------------
    "sweep.status.solved": ("已求解", "solved"),
    "sweep.status.infeasible": ("无法满足", "infeasible"),
    "sweep.status.failed": ("求解失败", "solver failed"),
    # --- workbook ----------------------------------------------------------------
    "sweep.sheet.summary": ("汇总", "Summary"),
    "sweep.sheet.streets": ("街道明细", "Streets"),
    "sweep.sheet.kind": ("{kind}（按街道）", "{kind} by street"),
    "sweep.sheet.grid": ("参数网格", "Grid"),
    "sweep.note.point": ("组合{point}：{values}", "point {point}: {values}"),
    "sweep.note.long_omitted": (
        "街道明细共 {rows} 行，超出一张工作表的容量，见 sweep.csv。",
        "The street rows ({rows}) do not fit a sheet; they are in sweep.csv.",
    ),
    # --- sweep.md ----------------------------------------------------------------
    "sweep.md.intro": (
        "方案“{scenario}”（{file}）按参数网格 {grid} 共求解 {points} 个参数组合（{keys}），"
        "其中 {solved} 个可以满足，{unsolved} 个无法满足。",
        "The scenario “{scenario}” ({file}) was solved at the {points} points of the grid {grid}"
        " ({keys}): {solved} can be satisfied, {unsolved} cannot.",
    ),
    "sweep.md.grid": ("参数网格", "The grid"),
    "sweep.md.results": ("各参数组合的结果", "Results per point"),
    "sweep.md.results_note": (
        "每个参数组合、每类编制一行：编制总量、街道核定合计、区级周转预留，核定编制比现有编制增加和减少的街道数，"
        "最大增减幅度，以及按“基础+量化编制”计算的每编工作量基尼系数（0 为完全均衡）。",
        "One row per point and kind: the pool, the streets' total, the district reserve, the"
        " streets whose total is above and below their current quotas, the largest change, and"
        " the Gini coefficient of workload per quota on base + quantified quotas (0: perfectly"
        " even).",
    ),
    "sweep.md.rows_omitted": (
        "此处列出前 {shown} 行，共 {rows} 行，全部见 sweep_summary.csv。",
        "The first {shown} of {rows} rows; all are in sweep_summary.csv.",
    ),
    "sweep.md.unsolved": ("无法满足的参数组合", "Points that cannot be satisfied"),
    "sweep.md.unsolved_item": ("{point}（{values}）：{problem}", "{point} ({values}): {problem}"),
    "sweep.md.moves": ("核定编制变化最大的街道", "Streets whose total moves most"),
    "sweep.md.moves_note": (
        "各街道在可以满足的参数组合中核定编制的最少值、最多值及极差，按极差从大到小列出前 10 个。",
        "Each street's lowest and highest total over the points that can be satisfied, and the"
        " range; the ten widest ranges.",
    ),
    "sweep.md.notices": ("提示", "Notices"),
    "sweep.md.more_notices": (
        "另有 {count} 条提示，见 manifest.json。",
        "{count} more notices are in manifest.json.",
    ),
}
