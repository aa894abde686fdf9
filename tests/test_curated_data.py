"""The curated data itself: cited, corrected, cross-linked, and loadable twice."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from resources.geography import Geography
from resources.models import (
    ENTRY_MODELS,
    Citation,
    Country,
    FocusArea,
    LegalInstrument,
    Organization,
    Region,
    Source,
    Strategy,
    SupportService,
    normalize_whitespace,
)
from resources.seeding import seed
from tests.builders import LIST_URLS
from tests.hsds_checks import assert_valid, package
from tests.readable import code_names, field_names, slugs

FIXTURES = Path(settings.FIXTURES_DIR)
ENTRY_FILES = ["organizations.json", "instruments.json", "strategies.json", "services.json"]
SHARED_SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("curated")]


@pytest.fixture
def seeded(curated):
    """The report of the module's one seed of the curated fixtures."""
    return curated


def test_every_quote_occurs_in_its_document():
    sources = {s["slug"]: s for s in load("sources.json")}
    texts = {
        slug: normalize_whitespace((FIXTURES / "sources" / s["file_name"]).read_text(encoding="utf-8"))
        for slug, s in sources.items()
    }
    references = {r["slug"] for r in load("references.json")}
    checked = 0
    for name in ENTRY_FILES:
        for record in load(name):
            for citation in record["citations"]:
                where = f"{name} {record['slug']}: {citation['quote'][:60]}"
                if "reference" in citation:  # a public page: not kept here, so only named
                    assert citation["reference"] in references and "source" not in citation, where
                    continue
                assert normalize_whitespace(citation["quote"]) in texts[citation["source"]], where
                checked += 1
    assert checked > 50


@pytest.mark.skipif(
    not SHARED_SEEDS.is_dir(), reason="the shared source documents are not beside the project"
)
def test_source_copies_are_identical_to_the_originals():
    for source in load("sources.json"):
        copy = (FIXTURES / "sources" / source["file_name"]).read_bytes()
        assert copy == (SHARED_SEEDS / source["file_name"]).read_bytes(), source["file_name"]


def test_all_five_documents_are_sources_flagged_as_ai_written(seeded):
    assert Source.objects.count() == 5
    for source in Source.objects.all():
        assert source.is_ai_generated
        if source.ai_notice:
            assert source.contains(source.ai_notice), source.slug


def test_every_published_record_has_a_summary_a_citation_and_a_focus_area(seeded):
    total = 0
    for model in ENTRY_MODELS:
        for entry in model.objects.published().prefetch_related("citations", "focus_areas"):
            assert entry.summary.strip(), entry.slug
            assert len(entry.citations.all()) >= 1, entry.slug
            assert len(entry.focus_areas.all()) >= 1, entry.slug
            total += 1
    assert total >= 30


def test_reference_fields_name_real_fields_and_are_explained(seeded):
    for model in ENTRY_MODELS:
        for entry in model.objects.all():
            entry.full_clean()  # validates reference_fields among everything else
            if entry.reference_fields:
                assert entry.reference_note.strip(), entry.slug


def test_corrections_are_recorded_against_the_passages_they_correct(seeded):
    corrections = Citation.objects.exclude(correction="")
    assert corrections.count() >= 8
    iom = Organization.objects.get(acronym="IOM")
    assert iom.kind == Organization.Kind.INTERGOVERNMENTAL
    assert iom.citations.exclude(correction="").filter(quote__icontains="NGO").exists()


def test_instrument_relations(seeded):
    protocol = LegalInstrument.objects.get(short_title="Palermo Protocol")
    convention = protocol.supplements
    assert convention is not None and "Transnational Organized Crime" in convention.name
    assert protocol.entry_into_force_year >= protocol.adopted_year
    for instrument in LegalInstrument.objects.published():
        assert instrument.adopting_body_id, instrument.slug
        assert instrument.adopted_year, instrument.slug


def test_strategy_relations(seeded):
    for strategy in Strategy.objects.published().prefetch_related("regions", "countries"):
        assert strategy.regions.exists() or strategy.countries.exists(), strategy.slug
        if strategy.kind != Strategy.Kind.CASE_STUDY:
            # Case studies in the documents name no organization; the rest have a lead.
            assert strategy.lead_organizations.exists(), strategy.slug


def test_service_relations(seeded):
    services = SupportService.objects.published()
    assert services.exists()
    for service in services:
        assert service.provider_id, service.slug
        assert service.service_types.exists(), service.slug
        assert service.populations.exists(), service.slug


