"""Shanghai (沪府发〔2017〕98号 with the 临港 overlay): everything the city owns.

Its profile fields, its scoring lines, its what-if candidates and its checklist conditions. Every
number comes from the rule data (``calculator.rules``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from ..core.dates import add_months, add_years, full_years, months_between
from ..core.fields import Offence, optional, required, when_claimed
from ..core.result import GateCheck, Line, Result, Warning, make_line
from ..core.verdict import Reading
from ..planning.candidate import LIFE, WAIT, Candidate, FirstGain, higher
from ..rules import SHANGHAI_STANDARD_SCORE, Alternative, Rule, rule_in, version
from ..sources import source
from .common import take_higher, unconfirmed

# --- profile fields ------------------------------------------------------------------------------

_POLICY = "SH2018"  # the version Shanghai scores with (its rules, including the 临港 overlays)


def _r(rule_id: str) -> Rule:
    return rule_in("shanghai", rule_id, _POLICY)


_MARRIED = ("marital_status", ("married",))
_SI_BASE = _r("si_base").params

SH_EDUCATION = {
    "none": "大专以下",
    "dazhuan": "大专（高职）",
    "benke": "本科学历（无学士学位）",
    "benke_degree": "本科学历并有学士学位",
    "master": "硕士研究生",
    "doctor": "博士研究生",
}
SH_TITLE = {
    "none": "无",
    "skill5": "技能五级（初级工）",
    "skill4": "技能四级（中级工）",
    "skill3": "技能三级（高级工）",
    "skill2": "技能二级（技师）",
    "mid_title": "中级职称",
    "skill1": "技能一级（高级技师）",
    "senior_title": "高级职称",
}
SH_REMOTE_AREAS = {
    "none": "否",
    "lingang": "临港新片区",
    "new_city": "五个新城（嘉定、青浦、松江、奉贤、南汇）",
    "transition": "南北地区重点转型区域",
    "other": "市里认定的其他远郊重点区域",
}
SH_TITLE_NEEDS_BASE = ("skill2", "mid_title", "skill1", "senior_title")
SH_OFFENCES = {
    "false_material": "提供虚假材料",
    "detention": "行政拘留",
    "crime_general": "一般刑事犯罪",
}


@dataclass(frozen=True)
class ShanghaiProfile:
    city: Literal["shanghai"] = required("城市", "上海或杭州。", choices={"shanghai": "上海"})
    assessment_date: date = required(
        "评估日期",
        "按哪一天测算（通常是打算申请的月份）。年龄、年限和回溯期都按这一天计算。"
        "网页先填入今天，结果里的“什么时候申请”会写明按哪一天计算。",
    )
    birth_date: date = required("出生日期", "用于计算周岁年龄。", rule="age")
    has_residence_permit: bool = optional(
        True, "持有有效的《上海市居住证》", "居住证须在有效期内。", rule="gate_permit"
    )
    paying_now: bool = optional(
        True,
        "申请当月在职并缴纳本市职工社保",
        "灵活就业或断缴的月份不能申请。",
        rule="gate_social_insurance",
    )
    si_months_last_12: int = optional(
        0,
        "近12个月缴纳本市职工社保的月数",
        "不含补缴；至少6个月才能申请。",
        min=0,
        max=12,
        unit="个月",
        rule="gate_social_insurance",
    )
    si_months_total: int = optional(
        0,
        "累计缴纳本市职工社保的月数",
        f"不含补缴，以及缴费单位与劳动合同单位不一致的月份；每满12个月{_r('si_years').params['per_year']:g}分。",
        min=0,
        max=600,
        unit="个月",
        rule="si_years",
    )
    education: str = optional(
        "none",
        "最高学历学位",
        "须为国家承认的学历；国外学历须经留学服务中心认证。",
        choices=SH_EDUCATION,
        rule="education",
    )
    education_full_time: bool = optional(
        True,
        "全日制学历",
        "自考、成人、网络教育等非全日制学历分值相同，但需补充毕业生登记表和成绩单。",
        show_if=when_claimed("education", SH_EDUCATION),
        rule="education",
    )
    education_foreign: bool = optional(
        False,
        "国（境）外取得的学历学位",
        "需要教育部留学服务中心的认证书。",
        show_if=when_claimed("education", SH_EDUCATION),
        rule="education",
    )
    title_skill: str = optional(
        "none",
        "职称或技能等级",
        "在本市工作期间取得、与岗位相符的最高一项。",
        choices=SH_TITLE,
        rule="title_skill",
    )
    title_matches_post: bool = optional(
        True,
        "证书在本市工作期间取得且与当前岗位相符",
        "不符合的，该项不计分。",
        show_if=when_claimed("title_skill", SH_TITLE),
        rule="title_skill",
    )
    base_1x_months_last_12: int = optional(
        0,
        "近12个月社保基数不低于社平工资1倍的月数",
        "中级、高级职称和一级、二级技能须累计满6个月。",
        min=0,
        max=12,
        unit="个月",
        show_if=("title_skill", SH_TITLE_NEEDS_BASE),
        rule="title_skill",
    )
    base_months_48_080: int = optional(
        0,
        "近48个月社保基数≥社平工资80%的月数",
        f"累计满{_SI_BASE['months_required']:g}个月可得{_SI_BASE['points_080']:g}分起。",
        min=0,
        max=48,
        unit="个月",
        rule="si_base",
    )
    base_months_48_100: int = optional(
        0,
        "近48个月社保基数≥社平工资1倍的月数",
        f"累计满{_SI_BASE['months_required']:g}个月{_SI_BASE['points_100']:g}分。",
        min=0,
        max=48,
        unit="个月",
        rule="si_base",
    )
    base_months_48_200: int = optional(
        0,
        "近48个月社保基数≥社平工资2倍的月数",
        f"累计满{_SI_BASE['months_required']:g}个月{_SI_BASE['points_200']:g}分。",
        min=0,
        max=48,
        unit="个月",
        rule="si_base",
    )
    base_months_36_300: int = optional(
        0,
        "近36个月社保基数达到社平工资3倍的月数",
        f"累计满{_SI_BASE['months_required_300']:g}个月{_SI_BASE['points_300']:g}分。",
        min=0,
        max=36,
        unit="个月",
        rule="si_base",
    )
    shortage_major: bool = optional(
        False,
        "专业列入紧缺急需专业目录且在对应岗位工作",
        "目录由市人社局发布。",
        rule="shortage_major",
    )
    fresh_graduate: bool = optional(
        False, "全日制应届高校毕业生", "“应届”的界定以官方答复为准。", rule="fresh_graduate"
    )
    invest_avg_tax_yuan: float = optional(
        0,
        "投资企业近3年年均纳税额（按个人投资比例）",
        "年均满10万元起计分。",
        min=0,
        max=1e10,
        unit="元",
        rule="invest_tax",
    )
    invest_avg_hukou_hires: float = optional(
        0,
        "投资企业近3年年均聘用本市户籍人数（按个人投资比例）",
        "年均满10人起计分。",
        min=0,
        max=1e6,
        unit="人",
        rule="invest_tax",
    )
    public_service_years: int = optional(
        0,
        "在特定公共服务领域（环卫）工作的整年数",
        "满5年后才计入总积分。",
        min=0,
        max=50,
        unit="年",
        rule="public_service",
    )
    remote_area: str = optional(
        "none",
        "在远郊重点区域工作并居住",
        "临港新片区有专门的计入规则；五个新城自2021年起按远郊重点区域加分；"
        "南北地区重点转型区域只见于一篇未证实的修订说明。",
        choices=SH_REMOTE_AREAS,
        rule="remote_area",
    )
    remote_area_years: int = optional(
        0,
        "在该区域工作并居住的整年数",
        f"每满1年{_r('remote_area').params['per_year']:g}分，最高{_r('remote_area').cap:g}分。",
        min=0,
        max=50,
        unit="年",
        show_if=("remote_area", tuple(a for a in SH_REMOTE_AREAS if a != "none")),
        rule="remote_area",
    )
    award: str = optional(
        "none",
        "在本市工作期间获得的最高表彰奖励",
        "须列入市政府批准的表彰奖励目录。",
        choices={
            "none": "无",
            "city_special": "市级机关专项性表彰",
            "city_comprehensive": "市级机关综合性表彰",
            "provincial": "省部级及以上政府表彰",
        },
        rule="award",
    )
    marital_status: str = optional(
        "single",
        "婚姻状况",
        "已婚的会继续询问配偶情况。",
        choices={"single": "未婚", "married": "已婚", "other": "离异或丧偶"},
    )
    spouse_shanghai_hukou: bool = optional(
        False,
        "配偶为本市户籍",
        f"按结婚年限每满1年{_r('spouse_hukou').params['per_year']:g}分，最高{_r('spouse_hukou').cap:g}分。",
        show_if=_MARRIED,
        rule="spouse_hukou",
    )
    marriage_date: date | None = optional(
        None, "结婚登记日期", "用于计算结婚年限。", show_if=_MARRIED, rule="spouse_hukou"
    )
    startup_talent: bool = optional(
        False, "符合条件的创业人才", "条件由市科委等部门规定。", rule="startup_talent"
    )
    intermediary_talent: bool = optional(
        False,
        "符合条件的创新创业中介服务人才",
        "条件由市科委等部门规定。",
        rule="intermediary_talent",
    )
    offences: tuple[Offence, ...] = optional(
        (),
        "不良记录",
        "每一次记录填日期和类型；超过回溯期限的不扣分。",
        offence_kinds=SH_OFFENCES,
        rule="detention",
    )
    veto_family_planning: bool = optional(
        False, "有违反计划生育政策的情形", "属于一票否决项。", rule="veto_family_planning"
    )
    veto_serious_crime: bool = optional(
        False, "有严重刑事犯罪记录", "属于一票否决项。", rule="veto_serious_crime"
    )
    dispatched_worker: bool = optional(False, "劳务派遣员工", "需另交派遣协议和派遣岗位协议。")
    collective_hukou: bool = optional(False, "户籍为集体户口", "户籍证明的材料不同。")


# --- scoring -------------------------------------------------------------------------------------


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
        _remote_area(p, warnings),
        _award(p),
        _flag(p.fresh_graduate, "fresh_graduate", "全日制应届高校毕业生"),
        _spouse(p),
        *_deductions(p, warnings),
    ]
    for line in lines:
        warnings.extend(unconfirmed(line, "计分规则"))
    veto = tuple(
        _r(v).label
        for v, on_ in (
            ("veto_family_planning", p.veto_family_planning),
            ("veto_serious_crime", p.veto_serious_crime),
        )
        if on_
    )
    policy = version(_POLICY)
    total = round(sum(line.points for line in lines), 2)
    readings, disputed = _readings(p, lines, total)
    return Result(
        city="shanghai",
        assessment_date=on,
        cutoff_date=on,
        policy=policy,
        policy_note="未找到2022-12-31之后的延期或替代文件；2024年官方英文版仍在发布，本工具按现行处理。",
        total=total,
        threshold=SHANGHAI_STANDARD_SCORE.params["points"],
        threshold_label="标准分值",
        gate=_gate(p),
        vetoed=bool(veto),
        veto_reasons=veto,
        lines=tuple(lines),
        warnings=tuple(warnings),
        readings=readings,
        disputed=disputed,
    )


def _readings(
    p: ShanghaiProfile, lines: list[Line], total: float
) -> tuple[tuple[Reading, ...], tuple[str, ...]]:
    """The totals under the other values sources give (re-scored), and the lines they change.

    The 2013 cap of the investment-tax points, and the 3-year look-back some sources give for
    the deductions.
    """
    scored = {line.id: line for line in lines}
    readings: list[Reading] = []
    disputed: list[str] = []
    tax = _r("invest_tax")
    cap = tax.params["cap_2013"]
    capped = _invest_tax(p, [], cap=cap)
    if capped.points != scored[capped.id].points:
        readings.append(
            Reading(
                f"投资纳税按{cap:g}分上限计算",
                round(total - scored[capped.id].points + capped.points, 2),
                _page(tax, f"{cap:g}分"),
            )
        )
        disputed.append(capped.id)
    area = _remote_area(p, reading=True)
    if area.points != scored[area.id].points:
        rule = _r(area.rule)
        wait = f"{rule.params['reading_wait_years']:g}年"
        readings.append(
            Reading(
                f"临港新片区加分按满{wait}后才计入",
                round(total - scored[area.id].points + area.points, 2),
                _page(rule, wait),
            )
        )
        disputed.append(area.id)
    if p.remote_area == "transition":
        revised = _remote_area(p, revised=True)
        if revised.points != scored[revised.id].points:
            readings.append(
                Reading(
                    "南北地区重点转型区域按修订后的实施细则（未证实）算作远郊重点区域",
                    round(total - scored[revised.id].points + revised.points, 2),
                    source(_r("remote_area_revised").citation.source).title,
                )
            )
    changed = [x for x in _deductions(p, [], alternative=True) if x.points != scored[x.id].points]
    if changed:
        first = _r(changed[0].rule)
        years = f"{first.params['window_years_alternative']:g}年"
        readings.append(
            Reading(
                f"减分记录只追溯{years}（而不是{first.params['window_years']:g}年）",
                round(total + sum(x.points - scored[x.id].points for x in changed), 2),
                _page(first, years),
            )
        )
        disputed.extend(x.id for x in changed)
    return tuple(readings), tuple(disputed)


def _page(rule: Rule, value: str) -> str:
    """The title of the first page that gives ``value`` as an alternative for ``rule``."""
    alt: Alternative = next(a for a in rule.alternatives if value in a.value)
    return source(alt.sources[0]).title


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
    return take_higher(
        (edu_rule, edu_points, edu_text), (title_rule, title_points, title_text), "教育背景"
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


def _invest_tax(p: ShanghaiProfile, warnings: list[Warning], cap: float | None = None) -> Line:
    """The investment-tax line under the rule's cap (or ``cap``, another reading's)."""
    rule = _r("invest_tax")
    prm = rule.params
    by_tax = prm["per_tax_step"] * (p.invest_avg_tax_yuan // prm["tax_step_yuan"])
    by_hires = prm["per_hire_step"] * (p.invest_avg_hukou_hires // prm["hire_step"])
    points = min(cap or rule.cap or 0, max(by_tax, by_hires))
    if points == 0:
        return make_line(
            rule,
            0,
            f"年均纳税不足{prm['tax_step_yuan'] / 10000:g}万元且年均聘用本市户籍人员"
            f"不足{prm['hire_step']:g}人，不计分。",
        )
    if points > prm["cap_2013"]:
        warnings.append(
            Warning(
                "alternative.invest_tax",
                f"投资纳税按{rule.cap:g}分上限计算；2013年版上限为{prm['cap_2013']:g}分，"
                "现行上限未找到官方原文。",
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


def _remote_area(
    p: ShanghaiProfile,
    warnings: list[Warning] | None = None,
    *,
    reading: bool = False,
    revised: bool = False,
) -> Line:
    """The remote-area line. ``reading``: with the longer 临港 wait some sources still give;
    ``revised``: as the revised 实施细则 (unconfirmed) reads, where the key transition areas in the
    north and south count too."""
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
    elif p.remote_area == "new_city":
        rule = _r("new_city_2021")
    elif p.remote_area == "transition" and revised:
        rule = _r("remote_area_revised")
    if p.remote_area == "none" or p.remote_area_years == 0:
        return make_line(rule, 0, "未申报此项。")
    if p.remote_area == "transition" and not revised:
        return make_line(
            rule,
            0,
            "南北地区重点转型区域只在一篇未证实的修订说明里列为远郊重点区域，"
            "按现行规则不计分（另一种说法见结论）。",
        )
    if on < rule.effective_from:
        return make_line(
            rule,
            0,
            f"评估日期早于{rule.label}的依据文件（{rule.effective_from.isoformat()}），不计分。",
        )
    years = p.remote_area_years
    if warnings is not None and p.remote_area == "new_city":
        since = full_years(rule.effective_from, on)
        if years > since:
            warnings.append(
                Warning(
                    "uncovered.new_city_years",
                    f"填写的{years}年里有一部分早于新城实施意见（{rule.effective_from.isoformat()}）；"
                    "这部分年限算不算，来源没有说明，本工具按填写的全部年限计算。",
                )
            )
    wait = int(rule.params["wait_years"])
    if reading:
        wait = int(rule.params.get("reading_wait_years", wait))
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


def _deductions(
    p: ShanghaiProfile, warnings: list[Warning], *, alternative: bool = False
) -> list[Line]:
    """The deduction lines; ``alternative``: with the shorter look-back some sources give."""
    lines = []
    for kind in SH_OFFENCES:
        rule = _r(kind)
        window = int(rule.params["window_years"])
        if alternative:
            window = int(rule.params.get("window_years_alternative", window))
        start = add_years(p.assessment_date, -window)
        hits = [o for o in p.offences if kind in o.kinds]
        counted = [o for o in hits if o.date > start]
        points = rule.params["per_case"] * len(counted)
        if not hits:
            lines.append(make_line(rule, 0, "无此类记录。"))
            continue
        other = int(rule.params.get("window_years_alternative", 0))
        if (
            other
            and counted
            and any(o.date <= add_years(p.assessment_date, -other) for o in counted)
        ):
            warnings.append(
                Warning(
                    f"alternative.{kind}",
                    f"“{rule.label}”的回溯期有来源说是{other}年；按{other}年计算，部分记录不会扣分。",
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


# --- what-if candidates --------------------------------------------------------------------------


def _base_bands() -> tuple[tuple[str, str, str, int, tuple[str, ...]], ...]:
    """(id, label, field, months required, the lower-band fields that move with it)."""
    prm = _r("si_base").params
    need, need3 = int(prm["months_required"]), int(prm["months_required_300"])
    lower = ("base_months_48_080", "base_months_48_100", "base_months_48_200")
    return (
        ("si_base_080", "80%", "base_months_48_080", need, ()),
        ("si_base_100", "1倍", "base_months_48_100", need, lower[:1]),
        ("si_base_200", "2倍", "base_months_48_200", need, lower[:2]),
        ("si_base_300", "3倍", "base_months_36_300", need3, lower),
    )


def _paid_at(p: ShanghaiProfile, field: str) -> bool:
    """Some months already paid at this band's base (for 1x, the title's 12-month count too)."""
    if getattr(p, field) > 0:
        return True
    return field == "base_months_48_100" and p.base_1x_months_last_12 > 0


def _sh_months(p: ShanghaiProfile, *, last_12: int = 0, total: int = 0) -> dict[str, Any]:
    """Raise the social-insurance counts to at least these values (for consistency only)."""
    out: dict[str, Any] = {}
    if last_12 > p.si_months_last_12:
        out["si_months_last_12"] = min(12, last_12)
    need_total = max(total, out.get("si_months_last_12", 0))
    if need_total > p.si_months_total:
        out["si_months_total"] = need_total
    return out


# What each what-if asks of the person (planning.candidate): the one table candidates() reads.
SH_EFFORT: dict[str, str] = {
    "education": LIFE,  # a degree
    "title_skill.new": LIFE,  # a certificate not held yet
    "title_skill.post": LIFE,  # the held certificate does not match the post: another post
    "title_skill.base": WAIT,  # held and matching; more months at a base already paid
    "title_skill.raise": LIFE,  # held and matching; no month at base >= 1x yet: a higher wage
    "si_years": WAIT,  # keep paying
    "si_years.resume": LIFE,  # not paying now: a job paying Shanghai insurance first
    "si_base.continue": WAIT,  # some months at this base already: keep paying it
    "si_base.raise": LIFE,  # no month at this base yet: a higher wage
    "shortage_major": LIFE,  # a post matching the listed major
    "public_service": WAIT,  # keep working in the sector
    "remote_area": WAIT,  # keep working and living there
    "remote_area.lingang": LIFE,  # move work and home to 临港
    "spouse_hukou": WAIT,  # marriage years
}


def candidates(p: ShanghaiProfile, base: Result, first_gain: FirstGain) -> Iterator[Candidate]:
    """Changes worth measuring for this profile (``planning.whatifs`` re-scores each)."""
    for level in higher(SH_EDUCATION, p.education):
        yield Candidate(
            f"education.{level}",
            f"学历学位提升到：{SH_EDUCATION[level]}",
            {"education": level},
            None,
            SH_EFFORT["education"],
            (f"取得国家承认的学历学位（{SH_EDUCATION[level]}）",),
        )

    yield from _title_candidates(p)

    found = first_gain(
        lambda k: {
            "si_months_total": p.si_months_total + k,
            "paying_now": True,
            "si_months_last_12": min(12, p.si_months_last_12 + k),
        },
        max_k=12,
    )
    if found:
        k, changes = found
        resume = "" if p.paying_now else "重新就业并"
        yield Candidate(
            "si_years",
            f"{resume}继续缴纳本市职工社保{k}个月",
            changes,
            k,
            SH_EFFORT["si_years" if p.paying_now else "si_years.resume"],
            ("按月正常缴纳，补缴月份不计",),
        )

    for band_id, label, field, need, lower in _base_bands():
        current = getattr(p, field)
        if current >= need:
            continue
        months = need - current
        changes = {field: need}
        for f in lower:
            changes[f] = max(getattr(p, f), need)
        changes.update(_sh_months(p, total=need))
        years = "近3年" if band_id == "si_base_300" else "近4年"
        window = f"{years}内累计{need}个月"
        yield Candidate(
            band_id,
            f"社保缴费基数达到社平工资{label}（{window}）",
            changes,
            months,
            SH_EFFORT["si_base.continue" if _paid_at(p, field) else "si_base.raise"],
            (
                f"此后每月按不低于上年度社平工资{label}的基数缴纳，还需{months}个月；"
                "补缴、缴费单位与合同单位不一致的月份不计",
            ),
        )

    if not p.shortage_major:
        yield Candidate(
            "shortage_major",
            "在所学紧缺急需专业对应的岗位工作",
            {"shortage_major": True},
            None,
            SH_EFFORT["shortage_major"],
        )

    if p.public_service_years > 0:
        found = first_gain(lambda k: {"public_service_years": p.public_service_years + k}, 10)
        if found:
            k, changes = found
            yield Candidate(
                "public_service",
                f"在特定公共服务领域（环卫）继续工作{k}年",
                changes,
                12 * k,
                SH_EFFORT["public_service"],
            )

    if p.remote_area != "none":
        found = first_gain(lambda k: {"remote_area_years": p.remote_area_years + k}, 10)
        if found:
            k, changes = found
            where = {"lingang": "临港新片区", "new_city": "新城"}.get(p.remote_area, "远郊重点区域")
            yield Candidate(
                "remote_area",
                f"在{where}继续工作并居住{k}年",
                changes,
                12 * k,
                SH_EFFORT["remote_area"],
            )
    else:
        found = first_gain(lambda k: {"remote_area": "lingang", "remote_area_years": k}, 10)
        if found:
            k, changes = found
            yield Candidate(
                "remote_area.lingang",
                f"到临港新片区工作并居住满{k}年",
                changes,
                12 * k,
                SH_EFFORT["remote_area.lingang"],
                ("在临港新片区工作并居住",),
            )

    if p.marital_status == "married" and p.spouse_shanghai_hukou and p.marriage_date:
        yield _next_anniversary(p, p.marriage_date)


def _title_candidates(p: ShanghaiProfile) -> Iterator[Candidate]:
    """A higher certificate, or the held one made to count (matching post, months of base)."""
    need = int(_r("title_skill").params["base_1x_months_required"])
    for level in higher(SH_TITLE, p.title_skill, include_current=True):
        changes: dict[str, Any] = {"title_skill": level, "title_matches_post": True}
        prereqs = []
        months = None
        if level != p.title_skill:
            prereqs.append(f"取得{SH_TITLE[level]}证书")
        if level in SH_TITLE_NEEDS_BASE and p.base_1x_months_last_12 < need:
            months = need - p.base_1x_months_last_12
            changes["base_1x_months_last_12"] = need
            changes.update(_sh_months(p, last_12=need))
            prereqs.append(f"社保缴费基数不低于社平工资的月数还差{months}个月")
        if level != p.title_skill:
            key, title = "title_skill.new", "取得" + SH_TITLE[level]
        elif not p.title_matches_post:
            key, title = "title_skill.post", f"让现有{SH_TITLE[level]}计分"
            prereqs.insert(0, "在与证书相符的岗位工作（证书须在本市工作期间取得）")
        elif months is None:
            continue  # held, matching, base met: it already counts
        else:
            key = "title_skill.base" if p.base_1x_months_last_12 else "title_skill.raise"
            title = f"让现有{SH_TITLE[level]}计分"
        yield Candidate(
            f"title_skill.{level}", title, changes, months, SH_EFFORT[key], tuple(prereqs)
        )


def _next_anniversary(p: ShanghaiProfile, married: date) -> Candidate:
    """Stay married to the next full year: modelled by an earlier marriage date, same assessment."""
    years = full_years(married, p.assessment_date)
    anniversary = add_years(married, years + 1)
    months = max(1, _months_ceil(p.assessment_date, anniversary))
    return Candidate(
        "spouse_hukou",
        f"结婚满{years + 1}年（配偶为本市户籍）",
        {"marriage_date": add_years(p.assessment_date, -(years + 1))},
        months,
        SH_EFFORT["spouse_hukou"],
        earliest=anniversary,
    )


def _months_ceil(start: date, end: date) -> int:
    m = months_between(start, end)
    return m if add_months(start, m) >= end else m + 1


# --- checklist conditions (the ``when`` of a material) -------------------------------------------

CONDITIONS: dict[str, Callable[[ShanghaiProfile], bool]] = {
    "collective_hukou": lambda p: p.collective_hukou,
    "not_collective_hukou": lambda p: not p.collective_hukou,
    "dispatched_worker": lambda p: p.dispatched_worker,
    "claims_education": lambda p: p.education != "none",
    "claims_domestic_education": lambda p: p.education != "none" and not p.education_foreign,
    "non_full_time_education": lambda p: p.education != "none" and not p.education_full_time,
    "foreign_education": lambda p: p.education != "none" and p.education_foreign,
    "claims_title": lambda p: p.title_skill != "none",
    "claims_skill_level": lambda p: p.title_skill in ("skill3", "skill2", "skill1"),
    "claims_si_base": lambda p: p.base_months_48_080 > 0,
    "claims_invest": lambda p: p.invest_avg_tax_yuan > 0 or p.invest_avg_hukou_hires > 0,
    "claims_award": lambda p: p.award != "none",
    "claims_spouse": lambda p: p.marital_status == "married" and p.spouse_shanghai_hukou,
    # Married but not claiming spouse points (sh.spouse.documents already covers that case).
    "married_spouse_not_claimed": (
        lambda p: p.marital_status == "married" and not p.spouse_shanghai_hukou
    ),
    "claims_lingang": lambda p: p.remote_area == "lingang" and p.remote_area_years > 0,
    "claims_other_remote": (
        lambda p: p.remote_area in ("new_city", "transition", "other") and p.remote_area_years > 0
    ),
    "claims_shortage": lambda p: p.shortage_major,
    "claims_public_service": lambda p: p.public_service_years > 0,
    "claims_fresh_graduate": lambda p: p.fresh_graduate,
    "claims_talent": lambda p: p.startup_talent or p.intermediary_talent,
}
