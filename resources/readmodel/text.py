"""Search text: one normalization for the documents and for what people type, on both engines.

A document and a query become the same plain words: case and accents folded, British and
American spellings written one way, stop words left out. The engines then only stem
(FTS5's porter tokenizer on SQLite, the ``english`` configuration on PostgreSQL), so that
what matches is the same on both.
"""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

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
