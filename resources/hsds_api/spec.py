"""The HSDS 3.0 OpenAPI description: the official file, vendored unmodified in
resources/hsds_spec/, and the copy of it this site serves at /api/hsds/openapi.json.

The served copy is the official description with this API's own ``info`` (the official
file holds placeholders for it), its address as the one server, and only the paths it
implements (the directory has no locations, so no ``/service_at_locations``).
"""

import copy
import functools
import json
from pathlib import Path

SPEC = Path(__file__).resolve().parent.parent / "hsds_spec"
OPENAPI = SPEC / "schema" / "openapi.json"
# Where the description's $refs point; resources/hsds_spec/schema/ mirrors that folder.
UPSTREAM = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
PATHS = (
    "/",
    "/services",
    "/services/{id}",
    "/organizations",
    "/organizations/{id}",
    "/taxonomies",
    "/taxonomies/{id}",
    "/taxonomy_terms",
    "/taxonomy_terms/{id}",
)


@functools.cache
def official():
    """The official description, as published."""
    return json.loads(OPENAPI.read_text(encoding="utf-8"))


def served(base_url):
    """The description of this API at ``base_url`` (``https://host/api/hsds``)."""
    document = copy.deepcopy(official())
    document["info"] = {
        "title": "Counter-trafficking resource directory: Open Referral HSDS 3.0 API",
        "version": "3.0",
        "summary": "The directory's published organizations and support services, as HSDS 3.0.",
        "description": (
            "The HSDS 3.0 API reference's endpoints that the directory's data supports, over "
            "its published records only. The directory's own API, and how HSDS fields are "
            "filled, are described at /api/v1/docs/ and in docs/api.md. The HSDS "
            "specification and this description are an Open Referral resource "
            "(https://openreferral.org/), licensed under CC BY-SA 4.0."
        ),
    }
    document["servers"] = [{"url": base_url}]
    document["paths"] = {path: item for path, item in document["paths"].items() if path in PATHS}
    return document
