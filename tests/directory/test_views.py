"""The public directory pages: home, organisation list, organisation/network, person, sources."""

import datetime

import pytest
from django.template import loader
from django.urls import reverse

from directory.models import Organisation, Relationship, StatedMemberCount
from events.models import Participation
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
    make_relationship,
    make_sector,
    make_source,
)

pytestmark = pytest.mark.django_db


def next_year() -> str:
    return str(datetime.date.today().year + 1)


def make_rich_organisation(rows: int, *, kind=Organisation.Kind.FIRM) -> Organisation:
    """An organisation with `rows` of every related record, each citing a source."""
    organisation = make_organisation(kind=kind)
    cite(organisation)
    organisation.sectors.add(*(make_sector() for _ in range(rows)))
    organisation.competences.add(*(make_competence() for _ in range(rows)))
    for _ in range(rows):
        cite(make_membership(organisation=organisation, start="2010"))
        cite(make_position(organisation=organisation, start="2015"))
        cite(make_relationship(from_organisation=organisation, kind=Relationship.Kind.COMMISSIONED))
        cite(make_relationship(to_organisation=organisation, kind=Relationship.Kind.SUPPLIER))
        cite(make_participation(organisation=organisation, person=make_person(), role=Participation.Role.SPEAKER))
        cite(make_event(venue=organisation))
        if kind == Organisation.Kind.NETWORK:
            cite(make_membership(network=organisation, start="2012"))
    return organisation


# Home ---------------------------------------------------------------------------------


@pytest.mark.smoke
def test_the_home_page_counts_what_the_directory_holds(client):
    make_network(name="Impro")
    make_organisation(name="Feinwerktechnik Geising GmbH")
    make_organisation(kind=Organisation.Kind.PUBLIC_BODY)
    make_organisation(kind=Organisation.Kind.CHAMBER)
    make_person()
    make_person(is_public=False)
    make_event()
    make_source()

    response = client.get("/")

    assert response.status_code == 200
    counts = response.context["counts"]
    assert counts == {
        "networks": 1,
        "firms": 1,
        "others": 2,
        "memberships": 0,
        "people": 1,
        "events": 1,
        "sources": 1,
    }
    assert '<html lang="de">' in response.text
    assert 'action="/organisationen/"' in response.text
    assert "© OpenStreetMap-Mitwirkende" in response.text


def test_the_home_page_lists_networks_with_their_current_member_count(client):
    region = make_region(name="Sächsische Schweiz-Osterzgebirge")
    impro = make_network(name="Interessenverband Impro", short_name="IMP", region=region)
    make_membership(network=impro, start="2010")
    make_membership(network=impro)
    make_membership(network=impro, start="2010", end="2012")

    response = client.get("/")

    assert response.context["networks"][0].member_count == 2
    assert "Interessenverband Impro" in response.text
    assert "IMP · Sächsische Schweiz-Osterzgebirge · 2 aktuelle Mitglieder" in response.text
    assert impro.get_absolute_url() in response.text


def test_the_home_page_shows_the_newest_member_count_a_source_states_beside_the_known_members(client):
    impro = make_network(name="Impro")
    make_membership(network=impro)
    StatedMemberCount.objects.create(
        network=impro, count=13, label="Mitgliedsfirmen", as_of_date=datetime.date(2017, 5, 1), as_of_precision="month"
    )
    StatedMemberCount.objects.create(
        network=impro, count=9, label="Mitgliedsfirmen", as_of_date=datetime.date(2008, 1, 1), as_of_precision="year"
    )
    amz = make_network(name="AMZ")
    StatedMemberCount.objects.create(network=amz, count=160)
    make_network(name="Leer")

    text = " ".join(client.get("/").text.split())

    assert "1 aktuelles Mitglied · 13 Mitgliedsfirmen laut Quelle (2017)" in text
    assert "9 Mitgliedsfirmen" not in text
    # Counted but nobody named: said so, not "no members"; undated counts say no year.
    assert "160 Mitglieder laut Quelle, keines namentlich erfasst" in text
    assert text.count("noch keine Mitglieder erfasst") == 1


