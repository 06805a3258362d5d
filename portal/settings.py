"""Settings, all read from the environment in this one file (see README "Configuration").

Defaults give a self-contained development stack: SQLite, a file cache and Kombu's filesystem
transport under var/, so `make run` needs no server. Production sets DATABASE_URL, REDIS_URL,
SECRET_KEY and ALLOWED_HOSTS; with DEBUG off a missing secret or host list stops start-up.
"""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from components.hosts import PortalAwareHosts

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production needs a long random SECRET_KEY in the environment "
            "(python -c 'import secrets; print(secrets.token_urlsafe(64))'); set DEBUG=1 for development."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdefghij"

_allowed_hosts = env.list("ALLOWED_HOSTS", default=[])
if not _allowed_hosts:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. List the host names the portal answers to, comma-separated "
            "(e.g. ALLOWED_HOSTS=camau.gov.vn,.camau.gov.vn)."
        )
    _allowed_hosts = ["localhost", "127.0.0.1", "[::1]", "testserver"]
# Domains configured on portals in the admin are accepted too (components/hosts.py).
ALLOWED_HOSTS = PortalAwareHosts(_allowed_hosts)

# Base domain of the provincial portal; component domains are derived from it.
PORTAL_BASE_DOMAIN = env.str("PORTAL_BASE_DOMAIN", default="camau.gov.vn")
# Links between portals use their domains in production; in development /web/<slug>/ paths.
PORTAL_LINK_DOMAINS = env.bool("PORTAL_LINK_DOMAINS", default=not DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "mptt",
    "guardian",
    "django_ckeditor_5",
    "csp",  # django-csp: Content-Security-Policy (decision 0732)
    "components",
    # --- components: accounts and security (TOTP second factor, login lockout) ---
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    # --- end components ---
    "editorial",
    "feedback",
    "office",  # the board's office: royalties, information inventory and update deadlines (docs/decisions/0900)
    "portal",
    # The open API (/api/v1/, docs/decisions/1700): its OpenAPI 3 schema, Swagger UI served from our origin.
    # Django REST framework itself is NOT an installed app on purpose: its Vietnamese catalog would replace
    # Django's own form messages on every page ("Nhập một địa chỉ email hợp lệ."), and the API needs none of its
    # templates, static files or commands (JSON renderer only).
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "demo",  # seed_demo and the demo data builders; imports the apps, never imported by them (decision 0802)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.csp.ContentSecurityPolicyMiddleware",  # every page, cached ones too (decision 0732)
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "components.params.CleanQueryMiddleware",  # GET without NUL or over-long values, for every view (decision 0740)
    # Anonymous page-cache hits, before portal resolution and sessions: no SQL (docs/decisions/0503).
    "portal.cache.EarlyPageCacheMiddleware",
    "components.middleware.PortalMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.cache.PageCacheMiddleware",  # public site: what the page cache may store (docs/decisions/0501, 0503)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # --- components: second factor state, idle timeout and login gates, lockout responses ---
    "django_otp.middleware.OTPMiddleware",
    "components.security.AccountSecurityMiddleware",
    # Back-office 403/404/500 in the admin's layout with the reason (docs/decisions/0121).
    "components.admin_errors.AdminErrorPagesMiddleware",
    "axes.middleware.AxesMiddleware",  # stays last (django-axes requirement)
    # --- end components ---
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "components.context_processors.portal",
                "portal.context_processors.site",  # public site: menu, public-service link, EMC code
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)

DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share the file: wait for locks instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Peers whose X-Forwarded-For is believed (addresses or CIDRs, comma-separated): loopback (nginx on the same host)
# and 172.16.0.0/12, where Docker puts compose networks by default. docs/decisions/0710-client-address.md
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.0/8", "::1/128", "172.16.0.0/12"])
[ipaddress.ip_network(_proxy, strict=False) for _proxy in TRUSTED_PROXIES]  # a typo fails at start, not per request

