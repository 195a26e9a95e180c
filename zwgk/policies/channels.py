"""How a message reaches a subscriber: one adapter per channel.

- e-mail: Django's mail backend (SMTP in production, the file backend in the demo, locmem in
  tests), with List-Unsubscribe / List-Unsubscribe-Post (RFC 8058) headers;
- SMS: `TencentCloudSms` speaks the published Tencent Cloud SMS API 3.0 (action SendSms, version
  2021-01-11, TC3-HMAC-SHA256 signature) against a configurable endpoint; the default
  `ConsoleSms` sends nothing and keeps the message in `outbox` (demo, tests);
- WeChat: `WechatTemplateMessage` speaks the published 公众号 interfaces (GET /cgi-bin/token,
  POST /cgi-bin/message/template/send) against a configurable endpoint; the default
  `ConsoleWechat` keeps the message in `outbox`.

Configuration (Django settings, else environment variables of the same name):
ZWGK_POLICIES_SMS = "console" | "tencent" and ZWGK_POLICIES_SMS_ENDPOINT, _SECRET_ID,
_SECRET_KEY, _SDK_APP_ID, _SIGN_NAME, _TEMPLATE_ID, _REGION; ZWGK_POLICIES_WECHAT = "console" |
"mp" and ZWGK_POLICIES_WECHAT_ENDPOINT, _APPID, _SECRET, _TEMPLATE_ID, _TITLE_KEY, _DATE_KEY.

Contacts are personal data: no adapter logs them, and a `DeliveryError` message names the
gateway's error code, never the recipient or the gateway's free text (which may echo it).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
MAX_RESPONSE_BYTES = 64 * 1024


@dataclass(frozen=True)
class Message:
    subject: str
    text: str  # the whole message as plain text (e-mail body)
    title: str  # the policy title (SMS and WeChat templates carry it)
    day: str  # YYYY-MM-DD
    link: str  # absolute link to the policy or the confirmation page
    unsubscribe_link: str = ""


class DeliveryError(Exception):
    """A send that failed; `message` names the cause without personal data."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Adapter(Protocol):
    channel: str

    def send(self, contact: str, message: Message) -> None: ...


def setting(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return str(value)


# --- Console/fake adapters --------------------------------------------------------------------

# What the console adapters "sent" in this process: (channel, contact, message). Tests and the
# demo read it; it is never written to a log.
outbox: list[tuple[str, str, Message]] = []


class ConsoleSms:
    channel = "sms"

    def send(self, contact: str, message: Message) -> None:
        outbox.append((self.channel, contact, message))
        logger.info("policies: SMS kept by the console adapter (nothing sent)")


class ConsoleWechat:
    channel = "wechat"

    def send(self, contact: str, message: Message) -> None:
        outbox.append((self.channel, contact, message))
        logger.info("policies: WeChat message kept by the console adapter (nothing sent)")


# --- E-mail ------------------------------------------------------------------------------------


class Email:
    channel = "email"

    def send(self, contact: str, message: Message) -> None:
        headers = {}
        if message.unsubscribe_link:
            headers["List-Unsubscribe"] = f"<{message.unsubscribe_link}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        email = EmailMessage(
            subject=message.subject,
            body=message.text,
            from_email=None,
            to=[contact],
            headers=headers,
        )
        try:
            email.send(fail_silently=False)
        except (OSError, ValueError) as error:  # smtplib errors are OSErrors
            raise DeliveryError(f"邮件服务器拒绝或无法连接（{type(error).__name__}）") from None


# --- HTTP ------------------------------------------------------------------------------------


