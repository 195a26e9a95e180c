"""The URL × role access matrix (issue 5 item 3, security.md T07) against
zwgk/core/access_policy.toml, and every object URL of unit A requested as unit B.

Figures (printed with -s): URL×role pairs tested, mismatches (must be 0), known deviations
listed in the policy, URLs without a fixture object, cross-unit requests and those that
returned data (must be 0).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from django.urls import reverse

from tests.security.access_matrix import ROLES, outcome, url_for, walk

ZWGK = Path(__file__).resolve().parents[2] / "zwgk"
# zwgk/core/access_policy.toml, then each app's own zwgk/<app>/access_policy.toml (same format).
POLICY_FILES = [
    ZWGK / "core" / "access_policy.toml",
    *sorted(path for path in ZWGK.glob("*/access_policy.toml") if path.parent.name != "core"),
]


def _load_policy() -> tuple[dict, dict]:
    urls: dict = {}
    deviations: dict = {}
    for path in POLICY_FILES:
        policy = tomllib.loads(path.read_text(encoding="utf-8"))
        for table, merged in (("urls", urls), ("deviations", deviations)):
            for key, value in policy.get(table, {}).items():
                assert key not in merged, f"{path}: {key} is already in another policy file"
                merged[key] = value
    return urls, deviations


URLS, DEVIATIONS = _load_policy()
STAFF_ROLES = {"clerk_a", "deputy_a", "head_a", "clerk_b", "supervisor", "system_admin"}


def expected(entry: dict, role: str) -> set[str]:
    """The outcomes the policy accepts for one role."""
    if entry.get("public"):
        # Public pages are never gated by role; whether a page of unit A's draft exists (ok or
        # 404) is the portal's business, so both are accepted unless the policy pins one.
        return {entry["outcome"]} if "outcome" in entry else {"ok", "denied"}
    if role in entry.get("ok", ()):
        return {"ok"}
    if role in entry.get("refused", ()):
        return {"refused"}
    if role == "anonymous":
        return {"login"}
    if role == "citizen":
        return {"login", "denied"}
    return {"denied"}


def test_policy_names_every_url_and_only_real_ones():
    names = {name for name, _route, _params in walk()}
    assert sorted(names - set(URLS)) == []  # a new page needs a line in the policy
    assert sorted(set(URLS) - names) == []
    for entry in URLS.values():
        assert set(entry.get("ok", ())) | set(entry.get("refused", ())) <= set(ROLES)


def _request(client, entry: dict, url: str):
    if entry.get("method") == "POST":
        return client.post(url, {})
    return client.get(url)


def _walk_in_order():
    # Logging out ends the session; it goes last.
    return sorted(walk(), key=lambda item: item[0] == "workspace:logout")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_matrix(role, matrix_clients, unit_a_objects, capsys):
    login = reverse("workspace:login")
    objects = {k: v for k, v in unit_a_objects.items() if v is not None}
    client = matrix_clients[role]
    tested, mismatches, deviations, uncovered = 0, [], [], []
    for name, _route, params in _walk_in_order():
        entry = URLS[name]
        url = url_for(name, params, objects)
        if url is None:
            assert entry.get("fixture") is False, f"{name}: no fixture but not marked"
            uncovered.append(name)
            continue
        got = outcome(_request(client, entry, url), login)
        tested += 1
        if got in expected(entry, role):
            assert f"{role}@{name}" not in DEVIATIONS, f"{role}@{name} is fixed: remove it"
            continue
        if f"{role}@{name}" in DEVIATIONS:
            deviations.append(name)
            continue
        mismatches.append((name, got, sorted(expected(entry, role))))
    with capsys.disabled():
        print(
            f"\n[access matrix] {role}: {tested} URLs tested, {len(mismatches)} mismatches, "
            f"{len(deviations)} known deviations, {len(uncovered)} without fixture"
        )
    assert mismatches == [], "\n".join(map(str, mismatches))
    assert len(deviations) == sum(1 for key in DEVIATIONS if key.startswith(f"{role}@"))


def _markers(objects) -> list[str]:
    """Strings that appear only in unit A's data (document title, applicant, request title)."""
    doc, case = objects["documents"], objects["requests"]
    return [doc.title, case.applicant_name, case.info_title, *objects.get("_markers", ())]


@pytest.mark.django_db
def test_unit_b_gets_nothing_of_unit_a(matrix_clients, unit_a_objects, capsys):
    """Every staff URL (object URLs with unit A's ids, and the lists) as unit B's clerk: no
    response carries unit A's data; object URLs answer 404/403/400."""
    login = reverse("workspace:login")
    objects = {k: v for k, v in unit_a_objects.items() if v is not None}
    markers = _markers(objects)
    client = matrix_clients["clerk_b"]
    requested, with_data, object_urls, object_allowed = 0, [], 0, []
    for name, _route, params in _walk_in_order():
        entry = URLS[name]
        if entry.get("public") or name == "workspace:logout":
            continue
        url = url_for(name, params, objects)
        if url is None:
            continue
        response = _request(client, entry, url)
        requested += 1
        body = response.content.decode(errors="replace") if hasattr(response, "content") else ""
        if any(marker in body for marker in markers):
            with_data.append(name)
        if params and params != ("kind",) and outcome(response, login) == "ok":
            object_allowed.append(name)
        object_urls += bool(params)
    with capsys.disabled():
        print(
            f"\n[cross-unit] {requested} staff URLs as unit B ({object_urls} with unit A's "
            f"objects): {len(with_data)} responses with unit A's data, "
            f"{len(object_allowed)} object URLs allowed"
        )
    assert with_data == []
    assert object_allowed == []


@pytest.mark.django_db
def test_markers_would_be_found(matrix_clients, unit_a_objects):
    """The cross-unit scan can fail: unit A's own clerk sees the markers on the same pages."""
    objects = {k: v for k, v in unit_a_objects.items() if v is not None}
    client = matrix_clients["clerk_a"]
    doc, case = objects["documents"], objects["requests"]
    assert doc.title in client.get(reverse("documents:detail", args=[doc.pk])).content.decode()
    page = client.get(reverse("disclosure_requests:detail", args=[case.pk])).content.decode()
    assert case.info_title in page
