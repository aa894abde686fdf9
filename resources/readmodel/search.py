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

In another language than English, a query is also read as words of that language
(``text.local_words``) and matched against the records' translations into it (the read
model's PublicText, migration 0014): a record matches when its English text or its text
in that language holds every word. Matches in the page's language come first, then
those in English only; names and acronyms, in the English text, match whatever the
language. Spelling suggestions are for English words, on English pages.
"""

import difflib
from dataclasses import dataclass, field, replace
from functools import lru_cache

from django.conf import settings
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
    words: list  # the words searched for, as the English index holds them
    corrected: dict = field(default_factory=dict)  # {word typed: word searched instead}
    partial: bool = False  # any of the words, not all of them
    countries: list = field(default_factory=list)  # ISO codes of countries the query names
    language: str = "en"  # the language of the page or response
    local: list = field(default_factory=list)  # the words as that language's index holds them

    def __bool__(self):
        return bool(self.words or self.local)

    # For templates, which read ``corrected.keys`` as the entry of a word typed "keys".
    @property
    def typed(self):
        return list(self.corrected)

    @property
    def searched_instead(self):
        return list(self.corrected.values())


def understand(query, language=None):
    """How ``query`` will be searched in ``language`` (the request's): its words in English
    and in that language, spelling corrections, all or any."""
    query = (query or "")[:MAX_QUERY]
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    words = list(dict.fromkeys(text.words(query)))
    local = list(dict.fromkeys(text.local_words(query, language))) if text.is_searchable(language) else []
    understood = Understood(
        words, countries=named_countries(words, local, language), language=language, local=local
    )
    if not understood or _any_match(understood):
        return understood
    # Spelling suggestions come from the English vocabulary: on a page in another language
    # they would turn its words ("victimas") into English ones ("victims").
    corrected = corrections(words) if not local else {}
    if corrected:
        fixed = list(dict.fromkeys(corrected.get(word, word) for word in words))
        candidate = replace(understood, words=fixed, corrected=corrected)
        if _any_match(candidate):
            return candidate
        understood = candidate
    return replace(understood, partial=True)


# SQL --------------------------------------------------------------------------------

LOCAL_TABLE = "resources_publictext"
NOTHING = ("1 = 0", [])


def _fts_expression(words, partial):
    joiner = " OR " if partial else " AND "
    return joiner.join(f'"{word}"' for word in words)  # words are \w+: no quote inside


def _tsquery(words, partial, config="english"):
    joiner = " || " if partial else " && "
    return "(" + joiner.join([f"plainto_tsquery('{config}', %s)"] * len(words)) + ")", list(words)


def _english_match(words, partial):
    """(SQL condition on ``pe`` (the read model's table), params): its English text matches."""
    if not words:
        return NOTHING
    if connection.vendor == "postgresql":
        query, params = _tsquery(words, partial)
        return f"pe.search_vector @@ {query}", params
    return (
        "pe.id IN (SELECT rowid FROM public_entry_fts WHERE public_entry_fts MATCH %s)",
        [_fts_expression(words, partial)],
    )


def _local_match(understood, partial):
    """(SQL condition on ``pe``, params): its text in the query's language matches."""
    if not understood.local:
        return NOTHING
    if connection.vendor == "postgresql":
        query, params = _tsquery(understood.local, partial, "simple")
        condition = f"pt.search_vector @@ {query}"
    else:
        condition = "pt.id IN (SELECT rowid FROM public_text_fts WHERE public_text_fts MATCH %s)"
        params = [_fts_expression(understood.local, partial)]
    sql = f"pe.id IN (SELECT pt.entry_id FROM {LOCAL_TABLE} pt WHERE pt.language = %s AND {condition})"
    return sql, [understood.language, *params]


def _match(understood, partial=None):
    """(SQL condition on ``pe``, params) of the entries that match, in either language."""
    partial = understood.partial if partial is None else partial
    english, params = _english_match(understood.words, partial)
    if not understood.local:
        return english, params
    local, local_params = _local_match(understood, partial)
    return f"({english} OR {local})", [*params, *local_params]


def _english_rank(words, partial):
    """(SQL expression of ``pe``'s relevance by its English text, higher is better, params)."""
    if not words:
        return "0", []
    if connection.vendor == "postgresql":
        query, params = _tsquery(words, partial)
        return f"ts_rank(pe.search_vector, {query})", params
    return (
        f"(SELECT -bm25(public_entry_fts, {FTS_WEIGHTS}) FROM public_entry_fts "
        "WHERE public_entry_fts MATCH %s AND rowid = pe.id)",
        [_fts_expression(words, partial)],
    )


def _local_rank(understood, partial):
    """(SQL expression of ``pe``'s relevance by its text in the query's language, params)."""
    if connection.vendor == "postgresql":
        query, params = _tsquery(understood.local, partial, "simple")
        return (
            f"(SELECT ts_rank(pt.search_vector, {query}) FROM {LOCAL_TABLE} pt "
            "WHERE pt.entry_id = pe.id AND pt.language = %s)",
            [*params, understood.language],
        )
    return (
        f"(SELECT -bm25(public_text_fts, {FTS_WEIGHTS}) FROM public_text_fts WHERE public_text_fts MATCH %s "
        f"AND rowid = (SELECT pt.id FROM {LOCAL_TABLE} pt WHERE pt.entry_id = pe.id AND pt.language = %s))",
        [_fts_expression(understood.local, partial), understood.language],
    )


def _rank(understood):
    """(SQL expression of ``pe``'s relevance, higher is better, params)."""
    english, params = _english_rank(understood.words, understood.partial)
    if not understood.local:
        return english, params
    local, local_params = _local_rank(understood, understood.partial)
    return f"(COALESCE({english}, 0) + COALESCE({local}, 0))", [*params, *local_params]


def _any_match(understood, partial=False):
    condition, params = _match(understood, partial)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {TABLE} pe WHERE {condition} LIMIT 1", params)
        return cursor.fetchone() is not None


def ranked_sql(understood, limit):
    """(SQL, params) of the read-model ids of the best ``limit`` matches by their English
    text, best first."""
    words, partial = understood.words, understood.partial
    if connection.vendor == "postgresql":
        condition, params = _english_match(words, partial)
        rank, rank_params = _english_rank(words, partial)
        order = f"{rank} DESC, pe.sort_name, pe.id"
        return f"SELECT pe.id FROM {TABLE} pe WHERE {condition} ORDER BY {order} LIMIT %s", [
            *params,
            *rank_params,
            limit,
        ]
    # FTS5 ranks the rows of its own MATCH: joined, not looked up row by row.
    sql = (
        f"SELECT pe.id FROM public_entry_fts JOIN {TABLE} pe ON pe.id = public_entry_fts.rowid "
        "WHERE public_entry_fts MATCH %s "
        f"ORDER BY bm25(public_entry_fts, {FTS_WEIGHTS}), pe.sort_name, pe.id LIMIT %s"
    )
    return sql, [_fts_expression(words, partial), limit]


def local_ranked_sql(understood, limit):
    """(SQL, params) of the read-model ids of the best ``limit`` matches by their text in
    the query's language, best first."""
    partial = understood.partial
    if connection.vendor == "postgresql":
        query, params = _tsquery(understood.local, partial, "simple")
        return (
            f"SELECT pt.entry_id FROM {LOCAL_TABLE} pt JOIN {TABLE} pe ON pe.id = pt.entry_id "
            f"WHERE pt.language = %s AND pt.search_vector @@ {query} "
            f"ORDER BY ts_rank(pt.search_vector, {query}) DESC, pe.sort_name, pe.id LIMIT %s",
            [understood.language, *params, *params, limit],
        )
    return (
        f"SELECT pt.entry_id FROM public_text_fts JOIN {LOCAL_TABLE} pt ON pt.id = public_text_fts.rowid "
        f"JOIN {TABLE} pe ON pe.id = pt.entry_id WHERE public_text_fts MATCH %s AND pt.language = %s "
        f"ORDER BY bm25(public_text_fts, {FTS_WEIGHTS}), pe.sort_name, pe.id LIMIT %s",
        [_fts_expression(understood.local, partial), understood.language, limit],
    )


def _ids(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def ranked_ids(understood, limit):
    """Read-model ids of the best ``limit`` matches across every kind, best first: those
    matching in the query's language, then those matching in English only."""
    if not understood:
        return []
    english = _ids(*ranked_sql(understood, limit)) if understood.words else []
    if not understood.local:
        return english
    local = _ids(*local_ranked_sql(understood, limit))
    return list(dict.fromkeys([*local, *english]))[:limit]


def record_ids(understood, kind):
    """SQL (RawSQL) of the primary keys of the records of ``kind`` that match."""
    condition, params = _match(understood)
    return RawSQL(
        f"SELECT pe.record_id FROM {TABLE} pe WHERE pe.kind = %s AND {condition}", [kind.key, *params]
    )


def record_rank(understood, kind):
    """SQL (RawSQL) of the relevance of the outer query's record of ``kind``."""
    rank, params = _rank(understood)
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


@lru_cache(maxsize=8)
def _country_words(language):
    """{(words of a country's name in ``language``, as its index holds them): ISO code}."""
    with translation.override(language):
        if language == settings.LANGUAGE_CODE:
            return {tuple(text.words(str(name))): code for code, name in country_names}
        return {tuple(text.local_words(str(name), language)): code for code, name in country_names}


def named_countries(words, local=(), language=None):
    """ISO codes of the countries whose whole name is among ``words`` (English) or ``local``
    (the words in ``language``), longest name first."""
    searched = [(settings.LANGUAGE_CODE, set(words))]
    if local and text.is_searchable(language):
        searched.append((language, set(local)))
    found = {}  # code: the length of its longest name found
    for names_language, present in searched:
        for name, code in _country_words(names_language).items():
            if name and present.issuperset(name):
                found[code] = max(found.get(code, 0), len(name))
    return [code for code, _ in sorted(found.items(), key=lambda f: (-f[1], f[0]))]
