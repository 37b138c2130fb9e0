"""Browser tests against a real demo server: migrate + seed_demo + runserver on loopback.

The server is a separate process on its own SQLite file (what `make run` serves), so the
tests see exactly what a quality officer sees, and no test flushes Wagtail's page tree.
"""

import contextlib
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from qms.demo_data import DEMO_PASSWORD
from tests.e2e import language_scan

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "e2e"
CHROMIUM = "/usr/bin/chromium"

# CI runs the browser suite after the unit and services suites on two cores: a final approval
# (stamp the PDF, notify, redirect to the 200 KB editor) can take longer than Playwright's 5 s
# default there, so assertions wait longer; a passing check returns as soon as it holds.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the demo server exited early")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback only
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the demo server did not answer in time")


@pytest.fixture(scope="session")
def demo_workdir(tmp_path_factory) -> Path:
    """Where the demo server keeps its SQLite file and media."""
    return tmp_path_factory.mktemp("demo")


@pytest.fixture(scope="session")
def demo_server(demo_workdir) -> Iterator[str]:
    workdir = demo_workdir
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("QMS_")},
        "DJANGO_SETTINGS_MODULE": "qms.settings.dev",
        "QMS_DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}",
        "QMS_MEDIA_ROOT": str(workdir / "media"),
        # Lets a test pose as another client address (tests/e2e/test_closed_doors.py).
        "QMS_TRUSTED_PROXIES": "127.0.0.1",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        subprocess.run(
            [*manage, *command],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            timeout=300,
        )
    port = _free_port()
    log = (workdir / "server.log").open("w")
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base + "/", server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, never a downloaded browser; no background traffic to the closed network.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def shot():
    """Save a full-page screenshot under artifacts/e2e/ (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def demo_db(demo_server, demo_workdir) -> Callable[..., list[tuple]]:
    """Read the demo server's database (read-only): what a screen cannot show, such as which
    revision a release froze. Writing stays with the server."""

    def query(sql: str, *params: Any) -> list[tuple]:
        uri = f"file:{demo_workdir / 'demo.sqlite3'}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=10)) as db:
            return db.execute(sql, params).fetchall()

    return query


def login(page: Page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in to the admin as a demo user (every demo account uses the demo password)."""
    page.goto(base + "/admin/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name=re.compile("Đăng nhập")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.fixture(autouse=True)
def no_csp_violations(request):
    """Fail any browser test whose page broke the Content-Security-Policy (qms.middleware)."""
    if "page" not in request.fixturenames:
        yield []
        return
    page = request.getfixturevalue("page")
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield violations
    assert violations == [], violations


@pytest.fixture(autouse=True)
def vietnamese_screens(request, monkeypatch):
    """Fail any browser test that showed True/False/None or an English label (issue 13).

    Every page of the test's contexts is scanned on load and on each change of its DOM
    (tests/e2e/language_scan.py); contexts a test opens itself are scanned too.
    """
    found: dict[str, list[str]] = {}
    pages = []
    if "page" in request.fixturenames:
        language_scan.install(request.getfixturevalue("context"), found)
        pages.append(request.getfixturevalue("page"))
    if "browser" in request.fixturenames:
        browser = request.getfixturevalue("browser")
        new_context = browser.new_context

        def scanned_context(*args, **kwargs):
            context = new_context(*args, **kwargs)
            language_scan.install(context, found)
            context.on("page", lambda page: pages.append(page))
            return context

        monkeypatch.setattr(browser, "new_context", scanned_context)
    yield found
    for page in pages:
        language_scan.report_now(page)
    assert found == {}, "\n".join(
        f"{path}: {'; '.join(problems)}" for path, problems in found.items()
    )
