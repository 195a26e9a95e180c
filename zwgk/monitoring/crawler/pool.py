"""HTML parsing (and the text check) in worker processes, so that the crawler's event loop
only fetches and checks.

Each process has a pipe to the loop and at most one batch in flight: the pages that arrive
while it parses a batch go together as the next one, so batches grow with the load and the
pipe never fills (sending never blocks the loop). The answer is read on the loop itself
(`add_reader` on the pipe): no helper threads, no wake-ups across threads. At most one page per
crawl worker is in flight, so memory stays bounded. Parsing is pure: the pages, hence the
findings, are the same as with `parse_page` on the loop (test_crawler.py runs the
exact-findings site both ways).

Starting a process (spawn, imports, compiling the text checker) takes a few tenths of a second:
until a process is up (`ready`) the crawl parses on its loop, and a batch the pool cannot parse
(the process died, or the parser raised) is parsed on the loop too. A pool outlives a crawl:
the monitoring worker keeps one for the sites it inspects in a row
(`crawl_site(..., parse_pool=pool)`).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from .parse import ParsedPage, init_parsing_process, parse_many

Parsed = tuple[ParsedPage, list[Any] | None]  # the page, and the text checker's hits if it ran
_READY = b"ready"
_STOP = b""


class PoolError(RuntimeError):
    """The pool could not parse a batch (its process died, or the parser raised there)."""


def default_parse_processes() -> int:
    """One parsing process where there are two cores or more (the loop and the parser each
    keep one busy), none on one core (a process would only add the round trips)."""
    return 1 if (os.cpu_count() or 1) >= 2 else 0


def picklable(checker: Callable[[str], Any] | None) -> Callable[[str], Any] | None:
    """`checker` if it can be sent to another process (zwgk.textcheck's Checker can: it is
    rebuilt there from its dictionaries), else None (the text check then stays on the loop)."""
    if checker is None:
        return None
    try:
        pickle.dumps(checker)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return checker


def _serve(conn: Connection, text_checker: Callable[[str], Any] | None) -> None:
    """A parsing process: batches in, (True, pages) or (False, error) out, until _STOP."""
    # Ctrl-C reaches the whole process group: the crawl stops and then closes the pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    init_parsing_process(text_checker)
    conn.send_bytes(_READY)
    while True:
        try:
            data = conn.recv_bytes()
        except (EOFError, OSError):  # the crawler is gone
            return
        if data == _STOP:
            return
        try:
            answer: tuple[bool, Any] = (True, parse_many(pickle.loads(data)))  # noqa: S301 - from the parent
        except Exception as exc:  # reported to the loop, which parses the batch itself
            answer = (False, f"{type(exc).__name__}: {exc}")
        conn.send_bytes(pickle.dumps(answer, pickle.HIGHEST_PROTOCOL))


class _Process:
    def __init__(self, context: Any, text_checker: Callable[[str], Any] | None) -> None:
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(
            target=_serve, args=(child, text_checker), daemon=True, name="zwgk-parse"
        )
        self.process.start()
        child.close()
        self.up = False
        self.dead = False
        self.in_flight: list[asyncio.Future[Parsed]] | None = None
        self.queued: list[tuple[tuple[bytes, str, bool], asyncio.Future[Parsed]]] = []

    def poll_up(self, timeout: float = 0.0) -> bool:
        if not self.up and not self.dead:
            try:
                if self.conn.poll(timeout):
                    self.up = self.conn.recv_bytes() == _READY
                    self.dead = not self.up
            except (EOFError, OSError):
                self.dead = True
        return self.up and not self.dead


class ParsePool:
    """`processes` parsing processes with `text_checker` (when picklable) in each."""

    def __init__(self, processes: int, text_checker: Callable[[str], Any] | None = None) -> None:
        self.text_checker = text_checker
        # spawn: the crawler may run inside a Django worker with open connections and threads
        context = multiprocessing.get_context("spawn")
        shipped = picklable(text_checker)
        self._processes = [_Process(context, shipped) for _ in range(max(processes, 1))]
        self._next = 0

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def ready(self) -> bool:
        """At least one process is up (checked without waiting)."""
        return any(p.poll_up() for p in self._processes)

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Wait until every process is up (or dead); True when one at least is up."""
        for process in self._processes:
            process.poll_up(timeout)
        return self.ready

    async def parse(self, body: bytes, url: str, detail: bool) -> Parsed:
        """Parse in a process that is up; PoolError when none can."""
        up = [p for p in self._processes if p.poll_up()]
        if not up:
            raise PoolError("no parsing process is up")
        # the least loaded process that is up
        process = min(up, key=lambda p: len(p.queued) + (p.in_flight is not None))
        future: asyncio.Future[Parsed] = asyncio.get_running_loop().create_future()
        process.queued.append(((body, url, detail), future))
        if process.in_flight is None:
            self._send(process)
        return await future

    def _send(self, process: _Process) -> None:
        batch, process.queued = process.queued, []
        if not batch:
            return
        waiting = [future for _, future in batch]
        try:
            process.conn.send_bytes(
                pickle.dumps([job for job, _ in batch], pickle.HIGHEST_PROTOCOL)
            )
        except (OSError, ValueError) as exc:
            self._fail(process, waiting, exc)
            return
        process.in_flight = waiting
        asyncio.get_running_loop().add_reader(process.conn.fileno(), self._receive, process)

    def _receive(self, process: _Process) -> None:
        loop = asyncio.get_running_loop()
        loop.remove_reader(process.conn.fileno())
        waiting, process.in_flight = process.in_flight or [], None
        try:
            ok, answer = pickle.loads(process.conn.recv_bytes())  # noqa: S301 - our own child
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            self._fail(process, waiting, exc)
            return
        for i, future in enumerate(waiting):
            if future.done():  # cancelled (the crawl stopped)
                continue
            if ok:
                future.set_result(answer[i])
            else:
                future.set_exception(PoolError(answer))
        self._send(process)

    def _fail(
        self, process: _Process, waiting: list[asyncio.Future[Parsed]], exc: Exception
    ) -> None:
        process.dead = True
        queued = [future for _, future in process.queued]
        process.queued = []
        for future in waiting + queued:
            if not future.done():
                future.set_exception(PoolError(f"parsing process lost: {exc}"))

    def close(self) -> None:
        for process in self._processes:
            with contextlib.suppress(OSError, ValueError):
                if process.in_flight is not None:
                    with contextlib.suppress(RuntimeError):
                        asyncio.get_running_loop().remove_reader(process.conn.fileno())
                process.conn.send_bytes(_STOP)
        for process in self._processes:
            process.process.join(timeout=5)
            if process.process.is_alive():
                process.process.terminate()
                process.process.join(timeout=5)
            process.conn.close()