REDIS_URL = env.str("REDIS_URL", default="")
# With DEBUG off, start-up (manage.py migrate/check) refuses a cache or broker local to one machine (file, memory),
# which silently breaks purges, rate limits and tasks across processes and nodes (portal/checks.py, decision 1704);
# a one-machine installation that really wants them says so here.
ALLOW_LOCAL_CACHE_AND_BROKER = env.bool("ALLOW_LOCAL_CACHE_AND_BROKER", default=False)
# Cache and broker on separate Redis instances in production (compose: redis-cache with maxmemory + LRU,
# redis-broker with noeviction, docs/decisions/0752); each falls back to REDIS_URL, which serves both.
REDIS_CACHE_URL = env.str("REDIS_CACHE_URL", default="") or REDIS_URL

# Optional Redis Sentinel (docs/decisions/1705): REDIS_CACHE_URL / CELERY_BROKER_URL list the sentinels as
# `sentinel://[:password@]host:26379;sentinel://host2:26379[/db]` and name the monitored master; the sentinels' own
# password, when they have one, is REDIS_SENTINEL_PASSWORD (the master's is in the URL).
REDIS_CACHE_SENTINEL_MASTER = env.str("REDIS_CACHE_SENTINEL_MASTER", default="")
CELERY_BROKER_SENTINEL_MASTER = env.str("CELERY_BROKER_SENTINEL_MASTER", default="")
REDIS_SENTINEL_PASSWORD = env.str("REDIS_SENTINEL_PASSWORD", default="")
_sentinel_auth = {"password": REDIS_SENTINEL_PASSWORD} if REDIS_SENTINEL_PASSWORD else {}

if REDIS_CACHE_URL:
    _cache_options = {"socket_connect_timeout": 2, "socket_timeout": 2}
    _cache_backend = "portal.redis_cache.ReusingRedisCache"
    if REDIS_CACHE_URL.startswith("sentinel://"):
        if not REDIS_CACHE_SENTINEL_MASTER:
            raise ImproperlyConfigured("REDIS_CACHE_URL lists sentinels: set REDIS_CACHE_SENTINEL_MASTER too.")
        _cache_backend = "portal.redis_cache.SentinelRedisCache"
        _cache_options.update(sentinel_master=REDIS_CACHE_SENTINEL_MASTER, sentinel_kwargs=_sentinel_auth)
    CACHES = {
        "default": {
            # Django's RedisCache with one redis.Redis client per connection pool (portal/redis_cache.py).
            "BACKEND": _cache_backend,
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
            "TIMEOUT": 300,
            "OPTIONS": _cache_options,
        }
    }
else:
    # A file cache is shared by the web process and the worker, so the worker can drop pages.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "TIMEOUT": 300,
        }
    }

# --- Celery --------------------------------------------------------------------------------------
CELERY_BROKER_DIR = VAR_DIR / "celery"
_broker_url = env.str("CELERY_BROKER_URL", default="") or REDIS_URL
# A task taken by a worker that dies (acks_late) is given to another after the visibility timeout; every task's
# hard time limit is below it, so a live task is never handed out twice. With the one-minute re-queue of unsent
# notifications this bounds recovery after a killed worker to 5 minutes (docs/decisions/0750).
BROKER_VISIBILITY_TIMEOUT = env.int("BROKER_VISIBILITY_TIMEOUT", default=240)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=180)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=210)
if CELERY_TASK_TIME_LIMIT >= BROKER_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured("CELERY_TASK_TIME_LIMIT must stay below BROKER_VISIBILITY_TIMEOUT.")
if _broker_url:
    CELERY_BROKER_URL = _broker_url
    CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=_broker_url)
    # Kombu scans for expired unacked tasks every interval × throttle seconds (default 10 × 10: up to 100 s late);
    # every 10 s instead, so a killed worker's task is back within the visibility timeout + 10 s.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
        "unacked_restore_interval": 10,
        "unacked_restore_throttle": 1,
    }
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": BROKER_VISIBILITY_TIMEOUT}
    # Kombu's sentinel:// transport (and Celery's sentinel:// result backend) find the master by name.
    _sentinel_options = {"master_name": CELERY_BROKER_SENTINEL_MASTER}
    if _sentinel_auth:
        _sentinel_options["sentinel_kwargs"] = _sentinel_auth
    if CELERY_BROKER_URL.startswith("sentinel://"):
        if not CELERY_BROKER_SENTINEL_MASTER:
            raise ImproperlyConfigured("CELERY_BROKER_URL lists sentinels: set CELERY_BROKER_SENTINEL_MASTER too.")
        CELERY_BROKER_TRANSPORT_OPTIONS.update(_sentinel_options)
    if CELERY_RESULT_BACKEND.startswith("sentinel://"):
        if not CELERY_BROKER_SENTINEL_MASTER:
            raise ImproperlyConfigured("CELERY_RESULT_BACKEND lists sentinels: set CELERY_BROKER_SENTINEL_MASTER too.")
        CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS.update(_sentinel_options)
