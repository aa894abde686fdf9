"""Search text: one normalization for the documents and for what people type, on both engines.

English (the records' own text): a document and a query become the same plain words: case
and accents folded, British and American spellings written one way, stop words left out.
The engines then only stem (FTS5's porter tokenizer on SQLite, the ``english``
configuration on PostgreSQL), so that what matches is the same on both.

The other languages (``local_words``: the records' translations, and what people type on
a page in that language) are stemmed here, by the Snowball stemmers that PostgreSQL's
``arabic``, ``french``, ``russian`` and ``spanish`` configurations use, on the lower-case
word as written (the stemmers read its accents: Russian "национальный" and
"национальная" share a stem only with their "й"), then folded as English is, so that a
word typed without its accents still matches; PostgreSQL's stop words for the language
are left out. The engines index the words as they are. Chinese, written without spaces,
is indexed as each character and each overlapping pair of characters, as search engines
commonly index it, and searched by its pairs (a character alone by itself): most Chinese
words are two characters long, which a trigram index (FTS5's ``trigram`` tokenizer,
pg_trgm) cannot match.
"""

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer

WORD_RE = re.compile(r"\w+")
MAX_WORD = 100

# PostgreSQL's English stop words (the Snowball project's list, BSD licence), copied from
# postgresql-15's tsearch_data/english.stop: left out on both engines, so that SQLite
# treats "what applies in Thailand" as PostgreSQL does.
STOP_WORDS = frozenset(Path(__file__).with_name("english.stop").read_text().split())

# American beginnings of words and the British ones they are written as: the source
# documents write mostly British English, people type both. A rule applies to every
# word that begins with it ("organiz" covers organize, organized, organizations), and
# the same rule runs on documents and queries, so a form it mangles still matches itself.
SPELLINGS = {
    "labor": "labour",
    "organiz": "organis",
    "counseli": "counselli",
    "counselo": "counsello",
    "counsele": "counselle",
    "center": "centre",
    "program": "programme",
    "defens": "defenc",
    "behavior": "behaviour",
    "favor": "favour",
    "honor": "honour",
    "neighbor": "neighbour",
    "travele": "travelle",
    "enroll": "enrol",
    "fulfill": "fulfil",
    "catalog": "catalogue",
    "analyz": "analys",
    "criminaliz": "criminalis",
    "recogniz": "recognis",
    "mobiliz": "mobilis",
    "prioritiz": "prioritis",
    "harmoniz": "harmonis",
    "stigmatiz": "stigmatis",
    "specializ": "specialis",
    "standardiz": "standardis",
    "authoriz": "authoris",
    "characteriz": "characteris",
    "emphasiz": "emphasis",
    "summariz": "summaris",
    "victimiz": "victimis",
    "sensitiz": "sensitis",
    "legaliz": "legalis",
    "penaliz": "penalis",
    "finaliz": "finalis",
    "realiz": "realis",
    "globaliz": "globalis",
    "utiliz": "utilis",
    "minimiz": "minimis",
    "maximiz": "maximis",
    "moderniz": "modernis",
    "institutionaliz": "institutionalis",
}
_PREFIX_LENGTHS = sorted({len(prefix) for prefix in SPELLINGS}, reverse=True)


def fold(text):
    """Lower case without accents: "Côte d'Ivoire" -> "cote d'ivoire"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def spelled(word):
    """``word`` (folded) in the one spelling the index uses."""
    for length in _PREFIX_LENGTHS:
        british = SPELLINGS.get(word[:length])
        if british is not None:
            # "programme" begins with "program" but is already written the British way.
            return word if word.startswith(british) else british + word[length:]
    return word


def words(text):
    """The words of ``text`` as the index holds them, in order, stop words left out."""
    return [
        spelled(word)
        for word in WORD_RE.findall(fold(text or ""))
        if word not in STOP_WORDS and len(word) <= MAX_WORD and word != "_" * len(word)
    ]


def document(*parts):
    """A search column: the words of ``parts``, joined by spaces."""
    return " ".join(word for part in parts for word in words(part))


# Other languages ---------------------------------------------------------------------

STEMMERS = {"ar": "arabic", "fr": "french", "ru": "russian", "es": "spanish"}
CHINESE = "zh-hans"
# PostgreSQL's stop words for the language (tsearch_data/<name>.stop, the Snowball project's
# lists), folded as the text is; it has none for Arabic.
LOCAL_STOP_WORDS = {
    language: frozenset(
        form
        for word in path.read_text(encoding="utf-8").split()
        for form in (word.casefold(), fold(word))  # as written, and as typed without accents
    )
    if (path := Path(__file__).with_name(f"{name}.stop")).exists()
    else frozenset()
    for language, name in STEMMERS.items()
}
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_OR_OTHER_RE = re.compile(f"[{HAN}]+|[^\\W{HAN}]+")
HAN_RE = re.compile(f"[{HAN}]")


@cache
def _stemmer(language):
    return snowballstemmer.stemmer(STEMMERS[language])


def is_searchable(language):
    """Whether records' text in ``language`` has its own search index (every site language
    but English, which the records themselves are in)."""
    return language in STEMMERS or language == CHINESE


def local_words(text, language, document=False):
    """The words of ``text`` in ``language`` (not English) as its index holds them, in order;
    ``document``: as a document holds them (Chinese: its characters too)."""
    if language == CHINESE:
        return _han_words(fold(text or ""), document)
    stop = LOCAL_STOP_WORDS[language]
    kept = [
        word
        for word in WORD_RE.findall((text or "").casefold())
        if word not in stop and len(word) <= MAX_WORD and word != "_" * len(word)
    ]
    # A stem can be nothing (an Arabic tatweel alone): no word then, rather than an empty one.
    return [stem for stem in map(fold, _stemmer(language).stemWords(kept)) if stem and stem.isalnum()]


def _han_words(folded, document):
    """Chinese characters as overlapping pairs ("人口贩运" -> 人口 口贩 贩运; one alone as
    itself), a document's each character too; the Latin words and numbers among them as
    they are."""
    result = []
    for run in HAN_OR_OTHER_RE.findall(folded):
        if not HAN_RE.match(run):
            if len(run) <= MAX_WORD and run != "_" * len(run):
                result.append(run)
        elif len(run) == 1:
            result.append(run)
        else:
            result.extend(run[start : start + 2] for start in range(len(run) - 1))
            if document:
                result.extend(run)
    return result


def local_document(language, *parts):
    """A search column in ``language``: the words of ``parts``, joined by spaces."""
    return " ".join(word for part in parts for word in local_words(part, language, document=True))