def test_the_home_page_shows_upcoming_events_first_then_the_latest_past_ones(client):
    soon = make_event(title="Maker Faire nächstes Jahr", start=next_year())
    old = [make_event(title=f"Treffen {year}", start=str(year)) for year in range(2010, 2020)]

    response = client.get("/")

    shown = response.context["latest_events"]
    assert shown[0] == soon
    assert shown[1:] == list(reversed(old))[:5]
    assert "Maker Faire nächstes Jahr" in response.text
    assert "Treffen 2010" not in response.text


def test_the_home_page_runs_nine_queries_however_much_it_shows(client, django_assert_num_queries):
    for _ in range(3):
        network = make_network()
        for _ in range(3):
            make_membership(network=network)
        make_event(start=next_year())
        make_event(start="2019")

    # 1 the data version the cached body is keyed on (none inside this test's transaction),
    # 2 organisation counts by kind, 3 memberships, 4 public people, 5 events, 6 sources,
    # 7 networks with their member counts and newest stated count (subqueries), 8 upcoming
    # events, 9 past events (the next and the last event are the first of each)
    with django_assert_num_queries(9):
        response = client.get("/")
    assert response.status_code == 200
    assert response.context["counts"]["memberships"] == 9
    assert response.context["next_event"].start_date.year == int(next_year())
    assert response.context["last_event"].start_date.year == 2019


# Organisation list (the header's search box) -------------------------------------------


@pytest.mark.smoke
def test_the_search_box_finds_organisations_by_name_or_short_name(client):
    make_organisation(name="Feinwerktechnik Geising GmbH")
    make_network(name="Automobilzuliefernetzwerk", short_name="AMZ")
    make_organisation(name="Telegärtner Gerätebau GmbH")

    by_name = client.get("/organisationen/", {"q": "feinwerk"})
    by_short_name = client.get("/organisationen/", {"q": "amz"})

    assert by_name.status_code == 200
    assert [o.name for o in by_name.context["organisations"]] == ["Feinwerktechnik Geising GmbH"]
    assert [o.name for o in by_short_name.context["organisations"]] == ["Automobilzuliefernetzwerk"]
    assert "Telegärtner" not in by_name.text


def test_an_organisation_page_shows_everything_known_about_it(client):
    state = make_region(name="Sachsen", slug="sachsen")
    district = make_region(name="Sächsische Schweiz-Osterzgebirge", kind="district", parent=state)
    town = make_region(name="Altenberg", kind="municipality", parent=district)
    article = make_source(
        title="Feinmechaniker präsentieren sich in Dresden",
        publisher="Sächsische Zeitung",
        published_date=datetime.date(2017, 3, 1),
        published_precision="month",
    )
    firm = make_organisation(
        name="Feinwerktechnik Geising GmbH",
        short_name="FWG",
        aliases="FWT Geising\nGeisinger Feinwerk",
        description="Getriebe und Baugruppen nach Kundenwunsch.",
        city="Altenberg",
        region=town,
        website="https://example.org/fwg",
        note="Der Ort ist aus dem Artikel erschlossen.",
    )
    cite(firm, article)
    firm.sectors.add(make_sector(name="Feinmechanik"))
    gears = make_competence(name="Getriebe", slug="getriebe")
    firm.competences.add(gears)
    impro = make_network(name="Impro")
    cite(make_membership(organisation=firm, network=impro, start="2008"), article)
    make_membership(organisation=firm, network=make_network(name="Altnetz"), start="2001", end="2005")
    graf = make_person(name="Jürgen Graf")
    make_position(
        person=graf,
        organisation=firm,
        role="Geschäftsführer",
        attested_date=datetime.date(2017, 3, 1),
        attested_precision="month",
    )
    conference = make_event(title="Zulieferkonferenz", start="März 2017")
    make_participation(
        event=conference,
        organisation=firm,
        person=graf,
        role=Participation.Role.SPEAKER,
        talk_title="Getriebe und Baugruppen nach Kundenwunsch",
    )
    wfs = make_organisation(name="Wirtschaftsförderung Sachsen", kind=Organisation.Kind.PUBLIC_BODY)
    make_relationship(from_organisation=wfs, to_organisation=firm, kind=Relationship.Kind.COMMISSIONED)
    make_relationship(
        from_organisation=firm, to_organisation=make_organisation(name="Telegärtner"), kind=Relationship.Kind.SUPPLIER
    )

    response = client.get(firm.get_absolute_url())

    assert response.status_code == 200
    text = response.text
    assert text.count("<h1") == 1
    for expected in [
        "Feinwerktechnik Geising GmbH",
        "(FWG)",
        "Unternehmen",
        "FWT Geising, Geisinger Feinwerk",
        "Getriebe und Baugruppen nach Kundenwunsch.",
        "Altenberg",
        "Sächsische Schweiz-Osterzgebirge",
        "Sachsen",
        "https://example.org/fwg",
        "Feinmechanik",
        f"/firmen/?kompetenz={gears.slug}",
        "Impro",
        "seit 2008",
        "Altnetz",
        "2001 – 2005",
        "Jürgen Graf",
        "Geschäftsführer",
        "belegt: März 2017",
        "Zulieferkonferenz",
        "„Getriebe und Baugruppen nach Kundenwunsch“",
        "Beauftragt von",
        "Wirtschaftsförderung Sachsen",
        "Beliefert",
        "Telegärtner",
        "Hinweis der Redaktion:",
        "Der Ort ist aus dem Artikel erschlossen.",
        "Quellen",
        "Feinmechaniker präsentieren sich in Dresden",
        "Sächsische Zeitung, ",
        "März 2017",
        article.get_absolute_url(),
    ]:
        assert expected in text, expected
    assert [m.network.name for m in response.context["current_memberships"]] == ["Impro"]
    assert [m.network.name for m in response.context["past_memberships"]] == ["Altnetz"]
    assert response.context["sources"] == [article]


