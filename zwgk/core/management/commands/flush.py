"""`zwgk flush` — Django's flush, but the audit trail is append-only (security.md L3-CES1-14).

Emptying the database also deletes audit rows, which the database triggers refuse. Only where
settings.ZWGK_AUDIT_ALLOW_FLUSH is true (the test settings, whose TransactionTestCase empties
the database after each test) are the triggers lifted for the one flush transaction. Anywhere
else the command refuses before touching anything.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import flush
from django.db import connections
from django.utils.translation import gettext as _

from zwgk.core import audit_guard


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        if not getattr(settings, "ZWGK_AUDIT_ALLOW_FLUSH", False):
            raise CommandError(
                _(
                    "Audit records can only be appended, never deleted, so this system does not "
                    "empty its database (flush). To start the demo afresh, delete the database "
                    "file under var/ and run make run again."
                )
            )
        with audit_guard.suspended(connections[options["database"]]):
            super().handle(**options)
