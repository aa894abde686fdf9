"""Record translations from ``fixtures/translations/<language>.json`` (docs/data.md).

Each file is a JSON list of objects: the record (``kind`` and ``slug``), its ``name`` and
``summary`` in that language, and optionally ``description``, who made the translation
(``translated_by``) and, for an official name, where it is published (``source_note``).
Checked whole before anything is written, like the other fixtures; written in the seed's
transaction after the records, with the same rule: a translation staff created, edited or
reviewed is theirs, and the seed leaves it alone.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from resources import kinds
from resources.models import RecordTranslation, translation_languages

from .reading import FixtureError, read_json_list

FOLDER = "translations"
REQUIRED = ("kind", "slug", "name", "summary", "translated_by")
OPTIONAL = ("description", "source_note")
CONTENT = ("name", "summary", "description", "translated_by", "source_note")


@dataclass
class TranslationFile:
    language: str
    path: object  # relative to the project, for messages
    records: list = field(default_factory=list)

    @property
    def report_kind(self):
        return f"translations ({self.language})"


def read_translations(directory, files):
    """Read and check every translation file under ``directory``/translations/; ``files`` are
    the entry fixtures being seeded, whose records a translation may name."""
    folder = directory / FOLDER
    if not folder.is_dir():
        return []
    languages = {code for code, _ in translation_languages()}
    seeded = {fixture.spec.model: fixture.keys() for fixture in files}
    result = []
    for path in sorted(folder.iterdir()):
        shown = path.relative_to(directory.parent)
        language = path.name.removesuffix(".json")
        if path.suffix != ".json" or language not in languages:
            named = ", ".join(sorted(languages))
            raise FixtureError(shown, f"not a translation file: name it <language>.json, one of {named}")
        result.append(TranslationFile(language, shown, _read(path, shown, seeded)))
    return result


def _read(path, shown, seeded):
    records = read_json_list(path, shown, "translations")
    seen = set()
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise FixtureError(shown, "is not a JSON object", record=f"#{index + 1}")
        label = f"{record.get('kind')}/{record.get('slug')}"
        unknown = set(record) - {*REQUIRED, *OPTIONAL}
        if unknown:
            raise FixtureError(shown, f"unknown field(s) {', '.join(sorted(unknown))}", record=label)
        for name in (*REQUIRED, *OPTIONAL):
            value = record.get(name, "")
            if not isinstance(value, str) or (name in REQUIRED and not value.strip()):
                raise FixtureError(shown, f"{name} must be a non-empty string", record=label)
        kind = kinds.BY_KEY.get(record["kind"])
        if kind is None:
            raise FixtureError(shown, f"unknown kind {record['kind']!r}", record=label)
        key = (record["kind"], record["slug"])
        if key in seen:
            raise FixtureError(shown, "translated twice in this file", record=label)
        seen.add(key)
        known = record["slug"] in seeded.get(kind.model, ()) or (
            kind.model._default_manager.filter(slug=record["slug"]).exists()
        )
        if not known:
            raise FixtureError(shown, f"no {kind.key} with slug {record['slug']!r}", record=label)
    return records


def write_translations(files, report):
    """Write the checked translation files (inside the seed's transaction)."""
    from .applying import CREATED, SKIPPED, UNCHANGED, UPDATED, digest

    for translation_file in files:
        for record in translation_file.records:
            kind = kinds.BY_KEY[record["kind"]]
            label = f"{record['kind']}/{record['slug']}"
            slug = report.renames_of(kind.model).get(record["slug"], record["slug"])
            entry = kind.model._default_manager.filter(slug=slug).first()
            if entry is None:  # its record was skipped (renamed by staff, then deleted)
                report.record(SKIPPED, translation_file.report_kind, label, "its record is not there")
                continue
            content = {
                "language": translation_file.language,
                **{name: record.get(name, "") for name in CONTENT},
            }
            target = digest(content)
            existing = RecordTranslation.objects.filter(
                content_type=ContentType.objects.get_for_model(kind.model),
                object_id=entry.pk,
                language=translation_file.language,
            ).first()
            if existing is not None:
                reason = _staff_touched(existing)
                if reason:
                    report.record(SKIPPED, translation_file.report_kind, label, reason)
                    continue
                if existing.seed_digest == target:
                    report.record(UNCHANGED, translation_file.report_kind, label)
                    continue
            translation = existing or RecordTranslation(record=entry, language=translation_file.language)
            for name, value in content.items():
                setattr(translation, name, value)
            translation.seed_digest = target
            try:
                translation.full_clean(exclude=["content_type", "object_id"])
            except ValidationError as error:
                detail = "; ".join(f"{name}: {' '.join(m)}" for name, m in error.message_dict.items())
                raise FixtureError(translation_file.path, detail, record=label) from None
            translation.save()
            report.record(UPDATED if existing else CREATED, translation_file.report_kind, label)


def _staff_touched(translation):
    """Why the seed must leave ``translation`` alone, or ""."""
    from .applying import digest

    if not translation.seed_digest:
        return "created by staff, not by the seed"
    if translation.is_reviewed:
        return "reviewed by staff"
    stored = {"language": translation.language, **{name: getattr(translation, name) for name in CONTENT}}
    if digest(stored) != translation.seed_digest:
        return "changed by staff since it was seeded"
    return ""
