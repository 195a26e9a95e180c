"""Letters and notices: composed from the case, checked, numbered per unit/series/year, stored
as DOCX and PDF (read back here with python-docx and pypdf), downloaded with an audit row."""

from __future__ import annotations

import importlib
import io
import re
import threading

import docx
import pypdf
import pytest
from django.db import connection
from django.urls import reverse

from zwgk.contentcheck.models import SensitiveWord
from zwgk.core.errors import PermissionDeniedError
from zwgk.core.models import AuditEvent
from zwgk.disclosure_requests import services
from zwgk.disclosure_requests.letters import compose, render, wording
from zwgk.disclosure_requests.letters.models import Letter, LetterSequence
from zwgk.disclosure_requests.letters.services import (
    LetterBlockedError,
    LetterError,
    download_letter,
    issue_letter,
)
from zwgk.disclosure_requests.models import DisclosureRequest, Reply, RequestFile
from zwgk.disclosure_requests.statute import OUTCOME_RULES, Outcome
from zwgk.disclosure_requests.tests.helpers import D, at, register
from zwgk.orgs import services as org_services
from zwgk.orgs.models import Role, Unit

CHOICE = "也可以自收到本答复书之日起六个月内依法向有管辖权的人民法院提起行政诉讼"
FIRST = "应当先自收到本答复书之日起六十日内向"
DISTRICT_GOV = "重庆市铜梁区人民政府"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def pdf_text(data: bytes) -> str:
    return squash("".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages))


def stored(letter: Letter) -> tuple[str, str]:
    """The issued letter's text as python-docx and pypdf read its stored files."""
    docx_bytes = services.read_request_file(letter.docx)
    pdf_bytes = services.read_request_file(letter.pdf)
    assert docx_bytes.startswith(b"PK") and pdf_bytes.startswith(b"%PDF")
    return docx_text(docx_bytes), pdf_text(pdf_bytes)


def reply(officer, obj, outcome, day="2026-03-10", **extra):
    return services.reply_to_request(
        by=officer,
        at=at(day),
        request=obj,
        data=services.ReplyData(outcome=outcome, reply_date=D(day), **extra),
    )


# --- The remedy clause and the 复议机关 -------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("department", DISTRICT_GOV),
        ("general_office", DISTRICT_GOV),
        ("institution", DISTRICT_GOV),
        ("town", DISTRICT_GOV),
        ("subdistrict", DISTRICT_GOV),
        ("government", "重庆市人民政府"),
    ],
)
def test_reconsideration_body_follows_the_issuing_unit(kind, expected):
    assert wording.reconsideration_body(kind, DISTRICT_GOV) == expected


def test_superior_government_outside_a_municipality_must_be_configured():
    with pytest.raises(wording.ReconsiderationBodyError, match="ZWGK_FOI_SUPERIOR_GOVERNMENT"):
        wording.reconsideration_body("government", "四川省成都市武侯区人民政府")
    assert (
        wording.reconsideration_body("government", "四川省成都市武侯区人民政府", "成都市人民政府")
        == "成都市人民政府"
    )


@pytest.mark.parametrize("outcome", list(Outcome.values))
def test_every_outcome_has_a_remedy_clause_naming_body_and_period(outcome):
    clause = wording.remedy_clause(outcome, body=DISTRICT_GOV, is_organisation=False)
    assert f"六十日内向{DISTRICT_GOV}申请行政复议" in clause
    if outcome.startswith("refuse_"):
        assert clause.startswith("如您对本答复不服，应当先") and CHOICE not in clause
        assert "十五日内依法向人民法院提起行政诉讼" in clause
    elif outcome == Outcome.PARTIAL:
        assert "不予公开的部分不服，应当先" in clause and CHOICE in clause
    else:
        assert FIRST not in clause and CHOICE in clause


def test_every_outcome_has_a_paragraph_citing_its_article():
    for outcome in Outcome.values:
        text = wording.outcome_text(outcome, is_organisation=True)
        assert "贵单位" in text and "您" not in text
        article = OUTCOME_RULES[outcome].article
        if article:  # its first (main) article, as the statute constants give it
            assert article.removeprefix("条例").split("、")[0] in text


# --- Issuing the 答复书 -----------------------------------------------------------------------


