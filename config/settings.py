"""Settings of Ориентир: every knob comes from the environment (see docs/deploy.md)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Production is the default: a forgotten DEBUG must never expose tracebacks.
DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else a random key kept in var/secret_key (created once, mode 600)."""
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    path = BASE_DIR / "var" / "secret_key"
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "orientir.core",
    "orientir.accounts",
    "orientir.directory",
    "orientir.plan",
    "orientir.staffing",
    "orientir.forecast",
    "orientir.pupils",
    "orientir.careers",
    "orientir.mentoring",
    "orientir.contracts",
    "orientir.offers",
    "orientir.students",
    "orientir.reports",
    "orientir.api",
    "orientir.cabinet",
    "orientir.jobs",
    "orientir.site",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # the API's documentation page served from our static files (no CDN: the CSP allows none)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "orientir.core.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "orientir.site.middleware.SessionTouchMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # people's cabinet accounts and officials' accounts never open each other's pages (orientir.cabinet, decision 57)
    "orientir.cabinet.middleware.ScopeSeparationMiddleware",
    # after authentication: it logs reads of personal data by the signed-in user (orientir.core.personal_data)
    "orientir.core.middleware.ReadLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # keeps the request for the export helper: a big export becomes a background job (orientir.jobs.exports)
    "orientir.jobs.exports.CurrentRequestMiddleware",
    # Axes must be last: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "orientir.accounts.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite under var/ by default (zero set-up); PostgreSQL when DATABASE_URL is set.
DEFAULT_SQLITE = f"sqlite:///{BASE_DIR / 'var' / 'orientir.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", DEFAULT_SQLITE), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout keep a deadline spike of concurrent saves from failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failed logins (per username and address).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# ...and per address over all usernames (password spraying), with a limit of its own (orientir/accounts/lockout.py).
AXES_HANDLER = "orientir.accounts.lockout.AddressLimitHandler"
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
# The client's address behind the proxy (orientir/accounts/client_ip.py): the header nginx sets, believed only from
# the proxies listed here (the addresses the proxy connects from).
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "HTTP_X_REAL_IP")
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
AXES_CLIENT_IP_CALLABLE = "orientir.accounts.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Django's cache: the password-reset request counters (orientir/accounts/throttle.py). Memory of one process by
# default; several gunicorn workers or servers need one shared cache (docs/deploy.md, section 3).
CACHES = {"default": {"BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
                      "LOCATION": os.environ.get("CACHE_LOCATION", "")}}

# Session expiry: an idle session ends after SESSION_IDLE_MINUTES; closing the browser ends it too.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "60")) * 60
# The idle clock moves once a minute, not on every request: orientir.site.middleware.SessionTouchMiddleware
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# E-mail: console by default; SMTP when EMAIL_HOST is set.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "orientir@localhost")

# Production hardening: on whenever DEBUG is off, each can be relaxed explicitly behind a TLS proxy.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from this site only, no inline scripts (pages
# declare behaviour in data attributes, static/js/behaviours.js), no plugins, no framing, forms post here only.
# Inline style attributes stay allowed: they carry layout only, and a style cannot run script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features no page of the system uses (core/middleware.py sends the header).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# Background jobs (docs/decisions.md, record 56; docs/deploy.md, section «Фоновые задания»): django-tasks with the
# database backend by default (worker: `manage.py db_worker`, started by `make run`), or RQ on Redis when
# TASKS_BACKEND=rq and REDIS_URL are set (worker: `manage.py rqworker default`).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": int(os.environ.get("JOBS_TIMEOUT_SECONDS", "3600"))}}
TASKS = {"default": {"BACKEND": {"database": "django_tasks_db.DatabaseBackend",
                                 "rq": "django_tasks_rq.RQBackend",
                                 "immediate": "django_tasks.backends.immediate.ImmediateBackend"}[TASKS_BACKEND]}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
# An export of more rows than this is written by a worker, with its progress on «Мои задания».
JOBS_EXPORT_THRESHOLD = int(os.environ.get("JOBS_EXPORT_THRESHOLD", "20000"))
# Likewise (decision 66): a PDF of more rows (about 10 ms of layout a row), a report book of more files, a plan
# generated for more organisations, an import of more rows.
JOBS_PDF_THRESHOLD = int(os.environ.get("JOBS_PDF_THRESHOLD", "150"))
JOBS_BOOK_THRESHOLD = int(os.environ.get("JOBS_BOOK_THRESHOLD", "3"))
JOBS_PLAN_THRESHOLD = int(os.environ.get("JOBS_PLAN_THRESHOLD", "300"))
JOBS_IMPORT_THRESHOLD = int(os.environ.get("JOBS_IMPORT_THRESHOLD", "5000"))
# The forecast's freeze and backtest for a municipality of more lines of submitted staffing returns (decision 70).
JOBS_FORECAST_THRESHOLD = int(os.environ.get("JOBS_FORECAST_THRESHOLD", "10000"))
JOBS_KEEP_HOURS = int(os.environ.get("JOBS_KEEP_HOURS", "24"))  # finished jobs' files, then `purge_uploads` deletes
JOBS_PROGRESS_SECONDS = float(os.environ.get("JOBS_PROGRESS_SECONDS", "0.5"))  # progress written at most this often
# A running job without a sign of life this long has lost its worker (killed, restarted): it is marked failed.
JOBS_STALE_SECONDS = int(os.environ.get("JOBS_STALE_SECONDS", "600"))

ORIENTIR_PAGE_SIZE = 25
# A searched list is counted up to this many rows, then reads «более N — уточните поиск» (decision 75).
ORIENTIR_SEARCH_COUNT_CAP = int(os.environ.get("ORIENTIR_SEARCH_COUNT_CAP", "10000"))
# The personal cabinet (decision 57): how many days a printed invitation code stays valid.
CABINET_INVITATION_DAYS = int(os.environ.get("CABINET_INVITATION_DAYS", "14"))
# Working days an official has to check a document sent from the cabinet, and a tutor to answer a question (decision 65).
CABINET_DOCUMENT_CHECK_DAYS = int(os.environ.get("CABINET_DOCUMENT_CHECK_DAYS", "5"))
CABINET_ANSWER_DAYS = int(os.environ.get("CABINET_ANSWER_DAYS", "5"))
FORMS_URLFIELD_ASSUME_HTTPS = True
