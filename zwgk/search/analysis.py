"""Text analysis for full-text search: normalisation, the two token streams, query parsing and
highlighted fragments. Pure Python (no Django, no index): the indexer, the query builder, the
snippet maker and the benchmark all use these functions, so a document and a query are always
cut the same way.

Two token streams are indexed for each text:

* grams — every run of Chinese characters as overlapping character bigrams plus the run's last
  character, every run of letters/digits as one token. A word of two characters such as 招生 is
  one bigram, so it is found wherever it occurs, whatever a segmenter makes of its neighbours;
  a longer word or a quoted phrase is a phrase of bigrams (exact substring match).
* words — jieba's search-mode segmentation (`rjieba.cut_for_search`): whole words and the
  dictionary words inside them. It only adds score: a document where 招生 is a word ranks above
  one where the two characters merely meet (中招生活).

Normalisation folds full-width forms to ASCII and upper case to lower case character for
character, so an offset in the normalised text is the same offset in the original text (the
snippet highlights the original).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import islice
from operator import add

import rjieba

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
RUN = re.compile(rf"([{CJK}]+)|([^\W_{CJK}]+)")
CJK_RUN = re.compile(rf"[{CJK}]+")
WORD = re.compile(r"[^\W_]")
MAX_TOKEN = 64
MAX_NEEDLES = 10
MAX_MATCHES = 500  # occurrences looked at when choosing a snippet window
# Function words dropped from a query that has other words (a user typing 教育的发展 means
# 教育 and 发展); typed alone, or inside quotes, they are searched for.
STOPWORDS = frozenset("的了和与及或在是对等之为其把被从")
QUOTED = re.compile(r"\"([^\"]*)\"?|“([^”]*)”?")


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x10000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        folded = unicodedata.normalize("NFKC", char).lower()
        if len(folded) == 1 and folded != char:
            table[code] = folded
    return table


_FOLD = _fold_table()


def normalize(text: str) -> str:
    """Full-width to ASCII, upper to lower case; the result has the same length as the text."""
    return text.translate(_FOLD)


def gram_tokens(text: str) -> list[str]:
    """The grams stream of a normalised text (see the module docstring)."""
    tokens: list[str] = []
    for match in RUN.finditer(text):
        cjk, other = match.groups()
        if cjk:
            if len(cjk) > 1:
                tokens.extend(map(add, cjk, cjk[1:]))
            tokens.append(cjk[-1])
        else:
            tokens.append(other[:MAX_TOKEN])
    return tokens


def word_tokens(text: str) -> list[str]:
    """The words stream of a normalised text: jieba search mode without punctuation."""
    return [
        token[:MAX_TOKEN]
        for token in rjieba.cut_for_search(text)
        if WORD.search(token) and not token.isspace()
    ]


def grams(text: str) -> str:
    """The grams stream as one string for tantivy's whitespace tokenizer."""
    return " ".join(gram_tokens(normalize(text)))


def words(text: str) -> str:
    """The words stream as one string for tantivy's whitespace tokenizer."""
    return " ".join(token.replace(" ", "") for token in word_tokens(normalize(text)))


def is_cjk(text: str) -> bool:
    return CJK_RUN.fullmatch(text) is not None


@dataclass(frozen=True)
class Needle:
    """Something a matching document must contain: one run of Chinese characters (found as a
    substring) or one run of letters/digits (found as a token)."""

    text: str
    words: tuple[str, ...] = ()

    @property
    def is_cjk(self) -> bool:
        return is_cjk(self.text)


@dataclass(frozen=True)
class ParsedQuery:
    needles: tuple[Needle, ...]
    # Unquoted runs that the segmenter split into several needles: a document where they
    # stand together (义务教育招生) ranks above one where they are apart.
    together: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.needles

    @property
    def highlights(self) -> tuple[str, ...]:
        """What to mark in a snippet, longest first."""
        texts = {needle.text for needle in self.needles} | set(self.together)
        return tuple(sorted(texts, key=lambda text: (-len(text), text)))


def _runs(text: str) -> list[tuple[str, bool]]:
    return [(m.group(0)[:MAX_TOKEN], m.group(1) is not None) for m in RUN.finditer(text)]


