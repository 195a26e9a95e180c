"""`zwgk search rebuild | sync | status`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from zwgk.search import indexing


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("search", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_status_without_index(db):
    assert "尚无索引" in run("status")


def test_rebuild_then_status(publish):
    publish("招生通知", "招生。")
    publish("安全通知", "安全。")
    assert "索引了 2 份已发布文件" in run("rebuild", "--batch-size", "1")
    assert "（2 份文件）" in run("status")


def test_rebuild_rejects_a_bad_batch_size(db):
    with pytest.raises(CommandError, match="--batch-size"):
        run("rebuild", "--batch-size", "0")


def test_ctrl_c_says_the_live_index_is_intact(db, monkeypatch):
    def interrupted(**kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(indexing, "rebuild", interrupted)
    with pytest.raises(CommandError, match="线上索引未受影响") as error:
        run("rebuild")
    assert error.value.returncode == 130


def test_interrupted_rebuild_is_reported_by_status(publish):
    publish("招生通知", "招生。")
    publish("安全通知", "安全。")

    def stop(done: int, total: int) -> None:
        if done == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        indexing.rebuild(batch_size=1, progress=stop)
    assert "有未完成的重建" in run("status")
    assert "索引了 2 份" in run("rebuild")
    assert "有未完成的重建" not in run("status")


def test_sync_applies_pending_changes(publish):
    document = publish("招生通知", "招生。")
    index = indexing.get_index()
    index.record_changes([document.pk])
    assert "待处理的变动：1 份" in run("status")
    assert "处理了 1 份文件的变动" in run("sync")
    assert index.pending_changes() == []
