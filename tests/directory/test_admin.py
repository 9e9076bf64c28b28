"""The editors' admin: every page renders, changelists cost a constant number of queries,
dates are typed as written, autocompletes offer the right records, outsiders stay out."""

import datetime
import itertools

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from directory.admin.sources import cited_models
from directory.models import (
    Citation,
    Competence,
    CorrectionRequest,
    Firm,
    ImportRecord,
    Membership,
    Network,
    NetworkEditor,
    Organisation,
    OrganisationRedirect,
    Person,
    Position,
    PostalCode,
    Region,
    Relationship,
    Sector,
    SeedRecord,
    SitePage,
    Source,
    StatedMemberCount,
)
from events.models import Event, EventSeries, Participation, Topic
from netzwerk.lib.forms import FuzzyDateField
from netzwerk.lib.fuzzydates import FuzzyDate, Precision
from tests.admin_helpers import add_row, admin_url, errors_of, form_data
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
    make_series,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db

# The login lockouts (axes) and second-factor devices (otp_totp) have their own admin tests in
# tests/test_security.py.
THIRD_PARTY = ("axes", "otp_totp")
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label not in THIRD_PARTY),
    key=lambda model: model._meta.label,
)
OURS = [model for model in REGISTERED if model._meta.app_label in ("directory", "events")]
_codes = itertools.count(1000)


def one_of_each() -> dict:
    """One saved record for every registered model."""
    state = make_region(name="Sachsen")
    town = make_region(name="Dresden", kind=Region.Kind.CITY, parent=state)
    network = make_network(name="Automobilzuliefernetzwerk", short_name="AMZ", region=town)
    firm = make_organisation(name="Feinwerktechnik Geising GmbH", city="Geising", region=town)
    person = make_person(name="Jürgen Graf")
    event = make_event(title="Zulieferkonferenz", series=make_series(), venue=firm, region=town)
    event.topics.add(make_topic())
    source = make_source()
    firm.sectors.add(make_sector())
    firm.competences.add(make_competence(parent=make_competence()))
    citation = cite(firm, source, quote="Feinwerktechnik Geising fertigt Getriebe.")
    return {
        Organisation: firm,
        Network: network,
        Firm: Firm.objects.get(pk=firm.pk),
        Region: town,
        PostalCode: PostalCode.objects.create(code="01067", region=town),
        Sector: firm.sectors.get(),
        Competence: firm.competences.get(),
        Person: person,
        Membership: make_membership(organisation=firm, network=network, start="2016"),
        Position: make_position(person=person, organisation=firm, start="März 2016"),
        Relationship: make_relationship(from_organisation=firm, to_organisation=network),
        Source: source,
        Citation: citation,
        Topic: event.topics.get(),
        EventSeries: event.series,
        Event: event,
        Participation: make_participation(event=event, person=person, organisation=firm),
        User: User.objects.get(username="admin"),
        NetworkEditor: NetworkEditor.objects.create(
            user=User.objects.create_user("amz-buero", is_staff=True), network=network
        ),
        CorrectionRequest: CorrectionRequest.objects.create(
            record=firm, record_label=firm.name, message="Die Adresse ist veraltet."
        ),
        Group: Group.objects.create(name="Netzwerkbüro"),
        OrganisationRedirect: OrganisationRedirect.objects.create(old_slug="geising-alt", organisation=firm),
        SitePage: SitePage.objects.get_or_create(key="impressum", defaults={"title": "Impressum", "body": "Text"})[0],
        StatedMemberCount: StatedMemberCount.objects.create(network=network, count=158, label="Mitgliedsunternehmen"),
        SeedRecord: SeedRecord.objects.create(key="article:geising", content_object=firm, written={"name": firm.name}),
        ImportRecord: ImportRecord.objects.create(
            user=User.objects.get(username="admin"),
            network=network,
            filename="liste.csv",
            digest="0" * 64,
            created_count=1,
            rows=[
                {
                    "row": 2,
                    "name": firm.name,
                    "action": "created",
                    "organisation": firm.pk,
                    "changes": ["Mitglied in AMZ"],
                }
            ],
        ),
    }


