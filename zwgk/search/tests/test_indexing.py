"""The index follows publication: documents published through the real services are found,
withdrawn ones vanish; ranking, phrases, filters and paging; rebuild and concurrency."""

from __future__ import annotations

import io
import threading
from datetime import date, timedelta

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zwgk.documents import services
from zwgk.documents.attachments import add_attachment
from zwgk.documents.models import NormativeRecord, Topic
from zwgk.search import engine, indexing
from zwgk.search.analysis import parse_query
from zwgk.search.engine import Filters

from .conftest import AT


def search(query: str, page: int = 1, **filters):
    return indexing.get_index().search(parse_query(query), Filters(**filters), page=page)


def titles(query: str, **filters) -> list[str]:
    return [hit.title for hit in search(query, **filters).hits]


def test_published_document_is_found_by_a_two_character_word(publish):
    publish("关于做好2026年义务教育招生工作的通知", "各中小学校：现将有关事项通知如下。")
    publish("关于开展安全生产检查的通知", "各单位：请做好检查。")
    results = search("招生")
    assert results.total == 1
    assert results.hits[0].title == "关于做好2026年义务教育招生工作的通知"


def test_two_character_word_hidden_by_segmentation_is_still_found(publish):
    # jieba cuts 中招生活 into 中招 / 生活, so only the bigram stream holds 招生 here
    publish("关于丰富学生课余生活的通知", "中招生活补贴按月发放。")
    assert titles("招生") == ["关于丰富学生课余生活的通知"]


def test_words_must_all_occur_in_any_order(publish):
    publish("义务教育阶段招生办法", "招生对象为适龄儿童。")
    publish("职业教育发展规划", "推动职业教育高质量发展。")
    assert titles("招生 义务教育") == ["义务教育阶段招生办法"]
    assert titles("招生 规划") == []


def test_quoted_phrase_must_occur_as_written(publish):
    publish("甲通知", "今年义务教育招生工作已经开始。")
    publish("乙通知", "义务教育阶段学校的招生工作另行通知。")
    assert titles('"义务教育招生"') == ["甲通知"]
    assert sorted(titles("义务教育招生")) == ["乙通知", "甲通知"]
    # the document where the words stand together ranks first
    assert titles("义务教育招生")[0] == "甲通知"


def test_title_match_ranks_above_body_match(publish):
    publish("关于加强殡葬管理的通知", "各镇街：请落实有关要求。")
    publish("民政工作要点", "做好养老服务、殡葬管理和社会救助工作。")
    assert titles("殡葬") == ["关于加强殡葬管理的通知", "民政工作要点"]


def test_equal_scores_put_the_newest_first(publish):
    for days, name in [(0, "一"), (20, "三"), (10, "二")]:
        publish(f"招生通知{name}", "招生工作安排。", at=AT + timedelta(days=days))
    results = search("招生")
    assert len({round(hit.score, 3) for hit in results.hits}) == 1
    assert [hit.title for hit in results.hits] == ["招生通知三", "招生通知二", "招生通知一"]
    assert [hit.date for hit in results.hits] == ["2026-03-22", "2026-03-12", "2026-03-02"]


def test_single_character_query(publish):
    publish("关于个人所得税的说明", "依法纳税。")
    publish("关于道路维修的通知", "请绕行。")
    assert titles("税") == ["关于个人所得税的说明"]


def test_doc_number_is_searchable(publish):
    publish("关于印发方案的通知", "正文。", doc_number="铜教发〔2024〕7号")
    assert titles("铜教发〔2024〕7号") == ["关于印发方案的通知"]


