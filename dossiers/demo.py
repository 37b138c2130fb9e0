"""Demo statistics at Phố Hiến: the shipped sample file, imported as ``thuky`` would.

Importing through the services raises the sample's late-dossier nonconformities, so the demo
shows the whole chain (statistics → nonconformity). Idempotent: a second run finds the
imported batch and stops; importing again would change nothing anyway.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model

from dossiers.models import DossierImport
from dossiers.sample_file import SAMPLE_XLSX
from dossiers.services import dossier_import_confirm, dossier_import_upload
from qms.models import Agency

AGENCY = "UBND phường Phố Hiến"


def seed(log: Callable[[str], None]) -> None:
    agency = Agency.objects.filter(name=AGENCY).first()
    officer = get_user_model().objects.filter(username="thuky").first()
    if agency is None or officer is None:
        return
    done = DossierImport.objects.filter(
        agency=agency, filename=SAMPLE_XLSX.name, status=DossierImport.Status.DONE
    )
    if done.exists():
        return
    batch = dossier_import_upload(
        agency=agency,
        data=SAMPLE_XLSX.read_bytes(),
        filename=SAMPLE_XLSX.name,
        user=officer,
    )
    # Here and now, not through the broker: the demo must be complete when seeding ends.
    batch = dossier_import_confirm(batch=batch, user=officer, background=False)
    log(
        f"Thống kê hồ sơ mẫu Phố Hiến: {batch.rows_total} dòng ({batch.get_status_display()})."
    )
