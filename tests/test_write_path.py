"""What one write costs, pinned: an admin save of an entry, a small write, and seeding one record.

Each write still records its history, moves the entry's version (lost-update protection)
and names a new data version (the page cache); a block of writes (an admin save with its
inlines, a seed) names one data version for all of them.
"""

import pytest
from django.db import transaction

from pagecache import versioning
from pagecache.versioning import current_token
from resources.models import Organization
from resources.seeding import seed
from tests.admin_forms import admin_url, form_data
from tests.factories import FocusAreaFactory, OrganizationFactory, make_publishable
from tests.read_model_checks import lock_queries

pytestmark = pytest.mark.django_db

ONLY_ONE_ORGANIZATION = {"instruments.json": []}


def test_an_admin_save_of_an_entry(admin_client, django_assert_num_queries):
    org = make_publishable(OrganizationFactory(slug="o", name="O"))
    data = form_data(admin_client.get(admin_url(Organization, "change", org.pk)), summary="Changed.")
    before = current_token()
    versions = Organization.history.filter(id=org.pk).count()
    # Session and user; the record, its version and taxonomy choices; validation; the
    # update, its history (with each link table) and the data version; the admin log;
    # the savepoints of Django's transaction and of the field check; the citation inline
    # (its row, its source, the quote check); the read model with its kept counts and
    # change (tests/test_read_model.py pins its part).
    with django_assert_num_queries(59 + lock_queries()):
        response = admin_client.post(admin_url(Organization, "change", org.pk), data)
    assert response.status_code == 302
    assert Organization.history.filter(id=org.pk).count() == versions + 1
    assert current_token() != before


def test_creating_an_entry_and_adding_a_link(django_assert_num_queries):
    area = FocusAreaFactory(slug="protection")
    before = current_token()
    # Insert, history with each link table, data version; then for the link: the entry's
    # version, the link, a history record with each link table, the data version again;
    # the read model after each of the two writes (no block), each with the entry's
    # translations and what it counts for in the kept counts before and after (nothing,
    # for a draft: so nothing is added to them).
    with django_assert_num_queries(44 + lock_queries(2)):
        org = Organization.objects.create(name="X", slug="x", summary="S.", kind="ngo")
        org.focus_areas.add(area)
    assert Organization.history.filter(id=org.pk).count() == 2
    assert Organization.objects.get(pk=org.pk).version == 2
    assert current_token() != before


def test_seeding_one_record(fixtures_dir, django_assert_num_queries):
    directory = fixtures_dir(ONLY_ONE_ORGANIZATION)
    before = current_token()
    # Two regions, a country, a focus area and a source, then the organization with a
    # country, a focus area and a citation, each checked before it is written; one data
    # version for all of it (it was one per record and link: 7 here); the read model once,
    # in full, since a grouping's members were set, with its kept counts (what the record
    # counted for before and after, then their read, upsert and clean-up; when the kind
    # last changed, its first change inserted); the references (none here); the published
    # organization's publication check (its links and citations).
    with django_assert_num_queries(127 + lock_queries()):
        report = seed(directory)
    assert report.total("created") == 6
    assert current_token() != before
    assert Organization.history.filter(id=Organization.objects.get().pk).count() == 3


def test_seeding_it_again_writes_nothing(fixtures_dir, django_assert_num_queries):
    directory = fixtures_dir(ONLY_ONE_ORGANIZATION)
    seed(directory)
    before = current_token()
    # Each record read and its digest compared; its links and citations read.
    with django_assert_num_queries(36):
        report = seed(directory)
    assert report.total("unchanged") == 6
    assert current_token() == before  # nothing written, no new version


def test_a_block_inside_a_block_names_one_version(django_assert_num_queries):
    before = current_token()
    with versioning.one_version_for_the_block():
        OrganizationFactory(slug="a")
        with versioning.one_version_for_the_block():
            OrganizationFactory(slug="b")
        assert current_token() == before  # named at the end of the outer block only
    assert current_token() != before


@pytest.fixture
def tokens_written(monkeypatch):
    """The data versions written, counted where they are written."""
    written = []
    write = versioning._write_token
    monkeypatch.setattr(versioning, "_write_token", lambda: written.append(1) or write())
    return written


def test_a_block_names_its_version_once(tokens_written):
    with versioning.one_version_for_the_block():
        for n in range(3):
            OrganizationFactory(slug=f"org-{n}").focus_areas.add(FocusAreaFactory())
    assert len(tokens_written) == 1


def test_a_failed_block_names_no_version(tokens_written):
    with pytest.raises(RuntimeError), transaction.atomic(), versioning.one_version_for_the_block():
        OrganizationFactory(slug="a")
        raise RuntimeError("the save fails")
    assert tokens_written == []
    assert not Organization.objects.filter(slug="a").exists()


def test_a_dry_run_of_the_seed_names_no_version(fixtures_dir, tokens_written):
    seed(fixtures_dir(), dry_run=True)
    assert tokens_written == []
    assert not Organization.objects.exists()
