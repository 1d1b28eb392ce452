"""Hangzhou scoring, versions V1–V4 (V5 values unknown). Numbers come from rules.py."""

from __future__ import annotations

from datetime import date

from .dates import add_years, first_of_previous_month, full_years
from .profile import HZ_DEGREE_LEVELS, HZ_EDUCATION, HZ_OFFENCES, HZ_TITLE, HangzhouProfile
from .result import GateCheck, Line, Result, Warning, make_line
from .rules import (
    CUTOFF_LINES,
    HANGZHOU_RULES,
    HANGZHOU_SETTLE_MINIMUM,
    PolicyVersion,
    Rule,
    hangzhou_rule,
    hangzhou_version_for,
    version,
)


def choose_version(p: HangzhouProfile) -> tuple[PolicyVersion, PolicyVersion]:
    """(version used for scoring, version in force on the round date)."""
    in_force = hangzhou_version_for(p.assessment_date)
    if p.policy_version != "auto":
        return version(p.policy_version), in_force
    return (in_force if in_force.scored else version("V4")), in_force


def score(p: HangzhouProfile) -> Result:
    used, in_force = choose_version(p)
    v = used.id
    cutoff = first_of_previous_month(p.assessment_date)
    age = full_years(p.birth_date, cutoff)
    warnings: list[Warning] = []
    edu, title = _education_and_title(p, v, warnings)

    def rule(indicator: str, variant: str = "") -> Rule:
        return hangzhou_rule(indicator, v, rule_id=variant)

    lines: list[Line] = [_age(rule("age"), v, age, warnings), edu, title]
    lines.append(
        _per_unit(
            rule("social_insurance"),
            p.si_months,
            "个月",
            rule("social_insurance").params["per_month"],
            1,
        )
    )
    if _has(v, "employment"):
        r = rule("employment")
        lines.append(
            make_line(
                r,
                r.params["points"] if p.employed else 0,
                "有就业，计10分。" if p.employed else "未申报就业。",
            )
        )
    lines.append(
        _per_unit(
            rule("residence_years"),
            p.residence_months,
            "个月",
            rule("residence_years").params["per_year"],
            12,
        )
    )
    lines.append(_housing(rule("housing"), p))
    lines.append(_honours(rule("honours"), p, warnings))
    bm = rule("bone_marrow")
    lines.append(
        make_line(
            bm,
            bm.params["points"] if p.bone_marrow else 0,
            "捐献过造血干细胞，计80分。" if p.bone_marrow else "未申报此项。",
        )
    )
    lines.append(_blood(rule("blood"), p.blood_ml))
    vol = rule("volunteer")
    lines.append(
        _per_unit(vol, p.volunteer_hours, "小时", vol.params["per_step"], vol.params["step_hours"])
    )
    don = rule("donation")
    lines.append(
        _per_unit(don, p.donation_yuan, "元", don.params["per_step"], don.params["step_yuan"])
    )
    lines.append(_tax(p, v, warnings))
    lines.append(_credit(rule("enterprise_credit"), p, v))
    lines.append(_patents(rule("invention_patent"), p))
    lines.extend(_deductions(p, v, cutoff))

    uncovered = (
        in_force.uncovered_indicators if used is not in_force and not in_force.scored else ()
    )
    for line in lines:
        if line.id in uncovered:
            warnings.append(
                Warning(
                    f"uncovered.{line.id}",
                    f"“{line.label}”在2025-06-16调整后的新分值未公开，本结果按V4分值计算，可能与实际不符。",
                )
            )
        elif line.confidence == "unconfirmed" and line.points != 0:
            warnings.append(
                Warning(
                    f"confidence.{line.id}",
                    f"“{line.label}”的分值未证实（单一来源或来源冲突），请以受理部门的审核为准。",
                )
            )
    note = _policy_note(p, used, in_force)
    veto = tuple(
        hangzhou_rule(k, v).label
        for k, on in (
            ("veto_serious_crime", p.veto_serious_crime),
            ("veto_banned_org", p.veto_banned_org),
        )
        if on
    )
    threshold, threshold_label = _threshold(p, v)
    return Result(
        city="hangzhou",
        assessment_date=p.assessment_date,
        cutoff_date=cutoff,
        policy=used,
        policy_note=note,
        total=round(sum(line.points for line in lines), 2),
        threshold=threshold,
        threshold_label=threshold_label,
        gate=_gate(p, v, age),
        vetoed=bool(veto),
        veto_reasons=veto,
        lines=tuple(lines),
        warnings=tuple(warnings),
    )


