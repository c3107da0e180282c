"""Messages of :mod:`quota.cli`: key -> (zh, en); see :mod:`quota.locale.messages`.

Besides what the commands print, this holds the command line's help (``cli.cmd.*``
for the commands, ``cli.opt.*`` for the options, ``cli.help.*`` for the words of
the help page) and, under ``cli.click.*``, click's own messages in Chinese: their
English text is click's, word for word, so that :mod:`quota.cli.usage` can
recognise a message click raised and say it in Chinese.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # ---- errors and notices on the terminal ------------------------------------------
    "cli.title.error": ("错误", "error"),
    "cli.title.infeasible": ("无法满足", "infeasible"),
    "cli.problem": ("{title}：{problem}", "{title}: {problem}"),
    "cli.prefixed": ("{where}：{text}", "{where}: {text}"),
    "cli.notice_count_one": ("{count} 条提示：", "{count} notice:"),
    "cli.notice_count": ("{count} 条提示：", "{count} notices:"),
    "cli.kind_note": ("{kind}：{note}", "{kind}: {note}"),
    "cli.env_lang": (
        "环境变量 {var} 的值 {value!r} 不受支持：请设为 {choices}，或用 --lang 指定语言",
        "the environment variable {var} is {value!r}, which is not supported: set it to one"
        " of {choices}, or give --lang",
    ),
    # ---- quota run / validate -------------------------------------------------------
    "cli.name_clash": (
        "{first} 和 {path} 的方案名称（name）都是“{name}”：二者的输出文件夹会互相覆盖；"
        "请为每个方案取不同的名称",
        "{first} and {path} both have name {name!r}: their output folders would overwrite"
        " each other; give each scenario its own name",
    ),
    "cli.summary": ("{name}：{status} -> {target}", "{name}: {status} -> {target}"),
    "cli.summary_kind": (
        "{kind}：编制总量 {pool} = 基础 {base} + 量化 {quantified} + 周转 {turnover}"
        "（下拨街道 {given}，区级预留 {reserve}）；求解引擎 {engine}",
        "{kind}: pool {pool} = base {base} + quantified {quantified} + turnover {turnover}"
        " (given {given}, reserve {reserve}); engine {engine}",
    ),
    "cli.status.optimal": ("最优解", "optimal"),
    "cli.status.time_limit": ("达到时间限制（未证明最优）", "time_limit"),
    "cli.status.infeasible": ("无可行解", "infeasible"),
    "cli.validate_ok": ("{path}：检查通过：{kinds}", "{path}: ok: {kinds}"),
    "cli.validate_kind": (
        "{kind}（编制总量 {pool}，{streets} 个街道）",
        "{kind} (pool {pool}, {streets} streets)",
    ),
    # ---- quota compare / weights ------------------------------------------------------
    "cli.compare_needs_two": (
        "quota compare 至少需要两个方案文件",
        "quota compare needs at least two scenario files",
    ),
    "cli.indicators_empty": ("请至少写一个列名", "name at least one column"),
    # ---- quota init / synth -------------------------------------------------------------
    "cli.created": ("已创建 {path}", "created {path}"),
    "cli.next_fill": (
        "下一步：填写 {data}，然后运行：quota run {scenario}",
        "next: fill in {data}, then run: quota run {scenario}",
    ),
    "cli.next_edit": (
        "下一步：编辑 {data}，然后运行：quota run {scenario}",
        "next: edit {data}, then run: quota run {scenario}",
    ),
    "cli.next_run": ("下一步：运行 quota run {path}", "next: quota run {path}"),
    # ---- help: the commands --------------------------------------------------------------
    "cli.cmd.quota": (
        "在各街道之间分配编制（行政编制、事业编制）。",
        "Allocate staffing quotas (编制) across sub-districts (街道).",
    ),
    "cli.cmd.run": (
        "求解每个方案文件 SCENARIO，并将结果写入 OUT/<name>/。",
        "Solve each SCENARIO and write OUT/<name>/.",
    ),
    "cli.cmd.validate": (
        "检查每个方案文件 SCENARIO 及其数据，不求解。",
        "Check each SCENARIO and its data without solving.",
    ),
    "cli.cmd.compare": (
        "求解每个方案文件 SCENARIO，并与第一个方案比较；结果写入 OUT/compare-<各方案名>/。"
        "\n\n某个方案求解失败时，报告其错误，其余方案照常比较；至少两个方案求解成功时退出码为 0。",
        "Solve each SCENARIO and compare them with the first; write OUT/compare-<names>/."
        "\n\nA scenario that fails is reported and the others are still compared; the"
        " exit code is 0 when at least two were solved.",
    ),
    "cli.cmd.weights": (
        "由街道数据表 DATA 计算指标权重。",
        "Derive indicator weights from the street table DATA.",
    ),
    "cli.cmd.sensitivity": (
        "敏感性分析：在随机变动的权重和指标值下反复求解 SCENARIO；结果写入 OUT/<name>-sensitivity/。",
        "Re-solve SCENARIO under random weights and indicator values; write"
        " OUT/<name>-sensitivity/.",
    ),
    "cli.cmd.plan": (
        "逐年规划从实有人员过渡到方案 SCENARIO 分配结果的路径；结果写入 OUT/<name>-plan/。",
        "Plan the move from staff on board to SCENARIO's allocation, year by year; write"
        " OUT/<name>-plan/.",
    ),
    "cli.cmd.init": (
        "创建文件夹 FOLDER，内含街道数据表模板和带注释的方案文件。",
        "Create FOLDER with a template street table and a commented scenario.",
    ),
    "cli.cmd.synth": (
        "生成模拟街道数据表（UNITS 个单位）及配套方案，用于性能测试。",
        "Write a synthetic street table of UNITS units and a matching scenario (for benchmarks).",
    ),
    # ---- help: the options ----------------------------------------------------------------
    "cli.opt.version": ("显示版本号并退出。", "Show the version and exit."),
    "cli.opt.lang_group": (
        "所有命令的提示语言：zh 或 en（默认：环境变量 QUOTA_LANG，未设时为 zh）；"
        "命令自己的 --lang 优先。",
        "Language of every command's messages: zh or en (default: $QUOTA_LANG, else zh); a"
        " command's own --lang wins.",
    ),
    "cli.opt.lang_reports": (
        "提示、标签和报告的语言（默认：环境变量 QUOTA_LANG，未设时为 zh）。",
        "Language of messages, labels and reports (default: $QUOTA_LANG, else zh).",
    ),
    "cli.opt.lang_chart": (
        "提示和图表的语言（默认：环境变量 QUOTA_LANG，未设时为 zh）。",
        "Language of messages and the chart (default: $QUOTA_LANG, else zh).",
    ),
    "cli.opt.lang_form": (
        "提示的语言，也是填报表（--xlsx）表头和工作表的语言（默认：环境变量 QUOTA_LANG，"
        "未设时为 zh）。",
        "Language of messages and of the collection form's headers and sheets (with"
        " --xlsx) (default: $QUOTA_LANG, else zh).",
    ),
    "cli.opt.lang_messages": (
        "提示的语言（默认：环境变量 QUOTA_LANG，未设时为 zh）。",
        "Language of messages (default: $QUOTA_LANG, else zh).",
    ),
    "cli.opt.out": ("输出文件夹。", "Folder for the outputs."),
    "cli.opt.accept_totals_mismatch": (
        "“合计”行与其上方各街道之和不一致时仍继续（作为提示，而不是错误）。",
        "Go on when a totals row (合计) disagrees with the streets above it (a notice, not an"
        " error).",
    ),
    "cli.opt.solver": (
        "求解引擎（默认：方案中设定的引擎，未设定时为 auto）。",
        "Engine (default: the scenario's, auto).",
    ),
    "cli.opt.accept_time_limit": (
        "求解达到时间限制时，仍写出未经证明为最优的解（退出码 0）。",
        "Write a solution not proven optimal when the solver hits its time limit (exit 0).",
    ),
    "cli.opt.compare_name": (
        "比较结果文件夹的名称（默认：compare-<各方案名>，过长时用哈希值）。",
        "Name of the comparison folder (default: compare-<names>, or a hash when long).",
    ),
    "cli.opt.compare_solver": (
        "所有方案使用的求解引擎（默认：各方案自己设定的引擎）。",
        "Engine for every scenario (default: each scenario's own).",
    ),
    "cli.opt.method": (
        "entropy（熵值法）、critic（CRITIC 法）或 ahp（层次分析法，需要 --matrix）。",
        "entropy (熵值法), critic, or ahp (needs --matrix).",
    ),
    "cli.opt.indicators": (
        "参与计算的列，用英文逗号分隔，如 population,area_km2（默认：所有数值型指标列；"
        "ahp 方法默认为判断矩阵中的指标）。",
        "Comma-separated columns, e.g. population,area_km2 (default: every numeric indicator"
        " column; for ahp: the matrix's).",
    ),
    "cli.opt.matrix": (
        "AHP 两两比较判断矩阵：CSV 文件（首行和首列为指标名）或 YAML 文件"
        " {{indicators: [...], matrix: [[...]]}}。",
        "AHP pairwise-comparison matrix, CSV (names in the header row and first column) or"
        " YAML {{indicators: [...], matrix: [[...]]}}.",
    ),
    "cli.opt.force": (
        "接受一致性比率 CR > 0.1 的 AHP 判断矩阵。",
        "Accept an AHP matrix with CR > 0.1.",
    ),
    "cli.opt.sheet": (
        "XLSX 工作表（名称，或从 0 开始的序号）。",
        "XLSX sheet (name or 0-based number).",
    ),
    "cli.opt.json": (
        "只输出一个 JSON 对象 {{指标: 权重}}。",
        "Print only a JSON object {{indicator: weight}}.",
    ),
    "cli.opt.draws": (
        "蒙特卡洛抽样次数（默认：方案中的 sensitivity.draws，未设定时为 1000）。",
        "Monte Carlo draws (default: the scenario's sensitivity.draws, 1000).",
    ),
    "cli.opt.sensitivity_seed": (
        "随机种子；种子相同则 CSV 相同（默认：sensitivity.seed，未设定时另取一个并打印出来）。",
        "Random seed; the same seed gives the same CSV (default: sensitivity.seed, else a"
        " fresh one, printed).",
    ),
    "cli.opt.concentration": (
        "权重的狄利克雷集中度 C，alpha = C x w；越大，权重的变动越小"
        "（默认：sensitivity.concentration，未设定时为 100）。",
        "Dirichlet concentration C of the weights, alpha = C x w; larger is tighter"
        " (default: sensitivity.concentration, 100).",
    ),
    "cli.opt.noise": (
        "每个指标值的相对扰动 R，即乘以 (1 + U(-R, R))（默认：sensitivity.noise，未设定时为 0）。",
        "Relative noise R on every indicator value, x (1 + U(-R, R)) (default:"
        " sensitivity.noise, 0).",
    ),
    "cli.opt.workers": (
        "用于抽样计算的进程数（默认：所有可用的 CPU 核）。",
        "Processes for the draws (default: every usable core).",
    ),
    "cli.opt.years": (
        "规划年数（默认：方案中的 plan.years）。",
        "Plan horizon in years (default: the scenario's plan.years).",
    ),
    "cli.opt.attrition": (
        "每年自然减员占实有人数的比例，如 0.04，用于没有 retiring_<kind>_<year> 列给出人数的情况"
        "（默认：plan.attrition）。",
        "Share of staff leaving per year, e.g. 0.04, where no retiring_<kind>_<year>"
        " column gives the number (default: plan.attrition).",
    ),
    "cli.opt.hiring_cap": (
        "每类编制每年最多招录的人数（默认：plan.hiring_cap，未设定时不限）。",
        "Most hires per year and kind (default: plan.hiring_cap, none).",
    ),
    "cli.opt.start_year": (
        "第一年的年份（默认：plan.start_year；未设定时取第一个 retiring_* 列的年份，"
        "仍没有则为 1）。",
        "Label of the first year (default: plan.start_year, else the first"
        " retiring_* year, else 1).",
    ),
    "cli.opt.xlsx": (
        "同时生成填报表 FOLDER/data/填报表.xlsx（--lang en 时为 collection-form.xlsx），"
        "并让方案读取该表。",
        "Also write the collection form (填报表) to FOLDER/data/填报表.xlsx"
        " (collection-form.xlsx with --lang en) and point the scenario at it.",
    ),
    "cli.opt.synth_seed": ("生成器的随机种子。", "Seed of the generator."),
    "cli.opt.synth_out": (
        "写入模拟数据表和方案的文件夹。",
        "Folder for the synthetic table and scenario.",
    ),
    # ---- help: the words of the page -------------------------------------------------------
    "cli.help.usage": ("用法：", "Usage:"),
    "cli.help.heading": ("{heading}：", "{heading}:"),
    "cli.help.options": ("选项", "Options"),
    "cli.help.commands": ("命令", "Commands"),
    "cli.help.arguments": ("参数", "Positional arguments"),
    "cli.help.options_metavar": ("[选项]", "[OPTIONS]"),
    "cli.help.command_metavar": ("命令 [参数]...", "COMMAND [ARGS]..."),
    "cli.help.extra_sep": ("；", "; "),
    # ---- click's own messages, in Chinese (the English is click's msgid) -------------------
    "cli.click.error": ("错误：{message}", "Error: {message}"),
    "cli.click.try_help": (
        "运行“{command} {option}”查看帮助。",
        "Try '{command} {option}' for help.",
    ),
    "cli.click.aborted": ("已中止！", "Aborted!"),
    "cli.click.help_option": ("显示本帮助并退出。", "Show this message and exit."),
    "cli.click.default": ("默认：{default}", "default: {default}"),
    "cli.click.required": ("必填", "required"),
    "cli.click.env_var": ("环境变量：{var}", "env var: {var}"),
    "cli.click.dynamic": ("（动态）", "(dynamic)"),
    "cli.click.missing_argument": ("缺少参数 {hint}。", "Missing argument {hint}."),
    "cli.click.missing_option": ("缺少选项 {hint}。", "Missing option {hint}."),
    "cli.click.missing_parameter": ("缺少 {hint}。", "Missing parameter {hint}."),
    "cli.click.choose_from": ("可选值：{choices}。", "Choose from: {choices}."),
    "cli.click.no_such_option": ("没有选项 {name!r}。", "No such option {name!r}."),
    "cli.click.no_such_command": ("没有命令 {name!r}。", "No such command {name!r}."),
    "cli.click.did_you_mean": ("是否想用 {names}？", "Did you mean {names}?"),
    "cli.click.invalid_value_for": (
        "{hint} 的值无效：{message}",
        "Invalid value for {hint}: {message}",
    ),
    "cli.click.invalid_value": ("值无效：{message}", "Invalid value: {message}"),
    "cli.click.could_not_open": (
        "无法打开文件 {filename!r}：{message}",
        "Could not open file {filename!r}: {message}",
    ),
    "cli.click.missing_command": ("缺少命令。", "Missing command."),
    "cli.click.extra_argument": (
        "多余的参数（{args}）",
        "Got unexpected extra argument ({args})",
    ),
    "cli.click.extra_arguments": (
        "多余的参数（{args}）",
        "Got unexpected extra arguments ({args})",
    ),
    "cli.click.requires_argument": (
        "选项 {name} 需要一个值。",
        "Option {name!r} requires an argument.",
    ),
    "cli.click.requires_arguments": (
        "选项 {name} 需要 {nargs} 个值。",
        "Option {name!r} requires {nargs} arguments.",
    ),
    "cli.click.takes_no_value": (
        "选项 {name} 不接受值。",
        "Option {name!r} does not take a value.",
    ),
    "cli.click.argument_nargs": (
        "参数 {name} 需要 {nargs} 个值。",
        "Argument {name!r} takes {nargs} values.",
    ),
    "cli.click.not_integer": ("{value} 不是有效的整数。", "{value!r} is not a valid integer."),
    "cli.click.not_integer_range": (
        "{value} 不是有效的整数。",
        "{value!r} is not a valid integer range.",
    ),
    "cli.click.not_float": ("{value} 不是有效的数字。", "{value!r} is not a valid float."),
    "cli.click.not_float_range": (
        "{value} 不是有效的数字。",
        "{value!r} is not a valid float range.",
    ),
    "cli.click.not_in_range": (
        "{value} 不在取值范围 {range} 内。",
        "{value} is not in the range {range}.",
    ),
    "cli.click.not_choice": ("{value} 不是 {choice}。", "{value!r} is not {choice}."),
    "cli.click.not_one_of": (
        "{value} 不是 {choices} 之一。",
        "{value!r} is not one of {choices}.",
    ),
    "cli.click.not_boolean": (
        "{value} 不是有效的布尔值；可用的值：{states}",
        "{value!r} is not a valid boolean. Recognized values: {states}",
    ),
}
