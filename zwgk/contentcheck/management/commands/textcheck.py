"""`zwgk textcheck FILE... [--json]`: the checks before publication, on files.

    zwgk textcheck 通知.txt 附件.docx          a table of findings per file
    zwgk textcheck *.txt --json > findings.json

Checks personal data, secrecy marks and the district's lists (sensitive words, wrong
expressions, leaders' titles; the lists in the database, as maintained at
/staff/contentcheck/). `--json` prints one JSON array of findings, each with `file`, `rule`,
`severity`, `start`, `end`, `line`, a masked `excerpt`, `suggestion` and `note`. For .txt files
(UTF-8, or GBK/GB18030 when not UTF-8) `start`/`end` are character offsets into the file's
text as read with that encoding (a byte-order mark counts as one character); for .docx, .pdf,
.xlsx and .ofd files they are offsets into the text extracted from the file
(zwgk/documents/attachments.py, the same extraction as for attachments).

Exit status 0 whether or not anything was found; 1 when a file is missing or cannot be read
(a Chinese message on stderr; the other files are still checked and reported).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import translation

from zwgk.contentcheck.presentation import rule_label
from zwgk.textcheck import Finding, Severity

TEXT_SUFFIXES = (".txt",)
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".xlsx", ".ofd")
MAX_TEXT_BYTES = 50 * 1024 * 1024
SEVERITY_NAMES = {Severity.BLOCK: "阻止发布", Severity.WARN: "需核对"}


class FileProblem(Exception):
    """A file that cannot be checked; the message is in Chinese."""


def read_text_file(path: Path) -> str:
    data = path.read_bytes()
    if len(data) > MAX_TEXT_BYTES:
        raise FileProblem(f"{path}：文件太大（超过 {MAX_TEXT_BYTES // 1024 // 1024} MB）。")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem(f"{path}：无法识别文件编码，请另存为 UTF-8 或 GBK 编码的文本文件。")


def read_document(path: Path) -> tuple[str, str]:
    """Extracted text and a note (empty, or why the text is incomplete)."""
    from zwgk.documents.attachments import AttachmentError, check_upload

    try:
        checked = check_upload(path.name, path.read_bytes())
    except AttachmentError as error:
        raise FileProblem(f"{path}：{error.message}") from None
    return checked.text.text, checked.text.note


def read_file(path: Path) -> tuple[str, str]:
    if not path.exists():
        raise FileProblem(f"文件不存在：{path}")
    if not path.is_file():
        raise FileProblem(f"不是文件：{path}")
    suffix = path.suffix.lower()
    try:
        if suffix in TEXT_SUFFIXES:
            return read_text_file(path), ""
        if suffix in DOCUMENT_SUFFIXES:
            return read_document(path)
    except OSError as error:
        raise FileProblem(f"无法读取文件 {path}：{error.strerror or error}") from None
    allowed = "、".join((*TEXT_SUFFIXES, *DOCUMENT_SUFFIXES))
    raise FileProblem(f"{path}：不支持的文件类型“{suffix or '（无扩展名）'}”，只支持 {allowed}。")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


class Command(BaseCommand):
    help = "Check text files (.txt) and documents (.docx, .pdf, .xlsx, .ofd) before publication."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help="print a JSON array of findings")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):  # rule labels in the UI language
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        from zwgk.contentcheck.selectors import get_checker

        try:
            checker = get_checker()
        except DatabaseError:
            raise CommandError(
                "无法读取检查词库：数据库尚未初始化，请先运行 zwgk migrate。"
            ) from None
        records: list[dict[str, Any]] = []
        failed = 0
        for name in options["files"]:
            path = Path(name)
            try:
                text, note = read_file(path)
            except FileProblem as problem:
                self.stderr.write(str(problem))
                failed += 1
                continue
            if note:
                self.stderr.write(f"{path}：{note}")
            findings = checker.check(text)
            if options["json"]:
                records.extend(self._record(name, text, finding) for finding in findings)
            else:
                self._print_table(name, text, findings)
        if options["json"]:
            self.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))
        if failed:
            raise CommandError(f"{failed} 个文件无法检查。", returncode=1)

    def _record(self, name: str, text: str, finding: Finding) -> dict[str, Any]:
        return {
            "file": name,
            "rule": finding.rule,
            "severity": str(finding.severity),
            "start": finding.start,
            "end": finding.end,
            "line": text.count("\n", 0, finding.start) + 1,
            "excerpt": finding.excerpt,
            "suggestion": finding.suggestion,
            "note": finding.note,
        }

    def _print_table(self, name: str, text: str, findings: list[Finding]) -> None:
        if not findings:
            self.stdout.write(f"{name}：未发现问题。")
            return
        blocking = sum(1 for f in findings if f.severity is Severity.BLOCK)
        warnings = len(findings) - blocking
        self.stdout.write(
            f"{name}：{len(findings)} 处（阻止发布 {blocking} 处，需核对 {warnings} 处）"
        )
        header = ("位置", "规则", "级别", "摘录", "建议")
        rows = []
        line, counted_to = 1, 0
        for finding in findings:
            line += text.count("\n", counted_to, finding.start)
            counted_to = finding.start
            column = finding.start - (text.rfind("\n", 0, finding.start) + 1) + 1
            rows.append(
                (
                    f"{line}:{column}",
                    f"{rule_label(finding.rule)} {finding.rule}",
                    SEVERITY_NAMES.get(finding.severity, str(finding.severity)),
                    finding.excerpt.replace("\n", "⏎"),
                    finding.suggestion or finding.note,
                )
            )
        widths = [max(_width(row[i]) for row in (header, *rows)) for i in range(len(header) - 1)]
        for row in (header, *rows):
            cells = [_pad(cell, widths[i]) for i, cell in enumerate(row[:-1])]
            self.stdout.write("  " + "  ".join([*cells, row[-1]]).rstrip())
