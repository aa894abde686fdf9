"""Writing checked fixtures to the database without overwriting staff edits.

Each seeded record keeps ``seed_digest``, the digest of the content the seed
wrote. On the next run:

- no record with that key: it is created;
- the record's current content no longer matches its digest (or it was never
  seeded): staff changed it, so it is skipped and reported;
- the fixture gives the same content as the digest: unchanged;
- otherwise the fixture changed and the untouched record is updated.

Everything runs in one transaction; a dry run rolls it back at the end.
Every history record written meanwhile (records, their links, their
citations) carries the change reason "manage.py seed" and no user.
"""

import datetime
import hashlib
import json
from collections import Counter, defaultdict
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from resources.models import Citation, FormerSlug
from resources.moderation import publication_problems, state_of
from resources.readmodel.maintenance import write_block

from .reading import FixtureError
from .specs import seedable_fields
from .translations import write_translations

CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"
OUTCOMES = (CREATED, UPDATED, UNCHANGED, SKIPPED)

SEED_CHANGE_REASON = "manage.py seed"
# Written by a migration that changed what a snapshot holds, on records no one but the
# seed had changed (their history says so): the next seed may rewrite them.
SEED_FORMAT_CHANGED = "format-changed"
CITATION_CONTENT = ("source", "reference", "quote", "field", "correction")
_seeding = ContextVar("seeding", default=False)


@receiver(pre_create_historical_record)
def _record_seed_changes_as_such(sender, history_instance, **kwargs):
    """History written while the seed runs is the seed's: its reason, no user.

    A signal rather than ``_change_reason`` on each instance, so that history
    written by many-to-many changes and citation deletes is marked too.
    """
    if _seeding.get():
        history_instance.history_change_reason = SEED_CHANGE_REASON
        history_instance.history_user = None


@dataclass
class SeedReport:
    counts: dict = field(default_factory=lambda: defaultdict(Counter))
    changes: list = field(default_factory=list)  # (outcome, kind, key, detail)
    dry_run: bool = False
    renames: dict = field(default_factory=dict)  # model: {former slug: current slug}

    def renames_of(self, model):
        if model not in self.renames:
            renamable = hasattr(model, "former_slugs")
            self.renames[model] = FormerSlug.objects.renames(model) if renamable else {}
        return self.renames[model]

    def record(self, outcome, kind, key, detail=""):
        self.counts[kind][outcome] += 1
        if outcome != UNCHANGED:
            self.changes.append((outcome, kind, key, detail))

    def total(self, outcome):
        return sum(counter[outcome] for counter in self.counts.values())


def natural_key_of(obj):
    return str(obj.natural_key()[0]) if obj is not None else None


