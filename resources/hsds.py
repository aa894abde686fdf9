"""Open Referral HSDS 3.0: the directory's organizations and support services in its shape.

One job: map published records to HSDS objects (plain dicts, ready for JSON).
The HSDS API (resources/hsds_api/) and the export with its data package
(resources/api/hsds.py) only select, page and package them. The mapping,
field by field, is the table in docs/api.md.

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

from resources.models import FocusArea, Organization, Population, ServiceType, SupportService
from resources.relations import public

# Fixed forever: changing it would change every exported id.
NAMESPACE = uuid.UUID("5b0f3d56-2a41-4c36-9c6e-6f7a1d2f8e90")
HSDS_VERSION = "3.0"
SITE_NAME = "Counter-trafficking resource directory"

# The directory's vocabularies that describe a service (and, for focus areas, an
# organization), as HSDS taxonomies; the key
# names the taxonomy in its id (never change one: ids would change).
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
    FocusArea: (
        "focus_areas",
        "Focus areas",
        "The 4P of anti-trafficking work: prevention, protection, prosecution, partnership.",
        "focus_area",
        "api:focus-area-list",
    ),
}
# The relation of a service holding the terms of each taxonomy.
TERM_RELATIONS = {ServiceType: "service_types", Population: "populations", FocusArea: "focus_areas"}


def hsds_id(*parts):
    """A stable UUID for the thing named by ``parts`` (kind, primary key, ...)."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))


def organization_id(org):
    return hsds_id("organization", org.pk)


def service_id(service):
    return hsds_id("service", service.pk)


def taxonomy_id(model):
    return hsds_id("taxonomy", TAXONOMIES[model][0])


def term_id(model, pk):
    """The id of the term of ``model`` (ServiceType, Population, FocusArea) with primary key ``pk``."""
    return hsds_id("taxonomy", TAXONOMIES[model][0], "term", pk)


def compact(data):
    """``data`` without the fields that have no value."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def organizations():
    """Published organizations, in a stable order, with what the mapping reads."""
    return Organization.objects.published().select_related("parent").order_by("pk")


def services():
    """Published support services, in a stable order, with what the mapping reads (six queries)."""
    return with_service_relations(SupportService.objects.published().order_by("pk"))


def with_service_relations(queryset):
    """``queryset`` of services with what ``service()`` reads: a query per relation."""
    return queryset.select_related("provider").prefetch_related(
        Prefetch("countries"),
        Prefetch("regions"),
        *(
            Prefetch(TERM_RELATIONS[model], queryset=model.objects.order_by("position", "name"))
            for model in TAXONOMIES
        ),
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


def service_fields(svc):
    """The service's own (one-to-one) fields: HSDS's ``service_list`` shape, less the nested
    organization (the HSDS API adds it)."""
    provider = public(svc.provider)
    description = "\n\n".join(text for text in (svc.summary, svc.description) if text)
    return {
        "id": service_id(svc),
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
            }
        ),
    }


def service(svc, absolute):
    """An HSDS service with its phones, service areas, languages, schedule and taxonomy terms."""
    sid = service_id(svc)
    return {
        **service_fields(svc),
        **compact(
            {
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
    """The HSDS taxonomy of ``model``'s terms."""
    _, name, description, _, api_list = TAXONOMIES[model]
    return {
        "id": taxonomy_id(model),
        "name": f"{SITE_NAME}: {name}",
        "description": description,
        "uri": absolute(reverse(api_list)),
    }


def taxonomy_term(term, absolute):
    detail = taxonomy_detail(type(term), absolute)
    return {
        "id": term_id(type(term), term.pk),
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
    """The service's types, populations and focus areas, each as a link to a taxonomy term."""
    terms = [*svc.service_types.all(), *svc.populations.all(), *svc.focus_areas.all()]
    return term_attributes(terms, sid, "service", absolute)


def term_attributes(terms, link_id, link_entity, absolute):
    """HSDS attributes linking the record ``link_id`` (a ``link_entity``) to each of ``terms``."""
    result = []
    for term in terms:
        item = taxonomy_term(term, absolute)
        result.append(
            {
                "id": hsds_id(link_id, "attribute", item["id"]),
                "link_id": link_id,
                "link_type": TAXONOMIES[type(term)][3],
                "link_entity": link_entity,
                "taxonomy_term_id": item["id"],
                "taxonomy_term": item,
            }
        )
    return result
