"""axe-core finds no violations on any type of page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

AXE = Axe()

# name -> path, or a function of the data set giving the path.
PAGES = {
    "home": "/",
    "organization-list-filtered": "/organizations/?kind=ngo&country=US",
    "instrument-list": "/instruments/",
    "strategy-list": "/strategies/",
    "service-list": "/services/",
    "organization-detail": lambda site: site["organization"].get_absolute_url(),
    "instrument-detail": lambda site: site["instrument"].get_absolute_url(),
    "strategy-detail": lambda site: site["strategy"].get_absolute_url(),
    "service-detail": lambda site: site["service"].get_absolute_url(),
    "region": lambda site: site["region"].get_absolute_url(),
    "country": lambda site: site["country"].get_absolute_url(),
    "topic": lambda site: site["topic"].get_absolute_url(),
    "source": lambda site: site["source"].get_absolute_url(),
    "search-results": "/search/?q=trafficking",
    "safety": "/safety/",
    "region-index": "/regions/",
    "source-index": "/sources/",
}


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


@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violations(name, site, page, url):
    path = PAGES[name]
    path = path(site) if callable(path) else path
    response = page.goto(url(path))
    assert response.status == 200, f"{path} answered {response.status}"
    violations = AXE.run(page).response["violations"]
    assert not violations, f"{len(violations)} axe violation(s) on {path}:" + describe(violations)
