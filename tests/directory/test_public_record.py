"""The public record (directory/seed/public): its checks, its loader, and that a reload never
overwrites an editor. Loaded from the small fixture record next to this file, not the real files."""

import io
import shutil
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from directory.merge import merge_organisations
from directory.models import (
    Citation,
    Cited,
    Competence,
    Membership,
    Organisation,
    Person,
    Position,
    Region,
    SeedRecord,
    StatedMemberCount,
)
from directory.seed.public import PUBLIC_DIR, PublicRecord, PublicRecordError
from events.models import Event, Participation
from netzwerk.lib.versioning import trigger_name

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parent / "public_fixture"
SEED_APPS = ("directory", "events")


def seed_models() -> list:
    return [
        model
        for label in SEED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if not model._meta.proxy
    ]


def dump() -> dict[str, list[dict]]:
    """Every stored value of every seed table (SeedRecord included), in key order."""
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in seed_models()}


def reload(public_dir: Path = FIXTURE) -> str:
    output = io.StringIO()
    call_command("load_seed_network", public_dir=public_dir, stdout=output)
    return output.getvalue()


@pytest.fixture(scope="module", autouse=True)
def seed(django_db_setup, django_db_blocker):
    """The articles and the fixture record, loaded once for the module; tests roll back their
    own changes, and afterwards the rows the load added go again."""
    with django_db_blocker.unblock():
        before = {model: set(model.objects.values_list("pk", flat=True)) for model in seed_models()}
        yield reload()
        for model in reversed(seed_models()):
            added = model.objects.exclude(pk__in=before[model])
            if model in (Competence, Region):
                while added.exists():
                    added.filter(children__isnull=True).delete()
            else:
                added.delete()


def edited_copy(tmp_path: Path, change) -> Path:
    """The fixture record with `change(document)` applied, in a directory of its own."""
    target = tmp_path / "public"
    shutil.copytree(FIXTURE, target)
    path = target / "impro.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return target


def organisation(document: dict, record_id: str) -> dict:
    return next(item for item in document["organisations"] if item["id"] == record_id)


# A reload


# Smoke too: `make run` loads the seed into SQLite.
@pytest.mark.smoke
def test_a_second_run_changes_nothing():
    before = dump()

    output = reload()

    assert dump() == before
    assert "nothing changed" in output
    assert "left alone" not in output and "deleted by an editor" not in output


def test_an_editors_rename_survives_a_reload_and_is_reported():
    telegaertner = Organisation.objects.get(slug="telegaertner-geraetebau")
    telegaertner.name = "Telegärtner Gerätebau GmbH"
    telegaertner.save()

    output = reload()

    telegaertner.refresh_from_db()
    assert telegaertner.name == "Telegärtner Gerätebau GmbH"
    assert "Organisation article:telegaertner: name" in output
    assert "1 left alone (edited by an editor)" in output


def test_a_value_changed_in_the_data_and_untouched_in_the_database_is_updated(tmp_path):
    changed = edited_copy(
        tmp_path, lambda doc: organisation(doc, "org-werkzeugbau-test").update(legal_form="GmbH & Co. KG")
    )

    output = reload(changed)

    assert Organisation.objects.get(slug="werkzeugbau-test-gmbh").legal_form == "GmbH & Co. KG"
    assert "left alone" not in output


def test_a_value_the_editor_changed_stays_even_when_the_data_changes_it_too(tmp_path):
    Organisation.objects.filter(slug="werkzeugbau-test-gmbh").update(legal_form="AG")
    changed = edited_copy(tmp_path, lambda doc: organisation(doc, "org-werkzeugbau-test").update(legal_form="KG"))

    output = reload(changed)

    assert Organisation.objects.get(slug="werkzeugbau-test-gmbh").legal_form == "AG"
    assert "public:org-werkzeugbau-test: legal_form" in output


def test_a_record_an_editor_deleted_is_reported_and_not_created_again():
    Organisation.objects.get(slug="suhler-praezision-gmbh").delete()

    output = reload()

    assert not Organisation.objects.filter(slug="suhler-praezision-gmbh").exists()
    assert "Organisation public:org-suhler-praezision" in output
    assert "deleted by an editor" in output
    # What hung on it (its event's host, its relationship) went with it and stays gone.
    assert not Participation.objects.filter(event__slug="2024-03-kag-suhl", role="host").exists()


def test_a_competence_an_editor_removed_is_not_added_again():
    firm = Organisation.objects.get(slug="werkzeugbau-test-gmbh")
    firm.competences.remove(Competence.objects.get(slug="werkzeugbau"))

    output = reload()

    assert not firm.competences.filter(slug="werkzeugbau").exists()
    assert "public:org-werkzeugbau-test: competences" in output


def test_a_merged_organisation_keeps_its_identity_across_a_reload():
    removed = Organisation.objects.get(slug="werkzeugbau-test-gmbh")
    kept = Organisation.objects.get(slug="telegaertner-geraetebau")
    removed_pk = removed.pk

    merge_organisations(keep=kept, remove=removed)
    output = reload()

    record = SeedRecord.objects.get(key="public:org-werkzeugbau-test")
    assert record.object_id == kept.pk
    assert not Organisation.objects.filter(pk=removed_pk).exists()
    assert not Organisation.objects.filter(slug="werkzeugbau-test-gmbh").exists()
    assert "deleted by an editor" not in output
    kept.refresh_from_db()
    assert kept.name == "Telegärtner Gerätebau"
    # The membership moved with it and is found again, not created a second time.
    assert Membership.objects.filter(organisation=kept, network__slug="impro").count() == 2


# What the loader writes


def test_a_firm_without_a_stated_postcode_gets_its_municipalitys_only_postcode_and_says_so():
    firm = Organisation.objects.get(slug="werkzeugbau-test-gmbh")

    assert firm.postcode == "01744"
    assert firm.region.name == "Dippoldiswalde"
    assert firm.latitude is not None
    assert "PLZ erschlossen: einzige PLZ der Gemeinde Dippoldiswalde." in firm.note


def test_a_firm_in_a_town_of_several_postcodes_sits_at_the_towns_centre():
    firm = Organisation.objects.get(slug="suhler-praezision-gmbh")
    suhl = Region.objects.get(name="Suhl", kind=Region.Kind.CITY)

    assert firm.postcode == ""
    assert (firm.region, firm.latitude, firm.longitude) == (suhl, suhl.latitude, suhl.longitude)


@pytest.mark.parametrize("postcode, name", [("01744", "Werkzeugbau Test GmbH"), ("98527", "Suhler Präzision GmbH")])
def test_radius_search_finds_the_seeded_firms(client, postcode, name):
    response = client.get("/firmen/", {"plz": postcode, "umkreis": "10"})

    assert response.status_code == 200
    assert name in response.content.decode()


def test_each_competence_is_cited_or_marked_inferred_in_the_note():
    firm = Organisation.objects.get(slug="werkzeugbau-test-gmbh")

    assert set(firm.competences.values_list("slug", flat=True)) == {"werkzeugbau", "fraesen"}
    assert "Kompetenz „Werkzeugbau“: genannt in „Impro-Mitglieder stellen sich vor“" in firm.note
    assert "Kompetenz „Fräsen“: erschlossen aus „Impro-Mitglieder stellen sich vor“" in firm.note
    assert "eigener Fräserei" in firm.note


def test_a_member_named_by_two_sources_is_one_membership_with_both_and_the_later_date():
    membership = Membership.objects.get(organisation__slug="werkzeugbau-test-gmbh", network__slug="impro")

    assert str(membership.attested) == "2019"
    assert membership.start_date is None and membership.is_current()
    evidence = set(membership.citations.values_list("evidence", flat=True))
    assert evidence == {"Als Mitglied genannt.", "In der Mitgliederliste."}


def test_a_past_membership_has_its_stated_period():
    membership = Membership.objects.get(organisation__slug="telegaertner-geraetebau", network__slug="impro")

    assert (membership.start_date.year, membership.end_date.year) == (2010, 2016)
    assert not membership.is_current()


