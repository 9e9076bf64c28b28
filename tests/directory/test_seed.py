"""The seed network from the five articles: its facts, their sources, and that a reload changes nothing."""

import datetime
import io
import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from directory.models import (
    Citation,
    Competence,
    Membership,
    Organisation,
    Person,
    Position,
    Region,
    Relationship,
    SeedRecord,
    Source,
)
from directory.seed.articles import load_articles
from directory.seed.public import PublicRecord
from directory.text import german_slugify
from events.models import Event, EventSeries, Participation

# The module loads the whole seed once (its fixture runs before the per-test settings), so its
# reloads must read the same public record: marked `public_record`.
pytestmark = [pytest.mark.django_db, pytest.mark.public_record]

SEED_APPS = ("directory", "events")


def seed_models() -> list:
    """Every table the seed writes to, with the many-to-many link tables, without the proxies."""
    return [
        model
        for label in SEED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if not model._meta.proxy
    ]


def dump() -> dict[str, list[dict]]:
    """Every stored value of every seed table, in key order."""
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in seed_models()}


@pytest.fixture(scope="module", autouse=True)
def seed(django_db_setup, django_db_blocker):
    """Load the seed once for this module (a load takes a second or two); tests roll back their own changes.

    Afterwards only the rows the load added are removed, so other modules start from what they had.
    """
    with django_db_blocker.unblock():
        before = {model: set(model.objects.values_list("pk", flat=True)) for model in seed_models()}
        output = io.StringIO()
        call_command("load_seed_network", stdout=output)
        yield output.getvalue()
        # Children before parents; competences and regions leaf first, because a competence
        # protects its field.
        for model in reversed(seed_models()):
            added = model.objects.exclude(pk__in=before[model])
            if model in (Competence, Region):
                while added.exists():
                    added.filter(children__isnull=True).delete()
            else:
                added.delete()


def test_the_first_run_reports_what_it_created(seed):
    assert "Vocabularies:" in seed
    assert "regions" in seed and "competences" in seed
    assert re.search(rf"Organisation +{Organisation.objects.count()} created", seed)
    assert re.search(rf"Participation +{Participation.objects.count()} created", seed)


# Smoke too: `make run` loads the seed network into SQLite.
@pytest.mark.smoke
def test_a_second_run_changes_nothing():
    before = dump()
    output = io.StringIO()

    call_command("load_seed_network", stdout=output)

    after = dump()
    assert {label: len(rows) for label, rows in after.items()} == {label: len(rows) for label, rows in before.items()}
    assert after == before
    assert "nothing changed" in output.getvalue()
    assert re.search(rf"Event +0 created +0 updated +{Event.objects.count()} unchanged", output.getvalue())


def test_a_reload_keeps_what_editors_changed_and_added():
    # A seed run never overwrites an editor (issue 12): the status an editor set stays.
    wiegand = Organisation.objects.get(slug="wiegand-glas")
    wiegand.competences.add(Competence.objects.get(slug="kabelkonfektion"))
    Event.objects.filter(slug="reise-nach-mexiko-2016").update(status=Event.Status.CANCELLED)

    counts = load_articles()

    assert {c.slug for c in wiegand.competences.all()} >= {"glasherstellung", "kabelkonfektion"}
    assert Event.objects.get(slug="reise-nach-mexiko-2016").status == Event.Status.CANCELLED
    assert counts["Event"]["kept"] == 1
    assert counts["Event"]["updated"] == 0
    assert counts["Organisation"]["updated"] == 0


def test_a_reload_restores_a_fact_the_seed_wrote_when_its_data_changes(monkeypatch):
    from directory.seed.articles import facts

    changed = [dict(e, status="cancelled") if e["slug"] == "Reise nach Mexiko 2016" else e for e in facts.EVENTS]
    monkeypatch.setattr("directory.seed.articles.EVENTS", changed)

    counts = load_articles()

    assert Event.objects.get(slug="reise-nach-mexiko-2016").status == Event.Status.CANCELLED
    assert counts["Event"]["updated"] == 1


def test_it_fails_loudly_when_a_region_is_missing():
    Region.objects.filter(name="Schleusingen").delete()

    with pytest.raises(LookupError, match="Schleusingen"):
        load_articles()


# Every fact cites its article


@pytest.mark.parametrize("model", [Organisation, Person, Position, Relationship, Event, EventSeries, Participation])
def test_every_fact_cites_an_article_with_a_quote(model):
    assert model.objects.exists()
    assert list(model.objects.filter(citations__isnull=True)) == []
    # The articles' citations quote them; the public record's paraphrase (evidence).
    assert not Citation.objects.filter(quote="", evidence="").exists()


