"""German and English: the /en/ prefix, the language switch, the catalogues, dates and names
per language, and caches that keep the languages apart.

German is unprefixed and the default; English lives under /en/ with the same paths. The
msgids are the German texts, so locale/de only has to exist and locale/en translates them.
"""

import ast
import datetime
import gettext
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy

from directory.filters import OrganisationFilter, cache_key
from directory.models import Organisation
from events.models import Event, Participation
from netzwerk.lib.fuzzydates import FuzzyDate, format_period
from tests.factories import (
    cite,
    make_competence,
    make_event,
    make_membership,
    make_network,
    make_organisation,
    make_participation,
    make_person,
    make_position,
    make_region,
    make_sector,
    make_series,
    make_source,
)

LOCALE = Path(settings.BASE_DIR) / "locale"


# The catalogues ------------------------------------------------------------------------------


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a dict by plural index)
    and flags. Enough of the format for makemessages' output; no gettext tools needed."""
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            finish()
            entry, field = None, None
            continue
        if entry is None:
            entry = {"msgstr": {}, "flags": set()}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$', line):
            key, index, text = match[1], match[2], ast.literal_eval(match[3])
            if key == "msgstr":
                field = ("msgstr", int(index or 0))
                entry["msgstr"][field[1]] = text
            else:
                field = (key, None)
                entry[key] = text
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += text
            else:
                entry[field[0]] += text
    finish()
    return [e for e in entries if e["msgid"]]  # without the header


def catalogue(language: str) -> list[dict]:
    return read_po(LOCALE / language / "LC_MESSAGES" / "django.po")


def compiled(language: str) -> gettext.GNUTranslations:
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        return gettext.GNUTranslations(mo)


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)s|\{\w+\}", text))


@pytest.mark.smoke
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_compiled_catalogues_are_up_to_date_with_the_po_files(language):
    # Run `manage.py compilemessages` after editing a .po file (README, "Translations").
    entries, mo = catalogue(language), compiled(language)

    for entry in entries:
        context, msgid = entry.get("msgctxt"), entry["msgid"]
        if "msgid_plural" in entry:
            for n, index in ((1, 0), (2, 1)):
                expected = entry["msgstr"][index] or (msgid if n == 1 else entry["msgid_plural"])
                if context:
                    got = mo.npgettext(context, msgid, entry["msgid_plural"], n)
                else:
                    got = mo.ngettext(msgid, entry["msgid_plural"], n)
                assert got == expected, (msgid, n)
        else:
            expected = entry["msgstr"][0] or msgid
            got = mo.pgettext(context, msgid) if context else mo.gettext(msgid)
            assert got == expected, msgid
    # Nothing in the .mo that the .po no longer has (a removed or reworded message).
    keys = {key if isinstance(key, str) else key[0] for key in mo._catalog if key != ""}
    translated = {
        (f"{e['msgctxt']}\x04{e['msgid']}" if e.get("msgctxt") else e["msgid"])
        for e in entries
        if any(e["msgstr"].values())
    }
    assert keys == translated


@pytest.mark.smoke
def test_every_english_message_is_translated_and_none_is_fuzzy():
    entries = catalogue("en")

    assert len(entries) > 400
    untranslated = [
        e["msgid"]
        for e in entries
        if not all(e["msgstr"].values()) or len(e["msgstr"]) < (2 if "msgid_plural" in e else 1)
    ]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.smoke
def test_english_translations_keep_every_placeholder():
    for entry in catalogue("en"):
        sources = [entry["msgid"], entry.get("msgid_plural", entry["msgid"])]
        for index, text in entry["msgstr"].items():
            source = sources[min(index, 1)]
            # A singular may say "the former member" without the number; nothing else may drop one.
            expected = placeholders(source) - ({"%(counter)s"} if index == 0 and "msgid_plural" in entry else set())
            assert expected <= placeholders(text), (entry["msgid"], text)
            assert placeholders(text) <= placeholders(source), (entry["msgid"], text)


