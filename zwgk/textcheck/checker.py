"""One pass of every rule over a text.

All dictionary-like rules (sensitive words, wrong expressions, leaders' names) share one
Aho-Corasick automaton (`ahocorasick-rs`), so a 10,000-entry dictionary costs one scan; the
personal-data and secrecy rules are regular expressions with cheap pre-checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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
        for name in self._leaders:
            if name not in seen:
                seen.add(name)
                self._entries.append((_KIND_LEADER, name, self._leaders[name]))
        # (rule, excerpt, suggestion, note) per entry; None for a leader (needs a context check)
        self._prepared: list[tuple[str, str, str, str] | None] = [
            ("sensitive.word", pattern, "", payload)
            if kind == _KIND_SENSITIVE
            else ("expression.wrong_form", pattern, payload, "")
            if kind == _KIND_WRONG_FORM
            else None
            for kind, pattern, payload in self._entries
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

    def check(self, text: str) -> list[Finding]:
        findings = list(find_personal_data(text))
        findings.extend(find_secrecy_marks(text))
        if self._automaton is not None:
            # Hot loop (one turn per dictionary match): the Finding arguments of each entry are
            # prepared in __init__, so a turn is one list lookup and one constructor call.
            prepared = self._prepared
            append = findings.append
            for index, start, end in self._automaton.find_matches_as_indexes(
                text, overlapping=True
            ):
                args = prepared[index]
                if args is None:
                    _, name, title = self._entries[index]
                    findings.extend(self._leader_title(text, start, end, name, title))
                else:
                    append(Finding(args[0], Severity.WARN, start, end, args[1], args[2], args[3]))
        findings.sort(key=_ORDER)
        return findings

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


def _title_parts(title: str) -> frozenset[str]:
    return frozenset(part for part in _TITLE_SEPARATORS.split(title) if part)


def check_text(text: str, dictionaries: Dictionaries | None = None) -> list[Finding]:
    """Convenience for one-off checks; build a Checker once when checking many texts."""
    return Checker(dictionaries).check(text)
