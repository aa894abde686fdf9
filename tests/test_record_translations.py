"""Records in each language: translations beside the English, reviewed or not, and said so."""

import json

import pytest
from django.utils import timezone

from resources.models import Organization, RecordTranslation
from resources.seeding import FixtureError, seed
from tests.admin_forms import admin_url, form_data
from tests.factories import OrganizationFactory, StrategyFactory, SupportServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def translate(record, language="es", reviewed=False, **text):
    return RecordTranslation.objects.create(
        record=record,
        language=language,
        name=text.get("name", f"{record.name} ({language})"),
        summary=text.get("summary", f"Resumen de {record.name}."),
        description=text.get("description", ""),
        translated_by="Directory editors",
        reviewed_by=UserFactory() if reviewed else None,
        reviewed_at=timezone.now() if reviewed else None,
    )


# The review --------------------------------------------------------------------------


def test_editing_a_reviewed_translation_withdraws_the_review():
    translation = translate(OrganizationFactory(), reviewed=True)
    translation.summary = "Otro resumen."
    translation.save()
    translation.refresh_from_db()
    assert not translation.is_reviewed and translation.reviewed_by is None


def test_a_review_given_with_the_edit_stands():
    translation = translate(OrganizationFactory(), reviewed=True)
    translation.summary = "Otro resumen."
    translation.reviewed_at = timezone.now()
    translation.save()
    translation.refresh_from_db()
    assert translation.is_reviewed


def test_changing_who_translated_keeps_the_review():
    translation = translate(OrganizationFactory(), reviewed=True)
    translation.translated_by = "A. Translator"
    translation.save()
    translation.refresh_from_db()
    assert translation.is_reviewed


# Pages -------------------------------------------------------------------------------


def test_a_translated_page_shows_the_translation_and_says_it_is_unreviewed(client):
    record = OrganizationFactory(name="Polaris Project", summary="Runs a hotline.")
    translate(record, name="Proyecto Polaris", summary="Gestiona una línea de ayuda.")
    page = client.get(f"/es/organizations/{record.slug}/").content.decode()
    assert "<h1>Proyecto Polaris</h1>" in page
    assert "Gestiona una línea de ayuda." in page
    assert 'class="notice translation-note"' in page
    assert "Runs a hotline." not in page


def test_a_reviewed_translation_carries_no_note(client):
    record = OrganizationFactory()
    translate(record, reviewed=True)
    page = client.get(f"/es/organizations/{record.slug}/").content.decode()
    assert "translation-note" not in page


def test_an_untranslated_record_falls_back_to_english_marked_as_such(client):
    record = OrganizationFactory(name="Polaris Project", description="Founded in Washington.")
    translate(record, language="fr")  # not Spanish
    page = client.get(f"/es/organizations/{record.slug}/").content.decode()
    assert '<h1 lang="en" dir="ltr">Polaris Project</h1>' in page
    assert '<div class="description" lang="en" dir="ltr"><p>Founded in Washington.</p></div>' in page
    assert 'class="notice translation-note"' in page


def test_a_translation_without_a_description_shows_the_english_one_marked(client):
    record = OrganizationFactory(description="Founded in Washington.")
    translate(record)
    page = client.get(f"/es/organizations/{record.slug}/").content.decode()
    assert '<div class="description" lang="en" dir="ltr">' in page


def test_the_english_page_is_the_record_itself(client):
    record = OrganizationFactory(name="Polaris Project")
    translate(record, name="Proyecto Polaris")
    page = client.get(f"/organizations/{record.slug}/").content.decode()
    assert "<h1>Polaris Project</h1>" in page
    assert "Proyecto Polaris" not in page and "translation-note" not in page


def test_list_rows_say_which_translations_are_unreviewed(client):
    unreviewed, reviewed, untranslated = OrganizationFactory.create_batch(3)
    translate(unreviewed, name="Sin revisar")
    translate(reviewed, name="Revisada", reviewed=True)
    page = client.get("/es/organizations/").content.decode()
    assert "Sin revisar" in page and "Revisada" in page
    assert page.count('class="unreviewed"') == 1
    assert f'<a href="/es/organizations/{untranslated.slug}/"><span lang="en" dir="ltr">' in page


