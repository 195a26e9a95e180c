"""Public pages: structure, columns, meta tags, footer."""

import re

import pytest
from django.test import Client

from zwgk.orgs.models import Unit


@pytest.fixture
def web():
    return Client()


def meta(body: str, name: str) -> str | None:
    match = re.search(rf'<meta name="{name}" content="([^"]*)">', body)
    return match.group(1) if match else None


def test_home_has_a_prominent_disclosure_entry(web, profile):
    body = web.get("/").content.decode()
    assert '<section class="xxgk-entry"' in body
    assert 'href="/xxgk/"' in body and "进入政府信息公开" in body
    assert 'href="/xxgk/tlq/zfxxgkzn/"' in body


def test_section_lists_district_columns_and_units(web, profile, town):
    body = web.get("/xxgk/").content.decode()
    for name in (
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
    ):
        assert name in body
    assert 'href="/xxgk/tlq-jw/"' in body and 'href="/xxgk/tlq-anju/"' in body
    assert "区政府部门" in body and "镇街" in body


def test_unit_index_lists_the_same_columns(web, profile, district):
    body = web.get("/xxgk/tlq-jw/").content.decode()
    for slug in ("zfxxgkzn", "zfxxgkzd", "fdzdgknr", "zfxxgknb", "ysqgk"):
        assert f'href="/xxgk/tlq-jw/{slug}/"' in body
    assert "<h1>重庆市铜梁区教育委员会" in body


def test_column_page_structure(web, profile, district):
    body = web.get("/xxgk/tlq-jw/zfxxgkzd/").content.decode()
    crumbs = re.search(r'<nav class="crumbs".*?</nav>', body, re.S).group(0)
    assert re.findall(r">([^<>]+)</a>", crumbs) == [
        "首页",
        "政府信息公开",
        "重庆市铜梁区教育委员会",
        "政府信息公开制度",
    ]
    assert 'aria-current="page">政府信息公开制度' in crumbs
    assert '<h1 id="column-heading">政府信息公开制度</h1>' in body
    assert '<p class="empty">暂无信息</p>' in body
    assert "共0条" in body


def test_every_mandatory_subcolumn_has_a_page(web, profile, district):
    index = web.get("/xxgk/tlq-jw/fdzdgknr/").content.decode()
    for number in range(1, 16):
        assert f'href="/xxgk/tlq-jw/fdzdgknr/a20-{number}/"' in index
    for number in range(1, 8):
        assert f'href="/xxgk/tlq-jw/fdzdgknr/a21-{number}/"' in index
    page = web.get("/xxgk/tlq-jw/fdzdgknr/a20-7/")
    assert page.status_code == 200
    body = page.content.decode()
    assert '<h1 id="column-heading">财政预算、决算信息</h1>' in body
    assert "第二十条第（七）项" in body
    assert ">法定主动公开内容</a>" in re.search(r'<nav class="crumbs".*?</nav>', body, re.S).group(
        0
    )


def test_town_gets_township_items(web, profile, town):
    body = web.get("/xxgk/tlq-anju/fdzdgknr/").content.decode()
    assert "农村土地承包经营权流转" in body and "市政建设" not in body
    assert web.get("/xxgk/tlq-anju/fdzdgknr/a21x-3/").status_code == 200
    assert web.get("/xxgk/tlq-anju/fdzdgknr/a21-1/").status_code == 404
    assert web.get("/xxgk/tlq-jw/fdzdgknr/a21x-3/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/xxgk/nope/",
        "/xxgk/tlq-jw/nope/",
        "/xxgk/tlq-jw/zfxxgkzd/a20-1/",  # a sub-column under the wrong parent
        "/xxgk/tlq-jw/a20-1/",  # a sub-column without its parent
        "/xxgk/tlq-jw/fdzdgknr/zfxxgkzn/",
    ],
)
def test_unknown_pages_are_404(web, profile, district, url):
    response = web.get(url)
    assert response.status_code == 404
    assert "您访问的页面不存在" in response.content.decode()


def test_inactive_unit_has_no_pages(web, profile, district):
    Unit.objects.filter(pk=district.unit_b.pk).update(is_active=False)
    assert web.get("/xxgk/tlq-mzj/").status_code == 404
    assert "重庆市铜梁区民政局" not in web.get("/xxgk/").content.decode()


def test_public_pages_refuse_post(web, profile):
    assert web.post("/xxgk/").status_code == 405


def test_site_meta_tags(web, profile):
    body = web.get("/").content.decode()
    assert meta(body, "SiteName") == "重庆市铜梁区人民政府"
    assert meta(body, "SiteDomain") == "www.cqstl.gov.cn"
    assert meta(body, "SiteIDCode") == "5001510001"
    assert meta(body, "ColumnName") is None


def test_column_meta_tags(web, profile, district):
    body = web.get("/xxgk/tlq-jw/fdzdgknr/a20-1/").content.decode()
    assert meta(body, "ColumnName") == "行政法规、规章和规范性文件"
    assert meta(body, "ColumnType") == "政务公开"
    assert meta(body, "SiteIDCode") == "5001510001"
    assert (
        "<title>行政法规、规章和规范性文件 · 重庆市铜梁区教育委员会 - 重庆市铜梁区人民政府</title>"
        in body
    )


def test_footer_fields(web, profile):
    body = web.get("/xxgk/").content.decode()
    footer = re.search(r'<footer class="site-footer">.*?</footer>', body, re.S).group(0)
    assert "主办单位：重庆市铜梁区人民政府办公室" in footer
    assert "承办单位：重庆市铜梁区大数据应用发展管理局" in footer
    assert "地址：重庆市铜梁区巴川街道龙都路50号" in footer
    assert "联系电话：023-45681000" in footer
    assert "网站标识码：5001510001" in footer
    assert (
        '<a href="https://beian.miit.gov.cn/" rel="noopener noreferrer">渝ICP备05000151号-1</a>'
        in footer
    )
    assert "渝公网安备50015102000151号" in footer
    assert '<p class="party-gov-mark"><span>党政机关</span></p>' in footer


def test_party_gov_mark_can_be_hidden(web, profile):
    profile.show_party_gov_mark = False
    profile.save()
    assert "party-gov-mark" not in web.get("/").content.decode()


def test_fresh_database_shows_safe_defaults(web, db):
    response = web.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert meta(body, "SiteName") == "重庆市铜梁区人民政府"
    assert meta(body, "SiteIDCode") is None
    assert web.get("/xxgk/").status_code == 200


def test_district_without_profile_uses_its_units(web, district):
    body = web.get("/").content.decode()
    assert "主办单位：重庆市铜梁区人民政府办公室" in body
    assert "网站标识码" not in body


def test_pages_are_self_contained(web, profile, district):
    """No script, no inline style, nothing loaded from elsewhere (strict CSP, no CDN)."""
    for url in ("/", "/xxgk/", "/xxgk/tlq/zfxxgkzn/", "/xxgk/tlq/ysqgk/", "/nope/"):
        body = web.get(url).content.decode()
        assert "<script" not in body and "style=" not in body and "<style" not in body
        for attr in re.findall(r'(?:src|href)="([^"]+)"', body):
            assert attr.startswith(("/", "#", "mailto:")) or attr == "https://beian.miit.gov.cn/"
        assert "csrfmiddlewaretoken" not in body
