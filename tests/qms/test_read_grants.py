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


@pytest.mark.django_db
def test_the_scope_names_the_agencies_read_only_through_the_grant(
    grant, own_agency, other_agency
):
    user = staff_user(Role.STAFF, own_agency, username="member")
    user.groups.add(Group.objects.create(name="Nhóm thử quyền tạm"))
    assert scoping.agency_scope_for(_fresh(user)).granted == {other_agency.pk}
    plain = staff_user(Role.STAFF, own_agency, username="plain")
    assert scoping.agency_scope_for(_fresh(plain)).granted == frozenset()


READERS = frozenset({Role.QUALITY_OFFICER, Role.HEAD})


@pytest.mark.django_db
def test_a_role_register_opens_to_a_member_for_the_granted_agency_only(
    grant, own_agency, other_agency
):
    # A plain staff member on the grant reads the granted agency's register, and not
    # their own agency's, which their role does not open to them.
    member = staff_user(Role.STAFF, own_agency, username="member")
    member.groups.add(Group.objects.create(name="Nhóm thử quyền tạm"))
    member = _fresh(member)
    assert scoping.may_read_register(member, READERS)
    assert scoping.register_readable_ids(member, READERS) == {other_agency.pk}
    plain = _fresh(staff_user(Role.STAFF, own_agency, username="plain"))
    assert not scoping.may_read_register(plain, READERS)
    assert scoping.register_readable_ids(plain, READERS) == frozenset()
    officer = _fresh(staff_user(Role.QUALITY_OFFICER, own_agency, username="officer"))
    assert scoping.may_read_register(officer, READERS)
    assert own_agency.pk in scoping.register_readable_ids(officer, READERS)
    assert other_agency.pk not in scoping.register_readable_ids(officer, READERS)
