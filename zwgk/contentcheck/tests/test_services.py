"""Writes to the dictionaries: one entry at a time and CSV imports, each audited, all or nothing,
and the compiled checker follows every change."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zwgk.contentcheck import csvio, selectors, services
from zwgk.contentcheck.models import DictionaryRevision, LeaderTitle, SensitiveWord, WrongExpression
from zwgk.core.errors import PermissionDeniedError
from zwgk.core.models import AuditEvent

WORDS_HEADER = "词语,类别,状态\n"


def now():
    return timezone.now()


def add_word(by, word="违禁词", category="测试类"):
    return services.add_entry(
        by=by, at=now(), kind="words", values={"word": word, "category": category}
    )


def rules_in(text):
    return [(f.rule, f.excerpt) for f in selectors.get_checker().check(text)]


# --- one entry ---------------------------------------------------------------------------------


def test_add_word_is_audited_and_checked_at_once(supervisor):
    assert rules_in("这里有违禁词。") == []
    entry = add_word(supervisor)
    assert (entry.word, entry.category, entry.is_active) == ("违禁词", "测试类", True)
    event = AuditEvent.objects.get(action="contentcheck.sensitive_word.added")
    assert event.actor_id == supervisor.pk
    assert event.after == {"word": "违禁词", "category": "测试类"}
    assert event.target_label == "违禁词（测试类）"
    assert rules_in("这里有违禁词。") == [("sensitive.word", "违禁词")]


def test_values_are_cleaned_before_saving(supervisor):
    entry = add_word(supervisor, word="  违禁词 ", category="  政治  类 ")
    assert (entry.word, entry.category) == ("违禁词", "政治 类")


@pytest.mark.parametrize(
    ("kind", "values", "field", "message"),
    [
        ("words", {"word": ""}, "word", "缺少词语"),
        ("words", {"word": "词"}, "word", "词语“词”太短，至少 2 个字"),
        ("words", {"word": "违 禁"}, "word", "词语“违 禁”中不能有空格"),
        ("words", {"word": "违禁\x00词"}, "word", "词语含有不可见的控制字符"),
        ("words", {"word": "长" * 51}, "word", "词语超过 50 个字"),
        ("expressions", {"wrong": "布署", "right": "布署"}, "right", "正确写法与错误写法相同"),
        ("expressions", {"wrong": "布署", "right": ""}, "right", "缺少正确写法"),
        ("leaders", {"name": "张三", "title": ""}, "title", "缺少职务"),
    ],
)
def test_invalid_values_are_refused_with_the_field(supervisor, kind, values, field, message):
    with pytest.raises(services.EntryError) as caught:
        services.add_entry(by=supervisor, at=now(), kind=kind, values=values)
    assert caught.value.problems[field] == message
    assert not AuditEvent.objects.filter(action__startswith="contentcheck.").exists()
    assert not DictionaryRevision.objects.exists()


def test_duplicates_are_refused_and_a_deactivated_one_is_named(supervisor):
    entry = add_word(supervisor)
    with pytest.raises(services.EntryError, match="词语“违禁词”已在列表中"):
        add_word(supervisor)
    services.set_entry_active(by=supervisor, at=now(), kind="words", pk=entry.pk, active=False)
    with pytest.raises(services.EntryError, match="已停用），请重新启用它"):
        add_word(supervisor)
    assert SensitiveWord.objects.count() == 1


def test_unit_staff_may_not_write(officer_a, head_a):
    for user in (officer_a, head_a, None):
        with pytest.raises(PermissionDeniedError):
            add_word(user)
    assert not SensitiveWord.objects.exists()


def test_change_entry_audits_only_what_changed_and_renames(supervisor):
    entry = services.add_entry(
        by=supervisor, at=now(), kind="leaders", values={"name": "张三", "title": "副区长"}
    )
    assert rules_in("区长张三出席") == [("expression.leader_title", "区长张三")]
    services.change_entry(
        by=supervisor,
        at=now(),
        kind="leaders",
        pk=entry.pk,
        values={"name": "张三", "title": "区长"},
    )
    event = AuditEvent.objects.get(action="contentcheck.leader.changed")
    assert (event.before, event.after) == ({"title": "副区长"}, {"title": "区长"})
    assert rules_in("区长张三出席") == []
    # Unchanged values: nothing written, nothing audited.
    services.change_entry(
        by=supervisor,
        at=now(),
        kind="leaders",
        pk=entry.pk,
        values={"name": "张三", "title": "区长"},
    )
    assert AuditEvent.objects.filter(action="contentcheck.leader.changed").count() == 1


def test_change_to_an_existing_key_is_refused(supervisor):
    add_word(supervisor, word="甲乙")
    other = add_word(supervisor, word="丙丁")
    with pytest.raises(services.EntryError, match="词语“甲乙”已在列表中"):
        services.change_entry(
            by=supervisor, at=now(), kind="words", pk=other.pk, values={"word": "甲乙"}
        )
    other.refresh_from_db()
    assert other.word == "丙丁"


def test_deactivate_and_reactivate(supervisor):
    entry = add_word(supervisor)
    services.set_entry_active(by=supervisor, at=now(), kind="words", pk=entry.pk, active=False)
    assert rules_in("违禁词") == []
    services.set_entry_active(by=supervisor, at=now(), kind="words", pk=entry.pk, active=False)
    services.set_entry_active(by=supervisor, at=now(), kind="words", pk=entry.pk, active=True)
    assert rules_in("违禁词") == [("sensitive.word", "违禁词")]
    assert list(
        AuditEvent.objects.filter(action__startswith="contentcheck.sensitive_word.")
        .order_by("seq")
        .values_list("action", flat=True)
    ) == [
        "contentcheck.sensitive_word.added",
        "contentcheck.sensitive_word.deactivated",
        "contentcheck.sensitive_word.reactivated",
    ]


def test_checker_follows_a_change_made_at_an_earlier_time(supervisor):
    """The revision moves even when the change's time is not the newest (clock skew)."""
    entry = add_word(supervisor)
    services.add_entry(
        by=supervisor, at=now() + timedelta(hours=1), kind="words", values={"word": "后来的"}
    )
    assert rules_in("违禁词")
    services.change_entry(
        by=supervisor,
        at=now() - timedelta(days=1),
        kind="words",
        pk=entry.pk,
        values={"word": "新词语", "category": ""},
    )
    assert rules_in("违禁词新词语") == [("sensitive.word", "新词语")]


