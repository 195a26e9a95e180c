"""The citizen's mailbox pages (/xx/): writing with captcha and rate limits, the 查询码
acknowledgement, the lookup (same answer for a wrong code and wrong digits; per-code lock), the
letter with its reply and the rating, published letters and statistics."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from zwgk.core import captcha
from zwgk.core.tests.test_captcha import solve
from zwgk.mailbox import services
from zwgk.mailbox.models import Letter
from zwgk.mailbox.tests.helpers import PHONE, at, mailbox

WRITE = reverse("mailbox_public:write")
LOOKUP = reverse("mailbox_public:lookup")
LETTER = reverse("mailbox_public:letter")


def answered() -> dict[str, str]:
    challenge = captcha.new_challenge()
    return {"captcha_token": challenge.token, "captcha_answer": str(solve(challenge.question))}


def form_data(**extra: str) -> dict[str, str]:
    data = {
        "mailbox": "qzxx",
        "kind": "suggestion",
        "subject": "建议增设学校门口的人行横道",
        "body": "龙城大道小学门口上下学时车辆多，建议增设人行横道和信号灯。",
        "writer_name": "王小明",
        "phone": PHONE,
        "email": "",
        "address": "",
        "consents_to_publication": "on",
        "consent": "on",
        "website": "",
    }
    data.update(answered())
    data.update(extra)
    return data


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def box(district, supervisor):
    return mailbox(district, supervisor)


def _page(response) -> str:
    return response.content.decode()


def _alert(response) -> str:
    found = re.search(r'role="alert"[^>]*>(.*?)</div>', _page(response), re.S)
    return found.group(1).strip() if found else ""


def _submit(box, **extra):
    """A letter written on 2026-03-02: (letter, 查询码)."""
    return services.submit_letter(
        at=at("2026-03-02"),
        mailbox=box,
        data=services.LetterData(
            kind="other",
            subject="主题",
            body="五个字以上的内容",
            writer_name="李四",
            phone=PHONE,
            **extra,
        ),
    )


def _transfer(letter, district, supervisor) -> None:
    services.transfer_letter(
        by=supervisor,
        at=at("2026-03-02", 11),
        letter=letter,
        unit=district.unit_a,
        reason="教育事项",
    )


@pytest.mark.django_db
def test_write_gives_code_then_lookup_shows_status(box):
    client = Client()
    assert "区长信箱" in _page(client.get(reverse("mailbox_public:index")))
    response = client.post(WRITE, form_data())
    assert response.status_code == 302 and response["Location"] == reverse("mailbox_public:done")
    done = client.get(reverse("mailbox_public:done"))
    assert "no-store" in done["Cache-Control"]
    letter = Letter.objects.get()
    code = services.format_lookup_code(letter.lookup_code)
    assert code in _page(done)
    other = Client()
    response = other.post(LOOKUP, {"code": code, "tail": "5678"})
    assert response.status_code == 302
    page = other.get(LETTER)
    assert "建议增设学校门口的人行横道" in _page(page) and "no-store" in page["Cache-Control"]


@pytest.mark.django_db
def test_wrong_captcha_keeps_what_was_typed(box):
    response = Client().post(WRITE, form_data(captcha_answer="999"))
    assert response.status_code == 400
    assert "龙城大道小学门口" in _page(response)
    assert Letter.objects.count() == 0


@pytest.mark.django_db
def test_honeypot_and_invalid_fields_record_nothing(box):
    assert Client().post(WRITE, form_data(website="http://spam")).status_code == 400
    assert Client().post(WRITE, form_data(phone="12")).status_code == 400
    assert Client().post(WRITE, form_data(mailbox="nope")).status_code == 400
    assert Letter.objects.count() == 0


@pytest.mark.django_db
def test_accepted_letters_are_rate_limited(box, settings):
    settings.ZWGK_MAILBOX_RATES = {"write_ok": ("2/3600",)}
    client = Client()
    for _ in range(2):
        assert client.post(WRITE, form_data()).status_code == 302
    response = Client().post(WRITE, form_data())
    assert response.status_code == 429 and Letter.objects.count() == 2
    assert "龙城大道小学门口" in _page(response)


@pytest.mark.django_db
def test_lookup_answers_the_same_and_locks_a_code(box, settings):
    _letter, code = _submit(box)
    wrong_code = Client().post(LOOKUP, {"code": "AAAAA-AAAAA", "tail": "5678"})
    wrong_tail = Client().post(LOOKUP, {"code": code, "tail": "0000"})
    assert wrong_code.status_code == wrong_tail.status_code == 400
    assert _alert(wrong_code) == _alert(wrong_tail) != ""
    settings.ZWGK_MAILBOX_RATES = {"lookup_fail_code": ("2/86400",), "lookup_fail": ("100/60",)}
    cache.clear()
    for _ in range(2):
        Client().post(LOOKUP, {"code": code, "tail": "0000"})
    # The code is locked now: even the right digits are refused.
    assert Client().post(LOOKUP, {"code": code, "tail": "5678"}).status_code == 400
    assert Client().get(LETTER).status_code == 302  # no grant, back to the lookup


@pytest.mark.django_db
def test_reply_is_shown_and_rated_once(box, district, supervisor, officer_a, head_a):
    letter, code = _submit(box)
    _transfer(letter, district, supervisor)
    client = Client()
    client.post(LOOKUP, {"code": code, "tail": "5678"})
    assert "答复内容甲乙丙" not in _page(client.get(LETTER))
    services.submit_reply(by=officer_a, at=at("2026-03-03"), letter=letter, text="答复内容甲乙丙")
    assert "答复内容甲乙丙" not in _page(client.get(LETTER))  # not before the head approves
    services.approve_reply(by=head_a, at=at("2026-03-03"), letter=letter)
    assert "答复内容甲乙丙" in _page(client.get(LETTER))
    assert client.post(reverse("mailbox_public:rate"), {"satisfaction": "bad"}).status_code == 400
    response = client.post(reverse("mailbox_public:rate"), {"satisfaction": "basically"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.satisfaction == "basically"
    assert (
        client.post(reverse("mailbox_public:rate"), {"satisfaction": "unsatisfied"}).status_code
        == 400
    )
    letter.refresh_from_db()
    assert letter.satisfaction == "basically"


@pytest.mark.django_db
def test_published_letters_and_statistics_pages(box, district, supervisor, officer_a, head_a):
    letter, _code = _submit(box, consents_to_publication=True)
    _transfer(letter, district, supervisor)
    services.submit_reply(by=officer_a, at=at("2026-03-03"), letter=letter, text="已办理。")
    services.approve_reply(by=head_a, at=at("2026-03-03"), letter=letter)
    detail = reverse("mailbox_public:published_detail", args=[letter.pk])
    assert Client().get(detail).status_code == 404
    services.publish_letter(
        by=supervisor,
        at=at("2026-03-04"),
        letter=letter,
        subject="关于学校门口交通的来信",
        body="群众反映交通问题。",
        reply="已办理。",
    )
    page = _page(Client().get(detail))
    assert "关于学校门口交通的来信" in page and "李四" not in page
    assert Client().get(reverse("mailbox_public:statistics")).status_code == 200
