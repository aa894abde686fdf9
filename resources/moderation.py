"""Editorial review: what a record needs to go live, changes held for a Publisher, verifications.

A record's *state* is its editable content as plain JSON data: each field in
its stored form (a foreign key as its pk, a many-to-many field as the sorted
pks, a date as ISO text) and ``citations`` as a list of dicts. The admin builds
the state a form proposes, ``state_of`` reads the one stored; the publish rules
and revisions both work on states, so that one rule reads the same whether it
is checking a form, a publish action or a revision about to be approved.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from resources import kinds
from resources.models import (
    CONTACT_CHANNELS,
    CONTACT_FIELDS,
    Citation,
    Reference,
    Revision,
    Source,
    Verification,
)
from resources.models.review import overdue
from resources.readmodel.maintenance import write_block
from resources.services import can_publish

# Fields no person edits: the database, the seed or a verification sets them.
BOOKKEEPING = {"id", "status", "created", "modified", "version", "seed_digest", "last_verified"}
CITATION_KEYS = ("id", "source", "reference", "quote", "field", "correction", "position")


# States ------------------------------------------------------------------------------


def content_fields(model):
    """(scalar and foreign-key fields, many-to-many fields) a revision may change."""
    scalars = [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.auto_created and f.name not in BOOKKEEPING
    ]
    return scalars, list(model._meta.many_to_many)


def stored(field, value):
    """``value`` of ``field`` as JSON data."""
    if field.many_to_many:
        return sorted(getattr(v, "pk", v) for v in value or ())
    if field.is_relation:
        return getattr(value, "pk", value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def restored(field, value):
    """JSON data back to what the model holds (a foreign key as its pk)."""
    if field.many_to_many or field.is_relation or value is None:
        return value
    return field.to_python(value)


def state_of(record):
    """The stored content of ``record``, citations included."""
    scalars, many = content_fields(type(record))
    state = {f.name: stored(f, f.value_from_object(record)) for f in scalars if not f.is_relation}
    state.update({f.name: getattr(record, f.attname) for f in scalars if f.is_relation})
    for f in many:
        state[f.name] = sorted(getattr(record, f.name).values_list("pk", flat=True))
    state["citations"] = citations_of(record)
    return state


def citations_of(record):
    rows = Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).order_by("position", "pk")
    return [citation_state(c) for c in rows]


def citation_state(citation):
    return {
        "id": citation.pk,
        "source": citation.source_id,
        "reference": citation.reference_id,
        "quote": citation.quote,
        "field": citation.field,
        "correction": citation.correction,
        "position": citation.position,
    }


# Publishing ---------------------------------------------------------------------------


def publication_problems(model, state):
    """What the record in ``state`` lacks to be published, as phrases; empty when it may be."""
    problems = []
    if not (state.get("summary") or "").strip():
        problems.append(gettext("a summary"))
    if not state.get("focus_areas"):
        problems.append(gettext("at least one focus area"))
    if not (state.get("is_global") or state.get("regions") or state.get("countries")):
        problems.append(
            gettext("a coverage decision (name its countries or regions, or tick “applies worldwide”)")
        )
    if state.get("is_global") and (state.get("regions") or state.get("countries")):
        problems.append(gettext("one coverage decision, not both worldwide and named places"))
    if not state.get("citations"):
        problems.append(gettext("at least one citation (a source passage or a reference)"))
    if "provider" in state:  # a service
        if not state.get("provider"):
            problems.append(gettext("a provider"))
        has_channel = any(state.get(name) for name in CONTACT_CHANNELS)
        if not has_channel and not (state.get("no_contact_reason") or "").strip():
            problems.append(gettext("a contact channel, or the reason it has none"))
    return problems


def check_publishable(model, state, name=""):
    problems = publication_problems(model, state)
    if problems:
        if name:
            message = gettext("Not published: “%(name)s” needs %(problems)s.")
        else:
            message = gettext("Not published: needs %(problems)s.")
        raise ValidationError(message % {"name": name, "problems": "; ".join(problems)})


# Changes held for review --------------------------------------------------------------


def needs_approval(user, model, stored_status, changed_fields):
    """Whether ``user``'s change must wait for a Publisher.

    A Publisher's own edits go live directly. Anyone else's change to a
    published record waits, and so does a change of contact details on any
    record: a wrong number on a survivor-facing page is the costliest mistake.
    """
    if can_publish(user, model):
        return False
    return stored_status == model.Status.PUBLISHED or bool(set(changed_fields) & set(CONTACT_FIELDS))


def changed_fields(current, proposed):
    return [name for name, value in proposed.items() if name in current and current[name] != value]


def pending_revision(record, author):
    return (
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            author=author,
            status=Revision.Status.PENDING,
        )
        .order_by("-pk")
        .first()
    )


def pending_count():
    return Revision.objects.filter(status=Revision.Status.PENDING).count()


def propose(*, user, record, proposed, origin):
    """Hold ``proposed`` (a state, whole or in part) as ``user``'s revision of ``record``.

    A pending revision the user already has of this record is amended: fields
    in ``proposed`` replace what it held, the others stay. Returns the revision,
    or None when nothing differs from the live record any more (an amended
    revision is then withdrawn).
    """
    current = state_of(record)
    revision = pending_revision(record, user)
    held = dict(revision.changes) if revision else {}
    for name in proposed:
        held.pop(name, None)
    held.update(
        {name: {"from": current[name], "to": proposed[name]} for name in changed_fields(current, proposed)}
    )
    if not held:
        if revision:
            _decide(revision, user, Revision.Status.WITHDRAWN, "Nothing left to change.")
        return None
    if record.status == record.Status.PUBLISHED:
        check_publishable(type(record), {**current, **{n: c["to"] for n, c in held.items()}})
    if revision is None:
        revision = Revision(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            author=user,
        )
    revision.origin = origin
    revision.base_version = record.version
    revision.changes = held
    revision.full_clean()
    revision.save()
    return revision


def conflicts(revision, current):
    """Fields someone else changed since the revision was made, to something else."""
    return [
        name
        for name, change in revision.changes.items()
        if current.get(name) != change["from"] and current.get(name) != change["to"]
    ]


def approve(*, user, revision, note=""):
    """Apply ``revision`` to its record as the record is now, and record who approved it and why."""
    model = revision.model
    if not can_publish(user, model):
        raise PermissionDenied(gettext("Only Publishers can approve revisions."))
    with transaction.atomic(), write_block():
        revision = _locked_pending(revision)
        record = model._base_manager.select_for_update().filter(pk=revision.object_id).first()
        if record is None:
            raise ValidationError(gettext("Not approved: the record was deleted since; reject the revision."))
        current = state_of(record)
        clashing = conflicts(revision, current)
        if clashing:
            labels = ", ".join(label(model, name) for name in clashing)
            raise ValidationError(
                gettext(
                    "Not approved: %(fields)s changed since this revision was made. "
                    "Ask its author to reopen the record and amend it, or reject it."
                )
                % {"fields": labels}
            )
        if record.status == record.Status.PUBLISHED:
            check_publishable(model, {**current, **{n: c["to"] for n, c in revision.changes.items()}})
        apply(record, revision.changes, user, f"Revision {revision.pk} by {revision.author}, approved")
        _decide(revision, user, Revision.Status.APPROVED, note)
    return record


def reject(*, user, revision, note):
    if not can_publish(user, revision.model):
        raise PermissionDenied(gettext("Only Publishers can reject revisions."))
    if not note.strip():
        raise ValidationError(gettext("Say why the revision is rejected; its author will read it."))
    with transaction.atomic():
        revision = _locked_pending(revision)
        _decide(revision, user, Revision.Status.REJECTED, note)
    return revision


def withdraw(*, user, revision):
    if revision.author_id != user.pk:
        raise PermissionDenied(gettext("Only its author can withdraw a revision."))
    with transaction.atomic():
        revision = _locked_pending(revision)
        _decide(revision, user, Revision.Status.WITHDRAWN, "")
    return revision


def _locked_pending(revision):
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if not revision.is_pending:
        already = {
            Revision.Status.APPROVED: gettext("This revision was already approved."),
            Revision.Status.REJECTED: gettext("This revision was already rejected."),
            Revision.Status.WITHDRAWN: gettext("This revision was already withdrawn."),
        }
        raise ValidationError(already[revision.status])
    return revision


def _decide(revision, user, status, note):
    revision.status = status
    revision.decided_by = user
    revision.decided_at = timezone.now()
    revision.decision_note = note
    with translation.override(None):  # the history keeps the source language, whoever reads it
        revision._change_reason = f"{status.label} by {user}"
    revision.save()


def apply(record, changes, user, reason):
    """Write ``changes`` (name: {"to": value}) to ``record``: fields, links and citations."""
    model = type(record)
    scalars, many = content_fields(model)
    by_name = {f.name: f for f in (*scalars, *many)}
    for name, change in changes.items():
        field = by_name.get(name)
        if field is not None and not field.many_to_many:
            setattr(record, field.attname, restored(field, change["to"]))
    record.full_clean(exclude=[f.name for f in many])
    record._change_reason = reason[:100]
    record._history_user = user
    record.save()
    for name, change in changes.items():
        field = by_name.get(name)
        if field is not None and field.many_to_many:
            getattr(record, name).set(change["to"])
    if "citations" in changes:
        _write_citations(record, changes["citations"]["to"], user, reason)


def _write_citations(record, wanted, user, reason):
    content_type = ContentType.objects.get_for_model(record)
    existing = {c.pk: c for c in Citation.objects.filter(content_type=content_type, object_id=record.pk)}
    kept = set()
    for data in wanted:
        citation = existing.get(data.get("id")) or Citation(content_type=content_type, object_id=record.pk)
        citation.source_id = data.get("source")
        citation.reference_id = data.get("reference")
        for name in ("quote", "field", "correction", "position"):
            setattr(citation, name, data.get(name) or (0 if name == "position" else ""))
        citation.full_clean(exclude=["content_type", "object_id"])
        citation._change_reason = reason[:100]
        citation._history_user = user
        citation.save()
        kept.add(citation.pk)
    for pk, citation in existing.items():
        if pk not in kept:
            citation._change_reason = reason[:100]
            citation._history_user = user
            citation.delete()


def label(model, name):
    if name == "citations":
        return gettext("citations")
    return str(model._meta.get_field(name).verbose_name)


def shown(model, name, value):
    """A state value as text a reviewer reads: related records by name."""
    if name == "citations":
        return [_citation_text(c) for c in value]
    field = model._meta.get_field(name)
    if field.is_relation:
        pks = value if isinstance(value, list) else ([value] if value is not None else [])
        objects = {o.pk: str(o) for o in field.related_model._base_manager.filter(pk__in=pks)}
        return ", ".join(objects.get(pk, f"#{pk}") for pk in pks) or gettext("(empty)")
    if value in (None, "", []):
        return gettext("(empty)")
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return str(value)


def _citation_text(data):
    origin = (
        Source.objects.filter(pk=data.get("source")).first()
        if data.get("source")
        else Reference.objects.filter(pk=data.get("reference")).first()
    )
    values = {"origin": origin, "quote": data.get("quote", ""), "correction": data.get("correction")}
    if data.get("correction"):
        return gettext("%(origin)s: “%(quote)s” Correction: %(correction)s") % values
    return gettext("%(origin)s: “%(quote)s”") % values


def differences(revision, current=None):
    """Per changed field: its label, live and proposed values, and whether it changed meanwhile."""
    model = revision.model
    if current is None:
        record = model._base_manager.filter(pk=revision.object_id).first()
        current = state_of(record) if record is not None else {}
    clashing = set(conflicts(revision, current))
    return [
        {
            "label": label(model, name),
            "live": shown(model, name, current.get(name)),
            "proposed": shown(model, name, change["to"]),
            "is_list": name == "citations",
            "clash": name in clashing,
        }
        for name, change in revision.changes.items()
    ]


# Verification -------------------------------------------------------------------------


def record_verification(*, user, record, verified_on, method, evidence_url="", evidence_note=""):
    """Store who verified ``record``, when, how and on what evidence; it alone sets last_verified."""
    verification = Verification(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        verified_by=user,
        verified_on=verified_on,
        method=method,
        evidence_url=evidence_url,
        evidence_note=evidence_note,
    )
    verification.full_clean()
    with transaction.atomic(), write_block():
        verification.save()
        latest = Verification.objects.filter(
            content_type=verification.content_type, object_id=record.pk
        ).aggregate(latest=models.Max("verified_on"))["latest"]
        record = type(record)._base_manager.select_for_update().get(pk=record.pk)
        record.last_verified = latest
        with translation.override(None):  # the history keeps the source language, whoever reads it
            record._change_reason = f"Verified: {verification.get_method_display()}"[:100]
        record._history_user = user
        record.save(update_fields=["last_verified"])
    return verification


# The review queue ---------------------------------------------------------------------


def review_queue(today=None):
    """Published records that need verifying: never verified, or more than twelve months ago.

    Services with contact details first (a wrong number costs the most), then
    the never-verified, then the longest unverified; returns (kind, record) pairs.
    """
    today = today or timezone.localdate()
    rows = []
    for kind in kinds.KINDS:
        for record in overdue(kind.model, today).order_by("name", "pk"):
            has_contact = any(getattr(record, name, "") for name in CONTACT_FIELDS)
            rows.append((kind, record, has_contact))
    rows.sort(
        key=lambda row: (
            not (row[0].key == "service" and row[2]),
            row[1].last_verified is not None,
            row[1].last_verified or today,
        )
    )
    return [(kind, record) for kind, record, _ in rows]


def overdue_count(today=None):
    return sum(overdue(kind.model, today).count() for kind in kinds.KINDS)
