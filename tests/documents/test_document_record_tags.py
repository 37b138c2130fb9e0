"""The control block and amendment record, built in Python (issue 14 part 6), show what the
templates they replaced showed: the same cells, escaping, dates, line breaks and links."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from documents.models import DocumentRelease, ElectronicSignature

# The templates the tags replaced (templates/includes/document_control.html and
# amendments.html before issue 14 part 6): the reference for their output.
CONTROL_REFERENCE = """{% load i18n %}
<section class="control-block" aria-labelledby="control-heading">
  <h2 id="control-heading" class="visually-hidden">{% translate "Document control" %}</h2>
  <dl class="facts">
    <dt>{% translate "Agency" %}</dt><dd>{{ page.agency.name }}</dd>
    <dt>{% translate "Document code" %}</dt><dd>{{ page.code }}</dd>
    {% if current_release %}
      <dt>{% translate "Release" %}</dt><dd>{{ current_release.number_label }}</dd>
      <dt>{% translate "Effective date" %}</dt><dd>{{ current_release.effective_date|date:"SHORT_DATE_FORMAT" }}</dd>
    {% endif %}
  </dl>
  {% if current_release %}
    <table class="approvals stack">
      <caption>{% translate "Approvals" %}</caption>
      <thead><tr><th scope="col">{% translate "Meaning" %}</th><th scope="col">{% translate "Full name" %}</th><th scope="col">{% translate "Position" %}</th><th scope="col">{% translate "Signed at" %}</th></tr></thead>
      <tbody>
        {% for signature in signatures %}
          <tr><td data-label="{% translate 'Meaning' %}">{{ signature.get_meaning_display }}</td><td data-label="{% translate 'Full name' %}">{{ signature.printed_name }}</td><td data-label="{% translate 'Position' %}">{{ signature.position }}</td><td data-label="{% translate 'Signed at' %}">{{ signature.signed_at|date:"SHORT_DATETIME_FORMAT" }} (GMT+7)</td></tr>
        {% empty %}
          <tr><td colspan="4">{% translate "Approved before electronic signatures were recorded." %}</td></tr>
        {% endfor %}
      </tbody>
    </table>
    <p class="release-links">
      {% if current_release.pdf_status == "ready" %}
        <a class="button" href="{% url 'documents:release_pdf' current_release.verify_token %}">{% translate "Download the controlled PDF" %}</a>
      {% else %}
        <span class="muted">{% translate "The controlled PDF is being prepared." %}</span>
      {% endif %}
      <a href="{% url 'documents:verify' current_release.verify_token %}">{% translate "Check whether a printed copy is in force" %}</a>
    </p>
  {% endif %}
</section>"""

AMENDMENTS_REFERENCE = """{% load i18n %}
{% if releases %}
<section aria-labelledby="amend-heading">
  <h2 id="amend-heading">{% translate "Amendment record" %}</h2>
  <table class="amendments stack">
    <thead><tr><th scope="col">{% translate "Release" %}</th><th scope="col">{% translate "Effective date" %}</th><th scope="col">{% translate "Amendment summary" %}</th><th scope="col">{% translate "Status" %}</th></tr></thead>
    <tbody>
      {% for release in releases %}
        <tr><td data-label="{% translate 'Release' %}">{{ release.number_label }}</td><td data-label="{% translate 'Effective date' %}">{{ release.effective_date|date:"SHORT_DATE_FORMAT" }}</td><td data-label="{% translate 'Amendment summary' %}">{{ release.amendment_summary|linebreaksbr }}</td><td data-label="{% translate 'Status' %}">{{ release.status_label }}</td></tr>
      {% endfor %}
    </tbody>
  </table>
</section>
{% endif %}"""


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def _render(source: str, context: dict) -> str:
    return _squeeze(Template(source).render(Context(context)))


def _releases() -> list[DocumentRelease]:
    now = timezone.now()
    return [
        DocumentRelease(
            pk=3,
            number=3,
            effective_date=dt.date(2026, 3, 1),
            amendment_summary="Sửa bước 2 <b>& 3</b>\r\nthêm \"mẫu\" 'BM-02'\rhết",
            verify_token="tok3",
            pdf_status="ready",
        ),
        DocumentRelease(
            pk=2,
            number=2,
            effective_date=dt.date(2025, 12, 31),
            amendment_summary="",
            verify_token="tok2",
            superseded_at=now,
        ),
        DocumentRelease(
            pk=1,
            number=1,
            effective_date=dt.date(2025, 1, 5),
            verify_token="tok1",
            withdrawn_at=now,
        ),
    ]


def _signatures() -> list[ElectronicSignature]:
    # 17:05 UTC is 00:05 the next day in Hà Nội: the date moves with the time zone.
    return [
        ElectronicSignature(
            printed_name="Nguyễn Văn <An>",
            position="Phó Chủ tịch & thành viên",
            meaning=ElectronicSignature.Meaning.REVIEW,
            signed_at=dt.datetime(2026, 2, 27, 17, 5, tzinfo=dt.UTC),
        ),
        ElectronicSignature(
            printed_name="Trần Thị Bình",
            position="",
            meaning=ElectronicSignature.Meaning.APPROVAL,
            signed_at=dt.datetime(2026, 2, 28, 2, 30, tzinfo=dt.UTC),
        ),
    ]


def _page() -> SimpleNamespace:
    agency = SimpleNamespace(name='UBND phường <Phố Hiến> & "Lam Sơn"')
    return SimpleNamespace(agency=agency, code="QT-HT-01 <x>")


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "case", ["ready", "queued", "unsigned", "no release", "one release"]
)
def test_tags_match_the_templates_they_replaced(language, case):
    releases = _releases()
    current = releases[0]
    signatures = _signatures()
    if case == "queued":
        current.pdf_status = "queued"
    elif case == "unsigned":
        signatures = []
    elif case == "no release":
        releases, current, signatures = [], None, []
    elif case == "one release":
        releases = releases[:1]
    context = {
        "page": _page(),
        "current_release": current,
        "signatures": signatures,
        "releases": releases,
    }
    with translation.override(language):
        for tag, reference in (
            ("{% document_control %}", CONTROL_REFERENCE),
            ("{% amendment_record releases %}", AMENDMENTS_REFERENCE),
        ):
            built = _render("{% load documents_tags %}" + tag, context)
            assert built == _render(reference, context)
    if case == "ready":
        with translation.override("vi"):
            built = _render("{% load documents_tags %}{% document_control %}", context)
        assert "00:05 28/02/2026 (GMT+7)" in built  # Hà Nội time, Vietnamese format
        assert "&lt;An&gt;" in built and "<An>" not in built
        assert "/tok3/" in built
