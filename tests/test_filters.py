"""The FilterSets, tested through .qs and their facet counts."""

import pytest
from django.http import QueryDict

from resources.filters import LegalInstrumentFilter, OrganizationFilter, StrategyFilter, SupportServiceFilter
from resources.models import LegalInstrument, Organization, Strategy, SupportService
from tests.factories import (
    CountryFactory,
    FocusAreaFactory,
    LegalInstrumentFactory,
    OrganizationFactory,
    PopulationFactory,
    RegionFactory,
    ServiceTypeFactory,
    StrategyFactory,
    SupportServiceFactory,
)

pytestmark = pytest.mark.django_db


def run(filterset_class, model, **params):
    query = QueryDict(mutable=True)
    query.update(params)
    return filterset_class(query, queryset=model.objects.published())


def slugs(filterset):
    assert filterset.is_valid(), filterset.errors
    return sorted(filterset.qs.values_list("slug", flat=True))


@pytest.fixture
def places():
    world = RegionFactory(slug="world", kind="world")
    asia = RegionFactory(slug="asia", kind="continent", parent=world)
    sea = RegionFactory(slug="sea", parent=asia)
    europe = RegionFactory(slug="europe", kind="continent", parent=world)
    asean = RegionFactory(slug="asean", kind="grouping")
    thailand = CountryFactory(code="TH", region=sea)
    sweden = CountryFactory(code="SE", region=europe)
    asean.members.add(thailand)
    return {"asia": asia, "sea": sea, "europe": europe, "asean": asean, "TH": thailand, "SE": sweden}


def test_region_includes_sub_regions_and_their_countries(places):
    StrategyFactory(slug="on-asia").regions.add(places["asia"])
    StrategyFactory(slug="on-sea").regions.add(places["sea"])
    StrategyFactory(slug="on-thailand").countries.add(places["TH"])
    StrategyFactory(slug="on-sweden").countries.add(places["SE"])
    StrategyFactory(slug="global")
    assert slugs(run(StrategyFilter, Strategy, region="asia")) == ["on-asia", "on-sea", "on-thailand"]
    assert slugs(run(StrategyFilter, Strategy, region="sea")) == ["on-sea", "on-thailand"]
    assert slugs(run(StrategyFilter, Strategy, region="asean")) == ["on-thailand"]


def test_country_includes_regional_and_global_coverage(places):
    StrategyFactory(slug="national").countries.add(places["TH"])
    StrategyFactory(slug="continental").regions.add(places["asia"])
    StrategyFactory(slug="grouping").regions.add(places["asean"])
    StrategyFactory(slug="global")
    StrategyFactory(slug="elsewhere").countries.add(places["SE"])
    StrategyFactory(slug="draft", status="draft")
    for code in ("TH", "th"):
        filterset = run(StrategyFilter, Strategy, country=code)
        assert slugs(filterset) == ["continental", "global", "grouping", "national"]
    coverage = dict(run(StrategyFilter, Strategy, country="TH").qs.values_list("slug", "coverage"))
    assert coverage == {
        "national": "national",
        "continental": "regional",
        "grouping": "regional",
        "global": "global",
    }


def test_year_ranges():
    LegalInstrumentFactory(slug="old", adopted_year=1950)
    LegalInstrumentFactory(slug="mid", adopted_year=2000)
    LegalInstrumentFactory(slug="new", adopted_year=2020)
    assert slugs(run(LegalInstrumentFilter, LegalInstrument, year_min="1990", year_max="2010")) == ["mid"]
    assert slugs(run(LegalInstrumentFilter, LegalInstrument, year_min="2000")) == ["mid", "new"]
    OrganizationFactory(slug="victorian", founded_year=1839)
    OrganizationFactory(slug="modern", founded_year=2002)
    assert slugs(run(OrganizationFilter, Organization, year_max="1900")) == ["victorian"]
    # Strategies: the period overlaps the range; no end year means still running.
    StrategyFactory(slug="ended", start_year=2000, end_year=2005)
    StrategyFactory(slug="running", start_year=2015)
    StrategyFactory(slug="later", start_year=2030, end_year=2035)
    assert slugs(run(StrategyFilter, Strategy, year_min="2010", year_max="2020")) == ["running"]
    assert slugs(run(StrategyFilter, Strategy, year_min="2003", year_max="2004")) == ["ended"]


@pytest.mark.parametrize(
    "params",
    [
        {"year_min": "abc"},
        {"year_min": "99999999999999999999"},
        {"year_max": "1799"},
        {"year_min": "2010", "year_max": "2000"},
        {"region": "atlantis"},
        {"region": "a" * 10_000},
        {"country": "ZZ"},
        {"country": "T\x00"},
        {"focus_area": "nope"},
        {"kind": "spaceship"},
        {"q": "\x00"},
        {"ordering": "password"},
        {"ordering": "-seed_digest"},
    ],
)
def test_invalid_values_are_form_errors(params):
    filterset = run(LegalInstrumentFilter, LegalInstrument, **params)
    assert not filterset.is_valid()
    assert filterset.errors
    assert filterset.facet_counts() == []


