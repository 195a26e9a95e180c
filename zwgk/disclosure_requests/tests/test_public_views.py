"""The citizen's pages (/ysqgk/): the online application with its validation, captcha, honeypot
and rate limits; the acknowledgement; the lookup; the status page with the reply, its letters and
the 补正 answer."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zwgk.core import captcha
from zwgk.core.tests.test_captcha import solve
from zwgk.disclosure_requests import services
from zwgk.disclosure_requests.models import (
    Channel,
    DisclosureRequest,
    EventKind,
    RequestFile,
    Status,
)

from . import public_files as files
from .helpers import ID, PHONE

APPLY = reverse("disclosure_requests_public:apply")
DONE = reverse("disclosure_requests_public:done")
LOOKUP = reverse("disclosure_requests_public:lookup")
STATUS = reverse("disclosure_requests_public:status")
CORRECTION = reverse("disclosure_requests_public:correction")
SAME_FAILURE = "没有与该查询码和联系电话相符的申请"


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def answered() -> dict[str, str]:
    challenge = captcha.new_challenge()
    return {"captcha_token": challenge.token, "captcha_answer": str(solve(challenge.question))}


def form_data(**extra: str) -> dict[str, str]:
    data = {
        "unit": "tlq-jw",
        "applicant_type": "natural",
        "applicant_name": "王小明",
        "id_type": "resident_id",
        "id_number": ID,
        "phone": PHONE,
        "email": "wang@example.com",
        "address": "重庆市铜梁区巴川街道龙城大道1号",
        "postcode": "402560",
        "info_title": "2025年区属中小学食堂卫生检查结果",
        "info_doc_number": "",
        "description": "请公开2025年区教委对区属中小学食堂卫生检查的结果通报。",
        "purpose": "",
        "information_form": "electronic",
        "delivery_method": "email",
        "consent": "on",
        "website": "",
    }
    data.update(answered())
    data.update(extra)
    return data


def page(response) -> str:
    return response.content.decode()


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def apply(client: Client, **extra):
    return client.post(APPLY, form_data(**extra))


# --- The form ---------------------------------------------------------------------------------


def test_form_page(db, district):
    response = Client().get(APPLY + "?unit=tlq-jw")
    body = page(response)
    assert response.status_code == 200 and no_store(response)
    assert '<option value="tlq-jw" selected>' in body
    for label in (
        "自然人",
        "法人或其他组织",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
    ):
        assert label in body
    assert "用途（选填）" in body
    assert 'name="captcha_token"' in body and "等于多少" in body
    assert 'aria-describedby="privacy-notice"' in body
    assert "<script" not in body and "style=" not in body
    assert 'enctype="multipart/form-data"' in body


def test_unknown_unit_in_the_link_is_ignored(db, district):
    body = page(Client().get(APPLY + "?unit=nope"))
    assert "selected>" in body and '<option value="" selected>' in body


def test_happy_path(db, district):
    client = Client()
    response = client.post(
        APPLY,
        form_data(identity_file=SimpleUploadedFile("身份证.png", files.png(), "image/png")),
    )
    assert response.status_code == 302 and response["Location"] == DONE
    obj = DisclosureRequest.objects.get()
    assert obj.channel == Channel.ONLINE and obj.status == Status.PENDING
    assert obj.handling_unit == district.unit_a and obj.applicant_name == "王小明"
    assert obj.phone.reveal() == PHONE
    stored = obj.files.get()
    assert stored.kind == RequestFile.Kind.IDENTITY and stored.is_encrypted
    assert stored.content_type == "image/png" and stored.original_name == "身份证.png"
    assert "身份证" not in stored.file.name and services.read_request_file(stored) == files.png()

    done = client.get(DONE)
    body = page(done)
    assert done.status_code == 200 and no_store(done)
    assert services.format_lookup_code(obj.lookup_code) in body
    assert obj.number in body and "重庆市铜梁区教育委员会" in body
    assert "双方确认" in body and "20个工作日" in body
    assert PHONE not in body and ID not in body


def test_done_without_an_application_goes_to_the_form(db):
    response = Client().get(DONE)
    assert response.status_code == 302 and response["Location"] == APPLY


def test_auto_confirmation_shows_the_receipt_date(db, district, settings):
    settings.ZWGK_FOI_ONLINE_AUTO_CONFIRM = True
    client = Client()
    assert apply(client).status_code == 302
    obj = DisclosureRequest.objects.get()
    body = page(client.get(DONE))
    assert obj.receipt_date is not None
    assert obj.receipt_date.isoformat() in body and obj.reply_due_date.isoformat() in body


REQUIRED = "这个字段是必填项。"


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"unit": ""}, "unit", REQUIRED),
        ({"unit": "elsewhere"}, "unit", "选择一个有效的选项"),
        ({"applicant_type": ""}, "applicant_type", REQUIRED),
        ({"applicant_type": "robot"}, "applicant_type", "选择一个有效的选项"),
        ({"applicant_name": ""}, "applicant_name", REQUIRED),
        ({"applicant_name": "王" * 101}, "applicant_name", "最多填写100个字（已填写101个）"),
        ({"id_type": ""}, "id_type", REQUIRED),
        ({"id_number": ""}, "id_number", REQUIRED),
        ({"id_number": ID[:-1] + "0"}, "id_number", "居民身份证号码不正确"),
        ({"id_type": "uscc"}, "id_type", "自然人申请请填写个人身份证件"),
        ({"applicant_type": "commercial"}, "id_type", "法人或其他组织申请请填写统一社会信用代码"),
        (
            {"applicant_type": "commercial", "id_type": "uscc", "id_number": "91500224MA5U0000X1"},
            "id_number",
            "统一社会信用代码不正确",
        ),
        ({"id_type": "passport", "id_number": "E1"}, "id_number", "证件号码应为5至30位"),
        ({"phone": ""}, "phone", REQUIRED),
        ({"phone": "12345"}, "phone", "联系电话格式不正确"),
        ({"email": "x@", "delivery_method": "post"}, "email", "电子邮箱格式不正确"),
        ({"postcode": "40256"}, "postcode", "邮政编码应为6位数字"),
        ({"info_title": "", "description": ""}, "description", "请填写所需政府信息的名称"),
        ({"description": "描" * 5001}, "description", "最多填写5000个字"),
        ({"information_form": ""}, "information_form", REQUIRED),
        ({"delivery_method": ""}, "delivery_method", REQUIRED),
        ({"delivery_method": "post", "address": ""}, "address", "选择邮寄的，请填写通信地址"),
        ({"delivery_method": "email", "email": ""}, "email", "选择电子邮件的，请填写电子邮箱"),
        ({"consent": ""}, "consent", "请阅读个人信息保护说明并勾选同意。"),
        ({"applicant_name": "王\x00明"}, "applicant_name", "含有无效的控制字符"),
        ({"description": "abc\u202etxt.exe"}, "description", "含有无效的控制字符"),
    ],
)
def test_every_validation_message(db, district, extra, field, message):
    response = apply(Client(), **extra)
    body = unescape(page(response))
    assert response.status_code == 400 and no_store(response)
    assert message in body
    assert "申请未提交" in body
    error_id = f"id_{field}_error"
    assert f'id="{error_id}"' in body
    # The refused field points at its error and says it is invalid (radios: each option).
    tag = re.search(rf'<(?:input|select|textarea)[^>]*name="{field}"[^>]*>', body)
    assert tag is not None and 'aria-invalid="true"' in tag.group(0)
    assert error_id in tag.group(0)
    assert f'href="#id_{field}' in body  # the summary links to the field
    assert not DisclosureRequest.objects.exists()


def test_organisation_applies_with_its_credit_code(db, district):
    from zwgk.orgs.uscc import check_character

    code17 = "91500224MA5U0000"
    code = code17 + "X" + check_character(code17 + "X")
    response = apply(
        Client(),
        applicant_type="legal",
        applicant_name="重庆某某律师事务所",
        id_type="uscc",
        id_number=code,
        contact_name="李律师",
    )
    assert response.status_code == 302, unescape(page(response))
    assert DisclosureRequest.objects.get().applicant_type == "legal"


def test_purpose_is_optional_and_kept(db, district):
    assert apply(Client(), purpose="用于学术研究").status_code == 302
    assert DisclosureRequest.objects.get().purpose == "用于学术研究"


# --- Captcha, honeypot, rate limits: nothing typed is lost -------------------------------------


def typed_values_kept(body: str) -> bool:
    body = unescape(body)
    return all(
        text in body
        for text in (
            'value="王小明"',
            f'value="{ID}"',
            f'value="{PHONE}"',
            "请公开2025年区教委对区属中小学食堂卫生检查的结果通报。",
            'value="natural" id="id_applicant_type_0" required checked',
        )
    )


def test_wrong_captcha_keeps_everything_typed_but_the_answer(db, district):
    client = Client()
    data = form_data(captcha_answer="999")
    response = client.post(APPLY, data)
    body = page(response)
    assert response.status_code == 400
    assert "答案不正确" in body
    assert typed_values_kept(body)
    assert 'name="captcha_answer" value="999"' not in body
    new_token = re.search(r'name="captcha_token" value="([^"]+)"', body).group(1)
    assert new_token != data["captcha_token"]
    assert not DisclosureRequest.objects.exists()

    question = re.search(r'<label for="id_captcha_answer">([^<]+?)<', body).group(1)
    data.update(captcha_token=new_token, captcha_answer=str(solve(unescape(question))))
    assert client.post(APPLY, data).status_code == 302
    assert DisclosureRequest.objects.count() == 1


def test_a_captcha_token_works_once(db, district):
    data = form_data()
    assert Client().post(APPLY, data).status_code == 302
    replay = Client().post(APPLY, data)  # a bot replaying a solved form
    assert replay.status_code == 400 and "答案不正确" in page(replay)
    assert DisclosureRequest.objects.count() == 1


def test_a_solved_captcha_is_not_asked_again_after_a_typo(db, district):
    client = Client()
    first = client.post(APPLY, form_data(phone="12345"))
    assert first.status_code == 400 and "无需再次回答" in page(first)
    assert 'name="captcha_answer"' not in page(first)
    data = form_data()
    del data["captcha_token"], data["captcha_answer"]
    assert client.post(APPLY, data).status_code == 302
    # used up by that submission
    again = client.post(APPLY, data)
    assert again.status_code == 400 and "答案不正确" in page(again)


def test_a_good_file_must_be_chosen_again_after_a_wrong_answer(db, district):
    response = Client().post(
        APPLY,
        form_data(
            captcha_answer="999",
            identity_file=SimpleUploadedFile("<em>id.png", files.png(), "image/png"),
        ),
    )
    body = page(response)
    assert response.status_code == 400
    assert "您刚才选择的文件（&lt;em&gt;id.png）未保存，请重新选择。" in body
    assert not RequestFile.objects.exists()


def test_honeypot(db, district):
    response = apply(Client(), website="http://spam.example/")
    body = page(response)
    assert response.status_code == 400
    assert "请检查后再次提交" in body
    assert typed_values_kept(body)
    assert "spam.example" not in body
    assert not DisclosureRequest.objects.exists()


def test_rate_limit_on_accepted_applications(db, district, settings):
    settings.ZWGK_FOI_RATES = {"apply_ok": ("2/3600",)}
    client = Client()
    assert apply(client).status_code == 302
    assert apply(client).status_code == 302
    refused = apply(client, applicant_name="赵六")
    body = page(refused)
    assert refused.status_code == 429 and no_store(refused)
    assert "您填写的内容不会丢失" in body and 'value="赵六"' in body
    assert DisclosureRequest.objects.count() == 2
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert other.post(APPLY, form_data()).status_code == 302


def test_rate_limit_on_every_post(db, district, settings):
    settings.ZWGK_FOI_RATES = {"apply_post": ("3/3600",)}
    client = Client()
    for _ in range(3):
        assert apply(client, phone="1").status_code == 400
    refused = apply(client)
    assert refused.status_code == 429 and typed_values_kept(page(refused))
    assert not DisclosureRequest.objects.exists()


def test_missing_csrf_token_is_refused_but_nothing_typed_is_lost(db, district):
    client = Client(enforce_csrf_checks=True)
    response = client.post(APPLY, form_data())
    body = page(response)
    assert response.status_code == 403 and no_store(response)
    assert "申请未提交：页面已过期" in body and typed_values_kept(body)
    assert 'name="csrfmiddlewaretoken"' in body  # a fresh token to submit again
    assert not DisclosureRequest.objects.exists()


def test_other_csrf_failures_get_djangos_page(db, officer_a):
    response = Client(enforce_csrf_checks=True).post(reverse("workspace:login"), {})
    assert response.status_code == 403 and "typed" not in page(response)
    assert "王小明" not in page(response)


# --- Uploads through the form -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("id.png", files.png_zip_polyglot(), "压缩文件"),
        ("id.jpg", files.jpeg_zip_polyglot(), "压缩文件"),
        ("id.png", files.html_as_png(), "只能上传"),
        ("id.exe", files.exe(), "只能上传"),
        ("id.pdf", files.pdf(javascript=True), "脚本"),
        ("id.png", files.png(), "上限"),  # with the limit below the file's size
    ],
)
def test_hostile_uploads_are_refused_and_nothing_is_stored(
    db, district, settings, name, data, message
):
    settings.ZWGK_FOI_UPLOAD_MAX_BYTES = len(files.png()) - 1 if message == "上限" else 5 << 20
    response = Client().post(
        APPLY, form_data(identity_file=SimpleUploadedFile(name, data, "image/png"))
    )
    body = unescape(page(response))
    assert response.status_code == 400 and message in body
    assert 'id="id_identity_file_error"' in body
    assert f"您刚才选择的文件（{name}）未保存，请重新选择。" in body
    assert typed_values_kept(page(response))
    assert not DisclosureRequest.objects.exists() and not RequestFile.objects.exists()


# --- Lookup and status ------------------------------------------------------------------------


def submitted(client: Client | None = None) -> tuple[DisclosureRequest, str]:
    client = client or Client()
    assert apply(client).status_code == 302
    obj = DisclosureRequest.objects.latest("pk")
    return obj, services.format_lookup_code(obj.lookup_code)


def look_up(client: Client, code: str, phone: str = PHONE):
    return client.post(LOOKUP, {"code": code, "phone": phone})


def test_lookup_with_wrong_code_or_phone_says_the_same(db, district):
    _obj, code = submitted()
    wrong_phone = look_up(Client(), code, "13900000000")
    wrong_code = look_up(Client(), "ZZZZZ-ZZZZZ")
    for response in (wrong_phone, wrong_code):
        assert response.status_code == 400 and no_store(response)
        assert SAME_FAILURE in page(response)

    def alert(response):
        return re.search(
            r'<div class="form-error[^"]*" role="alert".*?</div>', page(response), re.S
        )

    assert alert(wrong_phone).group(0) == alert(wrong_code).group(0)
    assert Client().get(STATUS)["Location"] == LOOKUP


def test_lookup_shows_the_stage_without_personal_data(db, district):
    obj, code = submitted()
    client = Client()
    response = look_up(client, code.lower().replace("-", " "), "138 1234 5678")
    assert response.status_code == 302 and response["Location"] == STATUS
    status = client.get(STATUS)
    body = page(status)
    assert status.status_code == 200 and no_store(status)
    assert obj.number in body and "待确认收件" in body
    assert "2025年区属中小学食堂卫生检查结果" in body
    for secret in (PHONE, ID, "wang@example.com", "龙城大道"):
        assert secret not in body


def test_lookup_rate_limits(db, district, settings):
    settings.ZWGK_FOI_RATES = {"lookup_fail": ("3/3600",)}
    _obj, code = submitted()
    client = Client()
    for _ in range(3):
        assert look_up(client, "AAAAA-AAAAA").status_code == 400
    refused = look_up(client, code)  # even the right pair, from this address
    assert refused.status_code == 429 and "尝试次数过多" in page(refused)
    assert look_up(Client(REMOTE_ADDR="198.51.100.7"), code).status_code == 302


def test_guessing_phones_for_one_code_locks_that_code(db, district, settings):
    settings.ZWGK_FOI_RATES = {"lookup_fail_code": ("3/86400",)}
    _obj, code = submitted()
    for number in range(3):
        client = Client(REMOTE_ADDR=f"198.51.100.{number}")
        assert look_up(client, code, f"1390000000{number}").status_code == 400
    locked = look_up(Client(REMOTE_ADDR="198.51.100.99"), code)
    assert locked.status_code == 400 and SAME_FAILURE in page(locked)


def test_the_grant_expires(db, district):
    import time_machine

    _obj, code = submitted()
    client = Client()
    assert look_up(client, code).status_code == 302
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=31)):
        assert client.get(STATUS)["Location"] == LOOKUP


def _confirmed(officer, obj):
    now = timezone.now()
    return services.confirm_receipt(
        by=officer, at=now, request=obj, confirmed_on=timezone.localdate(now)
    )


def test_reply_and_letter_download(db, district, officer_a):
    obj, code = submitted()
    obj = _confirmed(officer_a, obj)
    now = timezone.now()
    reply = services.reply_to_request(
        by=officer_a,
        at=now,
        request=obj,
        data=services.ReplyData(
            outcome="partial",
            reply_date=timezone.localdate(now),
            body="现提供检查结果通报（部分）。",
            withheld_part="涉及学生个人信息的部分",
            withheld_grounds=["refuse_third_party"],
            withheld_reason="公开会损害第三方合法权益",
        ),
    )
    letter = services.add_request_file(
        by=officer_a,
        at=now,
        request=obj,
        kind=RequestFile.Kind.LETTER,
        name="政府信息公开申请答复书.pdf",
        content=files.pdf(),
        content_type="application/pdf",
        reply=reply,
    )
    identity = services.add_request_file(
        by=officer_a,
        at=now,
        request=obj,
        kind=RequestFile.Kind.IDENTITY,
        name="id.png",
        content=files.png(),
        content_type="image/png",
    )
    client = Client()
    look_up(client, code)
    body = page(client.get(STATUS))
    assert "部分公开" in body and "现提供检查结果通报（部分）。" in body
    assert "涉及学生个人信息的部分" in body and "公开会损害第三方合法权益" in body
    url = reverse("disclosure_requests_public:letter", args=[letter.pk])
    assert url in body
    assert reverse("disclosure_requests_public:letter", args=[identity.pk]) not in body

    download = client.get(url)
    assert download.status_code == 200 and download.content == files.pdf()
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff" and no_store(download)
    assert download["Content-Type"] == "application/pdf"
    assert (
        client.get(reverse("disclosure_requests_public:letter", args=[identity.pk])).status_code
        == 404
    )
    assert Client().get(url).status_code == 404  # no grant, no letter


def test_correction_through_the_portal(db, district, officer_a):
    obj, code = submitted()
    obj = _confirmed(officer_a, obj)
    today = timezone.localdate()
    services.request_correction(
        by=officer_a,
        at=timezone.now(),
        request=obj,
        items=["请写明所需信息的年份和学校范围", "请提供身份证明复印件"],
        deadline=today + timezone.timedelta(days=15),
        sent_on=today,
    )
    client = Client()
    look_up(client, code)
    body = page(client.get(STATUS))
    assert "请写明所需信息的年份和学校范围" in body and "请提供身份证明复印件" in body
    assert 'action="/ysqgk/status/correction/"' in body

    empty = client.post(CORRECTION, {"description": "", "note": ""})
    assert empty.status_code == 400 and "请填写补正内容或上传" in page(empty)
    hostile = client.post(
        CORRECTION,
        {
            "description": "见附件",
            "attachment": SimpleUploadedFile("a.png", files.png_zip_polyglot()),
        },
    )
    assert hostile.status_code == 400 and "压缩文件" in page(hostile)
    obj.refresh_from_db()
    assert obj.status == Status.CORRECTION

    response = client.post(
        CORRECTION,
        {
            "description": "2025年全区所有公办中小学",
            "note": "",
            "attachment": SimpleUploadedFile("身份证.jpg", files.jpeg(), "image/jpeg"),
        },
    )
    assert response.status_code == 302 and response["Location"] == STATUS
    obj.refresh_from_db()
    assert obj.status == Status.PROCESSING
    event = obj.events.get(kind=EventKind.CORRECTION_RECEIVED)
    assert "2025年全区所有公办中小学" in event.note and event.on_date == today
    attached = obj.files.get(event=event)
    assert attached.is_encrypted and services.read_request_file(attached) == files.jpeg()
    after = page(client.get(STATUS))
    assert "补正已收到" in after and 'action="/ysqgk/status/correction/"' not in after
    # Not waiting for a correction any more.
    assert client.post(CORRECTION, {"description": "再补充"}).status_code == 302
    assert obj.events.filter(kind=EventKind.CORRECTION_RECEIVED).count() == 1


def test_correction_needs_the_grant(db, district):
    response = Client().post(CORRECTION, {"description": "x"})
    assert response.status_code == 302 and response["Location"] == LOOKUP
