"""Audit fixtures: an audit of ``other_agency`` by auditors from ``own_agency`` and the province."""

import datetime as dt

import pytest

from audits.models import (
    Audit,
    AuditItem,
    AuditorCertificate,
    AuditProgramme,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Clause,
    Nonconformity,
)
from audits.services.audits import audit_save, audit_start
from audits.services.nonconformities import nonconformity_create
from qms.roles import Role
from tests.factories import staff_user


@pytest.fixture
def template(db):
    tpl = ChecklistTemplate.objects.create(code="CL-TEST", name="Danh mục thử")
    for n, number in enumerate(["4.1", "7.5.3", "10.2"], start=1):
        ChecklistTemplateItem.objects.create(
            template=tpl,
            sort_order=n,
            question=f"Câu hỏi {n}?",
            clause=Clause.objects.get(number=number),
        )
    return tpl


@pytest.fixture
def people(own_agency, other_agency, province):
    """Auditors from elsewhere, and the audited agency's officer, head and staff.

    The auditors hold certificates that do not expire (ISO 9001:2015 7.2): without one the
    audit plan refuses them.
    """
    found = {
        "lead": staff_user(Role.AUDITOR, own_agency, username="lead"),
        "auditor2": staff_user(Role.AUDITOR, province, username="auditor2"),
        "local_auditor": staff_user(Role.AUDITOR, other_agency, username="localaud"),
        "officer": staff_user(Role.QUALITY_OFFICER, other_agency, username="officer"),
        "head": staff_user(Role.HEAD, other_agency, username="head"),
        "staff": staff_user(Role.STAFF, other_agency, username="staff"),
        "outsider_officer": staff_user(
            Role.QUALITY_OFFICER, own_agency, username="outsider"
        ),
        "supervisor": staff_user(Role.SUPERVISOR, own_agency, username="sup"),
    }
    for key in ("lead", "auditor2", "local_auditor"):
        certify(found[key])
    return found


def certify(user, issued=dt.date(2025, 1, 6), expires=None):
    """Give an auditor a certificate (straight into the register: a fixture, not a test)."""
    return AuditorCertificate.objects.create(
        auditor=user,
        course="Đánh giá viên nội bộ TCVN ISO 9001:2015",
        issuer="Chi cục Tiêu chuẩn Đo lường Chất lượng",
        number=f"CC-{user.username}",
        issued_on=issued,
        expires_on=expires,
    )


@pytest.fixture
def programme(other_agency):
    prog = AuditProgramme.objects.create(
        year=2026, title="Chương trình 2026", agency=other_agency
    )
    prog.agencies_in_scope.add(other_agency)
    return prog


def make_audit(programme, template, people, agency, unit=None, code="DG-2026-01", **kw):
    audit = Audit(
        programme=programme,
        code=code,
        agency=agency,
        unit=unit,
        scope="Bộ phận Một cửa",
        criteria="TCVN ISO 9001:2015",
        template=template,
        lead_auditor=people["lead"],
        planned_start=kw.get("start", dt.date(2026, 3, 2)),
        planned_end=kw.get("end", dt.date(2026, 3, 3)),
    )
    audit_save(audit=audit, team=[people["auditor2"]], user=people["officer"])
    return audit


@pytest.fixture
def audit(programme, template, people, other_agency, other_unit):
    return make_audit(programme, template, people, other_agency, other_unit)


@pytest.fixture
def started(audit, people):
    return audit_start(audit=audit, user=people["lead"])


@pytest.fixture
def nc(other_agency, people):
    return nonconformity_create(
        nc=Nonconformity(
            source=Nonconformity.Source.SELF_DETECTED,
            agency=other_agency,
            title="Niêm yết TTHC chưa cập nhật",
            description="Bảng niêm yết còn phí cũ.",
            owner=people["staff"],
        ),
        user=people["officer"],
    )


def finding(started, result=AuditItem.Result.MINOR):
    item = started.items.order_by("sort_order").first()
    from audits.services.audits import audit_item_record

    return audit_item_record(
        item=item,
        user=started.lead_auditor,
        result=result,
        evidence="Hồ sơ 000.00.12.H33-260301-0001 trễ hạn 2 ngày.",
        sampled_dossiers="000.00.12.H33-260301-0001\n000.00.12.H33-260301-0002",
    )
