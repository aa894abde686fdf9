"""No lost updates: an entry's save from an older version is refused, naming what changed."""

import pytest
from django.test import Client

from resources import services
from resources.models import LegalInstrument, Organization
from tests.admin_forms import admin_url, form_data
from tests.factories import LegalInstrumentFactory, OrganizationFactory, RegionFactory, make_publishable

pytestmark = pytest.mark.django_db


def staff_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_single_edit_saves_and_moves_the_version(editor_client):
    org = OrganizationFactory(status="draft", summary="Old.")
    assert org.version == 1
    page = editor_client.get(admin_url(Organization, "change", org.pk))
    assert b'name="loaded_version"' in page.content
    assert page.context["adminform"].form["loaded_version"].value() == 1
    response = editor_client.post(admin_url(Organization, "change", org.pk), form_data(page, summary="New."))
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.summary, org.version) == ("New.", 2)


def test_the_second_of_two_concurrent_edits_is_refused_and_the_first_kept(editor, publisher):
    org = OrganizationFactory(status="draft", summary="Runs a hotline.", acronym="")
    first, second = staff_client(publisher), staff_client(editor)
    url = admin_url(Organization, "change", org.pk)
    first_page, second_page = first.get(url), second.get(url)

    assert first.post(url, form_data(first_page, summary="Runs two hotlines.")).status_code == 302
    response = second.post(url, form_data(second_page, acronym="PP"))

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "changed by publisher" in errors
    assert "Summary: Runs a hotline. → Runs two hotlines." in errors
    assert "reload" in errors.lower()
    assert "Summary: Runs a hotline." in response.content.decode()
    org.refresh_from_db()
    assert (org.summary, org.acronym, org.version) == ("Runs two hotlines.", "", 2)


def test_a_link_changed_meanwhile_is_named(editor, publisher):
    org = OrganizationFactory(status="draft")
    url = admin_url(Organization, "change", org.pk)
    stale = staff_client(editor).get(url)
    org.regions.add(RegionFactory(name="Western Africa"))
    org.name = "Renamed"
    org.save()
    response = staff_client(editor).post(url, form_data(stale, summary="Mine."))
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "Regions: (empty) → Western Africa" in errors
    assert "Name:" in errors
    org.refresh_from_db()
    assert org.summary != "Mine."


def test_a_revert_from_a_stale_page_is_refused(publisher_client):
    org = OrganizationFactory(summary="First.")
    first = org.history.latest("history_id")
    org.summary = "Second."
    org.save()
    url = admin_url(Organization, "simple_history", org.pk, first.history_id)
    page = publisher_client.get(url)
    assert page.context["adminform"].form["loaded_version"].value() == 2
    org.summary = "Third."
    org.save()
    response = publisher_client.post(url, form_data(page))
    assert response.status_code == 200
    assert "Summary: Second. → Third." in " ".join(response.context["adminform"].form.non_field_errors())
    org.refresh_from_db()
    assert org.summary == "Third."


def test_every_save_moves_the_version_even_from_a_stale_copy(publisher):
    org = make_publishable(OrganizationFactory(status="draft"))
    stale = Organization.objects.get(pk=org.pk)
    org.save()
    services.entries_set_status(user=publisher, queryset=Organization.objects.all(), status="published")
    org.refresh_from_db()
    assert org.version == stale.version + 2
    stale.save()  # a copy loaded at an older version does not take the version back
    stale.refresh_from_db()
    assert stale.version == org.version + 1


def test_check_version_passes_the_current_version_and_refuses_an_older_one():
    org = OrganizationFactory()
    services.check_version(Organization, org.pk, 1)
    org.save()
    with pytest.raises(services.StaleVersionError, match="changed by an unknown user"):
        services.check_version(Organization, org.pk, 1)


def test_a_change_of_links_moves_the_version_from_either_side():
    org = OrganizationFactory()
    instrument = LegalInstrumentFactory()
    instrument.custodians.add(org)
    assert instrument.version == 2
    org.custodian_of.clear()
    instrument.refresh_from_db()
    assert instrument.version == 3
    org.custodian_of.add(instrument)
    assert LegalInstrument.objects.get(pk=instrument.pk).version == 4
