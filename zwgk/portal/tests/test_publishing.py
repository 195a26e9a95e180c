"""Rendering to files: each file holds exactly the bytes the view returns."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from zwgk.documents.models import Topic
from zwgk.orgs.models import Unit
from zwgk.portal import columns, publishing


def publish(*args: str) -> str:
    out = StringIO()
    call_command("publish", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_every_file_equals_the_view_response(tmp_path, profile, contacts, town):
    publish("--rebuild", "--out", str(tmp_path))
    data = publishing.load_site_data()
    pages = list(publishing.iter_pages(data))
    web = Client()

    # home, section and catalogue + per unit (index + 5 columns + sub-columns + a feed for
    # each list column + its catalogue list) + a catalogue list per topic + 404 + 500; units
    # that have key-area items have a sixth column (重点领域信息公开) with one sub-column each
    def keyarea(unit):
        column = columns.keyarea_column(unit.kind, unit.code)
        return (1, len(column.children)) if column else (0, 0)

    units = list(Unit.objects.filter(is_active=True))
    assert len(units) == 5
    topics = Topic.objects.count()
    assert topics == 21
    per_unit = [((23 if u.kind == "town" else 22), *keyarea(u)) for u in units]
    assert sum(k for _sub, _col, k in per_unit) > 0
    expected = (
        3 + sum(1 + 5 + col + sub + k + (2 + sub + k) + 1 for sub, col, k in per_unit) + topics + 2
    )
    assert len(pages) == expected
    files = sorted(
        p.relative_to(tmp_path).as_posix()
        for p in tmp_path.rglob("*")
        if p.suffix in {".html", ".xml"}
    )
    assert files == sorted(page.output_path for page in pages)
    for page in pages:
        if page.key == "500":
            continue  # compared in test_errors (its view must not touch the database)
        response = web.get(page.path)
        assert response.status_code == page.status, page.path
        assert (tmp_path / page.output_path).read_bytes() == response.content, page.path


def test_output_paths():
    assert publishing.home_page().output_path == "index.html"
    assert publishing.section_page().output_path == "xxgk/index.html"
    assert publishing.not_found_page().output_path == "404.html"


def test_files_are_complete_html_documents(tmp_path, profile):
    publish("--rebuild", "--out", str(tmp_path))
    guide = (tmp_path / "xxgk/tlq/zfxxgkzn/index.html").read_text(encoding="utf-8")
    assert guide.startswith("<!doctype html>") and guide.rstrip().endswith("</html>")
    assert '<meta name="SiteIDCode" content="5001510001">' in guide


def test_default_output_is_the_site_root(settings, tmp_path, profile):
    settings.ZWGK_SITE_ROOT = tmp_path / "site"
    publish("--rebuild")
    assert (tmp_path / "site" / "index.html").is_file()


def test_second_run_skips_identical_files(tmp_path, profile):
    first = publish("--rebuild", "--out", str(tmp_path))
    assert "未变 0 页" in first
    home = tmp_path / "index.html"
    before = home.stat().st_mtime_ns
    second = publish("--rebuild", "--out", str(tmp_path))
    assert "写入 0 页" in second
    assert home.stat().st_mtime_ns == before


def test_interrupted_run_resumes(tmp_path, profile, monkeypatch):
    data = publishing.load_site_data()
    pages = list(publishing.iter_pages(data))
    calls = {"n": 0}
    real = publishing.write_page

    def stop_after_five(root, page, content):
        calls["n"] += 1
        if calls["n"] > 5:
            raise KeyboardInterrupt
        return real(root, page, content)

    monkeypatch.setattr(publishing, "write_page", stop_after_five)
    with pytest.raises(KeyboardInterrupt):
        publish("--rebuild", "--out", str(tmp_path))
    assert len(list(tmp_path.rglob("*.html"))) == 5
    # a temporary file left by a crash is cleaned up, never served
    leftover = tmp_path / "xxgk" / f".index.html.999{publishing.TMP_SUFFIX}"
    leftover.parent.mkdir(exist_ok=True)
    leftover.write_bytes(b"partial")
    monkeypatch.setattr(publishing, "write_page", real)
    out = publish("--rebuild", "--out", str(tmp_path))
    assert f"写入 {len(pages) - 5} 页，未变 5 页" in out
    assert not leftover.exists()


def test_changed_unit_rewrites_its_pages(tmp_path, profile, district):
    publish("--rebuild", "--out", str(tmp_path))
    Unit.objects.filter(pk=district.unit_a.pk).update(office_phone="023-45679999")
    out = publish("--rebuild", "--out", str(tmp_path))
    assert "写入 0 页" not in out
    guide = (tmp_path / "xxgk/tlq-jw/zfxxgkzn/index.html").read_text(encoding="utf-8")
    assert "023-45679999" in guide


def test_only_and_prune(tmp_path, profile, district):
    out = publish("--only", "/xxgk/tlq-jw/", "--out", str(tmp_path))
    files = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html")]
    assert files and all(f.startswith("xxgk/tlq-jw/") for f in files)
    assert "写入" in out
    publish("--rebuild", "--out", str(tmp_path))
    Unit.objects.filter(pk=district.unit_b.pk).update(is_active=False)
    stray = tmp_path / "notes.txt"
    stray.write_text("kept")
    out = publish("--rebuild", "--prune", "--out", str(tmp_path))
    assert not (tmp_path / "xxgk" / "tlq-mzj").exists()
    # unit B's index, 5 columns, 22 sub-columns, 24 feeds, catalogue list and its 2 downloads;
    # and 重点领域信息公开 with its sub-columns and their feeds
    keyarea = len(columns.keyarea_column(district.unit_b.kind, district.unit_b.code).children)
    assert f"删除 {55 + 1 + 2 * keyarea} 个过时文件" in out
    assert stray.exists()


def test_command_needs_a_mode(tmp_path, db):
    with pytest.raises(CommandError, match="--rebuild"):
        publish("--out", str(tmp_path))
    with pytest.raises(CommandError, match="没有网址"):
        publish("--only", "/nothing/", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="--prune"):
        publish("--only", "/", "--prune", "--out", str(tmp_path))


def test_select_pages_by_tag(profile, district):
    data = publishing.load_site_data()
    pages = list(publishing.iter_pages(data))
    mine = publishing.select_pages(pages, ["unit:tlq-jw"])
    assert mine and all(p.path.startswith("/xxgk/tlq-jw/") for p in mine)
    # the district's guide lists every unit's office, so it depends on all units
    guide = publishing.select_pages(pages, ["units"])
    assert [p.path for p in guide] == ["/xxgk/tlq/zfxxgkzn/"]
    assert len(publishing.select_pages(pages, ["site"])) == len(pages)


def test_page_does_not_depend_on_the_request(profile, district, client_a):
    page = publishing.unit_column_page(publishing.load_site_data(), "tlq-jw", "zfxxgkzn")
    rendered = publishing.render_page(page)
    other_host = Client(HTTP_HOST="localhost").get(page.path).content.decode()
    logged_in = client_a.get(page.path).content.decode()
    assert rendered == other_host == logged_in
    assert "张敏" not in logged_in


def test_page_rendering_ignores_the_active_language(profile):
    from django.utils import translation

    with translation.override("en"):
        rendered = publishing.render_page(publishing.home_page())
    assert "首页" in rendered


def test_write_page_is_atomic(tmp_path, profile):
    page = publishing.home_page()
    assert publishing.write_page(tmp_path, page, b"one")
    assert not publishing.write_page(tmp_path, page, b"one")
    assert publishing.write_page(tmp_path, page, b"two")
    assert (tmp_path / "index.html").read_bytes() == b"two"
    assert [p.name for p in Path(tmp_path).iterdir()] == ["index.html"]
