"""An inspection team reads the inspected agency's registers, screen by screen (issue 16 part 4).

The grant of ``qms.scoping`` is asked by every register through its own scoping: here each
register's listing and one record's screen are requested as a team member (a plain staff
member of the Sở KH&CN) during the inspection, before it and after it. The inspected
agency's canary record (tests/qms/canaries.py) is read only during the window; a third
agency's record (Phố Hiến, from the demo) never; and no POST changes anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inspections.models import Inspection
from inspections.services import inspection_save
from qms.models import Agency
from qms.roles import Role
from qms.scoping import agency_scope_for
from tests.factories import staff_user
from tests.qms import canaries
from tests.qms.test_generated_access import _demo_roles, _is_refusal, _text

PHO_HIEN = "UBND phường Phố Hiến"
World = canaries.CanaryWorld


@dataclass(frozen=True)
class Register:
    """A register's listing and the screen of one record (of a model, in an agency)."""

    name: str
    listing: Callable[[Agency], str]
    model: str
    detail: Callable[[Any], str]
    # What the listing shows of the record: its canary text, or its link for a listing
    # whose columns hold no text of the record (a date, a status, a year).
    marker: Callable[[Any], str] = lambda record: canaries.REGISTER
    # A screen that changes the record (or the register), which the team may not use.
    write: Callable[[Any], str] | None = None


def _by_agency(name: str) -> Callable[[Agency], str]:
    return lambda agency: f"{reverse(name)}?agency={agency.pk}"


def _plain(name: str) -> Callable[[Agency], str]:
    return lambda agency: reverse(name)


def _pk(name: str) -> Callable[[Any], str]:
    return lambda record: reverse(name, args=[record.pk])


def _staff_record(attendance: Any) -> str:
    return reverse("training_staff_record", args=[attendance.staff_id])


def _announcement(record: Any) -> str:
    return reverse("conformity_announcement", args=[record.pk])


def _release(release: Any) -> str:
    return reverse("documentrelease:inspect", args=[release.pk])


REGISTERS = [
    Register(
        "dossier statistics",
        _by_agency("dossier_statistics:index"),
        "dossiers.DossierImport",
        _pk("dossiers_import"),
    ),
    Register(
        "feedback",
        _by_agency("feedback_register:index"),
        "feedback.Feedback",
        _pk("feedback_register:inspect"),
    ),
    Register(
        "acknowledgments",
        _plain("training_acknowledgments:index"),
        "training.Acknowledgment",
        _pk("training_acknowledgments:inspect"),
    ),
    Register(
        "attendance",
        _plain("training_attendance:index"),
        "training.Attendance",
        _staff_record,
    ),
    Register(
        "training matrix",
        _by_agency("training_matrix"),
        "training.Attendance",
        _staff_record,
    ),
    Register(
        "objectives",
        _by_agency("performance_objectives"),
        "performance.QualityObjective",
        _pk("performance_objective"),
    ),
    Register(
        "risks",
        _plain("planning_risks:index"),
        "planning.Risk",
        _pk("planning_risks:inspect"),
    ),
    Register(
        "management reviews",
        _plain("management_review:index"),
        "review.ManagementReview",
        _pk("management_review:inspect"),
        _pk("management_review:inspect"),
    ),
    Register(
        "conformity",
        lambda agency: reverse("conformity_agency", args=[agency.pk]),
        "conformity.Announcement",
        _announcement,
    ),
    Register(
        "annual reports",
        _plain("reporting_index"),
        "reporting.AnnualReport",
        _pk("reporting_report"),
        _pk("reporting_report"),
    ),
    Register(
        "document listing",
        _plain("documents_master_list"),
        "documents.DocumentRelease",
        _release,
        lambda release: reverse("wagtailadmin_pages:edit", args=[release.page_id]),
    ),
    Register(
        "release register",
        _plain("documentrelease:index"),
        "documents.DocumentRelease",
        _release,
        _release,
    ),
]


WRITES: dict[str, Callable[[Any], str]] = {
    "dossiers.DossierImport": _plain("dossiers_imports"),
    "feedback.Feedback": _pk("feedback_answer"),
    "training.Acknowledgment": _pk("training_acknowledgment"),
    "training.Attendance": _pk("training_attendance_correct"),
    "performance.QualityObjective": _pk("performance_objective_edit"),
    "planning.Risk": _pk("planning_risks:edit"),
    "review.ManagementReview": _pk("management_review:edit"),
    "conformity.Announcement": _pk("conformity_announcement_withdraw"),
    "reporting.AnnualReport": _pk("reporting_edit"),
    "documents.DocumentRelease": lambda release: reverse(
        "documents_review", args=[release.page_id]
    ),
}


