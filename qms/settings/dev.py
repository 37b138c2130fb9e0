"""Local development: SQLite, eager tasks, console e-mail, no services."""

from .base import *  # noqa: F403
from .env import env_secret

DEBUG = True
# A fixed key is acceptable only here; production refuses to start without QMS_SECRET_KEY.
SECRET_KEY = env_secret(
    "QMS_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production"
)
