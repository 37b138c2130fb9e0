"""WSGI entry point (gunicorn qms.wsgi).

Only production serves through WSGI (development uses `manage.py runserver`), so an unset
DJANGO_SETTINGS_MODULE means production: it refuses to start without its secrets rather than
serving with the development settings and DEBUG on.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.production")

application = get_wsgi_application()
