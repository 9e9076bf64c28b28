"""export_person and erase_person: everything held about a person, and erasing it (DSGVO)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from directory.models import Citation, Person, Position, Source
from directory.privacy import erase_person, person_data
from events.models import Participation
from tests.factories import (
    cite,
    make_event,
    make_network,
    make_organisation,
    make_participation,
    make_person,
    make_position,
    make_source,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    article = make_source(title="Zulieferkonferenz in Dresden", slug="zk-artikel", url="https://example.org/zk")
    firm = make_organisation(name="Telegärtner Gerätebau GmbH", slug="telegaertner")
    network = make_network(name="Impro", slug="impro")
    event = make_event(title="Zulieferkonferenz 2017", slug="zk-2017", start="März 2017")
    person = make_person(
        name="Henriette Verborgen",
        slug="henriette-verborgen",
        title="Dr.",
        is_public=False,
        note="Telefon nur über das Sekretariat",
    )
    cite(person, article, quote="Dr. Henriette Verborgen, Geschäftsführerin")
    cite(make_position(person=person, organisation=firm, role="Geschäftsführerin", start="2015"), article)
    make_position(person=person, organisation=network, role="Vorsitzende")
    cite(
        make_participation(
            event=event,
            person=person,
            organisation=firm,
            role=Participation.Role.SPEAKER,
            talk_title="Kleine Stückzahlen in der Kabelkonfektion",
        ),
        article,
    )
    # Someone else at the same firm and event, who must stay.
    other = make_person(name="Jürgen Graf", slug="juergen-graf")
    make_position(person=other, organisation=firm, role="Prokurist")
    make_participation(event=event, person=other, role=Participation.Role.GUEST)
    # A record of someone else whose text names her: listed for review, never changed.
    firm.description = "Geführt von Henriette Verborgen seit 2015."
    firm.save()
    return person


def test_the_export_holds_the_person_their_positions_participations_and_sources(person):
    data = person_data(person=person)

    assert data["person"]["name"] == "Henriette Verborgen"
    assert data["person"]["note"] == "Telefon nur über das Sekretariat"
    assert data["person"]["is_public"] is False
    assert data["citations"] == [
        {
            "source": {
                "slug": "zk-artikel",
                "title": "Zulieferkonferenz in Dresden",
                "publisher": "Testzeitung",
                "url": "https://example.org/zk",
                "published": "2020-01-01",
            },
            "quote": "Dr. Henriette Verborgen, Geschäftsführerin",
        }
    ]
    assert sorted(p["role"] for p in data["positions"]) == ["Geschäftsführerin", "Vorsitzende"]
    first = next(p for p in data["positions"] if p["role"] == "Geschäftsführerin")
    assert first["organisation"] == {"slug": "telegaertner", "name": "Telegärtner Gerätebau GmbH"}
    assert first["start_date"] == "2015-01-01"
    assert first["citations"][0]["source"]["slug"] == "zk-artikel"
    [talk] = data["participations"]
    assert talk["talk_title"] == "Kleine Stückzahlen in der Kabelkonfektion"
    assert talk["event"] == {"slug": "zk-2017", "title": "Zulieferkonferenz 2017", "start": "2017-03-01"}
    assert data["mentions"] == [
        {"model": "directory.organisation", "pk": talk["organisation_id"], "field": "description"}
    ]
    # Nobody else's data.
    assert "Graf" not in json.dumps(data, ensure_ascii=False)


def test_export_person_writes_the_export_as_json(person):
    out = io.StringIO()

    call_command("export_person", "henriette-verborgen", stdout=out)

    data = json.loads(out.getvalue())
    assert data["person"]["slug"] == "henriette-verborgen"
    assert len(data["positions"]) == 2


def test_export_person_writes_to_a_file(person, tmp_path):
    target = tmp_path / "auskunft.json"

    call_command("export_person", "henriette-verborgen", "--output", str(target), stderr=io.StringIO())

    assert json.loads(target.read_text(encoding="utf-8"))["person"]["name"] == "Henriette Verborgen"


def test_export_person_names_an_unknown_slug(person):
    with pytest.raises(CommandError, match="Keine Person mit dem Kürzel „niemand“"):
        call_command("export_person", "niemand")


def test_erasing_removes_the_person_their_positions_participations_and_citations(person):
    firm_description = "Geführt von Henriette Verborgen seit 2015."
    citations_before = Citation.objects.count()

    report = erase_person(person=person)

    assert not Person.objects.filter(slug="henriette-verborgen").exists()
    assert not Position.objects.filter(person_id=person.pk).exists()
    assert not Participation.objects.filter(person_id=person.pk).exists()
    assert (report.positions, report.participations, report.citations) == (2, 1, 3)
    assert Citation.objects.count() == citations_before - 3
    # The rest stays: the other person, their rows, the source, the firm (text unchanged).
    graf = Person.objects.get(slug="juergen-graf")
    assert graf.positions.count() == 1 and graf.participations.count() == 1
    assert Source.objects.filter(slug="zk-artikel").exists()
    from directory.models import Organisation

    assert Organisation.objects.get(slug="telegaertner").description == firm_description
    assert [m["field"] for m in report.mentions] == ["description"]


def touched() -> set[str]:
    # The tables this (uncommitted) transaction has written, whose versions its commit raises
    # (netzwerk/lib/versioning.py); "privacy" among them keeps pages with people from being
    # served out of date.
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('netzwerk.cache_touched', true)")
        return set((cursor.fetchone()[0] or "").split(","))


def test_erasing_raises_the_privacy_version_so_no_cached_page_outlives_it(person):
    erase_person(person=person)

    assert {"privacy", "directory_person", "directory_position", "events_participation"} <= touched()


def test_erase_person_with_yes_deletes_and_reports(person):
    out = io.StringIO()

    call_command("erase_person", "henriette-verborgen", "--yes", stdout=out)

    assert not Person.objects.filter(slug="henriette-verborgen").exists()
    assert "Gelöscht: Dr. Henriette Verborgen mit 2 Funktionen, 1 Teilnahmen und 3 Belegen" in out.getvalue()
    assert "directory.organisation" in out.getvalue()


def test_erase_person_without_yes_and_no_terminal_deletes_nothing(person):
    with pytest.raises(CommandError, match="Nichts gelöscht"):
        call_command("erase_person", "henriette-verborgen", stdout=io.StringIO())

    assert Person.objects.filter(slug="henriette-verborgen").exists()
    assert Position.objects.filter(person=person).count() == 2


def test_erase_person_asks_and_stops_unless_told_ja(person, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "nein")

    with pytest.raises(CommandError, match="Abgebrochen"):
        call_command("erase_person", "henriette-verborgen", stdout=io.StringIO())

    assert Person.objects.filter(slug="henriette-verborgen").exists()


def test_erase_person_deletes_after_ja(person, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "ja")

    call_command("erase_person", "henriette-verborgen", stdout=io.StringIO())

    assert not Person.objects.filter(slug="henriette-verborgen").exists()


def test_erase_person_names_an_unknown_slug_and_deletes_nothing(person):
    people = Person.objects.count()

    with pytest.raises(CommandError, match="Keine Person mit dem Kürzel „niemand“; nichts gelöscht"):
        call_command("erase_person", "niemand", "--yes")

    assert Person.objects.count() == people


def test_a_failed_erasure_leaves_everything_as_it_was(person, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the search refresh failed")

    monkeypatch.setattr("directory.privacy.refresh_search_documents", fail)
    pk = person.pk

    with pytest.raises(RuntimeError):
        erase_person(person=person)

    assert Person.objects.filter(pk=pk, slug="henriette-verborgen").exists()
    assert Position.objects.filter(person_id=pk).count() == 2
    assert Participation.objects.filter(person_id=pk).count() == 1
    assert Citation.objects.filter(object_id=pk, quote__contains="Verborgen").exists()


@pytest.mark.skipif(not hasattr(Person, "history"), reason="django-simple-history does not record Person yet")
def test_erasing_keeps_that_someone_was_erased_but_not_who(person):
    pk = person.pk  # delete() clears the instance's pk
    erase_person(person=person)

    rows = list(Person.history.filter(id=pk))
    assert rows, "the deletion is recorded"
    assert {row.name for row in rows} == {"[gelöscht]"}
    assert rows[0].history_type in {"+", "~", "-"}
    assert Person.history.filter(id=pk, history_type="-").exists()


def test_erasing_leaves_her_name_in_no_history_row(person):
    pk = person.pk
    position = Position.objects.get(person=person, role="Geschäftsführerin")
    cite(position, make_source(title="Firmenporträt"), quote="Frau Verborgen führt die Firma.")
    positions = list(Position.objects.filter(person=person).values_list("pk", flat=True))
    participations = list(Participation.objects.filter(person=person).values_list("pk", flat=True))

    erase_person(person=person)

    # Her own rows, her positions' and participations', and those of the citations of all three.
    rows = [
        *Person.history.filter(id=pk),
        *Position.history.filter(id__in=positions),
        *Participation.history.filter(id__in=participations),
        *Citation.history.all(),
    ]
    assert rows
    assert not [row for row in rows if "Verborgen" in " ".join(str(value) for value in vars(row).values())]
    assert not Participation.history.filter(talk_title__contains="Kabelkonfektion").exists()
    assert not Citation.history.filter(quote__contains="Geschäftsführerin").exists()
