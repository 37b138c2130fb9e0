"""Dashboard panels of the audits app are capped and link to the full list (issue 12)."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import CorrectiveAction
from audits.services.nonconformities import (
    PlannedAction,
    nonconformity_analyse,
    nonconformity_plan,
)
from audits.wagtail_hooks import UnauditedAgenciesPanel
from tests.factories import AgencyFactory

TODAY = dt.date.today()


@pytest.mark.django_db
def test_overdue_panel_shows_ten_and_links_to_all_overdue_actions(client, nc, people):
    nonconformity_analyse(
        nc=nc, user=people["staff"], correction="", whys=["Vì"], root_cause="Gốc"
    )
    nonconformity_plan(
        nc=nc,
        user=people["staff"],
        actions=[
            PlannedAction(
                f"Việc {n:02d}", people["staff"], TODAY + dt.timedelta(days=3)
            )
            for n in range(12)
        ],
    )
    for action in CorrectiveAction.objects.all():
        action.due_date = TODAY - dt.timedelta(days=2)
        action.save()  # overdue (the planning service refuses past dates)
    client.force_login(people["officer"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html[html.index('id="nc-overdue-heading"') :]
    panel = panel[: panel.index("</section>")]
    assert panel.count(reverse("audits_nc_workflow", args=[nc.pk])) == 10
    assert "Xem tất cả (12)" in panel
    all_url = panel[panel.index('href="', panel.index("w-mt-4")) + 6 :].split('"')[0]
    listing = client.get(all_url.replace("&amp;", "&")).content.decode()
    assert sum(f"Việc {n:02d}" in listing for n in range(12)) == 12


@pytest.mark.django_db
def test_unaudited_agencies_panel_is_capped():
    agencies = [AgencyFactory(name=f"UBND xã {n:02d}") for n in range(14)]
    html = UnauditedAgenciesPanel(agencies, 2026).render_html({})
    assert html.count("<li>") == 10
    assert "UBND xã 09" in html and "UBND xã 10" not in html
    assert "Xem tất cả (14)" in html
    assert reverse("auditprogramme:index") + "?year=2026" in html


@pytest.mark.django_db
def test_unaudited_agencies_panel_without_more_has_no_link():
    html = UnauditedAgenciesPanel([AgencyFactory()], 2026).render_html({})
    assert "Xem tất cả" not in html
