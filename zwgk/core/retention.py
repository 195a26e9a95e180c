"""Retention of the audit trail (网络安全法 art. 21/23, GB/T 22239 §8.1.5; security.md §2.3).

Owns the setting ZWGK_AUDIT_RETENTION_DAYS (default 400 days online, never below 183 days ≈ six
months) and the start-up system check `core.E101` that refuses a shorter or malformed value, so a
deployment cannot be configured to lose audit records the law requires it to keep.

Pruning is deliberately NOT implemented yet; the design (docs/security.md, "Audit retention")
is a sanctioned command that, inside one transaction, writes a checkpoint row carrying the hash
of the last pruned row, deletes only rows older than the retention (never younger than 183
days) with the append-only triggers lifted through zwgk.core.audit_guard for that transaction,
and lets the chain verifier start from the checkpoint instead of the genesis hash.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

DEFAULT_DAYS = 400
MINIMUM_DAYS = 183


def _configured() -> Any:
    return getattr(settings, "ZWGK_AUDIT_RETENTION_DAYS", DEFAULT_DAYS)


def retention_days() -> int:
    """The configured retention in days (the system check guarantees it is ≥ MINIMUM_DAYS)."""
    return max(int(_configured()), MINIMUM_DAYS)


def check_retention(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    value = _configured()
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = None
    if days is None or isinstance(value, bool) or days < MINIMUM_DAYS:
        return [
            checks.Error(
                f"ZWGK_AUDIT_RETENTION_DAYS={value!r}: 审计记录须至少保存 {MINIMUM_DAYS} 天"
                "（六个月，《网络安全法》），请设置不小于该值的整数。",
                hint=f"Unset it for the default of {DEFAULT_DAYS} days.",
                id="core.E101",
            )
        ]
    return []
