"""The organisation profile, completed: competence links, partners with evidence, similar firms,
schema.org JSON-LD, and bad addresses."""

import json
import re

import pytest

from directory.models import Organisation, Region, Relationship
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
    make_source,
)

pytestmark = pytest.mark.django_db


def jsonld_of(response) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def make_places():
    sachsen = make_region(name="Sachsen", slug="sachsen")
    district = make_region(name="Sächsische Schweiz-Osterzgebirge", kind=Region.Kind.DISTRICT, parent=sachsen)
    altenberg = make_region(name="Altenberg", kind=Region.Kind.MUNICIPALITY, parent=district)
    return sachsen, district, altenberg


# Competences and partners ------------------------------------------------------------------


def test_competences_link_to_the_firm_directory_filtered_by_them(client):
    firm = make_organisation()
    firm.competences.add(make_competence(name="Drehen", slug="drehen"))

    response = client.get(firm.get_absolute_url())

    assert '<a href="/firmen/?kompetenz=drehen">Drehen</a>' in response.text


def test_a_partner_shows_the_quoted_evidence_and_its_source(client):
    firm = make_organisation(name="Feinwerktechnik Geising GmbH")
    partner = make_organisation(name="Hochschule Mittweida", kind=Organisation.Kind.RESEARCH)
    article = make_source(title="Forschung trifft Mittelstand")
    cooperation = make_relationship(
        from_organisation=firm, to_organisation=partner, start="2018", description="Gemeinsames Laserprojekt"
    )
    cite(cooperation, article, quote="Die Geisinger arbeiten seit 2018 mit der Hochschule zusammen.")

    response = client.get(firm.get_absolute_url())

    [link] = response.context["links"]
    assert link["evidence"] == [
        {
            "quote": "Die Geisinger arbeiten seit 2018 mit der Hochschule zusammen.",
            "is_quote": True,
            "source": article,
            "number": 1,
        }
    ]
    for expected in [
        "Kooperiert mit",
        "Hochschule Mittweida",
        "Gemeinsames Laserprojekt",
        "seit 2018",
        "„Die Geisinger arbeiten seit 2018 mit der Hochschule zusammen.“",
        'href="#quelle-1"',
        "Forschung trifft Mittelstand",
    ]:
        assert expected in response.text, expected


def test_it_shows_public_people_and_never_private_ones(client):
    firm = make_organisation()
    make_position(person=make_person(name="Jürgen Graf"), organisation=firm, role="Geschäftsführer")
    make_position(
        person=make_person(name="Heimliche Prokuristin", is_public=False), organisation=firm, role="Prokuristin"
    )

    response = client.get(firm.get_absolute_url())

    assert "Jürgen Graf" in response.text
    assert "Heimliche" not in response.text
    assert "Prokuristin" not in response.text
    assert "Heimliche" not in json.dumps(jsonld_of(response))


# Similar firms -----------------------------------------------------------------------------


def test_similar_firms_rank_by_shared_competences_then_region(client):
    _, _, altenberg = make_places()
    elsewhere = make_region(name="Thüringen")
    drehen, fraesen, schleifen = (make_competence() for _ in range(3))
    firm = make_organisation(name="Ausgang GmbH", region=altenberg)
    firm.competences.add(drehen, fraesen, schleifen)

    two_far = make_organisation(name="Zwei Gemeinsam fern", region=elsewhere)
    two_far.competences.add(drehen, fraesen, make_competence())
    two_near = make_organisation(name="Zwei Gemeinsam nah", region=altenberg)
    two_near.competences.add(fraesen, schleifen)
    one = make_organisation(name="Eine Gemeinsam", region=elsewhere)
    one.competences.add(schleifen)
    neighbour = make_organisation(name="Nachbar ohne Gemeinsames", region=altenberg)
    make_organisation(name="Fremd GmbH", region=elsewhere).competences.add(make_competence())
    # Networks and research institutes are no "similar firms", even with the same competences.
    make_network(name="Netz mit Drehen", region=altenberg).competences.add(drehen, fraesen, schleifen)
    make_organisation(name="Institut", kind=Organisation.Kind.RESEARCH).competences.add(drehen)

    response = client.get(firm.get_absolute_url())

    similar = response.context["similar_firms"]
    assert similar == [two_near, two_far, one, neighbour]
    assert [(f.shared, f.same_region) for f in similar] == [(2, 1), (2, 0), (1, 0), (0, 1)]
    assert "Ähnliche Firmen" in response.text
    assert "2 gemeinsame Kompetenzen · gleiche Region" in response.text
    assert "Fremd GmbH" not in response.text


