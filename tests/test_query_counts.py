"""Queries per response, pinned for every page type and endpoint: they must not grow with
the number of records (``build_rows`` with 1 and with 20 records of every kind; the fast
loop checks the pins at 1, ``make test`` and CI at both).

A first request warms the per-process caches (content types, country names), so that a
count does not depend on which test ran before.
"""

from urllib.parse import parse_qsl

import pytest

ROWS = [1, pytest.param(20, marks=pytest.mark.slow)]
pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("rows", ROWS, indirect=True, scope="module")]

API_LIST = {"page_size": 100}

# HTML pages. A list page counts its results and reads its page's keys, then those records
# (selectors.Listing); the facets not in use share one grouped query on the read model's
# terms, and each facet in use (and the providers, the most common only) has its own; plus
# the names of the terms counted (none when a facet counts nothing); it links to its map
# and matrix (the explore pages) rather than drawing them; the instrument timeline (list
# and home page) adds 1. The home page's country picker reads the countries (1); with a
# country chosen, the help box reads it, its groupings and its help services, in place of
# the hotlines. A country page reads the services a victim can contact (help) apart from
# the other services; each of its sections (and the help) counts its entries per
# coverage, then reads the first of each, and the regions through which the regional ones
# apply when there are any (here: the instruments, of region r). Search:
# whether every word matches, the ranked ids, the page's read-model rows and each kind's
# records on the page.
PAGES = {
    "/": 12,
    "/?country=th": 13,
    "/safety/": 0,
    "/search/?q=o": 6,
    "/organizations/": 10,
    "/organizations/?country=th&focus_area=protection&q=o&year_min=1900": 13,
    "/instruments/": 10,
    "/strategies/": 10,
    "/services/": 15,
    "/services/?service_type=hotline&population=survivors": 18,
    "/organizations/provider/": 11,
    "/instruments/instr-0/": 8,
    "/strategies/strat-0/": 8,
    "/services/svc-0/": 7,
    "/regions/": 2,
    "/regions/r/": 16,
    "/countries/th/": 16,
    "/countries/th/print/": 4,
    "/topics/protection/": 6,
    "/sources/": 1,
    "/sources/doc/": 3,
}
EXPLORE = {
    "/explore/": 0,
    "/explore/map/": 5,
    "/explore/map/?of=organization&focus_area=protection": 3,
    "/explore/matrix/": 18,
    "/explore/matrix/?of=service&country=th": 7,
}
FEEDS_AND_SITEMAP = {
    "/feed.atom": 4,
    "/organizations/feed.atom": 1,
    "/regions/r/feed.atom": 5,
    "/countries/th/feed.atom": 5,
    "/sitemap.xml": 22,
    "/sitemap-countries.xml": 5,
    "/sitemap-organization.xml": 5,
    "/robots.txt": 0,
}
# API lists (the list selector, resources/selectors.py): the count (kept by the read model
# for a list with at most one filter), the page's keys, page, regions, countries, focus
# areas (and a service's types and populations), and Last-Modified (kept by the read
# model). A record instead of a page has no count, reads its own `modified`, and loads
# every relation with its citations.
API = {
    "/api/v1/organizations/": 7,
    "/api/v1/instruments/": 7,
    "/api/v1/strategies/": 7,
    "/api/v1/services/": 9,
    "/api/v1/regions/": 4,
    "/api/v1/countries/": 3,
    "/api/v1/sources/": 2,
    "/api/v1/organizations/org-0/": 11,
    "/api/v1/instruments/instr-0/": 8,
    "/api/v1/strategies/strat-0/": 8,
    "/api/v1/services/svc-0/": 7,
}
# HSDS: one query per kind for Last-Modified (the data package reads both kinds').
HSDS = {
    "/api/v1/hsds/organizations/": 3,
    "/api/v1/hsds/services/": 8,
    "/api/v1/hsds/datapackage.zip": 9,
}
# The HSDS API (resources/hsds_api/): COUNT and the page (services with their provider and
# its parent); a full service adds its countries, regions and three taxonomies' terms; a
# full organization its services and focus areas. The taxonomies are read whole, one query
# each; the list of taxonomies reads nothing.
HSDS_API = {
    "/api/hsds/": 0,
    "/api/hsds/services": 2,
    "/api/hsds/services?minimal=true": 2,
    "/api/hsds/services?full=true&per_page=100": 7,
    "/api/hsds/organizations?per_page=100": 2,
    "/api/hsds/organizations?full=true&per_page=100": 4,
    "/api/hsds/organizations?full_service=true&per_page=100": 9,
    "/api/hsds/taxonomies": 0,
    "/api/hsds/taxonomy_terms": 3,
}
# The same in Spanish: each set of records shown loads their translations with them (one
# query per set: a list's page, a detail page's record and each of its relations listed,
# the help and sections of a country page together, the sections of a region or topic
# page together, the help services elsewhere, the timeline), never one per record.
IN_SPANISH = {
    "/es/": 14,
    "/es/?country=th": 15,
    "/es/search/?q=o": 7,
    "/es/organizations/": 11,
    "/es/instruments/": 12,
    "/es/services/": 16,
    "/es/services/?service_type=hotline&population=survivors": 19,
    "/es/organizations/provider/": 17,
    "/es/instruments/instr-0/": 12,
    "/es/strategies/strat-0/": 11,
    "/es/services/svc-0/": 9,
    "/es/countries/th/": 17,
    "/es/countries/th/print/": 5,
    "/es/topics/protection/": 7,
    "/api/v1/organizations/?lang=es": 8,
    "/api/v1/services/?lang=es": 10,
    "/api/v1/organizations/org-0/?lang=es": 12,
    "/api/v1/services/svc-0/?lang=es": 8,
}
EXPECTED_QUERIES = {**PAGES, **EXPLORE, **FEEDS_AND_SITEMAP, **API, **HSDS, **HSDS_API, **IN_SPANISH}


@pytest.mark.parametrize("url", EXPECTED_QUERIES)
def test_query_count_is_pinned(rows, client, django_assert_num_queries, url):
    path, _, query = url.partition("?")
    is_api_list = path in API and path.count("/") == 4
    # An API list's page size joins the URL's own query (the test client would replace it).
    target, params = (path, {**API_LIST, **dict(parse_qsl(query))}) if is_api_list else (url, {})
    assert client.get(target, params).status_code == 200
    with django_assert_num_queries(EXPECTED_QUERIES[url]):
        response = client.get(target, params)
    assert response.status_code == 200
    if is_api_list:
        assert response.json()["count"] >= 1
