"""Leaders' names next to a title that is not theirs, for leaders with one or several posts."""

import pytest

from zwgk.textcheck import Dictionaries, check_text
from zwgk.textcheck.expressions import Leader

LEADERS = [Leader("张三", "副区长"), Leader("李四", "区委常委、副区长"), Leader("王五", "督导专员")]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("区委常委李四出席", []),
        ("副区长李四出席", []),
        ("区委常委、副区长李四出席", []),
        ("区长李四出席", ["区长李四"]),
        ("李四书记出席", ["李四书记"]),
        ("督导专员王五出席", []),  # a post missing from the title list is still recognised
        ("督导专员张三出席", ["督导专员张三"]),
        ("常务副区长张三出席", ["常务副区长张三"]),
    ],
)
def test_leader_titles(text, flagged):
    found = check_text(text, Dictionaries(leaders=LEADERS))
    assert [text[f.start : f.end] for f in found if f.rule == "expression.leader_title"] == flagged


def test_leaders_and_dictionary_words_in_one_text():
    text = "区长张三强调，认真布署违禁词，副区长张三、区长李四出席。"
    d = Dictionaries(sensitive_words={"违禁词": "类", "张三": "同名词"}, leaders=LEADERS)
    found = [(f.rule, text[f.start : f.end], f.suggestion or f.note) for f in check_text(text, d)]
    assert found == [
        ("expression.leader_title", "区长张三", "张三（副区长）"),  # 张三 is a listed word too
        ("sensitive.word", "张三", "同名词"),
        ("expression.wrong_form", "布署", "部署"),
        ("sensitive.word", "违禁词", "类"),
        ("sensitive.word", "张三", "同名词"),
        ("expression.leader_title", "区长李四", "李四（区委常委、副区长）"),
    ]
