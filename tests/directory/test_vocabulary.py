import hashlib

import pytest

from directory.models import Competence, Organisation, PostalCode, Region, Sector
from directory.search import refresh_search_documents
from directory.seed.vocabulary import load_competences, load_regions, load_sectors, load_vocabularies
from directory.text import german_slugify
from tests.factories import make_competence, make_organisation, make_region, make_sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def vocabularies():
    return load_vocabularies()


def region(name: str, **kwargs) -> Region:
    return Region.objects.select_related("parent__parent").get(name=name, **kwargs)


def checksum() -> str:
    """Every stored value of the four vocabulary tables, in key order."""
    digest = hashlib.sha256()
    for model in (Region, PostalCode, Sector, Competence):
        for row in model.objects.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


# Regions


def test_only_sachsen_and_thueringen_are_states(vocabularies):
    states = Region.objects.filter(kind=Region.Kind.STATE)

    assert {(state.name, state.slug, state.ags) for state in states} == {
        ("Sachsen", "sachsen", "14"),
        ("Thüringen", "thueringen", "16"),
    }


def test_the_two_states_have_27_landkreise_and_8_kreisfreie_staedte(vocabularies):
    # 35 in all, as of the 2022 data: Sachsen 10 Landkreise and Chemnitz, Dresden, Leipzig;
    # Thüringen 17 Landkreise and Erfurt, Gera, Jena, Suhl, Weimar (Eisenach joined the
    # Wartburgkreis in 2021).
    assert Region.objects.filter(kind=Region.Kind.DISTRICT).count() == 27
    cities = Region.objects.filter(kind=Region.Kind.CITY)
    assert sorted(cities.values_list("name", flat=True)) == [
        "Chemnitz",
        "Dresden",
        "Erfurt",
        "Gera",
        "Jena",
        "Leipzig",
        "Suhl",
        "Weimar",
    ]
    assert all(city.parent.kind == Region.Kind.STATE and len(city.ags) == 5 for city in cities)


def test_altenberg_and_klingenberg_are_municipalities_in_saechsische_schweiz_osterzgebirge(vocabularies):
    for name in ("Altenberg", "Klingenberg"):
        municipality = region(name)

        assert municipality.kind == Region.Kind.MUNICIPALITY
        assert municipality.parent.name == "Landkreis Sächsische Schweiz-Osterzgebirge"
        assert municipality.parent.kind == Region.Kind.DISTRICT
        assert municipality.parent.parent.slug == "sachsen"
    assert region("Altenberg").ags == "14628010"


def test_schleusingen_is_in_landkreis_hildburghausen_in_thueringen(vocabularies):
    schleusingen = region("Schleusingen")

    assert schleusingen.parent.name == "Landkreis Hildburghausen"
    assert schleusingen.parent.parent.slug == "thueringen"
    assert "98553" in schleusingen.postal_codes.values_list("code", flat=True)


def test_dresden_is_a_kreisfreie_stadt_holding_its_own_postcodes(vocabularies):
    dresden = region("Dresden")
    postcode = dresden.postal_codes.get(code="01067")

    assert (dresden.kind, dresden.ags, dresden.slug) == (Region.Kind.CITY, "14612", "dresden")
    assert dresden.parent.slug == "sachsen"
    assert not dresden.children.exists()
    assert postcode.latitude == pytest.approx(51.0575, abs=1e-3)
    assert postcode.longitude == pytest.approx(13.7171, abs=1e-3)
    assert dresden.latitude == pytest.approx(51.05, abs=0.1)
    assert dresden.longitude == pytest.approx(13.74, abs=0.1)


def test_eisenach_is_a_municipality_of_the_wartburgkreis_not_a_kreisfreie_stadt(vocabularies):
    eisenach = region("Eisenach")

    assert eisenach.kind == Region.Kind.MUNICIPALITY
    assert eisenach.parent.name == "Wartburgkreis"


def test_no_region_of_another_state_is_loaded(vocabularies):
    assert Region.objects.count() > 1000
    assert not Region.objects.exclude(ags__startswith="14").exclude(ags__startswith="16").exists()
    postcodes = PostalCode.objects.exclude(region__ags__startswith="14").exclude(region__ags__startswith="16")
    assert not postcodes.exists()


