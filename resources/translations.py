"""What a record's name, summary and description read in the language of the request.

One rule for the pages and the API: in English, the record's own text; in another
language, its translation (resources/models/translations.py) where one exists, saying
whether staff have reviewed it, and otherwise the English, marked as English so that a
screen reader pronounces it as such and the page can say so.

Whatever shows records in another language loads their translations with them:
``loaded_with(queryset)`` (nothing in English), or ``attach(records)`` for records
already loaded. A record shown without them costs one
query to look its translation up.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.utils.html import format_html
from django.utils.translation import get_language

from resources.models import RecordTranslation

# Where a record's translation in the request's language is kept once loaded: a list of
# none or one, as a Prefetch with ``to_attr`` leaves it.
LOADED = "translation_here"


def current_language():
    return get_language() or settings.LANGUAGE_CODE


def is_original(language=None):
    return (language or current_language()) == settings.LANGUAGE_CODE


def prefetch(language=None):
    """The prefetches that load each record's translation into ``language`` (the request's):
    none in English."""
    language = language or current_language()
    if is_original(language):
        return ()
    return (Prefetch("translations", RecordTranslation.objects.filter(language=language), to_attr=LOADED),)


def loaded_with(queryset, language=None):
    """``queryset`` with its records' translations into ``language`` (the request's) loaded,
    once however many times it is asked for: nothing to load in English."""
    lookups = prefetch(language)
    if not lookups or any(
        getattr(lookup, "to_attr", None) == LOADED for lookup in queryset._prefetch_related_lookups
    ):
        return queryset
    return queryset.prefetch_related(*lookups)


def attach(records, language=None):
    """Load the translations of ``records`` (of any kinds) into ``language``: one query per kind."""
    language = language or current_language()
    if is_original(language):
        return records
    by_model = {}
    for record in records:
        if record is not None and not hasattr(record, LOADED):
            by_model.setdefault(type(record), []).append(record)
    for model, found in by_model.items():
        content_type = ContentType.objects.get_for_model(model)
        rows = RecordTranslation.objects.filter(
            content_type=content_type, object_id__in=[record.pk for record in found], language=language
        )
        translated = {row.object_id: row for row in rows}
        for record in found:
            setattr(record, LOADED, [translated[record.pk]] if record.pk in translated else [])
    return records


def translation_of(record, language=None):
    """The record's translation into ``language``, or None (always None in English)."""
    language = language or current_language()
    if is_original(language):
        return None
    if not hasattr(record, LOADED):
        attach([record], language)
    loaded = getattr(record, LOADED)
    return loaded[0] if loaded and loaded[0].language == language else None


@dataclass(frozen=True)
class Shown:
    """One field as shown: its text, the language it is in, whether it is a translation and
    whether staff have reviewed it."""

    text: str
    language: str
    translated: bool
    reviewed: bool
    fallback: bool  # English shown on a page in another language

    def __str__(self):
        return self.text

    def html(self):
        """The text as HTML: wrapped in an element that names its language when it is English
        on another language's page."""
        if self.fallback:
            return format_html('<span lang="{}" dir="ltr">{}</span>', self.language, self.text)
        return format_html("{}", self.text)

    @property
    def attrs(self):
        """The attributes for an element holding the text: ` lang="en" dir="ltr"` for English
        on another language's page, else nothing."""
        if self.fallback:
            return format_html(' lang="{}" dir="ltr"', self.language)
        return ""

    @property
    def unreviewed(self):
        return self.translated and not self.reviewed


def shown(record, field, language=None):
    """``record``'s ``field`` (name, summary or description) in ``language`` (the request's)."""
    language = language or current_language()
    original = getattr(record, field)
    translation = translation_of(record, language)
    text = getattr(translation, field, "") if translation is not None else ""
    if text:
        return Shown(text, language, translated=True, reviewed=translation.is_reviewed, fallback=False)
    return Shown(
        original,
        settings.LANGUAGE_CODE,
        translated=False,
        reviewed=False,
        fallback=bool(original) and not is_original(language),
    )