def test_every_model_of_the_directory_and_events_is_registered():
    from django.apps import apps

    ours = [*apps.get_app_config("directory").get_models(), *apps.get_app_config("events").get_models()]
    # The history tables are shown on each record's history page (django-simple-history).
    ours = [model for model in ours if not model.__name__.startswith("Historical")]
    assert set(ours) <= set(REGISTERED)
    assert {Network, Firm} <= set(REGISTERED)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_admin_page_renders_for_a_superuser(admin_client, model):
    record = one_of_each()[model]

    changelist = admin_client.get(admin_url(model, "changelist"))
    add = admin_client.get(admin_url(model, "add"))
    change = admin_client.get(admin_url(model, "change", record.pk))

    assert changelist.status_code == 200
    # Correction requests come in through the public form only, import records from the import,
    # seed records from the seed.
    assert add.status_code == (403 if model in (CorrectionRequest, ImportRecord, SeedRecord) else 200)
    assert change.status_code == 200
    assert escape(str(record)) in changelist.content.decode()
    assert escape(str(record)) in change.content.decode()


def test_networks_and_firms_are_separate_sections_that_hold_only_their_kind(admin_client):
    network = make_network(name="Industrieverein Sachsen 1828")
    firm = make_organisation(name="Wiegand-Glas")

    networks = admin_client.get(admin_url(Network, "changelist")).content.decode()
    firms = admin_client.get(admin_url(Firm, "changelist")).content.decode()

    assert network.name in networks and firm.name not in networks
    assert firm.name in firms and network.name not in firms
    assert admin_client.get(admin_url(Network, "change", firm.pk)).status_code == 404
    assert admin_client.get(admin_url(Firm, "change", network.pk)).status_code == 404


@pytest.mark.parametrize(("model", "kind"), [(Network, "network"), (Firm, "firm")])
def test_adding_through_a_section_sets_the_kind(admin_client, model, kind):
    url = admin_url(model, "add")
    data = form_data(admin_client.get(url))
    data.update(name="Kreativ Sachsen", slug="kreativ-sachsen")

    response = admin_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    assert Organisation.objects.get(slug="kreativ-sachsen").kind == kind


def test_a_network_page_lists_its_members_and_a_firm_page_does_not(admin_client):
    network = make_network()
    member = make_organisation(name="Glaswerk Schleusingen")
    make_membership(organisation=member, network=network)

    network_page = admin_client.get(admin_url(Organisation, "change", network.pk))
    firm_page = admin_client.get(admin_url(Organisation, "change", member.pk))

    assert "member_links-TOTAL_FORMS" in network_page.content.decode()
    assert "Glaswerk Schleusingen" in network_page.content.decode()
    assert "member_links-TOTAL_FORMS" not in firm_page.content.decode()
    assert "memberships-TOTAL_FORMS" in firm_page.content.decode()


def test_the_organisation_list_counts_only_the_current_members_of_a_network(admin_client):
    network = make_network(name="Impro")
    make_membership(network=network, start="2016")
    make_membership(network=network, start="2016")
    make_membership(network=network, start="2010", end="2015")

    response = admin_client.get(admin_url(Organisation, "changelist"), {"kind__exact": "network"})

    [row] = response.context["cl"].result_list
    assert row.current_member_count == 2


def test_the_organisation_list_filters_the_members_of_a_network(admin_client):
    network = make_network(name="Impro")
    member, outsider = make_organisation(name="Feinwerktechnik Geising"), make_organisation(name="Glaswerk")
    make_membership(organisation=member, network=network, start="2010", end="2015")
    make_membership(organisation=member, network=network, start="2017")
    # A list filter with a single choice is hidden and ignored: give it a second network.
    make_membership(organisation=outsider, network=make_network(name="AMZ"))

    response = admin_client.get(admin_url(Organisation, "changelist"), {"memberships__network__id__exact": network.pk})

    assert list(response.context["cl"].result_list) == [member]


