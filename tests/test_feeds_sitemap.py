"""Atom feeds, sitemap.xml and robots.txt: published records only, dated, in pinned queries."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.test import Client

from resources.models import ENTRY_MODELS, Organization
from resources.readmodel import writer
from tests.builders import DETAIL_URLS, page_urls
from tests.factories import CountryFactory, OrganizationFactory, RegionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FEEDS = [
    "/feed.atom",
    "/organizations/feed.atom",
    "/instruments/feed.atom",
    "/strategies/feed.atom",
    "/services/feed.atom",
    "/regions/asean/feed.atom",
    "/countries/th/feed.atom",
]


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return root, [
        {
            "title": e.find(f"{ATOM}title").text,
            "link": e.find(f"{ATOM}link").get("href"),
            "updated": e.find(f"{ATOM}updated").text,
            "published": e.find(f"{ATOM}published").text,
            "categories": [c.get("term") for c in e.findall(f"{ATOM}category")],
        }
        for e in root.findall(f"{ATOM}entry")
    ]


def links(entries):
    return {e["link"].removeprefix("http://testserver") for e in entries}


class TestFeeds:
    def test_the_overall_feed_lists_every_published_record_newest_change_first(self, world, client):
        polaris = Organization.objects.get(slug="polaris")
        polaris.summary = "Changed just now."
        polaris.save()
        root, entries = feed(client, "/feed.atom")
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/feed.atom"
        assert entries[0]["title"] == "Polaris"
        assert [e["updated"] for e in entries] == sorted((e["updated"] for e in entries), reverse=True)
        assert links(entries) == set(DETAIL_URLS)
        assert entries[0]["published"] < entries[0]["updated"]

    def test_a_kind_feed_holds_that_kind(self, world, client):
        _, entries = feed(client, "/organizations/feed.atom")
        assert links(entries) == {"/organizations/polaris/", "/organizations/unodc/"}
        assert {c for e in entries for c in e["categories"]} == {"Organization"}

    def test_a_country_feed_is_what_applies_there(self, world, client):
        _, entries = feed(client, "/countries/th/feed.atom")
        coverage = {e["link"].removeprefix("http://testserver"): e["categories"][1] for e in entries}
        assert coverage["/strategies/thai-plan/"] == "national"
        assert coverage["/services/helpline/"] == "national"
        assert coverage["/strategies/asean-plan/"] == "regional"
        assert coverage["/instruments/untoc/"] == "global"

    def test_a_region_feed_is_what_its_page_lists(self, world, client):
        _, entries = feed(client, "/regions/asean/feed.atom")
        assert links(entries) == {"/strategies/asean-plan/", "/strategies/thai-plan/", "/services/helpline/"}

    @pytest.mark.parametrize("url", FEEDS)
    def test_drafts_and_archived_records_never_appear(self, world, client, url):
        _, entries = feed(client, url)
        assert not any("draft" in link or "Zeta" in e["title"] for e in entries for link in [e["link"]])

    @pytest.mark.parametrize(
        "url", ["/regions/nowhere/feed.atom", "/countries/zz/feed.atom", "/countries/t%00/feed.atom"]
    )
    def test_unknown_places_are_404(self, world, client, url):
        assert client.get(url).status_code == 404

    def test_a_country_feed_code_may_be_upper_case(self, world, client):
        assert client.get("/countries/TH/feed.atom").status_code == 200

    @pytest.mark.parametrize(
        ("page", "feed_url"),
        [
            ("/", "/feed.atom"),
            ("/organizations/", "/organizations/feed.atom"),
            ("/services/", "/services/feed.atom"),
            ("/regions/asean/", "/regions/asean/feed.atom"),
            ("/countries/th/", "/countries/th/feed.atom"),
        ],
    )
    def test_pages_link_their_feed_in_the_head_and_visibly(self, world, client, page, feed_url):
        html = client.get(page).content.decode()
        assert '<link rel="alternate" type="application/atom+xml" title="' in html
        assert f'href="{feed_url}">' in html.split("</head>")[0]
        assert f'<a href="{feed_url}" type="application/atom+xml">' in html.split("</head>")[1]

    def test_feeds_set_no_cookie(self, world):
        client = Client()
        for url in FEEDS:
            assert not client.get(url).cookies, url

    def test_feeds_hold_at_most_fifty_records(self, client):
        for n in range(55):
            OrganizationFactory(slug=f"org-{n}")
        _, entries = feed(client, "/organizations/feed.atom")
        assert len(entries) == 50


def sitemap_urls(client):
    """{address: last modified} of every page the sitemap index leads to."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = [
        loc.text.removeprefix("http://testserver")
        for loc in ET.fromstring(index.content).iter(f"{SITEMAP}loc")
    ]
    assert sections
    urls = {}
    for section in sections:
        urls.update(section_urls(client, section))
    return urls


