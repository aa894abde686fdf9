"""The directory's domain model: entries, taxonomy and provenance."""

from .entries import (
    CONTACT_CHANNELS,
    CONTACT_FIELDS,
    ENTRY_MODELS,
    MAX_YEAR,
    MIN_YEAR,
    Entry,
    LegalInstrument,
    Organization,
    Strategy,
    SupportService,
)
from .permalinks import FormerSlug
from .provenance import Citation, Reference, Source, normalize_whitespace
from .public import (
    PublicChange,
    PublicCount,
    PublicEntry,
    PublicPlace,
    PublicRegion,
    PublicTerm,
    PublicText,
    SearchWord,
)
from .review import Revision, Verification, needs_review
from .taxonomy import Country, FocusArea, Population, Region, ServiceType
from .translations import TRANSLATED_FIELDS, RecordTranslation, translation_languages

__all__ = [
    "CONTACT_CHANNELS",
    "CONTACT_FIELDS",
    "ENTRY_MODELS",
    "MAX_YEAR",
    "MIN_YEAR",
    "TRANSLATED_FIELDS",
    "Citation",
    "Country",
    "Entry",
    "FocusArea",
    "FormerSlug",
    "LegalInstrument",
    "Organization",
    "Population",
    "PublicChange",
    "PublicCount",
    "PublicEntry",
    "PublicPlace",
    "PublicRegion",
    "PublicTerm",
    "PublicText",
    "RecordTranslation",
    "Reference",
    "Region",
    "Revision",
    "SearchWord",
    "ServiceType",
    "Source",
    "Strategy",
    "SupportService",
    "Verification",
    "needs_review",
    "normalize_whitespace",
    "translation_languages",
]
