"""Delivering 7×24 alerts: the 工作台 shows them (inbox.py); this module sends them by e-mail
and through an SMS adapter.

SMS gateways differ per province and cannot run here: `SmsSender` is the interface, `FakeSms`
the implementation used until the district names its gateway (settings.ZWGK_SMS_SENDER, a
dotted path, may name another). Phone numbers are never logged.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.utils.module_loading import import_string

from zwgk.orgs.models import Membership, Role, Unit

from .models import Alert

logger = logging.getLogger(__name__)

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


class SmsSender(Protocol):
    def send(self, numbers: list[str], text: str) -> int:
        """Send `text` to the numbers; return how many were accepted."""


@dataclass
class FakeSms:
    """Keeps what it was asked to send (tests read `outbox`)."""

    outbox: list[tuple[str, str]] = field(default_factory=list)

    def send(self, numbers: list[str], text: str) -> int:
        for number in numbers:
            self.outbox.append((number, text))
        return len(numbers)


class TencentCloudAlertSms:
    """The real sender: Tencent Cloud SMS `SendSms`, through the signed client of the policy
    pushes (zwgk.policies.channels.TencentCloudSms), with the same gateway account
    (ZWGK_POLICIES_SMS_SECRET_ID, _SECRET_KEY, _SDK_APP_ID, _SIGN_NAME, _ENDPOINT, _REGION) and
    the alerts' own approved template ZWGK_ALERT_SMS_TEMPLATE_ID, whose two parameters are the
    first 20 characters of the alert and the address of the 工作台.

    Select it with ZWGK_SMS_SENDER=zwgk.monitoring.alerts.TencentCloudAlertSms.
    """

    def __init__(self, **config: str) -> None:
        from zwgk.policies import channels

        self._channels = channels
        config.setdefault("template_id", channels.setting("ZWGK_ALERT_SMS_TEMPLATE_ID"))
        self._client = channels.TencentCloudSms(**config)
        base = channels.setting("ZWGK_POLICIES_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
        self._link = f"{base}/staff/"

    def send(self, numbers: list[str], text: str) -> int:
        message = self._channels.Message(
            subject=text[:20], text=text, title=text[:20], day="", link=self._link
        )
        accepted = 0
        for number in numbers:
            try:
                self._client.send(number, message)
            except self._channels.DeliveryError as error:
                logger.warning("alert SMS not accepted: %s", error)  # the number is not logged
            else:
                accepted += 1
        return accepted


_fake = FakeSms()


def get_sms_sender() -> SmsSender:
    path = getattr(settings, "ZWGK_SMS_SENDER", "")
    if path:
        sender: SmsSender = import_string(path)()
        return sender
    return _fake


def recipients(unit: Unit) -> tuple[list[str], list[str]]:
    """(e-mails, mobile numbers) of the unit's staff and the district office's supervisors."""
    memberships = Membership.objects.active().select_related("user", "unit")
    people = list(memberships.filter(unit=unit))
    people += [
        m
        for m in memberships.filter(role=Role.SUPERVISOR, unit__is_competent_office=True)
        # the competent office supervises its parent's subtree (orgs.permissions)
        if unit.path.startswith(m.unit.path.rsplit("/", 2)[0] + "/")
    ]
    emails = sorted({m.user.email for m in people if m.user.email})
    phones = sorted(
        {
            u.office_phone.replace("-", "")
            for u in {m.unit for m in people} | {unit}
            if MOBILE_RE.match(u.office_phone.replace("-", ""))
        }
    )
    return emails, phones


def deliver(alert_id: int) -> None:
    """Send one alert by e-mail and SMS (called after the transaction that raised it)."""
    alert = Alert.objects.select_related("unit").get(pk=alert_id)
    emails, phones = recipients(alert.unit)
    text = f"【政务网站监测】{alert.unit.name}：{alert.message}"
    sent = 0
    if emails:
        try:
            sent = send_mail("政务网站监测提醒", text, settings.DEFAULT_FROM_EMAIL, emails)
        except OSError:
            logger.warning("monitoring alert %s: e-mail failed", alert_id)
    texted = 0
    if phones:
        try:
            texted = get_sms_sender().send(phones, text)
        except OSError:
            logger.warning("monitoring alert %s: SMS failed", alert_id)
    Alert.objects.filter(pk=alert_id).update(
        emailed=F("emailed") + (len(emails) if sent else 0), texted=F("texted") + texted
    )