def test_the_membership_list_tells_current_from_ended(admin_client):
    current = make_membership(start="2016")
    ended = make_membership(start="2010", end="2015")

    now = admin_client.get(admin_url(Membership, "changelist"), {"stand": "aktuell"})
    before = admin_client.get(admin_url(Membership, "changelist"), {"stand": "beendet"})

    assert list(now.context["cl"].result_list) == [current]
    assert list(before.context["cl"].result_list) == [ended]


def test_an_organisation_is_found_by_a_former_name(admin_client):
    make_organisation(name="Wiegand-Glas", aliases="Glashütte Schleusingen\nWiegand Glas GmbH")

    response = admin_client.get(admin_url(Organisation, "changelist"), {"q": "Glashütte"})

    assert [organisation.name for organisation in response.context["cl"].result_list] == ["Wiegand-Glas"]


# ---------------------------------------------------------------------------------------------
# Changelists: a constant number of queries however many rows.
# ---------------------------------------------------------------------------------------------


def redirect_row():
    OrganisationRedirect.objects.create(old_slug=f"alt-{next(_codes)}", organisation=make_organisation())


def organisation_row():
    firm = make_organisation(region=make_region(), city="Dresden")
    firm.sectors.add(make_sector())
    network = make_network(region=make_region())
    for _ in range(3):
        make_membership(network=network)
    make_membership(organisation=firm, network=network)


def network_row():
    network = make_network(region=make_region())
    network.sectors.add(make_sector())
    for _ in range(3):
        make_membership(network=network)


def firm_row():
    firm = make_organisation(region=make_region(), employees=Organisation.EmployeeBand.SMALL)
    firm.sectors.add(make_sector())
    firm.competences.add(make_competence())
    for _ in range(3):
        make_membership(organisation=firm)


def region_row():
    make_region(kind=Region.Kind.DISTRICT, parent=make_region(), ags=str(next(_codes)))


def postal_code_row():
    PostalCode.objects.create(code=f"{next(_codes):05d}", region=make_region())


def sector_row():
    sector = make_sector()
    for _ in range(3):
        make_organisation().sectors.add(sector)


def competence_row():
    competence = make_competence(parent=make_competence())
    for _ in range(3):
        make_organisation().competences.add(competence)


def person_row():
    person = make_person()
    for _ in range(3):
        make_position(person=person)


def membership_row():
    make_membership(start="2016", end="2030")


def position_row():
    make_position(start="2016")


def relationship_row():
    make_relationship(kind=Relationship.Kind.SUPPLIER)


def source_row():
    source = make_source()
    for _ in range(3):
        cite(make_organisation(), source)


def citation_row():
    # Every kind of cited record on every page, so each page needs the same lookups.
    event = make_event()
    for record in [
        make_organisation(),
        make_person(),
        make_membership(),
        make_position(),
        make_relationship(),
        event,
        make_series(),
        make_participation(event=event),
        StatedMemberCount.objects.create(network=make_network(), count=13),
    ]:
        cite(record)


def topic_row():
    topic = make_topic()
    for _ in range(3):
        make_event().topics.add(topic)


def series_row():
    series = make_series()
    for _ in range(3):
        make_event(series=series)


def event_row():
    event = make_event(venue=make_organisation(), series=make_series(), region=make_region())
    event.topics.add(make_topic())
    for _ in range(3):
        make_participation(event=event, person=make_person())


def participation_row():
    make_participation(event=make_event(), person=make_person(), organisation=make_organisation())


def network_editor_row():
    make_network()  # a network nobody edits yet, left out of the filter
    NetworkEditor.objects.create(user=User.objects.create_user(f"buero-{next(_codes)}"), network=make_network())


def import_record_row():
    ImportRecord.objects.create(
        user=User.objects.create_user(f"buero-{next(_codes)}"),
        network=make_network(),
        filename="liste.csv",
        digest="a" * 64,
    )