def test_an_entry_with_the_same_wrong_form_as_the_built_in_list_wins(supervisor):
    services.add_entry(
        by=supervisor, at=now(), kind="expressions", values={"wrong": "布署", "right": "部属"}
    )
    assert [f.suggestion for f in selectors.get_checker().check("布署")] == ["部属"]


# --- CSV import --------------------------------------------------------------------------------


def import_words(by, text, encoding="utf-8"):
    return services.import_entries(by=by, at=now(), kind="words", data=text.encode(encoding))


def test_import_adds_updates_and_leaves_others_alone(supervisor):
    add_word(supervisor, word="旧词语", category="旧")
    add_word(supervisor, word="不在文件中", category="")
    result = import_words(
        supervisor, WORDS_HEADER + "旧词语,新类别,停用\n新词语,,\n另一个词,广告法,启用\n"
    )
    assert (result.added, result.changed, result.unchanged) == (
        ["新词语", "另一个词"],
        ["旧词语"],
        0,
    )
    rows = {w.word: (w.category, w.is_active) for w in SensitiveWord.objects.all()}
    assert rows == {
        "旧词语": ("新类别", False),
        "新词语": ("", True),
        "另一个词": ("广告法", True),
        "不在文件中": ("", True),
    }
    event = AuditEvent.objects.get(action="contentcheck.sensitive_word.imported")
    assert event.after["added_keys"] == ["新词语", "另一个词"]
    assert event.after["changed"] == 1
    assert rules_in("新词语") == [("sensitive.word", "新词语")]
    # The same file again changes nothing and writes no audit row.
    again = import_words(
        supervisor, WORDS_HEADER + "旧词语,新类别,停用\n新词语,,\n另一个词,广告法,启用\n"
    )
    assert (again.added, again.changed, again.unchanged) == ([], [], 3)
    assert AuditEvent.objects.filter(action="contentcheck.sensitive_word.imported").count() == 1


