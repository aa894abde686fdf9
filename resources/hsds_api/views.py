"""The HSDS 3.0 API's endpoints, over published records only (docs/api.md).

Lists answer HSDS's Page object (``total_items`` ... ``contents``) in the order of the
records' internal ids, so that pages are stable; their query parameters combine with AND.
``format=ndjson`` streams every record a list's parameters select, one per line, without
pages. An unknown id is a 404; a bad parameter a 400 naming it. These views are left out of
the directory's own OpenAPI schema (/api/v1/schema/): their contract is the official HSDS
description, served at /api/hsds/openapi.json.
"""

import json
import types

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from resources import hsds
from resources.api.negotiation import CacheKeys
from resources.api.pagination import pages_message
from resources.models import FocusArea, Organization, SupportService
from resources.relations import public

from . import params, spec
from .ids import IdIndex

# The directory publishes HSDS 3.0 itself, with no profile: `profile` names the specification.
PROFILE = "https://docs.openreferral.org/en/3.0/hsds/"
CHUNK_SIZE = 500

ORGANIZATION_IDS = IdIndex(Organization, lambda pk: hsds.hsds_id("organization", pk))
SERVICE_IDS = IdIndex(SupportService, lambda pk: hsds.hsds_id("service", pk))
TERM_IDS = {
    model: IdIndex(model, lambda pk, model=model: hsds.term_id(model, pk)) for model in hsds.TAXONOMIES
}


class IgnoreFormatParameter(DefaultContentNegotiation):
    """`format` is HSDS's parameter (json or ndjson), not DRF's choice of renderer."""

    settings = types.SimpleNamespace(URL_FORMAT_OVERRIDE=None)


@extend_schema(exclude=True)
class Endpoint(CacheKeys, APIView):
    content_negotiation_class = IgnoreFormatParameter

    def absolute(self):
        return self.request.build_absolute_uri


def page_response(items, to_hsds, number, size):
    """HSDS's Page object of page ``number`` of ``items``, each mapped by ``to_hsds``."""
    paginator = Paginator(items, size)
    if number > paginator.num_pages:
        raise params.bad("page", pages_message(paginator.num_pages))
    page = paginator.page(number)
    contents = [to_hsds(item) for item in page.object_list]
    total = paginator.count
    return Response(
        {
            "total_items": total,
            "total_pages": paginator.num_pages,
            "page_number": number,
            "size": len(contents),
            "first_page": number == 1,
            "last_page": not page.has_next(),
            "empty": total == 0,
            "contents": contents,
        }
    )


def ndjson_response(items, to_hsds):
    """Every one of ``items``, one HSDS object a line, streamed (a queryset in chunks)."""
    records = items.iterator(chunk_size=CHUNK_SIZE) if hasattr(items, "iterator") else items

    def lines():
        for item in records:
            yield json.dumps(to_hsds(item), ensure_ascii=False) + "\n"

    return StreamingHttpResponse(lines(), content_type="application/x-ndjson")


class ListEndpoint(Endpoint):
    paging_parameters = ("page", "per_page", "format")

    def respond(self, items, to_hsds, default=params.PER_PAGE, largest=params.MAX_PER_PAGE):
        query = self.request.query_params
        number, size = params.paging(query, default, largest)
        if params.response_format(query) == "ndjson":
            return ndjson_response(items, to_hsds)
        return page_response(items, to_hsds, number, size)


def detail_response(data, modified=None):
    response = Response(data)
    if modified is not None:
        response["Last-Modified"] = http_date(modified.timestamp())
    return response


def record_pk(index, value):
    """The primary key behind the HSDS id ``value`` of a path, or a 404."""
    found = params.canonical_id(value)
    pk = index.pk(found) if found else None
    if pk is None:
        raise Http404(gettext("No record has this id."))
    return pk


def term_of(value):
    """(term model, primary key) of the taxonomy term whose id is ``value``, or None."""
    for lookup in ("known", "pk"):  # the indexes as they are, then brought up to date
        for model, index in TERM_IDS.items():
            pk = getattr(index, lookup)(value)
            if pk is not None:
                return model, pk
    return None


# The API root -----------------------------------------------------------------------------


