"""simple-history that copes with modelcluster's ParentalKey (stack notes §3, conflict 1)."""

from __future__ import annotations

from typing import Any

from django.db import models
from modelcluster.fields import ParentalKey
from simple_history.models import HistoricalRecords


class ClusterHistoricalRecords(HistoricalRecords):
    """Copy a ParentalKey as a plain ForeignKey on the historical model.

    simple-history rebuilds each FK with ``related_name="+"``, which modelcluster refuses
    on a ParentalKey (modelcluster.E002).
    """

    def copy_fields(self, model: type[models.Model]) -> dict[str, Any]:
        fields: dict[str, Any] = super().copy_fields(model)
        for name, field in list(fields.items()):
            if isinstance(field, ParentalKey):
                field.swappable = False  # else AppRegistryNotReady in deconstruct()
                _name, _path, args, kwargs = field.deconstruct()
                plain = models.ForeignKey(*args, **kwargs)
                plain.name = field.name
                fields[name] = plain
        return fields
