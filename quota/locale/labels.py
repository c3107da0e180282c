"""Every label, header and short phrase of the outputs, in Chinese and English.

One table, :data:`LABELS`, maps a key to its text per language. Keys of the
allocation table's columns are the canonical column names (``current``,
``base``, ...), so ``label("base", "zh")`` is the Chinese column header.
Kinds have keys ``kind.<name>``; charts use ``chart.*``, ``axis.*``,
``legend.*`` and ``note.*`` keys. Phrases with ``{placeholders}`` are meant
for :meth:`str.format`.

To add a label, add one entry with both languages; the test suite checks that
every entry has every language.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from quota.errors import InputError

#: languages every label exists in; the first is the default
LANGUAGES: tuple[str, ...] = ("zh", "en")

#: accepted spellings of each language
_LANGUAGE_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "zh": "zh",
        "zh-cn": "zh",
        "zh_cn": "zh",
        "zh-hans": "zh",
        "cn": "zh",
        "chinese": "zh",
        "中文": "zh",
        "en": "en",
        "en-us": "en",
        "en_us": "en",
        "en-gb": "en",
        "en_gb": "en",
        "english": "en",
    }
)

_ENTRIES: dict[str, tuple[str, str]] = {
    # --- the allocation table: canonical column names -> (zh, en) -----------
    "street": ("街道", "street"),
    "kind": ("编制类别", "quota kind"),
    "current": ("现有编制", "current"),
    "base": ("基础编制", "base"),
    "quantified": ("量化编制", "quantified"),
    "turnover": ("周转编制", "turnover"),
    "total": ("核定编制", "total"),
    "change": ("增减", "change"),
    "onboard": ("实有人数", "on board"),
    "vacancy": ("空编(超编)", "vacancy (excess)"),
    "score": ("工作量得分", "workload score"),
    "ideal": ("理想量化编制", "ideal quantified"),
    "total_row": ("合计", "Total"),
    "province": ("省份", "province"),
    "city": ("城市", "city"),
    "district": ("区县", "district"),
    # --- street table indicators (canonical names of quota.config.schema) -------------
    "population": ("常住人口", "resident population"),
    "registered_population": ("户籍人口", "registered population"),
    "households": ("户数", "households"),
    "area_km2": ("辖区面积(平方公里)", "area (km²)"),
    "communities": ("社区数", "communities"),
    "grids": ("网格数", "grid cells"),
    "duty_items": ("权责清单事项数", "duty items"),
    "enforcement_cases": ("执法案件数", "enforcement cases"),
    "hotline_tickets": ("12345工单数", "hotline tickets"),
    "enterprises": ("市场主体数", "market entities"),
    "offices": ("内设机构数", "internal offices"),
    "units": ("事业单位数", "public-service units"),
    # --- quota kinds ---------------------------------------------------------
    "kind.admin": ("行政编制", "administrative"),
    "kind.institutional": ("事业编制", "institutional"),
    # --- scenario parameters and summary phrases -----------------------------
    "pool": ("编制总量", "pool"),
    "turnover_share": ("周转编制比例", "turnover share"),
    "turnover_pool": ("周转编制池", "turnover pool"),
    "reserve": ("区级周转预留", "district reserve"),
    "weights": ("指标权重", "indicator weights"),
    "indicator": ("指标", "indicator"),
    "weight": ("权重", "weight"),
    "method": ("分配方法", "method"),
    "objective": ("优化目标", "objective"),
    "scenario": ("方案", "scenario"),
    "parameters": ("参数", "parameters"),
    "diagnostics": ("诊断信息", "diagnostics"),
    "scores": ("指标与得分", "indicators and scores"),
    "sheet.allocation": ("编制分配表", "allocation"),
    "constraint": ("约束", "constraint"),
    "detail": ("说明", "detail"),
    "value": ("取值", "value"),
    "title": ("标题", "title"),
    "no_dismissal": ("不减人", "no dismissals"),
    "max_change": ("增减幅度上限", "cap on change"),
    "floor": ("下限", "floor"),
    "ceiling": ("上限", "ceiling"),
    "status": ("求解状态", "solver status"),
    "streets": ("街道数", "streets"),
    "unit.quotas": ("名", "quotas"),
    "unit.people": ("人", "people"),
    # --- chart titles ----------------------------------------------------------
    "chart.stack": (
        "各街道编制构成（基础 + 量化 + 周转）",
        "Quotas per street: base + quantified + turnover",
    ),
    "chart.stack_groups": (
        "按{group}汇总的编制构成",
        "Quotas by {group}: base + quantified + turnover",
    ),
    "chart.stack_profile": (
        "编制构成（街道按核定编制从多到少排列）",
        "Quota mix, streets ranked by total quotas",
    ),
    "chart.shares": ("工作量占比与编制占比", "Workload share vs quota share"),
    "chart.change": ("核定编制较现有编制的增减", "Change of quotas against current"),
    "chart.change_hist": ("增减分布", "Distribution of change"),
    "chart.top_gains": ("增加最多的{n}个街道", "{n} largest gains"),
    "chart.top_cuts": ("减少最多的{n}个街道", "{n} largest cuts"),
    "chart.change_groups": ("按{group}汇总的增减", "Change by {group}"),
    "chart.onboard": ("实有人数与核定编制", "Staff on board vs new total"),
    "chart.vacancy_hist": ("空编(超编)分布", "Distribution of vacancy (excess)"),
    "chart.top_turnover": ("周转编制最多的{n}个街道", "{n} streets using most turnover quotas"),
    "chart.compare": ("方案比较：各街道核定编制", "Scenario comparison: total quotas per street"),
    "chart.compare_diff": ("各方案与“{base}”的差值分布", "Difference from “{base}”, per street"),
    "chart.compare_groups": ("按{group}汇总的方案比较", "Scenario comparison by {group}"),
    # --- chart axes ------------------------------------------------------------
    "axis.quotas": ("编制数（名）", "quotas"),
    "axis.change": ("增减（名）", "change (quotas)"),
    "axis.vacancy": ("空编(+) / 超编(−)（名）", "vacancy (+) / excess (−) (quotas)"),
    "axis.streets": ("街道数（个）", "number of streets"),
    "axis.rank": ("街道排序（按核定编制）", "street rank by total quotas"),
    "axis.workload_share": ("工作量占比", "workload share"),
    "axis.quota_share": ("编制占比（基础 + 量化）", "quota share (base + quantified)"),
    "axis.difference": ("差值（名）", "difference (quotas)"),
    "axis.difference_from": ("与“{base}”的差值（名）", "difference from “{base}” (quotas)"),
    # --- chart legends -----------------------------------------------------------
    "legend.equality": ("编制占比 = 工作量占比", "quota share = workload share"),
    "legend.gain": ("增加", "gain"),
    "legend.cut": ("减少", "cut"),
    "legend.unchanged": ("不变", "unchanged"),
    "legend.streets": ("街道", "streets"),
    "legend.base_quantified": ("基础 + 量化编制", "base + quantified"),
    "legend.turnover_used": (
        "周转编制（人员超出基础 + 量化编制的街道，名称标橙）",
        "turnover (streets whose staff exceed base + quantified, names in orange)",
    ),
    "legend.needs_turnover": ("需周转编制的街道", "streets needing turnover quotas"),
    "legend.excess": ("超编", "excess"),
    "legend.vacant": ("空编", "vacant"),
    "legend.density": ("街道数", "streets"),
    # --- notes shown on charts -------------------------------------------------
    "note.no_current": (
        "数据中没有现有编制，无法显示增减。",
        "The data has no current quotas: change cannot be shown.",
    ),
    "note.no_onboard": (
        "数据中没有实有人数，无法比较。",
        "The data has no staff on board: nothing to compare.",
    ),
    "note.no_scenarios": ("没有可比较的方案。", "No scenario to compare."),
    "note.street_numbers": (
        "街道名称需要中文字体；#n 为表中第 n 个街道。",
        "Street names need a CJK font; #n is the n-th street of the table.",
    ),
    "note.groups_shown": ("显示{total}个{group}中的{n}个", "{n} of {total} {group} groups shown"),
    "note.n_streets": ("{n}个街道", "{n} streets"),
    "note.other": ("其他", "other"),
    "note.vacant_n": ("空编{n}", "{n} vacant"),
    "note.excess_n": ("超编{n}", "{n} over"),
    "note.full": ("满编", "full"),
    # --- transition plan (quota plan) -------------------------------------------
    "plan.year": ("年份", "year"),
    "plan.entitlement": ("基础+量化编制", "entitlement (base + quantified)"),
    "plan.turnover": ("周转编制", "turnover"),
    "plan.total": ("编制合计(含周转)", "total quota (with turnover)"),
    "plan.onboard_start": ("年初实有人数", "on board at start"),
    "plan.departures": ("减员", "departures"),
    "plan.hires": ("招录", "hires"),
    "plan.onboard_end": ("年末实有人数", "on board at end"),
    "plan.pool": ("编制总量", "pool"),
    "plan.reserve": ("区级周转预留", "district reserve"),
    "plan.vacancies": ("年末空编", "vacancies at year end"),
    "plan.hiring_cap": ("年度招录上限", "hiring cap per year"),
    "plan.reach_year": ("达到基础+量化编制的年份", "year the entitlement is reached"),
    "plan.reach_note": ("说明", "note"),
    "plan.reach.within": ("计划期内", "within the plan"),
    "plan.reach.projected": (
        "计划期后，按同样减员率和招录上限推算",
        "after the plan, projected at the same rate and cap",
    ),
    "plan.reach.never": ("{limit}年内达不到", "not within {limit} years"),
    "plan.reach.unknown": (
        "计划期内未达到；未给减员率，无法推算",
        "not within the plan; no attrition rate to project with",
    ),
    "plan.start": ("现状", "start"),
    "plan.no_cap": ("不设", "none"),
    "plan.year_n": ("第{year}年", "year {year}"),
    "plan.year_calendar": ("{year}年", "{year}"),
    "plan.rate": ("每年{rate}", "{rate} a year"),
    "sheet.plan": ("过渡计划", "plan"),
    "sheet.plan_summary": ("年度汇总", "yearly summary"),
    "sheet.plan_hiring": ("招录计划", "hiring schedule"),
    "sheet.plan_reach": ("达标年份", "year of reach"),
    "chart.plan_onboard": (
        "实有人数与基础+量化编制（逐年）",
        "Staff on board vs entitlement (base + quantified), year by year",
    ),
    "chart.plan_district": ("全区合计", "district total"),
    "chart.plan_status": (
        "年末各街道与基础+量化编制相比",
        "Streets against their entitlement at year end",
    ),
    "chart.plan_turnover": (
        "周转编制逐年归还区级",
        "Turnover quotas in use, year by year",
    ),
    "axis.people": ("人数（人）", "people"),
    "legend.plan_onboard": ("{kind}实有人数", "{kind}: on board"),
    "legend.plan_entitlement": ("{kind}基础+量化编制", "{kind}: entitlement"),
    "legend.plan_total": ("周转编制（阴影）", "turnover quotas (shaded)"),
    "legend.plan_turnover": ("街道在用周转编制", "turnover quotas in use by streets"),
    "legend.plan_returned": ("区级周转预留（含已归还）", "district reserve (incl. returned)"),
    "legend.plan_below": ("低于基础+量化编制", "below entitlement"),
    "legend.plan_at": ("等于基础+量化编制", "at entitlement"),
    "legend.plan_above": ("高于（占用周转编制）", "above (on turnover quotas)"),
    "plan.md.title": ("过渡计划（不减人）", "Transition plan (no dismissals)"),
    "plan.md.intro": (
        "方案“{name}”：计划期{years}年（{span}），减员{attrition}，年度招录上限{cap}。"
        "起点是分配结果中的实有人数，目标是各街道的基础+量化编制；超编街道保留周转编制，"
        "随人员自然减员逐年归还区级，不减人；缺编街道在编制总量和招录上限内逐年招录"
        "（相对缺编最多的街道优先）。",
        "Scenario “{name}”: a {years}-year plan ({span}); departures {attrition}; hiring cap"
        " {cap} per year. The plan starts from the staff on board and moves each street towards"
        " its entitlement (base + quantified): over-staffed streets keep turnover quotas, which"
        " return to the district as people leave (nobody is dismissed); under-staffed streets"
        " hire within the pool and the cap (largest relative shortfall first).",
    ),
    "plan.md.columns": (
        "按街道表中的已知退休人数（{columns}）",
        "from the known retirements in the street table ({columns})",
    ),
    "plan.md.columns_rate": (
        "按街道表中的已知退休人数（{columns}），其余按每年{rate}",
        "from the known retirements in the street table ({columns}), elsewhere {rate} a year",
    ),
    "plan.md.summary": ("各年汇总", "Per year and kind"),
    "plan.md.hiring": ("招录计划（人）", "Hiring schedule (people)"),
    "plan.md.hiring_more": (
        "仅列出招录最多的{n}个街道（共{total}个），完整名单见 plan.xlsx。",
        "Only the {n} streets hiring most are listed (of {total}); plan.xlsx has them all.",
    ),
    "plan.md.no_hires": ("计划期内不需要招录。", "No hires are needed within the plan."),
    "plan.md.reach": ("何时达到基础+量化编制", "When streets reach their entitlement"),
    "plan.md.at_end": (
        "{last}末，{n}个街道中有{k}个的实有人数等于基础+量化编制。",
        "At the end of {last}, {k} of {n} streets have exactly their entitlement on board.",
    ),
    "plan.md.within": ("计划期内达到：", "Within the plan:"),
    "plan.md.fell_back": (
        "其中因招录上限而再次低于基础+量化编制的：{streets}",
        "Of these, back below their entitlement at the end because of the hiring cap: {streets}",
    ),
    "plan.md.projected": (
        "计划期内未达到，按同样的减员率和招录上限推算：",
        "Not within the plan; at the same rate and cap they would get there in:",
    ),
    "plan.md.never": (
        "{limit}年内达不到（减员不足以消化超编人员，或招录上限低于减员）：{streets}",
        "Not within {limit} years (too little attrition for the excess staff, or a hiring cap"
        " below the departures): {streets}",
    ),
    "plan.md.unknown": (
        "计划期内未达到，未给减员率，无法推算：{streets}",
        "Not within the plan, and no attrition rate to project with: {streets}",
    ),
    "plan.md.more": ("等{n}个", "and {n} more"),
    "plan.md.files": (
        "文件：plan.csv（逐年、逐街道、逐类别）、plan.xlsx、charts/plan_onboard.png、"
        "charts/plan_turnover.png。",
        "Files: plan.csv (per year, street and kind), plan.xlsx, charts/plan_onboard.png,"
        " charts/plan_turnover.png.",
    ),
    # --- review report (quota.outputs.report) -----------------------------------------
    "report.h.summary": ("一、总体情况", "1. Summary"),
    "report.h.method": ("二、方法与参数", "2. Method and parameters"),
    "report.h.parameters": ("分类参数", "Parameters per kind"),
    "report.h.weights": ("指标权重", "Indicator weights"),
    "report.h.workload": ("工作量标准（WISN）", "Workload standards (WISN)"),
    "report.wisn.required": ("按工作量标准需求人数", "required staff"),
    "report.wisn.top": (
        "表中列出比值最低的{n}个街道（共{total}个）。",
        " The {n} lowest ratios of {total} streets are listed.",
    ),
    "report.wisn.ratio": ("实有/需求", "on board / required"),
    "report.wisn.note": (
        "需求人数 = Σ年工作量 ÷ 标准工作量 × 类别津贴系数 + 个人津贴（WHO工作量指标法）；比值低于1表示按工作量标准人员不足。",
        "Required staff = Σ annual workload ÷ standard workload × category allowance factor +"
        " individual allowance (WHO WISN); a ratio below 1 means fewer staff than the workload"
        " standard asks for.",
    ),
    "report.h.allocation": ("三、分配结果", "3. Allocation"),
    "report.h.charts": ("四、图表", "4. Charts"),
    "report.h.fairness": ("五、公平性", "5. Fairness"),
    "report.h.binding": ("六、起作用的约束", "6. Binding constraints"),
    "report.h.why": ("七、各街道编制说明", "7. Why each street gets its number"),
    "report.h.notices": ("附：数据说明", "Notes on the data"),
    "report.weight_given": ("填写的权重", "weight as typed"),
    "report.weight_used": ("采用的权重（缩放至合计为1）", "weight used (rescaled to add up to 1)"),
    "report.h.promises": ("附：保障承诺核验", "Promises checked on the result"),
    "promises": ("保障承诺", "promises"),
    "promise": ("承诺", "promise"),
    "promise.status": ("是否作出", "made"),
    "promise.bound": ("起作用的街道数", "streets bound"),
    "promise.checked": ("核验", "check"),
    "promise.made": ("是", "yes"),
    "promise.not_made": ("不作此承诺", "not made"),
    "promise.not_made.onboard": (
        "不作此承诺（方案写明 onboard: none 或 no_dismissal: false）",
        "not made (the scenario says onboard: none or no_dismissal: false)",
    ),
    "promise.checked_yes": ("已在结果上核验", "checked on the result"),
    "promise.checked_no": ("—", "—"),
    "promise.all": ("全部类别", "all kinds"),
    "promise.pool": (
        "总量用足（各街道合计 + 预留 = 总量）",
        "pool used exactly (streets + reserve = pool)",
    ),
    "promise.whole_numbers": ("编制数为整数", "whole numbers"),
    "promise.base": ("基础编制足额核定", "base quotas given in full"),
    "promise.floor": ("基础+量化不低于下限", "base + quantified at or above the floor"),
    "promise.ceiling": ("基础+量化不高于上限", "base + quantified at or below the ceiling"),
    "promise.max_change": ("增减幅度不超过上限", "change within the cap"),
    "promise.no_dismissal": (
        "不减人（核定编制不低于实有人数）",
        "no dismissal (total covers staff on board)",
    ),
    "promise.turnover_pool": ("周转编制不超过周转池", "turnover within the turnover pool"),
    "promise.street_share_min": ("街道编制占比不低于要求", "streets' share reached"),
    "xlsx.sheet.promises": ("保障承诺", "promises"),
    "report.subtitle": (
        "方案：{name}；数据：{data}（SHA-256 {sha}…）；{streets}个街道。",
        "Scenario {name}; data {data} (SHA-256 {sha}…); {streets} streets.",
    ),
    "report.footer": (
        "由 quota 生成。同样的方案和数据总是得到同样的结果；allocation.xlsx 和 allocation.csv"
        " 载有全部数据。",
        "Generated by quota. The same scenario and data always give the same result;"
        " allocation.xlsx and allocation.csv hold every figure.",
    ),
    "report.col.pool": ("编制总量", "pool"),
    "report.col.base": ("基础编制", "base"),
    "report.col.quantified": ("量化编制", "quantified"),
    "report.col.turnover_pool": ("周转编制", "turnover pool"),
    "report.col.turnover_used": ("下拨街道的周转编制", "turnover given"),
    "report.col.reserve": ("区级周转预留", "district reserve left"),
    "report.col.streets_total": ("街道核定合计", "streets' total"),
    "report.col.current": ("现有编制", "current"),
    "report.col.onboard": ("实有人数", "on board"),
    "report.summary.split": (
        "{kind}总量{pool}名：基础编制{base}名，量化编制{quantified}名，周转编制{turnover}名"
        "（下拨街道{used}名，区级预留{reserve}名）。",
        "{kind}: pool {pool} = base {base} + quantified {quantified} + turnover {turnover}"
        " ({used} given to streets, {reserve} left in the district reserve).",
    ),
    "report.summary.change": (
        "街道核定合计{total}名（现有{current}名，增减{change}）。",
        " The streets' new totals add up to {total}, {change} against the current {current}.",
    ),
    "report.summary.total": (
        "街道核定合计{total}名。",
        " The streets' new totals add up to {total}.",
    ),
    "report.summary.onboard": ("实有人数{onboard}人。", " Staff on board: {onboard}."),
    "report.method.lp_l1": (
        "整数规划（求解引擎：{engine}）。先按工作量得分算出各街道的理想量化编制 q* = 得分 × 量化编制总量，"
        "再求整数解 q，使偏差之和 Σ|q − q*| 最小，同时满足下限、上限、增减幅度和不减人等全部约束。"
        "每下拨1名周转编制计入0.001的小额代价，周转编制只在确有需要时使用。",
        "Integer program (engine: {engine}). Each street's ideal quantified quota is"
        " q* = score × the quantified pool; the program finds whole numbers q that minimise"
        " the total deviation Σ|q − q*| while meeting every floor, ceiling, cap on change and the"
        " no-dismissal rule. Each turnover quota handed out costs a small 0.001, so turnover"
        " quotas are used only where needed.",
    ),
    "report.method.lp_minimax": (
        "整数规划（求解引擎：{engine}）。先按工作量得分算出各街道的理想量化编制 q* = 得分 × 量化编制总量，"
        "再求整数解 q，首先使最大相对偏差 |q − q*| / q* 最小，其次使偏差之和最小，"
        "同时满足下限、上限、增减幅度和不减人等全部约束。",
        "Integer program (engine: {engine}). Each street's ideal quantified quota is"
        " q* = score × the quantified pool; the program finds whole numbers q that first minimise"
        " the largest relative deviation |q − q*| / q*, then the total deviation, while meeting"
        " every floor, ceiling, cap on change and the no-dismissal rule.",
    ),
    "report.method.apportion": (
        "量化编制按{name}分配（经典名额分配方法，与教科书定义一致），在下限、上限之内进行；"
        "周转编制按需补足。",
        "Quantified quotas are apportioned by {name} (the classical apportionment method, exactly"
        " as defined in the textbooks), within floors and ceilings; turnover quotas are added"
        " where needed.",
    ),
    "report.apportion.hamilton": (
        "汉密尔顿法（最大余数法）",
        "Hamilton's method (largest remainders)",
    ),
    "report.apportion.webster": ("韦伯斯特法（圣拉古法）", "Webster's method (Sainte-Laguë)"),
    "report.apportion.huntington-hill": (
        "亨廷顿—希尔法（等比例法）",
        "the Huntington–Hill method (equal proportions)",
    ),
    "report.apportion.dhondt": ("顿特法（杰斐逊法）", "the D'Hondt method (Jefferson)"),
    "report.apportion.adams": ("亚当斯法", "Adams's method"),
    "report.rule": ("分配规则", "rule"),
    "report.method.rule": (
        "核定编制 = 基础编制 + 量化编制 + 周转编制。基础编制按街道的机构设置确定；"
        "周转编制 T = 编制总量 × 周转比例（四舍五入）先行预留；其余 Q = 总量 − 基础 − T 按工作量分配。",
        "total = base + quantified + turnover. Base quotas follow each street's structure; the"
        " turnover pool T = pool × turnover share (rounded, halves up) is held back first; the"
        " rest Q = pool − base − T is shared by workload.",
    ),
    "report.ties": ("并列处理", "ties"),
    "report.method.ties": (
        "结果同样好时，数据表中排在前面的街道优先；同样的输入总是得到同样的结果。",
        "When two results are equally good, the street listed first in the data table is"
        " preferred, so the same inputs always give the same result.",
    ),
    "report.method.no_dismissal_on": (
        "是：每个街道的核定编制不低于实有人数；基础+量化编制容纳不下现有人员的，用周转编制补足，"
        "人员自然减员后收回。",
        "Yes: every street's new total covers its staff on board; where base + quantified falls"
        " short, turnover quotas cover the difference and return to the district as people leave.",
    ),
    "report.method.no_dismissal_partial": (
        "部分作出：{kinds}不作此承诺（方案写明 onboard: none，未使用实有人数）；其余类别每个街道的核定编制"
        "不低于实有人数。",
        "Partly: not made for {kinds} (the scenario says onboard: none; no staff on board were"
        " read); for the other kinds every street's new total covers its staff on board.",
    ),
    "report.method.no_dismissal_off": (
        "否：核定编制可以低于实有人数。",
        "No: a street's new total may be below its staff on board.",
    ),
    "report.street_share": ("街道编制占比", "streets' share"),
    "report.method.street_share": (
        "各街道核定编制合计不低于全区编制总量{total}名的{share}（至少{need}名）。",
        "The streets' totals together reach at least {share} of the district's {total} quotas"
        " (at least {need}).",
    ),
    "report.base.none": ("无基础编制", "no base quotas"),
    "report.base.fixed": ("每街道{n}名", "{n} per street"),
    "report.base.column": ("数据列“{column}”", "column “{column}”"),
    "report.base.per_office": ("内设机构数 × {n}", "offices × {n}"),
    "report.base.per_unit": ("事业单位数 × {n}", "units × {n}"),
    "report.base.leaders": ("领导职数 {n}", "{n} leadership posts"),
    "report.none": ("不设", "none"),
    "report.bound.column": ("按数据列“{column}”", "from column “{column}”"),
    "report.bound.number": ("{n}名", "{n}"),
    "report.weights.manual": ("方案给定（手工）", "set in the scenario (manual)"),
    "report.weights.entropy": ("熵值法", "entropy weights"),
    "report.weights.critic": ("CRITIC法", "CRITIC"),
    "report.weights.ahp": ("层次分析法（AHP）", "AHP (pairwise comparisons)"),
    "report.weights.combined": ("组合赋权", "a combination of methods"),
    "report.weights.wisn-target": (
        "按工作量标准（WISN）测算的需求人数",
        "staff required by the WISN workload standards",
    ),
    "report.weights.cr": ("，一致性比率 CR = {cr}", ", consistency ratio CR = {cr}"),
    "report.weights.caption": ("{kind}：{method}", "{kind}: {method}"),
    "report.param.pool": ("编制总量", "pool"),
    "report.param.turnover": ("周转编制", "turnover quotas"),
    "report.param.turnover_value": ("{share}，共{n}名", "{share}: {n} quotas"),
    "report.param.base": ("基础编制规则", "base rule"),
    "report.param.weights": ("权重来源", "weights"),
    "report.param.floor": ("“基础+量化”下限", "floor on base + quantified"),
    "report.param.ceiling": ("“基础+量化”上限", "ceiling on base + quantified"),
    "report.param.max_change": ("增减幅度上限", "cap on change"),
    "report.param.engine": ("求解引擎", "engine"),
    "report.param.objective": ("目标函数值（偏差之和）", "objective (total deviation)"),
    "report.param.max_dev": ("最大相对偏差", "largest relative deviation"),
    "report.param.workload": ("工作量标准（WISN）", "workload standards (WISN)"),
    "report.workload.indicator": ("作为指标", "as an indicator"),
    "report.workload.target": ("作为分配目标", "as the target"),
    "report.item": ("项目", "item"),
    "report.transform": ("变换", "transform"),
    "report.transform.none": ("无", "none"),
    "report.transform.sqrt": ("平方根", "square root"),
    "report.transform.log1p": ("对数 ln(1+x)", "ln(1 + x)"),
    "report.table.top": (
        "街道较多，此处仅列出增减最多和最少的{n}个街道（共{total}个）；完整名单见 allocation.xlsx 和"
        " allocation.csv。合计行为全部街道之和。",
        "Many streets: only the {n} with the largest gains and cuts are listed here (of {total});"
        " allocation.xlsx and allocation.csv have them all. The totals row covers every street.",
    ),
    "report.fair.basis": ("口径", "basis"),
    "report.fair.basis.quantified": ("量化编制", "quantified"),
    "report.fair.basis.entitlement": ("基础+量化编制", "base + quantified"),
    "report.fair.streets": ("街道数", "streets"),
    "report.fair.ratio": ("最高/最低比", "max / min"),
    "report.fair.gini": ("基尼系数", "Gini"),
    "report.fair.max_dev": ("最大相对偏差", "largest relative deviation"),
    "report.fair.most_loaded": ("单位编制工作量最高", "most workload per quota"),
    "report.fair.least_loaded": ("单位编制工作量最低", "least workload per quota"),
    "report.fair.most_deviating": ("偏离理想占比最多", "furthest from its ideal share"),
    "report.fair.sentence": (
        "{kind}：量化编制与工作量占比的最大相对偏差为{dev}（{street}），单位编制工作量的基尼系数为{gini}；"
        "计入基础编制后，{most}每名编制承担的工作量是{least}的{ratio}倍。",
        "{kind}: quantified quotas deviate from the workload shares by at most {dev} ({street}),"
        " with a Gini coefficient of {gini} for workload per quota; counting base quotas, {most}"
        " carries {ratio} times the workload per quota of {least}.",
    ),
    "report.fair.note": (
        "说明：单位编制工作量 = 工作量占比 ÷ 编制占比，等于1表示编制占比正好等于工作量占比。"
        "“最高/最低比”为单位编制工作量最高与最低的街道之比，越接近1越均衡；基尼系数为0表示完全均衡；"
        "相对偏差 = |编制占比 − 工作量占比| ÷ 工作量占比。基础编制按机构设置而非工作量核定，"
        "因此按“基础+量化”口径，规模小的街道单位编制工作量偏低，这是规则本身的设计。",
        "Workload per quota = workload share ÷ quota share; 1 means the street's quota share"
        " equals its workload share. “Max / min” divides the largest workload per quota by the"
        " smallest (1 is perfectly even); a Gini coefficient of 0 is perfectly even; relative"
        " deviation = |quota share − workload share| ÷ workload share. Base quotas follow"
        " structure, not workload, so on the base + quantified basis small streets carry less"
        " workload per quota by design.",
    ),
    "report.district": ("（全区）", "(district)"),
    "report.binding.none": (
        "没有起作用的约束：每个街道的量化编制都是理想值取整的结果。",
        "No constraint binds: every street's quantified quota is its ideal, rounded.",
    ),
    "report.binding.more": (
        "仅列出前{n}条（共{total}条），完整清单见 allocation.xlsx。",
        "Only the first {n} are listed (of {total}); allocation.xlsx has them all.",
    ),
    "report.why.more": (
        "仅列出上表中的{n}个街道（共{total}个），全部说明见 allocation.xlsx 的“编制说明”表。",
        "Only the {n} streets of the table above are listed (of {total}); the explanations sheet"
        " of allocation.xlsx has them all.",
    ),
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
    # --- "why this number" (quota.outputs.text.build_explanations) ------------------
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
    # --- review workbook (quota.outputs.workbook) ---------------------------------------
    "xlsx.page": ("第 {page} 页，共 {pages} 页", "Page {page} of {pages}"),
    "xlsx.notes": ("注：", "Notes:"),
    "xlsx.list_sep": ("、", ", "),
    "xlsx.weights_line": (
        "{kind}指标权重：{weights}；周转编制比例{share}。",
        "{kind} indicator weights: {weights}; turnover share {share}.",
    ),
    "xlsx.cut_note": (
        "增减列带正负号；减少（负数）以红底标出。空编(超编)为负数表示实有人数超过核定编制。",
        "Changes carry their sign; cuts (negative) are shaded red. A negative vacancy means"
        " staff on board exceed the new total.",
    ),
    "xlsx.data": ("数据文件", "data file"),
    "xlsx.score_of": ("工作量得分（{kind}）", "workload score ({kind})"),
    "xlsx.streets_without_quota": ("无编制的街道数", "streets without quotas"),
    "xlsx.sheet.fairness": ("公平性", "fairness"),
    "xlsx.sheet.explanations": ("编制说明", "explanations"),
    "xlsx.deviation": ("与理想值之差", "minus ideal"),
    "xlsx.reasons": ("原因", "reasons"),
    "xlsx.why": ("说明", "why this number"),
    "xlsx.reason.exact": ("正好为理想值", "exactly the ideal"),
    "xlsx.reason.rounded_up": ("向上取整", "rounded up"),
    "xlsx.reason.rounded_down": ("向下取整", "rounded down"),
    "xlsx.reason.floor": ("下限", "floor"),
    "xlsx.reason.ceiling": ("上限", "ceiling"),
    "xlsx.reason.change_cap_up": ("增加幅度上限", "cap on increase"),
    "xlsx.reason.change_cap_down": ("减少幅度上限", "cap on decrease"),
    "xlsx.reason.staff": ("保留在编人员", "keeps staff on board"),
    "xlsx.reason.balance": ("平衡总量", "balances the total"),
    "xlsx.reason.turnover_staff": ("周转编制（不减人）", "turnover (no dismissal)"),
    "xlsx.reason.turnover_cap": ("周转编制（减少幅度）", "turnover (cap on decrease)"),
    "xlsx.reason.turnover": ("周转编制", "turnover"),
    "cons.detail.weights": ("权重方法：{method}", "weight method: {method}"),
    "cons.detail.weight": (
        "{indicator}：权重 {weight:.6f}，变换：{transform}",
        "{indicator}: weight {weight:.6f}, transform: {transform}",
    ),
    "cons.detail.quota_rule_holds": (
        "引擎 {engine}：份额规则成立，每个街道的量化编制都在理想值的上下取整范围内",
        "engine {engine}: the quota rule holds; every street's quantified quota lies within the"
        " floor and ceiling of its exact quota",
    ),
    "cons.detail.wisn": (
        "工作量标准法（{use}）：人均可用工作时间{hours:,.1f}小时/年，类别津贴系数{caf:.4f}，"
        "个人津贴{iaf:.4f}人；合计需求{required:,.2f}人",
        "workload standards ({use}): available time {hours:,.1f} h/year per person, category"
        " allowance factor {caf:.4f}, individual allowance {iaf:.4f} staff; required"
        " {required:,.2f} staff in all",
    ),
    "cons.detail.wisn_onboard": (
        "（实有{onboard}人，比值{ratio:.2f}）",
        " (on board {onboard}, ratio {ratio:.2f})",
    ),
    "wisn.use.indicator": ("作为量化指标", "as an indicator"),
    "wisn.use.target": ("作为量化分配依据", "as the quantified target"),
    "cons.detail.wisn_shortage": (
        "实有{onboard}人，按工作量标准需{required:.2f}人，比值{ratio:.2f}",
        "on board {onboard} vs required {required:.2f}: ratio {ratio:.2f}",
    ),
    "wisn_required": ("工作量标准需求人数", "required staff (WISN)"),
    "cons.detail.quota_rule_fails": (
        "引擎 {engine}：份额规则不成立，{n}个街道的量化编制超出理想值的上下取整范围（见“份额规则”各行）",
        "engine {engine}: the quota rule fails; {n} streets lie outside the floor and ceiling of"
        " their exact quota (see the quota rule rows)",
    ),
    "cons.detail.more": ("……另有{n}个街道", "... and {n} more streets"),
    "cons.detail.tie": ("{note}", "{note}"),
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
    # --- scenario comparison (quota.analysis.compare) ------------------------------------
    "report.h.cmp_scenarios": ("一、参与比较的方案", "1. Scenarios"),
    "report.h.cmp_failures": ("未能求解的方案", "Scenarios that could not be solved"),
    "report.h.cmp_summary": ("二、总量与构成", "2. Pools and their split"),
    "report.h.cmp_changes": ("三、变化及原因", "3. What changed and why"),
    "report.h.cmp_streets": ("四、各街道核定编制", "4. Total quotas per street"),
    "report.h.cmp_chart": ("五、图表", "5. Chart"),
    "cmp.title": ("方案比较", "Scenario comparison"),
    "cmp.subtitle": (
        "共{n}个方案，{ok}个求解成功；以“{first}”为基准比较。",
        "{n} scenarios, {ok} solved; each is compared against “{first}”.",
    ),
    "cmp.unset": ("未设", "not set"),
    "cmp.none": ("无", "none"),
    "cmp.kind_only": ("{kind}只在其中一个方案中出现。", "{kind} appears in only one of the two."),
    "cmp.measure_change": (
        "{measure} {old} → {new}（{delta}）",
        "{measure} {old} → {new} ({delta})",
    ),
    "cmp.split": ("{kind}：{changes}。", "{kind}: {changes}."),
    "cmp.split_same": (
        "{kind}：总量及其构成不变。",
        "{kind}: the pool and its split are unchanged.",
    ),
    "cmp.streets_same": ("{kind}：各街道核定编制都不变。", "{kind}: no street's total changes."),
    "cmp.streets": (
        "{kind}：{gains}个街道增加、{cuts}个减少、{same}个不变；增加最多：{top}；减少最多：{bottom}。",
        "{kind}: streets gaining {gains}, losing {cuts}, unchanged {same}; largest gains: {top};"
        " largest cuts: {bottom}.",
    ),
    "cmp.binding_new": ("新起作用的约束：{items}。", "Constraints that now bind: {items}."),
    "cmp.binding_gone": (
        "不再起作用的约束：{items}。",
        "Constraints that no longer bind: {items}.",
    ),
    "cmp.more": ("等，另有{n}条", " and {n} more"),
    "cmp.status_ok": ("已求解（{status}）", "solved ({status})"),
    "cmp.status_failed": ("失败（退出码 {code}）", "failed (exit code {code})"),
    "cmp.file": ("文件", "file"),
    "cmp.diff_header": ("差值（{name}）", "diff ({name})"),
    "cmp.table_top": (
        "街道较多，此处仅列出差值最大的{n}个街道（共{total}个）；完整名单见 compare.csv 和"
        " compare.xlsx。合计行为全部街道之和。",
        "Many streets: only the {n} with the largest differences are listed (of {total});"
        " compare.csv and compare.xlsx have them all. The totals row covers every street.",
    ),
    "cmp.setting": ("设置项", "setting"),
    "cmp.against": ("“{name}”与“{first}”相比", "“{name}” against “{first}”"),
    "cmp.settings_same": (
        "两个方案的设置相同（只有名称或标题不同）。",
        "The settings are the same (only the names or titles differ).",
    ),
    "cmp.failure": (
        "{name}（{file}）未能求解，退出码 {code}：{message}",
        "{name} ({file}) could not be solved, exit code {code}: {message}",
    ),
    "cmp.sheet": ("方案比较", "comparison"),
    "cmp.sheet_summary": ("总量与构成", "pools and splits"),
    "cmp.sheet_settings": ("设置差异", "changed settings"),
    "cmp.sheet_scenarios": ("方案清单", "scenarios"),
    "cmp.message": ("错误信息", "message"),
    "cmp.diff_note": (
        "差值 = 该方案核定编制 − 基准方案核定编制；减少以红色标出。",
        "diff = the scenario's total − the first scenario's total; cuts are shown in red.",
    ),
    "cmp.setting_key": ("{words}（{key}）", "{words} ({key})"),
    "cmp.constraints": ("政策约束", "constraints"),
    "cmp.footer": (
        "由 quota 生成。每个方案单独求解；compare.csv 和 compare.xlsx 载有全部街道的数据。",
        "Generated by quota. Each scenario is solved on its own; compare.csv and compare.xlsx"
        " hold every street.",
    ),
    "cmp.weight_of": ("权重：{name}", "weight: {name}"),
    "xlsx.diagnostics_subset": (
        "仅列出前{n}条（共{total}条）；全部诊断信息见 Python 接口 result.diagnostics。",
        "Only the first {n} rows are listed (of {total}); result.diagnostics in Python has them all.",
    ),
    "xlsx.why_subset": (
        "街道较多，仅列出受约束影响或使用周转编制的{n}行（共{total}行）；其余街道的量化编制为理想值取整，"
        "数字见编制分配表。全部说明可用 Python 接口 result.explain() 生成。",
        "Many streets: only the {n} rows a constraint moved or that get turnover quotas are listed"
        " (of {total}); the others are their ideal, rounded (see the allocation sheet)."
        " result.explain() in Python explains every row.",
    ),
}

#: key -> {language -> text}; read-only
LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        key: MappingProxyType(dict(zip(LANGUAGES, texts, strict=True)))
        for key, texts in _ENTRIES.items()
    }
)


def check_lang(lang: str) -> str:
    """Return the canonical code (``"zh"`` or ``"en"``) of a language name.

    Parameters
    ----------
    lang : str
        A language code such as ``"zh"``, ``"zh-CN"``, ``"en"`` or ``"en_US"``
        (case-insensitive).

    Returns
    -------
    str
        One of :data:`LANGUAGES`.

    Raises
    ------
    InputError
        If the language is not supported.
    """
    code = _LANGUAGE_ALIASES.get(str(lang).strip().lower())
    if code is None:
        from quota.locale.messages import msg

        raise InputError(msg("locale.language", lang=lang, choices=list(LANGUAGES)))
    return code


def label(key: str, lang: str) -> str:
    """Return the text of one label in one language.

    Parameters
    ----------
    key : str
        A key of :data:`LABELS`, e.g. ``"base"``, ``"kind.admin"``, ``"chart.stack"``.
    lang : str
        Language code, see :func:`check_lang`.

    Returns
    -------
    str
        The label text (may contain ``{placeholders}`` for :meth:`str.format`).

    Raises
    ------
    KeyError
        If the key is unknown (a programming error, not a user error).
    InputError
        If the language is not supported.
    """
    code = check_lang(lang)
    try:
        return LABELS[key][code]
    except KeyError:
        raise KeyError(f"no label with key {key!r}") from None


def kind_label(kind: str, lang: str) -> str:
    """Return the display name of a quota kind.

    Parameters
    ----------
    kind : str
        Quota kind name as used in scenarios, e.g. ``"admin"``.
    lang : str
        Language code, see :func:`check_lang`.

    Returns
    -------
    str
        ``行政编制`` / ``administrative`` for ``admin``, ``事业编制`` /
        ``institutional`` for ``institutional``; any other kind is returned as
        its own name.
    """
    code = check_lang(lang)
    entry = LABELS.get(f"kind.{kind}")
    return entry[code] if entry is not None else str(kind)


def column_labels(columns: list[str], lang: str) -> dict[str, str]:
    """Return display headers for table columns.

    Parameters
    ----------
    columns : list of str
        Canonical column names.
    lang : str
        Language code, see :func:`check_lang`.

    Returns
    -------
    dict
        Column name -> header; columns without a label keep their name (so the
        result can be passed to :meth:`pandas.DataFrame.rename` directly).
    """
    code = check_lang(lang)
    return {c: LABELS[c][code] if c in LABELS else c for c in columns}
