"""Rule data for both cities: dated, cited, with confidence. Data only: no scoring logic.

Every number the calculator uses lives here, in ``Rule.params``; the scoring modules read it from
here and never hard-code a value. Each rule carries the fields the issue tracker asked for: id,
Chinese label, condition, points, cap, exclusions, prerequisites, effective dates, source (title,
URL, article via ``sources.py``) and confidence. Disagreeing values are kept in ``alternatives``.

Hangzhou rules are scoped to policy versions (V1..V4); the dates come from ``VERSIONS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .sources import Confidence

SHANGHAI = "shanghai"
HANGZHOU = "hangzhou"
CITY_LABELS = {SHANGHAI: "上海", HANGZHOU: "杭州"}


@dataclass(frozen=True)
class Citation:
    source: str  # id in sources.SOURCES
    article: str  # article, clause or section of that source


@dataclass(frozen=True)
class Alternative:
    value: str
    sources: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class PolicyVersion:
    id: str
    city: str
    label: str
    document: str
    effective_from: date
    effective_to: date | None
    scored: bool  # False: values unknown or historical only; the calculator does not score with it
    summary: str
    citation: Citation
    confidence: Confidence
    uncovered_indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    indicator: str
    city: str
    group: str  # gate | basic | bonus | deduction | veto
    label: str
    condition: str
    points: str
    cap: float | None
    exclusions: tuple[str, ...]
    prerequisites: tuple[str, ...]
    effective_from: date
    effective_to: date | None
    citation: Citation
    confidence: Confidence
    params: dict[str, float] = field(default_factory=dict)
    versions: tuple[str, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    also_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class CutoffLine:
    round_id: str
    label: str
    year: int
    points: int | None
    version: str
    citation: Citation
    confidence: Confidence
    alternatives: tuple[Alternative, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class PolicyEvent:
    city: str
    on: date
    title: str
    detail: str
    citation: Citation
    confidence: Confidence


def _d(text: str) -> date:
    return date.fromisoformat(text)


# --------------------------------------------------------------------------------------------
# Policy versions
# --------------------------------------------------------------------------------------------

VERSIONS: tuple[PolicyVersion, ...] = (
    PolicyVersion(
        "SH2013",
        SHANGHAI,
        "2013 试行办法",
        "《上海市居住证积分管理试行办法》",
        _d("2013-07-01"),
        _d("2017-12-31"),
        False,
        "积分制度自2013-07-01起试行；社保基数按最近连续3年计，最高100分；投资纳税最高100分。",
        Citation("SH-S10", "2013年版第七条"),
        "official-reprint",
    ),
    PolicyVersion(
        "SH2018",
        SHANGHAI,
        "2017 办法（2018 年起施行）",
        "《上海市居住证积分管理办法》（沪府发〔2017〕98号）",
        _d("2018-01-01"),
        None,
        True,
        "申请须连续缴纳职工社保满6个月；社保基数改为近4年内累计36个月（3倍为近3年内累计24个月），"
        "最高120分。未找到2022-12-31之后的延期或替代文件，2024年官方英文版仍在发布。",
        Citation("SH-S1", "Art. 1–4"),
        "official",
    ),
    PolicyVersion(
        "V1",
        HANGZHOU,
        "V1 试行版",
        "《杭州市居住证积分管理办法（试行）》（杭政办函〔2017〕129号）",
        _d("2018-01-01"),
        _d("2021-10-14"),
        True,
        "试行版：社保每月0.25分（最高75分）、居住年限每年3分（最高45分）、就业10分，无申请落户的最低分。",
        Citation("HZ-S03", "新华社报道"),
        "official-reprint",
    ),
    PolicyVersion(
        "V2",
        HANGZHOU,
        "V2 2021 版",
        "《杭州市居住证积分管理办法》（杭发改社会〔2021〕177号）",
        _d("2021-10-15"),
        _d("2023-05-07"),
        True,
        "社保每月0.5分（最高120分）、居住年限每年5分（最高100分）、取消就业项，"
        "献血与志愿服务上限提高到20分，企业信用40/80分；积分满100分方可申请落户。",
        Citation("HZ-S28", "杭发改社会〔2021〕177号"),
        "third-party",
    ),
    PolicyVersion(
        "V3",
        HANGZHOU,
        "V3 2023 调整",
        "《关于进一步深化户籍制度改革的实施意见》（杭政办函〔2023〕33号）",
        _d("2023-05-08"),
        _d("2024-06-30"),
        True,
        "年龄改为18—40周岁30分、40周岁以上每增1岁减2分；非投资者纳税上限20→80分；积分达到100分即可落户。",
        Citation("HZ-S28", "杭政办函〔2023〕33号"),
        "third-party",
    ),
    PolicyVersion(
        "V4",
        HANGZHOU,
        "V4 2024 调整",
        "《优化调整“杭州市居住证积分管理指标体系”的公告》",
        _d("2024-07-01"),
        _d("2025-06-15"),
        True,
        "自2024-07-01起购房由30分调为80分。",
        Citation("HZ-S04", "公告（一）—（五）"),
        "official-reprint",
    ),
    PolicyVersion(
        "V5",
        HANGZHOU,
        "2025-06-16 调整（分值未公开）",
        "《关于优化调整“杭州市居住证积分管理指标体系”的公告》",
        _d("2025-06-16"),
        None,
        False,
        "调整了社保、租住合法居住房屋、居住年限、志愿者服务四项，新分值未找到。"
        "本工具对此后的轮次沿用V4分值，并把这四项标为未覆盖。",
        Citation("HZ-S46", "易居研究院报告"),
        "third-party",
        uncovered_indicators=("social_insurance", "housing", "residence_years", "volunteer"),
    ),
)

HANGZHOU_SCORED_VERSIONS = ("V1", "V2", "V3", "V4")

EVENTS: tuple[PolicyEvent, ...] = (
    PolicyEvent(
        SHANGHAI,
        _d("2013-07-01"),
        "积分制度试行",
        "《上海市居住证积分管理试行办法》施行，标准分值为120分。",
        Citation("SH-S6", "Xinhua report"),
        "official-reprint",
    ),
    PolicyEvent(
        SHANGHAI,
        _d("2018-01-01"),
        "2017 办法施行",
        "沪府发〔2017〕98号施行，取代2013年试行办法。",
        Citation("SH-S1", "Art. 1–4"),
        "official",
    ),
    PolicyEvent(
        SHANGHAI,
        _d("2019-11-20"),
        "临港新片区专项加分",
        "在临港新片区工作并居住的，远郊重点区域加分由满5年计入改为满3年计入。",
        Citation("SH-S35", "临港新片区2019年政策"),
        "third-party",
    ),
    PolicyEvent(
        SHANGHAI,
        _d("2024-08-21"),
        "临港新片区人才新政",
        "临港新片区专项加分改为当年计入，不再等待。",
        Citation("SH-S36", "2024-08-21 新闻"),
        "third-party",
    ),
    PolicyEvent(
        HANGZHOU,
        _d("2018-01-01"),
        "V1 试行版施行",
        "杭政办函〔2017〕129号施行。",
        Citation("HZ-S03", "新华社报道"),
        "official-reprint",
    ),
    PolicyEvent(
        HANGZHOU,
        _d("2021-10-15"),
        "V2 施行",
        "杭发改社会〔2021〕177号施行；积分落户改为每年11月受理。",
        Citation("HZ-S28", "杭发改社会〔2021〕177号"),
        "third-party",
    ),
    PolicyEvent(
        HANGZHOU,
        _d("2023-05-08"),
        "V3 调整",
        "新年龄分值；非投资者纳税上限80分；100分可落户。",
        Citation("HZ-S28", "杭政办函〔2023〕33号"),
        "third-party",
    ),
    PolicyEvent(
        HANGZHOU,
        _d("2024-07-01"),
        "V4 调整",
        "购房分值由30分调为80分。",
        Citation("HZ-S04", "公告"),
        "official-reprint",
    ),
    PolicyEvent(
        HANGZHOU,
        _d("2025-06-16"),
        "2025 调整（未覆盖）",
        "社保、租房、居住年限、志愿服务四项调整，新分值未公开，本工具未覆盖。",
        Citation("HZ-S46", "易居研究院报告"),
        "third-party",
    ),
)


def version(version_id: str) -> PolicyVersion:
    for v in VERSIONS:
        if v.id == version_id:
            return v
    raise KeyError(version_id)


def _span(versions: tuple[str, ...]) -> tuple[date, date | None]:
    found = [version(v) for v in versions]
    return found[0].effective_from, found[-1].effective_to


def _rule(
    id: str,
    indicator: str,
    city: str,
    group: str,
    label: str,
    condition: str,
    points: str,
    cap: float | None,
    citation: Citation,
    confidence: Confidence,
    params: dict[str, float] | None,
    versions: tuple[str, ...],
    effective_from: date,
    effective_to: date | None,
    *,
    exclusions: tuple[str, ...],
    prerequisites: tuple[str, ...],
    alternatives: tuple[Alternative, ...],
    also: tuple[str, ...],
) -> Rule:
    """The one constructor both cities' factories use."""
    return Rule(
        id=id,
        indicator=indicator,
        city=city,
        group=group,
        label=label,
        condition=condition,
        points=points,
        cap=cap,
        exclusions=exclusions,
        prerequisites=prerequisites,
        effective_from=effective_from,
        effective_to=effective_to,
        citation=citation,
        confidence=confidence,
        params=params or {},
        versions=versions,
        alternatives=alternatives,
        also_sources=also,
    )


