"""Which agencies must apply an ISO quality management system, by agency type.

QĐ 19/2014/QĐ-TTg (Art. 2) obliges provincial agencies and district-level committees and
encourages the rest; provinces set it for communes. After 1 July 2025 the wards and
communes handle most of the procedures the districts did, so they are obliged by default;
a province changes the list here without a deploy. Supervisors' audit-coverage checks and
the province overview read it through ``qms.selectors.iso_obliged_kinds``.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .organisation import Agency

DEFAULT_OBLIGED_KINDS = [
    Agency.Kind.PROVINCIAL_COMMITTEE,
    Agency.Kind.COMMITTEE_OFFICE,
    Agency.Kind.DEPARTMENT,
    Agency.Kind.BOARD,
    Agency.Kind.INSPECTORATE,
    Agency.Kind.DISTRICT_COMMITTEE,
    Agency.Kind.WARD_COMMITTEE,
    Agency.Kind.COMMUNE_COMMITTEE,
]


def _default_obliged_kinds() -> list[str]:
    return [str(kind) for kind in DEFAULT_OBLIGED_KINDS]


class IsoApplicabilityForm(WagtailAdminModelForm):
    # Ticked boxes, not a JSON text: the list is stored as JSON, chosen from the known types.
    obliged_kinds = forms.MultipleChoiceField(
        label=_("agency types obliged to apply ISO 9001"),
        choices=Agency.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


@register_setting(icon="tasks")
class IsoApplicabilitySettings(BaseGenericSetting):
    base_form_class = IsoApplicabilityForm

    obliged_kinds = models.JSONField(
        _("agency types obliged to apply ISO 9001"),
        default=_default_obliged_kinds,
        blank=True,
        help_text=_(
            "Agencies of these types must apply TCVN ISO 9001:2015 (QĐ 19/2014/QĐ-TTg); "
            "the other types are encouraged to."
        ),
    )

    class Meta:
        verbose_name = _("ISO applicability")
