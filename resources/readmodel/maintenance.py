"""Keeps the read model in step with every write, whatever makes it.

Model signals notice every write path without it knowing (the admin's saves, deletes
and link changes, ``manage.py seed``, accepted suggestions, revert and recover, a
restore's ``loaddata``). Outside a block each write brings its records up to date at
once; inside ``batched()`` (the seed, an admin request, a restore) they are gathered and
written once at the end of the block, in its transaction, so that an admin save costs a
fixed number of queries however many links it changes.

What a write touches:
- an entry's save, delete or link change: that entry;
- an organization's: also the services it provides and the strategies it leads, whose
  search text holds its name (and a service's provider facet its slug);
- a term's change or deletion (focus area, service type, population): the entries linked
  to it, whose search text holds its name and whose facets its slug;
- a translation's save or deletion: the entry it translates, whose search text in that
  language it is;
- a change to existing geography (a region's place in the tree, a grouping's members, a
  country's region): everything, since any entry may cover it. It comes from
  ``manage.py build_taxonomy`` and changes rarely.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from pagecache import versioning
from resources import kinds
from resources.models import (
    Country,
    FocusArea,
    Organization,
    Population,
    RecordTranslation,
    Region,
    ServiceType,
    Strategy,
    SupportService,
)

from . import writer

TAXONOMY = (Region, Country, FocusArea, ServiceType, Population)
# Terms are named by the entries linked to them; regions and countries by any entry that
# covers them, which only a rebuild finds.
TERMS = (FocusArea, ServiceType, Population)
EVERYTHING = "everything"


class Pending:
    """Records waiting to be written: {kind key: {pks}}, or everything."""

    def __init__(self):
        self.records = {}
        self.everything = False

    def add(self, kind, pks):
        self.records.setdefault(kind.key, set()).update(pks)

    def __bool__(self):
        return self.everything or any(self.records.values())

    def write(self):
        if self.everything:
            writer.rebuild()
            return
        organizations = self.records.get("organization")
        if organizations:
            self._add_dependents(organizations)
        context = writer.Context()
        for key, pks in self.records.items():
            writer.refresh(kinds.BY_KEY[key], sorted(pks), context)

    def _add_dependents(self, organizations):
        services = SupportService.objects.filter(provider__in=organizations).values_list("pk", flat=True)
        self.add(kinds.of(SupportService), services)
        led = Strategy.lead_organizations.through.objects.filter(organization_id__in=organizations)
        self.add(kinds.of(Strategy), led.values_list("strategy_id", flat=True))


_pending = ContextVar("readmodel_pending", default=None)


@contextmanager
def batched():
    """Write the read model once, at the end of the block, for all the writes in it."""
    if _pending.get() is not None:  # already inside one
        yield
        return
    connection = transaction.get_connection()
    pending = Pending()
    marker = _pending.set(pending)
    try:
        with transaction.atomic() if not connection.in_atomic_block else _nothing():
            yield
            if pending and not transaction.get_rollback():
                pending.write()
    finally:
        _pending.reset(marker)


@contextmanager
def _nothing():
    yield


@contextmanager
def write_block():
    """A block of writes (an admin request, the seed, a restore) that names one new data
    version for the page cache and writes the read model once, both at its end, in its
    transaction."""
    with versioning.one_version_for_the_block(), batched():
        yield


def _note(kind=None, pks=(), everything=False):
    pending = _pending.get()
    if pending is None:
        if everything:
            writer.rebuild()
        else:
            one = Pending()
            one.add(kind, pks)
            one.write()
        return
    if everything:
        pending.everything = True
    else:
        pending.add(kind, pks)


def _on_entry_saved(sender, instance, **kwargs):
    _note(kinds.of(sender), [instance.pk])


def _on_translation_changed(sender, instance, **kwargs):
    kind = kinds.BY_MODEL.get(instance.content_type.model_class())
    if kind is not None:
        _note(kind, [instance.object_id])


# A record being deleted: the entries that name it are found before its links go
# (pre_delete) and written after it is gone (post_delete).
NAMED_BY = "_readmodel_named_by"


def _on_organization_deleting(sender, instance, **kwargs):
    led = Strategy.lead_organizations.through.objects.filter(organization_id=instance.pk)
    setattr(instance, NAMED_BY, [(kinds.of(Strategy), list(led.values_list("strategy_id", flat=True)))])


def _on_entry_deleted(sender, instance, **kwargs):
    _note(kinds.of(sender), [instance.pk])
    _note_named_by(instance)


def _note_named_by(instance):
    for kind, pks in getattr(instance, NAMED_BY, ()):
        _note(kind, pks)


def _on_taxonomy_saved(sender, instance, created=False, raw=False, **kwargs):
    # A new region, country or term is named by no entry yet.
    if created:
        return
    if sender in TERMS:
        _note_entries_naming(instance)
    else:
        _note(everything=True)


def _on_taxonomy_deleting(sender, instance, **kwargs):
    if sender in TERMS:
        setattr(instance, NAMED_BY, entries_naming(instance))


def _on_taxonomy_deleted(sender, instance, **kwargs):
    if sender in TERMS:
        _note_named_by(instance)
    else:
        _note(everything=True)


def _note_entries_naming(term):
    for kind, pks in entries_naming(term):
        _note(kind, pks)


def entries_naming(term):
    """[(kind, [pks])] of the entries linked to ``term``: its name is in their search text
    and its slug in their facets."""
    named = []
    for kind in kinds.KINDS:
        for _, name, model in kind.link_terms:
            if model is type(term):
                field = kind.model._meta.get_field(name)
                links = field.remote_field.through.objects.filter(**{field.m2m_reverse_field_name(): term.pk})
                named.append((kind, list(links.values_list(f"{field.m2m_field_name()}_id", flat=True))))
    return named


def _on_links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if sender is Region.members.through:
        if action.startswith("post_"):
            _note(everything=True)
        return
    if not reverse:
        if action.startswith("post_"):
            _note(kinds.of(instance), [instance.pk])
        return
    # From the other side (organization.led_strategies.add(...)): the entries are in
    # pk_set, or for a clear, every entry linked through this relation before it.
    if action == "pre_clear":
        field = next(f for f in model._meta.many_to_many if f.remote_field.through is sender)
        _note(
            kinds.of(model),
            list(model._base_manager.filter(**{field.name: instance}).values_list("pk", flat=True)),
        )
    elif action in ("post_add", "post_remove"):
        _note(kinds.of(model), pk_set or ())


def connect_signals():
    for kind in kinds.KINDS:
        uid = f"readmodel-{kind.key}"
        post_save.connect(_on_entry_saved, sender=kind.model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_entry_deleted, sender=kind.model, dispatch_uid=f"{uid}-delete")
        for field in kind.model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_links_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}"
            )
    pre_delete.connect(_on_organization_deleting, sender=Organization, dispatch_uid="readmodel-org-deleting")
    post_save.connect(
        _on_translation_changed, sender=RecordTranslation, dispatch_uid="readmodel-translation-save"
    )
    post_delete.connect(
        _on_translation_changed, sender=RecordTranslation, dispatch_uid="readmodel-translation-delete"
    )
    for model in TAXONOMY:
        post_save.connect(_on_taxonomy_saved, sender=model, dispatch_uid=f"readmodel-{model.__name__}-save")
        pre_delete.connect(
            _on_taxonomy_deleting, sender=model, dispatch_uid=f"readmodel-{model.__name__}-deleting"
        )
        post_delete.connect(
            _on_taxonomy_deleted, sender=model, dispatch_uid=f"readmodel-{model.__name__}-delete"
        )
    m2m_changed.connect(_on_links_changed, sender=Region.members.through, dispatch_uid="readmodel-members")


def build_if_missing(**kwargs):
    """After ``migrate``: a database migrated from before the read model existed holds
    published records and an empty read model; build it then, once (and its kept counts
    and changes, for one migrated from before them)."""
    from resources.models import PublicChange, PublicCount, PublicEntry

    from . import changes, tallies

    using = kwargs.get("using", "default")
    built = PublicEntry.objects.using(using).exists()
    if not built and any(kind.model.objects.using(using).published().exists() for kind in kinds.KINDS):
        writer.rebuild()
        return
    # One migrated from before what the read model keeps beside it: work it out once.
    if built and not PublicCount.objects.using(using).exists():
        tallies.rebuild()
    if not PublicChange.objects.using(using).exists():
        changes.rebuild()  # also for kinds whose records all left the public view
