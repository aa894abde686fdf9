"""The explore views: timeline, world coverage map, region-by-focus-area matrix, relationship diagram.

Every SVG parses as XML; every link in a visual leads to a page that answers 200; every
count equals what the database says (``covering()``, ``in_region()`` and the list pages
the counts link to); unpublished records appear nowhere; query counts are pinned.
"""

import datetime
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest

from resources.models import ENTRY_MODELS, Country, FocusArea, LegalInstrument, Region
from resources.querysets import Coverage
from resources.readmodel.counts import coverage_by_country, region_focus_counts
from resources.visuals.scale import bands, shade
from resources.visuals.worldmap import outlines
from tests.factories import (
    CountryFactory,
    FocusAreaFactory,
    LegalInstrumentFactory,
    OrganizationFactory,
    RegionFactory,
    StrategyFactory,
    SupportServiceFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("atlas")]

SVG = "http://www.w3.org/2000/svg"
SVG_RE = re.compile(r"<svg\b.*?</svg>", re.S)
SECTION_RE = re.compile(r'<section class="visual" id="(\w+)".*?</section>', re.S)
CELL_LINK_RE = re.compile(r'<td class="(?:shade-\d|total)"><a href="([^"]+)" aria-label="[^"]*">(\d+)</a>')
COUNT_RE = re.compile(r'<p class="count" role="status">(\d+) record')


@pytest.fixture(scope="module")
def _atlas(shared_data):
    with shared_data(build_atlas) as atlas:
        yield atlas


@pytest.fixture
def atlas(_atlas, db):
    """``build_atlas()``, built once for the module."""
    return _atlas


def build_atlas():
    """Places, topics, and published entries of every kind and coverage, with drafts linked in.

    The visuals' own data set: a map and a matrix need several countries, regions and
    groupings, more than ``tests.builders.build_world()`` holds."""
    world = RegionFactory(slug="world", name="World", kind="world", m49_code="001")
    europe = RegionFactory(slug="europe", name="Europe", kind="continent", parent=world, m49_code="150")
    west = RegionFactory(slug="western-europe", name="Western Europe", parent=europe, m49_code="155")
    north = RegionFactory(slug="northern-europe", name="Northern Europe", parent=europe, m49_code="154")
    asia = RegionFactory(slug="asia", name="Asia", kind="continent", parent=world, m49_code="142")
    sea = RegionFactory(slug="south-eastern-asia", name="South-eastern Asia", parent=asia, m49_code="035")
    eu = RegionFactory(slug="eu", name="European Union", kind="grouping")
    asean = RegionFactory(slug="asean", name="ASEAN", kind="grouping")
    france = CountryFactory(code="FR", region=west)
    germany = CountryFactory(code="DE", region=west)
    sweden = CountryFactory(code="SE", region=north)
    norway = CountryFactory(code="NO", region=north)
    thailand = CountryFactory(code="TH", region=sea)
    CountryFactory(code="SG", region=sea)  # too small for the 1:110m outlines: in the table only
    eu.members.add(france, germany, sweden)
    asean.members.add(thailand)
    areas = {
        slug: FocusAreaFactory(slug=slug, name=slug.capitalize(), position=i)
        for i, slug in enumerate(["prevention", "protection", "prosecution", "partnership"])
    }

    unodc = OrganizationFactory(slug="unodc", name="UNODC", kind="un_body")  # global
    unodc.focus_areas.add(areas["prosecution"], areas["partnership"])
    eurojust = OrganizationFactory(slug="eurojust", name="Eurojust", parent=unodc)
    eurojust.regions.add(eu)
    eurojust.focus_areas.add(areas["prosecution"])
    french_ngo = OrganizationFactory(slug="french-ngo", name="French NGO", kind="ngo", parent=unodc)
    french_ngo.countries.add(france)
    french_ngo.regions.add(west)  # names its country too: national there, regional elsewhere
    french_ngo.focus_areas.add(areas["protection"])
    untoc = LegalInstrumentFactory(
        slug="untoc",
        name="UN Convention against Transnational Organized Crime",
        adopted_year=2000,
        entry_into_force_year=2003,
        adopting_body=unodc,
        kind="convention",
    )
    untoc.custodians.add(unodc)
    protocol = LegalInstrumentFactory(
        slug="protocol",
        name="Palermo Protocol",
        adopted_on=datetime.date(2000, 11, 15),
        adopted_year=2000,
        entry_into_force_year=2003,
        supplements=untoc,
        kind="protocol",
    )
    protocol.focus_areas.add(areas["prevention"], areas["protection"], areas["prosecution"])
    directive = LegalInstrumentFactory(
        slug="eu-directive", name="EU Directive", adopted_year=2011, kind="directive", scope="regional"
    )
    directive.regions.add(eu)
    directive.focus_areas.add(areas["protection"])
    LegalInstrumentFactory(
        slug="undated-law", name="Undated Law", kind="national_law", scope="national", adopted_year=None
    )
    plan = StrategyFactory(slug="asean-plan", name="ASEAN Plan", start_year=2015)
    plan.regions.add(asean)
    plan.lead_organizations.add(unodc)
    plan.implements.add(protocol)
    plan.focus_areas.add(areas["partnership"], areas["prevention"])
    nordic = StrategyFactory(slug="nordic-plan", name="Nordic Plan", scope="regional")
    nordic.countries.add(sweden, norway)
    nordic.focus_areas.add(areas["prevention"])
    hotline = SupportServiceFactory(slug="thai-hotline", name="Thai Hotline", provider=french_ngo)
    hotline.countries.add(thailand)
    hotline.focus_areas.add(areas["protection"])

    drafts = [
        OrganizationFactory(slug="draft-org", name="Zeta Draft Org", status="draft", parent=unodc),
        LegalInstrumentFactory(
            slug="draft-law",
            name="Zeta Archived Law",
            status="archived",
            supplements=untoc,
            adopted_year=1990,
            adopting_body=unodc,
        ),
        StrategyFactory(slug="draft-plan", name="Zeta Draft Plan", status="draft"),
        SupportServiceFactory(slug="draft-line", name="Zeta Draft Line", status="draft", provider=unodc),
    ]
    drafts[0].countries.add(norway)
    drafts[1].regions.add(eu)
    drafts[1].focus_areas.add(areas["protection"])
    drafts[2].lead_organizations.add(unodc)
    drafts[2].implements.add(protocol)
    drafts[2].countries.add(france)
    drafts[3].focus_areas.add(areas["protection"])
    return {"drafts": drafts, "areas": areas, "france": france, "eu": eu, "unodc": unodc}


