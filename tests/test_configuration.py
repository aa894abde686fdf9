"""Start-up configuration: production refuses bad settings with one clear line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from directory.env import DEVELOPMENT_SECRET_KEY

PROJECT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "production-like-key-for-tests-only" + "9" * 10


def start(**variables):
    """Run `manage.py check` in a fresh process with only these Django variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(variables)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_refused(result, variable):
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one line, no traceback
    assert variable in lines[0]


def test_production_refuses_a_missing_secret_key():
    assert_refused(start(DJANGO_ALLOWED_HOSTS="example.org"), "DJANGO_SECRET_KEY")


def test_production_refuses_the_development_secret_key():
    result = start(DJANGO_SECRET_KEY=DEVELOPMENT_SECRET_KEY, DJANGO_ALLOWED_HOSTS="example.org")
    assert_refused(result, "DJANGO_SECRET_KEY")


@pytest.mark.parametrize(
    "key",
    [
        "a" * 32,  # long enough once, one letter repeated
        "abcd" * 20,  # four different characters
        "x" * 10 + "short-key-123",  # under 50 characters
        "django-insecure-" + "k7#Qz!" * 10,  # what startproject generates
    ],
)
def test_production_refuses_what_the_deploy_check_warns_of(key):
    assert_refused(start(DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="example.org"), "DJANGO_SECRET_KEY")


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_TRUSTED_PROXIES", "-1"),
        ("DJANGO_TRUSTED_PROXIES", "two"),
        ("DJANGO_CLIENT_IP_HEADER", "HTTP_X_REAL_IP"),
    ],
)
def test_the_client_address_setting_is_checked(variable, value):
    result = start(DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_ALLOWED_HOSTS="example.org", **{variable: value})
    assert_refused(result, variable)


def test_production_requires_allowed_hosts():
    assert_refused(start(DJANGO_SECRET_KEY=GOOD_KEY), "DJANGO_ALLOWED_HOSTS")


@pytest.mark.parametrize("url", ["nonsense", "mysql2://user@host/db", "postgres://user@host:notaport/db"])
def test_a_bad_database_url_is_named(url):
    result = start(DJANGO_DEBUG="1", DATABASE_URL=url)
    assert_refused(result, "DATABASE_URL")


def test_a_malformed_debug_flag_is_named():
    assert_refused(start(DJANGO_DEBUG="maybe"), "DJANGO_DEBUG")


@pytest.mark.slow
def test_debug_starts_with_the_development_defaults():
    result = start(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_production_starts_with_a_real_key():
    result = start(DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr


def test_postgresql_connections_turn_the_jit_compiler_off(monkeypatch):
    from directory.env import database

    monkeypatch.setenv("DATABASE_URL", "postgres://app@db.example/directory")
    assert database("sqlite:///unused")["OPTIONS"]["options"] == "-c jit=off"
    # Options of the URL's own are kept.
    monkeypatch.setenv("DATABASE_URL", "postgres://app@db.example/directory?options=-c%20work_mem%3D8MB")
    assert database("sqlite:///unused")["OPTIONS"]["options"] == "-c work_mem=8MB -c jit=off"
