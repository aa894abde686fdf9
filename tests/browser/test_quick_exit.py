"""The "Leave this site" control: on every page, by click or Shift three times, with or
without JavaScript; the neutral page is answered locally, never fetched."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NEUTRAL = "https://www.bbc.com/weather"


def history_length(page):
    return page.evaluate("history.length")


def test_control_on_every_page_type(page_paths, page, url):
    for name, path in page_paths.items():
        page.goto(url(path))
        link = page.locator("#quick-exit")
        expect(link, name).to_be_visible()
        expect(link, name).to_have_text("Leave this site")
        expect(link, name).to_have_attribute("href", NEUTRAL)
        # The first thing after the skip link, so it is two presses of Tab away.
        expect(page.locator("body a").nth(1), name).to_have_id("quick-exit")


def test_neutral_page_is_another_site(live_server):
    assert urlsplit(NEUTRAL).scheme == "https"
    assert urlsplit(NEUTRAL).netloc != urlsplit(live_server.url).netloc


@pytest.mark.parametrize("how", ["shift-three-times", "click"])
def test_leaving_replaces_the_page_in_history(how, site, page, url, network):
    network.stub(NEUTRAL, "Weather")
    page.goto(url("/"))
    page.goto(url(site["service"].get_absolute_url()))
    expect(page.locator(".quick-exit-hint")).to_be_visible()
    before = history_length(page)

    if how == "click":
        page.locator("#quick-exit").click()
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL)

    expect(page.locator("h1")).to_have_text("Weather")
    assert network.stubbed == [(NEUTRAL, None)], "one request, without a Referer"
    # location.replace(): the directory page was swapped out, not pushed down the history.
    assert history_length(page) == before
    page.go_back()
    assert page.url == url("/"), "Back must not return to the page that was left"


def test_other_keys_reset_the_shift_count(site, page, url, network):
    network.stub(NEUTRAL)
    page.goto(url("/search/"))
    page.locator("#id_q").focus()
    page.keyboard.press("Shift")
    page.keyboard.press("Shift+A")  # typing a capital letter is not a request to leave
    page.keyboard.press("Shift")
    expect(page.locator("#id_q")).to_have_value("A")
    assert page.url == url("/search/")
    assert network.stubbed == []


def test_without_javascript_the_control_is_a_link(site, new_page, url, network):
    network.stub(NEUTRAL, "Weather")
    page = new_page(java_script_enabled=False)
    page.goto(url(site["strategy"].get_absolute_url()))
    expect(page.locator(".quick-exit-hint")).to_be_hidden()
    page.locator("#quick-exit").click()
    page.wait_for_url(NEUTRAL)
    expect(page.locator("h1")).to_have_text("Weather")
    assert network.stubbed == [(NEUTRAL, None)], "one request, without a Referer"


def test_without_javascript_a_list_filter_works(site, new_page, url):
    page = new_page(java_script_enabled=False)
    page.goto(url("/organizations/"))
    results = page.locator(".results .entries > li")
    expect(results.filter(has_text="UN agency or body")).not_to_have_count(0)
    page.locator("#id_kind").select_option("ngo")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/organizations/?*kind=ngo*")
    expect(page.locator("#id_kind")).to_have_value("ngo")
    expect(results.filter(has_text="Polaris")).not_to_have_count(0)
    expect(results.filter(has_text="UN agency or body")).to_have_count(0)
    expect(results.filter(has_not_text="Non-governmental organization")).to_have_count(0)


LONG_PAGE = "/instruments/"  # the list with the timeline, map and matrix: the longest page type


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_control_stays_in_view_at_the_bottom_of_a_long_page(width, site, new_page, url, network):
    network.stub(NEUTRAL, "Weather")
    page = new_page(viewport={"width": width, "height": 700})
    page.goto(url(LONG_PAGE))
    page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    assert page.evaluate("window.scrollY") > 0, "the page should be longer than the window"
    expect(page.locator("#quick-exit")).to_be_in_viewport()
    page.locator("#quick-exit").click()
    page.wait_for_url(NEUTRAL)


def test_no_shift_hint_on_a_touch_screen(site, new_page, url):
    phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.goto(url("/"))
    expect(phone.locator("#quick-exit")).to_be_visible()
    expect(phone.locator(".quick-exit-hint")).to_be_hidden()
