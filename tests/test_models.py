"""Constraints, natural keys and the visibility and coverage rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from resources.models import (
    Country,
    FocusArea,
    LegalInstrument,
    Organization,
    Region,
    Source,
    Strategy,
    SupportService,
)
from resources.querysets import Coverage
from tests.factories import (
    CitationFactory,
    CountryFactory,
    FocusAreaFactory,
    LegalInstrumentFactory,
    OrganizationFactory,
    RegionFactory,
    SourceFactory,
    StrategyFactory,
    SupportServiceFactory,
)

pytestmark = pytest.mark.django_db


def assert_rejected_by_database(save):
    with pytest.raises(IntegrityError), transaction.atomic():
        save()


class TestConstraints:
    def test_founded_year_must_be_plausible(self):
        assert_rejected_by_database(lambda: OrganizationFactory(founded_year=1500))
        assert_rejected_by_database(lambda: OrganizationFactory(founded_year=2500))
        assert OrganizationFactory(founded_year=1839).founded_year == 1839

    def test_entry_into_force_not_before_adoption(self):
        assert_rejected_by_database(
            lambda: LegalInstrumentFactory(adopted_year=2005, entry_into_force_year=2004)
        )
        assert_rejected_by_database(
            lambda: LegalInstrumentFactory(
                adopted_year=2005,
                adopted_on=datetime.date(2005, 5, 16),
                entry_into_force_year=2005,
                entry_into_force_on=datetime.date(2005, 5, 1),
            )
        )
        LegalInstrumentFactory(adopted_year=2005, entry_into_force_year=2008)

    def test_strategy_period_in_order(self):
        assert_rejected_by_database(lambda: StrategyFactory(start_year=2024, end_year=2019))
        StrategyFactory(start_year=2019, end_year=2024)

    def test_slugs_are_unique(self):
        OrganizationFactory(slug="polaris")
        assert_rejected_by_database(lambda: OrganizationFactory(slug="polaris"))

    def test_m49_codes_are_unique_but_groupings_have_none(self):
        RegionFactory(slug="a", m49_code="035")
        assert_rejected_by_database(lambda: RegionFactory(slug="b", m49_code="035"))
        RegionFactory(slug="eu", kind=Region.Kind.GROUPING, m49_code="")
        RegionFactory(slug="asean", kind=Region.Kind.GROUPING, m49_code="")

    def test_clean_reports_inconsistent_dates_per_field(self):
        instrument = LegalInstrumentFactory.build(
            adopted_year=2001, adopted_on=datetime.date(2000, 11, 15), entry_into_force_year=1999
        )
        with pytest.raises(ValidationError) as error:
            instrument.full_clean()
        assert set(error.value.message_dict) >= {"adopted_on", "entry_into_force_year"}

    def test_clean_reports_an_entry_into_force_date_before_adoption(self):
        instrument = LegalInstrumentFactory.build(
            adopted_on=datetime.date(2000, 11, 15),
            entry_into_force_on=datetime.date(2000, 1, 1),
            adopted_year=2000,
            entry_into_force_year=2000,
        )
        with pytest.raises(ValidationError) as error:
            instrument.full_clean()
        assert "entry_into_force_on" in error.value.message_dict

    def test_clean_refuses_an_instrument_supplementing_itself(self):
        instrument = LegalInstrumentFactory()
        instrument.supplements = instrument
        with pytest.raises(ValidationError) as error:
            instrument.full_clean()
        assert "cannot supplement itself" in str(error.value.message_dict["supplements"])

    def test_clean_refuses_a_strategy_ending_before_it_starts(self):
        strategy = StrategyFactory.build(start_year=2020, end_year=2015)
        with pytest.raises(ValidationError) as error:
            strategy.full_clean()
        assert "end_year" in error.value.message_dict

    def test_clean_fills_the_year_from_a_full_date(self):
        instrument = LegalInstrumentFactory.build(
            adopted_year=None, adopted_on=datetime.date(2000, 11, 15), slug="untoc"
        )
        instrument.full_clean()
        assert instrument.adopted_year == 2000

    def test_clean_rejects_unknown_reference_fields(self):
        organization = OrganizationFactory.build(reference_fields=["founded_year", "nonsense"])
        with pytest.raises(ValidationError) as error:
            organization.full_clean()
        assert "reference_fields" in error.value.message_dict

    def test_citation_quote_must_occur_in_its_source(self):
        source = SourceFactory(text="The Protocol supplements\n  the Convention.")
        entry = OrganizationFactory()
        found = CitationFactory.build(source=source, entry=entry, quote="Protocol supplements the Convention")
        found.full_clean()
        missing = CitationFactory.build(source=source, entry=entry, quote="the Convention supplements")
        with pytest.raises(ValidationError) as error:
            missing.full_clean()
        assert "quote" in error.value.message_dict


class TestNaturalKeys:
    @pytest.mark.parametrize(
        "factory",
        [
            RegionFactory,
            FocusAreaFactory,
            SourceFactory,
            OrganizationFactory,
            LegalInstrumentFactory,
            StrategyFactory,
            SupportServiceFactory,
        ],
    )
    def test_round_trip_by_slug(self, factory):
        record = factory()
        model = type(record)
        assert record.natural_key() == (record.slug,)
        assert model.objects.get_by_natural_key(*record.natural_key()) == record

    def test_country_by_iso_code_with_name_from_django_countries(self):
        country = CountryFactory(code="TH")
        assert country.natural_key() == ("TH",)
        assert Country.objects.get_by_natural_key("TH") == country
        assert country.name == "Thailand"
        assert country.get_absolute_url() == "/countries/th/"

    def test_every_fixture_model_has_natural_keys(self):
        for model in (
            Region,
            Country,
            FocusArea,
            Source,
            Organization,
            LegalInstrument,
            Strategy,
            SupportService,
        ):
            assert hasattr(model, "natural_key")
            assert hasattr(model.objects, "get_by_natural_key")


class TestPublished:
    @pytest.mark.parametrize(
        "factory", [OrganizationFactory, LegalInstrumentFactory, StrategyFactory, SupportServiceFactory]
    )
    def test_only_published_records(self, factory):
        published = factory(status="published")
        factory(status="draft")
        factory(status="archived")
        assert list(type(published).objects.published()) == [published]


@pytest.fixture
def geography():
    world = RegionFactory(slug="world", kind=Region.Kind.WORLD)
    asia = RegionFactory(slug="asia", kind=Region.Kind.CONTINENT, parent=world)
    south_east = RegionFactory(slug="south-eastern-asia", parent=asia)
    europe = RegionFactory(slug="europe", kind=Region.Kind.CONTINENT, parent=world)
    northern_europe = RegionFactory(slug="northern-europe", parent=europe)
    thailand = CountryFactory(code="TH", region=south_east)
    sweden = CountryFactory(code="SE", region=northern_europe)
    asean = RegionFactory(slug="asean", kind=Region.Kind.GROUPING)
    asean.members.add(thailand)
    return {
        "asia": asia,
        "south_east": south_east,
        "europe": europe,
        "asean": asean,
        "thailand": thailand,
        "sweden": sweden,
    }


class TestCovering:
    def test_national_regional_and_global_are_labelled(self, geography):
        national = StrategyFactory(name="Thai plan")
        national.countries.add(geography["thailand"])
        by_continent = StrategyFactory(name="Asian plan")
        by_continent.regions.add(geography["asia"])
        by_grouping = StrategyFactory(name="ASEAN plan")
        by_grouping.regions.add(geography["asean"])
        StrategyFactory(name="Global plan")
        elsewhere = StrategyFactory(name="Swedish plan")
        elsewhere.countries.add(geography["sweden"])
        european = StrategyFactory(name="European plan")
        european.regions.add(geography["europe"])

        coverage = {s.name: s.coverage for s in Strategy.objects.covering(geography["thailand"])}

        assert coverage == {
            "Thai plan": Coverage.NATIONAL,
            "Asian plan": Coverage.REGIONAL,
            "ASEAN plan": Coverage.REGIONAL,
            "Global plan": Coverage.GLOBAL,
        }

    def test_an_entry_naming_the_country_and_its_region_is_national_and_listed_once(self, geography):
        both = OrganizationFactory()
        both.countries.add(geography["thailand"])
        both.regions.add(geography["south_east"])
        rows = list(Organization.objects.covering(geography["thailand"]))
        assert rows == [both]
        assert rows[0].coverage == Coverage.NATIONAL

    def test_a_draft_never_appears(self, geography):
        StrategyFactory(status="draft")  # global, but not published
        regional_draft = StrategyFactory(status="draft")
        regional_draft.regions.add(geography["asia"])
        assert not Strategy.objects.published().covering(geography["thailand"]).exists()

    def test_global_entry_covers_every_country(self, geography):
        worldwide = LegalInstrumentFactory()
        for country in (geography["thailand"], geography["sweden"]):
            assert list(LegalInstrument.objects.covering(country)) == [worldwide]


def test_confidential_address_is_not_public():
    service = SupportServiceFactory(address="1 Hidden Street", address_is_confidential=True)
    assert service.public_address == ""
    service.address_is_confidential = False
    assert service.public_address == "1 Hidden Street"
