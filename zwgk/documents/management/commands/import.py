"""`zwgk import KIND FILE`: bring existing records into zwgk from a spreadsheet.

    zwgk import documents 目录.xlsx --unit tlq-jw [--dry-run] [--by USERNAME]

Each kind is supplied by an app: any installed app whose module `<app>.importer` has a list
`IMPORTERS` adds one subcommand per entry (so `zwgk import requests FILE` comes with the app
that owns 依申请公开, without changing this file). An entry has

    name: str                                   the KIND on the command line
    help: str
    add_arguments(parser) -> None               its own options (FILE, --dry-run, --by are common)
    run(*, data, filename, options, by, at, dry_run, progress) -> list[str]
                                                lines to print on success

`run` raises a DomainError whose message (and `errors`, a list of per-row messages in Chinese,
if it has one) is printed on stderr; the command then exits non-zero. `progress(items, label,
total)` wraps an iterable in a tqdm bar on stderr (silent when stderr is not a terminal).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import datetime
from importlib import import_module
from pathlib import Path
from typing import Any, Protocol

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from tqdm import tqdm

from zwgk.core.errors import DomainError

MAX_LISTED_ERRORS = 200


class Importer(Protocol):
    name: str
    help: str

    def add_arguments(self, parser: CommandParser) -> None: ...

    def run(
        self,
        *,
        data: bytes,
        filename: str,
        options: dict[str, Any],
        by: Any,
        at: datetime,
        dry_run: bool,
        progress: Any,
    ) -> list[str]: ...


def discover_importers() -> dict[str, Importer]:
    found: dict[str, Importer] = {}
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "importer"):
            continue
        module = import_module(f"{config.name}.importer")
        for importer in getattr(module, "IMPORTERS", ()):
            if importer.name in found:
                raise RuntimeError(f"two importers are called {importer.name!r}")
            found[importer.name] = importer
    return found


def _progress(items: Iterable[Any], label: str, total: int) -> Iterable[Any]:
    return tqdm(items, desc=label, total=total, unit="项", file=sys.stderr, disable=None)


class Command(BaseCommand):
    help = "Import existing records from a spreadsheet: zwgk import KIND FILE [--dry-run]."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        for importer in discover_importers().values():
            sub = kinds.add_parser(importer.name, help=importer.help)
            sub.add_argument("file", help="the file to import")
            sub.add_argument("--dry-run", action="store_true", help="check only, write nothing")
            sub.add_argument("--by", default="", help="username recorded as the actor")
            sub.add_argument(
                "--max-errors",
                type=int,
                default=MAX_LISTED_ERRORS,
                help="list at most this many problems",
            )
            importer.add_arguments(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        importer = discover_importers()[options["kind"]]
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"无法读取文件 {path}：{error.strerror}。") from None
        by = None
        if options["by"]:
            user_model = get_user_model()
            try:
                by = user_model._default_manager.get_by_natural_key(options["by"])
            except user_model.DoesNotExist:
                raise CommandError(f"没有用户名为“{options['by']}”的用户。") from None
        try:
            lines = importer.run(
                data=data,
                filename=path.name,
                options=options,
                by=by,
                at=timezone.now(),
                dry_run=options["dry_run"],
                progress=_progress,
            )
        except DomainError as error:
            errors = list(getattr(error, "errors", []))
            limit = max(options["max_errors"], 0)
            shown = errors[:limit]
            if len(errors) > limit:
                shown.append(f"……另有 {len(errors) - limit} 处错误未列出（--max-errors）。")
            raise CommandError("\n".join([error.message, *shown])) from error
        for line in lines:
            self.stdout.write(line)
