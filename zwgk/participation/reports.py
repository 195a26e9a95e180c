"""The 意见采纳情况 (adoption results) of a consultation, generated from the dispositions
(seed notice §一(二)1 "公开意见采纳情况，不予采纳的要说明理由"; 条例 art. 32).

Built from the data every time it is shown (the dispositions are frozen once published:
services refuse any change after publication). A comment is published only as an excerpt with
personal data masked (textcheck: identity, mobile and bank-card numbers) and never with its
writer's name or contact details; a comment held by moderation is listed with its number,
disposition and reason, but not its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zwgk.contentcheck.selectors import get_checker
from zwgk.textcheck import highlight

from .models import Comment, Consultation
from .statute import Channel, Disposition

EXCERPT_CHARS = 500


def public_excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The text with personal data masked, cut to `limit` characters."""
    shown = "".join(segment.text for segment in highlight(text, get_checker().check(text)))
    return shown if len(shown) <= limit else shown[:limit] + "……"


@dataclass
class Row:
    number: int
    channel: str
    excerpt: str  # "" when held back
    disposition: str
    disposition_label: str
    reason: str
    group_title: str = ""
    participants: int | None = None

    @property
    def anchor(self) -> str:
        return f"c-{self.number}"


@dataclass
class ReasonGroup:
    disposition_label: str
    reason: str
    numbers: list[int] = field(default_factory=list)
    title: str = ""


@dataclass
class Report:
    consultation: Consultation
    total: int
    counts: list[tuple[str, int]]  # (label, count) in the order 采纳, 部分采纳, 未采纳
    unanswered: int
    rows: list[Row]
    reasons: list[ReasonGroup]
    by_channel: list[tuple[str, int]]

    @property
    def has_comments(self) -> bool:
        return self.total > 0


def build_report(consultation: Consultation, *, for_public: bool = True) -> Report:
    comments = list(consultation.comments.select_related("group").order_by("number"))
    rows: list[Row] = []
    counts = dict.fromkeys(Disposition.values, 0)
    unanswered = 0
    reasons: dict[tuple[str, str, int | None], ReasonGroup] = {}
    channels: dict[str, int] = {}
    for cm in comments:
        disposition = cm.effective_disposition
        if disposition:
            counts[disposition] += 1
        else:
            unanswered += 1
        channels[cm.channel] = channels.get(cm.channel, 0) + 1
        held = cm.moderation == Comment.Moderation.HELD
        excerpt = "" if (held and for_public) else public_excerpt(cm.body)
        label = Disposition(disposition).label if disposition else ""
        reason = cm.effective_reason
        rows.append(
            Row(
                number=cm.number,
                channel=Channel(cm.channel).label,
                excerpt=excerpt,
                disposition=disposition,
                disposition_label=label,
                reason=reason,
                group_title=cm.group.title if cm.group_id and cm.group else "",
                participants=cm.participants,
            )
        )
        if disposition in (Disposition.NOT_ADOPTED, Disposition.PARTLY) and reason:
            key = (disposition, reason, cm.group_id)
            if key not in reasons:
                reasons[key] = ReasonGroup(
                    disposition_label=label,
                    reason=reason,
                    title=cm.group.title if cm.group_id and cm.group else "",
                )
            reasons[key].numbers.append(cm.number)
    return Report(
        consultation=consultation,
        total=len(comments),
        counts=[(Disposition(value).label, counts[value]) for value in Disposition.values],
        unanswered=unanswered,
        rows=rows,
        reasons=list(reasons.values()),
        by_channel=[(Channel(k).label, v) for k, v in sorted(channels.items())],
    )
