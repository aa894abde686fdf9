"""Writes the read model (resources/models/public.py) from the entries themselves.

``refresh(kind, pks)`` makes the read model agree with those records (adding the
published ones, dropping the rest), and what it keeps with them: its counts
(tallies.py) and when each kind last changed (changes.py); ``rebuild()`` does it for
every record. Both work in
chunks with one query per relation per chunk, so that the number of queries does not
grow with the number of links and a rebuild of 100,000 records per kind fits in memory.
"""

from contextlib import contextmanager
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import translation
from django_countries import countries as country_names

from resources import kinds
from resources.addresses import record_url
from resources.geography import Geography
from resources.models import (
    Country,
    FocusArea,
    Organization,
    Population,
    PublicEntry,
    PublicPlace,
    PublicRegion,
    PublicTerm,
    PublicText,
    RecordTranslation,
    SearchWord,
    ServiceType,
)
from resources.querysets import Coverage

from . import changes, tallies, text


def english_url(url_name, lookup):
    """A record's address as stored: the English one, whatever language the writing request
    (an admin save in a Spanish browser) is in."""
    with translation.override("en"):
        return record_url(url_name, lookup)


CHUNK = 2000
TERM_MODELS = (FocusArea, ServiceType, Population)
INSERT_BATCH = 5000
PUBLIC_TABLES = (PublicPlace, PublicRegion, PublicTerm, PublicText, PublicEntry)  # children first


class Context:
    """What every chunk of a write may need, read once and only when first needed: the
    geography, and the names of countries and terms."""

    def __init__(self):
        self.terms = {}  # term model -> {pk: (slug, name)}

    @cached_property
    def geography(self):
        return Geography.load()

    # Place names as search text, normalized once: a continent's entry names fifty countries.
    @cached_property
    def country_text(self):
        with translation.override("en"):
            return {
                pk: text.document(str(country_names.name(code)))
                for pk, code in Country.objects.values_list("pk", "code")
            }

    @cached_property
    def country_codes(self):
        return dict(Country.objects.values_list("pk", "code"))

    @cached_property
    def term_objects(self):
        return {model: list(model.objects.all()) for model in TERM_MODELS}

    def names_in(self, language):
        """The names of countries, regions and terms in ``language``, as its search text:
        {"country": {pk: text}, "region": {pk: text}, term model: {pk: text}} (read once for
        every language)."""
        key = f"names-{language}"
        if key not in self.terms:
            with translation.override(language):
                names = {
                    "country": {
                        pk: text.local_document(language, str(country_names.name(code)))
                        for pk, code in self.country_codes.items()
                    },
                    "region": {
                        pk: text.local_document(language, region.label)
                        for pk, region in self.geography.regions.items()
                    },
                }
                for model, terms in self.term_objects.items():
                    names[model] = {term.pk: text.local_document(language, term.label) for term in terms}
            self.terms[key] = names
        return self.terms[key]

    @cached_property
    def region_text(self):
        return {pk: text.document(region.name) for pk, region in self.geography.regions.items()}

    def term_names(self, model):
        if model not in self.terms:
            self.terms[model] = {
                pk: (slug, name) for pk, slug, name in model.objects.values_list("pk", "slug", "name")
            }
        return self.terms[model]


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _links(model, field_name, pks):
    """{record pk: [linked pks]} of a many-to-many field, for ``pks``."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    links = {}
    rows = through.objects.filter(**{f"{source}_id__in": pks}).values_list(f"{source}_id", f"{target}_id")
    for record, linked in rows:
        links.setdefault(record, []).append(linked)
    return links


def _insert(model, columns, rows):
    """Rows of a read-model child table as tuples (its entry's key, kind and record id, then
    ``columns``): millions at 100k records per kind, too many to build as model instances."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(name) for name in ("entry_id", "kind", "record_id", *columns))
    values = ", ".join(["%s"] * (3 + len(columns)))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({values})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            cursor.executemany(sql, rows[start : start + INSERT_BATCH])


def _delete(model, **lookups):
    # A plain DELETE: the read model's tables have no signals or relations worth collecting.
    queryset = model.objects.filter(**lookups)
    queryset._raw_delete(queryset.db)


def refresh(kind, pks, context=None):
    """Make the read model agree with the records of ``kind`` whose primary keys are ``pks``."""
    pks = list(pks)
    if not pks:
        return
    context = context or Context()
    for chunk in _chunks(pks):
        # One writer of the kind at a time from here to the end of the transaction: what
        # the chunk counted for is read before it is rewritten, and must stay so.
        with transaction.atomic(savepoint=False):
            tallies.serialize(kind)
            public, counted = tallies.contributions(kind, chunk)
            for model in PUBLIC_TABLES:
                _delete(model, kind=kind.key, record_id__in=chunk)
            written = _write(kind, kind.model.objects.published().filter(pk__in=chunk), context)
            tallies.apply(kind, counted, tallies.contributions(kind, chunk)[1])
            changes.note(kind, max(written.values(), default=None), dropped=bool(public - written.keys()))