def test_related_records_are_named_in_the_page_language(client):
    provider = OrganizationFactory(name="Polaris Project")
    translate(provider, name="Proyecto Polaris")
    service = SupportServiceFactory(provider=provider)
    strategy = StrategyFactory()
    strategy.lead_organizations.add(provider)
    for path in (f"/es/services/{service.slug}/", f"/es/strategies/{strategy.slug}/"):
        page = client.get(path).content.decode()
        assert "Proyecto Polaris" in page and "Polaris Project" not in page, path


def test_the_title_element_holds_plain_text(client):
    record = OrganizationFactory(name="Polaris Project")
    page = client.get(f"/es/organizations/{record.slug}/").content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Polaris Project" in title and "<span" not in title


def test_a_list_in_another_language_costs_one_query_more(client, django_assert_num_queries):
    for record in OrganizationFactory.create_batch(5):
        translate(record)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as english:
        client.get("/organizations/")
    with django_assert_num_queries(len(english) + 1):
        client.get("/es/organizations/")


# API ---------------------------------------------------------------------------------


def test_the_api_gives_the_text_in_the_language_asked_for_and_says_so(client):
    record = OrganizationFactory(name="Polaris Project", summary="Runs a hotline.")
    translate(record, name="Proyecto Polaris", summary="Gestiona una línea de ayuda.")
    data = client.get(f"/api/v1/organizations/{record.slug}/?lang=es").json()
    assert data["name"] == "Proyecto Polaris"
    assert data["text_languages"]["name"] == {"language": "es", "translated": True, "reviewed": False}
    assert data["text_languages"]["description"]["language"] == "en"
    listed = client.get("/api/v1/organizations/", HTTP_ACCEPT_LANGUAGE="es").json()["results"][0]
    assert listed["summary"] == "Gestiona una línea de ayuda."


def test_the_api_in_english_gives_the_original(client):
    record = OrganizationFactory(name="Polaris Project")
    translate(record, reviewed=True)
    data = client.get(f"/api/v1/organizations/{record.slug}/").json()
    assert data["name"] == "Polaris Project"
    assert data["text_languages"]["name"] == {"language": "en", "translated": False, "reviewed": None}


def test_a_reviewed_translation_is_reported_reviewed(client):
    record = OrganizationFactory()
    translate(record, language="fr", reviewed=True)
    data = client.get(f"/api/v1/organizations/{record.slug}/?lang=fr").json()
    assert data["text_languages"]["summary"] == {"language": "fr", "translated": True, "reviewed": True}


def test_exports_are_in_the_language_asked_for(client):
    record = OrganizationFactory(name="Polaris Project")
    translate(record, name="Proyecto Polaris")
    response = client.get("/api/v1/organizations/export.csv?lang=es")
    text = b"".join(response.streaming_content).decode()
    assert "Proyecto Polaris" in text
    assert "name: es, not reviewed | summary: es, not reviewed | description: en" in text
    response = client.get("/api/v1/organizations/export.ndjson?lang=es")
    row = json.loads(b"".join(response.streaming_content).decode().splitlines()[0])
    assert row["name"] == "Proyecto Polaris"


# The admin ---------------------------------------------------------------------------


def test_a_publisher_reviews_a_translation_in_the_record_form(publisher_client, publisher):
    record = OrganizationFactory(status="draft")
    translation = translate(record)
    page = publisher_client.get(admin_url(Organization, "change", record.pk))
    assert record.summary in page.content.decode()  # the English beside the translation
    prefix = page.context["inline_admin_formsets"][1].formset.prefix
    response = publisher_client.post(
        admin_url(Organization, "change", record.pk), form_data(page, **{f"{prefix}-0-reviewed": "on"})
    )
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.is_reviewed and translation.reviewed_by == publisher


def test_an_editor_cannot_review_and_an_edit_withdraws_the_review(editor_client):
    record = OrganizationFactory(status="draft")
    translation = translate(record, reviewed=True)
    page = editor_client.get(admin_url(Organization, "change", record.pk))
    formset = page.context["inline_admin_formsets"][1].formset
    assert formset.forms[0].fields["reviewed"].disabled
    data = form_data(page, **{f"{formset.prefix}-0-summary": "Otro resumen."})
    data.pop(f"{formset.prefix}-0-reviewed", None)
    editor_client.post(admin_url(Organization, "change", record.pk), data)
    translation.refresh_from_db()
    assert translation.summary == "Otro resumen." and not translation.is_reviewed


