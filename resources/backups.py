"""One-file backups of everything the directory holds, and their restore.

A backup is Django's JSON serialization of every table with content (entries,
citations, sources, taxonomy, history, suggestions, staff accounts and groups,
the admin log). Tables that only cache or log security events (sessions, login
attempts) are left out, and so are content types and permissions, which `migrate`
recreates on any database.

- **Foreign keys by primary key**, except those to content types and permissions,
  which another database numbers differently: those by natural key. Not natural keys
  throughout, because history rows keep the keys of records deleted since
  (simple-history's foreign keys have no constraint), and a deleted record's natural
  key cannot be looked up.
- **The same database gives the same bytes**: models in a fixed order (by label),
  rows by primary key, many-to-many keys sorted, gzip without a time stamp, so that
  two backups, or a backup of a restore, can be compared byte for byte.
- **Never half a file**: written to a temporary file beside the target, which replaces
  the target only when complete; a failed backup leaves the previous one as it was.
  Mode 0600: it holds password hashes and suggesters' contact details.
- **Restore reads what backup wrote**, compressed or not, whatever the file is called.
"""

import gzip
import io
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError, transaction

from directory import serialization
from pagecache import versioning
from resources.planner import refresh_statistics
from resources.readmodel import writer
from resources.readmodel.maintenance import write_block

# Recreated by `migrate`, or short-lived records nobody restores.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    # The data version is replaced after a restore, never restored.
    "pagecache",
    # The read model is built from the records after a restore (resources/readmodel/).
    "resources.publicentry",
    "resources.publicplace",
    "resources.publicregion",
    "resources.publicterm",
    "resources.publictext",
    "resources.searchword",
    "resources.publiccount",
    "resources.publicchange",
]
# Created by the migrations themselves; the backup brings its own.
CREATED_BY_MIGRATIONS = (Group,)
# Numbered by `migrate` on each database: referred to by natural key.
NATURAL_KEY_MODELS = (ContentType, Permission)
GZIP_MAGIC = b"\x1f\x8b"
FILE_MODE = 0o600


class RestoreRefused(Exception):
    pass


class BackupSerializer(serialization.Serializer):
    """Foreign keys as primary keys, but content types and permissions by natural key."""

    def handle_fk_field(self, obj, field):
        # Content types are the only one of the two that models point to by foreign key.
        value = field.value_from_object(obj)
        if value is not None and field.related_model is ContentType:
            value = ContentType.objects.get_for_id(value).natural_key()  # cached per process
        self._current[field.name] = value

    def handle_m2m_field(self, obj, field):
        if not field.remote_field.through._meta.auto_created:
            return
        related = getattr(obj, field.name)
        if field.related_model in NATURAL_KEY_MODELS:
            values = sorted(item.natural_key() for item in related.all())
        else:
            values = sorted(related.values_list("pk", flat=True))
        self._current[field.name] = values


def backed_up_models():
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps
        and model._meta.label_lower not in excluded_models
        and model._meta.managed
        and not model._meta.proxy
    ]
    return sorted(models, key=lambda model: model._meta.label_lower)


def holds_data():
    """The models (labels) that already hold rows a restore would collide with."""
    return [
        model._meta.label
        for model in backed_up_models()
        if model not in CREATED_BY_MIGRATIONS and model._base_manager.exists()
    ]


def _every_row():
    for model in backed_up_models():
        yield from model._base_manager.order_by("pk").iterator()


def write_backup(path):
    """Write the backup to ``path`` (gzip-compressed when it ends in ``.gz``)."""
    path = Path(path)
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        os.fchmod(descriptor, FILE_MODE)
        with os.fdopen(descriptor, "wb") as raw:
            if path.suffix == ".gz":
                with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as compressed:
                    _serialize(compressed)
            else:
                _serialize(raw)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _serialize(binary):
    text = io.TextIOWrapper(binary, encoding="utf-8", newline="\n")
    with _one_snapshot():
        BackupSerializer().serialize(_every_row(), stream=text, indent=1)
    text.flush()
    text.detach()  # leave ``binary`` open for its owner to close


@contextmanager
def _one_snapshot():
    """On PostgreSQL, every table read as of one moment, whatever staff save meanwhile: a
    read-only repeatable-read transaction. (SQLite's transactions here take the write lock
    at once, which would hold up every save for the length of the backup.)"""
    connection = transaction.get_connection()
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _open_backup(path):
    with open(path, "rb") as probe:
        compressed = probe.read(2) == GZIP_MAGIC
    return gzip.open(path, "rb") if compressed else open(path, "rb")


def restore_backup(path, replace=False):
    """Load a backup. Refused when the database holds data, unless ``replace``.

    Raises RestoreRefused, naming the file, when it is not a whole backup; the database
    is then left as it was.
    """
    occupied = holds_data()
    if occupied and not replace:
        raise RestoreRefused(
            f"The database already holds data ({', '.join(occupied[:5])}"
            f"{', ...' if len(occupied) > 5 else ''}); restore into an empty database, "
            "or pass --replace to delete everything first."
        )
    with tempfile.TemporaryDirectory() as scratch:
        # loaddata tells formats by the file name: give it a plain copy with a JSON name.
        plain = Path(scratch) / "backup.json"
        try:
            with _open_backup(path) as source, open(plain, "wb") as target:
                shutil.copyfileobj(source, target)
        except (OSError, EOFError) as error:
            raise RestoreRefused(f"{path} is not a readable backup: {error}") from None
        try:
            with transaction.atomic(), write_block():
                if replace:
                    call_command("flush", interactive=False, verbosity=0)
                for model in CREATED_BY_MIGRATIONS:
                    model._default_manager.all().delete()
                call_command("loaddata", str(plain), verbosity=0)
                # The read model is derived, never backed up: built from what was loaded.
                writer.rebuild()
                # Cached pages of the data before the restore are never served again.
                versioning.bump()
        except (DeserializationError, IntegrityError) as error:
            first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise RestoreRefused(
                f"{path} is not a whole backup; nothing was changed ({first_line})."
            ) from None
    refresh_statistics()
