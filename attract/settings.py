"""Attract settings: every knob is an environment variable with an embedded default.

The embedded default (no env at all) is the newcomer's path: SQLite, eager Celery tasks and the
LinkedIn sandbox standing in for LinkedIn. A malformed variable stops start-up naming the variable.
"""

import secrets
import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
ENV_FILE = BASE_DIR / ".env"
if ENV_FILE.exists():
    environ.Env.read_env(str(ENV_FILE), overwrite=False)


def _setting(name, cast, default):
    try:
        return cast(name, default=default)
    except (ValueError, TypeError, ImproperlyConfigured) as exc:
        raise ImproperlyConfigured(f"Environment variable {name} is malformed: {exc}") from exc


TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if TESTING:
        SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"
    else:
        # First run of a checkout: make a random key and keep it in .env so sessions survive restarts.
        SECRET_KEY = secrets.token_urlsafe(50)
        with ENV_FILE.open("a") as fh:
            fh.write(f"SECRET_KEY={SECRET_KEY}\n")

DEBUG = _setting("DEBUG", env.bool, False)
ALLOWED_HOSTS = _setting("ALLOWED_HOSTS", env.list, ["127.0.0.1", "localhost", "testserver"])
SITE_URL = _setting("SITE_URL", env.url, "http://127.0.0.1:8000").geturl().rstrip("/")
CSRF_TRUSTED_ORIGINS = _setting("CSRF_TRUSTED_ORIGINS", env.list, [SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "django_htmx",
    "attract",
    "jobs",
    "candidates",
    "linkedin_integration",
]

# LinkedIn endpoints. The sandbox is the embedded default; set both base URLs to LinkedIn's to talk to
# the real service. The sandbox serves only where it is asked for: with DEBUG on (make run) or under the
# tests while the API base points at it, else only with LINKEDIN_SANDBOX=true. A production deployment
# that forgot LinkedIn's settings must not offer anyone its fault controls and signed test pushes.
LINKEDIN_API_BASE = _setting("LINKEDIN_API_BASE", env.str, f"{SITE_URL}/sandbox/linkedin/api").rstrip("/")
LINKEDIN_OAUTH_BASE = _setting("LINKEDIN_OAUTH_BASE", env.str, f"{SITE_URL}/sandbox/linkedin").rstrip("/")
LINKEDIN_SANDBOX = _setting(
    "LINKEDIN_SANDBOX", env.bool, "/sandbox/linkedin" in LINKEDIN_API_BASE and (DEBUG or TESTING)
)
_SANDBOX_PARTNER = {
    "LINKEDIN_CLIENT_ID": "attract-sandbox-partner",
    "LINKEDIN_CLIENT_SECRET": "attract-sandbox-partner-secret",
}
_REAL_LINKEDIN = any("/sandbox/linkedin" not in base for base in (LINKEDIN_API_BASE, LINKEDIN_OAUTH_BASE))
for _name in _SANDBOX_PARTNER:
    # Against the real LinkedIn the sandbox's partner app means nothing: say so at start-up, not at the
    # first sign-in.
    if _REAL_LINKEDIN and not env.str(_name, default=""):
        raise ImproperlyConfigured(
            f"Environment variable {_name} is required when LINKEDIN_API_BASE or LINKEDIN_OAUTH_BASE point "
            "at LinkedIn (not the sandbox): set it to your LinkedIn partner app's value."
        )
LINKEDIN_CLIENT_ID = _setting("LINKEDIN_CLIENT_ID", env.str, _SANDBOX_PARTNER["LINKEDIN_CLIENT_ID"])
LINKEDIN_CLIENT_SECRET = _setting(
    "LINKEDIN_CLIENT_SECRET", env.str, _SANDBOX_PARTNER["LINKEDIN_CLIENT_SECRET"]
)
LINKEDIN_TIMEOUT = _setting("LINKEDIN_TIMEOUT", env.float, 10.0)
LINKEDIN_FEED_HOUR_UTC = _setting("LINKEDIN_FEED_HOUR_UTC", env.int, 2)
LINKEDIN_FEED_MINUTE_UTC = _setting("LINKEDIN_FEED_MINUTE_UTC", env.int, 0)
for _name, _value, _highest in (
    ("LINKEDIN_FEED_HOUR_UTC", LINKEDIN_FEED_HOUR_UTC, 23),
    ("LINKEDIN_FEED_MINUTE_UTC", LINKEDIN_FEED_MINUTE_UTC, 59),
):
    # Celery's crontab would only refuse an out-of-range time when the beat starts, far from the cause.
    if not 0 <= _value <= _highest:
        raise ImproperlyConfigured(
            f"Environment variable {_name} is malformed: {_value} is not between 0 and {_highest}."
        )
LINKEDIN_RSC_REFRESH_MINUTES = _setting("LINKEDIN_RSC_REFRESH_MINUTES", env.int, 60)
# The history pull (InMail, notes, stub profiles): how often, how far back the first pull reads, and how
# long to wait when LinkedIn throttles without saying until when.
LINKEDIN_HISTORY_PULL_MINUTES = _setting("LINKEDIN_HISTORY_PULL_MINUTES", env.int, 120)
LINKEDIN_HISTORY_FIRST_DAYS = _setting("LINKEDIN_HISTORY_FIRST_DAYS", env.int, 30)
LINKEDIN_HISTORY_PAUSE_MINUTES = _setting("LINKEDIN_HISTORY_PAUSE_MINUTES", env.int, 15)
# The In-ATS push: the beat's safety-net run, the per-resource pace (records a minute, 0 = no pacing), the
# backfill's reach, the margin before a change is read (covers clock skew and late commits), the wait
# after a change before the debounced run, how long a run holds a kind, and the pause after a 429.
LINKEDIN_SYNC_MINUTES = _setting("LINKEDIN_SYNC_MINUTES", env.int, 5)
LINKEDIN_SYNC_RECORDS_PER_MINUTE = _setting("LINKEDIN_SYNC_RECORDS_PER_MINUTE", env.int, 10_000)
LINKEDIN_SYNC_BACKFILL_DAYS = _setting("LINKEDIN_SYNC_BACKFILL_DAYS", env.int, 730)
LINKEDIN_SYNC_SAFETY_SECONDS = _setting("LINKEDIN_SYNC_SAFETY_SECONDS", env.float, 2.0)
LINKEDIN_SYNC_DEBOUNCE_SECONDS = _setting("LINKEDIN_SYNC_DEBOUNCE_SECONDS", env.int, 10)
# Without a broker (make run), the debounced push runs in a thread of the web process; off under the tests,
# which run it where they mean to.
LINKEDIN_SYNC_IN_PROCESS = _setting("LINKEDIN_SYNC_IN_PROCESS", env.bool, DEBUG and not TESTING)
LINKEDIN_SYNC_LEASE_SECONDS = _setting("LINKEDIN_SYNC_LEASE_SECONDS", env.int, 300)
LINKEDIN_SYNC_THROTTLE_PAUSE_SECONDS = _setting("LINKEDIN_SYNC_THROTTLE_PAUSE_SECONDS", env.int, 60)
# Sub-resource calls (one per application) sent at once; 1 sends them one after the other.
LINKEDIN_SYNC_PARALLEL_CALLS = _setting("LINKEDIN_SYNC_PARALLEL_CALLS", env.int, 8)
for _name, _value in (
    ("LINKEDIN_SYNC_MINUTES", LINKEDIN_SYNC_MINUTES),
    ("LINKEDIN_SYNC_BACKFILL_DAYS", LINKEDIN_SYNC_BACKFILL_DAYS),
    ("LINKEDIN_SYNC_LEASE_SECONDS", LINKEDIN_SYNC_LEASE_SECONDS),
    ("LINKEDIN_SYNC_THROTTLE_PAUSE_SECONDS", LINKEDIN_SYNC_THROTTLE_PAUSE_SECONDS),
    ("LINKEDIN_SYNC_PARALLEL_CALLS", LINKEDIN_SYNC_PARALLEL_CALLS),
):
    if _value < 1:
        raise ImproperlyConfigured(f"Environment variable {_name} is malformed: {_value} is not 1 or more.")
for _name, _value in (
    ("LINKEDIN_SYNC_RECORDS_PER_MINUTE", LINKEDIN_SYNC_RECORDS_PER_MINUTE),
    ("LINKEDIN_SYNC_SAFETY_SECONDS", LINKEDIN_SYNC_SAFETY_SECONDS),
    ("LINKEDIN_SYNC_DEBOUNCE_SECONDS", LINKEDIN_SYNC_DEBOUNCE_SECONDS),
):
    if _value < 0:
        raise ImproperlyConfigured(f"Environment variable {_name} is malformed: {_value} is negative.")
if LINKEDIN_SANDBOX:
    INSTALLED_APPS.append("linkedin_sandbox")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view reads the body (CSRF reads the form); after the user, so its pages can render.
    "attract.security.RequestGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "attract.middleware.HtmxSignInMiddleware",
    "attract.middleware.TimeZoneMiddleware",
    # A write may have changed what LinkedIn's In-ATS shows: ask for a (debounced) push.
    "linkedin_integration.sync_trigger.SyncSoonMiddleware",
]

