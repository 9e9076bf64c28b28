"""Per-table versions (netzwerk/lib/versioning.py, directory migration 0012) and how cached pages
use them (netzwerk/lib/cache.py, directory/caching.py): what a write makes out of date, what it
leaves alone, and that nothing showing a person outlives a privacy-relevant write."""

import re
import threading
import time

import pytest
from django.core.cache import cache as django_cache
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from directory.models import Organisation, Person, Position
from events.models import Participation
from netzwerk.lib import cache, caching
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
    make_topic,
)

# pg_trigger.tgtype bits (PostgreSQL's trigger.h).
ROW, INSERT, DELETE, UPDATE, TRUNCATE = 1, 4, 8, 16, 32


def version_triggers() -> dict[str, int]:
    """Tracked tables and their trigger's tgtype, read from pg_trigger."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT t.tgrelid::regclass::text, t.tgtype
            FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
            WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND p.proname = 'cache_note_write'
            """
        )
        return dict(cursor.fetchall())


def table_versions(*tables) -> dict[str, int]:
    found = cache.versions(tables)
    assert found is not None
    return {table: found.values[table] for table in (*tables, cache.PRIVACY)}


# The triggers ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_table_a_cached_page_names_advances_its_version_on_every_kind_of_write():
    triggers = version_triggers()
    missing = [table for table in caching.ALL if table not in triggers]
    assert missing == [], f"no version trigger (netzwerk/lib/versioning.py track()) on {missing}"
    for table in caching.ALL:
        kind = triggers[table]
        # Per statement, so a bulk update counts (once); every kind of write.
        assert not kind & ROW, table
        assert kind & (INSERT | DELETE | UPDATE | TRUNCATE) == INSERT | DELETE | UPDATE | TRUNCATE, table


@pytest.fixture
def world():
    network = make_network(name="Impro Verband", slug="impro")
    firm = make_organisation(name="Feinwerk GmbH", slug="feinwerk")
    firm.competences.add(make_competence(name="Drehen", slug="drehen"))
    firm.sectors.add(make_sector(name="Maschinenbau", slug="maschinenbau"))
    membership = make_membership(organisation=firm, network=network, start="2015")
    person = make_person(name="Erika Musterfrau", slug="erika", is_public=True)
    position = make_position(person=person, organisation=firm, start="2016")
    make_position(person=person, organisation=network, start="2017")
    event = make_event(title="Impro-Forum", slug="impro-forum", start="24.09.2030")
    event.topics.add(make_topic(name="Leichtbau", slug="leichtbau"))
    make_participation(event=event, organisation=network)
    make_participation(event=event, organisation=firm, person=person)
    make_relationship(from_organisation=network, to_organisation=firm)
    source = make_source(title="Jahresbericht")
    cite(membership, source)
    cite(position, source)
    return {"network": network, "firm": firm, "person": person, "event": event}


# (path, the tables the page's cached parts name)
PAGES = [
    ("/", caching.HOME),
    ("/firmen/?q=feinwerk&kompetenz=drehen&region=&netzwerk=impro&branche=maschinenbau", caching.DIRECTORY),
    ("/organisationen/?plz=01067", caching.DIRECTORY),
    ("/kompetenzen/", caching.COMPETENCES),
    ("/netzwerke/", caching.NETWORKS),
    ("/netzwerke/impro/", caching.PROFILE),
    ("/organisationen/feinwerk/", caching.PROFILE),
    ("/veranstaltungen/?netzwerk=impro&thema=leichtbau", caching.EVENT_LIST),
    ("/veranstaltungen/kalender.ics?netzwerk=impro", caching.EVENT_LIST),
    ("/veranstaltungen/netzwerke/impro/kalender.ics", caching.EVENT_LIST),
    ("/kooperationen/", caching.GRAPH),
    ("/kooperationen/graph.json?netzwerk=impro", caching.GRAPH),
    ("/organisationen/feinwerk/kooperationen.json?tiefe=2", caching.GRAPH),
    ("/kooperationen/pfad/?von=feinwerk&nach=impro", caching.GRAPH),
    ("/kooperationen/pfad/vorschlaege.json?q=feinw", caching.NAMES),
    ("/kooperationen/pfad/vorschlaege.json?q=feinwrk", caching.NAMES),  # the close names
]
TABLE = re.compile(r"\b((?:directory|events)_[a-z_]+)\b")


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "named"), PAGES)
def test_a_cached_page_reads_only_tables_it_names_and_each_advances_its_version(client, world, path, named):
    # Inside the test's transaction, which has written, nothing is cached: every query of the
    # page runs, and each table it names must be among the ones its cache entries declare.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    tables = connection.introspection.table_names()
    read = {name for query in queries.captured_queries for name in TABLE.findall(query["sql"]) if name in tables}
    assert read, path
    assert read - set(named) == set(), f"{path} reads tables its cached parts do not name"
    triggers = version_triggers()
    assert [table for table in read if table not in triggers] == []


