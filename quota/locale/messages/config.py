"""Messages of :mod:`quota.config`: key -> (zh, en); see :mod:`quota.locale.messages`.

Scenario files: where a problem is (file, line, key path), the file itself,
YAML syntax, ``extends``, unknown and missing keys, values out of their
domain, and the texts of the scenario models' own checks (``config.rule.*``).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- where a problem is ---------------------------------------------------
    "config.where.file": ("{file}", "{file}"),
    "config.where.line": ("{file}，第{line}行", "{file}, line {line}"),
    "config.where.path": ("{file}（{path}）", "{file} ({path})"),
    "config.where.line_path": ("{file}，第{line}行（{path}）", "{file}, line {line} ({path})"),
    # --- the file itself ------------------------------------------------------
    "config.file.not_found": ("{path}：找不到方案文件", "{path}: scenario file not found"),
    "config.file.folder": (
        "{path}：这是一个文件夹，不是方案文件",
        "{path}: is a folder, not a scenario file",
    ),
    "config.file.not_regular": (
        "{path}：不是普通文件（而是设备、管道或套接字）；方案文件应是 YAML 文件",
        "{path}: is not a regular file (a device, a pipe or a socket); a scenario is a YAML file",
    ),
    "config.file.unreadable": (
        "{path}：无法读取方案文件（{reason}）",
        "{path}: the scenario file cannot be read ({reason})",
    ),
    "config.file.too_large": (
        "{file}：文件超过 1 MB；方案文件通常只有几行 YAML",
        "{file}: larger than 1 MB; a scenario file is a few lines of YAML",
    ),
    "config.file.not_utf8": (
        "{file}：方案文件必须是 UTF-8 编码的文本",
        "{file}: a scenario file must be UTF-8 text",
    ),
    "config.file.empty": ("{file}：方案文件是空的", "{file}: the scenario file is empty"),
    "config.file.not_mapping": (
        "{file}：方案应由若干键组成（name:、data:、kinds: 等）",
        "{file}: a scenario must be a mapping of keys (name:, data:, kinds: ...)",
    ),
    # --- YAML syntax ----------------------------------------------------------
    "config.yaml.syntax": (
        "{file}，第{line}行第{column}列：不是有效的 YAML（{problem}）",
        "{file}, line {line}, column {column}: not valid YAML ({problem})",
    ),
    "config.yaml.syntax_nowhere": (
        "{file}：不是有效的 YAML（{problem}）",
        "{file}: not valid YAML ({problem})",
    ),
    "config.yaml.fullwidth_colon": (
        "{file}：第{line}行使用了全角冒号“：”；请改用半角冒号“:”，并在其后加一个空格",
        "{file}: line {line} uses a full-width colon '：'; write an ASCII colon ':' followed"
        " by a space",
    ),
    "config.yaml.tab_indent": (
        "{file}：第{line}行用制表符（Tab）缩进；请改用空格",
        "{file}: line {line} is indented with a tab; use spaces",
    ),
    "config.yaml.tab": (
        "{file}：第{line}行第{column}列有制表符（Tab）；请改用空格",
        "{file}: line {line}, column {column} has a tab; use spaces",
    ),
    "config.yaml.indent": (
        "{file}：第{line}行：缩进与上面的行对不齐",
        "{file}: line {line}: the indentation does not match the lines above",
    ),
    "config.yaml.colon_in_value": (
        "{file}：第{line}行第{column}列：值中含有“: ”；请把整个值放在引号里，例如 title: 'a: b'",
        "{file}: line {line}, column {column}: a value holds ': '; put the whole value in"
        " quotes, e.g. title: 'a: b'",
    ),
    "config.yaml.missing_colon": (
        "{file}：第{line}行：应写成“键: 值”；是否漏了“:”或其后的空格？",
        "{file}: line {line}: expected 'key: value'; is the ':' or the space after it missing?",
    ),
    "config.yaml.many_documents": (
        "{file}：第{line}行：一个方案文件只能有一个 YAML 文档；请删除“---”这一行",
        "{file}: line {line}: a scenario file holds one YAML document; remove the '---' line",
    ),
    "config.yaml.bad_character": (
        "{file}，第{line}行：方案文件中不能出现字符 {character}",
        "{file}, line {line}: the character {character} cannot appear in a scenario file",
    ),
    "config.yaml.anchor": (
        "{file}：方案文件中不允许使用锚点和别名（第{line}行）；请直接写出值，"
        "或把共用的设置放在 extends: 所指的文件中",
        "{file}: anchors and aliases are not allowed in a scenario file (line {line}); write"
        " the value out, or put shared settings in a file named by extends:",
    ),
    "config.yaml.merge_key": (
        "{file}：方案文件中不允许使用合并键“<<”（第{line}行）；请逐个写出各键，"
        "或把共用的设置放在 extends: 所指的文件中",
        "{file}: merge keys '<<' are not allowed in a scenario file (line {line}); write the"
        " keys out, or put shared settings in a file named by extends:",
    ),
    "config.yaml.tag": (
        "{file}，第{line}行：不是有效的 YAML（方案文件中不允许使用标签“{tag}”）",
        "{file}, line {line}: not valid YAML (the tag {tag!r} is not allowed in a scenario file)",
    ),
    "config.yaml.too_deep": (
        "{file}，第{line}行：方案的嵌套超过 {depth} 层",
        "{file}, line {line}: the scenario nests deeper than {depth} levels",
    ),
    "config.yaml.duplicate": (
        "{where}：键“{key}”在同一层中出现了两次（第{first}行和第{second}行）；请只保留一个",
        "{where}: the key {key!r} is given twice in the same mapping, on lines {first} and"
        " {second}; keep one",
    ),
    "config.yaml.bad_key": (
        "{file}，第{line}行：键必须是普通的词或数字，不能是列表或映射",
        "{file}, line {line}: a key must be a plain word or number, not a list or a mapping",
    ),
    "config.yaml.bad_scalar": (
        "{file}，第{line}行第{column}列：无法读取“{value}”（{reason}）",
        "{file}, line {line}, column {column}: {value!r} cannot be read ({reason})",
    ),
    "config.yaml.not_a": ("它不是有效的“{tag}”", "it is not a valid {tag!r}"),
    # --- extends and paths ----------------------------------------------------
    "config.extends.type": (
        "{where}：“extends”必须是另一个方案文件的路径",
        "{where}: 'extends' must be the path of another scenario file",
    ),
    "config.extends.circle": (
        "{file}：“extends”首尾相接形成了循环（{chain}）",
        "{file}: 'extends' goes round in a circle ({chain})",
    ),
    "config.extends.depth": (
        "{file}：“extends”的嵌套超过 {depth} 个文件",
        "{file}: 'extends' nests deeper than {depth} files",
    ),
    "config.extends.named_by": (
        "{problem}（由 {where}的“extends”指定）",
        "{problem} (named by 'extends' in {where})",
    ),
    "config.data.bad_path": (
        "{where}：街道数据表的路径无法使用（{reason}）",
        "{where}: the path of the street table cannot be used ({reason})",
    ),
    # --- keys -----------------------------------------------------------------
    "config.key.unknown": (
        "{where}：未知的键“{path}”{hint}",
        "{where}: unknown key {path!r}{hint}",
    ),
    "config.key.did_you_mean": ("；是否想写“{suggestion}”？", "; did you mean {suggestion!r}?"),
    "config.key.belongs_under": (
        "；“{key}”应放在这一层：{place}",
        "; {key!r} belongs under {place}",
    ),
    "config.key.allowed": ("；此处允许的键有：{keys}", "; the keys allowed here are: {keys}"),
    "config.key.missing": ("{where}：缺少必填的键“{path}”", "{where}: key {path!r} is required"),
    "config.place.top": ("顶层", "the top level"),
    # --- values ---------------------------------------------------------------
    "config.value.problem": ("{where}：{text}{got}", "{where}: {text}{got}"),
    "config.value.more": (
        "……另有 {count} 个问题；请先改正以上各项",
        "... and {count} more problems; fix these first",
    ),
    "config.value.got": ("（实际为 {shown}）", " (got {shown})"),
    "config.value.got_text_number": (
        "（实际为文本 {shown}：数字不加引号，直接用阿拉伯数字书写）",
        " (got the text {shown}: a number is written without quotes, in plain digits)",
    ),
    "config.value.got_flag": (
        "（实际为 {shown}，这是一个是/否值）",
        " (got {shown}, a yes/no value)",
    ),
    "config.type.needed": ("应填写{what}", "{what} is needed"),
    "config.type.or": ("{first}或{second}", "{first} or {second}"),
    "config.type.int": ("整数", "a whole number"),
    "config.type.float": ("数字", "a number"),
    "config.type.bool": ("是/否值（true 或 false）", "true or false"),
    "config.type.str": ("文本", "a text"),
    "config.type.mapping": (
        "由键组成的映射（键: 值，每行一个）",
        "a mapping of keys (key: value, one per line)",
    ),
    "config.type.list": ("列表", "a list"),
    "config.limit.ge": ("不能小于 {limit}", "must be at least {limit}"),
    "config.limit.gt": ("必须大于 {limit}", "must be more than {limit}"),
    "config.limit.le": ("不能大于 {limit}", "must be at most {limit}"),
    "config.limit.lt": ("必须小于 {limit}", "must be less than {limit}"),
    "config.limit.finite": (
        "必须是有限的数，不能是 .nan 或 .inf",
        "must be a finite number, not .nan or .inf",
    ),
    "config.limit.empty": ("不能为空", "must not be empty"),
    "config.limit.too_long": (
        "长度不能超过 {limit} 个字符",
        "must be at most {limit} characters long",
    ),
    "config.limit.choice": ("必须是 {choices} 之一", "must be one of {choices}"),
    "config.limit.choices": ("{head} 或 {last}", "{head} or {last}"),
    "config.shown.mapping": ("一个映射", "a mapping"),
    "config.shown.list": ("一个列表", "a list"),
    "config.shown.long_number": ("一个 {digits} 位的数", "a number of {digits} digits"),
    # --- the scenario models' own checks (quota.config.schema) ----------------
    "config.rule.base.one_rule": (
        "基础编制只能选一种规则：per_office/per_unit（可加 leaders）、fixed 或 column",
        "choose one of per_office/per_unit(+leaders), fixed or column",
    ),
    "config.rule.base.leaders": (
        "leaders 只能与 per_office/per_unit 一起使用",
        "leaders can only be added to per_office/per_unit",
    ),
    "config.rule.weights.combined_missing": (
        "method: combined 需要给出各方法所占的比重，例如 combined: {{ahp: 0.8, entropy: 0.2}}",
        "method combined needs the shares of its methods, e.g. combined: {{ahp: 0.8, entropy: 0.2}}",
    ),
    "config.rule.weights.combined_unused": (
        "给出了 combined: 比重，但 method 是 {method}；请写 method: combined",
        "combined: shares are given but method is {method}; set method: combined",
    ),
    "config.rule.workload.no_activity": (
        "至少需要一项工作活动，例如 {{hotline_tickets: {{standard: 0.5, unit: hours}}}}",
        "at least one activity is needed, e.g. {{hotline_tickets: {{standard: 0.5, unit: hours}}}}",
    ),
    "config.rule.kind.no_indicator": (
        "至少需要一个指标，例如 {{population: 1}}（或写出 use: target 的工作量标准）",
        "at least one indicator is needed, e.g. {{population: 1}} "
        "(or workload standards with use: target)",
    ),
    "config.rule.kind.floor_above_ceiling": (
        "下限 {floor} 高于上限 {ceiling}；没有哪个街道能同时满足两者",
        "the floor {floor} is above the ceiling {ceiling}; no street could meet both",
    ),
    "config.rule.constraints.share_needs_total": (
        "street_share_min 需要同时给出 district_total（全区编制总数）",
        "street_share_min needs district_total (the district's total quotas)",
    ),
    "config.rule.plan.attrition": (
        "attrition 是每年离开的人员所占比例，取值从 0 到 1（不含 1），例如 0.04",
        "attrition is the share of staff leaving per year, from 0 up to (not including) 1,"
        " e.g. 0.04",
    ),
    "config.rule.scenario.name_chars": (
        "name 会用作文件夹名：只能使用字母、数字、“-”、“_”或“.”",
        "name becomes a folder name: use letters, digits, '-', '_' or '.' only",
    ),
    "config.rule.scenario.name_dot": (
        "name 会用作文件夹名，不能以“.”开头（那是隐藏文件夹）",
        "name becomes a folder name and may not start with '.' (hidden folders)",
    ),
    "config.rule.scenario.name_bytes": (
        "name 会用作文件夹名，按 UTF-8 编码最多 {limit} 字节；当前名称占 {size} 字节"
        "（{length} 个字符，一个汉字占 3 字节）：请缩短",
        "name becomes a folder name and may take at most {limit} bytes in UTF-8; this one takes"
        " {size} bytes ({length} characters, a Chinese character takes 3 bytes): shorten it",
    ),
    "config.rule.scenario.no_kind": (
        "至少需要一个编制类别（例如 admin）",
        "at least one quota kind is needed (e.g. admin)",
    ),
    "config.rule.scenario.kind_name": (
        "编制类别名称“{kind}”：只能使用字母、数字和“_”",
        "kind name {kind!r}: use letters, digits and '_'",
    ),
    "config.rule.scenario.kind_name_long": (
        "编制类别名称“{kind}”：最多 {limit} 个字符",
        "kind name {kind!r}: at most {limit} characters",
    ),
    "config.rule.type.weight_or_spec": (
        "指标需要一个权重（如 0.4 这样的数字）或 {{weight: 0.4, transform: sqrt}}",
        "an indicator needs a weight (a number such as 0.4) or {{weight: 0.4, transform: sqrt}}",
    ),
    "config.rule.type.bound": (
        "应填写整数（不超过 {limit}）或某一列的名称；带小数点的数、true/false 或列表都不能作为界限",
        "a whole number (at most {limit}) or the name of a column is needed; a number with"
        " a decimal point, true/false or a list cannot be a bound",
    ),
}
