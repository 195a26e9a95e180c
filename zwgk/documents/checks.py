"""What is wrong with a document before it may go on: consistency problems (shown to the clerk),
reasons for automatic return (退文), and textcheck findings on the body and attachment text."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.utils import timezone

from zwgk.contentcheck.selectors import get_checker
from zwgk.textcheck import Finding, Severity

from .docnumber import DocNumberError, parse_doc_number
from .models import Document
from .statute import DisclosureAttribute

RULE_LABELS = {
    "pii.id_card": "公民身份号码",
    "pii.mobile": "手机号码",
    "pii.bank_card": "银行卡号",
    "secret.mark": "密级标志",
    "sensitive.word": "敏感词",
    "expression.wrong_form": "错误表述",
    "expression.leader_title": "领导职务错误",
}


@dataclass(frozen=True)
class SourcedFinding:
    """A finding with where it was found: the body (`source` = "") or an attachment's name."""

    finding: Finding
    source: str = ""

    @property
    def rule(self) -> str:
        return self.finding.rule

    @property
    def excerpt(self) -> str:
        return self.finding.excerpt

    @property
    def label(self) -> str:
        return RULE_LABELS.get(self.finding.rule, self.finding.rule)

    @property
    def is_blocking(self) -> bool:
        return self.finding.severity is Severity.BLOCK


def fingerprint(item: SourcedFinding) -> str:
    """Stable across edits elsewhere in the text: rule, source and the matched text's hash."""
    raw = (
        f"{item.rule}|{item.source}|{item.finding.excerpt}|{item.finding.end - item.finding.start}"
    )
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def all_findings(document: Document) -> list[SourcedFinding]:
    checker = get_checker()
    found = [SourcedFinding(f) for f in checker.check(f"{document.title}\n{document.body}")]
    if document.pk:
        for attachment in document.attachments.all():
            found += [
                SourcedFinding(f, attachment.original_name)
                for f in checker.check(attachment.extracted_text)
            ]
    return found


def blocking_findings(
    document: Document, *, include_overridden: bool = False
) -> list[SourcedFinding]:
    blocking = [f for f in all_findings(document) if f.is_blocking]
    if include_overridden or not document.pk:
        return blocking
    overridden = set(document.overrides.values_list("fingerprint", flat=True))
    return [f for f in blocking if fingerprint(f) not in overridden]


def consistency_problems(document: Document) -> list[str]:
    """Problems a clerk must fix before submitting (shown on the edit page as well)."""
    problems = []
    if not document.title.strip():
        problems.append("缺少标题")
    if not document.written_date:
        problems.append("缺少成文日期")
    if not document.topic_id:
        problems.append("缺少主题分类")
    if document.doc_number and document.written_date:
        try:
            number = parse_doc_number(document.doc_number)
        except DocNumberError as error:
            problems.append(str(error).rstrip("。"))
        else:
            if number.year != document.written_date.year:
                problems.append(
                    f"发文字号中的年份（{number.year}）与成文日期的年份"
                    f"（{document.written_date.year}）不一致"
                )
    if (
        document.published_at
        and document.written_date
        and timezone.localdate(document.published_at) < document.written_date
    ):
        problems.append("发布日期早于成文日期")
    if document.is_interpretation and not (document.body.strip() or document.video_url):
        problems.append("政策解读缺少内容")
    return problems


def submission_problems(document: Document) -> list[str]:
    """Reasons to return the document automatically (退文, 铜府办发〔2019〕16号 一(二)1)."""
    reasons = []
    if not document.disclosure:
        reasons.append("未明确公开属性（主动公开、依申请公开或不予公开）")
    elif document.disclosure != DisclosureAttribute.PROACTIVE:
        if not document.legal_ground:
            reasons.append("拟不主动公开但未选择法律依据（条例第十四条、第十五条、第十六条）")
        if not document.ground_explanation.strip():
            reasons.append("拟不主动公开但未说明理由")
    elif document.disclosure_scope == "partial" and not document.withheld_part.strip():
        reasons.append("部分公开但未说明不公开的内容及理由")
    if document.needs_interpretation and not document.interpretations.exists():
        reasons.append("需要解读的政策未同步报送政策解读材料")
    if document.is_major_decision and not (
        document.risk_assessment.strip() and document.response_plan.strip()
    ):
        reasons.append("重大决策文件缺少舆情风险评估或应对处置预案")
    return reasons