# --------------------------------------------------------------------------------------------
# Shanghai (沪府发〔2017〕98号 and its 实施细则), scored from 2018-01-01
# --------------------------------------------------------------------------------------------

_SH_FROM = _d("2018-01-01")


def _sh(
    id: str,
    group: str,
    label: str,
    condition: str,
    points: str,
    cap: float | None,
    citation: Citation,
    confidence: Confidence,
    params: dict[str, float] | None = None,
    *,
    exclusions: tuple[str, ...] = (),
    prerequisites: tuple[str, ...] = (),
    alternatives: tuple[Alternative, ...] = (),
    also: tuple[str, ...] = (),
    effective_from: date = _SH_FROM,
    effective_to: date | None = None,
    indicator: str = "",
) -> Rule:
    return _rule(
        f"sh.{id}",
        indicator or id,
        SHANGHAI,
        group,
        label,
        condition,
        points,
        cap,
        citation,
        confidence,
        params,
        ("SH2018",),
        effective_from,
        effective_to,
        exclusions=exclusions,
        prerequisites=prerequisites,
        alternatives=alternatives,
        also=also,
    )


SHANGHAI_RULES: tuple[Rule, ...] = (
    _sh(
        "gate_permit",
        "gate",
        "持有有效居住证",
        "持有在有效期内的《上海市居住证》。",
        "准入条件",
        None,
        Citation("SH-S1", "Art. 2"),
        "official",
    ),
    _sh(
        "gate_social_insurance",
        "gate",
        "职工社保满6个月",
        "申请当月在职并缴纳本市职工社保，且申请前12个月内累计缴纳满6个月；补缴月份不计。",
        "准入条件",
        None,
        Citation("SH-S22", "实施细则第二条"),
        "official-reprint",
        {"min_months_in_last_12": 6},
        exclusions=("补缴月份",),
        also=("SH-S1", "SH-S19"),
    ),
    _sh(
        "age",
        "basic",
        "年龄",
        "按周岁计：56—60周岁5分，每年轻1岁加2分，最高30分（43周岁及以下均为30分）。",
        "56—60周岁5分，每年轻1岁+2分",
        30,
        Citation("SH-S11", "第六条（年龄）"),
        "official-reprint",
        {"anchor_age": 56, "anchor_points": 5, "per_year_younger": 2, "max_age": 60},
        exclusions=("60周岁以上：规则未规定分值，本工具计0分并提示",),
        also=("SH-S12",),
    ),
    _sh(
        "education",
        "basic",
        "教育背景",
        "国家承认的学历学位：大专50分，本科60分，本科学历加学士学位90分，硕士100分，博士110分。",
        "50 / 60 / 90 / 100 / 110",
        110,
        Citation("SH-S11", "第六条（教育背景）"),
        "official-reprint",
        {"dazhuan": 50, "benke": 60, "benke_degree": 90, "master": 100, "doctor": 110},
        exclusions=("与专业技术职称和技能等级择高计分，不叠加",),
        prerequisites=("国（境）外学历须经教育部留学服务中心认证",),
        also=("SH-S12", "SH-S27"),
    ),
    _sh(
        "title_skill",
        "basic",
        "专业技术职称和技能等级",
        "技能五级15分、四级30分、三级60分；二级（技师）或中级职称100分；一级（高级技师）或高级职称140分。"
        "证书须在本市工作期间取得且与岗位相符。",
        "15 / 30 / 60 / 100 / 140",
        140,
        Citation("SH-S3", "区政府问答"),
        "official",
        {
            "skill5": 15,
            "skill4": 30,
            "skill3": 60,
            "skill2": 100,
            "mid_title": 100,
            "skill1": 140,
            "senior_title": 140,
            "base_1x_months_required": 6,
        },
        exclusions=("与教育背景择高计分，不叠加",),
        prerequisites=(
            "二级、一级技能及中级、高级职称：近1年内累计6个月社保缴费基数不低于上年度本市职工社会平均工资",
            "证书在本市工作期间取得，专业或工种与岗位相符",
        ),
        also=("SH-S11", "SH-S12"),
    ),
    _sh(
        "education_title_choice",
        "basic",
        "学历与职称择高",
        "教育背景与职称（技能等级）只按较高的一项计分。",
        "两项取高",
        140,
        Citation("SH-S44", "“学历和职称只能二选一”"),
        "third-party",
        also=("SH-S45", "SH-G1", "SH-G2", "SH-G3"),
    ),
    _sh(
        "si_years",
        "basic",
        "社保缴费年限",
        "在本市工作并按月缴纳职工社保，每满1年（12个月）3分。",
        "每满1年3分",
        None,
        Citation("SH-S11", "第六条（社会保险）"),
        "official-reprint",
        {"per_year": 3},
        exclusions=("补缴月份", "缴费单位与劳动合同单位不一致的月份"),
        also=("SH-S9", "SH-S10"),
    ),
    _sh(
        "startup_talent",
        "bonus",
        "创业人才",
        "符合市科委会同相关部门所定条件的创业人才。",
        "120分",
        120,
        Citation("SH-S48", "第七条（一）[推断]"),
        "third-party",
        {"points": 120},
        prerequisites=("条件由市科委等部门另行规定，本工具无法核对",),
        also=("SH-G1", "SH-S49"),
    ),
    _sh(
        "intermediary_talent",
        "bonus",
        "创新创业中介服务人才",
        "符合市科委所定条件的创新创业中介服务人才。",
        "120分",
        120,
        Citation("SH-S48", "第七条（二）[推断]"),
        "third-party",
        {"points": 120},
        prerequisites=("条件由市科委等部门另行规定，本工具无法核对",),
        also=("SH-G1",),
    ),
    _sh(
        "shortage_major",
        "bonus",
        "紧缺急需专业",
        "所学专业列入本市紧缺急需专业目录，且在对应岗位工作。",
        "30分",
        30,
        Citation("SH-S16", "第七条第三款"),
        "official-reprint",
        {"points": 30},
        prerequisites=("专业名称和代码须与目录一致（咨询机构说法）",),
        also=("SH-S17",),
    ),
    _sh(
        "invest_tax",
        "bonus",
        "投资纳税或带动本市户籍人员就业",
        "在本市投资创办企业，按个人投资比例计算，近3个纳税年度内年均纳税额≥10万元，"
        "或年均聘用本市户籍人员≥10人。",
        "每10万元10分，或每10人10分，两者取高",
        120,
        Citation("SH-S10", "第七条（投资纳税）"),
        "unconfirmed",
        {"per_tax_step": 10, "tax_step_yuan": 100000, "per_hire_step": 10, "hire_step": 10},
        alternatives=(
            Alternative("上限100分", ("SH-S10", "SH-S15", "SH-G2"), "2013年版上限为100分"),
            Alternative("按3年纳税总额计算", ("SH-G1",), "与“年均”文字和示例不符，未采用"),
        ),
        also=("SH-S41", "SH-S48", "SH-S38"),
    ),
    _sh(
        "si_base",
        "bonus",
        "社保缴费基数",
        "近4年内累计36个月社保缴费基数达到上年度本市职工社平工资的80%（不足1倍）25分、"
        "1倍（不足2倍）50分、2倍（不足3倍）100分；近3年内累计24个月达到3倍120分。",
        "25 / 50 / 100 / 120",
        120,
        Citation("SH-S8", "第七条（社保缴费基数）"),
        "official-reprint",
        {
            "window_months": 48,
            "months_required": 36,
            "points_080": 25,
            "points_100": 50,
            "points_200": 100,
            "window_months_300": 36,
            "months_required_300": 24,
            "points_300": 120,
        },
        exclusions=("补缴月份", "缴费单位与劳动合同单位不一致", "社保基数与个税基数明显不符"),
        alternatives=(
            Alternative(
                "最近连续3年；≥2倍100分，上限100分", ("SH-S10", "SH-S15"), "2013年版，已被取代"
            ),
        ),
        also=("SH-S9",),
    ),
    _sh(
        "public_service",
        "bonus",
        "特定公共服务领域（环卫）",
        "在本市特定公共服务领域（试行期间为环卫）工作，每满1年4分，满5年后开始计入总积分。",
        "每满1年4分，满5年后计入",
        None,
        Citation("SH-S15", "加分指标（特定公共服务领域）"),
        "third-party",
        {"per_year": 4, "wait_years": 5},
        prerequisites=("满5年后才计入",),
        also=("SH-S38", "SH-G1", "SH-G2"),
    ),
    _sh(
        "remote_area",
        "bonus",
        "远郊重点区域",
        "在本市远郊重点区域（试行期间为临港地区）工作并居住，每满1年2分，满5年后开始计入，最高20分。",
        "每满1年2分",
        20,
        Citation("SH-S15", "加分指标（远郊重点区域）"),
        "third-party",
        {"per_year": 2, "wait_years": 5},
        prerequisites=("满5年后才计入",),
        also=("SH-S38", "SH-G1", "SH-G2"),
        effective_to=None,
    ),
    _sh(
        "lingang_2019",
        "bonus",
        "临港新片区专项加分（2019）",
        "在临港新片区工作并居住的，远郊重点区域加分满3年后计入（每满1年2分，最高20分）。",
        "每满1年2分，满3年后计入",
        20,
        Citation("SH-S35", "临港新片区2019年政策"),
        "third-party",
        {"per_year": 2, "wait_years": 3},
        effective_from=_d("2019-11-20"),
        effective_to=_d("2024-08-20"),
        indicator="remote_area",
        prerequisites=("由用人单位先到临港新片区人才服务窗口申请",),
    ),
    _sh(
        "lingang_2024",
        "bonus",
        "临港新片区专项加分（2024）",
        "在临港新片区工作并居住的，远郊重点区域加分当年计入（每满1年2分，最高20分）。",
        "每满1年2分，当年计入",
        20,
        Citation("SH-S36", "2024-08-21 人才新政"),
        "third-party",
        {"per_year": 2, "wait_years": 0},
        effective_from=_d("2024-08-21"),
        indicator="remote_area",
    ),
    _sh(
        "fresh_graduate",
        "bonus",
        "应届高校毕业生",
        "全日制应届高校毕业生。",
        "10分",
        10,
        Citation("SH-S16", "第七条（应届毕业生）"),
        "official-reprint",
        {"points": 10},
        prerequisites=("“应届”的界定未找到官方说明",),
        also=("SH-S15",),
    ),
    _sh(
        "award",
        "bonus",
        "表彰奖励",
        "在本市工作期间获得列入目录的表彰奖励：市级机关专项性30分，市级机关综合性60分，省部级及以上110分；"
        "只按最高一项计分。",
        "30 / 60 / 110",
        110,
        Citation("SH-S18", "第七条（表彰奖励）"),
        "official-reprint",
        {"city_special": 30, "city_comprehensive": 60, "provincial": 110},
        also=("SH-S19",),
    ),
    _sh(
        "spouse_hukou",
        "bonus",
        "配偶为本市户籍",
        "配偶为本市户籍人员，按结婚年限每满1年4分，最高40分。",
        "每满1年4分",
        40,
        Citation("SH-S15", "加分指标（配偶）"),
        "third-party",
        {"per_year": 4},
        also=("SH-S38", "SH-G1", "SH-G2"),
    ),
    _sh(
        "false_material",
        "deduction",
        "提供虚假材料",
        "申请积分时提供虚假材料，近3年内每次减150分。",
        "每次 −150",
        None,
        Citation("SH-S13", "第八条"),
        "third-party",
        {"per_case": -150, "window_years": 3},
        also=("SH-S14", "SH-G1"),
    ),
    _sh(
        "detention",
        "deduction",
        "行政拘留",
        "近5年内有行政拘留记录，每次减50分。",
        "每次 −50",
        None,
        Citation("SH-S13", "第八条"),
        "third-party",
        {"per_case": -50, "window_years": 5},
        alternatives=(Alternative("3年内", ("SH-G3", "SH-S15"), "回溯期限说法不一"),),
        also=("SH-G1", "SH-G2"),
    ),
    _sh(
        "crime_general",
        "deduction",
        "一般刑事犯罪",
        "近5年内有一般刑事犯罪记录，每次减150分。",
        "每次 −150",
        None,
        Citation("SH-G1", "减分指标"),
        "third-party",
        {"per_case": -150, "window_years": 5},
        alternatives=(Alternative("3年内", ("SH-G3",), "回溯期限说法不一"),),
        also=("SH-G2", "SH-S15"),
    ),
    _sh(
        "veto_family_planning",
        "veto",
        "违反计划生育政策",
        "违反国家或本市计划生育（生育）政策的，不予积分。",
        "一票否决",
        None,
        Citation("SH-S14", "第九条"),
        "third-party",
        prerequisites=("2021年三孩政策后此项是否仍适用，未找到说明",),
        also=("SH-S6",),
    ),
    _sh(
        "veto_serious_crime",
        "veto",
        "严重刑事犯罪",
        "有严重刑事犯罪记录的，不予积分。",
        "一票否决",
        None,
        Citation("SH-S14", "第九条"),
        "third-party",
        also=("SH-S6",),
    ),
)

