"""Help first on a phone: the help and its first number on the first screen, a map that can
be tapped, figure text that can be read, a help sheet that prints on one page."""

import re

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

FIRST_NUMBER_BOTTOM = """(selector) => {
  const link = document.querySelector(selector);
  return link ? link.getBoundingClientRect().bottom : null;
}"""


@pytest.mark.parametrize("path", ["/", "/?country=us", "/countries/us/", "/countries/th/"])
def test_the_first_number_is_on_the_first_screen_of_a_phone(curated_site, site, new_page, url, path):
    page = new_page(viewport=PHONE)
    page.goto(url(path))
    box = ".help-box" if path.startswith("/?") or path == "/" else ".help-now"
    bottom = page.evaluate(FIRST_NUMBER_BOTTOM, f'{box} a[href^="tel:"]')
    assert bottom is not None, f"no number to call in {box} on {path}"
    assert bottom <= PHONE["height"], f"the first number ends at {bottom}px on {path}"


def test_the_country_picker_works_without_javascript(curated_site, site, new_page, url):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(url("/"))
    page.select_option("#id_country", "TH")
    page.click(".country-picker button")
    page.wait_for_url(re.compile(r"country=TH"))
    assert page.locator("#help-heading").inner_text() == "Get help in Thailand"
    assert page.locator('.help-box a[href="tel:191"]').is_visible()


TILE_SIZES = """() => [...document.querySelectorAll(".map-tiles a")].map((a) => {
  const box = a.getBoundingClientRect();
  return [box.width, box.height];
})"""


def test_on_a_phone_the_map_is_tiles_big_enough_to_tap(curated_site, site, new_page, url):
    page = new_page(viewport=PHONE)
    page.goto(url("/explore/map/"))
    page.locator("details.explore-fold").evaluate_all("(all) => all.forEach((d) => (d.open = true))")
    assert not page.locator("svg.worldmap").first.is_visible()
    sizes = page.evaluate(TILE_SIZES)
    assert sizes, "no tiles"
    assert all(width >= 24 and height >= 24 for width, height in sizes), sizes
    page.locator(".map-tiles a", has_text="Thailand").first.click()
    page.wait_for_url(re.compile(r"/countries/th/|country=TH"))


def test_on_a_desktop_the_map_is_the_map(curated_site, site, new_page, url):
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(url("/explore/map/"))
    assert page.locator("svg.worldmap").first.is_visible()
    assert not page.locator(".map-tiles").first.is_visible()


SMALLEST_FIGURE_TEXT = """() => {
  let smallest = Infinity;
  for (const svg of document.querySelectorAll("svg.timeline, svg.links")) {
    const box = svg.getBoundingClientRect();
    if (!box.width) continue;
    const scale = box.width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll("text")) {
      smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * scale);
    }
  }
  return smallest;
}"""


@pytest.mark.parametrize("path", ["/", "/instruments/palermo-protocol/", "/organizations/unodc/"])
def test_figure_text_is_at_least_12px_on_a_phone(curated_site, site, new_page, url, path):
    page = new_page(viewport=PHONE)
    page.goto(url(path))
    page.locator("details").evaluate_all("(all) => all.forEach((d) => (d.open = true))")
    smallest = page.evaluate(SMALLEST_FIGURE_TEXT)
    assert smallest != float("inf"), f"no figure on {path}"
    assert smallest >= 12, f"figure text of {smallest:.1f}px on {path}"


def test_the_help_sheet_prints_on_one_a4_page_without_the_quick_exit(curated_site, site, new_page, url):
    page = new_page()
    page.goto(url("/countries/us/print/"))
    page.emulate_media(media="print")
    assert not page.locator(".safety-bar").is_visible()
    assert page.locator('a[href="tel:+18883737888"]').is_visible()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
