"""Shanghai scoring (沪府发〔2017〕98号 with the 临港 overlay). Every number comes from rules.py."""

from __future__ import annotations

from .dates import add_years, full_years
from .profile import SH_EDUCATION, SH_OFFENCES, SH_TITLE, SH_TITLE_NEEDS_BASE, ShanghaiProfile
from .result import GateCheck, Line, Result, Warning, make_line
from .rules import SHANGHAI_STANDARD_SCORE, Rule, rule_by_id, version


def _r(indicator: str) -> Rule:
    return rule_by_id(f"sh.{indicator}")


def score(p: ShanghaiProfile) -> Result:
    on = p.assessment_date
    warnings: list[Warning] = []
    age = full_years(p.birth_date, on)
    edu, title = _education_and_title(p, warnings)
    lines = [
        _age(age, warnings),
        edu,
        title,
        _si_years(p),
        _flag(p.startup_talent, "startup_talent", "符合创业人才条件"),
        _flag(p.intermediary_talent, "intermediary_talent", "符合创新创业中介服务人才条件"),
        _flag(p.shortage_major, "shortage_major", "专业列入紧缺急需专业目录且岗位对口"),
        _invest_tax(p, warnings),
        _si_base(p),
        _public_service(p, warnings),
        _remote_area(p),
        _award(p),
        _flag(p.fresh_graduate, "fresh_graduate", "全日制应届高校毕业生"),
        _spouse(p),
        *_deductions(p, warnings),
    ]
    for line in lines:
        if line.confidence == "unconfirmed" and line.points != 0:
            warnings.append(
                Warning(
                    f"confidence.{line.id}",
                    f"“{line.label}”的计分规则未证实（单一来源或来源冲突），"
                    "请以受理部门的审核为准。",
                )
            )
    veto = tuple(
        _r(v).label
        for v, on_ in (
            ("veto_family_planning", p.veto_family_planning),
            ("veto_serious_crime", p.veto_serious_crime),
        )
        if on_
    )
    policy = version("SH2018")
    return Result(
        city="shanghai",
        assessment_date=on,
        cutoff_date=on,
        policy=policy,
        policy_note="未找到2022-12-31之后的延期或替代文件；2024年官方英文版仍在发布，本工具按现行处理。",
        total=round(sum(line.points for line in lines), 2),
        threshold=SHANGHAI_STANDARD_SCORE.params["points"],
        threshold_label="标准分值",
        gate=_gate(p),
        vetoed=bool(veto),
        veto_reasons=veto,
        lines=tuple(lines),
        warnings=tuple(warnings),
    )


def _gate(p: ShanghaiProfile) -> tuple[GateCheck, ...]:
    need = int(_r("gate_social_insurance").params["min_months_in_last_12"])
    si_ok = p.paying_now and p.si_months_last_12 >= need
    if si_ok:
        si_msg = f"近12个月缴纳{p.si_months_last_12}个月，且申请当月在缴。"
    elif not p.paying_now:
        si_msg = "申请当月须在职并缴纳本市职工社保。"
    else:
        si_msg = f"近12个月只缴纳了{p.si_months_last_12}个月，至少需要{need}个月（补缴不算）。"
    return (
        GateCheck(
            "gate_permit",
            _r("gate_permit").label,
            p.has_residence_permit,
            "已满足。" if p.has_residence_permit else "须持有在有效期内的《上海市居住证》。",
        ),
        GateCheck("gate_social_insurance", _r("gate_social_insurance").label, si_ok, si_msg),
    )


def _age(age: int, warnings: list[Warning]) -> Line:
    rule = _r("age")
    prm = rule.params
    anchor, max_age = int(prm["anchor_age"]), int(prm["max_age"])
    if age > max_age:
        warnings.append(
            Warning(
                "uncovered.age",
                f"{age}周岁超过了规则列出的年龄（{max_age}周岁），规则未给出分值，本工具计0分。",
            )
        )
        return make_line(rule, 0, f"{age}周岁，超过{max_age}周岁，规则未规定分值，按0分计。")
    points = min(
        rule.cap or 0, prm["anchor_points"] + prm["per_year_younger"] * max(0, anchor - age)
    )
    return make_line(rule, points, f"评估日期时{age}周岁，得{points:g}分。")


