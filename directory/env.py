"""Reading settings from the environment, failing with one clear line.

A misconfigured deployment should stop with a message that names the variable
to fix, not with a traceback from deep inside Django. ``ConfigurationError``
is a ``SystemExit``: Python prints its message on stderr and exits with
status 1, whether the settings are loaded by ``manage.py``, gunicorn or pytest.
"""

import os
import re

import dj_database_url
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)

# The value ``make run`` and the test settings use. Recognised so that a
# production start-up can refuse it.
DEVELOPMENT_SECRET_KEY = "development-only-secret-key-not-for-production-use-0123456789"

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


class ConfigurationError(SystemExit):
    """Start-up stops here; the message says which variable to set."""

    def __init__(self, message):
        super().__init__(f"Configuration error: {message}")


def env_str(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ConfigurationError(f"{name} must be 1 or 0 (got {raw!r}).")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number (got {raw!r}).") from None


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


_RATE = re.compile(r"^\d+/(s|sec|second|m|min|minute|h|hour|d|day)$")


def env_rate(name, default):
    """A throttle rate such as 120/minute."""
    value = env_str(name, default)
    if not _RATE.match(value):
        raise ConfigurationError(f"{name} must look like 120/minute (got {value!r}).")
    return value


def secret_key(debug):
    """The secret key; production refuses a missing or development one."""
    key = os.environ.get("DJANGO_SECRET_KEY", "").strip()
    if debug:
        return key or DEVELOPMENT_SECRET_KEY
    if not key:
        raise ConfigurationError(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "(or set DJANGO_DEBUG=1 for local development)."
        )
    if key == DEVELOPMENT_SECRET_KEY:
        raise ConfigurationError(
            "DJANGO_SECRET_KEY is the development key; set a long random production key."
        )
    # What `check --deploy` warns of (security.W009), refused outright.
    if (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith(SECRET_KEY_INSECURE_PREFIX)
    ):
        raise ConfigurationError(
            f"DJANGO_SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} characters with at least "
            f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones, not starting with "
            f"'{SECRET_KEY_INSECURE_PREFIX}'; set a long random production key."
        )
    return key


def database(default_url):
    """The default database from DATABASE_URL, with SQLite tuned for concurrency."""
    url = os.environ.get("DATABASE_URL", "").strip() or default_url
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as error:  # dj-database-url raises several exception types
        raise ConfigurationError(f"DATABASE_URL is not a valid database URL ({error}).") from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        # WAL lets readers work while one writer commits; IMMEDIATE takes the
        # write lock at BEGIN so that concurrent writers wait instead of failing.
        # The connection is kept between requests as on PostgreSQL: opening the file and
        # setting it up took about as long as answering a cached page.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif engine == "django.db.backends.postgresql":
        # PostgreSQL's JIT compiler fires on the high cost estimates of the
        # coverage filter's EXISTS subqueries and spends more time compiling
        # (~0.5 s at 100k records per kind) than a page's queries take to run.
        # An ``options`` value of the URL's own (?options=...) is kept.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    else:
        raise ConfigurationError(
            f"DATABASE_URL names an unsupported database ({engine or 'unknown'}); "
            "use sqlite:/// or postgres://."
        )
    return config
