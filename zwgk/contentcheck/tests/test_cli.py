"""`zwgk textcheck FILE... [--json]`: output, offsets and exit codes."""

import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from zwgk.cli import main as zwgk_main
from zwgk.contentcheck import services
from zwgk.textcheck.tests.test_textcheck import VALID_ID

TEXT = f"\ufeff机密★1年\n关于布署工作的通知\n联系人身份证号{VALID_ID}，手机138 1234 5678。\n"


def run(*args):
    """In-process, as tests of other commands do: returns stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    call_command("textcheck", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_cli(*args, capsys):
    """Through the `zwgk` entry point, as a user runs it: returns stdout, stderr, exit status."""
    try:
        zwgk_main(["textcheck", *map(str, args)])
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return captured.out, captured.err, code


@pytest.fixture
def files(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(TEXT, encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("普通的政务信息。\n", encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("认真贯切落实违禁词。".encode("gbk"))
    return a, clean, gbk


def test_json_output_with_offsets_into_the_files_text(db, files, capsys, supervisor):
    services.add_entry(
        by=supervisor, at=timezone.now(), kind="words", values={"word": "违禁词", "category": "测"}
    )
    a, clean, gbk = files
    out, err, code = run_cli(a, clean, gbk, "--json", capsys=capsys)
    assert code == 0, err
    records = json.loads(out)
    assert [(r["file"], r["rule"], r["severity"]) for r in records] == [
        (str(a), "secret.mark", "block"),
        (str(a), "expression.wrong_form", "warn"),
        (str(a), "pii.id_card", "block"),
        (str(a), "pii.mobile", "block"),
        (str(gbk), "expression.wrong_form", "warn"),
        (str(gbk), "sensitive.word", "warn"),
    ]
    text = a.read_text(encoding="utf-8")  # the BOM is the first character
    assert [text[r["start"] : r["end"]] for r in records[:4]] == [
        "机密★1年",
        "布署",
        VALID_ID,
        "138 1234 5678",
    ]
    assert records[2]["excerpt"] == VALID_ID[:4] + "*" * 10 + VALID_ID[-4:]
    assert records[3]["excerpt"] == "138****5678"
    assert VALID_ID not in out and "1234 5678" not in out
    assert records[1]["suggestion"] == "部署" and records[1]["line"] == 2
    gbk_text = gbk.read_bytes().decode("gbk")
    assert [gbk_text[r["start"] : r["end"]] for r in records[4:]] == ["贯切", "违禁词"]
    assert set(records[0]) >= {"file", "rule", "severity", "start", "end", "excerpt"}


def test_nothing_found_is_an_empty_array_and_exit_0(db, files, capsys):
    _, clean, _ = files
    out, err, code = run_cli(clean, "--json", capsys=capsys)
    assert (json.loads(out), code, err) == ([], 0, "")


def test_table_output(db, files):
    a, clean, _ = files
    out, err = run(str(a), str(clean))
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == f"{a}：4 处（阻止发布 3 处，需核对 1 处）"
    assert lines[1].split() == ["位置", "规则", "级别", "摘录", "建议"]
    assert lines[2].split() == ["1:2", "密级标志", "secret.mark", "阻止发布", "机密★1年"]
    assert lines[3].split() == [
        "2:3",
        "错误表述",
        "expression.wrong_form",
        "需核对",
        "布署",
        "部署",
    ]
    assert "138****5678" in lines[5]
    assert lines[-1] == f"{clean}：未发现问题。"
    assert VALID_ID not in out


def test_missing_file_is_reported_in_chinese_with_a_non_zero_exit(db, files, capsys):
    a, _, _ = files
    out, err, code = run_cli(a.parent / "nope.txt", a, "--json", capsys=capsys)
    assert code == 1
    assert f"文件不存在：{a.parent / 'nope.txt'}" in err
    assert "1 个文件无法检查" in err
    assert len(json.loads(out)) == 4  # the other file is still checked


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.txt", b"\xff\xfe\xfa\x00\x81", "无法识别文件编码"),
        ("x.exe", b"MZ", "不支持的文件类型“.exe”"),
        ("fake.docx", b"not a zip", "无法识别文件类型"),
    ],
)
def test_unreadable_files(db, tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    _, err, code = run_cli(path, capsys=capsys)
    assert code == 1
    assert message in err


def test_a_directory_is_not_a_file(db, tmp_path, capsys):
    _, err, code = run_cli(tmp_path, capsys=capsys)
    assert code == 1 and "不是文件" in err


def test_docx_text_is_extracted_and_checked(db, tmp_path, capsys):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("秘密★")
    document.add_paragraph("联系人手机13812345678，认真贯切落实。")
    path = tmp_path / "通知.docx"
    document.save(str(path))
    out, err, code = run_cli(path, "--json", capsys=capsys)
    assert code == 0, err
    assert [r["rule"] for r in json.loads(out)] == [
        "secret.mark",
        "pii.mobile",
        "expression.wrong_form",
    ]


def test_no_arguments_is_a_usage_error(db, capsys):
    with pytest.raises(SystemExit) as caught:
        zwgk_main(["textcheck"])
    assert caught.value.code != 0
    assert "FILE" in capsys.readouterr().err
