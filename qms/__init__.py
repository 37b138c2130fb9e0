"""Một Cửa QMS project package and core domain (organisation, roles, scoping)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
