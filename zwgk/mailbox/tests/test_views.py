"""Staff pages of the mailbox: each step through its page, invalid input (400, nothing changes),
another unit's letter or message (404), anonymous (login), htmx partials, the reveal (audited),
the unanswered board, statistics with XLSX export, mailbox settings, messages and the import."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from conftest import client_for
from zwgk.core.models import AuditEvent
from zwgk.mailbox import services
from zwgk.mailbox.models import Letter, Mailbox, Message, Status
from zwgk.mailbox.tests.helpers import PHONE, at, mailbox, write


@pytest.fixture
def letter_a(district, supervisor):
    box = mailbox(district, supervisor, unit=district.unit_a, code="jwxx")
    letter, _code = write(box)
    return letter


def _post(client, letter, name, data):
    prefixed = {f"{name}-{key}": value for key, value in data.items()}
    return client.post(reverse("mailbox:action", args=[letter.pk, name]), prefixed)


@pytest.mark.django_db
def test_list_detail_and_htmx(client_a, letter_a):
    page = client_a.get(reverse("mailbox:list"))
    assert page.status_code == 200 and letter_a.number in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    partial = client_a.get(reverse("mailbox:list") + "?q=人行横道", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and b"<html" not in partial.content
    detail = client_a.get(reverse("mailbox:detail", args=[letter_a.pk])).content.decode()
    assert "138****5678" in detail and PHONE not in detail


@pytest.mark.django_db
def test_other_unit_gets_404_and_anonymous_login(client_b, letter_a):
    assert client_b.get(reverse("mailbox:detail", args=[letter_a.pk])).status_code == 404
    assert _post(client_b, letter_a, "reply", {"text": "越权"}).status_code == 404
    response = Client().get(reverse("mailbox:list"))
    assert response.status_code == 302 and reverse("workspace:login") in response["Location"]


@pytest.mark.django_db
def test_reply_and_approval_through_the_pages(client_a, head_a, letter_a):
    assert _post(client_a, letter_a, "reply", {"text": ""}).status_code == 400
    letter_a.refresh_from_db()
    assert letter_a.status == Status.OPEN
    assert _post(client_a, letter_a, "reply", {"text": "已答复。"}).status_code == 302
    # The clerk cannot approve: the form is not offered and a post is refused.
    assert _post(client_a, letter_a, "approve", {"confirm": "on"}).status_code == 400
    head = client_for(head_a)
    assert "已答复。" in head.get(reverse("mailbox:detail", args=[letter_a.pk])).content.decode()
    assert _post(head, letter_a, "approve", {"confirm": "on"}).status_code == 302
    letter_a.refresh_from_db()
    assert letter_a.status == Status.REPLIED


@pytest.mark.django_db
def test_transfer_by_supervisor_with_reason(client_supervisor, district, letter_a):
    refused = _post(client_supervisor, letter_a, "transfer", {"unit": district.unit_b.pk})
    assert refused.status_code == 400
    ok = _post(
        client_supervisor, letter_a, "transfer", {"unit": district.unit_b.pk, "reason": "民政事项"}
    )
    assert ok.status_code == 302
    letter_a.refresh_from_db()
    assert letter_a.handling_unit == district.unit_b


@pytest.mark.django_db
def test_reveal_is_audited_and_only_for_the_handling_unit(client_a, client_supervisor, letter_a):
    url = reverse("mailbox:reveal", args=[letter_a.pk, "phone"])
    response = client_a.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and PHONE in response.content.decode()
    assert AuditEvent.objects.filter(action="mailbox.letter.personal_data_viewed").count() == 1
    refused = client_supervisor.post(url)
    assert refused.status_code == 400 and PHONE not in refused.content.decode()


@pytest.mark.django_db
def test_unanswered_board_and_statistics_export(client_supervisor, client_b, letter_a):
    board = client_supervisor.get(reverse("mailbox:unanswered")).content.decode()
    assert "重庆市铜梁区教育委员会" in board
    assert (
        "重庆市铜梁区教育委员会" not in client_b.get(reverse("mailbox:unanswered")).content.decode()
    )
    period = letter_a.received_at.strftime("%Y-%m")
    page = client_supervisor.get(reverse("mailbox:statistics") + f"?period={period}")
    assert page.status_code == 200
    partial = client_supervisor.get(
        reverse("mailbox:statistics") + f"?period={period}", HTTP_HX_REQUEST="true"
    )
    assert b"<html" not in partial.content
    export = client_supervisor.get(reverse("mailbox:statistics_export") + f"?period={period}")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "单位" and rows[-1][0] == "合计" and rows[-1][1] == 1


@pytest.mark.django_db
def test_mailbox_settings_for_the_district_office(client_supervisor, client_a, district):
    assert client_a.get(reverse("mailbox:mailboxes")).status_code == 404
    data = {
        "code": "qzxx",
        "name": "区长信箱",
        "owner_unit": district.office.pk,
        "reply_workdays": "70",
        "description": "",
        "is_active": "on",
        "order": "1",
    }
    assert client_supervisor.post(reverse("mailbox:mailbox_create"), data).status_code == 400
    data["reply_workdays"] = "10"
    assert client_supervisor.post(reverse("mailbox:mailbox_create"), data).status_code == 302
    box = Mailbox.objects.get()
    assert box.reply_workdays == 10
    data["reply_workdays"] = "7"
    edit = reverse("mailbox:mailbox_edit", args=[box.pk])
    assert client_supervisor.post(edit, data).status_code == 302
    box.refresh_from_db()
    assert box.reply_workdays == 7


@pytest.mark.django_db
def test_message_entry_answer_and_escalation(client_a, client_b, district):
    data = {
        "unit": district.unit_a.pk,
        "channel": "newmedia.account:3",
        "channel_label": "区教委公众号",
        "content": "请问何时开学？",
        "left_at": "2026-03-01T10:00",
    }
    assert (
        client_a.post(reverse("mailbox:message_create"), {**data, "channel": "x y"}).status_code
        == 400
    )
    assert Message.objects.count() == 0
    assert client_a.post(reverse("mailbox:message_create"), data).status_code == 302
    message = Message.objects.get()
    url = reverse("mailbox:message_detail", args=[message.pk])
    assert client_b.get(url).status_code == 404
    answer = {"answer": "9月1日。", "answered_at": "2026-03-02T09:00", "answered_by_label": "张敏"}
    assert client_a.post(url, answer).status_code == 302
    message.refresh_from_db()
    assert message.is_answered and message.answered_by_label == "张敏"
    escalate = reverse("mailbox:message_escalate", args=[message.pk])
    assert client_a.post(escalate).status_code == 400
    assert client_a.post(escalate, {"confirm": "1"}).status_code == 302


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_import_is_all_or_nothing_and_skips_known_numbers(client_a, district):
    from django.core.files.uploadedfile import SimpleUploadedFile

    header = ["序号", "留言时间", "留言内容", "留言人", "原编号", "答复内容", "答复时间", "答复人"]
    good = [1, datetime(2026, 1, 5, 9, 30), "学校何时放假？", "网友甲", "A-1", "", None, ""]
    answered = [
        2,
        "2026-01-06 10:00",
        "食堂收费标准？",
        "网友乙",
        "A-2",
        "按物价局批复执行。",
        "2026/1/7",
        "区教委",
    ]
    bad = [3, "不是日期", "内容", "", "A-3", "", None, ""]

    def upload(rows, name="messages.xlsx"):
        return client_a.post(
            reverse("mailbox:message_import"),
            {
                "unit": district.unit_a.pk,
                "channel": "newmedia.account:7",
                "channel_label": "区教委微博",
                "file": SimpleUploadedFile(name, _xlsx(rows)),
            },
        )

    response = upload([header, good, answered, bad])
    assert response.status_code == 400 and "第4行" in response.content.decode()
    assert Message.objects.count() == 0
    assert upload([header, good, answered]).status_code == 302
    assert Message.objects.count() == 2
    assert Message.objects.get(external_id="A-2").answered_by_label == "区教委"
    assert upload([header, good, answered]).status_code == 302
    assert Message.objects.count() == 2
    csv = "留言时间,留言内容\n2026-02-01,寒假安排？\n".encode()
    from django.core.files.uploadedfile import SimpleUploadedFile as F

    response = client_a.post(
        reverse("mailbox:message_import"),
        {
            "unit": district.unit_a.pk,
            "channel": "portal",
            "channel_label": "区政府网站",
            "file": F("m.csv", csv),
        },
    )
    assert response.status_code == 302 and Message.objects.count() == 3


@pytest.mark.django_db
def test_escalation_of_a_letter_opens_a_case(client_a, letter_a):
    assert _post(client_a, letter_a, "escalate", {}).status_code == 400
    response = _post(client_a, letter_a, "escalate", {"confirm": "on"})
    assert response.status_code == 302 and "/staff/sentiment/" in response["Location"]
    assert Letter.objects.get().events.filter(kind="sentiment").count() == 1


@pytest.mark.django_db
def test_inbox_items(officer_a, head_a, supervisor, letter_a):
    from datetime import date

    from zwgk.mailbox.inbox import letter_items

    assert [i.url for i in letter_items(officer_a, date(2026, 3, 2))] == [
        reverse("mailbox:detail", args=[letter_a.pk])
    ]
    services.submit_reply(by=officer_a, at=at("2026-03-03"), letter=letter_a, text="好的。")
    assert list(letter_items(officer_a, date(2026, 3, 3))) == []
    assert len(list(letter_items(head_a, date(2026, 3, 3)))) == 1
    alerts = list(letter_items(supervisor, date(2026, 3, 20)))
    assert any("1" in i.title for i in alerts)


@pytest.mark.django_db
def test_inbox_asks_the_office_to_route(district, supervisor):
    from datetime import date

    from zwgk.mailbox.inbox import letter_items

    letter, _code = write(mailbox(district, supervisor))  # 区长信箱 of the office
    todo = [i for i in letter_items(supervisor, date(2026, 3, 2)) if i.kind == "todo"]
    assert [i.url for i in todo] == [reverse("mailbox:detail", args=[letter.pk])]
    services.transfer_letter(
        by=supervisor, at=at("2026-03-02", 11), letter=letter, unit=district.unit_a, reason="教育"
    )
    assert [i for i in letter_items(supervisor, date(2026, 3, 2)) if i.kind == "todo"] == []