def test_each_article_is_a_source_with_its_date_as_precise_as_the_article_gives_it():
    sources = {source.title: source for source in article_rows(Source)}

    assert len(sources) == 5
    sz = sources["Feinmechaniker präsentieren sich in Dresden"]
    assert (sz.published_date, sz.published_precision) == (datetime.date(2017, 3, 1), "month")
    autoland = sources["Automobilbranche in Sachsen: Verstärkt über internationale Kooperationen nachdenken"]
    assert (autoland.published_date, autoland.published_precision) == (datetime.date(2019, 9, 23), "day")
    assert autoland.author == "Redaktion Autoland"
    ihk = sources["Im Fokus: Impulse für die Kulturhauptstadt"]
    assert ihk.publisher == "Wirtschaft Südwestsachsen | IHK Chemnitz"
    assert "Doppelausgabe" in ihk.note
    strategiewerkstatt = Source.objects.get(title__startswith="Intensive Mitwirkung des Erzgebirges")
    assert strategiewerkstatt.published_precision == "year"
    assert "erschlossen" in strategiewerkstatt.note


# The facts


def article_or_public(key: str, field: str, article_value):
    """The value a later source in the public record gives (facts_about), else the article's."""
    return PublicRecord.read().checked.facts.get(key, {}).get("fields", {}).get(field, article_value)


def seeded(model, key: str):
    """The row the seed wrote under `key` (the public record may add more rows like it)."""
    record = SeedRecord.objects.get(key=key)
    return model.objects.get(pk=record.object_id)


def test_christoph_herbrig_chairs_impro():
    position = seeded(Position, "article:person:christoph-herbrig:position:impro:vorsitzender")

    assert position.organisation.name == "Impro"
    assert position.organisation.kind == Organisation.Kind.NETWORK
    assert position.role == "Vorsitzender"
    assert position.person.is_public
    assert position.start_date is None
    assert (position.attested_date, position.attested_precision) == (datetime.date(2017, 3, 1), "month")
    assert "Feinmechaniker präsentieren sich in Dresden" in [c.source.title for c in position.citations.all()]


def test_juergen_graf_of_feinwerktechnik_geising_spoke_at_the_zulieferkonferenz_in_dresden():
    talk = seeded(Participation, "article:event:zulieferkonferenz-dresden-2017:speaker:juergen-graf")

    assert talk.role == Participation.Role.SPEAKER
    assert talk.talk_title == "Getriebe und Baugruppen nach Kundenwunsch"
    assert talk.organisation.name == "Feinwerktechnik Geising"
    assert (talk.event.title, talk.event.city) == ("Zulieferkonferenz", "Dresden")
    assert talk.event.status == article_or_public("article:event:zulieferkonferenz-dresden-2017", "status", "planned")
    assert (
        "Getriebe und Baugruppen nach Kundenwunsch"
        in talk.citations.get(source__slug__startswith="feinmechaniker").quote
    )


def test_the_kag_met_for_the_second_time_on_4_june_2025_at_wiegand_glas_in_schleusingen():
    meeting = Event.objects.select_related("venue", "region__parent").get(
        title="2. Netzwerktreffen der KAG Oberzentrum Südthüringen"
    )

    assert (meeting.start_date, meeting.start_precision) == (datetime.date(2025, 6, 4), "day")
    assert meeting.period == "4. Juni 2025"
    assert meeting.kind == Event.Kind.NETWORK_MEETING
    assert meeting.status == Event.Status.TOOK_PLACE
    assert meeting.venue.name == "Wiegand-Glas"
    assert meeting.city == "Schleusingen"
    assert (meeting.region.name, meeting.region.parent.name) == ("Schleusingen", "Landkreis Hildburghausen")
    assert "2025" in meeting.note and "erschlossen" in meeting.note
    organisers = meeting.participations.filter(role=Participation.Role.ORGANISER)
    assert [p.organisation.short_name for p in organisers] == ["KAG"]


def test_the_2021_maker_faire_is_planned_and_belongs_to_the_maker_faire_sachsen_series():
    fair = Event.objects.select_related("series").get(slug="maker-faire-sachsen-2021")

    # Planned, as the article of early 2021 says, unless a later source tells what became of it.
    assert fair.status == article_or_public("article:event:maker-faire-sachsen-2021", "status", "planned")
    assert fair.series.name == "Maker Faire Sachsen"
    assert (fair.venue_name, fair.city) == ("Stadthalle Chemnitz", "Chemnitz")
    assert (fair.start_date, fair.start_precision) == (datetime.date(2021, 5, 1), "month")
    assert "Corona" in fair.note
    assert set(fair.series.events.values_list("slug", flat=True)) >= {
        "maker-faire-sachsen-2017",
        "maker-faire-sachsen-2021",
    }


