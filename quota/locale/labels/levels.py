"""Labels of levels (city → districts → streets; levels.csv, district sheets): key -> (zh, en).

Level names (``level.<name>``), their plurals (``level.plural.<name>``) and
the whole a top level divides (``level.whole.<name>``: the districts of a city
make 全市); the workbook's level sheets (``levels.sheet.*``, ``levels.col.*``,
``levels.note.*``), the report's sections (``levels.h.*``, ``levels.report.*``),
the pool's named sources (``levels.source.*``) and the chart by level
(``chart.by_level``, ``legend.level_*``).
"""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    # --- level names ----------------------------------------------------------------
    "level.province": ("省", "province"),
    "level.city": ("市", "city"),
    "level.county": ("县（市、区）", "county"),
    "level.district": ("区县", "district"),
    "level.street": ("街道/乡镇", "street"),
    "level.plural.province": ("各省", "provinces"),
    "level.plural.city": ("各市", "cities"),
    "level.plural.county": ("各县（市、区）", "counties"),
    "level.plural.district": ("各区县", "districts"),
    "level.plural.street": ("各街道/乡镇", "streets"),
    "level.plural.other": ("各{level}", "{level} units"),
    # the whole a top level divides: a city's districts make the city (全市)
    "level.whole.province": ("全国", "nation"),
    "level.whole.city": ("全省", "province"),
    "level.whole.county": ("全市", "city"),
    "level.whole.district": ("全市", "city"),
    "level.whole.other": ("全部", "whole"),
    "levels.chain_part": ("{plural}（{n}个）", "{plural} ({n})"),
    "levels.arrow": (" → ", " → "),
    # --- the workbook's level sheets (quota.outputs.level_sheets) ---------------------
    "levels.sheet.top": ("{whole}汇总", "{whole} summary"),
    "levels.sheet.by": ("各{level}汇总", "by {level}"),
    "levels.col.part_of": ("所属", "part of"),
    "levels.col.allocated": ("分配编制", "allocated"),
    "levels.col.lower": ("最低需要", "least needed"),
    "levels.col.streets_total": ("街道核定合计", "streets' total"),
    "levels.col.reserve": ("{level}预留", "kept by the {level}"),
    "levels.col.base": ("基础编制合计", "base (sum)"),
    "levels.col.current": ("现有编制合计", "current (sum)"),
    "levels.col.change": ("街道增减", "streets' change"),
    "levels.col.onboard": ("实有人数合计", "on board (sum)"),
    "levels.col.streets": ("街道数", "streets"),
    "levels.note.top": (
        "{kind}：{whole}总量{pool}名 = {plural}分配合计{allocated}名 + {whole}预留{held}名。",
        "{kind}: {whole} pool {pool} = allocated to the {plural} {allocated} + kept at the top"
        " {held}.",
    ),
    "levels.note.units": (
        "{kind}：{plural}分配合计{allocated}名 = 街道核定合计{streets}名 + {level}预留{reserve}名。",
        "{kind}: allocated to the {plural} {allocated} = streets' total {streets}"
        " + kept by the {level} units {reserve}.",
    ),
    "levels.note.rule": (
        "分配编制 = 街道核定合计 + 预留（该单位及其下级单位留作周转、未分到街道的编制）；基础编制、"
        "现有编制、实有人数为所辖街道之和；街道增减 = 街道核定合计 − 现有编制。",
        "Allocated = streets' total + kept (what the unit and the units under it hold back"
        " from their streets as turnover); base, current and on board are the sums over its"
        " streets; streets' change = streets' total − current.",
    ),
    "levels.note.own_staff": (
        "{units}的现有编制、实有人数中，{level}数据表给出的取该表数值（unit_data），不是所辖街道之和。",
        "Where the {level} table (unit_data) gives them, the current quotas and staff on board"
        " of {units} are that table's figures, not the sums over their streets.",
    ),
    "levels.note.lower": (
        "最低需要：所辖街道的基础编制、下限、不减人（实有人数）和增减幅度所需之和，含该单位自留的"
        "周转编制；每个单位的分配编制都不低于此数，下级分配因而不会因上级分配而无解。",
        "Least needed: what the unit's streets need (base quotas, floors, staff on board under"
        " no dismissal, the cap on change) with the turnover it keeps; every unit is"
        " allocated at least that, so no split below can fail because of the split above.",
    ),
    "levels.note.unit_sheets": (
        "{plural}所辖街道的明细见以{level}名称命名的工作表。",
        "The streets of the {plural} are listed on one sheet per {level}, named after it.",
    ),
    "levels.note.no_unit_sheets": (
        "{level}共{n}个（街道{streets}个），超过逐一分表的上限（{limit}个{level}、{rows}个街道），"
        "{plural}不逐一分表；各街道所属{level}见“{sheet}”表的“{column}”列。",
        "{n} {plural} ({streets} streets): more than one sheet each allows ({limit} {plural},"
        " {rows} streets), so there is none; each street's {level} is in the “{column}”"
        " column of the “{sheet}” sheet.",
    ),
    "levels.note.main": (
        "“{columns}”列为各街道所属的上级单位；分级汇总见“{sheet}”表。",
        "The “{columns}” columns give each street's upper units; the summary by level is on"
        " the “{sheet}” sheet.",
    ),
    "levels.note.unit": (
        "{kind}：{unit}分配{allocated}名 = 街道核定合计{streets}名 + {level}预留{reserve}名。",
        "{kind}: {unit} is allocated {allocated} = streets' total {streets}"
        " + kept by the {level} {reserve}.",
    ),
    "levels.note.read_only": (
        "本表为{unit}所辖街道的明细，只读；编委会决定请填在“{sheet}”表的决定列。",
        "This sheet lists the streets of {unit} and is read-only; type the committee's"
        " decisions in the decision column of the “{sheet}” sheet.",
    ),
    "levels.unit_title": ("{title}——{unit}", "{title} — {unit}"),
    # --- named sources of a pool ----------------------------------------------------
    "levels.source": ("来源", "source"),
    "levels.source.existing": ("现有编制", "existing quotas"),
    "levels.source.from_province": ("省级下达", "from the province"),
    "levels.source.from_city": ("市级下达", "from the city"),
    "levels.source.from_county": ("县级自筹", "from the county"),
    "levels.source.from_district": ("区级自筹", "from the district"),
    "levels.source.from_reserve": ("周转池调剂", "from the turnover pool"),
    "levels.sources_line": ("{kind}总量{pool}名：{parts}。", "{kind}: pool {pool} = {parts}."),
    "levels.source_part": ("{source}{n}名", "{n} {source}"),
    "levels.source_sep": ("、", " + "),
    # --- the report's level sections (quota.outputs.level_tables) ---------------------
    "levels.h.summary": ("{whole}汇总", "{whole} summary"),
    "levels.h.sources": ("编制来源", "Sources of the pool"),
    "levels.h.rules": ("各级单位的分配规则", "Rules of the units"),
    "levels.rules.unit": ("单位", "unit"),
    "levels.rules.every": ("全部{level}", "every {level}"),
    "levels.h.unit_in": ("{unit}（{parent}）", "{unit} ({parent})"),
    "levels.caption": ("{plural}：{kind}", "{plural}: {kind}"),
    "levels.summary.levels": (
        "本方案分{n}级分配：{chain}；上级分配给各单位的编制不少于其所辖街道的需要"
        "（基础编制、下限和不减人）。",
        "Allocated in {n} levels: {chain}; each unit is given at least what its streets"
        " need (base quotas, floors, no dismissal).",
    ),
    "levels.unit.line": (
        "{kind}：分配{allocated}名，街道核定合计{streets}名，{level}预留{reserve}名",
        "{kind}: {allocated} allocated, streets' total {streets}, {reserve} kept by the {level}",
    ),
    "levels.unit.change": (
        "（现有{current}名，街道增减{change}）",
        " (current {current}, change {change})",
    ),
    "levels.unit.end": ("。", "."),
    "levels.report.more_units": (
        "{level}共{n}个（街道{streets}个），超过逐一列出的上限（{limit}个{level}、{rows}个街道），"
        "不逐一列出{plural}的街道；各街道所属{level}见工作簿“{sheet}”表的“{header}”列和"
        "allocation.csv的{column}列。",
        "{n} {plural} ({streets} streets): more than are listed one by one ({limit} {plural},"
        " {rows} streets); each street's {level} is in the “{header}” column of the"
        " workbook's “{sheet}” sheet and in the {column} column of allocation.csv.",
    ),
    "levels.report.top": (
        "列出分配最多的{n}个（{plural}共{total}个），合计为全部之和；全部见工作簿。",
        "The {n} largest of {total} {plural} are listed; the total is over all of them, and"
        " the workbook has every one.",
    ),
    # --- the chart by level (quota.outputs.charts.districts) --------------------------
    "chart.by_level": ("{plural}编制分配", "Quotas allocated to the {plural}"),
    "legend.level_streets": ("街道核定合计", "streets' total"),
    "legend.level_reserve": ("{level}预留", "kept by the {level}"),
    "legend.level_current": ("现有编制合计", "current quotas"),
    "note.units_shown": ("显示分配最多的{n}个（共{total}个）", "the {n} largest of {total} shown"),
}
