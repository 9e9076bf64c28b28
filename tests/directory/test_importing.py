import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from directory.importing import import_organisations
from directory.models import (
    Citation,
    Competence,
    Membership,
    Organisation,
    PostalCode,
    Region,
    Source,
)
from tests.factories import make_competence, make_network, make_organisation, make_sector

pytestmark = pytest.mark.django_db

HEADER = "name;kind;website;postcode;city;competences;sectors;networks;member_since;source_url;source_title"


def counts() -> dict[str, int]:
    models = [
        Organisation,
        Membership,
        Citation,
        Competence,
        Source,
        Organisation.competences.through,
        Organisation.sectors.through,
    ]
    return {model.__name__: model.objects.count() for model in models}


def run(text: str, filename: str = "liste.csv", **kwargs):
    content = text.encode("utf-8") if isinstance(text, str) else text
    return import_organisations(content=content, filename=filename, **kwargs)


@pytest.fixture
def vocabulary():
    state = Region.objects.create(name="Sachsen", slug="sachsen", kind=Region.Kind.STATE)
    dresden = Region.objects.create(name="Dresden", slug="dresden", kind=Region.Kind.CITY, parent=state)
    PostalCode.objects.create(code="01067", region=dresden, latitude=51.05, longitude=13.73)
    network = make_network(name="Automobilzulieferer Sachsen", short_name="AMZ", slug="amz")
    make_competence(name="Laserschweißen", synonyms="Laserstrahlschweißen")
    make_competence(name="Drehen")
    make_sector(name="Automobil", slug="automobil")
    return {"network": network, "dresden": dresden}


MEMBER_LIST = (
    HEADER + "\n"
    'Müller Präzision GmbH;firm;www.mueller-praezision.de;01067;Dresden;"LASERSTRAHLSCHWEISSEN; drehen";Automobil;AMZ;2016;https://example.org/liste;Mitgliederliste 2024\n'
    "Schulze Guss AG;;schulze-guss.de;;;Druckguss;;amz;03.2019;https://example.org/liste;Mitgliederliste 2024\n"
)


def test_it_imports_a_member_list(vocabulary):
    report = run(MEMBER_LIST)

    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    mueller = Organisation.objects.get(name="Müller Präzision GmbH")
    assert mueller.kind == Organisation.Kind.FIRM
    assert mueller.website == "https://www.mueller-praezision.de"
    assert mueller.region == vocabulary["dresden"]
    assert mueller.latitude == 51.05
    assert {c.name for c in mueller.competences.all()} == {"Laserschweißen", "Drehen"}
    assert [s.name for s in mueller.sectors.all()] == ["Automobil"]
    membership = Membership.objects.get(organisation=mueller)
    assert membership.network == vocabulary["network"]
    assert str(membership.start) == "2016"
    source = Source.objects.get(url="https://example.org/liste")
    assert source.title == "Mitgliederliste 2024"
    assert mueller.citations.get().source == source
    assert membership.citations.get().source == source
    # Search documents are current: the competence's synonym and the region are findable.
    mueller.refresh_from_db()
    assert "laserstrahlschweissen" in mueller.search_text
    assert "dresden" in mueller.search_text


def test_it_creates_unknown_competences_unreviewed_and_reports_them(vocabulary):
    report = run(MEMBER_LIST)

    assert report.new_competences == ["Druckguss"]
    assert Competence.objects.get(name="Druckguss").reviewed is False
    assert Competence.objects.get(name="Drehen").reviewed is True


def test_a_second_import_of_the_same_file_changes_nothing(vocabulary):
    run(MEMBER_LIST)
    before = counts()
    stamps = dict(Organisation.objects.values_list("pk", "updated"))

    report = run(MEMBER_LIST)

    assert report.ok
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert counts() == before
    assert dict(Organisation.objects.values_list("pk", "updated")) == stamps


def test_an_updated_file_updates_matched_by_website_then_name(vocabulary):
    run(MEMBER_LIST)
    updated = (
        "name,website,phone,competences\n"
        "Müller Präzision und Söhne GmbH,https://mueller-praezision.de/,0351 1234,Fräsen\n"
        "SCHULZE GUSS AG,,0351 9999,\n"
    )

    report = run(updated)

    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 2, 0)
    mueller = Organisation.objects.get(website="https://mueller-praezision.de/")
    assert mueller.name == "Müller Präzision und Söhne GmbH"
    assert "Müller Präzision GmbH" in mueller.alias_list
    assert mueller.phone == "0351 1234"
    assert mueller.competences.count() == 3  # added, never removed
    assert Organisation.objects.get(name="Schulze Guss AG").phone == "0351 9999"
    assert "fraesen" in Organisation.objects.get(pk=mueller.pk).search_text