def test_a_network_page_lists_current_and_past_members_apart(client):
    network = make_network(name="Impro")
    current = make_membership(network=network, organisation=make_organisation(name="Heute GmbH"), start="2008")
    make_membership(network=network, organisation=make_organisation(name="Früher GmbH"), start="2001", end="2005")

    response = client.get(network.get_absolute_url())

    assert response.status_code == 200
    assert response.context["current_members"] == [current]
    assert [m.organisation.name for m in response.context["past_members"]] == ["Früher GmbH"]
    assert "Frühere Mitglieder" in response.text
    assert "seit 2008" in response.text


@pytest.mark.smoke
def test_an_organisation_under_the_wrong_prefix_redirects_permanently(client):
    firm = make_organisation(slug="feinwerktechnik")
    network = make_network(slug="impro")

    firm_as_network = client.get("/netzwerke/feinwerktechnik/")
    network_as_firm = client.get("/organisationen/impro/")

    assert firm_as_network.status_code == 301
    assert firm_as_network["Location"] == firm.get_absolute_url() == "/organisationen/feinwerktechnik/"
    assert network_as_firm.status_code == 301
    assert network_as_firm["Location"] == network.get_absolute_url() == "/netzwerke/impro/"


@pytest.mark.django_db(transaction=True)  # a written transaction caches nothing (data_version)
@pytest.mark.parametrize("rows", [3, 6])
def test_an_organisation_page_runs_twenty_two_queries_and_two_when_cached(client, django_assert_num_queries, rows):
    firm = make_rich_organisation(rows)

    # 1 the organisation's head fields, 2 the data version the cached body is keyed on (a miss)
    # 3 the organisation with its region and the region's parents
    # 4 sectors, 5 competences, 6 its citations with their sources
    # 7 memberships with networks, 8 their citations
    # 9 positions of public people with the people, 10 their citations
    # 11 participations with events, 12 their public people, 13 their citations
    # 14 events it was the venue of, 15 their citations
    # 16 relationships both ways with both ends, 17 their citations
    # 18 similar firms by shared competences and region (only with competences or a region)
    # the ego network: 19 its first level, 20 the edges among its nodes, 21 their names,
    # 22 the edges' sources
    with django_assert_num_queries(22):
        response = client.get(firm.get_absolute_url())
    # Again: 1 the head fields, 2 the data version; the body comes from the cache
    with django_assert_num_queries(2):
        again = client.get(firm.get_absolute_url())
    assert again.content == response.content
    assert response.status_code == 200
    assert len(response.context["links"]) == 2 * rows
    assert len(response.context["sources"]) == 1 + 6 * rows


