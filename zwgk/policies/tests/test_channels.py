"""The SMS and WeChat adapters against a fake gateway on 127.0.0.1 (a real HTTP server in a
thread) that checks what the published interfaces require: the TC3-HMAC-SHA256 signature of
Tencent Cloud SMS SendSms, and the access_token + template message of the WeChat official
account API. The console adapters are the default and send nothing."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail

from zwgk.policies import channels

MESSAGE = channels.Message(
    subject="【政策直通车】政策新发布：稳岗返还",
    text="正文",
    title="铜梁区2026年稳岗返还实施办法（修订）",
    day="2026-03-02",
    link="https://www.cqstl.gov.cn/zcztc/7/",
    unsubscribe_link="https://www.cqstl.gov.cn/zcztc/unsubscribe/x/",
)


class Gateway:
    """A fake SMS + WeChat gateway; `script` decides the answers."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.sms_answer: dict = {"Response": {"SendStatusSet": [{"Code": "Ok"}], "RequestId": "r"}}
        self.tokens_issued = 0
        self.expire_first_token = False
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output clean
                pass

            def _reply(self, data: dict, status: int = 200) -> None:
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                url = urlsplit(self.path)
                query = parse_qs(url.query)
                outer.requests.append({"method": "GET", "path": url.path, "query": query})
                if url.path == "/cgi-bin/token":
                    if query.get("secret") != ["wx-secret"]:
                        return self._reply({"errcode": 40125, "errmsg": "invalid appsecret"})
                    outer.tokens_issued += 1
                    return self._reply(
                        {"access_token": f"TOKEN{outer.tokens_issued}", "expires_in": 7200}
                    )
                return self._reply({}, 404)

            def do_POST(self):
                url = urlsplit(self.path)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append(
                    {
                        "method": "POST",
                        "path": url.path,
                        "query": parse_qs(url.query),
                        "headers": dict(self.headers),
                        "body": body,
                    }
                )
                if url.path == "/cgi-bin/message/template/send":
                    token = parse_qs(url.query).get("access_token", [""])[0]
                    if outer.expire_first_token and token == "TOKEN1":
                        return self._reply({"errcode": 42001, "errmsg": "access_token expired"})
                    return self._reply({"errcode": 0, "errmsg": "ok", "msgid": 1})
                return self._reply(outer.sms_answer)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Gateway:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway():
    with Gateway() as running:
        yield running


def sms(gateway: Gateway) -> channels.TencentCloudSms:
    return channels.TencentCloudSms(
        endpoint=gateway.url + "/",
        secret_id="AKIDtest",
        secret_key="sms-secret",
        sdk_app_id="1400000000",
        sign_name="铜梁区政府",
        template_id="123456",
    )


def test_tencent_sms_request_is_signed_as_documented(gateway):
    sms(gateway).send("13800138000", MESSAGE)
    request = gateway.requests[-1]
    headers = {k.lower(): v for k, v in request["headers"].items()}
    payload = json.loads(request["body"])
    assert payload["PhoneNumberSet"] == ["+8613800138000"]
    assert payload["TemplateParamSet"] == [MESSAGE.title[:20], MESSAGE.link]
    assert payload["SmsSdkAppId"] == "1400000000" and payload["SignName"] == "铜梁区政府"
    assert headers["x-tc-action"] == "SendSms" and headers["x-tc-version"] == "2021-01-11"
    # The fake gateway recomputes the signature from what it received, as Tencent Cloud does.
    expected = channels.tc3_authorization(
        secret_id="AKIDtest",
        secret_key="sms-secret",
        host=headers["host"],
        action="SendSms",
        payload=request["body"],
        timestamp=int(headers["x-tc-timestamp"]),
    )
    assert headers["authorization"] == expected
    assert "Credential=AKIDtest/" in expected and "/sms/tc3_request" in expected
    wrong = channels.tc3_authorization(
        secret_id="AKIDtest",
        secret_key="another",
        host=headers["host"],
        action="SendSms",
        payload=request["body"],
        timestamp=int(headers["x-tc-timestamp"]),
    )
    assert wrong != expected


