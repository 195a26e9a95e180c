"""Base settings. Everything that differs between machines comes from environment variables.

Environment (documented in .env.example):
  ZWGK_DEMO=1          demo mode: generates a secret key into var/, plain HTTP on 127.0.0.1
  SECRET_KEY           required outside demo mode
  DATABASE_URL         default sqlite:///<var>/zwgk.sqlite3
  ALLOWED_HOSTS        comma-separated
  ZWGK_HTTPS           1 (default outside demo): HSTS, secure cookies, HTTPS redirect
  ZWGK_VAR_DIR         where the SQLite file, published site and secrets live (default ./var)
  ZWGK_SEARCH_DIR      the full-text search index (default <ZWGK_VAR_DIR>/search)
  ZWGK_CACHE_DIR       the shared file cache: rate limits, captcha (default <ZWGK_VAR_DIR>/cache)
  ZWGK_FIELD_KEYS      "kid1:base64key,kid2:base64key": AES-256 keys for personal data at rest,
                       the first encrypts (zwgk/core/crypto.py; demo: generated under var/)
  ZWGK_BLIND_INDEX_KEY base64 of a separate 32-byte key for the blind (search) indexes
  EMAIL_URL-like parts: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
                       EMAIL_USE_TLS, DEFAULT_FROM_EMAIL
"""

import base64
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("ZWGK_VAR_DIR") or BASE_DIR / "var").resolve()

DEMO = env_bool("ZWGK_DEMO", False)
DEBUG = env_bool("DEBUG", False)
HTTPS = env_bool("ZWGK_HTTPS", not DEMO)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if not DEMO:
        raise ImproperlyConfigured("SECRET_KEY must be set (or ZWGK_DEMO=1 for the demo).")
    # Demo only: one random key per installation, kept under var/ and never committed.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()


def _field_keys() -> tuple[str, str]:
    """(ZWGK_FIELD_KEYS, ZWGK_BLIND_INDEX_KEY): field-encryption keys of personal data
    (security.md §3.4). Required outside demo mode; the demo keeps generated keys under var/
    like the secret key. Their format is checked by zwgk.core.crypto (a system check)."""
    keys = os.environ.get("ZWGK_FIELD_KEYS", "").strip()
    index_key = os.environ.get("ZWGK_BLIND_INDEX_KEY", "").strip()
    if keys and index_key:
        return keys, index_key
    if not DEMO:
        raise ImproperlyConfigured(
            "ZWGK_FIELD_KEYS and ZWGK_BLIND_INDEX_KEY must be set (or ZWGK_DEMO=1 for the demo)."
        )
    key_file = VAR_DIR / "field_keys"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        demo_keys = "demo1:" + base64.b64encode(secrets.token_bytes(32)).decode()
        index = base64.b64encode(secrets.token_bytes(32)).decode()
        key_file.write_text(f"{demo_keys}\n{index}\n")
        key_file.chmod(0o600)
    stored_keys, stored_index = key_file.read_text().split()[:2]
    return keys or stored_keys, index_key or stored_index


ZWGK_FIELD_KEYS, ZWGK_BLIND_INDEX_KEY = _field_keys()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEMO or DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A public application form refused for its CSRF token comes back with what was typed, so that a
# browser withholding the Referer or the cookie never costs a person their application.
CSRF_FAILURE_VIEW = "zwgk.disclosure_requests.public_views.csrf_failure"
# Behind the production nginx (deploy/), which sets X-Real-IP, the audit trail records the
# client's address from it; never enable this without such a proxy in front.
ZWGK_TRUST_X_REAL_IP = env_bool("ZWGK_TRUST_X_REAL_IP", False)
# Days the audit trail is kept online (zwgk/core/retention.py): default 400, and a value below 183
# (six months, 网络安全法) stops the application at start-up (system check core.E101).
ZWGK_AUDIT_RETENTION_DAYS = os.environ.get("ZWGK_AUDIT_RETENTION_DAYS", "400")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "zwgk.core",
    "zwgk.orgs",
    "zwgk.contentcheck",
    "zwgk.documents",
    "zwgk.disclosure_requests",
    "zwgk.workspace",
    "zwgk.disclosure_requests.letters",
    "zwgk.portal",
    "zwgk.search",
    "zwgk.keyarea",
    "zwgk.policies",
    "zwgk.execution",
    "zwgk.enforcement",
    "zwgk.newmedia",
    "zwgk.monitoring",
    "zwgk.participation",
    "zwgk.mailbox",
    "zwgk.sentiment",
    "zwgk.supervision",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "zwgk.workspace.middleware.StaffSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zwgk.core.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zwgk.portal.context_processors.site",
                "zwgk.workspace.context_processors.staff_nav",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'zwgk.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # security.md §7.5: durable commits (FULL), WAL for readers, immediate write transactions
    # so that concurrent writers queue on busy_timeout instead of failing on upgrade.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
            "PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 10,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "orgs.User"
