"""Streamed bulk exports: CSV of a filtered list, NDJSON of a kind.

Rows are serialized one chunk at a time (`iterator(chunk_size=...)` keeps the
prefetches per chunk), so memory stays flat however many records there are.
"""

import csv
import json

from django.http import StreamingHttpResponse
from rest_framework.utils.encoders import JSONEncoder

CHUNK_SIZE = 500


def _rows(queryset, serializer_class, context):
    # One serializer for every record, as a list serializer does: DRF builds a
    # serializer's fields (and its nested serializers') on first use, which costs
    # more than turning a record into data.
    serializer = serializer_class(context=context)
    for record in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield serializer.to_representation(record)


class _Echo:
    """A file-like object whose write() hands the line back to csv.writer."""

    def write(self, value):
        return value


# A spreadsheet runs a cell that begins with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralized(text):
    """``text`` as a spreadsheet shows it, never runs it: OWASP's advice, a leading single
    quote before a formula character. A phone number such as +66 2 123 4567 stays readable,
    as '+66 2 123 4567."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def text_languages_cell(languages):
    """The ``text_languages`` object as one cell: "name: fr, not reviewed | summary: ..."."""
    parts = []
    for field, shown in languages.items():
        state = "" if not shown["translated"] else ", reviewed" if shown["reviewed"] else ", not reviewed"
        parts.append(f"{field}: {shown['language']}{state}")
    return " | ".join(parts)


def flatten(value):
    """One CSV cell: related records by slug, lists joined with ' | ', never a formula."""
    if isinstance(value, dict):
        value = value.get("slug", "")
    elif isinstance(value, list):
        value = " | ".join(str(flatten(item)) for item in value if item is not None)
    elif value is None:
        value = ""
    return neutralized(value) if isinstance(value, str) else value


def csv_columns(serializer_class):
    # Citations are left to the JSON formats: a quote per cell helps nobody. The languages of
    # the text come last, so that the columns before them keep their places.
    columns = [name for name in serializer_class.Meta.fields if name not in ("citations", "text_languages")]
    return [*columns, "text_languages"]


def csv_response(queryset, serializer_class, context):
    columns = csv_columns(serializer_class)
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(columns)
        for row in _rows(queryset, serializer_class, context):
            cells = {**row, "text_languages": text_languages_cell(row["text_languages"])}
            yield writer.writerow([flatten(cells.get(column)) for column in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = serializer_class.Meta.model._meta.verbose_name_plural.replace(" ", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def ndjson_response(queryset, serializer_class, context):
    def lines():
        for row in _rows(queryset, serializer_class, context):
            yield json.dumps(row, cls=JSONEncoder, ensure_ascii=False) + "\n"

    return StreamingHttpResponse(lines(), content_type="application/x-ndjson")
