"""Messages of parameter sweeps and clusters (quota sweep, --scheduler, --dask): key -> (zh, en)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the grid file ---------------------------------------------------------
    "analysis.sweep_grid_not_found": ("{path}：找不到参数网格文件", "{path}: grid file not found"),
    "analysis.sweep_grid_folder": (
        "{path}：这是一个文件夹，不是参数网格文件",
        "{path}: is a folder, not a grid file",
    ),
    "analysis.sweep_grid_not_regular": (
        "{path}：不是普通文件；参数网格应是 YAML 文件",
        "{path}: is not a regular file; a grid is a YAML file",
    ),
    "analysis.sweep_grid_unreadable": (
        "{path}：无法读取参数网格文件（{reason}）",
        "{path}: the grid file cannot be read ({reason})",
    ),
    "analysis.sweep_grid_too_large": (
        "{path}：文件超过 1 MB；参数网格通常只有几行 YAML",
        "{path}: larger than 1 MB; a grid file is a few lines of YAML",
    ),
    "analysis.sweep_grid_not_utf8": (
        "{file}：参数网格文件必须是 UTF-8 编码的文本",
        "{file}: a grid file must be UTF-8 text",
    ),
    "analysis.sweep_grid_empty": (
        "{file}：参数网格是空的；每行写一个方案参数及其取值列表，如 kinds.admin.pool: [355, 365, 380]",
        "{file}: the grid is empty; write one scenario key per line with its values,"
        " e.g. kinds.admin.pool: [355, 365, 380]",
    ),
    "analysis.sweep_grid_not_mapping": (
        "{file}：参数网格应由若干“参数: [取值, ...]”组成，如 kinds.admin.pool: [355, 365, 380]",
        "{file}: a grid is a mapping of scenario keys to lists of values,"
        " e.g. kinds.admin.pool: [355, 365, 380]",
    ),
    "analysis.sweep_grid_bad_key": (
        "{where}：{key!r} 不是方案参数名；参数以点分隔，如 kinds.admin.pool",
        "{where}: {key!r} is not a scenario key; keys are dotted, e.g. kinds.admin.pool",
    ),
    "analysis.sweep_grid_not_list": (
        "{where}：需要取值列表，如 [355, 365]；只取一个值时写成 [355]",
        "{where}: needs a list of values, e.g. [355, 365]; for one value write [355]",
    ),
    "analysis.sweep_grid_no_values": (
        "{where}：取值列表是空的",
        "{where}: the list of values is empty",
    ),
    "analysis.sweep_grid_same_key": (
        "{where}：与第 {line} 行的 {other} 指向同一方案参数",
        "{where}: names the same scenario key as {other} on line {line}",
    ),
    "analysis.sweep_grid_value_twice": (
        "{where}：取值 {value} 列了两次",
        "{where}: the value {value} is listed twice",
    ),
    "analysis.sweep_grid_too_many": (
        "{file}：参数网格有 {points} 个参数组合（{counts}），最多允许 {limit} 个；请减少取值",
        "{file}: the grid has {points} points ({counts}); at most {limit} are allowed:"
        " list fewer values",
    ),
    "analysis.sweep_grid_no_such_name": (
        "{where}：方案的 {parent} 下没有 {name!r}（现有：{names}）；参数网格只改变方案已有的参数，"
        "不新增类别或指标（新指标可先以权重 0 写入方案）",
        "{where}: the scenario has no {name!r} under {parent} (it has: {names}); a grid changes"
        " what the scenario has and adds no kind or indicator (add a new indicator to the"
        " scenario with weight 0 first)",
    ),
    "analysis.sweep_grid_into_list": (
        "{where}：{parent} 是列表，须整体给出，不能改其中一项",
        "{where}: {parent} is a list; give it whole, not one of its items",
    ),
    # --- running the points ----------------------------------------------------
    "analysis.sweep_point_problem": (
        "参数组合 {point}（{values}）：{problem}",
        "point {point} ({values}): {problem}",
    ),
    "analysis.sweep_none_solved": (
        "{points} 个参数组合都无法满足，未写入任何文件",
        "none of the {points} points can be satisfied; nothing was written",
    ),
    "analysis.sweep_summary": (
        "{name}：{points} 个参数组合（{keys}），用时 {seconds:.1f} 秒（{ran_on}）{target}",
        "{name}: {points} points ({keys}) in {seconds:.1f} s {ran_on}{target}",
    ),
    "analysis.sweep_ran_here": ("在本进程中运行", "in this process"),
    "analysis.sweep_ran_processes": ("本机 {n} 个进程并行", "on {n} local processes"),
    "analysis.sweep_ran_local_dask": (
        "本机 Dask 集群，{n} 个计算节点",
        "on a local Dask cluster of {n} workers",
    ),
    "analysis.sweep_ran_dask": ("Dask 集群 {address}", "on the Dask cluster {address}"),
    "analysis.sweep_summary_kind": (
        "  {kind:kind}：区级周转预留 {reserve}，减编街道 {cut} 个，最大增减幅度 {change}",
        "  {kind}: district reserve {reserve}, streets losing quotas {cut},"
        " largest change {change}",
    ),
    "analysis.sweep_summary_unsolved": (
        "  {count} 个参数组合无法满足：{points}（原因见 sweep_summary.csv）",
        "  points that cannot be satisfied ({count}): {points} (why: sweep_summary.csv)",
    ),
    # --- clusters --------------------------------------------------------------
    "analysis.cluster_missing": (
        '未安装 Dask：请先安装 pip install "quota[dask]"（调度器和每个计算节点都需要）',
        'Dask is not installed: pip install "quota[dask]" (on this machine and on every worker)',
    ),
    "analysis.cluster_bad_address": (
        "调度器地址 {address!r} 无法识别：应写作 tcp://主机:8786",
        "scheduler address {address!r} is not of the form tcp://host:8786",
    ),
    "analysis.cluster_unreachable": (
        "无法连接调度器 {address}（{reason}）：请确认已在该主机运行 dask scheduler，端口可访问",
        "cannot reach the scheduler at {address} ({reason}): is `dask scheduler` running there"
        " and the port open?",
    ),
    "analysis.cluster_no_workers": (
        "调度器 {address} 没有计算节点：请在各节点运行 dask worker {address}",
        "the scheduler at {address} has no workers: run `dask worker {address}` on each worker",
    ),
    "analysis.cluster_worker_without_quota": (
        "计算节点 {worker} 未安装 quota（本机为 {here}）",
        "worker {worker} does not have quota installed (this machine has {here})",
    ),
    "analysis.cluster_worker_version": (
        "计算节点 {worker} 的 quota 版本为 {version}，本机为 {here}",
        "worker {worker} has quota {version}, this machine {here}",
    ),
    "analysis.cluster_same_version": (
        "{address} 的每个计算节点都须安装与本机相同版本的 quota，计算结果才与本机一致",
        "every worker of {address} needs the same quota version as this machine, so that the"
        " results are the same as here",
    ),
    "analysis.cluster_file_unreadable": (
        "计算节点 {worker} 无法读取 {path}（{reason}）：在集群上运行时，各节点按同一路径读取街道数据表，"
        "请把数据放在共享文件夹中",
        "worker {worker} cannot read {path} ({reason}): on a cluster every worker reads the"
        " street table at the same path; put the data on a shared folder",
    ),
    "analysis.cluster_file_differs": (
        "计算节点 {worker} 上的 {path} 与本机的文件内容不同：请让各节点读取同一份数据",
        "worker {worker} has a different file at {path} than this machine: let every worker"
        " read the same data",
    ),
    "analysis.cluster_local_failed": (
        "无法启动本机 Dask 集群：{reason}",
        "the local Dask cluster could not start: {reason}",
    ),
    "analysis.cluster_both": (
        "--scheduler 与 --dask 只能选一个",
        "give --scheduler or --dask, not both",
    ),
    "analysis.cluster_none": (
        "请给出调度器地址（--scheduler tcp://主机:8786）或使用本机集群（--dask）",
        "give a scheduler address (--scheduler tcp://host:8786) or a local cluster (--dask)",
    ),
    # --- the command line ------------------------------------------------------
    "cli.cmd.sweep": (
        "在参数网格（GRID）的每个参数组合上求解方案 SCENARIO，写入 OUT/<方案名>-sweep/。"
        "无法满足的参数组合列在汇总表中；全部无法满足时退出码为 3。",
        "Solve SCENARIO at every point of the parameter grid GRID; write OUT/<name>-sweep/."
        " Points that cannot be satisfied are listed in the summary; when none can, the exit"
        " code is 3.",
    ),
    "cli.opt.grid": (
        "参数网格文件（YAML：方案参数及其取值列表，如 kinds.admin.pool: [355, 365]）。",
        "The grid file (YAML: scenario keys and their values, e.g. kinds.admin.pool: [355, 365]).",
    ),
    "cli.opt.scheduler": (
        "在该地址的 Dask 集群上运行（如 tcp://主机:8786）；各节点须安装相同版本的 quota。",
        "Run on the Dask cluster at this address (e.g. tcp://host:8786); every worker needs"
        " the same quota version.",
    ),
    "cli.opt.dask": (
        "在本机启动 Dask 集群运行（127.0.0.1，节点数同 --workers/--jobs，默认每个 CPU 核一个）。",
        "Run on a local Dask cluster (127.0.0.1; as many workers as --workers/--jobs, default"
        " one per core).",
    ),
    "cli.opt.jobs": (
        "本机并行进程数（默认 1：在本进程中依次求解）。",
        "Processes on this machine (default 1: the points run one after the other here).",
    ),
    "cli.sweep_more_notices": (
        "另有 {count} 条提示，见 sweep.md 和 manifest.json",
        "{count} more notices: see sweep.md and manifest.json",
    ),
    "cli.cluster_opened": (
        "Dask 集群 {address}：{workers} 个计算节点",
        "Dask cluster {address}: {workers} workers",
    ),
}
