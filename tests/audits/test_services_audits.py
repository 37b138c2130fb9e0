"""Audit planning and conducting services (ISO 9001:2015 9.2)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audits.models import Audit, AuditItem, ChecklistTemplateItem, Clause
from audits.services.audits import (
    agencies_without_completed_audit,
    audit_finish_fieldwork,
    audit_item_record,
    audit_save,
    audit_start,
)
from audits.services.checklists import (
    checklist_template_new_version,
    checklist_template_save,
)
from qms.exceptions import TransitionError


@pytest.mark.django_db
def test_it_refuses_an_auditor_from_the_audited_agency(
    programme, template, people, other_agency
):
    """9.2.2(c): nobody audits their own agency; the message names the person and says why."""
    audit = Audit(
        programme=programme,
        code="DG-X",
        agency=other_agency,
        scope="s",
        criteria="c",
        template=template,
        lead_auditor=people["local_auditor"],
        planned_start=dt.date(2026, 4, 1),
        planned_end=dt.date(2026, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        audit_save(audit=audit, team=[], user=people["officer"])
    message = " ".join(error.value.message_dict["lead_auditor"])
    assert "không được đánh giá chính cơ quan mình" in message
    assert audit.pk is None


@pytest.mark.django_db
def test_it_refuses_a_team_member_from_the_audited_agency(audit, people):
    with pytest.raises(ValidationError) as error:
        audit_save(audit=audit, team=[people["local_auditor"]], user=people["officer"])
    assert "team" in error.value.message_dict
    assert list(audit.team.all()) == [people["auditor2"]]


@pytest.mark.django_db
def test_it_warns_about_a_double_booked_auditor(
    programme, template, people, audit, other_agency
):
    second = Audit(
        programme=programme,
        code="DG-2026-02",
        agency=other_agency,
        scope="s",
        criteria="c",
        template=template,
        lead_auditor=people["auditor2"],
        planned_start=dt.date(2026, 3, 3),
        planned_end=dt.date(2026, 3, 4),
    )
    warnings = audit_save(audit=second, team=[], user=people["officer"])
    assert len(warnings) == 1
    assert "DG-2026-01" in warnings[0]


@pytest.mark.django_db
def test_only_the_agency_manager_plans_audits(audit, people):
    with pytest.raises(PermissionDenied):
        audit_save(audit=audit, team=[], user=people["outsider_officer"])


@pytest.mark.django_db
def test_start_copies_the_template_items(audit, people, template):
    audit_start(audit=audit, user=people["lead"])
    audit.refresh_from_db()
    assert audit.status == Audit.Status.IN_PROGRESS
    assert [i.clause.number for i in audit.items.order_by("sort_order")] == [
        "4.1",
        "7.5.3",
        "10.2",
    ]
    with pytest.raises(TransitionError):
        audit_start(audit=audit, user=people["lead"])


@pytest.mark.django_db
def test_the_audit_keeps_the_template_version_it_used(started, template, people):
    """A used template is not edited in place; its new version leaves the audit untouched."""
    with pytest.raises(TransitionError):
        checklist_template_save(template=template, user=None)
    new = checklist_template_new_version(template=template, user=None)
    ChecklistTemplateItem.objects.create(
        template=new, question="Câu mới?", clause=Clause.objects.get(number="9.2")
    )
    template.refresh_from_db()
    assert (template.is_current, new.is_current, new.version) == (False, True, 2)
    assert started.template_id == template.pk
    assert started.items.count() == 3
    assert new.items.count() == 4


@pytest.mark.django_db
def test_only_the_team_records_results(started, people):
    item = started.items.first()
    with pytest.raises(PermissionDenied):
        audit_item_record(
            item=item, user=people["officer"], result="conforming", evidence=""
        )
    audit_item_record(
        item=item, user=people["auditor2"], result="conforming", evidence="OK"
    )
    item.refresh_from_db()
    assert item.result == AuditItem.Result.CONFORMING
    assert item.history.first().history_user == people["auditor2"]


@pytest.mark.django_db
def test_a_nonconforming_result_needs_evidence(started, people):
    with pytest.raises(ValidationError):
        audit_item_record(
            item=started.items.first(),
            user=people["lead"],
            result="major",
            evidence=" ",
        )


@pytest.mark.django_db
def test_fieldwork_ends_only_when_every_item_has_a_result(started, people):
    with pytest.raises(TransitionError):
        audit_finish_fieldwork(audit=started, user=people["lead"], conclusion="Tốt")
    for item in started.items.all():
        audit_item_record(
            item=item, user=people["lead"], result="conforming", evidence=""
        )
    audit_finish_fieldwork(audit=started, user=people["lead"], conclusion="Phù hợp")
    started.refresh_from_db()
    assert started.status == Audit.Status.REPORTING


@pytest.mark.django_db
def test_agencies_without_a_completed_audit_are_flagged(
    audit, other_agency, own_agency, province
):
    """The audited agency with its audit still planned, and the obliged ones in no programme."""
    assert agencies_without_completed_audit(year=2026) == sorted(
        [other_agency, own_agency, province], key=lambda a: a.name
    )


@pytest.mark.django_db
def test_the_clause_library_holds_the_2024_amendment():
    """Clauses are data (numbers and short titles); 4.1 and 4.2 carry Amd 1:2024."""
    assert Clause.objects.count() >= 60
    assert "2024" in Clause.objects.get(number="4.1").amendment
    assert "2024" in Clause.objects.get(number="4.2").amendment
    numbers = list(Clause.objects.values_list("number", flat=True))
    assert numbers.index("9.3") < numbers.index("10.1")


@pytest.mark.django_db
def test_a_finished_checklist_cannot_be_changed(started, people):
    """AC-05: once fieldwork ends, results and the plan are frozen for every role."""
    for item in started.items.all():
        audit_item_record(
            item=item, user=people["lead"], result="conforming", evidence=""
        )
    audit_finish_fieldwork(audit=started, user=people["lead"], conclusion="Phù hợp")
    item = started.items.first()
    for who in ("lead", "auditor2"):
        with pytest.raises(TransitionError):
            audit_item_record(item=item, user=people[who], result="major", evidence="x")
    with pytest.raises(TransitionError):
        audit_save(audit=started, team=[], user=people["officer"])
    item.refresh_from_db()
    assert item.result == AuditItem.Result.CONFORMING


@pytest.mark.django_db
def test_yearly_coverage_command_lists_unaudited_agencies(audit, other_agency):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("check_audit_coverage", "--year", "2026", stdout=out)
    assert other_agency.name in out.getvalue()


@pytest.mark.django_db
def test_a_recorded_result_is_in_the_admin_log_with_its_auditor(started, people):
    """Before, results kept history but never reached Wagtail's log of the admin."""
    from wagtail.models import ModelLogEntry

    item = started.items.first()
    audit_item_record(
        item=item, user=people["auditor2"], result="conforming", evidence="OK"
    )
    assert ModelLogEntry.objects.filter(
        content_type__model="audititem",
        object_id=str(item.pk),
        action="wagtail.edit",
        user=people["auditor2"],
    ).exists()
