"""History screens show who, when, what changed (old → new) and why (AT-01, ISO 7.5.3.2 c)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits.models import Nonconformity
from audits.services.audits import audit_save
from audits.services.nonconformities import nonconformity_update
from qms.roles import Role
from tests.audits.conftest import certify
from tests.factories import staff_user


def _edit(nc, user, n):
    nc = Nonconformity.objects.get(pk=nc.pk)
    nc.description = f"Mô tả lần {n}"
    nc.severity = (
        Nonconformity.Severity.MAJOR if n % 2 else Nonconformity.Severity.MINOR
    )
    return nonconformity_update(nc=nc, user=user, reason=f"Lý do số {n}")


@pytest.mark.django_db
def test_history_shows_old_and_new_values_with_labels_and_reason(client, people, nc):
    """GIVEN a nonconformity corrected by the quality officer with a reason
    WHEN the history screen is opened
    THEN it shows her printed name, the field's Vietnamese label, old → new with choice
    labels, and the reason; newest first."""
    _edit(nc, people["officer"], 1)
    client.force_login(people["officer"])
    html = client.get(reverse("nonconformity:history", args=[nc.pk])).content.decode()
    officer_name = people["officer"].staff_profile.full_name
    assert officer_name in html
    assert "Lý do số 1" in html
    assert "Bảng niêm yết còn phí cũ." in html and "Mô tả lần 1" in html
    assert "Mức độ" in html  # verbose_name "severity" in Vietnamese, capitalised
    assert "Nhẹ" in html and "Nặng" in html  # choice labels, not "minor"/"major"
    assert html.index("Lý do số 1") < html.index("Đã lập phiếu SKPH")


@pytest.mark.django_db
def test_history_of_another_agencys_record_is_404(client, people, nc):
    client.force_login(people["outsider_officer"])
    response = client.get(reverse("nonconformity:history", args=[nc.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_history_query_count_does_not_grow_with_rows(client, people, nc):
    """PF-02 for the audit trail: a page of 3 rows and a page of 20 cost the same queries."""
    client.force_login(people["officer"])
    url = reverse("nonconformity:history", args=[nc.pk])
    for n in range(2):
        _edit(nc, people["officer"], n)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(2, 30):
        _edit(nc, people["staff"] if n % 2 else people["officer"], n)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]
    # Paged: the first page holds 20 of the 31 rows.
    assert response.content.decode().count("Lý do số") == 20


@pytest.mark.django_db
def test_history_shows_m2m_team_changes_by_name(client, people, audit, province):
    newcomer = staff_user(Role.AUDITOR, province, username="newcomer")
    certify(newcomer)
    audit_save(
        audit=audit,
        team=[people["auditor2"], newcomer],
        user=people["officer"],
        reason="Bổ sung thành viên",
    )
    client.force_login(people["officer"])
    html = client.get(reverse("audit:history", args=[audit.pk])).content.decode()
    assert newcomer.staff_profile.full_name in html
    assert "Thành viên đoàn đánh giá" in html
    assert "Bổ sung thành viên" in html
