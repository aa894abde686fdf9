"""Settings for the test suite: production settings with test-only secrets."""

import os

# A test-only key: long enough to pass the production check, never deployed.
os.environ.setdefault("DJANGO_SECRET_KEY", "test-suite-only-key-7f3c9a1e5b2d8f4a6c0e9b7d5a3f1c8e")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test client and the live server speak plain http.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from directory.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The manifest storage needs collectstatic; tests serve files as they are.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Static files come from the finders; no collectstatic before a test run.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Limits counted in each test process's memory: the two pytest-xdist workers must not
# share counts (tests/resilience/ checks the shared files across gunicorn workers).
CACHES = {
    **CACHES,  # noqa: F405
    "limits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "limits"},
}
# The API's throttle is tested on its own; other tests must never meet it.
API_ANON_RATE = "1000000/minute"
# Most tests change data and read pages in one rolled-back transaction; the
# page cache and the kept counts are tested on their own (tests/test_page_cache.py,
# tests/test_counts_cache.py).
PAGE_CACHE_SECONDS = 0
COUNTS_CACHE_SECONDS = 0
# SQLite: each worker's test database in a file under var/ rather than in memory, so that
# `make test-fast` (--reuse-db) keeps it between runs instead of migrating anew, which takes
# half a minute; `make test` in CI (--create-db) builds it afresh.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
