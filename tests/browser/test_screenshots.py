"""Screenshots of the main page types at phone and desktop widths, to look at by eye.

They are written to test-results/screenshots/ (not kept in the repository: every run
makes new ones). Each page is also checked for sideways scrolling: nothing may be
wider than the viewport."""

from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser

OUT = Path(settings.BASE_DIR) / "test-results" / "screenshots"
VIEWPORTS = {
    320: {"width": 320, "height": 640},
    390: {"width": 390, "height": 844},
    1280: {"width": 1280, "height": 900},
}
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  // A figure that scrolls inside its own box (a diagram kept legible on a phone) is not
  // wider than the screen: only its box is measured.
  const inScrollBox = (el) => {
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(node).overflowX)) return true;
    }
    return false;
  };
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !inScrollBox(el))
    .map((el) => {
      const css = typeof el.className === "string" && el.className ? "." + el.className : "";
      return el.tagName.toLowerCase() + css;
    });
}"""


def test_screenshots(curated_site, page_paths, new_page, url):
    """Every page type at a small phone, a phone and a desktop width."""
    pages = page_paths
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


SCROLL_WIDTH = "document.scrollingElement.scrollWidth"


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_no_page_is_wider_than_the_screen(curated_site, page_paths, new_page, url, width):
    """Every page type of the curated directory: nothing to scroll sideways."""
    page = new_page(viewport={"width": width, "height": 800})
    wide = []
    for name, path in page_paths.items():
        page.goto(url(path))
        scroll_width = page.evaluate(SCROLL_WIDTH)
        if scroll_width > width:
            wide.append(f"{name} ({path}): {scroll_width}px: {page.evaluate(OVERFLOW)[:5]}")
    assert not wide, f"wider than {width}px:\n" + "\n".join(wide)
