"""CSV and JSON exports of organisation lists (directory/exports.py)."""

import csv
import io
import json
import time
import tracemalloc

import pytest

from directory import exports
from directory.models import Membership, Organisation
from tests.factories import (
    make_competence,
    make_membership,
    make_network,
    make_organisation,
    make_person,
    make_position,
    make_region,
)

pytestmark = pytest.mark.django_db


def export(rf, queryset, fmt: str):
    response = exports.export_response(rf.get("/firmen/", {"format": fmt}), queryset, fmt)
    return response, b"".join(response.streaming_content)


def make_listed_firms():
    region = make_region(name="Sächsische Schweiz-Osterzgebirge")
    amz = make_network(name="Automobilzuliefernetzwerk")
    impro = make_network(name="Impro")
    drehen = make_competence(name="Drehen")
    fraesen = make_competence(name="Fräsen")
    geising = make_organisation(
        name="Feinwerktechnik Geising GmbH",
        slug="feinwerktechnik-geising",
        city="Altenberg",
        postcode="01778",
        region=region,
        website="https://example.org/geising",
        street="Hauptstraße 1",
        phone="035056 1234-0",
        email="info@example.org",
    )
    geising.competences.add(fraesen, drehen)
    make_membership(organisation=geising, network=impro, start="2010")
    make_membership(organisation=geising, network=amz, start="2012")
    # A past membership is no network of the firm's today.
    make_membership(organisation=geising, network=make_network(name="Altnetz"), start="2001", end="2005")
    mueller = make_organisation(name="Müller & Söhne Präzision", slug="mueller-soehne", city="Glashütte")
    mueller.competences.add(drehen)
    make_organisation(name="Ärztebedarf Zwickau", slug="aerztebedarf-zwickau")
    return geising, mueller


