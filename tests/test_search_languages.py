"""Search in every language: a query finds the records whose text in its language matches."""

import pytest

from resources.models import PublicEntry, RecordTranslation
from resources.readmodel import search, text
from tests.factories import LegalInstrumentFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def found(query, language, limit=5):
    ids = search.ranked_ids(search.understand(query, language), limit)
    slugs = dict(PublicEntry.objects.filter(pk__in=ids).values_list("pk", "slug"))
    return [slugs[pk] for pk in ids]


# The words of each language ---------------------------------------------------------


@pytest.mark.parametrize(
    "language, typed, indexed",
    [
        ("es", "Trata de personas", "trata personas"),  # different forms, one stem; "de" left out
        ("fr", "traite des êtres humains", "Traite des etres humains"),  # accents folded
        ("ru", "торговля людьми", "торговли людьми"),
        ("ar", "الاتجار بالبشر", "الاتجار بالبشر"),
        ("zh-hans", "人口贩运", "打击人口贩运"),
    ],
)
def test_a_query_and_a_document_meet_in_the_same_words(language, typed, indexed):
    assert set(text.local_words(typed, language)) <= set(text.local_words(indexed, language))


@pytest.mark.parametrize("language", ["ar", "es", "fr", "ru"])
def test_the_compiled_stemmers_are_the_ones_used(language):
    # PyStemmer: the same algorithms as snowballstemmer's pure Python, a hundred times faster
    # over a rebuild of every translation's search text.
    assert type(text._stemmer(language)).__module__ == "Stemmer"


def test_chinese_is_indexed_in_pairs_of_characters_with_latin_words_kept():
    assert text.local_words("人口贩运 UNODC", "zh-hans") == ["人口", "口贩", "贩运", "unodc"]
    assert text.local_words("罪", "zh-hans") == ["罪"]


# Against records ----------------------------------------------------------------------


@pytest.fixture
def translated():
    protocol = LegalInstrumentFactory(
        slug="protocol", name="Trafficking in Persons Protocol", summary="A treaty."
    )
    labour = LegalInstrumentFactory(slug="labour", name="Forced Labour Convention", summary="A treaty.")
    for record, texts in (
        (
            protocol,
            {
                "es": "Protocolo contra la trata de personas",
                "fr": "Protocole relatif à la traite des personnes",
                "ru": "Протокол о предупреждении торговли людьми",
                "ar": "بروتوكول منع الاتجار بالأشخاص",
                "zh-hans": "关于预防、禁止和惩治贩运人口行为的议定书",
            },
        ),
        (
            labour,
            {
                "es": "Convenio sobre el trabajo forzoso",
                "fr": "Convention sur le travail forcé",
                "ru": "Конвенция о принудительном труде",
                "ar": "اتفاقية العمل الجبري",
                "zh-hans": "强迫劳动公约",
            },
        ),
    ):
        for language, name in texts.items():
            RecordTranslation.objects.create(
                record=record, language=language, name=name, summary=name, translated_by="Editors"
            )
    return protocol, labour


@pytest.mark.parametrize(
    "language, query, expected",
    [
        ("es", "trata de personas", "protocol"),
        ("es", "trabajo forzoso", "labour"),
        ("fr", "traite des personnes", "protocol"),
        ("fr", "travail force", "labour"),  # typed without the accent
        ("ru", "торговля людьми", "protocol"),
        ("ru", "принудительный труд", "labour"),
        ("ar", "الاتجار بالأشخاص", "protocol"),
        ("ar", "العمل الجبري", "labour"),
        ("zh-hans", "贩运人口", "protocol"),
        ("zh-hans", "强迫劳动", "labour"),
        ("en", "forced labor", "labour"),
    ],
)
def test_a_query_in_each_language_finds_its_records(translated, language, query, expected):
    assert found(query, language) == [expected]


def test_english_names_match_on_every_page(translated):
    for language in ("es", "ar", "zh-hans"):
        assert found("Forced Labour Convention", language) == ["labour"], language


