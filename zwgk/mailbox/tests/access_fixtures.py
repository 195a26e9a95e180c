"""Objects of unit A for the access matrix (tests/security): a mailbox of unit A, an open letter
in it (not published) and a message left on unit A's account."""

from __future__ import annotations

from django.utils import timezone

LETTER_MARKER = "区教委信箱矩阵标记来信"
MESSAGE_MARKER = "区教委留言矩阵标记内容"


def objects(*, district, officer_a, supervisor) -> dict:
    from zwgk.mailbox import services

    at = timezone.now()
    box = services.save_mailbox(
        by=supervisor,
        at=at,
        data=services.MailboxData(
            code="jwxx",
            name="区教委信箱",
            owner_unit=district.unit_a,
            description="",
            reply_workdays=5,
            is_active=True,
        ),
    )
    letter, _code = services.submit_letter(
        at=at,
        mailbox=box,
        data=services.LetterData(
            kind="consultation",
            subject=LETTER_MARKER,
            body="请问明年小学招生政策有什么变化？",
            writer_name="矩阵来信人",
            phone="13900001111",
        ),
    )
    message = services.record_message(
        by=officer_a,
        at=at,
        unit=district.unit_a,
        data=services.MessageData(
            channel="portal",
            channel_label="区政府网站",
            content=MESSAGE_MARKER,
            left_at=at,
        ),
    )
    return {
        "mailbox:mailbox_edit.pk": box.pk,
        "mailbox:detail.pk": letter.pk,
        "mailbox:action.pk": letter.pk,
        "mailbox:action.name": "reply",
        "mailbox:reveal.pk": letter.pk,
        "mailbox:reveal.field": "phone",
        "mailbox:message_detail.pk": message.pk,
        "mailbox:message_escalate.pk": message.pk,
        "mailbox_public:published_detail.pk": letter.pk,
        "_markers": [LETTER_MARKER, MESSAGE_MARKER],
    }
