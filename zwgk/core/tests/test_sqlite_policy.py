"""The SQLite version policy check core.W201 (zwgk/core/sqlite_policy.py; security.md §7.5)."""

from __future__ import annotations

import pytest
from django.core import checks
from django.db import connections

from zwgk.core import sqlite_policy


@pytest.mark.parametrize(
    ("version", "affected"),
    [
        ("3.6.23", False),
        ("3.7.0", True),
        ("3.40.1", True),
        ("3.44.5", True),
        ("3.44.6", False),
        ("3.45.0", True),
        ("3.50.6", True),
        ("3.50.7", False),
        ("3.51.1", True),
        ("3.51.2", True),
        ("3.51.3", False),
        ("3.52.0", True),
        ("3.53.0", False),
        ("3.54.1", False),
    ],
)
def test_affected_versions(version: str, affected: bool) -> None:
    assert sqlite_policy.wal_reset_affected(sqlite_policy.version_tuple(version)) is affected


def test_deploy_check_warns_on_affected_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    if connections["default"].vendor != "sqlite":
        assert sqlite_policy.check_sqlite_version() == []
        return
    monkeypatch.setattr(sqlite_policy.sqlite3, "sqlite_version", "3.40.1")
    [warning] = sqlite_policy.check_sqlite_version()
    assert warning.id == "core.W201" and "3.40.1" in warning.msg
    monkeypatch.setattr(sqlite_policy.sqlite3, "sqlite_version", "3.51.3")
    assert sqlite_policy.check_sqlite_version() == []


def test_registered_as_a_deploy_check() -> None:
    registry = checks.registry.registry
    assert sqlite_policy.check_sqlite_version in registry.get_checks(include_deployment_checks=True)
    assert sqlite_policy.check_sqlite_version not in registry.get_checks()