def correction_row():
    CorrectionRequest.objects.create(
        record=make_organisation(), record_label="Firma", message="Die Adresse ist veraltet."
    )


def stated_count_row():
    cite(StatedMemberCount.objects.create(network=make_network(), count=13, label="Mitgliedsfirmen"))


def seed_record_row():
    firm = make_organisation()
    SeedRecord.objects.create(key=f"public:org-{firm.slug}", content_object=firm, written={"name": firm.name})


def site_page_row():
    # The site has two pages; the database does not hold the key to its choices, so a test can
    # make thirty.
    SitePage.objects.create(key=f"seite-{next(_codes)}", title="Seite", body="Text")


# Every changelist runs 1 the session, 2 the user, then one query per list filter that reads
# its choices from the database, 3 the count of the rows shown, 4 the count of all rows (for
# "n of m"), 5 the page of rows with everything its columns read (select_related, annotated
# counts). On top of that, per changelist:
CHANGELISTS = [
    # + networks with members ("Mitglied in"), regions used, sectors used.
    pytest.param(Organisation, organisation_row, 8, id="organisation"),
    # + regions used, sectors used.
    pytest.param(Network, network_row, 7, id="network"),
    # + networks with members, regions, sectors and competences used.
    pytest.param(Firm, firm_row, 9, id="firm"),
    # kind is a fixed choice list: no filter query.
    pytest.param(Region, region_row, 5, id="region"),
    pytest.param(PostalCode, postal_code_row, 5, id="postalcode"),
    pytest.param(Sector, sector_row, 5, id="sector"),
    # + competence fields used.
    pytest.param(Competence, competence_row, 6, id="competence"),
    pytest.param(Person, person_row, 5, id="person"),
    # + networks that have members.
    pytest.param(Membership, membership_row, 6, id="membership"),
    pytest.param(Position, position_row, 5, id="position"),
    pytest.param(Relationship, relationship_row, 5, id="relationship"),
    # + publishers (a distinct list), + date hierarchy: first and last date, then the dates.
    pytest.param(Source, source_row, 8, id="source"),
    # + content types cited, sources cited, then one query per kind of cited record (9 kinds).
    pytest.param(Citation, citation_row, 16, id="citation"),
    pytest.param(Topic, topic_row, 5, id="topic"),
    pytest.param(EventSeries, series_row, 5, id="eventseries"),
    # + series, topics and regions used, + date hierarchy: first and last date, then the dates.
    pytest.param(Event, event_row, 10, id="event"),
    pytest.param(Participation, participation_row, 5, id="participation"),
    # + networks that have editors.
    pytest.param(NetworkEditor, network_editor_row, 6, id="networkeditor"),
    # + networks and users that have imported.
    pytest.param(ImportRecord, import_record_row, 7, id="importrecord"),
    # + kinds of records reported, + date hierarchy: first and last date, then the dates.
    pytest.param(CorrectionRequest, correction_row, 8, id="correctionrequest"),
    pytest.param(OrganisationRedirect, redirect_row, 5, id="organisationredirect"),
    pytest.param(SitePage, site_page_row, 5, id="sitepage"),
    # + networks that have counts.
    pytest.param(StatedMemberCount, stated_count_row, 6, id="statedmembercount"),
    # + kinds of records written.
    pytest.param(SeedRecord, seed_record_row, 6, id="seedrecord"),
]


def test_every_changelist_of_ours_has_a_query_count_test():
    assert {param.values[0] for param in CHANGELISTS} == set(OURS)


@pytest.mark.parametrize(("model", "make_row", "expected"), CHANGELISTS)
def test_a_changelist_runs_the_same_queries_for_5_and_for_30_rows(
    admin_client, django_assert_num_queries, model, make_row, expected
):
    # Content types are cached for the life of the process; a running site has them already.
    ContentType.objects.get_for_models(*cited_models())
    url = admin_url(model, "changelist")
    for _ in range(5):
        make_row()
    with CaptureQueriesContext(connection) as five:
        assert admin_client.get(url).status_code == 200
    for _ in range(25):
        make_row()

    with django_assert_num_queries(expected):
        response = admin_client.get(url)

    assert len(five) == expected
    assert len(response.context["cl"].result_list) >= 30


