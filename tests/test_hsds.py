"""The Open Referral HSDS 3.0 export: valid against the official schemas, stable ids, published only."""

import datetime
import hashlib
import json
import uuid

import pytest

from resources import hsds
from resources.models import Organization, SupportService
from resources.readmodel import changes
from tests.builders import SECRET_ADDRESS
from tests.factories import OrganizationFactory, PopulationFactory, SupportServiceFactory
from tests.hsds_checks import PACKAGE, SCHEMAS, assert_valid, package, validator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]
ORGANIZATIONS = "/api/v1/hsds/organizations/"
SERVICES = "/api/v1/hsds/services/"


def every_id(value):
    """Every value of an ``id`` or ``*_id`` key, however deep."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "id" or key.endswith("_id"):
                yield item
            else:
                yield from every_id(item)
    elif isinstance(value, list):
        for item in value:
            yield from every_id(item)


def contents(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()["contents"]


class TestValidity:
    def test_the_schemas_do_reject_a_bad_record(self):
        errors = {e.message for e in validator("service").iter_errors({"id": "nope", "status": "open"})}
        assert "'name' is a required property" in errors
        assert any("'open' is not one of" in message for message in errors)
        assert any("is not a 'uuid'" in message for message in errors)

    def test_organizations_are_valid_hsds(self, world, client):
        records = contents(client, ORGANIZATIONS)
        assert len(records) == 2
        for record in records:
            assert_valid("organization", record)
            assert_valid("organization_list", record)

    def test_services_are_valid_hsds(self, world, client):
        (record,) = contents(client, SERVICES)
        assert_valid("service", record)
        assert_valid("service_list", record)

    def test_a_full_service_is_valid_too(self, client):
        provider = OrganizationFactory(slug="ministry", kind="government", website="https://example.org/")
        service = SupportServiceFactory(
            slug="full",
            provider=provider,
            description="Longer text.",
            website="https://example.org/line",
            email="help@example.org",
            phone="+1 555 0100",
            sms="555",
            hours="9-5",
            is_24_7=True,
            languages="English and Thai",
            cost="Free",
            eligibility="Anyone.",
            last_verified="2026-01-02",
        )
        service.populations.add(PopulationFactory(slug="children", name="Children", description=""))
        (record,) = [r for r in contents(client, SERVICES) if r["id"] == hsds.service_id(service)]
        assert_valid("service", record)
        assert record["assured_date"] == "2026-01-02"
        assert record["phones"][1]["type"] == "text"
        assert record["schedules"][0]["description"] == "Open 24/7; 9-5"
        assert record["languages"] == [
            {"id": record["languages"][0]["id"], "service_id": record["id"], "note": "English and Thai"}
        ]
        assert record["attributes"][0]["taxonomy_term"]["description"] == ""
        assert record["organization_id"] == hsds.organization_id(provider)

    def test_every_id_is_a_uuid_and_unique(self, world, client):
        records = contents(client, ORGANIZATIONS) + contents(client, SERVICES)
        for value in every_id(records):
            assert str(uuid.UUID(value)) == value
        own = [r["id"] for r in records]
        own += [
            sub["id"]
            for r in records
            for key in ("phones", "service_areas", "attributes")
            for sub in r.get(key, [])
        ]
        assert len(own) == len(set(own))


class TestMapping:
    def test_a_service_links_its_provider_types_areas_and_phones(self, world, client):
        (record,) = contents(client, SERVICES)
        polaris = Organization.objects.get(slug="polaris")
        assert record["organization_id"] == hsds.organization_id(polaris)
        assert record["status"] == "active"
        assert [p["number"] for p in record["phones"]] == ["+18883737888", "233733"]
        assert [a["name"] for a in record["service_areas"]] == ["Thailand"]
        assert record["service_areas"][0]["uri"] == "http://testserver/countries/th/"
        terms = {a["link_type"]: a["taxonomy_term"]["name"] for a in record["attributes"]}
        assert terms == {"service_type": "Hotline", "population": "Survivors"}

    def test_an_organization_links_its_published_parent(self, world, client):
        records = {r["name"]: r for r in contents(client, ORGANIZATIONS)}
        assert records["UNODC"]["parent_organization_id"] == records["Polaris"]["id"]
        assert records["Polaris"]["year_incorporated"] == 2002
        assert records["Polaris"]["alternate_name"] == "PLRS"
        assert records["Polaris"]["uri"] == "http://testserver/organizations/polaris/"

    def test_ids_survive_a_rename_and_a_second_export(self, world, client):
        before = contents(client, ORGANIZATIONS) + contents(client, SERVICES)
        polaris = Organization.objects.get(slug="polaris")
        polaris.slug, polaris.name = "polaris-project", "Polaris Project"
        polaris.save()
        after = contents(client, ORGANIZATIONS) + contents(client, SERVICES)
        assert [r["id"] for r in before] == [r["id"] for r in after]
        assert sorted(every_id(before)) == sorted(every_id(after))

    def test_empty_fields_are_left_out(self, client):
        bare = OrganizationFactory(slug="bare", summary="Bare.")
        (record,) = [r for r in contents(client, ORGANIZATIONS) if r["id"] == hsds.organization_id(bare)]
        assert set(record) == {"id", "name", "description", "uri"}


class TestPublishedOnly:
    def test_drafts_and_archived_records_never_appear(self, world, client):
        exported = json.dumps(contents(client, ORGANIZATIONS) + contents(client, SERVICES))
        archive = package(client)
        exported += archive.read("organizations.json").decode() + archive.read("services.json").decode()
        assert "Zeta" not in exported and "draft" not in exported
        draft_ids = {hsds.organization_id(d) for d in world["drafts"] if isinstance(d, Organization)}
        draft_ids |= {hsds.service_id(d) for d in world["drafts"] if isinstance(d, SupportService)}
        assert not draft_ids & set(every_id(json.loads(archive.read("services.json"))))

    def test_an_unpublished_provider_is_not_linked(self, world, client):
        Organization.objects.filter(slug="polaris").update(status="draft")
        (record,) = contents(client, SERVICES)
        assert "organization_id" not in record

    def test_no_address_is_ever_exported(self, world, client):
        SupportServiceFactory(slug="office", address="1 Open Street", address_is_confidential=False)
        SupportService.objects.filter(slug="helpline").update(address_is_confidential=True)
        archive = package(client)
        everything = json.dumps(contents(client, SERVICES)) + "".join(
            archive.read(name).decode() for name in archive.namelist()
        )
        assert SECRET_ADDRESS not in everything
        assert "1 Open Street" not in everything


class TestPaging:
    def test_pages_as_hsds_api_pages(self, client):
        for n in range(3):  # and the world's two
            OrganizationFactory(slug=f"org-{n}")
        page = client.get(ORGANIZATIONS, {"per_page": 2, "page": 2}).json()
        assert {k: v for k, v in page.items() if k != "contents"} == {
            "total_items": 5,
            "total_pages": 3,
            "page_number": 2,
            "size": 2,
            "first_page": False,
            "last_page": False,
            "empty": False,
        }
        last = client.get(ORGANIZATIONS, {"per_page": 2, "page": 3}).json()
        assert (last["size"], last["last_page"]) == (1, True)
        assert client.get(ORGANIZATIONS, {"per_page": 1000}).json()["size"] == 5

    def test_an_empty_list(self, client):
        SupportService.objects.update(status="draft")
        page = client.get(SERVICES).json()
        assert (page["empty"], page["total_items"], page["contents"], page["first_page"]) == (
            True,
            0,
            [],
            True,
        )

    @pytest.mark.parametrize(
        "params",
        [
            {"page": "0"},
            {"page": "x"},
            {"page": "9"},
            {"per_page": "0"},
            {"per_page": "-1"},
            {"page": "1\x00"},
            {"page": "9" * 4400},
        ],
    )
    def test_bad_parameters_are_a_400_naming_them(self, client, params):
        OrganizationFactory()
        response = client.get(ORGANIZATIONS, params)
        assert response.status_code == 400
        assert set(response.json()) == set(params)

    def test_a_per_page_of_any_length_is_capped(self, client):
        assert client.get(ORGANIZATIONS, {"per_page": "9" * 4400}).status_code == 200

    def test_lists_carry_last_modified_and_revalidate(self, world, client):
        response = client.get(SERVICES)
        assert response["Last-Modified"] and response["ETag"]
        again = client.get(SERVICES, headers={"If-None-Match": response["ETag"]})
        assert again.status_code == 304


class TestPublicValidators:
    def test_editing_a_draft_changes_no_public_header_or_date(self, world, client):
        long_ago = datetime.datetime(2020, 5, 1, tzinfo=datetime.UTC)
        for model in (Organization, SupportService):
            model.objects.update(modified=long_ago)
            model.history.update(history_date=long_ago)
        changes.rebuild()  # an update() passes the read model by
        before = {url: client.get(url) for url in (ORGANIZATIONS, SERVICES, PACKAGE)}
        for draft in world["drafts"]:
            draft.summary = "A staff edit nobody outside can see."
            draft.save()
        for url, response in before.items():
            again = client.get(url)
            assert again["Last-Modified"] == response["Last-Modified"], url
            assert again.get("ETag") == response.get("ETag"), url
            assert again.content == response.content, url
        descriptor = json.loads(package(client).read("datapackage.json"))
        assert descriptor["created"] == long_ago.isoformat()


class TestDataPackage:
    def test_holds_the_files_a_descriptor_and_the_attribution(self, world, client):
        archive = package(client)
        assert sorted(archive.namelist()) == [
            "README.md",
            "datapackage.json",
            "organizations.json",
            "services.json",
        ]
        descriptor = json.loads(archive.read("datapackage.json"))
        assert descriptor["profile"] == "data-package"
        for resource in descriptor["resources"]:
            content = archive.read(resource["path"])
            assert resource["bytes"] == len(content)
            assert resource["hash"] == f"sha256:{hashlib.sha256(content).hexdigest()}"
        readme = archive.read("README.md").decode()
        assert "Human Services Data Specification: an Open Referral resource" in readme
        assert "Attribution Share-Alike 4.0" in readme

    def test_its_records_are_valid_and_the_same_as_the_api(self, world, client):
        archive = package(client)
        organizations = json.loads(archive.read("organizations.json"))
        services = json.loads(archive.read("services.json"))
        for record in organizations:
            assert_valid("organization", record)
        for record in services:
            assert_valid("service", record)
        assert organizations == contents(client, ORGANIZATIONS)
        assert services == contents(client, SERVICES)

    def test_the_same_data_gives_the_same_bytes(self, world, client):
        assert client.get(PACKAGE).content == client.get(PACKAGE).content

    def test_robots_txt_keeps_crawlers_off_it(self, client):
        assert f"Disallow: {PACKAGE}" in client.get("/robots.txt").content.decode().splitlines()


def test_the_vendored_schemas_are_the_official_ones_unmodified():
    # sha256 of schema/compiled/*.json in the HSDS 3.0 specification.
    expected = {
        "organization.json": "e429ffe3b585da12da10b75cf30dfc0a67ef96b34f5e1b21141a2b627ca28119",
        "organization_list.json": "0305c7ef394a29c91ac2dae1725ac0d31140343c2241417a482c5eb0f831dbeb",
        "service.json": "5cd7c2ecb5776947e437a4d5b9656f9a80db56bef3ad49f5bb142d49dbe66156",
        "service_list.json": "251cc879b756b1a444c5c95ff45887e09363e3fd7ad9d8691a1131b3ecd4ff4e",
    }
    for name, digest in expected.items():
        assert hashlib.sha256((SCHEMAS / name).read_bytes()).hexdigest() == digest, name
    assert "Attribution Share-Alike 4.0" in (SCHEMAS / "LICENSE").read_text()
