"""The inspector's read access: the inspected agencies, during the inspection only, read only.

Built on qms.scoping's read grants (QĐ 19/2014 art. 9; Chỉ thị 09/CT-UBND item 7).
"""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audits.models import Nonconformity
from audits.policies import NC_POLICY
from audits.services.nonconformities import nonconformity_create
from inspections.services import finding_raise_nonconformity
from qms.scoping import agency_scope_for
from tests.inspections.conftest import make_inspection


def _fresh(user):
    # Scope and grants are cached on the user object for a request: ask a new one.
    return get_user_model().objects.get(pk=user.pk)


def _ncs(agency, officer, title):
    return nonconformity_create(
        nc=Nonconformity(
            source=Nonconformity.Source.SELF_DETECTED,
            agency=agency,
            title=title,
            description="Mô tả",
        ),
        user=officer,
    )


@pytest.fixture
def records(people, other_agency, own_agency):
    return {
        "inspected": _ncs(other_agency, people["officer"], "SKPH phường được kiểm tra"),
        "elsewhere": _ncs(own_agency, people["outsider_officer"], "SKPH cơ quan khác"),
    }


def _visible(user):
    return set(
        NC_POLICY.instances_user_has_permission_for(_fresh(user), "view").values_list(
            "title", flat=True
        )
    )


@pytest.mark.django_db
def test_inspector_reads_the_inspected_agency_while_it_runs(
    inspection, people, records, other_agency, own_agency
):
    inspector = people["inspector"]
    scope = agency_scope_for(_fresh(inspector))
    assert other_agency.pk in scope.readable
    assert own_agency.pk not in scope.readable
    assert other_agency.pk not in scope.writable
    assert _visible(inspector) == {"SKPH phường được kiểm tra"}


@pytest.mark.parametrize(
    ("start", "end"), [(3, 10), (-10, -1)], ids=["before", "after"]
)
@pytest.mark.django_db
def test_no_access_before_or_after_the_inspection(
    people, records, other_agency, start, end
):
    today = timezone.localdate()
    make_inspection(
        people,
        [other_agency],
        today + dt.timedelta(days=start),
        today + dt.timedelta(days=end),
    )
    inspector = people["inspector"]
    assert other_agency.pk not in agency_scope_for(_fresh(inspector)).readable
    assert _visible(inspector) == set()


@pytest.mark.django_db
def test_the_inspector_never_writes(inspection, people, records):
    inspector = _fresh(people["inspector"])
    nc = records["inspected"]
    assert NC_POLICY.user_has_permission_for_instance(inspector, "view", nc)
    for action in ("add", "change", "delete"):
        assert not NC_POLICY.user_has_permission_for_instance(inspector, action, nc)
    client = Client()
    client.force_login(inspector)
    edit = reverse("nonconformity:edit", args=[nc.pk])
    response = client.post(edit, {"title": "Sửa bởi đoàn kiểm tra"})
    assert response.status_code in (302, 403, 404)
    nc.refresh_from_db()
    assert nc.title == "SKPH phường được kiểm tra"


@pytest.mark.django_db
def test_the_screen_shows_the_access_and_the_raise_button(finding, people):
    client = Client()
    client.force_login(people["officer"])
    url = reverse("inspections_screen", args=[finding.inspection_id])
    page = client.get(url).content.decode()
    assert 'id="team-access"' in page
    assert "inspector" in page
    assert reverse("inspections_finding_raise", args=[finding.pk]) in page

    response = client.post(reverse("inspections_finding_raise", args=[finding.pk]))
    finding.refresh_from_db()
    nc = finding.nonconformity
    assert response.status_code == 302
    assert response["Location"] == reverse("audits_nc_workflow", args=[nc.pk])
    workflow = client.get(response["Location"]).content.decode()
    assert str(nc.get_source_display()) in workflow
    assert url in workflow  # the link back through audits_nonconformity_links
    again = client.post(reverse("inspections_finding_raise", args=[finding.pk]))
    assert again.status_code == 302
    assert Nonconformity.objects.filter(source="external_inspection").count() == 1


@pytest.mark.django_db
def test_another_agencys_officer_cannot_see_the_inspection(finding, people):
    client = Client()
    client.force_login(people["outsider_officer"])
    url = reverse("inspections_screen", args=[finding.inspection_id])
    assert client.get(url).status_code == 404
    raise_url = reverse("inspections_finding_raise", args=[finding.pk])
    assert client.post(raise_url).status_code == 404
    finding.refresh_from_db()
    assert finding.nonconformity_id is None


@pytest.mark.django_db
def test_supervisor_sees_no_raise_button(finding, people):
    client = Client()
    client.force_login(people["supervisor"])
    page = client.get(reverse("inspections_screen", args=[finding.inspection_id]))
    assert page.status_code == 200
    assert (
        reverse("inspections_finding_raise", args=[finding.pk])
        not in page.content.decode()
    )


@pytest.mark.django_db
def test_annual_report_section(finding, people, other_agency):
    from qms.lib.annual_report import collect

    finding_raise_nonconformity(finding=finding, user=people["officer"])
    year = finding.inspection.starts_on.year
    [section] = [s for s in collect(other_agency, year) if s.key == "inspections"]
    assert section.figures == {
        "inspections": 1,
        "inspection_findings": 1,
        "inspection_findings_raised": 1,
    }
    assert section.table[1][1].startswith("12/QĐ-SKHCN")


def _in_menu(label, html):
    # The admin menu is drawn from JSON, with non-ASCII letters escaped.
    return json.dumps(label)[1:-1] in html


@pytest.mark.parametrize(
    ("who", "shown"),
    [("officer", True), ("head", True), ("supervisor", True), ("inspector", True)],
)
@pytest.mark.django_db
def test_the_menu_offers_external_inspections(inspection, people, who, shown):
    client = Client()
    client.force_login(people[who])
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert _in_menu("Kiểm tra bên ngoài", menu) is shown


@pytest.mark.django_db
def test_plain_staff_get_no_inspection_menu(own_agency):
    from qms.roles import Role
    from tests.factories import staff_user

    client = Client()
    client.force_login(staff_user(Role.STAFF, own_agency, username="plainstaff"))
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert not _in_menu("Kiểm tra bên ngoài", menu)
    assert not _in_menu("Chứng chỉ đánh giá viên", menu)


@pytest.mark.django_db
def test_the_audits_menu_offers_auditor_certificates(people):
    client = Client()
    client.force_login(people["officer"])
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert _in_menu("Chứng chỉ đánh giá viên", menu)
    listing = client.get(reverse("auditorcertificate:index"))
    assert listing.status_code == 200


@pytest.mark.django_db
def test_the_register_lists_the_inspection_for_its_agency_only(inspection, people):
    client = Client()
    client.force_login(people["head"])
    listing = client.get(reverse("inspection:index")).content.decode()
    assert "12/QĐ-SKHCN" in listing
    assert "Sở Khoa học và Công nghệ" in listing
    client.force_login(people["outsider_officer"])
    assert "12/QĐ-SKHCN" not in client.get(reverse("inspection:index")).content.decode()