SHANGHAI_STANDARD_SCORE = Rule(
    id="sh.standard_score",
    indicator="standard_score",
    city=SHANGHAI,
    group="threshold",
    label="标准分值",
    condition="总积分达到120分，可享受相应公共服务。",
    points="120分",
    cap=None,
    exclusions=(),
    prerequisites=(),
    effective_from=_d("2013-07-01"),
    effective_to=None,
    citation=Citation("SH-S6", "Xinhua report"),
    confidence="third-party",
    params={"points": 120},
    versions=("SH2013", "SH2018"),
    also_sources=("SH-S1",),
)


# --------------------------------------------------------------------------------------------
# Hangzhou
# --------------------------------------------------------------------------------------------

_ALL = HANGZHOU_SCORED_VERSIONS
_V2_ON = ("V2", "V3", "V4")


def _hz(
    id: str,
    versions: tuple[str, ...],
    group: str,
    label: str,
    condition: str,
    points: str,
    cap: float | None,
    citation: Citation,
    confidence: Confidence,
    params: dict[str, float] | None = None,
    *,
    exclusions: tuple[str, ...] = (),
    prerequisites: tuple[str, ...] = (),
    alternatives: tuple[Alternative, ...] = (),
    also: tuple[str, ...] = (),
    indicator: str = "",
) -> Rule:
    start, end = _span(versions)
    suffix = "" if versions == _ALL else "." + "_".join(v.lower() for v in versions)
    return _rule(
        f"hz.{id}{suffix}",
        indicator or id,
        HANGZHOU,
        group,
        label,
        condition,
        points,
        cap,
        citation,
        confidence,
        params,
        versions,
        start,
        end,
        exclusions=exclusions,
        prerequisites=prerequisites,
        alternatives=alternatives,
        also=also,
    )


