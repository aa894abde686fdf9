"""Secure defaults, response headers, health endpoints and the admin lockout."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from directory.client_address import client_address
from tests.factories import OrganizationFactory, SourceFactory

PROJECT = Path(__file__).resolve().parent.parent
PRODUCTION_KEY = "p" * 30 + "production-like-key-for-the-deploy-check" + "7" * 10


@pytest.mark.slow
def test_deploy_check_reports_nothing_with_only_the_three_variables():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=PRODUCTION_KEY, DJANGO_ALLOWED_HOSTS="example.org")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.fixture
def records(db):
    organization = OrganizationFactory(slug="polaris")
    SourceFactory(slug="doc")
    return organization


PAGES = [
    "/",
    "/organizations/",
    "/organizations/polaris/",
    "/sources/doc/",
    "/search/?q=polaris",
    "/safety/",
    "/no-such-page/",
    "/api/v1/",
    "/api/v1/organizations/",
    "/api/v1/organizations/polaris/",
    "/api/v1/docs/",
    "/healthz",
    "/admin/login/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_response_carries_the_security_headers(client, records, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in {"same-origin", "no-referrer", "strict-origin"}
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_api_docs_need_no_inline_script(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "<script>" not in html and "<style>" not in html
    script = client.get("/api/v1/docs/", {"script": ""})
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


class TestHealth:
    @pytest.mark.django_db
    def test_healthz_answers_without_the_database(self, client, django_assert_num_queries):
        with django_assert_num_queries(0):
            response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}

    @pytest.mark.django_db
    def test_readyz_checks_the_database(self, client):
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok"}

    @pytest.mark.django_db
    def test_readyz_reports_a_broken_database_without_details(self, client, monkeypatch):
        from django.db.backends.utils import CursorWrapper

        def broken(self, sql, params=None):
            raise RuntimeError("connection to server at 10.0.0.5 failed: secret details")

        monkeypatch.setattr(CursorWrapper, "execute", broken)
        response = client.get("/readyz")
        assert response.status_code == 503
        body = json.loads(response.content)
        assert body == {"status": "unavailable", "database": "unavailable"}


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_admin_out(client, django_user_model, settings):
    django_user_model.objects.create_user("staff", password="right-password-123", is_staff=True)
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "staff", "password": "wrong"})
    locked = client.post(url, {"username": "staff", "password": "right-password-123"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_strangers_failed_logins_do_not_lock_the_account_for_its_owner(django_user_model, settings):
    """Behind one proxy: the lockout is by account and client address together."""
    settings.TRUSTED_PROXIES = 1
    django_user_model.objects.create_user("staff", password="right-password-123", is_staff=True)
    url = reverse("admin:login")
    stranger = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        stranger.post(url, {"username": "staff", "password": "wrong"})
    assert stranger.post(url, {"username": "staff", "password": "right-password-123"}).status_code == 429
    owner = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert owner.post(url, {"username": "staff", "password": "right-password-123"}).status_code == 302
    assert "_auth_user_id" in owner.session


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "", "203.0.113.5"),
        (0, "203.0.113.5", "198.51.100.7", "203.0.113.5"),  # nobody's header is believed
        (1, "10.0.0.2", "203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.2", "198.51.100.7, 203.0.113.5", "203.0.113.5"),  # the client's own part ignored
        (2, "10.0.0.3", "198.51.100.7, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "10.0.0.3", "203.0.113.5", "10.0.0.3"),  # fewer addresses than proxies: the client wrote it
        (1, "10.0.0.2", "unknown", "10.0.0.2"),
        (1, "10.0.0.2", "203.0.113.5:4711", "10.0.0.2"),
        (1, "10.0.0.2", "2001:db8::1", "2001:db8::1"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", " , ", "10.0.0.2"),
    ],
)
def test_the_client_address(rf, settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_the_admin_path_comes_from_the_environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(DJANGO_DEBUG="1", DJANGO_ADMIN_PATH="/staff-only/")
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from django.urls import reverse; print(reverse('admin:index'))",
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "/staff-only/", result.stderr
