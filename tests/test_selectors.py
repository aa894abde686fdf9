"""The list selector (resources/selectors.py): one order with a primary-key tiebreak, read a
page at a time as keys first, then the records with what each row shows."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from resources import kinds, selectors
from resources.models import Organization
from tests.factories import CountryFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

ORGANIZATIONS = kinds.of(Organization)


def filtered(**params):
    query = QueryDict(mutable=True)
    query.update(params)
    filterset = selectors.filtered(ORGANIZATIONS, query)
    assert filterset.is_valid(), filterset.errors
    return filterset


def listing(**params):
    return selectors.listing(filtered(**params).qs)


def test_records_with_the_same_name_keep_their_pages(client):
    same = [OrganizationFactory(slug=f"same-{n}", name="Same name") for n in range(5)]
    OrganizationFactory(slug="first", name="A first")
    pages = Paginator(listing(), 2)
    seen = [record.slug for number in pages.page_range for record in pages.page(number)]
    assert seen == ["first", *(record.slug for record in sorted(same, key=lambda r: r.pk))]
    # The API reads the same pages.
    api = [
        row["slug"]
        for page in (1, 2, 3)
        for row in client.get("/api/v1/organizations/", {"page_size": 2, "page": page}).json()["results"]
    ]
    assert api == seen


def test_a_page_holds_its_records_with_what_each_row_shows(django_assert_num_queries):
    thailand = CountryFactory(code="TH")
    for n in range(3):
        OrganizationFactory(slug=f"org-{n}", name=f"Org {n}").countries.add(thailand)
    with django_assert_num_queries(5):  # keys, records, then countries, regions, focus areas
        page = listing()[0:2]
        assert [record.slug for record in page] == ["org-0", "org-1"]
        assert [str(country.code) for record in page for country in record.countries.all()] == ["TH", "TH"]


def test_a_filter_s_own_order_is_the_page_order():
    for slug, name in (("b", "Bbb"), ("a", "Aaa"), ("c", "Ccc")):
        OrganizationFactory(slug=slug, name=name)
    assert [record.slug for record in listing(ordering="-name")[0:3]] == ["c", "b", "a"]
    assert listing().count() == 3 and len(listing()) == 3 and listing().ordered
    assert listing()[1].slug == "b"


def test_a_page_shows_published_records_only():
    # A record unpublished between reading a page's keys and its records is left out:
    # here the keys come from every record, drafts included.
    OrganizationFactory(slug="live", name="Aaa")
    OrganizationFactory(slug="draft", name="Bbb", status="draft")
    page = selectors.listing(Organization.objects.order_by("name"))[0:2]
    assert [record.slug for record in page] == ["live"]


WALKED = '+"resources_organization"."id" IN'  # the unindexed key a walk reads by


@pytest.fixture
def mostly_thailand():
    """Seven organizations, all but one in Thailand (one of those a draft), with names that tie."""
    thailand, france = CountryFactory(code="TH"), CountryFactory(code="FR")
    names = ["Same", "Beta", "Same", "Gamma", "Alpha", "Same", "Delta"]
    for n, name in enumerate(names):
        OrganizationFactory(slug=f"org-{n}", name=name).countries.add(france if n == 3 else thailand)
    OrganizationFactory(slug="draft", name="Aaa draft", status="draft").countries.add(thailand)
    return list(Organization.objects.published().exclude(slug="org-3"))


def slugs_in_order(records, by_name_descending=False):
    by_key = sorted(records, key=lambda record: record.pk)
    return [
        record.slug for record in sorted(by_key, key=lambda record: record.name, reverse=by_name_descending)
    ]


def walked_listing(**params):
    filterset = filtered(**params)
    return selectors.listing(filterset.qs, filterset.total, filterset.share)


def walks(listing, stop):
    return WALKED in str(listing.keys(stop).query)


def test_a_list_holding_much_of_its_kind_reads_the_same_pages_walking_the_names(mostly_thailand):
    assert filtered(country="TH").share() == 6 / 7
    walked = walked_listing(country="TH")
    # SQLite walks the name index for the first half of the list; PostgreSQL plans its own.
    on_sqlite = connection.vendor == "sqlite"
    assert [walks(walked, stop) for stop in (2, 3, 4, 6)] == [on_sqlite, on_sqlite, False, False]
    pages = Paginator(walked, 2)
    assert pages.count == 6
    seen = [record.slug for number in pages.page_range for record in pages.page(number)]
    assert seen == slugs_in_order(mostly_thailand)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the walk is SQLite's (PostgreSQL plans its own)")
def test_the_walk_reads_the_name_index_in_order_and_sorts_nothing(mostly_thailand):
    query = walked_listing(country="TH").keys(2)[0:2].query
    sql, params = query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        plan = " / ".join(row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())
    assert "org_status_name" in plan and "TEMP B-TREE" not in plan, plan


def test_a_list_in_another_order_or_holding_little_of_its_kind_is_sorted(mostly_thailand, monkeypatch):
    in_reverse = walked_listing(country="TH", ordering="-name")
    assert not walks(in_reverse, 2)
    assert [record.slug for record in in_reverse[0:6]] == slugs_in_order(
        mostly_thailand, by_name_descending=True
    )
    monkeypatch.setattr(selectors, "WALKED_SHARE", 0.9)
    assert not walks(walked_listing(country="TH"), 2)


def test_only_a_list_narrowed_by_a_country_or_a_term_says_its_share():
    thailand = CountryFactory(code="TH")
    OrganizationFactory(slug="one", name="One", kind="ngo").countries.add(thailand)
    OrganizationFactory(slug="two", name="Two", kind="ngo")
    assert filtered(country="TH").share() == 1  # the one there and the one naming no place
    # Nothing, or its own columns: read from an index in name order already; a search has
    # an order of its own; a region with a country is not counted ahead.
    assert filtered().share() is None
    assert filtered(kind="ngo").share() is None
    assert filtered(q="one").share() is None
    assert filtered(country="TH", region=thailand.region.slug).share() is None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the walk is SQLite's (PostgreSQL plans its own)")
@pytest.mark.parametrize(
    "url", ["/organizations/?country=TH", "/api/v1/organizations/?country=TH&page_size=2"]
)
def test_the_list_page_and_the_api_walk(client, mostly_thailand, monkeypatch, url):
    monkeypatch.setattr(selectors, "WALKED_PAGES", 1)  # a page of twenty holds all six
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert any(WALKED in query["sql"] for query in queries)
