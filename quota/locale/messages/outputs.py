"""Messages of :mod:`quota.outputs`: key -> (zh, en); see :mod:`quota.locale.messages`."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the output folder (quota.outputs.folder) ------------------------------------
    "outputs.out_not_folder": (
        "--out {out_dir} 不是文件夹",
        "--out {out_dir} is not a folder",
    ),
    "outputs.out_below_file": (
        "--out {out_dir} 不是文件夹：{blocker} 是一个文件",
        "--out {out_dir} is not a folder: {blocker} is a file",
    ),
    "outputs.out_unusable": (
        "--out {out_dir} 不能用作文件夹（{reason}）",
        "--out {out_dir} cannot be used as a folder ({reason})",
    ),
    "outputs.target_not_folder": (
        "{target} 已存在且不是文件夹；请将其移走，或另选 --out",
        "{target} exists and is not a folder; move it away or choose another --out",
    ),
    "outputs.scenario_folder_name": (
        "方案名称“{name}”不能用作 {out_dir} 下的文件夹名",
        "scenario name {name!r} cannot be used as a folder name inside {out_dir}",
    ),
    "outputs.write_failed": (
        "无法写入 {folder}：{reason}（errno {errno}）",
        "cannot write to {folder}: {reason} (errno {errno})",
    ),
    "outputs.disk_full": (
        "磁盘已满：{folder} 约需 {needed_mb} MB 空间；请清理磁盘空间，或另选 --out",
        "the disk is full: about {needed_mb} MB are needed in {folder};"
        " free some space or choose another --out",
    ),
    "outputs.permission_denied": (
        "无法写入 {folder}：没有写入权限（文件夹是否只读？）",
        "cannot write to {folder}: permission denied (read-only folder?)",
    ),
    # --- the collection form (quota.outputs.form) -------------------------------------
    "outputs.form.bad_kind_names": (
        "填报表：编制类别名 {names} 只能由字母、数字和 _ 组成（如 admin、institutional）",
        "collection form: kind name(s) {names} must be letters, digits and _"
        " (such as admin, institutional)",
    ),
    "outputs.form.repeated_kinds": (
        "填报表：编制类别“{kinds}”重复给出",
        "collection form: kind(s) {kinds} given more than once",
    ),
    "outputs.form.street_empty": (
        "填报表：第{number}个街道的名称为空",
        "collection form: street {number} has an empty name",
    ),
    "outputs.form.street_total": (
        "填报表：第{number}个街道名为“{name}”，这是合计行的标记",
        "collection form: street {number} is named {name!r}, which marks a totals row",
    ),
    "outputs.form.street_twice": (
        "填报表：街道“{name}”出现了两次（第{first}个和第{number}个）",
        "collection form: street {name!r} is given twice (numbers {first} and {number})",
    ),
    "outputs.form.not_xlsx": (
        "{target}：填报表必须是 .xlsx 文件",
        "{target}: the collection form must be an .xlsx file",
    ),
    "outputs.form.exists": (
        "{target}：文件已存在；请删除它，或另取一个文件名",
        "{target}: exists; remove it or choose another name",
    ),
    # --- charts (quota.outputs.charts) and their fonts (quota.outputs.fonts) ----------
    "outputs.chart.missing_columns": (
        "编制分配表缺少列 {missing}（现有的列：{present}）",
        "the allocation table has no column {missing} (columns present: {present})",
    ),
    "outputs.chart.kind_missing": (
        "表中没有编制类别“{kind}”（表中的类别：{kinds}）",
        "quota kind {kind!r} is not in the table (kinds: {kinds})",
    ),
    "outputs.chart.no_kinds": ("无", "none"),
    "outputs.chart.one_kind_per_axes": (
        "在一个坐标轴（axes）中作图只能画一个编制类别：请用 kind= 指定其中之一：{kinds}",
        "drawing into one axes needs one quota kind: pass kind= one of {kinds}",
    ),
    "outputs.chart.no_rows": (
        "编制分配表没有数据行",
        "the allocation table has no rows",
    ),
    "outputs.chart.axes_without_figure": (
        "传入的坐标轴（axes）不属于任何图形（figure）",
        "the axes given to draw into belongs to no figure",
    ),
    "outputs.fonts.no_chinese_font": (
        "未找到中文字体（请安装一种，例如 `pip install pylopdf-fonts-zh-cn`"
        " 或 Debian 的 fonts-noto-cjk）：图表改用英文绘制",
        "no Chinese font found (install one, e.g. `pip install pylopdf-fonts-zh-cn`"
        " or Debian's fonts-noto-cjk): charts are drawn in English",
    ),
}
