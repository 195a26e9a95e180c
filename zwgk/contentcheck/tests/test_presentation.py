"""The reusable findings panel: highlighted text and findings table, escaped and masked."""

from dataclasses import dataclass

from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from zwgk.contentcheck.presentation import findings_panel, rule_label
from zwgk.textcheck import Dictionaries, Finding, Severity, check_text
from zwgk.textcheck.tests.test_textcheck import VALID_ID

DICT = Dictionaries(sensitive_words={"<script>": "<i>类别</i>", "违禁词": "测试"})
TEXT = f'标题<script>alert("x")</script>\n身份证号{VALID_ID}，违禁词，认真布署。'


@dataclass(frozen=True)
class Sourced:  # the shape of documents.checks.SourcedFinding
    finding: Finding
    source: str = ""


def render(text, findings, **options):
    with translation.override("zh-hans"):
        panel = findings_panel(text, findings, **options)
        return render_to_string("contentcheck/findings.html", {"panel": panel})


def test_everything_is_escaped():
    html = render(TEXT, check_text(TEXT, DICT))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<i>" not in html and "&lt;i&gt;类别&lt;/i&gt;" in html  # a category from the list
    assert "alert(&quot;x&quot;)" in html


def test_personal_data_is_masked_in_the_text_and_the_table():
    html = render(TEXT, check_text(TEXT, DICT))
    masked = VALID_ID[:4] + "*" * 10 + VALID_ID[-4:]
    assert VALID_ID not in html
    assert VALID_ID[4:14] not in html
    assert html.count(masked) == 2  # the highlighted span and the excerpt in the table
    assert '<mark class="finding finding-block" title="公民身份号码（pii.id_card）"' in html


def test_marks_carry_label_rule_code_and_a_link_to_the_table_row():
    html = render(TEXT, check_text(TEXT, DICT), id_prefix="body")
    assert (
        '<mark class="finding finding-warn" title="错误表述（expression.wrong_form）；建议：部署" '
        'data-rules="expression.wrong_form">布署' in html
    )
    assert 'href="#body-finding-4"' in html and 'id="body-finding-4"' in html
    assert "阻止发布 1 处" in html and "需核对 3 处" in html
    assert "第 2 行" in html


def test_overlapping_findings_are_both_marked_and_numbered_once():
    d = Dictionaries(sensitive_words={"甲乙": "a", "乙丙": "b"}, wrong_forms={})
    text = "甲乙丙"
    panel = findings_panel(text, check_text(text, d))
    assert [(s.text, [r.number for r in s.rows]) for s in panel.segments] == [
        ("甲", [1]),
        ("乙", [1, 2]),
        ("丙", [2]),
    ]
    assert [[r.number for r in s.ending] for s in panel.segments] == [[], [1], [2]]


def test_attachment_findings_are_listed_with_their_source_but_not_highlighted():
    body = "正文没有问题。"
    attachment = check_text("附件中手机13812345678")
    html = render(body, [Sourced(f, "附件1.docx") for f in attachment])
    assert "附件1.docx" in html
    assert "138****5678" in html and "13812345678" not in html
    assert "<mark" not in html
    assert "正文没有问题。" in html


def test_no_findings_says_so():
    html = render("普通的政务信息。", [])
    assert "未发现问题" in html
    assert "<table" not in html


def test_the_template_tag(db):
    template = Template(
        "{% load contentcheck %}{% findings_panel text findings id_prefix='att' show_text=False %}"
    )
    text = "认真布署"
    with translation.override("zh-hans"):
        html = template.render(Context({"text": text, "findings": check_text(text)}))
    assert 'id="att-findings"' in html
    assert "finding-text" not in html  # show_text=False: the table only
    assert "错误表述" in html


def test_rule_labels():
    with translation.override("zh-hans"):
        assert rule_label("pii.bank_card") == "银行卡号"
        assert rule_label("expression.new_kind") == "表述问题"
        assert rule_label("unknown.rule") == "unknown.rule"


def test_findings_from_another_text_do_not_break_the_panel():
    stray = Finding("sensitive.word", Severity.WARN, 50, 60, "远处")
    panel = findings_panel("短文本", [stray])
    assert [s.text for s in panel.segments] == ["短文本"]
    assert [r.excerpt for r in panel.rows] == ["远处"]
