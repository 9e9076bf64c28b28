import pytest
from django.contrib.contenttypes.models import ContentType

from directory.merge import MergeError, merge_organisations
from directory.models import (
    Citation,
    Membership,
    Organisation,
    OrganisationRedirect,
    Position,
    Relationship,
    SeedRecord,
)
from directory.models.seed import SHARED
from events.models import Event, Participation
from tests.factories import (
    cite,
    make_competence,
    make_event,
    make_membership,
    make_network,
    make_organisation,
    make_participation,
    make_person,
    make_position,
    make_relationship,
    make_sector,
    make_source,
)

pytestmark = pytest.mark.django_db


def citations_of(record) -> list[Citation]:
    return list(Citation.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk))


def table_counts() -> dict[str, int]:
    models = [
        Organisation,
        Membership,
        Position,
        Relationship,
        Participation,
        Event,
        Citation,
        OrganisationRedirect,
        Organisation.competences.through,
        Organisation.sectors.through,
    ]
    return {model._meta.label: model._default_manager.count() for model in models}


def pointing_at(organisation_id: int) -> dict[str, int]:
    """Rows of every table that still point at the organisation, by table."""
    found = {}
    for relation in Organisation._meta.related_objects:
        model, name = relation.related_model, relation.field.name
        if relation.many_to_many:
            continue
        found[f"{model._meta.label}.{name}"] = model._base_manager.filter(**{f"{name}_id": organisation_id}).count()
    for through in (Organisation.competences.through, Organisation.sectors.through):
        found[through._meta.label] = through.objects.filter(organisation_id=organisation_id).count()
    found["citations"] = Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(Organisation), object_id=organisation_id
    ).count()
    return found


@pytest.fixture
def pair():
    keep = make_organisation(name="Müller Präzision GmbH", slug="mueller-praezision", aliases="Müller GmbH")
    remove = make_organisation(
        name="Mueller Praezision",
        slug="mueller-praezision-2",
        short_name="MP",
        aliases="MüPrä",
        website="https://mueller.example",
        postcode="01067",
        city="Dresden",
    )
    return keep, remove


def test_merge_moves_everything_and_leaves_nothing_pointing_at_the_removed_one(pair):
    keep, remove = pair
    network, other, person = make_network(), make_organisation(), make_person()
    event = make_event()
    source = make_source()
    cite(remove, source, quote="Laut Artikel")
    cite(make_membership(organisation=remove, network=network, start="2016"), source)
    make_position(person=person, organisation=remove, role="Geschäftsführer")
    make_relationship(from_organisation=remove, to_organisation=other, kind=Relationship.Kind.SUPPLIER)
    make_relationship(from_organisation=other, to_organisation=remove)  # undirected
    make_participation(event=event, organisation=remove, role=Participation.Role.EXHIBITOR)
    venue_event = make_event(venue=remove)
    remove.competences.add(make_competence())
    remove.sectors.add(make_sector())
    before = table_counts()
    removed_id = remove.pk

    report = merge_organisations(keep=keep, remove=remove)

    after = table_counts()
    assert after["directory.Organisation"] == before["directory.Organisation"] - 1
    assert after["directory.OrganisationRedirect"] == before["directory.OrganisationRedirect"] + 1
    for label in before:
        if label not in ("directory.Organisation", "directory.OrganisationRedirect"):
            assert after[label] == before[label], label
    assert not any(pointing_at(removed_id).values()), pointing_at(removed_id)
    assert not Organisation.objects.filter(pk=removed_id).exists()

    keep.refresh_from_db()
    assert Membership.objects.get(organisation=keep).network == network
    assert Position.objects.get(organisation=keep).person == person
    assert Relationship.objects.filter(from_organisation=keep, to_organisation=other).exists()
    cooperation = Relationship.objects.get(kind=Relationship.Kind.COOPERATION)
    assert {cooperation.from_organisation_id, cooperation.to_organisation_id} == {keep.pk, other.pk}
    assert cooperation.from_organisation_id < cooperation.to_organisation_id
    assert Participation.objects.get(event=event).organisation == keep
    venue_event.refresh_from_db()
    assert venue_event.venue == keep
    assert keep.competences.count() == 1 and keep.sectors.count() == 1
    assert [c.quote for c in citations_of(keep)] == ["Laut Artikel"]
    # The removed names become aliases; empty fields take the removed one's values.
    assert keep.alias_list == ["Müller GmbH", "Mueller Praezision", "MüPrä"]
    assert keep.short_name == "MP"
    assert (keep.website, keep.postcode, keep.city) == ("https://mueller.example", "01067", "Dresden")
    assert "muepra" in keep.search_text or "mueprae" in keep.search_text
    assert report.moved