_WINDOW5 = "只计积分截止日前5年内的记录"

HANGZHOU_RULES: tuple[Rule, ...] = (
    _hz(
        "gate_permit",
        _ALL,
        "gate",
        "持有市区居住证",
        "持有杭州市区（不含桐庐、建德、淳安）签发的有效《浙江省居住证》，且未被暂停。",
        "准入条件",
        None,
        Citation("HZ-S01", "第一至五条"),
        "official",
        also=("HZ-S32",),
    ),
    _hz(
        "gate_age",
        _ALL,
        "gate",
        "年满18周岁",
        "年满18周岁，具有完全民事行为能力。",
        "准入条件",
        None,
        Citation("HZ-S23", "申请条件"),
        "third-party",
        {"min_age": 18},
        also=("HZ-S29", "HZ-S30"),
    ),
    _hz(
        "gate_hukou",
        _ALL,
        "gate",
        "非杭州市区户籍",
        "申请人不是杭州市区户籍。",
        "准入条件",
        None,
        Citation("HZ-S23", "申请条件"),
        "third-party",
        also=("HZ-S29",),
    ),
    _hz(
        "age",
        ("V1", "V2"),
        "basic",
        "年龄",
        "按积分截止日的周岁计：56—60周岁5分，每年轻1岁加2分，最高30分（43周岁及以下30分）。",
        "56—60周岁5分，每年轻1岁+2分",
        30,
        Citation("HZ-S23", "基础指标（年龄）"),
        "third-party",
        {"anchor_age": 56, "anchor_points": 5, "per_year_younger": 2, "max_age": 60},
        alternatives=(
            Alternative(
                "18—45周岁30分，46—55周岁15分，56—60周岁5分", ("HZ-S54",), "来源不可靠，未采用"
            ),
        ),
        also=("HZ-S38", "HZ-S44", "HZ-S53"),
    ),
    _hz(
        "age",
        ("V3", "V4"),
        "basic",
        "年龄",
        "按积分截止日的周岁计：18—40周岁（含）30分，40周岁以上每增加1岁减2分，减完为止。",
        "18—40周岁30分，此后每岁−2",
        30,
        Citation("HZ-S28", "杭政办函〔2023〕33号"),
        "unconfirmed",
        {"full_until_age": 40, "full_points": 30, "per_year_over": 2},
    ),
    _hz(
        "education",
        _ALL,
        "basic",
        "文化程度",
        "高中（中职）10分，大专（高职）30分，本科50分，硕士70分，博士90分；本科及以上只有学历或只有学位的，"
        "在该档分值上减10分；结业、肄业不计分。",
        "10 / 30 / 50 / 70 / 90",
        90,
        Citation("HZ-S13", "文化程度指标"),
        "official-reprint",
        {
            "high_school": 10,
            "dazhuan": 30,
            "benke": 50,
            "master": 70,
            "doctor": 90,
            "single_document_penalty": 10,
        },
        exclusions=("与职称（技能）择高计分，不叠加", "结业、肄业不计分"),
        also=("HZ-S23", "HZ-S25"),
    ),
    _hz(
        "title_skill",
        _ALL,
        "basic",
        "专业技术职称或职业技能",
        "正高级职称100分；副高级职称或高级技师（一级）80分；中级职称或技师（二级）60分；"
        "高级工（三级）40分。多个证书只选一项。",
        "40 / 60 / 80 / 100",
        100,
        Citation("HZ-S43", "职称分值"),
        "third-party",
        {
            "skill3": 40,
            "mid_title": 60,
            "skill2": 60,
            "deputy_senior": 80,
            "skill1": 80,
            "full_senior": 100,
        },
        exclusions=("与文化程度择高计分，不叠加", "初级职称、四级、五级的分值未找到，本工具不计分"),
        also=("HZ-S25", "HZ-S38", "HZ-S39", "HZ-S44"),
    ),
    _hz(
        "social_insurance",
        ("V1",),
        "basic",
        "参加社会保险",
        "在杭州市区参加职工养老保险，每月0.25分，最高75分。",
        "每月0.25分",
        75,
        Citation("HZ-S23", "基础指标（社保）"),
        "third-party",
        {"per_month": 0.25},
        exclusions=("从外地转入的月份", "本地补缴月份", "未参加养老保险的不计分"),
        also=("HZ-S44", "HZ-S26"),
    ),
    _hz(
        "social_insurance",
        _V2_ON,
        "basic",
        "参加社会保险",
        "在杭州市区同时参加养老和医疗保险，每月0.5分，最高120分；计至申请前一个月。",
        "每月0.5分",
        120,
        Citation("HZ-S19", "社保指标"),
        "third-party",
        {"per_month": 0.5},
        exclusions=("从市区外转入的月份", "补缴月份", "同一月份不重复计分"),
        prerequisites=("灵活就业人员自缴月份也计分",),
        also=("HZ-S38", "HZ-S31", "HZ-S53"),
    ),
    _hz(
        "employment",
        ("V1",),
        "basic",
        "就业",
        "签订劳动合同、创办企业、个体经营、农业承包或自主就业之一的，计10分。",
        "10分",
        10,
        Citation("HZ-S44", "基础指标（就业）"),
        "third-party",
        {"points": 10},
        also=("HZ-S25", "HZ-S26"),
    ),
    _hz(
        "residence_years",
        ("V1",),
        "basic",
        "居住年限",
        "在杭州市区办理居住登记（暂住证、居住证），每满1年3分，最高45分。",
        "每满1年3分",
        45,
        Citation("HZ-S44", "基础指标（居住年限）"),
        "third-party",
        {"per_year": 3},
        also=("HZ-S25", "HZ-S26"),
    ),
    _hz(
        "residence_years",
        _V2_ON,
        "basic",
        "居住年限",
        "在杭州市区办理居住登记，累计每满12个月5分，最高100分；不满12个月不计。",
        "每满1年5分",
        100,
        Citation("HZ-S12", "居住年限指标"),
        "official-reprint",
        {"per_year": 5},
        also=("HZ-S38", "HZ-S45"),
    ),
    _hz(
        "housing",
        ("V1", "V2", "V3"),
        "basic",
        "合法稳定住所",
        "本人、配偶、父母或子女在市区拥有住宅并实际居住30分；合法租住每满1年6分，最高30分；"
        "购房与租房只按较高的一项计分。",
        "购房30分；租房每年6分（最高30分）",
        30,
        Citation("HZ-S16", "住所指标"),
        "official-reprint",
        {"owned": 30, "rent_per_year": 6, "rent_cap": 30},
        exclusions=("非住宅", "多套房不累计", "违法建筑和群租不计分"),
        prerequisites=("居住登记地址须与计分住房一致",),
        also=("HZ-S23", "HZ-S38"),
    ),
    _hz(
        "housing",
        ("V4",),
        "basic",
        "合法稳定住所",
        "本人、配偶、父母或子女在市区拥有住宅并实际居住80分；合法租住每满1年6分，最高30分；"
        "两者只按较高的一项计分。",
        "购房80分；租房每年6分（最高30分）",
        80,
        Citation("HZ-S04", "公告（一）—（五）"),
        "official-reprint",
        {"owned": 80, "rent_per_year": 6, "rent_cap": 30},
        exclusions=(
            "非住宅",
            "多套房不累计",
            "与杭州户籍人员共同购买的不计分",
            "二手房原户籍未迁出或一年内已被计分的不计分",
        ),
        prerequisites=("居住登记地址须与计分住房一致",),
        also=("HZ-S46",),
    ),
    _hz(
        "honours",
        _ALL,
        "bonus",
        "奖项荣誉",
        "积分截止日前5年内获得的综合性表彰和荣誉称号：国家级每次80分，省级50分，杭州市级30分，"
        "区县级10分；同一事项按最高级别计。",
        "80 / 50 / 30 / 10",
        None,
        Citation("HZ-S41", "加分指标（荣誉）"),
        "third-party",
        {"national": 80, "provincial": 50, "municipal": 30, "district": 10, "window_years": 5},
        exclusions=(_WINDOW5,),
        alternatives=(Alternative("不设上限", ("HZ-S44",), "未找到上限，官方文本未读到"),),
        also=("HZ-S38",),
    ),
    _hz(
        "bone_marrow",
        _ALL,
        "bonus",
        "捐献造血干细胞",
        "通过中华骨髓库配型成功并捐献。",
        "80分",
        80,
        Citation("HZ-S21", "加分指标"),
        "third-party",
        {"points": 80},
        also=("HZ-S38",),
    ),
    _hz(
        "blood",
        ("V1",),
        "bonus",
        "无偿献血",
        "在杭州地区无偿献血，200毫升计1分，每增加100毫升加0.5分，最高10分。",
        "200ml 1分，每100ml +0.5",
        10,
        Citation("HZ-S21", "加分指标"),
        "third-party",
        {"base_ml": 200, "base_points": 1, "step_ml": 100, "per_step": 0.5},
    ),
    _hz(
        "blood",
        _V2_ON,
        "bonus",
        "无偿献血",
        "在杭州地区无偿献血，200毫升计1分，每增加100毫升加0.5分，最高20分；数据共享，无需提交材料。",
        "200ml 1分，每100ml +0.5",
        20,
        Citation("HZ-S14", "无偿献血指标"),
        "official-reprint",
        {"base_ml": 200, "base_points": 1, "step_ml": 100, "per_step": 0.5},
        prerequisites=("机采血小板：2010-01-01前每次折800毫升；此后1单位折200毫升",),
        also=("HZ-S20",),
    ),
    _hz(
        "volunteer",
        ("V1",),
        "bonus",
        "志愿服务",
        "积分截止日前5年内志愿服务每满20小时2分，最高10分。",
        "每20小时2分",
        10,
        Citation("HZ-S21", "加分指标"),
        "third-party",
        {"per_step": 2, "step_hours": 20, "window_years": 5},
        exclusions=(_WINDOW5,),
        also=("HZ-S26",),
    ),
    _hz(
        "volunteer",
        _V2_ON,
        "bonus",
        "志愿服务",
        "积分截止日前5年内志愿服务（含医院志愿服务）每满20小时2分，最高20分。",
        "每20小时2分",
        20,
        Citation("HZ-S38", "加分指标"),
        "third-party",
        {"per_step": 2, "step_hours": 20, "window_years": 5},
        exclusions=(_WINDOW5,),
        also=("HZ-S39", "HZ-S41"),
    ),
    _hz(
        "donation",
        _ALL,
        "bonus",
        "慈善捐赠",
        "积分截止日前5年内通过春风行动等政府认可渠道捐赠，每1000元2分，最高10分。",
        "每1000元2分",
        10,
        Citation("HZ-S41", "加分指标（捐赠）"),
        "third-party",
        {"per_step": 2, "step_yuan": 1000, "window_years": 5},
        exclusions=(_WINDOW5,),
        also=("HZ-S38", "HZ-S39"),
    ),
    _hz(
        "tax_investor",
        _ALL,
        "bonus",
        "纳税（投资者）",
        "自主创业的投资者，近5年在市区缴纳的本人个人所得税：满5万元1分，此后每3万元加1分，最高20分。",
        "5万元1分，每3万元+1",
        20,
        Citation("HZ-S18", "纳税指标"),
        "official-reprint",
        {"base_yuan": 50000, "step_yuan": 30000, "window_years": 5},
        exclusions=(_WINDOW5, "只计本人个人所得税，其他税种和市区以外不计"),
        prerequisites=("V1 的上限未证实，本工具按20分计",),
        also=("HZ-S41",),
        indicator="tax",
    ),
    _hz(
        "tax_employee",
        ("V1", "V2"),
        "bonus",
        "纳税（非投资者）",
        "非投资者近5年在市区缴纳的个人所得税：满1万元1分，此后每5000元加1分，最高20分。",
        "1万元1分，每5000元+1",
        20,
        Citation("HZ-S18", "纳税指标"),
        "official-reprint",
        {"base_yuan": 10000, "step_yuan": 5000, "window_years": 5},
        exclusions=(_WINDOW5,),
        prerequisites=("V1 的上限未证实，本工具按20分计",),
        also=("HZ-S41",),
        indicator="tax",
    ),
    _hz(
        "tax_employee",
        ("V3", "V4"),
        "bonus",
        "纳税（非投资者）",
        "非投资者近5年在市区缴纳的个人所得税：满1万元1分，此后每5000元加1分，最高80分。",
        "1万元1分，每5000元+1",
        80,
        Citation("HZ-S28", "杭政办函〔2023〕33号"),
        "unconfirmed",
        {"base_yuan": 10000, "step_yuan": 5000, "window_years": 5},
        exclusions=(_WINDOW5,),
        indicator="tax",
    ),
    _hz(
        "enterprise_credit",
        ("V1",),
        "bonus",
        "企业信用",
        "本人为在杭企业法定代表人，企业获评守合同重信用或信用管理示范企业，最高10分。",
        "最高10分",
        10,
        Citation("HZ-S26", "修订对比"),
        "unconfirmed",
        {"one_title": 10, "both_titles": 10},
        prerequisites=("V1 只认法定代表人",),
    ),
    _hz(
        "enterprise_credit",
        _V2_ON,
        "bonus",
        "企业信用",
        "本人为在杭企业的法定代表人、董事、监事或高级管理人员，企业获评浙江省AAA级“守合同重信用”"
        "或浙江省/杭州市“信用管理示范企业”的计40分，两项都有的计80分。",
        "40 / 80",
        80,
        Citation("HZ-S17", "企业信用指标"),
        "official-reprint",
        {"one_title": 40, "both_titles": 80},
    ),
    _hz(
        "invention_patent",
        _ALL,
        "bonus",
        "发明专利",
        "在市区工作或学习期间获得授权的发明专利，本人为专利权人的每项20分；多人共有的第一专利权人20分，"
        "其他专利权人减半。",
        "每项20分",
        None,
        Citation("HZ-S41", "加分指标（专利）"),
        "unconfirmed",
        {"sole": 20, "first_coowner": 20, "other_coowner": 10},
        exclusions=("受让取得的专利不计分",),
        alternatives=(Alternative("每项30分，不设上限", ("HZ-S42",), "单一来源且自相矛盾"),),
        also=("HZ-S42",),
    ),
    _hz(
        "crime",
        ("V1",),
        "deduction",
        "刑事犯罪",
        "积分截止日前5年内受过刑事处罚，每次减150分。",
        "每次 −150",
        None,
        Citation("HZ-S47", "试行版办法第五条"),
        "unconfirmed",
        {"per_case": -150, "window_years": 5},
        prerequisites=("V1 分值未证实，按2022年清单计",),
    ),
    _hz(
        "crime",
        _V2_ON,
        "deduction",
        "刑事犯罪",
        "积分截止日前5年内受过刑事处罚，每次减150分；同一行为只按最重的一项扣分。",
        "每次 −150",
        None,
        Citation("HZ-S15", "守法诚信指标"),
        "official-reprint",
        {"per_case": -150, "window_years": 5},
    ),
    _hz(
        "drug_rehab",
        ("V1",),
        "deduction",
        "强制隔离戒毒",
        "积分截止日前5年内被强制隔离戒毒，每次减100分。",
        "每次 −100",
        None,
        Citation("HZ-S47", "试行版办法第五条"),
        "unconfirmed",
        {"per_case": -100, "window_years": 5},
        prerequisites=("V1 分值未证实，按2022年清单计",),
    ),
    _hz(
        "drug_rehab",
        _V2_ON,
        "deduction",
        "强制隔离戒毒",
        "积分截止日前5年内被强制隔离戒毒，每次减100分。",
        "每次 −100",
        None,
        Citation("HZ-S15", "守法诚信指标"),
        "official-reprint",
        {"per_case": -100, "window_years": 5},
    ),
    _hz(
        "detention",
        ("V1",),
        "deduction",
        "行政或司法拘留",
        "积分截止日前5年内受过行政拘留或司法拘留，每次减60分。",
        "每次 −60",
        None,
        Citation("HZ-S47", "试行版办法第五条"),
        "unconfirmed",
        {"per_case": -60, "window_years": 5},
        prerequisites=("V1 分值未证实，按2022年清单计",),
    ),
    _hz(
        "detention",
        _V2_ON,
        "deduction",
        "行政或司法拘留",
        "积分截止日前5年内受过行政拘留或司法拘留，每次减60分。",
        "每次 −60",
        None,
        Citation("HZ-S15", "守法诚信指标"),
        "official-reprint",
        {"per_case": -60, "window_years": 5},
    ),
    _hz(
        "veto_serious_crime",
        _ALL,
        "veto",
        "严重刑事犯罪",
        "因故意杀人、故意伤害致人重伤或死亡、强奸、抢劫、贩卖毒品、放火、爆炸、投放危险物质被判刑，"
        "或被判处5年以上有期徒刑的，不能申请。",
        "一票否决",
        None,
        Citation("HZ-S22", "一票否决"),
        "official-reprint",
        also=("HZ-S47",),
    ),
    _hz(
        "veto_banned_org",
        _ALL,
        "veto",
        "参加国家禁止的组织或活动",
        "参加国家明令禁止的组织或活动的，不能申请。",
        "一票否决",
        None,
        Citation("HZ-S22", "一票否决"),
        "official-reprint",
        also=("HZ-S31",),
    ),
)