def section_urls(client, path):
    response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.find(f"{SITEMAP}loc").text.removeprefix("http://testserver"): (
            url.find(f"{SITEMAP}lastmod").text if url.find(f"{SITEMAP}lastmod") is not None else None
        )
        for url in root.findall(f"{SITEMAP}url")
    }


class TestSitemap:
    def test_every_public_page_is_listed_with_a_date(self, world, client):
        urls = sitemap_urls(client)
        # Not a search, a chosen country's help box (the home page with a parameter), nor a
        # printable sheet (not for search engines: noindex).
        expected = {
            url for url in page_urls() if "search" not in url and "?" not in url and "/print/" not in url
        }
        # Each in every language, dated alike (tests/test_languages.py checks the alternates).
        languages = [f"/{code}" for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        assert set(urls) == {f"{prefix}{url}" for prefix in ["", *languages] for url in expected}
        assert all(urls[f"{prefix}{url}"] == urls[url] for prefix in languages for url in expected)
        undated = {url for url, lastmod in urls.items() if lastmod is None}
        # Pages that show no dated record have no date rather than an invented one.
        assert undated == {
            f"{prefix}{url}" for prefix in ["", *languages] for url in ("/safety/", "/regions/")
        }

    def test_drafts_are_never_listed(self, world, client):
        assert not any("draft" in url for url in sitemap_urls(client))

    def test_countries_whose_page_lists_nothing_are_left_out(self, world, client):
        # Every record of the world applies in Thailand alone; France has nothing.
        for model in ENTRY_MODELS:
            for entry in model.objects.all():
                entry.regions.clear()
                entry.countries.set([world["thailand"]])
        CountryFactory(code="FR", region=RegionFactory(slug="europe"))
        urls = sitemap_urls(client)
        assert "/countries/th/" in urls and "/countries/fr/" not in urls
        OrganizationFactory(slug="global")  # global: it applies in every country
        assert {"/countries/th/", "/countries/fr/"} <= set(sitemap_urls(client))

    def test_a_page_is_dated_by_its_newest_record(self, world, client):
        import datetime

        old = datetime.datetime(2020, 5, 1, tzinfo=datetime.UTC)
        for model in (Organization,):
            model.objects.update(modified=old)
        from resources.models import LegalInstrument, Strategy, SupportService

        for model in (LegalInstrument, Strategy, SupportService):
            model.objects.update(modified=old)
        Strategy.objects.filter(slug="thai-plan").update(
            modified=datetime.datetime(2024, 3, 2, tzinfo=datetime.UTC)
        )
        writer.rebuild()  # updates in bulk send no signals
        urls = sitemap_urls(client)
        assert urls["/countries/th/"] == "2024-03-02"  # the national plan
        assert urls["/regions/asean/"] == "2024-03-02"  # a plan for a member country
        assert urls["/strategies/"] == "2024-03-02"
        assert urls["/organizations/"] == "2020-05-01"
        assert urls["/organizations/polaris/"] == "2020-05-01"
        assert urls["/topics/protection/"] == "2020-05-01"

    def test_it_is_declared_in_robots_txt(self, world, client):
        response = client.get("/robots.txt")
        assert response["Content-Type"].startswith("text/plain")
        assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


class TestRobots:
    def test_keeps_exports_and_search_out(self, client, settings):
        lines = client.get("/robots.txt").content.decode().splitlines()
        assert lines[0] == "User-agent: *"
        for path in (
            "/search/",
            "/api/v1/organizations/export.csv",
            "/api/v1/services/export.ndjson",
        ):
            assert f"Disallow: {path}" in lines

    def test_never_reveals_where_the_admin_is(self, client, settings):
        settings.ADMIN_PATH = "secret-staff-9f3/"
        robots = client.get("/robots.txt").content.decode()
        assert "secret-staff-9f3" not in robots and "admin" not in robots

    def test_the_admin_asks_not_to_be_indexed_instead(self, client):
        for url in ("/admin/login/", "/admin/", "/admin/resources/organization/"):
            assert client.get(url)["X-Robots-Tag"] == "noindex, nofollow", url
        assert "X-Robots-Tag" not in client.get("/organizations/")
