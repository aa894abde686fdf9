"""One FilterSet per kind of entry, shared by the HTML list pages and the JSON API.

Every parameter is validated by its form field: an unknown slug or country code,
a year outside the plausible range, a NUL byte or an over-long value is a form
error (shown on the page, a 400 in the API), never a server error.

Each FilterSet also knows its facets: for every facet, one grouped query counts
the records per value under all the *other* active filters.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from resources import kinds
from resources.models import (
    MAX_YEAR,
    MIN_YEAR,
    Country,
    FocusArea,
    LegalInstrument,
    Organization,
    Population,
    PublicTerm,
    Region,
    ServiceType,
    Strategy,
    SupportService,
)
from resources.readmodel import tallies

SLUG_RE = re.compile(r"[-a-zA-Z0-9_]{1,120}")
COUNTRY_RE = re.compile(r"[A-Z]{2}")
QUERY_MAX_LENGTH = 200
PAGE_SIZE = 20
PROVIDER_FACET_LIMIT = 50
PROVIDER_FACET_MOST = 2000
# "Kind" names the type of an entry (a convention, an NGO, a hotline), not kindness.
KIND_LABEL = pgettext_lazy("type of entry", "Kind")
# What an unknown value is told, when a field names nothing more particular.
UNKNOWN_VALUE = _("There is no value “%(value)s”.")


class LookupField(forms.CharField):
    """A slug (or code) in the URL, cleaned to the record it names; unknown values are errors.

    ``unknown`` is the whole sentence an unknown value is told, with ``%(value)s`` for it
    (a lazy translation: one sentence per field, so that each language can agree it with
    its noun)."""

    def __init__(
        self, *, queryset=None, lookup="slug", pattern=SLUG_RE, upper=False, unknown=UNKNOWN_VALUE, **kwargs
    ):
        kwargs.setdefault("max_length", 120)
        super().__init__(**kwargs)
        self.queryset, self.lookup, self.pattern, self.upper, self.unknown = (
            queryset,
            lookup,
            pattern,
            upper,
            unknown,
        )

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if self.upper:
            value = value.upper()
        # The value goes in params, never into the message itself: a "%" in it
        # would otherwise break the message's formatting.
        unknown = ValidationError(self.unknown, code="invalid_choice", params={"value": value[:40]})
        if not self.pattern.fullmatch(value):
            raise unknown
        try:
            return self.queryset.get(**{self.lookup: value})
        except self.queryset.model.DoesNotExist:
            raise unknown from None


@extend_schema_field(OpenApiTypes.STR)
class RegionFilter(django_filters.Filter):
    field_class = LookupField


@extend_schema_field(OpenApiTypes.STR)
class LookupFilter(django_filters.Filter):
    field_class = LookupField


@extend_schema_field(OpenApiTypes.STR)
class TermFilter(LookupFilter):
    """A taxonomy term by slug, looked up among the read model's terms of the facet
    named ``field_name``."""

    def filter(self, qs, value):
        return qs if value is None else qs.with_term(self.field_name, value.slug)


@extend_schema_field(OpenApiTypes.STR)
class CountryFilter(django_filters.Filter):
    field_class = LookupField


# The filters answered by the read model's places and terms whose counts it keeps.
KEPT_READ_MODEL_FILTERS = (CountryFilter, TermFilter)


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and len(value) > 10:
            raise ValidationError(
                gettext("Enter a year between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
                code="invalid",
            )
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
            raise ValidationError(
                gettext("The first year of the range is after the last."), code="year_range"
            )
        return data


@dataclass(frozen=True)
class Facet:
    """One facet: the filter it belongs to, counted from the read model's terms
    (resources/models/public.py), whose values are the filter's own (slugs or choices)."""

    name: str
    label: str
    choices: tuple = ()  # for choice fields: (value, label) in display order
    # For related terms: given the values counted, {value: (label, order)} of those that
    # may be offered (a published provider, an existing term).
    terms: Callable[[set], dict] | None = None
    # Terms with no fixed list (providers) can be many: only the ``limit`` with the most
    # entries are offered.
    limit: int = 0
    # ... and they are counted only over at most ``most`` records (0: over any number):
    # counting thousands of values over tens of thousands of records costs many times
    # what the list itself does, and the busiest of thousands of values tell little.
    most: int = 0