@pytest.mark.smoke
def test_the_german_catalogue_has_the_same_messages_and_leaves_them_as_they_are():
    german, english = catalogue("de"), catalogue("en")

    assert {(e.get("msgctxt"), e["msgid"]) for e in german} == {(e.get("msgctxt"), e["msgid"]) for e in english}
    assert all(not any(e["msgstr"].values()) for e in german)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="makemessages needs gettext")
def test_the_catalogues_hold_every_marked_string_of_the_code(tmp_path):
    """What `makemessages` would find is what the catalogues hold (README, "Translations").

    Runs makemessages on a copy of the project, so the working tree is left alone."""
    root = Path(settings.BASE_DIR)
    ignore = shutil.ignore_patterns("__pycache__", "data", "*.pyc")
    for name in ("netzwerk", "directory", "events", "templates", "locale"):
        shutil.copytree(root / name, tmp_path / name, ignore=ignore)
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=tmp_path,
        env=environment,
        check=True,
        capture_output=True,
    )

    def messages(path):
        return {(e.get("msgctxt"), e["msgid"], e.get("msgid_plural")) for e in read_po(path)}

    found = messages(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po")
    held = messages(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    assert sorted(found - held, key=str) == [], "run makemessages (README, Translations)"
    assert sorted(held - found, key=str) == [], "run makemessages (README, Translations)"


# Dates and names ------------------------------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("language", "day", "month", "since", "until"),
    [
        ("de", "24. September 2019", "März 2017", "seit 2016", "bis März 2019"),
        ("en", "24 September 2019", "March 2017", "since 2016", "until March 2019"),
    ],
)
def test_fuzzy_dates_read_in_the_active_language(language, day, month, since, until):
    with translation.override(language):
        assert str(FuzzyDate.parse("24.09.2019")) == day
        assert str(FuzzyDate.parse("März 2017")) == month
        assert str(FuzzyDate.parse("2016")) == "2016"
        assert format_period(FuzzyDate.parse("2016"), None) == since
        assert format_period(None, FuzzyDate.parse("März 2019")) == until


@pytest.mark.smoke
@pytest.mark.parametrize("language", ["de", "en"])
def test_a_fuzzy_date_goes_into_a_form_as_it_is_typed_and_reads_back(language):
    with translation.override(language):
        for text in ("2016", "März 2016", "24.09.2019"):
            value = FuzzyDate.parse(text)
            assert FuzzyDate.parse(value.as_input()) == value
            assert FuzzyDate.parse(str(value)) == value
    assert FuzzyDate.parse("24.09.2019").as_input() == "24.09.2019"


@pytest.mark.smoke
def test_a_bad_date_is_refused_in_the_active_language():
    with translation.override("en"), pytest.raises(ValueError, match="is not a date"):
        FuzzyDate.parse("soon")
    with pytest.raises(ValueError, match="ist kein Datum"):
        FuzzyDate.parse("soon")


@pytest.mark.django_db
def test_competences_and_sectors_show_their_english_name_in_english_and_the_german_one_without():
    drehen = make_competence(name="Drehen", name_en="Turning")
    glas = make_competence(name="Glas")
    sector = make_sector(name="Feinmechanik", name_en="Precision engineering")

    assert [c.display_name for c in (drehen, glas, sector)] == ["Drehen", "Glas", "Feinmechanik"]
    with translation.override("en"):
        assert [c.display_name for c in (drehen, glas, sector)] == ["Turning", "Glas", "Precision engineering"]


# Pages -----------------------------------------------------------------------------------------


@pytest.fixture
def site(db):
    """A small atlas with something on every page type; no content uses interface phrases."""
    saxony = make_region(name="Sachsen", slug="sachsen")
    source = make_source(
        title="Feinmechaniker präsentieren sich", slug="feinmechaniker", published_date=datetime.date(2019, 9, 24)
    )
    turning = make_competence(name="Drehen", slug="drehen", name_en="Turning")
    sector = make_sector(name="Feinmechanik", slug="feinmechanik", name_en="Precision engineering")
    network = make_network(name="Impro Verband", short_name="Impro", slug="impro", region=saxony, city="Dresden")
    firm = make_organisation(
        name="Feinwerk Geising GmbH",
        slug="feinwerk",
        region=saxony,
        city="Geising",
        employees=Organisation.EmployeeBand.SMALL,
    )
    firm.competences.add(turning)
    firm.sectors.add(sector)
    network.sectors.add(sector)
    cite(make_membership(organisation=firm, network=network, start="2016"), source)
    chair = make_person(name="Christoph Herbrig", slug="herbrig")
    cite(make_position(person=chair, organisation=network, role="Vorsitzender", start="März 2017"), source)
    series = make_series(name="Impro-Stammtisch", slug="stammtisch")
    meeting = make_event(
        title="Zulieferkonferenz",
        slug="zulieferkonferenz",
        start="24.09.2019",
        city="Dresden",
        region=saxony,
        series=series,
    )
    cite(meeting, source)
    make_participation(event=meeting, organisation=network, role=Participation.Role.ORGANISER)
    make_participation(
        event=meeting,
        person=chair,
        organisation=network,
        role=Participation.Role.SPEAKER,
        talk_title="Impro stellt sich vor",
    )
    vague = make_event(title="Frühjahrsmesse", slug="fruehjahrsmesse", start="März 2017", kind=Event.Kind.FAIR)
    return {
        "network": network,
        "firm": firm,
        "person": chair,
        "event": meeting,
        "vague": vague,
        "series": series,
        "source": source,
    }


PAGES = [
    "/",
    "/firmen/",
    "/organisationen/",
    "/organisationen/feinwerk/",
    "/netzwerke/",
    "/netzwerke/impro/",
    "/personen/herbrig/",
    "/quellen/",
    "/quellen/feinmechaniker/",
    "/kompetenzen/",
    "/veranstaltungen/",
    "/veranstaltungen/zulieferkonferenz/",
    "/veranstaltungen/reihen/stammtisch/",
    "/veranstaltungen/fruehjahrsmesse/kalender.ics",
    # The cooperation graph, its path finder (empty and with an answer), a correction form and the
    # accessibility statement; the organisation page above carries the ego network.
    "/kooperationen/",
    "/kooperationen/?netzwerk=impro",
    "/kooperationen/pfad/",
    "/kooperationen/pfad/?von=feinwerk&nach=impro",
    "/korrektur/organisation/feinwerk/",
    "/korrektur/netzwerk/impro/",
    "/barrierefreiheit/",
]
NAVIGATION = {
    "de": ["Firmen", "Netzwerke", "Veranstaltungen", "Quellen", "Zum Inhalt springen"],
    "en": ["Firms", "Networks", "Events", "Sources", "Skip to content"],
}


def interface_phrases() -> list[str]:
    """German interface sentences and phrases the English catalogue translates differently: none
    may be left on an English page. Single words and texts with placeholders or markup are left
    out, as they could be names or data."""
    phrases = []
    for entry in catalogue("en"):
        msgid = entry["msgid"]
        if " " in msgid and len(msgid) >= 10 and not re.search(r"%\(|\{|<|\"", msgid) and entry["msgstr"][0] != msgid:
            phrases.append(msgid)
    return phrases


def visible(response) -> str:
    """The page as a reader meets it: text and attribute values, JSON data blocks left out."""
    text = re.sub(r"<script\b.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(text)


# Everyday German words no English interface text has and the fixture's content avoids, to
# catch interface text nobody marked for translation.
GERMAN_WORDS = re.compile(
    r"\b(und|der|die|das|nicht|mit|für|oder|eine?|ist|sind|zum|zur|den|dem|auf|aus|noch|wird|"
    r"Seite|Zurück|Weiter|Keine|Alle|Suche|Suchen|Filter anwenden)\b"
)


# "3. December 2026": a German date pattern with an English month name.
GERMAN_DATE_IN_ENGLISH = re.compile(
    r"\b\d{1,2}\.\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


def reader_text(response) -> str:
    """What a reader sees or hears: the text, and the attributes that are read out or shown."""
    page = re.sub(r"<script\b.*?</script>", " ", response.content.decode(), flags=re.S)
    said = re.findall(r'(?:aria-label|title|placeholder|alt|content)="([^"]*)"', page)
    return html.unescape(" ".join([re.sub(r"<[^>]+>", " ", page), *said]))


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_german_without_a_prefix_and_english_under_en(client, site, path):
    german = client.get(path)
    english = client.get("/en" + path)

    expected = 404 if path.endswith(".ics") else 200  # an event known only to the month has no entry
    assert german.status_code == english.status_code == expected
    assert '<html lang="de">' in german.text
    assert '<html lang="en">' in english.text
    for word in NAVIGATION["de"]:
        assert word in german.text
        assert f">{word}<" not in english.text or word in NAVIGATION["en"]
    for word in NAVIGATION["en"]:
        assert word in english.text
    page = visible(english)
    leftovers = [phrase for phrase in interface_phrases() if phrase in page]
    assert leftovers == []
    assert GERMAN_WORDS.findall(reader_text(english)) == []
    assert GERMAN_WORDS.findall(reader_text(german))  # the check can see German
    assert GERMAN_DATE_IN_ENGLISH.findall(reader_text(english)) == []


def test_an_unknown_page_answers_404_in_both_languages(client, db):
    german = client.get("/gibt-es-nicht/")
    english = client.get("/en/gibt-es-nicht/")

    assert german.status_code == english.status_code == 404
    assert "Diese Seite gibt es nicht" in german.text
    assert "This page does not exist" in english.text
    # The switch leads to the other language's home page, there being no such page.
    assert 'href="/en/" hreflang="en"' in german.text
    assert 'href="/" hreflang="de"' in english.text


def test_an_unknown_language_prefix_is_a_404_not_a_500(client, db):
    for path in ("/fr/firmen/", "/de/firmen/", "/EN/firmen/", "/en-gb/firmen/", "/en/admin/"):
        assert client.get(path).status_code == 404, path


def test_a_browser_asking_for_english_still_gets_german_without_the_prefix(client, db):
    response = client.get("/firmen/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    cookie = client.get("/firmen/", HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=en")

    assert '<html lang="de">' in response.text
    assert '<html lang="de">' in cookie.text


def test_public_pages_do_not_vary_by_accept_language_but_the_admin_does(client, admin_client, site):
    for path in ("/firmen/", "/en/firmen/", "/netzwerke/impro/"):
        response = client.get(path)
        assert "accept-language" not in response.get("Vary", "").lower(), path
        assert response["Content-Language"] == ("en" if path.startswith("/en/") else "de")
    assert "X-Requested-With" in client.get("/firmen/")["Vary"]
    assert "accept-language" in admin_client.get("/admin/")["Vary"].lower()


def test_dates_are_written_per_language(client, site):
    german = client.get("/veranstaltungen/zulieferkonferenz/").text
    english = client.get("/en/veranstaltungen/zulieferkonferenz/").text
    assert "24. September 2019" in german
    assert "24 September 2019" in english and "24. September 2019" not in english

    german = client.get("/personen/herbrig/").text
    english = client.get("/en/personen/herbrig/").text
    assert "seit März 2017" in german
    assert "since March 2017" in english

    english = client.get("/en/veranstaltungen/fruehjahrsmesse/").text
    assert "March 2017" in english and "März 2017" not in english


def test_the_imprint_and_privacy_notice_give_their_date_in_the_pages_language(client, db):
    # Regression: /en/impressum/ said "Stand der Seite: 3. December 2026".
    from directory.models import SitePage
    from tests.test_operator_pages import ensure_site_pages

    ensure_site_pages()
    SitePage.objects.update(updated=datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC))

    for path in ("/impressum/", "/datenschutz/"):
        german, english = client.get(path).text, client.get("/en" + path).text
        assert "3. Dezember 2026" in german
        assert "3 December 2026" in english
        assert GERMAN_DATE_IN_ENGLISH.findall(english) == []


def test_competence_and_sector_names_are_english_on_english_pages(client, site):
    for path in ("/firmen/", "/organisationen/feinwerk/", "/kompetenzen/"):
        german, english = client.get(path).text, client.get("/en" + path).text
        assert ">Drehen<" in german or "> Drehen" in german, path
        assert "Turning" in english, path
    assert "Precision engineering" in client.get("/en/organisationen/feinwerk/").text
    assert "Precision engineering" in client.get("/en/netzwerke/").text
    facet = client.get("/en/firmen/").context["facets"]["kompetenz"]
    assert [option["name"] for option in facet] == ["Turning"]
    chips = client.get("/en/firmen/", {"kompetenz": "drehen"}).context["chips"]
    assert [chip["label"] for chip in chips] == ["Competence: Turning"]


def test_competences_read_in_the_order_of_the_names_shown(client, db):
    field = make_competence(name="Zerspanung", slug="zerspanung", name_en="Machining")
    make_competence(name="Bohren", slug="bohren", name_en="Drilling", parent=field)
    make_competence(name="Drehen", slug="drehen", name_en="Turning", parent=field)
    make_competence(name="Schleifen", slug="schleifen", name_en="Grinding", parent=field)
    make_competence(name="Glas", slug="glas", name_en="Glass")

    def order(path):
        fields = client.get(path).context["fields"]
        return [(entry["field"].display_name, [c.display_name for c in entry["competences"]]) for entry in fields]

    assert order("/kompetenzen/") == [("Glas", []), ("Zerspanung", ["Bohren", "Drehen", "Schleifen"])]
    assert order("/en/kompetenzen/") == [("Glass", []), ("Machining", ["Drilling", "Grinding", "Turning"])]


@pytest.mark.smoke
def test_large_counts_are_grouped_per_language():
    page = {"count": 12345, "noun": (gettext_lazy("Firma"), gettext_lazy("Firmen")), "page": None}

    assert "12.345 Firmen" in render_to_string("directory/listing_partial.html", page)
    with translation.override("en"):
        assert "12,345 Firms" in render_to_string("directory/listing_partial.html", page)


def test_choice_labels_and_messages_are_english_on_english_pages(client, site):
    english = client.get("/en/firmen/", {"groesse": "riesig", "seite": "x", "sort": "zufall"})

    assert english.context["messages_"] == [
        "There is no such size band; this filter is left out.",
        "There is no such sort order; sorting by name.",
        "The page number is not a number; showing page 1.",
    ]
    assert "10–49 employees" in english.text
    events = client.get("/en/veranstaltungen/", {"jahr": "zwanzig"})
    assert events.context["messages"] == ["Please give a year, for example 2019."]
    assert "Conference" in events.text and "Trade fair / festival" in events.text


def test_exports_and_feeds_are_the_same_data_in_both_languages(client, site):
    for path in (
        "/firmen/?format=csv",
        "/firmen/?format=json",
        "/veranstaltungen/?format=csv",
        "/veranstaltungen/?format=json",
        "/veranstaltungen/kalender.ics",
        "/veranstaltungen/netzwerke/impro/kalender.ics",
    ):
        german = (
            b"".join(client.get(path).streaming_content) if path.endswith(("csv", "json")) else client.get(path).content
        )
        english = client.get("/en" + path)
        english = b"".join(english.streaming_content) if path.endswith(("csv", "json")) else english.content
        assert german == english, path
        assert b"/en/" not in english, path
    # The cooperation graph's JSON and downloads are data too (German readings in both).
    for path in (
        "/kooperationen/graph.json",
        "/kooperationen/graph.gexf",
        "/kooperationen/graph.graphml",
        "/kooperationen/kanten.csv",
        "/organisationen/feinwerk/kooperationen.json",
        "/kooperationen/pfad/?von=feinwerk&nach=impro&format=json",
    ):
        german, english = client.get(path), client.get("/en" + path)
        assert german.status_code == english.status_code == 200, path
        assert german.content == english.content, path
        assert b"/en/" not in english.content, path
        assert "ist Mitglied in" in german.content.decode(), path


# The language switch ---------------------------------------------------------------------------


def switch_links(response) -> dict[str, str]:
    """The language switch's links: {language: href}."""
    found = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+" data-language-prefix', response.text)
    return {language: href for href, language in found}


def test_the_switch_links_to_the_same_page_with_the_same_filters(client, site):
    german = client.get("/firmen/", {"q": "Feinwerk", "region": "sachsen", "kompetenz": "drehen"})
    english = client.get("/en/firmen/", {"q": "Feinwerk", "region": "sachsen", "kompetenz": "drehen"})

    assert switch_links(german) == {"en": "/en/firmen/?q=Feinwerk&amp;region=sachsen&amp;kompetenz=drehen"}
    assert switch_links(english) == {"de": "/firmen/?q=Feinwerk&amp;region=sachsen&amp;kompetenz=drehen"}
    assert '<span aria-current="true" lang="de"' in german.text
    assert '<span aria-current="true" lang="en"' in english.text


def test_every_page_has_hreflang_alternates_for_both_languages_and_a_default(client, site):
    response = client.get("/en/netzwerke/impro/", {"stand": "2019-01-01"})

    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', response.text))
    assert alternates == {
        "de": "http://testserver/netzwerke/impro/?stand=2019-01-01",
        "en": "http://testserver/en/netzwerke/impro/?stand=2019-01-01",
        "x-default": "http://testserver/netzwerke/impro/?stand=2019-01-01",
    }


def test_set_language_sets_the_cookie_and_goes_to_the_page_in_that_language(client, site):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/firmen/?q=Feinwerk&region=sachsen"})

    assert response.status_code == 302
    assert response["Location"] == "/en/firmen/?q=Feinwerk&region=sachsen"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    back = client.post("/i18n/setlang/", {"language": "de", "next": "/en/netzwerke/impro/"})
    assert back["Location"] == "/netzwerke/impro/"
    assert back.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"


@pytest.mark.parametrize(
    "data",
    [
        {"language": "xx", "next": "/firmen/"},
        {"language": "", "next": "/firmen/"},
        {"language": "en" * 500, "next": "/firmen/"},
        {"language": "../../etc", "next": "/firmen/"},
        {"next": "/firmen/"},
        {"language": "en", "next": "https://elsewhere.example/"},
        {"language": "en", "next": "//elsewhere.example/"},
        {"language": "en", "next": "/gibt-es-nicht/"},
        {"language": "en", "next": "\x00"},
        {"language": ["en", "de"]},
    ],
)
def test_set_language_with_bad_values_redirects_safely_and_never_errs(client, db, data):
    response = client.post("/i18n/setlang/", data)

    assert response.status_code == 302
    assert not response["Location"].startswith(("http", "//"))
    cookie = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    assert cookie is None or cookie.value in ("de", "en")


def test_set_language_by_get_changes_nothing(client, db):
    response = client.get("/i18n/setlang/", {"language": "en", "next": "/firmen/"})

    assert response.status_code in (302, 405)
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_admin_speaks_the_language_of_the_cookie_or_the_browser(admin_client):
    assert "Verzeichnis pflegen" in admin_client.get("/admin/").text
    assert "Maintain the directory" in admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").text
    admin_client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    page = admin_client.get("/admin/directory/organisation/add/").text
    assert "Maintain the directory" not in page  # not the index
    assert "Short name" in page and "Editorial note" in page and "Kurzname" not in page


def test_every_admin_page_works_in_english(admin_client, admin_user, rf, site):
    from django.contrib import admin
    from django.urls import reverse

    request = rf.get("/admin/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls = [reverse("admin:%s_%s_changelist" % info)]
        # Some models forbid adding even to a superuser on purpose (login attempts are only
        # recorded, correction requests only come from the public form): their add page is a 403.
        if model_admin.has_add_permission(request):
            urls.append(reverse("admin:%s_%s_add" % info))
        for url in urls:
            response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            assert response.status_code == 200, url
            assert '<html lang="en"' in response.text, url
    page = admin_client.get(reverse("admin:directory_membership_changelist"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "As of" in page and "current" in page and "Period" in page


def test_the_admin_tools_speak_english(admin_client, site):
    from django.urls import reverse

    paths = [
        reverse(name)
        for name in (
            "data-quality",
            "admin:directory_organisation_import",
            "admin:directory_organisation_duplicates",
            "admin:directory_organisation_deleted",
        )
    ]
    paths.append(reverse("admin:directory_organisation_merge") + f"?keep={site['firm'].pk}&remove={site['network'].pk}")
    for path in paths:
        response = admin_client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, path
        assert '<html lang="en"' in response.text, path
        page = visible(response)
        assert [phrase for phrase in interface_phrases() if phrase in page] == [], path


# Caches ----------------------------------------------------------------------------------------
# Committed data (transactional_db): a transaction that has written never uses the cache.


def test_a_cache_key_names_the_language():
    filterset = OrganisationFilter({}, queryset=Organisation.objects.firms())
    filterset.membership_day = lambda: datetime.date(2020, 1, 1)
    with translation.override("de"):
        german = cache_key(filterset, "branche", None)
    with translation.override("en"):
        english = cache_key(filterset, "branche", None)
    assert german != english


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("path", "german", "english"),
    [
        ("/firmen/", ["Drehen", "10–49 Beschäftigte"], ["Turning", "10–49 employees"]),
        ("/organisationen/", ["Netzwerk / Verband", "Drehen"], ["Network / association", "Turning"]),
        ("/netzwerke/impro/", ["Drehen"], ["Turning"]),
        ("/veranstaltungen/", ["Konferenz", "Messe / Festival"], ["Conference", "Trade fair / festival"]),
        ("/kompetenzen/", ["Drehen"], ["Turning"]),
        ("/kooperationen/", ["ist Mitglied in", "Mitgliedschaft"], ["is a member of", "Membership"]),
        ("/organisationen/feinwerk/", ["ist Mitglied in"], ["is a member of"]),
    ],
)
def test_cached_pages_keep_the_languages_apart(client, path, german, english):
    cache.clear()
    network = make_network(name="Impro Verband", slug="impro")
    turning = make_competence(name="Drehen", slug="drehen", name_en="Turning")
    firm = make_organisation(name="Feinwerk GmbH", slug="feinwerk", employees=Organisation.EmployeeBand.SMALL)
    firm.competences.add(turning)
    make_membership(organisation=firm, network=network)
    make_participation(
        event=make_event(title="Zulieferkonferenz"), organisation=network, role=Participation.Role.ORGANISER
    )
    make_event(title="Frühjahrsmesse", kind=Event.Kind.FAIR)

    # German first, then English twice (the second from the cache), then German again.
    first = client.get(path).text
    english_pages = [client.get("/en" + path).text for _ in range(2)]
    again = client.get(path).text

    for text in german:
        assert text in first and text in again, text
    for page in english_pages:
        # The competence tree names the German term next to the English one, marked lang="de".
        page = re.sub(r'<[^>]* lang="de"[^>]*>[^<]*<', "<", page)
        for text in english:
            assert text in page, text
        for text in german:
            assert text not in page, text
