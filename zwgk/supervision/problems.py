"""The registry of problem sources that 通报, spot checks, assessment and the dashboards read.

Each domain app knows its own problems (a site failing a veto item, a document published late,
an application answered after its statutory date, a letter without a reply, a 舆情 case past its
response timer …). It registers a *source* from its AppConfig.ready():

    from zwgk.supervision import problems
    problems.register("monitoring.veto", veto_problems)

A source is a function `(start: date, end: date, unit_ids: Collection[int] | None) ->
Iterable[Problem]` returning the problems that occurred in [start, end] for those units (None:
every unit). It reads through the app's own selectors; it never writes.

The supervision app knows no domain app by name: it collects from whatever is registered.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date

# Severity of a problem, in the order a 通报 lists them.
VETO = "veto"  # 单项否决 / a statutory time limit broken
SERIOUS = "serious"
MINOR = "minor"
SEVERITIES = (VETO, SERIOUS, MINOR)


@dataclass(frozen=True)
class Problem:
    unit_id: int
    source: str  # the registered source name, e.g. "monitoring.veto"
    kind: str  # a short Chinese label of the problem, e.g. "首页连续2周未更新"
    summary: str  # one Chinese sentence naming the object, e.g. "《关于…》超过20个工作日公开"
    occurred_on: date
    severity: str = MINOR
    evidence_url: str = ""  # a staff URL where the evidence can be read
    reference: str = ""  # a stable id of the object (e.g. "documents.document:12") for dedup


Source = Callable[[date, date, Collection[int] | None], Iterable[Problem]]
_sources: dict[str, Source] = {}


def register(name: str, source: Source) -> Source:
    """Register (or replace, on a second ready()) the source of that name."""
    _sources[name] = source
    return source


def source_names() -> list[str]:
    return sorted(_sources)


def collect(
    start: date,
    end: date,
    unit_ids: Collection[int] | None = None,
    *,
    names: Collection[str] | None = None,
) -> list[Problem]:
    """Every registered source's problems in [start, end], most severe first, then by date."""
    found: list[Problem] = []
    for name in sorted(_sources):
        if names is not None and name not in names:
            continue
        found.extend(_sources[name](start, end, unit_ids))
    rank = {severity: index for index, severity in enumerate(SEVERITIES)}
    return sorted(found, key=lambda p: (rank.get(p.severity, len(rank)), p.occurred_on, p.unit_id))
