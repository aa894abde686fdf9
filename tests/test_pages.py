"""The public HTML pages: rendering, visibility, privacy, safety, bad input and query counts."""

import datetime
import re

import pytest
from django.test import Client

from resources.models import Country, Organization
from tests.builders import LIST_URLS, SECRET_ADDRESS, page_urls
from tests.factories import OrganizationFactory, SupportServiceFactory
from tests.readable import code_names, field_names, slugs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


@pytest.fixture(scope="module")
def _pages(_world, django_db_blocker):
    """Every public page of the world, rendered once: {url: response}."""
    with django_db_blocker.unblock():
        return {url: Client().get(url) for url in page_urls()}


@pytest.fixture
def pages(_pages, world):
    return _pages


def text(response):
    return response.content.decode()


# Rendering --------------------------------------------------------------------------


def test_every_page_type_renders(pages):
    for url, response in pages.items():
        assert response.status_code == 200, url
        html = text(response)
        assert html.count("<h1") == 1, url
        assert '<html lang="en" dir="ltr">' in html, url
        # The printable sheet is one page of help: no site navigation, header or footer.
        sheet = url.endswith("/print/")
        landmarks = (
            ("<main", 'id="quick-exit"') if sheet else ("<header", "<nav", "<main", "<footer", 'href="#main"')
        )
        for landmark in landmarks:
            assert landmark in html, (url, landmark)


def test_home_links_every_entry_point(pages):
    html = text(pages["/"])
    for href in [
        *LIST_URLS,
        "/regions/",
        "/regions/asia/",
        "/regions/asean/",
        "/topics/protection/",
        "/sources/doc/",
        "/sources/",
        "/search/",
        "/safety/",
    ]:
        assert f'href="{href}"' in html, href
    assert 'Organizations</a> <span class="count">2 published' in html


def test_home_help_box_lists_published_hotlines_only(pages):
    html = text(pages["/"])
    assert "(888) 373-7888" in html and 'href="tel:+18883737888"' in html and 'href="sms:233733"' in html
    assert "Zeta Draft Line" not in html and "555-0100" not in html