# ---------------------------------------------------------------------------------------------
# Fuzzy dates, typed as written.
# ---------------------------------------------------------------------------------------------


def post_form(client, url, changes):
    data = form_data(client.get(url))
    if callable(changes):
        changes(data)
    else:
        data.update(changes)
    return client.post(url, data)


def test_a_membership_typed_from_maerz_2016_to_2019_is_stored_as_its_first_and_last_day(admin_client):
    network, member = make_network(), make_organisation()

    response = post_form(
        admin_client,
        admin_url(Membership, "add"),
        {"organisation": member.pk, "network": network.pk, "start": "März 2016", "end": "2019"},
    )

    assert response.status_code == 302, errors_of(response)
    membership = Membership.objects.get()
    assert (membership.start_date, membership.start_precision) == (datetime.date(2016, 3, 1), Precision.MONTH)
    assert (membership.end_date, membership.end_precision) == (datetime.date(2019, 12, 31), Precision.YEAR)


def test_a_stored_fuzzy_date_is_shown_as_it_was_written(admin_client):
    membership = make_membership(start="03.2016", end="2019")

    response = admin_client.get(admin_url(Membership, "change", membership.pk))

    assert 'value="März 2016"' in response.content.decode()
    assert 'value="2019"' in response.content.decode()


def test_a_date_that_does_not_exist_is_refused_with_a_message(admin_client):
    network, member = make_network(), make_organisation()

    response = post_form(
        admin_client,
        admin_url(Membership, "add"),
        {"organisation": member.pk, "network": network.pk, "start": "32.13.2019"},
    )

    assert response.status_code == 200
    assert "„32.13.2019“ ist kein gültiges Datum." in errors_of(response)
    assert not Membership.objects.exists()


def test_a_text_that_is_no_date_is_refused_with_the_formats_that_work(admin_client):
    network, member = make_network(), make_organisation()

    response = post_form(
        admin_client,
        admin_url(Membership, "add"),
        {"organisation": member.pk, "network": network.pk, "end": "irgendwann"},
    )

    assert response.status_code == 200
    assert any("Erlaubt sind ein Jahr (2016)" in message for message in errors_of(response))
    assert not Membership.objects.exists()


def test_clearing_a_start_makes_it_unknown(admin_client):
    membership = make_membership(start="2016")
    url = admin_url(Membership, "change", membership.pk)

    response = post_form(admin_client, url, {"start": ""})

    assert response.status_code == 302, errors_of(response)
    membership.refresh_from_db()
    assert membership.start is None
    assert membership.start_precision == Precision.DAY


def test_a_position_takes_its_attested_date_as_written(admin_client):
    person, organisation = make_person(), make_organisation()

    response = post_form(
        admin_client,
        admin_url(Position, "add"),
        {
            "person": person.pk,
            "organisation": organisation.pk,
            "role": "Vorsitzender",
            "attested": "Mai 2021",
        },
    )

    assert response.status_code == 302, errors_of(response)
    position = Position.objects.get()
    assert position.attested == FuzzyDate(datetime.date(2021, 5, 1), Precision.MONTH)
    assert position.start is None


def test_a_source_takes_its_publication_date_as_written(admin_client):
    response = post_form(
        admin_client,
        admin_url(Source, "add"),
        {"title": "Netzwerke im Erzgebirge", "slug": "netzwerke-im-erzgebirge", "published": "2020"},
    )

    assert response.status_code == 302, errors_of(response)
    source = Source.objects.get()
    assert (source.published_date, source.published_precision) == (datetime.date(2020, 1, 1), Precision.YEAR)


