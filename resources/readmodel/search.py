"""Search that finds what people type: one ranked list across the four kinds, the same
behaviour on SQLite and PostgreSQL.

A query is understood once (``understand``), then run as SQL on the engine's full-text
index over the read model's search columns:

1. its words (resources/readmodel/text.py: case, accents, British and American spelling,
   stop words) must all match, in any order, stemmed by the engine;
2. when nothing matches, a word the directory never uses is replaced by the nearest
   word it does use ("trafficing" -> "trafficking"), and the page says so;
3. when still nothing matches, entries matching any of the words are offered as partial
   matches, best first.

SQLite: FTS5 (migration 0008), ranked by bm25 with names weighted over summaries over
the rest. PostgreSQL: the stored tsvector with its GIN index, ranked by ts_rank with
the same weights; spelling suggestions use pg_trgm's trigram index. Whatever a person
types is passed as data (quoted FTS5 strings, plainto_tsquery parameters), never as
query syntax.
"""

import difflib
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import translation
from django_countries import countries as country_names

from resources.models import SearchWord

from . import text

MAX_QUERY = 200
# A word of fewer letters is too short to guess another word from.
MIN_CORRECTABLE = 4
SIMILAR_ENOUGH = 0.75
FTS_WEIGHTS = "10.0, 4.0, 1.0"  # bm25 column weights: names, summary, the rest
TABLE = "resources_publicentry"


@dataclass
class Understood:
    words: list  # the words searched for, as the index holds them
    corrected: dict = field(default_factory=dict)  # {word typed: word searched instead}
    partial: bool = False  # any of the words, not all of them
    countries: list = field(default_factory=list)  # ISO codes of countries the query names

    def __bool__(self):
        return bool(self.words)

    # For templates, which read ``corrected.keys`` as the entry of a word typed "keys".
    @property
    def typed(self):
        return list(self.corrected)

    @property
    def searched_instead(self):
        return list(self.corrected.values())


def understand(query):
    """How ``query`` will be searched: its words, spelling corrections, all or any."""
    query = (query or "")[:MAX_QUERY]
    words = list(dict.fromkeys(text.words(query)))
    understood = Understood(words, countries=named_countries(words))
    if not words or _any_match(words, partial=False):
        return understood
    corrected = corrections(words)
    if corrected:
        fixed = list(dict.fromkeys(corrected.get(word, word) for word in words))
        if _any_match(fixed, partial=False):
            return Understood(fixed, corrected, countries=understood.countries)
        words = fixed
    return Understood(words, corrected, partial=True, countries=understood.countries)


# SQL --------------------------------------------------------------------------------


def _match(words, partial):
    """(SQL condition on ``pe`` (the read model's table), params) for the words."""
    if connection.vendor == "postgresql":
        query, params = _tsquery(words, partial)
        return f"pe.search_vector @@ {query}", params
    joiner = " OR " if partial else " AND "
    expression = joiner.join(f'"{word}"' for word in words)  # words are \w+: no quote inside
    return "pe.id IN (SELECT rowid FROM public_entry_fts WHERE public_entry_fts MATCH %s)", [expression]


def _tsquery(words, partial):
    joiner = " || " if partial else " && "
    return "(" + joiner.join(["plainto_tsquery('english', %s)"] * len(words)) + ")", list(words)


def _rank(words, partial):
    """(SQL expression of ``pe``'s relevance, higher is better, params)."""
    if connection.vendor == "postgresql":
        query, params = _tsquery(words, partial)
        return f"ts_rank(pe.search_vector, {query})", params
    joiner = " OR " if partial else " AND "
    expression = joiner.join(f'"{word}"' for word in words)
    return (
        f"(SELECT -bm25(public_entry_fts, {FTS_WEIGHTS}) FROM public_entry_fts "
        "WHERE public_entry_fts MATCH %s AND rowid = pe.id)",
        [expression],
    )


