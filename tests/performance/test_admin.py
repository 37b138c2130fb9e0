"""The objectives' screens: scoping, approval with the password, entry, chart, query cost."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from performance.models import Measurement, QualityObjective
from performance.services import measurement_record
from tests.factories import AgencyFactory
from tests.performance.conftest import FEB, JAN, PASSWORD, draft

pytestmark = pytest.mark.django_db


def _detail(objective):
    return reverse("performance_objective", args=[objective.pk])


def _refused(response):
    """Wagtail answers PermissionDenied in the admin with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302
        and response["Location"] == reverse("wagtailadmin_home")
    )


def _doors(objective):
    return [
        _detail(objective),
        reverse("performance_objective_edit", args=[objective.pk]),
        reverse("performance_objective_approve", args=[objective.pk]),
        reverse("performance_objective_measure", args=[objective.pk]),
    ]


def test_another_agencys_officer_gets_404_and_changes_nothing(client, approved, people):
    client.force_login(people["outsider"])
    index = client.get(
        reverse("performance_objectives") + f"?agency={approved.agency_id}"
    )
    assert index.status_code == 200
    assert approved.text not in index.content.decode()
    for url in _doors(approved):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("performance_objective_measure", args=[approved.pk]),
        {"period": "2026-01-01_2026-01-31", "value": "1"},
    )
    assert response.status_code == 404
    assert not Measurement.objects.exists()


def test_staff_do_not_open_the_objectives(client, approved, people):
    client.force_login(people["staff"])
    assert _refused(client.get(reverse("performance_objectives")))
    assert _refused(client.get(_detail(approved)))


def test_a_supervisor_reads_every_agency_and_writes_nothing(client, approved, people):
    client.force_login(people["supervisor"])
    html = client.get(_detail(approved)).content.decode()
    assert approved.text in html
    assert reverse("performance_objective_measure", args=[approved.pk]) not in html
    listing = client.get(
        reverse("performance_objectives") + f"?agency={approved.agency_id}"
    )
    assert approved.text in listing.content.decode()
    response = client.post(
        reverse("performance_objective_measure", args=[approved.pk]),
        {"period": "2026-01-01_2026-01-31", "value": "1"},
    )
    assert _refused(response)
    assert _refused(client.get(reverse("performance_objective_add")))
    assert not Measurement.objects.exists()


def test_the_head_approves_on_the_screen_only_with_the_right_password(
    client, objective, people
):
    client.force_login(people["head"])
    url = reverse("performance_objective_approve", args=[objective.pk])
    wrong = client.post(url, {"password": "sai-mat-khau"})
    assert wrong.status_code == 200
    assert "password" in wrong.content.decode().lower() or wrong.context["form"].errors
    objective.refresh_from_db()
    assert objective.status == QualityObjective.Status.DRAFT
    right = client.post(url, {"password": PASSWORD, "reason": ""})
    assert right.status_code == 302
    objective.refresh_from_db()
    assert objective.status == QualityObjective.Status.APPROVED
    client.force_login(people["officer"])
    assert _refused(client.get(url))  # the secretary does not approve


def test_the_officer_drafts_on_the_screen(client, other_agency, on_time, people):
    client.force_login(people["officer"])
    response = client.post(
        reverse("performance_objective_add"),
        {
            "year": "2026",
            "text": "Không quá 5 hồ sơ trễ hạn mỗi tháng.",
            "indicator": on_time.pk,
            "target": "98",
            "frequency": "quarter",
            "plan_what": "Rà soát hằng tuần.",
        },
    )
    assert response.status_code == 302, response.context["form"].errors.as_text()
    objective = QualityObjective.objects.get()
    assert objective.agency == other_agency
    assert objective.status == QualityObjective.Status.DRAFT


def test_the_officer_enters_a_measurement_and_sees_it_in_the_chart(
    client, approved, people
):
    client.force_login(people["officer"])
    response = client.post(
        reverse("performance_objective_measure", args=[approved.pk]),
        {"period": "2026-02-01_2026-02-28", "value": "91,5", "note": "Tháng Tết"},
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert (measurement.period_start, measurement.period_end) == FEB
    assert measurement.recorded_by == people["officer"]
    with translation.override("vi"):
        html = client.get(_detail(approved), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "Không đạt" in html  # 91,5 against 98: missed, in Vietnamese
    assert "91,5" in html


def test_a_change_on_the_screen_asks_for_the_reason(client, approved, people):
    client.force_login(people["officer"])
    url = reverse("performance_objective_edit", args=[approved.pk])
    data = {
        "text": approved.text,
        "indicator": approved.indicator_id,
        "target": "99",
        "frequency": "month",
        "plan_what": approved.plan_what,
    }
    assert client.post(url, data).status_code == 200  # no reason: the form again
    approved.refresh_from_db()
    assert approved.target == Decimal("98")
    assert client.post(url, {**data, "reason": "Chỉ tiêu tỉnh"}).status_code == 302
    approved.refresh_from_db()
    assert approved.target == Decimal("99")
    assert approved.status == QualityObjective.Status.APPROVED


def _objectives_in(agencies, indicator, user):
    for agency in agencies:
        for _n in range(2):
            objective = draft(agency, indicator, user)
            QualityObjective.objects.filter(pk=objective.pk).update(
                status="approved", approved_by=user, approved_at="2026-01-02T00:00Z"
            )
            objective.status = "approved"
            for period in (JAN, FEB):
                measurement_record(
                    objective=objective,
                    period_start=period[0],
                    period_end=period[1],
                    value="97",
                    source="imported",
                    user=None,
                )


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("count", [2, 20])
def test_the_overviews_cost_the_same_at_2_and_20_agencies(
    client, province, on_time, count, django_assert_num_queries
):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root-p", "r@example.vn", "x")
    agencies = [AgencyFactory(parent=province) for _i in range(count)]
    _objectives_in(agencies, on_time, admin)
    client.force_login(admin)
    overview = reverse("performance_province") + "?year=2026"
    index = reverse("performance_objectives") + f"?agency={agencies[-1].pk}&year=2026"
    client.get(overview)  # warm the session and Wagtail's caches
    client.get(index)
    # Session, user, the agencies and the objectives with their latest measurement,
    # plus Wagtail's admin chrome: a fixed number, whatever the count.
    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = client.get(overview)
    assert response.content.decode().count("/admin/objectives/?agency=") >= count
    with django_assert_num_queries(INDEX_QUERIES):
        client.get(index)


OVERVIEW_QUERIES = 13
INDEX_QUERIES = 13


def test_the_menu_offers_the_objectives_in_vietnamese_to_their_readers(rf, people):
    from performance.wagtail_hooks import register_objectives_menu_item

    item = register_objectives_menu_item()
    with translation.override("vi"):
        assert str(item.label) == "Mục tiêu chất lượng"
    for who, shown in (
        ("officer", True),
        ("head", True),
        ("supervisor", True),
        ("staff", False),
    ):
        request = rf.get("/admin/")
        request.user = people[who]
        assert item.is_shown(request) is shown, who


def test_the_overview_leaves_out_agencies_dissolved_before_the_year(
    client, province, people
):
    import datetime as dt

    gone = AgencyFactory(
        name="UBND huyện Đã Giải Thể",
        parent=province,
        valid_from=dt.date(2015, 1, 1),
        valid_to=dt.date(2025, 6, 30),
    )
    client.force_login(people["supervisor"])
    url = reverse("performance_province")
    assert gone.name not in client.get(url + "?year=2026").content.decode()
    assert gone.name in client.get(url + "?year=2025").content.decode()
