"""The Open Referral HSDS 3.0 API (/api/hsds/): what the official OpenAPI description says.

- Conformance: schemathesis drives the API through its WSGI application against the
  official description (resources/hsds_spec/, not the directory's own schema), with real
  ids and with generated requests; every object also validates against the compiled
  schemas the description names.
- Visibility: drafts, archived records and addresses appear on no endpoint.
- Filters combine with AND; bad parameters are a 400 naming them; unknown ids a 404.
"""

import datetime
import functools
import hashlib
import json
import uuid
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance

from directory.wsgi import application
from resources import hsds
from resources.hsds_api import spec
from resources.hsds_api import views as hsds_views
from resources.models import FocusArea, Organization, Population, ServiceType, SupportService
from tests.builders import SECRET_ADDRESS
from tests.factories import (
    FocusAreaFactory,
    OrganizationFactory,
    PopulationFactory,
    ServiceTypeFactory,
    SupportServiceFactory,
)
from tests.hsds_checks import SCHEMAS as EXPORT_SCHEMAS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

BASE = "/api/hsds"
SCHEMA_DIR = spec.SPEC / "schema"
EXAMPLES_PER_OPERATION = 100
NOWHERE = "00000000-0000-4000-8000-000000000000"  # a well-formed id no record has


def get(client, path, **params):
    response = client.get(f"{BASE}{path}", params)
    assert response.status_code == 200, (path, params, response.content[:300])
    return response.json()


def contents(client, path, **params):
    return get(client, path, **params)["contents"]


def ids(records):
    return [record["id"] for record in records]


# The official description and schemas ---------------------------------------------------------


@functools.cache
def registry():
    """Every vendored schema under the address the official description gives it."""
    resources = [
        (
            f"{spec.UPSTREAM}{path.relative_to(SCHEMA_DIR).as_posix()}",
            Resource.from_contents(json.loads(path.read_text(encoding="utf-8")), DRAFT202012),
        )
        for path in sorted(SCHEMA_DIR.rglob("*.json"))
    ]
    return Registry().with_resources(resources)


@functools.cache
def validator(address):
    return Draft202012Validator({"$ref": address}, registry=registry(), format_checker=FormatChecker())