def test_similar_firms_are_at_most_six_and_never_the_firm_itself(client):
    competence = make_competence()
    firm = make_organisation()
    firm.competences.add(competence)
    for _ in range(8):
        make_organisation().competences.add(competence)

    similar = client.get(firm.get_absolute_url()).context["similar_firms"]

    assert len(similar) == 6
    assert firm not in similar


def test_similar_firms_by_region_alone_when_there_are_no_competences(client):
    region = make_region()
    firm = make_organisation(region=region)
    neighbour = make_organisation(region=region)
    make_organisation()

    assert client.get(firm.get_absolute_url()).context["similar_firms"] == [neighbour]


def test_with_neither_competences_nor_region_there_are_no_similar_firms_and_no_query(client, django_assert_num_queries):
    firm = make_organisation()
    make_organisation()

    # 1 the organisation's head fields, 2 the data version the cached body is keyed on (a miss),
    # 3 the organisation, 4 sectors, 5 competences, 6 its citations, 7 memberships,
    # 8 positions, 9 participations, 10 venue events, 11 relationships (with none of them there
    # is nothing to prefetch below them); and no query for similar firms;
    # the ego network: 12 its first level (empty), 13 the edges among its one node, 14 the
    # node's name (no edges, so no sources)
    with django_assert_num_queries(14):
        response = client.get(firm.get_absolute_url())
    assert response.context["similar_firms"] == []
    assert "Ähnliche Firmen" not in response.text


# JSON-LD -----------------------------------------------------------------------------------


def test_the_profile_describes_the_organisation_as_schema_org_json_ld(client):
    sachsen, _, altenberg = make_places()
    firm = make_organisation(
        name="Feinwerktechnik Geising GmbH",
        slug="fwg",
        short_name="FWG",
        aliases="FWT Geising",
        street="Hauptstraße 1",
        postcode="01778",
        city="Geising",
        region=altenberg,
        website="https://example.org/fwg",
    )
    impro = make_network(name="Impro", slug="impro")
    make_membership(organisation=firm, network=impro, start="2008")
    make_membership(organisation=firm, network=make_network(name="Altnetz"), start="2001", end="2005")

    data = jsonld_of(client.get(firm.get_absolute_url()))

    assert data == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": "http://testserver/organisationen/fwg/",
        "name": "Feinwerktechnik Geising GmbH",
        "url": "http://testserver/organisationen/fwg/",
        "alternateName": ["FWG", "FWT Geising"],
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Hauptstraße 1",
            "postalCode": "01778",
            "addressLocality": "Geising",
            "addressRegion": "Sachsen",
            "addressCountry": "DE",
        },
        "memberOf": [{"@type": "Organization", "name": "Impro", "url": "http://testserver/netzwerke/impro/"}],
        "sameAs": "https://example.org/fwg",
    }


def test_json_ld_without_an_address_has_none(client):
    firm = make_organisation(name="Ohne Ort GmbH")

    data = jsonld_of(client.get(firm.get_absolute_url()))

    assert "address" not in data and "memberOf" not in data and "sameAs" not in data


