"""A TTHC procedure generates its own checklist: one question per step (who, time, form)."""

import pytest

from audits.services.checklists import checklist_template_from_procedure
from tests.documents.conftest import draft, tree  # noqa: F401


@pytest.mark.django_db
def test_one_question_per_step_with_position_time_and_form(draft):  # noqa: F811
    template = checklist_template_from_procedure(procedure=draft)
    questions = list(template.items.order_by("sort_order"))
    assert [q.clause.number for q in questions] == ["8.5.1", "8.5.1"]
    assert all(q.procedure_id == draft.pk for q in questions)
    first, second = (q.question for q in questions)
    assert "Tiếp nhận hồ sơ" in first and "Công chức" in first
    assert "2" in first and "Mẫu 01" in first
    assert "Ký Giấy khai sinh" in second and "Mẫu" not in second
    again = checklist_template_from_procedure(procedure=draft)
    template.refresh_from_db()
    assert (again.version, again.is_current, template.is_current) == (2, True, False)
