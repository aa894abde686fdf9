"""The directory in other languages, in a browser: Arabic right to left with the quick exit
mirrored and in view, help first in the reader's language, switching languages leaves no
cookie, and screenshots of Arabic and Chinese pages to look at."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.test_accessibility import AXE, ERROR_PAGES, describe
from tests.browser.test_screenshots import OUT, OVERFLOW, SCROLL_WIDTH

pytestmark = pytest.mark.browser

NEUTRAL = "https://www.bbc.com/weather"
PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 320, "height": 640}
# The languages whose scripts and direction differ most from English.
CHECKED = ["ar", "zh-hans"]


def in_language(language, path):
    return f"/{language}{path}"


@pytest.mark.parametrize("language", CHECKED)
def test_no_axe_violations_in_arabic_and_chinese(curated_site, page_paths, page, url, language):
    found = []
    pages = {name: (path, 200) for name, path in page_paths.items()} | ERROR_PAGES
    for name, (path, status) in pages.items():
        response = page.goto(url(in_language(language, path)))
        assert response.status == status, f"{name}: {path} answered {response.status}"
        violations = AXE.run(page).response["violations"]
        if violations:
            found.append(
                f"\n== {name} ({language}{path}): {len(violations)} violation(s)" + describe(violations)
            )
    assert not found, "axe found violations:" + "".join(found)


@pytest.mark.parametrize("language", CHECKED)
def test_screenshots_and_nothing_wider_than_a_small_phone(curated_site, page_paths, new_page, url, language):
    """Every page type at 320 px and on a desktop, to look at; none scrolls sideways."""
    OUT.mkdir(parents=True, exist_ok=True)
    problems = []
    for viewport in (SMALL_PHONE, {"width": 1280, "height": 900}):
        page = new_page(viewport=viewport)
        for name, path in page_paths.items():
            page.goto(url(in_language(language, path)))
            if page.evaluate(SCROLL_WIDTH) > viewport["width"]:
                problems.append(f"{name} at {viewport['width']}px: {page.evaluate(OVERFLOW)[:5]}")
            page.screenshot(path=OUT / f"{language}-{name}-{viewport['width']}.png", full_page=True)
    assert not problems, "wider than the screen:\n" + "\n".join(problems)


def test_arabic_mirrors_the_layout_and_the_quick_exit(site, new_page, url):
    """Left to right the bar's controls sit at its right end, the quick exit first; right to
    left, at its left end, the quick exit first from the right."""
    width = 1280
    page = new_page(viewport={"width": width, "height": 800})

    def boxes(path):
        page.goto(url(path))
        return page.locator("#quick-exit").bounding_box(), page.locator(".safety-link").bounding_box()

    exit_box, safety_box = boxes("/instruments/")
    assert exit_box["x"] < safety_box["x"]
    assert safety_box["x"] + safety_box["width"] > width - 40
    exit_box, safety_box = boxes("/ar/instruments/")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    assert exit_box["x"] > safety_box["x"]
    assert safety_box["x"] < 40


@pytest.mark.parametrize("width", [320, 1280])
def test_the_arabic_quick_exit_stays_in_view_and_leaves(width, site, new_page, url, network):
    network.stub(NEUTRAL, "Weather")
    page = new_page(viewport={"width": width, "height": 700})
    page.goto(url("/ar/instruments/"))
    page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    assert page.evaluate("window.scrollY") > 0, "the page should be longer than the window"
    expect(page.locator("#quick-exit")).to_be_in_viewport()
    page.locator("#quick-exit").click()
    page.wait_for_url(NEUTRAL)


@pytest.mark.parametrize("path", ["/", "/countries/th/"])
@pytest.mark.parametrize("language", ["ar", "zh-hans", "fr", "ru", "es"])
def test_help_first_in_the_readers_language_on_a_phone(curated_site, site, new_page, url, language, path):
    """As in English (test_help_first.py): the first number on the first screen of a phone."""
    page = new_page(viewport=PHONE)
    page.goto(url(in_language(language, path)))
    box = ".help-box" if path == "/" else ".help-now"
    first_number = page.locator(f'{box} a[href^="tel:"]').first
    assert first_number.bounding_box()["y"] + first_number.bounding_box()["height"] <= PHONE["height"]
    # The number reads left to right inside right-to-left text.
    assert first_number.evaluate("element => getComputedStyle(element).direction") == "ltr"
    assert page.locator("html").get_attribute("lang") == {"zh-hans": "zh-Hans"}.get(language, language)


def test_switching_languages_by_the_menu_sets_no_cookie(site, new_page, url):
    page = new_page(viewport=PHONE)
    page.goto(url("/organizations/"))
    for code, tag in [("es", "es"), ("ar", "ar"), ("zh-hans", "zh-Hans"), ("en", "en")]:
        page.locator(f'nav.languages a[hreflang="{tag}"]').click()
        expect(page.locator("html")).to_have_attribute("lang", tag)
        expected = "/organizations/" if code == settings.LANGUAGE_CODE else f"/{code}/organizations/"
        assert page.url == url(expected)
    assert page.context.cookies() == []
    page.goto(url("/"))
    assert page.context.cookies() == []
