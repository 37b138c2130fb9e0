"""Import of a 100,000-row dossier statistics export on PostgreSQL.

Prints `METRIC dossier_import_100k_rows_s` (bytes of a CSV export → checked → 100,000
statistics rows with their history, through ``dossier_import_upload`` and
``dossier_import_confirm``, the services behind the screen and the command; target ≤ 10 s)
and `METRIC dossier_reimport_100k_rows_s` (the same file again: nothing to write). Exits 1
unless exactly 100,000 rows (and 100,000 history rows) exist after both runs.

Needs PostgreSQL: ``scripts/with-services.sh .venv/bin/python bench/dossier_import.py``.
Data: one agency and its ISO secretary; the file has made-up procedure codes over 22 months
(``dossiers.sample_file.bench_rows``), none over the late threshold.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _postgres import analyze, log, setup_django  # noqa: E402 - after sys.path

ROWS = 100_000


def main() -> None:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    log("migrated")
    from dossiers.models import DossierStatistic
    from dossiers.sample_file import bench_rows, csv_bytes
    from dossiers.services import dossier_import_confirm, dossier_import_upload
    from qms.models import Agency
    from qms.roles import Role
    from qms.services import roles_sync
    from tests.factories import staff_user

    agency = Agency.objects.create(
        name="UBND phường Bench", kind="ubnd_phuong", valid_from=dt.date(2025, 7, 1)
    )
    roles_sync()  # the role groups staff_user joins
    officer = staff_user(Role.QUALITY_OFFICER, agency, username="thuky-bench")
    data = csv_bytes(list(bench_rows(ROWS)))
    log(f"file of {len(data) / 1e6:.1f} MB")
    analyze()

    def run() -> float:
        start = time.perf_counter()
        batch = dossier_import_upload(
            agency=agency, data=data, filename="bench.csv", user=officer
        )
        batch = dossier_import_confirm(batch=batch, user=officer, background=False)
        elapsed = time.perf_counter() - start
        log(f"{batch.status}: +{batch.created} ~{batch.updated} -{batch.removed}")
        return elapsed

    first = run()
    print(f"METRIC dossier_import_100k_rows_s {first:.2f} s")
    analyze()
    again = run()
    print(f"METRIC dossier_reimport_100k_rows_s {again:.2f} s")
    rows = DossierStatistic.objects.filter(agency=agency).count()
    history = DossierStatistic.history.filter(agency=agency).count()
    if rows != ROWS or history != ROWS:
        print(f"expected {ROWS} rows and history rows, got {rows} and {history}")
        sys.exit(1)


if __name__ == "__main__":
    main()
