"""Labels of the Word documents (report.docx, compare.docx, plan.docx): key -> (zh, en)."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {
    # --- front matter and closing (quota.outputs.docx.content, .writer) ---------------
    "docx.title.request": ("关于《{subject}》的请示", "Request for approval of “{subject}”"),
    "docx.title.plan": ("关于《{subject}》的方案", "{subject}"),
    "docx.addressee.default": ("区委机构编制委员会", "The District Staffing Commission"),
    "docx.addressee.line": ("{addressee}：", "{addressee}:"),
    "docx.closing.request": ("以上请示，妥否，请批示。", "We request your approval."),
    "docx.attachments": ("附件：", "Attachments: "),
    "docx.attachment.n": ("附件{n}", "Attachment {n}"),
    "docx.attachment.one": ("附件", "Attachment"),
    "docx.list_sep": ("、", ", "),
    "docx.and": ("、", " and "),
    "docx.unit": ("单位：名", "Unit: quotas"),
    # --- report.docx (quota.outputs.docx.report_docx) ---------------------------------
    "docx.opening.request": (
        "为推动编制资源向基层倾斜、保障街道依法履职，按照“基础编制+量化编制+周转（平衡）编制”的办法，"
        "我们对{streets}个街道的{kinds}进行了测算，形成了《{subject}》。现将有关情况请示如下：",
        "To bring staffing quotas closer to where the work is done, the {kinds} quotas of"
        " {streets} streets have been calculated by the rule base + quantified + turnover"
        " quotas, as set out in “{subject}”. We submit it for approval as follows.",
    ),
    "docx.opening.plan": (
        "为推动编制资源向基层倾斜、保障街道依法履职，按照“基础编制+量化编制+周转（平衡）编制”的办法，"
        "对{streets}个街道的{kinds}进行测算，制定本方案。",
        "To bring staffing quotas closer to where the work is done, the {kinds} quotas of"
        " {streets} streets have been calculated by the rule base + quantified + turnover"
        " quotas. This plan sets out the result.",
    ),
    "docx.h.background": ("基本情况和原则", "Background and principles"),
    "docx.background.pools": (
        "本次核定{pools}，涉及{streets}个街道。",
        "This allocation shares {pools} among {streets} streets.",
    ),
    "docx.background.pool": ("{kind}{pool}名", "{pool} {kind} quotas"),
    "docx.background.current": (
        "各街道现有{kind}{current}名，实有人员{onboard}人。",
        " The streets now hold {current} {kind} quotas, with {onboard} staff on board.",
    ),
    "docx.background.current_only": (
        "各街道现有{kind}{current}名。",
        " The streets now hold {current} {kind} quotas.",
    ),
    "docx.background.rule": ("按照“基础编制+量化编制+周转（平衡）编制”的办法核定：", "The rule: "),
    "docx.background.workload": (
        "坚持“编随事走、人随编走”：量化编制按各街道的工作量分配，工作量得分由{indicators}等指标"
        "按权重计算，工作量大的街道多得。",
        "Quotas follow duties and people follow quotas: quantified quotas are shared by"
        " workload, a weighted score of {indicators}; streets with more work get more.",
    ),
    "docx.background.no_dismissal.on": (
        "坚持不减人：每个街道的核定编制不低于实有人数；基础+量化编制容纳不下现有人员的，"
        "用周转编制补足，人员自然减员后收回。",
        "No one is dismissed: every street's new total covers its staff on board; where base"
        " + quantified quotas fall short, turnover quotas cover the difference and return to"
        " the district as people leave.",
    ),
    "docx.background.no_dismissal.partial": (
        "坚持不减人：{kinds}以外的各类编制，每个街道的核定编制不低于实有人数（{kinds}未提供实有人数，"
        "不作此承诺）。",
        "No one is dismissed: for every kind but {kinds}, every street's new total covers its"
        " staff on board ({kinds}: no staff on board were given, so no such promise).",
    ),
    "docx.background.no_dismissal.off": (
        "本方案未作不减人承诺：核定编制可以低于实有人数。",
        "This allocation makes no no-dismissal promise: a street's new total may be below its"
        " staff on board.",
    ),
    "docx.background.ties": ("测算结果可复核：", "The result can be checked: "),
    "docx.h.method": ("测算方法和参数", "Method and parameters"),
    "docx.method.lead": ("分配方法", "Method"),
    "docx.method.params": ("各类编制参数", "Parameters of each kind"),
    "docx.method.constraints": ("政策约束", "Policy constraints"),
    "docx.param.kind": (
        "{kind}：编制总量{pool}名；周转编制比例{share}，共{turnover}名；基础编制按{rule}核定，共{base}名；"
        "量化编制{quantified}名，按{indicators}计算工作量得分分配（权重来源：{weights}）；"
        "“基础+量化”下限{floor}、上限{ceiling}；增减幅度上限{cap}。",
        "{kind}: pool {pool}; turnover share {share} ({turnover} quotas); base quotas by {rule}"
        " ({base} in all); {quantified} quantified quotas shared by a workload score of"
        " {indicators} (weights: {weights}); floor on base + quantified {floor}, ceiling"
        " {ceiling}; cap on change {cap}.",
    ),
    "docx.param.indicator": ("{name}（{weight}）", "{name} ({weight})"),
    "docx.param.indicator_transform": (
        "{name}（{weight}，{transform}）",
        "{name} ({weight}, {transform})",
    ),
    "docx.h.result": ("测算结果", "Result"),
    "docx.result.intro": (
        "测算结果如下，各街道核定编制见{attachments}。",
        "The result is as follows; each street's quotas are in {attachments}.",
    ),
    "docx.result.changes": (
        "与现有编制相比，{up}个街道增加、{down}个街道减少、{same}个街道持平",
        "Against the current quotas, {up} streets gain, {down} lose and {same} stay the same",
    ),
    "docx.result.gains": ("；增加较多的是{streets}", "; the largest gains: {streets}"),
    "docx.result.cuts": ("；减少较多的是{streets}", "; the largest cuts: {streets}"),
    "docx.result.street_change": ("{street}（{change}）", "{street} ({change})"),
    "docx.result.end": ("。", "."),
    "docx.result.turnover": (
        "下拨街道的周转编制{used}名（{streets}）{why}；区级预留周转编制{reserve}名，用于动态调整。",
        "{used} turnover quotas go to streets ({streets}){why}; {reserve} stay in the district"
        " reserve for later adjustments.",
    ),
    "docx.result.turnover_street": ("{street}{n}名", "{street} {n}"),
    "docx.result.turnover_why": (
        "，用于安置超出基础+量化编制的在编人员，确保不减人",
        ", for staff on board beyond base + quantified quotas, so that no one is dismissed",
    ),
    "docx.result.turnover_none": (
        "各街道均不需要周转编制，周转编制{turnover}名全部留作区级预留，用于动态调整。",
        "No street needs turnover quotas: all {turnover} stay in the district reserve for"
        " later adjustments.",
    ),
    "docx.result.more": ("等{n}个街道", " and others, {n} streets in all"),
    "docx.h.decisions": ("编委会决定事项", "Committee decisions"),
    "docx.decisions.intro": (
        "根据编委会决定，以下{count}项按决定核定，其余街道在总量内相应调整（共涉及{moved}个街道）：",
        "Following the committee, the {count} decisions below are applied as decided; the"
        " other streets are adjusted within the pool ({moved} streets moved in all):",
    ),
    "docx.decisions.item": (
        "{street}{kind}：{decided}（测算方案{auto}名，核定{total}名）。",
        "{street}, {kind}: {decided} (proposal {auto}, total {total}).",
    ),
    "docx.decisions.reason": ("理由：{reason}。", " Reason: {reason}."),
    "docx.decisions.source": ("依据：{source}。", " Source: {source}."),
    "docx.decisions.payers": ("相应调整：{payers}。", " Adjusted in turn: {payers}."),
    "docx.h.promises": ("有关承诺的核验", "Promises checked"),
    "docx.promises.intro": (
        "上述结果在形成文件前已逐项核验，以下各项均成立：",
        "Each of the following was checked on the result before this document was written:",
    ),
    "docx.promise.item": ("{promise}：{kinds}。", "{promise}: {kinds}."),
    "docx.promise.bound": ("（起作用的街道：{counts}）", " (streets bound: {counts})"),
    "docx.promise.count": ("{kind}{n}个", "{kind} {n}"),
    "docx.promise.decision": ("{promise}，核定结果{total}名。", "{promise}: total {total}."),
    "docx.promises.not_made": ("未作承诺：{promises}。", "Not promised: {promises}."),
    "docx.attachment.kind": ("{kind}核定表", "Allocation of {kind} quotas"),
    "docx.attachment.level": ("{plural}编制分配表", "Allocation among the {plural}"),
    "docx.table.note": (
        "注：核定编制 = 基础编制 + 量化编制 + 周转编制；增减 = 核定编制 − 现有编制；"
        "空编(超编) = 核定编制 − 实有人数，负数为超编。",
        "Note: total = base + quantified + turnover; change = total − current;"
        " vacancy = total − staff on board (negative: staff above quota).",
    ),
    "docx.table.note_decisions": (
        "测算方案为未执行编委会决定时的测算结果。",
        "The proposal is the result before the committee's decisions.",
    ),
    "docx.table.top": (
        "街道较多，此表列出增减最多和最少的{n}个街道（共{total}个）；全部街道见 allocation.xlsx。"
        "合计行为全部街道之和。",
        "Many streets: this table lists the {n} with the largest gains and cuts (of {total});"
        " allocation.xlsx has them all. The totals row covers every street.",
    ),
    # --- compare.docx (quota.analysis.compare_docx) -----------------------------------
    "docx.compare.title": (
        "关于{n}个街道编制调剂方案比较情况的说明",
        "Comparison of {n} staffing allocation scenarios",
    ),
    "docx.compare.h.scenarios": ("参与比较的方案", "The scenarios compared"),
    "docx.compare.scenario": (
        "{title}（方案{name}，文件{file}）：{status}。",
        "{title} (scenario {name}, file {file}): {status}.",
    ),
    "docx.compare.h.changes": ("变化及原因", "What changes and why"),
    "docx.compare.see": (
        "各方案的总量与构成见附件1，各街道的编制构成见其后的附件。",
        "Each scenario's pools and their split are in Attachment 1; each street's quotas in"
        " the attachments after it.",
    ),
    "docx.compare.no_changes": (
        "只有一个方案求解成功，没有可比较的变化。",
        "Only one scenario was solved: there is nothing to compare it with.",
    ),
    "docx.compare.summary": ("各方案总量与构成", "Pools and their split per scenario"),
    "docx.compare.streets": ("各街道{kind}比较", "{kind} quotas per street"),
    "docx.compare.totals_note": (
        "注：表中为各街道核定编制（基础+量化+周转）；差值为与第一个方案之差。各街道的编制构成见"
        " compare.xlsx。",
        "Note: each street's total (base + quantified + turnover); the differences are against"
        " the first scenario. compare.xlsx has each street's composition.",
    ),
    # --- plan.docx (quota.analysis.plan_docx) -----------------------------------------
    "docx.plan.subject": ("{title}过渡计划", "{title}: transition plan"),
    "docx.plan.h.years": ("各年安排", "Year by year"),
    "docx.plan.kind": (
        "{kind}：实有人数由{start}人逐年调整为{end}人（基础+量化编制{entitlement}名），计划期内减员"
        "{departures}人、招录{hires}人；街道在用的周转编制由{before}名变为{after}名，区级周转预留"
        "{reserve}名。",
        "{kind}: staff on board go from {start} to {end} (entitlement {entitlement}), with"
        " {departures} departures and {hires} hires over the plan; turnover quotas in use by the"
        " streets go from {before} to {after}, and {reserve} are in the district reserve.",
    ),
    "docx.plan.see_summary": ("各年汇总见附件1。", "Attachment 1 has the sums per year."),
    "docx.plan.h.hiring": ("招录计划", "Hiring"),
    "docx.plan.hires": (
        "{kind}共招录{total}人：{years}。",
        "{kind}: {total} hires in all: {years}.",
    ),
    "docx.plan.year_hires": ("{year}{n}人", "{year} {n}"),
    "docx.plan.see_hiring": (
        "各街道的招录计划见附件2。",
        "Attachment 2 has each street's hires per year.",
    ),
    "docx.plan.h.reach": ("到位时间", "When streets reach their entitlement"),
    "docx.plan.colon": ("：", ": "),
    "docx.plan.unit": ("单位：名、人", "Unit: quotas, people"),
    "docx.plan.hiring_title": ("各街道招录计划", "Hiring per street and year"),
}
