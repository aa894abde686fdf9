"""A record's name, summary and description in another of the site's languages.

English is the directory's own language: the one staff write in, the sources are cited in
and the rules (publication, review, verification) are checked against. A translation
stands beside the English record, one per record and language, and says who made it and
whether staff have reviewed it; the pages and the API say so wherever they show it
(resources/translations.py). Changing a reviewed translation's text or language withdraws
the review: a review vouches for the words it read.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .provenance import entry_content_type
from .taxonomy import seed_digest_field

# The fields of a record that have translations.
TRANSLATED_FIELDS = ("name", "summary", "description")


def translation_languages():
    """(code, name) of every site language but English, the records' own."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class RecordTranslation(models.Model):
    content_type = entry_content_type()
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    record = GenericForeignKey("content_type", "object_id")
    language = models.CharField(verbose_name=_("language"), max_length=10, choices=translation_languages)
    name = models.CharField(verbose_name=_("name"), max_length=300)
    summary = models.TextField(verbose_name=_("summary"))
    description = models.TextField(
        verbose_name=_("description"), blank=True, help_text=_("Leave empty to show the English one.")
    )
    translated_by = models.CharField(
        verbose_name=_("translated by"),
        max_length=200,
        help_text=_("Who made this translation: a person, the directory's editors, or the publisher."),
    )
    source_note = models.TextField(
        verbose_name=_("source of the name"),
        blank=True,
        help_text=_("For an official name: where it is published (address, publisher, date read)."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(verbose_name=_("reviewed at"), null=True, blank=True, editable=False)
    created = models.DateTimeField(verbose_name=_("created"), auto_now_add=True)
    modified = models.DateTimeField(verbose_name=_("modified"), auto_now=True)
    seed_digest = seed_digest_field()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["content_type", "object_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"], name="one_translation_per_language"
            )
        ]
        permissions = [("review_recordtranslation", _("Can mark a translation as reviewed"))]

    def __str__(self):
        return gettext("%(name)s (%(language)s)") % {"name": self.name, "language": self.language}

    def save(self, *args, **kwargs):
        if self.pk is not None and self.is_reviewed:
            stored = type(self)._base_manager.filter(pk=self.pk).first()
            # A review newly given in this save (the admin's) covers the text it saved.
            newly_reviewed = stored is None or stored.reviewed_at != self.reviewed_at
            if stored is not None and not newly_reviewed and self.text_changed_from(stored):
                self.reviewed_by = None
                self.reviewed_at = None
        super().save(*args, **kwargs)

    @property
    def is_reviewed(self):
        return self.reviewed_at is not None

    def text_changed_from(self, stored):
        """Whether what a review vouched for (the text, and the language it is in) changed."""
        return any(
            getattr(self, field) != getattr(stored, field) for field in (*TRANSLATED_FIELDS, "language")
        )
