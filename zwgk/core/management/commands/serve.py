"""`zwgk serve`: the web server (gunicorn) and the background worker (`zwgk worker`) together.

Both run as child processes of this command. It prints where to go, forwards SIGINT/SIGTERM to
both children and waits for them; if either child dies on its own, it stops the other one and
exits non-zero, so that a supervisor (systemd, `make run`) notices. Production runs the two as
separate services instead (deploy/zwgk-web.service, deploy/zwgk-worker.service).

It does not migrate or collect static files: `make run` does that before starting it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .worker import require_migrated_database

STOP_TIMEOUT = 25.0  # seconds a child gets to finish its current request or task
POLL_INTERVAL = 0.2


def _die_with_parent() -> None:
    """Runs in the child before exec: on Linux, ask for SIGTERM when this command dies, so that
    a SIGKILLed `zwgk serve` leaves no orphaned server behind."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)


def _connect_host(host: str) -> str:
    """Where to reach a server bound to `host` from this machine."""
    # A comparison, not a bind (ruff S104 and bandit B104 cannot tell the difference).
    if host in {"0.0.0.0", ""}:  # noqa: S104  # nosec B104
        return "127.0.0.1"
    if host == "::":
        return "::1"
    return host.strip("[]")


def _require_free_port(host: str, port: int) -> None:
    """Fail at once with a clear message when the port is taken (gunicorn would retry for five
    seconds, and the readiness check would mistake the other server for ours)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as error:
            message = _(
                "Cannot listen on %(host)s:%(port)s (%(reason)s). Choose another port, "
                "e.g. PORT=%(other)s make run or zwgk serve --port %(other)s."
            )
            raise CommandError(
                message % {"host": host, "port": port, "reason": error.strerror, "other": port + 1}
            ) from error


def _label(name: str) -> str:
    return {"web": _("web server"), "worker": _("background worker")}.get(name, name)


def _port(value: str) -> int:
    port = int(value)
    if not 0 < port < 65536:
        raise ValueError(value)
    return port


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Serve zwgk with gunicorn and run the background worker next to it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port",
            type=_port,
            default=_port(os.environ.get("PORT") or "8000"),
            help="TCP port (default: $PORT or 8000).",
        )
        parser.add_argument(
            "--host", default="127.0.0.1", help="Address to bind (default: 127.0.0.1)."
        )
        parser.add_argument(
            "--workers",
            type=_positive,
            default=2,
            help="Number of gunicorn worker processes (default: 2).",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the background worker (run `zwgk worker` elsewhere).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._serve(
                host=options["host"],
                port=options["port"],
                workers=options["workers"],
                with_worker=not options["no_worker"],
            )

    def _serve(self, *, host: str, port: int, workers: int, with_worker: bool) -> None:
        commands = {
            "web": [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                f"--bind=[{host.strip('[]')}]:{port}" if ":" in host else f"--bind={host}:{port}",
                f"--workers={workers}",
                "--access-logfile=-",
                f"--graceful-timeout={int(STOP_TIMEOUT) - 5}",
                "--timeout=60",
                # No control socket: it lives at a fixed path in $HOME, so two servers would clash.
                "--no-control-socket",
            ]
        }
        if with_worker:
            # `zwgk worker` in the same interpreter and environment as this command.
            commands["worker"] = [
                sys.executable,
                "-c",
                "from zwgk.cli import main; main()",
                "worker",
            ]

        require_migrated_database()
        _require_free_port(host, port)
        self._warn_if_static_missing()
        children: dict[str, subprocess.Popen[bytes]] = {}
        stop_signal: list[int] = []

        def on_signal(signum: int, frame: FrameType | None) -> None:
            stop_signal.append(signum)

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            for name, argv in commands.items():
                # Each child gets a process group of its own: a Ctrl-C reaches only this command,
                # which then stops the children once, gracefully (a second SIGINT would make the
                # worker abandon its task).
                children[name] = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                    argv, process_group=0, preexec_fn=_die_with_parent
                )
            failed = self._wait_until_listening(host, port, children, stop_signal)
            if failed is None and not stop_signal:
                self._print_banner(host, port, with_worker)
                failed = self._watch(children, stop_signal)
        finally:
            self._stop(children)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if failed:
            name, code = failed
            raise CommandError(
                _("The %(name)s exited unexpectedly (status %(code)s); stopped.")
                % {"name": _label(name), "code": code}
            )

    def _wait_until_listening(
        self,
        host: str,
        port: int,
        children: dict[str, subprocess.Popen[bytes]],
        stop_signal: list[int],
    ) -> tuple[str, int] | None:
        """Wait until gunicorn accepts connections, so that the URLs are printed when they work."""
        address = (_connect_host(host), port)
        deadline = time.monotonic() + 60
        while not stop_signal and time.monotonic() < deadline:
            for name, child in children.items():
                code = child.poll()
                if code is not None:
                    return name, code
            try:
                with socket.create_connection(address, timeout=POLL_INTERVAL):
                    return None
            except OSError:
                time.sleep(POLL_INTERVAL)
        return None

    def _watch(
        self, children: dict[str, subprocess.Popen[bytes]], stop_signal: list[int]
    ) -> tuple[str, int] | None:
        """Wait until a signal arrives (None) or a child exits on its own (its name, status)."""
        while not stop_signal:
            for name, child in children.items():
                code = child.poll()
                if code is not None:
                    return name, code
            time.sleep(POLL_INTERVAL)
        self.stderr.write(_("Stopping …"))
        return None

    def _stop(self, children: dict[str, subprocess.Popen[bytes]]) -> None:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for name, child in children.items():
            try:
                child.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stderr.write(
                    _("The %(name)s did not stop in time; killing it.") % {"name": _label(name)}
                )
                child.kill()
                child.wait()

    def _warn_if_static_missing(self) -> None:
        static_root = settings.STATIC_ROOT
        if static_root and not any(os.scandir(static_root) if os.path.isdir(static_root) else []):
            self.stderr.write(
                self.style.WARNING(
                    _(
                        "Static files have not been collected into %(path)s; "
                        "run `zwgk collectstatic` (make run does)."
                    )
                    % {"path": static_root}
                )
            )

    def _print_banner(self, host: str, port: int, with_worker: bool) -> None:
        shown = _connect_host(host)
        if ":" in shown:
            shown = f"[{shown}]"
        base = f"http://{shown}:{port}"
        try:
            login = reverse("workspace:login")
        except NoReverseMatch:
            login = "/staff/login/"
        lines = [
            "",
            _("zwgk is running:"),
            "  " + _("Public portal:  %(url)s") % {"url": f"{base}/"},
            "  " + _("Staff login:    %(url)s") % {"url": f"{base}{login}"},
            "  " + _("Demo logins: see the section “演示账号” in README.md."),
        ]
        if with_worker:
            lines.append("  " + _("The background worker is running as well."))
        lines.append("  " + _("Press Ctrl+C to stop."))
        lines.append("")
        self.stdout.write("\n".join(lines))
        self.stdout.flush()
