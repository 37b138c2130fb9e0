"""``manage.py import_dossier_stats``: the same checks and import as the screen."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dossiers.models import DossierImport, DossierStatistic
from dossiers.sample_file import csv_bytes
from tests.dossiers.conftest import GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(own_agency):
    own_agency.admin_code = "99001"
    own_agency.save()
    return own_agency


def write(tmp_path, rows, name="tk.csv"):
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows))
    return str(path)


def test_the_command_imports_and_reimporting_changes_nothing(agency, tmp_path):
    out = io.StringIO()
    call_command(
        "import_dossier_stats", write(tmp_path, GOOD), agency="99001", stdout=out
    )
    assert "Đã nhập 3 dòng: thêm mới 3" in out.getvalue()
    out = io.StringIO()
    call_command(
        "import_dossier_stats", write(tmp_path, GOOD), agency="99001", stdout=out
    )
    assert "thêm mới 0, thay đổi 0, xóa 0" in out.getvalue()
    assert DossierStatistic.objects.filter(agency=agency).count() == 3
    assert DossierStatistic.history.first().history_user is None  # the system


def test_dry_run_stores_nothing(agency, tmp_path):
    out = io.StringIO()
    call_command(
        "import_dossier_stats",
        write(tmp_path, GOOD),
        agency="99001",
        dry_run=True,
        stdout=out,
    )
    assert "3 dòng" in out.getvalue()
    assert not DossierImport.objects.exists()
    assert not DossierStatistic.objects.exists()


def test_a_bad_file_prints_row_and_column_and_stores_nothing(agency, tmp_path):
    rows = [list(GOOD[0])]
    rows[0][6] = "x"
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_dossier_stats", write(tmp_path, rows), agency="99001", stderr=err
        )
    assert "Dòng 2, cột «Đúng hạn»: phải là số nguyên không âm" in err.getvalue()
    assert not DossierStatistic.objects.exists()


def test_an_unknown_agency_is_refused(agency, tmp_path):
    with pytest.raises(CommandError):
        call_command("import_dossier_stats", write(tmp_path, GOOD), agency="nope")


def test_manage_py_help_describes_the_command_in_vietnamese():
    root = Path(__file__).resolve().parents[2]
    shown = subprocess.run(
        [sys.executable, "manage.py", "help", "import_dossier_stats"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "Nhập số liệu thống kê hồ sơ xuất từ Hệ thống thông tin" in shown
    assert "--dry-run" in shown
