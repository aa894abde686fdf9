"""Checks of HSDS output against the official compiled HSDS 3.0 schemas in ``hsds_schemas/``."""

import functools
import io
import json
import zipfile
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

SCHEMAS = Path(__file__).parent / "hsds_schemas"
PACKAGE = "/api/v1/hsds/datapackage.zip"


@functools.cache
def validator(name):
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def assert_valid(name, record):
    """``record`` validates against the schema ``name`` (e.g. "service"); every error is shown."""
    errors = sorted(validator(name).iter_errors(record), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def package(client):
    """The HSDS data package, as an open zip file."""
    response = client.get(PACKAGE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))
