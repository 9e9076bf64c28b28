"""Reading single cells: each parser returns the value or raises ValueError with the message."""

import functools
import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from directory.models import Organisation
from directory.text import fold as fold_text
from netzwerk.lib.fuzzydates import FuzzyDate

SEPARATOR = ";"

# A file repeats the same competences, sectors and networks thousands of times.
fold = functools.lru_cache(maxsize=65536)(fold_text)
_POSTCODE = re.compile(r"^\d{5}$")
_url = URLValidator(schemes=["http", "https"])


def split_list(text: str) -> list[str]:
    """ "a; b;;c " -> ["a", "b", "c"], each once (first spelling wins)."""
    seen, items = set(), []
    for item in text.split(SEPARATOR):
        item = " ".join(item.split())
        key = fold(item)
        if item and key not in seen:
            seen.add(key)
            items.append(item)
    return items


def limited(text: str, max_length: int) -> str:
    if len(text) > max_length:
        raise ValueError(_("Höchstens %(max)s Zeichen (hier %(length)s).") % {"max": max_length, "length": len(text)})
    return text


_KIND_WORDS = {
    "unternehmen": Organisation.Kind.FIRM,
    "firma": Organisation.Kind.FIRM,
    "netzwerk": Organisation.Kind.NETWORK,
    "verband": Organisation.Kind.NETWORK,
    "kammer": Organisation.Kind.CHAMBER,
    "forschung": Organisation.Kind.RESEARCH,
    "hochschule": Organisation.Kind.RESEARCH,
    "sonstige": Organisation.Kind.OTHER,
}
_KINDS = {
    **_KIND_WORDS,
    **{fold(value): value for value in Organisation.Kind.values},
    **{fold(label): value for value, label in Organisation.Kind.choices},
}


def kind(text: str) -> str:
    try:
        return _KINDS[fold(text)]
    except KeyError:
        raise ValueError(
            _("Unbekannte Art „%(value)s“. Erlaubt sind: %(allowed)s.")
            % {"value": text, "allowed": ", ".join(Organisation.Kind.values)}
        ) from None


def website(text: str) -> tuple[str, str]:
    """The address (https:// added where no scheme is given) and its domain without www."""
    url = text if "://" in text else f"https://{text}"
    try:
        _url(url)
    except ValidationError:
        raise ValueError(_("„%(value)s“ ist keine gültige Web-Adresse.") % {"value": text}) from None
    return limited(url, 300), domain_of(url)


def domain_of(url: str) -> str:
    """The host name of a web address, lower case and without a leading www. ("" if none)."""
    if not url:
        return ""
    host = urlsplit(url if "://" in url else f"https://{url}").hostname or ""
    return host.removeprefix("www.")


def email(text: str) -> str:
    try:
        validate_email(text)
    except ValidationError:
        raise ValueError(_("„%(value)s“ ist keine gültige E-Mail-Adresse.") % {"value": text}) from None
    return limited(text, 254)


def postcode(text: str) -> str:
    # Spreadsheets store 01067 as the number 1067: Saxony's postcodes lose their leading zero.
    # A number never begins with 0, so four digits that do ("0106") are a postcode missing a
    # digit, not one that lost its zero: padding them made "00106", which no place has (German
    # postcodes begin at 01), and published it. That is an error, not a guess.
    if re.fullmatch(r"[1-9]\d{3}", text):
        text = f"0{text}"
    if not _POSTCODE.match(text) or text.startswith("00"):
        raise ValueError(_("„%(value)s“ ist keine Postleitzahl (fünf Ziffern).") % {"value": text})
    return text


def founded(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text) or not 1000 <= int(text) <= 2100:
        raise ValueError(_("„%(value)s“ ist kein Gründungsjahr (vierstellig, 1000–2100).") % {"value": text})
    return int(text)


_BANDS = [(9, "1-9"), (49, "10-49"), (249, "50-249"), (999, "250-999")]


def employees(text: str) -> str:
    """A band ("10-49", "10–49 Beschäftigte", "1000+") or a head count (37 -> "10-49")."""
    value = re.sub(r"\s+|beschäftigte|mitarbeiter(innen)?", "", text.lower()).replace("–", "-")
    if value in Organisation.EmployeeBand.values:
        return value
    if value.isdigit() and int(value) > 0:
        count = int(value)
        return next((band for top, band in _BANDS if count <= top), "1000+")
    raise ValueError(
        _("„%(value)s“ ist keine Beschäftigtenzahl. Erlaubt sind eine Zahl oder %(allowed)s.")
        % {"value": text, "allowed": ", ".join(Organisation.EmployeeBand.values)}
    )


def member_since(text: str) -> FuzzyDate:
    return FuzzyDate.parse(text)


def source_url(text: str) -> str:
    try:
        _url(text)
    except ValidationError:
        raise ValueError(_("„%(value)s“ ist keine gültige Web-Adresse.") % {"value": text}) from None
    return limited(text, 500)
