"""The list selector (resources/selectors.py): one order with a primary-key tiebreak, read a
page at a time as keys first, then the records with what each row shows."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.http import QueryDict

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


def test_a_list_holding_much_of_its_kind_reads_the_same_pages_walking_the_names():
    thailand, france = CountryFactory(code="TH"), CountryFactory(code="FR")
    names = ["Same", "Beta", "Same", "Gamma", "Alpha", "Same", "Delta"]
    for n, name in enumerate(names):
        OrganizationFactory(slug=f"org-{n}", name=name).countries.add(france if n == 3 else thailand)
    there = Organization.objects.exclude(slug="org-3")
    expected = [record.slug for record in sorted(there, key=lambda record: (record.name, record.pk))]
    filterset = filtered(country="TH")
    assert filterset.share() == 6 / 7
    walked = selectors.listing(filterset.qs, filterset.total, filterset.share)
    # SQLite reads the keys walking the name index (an unindexed ``+pk``); PostgreSQL plans its own.
    assert ('+"resources_organization"."id"' in str(walked.keys().query)) == (connection.vendor == "sqlite")
    pages = Paginator(walked, 2)
    assert pages.count == 6
    assert [record.slug for number in pages.page_range for record in pages.page(number)] == expected


def test_only_a_list_narrowed_by_places_and_terms_alone_says_its_share():
    thailand = CountryFactory(code="TH")
    OrganizationFactory(slug="one", name="One", kind="ngo").countries.add(thailand)
    OrganizationFactory(slug="two", name="Two", kind="ngo")
    assert filtered().share() == 1
    assert filtered(country="TH").share() == 1  # the one there and the one naming no place
    # Its own columns have indexes in name order; a search has an order of its own; two
    # places are not counted ahead.
    assert filtered(kind="ngo").share() is None
    assert filtered(q="one").share() is None
    assert filtered(country="TH", region=thailand.region.slug).share() is None
