"""Incremental publishing: the hooks, the pages a change touches, and the promise that the
incremental path leaves the same files as a full rebuild."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from zwgk.documents import columns as document_columns
from zwgk.documents import events, normative
from zwgk.documents.attachments import add_attachment
from zwgk.documents.importer import import_documents
from zwgk.orgs.models import Unit
from zwgk.portal import incremental, publishing
from zwgk.portal.incremental import LOCK_NAME
from zwgk.portal.tasks import on_documents_changed
from zwgk.portal.tests.conftest import AT, make_pdf


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != LOCK_NAME
    }


def rebuild(root: Path) -> None:
    call_command(
        "publish", "--rebuild", "--prune", "--out", str(root), stdout=StringIO(), stderr=StringIO()
    )


def test_portal_registers_its_hooks_and_columns():
    assert on_documents_changed in events._published
    assert on_documents_changed in events._withdrawn
    # The provider receives the unit (unsaved here: only its kind and code are read).
    choices = dict(document_columns.column_choices(Unit(kind="department", code="x-dept")))
    assert choices["a20-1"] == "法定主动公开内容 / 行政法规、规章和规范性文件"
    assert "zfxxgkzd" in choices and "zfxxgknb" in choices
    assert "zfxxgkzn" not in choices and "fdzdgknr" not in choices and "ysqgk" not in choices
    town = dict(document_columns.column_choices(Unit(kind="town", code="x-town")))
    assert "a21x-3" in town and "a21-1" not in town


def import_history(unit, capture) -> None:
    """Three documents of 2025 from an existing catalogue: published in the past, so they land
    at the bottom of the lists."""
    header = ["标题", "成文日期", "发布日期", "公开属性", "主题分类", "栏目", "内容概述"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for n in range(1, 4):
        writer.writerow(
            [
                f"历史文件{n}",
                f"2025-0{n}-01",
                f"2025-0{n}-05",
                "主动公开",
                "科技、教育",
                "行政法规、规章和规范性文件",
                "历史",
            ]
        )
    with capture(execute=True):
        import_documents(
            by=None, at=AT, unit=unit, data=out.getvalue().encode(), filename="目录.csv"
        )


def test_incremental_publishing_equals_a_rebuild(publisher, media, site_root, tmp_path, town):
    # The site as published at start-up
    rebuild(site_root)

    # A day of work, each step through the documents services and their hooks
    for n in range(1, 40):  # with the rest, more than two pages of the column list
        publisher(f"第{n}号通知", at=AT + timedelta(hours=n))
    with_file = publisher.draft("附件通知", column="zfxxgknb")
    add_attachment(
        by=publisher.officer,
        at=AT,
        document=with_file,
        uploaded=SimpleUploadedFile("方案.pdf", make_pdf("plan")),
    )
    publisher.publish(publisher.approve(with_file), at=AT + timedelta(days=1))
    policy = publisher.draft("关于印发某办法的通知", needs_interpretation=True, column="a20-11")
    publisher.draft("《某办法》解读", interprets=policy, genre="jiedu", interpretation_form="qa")
    publisher.publish(publisher.approve(policy), at=AT + timedelta(days=2))
    old = publisher.draft(
        "某管理办法",
        is_normative=True,
        written_date=date(2025, 12, 1),
        doc_number="铜教发〔2025〕12号",
    )
    normative.set_normative_record(
        by=publisher.officer,
        at=AT,
        document=old,
        unified_number="TLJW-2025-001",
        valid_from=date(2025, 12, 1),
    )
    publisher.publish(publisher.approve(old), at=AT + timedelta(days=3))
    import_history(publisher.unit, publisher.capture)
    # withdrawals: one deep in the column list, and one document with an attachment
    publisher.withdraw(publisher.unit.documents.get(title="第2号通知"), "重复发布")
    publisher.withdraw(with_file, "附件有误")
    publisher.approve(publisher.draft("审核通过尚未发布"))

    # A full rebuild from scratch gives the very same files
    fresh = tmp_path / "fresh"
    rebuild(fresh)
    incremental_tree, rebuilt_tree = tree(site_root), tree(fresh)
    assert sorted(incremental_tree) == sorted(rebuilt_tree)
    different = [name for name in rebuilt_tree if incremental_tree[name] != rebuilt_tree[name]]
    assert different == []
    # … and the trees hold what the day produced
    assert "xxgk/tlq-jw/fdzdgknr/a20-1/page-1.html" in rebuilt_tree
    assert "zfxxgkml/year/2025/zfxxgkml.xlsx" in rebuilt_tree
    assert not any(name.startswith("files/") for name in rebuilt_tree)  # withdrawn attachment


def test_pages_for_tags_agrees_with_the_registry(publisher):
    """The pages incremental publishing makes from tags are exactly the pages of the whole site
    that carry those tags (archive pages aside: they are chosen by position)."""
    first = publisher()
    policy = publisher.draft("关于印发某办法的通知", needs_interpretation=True, column="a21-2")
    publisher.draft("《某办法》解读", interprets=policy, genre="jiedu", interpretation_form="text")
    publisher.publish(publisher.approve(policy))
    data = publishing.load_site_data()
    every_page = [
        p for p in publishing.iter_pages(data) if not any(t.endswith(":archive") for t in p.tags)
    ]
    for changed in ([first], [policy], [first, policy]):
        tags = incremental.change_tags(data, changed)
        made = {p.key for p in incremental.pages_for_tags(data, tags)}
        selected = {p.key for p in publishing.select_pages(every_page, tags - {"site"})}
        assert made == selected
    assert {
        f"doc:{policy.pk}",
        f"doc:{policy.interpretations.get().pk}",
    } <= incremental.change_tags(data, [policy])


def test_a_publication_touches_a_bounded_set_of_pages(publisher):
    """However many documents the site holds, publishing one re-renders the same pages: its own,
    its column's index and feed, 法定主动公开内容, the unit index, the home page, the catalogue
    index and its unit, topic and year lists."""
    first = publisher()
    data = publishing.load_site_data()
    plan = incremental.plan_changes(
        data, incremental.changed_documents([first.pk]), incremental.site_root()
    )
    assert sorted(page.key for page in plan.pages) == sorted(
        [
            "home",
            "catalogue",
            f"doc:{first.pk}",
            "unit:tlq-jw",
            "column:tlq-jw/fdzdgknr",
            "column:tlq-jw/a20-1",
            "feed:tlq-jw/a20-1",
            "catalogue:unit:tlq-jw",
            f"catalogue:topic:{first.topic_id}",
            "catalogue:year:2026",
        ]
    )
    assert plan.downloads == {("unit", "tlq-jw"), ("topic", str(first.topic_id)), ("year", "2026")}


def test_documents_outside_the_site_are_ignored(publisher, district):
    from zwgk.orgs.models import Unit

    document = publisher()
    Unit.objects.filter(pk=district.unit_a.pk).update(is_active=False)
    plan = incremental.publish_changes([document.pk])
    assert plan.pages == []


def test_publish_command_copies_attachments(publisher, media, tmp_path):
    document = publisher.draft()
    add_attachment(
        by=publisher.officer,
        at=AT,
        document=document,
        uploaded=SimpleUploadedFile("a.pdf", make_pdf("x")),
    )
    publisher.publish(publisher.approve(document))
    out, err = StringIO(), StringIO()
    call_command("publish", "--rebuild", "--out", str(tmp_path / "out"), stdout=out, stderr=err)
    assert "附件 1 个" in out.getvalue()
    assert len(list((tmp_path / "out" / "files").iterdir())) == 1
