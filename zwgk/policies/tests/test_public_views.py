"""The public pages of 政策直通车: search and filters, the policy page, subscribing with the
captcha (double opt-in), the rate limits, the feeds."""

from __future__ import annotations

import re

import feedparser
import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from zwgk.core import captcha
from zwgk.core.tests.test_captcha import solve
from zwgk.policies.models import Category, Subscription, SubscriptionStatus

from .helpers import draft, publish

pytestmark = pytest.mark.django_db
INDEX = reverse("policies_public:index")
SUBSCRIBE = reverse("policies_public:subscribe")


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def library(district, officer_a, head_a):
    steady = publish(
        draft(officer_a, district.unit_a, title="铜梁区稳岗返还实施办法"),
        author=officer_a,
        reviewer=head_a,
    )
    farm = publish(
        draft(
            officer_a,
            district.unit_a,
            title="铜梁区农业产业化项目补助",
            codes=("A",),
            categories=("惠农",),
            summary="支持农业龙头企业和农民合作社建设加工项目。",
            level="city",
        ),
        author=officer_a,
        reviewer=head_a,
    )
    hidden = draft(officer_a, district.unit_a, title="尚未审核的草稿政策")
    return {"steady": steady, "farm": farm, "draft": hidden}


def titles(response) -> list[str]:
    return re.findall(r'<h2><a href="/zcztc/\d+/">(.*?)</a></h2>', response.content.decode())


def plain(text: str) -> str:
    return re.sub(r"</?mark>", "", text)


def test_library_lists_only_published(library):
    response = Client().get(INDEX)
    assert response.status_code == 200
    assert sorted(map(plain, titles(response))) == sorted(
        ["铜梁区稳岗返还实施办法", "铜梁区农业产业化项目补助"]
    )
    assert "尚未审核的草稿政策" not in response.content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "稳岗"}, ["铜梁区稳岗返还实施办法"]),
        ({"q": "合作社 加工"}, ["铜梁区农业产业化项目补助"]),  # every word, any field
        ({"q": "合作社 稳岗"}, []),
        ({"industry": "A"}, ["铜梁区农业产业化项目补助"]),
        ({"industry": "C", "level": "district"}, ["铜梁区稳岗返还实施办法"]),
        ({"level": "city"}, ["铜梁区农业产业化项目补助"]),
        ({"group": "enterprise"}, []),
        ({"industry": "ZZ", "category": "abc", "level": "<x>"}, None),  # ignored, no error
    ],
)
def test_search_and_filters(library, query, expected):
    response = Client().get(INDEX, query)
    assert response.status_code == 200
    found = sorted(map(plain, titles(response)))
    if expected is not None:
        assert found == sorted(expected)


def test_category_filter_and_highlight(library):
    steady = Category.objects.get(name="稳岗")
    response = Client().get(INDEX, {"category": steady.pk, "q": "返还"})
    assert titles(response) == ["铜梁区稳岗<mark>返还</mark>实施办法"]


