"""Editorial review: verifications staff record, and changes to live records awaiting approval."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

ENTRY_CONTENT_TYPES = {
    "app_label": "resources",
    "model__in": ["organization", "legalinstrument", "strategy", "supportservice"],
}

# A record verified longer ago than this needs checking again.
REVIEW_AFTER = datetime.timedelta(days=365)


def needs_review(last_verified, today=None):
    """True when a record was never verified by staff, or not for more than twelve months."""
    if last_verified is None:
        return True
    return (today or timezone.localdate()) - last_verified > REVIEW_AFTER


class AboutEntry(models.Model):
    """A row about one directory entry, of any kind (a generic relation)."""

    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("content type"),
        on_delete=models.CASCADE,
        limit_choices_to=ENTRY_CONTENT_TYPES,
    )
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    entry = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True

    @property
    def model(self):
        return self.content_type.model_class()

    def entry_name(self):
        """The entry's name, read whatever its status; says so when it was deleted."""
        entry = self.model._base_manager.filter(pk=self.object_id).first()
        return str(entry) if entry is not None else gettext("(deleted #%(id)s)") % {"id": self.object_id}


def overdue(model, today=None):
    """Published records of ``model`` that need review (see ``needs_review``)."""
    overdue_before = (today or timezone.localdate()) - REVIEW_AFTER
    return model._default_manager.filter(status=model.Status.PUBLISHED).filter(
        models.Q(last_verified__isnull=True) | models.Q(last_verified__lt=overdue_before)
    )


class Verification(AboutEntry):
    """A person checked a record against something outside the directory, and says how.

    The only thing that sets an entry's ``last_verified``.
    """

    class Method(models.TextChoices):
        TELEPHONE = "telephone", _("Telephone call")
        OFFICIAL_WEBSITE = "official_website", _("The organization's official website")
        OFFICIAL_DOCUMENT = "official_document", _("An official document")
        WRITTEN_CONFIRMATION = "written_confirmation", _("Written confirmation")

    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        related_name="verifications",
    )
    verified_on = models.DateField(_("verified on"))
    method = models.CharField(
        pgettext_lazy("how a record was verified", "how"), max_length=30, choices=Method.choices
    )
    evidence_url = models.URLField(
        _("evidence (URL)"), max_length=500, blank=True, help_text=_("The page or document checked.")
    )
    evidence_note = models.TextField(
        _("evidence (note)"),
        blank=True,
        help_text=_("What was checked and what it showed: who answered the call, what the letter says."),
    )
    created = models.DateTimeField(verbose_name=_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["-verified_on", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-verified_on"])]

    def __str__(self):
        return gettext("%(method)s on %(date)s") % {
            "method": self.get_method_display(),
            "date": f"{self.verified_on:%Y-%m-%d}",
        }

    def clean(self):
        errors = {}
        if not self.evidence_url and not self.evidence_note.strip():
            errors["evidence_note"] = gettext("Give the evidence: a URL or a note of what was checked.")
        if self.verified_on and self.verified_on > timezone.localdate():
            errors["verified_on"] = gettext("A verification cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class Revision(AboutEntry):
    """A change to a record, held until a Publisher approves it.

    ``changes`` holds only what the author changed, each field in its stored
    form (``resources.moderation`` reads and writes it), from the record as it
    was at ``base_version``; approving applies those fields to the record as it
    is then, and is refused when someone changed the same fields meanwhile.
    """

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("status of a revision", "Awaiting review")
        APPROVED = "approved", pgettext_lazy("status of a revision", "Approved")
        REJECTED = "rejected", pgettext_lazy("status of a revision", "Rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("status of a revision", "Withdrawn")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="revisions"
    )
    origin = models.CharField(
        verbose_name=_("origin"),
        max_length=200,
        help_text=_("How it was made: the change form, a revert, a suggestion."),
    )
    base_version = models.PositiveIntegerField(
        verbose_name=_("base version"), help_text=_("The record's version the change was made from.")
    )
    changes = models.JSONField(verbose_name=_("changes"), default=dict)
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions_decided",
    )
    decided_at = models.DateTimeField(verbose_name=_("decided at"), null=True, blank=True)
    decision_note = models.TextField(pgettext_lazy("reason for a decision on a revision", "why"), blank=True)
    created = models.DateTimeField(verbose_name=_("created"), auto_now_add=True)
    modified = models.DateTimeField(verbose_name=_("modified"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "status"])]
        permissions = [("review_revision", "Can approve and reject revisions")]

    def __str__(self):
        return gettext("Revision %(number)s of %(kind)s %(id)s") % {
            "number": self.pk,
            "kind": self.content_type.name,
            "id": self.object_id,
        }

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING
