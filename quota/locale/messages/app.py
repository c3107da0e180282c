"""Messages of the meeting page (quota serve): key -> (zh, en).

The keys start with ``cli.`` like every message of a command: ``cli.cmd.serve``
and ``cli.opt.*`` are the help of ``quota serve``, ``cli.serve.*`` what it and
its page say.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- help --------------------------------------------------------------------
    "cli.cmd.serve": (
        "在浏览器中打开 SCENARIO 的会议页：调整编制总量、周转比例、增减幅度、下限和指标权重，"
        "固定街道编制数，即时重新求解；可保存为新方案或导出全部结果。只在本机运行，不访问网络。",
        "Open the meeting page of SCENARIO in the browser: change the pool, turnover share,"
        " cap, floor and indicator weights, pin streets, and see the allocation re-solved at"
        " once; save a new scenario or export the full outputs. Runs locally, offline.",
    ),
    "cli.opt.port": ("监听端口。", "Port to listen on."),
    "cli.opt.host": (
        "监听地址（默认只在本机 127.0.0.1）；指定后同一网络中的其他人也能打开页面。",
        "Address to listen on (default 127.0.0.1, this computer only); with another address"
        " others on the network can open the page.",
    ),
    "cli.opt.no_browser": ("不自动打开浏览器。", "Do not open the browser."),
    "cli.opt.serve_out": (
        "“导出”写入的输出文件夹。",
        "Folder the page's Export writes to.",
    ),
    "cli.opt.lang_page": (
        "页面、导出结果和提示的语言：zh（中文，默认）或 en。",
        "Language of the page, the exported outputs and the messages: zh (Chinese, the"
        " default) or en.",
    ),
    # --- the command -----------------------------------------------------------
    "cli.serve.no_app": (
        '会议页需要 NiceGUI，当前环境未安装：请运行 pip install "quota[app]"',
        'the meeting page needs NiceGUI, which is not installed: pip install "quota[app]"',
    ),
    "cli.serve.host_warning": (
        "警告：会议页在 {host}:{port} 上监听，同一网络中的其他人也能打开本页面、看到并修改数字。",
        "warning: the meeting page listens on {host}:{port}: others on the network can open"
        " it, see the numbers and change them.",
    ),
    "cli.serve.listening": (
        "会议页已启动：{url}（按 Ctrl+C 结束）",
        "meeting page at {url} (Ctrl+C to stop)",
    ),
    "cli.serve.port_busy": (
        "无法在 {host}:{port} 上监听（{reason}）：请用 --port 指定其他端口",
        "cannot listen on {host}:{port} ({reason}): choose another port with --port",
    ),
    # --- the page ----------------------------------------------------------------
    "cli.serve.unknown_indicator": (
        "{kind:kind}没有指标 {name}",
        "kind {kind} has no indicator {name}",
    ),
    "cli.serve.unknown_method": (
        "{kind:kind}不能改用权重方法 {method}：可选 manual、entropy、critic 或原方案的方法",
        "kind {kind} cannot switch to the weight method {method}: choose manual, entropy,"
        " critic or the loaded scenario's method",
    ),
    "cli.serve.pin_number": (
        "{street}：请输入不小于0的整数作为决定的核定编制数",
        "{street}: type a whole number of at least 0 as the decided total",
    ),
    "cli.serve.bad_reason": (
        "理由最多500个字符",
        "a reason has at most 500 characters",
    ),
    "cli.serve.save_infeasible": (
        "当前设置无法求解，不能保存或导出：请先撤销或调整",
        "the current settings cannot be solved, so they cannot be saved or exported: undo or"
        " adjust them first",
    ),
    "cli.serve.save_exists": (
        "文件 {path} 已存在：请换一个文件名",
        "{path} exists already: choose another file name",
    ),
    "cli.serve.save_name": (
        "文件名 {name!r} 不可用：请使用不含路径的文件名，以 .yaml 结尾",
        "cannot use the file name {name!r}: give a file name without folders, ending in .yaml",
    ),
    "cli.serve.save_failed": (
        "无法写入 {path}：{reason}",
        "cannot write {path}: {reason}",
    ),
    "cli.serve.save_mismatch": (
        "保存的方案 {path} 重新求解后与页面不一致（{street}，{kind:kind}：页面 {page}，方案 {file}），"
        "已删除该文件",
        "the saved scenario {path} solves differently from the page ({street}, {kind}: page"
        " {page}, file {file}); the file was removed",
    ),
    "cli.serve.saved": (
        "已保存：{path}（用 quota run {path} 可得到同样的结果）",
        "saved {path} (quota run {path} gives the same numbers)",
    ),
    "cli.serve.exported": ("已导出：{path}", "exported to {path}"),
}