def test_tc3_signature_known_value():
    # Fixed inputs give a fixed, stable signature (guards against accidental changes).
    first = channels.tc3_authorization(
        secret_id="AKID",
        secret_key="KEY",
        host="sms.tencentcloudapi.com",
        action="SendSms",
        payload=b"{}",
        timestamp=1_700_000_000,
    )
    second = channels.tc3_authorization(
        secret_id="AKID",
        secret_key="KEY",
        host="sms.tencentcloudapi.com",
        action="SendSms",
        payload=b"{}",
        timestamp=1_700_000_000,
    )
    assert first == second and "2023-11-14/sms/tc3_request" in first


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        (
            {
                "Response": {
                    "Error": {"Code": "AuthFailure.SignatureFailure", "Message": "13800138000"}
                }
            },
            "AuthFailure.SignatureFailure",
        ),
        (
            {"Response": {"SendStatusSet": [{"Code": "LimitExceeded.PhoneNumberDailyLimit"}]}},
            "LimitExceeded",
        ),
        ({"unexpected": 1}, "格式不正确"),
    ],
)
def test_tencent_sms_errors_name_the_code_never_the_number(gateway, answer, code):
    gateway.sms_answer = answer
    with pytest.raises(channels.DeliveryError) as error:
        sms(gateway).send("13800138000", MESSAGE)
    assert code in error.value.message and "13800138000" not in error.value.message


def test_gateway_down_is_a_delivery_error():
    adapter = channels.TencentCloudSms(
        endpoint="http://127.0.0.1:9/", secret_id="a", secret_key="b"
    )
    with pytest.raises(channels.DeliveryError, match="无法连接网关"):
        adapter.send("13800138000", MESSAGE)


def test_wechat_template_message(gateway, django_cache=None):
    from django.core.cache import cache

    cache.clear()
    adapter = channels.WechatTemplateMessage(
        endpoint=gateway.url, appid="wx123", secret="wx-secret", template_id="TPL"
    )
    adapter.send("oOPENID0123456789abcdefghijk", MESSAGE)
    adapter.send("oOPENID0123456789abcdefghijk", MESSAGE)
    token_calls = [r for r in gateway.requests if r["path"] == "/cgi-bin/token"]
    assert len(token_calls) == 1  # cached
    assert token_calls[0]["query"]["grant_type"] == ["client_credential"]
    sent = [r for r in gateway.requests if r["path"] == "/cgi-bin/message/template/send"]
    payload = json.loads(sent[-1]["body"])
    assert payload["touser"] == "oOPENID0123456789abcdefghijk"
    assert payload["template_id"] == "TPL" and payload["url"] == MESSAGE.link
    assert payload["data"] == {
        "thing1": {"value": MESSAGE.title[:20]},
        "time2": {"value": "2026-03-02"},
    }
    cache.clear()


def test_wechat_expired_token_is_renewed_once(gateway):
    from django.core.cache import cache

    cache.clear()
    gateway.expire_first_token = True
    adapter = channels.WechatTemplateMessage(
        endpoint=gateway.url, appid="wx123", secret="wx-secret", template_id="TPL"
    )
    adapter.send("oOPENID0123456789abcdefghijk", MESSAGE)
    assert gateway.tokens_issued == 2
    bad = channels.WechatTemplateMessage(
        endpoint=gateway.url, appid="wx999", secret="wrong", template_id="TPL"
    )
    with pytest.raises(channels.DeliveryError, match="40125"):
        bad.send("oOPENID0123456789abcdefghijk", MESSAGE)
    cache.clear()


def test_defaults_are_console_adapters_and_email_is_django_mail(settings):
    assert isinstance(channels.adapter_for("sms"), channels.ConsoleSms)
    assert isinstance(channels.adapter_for("wechat"), channels.ConsoleWechat)
    settings.ZWGK_POLICIES_SMS = "tencent"
    settings.ZWGK_POLICIES_WECHAT = "mp"
    assert isinstance(channels.adapter_for("sms"), channels.TencentCloudSms)
    assert isinstance(channels.adapter_for("wechat"), channels.WechatTemplateMessage)
    mail.outbox.clear()
    channels.adapter_for("email").send("a@example.com", MESSAGE)
    assert mail.outbox[0].to == ["a@example.com"]
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
