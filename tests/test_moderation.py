"""Editorial review through the admin: changes to live records held for a Publisher,
the checks a record passes to be published, and verifications that say who checked what."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from resources import moderation
from resources.models import Citation, Organization, Revision, SupportService, Verification
from suggestions.models import Suggestion
from suggestions.services import accept
from tests.admin_forms import admin_url, form_data
from tests.factories import (
    CorrectionFactory,
    CountryFactory,
    OrganizationFactory,
    ReferenceFactory,
    SourceFactory,
    SupportServiceFactory,
    make_publishable,
)
from tests.read_model_checks import assert_read_model_current

pytestmark = pytest.mark.django_db

CITATIONS = "resources-citation-content_type-object_id"


@pytest.fixture
def publisher_browser(publisher):
    browser = Client()
    browser.force_login(publisher)
    return browser


def edit(browser, record, **changes):
    url = admin_url(type(record), "change", record.pk)
    return browser.post(url, form_data(browser.get(url), **changes))


def live(record):
    return type(record)._base_manager.get(pk=record.pk)


def pending(record):
    return Revision.objects.get(object_id=record.pk, status="pending")


def public_page(record):
    return Client().get(record.get_absolute_url()).content.decode()


class TestEditorsChangeToALiveRecordWaits:
    def test_the_change_form_holds_it_and_nothing_public_moves(self, editor_client, editor):
        org = make_publishable(OrganizationFactory(summary="Runs a hotline."))
        before = public_page(org)
        response = edit(editor_client, org, summary="Runs two hotlines.")
        assert response.status_code == 302
        assert live(org).summary == "Runs a hotline."
        assert "Runs two hotlines." not in public_page(org) and "Runs a hotline." in before
        assert Client().get(f"/api/v1/organizations/{org.slug}/").json()["summary"] == "Runs a hotline."
        revision = pending(org)
        assert revision.author == editor
        assert revision.changes == {"summary": {"from": "Runs a hotline.", "to": "Runs two hotlines."}}
        assert_read_model_current()

    def test_a_publisher_approves_it_and_the_history_says_who_and_why(
        self, editor_client, publisher_browser, publisher
    ):
        org = make_publishable(OrganizationFactory(summary="Old."))
        edit(editor_client, org, summary="New.")
        revision = pending(org)
        review = publisher_browser.get(admin_url(Revision, "change", revision.pk))
        assert review.status_code == 200
        page = review.content.decode()
        assert "Old." in page and "New." in page and "Approve" in page
        assert f"Revision {revision.pk} of “{org.name}”" in page
        publisher_browser.post(
            reverse("admin:resources_revision_decide", args=[revision.pk]),
            {"decision": "approve", "note": "Matches the annual report."},
        )
        revision.refresh_from_db()
        assert revision.status == "approved" and revision.decided_by == publisher
        assert revision.decision_note == "Matches the annual report."
        assert live(org).summary == "New."
        latest = Organization.history.filter(id=org.pk).latest("history_id")
        assert latest.history_user == publisher
        assert f"Revision {revision.pk} by editor, approved" == latest.history_change_reason
        assert "New." in public_page(org)
        assert_read_model_current()

    def test_rejecting_needs_a_reason_and_changes_nothing(self, editor_client, publisher_browser):
        org = make_publishable(OrganizationFactory(summary="Old."))
        edit(editor_client, org, summary="Wrong.")
        revision = pending(org)
        url = reverse("admin:resources_revision_decide", args=[revision.pk])
        response = publisher_browser.post(url, {"decision": "reject", "note": ""}, follow=True)
        assert "Say why" in response.content.decode()
        assert Revision.objects.get(pk=revision.pk).status == "pending"
        publisher_browser.post(url, {"decision": "reject", "note": "The source says otherwise."})
        revision.refresh_from_db()
        assert revision.status == "rejected" and revision.decision_note == "The source says otherwise."
        assert revision.history.filter(status="rejected").exists()
        assert live(org).summary == "Old."

    def test_an_editor_cannot_approve_their_own(self, editor_client):
        org = make_publishable(OrganizationFactory(summary="Old."))
        edit(editor_client, org, summary="New.")
        revision = pending(org)
        editor_client.post(
            reverse("admin:resources_revision_decide", args=[revision.pk]), {"decision": "approve"}
        )
        assert Revision.objects.get(pk=revision.pk).status == "pending"
        assert live(org).summary == "Old."

    def test_links_and_citations_are_held_and_shown_field_by_field(self, editor_client, publisher_browser):
        org = make_publishable(OrganizationFactory(summary="S."))
        country = CountryFactory(code="TH")
        url = admin_url(Organization, "change", org.pk)
        data = form_data(editor_client.get(url), countries=[str(country.pk)], is_global="")
        data.pop("is_global")
        source = SourceFactory(text="A new passage that supports the record.")
        data.update(
            {
                f"{CITATIONS}-TOTAL_FORMS": "2",
                f"{CITATIONS}-1-source": str(source.pk),
                f"{CITATIONS}-1-quote": "A new passage",
                f"{CITATIONS}-1-position": "1",
            }
        )
        assert editor_client.post(url, data).status_code == 302
        revision = pending(org)
        assert set(revision.changes) == {"countries", "is_global", "citations"}
        assert not live(org).countries.exists() and Citation.objects.filter(object_id=org.pk).count() == 1
        rows = {row["label"]: row for row in moderation.differences(revision)}
        assert rows["countries"]["proposed"] == "Thailand"
        assert any("A new passage" in item for item in rows["citations"]["proposed"])
        publisher_browser.post(
            reverse("admin:resources_revision_decide", args=[revision.pk]), {"decision": "approve"}
        )
        assert list(live(org).countries.all()) == [country]
        assert Citation.objects.filter(object_id=org.pk, content_type__model="organization").count() == 2
        assert_read_model_current()

    def test_a_revert_is_held(self, editor_client):
        org = make_publishable(OrganizationFactory(summary="First."))
        first = org.history.latest("history_id")
        org.summary = "Second."
        org.save()
        url = reverse("admin:resources_organization_simple_history", args=[org.pk, first.history_id])
        response = editor_client.post(url, form_data(editor_client.get(url)))
        assert response.status_code == 302
        assert live(org).summary == "Second."
        revision = pending(org)
        assert revision.changes["summary"]["to"] == "First."
        assert revision.origin == "revert to an earlier version"

    def test_accepting_a_public_correction_is_held(self, editor):
        service = make_publishable(SupportServiceFactory(summary="Old."))
        suggestion = CorrectionFactory(
            entry=service, proposed_changes={"phone": "+18883737888", "summary": "New."}
        )
        record = accept(user=editor, suggestion=suggestion)
        assert record.held_as is not None
        assert live(service).summary == "Old."
        assert Suggestion.objects.get(pk=suggestion.pk).status == "accepted"
        assert pending(service).changes["summary"]["to"] == "New."

    def test_the_editor_reopens_amends_and_withdraws_it(self, editor_client):
        org = make_publishable(OrganizationFactory(summary="Old.", acronym="O"))
        edit(editor_client, org, summary="Draft one.")
        page = editor_client.get(admin_url(Organization, "change", org.pk))
        assert "You are editing your revision awaiting review" in page.content.decode()
        assert page.context["adminform"].form["summary"].value() == "Draft one."
        editor_client.post(admin_url(Organization, "change", org.pk), form_data(page, acronym="OO"))
        revision = pending(org)
        assert {n: c["to"] for n, c in revision.changes.items()} == {"summary": "Draft one.", "acronym": "OO"}
        assert Revision.objects.filter(object_id=org.pk).count() == 1
        editor_client.post(
            reverse("admin:resources_revision_decide", args=[revision.pk]), {"decision": "withdraw"}
        )
        assert Revision.objects.get(pk=revision.pk).status == "withdrawn"
        assert live(org).summary == "Old."

    def test_approval_is_refused_when_the_same_field_changed_meanwhile(self, editor, publisher):
        org = make_publishable(OrganizationFactory(summary="Old.", acronym="O"))
        revision = moderation.propose(
            user=editor, record=live(org), proposed={"summary": "Mine."}, origin="t"
        )
        other = moderation.propose(user=publisher, record=live(org), proposed={"acronym": "X"}, origin="t")
        moderation.approve(user=publisher, revision=other)  # another field: no conflict
        moderation.approve(user=publisher, revision=revision)
        assert (live(org).summary, live(org).acronym) == ("Mine.", "X")
        clash = moderation.propose(user=editor, record=live(org), proposed={"summary": "Again."}, origin="t")
        Organization.objects.filter(pk=org.pk).update(summary="Someone else's.")
        with pytest.raises(moderation.ValidationError, match="summary changed since"):
            moderation.approve(user=publisher, revision=clash)
        assert live(org).summary == "Someone else's."
        assert Revision.objects.get(pk=clash.pk).status == "pending"

    def test_a_revision_of_a_deleted_record_cannot_be_approved(self, editor, publisher_browser):
        org = make_publishable(OrganizationFactory(summary="Old."))
        revision = moderation.propose(user=editor, record=live(org), proposed={"summary": "New."}, origin="t")
        org.delete()
        response = publisher_browser.post(
            reverse("admin:resources_revision_decide", args=[revision.pk]),
            {"decision": "approve"},
            follow=True,
        )
        assert "the record was deleted since" in response.content.decode()
        assert Revision.objects.get(pk=revision.pk).status == "pending"
        assert publisher_browser.get(admin_url(Revision, "change", revision.pk)).status_code == 200

    def test_a_stale_form_is_refused_for_a_revision_too(self, editor_client, publisher):
        org = make_publishable(OrganizationFactory(summary="Old."))
        url = admin_url(Organization, "change", org.pk)
        page = editor_client.get(url)
        org.summary = "Changed by a publisher."
        org.save()
        response = editor_client.post(url, form_data(page, summary="Mine."))
        assert response.status_code == 200
        assert not Revision.objects.filter(object_id=org.pk).exists()

    def test_the_admin_index_counts_what_awaits_review(self, editor_client, publisher_browser):
        org = make_publishable(OrganizationFactory(summary="Old."))
        edit(editor_client, org, summary="New.")
        index = publisher_browser.get(reverse("admin:index")).content.decode()
        summary = index[index.index('id="review-summary"') :]
        awaiting = summary[summary.index("Revisions awaiting review") :]
        assert awaiting.split("<td>", 1)[1].startswith("1</td>")
        verifying = summary[summary.index("Published records that need verifying") :]
        assert verifying.split("<td>", 1)[1].startswith(f"{moderation.overdue_count()}</td>")
        assert moderation.overdue_count() >= 1


class TestWhatGoesLiveDirectly:
    def test_a_publishers_own_edit(self, publisher_client):
        org = make_publishable(OrganizationFactory(summary="Old."))
        assert edit(publisher_client, org, summary="New.").status_code == 302
        assert live(org).summary == "New."
        assert not Revision.objects.exists()

    def test_an_editors_edit_of_a_draft(self, editor_client):
        org = OrganizationFactory(status="draft", summary="Old.")
        assert edit(editor_client, org, summary="New.").status_code == 302
        assert live(org).summary == "New."
        assert not Revision.objects.exists()

    def test_but_not_an_editors_change_of_contact_details_on_a_draft(self, editor_client):
        service = SupportServiceFactory(status="draft", hours="9 to 5")
        edit(editor_client, service, hours="24 hours", summary="New.")
        assert live(service).hours == "9 to 5"
        assert pending(service).changes["hours"]["to"] == "24 hours"

    def test_an_editor_cannot_change_a_live_records_citation_on_its_own(self, editor_client):
        org = make_publishable(OrganizationFactory())
        citation = Citation.objects.get(object_id=org.pk, content_type__model="organization")
        url = admin_url(Citation, "change", citation.pk)
        page = editor_client.get(url)
        assert 'name="quote"' not in page.content.decode()
        editor_client.post(url, {"quote": "Changed", "source": citation.source_id})
        assert Citation.objects.get(pk=citation.pk).quote == citation.quote


class TestPublishingChecksTheRecord:
    def test_an_action_names_what_is_missing_and_publishes_nothing(self, publisher_client):
        bare = SupportServiceFactory(status="draft", provider=None, slug="bare")
        response = publisher_client.post(
            admin_url(SupportService, "changelist"),
            {"action": "publish", "_selected_action": [bare.pk]},
            follow=True,
        )
        page = response.content.decode()
        for missing in (
            "at least one focus area",
            "a coverage decision",
            "at least one citation",
            "a provider",
            "a contact channel, or the reason it has none",
        ):
            assert missing in page
        assert live(bare).status == "draft"

    def test_the_change_form_names_what_is_missing(self, publisher_client):
        draft = OrganizationFactory(status="draft")
        response = edit(publisher_client, draft, status="published")
        assert response.status_code == 200
        assert "Not published: this record needs" in response.content.decode()
        assert live(draft).status == "draft"

    def test_worldwide_and_named_places_together_are_refused(self):
        state = {"summary": "S.", "focus_areas": [1], "is_global": True, "countries": [1], "citations": [{}]}
        assert moderation.publication_problems(Organization, state) == [
            "one coverage decision, not both worldwide and named places"
        ]

    def test_a_service_with_no_contact_states_why(self):
        state = {
            "summary": "S.",
            "focus_areas": [1],
            "is_global": True,
            "citations": [{}],
            "provider": 1,
            "no_contact_reason": "A tool for investigators; victims cannot contact it.",
        }
        assert moderation.publication_problems(SupportService, state) == []

    def test_a_complete_record_is_published(self, publisher_client):
        draft = make_publishable(OrganizationFactory(status="draft"))
        publisher_client.post(
            admin_url(Organization, "changelist"), {"action": "publish", "_selected_action": [draft.pk]}
        )
        assert live(draft).status == "published"
        assert_read_model_current()


class TestVerification:
    def test_recording_one_sets_last_verified_and_says_who_how_and_on_what(self, editor_client, editor):
        org = make_publishable(OrganizationFactory())
        assert "Not yet verified by staff; facts as given by the cited sources and references" in public_page(
            org
        )
        url = reverse("admin:resources_organization_verify", args=[org.pk])
        response = editor_client.post(
            url,
            {
                "verified_on": "2026-11-30",
                "method": "official_website",
                "evidence_url": "https://example.org/about",
            },
        )
        assert response.status_code == 302
        verification = Verification.objects.get(object_id=org.pk)
        assert (verification.verified_by, verification.method) == (editor, "official_website")
        assert live(org).last_verified == datetime.date(2026, 11, 30)
        assert "Last verified by staff on" in public_page(org)

    def test_no_evidence_or_a_future_date_is_a_form_error(self, editor_client):
        org = make_publishable(OrganizationFactory())
        url = reverse("admin:resources_organization_verify", args=[org.pk])
        tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
        response = editor_client.post(url, {"verified_on": tomorrow, "method": "telephone"})
        assert response.status_code == 200
        assert "Give the evidence" in response.content.decode()
        assert "cannot be in the future" in response.content.decode()
        assert not Verification.objects.exists() and live(org).last_verified is None

    def test_the_change_form_cannot_set_it(self, publisher_client):
        org = make_publishable(OrganizationFactory())
        edit(publisher_client, org, last_verified="2026-01-01")
        assert live(org).last_verified is None

    def test_the_queue_puts_services_with_contacts_first_and_the_report_fails_when_any_is_due(self, editor):
        today = datetime.date(2026, 12, 2)
        fresh = make_publishable(OrganizationFactory(slug="fresh"))
        old = make_publishable(OrganizationFactory(slug="old"))
        never = make_publishable(OrganizationFactory(slug="never"))
        service = make_publishable(SupportServiceFactory(slug="line"))
        Organization.objects.exclude(pk__in=[fresh.pk, old.pk, never.pk, service.provider_id]).update(
            status="draft"
        )
        Organization.objects.filter(pk=service.provider_id).update(last_verified=today)
        Organization.objects.filter(pk=fresh.pk).update(last_verified=today - datetime.timedelta(days=30))
        Organization.objects.filter(pk=old.pk).update(last_verified=today - datetime.timedelta(days=400))
        queue = [record.slug for _, record in moderation.review_queue(today)]
        assert queue == ["line", "never", "old"]
        with pytest.raises(SystemExit) as exit_status:
            call_command("review_report")
        assert exit_status.value.code == 1

    def test_the_report_exits_zero_when_nothing_is_due(self, capsys):
        OrganizationFactory(status="draft")
        call_command("review_report")
        assert "Every published record was verified" in capsys.readouterr().out


class TestReferences:
    def test_a_record_page_shows_the_reference_and_the_mark_links_to_it(self):
        org = make_publishable(OrganizationFactory(founded_year=2002, reference_fields=["founded_year"]))
        reference = ReferenceFactory(
            title="About us", publisher="The organization", url="https://example.org/about"
        )
        citation = Citation.objects.create(
            entry=org, reference=reference, quote="Founded in 2002.", field="founded_year", position=5
        )
        page = public_page(org)
        assert 'href="https://example.org/about"' in page
        assert "accessed <time" in page
        assert f'href="#{citation.anchor}"' in page
        detail = Client().get(f"/api/v1/organizations/{org.slug}/").json()
        cited = next(c for c in detail["citations"] if c["reference"])
        assert cited["reference"]["url"] == "https://example.org/about" and cited["source"] is None

    def test_a_citation_names_one_origin_and_a_reference_quote_is_short(self):
        org = OrganizationFactory()
        reference = ReferenceFactory()
        both = Citation(entry=org, source=SourceFactory(), reference=reference, quote="prevention")
        with pytest.raises(moderation.ValidationError):
            both.full_clean()
        long_quote = Citation(entry=org, reference=reference, quote="x" * 401)
        with pytest.raises(moderation.ValidationError, match="at most 400"):
            long_quote.full_clean()
