"""`zwgk audit verify`: walk the whole audit chain and say whether it still holds.

Exit status 0 and "审计链完整：共 N 条记录" when every row is in place; otherwise a non-zero
status and the FIRST broken row — its number, time and action, and whether it was altered,
deleted or inserted, or the tail of the chain was cut. It also fails when the database's
append-only triggers are missing or disabled. A progress bar (tqdm) goes to stderr when that is
a terminal, or always with --progress.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _
from tqdm import tqdm

from zwgk.core import audit, audit_guard
from zwgk.core.models import AuditEvent


def _when(value: datetime | None) -> str:
    return audit.format_time(value) if value is not None else "—"


def _neighbour(brief: tuple[int, datetime, str] | None) -> str:
    if brief is None:
        return _("none")
    seq, occurred_at, action = brief
    return _("No. %(seq)s, %(time)s, %(action)s") % {
        "seq": seq,
        "time": _when(occurred_at),
        "action": action,
    }


def describe(found: audit.ChainBreak) -> str:
    """The first break in words, naming the row."""
    row = {"seq": found.seq, "time": _when(found.occurred_at), "action": found.action}
    if found.kind == audit.ALTERED:
        return (
            _(
                "Audit chain broken at record No. %(seq)s (%(time)s, %(action)s): "
                "the record was altered."
            )
            % row
        )
    if found.kind == audit.INSERTED:
        return (
            _(
                "Audit chain broken at record No. %(seq)s (%(time)s, %(action)s): "
                "the record was inserted afterwards."
            )
            % row
        )
    if found.kind == audit.DELETED:
        return _(
            "Audit chain broken at record No. %(seq)s: the record was deleted "
            "(previous: %(before)s; next: %(after)s)."
        ) % {"seq": found.seq, "before": _neighbour(found.before), "after": _neighbour(found.after)}
    if found.kind == audit.TRUNCATED:
        return _(
            "Audit chain broken at record No. %(seq)s: the tail of the chain was cut — the "
            "chain head says the records go on, the table ends at %(before)s."
        ) % {"seq": found.seq, "before": _neighbour(found.before)}
    return _("Audit chain broken: the chain head record is missing (last record: %(before)s).") % {
        "before": _neighbour(found.before)
    }


class Command(BaseCommand):
    help = _("Audit trail tools. verify: check that the audit chain is complete and unaltered.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help=_("Verify the whole audit chain."))
        verify.add_argument(
            "--progress", action="store_true", help=_("Show a progress bar even without a TTY.")
        )
        verify.add_argument("--batch", type=int, default=2000, help=_("Rows read per query."))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self.verify(progress=options["progress"], batch=max(1, options["batch"]))

    def verify(self, *, progress: bool, batch: int) -> None:
        missing = audit_guard.missing_triggers(connection)
        show = progress or self.stderr.isatty()
        bar = tqdm(
            total=AuditEvent.objects.count() if show else None,
            file=self.stderr._out,
            disable=not show,
            unit=_("records"),
            desc=_("Verifying"),
        )
        try:
            report = audit.verify_chain(batch=batch, on_progress=bar.update)
        finally:
            bar.close()
        if report.first_break is not None:
            raise CommandError(describe(report.first_break), returncode=2)
        if missing:
            raise CommandError(
                _("The audit records are intact, but the append-only triggers are missing: %s")
                % ", ".join(missing),
                returncode=3,
            )
        self.stdout.write(_("Audit chain intact: %(count)s records") % {"count": report.count})
        if report.count:
            self.stdout.write(
                _("Last record: No. %(seq)s, hash %(hash)s")
                % {
                    "seq": report.last_seq,
                    "hash": report.last_hash,
                }
            )
