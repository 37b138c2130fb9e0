"""Recording inspections and raising their findings as nonconformities (QĐ 19/2014 art. 9)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audits.models import Nonconformity
from inspections.models import Inspection, InspectionFinding
from inspections.services import (
    finding_raise_nonconformity,
    finding_save,
    inspection_save,
)
from qms.exceptions import TransitionError
from tests.inspections.conftest import make_inspection


@pytest.mark.django_db
def test_a_finding_becomes_a_nonconformity_in_one_step(finding, people, other_agency):
    """GIVEN a finding at the agency WHEN its ISO secretary raises it THEN one SKPH of
    source "external inspection" exists, prefilled from the finding (ISO 9001:2015 10.2)."""
    raised = finding_raise_nonconformity(finding=finding, user=people["officer"])

    nc = Nonconformity.objects.get(pk=raised.nonconformity_id)
    assert nc.source == Nonconformity.Source.EXTERNAL_INSPECTION
    assert nc.agency == other_agency
    assert nc.clause.number == "7.5.3"
    assert nc.severity == "major"
    assert nc.description == finding.text
    assert "12/QĐ-SKHCN" in nc.evidence


@pytest.mark.django_db
def test_a_finding_is_never_raised_twice(finding, people):
    finding_raise_nonconformity(finding=finding, user=people["officer"])
    before = Nonconformity.objects.count()

    with pytest.raises(TransitionError):
        finding_raise_nonconformity(finding=finding, user=people["head"])
    assert Nonconformity.objects.count() == before


@pytest.mark.django_db
def test_only_the_inspected_agencys_managers_raise_it(finding, people):
    """The supervisor records the inspection but writes no register of the agency."""
    for who in ("supervisor", "inspector", "outsider_officer"):
        with pytest.raises(PermissionDenied):
            finding_raise_nonconformity(finding=finding, user=people[who])
    finding.refresh_from_db()
    assert finding.nonconformity_id is None
    assert not Nonconformity.objects.exists()


@pytest.mark.django_db
def test_only_supervisors_record_inspections(people, other_agency):
    today = timezone.localdate()
    for who in ("officer", "head", "inspector"):
        with pytest.raises(PermissionDenied):
            make_inspection(
                people | {"supervisor": people[who]}, [other_agency], today, today
            )
    assert not Inspection.objects.exists()


@pytest.mark.django_db
def test_a_finding_must_be_at_an_inspected_agency(inspection, own_agency, people):
    with pytest.raises(ValidationError):
        finding_save(
            finding=InspectionFinding(
                inspection=inspection, agency=own_agency, text="x"
            ),
            user=people["supervisor"],
        )
    assert not InspectionFinding.objects.exists()


@pytest.mark.django_db
def test_a_raised_finding_is_frozen(finding, people):
    finding_raise_nonconformity(finding=finding, user=people["officer"])
    finding.text = "Đổi nội dung"
    with pytest.raises(TransitionError):
        finding_save(finding=finding, user=people["supervisor"])
    finding.refresh_from_db()
    assert finding.text != "Đổi nội dung"


@pytest.mark.django_db
def test_other_body_needs_its_name(people, other_agency):
    today = timezone.localdate()
    inspection = Inspection(
        body=Inspection.Body.OTHER,
        decision_number="1/QĐ",
        decision_date=today,
        starts_on=today,
        ends_on=today + dt.timedelta(days=1),
        team_names="A",
    )
    with pytest.raises(ValidationError) as refused:
        inspection_save(
            inspection=inspection,
            agencies=[other_agency],
            team_users=[],
            user=people["supervisor"],
        )
    assert "body_name" in refused.value.message_dict
    assert not Inspection.objects.exists()


@pytest.mark.django_db
def test_history_is_recorded_with_user_and_reason(finding, people):
    raised = finding_raise_nonconformity(finding=finding, user=people["officer"])
    inspection = raised.inspection
    created = inspection.history.earliest()
    assert created.history_user == people["supervisor"]
    assert created.history_change_reason
    latest = raised.history.latest()
    assert latest.history_user == people["officer"]
    assert latest.nonconformity_id == raised.nonconformity_id
    assert raised.nonconformity.code in latest.history_change_reason
