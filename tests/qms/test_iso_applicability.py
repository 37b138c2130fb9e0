"""Which agency types must apply ISO 9001 (QĐ 19/2014): a setting, read by the supervisors'
checks through qms.selectors."""

import pytest
from django.contrib.auth import get_user_model

from qms.models import Agency, IsoApplicabilitySettings
from qms.selectors import iso_obliged, iso_obliged_kinds

pytestmark = pytest.mark.django_db


def test_wards_and_departments_are_obliged_by_default_centres_encouraged(own_agency):
    kinds = iso_obliged_kinds()
    assert Agency.Kind.WARD_COMMITTEE in kinds
    assert Agency.Kind.DEPARTMENT in kinds
    assert Agency.Kind.CENTRE not in kinds
    assert Agency.Kind.OTHER not in kinds
    own_agency.kind = Agency.Kind.CENTRE
    assert not iso_obliged(own_agency)


def test_the_setting_is_edited_with_checkboxes_and_changes_the_list(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.vn", "x")
    client.force_login(admin)
    url = client.get("/admin/settings/qms/isoapplicabilitysettings/").url
    page = client.get(url)
    assert page.status_code == 200
    assert b'type="checkbox" name="obliged_kinds" value="ubnd_xa"' in page.content

    response = client.post(url, {"obliged_kinds": ["so", "ubnd_tinh"]})
    assert response.status_code == 302
    assert IsoApplicabilitySettings.load().obliged_kinds == ["so", "ubnd_tinh"]
    assert iso_obliged_kinds() == {"so", "ubnd_tinh"}

    response = client.post(url, {"obliged_kinds": ["not-a-kind"]})
    assert response.status_code == 200  # refused on the form, nothing saved
    assert IsoApplicabilitySettings.load().obliged_kinds == ["so", "ubnd_tinh"]
