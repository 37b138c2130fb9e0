"""The portal under a crowd, on the province dataset (issue 14 part 6).

Two gunicorn workers on a loopback port serve the province (PostgreSQL, Redis) to 20
concurrent clients (4 processes × 5 threads, a new connection per request as a sync worker
closes it); each URL is measured for a fixed time after a warm-up, all in the same run, in
ROUNDS interleaved windows; a ratio is the median of the ratios of the windows measured
side by side in each round.

With every cache off (``QMS_PORTAL_CACHE_SECONDS=0``, ``QMS_FRAGMENT_CACHE_SECONDS=0``: no page
and no fragment of one comes from a cache), the cost of building a page, as the
throughput of a bare Wagtail page over the page's (target ≤ 1.5 each):
``METRIC portal_home_vs_bare_ratio``, ``METRIC agency_page_vs_bare_ratio``,
``METRIC procedure_page_vs_bare_ratio``.
With the page cache on and warm, as in production, against a bare Django view returning a
constant through the same middleware (target ≤ 3 each):
``METRIC procedure_page_cached_vs_hello_ratio``, ``METRIC agency_page_cached_vs_hello_ratio``,
and ``METRIC portal_rps_procedure`` (cached procedure pages per second).

Needs PostgreSQL and Redis: ``scripts/with-services.sh .venv/bin/python bench/portal_load.py``.
Bounded: every server and client stops by itself (about four minutes after the dataset).
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from province import ensure_province, log  # noqa: E402 - after the sys.path line above

PROCESSES = 4
THREADS = 5  # 20 concurrent clients
WARMUP_S = 2.0
MEASURE_S = 3.0
# A shared machine's speed drifts within seconds. Each page is measured in a window right
# beside one of the reference page (the bare page, or the constant view), in turn before and
# after it, in every round; a ratio is the median of its rounds' side-by-side ratios, and a
# page's rate the median of its windows. One disturbed window, or a machine that slows down
# between the first rounds and the last, does not decide a ratio.
ROUNDS = 6
HOST = "127.0.0.1"


# -- the crowd ---------------------------------------------------------------------------


def _client(port: int, path: str, start: float, end: float) -> tuple[int, int]:
    """One process of the crowd: THREADS clients asking for ``path`` until ``end``."""
    done = [0, 0]
    lock = threading.Lock()

    def run() -> None:
        ok = bad = 0
        while time.time() < start:
            time.sleep(0.001)
        while True:
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
            connection.request("GET", path, headers={"Connection": "close"})
            response = connection.getresponse()
            response.read()
            connection.close()
            if time.time() > end:
                break
            if response.status == 200:
                ok += 1
            else:
                bad += 1
        with lock:
            done[0] += ok
            done[1] += bad

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=end - time.time() + 60)
    return done[0], done[1]


def _client_args(args: tuple[int, str, float, float]) -> tuple[int, int]:
    return _client(*args)


def throughput(
    pool: multiprocessing.pool.Pool, port: int, path: str, seconds: float
) -> float:
    """Requests per second the server answered for ``path`` under the crowd."""
    start = time.time() + 0.5  # every client process is up before the window opens
    end = start + seconds
    results = pool.map(_client_args, [(port, path, start, end)] * PROCESSES)
    ok, bad = sum(r[0] for r in results), sum(r[1] for r in results)
    if bad:
        raise SystemExit(f"{bad} of {ok + bad} requests to {path} did not answer 200")
    return ok / seconds


# -- the server --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _wait_up(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped while starting")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/bench-hello/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 60 s")


@contextmanager
def server(cache_seconds: int) -> Iterator[int]:
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.portal_settings",
        "PYTHONPATH": str(ROOT),
        "QMS_PORTAL_CACHE_SECONDS": str(cache_seconds),
        # "Every cache off" includes a released document's cached rendering (in Redis):
        # with it on, a cold procedure page was measured mostly from the cache.
        "QMS_FRAGMENT_CACHE_SECONDS": str(cache_seconds and 24 * 3600),
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "qms.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_up(port, process)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


# -- the pages ---------------------------------------------------------------------------


def portal_urls(agency_id: int) -> dict[str, str]:
    """The bare page (made if missing), the home, the sample agency and one of its procedures."""
    from wagtail.models import Page

    from documents.models import ProcedurePage
    from qms.models import Agency, HomePage

    home = HomePage.objects.get()
    bare = home.get_children().filter(slug="trang-tron").first()
    if bare is None:
        # A bare Wagtail page: the base Page type, rendered by Wagtail's default serve.
        bare = home.add_child(instance=Page(title="Trang trơn", slug="trang-tron"))
        bare.save_revision().publish()
    agency = Agency.objects.select_related("page").get(pk=agency_id)
    procedure = (
        ProcedurePage.objects.live().filter(agency=agency).order_by("code").first()
    )
    assert procedure is not None, "the sample agency has no procedure in force"
    return {
        "bare": str(bare.url),
        "home": "/",
        "agency": str(agency.page.url),
        "procedure": str(procedure.url),
        "hello": "/bench-hello/",
    }


Windows = dict[str, list[float]]


def measure(port: int, urls: dict[str, str], base: str, pages: list[str]) -> Windows:
    """Requests per second of ``base`` and of each page, window by window: for each page in
    each round, a window of ``base`` and one of the page, beside each other (``base`` first in
    even rounds, last in odd ones). ``windows[page][i]`` pairs with ``windows[f"{base}/{page}"][i]``."""
    context = multiprocessing.get_context("spawn")
    windows: Windows = {name: [] for name in pages}
    windows.update({f"{base}/{name}": [] for name in pages})
    with context.Pool(PROCESSES) as pool:
        for name in [base, *pages]:
            throughput(pool, port, urls[name], WARMUP_S)
        for number in range(ROUNDS):
            for name in pages:
                pair = [(f"{base}/{name}", base), (name, name)]
                for key, page in pair if number % 2 == 0 else reversed(pair):
                    windows[key].append(throughput(pool, port, urls[page], MEASURE_S))
    windows[base] = [rate for name in pages for rate in windows[f"{base}/{name}"]]
    for name in [base, *pages]:
        found = windows[name]
        log(f"{name:10} {urls[name]:60} {statistics.median(found):8.1f} req/s")
    return windows


def ratio(windows: Windows, base: str, page: str) -> float:
    """How many times faster ``base`` is served than ``page``: the median of the rounds'
    ratios of two windows measured one beside the other."""
    pairs = zip(windows[f"{base}/{page}"], windows[page], strict=True)
    found = [b / p for b, p in pairs]
    log(f"{base} / {page}: " + " ".join(f"{r:.2f}" for r in found))
    return statistics.median(found)


def main() -> None:
    summary = ensure_province()
    urls = portal_urls(summary["sample_agency_id"])
    from django.db import connections

    connections.close_all()
    log("cache off")
    with server(cache_seconds=0) as port:
        cold = measure(port, urls, "bare", ["home", "agency", "procedure"])
    log("cache on")
    with server(cache_seconds=300) as port:
        warm = measure(port, urls, "hello", ["agency", "procedure"])
    for name, metric in (
        ("home", "portal_home"),
        ("agency", "agency_page"),
        ("procedure", "procedure_page"),
    ):
        print(f"METRIC {metric}_vs_bare_ratio {ratio(cold, 'bare', name):.2f} x")
    for name in ("procedure", "agency"):
        cached = ratio(warm, "hello", name)
        print(f"METRIC {name}_page_cached_vs_hello_ratio {cached:.2f} x")
    for metric, found in (
        ("portal_rps_procedure", warm["procedure"]),
        ("portal_rps_bare", cold["bare"]),
        ("portal_rps_hello", warm["hello"]),
    ):
        print(f"METRIC {metric} {statistics.median(found):.0f} req/s")


if __name__ == "__main__":
    main()