def test_it_matches_by_alias(vocabulary):
    firm = make_organisation(name="Neue Firma GmbH", aliases="Alte Firma GmbH")

    report = run("name;city\nAlte Firma GmbH;Chemnitz\n")

    assert report.updated == 1
    firm.refresh_from_db()
    assert firm.city == "Chemnitz"
    assert firm.name == "Neue Firma GmbH"


def test_the_network_option_makes_every_row_a_member(vocabulary):
    other = make_network(name="Netzwerk Glas", slug="glas")

    report = run("name\nA GmbH\nB GmbH\n", network=other)

    assert report.created == 2
    assert Membership.objects.filter(network=other).count() == 2


def test_a_dry_run_writes_nothing(vocabulary):
    before = counts()

    report = run(MEMBER_LIST, dry_run=True)

    assert report.ok
    assert report.created == 2
    assert report.new_competences == ["Druckguss"]
    assert counts() == before


BAD_ROWS = [
    ("name;city\n;Dresden\n", "name"),
    ("name;postcode\nA GmbH;0106\n", "postcode"),  # four digits beginning with 0: one is missing
    ("name;postcode\nA GmbH;00106\n", "postcode"),  # no German postcode begins with 00
    ("name;postcode\nA GmbH;D-01067\n", "postcode"),
    ("name;kind\nA GmbH;Konzern\n", "kind"),
    ("name;networks\nA GmbH;Unbekanntes Netzwerk\n", "networks"),
    ("name;networks;member_since\nA GmbH;amz;Frühjahr 2016\n", "member_since"),
    ("name;founded\nA GmbH;neunzehnhundert\n", "founded"),
    ("name;website\nA GmbH;nicht eine adresse\n", "website"),
    ("name;email\nA GmbH;keine-mail\n", "email"),
    ("name;sectors\nA GmbH;Raumfahrt\n", "sectors"),
    ("name;employees\nA GmbH;viele\n", "employees"),
    ("name;competences\nA GmbH;" + "x" * 121 + "\n", "competences"),
]


@pytest.mark.parametrize(("text", "column"), [case for case in BAD_ROWS if case[1]])
def test_an_invalid_row_aborts_the_import_and_names_row_and_column(vocabulary, text, column):
    before = counts()

    report = run(text.replace("\n", "\nGute Firma GmbH" + ";" * text.splitlines()[0].count(";") + "\n", 1))

    assert not report.ok
    assert [(problem.row, problem.column) for problem in report.errors] == [(3, column)]
    assert counts() == before


def test_a_postcode_of_four_digits_beginning_with_zero_is_an_error_naming_row_and_column_and_nothing_is_published(
    vocabulary,
):
    # Regression: "0106" was padded to "00106", only warned about, and published.
    report = run("name;postcode\nA GmbH;0106\n")

    assert not report.ok
    assert [(problem.row, problem.column) for problem in report.errors] == [(2, "postcode")]
    assert "0106" in report.errors[0].message
    assert not Organisation.objects.filter(name="A GmbH").exists()


def test_a_postcode_stored_as_a_number_gets_its_leading_zero_back(vocabulary):
    report = run("name;postcode\nA GmbH;1067\n")

    assert report.ok, report.errors
    assert Organisation.objects.get(name="A GmbH").postcode == "01067"


def test_a_row_matching_two_organisations_is_reported_not_guessed(vocabulary):
    make_organisation(name="Doppel GmbH")
    make_organisation(name="Andere GmbH", aliases="Doppel GmbH")
    before = counts()

    report = run("name;city\nNeu GmbH;Jena\nDoppel GmbH;Jena\n")

    assert not report.ok
    assert report.errors[0].row == 3
    assert report.errors[0].column == "name"
    assert "Andere GmbH" in report.errors[0].message
    assert counts() == before


def test_two_rows_for_the_same_organisation_are_reported(vocabulary):
    report = run("name;website\nA GmbH;a.de\nA-Werk;www.a.de\n")

    assert not report.ok
    assert (report.errors[0].row, report.errors[0].column) == (3, "name")


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"name\nA\n", "liste.txt", "Nur .csv"),
        (b"", "liste.csv", "leer"),
        (b"\xef\xbb\xbf\n\n", "liste.csv", "leer"),
        (b"name\n", "liste.csv", "keine Zeilen"),
        (b"name;farbe\nA;B\n", "liste.csv", "Unbekannte Spalte"),
        (b"city\nDresden\n", "liste.csv", "keine Spalte „name“"),
        ("name\nMüller\n".encode("latin-1"), "liste.csv", "UTF-8"),
        (b"PK\x03\x04 not really", "liste.xlsx", "Excel"),
        (b"", "liste.xlsx", "leer"),
    ],
)
def test_a_bad_file_aborts_with_a_message(vocabulary, content, filename, message):
    before = counts()

    report = run(content, filename)

    assert not report.ok
    assert message in report.errors[0].message
    assert counts() == before


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_it_reads_both_csv_dialects_with_and_without_bom(vocabulary, bom, delimiter):
    text = delimiter.join(["name", "postcode", "competences"]) + "\r\n"
    text += delimiter.join(["Müller GmbH", "01067", '"Drehen; Fräsen"']) + "\r\n"

    report = run(bom + text.encode("utf-8"))

    assert report.ok, report.errors
    firm = Organisation.objects.get(name="Müller GmbH")
    assert firm.postcode == "01067"
    assert firm.competences.count() == 2


def xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_reads_xlsx_with_numbers_and_dates_as_spreadsheets_store_them(vocabulary):
    import datetime

    content = xlsx(
        [
            ["Name", "Postcode", "Founded", "Employees", "Networks", "Member_since"],
            ["Müller GmbH", 1067, 1990, 37, "AMZ", datetime.datetime(2019, 9, 24)],
        ]
    )

    report = run(content, "liste.xlsx")

    assert report.ok, report.errors
    firm = Organisation.objects.get(name="Müller GmbH")
    assert (firm.postcode, firm.founded, firm.employees) == ("01067", 1990, "10-49")
    assert firm.region == vocabulary["dresden"]
    assert Membership.objects.get(organisation=firm).start_date == datetime.date(2019, 9, 24)


def test_an_invalid_xlsx_row_is_named_by_row_and_column(vocabulary):
    report = run(xlsx([["name", "kind"], ["A GmbH", "firm"], ["B GmbH", "Konzern"]]), "liste.xlsx")

    assert [(p.row, p.column) for p in report.errors] == [(3, "kind")]
    assert not Organisation.objects.filter(name="A GmbH").exists()


def test_a_network_with_members_keeps_its_kind(vocabulary):
    make_membership = Membership.objects.create
    member = make_organisation(name="Mitglied GmbH")
    make_membership(organisation=member, network=vocabulary["network"])

    report = run("name;kind\nAutomobilzulieferer Sachsen;firm\n")

    assert [(p.row, p.column) for p in report.errors] == [(2, "kind")]


def test_the_command_reports_counts_and_fails_with_a_non_zero_status(vocabulary, tmp_path, capsys):
    good = tmp_path / "liste.csv"
    good.write_text(MEMBER_LIST, encoding="utf-8")
    call_command("import_organisations", str(good))
    assert "2 neu, 0 geändert, 0 unverändert" in capsys.readouterr().out

    bad = tmp_path / "fehler.csv"
    bad.write_text("name;postcode\nA;123\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_organisations", str(bad))
    assert "Zeile 2, Spalte postcode" in capsys.readouterr().err

    with pytest.raises(CommandError, match="Kein Netzwerk"):
        call_command("import_organisations", str(good), "--network", "gibt-es-nicht")


def test_the_command_dry_run_writes_nothing(vocabulary, tmp_path, capsys):
    good = tmp_path / "liste.csv"
    good.write_text(MEMBER_LIST, encoding="utf-8")
    before = counts()

    call_command("import_organisations", str(good), "--dry-run", "--network", "amz")

    assert "Probelauf" in capsys.readouterr().out
    assert counts() == before


def test_a_rule_only_the_database_sees_is_reported_and_nothing_is_written(vocabulary):
    empty_network = make_network(name="Leeres Netzwerk", slug="leer")
    before = counts()

    # One row turns the (memberless) network into a firm, the next joins it.
    report = run("name;kind;networks\nLeeres Netzwerk;firm;\nNeu GmbH;;leer\n")

    assert not report.ok
    assert "abgelehnt" in report.errors[0].message
    assert counts() == before
    empty_network.refresh_from_db()
    assert empty_network.kind == Organisation.Kind.NETWORK


def test_a_current_membership_gets_the_start_the_file_gives(vocabulary):
    firm = make_organisation(name="Mitglied GmbH")
    membership = Membership.objects.create(organisation=firm, network=vocabulary["network"])

    report = run("name;networks;member_since\nMitglied GmbH;amz;2016\n")

    assert report.updated == 1
    assert report.rows[0].changes == ["Mitgliedschaft"]
    membership.refresh_from_db()
    assert str(membership.start) == "2016"
    assert Membership.objects.count() == 1
    assert run("name;networks;member_since\nMitglied GmbH;amz;2016\n").unchanged == 1


