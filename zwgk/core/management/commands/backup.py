"""`zwgk backup [--out FILE]`: an encrypted, verified archive of the database (zwgk/core/backup.py).

SQLite is copied with the online backup API, PostgreSQL with pg_dump (custom format); the archive
is AES-256-GCM encrypted with ZWGK_BACKUP_KEY and carries a manifest of every table's row count
and content hash, which `zwgk restore` checks. Default output: var/backups/zwgk-<UTC time>.zbak.
One audit row (core.backup.created) is written after the archive is complete.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from zwgk.core import audit, backup


class Command(BaseCommand):
    help = "Write an encrypted backup of the database (with a manifest of table hashes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", help="archive file (default var/backups/zwgk-<time>.zbak)")
        parser.add_argument(
            "--genkey", action="store_true", help="print a new key for ZWGK_BACKUP_KEY and stop"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["genkey"]:
            self.stdout.write(backup.generate_key())
            return
        now = timezone.now()
        out = Path(
            options["out"] or Path(settings.VAR_DIR) / "backups" / f"zwgk-{now:%Y%m%dT%H%M%SZ}.zbak"
        )
        try:
            manifest = backup.create_backup(out, at=now, progress=self.stdout.write)
        except backup.BackupError as error:
            raise CommandError(error.message) from error
        with transaction.atomic():
            audit.record(
                action="core.backup.created",
                by=None,
                at=timezone.now(),
                target_type="backup",
                target_id=out.name,
                target_label=out.name,
                after={
                    "vendor": manifest["vendor"],
                    "tables": len(manifest["tables"]),
                    "rows": sum(t["rows"] for t in manifest["tables"].values()),
                    "sha256": manifest["database_sha256"],
                },
            )
