"""Segments for showing a checked text with its findings marked (pure, no Django)."""

from zwgk.textcheck import Dictionaries, Finding, Severity, check_text
from zwgk.textcheck.highlight import Segment, highlight

from .test_textcheck import VALID_ID


def warn(rule, start, end, excerpt):
    return Finding(rule, Severity.WARN, start, end, excerpt)


def shape(segments):
    return [(s.text, s.rules) for s in segments]


def test_text_without_findings_is_one_plain_segment():
    assert highlight("没有问题。", []) == [Segment("没有问题。", 0, 5)]
    assert highlight("", []) == []


def test_a_finding_cuts_the_text_around_it():
    text = "认真布署工作"
    segments = highlight(text, check_text(text))
    assert shape(segments) == [
        ("认真", ()),
        ("布署", ("expression.wrong_form",)),
        ("工作", ()),
    ]
    assert [(s.start, s.end) for s in segments] == [(0, 2), (2, 4), (4, 6)]
    assert not segments[1].is_blocking


def test_overlapping_findings_share_the_overlap():
    d = Dictionaries(sensitive_words={"甲乙": "a", "乙丙": "b"}, wrong_forms={})
    segments = highlight("甲乙丙", check_text("甲乙丙", d))
    assert [(s.text, len(s.findings)) for s in segments] == [("甲", 1), ("乙", 2), ("丙", 1)]
    assert [f.excerpt for f in segments[1].findings] == ["甲乙", "乙丙"]


def test_personal_data_is_shown_masked_and_never_cut():
    text = f"身份证{VALID_ID}，电话13812345678。"
    d = Dictionaries(sensitive_words={VALID_ID[4:8]: "x"}, wrong_forms={})  # inside the number
    segments = highlight(text, check_text(text, d))
    shown = "".join(s.text for s in segments)
    assert VALID_ID not in shown
    assert VALID_ID[4:8] not in shown
    assert "13812345678" not in shown
    assert shown == f"身份证{VALID_ID[:4]}{'*' * 10}{VALID_ID[-4:]}，电话138****5678。"
    id_segment = segments[1]
    assert id_segment.masked
    assert id_segment.is_blocking
    assert id_segment.rules == ("pii.id_card", "sensitive.word")
    assert (id_segment.start, id_segment.end) == (3, 21)


def test_overlapping_personal_data_is_hidden_completely():
    findings = [
        Finding("pii.mobile", Severity.BLOCK, 0, 11, "138****5678"),
        Finding("pii.bank_card", Severity.BLOCK, 5, 20, "6222*******1234"),
    ]
    segments = highlight("1" * 25, findings)
    assert shape(segments) == [("*" * 20, ("pii.mobile", "pii.bank_card")), ("11111", ())]


def test_findings_outside_the_text_or_empty_are_ignored():
    findings = [warn("sensitive.word", 3, 9, "x"), warn("sensitive.word", 1, 1, "")]
    assert highlight("abc", findings) == [Segment("abc", 0, 3)]