else:
    for _sub in ("queue", "processed", "results", "control"):
        (CELERY_BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "store_processed": False,
        "control_folder": str(CELERY_BROKER_DIR / "control"),
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_BROKER_DIR / 'results'}"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_TASK_ACKS_LATE = True  # a killed worker's task goes back to the queue
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The beat schedule, in code. Apps add their entries here (name: task, schedule).
CELERY_BEAT_SCHEDULE = {
    "portal-heartbeat": {"task": "portal.ping", "schedule": crontab(minute="*/30")},
    # components: disable accounts idle 45 days; prune the security log beyond its retention
    "components-disable-idle-accounts": {
        "task": "components.disable_idle_accounts",
        "schedule": crontab(hour=2, minute=15),
    },
    "components-prune-security-log": {"task": "components.prune_security_log", "schedule": crontab(hour=3, minute=15)},
}

# --- Auth ------------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "components.auth_backends.AxesBackend",  # components: django-axes lockout check, must stay first
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None  # no guardian anonymous user: citizens hold no object permissions

# --- components: accounts and security (REQUIREMENTS §4, §7; docs/decisions/0400-0499) ---------------
AUTH_PASSWORD_VALIDATORS += [
    {"NAME": "components.passwords.ComplexityValidator"},
    {"NAME": "components.passwords.HistoryValidator"},
    {"NAME": "components.passwords.BlocklistValidator"},  # common, portal names, years, demo (decision 0731)
]
PASSWORD_MIN_LENGTH = env.int("PASSWORD_MIN_LENGTH", default=8)
PASSWORD_MIN_LENGTH_WITHOUT_MFA = env.int("PASSWORD_MIN_LENGTH_WITHOUT_MFA", default=14)
PASSWORD_HISTORY_COUNT = env.int("PASSWORD_HISTORY_COUNT", default=5)
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=90)  # 0 turns expiry off
SECURITY_MFA_ENABLED = env.bool("SECURITY_MFA_ENABLED", default=True)
SECURITY_STAFF_IDLE_TIMEOUT = env.int("SECURITY_STAFF_IDLE_TIMEOUT", default=15 * 60)  # seconds
SECURITY_ADMIN_IDLE_TIMEOUT = env.int("SECURITY_ADMIN_IDLE_TIMEOUT", default=10 * 60)
SECURITY_ACCOUNT_IDLE_DAYS = env.int("SECURITY_ACCOUNT_IDLE_DAYS", default=45)
SECURITY_AUDIT_RETENTION_DAYS = env.int("SECURITY_AUDIT_RETENTION_DAYS", default=400)  # ≥ 12 months
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default=f"Cổng TTĐT {PORTAL_BASE_DOMAIN}")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # nobody reads another user's TOTP secret in the admin
# Lockout per username + address (5), per address across usernames (10: spraying) and per username from any
# address (30), each within the cool-off; components.lockout gives each group its own limit (decision 0730).
AXES_HANDLER = "components.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=10)
AXES_USERNAME_FAILURE_LIMIT = env.int("AXES_USERNAME_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True  # clears that username's failures from that address only (components.lockout)
AXES_VERBOSE = False  # failures and lockouts are written to the security log (components.SecurityEvent)
AXES_LOCKOUT_CALLABLE = "components.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "components.clientip.axes_client_ip"  # the same proxy-aware address as everything else
AXES_ENABLE_ADMIN = False  # lockouts are shown in the security log; unlocking is a user admin action
# Domains of component portals by kind ({abbr}, {name}: the unit's; {parent}: the parent portal's label).
PORTAL_DOMAIN_PATTERNS = {
    "province": "{base}",
    "department": "{abbr}.{base}",
    "district": "{name}.{base}",
    "ward": "{name}.{base}",
    "commune": "{name}.{parent}.{base}",
    "unit": "{abbr}.{parent}.{base}",
}
PORTAL_MENU_MAX_ITEMS = env.int("PORTAL_MENU_MAX_ITEMS", default=8)
# --- end components ------------------------------------------------------------------------------

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Integration: Vietnamese date input (dd/mm/yyyy) in forms and the admin (docs/decisions/0105).
FORMAT_MODULE_PATH = ["portal.formats"]

# --- Static and media ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Files citizens attach to questions: never under MEDIA_ROOT, never served by nginx.
PRIVATE_MEDIA_ROOT = env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Email -----------------------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
if EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend":
    # filemail:///abs/dir or filemail://relative/dir (from the repository root); django-environ drops the leading
    # slash and splits a relative path into host and path, so the directory is taken from the URL here.
    _mail_dir = env.str("EMAIL_URL").split("://", 1)[1]
    EMAIL_FILE_PATH = str(BASE_DIR / _mail_dir) if _mail_dir else str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="") or f"Cổng TTĐT <noreply@{PORTAL_BASE_DOMAIN}>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security --------------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Security headers (docs/decisions/0732-security-headers.md) ----------------------------------------------