def test_partial_reply_letter_as_docx_and_pdf(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    reply(
        officer_a,
        obj,
        "partial",
        body="可以公开的检查结果见附件。",
        withheld_part="检查记录中涉及学生个人信息的部分",
        withheld_grounds=["refuse_third_party"],
        withheld_reason="公开会损害学生的个人隐私。",
    )
    letter = issue_letter(
        by=officer_a, at=at("2026-03-10"), request=obj, kind="reply", source="reply"
    )
    assert letter.number == "铜教公复〔2026〕1号"
    assert Reply.objects.get(request=obj).letter_number == letter.number
    text, pdf = stored(letter)
    for content in (squash(text), pdf):
        assert "重庆市铜梁区教育委员会政府信息公开申请答复书" in content
        assert "铜教公复〔2026〕1号" in content
        assert "王小明：" in content
        assert "本机关于2026年2月10日收到您提出的政府信息公开申请" in content
        assert "经研究，现答复如下：" in content
        assert "第三十七条" in content
        assert "不予公开的内容：检查记录中涉及学生个人信息的部分。" in content
        assert "不予公开的理由：公开会损害学生的个人隐私。" in content
        assert (
            "如您对本答复中不予公开的部分不服，应当先自收到本答复书之日起六十日内向重庆市铜梁区人民政府申请行政复议"
            in content
        )
        assert squash(CHOICE) in content
        assert "2026年3月10日" in content
    files = RequestFile.objects.filter(request=obj, kind="letter")
    assert sorted(f.original_name for f in files) == [
        "铜教公复〔2026〕1号答复书.docx",
        "铜教公复〔2026〕1号答复书.pdf",
    ]
    assert all(f.reply_id == obj.reply.pk for f in files)
    event = AuditEvent.objects.get(action="disclosure_requests.letter.issued")
    assert event.after["number"] == letter.number and event.after["kind"] == "reply"


@pytest.mark.parametrize(
    ("outcome", "extra", "phrase", "first"),
    [
        ("disclose", {}, "第三十六条第（二）项", False),
        ("already_public", {"body": "已在区政府网站公开。"}, "第三十六条第（一）项", False),
        (
            "refuse_process",
            {"body": "属于内部讨论稿。"},
            "第十六条第二款的规定，本机关决定不予公开",
            True,
        ),
        ("refuse_secret", {"body": "已定密。"}, "第十四条的规定，本机关决定不予公开", True),
        ("not_exist", {}, "告知您该政府信息不存在", False),
        (
            "not_our_info",
            {"other_agency": "重庆市铜梁区卫生健康委员会", "other_agency_contact": "023-45670000"},
            "负责公开该政府信息的行政机关为重庆市铜梁区卫生健康委员会，联系方式：023-45670000。",
            False,
        ),
        ("needs_processing", {}, "第三十八条", False),
        ("petition", {}, "第三十九条第一款", False),
        ("publication", {}, "第三十九条第二款", False),
        ("repeat", {}, "不予重复处理", False),
        ("special_procedure", {}, "第三十六条第（七）项", False),
    ],
)
def test_reply_letter_per_outcome(officer_a, district, outcome, extra, phrase, first):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    reply(officer_a, obj, outcome, **extra)
    letter = issue_letter(
        by=officer_a, at=at("2026-03-10"), request=obj, kind="reply", source="reply"
    )
    text, pdf = stored(letter)
    for content in (squash(text), pdf):
        assert squash(phrase) in content
        assert "王小明：" in content and letter.number in content
        assert f"六十日内向{DISTRICT_GOV}申请行政复议" in content
        assert (FIRST in content) is first
        assert (squash(CHOICE) in content) is not first


def test_organisation_is_addressed_as_such(officer_a, district):
    obj = services.register_application(
        by=officer_a,
        at=at("2026-02-10"),
        unit=district.unit_a,
        data=_org_application(),
        channel="in_person",
        received_at=at("2026-02-10", 9),
    )
    reply(officer_a, obj, "disclose")
    letter = issue_letter(
        by=officer_a, at=at("2026-03-10"), request=obj, kind="reply", source="reply"
    )
    text, _pdf = stored(letter)
    assert "重庆某某科技有限公司：" in text
    assert "如贵单位对本答复不服" in text and "您" not in text


def _org_application():
    from zwgk.disclosure_requests.tests.helpers import application
    from zwgk.textcheck.uscc import check_character

    first17 = "91500224MA5U5X5X5"
    return application(
        applicant_type="commercial",
        applicant_name="重庆某某科技有限公司",
        id_type="uscc",
        id_number=first17 + check_character(first17),
    )


def test_the_district_government_names_the_municipal_government(district):
    officer = _member("gov_clerk", district.root)
    obj = register(officer, district.root, "2026-02-10")
    reply(officer, obj, "refuse_internal", body="属于内部人事管理信息。")
    letter = issue_letter(
        by=officer, at=at("2026-03-10"), request=obj, kind="reply", source="reply"
    )
    assert letter.number == "铜府公复〔2026〕1号"
    text, _pdf = stored(letter)
    assert "应当先自收到本答复书之日起六十日内向重庆市人民政府申请行政复议" in text


def test_a_town_government_names_the_district_government(district):
    town = org_services.create_unit(
        by=None,
        at=at("2026-01-05"),
        parent=district.root,
        code="tlq-bcjd",
        name="重庆市铜梁区巴川街道办事处",
        short_name="巴川街道",
        kind=Unit.Kind.SUBDISTRICT,
        doc_prefix="巴川",
    )
    officer = _member("bc_clerk", town)
    obj = register(officer, town, "2026-02-10")
    reply(officer, obj, "not_exist")
    letter = issue_letter(
        by=officer, at=at("2026-03-10"), request=obj, kind="reply", source="reply"
    )
    assert letter.number == "巴川公复〔2026〕1号"
    text, _pdf = stored(letter)
    assert f"六十日内向{DISTRICT_GOV}申请行政复议，也可以" in text


def _member(username, unit):
    from conftest import make_person

    return make_person(username, "测试员", unit, Role.CLERK)


# --- Notices ----------------------------------------------------------------------------------


def test_correction_extension_consultation_reasons_and_receipt(officer_a, head_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    services.request_correction(
        by=officer_a,
        at=at("2026-02-12"),
        request=obj,
        items=["请写明所需检查结果的学校名称", "请写明检查的时间段"],
        deadline=D("2026-02-27"),
        sent_on=D("2026-02-12"),
    )
    services.receive_correction(
        by=officer_a, at=at("2026-02-24"), request=obj, received_on=D("2026-02-24")
    )
    services.send_consultation(
        by=officer_a,
        at=at("2026-02-26"),
        request=obj,
        party="third_party",
        party_name="重庆某某餐饮管理有限公司",
        question="是否同意公开检查结果中涉及贵公司的内容",
        sent_on=D("2026-02-26"),
    )
    services.extend_deadline(
        by=head_a,
        at=at("2026-03-20"),
        request=obj,
        workdays=15,
        reason="需调取多所学校档案",
        approved_on=D("2026-03-20"),
    )
    sources = {s.kind: s for s in compose.list_sources(obj)}
    assert set(sources) == {
        "receipt",
        "correction",
        "consultation",
        "consultation_notice",
        "extension",
    }
    issued = {
        kind: issue_letter(
            by=officer_a if kind != "extension" else head_a,
            at=at("2026-03-20"),
            request=obj,
            kind=kind,
            source=source.source,
        )
        for kind, source in sources.items()
    }
    assert issued["receipt"].number == obj.number  # the registration number
    assert issued["correction"].number == "铜教公补〔2026〕1号"
    assert issued["consultation"].number == "铜教公征〔2026〕1号"
    assert issued["consultation_notice"].number == "铜教公征告〔2026〕1号"
    assert issued["extension"].number == "铜教公延〔2026〕1号"

    text, pdf = stored(issued["correction"])
    assert "1. 请写明所需检查结果的学校名称；" in text and "2. 请写明检查的时间段。" in text
    assert "请您于2026年2月27日前" in text and "第三十条" in text
    assert "视为放弃申请" in pdf

    # notices to the applicant are filed with their ledger event (the portal shows those); the
    # letter to the third party is correspondence, never shown to the applicant
    for kind, letter in issued.items():
        expected = "correspondence" if kind == "consultation" else "letter"
        assert letter.pdf.kind == letter.docx.kind == expected
        assert letter.pdf.event is not None and letter.pdf.reply is None
    assert issued["correction"].pdf.event.kind == "correction_requested"
    assert issued["consultation_notice"].pdf.event.kind == "consultation_sent"
    assert issued["receipt"].pdf.event.kind == "received"

    text, _pdf = stored(issued["consultation"])
    assert "重庆某某餐饮管理有限公司：" in text
    assert "第三十二条" in text and "15个工作日内（即2026年3月18日前）" in text
    assert "王小明" not in text  # the third party is not told who asked

    text, _pdf = stored(issued["consultation_notice"])
    assert "王小明：" in text and "不计算在答复期限内" in text

    text, _pdf = stored(issued["extension"])
    assert "延长15个工作日" in text and "第三十三条第二款" in text
    obj.refresh_from_db()
    assert f"将于{wording.chinese_date(obj.reply_due_date)}前作出答复" in text

    text, _pdf = stored(issued["receipt"])
    assert services.format_lookup_code(obj.lookup_code) in text
    assert "第三十一条" in text
    for letter in issued.values():
        notice_text, _ = stored(letter)
        assert "申请行政复议" not in notice_text  # notices carry no remedy clause


def test_fee_notice_states_basis_amount_payment_and_period_without_remedy(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10", information_form="paper")
    notice = services.notify_fee(
        by=officer_a,
        at=at("2026-03-02"),
        request=obj,
        method="per_volume",
        pages=120,
        sent_on=D("2026-03-02"),
        received_on=D("2026-03-03"),
    )
    letter = issue_letter(
        by=officer_a, at=at("2026-03-02"), request=obj, kind="fee", source=f"fee:{notice.pk}"
    )
    assert letter.number == "铜教公费〔2026〕1号"
    assert letter.pdf.event.kind == "fee_notified"
    text, pdf = stored(letter)
    for content in (squash(text), pdf):
        assert "收费依据" in content and "国办函〔2020〕109号" in content and "第五条" in content
        assert "收费标准" in content and "31—100页（含100页）的部分，10元/页" in content
        assert f"收费数额：人民币{notice.amount:.2f}元" in content
        assert "缴纳方式" in content
        assert "20个工作日内" in content and wording.chinese_date(notice.pay_by) in content
        assert "行政复议" not in content and "行政诉讼" not in content


def test_reasons_notice(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    services.request_reasons(
        by=officer_a,
        at=at("2026-02-12"),
        request=obj,
        sent_on=D("2026-02-12"),
        deadline=D("2026-02-26"),
    )
    source = next(s for s in compose.list_sources(obj) if s.kind == "reasons")
    letter = issue_letter(
        by=officer_a, at=at("2026-02-12"), request=obj, kind="reasons", source=source.source
    )
    text, _pdf = stored(letter)
    assert letter.number == "铜教公说〔2026〕1号"
    assert "第三十五条" in text and "2026年2月26日前" in text


# --- Numbering, checks, refusals --------------------------------------------------------------


def test_numbers_follow_per_unit_series_and_year_and_are_never_reused(
    officer_a, officer_b, district
):
    first = register(officer_a, district.unit_a, "2026-02-10")
    second = register(officer_a, district.unit_a, "2026-02-11")
    other = register(officer_b, district.unit_b, "2026-02-11")
    for obj, officer in ((first, officer_a), (second, officer_a), (other, officer_b)):
        reply(officer, obj, "disclose")
    numbers = [
        issue_letter(by=o, at=at("2026-03-10"), request=r, kind="reply", source="reply").number
        for r, o in ((first, officer_a), (second, officer_a), (other, officer_b))
    ]
    assert numbers == ["铜教公复〔2026〕1号", "铜教公复〔2026〕2号", "铜民公复〔2026〕1号"]
    with pytest.raises(LetterError, match="不能重复出具"):
        issue_letter(by=officer_a, at=at("2026-03-10"), request=first, kind="reply", source="reply")
    assert (
        LetterSequence.objects.get(unit=district.unit_a, series="公复", year=2026).last_serial == 2
    )


def test_blocking_findings_stop_the_letter_and_use_no_number(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    reply(officer_a, obj, "disclose", body="如有疑问请联系张老师，手机13912345678。")
    with pytest.raises(LetterBlockedError, match="手机号码") as caught:
        issue_letter(by=officer_a, at=at("2026-03-10"), request=obj, kind="reply", source="reply")
    assert "未出具" in caught.value.message and "139****5678" in caught.value.message
    assert not Letter.objects.exists()
    assert not RequestFile.objects.filter(kind="letter").exists()
    assert not LetterSequence.objects.filter(last_serial__gt=0).exists()
    # the clerk edits the letter's body: the fixed parts (remedy clause) stay
    letter = issue_letter(
        by=officer_a,
        at=at("2026-03-10"),
        request=obj,
        kind="reply",
        source="reply",
        body="您申请获取的政府信息属于可以公开的政府信息，现予以公开。\n如有疑问请联系区教委办公室。",
    )
    assert letter.number == "铜教公复〔2026〕1号" and letter.body_edited
    text, _pdf = stored(letter)
    assert "13912345678" not in text and "区教委办公室" in text
    assert f"六十日内向{DISTRICT_GOV}申请行政复议" in text


def test_a_blocked_attachment_stops_the_reply_letter(officer_a, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    document = docx.Document()
    document.add_paragraph("检查结果：某学校校长身份证号 " + _id())
    data = io.BytesIO()
    document.save(data)
    services.add_request_file(
        by=officer_a,
        at=at("2026-03-10"),
        request=obj,
        kind="information",
        name="检查结果.docx",
        content=data.getvalue(),
    )
    reply(officer_a, obj, "disclose")
    with pytest.raises(LetterBlockedError, match=r"检查结果\.docx：公民身份号码"):
        issue_letter(by=officer_a, at=at("2026-03-10"), request=obj, kind="reply", source="reply")


def _id() -> str:
    from zwgk.disclosure_requests.tests.helpers import id_number

    return id_number("11010519800101123")


def test_sensitive_words_warn_but_do_not_block(officer_a, district):
    from django.utils import timezone

    SensitiveWord.objects.create(word="内部掌握", category="保密", updated_at=timezone.now())
    obj = register(officer_a, district.unit_a, "2026-02-10")
    reply(officer_a, obj, "disclose", body="相关标准内部掌握。")
    letter = issue_letter(
        by=officer_a, at=at("2026-03-10"), request=obj, kind="reply", source="reply"
    )
    assert letter.warnings and letter.warnings[0]["label"] == "敏感词"


def test_only_the_handling_unit_issues(officer_a, officer_b, supervisor, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    reply(officer_a, obj, "disclose")
    for outsider in (officer_b, supervisor):
        with pytest.raises(PermissionDeniedError):
            issue_letter(
                by=outsider, at=at("2026-03-10"), request=obj, kind="reply", source="reply"
            )
    with pytest.raises(LetterError, match="不存在"):
        issue_letter(
            by=officer_a, at=at("2026-03-10"), request=obj, kind="correction", source="event:999"
        )
    with pytest.raises(LetterError, match="不能为空"):
        issue_letter(
            by=officer_a, at=at("2026-03-10"), request=obj, kind="reply", source="reply", body="  "
        )
    assert not Letter.objects.exists()


def test_missing_font_is_a_clear_error_and_changes_nothing(officer_a, district, settings):
    settings.ZWGK_PDF_FONT = "/nonexistent/font.ttf"
    obj = register(officer_a, district.unit_a, "2026-02-10")
    reply(officer_a, obj, "disclose")
    with pytest.raises(render.RenderError, match="中文字体"):
        issue_letter(by=officer_a, at=at("2026-03-10"), request=obj, kind="reply", source="reply")
    assert (
        not Letter.objects.exists()
        and not LetterSequence.objects.filter(last_serial__gt=0).exists()
    )


def test_download_is_audited_and_scoped(officer_a, officer_b, supervisor, district):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    reply(officer_a, obj, "disclose")
    letter = issue_letter(
        by=officer_a, at=at("2026-03-10"), request=obj, kind="reply", source="reply"
    )
    record, data = download_letter(by=supervisor, at=at("2026-03-11"), letter=letter, fmt="pdf")
    assert record == letter.pdf and data.startswith(b"%PDF")
    with pytest.raises(PermissionDeniedError):
        download_letter(by=officer_b, at=at("2026-03-11"), letter=letter, fmt="pdf")
    event = AuditEvent.objects.get(action="disclosure_requests.letter.downloaded")
    assert event.after == {"number": letter.number, "format": "pdf"}


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_distinct_numbers(officer_a, district):
    # An earlier transactional test may have flushed the shipped holiday calendar.
    from django.apps import apps

    importlib.import_module("zwgk.core.migrations.0004_ship_holiday_years").load(apps, None)
    requests = [register(officer_a, district.unit_a, "2026-02-10") for _ in range(3)]
    for obj in requests:
        reply(officer_a, obj, "disclose")
    barrier = threading.Barrier(len(requests))
    errors = []

    def issue(obj):
        try:
            barrier.wait()
            issue_letter(
                by=officer_a, at=at("2026-03-10"), request=obj, kind="reply", source="reply"
            )
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=issue, args=(obj,)) for obj in requests]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert sorted(Letter.objects.values_list("serial", flat=True)) == [1, 2, 3]
    assert DisclosureRequest.objects.count() == 3


# --- Staff pages ------------------------------------------------------------------------------


def test_pages_preview_issue_and_download(officer_a, district, client_a):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    reply(officer_a, obj, "disclose")
    listing = client_a.get(reverse("disclosure_letters:list", args=[obj.pk]))
    assert listing.status_code == 200
    issue_url = reverse("disclosure_letters:issue", args=[obj.pk, "reply", "reply"])
    assert issue_url in listing.content.decode()
    preview = client_a.get(issue_url)
    body = preview.content.decode()
    assert preview.status_code == 200
    assert (
        "重庆市铜梁区教育委员会政府信息公开申请答复书" in body
        and compose.PLACEHOLDER_NUMBER in body
    )
    assert f"六十日内向{DISTRICT_GOV}申请行政复议" in body
    text = preview.context["form"].initial["body"]
    response = client_a.post(issue_url, {"body": text})
    assert response.status_code == 302
    letter = Letter.objects.get(request=obj)
    assert letter.number == "铜教公复〔2026〕1号" and not letter.body_edited
    listing = client_a.get(reverse("disclosure_letters:list", args=[obj.pk]))
    download = reverse("disclosure_letters:download", args=[letter.pk, "pdf"])
    assert download in listing.content.decode()
    got = client_a.get(download)
    assert got.status_code == 200 and got.content.startswith(b"%PDF")
    assert got["Content-Disposition"].startswith("attachment")
    assert got["X-Content-Type-Options"] == "nosniff"
    got = client_a.get(reverse("disclosure_letters:download", args=[letter.pk, "docx"]))
    assert "答复书" in docx_text(got.content)
    assert AuditEvent.objects.filter(action="disclosure_requests.letter.downloaded").count() == 2
    # issued once: the issue page now leads back to the list
    assert client_a.get(issue_url).status_code == 302


def test_pages_refuse_bad_input_with_a_message(officer_a, district, client_a):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    reply(officer_a, obj, "disclose")
    issue_url = reverse("disclosure_letters:issue", args=[obj.pk, "reply", "reply"])
    empty = client_a.post(issue_url, {"body": ""})
    assert empty.status_code == 400 and not Letter.objects.exists()
    blocked = client_a.post(issue_url, {"body": "请联系13912345678。"})
    assert blocked.status_code == 400
    body = blocked.content.decode()
    assert "未出具" in body and "139****5678" in body and "13912345678" in body  # the typed text
    assert not Letter.objects.exists()
    assert (
        client_a.get(
            reverse("disclosure_letters:issue", args=[obj.pk, "reply", "event:99"])
        ).status_code
        == 404
    )
    assert (
        client_a.get(
            reverse("disclosure_letters:issue", args=[obj.pk, "nonsense", "reply"])
        ).status_code
        == 404
    )
    assert (
        client_a.get(reverse("disclosure_letters:download", args=[999, "pdf"])).status_code == 404
    )


def test_pages_of_another_unit_are_404(officer_a, district, client_a, client_b, client_supervisor):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    reply(officer_a, obj, "disclose")
    letter = issue_letter(
        by=officer_a, at=at("2026-03-10"), request=obj, kind="reply", source="reply"
    )
    urls = [
        reverse("disclosure_letters:list", args=[obj.pk]),
        reverse("disclosure_letters:issue", args=[obj.pk, "receipt", "receipt"]),
        reverse("disclosure_letters:download", args=[letter.pk, "pdf"]),
    ]
    for url in urls:
        assert client_b.get(url).status_code == 404
    # the district office reads and downloads, but does not issue
    assert client_supervisor.get(urls[0]).status_code == 200
    assert client_supervisor.get(urls[1]).status_code == 404
    assert client_supervisor.get(urls[2]).status_code == 200


def test_pages_anonymous_and_htmx(officer_a, district, client_a, client):
    obj = register(officer_a, district.unit_a, "2026-02-10")
    url = reverse("disclosure_letters:list", args=[obj.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    partial = client_a.get(url, headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert partial.status_code == 200 and "<html" not in body and "接收回执" in body
    # the case page loads the panel
    detail = client_a.get(reverse("disclosure_requests:detail", args=[obj.pk]))
    assert url in detail.content.decode()
