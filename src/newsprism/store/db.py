"""Opening the SQLite database and applying numbered migrations in order."""

from __future__ import annotations

import re
import sqlite3
from importlib import resources
from pathlib import Path

from newsprism.errors import StoreError

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) of every bundled migration, in order."""
    found = []
    for entry in resources.files("newsprism.store.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    numbers = [n for n, _, _ in found]
    if len(numbers) != len(set(numbers)):
        raise StoreError(f"two migrations share a number: {sorted(numbers)}")
    return sorted(found)


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection with WAL, foreign keys and Row factory, migrated to the newest schema."""
    target = str(path)
    try:
        if target != ":memory:":
            Path(target).expanduser().parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False, timeout=30)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot open the database: {exc}", source=target) from exc
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        if target != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn, source=target)
    except (sqlite3.Error, StoreError) as exc:
        conn.close()
        if isinstance(exc, StoreError):
            raise
        # a file that is not SQLite ('file is not a database'), or one we may not write
        raise StoreError(f"cannot use it as a newsprism database: {exc}", source=target) from exc
    return conn


def migrate(conn: sqlite3.Connection, *, source: str = "") -> list[str]:
    """Apply the migrations not applied yet, each in its own transaction; return their names."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL "
        "DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))"
    )
    done = {row[0] for row in conn.execute("SELECT number FROM schema_migrations")}
    bundled = migrations()
    newest = max((n for n, _, _ in bundled), default=0)
    if done and max(done) > newest:
        raise StoreError(
            f"the database has schema version {max(done)}, newer than this newsprism "
            f"({newest}); upgrade newsprism",
            source=source,
        )
    applied = []
    for number, name, sql in bundled:
        if number in done:
            continue
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations (number, name) VALUES (?, ?)",
                         (number, name))
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise StoreError(f"migration {name} failed: {exc}", source=source) from exc
        applied.append(name)
    return applied


def _statements(sql: str) -> list[str]:
    """Split a migration file into statements (``sqlite3.complete_statement`` aware)."""
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        if not buffer and line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
