"""factory_boy factories for the organisation."""

import datetime as dt
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from qms.models import Agency, Position, ReceivingUnit, StaffProfile
from qms.roles import Role

PASSWORD = "Mat-khau-2026"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    kind = Agency.Kind.DEPARTMENT
    valid_from = dt.date(2025, 7, 1)


class ReceivingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReceivingUnit

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Bộ phận Một cửa số {n}")
    address = "Đường Chùa Chuông, phường Phố Hiến"
    opening_hours = "Thứ Hai – Thứ Sáu: 7h30 – 17h00"


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ("code",)

    code = "cong-chuc-mot-cua"
    name = "Công chức Bộ phận Một cửa"
    is_one_stop = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.django.Password(PASSWORD)


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    agency = factory.SubFactory(AgencyFactory)
    position = factory.SubFactory(PositionFactory)
    service_start = dt.date(2015, 1, 1)


def staff_user(role: Role, agency: Agency, username: str | None = None) -> Any:
    """Create a user with a role and a staff profile in ``agency``; return the user."""
    profile: Any = StaffProfileFactory(
        agency=agency, **({"user__username": username} if username else {})
    )
    profile.user.groups.add(Group.objects.get(name=role.value))
    return profile.user