HANGZHOU_SETTLE_MINIMUM = _hz(
    "settle_minimum",
    _V2_ON,
    "threshold",
    "申请落户的最低积分",
    "2021年第二批起，积分达到100分方可申请积分落户；2023年起100分即为落户线（原则上）。",
    "100分",
    None,
    Citation("HZ-S29", "申请条件"),
    "third-party",
    {"points": 100},
    also=("HZ-S28", "HZ-S05"),
)

CUTOFF_LINES: tuple[CutoffLine, ...] = (
    CutoffLine(
        "2018",
        "2018年",
        2018,
        130,
        "V1",
        Citation("HZ-S29", "历年分数线"),
        "third-party",
        note="按名额排序划线",
    ),
    CutoffLine(
        "2019",
        "2019年",
        2019,
        125,
        "V1",
        Citation("HZ-S29", "历年分数线"),
        "third-party",
        note="按名额排序划线",
    ),
    CutoffLine(
        "2020",
        "2020年",
        2020,
        120,
        "V1",
        Citation("HZ-S29", "历年分数线"),
        "third-party",
        note="按名额排序划线",
    ),
    CutoffLine(
        "2021R1",
        "2021年第一批（3月）",
        2021,
        135,
        "V1",
        Citation("HZ-S31", "分数线"),
        "third-party",
        note="按名额排序划线",
    ),
    CutoffLine(
        "2021R2",
        "2021年第二批（新办法过渡）",
        2021,
        160,
        "V2",
        Citation("HZ-S31", "分数线"),
        "third-party",
        alternatives=(Alternative("165分", ("HZ-S39",), "单一来源"),),
        note="2022年3月在杭州公安网站公布（据第三方转述）",
    ),
    CutoffLine(
        "2022",
        "2022年",
        2022,
        None,
        "V2",
        Citation("HZ-S38", "分数线"),
        "unconfirmed",
        note="未找到公布的分数线",
    ),
    CutoffLine(
        "2023+",
        "2023年起",
        2023,
        100,
        "V3",
        Citation("HZ-S28", "杭政办函〔2023〕33号"),
        "third-party",
        note="原则上达到100分即可落户，市里可按承载能力调整",
    ),
)


