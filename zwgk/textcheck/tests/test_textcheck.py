"""textcheck rules, table-driven. No database: the package is pure Python."""

import pickle

import pytest

from zwgk.textcheck import Checker, Dictionaries, Severity, check_text
from zwgk.textcheck.expressions import Leader
from zwgk.textcheck.pii import ID_CHECK, ID_WEIGHTS, is_id_number, luhn_ok
from zwgk.textcheck.uscc import check_character


def with_id_check(first17: str) -> str:
    return (
        first17 + ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]
    )


def with_luhn(body: str) -> str:
    return next(body + str(d) for d in range(10) if luhn_ok(body + str(d)))


VALID_ID = with_id_check("50022419900101123")  # 重庆 region, born 1990-01-01
VALID_CARD = with_luhn("622202020011223344")
USCC = "11500151MB1A2B3C4" + check_character("11500151MB1A2B3C4")


def rules(text: str, dictionaries: Dictionaries | None = None) -> list[tuple[str, str]]:
    return [(f.rule, text[f.start : f.end]) for f in check_text(text, dictionaries)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"身份证号{VALID_ID}。", [("pii.id_card", VALID_ID)]),
        (f"身份证号{VALID_ID[:-1]}{'0' if VALID_ID[-1] != '0' else '1'}。", []),  # bad check digit
        ("号码500224199013011234", []),  # month 13
        ("旧号码500224900101123。", [("pii.id_card", "500224900101123")]),
        ("旧号码990224900101123。", []),  # no such province
        ("手机13812345678。", [("pii.mobile", "13812345678")]),
        (
            "手机 138 1234 5678 或 138-1234-5678",
            [("pii.mobile", "138 1234 5678"), ("pii.mobile", "138-1234-5678")],
        ),
        ("办公电话023-45678901，传真（023）45671234", []),
        ("电话12345678901", []),  # 12x is not a mobile prefix
        (f"账户{VALID_CARD}", [("pii.bank_card", VALID_CARD)]),
        (f"账户{VALID_CARD[:-1]}{(int(VALID_CARD[-1]) + 1) % 10}", []),  # Luhn fails
        (f"统一社会信用代码：{USCC}", []),
        (f"索引号：{USCC}/2025-00001", []),
        ("铜府办发〔2019〕16号", []),
        ("2025年全区生产总值123456789012元", []),
    ],
)
def test_personal_data(text, expected):
    assert rules(text) == expected


def test_personal_data_is_masked_and_blocks():
    finding = check_text(f"身份证{VALID_ID}")[0]
    assert finding.excerpt == VALID_ID[:4] + "*" * 10 + VALID_ID[-4:]
    assert finding.severity is Severity.BLOCK
    mobile = check_text("手机13812345678")[0]
    assert mobile.excerpt == "138****5678"


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        ("机密★1年\n关于……的通知", ["机密★1年"]),
        ("秘密★", ["秘密★"]),
        ("绝密★长期", ["绝密★长期"]),
        ("★机密", ["★机密"]),
        ("密级：秘密", ["密级：秘密"]),
        ("密级：机密★6个月", ["密级：机密★6个月"]),
        ("  绝密  \n正文", ["绝密"]),
        ("严格保守国家秘密和工作秘密，保护商业秘密。", []),
        ("这是机密文件吗？", []),
    ],
)
def test_secrecy_marks(text, marks):
    found = [f for f in check_text(text) if f.rule == "secret.mark"]
    assert [text[f.start : f.end] for f in found] == marks
    assert all(f.severity is Severity.BLOCK for f in found)


def test_sensitive_words_and_wrong_forms_with_offsets_after_emoji():
    text = "😀认真布署，贯切落实，不得出现违禁词。"
    d = Dictionaries(sensitive_words={"违禁词": "测试类"})
    found = check_text(text, d)
    assert [(f.rule, text[f.start : f.end], f.suggestion or f.note) for f in found] == [
        ("expression.wrong_form", "布署", "部署"),
        ("expression.wrong_form", "贯切", "贯彻"),
        ("sensitive.word", "违禁词", "测试类"),
    ]


def test_overlapping_dictionary_entries_are_all_reported():
    d = Dictionaries(sensitive_words={"甲乙": "a", "乙丙": "b"}, wrong_forms={})
    assert [f.excerpt for f in check_text("甲乙丙", d)] == ["甲乙", "乙丙"]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("副区长张三出席会议", []),
        ("区长张三出席会议", ["区长张三"]),
        ("张三区长出席会议", ["张三区长"]),
        ("张三同志出席会议", []),
    ],
)
def test_leader_with_wrong_title(text, flagged):
    d = Dictionaries(leaders=[Leader("张三", "副区长")])
    found = [f for f in check_text(text, d) if f.rule == "expression.leader_title"]
    assert [text[f.start : f.end] for f in found] == flagged
    assert all(f.suggestion == "张三（副区长）" for f in found)


def test_checker_is_reusable_and_empty_dictionaries_work():
    checker = Checker(Dictionaries(wrong_forms={}))
    assert checker.check("") == []
    assert checker.check("普通的政务信息。") == []


def test_a_pickled_checker_is_the_same_checker_rebuilt():
    # the crawler ships the district's checker to its parsing processes this way
    leaders = (leader for leader in [Leader("张三", "副区长")])  # an iterable read once
    checker = Checker(Dictionaries(sensitive_words={"赌博": "违法"}, leaders=leaders))
    text = f"区长张三谈赌博危害，身份证号{VALID_ID}。"
    rebuilt = pickle.loads(pickle.dumps(checker.check))  # noqa: S301 - our own bytes
    expected = ["expression.leader_title", "sensitive.word", "pii.id_card"]
    assert [f.rule for f in checker.check(text)] == expected
    assert rebuilt(text) == checker.check(text)


def test_is_id_number_examples():
    assert is_id_number(VALID_ID)
    assert not is_id_number("11010519491231002")  # 17 digits