def _any_match(words, partial):
    condition, params = _match(words, partial)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {TABLE} pe WHERE {condition} LIMIT 1", params)
        return cursor.fetchone() is not None


def ranked_sql(understood, limit):
    """(SQL, params) of the read-model ids of the best ``limit`` matches, best first."""
    if connection.vendor == "postgresql":
        condition, params = _match(understood.words, understood.partial)
        rank, rank_params = _rank(understood.words, understood.partial)
        order = f"{rank} DESC, pe.sort_name, pe.id"
        return f"SELECT pe.id FROM {TABLE} pe WHERE {condition} ORDER BY {order} LIMIT %s", [
            *params,
            *rank_params,
            limit,
        ]
    # FTS5 ranks the rows of its own MATCH: joined, not looked up row by row.
    _, params = _match(understood.words, understood.partial)
    sql = (
        f"SELECT pe.id FROM public_entry_fts JOIN {TABLE} pe ON pe.id = public_entry_fts.rowid "
        "WHERE public_entry_fts MATCH %s "
        f"ORDER BY bm25(public_entry_fts, {FTS_WEIGHTS}), pe.sort_name, pe.id LIMIT %s"
    )
    return sql, [*params, limit]


def ranked_ids(understood, limit):
    """Read-model ids of the best ``limit`` matches across every kind, best first."""
    if not understood:
        return []
    sql, params = ranked_sql(understood, limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def record_ids(understood, kind):
    """SQL (RawSQL) of the primary keys of the records of ``kind`` that match."""
    condition, params = _match(understood.words, understood.partial)
    return RawSQL(
        f"SELECT pe.record_id FROM {TABLE} pe WHERE pe.kind = %s AND {condition}", [kind.key, *params]
    )


def record_rank(understood, kind):
    """SQL (RawSQL) of the relevance of the outer query's record of ``kind``."""
    rank, params = _rank(understood.words, understood.partial)
    outer = f'"{kind.model._meta.db_table}"."id"'
    return RawSQL(
        f"(SELECT {rank} FROM {TABLE} pe WHERE pe.kind = %s AND pe.record_id = {outer})", [*params, kind.key]
    )


# Spelling ---------------------------------------------------------------------------


def corrections(words):
    """{word: the nearest word the directory uses}, for the words it never uses."""
    known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    result = {}
    for word in words:
        if word in known or len(word) < MIN_CORRECTABLE or word.isdigit():
            continue
        best = nearest(word, _candidates(word))
        if best:
            result[word] = best
    return result


def nearest(word, candidates):
    """The candidate most like ``word`` (difflib's ratio), if like enough; ties by the word."""
    scored = [(difflib.SequenceMatcher(None, word, c).ratio(), c) for c in candidates if c != word]
    scored = [(score, c) for score, c in scored if score >= SIMILAR_ENOUGH]
    return min(scored, key=lambda s: (-s[0], s[1]))[1] if scored else None


def _candidates(word):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # "%" is pg_trgm's similarity operator, answered by the trigram index.
            cursor.execute(
                "SELECT word FROM resources_searchword WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC LIMIT 50",
                [word, word],
            )
            return [row[0] for row in cursor.fetchall()]
    return SearchWord.objects.filter(length__range=(len(word) - 2, len(word) + 2)).values_list(
        "word", flat=True
    )


# Places named in a query ------------------------------------------------------------


@lru_cache(maxsize=1)
def _country_words():
    """{(words of a country's English name): ISO code}."""
    with translation.override("en"):
        return {tuple(text.words(str(name))): code for code, name in country_names}


def named_countries(words):
    """ISO codes of the countries whose whole name is among ``words``, longest name first."""
    present = set(words)
    found = [
        (len(name), code) for name, code in _country_words().items() if name and present.issuperset(name)
    ]
    return [code for _, code in sorted(found, key=lambda f: (-f[0], f[1]))]
