"""The "letters" population of 抽查 (zwgk.supervision.spotchecks): letters a unit has answered
(the approved reply went out), read-only. Registered from MailboxConfig.ready().

Only the letter's number and subject leave this module — never the writer's personal data.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.urls import reverse

from zwgk.supervision.spotchecks import Sampled

from .models import Letter, Status


def answered_letters(unit_ids: Collection[int]) -> Iterable[Sampled]:
    rows = Letter.objects.filter(
        handling_unit_id__in=list(unit_ids), status=Status.REPLIED
    ).values_list("pk", "handling_unit_id", "number", "subject")
    for pk, unit_id, number, subject in rows:
        yield Sampled(
            unit_id,
            f"mailbox.letter:{pk}",
            f"{number} {subject}"[:300],
            reverse("mailbox:detail", kwargs={"pk": pk}),
        )
