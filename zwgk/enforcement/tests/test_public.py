"""The public pages /zfgs/: published results by unit, type and year, paged; standing information
with its versions; never a natural person's name or identity number."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from zwgk.enforcement import services
from zwgk.enforcement.statute import DecisionKind, InfoKind, PartyKind

from .helpers import ID_NUMBER, at, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(district, officer_a, officer_b):
    penalty = record(officer_a, district.unit_a, number="铜教罚〔2026〕1号")
    services.publish_decision(by=officer_a, at=at("2026-02-12"), decision=penalty)
    license_ = record(
        officer_b,
        district.unit_b,
        number="铜民许〔2026〕1号",
        kind=DecisionKind.LICENSE,
        party_kind=PartyKind.LEGAL,
        party_name="铜梁区某养老服务有限公司",
        party_id_number="",
        summary="准予设立养老机构备案。",
    )
    services.publish_decision(by=officer_b, at=at("2026-02-12"), decision=license_)
    record(officer_a, district.unit_a, number="铜教罚〔2026〕草稿号")  # not public
    services.publish_info(
        by=officer_a, at=at("2026-02-11"), unit=district.unit_a, kind=InfoKind.DUTIES, body="职责一"
    )
    services.publish_info(
        by=officer_a, at=at("2026-02-12"), unit=district.unit_a, kind=InfoKind.DUTIES, body="职责二"
    )
    return penalty, license_


def _pages(client, district, penalty):
    urls = [
        reverse("enforcement_public:index"),
        reverse("enforcement_public:decision_list"),
        reverse("enforcement_public:decision_list") + "?q=张",
        reverse("enforcement_public:decision", args=[penalty.pk]),
        reverse("enforcement_public:unit", args=[district.unit_a.code]),
        reverse("enforcement_public:info_history", args=[district.unit_a.code, "duties"]),
    ]
    return [(url, client.get(url)) for url in urls]


def test_public_pages_never_show_personal_data(client, district, published):
    penalty, _ = published
    for url, response in _pages(client, district, penalty):
        body = response.content.decode()
        assert response.status_code == 200, url
        assert "张晓明" not in body, url
        assert ID_NUMBER not in body and "002X" not in body, url
    detail = client.get(reverse("enforcement_public:decision", args=[penalty.pk])).content.decode()
    assert "张**" in detail and "铜教罚〔2026〕1号" in detail


def test_a_natural_persons_name_cannot_be_probed_by_search(client, published):
    url = reverse("enforcement_public:decision_list")
    assert "铜教罚〔2026〕1号" not in client.get(url, {"q": "张晓明"}).content.decode()
    # A company's name is public and searchable.
    assert "铜民许〔2026〕1号" in client.get(url, {"q": "养老服务"}).content.decode()


def test_filters_by_unit_kind_and_year(client, district, published):
    url = reverse("enforcement_public:decision_list")
    body = client.get(url, {"unit": district.unit_b.code}).content.decode()
    assert "铜民许〔2026〕1号" in body and "铜教罚〔2026〕1号" not in body
    body = client.get(url, {"kind": "penalty"}).content.decode()
    assert "铜教罚〔2026〕1号" in body and "铜民许〔2026〕1号" not in body
    assert "铜教罚" not in client.get(url, {"year": "2025"}).content.decode().split("<main")[1]
    # Nonsense filters are ignored, never an error.
    for params in ({"kind": "x"}, {"year": "abcd"}, {"unit": "<script>"}, {"page": "999"}):
        assert client.get(url, params).status_code == 200


def test_only_published_results_are_public(client, district, published):
    body = client.get(reverse("enforcement_public:decision_list")).content.decode()
    assert "草稿号" not in body
    from zwgk.enforcement.models import Decision

    draft = Decision.objects.get(number="铜教罚〔2026〕草稿号")
    assert client.get(reverse("enforcement_public:decision", args=[draft.pk])).status_code == 404


def test_paging(client, district, officer_a):
    for n in range(25):
        decision = record(
            officer_a,
            district.unit_a,
            number=f"铜教罚〔2026〕{n + 100}号",
            decision_date=date(2026, 2, 10),
        )
        services.publish_decision(by=officer_a, at=at("2026-02-12"), decision=decision)
    url = reverse("enforcement_public:decision_list")
    first = client.get(url, {"kind": "penalty"}).content.decode()
    assert first.count('href="/zfgs/results/') == 20
    assert "kind=penalty&amp;page=2" in first
    second = client.get(url, {"kind": "penalty", "page": 2}).content.decode()
    assert second.count('href="/zfgs/results/') == 5


def test_unit_page_shows_the_current_version_and_the_history(client, district, published):
    body = client.get(
        reverse("enforcement_public:unit", args=[district.unit_a.code])
    ).content.decode()
    assert "职责二" in body and "职责一" not in body
    history = client.get(
        reverse("enforcement_public:info_history", args=[district.unit_a.code, "duties"])
    ).content.decode()
    assert "职责二" in history and "职责一" in history
    assert client.get(reverse("enforcement_public:unit", args=["nowhere"])).status_code == 404
    url = reverse("enforcement_public:info_history", args=[district.unit_a.code, "bases"])
    assert client.get(url).status_code == 404
    assert 'name="viewport"' in body  # mobile layout of the portal
