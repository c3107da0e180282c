"""Messages of :mod:`quota.methods`: key -> (zh, en); see :mod:`quota.locale.messages`."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- pieces shared by the methods' messages (quota.methods.phrases) ------------
    "methods.quoted": ("“{name}”", "{name!r}"),
    "methods.parts": ("{first}；{second}", "{first}; {second}"),
    "methods.parts.missing": ("缺少 {names}", "missing {names}"),
    "methods.parts.not_expected": ("多出 {names}", "not expected {names}"),
    "methods.parts.duplicates": ("有重复的指标", "duplicates"),
    "methods.term.weight": ("权重", "weight"),
    "methods.term.share": ("组合占比", "combination share"),
    # --- weight methods, by name -------------------------------------------------
    "methods.method.manual": ("手工赋权", "manual"),
    "methods.method.entropy": ("熵值法", "entropy"),
    "methods.method.critic": ("CRITIC法", "critic"),
    "methods.method.ahp": ("层次分析法", "ahp"),
    "methods.method.combined": ("组合赋权", "combined"),
    "methods.method.wisn-target": ("工作量标准（WISN）需求人数", "wisn-target"),
    # --- indicator values and scores (quota.methods.scores) ----------------------
    "methods.scores.no_indicators": ("没有给出指标列", "no indicator columns given"),
    "methods.scores.no_streets": (
        "指标表没有数据行（街道）",
        "the indicator table has no rows (streets)",
    ),
    "methods.scores.not_finite": (
        "指标“{name}”，行 {row!r}：取值 {value!r} 不是有限数值",
        "indicator {name!r}, row {row!r}: value {value!r} is not a finite number",
    ),
    "methods.scores.negative": (
        "指标“{name}”，行 {row!r}：取值 {value:g} 为负数",
        "indicator {name!r}, row {row!r}: value {value:g} is negative",
    ),
    "methods.scores.no_weights": ("没有给出{what}", "no {what}s given"),
    "methods.scores.weight_not_number": (
        "“{name}”的{what}为 {value!r}，不是数字",
        "{what} of {name!r} is {value!r}, not a number",
    ),
    "methods.scores.weight_not_finite": (
        "“{name}”的{what}为 {value}，不是有限数值",
        "{what} of {name!r} is {value}, not a finite number",
    ),
    "methods.scores.weight_negative": (
        "“{name}”的{what}为 {value:g}；{what}不能为负数",
        "{what} of {name!r} is {value:g}; {what}s must not be negative",
    ),
    "methods.scores.weights_all_zero": (
        "所有{what}都为 0：{names}",
        "all {what}s are zero: {names}",
    ),
    "methods.scores.transform_not_indicator": (
        "为数据中没有的指标{names}设置了变换；现有指标：{indicators}",
        "transform given for indicator(s) {names} not in the data; indicators: {indicators}",
    ),
    "methods.scores.unknown_transform": (
        "指标“{name}”的变换 {how!r} 无法识别；可选：{valid}",
        "unknown transform {how!r} for indicator {name!r}; valid: {valid}",
    ),
    "methods.scores.kernel_zero_sum": (
        "第{number}个指标在各街道的合计为 0",
        "indicator number {number} sums to 0 over the streets",
    ),
    "methods.scores.weight_not_column": (
        "为数据中没有的指标{names}设置了权重；数据列：{columns}",
        "weight given for indicator(s) {names} not in the data; columns: {columns}",
    ),
    "methods.scores.transform_not_column": (
        "为数据中没有的指标{names}设置了变换；数据列：{columns}",
        "transform given for indicator(s) {names} not in the data; columns: {columns}",
    ),
    "methods.scores.zero_sum": (
        "指标{names}在所有街道的合计为 0，无法计算占比（请将其权重设为 0，或修正数据）",
        "indicator(s) {names} sum to 0 over all streets; shares are undefined"
        " (give them weight 0 or fix the data)",
    ),
    # --- hand-set weights and their rescaling (quota.methods.weights) ---------------
    "methods.rescale.pair": ("{name} {typed} → {used:.3g}", "{name} {typed} → {used:.3g}"),
    "methods.rescale.notice": (
        "{what}之和为 {total}，不等于 1，已按比例调整为合计 1（{pairs}）",
        "{what} add up to {total}, not 1; they were rescaled to add up to 1 ({pairs})",
    ),
    "methods.rescale.weights": ("权重", "the weights"),
    "methods.rescale.manual": ("手工权重", "the manual weights"),
    "methods.rescale.shares": ("组合赋权中各方法的占比", "the combination shares"),
    # --- deriving weights (quota.methods.weights) ----------------------------------
    "methods.weights.unknown_method": (
        "无法识别的权重方法“{method}”；可选方法：{valid}",
        "unknown weight method {method!r}; valid methods: {valid}",
    ),
    "methods.weights.combined_needs_shares": (
        "weights：combined 需要给出各方法的占比，例如 combined: {{ahp: 0.8, entropy: 0.2}}",
        "weights: combined needs the shares of its methods, e.g. combined: {{ahp: 0.8, entropy: 0.2}}",
    ),
    "methods.weights.combined_unknown": (
        "combined 中有无法识别的方法：{methods}；可选：{valid}",
        "unknown method(s) in combined: {methods}; valid: {valid}",
    ),
    "methods.weights.manual_needs_weights": (
        "weights：manual 需要为每个指标给出权重",
        "weights: manual needs a weight for every indicator",
    ),
    "methods.weights.no_weight_for": ("缺少 {names} 的权重", "no weight for {names}"),
    "methods.weights.weight_for_non_indicator": (
        "给 {names} 设置了权重，但它不是指标列",
        "weight for {names}, which is not an indicator column",
    ),
    "methods.weights.manual_mismatch": (
        "手工权重与指标不一致：{parts}",
        "manual weights do not match the indicators: {parts}",
    ),
    "methods.weights.ahp_needs_matrix": (
        "weights：ahp 需要两两比较判断矩阵，每个指标（{columns}）各占一行一列",
        "weights: ahp needs a pairwise-comparison matrix with one row and column per indicator"
        " ({columns})",
    ),
    "methods.weights.kind_problem": (
        "{kind}指标权重（{method}）：{problem}",
        "{kind}: weights ({method}): {problem}",
    ),
    "methods.weights.kind_notice": ("{kind}：{notice}", "kinds.{kind}: {notice}"),
    # --- entropy and CRITIC (quota.methods.entropy_critic) ---------------------------
    "methods.entropy.few_streets": (
        "熵值法至少需要 2 个街道，现有 {n} 个（ln 1 = 0）",
        "entropy weights need at least 2 streets, got {n} (ln 1 = 0)",
    ),
    "methods.entropy.zero_sum": (
        "指标{names}的合计为 0，无法计算熵值",
        "indicator(s) {names} sum to 0; entropy is undefined",
    ),
    "methods.entropy.all_equal": (
        "每个指标在所有街道的取值都相同，无法用熵值法确定权重",
        "every indicator has the same value for all streets; entropy weights are undefined",
    ),
    "methods.critic.few_streets": (
        "CRITIC法至少需要 2 个街道，现有 {n} 个",
        "CRITIC weights need at least 2 streets, got {n}",
    ),
    "methods.critic.flat": (
        "指标{names}在所有街道的取值都相同，CRITIC法无法对其做极差标准化（请去掉这些指标或改用其他方法）",
        "indicator(s) {names} have the same value for every street; CRITIC cannot normalise them"
        " (drop them or use another method)",
    ),
    "methods.critic.correlated": (
        "所有指标在各街道之间完全相关，无法用CRITIC法确定权重",
        "all indicators are perfectly correlated across streets; CRITIC weights are undefined",
    ),
    # --- AHP (quota.methods.ahp) ---------------------------------------------------------
    "methods.ahp.not_number": ("比较值 {value!r} 不是数字", "comparison {value!r} is not a number"),
    "methods.ahp.not_fraction": (
        "比较值 {value!r} 既不是数字，也不是 1/3 这样的分数",
        "comparison {value!r} is not a number or a fraction like 1/3",
    ),
    "methods.ahp.cell_problem": (
        "AHP判断矩阵单元格（{row}，{column}）：{problem}",
        "AHP matrix cell ({row}, {column}): {problem}",
    ),
    "methods.ahp.not_positive": (
        "AHP判断矩阵单元格（{row}，{column}）为 {value:g}；矩阵元素必须为正数",
        "AHP matrix cell ({row}, {column}) is {value:g}; entries must be positive",
    ),
    "methods.ahp.no_indicators": (
        "AHP判断矩阵至少需要一个指标",
        "the AHP matrix needs at least one indicator",
    ),
    "methods.ahp.names_repeat": (
        "AHP判断矩阵中的指标名称有重复：{names}",
        "indicator names repeat in the AHP matrix: {names}",
    ),
    "methods.ahp.shape": (
        "AHP判断矩阵应为 {n} × {n}（每个指标一行一列：{names}），实际形状为 {shape}",
        "the AHP matrix must be {n} x {n} (one row and column per indicator: {names}),"
        " got shape {shape}",
    ),
    "methods.ahp.diagonal": (
        "AHP判断矩阵单元格（{name}，{name}）为 {value:g}；对角线元素必须为 1",
        "AHP matrix cell ({name}, {name}) is {value:g}; the diagonal must be 1",
    ),
    "methods.ahp.not_reciprocal": (
        "AHP判断矩阵不满足互反性：单元格（{row}，{column}）为 {value:g}，"
        "而单元格（{column}，{row}）为 {mirror:g}，因此前者应为 {expected:.4g}",
        "AHP matrix is not reciprocal at cell ({row}, {column}): it is {value:g} but cell"
        " ({column}, {row}) is {mirror:g}, so it should be {expected:.4g}",
    ),
    "methods.ahp.too_many": (
        "AHP最多支持 {limit} 个指标（Saaty随机一致性指标RI表的范围），现有 {n} 个",
        "AHP supports at most {limit} indicators (Saaty's RI table), got {n}",
    ),
    "methods.ahp.inconsistent": (
        "AHP判断矩阵一致性不足：一致性比率 CR = {cr:.3f}（最大特征值 λmax = {lambda_max:.3f}，"
        "CI = {ci:.3f}，RI = {ri:.2f}），超过 {limit}；请修改两两比较结果，"
        "如确需采用该矩阵，请{advice}",
        "the AHP comparison matrix is too inconsistent: consistency ratio CR = {cr:.3f}"
        " (lambda_max = {lambda_max:.3f}, CI = {ci:.3f}, RI = {ri:.2f}) exceeds {limit};"
        " revise the comparisons, or {advice} to use it anyway",
    ),
    "methods.ahp.force_scenario": ("在方案中设置 force: true", "set force: true"),
    "methods.ahp.force_cli": ("加上 --force 参数", "pass --force"),
    # --- AHP matrix files (quota.methods.ahp_file) -----------------------------------------
    "methods.ahp_file.what": ("两两比较判断矩阵（AHP）", "pairwise-comparison (AHP) matrix"),
    "methods.ahp_file.size_hint": (
        "；15 × 15 的矩阵约 2 KB，请确认是否选对了文件",
        "; a 15 x 15 matrix takes about 2 KB: is it the right file?",
    ),
    "methods.ahp_file.not_found": (
        "{path}：找不到AHP判断矩阵文件",
        "{path}: AHP matrix file not found",
    ),
    "methods.ahp_file.suffix": (
        "{path}：AHP判断矩阵必须是 .csv、.yaml 或 .yml 文件",
        "{path}: an AHP matrix must be a .csv, .yaml or .yml file",
    ),
    "methods.ahp_file.cell_problem": (
        "{path}：单元格（{row}，{column}）：{problem}",
        "{path}: cell ({row}, {column}): {problem}",
    ),
    "methods.ahp_file.mismatch": (
        "{path}：矩阵中的指标与所需指标不一致（{parts}）",
        "{path}: the matrix's indicators do not match ({parts})",
    ),
    "methods.ahp_file.decode": (
        "{path}：无法按 UTF-16、UTF-8 或 GB18030（GBK）编码读取AHP判断矩阵；请另存为“CSV UTF-8”格式",
        "{path}: cannot decode the AHP matrix as UTF-16, UTF-8 or GB18030 (GBK) text;"
        " save it as CSV UTF-8",
    ),
    "methods.ahp_file.binary": (
        "{path}：文件含有二进制数据，不是CSV或YAML格式的AHP判断矩阵",
        "{path}: the file holds binary data, not an AHP matrix in CSV or YAML",
    ),
    "methods.ahp_file.bad_csv": (
        "{path}：不是有效的CSV文件（{error}）",
        "{path}: not a valid CSV file ({error})",
    ),
    "methods.ahp_file.csv_layout": (
        "{path}：应有一行表头，并且每个指标占一行",
        "{path}: expected a header row and one row per indicator",
    ),
    "methods.ahp_file.csv_counts": (
        "{path}：有 {columns} 个指标列（{header}），却有 {rows} 个指标行（{names}）",
        "{path}: {columns} indicator columns ({header}) but {rows} indicator rows ({names})",
    ),
    "methods.ahp_file.names_repeat": (
        "{path}：指标名称有重复：{names}",
        "{path}: indicator names repeat: {names}",
    ),
    "methods.ahp_file.csv_header": (
        "{path}：表头（{header}）与第一列（{names}）列出的指标必须一致",
        "{path}: the header ({header}) and the first column ({names}) must name the same"
        " indicators",
    ),
    "methods.ahp_file.csv_row": (
        "{path}，第{row}行（{name}）：应有 {expected} 个数值，实际有 {got} 个",
        "{path}, row {row} ({name}): expected {expected} entries, got {got}",
    ),
    "methods.ahp_file.bad_yaml": (
        "{path}：不是有效的YAML：{error}",
        "{path}: not valid YAML: {error}",
    ),
    "methods.ahp_file.yaml_keys": (
        "{path}：应为含有 'indicators' 和 'matrix' 两个键的映射",
        "{path}: expected a mapping with keys 'indicators' and 'matrix'",
    ),
    "methods.ahp_file.yaml_unknown": (
        "{path}：无法识别的键 {keys}；应为 'indicators' 和 'matrix'",
        "{path}: unknown key(s) {keys}; expected 'indicators' and 'matrix'",
    ),
    "methods.ahp_file.yaml_no_names": (
        "{path}：'indicators' 必须是非空列表",
        "{path}: 'indicators' must be a non-empty list",
    ),
    "methods.ahp_file.yaml_bad_names": (
        "{path}：'indicators' 必须是指标名称的列表",
        "{path}: 'indicators' must be a list of names",
    ),
    "methods.ahp_file.yaml_shape": (
        "{path}：'matrix' 必须是 {n} 行、每行 {n} 个元素的列表",
        "{path}: 'matrix' must be a list of {n} rows of {n} entries",
    ),
    "methods.ahp_file.yaml_cell": (
        "{path}：单元格（{row}，{column}）必须是数字或 1/3 这样的分数",
        "{path}: cell ({row}, {column}) must be a number or a fraction like 1/3",
    ),
    # --- street-table columns left out of the indicators (quota.methods.table_weights) -----
    "methods.skip.row_numbers": ("行号", "row numbers"),
    "methods.skip.codes": ("编码", "codes"),
    "methods.skip.structure": (
        "机构情况，用于核定基础编制，不是工作量",
        "structure for the base, not workload",
    ),
    "methods.skip.current": ("现有编制，不是工作量", "current quotas, not workload"),
    "methods.skip.onboard": ("实有人数，不是工作量", "staff on board, not workload"),
    "methods.skip.base": ("基础编制，不是工作量", "base quotas, not workload"),
    "methods.skip.retiring": ("已知减员，不是工作量", "known departures, not workload"),
    "methods.skip.text": ("不全是数字", "not numbers"),
    "methods.skip.empty": ("有空白单元格", "empty cells"),
    # --- weights of a street table, ``quota weights`` (quota.methods.table_weights) ------------
    "methods.table.unknown_method": (
        "无法识别的权重方法“{method}”；可选：{valid}",
        "unknown weight method {method!r}; valid: {valid}",
    ),
    "methods.table.indicators_repeat": ("指标有重复：{names}", "indicators repeat: {names}"),
    "methods.table.matrix_not_used": (
        "--matrix 只用于 ahp 方法，不用于 {method}",
        "--matrix is only used by the ahp method, not {method}",
    ),
    "methods.table.no_indicators": (
        "{place}：没有找到数值型的指标列；请用 --indicators 指定",
        "{place}: no numeric indicator columns found; name them with --indicators",
    ),
    "methods.table.no_indicators_skipped": (
        "{place}：没有找到数值型的指标列（{skipped}）；请用 --indicators 指定",
        "{place}: no numeric indicator columns found ({skipped}); name them with --indicators",
    ),
    "methods.table.ahp_needs_matrix": (
        "ahp 方法需要两两比较判断矩阵：--matrix 文件",
        "the ahp method needs a pairwise-comparison matrix: --matrix FILE",
    ),
    "methods.table.not_in_indicators": (
        "不在 --indicators 中：{names}",
        "not in --indicators: {names}",
    ),
    "methods.table.matrix_mismatch": (
        "{path}：矩阵中的指标与 --indicators 不一致（{parts}）",
        "{path}: the matrix's indicators do not match --indicators ({parts})",
    ),
    "methods.table.matrix_not_columns": (
        "{path}：指标 {names} 不是 {place} 中的列；该表的列有：{known}",
        "{path}: indicator(s) {names} are not columns of {place}; the table has {known}",
    ),
    "methods.table.matrix_problem": ("{path}：{problem}", "{path}: {problem}"),
    "methods.table.skipped": ("已跳过：{groups}", "skipped {groups}"),
    "methods.table.skipped_group": ("{names}（{reason}）", "{names} ({reason})"),
    "methods.table.skipped_groups": ("{first}；{second}", "{first}, {second}"),
    "methods.table.method": ("方法：{method}", "method: {method}"),
    "methods.table.h_indicator": ("指标", "indicator"),
    "methods.table.h_weight": ("权重", "weight"),
    "methods.table.h_entropy": ("熵值", "entropy"),
    "methods.table.h_sigma": ("标准差", "sigma"),
    "methods.table.h_information": ("信息量", "information"),
    "methods.table.ahp_line": (
        "最大特征值 λmax = {lambda_max:.6f}，CI = {ci:.6f}，RI = {ri:.2f}，CR = {cr:.6f}"
        "（{verdict}；上限 {limit}）",
        "lambda_max = {lambda_max:.6f}, CI = {ci:.6f}, RI = {ri:.2f}, CR = {cr:.6f}"
        " ({verdict}; limit {limit})",
    ),
    "methods.table.cr_acceptable": ("一致性可以接受", "acceptable"),
    "methods.table.cr_forced": (
        "超过上限，因 --force 而采用",
        "above the limit, accepted with --force",
    ),
    "methods.table.note": ("注：{notice}", "note: {notice}"),
    # --- WHO WISN workload standards (quota.methods.wisn) ---------------------------------
    "methods.wisn.not_number": (
        "{what}为 {value!r}，不是数字",
        "{what} is {value!r}, not a number",
    ),
    "methods.wisn.not_finite": (
        "{what}为 {value!r}；应为不小于 0 的有限数值",
        "{what} is {value!r}; it must be a finite number >= 0",
    ),
    "methods.wisn.working_days": ("每年工作日数", "working days per year"),
    "methods.wisn.hours_per_day": ("每天工作小时数", "working hours per day"),
    "methods.wisn.public_holidays": ("法定节假日", "public holidays"),
    "methods.wisn.annual_leave": ("年休假", "annual leave"),
    "methods.wisn.sick_leave": ("病假", "sick leave"),
    "methods.wisn.other_leave": ("其他假期", "other leave"),
    "methods.wisn.training": ("培训", "training"),
    "methods.wisn.absence_days": ("{absence}（天/年）", "{absence} (days per year)"),
    "methods.wisn.hours_not_positive": (
        "每天工作小时数必须大于 0",
        "working hours per day must be positive",
    ),
    "methods.wisn.no_time_left": (
        "节假日和各类假期共 {lost:g} 天，而每年只有 {days:g} 个工作日，没有剩余的工作时间",
        "holidays and leave take {lost:g} days but there are only {days:g} working days per"
        " year; no working time is left",
    ),
    "methods.wisn.standard": ("活动标准", "activity standard"),
    "methods.wisn.standard_not_positive": (
        "活动标准必须大于 0，现为 {value:g}",
        "activity standard must be positive, got {value:g}",
    ),
    "methods.wisn.unknown_unit": (
        "无法识别的活动标准单位“{unit}”；可选：{valid}",
        "unknown activity standard unit {unit!r}; valid: {valid}",
    ),
    "methods.wisn.activity_problem": ("活动“{name}”：{problem}", "activity {name!r}: {problem}"),
    "methods.wisn.category_allowance": (
        "类别津贴“{name}”（占工作时间的百分比）",
        "category allowance {name!r} (% of working time)",
    ),
    "methods.wisn.category_total": (
        "类别津贴合计占工作时间的 {total:g}%，必须低于 100%",
        "category allowances add up to {total:g}% of working time; they must stay below 100%",
    ),
    "methods.wisn.individual_allowance": (
        "个人津贴“{name}”（小时/年）",
        "individual allowance {name!r} (hours per year)",
    ),
    "methods.wisn.no_activities": ("没有给出任何活动", "no activities given"),
    "methods.wisn.no_standard_for": ("缺少 {names} 的活动标准", "no standard for {names}"),
    "methods.wisn.standard_without_column": (
        "给 {names} 设置了活动标准，但没有对应的工作量列",
        "standard for {names}, which has no workload column",
    ),
    "methods.wisn.standards_mismatch": (
        "活动标准与工作量列不一致：{parts}",
        "activity standards do not match the workload columns: {parts}",
    ),
    "methods.wisn.bad_workload": (
        "活动“{name}”，行 {row!r}：工作量 {value!r} 应为不小于 0 的有限数值",
        "activity {name!r}, row {row!r}: workload {value!r} must be a finite number >= 0",
    ),
    "methods.wisn.onboard_streets": (
        "实有人数必须对应完全相同的街道，且顺序一致",
        "staff on board must be given for exactly the same streets, in the same order",
    ),
    "methods.wisn.bad_onboard": (
        "实有人数，行 {row!r}：{value!r} 应为不小于 0 的数",
        "staff on board, row {row!r}: {value!r} must be a number >= 0",
    ),
    "methods.wisn.bad_required": (
        "需求人数，行 {row!r}：{value!r}；计算比值需要需求人数大于 0",
        "required staff, row {row!r}: {value!r}; the ratio needs a required staff above 0",
    ),
    # --- workload standards of a scenario's kinds (quota.methods.workload) ------------------
    "methods.workload.purpose": (
        "{kind}的工作量（活动“{name}”）",
        "workload of {kind} (activity {name})",
    ),
    "methods.workload.kind_problem": ("{kind}工作量标准：{problem}", "{kind}: workload: {problem}"),
    "methods.workload.no_staff_required": (
        "{kind}工作量标准：没有街道需要人员（各项活动的工作量均为 0，且没有个人津贴），无法确定目标占比",
        "{kind}: workload: no street requires any staff (every activity's workload is 0 and"
        " there are no individual allowances); the target shares are undefined",
    ),
}
