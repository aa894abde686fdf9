"""The planner's statistics are refreshed after the seed and a restore."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resources.planner import refresh_statistics
from tests.factories import OrganizationFactory


def analyzed(captured):
    return any(query["sql"].strip().upper() == "ANALYZE" for query in captured)


@pytest.mark.slow
@pytest.mark.django_db
def test_the_seed_refreshes_the_statistics():
    with CaptureQueriesContext(connection) as captured:
        call_command("seed", stdout=None)
    assert analyzed(captured)


@pytest.mark.slow
@pytest.mark.django_db
def test_a_dry_run_does_not():
    with CaptureQueriesContext(connection) as captured:
        call_command("seed", "--dry-run", stdout=None)
    assert not analyzed(captured)


@pytest.mark.django_db(transaction=True)
def test_a_restore_refreshes_the_statistics(tmp_path):
    OrganizationFactory(slug="polaris")
    backup = tmp_path / "backup.json"
    call_command("backup", backup)
    call_command("flush", interactive=False, verbosity=0)
    with CaptureQueriesContext(connection) as captured:
        call_command("restore", backup)
    assert analyzed(captured)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="sqlite_stat1 is SQLite's own table")
def test_sqlite_keeps_statistics_of_the_entry_tables():
    OrganizationFactory.create_batch(3)
    refresh_statistics()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'resources_organization'")
        assert cursor.fetchone()[0] > 0