# The seed ----------------------------------------------------------------------------


def translation_file(**changes):
    record = {
        "kind": "organization",
        "slug": "polaris",
        "name": "Polaris",
        "summary": "Gestiona una línea de ayuda.",
        "translated_by": "Directory editors",
    }
    record.update(changes)
    return [record]


def test_the_seed_writes_translations_and_leaves_staff_ones_alone(fixtures_dir):
    directory = fixtures_dir({"translations/es.json": translation_file()})
    report = seed(directory)
    assert report.counts["translations (es)"]["created"] == 1
    translation = RecordTranslation.objects.get(language="es")
    assert translation.summary == "Gestiona una línea de ayuda." and not translation.is_reviewed
    assert seed(directory).counts["translations (es)"]["unchanged"] == 1

    translation.summary = "Editada por el personal."
    translation.save()
    changed = fixtures_dir({"translations/es.json": translation_file(summary="Nueva versión.")})
    assert seed(changed).counts["translations (es)"]["skipped"] == 1
    translation.refresh_from_db()
    assert translation.summary == "Editada por el personal."


def test_the_seed_leaves_a_reviewed_translation_alone(fixtures_dir):
    seed(fixtures_dir({"translations/es.json": translation_file()}))
    RecordTranslation.objects.update(reviewed_at=timezone.now())
    report = seed(fixtures_dir({"translations/es.json": translation_file(summary="Nueva versión.")}))
    assert report.counts["translations (es)"]["skipped"] == 1
    assert RecordTranslation.objects.get().summary == "Gestiona una línea de ayuda."


def test_the_seed_updates_a_translation_nobody_touched(fixtures_dir):
    seed(fixtures_dir({"translations/es.json": translation_file()}))
    report = seed(fixtures_dir({"translations/es.json": translation_file(summary="Nueva versión.")}))
    assert report.counts["translations (es)"]["updated"] == 1
    assert RecordTranslation.objects.get().summary == "Nueva versión."


@pytest.mark.parametrize(
    "path, content, message",
    [
        ("translations/es.json", "[{", "translations/es.json: invalid JSON"),
        ("translations/xx.json", "[]", "translations/xx.json: not a translation file"),
        ("translations/es.json", translation_file(slug="nobody"), "record 'organization/nobody'"),
        ("translations/es.json", translation_file(kind="person"), "unknown kind 'person'"),
        ("translations/es.json", translation_file(summary=""), "summary must be a non-empty string"),
        ("translations/es.json", translation_file(colour="red"), "unknown field(s) colour"),
        ("translations/es.json", translation_file() * 2, "translated twice"),
        ("translations/es.json", translation_file(name="x" * 301), "record 'organization/polaris'"),
    ],
)
def test_a_malformed_translation_file_aborts_the_seed_and_writes_nothing(
    fixtures_dir, path, content, message
):
    with pytest.raises(FixtureError) as error:
        seed(fixtures_dir({path: content}))
    assert message in str(error.value)
    assert not Organization.objects.exists() and not RecordTranslation.objects.exists()


def test_feeds_sources_and_structured_data_name_records_in_the_page_language(client):
    from tests.factories import CitationFactory, SourceFactory

    record = OrganizationFactory(name="Polaris Project", summary="Runs a hotline.")
    translate(record, name="Proyecto Polaris", summary="Gestiona una línea de ayuda.")
    source = SourceFactory(slug="doc", text="Polaris runs a hotline.")
    CitationFactory(entry=record, source=source, quote="Polaris runs a hotline.")
    feed = client.get("/es/organizations/feed.atom").content.decode()
    assert "<title>Proyecto Polaris</title>" in feed and "Gestiona una línea de ayuda." in feed
    source_page = client.get("/es/sources/doc/").content.decode()
    assert "Proyecto Polaris" in source_page and "Polaris Project" not in source_page
    page = client.get(f"/es/organizations/{record.slug}/").content.decode()
    structured = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert '"name": "Proyecto Polaris"' in structured and '"inLanguage": "es"' in structured
    assert "“Proyecto Polaris”" in page  # "Cite this record"