# What a write advances ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_write_advances_the_version_of_its_table_alone():
    before = table_versions("events_event", "directory_organisation")
    make_event(title="Neu")
    after = table_versions("events_event", "directory_organisation")
    assert after["events_event"] > before["events_event"]
    assert after["directory_organisation"] == before["directory_organisation"]
    assert after["privacy"] == before["privacy"]


@pytest.mark.django_db(transaction=True)
def test_a_bulk_update_advances_the_version_once_and_at_commit():
    for n in range(5):
        make_organisation(name=f"Firma {n}")
    before = table_versions("directory_organisation")["directory_organisation"]
    with transaction.atomic():
        Organisation.objects.update(city="Chemnitz")
        Organisation.objects.update(city="Zwickau")
        # Not before the commit: a page read meanwhile must not pass for current afterwards.
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT version FROM cache_version WHERE table_name = 'directory_organisation'")
            assert cursor.fetchone()[0] == before
    assert table_versions("directory_organisation")["directory_organisation"] == before + 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_the_version():
    before = table_versions("directory_organisation")
    with pytest.raises(RuntimeError), transaction.atomic():
        make_organisation(name="Nie gespeichert")
        raise RuntimeError
    assert table_versions("directory_organisation") == before


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_that_has_written_nothing_is_cached():
    assert cache.versions(caching.DIRECTORY) is not None
    with transaction.atomic():
        make_organisation()
        assert cache.versions(caching.DIRECTORY) is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("write", "privacy"),
    [
        (lambda w: Person.objects.filter(pk=w["person"].pk).update(is_public=False), True),
        (lambda w: Person.objects.filter(pk=w["person"].pk).update(name="Erika Beispiel"), False),
        (lambda w: Person.objects.filter(pk=w["person"].pk).delete(), True),
        (lambda w: Position.objects.filter(organisation=w["firm"]).delete(), True),
        (lambda w: Participation.objects.filter(event=w["event"]).delete(), True),
        (lambda w: make_person(name="Neu", is_public=False), False),
        (lambda w: Organisation.objects.filter(pk=w["firm"].pk).update(name="Feinwerk AG"), False),
    ],
)
def test_privacy_relevant_writes_advance_the_privacy_version(world, write, privacy):
    before = table_versions()["privacy"]
    write(world)
    assert (table_versions()["privacy"] > before) is privacy


# Warm pages after a write ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_write_to_the_events_leaves_the_directory_warm(client, world, django_assert_num_queries):
    client.get("/firmen/")
    make_event(title="Noch ein Treffen")
    # 1 the versions of the directory's tables: unchanged, the part from the cache
    with django_assert_num_queries(1):
        client.get("/firmen/")


class OtherRequestRecomputing:
    """As if another request had just taken the lock to recompute every out-of-date value."""

    def __init__(self, monkeypatch):
        real_add = django_cache.add

        def add(key, *args, **kwargs):
            if ":lock:" in key:
                return False
            return real_add(key, *args, **kwargs)

        monkeypatch.setattr(django_cache, "add", add)
        monkeypatch.setattr(cache, "PRIVACY_WAIT_SECONDS", 0.1)


