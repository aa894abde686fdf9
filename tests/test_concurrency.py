"""No lost updates: an entry's save from an older version is refused, naming what changed."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.http import QueryDict
from django.test import Client

from resources import kinds, selectors, services
from resources.models import FocusArea, LegalInstrument, Organization, SupportService
from tests.admin_forms import admin_url, form_data
from tests.factories import (
    FocusAreaFactory,
    LegalInstrumentFactory,
    OrganizationFactory,
    RegionFactory,
    SupportServiceFactory,
    make_publishable,
)
from tests.read_model_checks import expected_snapshot, snapshot

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


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_kind_keep_its_counts_right():
    """One deletes a service while another rewrites it (its focus area renamed): the second
    waits for the first, and the kept counts stay those of a rebuild."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: no two writes can overlap")
    area = FocusAreaFactory(slug="protection")
    doomed, kept = SupportServiceFactory(), SupportServiceFactory()
    for service in (doomed, kept):
        service.focus_areas.add(area)
    deleted, errors = threading.Event(), []

    def delete():
        try:
            with transaction.atomic():
                SupportService.objects.get(pk=doomed.pk).delete()
                deleted.set()
                time.sleep(1)  # the rename starts meanwhile
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    def rename():
        deleted.wait()
        try:
            with transaction.atomic():
                FocusArea.objects.filter(pk=area.pk).get().save()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=delete), threading.Thread(target=rename)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert snapshot() == expected_snapshot()
    kind = kinds.BY_KEY["service"]
    filterset = kind.filterset_class(QueryDict("focus_area=protection"), queryset=selectors.published(kind))
    assert filterset.is_valid() and filterset.total() == filterset.qs.count() == 1