def test_htmx_gets_the_results_partial(library):
    response = Client().get(INDEX, {"q": "稳岗"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"') and "<html" not in body


def test_policy_page_has_interpretation_and_guide(library):
    steady = library["steady"]
    page = Client().get(reverse("policies_public:detail", args=[steady.pk])).content.decode()
    assert "在铜梁区参保的企业" in page and "区人力社保局窗口" in page
    assert 'rel="noopener noreferrer"' in page
    draft_page = Client().get(reverse("policies_public:detail", args=[library["draft"].pk]))
    assert draft_page.status_code == 404


def test_feeds_per_tag(library):
    everything = feedparser.parse(Client().get(reverse("policies_public:feed")).content)
    assert len(everything.entries) == 2
    steady = Category.objects.get(name="稳岗")
    for kind, key, expected in [
        ("industry", "A", ["铜梁区农业产业化项目补助"]),
        ("category", str(steady.pk), ["铜梁区稳岗返还实施办法"]),
        ("department", "tlq-jw", ["铜梁区稳岗返还实施办法", "铜梁区农业产业化项目补助"]),
        ("department", "tlq-mzj", []),
    ]:
        response = Client().get(reverse("policies_public:feed_tag", args=[kind, key]))
        assert response["Content-Type"].startswith("application/rss+xml")
        feed = feedparser.parse(response.content)
        assert sorted(e.title for e in feed.entries) == sorted(expected)
    for kind, key in [("industry", "Z"), ("category", "x"), ("colour", "red")]:
        assert (
            Client().get(reverse("policies_public:feed_tag", args=[kind, key])).status_code == 404
        )


def answered() -> dict[str, str]:
    challenge = captcha.new_challenge()
    return {"captcha_token": challenge.token, "captcha_answer": str(solve(challenge.question))}


def form(**extra) -> dict:
    steady = Category.objects.get(name="稳岗")
    data = {
        "channel": "email",
        "contact": "owner@factory.example.com",
        "industries": ["C"],
        "categories": [str(steady.pk)],
        "website": "",
    }
    data.update(answered())
    data.update(extra)
    return data


def test_subscribe_double_opt_in(district, django_capture_on_commit_callbacks):
    client = Client()
    page = client.get(SUBSCRIBE)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, form())
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.status == SubscriptionStatus.PENDING
    assert not subscription.industries.exists()  # nothing applies before the confirmation
    assert [m.to for m in mail.outbox] == [["owner@factory.example.com"]]
    link = re.search(r"(/zcztc/confirm/[^/\s]+/)", mail.outbox[0].body).group(1)
    assert client.get(link).status_code == 200  # a link scanner's GET confirms nothing
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING
    assert client.post(link).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert list(subscription.industries.values_list("code", flat=True)) == ["C"]
    assert list(subscription.categories.values_list("name", flat=True)) == ["稳岗"]
    assert Client().post("/zcztc/confirm/forged/").status_code == 400


def test_subscribe_refusals_keep_what_was_typed(district):
    client = Client()
    wrong = client.post(SUBSCRIBE, form(captcha_answer="999"))
    assert wrong.status_code == 400 and "owner@factory.example.com" in wrong.content.decode()
    bad = client.post(SUBSCRIBE, form(contact="not-an-address"))
    assert bad.status_code == 400 and "not-an-address" in bad.content.decode()
    bot = client.post(SUBSCRIBE, form(website="http://spam.example"))
    assert bot.status_code == 400
    sms = client.post(SUBSCRIBE, form(channel="sms", contact="12345"))
    assert sms.status_code == 400
    assert not Subscription.objects.exists() and mail.outbox == []


def test_subscribe_rate_limits(district, settings, django_capture_on_commit_callbacks):
    settings.ZWGK_POLICIES_RATES = {"subscribe_ok": ("2/3600",), "contact": ("1/86400",)}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = Client().post(SUBSCRIBE, form())
        second = Client().post(SUBSCRIBE, form())  # same contact again: same page, no message
    assert first.status_code == second.status_code == 302
    assert len(mail.outbox) == 1
    third = Client().post(SUBSCRIBE, form(contact="other@example.com"))
    assert third.status_code == 429 and "other@example.com" in third.content.decode()


def test_sms_and_wechat_subscriptions_use_their_adapters(
    district, django_capture_on_commit_callbacks
):
    from zwgk.policies import channels

    channels.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sms = Client().post(SUBSCRIBE, form(channel="sms", contact="138 0013 8000"))
        wechat = Client().post(
            SUBSCRIBE, form(channel="wechat", contact="oOPENID0123456789abcdefghijk")
        )
    assert sms.status_code == wechat.status_code == 302
    assert [(c, contact) for c, contact, _m in channels.outbox] == [
        ("sms", "13800138000"),
        ("wechat", "oOPENID0123456789abcdefghijk"),
    ]
    channels.outbox.clear()