def test_an_import_is_recorded_in_history_with_who_made_it(vocabulary, django_user_model):
    # A superuser: a network's editor is checked against their scope (test_import_admin.py).
    user = django_user_model.objects.create_user("buero", is_superuser=True)
    run(MEMBER_LIST, user=user)
    mueller = Organisation.objects.get(name="Müller Präzision GmbH")

    run(MEMBER_LIST.replace("Dresden;", "Dresden-Neustadt;"), user=user)

    records = list(Organisation.history.filter(id=mueller.pk).order_by("history_date"))
    assert [record.history_type for record in records] == ["+", "~"]
    assert {record.history_user for record in records} == {user}
    assert records[-1].city == "Dresden-Neustadt"
    assert Membership.history.filter(organisation_id=mueller.pk, history_type="+").count() == 1


def test_the_preview_shows_what_a_new_row_brings_its_memberships_competences_and_sectors(vocabulary):
    # Regression: the "Änderungen" column of new rows was empty.
    report = run(MEMBER_LIST, dry_run=True)

    mueller, schulze = report.rows
    assert mueller.action == schulze.action == "created"
    assert mueller.changes == [
        "Mitglied in Automobilzulieferer Sachsen seit 2016",
        "Kompetenzen: LASERSTRAHLSCHWEISSEN, drehen",
        "Branchen: Automobil",
    ]
    assert schulze.changes == ["Mitglied in Automobilzulieferer Sachsen seit März 2019", "Kompetenzen: Druckguss (neu)"]


@pytest.mark.parametrize(
    "written",
    [
        "Automobilzulieferer Sachsen",
        "automobilzulieferer sachsen",
        "AMZ",
        "amz",
        "Netzwerk AMZ",
        "Automobilzulieferer Sachsen e.V.",
        "AUTOMOBILZULIEFERER SACHSEN E. V.",
    ],
)
def test_a_network_is_found_by_its_name_as_people_write_it(vocabulary, written):
    vocabulary["network"].aliases = "Netzwerk AMZ"
    vocabulary["network"].save()

    report = run(f"name;networks\nA GmbH;{written}\n")

    assert report.ok, report.errors
    assert Membership.objects.get(organisation__name="A GmbH").network == vocabulary["network"]


def test_a_network_registered_with_its_legal_form_is_found_without_it_and_with_umlauts_spelled_out(db):
    # Regression: the import stopped at 'Unbekanntes Netzwerk „Industrieverein Sachsen 1828“'.
    network = make_network(name="Industrieverein Sachsen 1828 e.V.", slug="industrieverein")
    other = make_network(name="Netzwerk Thüringer Glas", slug="glas")

    report = run("name;networks\nA GmbH;Industrieverein Sachsen 1828\nB GmbH;netzwerk thueringer glas\n")

    assert report.ok, report.errors
    assert {m.organisation.name: m.network for m in Membership.objects.select_related("organisation")} == {
        "A GmbH": network,
        "B GmbH": other,
    }


def test_a_member_list_with_the_offices_german_headers_imports_without_renaming_anything(vocabulary):
    text = (
        "Nr.;Firma;Straße;PLZ;Ort;Telefon;E-Mail;Internet;Ansprechpartner;Mitglied seit;Netzwerk;Kompetenzen\n"
        "1;Müller Präzision GmbH;Werkstraße 2;01067;Dresden;0351 1234;info@mueller.example;mueller.example;"
        "Max Mustermann;2016;Automobilzulieferer Sachsen;Drehen\n"
    )

    report = run(text)

    assert report.ok, report.errors
    firm = Organisation.objects.get(name="Müller Präzision GmbH")
    assert (firm.street, firm.postcode, firm.city, firm.phone, firm.email) == (
        "Werkstraße 2",
        "01067",
        "Dresden",
        "0351 1234",
        "info@mueller.example",
    )
    assert firm.website == "https://mueller.example"
    assert str(Membership.objects.get(organisation=firm).start) == "2016"
    # The contact person is a person: left out, and the report says which columns were.
    assert "Mustermann" not in str(Organisation.objects.values_list())
    assert {problem.column for problem in report.warnings} >= {"Nr.", "Ansprechpartner"}


def test_a_user_with_no_network_may_import_nothing(vocabulary, django_user_model):
    user = django_user_model.objects.create_user("niemand", is_staff=True)

    report = run("name;networks\nA GmbH;AMZ\n", user=user)

    assert [(problem.row, problem.column) for problem in report.errors] == [(2, "networks")]
    assert not Organisation.objects.filter(name="A GmbH").exists()


def test_a_postcode_beginning_with_00_is_refused_in_admin_too(db):
    from django.core.exceptions import ValidationError

    firm = Organisation(name="A GmbH", slug="a-gmbh", postcode="00106")
    with pytest.raises(ValidationError) as refused:
        firm.full_clean()
    assert "postcode" in refused.value.message_dict
    firm.postcode = "01067"
    firm.full_clean()
