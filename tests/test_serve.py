"""`zwgk serve` and `zwgk worker` as a user runs them: real processes on a loopback port, with a
demo SQLite database of their own (never the test database or $DATABASE_URL)."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")

ZWGK = [sys.executable, "-c", "from zwgk.cli import main; main()"]


def _env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    env.update(
        ZWGK_DEMO="1",
        ZWGK_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="config.settings.base",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def _run(var_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command line
        [*ZWGK, *args], env=_env(var_dir), capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    var_dir = tmp_path_factory.mktemp("var")
    result = _run(var_dir, "migrate", "--no-input", "-v", "0")
    assert result.returncode == 0, result.stderr
    return var_dir


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> dict[int, str]:
    """Direct children of `pid` with their command lines, from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found[int(entry.name)] = cmdline
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class Server:
    def __init__(self, var_dir: Path) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            [*ZWGK, "serve", "--port", str(self.port), "--workers", "1"],
            env=_env(var_dir),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.output = b""

    def wait_for(self, text: str, timeout: float = 60) -> None:
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        while text.encode() not in self.output:
            left = deadline - time.monotonic()
            assert left > 0, self.output.decode()
            ready, _, _ = select.select([self.process.stdout], [], [], left)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 65536)
                assert chunk, f"serve exited early: {self.output.decode()}"
                self.output += chunk

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def server(migrated: Path) -> Iterator[Server]:
    running = Server(migrated)
    yield running
    running.stop()


def test_worker_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    result = _run(tmp_path, "worker", "--batch")

    assert result.returncode == 1
    assert "数据库尚未迁移" in result.stderr


def test_worker_batch_runs_the_queue_and_exits(migrated: Path) -> None:
    result = _run(migrated, "worker", "--batch", "-v", "2")

    assert result.returncode == 0, result.stderr
    assert "exiting gracefully" in result.stdout + result.stderr


def test_serve_prints_the_urls_serves_the_login_and_stops_on_sigterm(server: Server) -> None:
    server.wait_for("工作人员登录")
    children = _children(server.process.pid)
    assert any("gunicorn" in cmd for cmd in children.values())
    assert any(cmd.endswith(" worker ") for cmd in children.values())
    assert f"http://127.0.0.1:{server.port}/staff/login/" in server.output.decode()
    assert "README.md" in server.output.decode()

    url = f"http://127.0.0.1:{server.port}/staff/login/"
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
        assert "Content-Security-Policy" in response.headers

    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=40) == 0
    assert not any(_alive(pid) for pid in children)


def test_serve_stops_the_worker_and_fails_when_the_web_server_dies(server: Server) -> None:
    server.wait_for("工作人员登录")
    children = _children(server.process.pid)
    (gunicorn,) = [pid for pid, cmd in children.items() if "gunicorn" in cmd]

    os.kill(gunicorn, signal.SIGKILL)

    assert server.process.wait(timeout=40) == 1
    assert server.process.stderr is not None
    assert "网站服务进程意外退出" in server.process.stderr.read().decode()
    assert not any(_alive(pid) for pid in children)


def test_serve_refuses_a_port_in_use_at_once(migrated: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = _run(migrated, "serve", "--port", str(port))

    assert result.returncode == 1
    assert f"无法在 127.0.0.1:{port} 上监听" in result.stderr
    assert f"PORT={port + 1} make run" in result.stderr