def test_every_region_hangs_below_the_region_its_key_names(vocabularies):
    regions = list(Region.objects.select_related("parent"))

    for each in regions:
        expected_length = {"state": 2, "district": 5, "city": 5, "municipality": 8}[each.kind]
        assert len(each.ags) == expected_length
        if each.parent:
            assert each.ags.startswith(each.parent.ags)
    municipality_parents = {each.parent.kind for each in regions if each.kind == Region.Kind.MUNICIPALITY}
    assert municipality_parents == {Region.Kind.DISTRICT}


def test_every_region_has_coordinates_inside_saxony_and_thuringia(vocabularies):
    assert not Region.objects.filter(latitude__isnull=True).exists()
    assert not Region.objects.exclude(latitude__range=(50.1, 51.7), longitude__range=(9.8, 15.1)).exists()


def test_a_repeated_municipality_name_gets_its_district_in_the_slug(vocabularies):
    # Sachsen's Hainichen comes first by key, so it keeps the plain slug.
    hainichen = Region.objects.filter(name="Hainichen").select_related("parent")
    slugs = {each.parent.name: each.slug for each in hainichen}

    assert slugs == {
        "Landkreis Mittelsachsen": "hainichen",
        "Saale-Holzland-Kreis": "hainichen-saale-holzland-kreis",
    }


def test_a_postcode_on_the_state_border_belongs_to_a_municipality_on_each_side(vocabularies):
    postcodes = PostalCode.objects.filter(code="07919")
    owners = postcodes.values_list("region__name", "region__parent__parent__slug")

    assert set(owners) == {("Pausa-Mühltroff", "sachsen"), ("Kirschkau", "thueringen")}


def test_within_sachsen_contains_its_municipalities_and_not_thueringens(vocabularies):
    within_sachsen = Region.objects.within(region("Sachsen"))

    assert within_sachsen.filter(name="Altenberg").exists()
    assert within_sachsen.filter(name="Landkreis Sächsische Schweiz-Osterzgebirge").exists()
    assert within_sachsen.filter(name="Dresden").exists()
    assert not within_sachsen.filter(name="Schleusingen").exists()


def test_an_organisation_with_postcode_01778_is_placed_in_altenberg(vocabularies):
    organisation = make_organisation(postcode="01778", city="Altenberg")

    organisation.refresh_from_db()
    assert organisation.region == region("Altenberg")
    assert organisation.latitude == pytest.approx(50.76, abs=0.1)
    assert organisation.longitude == pytest.approx(13.76, abs=0.1)


def test_a_region_added_by_hand_under_the_same_slug_is_taken_over():
    hand_made = make_region(name="Sachsen", slug="sachsen")

    load_regions()

    hand_made.refresh_from_db()
    assert hand_made.ags == "14"
    assert Region.objects.filter(kind=Region.Kind.STATE).count() == 2


# Sectors and competences


def test_the_sectors_include_those_the_articles_use(vocabularies):
    slugs = set(Sector.objects.values_list("slug", flat=True))

    assert 12 <= len(slugs) <= 20
    assert {
        "automobilzulieferindustrie",
        "feinmechanik-praezisionstechnik",
        "glasindustrie",
        "kultur-kreativwirtschaft",
    } <= slugs
    assert not Sector.objects.filter(name_en="").exists()
    assert not Sector.objects.filter(description="").exists()


def test_a_sector_added_by_hand_under_the_same_name_is_taken_over():
    hand_made = make_sector(name="Glasindustrie", slug="glas")

    counts = load_sectors()

    hand_made.refresh_from_db()
    assert hand_made.slug == "glasindustrie"
    assert hand_made.name_en == "Glass industry"
    assert counts["sectors_updated"] == 1


def test_the_competences_are_a_two_level_tree_with_english_names(vocabularies):
    competences = list(Competence.objects.select_related("parent"))
    fields = [each for each in competences if each.parent is None]

    assert 80 <= len(competences) <= 150
    assert 12 <= len(fields) <= 25
    assert all(each.parent.parent is None for each in competences if each.parent)
    assert all(each.children.exists() for each in fields)
    assert not [each.name for each in competences if not each.name_en]


