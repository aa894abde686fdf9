"""Write logic for suggestions: storing them, and the staff decisions on them.

Every write validates first (``full_clean``) and runs in one transaction, so a
suggestion is stored whole or not at all, and an accepted one changes its
record whole or not at all.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from resources import moderation

from .models import CORRECTABLE_FIELDS, ENTRY_KINDS, Suggestion

SLUG_MAX_LENGTH = 120


# From the public ------------------------------------------------------------------


def submit_correction(*, entry, changes, explanation, contact=""):
    """Store a pending correction to ``entry``; the record itself is not touched."""
    suggestion = Suggestion(
        kind=Suggestion.Kind.CORRECTION,
        content_type=ContentType.objects.get_for_model(entry),
        object_id=entry.pk,
        proposed_changes=dict(changes),
        explanation=explanation,
        contact=contact,
    )
    return _store(suggestion)


def submit_listing(*, kind, name, summary, website="", note="", explanation, contact=""):
    """Store a pending suggestion of a new record of ``kind`` (a key of ENTRY_KINDS)."""
    model = ENTRY_KINDS.get(kind)
    if model is None:
        raise ValidationError({"kind": _("Not a kind of directory entry.")})
    changes = {"kind": kind, "name": name, "summary": summary}
    if website:
        changes["website"] = website
    if note:
        changes["note"] = note
    suggestion = Suggestion(
        kind=Suggestion.Kind.LISTING,
        content_type=ContentType.objects.get_for_model(model),
        proposed_changes=changes,
        explanation=explanation,
        contact=contact,
    )
    return _store(suggestion)


def _store(suggestion):
    with transaction.atomic():
        suggestion.full_clean()
        suggestion.save()
    return suggestion


# Staff decisions ------------------------------------------------------------------


def _permission(model, action):
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def can_review(user, suggestion):
    """Whether ``user`` may accept ``suggestion``.

    A correction needs the change permission on the record's model (what any
    edit of it needs); a new listing needs the add permission on the proposed
    model. Both need the change permission on suggestions.
    """
    if not user.has_perm("suggestions.change_suggestion"):
        return False
    model = suggestion.model
    if model is None:
        return False
    action = "change" if suggestion.kind == Suggestion.Kind.CORRECTION else "add"
    return user.has_perm(_permission(model, action))


def accept(*, user, suggestion):
    """Apply ``suggestion`` and record the decision; returns the record changed or created.

    A correction sets the proposed fields on the record, validates the whole
    record as any edit would (``full_clean``) and saves it. A new listing
    creates a draft of the proposed kind. Any ValidationError leaves everything
    as it was, the suggestion still pending. The record's status is never
    touched: publishing stays a Publisher's act.
    """
    if not can_review(user, suggestion):
        raise PermissionDenied(_("You may not accept suggestions about this kind of record."))
    with transaction.atomic():
        # Lock the suggestion so two staff members cannot both apply it.
        suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if not suggestion.is_pending:
            raise ValidationError(ALREADY_DECIDED[suggestion.status])
        if suggestion.kind == Suggestion.Kind.CORRECTION:
            record = _apply_correction(suggestion, user)
        else:
            record = _create_listing(suggestion)
            suggestion.object_id = record.pk
        _decide(suggestion, user, Suggestion.Status.ACCEPTED)
    return record


# Whole sentences per status, so that each language can agree them.
ALREADY_DECIDED = {
    Suggestion.Status.ACCEPTED: _("This suggestion was already accepted."),
    Suggestion.Status.REJECTED: _("This suggestion was already rejected."),
}


def reject(*, user, suggestion):
    """Record that ``suggestion`` was rejected; nothing else changes."""
    if not user.has_perm("suggestions.change_suggestion"):
        raise PermissionDenied(_("You may not review suggestions."))
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if not suggestion.is_pending:
            raise ValidationError(ALREADY_DECIDED[suggestion.status])
        _decide(suggestion, user, Suggestion.Status.REJECTED)
    return suggestion


def set_review_note(suggestion, note):
    """Keep the staff member's note with the decision (called before accept / reject)."""
    Suggestion.objects.filter(pk=suggestion.pk).update(review_note=note)


def _decide(suggestion, user, status):
    suggestion.status = status
    suggestion.reviewed_by = user
    suggestion.reviewed_at = timezone.now()
    suggestion.save(update_fields=["status", "reviewed_by", "reviewed_at", "object_id"])


def _apply_correction(suggestion, user):
    model = suggestion.model
    try:
        # A fresh, locked copy: the fields not proposed (status above all) stay
        # exactly as they are in the database now.
        record = model._default_manager.select_for_update().get(pk=suggestion.object_id)
    except model.DoesNotExist:
        raise ValidationError(_("The record this correction is about no longer exists.")) from None
    allowed = CORRECTABLE_FIELDS[model]
    changes = suggestion.proposed_changes or {}
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError(
            _("Not fields the public may correct: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    status = record.status
    for name, value in changes.items():
        setattr(record, name, value)
    record.full_clean()
    if record.status != status:  # pragma: no cover - a model clean() must never do this
        raise ValidationError(_("Applying this suggestion would change the record's status."))
    proposed = {
        name: moderation.stored(model._meta.get_field(name), getattr(record, name)) for name in changes
    }
    live = model._default_manager.get(pk=record.pk)
    changed = moderation.changed_fields(moderation.state_of(live), proposed)
    if moderation.needs_approval(user, model, status, changed):
        # The change waits for a Publisher like any edit of a live record or its contacts.
        record.held_as = moderation.propose(
            user=user, record=live, proposed=proposed, origin=f"public suggestion {suggestion.pk}"
        )
        return record
    record.save()
    return record


def unique_slug(model, name):
    base = slugify(name)[: SLUG_MAX_LENGTH - 8].strip("-") or "listing"
    slug, number = base, 1
    while model._default_manager.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _create_listing(suggestion):
    model = suggestion.model
    changes = suggestion.proposed_changes or {}
    record = model(
        name=changes.get("name", ""),
        summary=changes.get("summary", ""),
        website=changes.get("website", ""),
        slug=unique_slug(model, changes.get("name", "")),
        status=model.Status.DRAFT,
    )
    # The public form does not ask for a record's classification (an
    # organization's kind, an instrument's scope...): staff set it on the draft
    # before a Publisher publishes it. Everything else is validated now.
    unclassified = [
        field.name
        for field in model._meta.concrete_fields
        if field.choices and not field.blank and field.name != "status" and not getattr(record, field.name)
    ]
    record.full_clean(exclude=unclassified)
    record.save()
    return record


def missing_classification(record):
    """The required choice fields a draft created from a listing still lacks."""
    return [
        field.verbose_name
        for field in record._meta.concrete_fields
        if field.choices and not field.blank and not getattr(record, field.name)
    ]
