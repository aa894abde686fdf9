"""One FilterSet per kind of entry, shared by the HTML list pages and the JSON API.

Every parameter is validated by its form field: an unknown slug or country code,
a year outside the plausible range, a NUL byte or an over-long value is a form
error (shown on the page, a 400 in the API), never a server error.

Each FilterSet also knows its facets: for every facet, one grouped query counts
the records per value under all the *other* active filters.
"""

import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from resources.models import (
    MAX_YEAR,
    MIN_YEAR,
    Country,
    FocusArea,
    LegalInstrument,
    Organization,
    Population,
    Region,
    ServiceType,
    Strategy,
    SupportService,
)

SLUG_RE = re.compile(r"[-a-zA-Z0-9_]{1,120}")
COUNTRY_RE = re.compile(r"[A-Z]{2}")
QUERY_MAX_LENGTH = 200
PAGE_SIZE = 20
PROVIDER_FACET_LIMIT = 50


class LookupField(forms.CharField):
    """A slug (or code) in the URL, cleaned to the record it names; unknown values are errors."""

    def __init__(self, *, queryset=None, lookup="slug", pattern=SLUG_RE, upper=False, noun="value", **kwargs):
        kwargs.setdefault("max_length", 120)
        super().__init__(**kwargs)
        self.queryset, self.lookup, self.pattern, self.upper, self.noun = (
            queryset,
            lookup,
            pattern,
            upper,
            noun,
        )

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if self.upper:
            value = value.upper()
        # The value goes in params, never into the message itself: a "%" in it
        # would otherwise break the message's formatting.
        unknown = ValidationError(
            "There is no %(noun)s “%(value)s”.",
            code="invalid_choice",
            params={"noun": self.noun, "value": value[:40]},
        )
        if not self.pattern.fullmatch(value):
            raise unknown
        try:
            return self.queryset.get(**{self.lookup: value})
        except self.queryset.model.DoesNotExist:
            raise unknown from None


def with_fixed_coverage(country):
    """``country`` with its covering region ids worked out once, not once per covering() call."""
    ids = frozenset(country.covering_region_ids())
    country.covering_region_ids = lambda: set(ids)
    return country


def with_fixed_descendants(region):
    """``region`` with the ids below it worked out once, not once per in_region() call."""
    ids = frozenset(region.descendant_ids())
    region.descendant_ids = lambda: set(ids)
    return region


class RegionField(LookupField):
    def clean(self, value):
        region = super().clean(value)
        return with_fixed_descendants(region) if region is not None else None


@extend_schema_field(OpenApiTypes.STR)
class RegionFilter(django_filters.Filter):
    field_class = RegionField


class CountryField(LookupField):
    def clean(self, value):
        country = super().clean(value)
        return with_fixed_coverage(country) if country is not None else None


@extend_schema_field(OpenApiTypes.STR)
class LookupFilter(django_filters.Filter):
    field_class = LookupField


