"""manage.py seed: idempotent, never overwrites staff edits, all-or-nothing on bad input."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from resources.models import Citation, Country, LegalInstrument, Organization, Region, Source
from resources.seeding import FixtureError, seed
from tests.builders import FIXTURE_SET, FIXTURE_SOURCE_TEXT
from tests.read_model_checks import assert_read_model_current

pytestmark = pytest.mark.django_db


def database_state():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Region, Country, Source, Organization, LegalInstrument, Citation)
    } | {"statuses": sorted(Organization.objects.values_list("slug", "status", "summary"))}


def test_first_run_creates_everything_with_links_and_citations(fixtures_dir):
    report = seed(fixtures_dir())
    assert report.total("created") == 2 + 1 + 1 + 1 + 1 + 2
    protocol = LegalInstrument.objects.get(slug="protocol")
    assert protocol.supplements.slug == "untoc"
    assert protocol.adopting_body.slug == "polaris"
    assert LegalInstrument.objects.get(slug="untoc").adopted_year == 2000
    polaris = Organization.objects.get(slug="polaris")
    assert list(polaris.countries.values_list("code", flat=True)) == ["TH"]
    assert polaris.citations.get().source.slug == "doc"
    assert Source.objects.get().text == FIXTURE_SOURCE_TEXT
    assert_read_model_current()


def test_second_run_changes_nothing(fixtures_dir):
    directory = fixtures_dir()
    seed(directory)
    before = {o.slug: o.modified for o in Organization.objects.all()}
    citations = list(Citation.objects.values_list("pk", flat=True))
    report = seed(directory)
    assert report.total("created") == report.total("updated") == report.total("skipped") == 0
    assert report.total("unchanged") == 8
    assert {o.slug: o.modified for o in Organization.objects.all()} == before
    assert list(Citation.objects.values_list("pk", flat=True)) == citations


def test_a_changed_fixture_updates_an_untouched_record(fixtures_dir):
    seed(fixtures_dir())
    changed = copy.deepcopy(FIXTURE_SET["organizations.json"])
    changed[0]["summary"] = "Operates the hotline."
    report = seed(fixtures_dir({"organizations.json": changed}))
    assert report.counts["organizations"]["updated"] == 1
    assert Organization.objects.get(slug="polaris").summary == "Operates the hotline."
    assert_read_model_current()


@pytest.mark.parametrize(
    "edit",
    [
        lambda org: setattr(org, "summary", "Edited by staff.") or org.save(),
        lambda org: setattr(org, "status", "archived") or org.save(),
        lambda org: org.countries.clear(),
        lambda org: org.citations.update(correction="Staff note."),
    ],
    ids=["field", "status", "relation", "citation"],
)
def test_a_record_staff_changed_is_skipped_and_kept(fixtures_dir, edit):
    seed(fixtures_dir())
    edit(Organization.objects.get(slug="polaris"))
    staff_version = database_state()
    changed = copy.deepcopy(FIXTURE_SET["organizations.json"])
    changed[0]["summary"] = "A new fixture summary."
    report = seed(fixtures_dir({"organizations.json": changed}))
    assert report.counts["organizations"]["skipped"] == 1
    assert ("skipped", "organizations", "polaris", "changed by staff since it was seeded") in report.changes
    assert database_state() == staff_version


def test_a_record_staff_created_is_never_taken_over(fixtures_dir):
    Organization.objects.create(slug="polaris", name="Staff's Polaris", summary="Mine.", kind="ngo")
    report = seed(fixtures_dir())
    assert report.counts["organizations"]["skipped"] == 1
    assert Organization.objects.get(slug="polaris").name == "Staff's Polaris"


def test_dry_run_reports_and_writes_nothing(fixtures_dir):
    report = seed(fixtures_dir(), dry_run=True)
    assert report.total("created") == 8
    assert not Region.objects.exists()
    assert not Organization.objects.exists()


def broken(path, mutate):
    records = copy.deepcopy(FIXTURE_SET[path])
    mutate(records)
    return {path: records}


BAD_FIXTURES = {
    "bad JSON": ({"organizations.json": '[{"slug": "polaris",'}, "organizations.json", "invalid JSON"),
    "not a list": ({"organizations.json": '{"slug": "polaris"}'}, "organizations.json", "JSON list"),
    "unknown reference": (
        broken("instruments.json", lambda r: r[1].update(supplements="nowhere")),
        "record 'protocol'",
        "unknown legal instrument 'nowhere'",
    ),
    "unknown focus area": (
        broken("organizations.json", lambda r: r[0].update(focus_areas=["wellbeing"])),
        "record 'polaris'",
        "unknown focus area 'wellbeing'",
    ),
    "duplicate slug": (
        broken("instruments.json", lambda r: r.append(copy.deepcopy(r[0]))),
        "record 'untoc'",
        "duplicate slug",
    ),
    "quote not in source": (
        broken("organizations.json", lambda r: r[0]["citations"][0].update(quote="Polaris runs shelters")),
        "record 'polaris'",
        "quote not found",
    ),
    "unknown source": (
        broken("organizations.json", lambda r: r[0]["citations"][0].update(source="elsewhere")),
        "record 'polaris'",
        "unknown source 'elsewhere'",
    ),
    "unknown field": (
        broken("organizations.json", lambda r: r[0].update(colour="red")),
        "record 'polaris'",
        "unknown field(s) colour",
    ),
    "invalid choice": (
        broken("organizations.json", lambda r: r[0].update(kind="charity")),
        "record 'polaris'",
        "kind:",
    ),
    "implausible year": (
        broken("organizations.json", lambda r: r[0].update(founded_year=1500)),
        "record 'polaris'",
        "founded_year",
    ),
    "force before adoption": (
        broken("instruments.json", lambda r: r[0].update(entry_into_force_year=1999)),
        "record 'untoc'",
        "entry_into_force_year",
    ),
    "missing source text": (
        broken("sources.json", lambda r: r[0].update(file_name="gone.txt")),
        "record 'doc'",
        "gone.txt is missing",
    ),
    "published incomplete": (
        broken("instruments.json", lambda r: r[0].update(is_global=False, focus_areas=[])),
        "record 'untoc'",
        "published, but needs at least one focus area; a coverage decision",
    ),
    "citation of a source and a reference": (
        broken("organizations.json", lambda r: r[0]["citations"][0].update(reference="a-page")),
        "record 'polaris'",
        "either a source or a reference",
    ),
    "verification date": (
        broken("organizations.json", lambda r: r[0].update(last_verified="2026-11-22")),
        "record 'polaris'",
        "unknown field(s) last_verified",
    ),
    "supplements cycle": (
        broken("instruments.json", lambda r: r[0].update(supplements="protocol")),
        "instruments.json",
        "cycle",
    ),
}


@pytest.mark.parametrize("changes,where,reason", BAD_FIXTURES.values(), ids=BAD_FIXTURES.keys())
def test_a_bad_fixture_aborts_naming_file_record_and_reason_and_writes_nothing(
    fixtures_dir, changes, where, reason
):
    seed(fixtures_dir())
    before = database_state()
    with pytest.raises(FixtureError) as error:
        seed(fixtures_dir(changes))
    message = str(error.value)
    assert where in message
    assert reason in message
    assert database_state() == before


def test_a_bad_fixture_on_an_empty_database_writes_nothing(fixtures_dir):
    changes, _, _ = BAD_FIXTURES["invalid choice"]
    with pytest.raises(FixtureError):
        seed(fixtures_dir(changes))
    assert not Region.objects.exists() and not Source.objects.exists()


class TestCommand:
    def test_prints_a_summary_per_kind(self, settings, fixtures_dir):
        settings.FIXTURES_DIR = fixtures_dir()
        out = StringIO()
        call_command("seed", stdout=out)
        summary = out.getvalue()
        assert "created    updated  unchanged    skipped" in summary
        assert "instruments" in summary and "organizations" in summary

    def test_dry_run_says_what_would_change(self, settings, fixtures_dir):
        settings.FIXTURES_DIR = fixtures_dir()
        out = StringIO()
        call_command("seed", "--dry-run", stdout=out)
        assert "would be created: organizations polaris" in out.getvalue()
        assert "nothing was written" in out.getvalue()
        assert not Organization.objects.exists()

    def test_a_bad_fixture_is_a_command_error(self, settings, fixtures_dir):
        changes, _, _ = BAD_FIXTURES["unknown reference"]
        settings.FIXTURES_DIR = fixtures_dir(changes)
        with pytest.raises(CommandError, match=r"nothing written.*instruments\.json, record 'protocol'"):
            call_command("seed", stdout=StringIO())


def test_countries_seeded_before_they_had_emergency_numbers_get_them(fixtures_dir):
    """Migration 0006: an untouched country's digest is brought up to date with the new
    field, so the seed fills the numbers in rather than skip it as edited by staff."""
    import importlib

    from django.apps import apps

    from resources.seeding.applying import digest

    migration = importlib.import_module("resources.migrations.0006_country_emergency_numbers")
    directory = fixtures_dir()
    seed(directory)
    thailand = Country.objects.get(code="TH")
    # As the seed of an earlier release left it: a digest of code and region only.
    Country.objects.filter(pk=thailand.pk).update(
        seed_digest=digest({"code": "TH", "region": "south-eastern-asia"})
    )
    migration.count_the_new_field_as_seeded(apps, None)
    countries = json.loads((directory / "taxonomy/countries.json").read_text())
    countries[0]["emergency_numbers"] = ["191", "199", "1669"]
    report = seed(fixtures_dir({"taxonomy/countries.json": countries}))
    assert report.counts["countries"]["updated"] == 1
    assert Country.objects.get(code="TH").emergency_numbers == ["191", "199", "1669"]


def test_records_only_the_seed_changed_are_rewritten_after_the_review_migration(fixtures_dir):
    """Migration 0009: seeded entries whose last change was the seed's are marked so that
    the next seed rewrites them (the snapshot gained fields); a record staff changed stays
    theirs. Global coverage becomes explicit and unrecorded verification dates go."""
    import datetime
    import importlib

    from django.apps import apps

    migration = importlib.import_module("resources.migrations.0009_editorial_review")
    directory = fixtures_dir()
    seed(directory)
    Organization.objects.update(seed_digest="an-older-format", last_verified=datetime.date(2026, 11, 22))
    LegalInstrument.objects.update(seed_digest="an-older-format", is_global=False)
    protocol = LegalInstrument.objects.get(slug="protocol")
    protocol.summary = "Edited by staff."
    protocol.save()  # its latest history is a staff change, not the seed's
    migration.decide_coverage_and_clear_unrecorded_checks(apps, None)
    assert not Organization.objects.filter(last_verified__isnull=False).exists()
    assert set(LegalInstrument.objects.values_list("slug", "is_global")) == {
        ("untoc", True),
        ("protocol", True),
    }
    instruments = json.loads((directory / "instruments.json").read_text())
    instruments[0]["summary"] = "The Convention, revised."
    instruments[1]["summary"] = "The Protocol, revised."
    report = seed(fixtures_dir({"instruments.json": instruments}))
    assert LegalInstrument.objects.get(slug="untoc").summary == "The Convention, revised."
    assert LegalInstrument.objects.get(slug="protocol").summary == "Edited by staff."
    assert report.counts["instruments"]["skipped"] == 1
