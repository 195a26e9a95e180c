"""Letters from writing to rating and publication; transfer; 先审后发; reminders; statistics
counts; messages and the unanswered-by-channel contract; the supervision problem source."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from zwgk.core.models import AuditEvent
from zwgk.mailbox import selectors, services
from zwgk.mailbox.models import Letter, LetterEvent, Message, Status
from zwgk.mailbox.tests.helpers import ADDRESS, NAME, PHONE, at, mailbox, write
from zwgk.sentiment.models import Case
from zwgk.supervision import problems


@pytest.fixture
def box(district, supervisor):
    return mailbox(district, supervisor)


@pytest.mark.django_db
def test_letter_is_stored_encrypted_with_code_and_due_date(box, district):
    letter, code = write(box)
    assert len(code) == 11 and code[5] == "-"
    # 2026-03-02 (Monday) + 5 working days = 2026-03-09.
    assert letter.due_date == date(2026, 3, 9)
    assert letter.handling_unit == district.office and letter.status == Status.OPEN
    assert letter.writer_name_masked == "王**" and letter.phone_masked == "138****5678"
    with connection.cursor() as cursor:
        cursor.execute("SELECT writer_name, phone, email, address FROM mailbox_letter")
        row = cursor.fetchone()
    assert not any(value in " ".join(row) for value in (NAME, PHONE, "wang@example.com", ADDRESS))
    assert AuditEvent.objects.filter(action="mailbox.letter.received").count() == 1


@pytest.mark.django_db
def test_lookup_needs_code_and_last_four_digits(box):
    letter, code = write(box)
    assert services.find_letter(code, "5678") == letter
    assert services.find_letter(code.replace("-", "").lower(), "5678") == letter
    assert services.find_letter(code, "5679") is None
    assert services.find_letter(code, "") is None
    assert services.find_letter("AAAAA-AAAAA", "5678") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field,value",
    [
        ("subject", ""),
        ("body", "短"),
        ("writer_name", ""),
        ("phone", "12"),
        ("phone", ""),
        ("email", "not-an-email"),
        ("kind", "spam"),
    ],
)
def test_invalid_letter_changes_nothing(box, field, value):
    with pytest.raises(services.LetterError) as error:
        write(box, **{field: value})
    assert field in error.value.errors
    assert Letter.objects.count() == 0


@pytest.mark.django_db
def test_transfer_reply_approve_rate_publish(box, district, supervisor, officer_a, head_a):
    letter, _code = write(box)
    # Only the district office routes letters.
    with pytest.raises(services.MailboxError):
        services.transfer_letter(
            by=officer_a, at=at("2026-03-02", 11), letter=letter, unit=district.unit_a, reason="x"
        )
    services.transfer_letter(
        by=supervisor,
        at=at("2026-03-02", 11),
        letter=letter,
        unit=district.unit_a,
        reason="属教育事项",
    )
    letter.refresh_from_db()
    assert letter.handling_unit == district.unit_a
    assert letter.due_date == date(2026, 3, 9)  # the period runs on
    event = letter.events.get(kind=LetterEvent.Kind.TRANSFERRED)
    assert event.from_unit == district.office and event.note == "属教育事项"
    # The reply is checked: the writer's phone may not go into it.
    with pytest.raises(services.MailboxError, match="手机号码"):
        services.submit_reply(
            by=officer_a, at=at("2026-03-03"), letter=letter, text=f"请致电{PHONE}联系。"
        )
    services.submit_reply(
        by=officer_a, at=at("2026-03-03"), letter=letter, text="已会同交巡警部门现场勘查，将增设。"
    )
    letter.refresh_from_db()
    assert letter.status == Status.REVIEW and letter.replied_at is None
    # The drafter cannot approve; a clerk cannot approve.
    with pytest.raises(services.MailboxError):
        services.approve_reply(by=officer_a, at=at("2026-03-04"), letter=letter)
    services.approve_reply(by=head_a, at=at("2026-03-04"), letter=letter)
    letter.refresh_from_db()
    assert letter.status == Status.REPLIED and letter.replied_in_time is True
    assert letter.reply_body.startswith("已会同")
    services.rate_letter(at=at("2026-03-05"), letter=letter, satisfaction="satisfied")
    with pytest.raises(services.MailboxError):
        services.rate_letter(at=at("2026-03-05"), letter=letter, satisfaction="unsatisfied")
    # Publication: personal data in the texts is refused; the clean version goes out.
    with pytest.raises(services.MailboxError, match="个人信息"):
        services.publish_letter(
            by=supervisor,
            at=at("2026-03-06"),
            letter=letter,
            subject="建议增设人行横道",
            body=f"{NAME}反映：学校门口车辆多。",
            reply=letter.reply_body,
        )
    services.publish_letter(
        by=supervisor,
        at=at("2026-03-06"),
        letter=letter,
        subject="建议增设人行横道",
        body="群众反映：学校门口车辆多。",
        reply=letter.reply_body,
    )
    assert list(selectors.list_published_letters()) == [letter]


@pytest.mark.django_db
def test_publication_needs_consent(box, supervisor, head_a, officer_a, district):
    letter, _code = write(box, consents_to_publication=False)
    services.transfer_letter(
        by=supervisor, at=at("2026-03-02", 11), letter=letter, unit=district.unit_a, reason="教育"
    )
    services.submit_reply(by=officer_a, at=at("2026-03-03"), letter=letter, text="已办理。")
    services.approve_reply(by=head_a, at=at("2026-03-03"), letter=letter)
    with pytest.raises(services.MailboxError, match="同意"):
        services.publish_letter(
            by=supervisor,
            at=at("2026-03-04"),
            letter=letter,
            subject="标题",
            body="内容",
            reply="答复",
        )
    assert not selectors.list_published_letters().exists()


@pytest.mark.django_db
def test_head_returns_the_draft(box, supervisor, officer_a, head_a, district):
    letter, _ = write(box)
    services.transfer_letter(
        by=supervisor, at=at("2026-03-02", 11), letter=letter, unit=district.unit_a, reason="教育"
    )
    services.submit_reply(by=officer_a, at=at("2026-03-03"), letter=letter, text="初稿。")
    services.return_reply(by=head_a, at=at("2026-03-03"), letter=letter, reason="请写明时间")
    letter.refresh_from_db()
    assert letter.status == Status.OPEN and letter.draft_reply == "初稿。"


@pytest.mark.django_db
def test_reminders_and_escalation_once(box, district, supervisor):
    letter, _ = write(box)  # due 2026-03-09
    assert services.send_reminders(at=at("2026-03-05")) == {"reminded": 1, "escalated": 0}
    assert services.send_reminders(at=at("2026-03-05", 15)) == {"reminded": 0, "escalated": 0}
    assert services.send_reminders(at=at("2026-03-06")) == {"reminded": 1, "escalated": 0}
    assert services.send_reminders(at=at("2026-03-10")) == {"reminded": 0, "escalated": 1}
    assert services.send_reminders(at=at("2026-03-11")) == {"reminded": 0, "escalated": 0}
    found = problems.collect(date(2026, 3, 1), date(2026, 3, 31), names=["mailbox.overdue"])
    assert [p.reference for p in found] == [f"mailbox.letter:{letter.pk}"]


@pytest.mark.django_db
def test_unanswered_board_by_unit_and_age(box, district, supervisor, officer_a, officer_b):
    write(box, day="2026-03-02")
    write(box, day="2026-03-10")
    [row] = selectors.unanswered_by_unit(supervisor, date(2026, 3, 12))
    assert row.unit == district.office and row.total == 2 and row.overdue == 1
    assert row.buckets == [1, 0, 1, 0, 0]  # 2 days and 10 days old
    assert selectors.unanswered_by_unit(officer_b, date(2026, 3, 12)) == []


@pytest.mark.django_db
def test_escalation_to_a_sentiment_case(box, supervisor):
    letter, _ = write(box)
    case = services.escalate_letter(by=supervisor, at=at("2026-03-02", 12), letter=letter)
    assert case.source == f"mailbox.letter:{letter.pk}" and case.unit == letter.handling_unit
    assert services.escalate_letter(by=supervisor, at=at("2026-03-02", 13), letter=letter) == case
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_messages_feed_the_unanswered_by_channel_contract(district, officer_a, officer_b):
    def message(channel, day, **extra):
        return services.record_message(
            by=officer_a,
            at=at("2026-06-30"),
            unit=district.unit_a,
            data=services.MessageData(
                channel=channel,
                channel_label="区教委微信公众号",
                content="请问何时开学？",
                left_at=at(day),
                **extra,
            ),
        )

    old = message("newmedia.account:3", "2026-01-10")
    message("newmedia.account:3", "2026-02-10")
    message(
        "monitoring.site:5",
        "2026-01-20",
        answer="9月1日开学。",
        answered_at=at("2026-01-21"),
        answered_by_label="区教委",
    )
    message("monitoring.site:5", "2026-05-01")
    assert selectors.unanswered_messages_by_channel(before=date(2026, 3, 1)) == {
        "newmedia.account:3": 2
    }
    assert selectors.unanswered_messages_by_channel(before=date(2026, 2, 1)) == {
        "newmedia.account:3": 1
    }
    services.answer_message(
        by=officer_a,
        at=at("2026-06-30"),
        message=old,
        answer="已答复。",
        answered_at=at("2026-06-29"),
        answered_by_label="张敏",
    )
    assert selectors.unanswered_messages_by_channel(before=date(2026, 2, 1)) == {}
    with pytest.raises(services.MailboxError):
        services.record_message(
            by=officer_b,
            at=at("2026-06-30"),
            unit=district.unit_a,
            data=services.MessageData(
                channel="portal", channel_label="区政府网站", content="x", left_at=at("2026-06-01")
            ),
        )
    with pytest.raises(services.MailboxError):
        message("bad channel", "2026-01-10")
    assert Message.objects.count() == 4


@pytest.mark.django_db
def test_reply_deadline_follows_the_mailbox_setting(district, supervisor):
    box = mailbox(district, supervisor, workdays=10)
    letter, _ = write(box, day="2026-09-30")
    # 10 working days after 2026-09-30 across the National Day holiday (rules.md §8.3).
    # 10-08, 10-09, 10-10 (a make-up Saturday), 10-12 … 10-16, 10-19, 10-20.
    assert letter.due_date == date(2026, 10, 20)


@pytest.mark.django_db
def test_calendar_change_recomputes_open_due_dates(box):
    from zwgk.core.selectors import get_workday_calendar
    from zwgk.mailbox.deadlines import recompute_due_dates

    letter, _ = write(box)
    Letter.objects.filter(pk=letter.pk).update(due_date=date(2026, 3, 20))
    changed = recompute_due_dates(frozenset({2026}), get_workday_calendar(), at("2026-03-03"))
    letter.refresh_from_db()
    assert changed == 1 and letter.due_date == date(2026, 3, 9)


@pytest.mark.django_db
def test_second_approval_is_refused_and_every_step_is_audited(
    box, district, supervisor, officer_a, head_a, deputy_a
):
    letter, _ = write(box)
    services.transfer_letter(
        by=supervisor, at=at("2026-03-02", 11), letter=letter, unit=district.unit_a, reason="教育"
    )
    services.submit_reply(by=officer_a, at=at("2026-03-03"), letter=letter, text="已办理。")
    stale = Letter.objects.get(pk=letter.pk)  # a second head's page, loaded before the approval
    services.approve_reply(by=head_a, at=at("2026-03-03", 11), letter=letter)
    with pytest.raises(services.MailboxError):
        services.approve_reply(by=deputy_a, at=at("2026-03-03", 12), letter=stale)
    with pytest.raises(services.MailboxError):
        services.submit_reply(by=officer_a, at=at("2026-03-03", 12), letter=stale, text="再答复")
    actions = list(
        AuditEvent.objects.filter(target_id=str(letter.pk), action__startswith="mailbox.letter.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "mailbox.letter.received",
        "mailbox.letter.transferred",
        "mailbox.letter.reply_submitted",
        "mailbox.letter.replied",
    ]
    assert letter.events.filter(kind=LetterEvent.Kind.REPLIED).count() == 1