def parse_query(query: str) -> ParsedQuery:
    """Turn what a user typed into needles.

    Text in quotes ("…" or “…”) must occur as written (each run of it; punctuation inside
    quotes separates runs). Other text is segmented by jieba: each word must occur somewhere in
    the document, in any order. Letters and digits are matched as whole tokens.
    """
    text = normalize(query)
    needles: list[Needle] = []
    together: list[str] = []
    loose: list[tuple[str, bool]] = []
    position = 0
    for match in QUOTED.finditer(text):
        loose.extend(_runs(text[position : match.start()]))
        position = match.end()
        for run, cjk in _runs(match.group(1) or match.group(2) or ""):
            words = tuple(w for w in rjieba.cut(run) if WORD.search(w)) if cjk else ()
            needles.append(Needle(run, words))
    loose.extend(_runs(text[position:]))
    single: list[Needle] = []
    for run, cjk in loose:
        if not cjk:
            needles.append(Needle(run))
            continue
        parts = [w for w in rjieba.cut(run) if WORD.search(w)]
        if len(parts) > 1:
            together.append(run)
        for part in parts:
            needle = Needle(part, (part,))
            (single if len(part) == 1 and part in STOPWORDS else needles).append(needle)
    if not needles:
        needles = single
    unique = tuple(dict.fromkeys(needles))[:MAX_NEEDLES]
    return ParsedQuery(unique, tuple(dict.fromkeys(together)))


@dataclass(frozen=True)
class Fragment:
    """A piece of user-visible text; `marked` pieces are shown in <mark>. Escaping is the
    template's job: fragments carry plain text, never HTML."""

    text: str
    marked: bool = False


def _pattern(highlights: tuple[str, ...]) -> re.Pattern[str] | None:
    if not highlights:
        return None
    return re.compile("|".join(re.escape(h) for h in highlights))


def mark(text: str, highlights: tuple[str, ...]) -> list[Fragment]:
    """The whole text with every occurrence of a highlight marked."""
    pattern = _pattern(highlights)
    if pattern is None:
        return [Fragment(text)] if text else []
    return _fragments(text, normalize(text), pattern, 0, len(text))


def _fragments(
    text: str, folded: str, pattern: re.Pattern[str], start: int, end: int
) -> list[Fragment]:
    fragments: list[Fragment] = []
    position = start
    for match in pattern.finditer(folded, start, end):
        if match.start() > position:
            fragments.append(Fragment(text[position : match.start()]))
        fragments.append(Fragment(text[match.start() : match.end()], marked=True))
        position = match.end()
    if position < end:
        fragments.append(Fragment(text[position:end]))
    return fragments


def snippet(
    text: str, highlights: tuple[str, ...], width: int = 120, lead: int = 24
) -> list[Fragment]:
    """A window of about `width` characters around the best cluster of highlights.

    The best window holds the most distinct highlights (ties: the earliest). Whitespace runs
    are collapsed first; an ellipsis marks cut text.
    """
    text = " ".join(text.split())
    if not text:
        return []
    folded = normalize(text)
    pattern = _pattern(highlights)
    matches = list(islice(pattern.finditer(folded), MAX_MATCHES)) if pattern else []
    start = 0
    if matches:
        wanted = len({m.group(0) for m in matches})
        best = (0, 0)
        for index, match in enumerate(matches):
            window_end = match.start() + width - lead
            distinct = set()
            for other in matches[index:]:
                if other.end() > window_end:
                    break
                distinct.add(other.group(0))
            if len(distinct) > best[0]:
                best = (len(distinct), index)
                if len(distinct) == wanted:
                    break
        start = max(0, matches[best[1]].start() - lead)
    end = min(len(text), start + width)
    if end - start < width:
        start = max(0, end - width)
    fragments = (
        _fragments(text, folded, pattern, start, end) if pattern else [Fragment(text[start:end])]
    )
    if start > 0:
        fragments.insert(0, Fragment("…"))
    if end < len(text):
        fragments.append(Fragment("…"))
    return fragments
