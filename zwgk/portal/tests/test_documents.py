"""The public page of a document: metadata block, body, attachments, interpretation links,
规范性文件 validity and versions, and the notice of a withdrawn document."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zwgk.documents import normative
from zwgk.documents.attachments import add_attachment
from zwgk.documents.models import Status
from zwgk.portal import incremental, urls_for
from zwgk.portal.tests.conftest import AT, make_pdf


def meta(body: str, name: str) -> str | None:
    match = re.search(rf'<meta name="{name}" content="([^"]*)">', body)
    return match.group(1) if match else None


def metadata(body: str) -> dict[str, str]:
    """The metadata block as {label: text}."""
    block = re.search(r'<table class="doc-meta">.*?</table>', body, re.S).group(0)
    cells = re.findall(r'<th scope="row">([^<]+)</th>\s*<td[^>]*>(.*?)</td>', block, re.S)
    return {label: re.sub(r"<[^>]+>", "", value).strip() for label, value in cells}


@pytest.fixture
def web():
    return Client()


def test_url_scheme(publisher):
    document = publisher()
    assert urls_for.document_url(document) == f"/xxgk/tlq-jw/content/{document.pk}.html"

    class Hit:  # what the search index knows of a document
        id = document.pk
        unit_codes = ("tlq-jw", "tlq")

    assert urls_for.document_url(Hit()) == urls_for.document_url(document)


def test_document_page_shows_the_metadata_block(web, publisher, site_root):
    document = publisher(summary="义务教育招生安排")
    response = web.get(urls_for.document_url(document))
    assert response.status_code == 200
    body = response.content.decode()
    assert metadata(body) == {
        "索引号": "tlq-jw/2026-00001",
        "主题分类": "科技、教育",
        "发文机关": "重庆市铜梁区教育委员会",
        "成文日期": "2026-02-27",
        "标题": "关于做好2026年义务教育招生工作的通知",
        "发文字号": "铜教发〔2026〕3号",
        "发布日期": "2026-03-02",
    }
    assert "有效性" not in body  # only for 规范性文件
    assert re.findall(r'<div class="document-body">\s*(.*?)\s*</div>', body, re.S) == [
        "<p>各中小学校：</p><p>现将有关事项通知如下。</p>"
    ]
    assert meta(body, "ArticleTitle") == "关于做好2026年义务教育招生工作的通知"
    assert meta(body, "PubDate") == "2026-03-02"
    assert meta(body, "ContentSource") == "重庆市铜梁区教育委员会"
    assert meta(body, "ColumnName") == "行政法规、规章和规范性文件"
    assert meta(body, "SiteIDCode") == "5001510001"
    crumbs = re.search(r'<nav class="crumbs".*?</nav>', body, re.S).group(0)
    assert re.findall(r">([^<>]+)</a>", crumbs)[-2:] == [
        "法定主动公开内容",
        "行政法规、规章和规范性文件",
    ]
    # the published file holds the same bytes
    assert (site_root / f"xxgk/tlq-jw/content/{document.pk}.html").read_bytes() == response.content


def test_joint_issuers_are_listed(web, publisher, district):
    document = publisher.draft()
    from zwgk.documents.models import DocumentIssuer

    DocumentIssuer.objects.create(document=document, unit=district.unit_b, position=1)
    publisher.publish(publisher.approve(document))
    body = web.get(urls_for.document_url(document)).content.decode()
    assert metadata(body)["发文机关"] == "重庆市铜梁区教育委员会、重庆市铜梁区民政局"


def test_text_is_escaped(web, publisher, site_root):
    document = publisher(
        '关于<script>alert("x")</script>的通知',
        body='第一段 <b>加粗</b> & "引号"\n\n<img src=x onerror=alert(1)>',
        doc_number="",
    )
    body = web.get(urls_for.document_url(document)).content.decode()
    assert "<script>" not in body and "<img" not in body and "<b>" not in body
    assert "关于&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;的通知" in body
    assert "<p>第一段 &lt;b&gt;加粗&lt;/b&gt; &amp; &quot;引号&quot;</p>" in body
    assert "<p>&lt;img src=x onerror=alert(1)&gt;</p>" in body
    assert (
        meta(body, "ArticleTitle") == "关于&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;的通知"
    )


def test_only_published_documents_have_pages(web, publisher, district):
    draft = publisher.draft("草稿")
    assert web.get(urls_for.document_url(draft)).status_code == 404
    approved = publisher.approve(publisher.draft("已审核未发布"))
    assert approved.status == Status.APPROVED
    assert web.get(urls_for.document_url(approved)).status_code == 404
    published = publisher()
    assert web.get(f"/xxgk/tlq-mzj/content/{published.pk}.html").status_code == 404  # wrong unit
    assert web.get("/xxgk/tlq-jw/content/999999.html").status_code == 404


def test_withdrawn_document_page_says_so(web, publisher, site_root):
    document = publisher(body="原文内容")
    publisher.withdraw(document, "内容有误，<重新>发布", at=AT + timedelta(days=3))
    response = web.get(urls_for.document_url(document))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 id="document-heading">该信息已撤稿</h1>' in body
    assert "索引号为 tlq-jw/2026-00001 的信息已于 2026-03-05 撤稿。" in body
    assert "撤稿理由：内容有误，&lt;重新&gt;发布" in body
    assert "原文内容" not in body and "doc-meta" not in body
    assert meta(body, "ArticleTitle") is None
    assert "<title>该信息已撤稿 - " in body
    assert (site_root / f"xxgk/tlq-jw/content/{document.pk}.html").read_bytes() == response.content


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_attachments_are_published_as_downloads(web, publisher, media, site_root):
    document = publisher.draft()
    data = make_pdf("Enrolment notice 2026")
    attachment = add_attachment(
        by=publisher.officer, at=AT, document=document, uploaded=upload("招生<计划>.pdf", data)
    )
    publisher.publish(publisher.approve(document))
    name = urls_for.attachment_name(attachment)
    assert re.fullmatch(rf"{attachment.pk}-[0-9a-f]{{16}}\.pdf", name)
    body = web.get(urls_for.document_url(document)).content.decode()
    shown = attachment.original_name  # the documents app keeps a sanitised name
    assert shown == "招生_计划_.pdf"
    assert f'<a href="/files/{name}" download="{shown}">{shown}</a>' in body
    assert "（PDF，" in body
    # copied into the published site under the generated name
    assert (site_root / "files" / name).read_bytes() == data
    # served as a download, never inline
    response = web.get(f"/files/{name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    # from the application when the published copy is missing
    (site_root / "files" / name).unlink()
    response = web.get(f"/files/{name}")
    assert b"".join(response.streaming_content) == data
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    # a guessed or altered name is not found
    assert web.get(f"/files/{attachment.pk}-0000000000000000.pdf").status_code == 404
    assert web.get("/files/x.pdf").status_code == 404
    # withdrawal takes the file off the site
    publisher.withdraw(document, "撤回")
    assert not (site_root / "files" / name).exists()
    assert web.get(f"/files/{name}").status_code == 404


def test_attachment_of_an_unpublished_document_is_not_served(web, publisher, media):
    document = publisher.draft()
    attachment = add_attachment(
        by=publisher.officer, at=AT, document=document, uploaded=upload("a.pdf", make_pdf("x"))
    )
    assert web.get(urls_for.attachment_path(attachment)).status_code == 404


def test_policy_and_interpretation_link_each_other(web, publisher):
    policy = publisher.draft("关于印发某办法的通知", needs_interpretation=True)
    reading = publisher.draft(
        "《某办法》政策解读",
        interprets=policy,
        genre="jiedu",
        interpretation_form="text",
        body="一、制定背景",
        doc_number="",
    )
    publisher.publish(publisher.approve(policy))
    reading.refresh_from_db()
    assert reading.status == Status.PUBLISHED
    policy_body = web.get(urls_for.document_url(policy)).content.decode()
    assert '<h2 id="interpretation-heading">政策解读</h2>' in policy_body
    assert f'<a href="{urls_for.document_url(reading)}">《某办法》政策解读</a>' in policy_body
    reading_body = web.get(urls_for.document_url(reading)).content.decode()
    assert "解读的政策文件" in reading_body
    assert f'<a href="{urls_for.document_url(policy)}">关于印发某办法的通知</a>' in reading_body
    # withdrawing the interpretation removes the link from the policy's published page
    publisher.withdraw(reading, "解读有误")
    assert "interpretation-heading" not in web.get(urls_for.document_url(policy)).content.decode()


def test_normative_document_shows_validity_and_versions(web, publisher, head_a, site_root):
    old = publisher.draft("某管理办法", is_normative=True)
    normative.set_normative_record(
        by=publisher.officer,
        at=AT,
        document=old,
        unified_number="TLJW-2026-001",
        valid_from=date(2026, 3, 1),
    )
    publisher.publish(publisher.approve(old))
    body = web.get(urls_for.document_url(old)).content.decode()
    assert metadata(body)["有效性"] == "有效"
    assert metadata(body)["统一编号"] == "TLJW-2026-001"

    new = publisher("某管理办法（2026年修订）", is_normative=True)
    normative.change_validity(
        by=publisher.officer, at=AT, document=old, validity="amended", replaced_by=new
    )
    # the change of 有效性 fires no hook: the periodic job re-renders the pages
    from zwgk.portal.tasks import republish_validity_changes

    assert republish_validity_changes(AT) == 1
    old_body = (site_root / f"xxgk/tlq-jw/content/{old.pk}.html").read_text()
    assert metadata(old_body)["有效性"] == "已修改"
    assert f'修改后的文件：<a href="{urls_for.document_url(new)}">' in old_body
    new_body = (site_root / f"xxgk/tlq-jw/content/{new.pk}.html").read_text()
    assert f'本文件替代：<a href="{urls_for.document_url(old)}">某管理办法</a>' in new_body


def test_published_file_is_served_when_present(web, publisher, site_root):
    document = publisher()
    target = site_root / f"xxgk/tlq-jw/content/{document.pk}.html"
    target.write_text("<!doctype html><p>published copy</p>", encoding="utf-8")
    response = web.get(urls_for.document_url(document))
    assert response.content == b"<!doctype html><p>published copy</p>"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    # the next publication of the document's pages puts the real page back
    incremental.publish_changes([document.pk])
    assert "published copy" not in web.get(urls_for.document_url(document)).content.decode()


def test_document_pages_are_self_contained(web, publisher):
    """No script, no inline style, nothing loaded from elsewhere (strict CSP, no CDN)."""
    document = publisher()
    for url in (
        urls_for.document_url(document),
        "/xxgk/tlq-jw/fdzdgknr/a20-1/",
        "/zfxxgkml/",
        "/zfxxgkml/unit/tlq-jw/",
        "/zfxxgkml/year/2026/",
    ):
        body = web.get(url).content.decode()
        assert "<script" not in body and "style=" not in body and "<style" not in body, url
        for attr in re.findall(r'(?:src|href)="([^"]+)"', body):
            assert attr.startswith(("/", "#", "mailto:")) or attr == "https://beian.miit.gov.cn/"
