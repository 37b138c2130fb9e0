"""Full names in Vietnamese order everywhere (issue 13 part 7): the sidebar, e-mails, records."""

import datetime as dt
import importlib
import json

import pytest
from django.apps import apps

from qms import services as org
from qms.lib.history import printed_name
from qms.roles import Role
from tests.factories import AgencyFactory, PositionFactory

NAME = "Nguyễn Thị Thu Hà"


def _staff():
    return org.staff_create(
        username="thuha",
        email="thuha@example.vn",
        full_name=NAME,
        agency=AgencyFactory(name="UBND phường Phố Hiến", kind="ubnd_phuong"),
        position=PositionFactory(),
        service_start=dt.date(2020, 1, 1),
        roles=[Role.QUALITY_OFFICER],
        send_welcome=False,
    )


@pytest.mark.django_db
def test_the_sidebar_shows_the_whole_name_in_vietnamese_order(client):
    user = _staff().user
    assert user.get_full_name() == NAME
    assert user.get_short_name() == NAME
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    # Wagtail's sidebar shows user.first_name; the family/given split cut it to "Nguyễn Thị Thu".
    assert json.dumps({"name": NAME})[1:-1] in html or f'"name": "{NAME}"' in html


@pytest.mark.django_db
def test_renaming_a_staff_member_renames_the_account():
    profile = _staff()
    profile.full_name = "Trần Thị Thu Hà"
    org.staff_profile_save(profile=profile, reason="Đổi họ")
    profile.user.refresh_from_db()
    assert profile.user.get_full_name() == "Trần Thị Thu Hà"
    assert printed_name(profile.user) == "Trần Thị Thu Hà"


@pytest.mark.django_db
def test_the_migration_rejoins_names_split_the_old_way():
    user = _staff().user
    user.first_name, user.last_name = "Nguyễn Thị Thu", "Hà"
    user.save()
    migration = importlib.import_module("qms.migrations.0008_vietnamese_full_name")
    migration.forward(apps, None)
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == (NAME, "")
