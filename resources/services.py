"""Write logic with rules of its own, shared by the admin, commands and tests."""

from django.core.exceptions import PermissionDenied

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
    changed = 0
    for entry in queryset.exclude(status=status):
        # Saved one by one so that `modified` moves and model signals fire.
        entry.status = status
        entry.save(update_fields=["status", "modified"])
        changed += 1
    return changed
