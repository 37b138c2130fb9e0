"""The demo register at Phố Hiến, and the owners' My work group."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from planning.models import ContextIssue, InterestedParty, Risk, TreatmentAction
from planning.my_work import my_work_treatment_actions
from tests.planning.conftest import new_action

AGENCY = "UBND phường Phố Hiến"


@pytest.mark.django_db
def test_demo_register_at_pho_hien(seeded, client):
    risks = Risk.objects.filter(agency__name=AGENCY)
    assert risks.filter(kind="risk").count() >= 6
    assert risks.filter(kind="opportunity").count() == 2
    assert risks.filter(process__isnull=False).exists()
    actions = TreatmentAction.objects.filter(agency__name=AGENCY)
    assert actions.filter(status="done").count() == 1
    assert sum(1 for a in actions if a.is_overdue) == 1
    assert ContextIssue.objects.filter(agency__name=AGENCY).count() >= 4
    assert InterestedParty.objects.filter(agency__name=AGENCY).count() >= 3
    counts = (Risk.objects.count(), TreatmentAction.objects.count())
    call_command("seed_demo", verbosity=0)  # idempotent
    assert (Risk.objects.count(), TreatmentAction.objects.count()) == counts
    # The owner sees the overdue action in My work; the head reads the heat map.
    owner = get_user_model().objects.get(username="congchuc")
    (group,) = my_work_treatment_actions(owner)
    assert group["count"] == 4 and any(i["overdue"] for i in group["items"])
    client.force_login(get_user_model().objects.get(username="lanhdao"))
    page = client.get(reverse("planning_heat:index")).content.decode()
    assert "heat-map" in page and AGENCY in page


@pytest.mark.django_db
def test_my_work_lists_the_persons_open_actions_in_constant_queries(
    risk, people, django_assert_num_queries
):
    staff = people["staff"]
    assert my_work_treatment_actions(staff) == []
    for n in range(3):
        new_action(risk, people["officer"], staff, days=n + 1, action=f"Việc {n}")
    new_action(risk, people["officer"], people["head"], action="Của người khác")
    with django_assert_num_queries(2):
        (group,) = my_work_treatment_actions(staff)
    assert group["count"] == 3
    assert [i["title"][:6] for i in group["items"]] == ["Việc 0", "Việc 1", "Việc 2"]
    for n in range(3, 9):
        new_action(risk, people["officer"], staff, days=n + 1, action=f"Việc {n}")
    with django_assert_num_queries(2):
        (group,) = my_work_treatment_actions(staff)
    assert group["count"] == 9 and len(group["items"]) == 5
