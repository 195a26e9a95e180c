"""The citizen's pages (/hdjl/): the open drafts, the comment form with captcha, honeypot and
rate limits, the published 意见采纳情况 without personal data, and meeting registration."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from zwgk.core import captcha
from zwgk.core.tests.test_captcha import solve
from zwgk.participation import services
from zwgk.participation.models import Comment, Status

from .helpers import at, open_consultation

NOW = datetime(2026, 3, 5, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


@pytest.fixture
def live(district, officer_a, head_a):
    return open_consultation(officer_a, head_a, district.unit_a, day="2026-03-02")


def answered() -> dict[str, str]:
    challenge = captcha.new_challenge()
    return {"captcha_token": challenge.token, "captcha_answer": str(solve(challenge.question))}


def comment_data(**extra) -> dict[str, str]:
    return {"body": "建议在龙城街道增设一所公办幼儿园。", **answered(), **extra}


def test_index_lists_open_drafts_only(live, district, officer_a):
    draft = services.create_consultation(
        by=officer_a,
        at=at("2026-03-01"),
        unit=district.unit_a,
        data=services.ConsultationData(
            title="尚未公开的草稿",
            draft="x",
            background="x",
            basis="x",
            main_content="x",
            ways_to_comment="x",
            start_date=NOW.date(),
            period_days=30,
        ),
    )
    body = Client().get(reverse("participation_public:index")).content.decode()
    assert live.title in body and draft.title not in body
    assert (
        Client().get(reverse("participation_public:consultation", args=[draft.pk])).status_code
        == 404
    )


def test_consultation_page_shows_the_draft_and_the_form(live):
    response = Client().get(reverse("participation_public:consultation", args=[live.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    for text in (live.draft, live.background, live.basis, live.main_content, "2026-04-01"):
        assert text in body
    assert 'name="captcha_token"' in body and "no-store" in response["Cache-Control"]


def test_comment_with_contact_is_stored_encrypted(live):
    client = Client()
    url = reverse("participation_public:consultation", args=[live.pk])
    response = client.post(url, comment_data(phone="13912345678", author_name="李四"))
    assert response.status_code == 302
    done = client.get(response["Location"])
    assert "第1" in done.content.decode() or "1" in done.content.decode()
    cm = Comment.objects.get()
    assert cm.channel == "portal" and cm.phone.reveal() == "13912345678"


def test_wrong_captcha_keeps_the_comment_and_records_nothing(live):
    client = Client()
    url = reverse("participation_public:consultation", args=[live.pk])
    response = client.post(url, comment_data(captcha_answer="999"))
    body = response.content.decode()
    assert response.status_code == 400 and not Comment.objects.exists()
    assert "建议在龙城街道增设一所公办幼儿园。" in body
    question = re.search(r'<label for="id_captcha_answer">([^<]+?)<', body).group(1)
    token = re.search(r'name="captcha_token" value="([^"]+)"', body).group(1)
    data = comment_data(captcha_token=token, captcha_answer=str(solve(unescape(question))))
    assert client.post(url, data).status_code == 302
    assert Comment.objects.count() == 1


def test_honeypot(live):
    url = reverse("participation_public:consultation", args=[live.pk])
    response = Client().post(url, comment_data(website="http://spam.example"))
    assert response.status_code == 400 and not Comment.objects.exists()


def test_rate_limit_on_accepted_comments(live, settings):
    settings.ZWGK_PARTICIPATION_RATES = {"comment_ok": ("2/3600",)}
    client = Client()
    url = reverse("participation_public:consultation", args=[live.pk])
    assert client.post(url, comment_data()).status_code == 302
    assert client.post(url, comment_data()).status_code == 302
    third = client.post(url, comment_data(body="第三条意见"))
    assert third.status_code == 429 and "第三条意见" in third.content.decode()
    assert Comment.objects.count() == 2


def test_closed_consultation_takes_no_comment(live):
    services.open_and_close_due(at=at("2026-04-02", 1))
    with time_machine.travel(at("2026-04-03"), tick=False):
        url = reverse("participation_public:consultation", args=[live.pk])
        response = Client().post(url, comment_data())
        assert response.status_code == 400 and not Comment.objects.exists()


def test_published_results_show_disposition_and_reason_without_personal_data(live, officer_a):
    cm = services.submit_public_comment(
        at=NOW,
        consultation=live,
        data=services.CommentData(body="建议增设幼儿园", author_name="李四", phone="13912345678"),
    )
    assert Client().get(reverse("participation_public:results", args=[live.pk])).status_code == 404
    services.answer_comment(
        by=officer_a, at=NOW, comment=cm, disposition="not_adopted", reason="该地块已规划为公园。"
    )
    services.open_and_close_due(at=at("2026-04-02", 1))
    services.publish_results(
        by=officer_a,
        at=at("2026-04-03"),
        consultation=live,
        decision="规划经区政府常务会议审议通过。",
    )
    body = Client().get(reverse("participation_public:results", args=[live.pk])).content.decode()
    assert "建议增设幼儿园" in body and "未采纳" in body and "该地块已规划为公园。" in body
    assert 'href="#c-1"' in body and 'id="c-1"' in body
    assert "李四" not in body and "13912345678" not in body and "5678" not in body


def test_results_of_a_consultation_without_comments_say_so(live, officer_a):
    services.open_and_close_due(at=at("2026-04-02", 1))
    services.publish_results(
        by=officer_a, at=at("2026-04-03"), consultation=live, decision="通过。"
    )
    live.refresh_from_db()
    assert live.status == Status.RESULTS_PUBLISHED
    body = Client().get(reverse("participation_public:results", args=[live.pk])).content.decode()
    assert 'id="no-comments"' in body


def test_meeting_registration(district, officer_a):
    m = services.create_meeting(
        by=officer_a,
        at=NOW,
        unit=district.unit_a,
        data=services.MeetingData(
            title="划片听取意见会",
            topic="学区",
            agenda="议程",
            place="区教委",
            starts_at=at("2026-03-20", 9),
            public_seats=1,
            registration_closes_at=at("2026-03-18", 17),
        ),
    )
    url = reverse("participation_public:meeting", args=[m.pk])
    assert Client().get(url).status_code == 404  # a draft is not public
    services.invite(by=officer_a, at=NOW, meeting=m, group="media", name="铜梁日报")
    services.announce_meeting(by=officer_a, at=NOW, meeting=m)
    body = Client().get(url).content.decode()
    assert "铜梁日报" in body and "议程" in body
    data = {"group": "public", "name": "王五", "phone": "13800001111", **answered()}
    assert Client().post(url, data).status_code == 302
    full = Client().post(url, {**data, **answered(), "name": "赵六"})
    assert full.status_code == 400
    m.refresh_from_db()
    assert m.seats_taken == 1 and m.registrations.count() == 1
