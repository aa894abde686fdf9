"""schema.org JSON-LD for a record's page, and the safe way to embed it.

The page is a ``WebPage`` (schema.org's CreativeWork, so it may carry
``citation`` and ``lastReviewed``) whose ``mainEntity`` is the record:

- Organization: ``NGO``, ``GovernmentOrganization`` or ``Organization`` by kind;
- LegalInstrument: ``Legislation``;
- Strategy: ``CreativeWork`` (schema.org has no type for a policy or plan);
- SupportService: ``GovernmentService`` when its provider is a government body, else ``Service``.

Each cited passage (not the editorial corrections) is a ``Quotation`` that is
part of its source document. Only published related records are named, the
confidential address never, and a field with no value is left out.
Everything comes from relations loaded by ``relations.with_public_relations``,
so it costs no query.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from resources import translations
from resources.models import LegalInstrument, Organization, Strategy, SupportService
from resources.relations import public

ORGANIZATION_TYPES = {
    Organization.Kind.NGO: "NGO",
    Organization.Kind.FOUNDATION: "NGO",
    Organization.Kind.TECHNOLOGY: "NGO",
    Organization.Kind.GOVERNMENT: "GovernmentOrganization",
}
SITE_NAME = "Counter-trafficking resource directory"

# As django.utils.html.json_script: nothing in the data can end the script element.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script(data):
    """``data`` as a ``<script type="application/ld+json">`` element, safe to embed in HTML."""
    encoded = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    # Safe: the JSON is escaped above, so it cannot close the element or open markup.
    return mark_safe(f'<script type="application/ld+json">{encoded}</script>')


def compact(data):
    """``data`` without empty values: a field with nothing in it is left out, not invented."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def page(entry, absolute):
    """The JSON-LD of ``entry``'s page; ``absolute(path)`` makes a full URL."""
    url = absolute(entry.get_absolute_url())
    citations = [c for c in entry.citations.all() if not c.correction]
    return compact(
        {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "name": translations.shown(entry, "name").text,
            "inLanguage": translations.current_language(),
            "isPartOf": {"@type": "WebSite", "name": SITE_NAME, "url": absolute("/")},
            "dateCreated": entry.created,
            "dateModified": entry.modified,
            "lastReviewed": entry.last_verified,
            "mainEntity": thing(entry, absolute),
            "citation": [quotation(c, absolute) for c in citations],
        }
    )


def quotation(citation, absolute):
    if citation.reference_id:
        reference = citation.reference
        return compact(
            {
                "@type": "Quotation",
                "text": citation.quote,
                "url": reference.url,
                "isPartOf": {
                    "@type": "WebPage",
                    "name": reference.title,
                    "url": reference.url,
                    "publisher": {"@type": "Organization", "name": reference.publisher},
                },
            }
        )
    source = citation.source
    return compact(
        {
            "@type": "Quotation",
            "text": citation.quote,
            "url": absolute(citation.get_absolute_url()),
            "isPartOf": {
                "@type": "CreativeWork",
                "name": source.title,
                "url": absolute(source.get_absolute_url()),
            },
        }
    )


def named(obj, absolute, schema_type="Organization"):
    """A related record as a reference: its type, name and page."""
    if obj is None:
        return None
    return {
        "@type": schema_type,
        "name": translations.shown(obj, "name").text,
        "url": absolute(obj.get_absolute_url()),
    }


def places(entry):
    return [
        *({"@type": "Country", "name": c.name, "identifier": c.code.code} for c in entry.countries.all()),
        *({"@type": "Place", "name": r.label} for r in entry.regions.all()),
    ]


def alternate_names(*values):
    names = []
    for value in values:
        names += [name.strip() for name in (value or "").split(",") if name.strip()]
    return names


def thing(entry, absolute):
    base = {
        "@id": absolute(entry.get_absolute_url()) + "#record",
        "name": translations.shown(entry, "name").text,
        "description": translations.shown(entry, "summary").text,
        "url": absolute(entry.get_absolute_url()),
    }
    kind = type(entry)
    if kind is Organization:
        hq = entry.headquarters_country
        data = {
            "@type": ORGANIZATION_TYPES.get(entry.kind, "Organization"),
            "alternateName": alternate_names(entry.acronym, entry.aliases),
            "sameAs": entry.website,
            "foundingDate": str(entry.founded_year) if entry.founded_year else None,
            "parentOrganization": named(public(entry.parent), absolute),
            "location": {"@type": "Country", "name": hq.name, "identifier": hq.code.code} if hq else None,
            "areaServed": places(entry),
        }
    elif kind is LegalInstrument:
        adopted = entry.adopted_on or entry.adopted_year
        in_force = entry.entry_into_force_on or entry.entry_into_force_year
        data = {
            "@type": "Legislation",
            "alternateName": alternate_names(entry.short_title, entry.aliases),
            "sameAs": [url for url in (entry.official_text_url, entry.website) if url],
            "legislationDate": str(adopted) if adopted else None,
            "legislationPassedBy": named(public(entry.adopting_body), absolute),
            "legislationJurisdiction": [place["name"] for place in places(entry)],
            "temporalCoverage": f"{in_force}/.." if in_force else None,
        }
    elif kind is Strategy:
        period = None
        if entry.start_year or entry.end_year:
            period = f"{entry.start_year or '..'}/{entry.end_year or '..'}"
        data = {
            "@type": "CreativeWork",
            "genre": entry.get_kind_display(),
            "sameAs": entry.website,
            "creator": [named(org, absolute) for org in entry.lead_organizations.all()],
            "contributor": [named(org, absolute) for org in entry.partner_organizations.all()],
            "temporalCoverage": period,
            "spatialCoverage": places(entry),
        }
    elif kind is SupportService:
        provider = public(entry.provider)
        government = provider is not None and provider.kind == Organization.Kind.GOVERNMENT
        data = {
            "@type": "GovernmentService" if government else "Service",
            "sameAs": entry.website,
            "serviceType": [t.name for t in entry.service_types.all()],
            "provider": named(
                provider, absolute, ORGANIZATION_TYPES.get(getattr(provider, "kind", None), "Organization")
            ),
            "areaServed": places(entry),
            "audience": [{"@type": "Audience", "audienceType": p.label} for p in entry.populations.all()],
            "availableChannel": channel(entry),
        }
    else:  # pragma: no cover - the four kinds are all above
        data = {"@type": "Thing"}
    return compact({"@type": data.pop("@type"), **base, **compact(data)})


def channel(service):
    """How to reach a service: phone, email, contact page, languages, a public address."""
    contact = compact(
        {
            "@type": "ContactPoint",
            "telephone": service.phone,
            "email": service.email,
            "availableLanguage": alternate_names(service.languages),
        }
    )
    address = service.public_address  # never the confidential one
    data = compact(
        {
            "@type": "ServiceChannel",
            "servicePhone": contact if len(contact) > 1 else None,
            "serviceUrl": service.contact_url,
            "serviceLocation": {"@type": "Place", "address": address} if address else None,
        }
    )
    return data if len(data) > 1 else None