def test_the_stated_member_count_is_a_cited_fact_not_rows():
    count = StatedMemberCount.objects.get(network__slug="impro", count=13)

    assert (count.count, count.label, str(count.as_of.iso)) == (13, "Mitgliedsfirmen", "2017-05")
    assert count.citations.get().evidence == "Der Bericht spricht von 13 Mitgliedsfirmen."


def test_facts_about_an_article_record_are_written_with_it():
    impro = Organisation.objects.get(slug="impro")

    assert (impro.legal_form, impro.founded, impro.founded_place) == ("e.V.", 2004, "Glashütte")
    assert impro.region.name == "Glashütte"
    assert "Interessenverband Metall- und Präzisionstechnik Osterzgebirge e.V." in impro.alias_list
    assert impro.citations.filter(source__slug="src-test-2019-impro-seite").exists()


def test_a_public_fact_about_an_article_position_adds_what_the_article_leaves_open():
    position = Position.objects.get(person__slug="christoph-herbrig", organisation__slug="impro")

    assert position.end_date.year == 2018
    assert str(position.attested) == "März 2017"  # the article's, which owns the row
    assert set(position.citations.values_list("source__slug", flat=True)) >= {"src-test-2017-05-impro"}


def test_people_of_the_public_record_are_public_office_holders():
    erika = Person.objects.get(slug="erika-test")

    assert erika.is_public
    assert erika.positions.get().role == "Vorsitzende"


def test_sources_carry_their_address_and_the_day_they_were_read():
    citation = Citation.objects.filter(source__slug="src-test-2024-kag").first()

    assert citation.source.url == "https://example.org/kag-2024"
    assert citation.source.retrieved_date.isoformat() == "2026-12-03"
    assert citation.text == citation.evidence and not citation.is_quote


def test_the_event_its_host_and_the_cooperation_are_loaded():
    event = Event.objects.get(slug="2024-03-kag-suhl")

    assert event.venue.slug == "suhler-praezision-gmbh"
    assert set(event.participations.values_list("role", flat=True)) == {"organiser", "host"}
    assert (
        Organisation.objects.get(slug="suhler-praezision-gmbh").relationships_out.exists()
        or Organisation.objects.get(slug="suhler-praezision-gmbh").relationships_in.exists()
    )


# The checks


def test_the_committed_files_pass_the_checks():
    # Every fact has a source, every source a URL, a title, a publisher and the day it was read.
    record = PublicRecord.read(PUBLIC_DIR)

    for source in record.checked.sources.values():
        assert source["url"] and source["retrieved"]


def test_the_fixture_passes_the_checks():
    assert PublicRecord.read(FIXTURE).counts["organisations"] == 2


BAD_FILE = """
sources:
  - id: src-a
    title: Ohne Adresse
    publisher: X
    published: "2017-13"
  - id: src-a
    url: https://example.org/a
    title: Doppelt
    publisher: X
    retrieved: "2026-12-03"
organisations:
  - id: org-a
    name: A GmbH
    kind: firm
    municipality: Nirgendwo
    competences:
      - {name: Zaubern, source: src-a}
      - {name: Fräsen}
    cites: []
memberships:
  - member: org-a
    network: org-a
    attested: "gestern"
    cites: [{source: src-unbekannt, evidence: "x"}]
events:
  - id: event-x
    title: X
    kind: party
    status: took_place
    start: "2020"
    topics: [Kochen]
    cites: [{source: src-a}]
"""

CONFLICT_FILE = """
organisations:
  - id: org-a
    name: A AG
    kind: firm
    cites: [{source: src-a, evidence: "y"}]
"""


