"""API-only query parameters: `search` and `modified_since`.

The record filters themselves, ordering included, are the FilterSets in
resources/filters.py, shared with the HTML pages.
"""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend


class RecordFilterBackend(DjangoFilterBackend):
    """django-filter's backend, leaving the bound FilterSet on the view (``view.filterset``),
    whose ``total()`` may read the list's count from the read model's kept counts."""

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset


def with_search_alias(filterset_class):
    """The page's FilterSet, also answering to `search` (the API's name for `q`)."""
    q = filterset_class.base_filters["q"]
    search = type(q)(label=q.label, method=q.method, help_text=_("Same as q."))
    return type(filterset_class.__name__, (filterset_class,), {"search": search})


class ModifiedSinceFilter(BaseFilterBackend):
    """`modified_since`: only records changed at or after an ISO 8601 date or date-time."""

    param = "modified_since"

    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get(self.param)
        if raw is None:
            return queryset
        moment = parse_moment(raw)
        if moment is None:
            raise ValidationError(
                {
                    self.param: [
                        gettext("Use an ISO 8601 date or date-time: 2026-11-01 or 2026-11-01T12:00:00Z.")
                    ]
                }
            )
        return queryset.filter(modified__gte=moment)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": "Only records modified at or after this moment (ISO 8601).",
                "schema": {"type": "string", "format": "date-time"},
            }
        ]


def parse_moment(raw):
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            if day is None:
                return None
            moment = datetime.datetime(day.year, day.month, day.day)
    except ValueError:  # well-formed but impossible, such as 2026-02-30
        return None
    if timezone.is_naive(moment):
        return timezone.make_aware(moment, datetime.UTC)
    try:
        # Databases disagree on odd offsets (-20:44); UTC is understood everywhere.
        return moment.astimezone(datetime.UTC)
    except OverflowError:  # an offset that pushes the moment past year 1 or 9999
        return None