def test_the_json_export_lists_exactly_the_querysets_rows_in_its_order(rf):
    make_listed_firms()
    queryset = Organisation.objects.firms().order_by("-name")

    response, body = export(rf, queryset, "json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(body)
    assert data["count"] == 3
    assert [row["slug"] for row in data["results"]] == list(queryset.values_list("slug", flat=True))
    geising = data["results"][2]
    assert geising == {
        "name": "Feinwerktechnik Geising GmbH",
        "slug": "feinwerktechnik-geising",
        "url": "http://testserver/organisationen/feinwerktechnik-geising/",
        "kind": "firm",
        "city": "Altenberg",
        "postcode": "01778",
        "region": "Sächsische Schweiz-Osterzgebirge",
        "networks": ["Automobilzuliefernetzwerk", "Impro"],
        "competences": ["Drehen", "Fräsen"],
        "website": "https://example.org/geising",
        "street": "Hauptstraße 1",
        "phone": "035056 1234-0",
        "email": "info@example.org",
    }
    assert data["results"][0]["networks"] == [] and data["results"][0]["region"] == ""


def test_a_networks_url_in_the_export_is_its_network_page(rf):
    network = make_network(name="Impro", slug="impro")

    _, body = export(rf, Organisation.objects.filter(pk=network.pk), "json")

    assert json.loads(body)["results"][0]["url"] == "http://testserver/netzwerke/impro/"


def test_a_filtered_queryset_exports_only_its_rows(rf):
    geising, _ = make_listed_firms()

    _, body = export(rf, Organisation.objects.filter(competences__name="Fräsen"), "json")

    assert [row["slug"] for row in json.loads(body)["results"]] == [geising.slug]


def test_an_empty_export_is_still_valid_json_and_csv(rf):
    _, body = export(rf, Organisation.objects.none(), "json")
    _, csv_body = export(rf, Organisation.objects.none(), "csv")

    assert json.loads(body) == {"count": 0, "results": []}
    assert list(csv.reader(io.StringIO(csv_body.decode("utf-8-sig")))) == [list(exports.COLUMNS)]


def test_the_csv_export_starts_with_the_bom_and_round_trips_umlauts(rf):
    make_listed_firms()
    queryset = Organisation.objects.firms().order_by("name")

    response, body = export(rf, queryset, "csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="netzwerkatlas-organisationen.csv"'
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert list(rows[0]) == list(exports.COLUMNS)
    assert [row["name"] for row in rows] == list(queryset.values_list("name", flat=True))
    by_slug = {row["slug"]: row for row in rows}
    assert {row["name"] for row in rows} == {
        "Ärztebedarf Zwickau",
        "Feinwerktechnik Geising GmbH",
        "Müller & Söhne Präzision",
    }
    assert by_slug["feinwerktechnik-geising"]["networks"] == "Automobilzuliefernetzwerk; Impro"
    assert by_slug["feinwerktechnik-geising"]["competences"] == "Drehen; Fräsen"
    assert by_slug["mueller-soehne"]["city"] == "Glashütte"


def test_csv_and_json_hold_the_same_rows(rf):
    make_listed_firms()
    queryset = Organisation.objects.order_by("name")

    _, json_body = export(rf, queryset, "json")
    _, csv_body = export(rf, queryset, "csv")

    from_json = [
        {k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()}
        for row in json.loads(json_body)["results"]
    ]
    assert list(csv.DictReader(io.StringIO(csv_body.decode("utf-8-sig")))) == from_json


def test_no_person_ever_appears_in_an_export(rf):
    geising, _ = make_listed_firms()
    make_position(person=make_person(name="Privatperson Heimlich", is_public=False), organisation=geising)
    make_position(person=make_person(name="Öffentliche Vorsitzende"), organisation=geising)

    for fmt in ("csv", "json"):
        _, body = export(rf, Organisation.objects.all(), fmt)
        text = body.decode("utf-8-sig")
        assert "Heimlich" not in text
        assert "Vorsitzende" not in text


@pytest.mark.parametrize("fmt", ["xml", "", "CSV", "<script>alert(1)</script>"])
def test_an_unknown_format_is_a_400_with_a_message(rf, fmt):
    response = exports.export_response(rf.get("/"), Organisation.objects.all(), fmt)

    assert response.status_code == 400
    assert "format=csv" in response.content.decode()
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_above_the_limit_is_refused(rf, settings, fmt):
    settings.EXPORT_MAX_ROWS = 2
    make_listed_firms()

    refused = exports.export_response(rf.get("/"), Organisation.objects.firms(), fmt)
    allowed = exports.export_response(rf.get("/"), Organisation.objects.firms()[:2], fmt)

    assert refused.status_code == 400
    assert "höchstens 2" in refused.content.decode()
    assert allowed.status_code == 200


def test_the_limit_defaults_to_two_hundred_thousand_rows(settings):
    del settings.EXPORT_MAX_ROWS
    assert exports.export_max_rows() == 200_000


def test_an_export_runs_one_count_then_two_queries_per_chunk(rf, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 2)
    make_listed_firms()
    queryset = Organisation.objects.firms()

    # 1 the count, 2 the rows through one server-side cursor (its later fetches are no new
    # queries); then per chunk (two rows, then one): 3 and 5 current networks, 4 and 6 competences
    with django_assert_num_queries(1 + 1 + 2 * 2):
        _, body = export(rf, queryset, "json")
    assert json.loads(body)["count"] == 3


def bulk_firms(count: int) -> None:
    """`count` firms, each with two competences and a current membership, in a few queries."""
    network = make_network(name="Großnetzwerk")
    fields = [make_competence(name=f"Kompetenz Ä{n}") for n in range(20)]
    firms = Organisation.objects.bulk_create(
        Organisation(
            name=f"Präzisionsfirma Müller {n:06d} GmbH",
            slug=f"bulk-{n}",
            city="Glashütte",
            postcode="01768",
            website=f"https://example.org/{n}",
        )
        for n in range(count)
    )
    Through = Organisation.competences.through
    Through.objects.bulk_create(
        Through(organisation_id=firm.pk, competence_id=fields[(i + k) % 20].pk)
        for i, firm in enumerate(firms)
        for k in (0, 7)
    )
    Membership.objects.bulk_create(Membership(organisation=firm, network=network) for firm in firms)


def export_peak_memory(rf, queryset) -> tuple[int, int, float]:
    """(bytes streamed, peak bytes allocated while streaming, seconds), keeping no piece."""
    response = exports.export_response(rf.get("/firmen/"), queryset, "csv")
    streamed = 0
    tracemalloc.start()
    started = time.perf_counter()
    for piece in response.streaming_content:
        streamed += len(piece)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return streamed, peak, seconds


def test_a_large_exports_memory_stays_flat(rf):
    bulk_firms(20_000)
    queryset = Organisation.objects.firms().order_by("name")

    small_bytes, small_peak, _ = export_peak_memory(rf, queryset[:4_000])
    large_bytes, large_peak, seconds = export_peak_memory(rf, queryset)

    print(
        f"\nexport of 20,000 rows: {large_bytes / 1e6:.1f} MB streamed in {seconds:.2f} s "
        f"(under tracemalloc), peak {large_peak / 1e6:.2f} MB; 4,000 rows: peak {small_peak / 1e6:.2f} MB"
    )
    assert large_bytes > 4 * small_bytes
    # Five times the rows, about the same peak: memory depends on the chunk, not the list.
    assert large_peak < 1.5 * small_peak
    # Holding 20,000 rows' dicts at once would take well over 20 MB.
    assert large_peak < 12_000_000


def test_the_exports_carry_a_firms_contact_data_but_not_a_sole_traders_without_consent(rf):
    # Regression: street, switchboard and general e-mail entered in admin were exported nowhere.
    make_organisation(
        name="Alpha GmbH",
        slug="alpha",
        street="Werkstraße 2",
        postcode="01067",
        city="Dresden",
        phone="0351 123450",
        email="info@alpha.example",
    )
    make_organisation(
        name="Bernd Beta Metallbau",
        slug="beta",
        street="Gartenweg 3",
        postcode="01067",
        city="Dresden",
        phone="0351 999",
        email="bernd@beta.example",
        is_sole_trader=True,
    )
    make_organisation(
        name="Carla Gamma Design",
        slug="gamma",
        street="Am Markt 4",
        phone="0351 777",
        email="hallo@gamma.example",
        is_sole_trader=True,
        contact_consent=True,
    )
    queryset = Organisation.objects.order_by("name")

    rows = {row["slug"]: row for row in json.loads(export(rf, queryset, "json")[1])["results"]}
    table = list(csv.DictReader(io.StringIO(export(rf, queryset, "csv")[1].decode("utf-8-sig"))))

    assert (rows["alpha"]["street"], rows["alpha"]["phone"], rows["alpha"]["email"]) == (
        "Werkstraße 2",
        "0351 123450",
        "info@alpha.example",
    )
    assert (rows["beta"]["street"], rows["beta"]["phone"], rows["beta"]["email"]) == ("", "", "")
    assert rows["beta"]["city"] == "Dresden"
    assert rows["gamma"]["email"] == "hallo@gamma.example"
    assert {row["slug"]: row["phone"] for row in table} == {"alpha": "0351 123450", "beta": "", "gamma": "0351 777"}
