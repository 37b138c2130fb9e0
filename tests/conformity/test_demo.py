"""The demo: Phố Hiến announced for its current scope; Sở Tư pháp must re-announce."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from conformity import selectors
from conformity.demo import PHO_HIEN, TU_PHAP
from conformity.my_work import my_work_conformity
from qms.models import Agency


@pytest.mark.django_db
def test_the_demo_has_one_current_and_one_out_of_date_announcement(seeded, client):
    pho_hien = Agency.objects.get(name=PHO_HIEN)
    tu_phap = Agency.objects.get(name=TU_PHAP)
    statuses = selectors.agency_statuses([pho_hien.pk, tu_phap.pk])
    assert statuses[pho_hien.pk].state == selectors.CURRENT
    assert statuses[tu_phap.pk].state == selectors.OUT_OF_DATE
    assert statuses[tu_phap.pk].scope_number == 2

    html = client.get(pho_hien.page.url).content.decode()
    assert "Đã công bố HTQLCL phù hợp TCVN ISO 9001:2015" in html
    assert "Quyết định số 25/QĐ-UBND ngày 15/01/2026" in html

    users = get_user_model().objects
    assert my_work_conformity(users.get(username="thuky")) == []
    client.force_login(users.get(username="giamsat"))
    listing = client.get(reverse("conformity_index")).content.decode()
    assert PHO_HIEN in listing and TU_PHAP in listing


@pytest.mark.django_db
def test_the_menu_offers_the_screens_in_vietnamese_to_their_readers(rf, people):
    from conformity.wagtail_hooks import register_conformity_menu_item

    item = register_conformity_menu_item()
    with translation.override("vi"):
        assert str(item.label) == "Phạm vi và công bố HTQLCL"
    for who, shown in (
        ("officer", True),
        ("head", True),
        ("auditor", True),
        ("supervisor", True),
        ("staff", False),
    ):
        request = rf.get("/admin/")
        request.user = people[who]
        assert item.is_shown(request) is shown, who


@pytest.mark.django_db
def test_the_scope_form_offers_the_agencys_tthc_procedures_with_codes(seeded, client):
    """The TTHC covered are chosen from the document register with their national codes."""
    from documents.models import ProcedurePage

    pho_hien = Agency.objects.get(name=PHO_HIEN)
    tthc = ProcedurePage.objects.live().filter(agency=pho_hien, kind="tthc").first()
    assert tthc is not None and tthc.national_code
    client.force_login(get_user_model().objects.get(username="thuky"))
    response = client.post(reverse("conformity_scope_new", args=[pho_hien.pk]))
    html = client.get(response.url).content.decode()
    assert f"{tthc.national_code} — {tthc.title}" in html
    # The copy of the current version keeps the procedure ticked.
    assert re.search(rf'name="tthc" value="{tthc.pk}"[^>]*checked', html)