def test_a_query_matches_the_text_of_its_own_language_only(translated):
    # Russian words on the Spanish page: neither the English nor the Spanish text holds them.
    understood = search.understand("принудительный труд", "es")
    assert understood.partial or not search.ranked_ids(understood, 5)
    # Spanish on the French page: no text holds every word; some match, offered as such.
    assert search.understand("trata de personas", "fr").partial


def test_matches_in_the_page_language_come_before_english_ones():
    english = OrganizationFactory(slug="english", name="Trafficking hotline network")
    spanish = OrganizationFactory(slug="spanish", name="Red de apoyo")
    RecordTranslation.objects.create(
        record=spanish,
        language="es",
        name="Red de apoyo",
        summary="Línea contra la trata.",
        translated_by="E",
    )
    assert english.pk and found("trata", "es") == ["spanish"]
    assert found("hotline", "es") == ["english"]


def test_a_country_named_in_the_page_language_is_offered():
    assert search.understand("Tailandia", "es").countries == ["TH"]
    assert search.understand("泰国", "zh-hans").countries == ["TH"]
    assert search.understand("Thailand", "ru").countries == ["TH"]


def test_the_search_page_and_the_api_search_in_their_language(client, translated):
    page = client.get("/es/search/", {"q": "trata de personas"}).content.decode()
    assert "Protocolo contra la trata de personas" in page
    data = client.get("/api/v1/instruments/", {"search": "trabajo forzoso", "lang": "es"}).json()
    assert [row["slug"] for row in data["results"]] == ["labour"]
    assert client.get("/api/v1/instruments/", {"search": "trabajo forzoso"}).json()["count"] == 0


def test_a_filtered_list_searches_in_its_language(client, translated):
    page = client.get("/fr/instruments/", {"q": "travail forcé"}).content.decode()
    assert "Convention sur le travail forcé" in page and "Protocole relatif" not in page


@pytest.mark.parametrize("language", ["es", "fr", "ru", "ar", "zh-hans"])
def test_query_syntax_is_text_in_every_language(client, translated, language):
    for typed in ('"', "*", "NEAR(a b)", "a:b", "a & b | !c", "(-x)", "人口 AND"):
        response = client.get(f"/{language}/search/", {"q": typed})
        assert response.status_code == 200, typed


def test_russian_adjectives_meet_whatever_their_ending():
    assert text.local_words("национальный", "ru") == text.local_words("Национальная", "ru")


def test_a_chinese_character_alone_finds_the_words_it_is_in():
    record = OrganizationFactory(slug="law", name="Law unit")
    RecordTranslation.objects.create(
        record=record, language="zh-hans", name="反贩运法律科", summary="法律", translated_by="E"
    )
    assert found("法", "zh-hans") == ["law"]


def test_a_stem_that_is_nothing_leaves_no_empty_word():
    assert text.local_words("ـ", "ar") == []
    assert text.local_words("ـ الاتجار", "ar") == text.local_words("الاتجار", "ar")


def test_no_english_spelling_suggestion_on_another_language_page():
    understood = search.understand("victimas trabajo", "es")
    assert understood.corrected == {}


def test_the_names_of_its_places_and_terms_in_the_page_language_find_a_record():
    from tests.factories import RegionFactory, ServiceTypeFactory, SupportServiceFactory

    shelter = ServiceTypeFactory(slug="shelter", name="Shelter and safe housing")
    region = RegionFactory(slug="south-eastern-asia", name="South-eastern Asia")
    service = SupportServiceFactory(slug="house", name="Safe house")
    service.service_types.add(shelter)
    service.regions.add(region)
    RecordTranslation.objects.create(
        record=service, language="es", name="Casa segura", summary="Acogida.", translated_by="E"
    )
    RecordTranslation.objects.create(
        record=service, language="zh-hans", name="安全屋", summary="接待。", translated_by="E"
    )
    assert found("refugio", "es") == ["house"]  # "Refugio y alojamiento seguro"
    assert found("东南亚", "zh-hans") == ["house"]