def test_json_ld_cannot_close_its_script_element(client):
    firm = make_organisation(name="</script><script>alert(1)</script> & Co", description="<!-- kein Kommentar")

    response = client.get(firm.get_absolute_url())

    assert "<script>alert(1)" not in response.text
    assert "<!-- kein" not in response.text
    assert jsonld_of(response)["name"] == "</script><script>alert(1)</script> & Co"


# Bad addresses -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/organisationen/gibt-es-nicht/",
        "/organisationen/%3Cscript%3E/",
        "/organisationen/" + "a" * 5000 + "/",
        "/netzwerke/gibt-es-nicht/",
    ],
)
def test_an_unknown_organisation_is_a_404_page(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in response.text


# Query count -------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 6])
def test_a_full_profile_runs_twenty_one_queries(client, django_assert_num_queries, rows):
    region = make_region()
    firm = make_organisation(region=region)
    competences = [make_competence() for _ in range(rows)]
    firm.competences.add(*competences)
    for n in range(rows):
        make_organisation(region=region).competences.add(*competences[: n + 1])
        cite(make_membership(organisation=firm, start="2010"))
        cite(make_position(organisation=firm, start="2015"))
        make_position(organisation=firm, person=make_person(is_public=False))
        cite(make_relationship(from_organisation=firm, kind=Relationship.Kind.COOPERATION), quote="Beleg")
        cite(make_participation(organisation=firm, person=make_person(), role=Participation.Role.SPEAKER))
        cite(make_event(venue=firm))

    # 1 the organisation's head fields, 2 the data version the cached body is keyed on (a miss)
    # 3 the organisation with its region and the region's parents
    # 4 sectors, 5 competences, 6 its citations with their sources
    # 7 memberships with networks, 8 their citations
    # 9 positions of public people with the people, 10 their citations
    # 11 participations with events, 12 their public people, 13 their citations
    # 14 events it was the venue of, 15 their citations
    # 16 relationships both ways with both ends, 17 their citations (with the evidence quotes)
    # 18 similar firms with their regions, ranked by shared competences and region in a
    # subquery (one grouped pass over the links)
    # the ego network (includes/ego_network.html): 19 its first level, 20 the edges among its
    # nodes, 21 their names, 22 the edges' sources
    with django_assert_num_queries(22):
        response = client.get(firm.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["similar_firms"]) == min(rows, 6)
    assert len(response.context["current_positions"]) == rows
    assert all(link["evidence"] for link in response.context["links"])


def test_the_profile_shows_a_firms_address_switchboard_and_general_email(client):
    # Regression: the contact data entered in admin was shown nowhere.
    make_organisation(
        name="Alpha GmbH",
        slug="alpha",
        street="Werkstraße 2",
        postcode="01067",
        city="Dresden",
        phone="0351 123450",
        email="info@alpha.example",
    )

    response = client.get("/organisationen/alpha/")

    assert "Werkstraße 2" in response.text
    assert '<a href="tel:0351123450">0351 123450</a>' in response.text
    assert '<a href="mailto:info@alpha.example">info@alpha.example</a>' in response.text
    data = jsonld_of(response)
    assert (data["telephone"], data["email"], data["address"]["streetAddress"]) == (
        "0351 123450",
        "info@alpha.example",
        "Werkstraße 2",
    )


@pytest.mark.parametrize("consent", [False, True])
def test_a_sole_traders_street_telephone_and_email_show_only_with_their_consent(client, consent):
    make_organisation(
        name="Bernd Beta Metallbau",
        slug="beta",
        street="Gartenweg 3",
        postcode="01067",
        city="Dresden",
        phone="0351 999",
        email="bernd@beta.example",
        is_sole_trader=True,
        contact_consent=consent,
    )

    response = client.get("/organisationen/beta/")

    for private in ("Gartenweg 3", "0351 999", "bernd@beta.example"):
        assert (private in response.text) is consent, private
    assert "01067 Dresden" in response.text  # the place stays: it is what the map and filters use
    assert ("telephone" in jsonld_of(response)) is consent