def test_merge_folds_clashing_links_into_the_kept_ones(pair):
    keep, remove = pair
    network, person, event, other = make_network(), make_person(), make_event(), make_organisation()
    first, second = make_source(), make_source()
    kept_membership = make_membership(organisation=keep, network=network, start="2016")
    cite(kept_membership, first)
    cite(make_membership(organisation=remove, network=network, start="2016"), second)
    make_position(person=person, organisation=keep, role="Vorstand")
    make_position(person=person, organisation=remove, role="Vorstand")
    make_relationship(from_organisation=keep, to_organisation=other)
    make_relationship(from_organisation=remove, to_organisation=other)
    make_participation(event=event, organisation=keep, role=Participation.Role.EXHIBITOR)
    make_participation(event=event, organisation=remove, role=Participation.Role.EXHIBITOR, talk_title="Vortrag")
    cite(keep, first, quote="A")
    cite(remove, first, quote="B")

    report = merge_organisations(keep=keep, remove=remove)

    assert Membership.objects.filter(organisation=keep).count() == 1
    assert {c.source for c in citations_of(kept_membership)} == {first, second}
    assert Position.objects.filter(organisation=keep).count() == 1
    assert Relationship.objects.count() == 1
    assert Participation.objects.get().talk_title == "Vortrag"
    assert [c.quote for c in citations_of(keep)] == ["A\n\nB"]
    assert report.combined


def test_links_between_the_two_themselves_are_dropped():
    keep = make_network(slug="netz")
    remove = make_network(slug="netz-alt")
    member = make_organisation()
    make_membership(organisation=remove, network=keep)
    make_membership(organisation=member, network=remove)
    make_relationship(from_organisation=keep, to_organisation=remove, kind=Relationship.Kind.FUNDING)

    report = merge_organisations(keep=keep, remove=remove)

    assert list(Membership.objects.values_list("organisation", "network")) == [(member.pk, keep.pk)]
    assert not Relationship.objects.exists()
    assert report.dropped


def test_a_network_with_members_merges_only_into_a_network():
    network = make_network()
    make_membership(network=network)
    firm = make_organisation()
    before = table_counts()

    with pytest.raises(MergeError):
        merge_organisations(keep=firm, remove=network)
    with pytest.raises(MergeError):
        merge_organisations(keep=firm, remove=firm)
    assert table_counts() == before


def test_the_old_addresses_redirect_permanently(client, pair):
    keep, remove = pair
    network, old_network = make_network(slug="netz"), make_network(slug="netz-alt")
    merge_organisations(keep=keep, remove=remove)
    merge_organisations(keep=network, remove=old_network)

    response = client.get("/organisationen/mueller-praezision-2/")
    assert response.status_code == 301
    assert response["Location"] == "/organisationen/mueller-praezision/"
    response = client.get("/netzwerke/netz-alt/")
    assert response.status_code == 301
    assert response["Location"] == "/netzwerke/netz/"
    assert client.get("/organisationen/gab-es-nie/").status_code == 404
    assert client.get("/netzwerke/gab-es-nie/").status_code == 404


def test_a_chain_of_merges_redirects_to_the_last_kept(client):
    a, b, c = (make_organisation(slug=slug) for slug in ("a", "b", "c"))
    merge_organisations(keep=b, remove=a)
    merge_organisations(keep=c, remove=b)

    assert client.get("/organisationen/a/")["Location"] == "/organisationen/c/"
    assert set(OrganisationRedirect.objects.values_list("old_slug", "organisation__slug")) == {("a", "c"), ("b", "c")}


def test_the_redirect_of_a_merged_address_costs_two_queries(client, django_assert_num_queries):
    keep, remove = make_organisation(slug="neu"), make_organisation(slug="alt")
    merge_organisations(keep=keep, remove=remove)

    # The organisation by slug (none), then the redirect with its organisation.
    with django_assert_num_queries(2):
        response = client.get("/organisationen/alt/")

    assert response.status_code == 301


def test_the_seeds_keys_of_the_removed_organisation_and_its_folded_links_reach_the_kept_ones(pair):
    keep, remove = pair
    network = make_network()
    kept_link = make_membership(organisation=keep, network=network)
    removed_link = make_membership(organisation=remove, network=network)
    SeedRecord.objects.create(key="public:org-mueller", content_object=keep, written={"name": keep.name})
    SeedRecord.objects.create(key="public:org-mueller-2", content_object=remove, written={"name": remove.name})
    SeedRecord.objects.create(key="public:membership:org-mueller-2:net", content_object=removed_link, written={})

    merge_organisations(keep=keep, remove=remove)

    moved = SeedRecord.objects.get(key="public:org-mueller-2")
    assert (moved.content_type.model, moved.object_id) == ("organisation", keep.pk)
    # It no longer writes what the kept record's own key writes: a reload keeps the kept name.
    assert moved.written[SHARED] == "public:org-mueller"
    assert SeedRecord.objects.get(key="public:membership:org-mueller-2:net").object_id == kept_link.pk
    assert SeedRecord.objects.get(key="public:org-mueller").written == {"name": keep.name}
