"""The public form offers the procedures in force of the unit's agency, and only those."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from feedback.models import Feedback
from feedback.services import feedback_submit
from qms.models import ReceivingUnit
from tests.documents.conftest import approve, draft, tree  # noqa: F401
from tests.feedback.conftest import TEXT


@pytest.fixture
def ward_unit(tree):  # noqa: F811
    return ReceivingUnit.objects.create(
        agency=tree["agency"], name="Bộ phận Một cửa Phố Hiến", address="a"
    )


@pytest.mark.django_db
def test_a_draft_is_not_offered_and_cannot_be_named(client, tree, draft, ward_unit):  # noqa: F811
    html = client.get(reverse("feedback:complaint", args=[ward_unit.pk])).content
    assert "QT-HT-01" not in html.decode()
    with pytest.raises(ValidationError) as exc:
        feedback_submit(unit=ward_unit, description=TEXT, procedure=draft)
    assert "procedure" in exc.value.message_dict
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_a_procedure_in_force_is_offered_and_recorded(client, tree, draft, ward_unit):  # noqa: F811
    released = approve(draft, tree)
    html = client.get(reverse("feedback:complaint", args=[ward_unit.pk])).content
    assert "QT-HT-01" in html.decode()
    client.post(
        reverse("feedback:complaint", args=[ward_unit.pk]),
        {"description": TEXT, "procedure": released.pk},
    )
    assert Feedback.objects.get().procedure_id == released.pk


@pytest.mark.django_db
def test_another_agencys_procedure_is_refused(client, tree, draft, other_unit):  # noqa: F811
    released = approve(draft, tree)
    response = client.post(
        reverse("feedback:complaint", args=[other_unit.pk]),
        {"description": TEXT, "procedure": released.pk},
    )
    assert response.status_code == 200  # the form again, with the error
    assert "procedure" in response.context["form"].errors
    assert not Feedback.objects.exists()
