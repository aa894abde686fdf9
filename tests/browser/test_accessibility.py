"""axe-core finds no violations on any type of page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

AXE = Axe()


def describe(violations):
    """The violations as readable text: rule, impact, help, and each offending element."""
    lines = []
    for violation in violations:
        lines.append(f"\n[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}")
            lines.append(f"    {node['html'][:200]}")
            summary = node.get("failureSummary", "").replace("\n", "\n      ")
            lines.append(f"      {summary}")
    return "\n".join(lines)


# Error states: a list with an invalid filter (error summary, invalid fields) and a 404.
ERROR_PAGES = {
    "instrument-list-invalid-filter": ("/instruments/?year_min=abc&country=ZZ", 400),
    "not-found": ("/organizations/no-such-record/", 404),
}


def test_no_axe_violations(curated_site, page_paths, page, url):
    """One page of each type; every page is checked before the test reports what it found."""
    found = []
    pages = {name: (path, 200) for name, path in page_paths.items()} | ERROR_PAGES
    for name, (path, status) in pages.items():
        response = page.goto(url(path))
        assert response.status == status, f"{name}: {path} answered {response.status}"
        violations = AXE.run(page).response["violations"]
        if violations:
            found.append(f"\n== {name} ({path}): {len(violations)} violation(s)" + describe(violations))
    assert not found, "axe found violations:" + "".join(found)
