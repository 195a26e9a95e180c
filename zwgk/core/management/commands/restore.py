"""`zwgk restore FILE [--force]`: restore an archive of `zwgk backup` into the configured database.

The archive is decrypted and checked in full before the database is touched: a wrong
ZWGK_BACKUP_KEY or a damaged file stops with a Chinese message and changes nothing. A database
that already has tables is refused unless --force. After restoring, every table's row count and
content hash is compared with the manifest (the restore drill figure); a mismatch is an error.
An audit row (core.backup.restored) is appended to the restored database afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections, transaction
from django.utils import timezone

from zwgk.core import audit, backup


class Command(BaseCommand):
    help = "Restore an encrypted backup into the configured database and verify it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="archive written by `zwgk backup`")
        parser.add_argument(
            "--force", action="store_true", help="overwrite a database that already has tables"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["file"])
        # The restore runs on its own connections; Django's must not hold the file or a lock.
        connections["default"].close()
        try:
            result = backup.restore_backup(
                archive, force=options["force"], progress=self.stdout.write
            )
        except backup.BackupError as error:
            raise CommandError(error.message) from error
        if result.mismatches:
            raise CommandError("恢复后校验未通过：" + "；".join(result.mismatches))
        with transaction.atomic():
            audit.record(
                action="core.backup.restored",
                by=None,
                at=timezone.now(),
                target_type="backup",
                target_id=archive.name,
                target_label=archive.name,
                after={
                    "created_at": result.manifest["created_at"],
                    "tables": len(result.tables),
                    "rows": sum(t["rows"] for t in result.tables.values()),
                },
            )
