"""CSV exports open in Excel, cannot run formulas, show local dates and labels (issue 10, part 5)."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from qms.lib.exports import _csv_datetime as csv_datetime
from qms.lib.exports import escape_formula, export_value
from qms.models import Agency
from tests.factories import AgencyFactory


@pytest.fixture
def agencies_csv(client, db):
    AgencyFactory(
        name='=HYPERLINK("http://evil.example","Bấm")',
        kind=Agency.Kind.DEPARTMENT,
        admin_code="+84",
        valid_from=dt.date(2025, 7, 1),
        legal_basis="@SUM(1)",
    )
    admin = get_user_model().objects.create_superuser(
        "root", "r@example.vn", "x-Mat-khau-9"
    )
    client.force_login(admin)
    response = client.get(reverse("agency:index"), {"export": "csv"})
    assert response.status_code == 200
    return response


def test_the_csv_starts_with_a_bom_and_is_utf8(agencies_csv):
    """Excel picks UTF-8 only from the byte-order mark; without it Vietnamese is garbled."""
    body = b"".join(agencies_csv.streaming_content)

    assert body.startswith("\ufeff".encode())
    assert agencies_csv["Content-Type"] == "text/csv; charset=utf-8"
    assert "Tên cơ quan".encode() in body.split(b"\r\n")[0]


def _rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_formula_cells_are_escaped_and_codes_become_labels(agencies_csv):
    row = next(r for r in _rows(agencies_csv) if "HYPERLINK" in "".join(r))

    # name, kind (label, not "so"), parent, admin code, valid from (local format), to, basis
    assert row == [
        '\'=HYPERLINK("http://evil.example","Bấm")',
        "Sở",
        "",
        "'+84",
        "01/07/2025",
        "",
        "'@SUM(1)",
    ]


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"],
)
def test_every_formula_lead_is_escaped(value):
    assert escape_formula(value) == "'" + value


def test_plain_text_is_left_alone():
    assert escape_formula("Quy trình 01") == "Quy trình 01"


def test_datetimes_are_written_in_local_time():
    """Stored in UTC (AT-06); 20:30 UTC is 03:30 the next day in Hà Nội."""
    with translation.override("vi"):
        value = csv_datetime(dt.datetime(2026, 1, 1, 20, 30, tzinfo=dt.UTC))

    assert value == "03:30 02/01/2026"


def test_choice_fields_export_their_label_through_relations():
    agency = AgencyFactory.build(kind=Agency.Kind.DEPARTMENT)
    holder = type("Row", (), {"agency": agency})()

    with translation.override("vi"):
        assert export_value(holder, "agency.kind") == str(agency.get_kind_display())
        assert export_value(holder, "agency.name") == agency.name


def test_people_are_exported_by_their_full_name_not_their_username(seeded, client):
    """A register printed for the agency names people as they sign, never by login name."""
    from audits.models import Nonconformity

    nc = (
        Nonconformity.objects.filter(owner__isnull=False)
        .select_related("owner")
        .first()
    )
    assert nc is not None and nc.owner.get_full_name()
    client.force_login(get_user_model().objects.get(username="admin"))
    with translation.override("vi"):
        response = client.get(reverse("nonconformity:index"), {"export": "csv"})
    rows = _rows(response)
    row = next(r for r in rows if nc.code in r)
    assert nc.owner.get_full_name() in row
    assert nc.owner.get_username() not in row
