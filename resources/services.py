"""Write logic with rules of its own, shared by the admin, commands and tests."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from simple_history.utils import get_m2m_reverse_field_name

EDITORS = "Editors"
PUBLISHERS = "Publishers"


def publish_permission(model):
    """The permission that lets a user publish and archive records of ``model``."""
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def can_publish(user, model):
    return user.has_perm(publish_permission(model))


def entries_set_status(*, user, queryset, status):
    """Publish or archive the records in ``queryset``; returns how many changed.

    Refused for a user without the model's publish permission, whatever route
    the request came by.
    """
    if not can_publish(user, queryset.model):
        raise PermissionDenied("Only Publishers can publish or archive records.")
    entries = list(queryset.exclude(status=status))
    if status == queryset.model.Status.PUBLISHED:
        # A record published must be valid (a draft made from a suggested listing
        # may still lack its kind) and complete (moderation.publication_problems):
        # check them all before changing any.
        from resources.moderation import publication_problems, state_of  # it imports this module

        problems = []
        for entry in entries:
            try:
                entry.full_clean()
            except ValidationError as error:
                fields = ", ".join(sorted(error.message_dict)) if hasattr(error, "message_dict") else ""
                problems.append(f"“{entry}” is invalid ({fields or 'see the record'})")
                continue
            missing = publication_problems(queryset.model, state_of(entry))
            if missing:
                problems.append(f"“{entry}” needs {', '.join(missing)}")
        if problems:
            raise ValidationError(f"Not published, fix these first: {'; '.join(problems)}.")
    with transaction.atomic():
        for entry in entries:
            # Saved one by one so that `modified` and `version` move and history is recorded.
            entry.status = status
            entry.save()
    return len(entries)


# Optimistic locking: an editor's save names the version they loaded, and is
# refused when the record has moved on since, with what changed meanwhile.

# Bookkeeping that every save moves; never worth naming in a conflict.
_UNREPORTED_FIELDS = ("modified", "seed_digest", "version")


class StaleVersionError(Exception):
    """The record changed after the editor loaded it; the message says how."""


def check_version(model, pk, loaded_version):
    """Lock the record and refuse the save if its version is no longer ``loaded_version``.

    Call it inside ``transaction.atomic()`` and save in the same transaction:
    on PostgreSQL the row stays locked (SELECT ... FOR UPDATE) until the save
    commits; on SQLite the IMMEDIATE transaction already serializes writers.
    A record that no longer exists (being recovered from history) passes.
    """
    rows = model._base_manager.filter(pk=pk)
    if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        rows = rows.select_for_update()
    current = rows.values_list("version", flat=True).first()
    if current is None or current == loaded_version:
        return
    raise StaleVersionError(describe_changes_since(model, pk, loaded_version))


def describe_changes_since(model, pk, version):
    """Who changed the record after ``version``, when, and each field's old → new value."""
    history = model.history.filter(**{model._meta.pk.attname: pk})
    base = history.filter(version=version).order_by("-history_id").first()
    newer = list(
        history.filter(history_id__gt=base.history_id if base else 0)
        .select_related("history_user")
        .order_by("history_id")
    )
    if base is None or not newer:
        return (
            "This record was changed by someone else while you were editing; "
            "nothing was saved. Reload the page to see their changes."
        )
    latest = newer[-1]
    authors = []
    for record in newer:
        author = record.history_user or record.history_change_reason or "an unknown user"
        author = str(author)
        if author not in authors:
            authors.append(author)
    delta = latest.diff_against(base, excluded_fields=_UNREPORTED_FIELDS, foreign_keys_are_objs=True)
    changes = "; ".join(
        f"{capfirst(model._meta.get_field(change.field).verbose_name)}: "
        f"{_shown(model, change.field, change.old)} → {_shown(model, change.field, change.new)}"
        for change in delta.changes
    )
    when = date_format(timezone.localtime(latest.history_date), "DATETIME_FORMAT")
    return (
        f"This record was changed by {' and '.join(authors)} at {when} while you were editing. "
        f"Their changes: {changes or 'none to the fields of this form'}; "
        "nothing was saved. Reload the page to see them."
    )


def _shown(model, field_name, value):
    """A diff value as short plain text: related records by name, "(empty)" for nothing."""
    field = model._meta.get_field(field_name)
    if field.many_to_many:  # rows of the through table: {through field: object}
        target = get_m2m_reverse_field_name(field)
        value = ", ".join(str(row[target]) for row in value)
    if value in (None, ""):
        return "(empty)"
    return Truncator(str(value)).chars(80)