def test_the_2016_trip_to_mexico_is_dated_to_the_year_and_organised_by_the_ihk_and_the_amz():
    trip = Event.objects.get(slug="reise-nach-mexiko-2016")

    assert (trip.start_date, trip.start_precision) == (datetime.date(2016, 1, 1), "year")
    assert trip.period == "2016"
    assert trip.status == Event.Status.TOOK_PLACE
    assert set(trip.participations.values_list("organisation__name", "role")) == {
        ("IHK Chemnitz", "organiser"),
        ("Automobilzuliefernetzwerk AMZ", "organiser"),
    }


def test_the_ministry_commissioned_vdi_vde_it_from_january_2016():
    link = Relationship.objects.get(kind=Relationship.Kind.COMMISSIONED, to_organisation__short_name="VDI/VDE-IT")

    assert link.from_organisation.name == "Sächsisches Wirtschaftsministerium"
    assert (link.start_date, link.start_precision) == (datetime.date(2016, 1, 1), "month")
    assert link.end_date is None
    assert "erschlossen" in link.note


def test_martin_dulig_is_minister_on_the_evidence_of_two_articles():
    position = Position.objects.get(person__name="Martin Dulig")

    assert position.role == "Wirtschaftsminister"
    assert position.citations.count() == 2
    assert position.person.description == "Politiker (SPD)"


def test_no_event_counts_as_running_for_ever():
    assert list(Event.objects.filter(end_date__isnull=True)) == []
    assert list(Event.objects.as_of(datetime.date(2030, 1, 1))) == []


# Nothing the articles do not state


def article_rows(model):
    """The rows the article layer wrote (the public record's keys start with "public:")."""
    ids = SeedRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(model), key__startswith="article:"
    ).values("object_id")
    return model.objects.filter(pk__in=ids)


def test_no_memberships_are_loaded_from_the_articles_because_they_state_none():
    assert not article_rows(Membership).exists()


def test_article_organisations_have_no_address_but_sit_at_the_place_the_article_names():
    told = PublicRecord.read().checked.facts
    organisations = (
        article_rows(Organisation)
        .exclude(pk__in=SeedRecord.objects.filter(key__in=list(told)).values("object_id"))
        .select_related("region")
    )
    assert organisations.exists()
    assert not organisations.exclude(street="").exists()
    assert not organisations.exclude(website="").exists()
    for organisation in organisations:
        in_a_town = organisation.region is not None and organisation.region.kind in ("municipality", "city")
        # A town from the article: its centre for the map and radius search, its postcode only
        # where it has just one (and the note says so).
        assert (organisation.latitude is not None) == in_a_town, organisation
        if organisation.postcode:
            assert "PLZ erschlossen: einzige PLZ der Gemeinde" in organisation.note
    hst = Organisation.objects.get(slug="hst-systemtechnik-suhl")
    assert (hst.postcode, hst.latitude is not None) == ("", True)
    assert Organisation.objects.get(slug="telegaertner-geraetebau").postcode == "01774"


def test_every_person_named_is_public():
    assert article_rows(Person).count() == 15
    assert Person.objects.public().count() == Person.objects.count()


def test_competences_come_only_from_what_the_articles_say_a_firm_does():
    from directory.seed.articles.facts import ORGANISATIONS
    from directory.seed.public.validate import COMPETENCES

    # Beyond the articles' own, an article organisation has only what the public record adds
    # about it (facts_about), each cited or explained there.
    facts = PublicRecord.read().checked.facts
    for key, data in ORGANISATIONS.items():
        organisation = Organisation.objects.get(slug=german_slugify(data["name"]))
        added = {COMPETENCES[c["name"]] for c in facts.get(f"article:{key}", {}).get("competences", [])}
        linked = set(organisation.competences.values_list("slug", flat=True))
        assert set(data.get("competences", [])) <= linked <= set(data.get("competences", [])) | added, key

    assert set(ORGANISATIONS["telegaertner"]["competences"]) == {"kabelkonfektion"}
    assert set(ORGANISATIONS["geising"]["competences"]) == {"getriebe", "baugruppen"}
