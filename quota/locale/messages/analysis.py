"""Messages of :mod:`quota.analysis`: key -> (zh, en); see :mod:`quota.locale.messages`."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- pieces of messages -------------------------------------------------------------
    "analysis.street_kind": ("{street}（{kind}）", "{street} ({kind})"),
    "analysis.street_and_kind": ("{street}（{kind}）", "street {street}, kind {kind}"),
    "analysis.street_year": ("{street}（{year}）", "{street} ({year})"),
    "analysis.and_more": ("，另有 {n} 处", " and {n} more"),
    "analysis.summary_target": (" → {target}", " -> {target}"),
    "analysis.count_base": ("基础编制", "base quotas"),
    "analysis.count_quantified": ("量化编制", "quantified quotas"),
    "analysis.count_turnover": ("周转编制", "turnover quotas"),
    "analysis.count_onboard": ("实有人数", "staff on board"),
    "analysis.status_optimal": ("最优解", "optimal"),
    "analysis.status_time_limit": ("达到求解时限（未证明最优）", "time_limit"),
    "analysis.status_infeasible": ("无可行解", "infeasible"),
    # --- plan settings (quota.analysis.transition_checks) --------------------------------
    "analysis.plan_years": (
        "计划年数须为 1 至 {max_years} 的整数，现为 {value!r}",
        "plan years must be a whole number from 1 to {max_years}, got {value!r}",
    ),
    "analysis.plan_start_year": (
        "计划起始年份须为整数，现为 {value!r}",
        "plan start year must be a whole number, got {value!r}",
    ),
    "analysis.attrition_rate": (
        "减员率须为 0 至 1 之间的比例（不含 1），如每年减员 4% 填 0.04，现为 {rate!r}",
        "attrition rate must be a share from 0 up to (not including) 1, e.g. 0.04 for 4% a"
        " year, got {rate!r}",
    ),
    "analysis.attrition_rate_kind": (
        "{kind}的减员率须为 0 至 1 之间的比例（不含 1），如每年减员 4% 填 0.04，现为 {rate!r}",
        "attrition rate for kind '{kind}' must be a share from 0 up to (not including) 1,"
        " e.g. 0.04 for 4% a year, got {rate!r}",
    ),
    "analysis.hiring_cap": (
        "年度招录上限须为 0 或正整数（人/年），现为 {cap!r}",
        "hiring cap must be a whole number of people per year, 0 or more, got {cap!r}",
    ),
    "analysis.hiring_cap_kind": (
        "{kind}的年度招录上限须为 0 或正整数（人/年），现为 {cap!r}",
        "hiring cap for kind '{kind}' must be a whole number of people per year, 0 or more,"
        " got {cap!r}",
    ),
    "analysis.no_rate_for_kinds": (
        "未给出{kinds}的减员率",
        "no attrition rate for kind(s) {kinds}",
    ),
    "analysis.rate_for_absent_kind": (
        "给出了“{kind}”的减员率，但分配结果中没有这一类别（现有：{known}）",
        "attrition rate given for kind '{kind}', which the allocation does not have ({known})",
    ),
    "analysis.cap_for_absent_kind": (
        "给出了“{kind}”的年度招录上限，但分配结果中没有这一类别（现有：{known}）",
        "hiring cap given for kind '{kind}', which the allocation does not have ({known})",
    ),
    # --- the allocation table (quota.analysis.transition_checks) -------------------------
    "analysis.alloc_lacks_columns": (
        "分配结果表缺少列：{columns}",
        "the allocation table lacks column(s) {columns}",
    ),
    "analysis.alloc_empty": (
        "分配结果表为空，没有可以编制过渡计划的内容",
        "the allocation table is empty: there is nothing to plan",
    ),
    "analysis.no_onboard_kind": ("{kind}（{streets}）", "kind '{kind}' at {streets}"),
    "analysis.no_onboard": (
        "过渡计划以实有人数为起点，但分配结果中以下类别和街道没有实有人数：{groups}；"
        "街道表需要列 {columns}",
        "a transition plan starts from the staff on board, but the allocation has none for"
        " {groups}: the street table needs {columns} column(s)",
    ),
    "analysis.duplicate_rows": (
        "分配结果表中以下街道和类别不止一行：{rows}",
        "the allocation table has more than one row for {rows}",
    ),
    "analysis.bad_counts": (
        "分配结果表列“{column}”（{what}）须为 0 或正整数，以下街道不符：{streets}",
        "allocation table, column '{column}' ({what}): needs a whole number, 0 or more, for"
        " street(s) {streets}",
    ),
    "analysis.no_pool": (
        "未给出{kinds}的区级编制总量",
        "no district pool given for kind(s) {kinds}",
    ),
    "analysis.bad_pool": (
        "{kind}的编制总量须为整数，现为 {pool!r}",
        "the pool of kind '{kind}' must be a whole number, got {pool!r}",
    ),
    "analysis.onboard_above_total": (
        "{street}（{kind}）：实有人数 {onboard} 人，超过其编制合计 {total}"
        "（基础+量化编制 {entitlement} + 周转编制 {turnover}）",
        "street {street}, kind {kind}: {onboard} staff on board exceed its total quota {total}"
        " (entitlement {entitlement} + turnover {turnover})",
    ),
    "analysis.needs_no_dismissal": (
        "不减人的过渡计划必须从保留全部在岗人员的分配结果出发（constraints.no_dismissal）",
        "a plan without dismissals must start from an allocation that keeps everyone on"
        " board (constraints.no_dismissal)",
    ),
    "analysis.pool_exceeded": (
        "{kind}：分配结果共使用 {given} 个编制（基础+量化编制 {entitlement} + 周转编制"
        " {turnover}），超过编制总量 {pool}",
        "kind '{kind}': the allocation hands out {given} quotas (entitlement {entitlement} +"
        " turnover {turnover}) but the pool is {pool}",
    ),
    # --- known departures (quota.analysis.transition_checks, transition_steps) -----------
    "analysis.departures_lacks_columns": (
        "已知减员表缺少列：{columns}",
        "the known-departures table lacks column(s) {columns}",
    ),
    "analysis.departure_unknown": (
        "已知减员表第{row}行（街道 {street}，{kind}，年份 {year}）：分配结果中没有这一街道和类别",
        "known departures, row {row} (street {street}, kind {kind}, year {year}): no such"
        " street and kind in the allocation",
    ),
    "analysis.departure_bad_year": (
        "已知减员表第{row}行（街道 {street}，{kind}，年份 {year}）：年份须为整数",
        "known departures, row {row} (street {street}, kind {kind}, year {year}): the year"
        " must be a whole number",
    ),
    "analysis.departure_bad_count": (
        "已知减员表第{row}行（街道 {street}，{kind}，年份 {year}）：减员人数须为 0 或正整数，"
        "现为 {count}",
        "known departures, row {row} (street {street}, kind {kind}, year {year}): departures"
        " must be a whole number, 0 or more, got {count}",
    ),
    "analysis.departure_twice": (
        "已知减员表第{row}行（街道 {street}，{kind}，年份 {year}）：重复给出",
        "known departures, row {row} (street {street}, kind {kind}, year {year}): given twice",
    ),
    "analysis.known_exceeds_onboard": (
        "{street}（{kind}），年份 {year}：已知减员 {given} 人，但该年年初实有人数只有 {onboard} 人",
        "street {street}, kind {kind}, year {year}: {given} known departures but only"
        " {onboard} staff on board at the start of that year",
    ),
    # --- the hiring program (quota.analysis.hiring) --------------------------------------
    "analysis.hiring_status": (
        "{kind}：招录规划（缺编 {need} 人、可招录 {limit} 人）求解结束，状态为 {status}",
        "kind '{kind}': the hiring program ({limit} hires for a shortfall of {need}) ended"
        " with status {status}",
    ),
    "analysis.hiring_inconsistent": (
        "{kind}：招录规划返回的解前后不一致",
        "kind '{kind}': the hiring program returned an inconsistent solution",
    ),
    # --- the street table's retiring_* columns (quota.analysis.plan_departures) ----------
    "analysis.retiring_other_kind": (
        "列“{column}”给出的是类别“{kind}”的退休人数，但方案不分配这一类别（方案的类别：{kinds}）：已忽略",
        "column '{column}' gives retirements of kind '{kind}', which the scenario does not"
        " allocate ({kinds}): ignored",
    ),
    "analysis.retiring_twice": (
        "列“{first}”和“{second}”都给出了{kind}{year}年的退休人数：请只保留一列",
        "columns '{first}' and '{second}' both give the retirements of kind {kind} in"
        " {year}: keep one",
    ),
    "analysis.retiring_bad_cell": (
        "{file}第{row}行（{street}），列“{column}”：{cell!r} 不是 0 或正整数的减员人数",
        "{file}, row {row} (street {street}), column '{column}': {cell!r} is not a whole"
        " number of people leaving, 0 or more",
    ),
    # --- sources of departures (quota.analysis.plan_settings) ----------------------------
    "analysis.rate_for_other_kinds": (
        "给出了方案不分配的类别的减员率：{extra}（方案的类别：{kinds}）",
        "attrition rate given for kind(s) {extra}, which the scenario does not allocate ({kinds})",
    ),
    "analysis.gap_kind": (
        "{kind}：既没有减员率，也没有 {column} 列",
        "kind {kind}: no attrition rate and no {column} column",
    ),
    "analysis.gap_kind_years": (
        "{kind}：年份 {years} 既没有减员率，也没有 {column} 列",
        "kind {kind}: no attrition rate and no {column} column for {years}",
    ),
    "analysis.gap_empty_cells": (
        "{kind}：没有减员率，而 {column} 列中以下单元格为空：{cells}{more}",
        "kind {kind}: no attrition rate for the empty {column} cells of {cells}{more}",
    ),
    "analysis.plan_needs_departures": (
        "过渡计划需要知道每年减员多少人：请给出 --attrition RATE（如每年减员 4% 填 0.04），"
        "或在方案中写 plan: {{attrition: 0.04}}，或在街道表中加 retiring_<kind>_<year> 列"
        "（如 retiring_admin_2027）",
        "the plan needs to know how many people leave each year: give --attrition RATE"
        " (e.g. 0.04 for 4% a year), or plan: {{attrition: 0.04}} in the scenario, or columns"
        " retiring_<kind>_<year> (e.g. retiring_admin_2027) in the street table",
    ),
    "analysis.give_attrition": (
        "请为没有已知退休人数的年份和街道给出 --attrition RATE（如 0.04），或补齐这些列"
        "（计划年份：{years}）",
        "give --attrition RATE (e.g. 0.04) for the years and streets without known"
        " retirements, or fill in the columns (plan years {years})",
    ),
    "analysis.plan_needs_years": (
        "过渡计划要覆盖几年？请给出 --years N（或在方案中写 plan: {{years: N}}）",
        "how many years should the plan cover? give --years N (or plan: {{years: N}} in the"
        " scenario)",
    ),
    # --- the plan (quota.analysis.plan) ---------------------------------------------------
    "analysis.columns_outside_years": (
        "列 {columns} 不在计划年份 {years} 之内：未使用",
        "column(s) {columns} lie outside the plan years {years}: not used",
    ),
    "analysis.unknown_plan_chart": (
        "没有名为 {kind!r} 的过渡计划图表：请选择 onboard 或 turnover",
        "unknown plan chart {kind!r}; choose onboard or turnover",
    ),
    "analysis.plan_summary": (
        "{name}：{years}年过渡计划，{span}；减员{attrition}；年度招录上限{cap}{target}",
        "{name}: {years}-year plan, {span}; departures {attrition}; hiring cap {cap}{target}",
    ),
    "analysis.plan_summary_span_years": ("第{years}年", "years {years}"),
    "analysis.plan_summary_span_calendar": ("{years}年", "years {years}"),
    "analysis.plan_summary_kind": (
        "  {kind}：实有人数 {start} → {end}（基础+量化编制 {entitlement}）；减员 {departures} 人，"
        "招录 {hires} 人；在用周转编制 {turnover_start} → {turnover_end}；{streets} 个街道中"
        " {within} 个在{last}末前达到基础+量化编制{later}{never}{unknown}",
        "  {kind}: on board {start} -> {end} (entitlement {entitlement}); {departures} leave,"
        " {hires} hired; turnover in use {turnover_start} -> {turnover_end}; {within} of"
        " {streets} streets reach their entitlement by {last}{later}{never}{unknown}",
    ),
    "analysis.plan_summary_later": (
        "，{n} 个在计划期后达到（最晚{year}）",
        ", {n} later (by {year})",
    ),
    "analysis.plan_summary_never": (
        "，{n} 个在{limit}年内达不到",
        ", {n} not within {limit} years",
    ),
    "analysis.plan_summary_unknown": (
        "，{n} 个无法推算（未给减员率）",
        ", {n} unknown (no rate)",
    ),
    # --- sensitivity (quota.analysis.sensitivity, sensitivity_draws, sensitivity_chart) ---
    "analysis.sensitivity_linked": (
        "敏感性分析用精确快速算法逐个类别重新求解，但 constraints.street_share_min"
        " 把各类别联系在一起；请在一个派生方案（extends: ...）中去掉这一约束，再做敏感性分析",
        "sensitivity re-solves each kind on its own with the exact fast path, but"
        " constraints.street_share_min links the kinds; drop it in a variant scenario"
        " (extends: ...) to analyse the sensitivity",
    ),
    "analysis.draws_min": (
        "抽样次数（draws）至少为 1，现为 {draws}",
        "draws must be at least 1, got {draws}",
    ),
    "analysis.seed_min": (
        "随机种子（seed）须为 0 或正整数，现为 {seed}",
        "seed must be a whole number >= 0, got {seed}",
    ),
    "analysis.concentration": (
        "权重集中度（concentration）须为大于 0 的数，现为 {concentration:g}",
        "concentration must be a number above 0, got {concentration:g}",
    ),
    "analysis.noise": (
        "指标扰动（noise）是 0 至 1 之间的相对变化（不含 1），现为 {noise:g}",
        "noise is a relative change from 0 up to (not including) 1, got {noise:g}",
    ),
    "analysis.workers_min": (
        "进程数（workers）至少为 1，现为 {workers}",
        "workers must be at least 1, got {workers}",
    ),
    "analysis.chunk_size_min": (
        "每块抽样数（chunk_size）至少为 1，现为 {chunk}",
        "chunk_size must be at least 1, got {chunk}",
    ),
    "analysis.sensitivity_lacks_columns": (
        "敏感性分析表缺少列：{columns}",
        "the sensitivity table lacks column(s) {columns}",
    ),
    "analysis.sensitivity_summary": (
        "{name}：抽样 {draws} 次（随机种子 {seed}，权重集中度 {concentration:g}，指标扰动"
        " {noise:g}），用时 {seconds:.1f} 秒{target}",
        "{name}: {draws} draws (seed {seed}, concentration {concentration:g}, noise"
        " {noise:g}) in {seconds:.1f} s{target}",
    ),
    "analysis.sensitivity_summary_kind": (
        "  {kind}：{streets} 个街道中有 {moving} 个在至少一半的抽样中与基准方案不同{widest}{infeasible}",
        "  {kind}: {moving} of {streets} streets differ from the base in at least half of the"
        " draws{widest}{infeasible}",
    ),
    "analysis.sensitivity_summary_widest": (
        "；90%区间最宽的是{street}：{low}–{high}（基准 {base}）",
        "; widest 90% range: {street} {low}–{high} (base {base})",
    ),
    "analysis.sensitivity_summary_infeasible": (
        "；{n} 次抽样无可行解（未计入统计）",
        "; {n} draws infeasible (left out)",
    ),
    # --- comparison (quota.analysis.compare, compare_writer) -------------------------------
    "analysis.compare_too_few": (
        "方案比较至少需要两个已求解的方案；{total} 个方案中只有 {solved} 个求解成功",
        "a comparison needs at least two solved scenarios; {solved} of {total} were solved",
    ),
    "analysis.compare_summary": (
        "方案比较：{total} 个方案中 {solved} 个已求解{target}",
        "compare: {solved} of {total} scenarios solved{target}",
    ),
    "analysis.compare_summary_failed": (
        "  {name}：求解失败（退出码 {code}）：{message}",
        "  {name}: failed (exit {code}): {message}",
    ),
    "analysis.compare_summary_run": (
        "  {name}：{status}；各街道合计 {totals}{decisions}",
        "  {name}: {status}; streets' totals {totals}{decisions}",
    ),
    "analysis.compare_summary_decisions": (
        "；编委会决定 {n} 项",
        "; {n} committee decision(s)",
    ),
    "analysis.compare_summary_total": ("{kind} {total}{delta}", "{kind} {total}{delta}"),
    "analysis.compare_summary_delta": ("（{delta}）", " ({delta})"),
    # --- synthetic data (quota.analysis.synth) ---------------------------------------------
    "analysis.synth_no_streets": (
        "synth_streets 至少需要一个街道，现为 n={n}",
        "synth_streets needs at least one street, got n={n}",
    ),
    "analysis.synth_kind": (
        "合成数据的类别只有 {kinds}，没有 {kind!r}",
        "synthetic kinds are {kinds}, not {kind!r}",
    ),
}