def assert_valid(address, instance):
    errors = sorted(validator(address).iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def response_schema(path):
    """The address of the official schema of a 200 from GET ``path``."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    return f"{spec.UPSTREAM}openapi.json#/paths/{pointer}/get/responses/200/content/application~1json/schema"


SERVICE, SERVICE_LIST = f"{spec.UPSTREAM}compiled/service.json", f"{spec.UPSTREAM}compiled/service_list.json"
ORGANIZATION = f"{spec.UPSTREAM}compiled/organization.json"
ORGANIZATION_LIST = f"{spec.UPSTREAM}compiled/organization_list.json"
TAXONOMY, TAXONOMY_TERM = f"{spec.UPSTREAM}taxonomy.json", f"{spec.UPSTREAM}taxonomy_term.json"

# sha256 of each file in the 3.0 branch's schema/ folder.
OFFICIAL_FILES = {
    "openapi.json": "3c473df56617f5e642f86e0a9ed7ee182a22eecf6f94dd1b91c50511fbbba34d",
    "taxonomy.json": "80d89f6e83d84d9fe961a4e0b6ca4014ee56063d513f4291f148270fc51aeb11",
    "taxonomy_term.json": "4421eb56469f8f45cdddb5421f00fbd3ccda4efe53bf1b80c3b4f6dcbcbec237",
    "metadata.json": "cf62a24f83fb93a93a93cded762869bf561d4d176436e326b4170ef5f194fcdd",
    "compiled/organization.json": "e429ffe3b585da12da10b75cf30dfc0a67ef96b34f5e1b21141a2b627ca28119",
    "compiled/organization_list.json": "0305c7ef394a29c91ac2dae1725ac0d31140343c2241417a482c5eb0f831dbeb",
    "compiled/service.json": "5cd7c2ecb5776947e437a4d5b9656f9a80db56bef3ad49f5bb142d49dbe66156",
    "compiled/service_list.json": "251cc879b756b1a444c5c95ff45887e09363e3fd7ad9d8691a1131b3ecd4ff4e",
}


class TestTheVendoredSpecification:
    def test_is_the_official_files_unmodified(self):
        found = {path.relative_to(SCHEMA_DIR).as_posix() for path in SCHEMA_DIR.rglob("*.json")}
        assert found == set(OFFICIAL_FILES)
        for name, digest in OFFICIAL_FILES.items():
            assert hashlib.sha256((SCHEMA_DIR / name).read_bytes()).hexdigest() == digest, name

    def test_carries_its_licence_and_attribution(self):
        assert "Attribution Share-Alike 4.0" in (spec.SPEC / "LICENSE").read_text()
        readme = (spec.SPEC / "README.md").read_text()
        for words in (
            "github.com/openreferral/specification",
            "branch `3.0`",
            "CC BY-SA 4.0",
            "an Open Referral resource",
        ):
            assert words in readme

    def test_the_export_tests_read_the_same_compiled_schemas(self):
        for path in EXPORT_SCHEMAS.glob("*.json"):
            assert path.read_bytes() == (SCHEMA_DIR / "compiled" / path.name).read_bytes(), path.name

    def test_the_schemas_do_reject_a_bad_record(self):
        assert not validator(TAXONOMY_TERM).is_valid({"id": "x", "name": "A term"})
        assert not validator(response_schema("/services")).is_valid({"contents": [{"id": str(uuid.uuid4())}]})


# The API root and its description ---------------------------------------------------------------


class TestRoot:
    def test_names_the_version_profile_and_description(self, client):
        root = get(client, "/")
        assert root["version"] == "3.0"
        assert root["profile"].startswith("https://")
        assert root["openapi_url"] == "http://testserver/api/hsds/openapi.json"
        assert_valid(response_schema("/"), root)

    def test_serves_the_official_description_of_what_it_implements(self, client):
        served = client.get(f"{BASE}/openapi.json").json()
        official = spec.official()
        assert served["servers"] == [{"url": "http://testserver/api/hsds"}]
        assert (
            set(served["paths"])
            == set(spec.PATHS)
            == set(official["paths"])
            - {
                "/service_at_locations",
                "/service_at_locations/{id}",
            }
        )
        assert all(served["paths"][path] == official["paths"][path] for path in spec.PATHS)
        assert served["components"] == official["components"]
        assert "REQUIRED" not in json.dumps(served["info"])

    def test_is_linked_from_the_directory_api_root(self, client):
        response = client.get("/api/v1/")
        assert '<http://testserver/api/hsds/>; rel="alternate"' in response["Link"]

    def test_is_not_in_the_directory_own_schema(self, client):
        paths = client.get("/api/v1/schema/", {"format": "json"}).json()["paths"]
        assert paths and not [path for path in paths if path.startswith("/api/hsds")]

    def test_paths_have_no_trailing_slash(self, client):
        assert client.get(f"{BASE}/services").status_code == 200
        assert client.get(f"{BASE}/services/").status_code == 404


# Every object is valid HSDS -----------------------------------------------------------------------


def full_service_fixture():
    provider = OrganizationFactory(slug="ministry", kind="government", website="https://example.org/")
    service = SupportServiceFactory(
        slug="full",
        provider=provider,
        description="Longer text.",
        website="https://example.org/line",
        email="help@example.org",
        phone="+15550100",
        sms="555",
        hours="9-5",
        languages="English and Thai",
        cost="Free",
        eligibility="Anyone.",
        last_verified=datetime.date(2026, 1, 2),
    )
    service.populations.add(PopulationFactory(slug="children", name="Children"))
    service.focus_areas.add(FocusAreaFactory(slug="prevention", name="Prevention"))
    provider.focus_areas.add(FocusAreaFactory(slug="prevention"))
    return service


# (path, parameters, the schema of each object in `contents`, or of the whole answer)
LIST_VARIANTS = [
    ("/services", {}, SERVICE_LIST),
    ("/services", {"full": "true"}, SERVICE),
    ("/services", {"minimal": "true"}, SERVICE_LIST),
    ("/organizations", {}, ORGANIZATION_LIST),
    ("/organizations", {"full": "true"}, ORGANIZATION),
    ("/organizations", {"full_service": "true"}, ORGANIZATION),
    ("/taxonomies", {}, TAXONOMY),
    ("/taxonomy_terms", {}, TAXONOMY_TERM),
]


class TestEveryObjectIsValidHSDS:
    @pytest.mark.parametrize(("path", "params", "schema"), LIST_VARIANTS)
    def test_lists(self, client, path, params, schema):
        full_service_fixture()
        page = get(client, path, **params)
        assert page["contents"]
        assert_valid(response_schema(path), page)
        for record in page["contents"]:
            assert_valid(schema, record)

    def test_records(self, client):
        full_service_fixture()
        for path, schema, list_schema in (
            ("/services", SERVICE, SERVICE_LIST),
            ("/organizations", ORGANIZATION, ORGANIZATION_LIST),
            ("/taxonomies", TAXONOMY, TAXONOMY),
            ("/taxonomy_terms", TAXONOMY_TERM, TAXONOMY_TERM),
        ):
            for listed in contents(client, path):
                for params in ({}, {"full_service": "true"}) if path == "/organizations" else ({},):
                    record = get(client, f"{path}/{listed['id']}", **params)
                    assert record["id"] == listed["id"]
                    assert_valid(response_schema(f"{path}/{{id}}"), record)
                    assert_valid(schema, record)
                    assert_valid(list_schema, record)

    def test_a_full_service_holds_its_nested_records(self, client):
        service = full_service_fixture()
        record = get(client, f"/services/{hsds.service_id(service)}")
        assert (
            record["organization"]["id"]
            == record["organization_id"]
            == hsds.organization_id(service.provider)
        )
        assert [phone["type"] for phone in record["phones"]] == ["voice", "text"]
        assert record["schedules"][0]["description"] == "9-5"
        assert record["languages"][0]["note"] == "English and Thai"
        links = {a["link_type"]: a["taxonomy_term"]["code"] for a in record["attributes"]}
        assert links == {"population": "children", "focus_area": "prevention"}
        assert record["assured_date"] == "2026-01-02"

    def test_every_id_is_a_canonical_uuid(self, client):
        full_service_fixture()
        found = list(every_id([contents(client, path, **params) for path, params, _ in LIST_VARIANTS]))
        assert len(found) > 20
        assert all(str(uuid.UUID(value)) == value for value in found)


def every_id(value):
    """Every string value of an ``id`` or ``*_id`` key, however deep."""
    if isinstance(value, dict):
        for key, item in value.items():
            if (key == "id" or key.endswith("_id")) and isinstance(item, str):
                yield item
            else:
                yield from every_id(item)
    elif isinstance(value, list):
        for item in value:
            yield from every_id(item)


# Pages ---------------------------------------------------------------------------------------------


class TestPages:
    def test_lists_page_as_hsds_asks(self, client):
        for n in range(3):  # and the world's two
            OrganizationFactory(slug=f"org-{n}")
        page = get(client, "/organizations", per_page=2, page=2)
        assert {key: value for key, value in page.items() if key != "contents"} == {
            "total_items": 5,
            "total_pages": 3,
            "page_number": 2,
            "size": 2,
            "first_page": False,
            "last_page": False,
            "empty": False,
        }
        last = get(client, "/organizations", per_page=2, page=3)
        assert (last["size"], last["last_page"]) == (1, True)
        assert get(client, "/organizations", per_page=1000)["size"] == 5  # capped at 100
        everything = ids(contents(client, "/organizations"))
        paged = [i for n in (1, 2, 3) for i in ids(contents(client, "/organizations", per_page=2, page=n))]
        assert paged == everything

    def test_minimal_answers_two_fields_and_larger_pages(self, client):
        for n in range(24):  # and the world's one
            SupportServiceFactory(slug=f"svc-{n}")
        assert get(client, "/services")["size"] == 20
        page = get(client, "/services", minimal="true")
        assert page["size"] == page["total_items"] == 25
        assert {key for record in page["contents"] for key in record} == {
            "id",
            "name",
            "status",
            "last_modified",
        }

    def test_an_empty_list(self, client):
        SupportService.objects.update(status=SupportService.Status.DRAFT)
        page = get(client, "/services")
        assert (
            page["empty"],
            page["total_items"],
            page["contents"],
            page["first_page"],
            page["last_page"],
        ) == (
            True,
            0,
            [],
            True,
            True,
        )

    def test_ndjson_streams_every_selected_record_without_pages(self, client):
        for n in range(24):
            SupportServiceFactory(slug=f"svc-{n}")
        response = client.get(f"{BASE}/services", {"format": "ndjson", "per_page": "5", "full": "true"})
        assert response.status_code == 200 and response.streaming
        assert response["Content-Type"] == "application/x-ndjson"
        records = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
        assert ids(records) == ids(contents(client, "/services", per_page=100))
        assert records == contents(client, "/services", per_page=100, full="true")
        terms = b"".join(client.get(f"{BASE}/taxonomy_terms", {"format": "NDJSON"}).streaming_content)
        assert len(terms.decode().splitlines()) == 3


# Filters -------------------------------------------------------------------------------------------

LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def catalogue(world):
    """Services that differ by type, population, provider, text and age; names to ids."""
    shelter = ServiceTypeFactory(slug="shelter", name="Shelter")
    children = PopulationFactory(slug="children", name="Children")
    aid = OrganizationFactory(slug="aid", name="Aid Org")
    alpha = SupportServiceFactory(slug="alpha", name="Alpha Shelter", provider=aid)
    alpha.service_types.add(shelter)
    alpha.populations.add(children)
    beta = SupportServiceFactory(slug="beta", name="Beta Shelter", provider=aid)
    beta.service_types.add(shelter)
    gamma = SupportServiceFactory(slug="gamma", name="Gamma Line", provider=world["organization"])
    gamma.populations.add(children)
    SupportService.objects.filter(slug__in=["alpha", "beta"]).update(modified=LONG_AGO)
    services = {svc.slug: hsds.service_id(svc) for svc in (alpha, beta, gamma, world["service"])}
    return {
        "services": services,
        "shelter": hsds.term_id(ServiceType, shelter.pk),
        "populations": hsds.taxonomy_id(Population),
        "aid": hsds.organization_id(aid),
    }


def found(client, **params):
    return set(ids(contents(client, "/services", per_page=100, **params)))


class TestFilters:
    def test_each_filter(self, client, catalogue):
        named = {value: key for key, value in catalogue["services"].items()}
        assert {named[i] for i in found(client, taxonomy_term_id=catalogue["shelter"])} == {"alpha", "beta"}
        populations = found(client, taxonomy_id=catalogue["populations"])
        assert {named[i] for i in populations} == {"alpha", "gamma", "helpline"}
        assert {named[i] for i in found(client, organization_id=catalogue["aid"])} == {"alpha", "beta"}
        assert {named[i] for i in found(client, modified_after="2021-01-01")} == {"gamma", "helpline"}
        assert {named[i] for i in found(client, search="Shelter")} == {"alpha", "beta"}

    def test_filters_combine_with_and(self, client, catalogue):
        filters = {
            "taxonomy_term_id": catalogue["shelter"],
            "taxonomy_id": catalogue["populations"],
            "organization_id": catalogue["aid"],
            "modified_after": "2021-01-01T00:00:00Z",
            "search": "Shelter",
        }
        alone = {name: found(client, **{name: value}) for name, value in filters.items()}
        for first in filters:
            for second in filters:
                both = found(client, **{first: filters[first], second: filters[second]})
                assert both == alone[first] & alone[second], (first, second)
        three = found(
            client,
            taxonomy_term_id=filters["taxonomy_term_id"],
            taxonomy_id=filters["taxonomy_id"],
            search="Shelter",
        )
        assert three == {catalogue["services"]["alpha"]}

    def test_an_id_no_record_has_finds_nothing(self, client, catalogue):
        for name in ("taxonomy_term_id", "taxonomy_id", "organization_id"):
            assert found(client, **{name: NOWHERE}) == set(), name

    def test_filters_apply_to_minimal_and_full_lists_too(self, client, catalogue):
        expected = found(client, organization_id=catalogue["aid"])
        for shape in ("minimal", "full"):
            assert found(client, organization_id=catalogue["aid"], **{shape: "true"}) == expected

    def test_taxonomy_terms_filter_by_taxonomy_parent_and_text(self, client):
        everything = contents(client, "/taxonomy_terms")
        assert [t["code"] for t in everything] == ["hotline", "survivors", "protection"]
        for model in hsds.TAXONOMIES:
            terms = contents(client, "/taxonomy_terms", taxonomy_id=hsds.taxonomy_id(model))
            assert [t["taxonomy_id"] for t in terms] == [hsds.taxonomy_id(model)]
        assert contents(client, "/taxonomy_terms", top_only="true") == everything  # all at the top
        assert contents(client, "/taxonomy_terms", top_only="false") == everything
        assert contents(client, "/taxonomy_terms", parent_id=everything[0]["id"]) == []  # none has a parent
        assert [t["code"] for t in contents(client, "/taxonomy_terms", search="HOT")] == ["hotline"]
        assert [t["name"] for t in contents(client, "/taxonomies", search="popul")] == [
            "Counter-trafficking resource directory: Populations"
        ]

    def test_organizations_filter_by_text(self, client):
        assert [o["name"] for o in contents(client, "/organizations", search="Polaris")] == ["Polaris"]


SOME_ID = str(uuid.uuid4())
BAD_PARAMETERS = [
    ("/services", {"page": "0"}),
    ("/services", {"page": "x"}),
    ("/services", {"page": "9"}),
    ("/services", {"page": "1\x00"}),
    ("/services", {"page": "9" * 5000}),
    ("/services", {"per_page": "0"}),
    ("/services", {"per_page": "-1"}),
    ("/services", {"per_page": "1.5"}),
    ("/services", {"search": "help\x00"}),
    ("/services", {"search": "x" * 201}),
    ("/services", {"taxonomy_term_id": "hotline"}),
    ("/services", {"taxonomy_term_id": "\x00"}),
    ("/services", {"taxonomy_id": ""}),
    ("/services", {"organization_id": "{" + SOME_ID + "}"}),
    ("/services", {"organization_id": SOME_ID.replace("-", "")}),
    ("/services", {"organization_id": "9" * 5000}),
    ("/services", {"modified_after": "yesterday"}),
    ("/services", {"modified_after": "2026-02-30"}),
    ("/services", {"modified_after": "99999-01-01"}),
    ("/services", {"modified_after": "0001-01-01T00:00:00+01:00"}),
    ("/services", {"modified_after": "2026-01-01\x00"}),
    ("/services", {"minimal": "yes"}),
    ("/services", {"full": "2"}),
    ("/services", {"format": "xml"}),
    ("/organizations", {"full_service": "maybe"}),
    ("/organizations", {"full": "\x00"}),
    ("/organizations", {"per_page": "9" * 5000, "page": "2"}),
    ("/taxonomies", {"search": "\x00"}),
    ("/taxonomies", {"per_page": "many"}),
    ("/taxonomy_terms", {"top_only": "perhaps"}),
    ("/taxonomy_terms", {"parent_id": "root"}),
    ("/taxonomy_terms", {"taxonomy_id": "service_types"}),
]


class TestBadRequests:
    @pytest.mark.parametrize(("path", "params"), BAD_PARAMETERS)
    def test_a_bad_parameter_is_a_400_naming_it(self, client, path, params):
        response = client.get(f"{BASE}{path}", params)
        assert response.status_code == 400
        expected = {"page"} if "page" in params else set(params)
        assert set(response.json()) == expected

    def test_minimal_and_full_together_are_a_400(self, client):
        response = client.get(f"{BASE}/services", {"minimal": "true", "full": "true"})
        assert response.status_code == 400 and set(response.json()) == {"minimal"}

    def test_a_bad_parameter_of_a_record_is_a_400(self, client, world):
        response = client.get(
            f"{BASE}/organizations/{hsds.organization_id(world['organization'])}", {"full_service": "x"}
        )
        assert response.status_code == 400 and set(response.json()) == {"full_service"}

    @pytest.mark.parametrize("path", ["/services", "/organizations", "/taxonomies", "/taxonomy_terms"])
    @pytest.mark.parametrize(
        "value", ["nope", NOWHERE, "{" + NOWHERE + "}", NOWHERE.replace("-", ""), "9" * 5000, "a\x00b"]
    )
    def test_an_unknown_id_is_a_404(self, client, path, value):
        response = client.get(f"{BASE}{path}/{value}")
        assert response.status_code == 404

    def test_an_id_in_upper_case_is_the_same_record(self, client, world):
        sid = hsds.service_id(world["service"])
        assert get(client, f"/services/{sid.upper()}")["id"] == sid

    def test_unknown_parameters_are_ignored(self, client):
        assert get(client, "/services", colour="blue") == get(client, "/services")


# Records and ids -------------------------------------------------------------------------------------


class TestRecords:
    def test_a_service_carries_last_modified(self, client, world):
        response = client.get(f"{BASE}/services/{hsds.service_id(world['service'])}")
        assert response["Last-Modified"] and response["ETag"]

    def test_an_organization_lists_its_services_simply_or_in_full(self, client, world):
        polaris = hsds.organization_id(world["organization"])
        simple = get(client, f"/organizations/{polaris}")
        assert simple["services"] == [hsds.service_fields(world["service"])]
        full = get(client, f"/organizations/{polaris}", full_service="true")
        assert full["services"] == [
            {
                key: value
                for key, value in get(client, f"/services/{hsds.service_id(world['service'])}").items()
                if key != "organization"
            }
        ]
        assert [a["taxonomy_term"]["code"] for a in full["attributes"]] == ["protection"]
        assert full["attributes"][0]["link_entity"] == "organization"

    def test_ids_survive_a_rename(self, client, world):
        before = [contents(client, path) for path in ("/services", "/organizations", "/taxonomy_terms")]
        world["organization"].slug, world["organization"].name = "polaris-project", "Polaris Project"
        world["organization"].save()
        world["service"].slug = "helpline-2"
        world["service"].save()
        ServiceType.objects.filter(slug="hotline").update(slug="hotline-2", name="Hotline 2")
        after = [contents(client, path) for path in ("/services", "/organizations", "/taxonomy_terms")]
        assert [ids(records) for records in before] == [ids(records) for records in after]
        assert (
            get(client, f"/organizations/{hsds.organization_id(world['organization'])}")["name"]
            == "Polaris Project"
        )

    def test_taxonomies_are_the_three_vocabularies_with_stable_ids(self, client):
        taxonomies = contents(client, "/taxonomies")
        assert [(t["id"], t["name"].split(": ")[1]) for t in taxonomies] == [
            (hsds.taxonomy_id(ServiceType), "Service types"),
            (hsds.taxonomy_id(Population), "Populations"),
            (hsds.taxonomy_id(FocusArea), "Focus areas"),
        ]
        # Derived as the export has always derived them.
        assert hsds.taxonomy_id(ServiceType) == str(uuid.uuid5(hsds.NAMESPACE, "taxonomy:service_types"))
        for taxonomy in taxonomies:
            assert get(client, f"/taxonomies/{taxonomy['id']}") == taxonomy

    def test_a_service_links_each_term_as_an_attribute(self, client, world):
        record = get(client, f"/services/{hsds.service_id(world['service'])}")
        assert {a["link_type"] for a in record["attributes"]} == {"service_type", "population"}
        for attribute in record["attributes"]:
            assert (attribute["link_id"], attribute["link_entity"]) == (record["id"], "service")
            assert attribute["taxonomy_term_id"] == attribute["taxonomy_term"]["id"]
            assert (
                get(client, f"/taxonomy_terms/{attribute['taxonomy_term_id']}") == attribute["taxonomy_term"]
            )
        hotline = ServiceType.objects.get(slug="hotline")
        assert hsds.term_id(ServiceType, hotline.pk) == str(
            uuid.uuid5(hsds.NAMESPACE, f"taxonomy:service_types:term:{hotline.pk}")
        )

    def test_a_key_far_above_the_rest_is_found_without_indexing_up_to_it(self, client):
        far = OrganizationFactory(pk=2_000_000_000, slug="far", name="Far")
        near = OrganizationFactory(slug="near", name="Near")
        for org in (far, near):
            assert get(client, f"/organizations/{hsds.organization_id(org)}")["name"] == org.name
        index = hsds_views.ORGANIZATION_IDS
        assert index.top < 1_000_000 and len(index.keys) < 1_000_000

    def test_a_record_costs_a_fixed_number_of_queries(self, client, world, django_assert_num_queries):
        service = full_service_fixture()
        sid, oid = hsds.service_id(service), hsds.organization_id(service.provider)
        term = hsds.term_id(Population, Population.objects.get(slug="children").pk)
        # The record and its provider; countries, regions and the three taxonomies' terms.
        for path, params, count in (
            (f"/services/{sid}", {}, 6),
            (f"/organizations/{oid}", {}, 3),  # the record; its services; its focus areas
            (f"/organizations/{oid}", {"full_service": "true"}, 8),
            (f"/taxonomy_terms/{term}", {}, 1),
            (f"/taxonomies/{hsds.taxonomy_id(FocusArea)}", {}, 0),
        ):
            get(client, path, **params)  # the id index is built once per process
            with django_assert_num_queries(count):
                get(client, path, **params)


# Visibility ----------------------------------------------------------------------------------------


@pytest.fixture
def hidden(world):
    """Drafts and archived organizations and services (with a confidential address), and a
    published service whose address is public but is free text."""
    archived = Organization.Status.ARCHIVED
    polaris = world["organization"]
    archived_org = OrganizationFactory(
        slug="archived-org", name="Zeta Archived Org", status=archived, parent=polaris
    )
    archived_service = SupportServiceFactory(
        slug="archived-line",
        name="Zeta Archived Line",
        status=archived,
        provider=polaris,
        address=SECRET_ADDRESS,
        address_is_confidential=True,
    )
    archived_service.service_types.add(ServiceType.objects.get(slug="hotline"))
    orphan = SupportServiceFactory(slug="orphan", name="Orphan Line", provider=world["drafts"][0])
    SupportServiceFactory(
        slug="office", name="Office", address="1 Open Street", address_is_confidential=False
    )
    drafts = [d for d in world["drafts"] if isinstance(d, (Organization, SupportService))]
    return {"records": [archived_org, archived_service, *drafts], "orphan": orphan}


def hsds_id_of(record):
    return hsds.organization_id(record) if isinstance(record, Organization) else hsds.service_id(record)


def every_url(client, hidden):
    """Every endpoint, every shape, every published record, and filters naming hidden records."""
    urls = [f"{BASE}/", f"{BASE}/openapi.json"]
    for path, params, _ in LIST_VARIANTS:
        urls.append((f"{BASE}{path}", params))
        urls.append((f"{BASE}{path}", {**params, "format": "ndjson"}))
    for path in ("/services", "/organizations", "/taxonomies", "/taxonomy_terms"):
        for record in contents(client, path, per_page=100):
            urls.append(f"{BASE}{path}/{record['id']}")
            urls.append((f"{BASE}{path}/{record['id']}", {"full_service": "true"}))
    for record in hidden["records"]:
        urls.append((f"{BASE}/services", {"organization_id": hsds_id_of(record)}))
    return urls


class TestVisibility:
    def test_no_endpoint_shows_a_hidden_record_or_an_address(self, client, hidden):
        hidden_ids = {hsds_id_of(record) for record in hidden["records"]}
        checked = 0
        for url in every_url(client, hidden):
            path, params = url if isinstance(url, tuple) else (url, {})
            response = client.get(path, params)
            assert response.status_code == 200, (path, params)
            body = (b"".join(response.streaming_content) if response.streaming else response.content).decode()
            assert "Zeta" not in body, (path, params)
            assert SECRET_ADDRESS not in body and "1 Open Street" not in body, (path, params)
            assert not hidden_ids & set(
                every_id(
                    json.loads(body)
                    if not response.streaming
                    else [json.loads(line) for line in body.splitlines()]
                )
            ), (path, params)
            checked += 1
        assert checked > 30

    def test_a_hidden_record_is_a_404(self, client, hidden):
        for record in hidden["records"]:
            path = "organizations" if isinstance(record, Organization) else "services"
            assert client.get(f"{BASE}/{path}/{hsds_id_of(record)}").status_code == 404, record.slug
            assert (
                client.get(f"{BASE}/{path}/{hsds_id_of(record)}", {"full_service": "true"}).status_code == 404
            )

    def test_an_organization_holds_only_its_published_services(self, client, world, hidden):
        polaris = get(
            client, f"/organizations/{hsds.organization_id(world['organization'])}", full_service="true"
        )
        assert ids(polaris["services"]) == [hsds.service_id(world["service"])]
        # The world's two, and the public address's provider; not the orphan's draft one.
        assert len(contents(client, "/organizations", full="true")) == 3

    def test_a_service_of_a_hidden_provider_names_none(self, client, hidden):
        record = get(client, f"/services/{hsds.service_id(hidden['orphan'])}")
        assert "organization_id" not in record and "organization" not in record
        provider = hidden["orphan"].provider
        assert found(client, organization_id=hsds.organization_id(provider)) == set()


# The export under /api/v1/hsds/ --------------------------------------------------------------------


class TestTheExportUnderV1:
    """The export (/api/v1/hsds/..., resources/api/hsds.py) keeps working beside the API, with
    the same ids and the same objects (less the nested organization)."""

    def test_has_the_same_records_and_objects(self, client):
        full_service_fixture()
        old = client.get("/api/v1/hsds/services/").json()["contents"]
        new = contents(client, "/services", full="true")
        assert old == [
            {key: value for key, value in record.items() if key != "organization"} for record in new
        ]
        old_organizations = client.get("/api/v1/hsds/organizations/").json()["contents"]
        assert old_organizations == contents(client, "/organizations")


# Page cache ----------------------------------------------------------------------------------------


def test_answers_are_kept_under_their_own_parameters_only(client, settings):
    from django.core.cache import cache

    from pagecache.middleware import CACHE_HEADER

    settings.PAGE_CACHE_SECONDS = 3600
    cache.clear()
    try:
        assert client.get(f"{BASE}/services", {"colour": "blue"}).get(CACHE_HEADER) is None
        for path, params in (
            (
                "/services",
                {
                    "page": "1",
                    "per_page": "5",
                    "search": "help",
                    "full": "true",
                    "modified_after": "2020-01-01",
                },
            ),
            (
                "/services",
                {"minimal": "true", "format": "json", "taxonomy_id": NOWHERE, "organization_id": NOWHERE},
            ),
            ("/organizations", {"full": "true", "full_service": "false", "search": "polaris"}),
            ("/taxonomy_terms", {"top_only": "true", "parent_id": NOWHERE, "taxonomy_id": NOWHERE}),
            ("/", {}),
        ):
            assert client.get(f"{BASE}{path}", params).get(CACHE_HEADER) == "miss", path
            assert client.get(f"{BASE}{path}", params).get(CACHE_HEADER) == "hit", path
    finally:
        cache.clear()


# Conformance to the official description ----------------------------------------------------------


def official_description():
    """The official description, its schemas read from the vendored copies rather than fetched."""
    text = spec.OPENAPI.read_text(encoding="utf-8")
    return json.loads(text.replace(spec.UPSTREAM, SCHEMA_DIR.as_uri() + "/"))


OFFICIAL = schemathesis.openapi.from_dict(official_description())
OFFICIAL.app = application
OFFICIAL.config.update(base_url=f"http://localhost{BASE}")
OFFICIAL.config.generation.update(max_examples=EXAMPLES_PER_OPERATION, allow_x00=True)
IMPLEMENTED = OFFICIAL.include(path=list(spec.PATHS))
OPERATIONS = [result.ok() for result in IMPLEMENTED.get_all_operations()]
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def wsgi():
    # Requests go straight to the WSGI application, so Django's request signals fire;
    # like its test client, keep them from closing the test's connection (which would end
    # the transaction the test data lives in).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_description_is_read_with_no_fetch_and_covers_the_api():
    assert spec.UPSTREAM in spec.OPENAPI.read_text()
    assert spec.UPSTREAM not in json.dumps(official_description())
    assert sorted(operation.path for operation in OPERATIONS) == sorted(spec.PATHS)


def real_requests(world, service):
    """(path, path parameters, query) of requests that find records."""
    sid, polaris = hsds.service_id(world["service"]), hsds.organization_id(world["organization"])
    hotline = hsds.term_id(ServiceType, ServiceType.objects.get(slug="hotline").pk)
    listed = [
        ("/", {}, {}),
        ("/services", {}, {}),
        ("/services", {}, {"full": "true", "per_page": 1, "page": 2}),
        ("/services", {}, {"minimal": "true"}),
        (
            "/services",
            {},
            {
                "search": "Helpline",
                "taxonomy_term_id": hotline,
                "taxonomy_id": hsds.taxonomy_id(ServiceType),
                "organization_id": polaris,
                "modified_after": "2020-01-01T00:00:00Z",
                "format": "json",
            },
        ),
        ("/services/{id}", {"id": sid}, {}),
        ("/services/{id}", {"id": hsds.service_id(service)}, {}),
        ("/organizations", {}, {}),
        ("/organizations", {}, {"full": "true"}),
        ("/organizations", {}, {"full_service": "true", "search": "Polaris"}),
        ("/organizations/{id}", {"id": polaris}, {}),
        ("/organizations/{id}", {"id": polaris}, {"full_service": "true"}),
        ("/taxonomies", {}, {}),
        ("/taxonomies/{id}", {"id": hsds.taxonomy_id(FocusArea)}, {}),
        ("/taxonomy_terms", {}, {"taxonomy_id": hsds.taxonomy_id(ServiceType), "top_only": "true"}),
        ("/taxonomy_terms/{id}", {"id": hotline}, {}),
    ]
    return listed


def test_the_served_description_leads_a_client_here(client):
    served = schemathesis.openapi.from_dict(client.get(f"{BASE}/openapi.json").json())
    assert sorted(result.ok().path for result in served.get_all_operations()) == sorted(spec.PATHS)
    assert served.base_path.rstrip("/") == "/api/hsds"  # from `servers`


@pytest.mark.slow
def test_real_answers_conform_to_the_official_description(world, wsgi):
    service = full_service_fixture()
    requests = real_requests(world, service)
    assert {path for path, _, _ in requests} == set(spec.PATHS)
    for path, path_parameters, query in requests:
        case = IMPLEMENTED[path]["GET"].Case(path_parameters=path_parameters, query=query)
        response = case.call()
        assert response.status_code == 200, (path, path_parameters, query, response.text[:300])
        case.validate_response(response, checks=CHECKS)
        assert json.loads(response.text) != {}


def test_a_nonconforming_answer_would_be_caught(world, wsgi):
    """The check is not vacuous: the root's answer is no service."""
    case = IMPLEMENTED["/services/{id}"]["GET"].Case(
        path_parameters={"id": hsds.service_id(world["service"])}
    )
    response = IMPLEMENTED["/"]["GET"].Case().call()
    with pytest.raises(FailureGroup, match="Response violates schema"):
        case.validate_response(response, checks=[response_schema_conformance])


@pytest.mark.fuzz
@pytest.mark.parametrize("operation", OPERATIONS, ids=[operation.label for operation in OPERATIONS])
def test_generated_requests_conform_to_the_official_description(operation, world, wsgi):
    calls = Counter()

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def fuzz(case):
        calls[case.operation.label] += 1
        case.call_and_validate(checks=CHECKS)

    fuzz()
    # An operation without parameters has few distinct inputs: every one it has is enough.
    # Most generated requests are refused (a page of -3) or find nothing (a generated id):
    # answers with records are the real requests' test above.
    if list(operation.iter_parameters()):
        assert calls[operation.label] >= EXAMPLES_PER_OPERATION
