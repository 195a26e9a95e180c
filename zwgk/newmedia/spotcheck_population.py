"""The "accounts" population of 抽查 (zwgk.supervision.spotchecks): a unit's 政务新媒体 accounts
that are open (open, being changed, or under a suspension notice), by host unit. Read-only;
registered from NewMediaConfig.ready()."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.urls import reverse

from zwgk.supervision.spotchecks import Sampled

from .models import MediaAccount, Platform, Status

OPEN_STATUSES = (Status.OPEN, Status.CHANGING, Status.SUSPENSION_NOTICE)


def open_accounts(unit_ids: Collection[int]) -> Iterable[Sampled]:
    platforms = dict(Platform.choices)
    rows = MediaAccount.objects.filter(
        host_unit_id__in=list(unit_ids), status__in=OPEN_STATUSES
    ).values_list("pk", "host_unit_id", "platform", "platform_name", "name")
    for pk, unit_id, platform, platform_name, name in rows:
        where = platform_name or str(platforms.get(platform, platform))
        yield Sampled(
            unit_id,
            f"newmedia.account:{pk}",
            f"{where}：{name}"[:300],
            reverse("newmedia:detail", kwargs={"pk": pk}),
        )