def text(response):
    return response.content.decode()


def svgs(html):
    """Every inline SVG in the page, parsed: a malformed one fails here."""
    return [ET.fromstring(svg) for svg in SVG_RE.findall(html)]


def svg_links(svg):
    return [a.get("href") for a in svg.iter(f"{{{SVG}}}a")]


def visual_hrefs(html):
    """Every link inside the visual sections (SVG and tables), unescaped."""
    hrefs = []
    for match in SECTION_RE.finditer(html):
        hrefs += [unescape(h) for h in re.findall(r'href="([^"#]+)', match.group(0))]
    return hrefs


def listed_count(client, href):
    response = client.get(href)
    assert response.status_code == 200, href
    return int(COUNT_RE.search(text(response)).group(1))


EXPLORE_URLS = [
    "/explore/",
    "/explore/map/",
    "/explore/map/?layer=national",
    "/explore/map/?layer=regional",
    "/explore/matrix/",
    *(f"/explore/{v}/?of={k}" for v in ("map", "matrix") for k in ("organization", "instrument")),
    *(f"/explore/{v}/?of={k}" for v in ("map", "matrix") for k in ("strategy", "service")),
    "/explore/map/?of=instrument&scope=regional&focus_area=protection",
    "/explore/matrix/?of=organization&q=o&country=fr&kind=ngo",
]
LIST_URLS = ["/organizations/", "/instruments/", "/strategies/", "/services/", "/instruments/?kind=protocol"]
DETAIL_URLS = [
    "/organizations/unodc/",
    "/organizations/french-ngo/",
    "/instruments/untoc/",
    "/instruments/protocol/",
    "/strategies/asean-plan/",
    "/services/thai-hotline/",
]
PAGES = ["/", *EXPLORE_URLS, *LIST_URLS, *DETAIL_URLS]


# The map's outlines and the shade scale -----------------------------------------------


def test_outlines_are_projected_once_and_name_iso_countries():
    first, second = outlines(), outlines()
    assert first is second  # cached per process
    assert 150 < len(first.shapes) < 200 and first.width == 960 and 350 < first.height < 500
    codes = {shape.code for shape in first.shapes}
    assert {"FR", "TH", "BR", "US", "RU", "AU", "FJ"} <= codes
    assert "AQ" not in codes  # Antarctica is left out
    for shape in first.shapes:
        assert re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]+z)+", shape.path), shape.name
        numbers = [int(n) for n in re.findall(r"-?\d+", shape.path.split("l")[0])]
        assert 0 <= numbers[0] <= first.width and 0 <= numbers[1] <= first.height, shape.name


