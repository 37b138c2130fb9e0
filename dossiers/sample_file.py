"""The sample statistics export shipped in ``dossiers/samples`` and the bench's big files.

``python -m dossiers.sample_file`` writes the Phố Hiến sample (XLSX and its CSV twin) from
``sample_rows``: the five demo procedures (their national TTHC codes are in
documents/demo_data.py NATIONAL_CODES) from January to October 2026. The figures are made
up but consistent; two procedure-months are over the default 5 % late threshold
(Đăng ký kết hôn in 03/2026, chứng thực bản sao in 07/2026).
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from dossiers.parsing import COLUMNS

SAMPLES = Path(__file__).resolve().parent / "samples"
SAMPLE_XLSX = SAMPLES / "thong-ke-ho-so-pho-hien-2026.xlsx"
SAMPLE_CSV = SAMPLES / "thong-ke-ho-so-pho-hien-2026.csv"

HEADINGS = ["STT", *COLUMNS.values()]
# (national code, name, typical monthly dossiers) of Phố Hiến's demo procedures.
PROCEDURES = [
    ("1.001193", "Đăng ký khai sinh", 60),
    ("1.000894", "Đăng ký kết hôn", 25),
    ("1.000656", "Đăng ký khai tử", 15),
    ("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", 40),
    ("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", 120),
]
# (code, month) → late dossiers, over the 5 % threshold.
OVER_THRESHOLD = {("1.000894", 3): 2, ("2.000815", 7): 9}


def _month_row(
    rng: random.Random, code: str, name: str, size: int, month: int, carried: int
) -> tuple[list[Any], int]:
    received = size + rng.randint(-size // 5, size // 5)
    # A single late dossier of a small procedure would already be over 5 %.
    sporadic = 1 if size >= 40 and rng.random() < 0.2 else 0
    late = OVER_THRESHOLD.get((code, month), sporadic)
    pending = rng.randint(0, 3)
    returned = rng.randint(0, 1)
    available = received + carried - pending - returned - late
    early = available // 3
    on_time = available - early
    online = received * rng.randint(30, 70) // 100
    row = [code, name, f"{month:02d}/2026", carried, received, early, on_time, late]
    return [*row, pending, returned, late, online], pending


def sample_rows() -> list[list[Any]]:
    """The sample's rows (without the STT number), deterministic."""
    rng = random.Random(2026)  # noqa: S311 - made-up figures, not security
    rows: list[list[Any]] = []
    for code, name, size in PROCEDURES:
        carried = 0
        for month in range(1, 11):
            row, carried = _month_row(rng, code, name, size, month, carried)
            rows.append(row)
    rows.sort(key=lambda row: (row[2][3:], row[2][:2], row[0]))
    return rows


def bench_rows(count: int) -> Iterator[list[Any]]:
    """``count`` valid rows: made-up procedure codes over the months of 2025 and 2026."""
    months = [f"{m:02d}/{y}" for y in (2025, 2026) for m in range(1, 13)][:22]
    per_month = -(-count // len(months))
    made = 0
    for period in months:
        for index in range(per_month):
            if made == count:
                return
            made += 1
            yield [
                f"9.{index:06d}",
                f"Thủ tục thử {index}",
                period,
                0,
                50,
                20,
                28,
                1,
                1,
                0,
                1,
                20,
            ]


def numbered(rows: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
    for number, row in enumerate(rows, start=1):
        yield [number, *row]


def csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a BOM, as Excel's "CSV UTF-8" saves it."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADINGS)
    writer.writerows(numbered(rows))
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    import openpyxl  # type: ignore[import-untyped]

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Thống kê hồ sơ")
    sheet.append(HEADINGS)
    for row in numbered(rows):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_samples() -> None:
    rows = sample_rows()
    SAMPLES.mkdir(exist_ok=True)
    SAMPLE_XLSX.write_bytes(xlsx_bytes(rows))
    SAMPLE_CSV.write_bytes(csv_bytes(rows))


if __name__ == "__main__":
    import django

    django.setup()
    write_samples()