def _http(
    method: str, url: str, *, body: bytes | None = None, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise DeliveryError("网关地址必须是 http 或 https")
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310
            raw = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise DeliveryError(f"网关返回 HTTP {error.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise DeliveryError(f"无法连接网关（{type(error).__name__}）") from None
    if len(raw) > MAX_RESPONSE_BYTES:
        raise DeliveryError("网关响应过大")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise DeliveryError("网关响应不是 JSON") from None
    if not isinstance(data, dict):
        raise DeliveryError("网关响应格式不正确")
    return data


def _code(value: Any) -> str:
    """A gateway error code, bounded and without free text."""
    return "".join(ch for ch in str(value) if ch.isalnum() or ch in "._-")[:60]


# --- Tencent Cloud SMS (API 3.0) ----------------------------------------------------------------


def tc3_authorization(
    *,
    secret_id: str,
    secret_key: str,
    host: str,
    action: str,
    payload: bytes,
    timestamp: int,
    service: str = "sms",
) -> str:
    """The Authorization header of Tencent Cloud API 3.0 (TC3-HMAC-SHA256), as documented in
    "签名方法 v3": canonical request → string to sign → derived key → signature."""
    day = datetime.fromtimestamp(timestamp, tz=UTC).strftime("%Y-%m-%d")
    canonical_headers = (
        f"content-type:application/json; charset=utf-8\nhost:{host}\nx-tc-action:{action.lower()}\n"
    )
    signed_headers = "content-type;host;x-tc-action"
    canonical = "\n".join(
        [
            "POST",
            "/",
            "",
            canonical_headers,
            signed_headers,
            hashlib.sha256(payload).hexdigest(),
        ]
    )
    scope = f"{day}/{service}/tc3_request"
    to_sign = "\n".join(
        [
            "TC3-HMAC-SHA256",
            str(timestamp),
            scope,
            hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        ]
    )

    def _hmac(key: bytes, text: str) -> bytes:
        return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()

    key = _hmac(_hmac(_hmac(("TC3" + secret_key).encode("utf-8"), day), service), "tc3_request")
    signature = hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    return (
        f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, "
        f"SignedHeaders={signed_headers}, Signature={signature}"
    )


class TencentCloudSms:
    """SendSms of Tencent Cloud SMS. The template (approved in the console) has two
    parameters: the policy title (cut to 20 characters) and the link."""

    channel = "sms"
    ACTION = "SendSms"
    VERSION = "2021-01-11"

    def __init__(self, **config: str) -> None:
        self.endpoint = config.get("endpoint") or setting(
            "ZWGK_POLICIES_SMS_ENDPOINT", "https://sms.tencentcloudapi.com/"
        )
        self.secret_id = config.get("secret_id") or setting("ZWGK_POLICIES_SMS_SECRET_ID")
        self.secret_key = config.get("secret_key") or setting("ZWGK_POLICIES_SMS_SECRET_KEY")
        self.sdk_app_id = config.get("sdk_app_id") or setting("ZWGK_POLICIES_SMS_SDK_APP_ID")
        self.sign_name = config.get("sign_name") or setting("ZWGK_POLICIES_SMS_SIGN_NAME")
        self.template_id = config.get("template_id") or setting("ZWGK_POLICIES_SMS_TEMPLATE_ID")
        self.region = config.get("region") or setting("ZWGK_POLICIES_SMS_REGION", "ap-guangzhou")

    def send(self, contact: str, message: Message) -> None:
        payload = json.dumps(
            {
                "PhoneNumberSet": [f"+86{contact}"],
                "SmsSdkAppId": self.sdk_app_id,
                "SignName": self.sign_name,
                "TemplateId": self.template_id,
                "TemplateParamSet": [message.title[:20], message.link],
            },
            ensure_ascii=False,
        ).encode("utf-8")
        host = urllib.parse.urlsplit(self.endpoint).netloc
        timestamp = int(time.time())
        headers = {
            "Authorization": tc3_authorization(
                secret_id=self.secret_id,
                secret_key=self.secret_key,
                host=host,
                action=self.ACTION,
                payload=payload,
                timestamp=timestamp,
            ),
            "Content-Type": "application/json; charset=utf-8",
            "Host": host,
            "X-TC-Action": self.ACTION,
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Version": self.VERSION,
            "X-TC-Region": self.region,
        }
        data = _http("POST", self.endpoint, body=payload, headers=headers)
        response = data.get("Response")
        if not isinstance(response, dict):
            raise DeliveryError("短信网关响应格式不正确")
        if isinstance(response.get("Error"), dict):
            raise DeliveryError(f"短信网关错误 {_code(response['Error'].get('Code'))}")
        statuses = response.get("SendStatusSet")
        if not isinstance(statuses, list) or not statuses or not isinstance(statuses[0], dict):
            raise DeliveryError("短信网关没有返回发送结果")
        if statuses[0].get("Code") != "Ok":
            raise DeliveryError(f"短信发送失败 {_code(statuses[0].get('Code'))}")


# --- WeChat official account template messages ---------------------------------------------------

TOKEN_INVALID = {40001, 40014, 42001}


class WechatTemplateMessage:
    channel = "wechat"

    def __init__(self, **config: str) -> None:
        self.endpoint = (
            config.get("endpoint")
            or setting("ZWGK_POLICIES_WECHAT_ENDPOINT", "https://api.weixin.qq.com")
        ).rstrip("/")
        self.appid = config.get("appid") or setting("ZWGK_POLICIES_WECHAT_APPID")
        self.secret = config.get("secret") or setting("ZWGK_POLICIES_WECHAT_SECRET")
        self.template_id = config.get("template_id") or setting("ZWGK_POLICIES_WECHAT_TEMPLATE_ID")
        self.title_key = config.get("title_key") or setting(
            "ZWGK_POLICIES_WECHAT_TITLE_KEY", "thing1"
        )
        self.date_key = config.get("date_key") or setting("ZWGK_POLICIES_WECHAT_DATE_KEY", "time2")

    def _cache_key(self) -> str:
        return (
            "policies:wechat_token:"
            + hashlib.sha256(f"{self.endpoint}|{self.appid}".encode()).hexdigest()[:16]
        )

    def access_token(self, *, fresh: bool = False) -> str:
        """GET /cgi-bin/token (grant_type=client_credential), cached until shortly before it
        expires (the interface allows a limited number of calls a day)."""
        if not fresh:
            cached = cache.get(self._cache_key())
            if isinstance(cached, str) and cached:
                return cached
        query = urllib.parse.urlencode(
            {"grant_type": "client_credential", "appid": self.appid, "secret": self.secret}
        )
        data = _http("GET", f"{self.endpoint}/cgi-bin/token?{query}")
        token = data.get("access_token")
        if not isinstance(token, str) or not token:
            raise DeliveryError(
                f"微信接口未返回 access_token（errcode {_code(data.get('errcode'))}）"
            )
        expires = data.get("expires_in", 7200)
        lifetime = max(60, int(expires) - 300) if isinstance(expires, int) else 600
        cache.set(self._cache_key(), token, timeout=lifetime)
        return token

    def _post(self, token: str, payload: bytes) -> dict[str, Any]:
        query = urllib.parse.urlencode({"access_token": token})
        return _http(
            "POST",
            f"{self.endpoint}/cgi-bin/message/template/send?{query}",
            body=payload,
            headers={"Content-Type": "application/json; charset=utf-8"},
        )

    def send(self, contact: str, message: Message) -> None:
        payload = json.dumps(
            {
                "touser": contact,
                "template_id": self.template_id,
                "url": message.link,
                "data": {
                    self.title_key: {"value": message.title[:20]},
                    self.date_key: {"value": message.day},
                },
            },
            ensure_ascii=False,
        ).encode("utf-8")
        data = self._post(self.access_token(), payload)
        if data.get("errcode") in TOKEN_INVALID:  # expired early: fetch a new one, once
            data = self._post(self.access_token(fresh=True), payload)
        if data.get("errcode", 0) != 0:
            raise DeliveryError(f"微信模板消息发送失败（errcode {_code(data.get('errcode'))}）")


# --- Choosing ------------------------------------------------------------------------------------


def adapter_for(channel: str) -> Adapter:
    if channel == "email":
        return Email()
    if channel == "sms":
        kind = setting("ZWGK_POLICIES_SMS", "console")
        return TencentCloudSms() if kind == "tencent" else ConsoleSms()
    if channel == "wechat":
        kind = setting("ZWGK_POLICIES_WECHAT", "console")
        return WechatTemplateMessage() if kind == "mp" else ConsoleWechat()
    raise ValueError(channel)
