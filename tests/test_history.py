"""History of every directory record: who changed what and when, diffs, revert, recovery."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from resources.models import Organization, Region
from resources.seeding import seed
from resources.seeding.applying import SEED_CHANGE_REASON
from resources.seeding.specs import seedable_fields
from tests.admin_forms import admin_url, form_data
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
    make_publishable,
)
from tests.read_model_checks import assert_read_model_current

pytestmark = pytest.mark.django_db

# (factory, a field to change, a new value)
TRACKED = {
    "organization": (OrganizationFactory, "summary", "Changed."),
    "instrument": (LegalInstrumentFactory, "summary", "Changed."),
    "strategy": (StrategyFactory, "summary", "Changed."),
    "service": (SupportServiceFactory, "summary", "Changed."),
    "citation": (CitationFactory, "correction", "A note."),
    "source": (SourceFactory, "assessment", "Reliable."),
    "region": (RegionFactory, "name", "Renamed"),
    "country": (CountryFactory, "code", "VN"),
    "focus area": (FocusAreaFactory, "name", "Renamed"),
    "service type": (ServiceTypeFactory, "name", "Renamed"),
    "population": (PopulationFactory, "name", "Renamed"),
}


def latest(record):
    return type(record).history.filter(id=record.pk).latest("history_id")


@pytest.mark.parametrize("factory,field,value", TRACKED.values(), ids=TRACKED.keys())
def test_create_change_and_delete_of_every_record_are_recorded(factory, field, value):
    record = factory()
    setattr(record, field, value)
    record.save()
    pk = record.pk
    record.delete()
    versions = type(record).history.filter(id=pk).order_by("history_id")
    assert [v.history_type for v in versions] == ["+", "~", "-"]
    delta = versions[1].diff_against(versions[0])
    assert delta.changed_fields == [field]
    assert (delta.changes[0].old, delta.changes[0].new) != (None, None)
    assert delta.changes[0].new == value


def test_many_to_many_changes_of_an_entry_are_recorded():
    org = OrganizationFactory()
    region = RegionFactory(name="South-eastern Asia")
    before = latest(org)
    org.regions.add(region)
    after = latest(org)
    delta = after.diff_against(before)
    assert delta.changed_fields == ["regions"]
    assert [row["region"] for row in delta.changes[0].new] == [region.pk]


def test_seedable_fields_leave_out_the_version():
    scalars, many = seedable_fields(Organization)
    assert "version" not in {f.name for f in scalars}
    assert "history" not in {f.name for f in [*scalars, *many]}


class TestAdminHistory:
    def test_an_edit_records_who_and_the_history_page_shows_old_and_new(self, publisher_client, publisher):
        org = make_publishable(OrganizationFactory(summary="Runs a hotline."))
        page = publisher_client.get(admin_url(Organization, "change", org.pk))
        response = publisher_client.post(
            admin_url(Organization, "change", org.pk), form_data(page, summary="Runs two hotlines.")
        )
        assert response.status_code == 302
        assert latest(org).history_user == publisher
        history = publisher_client.get(admin_url(Organization, "history", org.pk))
        assert history.status_code == 200
        content = history.content.decode()
        assert "Runs a hotline." in content and "Runs two hotlines." in content
        assert "&rarr;" in content

    @pytest.mark.slow
    def test_every_history_page_renders(self, admin_client):
        for factory, field, value in TRACKED.values():
            record = factory()
            setattr(record, field, value)
            record.save()
            model = type(record)
            assert admin_client.get(admin_url(model, "history", record.pk)).status_code == 200, model
            version = latest(record).history_id
            form = admin_client.get(admin_url(model, "simple_history", record.pk, version))
            assert form.status_code == 200, model
            assert admin_client.get(admin_url(model, "recover")).status_code == 200, model

    def test_a_publisher_reverts_fields_and_links_to_an_earlier_version(self, publisher_client):
        region = RegionFactory()
        org = OrganizationFactory(summary="First.")
        org.regions.add(region)
        first = latest(org)
        org.summary = "Second."
        org.save()
        org.regions.clear()
        page = publisher_client.get(admin_url(Organization, "simple_history", org.pk, first.history_id))
        response = publisher_client.post(
            admin_url(Organization, "simple_history", org.pk, first.history_id), form_data(page)
        )
        assert response.status_code == 302
        org.refresh_from_db()
        assert org.summary == "First."
        assert list(org.regions.all()) == [region]
        assert latest(org).history_change_reason.startswith("Reverted to the version of")
        assert_read_model_current()

    def test_an_editor_cannot_publish_by_reverting_to_a_published_version(self, editor_client):
        org = OrganizationFactory(status="published", summary="Published text.")
        published = latest(org)
        org.status = "draft"
        org.summary = "Withdrawn for review."
        org.save()
        url = admin_url(Organization, "simple_history", org.pk, published.history_id)
        page = editor_client.get(url)
        assert b'name="status"' not in page.content
        response = editor_client.post(url, form_data(page, status="published"))
        assert response.status_code == 302
        org.refresh_from_db()
        assert org.summary == "Published text."
        assert org.status == "draft"

    def test_a_user_who_may_only_view_cannot_revert(self, editor_client):
        # Editors view taxonomy but do not change it.
        region = RegionFactory(name="Old name")
        first = latest(region)
        region.name = "New name"
        region.save()
        url = admin_url(Region, "simple_history", region.pk, first.history_id)
        page = editor_client.get(url)
        assert page.status_code == 200
        assert b'value="Revert"' not in page.content
        assert (
            editor_client.post(
                url, {"name": "Old name", "slug": region.slug, "kind": region.kind}
            ).status_code
            == 403
        )
        region.refresh_from_db()
        assert region.name == "New name"


class TestRecovery:
    def test_a_deleted_organization_is_restored_from_history_with_its_fields(self, publisher_client):
        region = RegionFactory()
        org = OrganizationFactory(
            name="Polaris", slug="polaris", summary="Runs a hotline.", acronym="PP", founded_year=2002
        )
        org.regions.add(region)
        pk = org.pk
        delete = publisher_client.post(admin_url(Organization, "delete", pk), {"post": "yes"})
        assert delete.status_code == 302
        assert not Organization.objects.filter(pk=pk).exists()

        changelist = publisher_client.get(admin_url(Organization, "changelist"))
        assert admin_url(Organization, "recover").encode() in changelist.content
        listing = publisher_client.get(admin_url(Organization, "recover"))
        assert [row["name"] for row in listing.context["rows"]] == ["Polaris"]
        restore_url = listing.context["rows"][0]["url"]
        page = publisher_client.get(restore_url)
        assert page.status_code == 200
        response = publisher_client.post(restore_url, form_data(page))
        assert response.status_code == 302

        restored = Organization.objects.get(pk=pk)
        assert (restored.name, restored.slug, restored.summary, restored.acronym, restored.founded_year) == (
            "Polaris",
            "polaris",
            "Runs a hotline.",
            "PP",
            2002,
        )
        assert restored.status == "published"
        assert list(restored.regions.all()) == [region]
        assert latest(restored).history_change_reason.startswith("Recovered from the version of")
        assert_read_model_current()
        assert publisher_client.get(admin_url(Organization, "recover")).context["rows"] == []

    def test_an_editor_recovers_a_deleted_record_as_a_draft(self, editor_client):
        org = OrganizationFactory(status="published")
        version = latest(org).history_id
        pk = org.pk
        org.delete()
        url = admin_url(Organization, "simple_history", pk, version)
        response = editor_client.post(url, form_data(editor_client.get(url)))
        assert response.status_code == 302
        assert Organization.objects.get(pk=pk).status == "draft"

    def test_recovering_needs_the_add_permission(self, editor, client):
        region = RegionFactory()
        version = latest(region).history_id
        pk = region.pk
        region.delete()
        client.force_login(editor)
        assert client.get(admin_url(Region, "recover")).status_code == 403
        url = admin_url(Region, "simple_history", pk, version)
        assert client.post(url, {"name": "X", "slug": "x", "kind": "sub_region"}).status_code == 403
        assert not Region.objects.filter(pk=pk).exists()
        editor.user_permissions.add(Permission.objects.get(codename="add_region"))
        fresh = Client()
        fresh.force_login(editor)
        assert fresh.get(admin_url(Region, "recover")).status_code == 200


class TestSeedHistory:
    def test_the_seed_records_its_changes_as_its_own_with_no_user(self, fixtures_dir):
        directory = fixtures_dir()
        seed(directory)
        org = Organization.objects.get(slug="polaris")
        versions = list(Organization.history.filter(id=org.pk))
        assert len(versions) >= 2  # the record, then its links
        assert {(v.history_change_reason, v.history_user_id) for v in versions} == {
            (SEED_CHANGE_REASON, None)
        }
        citation_versions = org.citations.get().history.all()
        assert {v.history_change_reason for v in citation_versions} == {SEED_CHANGE_REASON}
        assert {v.history_change_reason for v in Region.history.all()} == {SEED_CHANGE_REASON}

        # A later change by someone else is not the seed's.
        org.summary = "Edited."
        org.save()
        assert latest(org).history_change_reason is None
        # And the seed's digest still sees that edit (the version is not content).
        report = seed(directory)
        assert report.counts["organizations"]["skipped"] == 1
