"""dumpdata --natural-foreign survives the kept log of a deleted page (BR-02, BR-03, AT-04)."""

import json
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry


@pytest.mark.django_db
def test_dumpdata_natural_foreign_writes_the_id_of_a_deleted_page():
    """GIVEN a page whose deletion was logged (Wagtail keeps the entry, AT-04)
    WHEN dumpdata --natural-foreign runs
    THEN it succeeds, writes the deleted page's id, and loaddata reads it back."""
    root = Page.get_first_root_node()
    page = root.add_child(instance=Page(title="Trang tạm", slug="trang-tam"))
    page_id = page.pk
    page.delete()
    out = StringIO()

    call_command(
        "dumpdata", "wagtailcore.pagelogentry", natural_foreign=True, stdout=out
    )

    dumped = [e for e in json.loads(out.getvalue()) if e["fields"]["page"] == page_id]
    assert "wagtail.delete" in [e["fields"]["action"] for e in dumped]
    restored = [
        o.object
        for o in serializers.deserialize("json", out.getvalue())
        if o.object.page_id == page_id
    ]
    assert restored
    assert all(type(o) is PageLogEntry for o in restored)


@pytest.mark.django_db
def test_dumpdata_natural_foreign_keeps_natural_keys_of_existing_targets():
    root = Page.get_first_root_node()
    page = root.add_child(instance=Page(title="Trang còn", slug="trang-con"))
    log(instance=page, action="wagtail.create")
    out = StringIO()

    call_command(
        "dumpdata", "wagtailcore.pagelogentry", natural_foreign=True, stdout=out
    )

    pages = [e["fields"]["page"] for e in json.loads(out.getvalue())]
    assert [page.url_path] in pages