def test_attachment_text_is_searched(publish, officer_a, district, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    document = docx.Document()
    document.add_paragraph("附件：地质灾害隐患点名录")
    out = io.BytesIO()
    document.save(out)
    draft = services.register_document(
        by=officer_a,
        at=AT,
        unit=district.unit_a,
        data=services.DocumentData(title="附件测试", fields={"disclosure": "proactive"}),
    )
    upload = SimpleUploadedFile(
        "名录.docx",
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    add_attachment(by=officer_a, at=AT, document=draft, uploaded=upload)
    # publish a second document through the fixture, then the attachment one by hand
    publish("无关文件", "正文。")
    assert titles("地质灾害") == []
    draft.refresh_from_db()
    indexing.sync_documents([draft.pk])  # not published yet: stays out of the index
    assert titles("地质灾害") == []


def test_attachment_text_of_published_document(publish, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    document = publish("带附件的通知", "见附件。")
    document.attachments.create(
        file="x",
        original_name="名录.docx",
        content_type="application/octet-stream",
        size=1,
        sha256="0" * 64,
        extracted_text="地质灾害隐患点名录",
        uploaded_at=AT,
    )
    indexing.sync_documents([document.pk])
    hit = search("地质灾害").hits[0]
    assert hit.title == "带附件的通知"
    assert any(piece.marked and piece.text == "地质灾害" for piece in hit.snippet)


def test_withdrawn_document_vanishes(publish, head_a, django_capture_on_commit_callbacks):
    document = publish("关于招生计划的通知", "招生计划如下。")
    publish("关于招生咨询的公告", "咨询电话见下。")
    assert search("招生").total == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_document(by=head_a, at=AT, document=document, reason="内容有误")
    assert titles("招生") == ["关于招生咨询的公告"]


def test_filters_by_unit_topic_year_and_validity(publish, team_b, district):
    social = Topic.objects.get(name="民政、扶贫、救灾")
    a = publish("教委招生通知", "招生。", at=AT)
    publish("民政招生通知", "招生。", team=team_b, unit=district.unit_b, topic=social)
    publish("去年招生通知", "招生。", at=AT.replace(year=2025))
    NormativeRecord.objects.create(document=a, unified_number="CQTL-2026-001", validity="valid")
    indexing.sync_documents([a.pk])

    assert titles("招生", unit=district.unit_b.code) == ["民政招生通知"]
    assert set(titles("招生", unit=district.unit_a.code)) == {"教委招生通知", "去年招生通知"}
    assert titles("招生", topic=social.pk) == ["民政招生通知"]
    assert titles("招生", year=2025) == ["去年招生通知"]
    assert titles("招生", validity="valid") == ["教委招生通知"]
    assert titles("招生", validity="repealed") == []
    assert titles("招生", unit=district.unit_b.code, year=2025) == []


def test_joint_issuer_filter_finds_the_document(publish, district):
    publish("联合发文的招生通知", "招生。")
    document = publish("另一份", "无关。")
    services._set_issuers(document, [district.unit_a, district.unit_b])
    indexing.sync_documents([document.pk])
    assert titles("另一份", unit=district.unit_b.code) == ["另一份"]


def test_paging(publish, monkeypatch):
    for i in range(13):
        publish(f"招生通知第{i:02d}号", "招生工作。", at=AT + timedelta(hours=i))
    first = search("招生")
    second = search("招生", page=2)
    assert first.total == second.total == 13
    assert first.pages == 2
    assert len(first.hits) == 10 and len(second.hits) == 3
    assert (second.first, second.last) == (11, 13)
    seen = [h.title for h in first.hits + second.hits]
    assert len(set(seen)) == 13
    assert seen[0] == "招生通知第12号"  # all tie: the newest first
    assert search("招生", page=3).hits == []


def test_paging_stops_at_the_result_cap(monkeypatch, publish):
    monkeypatch.setattr(engine, "MAX_RESULTS", 4)
    for i in range(6):
        publish(f"招生{i}", "招生。", at=AT + timedelta(hours=i))
    results = search("招生")
    assert results.total == 6 and results.pages == 1
    assert search("招生", page=2).hits == []


def test_search_without_an_index_is_unavailable():
    with pytest.raises(engine.SearchUnavailable):
        search("招生")


def test_index_does_not_depend_on_the_database(publish):
    """The same ranked ids on SQLite and PostgreSQL (the suite runs on both): scores come
    from the index alone, and ties are broken by date and id, never by database order."""
    docs = [
        publish("关于义务教育招生入学工作的通知", "义务教育招生入学工作安排。", at=AT),
        publish("招生简章", "学校招生简章。", at=AT + timedelta(days=1)),
        publish("教育工作要点", "做好义务教育和招生考试工作。", at=AT + timedelta(days=2)),
        publish("招生考试安排", "招生考试。", at=AT + timedelta(days=1)),
    ]
    order = [hit.id for hit in search("义务教育 招生").hits]
    assert order == [docs[0].pk, docs[2].pk]
    ranked = [hit.title for hit in search("招生").hits]
    assert ranked == ["招生简章", "招生考试安排", "关于义务教育招生入学工作的通知", "教育工作要点"]


# --- Maintenance ------------------------------------------------------------------------------


def test_failed_update_is_retried_by_the_next_one(publish, monkeypatch):
    document = publish("关于招生的通知", "招生。")
    index = indexing.get_index()

    def busy(*args, **kwargs):
        raise TimeoutError("busy")

    monkeypatch.setattr(engine.SearchIndex, "replace", busy)
    later = publish("关于招生的补充通知", "招生。")  # the hook fails, the publication does not
    assert later.status == "published"
    assert index.pending_changes() == [later.pk]
    monkeypatch.undo()
    indexing.sync_documents([])
    assert index.pending_changes() == []
    assert {hit.id for hit in search("招生").hits} == {document.pk, later.pk}


def test_writers_queue_on_the_lock(search_dir):
    index = engine.SearchIndex(search_dir)
    order: list[str] = []
    with index.lock():
        thread = threading.Thread(target=lambda: _locked(index, order))
        thread.start()
        thread.join(0.3)
        order.append("first done")
    thread.join(5)
    assert order == ["first done", "second"]
    # a second lock file handle, even in the same process, is a second writer too
    with index.lock(), pytest.raises(TimeoutError), index.lock(timeout=0.2):
        pass


def _locked(index: engine.SearchIndex, order: list[str]) -> None:
    with index.lock():
        order.append("second")


def test_rebuild_from_the_database(publish, search_dir):
    documents = [publish(f"招生通知{i}", "招生。", at=AT + timedelta(hours=i)) for i in range(5)]
    index = indexing.get_index()
    old = index.current()
    assert indexing.rebuild(batch_size=2) == 5
    assert index.current() != old and not old.exists()
    assert {hit.id for hit in search("招生").hits} == {d.pk for d in documents}


def test_interrupted_rebuild_leaves_the_live_index_and_resumes(publish):
    for i in range(5):
        publish(f"招生通知{i}", "招生。", at=AT + timedelta(hours=i))
    index = indexing.get_index()
    live = index.current()
    calls = []

    def stop_after_two_batches(done: int, total: int) -> None:
        calls.append(done)
        if done >= 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        indexing.rebuild(batch_size=2, progress=stop_after_two_batches)
    assert index.current() == live  # untouched, still searchable
    assert search("招生").total == 5
    late = publish("招生补充通知", "招生。", at=AT + timedelta(days=1))  # during the rebuild
    resumed = []
    assert indexing.rebuild(batch_size=2, progress=lambda d, t: resumed.append(d)) == 6
    assert resumed[0] == 4  # continued from the checkpoint
    assert index.current() != live
    assert late.pk in {hit.id for hit in search("招生").hits}
    assert search("招生").total == 6


def test_rebuild_replays_withdrawals_made_meanwhile(publish, head_a):
    keep = publish("招生通知甲", "招生。")
    gone = publish("招生通知乙", "招生。")

    def withdraw_midway(done: int, total: int) -> None:
        if done == 1:
            services.withdraw_document(by=head_a, at=AT, document=gone, reason="有误")
            indexing.on_documents_changed([gone.pk])

    indexing.rebuild(batch_size=1, progress=withdraw_midway)
    assert [hit.id for hit in search("招生").hits] == [keep.pk]


def test_validity_date_written(publish):
    document = publish("规范性文件", "正文。", written_date=date(2024, 1, 2))
    assert search("规范性文件").hits[0].date == document.published_at.date().isoformat()


def test_validity_change_reaches_the_index_through_the_periodic_job(publish, officer_a):
    from zwgk.core import periodic
    from zwgk.documents import normative

    document = publish("关于规范招生秩序的规定", "招生。")
    normative.set_normative_record(
        by=officer_a,
        at=AT,
        document=document,
        unified_number="CQTL-2026-001",
        valid_from=date(2026, 3, 2),
    )
    indexing.sync_documents([document.pk])
    assert titles("招生", validity="valid") == ["关于规范招生秩序的规定"]
    later = AT + timedelta(days=30)
    normative.change_validity(by=officer_a, at=later, document=document, validity="repealed")
    assert titles("招生", validity="repealed") == []  # no event for this change …
    assert "search.refresh_validity" in periodic.registered()
    assert indexing.refresh_changed_validity(at=later + timedelta(hours=1)) == 1  # … the job
    assert titles("招生", validity="repealed") == ["关于规范招生秩序的规定"]
    assert titles("招生", validity="valid") == []
    # old changes are not re-indexed again and again
    assert indexing.refresh_changed_validity(at=later + timedelta(days=5)) == 0
