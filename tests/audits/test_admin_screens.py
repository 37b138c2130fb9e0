"""Admin screens render for the roles that use them, and create through the services."""

import pytest
from django.urls import reverse

from audits.models import Nonconformity


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    [
        "audit:add",
        "nonconformity:add",
        "checklisttemplate:add",
        "auditprogramme:add",
        "audit:index",
        "nonconformity:index",
        "checklisttemplate:index",
        "auditprogramme:index",
        "correctiveaction:index",
        "wagtailadmin_home",
    ],
)
def test_officer_screens_render(client, people, audit, url_name):
    client.force_login(people["officer"])
    assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.django_db
def test_officer_registers_a_nonconformity_in_the_admin(client, people, other_agency):
    client.force_login(people["officer"])
    response = client.post(
        reverse("nonconformity:add"),
        {
            "source": "late_dossier",
            "severity": "minor",
            "agency": other_agency.pk,
            "title": "Hồ sơ trễ hạn",
            "description": "Trễ 2 ngày",
            "detected_on": "01/03/2026",
            "owner": people["staff"].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    nc = Nonconformity.objects.get()
    assert nc.code == "SKPH-2026-0001"
    assert nc.detected_by == people["officer"]
    assert nc.history.first().history_user == people["officer"]


@pytest.mark.django_db
def test_programme_calendar_and_approval(client, people, programme, audit):
    client.force_login(people["officer"])
    html = client.get(
        reverse("audits_programme_calendar", args=[programme.pk])
    ).content.decode()
    assert audit.code in html
    client.post(reverse("audits_programme_approve", args=[programme.pk]))
    programme.refresh_from_db()
    assert programme.approved_at is None  # only the head approves
    client.force_login(people["head"])
    client.post(reverse("audits_programme_approve", args=[programme.pk]))
    programme.refresh_from_db()
    assert programme.approved_by == people["head"]


@pytest.mark.django_db
def test_workspace_of_a_started_audit_shows_the_raise_button_for_findings(
    client, people, started
):
    from tests.audits.conftest import finding

    finding(started)
    client.force_login(people["lead"])
    html = client.get(reverse("audits_workspace", args=[started.pk])).content.decode()
    assert (
        reverse(
            "audits_item_raise", args=[started.items.order_by("sort_order").first().pk]
        )
        in html
    )


@pytest.mark.django_db
def test_new_template_version_from_the_listing(client, people, template):
    from audits.models import ChecklistTemplate

    template.agency = people["officer"].staff_profile.agency
    template.save()
    client.force_login(people["officer"])
    listing = client.get(reverse("checklisttemplate:index")).content.decode()
    url = reverse("audits_template_new_version", args=[template.pk])
    assert url in listing
    assert client.get(url).status_code == 200
    response = client.post(url)
    new = ChecklistTemplate.objects.get(code=template.code, is_current=True)
    assert new.version == 2 and new.items.count() == 3
    assert response.url == reverse("checklisttemplate:edit", args=[new.pk])


@pytest.mark.django_db
def test_officer_cannot_create_a_shared_template(client, people):
    from audits.models import ChecklistTemplate

    client.force_login(people["officer"])
    response = client.post(
        reverse("checklisttemplate:add"),
        {
            "code": "CL-X",
            "name": "Mẫu",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert not ChecklistTemplate.objects.filter(code="CL-X").exists()
    response = client.post(
        reverse("checklisttemplate:add"),
        {
            "code": "CL-X",
            "name": "Mẫu",
            "agency": people["officer"].staff_profile.agency_id,
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    assert ChecklistTemplate.objects.get(code="CL-X").version == 1
