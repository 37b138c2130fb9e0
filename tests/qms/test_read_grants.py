"""Temporary read grants of qms.scoping: extra agencies to read, never to write."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from qms import scoping
from qms.roles import Role
from tests.factories import staff_user


@pytest.fixture
def grant(other_agency):
    calls = []

    def reads(user, today):
        calls.append(user.pk)
        return [other_agency.pk]

    scoping.register_read_grant("Nhóm thử quyền tạm", reads)
    yield calls
    scoping._READ_GRANTS.pop("Nhóm thử quyền tạm")


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.django_db
def test_a_member_reads_the_granted_agency_but_never_writes_it(
    grant, own_agency, other_agency
):
    user = staff_user(Role.STAFF, own_agency, username="member")
    user.groups.add(Group.objects.create(name="Nhóm thử quyền tạm"))
    scope = scoping.agency_scope_for(_fresh(user))
    assert other_agency.pk in scope.readable
    assert other_agency.pk not in scope.writable
    assert own_agency.pk in scope.writable


@pytest.mark.django_db
def test_the_grant_is_not_asked_for_anyone_else(grant, own_agency, other_agency):
    user = staff_user(Role.STAFF, own_agency, username="plain")
    scope = scoping.agency_scope_for(_fresh(user))
    assert other_agency.pk not in scope.readable
    assert grant == []


@pytest.mark.django_db
def test_a_member_without_a_profile_reads_only_the_grant(grant, other_agency):
    user = get_user_model().objects.create_user("noprofile")
    user.groups.add(Group.objects.create(name="Nhóm thử quyền tạm"))
    scope = scoping.agency_scope_for(_fresh(user))
    assert scope.readable == frozenset({other_agency.pk})
    assert scope.writable == frozenset()