def test_publishers_find_the_translations_awaiting_review(publisher_client):
    waiting, done = OrganizationFactory.create_batch(2)
    translate(waiting, name="Pendiente")
    translate(done, name="Revisada", reviewed=True)
    page = publisher_client.get(admin_url(RecordTranslation, "changelist"), {"reviewed": "no"})
    text = page.content.decode()
    assert "Pendiente" in text and "Revisada" not in text
    assert admin_url(Organization, "change", waiting.pk) in text


def test_moving_a_translation_to_another_language_withdraws_the_review():
    translation = translate(OrganizationFactory(), reviewed=True)
    translation.language = "fr"
    translation.save()
    translation.refresh_from_db()
    assert not translation.is_reviewed


def test_a_publishers_edit_withdraws_the_review_unless_they_tick_it_again(publisher_client, publisher):
    record = OrganizationFactory(status="draft")
    translation = translate(record, reviewed=True)
    page = publisher_client.get(admin_url(Organization, "change", record.pk))
    prefix = page.context["inline_admin_formsets"][1].formset.prefix
    publisher_client.post(
        admin_url(Organization, "change", record.pk), form_data(page, **{f"{prefix}-0-summary": "Otro."})
    )
    translation.refresh_from_db()
    assert translation.summary == "Otro." and not translation.is_reviewed
    page = publisher_client.get(admin_url(Organization, "change", record.pk))
    publisher_client.post(
        admin_url(Organization, "change", record.pk), form_data(page, **{f"{prefix}-0-reviewed": "on"})
    )
    translation.refresh_from_db()
    assert translation.is_reviewed and translation.reviewed_by == publisher


def test_a_second_translation_into_the_same_language_is_a_form_error(publisher_client):
    record = OrganizationFactory(status="draft")
    translate(record, language="es")
    page = publisher_client.get(admin_url(Organization, "change", record.pk))
    prefix = page.context["inline_admin_formsets"][1].formset.prefix
    data = form_data(
        page,
        **{
            f"{prefix}-TOTAL_FORMS": "2",
            f"{prefix}-1-language": "es",
            f"{prefix}-1-name": "Otra",
            f"{prefix}-1-summary": "Otra.",
            f"{prefix}-1-translated_by": "Editors",
        },
    )
    response = publisher_client.post(admin_url(Organization, "change", record.pk), data)
    assert response.status_code == 200
    assert "A record has one translation per language." in response.content.decode()
    assert RecordTranslation.objects.count() == 1


def test_editors_translate_drafts_and_only_publishers_live_records(editor_client):
    live, draft = OrganizationFactory(status="published"), OrganizationFactory(status="draft")
    for record in (live, draft):
        translate(record)
    live_page = editor_client.get(admin_url(Organization, "change", live.pk))
    draft_page = editor_client.get(admin_url(Organization, "change", draft.pk))
    live_inline = live_page.context["inline_admin_formsets"][1]
    draft_inline = draft_page.context["inline_admin_formsets"][1]
    assert not live_inline.has_change_permission and not live_inline.has_add_permission
    assert draft_inline.has_change_permission and draft_inline.has_add_permission


def test_the_csv_export_gives_the_languages_last(client):
    OrganizationFactory()
    response = client.get("/api/v1/organizations/export.csv")
    header = b"".join(response.streaming_content).decode().splitlines()[0].split(",")
    assert header[-1] == "text_languages" and header[:4] == ["slug", "name", "summary", "description"]


# The fixed vocabulary ---------------------------------------------------------------


def test_regions_and_terms_are_named_in_the_page_language(client):
    from tests.factories import FocusAreaFactory, RegionFactory

    area = FocusAreaFactory(slug="protection", name="Protection")
    region = RegionFactory(slug="south-eastern-asia", name="South-eastern Asia")
    topic = client.get(f"/es/topics/{area.slug}/").content.decode()
    assert "<h1>Protección</h1>" in topic
    page = client.get(f"/zh-hans/regions/{region.slug}/").content.decode()
    assert "<h1>东南亚</h1>" in page
    assert "<h1>Protection</h1>" in client.get(f"/topics/{area.slug}/").content.decode()


def test_a_name_staff_changed_shows_as_stored_until_the_catalogs_have_it(client):
    from tests.factories import FocusAreaFactory

    area = FocusAreaFactory(slug="care", name="Aftercare")
    assert "<h1>Aftercare</h1>" in client.get(f"/es/topics/{area.slug}/").content.decode()