def test_bands_spread_to_the_darkest_shade():
    assert bands(0) == []
    assert [(b.low, b.high, b.shade) for b in bands(1)] == [(1, 1, 5)]
    assert [b.label for b in bands(3)] == ["1", "2", "3"]
    assert [b.label for b in bands(12)] == [
        "1\N{EN DASH}3",
        "4\N{EN DASH}6",
        "7\N{EN DASH}9",
        "10\N{EN DASH}12",
    ]
    ranges = bands(23)
    assert ranges[-1].high == 23 and ranges[-1].shade == 5
    assert shade(0, ranges) == 0 and shade(23, ranges) == 5 and shade(1, ranges) == 1


# Counts against the database ---------------------------------------------------------


def test_country_counts_match_covering(atlas):
    published = [model.objects.published() for model in ENTRY_MODELS]
    coverage = coverage_by_country(published)
    assert len(coverage) == Country.objects.count()
    for country in Country.objects.all():
        expected = {Coverage.NATIONAL: 0, Coverage.REGIONAL: 0, Coverage.GLOBAL: 0}
        for queryset in published:
            for entry in queryset.covering(country):
                expected[entry.coverage] += 1
        item = coverage[country.pk]
        got = {
            Coverage.NATIONAL: item.national,
            Coverage.REGIONAL: item.regional,
            Coverage.GLOBAL: item.global_,
        }
        assert got == expected, country.code
    france = coverage[atlas["france"].pk]
    # French NGO (national), Eurojust and the EU directive (regional), UNODC, UNTOC, the
    # protocol and the undated law (global); no draft.
    assert (france.national, france.regional, france.global_) == (1, 2, 4)


def test_matrix_counts_match_in_region(atlas):
    published = [model.objects.published() for model in ENTRY_MODELS]
    counts = region_focus_counts(published)
    for region in Region.objects.all():
        total = sum(q.in_region(region).count() for q in published)
        assert counts.region_totals.get(region.pk, 0) == total, region.slug
        for area in FocusArea.objects.all():
            expected = sum(q.in_region(region).filter(focus_areas=area).count() for q in published)
            assert counts.cells.get((region.pk, area.slug), 0) == expected, (region.slug, area.slug)
    global_entries = [
        e
        for q in published
        for e in q.prefetch_related("regions", "countries")
        if not e.regions.all() and not e.countries.all()
    ]
    assert counts.global_total == len(global_entries) == 4


# Pages ----------------------------------------------------------------------------------


def test_every_visual_page_renders_valid_svg(atlas, client):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        html = text(response)
        for svg in svgs(html):
            assert svg.tag == f"{{{SVG}}}svg", url
            if svg.get("aria-hidden") == "true":  # a legend's key
                assert not svg_links(svg), url
                continue
            assert svg.get("role") == "group" and svg.get("aria-labelledby"), url
            title = svg.find(f"{{{SVG}}}title")
            assert title is not None and title.get("id") == svg.get("aria-labelledby"), url
            for link in svg.iter(f"{{{SVG}}}a"):
                assert link.get("aria-label"), (url, link.get("href"))
        assert "style=" not in html, url  # the CSP allows no inline style


def test_visuals_are_where_they_belong(atlas, client):
    home = text(client.get("/"))
    assert 'id="timeline"' in home and 'href="/explore/"' in home
    for url in LIST_URLS:
        html = text(client.get(url))
        # A list links to its map and matrix (drawing them costs more than the list itself).
        assert 'id="map"' not in html and 'id="matrix"' not in html and 'href="/explore/"' in html, url
        assert 'href="/explore/map/?' in html and 'href="/explore/matrix/?' in html, url
        assert ('id="timeline"' in html) == url.startswith("/instruments/"), url
    for url in DETAIL_URLS:
        assert 'id="links"' in text(client.get(url)), url
    # A record that links to nothing published has no diagram.
    lonely = OrganizationFactory(slug="lonely", name="Lonely")
    assert 'id="links"' not in text(client.get(lonely.get_absolute_url()))


@pytest.mark.slow
def test_every_link_in_a_visual_answers(atlas, client):
    seen = set()
    for url in PAGES:
        html = text(client.get(url))
        for svg in svgs(html):
            for href in svg_links(svg):
                assert href.startswith("/"), (url, href)
        for href in visual_hrefs(html):
            if href in seen:
                continue
            seen.add(href)
            assert client.get(href).status_code == 200, (url, href)
    assert any(h.startswith("/countries/") for h in seen) and any("focus_area=" in h for h in seen)


def test_unpublished_records_appear_in_no_visual(atlas, client):
    for url in PAGES:
        html = text(client.get(url))
        for draft in atlas["drafts"]:
            assert draft.name not in html, (url, draft.name)
            assert draft.get_absolute_url() not in html, (url, draft.slug)


