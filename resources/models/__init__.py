"""The directory's domain model: entries, taxonomy and provenance."""

from .entries import (
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
from .provenance import Citation, Source, normalize_whitespace
from .public import PublicEntry, PublicPlace, PublicRegion, PublicTerm, SearchWord
from .taxonomy import Country, FocusArea, Population, Region, ServiceType

__all__ = [
    "ENTRY_MODELS",
    "MAX_YEAR",
    "MIN_YEAR",
    "Citation",
    "Country",
    "Entry",
    "FocusArea",
    "FormerSlug",
    "LegalInstrument",
    "Organization",
    "Population",
    "PublicEntry",
    "PublicPlace",
    "PublicRegion",
    "PublicTerm",
    "Region",
    "SearchWord",
    "ServiceType",
    "Source",
    "Strategy",
    "SupportService",
    "normalize_whitespace",
]
