"""The admin: every page renders, and the Editor / Publisher rules hold on every route."""

import datetime

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from resources import moderation
from resources.models import LegalInstrument, Organization, RecordTranslation, Revision, Verification
from suggestions.services import submit_correction
from tests.admin_forms import admin_url, form_data
from tests.factories import (
    CitationFactory,
    CountryFactory,
    FocusAreaFactory,
    LegalInstrumentFactory,
    OrganizationFactory,
    PopulationFactory,
    ReferenceFactory,
    RegionFactory,
    ServiceTypeFactory,
    SourceFactory,
    StrategyFactory,
    SupportServiceFactory,
    UserFactory,
    make_publishable,
)
from tests.read_model_checks import assert_read_model_current

pytestmark = pytest.mark.django_db

CITATIONS_PREFIX = "resources-citation-content_type-object_id"
TRANSLATIONS_PREFIX = "resources-recordtranslation-content_type-object_id"
INLINE_MANAGEMENT = {
    f"{prefix}-{name}": value
    for prefix in (CITATIONS_PREFIX, TRANSLATIONS_PREFIX)
    for name, value in (
        ("TOTAL_FORMS", "0"),
        ("INITIAL_FORMS", "0"),
        ("MIN_NUM_FORMS", "0"),
        ("MAX_NUM_FORMS", "1000"),
    )
}


def organization_form(**overrides):
    data = {"name": "Example", "slug": "example", "summary": "S.", "kind": "ngo", **INLINE_MANAGEMENT}
    data.update(overrides)
    return data


@pytest.fixture
def one_of_each():
    region = RegionFactory()
    CountryFactory(region=region)
    FocusAreaFactory()
    ServiceTypeFactory()
    PopulationFactory()
    CitationFactory(source=SourceFactory())
    LegalInstrumentFactory()
    StrategyFactory()
    service = make_publishable(SupportServiceFactory())
    RecordTranslation.objects.create(
        record=service, language="es", name="Servicio", summary="Resumen.", translated_by="Editors"
    )
    submit_correction(entry=service, changes={"summary": "A better summary."}, explanation="Checked.")
    ReferenceFactory()
    editor = UserFactory(username="one-editor")
    moderation.record_verification(
        user=editor,
        record=service,
        verified_on=datetime.date(2026, 1, 2),
        method="telephone",
        evidence_note="Rang.",
    )
    moderation.propose(user=editor, record=service, proposed={"summary": "Proposed."}, origin="a test")


# The login lockout records of django-axes are read-only logs with no add page.
OWN_APPS = {"resources", "suggestions", "auth"}
# Made by saving a record or from its "Record a verification" page, or in a record's form
# (translations), never added on their own.
RECORDED_ELSEWHERE = {Revision, Verification, RecordTranslation}


@pytest.mark.slow
def test_every_admin_page_renders_for_a_superuser(admin_client, one_of_each):
    registered = [model for model in admin.site._registry if model._meta.app_label in OWN_APPS]
    assert len(registered) >= 13  # the four kinds, citations, sources, taxonomy, users, groups
    for model in admin.site._registry:
        assert admin_client.get(admin_url(model, "changelist")).status_code == 200, model
    for model in registered:
        if model not in RECORDED_ELSEWHERE:
            assert admin_client.get(admin_url(model, "add")).status_code == 200, model
        instance = model._default_manager.first()
        assert instance is not None, model
        assert admin_client.get(admin_url(model, "change", instance.pk)).status_code == 200, model


def test_changelist_search_and_autocomplete_work(admin_client, one_of_each):
    OrganizationFactory(name="Polaris", acronym="")
    response = admin_client.get(admin_url(Organization, "changelist"), {"q": "polaris"})
    assert response.status_code == 200
    assert b"Polaris" in response.content
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "resources", "model_name": "organization", "field_name": "regions", "term": ""},
    )
    assert response.status_code == 200
    country = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "resources", "model_name": "organization", "field_name": "countries", "term": "thai"},
    )
    assert [r["text"] for r in country.json()["results"]] == ["Thailand"]


class TestEditor:
    def test_creates_only_drafts_even_when_posting_a_status(self, editor_client):
        response = editor_client.post(admin_url(Organization, "add"), organization_form(status="published"))
        assert response.status_code == 302
        assert Organization.objects.get(slug="example").status == "draft"

    def test_cannot_publish_through_the_change_form(self, editor_client):
        draft = OrganizationFactory(status="draft", slug="example")
        response = editor_client.post(
            admin_url(Organization, "change", draft.pk), organization_form(status="published")
        )
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.status == "draft"

    def test_sees_no_status_field_to_edit(self, editor_client):
        draft = OrganizationFactory(status="draft")
        response = editor_client.get(admin_url(Organization, "change", draft.pk))
        assert b'name="status"' not in response.content

    @pytest.mark.parametrize("action", ["publish", "archive"])
    def test_cannot_publish_or_archive_through_actions(self, editor_client, action):
        draft = OrganizationFactory(status="draft")
        changelist = editor_client.get(admin_url(Organization, "changelist"))
        assert f'value="{action}"'.encode() not in changelist.content
        editor_client.post(
            admin_url(Organization, "changelist"), {"action": action, "_selected_action": [draft.pk]}
        )
        draft.refresh_from_db()
        assert draft.status == "draft"

    def test_has_no_list_edit_route_to_status(self, editor_client):
        draft = OrganizationFactory(status="draft")
        editor_client.post(
            admin_url(Organization, "changelist"),
            {
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "1",
                "form-0-id": draft.pk,
                "form-0-status": "published",
                "_save": "Save",
            },
        )
        draft.refresh_from_db()
        assert draft.status == "draft"

    def test_cannot_delete(self, editor_client):
        record = OrganizationFactory()
        assert editor_client.get(admin_url(Organization, "delete", record.pk)).status_code == 403
        assert (
            editor_client.post(admin_url(Organization, "delete", record.pk), {"post": "yes"}).status_code
            == 403
        )
        assert Organization.objects.filter(pk=record.pk).exists()