def rebuild():
    """The whole read model anew from the published records (``manage.py reindex``)."""
    for kind in kinds.KINDS:
        tallies.serialize(kind)
    with _indexes_built_at_the_end():
        for model in (*PUBLIC_TABLES, SearchWord):
            _delete(model)
        context = Context()
        for kind in kinds.KINDS:
            _write(kind, kind.model.objects.published(), context)
    tallies.rebuild()
    changes.rebuild()


# SQLite's full-text indexes of the read model (migrations 0008 and 0014): FTS5 tables over
# its search text, which triggers keep up to date row by row.
FULL_TEXT = {"public_entry_fts": "resources_publicentry", "public_text_fts": "resources_publictext"}


@contextmanager
def _indexes_built_at_the_end():
    """On SQLite, the read model's indexes set aside while every row is deleted and written
    again, then built from the full tables, in the same transaction, as the migrations made
    them: row by row, each of millions of rows at 100,000 records per kind went into every
    index of its table, in no order, and the full-text ones through triggers, which was
    most of a rebuild's time (deleting the places alone took a minute, three seconds
    without their indexes). The unique constraints' own indexes stay, so they are checked
    all along. PostgreSQL is left as it is."""
    if connection.vendor != "sqlite":
        yield
        return
    tables = [model._meta.db_table for model in PUBLIC_TABLES]
    placeholders = ", ".join(["%s"] * len(tables))
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        # Indexes SQLite makes for a table's own constraints have no SQL and stay.
        cursor.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') "
            f"AND sql IS NOT NULL AND tbl_name IN ({placeholders}) ORDER BY type DESC, name",
            tables,
        )
        set_aside = cursor.fetchall()  # triggers first, then indexes
        for object_type, name, _ in set_aside:
            cursor.execute(f"DROP {object_type.upper()} {connection.ops.quote_name(name)}")
        for index in FULL_TEXT:
            cursor.execute(f"INSERT INTO {index}({index}) VALUES('delete-all')")
        yield
        for _, _, sql in reversed(set_aside):  # indexes, then triggers
            cursor.execute(sql)
        for index in FULL_TEXT:
            cursor.execute(f"INSERT INTO {index}({index}) VALUES('rebuild')")


def _write(kind, queryset, context):
    fields = [
        "pk",
        "slug",
        "name",
        "summary",
        "description",
        "created",
        "modified",
        *kind.title_fields,
        *((kind.help_field,) if kind.help_field else ()),
        *(field for _, field in kind.choice_terms),
        *(f"{field}_id" for field, _ in kind.named_organizations if _is_foreign_key(kind, field)),
    ]
    rows = queryset.order_by("pk").values(*fields)
    written = {}  # record pk: modified
    for chunk in _chunks(rows.iterator(chunk_size=CHUNK)):
        _write_chunk(kind, chunk, context)
        written.update((record["pk"], record["modified"]) for record in chunk)
    return written


def _texts(kind, children, about_by_record, context):
    """Rows of PublicText: the search text of each translation of the chunk's entries, with
    the names, in that language, of the countries each covers, the regions it is about and
    its terms (``about_by_record``: {record pk: (region pks, [(term model, term pk)])})."""
    by_record = {entry.record_id: (entry, places) for entry, _, places, _, _ in children}
    translations = RecordTranslation.objects.filter(
        content_type=ContentType.objects.get_for_model(kind.model), object_id__in=list(by_record)
    ).values_list("object_id", "language", "name", "summary", "description")
    rows = []
    for record_id, language, name, summary, description in translations.order_by("object_id", "language"):
        if not text.is_searchable(language):
            continue
        entry, places = by_record[record_id]
        about, term_refs = about_by_record[record_id]
        names = context.names_in(language)
        body = " ".join(
            part
            for part in (
                text.local_document(language, description),
                *(names["country"].get(country, "") for country in places),
                *(names["region"].get(region, "") for region in sorted(about)),
                *(names[model].get(pk, "") for model, pk in term_refs),
            )
            if part
        )
        rows.append(
            (
                entry.pk,
                kind.key,
                record_id,
                language,
                text.local_document(language, name),
                text.local_document(language, summary),
                body,
            )
        )
    return rows


