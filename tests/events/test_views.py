"""The public event pages: the calendar, one event, one series."""

import datetime

import pytest

from events.models import Event, Participation
from tests.factories import (
    cite,
    make_event,
    make_network,
    make_organisation,
    make_participation,
    make_person,
    make_region,
    make_series,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db


def next_year() -> str:
    return str(datetime.date.today().year + 1)


# Event list ----------------------------------------------------------------------------


@pytest.mark.smoke
def test_the_event_list_shows_upcoming_events_first_then_past_ones_by_year(client):
    later = make_event(title="Maker Faire übernächstes Jahr", start=str(datetime.date.today().year + 2))
    soon = make_event(title="Maker Faire nächstes Jahr", start=next_year(), status=Event.Status.PLANNED)
    old = make_event(title="Zulieferkonferenz", start="März 2017")
    older = make_event(title="Reise nach Mexiko", start="2016")
    same_year = make_event(title="Strategiewerkstatt", start="24.09.2016")

    response = client.get("/veranstaltungen/")

    assert response.status_code == 200
    assert response.context["upcoming"] == [soon, later]
    assert response.context["past_by_year"] == [(2017, [old]), (2016, [same_year, older])]
    text = response.text
    assert text.index("Maker Faire nächstes Jahr") < text.index("Zulieferkonferenz")
    assert "März 2017" in text
    assert "geplant" in text


def test_an_event_page_shows_date_place_people_and_sources(client):
    saxony = make_region(name="Sachsen")
    dresden = make_region(name="Dresden", kind="city", parent=saxony)
    series = make_series(name="Zulieferkonferenz Sachsen")
    article = make_source(title="Feinmechaniker präsentieren sich in Dresden")
    event = make_event(
        title="Zulieferkonferenz in Dresden",
        start="März 2017",
        status=Event.Status.TOOK_PLACE,
        kind=Event.Kind.CONFERENCE,
        venue_name="Internationales Congress Center",
        city="Dresden",
        region=dresden,
        series=series,
        description="Zulieferer stellen sich vor.",
        note="Der Tag ist nur als Mittwoch genannt.",
    )
    event.topics.add(make_topic(name="Digitalisierung"))
    cite(event, article)
    wfs = make_organisation(name="Wirtschaftsförderung Sachsen")
    make_participation(event=event, organisation=wfs, role=Participation.Role.ORGANISER)
    firm = make_organisation(name="Feinwerktechnik Geising GmbH")
    cite(
        make_participation(
            event=event,
            person=make_person(name="Jürgen Graf"),
            organisation=firm,
            role=Participation.Role.SPEAKER,
            talk_title="Getriebe und Baugruppen nach Kundenwunsch",
        ),
        article,
    )
    make_participation(event=event, organisation=make_network(name="Impro"), role=Participation.Role.GUEST)

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    text = response.text
    assert text.count("<h1") == 1
    for expected in [
        "Zulieferkonferenz in Dresden",
        "März 2017",
        "Fand statt",
        "Konferenz",
        "Internationales Congress Center",
        "Dresden",
        "Sachsen",
        series.get_absolute_url(),
        "Digitalisierung",
        "Zulieferer stellen sich vor.",
        "Hinweis der Redaktion:",
        "Der Tag ist nur als Mittwoch genannt.",
        "Wirtschaftsförderung Sachsen",
        "Veranstalter",
        "„Getriebe und Baugruppen nach Kundenwunsch“",
        "Jürgen Graf",
        "Feinwerktechnik Geising GmbH",
        "Gast",
        "Impro",
        "Quellen",
        article.get_absolute_url(),
    ]:
        assert expected in text, expected
    assert [p.organisation for p in response.context["organisers"]] == [wfs]
    assert response.context["sources"] == [article]


def test_an_event_with_a_known_day_and_an_end_shows_the_span(client):
    event = make_event(start="24.09.2019", end="26.09.2019")

    response = client.get(event.get_absolute_url())

    assert "24. September 2019 – 26. September 2019" in response.text


@pytest.mark.smoke
def test_dates_are_written_in_german_whatever_language_the_browser_asks_for(client):
    # The interface is German only for now; Django's own month names would otherwise follow
    # the browser's Accept-Language through LocaleMiddleware and read "March 2017".
    event = make_event(start="März 2017")

    response = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert "März 2017" in response.text
    assert "March" not in response.text


@pytest.mark.parametrize("rows", [3, 6])
def test_an_event_page_runs_six_queries(client, django_assert_num_queries, rows):
    event = make_event(venue=make_organisation(), series=make_series(), region=make_region())
    cite(event)
    event.topics.add(*(make_topic() for _ in range(rows)))
    for _ in range(rows):
        cite(make_participation(event=event, organisation=make_organisation(), role=Participation.Role.ORGANISER))
        cite(
            make_participation(
                event=event,
                person=make_person(),
                organisation=make_organisation(),
                role=Participation.Role.SPEAKER,
                talk_title="Vortrag",
            )
        )
        cite(make_participation(event=event, person=make_person(), role=Participation.Role.GUEST))

    # 1 the event with series, venue and region, 2 topics, 3 its citations,
    # 4 participations with organisations, 5 their public people, 6 their citations
    with django_assert_num_queries(6):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["speakers"]) == rows


# Series --------------------------------------------------------------------------------


@pytest.mark.smoke
def test_a_series_page_lists_every_edition(client):
    series = make_series(name="Maker Faire Sachsen", description="Jedes Jahr in Chemnitz.")
    editions = [
        make_event(title=f"Maker Faire Sachsen {year}", start=str(year), series=series) for year in (2017, 2018, 2019)
    ]
    make_event(title="Etwas anderes")

    response = client.get(series.get_absolute_url())

    assert response.status_code == 200
    assert response.context["events"] == list(reversed(editions))
    assert "Jedes Jahr in Chemnitz." in response.text
    assert "Etwas anderes" not in response.text


@pytest.mark.parametrize("rows", [3, 6])
def test_a_series_page_runs_three_queries(client, django_assert_num_queries, rows):
    series = make_series()
    for _ in range(rows):
        cite(series)
        make_event(series=series, venue=make_organisation())

    # 1 the series, 2 its citations with sources, 3 its events with their venues
    with django_assert_num_queries(3):
        response = client.get(series.get_absolute_url())
    assert len(response.context["events"]) == rows
    assert len(response.context["sources"]) == rows
