"""The demo seeds three feedbacks at Phố Hiến: answered, raised a nonconformity, overdue."""

import pytest
from django.core.management import call_command

from feedback.models import Feedback


@pytest.mark.django_db
def test_demo_feedback_at_pho_hien(seeded):
    rows = Feedback.objects.filter(agency__name="UBND phường Phố Hiến")
    assert rows.count() == 3
    answered = rows.get(status=Feedback.Status.ANSWERED)
    assert answered.answer and answered.on_time is True
    raised = rows.get(outcome=Feedback.Outcome.NONCONFORMITY)
    assert raised.nonconformity.source == "citizen_complaint"
    overdue = rows.get(status=Feedback.Status.RECEIVED)
    assert overdue.is_overdue
    assert rows.filter(procedure__isnull=False).count() == 2
    call_command("seed_demo", verbosity=0)  # idempotent
    assert Feedback.objects.count() == 3