def test_a_public_person_page_shows_positions_talks_and_sources(client):
    person = make_person(name="Christoph Herbrig", description="Vorsitzender von Impro")
    article = make_source(title="Zulieferkonferenz in Dresden")
    cite(person, article)
    impro = make_network(name="Impro")
    cite(make_position(person=person, organisation=impro, role="Vorsitzender", start="2015"), article)
    make_position(
        person=person, organisation=make_organisation(name="Altfirma"), role="Prokurist", start="2001", end="2010"
    )
    event = make_event(title="Zulieferkonferenz", start="März 2017")
    make_participation(
        event=event,
        person=person,
        organisation=impro,
        role=Participation.Role.SPEAKER,
        talk_title="Impro stellt sich vor",
    )
    make_participation(event=make_event(title="Werkschau"), person=person, role=Participation.Role.GUEST)

    response = client.get(person.get_absolute_url())

    assert response.status_code == 200
    for expected in [
        "Christoph Herbrig",
        "Vorsitzender von Impro",
        "Vorsitzender",
        "seit 2015",
        "Altfirma",
        "2001 – 2010",
        "„Impro stellt sich vor“",
        "Zulieferkonferenz",
        "März 2017",
        "Werkschau",
        "Gast",
        "Quellen",
        article.get_absolute_url(),
    ]:
        assert expected in response.text, expected
    assert len(response.context["past_positions"]) == 1


@pytest.mark.smoke
def test_a_private_person_has_no_page(client):
    private = make_person(is_public=False)
    public = make_person()

    assert client.get(private.get_absolute_url()).status_code == 404
    assert client.get(public.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("rows", [3, 6])
def test_a_person_page_runs_six_queries(client, django_assert_num_queries, rows):
    person = make_person()
    cite(person)
    for _ in range(rows):
        cite(make_position(person=person, start="2015"))
        cite(make_participation(person=person, organisation=make_organisation(), role=Participation.Role.SPEAKER))

    # 1 the public person, 2 their citations, 3 positions with organisations, 4 their citations,
    # 5 participations with events and organisations, 6 their citations
    with django_assert_num_queries(6):
        response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["talks"]) == rows


# Sources -------------------------------------------------------------------------------


def test_a_source_page_shows_its_metadata_and_everything_that_cites_it(client):
    article = make_source(
        title="Netzwerktreffen bei Wiegand-Glas",
        publisher="Freies Wort",
        author="A. Autor",
        url="https://example.org/artikel",
        excerpt="Die KAG traf sich in Schleusingen.",
    )
    kag = make_network(name="KAG Oberzentrum")
    cite(kag, article, quote="die KAG")
    glass = make_organisation(name="Wiegand-Glas")
    cite(make_membership(organisation=glass, network=kag), article)
    cite(make_position(person=make_person(name="Erika Muster"), organisation=kag, role="Sprecherin"), article)
    cite(make_relationship(from_organisation=kag, to_organisation=glass), article)
    meeting = make_event(title="Zweites Netzwerktreffen", start="04.06.2019")
    cite(meeting, article)
    cite(make_participation(event=meeting, organisation=glass, role=Participation.Role.HOST), article)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    labels = [group.label for group in response.context["groups"]]
    assert labels == [
        "Organisationen",
        "Mitgliedschaften",
        "Funktionen",
        "Beziehungen",
        "Veranstaltungen",
        "Teilnahmen an Veranstaltungen",
    ]
    for expected in [
        "Netzwerktreffen bei Wiegand-Glas",
        "Freies Wort",
        "A. Autor",
        "https://example.org/artikel",
        "Die KAG traf sich in Schleusingen.",
        "KAG Oberzentrum",
        "die KAG",
        "Wiegand-Glas",
        "Erika Muster",
        "Sprecherin",
        "Zweites Netzwerktreffen",
        "4. Juni 2019",
        "Gastgeber",
        meeting.get_absolute_url(),
        kag.get_absolute_url(),
    ]:
        assert expected in response.text, expected


@pytest.mark.parametrize("rows", [3, 6])
def test_a_source_page_runs_eleven_queries(client, django_assert_num_queries, rows):
    article = make_source()
    for _ in range(rows):
        cite(make_organisation(), article)
        cite(make_person(), article)
        cite(make_membership(), article)
        cite(make_position(), article)
        cite(make_relationship(), article)
        cite(make_event(), article)
        cite(make_participation(person=make_person(), organisation=make_organisation()), article)
        cite(StatedMemberCount.objects.create(network=make_network(), count=13), article)

    # 1 the source; what cites it, one query per kind: 2 organisations, 3 public people,
    # 4 memberships, 5 member counts sources state, 6 positions of public people,
    # 7 relationships, 8 events, 9 series, 10 participations, 11 the participations' public people
    with django_assert_num_queries(11):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert all(len(group.records) == rows for group in response.context["groups"])
    assert all(group.more == "" for group in response.context["groups"])