def _education_and_title(p: ShanghaiProfile, warnings: list[Warning]) -> tuple[Line, Line]:
    edu_rule, title_rule = _r("education"), _r("title_skill")
    edu_points = edu_rule.params.get(p.education, 0.0)
    edu_text = f"{SH_EDUCATION[p.education]}，{edu_points:g}分。"
    title_points = title_rule.params.get(p.title_skill, 0.0)
    title_text = f"{SH_TITLE[p.title_skill]}，{title_points:g}分。"
    if p.title_skill != "none" and not p.title_matches_post:
        title_points, title_text = 0, "证书不是在本市工作期间取得或与岗位不符，不计分。"
    elif p.title_skill in SH_TITLE_NEEDS_BASE:
        need = int(title_rule.params["base_1x_months_required"])
        if p.base_1x_months_last_12 < need:
            title_points = 0
            title_text = (
                f"{SH_TITLE[p.title_skill]}要求近12个月内累计{need}个月社保基数不低于社平工资，"
                f"目前只有{p.base_1x_months_last_12}个月，暂不计分。"
            )
    if edu_points and title_points:
        warnings.append(
            Warning(
                "rule.education_title_choice",
                "教育背景与职称只按较高一项计分：第三方来源一致这样计算，但未找到官方条文。",
            )
        )
    if title_points > edu_points:
        edu_text += f"低于职称（技能）的{title_points:g}分，按择高原则不计。"
        edu_points = 0
    elif title_points:
        title_text += f"不高于教育背景的{edu_points:g}分，按择高原则不计。"
        title_points = 0
    return make_line(edu_rule, edu_points, edu_text), make_line(
        title_rule, title_points, title_text
    )


def _si_years(p: ShanghaiProfile) -> Line:
    rule = _r("si_years")
    years = p.si_months_total // 12
    points = rule.params["per_year"] * years
    return make_line(
        rule,
        points,
        f"累计缴纳{p.si_months_total}个月，满{years}年，每年"
        f"{rule.params['per_year']:g}分，得{points:g}分。",
    )


def _flag(claimed: bool, indicator: str, what: str) -> Line:
    rule = _r(indicator)
    if claimed:
        return make_line(rule, rule.params["points"], f"{what}，得{rule.params['points']:g}分。")
    return make_line(rule, 0, "未申报此项。")