def test_taxonomy_is_complete(seeded):
    assert Country.objects.count() == 249
    assert Region.objects.filter(kind=Region.Kind.GROUPING).count() == 3
    thailand = Country.objects.get(code="TH")
    covering = {r.slug for r in Region.objects.filter(pk__in=Geography.load().country_regions(thailand.pk))}
    assert covering == {"south-eastern-asia", "asia", "world", "asean"}


@pytest.mark.slow
def test_seeding_twice_changes_nothing(seeded):
    again = seed()
    assert again.total("created") == again.total("updated") == again.total("skipped") == 0
    assert again.total("unchanged") == seeded.total("created")


def test_taxonomy_fixtures_are_what_build_taxonomy_generates(tmp_path, settings):
    pytest.importorskip("country_converter", reason="country_converter is a development dependency")
    settings.FIXTURES_DIR = tmp_path
    call_command("build_taxonomy", stdout=StringIO())
    for name in ("regions.json", "countries.json", "emergency_numbers_source.json"):
        assert (tmp_path / "taxonomy" / name).read_text() == (FIXTURES / "taxonomy" / name).read_text()


# The curated directory, as the public and other programs see it ---------------------------


@pytest.mark.slow
def test_every_seeded_page_renders_with_no_code_name_in_sight(client):
    urls = ["/", "/regions/", "/sources/", "/search/?q=trafficking", *LIST_URLS]
    for code in ("th", "us", "in"):
        urls += [f"/?country={code}", f"/countries/{code}/", f"/countries/{code}/print/"]
    urls += ["/explore/", "/explore/map/", "/explore/matrix/", "/safety/", "/suggest/listing/"]
    for model in ENTRY_MODELS:
        urls += [entry.get_absolute_url() for entry in model.objects.published()]
    urls += [source.get_absolute_url() for source in Source.objects.all()]
    urls += [region.get_absolute_url() for region in Region.objects.all()]
    urls += [area.get_absolute_url() for area in FocusArea.objects.all()]
    names = field_names() | slugs()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert code_names(response.content.decode(), names) == [], url


def test_the_curated_directory_exports_valid_hsds(client):
    archive = package(client)
    organizations = json.loads(archive.read("organizations.json"))
    services = json.loads(archive.read("services.json"))
    assert len(organizations) == Organization.objects.published().count()
    assert len(services) == SupportService.objects.published().count()
    for record in organizations:
        assert_valid("organization", record)
    for record in services:
        assert_valid("service", record)
    for service in SupportService.objects.exclude(address=""):
        assert service.address not in json.dumps(services)


# Emergency numbers ---------------------------------------------------------------------


def test_emergency_numbers_are_what_libphonenumber_calls_emergency_numbers():
    import phonenumbers
    from phonenumbers.shortnumberinfo import is_emergency_number

    countries = {c["code"]: c["emergency_numbers"] for c in load("taxonomy/countries.json")}
    assert countries["TH"] == ["191", "199", "1669"]
    assert countries["IN"] == ["100", "101", "102", "108", "112", "1298", "2611"]
    checked = 0
    for code, numbers in countries.items():
        for number in numbers:
            for end in number.split("-"):  # a range: both of its ends
                assert is_emergency_number(end, code), (code, number)
                checked += 1
    assert checked > 400
    source = load("taxonomy/emergency_numbers_source.json")
    assert (source["package"], source["version"]) == ("phonenumbers", phonenumbers.__version__)


def test_long_runs_of_numbers_are_written_as_ranges():
    pytest.importorskip("exrex", reason="exrex is a development dependency")
    from resources.management.commands.build_taxonomy import collapse_runs

    numbers = [str(n) for n in range(1300, 1400)]
    assert collapse_runs(["18", *numbers, "1730"]) == ["18", "1300-1399", "1730"]
    assert collapse_runs(["112", "113", "114"]) == ["112", "113", "114"]  # a short run stays


def test_every_published_record_is_translated_into_every_language_unreviewed():
    from resources.models import RecordTranslation, translation_languages

    languages = {code for code, _ in translation_languages()}
    for model in ENTRY_MODELS:
        for record in model.objects.published():
            translated = {t.language: t for t in record.translations.all()}
            assert set(translated) == languages, record.slug
            for translation in translated.values():
                assert translation.name.strip() and translation.summary.strip(), (record.slug, translation)
                assert not translation.is_reviewed  # nobody on the staff has read them yet
    assert RecordTranslation.objects.filter(reviewed_at__isnull=False).count() == 0


def test_an_official_name_says_where_it_is_published_and_when_it_was_read():
    from resources.models import RecordTranslation

    noted = RecordTranslation.objects.exclude(source_note="")
    assert noted.count() >= 20
    for translation in noted:
        assert "https://" in translation.source_note or "http://" in translation.source_note, translation
        assert "read 3 December 2026" in translation.source_note, translation