def test_timeline_marks_every_dated_instrument(atlas, client):
    html = text(client.get("/instruments/"))
    (svg,) = [s for s in svgs(html) if "timeline" in s.get("class")]
    dated = LegalInstrument.objects.published().exclude(adopted_year=None, entry_into_force_year=None)
    assert sorted(svg_links(svg)) == sorted(i.get_absolute_url() for i in dated)
    assert len(svg.findall(f".//{{{SVG}}}circle")) == dated.exclude(adopted_year=None).count()
    assert "/instruments/undated-law/" not in svg_links(svg)
    labels = [a.get("aria-label") for a in svg.iter(f"{{{SVG}}}a")]
    assert "Palermo Protocol: adopted 15 November 2000, entered into force 2003" in labels
    assert "EU Directive: adopted 2011, entry into force not recorded" in labels
    # In order of adoption, and the same rows in the table.
    assert svg_links(svg)[-1] == "/instruments/eu-directive/"
    assert "<td>15 November 2000</td>" in html and "<td>Not recorded</td>" in html
    # Filtered with the list.
    filtered = text(client.get("/instruments/?kind=protocol"))
    (svg,) = [s for s in svgs(filtered) if "timeline" in s.get("class")]
    assert svg_links(svg) == ["/instruments/protocol/"]


def test_map_shades_and_links_each_country(atlas, client):
    html = text(client.get("/explore/map/"))
    (svg,) = svgs(html)
    links = svg_links(svg)
    # Countries of the directory that the outlines draw link to their pages; others are unlinked.
    assert sorted(links) == sorted(f"/countries/{c}/" for c in ("de", "fr", "no", "se", "th"))
    france = next(a for a in svg.iter(f"{{{SVG}}}a") if a.get("href") == "/countries/fr/")
    assert france.get("aria-label") == "France: 7 entries apply (1 national, 2 regional, 4 global)"
    # Singapore is too small to draw but is in the table, with Norway's figures beside it.
    assert 'href="/countries/sg/">Singapore</a></th><td>0</td><td>0</td><td>4</td><td>4</td>' in html
    assert 'href="/countries/no/">Norway</a></th><td>1</td><td>0</td><td>4</td><td>5</td>' in html
    # Layers: national only shades France, Norway and Sweden (the Nordic plan), Thailand.
    national = svgs(text(client.get("/explore/map/?layer=national")))[0]
    shaded = {a.get("href") for a in national.iter(f"{{{SVG}}}a") if "shade-0" not in a[0].get("class")}
    assert shaded == {"/countries/fr/", "/countries/no/", "/countries/se/", "/countries/th/"}


def test_map_of_one_kind_links_to_its_filtered_list_with_matching_counts(atlas, client):
    url = "/explore/map/?of=instrument&focus_area=protection"
    html = text(client.get(url))
    assert 'href="/instruments/?focus_area=protection"' in html  # back to the list
    (svg,) = svgs(html)
    for link in svg.iter(f"{{{SVG}}}a"):
        href = link.get("href")
        assert href.startswith("/instruments/?") and "country=" in href and "of=" not in href
        total = int(re.search(r": (\d+) legal instruments apply", link.get("aria-label")).group(1))
        assert listed_count(client, href) == total, href


def test_list_page_map_and_matrix_follow_its_filters(atlas, client):
    html = text(client.get("/instruments/?scope=regional&page=1"))
    links = {unescape(h) for h in re.findall(r'href="(/explore/(?:map|matrix)/\?[^"]+)"', html)}
    assert links == {
        "/explore/map/?scope=regional&of=instrument",
        "/explore/matrix/?scope=regional&of=instrument",
    }
    html = text(client.get("/explore/map/?scope=regional&of=instrument"))
    (svg,) = [s for s in svgs(html) if "worldmap" in s.get("class")]
    labels = {a.get("href"): a.get("aria-label") for a in svg.iter(f"{{{SVG}}}a")}
    assert labels["/instruments/?scope=regional&country=fr"].startswith("France: 1 legal instruments apply")
    assert labels["/instruments/?scope=regional&country=th"].startswith("Thailand: 0 legal")
    # The matrix leaves out its own filters (region, focus area) and keeps the others.
    html = text(client.get("/explore/matrix/?scope=regional&of=instrument"))
    matrix = SECTION_RE.search(html[html.index('id="matrix"') - 30 :]).group(0)
    cell_links = [unescape(h) for h in re.findall(r'<td class="shade-\d"><a href="([^"]+)"', matrix)]
    assert cell_links and all("scope=regional" in h and "region=" in h for h in cell_links)


