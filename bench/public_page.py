"""Public procedure page vs a bare Wagtail page, same server, same run (issue #3, PF-01).

Prints `METRIC public_page_vs_bare_ratio`, `METRIC public_page_queries_1` and
`METRIC public_page_queries_25`. Uses a throwaway SQLite database with the demo data, a
gunicorn server on a free loopback port, and sequential requests (bounded count).
"""

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REQUESTS = 300


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _median_ms(url: str) -> float:
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
            response.read()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def _prepare(env: dict[str, str]) -> tuple[str, str, int, int]:
    """Seed, add a bare page and a procedure with 25 forms and releases; return urls and counts."""
    code = (
        "import django; django.setup()\n"
        "from bench._pages import prepare; print(prepare())\n"
    )
    out = (
        subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
            timeout=900,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    bare, rich, q1, q25 = out.split()
    return bare, rich, int(q1), int(q25)


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="qms-bench-page-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("QMS_")},
        "DJANGO_SETTINGS_MODULE": "qms.settings.dev",
        "QMS_DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "QMS_MEDIA_ROOT": str(workdir / "media"),
        # The cost of building the pages: the page cache would answer all but the first.
        "QMS_PORTAL_CACHE_SECONDS": "0",
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=600,
    )
    bare, rich, queries_1, queries_25 = _prepare(env)
    port = _free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "qms.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "qms.settings.dev"},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + bare, timeout=2).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        _median_ms(base + rich)  # warm up
        bare_ms, rich_ms = _median_ms(base + bare), _median_ms(base + rich)
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(f"METRIC public_page_ms {rich_ms:.2f} ms")
    print(f"METRIC bare_page_ms {bare_ms:.2f} ms")
    print(f"METRIC public_page_vs_bare_ratio {rich_ms / bare_ms:.2f} x")
    print(f"METRIC public_page_queries_1 {queries_1} queries")
    print(f"METRIC public_page_queries_25 {queries_25} queries")


if __name__ == "__main__":
    main()
