"""The consultation and meeting workflows: which moves are legal from which state.

Consultation: draft → submitted (by the unit) → approved (by the unit head; the district office
reads along) → open (by itself on the first day, periodic job) → closed (by itself after the last
day) → results_published (the 意见采纳情况 with the decision, refused while a comment lacks a
disposition). A head may return a submitted draft to draft with a reason.

Meeting: draft → announced (agenda and invitations public, registration open) → held →
outcome_published (议定事项 and related documents).
"""

from __future__ import annotations

from zwgk.core.errors import TransitionError

from .models import MeetingStatus, Status

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "edit": (frozenset({Status.DRAFT}), Status.DRAFT),
    "submit": (frozenset({Status.DRAFT}), Status.SUBMITTED),
    "return": (frozenset({Status.SUBMITTED}), Status.DRAFT),
    "approve": (frozenset({Status.SUBMITTED}), Status.APPROVED),
    "open": (frozenset({Status.APPROVED}), Status.OPEN),
    "close": (frozenset({Status.OPEN}), Status.CLOSED),
    "add_comment": (frozenset({Status.OPEN, Status.CLOSED}), Status.OPEN),  # to-state unused
    "answer": (frozenset({Status.OPEN, Status.CLOSED}), Status.CLOSED),  # to-state unused
    "publish_results": (frozenset({Status.CLOSED}), Status.RESULTS_PUBLISHED),
}

LABELS = {
    "edit": "修改",
    "submit": "提交审核",
    "return": "退回修改",
    "approve": "审核通过",
    "open": "开始征求意见",
    "close": "结束征求意见",
    "add_comment": "登记意见",
    "answer": "答复意见",
    "publish_results": "公布意见采纳情况",
}

MEETING_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "edit": (frozenset({MeetingStatus.DRAFT}), MeetingStatus.DRAFT),
    "announce": (frozenset({MeetingStatus.DRAFT}), MeetingStatus.ANNOUNCED),
    "invite": (frozenset({MeetingStatus.DRAFT, MeetingStatus.ANNOUNCED}), MeetingStatus.DRAFT),
    "register": (frozenset({MeetingStatus.ANNOUNCED}), MeetingStatus.ANNOUNCED),
    "mark_held": (frozenset({MeetingStatus.ANNOUNCED}), MeetingStatus.HELD),
    "publish_outcome": (frozenset({MeetingStatus.HELD}), MeetingStatus.OUTCOME_PUBLISHED),
}

MEETING_LABELS = {
    "edit": "修改",
    "announce": "发布会议公告",
    "invite": "邀请列席",
    "register": "报名",
    "mark_held": "登记会议已召开",
    "publish_outcome": "公开议定事项",
}


def _check(table: dict, labels: dict, action: str, status: str) -> str:
    allowed, target = table[action]
    if status not in allowed:
        raise TransitionError(f"当前状态下不能“{labels[action]}”。")
    return target


def check(action: str, status: str) -> str:
    return _check(TRANSITIONS, LABELS, action, status)


def check_meeting(action: str, status: str) -> str:
    return _check(MEETING_TRANSITIONS, MEETING_LABELS, action, status)
