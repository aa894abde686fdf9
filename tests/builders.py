"""The data sets the tests share, each built by one function.

- ``build_world()``: one published record of each kind, all linked, plus drafts and an
  archived record linked to them: what the page, API, feed, JSON-LD and HSDS tests read.
- ``build_rows(count)``: ``count`` linked records of every kind on one taxonomy and source:
  what the query-count tests and the schema fuzzing read.
- ``write_fixture_set(directory)``: a small set of seed fixture files on disk.

The fixtures that hand these to tests (built once per module, each test in a rolled-back
savepoint) are in ``tests/conftest.py``; docs/development.md says how to use them.
"""

import copy
import datetime
import json

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

# The world -------------------------------------------------------------------------------

SECRET_ADDRESS = "17 Hidden Shelter Road"
WORLD_SOURCE_TEXT = (
    "Polaris is an NGO that operates a national\nhotline in the United States.\n\n"
    "The Palermo Protocol supplements the Convention against Transnational Organized Crime. "
    "ASEAN adopted a plan of action."
)
LIST_URLS = ["/organizations/", "/instruments/", "/strategies/", "/services/"]
KINDS = ["organizations", "instruments", "strategies", "services"]


def build_world():
    """One published record of each kind, all linked, plus drafts and archived ones linked to them.

    Returns the records tests refer to: ``drafts`` (one unpublished record of each kind, in
    the order of ``KINDS``), ``source``, ``thailand``, ``published`` (kind: a published
    record's slug) and one record of each page type (``organization``, ``instrument``,
    ``strategy``, ``service``, ``region``, ``country``, ``topic``).
    """
    earth = RegionFactory(slug="world", name="World", kind="world", m49_code="001")
    asia = RegionFactory(slug="asia", name="Asia", kind="continent", parent=earth, m49_code="142")
    sea = RegionFactory(slug="south-eastern-asia", name="South-eastern Asia", parent=asia, m49_code="035")
    asean = RegionFactory(slug="asean", name="ASEAN", kind="grouping")
    thailand = CountryFactory(code="TH", region=sea)
    asean.members.add(thailand)
    protection = FocusAreaFactory(slug="protection", name="Protection")
    hotline_type = ServiceTypeFactory(slug="hotline", name="Hotline")
    survivors = PopulationFactory(slug="survivors", name="Survivors")
    source = SourceFactory(slug="doc", title="A document", text=WORLD_SOURCE_TEXT)

    polaris = OrganizationFactory(
        slug="polaris",
        name="Polaris",
        acronym="PLRS",
        founded_year=2002,
        headquarters_country=thailand,
        reference_fields=["founded_year"],
        reference_note="Founding year from the organization's own website.",
        last_verified=datetime.date(2001, 1, 1),
    )
    polaris.focus_areas.add(protection)
    unodc = OrganizationFactory(slug="unodc", name="UNODC", kind="un_body", parent=polaris, founded_year=1997)
    CitationFactory(entry=polaris, source=source, quote="Polaris is an NGO that operates a national hotline")
    CitationFactory(
        entry=polaris,
        source=source,
        quote="Polaris is an NGO",
        correction="Polaris is a nonprofit; wording kept.",
    )
    untoc = LegalInstrumentFactory(slug="untoc", name="UNTOC", adopting_body=unodc)
    untoc.custodians.add(unodc)
    protocol = LegalInstrumentFactory(
        slug="protocol", name="Palermo Protocol", supplements=untoc, adopted_year=2000, kind="protocol"
    )
    protocol.focus_areas.add(protection)
    CitationFactory(entry=protocol, source=source, quote="The Palermo Protocol supplements the Convention")
    plan = StrategyFactory(slug="asean-plan", name="ASEAN Plan", start_year=2015, end_year=2025)
    plan.lead_organizations.add(unodc)
    plan.partner_organizations.add(polaris)
    plan.implements.add(protocol)
    plan.regions.add(asean)
    national = StrategyFactory(slug="thai-plan", name="Thai Plan", scope="national", start_year=2020)
    national.countries.add(thailand)
    service = SupportServiceFactory(
        slug="helpline",
        name="Helpline",
        provider=polaris,
        phone="+18883737888",
        sms="233733",
        address=SECRET_ADDRESS,
        address_is_confidential=True,
        is_24_7=True,
    )
    service.service_types.add(hotline_type)
    service.populations.add(survivors)
    service.countries.add(thailand)

    drafts = [
        OrganizationFactory(slug="draft-org", name="Zeta Draft Org", status="draft", parent=polaris),
        LegalInstrumentFactory(
            slug="draft-instrument", name="Zeta Archived Law", status="archived", supplements=untoc
        ),
        StrategyFactory(slug="draft-strategy", name="Zeta Draft Plan", status="draft"),
        SupportServiceFactory(slug="draft-service", name="Zeta Draft Line", status="draft", provider=polaris),
    ]
    drafts[1].focus_areas.add(protection)
    drafts[2].lead_organizations.add(polaris)
    drafts[2].implements.add(protocol)
    drafts[3].service_types.add(hotline_type)
    drafts[3].phone = "555-0100"
    drafts[3].save()
    CitationFactory(entry=drafts[0], source=source, quote="ASEAN adopted a plan of action")
    return {
        "drafts": drafts,
        "source": source,
        "thailand": thailand,
        "published": dict(zip(KINDS, ["polaris", "untoc", "thai-plan", "helpline"], strict=True)),
        # One record of each page type (the browser tests visit these).
        "organization": polaris,
        "instrument": protocol,
        "strategy": plan,
        "service": service,
        "region": sea,
        "country": thailand,
        "topic": protection,
    }


