"""The page cache: hits for anonymous visitors, exact invalidation on every kind of write."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from pagecache.middleware import CACHE_HEADER, PageCacheMiddleware
from pagecache.models import DataVersion
from resources.models import Entry, Organization
from resources.seeding import seed
from suggestions import services as suggestion_services
from tests.admin_forms import admin_url, form_data
from tests.factories import CorrectionFactory, OrganizationFactory, SupportServiceFactory, make_publishable

pytestmark = pytest.mark.django_db

LIST = "/organizations/"


@pytest.fixture(autouse=True)
def _page_cache_on(page_cache_on):
    """Every test of this module runs with the page cache on."""


def cache_state(response):
    return response.get(CACHE_HEADER)


def test_a_repeated_anonymous_request_is_a_hit_costing_one_query(client, django_assert_num_queries):
    org = OrganizationFactory(name="Hotline Partners")
    first = client.get(LIST)
    assert cache_state(first) == "miss"
    with django_assert_num_queries(1):  # the data version
        second = client.get(LIST)
    assert cache_state(second) == "hit"
    assert second.content == first.content
    assert org.name in second.content.decode()


def test_a_hit_still_gets_security_headers_etag_and_304(client):
    OrganizationFactory()
    client.get(LIST)
    hit = client.get(LIST)
    assert cache_state(hit) == "hit"
    assert "Content-Security-Policy" in hit.headers
    assert hit["X-Frame-Options"] == "DENY"
    assert "max-age" not in hit.get("Cache-Control", "")
    revalidated = client.get(LIST, headers={"if-none-match": hit["ETag"]})
    assert revalidated.status_code == 304


def test_keys_cover_the_whole_query_string(client):
    OrganizationFactory(name="Alpha Aid")
    OrganizationFactory(name="Beta Shelter")
    alpha = client.get(LIST, {"q": "Alpha"})
    beta = client.get(LIST, {"q": "Beta"})
    assert cache_state(beta) == "miss"
    assert "Beta Shelter" in beta.content.decode() and "Beta Shelter" not in alpha.content.decode()
    assert cache_state(client.get(LIST, {"q": "Alpha", "page": "1"})) == "miss"


@pytest.mark.parametrize(
    "url",
    [
        LIST,
        "/search/?q=aid",
        "/explore/map/?of=organization",
        "/api/v1/organizations/",
        "/api/v1/hsds/organizations/",
        "/organizations/polaris/",
        "/",
    ],
)
def test_a_page_is_stored_only_under_the_parameters_it_understands(client, url):
    OrganizationFactory(slug="polaris", name="Polaris Aid")
    joiner = "&" if "?" in url else "?"
    assert cache_state(client.get(f"{url}{joiner}colour=blue")) is None  # answered, not stored
    assert client.get(f"{url}{joiner}colour=blue").status_code == 200
    assert cache_state(client.get(url)) == "miss"  # its own parameters: stored
    assert cache_state(client.get(url)) == "hit"


def test_list_filters_and_pages_are_understood(client):
    OrganizationFactory(slug="polaris", name="Polaris Aid")
    for params in ({"kind": "ngo", "page": "1"}, {"layer": "national"}, {"ordering": "-name", "q": "aid"}):
        assert cache_state(client.get(LIST, params)) == "miss", params
        assert cache_state(client.get(LIST, params)) == "hit", params
    for params in ({"page": "1", "page_size": "5", "format": "json"}, {"modified_since": "2020-01-01"}):
        assert cache_state(client.get("/api/v1/organizations/", params)) == "miss", params


@pytest.mark.slow
def test_ten_thousand_junk_urls_store_nothing(client, settings):
    settings.COUNTS_CACHE_SECONDS = 3600  # the counts kept for a list's pages too
    OrganizationFactory(slug="polaris")
    for url in (LIST, "/api/v1/organizations/", "/api/v1/organizations/polaris/", "/robots.txt"):
        client.get(url)
    stored = len(cache._cache)
    for n in range(10_000):
        assert client.get("/robots.txt", {f"junk{n}": n}).status_code == 200
    for n in range(100):
        assert client.get(LIST, {"utm_source": n}).status_code == 200
        assert client.get("/api/v1/organizations/", {"x": n}).status_code == 200
        assert client.get("/api/v1/organizations/polaris/", {"colour": n}).status_code == 200
    assert len(cache._cache) == stored


def test_keys_cover_the_negotiated_format(rf):
    """A response that varies on Accept is stored once per Accept value."""

    def negotiated(request):
        response = HttpResponse(request.headers.get("accept", ""), content_type="text/plain")
        patch_vary_headers(response, ["Accept"])
        return response

    middleware = PageCacheMiddleware(negotiated)
    for accept in ("application/json", "text/csv", "application/json"):
        response = middleware(rf.get("/negotiated/", headers={"accept": accept}))
        assert response.content.decode() == accept
    assert cache_state(response) == "hit"


def test_a_hit_is_one_read_of_the_cache_and_other_workers_learn_the_key(rf, monkeypatch):
    """The headers a page varies on are learned when it is stored: the process that stored
    it finds it in one read; another (a new middleware, as in another worker) asks the
    cache which headers once, then also needs one read."""

    def negotiated(request):
        response = HttpResponse(request.headers.get("accept", ""), content_type="text/plain")
        patch_vary_headers(response, ["Accept"])
        return response

    reads = []
    real_get = cache.get

    def counted_get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counted_get)

    def request(middleware):
        reads.clear()
        return middleware(rf.get("/negotiated/", headers={"accept": "application/json"}))

    storing = PageCacheMiddleware(negotiated)
    assert cache_state(request(storing)) == "miss"
    assert cache_state(request(storing)) == "hit"
    assert len(reads) == 1
    other = PageCacheMiddleware(negotiated)
    assert cache_state(request(other)) == "hit"
    assert len(reads) == 2  # which headers, then the page
    assert cache_state(request(other)) == "hit"
    assert len(reads) == 1
    assert request(other).content == b"application/json"


def test_a_request_for_a_host_not_served_here_is_refused_not_cached(client):
    response = client.get(LIST, headers={"host": "elsewhere.example"})
    assert response.status_code == 400
    assert cache_state(response) is None


def test_api_responses_are_cached_per_query_string(client):
    OrganizationFactory()
    url = reverse("api:organization-list")
    assert cache_state(client.get(url)) == "miss"
    assert cache_state(client.get(url)) == "hit"
    assert cache_state(client.get(url, {"format": "json"})) == "miss"
    assert client.get(url, headers={"accept": "text/csv"}).status_code == 406
    assert cache_state(client.get(url, headers={"accept": "text/csv"})) is None
    for path in (url, reverse("api:api-root"), reverse("api:organization-export-csv")):
        assert "Accept" in client.get(path)["Vary"]


def test_staff_and_excluded_paths_bypass_the_cache(admin_client, client):
    OrganizationFactory()
    client.get(LIST)
    assert cache_state(admin_client.get(LIST)) is None
    for path in ("/healthz", "/readyz"):
        client.get(path)
        assert cache_state(client.get(path)) is None


def test_exports_and_errors_are_not_stored(client):
    OrganizationFactory()
    export = reverse("api:organization-export-csv")
    client.get(export)
    assert cache_state(client.get(export)) is None
    client.get("/organizations/no-such-record/")
    assert cache_state(client.get("/organizations/no-such-record/")) is None


# Every path by which the data changes is visible on the very next request.


def test_a_staff_edit_in_the_admin(publisher_client):
    client = Client()
    org = make_publishable(OrganizationFactory(name="Old Name Foundation"))
    detail = org.get_absolute_url()
    client.get(LIST), client.get(detail)
    page = publisher_client.get(admin_url(Organization, "change", org.pk))
    response = publisher_client.post(
        admin_url(Organization, "change", org.pk), form_data(page, name="New Name Foundation")
    )
    assert response.status_code == 302
    for url in (LIST, detail):
        fresh = client.get(url)
        assert cache_state(fresh) == "miss"
        assert "New Name Foundation" in fresh.content.decode()


def test_unpublishing_and_deleting(client):
    kept = OrganizationFactory(name="Kept Org")
    hidden = OrganizationFactory(name="Hidden Org")
    gone = OrganizationFactory(name="Gone Org")
    client.get(LIST)
    hidden.status = Entry.Status.DRAFT
    hidden.save()
    gone.delete()
    content = client.get(LIST).content.decode()
    assert kept.name in content and hidden.name not in content and gone.name not in content


def test_a_change_of_links_only(client):
    org = OrganizationFactory()
    service = SupportServiceFactory()
    client.get(org.get_absolute_url())
    service.provider = org
    service.save()
    assert service.name in client.get(org.get_absolute_url()).content.decode()
    service.countries.clear()
    assert cache_state(client.get(org.get_absolute_url())) == "miss"


def test_an_accepted_suggestion(client, admin_user):
    org = OrganizationFactory(summary="Old summary.")
    client.get(org.get_absolute_url())
    suggestion = CorrectionFactory(entry=org, proposed_changes={"summary": "Corrected summary."})
    token = DataVersion.objects.get().token
    assert cache_state(client.get(org.get_absolute_url())) == "hit", "a pending suggestion changes nothing"
    suggestion_services.accept(user=admin_user, suggestion=suggestion)
    assert DataVersion.objects.get().token != token
    assert "Corrected summary." in client.get(org.get_absolute_url()).content.decode()


@pytest.mark.slow
def test_the_seed(client):
    empty = client.get(LIST).content.decode()
    seed()
    seeded = client.get(LIST)
    assert cache_state(seeded) == "miss"
    assert "International Organization for Migration" in seeded.content.decode()
    assert "International Organization for Migration" not in empty


# flush and loaddata need real transactions, not the test's wrapping one.
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_restore(client, tmp_path):
    seed()
    backup = tmp_path / "backup.json"
    call_command("backup", backup)
    org = Organization.objects.get(acronym="IOM")
    org.name = "Renamed before the restore"
    org.save()
    assert "Renamed before the restore" in client.get(LIST).content.decode()
    call_command("restore", backup, replace=True)
    restored = client.get(LIST)
    assert cache_state(restored) == "miss"
    assert "Renamed before the restore" not in restored.content.decode()


def test_a_flushed_version_row_starts_a_new_version(client):
    OrganizationFactory()
    client.get(LIST)
    DataVersion.objects.all().delete()
    assert cache_state(client.get(LIST)) == "miss"
    assert DataVersion.objects.count() == 1


def test_history_rows_alone_do_not_move_the_version():
    org = OrganizationFactory()
    token = DataVersion.objects.get().token
    Organization.history.filter(id=org.pk).update(history_change_reason="annotated")
    assert DataVersion.objects.get().token == token


def test_a_new_client_without_cookies_gets_no_cookie_from_a_hit():
    OrganizationFactory()
    Client().get(LIST)
    hit = Client().get(LIST)
    assert cache_state(hit) == "hit"
    assert not hit.cookies
