"""Supervision tests read only the problem sources they are about: the other apps register
theirs too (keyarea, monitoring, mailbox …), whose problems would change the expected items."""

from __future__ import annotations

import pytest

from zwgk.supervision import problems

OWN_SOURCES = (
    "documents.late_publication",
    "documents.missing_interpretation",
    "disclosure_requests.late_reply",
    "supervision.spot_check",
)


@pytest.fixture(autouse=True)
def only_the_sources_under_test(monkeypatch: pytest.MonkeyPatch) -> None:
    kept = {name: fn for name, fn in problems._sources.items() if name in OWN_SOURCES}
    monkeypatch.setattr(problems, "_sources", kept)
