"""The directory in six languages: addresses, the language menu, no cookie, the home page's
offer, the page cache, hreflang alternates, the sitemap and feeds (directory/languages.py)."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from pagecache.middleware import CACHE_HEADER
from tests.builders import page_urls

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

OTHER_LANGUAGES = ["ar", "zh-hans", "fr", "ru", "es"]
HTML_TAGS = {"en": "en", "ar": "ar", "zh-hans": "zh-Hans", "fr": "fr", "ru": "ru", "es": "es"}
# Addresses that are the same in every language.
UNPREFIXED = ("/static/", "/api/", "/sitemap.xml", "/robots.txt", f"/{settings.ADMIN_PATH}")


def in_language(language, url):
    return url if language == "en" else f"/{language}{url}"


@pytest.fixture(scope="module")
def _pages(_world, django_db_blocker):
    """Every public page of the world in every language, rendered once: {(language, url): response}."""
    with django_db_blocker.unblock():
        client = Client()
        return {
            (language, url): client.get(in_language(language, url))
            for language in ["en", *OTHER_LANGUAGES]
            for url in page_urls()
        }


@pytest.fixture
def pages(_pages, world):
    return _pages


def page_links(html):
    """The addresses a page links to, but for its alternates in other languages."""
    html = re.sub(r'<nav class="languages".*?</nav>', "", html, flags=re.S)
    html = re.sub(r'<p class="language-offer".*?</p>', "", html, flags=re.S)
    html = re.sub(r'<link rel="alternate" hreflang=[^>]*>', "", html)
    return re.findall(r'(?:href|action)="([^"]*)"', html)


def test_every_page_answers_in_every_language_saying_which(pages):
    for (language, url), response in pages.items():
        assert response.status_code == 200, (language, url)
        html = response.content.decode()
        direction = "rtl" if language == "ar" else "ltr"
        assert f'<html lang="{HTML_TAGS[language]}" dir="{direction}">' in html, (language, url)
        assert response["Content-Language"] == HTML_TAGS[language]


def test_no_page_in_any_language_sets_a_cookie(pages):
    for key, response in pages.items():
        assert not response.cookies, key
        assert "Set-Cookie" not in response, key


def test_every_link_stays_in_the_page_language(pages):
    for (language, url), response in pages.items():
        for link in page_links(response.content.decode()):
            if not link.startswith("/") or link.startswith(UNPREFIXED):
                continue
            if language == "en":
                assert not any(link.startswith(f"/{other}/") for other in OTHER_LANGUAGES), (url, link)
            else:
                assert link.startswith(f"/{language}/"), (language, url, link)


def test_the_language_menu_links_the_same_page_in_each_language(pages):
    response = pages[("fr", "/countries/th/")]
    menu = re.search(r'<nav class="languages".*?</nav>', response.content.decode(), re.S).group(0)
    links = re.findall(r'<a href="([^"]*)" lang="([^"]*)" hreflang="[^"]*"( aria-current="page")?>', menu)
    assert [(href, tag) for href, tag, _ in links] == [
        (in_language(code, "/countries/th/"), HTML_TAGS[code]) for code, _ in settings.LANGUAGES
    ]
    assert [tag for _, tag, current in links if current] == ["fr"]
    assert "Français" in menu and "العربيّة" in menu and "简体中文" in menu


def test_the_language_menu_keeps_the_query(client):
    html = client.get("/es/services/?country=th&page=1").content.decode()
    assert 'href="/ar/services/?country=th&amp;page=1"' in html
    assert 'href="/services/?country=th&amp;page=1"' in html


def test_every_page_lists_its_alternates_with_absolute_addresses(pages):
    html = pages[("ru", "/organizations/")].content.decode()
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]*)" href="([^"]*)">', html))
    assert alternates == {
        **{HTML_TAGS[code]: f"http://testserver{in_language(code, '/organizations/')}" for code in HTML_TAGS},
        "x-default": "http://testserver/organizations/",
    }


def test_todays_addresses_stay_english_and_unknown_prefixes_are_not_found(client):
    assert client.get("/organizations/")["Content-Language"] == "en"
    for url in ("/de/organizations/", "/es-mx/organizations/", "/zh/organizations/", "/en/organizations/"):
        assert client.get(url).status_code == 404, url


def test_a_page_not_found_is_in_the_language_of_its_address(client):
    response = client.get("/es/organizations/no-such-record/")
    assert response.status_code == 404
    assert '<html lang="es" dir="ltr">' in response.content.decode()


def test_the_api_and_the_admin_have_no_language_prefix(client):
    assert client.get("/api/v1/organizations/").status_code == 200
    assert client.get("/es/api/v1/organizations/").status_code == 404


# The home page's offer ---------------------------------------------------------------------


def test_the_english_home_page_offers_the_browsers_language_in_that_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9,en;q=0.5")
    html = response.content.decode()
    with translation.override("es"):
        offer = translation.gettext("Read this directory in your language: %(language)s") % {
            "language": "Español"
        }
    assert (
        f'<p class="language-offer" lang="es" dir="ltr"><a href="/es/" hreflang="es">{offer}</a></p>' in html
    )
    assert "Accept-Language" in response["Vary"]
    assert not response.cookies


def test_the_offer_is_right_to_left_for_arabic(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<p class="language-offer" lang="ar" dir="rtl"><a href="/ar/" hreflang="ar">' in html
    assert '<html lang="en" dir="ltr">' in html


@pytest.mark.parametrize("header", ["en-GB,en;q=0.9", "", "de-DE", "*"])
def test_no_offer_for_english_or_a_language_the_directory_does_not_have(client, header):
    assert "language-offer" not in client.get("/", HTTP_ACCEPT_LANGUAGE=header).content.decode()


def test_no_other_page_varies_on_the_browsers_language(client):
    for url in ("/es/", "/organizations/", "/es/?country=th"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert "Accept-Language" not in response.get("Vary", ""), url
        assert "language-offer" not in response.content.decode(), url


def test_the_page_cache_keeps_one_home_page_per_language_offered(client, page_cache_on):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")[CACHE_HEADER] == "miss"
    spanish_again = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert spanish_again[CACHE_HEADER] == "hit"
    assert 'href="/es/" hreflang="es"' in spanish_again.content.decode()
    french = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CA")
    assert french[CACHE_HEADER] == "miss"
    assert 'href="/fr/" hreflang="fr"' in french.content.decode()
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US")
    assert "language-offer" not in english.content.decode()


def test_pages_in_each_language_are_cached_apart(client, page_cache_on):
    assert client.get("/organizations/")[CACHE_HEADER] == "miss"
    spanish = client.get("/es/organizations/")
    assert spanish[CACHE_HEADER] == "miss"
    assert '<html lang="es"' in spanish.content.decode()
    assert client.get("/es/organizations/")[CACHE_HEADER] == "hit"


def test_the_suggestion_forms_are_never_cached_in_any_language(client, page_cache_on):
    for url in ("/suggest/listing/", "/es/suggest/listing/"):
        client.get(url)
        assert CACHE_HEADER not in client.get(url), url


# Sitemap, robots.txt, feeds ------------------------------------------------------------------

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_the_sitemap_lists_each_page_in_each_language_with_its_alternates(client):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text.removeprefix("http://testserver") for loc in index.iter(f"{SITEMAP}loc")]
    # Django writes the codes as hreflang ("zh-hans"); BCP 47 tags are case-insensitive.
    by_location = {
        url.find(f"{SITEMAP}loc").text: {
            link.get("hreflang").lower(): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for section in sections
        for url in ET.fromstring(client.get(section).content).findall(f"{SITEMAP}url")
    }
    for page in ("/", "/countries/th/", "/organizations/", "/safety/"):
        for code in HTML_TAGS:
            location = f"http://testserver{in_language(code, page)}"
            assert by_location[location] == {
                **{c: f"http://testserver{in_language(c, page)}" for c in HTML_TAGS},
                "x-default": f"http://testserver{page}",
            }, location


def test_robots_txt_asks_crawlers_to_leave_search_alone_in_every_language(client):
    body = client.get("/robots.txt").content.decode()
    for language in ["en", *OTHER_LANGUAGES]:
        assert f"Disallow: {in_language(language, '/search/')}\n" in body
        assert f"Disallow: {in_language(language, '/suggest/')}\n" in body


def test_feeds_in_each_language_link_pages_in_that_language(client):
    for language in OTHER_LANGUAGES:
        response = client.get(f"/{language}/organizations/feed.atom")
        assert response.status_code == 200
        links = re.findall(r'href="([^"]*)"', response.content.decode())
        assert links and all(f"/{language}/" in link for link in links), (language, links)


def test_the_admin_is_in_the_staff_members_browser_language(admin_client):
    response = admin_client.get(f"/{settings.ADMIN_PATH}", HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr"' in response.content.decode()
    assert admin_client.get(f"/{settings.ADMIN_PATH}")["Content-Language"] == "en"


# The API: one address, the language by ?lang= or Accept-Language ------------------------------


def test_the_api_answers_in_the_language_asked_for(client):
    response = client.get("/api/v1/organizations/?page=99", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response.status_code == 400
    assert response["Content-Language"] == "fr"
    assert {"Accept", "Accept-Language"} <= {h.strip() for h in response["Vary"].split(",")}
    with translation.override("fr"):
        french = translation.ngettext("There are %(count)s pages.", "There are %(count)s pages.", 1)
    assert response.json()["page"] == [french % {"count": 1}]
    chosen = client.get("/api/v1/organizations/?page=99&lang=es", HTTP_ACCEPT_LANGUAGE="fr")
    assert chosen["Content-Language"] == "es"
    assert client.get("/api/v1/organizations/")["Content-Language"] == "en"


@pytest.mark.parametrize("value", ["de", "EN", "zh", "", "es-mx"])
def test_a_language_the_directory_does_not_have_is_a_400_saying_which_it_has(client, value):
    response = client.get(f"/api/v1/organizations/?lang={value}")
    assert response.status_code == 400
    assert "en, ar, zh-hans, fr, ru, es" in response.json()["lang"][0]


def test_the_page_cache_keeps_api_answers_per_language(client, page_cache_on):
    assert client.get("/api/v1/organizations/", HTTP_ACCEPT_LANGUAGE="es")[CACHE_HEADER] == "miss"
    assert client.get("/api/v1/organizations/", HTTP_ACCEPT_LANGUAGE="es-AR")[CACHE_HEADER] == "hit"
    assert client.get("/api/v1/organizations/?lang=es")[CACHE_HEADER] == "miss"
    assert client.get("/api/v1/organizations/?lang=es")[CACHE_HEADER] == "hit"
    assert client.get("/api/v1/organizations/", HTTP_ACCEPT_LANGUAGE="ru")[CACHE_HEADER] == "miss"


def test_the_schema_documents_the_language_parameters(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/organizations/"]["get"]
    parameters = {(p["in"], p["name"]): p for p in operation["parameters"]}
    assert parameters[("query", "lang")]["schema"]["enum"] == ["en", "ar", "zh-hans", "fr", "ru", "es"]
    assert ("header", "Accept-Language") in parameters
    assert all("Content-Language" in response["headers"] for response in operation["responses"].values())


# Locale formats -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_dates_and_country_names_are_written_as_each_language_writes_them(client, language):
    from django.utils import formats
    from django_countries import countries

    from resources.models import Organization

    record = Organization.objects.published().first()
    html = client.get(f"/{language}{record.get_absolute_url()}").content.decode()
    with translation.override(language):
        updated = formats.date_format(record.modified, "DATE_FORMAT")
        thailand = countries.name("TH")
    assert updated in html
    assert thailand != "Thailand" and thailand in client.get(f"/{language}/countries/th/").content.decode()


def test_english_dates_keep_the_day_first():
    import datetime

    from django.utils import formats

    assert formats.date_format(datetime.date(2000, 11, 15), "DATE_FORMAT") == "15 November 2000"


@pytest.mark.parametrize(
    "path", ["/es//evil.example/x", "/ar/%5Cevil.example/", "/en//evil.example/", "/fr/a%3Fb%23c/"]
)
def test_the_language_menu_of_a_page_not_found_stays_on_this_site(client, path):
    response = client.get(path)
    assert response.status_code == 404
    menu = re.search(r'<nav class="languages".*?</nav>', response.content.decode(), re.S).group(0)
    assert re.findall(r'href="([^"]*)"', menu) == [in_language(code, "/") for code, _ in settings.LANGUAGES]


def test_the_language_menu_keeps_an_escaped_path_escaped(client):
    from resources.models import Organization

    record = Organization.objects.published().first()
    html = client.get(f"/fr{record.get_absolute_url()}?q=a%22b").content.decode()
    assert f'href="/es{record.get_absolute_url()}?q=a%22b"' in html


def test_the_schema_is_cached_per_language_and_refuses_an_unknown_one(client, page_cache_on):
    spanish = client.get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="es")
    assert "Accept-Language" in spanish["Vary"]
    english = client.get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en")
    assert english[CACHE_HEADER] == "miss"
    assert english.content != spanish.content
    assert client.get("/api/v1/schema/?lang=xx").status_code == 400


def test_the_read_model_keeps_english_addresses_whatever_the_language_of_the_save():
    from resources.models import Organization, PublicEntry
    from resources.readmodel import writer

    record = Organization.objects.published().first()
    with translation.override("es"):
        writer.rebuild()
    assert PublicEntry.objects.get(kind="organization", record_id=record.pk).url == record.get_absolute_url()


def landmark_names(html):
    """The accessible names of a page's labelled landmarks (navs, regions, sections)."""
    names = re.findall(r'<(?:nav|div|section)\b[^>]*\baria-label="([^"]*)"', html)
    for heading_id in re.findall(r'<section\b[^>]*\baria-labelledby="([^"]*)"', html):
        heading = re.search(rf'id="{heading_id}"[^>]*>(.*?)</h\d>', html, re.S)
        names.append(re.sub(r"<[^>]+>", "", heading.group(1)).strip() if heading else heading_id)
    return names


def test_landmarks_have_distinct_names_in_every_language(pages):
    """Two landmarks of one page may not share a name once translated (axe: landmark-unique)."""
    for (language, url), response in pages.items():
        names = landmark_names(response.content.decode())
        assert len(names) == len(set(names)), (language, url, sorted(names))