def _plain(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if hasattr(value, "code") and not isinstance(value, str):  # django-countries Country
        return value.code or None
    return value


def snapshot(instance, with_citations, m2m=None, citations=None):
    """The record's seedable content as plain JSON data.

    ``m2m`` and ``citations`` override what the database holds, so that the
    content a fixture *would* produce is computed by the same function.
    """
    scalars, many = seedable_fields(type(instance))
    data = {}
    for model_field in scalars:
        if model_field.is_relation:
            data[model_field.name] = natural_key_of(getattr(instance, model_field.name))
        else:
            data[model_field.name] = _plain(model_field.value_from_object(instance))
    for model_field in many:
        if m2m is not None:
            keys = m2m.get(model_field.name, [])
        else:
            keys = [natural_key_of(obj) for obj in getattr(instance, model_field.name).all()]
        data[model_field.name] = sorted(keys)
    if with_citations:
        if citations is None:
            citations = [
                {
                    "source": c.source.slug if c.source_id else "",
                    "reference": c.reference.slug if c.reference_id else "",
                    "quote": c.quote,
                    "field": c.field,
                    "correction": c.correction,
                }
                for c in instance.citations.select_related("source", "reference").order_by("position", "pk")
            ]
        data["citations"] = [{key: c.get(key, "") for key in CITATION_CONTENT} for c in citations]
    return data


def digest(data):
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def apply_fixtures(files, translations=(), dry_run=False):
    """Write the checked fixture files, then the records' translations; returns a SeedReport."""
    report = SeedReport(dry_run=dry_run)
    seeding = _seeding.set(True)
    try:
        _apply(files, translations, report, dry_run)
    finally:
        _seeding.reset(seeding)
    return report


def _apply(files, translations, report, dry_run):
    # One transaction, and one new data version for all of it.
    with transaction.atomic(), write_block():
        pending = []  # (fixture, record, instance) whose links and citations are to be written
        for fixture in files:
            for record in _dependency_order(fixture):
                instance = _write_record(fixture, record, report)
                if instance is not None:
                    pending.append((fixture, record, instance))
        for fixture, record, instance in pending:
            _write_links(fixture, record, instance)
        for fixture, record, instance in pending:
            _check_publishable(fixture, record, instance)
        write_translations(translations, report)
        if dry_run:
            transaction.set_rollback(True)


def _dependency_order(fixture):
    """Records ordered so that a self-reference (parent, supplements) comes first."""
    self_field = fixture.spec.self_reference
    records = fixture.records
    if self_field is None:
        return records
    by_key = {r[fixture.spec.key]: r for r in records}
    ordered, placed, visiting = [], set(), set()

    def place(record):
        key = record[fixture.spec.key]
        if key in placed:
            return
        if key in visiting:
            raise FixtureError(fixture.path, f"{self_field} forms a cycle", record=key)
        visiting.add(key)
        target = by_key.get(record.get(self_field))
        if target is not None:
            place(target)
        visiting.discard(key)
        placed.add(key)
        ordered.append(record)

    for record in records:
        place(record)
    return ordered


def _write_record(fixture, record, report):
    spec = fixture.spec
    model = spec.model
    key = record[spec.key]
    existing = model._default_manager.filter(**{spec.key: key}).first()
    if existing is None and key in report.renames_of(model):
        # Staff renamed the record: it is that record, edited, not a new one.
        report.record(SKIPPED, spec.kind, key, f"renamed by staff to {report.renames_of(model)[key]}")
        return None
    if existing is not None:
        if not existing.seed_digest:
            report.record(SKIPPED, spec.kind, key, "created by staff, not by the seed")
            return None
        if not _matches_digest(existing, spec.has_citations, report):
            report.record(SKIPPED, spec.kind, key, "changed by staff since it was seeded")
            return None

    instance = existing if existing is not None else model()
    scalars, many = seedable_fields(model)
    for model_field in scalars:
        if model_field.name not in record:
            continue
        value = record[model_field.name]
        if model_field.is_relation:
            related = None
            if value not in (None, ""):
                related = model_field.related_model._default_manager.get_by_natural_key(value)
            setattr(instance, model_field.name, related)
        else:
            setattr(instance, model_field.name, value)
    try:
        instance.full_clean(exclude=[f.name for f in many])
    except ValidationError as error:
        raise FixtureError(fixture.path, _describe(error), record=key) from None

    # Links to a renamed record are stored under its current slug.
    m2m = {
        f.name: [report.renames_of(f.related_model).get(k, k) for k in record.get(f.name, [])] for f in many
    }
    target = digest(snapshot(instance, spec.has_citations, m2m=m2m, citations=record.get("citations", [])))
    if existing is not None and target == existing.seed_digest:
        report.record(UNCHANGED, spec.kind, key)
        return None
    instance.seed_digest = target
    instance.save()
    report.record(UPDATED if existing is not None else CREATED, spec.kind, key)
    return instance


def _matches_digest(instance, with_citations, report):
    """Whether the record still holds what the seed wrote (no staff edit since).

    A link to a record that staff renamed since is compared under its former
    slug too: renaming one record is not an edit of every record linking to it.
    """
    if instance.seed_digest == SEED_FORMAT_CHANGED:
        return True
    data = snapshot(instance, with_citations)
    if digest(data) == instance.seed_digest:
        return True
    former = {}
    for model_field in [*seedable_fields(type(instance))[0], *seedable_fields(type(instance))[1]]:
        if model_field.is_relation:
            for old, new in report.renames_of(model_field.related_model).items():
                former.setdefault(model_field.name, {})[new] = old
    if not former:
        return False
    for name, back in former.items():
        value = data[name]
        data[name] = (
            sorted(back.get(k, k) for k in value) if isinstance(value, list) else back.get(value, value)
        )
    return digest(data) == instance.seed_digest


def _write_links(fixture, record, instance):
    _, many = seedable_fields(fixture.spec.model)
    for model_field in many:
        manager = model_field.related_model._default_manager
        keys = record.get(model_field.name, [])
        getattr(instance, model_field.name).set([manager.get_by_natural_key(k) for k in keys])
    if fixture.spec.has_citations:
        _write_citations(fixture, record, instance)
    # The content now in the database must be what the digest says, or the
    # next run would mistake the seed's own write for a staff edit.
    if digest(snapshot(instance, fixture.spec.has_citations)) != instance.seed_digest:
        raise FixtureError(
            fixture.path,
            "the stored record differs from the fixture after writing (a value the model "
            "normalizes, such as a date or URL, is not in its normal form)",
            record=record[fixture.spec.key],
        )


def _check_publishable(fixture, record, instance):
    """A record the fixture publishes passes the checks a Publisher's would (moderation)."""
    if getattr(instance, "status", None) != "published":
        return
    problems = publication_problems(type(instance), state_of(instance))
    if problems:
        raise FixtureError(
            fixture.path, f"published, but needs {'; '.join(problems)}", record=record[fixture.spec.key]
        )


def _write_citations(fixture, record, instance):
    from resources.models import Reference, Source

    content_type = ContentType.objects.get_for_model(instance)
    Citation.objects.filter(content_type=content_type, object_id=instance.pk).delete()
    sources = {s.slug: s for s in Source.objects.all()}
    references = {r.slug: r for r in Reference.objects.all()}
    for position, data in enumerate(record.get("citations", [])):
        citation = Citation(
            source=sources.get(data.get("source")),
            reference=references.get(data.get("reference")),
            content_type=content_type,
            object_id=instance.pk,
            quote=data["quote"],
            field=data.get("field", ""),
            correction=data.get("correction", ""),
            position=position,
        )
        try:
            citation.full_clean()
        except ValidationError as error:
            raise FixtureError(
                fixture.path, f"citation {position + 1}: {_describe(error)}", record=record[fixture.spec.key]
            ) from None
        citation.save()


def _describe(error):
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in sorted(error.message_dict.items())
        )
    return " ".join(error.messages)
