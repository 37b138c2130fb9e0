"""Internal auditors' certificates (ISO 9001:2015 7.2, 9.2.2 d): the audit plan checks them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audits.models import Audit, AuditorCertificate, AuditSettings
from audits.services.auditors import auditor_certificate_save
from audits.services.audits import audit_save
from qms.roles import Role
from tests.audits.conftest import certify, make_audit
from tests.factories import staff_user


@pytest.fixture
def expired(province):
    """An auditor whose only certificate expired before the audit."""
    user = staff_user(Role.AUDITOR, province, username="expired")
    certify(user, issued=dt.date(2019, 3, 11), expires=dt.date(2024, 3, 10))
    return user


@pytest.mark.django_db
def test_an_expired_certificate_refuses_the_assignment(audit, people, expired):
    """GIVEN a planned audit WHEN an auditor with an expired certificate is added THEN the
    plan is refused with a Vietnamese message naming them, and the audit is unchanged."""
    before = (audit.lead_auditor_id, set(audit.team.values_list("pk", flat=True)))
    audit.scope = "Phạm vi mới"
    with pytest.raises(ValidationError) as refused:
        audit_save(
            audit=audit, team=[people["auditor2"], expired], user=people["officer"]
        )
    message = " ".join(refused.value.message_dict["team"])
    assert "chứng chỉ đánh giá viên nội bộ" in message
    assert expired.staff_profile.full_name in message
    stored = Audit.objects.get(pk=audit.pk)
    assert stored.scope == "Bộ phận Một cửa"
    assert (
        stored.lead_auditor_id,
        set(stored.team.values_list("pk", flat=True)),
    ) == before


@pytest.mark.django_db
def test_an_uncertified_lead_is_refused_on_a_new_audit(
    programme, template, people, other_agency, expired
):
    with pytest.raises(ValidationError) as refused:
        make_audit(programme, template, people | {"lead": expired}, other_agency)
    assert "lead_auditor" in refused.value.message_dict
    assert not Audit.objects.exists()


@pytest.mark.django_db
def test_a_certificate_must_cover_the_audits_dates(
    programme, template, people, other_agency
):
    """Valid on the start but expired before the end: refused."""
    AuditorCertificate.objects.filter(auditor=people["auditor2"]).update(
        expires_on=dt.date(2026, 3, 2)
    )
    with pytest.raises(ValidationError):
        make_audit(programme, template, people, other_agency)


@pytest.mark.django_db
def test_the_setting_makes_it_a_warning(audit, people, expired):
    settings = AuditSettings.load()
    settings.uncertified_auditor = AuditSettings.CertificateRule.WARN
    settings.save()

    warnings = audit_save(
        audit=audit, team=[people["auditor2"], expired], user=people["officer"]
    )
    assert any("chứng chỉ" in w for w in warnings)
    assert audit.team.filter(pk=expired.pk).exists()


@pytest.mark.django_db
def test_the_default_setting_refuses():
    assert AuditSettings.load().uncertified_auditor == "refuse"


@pytest.mark.django_db
def test_certificates_are_kept_by_the_auditors_agency(people, own_agency):
    """The ISO secretary of the auditor's agency records it; another agency's cannot."""
    officer = staff_user(Role.QUALITY_OFFICER, own_agency, username="own-officer")
    certificate = AuditorCertificate(
        auditor=people["lead"],
        course="Đánh giá viên nội bộ",
        issuer="Chi cục TĐC",
        issued_on=dt.date(2026, 1, 5),
        expires_on=dt.date(2031, 1, 4),
    )
    with pytest.raises(PermissionDenied):
        auditor_certificate_save(certificate=certificate, user=people["officer"])
    assert certificate.pk is None
    saved = auditor_certificate_save(
        certificate=certificate, user=officer, reason="Khóa học tháng 1"
    )
    record = saved.history.latest()
    assert record.history_user == officer
    assert record.history_change_reason == "Khóa học tháng 1"


@pytest.mark.django_db
def test_only_internal_auditors_get_certificates(people, own_agency):
    officer = staff_user(Role.QUALITY_OFFICER, own_agency, username="own-officer")
    staff = staff_user(Role.STAFF, own_agency, username="plain")
    with pytest.raises(ValidationError):
        auditor_certificate_save(
            certificate=AuditorCertificate(
                auditor=staff, course="x", issuer="y", issued_on=dt.date(2026, 1, 5)
            ),
            user=officer,
        )
    assert not AuditorCertificate.objects.filter(auditor=staff).exists()
