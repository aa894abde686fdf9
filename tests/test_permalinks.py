"""Permalinks: a renamed record keeps its old addresses (301), and the seed knows it was renamed."""

import copy

import pytest
from django.urls import reverse, set_script_prefix

from resources.models import (
    Country,
    FocusArea,
    FormerSlug,
    LegalInstrument,
    Organization,
    Region,
    Source,
    Strategy,
    SupportService,
)
from resources.seeding import seed
from tests.builders import FIXTURE_SET
from tests.factories import OrganizationFactory, SupportServiceFactory

pytestmark = pytest.mark.django_db


def rename(entry, slug):
    entry.slug = slug
    entry.save()
    return entry


class TestFormerSlugs:
    def test_a_rename_records_the_old_slug(self):
        org = rename(OrganizationFactory(slug="old"), "new")
        assert list(FormerSlug.objects.values_list("slug", "object_id")) == [("old", org.pk)]
        assert list(org.former_slugs.values_list("slug", flat=True)) == ["old"]

    def test_saves_that_keep_the_slug_record_nothing(self):
        org = OrganizationFactory(slug="same")
        org.summary = "Changed."
        org.save()
        org.save(update_fields=["summary"])
        assert not FormerSlug.objects.exists()

    def test_renaming_back_leaves_no_redirect_to_itself(self):
        org = rename(rename(OrganizationFactory(slug="a"), "b"), "a")
        assert list(FormerSlug.objects.values_list("slug", "object_id")) == [("b", org.pk)]

    def test_former_slugs_are_per_kind_and_go_with_the_record(self):
        org = rename(OrganizationFactory(slug="shared"), "org-now")
        service = rename(SupportServiceFactory(slug="shared"), "service-now")
        assert FormerSlug.objects.count() == 2
        assert FormerSlug.objects.current_pk(Organization, "shared") == org.pk
        org.delete()
        assert list(FormerSlug.objects.values_list("object_id", flat=True)) == [service.pk]

    def test_natural_keys_follow_a_rename(self):
        org = rename(OrganizationFactory(slug="old"), "new")
        assert Organization.objects.get_by_natural_key("old") == org
        with pytest.raises(Organization.DoesNotExist):
            Organization.objects.get_by_natural_key("never")


class TestRedirects:
    def test_an_old_address_redirects_permanently_to_the_current_one(self, client):
        rename(rename(OrganizationFactory(slug="first"), "second"), "third")
        for old in ("first", "second"):
            response = client.get(f"/organizations/{old}/")
            assert response.status_code == 301
            assert response["Location"] == "/organizations/third/"
        assert client.get("/organizations/third/").status_code == 200

    def test_every_kind_redirects(self, client):
        from tests.factories import LegalInstrumentFactory, StrategyFactory

        for factory, prefix in (
            (LegalInstrumentFactory, "instruments"),
            (StrategyFactory, "strategies"),
            (SupportServiceFactory, "services"),
        ):
            rename(factory(slug=f"old-{prefix}"), f"new-{prefix}")
            response = client.get(f"/{prefix}/old-{prefix}/")
            assert (response.status_code, response["Location"]) == (301, f"/{prefix}/new-{prefix}/")

    def test_a_live_slug_wins_over_a_former_one(self, client):
        rename(OrganizationFactory(slug="taken", name="Renamed"), "elsewhere")
        OrganizationFactory(slug="taken", name="Newcomer")
        response = client.get("/organizations/taken/")
        assert response.status_code == 200
        assert b"Newcomer" in response.content

    def test_an_unpublished_record_is_not_revealed(self, client, admin_user):
        rename(OrganizationFactory(slug="draft-old", status="draft"), "draft-new")
        assert client.get("/organizations/draft-old/").status_code == 404
        client.force_login(admin_user)
        assert client.get("/organizations/draft-old/")["Location"] == "/organizations/draft-new/"

    def test_an_unknown_slug_is_still_404(self, client):
        assert client.get("/organizations/nothing-here/").status_code == 404


class TestSeedAfterARename:
    """Staff rename a seeded record, then the seed runs again: no duplicate, the rename stays."""

    def test_the_renamed_record_is_skipped_not_duplicated(self, fixtures_dir):
        directory = fixtures_dir()
        seed(directory)
        rename(Organization.objects.get(slug="polaris"), "polaris-project")
        changed = copy.deepcopy(FIXTURE_SET["organizations.json"])
        changed[0]["summary"] = "A new fixture summary."
        report = seed(fixtures_dir({"organizations.json": changed}))
        assert (
            "skipped",
            "organizations",
            "polaris",
            "renamed by staff to polaris-project",
        ) in report.changes
        org = Organization.objects.get()
        assert (org.slug, org.summary) == ("polaris-project", "Runs a hotline.")

    def test_records_linking_to_it_are_not_mistaken_for_staff_edits(self, fixtures_dir):
        seed(fixtures_dir())
        rename(Organization.objects.get(slug="polaris"), "polaris-project")
        report = seed(fixtures_dir())
        assert report.counts["instruments"]["skipped"] == 0
        # A fixture change to a record that links to the renamed one still applies,
        # and the link, still spelled with the old slug in the fixture, holds.
        changed = copy.deepcopy(FIXTURE_SET["instruments.json"])
        changed[1]["summary"] = "The Protocol, revised."
        report = seed(fixtures_dir({"instruments.json": changed}))
        assert report.counts["instruments"]["updated"] == 1
        protocol = LegalInstrument.objects.get(slug="protocol")
        assert protocol.summary == "The Protocol, revised."
        assert protocol.adopting_body.slug == "polaris-project"
        # And the run after that sees its own write as unchanged.
        report = seed(fixtures_dir({"instruments.json": changed}))
        assert report.total("updated") == 0
        assert report.changes == [
            ("skipped", "organizations", "polaris", "renamed by staff to polaris-project")
        ]


class TestAddresses:
    """A record's address is its URL pattern reversed once with a marker (resources/addresses.py)."""

    RECORDS = [
        (Organization(slug="a-b_1"), "resources:organization-detail", "a-b_1"),
        (LegalInstrument(slug="palermo"), "resources:instrument-detail", "palermo"),
        (Strategy(slug="plan"), "resources:strategy-detail", "plan"),
        (SupportService(slug="line"), "resources:service-detail", "line"),
        (Region(slug="0lookup0-asia"), "resources:region-detail", "0lookup0-asia"),
        (Country(code="TH"), "resources:country-detail", "th"),
        (FocusArea(slug="protection"), "resources:topic-detail", "protection"),
        (Source(slug="doc"), "resources:source-detail", "doc"),
    ]

    @pytest.mark.parametrize("record, url_name, lookup", RECORDS)
    def test_an_address_is_what_reverse_gives(self, record, url_name, lookup):
        assert record.get_absolute_url() == reverse(url_name, args=[lookup])

    def test_an_address_follows_the_script_prefix(self):
        try:
            set_script_prefix("/directory/")
            assert Organization(slug="x").get_absolute_url() == "/directory/organizations/x/"
        finally:
            set_script_prefix("/")
        assert Organization(slug="x").get_absolute_url() == "/organizations/x/"
