"""Audit retention (issue 5 item 4, security.md T10): ≥ 183 days or start-up is refused."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks
from django.test import override_settings

from zwgk.core import retention

ROOT = Path(__file__).resolve().parents[3]


def _ids() -> list[str]:
    return [m.id for m in checks.run_checks(tags=[checks.Tags.security]) if m.id]


def test_default_is_400_days_and_passes():
    assert retention.DEFAULT_DAYS == 400
    assert retention.retention_days() >= 183
    assert "core.E101" not in _ids()


@pytest.mark.parametrize("value", ["183", 183, "400", 3650])
def test_six_months_or_more_accepted(value):
    with override_settings(ZWGK_AUDIT_RETENTION_DAYS=value):
        assert "core.E101" not in _ids()
        assert retention.retention_days() == int(value)


@pytest.mark.parametrize("value", ["182", 100, 0, -400, "", "abc", None, True])
def test_shorter_or_malformed_refused(value):
    with override_settings(ZWGK_AUDIT_RETENTION_DAYS=value):
        errors = [m for m in checks.run_checks(tags=[checks.Tags.security]) if m.id == "core.E101"]
    assert len(errors) == 1
    assert errors[0].level == checks.ERROR
    assert "183" in errors[0].msg


def _start(days: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ZWGK_DEMO="1", ZWGK_AUDIT_RETENTION_DAYS=days)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(ROOT / "manage.py"), "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_start_up_refused_with_100_days_and_allowed_with_default():
    refused = _start("100")
    assert refused.returncode != 0
    assert "core.E101" in refused.stderr
    allowed = _start("400")
    assert "core.E101" not in allowed.stderr + allowed.stdout