def _is_foreign_key(kind, field):
    return not kind.model._meta.get_field(field).many_to_many


def _write_chunk(kind, records, context):
    model = kind.model
    pks = [record["pk"] for record in records]
    countries = _links(model, "countries", pks)
    regions = _links(model, "regions", pks)
    terms = {facet: (_links(model, field, pks), term) for facet, field, term in kind.link_terms}
    organizations = {}  # field -> {record pk: [organization pks]}
    for field, _ in kind.named_organizations:
        if _is_foreign_key(kind, field):
            organizations[field] = {r["pk"]: [r[f"{field}_id"]] for r in records if r[f"{field}_id"]}
        else:
            organizations[field] = _links(model, field, pks)
    wanted = {pk for links in organizations.values() for linked in links.values() for pk in linked}
    public_organizations = {
        pk: (slug, name)
        for pk, slug, name in Organization.objects.published()
        .filter(pk__in=wanted)
        .values_list("pk", "slug", "name")
    }

    entries, children, vocabulary = [], [], set()
    about_by_record = {}  # record pk: (regions it is about, [(term model, term pk)]), for _texts
    for record in records:
        pk = record["pk"]
        named = sorted(countries.get(pk, ()))
        tagged = sorted(regions.get(pk, ()))
        places = {country: (Coverage.NATIONAL, None) for country in named}
        geography = context.geography if named or tagged else None
        for region in tagged:
            for country in sorted(geography.countries_in(region)):
                places.setdefault(country, (Coverage.REGIONAL, region))
        about = set()
        for region in tagged:
            about.update(geography.up(region))
        for country in named:
            about |= geography.country_regions(country)
        facet_values = [(facet, record[field]) for facet, field in kind.choice_terms if record[field]]
        term_names, term_refs = [], []
        for facet, (links, term_model) in terms.items():
            names = context.term_names(term_model)
            for term_pk in sorted(links.get(pk, ())):  # in a fixed order, whatever the table's
                slug, name = names[term_pk]
                facet_values.append((facet, slug))
                term_names.append(name)
                term_refs.append((term_model, term_pk))
        organization_names = []
        for field, facet in kind.named_organizations:
            for org_pk in sorted(organizations[field].get(pk, ())):
                if org_pk in public_organizations:
                    slug, name = public_organizations[org_pk]
                    organization_names.append(name)
                    if facet:
                        facet_values.append((facet, slug))

        title = text.document(record["name"], *(record[field] for field in kind.title_fields))
        summary = text.document(record["summary"])
        body = " ".join(
            part
            for part in (
                text.document(record["description"], *organization_names, *term_names),
                *(context.country_text.get(country, "") for country in places),
                *(context.region_text.get(region, "") for region in sorted(about)),
            )
            if part
        )
        vocabulary.update(title.split(), summary.split(), body.split())
        entry = PublicEntry(
            kind=kind.key,
            record_id=pk,
            slug=record["slug"],
            name=record["name"],
            sort_name=text.fold(record["name"]),
            summary=record["summary"],
            url=english_url(kind.detail_url_name, record["slug"]),
            is_global=not named and not tagged,
            created=record["created"],
            modified=record["modified"],
            search_title=title,
            search_summary=summary,
            search_body=body,
        )
        entries.append(entry)
        is_help = bool(record[kind.help_field]) if kind.help_field else False
        children.append((entry, is_help, places, about, sorted(set(facet_values))))
        about_by_record[pk] = (about, term_refs)

    PublicEntry.objects.bulk_create(entries, batch_size=500)
    places, about_rows, term_rows = [], [], []
    for entry, is_help, entry_places, about, facet_values in children:
        common = (entry.pk, kind.key, entry.record_id)
        if entry.is_global:
            places.append((*common, None, Coverage.GLOBAL, is_help, entry.sort_name, None))
        for country, (coverage, via) in entry_places.items():
            places.append((*common, country, coverage, is_help, entry.sort_name, via))
        about_rows.extend((*common, region) for region in sorted(about))
        term_rows.extend((*common, facet, value) for facet, value in facet_values)
    _insert(PublicPlace, ("country_id", "coverage", "is_help", "sort_name", "via_region_id"), places)
    _insert(PublicRegion, ("region_id",), about_rows)
    _insert(PublicTerm, ("facet", "value"), term_rows)
    texts = _texts(kind, children, about_by_record, context)
    _insert(PublicText, ("language", "search_title", "search_summary", "search_body"), texts)
    SearchWord.objects.bulk_create(
        [SearchWord(word=word, length=len(word)) for word in sorted(vocabulary)],
        batch_size=1000,
        ignore_conflicts=True,
    )
