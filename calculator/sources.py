"""Cited sources for every rule, material and process step.

Source IDs follow the research files in ``shared/policy/`` (S1... for Shanghai, S01... for Hangzhou),
prefixed with the city so the two numbering schemes never collide: ``SH-S3``, ``HZ-S13``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Confidence = Literal["official", "official-reprint", "third-party", "unconfirmed"]

CONFIDENCE_LABELS: dict[str, str] = {
    "official": "官方原文",
    "official-reprint": "官方文本（转载）",
    "third-party": "第三方",
    "unconfirmed": "未证实",
}

CONFIDENCE_EXPLAINED: dict[str, str] = {
    "official": "出自政府网站上的原文。",
    "official-reprint": "官方文件或官方媒体的内容，但只通过转载读到，且至少两处转载一致。",
    "third-party": "多个独立的第三方（咨询机构、问答网站、计算器代码）说法一致，未找到官方原文。",
    "unconfirmed": "只有单一来源、来源之间有冲突，或是本项目的推断，请以官方答复为准。",
}


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str
    date: str
    kind: str


def _s(id: str, title: str, url: str, date: str, kind: str) -> Source:
    return Source(id=id, title=title, url=url, date=date, kind=kind)


SOURCES: tuple[Source, ...] = (
    # --- Shanghai -------------------------------------------------------------------------
    _s("SH-S1", "Administrative Procedures of Shanghai Municipality for Residence Card Points "
       "（上海市居住证积分管理办法，沪府发〔2017〕98号，官方英文译本）",
       "https://english.shanghai.gov.cn/en-Bulletin/20240921/b1365d47af0c4ce395a4f6d6e2c1bb5c.html",
       "2017-12-28（2024-09-21 重新发布）", "官方（市政府英文译本）"),
    _s("SH-S3", "崇明区政府知识库：《上海市居住证》积分的专业技术职称和技能等级指标分值是多少？",
       "http://shcm.gov.cn/zmhd/004008/004008013/20210911/609a41c0-960e-436f-9b7f-72e8353aaefd.html",
       "2021-09-11", "官方（区政府问答）"),
    _s("SH-S6", "Xinhua: Points System Widens Education Options to Non-locals' Children",
       "http://en.chinagate.cn/2013-06/19/content_29165723.htm", "2013-06-19", "官方媒体"),
    _s("SH-S7", "市人保局《关于来沪就业人员申办〈上海市居住证〉若干事项的通知》（媒体报道）",
       "http://district.ce.cn/newarea/roll/201307/31/t20130731_1162913.shtml", "2013-07-31",
       "官方通知的媒体报道"),
    _s("SH-S8", "上海居住证积分社保基数（转载2017年社保基数条文）",
       "http://hahafu.net.cn/html/shlhzx/jzz/67994.html", "未注明", "第三方转载"),
    _s("SH-S9", "社保基数积分分值（转载2017年条文）", "http://m.ddtbk.com/techan/123547.html",
       "2022-07-26", "第三方转载"),
    _s("SH-S10", "2013年版条文转载（社保基数“最近连续3年”，投资纳税上限100分）",
       "https://78911.com.cn/HuKouZhengCe/665056-2.html", "2018-10-01", "第三方转载（2013年版）"),
    _s("SH-S11", "居住证积分细则第五条、第六条转载", "http://m.clearvueentertainment.com/z/1726087.html",
       "未注明", "第三方转载"),
    _s("SH-S12", "中级职称加分政策（引2017年通知第六条）",
       "https://www.ankky.com/mobile/news/show-75486.html", "未注明", "第三方转载"),
    _s("SH-S13", "上海居住证积分减分了以后还能恢复吗", "http://www.chaorc.cn/jifen/1352.html",
       "2022-12-06", "第三方"),
    _s("SH-S14", "2019年减分指标及一票否决指标解读", "https://wfek.com/jifen/806.html", "2019-07-04",
       "第三方"),
    _s("SH-S15", "上海居住证积分指标汇总表（繁体页面，疑为2013年版）", "", "未注明", "第三方"),
    _s("SH-S16", "紧缺急需专业（引沪府发〔2017〕98号第七条第三款）", "https://c-ibc.com/jifen/842.html",
       "2022", "第三方转载"),
    _s("SH-S17", "紧缺急需专业可加30分", "https://wap.265xx.com/w415/129451.html", "2022",
       "第三方转载"),
    _s("SH-S18", "表彰奖励积分", "http://m.91luohu.com/html/jifenluohu/zhengce/15386.html",
       "2026-03-02", "第三方转载"),
    _s("SH-S19", "2021年表彰奖励目录及申请条件", "https://liuhubang.com/news/jifen_3045.html",
       "2021-06-18", "第三方"),
    _s("SH-S20", "积分政策有效期至2022-12-31（附2017年第一至四条）", "http://ewxc.com/jifen/655.html",
       "约2021—2022", "第三方"),
    _s("SH-S21", "2013年版第二条转载（无“满6个月”）", "http://51luohu.com/html/lxslhshzc/11015.html",
       "2021-08-06", "第三方转载"),
    _s("SH-S22", "实施细则第二条（申请条件）转载", "http://m.021shhk.com/html/zixunneirong/faq/89937.html",
       "2023-06-06", "第三方转载"),
    _s("SH-S23", "实施细则第三、四、七、八、九条转载", "http://www.zhuanguanjia.com/langfang/bendi/222467.html",
       "2023-06-27", "第三方转载"),
    _s("SH-S24", "积分核定与告知、查询、确认与调整、有效期", "http://hahafu.net.cn/html/shlhzx/jzz/71787.html",
       "未注明", "第三方转载"),
    _s("SH-S25", "《上海市居住证管理办法》第二十三条（20个工作日）",
       "http://heegantimes.com/html/shanghai/jifen/110842.html", "未注明", "第三方转载"),
    _s("SH-S26", "签注后积分确认流程", "https://m.110ask.com/zhishi/7060955074144374910.html",
       "2023-05-10", "第三方"),
    _s("SH-S27", "积分申请材料（基本材料与积分对应材料，官方清单转载）",
       "http://mamicode.com/info-detail-1366239.html", "2016（2020—2023转载）", "第三方转载"),
    _s("SH-S28", "积分审核流程（审核人员核查的内容）", "http://wantom.net/jifen/1092.html", "2022-09-21",
       "第三方"),
    _s("SH-S29", "外省市技能证书与统一考试取得的证书", "https://wfek.com/qa/777.html", "未注明",
       "第三方转载"),
    _s("SH-S30", "单位注册、密码重置与办理流程", "https://www.wfek.com/qa/1970.html", "2019—2025",
       "第三方"),
    _s("SH-S31", "GrowingDiary/Memo：上海居住证积分亲历记录",
       "https://github.com/GrowingDiary/Memo/blob/master/0001_%E4%B8%8A%E6%B5%B7%E5%B1%85%E4%BD%8F"
       "%E8%AF%81%E7%A7%AF%E5%88%86.md", "2016-04-22", "第三方（亲历）"),
    _s("SH-S32", "居住证持证人待遇（居住证管理办法第二十八至三十二条转载）",
       "http://uianet.net/dictionary/b6299067.html", "未注明", "第三方转载"),
    _s("SH-S34", "有效期与签注（到期前30日内签注；60日宽限）",
       "http://www.91luohu.com/html/jifenluohu/redian/14158.html", "未注明", "第三方"),
    _s("SH-S35", "临港新片区2019年政策（居住证专项加分）", "http://jiangsulong.com/a/2020/0403/0403220OH020.html",
       "2019-11-20 政策；2020—2022 文章", "第三方转载官方政策"),
    _s("SH-S36", "临港新片区2024-08-21人才新政（专项加分当年计入）",
       "http://news.dqsqz.com.cn/mrkx/202408/555203.html", "2024-08-21", "第三方新闻"),
    _s("SH-S37", "奉贤新城积分优待", "http://www.e78.com.cn/bikeng/743.html", "2025-10-22",
       "第三方（政策未证实）"),
    _s("SH-S38", "特定公共服务领域＝环卫；远郊重点区域＝临港", "http://www.fantu.net/html/juzhuzheng/faq/635.html",
       "2025-10-28", "第三方"),
    _s("SH-S41", "达标路径（示例）", "http://m.51luohu.com/news/188909.html", "未注明", "第三方"),
    _s("SH-S44", "最新指标与算法（含错误）", "https://zangshuxian.com/new/637081959408867328",
       "2024-08-17", "第三方"),
    _s("SH-S45", "积分指标（含笔误）", "http://m.52luohu.com/html/news/bszn/9529.html", "2026-03-04",
       "第三方"),
    _s("SH-S47", "非全日制学历“三地一致”", "http://m.91luohu.com/html/jifenluohu/redian/14042.html",
       "2026", "第三方"),
    _s("SH-S48", "创业人才、创新创业中介服务人才直接积120分", "http://m.51luohu.com/news/188909.html",
       "2024—2026", "第三方"),
    _s("SH-S49", "2015年国内人才引进实施办法中创业人才的定义", "http://92luohu.com/html/yjs/faq/10070.html",
       "2022-08-16", "第三方"),
    _s("SH-G1", "GitHub 上的 Taro 小程序积分计算器（编译后代码，仓库未知）", "", "未注明", "代码（第三方）"),
    _s("SH-G2", "GitHub uni-app《上海市居住证》积分模拟打分计算器", "", "未注明", "代码（第三方）"),
    _s("SH-G3", "GitHub uni-app“2025积分评测”", "", "2025", "代码（第三方）"),
    # --- Hangzhou -------------------------------------------------------------------------
    _s("HZ-S01", "杭州公安政务公开：《杭州市居住证积分管理办法》（第一至五条）",
       "https://mapi-jcss.police.hangzhou.gov.cn/web/mgop/gov-open/zj/2001100203/reserved/glbf.html",
       "未注明（2018年后）", "官方（市公安局网站）"),
    _s("HZ-S02", "杭州网：2020年居住证积分受理3月1日启动，线上线下“双轨制”",
       "https://hznews.hangzhou.com.cn/chengshi/content/2020-03/01/content_7686273.htm", "2020-03-01",
       "官方媒体"),
    _s("HZ-S03", "新华社：杭州颁布居住证积分管理办法（试行）",
       "https://iruorou.com/xinwen/2017-12/28/content_5251302.htm", "2017-12-28", "官方媒体（镜像）"),
    _s("HZ-S04", "中新网：《优化调整“杭州市居住证积分管理指标体系”的公告》（购房30分调为80分）",
       "http://m.zhongyaoyi.com/06183702.html", "2024-06-11", "官方媒体（镜像）"),
    _s("HZ-S05", "ECNS: Zhejiang cancels quota restrictions on points-based hukou in urban Hangzhou",
       "http://www.ecns.cn/cns-wire/2023-08-03/detail-ihcrtyfp8429188.shtml", "2023-08-03", "官方媒体"),
    _s("HZ-S06", "每日商报：积分落户截止3月31日，积分入学截止4月10日",
       "http://m.maalaamaal.com/html/shnews/shanghailuohuzixun/18113.html", "2020-03", "媒体（转载）"),
    _s("HZ-S07", "复现《杭州市居住证积分申请受理回执（2020）》的前端代码（仓库未知）", "", "2020",
       "代码（引官方回执）"),
    _s("HZ-S08", "2020年办理指南转载（申请材料指引、积分查询和异议复核）",
       "http://pyt3.net/html/shnews/shanghailuohuzixun/23191.html", "2020", "官方文本（转载）"),
    _s("HZ-S10", "2021年积分落户提醒（3月1—31日，20个工作日后查询）", "http://www.kawamae.net/h-nd-1087.html",
       "2021-03", "官方文本（转载）"),
    _s("HZ-S11", "2022年积分入学办理指南（7个工作日内异议，15个工作日内核查）",
       "http://m.bbbaike.com/baike/jiaoyu/733915.html", "2022-09-26", "官方文本（转载）"),
    _s("HZ-S12", "居住年限指标（每年5分，最高100分）", "http://m.bbbaike.com/baike/jiaoyu/1298140.html",
       "约2022", "官方文本（转载）"),
    _s("HZ-S13", "文化程度指标与印证材料（2022年）", "http://www.zuomama.com/baike/techan/896486.html",
       "2022-08-30", "官方文本（转载）"),
    _s("HZ-S14", "2022年无偿献血指标", "http://ccschy.com/techan/27844.html", "2022-03-24",
       "官方文本（转载）"),
    _s("HZ-S15", "2022年守法诚信减分指标", "https://img.ccschy.com/techan/27641.html", "2022-03-24",
       "官方文本（转载）"),
    _s("HZ-S16", "2022年住所指标（购房30分；租房每年6分，最高30分）", "http://www.yzzsnet.com/techan/27062.html",
       "2022-03-24", "官方文本（转载）"),
    _s("HZ-S17", "2022年企业信用指标", "http://m.qebk.com/techan/4262.html", "2022-03-26",
       "官方文本（转载）"),
    _s("HZ-S18", "纳税指标（投资者与非投资者）及材料", "http://husay.cn/c/121033342R023.html", "约2022—2023",
       "官方文本（转载）"),
    _s("HZ-S19", "社保指标细则（每月0.5分，最高120分）", "http://wap.kuyiso.com/hangzhou/news/e7c9qhb1304.html",
       "2023-01-03", "第三方"),
    _s("HZ-S20", "2020年无偿献血说明", "http://m.watu.cn/newsinfo/info_203043.html", "2020-03-06", "第三方"),
    _s("HZ-S21", "2018年新闻：试行版加分指标（骨髓、献血、志愿服务）",
       "http://news.qiuyi.cn/ylzx/2018/0129/65900.html", "2018-01-29", "第三方"),
    _s("HZ-S22", "《杭州市居住证积分管理指标体系（试行）》说明（一票否决、“以上”含本数、截止日规则）",
       "http://jingyanla.com/a/07/0FQ4J1012024.html", "未注明", "官方文本（转载）"),
    _s("HZ-S23", "试行版指标汇总", "http://kuaiyichina.com/Credit/15913816.html", "未注明", "第三方"),
    _s("HZ-S25", "2017年征求意见稿分值（未施行）", "http://www.luohuhangzhou.com/news-633198", "2019-10-14",
       "第三方"),
    _s("HZ-S26", "试行版与2021年修订稿对比", "http://www.sh112.com/bj/132369.html", "约2021", "第三方"),
    _s("HZ-S28", "杭州积分落户网：杭发改社会〔2021〕177号与2023年调整",
       "https://www.hzztb.cn/hzjfzc/3611.html", "2023-04-23", "第三方"),
    _s("HZ-S29", "2022年办理流程与历年落户分数线", "http://www.one124.com/ba/bbdfhfqf.html", "2022-08/09",
       "第三方"),
    _s("HZ-S30", "2023年时间安排（9月申请积分，11月申请落户；截止日2023-08-01）",
       "http://rojgaradvisor.com/forum-465017-thread-84121693546029069-1-1.html", "2023-09-01",
       "官方文本（转载）"),
    _s("HZ-S31", "2021年第二批落户分数线160分", "http://thaispointingatthings.com/newsInfo/64181a9c97e4227b7ecb5382",
       "2023-03-20", "第三方"),
    _s("HZ-S32", "2022年积分落户11月受理；城区范围；地址须一致", "http://m.hz.bendibao.com/mip/100153.shtm",
       "2022", "第三方"),
    _s("HZ-S34", "2024年积分入学：工作日均可申请积分，4月10日截止",
       "https://mingxiaow.com/hangzhoushi/edunews/3029168.html", "2024", "官方文本（转载）"),
    _s("HZ-S36", "2023年积分入学条件", "http://m.eutg.cn/hangzhoushi/edunews/2135960.html", "2023",
       "官方文本（转载）"),
    _s("HZ-S37", "萧山区2021年积分入学通知", "https://www.027art.com/zhejiangwenhuake/HTML/9667036.html",
       "2021", "官方文本（转载）"),
    _s("HZ-S38", "积分自测汇总（2021版）", "https://exambook.cn/353905.html", "2023-03", "第三方"),
    _s("HZ-S39", "2021版汇总（含历年分数线与通过率）", "http://www.bestofdance.cn/shuma/202209/139048.html",
       "2022-09", "第三方（单一来源）"),
    _s("HZ-S40", "办理流程：部门15个工作日内审核；同分排序规则", "http://a5204.cn/cn/21099393.html",
       "未注明", "第三方（引试行细则）"),
    _s("HZ-S41", "加分项目（志愿服务、捐赠、荣誉、纳税、专利）",
       "https://zhuanli.366861.com/waiguanzhuanli/tremazhzc4.html", "未注明", "第三方"),
    _s("HZ-S42", "发明专利：每项30分、不设上限（单一来源，自相矛盾）", "https://tjnenfu.com/sb/126657.html",
       "2024-11-05", "第三方（单一来源）"),
    _s("HZ-S43", "职称分值与学历职称择高计分", "https://www.educity.cn/jjs/5441079.html", "2025-12-15",
       "第三方"),
    _s("HZ-S44", "试行版汇总（43岁以下30分，社保每月0.25分等）", "https://sdazw.cn/zhishi/10268.html",
       "2024-04-21", "第三方"),
    _s("HZ-S45", "2021版汇总（居住登记每满12个月5分，最高100分）", "http://wjygha.cn/post/64995.html",
       "未注明", "第三方"),
    _s("HZ-S46", "易居研究院：2025-06-16公告调整社保、租房、居住年限、志愿服务四项",
       "http://m.dlhunqing.com/data/133/2025-06-26/7343833979646448575.html", "2025-06-26",
       "第三方研究报告（镜像）"),
    _s("HZ-S47", "试行版办法第五条与落户实施细则第十五条", "http://dfrtw.com/zhuanlishenqing/54471.html",
       "未注明", "第三方转载"),
    _s("HZ-S54", "问答：杭州入学积分计算（混入其他城市项目，不可靠）", "http://8netcn.com/miaozhi/9943.html",
       "未注明", "第三方（不可靠）"),
    _s("HZ-S53", "2021版汇总（年龄、社保、租房、居住年限）", "http://qzdeycw.cn/post/101981.html",
       "2024-08-04", "第三方"),
)

_BY_ID: dict[str, Source] = {s.id: s for s in SOURCES}


def source(source_id: str) -> Source:
    """Return the source with this id (KeyError if unknown: a data bug caught by tests)."""
    return _BY_ID[source_id]
