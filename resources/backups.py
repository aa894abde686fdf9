"""One-file backups of everything the directory holds, and their restore.

A backup is Django's JSON serialization of every table with content (entries,
citations, sources, taxonomy, history, suggestions, staff accounts and groups,
the admin log), with natural keys for content types and permissions, which
`migrate` recreates on any database. Tables that only cache or log security
events (sessions, login attempts) are left out.
"""

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction

from pagecache import versioning
from resources.planner import refresh_statistics

# Recreated by `migrate`, or short-lived records nobody restores.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    # The data version is replaced after a restore, never restored.
    "pagecache",
]
# Created by the migrations themselves; the backup brings its own.
CREATED_BY_MIGRATIONS = (Group,)


class RestoreRefused(Exception):
    pass


def backed_up_models():
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps
        and model._meta.label_lower not in excluded_models
        and model._meta.managed
        and not model._meta.proxy
    ]


def holds_data():
    """The models (labels) that already hold rows a restore would collide with."""
    return [
        model._meta.label
        for model in backed_up_models()
        if model not in CREATED_BY_MIGRATIONS and model._default_manager.exists()
    ]


def write_backup(path):
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        natural_foreign=True,
        indent=1,
        output=str(path),
        verbosity=0,
    )


def restore_backup(path, replace=False):
    """Load a backup. Refused when the database holds data, unless ``replace``."""
    occupied = holds_data()
    if occupied and not replace:
        raise RestoreRefused(
            f"The database already holds data ({', '.join(occupied[:5])}"
            f"{', ...' if len(occupied) > 5 else ''}); restore into an empty database, "
            "or pass --replace to delete everything first."
        )
    with transaction.atomic():
        if replace:
            call_command("flush", interactive=False, verbosity=0)
        for model in CREATED_BY_MIGRATIONS:
            model._default_manager.all().delete()
        call_command("loaddata", str(path), verbosity=0)
        # Cached pages of the data before the restore are never served again.
        versioning.bump()
    refresh_statistics()
