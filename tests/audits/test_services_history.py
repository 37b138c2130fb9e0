"""Audit services that change many rows still write one history row each (AT-02)."""

import datetime as dt

import pytest

from audits.models import AuditItem, ChecklistTemplateItem, CorrectiveAction
from audits.services.checklists import checklist_template_new_version
from audits.services.nonconformities import PlannedAction, nonconformity_verify
from tests.audits.test_services_nonconformities import _to_implemented

DUE = dt.date.today() + dt.timedelta(days=10)


@pytest.mark.django_db
def test_marking_actions_ineffective_records_the_verifier_and_reason(nc, people):
    """ISO 10.2.1(d): the actions found not effective keep who decided it and why."""
    nc = _to_implemented(nc, people)
    done = nc.actions.get()
    nonconformity_verify(
        nc=nc,
        user=people["auditor2"],
        effective=False,
        note="Vẫn còn niêm yết cũ",
        new_action=PlannedAction("Rà soát lại", people["staff"], DUE),
    )
    record = CorrectiveAction.history.filter(id=done.pk).latest()
    assert record.status == CorrectiveAction.Status.INEFFECTIVE
    assert record.history_user == people["auditor2"]
    assert "Vẫn còn niêm yết cũ" in record.history_change_reason


@pytest.mark.django_db
def test_starting_an_audit_records_each_copied_item(started, people):
    items = AuditItem.objects.filter(audit=started)
    assert items.count() == 3
    records = AuditItem.history.filter(id__in=items.values("pk"), history_type="+")
    assert records.count() == 3
    assert {r.history_user for r in records} == {people["lead"]}
    assert all(r.history_change_reason for r in records)


@pytest.mark.django_db
def test_a_new_checklist_version_records_each_copied_question(template, people):
    new = checklist_template_new_version(template=template, user=None)
    items = ChecklistTemplateItem.objects.filter(template=new)
    assert items.count() == 3
    assert (
        ChecklistTemplateItem.history.filter(
            id__in=items.values("pk"), history_type="+"
        ).count()
        == 3
    )
