"""Backups: a seeded PostgreSQL database backed up and restored into an empty one holds every
row and serves the site; SQLite's backup API round-trips too; a restore never overwrites a
database with tables unless told to."""

import sqlite3
import stat
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import Client

from directory.models import Organisation, Person, Source
from events.models import Event


def table_counts() -> dict[str, int]:
    """Every table of the public schema with its row count."""
    with connection.cursor() as cursor:
        cursor.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name"
        )
        tables = [name for (name,) in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'select count(*) from "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def empty_database():
    """The name of a new, empty PostgreSQL database beside the test database; dropped after."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'drop database if exists "{name}"')
        cursor.execute(f'create database "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'drop database if exists "{name}" with (force)')


@contextmanager
def database_named(name: str):
    """The default connection, pointed at another database on the same server for a while."""
    original = connection.settings_dict
    connection.close()
    connection.settings_dict = {**original, "NAME": name}
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict = original


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_holds_every_row_and_serves_the_site(tmp_path, empty_database):
    call_command("load_seed_network", verbosity=0)
    network = Organisation.objects.networks().order_by("name").first()
    public_person = Person.objects.public().order_by("name").first()
    source = Source.objects.order_by("pk").first()
    events = Event.objects.count()
    before = table_counts()

    call_command("backup", str(tmp_path / "atlas.dump"), verbosity=0)
    with database_named(empty_database):
        call_command("restore", str(tmp_path / "atlas.dump"), verbosity=0)
        after = table_counts()
        # The site, served from the restored database.
        client = Client()
        urls = [
            "/",
            "/firmen/?q=netzwerk",
            "/netzwerke/",
            network.get_absolute_url(),
            source.get_absolute_url(),
            "/veranstaltungen/",
            "/veranstaltungen/kalender.ics",
        ]
        if public_person:
            urls.append(public_person.get_absolute_url())
        pages = {url: client.get(url) for url in urls}
        restored_events = Event.objects.count()

    assert stat.S_IMODE((tmp_path / "atlas.dump").stat().st_mode) == 0o600
    assert after == before
    assert before["directory_organisation"] > 0 and before["events_event"] > 0
    assert {url: response.status_code for url, response in pages.items()} == dict.fromkeys(urls, 200)
    assert network.name in pages[network.get_absolute_url()].content.decode()
    assert restored_events == events


@pytest.mark.django_db(transaction=True)
def test_a_restore_refuses_a_database_that_has_tables(tmp_path):
    call_command("backup", str(tmp_path / "atlas.dump"), verbosity=0)

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "atlas.dump"), verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_restore_with_replace_puts_the_backed_up_rows_back(tmp_path):
    call_command("load_seed_network", verbosity=0)
    before = table_counts()
    call_command("backup", str(tmp_path / "atlas.dump"), verbosity=0)
    Organisation.objects.filter(pk__in=Organisation.objects.order_by("pk").values("pk")[:1]).delete()

    call_command("restore", str(tmp_path / "atlas.dump"), replace=True, verbosity=0)

    assert table_counts() == before


def test_a_missing_backup_file_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="no backup file"):
        call_command("restore", str(tmp_path / "gibt-es-nicht.dump"), verbosity=0)


@pytest.mark.smoke
def test_sqlite_backups_round_trip_through_the_backup_api(tmp_path):
    from netzwerk.backups import backup, restore

    source_path, target_path = tmp_path / "site.sqlite3", tmp_path / "new.sqlite3"
    with sqlite3.connect(source_path) as db:
        db.execute("create table firm (name text)")
        db.executemany("insert into firm values (?)", [("Wiegand-Glas",), ("Feinwerktechnik Geising",)])
    # Two SQLite databases beside the site's, as aliases; the backup code reads them with sqlite3.
    template = {**connections["default"].settings_dict, "ENGINE": "django.db.backends.sqlite3", "OPTIONS": {}}
    connections.settings["sqlite_site"] = {**template, "NAME": str(source_path)}
    connections.settings["sqlite_new"] = {**template, "NAME": str(target_path)}
    try:
        written = backup(tmp_path / "backups" / "site.sqlite3", alias="sqlite_site")
        restore(written, alias="sqlite_new")
    finally:
        for alias in ("sqlite_site", "sqlite_new"):
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]

    with sqlite3.connect(target_path) as db:
        assert sorted(db.execute("select name from firm")) == [("Feinwerktechnik Geising",), ("Wiegand-Glas",)]
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
