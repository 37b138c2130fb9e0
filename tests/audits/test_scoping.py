"""AC-03 for the audits app: who sees which audit, nonconformity and action, incl. exports.

Auditors see the audits they are assigned to; quality officers and heads their agency;
action owners their actions; supervisors everything, read-only. Out of scope is 404.
"""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import Audit, Nonconformity
from audits.services.nonconformities import (
    PlannedAction,
    nonconformity_analyse,
    nonconformity_create,
    nonconformity_plan,
    nonconformity_raise_from_item,
)
from qms.roles import Role
from tests.audits.conftest import certify, finding, make_audit
from tests.factories import staff_user


@pytest.fixture
def world(programme, template, people, started, own_agency, other_agency):
    """Audit A of other_agency (lead, auditor2) with an SKPH; audit B of own_agency by
    another auditor; a self-detected NC in each agency; staff owns an action of NC 'other'."""
    far_auditor = staff_user(Role.AUDITOR, other_agency, username="far")
    certify(far_auditor)
    planners = {
        "lead": far_auditor,
        "auditor2": far_auditor,
        "officer": people["outsider_officer"],
    }
    audit_b = make_audit(programme, template, planners, own_agency, code="DG-B")
    raised = nonconformity_raise_from_item(item=finding(started), user=people["lead"])
    nc_other = nonconformity_create(
        nc=Nonconformity(
            source="self_detected",
            agency=other_agency,
            title="NC-OTHER",
            description="d",
        ),
        user=people["officer"],
    )
    nonconformity_analyse(
        nc=nc_other, user=people["officer"], correction="", whys=["w"], root_cause="r"
    )
    nonconformity_plan(
        nc=nc_other,
        user=people["officer"],
        actions=[
            PlannedAction(
                "ACT-STAFF", people["staff"], dt.date.today() + dt.timedelta(days=9)
            )
        ],
    )
    nc_own = nonconformity_create(
        nc=Nonconformity(
            source="self_detected", agency=own_agency, title="NC-OWN", description="d"
        ),
        user=people["outsider_officer"],
    )
    return {
        "audit": {"A": started, "B": audit_b},
        "nc": {"raised": raised, "other": nc_other, "own": nc_own},
    }


# user -> audits and NCs they must see (everything else must be invisible)
SEES = {
    "officer": ({"A"}, {"raised", "other"}),
    "head": ({"A"}, {"raised", "other"}),
    "lead": ({"A"}, {"raised"}),
    "auditor2": ({"A"}, {"raised"}),
    "staff": (set(), {"other"}),
    "outsider_officer": ({"B"}, {"own"}),
    "supervisor": ({"A", "B"}, {"raised", "other", "own"}),
}


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", list(SEES))
def test_nonconformity_listing_and_export_are_scoped(client, people, world, who):
    client.force_login(people[who])
    _audits, ncs = SEES[who]
    listing = _body(client.get(reverse("nonconformity:index")))
    export = _body(client.get(reverse("nonconformity:index") + "?export=csv"))
    for key, nc in world["nc"].items():
        assert (nc.code in listing) == (key in ncs), (who, key)
        assert (nc.code in export) == (key in ncs), (who, key)
        response = client.get(reverse("audits_nc_workflow", args=[nc.pk]))
        assert response.status_code == (200 if key in ncs else 404), (who, key)


@pytest.mark.django_db
@pytest.mark.parametrize("who", list(SEES))
def test_audit_listing_and_workspace_are_scoped(client, people, world, who):
    client.force_login(people[who])
    audits, _ncs = SEES[who]
    response = client.get(reverse("audit:index"))
    if who == "staff":
        assert response.status_code in (302, 403)
        return
    listing = _body(response)
    export = _body(client.get(reverse("audit:index") + "?export=csv"))
    for key, audit in world["audit"].items():
        assert (audit.code in listing) == (key in audits), (who, key)
        assert (audit.code in export) == (key in audits), (who, key)
        workspace = client.get(reverse("audits_workspace", args=[audit.pk]))
        assert workspace.status_code == (200 if key in audits else 404), (who, key)


@pytest.mark.django_db
def test_action_owner_sees_only_their_actions(client, people, world):
    client.force_login(people["staff"])
    body = _body(client.get(reverse("correctiveaction:index") + "?export=csv"))
    assert "ACT-STAFF" in body
    client.force_login(people["outsider_officer"])
    assert "ACT-STAFF" not in _body(
        client.get(reverse("correctiveaction:index") + "?export=csv")
    )


@pytest.mark.django_db
def test_supervisor_reads_but_cannot_write(client, people, world):
    nc = world["nc"]["other"]
    client.force_login(people["supervisor"])
    assert client.get(reverse("nonconformity:edit", args=[nc.pk])).status_code in (
        302,
        403,
    )
    client.post(reverse("audits_nc_cancel", args=[nc.pk]), {"reason": "thử"})
    client.post(reverse("audits_start", args=[world["audit"]["B"].pk]))
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.PLANNED
    assert Audit.objects.get(pk=world["audit"]["B"].pk).status == Audit.Status.PLANNED


@pytest.mark.django_db
def test_out_of_scope_transition_posts_are_404(client, people, world):
    """A crafted POST on another agency's record answers 404 and changes nothing."""
    nc = world["nc"]["own"]
    client.force_login(people["officer"])
    for name in ("audits_nc_analyse", "audits_nc_cancel", "audits_nc_close"):
        assert (
            client.post(reverse(name, args=[nc.pk]), {"reason": "x"}).status_code == 404
        )
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.NEW


@pytest.mark.django_db
def test_out_of_scope_attempts_are_logged(client, people, world, caplog):
    client.force_login(people["officer"])
    with caplog.at_level("WARNING", logger="audits.security"):
        client.get(reverse("audits_nc_workflow", args=[world["nc"]["own"].pk]))
    assert "Out-of-scope access to audits.Nonconformity" in caplog.text
    assert "officer" in caplog.text


@pytest.mark.django_db
def test_form_choices_hold_no_other_agency_programmes(
    client, people, world, own_agency
):
    """AC-03 for choosers: the audit form offers only programmes the user can read."""
    from audits.models import AuditProgramme

    AuditProgramme.objects.create(
        year=2026, title="Chương trình của Sở khác", agency=own_agency
    )
    client.force_login(people["officer"])
    html = client.get(reverse("audit:add")).content.decode()
    assert "Chương trình 2026" in html
    assert "Chương trình của Sở khác" not in html