class RootView(Endpoint):
    def get(self, request):
        return Response(
            {
                "version": hsds.HSDS_VERSION,
                "profile": PROFILE,
                "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
            }
        )


class OpenAPIView(Endpoint):
    def get(self, request):
        return Response(spec.served(request.build_absolute_uri(reverse("hsds:root")).rstrip("/")))


# Services ---------------------------------------------------------------------------------


def service_relation_exists(relation, **conditions):
    """Whether a service has a term (matching ``conditions``) in ``relation``."""
    field = SupportService._meta.get_field(relation)
    through = field.remote_field.through
    links = through.objects.filter(**{field.m2m_field_name(): OuterRef("pk")})
    return Exists(
        links.filter(**{f"{field.m2m_reverse_field_name()}__{k}": v for k, v in conditions.items()})
    )


def with_organization(data, svc, absolute):
    """``data`` of ``svc`` with its published provider nested, as HSDS's service objects hold it."""
    provider = public(svc.provider)
    return {**data, "organization": hsds.organization(provider, absolute)} if provider else data


def minimal_service(svc):
    # HSDS asks for the id and the modification date; its service_list schema requires the
    # name and status too.
    return {
        "id": hsds.service_id(svc),
        "name": svc.name,
        "status": "active",
        "last_modified": svc.modified.isoformat(),
    }


class ServiceList(ListEndpoint):
    query_parameters = (
        *ListEndpoint.paging_parameters,
        "search",
        "taxonomy_term_id",
        "taxonomy_id",
        "organization_id",
        "modified_after",
        "minimal",
        "full",
    )

    def get(self, request):
        query = request.query_params
        minimal, full = params.boolean(query, "minimal"), params.boolean(query, "full")
        if minimal and full:
            raise params.bad("minimal", gettext("Ask for minimal or for full services, not both."))
        records = self.selected(query)
        absolute = self.absolute()
        if minimal:
            return self.respond(
                records.only("pk", "name", "modified"),
                minimal_service,
                default=params.MINIMAL_PER_PAGE,
                largest=params.MINIMAL_PER_PAGE,
            )
        if full:
            records = hsds.with_service_relations(records.select_related("provider__parent"))
            return self.respond(
                records, lambda svc: with_organization(hsds.service(svc, absolute), svc, absolute)
            )
        records = records.select_related("provider__parent")
        return self.respond(records, lambda svc: with_organization(hsds.service_fields(svc), svc, absolute))

    @staticmethod
    def selected(query):
        """Published services matching every filter given, in the order of their ids."""
        records = SupportService.objects.published()
        terms = params.search(query)
        if terms:
            records = records.search(terms)
        term_id = params.hsds_id(query, "taxonomy_term_id")
        if term_id is not None:
            term = term_of(term_id)
            if term is None:
                return records.none()
            model, pk = term
            records = records.filter(service_relation_exists(hsds.TERM_RELATIONS[model], pk=pk))
        taxonomy = params.hsds_id(query, "taxonomy_id")
        if taxonomy is not None:
            model = next((m for m in hsds.TAXONOMIES if hsds.taxonomy_id(m) == taxonomy), None)
            if model is None:
                return records.none()
            records = records.filter(service_relation_exists(hsds.TERM_RELATIONS[model]))
        organization = params.hsds_id(query, "organization_id")
        if organization is not None:
            pk = ORGANIZATION_IDS.pk(organization)
            if pk is None:
                return records.none()
            records = records.filter(provider__in=Organization.objects.published().filter(pk=pk))
        since = params.moment(query, "modified_after")
        if since is not None:
            records = records.filter(modified__gte=since)
        return records.order_by("pk")


class ServiceDetail(Endpoint):
    def get(self, request, id):
        pk = record_pk(SERVICE_IDS, id)
        records = hsds.with_service_relations(
            SupportService.objects.published().select_related("provider__parent")
        )
        svc = records.filter(pk=pk).first()
        if svc is None:
            raise Http404(gettext("No published service has this id."))
        absolute = self.absolute()
        return detail_response(with_organization(hsds.service(svc, absolute), svc, absolute), svc.modified)


# Organizations ----------------------------------------------------------------------------


