"""GIN indexes for full-text search on PostgreSQL (other databases search without them).

Each expression is the entry's weighted search document, frozen here as it was
written; ``resources.querysets.search_document_sql`` produces the same text for
the queries (tests/test_search_index.py keeps them equal), so that the planner
can answer a search from the index.
"""

from django.db import migrations

# (index name, table, expression)
INDEXES = [
    (
        "org_search",
        "resources_organization",
        (
            "setweight(to_tsvector('english'::regconfig, coalesce(\"name\", '')), 'A') || "
            "setweight(to_tsvector('english'::regconfig, coalesce(\"acronym\", '')), 'A') || "
            "setweight(to_tsvector('english'::regconfig, coalesce(\"aliases\", '')), 'A') || "
            "setweight(to_tsvector('english'::regconfig, coalesce(\"summary\", '')), 'B') || "
            "setweight(to_tsvector('english'::regconfig, coalesce(\"description\", '')), 'C')"
        ),
    ),
    (
        "instr_search",
        "resources_legalinstrument",
        (
            "setweight(to_tsvector('english'::regconfig, coalesce(\"name\", '')), 'A') || "
            "setweight(to_tsvector('english'::regconfig, coalesce(\"short_title\", '')), 'A') || "
            "setweight(to_tsvector('english'::regconfig, coalesce(\"aliases\", '')), 'A') || "
            "setweight(to_tsvector('english'::regconfig, coalesce(\"summary\", '')), 'B') || "
            "setweight(to_tsvector('english'::regconfig, coalesce(\"description\", '')), 'C')"
        ),
    ),
    (
        "strat_search",
        "resources_strategy",
        (
            "setweight(to_tsvector('english'::regconfig, coalesce(\"name\", '')), 'A') || "
            "setweight(to_tsvector('english'::regconfig, coalesce(\"summary\", '')), 'B') || "
            "setweight(to_tsvector('english'::regconfig, coalesce(\"description\", '')), 'C')"
        ),
    ),
    (
        "svc_search",
        "resources_supportservice",
        (
            "setweight(to_tsvector('english'::regconfig, coalesce(\"name\", '')), 'A') || "
            "setweight(to_tsvector('english'::regconfig, coalesce(\"summary\", '')), 'B') || "
            "setweight(to_tsvector('english'::regconfig, coalesce(\"description\", '')), 'C')"
        ),
    ),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, expression in INDEXES:
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (({expression}))')


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("resources", "0002_staff_groups")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
