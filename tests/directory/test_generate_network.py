"""The synthetic network for the benchmark: counts, reproducibility, real places, bulk inserts."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from bench import synthetic
from directory.models import Citation, Membership, Organisation, Person, Position, PostalCode, Relationship, Source
from directory.seed.vocabulary import load_vocabularies
from events.models import Event, Participation

pytestmark = pytest.mark.django_db

SYN = synthetic.SUFFIX
# Where a test is not about events, fewer of them: the full 5,000 bring some 100,000 participations.
SMALL = ("--events", "300")


def generate(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_network", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """What a seed decides, keyed by slugs, never by ids (ids differ between runs)."""
    return {
        "organisations": list(
            Organisation.objects.filter(slug__endswith=SYN)
            .order_by("slug")
            .values_list("slug", "name", "kind", "postcode", "city", "employees", "founded")
        ),
        "competences": list(
            Organisation.competences.through.objects.filter(organisation__slug__endswith=SYN)
            .order_by("organisation__slug", "competence__slug")
            .values_list("organisation__slug", "competence__slug")
        ),
        "memberships": list(
            Membership.objects.filter(organisation__slug__endswith=SYN)
            .order_by("organisation__slug", "network__slug")
            .values_list("organisation__slug", "network__slug", "start_date", "start_precision", "end_date")
        ),
        "people": list(Person.objects.filter(slug__endswith=SYN).order_by("slug").values_list("slug", "is_public")),
        "events": list(
            Event.objects.filter(slug__endswith=SYN)
            .order_by("slug")
            .values_list("slug", "start_date", "start_precision", "end_date", "status")
        ),
        "participations": Participation.objects.filter(event__slug__endswith=SYN).count(),
        "relationships": Relationship.objects.filter(from_organisation__slug__endswith=SYN).count(),
    }


def test_a_small_run_creates_the_expected_rows():
    output = generate("--firms", "500", "--seed", "1")

    firms = Organisation.objects.firms().filter(slug__endswith=SYN)
    networks = Organisation.objects.networks().filter(slug__endswith=SYN)
    assert firms.count() == 500
    assert networks.count() == synthetic.NETWORKS
    assert Event.objects.filter(slug__endswith=SYN).count() == synthetic.EVENTS
    # The big network takes half the firms when there are fewer than 10,000.
    big = networks.get(name=synthetic.BIG_NETWORK_NAME)
    assert Membership.objects.filter(network=big).count() == 250
    # Every firm has 1–6 competences, and some are far more common than others.
    per_firm = firms.annotate(n=Count("competences")).values_list("n", flat=True)
    assert min(per_firm) >= 1 and max(per_firm) <= 6
    usage = sorted(
        Organisation.competences.through.objects.filter(organisation__in=firms)
        .values("competence")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True),
        reverse=True,
    )
    assert usage[0] > 5 * usage[len(usage) // 2]
    assert firms.filter(sectors__isnull=True).count() == 0
    # Memberships over time: every precision, and some ended.
    memberships = Membership.objects.filter(organisation__slug__endswith=SYN)
    assert set(memberships.values_list("start_precision", flat=True)) == {"year", "month", "day"}
    assert memberships.filter(end_date__isnull=False).exists()
    assert set(
        Relationship.objects.filter(from_organisation__slug__endswith=SYN).values_list("kind", flat=True)
    ) == set(Relationship.Kind.values)
    people = Person.objects.filter(slug__endswith=SYN)
    assert 0.1 < people.filter(is_public=True).count() / people.count() < 0.3
    assert Position.objects.filter(person__in=people).count() == people.count()
    events = Event.objects.filter(slug__endswith=SYN)
    assert events.upcoming().exists() and events.past().exists()
    assert set(events.values_list("start_precision", flat=True)) == {"year", "month", "day"}
    participations = Participation.objects.filter(event__in=events)
    assert participations.filter(role=Participation.Role.ORGANISER).exists()
    assert participations.filter(role=Participation.Role.SPEAKER).exclude(talk_title="").exists()
    # Speakers on the public pages must be public people.
    assert not participations.filter(role=Participation.Role.SPEAKER, person__is_public=False).exists()
    source = Source.objects.get(slug=synthetic.SOURCE_SLUG)
    assert source.title == "Synthetischer Datensatz (generate_network, seed 1)"
    relationships = Relationship.objects.filter(from_organisation__slug__endswith=SYN)
    for model, rows in ((Membership, memberships), (Relationship, relationships)):
        cited = Citation.objects.filter(source=source, content_type=ContentType.objects.get_for_model(model))
        assert cited.count() == rows.count()
        assert set(cited.values_list("object_id", flat=True)) == set(rows.values_list("pk", flat=True))
    assert "firms" in output and "generated in" in output


def test_every_generated_slug_carries_the_suffix_and_the_seed_data_is_untouched():
    seed_firm = Organisation.objects.create(
        name="Müller Präzisionstechnik GmbH", slug="mueller-praezisionstechnik-gmbh"
    )

    generate("--firms", "500", "--seed", "1", *SMALL)

    assert Organisation.objects.exclude(slug__endswith=SYN).get() == seed_firm
    assert not Person.objects.exclude(slug__endswith=SYN).exists()
    assert not Event.objects.exclude(slug__endswith=SYN).exists()


def test_every_firm_has_a_real_postcode_with_its_region_and_coordinates():
    generate("--firms", "500", "--seed", "1", *SMALL)

    firms = list(Organisation.objects.firms().filter(slug__endswith=SYN).select_related("region__parent__parent"))
    postcodes = {(pc.code, pc.region_id): pc for pc in PostalCode.objects.select_related("region")}
    assert len(firms) == 500
    for firm in firms:
        postcode = postcodes[(firm.postcode, firm.region_id)]
        assert firm.city == firm.region.name
        # A handful of postcodes have no centre of their own; the municipality's stands in.
        expected = postcode if postcode.latitude is not None else postcode.region
        assert (firm.latitude, firm.longitude) == (expected.latitude, expected.longitude)
        assert firm.latitude is not None
    # Both states are there.
    states = {
        firm.region.parent.parent.name if firm.region.parent.parent_id else firm.region.parent.name for firm in firms
    }
    assert states == {"Sachsen", "Thüringen"}


def test_the_same_seed_gives_the_same_network_and_another_seed_another():
    generate("--firms", "500", "--seed", "1", *SMALL)
    first = snapshot()

    generate("--firms", "500", "--seed", "1", "--replace", *SMALL)
    assert snapshot() == first

    generate("--firms", "500", "--seed", "2", "--replace", *SMALL)
    assert snapshot()["organisations"] != first["organisations"]
    assert Source.objects.get(slug=synthetic.SOURCE_SLUG).title.endswith("seed 2)")


def test_it_refuses_a_second_run_without_replace():
    generate("--firms", "500", "--seed", "1", *SMALL)

    with pytest.raises(CommandError, match="--replace"):
        generate("--firms", "500", "--seed", "1", *SMALL)
    assert Organisation.objects.firms().filter(slug__endswith=SYN).count() == 500


def test_replace_removes_every_synthetic_row():
    generate("--firms", "500", "--seed", "1", *SMALL)

    synthetic.delete_synthetic()

    assert not Organisation.objects.filter(slug__endswith=SYN).exists()
    assert not Person.objects.exists()
    assert not Event.objects.exists()
    assert not Participation.objects.exists()
    assert not Membership.objects.exists()
    assert not Citation.objects.exists()
    assert not Source.objects.exists()


def test_it_inserts_in_bulk_not_row_by_row():
    load_vocabularies()

    def queries(firms: int) -> int:
        synthetic.delete_synthetic()
        with CaptureQueriesContext(connection) as captured:
            synthetic.generate_network(firms=firms, seed=1, networks=20, events=50)
        return len(captured.captured_queries)

    # Twice the firms, with about twice the rows of everything hanging off them, in the same
    # handful of batched INSERTs.
    small, large = queries(500), queries(1000)
    assert large <= small + 5
    assert large < 60
