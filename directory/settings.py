"""Settings for the counter-trafficking resource directory.

Everything that differs between a laptop and a deployment comes from the
environment (see docs/architecture.md, "Settings"). Debug is off unless
DJANGO_DEBUG=1; production refuses to start without a real secret key.
"""

from pathlib import Path

from directory import env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
FIXTURES_DIR = BASE_DIR / "fixtures"

DEBUG = env.env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.secret_key(DEBUG)
ALLOWED_HOSTS = env.env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise env.ConfigurationError(
        "DJANGO_ALLOWED_HOSTS is not set. Set it to the site's host names, comma-separated."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "corsheaders",
    "django_countries",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "resources",
    "suggestions",
    "pagecache",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "directory.middleware.AdminNoIndexMiddleware",
    "directory.middleware.AdminBadInputMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # ETag on every GET response, and 304 for a matching If-None-Match /
    # If-Modified-Since (the API sets Last-Modified itself).
    "django.middleware.http.ConditionalGetMiddleware",
    # The language of the address, before the page cache (whose 503 page is in it too)
    # and before URL resolution, which matches only the active language's prefix.
    "directory.languages.LanguageFromPathMiddleware",
    # Inside the conditional-GET, CORS and header middleware, so a cached
    # response still gets its ETag, CORS and security headers per request.
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records which staff member made each change, for the history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: locks out repeated failed admin logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "directory.urls"
WSGI_APPLICATION = "directory.wsgi.application"

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
                "directory.languages.context",
            ],
        },
    },
]

# The embedded default: a SQLite file under var/ (created on first use).
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.database(default_url=f"sqlite:///{VAR_DIR / 'directory.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# JSON fixtures and backups keep date-times to the microsecond.
SERIALIZATION_MODULES = {"json": "directory.serialization"}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The six official languages of the United Nations (directory/languages.py): English at the
# addresses it has always had, each other under its prefix (/es/organizations/).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("ar", "Arabic"),
    ("zh-hans", "Simplified Chinese"),
    ("fr", "French"),
    ("ru", "Russian"),
    ("es", "Spanish"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in each language's own order and month names ({{ value|date:"DATE_FORMAT" }}); the
# directory's English ones are in directory/formats/en/.
FORMAT_MODULE_PATH = ["directory.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Pages and counts: Redis when REDIS_URL is set (shared by every worker), this process's
# memory otherwise. Request limits (the API throttle, the suggestion limit) must be counted
# once for all workers: Redis too, or without it files in var/limits/, which every worker
# of a host shares.
REDIS_URL = env.env_str("REDIS_URL")
REDIS_CACHE = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
LIMITS_CACHE_DIR = env.env_str("DJANGO_LIMITS_CACHE_DIR") or str(VAR_DIR / "limits")
CACHES = {
    "default": REDIS_CACHE
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        # Room for the page cache of a busy site (a page is tens of kB).
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    "limits": {**REDIS_CACHE, "KEY_PREFIX": "limits"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": LIMITS_CACHE_DIR,
        # One small file per client address counted; Django's default of 300 would cull
        # (forget) counts as soon as more clients than that are counted at once.
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
}

# Anonymous pages and API responses are cached until the data changes
# (pagecache/): the key carries the data version, so no entry is ever stale and
# the timeout only bounds memory. 0 turns the cache off.
PAGE_CACHE_SECONDS = env.env_int("PAGE_CACHE_SECONDS", 24 * 60 * 60)
PAGE_CACHE_ALIAS = "default"
# What every page of one list's results shares (its total, facet counts, filter
# controls, map and matrix; the API's count) is kept the same way
# (pagecache/memo.py). 0 turns that off.
COUNTS_CACHE_SECONDS = env.env_int("COUNTS_CACHE_SECONDS", PAGE_CACHE_SECONDS)
# A write to any model of these apps moves the data version.
PAGE_CACHE_DATA_APPS = ("resources",)

# Requests per anonymous client (by IP address) to the API.
API_ANON_RATE = env.env_rate("API_ANON_RATE", "120/minute")

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_FILTER_BACKENDS": [],
    "DEFAULT_PAGINATION_CLASS": "resources.api.pagination.DirectoryPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["resources.api.throttling.AnonymousRateThrottle"],
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Counter-trafficking resource directory API",
    "DESCRIPTION": (
        "Read-only access to the directory's published records: organizations, legal "
        "instruments, strategies, support services, their taxonomy and their sources. "
        "See docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "resources.api.schema.language_parameters",
    ],
}
# Any origin may read the API; nothing else is exposed cross-origin.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# Staff sessions only; anonymous visitors never get a cookie. Staff sessions
# end with the browser and after DJANGO_SESSION_COOKIE_AGE seconds at most.
SESSION_COOKIE_AGE = env.env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# The admin's address; moving it off /admin/ keeps casual scanners away.
ADMIN_PATH = env.env_str("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"
# Never served from the page cache: the admin, the suggestion forms, the health checks.
PAGE_CACHE_EXCLUDED_PATHS = (ADMIN_PATH, "suggest/", "healthz", "readyz")

# Secure by default with debug off: a deployment relaxes a setting only by
# saying so (docs/operations.md, "Security settings").
SECURE_SSL_REDIRECT = env.env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env.env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto, set
# DJANGO_SECURE_PROXY_SSL_HEADER=1 so that Django knows the request was https.
if env.env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): everything from this site only, no inline
# script or style anywhere, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# No page needs a device or sensor feature: refuse them all.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
}

# How many reverse proxies stand in front of the application: the one setting by which
# every limit finds the client's address (directory/client_address.py). 0: REMOTE_ADDR,
# and X-Forwarded-For is ignored.
TRUSTED_PROXIES = env.env_int("DJANGO_TRUSTED_PROXIES", 0)
if env.env_str("DJANGO_CLIENT_IP_HEADER"):
    raise env.ConfigurationError(
        "DJANGO_CLIENT_IP_HEADER is no longer read; set DJANGO_TRUSTED_PROXIES to the number "
        "of reverse proxies in front of the application instead."
    )
if TRUSTED_PROXIES < 0:
    raise env.ConfigurationError(f"DJANGO_TRUSTED_PROXIES must be 0 or more (got {TRUSTED_PROXIES}).")

# Public suggestion forms: submissions per client address (django-ratelimit), counted in
# the "limits" cache.
SUGGESTION_RATE = env.env_rate("SUGGESTION_RATE", "5/h")
RATELIMIT_USE_CACHE = "limits"
RATELIMIT_IP_META_KEY = "directory.client_address.client_address"

# django-axes: five failed logins lock that account out from that address for an hour.
# By account and address together, so that a stranger's failures lock out only the
# stranger: the account still opens from its owner's address (docs/operations.md).
AXES_FAILURE_LIMIT = env.env_int("DJANGO_AXES_FAILURE_LIMIT", 5)
AXES_CLIENT_IP_CALLABLE = "directory.client_address.client_address"
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