def with_services(records, full_service):
    """Organizations with their published services (and what mapping them reads) and topics."""
    services = SupportService.objects.published().order_by("pk").select_related("provider")
    if full_service:
        services = hsds.with_service_relations(services)
    return records.prefetch_related(
        Prefetch("services", queryset=services),
        Prefetch("focus_areas", queryset=FocusArea.objects.order_by("position", "name")),
    )


def full_organization(org, absolute, full_service):
    """An HSDS organization with its services (their own fields, or in full) and focus areas."""
    oid = hsds.organization_id(org)
    services = [
        hsds.service(svc, absolute) if full_service else hsds.service_fields(svc)
        for svc in org.services.all()
    ]
    return {
        **hsds.organization(org, absolute),
        **hsds.compact(
            {
                "services": services,
                "attributes": hsds.term_attributes(org.focus_areas.all(), oid, "organization", absolute),
            }
        ),
    }


class OrganizationList(ListEndpoint):
    query_parameters = (*ListEndpoint.paging_parameters, "search", "full", "full_service")

    def get(self, request):
        query = request.query_params
        full, full_service = params.boolean(query, "full"), params.boolean(query, "full_service")
        records = Organization.objects.published()
        terms = params.search(query)
        if terms:
            records = records.search(terms)
        records = records.select_related("parent").order_by("pk")
        absolute = self.absolute()
        if full or full_service:
            return self.respond(
                with_services(records, full_service),
                lambda org: full_organization(org, absolute, full_service),
            )
        return self.respond(records, lambda org: hsds.organization(org, absolute))


class OrganizationDetail(Endpoint):
    query_parameters = ("full_service",)

    def get(self, request, id):
        full_service = params.boolean(request.query_params, "full_service")
        pk = record_pk(ORGANIZATION_IDS, id)
        records = with_services(Organization.objects.published().select_related("parent"), full_service)
        org = records.filter(pk=pk).first()
        if org is None:
            raise Http404(gettext("No published organization has this id."))
        return detail_response(full_organization(org, self.absolute(), full_service), org.modified)


# Taxonomies -------------------------------------------------------------------------------


def matches(terms, *texts):
    return terms is None or any(terms.casefold() in (text or "").casefold() for text in texts)


class TaxonomyList(ListEndpoint):
    query_parameters = (*ListEndpoint.paging_parameters, "search")

    def get(self, request):
        terms = params.search(request.query_params)
        absolute = self.absolute()
        taxonomies = [hsds.taxonomy_detail(model, absolute) for model in hsds.TAXONOMIES]
        return self.respond(
            [t for t in taxonomies if matches(terms, t["name"], t["description"])], lambda t: t
        )


class TaxonomyDetail(Endpoint):
    def get(self, request, id):
        for model in hsds.TAXONOMIES:
            if hsds.taxonomy_id(model) == params.canonical_id(id):
                return Response(hsds.taxonomy_detail(model, self.absolute()))
        raise Http404(gettext("No taxonomy has this id."))


class TaxonomyTermList(ListEndpoint):
    query_parameters = (*ListEndpoint.paging_parameters, "search", "taxonomy_id", "top_only", "parent_id")

    def get(self, request):
        query = request.query_params
        terms = params.search(query)
        taxonomy = params.hsds_id(query, "taxonomy_id")
        # The directory's taxonomies are flat: every term is at the top, none has a parent
        # or a child, so `top_only` keeps every term and `parent_id` none.
        params.boolean(query, "top_only")
        parent = params.hsds_id(query, "parent_id")
        models = [m for m in hsds.TAXONOMIES if taxonomy is None or hsds.taxonomy_id(m) == taxonomy]
        found = [
            term
            for model in models
            for term in model.objects.order_by("position", "name")
            if parent is None and matches(terms, term.name, term.description, term.slug)
        ]
        absolute = self.absolute()
        return self.respond(found, lambda term: hsds.taxonomy_term(term, absolute))


class TaxonomyTermDetail(Endpoint):
    def get(self, request, id):
        value = params.canonical_id(id)
        term = term_of(value) if value else None
        found = term[0].objects.filter(pk=term[1]).first() if term else None
        if found is None:
            raise Http404(gettext("No taxonomy term has this id."))
        return Response(hsds.taxonomy_term(found, self.absolute()))
