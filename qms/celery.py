"""Celery application. Without QMS_REDIS_URL every task runs eagerly in-process."""

import os

from celery import Celery

# Importing the package (gunicorn's qms.wsgi, `celery -A qms`) must not pick the development
# settings: only manage.py defaults to them. An unset module means production, which refuses
# to start without its secrets.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.production")

app = Celery("qms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
