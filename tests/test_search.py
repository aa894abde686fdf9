"""Search finds what people type (resources/readmodel/search.py), the same on SQLite and
PostgreSQL: a table of queries over the curated directory and the records each must
return in its first five, then the rules one by one."""

import pytest
from django.db import connection

from resources.models import Organization, PublicEntry
from resources.readmodel import search, text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("curated")]

# query -> slugs that must all be among its first five results
FIRST_FIVE = {
    "shelter India": ["prajwala"],
    "Prajwala India": ["prajwala"],
    "labour forced": ["ilo-forced-labour-convention-1930", "ilo"],
    "forced labor": ["ilo-forced-labour-convention-1930", "ilo"],  # American spelling
    "FORCED LABOUR": ["ilo-forced-labour-convention-1930"],
    "organization for migration": ["iom"],
    "organisation migration": ["iom"],
    "IOM": ["iom"],
    "Palermo": ["palermo-protocol"],
    "trafficking protocol palermo": ["palermo-protocol"],
    "thailand": ["asean", "asean-plan-of-action"],  # a country an entry covers
    "Southeast Asian nations": ["asean"],
    "trafficing": ["palermo-protocol"],  # a typo
    "hotline": ["national-human-trafficking-hotline", "polaris"],
    "counseling": ["prajwala"],  # American spelling of counselling
    "Polaris hotline": ["national-human-trafficking-hotline"],  # the provider's name
    "European Union directive": ["eu-anti-trafficking-directive"],
    "Côte": [],  # accents folded; matches nothing here, and fails nothing
}


def first_five(query):
    understood = search.understand(query)
    ids = search.ranked_ids(understood, 5)
    rows = PublicEntry.objects.in_bulk(ids)
    return [rows[pk].slug for pk in ids]


@pytest.mark.parametrize("query", FIRST_FIVE)
def test_each_query_finds_its_records_in_the_first_five(query):
    found = first_five(query)
    missing = [slug for slug in FIRST_FIVE[query] if slug not in found]
    assert not missing, f"{query!r} gave {found}"


def test_the_curated_slugs_of_the_table_exist():
    slugs = set(PublicEntry.objects.values_list("slug", flat=True))
    assert {slug for wanted in FIRST_FIVE.values() for slug in wanted} <= slugs


def test_every_word_must_match_in_any_order():
    assert first_five("labour forced") == first_five("forced labour")
    understood = search.understand("prajwala thailand")  # both words in no single entry
    assert understood.partial and first_five("prajwala thailand")


def test_a_word_no_entry_uses_is_corrected():
    understood = search.understand("trafficing shelter")
    assert understood.corrected == {"trafficing": "trafficking"}
    assert not understood.partial


def test_spelling_variants_are_written_one_way():
    assert text.words("Labor organizations counseling centers") == text.words(
        "Labour organisations counselling centres"
    )
    assert text.words("programme") == text.words("program") == ["programme"]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "NEAR(a b)",
        "a:b",
        "a & b | !c",
        "(-)",
        "- trafficking",
        "AND OR NOT",
        "'; DROP TABLE resources_publicentry; --",
        "الاتجار بالبشر",
        "人口贩运",
        "x" * 5000,
    ],
)
def test_query_syntax_is_text_never_an_error(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    api = client.get("/api/v1/organizations/", {"search": query})
    assert api.status_code == 200


def test_a_query_naming_a_country_offers_its_page_first(client):
    html = client.get("/search/", {"q": "help in Thailand"}).content.decode()
    assert html.index("What applies in Thailand") < html.index('id="results-heading"')


def test_nothing_found_suggests_the_country_pages_and_the_hotlines(client):
    html = client.get("/search/", {"q": "xyzzyq"}).content.decode()
    assert "Nothing matched" in html
    assert 'href="/regions/"' in html
    assert "National Human Trafficking Hotline" in html


def test_corrections_and_partial_matches_are_said(client):
    html = client.get("/search/", {"q": "trafficing"}).content.decode()
    assert "No entry uses “trafficing”" in html
    html = client.get("/search/", {"q": "prajwala thailand"}).content.decode()
    assert "No entry matches every word" in html


def test_the_api_search_is_the_same_search(client):
    for query in ("forced labor", "thailand", "trafficing"):
        api = client.get("/api/v1/organizations/", {"search": query, "page_size": 100}).json()
        slugs = [row["slug"] for row in api["results"]]
        expected = [
            e.slug
            for e in PublicEntry.objects.in_bulk(search.ranked_ids(search.understand(query), 100)).values()
            if e.kind == "organization"
        ]
        assert set(slugs) == set(expected), query


def test_drafts_are_never_found(client):
    Organization.objects.filter(slug="iom").update(status="draft")
    from resources.readmodel import writer

    writer.rebuild()
    assert "iom" not in first_five("IOM")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's; PostgreSQL uses a tsvector")
def test_sqlite_has_fts5():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA compile_options")
        assert "ENABLE_FTS5" in {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT count(*) FROM public_entry_fts")
        assert cursor.fetchone()[0] == PublicEntry.objects.count()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_postgresql_search_uses_the_gin_index():
    understood = search.understand("forced labour")
    with connection.cursor() as cursor:
        # A handful of rows would be scanned sequentially; forbid that to see the plan the
        # planner chooses once the table is large.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = search.ranked_sql(understood, 20)
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "public_entry_search" in plan, plan