def test_competence_slugs_come_from_their_german_names(vocabularies):
    mismatched = [
        (name, slug) for name, slug in Competence.objects.values_list("name", "slug") if slug != german_slugify(name)
    ]

    assert mismatched == []


def test_the_competences_include_those_the_articles_use(vocabularies):
    required = {
        "getriebe",
        "baugruppen",
        "kabelkonfektion",
        "glasherstellung",
        "praezisionstechnik",
        "feinmechanik",
        "softwareentwicklung",
        "design",
    }
    found = Competence.objects.filter(slug__in=required)

    assert set(found.values_list("slug", flat=True)) == required
    # The articles assign these to firms, so they must be competences, not fields.
    assert not found.filter(parent__isnull=True).exists()
    assert Competence.objects.get(slug="baugruppen").name == "Baugruppen"
    assert Competence.objects.get(slug="glasherstellung").name == "Glasherstellung"


def test_synonyms_are_one_per_line_and_at_most_four(vocabularies):
    kabelkonfektion = Competence.objects.get(slug="kabelkonfektion")
    getriebe = Competence.objects.get(slug="getriebe")

    assert {"Kabelkonfektionierung", "Kabelsätze", "Kabelbäume"} <= set(kabelkonfektion.synonym_list)
    assert {"Getriebebau", "Getriebefertigung"} <= set(getriebe.synonym_list)
    assert all(len(each.synonym_list) <= 4 for each in Competence.objects.all())


# Loading again


# Smoke too: `make run` loads the vocabularies into SQLite.
@pytest.mark.smoke
def test_a_second_load_creates_and_changes_nothing(vocabularies):
    models = (Region, PostalCode, Sector, Competence)
    counts_before = {model: model.objects.count() for model in models}
    checksum_before = checksum()

    counts = load_vocabularies()

    assert set(counts.values()) == {0}
    assert {model: model.objects.count() for model in models} == counts_before
    assert checksum() == checksum_before


def test_the_first_load_reports_what_it_created(vocabularies):
    assert vocabularies["regions_created"] == Region.objects.count()
    assert vocabularies["postcodes_created"] == PostalCode.objects.count()
    assert vocabularies["sectors_created"] == Sector.objects.count()
    assert vocabularies["competences_created"] == Competence.objects.count()
    assert vocabularies["regions_updated"] == vocabularies["competences_updated"] == 0


def test_a_reload_restores_what_the_data_says_and_keeps_what_was_added(vocabularies):
    Competence.objects.filter(slug="kabelkonfektion").update(name_en="", synonyms="")
    Region.objects.filter(name="Altenberg").update(latitude=None, longitude=None)
    glas = Competence.objects.get(slug="glas")
    added = make_competence(name="Glasperlen", slug="glasperlen", parent=glas)

    counts = {**load_regions(), **load_competences()}

    assert counts["competences_updated"] == 1
    assert counts["regions_updated"] == 1
    assert counts["competences_created"] == counts["regions_created"] == 0
    kabelkonfektion = Competence.objects.get(slug="kabelkonfektion")
    assert kabelkonfektion.name_en == "Cable assembly"
    assert "Kabelkonfektionierung" in kabelkonfektion.synonym_list
    assert region("Altenberg").latitude is not None
    assert Competence.objects.filter(pk=added.pk).exists()


def test_a_synonym_the_data_adds_reaches_the_search_of_firms_having_the_competence(vocabularies):
    # The loader writes in bulk, which sends no signals: the firms' stored search documents
    # must still learn the new word, or searching for it finds nobody until the next edit.
    cables = Competence.objects.get(slug="kabelkonfektion")
    firm = make_organisation(name="Höckendorfer Leitungen GmbH")
    firm.competences.add(cables)
    Competence.objects.filter(pk=cables.pk).update(synonyms="Kabelsätze")
    refresh_search_documents([firm.pk])
    assert not Organisation.objects.filter(pk=firm.pk, search_text__icontains="kabelbaeume").exists()

    load_competences()

    assert Organisation.objects.filter(pk=firm.pk, search_text__icontains="kabelbaeume").exists()
