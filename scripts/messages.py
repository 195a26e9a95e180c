#!/usr/bin/env python3
"""Translation catalogues: each app keeps its own in <app>/locale/zh_Hans; root templates use
./locale. English msgids in code, Simplified Chinese for the user.

  python scripts/messages.py make [APP ...]   extract strings (APP = core, orgs, portal …; root = .)
  python scripts/messages.py fill APP FILE.json  extract APP's strings, then set msgstr for each
                                              {"English msgid": "中文"} in FILE (clears fuzzy)
  python scripts/messages.py check            fail on any untranslated or fuzzy entry

`make` and `fill` hold a lock, so several people can work on one catalogue at once.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DJANGO_ADMIN = [
    sys.executable,
    "-P",
    "-m",
    "django",
]  # -P: an app's selectors.py must not shadow the stdlib
IGNORES = [
    "--ignore=.venv",
    "--ignore=var",
    "--ignore=tests",
    "--ignore=*/tests/*",
    "--ignore=bench",
]


def catalogue_dirs() -> dict[str, Path]:
    dirs = {"root": ROOT}
    for app in sorted((ROOT / "zwgk").iterdir()):
        if (app / "apps.py").exists():
            dirs[app.name] = app
    return dirs


def make(names: list[str]) -> int:
    dirs = catalogue_dirs()
    for name in names or list(dirs):
        where = dirs[name]
        (where / "locale" / "zh_Hans" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
        extra = ["--ignore=zwgk/*"] if name == "root" else []
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", PYTHONPATH=str(ROOT))
        subprocess.run(
            [
                *DJANGO_ADMIN,
                "makemessages",
                "-l",
                "zh_Hans",
                "--no-obsolete",
                "--no-location",
                "--no-wrap",
                *IGNORES,
                *extra,
            ],
            cwd=where,
            check=True,
            env=env,
        )
        _fix_header(where / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    return 0


def _fix_header(po: Path) -> None:
    """makemessages marks a new catalogue's header fuzzy, which msgfmt would then ignore."""
    text = po.read_text(encoding="utf-8")
    head, sep, rest = text.partition('msgid ""\n')
    head = head.replace("#, fuzzy\n", "")
    rest = rest.replace(
        '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"',
        '"Plural-Forms: nplurals=1; plural=0;\\n"',
    )
    rest = rest.replace('"Language-Team: LANGUAGE <LL@li.org>\\n"', '"Language-Team: zwgk\\n"')
    po.write_text(head + sep + rest, encoding="utf-8")


def _unquote(text: str) -> str:
    return json.loads(text)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def fill(name: str, mapping_file: str) -> int:
    """Extract and translate under one lock; entries not in the mapping are left as they are."""
    mapping: dict[str, str] = json.loads(Path(mapping_file).read_text(encoding="utf-8"))
    where = catalogue_dirs()[name]
    po = where / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    with open(ROOT / "locale" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        make([name])
        lines = po.read_text(encoding="utf-8").splitlines()
        out: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if (
                line.startswith("msgid ")
                and i + 1 < len(lines)
                and lines[i + 1].startswith("msgstr ")
            ):
                msgid = _unquote(line[6:])
                if msgid in mapping:
                    while out and out[-1].startswith("#| "):  # previous msgid of a fuzzy match
                        out.pop()
                    if out and out[-1].startswith("#,") and "fuzzy" in out[-1]:
                        flags = [f.strip() for f in out[-1][2:].split(",") if f.strip() != "fuzzy"]
                        out.pop()
                        if flags:
                            out.append("#, " + ", ".join(flags))
                    out.append(line)
                    out.append("msgstr " + _quote(mapping[msgid]))
                    i += 2
                    continue
            out.append(line)
            i += 1
        po.write_text("\n".join(out) + "\n", encoding="utf-8")
    return 0


def _entries(po: Path) -> dict[str, str]:
    lines = po.read_text(encoding="utf-8").splitlines()
    found = {}
    for i, line in enumerate(lines[:-1]):
        if line.startswith('msgid "') and lines[i + 1].startswith('msgstr "'):
            msgid = _unquote(line[6:])
            if msgid:
                found[msgid] = _unquote(lines[i + 1][7:])
    return found


def _conflicts() -> int:
    """Django merges every app's catalogue and the first app wins, so one msgid translated two
    ways means one app shows the other's word. Such msgids must be made distinct."""
    seen: dict[str, dict[str, str]] = {}
    for po in sorted(ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")):
        if ".venv" in po.parts:
            continue
        for msgid, msgstr in _entries(po).items():
            seen.setdefault(msgid, {})[str(po.relative_to(ROOT).parts[:2])] = msgstr
    count = 0
    for msgid, versions in sorted(seen.items()):
        if len(set(versions.values())) > 1:
            print(f"conflict: {msgid!r} is translated differently: {versions}")
            count += 1
    return count


def check() -> int:
    problems = 0
    for po in sorted(ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")):
        if ".venv" in po.parts:
            continue
        for flag, label in (("--untranslated", "untranslated"), ("--only-fuzzy", "fuzzy")):
            out = subprocess.run(
                ["msgattrib", flag, "--no-wrap", str(po)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            ids = [
                line
                for line in out.splitlines()
                if line.startswith("msgid ") and line != 'msgid ""'
            ]
            for line in ids:
                print(f"{po.relative_to(ROOT)}: {label}: {line[6:]}")
            problems += len(ids)
    problems += _conflicts()
    if problems:
        print(f"{problems} translation problem(s); run `make messages` and translate them.")
        return 1
    print("translations complete")
    return 0


if __name__ == "__main__":
    command, *rest = sys.argv[1:] or ["check"]
    if command == "make":
        sys.exit(make(rest))
    if command == "fill":
        sys.exit(fill(rest[0], rest[1]))
    sys.exit(check())
