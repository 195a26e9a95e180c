"""The wording of the 依申请公开 letters: titles, number series, the outcome paragraphs of the
答复书, the notices, and the remedy clause with the right 行政复议机关.

**The texts are drafted for this project, not official model texts.** No national 示范文本
exists (rules.md §9); the structure follows the reference text of rules.md §9.2 (title, number,
addressee, receipt sentence, "经研究，现答复如下：", the outcome with its legal basis, remedies,
issuing unit and date), the articles are those of the 2019 条例 (rules.md §1.7), and the remedy
clause follows the 2023 行政复议法 (rules.md §1.12, §9.2):

- every 答复书 names the right to 复议, the 复议机关 and the 60-day period (行政复议法 art. 20,
  para. 3 makes the clause mandatory);
- 不予公开 (art. 36(三)) → 复议 first (行政复议法 art. 23 para. 1(四)), then court within 15
  days of the 复议决定 (行政诉讼法 art. 45); the refused part of a 部分公开 is treated the same
  (rules.md §1.12 "[interpretation]"), its other part keeps the choice;
- every other outcome → 复议 within 60 days or a lawsuit within 6 months (行政诉讼法 art. 46);
- the 收费通知书 carries no remedy clause of its own (rules.md §2: the remedy attaches to the
  later "不再处理"); procedural notices (补正、延期、征求意见、说明理由、回执) carry none either.

Everything here is legal text: Chinese constants and pure functions, no Django models, no
database. A lawyer of the district should read this file before the first real letter goes out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db import models

from ..statute import Outcome

LAW = "《中华人民共和国政府信息公开条例》"
FEE_LAW = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


class LetterKind(models.TextChoices):
    """The letters of an application (rules.md §9: the 宿迁 form set)."""

    REPLY = "reply", "政府信息公开申请答复书"
    CORRECTION = "correction", "政府信息公开申请补正告知书"
    EXTENSION = "extension", "政府信息公开申请延期答复告知书"
    CONSULTATION = "consultation", "政府信息公开申请征求意见书"
    CONSULTATION_NOTICE = "consultation_notice", "政府信息公开申请征求意见告知书"
    REASONS = "reasons", "政府信息公开申请说明理由告知书"
    FEE = "fee", "政府信息公开申请收费通知书"
    RECEIPT = "receipt", "政府信息公开申请接收回执"


# The 代字 after the unit's 机关代字 in each letter's number: 铜教公复〔2026〕3号. Each series
# has its own sequence per unit and year. The 接收回执 carries the registration number instead.
SERIES: dict[str, str] = {
    LetterKind.REPLY: "公复",
    LetterKind.CORRECTION: "公补",
    LetterKind.EXTENSION: "公延",
    LetterKind.CONSULTATION: "公征",
    LetterKind.CONSULTATION_NOTICE: "公征告",
    LetterKind.REASONS: "公说",
    LetterKind.FEE: "公费",
}


def letter_number(prefix: str, series: str, year: int, serial: int) -> str:
    """铜教公复〔2026〕3号 (GB/T 9704 style: 〔〕 around the year, no leading zeros)."""
    return f"{prefix}{series}〔{year}〕{serial}号"


def chinese_date(day: date) -> str:
    """2026年2月10日 (no leading zeros, as in 公文)."""
    return f"{day.year}年{day.month}月{day.day}日"


def you(is_organisation: bool) -> str:
    return "贵单位" if is_organisation else "您"


# --- The 行政复议机关 (行政复议法 2023 art. 24; rules.md §1.12) ----------------------------------

# Unit kinds (orgs.models.UnitKind values) and whose government hears a 复议 against them.
DEPARTMENT_KINDS = frozenset({"department", "general_office", "institution"})  # 本级人民政府
LOWER_GOVERNMENT_KINDS = frozenset({"town", "subdistrict"})  # 上一级人民政府 (街道: 派出机关)
GOVERNMENT_KIND = "government"  # 上一级人民政府

MUNICIPALITY = re.compile(r"^(北京市|天津市|上海市|重庆市)")


class ReconsiderationBodyError(ValueError):
    """The 复议机关 cannot be derived; the message says what to configure."""


def superior_government(government_name: str, configured: str = "") -> str:
    """The people's government one level above a district/county government: the configured
    name, else derived for the districts of the four 直辖市
    (重庆市铜梁区人民政府 → 重庆市人民政府)."""
    if configured:
        return configured
    match = MUNICIPALITY.match(government_name)
    if match:
        return f"{match[1]}人民政府"
    raise ReconsiderationBodyError(
        f"无法确定{government_name}的上一级人民政府，请在设置 ZWGK_FOI_SUPERIOR_GOVERNMENT 中配置。"
    )


def reconsideration_body(
    unit_kind: str, own_government: str, superior: str = "", unit_name: str = ""
) -> str:
    """The 行政复议机关 for an act of a unit (行政复议法 art. 24 para. 1):

    - a 工作部门 of the district government (and its office, and organisations it manages,
      art. 24(一)(四)) → 本级人民政府, i.e. the district government;
    - a 乡镇人民政府 (art. 24(二)) or a 街道办事处, the district government's 派出机关
      (art. 24(三)) → the district government;
    - the district government itself (art. 24(二), from above) → the government one level up.

    `own_government` is the name of the government the unit belongs to (the tree's government
    unit), `superior` the configured name of the one above it (see `superior_government`).
    """
    if unit_kind in DEPARTMENT_KINDS or unit_kind in LOWER_GOVERNMENT_KINDS:
        return own_government
    if unit_kind == GOVERNMENT_KIND:
        return superior_government(own_government, superior)
    raise ReconsiderationBodyError(f"无法确定{unit_name or '该单位'}的行政复议机关。")


# --- Remedy clauses (rules.md §9.2, drafted) ---------------------------------------------------

REMEDY_CHOICE = (
    "如{you}对本答复不服，可以自收到本答复书之日起六十日内向{body}申请行政复议，"
    "也可以自收到本答复书之日起六个月内依法向有管辖权的人民法院提起行政诉讼。"
)
REMEDY_RECONSIDERATION_FIRST = (
    "如{you}对本答复不服，应当先自收到本答复书之日起六十日内向{body}申请行政复议；"
    "对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼。"
)
REMEDY_PARTIAL = (
    "如{you}对本答复中不予公开的部分不服，应当先自收到本答复书之日起六十日内向{body}申请行政复议；"
    "对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼。"
    "如{you}对本答复的其他内容不服，可以自收到本答复书之日起六十日内向{body}申请行政复议，"
    "也可以自收到本答复书之日起六个月内依法向有管辖权的人民法院提起行政诉讼。"
)

REFUSALS = frozenset(
    {
        Outcome.REFUSE_STATE_SECRET,
        Outcome.REFUSE_PROHIBITED,
        Outcome.REFUSE_SECURITY,
        Outcome.REFUSE_THIRD_PARTY,
        Outcome.REFUSE_INTERNAL,
        Outcome.REFUSE_PROCESS,
        Outcome.REFUSE_ENFORCEMENT,
    }
)


def remedy_clause(outcome: str, *, body: str, is_organisation: bool) -> str:
    """The remedy paragraph of a 答复书 for `outcome` (every outcome has one)."""
    if outcome == Outcome.PARTIAL:
        template = REMEDY_PARTIAL
    elif outcome in REFUSALS:
        template = REMEDY_RECONSIDERATION_FIRST
    else:
        template = REMEDY_CHOICE
    return template.format(you=you(is_organisation), body=body)


# --- The outcome paragraph of a 答复书 (条例 arts. 30, 35–39; rules.md §1.7) ---------------------


@dataclass(frozen=True)
class RefusalGround:
    what: str  # the information "属于……" / the harm
    article: str  # the 条例 article besides 36(三)


REFUSAL_GROUNDS: dict[str, RefusalGround] = {
    Outcome.REFUSE_STATE_SECRET: RefusalGround("属于依法确定为国家秘密的政府信息", "第十四条"),
    Outcome.REFUSE_PROHIBITED: RefusalGround("属于法律、行政法规禁止公开的政府信息", "第十四条"),
    Outcome.REFUSE_SECURITY: RefusalGround(
        "公开后可能危及国家安全、公共安全、经济安全、社会稳定", "第十四条"
    ),
    Outcome.REFUSE_THIRD_PARTY: RefusalGround(
        "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害", "第十五条"
    ),
    Outcome.REFUSE_INTERNAL: RefusalGround(
        "属于人事管理、后勤管理、内部工作流程等方面的内部事务信息", "第十六条第一款"
    ),
    Outcome.REFUSE_PROCESS: RefusalGround(
        "属于讨论记录、过程稿、磋商信函、请示报告等过程性信息", "第十六条第二款"
    ),
    Outcome.REFUSE_ENFORCEMENT: RefusalGround("属于行政执法案卷信息", "第十六条第二款"),
}

OUTCOME_TEXTS: dict[str, str] = {
    Outcome.ALREADY_PUBLIC: (
        "{you}申请获取的政府信息已经主动公开。根据" + LAW + "第三十六条第（一）项的规定，"
        "现告知{you}获取该政府信息的方式、途径。"
    ),
    Outcome.DISCLOSE: (
        "{you}申请获取的政府信息属于可以公开的政府信息。根据" + LAW + "第三十六条第（二）项的规定，"
        "本机关决定予以公开，向{you}提供该政府信息。"
    ),
    Outcome.PARTIAL: (
        "{you}申请获取的政府信息中，部分内容可以公开，部分内容不予公开。根据" + LAW + "第三十七条"
        "的规定，本机关向{you}提供可以公开的政府信息内容，并对不予公开的内容说明理由。"
    ),
    Outcome.SPECIAL_PROCEDURE: (
        "{you}申请获取的信息，有关法律、行政法规对其获取有特别规定。根据" + LAW + "第三十六条"
        "第（七）项的规定，请{you}依照有关法律、行政法规的规定办理。"
    ),
    Outcome.NOT_EXIST: (
        "经检索，本机关没有{you}申请公开的政府信息。根据" + LAW + "第三十六条第（四）项的规定，"
        "告知{you}该政府信息不存在。"
    ),
    Outcome.NOT_OUR_INFO: (
        "{you}申请获取的政府信息不属于本机关负责公开。根据" + LAW + "第三十六条第（五）项的规定，"
        "特此告知。"
    ),
    Outcome.NEEDS_PROCESSING: (
        "{you}申请获取的信息需要本机关对现有政府信息进行加工、分析。根据" + LAW + "第三十八条的"
        "规定，本机关不予提供。"
    ),
    Outcome.STILL_UNCLEAR: (
        "本机关已告知{you}补正申请，{you}补正后申请内容仍不明确，本机关无法确定{you}所需的政府"
        "信息。根据" + LAW + "第三十条的规定，本机关无法提供。"
    ),
    Outcome.PETITION: (
        "{you}的申请系以政府信息公开申请的形式进行信访、投诉、举报等活动。根据" + LAW + "第三十九条"
        "第一款的规定，本机关不作为政府信息公开申请处理，{you}可以通过信访、投诉、举报等相应渠道"
        "提出。"
    ),
    Outcome.REPEAT: (
        "本机关已就{you}申请公开的相同政府信息作出答复。根据" + LAW + "第三十六条第（六）项的规定，"
        "本机关不予重复处理。"
    ),
    Outcome.PUBLICATION: (
        "{you}申请获取的是政府公报、报刊、书籍等公开出版物。根据" + LAW + "第三十九条第二款的规定，"
        "现告知{you}获取的途径。"
    ),
    Outcome.EXCESSIVE: (
        "{you}申请公开政府信息的数量、频次明显超过合理范围，本机关已要求{you}说明理由，经审查认为"
        "申请理由不合理。根据" + LAW + "第三十五条的规定，本机关不予处理。"
    ),
    Outcome.CONFIRM_REISSUE: (
        "{you}的申请系要求本机关确认或者重新出具{you}已获取的信息。根据"
        + LAW
        + "第三十六条的规定，"
        "本机关不予处理。"
    ),
    Outcome.CORRECTION_TIMEOUT: (
        "本机关已向{you}发出补正告知，{you}无正当理由逾期未补正。根据" + LAW + "第三十条的规定，"
        "视为{you}放弃申请，本机关不再处理该政府信息公开申请。"
    ),
    Outcome.FEE_TIMEOUT: (
        "本机关已向{you}发出收费通知，{you}逾期未缴纳信息处理费。根据" + FEE_LAW + "的规定，视为"
        "{you}放弃申请，本机关不再处理该政府信息公开申请。"
    ),
    Outcome.OTHER: "本机关对{you}的申请处理情况如下。",
}


def outcome_text(outcome: str, *, is_organisation: bool) -> str:
    """The standard paragraph of a 答复书 for `outcome`, with its article."""
    who = you(is_organisation)
    ground = REFUSAL_GROUNDS.get(outcome)
    if ground is not None:
        return (
            f"{who}申请获取的政府信息{ground.what}。根据{LAW}第三十六条第（三）项、"
            f"{ground.article}的规定，本机关决定不予公开。"
        )
    return OUTCOME_TEXTS[outcome].format(you=who)


def withheld_text(part: str, reason: str, grounds: list[str]) -> list[str]:
    """The 部分公开 paragraphs (条例 art. 37): what is withheld, why, and the legal basis."""
    lines = [f"不予公开的内容：{part.strip().rstrip('。')}。", f"不予公开的理由：{reason.strip()}"]
    if grounds:
        lines.append("不予公开的依据：" + "；".join(grounds) + "。")
    return lines


def delivery_sentence(method_label: str, *, is_organisation: bool) -> str:
    return f"本机关以{method_label}方式向{you(is_organisation)}提供。"


# --- Notices ----------------------------------------------------------------------------------


def correction_paragraphs(
    *, received: date, items: list[str], deadline: date, is_organisation: bool
) -> list[str]:
    """补正告知书 (条例 art. 30): every item at once, the period, the restart and 视为放弃."""
    who = you(is_organisation)
    numbered = [f"{i}. {item.rstrip('；;。')}；" for i, item in enumerate(items, start=1)]
    if numbered:
        numbered[-1] = numbered[-1].rstrip("；") + "。"
    return [
        f"本机关于{chinese_date(received)}收到{who}提出的政府信息公开申请。经审查，{who}的申请内容"
        f"不明确。根据{LAW}第三十条的规定，请{who}对以下事项作出补正：",
        *numbered,
        f"请{who}于{chinese_date(deadline)}前向本机关提交补正后的申请。答复期限自本机关收到补正的"
        f"申请之日起计算。{who}无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开"
        "申请。",
    ]


def extension_paragraphs(
    *, received: date, workdays: int, reason: str, new_due: date | None, is_organisation: bool
) -> list[str]:
    """延期答复告知书 (条例 art. 33 para. 2): approved by the head of the 工作机构, at most 20
    working days, told to the applicant."""
    who = you(is_organisation)
    reason_text = reason.strip().rstrip("。")
    due = f"，本机关将于{chinese_date(new_due)}前作出答复" if new_due else ""
    return [
        f"本机关于{chinese_date(received)}收到{who}提出的政府信息公开申请。因{reason_text}，本机关"
        f"不能在法定期限内作出答复。经本机关政府信息公开工作机构负责人同意，根据{LAW}第三十三条"
        f"第二款的规定，答复期限延长{workdays}个工作日{due}。",
        "特此告知。",
    ]


def consultation_paragraphs(
    *,
    party: str,
    received: date,
    subject: str,
    question: str,
    answer_by: date,
) -> list[str]:
    """征求意见书 to a third party (条例 art. 32) or a co-producing agency (art. 34). The
    applicant is not named (the third party needs the information, not who asked)."""
    if party == "co_producer":
        first = (
            f"本机关于{chinese_date(received)}收到政府信息公开申请，申请公开“{subject}”。经审查，"
            f"该政府信息由本机关与贵机关共同制作。根据{LAW}第三十四条的规定，现征求贵机关意见。"
        )
        last = (
            f"请贵机关自收到本征求意见书之日起15个工作日内（即{chinese_date(answer_by)}前）书面"
            "提出意见。逾期未提出意见的，视为同意公开。"
        )
    else:
        first = (
            f"本机关于{chinese_date(received)}收到政府信息公开申请，申请公开“{subject}”。经审查，"
            f"公开该政府信息可能损害贵方的合法权益。根据{LAW}第三十二条的规定，现书面征求贵方意见。"
        )
        last = (
            f"请贵方自收到本征求意见书之日起15个工作日内（即{chinese_date(answer_by)}前）书面"
            "提出意见。逾期未提出意见的，由本机关依照条例的规定决定是否公开；贵方不同意公开且有"
            "合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定"
            "予以公开，并将决定公开的政府信息内容和理由书面告知贵方。"
        )
    middle = [f"需要说明的事项：{question.strip()}"] if question.strip() else []
    return [first, *middle, last]


def consultation_notice_paragraphs(
    *, party: str, received: date, sent: date, is_organisation: bool
) -> list[str]:
    """征求意见告知书 to the applicant: the consultation time is not counted in the reply period
    (条例 art. 33 para. 3)."""
    who = you(is_organisation)
    whom = "共同制作该政府信息的行政机关" if party == "co_producer" else "第三方"
    article = "第三十四条" if party == "co_producer" else "第三十二条"
    return [
        f"本机关于{chinese_date(received)}收到{who}提出的政府信息公开申请。根据{LAW}{article}的"
        f"规定，本机关已于{chinese_date(sent)}书面征求{whom}的意见。",
        f"根据{LAW}第三十三条第三款的规定，征求意见所需时间不计算在答复期限内。本机关将在收到"
        "意见或者征求意见期限届满后依法作出答复。",
        "特此告知。",
    ]


def reasons_paragraphs(*, received: date, deadline: date, is_organisation: bool) -> list[str]:
    """说明理由告知书 (条例 art. 35)."""
    who = you(is_organisation)
    return [
        f"本机关于{chinese_date(received)}收到{who}提出的政府信息公开申请。经审查，{who}申请公开"
        f"政府信息的数量、频次明显超过合理范围。根据{LAW}第三十五条的规定，请{who}于"
        f"{chinese_date(deadline)}前向本机关说明理由。",
        f"本机关认为申请理由不合理的，将告知{who}不予处理；认为申请理由合理，但是无法在条例第三十三"
        f"条规定的期限内答复的，将确定延迟答复的合理期限并告知{who}。",
    ]


FEE_STANDARD_PER_ITEM = (
    "按件计收：同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；11—30件（含30件）的"
    "部分，100元/件；31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件。"
)
FEE_STANDARD_PER_VOLUME = (
    "按量计收：同一政府信息公开申请30页以下（含30页）的，不收费；31—100页（含100页）的部分，"
    "10元/页；101—200页（含200页）的部分，20元/页；201页以上的部分，40元/页。"
)
FEE_PAYMENT_DEFAULT = (
    "请持本通知书到本机关政府信息公开工作机构办理缴费手续，取得财政票据；所缴费用按照规定全额"
    "缴入国库。"
)


def fee_paragraphs(
    *,
    received: date,
    method: str,
    amount: str,
    explanation: str,
    pay_by: date,
    payment: str,
    is_organisation: bool,
) -> list[str]:
    """收费通知书 (处理费办法; rules.md §2): 依据、标准、数额、缴纳方式 and the 20-working-day
    period. No remedy clause of its own."""
    who = you(is_organisation)
    article = "第三条、第四条" if method == "per_item" else "第三条、第五条"
    standard = FEE_STANDARD_PER_ITEM if method == "per_item" else FEE_STANDARD_PER_VOLUME
    return [
        f"本机关于{chinese_date(received)}收到{who}提出的政府信息公开申请。经审查，{who}申请公开"
        "政府信息的数量、频次明显超过合理范围，本机关决定收取信息处理费。",
        f"收费依据：{LAW}第四十二条，{FEE_LAW}{article}。",
        f"收费标准：{standard}",
        f"收费数额：人民币{amount}元（{explanation.strip().rstrip('。')}）。",
        f"缴纳方式：{payment.strip()}",
        f"请{who}自收到本通知书次日起20个工作日内（即{chinese_date(pay_by)}前）缴纳。逾期未缴纳的，"
        "视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]


def receipt_paragraphs(
    *,
    received: date,
    channel_label: str,
    number: str,
    lookup_code: str,
    receipt_date: date | None,
    is_organisation: bool,
) -> list[str]:
    """接收回执 (收件证明): what arrived, when, the 查询码, and the art. 31 receipt date."""
    who = you(is_organisation)
    if receipt_date is not None:
        legal = (
            f"根据{LAW}第三十一条的规定，本机关收到申请之日为{chinese_date(receipt_date)}，答复期限"
            "自该日起计算。"
        )
    else:
        legal = (
            f"根据{LAW}第三十一条的规定，本机关将与{who}确认收到申请，确认之日为收到申请之日，"
            "答复期限自该日起计算。"
        )
    return [
        f"本机关于{chinese_date(received)}收到{who}以{channel_label}方式提交的政府信息公开申请，"
        f"登记号为{number}。",
        legal,
        f"{who}可以凭查询码 {lookup_code} 和申请时填写的联系电话查询办理进度。",
    ]


def receipt_sentence(*, received: date, subject: str, is_organisation: bool) -> str:
    """The opening of a 答复书 (rules.md §9.2 item 4)."""
    who = you(is_organisation)
    return (
        f"本机关于{chinese_date(received)}收到{who}提出的政府信息公开申请，{who}申请获取"
        f"“{subject}”。"
    )


ANSWER_INTRO = "经研究，现答复如下："
OTHER_AGENCY = "负责公开该政府信息的行政机关为{agency}{contact}。"


def other_agency_sentence(agency: str, contact: str) -> str:
    return OTHER_AGENCY.format(
        agency=agency.strip(), contact=f"，联系方式：{contact.strip()}" if contact.strip() else ""
    )


def contact_sentence(office: str, phone: str) -> str:
    """The closing contact line (optional: only when the unit's disclosure office is filled)."""
    return f"联系单位：{office}；联系电话：{phone}。"
