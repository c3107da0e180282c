"""Messages of :mod:`quota.io`: key -> (zh, en); see :mod:`quota.locale.messages`.

Also the messages of :mod:`quota.templates` (``quota init``), under ``io.init_``.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # ---- places, sizes and pieces of messages --------------------------------
    "io.place_sheet": ("{file}，工作表“{sheet}”", "{file}, sheet {sheet}"),
    "io.cell": ("{where}，第{row}行，列“{header}”", "{where}, row {row}, column {header!r}"),
    "io.problem_at": ("{where}：{problem}", "{where}: {problem}"),
    "io.quoted": ("“{text}”", "{text!r}"),
    "io.more": ("……", ", ..."),
    "io.semicolon": ("；", "; "),
    "io.row": ("第{row}行", "row {row}"),
    "io.rows_range": ("第{first}至{last}行", "rows {first}-{last}"),
    "io.size_bytes": ("{count} 字节", "{count} bytes"),
    "io.what_street_table": ("街道数据表", "street table"),
    "io.what_file": ("文件", "file"),
    "io.table_size_hint": (
        "；请删去其他工作表和数据，或拆分文件",
        "; remove other sheets and data, or split the file",
    ),
    "io.expected_number": ("数字", "a number"),
    "io.expected_street_name": ("街道名称", "a street name"),
    # ---- files that cannot be read -------------------------------------------
    "io.kind_folder": ("文件夹", "a folder"),
    "io.kind_fifo": ("命名管道（FIFO）", "a named pipe (FIFO)"),
    "io.kind_socket": ("套接字", "a socket"),
    "io.kind_device": ("设备", "a device"),
    "io.kind_irregular": ("特殊文件（不是普通文件）", "not a regular file"),
    "io.path_is_folder": (
        "{path}：这是一个文件夹，不是文件；请给出{what}本身的路径",
        "{path}: this is a folder, not a file; give the path of the {what} itself",
    ),
    "io.path_not_file": (
        "{path}：这是{kind}，不是文件；请将{what}保存为文件，并给出其路径",
        "{path}: this is {kind}, not a file; save the {what} as a file and give its path",
    ),
    "io.file_missing": ("{path}：找不到文件", "{path}: file not found"),
    "io.file_permission": (
        "{path}：无法读取文件（没有读取权限）",
        "{path}: cannot read the file (permission denied)",
    ),
    "io.file_unreadable": (
        "{path}：无法读取文件（{reason}）",
        "{path}: cannot read the file ({reason})",
    ),
    "io.file_too_large": (
        "{path}：文件大小为 {size}，超过了{what}的上限 {limit}{hint}",
        "{path}: the file is {size}, larger than the {limit} limit for a {what}{hint}",
    ),
    "io.file_too_large_unsized": (
        "{path}：文件超过了{what}的上限 {limit}{hint}",
        "{path}: the file is larger than the {limit} limit for a {what}{hint}",
    ),
    # ---- file formats ----------------------------------------------------------
    "io.old_office_file": (
        "{file}：这是旧格式的 Excel 文件（.xls）或其他 Office 文件；请另存为 .xlsx",
        "{file}: an old-format Excel (.xls) or other Office file; save it as .xlsx",
    ),
    "io.xls_unsupported": (
        "{file}：不支持旧格式的 .xls 文件；请另存为 .xlsx",
        "{file}: old .xls files are not supported; save it as .xlsx",
    ),
    "io.workbook_named_csv": (
        "{file}：这是 Excel 工作簿，不是 CSV 文本；请将扩展名改为 .xlsx",
        "{file}: this is an Excel workbook, not CSV text; name it .xlsx",
    ),
    "io.not_a_workbook": (
        "{file}：不是 Excel 工作簿（.xlsx）；如果是 CSV 文本，请将扩展名改为 .csv",
        "{file}: not an Excel workbook (.xlsx); if it is CSV text, name it .csv",
    ),
    "io.csv_has_no_sheets": (
        "{file}：CSV 文件没有工作表；请删去方案 data 中的 sheet",
        "{file}: a CSV file has no sheets; remove 'sheet' from the scenario's data",
    ),
    # ---- CSV text --------------------------------------------------------------
    "io.cannot_decode": (
        "{file}：无法按 UTF-8 或 GB18030（GBK）文本解码该文件；"
        "请在 Excel 中另存为“CSV UTF-8”或 .xlsx",
        "{file}: cannot decode the file as UTF-8 or GB18030 (GBK) text; "
        "save it from Excel as 'CSV UTF-8' or as .xlsx",
    ),
    "io.binary_data": (
        "{file}：文件内容是二进制数据，不是 CSV 文本；请在 Excel 中将表格另存为“CSV UTF-8”或 .xlsx",
        "{file}: the file holds binary data, not CSV text; "
        "save the table from Excel as 'CSV UTF-8' or .xlsx",
    ),
    "io.csv_cell_too_long": (
        '{file}，第{line}行：有一个单元格超过 {limit:,} 个字符；本行的引号（"）可能始终没有闭合',
        "{file}, line {line}: a cell of more than {limit:,} characters; "
        'a quote (") opened on this line may never be closed',
    ),
    "io.csv_invalid": (
        "{file}，第{line}行：不是有效的 CSV 文本（{reason}）",
        "{file}, line {line}: not valid CSV text ({reason})",
    ),
    "io.quote_never_closed": (
        '{file}，第{line}行：此处的引号（"）始终没有闭合，其后各行都会被读成一个单元格；'
        "请删去该引号，或在单元格末尾将其闭合",
        '{file}, line {line}: a quote (") opened here is never closed, so every '
        "line after it would be read as one cell; remove the quote, or close it at the end "
        "of the cell",
    ),
    "io.quote_closes_mid_cell": (
        '{file}，第{line}行：此处的引号（"）到第{end}行的单元格中间才闭合；'
        "请删去该引号，或在单元格末尾将其闭合",
        '{file}, line {line}: a quote (") opened here closes only on line {end}, '
        "in the middle of a cell; remove the quote, or close it at the end of the cell",
    ),
    "io.quote_swallows_rows": (
        '{file}，第{line}行：此处的引号（"）到第{end}行才闭合，第{line}至{end}行会被读成一个单元格；'
        "请在单元格末尾闭合该引号，或删去该引号",
        '{file}, line {line}: a quote (") opened here closes only on line {end}, '
        "so lines {line}-{end} would be read as one cell; close the quote at the end of "
        "the cell, or remove it",
    ),
    # ---- workbooks and sheets --------------------------------------------------
    "io.workbook_unpacks_too_large": (
        "{file}：工作簿解压后为 {size}，超过了街道数据表的上限 {limit}",
        "{file}: the workbook unpacks to {size}, more than the {limit} limit for a street table",
    ),
    "io.workbook_damaged_open": (
        "{file}：无法作为 Excel 工作簿打开，文件已损坏（{reason}）",
        "{file}: cannot open as an Excel workbook; the file is damaged ({reason})",
    ),
    "io.workbook_damaged_read": (
        "{file}：无法读取工作簿，文件已损坏（{reason}）",
        "{file}: cannot read the workbook; the file is damaged ({reason})",
    ),
    "io.sheet_is_chart": (
        "{file}：工作表“{sheet}”是图表，不是表格",
        "{file}: sheet {sheet!r} is a chart, not a table",
    ),
    "io.sheet_entry": ("{index} =“{name}”", "{index} = {name!r}"),
    "io.sheet_entry_hidden": ("{index} =“{name}”（隐藏）", "{index} = {name!r} (hidden)"),
    "io.sheet_bad_type": (
        "{file}：sheet 应为工作表名称或序号，而不是 {sheet!r}",
        "{file}: sheet must be a name or a number, not {sheet!r}",
    ),
    "io.sheet_index_out_of_range": (
        "{file}：工作表序号 {index} 超出范围；工作簿共有 {count} 个工作表，从 0 开始编号：{listing}",
        "{file}: sheet index {index} is out of range; the workbook has {count} "
        "sheet(s), counted from 0: {listing}",
    ),
    "io.sheet_not_found": (
        "{file}：没有名为“{sheet}”的工作表；现有工作表：{listing}",
        "{file}: no sheet named {sheet!r}; the sheets are {listing}",
    ),
    "io.sheet_skipped_hidden": ("“{name}”已隐藏", "{name!r} is hidden"),
    "io.sheet_skipped_no_street": ("“{name}”没有街道列", "{name!r} has no street column"),
    "io.sheet_chosen": (
        "{file}：读取的是工作表“{sheet}”（{skipped}）；如需读取其他工作表，"
        "请写 data: {{path: ..., sheet: 工作表名}}",
        "{file}: read sheet {sheet!r} ({skipped}); to read another sheet, "
        "write data: {{path: ..., sheet: NAME}}",
    ),
    "io.cell_date": (
        "应为{expected}，实为日期或时间（{value}）",
        "expected {expected}, found a date or time ({value})",
    ),
    # ---- formulas ----------------------------------------------------------------
    "io.formula_notice": (
        "{where}，第{row}行，{column}列：{notice}",
        "{where}, row {row}, column {column}: {notice}",
    ),
    "io.formula_circular": (
        "各公式互相引用，形成了循环",
        "the formulas refer to each other in a circle",
    ),
    "io.formula_inner_no_result": (
        "其公式 {formula} 没有保存的计算结果，而程序只计算 SUM(...) 公式",
        "its formula {formula} has no stored result and only SUM(...) formulas are computed",
    ),
    "io.sum_too_many_cells": ("其 SUM 公式涉及的单元格过多", "its SUM covers too many cells"),
    "io.formula_no_result": (
        "应为{expected}，实为没有保存计算结果的公式 {formula}：程序只计算 SUM(...) 公式；"
        "请在 Excel 或 WPS 中打开并保存文件，或直接填写数值",
        "expected {expected}, found the formula {formula} with no stored result: only SUM(...) "
        "formulas are computed; open and save the file in Excel or WPS, or type the value",
    ),
    "io.formula_problem": (
        "应为{expected}，实为公式 {formula}：{problem}",
        "expected {expected}, found the formula {formula}: {problem}",
    ),
    "io.sum_stored_differs": (
        "{formula} 保存的结果为 {stored}，但其单元格合计为 {value}；已采用 {value}"
        "（请在 Excel 或 WPS 中重新计算该文件）",
        "the stored result of {formula} is {stored} but its cells add up to "
        "{value}; used {value} (recalculate the file in Excel or WPS)",
    ),
    # ---- cells ---------------------------------------------------------------------
    "io.cell_text_too_long": (
        "应为数字，实为长达 {count:,} 个字符的文本",
        "expected a number, found a text of {count:,} characters",
    ),
    "io.cell_out_of_range": (
        "应为 -1e15 至 1e15 之间的数字，实为“{text}”",
        "expected a number between -1e15 and 1e15, found {text!r}",
    ),
    "io.cell_excel_error": (
        "应为数字，实为 Excel 错误值 {error}：请修正公式或直接填写数值",
        "expected a number, found the Excel error {error}: correct the formula or type the value",
    ),
    "io.cell_not_number": ("应为数字，实为“{text}”", "expected a number, found {text!r}"),
    "io.cell_multiplier": (
        "应为纯数字，实为“{text}”：请写出完整的数字 {whole}",
        "expected a plain number, found {text!r}: write the whole number, {whole}",
    ),
    "io.cell_wrong_unit": (
        "应为以{unit}为单位的数字，实为“{text}”：请换算为{unit}，只填写数字",
        "expected a number in {unit}, found {text!r}: convert it to {unit} "
        "and write the number alone",
    ),
    "io.cell_unit_not_allowed": (
        "应为纯数字，实为“{text}”：请只填写数字，不带单位",
        "expected a plain number, found {text!r}: write the number alone, without the unit",
    ),
    "io.cell_empty": ("应为数字，实为空单元格", "expected a number, found an empty cell"),
    "io.cell_negative": (
        "应为大于或等于 0 的数字，实为 {value}",
        "expected a number of 0 or more, found {value}",
    ),
    "io.cell_fractional": ("应为整数，实为 {value}", "expected a whole number, found {value}"),
    "io.cell_count_too_large": (
        "应不超过 {limit:,}，实为 {value}（人数、编制数、机构数和单位数都是计数）",
        "expected at most {limit:,}, found {value} (staff, quotas, offices and units are counts)",
    ),
    # ---- headers and columns -------------------------------------------------------
    "io.no_street_column": (
        "{where}：没有街道列（在{shown}中查找过“街道”“街道名称”“乡镇(街道)”或 street 等表头）；"
        "请将街道名称所在列的表头写为“街道”",
        "{where}: no street column (looked for a header such as 街道, 街道名称, 乡镇(街道) "
        "or street in {shown}); name the column of street names 街道",
    ),
    "io.columns_same_meaning": (
        "{where}，第{row}行：列“{first}”和列“{second}”含义相同（都是 {canonical}）；请只保留一列",
        "{where}, row {row}: columns {first!r} and {second!r} both mean {canonical!r}; keep one",
    ),
    "io.column_missing": (
        "{where}：没有列“{column}”{why}；表中的列为{known}{hint}",
        "{where}: no column {column!r}{why}; the table has {known}{hint}",
    ),
    "io.column_needed_for": ("（用于{purpose}）", " (needed for {purpose})"),
    "io.did_you_mean": ("；是否应为“{header}”？", "; did you mean {header!r}?"),
    "io.unnamed_column": (
        "{where}：{letter}列有数值但没有表头，已忽略",
        "{where}: column {letter} has values but no header; it was ignored",
    ),
    # ---- the table and its rows ----------------------------------------------------
    "io.table_empty": ("{where}：表格为空", "{where}: the table is empty"),
    "io.header_without_streets": (
        "{where}：表格有表头（第{row}行），但表头下没有街道",
        "{where}: the table has a header (row {row}) but no streets under it",
    ),
    "io.title_row_skipped": (
        "{where}，第{row}行：已跳过表头上方的标题行“{text}”",
        "{where}, row {row}: skipped the title row {text!r} above the header",
    ),
    "io.units_row_dropped": (
        "{where}，第{row}行：已删去单位行（{units}）",
        "{where}, row {row}: dropped the units row ({units})",
    ),
    "io.street_above": ("上方 {count} 个街道", "{count} street above"),
    "io.streets_above": ("上方 {count} 个街道", "{count} streets above"),
    "io.totals_agree": (
        "{where}，第{row}行：已删去合计行“{label}”（与{count}之和相符）",
        "{where}, row {row}: dropped the totals row {label!r} (it agrees with the {count})",
    ),
    "io.totals_column_warning": (
        "列“{header}”为 {stated}，而各街道合计为 {added}",
        "column {header!r} says {stated} but the streets add up to {added}",
    ),
    "io.totals_disagree_accepted": (
        "{where}，第{row}行：已删去合计行“{label}”；警告：该行与{count}之和不符：{columns}"
        "（是否漏了街道或重复计算了街道？）",
        "{where}, row {row}: dropped the totals row {label!r}; warning: it disagrees with the "
        "sum of the {count}: {columns} (is a street missing or counted twice?)",
    ),
    "io.totals_column_differs": (
        "列“{header}”为 {stated}，而{count}合计为 {added}（相差 {difference}）",
        "column {header!r} says {stated} but the {count} add up to {added} "
        "(difference {difference})",
    ),
    "io.totals_column_differs_one": (
        "列“{header}”为 {stated}，而{count}合计为 {added}（相差 {difference}）",
        "column {header!r} says {stated} but the {count} adds up to {added} "
        "(difference {difference})",
    ),
    "io.totals_mismatch": (
        "{where}，第{row}行（{label}）：{columns}：是否漏了街道或重复计算了街道？"
        "如仍要继续，请使用 --accept-totals-mismatch",
        "{where}, row {row} {label}: {columns}: is a street missing or counted twice? "
        "To go on anyway, use --accept-totals-mismatch",
    ),
    "io.note_dropped": (
        "{where}，第{row}行：已删去备注“{text}”",
        "{where}, row {row}: dropped the note {text!r}",
    ),
    "io.note_dropped_under_table": (
        "{where}，第{row}行：已删去表格下方的备注“{text}”",
        "{where}, row {row}: dropped the note {text!r} under the table",
    ),
    "io.note_cell": ("“{header}”（“{text}”）", "{header!r} ({text!r})"),
    "io.note_has_numbers": (
        "{where}，第{row}行：此行会被当作备注删去，但列{shown}中有数字：如果这是一个街道，"
        "请在列“{street}”中填写街道名称；如果是备注，请删去这些数字或删去此行",
        "{where}, row {row}: this row would be dropped as a note, but it has numbers in "
        "column {shown}: if it is a street, write its name "
        "in column {street!r}; if it is a note, delete the numbers or the row",
    ),
    "io.note_has_numbers_many": (
        "{where}，第{row}行：此行会被当作备注删去，但列{shown}中有数字：如果这是一个街道，"
        "请在列“{street}”中填写街道名称；如果是备注，请删去这些数字或删去此行",
        "{where}, row {row}: this row would be dropped as a note, but it has numbers in "
        "columns {shown}: if it is a street, write its name "
        "in column {street!r}; if it is a note, delete the numbers or the row",
    ),
    "io.csv_line": ("第{line}行", "line {line}"),
    "io.csv_line_excel": (
        "文本第{line}行（Excel 中第{row}行）",
        "line {line} (row {row} in Excel)",
    ),
    "io.extra_cells": (
        "{where}，{line}：此行有 {cells} 个单元格，而表头只有 {width} 个；"
        "{letter}列之后的单元格（{shown}{more}）不属于任何列：请删去，或为其添加表头"
        "（数字或名称中多出的逗号会把一个单元格拆成两个：请给这样的单元格加上引号）",
        "{where}, {line}: the row has {cells} cells but the "
        "header has {width}; the cells after column {letter} "
        "({shown}{more}) belong to no column: remove them, or give them a header "
        "(a comma too many in a number or name splits a cell: put such a cell in quotes)",
    ),
    "io.street_name_empty": (
        "应为街道名称，实为空单元格",
        "expected a street name, found an empty cell",
    ),
    "io.street_name_too_long": (
        "街道名称长达 {count:,} 个字符，最多 {limit} 个：请检查该单元格是否只填写了街道名称"
        "（开头为“{start}”）",
        "a street name of {count:,} characters; at most {limit}: check that the cell holds "
        "only the street's name (it starts {start!r})",
    ),
    "io.street_repeated": (
        "街道“{name}”重复出现（首次出现在第{first}行）；每个街道只能出现一次",
        "street {name!r} appears again (first in row {first}); each street must appear once",
    ),
    # ---- quota init (quota.templates) ------------------------------------------------
    "io.init_folder_not_empty": (
        "{folder}：该文件夹已存在且不为空；请选择一个新文件夹",
        "{folder}: exists and is not empty; choose a new folder",
    ),
    # ---- a level's own figures (unit_data) ----------------------------------------
    "io.no_unit_column": (
        "{where}：没有{level:label}列（在{shown}中查找过 {looked} 等表头）；"
        "请将{level:label}名称所在列的表头写为“{level:label}”",
        "{where}: no {level:label} column (looked for a header such as {looked} in {shown});"
        " name the column of the {level:label} names {level:label}",
    ),
    "io.unit_name_empty": (
        "该行填有数据，但未写单位名称",
        "the row has figures but no unit's name",
    ),
}