def _feedback(world: World) -> Any:
    """A citizen's feedback of the inspected agency (the canaries hold none)."""
    user = world.records["auth.User"]
    unit = world.records["qms.ReceivingUnit"]
    return canaries._copy(
        "feedback.Feedback", user, agency=world.agency, unit=unit, nonconformity=None
    )


def _third_record(label: str, pho_hien: Agency) -> Any:
    """A record of the register in Phố Hiến, an agency the team member never reads."""
    model = apps.get_model(label)
    if label == "documents.DocumentRelease":
        from documents.selectors import document_pages_in_scope

        officer = get_user_model().objects.get(username="thuky")
        pages = document_pages_in_scope(officer)
        return model._default_manager.filter(page__in=pages).order_by("pk").first()
    path = canaries.AGENCY_PATHS.get(label, "agency")
    return model._default_manager.filter(**{path: pho_hien}).order_by("pk").first()


@pytest.fixture
def inspected(seeded):
    """The canary world, its feedback, and a team member of an inspection of its agency."""
    users = _demo_roles()
    world = canaries.build(
        agency_scope_for(u).readable for u in users.values() if u != users["giamsat"]
    )
    world.records["feedback.Feedback"] = _feedback(world)
    # A department's plain staff member (no role reads these registers on its own).
    home = (
        Agency.objects.filter(kind="so", children=None)
        .exclude(pk=world.agency.pk)
        .order_by("name")
        .first()
    )
    inspector = staff_user(Role.STAFF, home, username="doan-kiem-tra")
    today = timezone.localdate()
    inspection = inspection_save(
        inspection=Inspection(
            body=Inspection.Body.SO_KHCN,
            decision_number="99/QĐ-SKHCN",
            decision_date=today - dt.timedelta(days=10),
            starts_on=today - dt.timedelta(days=1),
            ends_on=today + dt.timedelta(days=1),
            team_names="Đoàn kiểm tra thử",
        ),
        agencies=[world.agency],
        team_users=[inspector],
        user=users["giamsat"],
    )
    return world, inspector, inspection


def _client(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(pk=user.pk))
    return client


def _get(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code < 500, url
    # Registers, never the agency's drafts (like a supervisor's reading).
    assert response.status_code != 200 or canaries.DRAFT not in _text(response), url
    return response


def _shows(client: Client, url: str, marker: str) -> bool:
    response = _get(client, url)
    return response.status_code == 200 and marker in _text(response)


def _reads(client: Client, url: str) -> bool:
    return _get(client, url).status_code == 200


def _shift(inspection: Inspection, days: int) -> None:
    """Move the inspection's window ``days`` away from today (later: positive, earlier: negative)."""
    today = timezone.localdate()
    Inspection.objects.filter(pk=inspection.pk).update(
        starts_on=today + dt.timedelta(days=days - 1),
        ends_on=today + dt.timedelta(days=days + 1),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("register", REGISTERS, ids=[r.name for r in REGISTERS])
def test_the_team_reads_the_inspected_register_only_while_it_runs(inspected, register):
    world, inspector, inspection = inspected
    record = world.records[register.model]
    pho_hien = Agency.objects.get(name=PHO_HIEN)
    third = _third_record(register.model, pho_hien)
    assert third is not None, f"the demo has no {register.model} of Phố Hiến"
    listing, detail = register.listing(world.agency), register.detail(record)
    marker = register.marker(record)
    admin = _client(get_user_model().objects.get(username="admin"))
    assert _reads(admin, detail), "the superuser reads the record: the URL is right"
    assert _reads(admin, register.detail(third))

    client = _client(inspector)
    assert _shows(client, listing, marker), f"{listing} during the inspection"
    assert _reads(client, detail), f"{detail} during the inspection"
    assert not _reads(client, register.detail(third)), "a third agency's record"

    for days, when in ((10, "before"), (-10, "after")):
        _shift(inspection, days)
        client = _client(inspector)
        assert not _shows(client, listing, marker), f"{listing} {when} the inspection"
        assert not _reads(client, detail), f"{detail} {when} the inspection"


@pytest.mark.django_db
@pytest.mark.parametrize("register", REGISTERS, ids=[r.name for r in REGISTERS])
def test_the_team_changes_nothing(inspected, register):
    world, inspector, _inspection = inspected
    record = world.records[register.model]
    before = canaries.snapshot(world)
    client = _client(inspector)
    body = {
        "title": "Sửa bởi đoàn kiểm tra",
        "reason": "Thử",
        "agency": world.agency.pk,
    }
    for url in (register.listing(world.agency), register.detail(record)):
        assert client.post(url, body).status_code < 500, url
    write = (register.write or WRITES[register.model])(record)
    assert _is_refusal(client.post(write, body)), write
    assert canaries.snapshot(world) == before