@pytest.mark.slow
def test_matrix_cells_count_what_their_lists_show(atlas, client):
    for kind in ("organization", "instrument", "strategy", "service"):
        html = text(client.get(f"/explore/matrix/?of={kind}"))
        cells = re.findall(CELL_LINK_RE, html)
        assert len(cells) == Region.objects.count() * 5, kind
        for href, count in cells:
            assert listed_count(client, unescape(href)) == int(count), (kind, href)


def test_matrix_of_all_kinds_has_plain_counts(atlas, client):
    html = text(client.get("/explore/matrix/"))
    assert '<td class="shade-' in html and "?region=" not in html
    eu = re.search(r'href="/regions/eu/">European Union</a></th>(.*?)</tr>', html).group(1)
    # Prevention, protection, prosecution, partnership, any: Eurojust, the directive, French NGO
    # (via France), the Nordic plan (via Sweden).
    assert re.findall(r">(\d+)</td>", eu) == ["1", "2", "1", "0", "4"]
    assert "Global (no region or country named)" in html


def test_relationship_diagram_shows_published_links_both_ways(atlas, client):
    html = text(client.get("/instruments/untoc/"))
    (svg,) = svgs(html)
    labels = {a.get("aria-label"): a.get("href") for a in svg.iter(f"{{{SVG}}}a")}
    assert labels == {
        "Adopted by: UNODC": "/organizations/unodc/",
        "Promoted or monitored by: UNODC": "/organizations/unodc/",
        "Supplemented by: Palermo Protocol": "/instruments/protocol/",
    }
    protocol_svg = svgs(text(client.get("/instruments/protocol/")))[0]
    protocol = {a.get("aria-label") for a in protocol_svg.iter(f"{{{SVG}}}a")}
    assert protocol == {
        "Supplements: UN Convention against Transnational Organized Crime",
        "Implemented by: ASEAN Plan",
    }
    service = svgs(text(client.get("/services/thai-hotline/")))[0]
    assert svg_links(service) == ["/organizations/french-ngo/"]
    unodc = svgs(text(client.get("/organizations/unodc/")))[0]
    assert set(svg_links(unodc)) == {
        "/organizations/eurojust/",
        "/organizations/french-ngo/",
        "/instruments/untoc/",
        "/strategies/asean-plan/",
    }


def test_a_long_relation_is_cut_short_in_the_diagram_and_listed_in_full(atlas, client):
    unodc = atlas["unodc"]
    for n in range(9):
        OrganizationFactory(slug=f"part-{n}", name=f"Part {n}", parent=unodc)
    html = text(client.get("/organizations/unodc/"))
    svg = svgs(html)[0]
    parts = [h for h in svg_links(svg) if h.startswith("/organizations/")]
    assert len(parts) == 6 and "and 5 more" in html
    assert all(f'href="/organizations/part-{n}/"' in html for n in range(9))


def test_bad_input_to_the_explore_pages(atlas, client):
    assert client.get("/explore/map/?of=nothing").status_code == 404
    response = client.get("/explore/map/?of=instrument&year_min=abc")
    assert response.status_code == 400 and "Some filters could not be used" in text(response)
    assert client.get("/explore/matrix/?of=service&country=ZZ").status_code == 400
    assert client.get("/explore/map/?layer=%00<script>").status_code == 200


def test_no_cookies_and_no_outside_assets(atlas, client):
    for url in EXPLORE_URLS:
        response = client.get(url)
        assert not response.cookies, url
        # The page's alternates in other languages are on this host.
        here = text(response).replace("http://testserver/", "")
        assert "http://" not in here.replace("http://www.w3.org/2000/svg", ""), url
        assert "https://" not in here.replace("https://www.bbc.com/weather", ""), url


def test_the_timeline_is_bounded_and_says_so(client, monkeypatch):
    from resources.visuals import timeline as timeline_module

    monkeypatch.setattr(timeline_module, "LIMIT", 2)
    LegalInstrument.objects.update(status="archived")  # the atlas's own: only these three are public
    national = LegalInstrumentFactory(name="National Act", scope="national", adopted_year=1990)
    first = LegalInstrumentFactory(name="First Convention", scope="international", adopted_year=2005)
    second = LegalInstrumentFactory(name="Second Convention", scope="international", adopted_year=2000)
    for url in ("/", "/instruments/"):
        content = client.get(url).content.decode()
        timeline = content[content.index('id="timeline"') : content.index("</figure>")]
        assert second.name in timeline and first.name in timeline
        assert national.name not in timeline
        assert "The list holds them all." in content
