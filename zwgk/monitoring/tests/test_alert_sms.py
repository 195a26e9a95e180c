"""The real alert SMS sender against a fake Tencent Cloud gateway on 127.0.0.1 (the same fake
the policy pushes are tested with): signed request, template parameters, and a refusal that is
counted, not raised, and never logs the number."""

from __future__ import annotations

import json
import logging

from zwgk.monitoring.alerts import TencentCloudAlertSms, get_sms_sender
from zwgk.policies import channels
from zwgk.policies.tests.test_channels import Gateway

NUMBER = "13800138000"


def sender(gateway: Gateway) -> TencentCloudAlertSms:
    return TencentCloudAlertSms(
        endpoint=gateway.url + "/",
        secret_id="AKIDtest",
        secret_key="sms-secret",
        sdk_app_id="1400000000",
        sign_name="铜梁区政府",
        template_id="654321",
    )


def test_alert_is_sent_signed_with_the_alert_template():
    with Gateway() as gateway:
        assert sender(gateway).send([NUMBER], "区教委网站首页已连续10天未更新，请及时更新") == 1
        request = gateway.requests[-1]
    payload = json.loads(request["body"])
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert payload["PhoneNumberSet"] == [f"+86{NUMBER}"]
    assert payload["TemplateId"] == "654321"
    assert payload["TemplateParamSet"][0] == "区教委网站首页已连续10天未更新，请及时"
    assert payload["TemplateParamSet"][1].endswith("/staff/")
    expected = channels.tc3_authorization(
        secret_id="AKIDtest",
        secret_key="sms-secret",
        host=headers["host"],
        action="SendSms",
        payload=request["body"],
        timestamp=int(headers["x-tc-timestamp"]),
    )
    assert headers["authorization"] == expected


def test_a_refused_number_is_counted_and_not_logged(caplog):
    caplog.set_level(logging.DEBUG)
    with Gateway() as gateway:
        gateway.sms_answer = {"Response": {"SendStatusSet": [{"Code": "LimitExceeded"}]}}
        assert sender(gateway).send([NUMBER, "13900139000"], "提醒") == 0
    assert NUMBER not in caplog.text and "LimitExceeded" in caplog.text


def test_the_setting_selects_the_sender(settings):
    settings.ZWGK_SMS_SENDER = "zwgk.monitoring.alerts.TencentCloudAlertSms"
    assert isinstance(get_sms_sender(), TencentCloudAlertSms)
    settings.ZWGK_SMS_SENDER = ""
    assert not isinstance(get_sms_sender(), TencentCloudAlertSms)