def test_import_reads_gbk_as_excel_writes_it(supervisor):
    import_words(supervisor, "词语,类别\r\n违禁词,政治类\r\n", encoding="gbk")
    assert SensitiveWord.objects.get().category == "政治类"


def test_import_reports_every_bad_row_and_changes_nothing(supervisor):
    add_word(supervisor, word="已有词", category="原类别")
    text = WORDS_HEADER + "好词语,,\n词,,\n\n已有词,改了,\n好词语,,\n坏状态,,删除\n"
    with pytest.raises(services.ListImportError) as caught:
        import_words(supervisor, text)
    assert caught.value.errors == [
        "第 3 行：词语“词”太短，至少 2 个字。",
        "第 6 行：词语“好词语”与第 2 行重复。",
        "第 7 行：状态“删除”无效，只能是“启用”或“停用”。",
    ]
    assert caught.value.message == "发现 3 处错误，未作任何更改。"
    assert list(SensitiveWord.objects.values_list("word", "category")) == [("已有词", "原类别")]
    assert not AuditEvent.objects.filter(action="contentcheck.sensitive_word.imported").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件是空的"),
        ("词,类别\n违禁词,\n".encode(), "表头缺少“词语”列"),
        ("词语,类别,备注\n".encode(), "表头有无法识别的列：备注"),
        ("词语,词语\n".encode(), "“词语”列出现了不止一次"),
        ("词语,类别\n".encode(), "文件中没有数据行"),
        (b"\xff\xfe\x00\x00\xff", "无法识别文件编码"),
        (b"a" * (csvio.MAX_BYTES + 1), "文件太大"),
    ],
)
def test_import_refuses_unreadable_files(supervisor, data, message):
    with pytest.raises(services.DomainError, match=message):
        services.import_entries(by=supervisor, at=now(), kind="words", data=data)
    assert not SensitiveWord.objects.exists()


def test_import_of_expressions_and_leaders(supervisor):
    services.import_entries(
        by=supervisor,
        at=now(),
        kind="expressions",
        data="错误写法,正确写法\n按步就班,按部就班\n".encode(),
    )
    services.import_entries(
        by=supervisor, at=now(), kind="leaders", data="职务,姓名\n区委常委、副区长,李四\n".encode()
    )
    assert WrongExpression.objects.get().right == "按部就班"
    assert LeaderTitle.objects.get().title == "区委常委、副区长"
    assert rules_in("副区长李四，区长李四") == [("expression.leader_title", "区长李四")]


def test_export_then_import_round_trips_including_formula_like_values(supervisor):
    add_word(supervisor, word="=1+2", category="@类别")
    entry = add_word(supervisor, word="-号开头", category="")
    services.set_entry_active(by=supervisor, at=now(), kind="words", pk=entry.pk, active=False)
    from zwgk.contentcheck.lists import WORDS

    text = csvio.write(WORDS.headers, selectors.export_rows(supervisor, WORDS))
    assert "'=1+2,'@类别,启用" in text
    SensitiveWord.objects.all().delete()
    import_words(supervisor, text)
    assert sorted(SensitiveWord.objects.values_list("word", "category", "is_active")) == [
        ("-号开头", "", False),
        ("=1+2", "@类别", True),
    ]


def test_unit_staff_may_not_import(officer_a):
    with pytest.raises(PermissionDeniedError):
        import_words(officer_a, WORDS_HEADER + "违禁词,,\n")
    assert not SensitiveWord.objects.exists()
