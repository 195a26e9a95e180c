"""The three editable lists behind textcheck, described once: their columns, CSV headers, labels,
audit names and the validation of one entry's values.

Views, forms, CSV import/export and services all read these descriptions, so a rule such as
"a word has at least two characters" lives in one place (`clean_values`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .models import DictionaryEntry, LeaderTitle, SensitiveWord, WrongExpression

# Statuses in the CSV files (a fixed file format, so Chinese constants, not translated msgids).
STATUS_HEADER = "状态"
ACTIVE = "启用"
INACTIVE = "停用"

_BLANK = re.compile(r"\s")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Column:
    field: str  # the model field
    header: str  # the CSV header: part of the file format, Chinese
    label: Any  # the UI label (lazy translation)
    max_length: int
    min_length: int = 1
    required: bool = True
    allow_spaces: bool = False
    help_text: Any = ""


@dataclass(frozen=True)
class DictionaryList:
    kind: str  # in URLs: words, expressions, leaders
    model: type[DictionaryEntry]
    columns: tuple[Column, ...]  # the first one is the unique key
    title: Any
    entry_label: Any
    audit_name: str  # contentcheck.<audit_name>.added …
    record_name: str  # the list's name in audit rows and file names (Chinese, stored)
    description: Any = ""

    @property
    def key(self) -> Column:
        return self.columns[0]

    @property
    def headers(self) -> tuple[str, ...]:
        return (*(c.header for c in self.columns), STATUS_HEADER)

    def values_of(self, entry: DictionaryEntry) -> dict[str, str]:
        return {c.field: getattr(entry, c.field) for c in self.columns}

    def display(self, values: Mapping[str, str]) -> str:
        """One entry in one line, for audit labels and messages."""
        key = values.get(self.key.field, "")
        rest = [values.get(c.field, "") for c in self.columns[1:]]
        rest = [value for value in rest if value]
        if self.kind == "expressions" and rest:
            return f"{key}→{rest[0]}"
        return f"{key}（{'，'.join(rest)}）" if rest else key


WORDS = DictionaryList(
    kind="words",
    model=SensitiveWord,
    columns=(
        Column("word", "词语", _("Word"), 50, min_length=2),
        Column(
            "category",
            "类别",
            _("Category"),
            30,
            required=False,
            allow_spaces=True,
            help_text=_("Optional, e.g. 政治类 or 广告法禁用词; shown to the reviewer."),
        ),
    ),
    title=_("Sensitive words"),
    entry_label=_("sensitive word"),
    audit_name="sensitive_word",
    record_name="敏感词库",
    description=_(
        "Words a reviewer must look at before anything is published. A finding is a warning: "
        "it does not block publication by itself."
    ),
)
EXPRESSIONS = DictionaryList(
    kind="expressions",
    model=WrongExpression,
    columns=(
        Column("wrong", "错误写法", _("Wrong form"), 50, min_length=2),
        Column("right", "正确写法", _("Right form"), 50),
    ),
    title=_("Wrong expressions"),
    entry_label=_("wrong expression"),
    audit_name="wrong_expression",
    record_name="错误表述库",
    description=_(
        "Known wrong forms of fixed expressions (布署 → 部署). The built-in list of common "
        "mistakes is always checked as well; an entry here with the same wrong form wins."
    ),
)
LEADERS = DictionaryList(
    kind="leaders",
    model=LeaderTitle,
    columns=(
        Column("name", "姓名", _("Leader's name"), 20, min_length=2),
        Column(
            "title",
            "职务",
            _("Correct title"),
            30,
            help_text=_("Several posts are separated by 、, e.g. 区委常委、副区长."),
        ),
    ),
    title=_("Leaders"),
    entry_label=_("leader"),
    audit_name="leader",
    record_name="领导姓名职务库",
    description=_(
        "Leaders' names with their correct titles: a name next to another title "
        "(区长张三 for the 副区长) is flagged."
    ),
)
LISTS: dict[str, DictionaryList] = {spec.kind: spec for spec in (WORDS, EXPRESSIONS, LEADERS)}


def get_list(kind: str) -> DictionaryList:
    """The description of a list; KeyError for an unknown kind."""
    return LISTS[kind]


def clean_values(
    spec: DictionaryList, raw: Mapping[str, Any]
) -> tuple[dict[str, str], dict[str, str]]:
    """Stripped values and the problems found, per field, in Chinese (nothing saved here)."""
    values: dict[str, str] = {}
    problems: dict[str, str] = {}
    for column in spec.columns:
        value = str(raw.get(column.field) or "").strip()
        if column.allow_spaces:
            value = " ".join(value.split())
        values[column.field] = value
        name = column.header
        if not value:
            if column.required:
                problems[column.field] = f"缺少{name}"
            continue
        if _CONTROL.search(value):
            problems[column.field] = f"{name}含有不可见的控制字符"
        elif not column.allow_spaces and _BLANK.search(value):
            problems[column.field] = f"{name}“{value}”中不能有空格"
        elif len(value) < column.min_length:
            problems[column.field] = f"{name}“{value}”太短，至少 {column.min_length} 个字"
        elif len(value) > column.max_length:
            problems[column.field] = f"{name}超过 {column.max_length} 个字"
    if spec is EXPRESSIONS and values["wrong"] and values["wrong"] == values["right"]:
        problems.setdefault("right", "正确写法与错误写法相同")
    return values, problems
