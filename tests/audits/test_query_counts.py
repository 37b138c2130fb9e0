"""PF-02: the nonconformity register (50 vs 500 rows) and an audit's checklist (10 vs 100
items) cost the same number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits.models import AuditItem, Clause, Nonconformity
from audits.services.audits import audit_start


def _count(client, url):
    client.get(url)  # warm per-request caches (site, settings)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def grow_ncs(agency, unit, owner, n, start=0):
    clause = Clause.objects.get(number="8.5.1")
    Nonconformity.objects.bulk_create(
        Nonconformity(
            code=f"SKPH-2026-{i:04d}",
            year=2026,
            sequence=i,
            source="late_dossier",
            agency=agency,
            unit=unit,
            clause=clause,
            owner=owner,
            title=f"Hồ sơ trễ hạn {i}",
            description="d",
            detected_on=dt.date(2026, 3, 1),
        )
        for i in range(start + 1, start + n + 1)
    )


def grow_items(audit, n):
    clauses = list(Clause.objects.all()[:20])
    AuditItem.objects.bulk_create(
        AuditItem(
            audit=audit,
            sort_order=i,
            question=f"Câu hỏi số {i}?",
            clause=clauses[i % len(clauses)],
            result="conforming" if i % 3 else "minor",
            evidence="Bằng chứng",
        )
        for i in range(n)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["officer", "supervisor", "staff"])
def test_nc_register_query_count_is_constant(
    client, people, other_agency, other_unit, who
):
    client.force_login(people[who])
    url = reverse("nonconformity:index") + "?per_page=50"
    grow_ncs(other_agency, other_unit, people["staff"], 50)
    fifty, html = _count(client, url)
    grow_ncs(other_agency, other_unit, people["staff"], 450, start=50)
    five_hundred, _html = _count(client, url)
    assert "SKPH-2026-0050" in html
    assert fifty == five_hundred
    export_url = reverse("nonconformity:index") + "?export=csv"
    with CaptureQueriesContext(connection) as queries:
        body = b"".join(client.get(export_url).streaming_content).decode()
    assert body.count("SKPH-2026-") == 500
    assert len(queries) <= fifty + 5


@pytest.mark.django_db
def test_audit_checklist_query_count_is_constant(client, audit, people):
    audit_start(audit=audit, user=people["lead"])
    audit.items.all().delete()
    grow_items(audit, 10)
    client.force_login(people["lead"])
    url = reverse("audits_workspace", args=[audit.pk])
    ten, html = _count(client, url)
    assert html.count('class="qms-item"') == 10
    grow_items(audit, 90)
    hundred, html = _count(client, url)
    assert html.count('class="qms-item"') == 100
    assert ten == hundred
