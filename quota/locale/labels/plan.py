"""Labels of the transition plan (``quota plan``, :mod:`quota.analysis.plan`).

Key -> (zh, en); merged into :data:`quota.locale.labels.LABELS`.
"""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
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
}