ROOT_URLCONF = "attract.urls"
WSGI_APPLICATION = "attract.wsgi.application"

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
                "attract.context_processors.roles",
                # Lazy: read only by the career pages that show the brand.
                "attract.career_site.context_processor",
            ],
            "builtins": ["attract.templatetags.when"],
        },
    }
]

DATABASES = {"default": _setting("DATABASE_URL", env.db_url, f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "attract.User"
# Django's model backend behind sign-in throttling (attract.signin).
AUTHENTICATION_BACKENDS = ["attract.signin.ThrottledBackend"]
# Sign-in throttling counts per address from X-Forwarded-For's last entry (the proxy's) rather than the
# proxy's own address; on by default where an https SITE_URL implies a proxy (as SECURE_PROXY_SSL_HEADER).
SIGNIN_BEHIND_PROXY = _setting("SIGNIN_BEHIND_PROXY", env.bool, SITE_URL.startswith("https://"))
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/jobs/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-us"
TIME_ZONE = _setting("TIME_ZONE", env.str, "UTC")
FORMAT_MODULE_PATH = ["attract.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = _setting("MEDIA_ROOT", env.path, BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Uploaded resumes: PDF or DOCX, at most this many bytes.
RESUME_MAX_BYTES = _setting("RESUME_MAX_BYTES", env.int, 5 * 1024 * 1024)
# A multipart body larger than a resume at its limit plus this much form around it is refused (413)
# before it is read (attract.security).
UPLOAD_FORM_OVERHEAD_BYTES = 256 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Fernet key for secrets at rest (LinkedIn tokens, client secrets). Derived from SECRET_KEY when unset.
FIELD_ENCRYPTION_KEY = _setting("FIELD_ENCRYPTION_KEY", env.str, "")

# Celery: with no broker every task runs eagerly in-process (the embedded default).
REDIS_URL = _setting("REDIS_URL", env.str, "")
CELERY_BROKER_URL = _setting("CELERY_BROKER_URL", env.str, REDIS_URL)
# With Redis, the cache is shared by web processes and workers (the RSC drain's wake-up flag lives there).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "attract",
            # Requests read the cache (sign-in throttling): a silent Redis costs a second, not a worker.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
# Celery closes a worker's database connection around every task unless told to reuse it; a new
# PostgreSQL connection per task cost as much as a 1-click export's own queries. attract/celery.py
# closes connections around tasks as Django does around requests (CONN_MAX_AGE, health checks).
CELERY_DB_REUSE_MAX = 1000

# Email (hiring-team notifications). Console in the embedded default.
EMAIL_CONFIG = _setting("EMAIL_URL", env.email_url, "consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = _setting("DEFAULT_FROM_EMAIL", env.str, "Attract <attract@localhost>")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
HTTPS = SITE_URL.startswith("https://")
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Browsers are told to use https only for this long (one year) once they saw the site over https; 0 is off.
SECURE_HSTS_SECONDS = _setting("SECURE_HSTS_SECONDS", env.int, 365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _setting("SECURE_HSTS_INCLUDE_SUBDOMAINS", env.bool, False)
# For a deployment without a proxy that redirects http to https itself; /healthz stays on http for probes.
SECURE_SSL_REDIRECT = _setting("SECURE_SSL_REDIRECT", env.bool, False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]


def _origin(url: str) -> str:
    parts = url.split("/")
    return "/".join(parts[:3])


# Content-Security-Policy on every page (django-csp): scripts and styles only from our static files, no
# inline script or style anywhere. LinkedIn's origins (the sandbox's when it stands in) are allowed
# where LinkedIn's pieces need them: in.js and the profile widget's frame, and the sign-in a Connect
# form redirects to.
_LINKEDIN_ORIGINS = sorted({_origin(LINKEDIN_API_BASE), _origin(LINKEDIN_OAUTH_BASE)})
_LINKEDIN_WIDGET = [] if LINKEDIN_SANDBOX else ["https://platform.linkedin.com", "https://www.linkedin.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", *_LINKEDIN_ORIGINS, *_LINKEDIN_WIDGET],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-src": ["'self'", *_LINKEDIN_ORIGINS, *_LINKEDIN_WIDGET],
        "connect-src": ["'self'"],
        "form-action": ["'self'", *_LINKEDIN_ORIGINS],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": _setting("LOG_LEVEL", env.str, "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}
