"""Open Referral HSDS 3.0: the directory's organizations and support services in its shape.

One job: map published records to HSDS objects (plain dicts, ready for JSON).
The API views and the data package (resources/api/hsds.py) only page and
package them. The mapping, field by field, is the table in docs/api.md.

- Ids are UUIDs derived (uuid5) from a fixed namespace and the record's kind
  and primary key, so they never change between exports, not even when a
  record is renamed. Sub-records (phones, areas, languages, attributes) derive
  theirs from their record's id and what they hold.
- Only published records are exported, and only published related records are
  linked (a service whose provider is not published has no organization_id).
- No address is exported: the directory holds addresses as free text, which
  HSDS's structured address cannot take without guessing, and a confidential
  address is never shown anywhere.
- A field the directory has no value for is left out, never filled in.
"""

import uuid

from django.db.models import Prefetch
from django.urls import reverse

from resources.models import Organization, Population, ServiceType, SupportService
from resources.relations import public

# Fixed forever: changing it would change every exported id.
NAMESPACE = uuid.UUID("5b0f3d56-2a41-4c36-9c6e-6f7a1d2f8e90")
HSDS_VERSION = "3.0"
SITE_NAME = "Counter-trafficking resource directory"

# The directory's two vocabularies that describe a service, as HSDS taxonomies.
# model: (key, name, description, attribute link_type, the API list naming every term)
TAXONOMIES = {
    ServiceType: (
        "service_types",
        "Service types",
        "What the service does.",
        "service_type",
        "api:service-type-list",
    ),
    Population: (
        "populations",
        "Populations",
        "Who the service is for.",
        "population",
        "api:population-list",
    ),
}


def hsds_id(*parts):
    """A stable UUID for the thing named by ``parts`` (kind, primary key, ...)."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))


def organization_id(org):
    return hsds_id("organization", org.pk)


def service_id(service):
    return hsds_id("service", service.pk)


def compact(data):
    """``data`` without the fields that have no value."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def organizations():
    """Published organizations, in a stable order, with what the mapping reads."""
    return Organization.objects.published().select_related("parent").order_by("pk")


def services():
    """Published support services, in a stable order, with what the mapping reads (five queries)."""
    return (
        SupportService.objects.published()
        .select_related("provider")
        .prefetch_related(
            Prefetch("countries"),
            Prefetch("regions"),
            Prefetch("service_types", queryset=ServiceType.objects.order_by("position", "name")),
            Prefetch("populations", queryset=Population.objects.order_by("position", "name")),
        )
        .order_by("pk")
    )


def organization(org, absolute):
    """An HSDS organization; ``absolute(path)`` makes a full URL of a page on this site."""
    parent = public(org.parent)
    return {
        "id": organization_id(org),
        "name": org.name,
        "description": org.summary,
        **compact(
            {
                "alternate_name": org.acronym,
                "website": org.website,
                "year_incorporated": org.founded_year,
                "uri": absolute(org.get_absolute_url()),
                "parent_organization_id": organization_id(parent) if parent else None,
            }
        ),
    }


def service(svc, absolute):
    """An HSDS service with its phones, service areas, languages, schedule and taxonomy terms."""
    sid = service_id(svc)
    provider = public(svc.provider)
    description = "\n\n".join(text for text in (svc.summary, svc.description) if text)
    return {
        "id": sid,
        "name": svc.name,
        # Only published records are exported, and a published service is in operation.
        "status": "active",
        **compact(
            {
                "organization_id": organization_id(provider) if provider else None,
                "description": description,
                "url": svc.website or svc.contact_url,
                "email": svc.email,
                "eligibility_description": svc.eligibility,
                "fees_description": svc.cost,
                "assured_date": svc.last_verified.isoformat() if svc.last_verified else None,
                "last_modified": svc.modified.isoformat(),
                "phones": phones(svc, sid),
                "schedules": schedules(svc, sid),
                "service_areas": service_areas(svc, sid, absolute),
                "languages": languages(svc, sid),
                "attributes": attributes(svc, sid, absolute),
            }
        ),
    }


def phones(svc, sid):
    # RFC 6350 types, as HSDS asks: "voice" for calls, "text" for SMS.
    return [
        {"id": hsds_id(sid, "phone", kind), "service_id": sid, "number": number, "type": kind}
        for number, kind in ((svc.phone, "voice"), (svc.sms, "text"))
        if number
    ]


def schedules(svc, sid):
    """The opening hours as the directory states them (free text), if it does."""
    parts = [*(["Open 24/7"] if svc.is_24_7 else []), *([svc.hours] if svc.hours else [])]
    if not parts:
        return []
    return [{"id": hsds_id(sid, "schedule"), "service_id": sid, "description": "; ".join(parts)}]


def service_areas(svc, sid, absolute):
    """One area per country and region the service covers; none for a global one (see docs)."""
    areas = [
        {
            "id": hsds_id(sid, "area", "country", country.code.code),
            "service_id": sid,
            "name": country.name,
            "description": f"ISO 3166-1 alpha-2: {country.code.code}",
            "uri": absolute(country.get_absolute_url()),
        }
        for country in svc.countries.all()
    ]
    areas += [
        {
            "id": hsds_id(sid, "area", "region", region.slug),
            "service_id": sid,
            "name": region.name,
            **compact({"description": f"UN M49: {region.m49_code}" if region.m49_code else None}),
            "uri": absolute(region.get_absolute_url()),
        }
        for region in svc.regions.all()
    ]
    return areas


def languages(svc, sid):
    """The directory keeps languages as one free-text statement: it is the note of one entry."""
    if not svc.languages:
        return []
    return [{"id": hsds_id(sid, "languages"), "service_id": sid, "note": svc.languages}]


def taxonomy_detail(model, absolute):
    key, name, description, _, api_list = TAXONOMIES[model]
    return {
        "id": hsds_id("taxonomy", key),
        "name": f"{SITE_NAME}: {name}",
        "description": description,
        "uri": absolute(reverse(api_list)),
    }


def taxonomy_term(term, absolute):
    key = TAXONOMIES[type(term)][0]
    detail = taxonomy_detail(type(term), absolute)
    return {
        "id": hsds_id("taxonomy", key, "term", term.pk),
        "code": term.slug,
        "name": term.name,
        # Required by HSDS; the directory's own description, empty if it has none.
        "description": term.description,
        "taxonomy": detail["name"],
        "taxonomy_id": detail["id"],
        "taxonomy_detail": detail,
        "term_uri": absolute(term.get_absolute_url()),
    }


def attributes(svc, sid, absolute):
    """The service's types and populations, each as a link to a taxonomy term."""
    result = []
    for term in [*svc.service_types.all(), *svc.populations.all()]:
        item = taxonomy_term(term, absolute)
        result.append(
            {
                "id": hsds_id(sid, "attribute", item["id"]),
                "link_id": sid,
                "link_type": TAXONOMIES[type(term)][3],
                "link_entity": "service",
                "taxonomy_term_id": item["id"],
                "taxonomy_term": item,
            }
        )
    return result
