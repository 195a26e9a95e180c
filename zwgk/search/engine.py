"""The search index on disk: tantivy schema, directory layout, the single writer, queries,
ranking and snippets. No Django and no database here: the index is the same whichever database
runs underneath, and the benchmark drives this module directly.

Layout of the index directory (settings.ZWGK_SEARCH_DIR):

    current -> index-v1-<stamp>   symlink to the live index, switched atomically by a rebuild
    index-v1-<stamp>/             a tantivy index
    build/index/, build/checkpoint.json   a rebuild in progress (resumable)
    writer.lock                   flock: one writer at a time across processes
    changes.log                   ids whose state changed and are not yet in every index

Writers (the after-commit hooks, `zwgk search rebuild`) take `writer.lock`; tantivy itself
refuses a second IndexWriter, the lock makes writers queue instead of failing. Readers never
lock: each process keeps its searcher, tantivy reloads it after a commit, and a rebuild's new
index is picked up when the symlink changes.

Ranking: BM25 over the bigram and word streams, title matches weighted up; documents whose
scores tie (equal to 1/1000) are ordered newest first, then by id, so the order is total and
the same on every run.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import os
import secrets
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tantivy

from . import analysis
from .analysis import Fragment, Needle, ParsedQuery

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
INDEX_PREFIX = f"index-v{SCHEMA_VERSION}-"
TITLE_BOOST = 3.0
TOGETHER_BOOST = 1.5
PER_PAGE = 10
MAX_RESULTS = 1000  # deepest result a user can page to (100 pages of 10)
MAX_CANDIDATES = 20_000  # hits read to order a run of tied scores by date
LOCK_TIMEOUT = 60.0
WRITER_HEAP = 64_000_000
BUILD_HEAP = 256_000_000


class SearchUnavailable(RuntimeError):
    """The index is missing, being replaced or of an older schema (`zwgk search rebuild`)."""


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("title_grams", tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("body_grams", tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("title_words", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("body_words", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("unit", tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("topic", indexed=True)
    builder.add_unsigned_field("year", indexed=True)
    builder.add_text_field("validity", tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("published", indexed=True, fast=True)
    builder.add_bytes_field("payload", stored=True)
    return builder.build()


SCHEMA = _schema()


@dataclass(frozen=True)
class Entry:
    """What the index holds for one published document."""

    id: int
    title: str
    text: str  # summary, body and attachment text: searched and shown in snippets
    published_at: datetime
    date: str  # YYYY-MM-DD, the publication date where the portal is
    year: int
    index_number: str = ""
    doc_number: str = ""
    unit_name: str = ""
    unit_codes: tuple[str, ...] = ()
    topic_id: int | None = None
    validity: str = ""  # only for 规范性文件

    def streams(self) -> Streams:
        head = f"{self.title}\n{self.doc_number}"
        return Streams(
            title_grams=analysis.grams(head),
            title_words=analysis.words(head),
            body_grams=analysis.grams(self.text),
            body_words=analysis.words(self.text),
        )

    def to_document(self, streams: Streams | None = None) -> tantivy.Document:
        streams = streams or self.streams()
        doc = tantivy.Document()
        doc.add_unsigned("id", self.id)
        doc.add_text("title_grams", streams.title_grams)
        doc.add_text("title_words", streams.title_words)
        doc.add_text("body_grams", streams.body_grams)
        doc.add_text("body_words", streams.body_words)
        for code in self.unit_codes:
            doc.add_text("unit", code)
        if self.topic_id is not None:
            doc.add_unsigned("topic", self.topic_id)
        doc.add_unsigned("year", self.year)
        if self.validity:
            doc.add_text("validity", self.validity)
        doc.add_integer("published", int(self.published_at.timestamp()))
        payload = {
            "title": self.title,
            "text": self.text,
            "date": self.date,
            "index_number": self.index_number,
            "doc_number": self.doc_number,
            "unit_name": self.unit_name,
            "validity": self.validity,
        }
        doc.add_bytes("payload", json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        return doc


@dataclass(frozen=True)
class Streams:
    """The analysed text of an entry (analysis.grams / analysis.words of title and text)."""

    title_grams: str
    title_words: str
    body_grams: str
    body_words: str


@dataclass(frozen=True)
class Filters:
    unit: str = ""
    topic: int | None = None
    year: int | None = None
    validity: str = ""


@dataclass
class Hit:
    id: int
    score: float
    title: str
    title_fragments: list[Fragment]
    snippet: list[Fragment]
    date: str
    index_number: str
    doc_number: str
    unit_name: str
    validity: str
    url: str = ""
    validity_label: str = ""


@dataclass
class Results:
    total: int
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)

    @property
    def pages(self) -> int:
        """Pages a user can reach (the result list stops at MAX_RESULTS)."""
        reachable = min(self.total, MAX_RESULTS)
        return max(1, -(-reachable // self.per_page))

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        return self.first + len(self.hits) - 1


# --- Queries -----------------------------------------------------------------------------------

Q = tantivy.Query
MUST = tantivy.Occur.Must
SHOULD = tantivy.Occur.Should


def _bigram_phrase(text: str) -> list[str | tuple[int, str]]:
    """Bigrams covering `text` with their offsets: 义务教育法 → 义务@0, 教育@2, 育法@3."""
    offsets = list(range(0, len(text) - 1, 2))
    if len(text) % 2:
        offsets.append(len(text) - 2)
    phrase: list[str | tuple[int, str]] = [(o, text[o : o + 2]) for o in offsets]
    return phrase


def _contains(searcher: tantivy.Searcher, field_name: str, needle: str) -> tantivy.Query:
    """Documents whose grams field contains the needle (see analysis.gram_tokens)."""
    if not analysis.is_cjk(needle):
        return Q.term_query(SCHEMA, field_name, needle)
    if len(needle) == 1:
        # A character is the start of a bigram or the last character of its run.
        terms = [term for term, _ in searcher.terms_with_prefix(field_name, needle)]
        return Q.term_set_query(SCHEMA, field_name, terms or [needle])
    if len(needle) == 2:
        return Q.term_query(SCHEMA, field_name, needle)
    return Q.phrase_query(SCHEMA, field_name, _bigram_phrase(needle))


def _needle_query(searcher: tantivy.Searcher, needle: Needle) -> tantivy.Query:
    title = Q.boost_query(_contains(searcher, "title_grams", needle.text), TITLE_BOOST)
    body = _contains(searcher, "body_grams", needle.text)
    return Q.boolean_query([(SHOULD, title), (SHOULD, body)])


def _filter_queries(filters: Filters) -> list[tantivy.Query]:
    queries = []
    if filters.unit:
        queries.append(Q.term_query(SCHEMA, "unit", filters.unit))
    if filters.topic is not None:
        queries.append(Q.term_query(SCHEMA, "topic", filters.topic))
    if filters.year is not None:
        queries.append(Q.term_query(SCHEMA, "year", filters.year))
    if filters.validity:
        queries.append(Q.term_query(SCHEMA, "validity", filters.validity))
    return [Q.const_score_query(query, 0.0) for query in queries]


def build_query(
    searcher: tantivy.Searcher, parsed: ParsedQuery, filters: Filters = Filters()
) -> tantivy.Query:
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = [
        (MUST, _needle_query(searcher, needle)) for needle in parsed.needles
    ]
    words = dict.fromkeys(word for needle in parsed.needles for word in needle.words)
    for word in words:
        clauses.append(
            (SHOULD, Q.boost_query(Q.term_query(SCHEMA, "title_words", word), TITLE_BOOST))
        )
        clauses.append((SHOULD, Q.term_query(SCHEMA, "body_words", word)))
    for run in parsed.together:
        phrase = Q.boost_query(_contains(searcher, "body_grams", run), TOGETHER_BOOST)
        title = Q.boost_query(_contains(searcher, "title_grams", run), TOGETHER_BOOST * TITLE_BOOST)
        clauses.extend([(SHOULD, phrase), (SHOULD, title)])
    clauses.extend((MUST, query) for query in _filter_queries(filters))
    return Q.boolean_query(clauses)


def _count(result: tantivy.SearchResult) -> int:
    return int(result.count or 0)  # type: ignore[attr-defined]  # missing from tantivy's stub


def _band(score: float) -> int:
    return round(score * 1000)


def rank(
    searcher: tantivy.Searcher, query: tantivy.Query, offset: int, limit: int
) -> tuple[int, list[tuple[float, Any]]]:
    """The total and the hits [offset, offset+limit) ordered by score, newest first on ties.

    tantivy returns the top k by score; a run of equal scores may continue past k, so k grows
    until the hits above the last fetched score fill the page (or MAX_CANDIDATES is reached).
    """
    need = offset + limit
    k = max(need, 50)
    total: int | None = None
    while True:
        result = searcher.search(query, limit=k, count=total is None)
        if total is None:
            total = _count(result)
        hits = result.hits
        if len(hits) < k or k >= MAX_CANDIDATES:
            break
        last = _band(hits[-1][0])
        above = next((i for i, (score, _) in enumerate(hits) if _band(score) == last), len(hits))
        if above >= need:
            break
        k = min(k * 4, MAX_CANDIDATES)
    addresses = [address for _, address in hits]
    published = searcher.fast_field_values("published", addresses)
    ids = searcher.fast_field_values("id", addresses)
    order = sorted(
        range(len(hits)),
        key=lambda i: (-_band(hits[i][0]), -(published[i] or 0), -(ids[i] or 0)),
    )
    return total, [hits[i] for i in order[offset:need]]


# --- The index directory -----------------------------------------------------------------------


class SearchIndex:
    """One index directory; cheap to construct, the searcher is cached per process."""

    _readers: dict[Path, tuple[Path, tantivy.Index]] = {}
    _readers_lock = threading.Lock()

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    # paths
    @property
    def link(self) -> Path:
        return self.root / "current"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def changes_file(self) -> Path:
        return self.root / "changes.log"

    def current(self) -> Path | None:
        """The live index directory, or None when there is none of this schema yet."""
        try:
            target = self.root / os.readlink(self.link)
        except OSError:
            return None
        if not target.name.startswith(INDEX_PREFIX) or not target.is_dir():
            return None
        return target

    # reading
    def searcher(self) -> tantivy.Searcher:
        target = self.current()
        if target is None:
            raise SearchUnavailable("no search index")
        with self._readers_lock:
            cached = self._readers.get(self.root)
            if cached is None or cached[0] != target:
                try:
                    index = tantivy.Index.open(str(target))
                except (OSError, ValueError) as error:  # replaced under our feet
                    raise SearchUnavailable(str(error)) from error
                index.config_reader(reload_policy="OnCommit")
                self._readers[self.root] = cached = (target, index)
        return cached[1].searcher()

    def _refresh(self) -> None:
        with self._readers_lock:
            cached = self._readers.get(self.root)
            if cached is not None:
                with contextlib.suppress(ValueError, OSError):
                    cached[1].reload()

    def search(
        self,
        parsed: ParsedQuery,
        filters: Filters = Filters(),
        page: int = 1,
        per_page: int = PER_PAGE,
    ) -> Results:
        """One page of results; `page` beyond the reachable pages gives an empty page."""
        results = Results(total=0, page=page, per_page=per_page)
        if parsed.is_empty:
            return results
        searcher = self.searcher()
        query = build_query(searcher, parsed, filters)
        offset = (page - 1) * per_page
        if offset >= MAX_RESULTS:
            results.total = _count(searcher.search(query, limit=1, count=True))
            return results
        limit = min(per_page, MAX_RESULTS - offset)
        results.total, ranked = rank(searcher, query, offset, limit)
        highlights = parsed.highlights
        for score, address in ranked:
            doc = searcher.doc(address)
            payload = json.loads(doc["payload"][0])
            results.hits.append(
                Hit(
                    id=doc["id"][0],
                    score=score,
                    title=payload["title"],
                    title_fragments=analysis.mark(payload["title"], highlights),
                    snippet=analysis.snippet(payload["text"], highlights),
                    date=payload["date"],
                    index_number=payload["index_number"],
                    doc_number=payload["doc_number"],
                    unit_name=payload["unit_name"],
                    validity=payload["validity"],
                )
            )
        return results

    # writing
    @contextlib.contextmanager
    def lock(self, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        """The writer lock (blocking, with a timeout)."""
        self.root.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + timeout
        with open(self.root / "writer.lock", "a+b") as handle:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if error.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() > deadline:
                        raise TimeoutError("search index writer lock busy") from error
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def rebuild_lock(self) -> Iterator[None]:
        """Only one rebuild at a time; a second one fails at once."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "rebuild.lock", "a+b") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                raise TimeoutError("a rebuild is already running") from error
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def ensure_current(self) -> Path:
        """The live index, created empty if there is none (call with the lock held)."""
        target = self.current()
        if target is None:
            target = self._new_index_path()
            tantivy.Index(SCHEMA, path=str(_mkdir(target)), reuse=False)
            self._point_to(target)
            logger.warning("created an empty search index at %s", target)
        return target

    def _new_index_path(self) -> Path:
        return self.root / f"{INDEX_PREFIX}{time.strftime('%Y%m%d%H%M%S')}-{secrets.token_hex(4)}"

    def _point_to(self, target: Path) -> None:
        tmp = self.root / f".current.{os.getpid()}"
        tmp.unlink(missing_ok=True)
        os.symlink(target.name, tmp)
        os.replace(tmp, self.link)

    def record_changes(self, ids: Iterable[int]) -> None:
        """Remember ids to (re)index; survives a failed update and a rebuild in progress."""
        lines = "".join(f"{int(pk)}\n" for pk in ids)
        if not lines:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.changes_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, lines.encode("ascii"))
        finally:
            os.close(fd)

    def pending_changes(self) -> list[int]:
        try:
            text = self.changes_file.read_text("ascii")
        except FileNotFoundError:
            return []
        return sorted({int(line) for line in text.split() if line.isdigit()})

    def clear_changes(self) -> None:
        """Forget recorded changes (lock held); kept while a rebuild still has to replay them."""
        if not self.build_dir.exists():
            self.changes_file.unlink(missing_ok=True)

    @contextlib.contextmanager
    def writer(self, target: Path, heap: int = WRITER_HEAP, threads: int = 1) -> Iterator[Writer]:
        """A writer on `target`; commits on success, rolls back on any exception (Ctrl-C too)."""
        index = tantivy.Index.open(str(target))
        writer = Writer(index.writer(heap_size=heap, num_threads=threads))
        try:
            yield writer
        except BaseException:
            writer.raw.rollback()
            raise
        writer.raw.commit()
        writer.raw.wait_merging_threads()
        if target == self.current():
            self._refresh()

    def replace(self, ids: Iterable[int], entries: Iterable[Entry]) -> None:
        """Make the live index hold exactly `entries` for these ids (lock held)."""
        with self.writer(self.ensure_current()) as writer:
            writer.delete(ids)
            writer.add(entries)

    # rebuilding
    def staging(self, restart: bool = False) -> Staging:
        if restart and self.build_dir.exists():
            shutil.rmtree(self.build_dir)
        return Staging(self.build_dir)

    def promote(self, staging: Staging) -> Path:
        """Make a finished build the live index (lock held); older indexes are removed."""
        target = self._new_index_path()
        os.replace(staging.index_dir, target)
        self._point_to(target)
        shutil.rmtree(staging.root)
        for old in self.root.glob("index-v*"):
            if old != target and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
        self.changes_file.unlink(missing_ok=True)
        return target


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


