"""Phone and SMS numbers: stored in one normal form, shown the way people dial them.

A number is stored as E.164 ("+18883737888"), which dials from anywhere, or,
for a short code that works only inside its country (an SMS short code, a
three-digit helpline), as its digits ("233733"). What a person types (a
national number with spaces and dashes, an international one with "00")
becomes that form in ``normalize()``, checked by libphonenumber (the
phonenumbers package) against the countries the service covers. The model's
validator, ``validate_stored()``, refuses anything else, so a fixture or an
API client cannot store a number in another shape.
"""

import re
from functools import lru_cache

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from phonenumbers import PhoneNumberFormat, shortnumberinfo

# The service fields that hold numbers.
PHONE_FIELDS = ("phone", "sms")

SHORT_CODE_RE = re.compile(r"[0-9]{2,8}")
E164_RE = re.compile(r"\+[1-9][0-9]{6,14}")
# What people put between digits.
SEPARATORS_RE = re.compile(r"[\s.\-/()]+")


def is_short_code(value):
    return bool(SHORT_CODE_RE.fullmatch(value))


def validate_stored(value):
    """A stored number is E.164 of a valid number, or a short code's digits."""
    if not value or is_short_code(value):
        return
    if E164_RE.fullmatch(value):
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(value, None)):
                return
        except phonenumbers.NumberParseException:
            pass
    raise ValidationError(
        gettext(
            "Store a number in E.164 form (+ and the country code, digits only) or a short code's digits."
        ),
        code="phone_form",
    )


def normalize(raw, regions):
    """The stored form of ``raw`` as a person typed it, or a ValidationError that says why not.

    ``regions`` are the ISO codes of the countries the service covers: a national
    number or a short code is valid only in a country, so it is checked in each of
    them. With none (a global service), only an international number can be checked.
    """
    raw = (raw or "").strip()
    if not raw:
        return ""
    compact = SEPARATORS_RE.sub("", raw)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if not re.fullmatch(r"\+?[0-9]+", compact):
        raise ValidationError(
            gettext("“%(number)s” is not a phone number: use digits, spaces and dashes only.")
            % {"number": raw},
            code="phone",
        )
    if compact.startswith("+"):
        number = _parse(compact, None)
        if number is not None and phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, PhoneNumberFormat.E164)
        raise ValidationError(
            gettext("“%(number)s” is not a valid international number.") % {"number": raw}, code="phone"
        )
    if not regions:
        raise ValidationError(
            gettext(
                "“%(number)s” has no country code, and the service names no country: "
                "write it with + and its country code."
            )
            % {"number": raw},
            code="phone",
        )
    for region in sorted(regions):
        number = _parse(compact, region)
        if number is None:
            continue
        if phonenumbers.is_valid_number_for_region(number, region):
            return phonenumbers.format_number(number, PhoneNumberFormat.E164)
        if is_short_code(compact) and shortnumberinfo.is_valid_short_number_for_region(number, region):
            return compact
    names = ", ".join(sorted(regions))
    raise ValidationError(
        gettext(
            # Translators: "countries" is a list of ISO country codes, such as "TH, VN".
            "“%(number)s” is not a valid phone number or short code in %(countries)s. "
            "Check it, or write it with + and its country code."
        )
        % {"number": raw, "countries": names},
        code="phone",
    )


def clean_number_fields(form, cleaned_data, regions, as_left):
    """Each number field of ``form`` in its stored form, or the field's error added.

    ``as_left`` maps each number field to its stored value followed by the other ways the
    form showed it: a value left as it was stays as stored, unchecked (a short code whose
    country was since removed is not the concern of an edit of another field).
    """
    for name, (stored, *shown) in as_left.items():
        if name not in cleaned_data or name in form.errors:
            continue
        if cleaned_data[name] in (stored, *shown):
            cleaned_data[name] = stored
            continue
        try:
            cleaned_data[name] = normalize(cleaned_data[name], regions)
        except ValidationError as error:
            form.add_error(name, error)


def _parse(value, region):
    try:
        return phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None


# A help section shows each number three ways, and every help section the same few numbers:
# parsing one takes some 50 µs, so each stored number is formatted once per process.
@lru_cache(maxsize=4096)
def display(value):
    """A stored number as it is written in its own country: "(888) 373-7888"."""
    if not value or is_short_code(value):
        return value or ""
    number = _parse(value, None)
    if number is None:
        return value
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)


@lru_cache(maxsize=4096)
def display_international(value):
    """A stored number as dialled from abroad: "+1 888-373-7888" (a short code has no such form)."""
    if not value or is_short_code(value):
        return ""
    number = _parse(value, None)
    return value if number is None else phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
