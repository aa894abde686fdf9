"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Chromium starts once per session; each test gets a fresh context and page. Every request
to a host other than the live server is blocked, and a test that made one fails: the site
must not leak a visit to any third party. A test may register a stub for one outside URL
(the quick exit's neutral page); the stub answers locally and the request is recorded.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import transaction

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

SOURCE_TEXT = """Combating human trafficking: an overview

The United Nations Office on Drugs and Crime (UNODC) is the guardian of the Palermo Protocol,
which supplements the United Nations Convention against Transnational Organized Crime.

Polaris is an NGO that operates the National Human Trafficking Hotline in the United States,
answering calls and texts around the clock.

ASEAN adopted a plan of action that commits its members to prevention, protection of victims
and prosecution of traffickers, with partnership across borders.
"""


def seed_curated():
    """The curated fixtures, if they load now (they are edited in parallel): True if they did."""
    try:
        from resources.seeding import seed

        with transaction.atomic():
            seed()
    except Exception:  # an absent or half-edited fixture: the factories below still suffice
        return False
    return True


def fresh(factory, slug, **fields):
    """The published curated record with this slug if there is one (so that no record appears
    twice), otherwise one made by ``factory``; the relations added below apply to either."""
    curated = factory._meta.model.objects.published().filter(slug=slug).first()
    if curated is not None:
        return curated
    if factory._meta.model.objects.filter(slug=slug).exists():
        slug = f"{slug}-example"
    return factory(slug=slug, **fields)


@pytest.fixture
def curated():
    """Ask for this beside ``site`` to load the curated fixtures under the example records.

    It costs a second or more per test as the data grows, so only the tests that gain
    from real data (axe, screenshots) use it; the rest run on the example records alone."""
    return True


@pytest.fixture
def site(request, transactional_db, live_server):
    """One published record of each kind with its relations, citations, a source and a hotline."""
    from tests.factories import (
        CitationFactory,
        CountryFactory,
        FocusAreaFactory,
        LegalInstrumentFactory,
        OrganizationFactory,
        PopulationFactory,
        RegionFactory,
        ServiceTypeFactory,
        SourceFactory,
        StrategyFactory,
        SupportServiceFactory,
    )

    if "curated" in request.fixturenames:
        seed_curated()
    world = RegionFactory(slug="world", name="World", kind="world", m49_code="001")
    asia = RegionFactory(slug="asia", name="Asia", kind="continent", parent=world, m49_code="142")
    sea = RegionFactory(slug="south-eastern-asia", name="South-eastern Asia", parent=asia, m49_code="035")
    americas = RegionFactory(slug="americas", name="Americas", kind="continent", parent=world, m49_code="019")
    north = RegionFactory(slug="northern-america", name="Northern America", parent=americas, m49_code="021")
    asean = RegionFactory(slug="asean", name="ASEAN", kind="grouping")
    thailand = CountryFactory(code="TH", region=sea)
    usa = CountryFactory(code="US", region=north)
    asean.members.add(thailand)
    areas = {
        slug: FocusAreaFactory(slug=slug, name=slug.capitalize(), position=i)
        for i, slug in enumerate(["prevention", "protection", "prosecution", "partnership"])
    }
    hotline = ServiceTypeFactory(slug="hotline", name="Hotline")
    counselling = ServiceTypeFactory(slug="counselling", name="Counselling and mental health")
    survivors = PopulationFactory(slug="survivors", name="Survivors of trafficking")
    source = SourceFactory(
        slug="overview-of-counter-trafficking",
        title="Combating human trafficking: an overview",
        file_name="000_overview.txt",
        text=SOURCE_TEXT,
        is_ai_generated=True,
        ai_notice="This article was generated automatically and may contain errors.",
        assessment="A broad overview; names and dates are checked against official sources.",
    )

    unodc = fresh(
        OrganizationFactory,
        "unodc",
        name="United Nations Office on Drugs and Crime",
        acronym="UNODC",
        kind="un_body",
        founded_year=1997,
        summary="The UN office that helps states implement the Trafficking in Persons Protocol.",
        website="https://www.unodc.org/",
        last_verified=datetime.date.today(),
    )
    unodc.focus_areas.add(areas["prosecution"], areas["partnership"])
    polaris = fresh(
        OrganizationFactory,
        "polaris",
        name="Polaris",
        kind="ngo",
        founded_year=2002,
        headquarters_country=usa,
        summary="A nonprofit that runs the U.S. National Human Trafficking Hotline.",
        description="Polaris analyses hotline data to map trafficking networks.\n\nIt works with survivors.",
        reference_fields=["founded_year"],
        reference_note="Founding year from the organization's own website.",
    )
    polaris.countries.add(usa)
    polaris.focus_areas.add(areas["protection"])
    CitationFactory(entry=polaris, source=source, quote="Polaris is an NGO that operates the National")
    CitationFactory(
        entry=polaris,
        source=source,
        quote="Polaris is an NGO",
        field="kind",
        correction="Polaris is a registered nonprofit; the source's wording is kept in the quote.",
    )
    untoc = fresh(
        LegalInstrumentFactory,
        "untoc",
        name="United Nations Convention against Transnational Organized Crime",
        short_title="UNTOC",
        kind="convention",
        scope="international",
        adopted_year=2000,
        entry_into_force_year=2003,
        summary="The main international treaty against transnational organized crime.",
    )
    untoc.custodians.add(unodc)
    protocol = fresh(
        LegalInstrumentFactory,
        "palermo-protocol",
        name="Protocol to Prevent, Suppress and Punish Trafficking in Persons",
        short_title="Palermo Protocol",
        kind="protocol",
        scope="international",
        adopted_on=datetime.date(2000, 11, 15),
        adopted_year=2000,
        entry_into_force_year=2003,
        supplements=untoc,
        summary="The first global legally binding instrument with an agreed definition of trafficking.",
        official_text_url="https://www.ohchr.org/en/instruments-mechanisms/instruments/protocol-prevent",
    )
    protocol.custodians.add(unodc)
    protocol.focus_areas.add(areas["prevention"], areas["protection"], areas["prosecution"])
    CitationFactory(entry=protocol, source=source, quote="the guardian of the Palermo Protocol")
    plan = fresh(
        StrategyFactory,
        "asean-plan-of-action",
        name="ASEAN Plan of Action against Trafficking in Persons",
        scope="regional",
        kind="plan_of_action",
        start_year=2015,
        summary="The ASEAN member states' shared plan for prevention, protection and prosecution.",
        approaches="Prevention campaigns, victim protection and cross-border prosecution.",
    )
    plan.regions.add(asean)
    plan.lead_organizations.add(unodc)
    plan.implements.add(protocol)
    plan.focus_areas.add(areas["partnership"])
    CitationFactory(entry=plan, source=source, quote="ASEAN adopted a plan of action")
    service = fresh(
        SupportServiceFactory,
        "national-human-trafficking-hotline",
        name="National Human Trafficking Hotline",
        provider=polaris,
        summary="A confidential hotline for victims, survivors and witnesses, by phone, text and chat.",
        phone="1-888-373-7888",
        sms="233733",
        is_24_7=True,
        delivers_by_phone=True,
        delivers_by_sms=True,
        languages="English, Spanish and over 200 more through interpreters",
        cost="Free",
        address="Confidential shelter address",
        address_is_confidential=True,
    )
    service.countries.add(usa)
    service.service_types.add(hotline, counselling)
    service.populations.add(survivors)
    service.focus_areas.add(areas["protection"])
    CitationFactory(entry=service, source=source, quote="answering calls and texts around the clock")
    return {
        "organization": polaris,
        "instrument": protocol,
        "strategy": plan,
        "service": service,
        "source": source,
        "region": sea,
        "country": thailand,
        "topic": areas["protection"],
    }


# One page of each type: name -> path, or a function of the data set giving the path.
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
