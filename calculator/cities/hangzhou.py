"""Hangzhou, versions V1–V4 (V5 values unknown): everything the city owns.

Its profile fields, its scoring lines, its what-if candidates and its checklist conditions. Every
number comes from the rule data (``calculator.rules``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from ..core.dates import add_years, first_of_previous_month, full_years
from ..core.fields import Offence, optional, required, when_claimed
from ..core.result import GateCheck, Line, Result, Warning, make_line
from ..core.verdict import Reading
from ..planning.candidate import LIFE, PAPERWORK, WAIT, Candidate, FirstGain, higher
from ..rules import (
    CUTOFF_LINES,
    HANGZHOU_RULES,
    HANGZHOU_SCORED_VERSIONS,
    NOT_CONFIRMED,
    VERSIONS,
    PolicyVersion,
    Rule,
    hangzhou_rule,
    hangzhou_version_for,
    rule_in,
    version,
)
from ..sources import source
from .common import take_higher, unconfirmed

# --- profile fields ------------------------------------------------------------------------------

_LATEST = HANGZHOU_SCORED_VERSIONS[-1]  # field hints quote the latest scored version's values


def _now(rule_id: str) -> Rule:
    return rule_in("hangzhou", rule_id, _LATEST)


# What-ifs try donations in steps of this many yuan (a search step, not the rule's 1000-yuan step).
DONATION_SEARCH_STEP = 100

_EMPLOYMENT_V1 = rule_in("hangzhou", "employment", "V1")  # the employment item existed only in V1


HZ_EDUCATION = {
    "none": "高中以下",
    "high_school": "高中（中职）",
    "dazhuan": "大专（高职）",
    "benke": "本科",
    "master": "硕士研究生",
    "doctor": "博士研究生",
}
HZ_TITLE = {
    "none": "无",
    "skill5": "五级（初级工）",
    "yuan_title": "员级职称",
    "skill4": "四级（中级工）",
    "junior_title": "初级职称",
    "skill3": "三级（高级工）",
    "mid_title": "中级职称",
    "skill2": "二级（技师）",
    "deputy_senior": "副高级职称",
    "skill1": "一级（高级技师）",
    "full_senior": "正高级职称",
}
HZ_OFFENCES = {"crime": "刑事处罚", "drug_rehab": "强制隔离戒毒", "detention": "行政或司法拘留"}
HZ_DEGREE_LEVELS = ("benke", "master", "doctor")


@dataclass(frozen=True)
class HangzhouProfile:
    city: Literal["hangzhou"] = required("城市", "上海或杭州。", choices={"hangzhou": "杭州"})
    assessment_date: date = required(
        "本轮受理开始日期",
        "积分落户或入学轮次开始受理的日期；指标计算到它前一个月的1日（积分截止日）。"
        "网页先填入今天，结果里的“什么时候申请”会找出此后的下一轮并写明按哪一天计算。",
    )
    birth_date: date = required("出生日期", "按积分截止日计算周岁。", rule="age")
    purpose: str = optional(
        "settle",
        "申请用途",
        "落户有分数线；入学按积分排序。",
        choices={"settle": "积分落户", "school": "积分入学", "both": "两者都申请"},
    )
    policy_version: str = optional(
        "auto",
        "政策版本",
        "一般选“按日期自动”；只在核对历史结果时指定。",
        choices={
            "auto": "按日期自动",
            "V1": "2018年试行版",
            "V2": "2021年版",
            "V3": "2023年调整",
            "V4": "2024年调整",
        },
    )
    has_urban_permit: bool = optional(
        True, "持有杭州市区签发的有效居住证", "桐庐、建德、淳安不在范围内。", rule="gate_permit"
    )
    hangzhou_urban_hukou: bool = optional(
        False, "已是杭州市区户籍", "市区户籍人员不能申请。", rule="gate_hukou"
    )
    education: str = optional(
        "none", "最高学历", "与职称择高计分。", choices=HZ_EDUCATION, rule="education"
    )
    degree_status: str = optional(
        "both",
        "学历证书与学位证书",
        f"本科及以上只有其中一项的，减{_now('education').params['single_document_penalty']:g}分。",
        choices={"both": "两者都有", "diploma_only": "只有学历证书", "degree_only": "只有学位证书"},
        show_if=("education", HZ_DEGREE_LEVELS),
        rule="education",
    )
    education_completed: bool = optional(
        True,
        "正常毕业（非结业、肄业）",
        "结业、肄业不计分。",
        show_if=when_claimed("education", HZ_EDUCATION),
        rule="education",
    )
    education_origin: str = optional(
        "domestic",
        "学历取得地",
        "港澳台和国外学历需认证书。",
        choices={"domestic": "中国大陆", "hmt": "港澳台", "foreign": "国外"},
        show_if=when_claimed("education", HZ_EDUCATION),
        rule="education",
    )
    title_skill: str = optional(
        "none",
        "职称或职业技能等级",
        "多个证书只选最高的一项。",
        choices=HZ_TITLE,
        rule="title_skill",
    )
    si_months: int = optional(
        0,
        "在杭州市区缴纳社保的月数",
        "2021版起须同时参加养老和医疗保险；不含转入和补缴的月份。",
        min=0,
        max=600,
        unit="个月",
        rule="social_insurance",
    )
    employed: bool = optional(
        False,
        "有劳动合同或自主就业",
        f"只在2018年试行版（2021年10月前的轮次）计{_EMPLOYMENT_V1.params['points']:g}分。",
        rule="employment",
    )
    residence_months: int = optional(
        0,
        "在杭州市区累计居住登记的月数",
        "暂住证、居住证、居住登记都算；每满12个月计1年。",
        min=0,
        max=1200,
        unit="个月",
        rule="residence_years",
    )
    home_owned: bool = optional(
        False,
        "本人、配偶、父母或子女在市区有住宅并实际居住",
        "居住登记地址须与该住宅一致。",
        rule="housing",
    )
    home_co_owned: bool = optional(
        False,
        "该住宅为共有产权",
        "共有人须都不是杭州户籍。",
        show_if=("home_owned", (True,)),
        rule="housing",
    )
    co_owner_hangzhou_hukou: bool = optional(
        False,
        "共有人中有杭州户籍人员",
        "与杭州户籍人员共同购买的住宅不计购房分（2024年公告）。",
        show_if=("home_co_owned", (True,)),
        rule="housing",
    )
    rent_months: int = optional(
        0,
        "合法租住的月数",
        f"每满12个月{_now('housing').params['rent_per_year']:g}分，最高{_now('housing').params['rent_cap']:g}分；与购房择高计分。",
        min=0,
        max=1200,
        unit="个月",
        rule="housing",
    )
    honours_national: int = optional(
        0,
        "近5年国家级综合表彰次数",
        "积分截止日前5年内。",
        min=0,
        max=50,
        unit="次",
        rule="honours",
    )
    honours_provincial: int = optional(
        0,
        "近5年省级综合表彰次数",
        "同一事项按最高级别计。",
        min=0,
        max=50,
        unit="次",
        rule="honours",
    )
    honours_municipal: int = optional(
        0,
        "近5年杭州市级综合表彰次数",
        "同一事项按最高级别计。",
        min=0,
        max=50,
        unit="次",
        rule="honours",
    )
    honours_district: int = optional(
        0,
        "近5年区、县（市）级综合表彰次数",
        "同一事项按最高级别计。",
        min=0,
        max=50,
        unit="次",
        rule="honours",
    )
    bone_marrow: bool = optional(
        False, "通过中华骨髓库捐献过造血干细胞", "配型成功并实际捐献。", rule="bone_marrow"
    )
    blood_ml: int = optional(
        0,
        "在杭州地区累计无偿献血量",
        "机采血小板按规定折算成毫升。",
        min=0,
        max=100000,
        unit="毫升",
        rule="blood",
    )
    volunteer_hours: float = optional(
        0,
        "近5年志愿服务时长",
        f"每满{_now('volunteer').params['step_hours']:g}小时{_now('volunteer').params['per_step']:g}分。",
        min=0,
        max=100000,
        unit="小时",
        rule="volunteer",
    )
    donation_yuan: float = optional(
        0,
        "近5年政府认可渠道的慈善捐赠",
        f"每{_now('donation').params['step_yuan']:g}元{_now('donation').params['per_step']:g}分，最高{_now('donation').cap:g}分。",
        min=0,
        max=1e9,
        unit="元",
        rule="donation",
    )
    tax_role: str = optional(
        "none",
        "纳税身份",
        "投资者与非投资者的计分标准不同。",
        choices={
            "none": "不申报",
            "investor": "自主创业投资者",
            "employee": "非投资者（工资薪金等）",
            "both": "两者都有（既是投资者，也有工资薪金）",
        },
        rule="tax",
    )
    tax_yuan: float = optional(
        0,
        "近5年在市区缴纳的本人个人所得税",
        "只计本人个税；两种身份都有的，这里只填作为投资者缴纳的部分。",
        min=0,
        max=1e10,
        unit="元",
        show_if=("tax_role", ("investor", "employee", "both")),
        rule="tax",
    )
    tax_wage_yuan: float = optional(
        0,
        "作为非投资者（工资薪金等）缴纳的个人所得税",
        "近5年在市区缴纳；按非投资者的标准另行计分。",
        min=0,
        max=1e10,
        unit="元",
        show_if=("tax_role", ("both",)),
        rule="tax",
    )
    credit_role: str = optional(
        "none",
        "在获评信用称号的在杭企业中的身份",
        "企业须获评守合同重信用或信用管理示范企业。",
        choices={
            "none": "无",
            "legal_rep": "法定代表人",
            "director": "董事",
            "supervisor": "监事",
            "senior_manager": "高级管理人员",
        },
        rule="enterprise_credit",
    )
    credit_titles: str = optional(
        "one",
        "企业获得的信用称号",
        f"两项都有的计{_now('enterprise_credit').params['both_titles']:g}分。",
        choices={"one": "其中一项", "both": "两项都有"},
        show_if=("credit_role", ("legal_rep", "director", "supervisor", "senior_manager")),
        rule="enterprise_credit",
    )
    patents_sole: int = optional(
        0,
        "本人独有的发明专利数",
        "在市区工作或学习期间授权。",
        min=0,
        max=500,
        unit="项",
        rule="invention_patent",
    )
    patents_first_coowner: int = optional(
        0,
        "共有且本人为第一专利权人的发明专利数",
        f"每项{_now('invention_patent').params['sole']:g}分。",
        min=0,
        max=500,
        unit="项",
        rule="invention_patent",
    )
    patents_other_coowner: int = optional(
        0,
        "共有且本人为其他专利权人的发明专利数",
        "每项减半计分。",
        min=0,
        max=500,
        unit="项",
        rule="invention_patent",
    )
    offences: tuple[Offence, ...] = optional(
        (),
        "违法犯罪记录",
        "每一次行为填一行；同一行为只按最重的一项扣分。",
        offence_kinds=HZ_OFFENCES,
        rule="crime",
    )
    veto_serious_crime: bool = optional(
        False, "有严重刑事犯罪记录", "属于一票否决项。", rule="veto_serious_crime"
    )
    veto_banned_org: bool = optional(
        False, "参加过国家明令禁止的组织或活动", "属于一票否决项。", rule="veto_banned_org"
    )


# --- scoring -------------------------------------------------------------------------------------


def choose_version(p: HangzhouProfile) -> tuple[PolicyVersion, PolicyVersion]:
    """(version used for scoring, version in force on the round date)."""
    in_force = hangzhou_version_for(p.assessment_date)
    if p.policy_version != "auto":
        return version(p.policy_version), in_force
    if in_force.scored:
        return in_force, in_force
    # values unpublished: score with the latest version whose values are known
    known = [
        x
        for x in VERSIONS
        if x.city == "hangzhou" and x.scored and x.effective_from < in_force.effective_from
    ]
    return max(known, key=lambda x: x.effective_from), in_force


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
                f"有就业，计{r.params['points']:g}分。" if p.employed else "未申报就业。",
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
    lines.append(_housing(rule("housing"), p, v, warnings))
    lines.append(_honours(rule("honours"), p, warnings))
    bm = rule("bone_marrow")
    lines.append(
        make_line(
            bm,
            bm.params["points"] if p.bone_marrow else 0,
            f"捐献过造血干细胞，计{bm.params['points']:g}分。" if p.bone_marrow else "未申报此项。",
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
                    f"“{line.label}”在{in_force.effective_from.isoformat()}调整后的新分值未公开，"
                    f"这里按{used.label}的分值计算，可能与实际不符。",
                )
            )
        else:
            warnings.extend(unconfirmed(line, "分值"))
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
    total = round(sum(line.points for line in lines), 2)
    readings, disputed = _readings(p, v, (edu, title), total)
    return Result(
        city="hangzhou",
        assessment_date=p.assessment_date,
        cutoff_date=cutoff,
        policy=used,
        policy_note=note,
        total=total,
        threshold=threshold,
        threshold_label=threshold_label,
        gate=_gate(p, v, age),
        vetoed=bool(veto),
        veto_reasons=veto,
        lines=tuple(lines),
        warnings=tuple(warnings),
        uncovered=uncovered,
        uncovered_since=f"{in_force.effective_from.year}年",
        readings=readings,
        disputed=disputed,
    )


def _readings(
    p: HangzhouProfile, v: str, scored: tuple[Line, Line], total: float
) -> tuple[tuple[Reading, ...], tuple[str, ...]]:
    """The total with the lower title and skill tiers one third-party source gives (re-scored),
    and the lines that changes."""
    again = _education_and_title(p, v, [], reading=True)
    if sum(x.points for x in again) == sum(x.points for x in scored):
        return (), ()
    rule = hangzhou_rule("title_skill", v)
    alt = next(a for a in rule.alternatives if a.value.startswith("五级"))
    new_total = round(total - sum(x.points for x in scored) + sum(x.points for x in again), 2)
    label = f"{HZ_TITLE[p.title_skill]}按第三方给出的{again[1].points:g}分计算"
    return (
        (Reading(label, new_total, source(alt.sources[0]).title),),
        (scored[1].id,),
    )


def _has(v: str, indicator: str) -> bool:
    return any(r.indicator == indicator and v in r.versions for r in HANGZHOU_RULES)


def _has_rule(v: str, rule_id: str) -> bool:
    return any(r.id == rule_id and v in r.versions for r in HANGZHOU_RULES)


def _policy_note(p: HangzhouProfile, used: PolicyVersion, in_force: PolicyVersion) -> str:
    if used is in_force:
        return f"按{used.label}计分（{used.effective_from.isoformat()}起施行）。"
    if p.policy_version != "auto":
        return f"按指定的{used.label}计分；该日期实际施行的是{in_force.label}。"
    return (
        f"{in_force.effective_from.isoformat()}起的调整改了社保、租房、居住年限、志愿服务四项，"
        f"新分值尚未公布，这里按{used.label}的分值计算。"
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
            return None, "试行版按名额排序划线，该年分数线未找到"
        return float(line.points), f"{line.label}公布的落户分数线（按名额划线，仅供参考）"
    minimum = float(rule_in("hangzhou", "settle_minimum", v).params["points"])
    if v == "V2":
        first = next((c for c in CUTOFF_LINES if c.version == "V2" and c.points is not None), None)
        actual = f"（实际录取线更高：{first.label}为{first.points:g}分）" if first else ""
        return minimum, f"申请落户的最低积分{actual}"
    return minimum, f"落户分数线（原则上{minimum:g}分）"


def _age(rule: Rule, v: str, age: int, warnings: list[Warning]) -> Line:
    prm = rule.params
    if "anchor_age" in prm:  # V1, V2: points fall with age from an anchor; V3 on: full until an age
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


def _education_and_title(
    p: HangzhouProfile, v: str, warnings: list[Warning], *, reading: bool = False
) -> tuple[Line, Line]:
    """Education and title/skill (the higher counts); ``reading``: with the lower title and
    skill tiers a third-party source gives (the ``reading_*`` values), where the main has none."""
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
    if reading:
        title_points = title_rule.params.get(f"reading_{p.title_skill}", title_points)
    title_text = f"{HZ_TITLE[p.title_skill]}，{title_points:g}分。"
    if not reading and p.title_skill != "none" and p.title_skill not in title_rule.params:
        title_text = f"{HZ_TITLE[p.title_skill]}的分值未找到公开来源，本工具不计分。"
        warnings.append(
            Warning(
                "uncovered.title_skill",
                f"{HZ_TITLE[p.title_skill]}的分值没有找到来源，未计分；实际可能有分。",
            )
        )
    return take_higher(
        (edu_rule, edu_points, edu_text), (title_rule, title_points, title_text), "文化程度"
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


def _housing(rule: Rule, p: HangzhouProfile, v: str, warnings: list[Warning]) -> Line:
    prm = rule.params
    owned = prm["owned"] if p.home_owned else 0.0
    rent = min(prm["rent_cap"], prm["rent_per_year"] * (p.rent_months // 12))
    why_not = ""
    if owned and p.home_co_owned and p.co_owner_hangzhou_hukou:
        if _has_rule(v, "housing_co_owner_hukou"):
            co = hangzhou_rule("housing", v, rule_id="housing_co_owner_hukou")
            owned = co.params["points"]
            why_not = "与杭州户籍人员共同购买的住宅不计购房分；"
            if not rent:
                return make_line(co, owned, f"{why_not}租住不满12个月，不计分。", cap=rule.cap)
        else:
            warnings.append(
                Warning(
                    "uncovered.housing_co_owner",
                    f"与杭州户籍人员共有住宅的计分规定只见于2024年公告；{v}对此怎样计分没有找到，"
                    "本工具仍按购房计分。",
                )
            )
    if not owned and not rent:
        return make_line(rule, 0, "未申报自有住房，租住不满12个月，不计分。")
    if owned >= rent:
        return make_line(rule, owned, f"自有住房计{owned:g}分（与租房择高）。")
    if why_not:
        return make_line(rule, rent, f"{why_not}合法租住满{p.rent_months // 12}年，计{rent:g}分。")
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
    return make_line(rule, points, f"近{prm['window_years']:g}年表彰{parts}，共{points:g}分。")


def _blood(rule: Rule, ml: int) -> Line:
    prm = rule.params
    if ml < prm["base_ml"]:
        short = f"献血量不足{prm['base_ml']:g}毫升，不计分。"
        return make_line(rule, 0, short if ml else "未申报此项。")
    raw = prm["base_points"] + prm["per_step"] * ((ml - prm["base_ml"]) // prm["step_ml"])
    points = min(rule.cap or 0, raw)
    return make_line(
        rule,
        points,
        f"累计献血{ml}毫升：{prm['base_ml']:g}毫升{prm['base_points']:g}分，"
        f"此后每{prm['step_ml']:g}毫升{prm['per_step']:g}分，得{points:g}分。",
    )


def _tax_points(rule: Rule, yuan: float) -> float:
    """One role's tax points: 1 at the base amount, 1 more per step, up to the rule's cap."""
    prm = rule.params
    if yuan < prm["base_yuan"]:
        return 0.0
    return float(min(rule.cap or 0, 1 + (yuan - prm["base_yuan"]) // prm["step_yuan"]))


def _tax(p: HangzhouProfile, v: str, warnings: list[Warning]) -> Line:
    investor = hangzhou_rule("tax", v, rule_id="tax_investor")
    employee = hangzhou_rule("tax", v, rule_id="tax_employee")
    if p.tax_role == "both":
        line = _tax_both(p, investor, employee, warnings)
        if v == "V1" and line.points:
            warnings.append(
                Warning(
                    "uncovered.tax_cap_v1",
                    f"V1 的纳税上限未证实，本工具按投资者{investor.cap:g}分、"
                    f"非投资者{employee.cap:g}分计。",
                )
            )
        return line
    rule = investor if p.tax_role == "investor" else employee
    if p.tax_role == "none" or p.tax_yuan < rule.params["base_yuan"]:
        text = "未申报此项。" if p.tax_role == "none" else "纳税额未达到起计标准，不计分。"
        return make_line(rule, 0, text)
    points = _tax_points(rule, p.tax_yuan)
    if v == "V1":
        warnings.append(
            Warning("uncovered.tax_cap_v1", f"试行版的纳税上限未证实，本工具按{rule.cap:g}分计。")
        )
    return make_line(
        rule,
        points,
        f"近{rule.params['window_years']:g}年个税{p.tax_yuan:g}元，得{points:g}分"
        f"（上限{rule.cap:g}分）。",
    )


def _tax_both(p: HangzhouProfile, investor: Rule, employee: Rule, warnings: list[Warning]) -> Line:
    """Investor and wage earner at once: each part under its own standard and cap, added up.

    The sources give the two standards and caps separately and say nothing about a person who is
    both, so the line is marked as our inference and a warning says so.
    """
    by_investor = _tax_points(investor, p.tax_yuan)
    by_wage = _tax_points(employee, p.tax_wage_yuan)
    points = by_investor + by_wage
    # The weaker of the two rules' confidence carries the line (the employee cap is unconfirmed
    # from V3 on); an added-up pair is never more certain than our inference.
    rule = employee if employee.confidence in NOT_CONFIRMED else investor
    if points:
        warnings.append(
            Warning(
                "inference.tax_both",
                "来源分别给出投资者和非投资者的纳税计分标准和上限，没有说明同一个人两种身份都有时"
                "怎样计分；本工具按两部分各自计分、各自封顶后相加，请向受理窗口确认。",
            )
        )
    line = make_line(
        rule,
        points,
        f"作为投资者的个税{p.tax_yuan:g}元得{by_investor:g}分（上限{investor.cap:g}分），"
        f"作为非投资者的个税{p.tax_wage_yuan:g}元得{by_wage:g}分（上限{employee.cap:g}分），"
        f"合计{points:g}分。",
        cap=(investor.cap or 0) + (employee.cap or 0),
    )
    line = replace(line, label="纳税（投资者和非投资者两部分）")
    return replace(line, confidence="inference") if points else line


def _credit(rule: Rule, p: HangzhouProfile, v: str) -> Line:
    if p.credit_role == "none":
        return make_line(rule, 0, "未申报此项。")
    if v == "V1" and p.credit_role != "legal_rep":
        return make_line(rule, 0, "试行版只认企业法定代表人。")
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
                    f"积分截止日前{r.params['window_years']:g}年内按此项扣分{counts[k]}次"
                    f"（同一行为只按最重一项），共{totals[k]:g}分。",
                )
            )
    return lines


# --- what-if candidates --------------------------------------------------------------------------


# What each what-if asks of the person (planning.candidate): the one table candidates() reads.
HZ_EFFORT: dict[str, str] = {
    "education": LIFE,  # a degree
    "education.both": LIFE,  # the missing degree or diploma certificate
    "title_skill": LIFE,  # a certificate not held yet
    "social_insurance": WAIT,  # keep paying
    "employment": LIFE,  # a job or a business (V1)
    "residence_years": WAIT,  # stay registered
    "housing.owned": LIFE,  # a home
    "housing.rent": WAIT,  # keep renting
    "housing.rent.start": LIFE,  # move into a legal rental
    "blood": PAPERWORK,  # one donation, health permitting
    "volunteer": PAPERWORK,  # a few recorded hours
    "donation": PAPERWORK,  # a donation through a recognised channel
}


def candidates(p: HangzhouProfile, base: Result, first_gain: FirstGain) -> Iterator[Candidate]:
    """Changes worth measuring for this profile (``planning.whatifs`` re-scores each)."""
    for level in higher(HZ_EDUCATION, p.education):
        changes: dict[str, Any] = {"education": level, "education_completed": True}
        if level in HZ_DEGREE_LEVELS:
            changes["degree_status"] = "both"
        both = "（学历证书和学位证书）" if level in HZ_DEGREE_LEVELS else ""
        yield Candidate(
            f"education.{level}",
            f"学历提升到：{HZ_EDUCATION[level]}{both}",
            changes,
            None,
            HZ_EFFORT["education"],
            (f"正常毕业取得{HZ_EDUCATION[level]}学历{both}",),
        )
    if p.education in HZ_DEGREE_LEVELS and p.degree_status != "both" and p.education_completed:
        missing = "学位证书" if p.degree_status == "diploma_only" else "学历证书"
        yield Candidate(
            "education.both",
            f"补齐{missing}",
            {"degree_status": "both"},
            None,
            HZ_EFFORT["education.both"],
            (f"取得与现有学历同一层次的{missing}",),
        )
    for level in higher(HZ_TITLE, p.title_skill):
        yield Candidate(
            f"title_skill.{level}",
            f"取得{HZ_TITLE[level]}",
            {"title_skill": level},
            None,
            HZ_EFFORT["title_skill"],
            (f"取得{HZ_TITLE[level]}证书",),
        )

    found = first_gain(lambda k: {"si_months": p.si_months + k}, 12, block=12)
    if found:
        k, changes = found
        yield Candidate(
            "social_insurance",
            f"在杭州市区继续缴纳社保{k}个月",
            changes,
            k,
            HZ_EFFORT["social_insurance"],
            ("同时参加养老和医疗保险，按月缴纳；转入和补缴的月份不计",),
        )

    if not p.employed:
        yield Candidate(
            "employment",
            "签订劳动合同或自主就业",
            {"employed": True},
            None,
            HZ_EFFORT["employment"],
        )

    found = first_gain(lambda k: {"residence_months": p.residence_months + k}, 12)
    if found:
        k, changes = found
        yield Candidate(
            "residence_years",
            f"在杭州市区继续居住登记{k}个月",
            changes,
            k,
            HZ_EFFORT["residence_years"],
        )

    if not p.home_owned:
        yield Candidate(
            "housing.owned",
            "在市区购买住宅并实际居住",
            {"home_owned": True, "home_co_owned": False},
            None,
            HZ_EFFORT["housing.owned"],
        )
    found = first_gain(lambda k: {"rent_months": p.rent_months + k}, 12)
    if found:
        k, changes = found
        if p.rent_months > 0:
            yield Candidate(
                "housing.rent", f"继续合法租住{k}个月", changes, k, HZ_EFFORT["housing.rent"]
            )
        else:
            yield Candidate(
                "housing.rent",
                f"合法租房并租住满{k}个月",
                changes,
                k,
                HZ_EFFORT["housing.rent.start"],
                ("租住的房屋须符合杭州市房屋租赁和出租安全管理的规定",),
            )

    step_ml = int(hangzhou_rule("blood", choose_version(p)[0].id).params["step_ml"])
    found = first_gain(lambda k: {"blood_ml": p.blood_ml + step_ml * k}, 4)
    if found:
        k, changes = found
        yield Candidate(
            "blood",
            f"在杭州无偿献血{step_ml * k}毫升",
            changes,
            0,
            HZ_EFFORT["blood"],
            ("须符合献血的健康要求和间隔规定",),
        )

    hours = p.volunteer_hours
    found = first_gain(lambda k: {"volunteer_hours": float(int(hours) + k)}, 20)
    if found:
        k, changes = found
        added = changes["volunteer_hours"] - hours
        yield Candidate(
            "volunteer",
            f"再做{added:g}小时志愿服务",
            changes,
            0,
            HZ_EFFORT["volunteer"],
            ("服务时长须有记录；只计积分截止日前5年内的时长",),
        )

    found = first_gain(
        lambda k: {"donation_yuan": float(p.donation_yuan + DONATION_SEARCH_STEP * k)}, 10
    )
    if found:
        k, changes = found
        yield Candidate(
            "donation",
            f"通过政府认可的渠道捐赠{DONATION_SEARCH_STEP * k}元",
            changes,
            0,
            HZ_EFFORT["donation"],
            ("只计积分截止日前5年内的捐赠",),
        )


# --- checklist conditions (the ``when`` of a material) -------------------------------------------

CONDITIONS: dict[str, Callable[[HangzhouProfile], bool]] = {
    "hz_domestic_education": (lambda p: p.education != "none" and p.education_origin == "domestic"),
    "hz_degree": (
        lambda p: (
            p.education in HZ_DEGREE_LEVELS
            and p.education_origin == "domestic"
            and p.degree_status != "diploma_only"
        )
    ),
    "hz_hmt_education": lambda p: p.education != "none" and p.education_origin == "hmt",
    "hz_foreign_education": (lambda p: p.education != "none" and p.education_origin == "foreign"),
    "hz_claims_title": lambda p: p.title_skill != "none",
    "hz_claims_si": lambda p: p.si_months > 0,
    # 就业 is a V1-only indicator: its material is listed only for a round scored under V1.
    "hz_v1_employment": lambda p: p.employed and choose_version(p)[0].id == "V1",
    "hz_claims_residence": lambda p: p.residence_months > 0,
    "hz_owned": lambda p: p.home_owned,
    "hz_co_owned": lambda p: p.home_owned and p.home_co_owned,
    "hz_rent": lambda p: p.rent_months >= 12,
    "hz_honours": (
        lambda p: (
            (p.honours_national + p.honours_provincial + p.honours_municipal + p.honours_district)
            > 0
        )
    ),
    "hz_bone_marrow": lambda p: p.bone_marrow,
    "hz_blood": lambda p: p.blood_ml > 0,
    "hz_volunteer": lambda p: p.volunteer_hours > 0,
    "hz_donation": lambda p: p.donation_yuan > 0,
    "hz_tax": lambda p: p.tax_role != "none" and (p.tax_yuan > 0 or p.tax_wage_yuan > 0),
    "hz_credit": lambda p: p.credit_role != "none",
    "hz_patent": (
        lambda p: (p.patents_sole + p.patents_first_coowner + p.patents_other_coowner) > 0
    ),
    "hz_school": lambda p: p.purpose in ("school", "both"),
}