@dataclass
class FacetValue:
    value: str
    label: str
    count: int | None  # None: not counted (``Facet.most``)
    selected: bool


def term_labels(model):
    """{slug: (name in the page's language, display order)} of the taxonomy's terms among ``values``."""

    def labels(values):
        terms = model.objects.filter(slug__in=values).only("slug", "name", "position")
        return {term.slug: (term.label, (term.position, term.label)) for term in terms}

    return labels


def provider_labels(values):
    """Of the published organizations only those counted: there may be a hundred thousand."""
    providers = Organization.objects.published().filter(slug__in=values).values_list("slug", "name")
    return {slug: (name, (name,)) for slug, name in providers}


def focus_area_facet():
    return Facet("focus_area", _("Focus area"), terms=term_labels(FocusArea))


class SearchTextField(forms.CharField):
    """Search words: a longer text is cut at QUERY_MAX_LENGTH characters, not refused."""

    def to_python(self, value):
        return super().to_python(value)[:QUERY_MAX_LENGTH]


class SearchFilter(django_filters.CharFilter):
    field_class = SearchTextField


class EntryFilter(django_filters.FilterSet):
    q = SearchFilter(
        label=pgettext_lazy("field label", "Search"),
        method="filter_q",
        help_text=_("Words in the name or text"),
    )
    region = RegionFilter(
        label=_("Region"),
        method="filter_region",
        queryset=Region.objects.all(),
        unknown=_("There is no region “%(value)s”."),
        help_text=_("Includes its sub-regions and the countries in it"),
    )
    country = CountryFilter(
        label=_("Country"),
        method="filter_country",
        queryset=Country.objects.select_related("region__parent__parent__parent"),
        lookup="code",
        pattern=COUNTRY_RE,
        upper=True,
        max_length=2,
        unknown=_("There is no country with the ISO code “%(value)s”."),
        help_text=_("Includes the regional and global entries that apply there"),
    )
    focus_area = TermFilter(
        label=_("Focus area"),
        field_name="focus_area",
        queryset=FocusArea.objects.all(),
        unknown=_("There is no focus area “%(value)s”."),
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

    def active_filters(self):
        """{name: cleaned value} of the filters that narrow the list (not its order)."""
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name != "ordering" and value is not None and (not isinstance(value, str) or value.strip())
        }

    def total(self):
        """How many records the list holds: read from the kept counts when the read model
        keeps them for these filters (resources/readmodel/tallies.py), else counted; once."""
        if not hasattr(self, "_total"):
            kind = kinds.of(self.queryset.model)
            kept = tallies.total_cell(kind, self.active_filters())
            if kept is None:
                self._total = self.qs.count()
            else:
                found, cell = kept
                read = tallies.read(kind, {"list": found, "kind": (tallies.ALL,)})
                self._total = read["list"][cell]
                self._kind_total = read["kind"][tallies.TOTAL]
        return self._total

    def share(self):
        """The part of the kind's published entries the list holds (0 to 1), when it is
        narrowed by a country or a term (the read model's places and terms) and the kept
        counts say how many; else None. The list selector reads the first pages of a list
        holding a large part differently (resources/selectors.py). Not for a list narrowed
        by nothing or by a column of the kind's own (its kind, its scope): the database
        reads those in name order from an index already."""
        active = self.active_filters()
        if not active or not all(isinstance(self.filters[name], KEPT_READ_MODEL_FILTERS) for name in active):
            return None
        if tallies.total_cell(kinds.of(self.queryset.model), active) is None:
            return None  # not kept: counting it would cost what the list itself does
        total = self.total()
        return total / self._kind_total if self._kind_total else None

    def facet_counts(self):
        """[(facet, [FacetValue, ...]), ...], each facet counted under every other active
        filter on the read model's terms. Where those filters are at most one, the counts
        are the read model's kept ones (one query for every such facet); otherwise the
        facets not filtered on share those filters, so they share one grouped query, and a
        facet in use, or offering only its most common values, has its own. A facet with
        ``most`` is not counted over more records than that: its names are then in
        ``self.uncounted``. Empty if the form is invalid."""
        self.uncounted = set()
        if not self.is_bound or not self.form.is_valid():
            return []
        kind = kinds.of(self.queryset.model)
        active = self.active_filters()
        selected_keys = {}
        for facet in self.facets:
            selected = self.form.cleaned_data.get(facet.name)
            selected_keys[facet.name] = (getattr(selected, "slug", selected) or "", selected)
        # What the kept counts answer, read in one query: the facets counted under at most
        # one other filter, and the size of what a facet with ``most`` would be counted over.
        wanted, sizes = {}, {}
        for facet in self.facets:
            others = {name: value for name, value in active.items() if name != facet.name}
            found = tallies.conditions(kind, others)
            if facet.name in kind.kept_facets and found is not None:
                wanted[facet.name] = found
            if facet.most:
                sizes[facet] = tallies.total_cell(kind, others)
                if sizes[facet] is not None:
                    wanted[("size", facet.name)] = sizes[facet][0]
        read = tallies.read(kind, wanted) if wanted else {}
        for facet, kept in sizes.items():
            if kept:
                size = read[("size", facet.name)][kept[1]]
            elif facet.name in active:
                size = self.queryset_without(facet.name).count()
            else:
                size = self.total()  # the list itself: counted once for the page too
            if size > facet.most:
                self.uncounted.add(facet.name)
        counts = {
            name: {value: n for (facet, value), n in cells.items() if facet == name}
            for name, cells in read.items()
            if isinstance(name, str)
        }
        counted = [f for f in self.facets if f.name not in counts and f.name not in self.uncounted]
        shared = [f.name for f in counted if not f.limit and not selected_keys[f.name][0]]
        if shared:
            counts.update(self._term_counts(shared, self.queryset_without()))
        for facet in counted:
            if facet.name not in shared:
                counts.update(self._term_counts([facet.name], self.queryset_without(facet.name), facet.limit))
        results = []
        for facet in self.facets:
            selected_key, selected = selected_keys[facet.name]
            if facet.name in self.uncounted:
                values = [FacetValue(selected_key, str(selected), None, True)] if selected_key else []
            else:
                values = self._facet_values(facet, counts.get(facet.name, {}), selected_key, selected)
            results.append((facet, values))
        return results

    def _term_counts(self, facets, queryset, limit=0):
        """{facet: {value: how many of ``queryset`` have it}} in one query; only the
        ``limit`` most common values when given (then for one facet)."""
        rows = (
            PublicTerm.objects.filter(
                kind=kinds.of(self.queryset.model).key,
                facet__in=facets,
                record_id__in=queryset.order_by().values("pk"),
            )
            .values_list("facet", "value")
            .annotate(n=Count("record_id"))
            .order_by("-n", "value")
        )
        if limit:
            rows = rows[:limit]
        counts = {facet: {} for facet in facets}
        for facet, value, n in rows:
            counts[facet][value] = n
        return counts

    def _facet_values(self, facet, counts, selected_key, selected):
        if facet.choices:
            return [
                FacetValue(value, label, counts.get(value, 0), value == selected_key)
                for value, label in facet.choices
                if counts.get(value) or value == selected_key
            ]
        labels = facet.terms(set(counts))
        offered = sorted((v for v in counts if v in labels), key=lambda v: labels[v][1])
        values = [FacetValue(v, labels[v][0], counts[v], v == selected_key) for v in offered]
        if selected_key and not any(v.selected for v in values):
            # Matching nothing under the other filters, or beyond the limit.
            count = 0
            if facet.limit:
                count = self.queryset_without(facet.name).with_term(facet.name, selected_key).count()
            values.append(FacetValue(selected_key, str(selected), count, True))
        return values