def test_a_member_row_added_on_a_network_page_takes_fuzzy_dates(admin_client):
    network, member = make_network(), make_organisation()
    url = admin_url(Network, "change", network.pk)

    response = post_form(
        admin_client,
        url,
        lambda data: add_row(data, "member_links", organisation=member.pk, role="founding_member", start="2016"),
    )

    assert response.status_code == 302, errors_of(response)
    membership = Membership.objects.get(network=network)
    assert membership.organisation == member
    assert membership.start == FuzzyDate(datetime.date(2016, 1, 1), Precision.YEAR)


def test_saving_a_page_unchanged_leaves_its_dated_rows_alone(admin_client):
    network = make_network()
    membership = make_membership(network=network, start="März 2016", end="2019")
    url = admin_url(Network, "change", network.pk)

    response = post_form(admin_client, url, {})

    assert response.status_code == 302, errors_of(response)
    membership.refresh_from_db()
    assert membership.period == "März 2016 – 2019"


def test_an_end_typed_again_as_written_does_not_count_as_a_change():
    field = FuzzyDateField()
    stored_end = FuzzyDate(datetime.date(2019, 12, 31), Precision.YEAR)

    assert not field.has_changed(stored_end, "2019")
    assert not field.has_changed(None, "")
    assert field.has_changed(stored_end, "2020")
    assert field.has_changed(None, "kaputt")


# ---------------------------------------------------------------------------------------------
# Autocompletes.
# ---------------------------------------------------------------------------------------------


def autocomplete(client, model_name: str, field_name: str, term: str, app_label: str = "directory"):
    return client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )


def test_the_network_autocomplete_of_a_membership_offers_only_networks(admin_client):
    make_network(name="Automobilzuliefernetzwerk")
    make_organisation(name="Automobil Schmidt GmbH")

    response = autocomplete(admin_client, "membership", "network", "Automobil")

    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Automobilzuliefernetzwerk"]


def test_the_competence_autocomplete_puts_the_exact_and_prefix_name_matches_above_synonym_matches(admin_client):
    # Regression: "Spritz" + Enter saved "Formenbau", whose synonym matched, above "Spritzguss".
    make_competence(name="Formenbau", synonyms="Spritzgießwerkzeug, Spritzgusswerkzeug")
    make_competence(name="Abspritzen")
    make_competence(name="Spritzguss", synonyms="Spritzgießen")

    response = autocomplete(admin_client, "organisation", "competences", "Spritz")
    exact = autocomplete(admin_client, "organisation", "competences", "spritzguss")

    assert [item["text"] for item in response.json()["results"]] == ["Spritzguss", "Abspritzen", "Formenbau"]
    assert exact.json()["results"][0]["text"] == "Spritzguss"


def test_the_member_autocomplete_offers_organisations_of_every_kind(admin_client):
    make_network(name="Automobilzuliefernetzwerk")
    make_organisation(name="Automobil Schmidt GmbH")

    response = autocomplete(admin_client, "membership", "organisation", "Automobil")

    assert sorted(item["text"] for item in response.json()["results"]) == [
        "Automobil Schmidt GmbH",
        "Automobilzuliefernetzwerk",
    ]


def test_an_organisation_is_found_by_its_short_name(admin_client):
    make_network(name="Automobilzuliefernetzwerk", short_name="AMZ")

    response = autocomplete(admin_client, "position", "organisation", "AMZ")

    assert [item["text"] for item in response.json()["results"]] == ["Automobilzuliefernetzwerk"]


@pytest.mark.parametrize(
    ("model_name", "field_name", "make", "app_label"),
    [
        ("membership", "organisation", lambda name: make_organisation(name=name), "directory"),
        ("position", "person", lambda name: make_person(name=name), "directory"),
        ("organisation", "region", lambda name: make_region(name=name), "directory"),
        ("organisation", "sectors", lambda name: make_sector(name=name), "directory"),
        ("organisation", "competences", lambda name: make_competence(name=name), "directory"),
        ("citation", "source", lambda name: make_source(title=name), "directory"),
        ("event", "topics", lambda name: make_topic(name=name), "events"),
        ("event", "series", lambda name: make_series(name=name), "events"),
        ("participation", "event", lambda name: make_event(title=name), "events"),
    ],
)
def test_every_autocomplete_finds_its_records_in_order(admin_client, model_name, field_name, make, app_label):
    for name in ["Zwickau Nord", "Zwickau Süd", "Aue"]:
        make(name)

    response = autocomplete(admin_client, model_name, field_name, "Zwickau", app_label=app_label)

    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Zwickau Nord", "Zwickau Süd"]


