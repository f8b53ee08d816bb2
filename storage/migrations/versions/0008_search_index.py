"""full-text search over every stored version and every flag

The database's own full-text index, so `redline web` can search all history without a second
store to keep in step. SQLite: FTS5 tables `version_search` (headline, byline, body) and
`flag_search` (speaker, before, after), their rowids the version's and flag's ids. PostgreSQL: a
`search_document` tsvector column on `version` and on `flag`, each with a GIN index. Both use
the language-neutral tokenisers (unicode61, 'simple'): newsrooms write in many languages and a
desk searching for "alleged" means that word, not its stem.

Triggers keep the index current in the transaction that inserts, updates or deletes a row, so
every writer (a check, `migrate-db`, a test) indexes alike. The upgrade indexes existing rows.

SQLite drops a table's triggers when Alembic's batch mode copies it: a later migration that
alters `version` or `flag` in batch mode must create these triggers again.

Revision ID: 0008_search_index
Revises: 0007_version_language
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008_search_index"
down_revision: str | None = "0007_version_language"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_BODY = "(SELECT group_concat(value, char(10)) FROM json_each({row}.paragraphs))"
_SQLITE_FLAG = (
    "json_extract({row}.data, '$.speaker'), json_extract({row}.data, '$.before'), "
    "json_extract({row}.data, '$.after')"
)
_SQLITE_UP = [
    "CREATE VIRTUAL TABLE version_search USING fts5(headline, byline, body, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE flag_search USING fts5(speaker, before, after, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO version_search (rowid, headline, byline, body) "
    f"SELECT id, headline, byline, {_SQLITE_BODY.format(row='version')} FROM version",
    "INSERT INTO flag_search (rowid, speaker, before, after) "
    f"SELECT id, {_SQLITE_FLAG.format(row='flag')} FROM flag",
    "CREATE TRIGGER version_search_insert AFTER INSERT ON version BEGIN "
    "INSERT INTO version_search (rowid, headline, byline, body) "
    f"VALUES (new.id, new.headline, new.byline, {_SQLITE_BODY.format(row='new')}); END",
    "CREATE TRIGGER version_search_update AFTER UPDATE ON version BEGIN "
    "DELETE FROM version_search WHERE rowid = old.id; "
    "INSERT INTO version_search (rowid, headline, byline, body) "
    f"VALUES (new.id, new.headline, new.byline, {_SQLITE_BODY.format(row='new')}); END",
    "CREATE TRIGGER version_search_delete AFTER DELETE ON version BEGIN "
    "DELETE FROM version_search WHERE rowid = old.id; END",
    "CREATE TRIGGER flag_search_insert AFTER INSERT ON flag BEGIN "
    "INSERT INTO flag_search (rowid, speaker, before, after) "
    f"VALUES (new.id, {_SQLITE_FLAG.format(row='new')}); END",
    "CREATE TRIGGER flag_search_delete AFTER DELETE ON flag BEGIN "
    "DELETE FROM flag_search WHERE rowid = old.id; END",
]
_SQLITE_DOWN = [
    "DROP TRIGGER flag_search_delete",
    "DROP TRIGGER flag_search_insert",
    "DROP TRIGGER version_search_delete",
    "DROP TRIGGER version_search_update",
    "DROP TRIGGER version_search_insert",
    "DROP TABLE flag_search",
    "DROP TABLE version_search",
]

_PG_VERSION_DOCUMENT = (
    "setweight(to_tsvector('simple', coalesce({row}.headline, '')), 'A') || "
    "to_tsvector('simple', coalesce({row}.byline, '')) || "
    "to_tsvector('simple', coalesce((SELECT string_agg(p, ' ') "
    "FROM json_array_elements_text({row}.paragraphs) AS p), ''))"
)
_PG_FLAG_DOCUMENT = (
    "setweight(to_tsvector('simple', coalesce({row}.data->>'speaker', '')), 'A') || "
    "to_tsvector('simple', coalesce({row}.data->>'before', '') || ' ' || "
    "coalesce({row}.data->>'after', ''))"
)
_PG_UP = [
    "ALTER TABLE version ADD COLUMN search_document tsvector",
    "ALTER TABLE flag ADD COLUMN search_document tsvector",
    f"UPDATE version SET search_document = {_PG_VERSION_DOCUMENT.format(row='version')}",
    f"UPDATE flag SET search_document = {_PG_FLAG_DOCUMENT.format(row='flag')}",
    "CREATE INDEX ix_version_search ON version USING gin (search_document)",
    "CREATE INDEX ix_flag_search ON flag USING gin (search_document)",
    "CREATE FUNCTION version_search_document() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"NEW.search_document := {_PG_VERSION_DOCUMENT.format(row='NEW')}; RETURN NEW; END $$",
    "CREATE FUNCTION flag_search_document() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"NEW.search_document := {_PG_FLAG_DOCUMENT.format(row='NEW')}; RETURN NEW; END $$",
    "CREATE TRIGGER version_search_document BEFORE INSERT OR UPDATE ON version "
    "FOR EACH ROW EXECUTE FUNCTION version_search_document()",
    "CREATE TRIGGER flag_search_document BEFORE INSERT OR UPDATE ON flag "
    "FOR EACH ROW EXECUTE FUNCTION flag_search_document()",
]
_PG_DOWN = [
    "DROP TRIGGER flag_search_document ON flag",
    "DROP TRIGGER version_search_document ON version",
    "DROP FUNCTION flag_search_document()",
    "DROP FUNCTION version_search_document()",
    "ALTER TABLE flag DROP COLUMN search_document",
    "ALTER TABLE version DROP COLUMN search_document",
]


def upgrade() -> None:
    for statement in _SQLITE_UP if _sqlite() else _PG_UP:
        op.execute(statement)
    # "Does this change have a flag of this kind?", asked per change while a filtered list is
    # read newest first: one index probe, where the kind index alone scans every such flag.
    op.create_index("ix_flag_change_kind", "flag", ["change_id", "kind"])


def downgrade() -> None:
    op.drop_index("ix_flag_change_kind", table_name="flag")
    for statement in _SQLITE_DOWN if _sqlite() else _PG_DOWN:
        op.execute(statement)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"
