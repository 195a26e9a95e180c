"""The review chain of a document: 分级审核、先审后发 (铜府办发〔2019〕16号 二(三)).

draft/returned → deputy_review (分管负责人) → head_review (主要负责人, the 第一责任人)
  → office_review (区政府办, only for documents issued in the name of 区政府 or 区政府办)
  → approved → published (or scheduled → published); non-proactive documents end as registered.
Any review step may return the document with reasons. An edit after approval goes back to draft.
"""

from __future__ import annotations

from zwgk.core.errors import TransitionError

from .models import Status

# action → (allowed from-states, to-state); `None` means decided by the service (next stage).
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "submit": (frozenset({Status.DRAFT, Status.RETURNED}), Status.DEPUTY_REVIEW),
    "auto_return": (frozenset({Status.DRAFT, Status.RETURNED}), Status.RETURNED),
    "approve": (
        frozenset({Status.DEPUTY_REVIEW, Status.HEAD_REVIEW, Status.OFFICE_REVIEW}),
        None,
    ),
    "return": (
        frozenset({Status.DEPUTY_REVIEW, Status.HEAD_REVIEW, Status.OFFICE_REVIEW}),
        Status.RETURNED,
    ),
    "edit": (
        frozenset({Status.DRAFT, Status.RETURNED, Status.APPROVED, Status.SCHEDULED}),
        None,
    ),
    "publish": (frozenset({Status.APPROVED, Status.SCHEDULED}), Status.PUBLISHED),
    "schedule": (frozenset({Status.APPROVED}), Status.SCHEDULED),
    "unschedule": (frozenset({Status.SCHEDULED}), Status.APPROVED),
    "withdraw": (frozenset({Status.PUBLISHED}), Status.WITHDRAWN),
}

LABELS = {
    "submit": "提交审核",
    "auto_return": "退文",
    "approve": "审核通过",
    "return": "退回",
    "edit": "修改",
    "publish": "发布",
    "schedule": "定时发布",
    "unschedule": "取消定时发布",
    "withdraw": "撤稿",
}


def check(action: str, status: str) -> None:
    allowed, _ = TRANSITIONS[action]
    if status not in allowed:
        raise TransitionError(f"当前状态“{Status(status).label}”下不能{LABELS[action]}。")


def next_review_stage(current: str, needs_office_check: bool) -> str:
    """After an approval at `current`, where the document goes."""
    if current == Status.DEPUTY_REVIEW:
        return Status.HEAD_REVIEW
    if current == Status.HEAD_REVIEW:
        return Status.OFFICE_REVIEW if needs_office_check else Status.APPROVED
    return Status.APPROVED
