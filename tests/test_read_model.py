"""The read model (resources/models/public.py) follows every write and equals a rebuild.

Random sequences of writes (create, edit, relink, publish and unpublish, delete, rename,
re-tag regions and a grouping's members) are made through the ORM as the admin, the seed
and suggestions make them; after each one the read model, kept up to date write by
write, must equal the one ``rebuild()`` makes from scratch.
"""

import contextlib
import datetime
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Max, ProtectedError
from django.http import QueryDict

from resources import kinds, selectors
from resources.models import (
    Country,
    FocusArea,
    LegalInstrument,
    Organization,
    Population,
    PublicEntry,
    PublicPlace,
    PublicRegion,
    PublicTerm,
    RecordTranslation,
    Region,
    SearchWord,
    ServiceType,
    Strategy,
    SupportService,
)
from resources.querysets import Coverage
from resources.readmodel import changes, maintenance, search, tallies
from tests.admin_forms import admin_url, form_data
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
    make_publishable,
)
from tests.read_model_checks import (
    assert_fts_consistent,
    expected_snapshot,
    lock_queries,
    read_model_schema,
    snapshot,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def geography():
    world = RegionFactory(slug="world", name="World", kind=Region.Kind.WORLD)
    asia = RegionFactory(slug="asia", name="Asia", kind=Region.Kind.CONTINENT, parent=world)
    south_east = RegionFactory(slug="south-eastern-asia", name="South-eastern Asia", parent=asia)
    europe = RegionFactory(slug="europe", name="Europe", kind=Region.Kind.CONTINENT, parent=world)
    west = RegionFactory(slug="western-europe", name="Western Europe", parent=europe)
    countries = [
        CountryFactory(code="TH", region=south_east),
        CountryFactory(code="VN", region=south_east),
        CountryFactory(code="FR", region=west),
        CountryFactory(code="DE", region=west),
    ]
    asean = RegionFactory(slug="asean", name="ASEAN", kind=Region.Kind.GROUPING)
    asean.members.set(countries[:2])
    eu = RegionFactory(slug="eu", name="European Union", kind=Region.Kind.GROUPING)
    eu.members.set(countries[2:])
    return {
        "regions": [world, asia, south_east, europe, west, asean, eu],
        "countries": countries,
        "groupings": [asean, eu],
        "areas": [
            FocusAreaFactory(slug=s, name=s.title()) for s in ("protection", "prevention", "prosecution")
        ],
        "types": [ServiceTypeFactory(slug=s, name=s.title()) for s in ("hotline", "shelter")],
        "populations": [PopulationFactory(slug=s, name=s.title()) for s in ("children", "survivors")],
    }


FACTORIES = {
    Organization: OrganizationFactory,
    LegalInstrument: LegalInstrumentFactory,
    Strategy: StrategyFactory,
    SupportService: SupportServiceFactory,
}
STATUSES = ["published", "published", "draft", "archived"]


class Writer:
    """One random write at a time, through the ORM."""

    def __init__(self, rng, geography):
        self.rng, self.geo = rng, geography
        self.number = 0

    def some(self, items, most=2):
        return self.rng.sample(items, self.rng.randint(0, min(most, len(items))))

    def entries(self, model=None):
        models = [model] if model else list(FACTORIES)
        return [e for m in models for e in m.objects.all()]

    def create(self):
        model = self.rng.choice(list(FACTORIES))
        self.number += 1
        extra = {}
        organizations = list(Organization.objects.all())
        if model is SupportService and organizations:
            extra["provider"] = self.rng.choice(organizations)
        entry = FACTORIES[model](
            name=f"Entry {self.number} labor counseling",
            slug=f"written-{self.number}",
            status=self.rng.choice(STATUSES),
            **extra,
        )
        self.relink(entry)

    def relink(self, entry=None):
        entry = entry or self.rng.choice(self.entries() or [None])
        if entry is None:
            return
        entry.countries.set(self.some(self.geo["countries"]))
        entry.regions.set(self.some(self.geo["regions"], 2))
        entry.focus_areas.set(self.some(list(FocusArea.objects.all())))
        if isinstance(entry, SupportService):
            entry.service_types.set(self.some(list(ServiceType.objects.all())))
            entry.populations.set(self.some(list(Population.objects.all())))
        if isinstance(entry, Strategy):
            entry.lead_organizations.set(self.some(list(Organization.objects.all())))

    def edit(self):
        for entry in self.some(self.entries(), 1):
            entry.summary = f"Now about {self.rng.choice(['shelter', 'forced labour', 'hotline'])}."
            entry.description = self.rng.choice(["", "Works in Thailand.", "Organizes training."])
            entry.save()

    def publish_or_not(self):
        for entry in self.some(self.entries(), 1):
            entry.status = self.rng.choice(STATUSES)
            entry.save()

    def rename(self):
        for entry in self.some(self.entries(), 1):
            self.number += 1
            entry.name = f"Renamed {self.number}"
            entry.slug = f"renamed-{self.number}"
            entry.save()

    def delete(self):
        for entry in self.some(self.entries(), 1):
            # An organization still providing a service or adopting an instrument stays.
            with contextlib.suppress(ProtectedError):
                entry.delete()

    def translate(self):
        """Add, change or remove a translation of an entry (its search text in that language)."""
        for entry in self.some(self.entries(), 1):
            language = self.rng.choice(["es", "zh-hans", "ru"])
            existing = entry.translations.filter(language=language).first()
            if existing is not None and self.rng.random() < 0.3:
                existing.delete()
                continue
            self.number += 1
            translation = existing or RecordTranslation(record=entry, language=language)
            translation.translated_by = "Editors"
            translation.name = f"Nombre {self.number} 人口贩运"
            translation.summary = self.rng.choice(["Trata de personas.", "Торговля людьми.", "强迫劳动"])
            translation.save()

    def retag_grouping(self):
        grouping = self.rng.choice(self.geo["groupings"])
        grouping.members.set(self.some(self.geo["countries"], 3))

    def terms(self):
        return [*FocusArea.objects.all(), *ServiceType.objects.all(), *Population.objects.all()]

    def rename_term(self):
        for term in self.some(self.terms(), 1):
            self.number += 1
            term.name = f"Term {self.number}"
            term.slug = f"term-{self.number}"
            term.save()

    def delete_term(self):
        for term in self.some(self.terms(), 1):
            term.delete()

    def step(self):
        operation = self.rng.choices(
            [
                self.create,
                self.relink,
                self.edit,
                self.publish_or_not,
                self.rename,
                self.delete,
                self.retag_grouping,
                self.rename_term,
                self.delete_term,
                self.translate,
            ],
            weights=[5, 3, 2, 3, 2, 2, 1, 2, 1, 2],
        )[0]
        operation()
        return operation.__name__


def seeds(count):
    """Seeds of the random write sequences: the first in the fast loop, the others (the
    same property over other sequences) marked slow, for ``make test`` and CI."""
    return [1, *(pytest.param(seed, marks=pytest.mark.slow) for seed in range(2, count + 1))]


@pytest.mark.parametrize("seed", seeds(5))
def test_random_writes_keep_the_read_model_equal_to_a_rebuild(geography, seed):
    writes = Writer(random.Random(seed), geography)
    for number in range(30):
        name = writes.step()
        assert snapshot() == expected_snapshot(), f"after write {number}: {name}"
        assert_fts_consistent()
    assert PublicEntry.objects.exists()


def test_a_block_of_writes_is_written_once_at_its_end(geography):
    with maintenance.write_block():
        org = OrganizationFactory(slug="late")
        org.countries.set(geography["countries"][:1])
        assert not PublicEntry.objects.filter(slug="late").exists()  # not yet
    assert PublicPlace.objects.get(record_id=org.pk, kind="organization").coverage == Coverage.NATIONAL


def test_a_rolled_back_block_writes_nothing(geography):
    with pytest.raises(RuntimeError), maintenance.write_block():
        OrganizationFactory(slug="never")
        raise RuntimeError
    assert not PublicEntry.objects.filter(slug="never").exists()


def test_only_published_entries_are_in_it(geography):
    OrganizationFactory(slug="draft", status="draft")
    OrganizationFactory(slug="archived", status="archived")
    OrganizationFactory(slug="live")
    assert list(PublicEntry.objects.values_list("slug", flat=True)) == ["live"]


def test_places_say_how_an_entry_covers_each_country(geography):
    th, vn = geography["countries"][:2]
    south_east, asean = geography["regions"][2], geography["regions"][5]
    plan = StrategyFactory(slug="plan")
    plan.countries.set([th])
    plan.regions.set([south_east])
    places = {
        p.country_id: (p.coverage, p.via_region_id) for p in PublicPlace.objects.filter(record_id=plan.pk)
    }
    assert places == {th.pk: ("national", None), vn.pk: ("regional", south_east.pk)}
    regions = set(PublicRegion.objects.filter(record_id=plan.pk).values_list("region__slug", flat=True))
    # The regions it names and those above them, and the regions and groupings of Thailand.
    assert regions == {"south-eastern-asia", "asia", "world", "asean"}
    assert asean.pk in {r for r in PublicRegion.objects.values_list("region_id", flat=True)}
    unodc = OrganizationFactory(slug="unodc")
    assert list(
        PublicPlace.objects.filter(record_id=unodc.pk, kind="organization").values_list("country", "coverage")
    ) == [(None, "global")]


def test_an_organization_rename_reaches_the_services_it_provides(geography):
    polaris = OrganizationFactory(slug="polaris", name="Polaris")
    line = SupportServiceFactory(slug="line", provider=polaris)
    polaris.name = "Polaris Project"
    polaris.slug = "polaris-project"
    polaris.save()
    entry = PublicEntry.objects.get(kind="service", record_id=line.pk)
    assert "polaris project" in entry.search_body
    assert PublicTerm.objects.filter(record_id=line.pk, facet="provider").get().value == "polaris-project"
    polaris.status = "draft"
    polaris.save()
    assert not PublicTerm.objects.filter(record_id=line.pk, facet="provider").exists()


def test_reindex_is_idempotent(geography, capsys):
    org = OrganizationFactory(slug="o")
    org.countries.set(geography["countries"])
    before, schema = snapshot(), read_model_schema()
    call_command("reindex")
    call_command("reindex")
    assert snapshot() == before
    # The indexes and triggers a rebuild sets aside on SQLite are all made again, as they were
    # (the geography's fixture has rebuilt it already, so name some of them too).
    assert read_model_schema() == schema
    named = {name for _, name, _, _ in schema}
    assert {"public_place_order", "public_entry_order", "public_term_lookup"} <= named
    if connection.vendor == "sqlite":
        assert {"public_entry_fts_insert", "public_text_fts_update"} <= named
    assert "1 organization" in capsys.readouterr().out
    assert SearchWord.objects.filter(word="thailand").exists()
    assert_fts_consistent()
    # The full-text indexes, rebuilt in one pass, follow later writes again.
    OrganizationFactory(slug="later", name="Lighthouse Shelter")
    assert_fts_consistent()
    found = PublicEntry.objects.in_bulk(search.ranked_ids(search.understand("lighthouse"), 5))
    assert [entry.slug for entry in found.values()] == ["later"]


@pytest.mark.parametrize("links", [1, 4])
def test_an_admin_save_maintains_the_read_model_in_a_fixed_number_of_queries(
    admin_client, geography, links, django_assert_num_queries
):
    service = SupportServiceFactory(slug="s", provider=OrganizationFactory(slug="p"))
    service.countries.set(geography["countries"][:links])
    service.regions.set(geography["regions"][:links])
    make_publishable(service)
    service.focus_areas.set(geography["areas"][: min(links, 3)])
    data = form_data(admin_client.get(admin_url(SupportService, "change", service.pk)), summary="Changed.")
    # The admin's own work (tests/test_write_path.py) plus the read model: the geography
    # (3), country names, the three kinds of term; the old rows (5 deletes); the
    # record, its link tables, its provider and its translations; the new rows (entry,
    # places, regions, terms, words); what the entry counted for in the kept counts, before
    # and after (3 each: a summary changes no count, so nothing more is written); when the
    # kind last changed; the citation inline (tests/test_write_path.py). The same with one
    # link or four.
    with django_assert_num_queries(76 + lock_queries()):
        response = admin_client.post(admin_url(SupportService, "change", service.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert PublicEntry.objects.get(kind="service").summary == "Changed."


def test_kinds_are_declared_once():
    assert [kind.model for kind in kinds.KINDS] == [Organization, LegalInstrument, Strategy, SupportService]
    assert {kind.key for kind in kinds.KINDS} == {"organization", "instrument", "strategy", "service"}
    for kind in kinds.KINDS:
        assert kinds.of(kind.model) is kind
        assert kind.model(slug="x").get_absolute_url() == f"/{kind.path}/x/"


TERM_MODELS = {"focus_area": FocusArea, "service_type": ServiceType, "population": Population}


def lists_of(kind):
    """Query strings of a list of ``kind``: those the kept counts answer (no filter, one
    country, one value of each kept facet; for the total, two of those) and those they
    do not (a region; for the facets, two filters)."""
    yield {}
    yield {"region": "asia"}
    codes = list(Country.objects.values_list("code", flat=True))
    for code in codes:
        yield {"country": code}
    terms = []
    for facet in kind.filterset_class.facets:
        if facet.name in kind.kept_facets:
            values = [value for value, _ in facet.choices]
            values += (
                TERM_MODELS[facet.name].objects.values_list("slug", flat=True) if not facet.choices else []
            )
            terms += [{facet.name: value} for value in values]
    yield from terms
    for term in terms:
        yield {"country": codes[0], **term}
        yield {"region": "asia", **term}
        yield from ({**term, **other} for other in terms if other.keys() != term.keys())


def counts_of(kind, params):
    """(total, facets) of a list of ``kind``, as its page shows them."""
    query = QueryDict(mutable=True)
    query.update(params)
    filterset = kind.filterset_class(query, queryset=selectors.published(kind))
    assert filterset.is_valid(), filterset.errors
    facets = [
        (f.name, [(v.value, v.count, v.selected) for v in values]) for f, values in filterset.facet_counts()
    ]
    return filterset.total(), filterset.qs.count(), facets


@pytest.mark.parametrize("seed", seeds(3))
def test_kept_counts_are_what_counting_finds(geography, seed, monkeypatch):
    writes = Writer(random.Random(seed), geography)
    for _ in range(40):
        writes.step()
    for kind in kinds.KINDS:
        for params in lists_of(kind):
            kept = counts_of(kind, params)
            assert kept[0] == kept[1], (kind.key, params)
            with monkeypatch.context() as counting:
                counting.setattr(tallies, "conditions", lambda kind, filters: None)  # nothing kept
                assert counts_of(kind, params) == kept, (kind.key, params)


@pytest.mark.parametrize("seed", seeds(3))
def test_the_kept_change_is_when_the_public_view_last_changed(geography, seed):
    writes = Writer(random.Random(seed), geography)
    moment = datetime.timedelta(seconds=1)
    for number in range(30):
        name = writes.step()
        for kind in kinds.KINDS:
            kept = changes.latest(kind)
            published = kind.model.objects.published().aggregate(latest=Max("modified"))["latest"]
            # Worked out from the history, it is also moved by an edit of a record that
            # left the public view; a record that left is kept as leaving when the read
            # model dropped it, a moment after its history was written.
            worked_out = kind.model.objects.last_public_change()
            assert (kept is None) == (worked_out is None), (number, name, kind.key)
            if kept is not None:
                assert (published or kept) <= kept <= worked_out + moment, (number, name, kind.key)
