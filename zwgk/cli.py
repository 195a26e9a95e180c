"""The `zwgk` console command: Django's manage.py with the project's settings preselected.

The project's own verbs (`serve`, `worker`, `demo`, `workdays`, `audit` …) are management
commands of the apps, so `zwgk help` lists them next to Django's.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zwgk", *(sys.argv[1:] if argv is None else argv)])
