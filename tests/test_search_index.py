"""Full-text search on PostgreSQL is answered from the GIN indexes of migration 0003."""

import importlib

import pytest
from django.db import connection

from resources.models import ENTRY_MODELS, Organization
from resources.querysets import search_document_sql
from tests.factories import OrganizationFactory

migration = importlib.import_module("resources.migrations.0003_search_indexes")


def test_index_expressions_match_the_search_queries():
    frozen = {table: expression for _, table, expression in migration.INDEXES}
    assert set(frozen) == {model._meta.db_table for model in ENTRY_MODELS}
    for model in ENTRY_MODELS:
        assert frozen[model._meta.db_table] == search_document_sql(model, qualified=False), model


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes exist on PostgreSQL only")
def test_postgresql_search_uses_the_gin_index():
    OrganizationFactory(name="Anti-Slavery International", summary="Campaigns against forced labour.")
    OrganizationFactory(name="Polaris", summary="Operates a hotline.")
    queryset = Organization.objects.search("forced labour")
    assert [o.name for o in queryset] == ["Anti-Slavery International"]
    with connection.cursor() as cursor:
        # A handful of rows would be scanned sequentially; forbid that to see the plan
        # the planner chooses once the table is large.
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = queryset.explain()
    assert "org_search" in plan, plan


@pytest.mark.django_db
def test_search_finds_acronyms_and_ranks_names_first():
    OrganizationFactory(name="International Organization for Migration", acronym="IOM", summary="Migration.")
    OrganizationFactory(name="Other", summary="Works with the International Organization for Migration.")
    names = [o.name for o in Organization.objects.search("IOM").order_by("-search_rank")]
    assert names == ["International Organization for Migration"]
    ranked = [o.name for o in Organization.objects.search("migration").order_by("-search_rank", "name")]
    assert ranked[0] == "International Organization for Migration"
