"""Small helpers that make valid records with as few arguments as a test needs."""

import datetime
import itertools

from directory.models import (
    Citation,
    Competence,
    Membership,
    Organisation,
    Person,
    Position,
    Region,
    Relationship,
    Sector,
    Source,
)
from events.models import Event, EventSeries, Participation, Topic
from netzwerk.lib.fuzzydates import FuzzyDate

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def make_organisation(**kwargs) -> Organisation:
    n = _n()
    kwargs.setdefault("name", f"Firma {n} GmbH")
    kwargs.setdefault("slug", f"firma-{n}")
    return Organisation.objects.create(**kwargs)


def make_network(**kwargs) -> Organisation:
    n = _n()
    kwargs.setdefault("name", f"Netzwerk {n}")
    kwargs.setdefault("slug", f"netzwerk-{n}")
    return make_organisation(kind=Organisation.Kind.NETWORK, **kwargs)


def make_person(**kwargs) -> Person:
    n = _n()
    kwargs.setdefault("name", f"Person {n}")
    kwargs.setdefault("slug", f"person-{n}")
    kwargs.setdefault("is_public", True)
    return Person.objects.create(**kwargs)


def make_region(**kwargs) -> Region:
    n = _n()
    kwargs.setdefault("name", f"Region {n}")
    kwargs.setdefault("slug", f"region-{n}")
    kwargs.setdefault("kind", Region.Kind.STATE)
    return Region.objects.create(**kwargs)


def make_competence(**kwargs) -> Competence:
    n = _n()
    kwargs.setdefault("name", f"Kompetenz {n}")
    kwargs.setdefault("slug", f"kompetenz-{n}")
    return Competence.objects.create(**kwargs)


def make_sector(**kwargs) -> Sector:
    n = _n()
    kwargs.setdefault("name", f"Branche {n}")
    kwargs.setdefault("slug", f"branche-{n}")
    return Sector.objects.create(**kwargs)


def make_source(**kwargs) -> Source:
    n = _n()
    kwargs.setdefault("title", f"Artikel {n}")
    kwargs.setdefault("slug", f"artikel-{n}")
    kwargs.setdefault("publisher", "Testzeitung")
    kwargs.setdefault("published_date", datetime.date(2020, 1, 1))
    return Source.objects.create(**kwargs)


def cite(record, source: Source | None = None, quote: str = "") -> Citation:
    return Citation.objects.create(content_object=record, source=source or make_source(), quote=quote)


def fuzzy(text: str) -> FuzzyDate:
    return FuzzyDate.parse(text)


def make_membership(
    organisation=None, network=None, start: str | None = None, end: str | None = None, **kwargs
) -> Membership:
    membership = Membership(
        organisation=organisation or make_organisation(), network=network or make_network(), **kwargs
    )
    membership.start = fuzzy(start) if start else None
    membership.end = fuzzy(end) if end else None
    membership.save()
    return membership


def make_position(person=None, organisation=None, role="Geschäftsführer", start=None, end=None, **kwargs) -> Position:
    position = Position(
        person=person or make_person(), organisation=organisation or make_organisation(), role=role, **kwargs
    )
    position.start = fuzzy(start) if start else None
    position.end = fuzzy(end) if end else None
    position.save()
    return position


def make_relationship(
    from_organisation=None, to_organisation=None, kind=Relationship.Kind.COOPERATION, start=None, **kwargs
) -> Relationship:
    relationship = Relationship(
        from_organisation=from_organisation or make_organisation(),
        to_organisation=to_organisation or make_organisation(),
        kind=kind,
        **kwargs,
    )
    relationship.start = fuzzy(start) if start else None
    relationship.save()
    return relationship


def make_topic(**kwargs) -> Topic:
    n = _n()
    kwargs.setdefault("name", f"Thema {n}")
    kwargs.setdefault("slug", f"thema-{n}")
    return Topic.objects.create(**kwargs)


def make_series(**kwargs) -> EventSeries:
    n = _n()
    kwargs.setdefault("name", f"Reihe {n}")
    kwargs.setdefault("slug", f"reihe-{n}")
    return EventSeries.objects.create(**kwargs)


def make_event(start: str = "24.09.2019", end: str | None = None, **kwargs) -> Event:
    n = _n()
    kwargs.setdefault("title", f"Veranstaltung {n}")
    kwargs.setdefault("slug", f"veranstaltung-{n}")
    kwargs.setdefault("kind", Event.Kind.CONFERENCE)
    event = Event(**kwargs)
    event.start = fuzzy(start)
    event.end = fuzzy(end) if end else None
    event.save()
    return event


def make_participation(event=None, **kwargs) -> Participation:
    if "person" not in kwargs and "organisation" not in kwargs:
        kwargs["organisation"] = make_organisation()
    return Participation.objects.create(event=event or make_event(), **kwargs)