def test_every_link_to_a_searchable_record_is_an_autocomplete():
    """Organisations, people, competences, regions, sources, sectors, topics, series, events."""
    searchable = {Organisation, Person, Competence, Region, Source, Sector, Topic, EventSeries, Event}
    missing = []
    for model_admin in [*admin.site._registry.values()]:
        inlines = [inline(model_admin.model, admin.site) for inline in model_admin.inlines]
        for options in [model_admin, *inlines]:
            fields = {name for name in _shown_fields(options)}
            for field in options.model._meta.get_fields():
                if (
                    field.name in fields
                    and (field.many_to_one or field.many_to_many)
                    and field.related_model in searchable
                    and field.name not in options.autocomplete_fields
                    and field.name != getattr(options, "fk_name", None)
                ):
                    missing.append(f"{type(options).__name__}.{field.name}")
    assert missing == []


def _shown_fields(options) -> list[str]:
    if options.fieldsets:
        return [
            name
            for _, opts in options.fieldsets
            for row in opts["fields"]
            for name in (row if isinstance(row, tuple) else (row,))
        ]
    if options.fields:
        return [name for row in options.fields for name in (row if isinstance(row, tuple) else (row,))]
    return [field.name for field in options.model._meta.get_fields()]


# ---------------------------------------------------------------------------------------------
# Who may use the admin.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", OURS, ids=lambda model: model._meta.label)
def test_staff_without_permissions_are_refused_every_page(client, admin_user, model):
    record = one_of_each()[model]
    clerk = User.objects.create(username="praktikant", is_staff=True)
    client.force_login(clerk)

    for url in [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", record.pk),
    ]:
        assert client.get(url).status_code == 403, url


def test_people_who_are_not_staff_are_sent_to_the_login(client):
    organisation = make_organisation()
    client.force_login(User.objects.create(username="leser"))

    for url in [
        admin_url(Organisation, "changelist"),
        admin_url(Organisation, "change", organisation.pk),
        reverse("admin:index"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(admin_url(Network, "changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_superuser_gets_in(admin_client):
    assert admin_client.get(reverse("admin:index")).status_code == 200


def test_a_clerk_allowed_to_view_networks_sees_them_but_cannot_add_or_change(client):
    network = make_network(name="Impro")
    clerk = User.objects.create(username="buero", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_network"))
    # Staff other than superusers see only the networks they look after (directory/permissions.py).
    NetworkEditor.objects.create(user=clerk, network=network)
    client.force_login(clerk)

    assert "Impro" in client.get(admin_url(Network, "changelist")).content.decode()
    assert client.get(admin_url(Network, "add")).status_code == 403
    response = client.post(admin_url(Network, "change", network.pk), {"name": "Umbenannt"})
    assert response.status_code == 403
    network.refresh_from_db()
    assert network.name == "Impro"


def test_the_autocomplete_refuses_staff_who_may_not_view_organisations(client):
    make_network(name="Automobilzuliefernetzwerk")
    client.force_login(User.objects.create(username="praktikant", is_staff=True))

    assert autocomplete(client, "membership", "network", "Auto").status_code == 403


def test_a_citation_lists_the_record_it_supports_with_a_link(admin_client):
    firm = make_organisation(name="Wiegand-Glas")
    citation = cite(firm, quote="Wiegand-Glas in Schleusingen")

    content = admin_client.get(admin_url(Citation, "changelist")).content.decode()

    assert admin_url(Organisation, "change", firm.pk) in content
    assert "Wiegand-Glas in Schleusingen" in content
    assert citation.source.title in content