def _has(v: str, indicator: str) -> bool:
    return any(r.indicator == indicator and v in r.versions for r in HANGZHOU_RULES)


def _policy_note(p: HangzhouProfile, used: PolicyVersion, in_force: PolicyVersion) -> str:
    if used is in_force:
        return f"按{used.label}计分（{used.effective_from.isoformat()}起施行）。"
    if p.policy_version != "auto":
        return f"按指定的{used.label}计分；该日期实际施行的是{in_force.label}。"
    return (
        "2025-06-16起的调整只公开了调整项目、未公开新分值：本结果按V4分值计算，"
        "社保、租房、居住年限、志愿服务四项标为未覆盖。"
    )


def _gate(p: HangzhouProfile, v: str, age: int) -> tuple[GateCheck, ...]:
    min_age = int(hangzhou_rule("gate_age", v).params["min_age"])
    return (
        GateCheck(
            "gate_permit",
            hangzhou_rule("gate_permit", v).label,
            p.has_urban_permit,
            "已满足。" if p.has_urban_permit else "须持有杭州市区签发的有效居住证。",
        ),
        GateCheck(
            "gate_age",
            hangzhou_rule("gate_age", v).label,
            age >= min_age,
            f"积分截止日时{age}周岁。"
            if age >= min_age
            else f"积分截止日时{age}周岁，未满{min_age}周岁。",
        ),
        GateCheck(
            "gate_hukou",
            hangzhou_rule("gate_hukou", v).label,
            not p.hangzhou_urban_hukou,
            "已满足。" if not p.hangzhou_urban_hukou else "杭州市区户籍人员不能申请。",
        ),
    )


def _threshold(p: HangzhouProfile, v: str) -> tuple[float | None, str]:
    if p.purpose == "school":
        return None, "积分入学按积分高低排序，没有固定分数线"
    if v == "V1":
        year = p.assessment_date.year
        line = next((c for c in CUTOFF_LINES if c.version == "V1" and c.year == year), None)
        if line is None or line.points is None:
            return None, "V1 按名额排序划线，该年分数线未找到"
        return float(line.points), f"{line.label}公布的落户分数线（按名额划线，仅供参考）"
    minimum = float(HANGZHOU_SETTLE_MINIMUM.params["points"])
    if v == "V2":
        return minimum, "申请落户的最低积分（实际录取线更高：2021年第二批为160分）"
    return minimum, "落户分数线（原则上100分）"


def _age(rule: Rule, v: str, age: int, warnings: list[Warning]) -> Line:
    prm = rule.params
    if v in ("V1", "V2"):
        max_age = int(prm["max_age"])
        if age > max_age:
            warnings.append(
                Warning(
                    "uncovered.age", f"{age}周岁超过了规则列出的年龄，规则未给出分值，按0分计。"
                )
            )
            return make_line(rule, 0, f"{age}周岁，超过{max_age}周岁，规则未规定分值，按0分计。")
        points = min(
            rule.cap or 0,
            prm["anchor_points"] + prm["per_year_younger"] * max(0, prm["anchor_age"] - age),
        )
    else:
        over = max(0, age - prm["full_until_age"])
        points = max(0.0, prm["full_points"] - prm["per_year_over"] * over)
    return make_line(rule, points, f"积分截止日时{age}周岁，得{points:g}分。")