@pytest.mark.parametrize("organisations", [5, 300])
def test_a_source_pages_queries_do_not_grow_with_what_cites_it(client, django_assert_num_queries, organisations):
    from directory.views.sources import GROUP_LIMIT

    article = make_source()
    for _ in range(organisations):
        cite(make_organisation(), article)
    for _ in range(3):
        cite(make_membership(), article)
        cite(make_participation(person=make_person(), organisation=make_organisation()), article)
    overflowing = organisations > GROUP_LIMIT

    # 1 the source; at most GROUP_LIMIT + 1 of each kind: 2 organisations, 3 public people,
    # 4 memberships, 5 member counts, 6 positions of public people, 7 relationships, 8 events,
    # 9 series, 10 participations, 11 the participations' public people;
    # 12 (past GROUP_LIMIT only) the count of all the organisations
    with django_assert_num_queries(12 if overflowing else 11):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    groups = {group.key: group for group in response.context["groups"]}
    assert len(groups["organisations"].records) == min(organisations, GROUP_LIMIT)
    assert len(groups["memberships"].records) == 3
    assert (f'href="?teil=organisations">Alle {organisations} Organisationen</a>' in response.text) is overflowing


def test_a_source_page_shows_the_first_organisations_and_links_to_all_of_them(client):
    from directory.views.sources import GROUP_LIMIT, PER_PAGE

    article = make_source()
    firms = [make_organisation(name=f"Firma {n:04}") for n in range(GROUP_LIMIT + PER_PAGE + 7)]
    for firm in firms:
        cite(firm, article)

    whole = client.get(article.get_absolute_url())
    first = client.get(article.get_absolute_url(), {"teil": "organisations"})
    second = client.get(article.get_absolute_url(), {"teil": "organisations", "seite": "2"})
    last = client.get(article.get_absolute_url(), {"teil": "organisations", "seite": "3"})

    assert whole.status_code == first.status_code == second.status_code == last.status_code == 200
    (shown,) = whole.context["groups"]
    assert shown.records == firms[:GROUP_LIMIT]
    assert firms[GROUP_LIMIT].name not in whole.text
    assert f'<a href="?teil=organisations">Alle {len(firms)} Organisationen</a>' in whole.text
    assert first.context["groups"][0].records == firms[:PER_PAGE]
    assert second.context["groups"][0].records == firms[PER_PAGE : 2 * PER_PAGE]
    assert last.context["groups"][0].records == firms[2 * PER_PAGE :]
    assert firms[-1].name in last.text and firms[0].name not in last.text
    assert "Seite 2 von 3" in second.text
    assert 'rel="prev" href="?teil=organisations&amp;seite=1"' in second.text
    assert 'rel="next" href="?teil=organisations&amp;seite=3"' in second.text
    assert f'href="{article.get_absolute_url()}">← Zur ganzen Quelle</a>' in second.text
    assert 'href="?teil=organisations">Alle' not in second.text
    assert second.context["messages"] == []


def test_a_part_of_a_source_page_runs_three_queries(client, django_assert_num_queries):
    article = make_source()
    for _ in range(3):
        cite(make_participation(person=make_person(), organisation=make_organisation()), article)

    # 1 the source, 2 the count of its participations, 3 the page of them,
    # 4 their public people
    with django_assert_num_queries(4):
        response = client.get(article.get_absolute_url(), {"teil": "participations", "seite": "1"})
    assert response.status_code == 200
    assert len(response.context["groups"][0].records) == 3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"teil": "gibt-es-nicht"}, "Diesen Teil der Quelle gibt es nicht; gezeigt wird die ganze Quelle."),
        ({"teil": ""}, "Diesen Teil der Quelle gibt es nicht; gezeigt wird die ganze Quelle."),
        ({"teil": "organisations", "seite": "abc"}, "Die Seitenzahl ist keine Zahl; gezeigt wird Seite 1."),
        ({"teil": "organisations", "seite": "0"}, "Seiten beginnen bei 1; gezeigt wird Seite 1."),
        ({"teil": "organisations", "seite": "-3"}, "Seiten beginnen bei 1; gezeigt wird Seite 1."),
        (
            {"teil": "organisations", "seite": "99999999999999999999"},
            "So viele Seiten gibt es nicht; gezeigt wird die letzte, Seite 1.",
        ),
    ],
)
def test_a_source_page_answers_bad_parts_and_pages_with_a_message(client, query, message):
    article = make_source()
    firm = make_organisation(name="Wiegand-Glas")
    cite(firm, article)

    response = client.get(article.get_absolute_url(), query)

    assert response.status_code == 200
    assert response.context["messages"] == [message]
    assert f'<p class="message message--error">{message}</p>' in response.text
    assert "Wiegand-Glas" in response.text


