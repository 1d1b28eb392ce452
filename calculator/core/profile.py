"""Profile dataclasses: one per city.

Each field's metadata (label, hint, choices, limits, when it is shown, which rule it feeds) is the
single source for validation, the JSON Schema, the profile-format docs page and the browser form.
Profiles hold dates rather than ages so that the same profile can be re-scored at a later date.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Offence:
    """One act on the applicant's record; ``kinds`` lists every deduction item it falls under."""

    date: date
    kinds: tuple[str, ...]


def meta(
    label: str,
    hint: str,
    *,
    choices: dict[str, str] | None = None,
    min: float | None = None,
    max: float | None = None,
    show_if: tuple[str, tuple[Any, ...]] | None = None,
    rule: str | None = None,
    required: bool = False,
    unit: str = "",
    offence_kinds: dict[str, str] | None = None,
) -> dict[str, Any]:
    return {
        "label": label,
        "hint": hint,
        "choices": choices,
        "min": min,
        "max": max,
        "show_if": show_if,
        "rule": rule,
        "required": required,
        "unit": unit,
        "offence_kinds": offence_kinds,
    }


def _f(default: Any, label: str, hint: str, **kw: Any) -> Any:
    return field(default=default, metadata=meta(label, hint, **kw))


def _req(label: str, hint: str, **kw: Any) -> Any:
    return field(metadata=meta(label, hint, required=True, **kw))


_MARRIED = ("marital_status", ("married",))

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
SH_TITLE_NEEDS_BASE = ("skill2", "mid_title", "skill1", "senior_title")
SH_OFFENCES = {
    "false_material": "提供虚假材料",
    "detention": "行政拘留",
    "crime_general": "一般刑事犯罪",
}


