"""The report's state machine: draft → submitted (head, password) → received (Sở KH&CN)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.models import ModelLogEntry

from qms.demo_data import DEMO_PASSWORD
from qms.exceptions import TransitionError
from reporting.models import AnnualReport
from reporting.services import (
    report_edit,
    report_generate,
    report_receive,
    report_submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(demo):
    year = timezone.localdate().year
    return report_generate(agency=demo["pho_hien"], year=year, user=demo["thuky"])


def _unchanged(report):
    fresh = AnnualReport.objects.get(pk=report.pk)
    assert fresh.status == AnnualReport.Status.DRAFT
    assert fresh.submitted_at is None and fresh.content_sha256 == ""
    assert fresh.history.count() == report.history.count()


def test_only_the_head_signs(demo, draft):
    with pytest.raises(PermissionDenied):
        report_submit(report=draft, user=demo["thuky"], password=DEMO_PASSWORD)
    other_head = (
        get_user_model()
        .objects.filter(
            groups__name="Lãnh đạo", staff_profile__agency__name="UBND phường Thái Bình"
        )
        .first()
    )
    with pytest.raises(PermissionDenied):
        report_submit(report=draft, user=other_head, password=DEMO_PASSWORD)
    _unchanged(draft)


def test_a_wrong_password_signs_nothing_and_is_logged(demo, draft):
    with pytest.raises(PermissionDenied):
        report_submit(report=draft, user=demo["lanhdao"], password="sai-mat-khau")
    _unchanged(draft)
    assert ModelLogEntry.objects.filter(
        action="reporting.report.sign_failed", object_id=str(draft.pk)
    ).exists()


def test_the_head_signs_and_submits_then_nothing_changes(demo, draft):
    report = report_edit(
        report=draft, user=demo["thuky"], values={"difficulties": "Thiếu công chức."}
    )
    report = report_submit(report=report, user=demo["lanhdao"], password=DEMO_PASSWORD)
    assert report.status == AnnualReport.Status.SUBMITTED
    assert len(report.content_sha256) == 64
    assert report.signer_name == "Trần Văn Minh"
    assert report.history.first().history_change_reason
    with pytest.raises(TransitionError):
        report_edit(report=report, user=demo["thuky"], values={"proposals": "x"})
    with pytest.raises(TransitionError):
        report_submit(report=report, user=demo["lanhdao"], password=DEMO_PASSWORD)
    assert AnnualReport.objects.get(pk=report.pk).proposals == ""


def test_only_the_department_of_science_receives(demo, draft):
    with pytest.raises(TransitionError):
        report_receive(report=draft, user=demo["sokhcn"])  # not submitted yet
    report = report_submit(report=draft, user=demo["lanhdao"], password=DEMO_PASSWORD)
    for name in ("giamsat", "lanhdao", "thuky"):
        with pytest.raises(PermissionDenied):
            report_receive(report=report, user=demo[name])
    assert AnnualReport.objects.get(pk=report.pk).status == "submitted"
    report = report_receive(report=report, user=demo["sokhcn"])
    assert report.status == AnnualReport.Status.RECEIVED
    assert report.received_by == demo["sokhcn"]


def test_outsiders_and_supervisors_neither_generate_nor_edit(demo, draft):
    with pytest.raises(PermissionDenied):
        report_generate(agency=demo["pho_hien"], year=draft.year, user=demo["giamsat"])
    with pytest.raises(PermissionDenied):
        report_edit(report=draft, user=demo["congchuc"], values={"proposals": "x"})
    assert AnnualReport.objects.get(pk=draft.pk).proposals == ""


def test_the_demo_2025_reports(demo):
    reports = {
        r.agency.name: r
        for r in AnnualReport.objects.filter(year=2025).select_related("agency")
    }
    assert reports["UBND phường Phố Hiến"].status == "received"
    assert reports["UBND phường Thái Bình"].status == "submitted"
    assert reports["UBND phường Thái Bình"].is_late
    assert not reports["UBND phường Phố Hiến"].is_late
    assert reports["UBND xã Tân Hưng"].status == "draft"
    assert not AnnualReport.objects.filter(year=2026, agency=demo["pho_hien"]).exists()
    assert demo["sokhcn"].has_perm("reporting.receive_annualreport")
    assert not demo["giamsat"].has_perm("reporting.receive_annualreport")
