"""Settings for Spravka, all read from environment variables (see the README's table).

Safe defaults make a local run work with nothing configured (SQLite, no Redis, e-mail to the
console); production must say what it wants, and refuses to start without a SECRET_KEY.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.images import IMAGE_TYPES
from helpcenter.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set SECRET_KEY (or SECRET_KEY_FILE), "
            "or DEBUG=true for a local run."
        )
    # A local run keeps one random key in var/ so sessions survive runserver's reloads.
    _key_file = VAR_DIR / "dev-secret-key"
    if not _key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    SECRET_KEY = _key_file.read_text(encoding="utf-8").strip()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = (env_str("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")

INSTALLED_APPS = [
    # Before admin, so its admin classes can show a field per language.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "markdownx",
    "csp",
    "core",
    "contacts",
    "faq",
    "tickets",
    # After tickets: privacy reads and erases appeals; tickets never imports it (core/consent.py).
    "privacy",
    # Above tickets and contacts: outage notices on their pages, tagging their appeals.
    "notices",
    # Above faq and tickets: the search log reads articles and hears tickets.signals.appeal_filed.
    "insights",
    # The site layer above the apps (home, sitemap index, error pages): see pages/apps.py.
    "pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached public pages are served here, before the rest of the stack (core/cache.py).
    "core.cache.PublicPageCacheMiddleware",
    # Compresses public pages only (BREACH: see core/middleware.py); after WhiteNoise, which
    # serves its own pre-compressed files.
    "core.middleware.PublicGZipMiddleware",
    # ETag → 304 for If-None-Match; after GZip so the ETag is of the uncompressed page.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, with the settings' policy built once per process (core/middleware.py).
    "core.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "helpcenter.urls"
WSGI_APPLICATION = "helpcenter.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                # `active_notices`, read only by pages that print it (notices.context_processors).
                "notices.context_processors.active_notices",
            ],
        },
    },
]

# Databases: SQLite file by default, PostgreSQL (psycopg 3) in production via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # Wait for a writer instead of failing at once with "database is locked".
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
elif env_bool("DATABASE_PREPARED_STATEMENTS", default=True):
    # The search's own SQL is prepared on its connection after its first run (core.db.
    # prepared_cursor); Django's ORM cursors never prepare, whatever this says. Set
    # DATABASE_PREPARED_STATEMENTS=false behind a transaction-mode pooler older than
    # PgBouncer 1.21 (README, Production).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 1)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared between workers, needed for rate limits across
# processes); otherwise a per-process memory cache that is enough for a local run.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # RedisCache, but an unreachable Redis is a cache miss, not a 500 (core/redis_cache.py).
            "BACKEND": "core.redis_cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "spravka"),
            "OPTIONS": {
                # A Redis that never answers must not hold a visitor for redis-py's default
                # (no timeout at all): give up quickly and carry on without the cache.
                "socket_connect_timeout": env_int("REDIS_TIMEOUT_MS", 300) / 1000,
                "socket_timeout": env_int("REDIS_TIMEOUT_MS", 300) / 1000,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Russian at /, English under /en/.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Staff-written text (audience names, topics, articles...) is stored per language with
# django-modeltranslation: `name_ru`, `name_en`; `name` reads the active language, and falls
# back to Russian where the English text is empty.
MODELTRANSLATION_DEFAULT_LANGUAGE = "ru"
MODELTRANSLATION_LANGUAGES = ("ru", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ru",)
USE_I18N = True
# Everything the site says about hours is Moscow time, whatever the server's zone.
TIME_ZONE = "Europe/Moscow"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    # Attachments and article images live outside any public URL; views decide who sees them.
    # Written under a temporary name and linked into place when complete (core/files.py).
    "default": {
        "BACKEND": "core.files.SafeFileSystemStorage",
        "OPTIONS": {"location": str(Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media"))))},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            # WhiteNoise's compressed manifest storage, remembering addresses (core/staticfiles.py).
            else "core.staticfiles.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = STORAGES["default"]["OPTIONS"]["location"]
MEDIA_URL = "/media/"
FILE_UPLOAD_PERMISSIONS = 0o640

# E-mail: the console in a local run; SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Spravka <noreply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Admin", a) for a in env_list("ADMINS")]

# Security headers. HTTPS-only cookies in production; the proxy in front terminates TLS.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "pages.views.csrf_failure"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Card numbers are masked in every line (core/redaction.py, issue 10), and private links'
    # secrets hidden ("Not Found: /appeal/<reference>/<secret>/", core/private_links.py).
    "filters": {
        "mask_cards": {"()": "core.redaction.CardMaskingFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_cards"]},
        # Django's own 500 e-mail to ADMINS, redefined only to add the same filter.
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false", "mask_cards"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Django's logger otherwise keeps its default, unfiltered mail_admins handler.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
    },
}

# --- Contacts -------------------------------------------------------------------------------
# The organisation the contacts belong to, as search engines see it (schema.org JSON-LD).
CONTACTS_ORGANIZATION_NAME = env_str("CONTACTS_ORGANIZATION_NAME", "QIWI")


# --- Help section (faq) ----------------------------------------------------------------------
# Article Markdown is rendered with Python-Markdown and cleaned with nh3 (faq/markdown.py); the
# admin's live preview uses the same function, so staff see what visitors will see.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "faq.markdown.markdownify"
# Images dragged into the editor: checked by Pillow (faq/forms.py), re-encoded, stored in the
# private MEDIA_ROOT under this folder and served publicly by faq.views.image at /help/images/.
# No SVG: it can carry scripts.
# The image types the site accepts anywhere (core.images); the form checks the content itself.
MARKDOWNX_UPLOAD_CONTENT_TYPES = tuple(IMAGE_TYPES)
MARKDOWNX_UPLOAD_MAX_SIZE = env_int("FAQ_IMAGE_MAX_BYTES", 5 * 1024 * 1024)
MARKDOWNX_MEDIA_PATH = "faq/images/"


# --- Online appeals (tickets) ----------------------------------------------------------------
# Answer time promised on the form and used for the staff queue: received + hours.
TICKETS_DUE_HOURS = env_int("TICKETS_DUE_HOURS", 24)
TICKETS_PRIORITY_DUE_HOURS = env_int("TICKETS_PRIORITY_DUE_HOURS", 4)
if not 0 < TICKETS_PRIORITY_DUE_HOURS <= TICKETS_DUE_HOURS:
    raise ImproperlyConfigured(
        "TICKETS_PRIORITY_DUE_HOURS must be positive and not above TICKETS_DUE_HOURS"
    )
# Attachments: per form, per appeal in all, and per file (bytes).
TICKETS_MAX_FILES = env_int("TICKETS_MAX_FILES", 5)
TICKETS_MAX_FILES_PER_APPEAL = env_int("TICKETS_MAX_FILES_PER_APPEAL", 20)
TICKETS_MAX_FILE_SIZE = env_int("TICKETS_MAX_FILE_SIZE", 10 * 1024 * 1024)
# Per client address and TICKETS_RATE_WINDOW seconds: appeals sent, replies added, "find my
# appeal" attempts. 0 turns a limit off. Counted in the cache (Redis when REDIS_URL is set).
TICKETS_RATE_WINDOW = env_int("TICKETS_RATE_WINDOW", 3600)
TICKETS_SUBMIT_LIMIT = env_int("TICKETS_SUBMIT_LIMIT", 10)
TICKETS_REPLY_LIMIT = env_int("TICKETS_REPLY_LIMIT", 30)
TICKETS_FIND_LIMIT = env_int("TICKETS_FIND_LIMIT", 5)
# How many proxies of ours append to X-Forwarded-For; 0 (default) trusts REMOTE_ADDR only.
TICKETS_TRUSTED_PROXY_COUNT = env_int("TICKETS_TRUSTED_PROXY_COUNT", 0)
# Outbox (manage.py send_outbox): first retry after this many seconds, doubling up to the cap,
# and "failed" after this many attempts.
TICKETS_OUTBOX_RETRY_SECONDS = env_int("TICKETS_OUTBOX_RETRY_SECONDS", 60)
TICKETS_OUTBOX_MAX_RETRY_SECONDS = env_int("TICKETS_OUTBOX_MAX_RETRY_SECONDS", 6 * 3600)
TICKETS_OUTBOX_MAX_ATTEMPTS = env_int("TICKETS_OUTBOX_MAX_ATTEMPTS", 10)


# --- Faults: what the site does when a dependency goes away -------------------------------------
# After a Redis failure, each worker leaves Redis alone for this many seconds (core/redis_cache.py).
REDIS_RETRY_SECONDS = env_int("REDIS_RETRY_SECONDS", 5)
# Uploads bigger than FILE_UPLOAD_MAX_MEMORY_SIZE are spooled here, not in the system temp dir, so
# that what a killed worker leaves behind is found and removed (`manage.py clean_uploads`, also run
# by `send_outbox --loop` every hour). Created at start-up (core/apps.py).
FILE_UPLOAD_TEMP_DIR = env_str("FILE_UPLOAD_TEMP_DIR", str(VAR_DIR / "upload-tmp"))
# Temporary uploads and half-written files older than this are removed by `clean_uploads`.
UPLOAD_TEMP_MAX_AGE = env_int("UPLOAD_TEMP_MAX_AGE", 3600)
# The hotline shown on the "site unavailable" page, which must not read the database.
SUPPORT_HOTLINE = env_str("SUPPORT_HOTLINE", "+78007077759")
SUPPORT_HOTLINE_DISPLAY = env_str("SUPPORT_HOTLINE_DISPLAY", "8 800 707-77-59")
# `send_outbox --loop`: after an error (database, mail server, DNS) it waits 1 s, then twice as long
# after each further error, at most this many seconds, and carries on.
TICKETS_OUTBOX_LOOP_MAX_BACKOFF = env_int("TICKETS_OUTBOX_LOOP_MAX_BACKOFF", 60)
# Staff see a warning in the outbox admin once the oldest unsent e-mail is older than this.
TICKETS_OUTBOX_ALERT_SECONDS = env_int("TICKETS_OUTBOX_ALERT_SECONDS", 15 * 60)

# --- Hardening against attacks (issue 8; README "Security") ----------------------------------
# Every admin class, ours and the libraries', accepts only the filters it shows (core.admin_site).
INSTALLED_APPS[INSTALLED_APPS.index("django.contrib.admin")] = "core.admin_site.SpravkaAdminConfig"
INSTALLED_APPS.append("axes")
# Refuses NUL bytes and oversized bodies before anything parses them: after LocaleMiddleware
# (its pages are translated), before CsrfViewMiddleware (the first to read a POST body).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware") + 1,
    "core.middleware.RequestGuardMiddleware",
)
# django-axes counts failed admin logins; its middleware must be the last one.
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The admin's address, e.g. "staff-7f3k/": not a secret, only less noise from scanners.
ADMIN_URL = (env_str("ADMIN_URL", "admin/") or "").strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured('ADMIN_URL must not be empty (the default is "admin/")')
# Admin password guessing: after AXES_FAILURE_LIMIT wrong passwords for one user name (from any
# address: a guesser spreading over many hosts) or from one address (whatever user names it
# tries), that account or that address is locked out for AXES_COOLOFF_MINUTES; a superuser
# unlocks earlier in admin ("Access attempts") or with `manage.py axes_reset`. Locking the account
# lets a guesser keep a staff member out for the cool-off: the price of stopping a distributed
# guess. AXES_LOCKOUT_PARAMETERS=username+ip_address locks only that pair instead (a guesser
# elsewhere then cannot lock staff out, and a distributed guess is not stopped). The database
# handler keeps the counts in the database: shared by every worker and host, with or without Redis.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [
    part.split("+") if "+" in part else part
    for part in env_list("AXES_LOCKOUT_PARAMETERS", ["username", "ip_address"])
]
AXES_RESET_ON_SUCCESS = True
# Its start-up banner on every manage.py command is noise in logs and CI.
AXES_VERBOSE = env_bool("AXES_VERBOSE", default=False)
AXES_LOCKOUT_CALLABLE = "pages.views.locked_out"
# The same client address as the rate limits (TICKETS_TRUSTED_PROXY_COUNT decides).
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_ip"
# Any request body larger than this is refused unread (413); the appeal and reply forms take
# TICKETS_MAX_FILES files of TICKETS_MAX_FILE_SIZE plus REQUEST_FORM_MARGIN bytes for the text,
# and the article image upload FAQ_IMAGE_MAX_BYTES plus the margin.
REQUEST_MAX_BODY_SIZE = env_int("REQUEST_MAX_BODY_SIZE", 1024 * 1024)
REQUEST_FORM_MARGIN = env_int("REQUEST_FORM_MARGIN", 256 * 1024)
# "Was this helpful?": answers counted per client address and window (seconds); 0 = no limit.
FAQ_VOTE_LIMIT = env_int("FAQ_VOTE_LIMIT", 20)
FAQ_VOTE_WINDOW = env_int("FAQ_VOTE_WINDOW", 3600)
# --- Performance and caching (core/cache.py) ---------------------------------------------------
# Seconds a public page is kept in the cache (Redis with REDIS_URL, else per process) and by
# proxies and browsers (Cache-Control: public, max-age). Staff edits show at once regardless
# (the content version); pages showing "open now" are kept until the next minute at most.
# 0 turns page caching off.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 60)

# --- Scale-out: uploaded files in an S3-compatible object store --------------------------------
# Several web hosts must see the same uploads, so they can live in object storage
# (django-storages, boto3) instead of the local MEDIA_ROOT. The files stay private either way:
# objects are written with a private ACL and are only ever read back by the views that check who
# may see them (tickets.views.attachment, faq.views.image); the site never hands out their URLs.
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "local")
if STORAGE_BACKEND == "s3":
    AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            # Empty: AWS itself; else any S3-compatible endpoint (MinIO, Ceph, Yandex, moto).
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            # Empty: boto3 finds credentials itself (instance role, ~/.aws); *_FILE works too.
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "location": env_str("AWS_LOCATION", ""),
            "default_acl": "private",
            "querystring_auth": True,
            # Two uploads never share a name (names are random; this keeps it so).
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND != "local":
    raise ImproperlyConfigured(f"STORAGE_BACKEND={STORAGE_BACKEND!r} is neither local nor s3")

# --- Personal data and card numbers (privacy, issue 10) ------------------------------------
# Django's error reports (500 e-mails, the debug page) mask card numbers in POST values, local
# variables and settings, on top of hiding passwords and keys as usual; and in the address, GET
# values and address headers, with private links' secrets hidden (core/redaction.py).
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.redaction.CardMaskingExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "core.redaction.RedactingExceptionReporter"
# How long an appeal's personal data (name, e-mail, phone, wallet, texts, files) is kept after
# the appeal is closed; then `manage.py purge_personal_data` (run daily) anonymises it. 152-FZ
# art. 5 part 7: personal data is kept no longer than its purpose requires. The number is the
# operator's decision (claims and disputes about payments, its own retention policy); 3 years is
# only a default, the general limitation period of the Civil Code (art. 196).
PRIVACY_APPEAL_RETENTION_DAYS = env_int("PRIVACY_APPEAL_RETENTION_DAYS", 3 * 365)
# How long sent e-mails keep their text in the outbox (the delivery record stays).
PRIVACY_OUTBOX_BODY_RETENTION_DAYS = env_int("PRIVACY_OUTBOX_BODY_RETENTION_DAYS", 30)
if PRIVACY_APPEAL_RETENTION_DAYS < 1 or PRIVACY_OUTBOX_BODY_RETENTION_DAYS < 0:
    raise ImproperlyConfigured("PRIVACY_*_RETENTION_DAYS must be positive")
# --- Issue 9 (layers, content as data) ---
# What `manage.py load_content` loads, in this order: each app's `content.load()` (staff groups
# first; topics and articles after the contacts they may mention). Not read from the environment:
# it is the code's own list.
SHIPPED_CONTENT = ["core", "contacts", "faq", "tickets", "privacy"]

# --- Support desk: the agents' queue (issue 11; README "Support desk: the agents' queue") -------
# An agent's "I have this appeal open" lasts this long without a heartbeat (the page sends one
# every TICKETS_PRESENCE_HEARTBEAT_SECONDS): three missed heartbeats and the name disappears.
TICKETS_PRESENCE_HEARTBEAT_SECONDS = env_int("TICKETS_PRESENCE_HEARTBEAT_SECONDS", 30)
TICKETS_PRESENCE_SECONDS = env_int("TICKETS_PRESENCE_SECONDS", 90)
if not 5 <= TICKETS_PRESENCE_HEARTBEAT_SECONDS < TICKETS_PRESENCE_SECONDS:
    raise ImproperlyConfigured(
        "TICKETS_PRESENCE_HEARTBEAT_SECONDS must be at least 5 and below TICKETS_PRESENCE_SECONDS"
    )
# The manager's page computes percentiles of answer times; on SQLite (no percentile function)
# from at most this many durations per period, the most recent ones.
TICKETS_STATS_SQLITE_SAMPLE = env_int("TICKETS_STATS_SQLITE_SAMPLE", 20000)
# --- Support e-mail both ways (issue 11; README "Support e-mail") ---------------------------
# Every appeal e-mail carries Reply-To: <localpart>+<REFERENCE>.<secret>@<domain>; the mailbox
# behind that domain is read by `manage.py fetch_mail` over IMAP. The domain defaults to the one
# of DEFAULT_FROM_EMAIL, so one setting is enough where the sender's domain receives mail.
TICKETS_MAIL_REPLY_LOCALPART = env_str("TICKETS_MAIL_REPLY_LOCALPART", "support") or "support"
TICKETS_MAIL_REPLY_DOMAIN = (
    env_str("TICKETS_MAIL_REPLY_DOMAIN")
    or DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip().rstrip(">").strip()
).lower()
if "+" in TICKETS_MAIL_REPLY_LOCALPART or "@" in TICKETS_MAIL_REPLY_LOCALPART:
    raise ImproperlyConfigured("TICKETS_MAIL_REPLY_LOCALPART must not contain '+' or '@'")
TICKETS_IMAP_HOST = env_str("TICKETS_IMAP_HOST", "")
TICKETS_IMAP_SECURITY = (env_str("TICKETS_IMAP_SECURITY", "ssl") or "ssl").lower()
if TICKETS_IMAP_SECURITY not in ("ssl", "starttls", "none"):
    raise ImproperlyConfigured("TICKETS_IMAP_SECURITY must be ssl, starttls or none")
TICKETS_IMAP_PORT = env_int("TICKETS_IMAP_PORT", 993 if TICKETS_IMAP_SECURITY == "ssl" else 143)
TICKETS_IMAP_USER = env_str("TICKETS_IMAP_USER", "")
TICKETS_IMAP_PASSWORD = env_str("TICKETS_IMAP_PASSWORD", "")
TICKETS_IMAP_TIMEOUT = env_int("TICKETS_IMAP_TIMEOUT", 30)
# A CA bundle (PEM) to check the IMAP server's certificate against; empty: the system's.
TICKETS_IMAP_CA_FILE = env_str("TICKETS_IMAP_CA_FILE", "")
TICKETS_IMAP_FOLDER = env_str("TICKETS_IMAP_FOLDER", "INBOX") or "INBOX"
# Imported and automatic mail is moved here after the database has committed it (empty: deleted).
TICKETS_IMAP_DONE_FOLDER = env_str("TICKETS_IMAP_DONE_FOLDER", "processed")
# Mail that matched no appeal is moved here and kept for staff (empty: left where it is).
TICKETS_IMAP_FAILED_FOLDER = env_str("TICKETS_IMAP_FAILED_FOLDER", "unmatched")
# A message larger than this is not downloaded: kept as "unmatched, too large" for staff.
TICKETS_INBOUND_MAX_BYTES = env_int("TICKETS_INBOUND_MAX_BYTES", 60 * 1024 * 1024)
# `fetch_mail --loop`: after an error waits 1 s, doubling, at most this many seconds.
TICKETS_IMAP_LOOP_MAX_BACKOFF = env_int("TICKETS_IMAP_LOOP_MAX_BACKOFF", 300)
# Inbound messages kept for staff (sender, subject, text of unmatched and automatic mail) are
# personal data: `purge_personal_data` deletes the rows after this many days.
TICKETS_INBOUND_KEEP_DAYS = env_int("TICKETS_INBOUND_KEEP_DAYS", 30)
if TICKETS_INBOUND_KEEP_DAYS < 1:
    raise ImproperlyConfigured("TICKETS_INBOUND_KEEP_DAYS must be positive")
# --- Service notices (notices, issue 12) -------------------------------------------------------
# /status/ lists, besides the current notices, those that ended within this many days.
NOTICES_RECENT_DAYS = env_int("NOTICES_RECENT_DAYS", 14)
if NOTICES_RECENT_DAYS < 0:
    raise ImproperlyConfigured("NOTICES_RECENT_DAYS must not be negative")
# --- Support desk: the legal clock and the lifecycle (issue 11; README "Support desk: clocks and
# lifecycle") ---------------------------------------------------------------------------------
# The legal deadline of a written appeal, in working days of the Russian production calendar
# (core.workdays), counted from the day after receipt (Civil Code art. 191). 15 is the issue's
# figure and the one Federal Law No. 123-FZ "On the Financial Ombudsman" (art. 16 part 2) gives
# a financial organisation for a consumer's claim sent electronically; which law applies to an
# appeal is the operator's lawyers' call, not the site's.
TICKETS_LEGAL_WORKING_DAYS = env_int("TICKETS_LEGAL_WORKING_DAYS", 15)
# An agent may extend the legal deadline once, by this many working days, with a reason that is
# e-mailed to the visitor (the figure; check with your lawyers that an extension is
# allowed for the appeal at hand).
TICKETS_LEGAL_EXTENSION_WORKING_DAYS = env_int("TICKETS_LEGAL_EXTENSION_WORKING_DAYS", 10)
# `appeal_lifecycle`: an appeal waiting for the visitor this many days without an answer is
# resolved (and the visitor told); a resolved one is closed this many days later.
TICKETS_AUTO_RESOLVE_DAYS = env_int("TICKETS_AUTO_RESOLVE_DAYS", 7)
TICKETS_AUTO_CLOSE_DAYS = env_int("TICKETS_AUTO_CLOSE_DAYS", 7)
# How long after rating the visitor may change their rating; then it is read-only.
TICKETS_RATING_CHANGE_DAYS = env_int("TICKETS_RATING_CHANGE_DAYS", 7)
# `appeal_lifecycle --loop`: pause between runs, and the longest pause after errors.
TICKETS_LIFECYCLE_INTERVAL = env_int("TICKETS_LIFECYCLE_INTERVAL", 300)
for _name in (
    "TICKETS_LEGAL_WORKING_DAYS",
    "TICKETS_AUTO_RESOLVE_DAYS",
    "TICKETS_AUTO_CLOSE_DAYS",
    "TICKETS_LIFECYCLE_INTERVAL",
):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1")
if TICKETS_LEGAL_EXTENSION_WORKING_DAYS < 0 or TICKETS_RATING_CHANGE_DAYS < 0:
    raise ImproperlyConfigured(
        "TICKETS_LEGAL_EXTENSION_WORKING_DAYS and TICKETS_RATING_CHANGE_DAYS must not be negative"
    )
# --- Search analytics (insights, issue 12; README "Search analytics") --------------------------
# Raw search rows older than this many whole days are folded into daily counts and deleted by
# `manage.py aggregate_search_log`; the daily counts are deleted after INSIGHTS_SEARCH_KEEP_DAYS.
INSIGHTS_SEARCH_RAW_DAYS = env_int("INSIGHTS_SEARCH_RAW_DAYS", 30)
INSIGHTS_SEARCH_KEEP_DAYS = env_int("INSIGHTS_SEARCH_KEEP_DAYS", 2 * 365)
if INSIGHTS_SEARCH_RAW_DAYS < 1 or INSIGHTS_SEARCH_KEEP_DAYS < INSIGHTS_SEARCH_RAW_DAYS:
    raise ImproperlyConfigured(
        "INSIGHTS_SEARCH_RAW_DAYS must be at least 1 and INSIGHTS_SEARCH_KEEP_DAYS at least as much"
    )
# Search beacons (typing in the appeal form sends one per pause) per client address and window.
INSIGHTS_BEACON_LIMIT = env_int("INSIGHTS_BEACON_LIMIT", 600)
INSIGHTS_BEACON_WINDOW = env_int("INSIGHTS_BEACON_WINDOW", 3600)
# --- Help articles: revisions, scheduling, review (issue 12) ---------------------------------
# An article not reviewed for this many months is listed for editors as due for review.
FAQ_REVIEW_MONTHS = env_int("FAQ_REVIEW_MONTHS", 12)
if FAQ_REVIEW_MONTHS < 1:
    raise ImproperlyConfigured("FAQ_REVIEW_MONTHS must be at least 1")
# Days a visitor's "why not helpful" comment is kept (free text may name a person); the reason
# itself stays. purge_personal_data clears older comments.
FAQ_VOTE_COMMENT_RETENTION_DAYS = env_int("FAQ_VOTE_COMMENT_RETENTION_DAYS", 365)
if FAQ_VOTE_COMMENT_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("FAQ_VOTE_COMMENT_RETENTION_DAYS must be at least 1")
