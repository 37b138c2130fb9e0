"""Benchmark the controlled-copy stamp against ``qpdf --overlay`` on a 200-page release.

Prints `METRIC <name> <value> <unit>` lines; target: stamp_200_vs_qpdf_ratio ≤ 5.
Needs Debian's qpdf (`apt-get install qpdf`) and exits non-zero without it.
``--merge-page`` also times pypdf's ``merge_page`` approach that stamp.py replaced.
"""

import argparse
import functools
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# The renderer prints dates through Django's localized formats (qms.lib.dates).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.dev")

import django  # noqa: E402

django.setup()

from pypdf import PdfReader, PdfWriter  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from documents.pdf_render import (  # noqa: E402
    Amendment,
    Approval,
    RecordRow,
    ReleaseDocument,
    Section,
    StepRow,
    render_release_pdf,
)
from qms.lib.pdf.stamp import _draw_controlled, stamp_controlled  # noqa: E402

PAGES = 200
RUNS = 5
VERIFY_URL = "https://motcua.example.gov.vn/xac-thuc/QT.HT.01/02?ban=17"
FOOTER = "Bản kiểm soát số 17 – tải về lúc 10:00 01/03/2026 bởi Nguyễn Văn An"
PARAGRAPH = (
    "Công chức Bộ phận Một cửa tiếp nhận hồ sơ, kiểm tra tính đầy đủ và hợp lệ; nếu hồ sơ "
    "chưa đầy đủ thì hướng dẫn bổ sung một lần bằng Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."
)


def release(sections: int) -> ReleaseDocument:
    step = StepRow("1", PARAGRAPH, "Công chức Một cửa", "0,5 ngày làm việc", "BM.01.02")
    body = [
        Section(f"{n}. NỘI DUNG {n}", [PARAGRAPH] * 6, [step] * 3)
        for n in range(1, sections + 1)
    ]
    signer = Approval(
        "approve",
        "Lê Văn Cường",
        "Chủ tịch UBND phường",
        datetime(2026, 1, 15, 2, 30, tzinfo=UTC),
    )
    return ReleaseDocument(
        agency="UBND phường Phố Hiến",
        title="Sổ tay chất lượng",
        code="ST.01",
        release="02",
        effective_date=date(2026, 1, 15),
        kind="Sổ tay",
        approvals=[signer],
        sections=body,
        amendments=[Amendment("02", date(2026, 1, 15), "Cập nhật phạm vi", "Mục 2")],
        records=[RecordRow("Sổ theo dõi", "Văn phòng", "05 năm")],
        prepared_by=None,
    )


def two_hundred_pages() -> bytes:
    """Render a little more than PAGES pages, then keep exactly PAGES."""
    rendered = PdfReader(io.BytesIO(render_release_pdf(release(sections=PAGES + 30))))
    assert len(rendered.pages) >= PAGES, len(rendered.pages)
    writer = PdfWriter()
    writer.append(rendered, pages=(0, PAGES))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def stamp_page() -> bytes:
    """The same drawing stamp_controlled overlays, as a one-page PDF for qpdf."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    _draw_controlled(
        canvas, *A4, verify_url=VERIFY_URL, label="BẢN KIỂM SOÁT", footer=FOOTER
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def merge_page_stamp(source: bytes, stamp: bytes) -> bytes:
    """The approach stack-notes §5 measured, kept here as the baseline stamp.py beat."""
    overlay = PdfReader(io.BytesIO(stamp)).pages[0]
    writer = PdfWriter(clone_from=io.BytesIO(source))
    for page in writer.pages:
        page.merge_page(overlay, over=True)
        page.compress_content_streams()
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--merge-page", action="store_true", help="also time pypdf merge_page (slow)"
    )
    args = parser.parse_args()
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        print("qpdf is required: apt-get install qpdf", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="qms-stamp-bench-"))
    source, stamp = two_hundred_pages(), stamp_page()
    (workdir / "in.pdf").write_bytes(source)
    (workdir / "stamp.pdf").write_bytes(stamp)
    command = [
        qpdf,
        "--overlay",
        str(workdir / "stamp.pdf"),
        "--repeat=1",
        "--",
        str(workdir / "in.pdf"),
        str(workdir / "out.pdf"),
    ]

    ours = median_ms(
        functools.partial(
            stamp_controlled, source, verify_url=VERIFY_URL, footer=FOOTER
        )
    )
    theirs = median_ms(functools.partial(subprocess.run, command, check=True))
    stamped = stamp_controlled(source, verify_url=VERIFY_URL, footer=FOOTER)
    print(f"METRIC stamp_200_ms {ours:.1f} ms")
    print(f"METRIC qpdf_overlay_200_ms {theirs:.1f} ms")
    print(f"METRIC stamp_200_vs_qpdf_ratio {ours / theirs:.2f} x")
    print(
        f"METRIC stamp_200_size_kib {len(stamped) / 1024:.0f} KiB (source {len(source) / 1024:.0f} KiB)"
    )
    if args.merge_page:
        baseline = median_ms(functools.partial(merge_page_stamp, source, stamp), runs=1)
        print(f"METRIC stamp_200_merge_page_ms {baseline:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
