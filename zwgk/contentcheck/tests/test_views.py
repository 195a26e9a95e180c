"""Staff pages of the dictionaries: district office only, lists with search and paging, add/edit,
deactivate, CSV import and export, the "try it" box."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from conftest import client_for
from zwgk.contentcheck import services
from zwgk.contentcheck.models import LeaderTitle, SensitiveWord, WrongExpression
from zwgk.core.models import AuditEvent

HX = {"HX-Request": "true"}
INDEX = reverse("contentcheck:index")


def url(name, kind="words", *args):
    return reverse(f"contentcheck:{name}", args=[kind, *args])


def upload(text, encoding="utf-8", name="words.csv"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


@pytest.fixture
def word(supervisor):
    return services.add_entry(
        by=supervisor,
        at=timezone.now(),
        kind="words",
        values={"word": "违禁词", "category": "测试"},
    )


def page_urls(pk):
    return [
        INDEX,
        url("list"),
        url("add"),
        url("import"),
        url("export"),
        url("edit", "words", pk),
        url("list", "leaders"),
    ]


# --- who may see what ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(word):
    for target in [*page_urls(word.pk), url("set_active", "words", word.pk)]:
        response = Client().get(target)
        assert response.status_code == 302, target
        assert reverse("workspace:login") in response["Location"]


@pytest.mark.parametrize("persona", ["officer_a", "head_a", "officer_b", "citizen"])
def test_everyone_but_the_district_office_gets_404(request, word, persona):
    client = client_for(request.getfixturevalue(persona))
    for target in page_urls(word.pk):
        assert client.get(target).status_code == 404, target
    assert client.post(url("set_active", "words", word.pk), {"active": "0"}).status_code == 404
    assert client.post(url("edit", "words", word.pk), {"word": "改了"}).status_code == 404
    assert client.post(url("add"), {"word": "新词语"}).status_code == 404
    assert client.post(INDEX, {"text": "违禁词"}).status_code == 404
    response = client.post(url("import"), {"file": upload("词语\n新词语\n")})
    assert response.status_code == 404
    word.refresh_from_db()
    assert (word.word, word.is_active) == ("违禁词", True)
    assert SensitiveWord.objects.count() == 1


def test_unknown_list_or_entry_is_404(client_supervisor, word):
    assert client_supervisor.get(url("list", "passwords")).status_code == 404
    assert client_supervisor.get(url("edit", "words", word.pk + 100)).status_code == 404
    # an entry of another list under this list's address
    assert client_supervisor.get(url("edit", "leaders", word.pk)).status_code == 404


def test_nav_entry_only_for_the_district_office(client_supervisor, client_a):
    home = reverse("workspace:home")
    assert f'href="{INDEX}"' in client_supervisor.get(home).content.decode()
    assert f'href="{INDEX}"' not in client_a.get(home).content.decode()


# --- overview and try it -----------------------------------------------------------------------


def test_index_shows_counts(client_supervisor, word, supervisor):
    services.set_entry_active(
        by=supervisor,
        at=timezone.now(),
        kind="words",
        pk=services.add_entry(
            by=supervisor, at=timezone.now(), kind="words", values={"word": "停用词"}
        ).pk,
        active=False,
    )
    body = client_supervisor.get(INDEX).content.decode()
    assert "1 个启用，1 个停用" in body


def test_try_it_highlights_findings(client_supervisor, word):
    text = "<b>违禁词</b>，手机13812345678，认真布署。"
    response = client_supervisor.post(INDEX, {"text": text})
    assert response.status_code == 200
    page = response.content.decode()
    body = page[page.index('<div id="try-result"') :]  # the result, not the echoed textarea
    assert '<mark class="finding finding-warn"' in body
    assert '<mark class="finding finding-block"' in body
    assert "138****5678" in body
    assert "13812345678" not in body
    assert "&lt;b&gt;" in body and "<b>" not in page
    assert not AuditEvent.objects.filter(action__contains="try").exists()


def test_try_it_htmx_gets_the_result_partial(client_supervisor):
    response = client_supervisor.post(INDEX, {"text": "没有问题的文字。"}, headers=HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="try-result"')
    assert "<html" not in body
    assert "未发现问题" in body


def test_try_it_refuses_empty_or_huge_text(client_supervisor):
    assert client_supervisor.post(INDEX, {"text": ""}).status_code == 400
    response = client_supervisor.post(INDEX, {"text": "字" * 200_001}, headers=HX)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


# --- lists ---------------------------------------------------------------------------------------


def test_list_search_status_and_paging(client_supervisor, supervisor):
    at = timezone.now()
    for i in range(60):
        services.add_entry(
            by=supervisor, at=at, kind="words", values={"word": f"词语{i:02d}", "category": "甲"}
        )
    services.add_entry(
        by=supervisor, at=at, kind="words", values={"word": "另类", "category": "乙"}
    )
    first = client_supervisor.get(url("list")).content.decode()
    assert "61 个条目" in first
    assert "词语00" in first and "词语55" not in first
    assert "第 1 页，共 2 页" in first
    second = client_supervisor.get(url("list") + "?page=2").content.decode()
    assert "词语55" in second
    found = client_supervisor.get(url("list") + "?q=乙").content.decode()
    assert "另类" in found and "1 个条目" in found
    partial = client_supervisor.get(url("list") + "?q=词语5", headers=HX)
    body = partial.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "10 个条目" in body
    none = client_supervisor.get(url("list") + "?status=inactive").content.decode()
    assert "列表是空的" in none


def test_list_with_invalid_filter_does_not_fail(client_supervisor, word):
    response = client_supervisor.get(url("list") + "?status=nonsense&page=abc&q=" + "x" * 60)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


# --- add, edit, deactivate -----------------------------------------------------------------------


def test_add_entry(client_supervisor):
    response = client_supervisor.post(url("add", "leaders"), {"name": "张三", "title": "副区长"})
    assert response.status_code == 302
    assert response["Location"] == url("list", "leaders")
    assert LeaderTitle.objects.get().title == "副区长"
    assert AuditEvent.objects.filter(action="contentcheck.leader.added").count() == 1


def test_add_entry_htmx_redirects_the_client(client_supervisor):
    response = client_supervisor.post(
        url("add", "expressions"), {"wrong": "按步就班", "right": "按部就班"}, headers=HX
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == url("list", "expressions")
    assert WrongExpression.objects.get().right == "按部就班"


def test_add_invalid_entry_shows_the_error_at_the_field(client_supervisor, word):
    response = client_supervisor.post(url("add"), {"word": "违禁词", "category": ""})
    assert response.status_code == 400
    assert "词语“违禁词”已在列表中" in response.content.decode()
    partial = client_supervisor.post(url("add"), {"word": "词"}, headers=HX)
    body = partial.content.decode()
    assert partial.status_code == 200
    assert "<html" not in body and "至少 2 个字" in body
    assert SensitiveWord.objects.count() == 1


def test_edit_entry(client_supervisor, word):
    page = client_supervisor.get(url("edit", "words", word.pk)).content.decode()
    assert 'value="违禁词"' in page
    response = client_supervisor.post(
        url("edit", "words", word.pk), {"word": "禁用词", "category": "新类"}
    )
    assert response.status_code == 302
    word.refresh_from_db()
    assert (word.word, word.category) == ("禁用词", "新类")


def test_deactivate_and_reactivate_from_the_list(client_supervisor, word):
    back = url("list") + "?q=违禁"
    response = client_supervisor.post(
        url("set_active", "words", word.pk), {"active": "0", "next": back}
    )
    assert response.status_code == 302 and response["Location"] == iri_to_uri(back)
    word.refresh_from_db()
    assert not word.is_active
    response = client_supervisor.post(
        url("set_active", "words", word.pk), {"active": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == url("list")
    word.refresh_from_db()
    assert word.is_active
    htmx = client_supervisor.post(url("set_active", "words", word.pk), {"active": "0"}, headers=HX)
    assert htmx["HX-Redirect"] == url("list")


def test_set_active_with_invalid_value_changes_nothing(client_supervisor, word):
    response = client_supervisor.post(url("set_active", "words", word.pk), {"active": "maybe"})
    assert response.status_code == 302
    word.refresh_from_db()
    assert word.is_active
    page = client_supervisor.get(response["Location"]).content.decode()
    assert "请选择停用还是重新启用" in page
    assert client_supervisor.get(url("set_active", "words", word.pk)).status_code == 405


# --- import and export ---------------------------------------------------------------------------


def test_import_page_and_happy_path(client_supervisor):
    assert "词语,类别,状态" in client_supervisor.get(url("import")).content.decode()
    response = client_supervisor.post(
        url("import"), {"file": upload("词语,类别\r\n违禁词,政治类\r\n", encoding="gbk")}
    )
    assert response.status_code == 302
    assert SensitiveWord.objects.get().category == "政治类"
    follow = client_supervisor.get(response["Location"]).content.decode()
    assert "导入完成：新增 1 条" in follow


def test_import_with_bad_rows_lists_them_and_saves_nothing(client_supervisor):
    response = client_supervisor.post(url("import"), {"file": upload("词语\n好词\n词\n好词\n")})
    assert response.status_code == 400
    body = response.content.decode()
    assert "第 3 行：词语“词”太短" in body
    assert "第 4 行：词语“好词”与第 2 行重复" in body
    assert not SensitiveWord.objects.exists()


def test_import_htmx_partial(client_supervisor):
    response = client_supervisor.post(url("import"), {"file": upload("词语\n")}, headers=HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and "文件中没有数据行" in body
    ok = client_supervisor.post(url("import"), {"file": upload("词语\n好词\n")}, headers=HX)
    assert "导入完成：新增 1 条" in ok.content.decode()


def test_import_without_a_file_is_refused(client_supervisor):
    assert client_supervisor.post(url("import"), {}).status_code == 400


def test_export(client_supervisor, word, supervisor):
    services.set_entry_active(
        by=supervisor, at=timezone.now(), kind="words", pk=word.pk, active=False
    )
    response = client_supervisor.get(url("export"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == [
        ["词语", "类别", "状态"],
        ["违禁词", "测试", "停用"],
    ]


def test_audit_log_shows_the_changes_with_their_labels(client_supervisor, word):
    body = client_supervisor.get(reverse("core:audit_list")).content.decode()
    assert "敏感词：新增条目" in body
    assert "contentcheck.sensitive_word.added" in body