# The page of every published record of the world.
DETAIL_URLS = [
    "/organizations/polaris/",
    "/organizations/unodc/",
    "/instruments/untoc/",
    "/instruments/protocol/",
    "/strategies/asean-plan/",
    "/strategies/thai-plan/",
    "/services/helpline/",
]


def page_urls():
    """Every public page of the world."""
    return [
        "/",
        "/?country=th",
        "/safety/",
        "/search/",
        "/search/?q=polaris",
        *LIST_URLS,
        *DETAIL_URLS,
        "/regions/",
        "/regions/world/",
        "/regions/asia/",
        "/regions/south-eastern-asia/",
        "/regions/asean/",
        "/countries/th/",
        "/countries/th/print/",
        "/topics/protection/",
        "/sources/",
        "/sources/doc/",
    ]


# Rows ------------------------------------------------------------------------------------


def build_rows(count):
    """``count`` linked records of every kind, all on the same taxonomy and source.

    Slugs: ``org-N``, ``instr-N``, ``strat-N``, ``svc-N`` and one ``provider`` that every
    record links to; taxonomy ``world`` > ``r`` > TH, ``protection``, ``hotline``, ``survivors``.
    """
    world = RegionFactory(slug="world", kind="world")
    region = RegionFactory(slug="r", parent=world)
    country = CountryFactory(code="TH", region=region)
    area = FocusAreaFactory(slug="protection")
    hotline = ServiceTypeFactory(slug="hotline")
    population = PopulationFactory(slug="survivors")
    source = SourceFactory(slug="doc", text="quote here and there")
    provider = OrganizationFactory(slug="provider")
    for n in range(count):
        org = OrganizationFactory(slug=f"org-{n}", parent=provider)
        org.focus_areas.add(area)
        org.countries.add(country)
        CitationFactory(entry=org, source=source, quote="quote here")
        CitationFactory(entry=provider, source=source, quote="there", correction="A note.")
        instrument = LegalInstrumentFactory(slug=f"instr-{n}", adopting_body=provider)
        instrument.custodians.add(provider)
        instrument.regions.add(region)
        strategy = StrategyFactory(slug=f"strat-{n}")
        strategy.lead_organizations.add(provider)
        strategy.implements.add(instrument)
        strategy.focus_areas.add(area)
        service = SupportServiceFactory(slug=f"svc-{n}", provider=provider, phone="123")
        service.service_types.add(hotline, ServiceTypeFactory(slug=f"type-{n % 3}"))
        service.populations.add(population)
        service.countries.add(country)


# A small seed fixture set ------------------------------------------------------------------

FIXTURE_SOURCE_TEXT = """A Source Document

The Protocol supplements the Convention against Transnational Organized Crime.
Polaris operates a national hotline.
"""

FIXTURE_SET = {
    "taxonomy/regions.json": [
        {"slug": "world", "name": "World", "kind": "world", "m49_code": "001", "parent": None, "members": []},
        {
            "slug": "south-eastern-asia",
            "name": "South-eastern Asia",
            "kind": "sub_region",
            "m49_code": "035",
            "parent": "world",
            "members": [],
        },
    ],
    "taxonomy/countries.json": [{"code": "TH", "region": "south-eastern-asia"}],
    "taxonomy/focus_areas.json": [{"slug": "protection", "name": "Protection", "position": 1}],
    "sources.json": [
        {"slug": "doc", "title": "A Source Document", "file_name": "doc.txt", "is_ai_generated": True}
    ],
    "organizations.json": [
        {
            "slug": "polaris",
            "name": "Polaris",
            "status": "published",
            "summary": "Runs a hotline.",
            "kind": "ngo",
            "focus_areas": ["protection"],
            "countries": ["TH"],
            "citations": [{"source": "doc", "quote": "Polaris operates a national\n hotline."}],
        }
    ],
    "instruments.json": [
        {
            "slug": "untoc",
            "name": "Convention",
            "status": "published",
            "summary": "The Convention.",
            "kind": "convention",
            "scope": "international",
            "adopted_on": "2000-11-15",
            "is_global": True,
            "focus_areas": ["protection"],
            "citations": [{"source": "doc", "quote": "Convention against Transnational Organized Crime"}],
        },
        {
            "slug": "protocol",
            "name": "Protocol",
            "status": "published",
            "summary": "The Protocol.",
            "kind": "protocol",
            "scope": "international",
            "supplements": "untoc",
            "adopting_body": "polaris",
            "is_global": True,
            "focus_areas": ["protection"],
            "citations": [
                {
                    "source": "doc",
                    "quote": "The Protocol supplements the Convention",
                    "field": "supplements",
                    "correction": "",
                }
            ],
        },
    ],
}


def write_fixture_set(directory, changes=None):
    """Write ``FIXTURE_SET`` (files replaced by ``changes``: path -> records or raw text)."""
    data = copy.deepcopy(FIXTURE_SET)
    data.update(changes or {})
    for path, records in data.items():
        target = directory / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(records if isinstance(records, str) else json.dumps(records), encoding="utf-8")
    (directory / "sources").mkdir(exist_ok=True)
    (directory / "sources" / "doc.txt").write_text(FIXTURE_SOURCE_TEXT, encoding="utf-8")
    return directory