@pytest.mark.django_db(transaction=True)
def test_while_another_request_recomputes_a_page_the_previous_one_is_served(client, world, monkeypatch):
    assert "Feinwerk GmbH" in client.get("/organisationen/feinwerk/").text
    Organisation.objects.filter(pk=world["firm"].pk).update(description="Neu beschrieben.")
    OtherRequestRecomputing(monkeypatch)

    assert "Neu beschrieben." not in client.get("/organisationen/feinwerk/").text


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda w: Person.objects.filter(pk=w["person"].pk).update(is_public=False), id="made-private"),
        pytest.param(lambda w: w["person"].delete(), id="erased"),
        pytest.param(
            lambda w: (
                Position.objects.filter(person=w["person"]).delete(),
                Participation.objects.filter(person=w["person"]).delete(),
            ),
            id="positions-and-participation-removed",
        ),
    ],
)
@pytest.mark.parametrize("path", ["/organisationen/feinwerk/", "/netzwerke/impro/", "/netzwerke/", "/kooperationen/"])
def test_a_privacy_relevant_write_purges_every_page_showing_the_person_at_once(client, world, monkeypatch, write, path):
    assert "Erika Musterfrau" in client.get(path).text
    write(world)
    # Even while another request is recomputing the page: never the previous copy.
    OtherRequestRecomputing(monkeypatch)

    assert "Erika Musterfrau" not in client.get(path).text


@pytest.mark.django_db(transaction=True)
def test_a_removed_participation_leaves_the_event_pages_at_once(client, world, monkeypatch):
    path = "/organisationen/feinwerk/"
    assert "Impro-Forum" in client.get(path).text
    Participation.objects.filter(organisation=world["firm"]).delete()
    OtherRequestRecomputing(monkeypatch)

    assert "Impro-Forum" not in client.get(path).text


@pytest.mark.django_db(transaction=True)
def test_after_a_write_one_request_recomputes_while_the_others_are_served(client, world, monkeypatch):
    """No cold storm: eight requests at once after a write, one rebuild."""
    from directory.views import competences as view

    real = view.competences_with_firm_counts
    built = []

    def slow():
        built.append(1)
        time.sleep(0.5)
        return real()

    monkeypatch.setattr(view, "competences_with_firm_counts", slow)
    client.get("/kompetenzen/")
    assert built == [1]
    world["firm"].competences.add(make_competence(name="Fräsen", slug="fraesen"))

    statuses = []

    def visit():
        try:
            from django.test import Client

            statuses.append(Client().get("/kompetenzen/").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=visit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 8
    assert len(built) == 2
    assert "Fräsen" in client.get("/kompetenzen/").text


# A read replica -------------------------------------------------------------------------------


@pytest.fixture
def lagging_replica(settings):
    """A `replica` alias on the test database and the replica router (netzwerk/routers.py);
    `freeze()` makes it lag: a REPEATABLE READ transaction keeps it at the data of that moment
    while the primary goes on, as a standby replaying late would."""
    import copy

    connections.settings["replica"] = copy.deepcopy(connections.settings["default"])
    settings.DATABASE_ROUTERS = ["netzwerk.routers.ReplicaRouter"]
    replica = connections["replica"]
    # Connected here, as the test's database guard refuses aliases it was not told about.
    replica.connect()
    frozen = []

    def freeze():
        atomic = transaction.atomic(using="replica")
        atomic.__enter__()
        frozen.append(atomic)
        with replica.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT 1 FROM directory_organisation LIMIT 1")

    def catch_up():
        frozen.pop().__exit__(None, None, None)

    yield freeze, catch_up
    while frozen:
        catch_up()
    replica.close()
    del connections["replica"]
    del connections.settings["replica"]


@pytest.mark.django_db(transaction=True)
def test_a_page_built_from_a_lagging_replica_is_not_cached_as_current(client, world, lagging_replica):
    freeze, catch_up = lagging_replica
    freeze()
    Organisation.objects.filter(pk=world["firm"].pk).update(name="Feinwerk AG")

    # The replica's versions with the replica's rows: the old name, under the old versions.
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert "Feinwerk GmbH" in client.get("/firmen/").text
    assert "cache_version" in on_replica.captured_queries[0]["sql"]

    catch_up()
    # The replica has the write now, and its versions say so: the page is built again.
    text = client.get("/firmen/").text
    assert "Feinwerk AG" in text
    assert "Feinwerk GmbH" not in text
