"""A long training matrix export is built by a task (issue 12, part 3)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from qms.lib.export_jobs import export_build
from qms.models import ExportJob
from tests.training.test_matrix import _staff
from tests.training.test_matrix import one_stop as one_stop  # fixture


@pytest.mark.django_db
def test_a_long_matrix_export_is_built_in_the_background(
    admin_client, admin_user, one_stop, settings
):
    settings.QMS_EXPORT_INLINE_MAX_ROWS = 1
    _staff(one_stop, full_name="Trần Thị Xuất")
    _staff(one_stop, full_name="Lê Văn Nền")

    response = admin_client.get(reverse("training_matrix"), {"export": "xlsx"})
    assert response.status_code == 302
    job = ExportJob.objects.get(requested_by=admin_user)
    assert not job.file
    export_build(job_id=job.pk, final=True)
    job.refresh_from_db()

    assert job.status == ExportJob.Status.DONE
    assert job.rows == 2
    with job.file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert set(names) == {"Trần Thị Xuất", "Lê Văn Nền"}
    assert sheet.cell(row=1, column=7).value in {
        "Giao tiếp với người dân",
        "Nhận thức ISO 9001",
    }
