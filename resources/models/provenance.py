"""Provenance: the documents the directory is built from, and the passages it cites."""

import re

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from resources.addresses import record_url

from .taxonomy import SlugManager, seed_digest_field

_WHITESPACE = re.compile(r"\s+")


def normalize_whitespace(text):
    """Collapse every run of whitespace to one space, so that line wrapping never matters."""
    return _WHITESPACE.sub(" ", text).strip()


class Source(models.Model):
    title = models.CharField(verbose_name=_("title"), max_length=300)
    title_is_editorial = models.BooleanField(
        verbose_name=_("title is editorial"),
        default=False,
        help_text=_("The document has no title of its own; this one is the directory's."),
    )
    slug = models.SlugField(verbose_name=_("slug"), max_length=120, unique=True)
    file_name = models.CharField(
        verbose_name=_("file name"), max_length=200, help_text=_("The copy under fixtures/sources/.")
    )
    text = models.TextField(verbose_name=_("text"), help_text=_("The full text, exactly as received."))
    is_ai_generated = models.BooleanField(verbose_name=_("is ai generated"), default=False)
    ai_notice = models.TextField(
        verbose_name=_("ai notice"),
        blank=True,
        help_text=_("The document's own statement that it was AI-written, verbatim."),
    )
    assessment = models.TextField(
        verbose_name=_("assessment"),
        blank=True,
        help_text=_("The directory's view of the document's reliability."),
    )
    created = models.DateTimeField(verbose_name=_("created"), auto_now_add=True)
    modified = models.DateTimeField(verbose_name=_("modified"), auto_now=True)
    seed_digest = seed_digest_field()
    history = HistoricalRecords()

    objects = SlugManager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("resources:source-detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    def contains(self, quote):
        return normalize_whitespace(quote) in normalize_whitespace(self.text)


class Reference(models.Model):
    """A public web page or document a record's facts were checked against.

    Unlike a source, its text is not kept here: a reader follows the URL, and the
    access date says when the page said what the citation quotes.
    """

    slug = models.SlugField(verbose_name=_("slug"), max_length=120, unique=True)
    title = models.CharField(verbose_name=_("title"), max_length=300)
    url = models.URLField(_("URL"), max_length=500)
    publisher = models.CharField(verbose_name=_("publisher"), max_length=200)
    published_on = models.DateField(
        _("published on"), null=True, blank=True, help_text=_("The date the page or document gives itself.")
    )
    accessed_on = models.DateField(_("accessed on"), help_text=_("When a person read it."))
    created = models.DateTimeField(verbose_name=_("created"), auto_now_add=True)
    modified = models.DateTimeField(verbose_name=_("modified"), auto_now=True)
    seed_digest = seed_digest_field()
    history = HistoricalRecords()

    objects = SlugManager()

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["publisher", "title"]

    def __str__(self):
        return gettext("%(publisher)s: %(title)s") % {"publisher": self.publisher, "title": self.title}

    def natural_key(self):
        return (self.slug,)


# A quote from a reference is a short extract, not the page: enough to find the passage.
REFERENCE_QUOTE_MAX = 400


def entry_content_type(**kwargs):
    """The content type of a generic relation to a directory entry (of any of the four kinds)."""
    return models.ForeignKey(
        ContentType,
        verbose_name=_("content type"),
        on_delete=models.CASCADE,
        limit_choices_to={
            "app_label": "resources",
            "model__in": ["organization", "legalinstrument", "strategy", "supportservice"],
        },
        **kwargs,
    )


class Citation(models.Model):
    """A passage supporting one directory entry: from a source document, or from a reference.

    A source citation quotes the source verbatim (checked against its text); a
    reference citation quotes a short extract of a public page. A citation whose
    ``correction`` is filled in is an editorial note: the entry departs from the
    passage, and the note says what was corrected and why.
    """

    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="citations",
    )
    reference = models.ForeignKey(
        Reference,
        verbose_name=_("reference"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="citations",
    )
    content_type = entry_content_type()
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    entry = GenericForeignKey("content_type", "object_id")
    quote = models.TextField(
        verbose_name=_("quote"),
        help_text=_("Verbatim from the source (whitespace may differ), or a short extract of the reference."),
    )
    field = models.CharField(
        verbose_name=_("field"),
        max_length=60,
        blank=True,
        help_text=_("The field this passage supports, if only one."),
    )
    correction = models.TextField(
        verbose_name=_("correction"),
        blank=True,
        help_text=_("Editorial note: what the directory corrects in this passage, and why."),
    )
    position = models.PositiveSmallIntegerField(verbose_name=_("position"), default=0)
    created = models.DateTimeField(verbose_name=_("created"), auto_now_add=True)
    modified = models.DateTimeField(verbose_name=_("modified"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["content_type", "object_id", "position", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__isnull=False, reference__isnull=True)
                | models.Q(source__isnull=True, reference__isnull=False),
                name="citation_one_origin",
                violation_error_message=_("A citation quotes either a source document or a reference."),
            )
        ]

    def __str__(self):
        return gettext("%(origin)s: “%(quote)s…”") % {
            "origin": self.source or self.reference,
            "quote": self.quote[:60],
        }

    def get_absolute_url(self):
        if self.reference_id:
            return self.reference.url
        return f"{self.source.get_absolute_url()}#{self.anchor}"

    @property
    def is_correction(self):
        return bool(self.correction)

    @property
    def anchor(self):
        return f"citation-{self.pk}"

    def clean(self):
        if bool(self.source_id) == bool(self.reference_id):
            raise ValidationError(gettext("Choose either a source document or a reference."))
        if self.source_id and self.quote and not self.source.contains(self.quote):
            raise ValidationError({"quote": gettext("This passage does not occur in the source document.")})
        if self.reference_id and len(self.quote) > REFERENCE_QUOTE_MAX:
            raise ValidationError(
                {
                    "quote": gettext("Quote at most %(limit)d characters of a reference.")
                    % {"limit": REFERENCE_QUOTE_MAX}
                }
            )
