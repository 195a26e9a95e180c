"""Which filings an account may start, and where approval or return takes it
(铜府办发〔2019〕16号 二（一）: 开设、变更、关停、注销 each agreed by the unit head and filed with
the district office).

(none) --open--> 申请中 --approved--> 已开设 | --returned--> 未通过
已开设 --change--> 变更中 --approved--> 已开设 (changes applied) | --returned--> 已开设
已开设 --close (停更公告 published first)--> 停更公告 --approved--> 已关停 | --returned--> 已开设
已开设 | 已关停 --cancel (public announcement)--> (status kept)
        --approved--> 已注销 | --returned--> (kept)
"""

from __future__ import annotations

from zwgk.core.errors import TransitionError

from .models import FilingKind, Status

# kind → (statuses the account may be in, status while the filing is pending; None keeps it)
START: dict[str, tuple[frozenset[str], str | None]] = {
    FilingKind.OPEN: (frozenset({""}), Status.APPLYING),
    FilingKind.CHANGE: (frozenset({Status.OPEN}), Status.CHANGING),
    FilingKind.CLOSE: (frozenset({Status.OPEN}), Status.SUSPENSION_NOTICE),
    FilingKind.CANCEL: (frozenset({Status.OPEN, Status.CLOSED}), None),
}

# kind → status once the district office has filed it
ON_APPROVE: dict[str, str] = {
    FilingKind.OPEN: Status.OPEN,
    FilingKind.CHANGE: Status.OPEN,
    FilingKind.CLOSE: Status.CLOSED,
    FilingKind.CANCEL: Status.CANCELLED,
}

STATUS_LABEL = {
    Status.APPLYING: "申请中",
    Status.OPEN: "已开设",
    Status.CHANGING: "变更中",
    Status.SUSPENSION_NOTICE: "停更公告",
    Status.CLOSED: "已关停",
    Status.CANCELLED: "已注销",
    Status.REJECTED: "未通过",
}

KIND_LABEL = {
    FilingKind.OPEN: "开设",
    FilingKind.CHANGE: "变更",
    FilingKind.CLOSE: "关停",
    FilingKind.CANCEL: "注销",
}


def check_start(kind: str, status: str) -> str | None:
    """The status while the filing is pending, or TransitionError."""
    allowed, during = START[kind]
    if status not in allowed:
        current = STATUS_LABEL.get(status, "未登记")
        raise TransitionError(f"账号当前状态为“{current}”，不能提交{KIND_LABEL[kind]}备案。")
    return during


def status_on_return(kind: str, from_status: str) -> str:
    return Status.REJECTED if kind == FilingKind.OPEN else from_status