# Public pages: nothing inline, nothing from elsewhere but the video embeds (portal.csp adds them to frame-src).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],  # as X_FRAME_OPTIONS = "DENY": the portal is never framed
    }
}
# The back office: CKEditor 5 sets inline styles and previews pasted images as blob: URLs; scripts stay strict.
CSP_ADMIN_PATH_PREFIXES = ("/admin/", "/ckeditor5/")
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
    }
}
# Powerful browser features nobody on the portal uses, off for the page and every frame in it.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# --- Rich text (CKEditor 5; HTML is sanitised again on save by editorial) ------------------------
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CKEDITOR_5_CONFIGS = {
    "default": {
        "toolbar": [
            "heading",
            "|",
            "bold",
            "italic",
            "link",
            "bulletedList",
            "numberedList",
            "blockQuote",
            "|",
            "insertTable",
            "imageUpload",
            "|",
            "undo",
            "redo",
        ],
        "language": "vi",
    }
}

# --- Editor image uploads (media helper; editorial.images, docs/decisions/0202) ----------------------
# editorial.images.ckeditor_image_upload serves /ckeditor5/image_upload/ ahead of the package's view: staff only,
# every image verified (real image, size and pixel limits) and re-encoded without EXIF (GPS).
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "editorial_image_upload"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "png", "gif", "webp"]
CKEDITOR_5_MAX_FILE_SIZE = 10  # MB, as components.validators.MAX_IMAGE_BYTES

# --- Logging -----------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Demo data -------------------------------------------------------------------------------------
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="Demo@2026!")

