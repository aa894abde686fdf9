"""manage.py backup and restore: a round trip gives identical content."""

import pytest
from django.core.management import CommandError, call_command

from resources.models import Citation, Organization
from resources.seeding import seed
from tests.factories import OrganizationFactory

# flush and loaddata need real transactions, not the test's wrapping one.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.slow
def test_backup_restore_backup_is_identical(tmp_path, django_user_model):
    seed()
    editor = django_user_model.objects.create_user("editor", password="pw-123456", is_staff=True)
    organization = Organization.objects.get(acronym="IOM")
    organization.summary = "Edited by staff after seeding."
    organization.save()
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    call_command("backup", first, stdout=None)

    call_command("flush", interactive=False, verbosity=0)
    assert not Organization.objects.exists()
    call_command("restore", first)
    call_command("backup", second)

    assert first.read_bytes() == second.read_bytes()
    assert Organization.objects.get(acronym="IOM").summary == "Edited by staff after seeding."
    assert Citation.objects.count() >= 100
    assert django_user_model.objects.get(pk=editor.pk).groups.count() == 0


def test_compressed_backups(tmp_path):
    OrganizationFactory(slug="polaris")
    archive = tmp_path / "backup.json.gz"
    call_command("backup", archive)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", archive)
    assert Organization.objects.filter(slug="polaris").exists()


def test_restore_refuses_a_database_with_data_unless_told(tmp_path):
    OrganizationFactory(slug="polaris")
    backup = tmp_path / "backup.json"
    call_command("backup", backup)
    OrganizationFactory(slug="added-later")
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", backup)
    assert Organization.objects.filter(slug="added-later").exists()
    call_command("restore", backup, "--replace")
    assert list(Organization.objects.values_list("slug", flat=True)) == ["polaris"]


def test_restore_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such backup file"):
        call_command("restore", tmp_path / "missing.json")
