"""Screenshots of the main page types at phone and desktop widths, to look at by eye.

They are written to test-results/screenshots/ (not kept in the repository: every run
makes new ones). Each page is also checked for sideways scrolling: nothing may be
wider than the viewport."""

from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser

OUT = Path(settings.BASE_DIR) / "test-results" / "screenshots"
VIEWPORTS = {390: {"width": 390, "height": 844}, 1366: {"width": 1366, "height": 900}}
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1)
    .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
}"""


def test_screenshots(curated_site, site, new_page, url):
    pages = {
        "home": "/",
        "organization-list": "/organizations/",
        "organization-detail": site["organization"].get_absolute_url(),
        "instrument-list": "/instruments/",
        "instrument-detail": site["instrument"].get_absolute_url(),
        "explore-map": "/explore/map/",
        "explore-matrix": "/explore/matrix/",
    }
    OUT.mkdir(parents=True, exist_ok=True)
    problems = []
    for width, viewport in VIEWPORTS.items():
        page = new_page(viewport=viewport)
        for name, path in pages.items():
            page.goto(url(path))
            wide = page.evaluate(OVERFLOW)
            if wide:
                problems.append(f"{name} at {width}px: wider than the screen: {wide[:5]}")
            page.screenshot(path=OUT / f"{name}-{width}.png", full_page=True)
    assert not problems, "\n".join(problems)
