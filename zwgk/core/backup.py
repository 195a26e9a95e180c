"""Encrypted backups of the database and their restore (issue 5 item 9; security.md §2.6, §7.6).

An archive is one file:

    MAGIC (8 bytes) | nonce prefix (8 bytes) | chunks…

each chunk `length (4 bytes, big-endian) | AES-256-GCM ciphertext+tag` of at most CHUNK bytes of
plaintext, nonce = prefix | chunk number (4 bytes), associated data = magic | prefix | chunk number
| last-chunk flag, so chunks cannot be reordered, dropped or the archive cut short unnoticed. The
plaintext is a tar stream with `manifest.json` (time, database vendor, per-table row counts and
content hashes) and the database itself: an SQLite copy made with the online backup API (never
the file without its -wal), or a `pg_dump --format=custom` taken in the same snapshot that the
manifest hashes were computed in.

Restore decrypts the whole archive into a private temporary directory first (a wrong key or a
damaged file stops there, before the database is touched), refuses a non-empty target unless
forced, restores, then recomputes every table's row count and hash and compares them with the
manifest. The key comes from ZWGK_BACKUP_KEY (base64 of 32 bytes); the demo generates one under
var/ like its secret key. Keep the key apart from the backups.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import io
import json
import os
import secrets
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import connections

from zwgk.core.errors import DomainError

MAGIC = b"ZWGKBK1\n"
CHUNK = 1 << 20
FORMAT_VERSION = 1
KEY_ENV = "ZWGK_BACKUP_KEY"

Progress = Callable[[str], None]


class BackupError(DomainError):
    """A backup or restore that could not be done; nothing was changed."""


# --- Key -------------------------------------------------------------------------------------


def generate_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def backup_key() -> bytes:
    """The archive key: ZWGK_BACKUP_KEY, or in demo mode a key generated under var/."""
    value = os.environ.get(KEY_ENV, "").strip()
    if not value and getattr(settings, "DEMO", False):
        key_file = Path(settings.VAR_DIR) / "backup_key"
        if not key_file.exists():
            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_text(generate_key() + "\n")
            key_file.chmod(0o600)
        value = key_file.read_text().strip()
    if not value:
        raise BackupError(f"未配置备份密钥：请设置环境变量 {KEY_ENV}（32 字节密钥的 base64）。")
    return decode_key(value)


def decode_key(value: str) -> bytes:
    try:
        key = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError) as error:
        raise BackupError(f"备份密钥格式错误：{KEY_ENV} 应为 32 字节密钥的 base64。") from error
    if len(key) != 32:
        raise BackupError(f"备份密钥格式错误：{KEY_ENV} 应为 32 字节密钥的 base64。")
    return key


# --- Chunked AES-GCM --------------------------------------------------------------------------

WRONG_KEY = "备份文件无法解密：密钥不正确或文件已损坏。数据库未作任何更改。"


def _aad(prefix: bytes, number: int, last: bool) -> bytes:
    return MAGIC + prefix + struct.pack(">IB", number, 1 if last else 0)


def encrypt_file(source: Path, target: Path, key: bytes) -> None:
    aead = AESGCM(key)
    prefix = secrets.token_bytes(8)
    size = source.stat().st_size
    chunks = max(1, -(-size // CHUNK))
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with source.open("rb") as src, os.fdopen(fd, "wb") as out:
        out.write(MAGIC + prefix)
        for number in range(chunks):
            plain = src.read(CHUNK)
            last = number == chunks - 1
            nonce = prefix + struct.pack(">I", number)
            sealed = aead.encrypt(nonce, plain, _aad(prefix, number, last))
            out.write(struct.pack(">I", len(sealed)) + sealed)
        out.flush()
        os.fsync(out.fileno())


def decrypt_file(source: Path, target: Path, key: bytes) -> None:
    aead = AESGCM(key)
    with source.open("rb") as src, target.open("wb") as out:
        head = src.read(len(MAGIC) + 8)
        if len(head) != len(MAGIC) + 8 or not head.startswith(MAGIC):
            raise BackupError("不是 zwgk 备份文件（文件头不符）。数据库未作任何更改。")
        prefix = head[len(MAGIC) :]
        number = 0
        pending = src.read(4)
        while pending:
            if len(pending) != 4:
                raise BackupError(WRONG_KEY)
            (length,) = struct.unpack(">I", pending)
            sealed = src.read(length)
            if len(sealed) != length or length > CHUNK + 16:
                raise BackupError(WRONG_KEY)
            pending = src.read(4)
            nonce = prefix + struct.pack(">I", number)
            try:
                plain = aead.decrypt(nonce, sealed, _aad(prefix, number, not pending))
            except InvalidTag as error:
                raise BackupError(WRONG_KEY) from error
            out.write(plain)
            number += 1
        if number == 0:
            raise BackupError(WRONG_KEY)


# --- Table hashes -----------------------------------------------------------------------------


def _canon(value: Any) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, bytes | bytearray | memoryview):
        return "b" + bytes(value).hex()
    if isinstance(value, datetime | date | time):
        return "d" + value.isoformat()
    if isinstance(value, Decimal):
        return "n" + format(value.normalize(), "f")
    if isinstance(value, dict | list):
        return "j" + json.dumps(value, sort_keys=True, ensure_ascii=False)
    return type(value).__name__[0] + str(value)


def _table_digest(rows: Iterator[tuple[Any, ...]]) -> tuple[int, str]:
    """Row count and an order-independent hash (sorted row hashes) of a table's rows."""
    digests = [
        hashlib.sha256("\x1f".join(_canon(v) for v in row).encode()).digest() for row in rows
    ]
    digests.sort()
    total = hashlib.sha256()
    for digest in digests:
        total.update(digest)
    return len(digests), total.hexdigest()