ALL_RULES: tuple[Rule, ...] = (
    SHANGHAI_RULES + (SHANGHAI_STANDARD_SCORE,) + HANGZHOU_RULES + (HANGZHOU_SETTLE_MINIMUM,)
)


_RULES_BY_ID: dict[str, Rule] = {r.id: r for r in ALL_RULES}


def rule_by_id(rule_id: str) -> Rule:
    return _RULES_BY_ID[rule_id]


def shanghai_rule(indicator: str, on: date) -> Rule:
    """The Shanghai rule for an indicator in force on a date (latest start wins)."""
    found = [
        r
        for r in SHANGHAI_RULES
        if r.indicator == indicator
        and r.effective_from <= on
        and (r.effective_to is None or on <= r.effective_to)
    ]
    if not found:
        raise KeyError(f"{indicator}@{on}")
    return max(found, key=lambda r: r.effective_from)


def hangzhou_rule(indicator: str, version_id: str, *, rule_id: str = "") -> Rule:
    """The Hangzhou rule for an indicator under a scored version (``rule_id`` picks a variant)."""
    for r in HANGZHOU_RULES:
        if r.indicator == indicator and version_id in r.versions:
            if not rule_id or r.id.startswith(f"hz.{rule_id}"):
                return r
    raise KeyError(f"{indicator}@{version_id}")


def hangzhou_version_for(on: date) -> PolicyVersion:
    """The Hangzhou version in force for a round opening on ``on`` (V5 included)."""
    found = [v for v in VERSIONS if v.city == HANGZHOU and v.effective_from <= on]
    if not found:
        raise KeyError(str(on))
    return max(found, key=lambda v: v.effective_from)
