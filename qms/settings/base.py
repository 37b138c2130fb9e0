"""Settings shared by every environment. Secrets and hosts come from QMS_* variables."""

from pathlib import Path

import django_stubs_ext
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_secret, env_str, parse_database_url

django_stubs_ext.monkeypatch()

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env_secret("QMS_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("QMS_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("QMS_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "qms",
    "documents",
    "training",
    "audits",
    "feedback",
    "planning",
    "dossiers",
    "performance",
    "review",
    "conformity",
    "inspections",
    "reporting",
    "supervision",
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "simple_history",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common: picks the language from the cookie set by the switch.
    "qms.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Gives django-simple-history the acting user for every change (ISO 9001:2015 7.5.3.2).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Wagtail views that cannot be scoped to an agency (issue 10, AC-03).
    "qms.middleware.AdminScopeMiddleware",
    # Every refused attempt on an admin record goes to the security and audit logs (AC-08).
    "qms.middleware.RefusedAccessLogMiddleware",
]

ROOT_URLCONF = "qms.urls"
WSGI_APPLICATION = "qms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": parse_database_url(
        env_str("QMS_DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# Language and time: Vietnamese first, English second; dates dd/mm/yyyy.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail"]
FORMAT_MODULE_PATH = ["qms.formats"]
TIME_ZONE = env_str("QMS_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("QMS_MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Files no web server may publish (imported statistics...), outside MEDIA_ROOT.
QMS_PRIVATE_ROOT = Path(
    env_str("QMS_PRIVATE_ROOT") or str(BASE_DIR / "private" / "files")
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "qms.lib.storage.PrivateFileStorage",
        "OPTIONS": {"location": QMS_PRIVATE_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: cap counts and sizes up front (reliability tests UP-06, CVE-2023-24580).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# E-mail: console in development unless an SMTP host is configured.
EMAIL_HOST = env_str("QMS_EMAIL_HOST")
EMAIL_PORT = env_int("QMS_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("QMS_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("QMS_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("QMS_EMAIL_USE_TLS", default=True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("QMS_DEFAULT_FROM_EMAIL", "Một Cửa QMS <qms@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Redis is optional: without it tasks run eagerly in-process and the cache is local.
REDIS_URL = env_str("QMS_REDIS_URL")
# Seconds an anonymous portal page is served from the cache (and by a proxy in front);
# 0 turns the page cache off. Changes invalidate it at once (qms.lib.portal_cache).
QMS_PORTAL_CACHE_SECONDS = env_int("QMS_PORTAL_CACHE_SECONDS", 300)
# Seconds a released document's rendering is kept (its key names the release, so a change
# is a new key); 0 builds it on every request, as the benchmark of building pages does.
QMS_FRAGMENT_CACHE_SECONDS = env_int("QMS_FRAGMENT_CACHE_SECONDS", 24 * 3600)
# A caching proxy in front (nginx, README) is sent PURGE requests for a changed page and the
# pages above it (Wagtail's frontend-cache backends), e.g. http://127.0.0.1:8080.
if QMS_FRONTEND_CACHE_URL := env_str("QMS_FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": QMS_FRONTEND_CACHE_URL,
        }
    }
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
if QMS_FRAGMENT_CACHE_SECONDS == 0:
    # Off: the {% cache %} tag renders every time without asking Redis for a fragment.
    CACHES["template_fragments"] = {
        "BACKEND": "django.core.cache.backends.dummy.DummyCache"
    }

# Celery: ids in, idempotent tasks, enqueued on commit (see qms/tasks.py).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TIMEZONE = TIME_ZONE
# Redelivery after a lost worker happens after the visibility timeout (1 h by default).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("QMS_CELERY_VISIBILITY_TIMEOUT", 3600),
    # Look for abandoned messages every 10 s instead of kombu's every 100 s: a message of a
    # killed worker comes back within visibility_timeout + 10 s (RL-01, RL-05).
    "unacked_restore_throttle": 1,
}
# No task may run longer than the visibility timeout, or a second worker gets it meanwhile
# (RL-04); tasks that need less set their own, shorter limits.
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 29 * 60
CELERY_BEAT_SCHEDULE = {
    # Scheduled go-live is the effective date of a release (ISO 9001:2015 7.5.3.2).
    "publish-scheduled-pages": {
        "task": "qms.tasks.publish_scheduled_pages",
        "schedule": 300.0,
    },
    # ISO 9001:2015 10.2.1(c): corrective actions are followed up to their due date.
    "send-action-reminders": {
        "task": "audits.tasks.send_action_reminders",
        "schedule": 24 * 3600.0,
    },
    # ISO 9001:2015 9.2.1: an internal audit at least once a year; from October, remind the
    # agencies that have not closed one yet.
    "flag-unaudited-agencies": {
        "task": "audits.tasks.flag_unaudited_agencies",
        "schedule": crontab(minute=0, hour=8, day_of_month=1, month_of_year="10-12"),
    },
    # QĐ 19/2014: a management review at least once a year (R5); its outputs are followed up.
    "flag-agencies-without-review": {
        "task": "review.tasks.flag_agencies_without_review",
        "schedule": crontab(minute=5, hour=8, day_of_month=1, month_of_year="10-12"),
    },
    "send-review-action-reminders": {
        "task": "review.tasks.send_review_action_reminders",
        "schedule": 24 * 3600.0,
    },
    # ISO 9001:2015 7.5.3.1 a): a release's PDF and fan-out are never left stuck or lost.
    "sweep-release-jobs": {
        "task": "documents.tasks.sweep_release_jobs",
        "schedule": 60.0,
    },
    # ISO 9001:2015 7.5.2: documents are reviewed periodically.
    "send-review-reminders": {
        "task": "documents.tasks.send_review_reminders",
        "schedule": 24 * 3600.0,
    },
    # ISO 9001:2015 7.3: staff read each new release that concerns them; late readers escalate.
    "send-acknowledgment-reminders": {
        "task": "training.tasks.send_acknowledgment_reminders",
        "schedule": 24 * 3600.0,
    },
    # Background exports are private and short-lived: expired files are deleted daily.
    "purge-expired-exports": {
        "task": "qms.tasks.purge_expired_exports",
        "schedule": crontab(minute=30, hour=1),
    },
    # BR-01, ISO 9001:2015 7.5.3.1(b): stored files and signatures are verified weekly.
    "check-integrity": {
        "task": "documents.tasks.check_integrity",
        "schedule": crontab(minute=0, hour=2, day_of_week="sunday"),
    },
    # ISO 9001:2015 6.1.2: actions on risks and opportunities are followed up to their due date.
    "send-treatment-reminders": {
        "task": "planning.tasks.send_treatment_reminders",
        "schedule": 24 * 3600.0,
    },
    # ISO 9001:2015 9.1.1: a period of a quality objective that ended unmeasured reminds
    # its owner (once per period, in the daily digest).
    "send-measurement-reminders": {
        "task": "performance.tasks.send_measurement_reminders",
        "schedule": crontab(minute=0, hour=7),
    },
    # TT 26/2014/TT-BKHCN: the annual ISO report to the Sở KH&CN; heads and ISO secretaries
    # are reminded daily before its due date until it is submitted.
    "send-report-deadline-reminders": {
        "task": "reporting.tasks.send_report_deadline_reminders",
        "schedule": crontab(minute=10, hour=7),
    },
}

# Background exports (issue 12): a list longer than this is built by a Celery task, not in
# the web request, and arrives as a notification with a link to a private, expiring file.
QMS_EXPORT_INLINE_MAX_ROWS = env_int("QMS_EXPORT_INLINE_MAX_ROWS", 500)
QMS_EXPORT_EXPIRY_DAYS = env_int("QMS_EXPORT_EXPIRY_DAYS", 7)
# Outside MEDIA_ROOT on purpose: a web server that publishes MEDIA_URL never reaches them.
QMS_EXPORT_ROOT = Path(
    env_str("QMS_EXPORT_ROOT") or str(BASE_DIR / "private" / "exports")
)
# Daily reminder digests stop before the broker would redeliver the task (visibility
# timeout); what is left goes out on the next run.
QMS_REMINDER_TIME_BUDGET_S = env_int("QMS_REMINDER_TIME_BUDGET_S", 600)
# Working days a unit has to answer a citizen's feedback (PAKN). Each agency sets it to the
# deadline of its own PAKN regulation; 10 is only a default, not a legal figure.
QMS_FEEDBACK_RESPONSE_DAYS = env_int("QMS_FEEDBACK_RESPONSE_DAYS", 10)

# Wagtail
WAGTAIL_SITE_NAME = "Một Cửa QMS"
WAGTAILADMIN_BASE_URL = env_str("QMS_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Controlled files stream through Django so collection privacy is enforced (stack notes §7).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_DOCUMENT_MODEL = "documents.QmsDocument"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "documents.upload_forms.QmsDocumentForm"
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Images: only the types qms.lib.filetypes recognises by signature; a picture above 40 Mpx
# (a phone photo is usually 12–16) is refused before it is decoded (image bombs, UP-06).
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "documents.upload_forms.QmsImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# The finished signing workflow publishes exactly the signed revision (documents.publishing).
WAGTAIL_FINISH_WORKFLOW_ACTION = "documents.publishing.publish_workflow_state"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# dumpdata --natural-foreign must survive the kept log of a deleted page (BR-02, BR-03).
SERIALIZATION_MODULES = {
    "json": "qms.serializers.json",
    "jsonl": "qms.serializers.jsonl",
}

SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("QMS_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail logs every page action and background task at INFO; keep the console readable.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "modelsearch": {"level": "WARNING"},
        "celery": {"level": "WARNING"},
    },
}
QMS_DEMO_DATA_ALLOWED = True
WAGTAILADMIN_USER_LOGIN_FORM = "qms.forms.LoginForm"
# Avatars would load from gravatar.com: no external hosts in the admin either.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILUSERS_PASSWORD_ENABLED = (
    False  # ES-04: nobody sets another user's password; reset by e-mail link
)

# --- Accounts: login lockout, client address, Content-Security-Policy (issue 10 part 4) ---
INSTALLED_APPS += ["axes"]
MIDDLEWARE += [
    # ES-04: an account whose credentials someone else changed is held until its owner
    # proves who they are (qms.accounts).
    "qms.middleware.CredentialHoldMiddleware",
    "qms.middleware.ContentSecurityPolicyMiddleware",
    # Closest to the views: serves and stores the anonymous portal's pages (issue 14).
    "qms.lib.portal_cache.PortalCacheMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]
# Axes refuses a locked-out login before the model backend looks at the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Reverse proxies whose X-Forwarded-For is believed (IPs or CIDRs); empty: none.
QMS_TRUSTED_PROXIES = env_list("QMS_TRUSTED_PROXIES")
# ASVS 6.3.1 / AU-03: N wrong passwords lock the username, and the address that sent them,
# for a cool-off period; the lock always ends, so an attacker cannot lock anyone for good.
AXES_FAILURE_LIMIT = env_int("QMS_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = env_int("QMS_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "qms.lib.net.client_ip"
AXES_LOCKOUT_CALLABLE = "qms.accounts.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
# Failures and lockouts are warnings; every attempt at INFO would flood the console.
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # type: ignore[index]
# No CDN anywhere and no inline script on the portal (the admin's exception is in
# qms.middleware). Wagtail's admin sets style attributes from its scripts, so inline styles
# stay allowed; images may be data: or blob: URIs (icons, upload previews).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

# --- Integration API (issue 17): DRF with an OpenAPI 3 schema from drf-spectacular -------
# Swagger UI and ReDoc come from drf-spectacular-sidecar's static files: no CDN.
INSTALLED_APPS += [
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rest_framework_api_key",
    "api",
]
# Wagtail's admin API is built on DRF too: its defaults stay DRF's; our views set their own
# authentication, renderers, paging and error format (api.views.ApiView).
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Per client address for the public reads (NUM_PROXIES: behind one reverse proxy).
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("QMS_API_ANON_RATE", "120/min"),
        "key": env_str("QMS_API_KEY_RATE", "600/min"),
    },
    "NUM_PROXIES": env_int("QMS_API_NUM_PROXIES", 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Một Cửa QMS",
    "DESCRIPTION": (
        "API của hệ thống quản lý chất lượng TCVN ISO 9001:2015 các bộ phận Một cửa tỉnh "
        "Hưng Yên. Không cần khóa: đọc cơ quan, bộ phận một cửa, tài liệu đang hiệu lực và "
        "tra cứu hiệu lực bản in. Với khóa hệ thống (Authorization: Api-Key …) gắn với một "
        "cơ quan: gửi số liệu thống kê hồ sơ, phản ánh kiến nghị và đọc sổ theo dõi của cơ "
        "quan. Lỗi trả về theo RFC 9457 (application/problem+json)."
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # The sidecar's ReDoc, served without its CDN logo (api.docs_assets).
    "REDOC_DIST": "/api/v1/redoc-assets",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["api.schema.only_api_v1"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_problem_responses",
    ],
}
