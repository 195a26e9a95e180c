"""The fast paths of the personal-data and secrecy rules give exactly what the plain rules give.

`find_personal_data` searches `_NUMBER_RUN` only inside stretches of digits that a cheap pattern
finds, and `find_secrecy_marks` runs its patterns only over the lines around candidate places.
The reference here runs the same patterns over the whole text; random texts built from the
characters that matter must give the same findings.
"""

import gc
import random

import pytest

from zwgk.textcheck import Dictionaries, check_text
from zwgk.textcheck.pii import _NUMBER_RUN, classify, find_personal_data
from zwgk.textcheck.secrecy import _PATTERNS, find_secrecy_marks, marks_from_spans

from .test_textcheck import VALID_CARD, VALID_ID


def reference_personal_data(text):
    found = (classify(match) for match in _NUMBER_RUN.finditer(text))
    return [f for f in found if f is not None]


def reference_secrecy_marks(text):
    spans = [m.span() for pattern in _PATTERNS for m in pattern.finditer(text)]
    return list(marks_from_spans(text, spans))


NUMBER_PIECES = [
    "1",
    "3",
    "8",
    "0",
    "5",
    "９",
    "１",
    " ",
    "-",
    "X",
    "x",
    "a",
    "Ａ",
    "年",
    "，",
    "\n",
    "13812345678",
    "１３９１２３４５６７８",
    VALID_ID,
    VALID_CARD,
    "023-45678901",
    "138 1234 5678",
    "2025",
]
SECRECY_PIECES = [
    "绝密",
    "机密",
    "秘密",
    "密",
    "级",
    "★",
    "：",
    ":",
    " ",
    "\u3000",
    "\n",
    "\r\n",
    "\ufeff",
    "1",
    "6",
    "年",
    "个月",
    "长期",
    "国家",
    "保守",
    "正文。",
]


@pytest.mark.parametrize("seed", range(40))
def test_personal_data_fast_path_equals_plain_scan(seed):
    rng = random.Random(seed)
    for _ in range(50):
        text = "".join(rng.choice(NUMBER_PIECES) for _ in range(rng.randint(1, 40)))
        assert list(find_personal_data(text)) == reference_personal_data(text), text


@pytest.mark.parametrize("seed", range(40))
def test_secrecy_fast_path_equals_plain_scan(seed):
    rng = random.Random(seed)
    for _ in range(50):
        text = "".join(rng.choice(SECRECY_PIECES) for _ in range(rng.randint(1, 40)))
        assert list(find_secrecy_marks(text)) == reference_secrecy_marks(text), repr(text)


def test_full_width_digits_are_personal_data_too():
    text = "手机１３８１２３４５６７８，身份证" + VALID_ID.translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    found = check_text(text)
    assert [(f.rule, f.excerpt) for f in found] == [
        ("pii.mobile", "138****5678"),
        ("pii.id_card", VALID_ID[:4] + "*" * 10 + VALID_ID[-4:]),
    ]
    assert text[found[0].start : found[0].end] == "１３８１２３４５６７８"


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        ("\ufeff机密\r\n关于……的通知", ["机密"]),  # a file with a byte-order mark, Windows lines
        ("秘密★\n正文", ["秘密★"]),  # the line break after the mark is not part of it
        ("密级：\n机密★1年\n正文", ["密级：\n机密★1年"]),  # one line break inside a mark
        ("机密★\n\n1年", ["机密★"]),  # an empty line ends a mark
        ("严格保守国家秘密。\n" * 500 + "绝密★长期\n" + "保守工作秘密。\n" * 500, ["绝密★长期"]),
    ],
)
def test_secrecy_mark_edges(text, marks):
    found = [f for f in check_text(text) if f.rule == "secret.mark"]
    assert [text[f.start : f.end] for f in found] == marks
    assert [f.excerpt for f in found] == marks


def test_many_matches_pause_the_collector_and_restore_it(monkeypatch):
    from zwgk.textcheck import checker as checker_module

    checker = checker_module.Checker(Dictionaries(sensitive_words={"甲乙": "x"}, wrong_forms={}))
    text = "甲乙，" * 5000
    collections = []

    def count(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    def collections_during_check():
        collections.clear()
        assert len(checker.check(text)) == 5000
        return len(collections)

    gc.callbacks.append(count)
    try:
        paused = collections_during_check()
        assert gc.isenabled()
        monkeypatch.setattr(checker_module, "_PAUSE_COLLECTOR_AT", 10**9)
        assert collections_during_check() > paused  # making the findings collected too
        monkeypatch.undo()
        gc.disable()
        checker.check(text)
        assert not gc.isenabled()  # a program that disabled the collector keeps it disabled
    finally:
        gc.enable()
        gc.callbacks.remove(count)