@extend_schema_field(OpenApiTypes.STR)
class CountryFilter(django_filters.Filter):
    field_class = CountryField


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and len(value) > 10:
            raise ValidationError(f"Enter a year between {MIN_YEAR} and {MAX_YEAR}.", code="invalid")
        return super().to_python(value)


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.Filter):
    field_class = YearField


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering on a whitelist, with the primary key last so that pages never overlap."""

    def filter(self, qs, value):
        params = [param for param in value or () if param]
        if not params:
            return qs
        return qs.order_by(*(self.get_ordering_value(param) for param in params), "pk")


class EntryFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        low, high = data.get("year_min"), data.get("year_max")
        if low is not None and high is not None and low > high:
            raise ValidationError("The first year of the range is after the last.", code="year_range")
        return data


@dataclass(frozen=True)
class Facet:
    """One facet: the filter it belongs to and what to group by."""

    name: str
    label: str
    path: str  # the value's path from the entry, such as "kind" or "focus_areas__slug"
    label_path: str = ""  # for related terms: the name to show
    order_path: str = ""  # for related terms: their display order
    choices: tuple = ()  # for choice fields: (value, label) in display order
    # Terms with no fixed list (providers) can be many: only the ``limit`` with
    # the most entries are offered, and only those meeting ``condition``.
    limit: int = 0
    condition: Q | None = None


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


def focus_area_facet():
    return Facet(
        "focus_area", "Focus area", "focus_areas__slug", "focus_areas__name", "focus_areas__position"
    )


class EntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="filter_q", max_length=QUERY_MAX_LENGTH, help_text="Words in the name or text"
    )
    region = RegionFilter(
        label="Region",
        method="filter_region",
        queryset=Region.objects.all(),
        noun="region",
        help_text="Includes its sub-regions and the countries in it",
    )
    country = CountryFilter(
        label="Country",
        method="filter_country",
        queryset=Country.objects.select_related("region__parent__parent__parent"),
        lookup="code",
        pattern=COUNTRY_RE,
        upper=True,
        max_length=2,
        noun="country with the ISO code",
        help_text="Includes the regional and global entries that apply there",
    )
    focus_area = LookupFilter(
        label="Focus area",
        field_name="focus_areas",
        queryset=FocusArea.objects.all(),
        noun="focus area",
    )

    year_field = None  # the model's year field, for year_min / year_max
    ordering_fields = ("name", "modified", "created")
    facets: tuple = ()

    class Meta:
        form = EntryFilterForm
        fields = []

    def filter_q(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.search(value).order_by("-search_rank", "name", "pk")

    def filter_region(self, queryset, name, value):
        return queryset.in_region(value)

    def filter_country(self, queryset, name, value):
        return queryset.covering(value)

    def filter_year_min(self, queryset, name, value):
        return queryset.filter(**{f"{self.year_field}__gte": value})

    def filter_year_max(self, queryset, name, value):
        return queryset.filter(**{f"{self.year_field}__lte": value})

    # Facets ---------------------------------------------------------------

    def queryset_without(self, *excluded):
        """The queryset under every valid active filter except those ``excluded`` (and ordering)."""
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name in excluded or name == "ordering":
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facet_counts(self):
        """[(facet, [FacetValue, ...]), ...]; one grouped query per facet. Empty if the form is invalid."""
        if not self.is_bound or not self.form.is_valid():
            return []
        results = []
        for facet in self.facets:
            selected = self.form.cleaned_data.get(facet.name)
            selected_key = getattr(selected, "slug", selected) or ""
            fields = [facet.path, *(p for p in (facet.label_path, facet.order_path) if p)]
            rows = (
                self.queryset_without(facet.name)
                .filter(facet.condition or Q())
                .order_by()
                .values(*fields)
                .annotate(n=Count("pk", distinct=True))
            )
            if facet.limit:
                rows = rows.order_by("-n", facet.label_path)[: facet.limit]
            if facet.choices:
                counts = {row[facet.path]: row["n"] for row in rows}
                values = [
                    FacetValue(value, label, counts.get(value, 0), value == selected_key)
                    for value, label in facet.choices
                    if counts.get(value) or value == selected_key
                ]
            else:
                rows = sorted(
                    (row for row in rows if row[facet.path] is not None),
                    key=lambda row: (row[facet.order_path], row[facet.label_path]),
                )
                values = [
                    FacetValue(
                        row[facet.path], row[facet.label_path], row["n"], row[facet.path] == selected_key
                    )
                    for row in rows
                ]
                if selected_key and not any(v.selected for v in values):
                    # Matching nothing under the other filters, or beyond the limit.
                    count = 0
                    if facet.limit:
                        matching = self.queryset_without(facet.name).filter(facet.condition or Q())
                        count = matching.filter(**{facet.path: selected_key}).count()
                    values.append(FacetValue(selected_key, str(selected), count, True))
            results.append((facet, values))
        return results


def ordering(*fields):
    return StableOrderingFilter(
        fields=tuple((f, f) for f in fields),
        label="Order by",
        help_text="Prefix with - to reverse",
    )


class OrganizationFilter(EntryFilter):
    kind = django_filters.ChoiceFilter(label="Kind", choices=Organization.Kind.choices)
    year_min = YearFilter(label="Founded from", method="filter_year_min")
    year_max = YearFilter(label="Founded until", method="filter_year_max")
    ordering = ordering("name", "modified", "created", "founded_year")

    year_field = "founded_year"
    facets = (
        Facet("kind", "Kind", "kind", choices=tuple(Organization.Kind.choices)),
        focus_area_facet(),
    )

    class Meta(EntryFilter.Meta):
        model = Organization


class LegalInstrumentFilter(EntryFilter):
    kind = django_filters.ChoiceFilter(label="Kind", choices=LegalInstrument.Kind.choices)
    scope = django_filters.ChoiceFilter(label="Scope", choices=LegalInstrument.Scope.choices)
    year_min = YearFilter(label="Adopted from", method="filter_year_min")
    year_max = YearFilter(label="Adopted until", method="filter_year_max")
    ordering = ordering("name", "modified", "created", "adopted_year", "entry_into_force_year")

    year_field = "adopted_year"
    facets = (
        Facet("kind", "Kind", "kind", choices=tuple(LegalInstrument.Kind.choices)),
        Facet("scope", "Scope", "scope", choices=tuple(LegalInstrument.Scope.choices)),
        focus_area_facet(),
    )

    class Meta(EntryFilter.Meta):
        model = LegalInstrument


class StrategyFilter(EntryFilter):
    kind = django_filters.ChoiceFilter(label="Kind", choices=Strategy.Kind.choices)
    scope = django_filters.ChoiceFilter(label="Scope", choices=Strategy.Scope.choices)
    year_min = YearFilter(label="In force from", method="filter_year_min")
    year_max = YearFilter(label="In force until", method="filter_year_max")
    ordering = ordering("name", "modified", "created", "start_year", "end_year")

    facets = (
        Facet("kind", "Kind", "kind", choices=tuple(Strategy.Kind.choices)),
        Facet("scope", "Scope", "scope", choices=tuple(Strategy.Scope.choices)),
        focus_area_facet(),
    )

    class Meta(EntryFilter.Meta):
        model = Strategy

    # A strategy's period [start_year, end_year] overlaps the range; no end year means ongoing.
    def filter_year_min(self, queryset, name, value):
        return queryset.filter(Q(end_year__gte=value) | Q(end_year__isnull=True, start_year__isnull=False))

    def filter_year_max(self, queryset, name, value):
        return queryset.filter(start_year__lte=value)


class SupportServiceFilter(EntryFilter):
    service_type = LookupFilter(
        label="Service type",
        field_name="service_types",
        queryset=ServiceType.objects.all(),
        noun="service type",
    )
    population = LookupFilter(
        label="Population served",
        field_name="populations",
        queryset=Population.objects.all(),
        noun="population",
    )
    provider = LookupFilter(
        label="Provider",
        field_name="provider",
        queryset=Organization.objects.published(),
        noun="published organization",
        help_text="The organization that provides the service",
    )
    ordering = ordering("name", "modified", "created")

    facets = (
        Facet(
            "service_type",
            "Service type",
            "service_types__slug",
            "service_types__name",
            "service_types__position",
        ),
        Facet("population", "Population", "populations__slug", "populations__name", "populations__position"),
        Facet(
            "provider",
            "Provider",
            "provider__slug",
            "provider__name",
            "provider__name",
            limit=PROVIDER_FACET_LIMIT,
            condition=Q(provider__status=Organization.Status.PUBLISHED),
        ),
        focus_area_facet(),
    )

    class Meta(EntryFilter.Meta):
        model = SupportService


FILTERS = {
    Organization: OrganizationFilter,
    LegalInstrument: LegalInstrumentFilter,
    Strategy: StrategyFilter,
    SupportService: SupportServiceFilter,
}