# --- Public site (portal app; docs/decisions/0500–0502) -------------------------------------------------
# The national online public-service portal linked from every header ("Dịch vụ công trực tuyến").
PUBLIC_SERVICE_URL = env.str("PUBLIC_SERVICE_URL", default="https://dichvucong.gov.vn/")
# The national EMC monitoring snippet, pasted verbatim before </body> on every public page (trusted HTML).
EMC_TRACKING_CODE_HTML = env.str("EMC_TRACKING_CODE_HTML", default="")
# Anonymous page cache: on/off and lifetime; pages are also dropped as soon as their content changes.
PORTAL_PAGE_CACHE = env.bool("PORTAL_PAGE_CACHE", default=True)
PORTAL_PAGE_CACHE_SECONDS = env.int("PORTAL_PAGE_CACHE_SECONDS", default=300)

# --- Open API (/api/v1/, docs/decisions/1700-1703) ------------------------------------------------------------
# Requests per client address (components.clientip) per period, counted on the shared cache across web nodes.
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=120)
API_RATE_LIMIT_PERIOD = env.int("API_RATE_LIMIT_PERIOD", default=60)
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=PORTAL_PAGE_CACHE_SECONDS)
REST_FRAMEWORK = {
    # Anonymous only: no session or token is read, so nobody's request sees more than a visitor's (no CSRF either).
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AddressRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API mở — Cổng thông tin điện tử",
    "DESCRIPTION": (
        "Read-only open data of the provincial portal and its component portals: the same published items and "
        "fields as the public pages. Anonymous, rate-limited per address, cached until the content changes."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    # Swagger UI's files from drf-spectacular-sidecar, served by WhiteNoise: no CDN, the public CSP holds.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
CONSULTATION_COMMENT_RATE = env.int("CONSULTATION_COMMENT_RATE", default=10)  # comments per address per hour
CONSULTATION_COMMENT_MAX_CHARS = env.int("CONSULTATION_COMMENT_MAX_CHARS", default=10_000)
PORTAL_RATING_RATE = env.int("PORTAL_RATING_RATE", default=60)  # satisfaction votes per address per hour
# Longest value of a query parameter any view sees; longer ones are cut (docs/decisions/0740).
QUERY_VALUE_MAX_LENGTH = env.int("QUERY_VALUE_MAX_LENGTH", default=1000)

# --- Editorial workflow (editorial/) ---------------------------------------------------------------
# Items waiting in a review step longer than this many days show as overdue on the "My work" page.
EDITORIAL_REVIEW_OVERDUE_DAYS = env.int("EDITORIAL_REVIEW_OVERDUE_DAYS", default=2)
# How long a shareable preview link works (seconds).
EDITORIAL_PREVIEW_MAX_AGE = env.int("EDITORIAL_PREVIEW_MAX_AGE", default=3 * 24 * 3600)
# Largest legal-document attachment accepted (bytes).
EDITORIAL_DOCUMENT_MAX_BYTES = env.int("EDITORIAL_DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
# Base of links in notification emails, e.g. https://camau.gov.vn (empty: paths only).
# Where signing in to the back office lands (components.views.login_view): the editors' "Việc của tôi".
ADMIN_LANDING_URL_NAME = "editorial_admin_landing"
# The back office's own address (https://…, no trailing slash): links in notification emails start with it.
# Required to be absolute when DEBUG is off (editorial.E001); defaults to the provincial portal's domain.
EDITORIAL_SITE_URL = env.str(
    "EDITORIAL_SITE_URL", default="http://localhost:8000" if DEBUG else f"https://{PORTAL_BASE_DOMAIN}"
).rstrip("/")
CELERY_BEAT_SCHEDULE["editorial-run-schedule"] = {"task": "editorial.run_schedule", "schedule": crontab(minute="*")}

# --- Citizen feedback (feedback/) ----------------------------------------------------------------
# Reply deadlines in working days per class (CONTRACTS.md); legal parameters stay configurable.
FEEDBACK_DEADLINE_DAYS = {
    "competent": env.int("FEEDBACK_DAYS_COMPETENT", default=5),
    "interagency": env.int("FEEDBACK_DAYS_INTERAGENCY", default=10),
    "special": env.int("FEEDBACK_DAYS_SPECIAL", default=15),
}
FEEDBACK_RETENTION_DAYS = env.int("FEEDBACK_RETENTION_DAYS", default=30)  # kept at least 30 days after the answer
FEEDBACK_DATA_REQUEST_HOURS = env.int("FEEDBACK_DATA_REQUEST_HOURS", default=72)
# Closed questions older than this are exported to JSON Lines files for the archives (manage.py archive_feedback).
FEEDBACK_ARCHIVE_AFTER_DAYS = env.int("FEEDBACK_ARCHIVE_AFTER_DAYS", default=365)
FEEDBACK_ARCHIVE_ROOT = env.str("FEEDBACK_ARCHIVE_ROOT", default=str(VAR_DIR / "archive" / "feedback"))
FEEDBACK_DIGEST_HOUR = env.int("FEEDBACK_DIGEST_HOUR", default=7)  # local hour from which the daily digest goes
FEEDBACK_SWEEP_BATCH = env.int("FEEDBACK_SWEEP_BATCH", default=500)
FEEDBACK_SWEEP_MAX_BATCHES = env.int("FEEDBACK_SWEEP_MAX_BATCHES", default=40)
FEEDBACK_RESEND_AFTER_MINUTES = env.int("FEEDBACK_RESEND_AFTER_MINUTES", default=4)  # unclaimed rows: decision 0750
FEEDBACK_MAX_SEND_ATTEMPTS = env.int("FEEDBACK_MAX_SEND_ATTEMPTS", default=8)
FEEDBACK_ATTACHMENT_MAX_BYTES = env.int("FEEDBACK_ATTACHMENT_MAX_BYTES", default=5 * 1024 * 1024)
FEEDBACK_MAX_ATTACHMENTS = env.int("FEEDBACK_MAX_ATTACHMENTS", default=3)
# Spam limits (cache counters): submissions per IP and per email per hour; a challenge after this many tries.
FEEDBACK_RATE_PER_IP = env.int("FEEDBACK_RATE_PER_IP", default=5)
FEEDBACK_RATE_PER_EMAIL = env.int("FEEDBACK_RATE_PER_EMAIL", default=3)
FEEDBACK_CHALLENGE_AFTER = env.int("FEEDBACK_CHALLENGE_AFTER", default=2)
FEEDBACK_LOOKUP_RATE = env.int("FEEDBACK_LOOKUP_RATE", default=20)  # tracking-code lookups per IP per 10 minutes
CELERY_BEAT_SCHEDULE["feedback-sweep"] = {"task": "feedback.sweep", "schedule": crontab(minute="*/15")}
CELERY_BEAT_SCHEDULE["feedback-archive"] = {
    "task": "feedback.archive",
    "schedule": crontab(minute=30, hour=2, day_of_month="1"),
}
CELERY_BEAT_SCHEDULE["feedback-calendar-reminder"] = {
    "task": "feedback.calendar_reminder",
    "schedule": crontab(minute=0, hour=8, day_of_month="1", month_of_year="11"),
}

# --- Delivery of feedback emails (docs/decisions/0750) ----------------------------------------------------
# Claim before send: a worker claims a batch, sends it over one SMTP connection, stamps each row. A claim older
# than the lease belongs to nobody (its worker died); the minute-by-minute re-queue sends such rows again, and rows
# nobody claimed FEEDBACK_RESEND_AFTER_MINUTES after they were written (broker down). The lease is longer than the
# task time limit, so a live worker's claim never expires.
FEEDBACK_SEND_LEASE_SECONDS = env.int("FEEDBACK_SEND_LEASE_SECONDS", default=240)
# A relay that stops answering fails the message after this many seconds instead of holding the batch until the
# task's time limit.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
if FEEDBACK_SEND_LEASE_SECONDS <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("FEEDBACK_SEND_LEASE_SECONDS must be longer than CELERY_TASK_TIME_LIMIT.")
CELERY_BEAT_SCHEDULE["feedback-requeue-unsent"] = {"task": "feedback.requeue_unsent", "schedule": crontab(minute="*")}
