"""Checking the read model: it must equal what a rebuild makes from the records."""

from django.db import connection, transaction

from resources.models import PublicCount, PublicEntry, PublicPlace, PublicRegion, PublicTerm, PublicText
from resources.readmodel import writer


def snapshot():
    """The read model's content, without its surrogate keys."""
    entries = {
        (e.kind, e.record_id): (
            e.slug,
            e.name,
            e.sort_name,
            e.summary,
            e.url,
            e.is_global,
            e.created,
            e.modified,
            e.search_title,
            e.search_summary,
            e.search_body,
        )
        for e in PublicEntry.objects.all()
    }
    ids = {e.pk: (e.kind, e.record_id) for e in PublicEntry.objects.only("kind", "record_id")}
    children = {}
    for model, fields in (
        (PublicPlace, ("country_id", "coverage", "is_help", "sort_name", "via_region_id")),
        (PublicRegion, ("region_id",)),
        (PublicTerm, ("facet", "value")),
        (PublicText, ("language", "search_title", "search_summary", "search_body")),
    ):
        rows = list(model.objects.values_list("entry_id", "kind", "record_id", *fields))
        # Each child names its entry twice (a key and the kind with the record): they agree.
        assert all(ids[row[0]] == (row[1], row[2]) for row in rows), model
        children[model.__name__] = sorted(row[1:] for row in rows)
    # The kept counts: no cell of zero is kept.
    counts = PublicCount.objects.values_list("kind", "condition", "facet", "value", "n")
    children["PublicCount"] = sorted(counts)
    return entries, children


def expected_snapshot():
    """What a rebuild would make, rolled back so that the kept read model stays."""
    with transaction.atomic():
        writer.rebuild()
        expected = snapshot()
        transaction.set_rollback(True)
    return expected


def assert_fts_consistent():
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in ("public_entry_fts", "public_text_fts"):
                cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES('integrity-check', 1)")


def assert_read_model_current():
    """The kept read model equals a rebuild, and SQLite's full-text index agrees with it."""
    assert snapshot() == expected_snapshot()
    assert_fts_consistent()


def read_model_schema():
    """The indexes and triggers of the read model's tables, as the database states them
    (a rebuild on SQLite sets them aside and makes them again)."""
    tables = [model._meta.db_table for model in writer.PUBLIC_TABLES]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
                f"AND tbl_name IN ({', '.join(['%s'] * len(tables))})",
                tables,
            )
        else:
            cursor.execute(
                "SELECT 'index', indexname, tablename, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
                "UNION ALL SELECT 'trigger', tgname, tgrelid::regclass::text, pg_get_triggerdef(oid) "
                "FROM pg_trigger WHERE tgrelid::regclass::text = ANY(%s) AND NOT tgisinternal",
                [tables, tables],
            )
        return sorted(cursor.fetchall())


def lock_queries(chunks=1):
    """What the writer adds on PostgreSQL for ``chunks`` chunks of one kind written: an
    advisory lock each (``tallies.serialize``; SQLite has one writer anyway)."""
    return chunks if connection.vendor == "postgresql" else 0
