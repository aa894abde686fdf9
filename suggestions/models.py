"""Suggestions from the public: corrections to a record, and new listings.

A suggestion never changes a record by itself. It waits, pending, until a
staff member accepts it (which applies it through the record's own validation,
see services.py) or rejects it. Nothing about the person who sent it is kept
beyond what they chose to write in ``contact``: no IP address, no session.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from resources import kinds
from resources.models.provenance import entry_content_type

# The kinds of entry by their key (resources/kinds.py), their labels, and the public text
# fields the public may propose a new value for.
ENTRY_KINDS = {kind.key: kind.model for kind in kinds.KINDS}
ENTRY_KIND_LABELS = {kind.key: kind.singular for kind in kinds.KINDS}
CORRECTABLE_FIELDS = {kind.model: kind.correctable_fields for kind in kinds.KINDS}
# What a new listing may carry; kind, name and summary are required.
LISTING_FIELDS = ("kind", "name", "summary", "website", "note")
LISTING_REQUIRED = ("kind", "name", "summary")


def kind_key(model):
    return kinds.of(model).key


class Suggestion(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", pgettext_lazy("kind of suggestion", "Correction")
        LISTING = "listing", pgettext_lazy("kind of suggestion", "New listing")

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("status of a suggestion", "Pending")
        ACCEPTED = "accepted", pgettext_lazy("status of a suggestion", "Accepted")
        REJECTED = "rejected", pgettext_lazy("status of a suggestion", "Rejected")

    kind = models.CharField(verbose_name=_("kind"), max_length=12, choices=Kind.choices, db_index=True)
    # A correction: the record it is about. A new listing: the kind of record
    # proposed, and once accepted, the draft created from it.
    content_type = entry_content_type()
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"), null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    proposed_changes = models.JSONField(
        verbose_name=_("proposed changes"),
        default=dict,
        help_text=_(
            "A correction: {field: proposed value}. A new listing: kind, name, summary, website, note."
        ),
    )
    explanation = models.TextField(
        verbose_name=_("explanation"), help_text=_("Why, with any source, as the visitor wrote it.")
    )
    contact = models.CharField(
        verbose_name=_("contact"),
        max_length=254,
        blank=True,
        help_text=_("Optional; only staff see it. Never shown publicly."),
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(verbose_name=_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(verbose_name=_("review note"), blank=True)
    created = models.DateTimeField(verbose_name=_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="suggestion_target"),
            models.Index(fields=["status", "created"], name="suggestion_status_created"),
        ]

    def __str__(self):
        if self.kind == self.Kind.LISTING:
            name = (self.proposed_changes or {}).get("name", "")
            return (gettext("New listing: %(name)s") % {"name": name})[:120]
        if self.target is None:
            return gettext("Correction to a deleted record")[:120]
        return (gettext("Correction to %(record)s") % {"record": self.target})[:120]

    def get_absolute_url(self):
        # Suggestions are never public; the admin is their only page.
        from django.urls import reverse

        return reverse("admin:suggestions_suggestion_change", args=[self.pk])

    @property
    def model(self):
        """The entry model this suggestion is about (or proposes)."""
        return self.content_type.model_class() if self.content_type_id else None

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    def clean(self):
        super().clean()
        if not self._state.adding:
            # A stored proposal is never edited, only decided on; it is checked
            # again, against the record's rules of the day, when it is accepted.
            return
        model = self.model
        if model not in CORRECTABLE_FIELDS:
            raise ValidationError({"content_type": gettext("Not a kind of directory entry.")})
        changes = self.proposed_changes
        if not isinstance(changes, dict) or not changes:
            raise ValidationError({"proposed_changes": gettext("Nothing is proposed.")})
        if any(not isinstance(value, str) for value in changes.values()):
            raise ValidationError({"proposed_changes": gettext("Every proposed value must be text.")})
        if self.kind == self.Kind.CORRECTION:
            self._clean_correction(model, changes)
        elif self.kind == self.Kind.LISTING:
            self._clean_listing(model, changes)

    def _clean_correction(self, model, changes):
        if self.object_id is None:
            raise ValidationError({"object_id": gettext("A correction must name the record it corrects.")})
        unknown = set(changes) - set(CORRECTABLE_FIELDS[model])
        if unknown:
            raise ValidationError(
                {
                    "proposed_changes": gettext("Not fields the public may correct: %(fields)s.")
                    % {"fields": ", ".join(sorted(unknown))}
                }
            )
        errors = []
        for name, value in changes.items():
            try:
                model._meta.get_field(name).clean(value, None)
            except ValidationError as error:
                errors.extend(
                    gettext("%(field)s: %(message)s") % {"field": name, "message": message}
                    for message in error.messages
                )
        if errors:
            raise ValidationError({"proposed_changes": errors})

    def _clean_listing(self, model, changes):
        unknown = set(changes) - set(LISTING_FIELDS)
        if unknown:
            raise ValidationError(
                {
                    "proposed_changes": gettext("Not fields of a listing: %(fields)s.")
                    % {"fields": ", ".join(sorted(unknown))}
                }
            )
        missing = [name for name in LISTING_REQUIRED if not changes.get(name)]
        if missing:
            raise ValidationError(
                {"proposed_changes": gettext("Missing: %(fields)s.") % {"fields": ", ".join(missing)}}
            )
        if ENTRY_KINDS.get(changes["kind"]) is not model:
            raise ValidationError(
                {"proposed_changes": gettext("The proposed kind does not match the record type.")}
            )
        if self.object_id is not None and self.status != self.Status.ACCEPTED:
            raise ValidationError({"object_id": gettext("Only an accepted listing points to a record.")})
        errors = []
        for name in ("name", "summary", "website"):
            if changes.get(name):
                try:
                    model._meta.get_field(name).clean(changes[name], None)
                except ValidationError as error:
                    errors.extend(
                        gettext("%(field)s: %(message)s") % {"field": name, "message": message}
                        for message in error.messages
                    )
        if errors:
            raise ValidationError({"proposed_changes": errors})
