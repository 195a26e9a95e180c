"""Publishing an issued 通报 on the portal (铜府办发〔2019〕16号 三(二): 通报制度; issue 9 §2
"issued internally or published").

The same path as the annual report: the 通报 becomes a document of the register (zwgk.documents)
in the name of the 区政府办 (the competent office that issues it), genre 通报, 主动公开, in the
office's column 第二十条第（十五）项 "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"
(the portal has no 通知公告 column in its 政府信息公开 section; the 通报制度 is required by the
district's 铜府办发〔2019〕16号), and goes through the register's normal review (分管负责人, 主要
负责人, 区政府办 check), publication, and withdrawal (撤稿, the register's `withdraw_document`).

What is published is the text `public_text` builds: title, period, introduction, each unit's
problems (kind, summary, rectification date) and the requirements — never the internal evidence
links, notes or the units' rectification reports. The text is checked with the district's
checker (zwgk.contentcheck / zwgk.textcheck) first: any personal data (ID number, mobile, bank
card …) refuses the publication, the finding shown masked.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.contentcheck.selectors import get_checker
from zwgk.core import audit
from zwgk.core.errors import PermissionDeniedError
from zwgk.documents import services as documents
from zwgk.documents.models import Document, Status, Topic
from zwgk.documents.permissions import can_draft_in
from zwgk.documents.statute import DisclosureAttribute, DisclosureScope, Genre
from zwgk.orgs.models import Unit

from .bulletins import BulletinError, can_manage, items_by_unit
from .models import Bulletin
from .permissions import competent_office

S = Bulletin.Status
# zwgk/portal/columns.py ARTICLE_20, item 15 (条例第二十条第（十五）项).
BULLETIN_COLUMN = "a20-15"
BULLETIN_TOPIC = "综合政务"
PII_PREFIX = "pii."
# A document that is in the register's hands (review or published): the 通报 cannot be
# published a second time until it is withdrawn or returned.
ACTIVE = {
    Status.DEPUTY_REVIEW,
    Status.HEAD_REVIEW,
    Status.OFFICE_REVIEW,
    Status.APPROVED,
    Status.SCHEDULED,
    Status.PUBLISHED,
}


def publication_status(bulletin: Bulletin) -> str:
    """ "" (never sent), or the register document's status (draft, deputy_review, published,
    withdrawn …)."""
    return "" if bulletin.document is None else str(bulletin.document.status)


def public_text(bulletin: Bulletin) -> str:
    """The text published: what the units were told, without internal evidence or notes."""
    lines = [
        bulletin.title,
        f"通报期间：{bulletin.period_start:%Y-%m-%d}至{bulletin.period_end:%Y-%m-%d}",
    ]
    if bulletin.intro.strip():
        lines.append(bulletin.intro.strip())
    items = bulletin.items.filter(is_included=True).select_related("unit")
    for number, (unit, unit_items) in enumerate(items_by_unit(items), start=1):
        lines.append(f"{number}. {unit.name}")
        for item in unit_items:
            lines.append(
                f"（{item.kind}）{item.summary}（发生日期：{item.occurred_on:%Y-%m-%d}；"
                f"整改期限：{item.rectify_by:%Y-%m-%d}）"
            )
    if bulletin.requirements.strip():
        lines.append("整改要求：" + bulletin.requirements.strip())
    return "\n".join(lines)


def personal_data_findings(text: str) -> list[Any]:
    return [f for f in get_checker().check(text) if f.rule.startswith(PII_PREFIX)]


def _lock(bulletin: Bulletin) -> Bulletin:
    return (
        # Lock the bulletin row only: PostgreSQL refuses FOR UPDATE on the nullable side of the
        # outer join to the document.
        Bulletin.objects.select_for_update(of=("self",))
        .select_related("district", "document")
        .get(pk=bulletin.pk)
    )


def _audit(bulletin: Bulletin, *, by: Any, at: datetime, action: str, **after: Any) -> None:
    audit.record(
        action=f"supervision.bulletin.{action}",
        by=by,
        at=at,
        target=bulletin,
        before=None,
        after={"is_public": bulletin.is_public, "document": bulletin.document_id} | after,
    )


@transaction.atomic
def mark_public(*, by: Any, at: datetime, bulletin: Bulletin, public: bool) -> Bulletin:
    """Mark (or unmark) the 通报 for public release; not while it is with the register."""
    bulletin = _lock(bulletin)
    if not can_manage(by, bulletin):
        raise PermissionDeniedError("只有区政府办的督查人员可以决定通报是否公开。")
    if bulletin.document is not None and bulletin.document.status in ACTIVE:
        raise BulletinError("通报已送门户网站发布流程，撤稿后才能更改公开属性。")
    bulletin.is_public = public
    bulletin.updated_at = at
    bulletin.save(update_fields=["is_public", "updated_at"])
    _audit(bulletin, by=by, at=at, action="marked_public" if public else "marked_internal")
    return bulletin


def _document_data(bulletin: Bulletin, office: Unit, text: str, at: datetime) -> Any:
    topic = Topic.objects.filter(name=BULLETIN_TOPIC).first() or Topic.objects.first()
    return documents.DocumentData(
        title=bulletin.title,
        fields={
            "genre": Genre.CIRCULAR,
            "column": BULLETIN_COLUMN,
            "disclosure": DisclosureAttribute.PROACTIVE,
            "disclosure_scope": DisclosureScope.FULL,
            "written_date": timezone.localdate(at),
            "topic": topic,
            "summary": public_text(bulletin).splitlines()[1],
            "body": text,
        },
        issuing_units=[office],
    )


@transaction.atomic
def publish_bulletin(*, by: Any, at: datetime, bulletin: Bulletin) -> Document:
    """Send an issued 通报 marked for public release into the register's review chain as a
    document of the 区政府办; the register publishes it after review. Refused (nothing
    changes) if it contains personal data."""
    bulletin = _lock(bulletin)
    if not can_manage(by, bulletin):
        raise PermissionDeniedError("只有区政府办的督查人员可以发布通报。")
    if bulletin.status != S.ISSUED:
        raise BulletinError("只有已印发的通报可以在门户网站发布。")
    if not bulletin.is_public:
        raise BulletinError("该通报未标记为公开发布，只在内部印发。")
    if bulletin.document is not None and bulletin.document.status in ACTIVE:
        raise BulletinError("通报已在门户网站发布流程中或已发布。")
    office = competent_office(bulletin.district)
    if office is None:
        raise BulletinError("本区没有设置区政府办公室，通报无法以其名义发布。")
    if not can_draft_in(by, office):
        raise PermissionDeniedError(
            f"发布须由{office.name}的经办人或负责人操作（公文登记和审核流程）。"
        )
    text = public_text(bulletin)
    findings = personal_data_findings(text)
    if findings:
        raise BulletinError(
            "通报含有个人信息，不能公开发布："
            + "；".join(f"“{f.excerpt}”" for f in findings)
            + "。请修改问题描述后再发布。"
        )
    data = _document_data(bulletin, office, text, at)
    document = bulletin.document
    if document is None or document.status == Status.WITHDRAWN:
        document = documents.register_document(by=by, at=at, unit=office, data=data)
    else:
        document = documents.update_document(by=by, at=at, document=document, data=data)
    bulletin.document = document
    bulletin.updated_at = at
    bulletin.save(update_fields=["document", "updated_at"])
    document = documents.submit_document(by=by, at=at, document=document)
    _audit(
        bulletin,
        by=by,
        at=at,
        action="sent_for_publication",
        index_number=document.index_number,
        document_status=str(document.status),
    )
    return document


@transaction.atomic
def withdraw_bulletin(*, by: Any, at: datetime, bulletin: Bulletin, reason: str) -> Document:
    """Withdraw the published 通报 from the portal (the register's 撤稿, with its reason)."""
    bulletin = _lock(bulletin)
    if not can_manage(by, bulletin):
        raise PermissionDeniedError("只有区政府办的督查人员可以撤回通报。")
    document = bulletin.document
    if document is None or document.status != Status.PUBLISHED:
        raise BulletinError("通报没有在门户网站发布，无需撤回。")
    if not reason.strip() or len(reason) > 5000:
        raise BulletinError("撤回时请写明理由（门户网站上将显示撤稿理由）。")
    document = documents.withdraw_document(by=by, at=at, document=document, reason=reason)
    _audit(bulletin, by=by, at=at, action="withdrawn_from_portal", reason=reason.strip())
    return document