class Writer:
    def __init__(self, raw: tantivy.IndexWriter) -> None:
        self.raw = raw

    def delete(self, ids: Iterable[int]) -> None:
        values = [int(pk) for pk in ids]
        if values:
            self.raw.delete_documents_by_query(Q.term_set_query(SCHEMA, "id", values))

    def delete_after(self, last_id: int) -> None:
        self.raw.delete_documents_by_query(
            Q.range_query(SCHEMA, "id", tantivy.FieldType.Unsigned, lower_bound=last_id + 1)
        )

    def add(self, entries: Iterable[Entry]) -> int:
        count = 0
        for entry in entries:
            self.raw.add_document(entry.to_document())
            count += 1
        return count

    def commit(self) -> None:
        self.raw.commit()


@dataclass
class Checkpoint:
    last_id: int = 0
    done: int = 0
    started_at: str = ""


class Staging:
    """A rebuild in progress: an index under build/ and the last id committed to it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.index_dir = root / "index"
        self.checkpoint_file = root / "checkpoint.json"

    def open(self) -> Checkpoint:
        if self.checkpoint_file.exists() and self.index_dir.exists():
            data = json.loads(self.checkpoint_file.read_text("utf-8"))
            if data.get("schema") == SCHEMA_VERSION:
                return Checkpoint(data["last_id"], data["done"], data["started_at"])
            shutil.rmtree(self.root)
        if self.index_dir.exists():
            shutil.rmtree(self.index_dir)
        tantivy.Index(SCHEMA, path=str(_mkdir(self.index_dir)), reuse=False)
        checkpoint = Checkpoint(started_at=datetime.now(UTC).isoformat(timespec="seconds"))
        self.save(checkpoint)
        return checkpoint

    def save(self, checkpoint: Checkpoint) -> None:
        data = {
            "schema": SCHEMA_VERSION,
            "last_id": checkpoint.last_id,
            "done": checkpoint.done,
            "started_at": checkpoint.started_at,
        }
        tmp = self.checkpoint_file.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.checkpoint_file)
