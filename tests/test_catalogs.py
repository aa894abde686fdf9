"""The translation catalogs (locale/): one per language, complete, current with the code,
and compiled (``make messages``)."""

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import to_locale

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalog_path(code, suffix="po"):
    return LOCALE_DIR / to_locale(code) / "LC_MESSAGES" / f"django.{suffix}"


def catalog(code):
    return polib.pofile(str(catalog_path(code)))


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(code):
    po = catalog(code)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, (
        f"{catalog_path(code)}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    )
    assert not fuzzy, f"{catalog_path(code)}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    assert len(po) > 0


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_plural_has_its_forms(code):
    po = catalog(code)
    forms = int(po.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    for entry in po:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == list(range(forms)), entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_translation_keeps_the_placeholders_of_its_message(code):
    """What msgfmt --check would refuse: a placeholder the message does not fill (a KeyError
    when the page is rendered), or one dropped. A plural form may leave out the number."""
    for entry in catalog(code):
        wanted = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
        if entry.msgid_plural:
            for text in entry.msgstr_plural.values():
                got = set(PLACEHOLDER.findall(text))
                assert got <= wanted and len(wanted - got) <= 1, (entry.msgid, text)
        else:
            assert set(PLACEHOLDER.findall(entry.msgstr)) == wanted, (entry.msgid, entry.msgstr)


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalog_is_current(code):
    compiled = catalog_path(code, "mo")
    assert compiled.exists(), f"{compiled} is missing: run `make messages`"
    assert compiled.stat().st_mtime >= catalog_path(code).stat().st_mtime, (
        f"{compiled} is older than its .po: run `make messages`"
    )


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_site_speaks_each_language(code):
    with translation.override(code):
        assert translation.gettext("Leave this site") != "Leave this site"


# What `make catalogs` leaves out (its --ignore): the tests, the benchmark, what is built.
NOT_EXTRACTED = {"locale", "tests", "bench", "var", "staticfiles"}


def test_the_catalogs_hold_every_message_of_the_code_and_no_other(tmp_path, settings, monkeypatch):
    """What `make catalogs` would extract now is what the catalogs hold.

    Extracted from a copy of the tree made of links, into copies of the catalogs, so that
    makemessages (which writes beside the code it reads) leaves the real ones alone."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("gettext's xgettext is not installed, and CI requires this test", pytrace=False)
        pytest.skip("gettext's xgettext is not installed (Debian: apt-get install gettext)")
    source, locale = tmp_path / "source", tmp_path / "locale"
    source.mkdir()
    for item in Path(settings.BASE_DIR).iterdir():
        if item.is_dir() and not item.name.startswith(".") and item.name not in NOT_EXTRACTED:
            (source / item.name).symlink_to(item)
    for code in TRANSLATED:
        target = locale / to_locale(code) / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(catalog_path(code), target / "django.po")
    settings.LOCALE_PATHS = [locale]
    monkeypatch.chdir(source)
    call_command(
        "makemessages",
        locale=[to_locale(code) for code in TRANSLATED],
        no_obsolete=True,
        no_location=True,
        symlinks=True,
        verbosity=0,
    )
    for code in TRANSLATED:
        extracted = polib.pofile(str(locale / to_locale(code) / "LC_MESSAGES" / "django.po"))
        current = {entry.msgid for entry in extracted}
        kept = {entry.msgid for entry in catalog(code)}
        assert current == kept, (
            f"{catalog_path(code)} is not current: run `make catalogs` and translate; "
            f"new: {sorted(current - kept)[:5]}, gone: {sorted(kept - current)[:5]}"
        )


def test_every_name_of_the_fixed_vocabulary_is_marked_for_translation():
    """Regions, focus areas, service types and populations are named in the fixtures and
    translated in the catalogs through resources/vocabulary.py, which must hold them all."""
    import json

    from resources import vocabulary

    files = {
        "regions.json": vocabulary.REGIONS,
        "focus_areas.json": vocabulary.FOCUS_AREAS,
        "service_types.json": vocabulary.SERVICE_TYPES,
        "populations.json": vocabulary.POPULATIONS,
    }
    for name, marked in files.items():
        path = Path(settings.FIXTURES_DIR) / "taxonomy" / name
        named = {record["name"] for record in json.loads(path.read_text(encoding="utf-8"))}
        with translation.override("en"):
            assert named == {str(label) for label in marked}, name