def _education_and_title(p: HangzhouProfile, v: str, warnings: list[Warning]) -> tuple[Line, Line]:
    edu_rule, title_rule = hangzhou_rule("education", v), hangzhou_rule("title_skill", v)
    edu_points = edu_rule.params.get(p.education, 0.0)
    edu_text = f"{HZ_EDUCATION[p.education]}，{edu_points:g}分。"
    if p.education != "none" and not p.education_completed:
        edu_points, edu_text = 0, "结业或肄业，不计分。"
    elif p.education in HZ_DEGREE_LEVELS and p.degree_status != "both":
        penalty = edu_rule.params["single_document_penalty"]
        edu_points -= penalty
        edu_text = (
            f"{HZ_EDUCATION[p.education]}，只有学历或学位其中一项，减{penalty:g}分，"
            f"得{edu_points:g}分。"
        )
    title_points = title_rule.params.get(p.title_skill, 0.0)
    title_text = f"{HZ_TITLE[p.title_skill]}，{title_points:g}分。"
    if p.title_skill != "none" and p.title_skill not in title_rule.params:
        title_text = f"{HZ_TITLE[p.title_skill]}的分值未找到公开来源，本工具不计分。"
        warnings.append(
            Warning(
                "uncovered.title_skill",
                f"{HZ_TITLE[p.title_skill]}的分值没有找到来源，未计分；实际可能有分。",
            )
        )
    if title_points > edu_points:
        edu_text += f"低于职称（技能）的{title_points:g}分，按择高原则不计。"
        edu_points = 0
    elif title_points:
        title_text += f"不高于文化程度的{edu_points:g}分，按择高原则不计。"
        title_points = 0
    return make_line(edu_rule, edu_points, edu_text), make_line(
        title_rule, title_points, title_text
    )


def _per_unit(rule: Rule, amount: float, unit: str, per_step: float, step: float) -> Line:
    """``per_step`` points for each full ``step`` of ``amount``, capped."""
    steps = amount // step
    raw = per_step * steps
    points = min(rule.cap, raw) if rule.cap is not None else raw
    if amount == 0:
        return make_line(rule, 0, "未申报此项。")
    capped = f"，达到上限{rule.cap:g}分" if rule.cap is not None and raw > rule.cap else ""
    step_text = f"每{step:g}{unit}" if step != 1 else f"每{unit.removeprefix('个')}"
    return make_line(
        rule, points, f"{amount:g}{unit}，{step_text}{per_step:g}分，得{points:g}分{capped}。"
    )


