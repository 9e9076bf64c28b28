"""Per-table versions in the database, for the cache (netzwerk/lib/cache.py). PostgreSQL only.

- `cache_version (table_name, version)`: one row per tracked table, and one for `privacy`.
- A statement trigger on each tracked table (`<table>_cache_version`) notes in the writing
  transaction that the table was written (a transaction-local setting): INSERT, UPDATE,
  DELETE and TRUNCATE, one call per statement, so a bulk update of 100,000 rows costs one.
- At commit, one deferred constraint trigger raises the version of every table the transaction
  wrote, in table-name order, and of `privacy` when the transaction made a person private or
  removed a person, position or participation. So the versions commit with the rows (a reader
  sees the new version only with the new rows, on a replica too), a rolled back write changes
  nothing, and two writers lock the version rows only for the moment of their commit and
  always in the same order (no deadlock).

Migrations call `track(schema_editor, *tables)` for each table a cached page reads, and
`track_privacy(...)` for the people tables (directory migration 0012); a new public table
(issue 12's `directory_statedmembercount`) needs `migrations.RunPython(track_tables("…"),
untrack_tables("…"))` in its migration, and a test (tests/test_cache_versions.py) fails for a
table a cached page reads that does not advance its version.
"""

SETTING = "netzwerk.cache_touched"

FUNCTIONS = [
    """
    CREATE TABLE IF NOT EXISTS cache_version (
        table_name text PRIMARY KEY,
        version bigint NOT NULL DEFAULT 1
    )
    """,
    # One row per writing transaction, deleted again at its commit: it only carries the
    # deferred trigger.
    "CREATE TABLE IF NOT EXISTS cache_version_pending (id bigserial PRIMARY KEY)",
    f"""
    CREATE OR REPLACE FUNCTION cache_note(name text) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
        touched text := coalesce(current_setting('{SETTING}', true), '');
    BEGIN
        IF position(',' || name || ',' IN ',' || touched || ',') > 0 THEN
            RETURN;
        END IF;
        IF touched = '' THEN
            INSERT INTO cache_version_pending DEFAULT VALUES;
            PERFORM set_config('{SETTING}', name, true);
        ELSE
            PERFORM set_config('{SETTING}', touched || ',' || name, true);
        END IF;
    END
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION cache_note_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM cache_note(TG_TABLE_NAME::text);
        RETURN NULL;
    END
    $$
    """,
    # A row removed from a table that puts people on pages (a person erased, a position or a
    # participation removed): pages showing it must not be served out of date.
    """
    CREATE OR REPLACE FUNCTION cache_note_removal() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM cache_note('privacy');
        RETURN NULL;
    END
    $$
    """,
    # A person made private (is_public from true to false), from the statement's old and new rows.
    """
    CREATE OR REPLACE FUNCTION cache_note_person_hidden() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (
            SELECT 1 FROM cache_old_rows o JOIN cache_new_rows n ON n.id = o.id
            WHERE o.is_public AND NOT n.is_public
        ) THEN
            PERFORM cache_note('privacy');
        END IF;
        RETURN NULL;
    END
    $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION cache_bump_versions() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        touched text := coalesce(current_setting('{SETTING}', true), '');
    BEGIN
        PERFORM set_config('{SETTING}', '', true);
        DELETE FROM cache_version_pending WHERE id = NEW.id;
        IF touched <> '' THEN
            INSERT INTO cache_version AS v (table_name, version)
            SELECT DISTINCT t, 2 FROM unnest(string_to_array(touched, ',')) AS t ORDER BY t
            ON CONFLICT (table_name) DO UPDATE SET version = v.version + 1;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS cache_version_pending_bump ON cache_version_pending",
    """
    CREATE CONSTRAINT TRIGGER cache_version_pending_bump AFTER INSERT ON cache_version_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_versions()
    """,
    "INSERT INTO cache_version (table_name) VALUES ('privacy') ON CONFLICT DO NOTHING",
]

DROP_FUNCTIONS = [
    "DROP TABLE IF EXISTS cache_version_pending",
    "DROP TABLE IF EXISTS cache_version",
    "DROP FUNCTION IF EXISTS cache_bump_versions()",
    "DROP FUNCTION IF EXISTS cache_note_person_hidden()",
    "DROP FUNCTION IF EXISTS cache_note_removal()",
    "DROP FUNCTION IF EXISTS cache_note_write()",
    "DROP FUNCTION IF EXISTS cache_note(text)",
]


def _postgres(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def install(schema_editor) -> None:
    """The versions table and the trigger functions (idempotent)."""
    if _postgres(schema_editor):
        for statement in FUNCTIONS:
            schema_editor.execute(statement)


def uninstall(schema_editor) -> None:
    if _postgres(schema_editor):
        for statement in DROP_FUNCTIONS:
            schema_editor.execute(statement)


def trigger_name(table: str) -> str:
    return f"{table}_cache_version"


def track(schema_editor, *tables: str) -> None:
    """Writes to each table advance its version (idempotent; needs install() first)."""
    if not _postgres(schema_editor):
        return
    for table in tables:
        name = trigger_name(table)
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION cache_note_write()"
        )
        schema_editor.execute("INSERT INTO cache_version (table_name) VALUES (%s) ON CONFLICT DO NOTHING", [table])


def untrack(schema_editor, *tables: str) -> None:
    if not _postgres(schema_editor):
        return
    for table in tables:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger_name(table)} ON {table}")
        schema_editor.execute("DELETE FROM cache_version WHERE table_name = %s", [table])


def track_removals(schema_editor, *tables: str) -> None:
    """Deleting rows of these tables advances the privacy version too."""
    if not _postgres(schema_editor):
        return
    for table in tables:
        name = f"{table}_cache_removal"
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER {name} AFTER DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION cache_note_removal()"
        )


def track_person_hidden(schema_editor, table: str = "directory_person") -> None:
    """A person made private advances the privacy version too."""
    if not _postgres(schema_editor):
        return
    name = f"{table}_cache_hidden"
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    schema_editor.execute(
        f"CREATE TRIGGER {name} AFTER UPDATE ON {table} "
        "REFERENCING OLD TABLE AS cache_old_rows NEW TABLE AS cache_new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION cache_note_person_hidden()"
    )


def untrack_privacy(schema_editor, *tables: str) -> None:
    if not _postgres(schema_editor):
        return
    for table in tables:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_cache_removal ON {table}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_cache_hidden ON {table}")


def track_tables(*tables: str):
    """A RunPython forward function that tracks `tables` (for a migration adding a public table)."""

    def forward(apps, schema_editor):
        install(schema_editor)
        track(schema_editor, *tables)

    return forward


def untrack_tables(*tables: str):
    def backward(apps, schema_editor):
        untrack(schema_editor, *tables)

    return backward
