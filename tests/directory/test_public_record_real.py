"""The committed public record (directory/seed/public/*.yaml) on PostgreSQL: it loads, and the
site answers with it what the issue asked for."""

import pytest
from django.core.management import call_command

from directory.models import Membership, Organisation, StatedMemberCount

pytestmark = pytest.mark.django_db


@pytest.mark.public_record
def test_the_committed_record_loads_and_answers_what_a_buyer_and_a_journalist_ask(client):
    # The "done when", on the real files: the networks with their named members, the
    # newest source on each network page, radius searches that find firms, competence searches
    # that find real firms by competence.
    call_command("load_seed_network", verbosity=0)
    networks = {
        slug: Organisation.objects.get(slug=slug)
        for slug in ("impro", "industrieverein-sachsen-1828-ev", "kag-oberzentrum-suedthueringen")
    }
    # The KAG is a working group of four towns: its members are those four.
    minimum = {"impro": 10, "industrieverein-sachsen-1828-ev": 10, "kag-oberzentrum-suedthueringen": 4}
    for slug, network in networks.items():
        assert Membership.objects.filter(network=network).count() >= minimum[slug], network
        page = client.get(network.get_absolute_url()).content.decode()
        assert "Neueste Quelle" in page
    assert StatedMemberCount.objects.filter(network__slug="impro").exists()

    def firms(**params):
        response = client.get("/firmen/", params)
        assert response.status_code == 200
        return response.context["count"]

    assert firms(plz="01744", umkreis="25") >= 3
    assert firms(plz="98527", umkreis="25") >= 3
    # The four buyer searches, typed as words and chosen as competences: several real
    # firms each, found by what they do ("Präzisionsmechanik" through Präzisionstechnik's synonym).
    for words, competence in (
        ("Präzisionsmechanik", "praezisionstechnik"),
        ("Kabelkonfektion", "kabelkonfektion"),
        ("Glasherstellung", "glasherstellung"),
        ("Werkzeugbau", "werkzeugbau"),
    ):
        assert firms(kompetenz=competence) >= 3, competence
        assert firms(q=words) >= 3, words
    # AMZ: no source names a member, so its page gives the counts the sources state and says so.
    amz = Organisation.objects.get(slug="automobilzuliefernetzwerk-amz")
    page = " ".join(client.get(amz.get_absolute_url()).text.split())
    assert "160 Mitglieder" in page
    assert "aber keines namentlich" in page