LOGIN_URL = "workspace:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "portal:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # 等保 2.0 第三级 (security.md §2.1, §2.9; deviations from ASVS in docs/security.md)
    {"NAME": "zwgk.orgs.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "zwgk.orgs.validators.PasswordHistoryValidator", "OPTIONS": {"last": 5}},
]
ZWGK_PASSWORD_MAX_AGE_DAYS = 90  # staff are sent to the change page after this
ZWGK_LOGIN_FAILURE_LIMIT = 5  # consecutive failures that lock an account …
ZWGK_LOGIN_LOCKOUT_MINUTES = 30  # … for this long
# failed logins per client address and window (zwgk/workspace/forms.py)
ZWGK_LOGIN_IP_RATE = os.environ.get("ZWGK_LOGIN_IP_RATE", "30/900")
ZWGK_SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60  # absolute lifetime (idle: SESSION_COOKIE_AGE)
OTP_TOTP_ISSUER = "zwgk"

# --- Sessions and transport security (security.md §5.4) -------------------------------------
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is a deliberate, separate decision

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files and the published public site ---------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
# The public pages are rendered to files here; nginx serves them in production.
ZWGK_SITE_ROOT = VAR_DIR / "site"
# The full-text search index (tantivy); independent of the database. See docs/search.md.
ZWGK_SEARCH_DIR = Path(os.environ.get("ZWGK_SEARCH_DIR") or VAR_DIR / "search").resolve()

# --- Cache: shared by every process -----------------------------------------------------------
# Holds the public forms' rate-limit counters and used captcha tokens (zwgk/core/ratelimit.py,
# captcha.py), so it must be shared by all gunicorn workers: a file cache under ZWGK_CACHE_DIR
# (default <ZWGK_VAR_DIR>/cache) does that on one host. Several application hosts need a
# shared cache instead (e.g. DatabaseCache, after `zwgk createcachetable`). Never the default
# per-process memory cache, which would multiply every limit by the number of workers.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(Path(os.environ.get("ZWGK_CACHE_DIR") or VAR_DIR / "cache").resolve()),
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
}

# --- Alerts (monitoring, new media) ---------------------------------------------------------
# Dotted path of the SMS sender of the 7×24 alerts (zwgk/monitoring/alerts.py): empty keeps the
# fake sender (nothing leaves the machine); zwgk.monitoring.alerts.TencentCloudAlertSms sends
# through Tencent Cloud SMS with the ZWGK_POLICIES_SMS_* account and ZWGK_ALERT_SMS_TEMPLATE_ID.
ZWGK_SMS_SENDER = os.environ.get("ZWGK_SMS_SENDER", "")
# Processes that parse pages for each crawl worker (zwgk/monitoring/crawler/pool.py): empty
# means one where the machine has two cores or more, none on one core; 0 parses on the loop.
if os.environ.get("ZWGK_MONITOR_PARSE_PROCESSES"):
    ZWGK_MONITOR_PARSE_PROCESSES = int(os.environ["ZWGK_MONITOR_PARSE_PROCESSES"])
if os.environ.get("ZWGK_WECHAT_API_BASE"):  # the WeChat API's address (new-media ingestion)
    ZWGK_WECHAT_API_BASE = os.environ["ZWGK_WECHAT_API_BASE"]
if os.environ.get("ZWGK_PARTICIPATION_RESULTS_WORKDAYS"):  # local policy, see docs/participation.md
    ZWGK_PARTICIPATION_RESULTS_WORKDAYS = int(os.environ["ZWGK_PARTICIPATION_RESULTS_WORKDAYS"])

# --- Background work ------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Mail ------------------------------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zwgk@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if DEMO:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# --- Logging: no personal data, structured enough to grep -----------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- 依申请公开 letters (zwgk/disclosure_requests/letters) ---------------------------------------
# ZWGK_FOI_SUPERIOR_GOVERNMENT: the people's government above the district government, named in
#   the remedy clause of the district government's own replies as the 行政复议机关 (derived for
#   the districts of a 直辖市: 重庆市铜梁区人民政府 → 重庆市人民政府).
# ZWGK_FOI_FEE_PAYMENT: the 缴纳方式 paragraph of the 收费通知书 (where and how to pay).
# ZWGK_PDF_FONT: a TrueType CJK font for PDF letters (default: Debian's fonts-wqy-microhei).
ZWGK_FOI_SUPERIOR_GOVERNMENT = os.environ.get("ZWGK_FOI_SUPERIOR_GOVERNMENT", "")
ZWGK_FOI_FEE_PAYMENT = os.environ.get("ZWGK_FOI_FEE_PAYMENT", "")
ZWGK_PDF_FONT = os.environ.get("ZWGK_PDF_FONT", "")
