"""Which moves an application may make (条例 art. 45: 登记、审核、办理、答复、归档).

pending (awaiting the art. 31 confirmation) → processing
processing → correction (补正, art. 30) → processing (corrected) | closed (视为放弃)
processing → reasons (art. 35) → processing (reasons accepted) | replied (不予处理)
processing → fee (收费通知) → processing (paid) | closed (视为放弃)
processing → replied (arts. 36–39) → closed (delivered)
Consultations, extensions, transfers and 协办 keep the status; a withdrawal closes any open case.
"""

from __future__ import annotations

from zwgk.core.errors import TransitionError

from .models import OPEN_STATUSES, Status

OPEN = frozenset(OPEN_STATUSES)

# action → (allowed from-states, to-state); None keeps the status.
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "confirm": (frozenset({Status.PENDING}), Status.PROCESSING),
    "contact_failed": (frozenset({Status.PENDING}), None),
    "request_correction": (frozenset({Status.PROCESSING}), Status.CORRECTION),
    "receive_correction": (frozenset({Status.CORRECTION}), Status.PROCESSING),
    "lapse_correction": (frozenset({Status.CORRECTION}), Status.CLOSED),
    "consult": (frozenset({Status.PROCESSING}), None),
    "answer_consultation": (frozenset({Status.PROCESSING, Status.REASONS, Status.FEE}), None),
    "extend": (frozenset({Status.PROCESSING, Status.REASONS}), None),
    "request_reasons": (frozenset({Status.PROCESSING}), Status.REASONS),
    "accept_reasons": (frozenset({Status.REASONS}), Status.PROCESSING),
    "notify_fee": (frozenset({Status.PROCESSING}), Status.FEE),
    "record_payment": (frozenset({Status.FEE}), Status.PROCESSING),
    "lapse_fee": (frozenset({Status.FEE}), Status.CLOSED),
    "transfer": (frozenset({Status.PENDING, Status.PROCESSING}), None),
    "ask_assistance": (OPEN, None),
    "reply": (frozenset({Status.PROCESSING, Status.REASONS}), Status.REPLIED),
    "withdraw": (OPEN, Status.CLOSED),
    "deliver": (frozenset({Status.REPLIED, Status.CLOSED}), Status.CLOSED),
    "claim": (OPEN | {Status.REPLIED}, None),
}

LABELS = {
    "confirm": "确认收到申请",
    "contact_failed": "登记未能联系申请人",
    "request_correction": "告知补正",
    "receive_correction": "登记补正",
    "lapse_correction": "按逾期不补正处理",
    "consult": "征求意见",
    "answer_consultation": "登记征求意见结果",
    "extend": "延长答复期限",
    "request_reasons": "要求说明理由",
    "accept_reasons": "认可申请理由",
    "notify_fee": "发出收费通知",
    "record_payment": "登记缴费",
    "lapse_fee": "按逾期未缴费处理",
    "transfer": "转办",
    "ask_assistance": "请求协办",
    "reply": "答复",
    "withdraw": "登记撤回申请",
    "deliver": "登记送达",
    "claim": "认领",
}


def allowed(action: str, status: str) -> bool:
    return status in TRANSITIONS[action][0]


def check(action: str, status: str) -> str:
    """The status after `action`, or TransitionError with a Chinese message."""
    permitted, target = TRANSITIONS[action]
    if status not in permitted:
        raise TransitionError(f"当前状态“{Status(status).label}”下不能{LABELS[action]}。")
    return target or status
