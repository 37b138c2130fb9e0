"""Admin screens: scoped by agency, supervisors read registers (not drafts) and write nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conformity import services
from conformity.models import Announcement, ScopeVersion
from tests.conformity.conftest import PASSWORD, announce
from tests.documents import pdf_fixtures


def _refused(response) -> bool:
    """403, or Wagtail's answer to a refused admin view: back to the dashboard."""
    home = reverse("wagtailadmin_home")
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == home
    )


@pytest.mark.django_db
def test_another_agencys_scope_and_announcement_answer_404(
    client, own_agency, people, scope
):
    announcement = announce(own_agency, people, scope)
    client.force_login(people["outsider"])
    for url in (
        reverse("conformity_agency", args=[own_agency.pk]),
        reverse("conformity_scope", args=[scope.pk]),
        reverse("conformity_scope_edit", args=[scope.pk]),
        reverse("conformity_announcement", args=[announcement.pk]),
        reverse("conformity_announcement_pdf", args=[announcement.pk]),
        reverse("conformity_announcement_withdraw", args=[announcement.pk]),
        reverse("conformity_announce", args=[own_agency.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("conformity_announcement_withdraw", args=[announcement.pk]),
        {"reason": "x"},
    )
    assert response.status_code == 404
    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.ACTIVE
    index = client.get(reverse("conformity_index")).content.decode()
    assert own_agency.name not in index


@pytest.mark.django_db
def test_the_supervisor_reads_every_agency_but_writes_nothing(
    client, own_agency, people, scope
):
    announcement = announce(own_agency, people, scope)
    draft = services.scope_draft_start(agency=own_agency, user=people["officer"])
    client.force_login(people["supervisor"])
    index = client.get(reverse("conformity_index")).content.decode()
    assert own_agency.name in index and announcement.decision_number in index
    page = client.get(reverse("conformity_agency", args=[own_agency.pk]))
    assert page.status_code == 200
    assert "Lập dự thảo phiên bản phạm vi mới" not in page.content.decode()
    assert client.get(reverse("conformity_scope", args=[scope.pk])).status_code == 200
    assert (
        client.get(
            reverse("conformity_announcement_pdf", args=[announcement.pk])
        ).status_code
        == 200
    )
    # A draft is not a register: not even the supervisor reads another agency's.
    assert client.get(reverse("conformity_scope", args=[draft.pk])).status_code == 404
    posts = [
        (reverse("conformity_scope_new", args=[own_agency.pk]), {}),
        (
            reverse("conformity_announce", args=[own_agency.pk]),
            {"decision_number": "9"},
        ),
        (
            reverse("conformity_announcement_withdraw", args=[announcement.pk]),
            {"reason": "x"},
        ),
    ]
    for url, data in posts:
        assert _refused(client.post(url, data)), url
    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.ACTIVE
    assert ScopeVersion.objects.filter(agency=own_agency).count() == 2


@pytest.mark.django_db
def test_the_supervisors_list_shows_obliged_scope_and_announcement_state(
    client, own_agency, other_agency, people, scope
):
    announce(own_agency, people, scope)
    client.force_login(people["supervisor"])
    current = client.get(
        reverse("conformity_index"), {"state": "current"}
    ).content.decode()
    assert own_agency.name in current and other_agency.name not in current
    never = client.get(reverse("conformity_index"), {"state": "never"}).content.decode()
    assert other_agency.name in never and own_agency.name not in never


@pytest.mark.django_db
def test_the_secretary_drafts_and_the_head_approves_on_screen(
    client, own_agency, own_unit, people
):
    client.force_login(people["officer"])
    response = client.post(reverse("conformity_scope_new", args=[own_agency.pk]))
    draft = ScopeVersion.objects.get(agency=own_agency)
    assert response.url == reverse("conformity_scope_edit", args=[draft.pk])
    response = client.post(
        reverse("conformity_scope_edit", args=[draft.pk]),
        {
            "other_procedures": "1.001233 | Cấp Phiếu lý lịch tư pháp",
            "processes": "Tiếp nhận hồ sơ",
            "units": [str(own_unit.pk)],
            "exclusions": "8.3 |",
        },
    )
    assert response.status_code == 200  # refused: an exclusion without justification
    assert "8.3" in response.content.decode()
    response = client.post(
        reverse("conformity_scope_edit", args=[draft.pk]),
        {
            "other_procedures": "1.001233 | Cấp Phiếu lý lịch tư pháp",
            "processes": "Tiếp nhận hồ sơ",
            "units": [str(own_unit.pk)],
            "exclusions": "8.3 | Không thiết kế",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.procedures == [
        {"code": "1.001233", "name": "Cấp Phiếu lý lịch tư pháp"}
    ]
    assert draft.units == [{"id": own_unit.pk, "name": own_unit.name}]
    url = reverse("conformity_scope_approve", args=[draft.pk])
    assert _refused(client.get(url))  # the secretary does not approve
    client.force_login(people["head"])
    client.post(url, {"password": PASSWORD})
    draft.refresh_from_db()
    assert draft.status == ScopeVersion.Status.APPROVED


@pytest.mark.django_db
def test_a_bad_upload_on_screen_is_refused_and_nothing_is_kept(
    client, own_agency, people, scope
):
    client.force_login(people["officer"])
    data = {
        "scope": scope.pk,
        "decision_number": "20/QĐ-STP",
        "decision_date": "2026-02-01",
        "signer": people["head"].pk,
        "standard": "TCVN ISO 9001:2015",
        "is_public": "on",
        "mode": "upload",
    }
    bad = SimpleUploadedFile("qd.pdf", b"<html>not a pdf</html>", "application/pdf")
    response = client.post(
        reverse("conformity_announce", args=[own_agency.pk]), {**data, "file": bad}
    )
    assert response.status_code == 200
    assert "PDF" in response.content.decode()
    assert not Announcement.objects.exists()
    good = SimpleUploadedFile("qd.pdf", pdf_fixtures.clean_pdf(), "application/pdf")
    response = client.post(
        reverse("conformity_announce", args=[own_agency.pk]), {**data, "file": good}
    )
    assert response.status_code == 302
    assert Announcement.objects.get().decision_date == dt.date(2026, 2, 1)


@pytest.mark.django_db
def test_a_draft_of_an_announced_scope_warns_that_a_new_announcement_is_due(
    client, own_agency, people, scope
):
    draft = services.scope_draft_start(agency=own_agency, user=people["officer"])
    client.force_login(people["officer"])
    url = reverse("conformity_scope", args=[draft.pk])
    assert "Cần công bố lại" not in client.get(url).content.decode()
    announce(own_agency, people, scope)
    assert "Cần công bố lại" in client.get(url).content.decode()
    services.scope_draft_save(
        version=draft,
        user=people["officer"],
        procedures=[{"code": "3", "name": "Mới"}],
        processes="",
        units=[],
        exclusions=[],
    )
    services.scope_approve(version=draft, user=people["head"], password=PASSWORD)
    agency_page = client.get(reverse("conformity_agency", args=[own_agency.pk]))
    assert "Cần công bố lại" in agency_page.content.decode()


@pytest.mark.django_db
def test_the_announcement_screen_shows_its_history_with_reasons(
    client, own_agency, people, scope
):
    announcement = announce(own_agency, people, scope)
    services.announcement_withdraw(
        announcement=announcement, user=people["officer"], reason="Sai số quyết định"
    )
    client.force_login(people["auditor"])
    html = client.get(
        reverse("conformity_announcement", args=[announcement.pk])
    ).content.decode()
    assert "Sai số quyết định" in html  # the reason for withdrawal
    assert "Thu hồi công bố HTQLCL" in html  # the history row's reason
    assert "Ghi nhận công bố HTQLCL" in html
    assert "Thu hồi công bố</a>" not in html  # an auditor reads, does not act
