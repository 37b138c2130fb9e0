"""Dossier statistics pushed by the one-stop system (issue 17 part 3): the import's checks
row by row, upserted, idempotent, scoped to the key's agency."""

import pytest

from api.services import system_key_create
from audits.models import Nonconformity
from dossiers.models import DossierImport, DossierStatistic
from tests.factories import AgencyFactory, UserFactory

URL = "/api/v1/statistics/"


@pytest.fixture
def secret(db, tree):
    admin = UserFactory(username="quantri-tk", is_superuser=True)
    _key, secret = system_key_create(
        name="Hệ thống một cửa tỉnh",
        agency=tree["agency"],
        scopes=["statistics"],
        user=admin,
    )
    return secret


def _row(code="1.001234", month="09/2026", **counts):
    values = {
        "received": 10,
        "resolved_early": 2,
        "resolved_on_time": 7,
        "resolved_late": 0,
        "pending": 1,
        "returned": 0,
        "apology_letters": 0,
    }
    values.update(counts)
    return {
        "national_code": code,
        "procedure_name": "Đăng ký thường trú",
        "period": month,
        **values,
    }


def _push(client, secret, rows, **body):
    return client.post(
        URL,
        {"rows": rows, **body},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Api-Key {secret}",
    )


@pytest.mark.django_db
def test_valid_rows_are_stored_rejected_rows_reported_by_position_and_field(
    client, secret, tree
):
    response = _push(
        client,
        secret,
        [_row(), _row(code="1.005678"), _row(code="2.000001", resolved_late=-3)],
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["accepted"], body["rejected"], body["added"]) == (2, 1, 2)
    assert body["errors"] == [
        {
            "row": 3,
            "field": "resolved_late",
            "detail": "Dòng 3, cột «Quá hạn»: phải là số nguyên không âm",
        }
    ]
    assert set(
        DossierStatistic.objects.filter(agency=tree["agency"]).values_list(
            "national_code", flat=True
        )
    ) == {"1.001234", "1.005678"}
    batch = DossierImport.objects.get(pk=body["batch"])
    assert batch.status == DossierImport.Status.DONE
    assert "Hệ thống một cửa tỉnh" in batch.filename
    assert b"1.005678" in batch.file.open("rb").read()  # the pushed rows, kept


@pytest.mark.django_db
def test_pushing_again_changes_nothing_a_changed_row_replaces_none_is_removed(
    client, secret, tree
):
    rows = [_row(), _row(code="1.005678")]
    assert _push(client, secret, rows).json()["added"] == 2
    again = _push(client, secret, rows).json()
    assert (again["added"], again["changed"]) == (0, 0)
    changed = _push(client, secret, [_row(received=12, pending=3)]).json()
    assert (changed["added"], changed["changed"]) == (0, 1)
    stats = DossierStatistic.objects.filter(agency=tree["agency"])
    assert stats.count() == 2  # the row not named in the last push is kept
    assert stats.get(national_code="1.001234").received == 12
    assert stats.get(national_code="1.001234").history.count() == 2


@pytest.mark.django_db
def test_a_late_month_raises_one_nonconformity_never_twice(client, secret, tree):
    late = [_row(resolved_early=0, resolved_on_time=1, resolved_late=8)]
    assert _push(client, secret, late).json()["late_nonconformities"] == 1
    assert _push(client, secret, late).json()["late_nonconformities"] == 0
    assert (
        Nonconformity.objects.filter(
            agency=tree["agency"], source=Nonconformity.Source.LATE_DOSSIER
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_no_valid_row_stores_nothing_and_answers_a_problem(client, secret):
    response = _push(client, secret, [_row(period="13/2026"), {"x": 1}, "not a row"])
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["detail"] == "Không dòng nào hợp lệ; không lưu gì."
    assert [e["row"] for e in body["errors"]["rows"]][:1] == [1]
    assert DossierImport.objects.count() == 0
    assert DossierStatistic.objects.count() == 0


@pytest.mark.django_db
def test_another_agency_and_another_scope_are_refused(client, secret, tree):
    other = AgencyFactory(name="UBND xã Khác")
    refused = _push(client, secret, [_row()], agency=str(other.pk))
    assert refused.status_code == 403
    assert DossierStatistic.objects.count() == 0
    admin = UserFactory(username="quantri-tk2", is_superuser=True)
    _key, reader = system_key_create(
        name="Chỉ đọc", agency=tree["agency"], scopes=["registers"], user=admin
    )
    assert _push(client, reader, [_row()]).status_code == 403
    assert DossierStatistic.objects.count() == 0