def sqlite_tables(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    result = {}
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        count, digest = _table_digest(conn.execute(f"SELECT * FROM {quoted}"))  # noqa: S608
        result[name] = {"rows": count, "sha256": digest}
    return result


def pg_tables(cursor: Any) -> dict[str, dict[str, Any]]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    names = [row[0] for row in cursor.fetchall()]
    result = {}
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names from the catalogue
        count, digest = _table_digest(iter(cursor.fetchall()))
        result[name] = {"rows": count, "sha256": digest}
    return result


# --- Database access --------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A database to back up or restore into: vendor and its connection settings."""

    vendor: str  # "sqlite" or "postgresql"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_alias(cls, alias: str = "default") -> Target:
        conn = connections[alias]
        s = conn.settings_dict
        return cls(
            vendor=conn.vendor,
            name=str(s["NAME"]),
            user=s.get("USER") or "",
            password=s.get("PASSWORD") or "",
            host=s.get("HOST") or "",
            port=str(s.get("PORT") or ""),
        )

    def with_name(self, name: str) -> Target:
        return Target(self.vendor, name, self.user, self.password, self.host, self.port)

    def pg_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(PGDATABASE=self.name, PGUSER=self.user, PGHOST=self.host, PGPORT=self.port)
        if self.password:
            env["PGPASSWORD"] = self.password
        return {k: v for k, v in env.items() if v}

    def pg_connect(self) -> Any:
        import psycopg

        return psycopg.connect(
            dbname=self.name,
            user=self.user or None,
            password=self.password or None,
            host=self.host or None,
            port=self.port or None,
        )


def pg_tool(name: str) -> str:
    """The newest Debian PostgreSQL client binary (pg_dump must not be older than the server)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if found:
        return str(found[-1])
    path = shutil.which(name)
    if not path:
        raise BackupError(f"找不到 PostgreSQL 工具 {name}：请安装 Debian 的 postgresql-client。")
    return path


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise BackupError(f"{Path(args[0]).name} 失败：" + " / ".join(tail))


# --- Backup -----------------------------------------------------------------------------------


def _say(progress: Progress | None, message: str) -> None:
    if progress:
        progress(message)


def create_backup(
    out: Path, *, target: Target | None = None, at: datetime, progress: Progress | None = None
) -> dict[str, Any]:
    """Write an encrypted archive of the database to `out`; returns its manifest."""
    target = target or Target.from_alias()
    key = backup_key()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="zwgk-backup-") as work_dir:
        work = Path(work_dir)
        if target.vendor == "sqlite":
            db_file, tables = _dump_sqlite(target, work, progress)
        elif target.vendor == "postgresql":
            db_file, tables = _dump_pg(target, work, progress)
        else:
            raise BackupError(f"不支持的数据库类型：{target.vendor}")
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": at.astimezone(UTC).isoformat(),
            "vendor": target.vendor,
            "database_file": db_file.name,
            "database_sha256": _file_sha256(db_file),
            "tables": tables,
        }
        _say(progress, f"清单：{len(tables)} 张表，共 {sum(t['rows'] for t in tables.values())} 行")
        plain = work / "archive.tar"
        with tarfile.open(plain, "w") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=db_file.name)
        _say(progress, "正在加密（AES-256-GCM）…")
        partial = out.with_name(out.name + ".partial")
        encrypt_file(plain, partial, key)
        partial.replace(out)
    _say(progress, f"备份完成：{out}（{out.stat().st_size} 字节）")
    return manifest


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _dump_sqlite(
    target: Target, work: Path, progress: Progress | None
) -> tuple[Path, dict[str, Any]]:
    copy = work / "db.sqlite3"
    _say(progress, f"正在用 SQLite 在线备份接口复制 {target.name} …")
    source = sqlite3.connect(f"file:{target.name}?mode=ro", uri=True)
    dest = sqlite3.connect(copy)
    try:

        def report(status: int, remaining: int, total: int) -> None:
            if total:
                _say(progress, f"  已复制 {total - remaining}/{total} 页")

        source.backup(dest, pages=1024, progress=report)
        _say(progress, "正在统计各表行数与内容散列 …")
        check = dest.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"备份副本完整性检查未通过：{check}")
        tables = sqlite_tables(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()
        source.close()
    return copy, tables


def _dump_pg(target: Target, work: Path, progress: Progress | None) -> tuple[Path, dict[str, Any]]:
    dump = work / "db.dump"
    conn = target.pg_connect()
    try:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        _say(progress, f"正在用 pg_dump 导出 {target.name}（自定义格式，快照 {snapshot}）…")
        _run(
            [pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", "--file", str(dump)],
            target.pg_env(),
        )
        _say(progress, "正在统计各表行数与内容散列（同一快照）…")
        with conn.cursor() as cursor:
            tables = pg_tables(cursor)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return dump, tables


# --- Restore ----------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    tables: dict[str, Any]
    mismatches: list[str]


def read_manifest(archive: Path, key: bytes | None = None) -> dict[str, Any]:
    with _opened(Path(archive), key or backup_key()) as (manifest, _db):
        return manifest


@contextlib.contextmanager
def _opened(archive: Path, key: bytes) -> Iterator[tuple[dict[str, Any], Path]]:
    if not archive.is_file():
        raise BackupError(f"找不到备份文件：{archive}")
    with tempfile.TemporaryDirectory(prefix="zwgk-restore-") as work_dir:
        work = Path(work_dir)
        plain = work / "archive.tar"
        decrypt_file(archive, plain, key)
        try:
            with tarfile.open(plain, "r") as tar:
                manifest = json.load(_member(tar, "manifest.json"))
                name = str(manifest.get("database_file", ""))
                if name not in ("db.sqlite3", "db.dump"):
                    raise BackupError("备份清单有误：数据库文件名不符。")
                db_file = work / name
                with db_file.open("wb") as handle:
                    shutil.copyfileobj(_member(tar, name), handle)
        except (tarfile.TarError, ValueError, KeyError) as error:
            raise BackupError("备份文件内容损坏，无法读取清单。数据库未作任何更改。") from error
        plain.unlink()
        if _file_sha256(db_file) != manifest.get("database_sha256"):
            raise BackupError("备份中的数据库文件与清单不符。数据库未作任何更改。")
        yield manifest, db_file


def _member(tar: tarfile.TarFile, name: str) -> IO[bytes]:
    handle = tar.extractfile(name)
    if handle is None:
        raise KeyError(name)
    return handle


def restore_backup(
    archive: Path,
    *,
    target: Target | None = None,
    force: bool = False,
    key: bytes | None = None,
    progress: Progress | None = None,
) -> RestoreResult:
    """Restore `archive` into the target database and verify it against the manifest."""
    target = target or Target.from_alias()
    key = key or backup_key()
    _say(progress, f"正在解密并校验 {archive} …")
    with _opened(Path(archive), key) as (manifest, db_file):
        _say(
            progress,
            f"备份时间 {manifest['created_at']}，数据库 {manifest['vendor']}，"
            f"{len(manifest['tables'])} 张表",
        )
        if manifest["vendor"] != target.vendor:
            raise BackupError(
                f"备份来自 {manifest['vendor']}，当前数据库为 {target.vendor}，不能恢复。"
                "数据库未作任何更改。"
            )
        if target.vendor == "sqlite":
            tables = _restore_sqlite(db_file, target, force, progress)
        else:
            tables = _restore_pg(db_file, target, force, progress)
    mismatches = compare(manifest["tables"], tables)
    if mismatches:
        _say(progress, "校验未通过：" + "；".join(mismatches))
    else:
        _say(progress, f"校验通过：{len(tables)} 张表行数与内容散列与清单一致（100%）")
    return RestoreResult(manifest=manifest, tables=tables, mismatches=mismatches)


def compare(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    problems = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            problems.append(f"缺少表 {name}")
        elif name not in expected:
            problems.append(f"多出表 {name}")
        elif expected[name]["rows"] != actual[name]["rows"]:
            problems.append(f"{name} 行数 {actual[name]['rows']} ≠ {expected[name]['rows']}")
        elif expected[name]["sha256"] != actual[name]["sha256"]:
            problems.append(f"{name} 内容散列不符")
    return problems


NOT_EMPTY = "目标数据库不是空的（已有数据表）。确认要覆盖时请加 --force。数据库未作任何更改。"


def _restore_sqlite(
    db_file: Path, target: Target, force: bool, progress: Progress | None
) -> dict[str, Any]:
    Path(target.name).parent.mkdir(parents=True, exist_ok=True)
    dest = sqlite3.connect(target.name, timeout=30)
    source = sqlite3.connect(db_file)
    try:
        existing = dest.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        if existing and not force:
            raise BackupError(NOT_EMPTY)
        _say(progress, f"正在用 SQLite 在线备份接口写入 {target.name} …")
        # The backup API replaces the whole target database page by page under its write lock,
        # through its own journal (WAL included), so no stale -wal can survive next to it.
        source.backup(dest, pages=1024)
        check = dest.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"恢复后的数据库完整性检查未通过：{check}")
        _say(progress, "正在重新统计各表行数与内容散列 …")
        return sqlite_tables(dest)
    finally:
        source.close()
        dest.close()


def _restore_pg(
    db_file: Path, target: Target, force: bool, progress: Progress | None
) -> dict[str, Any]:
    with target.pg_connect() as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
        )
        existing = cursor.fetchone()[0]
    if existing and not force:
        raise BackupError(NOT_EMPTY)
    _say(progress, f"正在用 pg_restore 写入 {target.name}（单一事务）…")
    args = [pg_tool("pg_restore"), "--no-owner", "--single-transaction", "--exit-on-error"]
    if existing:
        args += ["--clean", "--if-exists"]
    _run([*args, "--dbname", target.name, str(db_file)], target.pg_env())
    _say(progress, "正在重新统计各表行数与内容散列 …")
    with target.pg_connect() as conn, conn.cursor() as cursor:
        return pg_tables(cursor)
