"""抽查 (seeded samples, checklists, results as problems) and 考核 (indicator tables as data,
scores computed from the records or entered with evidence, totals, ranking, publication)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from zwgk.core.errors import PermissionDeniedError
from zwgk.supervision import assessment as scoring
from zwgk.supervision import problems, spotchecks
from zwgk.supervision.indicators import TABLES
from zwgk.supervision.models import Assessment, SpotCheck
from zwgk.supervision.spotchecks import Sampled, SpotCheckError
from zwgk.supervision.tests.test_bulletins import evidence  # noqa: F401  (fixture)

TZ = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    return datetime.now(TZ)


def test_draw_is_reproducible_and_per_unit():
    population = [Sampled(u, f"x:{i:03}", str(i)) for u in (1, 2) for i in range(20)]
    first = spotchecks.draw(population, 3, seed=42)
    assert first == spotchecks.draw(list(reversed(population)), 3, seed=42)
    assert [s.unit_id for s in first].count(1) == 3 and [s.unit_id for s in first].count(2) == 3
    assert first != spotchecks.draw(population, 3, seed=43)
    assert len(spotchecks.draw(population[:2], 5, seed=1)) == 2  # fewer than asked: all


def test_every_kind_has_a_checklist_and_rules_have_sources():
    assert set(spotchecks.CHECKLISTS) == set(spotchecks.KINDS)
    for table in TABLES.values():
        assert table.source
        assert all(ind.source for ind in table.indicators)
    assert sum(i.points for i in TABLES["district_openness"].indicators) == 100


def test_spot_check_of_documents(evidence, district, supervisor, officer_a):  # noqa: F811
    check = spotchecks.start_spot_check(
        by=supervisor,
        at=now(),
        district=district.root,
        title="2025年文件抽查",
        kind="documents",
        per_unit=2,
        seed=20251231,
    )
    items = list(check.items.all())
    assert len(items) == 2 and {i.unit_id for i in items} == {district.unit_a.pk}
    assert check.population == {str(district.unit_a.pk): 3}
    assert spotchecks.verify_sample(check)
    item = items[0]
    keys = [k for k, _l in spotchecks.CHECKLISTS["documents"]]
    with pytest.raises(SpotCheckError, match="逐项"):
        spotchecks.record_result(by=supervisor, at=now(), item=item, results={}, note="")
    failed = dict.fromkeys(keys, True) | {"interpretation": False}
    with pytest.raises(SpotCheckError, match="写明问题"):
        spotchecks.record_result(by=supervisor, at=now(), item=item, results=failed, note="")
    with pytest.raises(PermissionDeniedError):
        spotchecks.record_result(by=officer_a, at=now(), item=item, results=failed, note="x")
    spotchecks.record_result(by=supervisor, at=now(), item=item, results=failed, note="未解读")
    spotchecks.record_result(
        by=supervisor, at=now(), item=items[1], results=dict.fromkeys(keys, True), note=""
    )
    year = date.today().year
    assert spotchecks.pass_rates([district.unit_a.pk], year) == {district.unit_a.pk: (1, 2)}
    found = problems.collect(
        date(year, 1, 1), date(year, 12, 31), [district.unit_a.pk], names=["supervision.spot_check"]
    )
    assert len(found) == 1 and "同步发布解读" in found[0].summary


def test_assessment_scores_from_the_records(evidence, district, supervisor):  # noqa: F811
    found = scoring.start_assessment(
        by=supervisor, at=now(), district=district.root, year=2025, table="district_openness"
    )
    scores = {(s.unit_id, s.indicator): s for s in found.scores.all()}
    a = district.unit_a.pk
    # 3 published, 1 late → 2/3 of 20.
    assert scores[(a, "proactive_timely")].computed == Decimal("13.33")
    assert scores[(a, "interpretation")].computed == Decimal("8.00")  # one missing: −2
    assert scores[(a, "requests_timely")].computed == Decimal("0.00")  # the one reply was late
    assert scores[(a, "appeals")].computed == Decimal("10")
    assert scores[(a, "annual_report")].computed == Decimal("0")  # no 2024 report published
    assert scores[(a, "spot_checks")].computed is None
    assert scores[(a, "platform")].computed is None
    ranking = scoring.results(found)
    assert all(r.total is None for r in ranking)  # entered indicators missing
    with pytest.raises(scoring.AssessmentError, match="未得分"):
        scoring.publish_assessment(by=supervisor, at=now(), assessment=found)
    with pytest.raises(scoring.AssessmentError, match="依据"):
        scoring.enter_score(
            by=supervisor,
            at=now(),
            assessment=found,
            unit=district.unit_a,
            indicator="platform",
            points="8",
            evidence="",
        )
    with pytest.raises(scoring.AssessmentError, match="之间"):
        scoring.enter_score(
            by=supervisor,
            at=now(),
            assessment=found,
            unit=district.unit_a,
            indicator="platform",
            points="11",
            evidence="检查记录",
        )
    for unit in scoring.units_of(district.root):
        for key in ("platform", "spot_checks"):
            scoring.enter_score(
                by=supervisor,
                at=now(),
                assessment=found,
                unit=unit,
                indicator=key,
                points="10",
                evidence="年度检查记录",
            )
        if unit != district.unit_a:
            scoring.enter_score(
                by=supervisor,
                at=now(),
                assessment=found,
                unit=unit,
                indicator="proactive_timely",
                points="20",
                evidence="无文件，按满分",
            )
    ranking = scoring.results(found)
    totals = {r.unit.pk: r.total for r in ranking}
    assert totals[a] == Decimal("13.33") + 8 + 0 + 10 + 0 + 10 + 10 + 10
    assert ranking[-1].unit.pk == a and ranking[0].rank == 1
    scoring.publish_assessment(by=supervisor, at=now(), assessment=found)
    with pytest.raises(scoring.AssessmentError):
        scoring.recompute(by=supervisor, at=now(), assessment=found)


def test_website_table_veto_and_caps(district, supervisor):
    found = scoring.start_assessment(
        by=supervisor, at=now(), district=district.root, year=2025, table="website_newmedia"
    )
    unit = district.unit_a

    def enter(indicator: str, points: str, note: str):
        scoring.enter_score(
            by=supervisor,
            at=now(),
            assessment=found,
            unit=unit,
            indicator=indicator,
            points=points,
            evidence=note,
        )
        return next(r for r in scoring.results(found) if r.unit == unit)

    enter("zhaocuo_open", "-6", "2条未办结")
    result = enter("intensive", "5", "已迁入集约化平台")
    assert result.total == Decimal("99") and not result.vetoed
    result = enter("veto", "1", "首页连续2周未更新")
    assert result.vetoed and result.total == 0


def test_pages(evidence, district, client_supervisor, client_a, client_b, supervisor):  # noqa: F811
    response = client_supervisor.post(
        reverse("supervision:spot_check_create"),
        {"title": "抽查", "kind": "documents", "per_unit": "2", "seed": "5"},
    )
    assert response.status_code == 302
    check = SpotCheck.objects.get()
    assert check.seed == 5
    page = client_supervisor.get(reverse("supervision:spot_check_detail", args=[check.pk]))
    assert "关于" in page.content.decode()
    assert (
        client_a.get(reverse("supervision:spot_check_detail", args=[check.pk])).status_code == 404
    )
    bad = client_supervisor.post(
        reverse("supervision:spot_check_create"),
        {"title": "x", "kind": "documents", "per_unit": "abc"},
    )
    assert bad.status_code == 400
    item = check.items.first()
    keys = [k for k, _l in spotchecks.CHECKLISTS["documents"]]
    ok = client_supervisor.post(
        reverse("supervision:spot_check_item", args=[item.pk]), dict.fromkeys(keys, "1")
    )
    assert ok.status_code == 302
    response = client_supervisor.post(
        reverse("supervision:assessment_create"), {"year": "2025", "table": "district_openness"}
    )
    found = Assessment.objects.get()
    assert response.status_code == 302
    detail = reverse("supervision:assessment_detail", args=[found.pk])
    assert "UNCONFIRMED" in client_supervisor.get(detail).content.decode()
    assert client_a.get(detail).status_code == 404  # not published yet
    partial = client_supervisor.get(detail, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content
    found.is_published, found.published_at = True, now()
    found.save()
    assert client_a.get(detail).status_code == 200
    refused = client_a.post(reverse("supervision:assessment_action", args=[found.pk, "recompute"]))
    assert refused.status_code == 404
    assert "2025" in client_b.get(reverse("supervision:assessment_list")).content.decode()
