"""One pass of every rule over a text.

All dictionary-like rules (sensitive words, wrong expressions, leaders' names) share one
Aho-Corasick automaton (`ahocorasick-rs`), so a 10,000-entry dictionary costs one scan; the
personal-data and secrecy rules are regular expressions with cheap pre-checks.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from operator import attrgetter

import ahocorasick_rs

from .expressions import DEFAULT_TITLES, DEFAULT_WRONG_FORMS, Leader
from .findings import Finding, Severity
from .pii import find_personal_data
from .secrecy import find_secrecy_marks

_KIND_SENSITIVE = 0
_KIND_WRONG_FORM = 1
_KIND_LEADER = 2
_TITLE_SEPARATORS = re.compile(r"[、，,；;/\s]+")
# Builds a Finding from a tuple of its fields, in C (Finding is a NamedTuple).
_new_finding = partial(tuple.__new__, Finding)
# From this many dictionary matches on, making their findings pauses the garbage collector.
_PAUSE_COLLECTOR_AT = 2_000
_ORDER = attrgetter("start", "end", "rule")  # findings in reading order; C-speed sort key


@dataclass(frozen=True)
class Dictionaries:
    """The editable data a district maintains. `sensitive_words` maps word → category."""

    sensitive_words: Mapping[str, str] = field(default_factory=dict)
    wrong_forms: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_WRONG_FORMS))
    leaders: Iterable[Leader] = ()
    titles: Iterable[str] = DEFAULT_TITLES


class Checker:
    """Compiled once per set of dictionaries; `check()` is then safe to call from many threads."""

    def __init__(self, dictionaries: Dictionaries | None = None) -> None:
        d = dictionaries or Dictionaries()
        # Kept (with its iterables made tuples) so that a checker can be pickled: the automaton
        # cannot be, so a pickled checker is rebuilt from its dictionaries (see __reduce__).
        d = Dictionaries(
            dict(d.sensitive_words), dict(d.wrong_forms), tuple(d.leaders), tuple(d.titles)
        )
        self._dictionaries = d
        self._entries: list[tuple[int, str, str]] = []  # (kind, pattern, payload)
        seen: set[str] = set()
        for word, category in d.sensitive_words.items():
            if word and word not in seen:
                seen.add(word)
                self._entries.append((_KIND_SENSITIVE, word, category))
        for wrong, right in d.wrong_forms.items():
            if wrong and wrong not in seen:
                seen.add(wrong)
                self._entries.append((_KIND_WRONG_FORM, wrong, right))
        self._leaders = {leader.name: leader.title for leader in d.leaders if leader.name}
        # A leader's name is compiled even when it is also a word of the lists: the automaton
        # reports every entry of a repeated pattern, so both findings are made.
        for name, title in self._leaders.items():
            self._entries.append((_KIND_LEADER, name, title))
        # Per entry, the fixed parts of its findings, as lists the hot path indexes from C.
        # Entries are ordered sensitive words, wrong forms, leaders: an index at or past
        # `_first_leader` is a leader's name, which needs a look at the words around it.
        self._first_leader = sum(1 for kind, _, _ in self._entries if kind != _KIND_LEADER)
        self._rule_of = [
            "sensitive.word" if kind == _KIND_SENSITIVE else "expression.wrong_form"
            for kind, _, _ in self._entries[: self._first_leader]
        ]
        self._excerpt_of = [pattern for _, pattern, _ in self._entries]
        self._suggestion_of = [
            payload if kind == _KIND_WRONG_FORM else "" for kind, _, payload in self._entries
        ]
        self._note_of = [
            payload if kind == _KIND_SENSITIVE else "" for kind, _, payload in self._entries
        ]
        self._automaton = (
            ahocorasick_rs.AhoCorasick(
                [pattern for _, pattern, _ in self._entries],
                matchkind=ahocorasick_rs.MatchKind.Standard,
            )
            if self._entries
            else None
        )
        # A leader may hold several posts (区委常委、副区长): each is right next to the name, and
        # each is recognised as a title even when the district's title list lacks it.
        self._accepted = {name: _title_parts(title) for name, title in self._leaders.items()}
        known = set(d.titles).union(*self._accepted.values())
        titles = sorted(known, key=len, reverse=True)
        alternation = "|".join(re.escape(t) for t in titles) or "(?!)"
        self._title_before = re.compile(f"(?:{alternation})$")
        self._title_after = re.compile(f"^(?:{alternation})")

    def __reduce__(self) -> tuple[type[Checker], tuple[Dictionaries]]:
        """Pickled as its dictionaries: another process (the crawler's parsing processes)
        compiles the same checker again."""
        return (Checker, (self._dictionaries,))

    def check(self, text: str) -> list[Finding]:
        findings = list(find_personal_data(text))
        findings.extend(find_secrecy_marks(text))
        matches: list[tuple[int, int, int]] = []
        if self._automaton is not None:
            matches = self._automaton.find_matches_as_indexes(text, overlapping=True)
        with _collector_paused(len(matches) >= _PAUSE_COLLECTOR_AT):
            if matches:
                findings.extend(self._dictionary_findings(text, matches))
            findings.sort(key=_ORDER)
        return findings

    def _dictionary_findings(
        self, text: str, matches: list[tuple[int, int, int]]
    ) -> Iterable[Finding]:
        """Findings of the automaton's matches. A large dictionary on a long text gives tens of
        thousands of matches: they are turned into findings by `map`/`zip` over prepared lists,
        with no Python code run per match (a third of the time of a loop)."""
        indexes, starts, ends = zip(*matches, strict=True)
        leader_matches: list[tuple[int, int, int]] = []
        if max(indexes) >= self._first_leader:
            leader_matches = [m for m in matches if m[0] >= self._first_leader]
            plain = [m for m in matches if m[0] < self._first_leader]
            if not plain:
                return self._leader_findings(text, leader_matches)
            indexes, starts, ends = zip(*plain, strict=True)
        fields = zip(
            map(self._rule_of.__getitem__, indexes),
            repeat(Severity.WARN),
            starts,
            ends,
            map(self._excerpt_of.__getitem__, indexes),
            map(self._suggestion_of.__getitem__, indexes),
            map(self._note_of.__getitem__, indexes),
            strict=False,  # repeat() is endless; the others have one item per match
        )
        found = list(map(_new_finding, fields))
        found.extend(self._leader_findings(text, leader_matches))
        return found

    def _leader_findings(self, text: str, matches: list[tuple[int, int, int]]) -> list[Finding]:
        found: list[Finding] = []
        for index, start, end in matches:
            _, name, title = self._entries[index]
            found.extend(self._leader_title(text, start, end, name, title))
        return found

    def _leader_title(
        self, text: str, start: int, end: int, name: str, title: str
    ) -> Iterable[Finding]:
        """`副区长张三` is fine for 张三 the 副区长; `区长张三` or `张三区长` is not."""
        before = self._title_before.search(text, max(0, start - 12), start)
        after = self._title_after.match(text[end : end + 12])
        for found, span in (
            (before.group(0), before.span()) if before else (None, None),
            (after.group(0), (end, end + after.end())) if after else (None, None),
        ):
            if found and span and found not in self._accepted.get(name, {title}):
                s, e = (span[0], end) if span[1] == start else (start, span[1])
                yield Finding(
                    "expression.leader_title",
                    Severity.WARN,
                    s,
                    e,
                    text[s:e],
                    suggestion=f"{name}（{title}）",
                )


@contextmanager
def _collector_paused(pause: bool) -> Iterator[None]:
    """Pause the cyclic garbage collector while the findings of many matches are made.

    They are tens of thousands of small objects that all stay alive, and the collector would
    walk them again and again as they are made, to free nothing: on 10 MB of prose with 37,000
    matches that was more than half of the time spent making them (bench/textcheck_bench.py).
    Reference counting still frees everything as usual. Only a collector that was enabled is
    paused and then enabled again, so a program that disabled it keeps it disabled.
    """
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _title_parts(title: str) -> frozenset[str]:
    return frozenset(part for part in _TITLE_SEPARATORS.split(title) if part)


def check_text(text: str, dictionaries: Dictionaries | None = None) -> list[Finding]:
    """Convenience for one-off checks; build a Checker once when checking many texts."""
    return Checker(dictionaries).check(text)
