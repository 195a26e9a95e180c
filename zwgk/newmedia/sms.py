"""SMS through an adapter interface. The gateway is chosen by
settings.ZWGK_NEWMEDIA_SMS_GATEWAY (a dotted path to a class with `send(phone, text)`); by
default none is configured and messages are dropped (the 工作台 and e-mail still carry the
alert). `FakeGateway` keeps what it was asked to send, for tests and the demo.

A real gateway (a carrier's or the government SMS platform's HTTP API) implements `send` and
must not log the number or the text.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class SmsGateway(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class NullGateway:
    def send(self, phone: str, text: str) -> None:
        return None


class FakeGateway:
    """Records messages in memory (class-level, so every instance shares the outbox)."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        FakeGateway.outbox.append((phone, text))


def get_gateway() -> SmsGateway:
    path = getattr(settings, "ZWGK_NEWMEDIA_SMS_GATEWAY", "")
    if not path:
        return NullGateway()
    gateway: SmsGateway = import_string(path)()
    return gateway
