"""The crawl frontier: which URLs are known, which are being fetched, which are done — and the
findings of the done ones, written in the SAME transaction as their "done" mark.

Memory stays bounded because nothing grows in Python: the seen-set, the queue and the findings
live in a database (`SqliteFrontier`: a SQLite file; zwgk.monitoring.dbfrontier: the
application database for worker runs). A crash loses at most the claimed-but-uncommitted
batch: those entries go back to pending on restart (`release_claims`) and are fetched again,
while done entries are never fetched again and their findings are never written twice.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

PENDING, CLAIMED, DONE = 0, 1, 2


@dataclass(frozen=True)
class Entry:
    id: int
    url: str
    depth: int
    referrer: str
    from_home: bool
    external: bool


@dataclass
class Link:
    url: str
    depth: int
    referrer: str
    from_home: bool = False
    external: bool = False


@dataclass
class Completion:
    """The outcome of one entry: its status, the links it revealed, its findings."""

    entry_id: int
    status: int | None
    links: list[Link] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""
    content_hash: str = ""  # of an HTML page of the site; "" otherwise
    text: str = ""  # its text, for the page-change history (a frontier may ignore it)


def url_key(url: str) -> str:
    return hashlib.blake2b(url.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Frontier(Protocol):
    def add(self, links: Iterable[Link]) -> None: ...
    def claim(self, limit: int) -> list[Entry]: ...
    def complete(self, completions: list[Completion]) -> None: ...
    def release_claims(self) -> int: ...
    def counts(self) -> dict[str, int]: ...
    def findings(self) -> Iterator[dict[str, Any]]: ...
    def get_meta(self, key: str) -> Any: ...
    def set_meta(self, key: str, value: Any) -> None: ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS entry (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    depth INTEGER NOT NULL,
    referrer TEXT NOT NULL DEFAULT '',
    from_home INTEGER NOT NULL DEFAULT 0,
    external INTEGER NOT NULL DEFAULT 0,
    state INTEGER NOT NULL DEFAULT 0,
    status INTEGER
);
DROP INDEX IF EXISTS entry_state;
CREATE INDEX IF NOT EXISTS entry_queue ON entry(state, depth, id);
CREATE TABLE IF NOT EXISTS finding (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class SqliteFrontier:
    """A frontier in one SQLite file (":memory:" for throwaway runs)."""

    def __init__(self, path: str) -> None:
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def _insert(self, links: Iterable[Link]) -> None:
        rows = [
            (
                url_key(link.url),
                link.url,
                link.depth,
                link.referrer,
                int(link.from_home),
                int(link.external),
            )
            for link in links
        ]
        self._db.executemany(
            "INSERT INTO entry (key, url, depth, referrer, from_home, external) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
            "from_home = max(from_home, excluded.from_home), "
            "depth = CASE WHEN state = 0 THEN min(depth, excluded.depth) ELSE depth END "
            "WHERE (excluded.from_home = 1 AND from_home = 0) "
            "OR (state = 0 AND excluded.depth < depth)",
            rows,
        )

    def add(self, links: Iterable[Link]) -> None:
        with self._tx():
            self._insert(links)

    def claim(self, limit: int) -> list[Entry]:
        with self._tx():
            rows = self._db.execute(
                "SELECT id, url, depth, referrer, from_home, external FROM entry "
                "WHERE state = 0 ORDER BY depth, id LIMIT ?",
                (limit,),
            ).fetchall()
            self._db.executemany(
                "UPDATE entry SET state = 1 WHERE id = ?", [(row[0],) for row in rows]
            )
        return [Entry(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5])) for r in rows]

    def complete(self, completions: list[Completion]) -> None:
        with self._tx():
            for completion in completions:
                if completion.links:
                    self._insert(completion.links)
                if completion.findings:
                    self._db.executemany(
                        "INSERT INTO finding (data) VALUES (?)",
                        [(json.dumps(f, ensure_ascii=False),) for f in completion.findings],
                    )
            self._db.executemany(
                "UPDATE entry SET state = 2, status = ? WHERE id = ?",
                [(c.status, c.entry_id) for c in completions],
            )

    def release_claims(self) -> int:
        with self._tx():
            return self._db.execute("UPDATE entry SET state = 0 WHERE state = 1").rowcount

    def counts(self) -> dict[str, int]:
        rows = dict(self._db.execute("SELECT state, count(*) FROM entry GROUP BY state").fetchall())
        return {
            "pending": rows.get(PENDING, 0),
            "claimed": rows.get(CLAIMED, 0),
            "done": rows.get(DONE, 0),
        }

    def findings(self) -> Iterator[dict[str, Any]]:
        for (data,) in self._db.execute("SELECT data FROM finding ORDER BY id"):
            yield json.loads(data)

    def add_findings(self, findings: list[dict[str, Any]]) -> None:
        with self._tx():
            self._db.executemany(
                "INSERT INTO finding (data) VALUES (?)",
                [(json.dumps(f, ensure_ascii=False),) for f in findings],
            )

    def get_meta(self, key: str) -> Any:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def set_meta(self, key: str, value: Any) -> None:
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False)),
        )

    def _tx(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
