"""The directory can be used with the keyboard alone, and focus is always visible."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    cls: el.className,
    text: (el.textContent || "").trim().slice(0, 60),
    href: el.getAttribute("href"),
    inResults: !!el.closest(".results .entries"),
    visible: outline || style.boxShadow !== "none",
  };
}"""
MAX_TABS = 60


def focused(page):
    return page.evaluate(FOCUSED)


def tab(page):
    """Press Tab; the newly focused element, which must show that it has focus.

    Past the last control, focus leaves the page and the body is "focused"."""
    page.keyboard.press("Tab")
    element = focused(page)
    assert element["tag"] == "body" or element["visible"], f"focus is not visible on {element}"
    return element


def test_filter_and_open_a_record_by_keyboard(site, page, url):
    page.goto(url("/organizations/"))

    skip = tab(page)
    assert skip["cls"] == "skip-link", f"the first Tab should reach the skip link, not {skip}"
    expect(page.locator(".skip-link")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    search = tab(page)
    assert search["id"] == "id_q", f"after the skip link, Tab should reach the filter form, not {search}"
    page.keyboard.type("Polaris")
    page.keyboard.press("Enter")
    page.wait_for_url("**/organizations/?*q=Polaris*")
    first = page.locator(".results .entries > li h3 a").first
    expect(first).to_contain_text("Polaris")
    name, href = first.text_content(), first.get_attribute("href")

    for _ in range(MAX_TABS):
        element = tab(page)
        if element["inResults"]:
            break
    else:
        pytest.fail(f"{MAX_TABS} presses of Tab did not reach the first result")
    assert element["href"] == href, f"the first result link should be reached first, not {element}"
    page.keyboard.press("Enter")
    page.wait_for_url(url(href))
    expect(page.locator("h1")).to_have_text(name)


def test_every_control_on_a_page_shows_focus(site, page, url):
    """Tab through a whole list page (filters, navigation, results, footer)."""
    page.goto(url("/services/"))
    seen = []
    for _ in range(MAX_TABS):
        element = tab(page)
        if element["tag"] == "body":
            break
        seen.append(element)
    else:
        pytest.fail(f"{MAX_TABS} presses of Tab did not reach the end of the page")
    assert [e["cls"] for e in seen[:2]] == ["skip-link", "quick-exit"]
    assert seen[-1]["text"].startswith("Browsing safely"), "the footer link is last"
