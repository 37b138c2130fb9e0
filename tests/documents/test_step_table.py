"""The procedure's step table, built in Python (issue 14 part 6), shows what the template did."""

from __future__ import annotations

import re
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from documents.models.blocks import StepTableBlock

# The template the block used before it was built in Python: the reference for its output.
REFERENCE = """{% load i18n %}
{% if value.heading %}<h3>{{ value.heading }}</h3>{% endif %}
<div class="table-scroll">
<table class="steps stack">
  <thead><tr><th scope="col">{% translate "Step" %}</th><th scope="col">{% translate "Description" %}</th><th scope="col">{% translate "Responsible position" %}</th><th scope="col">{% translate "Time limit" %}</th><th scope="col">{% translate "Forms / outputs" %}</th></tr></thead>
  <tbody>
    {% for step in value.steps %}
      <tr><td data-label="{% translate 'Step' %}">{{ step.step }}</td><td data-label="{% translate 'Description' %}">{{ step.description|linebreaksbr }}</td><td data-label="{% translate 'Responsible position' %}">{{ step.responsible }}</td><td data-label="{% translate 'Time limit' %}">{% if step.time_limit %}{{ step.time_limit|floatformat:"-2" }} {% if step.time_unit == "days" %}{% translate "working days" %}{% else %}{% translate "working hours" %}{% endif %}{% endif %}</td><td data-label="{% translate 'Forms / outputs' %}">{{ step.forms }}</td></tr>
    {% endfor %}
  </tbody>
</table>
</div>"""


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def test_step_table_matches_the_template_it_replaced():
    block = StepTableBlock()
    value = block.to_python(
        {
            "heading": "Quy trình <chính>",
            "steps": [
                {
                    "step": "1",
                    "description": "Tiếp nhận hồ sơ\nkiểm tra <script>alert(1)</script>",
                    "responsible": "Công chức & cán bộ",
                    "time_limit": Decimal("0.5"),
                    "time_unit": "days",
                    "forms": "Mẫu 01",
                },
                {
                    "step": "2",
                    "description": "Thẩm định",
                    "responsible": "Chuyên viên",
                    "time_limit": Decimal("16"),
                    "time_unit": "hours",
                    "forms": "",
                },
                {
                    "step": "3",
                    "description": "Trả kết quả",
                    "responsible": "Bộ phận Một cửa",
                    "time_limit": None,
                    "time_unit": "hours",
                    "forms": "",
                },
            ],
        }
    )
    with translation.override("vi"):
        built = block.render(value)
        expected = Template(REFERENCE).render(Context({"value": value}))
    assert _squeeze(str(built)) == _squeeze(expected)
    assert "&lt;script&gt;" in built and "<script>" not in built
    assert "0,50 ngày làm việc" in built and "16 giờ làm việc" in built
    assert "Tiếp nhận hồ sơ<br>kiểm tra" in built
