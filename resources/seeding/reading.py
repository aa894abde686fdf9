"""Reading fixture files and checking them before anything is written.

Every problem found here names the file, the record and the reason, so that a
curator can fix the fixture without reading a traceback.
"""

import json
from dataclasses import dataclass, field

from resources.models import normalize_whitespace

from .specs import CITATION_KEYS, SPECS, seedable_fields


class FixtureError(Exception):
    """A fixture cannot be loaded; nothing has been written."""

    def __init__(self, path, reason, record=None):
        self.path, self.reason, self.record = path, reason, record
        where = f"{path}, record {record!r}" if record is not None else str(path)
        super().__init__(f"{where}: {reason}")


@dataclass
class FixtureFile:
    spec: object
    path: object  # pathlib.Path, relative to the project for messages
    records: list = field(default_factory=list)

    def keys(self):
        return {record[self.spec.key] for record in self.records}


def read_fixtures(directory):
    """Read and check every fixture that exists under ``directory``.

    Returns the fixture files in load order. Raises FixtureError on the first
    malformed or inconsistent record.
    """
    files = []
    for spec in SPECS:
        path = directory / spec.path
        if not path.exists():
            continue  # a project may not have every kind yet
        shown = path.relative_to(directory.parent)  # "fixtures/organizations.json"
        files.append(FixtureFile(spec, shown, _read_records(path, shown, spec, directory)))
    _check_references(files)
    return files


def read_json_list(path, shown, what="records"):
    """The JSON list in the file at ``path`` (``shown`` in messages), or a FixtureError."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise FixtureError(shown, f"not UTF-8 ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise FixtureError(shown, f"invalid JSON at line {error.lineno}: {error.msg}") from None
    if not isinstance(records, list):
        raise FixtureError(shown, f"must be a JSON list of {what}")
    return records


def _read_records(path, shown, spec, directory):
    records = read_json_list(path, shown)

    scalars, many = seedable_fields(spec.model)
    allowed = {f.name for f in scalars} | {f.name for f in many}
    if spec.has_citations:
        allowed.add("citations")
    if spec.text_from_file:
        allowed.discard("text")

    seen = set()
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise FixtureError(shown, "is not a JSON object", record=f"#{index + 1}")
        key = record.get(spec.key)
        if not isinstance(key, str) or not key.strip():
            raise FixtureError(shown, f"has no {spec.key!r}", record=f"#{index + 1}")
        if key in seen:
            raise FixtureError(shown, f"duplicate {spec.key} {key!r}", record=key)
        seen.add(key)
        unknown = set(record) - allowed
        if unknown:
            raise FixtureError(shown, f"unknown field(s) {', '.join(sorted(unknown))}", record=key)
        for m2m in many:
            value = record.get(m2m.name, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise FixtureError(shown, f"{m2m.name} must be a list of keys", record=key)
        if spec.text_from_file:
            record["text"] = _read_source_text(directory, shown, record, key)
        if spec.has_citations:
            _check_citation_shape(shown, key, record.get("citations"))
    return records


def _read_source_text(directory, shown, record, key):
    file_name = record.get("file_name")
    if not isinstance(file_name, str) or not file_name or "/" in file_name or file_name.startswith("."):
        raise FixtureError(shown, "file_name must name a file in fixtures/sources/", record=key)
    text_path = directory / "sources" / file_name
    if not text_path.is_file():
        raise FixtureError(shown, f"source text fixtures/sources/{file_name} is missing", record=key)
    return text_path.read_text(encoding="utf-8")


def _check_citation_shape(shown, key, citations):
    if citations is None:
        return
    if not isinstance(citations, list):
        raise FixtureError(shown, "citations must be a list", record=key)
    for number, citation in enumerate(citations, start=1):
        if not isinstance(citation, dict):
            raise FixtureError(shown, f"citation {number} is not an object", record=key)
        unknown = set(citation) - CITATION_KEYS
        if unknown:
            raise FixtureError(
                shown, f"citation {number} has unknown field(s) {', '.join(sorted(unknown))}", record=key
            )
        origins = [name for name in ("source", "reference") if citation.get(name)]
        if len(origins) != 1:
            raise FixtureError(
                shown, f"citation {number} must name either a source or a reference", record=key
            )
        if not isinstance(citation[origins[0]], str):
            raise FixtureError(shown, f"citation {number}: {origins[0]} must be a slug", record=key)
        if not isinstance(citation.get("quote"), str) or not citation["quote"].strip():
            raise FixtureError(shown, f"citation {number} has no quote", record=key)


def _check_references(files):
    """Every natural key a record points at exists, in the fixtures or the database."""
    by_model = {f.spec.model: f for f in files}
    known = {}

    def exists(model, keys):
        if model not in known:
            fixture = by_model.get(model)
            known[model] = fixture.keys() if fixture else set()
        missing = set(keys) - known[model]
        if missing:
            key_field = "code" if model._meta.model_name == "country" else "slug"
            in_db = set(
                model.objects.filter(**{f"{key_field}__in": missing}).values_list(key_field, flat=True)
            )
            missing -= {str(k) for k in in_db}
        return missing

    sources = {}
    for fixture in files:
        if fixture.spec.text_from_file:
            sources = {r["slug"]: normalize_whitespace(r["text"]) for r in fixture.records}
    for fixture in files:
        scalars, many = seedable_fields(fixture.spec.model)
        relations = [f for f in scalars if f.is_relation] + many
        for record in fixture.records:
            key = record[fixture.spec.key]
            for relation in relations:
                value = record.get(relation.name)
                if value in (None, "", []):
                    continue
                keys = value if isinstance(value, list) else [value]
                missing = exists(relation.related_model, keys)
                if missing:
                    label = relation.related_model._meta.verbose_name
                    raise FixtureError(
                        fixture.path,
                        f"{relation.name} refers to unknown {label} {', '.join(sorted(map(repr, missing)))}",
                        record=key,
                    )
            for number, citation in enumerate(record.get("citations") or [], start=1):
                if citation.get("reference"):
                    from resources.models import Reference

                    if exists(Reference, [citation["reference"]]):
                        raise FixtureError(
                            fixture.path,
                            f"citation {number} names unknown reference {citation['reference']!r}",
                            record=key,
                        )
                else:
                    _check_quote(fixture.path, key, number, citation, sources)


def _check_quote(path, key, number, citation, sources):
    from resources.models import Source

    text = sources.get(citation["source"])
    if text is None:
        source = Source.objects.filter(slug=citation["source"]).first()
        if source is None:
            raise FixtureError(
                path, f"citation {number} names unknown source {citation['source']!r}", record=key
            )
        text = normalize_whitespace(source.text)
    if normalize_whitespace(citation["quote"]) not in text:
        raise FixtureError(
            path,
            f"citation {number}: quote not found in source {citation['source']!r}: "
            f"“{citation['quote'][:80]}”",
            record=key,
        )
