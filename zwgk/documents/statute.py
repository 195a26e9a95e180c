"""Legal labels for documents: disclosure attributes, non-disclosure grounds, document genres,
the five review checks. Chinese constants copied from ../shared/spec/rules.md; never translated.
"""

from __future__ import annotations

from django.db import models


class DisclosureAttribute(models.TextChoices):
    """公开属性, decided at the document's source (铜府办发〔2019〕16号 一(二)1)."""

    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class DisclosureScope(models.TextChoices):
    FULL = "full", "全文公开"
    PARTIAL = "partial", "部分公开"


class LegalGround(models.TextChoices):
    """Grounds for not disclosing proactively: 条例 arts. 14, 15, 16 (rules.md §1.7), labelled as
    the rows of annual-report table 三 (三) 1–7 (rules.md §3.4)."""

    STATE_SECRET = "a14_secret", "属于国家秘密（条例第十四条）"
    LAW_FORBIDS = "a14_law", "其他法律行政法规禁止公开（条例第十四条）"
    THREE_SECURITIES = "a14_security", "危及“三安全一稳定”（条例第十四条）"
    THIRD_PARTY = "a15_third_party", "保护第三方合法权益（商业秘密、个人隐私等，条例第十五条）"
    INTERNAL_AFFAIRS = (
        "a16_internal",
        "属于三类内部事务信息（人事管理、后勤管理、内部工作流程，条例第十六条第一款）",
    )
    PROCESS_INFO = (
        "a16_process",
        "属于四类过程性信息（讨论记录、过程稿、磋商信函、请示报告，条例第十六条第二款）",
    )
    ENFORCEMENT_FILE = "a16_enforcement", "属于行政执法案卷（条例第十六条第二款）"


class Genre(models.TextChoices):
    """公文种类 (《党政机关公文处理工作条例》第八条) plus the forms a portal publishes."""

    RESOLUTION = "jueyi", "决议"
    DECISION = "jueding", "决定"
    ORDER = "ming", "命令（令）"
    COMMUNIQUE = "gongbao", "公报"
    ANNOUNCEMENT = "gonggao", "公告"
    PUBLIC_NOTICE = "tonggao", "通告"
    OPINION = "yijian", "意见"
    NOTICE = "tongzhi", "通知"
    CIRCULAR = "tongbao", "通报"
    REPORT = "baogao", "报告"
    REQUEST = "qingshi", "请示"
    REPLY = "pifu", "批复"
    MOTION = "yian", "议案"
    LETTER = "han", "函"
    MINUTES = "jiyao", "纪要"
    MEASURES = "banfa", "办法"
    RULES = "guiding", "规定"
    PLAN = "fangan", "方案"
    INTERPRETATION = "jiedu", "政策解读"
    OTHER = "qita", "其他"


class InterpretationForm(models.TextChoices):
    TEXT = "text", "文字解读"
    GRAPHIC = "graphic", "图解"
    QA = "qa", "问答"
    VIDEO = "video", "视频解读"


# 分级审核、先审后发: what every reviewer confirms (铜府办发〔2019〕16号 二(三)).
FIVE_CHECKS = (
    ("check_political", "政治关"),
    ("check_legal", "法律关"),
    ("check_policy", "政策关"),
    ("check_secrecy", "保密关"),
    ("check_wording", "文字关"),
)


class Validity(models.TextChoices):
    """有效性 of a 行政规范性文件 as the public page shows it (rules.md §6.3)."""

    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"
    AMENDED = "amended", "已修改"


class CleanupDecision(models.TextChoices):
    KEEP = "keep", "继续有效"
    AMEND = "amend", "修改"
    REPEAL = "repeal", "废止"


# 主题分类: the first level of the State Council's topic taxonomy as gov.cn uses it.
TOPICS = (
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "对外事务",
    "港澳台侨工作",
    "国防",
    "其他",
)

# 条例 art. 26: proactive information is public within 20 working days of being formed or changed.
PUBLICATION_WORKDAYS = 20