def ordering(*fields):
    return StableOrderingFilter(
        fields=tuple((f, f) for f in fields),
        label=_("Order by"),
        help_text=_("Prefix with - to reverse"),
    )


class OrganizationFilter(EntryFilter):
    kind = django_filters.ChoiceFilter(label=KIND_LABEL, choices=Organization.Kind.choices)
    year_min = YearFilter(label=_("Founded from"), method="filter_year_min")
    year_max = YearFilter(label=_("Founded until"), method="filter_year_max")
    ordering = ordering("name", "modified", "created", "founded_year")

    year_field = "founded_year"
    facets = (
        Facet("kind", KIND_LABEL, choices=tuple(Organization.Kind.choices)),
        focus_area_facet(),
    )

    class Meta(EntryFilter.Meta):
        model = Organization


class LegalInstrumentFilter(EntryFilter):
    kind = django_filters.ChoiceFilter(label=KIND_LABEL, choices=LegalInstrument.Kind.choices)
    scope = django_filters.ChoiceFilter(label=_("Scope"), choices=LegalInstrument.Scope.choices)
    year_min = YearFilter(label=_("Adopted from"), method="filter_year_min")
    year_max = YearFilter(label=_("Adopted until"), method="filter_year_max")
    ordering = ordering("name", "modified", "created", "adopted_year", "entry_into_force_year")

    year_field = "adopted_year"
    facets = (
        Facet("kind", KIND_LABEL, choices=tuple(LegalInstrument.Kind.choices)),
        Facet("scope", _("Scope"), choices=tuple(LegalInstrument.Scope.choices)),
        focus_area_facet(),
    )

    class Meta(EntryFilter.Meta):
        model = LegalInstrument


