"""抽查 of letters, accounts and sites: the mailbox, newmedia and monitoring apps register their
populations; a sample is drawn per unit, only from the district's units and only from objects
that belong in the population, and the recorded seed draws it again."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zwgk.mailbox.models import Letter, Mailbox
from zwgk.monitoring.models import Website
from zwgk.newmedia.models import MediaAccount, Platform
from zwgk.orgs import services as org_services
from zwgk.orgs.models import Unit
from zwgk.supervision import spotchecks
from zwgk.supervision.models import SpotCheck
from zwgk.supervision.spotchecks import SpotCheckError

TZ = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 3, 10, 10, tzinfo=TZ)
PLATFORMS = [Platform.WECHAT_SUBSCRIPTION, Platform.WEIBO, Platform.DOUYIN, Platform.TOUTIAO]


def _letter(box: Mailbox, unit: Unit, n: int, *, replied: bool) -> Letter:
    return Letter.objects.create(
        mailbox=box,
        handling_unit=unit,
        number=f"XX{unit.pk}{n:04}",
        lookup_code=f"L{unit.pk}{n:04}",
        lookup_check="x",
        kind="other",
        subject=f"{unit.short_name}来信{n}",
        body="内容",
        writer_name="",
        writer_name_masked="",
        phone="",
        phone_index="",
        phone_masked="",
        received_at=AT,
        updated_at=AT,
        status="replied" if replied else "open",
        replied_at=AT if replied else None,
    )


@pytest.fixture
def populations(district):
    """Unit A: 4 answered letters + 1 open; 4 open accounts + 1 closed; 3 monitored sites + 1
    not monitored. Unit B: 1 of each. A unit of another district: 1 of each."""
    other_root = org_services.create_unit(
        by=None,
        at=AT,
        parent=None,
        code="other",
        name="别的区政府",
        short_name="别区",
        kind=Unit.Kind.GOVERNMENT,
        doc_prefix="别府",
    )
    other = org_services.create_unit(
        by=None, at=AT, parent=other_root, code="other-jw", name="别的区教委",
        short_name="别教委", kind=Unit.Kind.DEPARTMENT, doc_prefix="别教",
    )  # fmt: skip
    box = Mailbox.objects.create(
        code="qzxx", name="区长信箱", owner_unit=district.office, created_at=AT, updated_at=AT
    )
    counts = {district.unit_a: 4, district.unit_b: 1, other: 1}
    for unit, n in counts.items():
        root = other_root if unit == other else district.root
        for i in range(n):
            _letter(box, unit, i, replied=True)
            MediaAccount.objects.create(
                district=root, host_unit=unit, platform=PLATFORMS[i], name=f"{unit.pk}号{i}",
                status="open", created_at=AT, updated_at=AT,
            )  # fmt: skip
            if i < 3:
                Website.objects.create(
                    unit=unit, name=f"{unit.short_name or unit.name}站{i}",
                    home_url=f"http://127.0.0.1:9/{unit.pk}/{i}/", created_at=AT,
                )  # fmt: skip
    _letter(box, district.unit_a, 99, replied=False)
    MediaAccount.objects.create(
        district=district.root, host_unit=district.unit_a, platform=Platform.KUAISHOU,
        name="已关停号", status="closed", created_at=AT, updated_at=AT,
    )  # fmt: skip
    Website.objects.create(
        unit=district.unit_a, name="已停用站", home_url="http://127.0.0.1:9/off/",
        created_at=AT, is_active=False,
    )  # fmt: skip
    return other


EXPECTED_A = {"letters": 4, "accounts": 4, "sites": 3}
PREFIX = {
    "letters": "mailbox.letter:",
    "accounts": "newmedia.account:",
    "sites": "monitoring.site:",
}


@pytest.mark.parametrize("kind", ["letters", "accounts", "sites"])
def test_sample_of_each_kind_is_drawn_scoped_and_reproducible(
    kind, district, supervisor, populations
):
    assert kind in spotchecks.available_kinds()
    check = spotchecks.start_spot_check(
        by=supervisor,
        at=AT,
        district=district.root,
        title=f"{kind}抽查",
        kind=kind,
        per_unit=2,
        seed=20260310,
    )
    a, b = str(district.unit_a.pk), str(district.unit_b.pk)
    # Only the district's units, only answered letters / open accounts / monitored sites.
    assert check.population == {a: EXPECTED_A[kind], b: 1}
    items = list(check.items.all())
    by_unit = {u: [i for i in items if i.unit_id == u] for u in {i.unit_id for i in items}}
    assert {u: len(v) for u, v in by_unit.items()} == {
        district.unit_a.pk: 2,
        district.unit_b.pk: 1,
    }
    assert populations.pk not in by_unit
    assert all(i.object_ref.startswith(PREFIX[kind]) and i.url and i.label for i in items)
    assert spotchecks.verify_sample(check)
    again = spotchecks.start_spot_check(
        by=supervisor, at=AT, district=district.root, title="再抽", kind=kind, per_unit=2,
        seed=20260310,
    )  # fmt: skip
    refs = sorted(check.items.values_list("object_ref", flat=True))
    assert sorted(again.items.values_list("object_ref", flat=True)) == refs
    # The checklist of the kind is what a result is recorded against.
    item = items[0]
    keys = [k for k, _label in spotchecks.CHECKLISTS[kind]]
    spotchecks.record_result(
        by=supervisor, at=AT, item=item, results=dict.fromkeys(keys, True), note=""
    )
    item.refresh_from_db()
    assert item.passed is True


def test_population_functions_read_only_the_units_asked(district, populations):
    for kind in ("letters", "accounts", "sites"):
        found = list(spotchecks._populations[kind]([district.unit_b.pk]))
        assert [s.unit_id for s in found] == [district.unit_b.pk]


def test_checklists_of_letters_accounts_and_sites_cite_their_rules():
    for kind, must in {
        "letters": {"timely", "reviewed", "published"},
        "accounts": {"filed", "updated", "administrator"},
        "sites": {"no_veto", "rectified"},
    }.items():
        keys = {k for k, _label in spotchecks.CHECKLISTS[kind]}
        assert must <= keys
        assert all("（" in label for _k, label in spotchecks.CHECKLISTS[kind] if _k in must)


def test_a_kind_without_a_population_is_refused(
    district, supervisor, monkeypatch: pytest.MonkeyPatch
):
    kept = {k: fn for k, fn in spotchecks._populations.items() if k != "letters"}
    monkeypatch.setattr(spotchecks, "_populations", kept)
    with pytest.raises(SpotCheckError, match="尚未接入"):
        spotchecks.start_spot_check(
            by=supervisor, at=AT, district=district.root, title="来信抽查", kind="letters",
            per_unit=2,
        )  # fmt: skip
    assert not SpotCheck.objects.exists()


def test_pages_offer_and_draw_the_new_kinds(district, client_supervisor, populations):
    from django.urls import reverse

    page = client_supervisor.get(reverse("supervision:spot_check_list")).content.decode()
    for kind in ("letters", "accounts", "sites"):
        assert f'<option value="{kind}">' in page  # offered, not disabled
    response = client_supervisor.post(
        reverse("supervision:spot_check_create"),
        {"title": "网站抽查", "kind": "sites", "per_unit": "1", "seed": "7"},
    )
    assert response.status_code == 302
    check = SpotCheck.objects.get()
    detail = client_supervisor.get(reverse("supervision:spot_check_detail", args=[check.pk]))
    html = detail.content.decode()
    assert "无未整改的单项否决问题" in html and "整改通知在期限内答复" in html
    item = check.items.get(unit=district.unit_a)
    assert item.label in html and item.url in html
    keys = [k for k, _label in spotchecks.CHECKLISTS["sites"]]
    failed = dict.fromkeys(keys, "1") | {"no_veto": "0"}
    bad = client_supervisor.post(reverse("supervision:spot_check_item", args=[item.pk]), failed)
    assert bad.status_code == 400  # a failed item needs a note
    failed["note"] = "首页链接失效的整改逾期未办"
    ok = client_supervisor.post(reverse("supervision:spot_check_item", args=[item.pk]), failed)
    assert ok.status_code == 302
    item.refresh_from_db()
    assert item.passed is False and item.results["no_veto"] is False
