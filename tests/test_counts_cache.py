"""A list page's counts, controls and visuals are kept until the data changes
(pagecache/memo.py), shared by every page of the same results."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resources.filters import PAGE_SIZE
from resources.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

LIST = "/organizations/"


@pytest.fixture(autouse=True)
def counts_cache_on(settings):
    settings.COUNTS_CACHE_SECONDS = 3600
    cache.clear()
    yield
    cache.clear()


# Two filters: a list the read model's kept counts do not answer (resources/readmodel/
# tallies.py), so that its counts are counted, and kept here.
NGOS = {"kind": "ngo", "year_min": "1900"}
FOUNDED = {"kind": Organization.Kind.NGO, "founded_year": 2000}


def counting_queries(captured):
    return [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]


def get(client, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST, params)
    return response, captured


def test_the_next_page_of_the_same_results_reuses_the_counts(client):
    OrganizationFactory.create_batch(PAGE_SIZE + 3, **FOUNDED)
    _, first_queries = get(client, NGOS)
    assert counting_queries(first_queries)
    second, second_queries = get(client, {**NGOS, "page": "2"})
    assert second.status_code == 200
    assert counting_queries(second_queries) == []
    assert len(second_queries) < len(first_queries)
    text = second.content.decode()
    assert f"{PAGE_SIZE + 3} records, {PAGE_SIZE + 1}\N{EN DASH}{PAGE_SIZE + 3} shown" in text
    assert "Non-governmental organization (23)" in text
    assert 'class="explore-results"' in text


def test_other_filters_are_counted_anew(client):
    OrganizationFactory.create_batch(2, **FOUNDED)
    OrganizationFactory(kind=Organization.Kind.INTERGOVERNMENTAL, founded_year=2000)
    get(client, NGOS)
    other, queries = get(client, {**NGOS, "kind": "intergovernmental"})
    assert counting_queries(queries)
    assert "1 record" in other.content.decode()


def test_a_write_is_counted_on_the_very_next_request(client):
    OrganizationFactory.create_batch(2, kind=Organization.Kind.NGO)
    assert "Non-governmental organization (2)" in get(client, {"kind": "ngo"})[0].content.decode()
    OrganizationFactory(kind=Organization.Kind.NGO)
    after = get(client, {"kind": "ngo"})[0].content.decode()
    assert "Non-governmental organization (3)" in after and "3 records" in after
    hidden = Organization.objects.filter(kind=Organization.Kind.NGO).first()
    hidden.status = Organization.Status.DRAFT
    hidden.save()
    assert "Non-governmental organization (2)" in get(client, {"kind": "ngo"})[0].content.decode()


def test_a_page_beyond_the_results_is_still_a_404(client):
    OrganizationFactory()
    get(client, {})
    assert get(client, {"page": "9"})[0].status_code == 404


def test_an_invalid_filter_is_never_kept(client):
    with CaptureQueriesContext(connection) as captured:
        for _ in range(2):
            again = client.get(LIST, {"year_min": "not a year"})
            assert again.status_code == 400 and "Enter a whole number" in again.content.decode()
    assert not any(q["sql"].startswith("SELECT") and "pagecache_dataversion" in q["sql"] for q in captured)


def test_off_when_the_setting_is_zero(client, settings):
    settings.COUNTS_CACHE_SECONDS = 0
    OrganizationFactory(**FOUNDED)
    get(client, NGOS)
    _, queries = get(client, NGOS)
    assert counting_queries(queries)


def test_a_list_with_one_filter_reads_the_counts_the_read_model_keeps(client, settings):
    settings.COUNTS_CACHE_SECONDS = 0
    OrganizationFactory.create_batch(3, **FOUNDED)
    OrganizationFactory(kind=Organization.Kind.FOUNDATION)
    for params in ({}, {"kind": "ngo"}):
        response, queries = get(client, params)
        assert counting_queries(queries) == [], params
    text = response.content.decode()
    assert "3 records" in text and "Non-governmental organization (3)" in text and "(1)" in text


def test_the_api_counts_a_query_once_for_all_its_pages(client):
    OrganizationFactory.create_batch(PAGE_SIZE + 1, kind=Organization.Kind.NGO)
    url = "/api/v1/organizations/"
    assert client.get(url, {"kind": "ngo"}).json()["count"] == PAGE_SIZE + 1
    with CaptureQueriesContext(connection) as captured:
        second = client.get(url, {"kind": "ngo", "page": "2", "page_size": "20"})
    assert second.status_code == 200 and counting_queries(captured) == []
    assert second.json()["count"] == PAGE_SIZE + 1
    OrganizationFactory(kind=Organization.Kind.NGO)
    assert client.get(url, {"kind": "ngo", "page": "2"}).json()["count"] == PAGE_SIZE + 2
    assert client.get(url, {"kind": "intergovernmental"}).json()["count"] == 0
