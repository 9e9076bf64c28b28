"""Every migration of the project applies forwards and backwards on PostgreSQL.

Each app's migrations are undone one at a time down to zero, then applied again one at a
time, so a migration that cannot be reversed (a RunSQL without reverse_sql, a RunPython
without reverse_code) or whose reverse leaves something behind that the next forward run trips
over fails here, named. The test database is left fully migrated for the tests after it.
"""

import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

# Migrations run DDL and their own transactions: no test transaction around them. (Like every
# transactional test, it ends with a flush; tests needing rows of a data migration make them
# again, see tests/test_site_pages.py.)
pytestmark = pytest.mark.django_db(transaction=True)


def project_apps() -> list[str]:
    """The project's own apps with migrations, in INSTALLED_APPS order (dependencies first)."""
    return [
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
        and "site-packages" not in Path(config.path).parts
        and (Path(config.path) / "migrations").is_dir()
    ]


APPS = project_apps()


def migrations_of(app: str) -> list[str]:
    """The app's migrations in the order they apply."""
    graph = MigrationExecutor(connection).loader.graph
    return [name for label, name in graph.forwards_plan(graph.leaf_nodes(app)[0]) if label == app]


def applied(app: str) -> set[str]:
    return {name for label, name in MigrationRecorder(connection).applied_migrations() if label == app}


def migrate(*args) -> None:
    call_command("migrate", *args, verbosity=0, interactive=False, stdout=io.StringIO())


def test_every_migration_applies_backwards_and_forwards_one_at_a_time():
    try:
        assert {"directory", "events"} <= set(APPS)
        for app in reversed(APPS):  # events depends on directory: undo it first
            names = migrations_of(app)
            for index in reversed(range(len(names))):
                target = names[index - 1] if index else "zero"
                migrate(app, target)
                assert names[index] not in applied(app), f"{app} {names[index]} did not reverse"
        with connection.cursor() as cursor:
            left = [
                t
                for t in connection.introspection.table_names(cursor)
                if t.startswith(tuple(f"{app}_" for app in APPS))
            ]
        assert left == [], "tables left behind at zero"
        for app in APPS:
            for name in migrations_of(app):
                migrate(app, name)
                assert name in applied(app), f"{app} {name} did not apply"
    finally:
        # Whatever failed, the tests after this one get a migrated database.
        migrate()

    assert MigrationExecutor(connection).migration_plan(MigrationExecutor(connection).loader.graph.leaf_nodes()) == []
