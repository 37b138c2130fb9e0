"""Generation: every section of the form, with the demo's data, frozen in the report."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.models import Nonconformity
from qms.demo_data import DEMO_PASSWORD
from qms.exceptions import TransitionError
from qms.lib.annual_report import SECTIONS
from qms.models import Agency
from reporting.sections import annual_report_sections
from reporting.services import frozen_sections, report_generate, report_submit

pytestmark = pytest.mark.django_db

OWN = (
    "documents",
    "training",
    "internal_audits",
    "nonconformities",
    "management_review",
    "objectives",
    "feedback",
)


def test_every_section_of_the_form_is_generated_with_data(demo):
    year = timezone.localdate().year
    report = report_generate(agency=demo["pho_hien"], year=year, user=demo["thuky"])
    assert [s["key"] for s in report.sections] == list(SECTIONS)
    by_key = {s["key"]: s for s in report.sections}
    for key in OWN:
        section = by_key[key]
        assert section["summary"], key
        assert len(section["table"]) >= 2, f"{key} has a table with rows"
        assert section["figures"], key
    assert by_key["documents"]["figures"]["documents_issued"] > 0
    assert by_key["nonconformities"]["figures"]["nonconformities"] > 0
    # Frozen in Vietnamese, the report's language.
    assert by_key["feedback"]["table"][1][0] == "Phản ánh đã tiếp nhận"
    # Sections another app contributes (scope, announcement, inspections) always print.
    for key in set(SECTIONS) - set(OWN):
        assert by_key[key]["title"]


def test_a_submitted_report_does_not_change_when_the_data_does(demo):
    agency, year = demo["pho_hien"], timezone.localdate().year
    report = report_generate(agency=agency, year=year, user=demo["thuky"])
    report = report_submit(report=report, user=demo["lanhdao"], password=DEMO_PASSWORD)
    before = report.sections
    Nonconformity.objects.filter(agency=agency, detected_on__year=year).update(
        status=Nonconformity.Status.CLOSED
    )
    assert frozen_sections(agency, year) != before  # the live data did change
    with pytest.raises(TransitionError):
        report_generate(agency=agency, year=year, user=demo["thuky"])
    report.refresh_from_db()
    assert report.sections == before


def _queries(agency, year):
    with CaptureQueriesContext(connection) as captured:
        annual_report_sections(agency, year)
    return len(captured)


def test_sections_cost_the_same_queries_whatever_the_rows(
    demo, django_assert_num_queries
):
    year = timezone.localdate().year
    empty = Agency.objects.get(name="UBND xã Tân Hưng")
    expected = _queries(empty, year)
    with django_assert_num_queries(expected):
        annual_report_sections(demo["pho_hien"], year)