def test_a_source_pages_links_and_messages_are_english_under_en(client, monkeypatch):
    monkeypatch.setattr("directory.views.sources.GROUP_LIMIT", 2)
    article = make_source()
    for _ in range(3):
        cite(make_organisation(), article)
    path = f"/en{article.get_absolute_url()}"

    whole = client.get(path)
    part = client.get(path, {"teil": "organisations", "seite": "abc"})
    unknown = client.get(path, {"teil": "firmen"})

    assert '<a href="?teil=organisations">All 3 organisations</a>' in whole.text
    assert f'href="{path}">← Back to the whole source</a>' in part.text
    assert "The page number is not a number; showing page 1." in part.text
    assert "The source page has no such part; showing the whole source." in unknown.text


def test_an_empty_part_of_a_source_page_says_so(client):
    article = make_source()
    cite(make_organisation(), article)

    response = client.get(article.get_absolute_url(), {"teil": "series"})

    assert response.status_code == 200
    assert "Veranstaltungsreihen" in response.text
    assert "Keine Einträge dieser Art." in response.text


def test_a_source_page_never_lists_a_private_person_not_even_in_its_parts(client):
    from directory.views.sources import GROUP_LIMIT

    article = make_source()
    secret = make_person(name="Geheime Person", is_public=False)
    cite(secret, article)
    cite(make_position(person=secret, organisation=make_organisation(), role="Geheime Rolle"), article)
    cite(make_participation(person=secret, role=Participation.Role.SPEAKER), article)
    for _ in range(GROUP_LIMIT + 1):
        cite(make_person(), article)

    pages = [
        client.get(article.get_absolute_url()),
        *(client.get(article.get_absolute_url(), {"teil": key}) for key in ("people", "positions", "participations")),
        client.get(article.get_absolute_url(), {"teil": "people", "seite": "2"}),
    ]

    for page in pages:
        assert page.status_code == 200
        assert "Geheime" not in page.text
        assert secret.get_absolute_url() not in page.text
    assert pages[-1].context["groups"][0].key == "people"
    assert len(pages[-1].context["groups"][0].records) == 1


@pytest.mark.parametrize("rows", [3, 6])
def test_the_source_list_runs_one_query(client, django_assert_num_queries, rows):
    for _ in range(rows):
        article = make_source()
        for _ in range(3):
            cite(make_organisation(), article)

    # 1 the sources with their citation counts
    with django_assert_num_queries(1):
        response = client.get(reverse("directory:source-list"))
    assert response.status_code == 200
    assert [s.citation_count for s in response.context["sources"]] == [3] * rows