def _invest_tax(p: ShanghaiProfile, warnings: list[Warning]) -> Line:
    rule = _r("invest_tax")
    prm = rule.params
    by_tax = prm["per_tax_step"] * (p.invest_avg_tax_yuan // prm["tax_step_yuan"])
    by_hires = prm["per_hire_step"] * (p.invest_avg_hukou_hires // prm["hire_step"])
    points = min(rule.cap or 0, max(by_tax, by_hires))
    if points == 0:
        return make_line(rule, 0, "年均纳税不足10万元且年均聘用本市户籍人员不足10人，不计分。")
    if points > 100:
        warnings.append(
            Warning(
                "alternative.invest_tax",
                "投资纳税按120分上限计算；2013年版上限为100分，现行上限未找到官方原文。",
            )
        )
    return make_line(
        rule,
        points,
        f"按纳税计{by_tax:g}分、按聘用本市户籍人员计{by_hires:g}分，取较高者，得{points:g}分。",
    )


def _si_base(p: ShanghaiProfile) -> Line:
    rule = _r("si_base")
    prm = rule.params
    need, need3 = int(prm["months_required"]), int(prm["months_required_300"])
    if p.base_months_36_300 >= need3:
        points, band = prm["points_300"], f"近36个月有{p.base_months_36_300}个月达到3倍"
    elif p.base_months_48_200 >= need:
        points, band = prm["points_200"], f"近48个月有{p.base_months_48_200}个月达到2倍"
    elif p.base_months_48_100 >= need:
        points, band = prm["points_100"], f"近48个月有{p.base_months_48_100}个月达到1倍"
    elif p.base_months_48_080 >= need:
        points, band = prm["points_080"], f"近48个月有{p.base_months_48_080}个月达到80%"
    else:
        return make_line(
            rule,
            0,
            f"近48个月基数达到社平工资80%的月数为{p.base_months_48_080}，不足{need}个月，不计分。",
        )
    return make_line(rule, points, f"{band}，得{points:g}分。")


def _public_service(p: ShanghaiProfile, warnings: list[Warning]) -> Line:
    rule = _r("public_service")
    wait = int(rule.params["wait_years"])
    years = p.public_service_years
    if years == 0:
        return make_line(rule, 0, "未申报此项。")
    if years < wait:
        return make_line(rule, 0, f"已满{years}年，满{wait}年后才计入总积分。")
    points = rule.params["per_year"] * years
    warnings.append(
        Warning("uncovered.public_service_cap", "特定公共服务领域加分未找到上限，本工具不设上限。")
    )
    return make_line(
        rule, points, f"已满{years}年，每年{rule.params['per_year']:g}分，得{points:g}分。"
    )


def _remote_area(p: ShanghaiProfile) -> Line:
    on = p.assessment_date
    rule = _r("remote_area")
    if p.remote_area == "lingang":
        for rid in ("lingang_2024", "lingang_2019"):
            candidate = _r(rid)
            if candidate.effective_from <= on and (
                candidate.effective_to is None or on <= candidate.effective_to
            ):
                rule = candidate
                break
    if p.remote_area == "none" or p.remote_area_years == 0:
        return make_line(rule, 0, "未申报此项。")
    wait = int(rule.params["wait_years"])
    years = p.remote_area_years
    if years < wait:
        return make_line(rule, 0, f"已满{years}年，按{rule.label}须满{wait}年后才计入。")
    points = min(rule.cap or 0, rule.params["per_year"] * years)
    when = "当年计入" if wait == 0 else f"满{wait}年后计入"
    return make_line(
        rule,
        points,
        f"已满{years}年（{rule.label}，{when}），每年"
        f"{rule.params['per_year']:g}分，得{points:g}分。",
    )


def _award(p: ShanghaiProfile) -> Line:
    rule = _r("award")
    if p.award == "none":
        return make_line(rule, 0, "未申报此项。")
    points = rule.params[p.award]
    return make_line(rule, points, f"按最高一项表彰计{points:g}分。")


def _spouse(p: ShanghaiProfile) -> Line:
    rule = _r("spouse_hukou")
    if p.marital_status != "married" or not p.spouse_shanghai_hukou or p.marriage_date is None:
        return make_line(rule, 0, "未申报此项。")
    years = full_years(p.marriage_date, p.assessment_date)
    points = min(rule.cap or 0, rule.params["per_year"] * years)
    return make_line(
        rule, points, f"结婚满{years}年，每年{rule.params['per_year']:g}分，得{points:g}分。"
    )


def _deductions(p: ShanghaiProfile, warnings: list[Warning]) -> list[Line]:
    lines = []
    for kind in SH_OFFENCES:
        rule = _r(kind)
        window = int(rule.params["window_years"])
        start = add_years(p.assessment_date, -window)
        hits = [o for o in p.offences if kind in o.kinds]
        counted = [o for o in hits if o.date > start]
        points = rule.params["per_case"] * len(counted)
        if not hits:
            lines.append(make_line(rule, 0, "无此类记录。"))
            continue
        if (
            rule.alternatives
            and len(counted)
            and any(o.date <= add_years(p.assessment_date, -3) for o in counted)
        ):
            warnings.append(
                Warning(
                    f"alternative.{kind}",
                    f"“{rule.label}”的回溯期有来源说是3年；按3年计算，部分记录不会扣分。",
                )
            )
        lines.append(
            make_line(
                rule,
                points,
                f"{start.isoformat()}之后的记录{len(counted)}次，"
                f"每次{rule.params['per_case']:g}分，共{points:g}分。",
            )
        )
    return lines
