"""Public suggestions: the two forms, their guards, and the staff review in the admin."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from resources.models import Organization, Revision, SupportService
from suggestions.models import Suggestion
from tests.factories import (
    CorrectionFactory,
    LegalInstrumentFactory,
    OrganizationFactory,
    StrategyFactory,
    SupportServiceFactory,
    make_publishable,
)
from tests.read_model_checks import assert_read_model_current

pytestmark = pytest.mark.django_db

THANKS = "/suggest/thanks/"


@pytest.fixture(autouse=True)
def fresh_rate_limit(settings):
    """Every test starts with no submissions counted, and a limit it will not meet by accident."""
    caches["limits"].clear()
    settings.SUGGESTION_RATE = "1000/h"
    yield
    caches["limits"].clear()


@pytest.fixture
def org():
    return OrganizationFactory(
        slug="polaris", name="Polaris", summary="Runs a hotline.", website="https://polarisproject.org"
    )


@pytest.fixture
def service():
    return SupportServiceFactory(slug="helpline", name="Helpline", summary="Answers calls.", phone="123")


def correction_data(entry, **changes):
    """The correction form as a browser would send it: every field, current values unless changed."""
    fields = ["name", "summary", "description", "website"]
    if isinstance(entry, SupportService):
        fields += ["phone", "sms", "email", "contact_url", "hours", "languages", "cost", "eligibility"]
    data = {name: getattr(entry, name) or "" for name in fields}
    data.update({"explanation": "Their own website says so.", "contact": "", "homepage": ""})
    data.update(changes)
    return data


def listing_data(**overrides):
    data = {
        "kind": "service",
        "name": "Safe Harbour Line",
        "summary": "A confidential helpline.",
        "website": "https://safe-harbour.example",
        "note": "Open evenings.",
        "explanation": "I called them.",
        "contact": "",
        "homepage": "",
    }
    data.update(overrides)
    return data


def html(response):
    return response.content.decode()


def admin_change_url(suggestion):
    return reverse("admin:suggestions_suggestion_change", args=[suggestion.pk])


def pending_correction(entry, **changes):
    return CorrectionFactory(entry=entry, proposed_changes=changes)


def review_form(**extra):
    return {"review_note": "", **extra}


class TestForms:
    @pytest.mark.parametrize(
        ("factory", "kind"),
        [
            (OrganizationFactory, "organization"),
            (LegalInstrumentFactory, "instrument"),
            (StrategyFactory, "strategy"),
            (SupportServiceFactory, "service"),
        ],
    )
    def test_correction_form_renders_with_current_values_and_is_linked(self, client, factory, kind):
        entry = factory(website="https://example.org/current")
        detail = client.get(entry.get_absolute_url())
        url = f"/suggest/{kind}/{entry.slug}/"
        assert f'href="{url}"' in html(detail)
        response = client.get(url)
        assert response.status_code == 200
        page = html(response)
        assert "Suggest a correction" in page
        assert 'method="post"' in page
        assert "Now: https://example.org/current" in page
        assert '<label for="id_website">' in page and 'id="id_website"' in page
        assert "csrfmiddlewaretoken" not in page
        assert "Only the directory&#x27;s staff see it" in page or "Only the directory's staff see it" in page

    def test_service_form_offers_the_contact_fields(self, client, service):
        page = html(client.get("/suggest/service/helpline/"))
        for name in ("phone", "sms", "email", "contact_url", "hours", "languages", "cost", "eligibility"):
            assert f'name="{name}"' in page, name
        org_page = html(client.get(f"/suggest/organization/{OrganizationFactory().slug}/"))
        assert 'name="phone"' not in org_page

    def test_listing_form_renders_and_is_linked_from_home(self, client):
        assert 'href="/suggest/listing/"' in html(client.get("/"))
        response = client.get("/suggest/listing/")
        assert response.status_code == 200
        page = html(response)
        assert "Suggest a listing" in page
        assert '<label for="id_kind">' in page

    def test_honeypot_is_hidden_from_people(self, client, org):
        page = html(client.get("/suggest/organization/polaris/"))
        assert 'class="hp-field" aria-hidden="true"' in page
        assert 'name="homepage"' in page and 'tabindex="-1"' in page and 'autocomplete="off"' in page

    @pytest.mark.parametrize("url", ["/suggest/organization/missing/", "/suggest/planet/polaris/"])
    def test_unknown_record_or_kind_is_404(self, client, org, url):
        assert client.get(url).status_code == 404
        assert client.post(url, correction_data(org, name="X")).status_code == 404

    @pytest.mark.parametrize("status", ["draft", "archived"])
    def test_unpublished_record_is_404_even_for_staff(self, client, admin_client, status):
        entry = OrganizationFactory(slug="hidden", status=status)
        assert client.get("/suggest/organization/hidden/").status_code == 404
        assert admin_client.get("/suggest/organization/hidden/").status_code == 404
        assert (
            client.post("/suggest/organization/hidden/", correction_data(entry, name="X")).status_code == 404
        )
        assert not Suggestion.objects.exists()
        assert "Suggest a correction" not in html(admin_client.get(entry.get_absolute_url()))


class TestSubmitting:
    def test_valid_correction_is_stored_pending_and_the_record_is_unchanged(self, client, org):
        response = client.post(
            "/suggest/organization/polaris/",
            correction_data(org, website="polaris.example", summary="Runs a national hotline.\r\nAnd more."),
        )
        assert response.status_code == 303
        assert response["Location"] == THANKS
        suggestion = Suggestion.objects.get()
        assert suggestion.kind == "correction"
        assert suggestion.status == "pending"
        assert suggestion.target == org
        # Only what differs, normalized as it would be stored.
        assert suggestion.proposed_changes == {
            "website": "https://polaris.example",
            "summary": "Runs a national hotline.\nAnd more.",
        }
        assert suggestion.explanation == "Their own website says so."
        org.refresh_from_db()
        assert org.website == "https://polarisproject.org"
        assert org.summary == "Runs a hotline."
        thanks = client.get(THANKS)
        assert thanks.status_code == 200
        assert "Thank you" in html(thanks)

    def test_valid_listing_is_stored_pending(self, client):
        response = client.post("/suggest/listing/", listing_data(contact="me@example.org"))
        assert response.status_code == 303
        assert response["Location"] == THANKS
        suggestion = Suggestion.objects.get()
        assert suggestion.kind == "listing"
        assert suggestion.model is SupportService
        assert suggestion.object_id is None
        assert suggestion.proposed_changes == {
            "kind": "service",
            "name": "Safe Harbour Line",
            "summary": "A confidential helpline.",
            "website": "https://safe-harbour.example",
            "note": "Open evenings.",
        }
        assert suggestion.contact == "me@example.org"
        assert not SupportService.objects.filter(name="Safe Harbour Line").exists()

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({}, None),
            ({"name": "Polaris "}, None),  # only whitespace differs: no change
            ({"name": "Pol\x00aris"}, "name"),
            ({"name": "x" * 301}, "name"),
            ({"summary": "x" * 2001}, "summary"),
            ({"description": "y" * 20001}, "description"),
            ({"website": "not a url"}, "website"),
            ({"website": "https://"}, "website"),
            ({"name": ""}, "name"),
            ({"name": "New", "explanation": ""}, "explanation"),
            ({"name": "New", "explanation": "z" * 5001}, "explanation"),
            ({"name": "New", "contact": "c" * 255}, "contact"),
            ({"name": "New", "explanation": "bad\x00byte"}, "explanation"),
        ],
    )
    def test_bad_correction_is_400_with_errors_and_nothing_stored(self, client, org, changes, field):
        response = client.post("/suggest/organization/polaris/", correction_data(org, **changes))
        assert response.status_code == 400
        page = html(response)
        assert 'class="error-summary"' in page
        if field:
            assert f'href="#id_{field}"' in page  # summarized at the top, linked to the field
            assert f'id="id_{field}-error"' in page  # and shown beside it
            assert 'aria-invalid="true"' in page
        else:
            assert "Nothing differs from the record" in page
        assert not Suggestion.objects.exists()
        org.refresh_from_db()
        assert org.name == "Polaris"

    def test_a_field_left_out_of_the_post_proposes_nothing(self, client, service):
        service.description = "Kept."
        service.save()
        data = correction_data(service, phone="+1 888 373 7888")
        del data["description"], data["eligibility"]
        assert client.post("/suggest/service/helpline/", data).status_code == 303
        assert Suggestion.objects.get().proposed_changes == {"phone": "+18883737888"}

    def test_bad_service_email_is_400(self, client, service):
        response = client.post("/suggest/service/helpline/", correction_data(service, email="not-an-email"))
        assert response.status_code == 400
        assert 'id="id_email-error"' in html(response)
        assert not Suggestion.objects.exists()

    @pytest.mark.parametrize(
        "overrides",
        [
            {"kind": "planet"},
            {"kind": ""},
            {"name": ""},
            {"summary": ""},
            {"name": "a\x00b"},
            {"name": "n" * 301},
            {"website": "javascript:alert(1)"},
            {"note": "n" * 5001},
        ],
    )
    def test_bad_listing_is_400_and_nothing_stored(self, client, overrides):
        response = client.post("/suggest/listing/", listing_data(**overrides))
        assert response.status_code == 400
        assert 'class="error-summary"' in html(response)
        assert not Suggestion.objects.exists()

    @pytest.mark.parametrize("url", ["/suggest/organization/polaris/", "/suggest/listing/"])
    def test_honeypot_looks_accepted_but_stores_nothing(self, client, org, url):
        data = correction_data(org, name="Spam") if "organization" in url else listing_data()
        response = client.post(url, {**data, "homepage": "http://spam.example"})
        assert response.status_code == 303
        assert response["Location"] == THANKS
        assert not Suggestion.objects.exists()

    def test_rate_limit_is_429_after_the_limit_and_stores_nothing(self, client, org, settings):
        settings.SUGGESTION_RATE = "2/h"
        assert client.get("/suggest/organization/polaris/").status_code == 200  # GETs do not count
        for number in range(2):
            response = client.post("/suggest/organization/polaris/", correction_data(org, name=f"P{number}"))
            assert response.status_code == 303
        assert Suggestion.objects.count() == 2
        for url, data in (
            ("/suggest/organization/polaris/", correction_data(org, name="P3")),
            ("/suggest/listing/", listing_data()),  # one limit for both forms
        ):
            response = client.post(url, data)
            assert response.status_code == 429
            assert "try again later" in html(response).lower()
            assert response["Retry-After"] == "3600"
        assert Suggestion.objects.count() == 2
        # Reading stays open; another client is counted apart.
        assert client.get("/suggest/listing/").status_code == 200
        other = Client(REMOTE_ADDR="203.0.113.9")
        assert other.post("/suggest/listing/", listing_data()).status_code == 303

    def test_a_forged_forwarded_address_does_not_reset_the_limit(self, client, org, settings):
        settings.SUGGESTION_RATE = "2/h"
        statuses = [
            client.post(
                "/suggest/listing/", listing_data(), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
            ).status_code
            for n in range(5)
        ]
        assert statuses == [303, 303, 429, 429, 429]

    def test_behind_a_trusted_proxy_each_client_is_counted_apart(self, org, settings):
        settings.SUGGESTION_RATE = "1/h"
        settings.TRUSTED_PROXIES = 1
        proxy = Client(REMOTE_ADDR="10.0.0.2")
        first = {"HTTP_X_FORWARDED_FOR": "203.0.113.1"}
        # What the client wrote stands to the left of what the proxy saw, and is not believed.
        forged = {"HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.1"}
        second = {"HTTP_X_FORWARDED_FOR": "203.0.113.2"}
        assert proxy.post("/suggest/listing/", listing_data(), **first).status_code == 303
        assert proxy.post("/suggest/listing/", listing_data(), **forged).status_code == 429
        assert proxy.post("/suggest/listing/", listing_data(), **second).status_code == 303
        # A value that is not an address counts as the proxy's, and is no error.
        assert (
            proxy.post("/suggest/listing/", listing_data(), HTTP_X_FORWARDED_FOR="unknown").status_code == 303
        )

    def test_wrong_method_is_refused(self, client, org):
        assert client.put("/suggest/organization/polaris/").status_code == 405
        assert client.post(THANKS).status_code == 405

    def test_no_cookies_for_anonymous_visitors(self, org):
        client = Client(enforce_csrf_checks=True)  # as a browser: no CSRF token to send
        responses = [
            client.get("/suggest/organization/polaris/"),
            client.post("/suggest/organization/polaris/", correction_data(org, name="Polaris Project")),
            client.post("/suggest/organization/polaris/", correction_data(org)),
            client.post("/suggest/organization/polaris/", correction_data(org, homepage="x")),
            client.get("/suggest/listing/"),
            client.post("/suggest/listing/", listing_data()),
            client.post("/suggest/listing/", listing_data(kind="bogus")),
            client.get(THANKS),
        ]
        assert [r.status_code for r in responses] == [200, 303, 400, 303, 200, 303, 400, 200]
        for response in responses:
            assert not response.cookies, response.request
            assert "no-store" in response["Cache-Control"]
        assert not client.cookies
        assert Suggestion.objects.count() == 2


class TestReview:
    def test_line_breaks_are_kept_by_a_class_not_an_inline_style(self, admin_client, org):
        # The Content-Security-Policy allows no inline styles, so a style attribute is ignored.
        suggestion = pending_correction(org, summary="First line.\nSecond line.")
        response = admin_client.get(admin_change_url(suggestion))
        page = html(response)
        table = page[
            page.index("suggestion-changes") - 20 : page.index("</table>", page.index("suggestion-changes"))
        ]
        assert "First line.\nSecond line." in table and "style=" not in table
        assert "style-src 'self'" in response["Content-Security-Policy"]
        assert 'href="/static/suggestions/admin.css"' in page
        css = b"".join(admin_client.get("/static/suggestions/admin.css").streaming_content).decode()
        assert ".suggestion-changes td { white-space: pre-line; }" in css

    def test_change_page_shows_current_beside_proposed(self, admin_client, org):
        suggestion = pending_correction(org, website="https://new.example")
        response = admin_client.get(admin_change_url(suggestion))
        assert response.status_code == 200
        page = html(response)
        assert "https://polarisproject.org" in page and "https://new.example" in page
        assert 'name="_accept"' in page and 'name="_reject"' in page
        changelist = admin_client.get(
            reverse("admin:suggestions_suggestion_changelist"), {"status": "pending"}
        )
        assert changelist.status_code == 200
        assert "Correction to Polaris" in html(changelist)

    def test_accept_applies_the_correction_through_validation(self, admin_client, admin_user, org):
        suggestion = pending_correction(org, website="https://new.example", summary="Better.")
        response = admin_client.post(
            admin_change_url(suggestion), review_form(review_note="Checked the site.", _accept="Accept")
        )
        assert response.status_code == 302
        org.refresh_from_db()
        assert org.website == "https://new.example"
        assert org.summary == "Better."
        assert org.status == "published"
        suggestion.refresh_from_db()
        assert suggestion.status == "accepted"
        assert suggestion.reviewed_by == admin_user
        assert suggestion.reviewed_at is not None
        assert suggestion.review_note == "Checked the site."
        assert_read_model_current()

    def test_an_invalid_proposed_value_is_refused_and_nothing_changes(self, admin_client, org):
        # Stored without validation, as if the record's rules had changed since.
        suggestion = pending_correction(org, website="not a url", summary="Changed.")
        response = admin_client.post(admin_change_url(suggestion), review_form(_accept="Accept"), follow=True)
        assert "not applied, nothing was changed" in html(response)
        org.refresh_from_db()
        assert org.website == "https://polarisproject.org"
        assert org.summary == "Runs a hotline."
        suggestion.refresh_from_db()
        assert suggestion.status == "pending"
        assert suggestion.reviewed_by is None

    def test_a_field_outside_the_whitelist_is_never_applied(self, admin_client, org):
        suggestion = pending_correction(org, status="archived", slug="taken-over")
        admin_client.post(admin_change_url(suggestion), review_form(_accept="Accept"))
        org.refresh_from_db()
        assert (org.status, org.slug) == ("published", "polaris")
        assert Suggestion.objects.get().status == "pending"

    def test_reject_records_the_decision_and_leaves_the_record(self, admin_client, org):
        suggestion = pending_correction(org, name="Something else")
        response = admin_client.post(
            admin_change_url(suggestion), review_form(review_note="No source.", _reject="Reject")
        )
        assert response.status_code == 302
        org.refresh_from_db()
        assert org.name == "Polaris"
        suggestion.refresh_from_db()
        assert suggestion.status == "rejected"
        assert suggestion.review_note == "No source."
        # A decided suggestion cannot be decided again.
        admin_client.post(admin_change_url(suggestion), review_form(_accept="Accept"))
        org.refresh_from_db()
        assert org.name == "Polaris"
        assert Suggestion.objects.get().status == "rejected"

    def test_accepting_a_listing_creates_a_draft(self, client, admin_client):
        OrganizationFactory(slug="safe-harbour")
        client.post("/suggest/listing/", listing_data(kind="organization", name="Safe Harbour"))
        suggestion = Suggestion.objects.get()
        changelist = admin_client.get(reverse("admin:suggestions_suggestion_changelist"))
        assert "New listing: Safe Harbour" in html(changelist)
        response = admin_client.post(admin_change_url(suggestion), review_form(_accept="Accept"), follow=True)
        assert "draft" in html(response)
        assert "Set its kind before it is published" in html(response)
        draft = Organization.objects.get(name="Safe Harbour")
        assert draft.status == "draft"
        assert draft.slug == "safe-harbour-2"  # made unique
        assert draft.summary == "A confidential helpline."
        assert draft.website == "https://safe-harbour.example"
        suggestion.refresh_from_db()
        assert suggestion.status == "accepted"
        assert suggestion.target == draft
        assert client.get(draft.get_absolute_url()).status_code == 404  # not public

    def test_actions_accept_and_reject_selected(self, admin_client, org, service):
        first = pending_correction(org, summary="From the action.")
        second = pending_correction(service, phone="999")
        changelist = reverse("admin:suggestions_suggestion_changelist")
        admin_client.post(changelist, {"action": "accept_selected", "_selected_action": [first.pk]})
        admin_client.post(changelist, {"action": "reject_selected", "_selected_action": [second.pk]})
        org.refresh_from_db()
        service.refresh_from_db()
        assert org.summary == "From the action."
        assert service.phone == "123"
        assert Suggestion.objects.get(pk=first.pk).status == "accepted"
        assert Suggestion.objects.get(pk=second.pk).status == "rejected"

    @pytest.mark.parametrize("status", ["draft", "published", "archived"])
    def test_an_editor_can_accept_but_the_status_stays(self, editor_client, status):
        entry = make_publishable(OrganizationFactory(slug="polaris", name="Polaris", status=status))
        suggestion = pending_correction(entry, name="Polaris Project")
        page = html(editor_client.get(admin_change_url(suggestion)))
        assert 'name="_accept"' in page
        response = editor_client.post(
            admin_change_url(suggestion), review_form(_accept="Accept"), follow=True
        )
        entry.refresh_from_db()
        assert entry.status == status
        assert Suggestion.objects.get().status == "accepted"
        if status == "published":  # a live record's change waits for a Publisher (test_moderation.py)
            assert entry.name == "Polaris"
            assert "awaiting a Publisher" in html(response)
            assert Revision.objects.get().changes["name"]["to"] == "Polaris Project"
        else:
            assert entry.name == "Polaris Project"

    def test_staff_without_change_permission_on_the_record_cannot_accept(
        self, client, django_user_model, org
    ):
        reviewer = django_user_model.objects.create_user(username="reviewer", password="pw", is_staff=True)
        reviewer.user_permissions.set(
            Permission.objects.filter(
                content_type__app_label="suggestions", codename__in=["view_suggestion", "change_suggestion"]
            )
        )
        client.force_login(reviewer)
        suggestion = pending_correction(org, name="Hijacked")
        page = html(client.get(admin_change_url(suggestion)))
        assert 'name="_accept"' not in page
        client.post(admin_change_url(suggestion), review_form(_accept="Accept"))
        org.refresh_from_db()
        assert org.name == "Polaris"
        assert Suggestion.objects.get().status == "pending"

    def test_staff_can_record_a_suggestion_received_another_way(self, admin_client, org):
        add_url = reverse("admin:suggestions_suggestion_add")
        assert admin_client.get(add_url).status_code == 200
        form = {
            "kind": "correction",
            "content_type": ContentType.objects.get_for_model(Organization).pk,
            "object_id": org.pk,
            "explanation": "By email.",
            "contact": "",
        }
        bad = admin_client.post(add_url, {**form, "proposed_changes": '{"status": "archived"}'})
        assert bad.status_code == 200  # the form again, with the error
        assert not Suggestion.objects.exists()
        good = admin_client.post(add_url, {**form, "proposed_changes": '{"name": "Polaris Project"}'})
        assert good.status_code == 302
        assert Suggestion.objects.get().status == "pending"
        org.refresh_from_db()
        assert org.name == "Polaris"

    def test_groups_hold_the_suggestion_permissions(self, editor, publisher):
        for user in (editor, publisher):
            assert user.has_perm("suggestions.view_suggestion")
            assert user.has_perm("suggestions.change_suggestion")
        assert publisher.has_perm("suggestions.delete_suggestion")
        assert not editor.has_perm("suggestions.delete_suggestion")
