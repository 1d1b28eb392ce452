"""Materials data per city and indicator (data only; ``checklist.py`` selects from it).

``when`` names a condition in ``checklist.CONDITIONS``: the item is listed only when it holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rules import Citation
from .sources import Confidence

ORIGINAL_AND_COPY = "原件核对，留复印件"
PHOTO_OR_ORIGINAL = "线上拍照上传；线下带原件，由工作人员拍照"
NOTHING_TO_SUBMIT = "无需提交（部门数据共享或系统调取）"


@dataclass(frozen=True)
class Material:
    id: str
    city: str
    indicator: str  # "basic" for materials everyone needs
    name: str
    why: str
    original: str
    where: str
    citation: Citation
    confidence: Confidence
    when: str = ""
    note: str = ""


def _m(id: str, city: str, indicator: str, name: str, why: str, original: str, where: str,
       citation: Citation, confidence: Confidence, when: str = "", note: str = "") -> Material:
    return Material(id, city, indicator, name, why, original, where, citation, confidence, when, note)


_SH_BASIC = Citation("SH-S27", "个人书面材料清单（基本材料）")
_SH_ITEM = Citation("SH-S27", "个人书面材料清单（积分对应材料）")

SHANGHAI_MATERIALS: tuple[Material, ...] = (
    _m("sh.basic.hr_letter", "shanghai", "basic", "单位人事专员介绍信及人事专员身份证",
       "只能由用人单位代为申请，窗口凭介绍信受理（实施细则第三、四条）。", "介绍信原件；身份证原件",
       "用人单位人事部门", _SH_BASIC, "official-reprint"),
    _m("sh.basic.permit", "shanghai", "basic", "《上海市居住证》",
       "申请条件：持有有效居住证（办法第二条）。", ORIGINAL_AND_COPY, "本人持有",
       _SH_BASIC, "official-reprint"),
    _m("sh.basic.form", "shanghai", "basic", "《上海市居住证积分申请表》（加盖单位公章）",
       "网上填写、单位审核后打印的申请表（实施细则第四条）。", "打印件，加盖公章",
       "居住证积分管理信息系统，单位审核通过后打印", _SH_BASIC, "official-reprint",
       note="单位审核通过后本人不能再修改，需要改动时由单位到窗口撤回。"),
    _m("sh.basic.id", "shanghai", "basic", "本人有效身份证", "核对身份（实施细则第四条）。",
       ORIGINAL_AND_COPY, "本人持有", _SH_BASIC, "official-reprint"),
    _m("sh.basic.hukou", "shanghai", "basic", "户籍证明：户口簿首页（含详细地址）和本人页",
       "核对户籍信息（实施细则第四条）。", ORIGINAL_AND_COPY, "户籍所在地家庭保管的户口簿",
       _SH_BASIC, "official-reprint", when="not_collective_hukou"),
    _m("sh.basic.hukou_collective", "shanghai", "basic",
       "集体户口：派出所出具的户籍证明，或集体户口首页和本人页",
       "集体户口没有家庭户口簿，用这些材料代替（实施细则第四条）。", ORIGINAL_AND_COPY,
       "集体户口所在单位或派出所", _SH_BASIC, "official-reprint", when="collective_hukou"),
    _m("sh.basic.contract", "shanghai", "basic", "劳动（聘用）合同",
       "证明在本市就业；合同期限至少1年，且剩余期限超过2个月（2020年版清单的说法）。",
       ORIGINAL_AND_COPY, "用人单位", _SH_BASIC, "third-party"),
    _m("sh.basic.dispatch", "shanghai", "basic", "劳务派遣协议和派遣岗位协议",
       "劳务派遣员工须另交，用来对应实际用工单位和岗位。", ORIGINAL_AND_COPY, "派遣单位与用工单位",
       _SH_BASIC, "official-reprint", when="dispatched_worker"),
    _m("sh.basic.licence", "shanghai", "basic",
       "单位营业执照（或事业单位法人登记证等）及统一社会信用代码证明",
       "核对用人单位身份（实施细则第四条）。", "复印件（加盖公章）", "用人单位", _SH_BASIC,
       "official-reprint"),
    _m("sh.education.certificates", "shanghai", "education", "学历证书和学位证书",
       "申报教育背景分（办法第六条）。", ORIGINAL_AND_COPY, "本人持有；遗失的向毕业院校申请证明",
       _SH_ITEM, "official-reprint", when="claims_education"),
    _m("sh.education.chsi", "shanghai", "education", "学信网《教育部学历证书电子注册备案表》和学位认证报告",
       "咨询机构建议准备，便于核验学历学位。", "打印件", "学信网（chsi.com.cn）、学位网",
       Citation("SH-S27", "积分对应材料（咨询机构补充）"), "third-party", when="claims_domestic_education"),
    _m("sh.education.non_full_time", "shanghai", "education", "毕业生登记表和成绩单（或其他学习证明）",
       "自考、成人、网络教育等非全日制学历须补充（材料清单）。", ORIGINAL_AND_COPY,
       "毕业院校或人事档案", _SH_ITEM, "official-reprint", when="non_full_time_education",
       note="咨询机构称外省市非全日制学历还要“三地一致”，未找到官方条文。"),
    _m("sh.education.foreign", "shanghai", "education", "教育部留学服务中心学历学位认证书",
       "国（境）外学历须经认证才计分。", ORIGINAL_AND_COPY, "教育部留学服务中心（网上申请）",
       _SH_ITEM, "official-reprint", when="foreign_education"),
    _m("sh.education.archive", "shanghai", "education", "人事档案（含毕业生登记表、成绩单、学位授予记录）",
       "审核时会发外调函调阅档案核对学历和工作经历；档案须通过机要渠道转递。", "由档案保管机构机要转递",
       "人事档案保管机构（人才中心、学校等）", Citation("SH-S31", "亲历记录"), "third-party",
       when="claims_education"),
    _m("sh.title.certificate", "shanghai", "title_skill", "职称证书或职业资格证书，以及单位聘书",
       "申报职称或技能等级分；证书须在本市工作期间取得、与岗位相符（办法第六条）。", ORIGINAL_AND_COPY,
       "本人持有；聘书由用人单位出具", _SH_ITEM, "official-reprint", when="claims_title"),
    _m("sh.title.other_province", "shanghai", "title_skill", "外省市技能证书的本市复评或验证证明",
       "外省市取得的三级及以上技能证书须经本市复评或验证（实施细则）。", ORIGINAL_AND_COPY,
       "本市职业技能鉴定机构", Citation("SH-S29", "实施细则转载"), "official-reprint",
       when="claims_skill_level", note="只在证书是外省市取得时需要。"),
    _m("sh.si.records", "shanghai", "si_years", "社保缴费记录",
       "社保年限和基数由审核人员从社保记录核对，也会核对社保基数与个税基数是否相符。",
       NOTHING_TO_SUBMIT, "审核人员调取；可在随申办查询核对",
       Citation("SH-S28", "审核内容"), "third-party"),
    _m("sh.si.tax_records", "shanghai", "si_base", "近6个月个人所得税和社保缴纳证明",
       "部分申请者反映审核时会要求，用来核对基数。", "打印件", "个人所得税APP、随申办",
       Citation("SH-S31", "亲历记录"), "unconfirmed", when="claims_si_base"),
    _m("sh.invest.documents", "shanghai", "invest_tax",
       "验资报告、工商档案机读材料、近3个纳税年度本市纳税证明（或聘用本市户籍人员证明）",
       "申报投资纳税加分（办法第七条）。", ORIGINAL_AND_COPY, "企业、市场监管部门、税务部门",
       Citation("SH-S28", "审核内容"), "third-party", when="claims_invest"),
    _m("sh.award.certificate", "shanghai", "award", "表彰奖励证书",
       "在本市工作期间获得、列入目录的市级机关及以上表彰（办法第七条）。", ORIGINAL_AND_COPY, "本人持有",
       Citation("SH-S18", "表彰奖励"), "official-reprint", when="claims_award"),
    _m("sh.spouse.documents", "shanghai", "spouse_hukou", "结婚证、配偶身份证和配偶户籍证明",
       "申报配偶为本市户籍加分。", ORIGINAL_AND_COPY, "本人和配偶持有", Citation("SH-S31", "亲历记录"),
       "third-party", when="claims_spouse"),
    _m("sh.lingang.window", "shanghai", "remote_area", "临港新片区人才服务窗口的专项加分申请",
       "临港新片区专项加分由用人单位先到该窗口申请。", "由用人单位办理", "临港新片区人才服务窗口",
       Citation("SH-S35", "临港新片区2019年政策"), "third-party", when="claims_lingang"),
    _m("sh.remote.other", "shanghai", "remote_area", "在远郊重点区域工作并居住的证明",
       "申报远郊重点区域加分；具体材料未找到，请向区人才服务中心确认。", "以窗口要求为准",
       "区人才服务中心", Citation("SH-S15", "加分指标"), "unconfirmed", when="claims_other_remote"),
    _m("sh.shortage.documents", "shanghai", "shortage_major", "显示岗位的劳动合同和岗位说明",
       "紧缺急需专业须岗位对口；专业名称不同但代码相同时，另附学校出具的专业代码证明。",
       ORIGINAL_AND_COPY, "用人单位、毕业院校", Citation("SH-S17", "紧缺急需专业"), "third-party",
       when="claims_shortage"),
    _m("sh.public_service.documents", "shanghai", "public_service", "在特定公共服务领域工作的证明",
       "申报环卫等特定公共服务领域加分；具体材料未找到，请向区人才服务中心确认。", "以窗口要求为准",
       "区人才服务中心", Citation("SH-S15", "加分指标"), "unconfirmed", when="claims_public_service"),
    _m("sh.fresh_graduate.documents", "shanghai", "fresh_graduate", "应届毕业的证明",
       "申报应届毕业生加分；具体材料未找到，请向区人才服务中心确认。", "以窗口要求为准",
       "毕业院校、区人才服务中心", Citation("SH-S16", "第七条"), "unconfirmed", when="claims_fresh_graduate"),
    _m("sh.talent.documents", "shanghai", "startup_talent", "创业人才或中介服务人才的认定材料",
       "条件由市科委等部门规定；具体材料未找到，请向区人才服务中心确认。", "以窗口要求为准",
       "市科委、区人才服务中心", Citation("SH-S48", "直接积120分"), "unconfirmed", when="claims_talent"),
)

_HZ_GUIDE = Citation("HZ-S02", "2020年双轨制办理指南")

HANGZHOU_MATERIALS: tuple[Material, ...] = (
    _m("hz.basic.application", "hangzhou", "basic", "积分申请：警察叔叔APP线上填报，或窗口填写《杭州市居住证积分管理申请表》",
       "线上逐项拍照上传；线下由工作人员拍照录入并签收《积分申请回执单》。", "线上提交后不能修改，可先存草稿",
       "警察叔叔APP（首页→流动人口→积分申请）或居住地的积分受理窗口", _HZ_GUIDE, "official-reprint"),
    _m("hz.basic.permit", "hangzhou", "basic", "《浙江省居住证》和本人身份证",
       "申请条件：持有市区居住证；提出异议时也要带居住证。", PHOTO_OR_ORIGINAL, "本人持有",
       Citation("HZ-S11", "2022年办理指南"), "official-reprint"),
    _m("hz.education.chsi", "hangzhou", "education", "学信网《教育部学历证书电子注册备案表》",
       "2001年及以后取得的学历用备案表证明，无需学历证书原件。", "打印件或截图", "学信网（chsi.com.cn）",
       Citation("HZ-S13", "文化程度印证材料"), "official-reprint", when="hz_domestic_education"),
    _m("hz.education.degree", "hangzhou", "education", "学位网查询结果截图",
       "2008-09-01以后取得的学位用学位网查询截图证明。", "截图", "中国学位与研究生教育信息网",
       Citation("HZ-S13", "文化程度印证材料"), "official-reprint", when="hz_degree"),
    _m("hz.education.old", "hangzhou", "education", "学历学位证书本身（2001年前学历、2008年9月前学位或军队院校）",
       "这些证书在学信网或学位网查不到，直接用证书；遗失的用学历认证报告或学位认证报告。",
       PHOTO_OR_ORIGINAL, "本人持有；遗失的向学信网申请认证报告", Citation("HZ-S13", "文化程度印证材料"),
       "official-reprint", when="hz_domestic_education",
       note="只在学历学位取得得早或来自军队院校时需要。"),
    _m("hz.education.hmt", "hangzhou", "education", "学历学位证书和《港澳台学历学位认证书》",
       "港澳台学历须经教育部留学服务中心认证。", PHOTO_OR_ORIGINAL, "教育部留学服务中心",
       Citation("HZ-S13", "文化程度印证材料"), "official-reprint", when="hz_hmt_education"),
    _m("hz.education.foreign", "hangzhou", "education", "国外学历学位认证书（教育部留学服务中心）",
       "国外学历所需材料未找到官方说明，预计与港澳台学历相同，请向受理窗口确认。", PHOTO_OR_ORIGINAL,
       "教育部留学服务中心", Citation("HZ-S13", "文化程度印证材料"), "unconfirmed",
       when="hz_foreign_education"),
    _m("hz.title.certificate", "hangzhou", "title_skill", "职称证书或职业技能等级证书（选一项）",
       "申报职称或技能分；所需形式未找到官方说明。", PHOTO_OR_ORIGINAL, "本人持有",
       Citation("HZ-S43", "职称分值"), "unconfirmed", when="hz_claims_title"),
    _m("hz.si.records", "hangzhou", "social_insurance", "社保缴费记录", "社保月数由系统按记录计算。",
       NOTHING_TO_SUBMIT, "可在浙里办或社保部门查询核对", Citation("HZ-S19", "社保指标"), "third-party",
       when="hz_claims_si"),
    _m("hz.employment.contract", "hangzhou", "employment", "劳动合同、营业执照或承包合同（任选其一）",
       "V1 试行版的就业项。", PHOTO_OR_ORIGINAL, "用人单位或本人", Citation("HZ-S44", "就业"),
       "third-party", when="hz_claims_employment"),
    _m("hz.residence.none", "hangzhou", "residence_years", "居住登记记录", "居住年限由公安系统数据计算。",
       NOTHING_TO_SUBMIT, "公安系统", Citation("HZ-S12", "居住年限指标"), "official-reprint",
       when="hz_claims_residence"),
    _m("hz.housing.title", "hangzhou", "housing", "房屋所有权证或不动产权证书",
       "证明在市区拥有住宅；居住登记地址须与该住宅一致（2024年公告）。", PHOTO_OR_ORIGINAL,
       "本人或家庭成员持有", Citation("HZ-S04", "公告（三）"), "official-reprint", when="hz_owned"),
    _m("hz.housing.presale", "hangzhou", "housing", "未发证时：《商品房预售合同》和《商品房交接书》",
       "新房尚未办出产权证时用这两份材料代替。", PHOTO_OR_ORIGINAL, "开发商、本人",
       Citation("HZ-S04", "公告（三）"), "official-reprint", when="hz_owned",
       note="只在尚未取得产权证时需要。"),
    _m("hz.housing.co_owned", "hangzhou", "housing", "共有产权的说明（共同共有须约定一人计分）",
       "共有人须都不是杭州户籍；按份共有只计份额最大者；与杭州户籍人员共同购买的不计分。",
       PHOTO_OR_ORIGINAL, "全体共有人", Citation("HZ-S04", "公告（四）"), "official-reprint",
       when="hz_co_owned"),
    _m("hz.housing.rent", "hangzhou", "housing", "合法租赁的证明（租赁登记或租赁合同）",
       "租住须符合本市租赁管理规定，居住登记地址须为该住房；具体证明形式未找到。", PHOTO_OR_ORIGINAL,
       "出租人、街道或派出所", Citation("HZ-S16", "住所指标"), "unconfirmed", when="hz_rent"),
    _m("hz.honours.certificate", "hangzhou", "honours", "表彰证书或表彰文件",
       "申报奖项荣誉；所需材料未找到官方说明。", PHOTO_OR_ORIGINAL, "本人持有或颁发机关",
       Citation("HZ-S41", "加分指标"), "unconfirmed", when="hz_honours"),
    _m("hz.bone_marrow.proof", "hangzhou", "bone_marrow", "造血干细胞捐献证明",
       "申报骨髓捐献；所需材料未找到官方说明。", PHOTO_OR_ORIGINAL, "中华骨髓库浙江分库",
       Citation("HZ-S21", "加分指标"), "unconfirmed", when="hz_bone_marrow"),
    _m("hz.blood.none", "hangzhou", "blood", "献血记录", "献血数据与市献血服务中心共享，无需提交。",
       NOTHING_TO_SUBMIT, "市献血服务中心", Citation("HZ-S14", "无偿献血指标"), "official-reprint",
       when="hz_blood"),
    _m("hz.volunteer.record", "hangzhou", "volunteer", "志愿服务时长记录",
       "申报志愿服务；可能直接调取志愿汇数据，未找到官方说明。", "以窗口要求为准", "志愿汇等平台",
       Citation("HZ-S38", "加分指标"), "unconfirmed", when="hz_volunteer"),
    _m("hz.donation.receipt", "hangzhou", "donation", "捐赠票据或春风行动捐赠记录",
       "申报慈善捐赠；所需材料未找到官方说明。", PHOTO_OR_ORIGINAL, "受赠机构",
       Citation("HZ-S41", "加分指标"), "unconfirmed", when="hz_donation"),
    _m("hz.tax.record", "hangzhou", "tax", "《中华人民共和国个人所得税纳税记录》（2019年前为完税证明）",
       "申报纳税加分，只计本人在市区缴纳的个人所得税。", "线上截图；线下原件或打印件",
       "个人所得税APP、自然人电子税务局或办税服务厅自助机", Citation("HZ-S18", "纳税指标材料"),
       "official-reprint", when="hz_tax"),
    _m("hz.credit.documents", "hangzhou", "enterprise_credit", "企业营业执照和信用称号文件或证书",
       "证明本人在获评企业担任法定代表人、董事、监事或高管。", PHOTO_OR_ORIGINAL, "所在企业",
       Citation("HZ-S17", "企业信用材料"), "official-reprint", when="hz_credit"),
    _m("hz.patent.certificate", "hangzhou", "invention_patent", "国家知识产权局发明专利证书",
       "申报发明专利。", PHOTO_OR_ORIGINAL, "本人持有", Citation("HZ-S42", "专利"), "unconfirmed",
       when="hz_patent"),
    _m("hz.school.extra", "hangzhou", "school", "子女和父母的居住证、户口本或出生证明、区入学申请表",
       "积分入学另需的材料（以萧山区2021年为例，各区可能不同）。", PHOTO_OR_ORIGINAL,
       "本人持有；申请表在窗口领取", Citation("HZ-S37", "萧山区2021年通知"), "official-reprint",
       when="hz_school"),
)

ALL_MATERIALS = SHANGHAI_MATERIALS + HANGZHOU_MATERIALS