def test_service_filters():
    hotline, shelter = ServiceTypeFactory(slug="hotline"), ServiceTypeFactory(slug="shelter")
    children = PopulationFactory(slug="children")
    provider = OrganizationFactory(slug="provider")
    draft_provider = OrganizationFactory(slug="hidden", status="draft")
    one = SupportServiceFactory(slug="one", provider=provider)
    one.service_types.add(hotline, shelter)
    one.populations.add(children)
    SupportServiceFactory(slug="two", provider=draft_provider).service_types.add(shelter)
    assert slugs(run(SupportServiceFilter, SupportService, service_type="shelter")) == ["one", "two"]
    assert slugs(run(SupportServiceFilter, SupportService, population="children")) == ["one"]
    assert slugs(run(SupportServiceFilter, SupportService, provider="provider")) == ["one"]
    assert not run(SupportServiceFilter, SupportService, provider="hidden").is_valid()


def test_search_and_ordering():
    OrganizationFactory(slug="a", name="Alpha", summary="Hotline work.")
    OrganizationFactory(slug="b", name="Hotline Network", founded_year=1990)
    OrganizationFactory(slug="c", name="Gamma", description="Runs a hotline.")
    filterset = run(OrganizationFilter, Organization, q="hotline")
    assert filterset.is_valid()
    assert list(filterset.qs.values_list("slug", flat=True)) == ["b", "a", "c"]  # name, summary, description
    ordered = run(OrganizationFilter, Organization, ordering="-name")
    assert list(ordered.qs.values_list("slug", flat=True)) == ["b", "c", "a"]


def test_facet_counts_apply_the_other_filters(places, django_assert_num_queries):
    protection, prevention = FocusAreaFactory(slug="protection"), FocusAreaFactory(slug="prevention")
    ngo_th = OrganizationFactory(slug="ngo-th", kind="ngo")
    ngo_th.countries.add(places["TH"])
    ngo_th.focus_areas.add(protection, prevention)
    ngo_se = OrganizationFactory(slug="ngo-se", kind="ngo")
    ngo_se.countries.add(places["SE"])
    ngo_se.focus_areas.add(protection)
    un = OrganizationFactory(slug="un", kind="un_body")  # global
    un.focus_areas.add(protection)
    OrganizationFactory(slug="draft", kind="foundation", status="draft").focus_areas.add(prevention)

    filterset = run(OrganizationFilter, Organization, country="TH", kind="ngo")
    assert slugs(filterset) == ["ngo-th"]
    # The facet in use (kind) counted on its own, the other (focus area) under both
    # filters, and the focus areas' names.
    with django_assert_num_queries(3):
        facets = {facet.name: values for facet, values in filterset.facet_counts()}
    # Kind counts ignore the kind filter but keep the country: ngo-th and the global un.
    assert {(v.value, v.count, v.selected) for v in facets["kind"]} == {
        ("ngo", 1, True),
        ("un_body", 1, False),
    }
    # Focus-area counts keep both filters.
    assert {(v.value, v.count) for v in facets["focus_area"]} == {("protection", 1), ("prevention", 1)}

    # With no facet in use, one grouped query counts both; and the names.
    with django_assert_num_queries(2):
        everything = {f.name: v for f, v in run(OrganizationFilter, Organization).facet_counts()}
    assert {(v.value, v.count) for v in everything["focus_area"]} == {("protection", 3), ("prevention", 1)}
    assert "foundation" not in {v.value for v in everything["kind"]}  # the draft is not counted


def test_provider_facet_offers_the_busiest_published_providers_only(monkeypatch):
    busy, quiet, idle = (OrganizationFactory(slug=s, name=s.title()) for s in ("busy", "quiet", "idle"))
    hidden = OrganizationFactory(slug="hidden", status="draft")
    for provider, services in ((busy, 3), (quiet, 2), (idle, 1), (hidden, 4)):
        for _ in range(services):
            SupportServiceFactory(provider=provider)
    facet = next(f for f in SupportServiceFilter.facets if f.name == "provider")
    limited = type(facet)(**{**facet.__dict__, "limit": 2})
    monkeypatch.setattr(SupportServiceFilter, "facets", (limited,))

    def offered(**params):
        facets = dict(run(SupportServiceFilter, SupportService, **params).facet_counts())
        return [(v.value, v.count, v.selected) for v in facets[limited]]

    assert offered() == [("busy", 3, False), ("quiet", 2, False)]
    # The selected provider is shown even when it is not among the busiest.
    assert offered(provider="idle") == [("busy", 3, False), ("quiet", 2, False), ("idle", 1, True)]


def test_provider_facet_is_counted_over_a_short_enough_list_only(monkeypatch, client, places):
    busy = OrganizationFactory(slug="busy", name="Busy")
    for _ in range(3):
        SupportServiceFactory(provider=busy).countries.add(places["SE"])
    SupportServiceFactory(provider=busy).countries.add(places["TH"])
    facet = next(f for f in SupportServiceFilter.facets if f.name == "provider")
    few = type(facet)(**{**facet.__dict__, "most": 2})
    monkeypatch.setattr(SupportServiceFilter, "facets", (few,))

    def offered(**params):
        filterset = run(SupportServiceFilter, SupportService, **params)
        values = dict(filterset.facet_counts())[few]
        return [(v.value, v.count, v.selected) for v in values], filterset.uncounted

    # Four services to count them over: more than two, so not counted, and the page says why.
    assert offered() == ([], {"provider"})
    assert offered(provider="busy") == ([("busy", None, True)], {"provider"})
    page = client.get("/services/").content.decode()
    assert "narrow the results to 2 or fewer to choose among them" in page
    # One in Thailand: counted.
    assert offered(country="TH") == ([("busy", 1, False)], set())
