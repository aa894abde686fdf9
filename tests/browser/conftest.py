"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Chromium starts once per session; each test gets a fresh context and page. Every request
to a host other than the live server is blocked, and a test that made one fails: the site
must not leak a visit to any third party. A test may register a stub for one outside URL
(the quick exit's neutral page); the stub answers locally and the request is recorded.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in the main thread; the tests use the ORM there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
MISSING = f"system Chromium not installed ({CHROMIUM})"
# Auto-waiting assertions and actions give up after this long (ms); pages are local.
TIMEOUT = 10_000


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{MISSING}, and REQUIRE_BROWSER=1 requires it", pytrace=False)
        pytest.skip(MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


class Network:
    """What the pages asked for outside the live server."""

    def __init__(self, origin):
        self.origin = origin
        self.stubs = {}  # url -> HTML answered locally instead of the real site
        self.stubbed = []  # (url, Referer header or None) of each stubbed request, in order
        self.blocked = []  # (method, url) of every other outside request

    def stub(self, url, title="Neutral page"):
        self.stubs[url] = f"<!doctype html><html lang='en'><title>{title}</title><h1>{title}</h1></html>"

    def handle(self, route):
        request = route.request
        parts = urlsplit(request.url)
        if f"{parts.scheme}://{parts.netloc}" == self.origin:
            route.continue_()
        elif request.url in self.stubs:
            self.stubbed.append((request.url, request.headers.get("referer")))
            route.fulfill(status=200, content_type="text/html", body=self.stubs[request.url])
        else:
            self.blocked.append((request.method, request.url))
            route.abort("blockedbyclient")


@pytest.fixture
def network(live_server):
    return Network(live_server.url.rstrip("/"))


@pytest.fixture
def new_page(browser, network):
    """new_page(**context options): a page in a new context, with outside requests blocked."""
    contexts, errors = [], []

    def make(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT)
        context.route("**/*", network.handle)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not network.blocked, "requests to other hosts: " + ", ".join(
        f"{method} {url}" for method, url in network.blocked
    )
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def url(live_server):
    """url("/path/"): the live server's address for a path."""
    return lambda path: live_server.url.rstrip("/") + path


# Data ---------------------------------------------------------------------------
#
# The live server reads what the tests committed, and the database is emptied after each
# test that uses it (and what the migrations wrote put back: tests/conftest.py), so each
# browser test builds its data anew: the world (tests.builders), or with
# ``curated_site`` the curated directory itself.

# The records of each page type in the curated fixtures.
CURATED = {
    "organization": ("Organization", "polaris"),
    "instrument": ("LegalInstrument", "palermo-protocol"),
    "strategy": ("Strategy", "asean-plan-of-action"),
    "service": ("SupportService", "national-human-trafficking-hotline"),
    "source": ("Source", "trafficking-and-international-aid"),
    "region": ("Region", "south-eastern-asia"),
    "topic": ("FocusArea", "protection"),
}


@pytest.fixture
def curated_site():
    """Ask for this beside ``site`` to serve the curated directory instead of the world."""
    return True


@pytest.fixture
def site(request, transactional_db, live_server):
    """{page type: record} over the world, or over the curated directory with ``curated_site``."""
    from resources import models
    from resources.seeding import seed
    from tests.builders import build_world

    if "curated_site" not in request.fixturenames:
        return build_world()
    seed()
    records = {name: getattr(models, model).objects.get(slug=slug) for name, (model, slug) in CURATED.items()}
    return {**records, "country": models.Country.objects.get(code="TH")}


# One page of each type: name -> path, or a function of the data set giving the path.
PAGES = {
    "home": "/",
    "home-country": "/?country=th",
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
    "country-print": lambda site: site["country"].get_absolute_url() + "print/",
    "service-list-empty": "/services/?country=TH&service_type=shelter",
    "topic": lambda site: site["topic"].get_absolute_url(),
    "source": lambda site: site["source"].get_absolute_url(),
    "search-results": "/search/?q=trafficking",
    "safety": "/safety/",
    "region-index": "/regions/",
    "source-index": "/sources/",
    "explore": "/explore/",
    "explore-map": "/explore/map/",
    "explore-map-filtered": "/explore/map/?of=organization&kind=ngo&layer=national",
    "explore-matrix": "/explore/matrix/",
    "explore-matrix-kind": "/explore/matrix/?of=instrument",
}


@pytest.fixture
def page_paths(site):
    """{name: path} for one page of each type, over the ``site`` data set."""
    return {name: path(site) if callable(path) else path for name, path in PAGES.items()}
