"""The HSDS 3.0 export over HTTP: paged JSON lists as HSDS's API pages them, and a data package.

The mapping itself is resources/hsds.py; this module only pages and packages.
"""

import datetime
import hashlib
import io
import json
import zipfile

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils.http import http_date
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from resources import hsds, kinds
from resources.models import Organization, SupportService
from resources.readmodel import changes

from .negotiation import CacheKeys
from .pagination import pages_message, positive_int
from .views import ERROR_RESPONSE, THROTTLED

PER_PAGE = 20
MAX_PER_PAGE = 100
SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled"


def page_schema(kind):
    """HSDS's Page object (its openapi.json), holding ``kind`` objects in ``contents``."""
    return {
        "type": "object",
        "required": [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        "properties": {
            "total_items": {"type": "integer", "description": "Records in the whole list."},
            "total_pages": {"type": "integer"},
            "page_number": {"type": "integer"},
            "size": {"type": "integer", "description": "Records on this page."},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean", "description": "True when the list holds no record at all."},
            "contents": {
                "type": "array",
                "description": f"HSDS 3.0 {kind} objects ({SCHEMA_BASE}/{kind}.json).",
                "items": {
                    "type": "object",
                    "required": ["id", "name"],
                    "properties": {"id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}},
                },
            },
        },
    }


PAGE_PARAMETERS = [
    OpenApiParameter("page", OpenApiTypes.INT, description="The page, from 1."),
    OpenApiParameter(
        "per_page",
        OpenApiTypes.INT,
        description=f"Records per page: {PER_PAGE} unless given, {MAX_PER_PAGE} at most.",
    ),
]


def page_of(request, items):
    """(page number, Django page) from ``page`` and ``per_page``; a bad value is a 400."""
    per_page, number = PER_PAGE, 1
    if "per_page" in request.query_params:
        per_page = positive_int(request.query_params["per_page"])
        if per_page is None:
            message = gettext("Must be a whole number from 1 to %(largest)s.") % {"largest": MAX_PER_PAGE}
            raise ValidationError({"per_page": [message]})
        per_page = min(per_page, MAX_PER_PAGE)
    if "page" in request.query_params:
        number = positive_int(request.query_params["page"])
        if number is None:
            raise ValidationError({"page": [gettext("Must be a whole number from 1.")]})
    paginator = Paginator(items, per_page)
    if number > paginator.num_pages:
        raise ValidationError({"page": [pages_message(paginator.num_pages)]})
    return number, paginator.page(number)


def last_modified(model):
    return changes.latest(kinds.of(model))


class HSDSListView(CacheKeys, APIView):
    model = None
    query_parameters = ("page", "per_page")

    def records(self):
        raise NotImplementedError

    def to_hsds(self, record, absolute):
        raise NotImplementedError

    def get(self, request):
        number, page = page_of(request, self.records())
        contents = [self.to_hsds(record, request.build_absolute_uri) for record in page.object_list]
        total = page.paginator.count
        response = Response(
            {
                "total_items": total,
                "total_pages": page.paginator.num_pages,
                "page_number": number,
                "size": len(contents),
                "first_page": number == 1,
                "last_page": not page.has_next(),
                "empty": total == 0,
                "contents": contents,
            }
        )
        latest = last_modified(self.model)
        if latest is not None:
            response["Last-Modified"] = http_date(latest.timestamp())
        return response


class HSDSOrganizationsView(HSDSListView):
    model = Organization

    def records(self):
        return hsds.organizations()

    def to_hsds(self, record, absolute):
        return hsds.organization(record, absolute)

    @extend_schema(
        operation_id="hsds_organizations_list",
        summary="Published organizations as Open Referral HSDS 3.0",
        description="HSDS organization objects, paged as HSDS's API pages them (mapping: docs/api.md).",
        parameters=PAGE_PARAMETERS,
        responses={
            200: OpenApiResponse(response=page_schema("organization"), description="One page."),
            400: ERROR_RESPONSE,
            429: THROTTLED,
        },
    )
    def get(self, request):
        return super().get(request)


class HSDSServicesView(HSDSListView):
    model = SupportService

    def records(self):
        return hsds.services()

    def to_hsds(self, record, absolute):
        return hsds.service(record, absolute)

    @extend_schema(
        operation_id="hsds_services_list",
        summary="Published support services as Open Referral HSDS 3.0",
        description=(
            "HSDS service objects with their phones, service areas, languages, schedule and taxonomy "
            "terms, paged as HSDS's API pages them. See docs/api.md for the mapping."
        ),
        parameters=PAGE_PARAMETERS,
        responses={
            200: OpenApiResponse(response=page_schema("service"), description="One page."),
            400: ERROR_RESPONSE,
            429: THROTTLED,
        },
    )
    def get(self, request):
        return super().get(request)


README = """# Counter-trafficking resource directory: HSDS 3.0 data package

The directory's published organizations and support services, in the shape of the
Open Referral Human Services Data Specification (HSDS) 3.0.

- `organizations.json`: an array of HSDS `organization` objects.
- `services.json`: an array of HSDS `service` objects, each with its phones, service
  areas, languages, schedule and taxonomy terms (service types and populations, as
  attributes); `organization_id` links a service to its provider.
- `datapackage.json`: this package's descriptor (Frictionless Data), with each file's
  size and SHA-256 hash.

The files are JSON (HSDS's nested objects), not HSDS's tabular CSV form.

Ids are UUIDs derived from each record's kind and internal number: they stay the same
from one export to the next, and when a record is renamed. Only published records are
included. A field the directory has no value for is left out. No address is included:
the directory holds addresses as free text, and confidential addresses (shelters) are
never published anywhere.

Source: {site}
The records cite their sources on their pages there (`uri` on each organization).

HSDS: "Human Services Data Specification: an Open Referral resource (https://openreferral.org/)",
licensed under the Creative Commons Attribution Share-Alike 4.0 license.
"""


def data_package(absolute):
    """(bytes of the zip, the latest change it reflects): the same data gives the same bytes."""
    organizations = [hsds.organization(org, absolute) for org in hsds.organizations()]
    services = [hsds.service(svc, absolute) for svc in hsds.services()]
    latest = max(filter(None, (last_modified(Organization), last_modified(SupportService))), default=None)
    files = {
        "organizations.json": json.dumps(organizations, ensure_ascii=False, indent=1).encode(),
        "services.json": json.dumps(services, ensure_ascii=False, indent=1).encode(),
    }
    descriptor = {
        "profile": "data-package",
        "name": "counter-trafficking-directory-hsds",
        "title": "Counter-trafficking resource directory: organizations and support services (HSDS 3.0)",
        "homepage": absolute("/"),
        "created": latest.isoformat() if latest else None,
        "resources": [
            {
                "name": name.removesuffix(".json"),
                "path": name,
                "profile": "data-resource",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "bytes": len(content),
                "hash": f"sha256:{hashlib.sha256(content).hexdigest()}",
                "description": f"An array of HSDS {hsds.HSDS_VERSION} {kind} objects "
                f"({SCHEMA_BASE}/{kind}.json).",
            }
            for (name, content), kind in zip(files.items(), ("organization", "service"), strict=True)
        ],
    }
    files["datapackage.json"] = json.dumps(hsds.compact(descriptor), indent=1).encode()
    files["README.md"] = README.format(site=absolute("/")).encode()
    stamp = (latest or datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue(), latest


class HSDSDataPackageView(CacheKeys, APIView):
    @extend_schema(
        operation_id="hsds_datapackage",
        summary="Download the HSDS 3.0 data package",
        description=(
            "A zip of organizations.json and services.json (HSDS 3.0 objects), datapackage.json "
            "and a README. Built in memory: the directory is small."
        ),
        responses={(200, "application/zip"): OpenApiTypes.BINARY, 429: THROTTLED},
    )
    def get(self, request):
        content, latest = data_package(request.build_absolute_uri)
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="directory-hsds-3.0.zip"'
        if latest is not None:
            response["Last-Modified"] = http_date(latest.timestamp())
        return response