# Errors --------------------------------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.parametrize(
    "url",
    [
        "/organisationen/gibt-es-nicht/",
        "/netzwerke/gibt-es-nicht/",
        "/personen/gibt-es-nicht/",
        "/quellen/gibt-es-nicht/",
        "/veranstaltungen/gibt-es-nicht/",
        "/veranstaltungen/reihen/gibt-es-nicht/",
        "/gibt-es-nicht/",
    ],
)
def test_an_unknown_address_is_a_404_in_the_sites_look(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in response.text
    assert "site.css" in response.text


@pytest.mark.smoke
def test_the_500_page_renders_without_a_request_or_database():
    html = loader.get_template("500.html").render()

    assert "Etwas ist schiefgegangen" in html
    assert '<html lang="de">' in html


@pytest.mark.smoke
def test_the_pages_refuse_post(client):
    assert client.post("/").status_code == 405
    assert client.post("/organisationen/").status_code == 405


@pytest.mark.smoke
@pytest.mark.public_record
def test_every_page_of_the_seeded_site_answers_on_either_database(client):
    # `make run` serves the seed network on SQLite: every profile must render there too, not
    # only on PostgreSQL (a PostgreSQL-only query once made every organisation page a 500).
    from django.core.management import call_command

    from directory.models import Person, Source
    from events.models import Event

    call_command("load_seed_network", verbosity=0)
    paths = [
        "/",
        "/firmen/",
        "/organisationen/",
        "/netzwerke/",
        "/veranstaltungen/",
        "/kooperationen/",
        "/quellen/",
        "/kompetenzen/",
        "/en/firmen/",
    ]
    paths += [record.get_absolute_url() for record in Organisation.objects.all()]
    paths += [record.get_absolute_url() for record in Person.objects.public()]
    paths += [record.get_absolute_url() for record in Event.objects.all()]
    paths += [record.get_absolute_url() for record in Source.objects.all()]

    failed = [(path, status) for path in paths if (status := client.get(path).status_code) != 200]

    assert failed == []


@pytest.mark.django_db(transaction=True)
def test_a_cached_organisation_page_follows_a_change_to_it_or_its_people():
    from django.test import Client

    from tests.factories import make_person, make_position

    client = Client()
    firm = make_organisation(name="Alte Firma GmbH", slug="alte-firma")
    person = make_person(name="Erika Sichtbar", is_public=True)
    make_position(person=person, organisation=firm)
    assert "Erika Sichtbar" in client.get("/organisationen/alte-firma/").text

    firm.name = "Neue Firma GmbH"
    firm.save()
    person.is_public = False
    person.save()
    page = client.get("/organisationen/alte-firma/").text

    assert "Neue Firma GmbH" in page
    assert "Erika Sichtbar" not in page


@pytest.mark.django_db(transaction=True)
def test_the_home_page_and_the_network_list_come_from_the_cache_until_something_changes():
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    network = make_network(name="Impro")
    client.get("/"), client.get("/netzwerke/")

    # One query each, the data version; the bodies come from the cache.
    with CaptureQueriesContext(connection) as queries:
        client.get("/"), client.get("/netzwerke/")
    assert len(queries) == 2

    network.name = "Impro e. V."
    network.save()

    assert "Impro e. V." in client.get("/").text
    assert "Impro e. V." in client.get("/netzwerke/").text


def test_a_source_page_shows_its_address_dates_and_what_each_fact_cites_it_for(client):
    source = make_source(
        title="Mitglieder",
        publisher="Impro",
        url="https://example.org/impro/mitglieder",
        retrieved_date=datetime.date(2026, 12, 3),
    )
    network = make_network(name="Impro")
    membership = make_membership(network=network, organisation=make_organisation(name="Werkzeugbau GmbH"))
    from directory.models import Citation

    Citation.objects.create(content_object=membership, source=source, evidence="Die Liste nennt die Firma.")
    count = StatedMemberCount.objects.create(network=network, count=13, label="Mitgliedsfirmen")
    Citation.objects.create(content_object=count, source=source, evidence="13 Firmen laut Seite.")

    response = client.get(source.get_absolute_url())

    assert 'href="https://example.org/impro/mitglieder" rel="nofollow noopener noreferrer"' in response.text
    assert "Abgerufen am" in response.text and "03.12.2026" in response.text
    assert "Die Liste nennt die Firma." in response.text
    assert "13 Mitgliedsfirmen" in response.text and "13 Firmen laut Seite." in response.text


@pytest.mark.parametrize(
    ("path", "action"),
    [
        ("/", "/organisationen/"),
        ("/firmen/?q=glas", "/firmen/"),
        ("/organisationen/?q=glas", "/organisationen/"),
        ("/netzwerke/?q=glas", "/organisationen/"),
        ("/veranstaltungen/?q=glas", "/organisationen/"),
        ("/en/firmen/?q=glas", "/en/firmen/"),
    ],
)
def test_every_page_has_one_search_box_leading_to_one_list(client, path, action):
    # Regression: the header's box and the page's box showed the same words and led to two lists.
    import re

    page = client.get(path).content.decode()

    boxes = re.findall(r'<input type="search"[^>]*name="q"[^>]*>', page)
    assert len(boxes) == 1, boxes
    form = re.findall(r'<form[^>]*role="search"[^>]*>', page)
    assert len(form) == 1
    assert f'action="{action}"' in form[0] or ('action="' not in form[0] and action == path.split("?")[0])
    assert page.count('value="glas"') <= 1
