"""Statutory labels and numbers of 依申请公开, copied exactly from ../shared/spec/rules.md.

Legal text, not UI text: these are Chinese constants (not translated msgids), each with its
source. Sources:

- 《中华人民共和国政府信息公开条例》(国务院令第711号, 2019) arts. 29–42 (rules.md §1.1–§1.10);
- 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号) arts. 3–5 (rules.md §2);
- 《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号), tables 三 and 四
  (rules.md §3.4, §3.5), and the 2019 试行 format (国办公开办函〔2019〕60号, rules.md §3.6).

The mapping from outcomes to table-三 rows is the derivation of rules.md §3.4 ("not an official
text"); every outcome maps to exactly one row, and every row except 上年结转/结转下年度 is reached.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

# --- Periods (working days unless noted) ---------------------------------------------------------

REPLY_WORKDAYS = 20  # 条例 art. 33 para. 2
MAX_EXTENSION_WORKDAYS = 20  # 条例 art. 33 para. 2 (once, head of the 工作机构 approves)
CORRECTION_NOTICE_WORKDAYS = 7  # 条例 art. 30 ("自收到申请之日起7个工作日内一次性告知")
CONSULTATION_WORKDAYS = 15  # 条例 arts. 32, 34
FEE_PAYMENT_WORKDAYS = 20  # 处理费办法 (rules.md §2: "收到收费通知次日起20个工作日内")

# --- Applicant types: exactly the columns of annual-report table 三 (rules.md §3.4) -------------


class ApplicantType(models.TextChoices):
    NATURAL_PERSON = "natural", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_WELFARE = "welfare", "社会公益组织"
    LEGAL_SERVICE = "legal", "法律服务机构"
    OTHER_ORGANISATION = "other_org", "其他"


LEGAL_PERSON_GROUP = "法人或其他组织"
TABLE3_COLUMNS: tuple[tuple[str, str], ...] = (
    (ApplicantType.NATURAL_PERSON, "自然人"),
    (ApplicantType.COMMERCIAL, "商业企业"),
    (ApplicantType.RESEARCH, "科研机构"),
    (ApplicantType.PUBLIC_WELFARE, "社会公益组织"),
    (ApplicantType.LEGAL_SERVICE, "法律服务机构"),
    (ApplicantType.OTHER_ORGANISATION, "其他"),
)
TABLE3_TOTAL_COLUMN = "总计"


def is_organisation(applicant_type: str) -> bool:
    return applicant_type != ApplicantType.NATURAL_PERSON


# --- Channels and the receipt date of art. 31 (rules.md §1.4) -----------------------------------


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "当面提交"
    POST_SIGNED = "post_signed", "邮寄（需签收）"
    LETTER = "letter", "平常信函（无需签收）"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "互联网（网上申请）"


@dataclass(frozen=True)
class ReceiptRule:
    """How art. 31 fixes the receipt date for a channel."""

    needs_confirmation: bool
    basis: str  # the words of art. 31 (or the 2015 interpretation) for this channel


RECEIPT_RULES: dict[str, ReceiptRule] = {
    Channel.IN_PERSON: ReceiptRule(False, "条例第三十一条第（一）项：以提交之日为收到申请之日"),
    Channel.POST_SIGNED: ReceiptRule(
        False, "条例第三十一条第（二）项：以行政机关签收之日为收到申请之日"
    ),
    Channel.LETTER: ReceiptRule(
        True,
        "条例第三十一条第（二）项：平常信函等无需签收的邮寄方式，政府信息公开工作机构应当于收到"
        "申请的当日与申请人确认，确认之日为收到申请之日",
    ),
    Channel.FAX: ReceiptRule(
        True, "条例第三十一条第（三）项：通过互联网渠道或者传真提交的，以双方确认之日为收到申请之日"
    ),
    # E-mail is a 数据电文 over the internet: art. 31(三) supersedes the 2015 interpretation's
    # "自电子邮件系统接收之日" (rules.md §1.4).
    Channel.EMAIL: ReceiptRule(
        True, "条例第三十一条第（三）项：通过互联网渠道提交的，以双方确认之日为收到申请之日"
    ),
    Channel.ONLINE: ReceiptRule(
        True, "条例第三十一条第（三）项：通过互联网渠道提交的，以双方确认之日为收到申请之日"
    ),
}


# --- Identity documents, requested form, delivery (条例 art. 29; rules.md §1.2, §9.1) ----------


class IdDocumentType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    USCC = "uscc", "统一社会信用代码证明"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    FOREIGN_PR = "foreign_pr", "外国人永久居留身份证"
    OTHER = "other", "其他有效身份证明"


class InformationForm(models.TextChoices):
    """所需信息的指定提供载体形式 (art. 29(三), art. 40)."""

    PAPER = "paper", "纸质文本"
    ELECTRONIC = "electronic", "电子数据"
    READING = "reading", "当场查阅、抄录"
    OTHER = "other", "其他"


class DeliveryMethod(models.TextChoices):
    """获取信息的方式、途径 (art. 29(三)); also how a reply was delivered."""

    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    FAX = "fax", "传真"
    COLLECT = "collect", "自行领取"
    ONLINE = "online", "网上查看"
    ON_SITE = "on_site", "当场阅读、抄录"


# --- Outcomes (arts. 30, 35–39 and the fee rules) mapped to table 三 (rules.md §1.7, §3.4) ------

# Row labels of table 三 (2021 format), exactly as rules.md §3.4.
ROW_NEW = "一、本年新收政府信息公开申请数量"
ROW_CARRIED_IN = "二、上年结转政府信息公开申请数量"
ROW_RESULTS = "三、本年度办理结果"
ROW_CARRIED_OUT = "四、结转下年度继续办理"
ROW_TOTAL = "（七）总计"

GROUP_DISCLOSE = "（一）予以公开"
GROUP_PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
GROUP_REFUSE = "（三）不予公开"
GROUP_CANNOT = "（四）无法提供"
GROUP_NOT_PROCESSED = "（五）不予处理"
GROUP_OTHER = "（六）其他处理"

TABLE3_RESULT_ROWS: tuple[tuple[str, str, str], ...] = (
    # (row key, level-2 label, level-3 label)
    ("1", GROUP_DISCLOSE, ""),
    ("2", GROUP_PARTIAL, ""),
    ("3.1", GROUP_REFUSE, "1.属于国家秘密"),
    ("3.2", GROUP_REFUSE, "2.其他法律行政法规禁止公开"),
    ("3.3", GROUP_REFUSE, "3.危及“三安全一稳定”"),
    ("3.4", GROUP_REFUSE, "4.保护第三方合法权益"),
    ("3.5", GROUP_REFUSE, "5.属于三类内部事务信息"),
    ("3.6", GROUP_REFUSE, "6.属于四类过程性信息"),
    ("3.7", GROUP_REFUSE, "7.属于行政执法案卷"),
    ("3.8", GROUP_REFUSE, "8.属于行政查询事项"),
    ("4.1", GROUP_CANNOT, "1.本机关不掌握相关政府信息"),
    ("4.2", GROUP_CANNOT, "2.没有现成信息需要另行制作"),
    ("4.3", GROUP_CANNOT, "3.补正后申请内容仍不明确"),
    ("5.1", GROUP_NOT_PROCESSED, "1.信访举报投诉类申请"),
    ("5.2", GROUP_NOT_PROCESSED, "2.重复申请"),
    ("5.3", GROUP_NOT_PROCESSED, "3.要求提供公开出版物"),
    ("5.4", GROUP_NOT_PROCESSED, "4.无正当理由大量反复申请"),
    ("5.5", GROUP_NOT_PROCESSED, "5.要求行政机关确认或重新出具已获取信息"),
    (
        "6.1",
        GROUP_OTHER,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "6.2",
        GROUP_OTHER,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("6.3", GROUP_OTHER, "3.其他"),
)
TABLE3_ROW_KEYS = tuple(key for key, _group, _label in TABLE3_RESULT_ROWS)
TABLE3_LEFT_HEADER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE3_TOP_HEADER = "申请人情况"


def table3_row_label(row: str) -> str:
    """The full label of a result row, e.g. "（三）不予公开 1.属于国家秘密"."""
    for key, group, label in TABLE3_RESULT_ROWS:
        if key == row:
            return f"{group} {label}".strip()
    raise KeyError(row)


class Outcome(models.TextChoices):
    """How an application ended; the value is stored on the reply."""

    ALREADY_PUBLIC = "already_public", "已主动公开，告知获取方式和途径"
    DISCLOSE = "disclose", "予以公开"
    PARTIAL = "partial", "部分公开"
    REFUSE_STATE_SECRET = "refuse_secret", "不予公开：属于国家秘密"
    REFUSE_PROHIBITED = "refuse_prohibited", "不予公开：其他法律行政法规禁止公开"
    REFUSE_SECURITY = "refuse_security", "不予公开：危及“三安全一稳定”"
    REFUSE_THIRD_PARTY = "refuse_third_party", "不予公开：保护第三方合法权益"
    REFUSE_INTERNAL = "refuse_internal", "不予公开：属于三类内部事务信息"
    REFUSE_PROCESS = "refuse_process", "不予公开：属于四类过程性信息"
    REFUSE_ENFORCEMENT = "refuse_enforcement", "不予公开：属于行政执法案卷"
    SPECIAL_PROCEDURE = "special_procedure", "告知依照有关法律、行政法规的规定办理（行政查询事项）"
    NOT_EXIST = "not_exist", "无法提供：经检索没有所申请公开信息"
    NOT_OUR_INFO = "not_our_info", "无法提供：不属于本机关负责公开"
    NEEDS_PROCESSING = "needs_processing", "无法提供：没有现成信息需要另行制作"
    STILL_UNCLEAR = "still_unclear", "无法提供：补正后申请内容仍不明确"
    PETITION = "petition", "不予处理：信访举报投诉类申请"
    REPEAT = "repeat", "不予处理：重复申请"
    PUBLICATION = "publication", "不予处理：要求提供公开出版物"
    EXCESSIVE = "excessive", "不予处理：无正当理由大量反复申请"
    CONFIRM_REISSUE = "confirm_reissue", "不予处理：要求行政机关确认或重新出具已获取信息"
    CORRECTION_TIMEOUT = "correction_timeout", "申请人无正当理由逾期不补正，不再处理"
    FEE_TIMEOUT = "fee_timeout", "申请人逾期未缴纳信息处理费，不再处理"
    OTHER = "other", "其他处理（如申请人撤回申请）"


@dataclass(frozen=True)
class OutcomeRule:
    article: str  # the legal basis cited in the reply
    row: str  # the table-三 row key (TABLE3_RESULT_ROWS)
    must_say: str  # what the reply must tell the applicant (rules.md §1.7)
    is_refusal: bool = False  # 复议前置 under 行政复议法 (2023) art. 23 (rules.md §1.12)


OUTCOME_RULES: dict[str, OutcomeRule] = {
    Outcome.ALREADY_PUBLIC: OutcomeRule(
        "条例第三十六条第（一）项", "1", "告知申请人获取该政府信息的方式、途径"
    ),
    Outcome.DISCLOSE: OutcomeRule(
        "条例第三十六条第（二）项",
        "1",
        "向申请人提供该政府信息，或者告知申请人获取该政府信息的方式、途径和时间",
    ),
    Outcome.PARTIAL: OutcomeRule(
        "条例第三十七条",
        "2",
        "提供可以公开的政府信息内容，并对不予公开的内容说明理由",
        is_refusal=True,
    ),
    Outcome.REFUSE_STATE_SECRET: OutcomeRule(
        "条例第三十六条第（三）项、第十四条", "3.1", "告知申请人不予公开并说明理由", True
    ),
    Outcome.REFUSE_PROHIBITED: OutcomeRule(
        "条例第三十六条第（三）项、第十四条", "3.2", "告知申请人不予公开并说明理由", True
    ),
    Outcome.REFUSE_SECURITY: OutcomeRule(
        "条例第三十六条第（三）项、第十四条", "3.3", "告知申请人不予公开并说明理由", True
    ),
    Outcome.REFUSE_THIRD_PARTY: OutcomeRule(
        "条例第三十六条第（三）项、第十五条、第三十二条",
        "3.4",
        "告知申请人不予公开并说明理由",
        True,
    ),
    Outcome.REFUSE_INTERNAL: OutcomeRule(
        "条例第三十六条第（三）项、第十六条第一款", "3.5", "告知申请人不予公开并说明理由", True
    ),
    Outcome.REFUSE_PROCESS: OutcomeRule(
        "条例第三十六条第（三）项、第十六条第二款", "3.6", "告知申请人不予公开并说明理由", True
    ),
    Outcome.REFUSE_ENFORCEMENT: OutcomeRule(
        "条例第三十六条第（三）项、第十六条第二款", "3.7", "告知申请人不予公开并说明理由", True
    ),
    Outcome.SPECIAL_PROCEDURE: OutcomeRule(
        "条例第三十六条第（七）项",
        "3.8",
        "告知申请人依照有关法律、行政法规的规定办理",
    ),
    Outcome.NOT_EXIST: OutcomeRule("条例第三十六条第（四）项", "4.1", "告知申请人该政府信息不存在"),
    Outcome.NOT_OUR_INFO: OutcomeRule(
        "条例第三十六条第（五）项",
        "4.1",
        "告知申请人并说明理由；能够确定负责公开该政府信息的行政机关的，"
        "告知申请人该行政机关的名称、联系方式",
    ),
    Outcome.NEEDS_PROCESSING: OutcomeRule(
        "条例第三十八条", "4.2", "需要对现有政府信息进行加工、分析的，可以不予提供"
    ),
    Outcome.STILL_UNCLEAR: OutcomeRule(
        "条例第三十条", "4.3", "补正后申请内容仍不明确，告知申请人无法提供"
    ),
    Outcome.PETITION: OutcomeRule(
        "条例第三十九条第一款",
        "5.1",
        "告知申请人不作为政府信息公开申请处理并可以告知通过相应渠道提出",
    ),
    Outcome.REPEAT: OutcomeRule("条例第三十六条第（六）项", "5.2", "告知申请人不予重复处理"),
    Outcome.PUBLICATION: OutcomeRule("条例第三十九条第二款", "5.3", "可以告知获取的途径"),
    Outcome.EXCESSIVE: OutcomeRule("条例第三十五条", "5.4", "告知申请人不予处理"),
    Outcome.CONFIRM_REISSUE: OutcomeRule(
        "条例第三十六条", "5.5", "告知申请人不予处理（要求确认或重新出具已获取信息）"
    ),
    Outcome.CORRECTION_TIMEOUT: OutcomeRule(
        "条例第三十条", "6.1", "申请人无正当理由逾期不补正的，视为放弃申请，不再处理"
    ),
    Outcome.FEE_TIMEOUT: OutcomeRule(
        "《政府信息公开信息处理费管理办法》",
        "6.2",
        "逾期未缴纳的视为放弃申请，不再处理该政府信息公开申请",
    ),
    Outcome.OTHER: OutcomeRule("", "6.3", "说明处理情况"),
}


def table3_row(outcome: str) -> str:
    """The one table-三 row key an outcome is counted in."""
    return OUTCOME_RULES[outcome].row


# The grounds a 部分公开 may cite for the withheld part (arts. 14, 15, 16).
WITHHOLDING_GROUNDS: dict[str, str] = {
    Outcome.REFUSE_STATE_SECRET: "条例第十四条：依法确定为国家秘密",
    Outcome.REFUSE_PROHIBITED: "条例第十四条：法律、行政法规禁止公开",
    Outcome.REFUSE_SECURITY: "条例第十四条：公开后可能危及国家安全、公共安全、经济安全、社会稳定",
    Outcome.REFUSE_THIRD_PARTY: (
        "条例第十五条：涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害"
    ),
    Outcome.REFUSE_INTERNAL: "条例第十六条第一款：人事管理、后勤管理、内部工作流程等内部事务信息",
    Outcome.REFUSE_PROCESS: "条例第十六条第二款：讨论记录、过程稿、磋商信函、请示报告等过程性信息",
    Outcome.REFUSE_ENFORCEMENT: "条例第十六条第二款：行政执法案卷信息",
}

# Outcomes a clerk records with the reply service (the two 视为放弃 outcomes are recorded by the
# lapse services, which check that the period has really passed).
CLERK_OUTCOMES = tuple(
    o for o in Outcome.values if o not in {Outcome.CORRECTION_TIMEOUT, Outcome.FEE_TIMEOUT}
)


# --- Consultations (arts. 32, 34) and 复议/诉讼 (table 四, rules.md §3.5) ---------------------


class ConsultationParty(models.TextChoices):
    THIRD_PARTY = "third_party", "第三方（条例第三十二条）"
    CO_PRODUCER = "co_producer", "共同制作机关（条例第三十四条）"


class ConsultationAnswer(models.TextChoices):
    AGREE = "agree", "同意公开"
    DISAGREE = "disagree", "不同意公开"
    NONE = "none", "逾期未提出意见"


class AppealKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"


class AppealResult(models.TextChoices):
    """Table 四 result columns (rules.md §3.5)."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


class AppealStage(models.TextChoices):
    FILED = "filed", "已申请/已起诉"
    ACCEPTED = "accepted", "已受理/已立案"
    HEARING = "hearing", "审理中"
    FIRST_INSTANCE = "first_instance", "一审判决"
    SECOND_INSTANCE = "second_instance", "二审审理中"
    CLOSED = "closed", "已审结"


TABLE4_GROUPS = ("行政复议", "行政诉讼")
TABLE4_LITIGATION_GROUPS = ("未经复议直接起诉", "复议后起诉")
TABLE4_RESULT_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

# The seed notice (铜府办发〔2019〕16号): "将行政复议驳回率和行政诉讼败诉率控制在2%以内".
APPEAL_ALERT_SHARE = 0.02


# --- Fees (处理费办法 arts. 3–5, rules.md §2) ------------------------------------------------


class FeeMethod(models.TextChoices):
    PER_ITEM = "per_item", "按件计收"
    PER_VOLUME = "per_volume", "按量计收"