@pytest.mark.slow
def test_every_page_is_reachable_from_home(world, client):
    seen, queue = set(), ["/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        for href in re.findall(r'href="(/[^"#?]*)"', text(response)):
            if not href.startswith(("/static/", "/admin/", "/api/")) and href not in seen:
                queue.append(href)
    expected = {u for u in page_urls() if "?" not in u}
    assert expected <= seen, expected - seen


def test_detail_pages_show_related_records_both_ways(pages):
    polaris = text(pages["/organizations/polaris/"])
    assert 'href="/organizations/unodc/"' in polaris  # part of it
    assert 'href="/strategies/asean-plan/"' in polaris  # partner in
    assert 'href="/services/helpline/"' in polaris
    unodc = text(pages["/organizations/unodc/"])
    assert 'href="/organizations/polaris/"' in unodc  # parent
    assert 'href="/instruments/untoc/"' in unodc  # adopted and custodian of
    assert 'href="/strategies/asean-plan/"' in unodc  # leads
    untoc = text(pages["/instruments/untoc/"])
    assert 'href="/instruments/protocol/"' in untoc and 'href="/organizations/unodc/"' in untoc
    protocol = text(pages["/instruments/protocol/"])
    assert 'href="/instruments/untoc/"' in protocol and 'href="/strategies/asean-plan/"' in protocol
    plan = text(pages["/strategies/asean-plan/"])
    assert 'href="/organizations/unodc/"' in plan and 'href="/instruments/protocol/"' in plan
    service = text(pages["/services/helpline/"])
    assert 'href="/organizations/polaris/"' in service and "Hotline" in service and "Survivors" in service


def test_detail_shows_citations_corrections_reference_and_review(pages, world):
    html = text(pages["/organizations/polaris/"])
    assert "Polaris is an NGO that operates a national hotline" in html
    assert 'href="/sources/doc/#citation-' in html
    assert "Editorial notes" in html and "Polaris is a nonprofit; wording kept." in html
    assert "reference knowledge" in html and "Founding year from the organization" in html
    assert "Needs review" in html
    assert "Needs review" in text(pages["/organizations/unodc/"])  # never verified


def test_recently_verified_record_does_not_need_review(world, client):
    Organization.objects.filter(slug="unodc").update(last_verified=datetime.date.today())
    assert "Needs review" not in text(client.get("/organizations/unodc/"))


def test_source_page_highlights_every_cited_passage(pages, world):
    html = text(pages["/sources/doc/"])
    citations = world["source"].citations.all()
    published = [c for c in citations if c.entry.is_published]
    for citation in published:
        assert f'<mark id="citation-{citation.pk}"' in html
    assert html.count('<mark id="citation-') == len(published) == 3
    # A passage split over two lines in the source is still found, and links to its record.
    assert 'cited by <a href="/organizations/polaris/">Polaris</a>' in html
    assert 'href="/instruments/protocol/"' in html


def test_country_page_labels_national_regional_and_global(pages):
    html = text(pages["/countries/th/"])
    assert html.index("Thai Plan") < html.index("ASEAN Plan")
    assert "National: names this country" in html and "Regional: covers a region" in html
    assert "Global: applies everywhere" in html
    assert 'href="/regions/asean/"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/countries/zz/",
        "/countries/xyz/",
        "/countries/1/",
        "/regions/nowhere/",
        "/topics/nothing/",
        "/sources/missing/",
        "/organizations/missing/",
    ],
)
def test_unknown_keys_are_404(world, client, url):
    assert client.get(url).status_code == 404


def test_country_code_is_lower_case(world, client):
    response = client.get("/countries/TH/")
    assert response.status_code == 301 and response["Location"] == "/countries/th/"


def test_region_page_includes_sub_regions_and_countries(pages):
    asia = text(pages["/regions/asia/"])
    assert 'href="/regions/south-eastern-asia/"' in asia and 'href="/countries/th/"' in asia
    assert "Thai Plan" in asia  # names a country in a sub-region
    assert "ASEAN Plan" not in asia  # a grouping is not part of the M49 hierarchy
    asean = text(pages["/regions/asean/"])
    assert "ASEAN Plan" in asean and "Thai Plan" in asean  # tagged, and via a member country


def test_search_ranks_name_before_summary_before_the_rest(world, client):
    OrganizationFactory(slug="mentions", name="Other", summary="Works with Polaris.", status="published")
    html = text(client.get("/search/", {"q": "polaris"}))
    # The helpline is found by its provider's name, which is part of its search text.
    assert (
        html.index('href="/organizations/polaris/"')
        < html.index('href="/organizations/mentions/"')
        < html.index('href="/services/helpline/"')
    )


def test_country_and_service_pages_open_with_the_emergency_numbers(world, client):
    Country.objects.filter(code="TH").update(emergency_numbers=["191", "199", "1669", "1300-1399"])
    for url in ("/countries/th/", "/services/helpline/"):
        html = text(client.get(url))
        assert "Emergency numbers in Thailand" in html, url
        assert all(f'<a href="tel:{n}">{n}</a>' in html for n in ("191", "199", "1669")), url
        assert "1300-1399" in html and 'href="tel:1300-1399"' not in html, url  # a range is not dialled
        assert "not trafficking lines" in html and "libphonenumber" in html, url
    assert text(client.get("/countries/th/")).index("Get help in Thailand") < text(
        client.get("/countries/th/")
    ).index('<h3 id="organization"')


def test_a_country_without_recorded_numbers_says_so(world, client):
    assert "none recorded in libphonenumber" in text(client.get("/countries/th/"))


def test_a_service_for_no_one_country_points_to_the_country_pages(world, client):
    SupportServiceFactory(slug="global-line")
    html = text(client.get("/services/global-line/"))
    assert "Call your country's emergency number" in html and 'href="/regions/"' in html


# Visibility -------------------------------------------------------------------------


def test_unpublished_detail_is_404(world, client):
    for draft in world["drafts"]:
        assert client.get(draft.get_absolute_url()).status_code == 404, draft.slug


def test_staff_may_preview_a_draft(world, client, admin_user):
    client.force_login(admin_user)
    response = client.get(world["drafts"][0].get_absolute_url())
    assert response.status_code == 200 and "not public" in text(response)


def test_unpublished_records_appear_nowhere(world, client):
    for url in [*page_urls(), "/search/?q=zeta", "/services/?service_type=hotline", "/search/?q=draft"]:
        html = text(client.get(url))
        for draft in world["drafts"]:
            assert draft.name not in html, (url, draft.name)
            assert draft.get_absolute_url() not in html, (url, draft.slug)


def test_unpublished_records_are_left_out_of_counts_and_facets(world, client):
    html = text(client.get("/instruments/"))
    assert "2 records" in html
    assert ">Protection (1)<" in html  # the archived instrument is in the same focus area
    html = text(client.get("/services/"))
    assert ">Hotline (1)<" in html


# Privacy and safety -----------------------------------------------------------------

ASSET_RE = re.compile(r"<(?:link|script|img|iframe|source|video|audio|embed|object)\b[^>]*>", re.I)
URL_ATTR_RE = re.compile(r'\b(?:src|href|srcset|data)\s*=\s*["\']?([^"\'\s>]+)', re.I)


def test_confidential_address_is_never_shown(pages, world, client):
    for url, response in pages.items():
        assert SECRET_ADDRESS not in text(response), url
    for url in ("/search/?q=hidden", "/search/?q=shelter", "/services/?q=shelter"):
        assert SECRET_ADDRESS not in text(client.get(url)), url


def test_a_public_address_is_shown(world, client):
    SupportServiceFactory(slug="office", address="1 Open Street", address_is_confidential=False)
    assert "1 Open Street" in text(client.get("/services/office/"))


def test_no_cookies_for_anonymous_visitors(world):
    client = Client()
    for url in [*page_urls(), "/organizations/?kind=bogus", "/nowhere/"]:
        response = client.get(url)
        assert not response.cookies, url
    assert not client.cookies


def test_no_third_party_assets_and_safety_controls_everywhere(pages, client):
    for url, response in {**pages, "/nowhere/": client.get("/nowhere/")}.items():
        html = text(response)
        for tag in ASSET_RE.findall(html):
            if tag.startswith('<link rel="alternate" hreflang='):
                # The page in other languages: absolute addresses on this host, loading nothing.
                assert re.search(r'href="http://testserver/', tag), (url, tag)
                continue
            for value in URL_ATTR_RE.findall(tag):
                assert value.startswith(("/", "data:")) and not value.startswith("//"), (url, tag)
        assert "@import" not in html and "url(http" not in html, url
        assert re.search(r'<a id="quick-exit"[^>]*href="https://www\.bbc\.com/weather"', html), url
        assert "Leave this site" in html, url
        assert 'href="/safety/"' in html, url
        assert "csrfmiddlewaretoken" not in html, url


def test_quick_exit_script_and_stylesheet_are_first_party(client):
    script = b"".join(client.get("/static/js/quick-exit.js").streaming_content).decode()
    assert "location.replace" in script and "Shift" in script
    css = b"".join(client.get("/static/css/site.css").streaming_content).decode()
    assert "http" not in css and "@import" not in css


# Bad input ---------------------------------------------------------------------------

HUGE = "99999999999999999999"
BAD_INPUTS = {
    "empty": {"q": ""},
    "long": {"q": "x" * 10_000},  # cut at 200 characters, not refused
    "syntax": {"q": '"NEAR(a b) * : & | ! ( - AND OR NOT \'"'},  # FTS5 and tsquery syntax is text
    "scripts": {"q": "الاتجار بالبشر 人口贩运 торговля людьми"},
    "nul": {"q": "a\x00b"},
    "huge": {"year_min": HUGE},
    "unknown-slug": {"focus_area": "no-such-area"},
    "unknown-region": {"region": "atlantis"},
    "unknown-country": {"country": "ZZ"},
    "bad-country": {"country": "\x00" * 3},
    "bad-year": {"year_max": "abc"},
    "nul-slug": {"region": "asia\x00"},
    "long-slug": {"focus_area": "a" * 10_000},
    "unknown-parameter": {"colour": "blue"},
    "bad-ordering": {"ordering": "password"},
    "empty-ordering-terms": {"ordering": ",,name,"},
    "page-0": {"page": "0"},
    "page-negative": {"page": "-1"},
    "page-past-end": {"page": "99999"},
    "page-abc": {"page": "abc"},
    "page-huge": {"page": HUGE},
    "page-nul": {"page": "\x00"},
}
# Parameters a page does not know are ignored; the rest must show their error.
ERROR_TEXT = {
    "nul": "Null characters are not allowed",
    "huge": "2100",
    "unknown-slug": "There is no focus area",
    "unknown-region": "There is no region",
    "unknown-country": "There is no country",
    "bad-country": "Null characters are not allowed",
    "bad-year": "Enter a",
    "nul-slug": "Null characters are not allowed",
    "long-slug": "at most 120 characters",
    "bad-ordering": "Select a valid choice",
}

YEAR_CASES = {"huge", "bad-year"}  # services have no year filter, so these are ignored there


@pytest.mark.parametrize("case", BAD_INPUTS)
@pytest.mark.parametrize("url", [*LIST_URLS, "/search/"])
def test_bad_input_is_never_a_server_error(world, client, url, case):
    response = client.get(url, BAD_INPUTS[case])
    assert response.status_code in (200, 400, 404), response.status_code
    if response.status_code == 400:
        expected = ERROR_TEXT[case]
        assert expected in text(response), expected
    elif url != "/search/" and case in ERROR_TEXT and not (url == "/services/" and case in YEAR_CASES):
        pytest.fail(f"{case} was accepted on {url}")


def test_search_cuts_long_queries_and_refuses_nul(world, client):
    response = client.get("/search/", {"q": "polaris " + "x" * 10_000})
    assert response.status_code == 200
    assert "Only the first 200 characters" in text(response)
    response = client.get("/search/", {"q": "\x00"})
    assert response.status_code == 400 and "Null characters" in text(response)


def test_repeated_parameters_use_the_last_value(world, client):
    response = client.get("/organizations/?kind=un_body&kind=ngo")
    assert response.status_code == 200
    assert 'href="/organizations/polaris/"' in text(response)


def test_filter_state_lives_in_the_url(world, client):
    html = text(client.get("/instruments/", {"kind": "protocol", "q": "palermo", "ordering": "-name"}))
    assert 'method="get"' in html
    assert '<option value="protocol" selected>' in html
    assert 'value="palermo"' in html
    assert '<option value="-name" selected>' in html


def test_pages_of_twenty(client):
    for n in range(23):  # and the world's two
        OrganizationFactory(slug=f"org-{n:02}", name=f"Org {n:02}")
    first = text(client.get("/organizations/"))
    assert first.count('class="entry-row"') == 20 and "?page=2" in first
    second = text(client.get("/organizations/", {"page": 2}))
    assert second.count('class="entry-row"') == 5
    assert client.get("/organizations/", {"page": 3}).status_code == 404


def test_empty_results_say_so(world, client):
    response = client.get("/organizations/", {"q": "nothing-like-this"})
    assert response.status_code == 200 and "No published organizations match" in text(response)


def test_no_page_shows_a_code_name(pages):
    names = field_names() | slugs()
    for url, response in pages.items():
        assert code_names(text(response), names) == [], url


def test_the_code_name_check_finds_one():
    assert code_names("<p>Supports: service_types</p>", {"service_types"}) == ["service_types"]
    assert code_names('<a href="/x/?service_type=a" title="entry_into_force_year">', {"service_type"}) == []
    assert code_names('<a title="entry_into_force_year">x</a>', {"entry_into_force_year"}) != []
