"""Restore drill (issue 5 item 9; security.md T25): data made through the services is backed up
with `zwgk backup`, restored into a fresh database, and every table's row count and content hash
is compared with the manifest and with the live database. Wrong keys, damaged archives and
non-empty targets are refused with nothing changed. Runs on SQLite (make test) and PostgreSQL
(make test-pg)."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from zwgk.core import backup
from zwgk.core.models import AuditEvent
from zwgk.disclosure_requests.tests.helpers import ID, register
from zwgk.orgs import services
from zwgk.orgs.models import User

KEY = base64.b64encode(b"K" * 32).decode()
OTHER_KEY = base64.b64encode(b"X" * 32).decode()
AUDIT_TABLES = {"core_auditevent", "core_auditchainhead"}

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def backup_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZWGK_BACKUP_KEY", KEY)


@pytest.fixture
def filled(district: Any, officer_a: User, head_a: User, officer_b: User) -> None:
    """Rows in many tables, all through the services: units, users, memberships, applications
    with encrypted personal data, their events and the audit chain."""
    at = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    for n in range(5):
        services.create_user(
            by=None, at=at, username=f"drill{n}", full_name=f"演练用户{n}", password=None
        )
    for day in ("2026-02-10", "2026-02-11", "2026-02-12"):
        register(officer_a, district.unit_a, day=day)
    register(officer_b, district.unit_b, day="2026-02-13")


def live_tables() -> dict[str, Any]:
    target = backup.Target.from_alias()
    if target.vendor == "sqlite":
        import sqlite3

        conn = sqlite3.connect(target.name)
        try:
            return backup.sqlite_tables(conn)
        finally:
            conn.close()
    with target.pg_connect() as conn, conn.cursor() as cursor:
        return backup.pg_tables(cursor)


@pytest.fixture
def fresh_target(tmp_path: Path) -> Iterator[backup.Target]:
    """An empty database of the same vendor as the configured one."""
    configured = backup.Target.from_alias()
    if configured.vendor == "sqlite":
        yield backup.Target("sqlite", str(tmp_path / "fresh.sqlite3"))
        return
    name = f"zwgk_drill_{secrets.token_hex(4)}"
    with configured.pg_connect() as conn:
        conn.autocommit = True
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield configured.with_name(name)
    finally:
        with configured.pg_connect() as conn:
            conn.autocommit = True
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_restore_drill_tables_equal(filled: None, tmp_path: Path, fresh_target: Any) -> None:
    archive = tmp_path / "drill.zbak"
    out: list[str] = []
    before = live_tables()
    manifest = backup.create_backup(archive, at=datetime.now(UTC), progress=out.append)
    assert out and out[-1].startswith("备份完成")
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"] == before
    assert manifest["tables"]["disclosure_requests_disclosurerequest"]["rows"] == 4
    assert manifest["tables"]["core_auditevent"]["rows"] > 10
    # the archive is encrypted: no seeded plaintext, no SQLite header, no table names
    raw = archive.read_bytes()
    for needle in (ID.encode(), "演练用户".encode(), b"SQLite format", b"core_auditevent"):
        assert needle not in raw

    result = backup.restore_backup(archive, target=fresh_target)
    assert result.mismatches == []
    assert result.tables == manifest["tables"]
    equal = sum(result.tables[name] == before[name] for name in before)
    assert equal == len(before) > 20  # tables equal 100 %


def test_commands_backup_then_force_restore(filled: None, tmp_path: Path, capsys: Any) -> None:
    archive = tmp_path / "cmd.zbak"
    call_command("backup", out=str(archive))
    printed = capsys.readouterr().out
    assert "清单" in printed and "备份完成" in printed
    snapshot = live_tables()  # includes the core.backup.created audit row
    assert AuditEvent.objects.filter(action="core.backup.created").count() == 1

    services.create_user(
        by=None, at=datetime.now(UTC), username="after", full_name="备份之后", password=None
    )
    with pytest.raises(CommandError, match="不是空的"):
        call_command("restore", str(archive))
    assert User.objects.filter(username="after").exists()  # nothing changed

    call_command("restore", str(archive), force=True)
    assert "校验通过" in capsys.readouterr().out
    assert not User.objects.filter(username="after").exists()
    assert AuditEvent.objects.filter(action="core.backup.restored").count() == 1
    restored = live_tables()
    for name, figures in snapshot.items():
        if name not in AUDIT_TABLES:
            assert restored[name] == figures, name
    # the archive was written before its own audit row; the restore appends one
    in_archive = backup.read_manifest(archive)["tables"]["core_auditevent"]["rows"]
    assert in_archive == snapshot["core_auditevent"]["rows"] - 1
    assert restored["core_auditevent"]["rows"] == in_archive + 1


def test_wrong_key_restore_fails_and_changes_nothing(
    filled: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "k.zbak"
    backup.create_backup(archive, at=datetime.now(UTC))
    before = live_tables()
    monkeypatch.setenv("ZWGK_BACKUP_KEY", OTHER_KEY)
    with pytest.raises(CommandError, match="密钥不正确"):
        call_command("restore", str(archive), force=True)
    assert live_tables() == before


@pytest.mark.parametrize("where", [20, -5, "truncate", "header"])
def test_damaged_archive_is_refused(
    filled: None, tmp_path: Path, fresh_target: Any, where: Any
) -> None:
    archive = tmp_path / "d.zbak"
    backup.create_backup(archive, at=datetime.now(UTC))
    raw = bytearray(archive.read_bytes())
    if where == "truncate":
        raw = raw[: len(raw) - 100]
    elif where == "header":
        raw[0] ^= 1
    else:
        raw[where] ^= 1
    archive.write_bytes(bytes(raw))
    with pytest.raises(backup.BackupError, match="数据库未作任何更改"):
        backup.restore_backup(archive, target=fresh_target)


def test_dropped_last_chunk_is_detected(tmp_path: Path) -> None:
    plain = tmp_path / "p"
    plain.write_bytes(secrets.token_bytes(backup.CHUNK + 10))
    sealed = tmp_path / "s"
    backup.encrypt_file(plain, sealed, base64.b64decode(KEY))
    raw = sealed.read_bytes()
    first = int.from_bytes(raw[16:20], "big")
    sealed.write_bytes(raw[: 20 + first])  # only the first of two chunks
    with pytest.raises(backup.BackupError):
        backup.decrypt_file(sealed, tmp_path / "out", base64.b64decode(KEY))
    backup.encrypt_file(plain, sealed, base64.b64decode(KEY))
    backup.decrypt_file(sealed, tmp_path / "out", base64.b64decode(KEY))
    assert (tmp_path / "out").read_bytes() == plain.read_bytes()


def test_key_configuration_errors(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    settings.DEMO = False
    monkeypatch.delenv("ZWGK_BACKUP_KEY")
    with pytest.raises(backup.BackupError, match="未配置备份密钥"):
        backup.backup_key()
    monkeypatch.setenv("ZWGK_BACKUP_KEY", base64.b64encode(b"short").decode())
    with pytest.raises(backup.BackupError, match="格式错误"):
        backup.backup_key()
    monkeypatch.setenv("ZWGK_BACKUP_KEY", "not base64!")
    with pytest.raises(backup.BackupError, match="格式错误"):
        backup.backup_key()


def test_demo_generates_a_private_key(
    monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path
) -> None:
    settings.DEMO = True
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("ZWGK_BACKUP_KEY")
    key = backup.backup_key()
    assert len(key) == 32 and backup.backup_key() == key
    assert (tmp_path / "backup_key").stat().st_mode & 0o777 == 0o600
