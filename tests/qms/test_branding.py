"""The product's own face in the admin (issue 13 part 3): name, emblem, no Wagtail help menu,
no page counters in the explorer, a Vietnamese user guide per role."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from qms.roles import Role
from tests.factories import AgencyFactory, staff_user


@pytest.fixture
def officer(db):
    return staff_user(Role.QUALITY_OFFICER, AgencyFactory(), username="thuky-test")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("quan-tri", "a@x.vn", "x")


def _menu_names(user) -> set[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    return {item.name for item in admin_menu.menu_items_for_request(request)}


@pytest.mark.django_db
def test_the_admin_carries_the_products_name_logo_and_icon(client, officer):
    client.force_login(officer)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "- Một Cửa QMS</title>" in html
    assert "qms/logo.svg" in html
    assert "qms/favicon.svg" in html
    assert "wagtailadmin/images/favicon.ico" not in html


@pytest.mark.django_db
def test_the_sign_in_page_shows_no_wagtail_logo(client):
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "Một Cửa QMS" in html
    assert "qms/logo.svg" in html
    assert "icon-wagtail" not in html
    assert 'aria-label="Wagtail"' not in html


@pytest.mark.django_db
def test_agency_users_get_the_user_guide_instead_of_wagtails_help(officer, superuser):
    assert "user-guide" in _menu_names(officer)
    assert "help" not in _menu_names(officer)
    assert {"help", "user-guide"} <= _menu_names(superuser)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "first"),
    [
        (Role.QUALITY_OFFICER, "Soạn thảo tài liệu và gửi soát xét"),
        (Role.HEAD, "Soát xét và ký duyệt tài liệu"),
        (Role.STAFF, "Đọc và xác nhận tài liệu đã ban hành"),
        (Role.AUDITOR, "Đọc và xác nhận tài liệu đã ban hành"),
        (Role.SUPERVISOR, "Giám sát các cơ quan"),
    ],
)
def test_the_user_guide_speaks_vietnamese_and_starts_with_the_users_role(
    client, role, first
):
    user = staff_user(role, AgencyFactory())
    client.force_login(user)
    response = client.get(reverse("qms_user_guide"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hướng dẫn sử dụng" in html
    headings = [s.title for s in response.context["own_sections"]]
    assert str(headings[0]) == first
    # Every role's section is there: the user's own first, the others for reference.
    assert len(headings) + len(response.context["other_sections"]) == 6
    assert "Thực hiện đánh giá nội bộ" in html
    assert "Lập và theo dõi phiếu sự không phù hợp" in html


@pytest.mark.django_db
def test_the_user_guide_needs_a_login(client):
    response = client.get(reverse("qms_user_guide"))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.django_db
def test_agency_dashboards_have_no_wagtail_counts_or_editor_guide(
    client, officer, superuser
):
    client.force_login(officer)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("qms_user_guide") in html
    assert "guide.wagtail.org" not in html
    assert "w-summary__list" not in html
    client.force_login(superuser)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "w-summary__list" in html
