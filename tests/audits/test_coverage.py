"""The yearly check covers every agency that owes an internal audit (ISO 9001:2015 9.2.1).

An agency owes one when QĐ 19/2014/QĐ-TTg obliges its type to apply ISO 9001 (issue 16:
before, only agencies named in a programme were checked, so one left out of every
programme was never flagged) or when a programme of the year names it.
"""

import datetime as dt

import pytest
from django.utils import timezone
from freezegun import freeze_time

from audits.models import Audit
from audits.services.audits import agencies_without_completed_audit
from audits.services.coverage import unaudited_agencies_flag
from qms.models import Agency, IsoApplicabilitySettings, Notification
from tests.factories import AgencyFactory


@pytest.mark.django_db
def test_heads_and_iso_secretaries_of_unaudited_agencies_are_told_once(
    programme, people
):
    """Own agency (a department, in no programme) owes an audit too: its officer is told."""
    with freeze_time("2026-10-01 08:00"):
        assert unaudited_agencies_flag() == 3
        assert unaudited_agencies_flag() == 0
    recipients = set(
        Notification.objects.filter(subject__contains="2026").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"head", "officer", "outsider"}
    notice = Notification.objects.filter(recipient=people["head"]).get()
    assert "đánh giá nội bộ" in notice.body
    with freeze_time("2026-11-01 08:00"):
        assert unaudited_agencies_flag() == 3


@pytest.mark.django_db
@freeze_time("2026-06-01 08:00")
def test_an_obliged_agency_in_no_programme_is_flagged(province):
    ward = AgencyFactory(name="UBND phường Không chương trình", kind="ubnd_phuong")
    assert ward in agencies_without_completed_audit(year=2026)
    assert province in agencies_without_completed_audit(year=2026)


@pytest.mark.django_db
@freeze_time("2026-06-01 08:00")
def test_an_encouraged_agency_is_flagged_only_when_a_programme_names_it(programme):
    centre = AgencyFactory(name="Trung tâm Khuyến khích", kind=Agency.Kind.CENTRE)
    assert centre not in agencies_without_completed_audit(year=2026)
    programme.agencies_in_scope.add(centre)
    assert centre in agencies_without_completed_audit(year=2026)


@pytest.mark.django_db
@freeze_time("2026-06-01 08:00")
def test_the_obliged_types_come_from_the_iso_applicability_setting(db):
    ward = AgencyFactory(name="UBND phường Cấu hình", kind="ubnd_phuong")
    settings = IsoApplicabilitySettings.load()
    settings.obliged_kinds = ["so"]
    settings.save()
    assert ward not in agencies_without_completed_audit(year=2026)


@pytest.mark.django_db
@freeze_time("2026-06-01 08:00")
def test_dissolved_and_audited_agencies_are_not_flagged(audit, other_agency):
    gone = AgencyFactory(
        name="UBND huyện Cũ",
        kind="ubnd_huyen",
        valid_from=dt.date(1997, 1, 1),
        valid_to=dt.date(2025, 6, 30),
    )
    assert gone not in agencies_without_completed_audit(year=2026)
    assert other_agency in agencies_without_completed_audit(year=2026)
    Audit.objects.filter(pk=audit.pk).update(
        status=Audit.Status.CLOSED, closed_at=timezone.now()
    )
    assert other_agency not in agencies_without_completed_audit(year=2026)
