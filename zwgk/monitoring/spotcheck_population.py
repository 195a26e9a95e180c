"""The "sites" population of 抽查 (zwgk.supervision.spotchecks): the websites under monitoring,
by host unit (主办单位). Read-only; registered from MonitoringConfig.ready()."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.urls import reverse

from zwgk.supervision.spotchecks import Sampled

from .models import Website


def monitored_sites(unit_ids: Collection[int]) -> Iterable[Sampled]:
    rows = Website.objects.filter(unit_id__in=list(unit_ids), is_active=True).values_list(
        "pk", "unit_id", "name", "home_url"
    )
    for pk, unit_id, name, home_url in rows:
        yield Sampled(
            unit_id,
            f"monitoring.site:{pk}",
            f"{name}（{home_url}）"[:300],
            reverse("monitoring:site_detail", kwargs={"pk": pk}),
        )
