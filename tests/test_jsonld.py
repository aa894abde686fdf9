"""schema.org JSON-LD and "Cite this record" on the detail pages."""

import json
import re

import pytest

from resources.jsonld import script
from resources.models import Organization, SupportService
from tests.builders import SECRET_ADDRESS
from tests.factories import CitationFactory, OrganizationFactory, SourceFactory, SupportServiceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]
SCRIPT_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld(client, url):
    html = client.get(url).content.decode()
    scripts = SCRIPT_RE.findall(html)
    assert len(scripts) == 1, url
    assert html.index(scripts[0]) < html.index("</head>")
    return json.loads(scripts[0])


@pytest.mark.parametrize(
    ("url", "page_type", "entity_type"),
    [
        ("/organizations/polaris/", "WebPage", "NGO"),
        ("/organizations/unodc/", "WebPage", "Organization"),
        ("/instruments/protocol/", "WebPage", "Legislation"),
        ("/strategies/asean-plan/", "WebPage", "CreativeWork"),
        ("/services/helpline/", "WebPage", "Service"),
    ],
)
def test_every_detail_page_describes_its_record(world, client, url, page_type, entity_type):
    data = jsonld(client, url)
    assert data["@context"] == "https://schema.org"
    assert (data["@type"], data["mainEntity"]["@type"]) == (page_type, entity_type)
    assert data["url"] == data["mainEntity"]["url"] == f"http://testserver{url}"
    assert data["dateModified"]
    html = client.get(url).content.decode()
    assert f'<link rel="canonical" href="{url}">' in html


def test_citations_are_quotations_from_their_source_and_corrections_are_left_out(world, client):
    data = jsonld(client, "/organizations/polaris/")
    assert data["citation"] == [
        {
            "@type": "Quotation",
            "text": "Polaris is an NGO that operates a national hotline",
            "url": data["citation"][0]["url"],
            "isPartOf": {
                "@type": "CreativeWork",
                "name": "A document",
                "url": "http://testserver/sources/doc/",
            },
        }
    ]
    assert data["citation"][0]["url"].startswith("http://testserver/sources/doc/#citation-")
    assert data["lastReviewed"] == "2001-01-01"
    assert data["mainEntity"]["alternateName"] == ["PLRS"]
    assert data["mainEntity"]["foundingDate"] == "2002"


def test_related_records_are_named_only_when_published(world, client):
    data = jsonld(client, "/strategies/asean-plan/")
    assert [org["name"] for org in data["mainEntity"]["creator"]] == ["UNODC"]
    Organization.objects.filter(slug="unodc").update(status="draft")
    data = jsonld(client, "/strategies/asean-plan/")
    assert "creator" not in data["mainEntity"]
    assert "Zeta" not in json.dumps(jsonld(client, "/organizations/polaris/"))


def test_a_service_gives_its_channels_and_never_a_confidential_address(world, client):
    entity = jsonld(client, "/services/helpline/")["mainEntity"]
    assert entity["provider"] == {
        "@type": "NGO",
        "name": "Polaris",
        "url": "http://testserver/organizations/polaris/",
    }
    assert entity["serviceType"] == ["Hotline"]
    assert entity["availableChannel"]["servicePhone"]["telephone"] == "+18883737888"
    assert "serviceLocation" not in entity["availableChannel"]
    assert SECRET_ADDRESS not in json.dumps(entity)
    SupportService.objects.filter(slug="helpline").update(address_is_confidential=False)
    entity = jsonld(client, "/services/helpline/")["mainEntity"]
    assert entity["availableChannel"]["serviceLocation"]["address"] == SECRET_ADDRESS


def test_a_government_provider_makes_a_government_service(client):
    ministry = OrganizationFactory(slug="ministry", kind="government")
    SupportServiceFactory(slug="line", provider=ministry)
    entity = jsonld(client, "/services/line/")["mainEntity"]
    assert entity["@type"] == "GovernmentService"
    assert entity["provider"]["@type"] == "GovernmentOrganization"


def test_empty_fields_are_left_out_not_invented(client):
    OrganizationFactory(slug="bare", name="Bare")
    entity = jsonld(client, "/organizations/bare/")
    assert "lastReviewed" not in entity and "citation" not in entity
    assert set(entity["mainEntity"]) == {"@type", "@id", "name", "description", "url"}


def test_markup_in_the_data_cannot_escape_the_script_element(client):
    hostile = "</script><script>alert(1)</script> & <!-- <b>"
    source = SourceFactory(text=f"It says {hostile} here.")
    org = OrganizationFactory(slug="hostile", name=hostile, summary=hostile)
    CitationFactory(entry=org, source=source, quote=hostile)
    html = client.get("/organizations/hostile/").content.decode()
    (raw,) = SCRIPT_RE.findall(html)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    data = json.loads(raw)
    assert data["name"] == data["mainEntity"]["description"] == data["citation"][0]["text"] == hostile
    assert (
        str(script({"a": "</script>"}))
        == '<script type="application/ld+json">{"a": "\\u003C/script\\u003E"}</script>'
    )


def test_cite_this_record_gives_title_permanent_address_and_verification(world, client):
    html = client.get("/organizations/polaris/").content.decode()
    section = re.search(r'<section aria-labelledby="cite-heading".*?</section>', html, re.S).group()
    assert "Cite this record" in section
    assert "“Polaris.” Organization, Counter-trafficking resource directory." in section
    assert (
        '<a href="http://testserver/organizations/polaris/">http://testserver/organizations/polaris/</a>'
        in section
    )
    assert 'Last verified <time datetime="2001-01-01">1 January 2001</time>' in section
    html = client.get("/instruments/protocol/").content.decode()
    assert "Not yet verified by staff" in html


def test_the_cited_address_survives_a_rename(world, client):
    polaris = Organization.objects.get(slug="polaris")
    polaris.slug = "polaris-project"
    polaris.save()
    response = client.get("/organizations/polaris/", follow=True)
    assert response.redirect_chain == [("/organizations/polaris-project/", 301)]
    assert "http://testserver/organizations/polaris-project/" in response.content.decode()
