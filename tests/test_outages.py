"""A database or cache out of reach: cached pages still served, everything else a 503 with
Retry-After, never a 500 (tests/resilience/ restarts a real PostgreSQL under a server)."""

import pytest
import redis
from django.db import OperationalError, ProgrammingError
from django.db.backends.utils import CursorWrapper
from django.test import Client

from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor():
    """A client that gets the error responses a visitor gets, not the test's exception."""
    return Client(raise_request_exception=False)


@pytest.fixture
def database_down(monkeypatch):
    """Every query from now on fails as a stopped server makes it fail."""

    def refused(self, sql, params=None):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    def down():
        monkeypatch.setattr(CursorWrapper, "execute", refused)

    return down


@pytest.mark.parametrize("url", ["/", "/organizations/", "/organizations/polaris/", "/search/?q=aid"])
def test_a_page_is_a_503_with_retry_after(visitor, database_down, url):
    OrganizationFactory(slug="polaris")
    database_down()
    response = visitor.get(url)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "unavailable for a moment" in response.content.decode()
    assert "Leave this site" in response.content.decode()


def test_the_api_answers_a_503_in_json(visitor, database_down):
    database_down()
    response = visitor.get("/api/v1/organizations/")
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    assert "unavailable" in response.json()["detail"]


def test_readyz_says_503(visitor, database_down):
    database_down()
    assert visitor.get("/readyz").status_code == 503


def test_other_database_errors_stay_500(visitor, monkeypatch):
    def broken(self, sql, params=None):
        raise ProgrammingError("relation does not exist")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    assert visitor.get("/organizations/").status_code == 500


def test_cached_pages_are_served_stale_and_the_rest_is_503(visitor, database_down, page_cache_on):
    OrganizationFactory(slug="polaris", name="Polaris Aid")
    assert visitor.get("/organizations/")["X-Page-Cache"] == "miss"
    database_down()
    stale = visitor.get("/organizations/")
    assert stale.status_code == 200 and stale["X-Page-Cache"] == "stale"
    assert "Polaris Aid" in stale.content.decode()
    assert visitor.get("/instruments/").status_code == 503  # never cached


class UnreachableCache:
    """A cache backend whose server is down, as Redis's client sees it."""

    def close(self, **kwargs):
        """Closing a client whose server is gone succeeds (Django closes caches after a request)."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise redis.exceptions.ConnectionError(
                "Error 111 connecting to 127.0.0.1:6379. Connection refused."
            )

        return fail


def test_an_unreachable_cache_is_a_miss(visitor, settings, monkeypatch):
    from django.core import cache as cache_module

    settings.PAGE_CACHE_SECONDS = 3600
    OrganizationFactory(slug="polaris", name="Polaris Aid")
    monkeypatch.setattr(type(cache_module.caches), "__getitem__", lambda self, alias: UnreachableCache())
    for url in ("/organizations/", "/organizations/polaris/", "/api/v1/organizations/", "/"):
        assert visitor.get(url).status_code == 200, url
    assert "Polaris Aid" in visitor.get("/organizations/").content.decode()


def test_an_unreachable_limits_cache_lets_the_api_answer(visitor, settings, monkeypatch):
    from resources.api.throttling import AnonymousRateThrottle

    monkeypatch.setattr(AnonymousRateThrottle, "cache", UnreachableCache())
    assert visitor.get("/api/v1/focus-areas/").status_code == 200


def test_an_unreachable_cache_loses_no_kept_count(settings, monkeypatch):
    """The kept counts of a list (pagecache/memo.py) are computed afresh when the cache is out."""
    from pagecache import memo

    settings.COUNTS_CACHE_SECONDS = 3600
    monkeypatch.setattr(memo, "caches", {settings.PAGE_CACHE_ALIAS: UnreachableCache()})
    assert memo.remember("count", ("parts",), lambda: 42) == 42
