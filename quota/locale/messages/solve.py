"""Messages of :mod:`quota.solve`: key -> (zh, en); see :mod:`quota.locale.messages`."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- classical apportionment (quota.solve.apportion) --------------------------
    "solve.apportion.unknown_method": (
        "未知的分配方法 {method}；可用的方法：{valid}（也可写作：{aliases}）",
        "unknown apportionment method {method}; valid methods: {valid} (also accepted: {aliases})",
    ),
    "solve.apportion.weights_not_numbers": (
        "权重必须是数字：{error}",
        "weights must be numbers: {error}",
    ),
    "solve.apportion.weights_shape": (
        "权重必须是非空的一列数字，收到的形状为 {shape}",
        "weights must be a non-empty list of numbers, got shape {shape}",
    ),
    "solve.apportion.weight_not_finite": (
        "单位{unit}的权重为 {value}；权重必须是有限的数字",
        "weight of unit {unit} is {value}; weights must be finite numbers",
    ),
    "solve.apportion.weight_negative": (
        "单位{unit}的权重为 {value:g}；权重不能为负数",
        "weight of unit {unit} is {value:g}; weights must not be negative",
    ),
    "solve.apportion.weights_zero": (
        "全部{n}个权重都是零，无法按比例分配",
        "all {n} weights are zero; nothing to apportion in proportion to",
    ),
    "solve.apportion.seats_not_whole": (
        "席位数必须是整数，收到的是 {value}",
        "seats must be a whole number, got {value}",
    ),
    "solve.apportion.seats_negative": (
        "席位数不能为负数，收到的是 {seats}",
        "seats must not be negative, got {seats}",
    ),
    "solve.apportion.lower": ("下限", "lower"),
    "solve.apportion.upper": ("上限", "upper"),
    "solve.apportion.bounds_not_numbers": (
        "{which}必须是整数：{error}",
        "{which} bounds must be whole numbers: {error}",
    ),
    "solve.apportion.bounds_count": (
        "{which}有{size}个值，但共有{n}个单位",
        "{which} bounds have {size} entries but there are {n} units",
    ),
    "solve.apportion.bound_invalid": (
        "单位{unit}的{which}为 {value:g}；上下限必须是 >= 0 的整数",
        "{which} bound of unit {unit} is {value:g}; bounds must be whole numbers >= 0",
    ),
    "solve.apportion.labels_count": (
        "给出了{given}个名称，但共有{n}个单位",
        "{given} labels given for {n} units",
    ),
    "solve.apportion.unit": ("单位{index}", "unit {index}"),
    "solve.apportion.lower_above_upper": (
        "{unit}：下限{lower}高于上限{upper}",
        "{unit}: lower bound {lower} is above upper bound {upper}",
    ),
    "solve.apportion.lower_sum": (
        "各单位下限合计{need}个席位，但可分配的只有{seats}个",
        "the lower bounds add up to {need} seats but only {seats} are to be apportioned",
    ),
    "solve.apportion.upper_sum": (
        "各单位上限合计最多{room}个席位，但需要分配{seats}个",
        "the upper bounds allow at most {room} seats but {seats} must be apportioned",
    ),
    # --- notes on a tie broken by list order (Apportionment.ties, solution notes) ---
    "solve.tie.first_seat": (
        "分配最后一名编制时出现并列（争取首名编制的权重同为{weight:g}）：{got}因在名单中排列在前而分得；{missed}未分得",
        "tie for the last seat (equal weight {weight:g} for a first seat): {got} got it by"
        " coming first in the list; {missed} did not",
    ),
    "solve.tie.hamilton": (
        "分配最后一名编制时出现并列（优先值 q - k 同为{priority:.12g}）：{got}因在名单中排列在前而分得；{missed}未分得",
        "tie for the last seat (equal priority q - k = {priority:.12g}): {got} got it by"
        " coming first in the list; {missed} did not",
    ),
    "solve.tie.divisor": (
        "分配最后一名编制时出现并列（优先值 w/d(k) 同为{priority:.12g}）：{got}因在名单中排列在前而分得；{missed}未分得",
        "tie for the last seat (equal priority w/d(k) = {priority:.12g}): {got} got it by"
        " coming first in the list; {missed} did not",
    ),
    # --- the engines (quota.solve.dispatch, quota.solve.solvers) ------------------
    "solve.highs_missing": (
        "求解器 highs 不可用：请运行 pip install highspy 安装",
        "solver 'highs' is not available: pip install highspy",
    ),
    "solve.unknown_solver": (
        "未知的求解器“{engine}”；请使用 fast、highs 或 cbc",
        "unknown solver {engine!r}; use fast, highs or cbc",
    ),
    "solve.fast_linked": (
        "求解器 fast 无法处理跨编制类别的约束（street_share_min）；请使用 highs 或 cbc",
        "solver 'fast' cannot handle constraints linking kinds (street_share_min); use highs or cbc",
    ),
    "solve.fast_unreachable": (
        "求解器 fast 无法求解这一方案；请使用 highs 或 cbc",
        "solver 'fast' cannot solve this scenario; use highs or cbc",
    ),
    "solve.no_solver": (
        "没有可用的整数规划求解器；请运行 pip install highspy 安装",
        "no integer-program solver is available; pip install highspy",
    ),
    "solve.solver": ("求解器", "solver"),
    "solve.engine_solver": ("{engine} 求解器", "{engine} solver"),
    "solve.no_allocation": (
        "{kind}：没有满足全部约束的分配方案",
        "{kind}: no allocation meets every constraint",
    ),
    "solve.apportion_turnover": (
        "{kind}：按 {method} 方法分配时，各街道需要{need}名周转编制才能保证实有人员不被减员，"
        "但周转编制池只有{pool}名；请提高周转编制比例，或改用 method: lp（它会调整量化编制以避免这种情况）",
        "{kind}: with the {method} apportionment the streets need {need} turnover quotas to keep"
        " everyone on staff, but the turnover pool is {pool}; raise the turnover share or use"
        " method: lp, which moves quantified quotas to avoid this",
    ),
    # --- the time limit of an integer program -------------------------------------
    "solve.time_limit.tiebreak": (
        "未达最优：{engine} 求解器在{time_limit:g}秒的时间限制处停止；"
        "分配结果已是最优，但在同样好的方案之间择定唯一方案的步骤未完成",
        "not optimal: the {engine} solver stopped at its {time_limit:g} s time limit; the"
        " allocation is optimal but the tie-break between equally good allocations did not finish",
    ),
    "solve.time_limit.gap": (
        "未达最优：{engine} 求解器在{time_limit:g}秒的时间限制处停止；"
        "已找到的最好方案：{stage} 目标值{objective:.6g}，与最优界的差距为{gap:.2%}",
        "not optimal: the {engine} solver stopped at its {time_limit:g} s time limit; best"
        " allocation found: {stage} objective {objective:.6g}, gap {gap:.2%} to the best bound",
    ),
    "solve.time_limit.no_gap": (
        "未达最优：{engine} 求解器在{time_limit:g}秒的时间限制处停止；"
        "已找到的最好方案：{stage} 目标值{objective:.6g}，与最优界的差距未知",
        "not optimal: the {engine} solver stopped at its {time_limit:g} s time limit; best"
        " allocation found: {stage} objective {objective:.6g}, gap unknown to the best bound",
    ),
    "solve.time_limit_refused": (
        "{note}。如接受这一方案，请在方案文件中设置 solver: {{accept_time_limit: true}}"
        "（或运行 quota run --accept-time-limit），或将 solver.time_limit 调高到{time_limit:g}以上",
        "{note}; to accept this allocation set solver: {{accept_time_limit: true}} in the"
        " scenario (or run quota run --accept-time-limit), or raise solver.time_limit above"
        " {time_limit:g}",
    ),
    "solve.time_limit_no_solution": (
        "{engine} 求解器在{time_limit:g}秒的时间限制处停止，未找到任何方案；"
        "请调高 solver.time_limit，或在各类编制互不关联时使用 solver: {{name: fast}}",
        "the {engine} solver stopped at its {time_limit:g} s time limit with no solution; raise"
        " solver.time_limit or use solver: {{name: fast}} when the kinds are not linked",
    ),
    # --- why no allocation exists (quota.solve.diagnose) --------------------------
    "solve.diagnose.heading": (
        "{engine}找不到同时满足全部要求的分配方案（各项算术检查均已通过）",
        "the {engine} found no allocation that meets every requirement at once, although each"
        " check of the arithmetic passed",
    ),
    "solve.diagnose.failed": (
        "{heading}；查找相互冲突的要求时出错（{error}）。",
        "{heading}; finding the conflicting requirements failed ({error}).",
    ),
    "solve.diagnose.solver_failed": (
        "{heading}；经复核，满足要求的分配方案其实存在，是求解器出错："
        "请换用其他求解引擎（--solver highs 或 --solver cbc）。",
        "{heading}; checked again, an allocation does exist, so the solver failed: try another"
        " engine (--solver highs or --solver cbc).",
    ),
    "solve.diagnose.least_change": (
        "{heading}；使方案得以成立的最小调整如下：",
        "{heading}; the least change that lets one exist:",
    ),
    "solve.relax.who": ("{kind}，{street}", "{kind}, {street}"),
    "solve.relax.base": (
        "{who}：基础编制需要{limit}名，但扣除周转编制后只剩{remain}名；请将编制总量增加{amount}名。",
        "{who}: base quotas need {limit} but only {remain} remain after the turnover share;"
        " raise the pool by {amount}.",
    ),
    "solve.relax.quantified_more": (
        "{who}：满足下限、实有人数和增减幅度上限所需的量化编制，"
        "比扣除基础编制和周转编制后剩下的{limit}名多{amount}名；请将编制总量增加{amount}名。",
        "{who}: the floors, staff on board and caps need {amount} more quantified quotas than the"
        " {limit} left after base and turnover; raise the pool by {amount}.",
    ),
    "solve.relax.quantified_fewer": (
        "{who}：受上限和增减幅度上限的限制，各街道只能接收{limit}名量化编制中的{taken}名；"
        "请将编制总量减少{amount}名，或提高周转编制比例。",
        "{who}: the ceilings and change caps let the streets take only {taken} of the {limit}"
        " quantified quotas; lower the pool by {amount} or raise the turnover share.",
    ),
    "solve.relax.floor": (
        "{who}：下限{limit}名无法满足；请将{street}的下限降至{value}名。",
        "{who}: the floor of {limit} cannot be met; lower the floor for {street} to {value}.",
    ),
    "solve.relax.ceiling": (
        "{who}：上限{limit}名过低；请将{street}的上限提高到{value}名。",
        "{who}: the ceiling of {limit} is too low; raise the ceiling for {street} to {value}.",
    ),
    "solve.relax.total_max": (
        "{who}：受增减幅度上限的限制，核定编制最多只能达到{limit}名；"
        "请将{street}的增减幅度上限放宽{amount}名（核定编制最多可达{value}名）。",
        "{who}: the change cap lets its total reach only {limit}; relax the change cap for"
        " {street} by {amount} (total up to {value}).",
    ),
    "solve.relax.total_min": (
        "{who}：核定编制最多只能达到{value}名，比不减人（或增减幅度上限）所要求的{limit}名少{amount}名。",
        "{who}: its total can reach at most {value}, short of the {limit} that no dismissal of"
        " its staff on board (or its change cap) requires by {amount}.",
    ),
    "solve.relax.turnover_pool": (
        "{who}：周转编制池{limit}名还差{amount}名；请将编制总量增加{amount}名，"
        "全部用作周转编制（周转编制池达到{value}名）。",
        "{who}: the turnover pool of {limit} is {amount} short; raise the pool by {amount}, all"
        " of it as turnover (a turnover pool of {value}).",
    ),
    "solve.relax.street_share_min": (
        "各街道核定编制合计比 street_share_min 所要求的{limit}名少{amount}名；"
        "请将各类编制总量合计增加{amount}名，或降低 street_share_min。",
        "the streets' totals fall {amount} short of the {limit} quotas street_share_min requires;"
        " raise the pools by {amount} or lower street_share_min.",
    ),
}
