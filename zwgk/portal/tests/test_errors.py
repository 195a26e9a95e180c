"""Friendly 404 and 500 pages; the 500 page renders without the database."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client, RequestFactory

from zwgk.portal import selectors, views

LEAKS = ("Traceback", "SELECT", "/work/", "secret.py", "OperationalError", "Connection refused")


def test_404_page_is_friendly(profile):
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "抱歉，您访问的页面不存在。" in body
    assert '<a class="button primary" href="/">返回首页</a>' in body
    assert 'role="search" action="/search/"' in body
    assert "网站标识码：5001510001" in body  # the normal footer


@pytest.mark.urls("zwgk.portal.tests.urls_boom")
def test_500_page_renders_without_the_database(monkeypatch):
    """No `db` fixture: pytest-django refuses every query, so any database access would fail."""
    monkeypatch.setattr(selectors, "_last_known", None)
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "抱歉，网站暂时无法处理您的请求。" in body
    assert '<a class="button primary" href="/">返回首页</a>' in body
    assert 'role="search" action="/search/"' in body
    assert '<meta name="SiteName" content="重庆市铜梁区人民政府">' in body
    assert '<footer class="site-footer">' in body  # the real page, not the last-resort text
    for leak in LEAKS:
        assert leak not in body


@pytest.mark.urls("zwgk.portal.tests.urls_boom")
def test_500_page_when_the_database_is_down(db, profile):
    client = Client(raise_request_exception=False)
    client.get("/")  # the site facts are now known in memory
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError):
        response = client.get("/db-down/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "网站标识码：5001510001" in body  # last known profile, read from memory
    for leak in LEAKS:
        assert leak not in body


def test_404_page_when_the_database_is_down(db, profile):
    client = Client()
    client.get("/")
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError):
        response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "抱歉，您访问的页面不存在。" in response.content.decode()


def test_500_view_equals_the_published_file(tmp_path, profile):
    call_command(
        "publish", "--rebuild", "--out", str(tmp_path), stdout=StringIO(), stderr=StringIO()
    )
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert response.content == (tmp_path / "500.html").read_bytes()


def test_500_page_falls_back_to_plain_text_if_rendering_fails(monkeypatch):
    monkeypatch.setattr(views.publishing, "render_page", mock.Mock(side_effect=ValueError("x")))
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "服务器暂时无法处理您的请求" in response.content.decode()


def test_site_info_never_raises(db, monkeypatch):
    monkeypatch.setattr(selectors, "_last_known", None)
    monkeypatch.setattr(selectors, "_site_info_from_db", mock.Mock(side_effect=OperationalError))
    assert selectors.get_site_info() == selectors.DEFAULT_SITE


def test_staff_pages_survive_a_broken_site_profile(client_supervisor, monkeypatch):
    monkeypatch.setattr(selectors, "_site_info_from_db", mock.Mock(side_effect=OperationalError))
    assert client_supervisor.get("/staff/").status_code == 200
