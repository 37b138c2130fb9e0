"""Input hardening of the public feedback form (issue 10, part 5; moved in issue 14)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from feedback.forms import ComplaintForm
from tests.feedback.conftest import submit


def test_the_complaint_form_refuses_feedback_made_of_invisible_characters():
    form = ComplaintForm({"description": "\u200b" * 12 + "\xa0" * 5}, agency_id=0)
    assert not form.is_valid()
    assert "description" in form.errors


@pytest.mark.django_db
def test_feedback_is_stored_cleaned_and_padding_does_not_pass(other_unit):
    with pytest.raises(ValidationError):
        submit(other_unit, text="Chậm\u200b" + "\u200b" * 20)
    feedback = submit(
        other_unit,
        text="\ufeffNhân viên\u200b trả hồ sơ chậm hai ngày.",
        contact="\u202e0912 345 678\u202c",
    )
    assert feedback.description == "Nhân viên trả hồ sơ chậm hai ngày."
    assert feedback.contact == "0912 345 678"


@pytest.mark.django_db
def test_a_tracking_code_pasted_with_a_lookalike_dash_is_found(client, other_unit):
    feedback = submit(other_unit, text="Hồ sơ trả chậm hai ngày.")
    pasted = feedback.tracking_code.replace("-", "\u2011").lower() + "\u200b"
    response = client.get(reverse("feedback:complaint_status") + f"?ma={pasted}")
    assert response.context["found"] == feedback
