"""Reporting fixtures: the demo's Phố Hiến people and the Sở KH&CN account."""

import pytest
from django.contrib.auth import get_user_model

from qms.models import Agency


@pytest.fixture
def demo(seeded):
    User = get_user_model()
    names = ["thuky", "lanhdao", "congchuc", "giamsat", "sokhcn", "admin"]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    users["pho_hien"] = Agency.objects.get(name="UBND phường Phố Hiến")
    return users