def _housing(rule: Rule, p: HangzhouProfile) -> Line:
    prm = rule.params
    owned = prm["owned"] if p.home_owned else 0.0
    rent = min(prm["rent_cap"], prm["rent_per_year"] * (p.rent_months // 12))
    if not owned and not rent:
        return make_line(rule, 0, "未申报自有住房，租住不满12个月，不计分。")
    if owned >= rent:
        return make_line(rule, owned, f"自有住房计{owned:g}分（与租房择高）。")
    return make_line(rule, rent, f"合法租住满{p.rent_months // 12}年，计{rent:g}分（与购房择高）。")


def _honours(rule: Rule, p: HangzhouProfile, warnings: list[Warning]) -> Line:
    prm = rule.params
    counts = {
        "national": p.honours_national,
        "provincial": p.honours_provincial,
        "municipal": p.honours_municipal,
        "district": p.honours_district,
    }
    points = sum(prm[k] * n for k, n in counts.items())
    if not points:
        return make_line(rule, 0, "未申报此项。")
    warnings.append(Warning("uncovered.honours_cap", "奖项荣誉未找到上限，本工具不设上限。"))
    parts = "、".join(f"{n}次×{prm[k]:g}分" for k, n in counts.items() if n)
    return make_line(rule, points, f"近5年表彰{parts}，共{points:g}分。")


def _blood(rule: Rule, ml: int) -> Line:
    prm = rule.params
    if ml < prm["base_ml"]:
        return make_line(rule, 0, "献血量不足200毫升，不计分。" if ml else "未申报此项。")
    raw = prm["base_points"] + prm["per_step"] * ((ml - prm["base_ml"]) // prm["step_ml"])
    points = min(rule.cap or 0, raw)
    return make_line(
        rule, points, f"累计献血{ml}毫升：200毫升1分，此后每100毫升0.5分，得{points:g}分。"
    )


def _tax(p: HangzhouProfile, v: str, warnings: list[Warning]) -> Line:
    variant = "tax_investor" if p.tax_role == "investor" else "tax_employee"
    rule = hangzhou_rule("tax", v, rule_id=variant)
    if p.tax_role == "none" or p.tax_yuan < rule.params["base_yuan"]:
        text = "未申报此项。" if p.tax_role == "none" else "纳税额未达到起计标准，不计分。"
        return make_line(rule, 0, text)
    prm = rule.params
    raw = 1 + (p.tax_yuan - prm["base_yuan"]) // prm["step_yuan"]
    points = min(rule.cap or 0, raw)
    if v == "V1":
        warnings.append(Warning("uncovered.tax_cap_v1", "V1 的纳税上限未证实，本工具按20分计。"))
    return make_line(
        rule, points, f"近5年个税{p.tax_yuan:g}元，得{points:g}分（上限{rule.cap:g}分）。"
    )


def _credit(rule: Rule, p: HangzhouProfile, v: str) -> Line:
    if p.credit_role == "none":
        return make_line(rule, 0, "未申报此项。")
    if v == "V1" and p.credit_role != "legal_rep":
        return make_line(rule, 0, "V1 只认企业法定代表人。")
    points = rule.params["both_titles" if p.credit_titles == "both" else "one_title"]
    return make_line(
        rule,
        points,
        f"企业获评信用称号（{'两项' if p.credit_titles == 'both' else '一项'}），得{points:g}分。",
    )


def _patents(rule: Rule, p: HangzhouProfile) -> Line:
    prm = rule.params
    points = (
        prm["sole"] * p.patents_sole
        + prm["first_coowner"] * p.patents_first_coowner
        + prm["other_coowner"] * p.patents_other_coowner
    )
    if not points:
        return make_line(rule, 0, "未申报此项。")
    return make_line(
        rule,
        points,
        f"发明专利共{points:g}分（独有{p.patents_sole}项、第一专利权人"
        f"{p.patents_first_coowner}项、其他专利权人{p.patents_other_coowner}项）。",
    )


def _deductions(p: HangzhouProfile, v: str, cutoff: date) -> list[Line]:
    """Each act counts once, under its largest deduction, within 5 years before the cut-off date."""
    rules = {k: hangzhou_rule(k, v) for k in HZ_OFFENCES}
    totals = dict.fromkeys(HZ_OFFENCES, 0.0)
    counts = dict.fromkeys(HZ_OFFENCES, 0)
    seen = dict.fromkeys(HZ_OFFENCES, 0)
    for act in p.offences:
        live = [
            k
            for k in act.kinds
            if act.date > add_years(cutoff, -int(rules[k].params["window_years"]))
        ]
        for k in act.kinds:
            seen[k] += 1
        if live:
            worst = min(live, key=lambda k: rules[k].params["per_case"])
            totals[worst] += rules[worst].params["per_case"]
            counts[worst] += 1
    lines = []
    for k, r in rules.items():
        if not seen[k]:
            lines.append(make_line(r, 0, "无此类记录。"))
        else:
            lines.append(
                make_line(
                    r,
                    totals[k],
                    f"积分截止日前5年内按此项扣分{counts[k]}次"
                    f"（同一行为只按最重一项），共{totals[k]:g}分。",
                )
            )
    return lines
