"""Every user-facing label, header and short phrase, in Chinese and English.

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
    # --- street table indicators (canonical names of quota.schema) -------------
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
        raise InputError(f"language {lang!r} is not supported: use one of {', '.join(LANGUAGES)}")
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