class StrategyFilter(EntryFilter):
    kind = django_filters.ChoiceFilter(label=KIND_LABEL, choices=Strategy.Kind.choices)
    scope = django_filters.ChoiceFilter(label=_("Scope"), choices=Strategy.Scope.choices)
    year_min = YearFilter(label=_("In force from"), method="filter_year_min")
    year_max = YearFilter(label=_("In force until"), method="filter_year_max")
    ordering = ordering("name", "modified", "created", "start_year", "end_year")

    facets = (
        Facet("kind", KIND_LABEL, choices=tuple(Strategy.Kind.choices)),
        Facet("scope", _("Scope"), choices=tuple(Strategy.Scope.choices)),
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
    service_type = TermFilter(
        label=_("Service type"),
        field_name="service_type",
        queryset=ServiceType.objects.all(),
        unknown=_("There is no service type “%(value)s”."),
    )
    population = TermFilter(
        label=_("Population served"),
        field_name="population",
        queryset=Population.objects.all(),
        unknown=_("There is no population “%(value)s”."),
    )
    provider = LookupFilter(
        label=_("Provider"),
        field_name="provider",
        queryset=Organization.objects.published(),
        unknown=_("There is no published organization “%(value)s”."),
        help_text=_("The organization that provides the service"),
    )
    ordering = ordering("name", "modified", "created")

    facets = (
        Facet("service_type", _("Service type"), terms=term_labels(ServiceType)),
        Facet(
            "population",
            pgettext_lazy("people a service is for", "Population"),
            terms=term_labels(Population),
        ),
        Facet(
            "provider",
            _("Provider"),
            terms=provider_labels,
            limit=PROVIDER_FACET_LIMIT,
            most=PROVIDER_FACET_MOST,
        ),
        focus_area_facet(),
    )

    class Meta(EntryFilter.Meta):
        model = SupportService
