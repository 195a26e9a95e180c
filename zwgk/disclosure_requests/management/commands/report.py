"""`zwgk report KIND …`: statistical reports computed from the records.

    zwgk report foi --year 2025 [--unit CODE | --district CODE] [--json]

Each kind is supplied by an app: any installed app whose module `<app>.reports` has a list
`REPORTS` adds one subcommand per entry (so `zwgk report annual` can come with the app that owns
the annual report, without changing this file). An entry has

    name: str                                  the KIND on the command line
    help: str
    add_arguments(parser) -> None              its own options
    run(*, options, at) -> ReportOutput        what to print

`ReportOutput` has `text` (printed on stdout), optionally `data` (bytes written to stdout's
binary stream instead, e.g. a DOCX or PDF) and `problems` (Chinese; printed on stderr, and
the command then exits non-zero, after printing the report). A DomainError's message is printed
on stderr and the command exits non-zero without output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from typing import Any, Protocol

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from zwgk.core.errors import DomainError


@dataclass
class ReportOutput:
    text: str
    problems: list[str] = field(default_factory=list)
    data: bytes = b""


class ReportKind(Protocol):
    name: str
    help: str

    def add_arguments(self, parser: CommandParser) -> None: ...

    def run(self, *, options: dict[str, Any], at: datetime) -> ReportOutput: ...


def discover_reports() -> dict[str, ReportKind]:
    found: dict[str, ReportKind] = {}
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "reports"):
            continue
        module = import_module(f"{config.name}.reports")
        for kind in getattr(module, "REPORTS", ()):
            if kind.name in found:
                raise RuntimeError(f"two reports are called {kind.name!r}")
            found[kind.name] = kind
    return found


class Command(BaseCommand):
    help = "Statistical reports from the records: zwgk report KIND [options]."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        for kind in discover_reports().values():
            kind.add_arguments(kinds.add_parser(kind.name, help=kind.help))

    def handle(self, *args: Any, **options: Any) -> None:
        kind = discover_reports()[options["kind"]]
        try:
            output = kind.run(options=options, at=timezone.now())
        except DomainError as error:
            raise CommandError(error.message) from error
        if output.data:
            stream = getattr(self.stdout._out, "buffer", None)
            if stream is None:
                raise CommandError("标准输出不接受二进制内容，请用 --output 指定文件。")
            stream.write(output.data)
            stream.flush()
        else:
            self.stdout.write(output.text)
        if output.problems:
            raise CommandError("\n".join(["校验未通过，不能发布：", *output.problems]))
