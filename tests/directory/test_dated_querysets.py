import datetime

import pytest

from directory.models import Membership, Person, Position, Relationship
from tests.factories import (
    make_membership,
    make_network,
    make_organisation,
    make_person,
    make_position,
    make_relationship,
)

pytestmark = pytest.mark.django_db


def test_a_start_is_stored_as_the_first_day_and_an_end_as_the_last_day_of_its_period():
    membership = make_membership(start="März 2016", end="2019")

    membership.refresh_from_db()
    assert membership.start_date == datetime.date(2016, 3, 1)
    assert membership.end_date == datetime.date(2019, 12, 31)
    assert membership.period == "März 2016 – 2019"


def test_as_of_follows_the_dates_including_open_ends():
    network = make_network()
    old = make_membership(network=network, start="2010", end="2015")
    ongoing = make_membership(network=network, start="2014")
    unknown_start = make_membership(network=network, end="03.2012")
    always = make_membership(network=network)

    def members_on(day):
        return set(Membership.objects.filter(network=network).as_of(day))

    assert members_on(datetime.date(2011, 6, 1)) == {old, unknown_start, always}
    assert members_on(datetime.date(2012, 3, 31)) == {old, unknown_start, always}
    assert members_on(datetime.date(2014, 1, 1)) == {old, ongoing, always}
    assert members_on(datetime.date(2015, 12, 31)) == {old, ongoing, always}
    assert members_on(datetime.date(2016, 1, 1)) == {ongoing, always}


def test_an_end_within_the_year_of_the_start_keeps_the_member_until_the_year_ends():
    membership = make_membership(start="2016", end="2016")

    assert membership in Membership.objects.as_of(datetime.date(2016, 11, 30))


def test_current_is_as_of_today():
    past = make_membership(start="2001", end="2002")
    present = make_membership(start="2001")
    future = make_membership(start=str(datetime.date.today().year + 2))

    current = set(Membership.objects.current())

    assert present in current
    assert past not in current
    assert future not in current
    assert set(Membership.objects.ended()) >= {past}
    assert present.is_current() and not past.is_current()


def test_positions_and_relationships_have_the_same_view_of_time():
    position = make_position(start="2015", end="2017")
    relationship = make_relationship(start="2018")

    assert list(Position.objects.as_of(datetime.date(2016, 5, 1))) == [position]
    assert list(Position.objects.as_of(datetime.date(2018, 5, 1))) == []
    assert list(Relationship.objects.as_of(datetime.date(2018, 5, 1))) == [relationship]
    assert list(Relationship.objects.as_of(datetime.date(2017, 5, 1))) == []


def test_people_are_private_unless_marked_public():
    private = Person.objects.create(name="Erika Muster", slug="erika-muster")
    public = make_person(is_public=True)

    assert private.is_public is False
    assert list(Person.objects.public()) == [public]


def test_an_undirected_relationship_is_stored_once_whichever_way_it_is_given():
    a, b = make_organisation(), make_organisation()

    relationship = make_relationship(from_organisation=b, to_organisation=a, kind=Relationship.Kind.COOPERATION)

    assert (relationship.from_organisation_id, relationship.to_organisation_id) == (a.pk, b.pk)
    assert relationship.phrase_from(b.pk) == "kooperiert mit"
    assert relationship.other_end(b.pk) == a


def test_a_directed_relationship_keeps_its_direction_and_reads_from_both_ends():
    ministry, agency = make_organisation(), make_organisation()
    if ministry.pk < agency.pk:
        ministry, agency = agency, ministry

    relationship = make_relationship(
        from_organisation=ministry, to_organisation=agency, kind=Relationship.Kind.COMMISSIONED
    )

    assert relationship.from_organisation == ministry
    assert relationship.phrase_from(ministry.pk) == "beauftragte"
    assert relationship.phrase_from(agency.pk) == "beauftragt von"


def test_an_event_known_only_to_the_month_stays_upcoming_until_the_month_is_over():
    from events.models import Event
    from tests.factories import make_event

    event = make_event(start="März 2017")

    assert event.end_date == datetime.date(2017, 3, 31)
    assert event.period == "März 2017"
    assert list(Event.objects.upcoming(datetime.date(2017, 3, 20))) == [event]
    assert list(Event.objects.past(datetime.date(2017, 3, 20))) == []
    assert list(Event.objects.past(datetime.date(2017, 4, 1))) == [event]
