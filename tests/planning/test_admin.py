"""The planning admin: scoping, forms through the services, action screens, listing cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from planning.models import Risk, TreatmentAction
from tests.planning.conftest import new_action, new_risk


def _risk_form(agency, **extra):
    data = {
        "agency": agency.pk,
        "kind": "risk",
        "status": "open",
        "title": "Thất lạc hồ sơ",
        "process_name": "Lưu trữ",
        "cause": "Không có sổ giao nhận.",
        "consequence": "Phải nộp lại.",
        "likelihood": 2,
        "impact": 5,
        "change_reason": "",
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_another_agencys_records_answer_404(client, people, risk):
    action = new_action(risk, people["officer"], people["staff"])
    client.force_login(people["outsider"])
    assert (
        risk.title not in client.get(reverse("planning_risks:index")).content.decode()
    )
    for url in (
        reverse("planning_risks:inspect", args=[risk.pk]),
        reverse("planning_risks:edit", args=[risk.pk]),
        reverse("planning_risks:history", args=[risk.pk]),
        reverse("planning_actions:inspect", args=[action.pk]),
        reverse("planning_action_complete", args=[action.pk]),
        reverse("planning_action_cancel", args=[action.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("planning_action_complete", args=[action.pk]),
        {"evidence": "Giả mạo", "completed_on": "2026-01-01"},
    )
    assert response.status_code == 404
    assert TreatmentAction.objects.get(pk=action.pk).status == "open"


@pytest.mark.django_db
def test_staff_read_their_agencys_register_and_supervisors_every_one(
    client, people, risk, other_agency
):
    other = new_risk(other_agency, people["outsider"], title="Rủi ro phường khác")
    client.force_login(people["staff"])
    page = client.get(reverse("planning_risks:index")).content.decode()
    assert risk.title in page and other.title not in page
    assert client.get(reverse("planning_risks:add")).status_code in (302, 403)
    client.force_login(people["supervisor"])
    page = client.get(reverse("planning_risks:index")).content.decode()
    assert risk.title in page and other.title in page
    assert client.get(reverse("planning_risks:edit", args=[risk.pk])).status_code in (
        302,
        403,
    )


@pytest.mark.django_db
def test_officer_adds_and_edits_with_a_reason(client, own_agency, people):
    client.force_login(people["officer"])
    response = client.post(reverse("planning_risks:add"), _risk_form(own_agency))
    assert response.status_code == 302, response.content.decode()[:2000]
    risk = Risk.objects.get(title="Thất lạc hồ sơ")
    assert (risk.rating, risk.band) == (10, "medium")
    with translation.override("vi"):
        response = client.post(
            reverse("planning_risks:edit", args=[risk.pk]),
            _risk_form(own_agency, likelihood=3),
            HTTP_ACCEPT_LANGUAGE="vi",
        )
    assert response.status_code == 200
    assert "Nhập lý do thay đổi." in response.content.decode()
    assert Risk.objects.get(pk=risk.pk).likelihood == 2
    client.post(
        reverse("planning_risks:edit", args=[risk.pk]),
        _risk_form(own_agency, likelihood=3, change_reason="Đánh giá lại"),
    )
    risk.refresh_from_db()
    assert (risk.likelihood, risk.rating, risk.band) == (3, 15, "high")
    assert risk.history.first().history_change_reason == "Đánh giá lại"


@pytest.mark.django_db
def test_the_risk_page_lists_its_actions_and_the_owner_records_one_done(
    client, people, risk
):
    action = new_action(
        risk, people["officer"], people["staff"], action="Lập sổ giao nhận"
    )
    client.force_login(people["officer"])
    page = client.get(
        reverse("planning_risks:inspect", args=[risk.pk])
    ).content.decode()
    assert "Lập sổ giao nhận" in page
    assert reverse("planning_actions:add") + f"?risk={risk.pk}" in page
    client.force_login(people["staff"])
    url = reverse("planning_action_complete", args=[action.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"evidence": "Sổ đã dùng", "completed_on": "2026-11-01"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.evidence == "Sổ đã dùng"
    # Staff cannot cancel: only the ISO secretary keeps the register.
    other = new_action(risk, people["officer"], people["staff"], action="Khác")
    assert client.get(
        reverse("planning_action_cancel", args=[other.pk])
    ).status_code in (302, 403)


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["planning_risks:index", "planning_actions:index"])
def test_register_lists_cost_the_same_whatever_the_number_of_rows(
    client, own_agency, people, name
):
    officer = people["officer"]
    client.force_login(officer)

    def add(n):
        for i in range(n):
            risk = new_risk(
                own_agency, officer, title=f"Rủi ro {i}-{n}", owner=people["staff"]
            )
            new_action(risk, officer, people["staff"])

    add(2)
    url = reverse(name)
    _count_queries(client, url)  # warm the caches (site, permissions)
    few = _count_queries(client, url)
    add(8)
    assert _count_queries(client, url) == few


@pytest.mark.django_db
def test_the_register_exports_in_scope(client, people, risk, other_agency):
    new_risk(other_agency, people["outsider"], title="Rủi ro phường khác")
    client.force_login(people["officer"])
    response = client.get(reverse("planning_risks:index") + "?export=csv")
    body = (
        b"".join(response.streaming_content).decode("utf-8-sig")
        if hasattr(response, "streaming_content")
        else response.content.decode("utf-8-sig")
    )
    assert risk.title in body and "Rủi ro phường khác" not in body
