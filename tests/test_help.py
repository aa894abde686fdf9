"""Help first: a country's help section, the home page's help box and country picker, the
printable help sheet, and phone numbers as data (resources/help.py, resources/phones.py)."""

import phonenumbers
import pytest
from django.core.exceptions import ValidationError

from resources import phones
from resources.models import Country, Organization, SupportService
from resources.seeding import FixtureError, seed
from tests.admin_forms import admin_url, form_data
from tests.factories import (
    CountryFactory,
    OrganizationFactory,
    RegionFactory,
    SupportServiceFactory,
    make_publishable,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def text(response):
    return response.content.decode()


def help_section(html):
    """The country page's help section: from its heading to "What applies"."""
    return html[html.index('id="get-help"') : html.index('id="what-applies"')]


@pytest.fixture
def more_services(world):
    """Beside the world's national helpline: a regional and a global service a victim can
    contact, and a tool for professionals covering Thailand."""
    regional = SupportServiceFactory(slug="asean-line", name="ASEAN Line", website="https://asean.example")
    regional.regions.add(world["region"])
    SupportServiceFactory(slug="global-aid", name="Global Aid", contact_url="https://aid.example/contact")
    tool = SupportServiceFactory(slug="finder", name="Finder Tool", open_to_victims=False)
    tool.countries.add(world["thailand"])
    return world


# The country page ------------------------------------------------------------------------


def test_country_page_opens_with_help_nearest_first(client, more_services):
    html = text(client.get("/countries/th/"))
    section = help_section(html)
    assert html.index('id="get-help"') < html.index('id="organization"')
    order = [section.index(name) for name in ("Helpline", "ASEAN Line", "Global Aid")]
    assert order == sorted(order)
    for label in ("In this country", "Covering the region", "Worldwide"):
        assert label in section
    # Every way to reach a service is a link a phone can follow.
    assert 'href="tel:+18883737888"' in section and 'href="sms:233733"' in section
    assert 'href="https://asean.example"' in section and 'href="https://aid.example/contact"' in section
    assert "No national service" not in section


def test_a_regional_entry_says_through_which_region_it_applies(client, more_services):
    # Tagged with a region that holds Thailand and one that does not: the country page
    # names the one through which it applies there.
    europe = RegionFactory(slug="europe", name="Europe", kind="continent")
    SupportService.objects.get(slug="asean-line").regions.add(europe)
    OrganizationFactory(slug="two-regions", name="Two Regions").regions.add(europe, more_services["region"])
    html = text(client.get("/countries/th/"))
    line = help_section(html).split("ASEAN Line", 1)[1].split('class="meta">', 1)[1].split("</p>", 1)[0]
    region = more_services["region"]
    assert region.name in line and "Europe" not in line
    row = html[html.index('id="what-applies"') :].split("Two Regions", 1)[1].split("</li>", 1)[0]
    assert f'via <a href="/regions/{region.slug}/">{region.name}</a>' in row and "Europe" not in row


def test_long_groups_show_the_nearest_first_and_link_the_rest(client, world):
    # Thirty worldwide services and twenty-five global organizations: a phone shows the
    # first of each group, by name, and links the whole list.
    for number in range(30):
        SupportServiceFactory(slug=f"line-{number:02}", name=f"Worldwide line {number:02}")
    for number in range(25):
        OrganizationFactory(slug=f"org-{number:02}", name=f"Aaa global {number:02}")
    html = text(client.get("/countries/th/"))
    section = help_section(html)
    assert "Helpline" in section  # the national one comes first, whatever its name
    assert "Worldwide line 09" in section and "Worldwide line 10" not in section
    assert 'href="/services/?country=TH">All 31 services that cover Thailand</a>' in section
    rest = html[html.index('id="what-applies"') :]
    assert "Aaa global 09" in rest and "Aaa global 10" not in rest
    everywhere = Organization.objects.published().count()  # all global, providers included
    assert f"The first 10 of {everywhere}, by name." in rest
    assert f'href="/organizations/?country=TH">All {everywhere} organizations for Thailand' in rest


def test_a_service_victims_cannot_contact_is_kept_out_of_help(client, more_services):
    html = text(client.get("/countries/th/"))
    assert "Finder Tool" not in help_section(html)
    # It is still in the directory for the country, said for what it is.
    rest = html[html.index('id="what-applies"') :]
    assert "Finder Tool" in rest and "Services for professionals" in rest
    assert "Finder Tool" not in text(client.get("/?country=th"))
    assert "Finder Tool" not in text(client.get("/countries/th/print/"))
    page = text(client.get("/services/finder/"))
    assert "Not victims or the public" in page


def test_a_service_opened_to_victims_moves_into_help(client, more_services):
    finder = SupportService.objects.get(slug="finder")
    finder.open_to_victims = True
    finder.save()
    html = text(client.get("/countries/th/"))
    assert "Finder Tool" in help_section(html)
    assert "Services for professionals" not in html[html.index('id="what-applies"') :]


def test_a_country_without_a_national_service_says_so_and_offers_a_suggestion(client, world):
    laos = CountryFactory(code="LA", region=world["region"])
    section = help_section(text(client.get("/countries/la/")))
    assert f"No national service in {laos.name} is listed yet" in section.replace("&#x27;", "'")
    assert 'href="/suggest/listing/?kind=service"' in section
    assert "Helpline" not in section  # Thailand's national line does not cover Laos


def test_suggest_a_service_starts_the_listing_form_on_the_kind(client):
    html = text(client.get("/suggest/listing/?kind=service"))
    assert '<option value="service" selected>' in html
    assert '<option value="service" selected>' not in text(client.get("/suggest/listing/?kind=nonsense"))


# The home page ---------------------------------------------------------------------------


def test_home_picker_is_a_plain_get_form_of_every_country(client):
    html = text(client.get("/"))
    form = html[html.index('class="country-picker"') :]
    form = form[: form.index("</form>")]
    assert 'method="get"' in html[html.index('class="country-picker"') - 60 :][:200]
    assert '<select id="id_country" name="country"' in form
    assert form.count("<option") == Country.objects.count() + 1
    assert "<script" not in form


@pytest.mark.parametrize("code", ["th", "TH"])
def test_home_with_a_country_shows_its_help(client, code):
    Country.objects.filter(code="TH").update(emergency_numbers=["191", "1669"])
    response = client.get("/", {"country": code})
    html = text(response)
    assert response.status_code == 200
    box = html[html.index('class="help-box"') : html.index('class="lead"')]
    assert "Get help in Thailand" in box
    assert '<a href="tel:191">191</a>' in box and 'href="tel:+18883737888"' in box
    assert 'href="/countries/th/"' in box and 'href="/countries/th/print/"' in box
    assert '<option value="TH" selected>' in box


@pytest.mark.parametrize("code", ["ZZ", "x", "THA", "<b>", "t\u0130"])
def test_home_with_an_unknown_country_is_a_form_error(client, code):
    response = client.get("/", {"country": code})
    assert response.status_code == 400
    html = text(response)
    assert 'id="id_country-error"' in html and 'aria-invalid="true"' in html
    assert "<b>" not in html.split('class="help-box"')[1][:2000]


def test_home_help_comes_before_everything_else(client):
    html = text(client.get("/"))
    main = html[html.index('<main id="main"') :]
    assert main.index('class="help-box"') < main.index('class="lead"') < main.index('role="search"')


# The printable sheet ---------------------------------------------------------------------


def test_print_sheet_holds_the_help_and_nothing_else(client):
    Country.objects.filter(code="TH").update(emergency_numbers=["191"])
    response = client.get("/countries/th/print/")
    html = text(response)
    assert response.status_code == 200
    assert "Help in Thailand" in html and '<a href="tel:191">191</a>' in html
    assert "(888) 373-7888" in html and "233733" in html
    assert "print-sheet.css" in html and "site.css" not in html
    assert 'aria-label="Main"' not in html  # no navigation
    assert 'id="quick-exit"' in html  # on screen; the browser tests check it is not on paper
    assert "http://testserver/countries/th/" in html  # the page it came from, written out


def test_print_sheet_addresses_behave_like_the_country_page(client):
    assert client.get("/countries/TH/print/").status_code == 301
    assert client.get("/countries/zz/print/").status_code == 404
    assert client.get("/countries/tha/print/").status_code == 404


# Phone numbers ---------------------------------------------------------------------------

US_TOLL_FREE = phonenumbers.format_number(
    phonenumbers.example_number_for_type("US", phonenumbers.PhoneNumberType.TOLL_FREE),
    phonenumbers.PhoneNumberFormat.E164,
)
GB_EXAMPLE = phonenumbers.example_number("GB")


@pytest.mark.parametrize(
    "typed,regions,stored",
    [
        ("", ["US"], ""),
        ("1-888-373-7888", ["US"], "+18883737888"),
        ("(888) 373 7888", ["US"], "+18883737888"),
        ("+1 888 373 7888", [], "+18883737888"),
        ("001 888 373 7888", [], "+18883737888"),
        ("233733", ["US"], "233733"),  # an SMS short code stays a short code
        ("1669", ["TH", "US"], "1669"),  # a short number of one of the countries
        (phonenumbers.format_number(GB_EXAMPLE, phonenumbers.PhoneNumberFormat.NATIONAL), ["GB"], None),
    ],
)
def test_a_typed_number_is_stored_normalized(typed, regions, stored):
    if stored is None:  # libphonenumber's own example number for the country
        stored = phonenumbers.format_number(GB_EXAMPLE, phonenumbers.PhoneNumberFormat.E164)
    assert phones.normalize(typed, regions) == stored
    phones.validate_stored(stored)


@pytest.mark.parametrize(
    "typed,regions,reason",
    [
        ("call us", ["US"], "digits"),
        ("12", ["US"], "not a valid phone number or short code in US"),
        ("+1 555", [], "not a valid international number"),
        ("555 0100", [], "no country code"),
        ("1-888-373-7888", ["TH"], "in TH"),
    ],
)
def test_a_bad_number_is_refused_with_the_reason(typed, regions, reason):
    with pytest.raises(ValidationError) as error:
        phones.normalize(typed, regions)
    assert reason in " ".join(error.value.messages)


@pytest.mark.parametrize("value", ["1-888-373-7888", "+1 888 373 7888", "+1555", "phone", "123456789"])
def test_only_the_normal_form_can_be_stored(value):
    with pytest.raises(ValidationError):
        phones.validate_stored(value)


def test_numbers_are_shown_as_written_in_their_country_and_dialled_in_full():
    assert phones.display("+18883737888") == "(888) 373-7888"
    assert phones.display_international("+18883737888") == "+1 888-373-7888"
    assert phones.display("233733") == "233733" and phones.display_international("233733") == ""
    assert phones.display(US_TOLL_FREE) != US_TOLL_FREE


def test_admin_stores_a_typed_number_normalized_and_refuses_a_bad_one(admin_client, world):
    service = make_publishable(world["service"], phone=world["service"].phone)
    url = admin_url(SupportService, "change", service.pk)
    response = admin_client.post(url, form_data(admin_client.get(url), sms="not a number"))
    assert response.status_code == 200  # the form again, with the error
    assert "sms" in response.context["adminform"].form.errors
    service.refresh_from_db()
    assert service.sms == "233733"
    # Thailand's short number 1669, typed for a service that covers Thailand.
    response = admin_client.post(url, form_data(admin_client.get(url), phone="1669"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    service.refresh_from_db()
    assert service.phone == "1669"


def test_correction_form_refuses_a_bad_number_and_stores_a_good_one_normalized(client, world):
    service = world["service"]
    page = text(client.get("/suggest/service/helpline/"))
    assert 'value="+1 888-373-7888"' in page  # the current number, as dialled from abroad
    data = {
        "name": service.name,
        "summary": service.summary,
        "phone": "+1 888-373-7888",
        "sms": "1-2-3 go",
        "explanation": "Their website.",
        "contact": "",
        "homepage": "",
    }
    response = client.post("/suggest/service/helpline/", data)
    assert response.status_code == 400
    assert 'id="id_sms-error"' in text(response)


def test_a_fixture_number_not_in_normal_form_aborts_the_seed(fixtures_dir):
    service = {"slug": "line", "name": "Line", "summary": "Answers.", "countries": ["TH"]}
    with pytest.raises(FixtureError) as error:
        seed(fixtures_dir({"services.json": [{**service, "phone": "1-888-373-7888"}]}))
    assert "services.json" in str(error.value) and "'line'" in str(error.value)
    assert "phone" in str(error.value)
    assert not SupportService.objects.filter(slug="line").exists()
    seed(fixtures_dir({"services.json": [{**service, "phone": "+18883737888", "sms": "233733"}]}))
    assert SupportService.objects.get(slug="line").phone == "+18883737888"


# Empty results ---------------------------------------------------------------------------


def test_an_empty_list_says_why_and_offers_the_next_step(client):
    response = client.get("/services/", {"country": "TH", "population": "survivors", "q": "zzz"})
    assert response.status_code == 200
    html = text(response)
    empty = html[html.index('class="no-results"') :]
    empty = empty[: empty.index("</section>")]
    # Each filter that narrowed it, with a link that drops it and keeps the others.
    assert 'href="/services/?country=TH&amp;population=survivors">Without “Search: zzz”' in empty
    assert 'href="/services/?population=survivors&amp;q=zzz">Without “Country: Thailand”' in empty
    assert 'href="/services/">Without any filter' in empty
    # The country's help, and a way to add what is missing.
    assert 'href="/countries/th/#get-help"' in empty and "Emergency numbers in Thailand" in empty
    assert 'href="/suggest/listing/?kind=service"' in empty


def test_an_empty_search_offers_help_and_a_suggestion(client):
    html = text(client.get("/search/", {"q": "qqqqzzzz"}))
    empty = html[html.index('class="no-results"') :]
    assert 'href="/#help-heading"' in empty and 'href="/suggest/listing/"' in empty


# The map on a phone ----------------------------------------------------------------------


def test_map_offers_tiles_of_the_countries_with_more_than_the_global(client):
    html = text(client.get("/explore/map/"))
    tiles = html[html.index('class="map-tiles"') :]
    tiles = tiles[: tiles.index("</div>")]
    # Thailand has national and regional entries; a country with only global ones has no tile.
    assert 'href="/countries/th/"' in tiles and "Thailand" in tiles
    assert tiles.count("<li>") == 1
