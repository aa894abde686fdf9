"""manage.py backup and restore: a round trip gives identical bytes, whatever was deleted."""

import datetime
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from resources import backups, moderation
from resources.models import Citation, Organization, Reference, Revision, SupportService, Verification
from resources.seeding import seed
from suggestions.models import Suggestion
from tests.factories import CorrectionFactory, OrganizationFactory, SupportServiceFactory
from tests.read_model_checks import assert_read_model_current

# flush and loaddata need real transactions, not the test's wrapping one.
pytestmark = pytest.mark.django_db(transaction=True)


def edit_delete_rename_and_revert():
    """What staff do to live data: each leaves history that points at what changed."""
    provider = OrganizationFactory(slug="provider", name="Provider")
    service = SupportServiceFactory(slug="line", provider=provider, phone="123")
    CorrectionFactory(entry=service, proposed_changes={"phone": "456"}, contact="someone@example.org")
    service.delete()  # its history and the suggestion about it stay
    renamed = OrganizationFactory(slug="old-name", name="Old name")
    renamed.slug, renamed.name = "new-name", "New name"
    renamed.save()
    first = renamed.history.earliest()
    first.instance.save()  # a revert to the first version
    provider.delete()


@pytest.mark.slow
def test_backup_restore_backup_is_identical(tmp_path, django_user_model):
    seed()
    editor = django_user_model.objects.create_user("editor", password="pw-123456", is_staff=True)
    organization = Organization.objects.get(acronym="IOM")
    organization.summary = "Edited by staff after seeding."
    organization.save()
    moderation.record_verification(
        user=editor,
        record=organization,
        verified_on=datetime.date(2026, 12, 1),
        method="telephone",
        evidence_note="Rang the office.",
    )
    moderation.propose(user=editor, record=organization, proposed={"acronym": "OIM"}, origin="change form")
    edit_delete_rename_and_revert()
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    call_command("backup", first, stdout=None)

    call_command("flush", interactive=False, verbosity=0)
    assert not Organization.objects.exists()
    call_command("restore", first)
    call_command("backup", second)

    assert first.read_bytes() == second.read_bytes()
    assert_read_model_current()  # rebuilt after loading: backups leave it out
    assert Organization.objects.get(acronym="IOM").summary == "Edited by staff after seeding."
    assert Citation.objects.count() >= 100
    assert django_user_model.objects.get(pk=editor.pk).groups.count() == 0
    assert SupportService.history.filter(slug="line", history_type="-").exists()
    assert Suggestion.objects.get().contact == "someone@example.org"
    assert Organization.objects.get(acronym="IOM").last_verified == datetime.date(2026, 12, 1)
    assert Verification.objects.get().evidence_note == "Rang the office."
    assert Revision.objects.get().changes == {"acronym": {"from": "IOM", "to": "OIM"}}
    assert Reference.objects.count() == len(
        json.loads((settings.FIXTURES_DIR / "references.json").read_text())
    )


def test_a_backup_after_deletions_restores(tmp_path):
    edit_delete_rename_and_revert()
    archive = tmp_path / "after-deletions.json.gz"
    call_command("backup", archive, stdout=None)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", archive, stdout=None)
    assert Organization.objects.get().slug == "old-name"  # the revert
    assert not SupportService.objects.exists()


def test_compressed_backups_are_the_same_bytes_each_time(tmp_path):
    OrganizationFactory(slug="polaris")
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    call_command("backup", first, stdout=None)
    call_command("backup", second, stdout=None)
    assert first.read_bytes()[:2] == backups.GZIP_MAGIC
    assert first.read_bytes() == second.read_bytes()  # no time stamp or name in the gzip header
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", first, stdout=None)
    assert Organization.objects.filter(slug="polaris").exists()


@pytest.mark.parametrize("name", ["backup", "backup.gz.old", "directory.dump"])
@pytest.mark.parametrize("compressed", [False, True])
def test_restore_reads_a_backup_whatever_it_is_called(tmp_path, name, compressed):
    OrganizationFactory(slug="polaris")
    written = tmp_path / ("written.json.gz" if compressed else "written.json")
    call_command("backup", written, stdout=None)
    renamed = written.rename(tmp_path / name)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", renamed, stdout=None)
    assert Organization.objects.filter(slug="polaris").exists()


def test_a_backup_is_readable_by_its_owner_only(tmp_path):
    target = tmp_path / "private.json"
    call_command("backup", target, stdout=None)
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_failed_backup_leaves_the_previous_one_intact(tmp_path, monkeypatch):
    OrganizationFactory(slug="polaris")
    target = tmp_path / "nightly.json.gz"
    call_command("backup", target, stdout=None)
    previous = target.read_bytes()

    def fail(*args, **kwargs):
        yield from []
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "_every_row", fail)
    with pytest.raises(OSError, match="No space left"):
        call_command("backup", target, stdout=None)
    assert target.read_bytes() == previous
    assert [path.name for path in tmp_path.iterdir()] == ["nightly.json.gz"]  # no partial file


@pytest.mark.parametrize("damage", ["truncated", "truncated-gzip", "not-json"])
def test_restore_refuses_a_file_that_is_not_a_whole_backup(tmp_path, damage):
    OrganizationFactory(slug="polaris")
    good = tmp_path / "good.json"
    call_command("backup", good, stdout=None)
    content = good.read_bytes()
    bad = tmp_path / "bad"
    bad.write_bytes(
        {
            "truncated": content[: len(content) // 2],
            "truncated-gzip": gzip.compress(content)[:200],
            "not-json": b"PK\x03\x04 not a backup",
        }[damage]
    )
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match=f"{bad}"):
        call_command("restore", bad)
    assert not Organization.objects.exists()


def test_restore_refuses_a_database_with_data_unless_told(tmp_path):
    OrganizationFactory(slug="polaris")
    backup = tmp_path / "backup.json"
    call_command("backup", backup, stdout=None)
    OrganizationFactory(slug="added-later")
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", backup)
    assert Organization.objects.filter(slug="added-later").exists()
    call_command("restore", backup, "--replace", stdout=None)
    assert list(Organization.objects.values_list("slug", flat=True)) == ["polaris"]


def test_restore_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such backup file"):
        call_command("restore", tmp_path / "missing.json")


@pytest.mark.slow
@pytest.mark.django_db(transaction=False)
def test_two_processes_write_the_same_bytes_whatever_their_hash_seed(tmp_path):
    """Model order once came from set iteration, which PYTHONHASHSEED changes."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'directory.sqlite3'}",
    }

    def manage(*args, seed_value="0"):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env={**env, "PYTHONHASHSEED": seed_value},
            check=True,
            capture_output=True,
        )

    manage("migrate", "--no-input")
    manage("seed")
    outputs = [tmp_path / f"backup-{seed_value}.json" for seed_value in ("1", "2", "3")]
    for output in outputs:
        manage("backup", str(output), seed_value=output.stem.removeprefix("backup-"))
    assert len({Path(output).read_bytes() for output in outputs}) == 1
