"""Input hardening of audits and nonconformities (issue 10, part 5).

The public feedback form's are in tests/feedback/test_inputs.py."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from audits.models import AuditProgramme, ChecklistTemplate, Nonconformity
from audits.services.audits import programme_save
from audits.services.checklists import checklist_template_save
from audits.services.nonconformities import (
    PlannedAction,
    nonconformity_analyse,
    nonconformity_create,
    nonconformity_plan,
)
from tests.audits.conftest import make_audit


def _nc(agency, **fields):
    return Nonconformity(
        source=Nonconformity.Source.SELF_DETECTED,
        agency=agency,
        title=fields.pop("title", "Niêm yết TTHC chưa cập nhật"),
        description=fields.pop("description", "Bảng niêm yết còn phí cũ."),
        **fields,
    )


@pytest.mark.django_db
def test_a_detection_date_in_the_future_is_refused(other_agency, people):
    """ISO 9001:2015 10.2.1: a nonconformity records what occurred, so not tomorrow."""
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        nonconformity_create(
            nc=_nc(other_agency, detected_on=tomorrow), user=people["officer"]
        )
    assert "không được sau ngày hôm nay" in exc.value.message_dict["detected_on"][0]
    assert not Nonconformity.objects.exists()
    today = nonconformity_create(
        nc=_nc(other_agency, detected_on=dt.date.today()), user=people["officer"]
    )
    assert today.pk


@pytest.mark.django_db
def test_an_absurd_detection_year_is_refused(other_agency, people):
    with pytest.raises(ValidationError) as exc:
        nonconformity_create(
            nc=_nc(other_agency, detected_on=dt.date(1900, 5, 1)),
            user=people["officer"],
        )
    assert "1945" in exc.value.message_dict["detected_on"][0]


@pytest.mark.django_db
def test_a_blank_title_or_description_is_refused(other_agency, people):
    with pytest.raises(ValidationError) as exc:
        nonconformity_create(
            nc=_nc(other_agency, title="\u200b\xa0 ", description="\u2060\ufeff"),
            user=people["officer"],
        )
    errors = exc.value.message_dict
    assert set(errors) >= {"title", "description"}
    assert "bắt buộc" in errors["description"][0]


@pytest.mark.django_db
def test_an_audit_code_that_only_looks_different_collides(
    programme, template, people, other_agency
):
    make_audit(programme, template, people, other_agency, code="ĐG-2026-01")
    for typed in ["ĐG\u20112026\u201101", "đg-2026-01\u200b"]:
        with pytest.raises(ValidationError) as exc:
            make_audit(programme, template, people, other_agency, code=typed)
        assert "đã được sử dụng" in exc.value.message_dict["code"][0]


@pytest.mark.django_db
def test_an_audit_planned_decades_ahead_is_refused(
    programme, template, people, other_agency
):
    with pytest.raises(ValidationError) as exc:
        make_audit(
            programme,
            template,
            people,
            other_agency,
            code="DG-2205",
            start=dt.date(2205, 3, 2),
            end=dt.date(2205, 3, 3),
        )
    assert set(exc.value.message_dict) >= {"planned_start", "planned_end"}


@pytest.mark.django_db
@pytest.mark.parametrize("year", [1900, 2200])
def test_an_absurd_programme_year_is_refused(other_agency, people, year):
    programme = AuditProgramme(year=year, title="Chương trình", agency=other_agency)
    with pytest.raises(ValidationError) as exc:
        programme_save(programme=programme, user=people["officer"])
    assert "year" in exc.value.message_dict


@pytest.mark.django_db
def test_a_checklist_code_that_only_looks_different_collides(template):
    copy = ChecklistTemplate(code="cl\u2013test\u200b", name="Bản sao")
    with pytest.raises(ValidationError) as exc:
        checklist_template_save(template=copy, user=None)
    assert "code" in exc.value.message_dict


@pytest.mark.django_db
def test_a_corrective_action_due_decades_ahead_is_refused(nc, people):
    nonconformity_analyse(
        nc=nc,
        user=people["officer"],
        correction="",
        whys=["Chưa rà soát"],
        root_cause="Chưa phân công",
    )
    action = PlannedAction(
        description="Cập nhật bảng niêm yết",
        owner=people["staff"],
        due_date=dt.date(2205, 1, 1),
    )
    with pytest.raises(ValidationError) as exc:
        nonconformity_plan(nc=nc, user=people["officer"], actions=[action])
    assert "năm" in exc.value.message_dict["due_date"][0]


@pytest.mark.django_db
def test_whys_of_invisible_characters_do_not_count(nc, people):
    with pytest.raises(ValidationError):
        nonconformity_analyse(
            nc=nc,
            user=people["officer"],
            correction="",
            whys=["\u200b\u200b", "\xa0"],
            root_cause="\u2060",
        )
