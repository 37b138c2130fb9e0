"""A procedure's sections, built in Python (issue 14 part 6), show what the template part
they replaced showed: the same sections, numbers, cells, escaping, dates and links."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from documents.models import DocumentRelease, LegalDocument, ReleaseForm
from tests.documents.conftest import approve
from tests.documents.test_public_record import _legal_bases
from tests.documents.test_query_counts import _grow

# templates/documents/procedure_page.html before issue 14 part 6, between the control block
# and the amendment record: the reference for the tag's output.
REFERENCE = """{% load i18n wagtailcore_tags %}
  {% if page.kind == "tthc" %}
    <section aria-labelledby="tthc-heading">
      <h2 id="tthc-heading">{% translate "Administrative procedure" %}</h2>
      <dl class="facts">
        {% if page.national_code %}<dt>{% translate "National procedure code" %}</dt><dd>{{ page.national_code }}</dd>{% endif %}
        {% if page.field %}<dt>{% translate "Field of activity" %}</dt><dd>{{ page.field }}</dd>{% endif %}
        {% if page.legal_time_limit %}<dt>{% translate "Legal processing time limit" %}</dt><dd>{{ page.legal_time_limit|floatformat:"-2" }} {{ page.get_legal_time_unit_display }}</dd>{% endif %}
        {% if page.fees %}<dt>{% translate "Fees and charges" %}</dt><dd>{{ page.fees }}</dd>{% endif %}
      </dl>
      {% if page.dossier %}<h3>{% translate "Required dossier components" %}</h3>{{ page.dossier|richtext }}{% endif %}
    </section>
  {% endif %}
  {% with n=outline.numbers %}
  {% if n.purpose %}<h2>{{ n.purpose }}. {% translate "Purpose" %}</h2>{{ page.purpose|richtext }}{% endif %}
  {% if n.scope %}<h2>{{ n.scope }}. {% translate "Scope" %}</h2>{{ page.scope|richtext }}{% endif %}
  {% if n.legal_basis %}
    <h2 id="legal-heading">{{ n.legal_basis }}. {% translate "Legal basis and references" %}</h2>
    {% if outline.legal_bases %}
      <ul class="legal-bases" aria-labelledby="legal-heading">
        {% for basis in outline.legal_bases %}
          <li><strong>{{ basis.number }}</strong> — {{ basis.title }} ({{ basis.issuer }}, {{ basis.issue_date|date:"SHORT_DATE_FORMAT" }})
            <span class="legal-status legal-{{ basis.status }}">{{ basis.get_status_display }}</span>{% if basis.replaced_by_number %} — {% blocktranslate with number=basis.replaced_by_number %}replaced by {{ number }}{% endblocktranslate %}{% endif %}</li>
        {% endfor %}
      </ul>
    {% endif %}
    {% if page.references %}{{ page.references|richtext }}{% endif %}
  {% endif %}
  {% if n.definitions %}<h2>{{ n.definitions }}. {% translate "Definitions and abbreviations" %}</h2>{{ page.definitions|richtext }}{% endif %}
  {% if n.procedure %}
    <h2>{{ n.procedure }}. {% translate "Content of the procedure" %}</h2>
    {% for block in page.body %}{% include_block block %}{% endfor %}
    {% with time=outline.time %}
      {% if time %}
        <p class="time-check{% if time.over_limit %} time-over{% endif %}">
          {% blocktranslate with hours=time.total_hours|floatformat:"-2" days=time.total_days|floatformat:"-2" %}Total time of the steps: {{ hours }} working hours ({{ days }} working days).{% endblocktranslate %}
          {% if page.legal_time_limit %}{% blocktranslate with limit=page.legal_time_limit|floatformat:"-2" unit=page.get_legal_time_unit_display %}Legal time limit: {{ limit }} {{ unit }}.{% endblocktranslate %}
            {% if time.over_limit %}<strong>{% translate "The steps take longer than the legal time limit." %}</strong>{% endif %}{% endif %}
        </p>
      {% endif %}
    {% endwith %}
  {% endif %}
  {% if n.forms %}
    <h2 id="forms-heading">{{ n.forms }}. {% translate "Forms" %}</h2>
    <ul class="forms" aria-labelledby="forms-heading">{% for form in outline.forms %}
      <li>{{ form.code }} — {{ form.name }}{% if not is_preview and form.file %} <a href="{% url 'documents:form_download' form.pk %}" download>{% blocktranslate with kind=form.kind_label %}Download ({{ kind }}){% endblocktranslate %}</a>{% endif %}</li>{% endfor %}
    </ul>
  {% endif %}
  {% if n.records %}
    <h2>{{ n.records }}. {% translate "Records to keep" %}</h2>
    <table class="stack"><thead><tr><th scope="col">{% translate "Record" %}</th><th scope="col">{% translate "Kept by" %}</th><th scope="col">{% translate "Retention period" %}</th></tr></thead>
      <tbody>{% for record in page.records %}<tr><td data-label="{% translate 'Record' %}">{{ record.value.name }}</td><td data-label="{% translate 'Kept by' %}">{{ record.value.keeper }}</td><td data-label="{% translate 'Retention period' %}">{{ record.value.retention }}</td></tr>{% endfor %}</tbody>
    </table>
  {% endif %}
  {% endwith %}"""

# Whitespace a browser does not show: runs of it, and any next to a block element's tags.
_BLOCK_TAG = (
    r"</?(?:section|h2|h3|dl|dt|dd|ul|li|p|table|thead|tbody|tr|th|td|div)\b[^>]*>"
)


def _squeeze(html: str) -> str:
    html = re.sub(r"\s+", " ", html)
    return re.sub(rf"\s*({_BLOCK_TAG})\s*", r"\1", html).strip()


def _both(context: dict) -> tuple[str, str]:
    tag = Template("{% load procedure_tags %}{% procedure_sections %}")
    reference = Template(REFERENCE)
    return (
        _squeeze(tag.render(Context(context))),
        _squeeze(reference.render(Context(context))),
    )


def _context(page, **extra):
    request = RequestFactory().get(page.url)
    request.user = None
    context = page.get_context(request)
    context.update(extra)
    return context


@pytest.fixture
def full_procedure(tree, draft):
    """A TTHC procedure with every section: legal bases (one replaced), definitions,
    steps over the legal limit, forms with and without a file, records; and markup to
    escape in its texts."""
    _legal_bases(draft)
    draft.national_code = "1.001193.000.00.00.H26"
    draft.field = "Hộ tịch <b>&</b> chứng thực"
    draft.fees = "Miễn lệ phí; bản sao: 8.000 đồng/bản"
    draft.dossier = "<ul><li>Tờ khai đăng ký khai sinh</li></ul>"
    draft.references = "<p>Luật Hộ tịch 2014</p>"
    draft.definitions = "<p>TTHC: thủ tục hành chính</p>"
    draft.legal_time_limit = Decimal("0.25")
    draft.records = [
        (
            "record",
            {
                "name": "Sổ <đăng ký> khai sinh",
                "keeper": "Công chức",
                "retention": "Vĩnh viễn",
            },
        ),
        (
            "record",
            {
                "name": "Phiếu kiểm soát",
                "keeper": "Bộ phận Một cửa",
                "retention": "5 năm",
            },
        ),
    ]
    draft.kind = type(draft).Kind.TTHC
    draft.save_revision(user=tree["officer"])
    page = approve(draft, tree)
    _grow(page, tree, 2)
    release = DocumentRelease.objects.get(page=page, superseded_at__isnull=True)
    ReleaseForm.objects.create(
        release=release, position=9, code="BM-09", name="Mẫu <điền tay>", kind="pdf"
    )
    page.refresh_from_db()
    return page


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_section_as_the_template_showed_it(full_procedure, language):
    with translation.override(language):
        context = _context(full_procedure)
        tag, reference = _both(context)
    assert tag == reference
    # The page really has every section, a replaced law, downloads and escaped markup.
    assert tag.count("<h2") == 8  # the TTHC block and seven numbered sections
    assert "7. " in tag
    assert "01/2022/TT-BTP" in tag and "download>" in tag
    assert "Sổ &lt;đăng ký&gt; khai sinh" in tag
    assert "Hộ tịch &lt;b&gt;&amp;&lt;/b&gt; chứng thực" in tag
    assert "time-over" in tag


@pytest.mark.django_db
def test_a_preview_offers_no_download(full_procedure):
    tag, reference = _both(_context(full_procedure, is_preview=True))
    assert tag == reference
    assert "download>" not in tag


@pytest.mark.django_db
def test_empty_sections_are_left_out_and_the_numbers_follow(tree, draft):
    draft.purpose = "<p><br/></p>"
    draft.kind = type(draft).Kind.SYSTEM
    draft.legal_time_limit = None
    draft.save_revision(user=tree["officer"])
    page = approve(draft, tree)
    assert not LegalDocument.objects.exists()
    tag, reference = _both(_context(page))
    assert tag == reference
    assert "Mục đích" not in tag and "<h2>1. Phạm vi" in tag
