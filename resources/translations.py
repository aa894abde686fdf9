"""What a record's name, summary and description read in the language of the request.

One rule for the pages and the API: in English, the record's own text; in another
language, its translation (resources/models/translations.py) where one exists, saying
whether staff have reviewed it, and otherwise the English, marked as English so that a
screen reader pronounces it as such and the page can say so.

Whatever shows records in another language loads their translations with them:
``loaded_with(queryset)`` (nothing in English), or ``attach(records)`` for records
already loaded, of any kinds, in one query (a country page's sections). A record shown
without them costs one query to look its translation up.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from resources.models import RecordTranslation

# Where a record's translation in the request's language is kept once loaded: a list of
# none or one, as a Prefetch with ``to_attr`` leaves it.
LOADED = "translation_here"
# What showing a translation reads of it.
SHOWN_FIELDS = ("content_type_id", "object_id", "language", "name", "summary", "description", "reviewed_at")


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
    translations = RecordTranslation.objects.filter(language=language).only(*SHOWN_FIELDS)
    return (Prefetch("translations", translations, to_attr=LOADED),)


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
    """Load the translations of ``records`` (of any kinds, those not loaded yet) into
    ``language``: one query for all of them."""
    language = language or current_language()
    if is_original(language):
        return records
    waiting = {}  # (content type pk, record pk): [records]
    for record in records:
        if record is not None and not hasattr(record, LOADED):
            content_type = ContentType.objects.get_for_model(type(record))
            waiting.setdefault((content_type.pk, record.pk), []).append(record)
    if not waiting:
        return records
    by_type = {}
    for content_type, pk in waiting:
        by_type.setdefault(content_type, []).append(pk)
    wanted = Q()
    for content_type, pks in by_type.items():
        wanted |= Q(content_type_id=content_type, object_id__in=pks)
    rows = RecordTranslation.objects.filter(wanted, language=language).values_list(*SHOWN_FIELDS)
    translated = {
        (content_type, pk): Loaded(language, name, summary, description, reviewed_at is not None)
        for content_type, pk, language, name, summary, description, reviewed_at in rows
    }
    for key, found in waiting.items():
        for record in found:
            setattr(record, LOADED, [translated[key]] if key in translated else [])
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


@dataclass(frozen=True, slots=True)
class Loaded:
    """What a page shows of a translation (``attach`` reads only this, not whole rows)."""

    language: str
    name: str
    summary: str
    description: str
    is_reviewed: bool


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
        on another language's page. (Escaped directly: a page shows a few hundred of these,
        and format_html costs several times as much.)"""
        if self.fallback:
            return mark_safe(f'<span lang="{escape(self.language)}" dir="ltr">{escape(self.text)}</span>')
        return escape(self.text)

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