@dataclass(frozen=True)
class ShanghaiProfile:
    city: Literal["shanghai"] = _req("城市", "上海或杭州。", choices={"shanghai": "上海"})
    assessment_date: date = _req(
        "评估日期", "按哪一天测算（通常是打算申请的月份）。年龄、年限和回溯期都按这一天计算。"
    )
    birth_date: date = _req("出生日期", "用于计算周岁年龄。", rule="age")
    has_residence_permit: bool = _f(
        True, "持有有效的《上海市居住证》", "居住证须在有效期内。", rule="gate_permit"
    )
    paying_now: bool = _f(
        True,
        "申请当月在职并缴纳本市职工社保",
        "灵活就业或断缴的月份不能申请。",
        rule="gate_social_insurance",
    )
    si_months_last_12: int = _f(
        0,
        "近12个月缴纳本市职工社保的月数",
        "不含补缴；至少6个月才能申请。",
        min=0,
        max=12,
        unit="个月",
        rule="gate_social_insurance",
    )
    si_months_total: int = _f(
        0,
        "累计缴纳本市职工社保的月数",
        "不含补缴，以及缴费单位与劳动合同单位不一致的月份；每满12个月3分。",
        min=0,
        max=600,
        unit="个月",
        rule="si_years",
    )
    education: str = _f(
        "none",
        "最高学历学位",
        "须为国家承认的学历；国外学历须经留学服务中心认证。",
        choices=SH_EDUCATION,
        rule="education",
    )
    education_full_time: bool = _f(
        True,
        "全日制学历",
        "自考、成人、网络教育等非全日制学历分值相同，但需补充毕业生登记表和成绩单。",
        show_if=("education", tuple(k for k in SH_EDUCATION if k != "none")),
        rule="education",
    )
    education_foreign: bool = _f(
        False,
        "国（境）外取得的学历学位",
        "需要教育部留学服务中心的认证书。",
        show_if=("education", tuple(k for k in SH_EDUCATION if k != "none")),
        rule="education",
    )
    title_skill: str = _f(
        "none",
        "职称或技能等级",
        "在本市工作期间取得、与岗位相符的最高一项。",
        choices=SH_TITLE,
        rule="title_skill",
    )
    title_matches_post: bool = _f(
        True,
        "证书在本市工作期间取得且与当前岗位相符",
        "不符合的，该项不计分。",
        show_if=("title_skill", tuple(k for k in SH_TITLE if k != "none")),
        rule="title_skill",
    )
    base_1x_months_last_12: int = _f(
        0,
        "近12个月社保基数不低于社平工资1倍的月数",
        "中级、高级职称和一级、二级技能须累计满6个月。",
        min=0,
        max=12,
        unit="个月",
        show_if=("title_skill", SH_TITLE_NEEDS_BASE),
        rule="title_skill",
    )
    base_months_48_080: int = _f(
        0,
        "近48个月社保基数≥社平工资80%的月数",
        "累计满36个月可得25分起。",
        min=0,
        max=48,
        unit="个月",
        rule="si_base",
    )
    base_months_48_100: int = _f(
        0,
        "近48个月社保基数≥社平工资1倍的月数",
        "累计满36个月50分。",
        min=0,
        max=48,
        unit="个月",
        rule="si_base",
    )
    base_months_48_200: int = _f(
        0,
        "近48个月社保基数≥社平工资2倍的月数",
        "累计满36个月100分。",
        min=0,
        max=48,
        unit="个月",
        rule="si_base",
    )
    base_months_36_300: int = _f(
        0,
        "近36个月社保基数达到社平工资3倍的月数",
        "累计满24个月120分。",
        min=0,
        max=36,
        unit="个月",
        rule="si_base",
    )
    shortage_major: bool = _f(
        False,
        "专业列入紧缺急需专业目录且在对应岗位工作",
        "目录由市人社局发布。",
        rule="shortage_major",
    )
    fresh_graduate: bool = _f(
        False, "全日制应届高校毕业生", "“应届”的界定以官方答复为准。", rule="fresh_graduate"
    )
    invest_avg_tax_yuan: float = _f(
        0,
        "投资企业近3年年均纳税额（按个人投资比例）",
        "年均满10万元起计分。",
        min=0,
        max=1e10,
        unit="元",
        rule="invest_tax",
    )
    invest_avg_hukou_hires: float = _f(
        0,
        "投资企业近3年年均聘用本市户籍人数（按个人投资比例）",
        "年均满10人起计分。",
        min=0,
        max=1e6,
        unit="人",
        rule="invest_tax",
    )
    public_service_years: int = _f(
        0,
        "在特定公共服务领域（环卫）工作的整年数",
        "满5年后才计入总积分。",
        min=0,
        max=50,
        unit="年",
        rule="public_service",
    )
    remote_area: str = _f(
        "none",
        "在远郊重点区域工作并居住",
        "临港新片区有专门的计入规则。",
        choices={"none": "否", "lingang": "临港新片区", "other": "其他远郊重点区域"},
        rule="remote_area",
    )
    remote_area_years: int = _f(
        0,
        "在该区域工作并居住的整年数",
        "每满1年2分，最高20分。",
        min=0,
        max=50,
        unit="年",
        show_if=("remote_area", ("lingang", "other")),
        rule="remote_area",
    )
    award: str = _f(
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
    marital_status: str = _f(
        "single",
        "婚姻状况",
        "已婚的会继续询问配偶情况。",
        choices={"single": "未婚", "married": "已婚", "other": "离异或丧偶"},
    )
    spouse_shanghai_hukou: bool = _f(
        False,
        "配偶为本市户籍",
        "按结婚年限每满1年4分，最高40分。",
        show_if=_MARRIED,
        rule="spouse_hukou",
    )
    marriage_date: date | None = _f(
        None, "结婚登记日期", "用于计算结婚年限。", show_if=_MARRIED, rule="spouse_hukou"
    )
    startup_talent: bool = _f(
        False, "符合条件的创业人才", "条件由市科委等部门规定。", rule="startup_talent"
    )
    intermediary_talent: bool = _f(
        False,
        "符合条件的创新创业中介服务人才",
        "条件由市科委等部门规定。",
        rule="intermediary_talent",
    )
    offences: tuple[Offence, ...] = _f(
        (),
        "不良记录",
        "每一次记录填日期和类型；超过回溯期限的不扣分。",
        offence_kinds=SH_OFFENCES,
        rule="detention",
    )
    veto_family_planning: bool = _f(
        False, "有违反计划生育政策的情形", "属于一票否决项。", rule="veto_family_planning"
    )
    veto_serious_crime: bool = _f(
        False, "有严重刑事犯罪记录", "属于一票否决项。", rule="veto_serious_crime"
    )
    dispatched_worker: bool = _f(False, "劳务派遣员工", "需另交派遣协议和派遣岗位协议。")
    collective_hukou: bool = _f(False, "户籍为集体户口", "户籍证明的材料不同。")


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
    city: Literal["hangzhou"] = _req("城市", "上海或杭州。", choices={"hangzhou": "杭州"})
    assessment_date: date = _req(
        "本轮受理开始日期",
        "积分落户或入学轮次开始受理的日期；指标计算到它前一个月的1日（积分截止日）。",
    )
    birth_date: date = _req("出生日期", "按积分截止日计算周岁。", rule="age")
    purpose: str = _f(
        "settle",
        "申请用途",
        "落户有分数线；入学按积分排序。",
        choices={"settle": "积分落户", "school": "积分入学", "both": "两者都申请"},
    )
    policy_version: str = _f(
        "auto",
        "政策版本",
        "一般选“按日期自动”；只在核对历史结果时指定。",
        choices={
            "auto": "按日期自动",
            "V1": "V1 试行版",
            "V2": "V2 2021版",
            "V3": "V3 2023调整",
            "V4": "V4 2024调整",
        },
    )
    has_urban_permit: bool = _f(
        True, "持有杭州市区签发的有效居住证", "桐庐、建德、淳安不在范围内。", rule="gate_permit"
    )
    hangzhou_urban_hukou: bool = _f(
        False, "已是杭州市区户籍", "市区户籍人员不能申请。", rule="gate_hukou"
    )
    education: str = _f(
        "none", "最高学历", "与职称择高计分。", choices=HZ_EDUCATION, rule="education"
    )
    degree_status: str = _f(
        "both",
        "学历证书与学位证书",
        "本科及以上只有其中一项的，减10分。",
        choices={"both": "两者都有", "diploma_only": "只有学历证书", "degree_only": "只有学位证书"},
        show_if=("education", HZ_DEGREE_LEVELS),
        rule="education",
    )
    education_completed: bool = _f(
        True,
        "正常毕业（非结业、肄业）",
        "结业、肄业不计分。",
        show_if=("education", tuple(k for k in HZ_EDUCATION if k != "none")),
        rule="education",
    )
    education_origin: str = _f(
        "domestic",
        "学历取得地",
        "港澳台和国外学历需认证书。",
        choices={"domestic": "中国大陆", "hmt": "港澳台", "foreign": "国外"},
        show_if=("education", tuple(k for k in HZ_EDUCATION if k != "none")),
        rule="education",
    )
    title_skill: str = _f(
        "none",
        "职称或职业技能等级",
        "多个证书只选最高的一项。",
        choices=HZ_TITLE,
        rule="title_skill",
    )
    si_months: int = _f(
        0,
        "在杭州市区缴纳社保的月数",
        "2021版起须同时参加养老和医疗保险；不含转入和补缴的月份。",
        min=0,
        max=600,
        unit="个月",
        rule="social_insurance",
    )
    employed: bool = _f(
        False,
        "有劳动合同或自主就业",
        "只在V1试行版（2021年10月前的轮次）计10分。",
        rule="employment",
    )
    residence_months: int = _f(
        0,
        "在杭州市区累计居住登记的月数",
        "暂住证、居住证、居住登记都算；每满12个月计1年。",
        min=0,
        max=1200,
        unit="个月",
        rule="residence_years",
    )
    home_owned: bool = _f(
        False,
        "本人、配偶、父母或子女在市区有住宅并实际居住",
        "居住登记地址须与该住宅一致。",
        rule="housing",
    )
    home_co_owned: bool = _f(
        False,
        "该住宅为共有产权",
        "共有人须都不是杭州户籍。",
        show_if=("home_owned", (True,)),
        rule="housing",
    )
    rent_months: int = _f(
        0,
        "合法租住的月数",
        "每满12个月6分，最高30分；与购房择高计分。",
        min=0,
        max=1200,
        unit="个月",
        rule="housing",
    )
    honours_national: int = _f(
        0,
        "近5年国家级综合表彰次数",
        "积分截止日前5年内。",
        min=0,
        max=50,
        unit="次",
        rule="honours",
    )
    honours_provincial: int = _f(
        0,
        "近5年省级综合表彰次数",
        "同一事项按最高级别计。",
        min=0,
        max=50,
        unit="次",
        rule="honours",
    )
    honours_municipal: int = _f(
        0,
        "近5年杭州市级综合表彰次数",
        "同一事项按最高级别计。",
        min=0,
        max=50,
        unit="次",
        rule="honours",
    )
    honours_district: int = _f(
        0,
        "近5年区、县（市）级综合表彰次数",
        "同一事项按最高级别计。",
        min=0,
        max=50,
        unit="次",
        rule="honours",
    )
    bone_marrow: bool = _f(
        False, "通过中华骨髓库捐献过造血干细胞", "配型成功并实际捐献。", rule="bone_marrow"
    )
    blood_ml: int = _f(
        0,
        "在杭州地区累计无偿献血量",
        "机采血小板按规定折算成毫升。",
        min=0,
        max=100000,
        unit="毫升",
        rule="blood",
    )
    volunteer_hours: float = _f(
        0, "近5年志愿服务时长", "每满20小时2分。", min=0, max=100000, unit="小时", rule="volunteer"
    )
    donation_yuan: float = _f(
        0,
        "近5年政府认可渠道的慈善捐赠",
        "每1000元2分，最高10分。",
        min=0,
        max=1e9,
        unit="元",
        rule="donation",
    )
    tax_role: str = _f(
        "none",
        "纳税身份",
        "投资者与非投资者的计分标准不同。",
        choices={
            "none": "不申报",
            "investor": "自主创业投资者",
            "employee": "非投资者（工资薪金等）",
        },
        rule="tax",
    )
    tax_yuan: float = _f(
        0,
        "近5年在市区缴纳的本人个人所得税",
        "只计本人个税。",
        min=0,
        max=1e10,
        unit="元",
        show_if=("tax_role", ("investor", "employee")),
        rule="tax",
    )
    credit_role: str = _f(
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
    credit_titles: str = _f(
        "one",
        "企业获得的信用称号",
        "两项都有的计80分。",
        choices={"one": "其中一项", "both": "两项都有"},
        show_if=("credit_role", ("legal_rep", "director", "supervisor", "senior_manager")),
        rule="enterprise_credit",
    )
    patents_sole: int = _f(
        0,
        "本人独有的发明专利数",
        "在市区工作或学习期间授权。",
        min=0,
        max=500,
        unit="项",
        rule="invention_patent",
    )
    patents_first_coowner: int = _f(
        0,
        "共有且本人为第一专利权人的发明专利数",
        "每项20分。",
        min=0,
        max=500,
        unit="项",
        rule="invention_patent",
    )
    patents_other_coowner: int = _f(
        0,
        "共有且本人为其他专利权人的发明专利数",
        "每项减半计分。",
        min=0,
        max=500,
        unit="项",
        rule="invention_patent",
    )
    offences: tuple[Offence, ...] = _f(
        (),
        "违法犯罪记录",
        "每一次行为填一行；同一行为只按最重的一项扣分。",
        offence_kinds=HZ_OFFENCES,
        rule="crime",
    )
    veto_serious_crime: bool = _f(
        False, "有严重刑事犯罪记录", "属于一票否决项。", rule="veto_serious_crime"
    )
    veto_banned_org: bool = _f(
        False, "参加过国家明令禁止的组织或活动", "属于一票否决项。", rule="veto_banned_org"
    )


Profile = ShanghaiProfile | HangzhouProfile
PROFILE_TYPES: dict[str, type[ShanghaiProfile] | type[HangzhouProfile]] = {
    "shanghai": ShanghaiProfile,
    "hangzhou": HangzhouProfile,
}


def profile_fields(city: str) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(PROFILE_TYPES[city])


def to_dict(profile: Profile) -> dict[str, Any]:
    """JSON-ready dict of a profile (dates as ISO strings)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(profile):
        out[f.name] = _jsonable(getattr(profile, f.name))
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Offence):
        return {"date": value.date.isoformat(), "kinds": list(value.kinds)}
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value