class TestPublisher:
    def test_publishes_and_archives_through_actions(self, publisher_client):
        drafts = [make_publishable(OrganizationFactory(status="draft")) for _ in range(2)]
        url = admin_url(Organization, "changelist")
        publisher_client.post(url, {"action": "publish", "_selected_action": [d.pk for d in drafts]})
        assert set(Organization.objects.values_list("status", flat=True)) == {"published"}
        publisher_client.post(url, {"action": "archive", "_selected_action": [drafts[0].pk]})
        drafts[0].refresh_from_db()
        assert drafts[0].status == "archived"
        assert_read_model_current()

    def test_publishes_through_the_change_form(self, publisher_client):
        draft = make_publishable(OrganizationFactory(status="draft", slug="example"))
        page = publisher_client.get(admin_url(Organization, "change", draft.pk))
        publisher_client.post(
            admin_url(Organization, "change", draft.pk), form_data(page, status="published")
        )
        draft.refresh_from_db()
        assert draft.status == "published"
        assert_read_model_current()

    def test_can_delete(self, publisher_client):
        record = OrganizationFactory()
        response = publisher_client.post(admin_url(Organization, "delete", record.pk), {"post": "yes"})
        assert response.status_code == 302
        assert not Organization.objects.filter(pk=record.pk).exists()
        assert_read_model_current()


class TestFormValidation:
    def test_out_of_range_year_is_a_field_error(self, admin_client):
        response = admin_client.post(admin_url(Organization, "add"), organization_form(founded_year="1500"))
        assert response.status_code == 200
        assert "founded_year" in response.context["adminform"].form.errors
        assert not Organization.objects.exists()

    def test_entry_into_force_before_adoption_is_a_field_error(self, admin_client):
        data = {
            "name": "Convention",
            "slug": "convention",
            "summary": "S.",
            "kind": "convention",
            "scope": "international",
            "adopted_year": "2005",
            "adopted_on": "2005-05-16",
            "entry_into_force_year": "2004",
            **INLINE_MANAGEMENT,
        }
        response = admin_client.post(admin_url(LegalInstrument, "add"), data)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert "entry_into_force_year" in errors
        assert not LegalInstrument.objects.exists()


def test_an_incomplete_draft_is_not_published(publisher_client):
    complete = make_publishable(OrganizationFactory(status="draft", slug="complete"))
    incomplete = OrganizationFactory(status="draft", slug="incomplete", kind="")
    response = publisher_client.post(
        admin_url(Organization, "changelist"),
        {"action": "publish", "_selected_action": [complete.pk, incomplete.pk]},
        follow=True,
    )
    assert "fix these first" in response.content.decode()
    assert set(Organization.objects.values_list("status", flat=True)) == {"draft"}


HUGE = "9" * 4400  # past Python's 4,300-digit limit for reading an integer


@pytest.mark.parametrize(
    "url",
    [
        "/admin/resources/organization/?status__exact=%00",
        "/admin/autocomplete/?app_label=resources&model_name=strategy&field_name=lead_organizations&term=%00",
        "/admin/resources/organization/?modified__year=" + "9" * 30,
        "/admin/resources/organization/?modified__year=2020&modified__month=" + "9" * 30,
        "/admin/suggestions/suggestion/?created__year=" + HUGE,
        "/admin/resources/organization/history/%00/",
        "/admin/resources/organization/%00/change/",
        "/admin/resources/organization/?q=%00",
        "/admin/resources/organization/?p=" + HUGE,
        "/admin/resources/organization/?o=" + HUGE,
        "/admin/resources/organization/?id__exact=" + "9" * 30,
    ],
)
def test_malformed_admin_requests_are_never_a_server_error(admin_user, url):
    staff = Client(raise_request_exception=False)
    staff.force_login(admin_user)
    OrganizationFactory()
    assert staff.get(url).status_code < 500


def test_a_plain_date_hierarchy_still_works(admin_client):
    OrganizationFactory()
    response = admin_client.get("/admin/resources/organization/", {"modified__year": "2026"})
    assert response.status_code == 200
