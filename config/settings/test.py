"""Test settings: base settings with a fixed key, fast hashing and immediate background tasks.

DATABASE_URL still chooses the database, so the same suite runs on SQLite and PostgreSQL.
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("ZWGK_HTTPS", "0")
# Fixed test keys for field encryption (zwgk/core/crypto.py); never used anywhere else.
os.environ.setdefault("ZWGK_FIELD_KEYS", "test1:dGVzdC1vbmx5LWZpZWxkLWtleS0wMDAwMDAwMDAwMDA=")
os.environ.setdefault("ZWGK_BLIND_INDEX_KEY", "dGVzdC1vbmx5LWJsaW5kLWluZGV4LWtleS0wMDAwMDA=")
if "ZWGK_VAR_DIR" not in os.environ:
    _tmp = tempfile.mkdtemp(prefix="zwgk-test-")
    os.environ["ZWGK_VAR_DIR"] = _tmp
    atexit.register(shutil.rmtree, _tmp, ignore_errors=True)

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(os.environ["ZWGK_VAR_DIR"], "test.sqlite3")
    }
os.makedirs(STATIC_ROOT, exist_ok=True)  # noqa: F405

# TransactionTestCase empties the database after each test; the append-only audit triggers
# are lifted only for that (zwgk/core/management/commands/flush.py).
ZWGK_AUDIT_ALLOW_FLUSH = True

# The per-address login throttle counts in the shared cache, across tests: a high limit here,
# the throttle's own test sets a low one.
ZWGK_LOGIN_IP_RATE = "1000/900"