def test_bad_files_are_refused_with_every_error_its_file_and_its_record(tmp_path):
    (tmp_path / "a.yaml").write_text(BAD_FILE, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(CONFLICT_FILE, encoding="utf-8")

    with pytest.raises(PublicRecordError) as caught:
        PublicRecord.read(tmp_path)

    errors = "\n".join(caught.value.errors)
    expected = [
        "a.yaml src-a: source without url",
        "a.yaml src-a: source without retrieved",
        "a.yaml src-a: published '2017-13' is not a valid date",
        "a.yaml src-a: duplicate id",
        "a.yaml org-a: unknown municipality 'Nirgendwo'",
        "a.yaml org-a: unknown competence 'Zaubern'",
        "a.yaml org-a: competence Fräsen neither cited",
        "a.yaml org-a: no cites",
        "org-a is not a network",
        "an organisation cannot be a member of itself",
        "attested 'gestern' is not YYYY",
        "unknown source src-unbekannt",
        "a.yaml event-x: unknown kind 'party'",
        "a.yaml event-x: unknown topic 'Kochen'",
        "a.yaml event-x: a cite needs source and evidence",
        "b.yaml org-a: conflicting definitions of name",
    ]
    for message in expected:
        assert message in errors


def test_the_command_refuses_bad_files_before_writing_anything(tmp_path):
    (tmp_path / "a.yaml").write_text(BAD_FILE, encoding="utf-8")
    organisations = Organisation.objects.count()

    with pytest.raises(CommandError, match="error"):
        reload(tmp_path)

    assert Organisation.objects.count() == organisations


def test_a_file_that_is_not_yaml_is_an_error_not_a_crash(tmp_path):
    (tmp_path / "a.yaml").write_text("sources: [\n", encoding="utf-8")

    with pytest.raises(PublicRecordError, match="a.yaml: YAML"):
        PublicRecord.read(tmp_path)


# Caching


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the cache versions are PostgreSQL's")
def test_every_table_of_cited_facts_advances_its_cache_version():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger")
        triggers = {row[0] for row in cursor.fetchall()}
    cited = [m for m in apps.get_models() if issubclass(m, Cited) and not m._meta.proxy]

    assert StatedMemberCount in cited
    for model in cited:
        assert trigger_name(model._meta.db_table) in triggers, model


def test_seed_records_are_not_public(client):
    record = SeedRecord.objects.first()
    ContentType.objects.get_for_id(record.content_type_id)

    assert client.get("/admin/directory/seedrecord/").status_code == 302


def test_an_objection_about_a_seeded_member_reaches_its_networks_editors(client, django_user_model):
    from directory.models import CorrectionRequest, NetworkEditor
    from directory.permissions import restrict

    impro_office = django_user_model.objects.create_user("impro-buero", is_staff=True)
    NetworkEditor.objects.create(user=impro_office, network=Organisation.objects.get(slug="impro"))
    kag_office = django_user_model.objects.create_user("kag-buero", is_staff=True)
    NetworkEditor.objects.create(
        user=kag_office, network=Organisation.objects.get(slug="kag-oberzentrum-suedthueringen")
    )

    response = client.post(
        "/korrektur/organisation/werkzeugbau-test-gmbh/",
        {"message": "Wir möchten nicht genannt werden.", "contact": "", "website": ""},
    )

    assert response.status_code == 302
    objection = CorrectionRequest.objects.get()
    assert list(restrict(impro_office, CorrectionRequest.objects.all())) == [objection]
    assert list(restrict(kag_office, CorrectionRequest.objects.all())) == []


def test_a_member_count_from_an_undated_page_stays_undated_and_says_when_it_was_read(client):
    count = StatedMemberCount.objects.get(network__slug="impro", count=14)

    assert count.as_of is None
    assert "Quelle undatiert, abgerufen am 2026-12-03." in count.note
    page = " ".join(client.get("/netzwerke/impro/").text.split())
    # The dated count leads; the undated one follows it.
    assert "13 Mitgliedsfirmen laut" in page and "Testzeitung, Mai 2017</a>" in page


def test_a_later_source_about_an_article_event_updates_it_and_adds_its_guests():
    event = Event.objects.get(slug="maker-faire-sachsen-2021")

    assert event.status == Event.Status.CANCELLED
    assert "Abgesagt laut Testzeitung." in event.note
    assert event.participations.filter(person__slug="erika-test", role="guest").exists()
    assert event.citations.filter(source__slug="src-test-2019-impro-seite").exists()
