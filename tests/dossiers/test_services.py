"""Upload, confirm and import: nothing stored from a bad file, re-import replaces, NC once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audits.models import Nonconformity
from dossiers.models import DossierImport, DossierStatistic, LateDossierFlag
from dossiers.sample_file import csv_bytes, xlsx_bytes
from dossiers.services import (
    dossier_import_confirm,
    dossier_import_upload,
    dossier_settings_save,
)
from qms.exceptions import TransitionError
from tests.dossiers.conftest import GOOD

pytestmark = pytest.mark.django_db(transaction=False)


def upload(agency, user, rows, *, xlsx=False):
    data = xlsx_bytes(rows) if xlsx else csv_bytes(rows)
    return dossier_import_upload(
        agency=agency,
        data=data,
        filename="thong-ke.xlsx" if xlsx else "tk.csv",
        user=user,
    )


def run(agency, user, rows, django_capture_on_commit_callbacks, **kwargs):
    batch = upload(agency, user, rows, **kwargs)
    with django_capture_on_commit_callbacks(execute=True):
        dossier_import_confirm(batch=batch, user=user)
    batch.refresh_from_db()
    return batch


def test_a_good_file_is_previewed_then_imported(
    own_agency, people, django_capture_on_commit_callbacks
):
    officer = people["officer"]
    batch = upload(own_agency, officer, GOOD, xlsx=True)
    assert batch.status == DossierImport.Status.PREVIEWED
    assert (batch.rows_total, batch.error_count) == (3, 0)
    assert batch.preview[0][:4] == [2, "1.001193", "Đăng ký khai sinh", "01/2026"]
    assert not DossierStatistic.objects.exists()  # nothing before confirmation
    with django_capture_on_commit_callbacks(execute=True):
        dossier_import_confirm(batch=batch, user=officer)
    batch.refresh_from_db()
    assert batch.status == DossierImport.Status.DONE
    assert (batch.rows_done, batch.created, batch.updated) == (3, 3, 0)
    stat = DossierStatistic.objects.get(
        national_code="1.001193", period_start="2026-02-01"
    )
    assert stat.period_end == dt.date(2026, 2, 28)
    assert (stat.carried_over, stat.received, stat.resolved_late, stat.online) == (
        1,
        40,
        2,
        18,
    )
    assert stat.import_batch == batch
    record = stat.history.get()
    assert record.history_user == officer
    assert record.history_change_reason == "Nhập từ tệp thong-ke.xlsx"


def test_a_file_with_any_error_stores_nothing_and_cannot_be_imported(
    own_agency, people
):
    rows = [list(r) for r in GOOD]
    rows[2][7] = "-3"
    batch = upload(own_agency, people["officer"], rows)
    assert batch.error_count == 1
    assert batch.row_errors[0]["message"] == (
        "Dòng 4, cột «Quá hạn»: phải là số nguyên không âm"
    )
    with pytest.raises(TransitionError):
        dossier_import_confirm(batch=batch, user=people["officer"])
    batch.refresh_from_db()
    assert batch.status == DossierImport.Status.PREVIEWED
    assert not DossierStatistic.objects.exists()
    assert not Nonconformity.objects.exists()


def test_an_unreadable_file_is_refused_without_a_batch(own_agency, people):
    with pytest.raises(ValidationError) as caught:
        dossier_import_upload(
            agency=own_agency,
            data=b"\xff\xfe\x00x",
            filename="x.csv",
            user=people["officer"],
        )
    assert "file" in caught.value.error_dict
    assert not DossierImport.objects.exists()


def test_reimport_replaces_and_an_identical_file_changes_nothing(
    own_agency, people, django_capture_on_commit_callbacks
):
    officer = people["officer"]
    run(own_agency, officer, GOOD, django_capture_on_commit_callbacks)
    second = run(own_agency, officer, GOOD, django_capture_on_commit_callbacks)
    assert (second.created, second.updated, second.removed) == (0, 0, 0)
    assert DossierStatistic.objects.count() == 3
    assert DossierStatistic.history.count() == 3  # nothing written again

    corrected = [list(r) for r in GOOD[:2]]  # January of 2.000815 no longer in the file
    corrected[0][4] = 55
    third = run(own_agency, officer, corrected, django_capture_on_commit_callbacks)
    assert (third.created, third.updated, third.removed) == (0, 1, 1)
    assert DossierStatistic.objects.count() == 2
    stat = DossierStatistic.objects.get(
        national_code="1.001193", period_start="2026-01-01"
    )
    assert stat.received == 55
    assert [h.received for h in stat.history.order_by("history_id")] == [50, 55]
    assert stat.history.latest("history_id").history_type == "~"
    gone = DossierStatistic.history.filter(national_code="2.000815")
    assert [h.history_type for h in gone.order_by("history_id")] == ["+", "-"]


def test_another_months_rows_are_left_alone(
    own_agency, people, django_capture_on_commit_callbacks
):
    officer = people["officer"]
    run(own_agency, officer, GOOD, django_capture_on_commit_callbacks)
    run(own_agency, officer, [GOOD[1]], django_capture_on_commit_callbacks)
    assert DossierStatistic.objects.count() == 3  # January untouched by a February file


def test_late_dossiers_over_the_threshold_raise_one_nonconformity(
    own_agency, people, django_capture_on_commit_callbacks
):
    officer = people["officer"]
    rows = [list(r) for r in GOOD]
    rows[1][7] = 5  # February: 5 late of 10 + 28 + 5 = 43 resolved, 11.6 %
    rows[1][4] = 45
    batch = run(own_agency, officer, rows, django_capture_on_commit_callbacks)
    assert batch.flags_raised == 1
    flag = LateDossierFlag.objects.get()
    assert (flag.national_code, flag.period_start) == ("1.001193", dt.date(2026, 2, 1))
    assert flag.late_rate == Decimal("11.63")
    nc = flag.nonconformity
    assert nc.source == Nonconformity.Source.LATE_DOSSIER
    assert nc.agency == own_agency
    assert "02/2026" in nc.title and "1.001193" in nc.title

    again = run(own_agency, officer, rows, django_capture_on_commit_callbacks)
    rows[1][7] = 6  # a corrected file for the same month: still flagged once
    rows[1][4] = 46
    corrected = run(own_agency, officer, rows, django_capture_on_commit_callbacks)
    assert (again.flags_raised, corrected.flags_raised) == (0, 0)
    assert Nonconformity.objects.filter(source="late_dossier").count() == 1


def test_the_agency_threshold_decides(
    own_agency, people, django_capture_on_commit_callbacks
):
    officer = people["officer"]
    dossier_settings_save(agency=own_agency, late_threshold=Decimal(2), user=officer)
    batch = run(own_agency, officer, GOOD, django_capture_on_commit_callbacks)
    # January 1/49 = 2.04 % and February 2/40 = 5 %: both over 2 %; 2.000815 has none late.
    assert batch.flags_raised == 2
    assert LateDossierFlag.objects.count() == 2


def test_at_exactly_the_threshold_no_nonconformity(
    own_agency, people, django_capture_on_commit_callbacks
):
    # February: 2 late of 40 resolved is exactly 5 %, not above it.
    batch = run(own_agency, people["officer"], GOOD, django_capture_on_commit_callbacks)
    assert batch.flags_raised == 0


@pytest.mark.parametrize("who", ["staff", "auditor", "outsider", "supervisor"])
def test_only_the_agencys_secretary_or_head_imports(own_agency, people, who):
    with pytest.raises(PermissionDenied):
        upload(own_agency, people[who], GOOD)
    assert not DossierImport.objects.exists()


def test_the_head_may_import(own_agency, people):
    assert upload(own_agency, people["head"], GOOD).error_count == 0


def test_a_confirmed_batch_cannot_be_confirmed_twice(
    own_agency, people, django_capture_on_commit_callbacks
):
    batch = run(own_agency, people["officer"], GOOD, django_capture_on_commit_callbacks)
    with pytest.raises(TransitionError):
        dossier_import_confirm(batch=batch, user=people["officer"])


def test_procedure_links_only_to_the_agencys_procedure(
    own_agency, other_agency, people, django_capture_on_commit_callbacks
):
    # No procedure page carries these codes here: the row keeps the code and the name.
    run(own_agency, people["officer"], GOOD, django_capture_on_commit_callbacks)
    assert set(DossierStatistic.objects.values_list("procedure", flat=True)) == {None}


def test_an_uploaded_file_is_kept_where_no_web_server_publishes_it(
    own_agency, people, settings
):
    from pathlib import Path

    batch = upload(own_agency, people["officer"], GOOD)
    stored = Path(batch.file.path)
    assert stored.is_file()
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert stored.is_relative_to(Path(settings.QMS_PRIVATE_ROOT))
    with pytest.raises(ValueError):
        batch.file.url  # noqa: B018 - a private file has no public URL
