"""Services of the ISO scope (ISO 9001:2015 4.3) and its announcement (QĐ 19/2014 Art. 4)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from conformity import selectors, services
from conformity.models import Announcement, ScopeVersion
from conformity.my_work import my_work_conformity
from qms.exceptions import TransitionError
from tests.conformity.conftest import PASSWORD, PROCEDURES, announce, approved_scope


@pytest.mark.django_db
def test_a_new_version_copies_the_current_one_and_only_one_draft_exists(
    own_agency, people, scope
):
    draft = services.scope_draft_start(agency=own_agency, user=people["officer"])
    assert draft.number == 2 and draft.status == ScopeVersion.Status.DRAFT
    assert draft.procedures == PROCEDURES
    assert draft.exclusions == scope.exclusions
    with pytest.raises(TransitionError):
        services.scope_draft_start(agency=own_agency, user=people["head"])
    assert ScopeVersion.objects.filter(agency=own_agency).count() == 2


@pytest.mark.django_db
def test_an_approved_version_never_changes(own_agency, people, scope):
    with pytest.raises(TransitionError):
        services.scope_draft_save(
            version=scope,
            user=people["officer"],
            procedures=[{"code": "9", "name": "Khác"}],
            processes="",
            units=[],
            exclusions=[],
        )
    scope.refresh_from_db()
    assert scope.procedures == PROCEDURES


@pytest.mark.django_db
def test_an_exclusion_needs_its_justification(own_agency, people):
    """ISO 9001:2015 4.3: a requirement not applied is stated with its justification."""
    draft = services.scope_draft_start(agency=own_agency, user=people["officer"])
    with pytest.raises(ValidationError) as refused:
        services.scope_draft_save(
            version=draft,
            user=people["officer"],
            procedures=PROCEDURES,
            processes="",
            units=[],
            exclusions=[{"requirement": "8.3", "justification": "  "}],
        )
    assert "exclusions" in refused.value.message_dict
    draft.refresh_from_db()
    assert draft.procedures == [] and draft.exclusions == []


@pytest.mark.django_db
def test_only_the_head_approves_with_the_right_password(own_agency, people):
    draft = services.scope_draft_start(agency=own_agency, user=people["officer"])
    services.scope_draft_save(
        version=draft,
        user=people["officer"],
        procedures=PROCEDURES,
        processes="",
        units=[],
        exclusions=[],
    )
    for who in ("officer", "staff", "outside_head", "supervisor"):
        with pytest.raises(PermissionDenied):
            services.scope_approve(version=draft, user=people[who], password=PASSWORD)
    with pytest.raises(PermissionDenied):
        services.scope_approve(version=draft, user=people["head"], password="sai")
    assert ModelLogEntry.objects.filter(action=services.APPROVE_FAILED).count() == 1
    draft.refresh_from_db()
    assert draft.status == ScopeVersion.Status.DRAFT
    assert services.current_scope(own_agency.pk) is None

    approved = services.scope_approve(
        version=draft, user=people["head"], password=PASSWORD
    )
    assert approved.status == ScopeVersion.Status.APPROVED
    assert services.current_scope(own_agency.pk) == approved
    reasons = list(
        approved.history.order_by("history_id").values_list(
            "history_change_reason", flat=True
        )
    )
    assert len(reasons) == 3  # drafted, changed, approved: each with its reason
    assert all(reasons)
    assert approved.history.latest().history_user == people["head"]


@pytest.mark.django_db
def test_supervisors_and_other_agencies_write_nothing(own_agency, people, scope):
    for who in ("supervisor", "outsider", "auditor", "staff"):
        with pytest.raises(PermissionDenied):
            services.scope_draft_start(agency=own_agency, user=people[who])
        with pytest.raises(PermissionDenied):
            announce(own_agency, {**people, "head": people[who]}, scope)
    assert not Announcement.objects.exists()


@pytest.mark.django_db
def test_changing_the_scope_after_the_announcement_makes_it_due_again(
    own_agency, people, scope
):
    """GIVEN an announcement for version 1 WHEN version 2 is approved THEN a
    re-announcement is due, on the agency's status and in the secretary's My work."""
    announce(own_agency, people, scope)
    assert selectors.agency_statuses([own_agency.pk])[own_agency.pk].state == "current"
    assert my_work_conformity(people["officer"]) == []

    approved_scope(own_agency, people, [*PROCEDURES, {"code": "3", "name": "Mới"}])
    status = selectors.agency_statuses([own_agency.pk])[own_agency.pk]
    assert status.state == selectors.OUT_OF_DATE and status.scope_number == 2
    groups = my_work_conformity(people["officer"])
    assert [g["key"] for g in groups] == ["conformity.reannounce"]
    assert own_agency.name in groups[0]["items"][0]["title"]
    assert my_work_conformity(people["supervisor"]) == []

    announce(own_agency, people, services.current_scope(own_agency.pk), number="2/QĐ")
    assert selectors.agency_statuses([own_agency.pk])[own_agency.pk].state == "current"


@pytest.mark.django_db
def test_an_announcement_under_the_2008_standard_is_out_of_date(
    own_agency, people, scope
):
    announce(own_agency, people, scope, standard=Announcement.Standard.V2008)
    assert selectors.agency_statuses([own_agency.pk])[own_agency.pk].state == (
        selectors.OUT_OF_DATE
    )


@pytest.mark.django_db
def test_the_decision_is_checked_before_anything_is_kept(
    own_agency, other_agency, people, scope
):
    draft = services.scope_draft_start(agency=own_agency, user=people["officer"])
    with pytest.raises(ValidationError):  # a draft is not announced
        announce(own_agency, people, draft)
    with pytest.raises(ValidationError):  # the signer is the agency's head
        services.announcement_create(
            agency=own_agency,
            user=people["officer"],
            scope=scope,
            decision_number="1/QĐ",
            decision_date=dt.date(2026, 1, 1),
            signer=people["officer"],
            password=PASSWORD,
        )
    with pytest.raises(
        PermissionDenied
    ):  # a generated decision is signed by its signer
        services.announcement_create(
            agency=own_agency,
            user=people["officer"],
            scope=scope,
            decision_number="1/QĐ",
            decision_date=dt.date(2026, 1, 1),
            signer=people["head"],
            password=PASSWORD,
        )
    with pytest.raises(ValidationError):
        announce(own_agency, people, scope, decision_date=dt.date(2099, 1, 1))
    with pytest.raises(PermissionDenied):  # the wrong password signs nothing
        services.announcement_create(
            agency=own_agency,
            user=people["head"],
            scope=scope,
            decision_number="1/QĐ",
            decision_date=dt.date(2026, 1, 1),
            signer=people["head"],
            password="sai",
        )
    assert not Announcement.objects.exists()
    first = announce(own_agency, people, scope)
    with pytest.raises(ValidationError):  # the same number twice
        announce(own_agency, people, scope, number=first.decision_number)
    assert Announcement.objects.count() == 1


@pytest.mark.django_db
def test_a_wrong_announcement_is_withdrawn_with_a_reason_and_kept(
    own_agency, people, scope
):
    announcement = announce(own_agency, people, scope)
    with pytest.raises(ValidationError):
        services.announcement_withdraw(
            announcement=announcement, user=people["officer"], reason=" "
        )
    with pytest.raises(PermissionDenied):
        services.announcement_withdraw(
            announcement=announcement, user=people["supervisor"], reason="Sai số"
        )
    services.announcement_withdraw(
        announcement=announcement, user=people["officer"], reason="Sai số quyết định"
    )
    announcement.refresh_from_db()
    assert announcement.status == Announcement.Status.WITHDRAWN
    assert announcement.withdrawn_reason == "Sai số quyết định"
    assert announcement.history.count() == 2
    with pytest.raises(TransitionError):
        services.announcement_withdraw(
            announcement=announcement, user=people["officer"], reason="Lại"
        )
    assert selectors.agency_statuses([own_agency.pk])[own_agency.pk].state == "never"
