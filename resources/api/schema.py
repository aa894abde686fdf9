"""The OpenAPI schema's word on languages: every operation takes ``lang`` and
``Accept-Language`` and answers with ``Content-Language`` (resources/api/negotiation.py)."""

from django.conf import settings

from directory.languages import API_PARAMETER, codes, html_tag


def language_parameters(result, generator, request, public):
    """drf-spectacular postprocessing hook: the language parameters on every operation."""
    languages = codes()
    parameters = [
        {
            "in": "query",
            "name": API_PARAMETER,
            "required": False,
            "description": (
                "The language of the response's messages and labels; takes precedence over "
                f"Accept-Language. Default: {settings.LANGUAGE_CODE}. Any other value is a 400."
            ),
            "schema": {"type": "string", "enum": languages},
        },
        {
            "in": "header",
            "name": "Accept-Language",
            "required": False,
            "description": "Used when lang is not given: the first of the directory's languages it ranks.",
            "schema": {"type": "string"},
        },
    ]
    header = {
        "Content-Language": {
            "description": "The language of the response: " + ", ".join(html_tag(code) for code in languages),
            "schema": {"type": "string"},
        }
    }
    for path in result.get("paths", {}).values():
        for operation in path.values():
            known = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
            operation.setdefault("parameters", []).extend(
                p for p in parameters if (p["in"], p["name"]) not in known
            )
            for response in operation.get("responses", {}).values():
                response.setdefault("headers", {}).update(header)
    return result
